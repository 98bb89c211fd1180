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
//! A refusal is silent, or, with NACKs on, a `Nack(n, promised)`. A `Nack` is sent only when the
//! promise is *greater* than `n`: a `Prepare(n)` equal to the promise is a copy of one already
//! answered (numbers are unique), and refusing it loudly would make its own proposer give up.

use super::{AcceptRule, Ballot, Config, Effects, Message, NodeId, Note, Proposal, Variant};
use serde::{Deserialize, Serialize};

/// The acceptor's state, all of it durable.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Acceptor {
    /// The highest number promised, `Ballot::NONE` before any.
    pub promised: Ballot,
    /// The highest-numbered proposal accepted, if any.
    pub accepted: Option<Proposal>,
}

impl Acceptor {
    /// Phase 1b.
    pub(super) fn on_prepare(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        config: &Config,
        fx: &mut Effects,
    ) {
        let reported = self.accepted.clone();
        if ballot > self.promised {
            // Promise only if n > every promise so far; the promise carries the accepted proposal.
            fx.note(Note::Promised {
                ballot,
                previous: self.promised,
                reported: reported.clone(),
            });
            self.promised = ballot;
            fx.send(
                from,
                Message::Promise {
                    ballot,
                    accepted: reported,
                },
            );
        } else if ballot == self.promised && config.has(Variant::ReusedBallots) {
            // Broken: with shared numbers an equal Prepare may come from another proposer, yet it
            // is answered as if it were a re-sent one.
            fx.note(Note::RepeatedPromise {
                ballot,
                reported: reported.clone(),
            });
            fx.send(
                from,
                Message::Promise {
                    ballot,
                    accepted: reported,
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

    /// Phase 2b. Returns the accepted proposal, which the node then reports to the proposer and
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
            if let Some(first) = &self.accepted {
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
            self.accepted = Some(proposal.clone());
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
            self.accepted = Some(proposal.clone());
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
