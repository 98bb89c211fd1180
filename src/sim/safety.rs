//! The safety checker: the invariants of Paxos as plain functions, and the [`Monitor`] that
//! applies them to a run.
//!
//! The simulator, the model checker (`tests/model_check.rs`), the random soak test and the page's
//! banner all go through this one module, so they can never disagree about what is safe.
//!
//! ## What "chosen" means
//! A proposal is **chosen** the moment a majority of the configured acceptors, dead or alive,
//! have accepted it ("Paxos Made Simple", §2.2). It is a fact about the acceptors: it holds
//! whether or not any proposer or learner has found out, and it stays true after an acceptor
//! accepts something else or crashes. The [`Monitor`] therefore remembers every acceptance ever
//! made, and sees the instant a proposal becomes chosen. A node that later counts a majority
//! *learns* that fact: that is a [`Decision`].
//!
//! ## The invariants
//! * **Agreement** ([`agreement`]): no two different values are ever chosen.
//! * **Decisions are chosen** ([`decision_is_chosen`]): a proposer or learner that decides has
//!   decided a proposal that really is chosen.
//! * **Validity** ([`validity`]): a chosen value was proposed by somebody (in Multi-Paxos, a
//!   client's command, or a leader's no-op).
//! * **No-op only where nothing was chosen** ([`noop_where_free`], Multi-Paxos): a new leader
//!   fills a slot with a no-op only if no value could have been chosen there, so no acceptor ever
//!   accepts a no-op numbered above a proposal already chosen in that slot.
//! * **Logs agree** ([`same_execution`], Multi-Paxos): every replica executes the same command in
//!   each slot, and reaches the same state after it, so every executed log is a prefix of every
//!   longer one (seed 004 §3.1: the servers "execute the same sequence of commands").
//! * **Accept within the promise** ([`accept_within_promise`]): an acceptor accepts ⟨n, v⟩ only if
//!   the promise it held at that moment is not above n (P1a). The checker reads every write to
//!   stable storage the step made (`Effects::stored`, kept by the acceptor's one write path), so
//!   it need not copy an acceptor's whole log before each step to find what changed.
//! * **Promises never decrease** ([`promise_monotone`]), across restarts too.
//! * **Stable storage** ([`durable_kept`]): a node restarts with exactly the [`Durable`] state it
//!   had when it crashed (the broken `amnesia` variant loses it on purpose, and is not reported
//!   for that, only for what follows).
//! * **Unique ballots** ([`unique_ballot`]): no proposal number starts two attempts (the
//!   broken `reused-ballots` variant shares numbers on purpose, and is not reported for that).

use crate::paxos::{
    Ballot, Config, DecidedAs, Durable, Effects, Execution, Message, Node, NodeId, Proposal, Slot,
    Taken, Value, Variant,
};
use crate::sorted::{VecMap, VecSet};
use serde::{Deserialize, Serialize};

/// A node's finding that a proposal was chosen. Kept forever, even if the node later crashes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Decision {
    /// Who decided.
    pub node: NodeId,
    /// The proposal it learned was chosen.
    pub proposal: Proposal,
    /// In which role.
    pub role: DecidedAs,
}

/// The invariants, by name. In JSON (`expect.violation`, the trace): `"two-values-chosen"`, …
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Invariant {
    /// Two different values were chosen.
    TwoValuesChosen,
    /// A node decided a proposal that is not chosen.
    DecisionNotChosen,
    /// A value was chosen that nobody proposed.
    Validity,
    /// A no-op was accepted above a proposal already chosen in its slot.
    NoopOverChosen,
    /// Two replicas executed different commands, or reached different states, in one slot.
    LogsDiverge,
    /// An acceptor accepted a proposal below the promise it held.
    AcceptedBelowPromise,
    /// An acceptor's promise went down.
    PromiseDecreased,
    /// A node restarted without the durable state it crashed with.
    LostDurableState,
    /// A proposal number started two attempts.
    ReusedBallot,
}

