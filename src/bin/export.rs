//! The download worker. The page's share dialog asks for a file of the run on the stage; a web
//! worker loads this module (only then) and calls [`export`] with the dialog's link to this
//! moment, which it replays: see [`paxos_lab::export`].

use paxos_lab::export;
use paxos_lab::ui::i18n::Lang;
use wasm_bindgen::prelude::*;

/// The file `kind` (`trace`, `scenario`, or `expect`: what holds now, as a step's `expect`) of the run that the address `search` + `hash` shows,
/// `fetched` being its built-in scenario's text where the page fetches that. An error is thrown
/// as a sentence in `lang` (`zh` or `en`).
#[wasm_bindgen]
pub fn file(
    kind: &str,
    search: &str,
    hash: &str,
    fetched: Option<String>,
    lang: &str,
) -> Result<String, String> {
    let say = |t: paxos_lab::scenario::Text| if lang == "zh" { t.zh } else { t.en };
    let state = export::open(search, hash, fetched).map_err(say)?;
    let history = state.history();
    match kind {
        "trace" => Ok(export::trace(&history)),
        "expect" => Ok(export::expectation(&history)),
        _ => {
            let shown = if state.guided() { state.tour_step } else { 0 };
            export::scenario(&state.loaded.tour, &state.loaded.names, &history, shown).map_err(say)
        }
    }
}

/// The tour recorder's scenario `text`, checked, as its link and embed code under the page
/// address `base` (see [`export::publish`]); an error is thrown as a sentence in `lang`.
#[wasm_bindgen]
pub fn publish(text: &str, base: &str, lang: &str) -> Result<String, String> {
    let (lang, zh) = if lang == "zh" {
        (Lang::Zh, true)
    } else {
        (Lang::En, false)
    };
    export::publish(text, base, lang).map_err(|t| if zh { t.zh } else { t.en })
}

/// Nothing runs on load: the worker calls [`file`].
fn main() {}
