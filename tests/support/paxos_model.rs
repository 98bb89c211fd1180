//! A [`stateright`] model of the very Paxos core the simulator runs, shared by
//! `tests/model_check.rs` and `examples/bench.rs` (each includes this file with `#[path]`).
//!
//! The model never re-implements Paxos. Its state holds [`Node`]s, and every transition is one
//! call of [`Node::propose`], [`Node::handle`], [`Node::on_timeout`], [`Node::crash`] or
//! [`Node::recover`]. Every transition is also shown to the simulator's own safety [`Monitor`],
//! which remembers every acceptance and sees the instant a value becomes chosen. The model is
//! only the world around the nodes, which may do anything an asynchronous system may do:
//!
//! * **Network.** Every message ever sent stays in a set of `(from, to, message)`, and delivering
//!   one keeps it there. Delivering a message twice is duplication, delivering messages in any
//!   order is reordering, and never delivering one is loss. For safety this one network stands for
//!   every lossy, duplicating, reordering one: a node's state depends only on the messages it
//!   handled, and any sequence of deliveries such a network allows, this one allows too. A setup
//!   may let the model forget messages that can never again have an effect
//!   ([`State::forget_spent`]): then the network holds what is still in flight.
//! * **Timers** fire in any order and at any time: a proposer's timer for ballot `b` may fire the
//!   moment after it was set, or never. A firing calls [`Node::on_timeout`], which retries with a
//!   higher number if the attempt is unfinished.
//! * **Crashes.** A node that the [`Setup`] lets crash (acceptors, proposers, learners) stops
//!   handling messages and loses its volatile state, and may restart from stable storage, which
//!   the broken `amnesia` variant wipes. Messages to a node that is down wait until it
//!   restarts, or are never delivered.
//!
//! **The cluster** is a [`Setup`]: proposers first (each with its own value), then acceptors,
//! then learners, with the rules and bounds that keep the state space finite: the highest ballot
//! an attempt may start with, and the number of crashes and restarts together.
//!
//! **Properties**, named as the checker reports them. Each `always` is one invariant of
//! [`paxos_lab::sim::safety`], as the [`Monitor`] found it:
//! * `always` "agreement", "decisions are chosen", "validity", "accept within promise",
//!   "promises never decrease", "stable storage", "unique ballots";
//! * `sometimes` "chosen before anyone learns": a majority has accepted, nobody knows yet;
//! * `sometimes` "two proposers in phase 2": both proposers have sent an Accept;
//! * `sometimes` "chosen after a restart": a value became chosen after some node restarted;
//! * `sometimes` "learned": some node learned a chosen value.

#![allow(dead_code)]

use paxos_lab::paxos::{
    Ballot, Config, Context, Effects, Learning, Message, Node, NodeId, Phase, Proposal, Value,
    Variant,
};
use paxos_lab::sim::{Invariant, Monitor};
use paxos_lab::sorted::VecSet;
use stateright::{Checker, HasDiscoveries, Model, Property};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A cluster to check: who is who, the rules, and the bounds of the search.
#[derive(Clone, Debug)]
pub struct Setup {
    /// Its name, as tests print it.
    pub name: &'static str,
    /// The proposers, each with the value it proposes.
    pub proposers: Vec<(NodeId, Value)>,
    /// The acceptors.
    pub acceptors: Vec<NodeId>,
    /// The learners.
    pub learners: Vec<NodeId>,
    /// The protocol's configuration (its role lists are filled in from the fields above).
    pub config: Config,
    /// No proposer starts an attempt numbered above this.
    pub max_ballot: Ballot,
    /// At most this many crashes and restarts, together, per run.
    pub max_faults: u8,
    /// The nodes that may crash.
    pub crashable: Vec<NodeId>,
    /// Whether the model forgets messages and timers whose delivery or firing can never again
    /// change anything (see [`State::forget_spent`]). Only for correct Paxos without faults.
    pub forget_spent: bool,
}

impl Setup {
    /// `proposers` proposers (values "a", "b", …), `acceptors` acceptors and `learners` learners,
    /// numbered in that order, with retries on and everything else at its default.
    pub fn new(name: &'static str, proposers: u32, acceptors: u32, learners: u32) -> Setup {
        let values = ["a", "b", "c"];
        let p: Vec<(NodeId, Value)> = (0..proposers)
            .map(|i| (NodeId(i), Value::from(values[i as usize])))
            .collect();
        let a: Vec<NodeId> = (proposers..proposers + acceptors).map(NodeId).collect();
        let l: Vec<NodeId> = (proposers + acceptors..proposers + acceptors + learners)
            .map(NodeId)
            .collect();
        let config = Config {
            proposers: p.iter().map(|(id, _)| *id).collect(),
            acceptors: a.clone(),
            learners: l.clone(),
            retry: true,
            ..Config::default()
        };
        Setup {
            name,
            proposers: p,
            crashable: a.clone(),
            acceptors: a,
            learners: l,
            config,
            max_ballot: Ballot(3),
            max_faults: 0,
            forget_spent: false,
        }
    }

