//! Proposal numbers and refusals, as a new user meets them: numbers typed by hand never
//! collide with automatic ones, a copy of a `Prepare` does not make its own proposer give up,
//! and one limit holds for every number.

use paxos_lab::paxos::{Ballot, Config, NodeId, ProposeError, Slot, Value};
use paxos_lab::sim::{Event, EventKind, Invariant, NetConfig, Op, OpError, Simulation};

/// No proposal number taken, for the node-level tests.
static NONE_TAKEN: paxos_lab::paxos::Taken = paxos_lab::paxos::Taken::new();

/// What a node knows of `config`'s world, with every acceptor up and no number taken.
fn context(config: &Config) -> paxos_lab::paxos::Context<'_> {
    paxos_lab::paxos::Context {
        config,
        live_acceptors: config.acceptors.len(),
        taken: &NONE_TAKEN,
    }
}

/// Proposers 0 and 1 (sets {1, 3, 5, …} and {2, 4, 6, …}), acceptors 2, 3 and 4.
fn two_proposers(nacks: bool) -> Simulation {
    let config = Config {
        proposers: vec![NodeId(0), NodeId(1)],
        acceptors: vec![NodeId(2), NodeId(3), NodeId(4)],
        learners: vec![NodeId(0), NodeId(1)],
        nacks,
        ..Config::default()
    };
    Simulation::new(config, NetConfig::default())
}

/// [`two_proposers`] with a broken variant switched on.
fn two_proposers_with(variant: paxos_lab::paxos::Variant) -> Simulation {
    let mut sim = two_proposers(false);
    let on = Op::Set {
        switch: paxos_lab::sim::Switch::Variant(variant),
        on: true,
    };
    sim.apply(&on, &mut Vec::new()).unwrap();
    sim
}

fn propose(node: u32, value: &str, ballot: Option<u32>) -> Op {
    Op::Propose {
        node: NodeId(node),
        value: Value::from(value),
        ballot: ballot.map(Ballot),
        recipients: None,
    }
}

fn prepares(events: &[Event]) -> Vec<(NodeId, Ballot)> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Proposed { node, ballot, .. } => Some((*node, *ballot)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_number_typed_from_another_set_is_skipped_by_its_owner() {
    let mut sim = two_proposers(false);
    let mut events = Vec::new();
    // Proposer 0 takes 2, from proposer 1's set, by hand: allowed, nobody used it.
    sim.apply(&propose(0, "x", Some(2)), &mut events).unwrap();
    // Proposer 1's automatic number skips 2.
    assert_eq!(sim.next_ballot(NodeId(1)), Some(Ballot(4)));
    sim.apply(&propose(1, "y", None), &mut events).unwrap();
    assert_eq!(
        prepares(&events),
        [(NodeId(0), Ballot(2)), (NodeId(1), Ballot(4))]
    );
    // Typing 2 again is refused: it is taken.
    assert_eq!(
        sim.apply(&propose(1, "y", Some(2)), &mut events),
        Err(OpError::BallotInUse {
            ballot: Ballot(2),
            by: NodeId(0)
        })
    );
    sim.run_until_quiet(1000, &mut events);
    assert!(sim.violations.is_empty(), "{:?}", sim.violations);
    assert!(!sim.chosen_proposals().is_empty());
}

#[test]
fn a_duplicated_prepare_does_not_make_its_proposer_give_up() {
    let mut sim = two_proposers(true);
    let mut events = Vec::new();
    sim.apply(&propose(0, "x", None), &mut events).unwrap();
    let prepare = *sim.in_flight.keys().next().expect("a Prepare in flight");
    sim.apply(&Op::Duplicate { msg: prepare }, &mut events)
        .unwrap();
    sim.run_until_quiet(1000, &mut events);
    let acted = |f: &dyn Fn(&EventKind) -> bool| events.iter().any(|e| f(&e.kind));
    // The copy is ignored quietly: the acceptor that already promised 1 does not promise it
    // again (nor answer with a Nack), and nobody is pre-empted.
    let ignored = events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Acted {
                    note: paxos_lab::paxos::Note::IgnoredPrepare { .. },
                    ..
                }
            )
        })
        .count();
    assert_eq!(ignored, 1);
    assert!(!acted(
        &|k| matches!(k, EventKind::Sent { envelope } if envelope.message.kind() == paxos_lab::paxos::MessageKind::Nack)
    ));
    assert!(!acted(&|k| matches!(
        k,
        EventKind::Acted {
            note: paxos_lab::paxos::Note::Preempted { .. },
            ..
        }
    )));
    let decided = sim.decided();
    assert!(decided.iter().any(|d| d.node == NodeId(0)), "{decided:?}");
}

