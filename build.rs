//! Generates the list of built-in scenarios from the files in `static/scenarios/`.
//!
//! The page ships the scenario files as they are and fetches one when it is opened, so the app
//! itself only needs each scenario's name and title (for the picker). Native code (tests,
//! examples) compiles every file in. Both lists come from here, in picker order, so a scenario is
//! added in one place: its file, and its name in [`ORDER`].

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// The built-in scenarios, in picker order. The first is the default, compiled into the page.
const ORDER: &[&str] = &[
    "sandbox",
    "one-plus-one",
    "annual-meeting-1",
    "annual-meeting-1-paxos",
    "annual-meeting-2",
    "annual-meeting-2-accept-first",
    "annual-meeting-2-no-adoption",
    "livelock",
    "livelock-leader",
    "livelock-backoff",
    "learners-all",
    "learners-one",
    "learners-set",
    "learners-one-killed",
    "learners-ask",
    "odd-3",
    "odd-4",
    "odd-5",
    "multi-steady",
    "multi-new-leader",
    "multi-two-leaders",
    "multi-skip-phase1",
    "multi-reconfig",
    // Nine nodes and about 200 messages in flight: for tests/browser/bench.mjs.
    "stress",
];

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&root).join("static/scenarios");
    println!("cargo:rerun-if-changed=static/scenarios");
    println!("cargo:rerun-if-changed=build.rs");

    let mut on_disk: Vec<String> = fs::read_dir(&dir)
        .expect("static/scenarios exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".json").map(str::to_owned))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = ORDER.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every file in static/scenarios/ must be listed in build.rs's ORDER, and only those"
    );

    let mut catalog = String::from("&[\n");
    let mut texts = String::from("&[\n");
    for name in ORDER {
        let path = dir.join(format!("{name}.json"));
        let text = fs::read_to_string(&path).expect("a scenario file");
        let json: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("static/scenarios/{name}.json: {e}"));
        let title = |lang: &str| {
            json["title"][lang]
                .as_str()
                .unwrap_or_else(|| panic!("static/scenarios/{name}.json: no title.{lang}"))
                .to_owned()
        };
        writeln!(
            catalog,
            "    ({name:?}, {:?}, {:?}),",
            title("zh"),
            title("en")
        )
        .unwrap();
        writeln!(texts, "    ({name:?}, include_str!({:?})),", path.display()).unwrap();
    }
    catalog.push(']');
    texts.push(']');
    let default = dir.join(format!("{}.json", ORDER[0]));
    let code = format!(
        "/// Each built-in scenario's name (as in `?scenario=NAME`) and title in Chinese and \
         English, in picker order.\n\
         pub const CATALOG: &[(&str, &str, &str)] = {catalog};\n\n\
         /// Each built-in scenario's name and JSON text, in picker order (for native code: the \
         page fetches the files).\n\
         pub const BUILTIN: &[(&str, &str)] = {texts};\n\n\
         /// The default scenario's name and JSON text, compiled into the page.\n\
         pub const DEFAULT: (&str, &str) = ({:?}, include_str!({:?}));\n",
        ORDER[0],
        default.display()
    );
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