    /// The same setup with broken `variants` on, named after them.
    pub fn with(mut self, variants: &[Variant]) -> Setup {
        self.config.variants.extend(variants.iter().copied());
        self
    }

    fn node_count(&self) -> usize {
        self.proposers.len() + self.acceptors.len() + self.learners.len()
    }
}

/// Five of the setups that run in CI, with the features each one covers. Together they cover
/// proposer and acceptor crashes, learners under each strategy, NACKs, accept-to-all,
/// accept-equal, an even cluster, and a retry; [`retries_twice`] adds two retries by each
/// proposer. (`crashes` has no learner: each proposer
/// learns its own proposal, which is a decision the monitor checks like any other.)
pub fn default_setups() -> Vec<Setup> {
    // Two proposers and three acceptors; a proposer or an acceptor may crash and restart, twice
    // in all. Ballots up to 3: one retry.
    let mut crashes = Setup::new("crashes", 2, 3, 0);
    crashes.max_faults = 2;
    crashes.crashable = vec![NodeId(0), NodeId(2), NodeId(3), NodeId(4)];
    // No faults, NACKs on, each proposer's first attempt (ballots 1 and 2): a refusal answered
    // with a Nack, and the proposer giving up; one learner that every acceptor tells. (With
    // NACKs the network holds so many more messages that a retry, ballot 3, takes the search out
    // of CI's budget.)
    let mut retries = Setup::new("nacks", 2, 3, 1);
    retries.config.nacks = true;
    retries.max_ballot = Ballot(2);
    // A distinguished learner relays to another; phase 2 goes to every acceptor; the relay or
    // any one acceptor may crash. (Every acceptor, not one: the symmetry reduction needs the
    // acceptors to be interchangeable.)
    let mut relay = Setup::new("relay", 2, 3, 2);
    relay.config.learning = Learning::Distinguished { learner: NodeId(5) };
    relay.config.accept_to_all = true;
    relay.max_ballot = Ballot(2);
    relay.max_faults = 1;
    relay.crashable = vec![NodeId(2), NodeId(3), NodeId(4), NodeId(5)];
    // Four acceptors (a majority is 3), the n = promised acceptor, and one acceptor crash.
    let mut even = Setup::new("even", 2, 4, 0);
    even.config.accept_rule = paxos_lab::paxos::AcceptRule::EqualPromised;
    even.max_ballot = Ballot(2);
    even.max_faults = 1;
    // A set of two relaying learners and one more learner; one proposer, which may retry once,
    // and a relay that may crash.
    let mut set = Setup::new("set", 1, 3, 3);
    set.config.learning = Learning::DistinguishedSet {
        learners: vec![NodeId(4), NodeId(5)],
    };
    set.max_ballot = Ballot(2);
    set.max_faults = 1;
    set.crashable = vec![NodeId(4)];
    vec![crashes, retries, relay, even, set]
}

/// Each proposer can retry twice (ballots 1, 3, 5 and 2, 4, 6), no faults, no NACKs, and the
/// model forgets spent messages, timers and hopeless proposals ([`State::forget_spent`]), which
/// brings the search from many millions of states down to about two million.
pub fn retries_twice() -> Setup {
    let mut setup = Setup::new("retries twice", 2, 3, 0);
    setup.max_ballot = Ballot(6);
    setup.forget_spent = true;
    setup
}

/// A message on the network.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sent {
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// Contents.
    pub message: Message,
}

/// One reachable world. Nodes, messages and the monitor sit behind `Arc`s, so that the many
/// copies the search makes share everything a transition did not change.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct State {
    /// Every node, indexed by id.
    pub nodes: Vec<Arc<Node>>,
    /// Every message ever sent, sorted, each once.
    pub network: Vec<Arc<Sent>>,
    /// Timers set and not yet fired: `(proposer, ballot)`, sorted.
    pub timers: Vec<(NodeId, Ballot)>,
    /// The nodes that are down.
    pub down: BTreeSet<NodeId>,
    /// Crashes and restarts so far.
    pub faults: u8,
    /// Whether a value became chosen after some node had restarted.
    pub chosen_after_restart: bool,
    /// The safety checker's memory of the run.
    pub monitor: Arc<Monitor>,
    /// The acceptors, which [`representative`] may rename among themselves.
    pub acceptors: Arc<[NodeId]>,
}

