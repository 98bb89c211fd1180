//! A node: one process holding any of the three roles, with durable and volatile state.
//!
//! The node is *sans-IO*: [`Node::handle`] takes one message and returns [`Effects`], plain data
//! saying what to send, which timers to set, what was decided and which rules were applied. The
//! simulator is the network and the clock; the model checker explores every order of the same calls.

use super::{
    Ballot, Config, Durable, Execution, Leader, Learner, Message, NodeId, Note, Proposal,
    ProposeError, Proposer, Replica, Taken, Timer, Value, Variant,
};
use serde::{Deserialize, Serialize};

/// What handling one input produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effects {
    /// Messages to send, in order.
    pub sends: Vec<(NodeId, Message)>,
    /// What the node did and why, in order.
    pub notes: Vec<Note>,
    /// Timers to set.
    pub timers: Vec<Timer>,
    /// Proposals this node has now learned were chosen, and in which role.
    pub decisions: Vec<(Proposal, DecidedAs)>,
    /// Multi-Paxos: the commands this replica executed, in slot order.
    pub executed: Vec<Execution>,
    /// The proposals this node wrote to stable storage as accepted, in order: every write goes
    /// through the acceptor's `write`, and the safety checker audits each one (P1a).
    pub stored: Vec<Proposal>,
}

impl Effects {
    pub(super) fn send(&mut self, to: NodeId, message: Message) {
        self.sends.push((to, message));
    }
    pub(super) fn note(&mut self, note: Note) {
        self.notes.push(note);
    }
    pub(super) fn timer(&mut self, timer: Timer) {
        self.timers.push(timer);
    }
}

/// The role in which a node came to believe a value was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecidedAs {
    /// As the proposer whose proposal a majority accepted.
    Proposer,
    /// As a learner.
    Learner,
}

/// What a node knows of the world beyond its own state: the rules, the register of proposal
/// numbers taken, and, for the broken `live-quorum` variant only, how many acceptors are alive.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The cluster's configuration.
    pub config: &'a Config,
    /// Acceptors alive now. A correct node never looks at this.
    pub live_acceptors: usize,
    /// Who first used each proposal number, so that an automatic number skips the ones other
    /// proposers took by hand.
    pub taken: &'a Taken,
}

impl Context<'_> {
    /// The quorum size in force.
    pub fn quorum(&self) -> usize {
        self.config.quorum(self.live_acceptors)
    }
}

/// One process of the cluster: its stable storage, and the volatile state of its roles.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Node {
    /// Its id.
    pub id: NodeId,
    /// What survives a crash: the acceptor's state and the proposer's highest used number.
    pub durable: Durable,
    /// Proposer state (volatile).
    pub proposer: Proposer,
    /// Learner state (volatile).
    pub learner: Learner,
    /// Multi-Paxos leader state (volatile).
    pub leader: Leader,
    /// Multi-Paxos: the commands this node knows chosen and, on a replica, the state machine
    /// that executes them (volatile).
    pub replica: Replica,
}

impl Node {
    /// A fresh node.
    pub fn new(id: NodeId) -> Self {
        Node::restored(id, Durable::default())
    }

    /// A node that starts from `durable`, with empty volatile state: what a restart rebuilds.
    fn restored(id: NodeId, durable: Durable) -> Self {
        Node {
            id,
            durable,
            proposer: Proposer::default(),
            learner: Learner::default(),
            leader: Leader::default(),
            replica: Replica::default(),
        }
    }

    /// Asks this node, a proposer of a Multi-Paxos run, to lead: it picks a fresh number, above
    /// every one used or seen, and runs phase 1 once for all slots from the first it does not
    /// know to be chosen (seed 004 §3.5).
    pub fn lead(&mut self, ctx: Context<'_>) -> Result<(Ballot, Effects), ProposeError> {
        let mut fx = Effects::default();
        let ballot = self.lead_into(ctx, &mut fx)?;
        Ok((ballot, fx))
    }

