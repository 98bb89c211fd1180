//! The learner: finds out which value was chosen.
//!
//! A value is chosen the moment a majority of acceptors have accepted the same proposal, whether
//! or not anybody knows it yet. A learner *finds out*: it counts `Accepted(n, v)` per number `n`,
//! and learns the proposal when one number reaches a majority. A distinguished learner then
//! relays `Chosen(n, v)` to the other learners ("Paxos Made Simple", §2.3). What a learner has
//! counted is volatile: after a restart it must learn again.

use super::{Ballot, Effects, NodeId, Note, Proposal, Value};
use crate::sorted::{VecMap, VecSet};
use serde::{Deserialize, Serialize};

/// The learner's volatile state.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Learner {
    /// For each number, the value and the acceptors known to have accepted it.
    pub tallies: VecMap<Ballot, (Value, VecSet<NodeId>)>,
    /// The proposal this learner has learned was chosen.
    pub learned: Option<Proposal>,
}

impl Learner {
    /// Counts an `Accepted`. Returns the proposal if this completes a majority.
    pub(super) fn on_accepted(
        &mut self,
        from: NodeId,
        proposal: Proposal,
        quorum: usize,
        majority: usize,
        fx: &mut Effects,
    ) -> Option<Proposal> {
        if self.learned.is_some() {
            return None;
        }
        let (value, from_set) = self
            .tallies
            .entry(proposal.ballot)
            .or_insert_with(|| (proposal.value.clone(), VecSet::new()));
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
            value: value.clone(),
            ..proposal
        };
        if count >= quorum {
            fx.note(Note::Learned {
                proposal: proposal.clone(),
                quorum,
                majority,
            });
            self.learned = Some(proposal.clone());
            Some(proposal)
        } else {
            fx.note(Note::LearnerCounted {
                proposal,
                count,
                quorum,
            });
            None
        }
    }

    /// Takes a distinguished learner's word for the chosen proposal.
    pub(super) fn on_chosen(
        &mut self,
        relay: NodeId,
        proposal: Proposal,
        fx: &mut Effects,
    ) -> bool {
        if self.learned.is_some() {
            fx.note(Note::Stale {
                kind: super::MessageKind::Chosen,
                ballot: None,
            });
            return false;
        }
        fx.note(Note::LearnedFromRelay {
            value: proposal.value.clone(),
            relay,
        });
        self.learned = Some(proposal);
        true
    }

    /// Tells the other learners, if this node is a relay.
    pub(super) fn relay(
        me: NodeId,
        chosen: &Proposal,
        learners: &[NodeId],
        relays: &[NodeId],
        fx: &mut Effects,
    ) {
        for &l in learners {
            if l != me && !relays.contains(&l) {
                fx.send(l, chosen.chosen());
            }
        }
    }
}
