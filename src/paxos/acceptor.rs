//! The acceptor: the memory of the protocol.
//!
//! An acceptor keeps two things in stable storage ([`Durable`](super::Durable)), and must still
//! have them after a crash and restart: the highest number it has promised, and the
//! highest-numbered proposal it has accepted. Its two rules are all of its logic
//! ("Paxos Made Simple", §2.2, P1a and phase 1b):
//!
//! * **Promise** `Prepare(n)` only if `n` is greater than every number promised before, and report
//!   the accepted proposal in the promise (phase 1b).
//! * **Accept** `Accept(n, v)` unless it has promised a number greater than `n` (P1a: `n ≥ promised`).
//!
//! **Multi-Paxos.** Every slot of the log is an instance of Paxos, with its own accepted
//! proposal, but one promise covers them all: a leader's `Prepare(n, from)` asks for the promise
//! for every slot from `from` onward, and the `Promise` reports the proposal accepted in each of
//! those slots. `Accept(n, slot, v)` is judged by the same rule, P1a, against the same promise,
//! and replaces only that slot's accepted proposal. Single-decree Paxos is the log of one slot:
//! the same two rules, with `from` and `slot` the first slot.
//!
//! A refusal is silent, or, with NACKs on, a `Nack(n, promised)`. A `Nack` is sent only when the
//! promise is *greater* than `n`: a `Prepare(n)` equal to the promise is a copy of one already
//! answered (numbers are unique), and refusing it loudly would make its own proposer give up.

use super::{
    AcceptRule, Ballot, Config, Effects, Message, NodeId, Note, Proposal, Reported, Slot, Variant,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The acceptor's state, all of it durable.
///
/// The accepted proposal of the first slot, the single decree's, has a field of its own; those of
/// the later slots, which only Multi-Paxos uses, are in [`Later`].
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Acceptor {
    /// The highest number promised, `Ballot::NONE` before any: one promise for every slot.
    pub promised: Ballot,
    /// The highest-numbered proposal accepted in the first slot, if any.
    pub accepted: Option<Proposal>,
    /// The highest-numbered proposal accepted in each later slot (Multi-Paxos only).
    #[serde(default, skip_serializing_if = "Later::is_empty")]
    pub later: Later,
}

/// Slots per block of [`Later`].
const BLOCK: u32 = 32;

/// The accepted proposals of the slots after the first, in slot order. Each trace event carries
/// a copy of the acceptor's state, so the log is kept in blocks of [`BLOCK`] slots shared between
/// copies: a copy costs nothing, and accepting copies one block. In JSON, a list of proposals.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Later(Arc<Vec<Arc<Vec<Proposal>>>>);

impl Later {
    fn block(slot: Slot) -> usize {
        (slot.0.saturating_sub(2) / BLOCK) as usize
    }

    /// Whether no later slot has an accepted proposal.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The proposal accepted in `slot`.
    pub fn get(&self, slot: Slot) -> Option<&Proposal> {
        let block = self.0.get(Self::block(slot))?;
        let at = block.binary_search_by_key(&slot, |p| p.slot).ok()?;
        Some(&block[at])
    }

    /// The proposals accepted in `from` and every later slot, in slot order.
    pub fn from(&self, from: Slot) -> impl Iterator<Item = &Proposal> {
        let skip = Self::block(from);
        self.0
            .iter()
            .skip(skip)
            .flat_map(|b| b.iter())
            .filter(move |p| p.slot >= from)
    }

    fn insert(&mut self, proposal: Proposal) {
        let b = Self::block(proposal.slot);
        let blocks = Arc::make_mut(&mut self.0);
        if blocks.len() <= b {
            blocks.resize_with(b + 1, Default::default);
        }
        let block = Arc::make_mut(&mut blocks[b]);
        match block.binary_search_by_key(&proposal.slot, |p| p.slot) {
            Ok(at) => block[at] = proposal,
            Err(at) => block.insert(at, proposal),
        }
    }

    /// The proposals held here and not in `before`, in slot order, looking only at the blocks
    /// the two do not share.
    pub fn changed_since<'a>(&'a self, before: &'a Later) -> impl Iterator<Item = &'a Proposal> {
        let same = Arc::ptr_eq(&self.0, &before.0);
        let blocks = if same { &self.0[..0] } else { &self.0[..] };
        blocks
            .iter()
            .enumerate()
            .filter_map(move |(i, b)| match before.0.get(i) {
                Some(old) if Arc::ptr_eq(old, b) => None,
                old => Some((b, old.map_or(&[][..], |old| &old[..]))),
            })
            .flat_map(|(b, old)| {
                // Both blocks are in slot order: walk them side by side.
                let mut at = 0;
                b.iter().filter(move |p| {
                    while old.get(at).is_some_and(|o| o.slot < p.slot) {
                        at += 1;
                    }
                    old.get(at) != Some(*p)
                })
            })
    }
}

impl Serialize for Later {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.from(Slot(2)))
    }
}

