//! The proposer: gets a value chosen, in two phases.
//!
//! 1. **Prepare.** Pick a number `n` above every number used or seen, from this proposer's own set
//!    and not taken by another proposer (stable storage keeps the highest used, so a restart
//!    never reuses one). Send `Prepare(n)`.
//! 2. **Accept.** With promises from a majority of *all* acceptors, pick the value by **P2c**: the
//!    value of the highest-numbered proposal reported in those promises, or, only if none was
//!    reported, its own. Send `Accept(n, v)`. With `Accepted(n, v)` from a majority, `v` is chosen.
//!
//! A proposer whose number was overtaken may retry with a higher one. Two proposers that keep
//! overtaking each other never finish (活锁, livelock); a distinguished proposer or a random
//! back-off breaks the tie.

use super::{
    Ballot, Config, Effects, Liveness, Message, NodeId, Note, Proposal, Slot, Taken, Value, Variant,
};
use crate::sorted::{VecMap, VecSet};
use serde::{Deserialize, Serialize};

/// Where a proposer is in its current attempt.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "kebab-case")]
pub enum Phase {
    /// Nothing under way.
    #[default]
    Idle,
    /// Phase 1: collecting promises for `ballot`.
    Preparing {
        /// The number being prepared.
        ballot: Ballot,
        /// Promises so far, with the proposal each reported.
        promises: VecMap<NodeId, Option<Proposal>>,
    },
    /// Phase 2: collecting acceptances of ⟨ballot, value⟩.
    Accepting {
        /// The number.
        ballot: Ballot,
        /// The value sent, chosen by P2c.
        value: Value,
        /// Acceptors that accepted so far.
        accepted: VecSet<NodeId>,
    },
    /// The proposer knows its proposal was chosen.
    Chosen {
        /// The chosen proposal.
        proposal: Proposal,
    },
    /// The attempt with `ballot` was refused or timed out; a retry may follow.
    Abandoned {
        /// The number given up.
        ballot: Ballot,
    },
}

/// What the proposer was asked to propose, kept for retries.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Wish {
    /// The value it would like chosen.
    pub value: Value,
    /// The acceptors it sends to.
    pub recipients: Vec<NodeId>,
}

/// The proposer's volatile state. The highest number it used is durable, and lives in the
/// node's [`Durable`](super::Durable) as `max_used`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Proposer {
    /// The highest number it has seen anywhere, so that a retry goes above it.
    pub max_seen: Ballot,
    /// The current attempt.
    pub phase: Phase,
    /// What it was asked to propose.
    pub wish: Option<Wish>,
}

/// A request to be woken after `after` ticks about `ballot`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Timer {
    /// The attempt the timer belongs to; it is ignored if the proposer has moved on.
    pub ballot: Ballot,
    /// Ticks from now.
    pub after: u32,
    /// Whether the simulator should add a random back-off delay.
    pub backoff: bool,
}

/// Why a proposal could not start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum ProposeError {
    /// The explicit number is not above one this proposer already used.
    BallotNotFresh {
        /// The number asked for.
        ballot: Ballot,
        /// The highest number already used.
        max_used: Ballot,
    },
    /// No recipients were given.
    NoRecipients,
    /// Every number of this proposer's set up to [`Ballot::MAX`] is used or taken.
    NoBallotLeft,
}

impl Proposer {
    /// The ballot of the attempt under way, if any.
    pub fn current_ballot(&self) -> Option<Ballot> {
        match &self.phase {
            Phase::Idle => None,
            Phase::Preparing { ballot, .. }
            | Phase::Accepting { ballot, .. }
            | Phase::Abandoned { ballot } => Some(*ballot),
            Phase::Chosen { proposal } => Some(proposal.ballot),
        }
    }

    /// The next number of this proposer's own set above everything it used (`max_used`, from
    /// stable storage) or saw, skipping numbers another proposer took by hand; `None` past
    /// [`Ballot::MAX`]. Under `reused-ballots` every proposer counts 1, 2, 3, … and nothing is
    /// skipped.
    pub fn next_ballot(
        &self,
        me: NodeId,
        max_used: Ballot,
        config: &Config,
        taken: &Taken,
    ) -> Option<Ballot> {
        let index = config.proposers.iter().position(|&p| p == me).unwrap_or(0);
        let count = config.proposers.len();
        let shared = config.has(Variant::ReusedBallots);
        let mut ballot = Ballot::next_for(index, count, max_used.max(self.max_seen), shared);
        while !shared && taken.get(&ballot).is_some_and(|&by| by != me) {
            ballot = Ballot::next_for(index, count, ballot, shared);
        }
        ballot.in_range().then_some(ballot)
    }

