//! Exhaustive model checking of the Paxos core with [`stateright`].
//!
//! The model (in `support/paxos_model.rs`, shared with `examples/bench.rs`) drives the real
//! [`paxos_lab::paxos::Node`] through every order of deliveries, duplications, losses, timer
//! firings, crashes and restarts within its bounds, and judges every step with the simulator's
//! own safety [`Monitor`](paxos_lab::sim::Monitor). Correct Paxos must be safe in every setup;
//! each broken teaching variant must be caught with a real disagreement, two values chosen at the
//! acceptors, which is shrunk and printed (`-- --nocapture`).
//!
//! The setups that run here are listed with their state counts and times in
//! `docs/model-check.md`, with the argument for forgetting spent messages in `retries twice`,
//! which two tests here check.

#[path = "support/paxos_model.rs"]
mod paxos_model;

use paxos_lab::paxos::{Ballot, Context, Effects, Message, Node, NodeId, Proposal, Slot, Variant};
use paxos_lab::quiz::challenge;
use paxos_lab::sim::{Decision, Invariant, Rng, Violation};
use paxos_lab::sorted::VecSet;
use paxos_model::*;
use stateright::Model;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

const THREADS: usize = 2;

/// Unique states (up to renaming of acceptors) of correct Paxos in each default setup and in
/// `retries_twice`. A change
/// of the protocol's behaviour, or of the model, changes these numbers.
const STATES: [(&str, usize); 6] = [
    ("crashes", 931_890),
    ("nacks", 60_268),
    ("relay", 317_198),
    ("even", 20_916),
    ("set", 82_138),
    ("retries twice", 2_307_651),
];

fn check(setup: Setup) {
    let name = setup.name;
    let faults = setup.max_faults;
    let outcome = check_correct(setup.clone(), THREADS);
    println!(
        "{name}: {} unique states ({} generated, depth {}) in {:.2?}, {:.0} states/s",
        outcome.unique_states,
        outcome.states,
        outcome.max_depth,
        outcome.elapsed,
        outcome.states_per_sec()
    );
    for (property, _) in ALWAYS {
        if let Some(path) = outcome.discoveries.get(property) {
            let steps: Vec<String> = path.iter().map(|a| describe(&setup, a)).collect();
            panic!("{name}: {property:?} broken by:\n{}", steps.join("\n"));
        }
    }
    // Not vacuous: the interesting states are reachable, and the paths there are real runs.
    let mut wanted = vec!["learned", "chosen before anyone learns"];
    if setup.proposers.len() >= 2 {
        wanted.push("two proposers in phase 2");
    }
    if faults >= 2 {
        wanted.push("chosen after a restart");
    }
    let model = PaxosModel::new(setup);
    for property in wanted {
        let path = outcome
            .discoveries
            .get(property)
            .unwrap_or_else(|| panic!("{name}: {property:?} is never reached"));
        let states = replay(&model, path).expect("the discovery replays");
        assert!(states.last().is_some());
    }
    let pinned = STATES
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a pinned count");
    assert_eq!(outcome.unique_states, pinned.1, "{name}");
}

#[test]
fn correct_paxos_is_safe_with_crashes_of_proposers_and_acceptors() {
    check(default_setups().remove(0));
}

#[test]
fn correct_paxos_is_safe_with_nacks() {
    check(default_setups().remove(1));
}

#[test]
fn correct_paxos_is_safe_with_a_relaying_learner_and_accept_to_all() {
    check(default_setups().remove(2));
}

#[test]
fn correct_paxos_is_safe_with_four_acceptors_and_accept_equal() {
    check(default_setups().remove(3));
}

/// Two retries by each proposer (ballots 1, 3, 5 and 2, 4, 6), in a model that forgets spent
/// messages; the tests below check that forgetting them is sound. About 30 s on 2 idle cores,
/// which would take the file past CI's budget for the model check: `#[ignore]`d, with its count
/// pinned all the same (`-- --ignored`).
#[test]
#[ignore]
fn correct_paxos_is_safe_with_two_retries_each() {
    check(retries_twice());
}