/// What may happen next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// A client asks this proposer to propose its value.
    Propose(NodeId),
    /// The network delivers a message (and keeps a copy, which may be delivered again).
    Deliver(Arc<Sent>),
    /// A proposer's timer for `ballot` fires.
    Timeout {
        /// The proposer.
        node: NodeId,
        /// The attempt the timer belongs to.
        ballot: Ballot,
    },
    /// A node crashes.
    Crash(NodeId),
    /// A crashed node restarts.
    Restart(NodeId),
}

/// The model: a setup, explored.
#[derive(Clone, Debug)]
pub struct PaxosModel {
    /// The cluster and its bounds.
    pub setup: Setup,
}

impl PaxosModel {
    /// A model of `setup`.
    pub fn new(setup: Setup) -> Self {
        if setup.forget_spent {
            let config = &setup.config;
            let one_role = |id: &NodeId| {
                let roles = config.roles(*id);
                roles.proposer as u8 + roles.acceptor as u8 + roles.learner as u8 == 1
            };
            assert!(
                setup.max_faults == 0
                    && config.variants.is_empty()
                    && config.accept_rule == paxos_lab::paxos::AcceptRule::AtLeastPromised
                    && (0..setup.node_count() as u32)
                        .map(NodeId)
                        .all(|n| one_role(&n)),
                "{}: forgetting spent messages is sound only for correct Paxos without faults, \
                 with n ≥ promised, and nodes of one role each",
                setup.name
            );
        }
        PaxosModel { setup }
    }

    fn value_of(&self, proposer: NodeId) -> Value {
        let (_, value) = self
            .setup
            .proposers
            .iter()
            .find(|(id, _)| *id == proposer)
            .expect("a proposer");
        value.clone()
    }

    fn context<'a>(&'a self, state: &'a State) -> Context<'a> {
        let acceptors = &self.setup.acceptors;
        Context {
            config: &self.setup.config,
            live_acceptors: acceptors.iter().filter(|a| !state.down.contains(a)).count(),
            taken: state.monitor.taken(),
        }
    }

    /// Whether `node`'s next attempt would stay within the ballot bound.
    fn may_start(&self, state: &State, node: NodeId) -> bool {
        let next = state.node(node).next_ballot(self.context(state));
        next.is_some_and(|b| b <= self.setup.max_ballot)
    }
}

impl State {
    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// Whether the monitor found `invariant` broken.
    pub fn broke(&self, invariant: Invariant) -> bool {
        self.monitor.broke(invariant)
    }

    /// Whether the network, the timers and the decisions already hold everything `fx` adds.
    pub fn already_has(&self, node: NodeId, fx: &Effects) -> bool {
        fx.sends.iter().all(|(to, message)| {
            self.network
                .binary_search_by(|s| (s.from, s.to, &s.message).cmp(&(node, *to, message)))
                .is_ok()
        }) && fx
            .timers
            .iter()
            .all(|t| self.timers.binary_search(&(node, t.ballot)).is_ok())
            && fx.decisions.is_empty()
    }

    /// Installs `node`'s new state after the monitor has seen the step, and puts what it did on
    /// the network and the timers.
    fn record(&mut self, setup: &Setup, before: &Node, node: Node, fx: Effects) {
        let id = node.id;
        let seen = Arc::make_mut(&mut self.monitor).step(
            &setup.config,
            id,
            before.durable.acceptor.promised,
            &node.durable,
            &fx,
        );
        if !seen.chosen.is_empty() && self.restarts() > 0 {
            self.chosen_after_restart = true;
        }
        self.nodes[id.0 as usize] = Arc::new(node);
        for (to, message) in fx.sends {
            let sent = Sent {
                from: id,
                to,
                message,
            };
            if let Err(at) = self.network.binary_search_by(|s| (**s).cmp(&sent)) {
                self.network.insert(at, Arc::new(sent));
            }
        }
        for timer in fx.timers {
            if let Err(at) = self.timers.binary_search(&(id, timer.ballot)) {
                self.timers.insert(at, (id, timer.ballot));
            }
        }
    }