impl Invariant {
    /// Every invariant, in the order of importance the page's banner uses.
    pub const ALL: [Invariant; 9] = [
        Invariant::TwoValuesChosen,
        Invariant::DecisionNotChosen,
        Invariant::Validity,
        Invariant::NoopOverChosen,
        Invariant::LogsDiverge,
        Invariant::AcceptedBelowPromise,
        Invariant::PromiseDecreased,
        Invariant::LostDurableState,
        Invariant::ReusedBallot,
    ];

    /// Every invariant's name, as scenarios write it.
    pub const NAMES: [&'static str; 9] = [
        "two-values-chosen",
        "decision-not-chosen",
        "validity",
        "noop-over-chosen",
        "logs-diverge",
        "accepted-below-promise",
        "promise-decreased",
        "lost-durable-state",
        "reused-ballot",
    ];
}

/// A broken invariant, with the facts that show it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "invariant", rename_all = "kebab-case")]
pub enum Violation {
    /// Two proposals with different values were chosen.
    TwoValuesChosen {
        /// The proposal chosen first.
        first: Proposal,
        /// A later chosen proposal with another value.
        second: Proposal,
    },
    /// A node decided a proposal that no majority accepted.
    DecisionNotChosen {
        /// The decision.
        decision: Decision,
    },
    /// A value was chosen that nobody proposed.
    Validity {
        /// The chosen proposal.
        proposal: Proposal,
    },
    /// A no-op was accepted in a slot where a lower-numbered proposal was already chosen: the
    /// leader that proposed it overwrote a chosen command.
    NoopOverChosen {
        /// The proposal chosen in the slot.
        chosen: Proposal,
        /// The no-op accepted above it.
        noop: Proposal,
    },
    /// Two replicas disagree about one slot: the command executed there, or the state after it.
    LogsDiverge {
        /// The first execution of the slot.
        first: Box<Execution>,
        /// A later one that differs.
        second: Box<Execution>,
    },
    /// An acceptor accepted a proposal numbered below the promise it held at that moment.
    AcceptedBelowPromise {
        /// The acceptor.
        node: NodeId,
        /// The proposal it accepted.
        accepted: Proposal,
        /// The promise it held just before.
        promised: Ballot,
    },
    /// An acceptor's promise went down.
    PromiseDecreased {
        /// The acceptor.
        node: NodeId,
        /// The highest promise it made before.
        before: Ballot,
        /// Its promise now.
        now: Ballot,
    },
    /// A node restarted with other durable state than it crashed with.
    LostDurableState {
        /// The node.
        node: NodeId,
        /// Its durable state when it crashed.
        before: Durable,
        /// Its durable state after the restart.
        after: Durable,
    },
    /// A proposal number was used to start a second attempt.
    ReusedBallot {
        /// The number.
        ballot: Ballot,
        /// Who used it first.
        first: NodeId,
        /// Who used it again (possibly the same proposer).
        second: NodeId,
    },
}

impl Violation {
    /// Which invariant this breaks.
    pub fn invariant(&self) -> Invariant {
        match self {
            Violation::TwoValuesChosen { .. } => Invariant::TwoValuesChosen,
            Violation::DecisionNotChosen { .. } => Invariant::DecisionNotChosen,
            Violation::Validity { .. } => Invariant::Validity,
            Violation::NoopOverChosen { .. } => Invariant::NoopOverChosen,
            Violation::LogsDiverge { .. } => Invariant::LogsDiverge,
            Violation::AcceptedBelowPromise { .. } => Invariant::AcceptedBelowPromise,
            Violation::PromiseDecreased { .. } => Invariant::PromiseDecreased,
            Violation::LostDurableState { .. } => Invariant::LostDurableState,
            Violation::ReusedBallot { .. } => Invariant::ReusedBallot,
        }
    }

    /// The node whose step broke the invariant, where there is one.
    pub fn node(&self) -> Option<NodeId> {
        match self {
            Violation::DecisionNotChosen { decision } => Some(decision.node),
            Violation::AcceptedBelowPromise { node, .. }
            | Violation::PromiseDecreased { node, .. }
            | Violation::LostDurableState { node, .. } => Some(*node),
            Violation::ReusedBallot { second, .. } => Some(*second),
            Violation::LogsDiverge { second, .. } => Some(second.node),
            Violation::TwoValuesChosen { .. }
            | Violation::Validity { .. }
            | Violation::NoopOverChosen { .. } => None,
        }
    }
}

