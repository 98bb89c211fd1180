//! The built-in scenarios: the files in `static/scenarios/`, compiled into the app so that they
//! work offline and load instantly.

/// Each built-in scenario's name (as in `?scenario=NAME`) and JSON text, in picker order.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "sandbox",
        include_str!("../../static/scenarios/sandbox.json"),
    ),
    (
        "one-plus-one",
        include_str!("../../static/scenarios/one-plus-one.json"),
    ),
    (
        "annual-meeting-1",
        include_str!("../../static/scenarios/annual-meeting-1.json"),
    ),
    (
        "annual-meeting-1-paxos",
        include_str!("../../static/scenarios/annual-meeting-1-paxos.json"),
    ),
    (
        "annual-meeting-2",
        include_str!("../../static/scenarios/annual-meeting-2.json"),
    ),
    (
        "annual-meeting-2-accept-first",
        include_str!("../../static/scenarios/annual-meeting-2-accept-first.json"),
    ),
    (
        "annual-meeting-2-no-adoption",
        include_str!("../../static/scenarios/annual-meeting-2-no-adoption.json"),
    ),
    (
        "livelock",
        include_str!("../../static/scenarios/livelock.json"),
    ),
    (
        "livelock-leader",
        include_str!("../../static/scenarios/livelock-leader.json"),
    ),
    (
        "livelock-backoff",
        include_str!("../../static/scenarios/livelock-backoff.json"),
    ),
    (
        "learners-all",
        include_str!("../../static/scenarios/learners-all.json"),
    ),
    (
        "learners-one",
        include_str!("../../static/scenarios/learners-one.json"),
    ),
    (
        "learners-set",
        include_str!("../../static/scenarios/learners-set.json"),
    ),
    (
        "learners-one-killed",
        include_str!("../../static/scenarios/learners-one-killed.json"),
    ),
    ("odd-3", include_str!("../../static/scenarios/odd-3.json")),
    ("odd-4", include_str!("../../static/scenarios/odd-4.json")),
    ("odd-5", include_str!("../../static/scenarios/odd-5.json")),
    // Nine nodes and about 200 messages in flight: for tests/browser/bench.mjs.
    ("stress", include_str!("../../static/scenarios/stress.json")),
];

/// The JSON text of the built-in scenario `name`.
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
