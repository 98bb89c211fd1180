//! The few places the view touches the browser directly. Everything here is
//! a thin wrapper over `web-sys`; the decisions live in pure functions
//! elsewhere (see [`super::i18n::choose_lang`] and [`super::keys::key_action`]) so they can be
//! unit-tested.

use super::state::Progress;
use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

use super::action::KeyContext;
use super::address::{follow, inline_data, read, with_param, Startup};
use super::i18n::{choose_lang, Lang, LangChoice};
use super::keys::key_action;
use crate::scenario::MAX_BYTES;

/// Chooses the starting language from `location.search` and `navigator.language`.
pub fn initial_lang() -> LangChoice {
    let window = web_sys::window();
    let navigator_language = window.as_ref().and_then(|w| w.navigator().language());
    choose_lang(&search(), navigator_language.as_deref())
}

fn search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// What the address asks for (see [`super::address`]) and what the user prefers.
pub fn startup() -> Startup {
    let window = web_sys::window();
    let hash = window
        .as_ref()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let reduced_motion = window
        .as_ref()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok())
        .flatten()
        .is_some_and(|m| m.matches());
    super::address::Startup {
        progress: load_progress(),
        ..read(&search(), &hash, reduced_motion)
    }
}

/// Where the progress is kept in the browser's storage.
const PROGRESS_KEY: &str = "paxos-lab.progress";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The progress kept in this browser (none where storage is off, as in some private windows).
fn load_progress() -> Progress {
    storage()
        .and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten())
        .map_or_else(Progress::default, |line| Progress::read(&line))
}

/// Keeps `progress` in this browser; nothing is sent anywhere.
pub fn save_progress(progress: &Progress) {
    if let Some(s) = storage() {
        // A full or disabled storage keeps nothing; the page works on.
        let _ = s.set_item(PROGRESS_KEY, &progress.line());
    }
}

/// Makes `<html lang>` and the document title follow the interface language,
/// so screen readers pronounce the page correctly and the tab reads right.
pub fn apply_lang_to_document(lang: Lang) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        // Setting an attribute on <html> cannot fail for a valid name.
        let _ = root.set_attribute("lang", lang.tag());
    }
    document.set_title(lang.pick("Paxos 实验室", "Paxos Lab"));
}

/// The frame callback, shared with itself so that it can ask for the next frame.
type FrameClosure = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// A running `requestAnimationFrame` loop; dropping it stops the loop.
pub struct Frames {
    id: Rc<RefCell<Option<i32>>>,
    closure: FrameClosure,
}

/// Calls `on_frame` with the frame's time (ms) on every animation frame until dropped.
pub fn frames(on_frame: Callback<f64>) -> Frames {
    let id = Rc::new(RefCell::new(None));
    let closure: FrameClosure = Rc::new(RefCell::new(None));
    let (id2, closure2) = (Rc::clone(&id), Rc::clone(&closure));
    *closure.borrow_mut() = Some(Closure::new(move |at: f64| {
        on_frame.emit(at);
        if let (Some(window), Some(c)) = (web_sys::window(), closure2.borrow().as_ref()) {
            *id2.borrow_mut() = window
                .request_animation_frame(c.as_ref().unchecked_ref())
                .ok();
        }
    }));
    if let (Some(window), Some(c)) = (web_sys::window(), closure.borrow().as_ref()) {
        *id.borrow_mut() = window
            .request_animation_frame(c.as_ref().unchecked_ref())
            .ok();
    }
    Frames { id, closure }
}

impl Drop for Frames {
    fn drop(&mut self) {
        if let (Some(window), Some(id)) = (web_sys::window(), self.id.borrow_mut().take()) {
            let _ = window.cancel_animation_frame(id);
        }
        // Breaks the closure's reference to itself. This runs from Yew's effect cleanup,
        // never from inside the frame callback.
        self.closure.borrow_mut().take();
    }
}

