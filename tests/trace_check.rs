//! An independent check of traces, written only from `docs/trace.md`.
//!
//! The checker here reads a trace as plain JSON and never calls the simulator's safety module:
//! it rebuilds every acceptor's state from the `acted` events, counts acceptances itself, works
//! out which proposals are chosen, and holds the trace to it. It checks the traces of every
//! built-in scenario and of random runs, correct and broken, and agrees with the simulator's
//! own `chosen`, `decided` and `unsafe` events.

#[path = "support/random_ops.rs"]
mod random_ops;

use paxos_lab::paxos::Variant;
use paxos_lab::scenario::{Scenario, BUILTIN};
use paxos_lab::sim::History;
use random_ops::{random_op, world};
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

/// A proposal as the trace writes it: `(ballot, value)`.
type Proposal = (u64, String);

/// What the independent checker concluded about one trace.
#[derive(Debug, Default)]
struct Verdict {
    /// Proposals chosen, in order.
    chosen: Vec<Proposal>,
    /// Problems found, in words.
    problems: Vec<String>,
    /// The invariants the trace's own `unsafe` events name.
    reported: BTreeSet<String>,
}

fn proposal(p: &Json) -> Option<Proposal> {
    Some((p["ballot"].as_u64()?, p["value"].as_str()?.to_owned()))
}

/// Checks one trace, a JSON array of events, as docs/trace.md describes them.
fn check_trace(trace: &Json) -> Verdict {
    let events = trace.as_array().expect("a trace is an array");
    let mut verdict = Verdict::default();
    let began = &events[0];
    assert_eq!(began["kind"], "began", "the first event is `began`");
    assert_eq!(began["id"], 0);
    assert_eq!(began["format"], 2);
    let config = &began["config"];
    let acceptors: BTreeSet<u64> = config["acceptors"]
        .as_array()
        .expect("acceptors")
        .iter()
        .map(|a| a.as_u64().expect("a node"))
        .collect();
    let mut variants: BTreeSet<String> = config["variants"]
        .as_array()
        .expect("variants")
        .iter()
        .map(|v| v.as_str().expect("a name").to_owned())
        .collect();
    // Per node: (promised, accepted, max_used), as the last `acted` or `restarted` said.
    type State = (u64, Option<Proposal>, u64);
    let mut state: BTreeMap<u64, State> = BTreeMap::new();
    let mut at_crash: BTreeMap<u64, State> = BTreeMap::new();
    let mut accepted_by: BTreeMap<Proposal, BTreeSet<u64>> = BTreeMap::new();
    let mut announced: Vec<Proposal> = Vec::new();
    let mut owner: BTreeMap<u64, u64> = BTreeMap::new();
    let read = |s: &Json| -> State {
        (
            s["promised"].as_u64().expect("promised"),
            proposal(&s["accepted"]),
            s["max_used"].as_u64().expect("max_used"),
        )
    };
    let problem = |verdict: &mut Verdict, what: String| verdict.problems.push(what);
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e["id"].as_u64(), Some(i as u64), "ids count from 0");
        match e["kind"].as_str().expect("a kind") {
            "switched" => {
                let name = e["switch"].as_str().expect("a switch").to_owned();
                if e["on"] == true {
                    variants.insert(name);
                } else {
                    variants.remove(&name);
                }
            }
            "sent" => {
                let env = &e["envelope"];
                let starts = env["message"]["type"] == "prepare"
                    || (env["message"]["type"] == "accept" && variants.contains("accept-first"));
                if starts {
                    let (b, from) = (
                        env["message"]["ballot"].as_u64().expect("a ballot"),
                        env["from"].as_u64().expect("a sender"),
                    );
                    // One attempt sends its Prepare to several acceptors from one event batch;
                    // a Prepare of the same number from another node is a reused number.
                    match owner.get(&b) {
                        Some(&first) if first != from && !variants.contains("reused-ballots") => {
                            problem(
                                &mut verdict,
                                format!("ballot {b} used by {first} and {from}"),
                            )
                        }
                        _ => {
                            owner.entry(b).or_insert(from);
                        }
                    }
                }
            }
            "acted" => {
                let node = e["node"].as_u64().expect("a node");
                let now = read(&e["state"]);
                let before = state.get(&node).cloned().unwrap_or_default();
                if now.0 < before.0 {
                    problem(
                        &mut verdict,
                        format!("{node}'s promise fell below {}", before.0),
                    );
                }
                if let Some(p) = &now.1 {
                    if now.1 != before.1 {
                        if p.0 < before.0 {
                            problem(
                                &mut verdict,
                                format!("{node} accepted {p:?} below its promise {}", before.0),
                            );
                        }
                        let by = accepted_by.entry(p.clone()).or_default();
                        by.insert(node);
                        let quorum = if variants.contains("accept-first") {
                            1
                        } else {
                            acceptors.len() / 2 + 1
                        };
                        if by.len() >= quorum && !verdict.chosen.contains(p) {
                            verdict.chosen.push(p.clone());
                        }
                    }
                }
                state.insert(node, now);
            }
            "chosen" => {
                let p = (
                    e["ballot"].as_u64().expect("a ballot"),
                    e["value"].as_str().expect("a value").to_owned(),
                );
                let by: BTreeSet<u64> = e["acceptors"]
                    .as_array()
                    .expect("acceptors")
                    .iter()
                    .map(|a| a.as_u64().expect("a node"))
                    .collect();
                if !verdict.chosen.contains(&p) || accepted_by.get(&p) != Some(&by) {
                    problem(
                        &mut verdict,
                        format!("`chosen` {p:?} by {by:?} is not what I count"),
                    );
                }
                announced.push(p);
            }
            "decided" => {
                let p = (
                    e["ballot"].as_u64().expect("a ballot"),
                    e["value"].as_str().expect("a value").to_owned(),
                );
                if !verdict.chosen.contains(&p) {
                    problem(&mut verdict, format!("decided {p:?}, which is not chosen"));
                }
            }
            "killed" => {
                let node = e["node"].as_u64().expect("a node");
                at_crash.insert(node, state.get(&node).cloned().unwrap_or_default());
            }
            "restarted" => {
                let node = e["node"].as_u64().expect("a node");
                let kept = read(&e["kept"]);
                let before = at_crash.remove(&node).unwrap_or_default();
                if e["amnesia"] == true {
                    if kept != State::default() {
                        problem(&mut verdict, format!("{node} kept {kept:?} under amnesia"));
                    }
                } else if kept != before {
                    problem(
                        &mut verdict,
                        format!("{node} restarted with {kept:?}, not {before:?}"),
                    );
                }
                state.insert(node, kept);
            }
            "unsafe" => {
                let name = e["violation"]["invariant"].as_str().expect("a name");
                verdict.reported.insert(name.to_owned());
            }
            _ => {}
        }
    }
    let values: BTreeSet<String> = verdict.chosen.iter().map(|(_, v)| v.clone()).collect();
    if values.len() > 1 {
        problem(&mut verdict, format!("two values chosen: {values:?}"));
    }
    assert_eq!(
        announced, verdict.chosen,
        "every chosen proposal is announced, in order"
    );
    verdict
}

