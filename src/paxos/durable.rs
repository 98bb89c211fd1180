//! Stable storage: what a node must still know after a crash.
//!
//! Paxos tolerates crashes only because some state outlives them ("Paxos Made Simple", §2.3:
//! "an acceptor must remember this information even if it fails and then restarts"). An
//! acceptor must remember the highest number it promised and the proposal it accepted, or it
//! could promise or accept against its own word; a proposer must remember the highest number it
//! used, or it could issue the same number twice. Everything else, a proposer's attempt under
//! way and a learner's counts, is volatile and lost in a crash.
//!
//! [`Durable`] is that boundary as a type: [`Node::crash`](super::Node::crash) keeps a node's
//! `Durable` and rebuilds the rest from nothing, and the broken `amnesia` variant replaces it
//! with `Durable::default()` on restart.

use super::{Acceptor, Ballot};
use serde::{Deserialize, Serialize};

/// A node's stable storage. In JSON: `{"promised": 3, "accepted": {"ballot": 3, "value": "x"},
/// "max_used": 0}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Durable {
    /// The acceptor's promise and accepted proposal.
    #[serde(flatten)]
    pub acceptor: Acceptor,
    /// The highest proposal number this node has used as a proposer, written before the
    /// `Prepare` that carries it is sent.
    pub max_used: Ballot,
}
