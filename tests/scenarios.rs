//! Every built-in scenario compiles, meets its expectations, and round-trips through serde; bad
//! input is refused with an error that names the place, in Chinese and in English.

use paxos_lab::paxos::Variant;
use paxos_lab::scenario::{inline, Scenario, ScenarioError, Text, BUILTIN, MAX_BYTES};
use paxos_lab::sim::Switch;

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
    assert!(error_of("{").contains("the text ends inside an object"));
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
    // A field missing from a learning strategy or a liveness rule is placed in it, whether or
    // not another key follows.
    for (rules, path, field) in [
        (
            r#"{"liveness": {"kind": "backoff"}}"#,
            "rules.liveness",
            "max-extra",
        ),
        (
            r#"{"liveness": {"kind": "leader"}, "latency": 5}"#,
            "rules.liveness",
            "proposer",
        ),
        (
            r#"{"learning": {"strategy": "distinguished"}}"#,
            "rules.learning",
            "learner",
        ),
    ] {
        let text = format!(r#"{{"title": {{"zh": "t", "en": "t"}}, {NODES}, "rules": {rules}}}"#);
        let error = error_of(&text);
        assert!(
            error.ends_with(&format!("at `{path}`: missing field `{field}`")),
            "{error}"
        );
    }
    let long_run = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"propose": {"node": "a", "value": "v"}}, {"run": {"max-steps": 2001}}]}"#,
    );
    assert!(
        error_of(&long_run).ends_with(
            "at `steps[0].do[1].run.max-steps`: the number 2001 is out of range; expected a whole number from 0 to 2000"
        ),
        "{}",
        error_of(&long_run)
    );
    // A negative count names the same real range, not the range of the integer type.
    let negative = long_run.replace("2001", "-1");
    assert!(
        error_of(&negative)
            .ends_with("the number -1 is out of range; expected a whole number from 0 to 2000"),
        "{}",
        error_of(&negative)
    );
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

/// The error of a scenario that does not load, in both languages.
fn both(text: &str) -> Text {
    match Scenario::load(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => {
            assert_eq!(e.to_string(), e.text().en, "Display is the English text");
            e.text()
        }
    }
}

/// The column, in characters from 1, of the last character of `what` on line `line` (from 0).
fn column_after(text: &str, line: usize, what: &str) -> usize {
    let line = text.lines().nth(line).unwrap();
    line[..line.find(what).unwrap() + what.len()]
        .chars()
        .count()
}

fn with_rules(rules: &str) -> String {
    format!(r#"{{"title": {{"zh": "t", "en": "t"}}, {NODES}, "rules": {rules}}}"#)
}

#[test]
fn invalid_json_is_placed_by_line_and_column() {
    let text = "{\"title\": {\"zh\": \"年会\", \"en\": \"t\"},\n  \"nodes\": [}";
    assert_eq!(
        both(text),
        Text::new(
            "第 2 行第 13 列（`nodes[0]`）：这里缺少值，或者这种值不能用在这里",
            "line 2, column 13, at `nodes[0]`: a value is missing here, or this kind of value is not allowed here"
        )
    );
    // The top-level object lacks its `}`: it is at the top level, not at its last field.
    assert_eq!(
        both("{\"title\": {\"zh\": \"t\", \"en\": \"t\"}"),
        Text::new(
            "第 1 行第 32 列：文本在对象中途结束：缺少 `}`",
            "line 1, column 32: the text ends inside an object: a `}` is missing"
        )
    );
    assert_eq!(
        both("{\"title\": {\"zh\": \"t\", \"en\": \"t\""),
        Text::new(
            "第 1 行第 31 列（`title`）：文本在对象中途结束：缺少 `}`",
            "line 1, column 31, at `title`: the text ends inside an object: a `}` is missing"
        )
    );
}

#[test]
fn bad_base64_names_the_character() {
    let error = inline::decode("eyJ0aXRsZSI6$").and_then(|text| Scenario::load(&text));
    assert_eq!(
        error.unwrap_err().text(),
        Text::new(
            "#scenario：不是 base64url：第 13 个字符 '$' 不能出现在这里",
            "#scenario: not base64url: character '$' at position 13"
        )
    );
}

#[test]
fn an_unknown_field_is_named_with_the_fields_allowed() {
    let text = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"propose": {"node": "a", "value": "v", "ballott": 1}}]}"#,
    );
    assert_eq!(
        both(&text),
        Text::new(
            format!("第 4 行第 {} 列（`steps[0].do[0].propose`）：未知字段 `ballott`，可用的字段：`node`、`value`、`ballot`、`to`", column_after(&text, 3, "\"ballott\"")),
            format!("line 4, column {}, at `steps[0].do[0].propose`: unknown field `ballott`; expected one of `node`, `value`, `ballot`, `to`", column_after(&text, 3, "\"ballott\"")),
        )
    );
}

