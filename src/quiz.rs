//! # Quizzes: predict the next step, graded by the simulator
//!
//! Students learn Paxos by predicting it. A lecturer pauses a run and asks the room what the
//! next message will do: "A2 has promised 3. Prepare(2) arrives. What does it do?", or "What
//! value must 赵六 propose now?". This module asks those questions of any paused run.
//!
//! A question is always about the event the simulator would deliver next, so it is never out of
//! date, and its right answer is not worked out here: a copy of the run takes that step, and what
//! the node then did is the answer. The choices come from the state, and include the plausible
//! wrong ones a student reaches with a half-remembered rule:
//!
//! | The next event                     | Question                   | Choices, right and plausible wrong                                          | Rule                 |
//! |------------------------------------|----------------------------|-----------------------------------------------------------------------------|----------------------|
//! | `Prepare(n)` reaches an acceptor   | Promise, and report what?  | promise reporting what it accepted; promise reporting nothing; ignore it    | promise only n > all |
//! | `Accept(n, v)` reaches an acceptor | Accept or refuse?          | accept; refuse (a naive "n must exceed the promise" refuses `n` = promise)  | P1a                  |
//! | the promise that makes a majority  | Which value must it send?  | each value reported, the lower-numbered ones too; the proposer's own value  | P2c                  |
//! | `Accepted(n, v)` reaches a learner | Does it learn `v` now?     | learns `v`; not yet (it needs a majority of acceptors, not one)             | majority             |
//! | a node told to lead (Multi-Paxos)  | Phase 1 from which slot?   | the first slot it does not know; slot 1; after the highest it knows; none   | phase 1 (or the bug) |
//! | a new leader's last promise        | What goes in slot s?       | each command reported there, a queued client command, a no-op               | P2c                  |
//! | the next few events ([`chosen_after`]) | Is a value chosen, and which? | nothing yet; each value accepted, on its way, or wished for         | majority             |
//!
//! A question's [`Question::rule`] is the rule of what the node did, so under a broken variant
//! the answer is what the broken node does, and the rule names the bug (`no-adoption`).
//!
//! Questions have a [`Question::level`]: single messages first, then P2c and what several
//! events bring about, then P2c with several different values reported and a new leader's log.
//! Besides questions, [`challenge`] sets goals to reach by acting on a run: break a broken
//! variant, try to break correct Paxos, end a livelock.
//!
//! A question can be about the next due event ([`next_question`]) or about a given op, such as
//! a tour's next delivery ([`question`]). In Multi-Paxos, acceptors are asked about `Accept`s
//! and new leaders about their log. A step that the network loses at random, a timer, or a
//! message the receiver has no role for gives no question.

pub mod challenge;

use crate::paxos::{
    Ballot, Leadership, Message, Node, NodeId, Note, Phase, Proposal, Rule, Slot, Value,
};
use crate::sim::{Envelope, Event, EventKind, Op, Simulation};

/// One possible answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The acceptor promises, and its promise reports this proposal (`None`: nothing).
    Promise {
        /// The proposal reported in the promise.
        reported: Option<Proposal>,
    },
    /// The acceptor ignores the message (or, with NACKs on, refuses it out loud).
    Refuse,
    /// The acceptor accepts the proposal.
    Accept,
    /// The proposer sends `Accept` with this value.
    Propose(Value),
    /// The node learns that this value was chosen.
    Learns(Value),
    /// The node learns nothing yet.
    NotYet,
    /// This value is chosen (a majority of acceptors has accepted it).
    Chosen(Value),
    /// No value is chosen yet.
    NoneChosen,
    /// Multi-Paxos: a new leader's `Prepare` asks for promises from this slot on.
    PrepareFrom(Slot),
    /// Multi-Paxos: a new leader skips phase 1 (the `skip-phase1` bug).
    SkipPhase1,
}

/// What a question asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A `Prepare` reaches an acceptor: will it promise, and what will it report?
    Promise,
    /// An `Accept` reaches an acceptor: accept or refuse?
    Accept,
    /// A promise completes a majority: which value must the proposer send (P2c)?
    Value,
    /// An `Accepted` reaches a learner: does it learn the value now?
    Learn,
    /// Multi-Paxos: a new leader's phase 1 completes; what does it propose in a slot it did not
    /// know, a reported command or a no-op?
    Fill,
    /// After the next few events: is a value chosen, and which?
    Chosen,
    /// Multi-Paxos: a node becomes leader; from which slot must its phase 1 ask for promises?
    Phase1,
}