#[test]
fn correct_paxos_is_safe_with_a_set_of_relaying_learners() {
    check(default_setups().remove(4));
}

/// Finds, shrinks and prints the shortest path to two values chosen under a broken variant;
/// returns the path and the state it ends in.
fn counterexample(setup: Setup) -> (Vec<Action>, State) {
    let variants = setup.config.variants.clone();
    let outcome = find_two_values_chosen(setup.clone(), THREADS);
    let model = PaxosModel::new(setup.clone());
    let found = outcome
        .discoveries
        .get("agreement")
        .unwrap_or_else(|| panic!("{variants:?}: two values are never chosen"));
    let shortest = shrink(&model, found, |s| s.broke(Invariant::TwoValuesChosen));
    let last = replay(&model, &shortest)
        .and_then(|states| states.last().cloned())
        .expect("the shrunk path replays");
    println!(
        "{variants:?}: two values chosen, found after {} states in {:.2?}, {} steps (shrunk to {}); \
         chosen {:?}; violations {:?}",
        outcome.unique_states,
        outcome.elapsed,
        found.len(),
        shortest.len(),
        last.monitor.chosen(),
        last.monitor.violations(),
    );
    for (i, action) in shortest.iter().enumerate() {
        println!("  {:2}. {}", i + 1, describe(&setup, action));
    }
    let values: std::collections::BTreeSet<_> =
        last.monitor.chosen().iter().map(|p| &p.value).collect();
    assert_eq!(values.len(), 2, "{variants:?}: {:?}", last.monitor.chosen());
    (shortest, last)
}

fn prepares(state: &State) -> Vec<(NodeId, Ballot)> {
    state
        .network
        .iter()
        .filter_map(|s| match s.message {
            Message::Prepare { ballot, .. } => Some((s.from, ballot)),
            _ => None,
        })
        .collect()
}

#[test]
fn accept_first_chooses_two_values() {
    let (path, last) =
        counterexample(Setup::new("accept-first", 2, 3, 0).with(&[Variant::AcceptFirst]));
    // P1 alone: nobody ever prepared.
    assert!(prepares(&last).is_empty());
    // The page's challenge to break it gives a budget from this length.
    assert_eq!(path.len(), challenge::SHORTEST_ACCEPT_FIRST);
}

#[test]
fn no_adoption_chooses_two_values() {
    let (path, last) =
        counterexample(Setup::new("no-adoption", 2, 3, 0).with(&[Variant::NoAdoption]));
    // No crash is needed: ignoring the reported value is enough.
    assert!(!path.iter().any(|a| matches!(a, Action::Crash(_))));
    assert_eq!(path.len(), challenge::SHORTEST_NO_ADOPTION);
    assert!(!prepares(&last).is_empty());
}

#[test]
fn amnesia_chooses_two_values() {
    let mut setup = Setup::new("amnesia", 2, 3, 0).with(&[Variant::Amnesia]);
    setup.max_faults = 2;
    let (path, _) = counterexample(setup);
    // An acceptor that voted for the first value restarted with nothing.
    assert!(path.iter().any(|a| matches!(a, Action::Restart(_))));
}

#[test]
fn live_quorum_chooses_two_values() {
    // Phase 2 goes to every acceptor prepared, so an Accept can wait for a dead acceptor to
    // come back: the shortest way to a second majority without a retry.
    let mut setup = Setup::new("live-quorum", 2, 3, 0).with(&[Variant::LiveQuorum]);
    setup.config.accept_to_all = true;
    setup.max_faults = 3;
    setup.max_ballot = Ballot(2);
    let (path, _) = counterexample(setup);
    // A "majority" of the live acceptors only: two of the three were down at once.
    let crashes = path
        .iter()
        .filter(|a| matches!(a, Action::Crash(_)))
        .count();
    assert_eq!(crashes, 2);
}

#[test]
fn reused_ballots_choose_two_values() {
    let mut setup = Setup::new("reused-ballots", 2, 3, 0).with(&[Variant::ReusedBallots]);
    setup.max_ballot = Ballot(1);
    let (_, last) = counterexample(setup);
    // Both proposers prepared the same number, which the variant does not report by itself.
    let prepares = prepares(&last);
    let shared = prepares
        .iter()
        .any(|&(p, b)| prepares.iter().any(|&(q, c)| p != q && b == c));
    assert!(shared, "{prepares:?}");
    assert!(!last.broke(Invariant::ReusedBallot));
}

