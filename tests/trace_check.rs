//! An independent check of traces, written only from `docs/trace.md`.
//!
//! The checker here reads a trace as plain JSON and never calls the simulator's safety module:
//! it rebuilds every acceptor's state from the `acted` events, counts acceptances itself, works
//! out which proposals are chosen, and holds the trace to it. It checks the traces of every
//! built-in scenario and of random runs, correct and broken, and agrees with the simulator's
//! own `chosen`, `decided` and `unsafe` events. Multi-Paxos traces (format 3) have a checker of
//! their own: slots, the initial log of `began.log`, reconfigurations and executions.

#[path = "support/random_ops.rs"]
mod random_ops;

use paxos_lab::paxos::Variant;
use paxos_lab::scenario::{Scenario, BUILTIN};
use paxos_lab::sim::History;
use random_ops::{multi_world, random_multi_op, random_op, world};
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
            continue; // Format 3: `every_multi_paxos_trace_checks_out`.
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

/// A Multi-Paxos proposal as format 3 writes it: `(slot, ballot, value)`, the slot 1 if absent.
type SlotProposal = (u64, u64, String);

fn slot_proposal(p: &Json) -> SlotProposal {
    (
        p["slot"].as_u64().unwrap_or(1),
        p["ballot"].as_u64().expect("a ballot"),
        p["value"].as_str().expect("a value").to_owned(),
    )
}

/// What the format-3 checker concluded: the proposals chosen, in order, and problems in words.
#[derive(Debug, Default)]
struct MultiVerdict {
    chosen: Vec<SlotProposal>,
    problems: Vec<String>,
    reported: BTreeSet<String>,
}

/// Checks a Multi-Paxos trace (format 3) as docs/trace.md describes it: the initial log of
/// `began.log`, every acceptor's accepted proposals from its `acted` states, a slot's value chosen
/// when a majority of that slot's acceptors accepted it (a `config` command chosen in slot i sets
/// them from slot i+α on), every `chosen` event what it counts, every `decided` and `executed`
/// command chosen, and each replica executing slots in order, as every other replica did.
fn check_multi_trace(trace: &Json) -> MultiVerdict {
    let events = trace.as_array().expect("a trace is an array");
    let mut verdict = MultiVerdict::default();
    let began = &events[0];
    assert_eq!(
        (&began["kind"], &began["format"]),
        (&Json::from("began"), &Json::from(3))
    );
    let config = &began["config"];
    let ids = |list: &Json| -> Vec<u64> {
        list.as_array()
            .expect("a list")
            .iter()
            .map(|a| a.as_u64().expect("a node"))
            .collect()
    };
    let configured = ids(&config["acceptors"]);
    let multi = &config["multi"];
    let alpha = multi["alpha"].as_u64().expect("alpha");
    // Left out when empty: no `config` command can name a node then.
    let names: Vec<String> = multi["names"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| n.as_str().expect("a name").to_owned())
        .collect();
    let mut accepted_by: BTreeMap<SlotProposal, BTreeSet<u64>> = BTreeMap::new();
    let mut held: BTreeMap<u64, BTreeSet<SlotProposal>> = BTreeMap::new();
    // The acceptors of `slot`, from the `config` commands chosen so far.
    let acceptors_at = |chosen: &[SlotProposal], slot: u64| -> Vec<u64> {
        chosen
            .iter()
            .filter(|(s, _, _)| s + alpha <= slot)
            .filter_map(|(s, _, v)| {
                let list = v.strip_prefix("config ")?;
                let set: Option<Vec<u64>> = list
                    .split(',')
                    .map(|n| names.iter().position(|m| m == n).map(|i| i as u64))
                    .collect();
                Some((*s, set?))
            })
            .max_by_key(|(s, _)| *s)
            .map_or_else(|| configured.clone(), |(_, set)| set)
    };
    let accept = |verdict: &mut MultiVerdict,
                  accepted_by: &mut BTreeMap<SlotProposal, BTreeSet<u64>>,
                  node: u64,
                  p: SlotProposal| {
        let by = accepted_by.entry(p.clone()).or_default();
        by.insert(node);
        let set = acceptors_at(&verdict.chosen, p.0);
        let count = by.iter().filter(|a| set.contains(a)).count();
        if count > set.len() / 2 && !verdict.chosen.contains(&p) {
            verdict.chosen.push(p);
        }
    };
    let log = &began["log"];
    for run in log["accepted"].as_array().into_iter().flatten() {
        for slot in run["from"].as_u64().expect("from")..=run["to"].as_u64().expect("to") {
            let p = (
                slot,
                run["ballot"].as_u64().expect("a ballot"),
                run["command"].as_str().expect("a command").to_owned(),
            );
            for node in ids(&run["by"]) {
                held.entry(node).or_default().insert(p.clone());
                accept(&mut verdict, &mut accepted_by, node, p.clone());
            }
        }
    }
    // Chosen before the first event: no `chosen` event is written for these.
    let initially = verdict.chosen.len();
    // Each replica's executed watermark, and the first execution of each slot.
    let mut executed_to: BTreeMap<u64, u64> = BTreeMap::new();
    for run in log["known"].as_array().into_iter().flatten() {
        let (from, to) = (
            run["from"].as_u64().expect("from"),
            run["to"].as_u64().expect("to"),
        );
        for node in ids(&run["nodes"]) {
            let upto = executed_to.entry(node).or_default();
            if *upto + 1 >= from {
                *upto = (*upto).max(to);
            }
        }
    }
    let mut first_execution: BTreeMap<u64, (String, String)> = BTreeMap::new();
    let mut announced: Vec<SlotProposal> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e["id"].as_u64(), Some(i as u64), "ids count from 0");
        match e["kind"].as_str().expect("a kind") {
            "acted" | "restarted" => {
                let node = e["node"].as_u64().expect("a node");
                let state = if e["kind"] == "acted" {
                    &e["state"]
                } else {
                    &e["kept"]
                };
                let now: BTreeSet<SlotProposal> = state["accepted"]
                    .as_object()
                    .map(|_| slot_proposal(&state["accepted"]))
                    .into_iter()
                    .chain(
                        state["later"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(slot_proposal),
                    )
                    .collect();
                let before = held.get(&node).cloned().unwrap_or_default();
                for p in now.difference(&before) {
                    accept(&mut verdict, &mut accepted_by, node, p.clone());
                }
                held.insert(node, now);
            }
            "chosen" => {
                let p = slot_proposal(e);
                let by: BTreeSet<u64> = ids(&e["acceptors"]).into_iter().collect();
                if !verdict.chosen.contains(&p) || accepted_by.get(&p) != Some(&by) {
                    verdict
                        .problems
                        .push(format!("`chosen` {p:?} by {by:?} is not what I count"));
                }
                announced.push(p);
            }
            "decided" => {
                let p = slot_proposal(e);
                if !verdict.chosen.contains(&p) {
                    verdict
                        .problems
                        .push(format!("decided {p:?}, which is not chosen"));
                }
            }
            "executed" => {
                let node = e["node"].as_u64().expect("a node");
                let slot = e["slot"].as_u64().expect("a slot");
                let command = e["command"].as_str().expect("a command").to_owned();
                let upto = executed_to.entry(node).or_default();
                if slot != *upto + 1 {
                    verdict
                        .problems
                        .push(format!("{node} executed slot {slot} after {upto}"));
                }
                *upto = slot;
                if !verdict
                    .chosen
                    .iter()
                    .any(|(s, _, v)| *s == slot && *v == command)
                {
                    verdict
                        .problems
                        .push(format!("{node} executed {command} in {slot}, not chosen"));
                }
                let state = e["state"].as_str().expect("a state").to_owned();
                let first = first_execution
                    .entry(slot)
                    .or_insert((command.clone(), state.clone()));
                if *first != (command, state) {
                    verdict
                        .problems
                        .push(format!("replicas disagree on slot {slot}"));
                }
            }
            "killed" => {
                // A crash forgets what a replica executed; it starts again from the first slot.
                executed_to.remove(&e["node"].as_u64().expect("a node"));
            }
            "unsafe" => {
                let name = e["violation"]["invariant"].as_str().expect("a name");
                verdict.reported.insert(name.to_owned());
            }
            _ => {}
        }
    }
    let mut per_slot: BTreeMap<u64, BTreeSet<&str>> = BTreeMap::new();
    for (slot, _, value) in &verdict.chosen {
        per_slot.entry(*slot).or_default().insert(value);
    }
    let two: Vec<String> = per_slot
        .iter()
        .filter(|(_, values)| values.len() > 1)
        .map(|(slot, values)| format!("two values chosen in slot {slot}: {values:?}"))
        .collect();
    verdict.problems.extend(two);
    assert_eq!(
        announced,
        verdict.chosen[initially..],
        "every proposal chosen in the run is announced, in order"
    );
    verdict
}

