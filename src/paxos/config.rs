//! Who plays which role, and the protocol's switches.
//!
//! The defaults are Basic Paxos as "Paxos Made Simple" states it. Every other setting is either a
//! legitimate option the notes discuss (NACKs, retries, learner strategies, a distinguished proposer)
//! or a [`Variant`]: a deliberately broken rule that exists to show *why* the real rule is needed.

use super::{NodeId, Replica, Slot, Value};
use crate::sorted::VecSet;
use serde::{Deserialize, Serialize};

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
    /// How acceptors tell learners what they accepted (the course notes' three learner strategies).
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
    /// How livelock between retrying proposers is avoided ("Paxos Made Simple", §2.4).
    pub liveness: Liveness,
    /// The broken teaching variants that are switched on.
    pub variants: VecSet<Variant>,
    /// Multi-Paxos: a replicated log of commands instead of one value. Absent, the default, for
    /// single-decree Paxos.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi: Option<Multi>,
}

/// The rules of a Multi-Paxos run: the replicated state machine of seed 004 §3.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Multi {
    /// The nodes that execute the chosen commands, in slot order.
    pub replicas: Vec<NodeId>,
    /// How many commands a leader may have proposed without knowing them chosen (seed 004 §3.6:
    /// "the leader can propose command 136 before it knows 135 is chosen").
    pub window: u32,
    /// The state machine every replica runs.
    pub machine: MachineKind,
    /// Reconfiguration (seed 004 §3.7; "Paxos Made Simple", §3): a `config a,b,d` command chosen
    /// in slot i makes those the acceptors of every slot from i+α on, and a leader never proposes
    /// in a slot ≥ i+α before it knows what slot i chose. α bounds how far a leader may get
    /// ahead of the first slot it does not know.
    pub alpha: u32,
    /// The nodes' ids as a scenario writes them, by [`NodeId`]: the names a `config` command
    /// lists.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
}

/// The α of a Multi-Paxos run that does not name one: wide enough never to hold back a leader of
/// the tours without reconfiguration.
pub const DEFAULT_ALPHA: u32 = 10;

impl Default for Multi {
    fn default() -> Self {
        Multi {
            replicas: Vec::new(),
            window: 3,
            machine: MachineKind::Bank,
            alpha: DEFAULT_ALPHA,
            names: Vec::new(),
        }
    }
}

/// The first word of a reconfiguration command: `config a,b,d`.
pub const CONFIG: &str = "config";

/// The names a reconfiguration command lists, `["a", "b", "d"]` from `"config a,b,d"`: a command
/// of the replicated state machine itself, which every machine understands.
pub fn config_names(command: &str) -> Option<Vec<&str>> {
    let rest = command.strip_prefix(CONFIG)?.strip_prefix(' ')?;
    let names: Vec<&str> = rest.split(',').map(str::trim).collect();
    names
        .iter()
        .all(|n| !n.is_empty() && !n.contains(char::is_whitespace))
        .then_some(names)
}

/// Which deterministic state machine the replicas run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MachineKind {
    /// The notes' bank: a balance, `deposit N` and `withdraw N`.
    Bank,
    /// A key-value map: `set K V` and `del K`.
    KeyValue,
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
            variants: VecSet::new(),
            multi: None,
        }
    }
}

/// Three ways for learners to find out what was chosen ("Paxos Made Simple", §2.3, "Learning a
/// Chosen Value"; the course notes give the same three with their message counts).
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
    /// A stricter reading some course notes give: accept only the number last promised
    /// (n = promised). Also safe, but refuses an Accept whose Prepare never arrived.
    EqualPromised,
}

/// How proposers avoid pre-empting each other forever (livelock, 活锁; "Paxos Made Simple", §2.4,
/// "Progress").
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

/// A broken rule, each taken from a wrong turn of the derivation in "Paxos Made Simple", §2.2,
/// or from a mistake real implementations make. Switching one on makes Paxos unsafe: the
/// safety checker finds two values chosen, and says which rule was broken first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// P1 alone: accept the first proposal received, and count a value chosen as soon as one
    /// acceptor accepts it. The annual-meeting example, case 1.
    AcceptFirst,
    /// The proposer ignores the values reported in promises: P2c is broken. The annual-meeting
    /// example, case 2.
    NoAdoption,
    /// A node that restarts has lost its stable storage: an acceptor its promise and accepted
    /// proposal, a proposer the highest number it used.
    Amnesia,
    /// Majorities are counted among the acceptors that are alive right now.
    LiveQuorum,
    /// Two mistakes together: proposers share one sequence of numbers, so two of them may use
    /// the same ballot, *and* an acceptor promises a number equal to its promise again. Either
    /// alone is safe: with strict promises, two proposers with the same number cannot both get a
    /// majority, and with unique numbers an equal `Prepare` can only be a copy of one already
    /// answered.
    ReusedBallots,
    /// Multi-Paxos: a new leader skips phase 1 and proposes at once, because it "knows it is
    /// leader". Another node that also believes it leads may have got a different command chosen
    /// in the same slot.
    SkipPhase1,
    /// Multi-Paxos: a new leader fills every slot it does not know to be chosen with a no-op,
    /// without looking at what the promises report, and so may overwrite a chosen command.
    NoopFill,
    /// Multi-Paxos: a reconfiguration takes effect at once, α = 0 while commands are in flight.
    /// The leader does not wait to learn what a slot chose before proposing in the slots after
    /// it, and sends each `Accept` to the acceptors it last knew of, which a `config` command in
    /// flight may already have replaced: a majority of the old set need not meet one of the new.
    InstantConfig,
}