fn json_of(history: &History) -> Json {
    serde_json::to_value(history.events()).expect("a trace to JSON")
}

#[test]
fn every_builtin_trace_checks_out() {
    for (name, text) in BUILTIN {
        let tour = Scenario::load(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        if tour.initial.config.multi.is_some() {
            // Format 3, Multi-Paxos: this checker reads format 2, the single decree.
            continue;
        }
        let mut history = History::new(tour.initial.clone());
        for op in tour.steps.iter().flatten() {
            history.apply(op.clone()).expect("a compiled tour replays");
        }
        let verdict = check_trace(&json_of(&history));
        let broken = !tour.initial.config.variants.is_empty();
        if broken {
            // A broken tour: whatever the checker finds, the trace reports too.
            let two = verdict.problems.iter().any(|p| p.starts_with("two values"));
            assert_eq!(
                two,
                verdict.reported.contains("two-values-chosen"),
                "{name}: {:?} vs {:?}",
                verdict.problems,
                verdict.reported
            );
        } else {
            assert!(
                verdict.problems.is_empty(),
                "{name}: {:?}",
                verdict.problems
            );
            assert!(
                verdict.reported.is_empty(),
                "{name}: {:?}",
                verdict.reported
            );
        }
        println!("{name}: chosen {:?}", verdict.chosen);
    }
}

/// A random run of `ops` operations, recorded in a history.
fn random_history(seed: u64, ops: usize, variants: &[Variant]) -> History {
    let (mut rng, sim) = world(seed, variants);
    let mut history = History::new(sim);
    for _ in 0..ops {
        let op = random_op(&mut rng, history.current());
        let _ = history.apply(op);
    }
    history
}

#[test]
fn random_correct_traces_check_out() {
    let mut chosen_runs = 0;
    for seed in 0..300 {
        let history = random_history(seed, 300, &[]);
        let verdict = check_trace(&json_of(&history));
        assert!(
            verdict.problems.is_empty(),
            "seed {seed}: {:?}",
            verdict.problems
        );
        assert!(
            verdict.reported.is_empty(),
            "seed {seed}: {:?}",
            verdict.reported
        );
        chosen_runs += usize::from(!verdict.chosen.is_empty());
    }
    assert!(chosen_runs > 150, "{chosen_runs} of 300 runs chose a value");
}

#[test]
fn random_broken_traces_agree_with_the_simulator_on_two_values_chosen() {
    for variant in Variant::SINGLE_DECREE {
        let mut found = 0;
        for seed in 0..300 {
            let history = random_history(seed, 300, &[variant]);
            let verdict = check_trace(&json_of(&history));
            let two = verdict.problems.iter().any(|p| p.starts_with("two values"));
            assert_eq!(
                two,
                verdict.reported.contains("two-values-chosen"),
                "{variant:?}, seed {seed}: {:?} vs {:?}",
                verdict.problems,
                verdict.reported
            );
            found += usize::from(two);
        }
        assert!(found > 0, "{variant:?}: no run chose two values");
        println!("{variant:?}: two values chosen in {found} of 300 runs");
    }
}