#[test]
fn every_multi_paxos_trace_checks_out() {
    let mut checked = 0;
    for (name, text) in BUILTIN {
        let tour = Scenario::load(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        if tour.initial.config.multi.is_none() {
            continue;
        }
        let mut history = History::new(tour.initial.clone());
        for op in tour.steps.iter().flatten() {
            history.apply(op.clone()).expect("a compiled tour replays");
        }
        let verdict = check_multi_trace(&json_of(&history));
        let two = verdict.problems.iter().any(|p| p.starts_with("two values"));
        assert_eq!(
            two,
            verdict.reported.contains("two-values-chosen"),
            "{name}: {:?}",
            verdict.problems
        );
        if tour.initial.config.variants.is_empty() {
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
        assert!(!verdict.chosen.is_empty(), "{name}: nothing chosen");
        println!("{name}: {} proposals chosen", verdict.chosen.len());
        checked += 1;
    }
    assert!(checked >= 5, "{checked} Multi-Paxos tours");
}

/// Random Multi-Paxos runs, correct and under each broken Multi-Paxos variant: the checker finds
/// nothing wrong in a correct run, and two values chosen in one slot exactly when the trace
/// reports it.
#[test]
fn random_multi_paxos_traces_check_out() {
    let broken = [Variant::SkipPhase1, Variant::NoopFill];
    for variants in [&[][..], &broken[..1], &broken[1..]] {
        let (mut chosen_runs, mut two_runs) = (0, 0);
        for seed in 0..200 {
            let (mut rng, sim) = multi_world(seed, variants);
            let mut history = History::new(sim);
            for _ in 0..300 {
                let op = random_multi_op(&mut rng, history.current());
                let _ = history.apply(op);
            }
            let verdict = check_multi_trace(&json_of(&history));
            let two = verdict.problems.iter().any(|p| p.starts_with("two values"));
            assert_eq!(
                two,
                verdict.reported.contains("two-values-chosen"),
                "{variants:?}, seed {seed}: {:?}",
                verdict.problems
            );
            if variants.is_empty() {
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
            }
            chosen_runs += usize::from(!verdict.chosen.is_empty());
            two_runs += usize::from(two);
        }
        println!(
            "{variants:?}: {chosen_runs} of 200 runs chose, {two_runs} chose two values in a slot"
        );
        assert!(
            chosen_runs > 100,
            "{variants:?}: {chosen_runs} of 200 runs chose"
        );
        assert_eq!(variants.is_empty(), two_runs == 0, "{variants:?}");
    }
}