impl<'de> Deserialize<'de> for Later {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Later, D::Error> {
        let mut later = Later::default();
        for p in Vec::<Proposal>::deserialize(deserializer)? {
            later.insert(p);
        }
        Ok(later)
    }
}

impl Acceptor {
    /// The proposal accepted in `slot`, if any.
    pub fn accepted_at(&self, slot: Slot) -> Option<&Proposal> {
        if slot.is_first() {
            self.accepted.as_ref()
        } else {
            self.later.get(slot)
        }
    }

    /// The proposals accepted in `from` and every later slot, in slot order.
    pub fn accepted_from(&self, from: Slot) -> impl Iterator<Item = &Proposal> {
        let first = self.accepted.as_ref().filter(|_| from.is_first());
        first.into_iter().chain(self.later.from(from.max(Slot(2))))
    }

    /// Every accepted proposal, in slot order.
    pub fn all_accepted(&self) -> impl Iterator<Item = &Proposal> {
        self.accepted_from(Slot::FIRST)
    }

    /// Stable storage: writes `proposal` as the accepted proposal of its slot. Only the
    /// acceptor's rules call it during a run; a run that starts mid-log (a scenario's initial
    /// log) calls it before the first event.
    pub fn store(&mut self, proposal: Proposal) {
        if proposal.slot.is_first() {
            self.accepted = Some(proposal);
        } else {
            self.later.insert(proposal);
        }
    }

    /// A rule's write to stable storage, put on the record the safety checker reads.
    fn write(&mut self, proposal: Proposal, fx: &mut Effects) {
        fx.stored.push(proposal.clone());
        self.store(proposal);
    }

    /// Phase 1b, for every slot from `slot` on (the single decree: its only slot).
    pub(super) fn on_prepare(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        slot: Slot,
        config: &Config,
        fx: &mut Effects,
    ) {
        // The promise reports what was accepted in each slot it covers.
        let report = |a: &Self| -> (Option<Proposal>, Reported) {
            let reported = a.accepted.clone().filter(|_| slot.is_first());
            (
                reported,
                a.accepted_from(slot.max(Slot(2))).cloned().collect(),
            )
        };
        if ballot > self.promised {
            let (reported, later) = report(self);
            // Promise only if n > every promise so far; the promise carries the accepted proposal.
            fx.note(Note::Promised {
                ballot,
                previous: self.promised,
                reported: reported.clone(),
                later: later.clone(),
            });
            self.promised = ballot;
            fx.send(
                from,
                Message::Promise {
                    ballot,
                    accepted: reported,
                    later,
                },
            );
        } else if ballot == self.promised && config.has(Variant::ReusedBallots) {
            // Broken: with shared numbers an equal Prepare may come from another proposer, yet it
            // is answered as if it were a re-sent one.
            let (reported, later) = report(self);
            fx.note(Note::RepeatedPromise {
                ballot,
                reported: reported.clone(),
            });
            fx.send(
                from,
                Message::Promise {
                    ballot,
                    accepted: reported,
                    later,
                },
            );
        } else {
            fx.note(Note::IgnoredPrepare {
                ballot,
                promised: self.promised,
            });
            if config.nacks && self.promised > ballot {
                fx.send(
                    from,
                    Message::Nack {
                        ballot,
                        promised: self.promised,
                    },
                );
            }
        }
    }

