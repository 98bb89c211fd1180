//! The simulated world: nodes, network, clock and faults, driven by explicit operations.
//!
//! Every change comes from one [`Op`], and every op either succeeds and appends events, or fails
//! with an [`OpError`] and changes nothing. Time only moves when a message or timer is
//! delivered, so a paused run stays paused. All randomness (latency jitter, random loss, back-off)
//! comes from one seeded [`Rng`], so a seed and a list of ops replay the same run anywhere.

use super::safety::{Decision, Monitor, Observed, Violation};
use super::{
    Envelope, Event, EventId, EventKind, InitialLog, LossCause, MessageMatch, MsgId, Rng, Tick,
    TRACE_FORMAT, TRACE_FORMAT_MULTI,
};
use crate::paxos::{
    Ballot, Config, Context, Effects, Learning, Liveness, Machine, Node, NodeId, Proposal,
    ProposeError, Slot, StateMachine, Switch, Value, Variant,
};
use crate::sorted::{VecMap, VecSet};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The longest value a proposer accepts, in characters.
pub const MAX_VALUE_CHARS: usize = 40;
/// The largest ballot number, typed or automatic ([`Ballot::MAX`]).
pub const MAX_BALLOT: u32 = Ballot::MAX.0;

/// The network's behaviour.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct NetConfig {
    /// Ticks a message takes, before jitter.
    pub latency: u32,
    /// Up to this many extra ticks, drawn at random per message.
    pub jitter: u32,
    /// Percent of messages lost at random on arrival.
    pub loss_percent: u8,
    /// The seed of the run's random numbers.
    pub seed: u64,
}

impl Default for NetConfig {
    fn default() -> Self {
        NetConfig {
            latency: 10,
            jitter: 0,
            loss_percent: 0,
            seed: 1,
        }
    }
}

/// One operation on the world: what a user, a scenario or a test can do.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Op {
    /// Ask `node` to propose `value`, with an optional number and recipients.
    Propose {
        /// The proposer.
        node: NodeId,
        /// The value.
        value: Value,
        /// An explicit ballot; by default the proposer's next unique number.
        #[serde(default)]
        ballot: Option<Ballot>,
        /// The acceptors to ask; by default all of them.
        #[serde(default)]
        recipients: Option<Vec<NodeId>>,
    },
    /// Deliver the next message or timer, in time order.
    Step,
    /// Deliver this message now.
    Deliver {
        /// The message.
        msg: MsgId,
    },
    /// Drop this message.
    Drop {
        /// The message.
        msg: MsgId,
    },
    /// Put a copy of this message on the network.
    Duplicate {
        /// The message.
        msg: MsgId,
    },
    /// Stop this message where it is.
    Hold {
        /// The message.
        msg: MsgId,
    },
    /// Let a held message go on.
    Release {
        /// The message.
        msg: MsgId,
    },
    /// Crash a node.
    Kill {
        /// The node.
        node: NodeId,
    },
    /// Restart a crashed node.
    Restart {
        /// The node.
        node: NodeId,
    },
    /// Multi-Paxos: a client gives `node`, a proposer, a command for the log.
    Submit {
        /// The proposer.
        node: NodeId,
        /// The command, one the state machine understands.
        command: Value,
    },
    /// Multi-Paxos: `node`, a proposer, becomes leader with a fresh number.
    Lead {
        /// The proposer.
        node: NodeId,
    },
    /// A learner asks every acceptor what it has accepted.
    Ask {
        /// The learner.
        node: NodeId,
    },
    /// Set the random loss rate.
    SetLoss {
        /// Percent, 0–100.
        percent: u8,
    },
    /// Flip a switch.
    Set {
        /// The switch.
        switch: Switch,
        /// On or off.
        on: bool,
    },
    /// Change the learning strategy.
    SetLearning {
        /// The new strategy.
        learning: Learning,
    },
    /// Change how livelock is avoided.
    SetLiveness {
        /// The new rule.
        liveness: Liveness,
    },
}

