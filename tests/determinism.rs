//! Determinism: a seed and a list of operations fix a run, byte for byte, and the history can
//! revisit any past moment of it exactly.

#[path = "support/random_ops.rs"]
mod random_ops;

use paxos_lab::paxos::NodeId;
use paxos_lab::sim::{Event, EventId, History, Op, Rng, SetAside, Simulation, CHECKPOINT_EVERY};
use random_ops::{busy_world, random_op};

const OPS: usize = 600;

/// Applies `OPS` random ops drawn from `op_seed` to `busy_world(seed)`. Returns the ops that were
/// applied and the trace.
fn random_run(seed: u64, op_seed: u64) -> (Vec<Op>, Vec<Event>) {
    let mut sim = busy_world(seed);
    let mut rng = Rng::new(op_seed);
    let mut ops = Vec::new();
    let mut events = vec![sim.began()];
    while ops.len() < OPS {
        let op = random_op(&mut rng, &sim);
        if sim.apply(&op, &mut events).is_ok() {
            ops.push(op);
        }
    }
    (ops, events)
}

fn replay(seed: u64, ops: &[Op]) -> (Simulation, Vec<Event>) {
    let mut sim = busy_world(seed);
    let mut events = vec![sim.began()];
    for op in ops {
        sim.apply(op, &mut events).expect("a recorded op replays");
    }
    (sim, events)
}

fn json(events: &[Event]) -> String {
    serde_json::to_string(events).expect("events to JSON")
}

#[test]
fn same_seed_and_ops_give_a_byte_identical_trace() {
    let (ops, events) = random_run(42, 7);
    let (_, again) = replay(42, &ops);
    assert!(events.len() > OPS, "a busy run: {} events", events.len());
    // Random loss and jitter really were in play.
    let trace = json(&events);
    assert!(trace.contains("\"random-loss\""));
    assert_eq!(trace, json(&again));
    // And generating the ops again from the same seeds gives the same ops too.
    let (ops_again, events_again) = random_run(42, 7);
    assert_eq!(ops, ops_again);
    assert_eq!(trace, json(&events_again));
}

#[test]
fn another_seed_gives_another_trace() {
    // The same ops that need no particular message (proposals and steps) under two seeds:
    // jitter, loss and back-off differ, so the traces do.
    let mut ops = Vec::new();
    for round in 0..20u32 {
        ops.push(Op::Propose {
            node: NodeId(round % 5),
            value: format!("v{round}").as_str().into(),
            ballot: None,
            recipients: None,
        });
        ops.extend(std::iter::repeat_n(Op::Step, 30));
    }
    let trace = |seed| {
        let mut sim = busy_world(seed);
        let mut events = Vec::new();
        for op in &ops {
            // A step in a quiet world is refused; that is the same under every seed.
            let _ = sim.apply(op, &mut events);
        }
        json(&events)
    };
    assert_eq!(trace(1), trace(1));
    assert_ne!(trace(1), trace(2));
}

/// A history of `OPS` random ops, and those ops.
fn random_history(seed: u64) -> (History, Vec<Op>) {
    let mut history = History::new(busy_world(seed));
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut ops = Vec::new();
    while ops.len() < OPS {
        let op = random_op(&mut rng, history.current());
        if history.apply(op.clone()).is_ok() {
            ops.push(op);
        }
    }
    (history, ops)
}

#[test]
fn goto_gives_the_world_of_a_fresh_replay() {
    let (mut history, ops) = random_history(3);
    assert_eq!(history.len(), OPS);
    let mut rng = Rng::new(99);
    let mut targets: Vec<usize> = (0..40).map(|_| rng.upto(OPS as u32) as usize).collect();
    // The ends, and both sides of a checkpoint.
    targets.extend([
        0,
        OPS,
        CHECKPOINT_EVERY - 1,
        CHECKPOINT_EVERY,
        CHECKPOINT_EVERY + 1,
    ]);
    for k in targets {
        assert!(history.goto(k));
        let (fresh, events) = replay(3, &ops[..k]);
        assert_eq!(history.cursor(), k);
        assert_eq!(history.current(), &fresh, "after goto({k})");
        assert_eq!(history.events(), &events[..], "events after goto({k})");
        assert_eq!(history.ops(), &ops[..k]);
        // Nothing is lost by moving around.
        assert_eq!(history.len(), OPS);
    }
    assert!(!history.goto(OPS + 1));
}

#[test]
fn back_and_forward_leave_the_world_as_it_was() {
    let (mut history, _) = random_history(4);
    let mut rng = Rng::new(5);
    for _ in 0..30 {
        let k = 1 + rng.upto(OPS as u32 - 2) as usize;
        history.goto(k);
        let here = history.current().clone();
        let events = history.events().len();
        assert!(history.back());
        assert_eq!(history.cursor(), k - 1);
        assert_ne!(history.current().event_count(), here.event_count());
        assert!(history.forward());
        assert_eq!(history.current(), &here);
        assert_eq!(history.events().len(), events);
        assert!(history.forward());
        assert!(history.back());
        assert_eq!(history.current(), &here);
    }
    history.goto(0);
    assert!(!history.back());
    history.goto(OPS);
    assert!(!history.forward());
}

/// Acts at the cursor with an op that forks: kills node 0, or restarts it if it is down.
fn act(history: &mut History) -> Op {
    let kill = Op::Kill { node: NodeId(0) };
    if history.apply(kill.clone()).is_ok() {
        return kill;
    }
    let restart = Op::Restart { node: NodeId(0) };
    history.apply(restart.clone()).expect("node 0 is down");
    restart
}