#[test]
fn an_unknown_key_beside_a_strategy_is_refused_too() {
    for rules in [
        r#"{"learning": {"strategy": "all", "x": 1}}"#,
        r#"{"liveness": {"kind": "none", "y": 2}}"#,
    ] {
        let text = format!(r#"{{"title": {{"zh": "t", "en": "t"}}, {NODES}, "rules": {rules}}}"#);
        let key = if rules.contains("\"x\"") {
            "`x`"
        } else {
            "`y`"
        };
        let error = both(&text);
        assert!(
            error.en.contains(&format!("unknown field {key}")),
            "{}",
            error.en
        );
        assert!(
            error.zh.contains(&format!("未知字段 {key}")),
            "{}",
            error.zh
        );
    }
    // Without the stray key, both still load.
    for rules in [
        r#"{"learning": {"strategy": "all"}}"#,
        r#"{"liveness": {"kind": "none"}}"#,
    ] {
        let text = format!(r#"{{"title": {{"zh": "t", "en": "t"}}, {NODES}, "rules": {rules}}}"#);
        Scenario::load(&text).unwrap_or_else(|e| panic!("{rules}: {e}"));
    }
}

#[test]
fn an_unknown_node_id_is_named_with_its_place() {
    let text =
        with_steps(r#"{"caption": {"zh": "", "en": ""}, "do": [{"kill": {"node": "zhang"}}]}"#);
    assert_eq!(
        both(&text),
        Text::new(
            "steps[0].do[0]：未知节点 \"zhang\"",
            "steps[0].do[0]: unknown node \"zhang\""
        )
    );
    let text = with_rules(r#"{"liveness": {"kind": "leader", "proposer": "z"}}"#);
    assert_eq!(
        both(&text),
        Text::new(
            "rules.liveness.proposer：未知节点 \"z\"",
            "rules.liveness.proposer: unknown node \"z\""
        )
    );
}

#[test]
fn a_misspelt_switch_lists_the_switches() {
    let text = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"set": {"switch": "nack", "on": true}}]}"#,
    );
    let Err(ScenarioError::Syntax { path, detail, .. }) = Scenario::load(&text) else {
        panic!("a format error");
    };
    assert_eq!(path, "steps[0].do[0].set.switch");
    assert_eq!(
        detail,
        Text::new(
            "未知名称 `nack`，可用的名称：`nacks`、`retry`、`accept-to-all`、`accept-equal`、`accept-first`、`no-adoption`、`amnesia`、`live-quorum`、`reused-ballots`、`skip-phase1`、`noop-fill`、`instant-config`",
            "unknown variant `nack`; expected one of `nacks`, `retry`, `accept-to-all`, `accept-equal`, `accept-first`, `no-adoption`, `amnesia`, `live-quorum`, `reused-ballots`, `skip-phase1`, `noop-fill`, `instant-config`"
        )
    );
}

#[test]
fn switches_are_read_and_written_by_name() {
    assert_eq!(Switch::NAMES.len(), 4 + Variant::ALL.len());
    for name in Switch::NAMES {
        let json = format!("\"{name}\"");
        let switch: Switch = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&switch).unwrap(), json);
    }
    for variant in Variant::ALL {
        let json = serde_json::to_string(&Switch::Variant(variant)).unwrap();
        assert_eq!(json, serde_json::to_string(&variant).unwrap());
    }
    assert!(serde_json::from_str::<Switch>("3").is_err());
}