#[test]
fn the_ballot_limit_holds_for_automatic_numbers_too() {
    let mut sim = two_proposers(false);
    let mut events = Vec::new();
    sim.apply(&propose(0, "x", Some(Ballot::MAX.0)), &mut events)
        .unwrap();
    // Nothing above the maximum is suggested, and nothing is proposed without a number.
    assert_eq!(sim.next_ballot(NodeId(0)), None);
    let before = sim.clone();
    assert_eq!(
        sim.apply(&propose(0, "x", None), &mut events),
        Err(OpError::Propose {
            reason: ProposeError::NoBallotLeft
        })
    );
    assert_eq!(sim, before);
    assert_eq!(
        sim.apply(&propose(0, "x", Some(Ballot::MAX.0 + 1)), &mut events),
        Err(OpError::BallotOutOfRange {
            ballot: Ballot(Ballot::MAX.0 + 1)
        })
    );
    // Another proposer still has numbers of its own below the limit.
    assert_eq!(sim.next_ballot(NodeId(1)), Some(Ballot(2)));
}

#[test]
fn shared_numbers_are_reported_only_when_they_are_not_the_lesson() {
    // Under `reused-ballots` both proposers start with 1, and that is the variant's premise.
    let mut sim = two_proposers_with(paxos_lab::paxos::Variant::ReusedBallots);
    let mut events = Vec::new();
    sim.apply(&propose(0, "x", None), &mut events).unwrap();
    sim.apply(&propose(1, "y", None), &mut events).unwrap();
    assert_eq!(
        prepares(&events),
        [(NodeId(0), Ballot(1)), (NodeId(1), Ballot(1))]
    );
    assert!(!sim.monitor.broke(Invariant::ReusedBallot));
}

/// An acceptor's answer to `message` from proposer 0 after it promised `promised`, with NACKs
/// on or off and the `n = promised` rule on or off: the messages it sends.
fn answers(
    promised: u32,
    message: paxos_lab::paxos::Message,
    nacks: bool,
    equal: bool,
) -> Vec<paxos_lab::paxos::Message> {
    use paxos_lab::paxos::{AcceptRule, Node};
    let config = Config {
        proposers: vec![NodeId(0)],
        acceptors: vec![NodeId(1), NodeId(2), NodeId(3)],
        nacks,
        accept_rule: if equal {
            AcceptRule::EqualPromised
        } else {
            AcceptRule::AtLeastPromised
        },
        ..Config::default()
    };
    let ctx = context(&config);
    let mut acceptor = Node::new(NodeId(1));
    acceptor.durable.acceptor.promised = Ballot(promised);
    let fx = acceptor.handle(NodeId(0), message, ctx);
    fx.sends.into_iter().map(|(_, m)| m).collect()
}

#[test]
fn a_nack_says_only_that_a_greater_number_was_promised() {
    use paxos_lab::paxos::Message;
    let accept = |ballot| Message::Accept {
        ballot: Ballot(ballot),
        value: Value::from("x"),
        slot: Slot::FIRST,
    };
    let prepare = |ballot| Message::Prepare {
        ballot: Ballot(ballot),
        from: Slot::FIRST,
    };
    let nack = |ballot, promised| Message::Nack {
        ballot: Ballot(ballot),
        promised: Ballot(promised),
    };
    // Refused because 3 was promised: a Nack with NACKs on, silence with them off.
    assert_eq!(answers(3, accept(2), true, false), [nack(2, 3)]);
    assert_eq!(answers(3, prepare(2), true, false), [nack(2, 3)]);
    assert!(answers(3, accept(2), false, false).is_empty());
    assert!(answers(3, prepare(2), false, false).is_empty());
    // An equal Prepare is a copy: refused quietly.
    assert!(answers(3, prepare(3), true, false).is_empty());
    // Under n = promised an Accept above the promise is refused, but nobody pre-empted it.
    assert!(answers(1, accept(2), true, true).is_empty());
    assert_eq!(answers(3, accept(2), true, true), [nack(2, 3)]);
}

