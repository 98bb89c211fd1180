//! The leader: Multi-Paxos's distinguished proposer (seed 004 §2.8, §3.3–3.6).
//!
//! Running full Paxos for every command would cost two round trips each. A leader runs **phase 1
//! once**, for every slot from the first one it does not know to be chosen onward: one
//! `Prepare(n, from)` covers them all, and each `Promise` reports what the acceptor accepted in
//! each of those slots. Then every new command costs **one round** of `Accept(n, slot, v)` and
//! `Accepted`, and the leader may have several in flight at once, up to a window (§3.6).
//!
//! ## A new leader
//! A new leader knows some slots are chosen and not others. In the notes' example it knows 1–134,
//! 138 and 139, so it runs phase 1 from 135 on, which covers 135–137 and 140 onwards (and 138,
//! 139, whose answers it does not need). With a majority of promises, for each slot it does not
//! know, by **P2c**:
//! * if some promise reported a proposal for the slot, it proposes again the value of the
//!   highest-numbered one, with its own number: that value may already be chosen;
//! * if none did, nothing can have been chosen there (a majority promised and reported nothing,
//!   and any chosen value has a majority that accepted it, which meets this one), and it proposes a
//!   **no-op**, which changes no state, so that the replicas can execute past the gap (§3.5).
//!
//! Only then does it propose new commands, in the slots after the last one reported.
//!
//! ## Two leaders
//! Nothing stops two nodes from both believing they lead (§3.3). They cannot both get a value
//! chosen in one slot: each slot is an instance of Paxos, with unique numbers and P2c. The broken
//! [`Variant::SkipPhase1`] and [`Variant::NoopFill`] show what goes wrong without phase 1, and
//! without reading what it reports.
//!
//! The leader is also the **distinguished learner** (§2.9.1): acceptors answer it alone, it counts
//! a majority per slot, and it tells the replicas what was chosen.
//!
//! ## Reconfiguration
//! The set of acceptors is itself state of the replicated machine (§3.7): a `config a,b,d`
//! command chosen in slot i makes a, b and d the acceptors of every slot from i+α on. So the
//! leader never proposes in slot i+α before it knows what slot i chose: it would not know whose
//! majority to ask. α is how far it may run ahead of the first slot it does not know; α = 1
//! allows one command in flight at a time around a reconfiguration. The broken
//! [`Variant::InstantConfig`] lets it run ahead with the acceptors it last knew of, and a
//! majority of those need not meet a majority of the set a `config` in flight puts in force.

use super::{Ballot, Config, Effects, Message, NodeId, Note, Proposal, Replica, Slot, Value};
use super::{MessageKind, Reported, Variant};
use crate::sorted::{VecMap, VecSet};
use serde::{Deserialize, Serialize};

/// Where a leader is.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Leadership {
    /// Not leading.
    #[default]
    Follower,
    /// Phase 1, once for all slots from `from` on.
    Preparing {
        /// The number being prepared.
        ballot: Ballot,
        /// The first slot the `Prepare` covers.
        from: Slot,
        /// Promises so far, with the proposals each reported for the slots covered.
        promises: VecMap<NodeId, Reported>,
    },
    /// Phase 1 is done: each command costs one round of phase 2.
    Leading {
        /// The number it leads with.
        ballot: Ballot,
        /// The configurations its phase 1 gathered a majority of: those in force in the α
        /// window when it began. A slot with any other set of acceptors needs phase 1 again.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        prepared: Vec<Vec<NodeId>>,
    },
}

