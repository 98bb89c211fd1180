//! A [`stateright`] model of the very Paxos core the simulator runs, shared by
//! `tests/model_check.rs` and `examples/bench.rs` (each includes this file with `#[path]`).
//!
//! The model never re-implements Paxos. Its state holds [`Node`]s, and every transition is one
//! call of [`Node::propose`], [`Node::handle`], [`Node::on_timeout`], [`Node::crash`] or
//! [`Node::recover`]. The model is only the world around the nodes, which may do anything an
//! asynchronous system may do:
//!
//! * **Network.** Every message ever sent stays in a set of `(from, to, message)`, and delivering
//!   one keeps it there. Delivering a message twice is duplication, delivering messages in any
//!   order is reordering, and never delivering one is loss. For safety this one network stands for
//!   every lossy, duplicating, reordering one: a node's state depends only on the messages it
//!   handled, and any sequence of deliveries such a network allows, this one allows too. (A
//!   `Drop` action would only add states that differ in messages nobody will read.)
//! * **Timers** fire in any order and at any time: a proposer's timer for ballot `b` may fire the
//!   moment after it was set, or never. A firing calls [`Node::on_timeout`], which retries with a
//!   higher number if the attempt is unfinished.
//! * **Crashes.** An acceptor may crash (it stops handling messages; its volatile state is gone)
//!   and restart from stable storage, which the broken `amnesia` variant wipes. Messages to a node
//!   that is down wait until it restarts, or are never delivered.
//!
//! **The cluster.** Proposers 0 and 1 propose `"a"` and `"b"`; acceptors 2, 3 and 4. Proposers
//! are separate from acceptors, so killing two acceptors leaves both proposers up, which the
//! `live-quorum` counterexample needs. There are no separate learners: each proposer learns that
//! its own proposal was chosen, which is a decision the safety checker counts. Retries are on,
//! NACKs off (both only change when a proposer gives up, which a timer firing at any time
//! already covers).
//!
//! **The bounds** keep the state space finite: no attempt is numbered above 3 (proposer 0 draws
//! 1 and 3, proposer 1 draws 2, so there are three attempts, one of them a retry), and at most two
//! crashes and restarts together, which is enough for `live-quorum` (two acceptors down) and for
//! `amnesia` (one crash and restart).
//!
//! **Properties**, named as the checker reports them:
//! * `always` **"safe"**: [`safety::check`], the simulator's own checker (agreement, validity,
//!   accepted ≤ promised, promises never decrease) holds.
//! * `always` **"agreement"**: [`safety::agreement`] alone: no two different values are chosen.
//! * `sometimes` **"value chosen"**: some proposer learned that its value was chosen.

#![allow(dead_code)]

use paxos_lab::paxos::{
    Ballot, Config, Context, Effects, Message, Node, NodeId, Phase, Value, Variant,
};
use paxos_lab::sim::{safety, Decision};
use stateright::{Checker, HasDiscoveries, Model, Property};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The proposers, each with the value it proposes.
pub const PROPOSERS: [(NodeId, &str); 2] = [(NodeId(0), "a"), (NodeId(1), "b")];
/// The acceptors.
pub const ACCEPTORS: [NodeId; 3] = [NodeId(2), NodeId(3), NodeId(4)];
/// No attempt is numbered above this.
pub const MAX_BALLOT: u32 = 3;
/// At most this many crashes and restarts, together, per run.
pub const MAX_FAULTS: u8 = 2;

/// The model: the cluster's rules and the bounds of the search.
#[derive(Clone, Debug)]
pub struct PaxosModel {
    /// The protocol's configuration, passed unchanged to every node call.
    pub config: Config,
    /// No proposer starts an attempt numbered above this.
    pub max_ballot: Ballot,
    /// At most this many crashes and restarts, together, per run.
    pub max_faults: u8,
    /// The nodes that may crash.
    pub crashable: Vec<NodeId>,
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

/// One reachable world. Nodes and messages sit behind `Arc`s, so that the many copies the search
/// makes share everything a transition did not change (hashing and equality look through them).
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
    /// Every decision ever made, in order, each once.
    pub decisions: Vec<Decision>,
    /// Every value ever proposed.
    pub proposed: Arc<BTreeSet<Value>>,
    /// The highest promise each acceptor ever made.
    pub highest_promises: BTreeMap<NodeId, Ballot>,
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

impl PaxosModel {
    /// Basic Paxos with retries on and NACKs off, plus the broken `variants`, within the bounds
    /// `MAX_BALLOT` and `MAX_FAULTS`.
    pub fn new(variants: &[Variant]) -> Self {
        PaxosModel {
            config: Config {
                proposers: PROPOSERS.iter().map(|(id, _)| *id).collect(),
                acceptors: ACCEPTORS.to_vec(),
                learners: Vec::new(),
                retry: true,
                variants: variants.iter().copied().collect(),
                ..Config::default()
            },
            max_ballot: Ballot(MAX_BALLOT),
            max_faults: MAX_FAULTS,
            crashable: ACCEPTORS.to_vec(),
        }
    }

