//! Who plays which role, and the protocol's switches.
//!
//! The defaults are Basic Paxos as "Paxos Made Simple" states it. Every other setting is either a
//! legitimate option the notes discuss (NACKs, retries, learner strategies, a distinguished proposer)
//! or a [`Variant`]: a deliberately broken rule that exists to show *why* the real rule is needed.

use super::NodeId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The cluster's membership and rules. Majorities are always counted over `acceptors`, the
/// configured acceptors, never over the live ones (unless the broken `live-quorum` variant is on).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Nodes that act as proposers, in the order that assigns their disjoint ballot sets.
    pub proposers: Vec<NodeId>,
    /// Nodes that act as acceptors. A majority is `acceptors.len() / 2 + 1` of them.
    pub acceptors: Vec<NodeId>,
    /// Nodes that act as learners.
    pub learners: Vec<NodeId>,
    /// How acceptors tell learners what they accepted (seed 004, 2.6).
    pub learning: Learning,
    /// Refused requests are answered with a `Nack` instead of being ignored (the notes ignore them).
    pub nacks: bool,
    /// A proposer that times out, or is refused, retries with a higher number.
    pub retry: bool,
    /// Ticks a proposer waits before it retries.
    pub timeout: u32,
    /// Phase 2 goes to every acceptor the proposer prepared, not only to those that promised.
    pub accept_to_all: bool,
    /// Which reading of the acceptor's phase-2 rule is in force.
    pub accept_rule: AcceptRule,
    /// How livelock between retrying proposers is avoided (seed 004, 2.8).
    pub liveness: Liveness,
    /// The broken teaching variants that are switched on.
    pub variants: BTreeSet<Variant>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            proposers: Vec::new(),
            acceptors: Vec::new(),
            learners: Vec::new(),
            learning: Learning::AllLearners,
            nacks: false,
            retry: false,
            timeout: 60,
            accept_to_all: false,
            accept_rule: AcceptRule::AtLeastPromised,
            liveness: Liveness::None,
            variants: BTreeSet::new(),
        }
    }
}

/// The notes' three ways for learners to find out what was chosen (seed 004, 2.6.1–2.6.3).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "strategy", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Learning {
    /// Every acceptor tells every learner: A×L messages, no single point of failure.
    AllLearners,
    /// Acceptors tell one distinguished learner, which relays `Chosen`: A+L messages, but if it
    /// fails nobody else learns.
    Distinguished {
        /// The distinguished learner.
        learner: NodeId,
    },
    /// Acceptors tell a set of distinguished learners, each of which relays `Chosen`.
    DistinguishedSet {
        /// The distinguished learners.
        learners: Vec<NodeId>,
    },
}

/// The acceptor's phase-2 rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AcceptRule {
    /// "Paxos Made Simple", P1a: accept ⟨n, v⟩ unless a prepare numbered above n was promised (n ≥ promised).
    AtLeastPromised,
    /// Seed 001's reading: accept only the number that was last promised (n = promised). Also safe,
    /// but refuses an Accept whose Prepare never arrived.
    EqualPromised,
}

/// How proposers avoid pre-empting each other forever (活锁, seed 000 and 004, 2.8).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Liveness {
    /// Every proposer retries on its own: two of them can duel forever.
    None,
    /// Only the distinguished proposer retries; the others defer to it.
    Distinguished {
        /// The distinguished proposer (the leader).
        proposer: NodeId,
    },
    /// Each retry waits a random extra delay, so one proposer usually gets through first.
    RandomBackoff {
        /// The largest extra delay, in ticks.
        max_extra: u32,
    },
}

/// A broken rule, each taken from a wrong turn the notes' derivation takes (seed 003), or from a
/// mistake real implementations make. Switching one on makes Paxos unsafe, and the safety
/// checker finds the counterexample.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// P1 alone: accept the first proposal received, and count a value decided as soon as anyone
    /// accepts it. Annual meeting, case 1.
    AcceptFirst,
    /// The proposer ignores the values reported in promises: P2c is broken. Annual meeting, case 2.
    NoAdoption,
    /// An acceptor forgets its promise and accepted proposal when it restarts: no stable storage.
    Amnesia,
    /// Majorities are counted among the acceptors that are alive right now.
    LiveQuorum,
    /// Proposers share one sequence of numbers, so two of them may use the same ballot.
    ReusedBallots,
}

impl Variant {
    /// All variants, in order.
    pub const ALL: [Variant; 5] = [
        Variant::AcceptFirst,
        Variant::NoAdoption,
        Variant::Amnesia,
        Variant::LiveQuorum,
        Variant::ReusedBallots,
    ];
}

impl Config {
    /// Whether a broken variant is on.
    pub fn has(&self, variant: Variant) -> bool {
        self.variants.contains(&variant)
    }

    /// The size of a quorum. Majority (seed 000: ⌊N/2⌋+1) of *all* configured acceptors, so any
    /// two quorums share an acceptor. `accept-first` needs just one; `live-quorum` counts only the
    /// `live` acceptors, and two such "majorities" at different times need not meet.
    pub fn quorum(&self, live_acceptors: usize) -> usize {
        if self.has(Variant::AcceptFirst) {
            1
        } else if self.has(Variant::LiveQuorum) {
            live_acceptors / 2 + 1
        } else {
            self.acceptors.len() / 2 + 1
        }
    }

    /// The learners an acceptor sends `Accepted` to, by the learning strategy.
    pub fn accepted_targets(&self) -> Vec<NodeId> {
        match &self.learning {
            Learning::AllLearners => self.learners.clone(),
            Learning::Distinguished { learner } => vec![*learner],
            Learning::DistinguishedSet { learners } => learners.clone(),
        }
    }

    /// Whether `node` relays `Chosen` to the other learners once it has learned.
    pub fn is_relay(&self, node: NodeId) -> bool {
        match &self.learning {
            Learning::AllLearners => false,
            Learning::Distinguished { learner } => *learner == node,
            Learning::DistinguishedSet { learners } => learners.contains(&node),
        }
    }

    /// Whether `node` holds each role.
    pub fn roles(&self, node: NodeId) -> Roles {
        Roles {
            proposer: self.proposers.contains(&node),
            acceptor: self.acceptors.contains(&node),
            learner: self.learners.contains(&node),
        }
    }
}

/// The roles one node holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Roles {
    /// Proposes values.
    pub proposer: bool,
    /// Promises and accepts.
    pub acceptor: bool,
    /// Learns the chosen value.
    pub learner: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_acceptors(n: u32) -> Config {
        Config {
            acceptors: (0..n).map(NodeId).collect(),
            ..Config::default()
        }
    }

    #[test]
    fn majority_is_of_all_configured_acceptors() {
        assert_eq!(with_acceptors(3).quorum(1), 2);
        assert_eq!(with_acceptors(4).quorum(4), 3);
        assert_eq!(with_acceptors(5).quorum(2), 3);
        // Why odd sizes: 4 acceptors need 3, so they survive one failure, like 3 acceptors.
        assert_eq!(
            4 - with_acceptors(4).quorum(4),
            3 - with_acceptors(3).quorum(3)
        );
    }

    #[test]
    fn broken_quorums() {
        let mut c = with_acceptors(5);
        c.variants.insert(Variant::LiveQuorum);
        assert_eq!(c.quorum(3), 2);
        c.variants.insert(Variant::AcceptFirst);
        assert_eq!(c.quorum(5), 1);
    }
}