#[test]
fn a_step_that_matches_no_message_is_named_by_its_number() {
    let text = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"propose": {"node": "a", "value": "v"}}]},
           {"caption": {"zh": "", "en": ""}, "do": [{"deliver": {"type": "accept", "from": "a", "to": "b", "ballot": 1}}]}"#,
    );
    assert_eq!(
        both(&text),
        Text::new(
            "第 2 步：没有在途消息符合 Accept，发送者 \"a\"，接收者 \"b\"，编号 1",
            "step 2: no message in flight matches Accept from \"a\" to \"b\" with ballot 1"
        )
    );
    let refused = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"propose": {"node": "b", "value": "v"}}]}"#,
    );
    assert_eq!(
        both(&refused),
        Text::new(
            "第 1 步：节点 \"b\" 不是提议者",
            "step 1: node \"b\" is not a proposer"
        )
    );
    let wrong = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"propose": {"node": "a", "value": "v"}}, {"run": {}}], "expect": {"messages": 2}}"#,
    );
    assert_eq!(
        both(&wrong),
        Text::new(
            "第 1 步：预期不成立：预期共发出 2 条消息，实际是 10 条",
            "step 1: expectation failed: expected 2 messages sent, found 10"
        )
    );
}

#[test]
fn numbers_out_of_range_say_the_range() {
    let ballot = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"propose": {"node": "a", "value": "v", "ballot": 99999999999}}]}"#,
    );
    let text = both(&ballot);
    assert!(
        text.zh.ends_with("（`steps[0].do[0].propose.ballot`）：数值 99999999999 超出范围，需要介于 0 和 4294967295 之间的整数"),
        "{}",
        text.zh
    );
    assert!(
        text.en.ends_with(", at `steps[0].do[0].propose.ballot`: the number 99999999999 is out of range; expected a whole number from 0 to 4294967295"),
        "{}",
        text.en
    );
    let loss = with_rules(r#"{"loss": 300}"#);
    let column = column_after(&loss, 3, "300");
    assert_eq!(
        both(&loss),
        Text::new(
            format!("第 4 行第 {column} 列（`rules.loss`）：数值 300 超出范围，需要介于 0 和 255 之间的整数"),
            format!("line 4, column {column}, at `rules.loss`: the number 300 is out of range; expected a whole number from 0 to 255"),
        )
    );
    assert_eq!(
        both(&with_rules(r#"{"loss": 101}"#)),
        Text::new(
            "rules.loss：是百分比，要在 0 到 100 之间",
            "rules.loss: a percentage, 0 to 100"
        )
    );
    assert_eq!(
        both(&with_rules(r#"{"latency": 0}"#)),
        Text::new(
            "rules.latency：要在 1 到 100 个时间单位之间",
            "rules.latency: between 1 and 100 ticks"
        )
    );
}

#[test]
fn a_megabyte_is_refused_before_it_is_read() {
    let huge = "x".repeat(1 << 20);
    let error = Scenario::load(&huge).unwrap_err();
    assert_eq!(error, ScenarioError::TooLarge { bytes: 1 << 20 });
    assert_eq!(
        error.text(),
        Text::new(
            "场景有 1048576 字节，上限是 262144 字节",
            "the scenario is 1048576 bytes; the limit is 262144 bytes"
        )
    );
    let inline = inline::decode(&inline::encode(&huge)).unwrap_err();
    assert!(matches!(inline, ScenarioError::TooLarge { .. }));
}

#[test]
fn the_learner_and_the_leader_must_hold_their_roles() {
    let one = with_rules(r#"{"learning": {"strategy": "distinguished", "learner": "b"}}"#);
    assert_eq!(
        both(&one),
        Text::new(
            "rules.learning.learner：节点 \"b\" 不是学习者（要在它的 roles 里加上 \"learner\"）",
            "rules.learning.learner: node \"b\" is not a learner (add \"learner\" to its roles)"
        )
    );
    let set = with_rules(r#"{"learning": {"strategy": "set", "learners": ["a", "c"]}}"#);
    assert_eq!(
        both(&set),
        Text::new(
            "rules.learning.learners[0]：节点 \"a\" 不是学习者（要在它的 roles 里加上 \"learner\"）",
            "rules.learning.learners[0]: node \"a\" is not a learner (add \"learner\" to its roles)"
        )
    );
    let leader = with_rules(r#"{"liveness": {"kind": "leader", "proposer": "c"}}"#);
    assert_eq!(
        both(&leader),
        Text::new(
            "rules.liveness.proposer：节点 \"c\" 不是提议者（要在它的 roles 里加上 \"proposer\"）",
            "rules.liveness.proposer: node \"c\" is not a proposer (add \"proposer\" to its roles)"
        )
    );
}

/// The Multi-Paxos example in `docs/scenarios.md` loads and meets its expectations.
#[test]
fn the_documented_multi_paxos_example_loads() {
    let doc = include_str!("../docs/scenarios.md");
    let at = doc
        .find("### A complete Multi-Paxos example")
        .expect("the section");
    let start = doc[at..].find("```json\n").expect("a ```json block") + at + 8;
    let len = doc[start..].find("```").expect("the block is closed");
    let tour = Scenario::load(&doc[start..start + len]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tour.scenario.title.en, "Filling a gap");
    // 134 rounds that nobody scripted: the world starts with them.
    // Slots 1–134, 136, 138 and 139.
    assert_eq!(tour.initial.chosen_proposals().len(), 137);
}

const MULTI_NODES: &str = r#""nodes": [
  {"id": "a", "name": {"zh": "甲", "en": "A"}, "roles": ["proposer", "acceptor"]},
  {"id": "b", "name": {"zh": "乙", "en": "B"}, "roles": ["proposer", "acceptor"]},
  {"id": "c", "name": {"zh": "丙", "en": "C"}, "roles": ["acceptor"]},
  {"id": "l", "name": {"zh": "丁", "en": "L"}, "roles": ["learner"]}]"#;

/// A Multi-Paxos scenario with `rules`, `log` and `steps` as given.
fn multi(rules: &str, log: &str, steps: &str) -> String {
    format!(
        r#"{{"title": {{"zh": "t", "en": "t"}}, {MULTI_NODES}, "rules": {rules},
"log": {log}, "steps": [{steps}]}}"#
    )
}

const RULES: &str = r#"{"multi": {"machine": "bank", "window": 2}}"#;
const LOG: &str = r#"{"accepted": [{"from": 1, "to": 4, "ballot": 1, "command": "deposit 10", "by": ["a", "b"]},
  {"from": 6, "ballot": 1, "command": "withdraw 5", "by": ["c"]}],
  "known": [{"from": 1, "to": 4, "nodes": ["a", "b", "c"]}]}"#;

#[test]
fn a_multi_paxos_scenario_starts_mid_log_and_runs_its_steps() {
    let steps = r#"{"caption": {"zh": "", "en": ""}, "expect": {"replicas": [{"node": "c", "executed": 4, "state": "balance 40"}]}},
      {"caption": {"zh": "", "en": ""}, "do": [{"kill": {"node": "a"}}, {"lead": {"node": "b"}}, {"submit": {"node": "b", "command": "deposit 1"}}, {"run": {}}],
       "expect": {"chosen-in": {"slot": 6, "command": "withdraw 5"}, "replicas": [{"node": "c", "executed": 7, "state": "balance 36"}], "violation": false}}"#;
    let tour = Scenario::load(&multi(RULES, LOG, steps)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tour.steps.len(), 2);
    // Slot 5 was unknown to everyone: a no-op. Slot 6 was reported by c: re-proposed.
    let bad = r#"{"caption": {"zh": "", "en": ""}, "do": [{"kill": {"node": "a"}}, {"lead": {"node": "b"}}, {"run": {}}],
       "expect": {"chosen-in": {"slot": 5, "command": "deposit 1"}}}"#;
    let e = both(&multi(RULES, LOG, bad));
    assert_eq!(
        e.en,
        r#"step 1: expectation failed: expected "deposit 1" chosen in slot 5, but "no-op" is chosen"#
    );
    assert_eq!(
        e.zh,
        r#"第 1 步：预期不成立：预期槽位 5 选定 "deposit 1"，实际选定的是 "no-op""#
    );
}

#[test]
fn bad_multi_paxos_input_names_the_fault() {
    let empty = r#"{"caption": {"zh": "", "en": ""}}"#;
    let err = |rules: &str, log: &str, steps: &str| error_of(&multi(rules, log, steps));
    let cases = [
        (
            err("{}", LOG, empty),
            r#"log: an initial log is for Multi-Paxos only: add "multi" to the rules"#,
        ),
        (
            err(
                RULES,
                r#"{"accepted": [{"from": 9, "to": 3, "ballot": 1, "command": "deposit 1", "by": ["a"]}]}"#,
                empty,
            ),
            "log.accepted[0]: slots need 1 ≤ from ≤ to ≤ 1000, not 9 to 3",
        ),
        (
            err(
                RULES,
                r#"{"accepted": [{"from": 1, "ballot": 0, "command": "deposit 1", "by": ["a"]}]}"#,
                empty,
            ),
            "log.accepted[0].ballot: a ballot from 1 to 1000000",
        ),
        (
            err(
                RULES,
                r#"{"accepted": [{"from": 1, "ballot": 1, "command": "set x 1", "by": ["a"]}]}"#,
                empty,
            ),
            "log.accepted[0].command: the state machine does not understand the command set x 1",
        ),
        (
            err(
                RULES,
                r#"{"accepted": [{"from": 1, "ballot": 1, "command": "deposit 1", "by": ["l"]}]}"#,
                empty,
            ),
            r#"log.accepted[0].by[0]: node "l" is not an acceptor (add "acceptor" to its roles)"#,
        ),
        (
            err(
                RULES,
                r#"{"accepted": [], "known": [{"from": 1, "nodes": ["a", "z"]}]}"#,
                empty,
            ),
            r#"log.known[0].nodes[1]: unknown node "z""#,
        ),
        (
            err(
                RULES,
                r#"{"accepted": [{"from": 1, "ballot": 1, "command": "deposit 1", "by": ["a"]}], "known": [{"from": 1, "nodes": ["b"]}]}"#,
                empty,
            ),
            "log.known[0]: slot 1 is not chosen: no majority in log.accepted accepted one proposal",
        ),
        (
            err(r#"{"multi": {"window": 0}}"#, "null", empty),
            "rules.multi.window: between 1 and 20",
        ),
        (
            err(r#"{"multi": {"alpha": 0}}"#, "null", empty),
            "rules.multi.alpha: between 1 and 50",
        ),
        (
            err(r#"{"multi": {"alpha": -1}}"#, "null", empty),
            "line 5, column 101, at `rules.multi.alpha`: the number -1 is out of range; expected a whole number from 0 to 4294967295",
        ),
        (
            err(r#"{"multi": {"replicas": ["z"]}}"#, "null", empty),
            r#"rules.multi.replicas[0]: unknown node "z""#,
        ),
        (
            err(
                RULES,
                "null",
                r#"{"caption": {"zh": "", "en": ""}, "expect": {"replicas": [{"node": "z", "executed": 0}]}}"#,
            ),
            r#"steps[0].expect.replicas[0]: unknown node "z""#,
        ),
        (
            err(
                RULES,
                "null",
                r#"{"caption": {"zh": "", "en": ""}, "do": [{"submit": {"node": "a", "command": "deposit"}}]}"#,
            ),
            "step 1: the state machine does not understand the command deposit",
        ),
        (
            err(
                RULES,
                "null",
                r#"{"caption": {"zh": "", "en": ""}, "do": [{"submit": {"node": "c", "command": "deposit 1"}}]}"#,
            ),
            r#"step 1: node "c" is not a proposer"#,
        ),
        (
            err(
                RULES,
                "null",
                r#"{"caption": {"zh": "", "en": ""}, "do": [{"propose": {"node": "a", "value": "v"}}]}"#,
            ),
            "step 1: submit and lead are for Multi-Paxos, propose and ask for single-decree Paxos",
        ),
        (
            err(
                RULES,
                LOG,
                r#"{"caption": {"zh": "", "en": ""}, "expect": {"replicas": [{"node": "c", "executed": 5}]}}"#,
            ),
            r#"step 1: expectation failed: expected replica "c" to have executed up to slot 5, found 4"#,
        ),
        (
            err(
                RULES,
                LOG,
                r#"{"caption": {"zh": "", "en": ""}, "expect": {"replicas": [{"node": "c", "executed": 4, "state": "balance 1"}]}}"#,
            ),
            r#"step 1: expectation failed: expected replica "c" in state "balance 1", found "balance 40""#,
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
    // Errors of the reader name the place.
    let unknown = err(RULES, r#"{"accepted": [{"slot": 1}]}"#, empty);
    assert!(
        unknown.ends_with(
            "at `log.accepted[0]`: unknown field `slot`; expected one of `from`, `to`, `ballot`, `command`, `by`"
        ),
        "{unknown}"
    );
    let machine = err(r#"{"multi": {"machine": "kv"}}"#, "null", empty);
    assert!(
        machine.ends_with(
            "at `rules.multi.machine`: unknown variant `kv`; expected `bank` or `key-value`"
        ),
        "{machine}"
    );
    let wrong = err(RULES, r#"{"known": [{"from": "1", "nodes": []}]}"#, empty);
    assert!(
        wrong.ends_with("at `log.known[0].from`: wrong type: got the string \"1\", expected a whole number from 0 to 4294967295"),
        "{wrong}"
    );
}

#[test]
fn a_step_question_is_about_a_delivery_the_quiz_can_ask_about() {
    let step = |question: &str| {
        with_steps(&format!(
            r#"{{"caption": {{"zh": "", "en": ""}}, "do": [{{"propose": {{"node": "a", "value": "v"}}}}]}},
               {{"caption": {{"zh": "", "en": ""}}, "do": ["step", {{"deliver": {{"type": "prepare", "to": "c"}}}}],
                 "question": {question}}}"#
        ))
    };
    // The second action: c's Prepare. Its place among the step's ops is kept.
    let tour = Scenario::load(&step(
        r#"{"action": 2, "prompt": {"zh": "问", "en": "ask"}}"#,
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tour.questions, vec![None, Some(1)]);
    let question = tour.scenario.steps[1].question.as_ref().unwrap();
    assert_eq!(question.prompt.as_ref().unwrap().en, "ask");
    // By default, the first action.
    assert_eq!(Scenario::load(&step("{}")).unwrap().questions[1], Some(0));
    assert_eq!(
        error_of(&step(r#"{"action": 3}"#)),
        "steps[1].question.action: action 3 is not there, or is not a deliver, a step or a lead"
    );
    assert!(error_of(&step(r#"{"actoin": 1}"#)).contains("unknown field `actoin`"));
    // A proposal is not a delivery, and a message to a dead node gets no decision.
    let propose = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"propose": {"node": "a", "value": "v"}}], "question": {}}"#,
    );
    assert_eq!(
        error_of(&propose),
        "steps[0].question.action: action 1 is not there, or is not a deliver, a step or a lead"
    );
    let dead = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"propose": {"node": "a", "value": "v"}}, {"kill": {"node": "b"}}]},
           {"caption": {"zh": "", "en": ""}, "do": [{"deliver": {"type": "prepare", "to": "b"}}], "question": {}}"#,
    );
    assert_eq!(
        error_of(&dead),
        "steps[1].question.action: this action gives no question to ask: it must deliver a message that its receiver decides on by a rule, or make a node lead"
    );
    // An action that cannot be done at all says so, rather than that it asks nothing.
    let lead = with_steps(
        r#"{"caption": {"zh": "", "en": ""}, "do": [{"lead": {"node": "a"}}], "question": {}}"#,
    );
    let unasked =
        with_steps(r#"{"caption": {"zh": "", "en": ""}, "do": [{"lead": {"node": "a"}}]}"#);
    assert_eq!(error_of(&lead), error_of(&unasked));
    assert!(
        error_of(&lead).starts_with("step 1: "),
        "{}",
        error_of(&lead)
    );
}

#[test]
fn a_step_is_written_as_a_string_or_as_an_object_with_no_fields() {
    let with = |action: &str| {
        with_steps(&format!(
            r#"{{"caption": {{"zh": "", "en": ""}}, "do": [{{"propose": {{"node": "a", "value": "v"}}}}, {action}]}}"#
        ))
    };
    let plain = Scenario::load(&with(r#""step""#)).unwrap_or_else(|e| panic!("{e}"));
    for spelling in [
        r#"{"step": null}"#,
        r#"{"step": {}}"#,
        r#"{ "step" : { } }"#,
    ] {
        let tour = Scenario::load(&with(spelling)).unwrap_or_else(|e| panic!("{spelling}: {e}"));
        assert_eq!(tour.steps, plain.steps, "{spelling}");
    }
    // A field it does not have is refused.
    assert!(
        error_of(&with(r#"{"step": {"max-steps": 2}}"#)).contains("expected no fields"),
        "{}",
        error_of(&with(r#"{"step": {"max-steps": 2}}"#))
    );
}

#[test]
fn an_error_inside_a_rule_change_names_the_action_as_the_file_does() {
    let with = |action: &str| {
        with_steps(&format!(
            r#"{{"caption": {{"zh": "", "en": ""}}, "do": [{{"kill": {{"node": "c"}}}}, {action}]}}"#
        ))
    };
    assert_eq!(
        error_of(&with(r#"{"set-loss": {"percent": 101}}"#)),
        "steps[0].do[1].set-loss.percent: a percentage, 0 to 100"
    );
    assert_eq!(
        error_of(&with(
            r#"{"set-liveness": {"kind": "backoff", "max-extra": 1001}}"#
        )),
        "steps[0].do[1].set-liveness.max-extra: at most 1000 ticks"
    );
    assert!(error_of(&with(
        r#"{"set-learning": {"strategy": "distinguished", "learner": "b"}}"#
    ))
    .starts_with("steps[0].do[1].set-learning.learner: "));
}
