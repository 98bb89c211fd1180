//! Keyboard focus around dialogs and panels, as WAI-ARIA's dialog pattern asks: a modal dialog
//! keeps Tab and Shift+Tab inside itself, and whatever opened a dialog or a panel gets focus back
//! when it closes, instead of focus falling to the page's body.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::ui::browser;

/// The element that has focus, if any but the body.
fn focused() -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    let active = document.active_element()?;
    (Some(&active) != document.body().as_deref()).then_some(active)
}

/// Gives focus back, when the component closes, to the element that had it when it opened, if
/// focus is then nowhere (on the body, or on an element that was taken off the page) and that
/// element is still on the page. Whoever moved focus on purpose (a node panel's Escape goes back
/// to its node) is left alone.
#[hook]
pub fn use_focus_return() {
    use_effect_with((), |_| {
        let before = focused();
        move || {
            let Some(before) = before else {
                return;
            };
            // After the closing render, once the component's elements are off the page: in a
            // microtask, which runs before any key or click that follows. A timer could come
            // after them, and take focus from where they had put it.
            browser::after_render(move || {
                let lost = focused().is_none_or(|now| !now.is_connected());
                if lost && before.is_connected() {
                    browser::focus(&before);
                }
            });
        }
    });
}

/// What Tab can reach, but the dialog's own edges.
const TABBABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"], .edge)";

/// One edge of a modal dialog: an unseen stop that Tab reaches only by leaving the dialog's
/// controls, and that sends focus round to the other end, so that Tab and Shift+Tab stay inside
/// (even where the browser makes a scrolling box a stop of its own). `first` is the edge before
/// the controls: Shift+Tab from the first control lands there and goes on to the last.
pub fn edge(first: bool) -> Html {
    let onfocus = Callback::from(move |e: FocusEvent| {
        let Some(dialog) = e
            .target_dyn_into::<web_sys::Element>()
            .and_then(|edge| edge.parent_element())
        else {
            return;
        };
        let Ok(list) = dialog.query_selector_all(TABBABLE) else {
            return;
        };
        let at = if first {
            list.length().saturating_sub(1)
        } else {
            0
        };
        if let Some(to) = list
            .item(at)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            browser::focus(&to);
        }
    });
    html! { <span class="edge" tabindex="0" {onfocus}></span> }
}