    /// Forgets what can never again make a difference, so that states that differ only by it
    /// are one state:
    ///
    /// * a message whose delivery, now and in every state that can follow, leaves every node,
    ///   the monitor and the network as they are ([`State::spent`] says which);
    /// * a timer whose firing would do nothing but remove it: its attempt is over;
    /// * the monitor's record of who accepted a proposal that is not chosen and never can be: no
    ///   acceptor outside that record holds an `Accept` for it, and its proposer has moved on
    ///   and will not send one again.
    ///
    /// Sound only for correct Paxos without faults, with `n ≥ promised`, and nodes of one role
    /// each, as [`PaxosModel::new`] checks: there a proposer's ballot only grows and it sends
    /// for its current ballot only, and an acceptor's promise only grows. Delivery already keeps
    /// a message, so a message's first delivery is the only one that can matter; forgetting it
    /// once it is spent is what turns "every message ever sent" into "the messages still in
    /// flight". `docs/model-check.md` gives the argument, and `tests/model_check.rs` checks it:
    /// along random runs that forget nothing, whatever this would forget stays without effect,
    /// and, exhaustively for small bounds, the model that forgets reaches exactly the same nodes
    /// and verdicts as the one that does not.
    pub fn forget_spent(&mut self, setup: &Setup) {
        if self.network.iter().any(|s| self.spent(setup, s)) {
            let network = std::mem::take(&mut self.network);
            self.network = network
                .into_iter()
                .filter(|s| !self.spent(setup, s))
                .collect();
        }
        let hopeless = self.hopeless(setup);
        if !hopeless.is_empty() {
            let monitor = Arc::make_mut(&mut self.monitor);
            hopeless.iter().for_each(|p| monitor.forget_acceptances(p));
        }
        let nodes = &self.nodes;
        self.timers
            .retain(|&(p, b)| Self::unfinished(&nodes[p.0 as usize], b));
    }

