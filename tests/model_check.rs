//! Exhaustive model checking of the Paxos core with [`stateright`].
//!
//! The model (in `support/paxos_model.rs`, shared with `examples/bench.rs`) drives the real
//! [`paxos_lab::paxos::Node`] through every order of deliveries, duplications, losses, timer
//! firings, crashes and restarts within its bounds, and judges every state with the simulator's
//! own safety checker. Correct Paxos must be safe in all of them; each broken teaching variant
//! must be caught with a counterexample, which is shrunk and printed (`-- --nocapture`).

#[path = "support/paxos_model.rs"]
mod paxos_model;

use paxos_lab::paxos::{Ballot, Message, NodeId, Value, Variant};
use paxos_lab::sim::{safety, Rng, Violation};
use paxos_model::*;
use stateright::Model;
use std::collections::BTreeSet;
use std::sync::Arc;

const THREADS: usize = 2;

/// Unique states (up to renaming of acceptors) of correct Paxos within the model's bounds.
/// A change of the protocol's behaviour, or of the model, changes this number.
const CORRECT_STATES: usize = 496_872;

#[test]
fn correct_paxos_is_safe_in_every_reachable_state() {
    let outcome = check_correct(THREADS);
    println!(
        "correct Paxos: {} unique states ({} generated, depth {}) in {:.2?}, {:.0} states/s",
        outcome.unique_states,
        outcome.states,
        outcome.max_depth,
        outcome.elapsed,
        outcome.states_per_sec()
    );
    for property in ["safe", "agreement"] {
        if let Some(path) = outcome.discoveries.get(property) {
            let steps: Vec<String> = path.iter().map(describe).collect();
            panic!("{property:?} broken by:\n{}", steps.join("\n"));
        }
    }
    // Not vacuous: a value does get chosen, and the path there is a real run of the model.
    let path = outcome
        .discoveries
        .get("value chosen")
        .expect("a value can be chosen");
    let model = PaxosModel::new(&[]);
    let states = replay(&model, path).expect("the discovery replays");
    let last = states.last().expect("a last state");
    assert!(!last.decisions.is_empty());
    assert!(last.safety().is_ok());
    assert_eq!(outcome.unique_states, CORRECT_STATES);
}

/// Finds, shrinks and prints the counterexamples of a broken variant; returns the shrunk path to
/// two values chosen, and the state it ends in.
fn counterexample(variant: Variant) -> (Vec<Action>, State) {
    let outcome = find_counterexamples(variant, THREADS);
    let model = PaxosModel::new(&[variant]);
    let unsafe_path = outcome
        .discoveries
        .get("safe")
        .unwrap_or_else(|| panic!("{variant:?}: no counterexample to \"safe\""));
    let two_values = outcome
        .discoveries
        .get("agreement")
        .unwrap_or_else(|| panic!("{variant:?}: two values are never chosen"));
    let shortest_unsafe = shrink(&model, unsafe_path, |s| s.safety().is_err());
    let shortest = shrink(&model, two_values, |s| {
        safety::agreement(&s.decisions).is_err()
    });
    let last = replay(&model, &shortest)
        .and_then(|states| states.last().cloned())
        .expect("the shrunk path replays");
    println!(
        "{variant:?}: found after {} states in {:.2?}; unsafe after {} steps (shrunk to {}), \
         two values chosen after {} steps (shrunk to {}): {:?}",
        outcome.unique_states,
        outcome.elapsed,
        unsafe_path.len(),
        shortest_unsafe.len(),
        two_values.len(),
        shortest.len(),
        last.safety().unwrap_err(),
    );
    for (i, action) in shortest.iter().enumerate() {
        println!("  {:2}. {}", i + 1, describe(action));
    }
    let values: BTreeSet<&Value> = last.decisions.iter().map(|d| &d.value).collect();
    assert_eq!(values.len(), 2, "{variant:?}: {:?}", last.decisions);
    assert!(matches!(last.safety(), Err(Violation::Agreement { .. })));
    (shortest, last)
}