/// Why an operation was refused. Nothing changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum OpError {
    /// No node has this id.
    UnknownNode {
        /// The id.
        node: NodeId,
    },
    /// The node is not a proposer.
    NotAProposer {
        /// The node.
        node: NodeId,
    },
    /// A recipient is not an acceptor.
    NotAnAcceptor {
        /// The node.
        node: NodeId,
    },
    /// The node asked to query the acceptors, or named to relay `Chosen`, is not a learner.
    NotALearner {
        /// The node.
        node: NodeId,
    },
    /// The node is down.
    NodeDown {
        /// The node.
        node: NodeId,
    },
    /// The node is already up.
    NodeUp {
        /// The node.
        node: NodeId,
    },
    /// No message with this id is in flight.
    NoSuchMessage {
        /// The id.
        msg: MsgId,
    },
    /// The message is already held.
    AlreadyHeld {
        /// The id.
        msg: MsgId,
    },
    /// The message is not held.
    NotHeld {
        /// The id.
        msg: MsgId,
    },
    /// Another proposer already used this number (numbers must be unique).
    BallotInUse {
        /// The number.
        ballot: Ballot,
        /// Who used it.
        by: NodeId,
    },
    /// A ballot outside 1..=MAX_BALLOT.
    BallotOutOfRange {
        /// The number.
        ballot: Ballot,
    },
    /// The value is empty or longer than MAX_VALUE_CHARS.
    BadValue {
        /// Its length in characters.
        chars: usize,
    },
    /// The proposer refused.
    Propose {
        /// Why.
        reason: ProposeError,
    },
    /// A loss rate above 100%.
    LossOutOfRange {
        /// The rate asked for.
        percent: u8,
    },
    /// Nothing is in flight and no timer is set.
    Quiet,
    /// `Submit` and `Lead` need a Multi-Paxos run, `Propose` and `Ask` a single-decree one.
    WrongKindOfRun,
    /// The state machine does not understand this command.
    BadCommand {
        /// The command.
        command: Value,
    },
}

/// A timer waiting to fire.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PendingTimer {
    /// The proposer.
    pub node: NodeId,
    /// Its attempt.
    pub ballot: Ballot,
}

/// The whole simulated world. Cloning it is a snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Simulation {
    /// The protocol's configuration.
    pub config: Config,
    /// The network's configuration.
    pub net: NetConfig,
    /// Virtual time.
    pub now: Tick,
    rng: Rng,
    /// Every node, up or down.
    pub nodes: VecMap<NodeId, Node>,
    /// The nodes that are down.
    pub down: VecSet<NodeId>,
    /// Messages in flight.
    pub in_flight: VecMap<MsgId, Envelope>,
    /// The messages in flight that are not held, by arrival time and then id: the first is the
    /// next due. Kept beside `in_flight` so that a step need not scan every message.
    due: VecSet<(Tick, MsgId)>,
    /// Timers, by (time, sequence number).
    pub timers: VecMap<(Tick, u64), PendingTimer>,
    /// The safety checker's memory of the run: every acceptance, the register of ballots, …
    pub monitor: Monitor,
    /// Every proposal chosen at the acceptors, in order, with the event that says so.
    pub chosen: Vec<(Proposal, EventId)>,
    /// Every decision ever made (a node learning what was chosen), with its event.
    pub decisions: Vec<(Decision, EventId)>,
    /// The violations found, the first of each invariant, with the events that caused each.
    pub violations: Vec<(Violation, Vec<EventId>)>,
    /// Messages put on the network so far (copies included), for comparing learner strategies.
    pub sent_count: u64,
    /// Multi-Paxos: the log the run started from, if [`Simulation::start_mid_log`] set one.
    initial_log: Option<InitialLog>,
    last_event_of: VecMap<NodeId, EventId>,
    next_msg: u64,
    next_timer: u64,
    next_event: u64,
}

impl Simulation {
    /// A world with every node that `config` names, all up, nothing in flight.
    pub fn new(config: Config, net: NetConfig) -> Self {
        let ids: VecSet<NodeId> = config
            .proposers
            .iter()
            .chain(&config.acceptors)
            .chain(&config.learners)
            .chain(config.multi.iter().flat_map(|m| &m.replicas))
            .copied()
            .collect();
        Simulation {
            rng: Rng::new(net.seed),
            nodes: ids.into_iter().map(|id| (id, Node::new(id))).collect(),
            config,
            net,
            now: 0,
            down: VecSet::new(),
            in_flight: VecMap::new(),
            due: VecSet::new(),
            timers: VecMap::new(),
            monitor: Monitor::default(),
            chosen: Vec::new(),
            decisions: Vec::new(),
            violations: Vec::new(),
            sent_count: 0,
            initial_log: None,
            last_event_of: VecMap::new(),
            next_msg: 0,
            next_timer: 0,
            // Event 0 is the `began` event (see `began`).
            next_event: 1,
        }
    }