/// A message that reaches a node without the role that handles it changes nothing: the node
/// says so (`not-my-role`) and sends nothing.
#[test]
fn a_message_for_another_role_changes_nothing() {
    use paxos_lab::paxos::{Message, Node, Note, Proposal};
    let config = Config {
        proposers: vec![NodeId(0)],
        acceptors: vec![NodeId(1)],
        learners: vec![NodeId(2)],
        ..Config::default()
    };
    let ctx = context(&config);
    let x = Value::from("x");
    let cases = [
        // Phase 1a and 2a to a node that is not an acceptor.
        (
            NodeId(2),
            Message::Prepare {
                ballot: Ballot(1),
                from: Slot::FIRST,
            },
        ),
        (
            NodeId(0),
            Message::Accept {
                ballot: Ballot(1),
                value: x.clone(),
                slot: Slot::FIRST,
            },
        ),
        // Phase 1b to a node that is not a proposer.
        (
            NodeId(1),
            Message::Promise {
                ballot: Ballot(1),
                accepted: Some(Proposal::new(Ballot(1), x.clone())),
                later: [].into(),
            },
        ),
        // Phase 2b to a node that is neither proposer nor learner.
        (
            NodeId(1),
            Message::Accepted {
                ballot: Ballot(1),
                value: x.clone(),
                slot: Slot::FIRST,
            },
        ),
        (
            NodeId(2),
            Message::Nack {
                ballot: Ballot(1),
                promised: Ballot(2),
            },
        ),
        (NodeId(2), Message::Query {}),
        (
            NodeId(1),
            Message::Chosen {
                ballot: Ballot(1),
                value: x.clone(),
                slot: Slot::FIRST,
            },
        ),
    ];
    for (to, message) in cases {
        let mut node = Node::new(to);
        let kind = message.kind();
        let fx = node.handle(NodeId(0), message, ctx);
        // (It may note the number it saw, so that its own next number goes above it.)
        let fresh = Node::new(to);
        assert_eq!(node.durable, fresh.durable, "{kind:?} changed node {to:?}");
        assert_eq!(node.learner, fresh.learner, "{kind:?}");
        assert_eq!(node.proposer.phase, fresh.proposer.phase, "{kind:?}");
        assert!(fx.sends.is_empty(), "{kind:?}");
        assert!(fx.decisions.is_empty(), "{kind:?}");
        assert_eq!(fx.notes, [Note::NotMyRole { kind }]);
    }
}

/// A proposer counts an `Accepted` only for exactly its own proposal: under `reused-ballots`
/// another proposer's ⟨1, y⟩ shares its number, and must not count towards its ⟨1, x⟩.
#[test]
fn in_single_decree_paxos_a_relayed_choice_goes_to_the_learner_of_a_node_that_also_proposes() {
    use paxos_lab::paxos::{Learning, Node, Proposal};
    // Every node holds every role, as in the notes' examples; node 0 is the distinguished
    // learner, which tells the others once it learns.
    let all = vec![NodeId(0), NodeId(1), NodeId(2)];
    let config = Config {
        proposers: all.clone(),
        acceptors: all.clone(),
        learners: all,
        learning: Learning::Distinguished { learner: NodeId(0) },
        ..Config::default()
    };
    let chosen = Proposal::new(Ballot(1), Value::from("x"));
    let mut node = Node::new(NodeId(1));
    let fx = node.handle(NodeId(0), chosen.chosen(), context(&config));
    // The learner learns it (the node's card says so), not the Multi-Paxos replica.
    assert_eq!(node.learner.learned, Some(chosen.clone()));
    assert_eq!(fx.decisions.len(), 1);
}

