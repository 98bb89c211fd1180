//! What a node did with a message, and the rule it followed.
//!
//! Handlers never print: they push [`Note`]s, plain data that the trace keeps and the user
//! interface narrates in Chinese or English. Each note names the rule behind it ([`Rule`]).

use super::message::none_reported;
use super::{AcceptRule, Ballot, MessageKind, NodeId, Proposal, Reported, Slot, Value};
use serde::{Deserialize, Serialize};

/// One thing a node did, or chose not to do, and why.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "kebab-case")]
pub enum Note {
    /// A proposer starts phase 1 with a fresh number.
    Prepared {
        /// Its number.
        ballot: Ballot,
        /// The value it would like chosen.
        value: Value,
        /// The acceptors it asks.
        recipients: Vec<NodeId>,
    },
    /// `accept-first`: a proposer skips phase 1 and sends its value straight away.
    ProposedDirectly {
        /// Its number.
        ballot: Ballot,
        /// Its value.
        value: Value,
    },
    /// An acceptor promised `ballot`, reporting what it had accepted.
    Promised {
        /// The new promise.
        ballot: Ballot,
        /// Its promise before.
        previous: Ballot,
        /// The proposal it reports in the promise for the first slot.
        reported: Option<Proposal>,
        /// Multi-Paxos: the proposals it reports for the later slots.
        #[serde(default, skip_serializing_if = "none_reported")]
        later: Reported,
    },
    /// An acceptor ignored a prepare because it already promised as much or more.
    IgnoredPrepare {
        /// The refused number.
        ballot: Ballot,
        /// What it had promised.
        promised: Ballot,
    },
    /// `reused-ballots`: the acceptor answered a prepare equal to its promise again.
    RepeatedPromise {
        /// The number, promised before.
        ballot: Ballot,
        /// The proposal it reports.
        reported: Option<Proposal>,
    },
    /// An acceptor accepted a proposal.
    AcceptedProposal {
        /// The proposal.
        proposal: Proposal,
        /// What it had promised before.
        promised: Ballot,
        /// The phase-2 rule in force.
        rule: AcceptRule,
    },
    /// An acceptor refused an accept request.
    IgnoredAccept {
        /// The refused number.
        ballot: Ballot,
        /// What it had promised.
        promised: Ballot,
        /// The phase-2 rule in force.
        rule: AcceptRule,
    },
    /// `accept-first`: an acceptor accepts the first proposal it receives.
    AcceptedFirst {
        /// The proposal.
        proposal: Proposal,
    },
    /// `accept-first`: an acceptor that already accepted something ignores later proposals.
    IgnoredLaterProposal {
        /// The refused proposal.
        proposal: Proposal,
        /// What it accepted first.
        first: Proposal,
    },
    /// The proposer counted a promise.
    CountedPromise {
        /// The ballot.
        ballot: Ballot,
        /// Promises so far.
        count: usize,
        /// Promises needed.
        quorum: usize,
    },
    /// With a majority of promises, the proposer adopts the highest-numbered accepted value (P2c).
    Adopted {
        /// Its ballot.
        ballot: Ballot,
        /// The highest-numbered proposal reported, whose value it adopts.
        from: Proposal,
        /// The acceptor that reported it.
        reporter: NodeId,
    },
    /// With a majority of promises and no accepted value reported, the proposer uses its own value.
    FreeToChoose {
        /// Its ballot.
        ballot: Ballot,
        /// Its own value.
        value: Value,
    },
    /// `no-adoption`: the proposer ignored a reported value and kept its own.
    IgnoredReported {
        /// Its ballot.
        ballot: Ballot,
        /// The reported proposal it should have adopted.
        reported: Proposal,
        /// The value it sends instead.
        own: Value,
    },
    /// The proposer counted an `Accepted`.
    CountedAccepted {
        /// The ballot.
        ballot: Ballot,
        /// Acceptances so far.
        count: usize,
        /// Acceptances needed.
        quorum: usize,
    },
    /// The proposer saw a majority accept its proposal: the value is chosen.
    ProposerChose {
        /// The chosen proposal.
        proposal: Proposal,
        /// The acceptances it counted to (1 under the broken `accept-first`).
        #[serde(default)]
        quorum: usize,
        /// The acceptances that make a value chosen: a majority of all the acceptors (1 under
        /// `accept-first`). More than `quorum` only under the broken `live-quorum`.
        #[serde(default)]
        majority: usize,
    },
    /// A learner counted an `Accepted`.
    LearnerCounted {
        /// The proposal.
        proposal: Proposal,
        /// Acceptors known to have accepted it.
        count: usize,
        /// Acceptors needed.
        quorum: usize,
    },
    /// A learner saw a majority of acceptors accept the same proposal.
    Learned {
        /// The chosen proposal.
        proposal: Proposal,
        /// The acceptors it counted to (1 under the broken `accept-first`).
        #[serde(default)]
        quorum: usize,
        /// The acceptances that make a value chosen, as for [`Note::ProposerChose`].
        #[serde(default)]
        majority: usize,
    },
    /// A learner was told the chosen value by a distinguished learner.
    LearnedFromRelay {
        /// The value.
        value: Value,
        /// Who told it.
        relay: NodeId,
    },
    /// A learner asked the acceptors what they accepted ("Paxos Made Simple", §2.3: a learner
    /// that is not sure can ask).
    Asked {
        /// How many acceptors it asked.
        acceptors: usize,
    },
    /// An acceptor answered a learner's query: with its accepted proposal, or with nothing.
    Answered {
        /// The learner.
        learner: NodeId,
        /// What the acceptor has accepted.
        accepted: Option<Proposal>,
    },
    /// A message about an old ballot, or one that is no longer needed, was ignored.
    Stale {
        /// What kind of message.
        kind: MessageKind,
        /// Its ballot, if any.
        ballot: Option<Ballot>,
    },
    /// A message reached a node that does not hold the role that handles it.
    NotMyRole {
        /// What kind of message.
        kind: MessageKind,
    },
    /// The proposer learned that its ballot was refused.
    Preempted {
        /// Its refused ballot.
        ballot: Ballot,
        /// The higher promise that refused it.
        promised: Ballot,
    },
    /// The proposer gave up a ballot and starts again with a higher one.
    Retried {
        /// The ballot given up.
        old: Ballot,
        /// The new, higher ballot.
        new: Ballot,
    },
    /// A proposer that is not the distinguished one does not retry.
    Deferred {
        /// The ballot given up.
        ballot: Ballot,
        /// The distinguished proposer it defers to.
        leader: NodeId,
    },
    /// A proposer would retry, but every number of its set up to the maximum is used.
    NoBallotLeft {
        /// The ballot given up.
        ballot: Ballot,
    },
    /// Multi-Paxos: a new leader starts phase 1 once, for every slot from the first it does not
    /// know to be chosen.
    LeaderPrepared {
        /// Its fresh number.
        ballot: Ballot,
        /// The first slot the `Prepare` covers.
        from: Slot,
    },
    /// `skip-phase1`: a new leader proposes at once, without phase 1.
    SkippedPhase1 {
        /// Its number.
        ballot: Ballot,
        /// The first slot it does not know to be chosen.
        from: Slot,
    },
    /// Multi-Paxos: no promise of the majority reported anything for `slot`, so nothing can have
    /// been chosen there, and the new leader proposes a no-op to fill the gap.
    FilledNoop {
        /// Its number.
        ballot: Ballot,
        /// The slot.
        slot: Slot,
    },
    /// Multi-Paxos: phase 1 is done; new commands go from slot `next` on, one round each.
    Leading {
        /// Its number.
        ballot: Ballot,
        /// The slot of its next new command.
        next: Slot,
    },
    /// Multi-Paxos: a client's command waits at the leader for a slot.
    Queued {
        /// The command.
        command: Value,
    },
    /// Multi-Paxos: the leader proposes a command in a slot no promise reported anything for.
    ProposedCommand {
        /// Its number.
        ballot: Ballot,
        /// The slot.
        slot: Slot,
        /// The command.
        command: Value,
    },
    /// Multi-Paxos: the leader may not propose in `slot` yet. Its acceptors depend on every slot
    /// up to `slot` − α, and the leader does not know what slot `unknown` chose (seed 004 §3.7).
    HeldByAlpha {
        /// The slot it holds back.
        slot: Slot,
        /// The first slot it does not know to be chosen.
        unknown: Slot,
        /// α.
        alpha: u32,
    },
}