    /// The proposals that some acceptor accepted, that are not chosen and never can be: no
    /// proposer is working on their number, so no new `Accept` for them will be sent, and too few
    /// acceptors outside those that accepted hold one to make a majority (an `Accept` an acceptor
    /// would refuse is spent, and forgotten already).
    pub fn hopeless(&self, setup: &Setup) -> Vec<Proposal> {
        let quorum = setup.config.chosen_quorum();
        let may_be_chosen = |p: &Proposal, by: &VecSet<NodeId>| {
            let working = self.nodes.iter().any(|n| {
                matches!(n.proposer.phase,
                    Phase::Preparing { ballot, .. } | Phase::Accepting { ballot, .. }
                        if ballot == p.ballot)
            });
            let holding = self.network.iter().filter(|s| {
                !by.contains(&s.to)
                    && !self.spent(setup, s)
                    && matches!(&s.message, Message::Accept { ballot, value, .. }
                        if *ballot == p.ballot && *value == p.value)
            });
            working || by.len() + holding.count() >= quorum
        };
        self.monitor
            .unchosen_acceptances()
            .filter(|(p, by)| !may_be_chosen(p, by))
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// Whether `node`, a proposer, is in the middle of the attempt numbered `ballot`, or gave it
    /// up and may retry: the only states in which its timer for `ballot` does anything.
    pub fn unfinished(node: &Node, ballot: Ballot) -> bool {
        matches!(
            node.proposer.phase,
            Phase::Preparing { ballot: b, .. }
                | Phase::Accepting { ballot: b, .. }
                | Phase::Abandoned { ballot: b } if b == ballot
        )
    }

    /// Whether delivering `sent`, now or in any state that follows, changes nothing (see
    /// [`State::forget_spent`] for when this may be asked). The receiver is a proposer or an
    /// acceptor, never both; a message to a learner is never spent.
    pub fn spent(&self, setup: &Setup, sent: &Sent) -> bool {
        let config = &setup.config;
        let roles = config.roles(sent.to);
        let node = self.node(sent.to);
        if roles.learner || roles.proposer == roles.acceptor {
            return false;
        }
        if roles.acceptor {
            // With NACKs, an acceptor answers every request below its promise, and the answer
            // names the promise, which may still grow: nothing it receives is ever spent.
            let acceptor = &node.durable.acceptor;
            return !config.nacks
                && match &sent.message {
                    // Refused quietly, for good: the promise only grows.
                    Message::Prepare { ballot, .. } => *ballot <= acceptor.promised,
                    // Refused quietly, for good; or a copy of the proposal accepted, which
                    // changes nothing and only sends again the `Accepted` already sent.
                    Message::Accept { ballot, value, .. } => {
                        let copy = acceptor
                            .accepted
                            .as_ref()
                            .is_some_and(|p| p.ballot == *ballot && p.value == *value);
                        copy || *ballot < acceptor.promised
                    }
                    _ => false,
                };
        }
        // A proposer. Every reply is about a number it used, so at most its current one, which
        // is never below what it has seen; it never starts that number again.
        let proposer = &node.proposer;
        let Some(current) = proposer.current_ballot() else {
            return false;
        };
        match &sent.message {
            Message::Promise { ballot, .. } => match &proposer.phase {
                Phase::Preparing {
                    ballot: b,
                    promises,
                } if b == ballot => promises.contains_key(&sent.from),
                _ => *ballot <= current,
            },
            Message::Accepted { ballot, value, .. } => match &proposer.phase {
                Phase::Accepting {
                    ballot: b,
                    value: v,
                    accepted,
                } if b == ballot && v == value => accepted.contains(&sent.from),
                // Phase 2 of `ballot` is over, or not yet begun (then no acceptor has had its
                // Accept, and this cannot be: kept, to be safe).
                Phase::Preparing { .. } => *ballot < current,
                _ => *ballot <= current,
            },
            // A Nack that neither ends the attempt under way nor tells of a higher number.
            Message::Nack { ballot, promised } => {
                let in_flight = matches!(
                    proposer.phase,
                    Phase::Preparing { ballot: b, .. } | Phase::Accepting { ballot: b, .. }
                        if b == *ballot
                );
                !in_flight && *promised <= proposer.max_seen && *ballot <= current
            }
            _ => false,
        }
    }

    /// Restarts so far: every fault that is not a node still down is a crash that was undone.
    fn restarts(&self) -> usize {
        (usize::from(self.faults) - self.down.len()) / 2
    }
}

/// Symmetry reduction over the acceptors.
///
/// Correct Paxos treats the acceptors alike (ballots are unique, so two promises that report the
/// same ballot report the same value), so a state and the same state with two acceptors' names
/// swapped have the same future, up to that renaming, and satisfy the same properties. The
/// checker then needs to visit only one state of each such class: this function renames the
/// acceptors in an order fixed by what each one is, has seen and is remembered for, so that states
/// that differ only by names get the same representative. (The broken variants are checked without
/// it: `reused-ballots`, for one, breaks the symmetry by letting two values share a ballot.)
///
/// Every setup that uses it must treat its acceptors alike: the same roles, and either all of
/// them or none crashable.
pub fn representative(state: &State) -> State {
    let acceptors = &state.acceptors;
    let mut keyed: Vec<(u64, NodeId)> = acceptors.iter().map(|&a| (state.role_of(a), a)).collect();
    keyed.sort();
    let order: Vec<NodeId> = {
        // `order[old acceptor index] = new id`.
        let mut order = acceptors.to_vec();
        for (new, (_, old)) in acceptors.iter().zip(&keyed) {
            let i = acceptors
                .iter()
                .position(|a| a == old)
                .expect("an acceptor");
            order[i] = *new;
        }
        order
    };
    if *order == **acceptors {
        return state.clone();
    }
    rename_acceptors(state, &order)
}

/// `state` with acceptor `state.acceptors[i]` renamed `order[i]`.
pub fn rename_acceptors(state: &State, order: &[NodeId]) -> State {
    let acceptors = Arc::clone(&state.acceptors);
    state.renamed(
        &|id: NodeId| match acceptors.iter().position(|&a| a == id) {
            Some(i) => order[i],
            None => id,
        },
    )
}

impl State {
    /// A fingerprint of everything about acceptor `a` that a renaming of acceptors preserves.
    fn role_of(&self, a: NodeId) -> u64 {
        let mut h = FxHasher(0);
        let node = self.node(a);
        (&node.durable, &node.proposer, &node.learner).hash(&mut h);
        (self.down.contains(&a), self.monitor.about(a)).hash(&mut h);
        // The network is sorted by sender, then receiver: both orders survive a renaming that
        // keeps `a` itself out of the comparison.
        for s in self.network.iter().filter(|s| s.from == a || s.to == a) {
            (s.from == a, s.to == a, &s.message).hash(&mut h);
            if s.from != a {
                s.from.hash(&mut h);
            }
            if s.to != a {
                s.to.hash(&mut h);
            }
        }
        for n in &self.nodes {
            match &n.proposer.phase {
                Phase::Preparing { promises, .. } => promises.get(&a).hash(&mut h),
                Phase::Accepting { accepted, .. } => accepted.contains(&a).hash(&mut h),
                _ => {}
            }
            for (ballot, (_, from)) in &n.learner.tallies {
                (ballot, from.contains(&a)).hash(&mut h);
            }
        }
        h.finish()
    }