/// Everything a history shows: its ops and events (all recorded, and up to the cursor), its
/// cursor, and the world there.
fn everything(history: &History) -> (Vec<Op>, Vec<Event>, usize, Vec<Op>, Vec<Event>, Simulation) {
    (
        history.recorded_ops().to_vec(),
        history.recorded_events().to_vec(),
        history.cursor(),
        history.ops().to_vec(),
        history.events().to_vec(),
        history.current().clone(),
    )
}

#[test]
fn a_new_op_after_going_back_forks_a_new_future() {
    let (mut history, ops) = random_history(6);
    let k = OPS / 2 + 3;
    assert!(history.goto(k));
    assert_eq!(history.set_aside(), None);
    let fork = act(&mut history);
    assert_eq!(history.len(), k + 1);
    assert_eq!(history.cursor(), k + 1);
    let mut expected = ops[..k].to_vec();
    expected.push(fork);
    assert_eq!(history.ops(), &expected[..]);
    assert_eq!(history.recorded_ops(), &expected[..]);
    assert!(!history.forward(), "the new future ends here");
    assert!(!history.goto(k + 2));
    let (fresh, events) = replay(6, &expected);
    assert_eq!(history.current(), &fresh);
    assert_eq!(history.events(), &events[..]);
    assert_eq!(history.recorded_events(), &events[..]);
    assert_eq!(history.set_aside(), Some((SetAside::Abandoned, k)));
    // The history before the fork is intact, and so are its snapshots: going anywhere in it
    // gives the world of a fresh replay.
    for j in [
        0,
        k - 1,
        k,
        CHECKPOINT_EVERY,
        k / CHECKPOINT_EVERY * CHECKPOINT_EVERY,
    ] {
        assert!(history.goto(j));
        assert_eq!(history.current(), &replay(6, &ops[..j]).0, "goto({j})");
    }
    // And the new future grows like any run, with snapshots along the way.
    assert!(history.goto(k + 1));
    let grown = history.run_until_quiet(3 * CHECKPOINT_EVERY);
    assert!(history.goto(k + 1 + grown / 2));
    assert_eq!(
        history.current(),
        &replay(6, history.ops()).0,
        "the grown fork replays"
    );
}

#[test]
fn fork_then_undo_gives_back_the_abandoned_future_exactly() {
    let (mut history, _) = random_history(7);
    let k = OPS / 3 + 5;
    assert!(history.goto(k));
    let old = everything(&history);
    let fork = act(&mut history);
    history.run_until_quiet(40);
    let new = everything(&history);
    assert_ne!(new.0, old.0);

    // Undo: the old future, exactly, at the instant of the fork.
    assert!(!history.redo_fork(), "nothing to redo yet");
    assert!(history.undo_fork());
    assert_eq!(everything(&history), old);
    assert_eq!(history.set_aside(), Some((SetAside::Undone, k)));
    assert!(!history.undo_fork(), "one undo at a time");
    // Still a history like any other: it moves about and replays.
    assert!(history.goto(OPS));
    assert!(history.goto(k));
    assert_eq!(everything(&history), old);

    // Redo: the fork again, where it was left.
    assert!(history.redo_fork());
    assert_eq!(everything(&history), new);
    assert_eq!(history.recorded_ops()[k], fork);
    assert_eq!(history.set_aside(), Some((SetAside::Abandoned, k)));

    // Undo and redo again, after moving about in both runs.
    assert!(history.goto(k / 2));
    assert!(history.undo_fork());
    assert_eq!(everything(&history), old);
    assert!(history.goto(OPS - 1));
    let old_elsewhere = everything(&history);
    assert!(history.redo_fork());
    assert_eq!(history.cursor(), k / 2, "the fork where it was left");
    assert!(history.undo_fork());
    assert_eq!(everything(&history), old_elsewhere);
}

#[test]
fn the_next_fork_replaces_the_run_set_aside() {
    let (mut history, _) = random_history(8);
    assert!(history.goto(100));
    act(&mut history);
    let first = everything(&history);
    assert!(history.goto(50));
    act(&mut history);
    assert_eq!(history.set_aside(), Some((SetAside::Abandoned, 50)));
    assert!(history.undo_fork());
    assert_eq!(history.cursor(), 50);
    assert_eq!(
        history.recorded_ops(),
        &first.0[..],
        "the first fork is back"
    );
    // After an undo, acting again forks from the old run: the undone fork is gone.
    assert!(history.goto(20));
    act(&mut history);
    assert_eq!(history.set_aside(), Some((SetAside::Abandoned, 20)));
    assert!(!history.redo_fork());
}

#[test]
fn each_event_belongs_to_the_op_that_produced_it() {
    let (mut history, ops) = random_history(9);
    assert_eq!(
        history.op_of(EventId(0)),
        None,
        "began belongs to the start"
    );
    assert!(history.goto(OPS / 2));
    for (i, _) in ops.iter().enumerate() {
        for e in history.events_of(i) {
            assert_eq!(history.op_of(e.id), Some(i), "event {:?}", e.id);
        }
    }
    let past_the_end = history.recorded_events().len() as u64;
    assert_eq!(history.op_of(EventId(past_the_end)), None);
    assert_eq!(
        history.op_of(EventId(past_the_end - 1)),
        Some(OPS - 1),
        "events after the cursor belong to their ops too"
    );
    // Event ids are indices into the whole recorded trace.
    for (i, e) in history.recorded_events().iter().enumerate() {
        assert_eq!(e.id.0, i as u64);
    }
}
