//! Every built-in scenario compiles, meets its expectations, and round-trips through serde; bad
//! input is refused with an error that names the place.

use paxos_lab::scenario::{Scenario, ScenarioError, BUILTIN, MAX_BYTES};

#[test]
fn builtins_compile_and_meet_their_expectations() {
    assert!(!BUILTIN.is_empty());
    for (name, text) in BUILTIN {
        let tour = Scenario::load(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!tour.steps.is_empty(), "{name} has steps");
        let last = tour.scenario.steps.last().expect("a last step");
        assert!(
            last.expect.is_some(),
            "{name}'s last step states its outcome"
        );
    }
}

#[test]
fn builtins_round_trip_through_serde() {
    for (name, text) in BUILTIN {
        let scenario = Scenario::parse(text).unwrap();
        let again = serde_json::to_string(&scenario).unwrap();
        assert_eq!(Scenario::parse(&again).unwrap(), scenario, "{name}");
    }
}

fn error_of(text: &str) -> String {
    match Scenario::load(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e.to_string(),
    }
}

const NODES: &str = r#""nodes": [
  {"id": "a", "name": {"zh": "甲", "en": "A"}, "roles": ["proposer", "acceptor"]},
  {"id": "b", "name": {"zh": "乙", "en": "B"}, "roles": ["acceptor"]},
  {"id": "c", "name": {"zh": "丙", "en": "C"}, "roles": ["acceptor"]}]"#;

fn with_steps(steps: &str) -> String {
    format!(r#"{{"title": {{"zh": "t", "en": "t"}}, {NODES}, "steps": [{steps}]}}"#)
}

#[test]
fn bad_input_names_the_fault() {
    assert!(error_of("{").contains("EOF"));
    let unknown_field = r#"{"title": {"zh": "t", "en": "t"}, "nodez": []}"#;
    assert!(error_of(unknown_field).contains("unknown field `nodez`"));
    let unknown_node = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"propose": {"node": "z", "value": "v"}}]}"#,
    );
    assert_eq!(
        error_of(&unknown_node),
        "steps[0].do[0]: unknown node \"z\""
    );
    let no_match = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"deliver": {"type": "promise", "from": "b"}}]}"#,
    );
    assert_eq!(
        error_of(&no_match),
        "step 1: no message in flight matches Promise from \"b\""
    );
    let out_of_range = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"propose": {"node": "a", "value": "v", "ballot": 0}}]}"#,
    );
    assert!(error_of(&out_of_range).starts_with("step 1: ballot 0 is out of range"));
    let bad_latency =
        format!(r#"{{"title": {{"zh": "t", "en": "t"}}, {NODES}, "rules": {{"latency": 0}}}}"#);
    assert_eq!(
        error_of(&bad_latency),
        "rules.latency: between 1 and 100 ticks"
    );
    let huge = " ".repeat(MAX_BYTES + 1);
    assert!(matches!(
        Scenario::parse(&huge),
        Err(ScenarioError::TooLarge { .. })
    ));
    let wrong = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"propose": {"node": "a", "value": "v"}}, {"run": {}}], "expect": {"chosen": "w"}}"#,
    );
    assert!(error_of(&wrong).starts_with("step 1: expectation failed: expected \"w\" chosen"));
}

#[test]
fn a_hand_written_scenario_plays() {
    let text = with_steps(
        r#"{"caption": {"zh": "甲提议", "en": "A proposes"}, "do": [{"propose": {"node": "a", "value": "v"}}, {"run": {}}], "expect": {"chosen": "v", "violation": false}}"#,
    );
    let tour = Scenario::load(&text).unwrap();
    assert_eq!(tour.steps.len(), 1);
    assert!(tour.steps[0].len() > 5, "the run expands into steps");
}

#[test]
fn the_documented_example_plays() {
    let doc = include_str!("../docs/scenarios.md");
    let start = doc
        .find("```json\n")
        .expect("docs/scenarios.md has a ```json block")
        + 8;
    let len = doc[start..].find("```").expect("the block is closed");
    let tour = Scenario::load(&doc[start..start + len]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tour.scenario.title.en, "One lost letter");
    let last = tour.scenario.steps.last().expect("a last step");
    assert!(last.expect.is_some(), "the example states its outcome");
}
