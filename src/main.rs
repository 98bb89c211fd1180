//! The browser entry point: mounts the Yew app into the page's `<body>`.

use wasm_bindgen::prelude::wasm_bindgen;

/// The address of the moment on the stage, for the tour recorder (static/author.js), which
/// calls it as `window.wasmBindings.moment()`.
#[wasm_bindgen]
pub fn moment() -> String {
    paxos_lab::ui::moment_address()
}

fn main() {
    yew::Renderer::<paxos_lab::ui::App>::new().render();
}