    /// Phase 2b, in the proposal's slot. Returns the accepted proposal, which the node then reports to the proposer and
    /// the learners.
    pub(super) fn on_accept(
        &mut self,
        from: NodeId,
        proposal: Proposal,
        config: &Config,
        fx: &mut Effects,
    ) -> Option<Proposal> {
        if config.has(Variant::AcceptFirst) {
            // Broken P1 alone: the first proposal received is accepted, any later one ignored.
            if let Some(first) = self.accepted_at(proposal.slot) {
                fx.note(Note::IgnoredLaterProposal {
                    proposal,
                    first: first.clone(),
                });
                return None;
            }
            fx.note(Note::AcceptedFirst {
                proposal: proposal.clone(),
            });
            self.promised = self.promised.max(proposal.ballot);
            self.write(proposal.clone(), fx);
            return Some(proposal);
        }
        let ok = match config.accept_rule {
            AcceptRule::AtLeastPromised => proposal.ballot >= self.promised,
            AcceptRule::EqualPromised => proposal.ballot == self.promised,
        };
        if ok {
            fx.note(Note::AcceptedProposal {
                proposal: proposal.clone(),
                promised: self.promised,
                rule: config.accept_rule,
            });
            // Accepting n is also a promise of n: accepted ≤ promised always holds.
            self.promised = self.promised.max(proposal.ballot);
            self.write(proposal.clone(), fx);
            Some(proposal)
        } else {
            fx.note(Note::IgnoredAccept {
                ballot: proposal.ballot,
                promised: self.promised,
                rule: config.accept_rule,
            });
            // Under `accept-equal` an Accept above the promise is refused too, but nobody has
            // pre-empted it: no Nack.
            if config.nacks && self.promised > proposal.ballot {
                fx.send(
                    from,
                    Message::Nack {
                        ballot: proposal.ballot,
                        promised: self.promised,
                    },
                );
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(ballot: u32, slot: u32) -> Proposal {
        Proposal {
            ballot: Ballot(ballot),
            value: format!("deposit {slot}").as_str().into(),
            slot: Slot(slot),
        }
    }

    #[test]
    fn the_later_slots_keep_one_proposal_each_in_slot_order() {
        let mut a = Acceptor::default();
        for slot in [70, 2, 40, 1, 3] {
            a.store(p(1, slot));
        }
        a.store(p(2, 40));
        let slots: Vec<u32> = a.all_accepted().map(|p| p.slot.0).collect();
        assert_eq!(slots, [1, 2, 3, 40, 70]);
        assert_eq!(a.accepted_at(Slot(40)), Some(&p(2, 40)));
        assert_eq!(a.accepted_at(Slot(41)), None);
        let from: Vec<u32> = a.accepted_from(Slot(3)).map(|p| p.slot.0).collect();
        assert_eq!(from, [3, 40, 70]);
        // What a step changed, and nothing else.
        let before = a.clone();
        a.store(p(3, 2));
        a.store(p(1, 100));
        let changed: Vec<&Proposal> = a.later.changed_since(&before.later).collect();
        assert_eq!(changed, [&p(3, 2), &p(1, 100)]);
        assert_eq!(before.later.changed_since(&before.clone().later).count(), 0);
        // In JSON, a list; read back, the same.
        let json = serde_json::to_string(&a).expect("JSON");
        assert!(
            json.contains(r#""later":[{"ballot":3,"value":"deposit 2","slot":2}"#),
            "{json}"
        );
        assert_eq!(
            serde_json::from_str::<Acceptor>(&json).expect("an acceptor"),
            a
        );
        let single = serde_json::to_string(&Acceptor::default()).expect("JSON");
        assert_eq!(single, r#"{"promised":0,"accepted":null}"#);
    }

    #[test]
    fn a_copy_of_the_log_shares_its_blocks_and_accepting_copies_one() {
        // Slots 2 to 99 fill blocks of 32: 2..=33, 34..=65, 66..=97 and 98..=99.
        let mut a = Acceptor::default();
        for slot in 2..100 {
            a.store(p(1, slot));
        }
        assert_eq!(a.later.0.len(), 4, "blocks");
        assert!(a.later.0.iter().take(3).all(|b| b.len() == 32));
        // A copy (each trace event holds one) shares every block; a write copies one.
        let before = a.clone();
        a.store(p(2, 70));
        let copied: Vec<usize> = (0..4)
            .filter(|&i| !Arc::ptr_eq(&a.later.0[i], &before.later.0[i]))
            .collect();
        assert_eq!(copied, [2]);
    }
}
