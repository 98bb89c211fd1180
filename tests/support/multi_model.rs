//! A [`stateright`] model of Multi-Paxos as the simulator runs it, shared by
//! `tests/multi_model_check.rs` and `examples/bench.rs`.
//!
//! As in `paxos_model.rs`, the model never re-implements the protocol: its state holds the real
//! [`Node`]s, and every transition is one call of [`Node::lead`], [`Node::submit`],
//! [`Node::handle`], [`Node::crash`] or [`Node::recover`], shown to the simulator's own safety
//! [`Monitor`]. The world around the nodes:
//!
//! * **Network.** Every message ever sent stays in a set, and delivering one keeps it there:
//!   delivering twice is duplication, in any order is reordering, never is loss.
//! * **Leaders.** Each proposer may be told to lead, with a fresh number, at any moment (so two
//!   may believe they lead at once), up to a bound on the numbers. Each has a fixed list of
//!   client commands, submitted in order, at any moment.
//! * **Crashes.** The nodes the setup names may crash and restart, up to a bound.
//!
//! The proposers are also the replicas, so the prefix invariant compares two executed logs.
//!
//! The acceptors are interchangeable, so the search visits one state of each class of states
//! that differ only by the acceptors' names ([`representative`], as in `paxos_model.rs`).

#![allow(dead_code)]

use paxos_lab::paxos::{
    Ballot, Config, Context, Effects, Leadership, MachineKind, Message, Multi, Node, NodeId,
    Variant,
};
use paxos_lab::sim::{Invariant, Monitor};
use stateright::{Checker, HasDiscoveries, Model, Property};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A cluster to check.
#[derive(Clone, Debug)]
pub struct Setup {
    /// Its name, as tests print it.
    pub name: &'static str,
    /// The proposers (leaders and replicas), each with the commands its clients submit, in order.
    pub leaders: Vec<(NodeId, Vec<&'static str>)>,
    /// The acceptors.
    pub acceptors: Vec<NodeId>,
    /// The protocol's configuration.
    pub config: Config,
    /// No leader starts with a number above this.
    pub max_ballot: Ballot,
    /// At most this many crashes and restarts, together.
    pub max_faults: u8,
    /// The nodes that may crash.
    pub crashable: Vec<NodeId>,
    /// Whether the clients submit every command before anything else happens: the leaders
    /// start with their queues full. Otherwise a command may come at any moment.
    pub submit_first: bool,
    /// Whether the acceptors are interchangeable, so that the search may rename them: not when
    /// a `config` command names some of them.
    pub symmetric: bool,
}

impl Setup {
    /// Leaders `0..` with these commands, then `acceptors` acceptors; window 2, the bank.
    pub fn new(name: &'static str, commands: &[&[&'static str]], acceptors: u32) -> Setup {
        let leaders: Vec<(NodeId, Vec<&'static str>)> = commands
            .iter()
            .enumerate()
            .map(|(i, c)| (NodeId(i as u32), c.to_vec()))
            .collect();
        let n = leaders.len() as u32;
        let a: Vec<NodeId> = (n..n + acceptors).map(NodeId).collect();
        let ids: Vec<NodeId> = leaders.iter().map(|(id, _)| *id).collect();
        let config = Config {
            proposers: ids.clone(),
            acceptors: a.clone(),
            multi: Some(Multi {
                replicas: ids,
                window: 2,
                machine: MachineKind::Bank,
                ..Multi::default()
            }),
            ..Config::default()
        };
        Setup {
            name,
            leaders,
            crashable: Vec::new(),
            acceptors: a,
            config,
            max_ballot: Ballot(2),
            max_faults: 0,
            submit_first: false,
            symmetric: true,
        }
    }

    /// The same setup with broken `variants` on.
    pub fn with(mut self, variants: &[Variant]) -> Setup {
        self.config.variants.extend(variants.iter().copied());
        self
    }

    fn node_count(&self) -> usize {
        self.leaders.len() + self.acceptors.len()
    }
}

