//! Soak tests of Multi-Paxos: thousands of seeded random runs of the simulator, with commands,
//! leader changes (two leaders at once, often), deliveries out of order, drops, duplicates,
//! holds, crashes, restarts, random loss and NACKs. After every operation the safety checker must
//! be silent: one value per slot, no-ops only where nothing was chosen, and replicas whose
//! executed logs are prefixes of each other. A failure names the seed and prints the ops.
//!
//! The same generator with a broken variant on must reach two values chosen in one slot.

#[path = "support/random_ops.rs"]
mod random_ops;

use paxos_lab::paxos::{NodeId, Variant};
use paxos_lab::sim::{Invariant, Op, Simulation};
use random_ops::{multi_world, random_multi_op};
use std::collections::BTreeMap;

const RUNS: u64 = 2000;
const OPS_PER_RUN: usize = 400;

/// Runs `ops` random operations with `seed`. Stops at the first violation of correct
/// Multi-Paxos, or, with broken `variants`, once two values are chosen in one slot.
fn run(seed: u64, ops: usize, variants: &[Variant]) -> (Simulation, Vec<Op>) {
    let (mut rng, mut sim) = multi_world(seed, variants);
    let mut applied = Vec::new();
    let mut events = Vec::new();
    for _ in 0..ops {
        let op = random_multi_op(&mut rng, &sim);
        if sim.apply(&op, &mut events).is_ok() {
            applied.push(op);
        }
        events.clear();
        let stop = if variants.is_empty() {
            !sim.violations.is_empty()
        } else {
            sim.monitor.broke(Invariant::TwoValuesChosen)
        };
        if stop {
            break;
        }
    }
    (sim, applied)
}

#[test]
fn random_multi_paxos_runs_are_safe_and_replicas_agree() {
    let mut executed = 0;
    let mut slots = 0;
    let mut noops = 0;
    let mut leaders_at_once = 0;
    for seed in 0..RUNS {
        let (sim, ops) = run(seed, OPS_PER_RUN, &[]);
        assert!(
            sim.violations.is_empty(),
            "seed {seed}: {:?}\nops: {}",
            sim.violations,
            serde_json::to_string(&ops).expect("ops to JSON")
        );
        // The prefix property, read off the replicas themselves: any two agree on every slot
        // both executed.
        let logs: BTreeMap<NodeId, _> = sim
            .nodes
            .values()
            .filter(|n| sim.config.is_replica(n.id))
            .map(|n| (n.id, (n.replica.next, &n.replica.chosen)))
            .collect();
        for (a, (next_a, log_a)) in &logs {
            for (b, (next_b, log_b)) in &logs {
                let upto = (*next_a).min(*next_b);
                for (slot, command) in log_a.iter().filter(|(s, _)| **s < upto) {
                    assert_eq!(log_b.get(slot), Some(command), "seed {seed}: {a:?}, {b:?}");
                }
            }
        }
        executed += sim.monitor.executed().len();
        slots += sim.chosen_proposals().len();
        noops += sim
            .chosen_proposals()
            .iter()
            .filter(|p| p.value.is_noop())
            .count();
        let leading = sim
            .nodes
            .values()
            .filter(|n| n.leader.ballot().is_some())
            .count();
        leaders_at_once += usize::from(leading >= 2);
    }
    println!(
        "{RUNS} runs: {slots} proposals chosen, {noops} of them no-ops, {executed} slots executed, \
         {leaders_at_once} runs ending with two nodes that believe they lead"
    );
    // Not vacuous: logs grow, gaps get filled, and leaders overlap.
    assert!(executed > RUNS as usize, "{executed}");
    assert!(noops > 30, "{noops}");
    assert!(leaders_at_once > 100, "{leaders_at_once}");
}

#[test]
fn random_runs_catch_the_broken_leaders() {
    for variant in [Variant::SkipPhase1, Variant::NoopFill] {
        let caught = (0..RUNS).find(|&seed| {
            run(seed, OPS_PER_RUN, &[variant])
                .0
                .monitor
                .broke(Invariant::TwoValuesChosen)
        });
        println!("{variant:?}: two values chosen in one slot first at seed {caught:?}");
        assert!(caught.is_some(), "{variant:?} never chose two values");
    }
}

/// A seed and its ops replay to the same world.
#[test]
fn a_multi_paxos_run_replays_from_its_seed_and_ops() {
    let (first, ops) = run(11, OPS_PER_RUN, &[]);
    let (_, mut sim) = multi_world(11, &[]);
    let mut events = Vec::new();
    for op in &ops {
        sim.apply(op, &mut events).expect("a recorded op replays");
    }
    assert_eq!(sim, first);
}