impl Variant {
    /// All variants, in order.
    pub const ALL: [Variant; 8] = [
        Variant::AcceptFirst,
        Variant::NoAdoption,
        Variant::Amnesia,
        Variant::LiveQuorum,
        Variant::ReusedBallots,
        Variant::SkipPhase1,
        Variant::NoopFill,
        Variant::InstantConfig,
    ];

    /// The variants of single-decree Paxos, the first five.
    pub const SINGLE_DECREE: [Variant; 5] = [
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

    /// The size of a quorum that nodes count to. Majority (⌊N/2⌋+1) of *all* configured
    /// acceptors, so any two quorums share an acceptor. `accept-first` needs just one;
    /// `live-quorum` counts only the `live` acceptors, and two such "majorities" at different
    /// times need not meet.
    pub fn quorum(&self, live_acceptors: usize) -> usize {
        if self.has(Variant::LiveQuorum) && !self.has(Variant::AcceptFirst) {
            live_acceptors / 2 + 1
        } else {
            self.chosen_quorum()
        }
    }

    /// How many acceptors must accept one proposal for it to be **chosen**: a majority of all
    /// configured acceptors, dead or alive ("Paxos Made Simple", §2.2). This is a fact about the
    /// acceptors, whether or not any node has counted it; `live-quorum` changes what nodes count,
    /// not what is chosen. Only `accept-first`, P1 alone, redefines it: there one acceptance
    /// chooses a value, which is exactly the naive rule that case 1 of the annual meeting breaks.
    pub fn chosen_quorum(&self) -> usize {
        if self.has(Variant::AcceptFirst) {
            1
        } else {
            self.acceptors.len() / 2 + 1
        }
    }

    /// The acceptors a reconfiguration command names, in the order it names them, if it is one
    /// and every name is a node's.
    pub fn reconfiguration(&self, command: &Value) -> Option<Vec<NodeId>> {
        let names = &self.multi.as_ref()?.names;
        config_names(command.as_str())?
            .into_iter()
            .map(|n| names.iter().position(|m| m == n).map(|i| NodeId(i as u32)))
            .collect()
    }

    /// The acceptors in force at `slot`, as far as `known`, the commands a node knows chosen,
    /// tells: those of the last reconfiguration chosen in a slot ≤ `slot` − α, or the configured
    /// ones if there is none (seed 004 §3.7). `None` if a slot ≤ `slot` − α is not known: it may
    /// hold a reconfiguration. Single-decree Paxos has one configuration.
    pub fn acceptors_at(&self, known: &Replica, slot: Slot) -> Option<Vec<NodeId>> {
        let Some(multi) = &self.multi else {
            return Some(self.acceptors.clone());
        };
        let last = slot.0.saturating_sub(multi.alpha);
        // Broken `instant-config`: a slot not known yet counts as no reconfiguration.
        if known.first_unknown().0 <= last && !self.has(Variant::InstantConfig) {
            return None;
        }
        let in_force = known
            .reconfigurations()
            .iter()
            .rev()
            .filter(|s| s.0 <= last)
            .find_map(|s| self.reconfiguration(known.chosen.get(s)?));
        Some(in_force.unwrap_or_else(|| self.acceptors.clone()))
    }

    /// The quorum nodes count to among `acceptors`, the set in force at some slot: for the
    /// configured acceptors [`Config::quorum`], for any other set a majority of it.
    pub fn quorum_of(&self, acceptors: &[NodeId], live_acceptors: usize) -> usize {
        if acceptors == self.acceptors.as_slice() {
            self.quorum(live_acceptors)
        } else {
            self.chosen_quorum_of(acceptors)
        }
    }

    /// How many of `acceptors`, the set in force at some slot, must accept a proposal there for
    /// it to be chosen: [`Config::chosen_quorum`] of that set.
    pub fn chosen_quorum_of(&self, acceptors: &[NodeId]) -> usize {
        if self.has(Variant::AcceptFirst) {
            1
        } else {
            acceptors.len() / 2 + 1
        }
    }

    /// Whether a switch is on.
    pub fn is_on(&self, switch: Switch) -> bool {
        match switch {
            Switch::Nacks => self.nacks,
            Switch::Retry => self.retry,
            Switch::AcceptToAll => self.accept_to_all,
            Switch::AcceptEqual => self.accept_rule == AcceptRule::EqualPromised,
            Switch::Variant(v) => self.has(v),
        }
    }

    /// Turns a switch on or off.
    pub fn set(&mut self, switch: Switch, on: bool) {
        match switch {
            Switch::Nacks => self.nacks = on,
            Switch::Retry => self.retry = on,
            Switch::AcceptToAll => self.accept_to_all = on,
            Switch::AcceptEqual => {
                self.accept_rule = if on {
                    AcceptRule::EqualPromised
                } else {
                    AcceptRule::AtLeastPromised
                }
            }
            Switch::Variant(v) => {
                if on {
                    self.variants.insert(v);
                } else {
                    self.variants.remove(&v);
                }
            }
        }
    }

    /// Whether `node` is a replica of a Multi-Paxos run: it executes the chosen commands.
    pub fn is_replica(&self, node: NodeId) -> bool {
        self.multi
            .as_ref()
            .is_some_and(|m| m.replicas.contains(&node))
    }

    /// The learners an acceptor sends `Accepted` to, by the learning strategy. In Multi-Paxos
    /// none: the leader is the distinguished learner (seed 004 §2.9.1), and tells the replicas.
    pub fn accepted_targets(&self) -> Vec<NodeId> {
        if self.multi.is_some() {
            return Vec::new();
        }
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

/// One of the three roles of Paxos. In JSON: `"proposer"`, `"acceptor"`, `"learner"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Proposes values.
    Proposer,
    /// Promises and accepts: the memory of the protocol.
    Acceptor,
    /// Learns the chosen value.
    Learner,
}

impl Role {
    /// The three roles, in the order the stage lists them.
    pub const ALL: [Role; 3] = [Role::Proposer, Role::Acceptor, Role::Learner];
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

impl Roles {
    /// The roles held, in the order proposer, acceptor, learner.
    pub fn held(self) -> Vec<Role> {
        Role::ALL.into_iter().filter(|&r| self.has(r)).collect()
    }

    /// Whether the node holds `role`.
    pub fn has(self, role: Role) -> bool {
        match role {
            Role::Proposer => self.proposer,
            Role::Acceptor => self.acceptor,
            Role::Learner => self.learner,
        }
    }
}

/// A switch that can be flipped during a run, written as its name: `"nacks"`, `"amnesia"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Switch {
    /// Answer refused requests with `Nack`.
    Nacks,
    /// Proposers retry after a timeout or a `Nack`.
    Retry,
    /// Phase 2 goes to every prepared acceptor.
    AcceptToAll,
    /// The stricter acceptor: accept only n = promised.
    AcceptEqual,
    /// A broken variant.
    #[serde(untagged)]
    Variant(Variant),
}

impl Switch {
    /// Every switch's name, as scenarios and traces write it.
    pub const NAMES: [&'static str; 12] = [
        "nacks",
        "retry",
        "accept-to-all",
        "accept-equal",
        "accept-first",
        "no-adoption",
        "amnesia",
        "live-quorum",
        "reused-ballots",
        "skip-phase1",
        "noop-fill",
        "instant-config",
    ];
}

/// Read by name. A derived `Deserialize` would try the variants as an untagged alternative and,
/// for a misspelt name, only say that nothing matched; this one lists the names.
impl<'de> Deserialize<'de> for Switch {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Switch, D::Error> {
        use serde::de::{value, Error, IntoDeserializer};
        let name = String::deserialize(deserializer)?;
        Ok(match name.as_str() {
            "nacks" => Switch::Nacks,
            "retry" => Switch::Retry,
            "accept-to-all" => Switch::AcceptToAll,
            "accept-equal" => Switch::AcceptEqual,
            other => Switch::Variant(
                Variant::deserialize(IntoDeserializer::<value::Error>::into_deserializer(other))
                    .map_err(|_| D::Error::unknown_variant(other, &Switch::NAMES))?,
            ),
        })
    }
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
    fn switches_read_back_what_was_set() {
        let mut c = with_acceptors(3);
        let all = [
            Switch::Nacks,
            Switch::Retry,
            Switch::AcceptToAll,
            Switch::AcceptEqual,
        ]
        .into_iter()
        .chain(Variant::ALL.map(Switch::Variant));
        for switch in all {
            assert!(!c.is_on(switch), "{switch:?}");
            c.set(switch, true);
            assert!(c.is_on(switch), "{switch:?}");
            c.set(switch, false);
            assert!(!c.is_on(switch), "{switch:?}");
        }
        assert_eq!(c, with_acceptors(3));
    }

    #[test]
    fn chosen_needs_a_true_majority_even_under_live_quorum() {
        let mut c = with_acceptors(5);
        c.variants.insert(Variant::LiveQuorum);
        assert_eq!(c.quorum(2), 2);
        assert_eq!(c.chosen_quorum(), 3);
        c.variants.insert(Variant::AcceptFirst);
        assert_eq!(c.chosen_quorum(), 1);
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
