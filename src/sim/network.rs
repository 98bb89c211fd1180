//! Messages in flight: the network is data, and every fault is an operation on it.

use crate::paxos::{Ballot, Message, MessageKind, NodeId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The id of a message in flight, unique within a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MsgId(pub u64);

/// Virtual time, in ticks.
pub type Tick = u64;

/// A message on its way from one node to another.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Envelope {
    /// Its id.
    pub id: MsgId,
    /// The sender.
    pub from: NodeId,
    /// The receiver.
    pub to: NodeId,
    /// The message.
    pub message: Message,
    /// When it left, or, after a hold, when it would have left to arrive on time.
    pub sent_at: Tick,
    /// When it arrives.
    pub arrive_at: Tick,
    /// When it was held, if it is held now.
    pub held_at: Option<Tick>,
    /// The message it is a copy of, if the network duplicated it.
    pub copy_of: Option<MsgId>,
}

impl Envelope {
    /// How far along its path it is at time `now`, in thousandths (0 at the sender, 1000 at the
    /// receiver). A held message stays where it was held.
    pub fn progress_permille(&self, now: Tick) -> u32 {
        let at = self.held_at.unwrap_or(now).max(self.sent_at);
        let span = self.arrive_at.saturating_sub(self.sent_at).max(1);
        ((at - self.sent_at).min(span) * 1000 / span) as u32
    }
}

impl fmt::Display for MsgId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A description of a message in flight, as a scenario names it: "the Prepare from User1 to
/// User2 with ballot 1". Unset fields match anything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MessageMatch {
    /// The message type.
    #[serde(rename = "type")]
    pub kind: Option<MessageKind>,
    /// The sender.
    pub from: Option<NodeId>,
    /// The receiver.
    pub to: Option<NodeId>,
    /// The ballot.
    pub ballot: Option<Ballot>,
}

impl MessageMatch {
    /// Whether `envelope` fits this description.
    pub fn matches(&self, envelope: &Envelope) -> bool {
        self.kind.is_none_or(|k| envelope.message.kind() == k)
            && self.from.is_none_or(|f| envelope.from == f)
            && self.to.is_none_or(|t| envelope.to == t)
            && self
                .ballot
                .is_none_or(|b| envelope.message.ballot() == Some(b))
    }
}