    /// The trace's first event, [`EventKind::Began`], with the whole configuration as it is
    /// now: call it on a new world. A new world reserves event id 0 for it, so the ids of the
    /// events that ops produce are the same whether or not a trace includes it.
    pub fn began(&self) -> Event {
        Event {
            id: EventId(0),
            time: self.now,
            kind: EventKind::Began {
                format: if self.config.multi.is_some() {
                    TRACE_FORMAT_MULTI
                } else {
                    TRACE_FORMAT
                },
                nodes: self.nodes.keys().copied().collect(),
                config: Box::new(self.config.clone()),
                net: self.net.clone(),
                log: self.initial_log.clone(),
            },
        }
    }

    /// The violation the page leads with: two values chosen if that happened, else the first
    /// one found.
    pub fn violation(&self) -> Option<&(Violation, Vec<EventId>)> {
        self.violations.iter().min_by_key(|(v, _)| {
            super::safety::Invariant::ALL
                .iter()
                .position(|&i| i == v.invariant())
        })
    }

    /// The size of the quorum that nodes count to now: a majority of all configured acceptors
    /// (or, under `live-quorum`, of the live ones).
    pub fn quorum(&self) -> usize {
        self.config.quorum(self.live_acceptors())
    }

    /// The number `node` would use if it proposed now, if any is left.
    pub fn next_ballot(&self, node: NodeId) -> Option<Ballot> {
        self.nodes.get(&node)?.next_ballot(self.context())
    }

    /// Whether a node is up.
    pub fn is_up(&self, node: NodeId) -> bool {
        self.nodes.contains_key(&node) && !self.down.contains(&node)
    }

    /// The time of the next message or timer that [`Op::Step`] would deliver.
    pub fn next_due(&self) -> Option<Tick> {
        self.next_item().map(|(t, _)| t)
    }

    /// The message [`Op::Step`] would deliver next, if the next due item is a message.
    pub fn next_message(&self) -> Option<&Envelope> {
        match self.next_item()? {
            (_, Due::Message(id)) => self.in_flight.get(&id),
            (_, Due::Timer(_)) => None,
        }
    }

    /// The number of events so far.
    pub fn event_count(&self) -> u64 {
        self.next_event
    }

    /// The first message in flight (by id, so the oldest) that fits `pattern`.
    pub fn find_message(&self, pattern: &MessageMatch) -> Option<MsgId> {
        self.in_flight
            .values()
            .find(|e| pattern.matches(e))
            .map(|e| e.id)
    }

    /// The decisions, without their events.
    pub fn decided(&self) -> Vec<Decision> {
        self.decisions.iter().map(|(d, _)| d.clone()).collect()
    }

    /// The proposals chosen at the acceptors, without their events.
    pub fn chosen_proposals(&self) -> &[Proposal] {
        self.monitor.chosen()
    }

