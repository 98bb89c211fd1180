//! Soak tests: thousands of seeded random runs of the simulator over correct Paxos.
//!
//! Each run builds a random cluster and applies hundreds of random operations: proposals (with
//! and without explicit numbers and recipients), steps, direct deliveries, drops, duplications,
//! holds and releases, kills and restarts, random loss, and every legitimate switch (retries,
//! NACKs, accept-to-all, the `n = promised` acceptor rule, learner strategies, livelock rules).
//! After every operation the simulator's safety checker must be silent. A failure names the seed
//! and prints the operations, so `run(seed)` replays it exactly.
//!
//! The same generator, with a broken variant switched on, must find violations: the soak can fail.

#[path = "support/random_ops.rs"]
mod random_ops;

use paxos_lab::paxos::{Ballot, Config, Learning, Liveness, NodeId, Variant};
use paxos_lab::sim::{
    Invariant, MsgId, NetConfig, Op, OpError, Simulation, MAX_BALLOT, MAX_VALUE_CHARS,
};
use random_ops::{random_op, world};
use std::collections::BTreeMap;
use std::time::Instant;

const RUNS: u64 = 8000;
const OPS_PER_RUN: usize = 400;

/// What one run did.
struct Run {
    sim: Simulation,
    ops: Vec<Op>,
    /// How many times each kind of op was applied, by its JSON tag.
    applied: BTreeMap<String, usize>,
}

/// Runs `ops` random operations with `seed`, checking after each that a refused op changed
/// nothing. Stops early at the first violation of correct Paxos, or, with broken `variants`,
/// once two values are chosen.
fn run(seed: u64, ops: usize, variants: &[Variant]) -> Run {
    let (mut rng, mut sim) = world(seed, variants);
    let mut applied_ops = Vec::new();
    let mut applied = BTreeMap::new();
    let mut events = Vec::new();
    for _ in 0..ops {
        let op = random_op(&mut rng, &sim);
        let before = sim.clone();
        let start = events.len();
        match sim.apply(&op, &mut events) {
            Ok(()) => {
                let tag = serde_json::to_value(&op).expect("op to JSON")["op"]
                    .as_str()
                    .expect("a tag")
                    .to_owned();
                *applied.entry(tag).or_insert(0) += 1;
                applied_ops.push(op);
            }
            Err(e) => {
                assert!(
                    sim == before && events.len() == start,
                    "seed {seed}: refused {op:?} ({e:?}) changed the world; ops so far: {}",
                    serde_json::to_string(&applied_ops).expect("ops to JSON")
                );
            }
        }
        let done = if variants.is_empty() {
            !sim.violations.is_empty()
        } else {
            sim.monitor.broke(Invariant::TwoValuesChosen)
        };
        if done {
            break;
        }
    }
    Run {
        sim,
        ops: applied_ops,
        applied,
    }
}

#[test]
fn random_runs_of_correct_paxos_stay_safe() {
    let start = Instant::now();
    let mut decided_runs = 0;
    let mut total_ops = 0;
    let mut events = 0;
    let mut applied: BTreeMap<String, usize> = BTreeMap::new();
    for seed in 0..RUNS {
        let run = run(seed, OPS_PER_RUN, &[]);
        if let Some((violation, because)) = run.sim.violations.first() {
            panic!(
                "seed {seed}: {violation:?} (events {because:?}) after ops:\n{}",
                serde_json::to_string_pretty(&run.ops).expect("ops to JSON")
            );
        }
        decided_runs += usize::from(!run.sim.decisions.is_empty());
        total_ops += run.ops.len();
        events += run.sim.event_count();
        for (tag, n) in run.applied {
            *applied.entry(tag).or_insert(0) += n;
        }
    }
    println!(
        "{RUNS} runs, {total_ops} ops applied, {events} events, {decided_runs} runs chose a value, \
         in {:.2?}; ops applied: {applied:?}",
        start.elapsed()
    );
    // Not vacuous: most runs choose a value, and every kind of op was exercised.
    assert!(decided_runs as u64 > RUNS / 2, "{decided_runs} of {RUNS}");
    for tag in [
        "propose",
        "step",
        "deliver",
        "drop",
        "duplicate",
        "hold",
        "release",
        "kill",
        "restart",
        "set-loss",
        "set",
        "set-learning",
        "set-liveness",
    ] {
        assert!(
            applied.get(tag).copied().unwrap_or(0) >= 100,
            "{tag}: {applied:?}"
        );
    }
}