/// Agreement: in each slot, every chosen proposal has the value of the first one chosen there
/// (single-decree Paxos has one slot; Multi-Paxos, seed 004 §3.3: "at most one command can be
/// chosen in the same position").
pub fn agreement(chosen: &[Proposal]) -> Result<(), Violation> {
    chosen.iter().try_for_each(|p| agreement_in_slot(p, chosen))
}

/// Agreement for one chosen proposal: the first proposal chosen in its slot has its value.
fn agreement_in_slot(second: &Proposal, chosen: &[Proposal]) -> Result<(), Violation> {
    match chosen.iter().find(|c| c.slot == second.slot) {
        Some(first) if first.value != second.value => Err(Violation::TwoValuesChosen {
            first: first.clone(),
            second: second.clone(),
        }),
        _ => Ok(()),
    }
}

/// A decision names a chosen proposal.
pub fn decision_is_chosen(decision: &Decision, chosen: &[Proposal]) -> Result<(), Violation> {
    if chosen.contains(&decision.proposal) {
        Ok(())
    } else {
        Err(Violation::DecisionNotChosen {
            decision: decision.clone(),
        })
    }
}

/// Validity: a chosen proposal's value was proposed.
pub fn validity(proposal: &Proposal, proposed: &Proposed) -> Result<(), Violation> {
    if proposed.contains(&proposal.value) {
        Ok(())
    } else {
        Err(Violation::Validity {
            proposal: proposal.clone(),
        })
    }
}

/// A no-op accepted in a slot must not be numbered above a proposal already chosen there: by
/// P2c a leader proposes a no-op only where no promise of a majority reported anything, and a
/// chosen proposal is reported by every majority of promises with higher numbers.
pub fn noop_where_free(noop: &Proposal, chosen: &[Proposal]) -> Result<(), Violation> {
    if !noop.value.is_noop() {
        return Ok(());
    }
    let over = chosen
        .iter()
        .find(|c| c.slot == noop.slot && c.ballot < noop.ballot && !c.value.is_noop());
    match over {
        Some(c) => Err(Violation::NoopOverChosen {
            chosen: c.clone(),
            noop: noop.clone(),
        }),
        None => Ok(()),
    }
}

/// Replicas agree: `execution` has the command and the state of the first execution of its
/// slot, if there was one. As each replica executes slots in order from the first, this makes
/// every executed log a prefix of every longer one.
pub fn same_execution(execution: &Execution, first: Option<&Execution>) -> Result<(), Violation> {
    match first {
        Some(f) if f.command != execution.command || f.state != execution.state => {
            Err(Violation::LogsDiverge {
                first: Box::new(f.clone()),
                second: Box::new(execution.clone()),
            })
        }
        _ => Ok(()),
    }
}

/// P1a: every proposal the acceptor's step wrote to stable storage as accepted (`stored`), in any
/// slot, is numbered at least the promise it held before the step (`promised`).
pub fn accept_within_promise(
    node: NodeId,
    promised: Ballot,
    stored: &[Proposal],
) -> Result<(), Violation> {
    match stored.iter().find(|p| p.ballot < promised) {
        Some(p) => Err(Violation::AcceptedBelowPromise {
            node,
            accepted: p.clone(),
            promised,
        }),
        None => Ok(()),
    }
}

/// A promise never decreases: `highest` is the highest promise the acceptor ever made.
pub fn promise_monotone(node: NodeId, highest: Ballot, now: Ballot) -> Result<(), Violation> {
    if now < highest {
        Err(Violation::PromiseDecreased {
            node,
            before: highest,
            now,
        })
    } else {
        Ok(())
    }
}

/// Stable storage: a node restarts with the durable state it crashed with.
pub fn durable_kept(node: NodeId, before: &Durable, after: &Durable) -> Result<(), Violation> {
    if before == after {
        Ok(())
    } else {
        Err(Violation::LostDurableState {
            node,
            before: before.clone(),
            after: after.clone(),
        })
    }
}

/// Unique ballots: `by` may start an attempt with `ballot` only if nobody has used it before.
pub fn unique_ballot(ballot: Ballot, by: NodeId, taken: &Taken) -> Result<(), Violation> {
    match taken.get(&ballot) {
        Some(&first) => Err(Violation::ReusedBallot {
            ballot,
            first,
            second: by,
        }),
        None => Ok(()),
    }
}