/// A question about the next event of a run, with its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// What it asks.
    pub kind: Kind,
    /// The node it asks about: the receiver of the message, or the new leader.
    pub node: NodeId,
    /// The message about to be delivered; `None` for a node told to lead.
    pub envelope: Option<Envelope>,
    /// The slot it asks about ([`Kind::Fill`]); the first slot otherwise.
    pub slot: Slot,
    /// How many events it looks ahead: 1, or more for [`Kind::Chosen`].
    pub steps: usize,
    /// What the receiver holds that decides the answer: an acceptor's promise, a proposer's
    /// number. `Ballot::NONE` where nothing does.
    pub promised: Ballot,
    /// The choices, in a fixed order.
    pub choices: Vec<Answer>,
    /// The index of the right choice in `choices`.
    pub answer: usize,
    /// The rule that decides it.
    pub rule: Rule,
    /// The events of the step, as the simulator took it: what happened.
    pub outcome: Vec<Event>,
}

impl Question {
    /// The node it asks about.
    pub fn node(&self) -> NodeId {
        self.node
    }

    /// How hard it is: 1 for a single acceptor's or learner's rule; 2 for P2c, or for what
    /// several events bring about; 3 for P2c with several different values reported, and for a
    /// new leader filling its log.
    pub fn level(&self) -> u8 {
        let reported = self
            .choices
            .iter()
            .filter(|c| matches!(c, Answer::Propose(_)))
            .count();
        match self.kind {
            Kind::Value if reported > 2 => 3,
            Kind::Fill | Kind::Phase1 => 3,
            Kind::Value | Kind::Chosen => 2,
            _ => 1,
        }
    }
}

/// The question about the event `sim` would deliver next, if there is one to ask.
pub fn next_question(sim: &Simulation) -> Option<Question> {
    question(sim, &Op::Step)
}

/// The question about what `op` (a step, or the delivery of one message, as a tour's next op
/// may be) does, if there is one to ask.
pub fn question(sim: &Simulation, op: &Op) -> Option<Question> {
    let envelope = match op {
        Op::Step => sim.next_message()?,
        Op::Deliver { msg } => sim.in_flight.get(msg)?,
        Op::Lead { node } => return phase1_question(sim, *node),
        _ => return None,
    }
    .clone();
    let mut after = sim.clone();
    let mut outcome = Vec::new();
    after.apply(op, &mut outcome).ok()?;
    let to = envelope.to;
    let delivered = outcome
        .iter()
        .any(|e| matches!(e.kind, EventKind::Delivered { msg, .. } if msg == envelope.id));
    if !delivered {
        return None;
    }
    let notes: Vec<&Note> = outcome
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Acted { node, note, .. } if *node == to => Some(note),
            _ => None,
        })
        .collect();
    let node = &sim.nodes[&to];
    let promised = node.durable.acceptor.promised;
    let multi = sim.config.multi.is_some();
    let mut slot = Slot::FIRST;
    let (kind, choices, right, rule) = match &envelope.message {
        Message::Promise { .. } if multi => {
            let (s, choices, right, rule) = fill_question(node, &envelope.message, &notes)?;
            slot = s;
            (Kind::Fill, choices, right, rule)
        }
        Message::Prepare { .. } if !multi => {
            let (right, rule) = notes.iter().find_map(|n| match n {
                Note::Promised { reported, .. } | Note::RepeatedPromise { reported, .. } => {
                    let reported = reported.clone();
                    Some((Answer::Promise { reported }, n.rule()))
                }
                Note::IgnoredPrepare { .. } => Some((Answer::Refuse, n.rule())),
                _ => None,
            })?;
            // The classic bug is a promise that forgets what was accepted: offer it.
            let accepted = node.durable.acceptor.accepted.clone();
            let mut choices = vec![Answer::Promise { reported: None }];
            if accepted.is_some() {
                choices.push(Answer::Promise { reported: accepted });
            }
            choices.push(Answer::Refuse);
            (Kind::Promise, choices, right, rule)
        }
        Message::Accept { .. } => {
            let (right, rule) = notes.iter().find_map(|n| match n {
                Note::AcceptedProposal { .. } | Note::AcceptedFirst { .. } => {
                    Some((Answer::Accept, n.rule()))
                }
                Note::IgnoredAccept { .. } | Note::IgnoredLaterProposal { .. } => {
                    Some((Answer::Refuse, n.rule()))
                }
                _ => None,
            })?;
            (
                Kind::Accept,
                vec![Answer::Accept, Answer::Refuse],
                right,
                rule,
            )
        }
        Message::Promise { accepted, .. } => {
            let sent = outcome.iter().find_map(|e| match &e.kind {
                EventKind::Sent { envelope: sent }
                    if sent.from == to && matches!(sent.message, Message::Accept { .. }) =>
                {
                    match &sent.message {
                        Message::Accept { value, .. } => Some(value.clone()),
                        _ => None,
                    }
                }
                _ => None,
            })?;
            let rule = notes.iter().find_map(|n| match n {
                Note::Adopted { .. } | Note::FreeToChoose { .. } | Note::IgnoredReported { .. } => {
                    Some(n.rule())
                }
                _ => None,
            })?;
            let choices = value_choices(sim, to, accepted.as_ref());
            if choices.len() < 2 {
                return None;
            }
            (Kind::Value, choices, Answer::Propose(sent), rule)
        }
        Message::Accepted { value, .. } if !multi => {
            // Only a node that counts acceptances, and has not learned yet, can learn now.
            let counts = notes.iter().any(|n| {
                matches!(
                    n,
                    Note::LearnerCounted { .. }
                        | Note::Learned { .. }
                        | Note::CountedAccepted { .. }
                        | Note::ProposerChose { .. }
                )
            });
            let knew = sim.decisions.iter().any(|(d, _)| d.node == to);
            if !counts || knew {
                return None;
            }
            let learned = outcome.iter().find_map(|e| match &e.kind {
                EventKind::Decided { node, value, .. } if *node == to => Some(value.clone()),
                _ => None,
            });
            let right = match learned {
                Some(v) => Answer::Learns(v),
                None => Answer::NotYet,
            };
            let rule = notes.last().map_or(Rule::Majority, |n| n.rule());
            (
                Kind::Learn,
                vec![Answer::Learns(value.clone()), Answer::NotYet],
                right,
                rule,
            )
        }
        _ => return None,
    };
    let answer = choices.iter().position(|c| *c == right)?;
    Some(Question {
        kind,
        node: to,
        envelope: Some(envelope),
        slot,
        steps: 1,
        promised,
        choices,
        answer,
        rule,
        outcome,
    })
}