/// The same runs with a broken rule must reach a real disagreement, two values chosen at the
/// acceptors, or the soak could not fail.
#[test]
fn random_runs_catch_broken_variants() {
    for variant in Variant::SINGLE_DECREE {
        let start = Instant::now();
        let caught = (0..RUNS).find(|&seed| {
            run(seed, OPS_PER_RUN, &[variant])
                .sim
                .monitor
                .broke(Invariant::TwoValuesChosen)
        });
        println!(
            "{variant:?}: two values chosen first at seed {caught:?}, {:.2?}",
            start.elapsed()
        );
        assert!(caught.is_some(), "{variant:?} never chose two values");
    }
}

/// A seed and its ops replay to the same world: a failure message is enough to reproduce it.
#[test]
fn a_run_replays_from_its_seed_and_ops() {
    let first = run(7, OPS_PER_RUN, &[]);
    let (_, mut sim) = world(7, &[]);
    let mut events = Vec::new();
    for op in &first.ops {
        sim.apply(op, &mut events).expect("a recorded op replays");
    }
    assert_eq!(sim, first.sim);
    assert!(first.ops.len() > 100, "{} ops", first.ops.len());
    assert!(!first.sim.decisions.is_empty());
}

/// A world with something of everything: messages in flight, one held, one node down, a
/// proposal under way.
fn busy_world() -> Simulation {
    let all: Vec<NodeId> = (0..3).map(NodeId).collect();
    let config = Config {
        proposers: vec![NodeId(0), NodeId(1)],
        acceptors: all.clone(),
        learners: all,
        ..Config::default()
    };
    let mut sim = Simulation::new(config, NetConfig::default());
    let mut out = Vec::new();
    let ops = [
        Op::Propose {
            node: NodeId(0),
            value: "x".into(),
            ballot: None,
            recipients: None,
        },
        Op::Step,
        Op::Kill { node: NodeId(2) },
    ];
    for op in &ops {
        sim.apply(op, &mut out).expect("a valid op");
    }
    let held = *sim.in_flight.keys().next().expect("messages in flight");
    sim.apply(&Op::Hold { msg: held }, &mut out)
        .expect("a valid hold");
    sim
}