    /// The same state with every node id `n` replaced by `rename(n)`.
    fn renamed(&self, rename: &dyn Fn(NodeId) -> NodeId) -> State {
        let mut nodes: Vec<Arc<Node>> = self.nodes.clone();
        for old in &self.nodes {
            let mut node = (**old).clone();
            node.id = rename(node.id);
            let proposer = &mut node.proposer;
            match &mut proposer.phase {
                Phase::Preparing { promises, .. } => {
                    *promises = std::mem::take(promises)
                        .into_iter()
                        .map(|(k, v)| (rename(k), v))
                        .collect();
                }
                Phase::Accepting { accepted, .. } => {
                    *accepted = std::mem::take(accepted).into_iter().map(rename).collect();
                }
                _ => {}
            }
            if let Some(wish) = &mut proposer.wish {
                // The recipients are a set in all but type: they only decide where messages go.
                wish.recipients.iter_mut().for_each(|r| *r = rename(*r));
                wish.recipients.sort();
            }
            for (_, from) in node.learner.tallies.values_mut() {
                *from = std::mem::take(from).into_iter().map(rename).collect();
            }
            let at = node.id.0 as usize;
            nodes[at] = Arc::new(node);
        }
        let mut network: Vec<Arc<Sent>> = self
            .network
            .iter()
            .map(|s| {
                Arc::new(Sent {
                    from: rename(s.from),
                    to: rename(s.to),
                    message: s.message.clone(),
                })
            })
            .collect();
        network.sort();
        State {
            nodes,
            network,
            timers: self.timers.clone(),
            down: self.down.iter().map(|&n| rename(n)).collect(),
            faults: self.faults,
            chosen_after_restart: self.chosen_after_restart,
            monitor: Arc::new(self.monitor.renamed(rename)),
            acceptors: Arc::clone(&self.acceptors),
        }
    }
}

/// A small, fast, deterministic hasher (the multiply-rotate hash of rustc's `FxHasher`), for the
/// acceptors' fingerprints that [`representative`] sorts by.
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, word: u8) {
        self.write_u64(u64::from(word));
    }

    fn write_u32(&mut self, word: u32) {
        self.write_u64(u64::from(word));
    }

    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The names of the `always` properties, each with the invariant it checks.
pub const ALWAYS: [(&str, Invariant); 7] = [
    ("agreement", Invariant::TwoValuesChosen),
    ("decisions are chosen", Invariant::DecisionNotChosen),
    ("validity", Invariant::Validity),
    ("accept within promise", Invariant::AcceptedBelowPromise),
    ("promises never decrease", Invariant::PromiseDecreased),
    ("stable storage", Invariant::LostDurableState),
    ("unique ballots", Invariant::ReusedBallot),
];

