//! The built-in scenarios: the files in `static/scenarios/`.
//!
//! The page compiles in only the default scenario and the picker's names and titles, and fetches
//! any other scenario file when it is opened (`scenarios/NAME.json`, next to the page). Native
//! code (the tests, the trace example) has every file compiled in. `build.rs` generates these
//! lists from the files, in picker order.

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The JSON text of the built-in scenario `name` (native code: in the page, this would compile
/// every scenario in).
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Whether `name` is a built-in scenario.
pub fn is_builtin(name: &str) -> bool {
    CATALOG.iter().any(|(n, _, _)| *n == name)
}