    fn lead_into(&mut self, ctx: Context<'_>, fx: &mut Effects) -> Result<Ballot, ProposeError> {
        let ballot = self.next_ballot(ctx).ok_or(ProposeError::NoBallotLeft)?;
        // Stable storage: remember the number before sending it.
        self.durable.max_used = ballot;
        self.proposer.max_seen = self.proposer.max_seen.max(ballot);
        self.leader.lead(ballot, &self.replica, ctx.config, fx);
        self.leader.propose_queued(&self.replica, ctx.config, fx);
        Ok(ballot)
    }

    /// The leader proposes what it can; if the next slot's acceptors are a configuration its
    /// phase 1 did not cover (a reconfiguration took effect), it runs phase 1 again with a new
    /// number (seed 004 §3.7).
    fn propose_more(&mut self, ctx: Context<'_>, fx: &mut Effects) {
        if self.leader.propose_queued(&self.replica, ctx.config, fx) {
            // With no number left it stays where it is: nothing more to propose.
            let _ = self.lead_into(ctx, fx);
        }
    }

    /// Gives this node, a proposer of a Multi-Paxos run, a client's command: it waits for a slot,
    /// and goes in one at once if the node leads and has room in its window.
    pub fn submit(&mut self, command: Value, ctx: Context<'_>) -> Effects {
        let mut fx = Effects::default();
        self.leader.submit(command, &mut fx);
        self.propose_more(ctx, &mut fx);
        fx
    }

    /// Multi-Paxos: this node learned that `chosen` is chosen, as the leader that counted it or
    /// from the leader's word. A replica executes what it now can, in slot order.
    fn learned_slot(
        &mut self,
        chosen: &Proposal,
        role: DecidedAs,
        config: &Config,
        fx: &mut Effects,
    ) {
        if !self.replica.learn(chosen.slot, &chosen.value) {
            return;
        }
        fx.decisions.push((chosen.clone(), role));
        if let Some(multi) = config
            .multi
            .as_ref()
            .filter(|m| m.replicas.contains(&self.id))
        {
            let done = self.replica.execute(self.id, multi.machine);
            fx.executed.extend(done);
        }
    }

    /// Multi-Paxos, a run that starts mid-log: this node knows from the start that `chosen` is
    /// chosen, as if the leader had told it, and a replica executes what it now can.
    pub fn knows(&mut self, chosen: &Proposal, config: &Config) -> Effects {
        let mut fx = Effects::default();
        self.learned_slot(chosen, DecidedAs::Learner, config, &mut fx);
        fx
    }

    /// Asks this node, as a proposer, to get `value` chosen.
    pub fn propose(
        &mut self,
        value: Value,
        ballot: Option<Ballot>,
        recipients: Vec<NodeId>,
        ctx: Context<'_>,
    ) -> Result<(Ballot, Effects), ProposeError> {
        let mut fx = Effects::default();
        let ballot = self.proposer.propose(
            self.id,
            &mut self.durable.max_used,
            value,
            ballot,
            recipients,
            ctx.config,
            ctx.taken,
            &mut fx,
        )?;
        Ok((ballot, fx))
    }

    /// The number this node would use for a new proposal now, if it has one left.
    pub fn next_ballot(&self, ctx: Context<'_>) -> Option<Ballot> {
        self.proposer
            .next_ballot(self.id, self.durable.max_used, ctx.config, ctx.taken)
    }

    /// Asks this node, as a learner, to query every acceptor for what it has accepted (a learner
    /// that missed the outcome asks, "Paxos Made Simple", §2.3). The answers are ordinary
    /// `Accepted` messages, counted as usual: only a majority for one ballot means a value was
    /// chosen.
    pub fn ask(&mut self, ctx: Context<'_>) -> Effects {
        let mut fx = Effects::default();
        let acceptors = &ctx.config.acceptors;
        fx.note(Note::Asked {
            acceptors: acceptors.len(),
        });
        for &a in acceptors {
            fx.send(a, Message::Query {});
        }
        fx
    }