#[test]
fn invalid_ops_are_refused_with_typed_errors_and_change_nothing() {
    let sim = busy_world();
    let held = sim
        .in_flight
        .values()
        .find(|e| e.held_at.is_some())
        .expect("a held message")
        .id;
    let free = sim
        .in_flight
        .values()
        .find(|e| e.held_at.is_none())
        .expect("a message not held")
        .id;
    let used = *sim.monitor.taken().keys().next().expect("a used ballot");
    let propose = |node: u32, value: &str, ballot: Option<u32>, to: Option<Vec<u32>>| Op::Propose {
        node: NodeId(node),
        value: value.into(),
        ballot: ballot.map(Ballot),
        recipients: to.map(|to| to.into_iter().map(NodeId).collect()),
    };
    let long = "x".repeat(MAX_VALUE_CHARS + 1);
    let cases: Vec<(Op, OpError)> = vec![
        (
            propose(9, "x", None, None),
            OpError::UnknownNode { node: NodeId(9) },
        ),
        (
            propose(2, "x", None, None),
            OpError::NotAProposer { node: NodeId(2) },
        ),
        (propose(1, "", None, None), OpError::BadValue { chars: 0 }),
        (
            propose(1, "   ", None, None),
            OpError::BadValue { chars: 3 },
        ),
        (
            propose(1, &long, None, None),
            OpError::BadValue {
                chars: MAX_VALUE_CHARS + 1,
            },
        ),
        (
            propose(1, "x", None, Some(vec![0, 7])),
            OpError::UnknownNode { node: NodeId(7) },
        ),
        (
            propose(1, "x", Some(0), None),
            OpError::BallotOutOfRange { ballot: Ballot(0) },
        ),
        (
            propose(1, "x", Some(MAX_BALLOT + 1), None),
            OpError::BallotOutOfRange {
                ballot: Ballot(MAX_BALLOT + 1),
            },
        ),
        (
            propose(1, "x", Some(used.0), None),
            OpError::BallotInUse {
                ballot: used,
                by: NodeId(0),
            },
        ),
        (
            propose(0, "x", Some(used.0), None),
            OpError::Propose {
                reason: paxos_lab::paxos::ProposeError::BallotNotFresh {
                    ballot: used,
                    max_used: used,
                },
            },
        ),
        (
            propose(1, "x", None, Some(vec![])),
            OpError::Propose {
                reason: paxos_lab::paxos::ProposeError::NoRecipients,
            },
        ),
        (
            Op::Deliver { msg: MsgId(999) },
            OpError::NoSuchMessage { msg: MsgId(999) },
        ),
        (
            Op::Drop { msg: MsgId(999) },
            OpError::NoSuchMessage { msg: MsgId(999) },
        ),
        (
            Op::Duplicate { msg: MsgId(999) },
            OpError::NoSuchMessage { msg: MsgId(999) },
        ),
        (
            Op::Hold { msg: MsgId(999) },
            OpError::NoSuchMessage { msg: MsgId(999) },
        ),
        (Op::Hold { msg: held }, OpError::AlreadyHeld { msg: held }),
        (Op::Release { msg: free }, OpError::NotHeld { msg: free }),
        (
            Op::Kill { node: NodeId(9) },
            OpError::UnknownNode { node: NodeId(9) },
        ),
        (
            Op::Kill { node: NodeId(2) },
            OpError::NodeDown { node: NodeId(2) },
        ),
        (
            Op::Restart { node: NodeId(1) },
            OpError::NodeUp { node: NodeId(1) },
        ),
        (
            Op::Restart { node: NodeId(9) },
            OpError::UnknownNode { node: NodeId(9) },
        ),
        (
            Op::SetLoss { percent: 101 },
            OpError::LossOutOfRange { percent: 101 },
        ),
        (
            Op::Ask { node: NodeId(9) },
            OpError::UnknownNode { node: NodeId(9) },
        ),
        (
            Op::Ask { node: NodeId(2) },
            OpError::NodeDown { node: NodeId(2) },
        ),
        // A learning strategy or a leader naming a node that is not there, or not of the role.
        (
            Op::SetLearning {
                learning: Learning::Distinguished { learner: NodeId(9) },
            },
            OpError::UnknownNode { node: NodeId(9) },
        ),
        (
            Op::SetLearning {
                learning: Learning::DistinguishedSet {
                    learners: vec![NodeId(0), NodeId(9)],
                },
            },
            OpError::UnknownNode { node: NodeId(9) },
        ),
        (
            Op::SetLiveness {
                liveness: Liveness::Distinguished {
                    proposer: NodeId(9),
                },
            },
            OpError::UnknownNode { node: NodeId(9) },
        ),
        (
            Op::SetLiveness {
                liveness: Liveness::Distinguished {
                    proposer: NodeId(2),
                },
            },
            OpError::NotAProposer { node: NodeId(2) },
        ),
    ];
    for (op, expected) in cases {
        let mut world = sim.clone();
        let mut out = Vec::new();
        assert_eq!(world.apply(&op, &mut out), Err(expected), "{op:?}");
        assert_eq!(world, sim, "{op:?} changed the world");
        assert!(out.is_empty(), "{op:?} emitted {out:?}");
    }

    // A proposer that is down, and a recipient that is no acceptor.
    let mut only_acceptors = busy_world();
    let mut out = Vec::new();
    only_acceptors
        .apply(&Op::Kill { node: NodeId(1) }, &mut out)
        .expect("a valid kill");
    let before = only_acceptors.clone();
    out.clear();
    assert_eq!(
        only_acceptors.apply(&propose(1, "x", None, None), &mut out),
        Err(OpError::NodeDown { node: NodeId(1) })
    );
    assert_eq!(only_acceptors, before);
    let config = Config {
        proposers: vec![NodeId(0)],
        acceptors: vec![NodeId(1), NodeId(2), NodeId(3)],
        learners: vec![NodeId(0)],
        ..Config::default()
    };
    let fresh = Simulation::new(config, NetConfig::default());
    let mut world = fresh.clone();
    assert_eq!(
        world.apply(&propose(0, "x", None, Some(vec![0, 1])), &mut out),
        Err(OpError::NotAnAcceptor { node: NodeId(0) })
    );
    // Node 1 is an acceptor only: it cannot be the learner that relays `Chosen`.
    for learning in [
        Learning::Distinguished { learner: NodeId(1) },
        Learning::DistinguishedSet {
            learners: vec![NodeId(0), NodeId(1)],
        },
    ] {
        assert_eq!(
            world.apply(&Op::SetLearning { learning }, &mut out),
            Err(OpError::NotALearner { node: NodeId(1) })
        );
    }
    // Nothing to step in a quiet world.
    assert_eq!(world.apply(&Op::Step, &mut out), Err(OpError::Quiet));
    assert_eq!(world, fresh);
    assert!(out.is_empty());
}
