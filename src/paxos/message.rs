//! The messages of Basic Paxos, with Lamport's names.
//!
//! | phase | from → to            | message                         | the course notes' words      |
//! |-------|----------------------|---------------------------------|-----------------------------|
//! | 1a    | proposer → acceptor  | `Prepare(n)`                    | 准备信息                     |
//! | 1b    | acceptor → proposer  | `Promise(n, accepted ⟨n', v'⟩)` | 承诺, 并回复上次接受的提议     |
//! | 2a    | proposer → acceptor  | `Accept(n, v)`                  | 请同意该提议的请求             |
//! | 2b    | acceptor → proposer, learners | `Accepted(n, v)`       | 同意                         |
//! |       | acceptor → proposer  | `Nack(n, promised)` (optional)  | 拒绝 (the notes just ignore)  |
//! |       | learner → learners   | `Chosen(n, v)`                  | 通知其他学习者                 |
//! |       | learner → acceptors  | `Query`                         | 学习者向接受者询问             |
//!
//! **Multi-Paxos** adds the slot ("Paxos Made Simple", §3): a leader's `Prepare(n, from)` asks
//! for the promise for every slot from `from` onward, the `Promise` carries the proposal accepted
//! in each of them (`accepted` for the first slot, `later` for the others), and `Accept`,
//! `Accepted` and `Chosen` name the slot they are about. In JSON a slot field is left out when it
//! is the first, so the messages of single-decree Paxos read exactly as they always have.
//!
//! An acceptor answers a `Query` with `Accepted(n, v)` for the proposal it has accepted, if any:
//! a learner that missed the news (a lost message, a relay that crashed) can count the answers
//! itself. If too many acceptors are down, the answers cannot add up to a majority, and the
//! learner cannot tell whether a value was chosen.

use super::{Ballot, Proposal, Slot, Value};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A Paxos message. In JSON: `{"type": "promise", "ballot": 4, "accepted": {"ballot": 2, "value": "8"}}`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Message {
    /// Phase 1a: "promise never again to answer a number below `ballot`, and tell me what you accepted".
    Prepare {
        /// The proposal number being prepared.
        ballot: Ballot,
        /// The first slot it is for; it covers every later slot too.
        #[serde(default, skip_serializing_if = "Slot::is_first")]
        from: Slot,
    },
    /// Phase 1b: the acceptor's promise, carrying the highest-numbered proposal it has accepted
    /// in each slot the `Prepare` covers.
    Promise {
        /// The number promised.
        ballot: Ballot,
        /// The acceptor's accepted proposal in the first slot, if any and if the `Prepare`
        /// covered it. Leaving this out is a classic bug: P2c needs it.
        accepted: Option<Proposal>,
        /// Its accepted proposals in the later slots the `Prepare` covered, in slot order.
        #[serde(default, skip_serializing_if = "none_reported")]
        later: Reported,
    },
    /// Phase 2a: "accept proposal ⟨ballot, value⟩ in `slot`".
    Accept {
        /// The proposal number.
        ballot: Ballot,
        /// The value, chosen by P2c.
        value: Value,
        /// The slot.
        #[serde(default, skip_serializing_if = "Slot::is_first")]
        slot: Slot,
    },
    /// Phase 2b: the acceptor has accepted ⟨ballot, value⟩ in `slot`.
    Accepted {
        /// The proposal number.
        ballot: Ballot,
        /// The accepted value.
        value: Value,
        /// The slot.
        #[serde(default, skip_serializing_if = "Slot::is_first")]
        slot: Slot,
    },
    /// Optional reply to a request that was refused: "I already promised `promised`".
    Nack {
        /// The refused proposal number.
        ballot: Ballot,
        /// The higher number the acceptor has promised.
        promised: Ballot,
    },
    /// A distinguished learner tells the other learners the chosen proposal (in Multi-Paxos,
    /// the leader tells the replicas the command chosen in `slot`).
    Chosen {
        /// The chosen proposal's number.
        ballot: Ballot,
        /// The chosen value.
        value: Value,
        /// The slot.
        #[serde(default, skip_serializing_if = "Slot::is_first")]
        slot: Slot,
    },
    /// A learner asks an acceptor what it has accepted.
    Query {},
}

/// The kind of a message, for matching and colouring without its contents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MessageKind {
    /// [`Message::Prepare`]
    Prepare,
    /// [`Message::Promise`]
    Promise,
    /// [`Message::Accept`]
    Accept,
    /// [`Message::Accepted`]
    Accepted,
    /// [`Message::Nack`]
    Nack,
    /// [`Message::Chosen`]
    Chosen,
    /// `Query`.
    Query,
}

impl MessageKind {
    /// The type's name, as the course notes and the trace write it.
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Prepare => "Prepare",
            MessageKind::Promise => "Promise",
            MessageKind::Accept => "Accept",
            MessageKind::Accepted => "Accepted",
            MessageKind::Nack => "Nack",
            MessageKind::Chosen => "Chosen",
            MessageKind::Query => "Query",
        }
    }
}

impl Message {
    /// The kind of this message.
    pub fn kind(&self) -> MessageKind {
        match self {
            Message::Prepare { .. } => MessageKind::Prepare,
            Message::Promise { .. } => MessageKind::Promise,
            Message::Accept { .. } => MessageKind::Accept,
            Message::Accepted { .. } => MessageKind::Accepted,
            Message::Nack { .. } => MessageKind::Nack,
            Message::Chosen { .. } => MessageKind::Chosen,
            Message::Query {} => MessageKind::Query,
        }
    }

    /// The proposal number the message is about, if it has one.
    pub fn ballot(&self) -> Option<Ballot> {
        match self {
            Message::Prepare { ballot, .. }
            | Message::Promise { ballot, .. }
            | Message::Accept { ballot, .. }
            | Message::Accepted { ballot, .. }
            | Message::Nack { ballot, .. }
            | Message::Chosen { ballot, .. } => Some(*ballot),
            Message::Query {} => None,
        }
    }
}

impl Proposal {
    /// `Accept(n, slot, v)` for this proposal.
    pub fn accept(&self) -> Message {
        Message::Accept {
            ballot: self.ballot,
            value: self.value.clone(),
            slot: self.slot,
        }
    }

    /// `Accepted(n, slot, v)` for this proposal.
    pub fn accepted(&self) -> Message {
        Message::Accepted {
            ballot: self.ballot,
            value: self.value.clone(),
            slot: self.slot,
        }
    }

    /// `Chosen(n, slot, v)` for this proposal.
    pub fn chosen(&self) -> Message {
        Message::Chosen {
            ballot: self.ballot,
            value: self.value.clone(),
            slot: self.slot,
        }
    }
}

/// The proposals a promise reports for the later slots, in slot order. Shared, not copied: the
/// same list travels in the acceptor's note, the message, its delivery and the leader's count.
pub type Reported = Arc<[Proposal]>;

/// Whether a promise reports nothing for the later slots (left out of JSON then).
pub(crate) fn none_reported(later: &Reported) -> bool {
    later.is_empty()
}
