//! The trace: every state change of a run, in order, as serializable events.
//!
//! The narration, the safety banner and the space-time diagram are all made from it. In JSON an
//! event looks like
//! `{"id":7,"time":20,"kind":"acted","node":2,"note":{"note":"ignored-prepare","ballot":2,"promised":3},"rule":"promise-greater","state":{…}}`.
//!
//! A trace stands alone: its first event, [`EventKind::Began`], carries the format version and
//! the whole configuration, and every later event carries what a reader needs to check it
//! (`docs/trace.md`), so an independent checker can verify a run from its trace alone.

use super::{Envelope, MsgId, NetConfig, Tick, Violation};
use crate::paxos::{
    Ballot, Config, DecidedAs, Durable, Execution, Learning, Liveness, Message, NodeId, Note, Rule,
    Slot, Switch, Value,
};

/// The version of the trace format that [`EventKind::Began`] announces. Version 2 added
/// `began`, `chosen` and `asked`, the ballot of `decided`, the envelope of `dropped`, the
/// proposer's number in `restarted.kept` and `acted.state`, and the new invariants.
pub const TRACE_FORMAT: u32 = 2;

/// The format a Multi-Paxos run announces: format 2 with slots (`docs/trace.md`). A reader of
/// format 2 that ignored the slots would see two values chosen where there are two slots, so a
/// Multi-Paxos trace announces a number such a reader refuses. A single-decree run still
/// announces [`TRACE_FORMAT`], and its trace is unchanged.
pub const TRACE_FORMAT_MULTI: u32 = 3;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The id of an event: its index in the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub u64);

