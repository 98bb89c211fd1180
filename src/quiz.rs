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
//!
//! A question's [`Question::rule`] is the rule of what the node did, so under a broken variant
//! the answer is what the broken node does, and the rule names the bug (`no-adoption`).
//!
//! Questions have a [`Question::level`]: single messages first, then P2c, then P2c with
//! several different values reported. Only single-decree runs are asked about; a step that the
//! network loses at random, a timer, or a message the receiver has no role for gives no question.

use crate::paxos::{Ballot, Message, NodeId, Note, Phase, Proposal, Rule, Value};
use crate::sim::{Envelope, Event, EventKind, MsgId, Op, Simulation};

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
}

/// A question about the next event of a run, with its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// What it asks.
    pub kind: Kind,
    /// The message about to be delivered.
    pub envelope: Envelope,
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
    /// The message the question is about.
    pub fn msg(&self) -> MsgId {
        self.envelope.id
    }

    /// The node that receives it.
    pub fn node(&self) -> NodeId {
        self.envelope.to
    }

    /// Whether choice `i` is right.
    pub fn is_right(&self, i: usize) -> bool {
        i == self.answer
    }

    /// How hard it is: 1 for a single acceptor's or learner's rule, 2 for P2c, 3 for P2c with
    /// several different values reported.
    pub fn level(&self) -> u8 {
        let reported = self
            .choices
            .iter()
            .filter(|c| matches!(c, Answer::Propose(_)))
            .count();
        match self.kind {
            Kind::Value if reported > 2 => 3,
            Kind::Value => 2,
            _ => 1,
        }
    }
}

/// The question about the event `sim` would deliver next, if there is one to ask.
pub fn next_question(sim: &Simulation) -> Option<Question> {
    if sim.config.multi.is_some() {
        return None;
    }
    let envelope = sim.next_message()?.clone();
    let mut after = sim.clone();
    let mut outcome = Vec::new();
    after.apply(&Op::Step, &mut outcome).ok()?;
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
    let (kind, choices, right, rule) = match &envelope.message {
        Message::Prepare { .. } => {
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
        Message::Accepted { value, .. } => {
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
        envelope,
        promised,
        choices,
        answer,
        rule,
        outcome,
    })
}

/// The values a proposer could send once `reported` completes its majority: those reported in
/// its promises, highest-numbered first, then its own.
fn value_choices(sim: &Simulation, proposer: NodeId, reported: Option<&Proposal>) -> Vec<Answer> {
    let node = &sim.nodes[&proposer];
    let mut proposals: Vec<&Proposal> = match &node.proposer.phase {
        Phase::Preparing { promises, .. } => promises.values().flatten().chain(reported).collect(),
        _ => Vec::new(),
    };
    proposals.sort_by_key(|p| std::cmp::Reverse(p.ballot));
    let own = node.proposer.wish.as_ref().map(|w| &w.value);
    let mut choices: Vec<Answer> = Vec::new();
    for value in proposals.iter().map(|p| &p.value).chain(own) {
        let choice = Answer::Propose(value.clone());
        if !choices.contains(&choice) {
            choices.push(choice);
        }
    }
    choices
}