/// A new leader's last promise: for the first slot its phase 1 decides on (by P2c, a reported
/// command or a no-op) where there is a choice to make, the choices and the answer.
fn fill_question(
    leader: &Node,
    promise: &Message,
    notes: &[&Note],
) -> Option<(Slot, Vec<Answer>, Answer, Rule)> {
    let Leadership::Preparing { promises, .. } = &leader.leader.status else {
        return None;
    };
    let Message::Promise {
        accepted, later, ..
    } = promise
    else {
        return None;
    };
    let reported: Vec<&Proposal> = promises
        .values()
        .flat_map(|r| r.iter())
        .chain(accepted)
        .chain(later.iter())
        .collect();
    notes.iter().find_map(|n| {
        let (slot, value) = match n {
            Note::Adopted { from, .. } => (from.slot, from.value.clone()),
            Note::FilledNoop { slot, .. } => (*slot, Value::noop()),
            Note::IgnoredReported { reported, own, .. } => (reported.slot, own.clone()),
            _ => return None,
        };
        let mut here: Vec<&Proposal> = reported
            .iter()
            .copied()
            .filter(|p| p.slot == slot)
            .collect();
        highest_first(&mut here);
        let queued = leader.leader.queue.first();
        let mut choices: Vec<Answer> = Vec::new();
        let values = here.iter().map(|p| &p.value).chain(queued);
        for v in values.chain([&Value::noop()]) {
            let choice = Answer::Propose(v.clone());
            if !choices.contains(&choice) {
                choices.push(choice);
            }
        }
        (choices.len() > 1).then(|| (slot, choices, Answer::Propose(value), n.rule()))
    })
}

/// Multi-Paxos: `node` is told to lead. From which slot must its phase 1 ask for promises? The
/// first slot it does not know to be chosen: any later slot may hold a value some majority
/// accepted (seed 004 §3.5). The plausible wrong choices: the whole log, the slot after the
/// highest it knows, the slot it has executed to, and no phase 1 at all.
fn phase1_question(sim: &Simulation, node: NodeId) -> Option<Question> {
    // Only a Multi-Paxos run has leaders.
    sim.config.multi.as_ref()?;
    let mut after = sim.clone();
    let mut outcome = Vec::new();
    after.apply(&Op::Lead { node }, &mut outcome).ok()?;
    let (right, rule) = outcome.iter().find_map(|e| match &e.kind {
        EventKind::Acted { node: n, note, .. } if *n == node => match note {
            Note::LeaderPrepared { from, .. } => Some((Answer::PrepareFrom(*from), note.rule())),
            Note::SkippedPhase1 { .. } => Some((Answer::SkipPhase1, note.rule())),
            _ => None,
        },
        _ => None,
    })?;
    let replica = &sim.nodes[&node].replica;
    let highest = replica.chosen.iter().map(|(s, _)| s.0).max().unwrap_or(0);
    let mut slots = [
        1,
        replica.first_unknown().0,
        highest + 1,
        replica.next.0.max(1),
    ];
    // In slot order (four numbers: a few swaps, not the standard library's sort).
    for i in 0..slots.len() {
        for j in i + 1..slots.len() {
            if slots[j] < slots[i] {
                slots.swap(i, j);
            }
        }
    }
    let mut choices = Vec::new();
    for s in slots {
        let choice = Answer::PrepareFrom(Slot(s));
        if !choices.contains(&choice) {
            choices.push(choice);
        }
    }
    choices.push(Answer::SkipPhase1);
    let answer = choices.iter().position(|c| *c == right)?;
    Some(Question {
        kind: Kind::Phase1,
        node,
        envelope: None,
        slot: replica.first_unknown(),
        steps: 1,
        promised: Ballot::NONE,
        choices,
        answer,
        rule,
        outcome,
    })
}