/// The rule a note follows, as the notes and "Paxos Made Simple" name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Phase 1: pick a number above any used before, unique to this proposer.
    UniqueBallot,
    /// Phase 1b: promise only a number greater than every earlier promise.
    PromiseGreater,
    /// P1a: accept ⟨n, v⟩ unless a greater number was promised (n ≥ promised).
    AcceptAtLeastPromised,
    /// The stricter reading: accept only the promised number (n = promised).
    AcceptEqualPromised,
    /// P2c: propose the value of the highest-numbered proposal reported by a majority, if any.
    P2c,
    /// Majority: ⌊N/2⌋+1 of all acceptors; any two majorities meet.
    Majority,
    /// A learner decides on a majority of `Accepted` for one ballot, or on a relay's word.
    Learning,
    /// A message for an old ballot changes nothing.
    Stale,
    /// Liveness: retry with a higher number, defer to a distinguished proposer, or back off.
    Liveness,
    /// P1 alone (broken): accept the first proposal received.
    P1Only,
    /// Broken: reported values are ignored, so P2c fails.
    NoAdoption,
    /// Broken: proposers share numbers.
    ReusedBallots,
    /// Reconfiguration: a `config` chosen in slot i sets the acceptors of slots from i+α on.
    Reconfiguration,
}

