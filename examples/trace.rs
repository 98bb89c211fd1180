//! Prints the trace of a built-in scenario as JSON lines: `cargo run --example trace -- one-plus-one`.

use paxos_lab::scenario::{builtin, Scenario};
use paxos_lab::sim::History;

fn main() {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "one-plus-one".into());
    let Some(text) = builtin(&name) else {
        eprintln!("no built-in scenario named {name:?}");
        std::process::exit(2);
    };
    let tour = Scenario::load(text).unwrap_or_else(|e| {
        eprintln!("{name}: {e}");
        std::process::exit(1);
    });
    let mut history = History::new(tour.initial.clone());
    for op in tour.steps.iter().flatten() {
        history
            .apply(op.clone())
            .expect("a compiled scenario replays");
    }
    for event in history.events() {
        println!(
            "{}",
            serde_json::to_string(event).expect("events serialize")
        );
    }
}