    /// Multi-Paxos: starts the run mid-log, before its first event, as a scenario's initial log
    /// says. Each acceptor in `accepted` stores its proposal and promises its ballot, as if it had
    /// accepted it; the proposer whose set holds the ballot counts it as used; and the monitor
    /// sees every acceptance, so what a majority accepted is chosen, as in a run. Then each node
    /// in `known` learns the chosen command of its slot, and a replica executes what it can, in
    /// slot order. Fails with the index of the first run of `known` with a slot that is not
    /// chosen, and that slot. The trace's `began` event carries `log`.
    pub fn start_mid_log(&mut self, log: &InitialLog) -> Result<(), (usize, Slot)> {
        let began = EventId(0);
        let mut accepted = Vec::new();
        for run in &log.accepted {
            for slot in run.from.0..=run.to.0 {
                let p = Proposal {
                    ballot: run.ballot,
                    value: run.command.clone(),
                    slot: Slot(slot),
                };
                accepted.extend(run.by.iter().map(|&n| (n, p.clone())));
            }
        }
        let mut known = Vec::new();
        for (i, run) in log.known.iter().enumerate() {
            for slot in run.from.0..=run.to.0 {
                known.extend(run.nodes.iter().map(|&n| (n, Slot(slot), i)));
            }
        }
        let (count, shared) = (
            self.config.proposers.len(),
            self.config.has(Variant::ReusedBallots),
        );
        for (id, p) in &accepted {
            if !p.value.is_noop() {
                self.monitor.proposed(&p.value);
            }
            let below = Ballot(p.ballot.0.saturating_sub(1));
            let owner = (0..count).find(|&i| Ballot::next_for(i, count, below, shared) == p.ballot);
            if let Some(n) = owner.and_then(|i| self.nodes.get_mut(&self.config.proposers[i])) {
                n.durable.max_used = n.durable.max_used.max(p.ballot);
            }
            let Some(n) = self.nodes.get_mut(id) else {
                continue;
            };
            let acceptor = &mut n.durable.acceptor;
            let promised = acceptor.promised;
            acceptor.promised = promised.max(p.ballot);
            acceptor.store(p.clone());
            let fx = Effects {
                stored: vec![p.clone()],
                ..Effects::default()
            };
            let seen = self
                .monitor
                .step(&self.config, *id, promised, &n.durable, &fx);
            self.chosen
                .extend(seen.chosen.into_iter().map(|(p, _)| (p, began)));
            self.violations
                .extend(seen.violations.into_iter().map(|v| (v, Vec::new())));
        }
        for &(id, slot, i) in &known {
            let chosen = self
                .monitor
                .chosen()
                .iter()
                .find(|p| p.slot == slot)
                .cloned();
            let (Some(chosen), Some(n)) = (chosen, self.nodes.get_mut(&id)) else {
                return Err((i, slot));
            };
            let fx = n.knows(&chosen, &self.config);
            let promised = n.durable.acceptor.promised;
            let seen = self
                .monitor
                .step(&self.config, id, promised, &n.durable, &fx);
            self.decisions
                .extend(fx.decisions.into_iter().map(|(proposal, role)| {
                    (
                        Decision {
                            node: id,
                            proposal,
                            role,
                        },
                        began,
                    )
                }));
            self.violations
                .extend(seen.violations.into_iter().map(|v| (v, Vec::new())));
        }
        self.initial_log = Some(log.clone());
        Ok(())
    }