impl Model for PaxosModel {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        let count = self.setup.node_count() as u32;
        Vec::from([State {
            nodes: (0..count).map(|i| Arc::new(Node::new(NodeId(i)))).collect(),
            network: Vec::new(),
            timers: Vec::new(),
            down: BTreeSet::new(),
            faults: 0,
            chosen_after_restart: false,
            monitor: Arc::new(Monitor::default()),
            acceptors: self.setup.acceptors.clone().into(),
        }])
    }

    fn actions(&self, state: &State, actions: &mut Vec<Action>) {
        for (p, _) in &self.setup.proposers {
            // A client asks an idle proposer: at the start, or again after a crash wiped its attempt.
            let idle = state.node(*p).proposer.wish.is_none();
            if idle && !state.down.contains(p) && self.may_start(state, *p) {
                actions.push(Action::Propose(*p));
            }
        }
        for sent in &state.network {
            if !state.down.contains(&sent.to) {
                actions.push(Action::Deliver(Arc::clone(sent)));
            }
        }
        for &(node, ballot) in &state.timers {
            if !state.down.contains(&node) && self.may_start(state, node) {
                actions.push(Action::Timeout { node, ballot });
            }
        }
        if state.faults < self.setup.max_faults {
            for &node in &self.setup.crashable {
                if state.down.contains(&node) {
                    actions.push(Action::Restart(node));
                } else {
                    actions.push(Action::Crash(node));
                }
            }
        }
    }

    fn next_state(&self, last: &State, action: Action) -> Option<State> {
        let ctx = self.context(last);
        let config = &self.setup.config;
        match action {
            Action::Propose(p) => {
                let before = last.node(p);
                let mut node = before.clone();
                let value = self.value_of(p);
                let recipients = self.setup.acceptors.clone();
                let (_, fx) = node.propose(value.clone(), None, recipients, ctx).ok()?;
                let mut next = last.clone();
                Arc::make_mut(&mut next.monitor).proposed(&value);
                next.record(&self.setup, before, node, fx);
                if self.setup.forget_spent {
                    next.forget_spent(&self.setup);
                }
                Some(next)
            }
            Action::Deliver(sent) => {
                let before = last.node(sent.to);
                let mut node = before.clone();
                let fx = node.handle(sent.from, sent.message.clone(), ctx);
                // A message delivered again usually changes nothing: then there is no new state.
                if node == *before && last.already_has(sent.to, &fx) {
                    return None;
                }
                let mut next = last.clone();
                next.record(&self.setup, before, node, fx);
                if self.setup.forget_spent {
                    next.forget_spent(&self.setup);
                    if next == *last {
                        return None;
                    }
                }
                Some(next)
            }
            Action::Timeout { node: id, ballot } => {
                let before = last.node(id);
                let mut node = before.clone();
                let fx = node.on_timeout(ballot, ctx);
                let mut next = last.clone();
                next.timers.retain(|t| *t != (id, ballot));
                next.record(&self.setup, before, node, fx);
                if self.setup.forget_spent {
                    next.forget_spent(&self.setup);
                }
                Some(next)
            }
            Action::Crash(id) => {
                let mut node = last.node(id).clone();
                node.crash();
                let mut next = last.clone();
                Arc::make_mut(&mut next.monitor).crashed(&node);
                next.down.insert(id);
                next.faults += 1;
                next.timers.retain(|(n, _)| *n != id);
                next.nodes[id.0 as usize] = Arc::new(node);
                Some(next)
            }
            Action::Restart(id) => {
                let mut node = last.node(id).clone();
                node.recover(config);
                let mut next = last.clone();
                Arc::make_mut(&mut next.monitor).restarted(config, &node);
                next.down.remove(&id);
                next.faults += 1;
                next.nodes[id.0 as usize] = Arc::new(node);
                Some(next)
            }
        }
    }

    fn properties(&self) -> Vec<Property<Self>> {
        let mut properties: Vec<Property<Self>> = vec![
            Property::always(ALWAYS[0].0, |_, s: &State| !s.broke(ALWAYS[0].1)),
            Property::always(ALWAYS[1].0, |_, s: &State| !s.broke(ALWAYS[1].1)),
            Property::always(ALWAYS[2].0, |_, s: &State| !s.broke(ALWAYS[2].1)),
            Property::always(ALWAYS[3].0, |_, s: &State| !s.broke(ALWAYS[3].1)),
            Property::always(ALWAYS[4].0, |_, s: &State| !s.broke(ALWAYS[4].1)),
            Property::always(ALWAYS[5].0, |_, s: &State| !s.broke(ALWAYS[5].1)),
            Property::always(ALWAYS[6].0, |_, s: &State| !s.broke(ALWAYS[6].1)),
        ];
        properties.extend([
            Property::sometimes("chosen before anyone learns", |_, s: &State| {
                !s.monitor.chosen().is_empty() && s.monitor.decisions().is_empty()
            }),
            Property::sometimes("two proposers in phase 2", |m: &PaxosModel, s: &State| {
                m.setup.proposers.len() >= 2
                    && m.setup.proposers.iter().all(|(p, _)| {
                        s.network
                            .iter()
                            .any(|x| x.from == *p && matches!(x.message, Message::Accept { .. }))
                    })
            }),
            Property::sometimes("chosen after a restart", |_, s: &State| {
                s.chosen_after_restart
            }),
            Property::sometimes("learned", |_, s: &State| !s.monitor.decisions().is_empty()),
        ]);
        properties
    }
}

/// What one run of the checker found and what it cost.
#[derive(Debug)]
pub struct Outcome {
    /// Unique states visited (with symmetry reduction: classes of states).
    pub unique_states: usize,
    /// States generated, repeats included.
    pub states: usize,
    /// The deepest path explored.
    pub max_depth: usize,
    /// Wall-clock time of the check.
    pub elapsed: Duration,
    /// The discoveries: property name, and the actions of the path that shows it.
    pub discoveries: BTreeMap<&'static str, Vec<Action>>,
}