#[test]
fn a_proposer_counts_only_acceptances_of_its_own_proposal() {
    use paxos_lab::paxos::{Message, Node, Phase};
    let config = Config {
        proposers: vec![NodeId(0)],
        acceptors: vec![NodeId(1), NodeId(2), NodeId(3)],
        ..Config::default()
    };
    let ctx = context(&config);
    let mut p = Node::new(NodeId(0));
    let (ballot, _) = p
        .propose(Value::from("x"), None, config.acceptors.clone(), ctx)
        .unwrap();
    for a in 1..=2 {
        let promise = Message::Promise {
            ballot,
            accepted: None,
            later: [].into(),
        };
        p.handle(NodeId(a), promise, ctx);
    }
    assert!(matches!(p.proposer.phase, Phase::Accepting { .. }));
    let accepted = |value: &str, b: Ballot| Message::Accepted {
        ballot: b,
        value: Value::from(value),
        slot: Slot::FIRST,
    };
    // Same number, other value; other number, same value: neither counts.
    assert!(p
        .handle(NodeId(1), accepted("y", ballot), ctx)
        .decisions
        .is_empty());
    assert!(p
        .handle(NodeId(2), accepted("y", ballot), ctx)
        .decisions
        .is_empty());
    assert!(p
        .handle(NodeId(1), accepted("x", Ballot(7)), ctx)
        .decisions
        .is_empty());
    assert!(p
        .handle(NodeId(2), accepted("x", Ballot(7)), ctx)
        .decisions
        .is_empty());
    assert!(matches!(&p.proposer.phase, Phase::Accepting { accepted, .. } if accepted.is_empty()));
    // Its own proposal, from a majority: it learns that it was chosen.
    p.handle(NodeId(1), accepted("x", ballot), ctx);
    let fx = p.handle(NodeId(2), accepted("x", ballot), ctx);
    assert_eq!(fx.decisions.len(), 1);
    assert!(
        !fx.notes
            .iter()
            .any(|n| matches!(n, paxos_lab::paxos::Note::Stale { .. })),
        "{:?}",
        fx.notes
    );
}

/// A proposer gives up only for a Nack that names a greater promise, and says when an
/// `Accepted` is of no use to it.
#[test]
fn a_proposer_ignores_a_nack_that_does_not_preempt_it_and_names_stale_messages() {
    use paxos_lab::paxos::{Message, Node, Note, Phase};
    let config = Config {
        proposers: vec![NodeId(0)],
        acceptors: vec![NodeId(1), NodeId(2), NodeId(3)],
        nacks: true,
        ..Config::default()
    };
    let ctx = context(&config);
    let mut p = Node::new(NodeId(0));
    let (ballot, _) = p
        .propose(Value::from("x"), None, config.acceptors.clone(), ctx)
        .unwrap();
    let nack = |promised| Message::Nack {
        ballot,
        promised: Ballot(promised),
    };
    let fx = p.handle(NodeId(1), nack(ballot.0), ctx);
    assert!(matches!(p.proposer.phase, Phase::Preparing { .. }));
    assert!(matches!(fx.notes[..], [Note::Stale { .. }]));
    // An Accepted for a number it is not working on: stale.
    let other = Message::Accepted {
        ballot: Ballot(9),
        value: Value::from("z"),
        slot: Slot::FIRST,
    };
    let fx = p.handle(NodeId(1), other, ctx);
    assert!(
        matches!(fx.notes[..], [Note::Stale { .. }]),
        "{:?}",
        fx.notes
    );
    // A greater promise pre-empts it.
    let fx = p.handle(NodeId(2), nack(ballot.0 + 2), ctx);
    assert!(matches!(p.proposer.phase, Phase::Abandoned { .. }));
    assert!(matches!(fx.notes[..], [Note::Preempted { .. }]));
}

/// A violation points at the event that caused it: under `amnesia`, the restart that forgot a
/// promise.
#[test]
fn a_violation_names_the_event_that_caused_it() {
    use paxos_lab::sim::Violation;
    let mut sim = two_proposers_with(paxos_lab::paxos::Variant::Amnesia);
    let mut events = Vec::new();
    sim.apply(&propose(0, "x", None), &mut events).unwrap();
    let prepare = *sim.in_flight.keys().next().expect("a Prepare");
    let to = sim.in_flight[&prepare].to;
    sim.apply(&Op::Deliver { msg: prepare }, &mut events)
        .unwrap();
    sim.apply(&Op::Kill { node: to }, &mut events).unwrap();
    sim.apply(&Op::Restart { node: to }, &mut events).unwrap();
    let restarted = events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Restarted { .. }))
        .expect("a restart")
        .id;
    let (violation, because) = sim.violation().expect("a violation");
    assert!(matches!(violation, Violation::PromiseDecreased { node, .. } if *node == to));
    assert_eq!(because, &[restarted]);
}

/// Under `accept-first` a proposal skips phase 1: its `Accept` is what takes the number.
#[test]
fn under_accept_first_the_accept_takes_the_number() {
    let mut sim = two_proposers_with(paxos_lab::paxos::Variant::AcceptFirst);
    let mut events = Vec::new();
    sim.apply(&propose(0, "x", Some(2)), &mut events).unwrap();
    assert_eq!(sim.monitor.taken().get(&Ballot(2)), Some(&NodeId(0)));
    assert_eq!(sim.next_ballot(NodeId(1)), Some(Ballot(4)));
}