/// Listens for keys on the whole page. Keys that mean something (see
/// [`super::keys::key_action`]) are taken from the browser (no scrolling on Space) and passed
/// on with where they were pressed.
pub fn listen_keys(on_key: Callback<(String, KeyContext)>) -> Option<EventListener> {
    let window = web_sys::window()?;
    let options = EventListenerOptions::enable_prevent_default();
    Some(EventListener::new_with_options(
        &window,
        "keydown",
        options,
        move |event| {
            let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            let target = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            let tag = target
                .as_ref()
                .map(|t| t.tag_name().to_ascii_lowercase())
                .unwrap_or_default();
            let role = target
                .as_ref()
                .and_then(|t| t.get_attribute("role"))
                .unwrap_or_default();
            let kind = match tag.as_str() {
                "input" => target
                    .as_ref()
                    .and_then(|t| t.get_attribute("type"))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            // Inputs that are pressed like a button (a file chooser, a checkbox): Space and
            // Enter are theirs, the page's other keys still work there, so a clicker steps the
            // tour just after a file was opened with the chooser.
            let pressed = tag == "input"
                && matches!(
                    kind.as_str(),
                    "checkbox" | "button" | "submit" | "reset" | "file" | "color"
                );
            // Inputs that are not typed into: Ctrl+Z does not undo anything in them.
            let typed = tag == "textarea"
                || tag == "input" && !pressed && !matches!(kind.as_str(), "range" | "radio");
            let ctx = KeyContext {
                guided: false,
                in_field: matches!(tag.as_str(), "input" | "select" | "textarea") && !pressed,
                on_button: tag == "button" || tag == "summary" || role == "button" || pressed,
                modified: event.ctrl_key() || event.alt_key() || event.meta_key(),
                command: (event.ctrl_key() || event.meta_key()) && !event.alt_key(),
                shift: event.shift_key(),
                in_text: typed,
                in_list: tag == "select",
            };
            let key = event.key();
            if key_action(&key, ctx).is_some() {
                event.prevent_default();
                on_key.emit((key, ctx));
            }
        },
    ))
}

/// Ctrl+wheel (and a trackpad's pinch) over `element` zooms it: `on_zoom` is told in (true)
/// or out, and the browser does not zoom the page.
pub fn listen_ctrl_wheel(element: &web_sys::Element, on_zoom: Callback<bool>) -> EventListener {
    EventListener::new_with_options(
        element,
        "wheel",
        EventListenerOptions::enable_prevent_default(),
        move |event| {
            let Some(event) = event.dyn_ref::<web_sys::WheelEvent>() else {
                return;
            };
            if event.ctrl_key() || event.meta_key() {
                event.prevent_default();
                on_zoom.emit(event.delta_y() < 0.0);
            }
        },
    )
}

/// Scrolls `element` to `left` pixels, gliding if `smooth`.
pub fn scroll_to(element: &web_sys::Element, left: f64, smooth: bool) {
    let options = web_sys::ScrollToOptions::new();
    options.set_left(left);
    options.set_behavior(if smooth {
        web_sys::ScrollBehavior::Smooth
    } else {
        web_sys::ScrollBehavior::Instant
    });
    element.scroll_to_with_scroll_to_options(&options);
}

/// Watches an element's size, reporting it in CSS pixels; dropping the guard stops watching.
pub struct SizeWatch {
    observer: web_sys::ResizeObserver,
    _closure: Closure<dyn FnMut(JsValue)>,
}

/// Reports `element`'s size now and whenever it changes.
pub fn watch_size(element: &web_sys::Element, on_size: Callback<(u32, u32)>) -> Option<SizeWatch> {
    let target = element.clone();
    let report = move || {
        let (w, h) = (target.client_width(), target.client_height());
        on_size.emit((w.max(0) as u32, h.max(0) as u32));
    };
    report();
    let closure = Closure::<dyn FnMut(JsValue)>::new(move |_entries: JsValue| report());
    let observer = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()).ok()?;
    observer.observe(element);
    Some(SizeWatch {
        observer,
        _closure: closure,
    })
}

impl Drop for SizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Moves keyboard focus to the first element matching `selector` once the render under way is
/// on the page ([`after_render`]): a timer could come after a key pressed at once, and take
/// focus from where that key had put it.
pub fn focus_soon(selector: String) {
    after_render(move || focus_first(&selector));
}

/// Runs `f` once the render under way is on the page, before any input that follows is handled
/// (a microtask: Yew renders and takes elements off the page in the task that changed them).
pub fn after_render(f: impl FnOnce() + 'static) {
    if let Some(window) = web_sys::window() {
        let closure = Closure::once_into_js(f);
        window.queue_microtask(closure.unchecked_ref());
    }
}

/// Moves keyboard focus to the first element matching `selector` now, if there is one.
pub fn focus_first(selector: &str) {
    let found = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten());
    if let Some(element) = found {
        focus(&element);
    }
}

/// Moves focus to `element` now.
pub fn focus(element: &web_sys::Element) {
    if let Some(e) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = e.focus();
    } else if let Some(e) = element.dyn_ref::<web_sys::SvgElement>() {
        let _ = e.focus();
    }
}