/// What the next `steps` events bring about: is a value chosen after them, and which? Asked
/// when none is chosen yet, and more than one value could be.
pub fn chosen_after(sim: &Simulation, steps: usize) -> Option<Question> {
    if sim.config.multi.is_some() || !sim.chosen_proposals().is_empty() || steps == 0 {
        return None;
    }
    let envelope = sim.next_message()?.clone();
    let mut after = sim.clone();
    let mut outcome = Vec::new();
    for _ in 0..steps {
        after.apply(&Op::Step, &mut outcome).ok()?;
    }
    let right = match after.chosen_proposals().first() {
        Some(p) => Answer::Chosen(p.value.clone()),
        None => Answer::NoneChosen,
    };
    // Every value that could be: accepted somewhere, on its way in an Accept, or wished for.
    let accepted = sim
        .nodes
        .values()
        .filter_map(|n| n.durable.acceptor.accepted.as_ref());
    let sent = sim.in_flight.values().filter_map(|e| match &e.message {
        Message::Accept { value, .. } => Some(value),
        _ => None,
    });
    let wished = sim
        .nodes
        .values()
        .filter_map(|n| n.proposer.wish.as_ref().map(|w| &w.value));
    let mut choices = vec![Answer::NoneChosen];
    for v in accepted.map(|p| &p.value).chain(sent).chain(wished) {
        let choice = Answer::Chosen(v.clone());
        if !choices.contains(&choice) {
            choices.push(choice);
        }
    }
    let answer = choices.iter().position(|c| *c == right)?;
    (choices.len() > 2).then_some(Question {
        kind: Kind::Chosen,
        node: envelope.to,
        envelope: Some(envelope),
        slot: Slot::FIRST,
        steps,
        promised: Ballot::NONE,
        choices,
        answer,
        rule: Rule::Majority,
        outcome,
    })
}

/// The values a proposer could send once `reported` completes its majority: those reported in
/// its promises, highest-numbered first, then its own; with nothing reported, the other
/// proposers' values after its own.
fn value_choices(sim: &Simulation, proposer: NodeId, reported: Option<&Proposal>) -> Vec<Answer> {
    let node = &sim.nodes[&proposer];
    let mut proposals: Vec<&Proposal> = match &node.proposer.phase {
        Phase::Preparing { promises, .. } => promises.values().flatten().chain(reported).collect(),
        _ => Vec::new(),
    };
    highest_first(&mut proposals);
    let own = node.proposer.wish.as_ref().map(|w| &w.value);
    // With nothing reported, the proposer is free to send its own value (P2c): the other
    // proposers' values are the choices it must not take, as if a promise had reported them.
    let others = sim
        .nodes
        .iter()
        .filter(|(id, _)| **id != proposer)
        .filter_map(|(_, n)| n.proposer.wish.as_ref().map(|w| &w.value));
    let mut choices: Vec<Answer> = Vec::new();
    let mut add = |value: &Value| {
        let choice = Answer::Propose(value.clone());
        if !choices.contains(&choice) {
            choices.push(choice);
        }
    };
    proposals.iter().for_each(|p| add(&p.value));
    own.into_iter().for_each(&mut add);
    if proposals.is_empty() {
        others.for_each(&mut add);
    }
    choices
}

/// Orders proposals highest-numbered first, keeping the order of equal ones: an insertion
/// sort, as there are a handful, and the page is smaller without the standard library's sort.
fn highest_first(proposals: &mut [&Proposal]) {
    for i in 1..proposals.len() {
        let mut j = i;
        while j > 0 && proposals[j - 1].ballot < proposals[j].ballot {
            proposals.swap(j - 1, j);
            j -= 1;
        }
    }
}