fn prepares(state: &State) -> Vec<(NodeId, Ballot)> {
    state
        .network
        .iter()
        .filter_map(|s| match s.message {
            Message::Prepare { ballot } => Some((s.from, ballot)),
            _ => None,
        })
        .collect()
}

#[test]
fn accept_first_chooses_two_values() {
    let (_, last) = counterexample(Variant::AcceptFirst);
    // P1 alone: nobody ever prepared.
    assert!(prepares(&last).is_empty());
}

#[test]
fn no_adoption_chooses_two_values() {
    let (path, _) = counterexample(Variant::NoAdoption);
    // No crash is needed: ignoring the reported value is enough.
    assert!(!path.iter().any(|a| matches!(a, Action::Crash(_))));
}

#[test]
fn amnesia_chooses_two_values() {
    let (path, _) = counterexample(Variant::Amnesia);
    // An acceptor that voted for the first value restarted with nothing.
    assert!(path.iter().any(|a| matches!(a, Action::Restart(_))));
}

#[test]
fn amnesia_breaks_promises_at_once() {
    // Even before two values are chosen: restarting wipes a promise.
    let model = PaxosModel::new(&[Variant::Amnesia]);
    let path = [
        Action::Propose(NodeId(0)),
        Action::Deliver(Arc::new(Sent {
            from: NodeId(0),
            to: NodeId(2),
            message: Message::Prepare { ballot: Ballot(1) },
        })),
        Action::Crash(NodeId(2)),
        Action::Restart(NodeId(2)),
    ];
    let states = replay(&model, &path).expect("a run of the model");
    assert!(matches!(
        states.last().map(State::safety),
        Some(Err(Violation::PromiseDecreased { .. }))
    ));
    // The same run under correct Paxos keeps the promise.
    let states = replay(&PaxosModel::new(&[]), &path).expect("a run of the model");
    assert_eq!(states.last().map(State::safety), Some(Ok(())));
}

#[test]
fn live_quorum_chooses_two_values() {
    let (path, _) = counterexample(Variant::LiveQuorum);
    // A "majority" of the live acceptors only: two of the three must have been down.
    let crashes = path
        .iter()
        .filter(|a| matches!(a, Action::Crash(_)))
        .count();
    assert_eq!(crashes, 2);
}

#[test]
fn reused_ballots_choose_two_values() {
    let (_, last) = counterexample(Variant::ReusedBallots);
    // Both proposers prepared the same number.
    let prepares = prepares(&last);
    let shared = prepares
        .iter()
        .any(|&(p, b)| prepares.iter().any(|&(q, c)| p != q && b == c));
    assert!(shared, "{prepares:?}");
}

/// The symmetry reduction is sound only if the representative of a state is a renaming of it
/// with the same verdict, and canonical: every renaming of a state has the same representative.
#[test]
fn representative_is_a_canonical_renaming() {
    let model = PaxosModel::new(&[]);
    let mut rng = Rng::new(2024);
    let mut actions = Vec::new();
    let mut checked = 0;
    for _ in 0..200 {
        let mut state = model.init_states().remove(0);
        for _ in 0..30 {
            let rep = representative(&state);
            assert_eq!(representative(&rep), rep);
            assert_eq!(rep.safety(), state.safety());
            assert_eq!(rep.decisions, state.decisions);
            assert_eq!(rep.network.len(), state.network.len());
            let mut successors = (Vec::new(), Vec::new());
            model.actions(&state, &mut successors.0);
            model.actions(&rep, &mut successors.1);
            assert_eq!(successors.0.len(), successors.1.len());
            // Every renaming of the acceptors has the same representative.
            let [a, b, c] = ACCEPTORS;
            for order in [[a, c, b], [b, a, c], [b, c, a], [c, a, b], [c, b, a]] {
                let renamed = rename_acceptors(&state, order);
                assert_eq!(representative(&renamed), rep);
            }
            checked += 1;
            actions.clear();
            model.actions(&state, &mut actions);
            if actions.is_empty() {
                break;
            }
            let pick = actions[rng.upto(actions.len() as u32 - 1) as usize].clone();
            if let Some(next) = model.next_state(&state, pick) {
                state = next;
            }
        }
    }
    assert!(checked > 1000);
}