    fn value_of(&self, proposer: NodeId) -> Value {
        let (_, value) = PROPOSERS
            .iter()
            .find(|(id, _)| *id == proposer)
            .expect("a proposer");
        Value::from(*value)
    }

    fn context<'a>(&'a self, state: &State) -> Context<'a> {
        Context {
            config: &self.config,
            live_acceptors: ACCEPTORS.iter().filter(|a| !state.down.contains(a)).count(),
        }
    }

    /// Whether `node`'s next attempt would stay within the ballot bound.
    fn may_start(&self, state: &State, node: NodeId) -> bool {
        state.node(node).proposer.next_ballot(node, &self.config) <= self.max_ballot
    }
}

impl State {
    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// The verdict of the simulator's safety checker on this state.
    pub fn safety(&self) -> Result<(), safety::Violation> {
        safety::check(
            self.nodes.iter().map(|n| &**n),
            &self.highest_promises,
            &self.decisions,
            &self.proposed,
        )
    }

    /// Whether the network, the timers and the decisions already hold everything `fx` adds.
    fn already_has(&self, node: NodeId, fx: &Effects) -> bool {
        fx.sends.iter().all(|(to, message)| {
            self.network
                .binary_search_by(|s| (s.from, s.to, &s.message).cmp(&(node, *to, message)))
                .is_ok()
        }) && fx
            .timers
            .iter()
            .all(|t| self.timers.binary_search(&(node, t.ballot)).is_ok())
            && fx.decisions.iter().all(|(value, role)| {
                self.decisions
                    .iter()
                    .any(|d| d.node == node && d.value == *value && d.role == *role)
            })
    }

    /// Raises the highest promise on record for `node`, if it is an acceptor.
    fn note_promise(&mut self, node: NodeId) {
        let promised = self.node(node).acceptor.promised;
        if let Some(high) = self.highest_promises.get_mut(&node) {
            *high = (*high).max(promised);
        }
    }

    /// Installs `node`'s new state, and puts what it did on the network, the timers and the
    /// decisions.
    fn record(&mut self, node: Node, fx: Effects) {
        let id = node.id;
        self.nodes[id.0 as usize] = Arc::new(node);
        self.note_promise(id);
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
        for (value, role) in fx.decisions {
            let decision = Decision {
                node: id,
                value,
                role,
            };
            if !self.decisions.contains(&decision) {
                self.decisions.push(decision);
            }
        }
    }
}

/// Symmetry reduction over the acceptors.
///
/// Correct Paxos treats the three acceptors alike (ballots are unique, so two promises that report
/// the same ballot report the same value), so a state and the same state with two acceptors'
/// names swapped have the same future, up to that renaming, and satisfy the same properties. The
/// checker then needs to visit only one state of each such class: this function renames the
/// acceptors in an order fixed by what each one is, has seen and is remembered for, so that states
/// that differ only by names get the same representative. (The broken variants are checked without
/// it: `reused-ballots`, for one, breaks the symmetry by letting two values share a ballot.)
pub fn representative(state: &State) -> State {
    let mut keyed: Vec<(u64, NodeId)> = ACCEPTORS.iter().map(|&a| (state.role_of(a), a)).collect();
    keyed.sort();
    // `rename[old acceptor index] = new id`.
    let mut rename = [NodeId(0); ACCEPTORS.len()];
    for (new, (_, old)) in ACCEPTORS.iter().zip(&keyed) {
        rename[(old.0 - ACCEPTORS[0].0) as usize] = *new;
    }
    if rename == ACCEPTORS {
        return state.clone();
    }
    state.renamed(
        &|id: NodeId| match ACCEPTORS.iter().position(|&a| a == id) {
            Some(i) => rename[i],
            None => id,
        },
    )
}