/// The values proposed so far. Every client command is looked up here, so they are kept by a
/// hash of their text: a lookup compares numbers, and reads a text only where the hash is found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Proposed(VecMap<u64, Vec<Value>>);

impl Proposed {
    /// FNV-1a of the text.
    fn hash(value: &Value) -> u64 {
        value.as_str().bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    /// Whether `value` was proposed.
    pub fn contains(&self, value: &Value) -> bool {
        self.0
            .get(&Self::hash(value))
            .is_some_and(|values| values.contains(value))
    }

    /// Records that `value` was proposed.
    pub fn insert(&mut self, value: &Value) {
        let values = self.0.entry(Self::hash(value)).or_default();
        if !values.contains(value) {
            values.push(value.clone());
        }
    }
}

/// What the checker remembers about a run that the nodes may forget: every acceptance ever
/// made, what is chosen, the highest promises, the durable state at each crash, the register of
/// proposal numbers, the values proposed, the decisions, and the violations found (the first of
/// each invariant, in the order found).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Monitor {
    accepted_by: VecMap<Proposal, VecSet<NodeId>>,
    chosen: Vec<Proposal>,
    /// The same proposals, sorted, to look one up quickly in a long Multi-Paxos log.
    chosen_sorted: VecSet<Proposal>,
    highest_promises: VecMap<NodeId, Ballot>,
    at_crash: VecMap<NodeId, Durable>,
    taken: Taken,
    proposed: Proposed,
    decisions: Vec<Decision>,
    violations: Vec<Violation>,
    /// Multi-Paxos: the first execution of each slot by any replica.
    executed: VecMap<Slot, Execution>,
    /// Multi-Paxos: the reconfigurations among the chosen proposals, each with the acceptors it
    /// names, in the order chosen.
    reconfigurations: Vec<(Slot, Vec<NodeId>)>,
}

/// What one observed step brought about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observed {
    /// Proposals that became chosen in this step, with the acceptors that had accepted each.
    pub chosen: Vec<(Proposal, VecSet<NodeId>)>,
    /// Violations found in this step (only the first of each invariant in a run is reported).
    pub violations: Vec<Violation>,
}

impl Monitor {
    /// The chosen proposals, each once, in the order they became chosen.
    pub fn chosen(&self) -> &[Proposal] {
        &self.chosen
    }

    /// The register of proposal numbers: who first used each.
    pub fn taken(&self) -> &Taken {
        &self.taken
    }

    /// Every decision, in order.
    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    /// The violations found, the first of each invariant, in the order found.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether `invariant` has been broken.
    pub fn broke(&self, invariant: Invariant) -> bool {
        self.violations.iter().any(|v| v.invariant() == invariant)
    }

    /// A client asked for `value` to be proposed.
    pub fn proposed(&mut self, value: &Value) {
        self.proposed.insert(value);
    }

    fn report(&mut self, found: Result<(), Violation>, out: &mut Observed) {
        if let Err(v) = found {
            if !self.broke(v.invariant()) {
                self.violations.push(v.clone());
                out.violations.push(v);
            }
        }
    }