/// The setup that runs in CI: two leaders with a command each, three acceptors (so two slots),
/// each leader leading once (ballots 1 and 2), and the first leader may crash.
pub fn small() -> Setup {
    let mut setup = Setup::new("two leaders", &[&["deposit 2"], &["withdraw 1"]], 3);
    setup.max_faults = 1;
    setup.crashable = vec![NodeId(0)];
    setup
}

/// A larger one, for three slots: the first leader has two commands, so it can leave a gap
/// below a command some acceptor accepted, which the second leader fills with a no-op.
pub fn larger() -> Setup {
    Setup::new(
        "three slots",
        &[&["deposit 2", "withdraw 3"], &["withdraw 1"]],
        3,
    )
}

/// One reconfiguration: leader L0's clients submit `config A2,A3,A5`, replacing acceptor A4
/// with A5, a node that was no acceptor, and then `deposit 2`; L1 has no command but may lead
/// (and re-propose, or fill with a no-op, what L0 left). α = 1,
/// so the new acceptors take over from the slot after the one the reconfiguration is chosen in.
/// The clients submit first; no crashes.
pub fn reconfiguration() -> Setup {
    let mut setup = Setup::new(
        "reconfiguration",
        &[&["config A2,A3,A5", "deposit 2"], &[]],
        4,
    );
    let spare = NodeId(5);
    setup.config.acceptors.retain(|&a| a != spare);
    let multi = setup.config.multi.as_mut().expect("multi");
    multi.alpha = 1;
    multi.names = ["L0", "L1", "A2", "A3", "A4", "A5"]
        .map(String::from)
        .to_vec();
    setup.symmetric = false;
    setup.submit_first = true;
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

/// One reachable world.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct State {
    /// Every node, indexed by id.
    pub nodes: Vec<Arc<Node>>,
    /// Every message ever sent, sorted, each once.
    pub network: Vec<Arc<Sent>>,
    /// How many of its commands each leader's clients have submitted.
    pub submitted: Vec<u8>,
    /// The nodes that are down.
    pub down: BTreeSet<NodeId>,
    /// Crashes and restarts so far.
    pub faults: u8,
    /// The safety checker's memory of the run.
    pub monitor: Arc<Monitor>,
    /// The acceptors, which [`representative`] may rename among themselves.
    pub acceptors: Arc<[NodeId]>,
}

/// What may happen next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// This proposer is told to lead.
    Lead(NodeId),
    /// A client gives this proposer its next command.
    Submit(NodeId),
    /// The network delivers a message (and keeps a copy).
    Deliver(Arc<Sent>),
    /// A node crashes.
    Crash(NodeId),
    /// A crashed node restarts.
    Restart(NodeId),
}

/// The model: a setup, explored.
#[derive(Clone, Debug)]
pub struct MultiModel {
    /// The cluster and its bounds.
    pub setup: Setup,
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

    fn already_has(&self, node: NodeId, fx: &Effects) -> bool {
        fx.sends.iter().all(|(to, message)| {
            self.network
                .binary_search_by(|s| (s.from, s.to, &s.message).cmp(&(node, *to, message)))
                .is_ok()
        }) && fx.decisions.is_empty()
            && fx.executed.is_empty()
    }

    fn record(&mut self, setup: &Setup, before: &Node, node: Node, fx: Effects) {
        let id = node.id;
        Arc::make_mut(&mut self.monitor).step(
            &setup.config,
            id,
            before.durable.acceptor.promised,
            &node.durable,
            &fx,
        );
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
    }
}

impl MultiModel {
    fn context<'a>(&'a self, state: &'a State) -> Context<'a> {
        let acceptors = &self.setup.acceptors;
        Context {
            config: &self.setup.config,
            live_acceptors: acceptors.iter().filter(|a| !state.down.contains(a)).count(),
            taken: state.monitor.taken(),
        }
    }

    fn index(&self, leader: NodeId) -> usize {
        let at = self.setup.leaders.iter().position(|(id, _)| *id == leader);
        at.expect("a leader")
    }
}