    /// Applies one operation, appending its events to `out`. On error nothing changes.
    pub fn apply(&mut self, op: &Op, out: &mut Vec<Event>) -> Result<(), OpError> {
        match op {
            Op::Propose {
                node,
                value,
                ballot,
                recipients,
            } => self.propose(*node, value, *ballot, recipients.as_deref(), out)?,
            Op::Step => self.step(out)?,
            Op::Submit { node, command } => self.submit(*node, command, out)?,
            Op::Lead { node } => self.lead(*node, out)?,
            Op::Ask { node } => self.ask(*node, out)?,
            Op::Deliver { msg } => {
                let envelope = self.take(*msg)?;
                self.deliver(envelope, false, out);
            }
            Op::Drop { msg } => {
                let envelope = self.take(*msg)?;
                self.emit(EventKind::Dropped { envelope }, out);
            }
            Op::Duplicate { msg } => {
                let original = self.find(*msg)?.clone();
                let copy = Envelope {
                    id: self.new_msg_id(),
                    held_at: None,
                    copy_of: Some(original.id),
                    arrive_at: original.arrive_at.max(self.now)
                        + u64::from((self.net.latency / 2).max(1)),
                    ..original
                };
                if copy.held_at.is_none() {
                    self.due.insert((copy.arrive_at, copy.id));
                }
                self.in_flight.insert(copy.id, copy.clone());
                self.sent_count += 1;
                self.emit(EventKind::Duplicated { msg: *msg, copy }, out);
            }
            Op::Hold { msg } => {
                let now = self.now;
                let envelope = self.find_mut(*msg)?;
                if envelope.held_at.is_some() {
                    return Err(OpError::AlreadyHeld { msg: *msg });
                }
                envelope.held_at = Some(now);
                let key = (envelope.arrive_at, envelope.id);
                self.due.remove(&key);
                self.emit(EventKind::Held { msg: *msg }, out);
            }
            Op::Release { msg } => {
                let now = self.now;
                let envelope = self.find_mut(*msg)?;
                let Some(held_at) = envelope.held_at.take() else {
                    return Err(OpError::NotHeld { msg: *msg });
                };
                let shift = now.saturating_sub(held_at);
                envelope.sent_at += shift;
                envelope.arrive_at += shift;
                let arrive_at = envelope.arrive_at;
                self.due.insert((arrive_at, *msg));
                self.emit(
                    EventKind::Released {
                        msg: *msg,
                        arrive_at,
                    },
                    out,
                );
            }
            Op::Kill { node } => {
                self.known(*node)?;
                if self.down.contains(node) {
                    return Err(OpError::NodeDown { node: *node });
                }
                self.down.insert(*node);
                self.timers.retain(|_, t| t.node != *node);
                let n = self.nodes.get_mut(node).expect("known node");
                n.crash();
                self.monitor.crashed(n);
                self.emit(EventKind::Killed { node: *node }, out);
            }
            Op::Restart { node } => {
                self.known(*node)?;
                if !self.down.contains(node) {
                    return Err(OpError::NodeUp { node: *node });
                }
                self.down.remove(node);
                let config = &self.config;
                let n = self.nodes.get_mut(node).expect("known node");
                n.recover(config);
                let kept = n.durable.clone();
                let seen = self.monitor.restarted(config, n);
                let ev = self.emit(
                    EventKind::Restarted {
                        node: *node,
                        kept,
                        amnesia: self.config.has(Variant::Amnesia),
                    },
                    out,
                );
                self.last_event_of.insert(*node, ev);
                self.observed(seen, out);
            }
            Op::SetLoss { percent } => {
                if *percent > 100 {
                    return Err(OpError::LossOutOfRange { percent: *percent });
                }
                self.net.loss_percent = *percent;
                self.emit(EventKind::LossSet { percent: *percent }, out);
            }
            Op::Set { switch, on } => {
                self.config.set(*switch, *on);
                self.emit(
                    EventKind::Switched {
                        switch: *switch,
                        on: *on,
                    },
                    out,
                );
            }
            Op::SetLearning { learning } => {
                // Only a learner can be told `Accepted` and relay `Chosen` (§2.3): a strategy
                // naming any other node would send messages to a node with no learner in it.
                let named = match learning {
                    Learning::AllLearners => &[][..],
                    Learning::Distinguished { learner } => std::slice::from_ref(learner),
                    Learning::DistinguishedSet { learners } => &learners[..],
                };
                for &node in named {
                    self.known(node)?;
                    if !self.config.learners.contains(&node) {
                        return Err(OpError::NotALearner { node });
                    }
                }
                self.config.learning = learning.clone();
                self.emit(
                    EventKind::LearningSet {
                        learning: learning.clone(),
                    },
                    out,
                );
            }
            Op::SetLiveness { liveness } => {
                // The distinguished proposer (§2.4) is the one proposer that retries.
                if let Liveness::Distinguished { proposer } = liveness {
                    self.known(*proposer)?;
                    if !self.config.proposers.contains(proposer) {
                        return Err(OpError::NotAProposer { node: *proposer });
                    }
                }
                self.config.liveness = liveness.clone();
                self.emit(
                    EventKind::LivenessSet {
                        liveness: liveness.clone(),
                    },
                    out,
                );
            }
        }
        Ok(())
    }

    /// Steps until nothing is left to deliver, or `max_steps` steps. Returns the steps taken.
    pub fn run_until_quiet(&mut self, max_steps: usize, out: &mut Vec<Event>) -> usize {
        (0..max_steps)
            .take_while(|_| self.apply(&Op::Step, out).is_ok())
            .count()
    }

    fn propose(
        &mut self,
        node: NodeId,
        value: &Value,
        ballot: Option<Ballot>,
        recipients: Option<&[NodeId]>,
        out: &mut Vec<Event>,
    ) -> Result<(), OpError> {
        self.known(node)?;
        if !self.config.proposers.contains(&node) {
            return Err(OpError::NotAProposer { node });
        }
        if self.config.multi.is_some() {
            return Err(OpError::WrongKindOfRun);
        }
        if self.down.contains(&node) {
            return Err(OpError::NodeDown { node });
        }
        let chars = value.as_str().chars().count();
        if value.as_str().trim().is_empty() || chars > MAX_VALUE_CHARS {
            return Err(OpError::BadValue { chars });
        }
        let recipients = recipients
            .map(<[NodeId]>::to_vec)
            .unwrap_or_else(|| self.config.acceptors.clone());
        for r in &recipients {
            self.known(*r)?;
            if !self.config.acceptors.contains(r) {
                return Err(OpError::NotAnAcceptor { node: *r });
            }
        }
        if let Some(b) = ballot {
            if !b.in_range() {
                return Err(OpError::BallotOutOfRange { ballot: b });
            }
            if let Some(&by) = self.monitor.taken().get(&b) {
                if by != node && !self.config.has(Variant::ReusedBallots) {
                    return Err(OpError::BallotInUse { ballot: b, by });
                }
            }
        }
        let ctx = Context {
            config: &self.config,
            live_acceptors: self.live_acceptors(),
            taken: self.monitor.taken(),
        };
        let n = self.nodes.get_mut(&node).expect("known node");
        let before = n.durable.acceptor.promised;
        let (ballot, fx) = n
            .propose(value.clone(), ballot, recipients, ctx)
            .map_err(|reason| OpError::Propose { reason })?;
        self.monitor.proposed(value);
        let ev = self.emit(
            EventKind::Proposed {
                node,
                value: value.clone(),
                ballot,
            },
            out,
        );
        self.last_event_of.insert(node, ev);
        self.record(node, before, fx, out);
        Ok(())
    }