    /// One step of node `id`, which held the promise `promised` before it, left its durable
    /// state `after`, and produced `fx`, with its writes to stable storage. Checks what the
    /// step did and records it.
    pub fn step(
        &mut self,
        config: &Config,
        id: NodeId,
        promised: Ballot,
        after: &Durable,
        fx: &Effects,
    ) -> Observed {
        let mut out = Observed::default();
        // Unique ballots: a Prepare starts an attempt; under `accept-first` an Accept does.
        let prepares = fx.sends.iter().filter_map(|(_, m)| match m {
            Message::Prepare { ballot, .. } => Some(*ballot),
            Message::Accept { ballot, .. } if config.has(Variant::AcceptFirst) => Some(*ballot),
            _ => None,
        });
        // In order, each once (a sorted list rather than a set: less code on the page).
        let mut started: Vec<Ballot> = Vec::new();
        for ballot in prepares {
            if let Err(at) = started.binary_search(&ballot) {
                started.insert(at, ballot);
            }
        }
        for ballot in started {
            if !config.has(Variant::ReusedBallots) {
                let found = unique_ballot(ballot, id, &self.taken);
                self.report(found, &mut out);
            }
            self.taken.entry(ballot).or_insert(id);
        }
        self.report(accept_within_promise(id, promised, &fx.stored), &mut out);
        self.promise(id, after.acceptor.promised, &mut out);
        for p in &fx.stored {
            self.accept(config, id, p, &mut out);
        }
        for (proposal, role) in &fx.decisions {
            let decision = Decision {
                node: id,
                proposal: proposal.clone(),
                role: *role,
            };
            if !self.chosen_sorted.contains(&decision.proposal) {
                self.report(decision_is_chosen(&decision, &self.chosen), &mut out);
            }
            self.decisions.push(decision);
        }
        for execution in &fx.executed {
            let found = same_execution(execution, self.executed.get(&execution.slot));
            self.report(found, &mut out);
            self.executed
                .entry(execution.slot)
                .or_insert_with(|| execution.clone());
        }
        out
    }

    /// The first execution of each slot, by any replica.
    pub fn executed(&self) -> &VecMap<Slot, Execution> {
        &self.executed
    }

    fn promise(&mut self, node: NodeId, now: Ballot, out: &mut Observed) {
        let highest = self
            .highest_promises
            .get(&node)
            .copied()
            .unwrap_or_default();
        self.report(promise_monotone(node, highest, now), out);
        self.highest_promises.insert(node, highest.max(now));
    }

    fn accept(&mut self, config: &Config, node: NodeId, p: &Proposal, out: &mut Observed) {
        let multi = config.multi.is_some();
        if multi {
            self.report(noop_where_free(p, &self.chosen), out);
        }
        // Chosen means a majority of the acceptors in force at the slot (seed 004 §3.7): those
        // of the last reconfiguration chosen at or before slot − α. A slot there that is not
        // chosen yet counts as no reconfiguration; a correct leader never proposes in a slot
        // before every slot α below it is chosen.
        let acceptors = self.acceptors_at(config, p.slot);
        let by = self.accepted_by.entry(p.clone()).or_default();
        by.insert(node);
        let count = match &acceptors {
            None => by.len(),
            Some(set) => by.iter().filter(|a| set.contains(*a)).count(),
        };
        let quorum = acceptors.as_ref().map_or_else(
            || config.chosen_quorum(),
            |set| config.chosen_quorum_of(set),
        );
        if count >= quorum && !self.chosen_sorted.contains(p) {
            let by = by.clone();
            self.chosen.push(p.clone());
            self.chosen_sorted.insert(p.clone());
            if let Some(set) = config.reconfiguration(&p.value) {
                self.reconfigurations.push((p.slot, set));
            }
            // A leader's no-op is no client's command, and is checked by `noop_where_free`.
            if !(multi && p.value.is_noop()) {
                self.report(validity(p, &self.proposed), out);
            }
            self.report(agreement_in_slot(p, &self.chosen), out);
            out.chosen.push((p.clone(), by));
        }
    }

    /// The acceptors in force at `slot` if a reconfiguration chosen so far changed them there;
    /// `None` for the configured acceptors.
    fn acceptors_at(&self, config: &Config, slot: Slot) -> Option<Vec<NodeId>> {
        let alpha = config.multi.as_ref()?.alpha;
        self.reconfigurations
            .iter()
            .filter(|(s, _)| s.0.saturating_add(alpha) <= slot.0)
            .max_by_key(|(s, _)| *s)
            .map(|(_, set)| set.clone())
    }

    /// Who has accepted each proposal that is not chosen.
    pub fn unchosen_acceptances(&self) -> impl Iterator<Item = (&Proposal, &VecSet<NodeId>)> {
        let chosen = &self.chosen_sorted;
        self.accepted_by.iter().filter(|(p, _)| !chosen.contains(p))
    }

    /// Forgets who accepted `proposal`, which must not be chosen. A model checker uses this once
    /// the proposal can never become chosen, to treat alike two runs whose difference can no
    /// longer matter.
    pub fn forget_acceptances(&mut self, proposal: &Proposal) {
        assert!(
            !self.chosen_sorted.contains(proposal),
            "{proposal} is chosen"
        );
        self.accepted_by.remove(proposal);
    }