/// The `always` properties, each with the invariant it checks.
pub const ALWAYS: [(&str, Invariant); 9] = [
    ("agreement in every slot", Invariant::TwoValuesChosen),
    ("decisions are chosen", Invariant::DecisionNotChosen),
    ("validity", Invariant::Validity),
    (
        "no-op only where nothing was chosen",
        Invariant::NoopOverChosen,
    ),
    (
        "executed logs are prefixes of each other",
        Invariant::LogsDiverge,
    ),
    ("accept within promise", Invariant::AcceptedBelowPromise),
    ("promises never decrease", Invariant::PromiseDecreased),
    ("stable storage", Invariant::LostDurableState),
    ("unique ballots", Invariant::ReusedBallot),
];

impl Model for MultiModel {
    type State = State;
    type Action = Action;

    fn init_states(&self) -> Vec<State> {
        let count = self.setup.node_count() as u32;
        let mut state = State {
            nodes: (0..count).map(|i| Arc::new(Node::new(NodeId(i)))).collect(),
            network: Vec::new(),
            submitted: vec![0; self.setup.leaders.len()],
            down: BTreeSet::new(),
            faults: 0,
            monitor: Arc::new(Monitor::default()),
            acceptors: self.setup.acceptors.clone().into(),
        };
        if self.setup.submit_first {
            for (p, commands) in &self.setup.leaders {
                for _ in commands {
                    state = self
                        .next_state(&state, Action::Submit(*p))
                        .expect("a submit");
                }
            }
        }
        vec![state]
    }