    /// Starts a new attempt for `value`. An explicit `ballot` must be above `max_used`; the
    /// caller has checked that it is in range and not taken.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn propose(
        &mut self,
        me: NodeId,
        max_used: &mut Ballot,
        value: Value,
        ballot: Option<Ballot>,
        recipients: Vec<NodeId>,
        config: &Config,
        taken: &Taken,
        fx: &mut Effects,
    ) -> Result<Ballot, ProposeError> {
        if recipients.is_empty() {
            return Err(ProposeError::NoRecipients);
        }
        let ballot = match ballot {
            Some(b) if b <= *max_used => {
                return Err(ProposeError::BallotNotFresh {
                    ballot: b,
                    max_used: *max_used,
                })
            }
            Some(b) => b,
            None => self
                .next_ballot(me, *max_used, config, taken)
                .ok_or(ProposeError::NoBallotLeft)?,
        };
        self.wish = Some(Wish { value, recipients });
        self.start(ballot, max_used, config, fx);
        Ok(ballot)
    }

    /// Sends phase 1 (or, under `accept-first`, the proposal itself) for `ballot`.
    fn start(&mut self, ballot: Ballot, max_used: &mut Ballot, config: &Config, fx: &mut Effects) {
        let Some(wish) = self.wish.clone() else {
            return;
        };
        // Stable storage: remember the number before sending it.
        *max_used = (*max_used).max(ballot);
        self.max_seen = self.max_seen.max(ballot);
        if config.has(Variant::AcceptFirst) {
            fx.note(Note::ProposedDirectly {
                ballot,
                value: wish.value.clone(),
            });
            self.phase = Phase::Accepting {
                ballot,
                value: wish.value.clone(),
                accepted: VecSet::new(),
            };
            for &to in &wish.recipients {
                fx.send(
                    to,
                    Message::Accept {
                        ballot,
                        value: wish.value.clone(),
                        slot: Slot::FIRST,
                    },
                );
            }
        } else {
            fx.note(Note::Prepared {
                ballot,
                value: wish.value.clone(),
                recipients: wish.recipients.clone(),
            });
            self.phase = Phase::Preparing {
                ballot,
                promises: VecMap::new(),
            };
            for &to in &wish.recipients {
                fx.send(
                    to,
                    Message::Prepare {
                        ballot,
                        from: Slot::FIRST,
                    },
                );
            }
        }
        if config.retry {
            fx.timer(Timer {
                ballot,
                after: config.timeout,
                backoff: matches!(config.liveness, Liveness::RandomBackoff { .. }),
            });
        }
    }

    /// Counts a promise; with a majority, picks the value by P2c and sends phase 2.
    pub(super) fn on_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        reported: Option<Proposal>,
        quorum: usize,
        config: &Config,
        fx: &mut Effects,
    ) {
        if let Some(p) = &reported {
            self.max_seen = self.max_seen.max(p.ballot);
        }
        let Phase::Preparing {
            ballot: current,
            promises,
        } = &mut self.phase
        else {
            fx.note(Note::Stale {
                kind: super::MessageKind::Promise,
                ballot: Some(ballot),
            });
            return;
        };
        if *current != ballot {
            fx.note(Note::Stale {
                kind: super::MessageKind::Promise,
                ballot: Some(ballot),
            });
            return;
        }
        promises.insert(from, reported);
        let count = promises.len();
        fx.note(Note::CountedPromise {
            ballot,
            count,
            quorum,
        });
        if count < quorum {
            return;
        }
        let Some(wish) = self.wish.clone() else {
            return;
        };
        // P2c: among the promises, the highest-numbered accepted proposal decides the value.
        let highest = promises
            .iter()
            .filter_map(|(who, p)| p.as_ref().map(|p| (who, p)))
            .max_by_key(|(_, p)| p.ballot);
        let value = match highest {
            Some((_, p)) if config.has(Variant::NoAdoption) => {
                fx.note(Note::IgnoredReported {
                    ballot,
                    reported: p.clone(),
                    own: wish.value.clone(),
                });
                wish.value.clone()
            }
            Some((&reporter, p)) => {
                fx.note(Note::Adopted {
                    ballot,
                    from: p.clone(),
                    reporter,
                });
                p.value.clone()
            }
            None => {
                fx.note(Note::FreeToChoose {
                    ballot,
                    value: wish.value.clone(),
                });
                wish.value.clone()
            }
        };
        let targets: Vec<NodeId> = if config.accept_to_all {
            wish.recipients.clone()
        } else {
            promises.keys().copied().collect()
        };
        for to in targets {
            fx.send(
                to,
                Message::Accept {
                    ballot,
                    value: value.clone(),
                    slot: Slot::FIRST,
                },
            );
        }
        self.phase = Phase::Accepting {
            ballot,
            value,
            accepted: VecSet::new(),
        };
    }

    /// Counts an acceptance; with a majority the value is chosen.
    pub(super) fn on_accepted(
        &mut self,
        from: NodeId,
        proposal: &Proposal,
        quorum: usize,
        majority: usize,
        fx: &mut Effects,
    ) -> Option<Proposal> {
        let Phase::Accepting {
            ballot,
            value,
            accepted,
        } = &mut self.phase
        else {
            return None;
        };
        if *ballot != proposal.ballot || *value != proposal.value || !proposal.slot.is_first() {
            return None;
        }
        accepted.insert(from);
        let count = accepted.len();
        if count >= quorum {
            let chosen = Proposal::new(*ballot, value.clone());
            fx.note(Note::ProposerChose {
                proposal: chosen.clone(),
                quorum,
                majority,
            });
            self.phase = Phase::Chosen {
                proposal: chosen.clone(),
            };
            Some(chosen)
        } else {
            fx.note(Note::CountedAccepted {
                ballot: *ballot,
                count,
                quorum,
            });
            None
        }
    }

    /// A refusal: the attempt is given up; a retry follows if retries are on. Only a promise
    /// *greater* than the attempt's number pre-empts it: a `Nack` that says otherwise is ignored.
    pub(super) fn on_nack(
        &mut self,
        ballot: Ballot,
        promised: Ballot,
        config: &Config,
        fx: &mut Effects,
    ) {
        self.max_seen = self.max_seen.max(promised);
        let in_flight = matches!(
            self.phase,
            Phase::Preparing { ballot: b, .. } | Phase::Accepting { ballot: b, .. } if b == ballot
        );
        if !in_flight || promised <= ballot {
            fx.note(Note::Stale {
                kind: super::MessageKind::Nack,
                ballot: Some(ballot),
            });
            return;
        }
        fx.note(Note::Preempted { ballot, promised });
        self.phase = Phase::Abandoned { ballot };
        if config.retry {
            fx.timer(Timer {
                ballot,
                after: 1,
                backoff: matches!(config.liveness, Liveness::RandomBackoff { .. }),
            });
        }
    }

    /// A timer for `ballot` fired: retry with a higher number, or defer to the leader.
    pub(super) fn on_timeout(
        &mut self,
        me: NodeId,
        max_used: &mut Ballot,
        ballot: Ballot,
        config: &Config,
        taken: &Taken,
        fx: &mut Effects,
    ) {
        let unfinished = matches!(
            self.phase,
            Phase::Preparing { ballot: b, .. }
                | Phase::Accepting { ballot: b, .. }
                | Phase::Abandoned { ballot: b } if b == ballot
        );
        if !unfinished || !config.retry {
            return;
        }
        if let Liveness::Distinguished { proposer } = config.liveness {
            if proposer != me {
                fx.note(Note::Deferred {
                    ballot,
                    leader: proposer,
                });
                self.phase = Phase::Idle;
                self.wish = None;
                return;
            }
        }
        let Some(new) = self.next_ballot(me, *max_used, config, taken) else {
            fx.note(Note::NoBallotLeft { ballot });
            self.phase = Phase::Idle;
            self.wish = None;
            return;
        };
        fx.note(Note::Retried { old: ballot, new });
        self.start(new, max_used, config, fx);
    }
}