    /// The same memory with every node id `n` replaced by `rename(n)`: what a model checker's
    /// symmetry reduction needs to rename a whole state.
    pub fn renamed(&self, rename: &dyn Fn(NodeId) -> NodeId) -> Monitor {
        let set = |s: &VecSet<NodeId>| s.iter().map(|&n| rename(n)).collect();
        let map = |m: &VecMap<NodeId, Ballot>| m.iter().map(|(&n, &b)| (rename(n), b)).collect();
        let violations = self.violations.iter().map(|v| {
            let mut v = v.clone();
            match &mut v {
                Violation::DecisionNotChosen { decision } => decision.node = rename(decision.node),
                Violation::AcceptedBelowPromise { node, .. }
                | Violation::PromiseDecreased { node, .. }
                | Violation::LostDurableState { node, .. } => *node = rename(*node),
                Violation::ReusedBallot { first, second, .. } => {
                    *first = rename(*first);
                    *second = rename(*second);
                }
                Violation::LogsDiverge { first, second } => {
                    first.node = rename(first.node);
                    second.node = rename(second.node);
                }
                Violation::TwoValuesChosen { .. }
                | Violation::Validity { .. }
                | Violation::NoopOverChosen { .. } => {}
            }
            v
        });
        Monitor {
            accepted_by: self
                .accepted_by
                .iter()
                .map(|(p, s)| (p.clone(), set(s)))
                .collect(),
            chosen: self.chosen.clone(),
            chosen_sorted: self.chosen_sorted.clone(),
            reconfigurations: self
                .reconfigurations
                .iter()
                .map(|(s, set)| (*s, set.iter().map(|&n| rename(n)).collect()))
                .collect(),
            highest_promises: map(&self.highest_promises),
            at_crash: self
                .at_crash
                .iter()
                .map(|(&n, d)| (rename(n), d.clone()))
                .collect(),
            taken: self.taken.iter().map(|(&b, &n)| (b, rename(n))).collect(),
            proposed: self.proposed.clone(),
            decisions: self
                .decisions
                .iter()
                .map(|d| Decision {
                    node: rename(d.node),
                    ..d.clone()
                })
                .collect(),
            violations: violations.collect(),
            executed: self
                .executed
                .iter()
                .map(|(&s, e)| {
                    let node = rename(e.node);
                    (s, Execution { node, ..e.clone() })
                })
                .collect(),
        }
    }

