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
//! An acceptor answers a `Query` with `Accepted(n, v)` for the proposal it has accepted, if any:
//! a learner that missed the news (a lost message, a relay that crashed) can count the answers
//! itself. If too many acceptors are down, the answers cannot add up to a majority, and the
//! learner cannot tell whether a value was chosen.

use super::{Ballot, Proposal, Value};
use serde::{Deserialize, Serialize};

/// A Paxos message. In JSON: `{"type": "promise", "ballot": 4, "accepted": {"ballot": 2, "value": "8"}}`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Message {
    /// Phase 1a: "promise never again to answer a number below `ballot`, and tell me what you accepted".
    Prepare {
        /// The proposal number being prepared.
        ballot: Ballot,
    },
    /// Phase 1b: the acceptor's promise, carrying the highest-numbered proposal it has accepted.
    Promise {
        /// The number promised.
        ballot: Ballot,
        /// The acceptor's accepted proposal, if any. Leaving this out is a classic bug: P2c needs it.
        accepted: Option<Proposal>,
    },
    /// Phase 2a: "accept proposal ⟨ballot, value⟩".
    Accept {
        /// The proposal number.
        ballot: Ballot,
        /// The value, chosen by P2c.
        value: Value,
    },
    /// Phase 2b: the acceptor has accepted ⟨ballot, value⟩.
    Accepted {
        /// The proposal number.
        ballot: Ballot,
        /// The accepted value.
        value: Value,
    },
    /// Optional reply to a request that was refused: "I already promised `promised`".
    Nack {
        /// The refused proposal number.
        ballot: Ballot,
        /// The higher number the acceptor has promised.
        promised: Ballot,
    },
    /// A distinguished learner tells the other learners the chosen proposal.
    Chosen {
        /// The chosen proposal's number.
        ballot: Ballot,
        /// The chosen value.
        value: Value,
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
            Message::Prepare { ballot }
            | Message::Promise { ballot, .. }
            | Message::Accept { ballot, .. }
            | Message::Accepted { ballot, .. }
            | Message::Nack { ballot, .. }
            | Message::Chosen { ballot, .. } => Some(*ballot),
            Message::Query {} => None,
        }
    }
}