    /// Handles one message from `from`.
    pub fn handle(&mut self, from: NodeId, message: Message, ctx: Context<'_>) -> Effects {
        let mut fx = Effects::default();
        let config = ctx.config;
        let mut roles = config.roles(self.id);
        // In Multi-Paxos a reconfiguration may make any server an acceptor (seed 004 §3.7): it
        // answers as one whenever a leader asks it, and only a leader that knows it is in force
        // at a slot asks it there.
        roles.acceptor |= config.multi.is_some();
        let kind = message.kind();
        if let Some(b) = message.ballot() {
            self.proposer.max_seen = self.proposer.max_seen.max(b);
        }
        match message {
            Message::Prepare { ballot, from: slot } if roles.acceptor => self
                .durable
                .acceptor
                .on_prepare(from, ballot, slot, config, &mut fx),
            Message::Accept {
                ballot,
                value,
                slot,
            } if roles.acceptor => {
                let proposal = Proposal {
                    ballot,
                    value,
                    slot,
                };
                if let Some(p) = self
                    .durable
                    .acceptor
                    .on_accept(from, proposal, config, &mut fx)
                {
                    // Phase 2b: tell the proposer, and the learners by the learning strategy.
                    let mut targets = vec![from];
                    for l in config.accepted_targets() {
                        if !targets.contains(&l) {
                            targets.push(l);
                        }
                    }
                    for to in targets {
                        fx.send(to, p.accepted());
                    }
                }
            }
            Message::Promise {
                ballot,
                accepted,
                later,
            } if roles.proposer && config.multi.is_some() => {
                let reported = match accepted {
                    None => later,
                    Some(p) => std::iter::once(p).chain(later.iter().cloned()).collect(),
                };
                if self.leader.on_promise(
                    from,
                    ballot,
                    reported,
                    &self.replica,
                    ctx.live_acceptors,
                    config,
                    &mut fx,
                ) {
                    self.propose_more(ctx, &mut fx);
                }
            }
            Message::Promise {
                ballot, accepted, ..
            } if roles.proposer => {
                self.proposer
                    .on_promise(from, ballot, accepted, ctx.quorum(), config, &mut fx)
            }
            Message::Accepted {
                ballot,
                value,
                slot,
            } if roles.proposer && config.multi.is_some() => {
                let proposal = Proposal {
                    ballot,
                    value,
                    slot,
                };
                // A majority of the acceptors in force at the slot (seed 004 §3.7).
                let (quorum, majority) = config.acceptors_at(&self.replica, slot).map_or_else(
                    || (ctx.quorum(), config.chosen_quorum()),
                    |set| {
                        (
                            config.quorum_of(&set, ctx.live_acceptors),
                            config.chosen_quorum_of(&set),
                        )
                    },
                );
                match self
                    .leader
                    .on_accepted(from, &proposal, quorum, majority, &mut fx)
                {
                    Some(chosen) => {
                        // The distinguished learner tells the replicas (seed 004 §2.9.1).
                        for &r in config.multi.iter().flat_map(|m| &m.replicas) {
                            if r != self.id {
                                fx.send(r, chosen.chosen());
                            }
                        }
                        self.learned_slot(&chosen, DecidedAs::Proposer, config, &mut fx);
                        self.propose_more(ctx, &mut fx);
                    }
                    None if fx.notes.is_empty() => fx.note(Note::Stale {
                        kind,
                        ballot: Some(ballot),
                    }),
                    None => {}
                }
            }
            Message::Accepted {
                ballot,
                value,
                slot,
            } if roles.proposer || roles.learner => {
                let proposal = Proposal {
                    ballot,
                    value,
                    slot,
                };
                // What the node counts to, and what makes a value chosen: the same, a majority
                // of all the acceptors, unless the broken `live-quorum` counts the live ones.
                let (quorum, majority) = (ctx.quorum(), config.chosen_quorum());
                let mut used = false;
                if roles.proposer && self.proposer.current_ballot() == Some(ballot) {
                    used = true;
                    if let Some(p) = self
                        .proposer
                        .on_accepted(from, &proposal, quorum, majority, &mut fx)
                    {
                        fx.decisions.push((p, DecidedAs::Proposer));
                    }
                }
                if roles.learner && self.learner.learned.is_none() {
                    used = true;
                    if let Some(p) = self
                        .learner
                        .on_accepted(from, proposal, quorum, majority, &mut fx)
                    {
                        self.after_learning(&p, config, &mut fx);
                        fx.decisions.push((p, DecidedAs::Learner));
                    }
                }
                if !used {
                    fx.note(Note::Stale {
                        kind,
                        ballot: Some(ballot),
                    });
                }
            }
            Message::Nack { ballot, promised } if roles.proposer && config.multi.is_some() => {
                // As a single-decree proposer does: leading again goes above the number the
                // acceptor promised, or it would only be refused again.
                self.proposer.max_seen = self.proposer.max_seen.max(promised);
                self.leader.on_nack(ballot, promised, &mut fx)
            }
            Message::Nack { ballot, promised } if roles.proposer => {
                self.proposer.on_nack(ballot, promised, config, &mut fx)
            }
            Message::Query {} if roles.acceptor => {
                // Reading stable storage: the answer is the proposal accepted in each slot.
                let acceptor = &self.durable.acceptor;
                for p in acceptor.all_accepted() {
                    fx.send(from, p.accepted());
                }
                let accepted = acceptor.accepted.clone();
                fx.note(Note::Answered {
                    learner: from,
                    accepted,
                });
            }
            Message::Chosen {
                ballot,
                value,
                slot,
            } if config.multi.is_some() && (roles.proposer || config.is_replica(self.id)) => {
                let proposal = Proposal {
                    ballot,
                    value,
                    slot,
                };
                if self.replica.chosen.contains_key(&slot) {
                    fx.note(Note::Stale {
                        kind,
                        ballot: Some(ballot),
                    });
                } else {
                    fx.note(Note::LearnedFromRelay {
                        value: proposal.value.clone(),
                        relay: from,
                    });
                    self.learned_slot(&proposal, DecidedAs::Learner, config, &mut fx);
                    // Knowing one more slot may open the α window.
                    self.propose_more(ctx, &mut fx);
                }
            }
            Message::Chosen {
                ballot,
                value,
                slot,
            } if roles.learner => {
                let proposal = Proposal {
                    ballot,
                    value,
                    slot,
                };
                if self.learner.on_chosen(from, proposal.clone(), &mut fx) {
                    fx.decisions.push((proposal, DecidedAs::Learner));
                }
            }
            _ => fx.note(Note::NotMyRole { kind }),
        }
        fx
    }

    fn after_learning(&self, chosen: &Proposal, config: &Config, fx: &mut Effects) {
        if config.is_relay(self.id) {
            let relays = config.accepted_targets();
            Learner::relay(self.id, chosen, &config.learners, &relays, fx);
        }
    }

    /// A timer set for `ballot` fired.
    pub fn on_timeout(&mut self, ballot: Ballot, ctx: Context<'_>) -> Effects {
        let mut fx = Effects::default();
        if ctx.config.roles(self.id).proposer {
            self.proposer.on_timeout(
                self.id,
                &mut self.durable.max_used,
                ballot,
                ctx.config,
                ctx.taken,
                &mut fx,
            );
        }
        fx
    }

    /// The node crashes: its volatile state (the proposer's attempt, what the learner counted)
    /// is gone, and only its [`Durable`] state remains, on stable storage.
    pub fn crash(&mut self) {
        *self = Node::restored(self.id, std::mem::take(&mut self.durable));
    }

    /// The node restarts from stable storage, which the broken `amnesia` variant has lost.
    pub fn recover(&mut self, config: &Config) {
        if config.has(Variant::Amnesia) {
            self.durable = Durable::default();
        }
    }
}
