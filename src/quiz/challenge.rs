//! # Challenges: try to break Paxos, and make it live
//!
//! BeatPaxos made a game of breaking safety; here the judge is the real safety checker, the same
//! [`Violation`] the page's banner shows and the model checker looks for. A challenge starts
//! from a built-in scenario with its rules set, and gives the student a budget of actions.
//!
//! | challenge            | rules                    | goal                          | budget |
//! |----------------------|--------------------------|-------------------------------|--------|
//! | `break-accept-first` | `accept-first` (P1 alone) | two values chosen             | 6      |
//! | `break-no-adoption`  | `no-adoption` (no P2c)   | two values chosen             | 21     |
//! | `break-paxos`        | correct Paxos            | two values chosen: impossible | 21     |
//! | `make-it-live`       | the livelock             | a value chosen, with a fix on | 4      |
//!
//! A budget to break a variant is the model checker's shortest path to two values chosen, in
//! the same two proposers and three acceptors, plus half again: every op counts, a message
//! delivered as much as a proposal, a drop or a crash, as every transition does in the search
//! (`tests/model_check.rs` pins the lengths). Correct Paxos gets the budget of `no-adoption`:
//! the same moves would break it if P2c did not forbid them. Making the livelock live counts
//! only what the student does, not time passing, since playing is how a run reaches a decision.

use crate::paxos::{Liveness, Variant};
use crate::sim::{Event, EventKind, Invariant, Op, Simulation};

/// A challenge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Challenge {
    /// Break P1 alone (accept the first proposal that arrives): two values chosen.
    AcceptFirst,
    /// Break Paxos without P2c (the proposer keeps its own value): two values chosen.
    NoAdoption,
    /// Try to break correct Paxos: two values chosen. No run can.
    Correct,
    /// End the livelock: a value chosen, with a leader or random back-off turned on.
    Live,
}

/// The model checker's shortest path to two values chosen under `accept-first`, in steps.
pub const SHORTEST_ACCEPT_FIRST: usize = 4;
/// The same under `no-adoption`.
pub const SHORTEST_NO_ADOPTION: usize = 14;

impl Challenge {
    /// Every challenge, in the order the page lists them.
    pub const ALL: [Challenge; 4] = [
        Challenge::AcceptFirst,
        Challenge::NoAdoption,
        Challenge::Correct,
        Challenge::Live,
    ];

    /// Its name in the address (`?exercise=`) and in saved progress.
    pub fn name(self) -> &'static str {
        match self {
            Challenge::AcceptFirst => "break-accept-first",
            Challenge::NoAdoption => "break-no-adoption",
            Challenge::Correct => "break-paxos",
            Challenge::Live => "make-it-live",
        }
    }

    /// The challenge of this name.
    pub fn from_name(name: &str) -> Option<Challenge> {
        Challenge::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The built-in scenario it starts from.
    pub fn scenario(self) -> &'static str {
        match self {
            Challenge::Live => "livelock",
            _ => "sandbox",
        }
    }

    /// The broken variant it turns on, if any.
    pub fn variant(self) -> Option<Variant> {
        match self {
            Challenge::AcceptFirst => Some(Variant::AcceptFirst),
            Challenge::NoAdoption => Some(Variant::NoAdoption),
            _ => None,
        }
    }

    /// How many actions it allows.
    pub fn budget(self) -> usize {
        let slack = |shortest: usize| shortest + shortest.div_ceil(2);
        match self {
            Challenge::AcceptFirst => slack(SHORTEST_ACCEPT_FIRST),
            Challenge::NoAdoption | Challenge::Correct => slack(SHORTEST_NO_ADOPTION),
            Challenge::Live => 4,
        }
    }

    /// Whether `op` counts against the budget.
    pub fn counts(self, op: &Op) -> bool {
        self != Challenge::Live || *op != Op::Step
    }

    /// Whether `op` changes the rules, which a challenge to break them does not allow.
    pub fn forbids(self, op: &Op) -> bool {
        self != Challenge::Live
            && matches!(
                op,
                Op::Set { .. } | Op::SetLearning { .. } | Op::SetLiveness { .. }
            )
    }

    /// Whether `events`, those of one op, reach the goal: a value chosen, or two.
    pub fn reaches(self, events: &[Event]) -> bool {
        events.iter().any(|e| match &e.kind {
            EventKind::Chosen { .. } => self == Challenge::Live,
            EventKind::Unsafe { violation, .. } => {
                self != Challenge::Live && violation.invariant() == Invariant::TwoValuesChosen
            }
            _ => false,
        })
    }

    /// Whether the run has reached the goal.
    pub fn reached(self, sim: &Simulation) -> bool {
        match self {
            Challenge::Live => {
                sim.config.liveness != Liveness::None && !sim.chosen_proposals().is_empty()
            }
            _ => sim
                .violations
                .iter()
                .any(|(v, _)| v.invariant() == Invariant::TwoValuesChosen),
        }
    }
}

/// How a challenge stands after the ops `done` since it began, in the world `sim` they lead to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// The actions counted so far.
    pub used: usize,
    /// The goal is reached within the budget.
    pub won: bool,
    /// The budget is spent and the goal not reached.
    pub spent: bool,
    /// The rules were changed: the challenge no longer counts.
    pub void: bool,
}

/// How `challenge` stands after `done`, the ops since it began; `reached`, if the goal is
/// reached, is how many of them had been applied when it first was. A win within the budget
/// stays a win: the actions after it do not take it back.
pub fn standing(challenge: Challenge, done: &[Op], reached: Option<usize>) -> Standing {
    let counted = |ops: &[Op]| ops.iter().filter(|op| challenge.counts(op)).count();
    let used = counted(done);
    let void = done.iter().any(|op| challenge.forbids(op));
    let won =
        !void && reached.is_some_and(|k| counted(&done[..k.min(done.len())]) <= challenge.budget());
    Standing {
        used,
        won,
        spent: !won && used >= challenge.budget(),
        void,
    }
}