    /// Checks that `node` is a live proposer of a Multi-Paxos run.
    fn multi_proposer(&self, node: NodeId) -> Result<&crate::paxos::Multi, OpError> {
        self.known(node)?;
        let multi = self.config.multi.as_ref().ok_or(OpError::WrongKindOfRun)?;
        if !self.config.proposers.contains(&node) {
            return Err(OpError::NotAProposer { node });
        }
        if self.down.contains(&node) {
            return Err(OpError::NodeDown { node });
        }
        Ok(multi)
    }

    fn submit(
        &mut self,
        node: NodeId,
        command: &Value,
        out: &mut Vec<Event>,
    ) -> Result<(), OpError> {
        let multi = self.multi_proposer(node)?;
        let chars = command.as_str().chars().count();
        if chars > MAX_VALUE_CHARS {
            return Err(OpError::BadValue { chars });
        }
        if !Machine::new(multi.machine).understands(command.as_str()) {
            return Err(OpError::BadCommand {
                command: command.clone(),
            });
        }
        let live_acceptors = self.live_acceptors();
        let ctx = Context {
            config: &self.config,
            live_acceptors,
            taken: self.monitor.taken(),
        };
        let n = self.nodes.get_mut(&node).expect("known node");
        let (before, fx) = (n.durable.acceptor.promised, n.submit(command.clone(), ctx));
        self.monitor.proposed(command);
        let ev = self.emit(
            EventKind::Submitted {
                node,
                command: command.clone(),
            },
            out,
        );
        self.last_event_of.insert(node, ev);
        self.record(node, before, fx, out);
        Ok(())
    }

    fn lead(&mut self, node: NodeId, out: &mut Vec<Event>) -> Result<(), OpError> {
        self.multi_proposer(node)?;
        let live_acceptors = self.live_acceptors();
        let ctx = Context {
            config: &self.config,
            live_acceptors,
            taken: self.monitor.taken(),
        };
        let n = self.nodes.get_mut(&node).expect("known node");
        let before = n.durable.acceptor.promised;
        let (ballot, fx) = n.lead(ctx).map_err(|reason| OpError::Propose { reason })?;
        let ev = self.emit(EventKind::Led { node, ballot }, out);
        self.last_event_of.insert(node, ev);
        self.record(node, before, fx, out);
        Ok(())
    }

    fn ask(&mut self, node: NodeId, out: &mut Vec<Event>) -> Result<(), OpError> {
        self.known(node)?;
        if !self.config.learners.contains(&node) {
            return Err(OpError::NotALearner { node });
        }
        // A single decree's learner asks what was accepted; in Multi-Paxos the leader is the
        // distinguished learner and tells the replicas (seed 004 §2.9.1).
        if self.config.multi.is_some() {
            return Err(OpError::WrongKindOfRun);
        }
        if self.down.contains(&node) {
            return Err(OpError::NodeDown { node });
        }
        let ctx = Context {
            config: &self.config,
            live_acceptors: self.live_acceptors(),
            taken: self.monitor.taken(),
        };
        let n = self.nodes.get_mut(&node).expect("known node");
        let (before, fx) = (n.durable.acceptor.promised, n.ask(ctx));
        let ev = self.emit(EventKind::Asked { node }, out);
        self.last_event_of.insert(node, ev);
        self.record(node, before, fx, out);
        Ok(())
    }

