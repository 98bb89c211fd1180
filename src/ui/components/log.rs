//! The event log: every event narrated, drawn newest at the bottom (and newest first for a
//! screen reader, which reads the document's order), read out politely by screen
//! readers when the user steps by hand (not while the run plays, nor in a guided tour, whose
//! caption says what each step does: one announcement per step, not a flood), kept scrolled to
//! the end as it grows (unless the reader scrolled up). Each line is a
//! button that goes to the instant just after its event; Tab reaches the newest, and ↑ / ↓,
//! Home / End move between lines.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::{EventId, MsgId};
use crate::ui::browser;
use crate::ui::i18n::Lang;
use crate::ui::narrate::Tone;
use crate::ui::state::LogLine;

/// Props of [`LogView`].
#[derive(Properties, PartialEq)]
pub struct LogViewProps {
    /// The interface language.
    pub lang: Lang,
    /// The lines.
    pub log: Rc<Vec<LogLine>>,
    /// Close the log drawer.
    pub on_close: Callback<()>,
    /// Go to the instant just after this event.
    pub on_goto: Callback<EventId>,
    /// The message linked across the views: its lines are highlighted.
    pub linked: Option<MsgId>,
    /// The pointer or focus came onto a line about a message, or left it.
    pub on_link: Callback<Option<MsgId>>,
    /// New lines are announced (a live region).
    pub live: bool,
}

/// The narrated event log.
#[function_component(LogView)]
pub fn log_view(props: &LogViewProps) -> Html {
    let lang = props.lang;
    html! {
        <section class="log-panel" aria-labelledby="log-title">
            <div class="panel-head">
                <h2 id="log-title">{ lang.pick("事件日志", "Event log") }</h2>
                <button type="button" class="close drawer-close" aria-label={lang.pick("关闭日志", "Close the log")}
                    onclick={props.on_close.reform(|_| ())}>{ "×" }</button>
            </div>
            if props.log.is_empty() {
                <p class="empty">{ lang.pick("还没有事件。", "Nothing has happened yet.") }</p>
            }
            // Only keyed lines in the list, so that Yew matches them by key, not by position.
            // Newest first in the document, drawn bottom-up (`column-reverse` in app.css): the
            // newest line is at the bottom and the list stays scrolled to it with no script
            // (setting the scroll position would force a layout of the page on every update).
            // A screen reader reads the document's order, so its name says newest first.
            <ol class="log" aria-live={ if props.live { "polite" } else { "off" } } aria-relevant="additions" onkeydown={move_between_lines()}
                aria-label={lang.pick("事件日志（最新的在前）", "Event log (newest first)")}>
                { for props.log.iter().rev().enumerate().map(|(i, line)| {
                    let tone = match line.tone {
                        Tone::Rule => "t-rule",
                        Tone::World => "t-world",
                        Tone::Chosen => "t-chosen",
                        Tone::Alarm => "t-alarm",
                    };
                    let id = line.id;
                    let msg = line.msg;
                    let linked = msg.is_some() && msg == props.linked;
                    let link = |on: bool| {
                        let on_link = props.on_link.clone();
                        move || {
                            if msg.is_some() {
                                on_link.emit(msg.filter(|_| on));
                            }
                        }
                    };
                    let (enter, leave, focus, blur) = (link(true), link(false), link(true), link(false));
                    html! {
                        <li key={line.id} class={classes!(tone, linked.then_some("linked"))}>
                            // Only the newest line is on the Tab path; the arrows reach the rest.
                            <button type="button" class="log-line" tabindex={if i == 0 { "0" } else { "-1" }}
                                onclick={props.on_goto.reform(move |_| EventId(id))}
                                onmouseenter={Callback::from(move |_: MouseEvent| enter())}
                                onmouseleave={Callback::from(move |_: MouseEvent| leave())}
                                onfocus={Callback::from(move |_: FocusEvent| focus())}
                                onblur={Callback::from(move |_: FocusEvent| blur())}>
                                { line.text.clone() }
                                if let Some(rule) = line.rule {
                                    <span class="rule">{ rule }</span>
                                }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

/// ↑ / ↓ move to the older / newer line, Home / End to the oldest / newest (the list is newest
/// first in the document, drawn bottom-up).
fn move_between_lines() -> Callback<KeyboardEvent> {
    Callback::from(|e: KeyboardEvent| {
        let Some(li) = e
            .target_dyn_into::<web_sys::Element>()
            .and_then(|button| button.parent_element())
        else {
            return;
        };
        let to = match e.key().as_str() {
            "ArrowUp" => li.next_element_sibling(),
            "ArrowDown" => li.previous_element_sibling(),
            "Home" => li.parent_element().and_then(|ol| ol.last_element_child()),
            "End" => li.parent_element().and_then(|ol| ol.first_element_child()),
            _ => return,
        };
        e.prevent_default();
        if let Some(button) = to.and_then(|li| li.first_element_child()) {
            browser::focus(&button);
        }
    })
}
