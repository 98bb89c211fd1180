//! Exhaustive model checking of Multi-Paxos with [`stateright`]: the real leader, acceptor and
//! replica code (`support/multi_model.rs`) through every order of deliveries, duplications,
//! losses, leader changes and crashes within the bounds, judged by the simulator's own safety
//! monitor. Correct Multi-Paxos is safe: in every slot at most one value is chosen, a no-op only
//! where nothing was chosen, and every executed log is a prefix of every other. Each broken
//! variant is caught with a real disagreement, two values chosen in one slot, shortest first.
//! `docs/model-check.md` lists the counts and times.

#[path = "support/multi_model.rs"]
mod multi_model;

use multi_model::*;
use paxos_lab::paxos::Variant;
use paxos_lab::sim::Invariant;

const THREADS: usize = 2;

/// Unique states of correct Multi-Paxos in each setup. A change of the protocol's behaviour,
/// or of the model, changes these numbers. `three slots` has not yet been run to its end (more
/// than 15 minutes on 2 busy cores): its count is to be pinned once it has.
const STATES: [(&str, Option<usize>); 3] = [
    ("two leaders", Some(307_680)),
    ("three slots", None),
    ("reconfiguration", Some(1_071_829)),
];

fn check(setup: Setup, wanted: &[&str]) {
    let name = setup.name;
    let outcome = check_correct(setup.clone(), THREADS);
    println!(
        "{name}: {} unique states ({} generated, depth {}) in {:.2?}",
        outcome.unique_states, outcome.states, outcome.max_depth, outcome.elapsed,
    );
    for (property, _) in ALWAYS {
        if let Some(path) = outcome.discoveries.get(property) {
            let steps: Vec<String> = path.iter().map(|a| describe(&setup, a)).collect();
            panic!("{name}: {property:?} broken by:\n{}", steps.join("\n"));
        }
    }
    // Not vacuous: the interesting states are reachable, and the paths there are real runs.
    let model = MultiModel {
        setup: setup.clone(),
    };
    for &property in wanted {
        let path = outcome
            .discoveries
            .get(property)
            .unwrap_or_else(|| panic!("{name}: {property:?} is never reached"));
        assert!(replay(&model, path).is_some(), "{property}");
    }
    let pinned = STATES.iter().find(|(n, _)| *n == name).expect("a setup");
    if let Some(count) = pinned.1 {
        assert_eq!(outcome.unique_states, count, "{name}");
    }
}

/// What every setup reaches.
const REACHED: [&str; 4] = [
    "two slots chosen",
    "a command chosen again by a new leader",
    "both replicas executed two slots",
    "two leaders in phase 2",
];

#[test]
fn correct_multi_paxos_is_safe_with_two_leaders_and_a_crash() {
    check(small(), &REACHED);
}

/// Three slots, where a new leader fills a gap with a no-op: slower, so `#[ignore]`d, with its
/// count pinned all the same (`-- --ignored`).
#[test]
#[ignore]
fn correct_multi_paxos_is_safe_with_three_slots_and_a_no_op() {
    let mut wanted = REACHED.to_vec();
    wanted.push("a no-op chosen");
    check(larger(), &wanted);
}

/// One reconfiguration, A4 replaced by A5 with α = 1, while a second leader may take over: every
/// slot still has at most one value chosen, counted among that slot's acceptors. No symmetry
/// reduction: the command names acceptors.
#[test]
fn correct_multi_paxos_is_safe_across_a_reconfiguration() {
    check(
        reconfiguration(),
        &["two slots chosen", "both replicas executed two slots"],
    );
}

/// Finds and prints a shortest path to two values chosen in one slot under `variant`.
fn counterexample(variant: Variant) -> Vec<Action> {
    let setup = larger().with(&[variant]);
    let outcome = find_two_values_chosen(setup.clone(), THREADS);
    let model = MultiModel {
        setup: setup.clone(),
    };
    let found = outcome
        .discoveries
        .get(ALWAYS[0].0)
        .unwrap_or_else(|| panic!("{variant:?}: two values are never chosen in one slot"));
    let path = shrink(&model, found, |s| s.broke(Invariant::TwoValuesChosen));
    let last = replay(&model, &path)
        .and_then(|states| states.last().cloned())
        .expect("the path replays");
    assert!(last.broke(Invariant::TwoValuesChosen));
    println!(
        "{variant:?}: two values chosen in one slot, found after {} states in {:.2?}, {} steps \
         (shrunk to {}); violations {:?}",
        outcome.unique_states,
        outcome.elapsed,
        found.len(),
        path.len(),
        last.monitor.violations(),
    );
    for (i, action) in path.iter().enumerate() {
        println!("  {:2}. {}", i + 1, describe(&setup, action));
    }
    path
}

#[test]
fn a_leader_that_skips_phase_1_gets_two_values_chosen() {
    let path = counterexample(Variant::SkipPhase1);
    // Both leaders led: the second, not knowing the first's command was chosen, overwrote it.
    let leads = path.iter().filter(|a| matches!(a, Action::Lead(_))).count();
    assert_eq!(leads, 2);
}

#[test]
fn a_leader_that_fills_gaps_without_asking_overwrites_a_chosen_command() {
    let path = counterexample(Variant::NoopFill);
    assert!(path.iter().any(|a| matches!(a, Action::Lead(_))));
}