/// The page's address without query or hash, e.g. `https://example.org/paxos-lab/`.
pub fn page_base() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}")
}

/// Selects the whole text of an `<input>` or `<textarea>`.
pub fn select_field(field: &yew::NodeRef) {
    if let Some(area) = field.cast::<web_sys::HtmlTextAreaElement>() {
        area.select();
    } else if let Some(input) = field.cast::<web_sys::HtmlInputElement>() {
        input.select();
    }
}

/// Puts `text` on the clipboard and reports whether the browser allowed it (it does not on
/// plain `http://` pages other than localhost, or in an iframe without permission).
pub fn copy_text(text: String, done: Callback<bool>) {
    let Some(window) = web_sys::window() else {
        done.emit(false);
        return;
    };
    let clipboard = window.navigator().clipboard();
    if clipboard.is_undefined() || clipboard.is_null() {
        done.emit(false);
        return;
    }
    let promise = clipboard.write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        done.emit(ok);
    });
}

/// A scenario file read: its name, and its text, or its size when over [`MAX_BYTES`].
pub type OpenedFile = (String, Result<String, usize>);

/// Reads a picked or dropped scenario file and hands its name and text to `on_file`; a file
/// over [`MAX_BYTES`] is refused without being read (its size is handed over instead).
pub fn open_scenario_file(file: web_sys::File, on_file: &Callback<OpenedFile>) {
    let name = file.name();
    let size = file.size() as usize;
    if size > MAX_BYTES {
        on_file.emit((name, Err(size)));
        return;
    }
    let on_file = on_file.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default();
        on_file.emit((name, Ok(text)));
    });
}

/// Puts the scenario shown, or the challenge under way, in the address without reloading,
/// keeping the other parameters, unless the address already opens it (see [`follow`]): a
/// challenge as `?exercise=NAME`, a built-in scenario as `?scenario=NAME` (nothing for the
/// default), any other as `#scenario=` followed by its base64url.
pub fn show_in_address(name: Option<&str>, inline: Option<&str>, exercise: Option<&str>) {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    if let Some((query, hash)) = follow(&search(), &hash, name, inline, exercise) {
        replace_address(&query, &hash);
    }
}

/// Calls `on_inline` with the scenario an address's new hash carries (`#scenario=`), for as
/// long as the page is open: a link pasted over the open page's address, or its hash edited,
/// does not reload the page.
pub fn listen_hash(on_inline: Callback<String>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    EventListener::new(&window, "hashchange", move |_| {
        let hash = location.hash().unwrap_or_default();
        if let Some(data) = inline_data(&hash) {
            on_inline.emit(data.to_owned());
        }
    })
    .forget();
}

/// Puts the language the user chose in the address (`lang=`), so that a link copied from the
/// address bar opens in it.
pub fn show_lang_in_address(lang: Lang) {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    replace_address(&with_param(&search(), "lang", Some(lang.code())), &hash);
}

/// Replaces the address's query and hash without reloading, if they differ.
fn replace_address(query: &str, hash: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let now = format!("{}{}", search(), location.hash().unwrap_or_default());
    if format!("{query}{hash}") != now {
        if let Ok(history) = window.history() {
            let url = format!("{path}{query}{hash}");
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
}

/// Fetches a file next to the page (such as `scenarios/one-plus-one.json`) and gives its
/// text, or the HTTP status (0 when there was no answer).
pub fn fetch_text(path: &str, done: Callback<Result<String, u16>>) {
    let Some(window) = web_sys::window() else {
        done.emit(Err(0));
        return;
    };
    let request = window.fetch_with_str(path);
    wasm_bindgen_futures::spawn_local(async move {
        use wasm_bindgen_futures::JsFuture;
        let response = JsFuture::from(request)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<web_sys::Response>().ok());
        let Some(response) = response else {
            done.emit(Err(0));
            return;
        };
        if !response.ok() {
            done.emit(Err(response.status()));
            return;
        }
        let text = match response.text() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .ok()
                .and_then(|t| t.as_string()),
            Err(_) => None,
        };
        done.emit(text.ok_or(0));
    });
}

/// Writes `url` as the `href` of the link the event `e` is on, just before the browser follows
/// it (a press, a click, focus): an address that changes with every frame is written only then.
pub fn set_href(e: &web_sys::Event, url: &str) {
    // Yew listens at the app's root, so the link is found from the element pressed.
    if let Some(link) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|t| t.closest("a[href]").ok().flatten())
    {
        // Setting an attribute on a live element cannot fail.
        let _ = link.set_attribute("href", url);
    }
}