    fn step(&mut self, out: &mut Vec<Event>) -> Result<(), OpError> {
        let (time, item) = self.next_item().ok_or(OpError::Quiet)?;
        self.now = self.now.max(time);
        match item {
            Due::Message(id) => {
                let envelope = self.in_flight.remove(&id).expect("due message");
                self.due.remove(&(envelope.arrive_at, id));
                self.deliver(envelope, true, out);
            }
            Due::Timer(key) => {
                let timer = self.timers.remove(&key).expect("due timer");
                self.emit(
                    EventKind::TimerFired {
                        node: timer.node,
                        ballot: timer.ballot,
                    },
                    out,
                );
                let ctx = Context {
                    config: &self.config,
                    live_acceptors: self.live_acceptors(),
                    taken: self.monitor.taken(),
                };
                let n = self.nodes.get_mut(&timer.node).expect("timer node");
                let before = n.durable.acceptor.promised;
                let fx = n.on_timeout(timer.ballot, ctx);
                self.record(timer.node, before, fx, out);
            }
        }
        Ok(())
    }

    fn next_item(&self) -> Option<(Tick, Due)> {
        let message = self
            .due
            .first()
            .map(|&(t, id)| ((t, 0, id.0), Due::Message(id)));
        let timer = self
            .timers
            .keys()
            .next()
            .map(|&(t, seq)| ((t, 1, seq), Due::Timer((t, seq))));
        [message, timer]
            .into_iter()
            .flatten()
            .min_by_key(|(k, _)| *k)
            .map(|((t, _, _), due)| (t, due))
    }

    fn deliver(&mut self, envelope: Envelope, may_lose: bool, out: &mut Vec<Event>) {
        let Envelope {
            id: msg,
            from,
            to,
            message,
            ..
        } = envelope;
        let cause = if self.down.contains(&to) {
            Some(LossCause::ReceiverDead)
        } else if may_lose && self.net.loss_percent > 0 && self.rng.percent(self.net.loss_percent) {
            Some(LossCause::RandomLoss)
        } else {
            None
        };
        if let Some(cause) = cause {
            self.emit(
                EventKind::Lost {
                    msg,
                    from,
                    to,
                    message,
                    cause,
                },
                out,
            );
            return;
        }
        self.emit(
            EventKind::Delivered {
                msg,
                from,
                to,
                message: message.clone(),
            },
            out,
        );
        let ctx = Context {
            config: &self.config,
            live_acceptors: self.live_acceptors(),
            taken: self.monitor.taken(),
        };
        let n = self.nodes.get_mut(&to).expect("receiver exists");
        let before = n.durable.acceptor.promised;
        let fx = n.handle(from, message, ctx);
        self.record(to, before, fx, out);
    }

