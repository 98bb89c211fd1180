//! The learner: finds out which value was chosen.
//!
//! A value is chosen when a majority of acceptors have accepted the same proposal. A learner
//! counts `Accepted(n, v)` per number `n`, and decides when one number reaches a majority. A
//! distinguished learner then relays `Chosen(v)` to the other learners (seed 004, 2.6). What a
//! learner has counted is volatile: after a restart it must learn again.

use super::{Ballot, Effects, Message, NodeId, Note, Proposal, Value};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The learner's volatile state.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Learner {
    /// For each number, the value and the acceptors known to have accepted it.
    pub tallies: BTreeMap<Ballot, (Value, BTreeSet<NodeId>)>,
    /// The value this learner has learned.
    pub learned: Option<Value>,
}

impl Learner {
    /// Counts an `Accepted`. Returns the value if this completes a majority.
    pub(super) fn on_accepted(
        &mut self,
        from: NodeId,
        proposal: Proposal,
        quorum: usize,
        fx: &mut Effects,
    ) -> Option<Value> {
        if self.learned.is_some() {
            return None;
        }
        let (value, from_set) = self
            .tallies
            .entry(proposal.ballot)
            .or_insert_with(|| (proposal.value.clone(), BTreeSet::new()));
        // With unique numbers one ballot has one value; keep the first seen, as a real learner would.
        if *value != proposal.value {
            fx.note(Note::Stale {
                kind: super::MessageKind::Accepted,
                ballot: Some(proposal.ballot),
            });
            return None;
        }
        from_set.insert(from);
        let count = from_set.len();
        let proposal = Proposal {
            ballot: proposal.ballot,
            value: value.clone(),
        };
        if count >= quorum {
            fx.note(Note::Learned {
                proposal: proposal.clone(),
            });
            self.learned = Some(proposal.value.clone());
            Some(proposal.value)
        } else {
            fx.note(Note::LearnerCounted {
                proposal,
                count,
                quorum,
            });
            None
        }
    }

    /// Takes a distinguished learner's word for the chosen value.
    pub(super) fn on_chosen(&mut self, relay: NodeId, value: Value, fx: &mut Effects) -> bool {
        if self.learned.is_some() {
            fx.note(Note::Stale {
                kind: super::MessageKind::Chosen,
                ballot: None,
            });
            return false;
        }
        fx.note(Note::LearnedFromRelay {
            value: value.clone(),
            relay,
        });
        self.learned = Some(value);
        true
    }

    /// Tells the other learners, if this node is a relay.
    pub(super) fn relay(
        me: NodeId,
        value: &Value,
        learners: &[NodeId],
        relays: &[NodeId],
        fx: &mut Effects,
    ) {
        for &l in learners {
            if l != me && !relays.contains(&l) {
                fx.send(
                    l,
                    Message::Chosen {
                        value: value.clone(),
                    },
                );
            }
        }
    }
}
