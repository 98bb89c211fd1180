//! Proposal numbers and refusals, as a new user meets them: numbers typed by hand never
//! collide with automatic ones, a copy of a `Prepare` does not make its own proposer give up,
//! and one limit holds for every number.

use paxos_lab::paxos::{Ballot, Config, NodeId, ProposeError, Value};
use paxos_lab::sim::{Event, EventKind, Invariant, NetConfig, Op, OpError, Simulation};

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
    let mut sim = two_proposers(false);
    let mut events = Vec::new();
    sim.apply(
        &Op::Set {
            switch: paxos_lab::sim::Switch::Variant(paxos_lab::paxos::Variant::ReusedBallots),
            on: true,
        },
        &mut events,
    )
    .unwrap();
    sim.apply(&propose(0, "x", None), &mut events).unwrap();
    sim.apply(&propose(1, "y", None), &mut events).unwrap();
    assert_eq!(
        prepares(&events),
        [(NodeId(0), Ballot(1)), (NodeId(1), Ballot(1))]
    );
    assert!(!sim.monitor.broke(Invariant::ReusedBallot));
}