/// The leader's state, all volatile. Its highest used number is durable, in the node's
/// [`Durable`](super::Durable), shared with the single-decree proposer.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Leader {
    /// Where it is.
    pub status: Leadership,
    /// The proposals it sent with its number that it does not know chosen yet, by slot, with
    /// the acceptors that accepted each.
    pub in_flight: VecMap<Slot, (Value, VecSet<NodeId>)>,
    /// The slot its next new command goes in.
    pub next: Slot,
    /// Client commands waiting for a slot.
    pub queue: Vec<Value>,
    /// What phase 1 found for the slots it did not know, by P2c, not yet proposed: the α window
    /// holds back those far ahead.
    #[serde(default, skip_serializing_if = "VecMap::is_empty")]
    pub pending: VecMap<Slot, Value>,
}

/// Each configuration in force at a slot of the α window from `from`: the slots a leader whose
/// first unknown slot is `from` may propose in. Their acceptors are known, since they depend only
/// on slots before `from`.
fn window_configs(known: &Replica, config: &Config, from: Slot) -> Vec<Vec<NodeId>> {
    let alpha = config.multi.as_ref().map_or(1, |m| m.alpha.max(1));
    let mut configs: Vec<Vec<NodeId>> = Vec::new();
    for k in 0..alpha {
        let slot = Slot(from.0.saturating_add(k));
        match config.acceptors_at(known, slot) {
            Some(set) if !configs.contains(&set) => configs.push(set),
            _ => {}
        }
    }
    configs
}

impl Leader {
    /// The number it leads, or prepares, with.
    pub fn ballot(&self) -> Option<Ballot> {
        match &self.status {
            Leadership::Follower => None,
            Leadership::Preparing { ballot, .. } | Leadership::Leading { ballot, .. } => {
                Some(*ballot)
            }
        }
    }

    /// Becomes leader with the fresh number `ballot`: phase 1 for every slot from the first it
    /// does not know to be chosen (seed 004 §3.5), or, under the broken `skip-phase1`, none.
    /// The `Prepare` goes to every acceptor in force at a slot of the α window, the slots it may
    /// propose in before it learns more (see [`Leader::prepared`]).
    pub(super) fn lead(
        &mut self,
        ballot: Ballot,
        known: &Replica,
        config: &Config,
        fx: &mut Effects,
    ) {
        let from = known.first_unknown();
        self.in_flight.clear();
        self.pending.clear();
        let prepared = window_configs(known, config, from);
        let mut to: Vec<NodeId> = Vec::new();
        for a in prepared.iter().flatten() {
            if !to.contains(a) {
                to.push(*a);
            }
        }
        if config.has(Variant::SkipPhase1) {
            // Broken: "I know I am leader", so straight to phase 2.
            fx.note(Note::SkippedPhase1 { ballot, from });
            self.status = Leadership::Leading { ballot, prepared };
            self.next = from;
            return;
        }
        fx.note(Note::LeaderPrepared { ballot, from });
        self.status = Leadership::Preparing {
            ballot,
            from,
            promises: VecMap::new(),
        };
        for to in to {
            fx.send(to, Message::Prepare { ballot, from });
        }
    }