impl Outcome {
    /// Unique states per second.
    pub fn states_per_sec(&self) -> f64 {
        self.unique_states as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    fn of<C: Checker<PaxosModel>>(checker: C, start: Instant) -> Outcome {
        let elapsed = start.elapsed();
        let discoveries = checker
            .discoveries()
            .into_iter()
            .map(|(name, path)| (name, path.into_actions()))
            .collect();
        Outcome {
            unique_states: checker.unique_state_count(),
            states: checker.state_count(),
            max_depth: checker.max_depth(),
            elapsed,
            discoveries,
        }
    }
}

/// The exhaustive check of `setup` (correct Paxos), depth-first on `threads` threads with
/// symmetry reduction over the acceptors. It visits every reachable state (up to renaming of
/// acceptors), because no `always` property finds a counterexample.
pub fn check_correct(setup: Setup, threads: usize) -> Outcome {
    let crashable = setup
        .acceptors
        .iter()
        .filter(|a| setup.crashable.contains(a));
    let crashable = crashable.count();
    assert!(
        crashable == 0 || crashable == setup.acceptors.len(),
        "{}: the symmetry reduction needs all acceptors crashable, or none",
        setup.name
    );
    let start = Instant::now();
    let checker = PaxosModel::new(setup)
        .checker()
        .threads(threads)
        .symmetry_fn(representative)
        .finish_when(HasDiscoveries::AnyFailures)
        .spawn_dfs()
        .join();
    Outcome::of(checker, start)
}

/// The search for a counterexample to "agreement" in `setup` (with a broken variant on),
/// breadth-first on `threads` threads and without symmetry reduction (`reused-ballots` is not
/// symmetric), so that the path it finds is a shortest one. It stops at the first state where
/// two values are chosen.
pub fn find_two_values_chosen(setup: Setup, threads: usize) -> Outcome {
    let start = Instant::now();
    let checker = PaxosModel::new(setup)
        .checker()
        .threads(threads)
        .finish_when(HasDiscoveries::AnyOf(BTreeSet::from(["agreement"])))
        .spawn_bfs()
        .join();
    Outcome::of(checker, start)
}

/// Replays `actions` from the initial state, each of which must be enabled where it is taken.
/// Returns the states along the way, the initial one first.
pub fn replay(model: &PaxosModel, actions: &[Action]) -> Option<Vec<State>> {
    let mut states = model.init_states();
    let mut enabled = Vec::new();
    for action in actions {
        let last = states.last().expect("an initial state");
        enabled.clear();
        model.actions(last, &mut enabled);
        if !enabled.contains(action) {
            return None;
        }
        let next = model.next_state(last, action.clone())?;
        states.push(next);
    }
    Some(states)
}

/// A shorter path to a state where `bad` holds: drops one action, or two (a crash and its
/// restart only go together), as long as the rest still replays and still ends in a bad state,
/// until no such drop is left.
pub fn shrink(model: &PaxosModel, actions: &[Action], bad: fn(&State) -> bool) -> Vec<Action> {
    let ends_bad =
        |path: &[Action]| replay(model, path).is_some_and(|states| states.last().is_some_and(bad));
    assert!(
        ends_bad(actions),
        "the path to shrink must end in a bad state"
    );
    let without = |path: &[Action], drop: &[usize]| -> Vec<Action> {
        let kept = path.iter().enumerate().filter(|(i, _)| !drop.contains(i));
        kept.map(|(_, a)| a.clone()).collect()
    };
    let mut path = actions.to_vec();
    'shrinking: loop {
        for i in (0..path.len()).rev() {
            let shorter = without(&path, &[i]);
            if ends_bad(&shorter) {
                path = shorter;
                continue 'shrinking;
            }
        }
        for i in (0..path.len()).rev() {
            for j in i + 1..path.len() {
                let shorter = without(&path, &[i, j]);
                if ends_bad(&shorter) {
                    path = shorter;
                    continue 'shrinking;
                }
            }
        }
        return path;
    }
}

/// One action, in words: proposers are `P0`, `P1`, …, acceptors `A2`, …, learners `L5`, ….
pub fn describe(setup: &Setup, action: &Action) -> String {
    let name = |id: NodeId| {
        let role = if setup.acceptors.contains(&id) {
            'A'
        } else if setup.learners.contains(&id) {
            'L'
        } else {
            'P'
        };
        format!("{role}{}", id.0)
    };
    match action {
        Action::Propose(p) => format!("{} proposes", name(*p)),
        Action::Deliver(s) => format!(
            "{} → {}: {}",
            name(s.from),
            name(s.to),
            message_words(&s.message)
        ),
        Action::Timeout { node, ballot } => {
            format!("{}'s timer for ballot {} fires", name(*node), ballot.0)
        }
        Action::Crash(n) => format!("{} crashes", name(*n)),
        Action::Restart(n) => format!("{} restarts", name(*n)),
    }
}

fn message_words(message: &Message) -> String {
    match message {
        Message::Prepare { ballot, .. } => format!("Prepare({ballot})"),
        Message::Promise {
            ballot, accepted, ..
        } => match accepted {
            Some(p) => format!("Promise({ballot}, accepted {p})"),
            None => format!("Promise({ballot}, nothing accepted)"),
        },
        Message::Accept { ballot, value, .. } => format!("Accept({ballot}, {value})"),
        Message::Accepted { ballot, value, .. } => format!("Accepted({ballot}, {value})"),
        Message::Nack { ballot, promised } => format!("Nack({ballot}, promised {promised})"),
        Message::Chosen { ballot, value, .. } => format!("Chosen({ballot}, {value})"),
        Message::Query {} => "Query".to_owned(),
    }
}