/// One state change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Its id.
    pub id: EventId,
    /// The virtual time it happened at.
    pub time: Tick,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// Why a message was lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LossCause {
    /// It arrived at a node that is down.
    ReceiverDead,
    /// The random loss rate took it.
    RandomLoss,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EventKind {
    /// The run began: always the first event, with everything needed to read the rest.
    Began {
        /// The trace format version, [`TRACE_FORMAT`].
        format: u32,
        /// Every node, by id.
        nodes: Vec<NodeId>,
        /// Who holds which role, and the protocol's rules and broken variants (boxed, as it is
        /// larger than any other event: every event in a trace takes the size of the largest).
        config: Box<Config>,
        /// The network's latency, jitter, loss and the seed of every random draw.
        net: NetConfig,
        /// Multi-Paxos: the log the run started from, if it did not start empty.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        log: Option<InitialLog>,
    },
    /// A client asked `node` to propose `value`.
    Proposed {
        /// The proposer.
        node: NodeId,
        /// The value.
        value: Value,
        /// The number it uses.
        ballot: Ballot,
    },
    /// Multi-Paxos: a client gave `node` a command.
    Submitted {
        /// The proposer.
        node: NodeId,
        /// The command.
        command: Value,
    },
    /// Multi-Paxos: `node` became leader with `ballot` (its phase 1 follows).
    Led {
        /// The new leader.
        node: NodeId,
        /// Its fresh number.
        ballot: Ballot,
    },
    /// Multi-Paxos: a replica executed the command of one slot.
    Executed {
        /// The replica, slot, command, output and state afterwards.
        #[serde(flatten)]
        execution: Execution,
    },
    /// A message was put on the network.
    Sent {
        /// The message and its path.
        envelope: Envelope,
    },
    /// A message reached its receiver, which handled it.
    Delivered {
        /// The message.
        msg: MsgId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// Contents.
        message: Message,
    },
    /// A message was lost on arrival.
    Lost {
        /// The message.
        msg: MsgId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// Contents.
        message: Message,
        /// Why.
        cause: LossCause,
    },
    /// The user dropped a message.
    Dropped {
        /// The whole message as it was on the network: sender, receiver, contents, times.
        envelope: Envelope,
    },
    /// The user duplicated a message.
    Duplicated {
        /// The original.
        msg: MsgId,
        /// The copy, now in flight too.
        copy: Envelope,
    },
    /// The user held a message: it stops where it is.
    Held {
        /// The message.
        msg: MsgId,
    },
    /// The user released a held message.
    Released {
        /// The message.
        msg: MsgId,
        /// Its new arrival time.
        arrive_at: Tick,
    },
    /// A node did something (or refused to), following `rule`.
    Acted {
        /// The node.
        node: NodeId,
        /// What it did.
        note: Note,
        /// The rule it followed.
        rule: Rule,
        /// Its durable state afterwards (shared by the events of one step).
        state: Arc<Durable>,
    },
    /// A learner asked every acceptor what it has accepted.
    Asked {
        /// The learner.
        node: NodeId,
    },
    /// A proposal became chosen: a majority of the configured acceptors have now accepted it
    /// (one acceptance, under the broken `accept-first`). Nobody may know yet.
    Chosen {
        /// The proposal number.
        ballot: Ballot,
        /// The value.
        value: Value,
        /// The acceptors that have accepted it.
        acceptors: Vec<NodeId>,
        /// The slot, left out when it is the first (single-decree Paxos).
        #[serde(default, skip_serializing_if = "Slot::is_first")]
        slot: Slot,
        /// The ballot of an earlier proposal that chose this same value in this slot, if one
        /// did: the value was chosen already and stays chosen (P2: every higher-numbered proposal
        /// that is chosen has the value chosen before). Left out when this is the first.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        earlier: Option<Ballot>,
    },
    /// A node found out that a proposal was chosen: it learned it.
    Decided {
        /// The node.
        node: NodeId,
        /// The proposal number.
        ballot: Ballot,
        /// The value.
        value: Value,
        /// In which role.
        role: DecidedAs,
        /// The slot, left out when it is the first (single-decree Paxos).
        #[serde(default, skip_serializing_if = "Slot::is_first")]
        slot: Slot,
    },
    /// A node crashed. Its volatile state is gone; messages to it will be lost.
    Killed {
        /// The node.
        node: NodeId,
    },
    /// A node restarted with what it kept in stable storage.
    Restarted {
        /// The node.
        node: NodeId,
        /// Its durable state after the restart.
        kept: Durable,
        /// Whether the broken `amnesia` variant wiped it.
        amnesia: bool,
    },
    /// A proposer's timer was set.
    TimerSet {
        /// The proposer.
        node: NodeId,
        /// The attempt it belongs to.
        ballot: Ballot,
        /// When it fires.
        at: Tick,
    },
    /// A proposer's timer fired.
    TimerFired {
        /// The proposer.
        node: NodeId,
        /// The attempt it belongs to.
        ballot: Ballot,
    },
    /// The random loss rate changed.
    LossSet {
        /// The new rate.
        percent: u8,
    },
    /// A protocol switch was flipped.
    Switched {
        /// The switch.
        switch: Switch,
        /// On or off.
        on: bool,
    },
    /// The learning strategy changed.
    LearningSet {
        /// The new strategy.
        learning: Learning,
    },
    /// The liveness rule changed.
    LivenessSet {
        /// The new rule.
        liveness: Liveness,
    },
    /// The safety checker found a violation.
    Unsafe {
        /// What went wrong (boxed: it is larger than most events).
        violation: Box<Violation>,
        /// The events that led to it.
        because: Vec<EventId>,
    },
}

/// A Multi-Paxos run that starts mid-log, as the notes' new leader does (seed 004 §3.5): what
/// the acceptors had accepted and the nodes knew chosen before the first event, in runs of
/// slots. The trace's `began` event carries it, so that the trace still stands alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitialLog {
    /// Runs of slots in which the same acceptors accepted the same ballot and command.
    pub accepted: Vec<AcceptedRun>,
    /// Runs of slots that the same nodes knew chosen (a replica had executed what it could).
    pub known: Vec<KnownRun>,
}

/// Slots `from` to `to`, in each of which every node of `by` accepted ⟨ballot, command⟩.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedRun {
    /// The first slot.
    pub from: Slot,
    /// The last slot.
    pub to: Slot,
    /// The proposal number.
    pub ballot: Ballot,
    /// The command, or the no-op.
    pub command: Value,
    /// The acceptors.
    pub by: Vec<NodeId>,
}

/// Slots `from` to `to`, whose chosen commands every node of `nodes` knew.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownRun {
    /// The first slot.
    pub from: Slot,
    /// The last slot.
    pub to: Slot,
    /// The nodes.
    pub nodes: Vec<NodeId>,
}