#[test]
fn amnesia_breaks_promises_at_once() {
    // Even before two values are chosen: restarting wipes a promise.
    let mut setup = Setup::new("amnesia", 2, 3, 0).with(&[Variant::Amnesia]);
    setup.max_faults = 2;
    let model = PaxosModel::new(setup);
    let path = [
        Action::Propose(NodeId(0)),
        Action::Deliver(Arc::new(Sent {
            from: NodeId(0),
            to: NodeId(2),
            message: Message::Prepare {
                ballot: Ballot(1),
                from: Slot::FIRST,
            },
        })),
        Action::Crash(NodeId(2)),
        Action::Restart(NodeId(2)),
    ];
    let states = replay(&model, &path).expect("a run of the model");
    let last = states.last().expect("a last state");
    assert!(last.broke(Invariant::PromiseDecreased));
    // The variant's own premise, lost storage, is not reported for itself.
    assert!(!last.broke(Invariant::LostDurableState));
    // The same run under correct Paxos keeps the promise.
    let mut correct = Setup::new("correct", 2, 3, 0);
    correct.max_faults = 2;
    let states = replay(&PaxosModel::new(correct), &path).expect("a run of the model");
    assert!(states
        .last()
        .expect("a state")
        .monitor
        .violations()
        .is_empty());
}