    fn context(&self) -> Context<'_> {
        Context {
            config: &self.config,
            live_acceptors: self.live_acceptors(),
            taken: self.monitor.taken(),
        }
    }

    /// Turns a node's effects into events, messages and timers, after the safety checker has
    /// seen the step (the node held the promise `promised` before it).
    fn record(&mut self, node: NodeId, promised: Ballot, fx: Effects, out: &mut Vec<Event>) {
        let state = Arc::new(self.nodes[&node].durable.clone());
        let seen = self.monitor.step(&self.config, node, promised, &state, &fx);
        for note in fx.notes {
            let rule = note.rule();
            let ev = self.emit(
                EventKind::Acted {
                    node,
                    note,
                    rule,
                    state: Arc::clone(&state),
                },
                out,
            );
            self.last_event_of.insert(node, ev);
        }
        for (proposal, role) in fx.decisions {
            let ev = self.emit(
                EventKind::Decided {
                    node,
                    ballot: proposal.ballot,
                    value: proposal.value.clone(),
                    role,
                    slot: proposal.slot,
                },
                out,
            );
            self.last_event_of.insert(node, ev);
            self.decisions.push((
                Decision {
                    node,
                    proposal,
                    role,
                },
                ev,
            ));
        }
        for execution in fx.executed {
            let ev = self.emit(EventKind::Executed { execution }, out);
            self.last_event_of.insert(node, ev);
        }
        self.observed(seen, out);
        for (to, message) in fx.sends {
            let jitter = if self.net.jitter > 0 {
                self.rng.upto(self.net.jitter)
            } else {
                0
            };
            let envelope = Envelope {
                id: self.new_msg_id(),
                from: node,
                to,
                message,
                sent_at: self.now,
                arrive_at: self.now + u64::from(self.net.latency.max(1) + jitter),
                held_at: None,
                copy_of: None,
            };
            self.due.insert((envelope.arrive_at, envelope.id));
            self.in_flight.insert(envelope.id, envelope.clone());
            self.sent_count += 1;
            self.emit(EventKind::Sent { envelope }, out);
        }
        for timer in fx.timers {
            let extra = match (&self.config.liveness, timer.backoff) {
                (Liveness::RandomBackoff { max_extra }, true) => self.rng.upto(*max_extra),
                _ => 0,
            };
            let at = self.now + u64::from(timer.after) + u64::from(extra);
            let seq = self.next_timer;
            self.next_timer += 1;
            self.timers.insert(
                (at, seq),
                PendingTimer {
                    node,
                    ballot: timer.ballot,
                },
            );
            self.emit(
                EventKind::TimerSet {
                    node,
                    ballot: timer.ballot,
                    at,
                },
                out,
            );
        }
    }

    /// Emits the instants at which proposals became chosen, and the violations found, with the
    /// events that caused each.
    fn observed(&mut self, seen: Observed, out: &mut Vec<Event>) {
        for (proposal, acceptors) in seen.chosen {
            let earlier = self
                .chosen
                .iter()
                .find(|(c, _)| c.slot == proposal.slot && c.value == proposal.value)
                .map(|(c, _)| c.ballot);
            let ev = self.emit(
                EventKind::Chosen {
                    ballot: proposal.ballot,
                    value: proposal.value.clone(),
                    acceptors: acceptors.into_iter().collect(),
                    slot: proposal.slot,
                    earlier,
                },
                out,
            );
            self.chosen.push((proposal, ev));
        }
        for violation in seen.violations {
            let chosen_event = |p: &Proposal| self.chosen.iter().find(|(c, _)| c == p).map(|c| c.1);
            let because: Vec<EventId> = match &violation {
                Violation::TwoValuesChosen { first, second } => {
                    [chosen_event(first), chosen_event(second)]
                        .into_iter()
                        .flatten()
                        .collect()
                }
                Violation::Validity { proposal } => chosen_event(proposal).into_iter().collect(),
                Violation::DecisionNotChosen { decision } => self
                    .decisions
                    .iter()
                    .rev()
                    .find(|(d, _)| d == decision)
                    .map(|(_, e)| *e)
                    .into_iter()
                    .collect(),
                other => other
                    .node()
                    .and_then(|n| self.last_event_of.get(&n).copied())
                    .into_iter()
                    .collect(),
            };
            self.violations.push((violation.clone(), because.clone()));
            self.emit(
                EventKind::Unsafe {
                    violation: Box::new(violation),
                    because,
                },
                out,
            );
        }
    }

    /// The acceptors that are up now.
    pub fn live_acceptors(&self) -> usize {
        self.config
            .acceptors
            .iter()
            .filter(|a| !self.down.contains(a))
            .count()
    }

    fn known(&self, node: NodeId) -> Result<(), OpError> {
        if self.nodes.contains_key(&node) {
            Ok(())
        } else {
            Err(OpError::UnknownNode { node })
        }
    }

    fn find(&self, msg: MsgId) -> Result<&Envelope, OpError> {
        self.in_flight
            .get(&msg)
            .ok_or(OpError::NoSuchMessage { msg })
    }

    fn find_mut(&mut self, msg: MsgId) -> Result<&mut Envelope, OpError> {
        self.in_flight
            .get_mut(&msg)
            .ok_or(OpError::NoSuchMessage { msg })
    }

    fn take(&mut self, msg: MsgId) -> Result<Envelope, OpError> {
        let envelope = self
            .in_flight
            .remove(&msg)
            .ok_or(OpError::NoSuchMessage { msg })?;
        self.due.remove(&(envelope.arrive_at, msg));
        Ok(envelope)
    }

    fn new_msg_id(&mut self) -> MsgId {
        self.next_msg += 1;
        MsgId(self.next_msg)
    }

    fn emit(&mut self, kind: EventKind, out: &mut Vec<Event>) -> EventId {
        let id = EventId(self.next_event);
        self.next_event += 1;
        out.push(Event {
            id,
            time: self.now,
            kind,
        });
        id
    }
}

#[derive(Clone, Copy, Debug)]
enum Due {
    Message(MsgId),
    Timer((Tick, u64)),
}