    fn actions(&self, state: &State, actions: &mut Vec<Action>) {
        for (i, (p, commands)) in self.setup.leaders.iter().enumerate() {
            if state.down.contains(p) {
                continue;
            }
            let next = state.node(*p).next_ballot(self.context(state));
            if next.is_some_and(|b| b <= self.setup.max_ballot) {
                actions.push(Action::Lead(*p));
            }
            if usize::from(state.submitted[i]) < commands.len() {
                actions.push(Action::Submit(*p));
            }
        }
        for sent in &state.network {
            if !state.down.contains(&sent.to) {
                actions.push(Action::Deliver(Arc::clone(sent)));
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
        let setup = &self.setup;
        match action {
            Action::Lead(p) => {
                let before = last.node(p);
                let mut node = before.clone();
                let (_, fx) = node.lead(ctx).ok()?;
                let mut next = last.clone();
                next.record(setup, before, node, fx);
                Some(next)
            }
            Action::Submit(p) => {
                let i = self.index(p);
                let command = setup.leaders[i].1[usize::from(last.submitted[i])];
                let before = last.node(p);
                let mut node = before.clone();
                let fx = node.submit(command.into(), ctx);
                let mut next = last.clone();
                Arc::make_mut(&mut next.monitor).proposed(&command.into());
                next.submitted[i] += 1;
                next.record(setup, before, node, fx);
                Some(next)
            }
            Action::Deliver(sent) => {
                let before = last.node(sent.to);
                let mut node = before.clone();
                let fx = node.handle(sent.from, sent.message.clone(), ctx);
                if node == *before && last.already_has(sent.to, &fx) {
                    return None;
                }
                let mut next = last.clone();
                next.record(setup, before, node, fx);
                Some(next)
            }
            Action::Crash(id) => {
                let mut node = last.node(id).clone();
                node.crash();
                let mut next = last.clone();
                Arc::make_mut(&mut next.monitor).crashed(&node);
                next.down.insert(id);
                next.faults += 1;
                next.nodes[id.0 as usize] = Arc::new(node);
                Some(next)
            }
            Action::Restart(id) => {
                let mut node = last.node(id).clone();
                node.recover(&setup.config);
                let mut next = last.clone();
                Arc::make_mut(&mut next.monitor).restarted(&setup.config, &node);
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
            Property::always(ALWAYS[7].0, |_, s: &State| !s.broke(ALWAYS[7].1)),
            Property::always(ALWAYS[8].0, |_, s: &State| !s.broke(ALWAYS[8].1)),
        ];
        properties.extend([
            Property::sometimes("two slots chosen", |_, s: &State| {
                let slots: BTreeSet<_> = s.monitor.chosen().iter().map(|p| p.slot).collect();
                slots.len() >= 2
            }),
            Property::sometimes("a no-op chosen", |_, s: &State| {
                s.monitor.chosen().iter().any(|p| p.value.is_noop())
            }),
            Property::sometimes("a command chosen again by a new leader", |_, s: &State| {
                let chosen = s.monitor.chosen();
                chosen.iter().any(|p| {
                    chosen
                        .iter()
                        .any(|q| q.slot == p.slot && q.ballot != p.ballot && !p.value.is_noop())
                })
            }),
            Property::sometimes("both replicas executed two slots", |m: &MultiModel, s| {
                m.setup
                    .leaders
                    .iter()
                    .all(|(p, _)| s.node(*p).replica.next.0 >= 3)
            }),
            Property::sometimes("two leaders in phase 2", |m: &MultiModel, s: &State| {
                m.setup.leaders.iter().all(|(p, _)| {
                    s.network
                        .iter()
                        .any(|x| x.from == *p && matches!(x.message, Message::Accept { .. }))
                })
            }),
        ]);
        properties
    }
}

/// What one run of the checker found and what it cost.
#[derive(Debug)]
pub struct Outcome {
    /// Unique states visited.
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
    fn of<C: Checker<MultiModel>>(checker: C, start: Instant) -> Outcome {
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

/// Symmetry reduction over the acceptors: the state with the acceptors renamed in an order fixed
/// by what each one is, has seen and is remembered for. Acceptors never talk to each other, so
/// what concerns one acceptor is its own state, the messages to and from it, the monitor's memory
/// of it, and whether a leader counted it.
pub fn representative(state: &State) -> State {
    let acceptors = &state.acceptors;
    let mut keyed: Vec<(u64, NodeId)> = acceptors.iter().map(|&a| (state.role_of(a), a)).collect();
    keyed.sort();
    let mut order = acceptors.to_vec();
    for (new, (_, old)) in acceptors.iter().zip(&keyed) {
        let i = acceptors
            .iter()
            .position(|a| a == old)
            .expect("an acceptor");
        order[i] = *new;
    }
    if *order == **acceptors {
        return state.clone();
    }
    let rename = |id: NodeId| match acceptors.iter().position(|&a| a == id) {
        Some(i) => order[i],
        None => id,
    };
    state.renamed(&rename)
}

impl State {
    /// A fingerprint of everything about acceptor `a` that a renaming of acceptors preserves.
    fn role_of(&self, a: NodeId) -> u64 {
        let mut h = DefaultHasher::new();
        self.node(a).durable.hash(&mut h);
        (self.down.contains(&a), self.monitor.about(a)).hash(&mut h);
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
            if let Leadership::Preparing { promises, .. } = &n.leader.status {
                promises.get(&a).hash(&mut h);
            }
            for (slot, (_, accepted)) in &n.leader.in_flight {
                (slot, accepted.contains(&a)).hash(&mut h);
            }
        }
        h.finish()
    }

    /// The same state with every node id `n` replaced by `rename(n)`.
    fn renamed(&self, rename: &dyn Fn(NodeId) -> NodeId) -> State {
        let mut nodes = self.nodes.clone();
        for old in &self.nodes {
            let mut node = (**old).clone();
            node.id = rename(node.id);
            if let Leadership::Preparing { promises, .. } = &mut node.leader.status {
                *promises = std::mem::take(promises)
                    .into_iter()
                    .map(|(k, v)| (rename(k), v))
                    .collect();
            }
            for (_, accepted) in node.leader.in_flight.values_mut() {
                *accepted = std::mem::take(accepted).into_iter().map(rename).collect();
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
            submitted: self.submitted.clone(),
            down: self.down.iter().map(|&n| rename(n)).collect(),
            faults: self.faults,
            monitor: Arc::new(self.monitor.renamed(rename)),
            acceptors: Arc::clone(&self.acceptors),
        }
    }
}

/// The exhaustive check of `setup`, depth-first on `threads` threads, with symmetry reduction
/// over the acceptors (which must be all crashable, or none).
pub fn check_correct(setup: Setup, threads: usize) -> Outcome {
    let crashable = setup
        .acceptors
        .iter()
        .filter(|a| setup.crashable.contains(a))
        .count();
    assert!(
        crashable == 0 || crashable == setup.acceptors.len(),
        "{}: the symmetry reduction needs all acceptors crashable, or none",
        setup.name
    );
    let start = Instant::now();
    let symmetric = setup.symmetric;
    let builder = MultiModel { setup }.checker().threads(threads);
    let builder = if symmetric {
        builder.symmetry_fn(representative)
    } else {
        builder
    };
    let checker = builder
        .finish_when(HasDiscoveries::AnyFailures)
        .spawn_dfs()
        .join();
    Outcome::of(checker, start)
}

/// A breadth-first search for two values chosen in one slot, so the path it finds is a
/// shortest one.
pub fn find_two_values_chosen(setup: Setup, threads: usize) -> Outcome {
    let start = Instant::now();
    let checker = MultiModel { setup }
        .checker()
        .threads(threads)
        .finish_when(HasDiscoveries::AnyOf(BTreeSet::from([ALWAYS[0].0])))
        .spawn_bfs()
        .join();
    Outcome::of(checker, start)
}

/// Replays `actions` from the initial state, each enabled where it is taken.
pub fn replay(model: &MultiModel, actions: &[Action]) -> Option<Vec<State>> {
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

/// A shorter path to a state where `bad` holds: drops one action at a time, or a crash with its
/// restart, as long as the rest still replays and still ends in a bad state.
pub fn shrink(model: &MultiModel, actions: &[Action], bad: fn(&State) -> bool) -> Vec<Action> {
    let ends_bad =
        |path: &[Action]| replay(model, path).is_some_and(|states| states.last().is_some_and(bad));
    assert!(
        ends_bad(actions),
        "the path to shrink must end in a bad state"
    );
    let mut path = actions.to_vec();
    'shrinking: loop {
        for i in (0..path.len()).rev() {
            for j in i..path.len() {
                let shorter: Vec<Action> = path
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != i && k != j)
                    .map(|(_, a)| a.clone())
                    .collect();
                if ends_bad(&shorter) {
                    path = shorter;
                    continue 'shrinking;
                }
            }
        }
        return path;
    }
}

/// One action, in words: leaders are `L0`, `L1`, acceptors `A2`, ….
pub fn describe(setup: &Setup, action: &Action) -> String {
    let name = |id: NodeId| {
        let role = if setup.acceptors.contains(&id) {
            'A'
        } else {
            'L'
        };
        format!("{role}{}", id.0)
    };
    match action {
        Action::Lead(p) => format!("{} is told to lead", name(*p)),
        Action::Submit(p) => format!("a client submits to {}", name(*p)),
        Action::Deliver(s) => format!("{} → {}: {}", name(s.from), name(s.to), words(&s.message)),
        Action::Crash(n) => format!("{} crashes", name(*n)),
        Action::Restart(n) => format!("{} restarts", name(*n)),
    }
}

fn words(message: &Message) -> String {
    match message {
        Message::Prepare { ballot, from } => format!("Prepare({ballot}, from slot {from})"),
        Message::Promise {
            ballot,
            accepted,
            later,
        } => {
            let reported: Vec<String> = accepted
                .iter()
                .chain(later.iter())
                .map(|p| p.to_string())
                .collect();
            format!("Promise({ballot}, [{}])", reported.join(", "))
        }
        Message::Accept {
            ballot,
            value,
            slot,
        } => format!("Accept({ballot}, slot {slot}, {value})"),
        Message::Accepted {
            ballot,
            value,
            slot,
        } => format!("Accepted({ballot}, slot {slot}, {value})"),
        Message::Nack { ballot, promised } => format!("Nack({ballot}, promised {promised})"),
        Message::Chosen {
            ballot,
            value,
            slot,
        } => format!("Chosen({ballot}, slot {slot}, {value})"),
        Message::Query {} => "Query".to_owned(),
    }
}