    /// Everything the memory holds about `node`, for a model checker's fingerprint of it.
    pub fn about(&self, node: NodeId) -> impl std::hash::Hash + '_ {
        let accepted: Vec<&Proposal> = self
            .accepted_by
            .iter()
            .filter(|(_, by)| by.contains(&node))
            .map(|(p, _)| p)
            .collect();
        (
            accepted,
            self.highest_promises.get(&node),
            self.at_crash.get(&node),
        )
    }

    /// `node` crashed; its durable state is what it must restart with.
    pub fn crashed(&mut self, node: &Node) {
        self.at_crash.insert(node.id, node.durable.clone());
    }

    /// `node` restarted.
    pub fn restarted(&mut self, config: &Config, node: &Node) -> Observed {
        let mut out = Observed::default();
        if let Some(before) = self.at_crash.remove(&node.id) {
            if !config.has(Variant::Amnesia) {
                let found = durable_kept(node.id, &before, &node.durable);
                self.report(found, &mut out);
            }
        }
        self.promise(node.id, node.durable.acceptor.promised, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::{Acceptor, Config, NodeId};

    fn p(ballot: u32, value: &str) -> Proposal {
        Proposal::new(Ballot(ballot), value.into())
    }

    fn config(acceptors: u32) -> Config {
        Config {
            proposers: vec![NodeId(9)],
            acceptors: (0..acceptors).map(NodeId).collect(),
            ..Config::default()
        }
    }

    /// Node `id` accepts `proposal` (promising its number), as seen by `monitor`.
    fn accept(
        monitor: &mut Monitor,
        config: &Config,
        node: &mut Node,
        proposal: Proposal,
    ) -> Observed {
        let promised = node.durable.acceptor.promised;
        node.durable.acceptor.promised = promised.max(proposal.ballot);
        node.durable.acceptor.accepted = Some(proposal.clone());
        let fx = Effects {
            stored: vec![proposal],
            ..Effects::default()
        };
        monitor.step(config, node.id, promised, &node.durable, &fx)
    }

    #[test]
    fn agreement_catches_two_values() {
        assert!(agreement(&[p(1, "a"), p(2, "a")]).is_ok());
        let err = agreement(&[p(1, "a"), p(2, "a"), p(3, "b")]).unwrap_err();
        assert_eq!(
            err,
            Violation::TwoValuesChosen {
                first: p(1, "a"),
                second: p(3, "b")
            }
        );
    }

    #[test]
    fn chosen_is_the_instant_a_majority_has_accepted() {
        let c = config(3);
        let mut m = Monitor::default();
        m.proposed(&"x".into());
        let mut nodes: Vec<Node> = (0..3).map(|i| Node::new(NodeId(i))).collect();
        assert!(accept(&mut m, &c, &mut nodes[0], p(1, "x"))
            .chosen
            .is_empty());
        let seen = accept(&mut m, &c, &mut nodes[1], p(1, "x"));
        assert_eq!(
            seen.chosen,
            vec![(p(1, "x"), [NodeId(0), NodeId(1)].into())]
        );
        assert!(seen.violations.is_empty());
        // It stays chosen after an acceptor moves on, and is reported once.
        assert!(accept(&mut m, &c, &mut nodes[0], p(4, "x"))
            .chosen
            .is_empty());
        assert!(accept(&mut m, &c, &mut nodes[2], p(1, "x"))
            .chosen
            .is_empty());
        assert_eq!(m.chosen(), [p(1, "x")]);
    }

    #[test]
    fn a_second_value_chosen_breaks_agreement_though_nobody_learned_it() {
        let c = config(3);
        let mut m = Monitor::default();
        m.proposed(&"x".into());
        m.proposed(&"y".into());
        let mut nodes: Vec<Node> = (0..3).map(|i| Node::new(NodeId(i))).collect();
        accept(&mut m, &c, &mut nodes[0], p(1, "x"));
        accept(&mut m, &c, &mut nodes[1], p(1, "x"));
        accept(&mut m, &c, &mut nodes[1], p(2, "y"));
        let seen = accept(&mut m, &c, &mut nodes[2], p(2, "y"));
        assert_eq!(
            seen.violations,
            vec![Violation::TwoValuesChosen {
                first: p(1, "x"),
                second: p(2, "y")
            }]
        );
        assert!(m.decisions().is_empty());
        assert_eq!(m.violations(), seen.violations);
        assert!(m.broke(Invariant::TwoValuesChosen));
    }

    #[test]
    fn a_decision_must_be_chosen() {
        let chosen = [p(3, "x")];
        let d = |proposal| Decision {
            node: NodeId(0),
            proposal,
            role: DecidedAs::Learner,
        };
        assert!(decision_is_chosen(&d(p(3, "x")), &chosen).is_ok());
        assert!(decision_is_chosen(&d(p(2, "x")), &chosen).is_err());
        assert!(decision_is_chosen(&d(p(3, "y")), &chosen).is_err());
    }

    #[test]
    fn accepting_below_the_promise_held_is_caught() {
        // Accepting 3 after promising 5: the promise afterwards is fine, the step is not.
        assert!(accept_within_promise(NodeId(0), Ballot(5), &[p(3, "x")]).is_err());
        assert!(accept_within_promise(NodeId(0), Ballot(5), &[p(5, "x")]).is_ok());
        // In any slot the step wrote, not only the first.
        let later = |ballot| Proposal {
            slot: Slot(7),
            ..p(ballot, "x")
        };
        assert!(accept_within_promise(NodeId(0), Ballot(5), &[p(5, "x"), later(4)]).is_err());
        // Nothing newly accepted: nothing to check.
        assert!(accept_within_promise(NodeId(0), Ballot(5), &[]).is_ok());
    }

    #[test]
    fn a_noop_may_not_be_accepted_above_a_chosen_command() {
        let at = |ballot, value: &str, slot| Proposal {
            slot: Slot(slot),
            ..p(ballot, value)
        };
        let chosen = [at(1, "deposit 5", 2), at(1, "no-op", 3)];
        // Below the chosen proposal, or in another slot, or over a chosen no-op: fine.
        assert!(noop_where_free(&at(1, "no-op", 2), &chosen).is_ok());
        assert!(noop_where_free(&at(0, "no-op", 2), &chosen).is_ok());
        assert!(noop_where_free(&at(4, "no-op", 1), &chosen).is_ok());
        assert!(noop_where_free(&at(4, "no-op", 3), &chosen).is_ok());
        assert!(noop_where_free(&at(4, "deposit 5", 2), &chosen).is_ok());
        assert_eq!(
            noop_where_free(&at(4, "no-op", 2), &chosen),
            Err(Violation::NoopOverChosen {
                chosen: at(1, "deposit 5", 2),
                noop: at(4, "no-op", 2),
            })
        );
    }

    #[test]
    fn replicas_must_execute_the_same_command_into_the_same_state() {
        let run = |node, command: &str, state: &str| Execution {
            node: NodeId(node),
            slot: Slot(3),
            command: command.into(),
            output: state.to_owned(),
            state: state.to_owned(),
        };
        let first = run(0, "deposit 5", "balance 5");
        assert!(same_execution(&first, None).is_ok());
        assert!(same_execution(&run(1, "deposit 5", "balance 5"), Some(&first)).is_ok());
        assert!(same_execution(&run(1, "deposit 6", "balance 6"), Some(&first)).is_err());
        assert!(same_execution(&run(1, "deposit 5", "balance 7"), Some(&first)).is_err());
    }

    #[test]
    fn agreement_is_per_slot() {
        let in_slot_2 = Proposal {
            slot: Slot(2),
            ..p(1, "b")
        };
        assert!(agreement(&[p(1, "a"), in_slot_2.clone()]).is_ok());
        let second = Proposal {
            slot: Slot(2),
            ..p(3, "c")
        };
        assert_eq!(
            agreement(&[p(1, "a"), in_slot_2.clone(), second.clone()]),
            Err(Violation::TwoValuesChosen {
                first: in_slot_2,
                second
            })
        );
    }

    #[test]
    fn validity_catches_an_invented_value() {
        let mut proposed = Proposed::default();
        proposed.insert(&"a".into());
        assert!(validity(&p(1, "a"), &proposed).is_ok());
        assert!(validity(&p(1, "z"), &proposed).is_err());
    }

    #[test]
    fn promises_and_storage_and_ballots() {
        assert!(promise_monotone(NodeId(3), Ballot(2), Ballot(2)).is_ok());
        assert!(promise_monotone(NodeId(3), Ballot(5), Ballot(2)).is_err());
        let kept = Durable {
            acceptor: Acceptor::default(),
            max_used: Ballot(4),
        };
        assert!(durable_kept(NodeId(1), &kept, &kept).is_ok());
        assert!(durable_kept(NodeId(1), &kept, &Durable::default()).is_err());
        let taken: Taken = [(Ballot(2), NodeId(1))].into();
        assert!(unique_ballot(Ballot(3), NodeId(0), &taken).is_ok());
        assert!(unique_ballot(Ballot(2), NodeId(0), &taken).is_err());
        assert!(unique_ballot(Ballot(2), NodeId(1), &taken).is_err());
    }

    #[test]
    fn a_restart_must_keep_durable_state_unless_amnesia_is_on() {
        let mut c = config(3);
        let mut node = Node::new(NodeId(0));
        node.durable.max_used = Ballot(7);
        let mut m = Monitor::default();
        m.crashed(&node);
        node.durable.max_used = Ballot::NONE;
        let seen = m.restarted(&c, &node);
        assert_eq!(seen.violations[0].invariant(), Invariant::LostDurableState);
        c.variants.insert(Variant::Amnesia);
        let mut m = Monitor::default();
        node.durable.max_used = Ballot(7);
        m.crashed(&node);
        node.durable.max_used = Ballot::NONE;
        assert!(m.restarted(&c, &node).violations.is_empty());
    }
}