impl Rule {
    /// Every rule, in the order of the protocol: phase 1, phase 2, learning, the rest, then the
    /// broken variants.
    pub const ALL: [Rule; 13] = [
        Rule::UniqueBallot,
        Rule::PromiseGreater,
        Rule::AcceptAtLeastPromised,
        Rule::AcceptEqualPromised,
        Rule::P2c,
        Rule::Majority,
        Rule::Learning,
        Rule::Stale,
        Rule::Liveness,
        Rule::Reconfiguration,
        Rule::P1Only,
        Rule::NoAdoption,
        Rule::ReusedBallots,
    ];
}

impl Note {
    /// The rule that this note follows.
    pub fn rule(&self) -> Rule {
        match self {
            Note::Prepared { .. } | Note::NoBallotLeft { .. } | Note::LeaderPrepared { .. } => {
                Rule::UniqueBallot
            }
            Note::SkippedPhase1 { .. } => Rule::P1Only,
            Note::FilledNoop { .. } | Note::ProposedCommand { .. } => Rule::P2c,
            Note::Leading { .. } => Rule::Majority,
            Note::Queued { .. } => Rule::Liveness,
            Note::HeldByAlpha { .. } => Rule::Reconfiguration,
            Note::ProposedDirectly { .. }
            | Note::AcceptedFirst { .. }
            | Note::IgnoredLaterProposal { .. } => Rule::P1Only,
            Note::Promised { .. } | Note::IgnoredPrepare { .. } => Rule::PromiseGreater,
            Note::RepeatedPromise { .. } => Rule::ReusedBallots,
            Note::AcceptedProposal { rule, .. } | Note::IgnoredAccept { rule, .. } => match rule {
                AcceptRule::AtLeastPromised => Rule::AcceptAtLeastPromised,
                AcceptRule::EqualPromised => Rule::AcceptEqualPromised,
            },
            Note::Adopted { .. } | Note::FreeToChoose { .. } => Rule::P2c,
            Note::IgnoredReported { .. } => Rule::NoAdoption,
            Note::CountedPromise { .. }
            | Note::CountedAccepted { .. }
            | Note::ProposerChose { .. } => Rule::Majority,
            Note::LearnerCounted { .. }
            | Note::Learned { .. }
            | Note::LearnedFromRelay { .. }
            | Note::Asked { .. }
            | Note::Answered { .. } => Rule::Learning,
            Note::Stale { .. } | Note::NotMyRole { .. } => Rule::Stale,
            Note::Preempted { .. } | Note::Retried { .. } | Note::Deferred { .. } => Rule::Liveness,
        }
    }
}