/// `state` with acceptor `ACCEPTORS[i]` renamed `order[i]`.
pub fn rename_acceptors(state: &State, order: [NodeId; 3]) -> State {
    state.renamed(
        &|id: NodeId| match ACCEPTORS.iter().position(|&a| a == id) {
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
        (&node.acceptor, &node.proposer, &node.learner).hash(&mut h);
        (self.down.contains(&a), self.highest_promises.get(&a)).hash(&mut h);
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
        for (p, _) in PROPOSERS {
            match &self.node(p).proposer.phase {
                Phase::Preparing { promises, .. } => promises.get(&a).hash(&mut h),
                Phase::Accepting { accepted, .. } => accepted.contains(&a).hash(&mut h),
                _ => {}
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
            decisions: self
                .decisions
                .iter()
                .map(|d| Decision {
                    node: rename(d.node),
                    ..d.clone()
                })
                .collect(),
            proposed: Arc::clone(&self.proposed),
            highest_promises: self
                .highest_promises
                .iter()
                .map(|(&n, &b)| (rename(n), b))
                .collect(),
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

impl Model for PaxosModel {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        let count = PROPOSERS.len() + ACCEPTORS.len();
        Vec::from([State {
            nodes: (0..count as u32)
                .map(|i| Arc::new(Node::new(NodeId(i))))
                .collect(),
            network: Vec::new(),
            timers: Vec::new(),
            down: BTreeSet::new(),
            faults: 0,
            decisions: Vec::new(),
            proposed: Arc::new(BTreeSet::new()),
            highest_promises: ACCEPTORS.iter().map(|&a| (a, Ballot::NONE)).collect(),
        }])
    }

    fn actions(&self, state: &State, actions: &mut Vec<Action>) {
        for (p, _) in PROPOSERS {
            // A client asks an idle proposer: at the start, or again after a crash wiped its attempt.
            let idle = state.node(p).proposer.wish.is_none();
            if idle && !state.down.contains(&p) && self.may_start(state, p) {
                actions.push(Action::Propose(p));
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
        if state.faults < self.max_faults {
            for &node in &self.crashable {
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
        match action {
            Action::Propose(p) => {
                let mut node = last.node(p).clone();
                let value = self.value_of(p);
                let (_, fx) = node
                    .propose(value.clone(), None, ACCEPTORS.to_vec(), ctx)
                    .ok()?;
                let mut next = last.clone();
                Arc::make_mut(&mut next.proposed).insert(value);
                next.record(node, fx);
                Some(next)
            }
            Action::Deliver(sent) => {
                let mut node = last.node(sent.to).clone();
                let fx = node.handle(sent.from, sent.message.clone(), ctx);
                // A message delivered again usually changes nothing: then there is no new state.
                if node == *last.node(sent.to) && last.already_has(sent.to, &fx) {
                    return None;
                }
                let mut next = last.clone();
                next.record(node, fx);
                Some(next)
            }
            Action::Timeout { node: id, ballot } => {
                let mut node = last.node(id).clone();
                let fx = node.on_timeout(ballot, ctx);
                let mut next = last.clone();
                next.timers.retain(|t| *t != (id, ballot));
                next.record(node, fx);
                Some(next)
            }
            Action::Crash(id) => {
                let mut node = last.node(id).clone();
                node.crash();
                let mut next = last.clone();
                next.down.insert(id);
                next.faults += 1;
                next.timers.retain(|(n, _)| *n != id);
                next.record(node, Effects::default());
                Some(next)
            }
            Action::Restart(id) => {
                let mut node = last.node(id).clone();
                node.recover(&self.config);
                let mut next = last.clone();
                next.down.remove(&id);
                next.faults += 1;
                next.record(node, Effects::default());
                Some(next)
            }
        }
    }

    fn properties(&self) -> Vec<Property<Self>> {
        vec![
            Property::always("safe", |_, s: &State| s.safety().is_ok()),
            Property::always("agreement", |_, s: &State| {
                safety::agreement(&s.decisions).is_ok()
            }),
            Property::sometimes("value chosen", |_, s: &State| !s.decisions.is_empty()),
        ]
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

/// The exhaustive check of correct Paxos, depth-first on `threads` threads with symmetry
/// reduction over the acceptors. It visits every reachable state (up to renaming of acceptors),
/// because "safe" and "agreement" never find a counterexample.
pub fn check_correct(threads: usize) -> Outcome {
    let start = Instant::now();
    let checker = PaxosModel::new(&[])
        .checker()
        .threads(threads)
        .symmetry_fn(representative)
        .finish_when(HasDiscoveries::AllFailures)
        .spawn_dfs()
        .join();
    Outcome::of(checker, start)
}

/// The search for counterexamples under a broken `variant`, depth-first on `threads` threads and
/// without symmetry reduction (`reused-ballots` is not symmetric). It stops once it has a path to a
/// state that breaks "safe" and one to a state where two values were chosen ("agreement").
pub fn find_counterexamples(variant: Variant, threads: usize) -> Outcome {
    let start = Instant::now();
    let checker = PaxosModel::new(&[variant])
        .checker()
        .threads(threads)
        .finish_when(HasDiscoveries::AllOf(BTreeSet::from(["safe", "agreement"])))
        .spawn_dfs()
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

/// One action, in words: proposers are `P0` and `P1`, acceptors `A2` to `A4`.
pub fn describe(action: &Action) -> String {
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

fn name(id: NodeId) -> String {
    let role = if ACCEPTORS.contains(&id) { 'A' } else { 'P' };
    format!("{role}{}", id.0)
}

fn message_words(message: &Message) -> String {
    match message {
        Message::Prepare { ballot } => format!("Prepare({ballot})"),
        Message::Promise { ballot, accepted } => match accepted {
            Some(p) => format!("Promise({ballot}, accepted {p})"),
            None => format!("Promise({ballot}, nothing accepted)"),
        },
        Message::Accept { ballot, value } => format!("Accept({ballot}, {value})"),
        Message::Accepted { ballot, value } => format!("Accepted({ballot}, {value})"),
        Message::Nack { ballot, promised } => format!("Nack({ballot}, promised {promised})"),
        Message::Chosen { value } => format!("Chosen({value})"),
        Message::Query {} => "Query".to_owned(),
    }
}