/// The symmetry reduction is sound only if the representative of a state is a renaming of it
/// with the same verdict, and canonical: every renaming of a state has the same representative.
#[test]
fn representative_is_a_canonical_renaming() {
    let model = PaxosModel::new(default_setups().remove(0));
    let mut rng = Rng::new(2024);
    let mut actions = Vec::new();
    let mut checked = 0;
    for _ in 0..200 {
        let mut state = model.init_states().remove(0);
        for _ in 0..30 {
            let rep = representative(&state);
            assert_eq!(representative(&rep), rep);
            assert_eq!(rep.monitor.violations(), state.monitor.violations());
            assert_eq!(rep.monitor.chosen(), state.monitor.chosen());
            assert_eq!(rep.network.len(), state.network.len());
            let mut successors = (Vec::new(), Vec::new());
            model.actions(&state, &mut successors.0);
            model.actions(&rep, &mut successors.1);
            assert_eq!(successors.0.len(), successors.1.len());
            // Every renaming of the acceptors has the same representative.
            let [a, b, c] = [NodeId(2), NodeId(3), NodeId(4)];
            for order in [[a, c, b], [b, a, c], [b, c, a], [c, a, b], [c, b, a]] {
                let renamed = rename_acceptors(&state, &order);
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

/// What a state says about the run, without the network and the timers: every node, what is
/// chosen, every decision and every violation.
type Verdict = (Vec<Node>, Vec<Proposal>, Vec<Decision>, Vec<Violation>);

fn verdict(state: &State) -> Verdict {
    let monitor = &state.monitor;
    (
        state.nodes.iter().map(|n| (**n).clone()).collect(),
        monitor.chosen().to_vec(),
        monitor.decisions().to_vec(),
        monitor.violations().to_vec(),
    )
}

/// Every verdict of a state reachable in `model` (no symmetry reduction), depth-first. States
/// are told apart by a 64-bit hash, as the checker does.
fn all_verdicts(model: &PaxosModel) -> HashSet<Verdict> {
    let hash = |state: &State| {
        let mut h = std::hash::DefaultHasher::new();
        state.hash(&mut h);
        h.finish()
    };
    let init = model.init_states();
    let mut seen: HashSet<u64> = init.iter().map(hash).collect();
    let mut verdicts: HashSet<Verdict> = init.iter().map(verdict).collect();
    let mut stack = init;
    let mut actions = Vec::new();
    while let Some(state) = stack.pop() {
        actions.clear();
        model.actions(&state, &mut actions);
        for action in actions.drain(..) {
            if let Some(next) = model.next_state(&state, action) {
                if seen.insert(hash(&next)) {
                    verdicts.insert(verdict(&next));
                    stack.push(next);
                }
            }
        }
    }
    verdicts
}

/// Forgetting spent messages, timers and hopeless proposals changes no node and no verdict that
/// can be reached: exhaustively, within small bounds, with NACKs and without.
#[test]
fn forgetting_spent_messages_reaches_the_same_nodes_and_verdicts() {
    for (nacks, max_ballot) in [(false, 3), (true, 2)] {
        let mut setup = retries_twice();
        setup.config.nacks = nacks;
        setup.max_ballot = Ballot(max_ballot);
        let forgetting = all_verdicts(&PaxosModel::new(setup.clone()));
        setup.forget_spent = false;
        let keeping = all_verdicts(&PaxosModel::new(setup));
        println!(
            "NACKs {nacks}, ballots ≤ {max_ballot}: {} verdicts",
            keeping.len()
        );
        assert!(keeping.len() > 1000, "{}", keeping.len());
        if forgetting != keeping {
            let only_f: Vec<_> = forgetting.difference(&keeping).take(2).collect();
            let only_k: Vec<_> = keeping.difference(&forgetting).take(2).collect();
            println!("only forgetting {only_f:#?}, only keeping {only_k:#?}");
        }
        assert!(
            forgetting == keeping,
            "NACKs {nacks}, ballots ≤ {max_ballot}"
        );
    }
}

/// Along random runs of the model that forgets nothing, with two retries each and NACKs on or
/// off, whatever `forget_spent` would forget stays without effect from then on: the message,
/// delivered, changes no node and sends nothing new; the timer, fired, does nothing; the
/// hopeless proposal is never accepted again, nor chosen.
#[test]
fn what_is_forgotten_stays_without_effect() {
    let mut rng = Rng::new(7);
    let mut actions = Vec::new();
    let mut checked = 0;
    for nacks in [false, true] {
        let mut setup = retries_twice();
        setup.config.nacks = nacks;
        setup.forget_spent = false;
        let model = PaxosModel::new(setup.clone());
        let config = &setup.config;
        for _ in 0..300 {
            let mut state = model.init_states().remove(0);
            let mut spent: BTreeSet<Arc<Sent>> = BTreeSet::new();
            let mut over: BTreeSet<(NodeId, Ballot)> = BTreeSet::new();
            let mut hopeless: BTreeMap<Proposal, VecSet<NodeId>> = BTreeMap::new();
            for _ in 0..80 {
                let ctx = Context {
                    config,
                    live_acceptors: setup.acceptors.len(),
                    taken: state.monitor.taken(),
                };
                for sent in &spent {
                    let mut node = state.node(sent.to).clone();
                    let fx = node.handle(sent.from, sent.message.clone(), ctx);
                    let quiet = node == *state.node(sent.to) && state.already_has(sent.to, &fx);
                    assert!(quiet, "{sent:?} had an effect: {fx:?}");
                    checked += 1;
                }
                for &(id, ballot) in &over {
                    let mut node = state.node(id).clone();
                    let fx = node.on_timeout(ballot, ctx);
                    assert!(node == *state.node(id) && fx == Effects::default());
                }
                let accepted: BTreeMap<&Proposal, &VecSet<NodeId>> =
                    state.monitor.unchosen_acceptances().collect();
                for (p, by) in &hopeless {
                    assert!(!state.monitor.chosen().contains(p), "{p} chosen");
                    assert_eq!(accepted.get(p), Some(&by), "{p} accepted again");
                }
                spent.extend(
                    state
                        .network
                        .iter()
                        .filter(|s| state.spent(&setup, s))
                        .cloned(),
                );
                over.extend(
                    state
                        .timers
                        .iter()
                        .filter(|&&(id, b)| !State::unfinished(state.node(id), b)),
                );
                for p in state.hopeless(&setup) {
                    let by = accepted.get(&p).map(|by| (*by).clone()).expect("accepted");
                    hopeless.entry(p).or_insert(by);
                }
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
    }
    assert!(checked > 10_000, "{checked}");
}