    /// Counts a promise; once a majority of every configuration in force in the α window has
    /// promised, works out each slot it does not know by P2c (the value reported with the
    /// highest number, or a no-op), and leads. Returns whether it now leads.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn on_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        reported: Reported,
        known: &Replica,
        live_acceptors: usize,
        config: &Config,
        fx: &mut Effects,
    ) -> bool {
        let Leadership::Preparing {
            ballot: current,
            from: first,
            promises,
        } = &mut self.status
        else {
            fx.note(Note::Stale {
                kind: MessageKind::Promise,
                ballot: Some(ballot),
            });
            return false;
        };
        if *current != ballot {
            fx.note(Note::Stale {
                kind: MessageKind::Promise,
                ballot: Some(ballot),
            });
            return false;
        }
        promises.insert(from, reported);
        let first = *first;
        // A `Prepare(n, from)` covers every slot from `from` on, so promises from a majority of
        // the acceptors in force at a slot are phase 1 for that slot ("Paxos Made Simple", §3:
        // each slot is an instance of Paxos, here with its own acceptors). The leader waits for
        // a majority of every configuration in force in the α window, the slots it may propose
        // in before it learns more; with one configuration, the count of promises against its
        // quorum.
        let configs = window_configs(known, config, first);
        // (promises, quorum) per configuration; the note tells of one still short, if any.
        let counts: Vec<(usize, usize)> = configs
            .iter()
            .map(|set| {
                let count = set.iter().filter(|a| promises.contains_key(*a)).count();
                (count, config.quorum_of(set, live_acceptors))
            })
            .collect();
        let short = counts.iter().find(|(count, quorum)| count < quorum);
        let (count, quorum) = short
            .or(counts.first())
            .copied()
            .unwrap_or((promises.len(), 0));
        fx.note(Note::CountedPromise {
            ballot,
            count,
            quorum,
        });
        if short.is_some() {
            return false;
        }
        // P2c, slot by slot: the highest-numbered proposal reported, and who reported it. Only
        // the acceptors in force at a slot are sent `Accept`s there by a correct leader, so
        // reports from others add nothing there (and, proposed by P2c, nothing different).
        let mut highest: VecMap<Slot, (Proposal, NodeId)> = VecMap::new();
        for (&reporter, proposals) in promises.iter() {
            for p in proposals.iter() {
                let entry = highest.entry(p.slot).or_insert((p.clone(), reporter));
                if p.ballot > entry.0.ballot {
                    *entry = (p.clone(), reporter);
                }
            }
        }
        let last_reported = highest.keys().next_back().copied().unwrap_or(Slot(0));
        let last_known = known.chosen.keys().next_back().copied().unwrap_or(Slot(0));
        let top = last_reported.max(last_known);
        let mut slot = first;
        while slot <= top {
            if !known.chosen.contains_key(&slot) {
                let value = match highest.get(&slot) {
                    Some((p, _)) if config.has(Variant::NoopFill) => {
                        // Broken: the report is ignored, and a chosen command may be overwritten.
                        fx.note(Note::IgnoredReported {
                            ballot,
                            reported: p.clone(),
                            own: Value::noop(),
                        });
                        Value::noop()
                    }
                    Some((p, reporter)) => {
                        fx.note(Note::Adopted {
                            ballot,
                            from: p.clone(),
                            reporter: *reporter,
                        });
                        p.value.clone()
                    }
                    None => {
                        // Nothing reported by a majority: nothing can have been chosen here.
                        fx.note(Note::FilledNoop { ballot, slot });
                        Value::noop()
                    }
                };
                self.pending.insert(slot, value);
            }
            slot = slot.next();
        }
        self.next = top.next().max(first);
        fx.note(Note::Leading {
            ballot,
            next: self.next,
        });
        self.status = Leadership::Leading {
            ballot,
            prepared: configs,
        };
        true
    }

    /// Sends `Accept(ballot, slot, value)` to the acceptors in force at `slot` and waits for a
    /// majority of them.
    fn send_accept(
        &mut self,
        ballot: Ballot,
        slot: Slot,
        value: Value,
        acceptors: &[NodeId],
        fx: &mut Effects,
    ) {
        let proposal = Proposal {
            ballot,
            value: value.clone(),
            slot,
        };
        for &to in acceptors {
            fx.send(to, proposal.accept());
        }
        self.in_flight.insert(slot, (value, VecSet::new()));
    }

    /// A client's command: it waits for a slot.
    pub(super) fn submit(&mut self, command: Value, fx: &mut Effects) {
        fx.note(Note::Queued {
            command: command.clone(),
        });
        self.queue.push(command);
    }

    /// While leading, proposes slot after slot: first what phase 1 found for each slot it did
    /// not know, then waiting commands, up to the window of commands in flight: one round of
    /// phase 2 each, as phase 1 covered every slot. It never proposes in a slot ≥ i+α before it
    /// knows what slot i chose (seed 004 §3.7), since that slot's acceptors depend on it: every
    /// slot it proposes in is below the first it does not know, plus α. Returns true when the
    /// next slot's acceptors are a configuration its phase 1 was not for and nothing is in
    /// flight: it must run phase 1 again, with a new number.
    pub(super) fn propose_queued(
        &mut self,
        known: &Replica,
        config: &Config,
        fx: &mut Effects,
    ) -> bool {
        let Leadership::Leading { ballot, prepared } = &self.status else {
            return false;
        };
        let (ballot, prepared) = (*ballot, prepared.clone());
        let multi = config.multi.as_ref();
        let window = multi.map_or(1, |m| m.window.max(1)) as usize;
        let alpha = multi.map_or(u32::MAX, |m| m.alpha);
        loop {
            let (slot, fill) = match self.pending.first_key_value() {
                Some((&slot, _)) if known.chosen.contains_key(&slot) => {
                    self.pending.remove(&slot);
                    continue;
                }
                Some((&slot, _)) => (slot, true),
                None if self.in_flight.len() < window && !self.queue.is_empty() => {
                    while known.chosen.contains_key(&self.next) {
                        self.next = self.next.next();
                    }
                    (self.next, false)
                }
                None => return false,
            };
            // Broken `instant-config`: no α window, so the acceptors may be the wrong ones.
            let unknown = known.first_unknown();
            if slot.0 >= unknown.0.saturating_add(alpha) && !config.has(Variant::InstantConfig) {
                fx.note(Note::HeldByAlpha {
                    slot,
                    unknown,
                    alpha,
                });
                return false;
            }
            let Some(acceptors) = config.acceptors_at(known, slot) else {
                return false;
            };
            if !prepared.contains(&acceptors) {
                // A configuration its phase 1 was not for: phase 1 again, once nothing is in
                // flight (its slots all lie before this one).
                return self.in_flight.is_empty();
            }
            let value = if fill {
                self.pending.remove(&slot).unwrap_or_else(Value::noop)
            } else {
                let command = self.queue.remove(0);
                fx.note(Note::ProposedCommand {
                    ballot,
                    slot,
                    command: command.clone(),
                });
                self.next = slot.next();
                command
            };
            self.send_accept(ballot, slot, value, &acceptors, fx);
        }
    }

    /// Counts an acceptance of one of its proposals; with a majority, it is chosen.
    pub(super) fn on_accepted(
        &mut self,
        from: NodeId,
        proposal: &Proposal,
        quorum: usize,
        majority: usize,
        fx: &mut Effects,
    ) -> Option<Proposal> {
        if self.ballot() != Some(proposal.ballot) {
            return None;
        }
        let (value, accepted) = self.in_flight.get_mut(&proposal.slot)?;
        if *value != proposal.value {
            return None;
        }
        accepted.insert(from);
        let count = accepted.len();
        if count < quorum {
            fx.note(Note::CountedAccepted {
                ballot: proposal.ballot,
                count,
                quorum,
            });
            return None;
        }
        self.in_flight.remove(&proposal.slot);
        fx.note(Note::ProposerChose {
            proposal: proposal.clone(),
            quorum,
            majority,
        });
        Some(proposal.clone())
    }

    /// A refusal: a higher number was promised, so another leader is about; it stops leading.
    /// Its waiting commands stay queued for when it leads again. Those in flight are left to the
    /// other leader: its phase 1 re-proposes any that an acceptor accepted, and a client whose
    /// command is lost submits it again.
    pub(super) fn on_nack(&mut self, ballot: Ballot, promised: Ballot, fx: &mut Effects) {
        if self.ballot() != Some(ballot) || promised <= ballot {
            fx.note(Note::Stale {
                kind: MessageKind::Nack,
                ballot: Some(ballot),
            });
            return;
        }
        fx.note(Note::Preempted { ballot, promised });
        self.status = Leadership::Follower;
        self.in_flight.clear();
        self.pending.clear();
    }
}
