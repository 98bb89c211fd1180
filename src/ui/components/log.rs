//! The event log: every event narrated, newest at the bottom, read out politely by screen
//! readers, kept scrolled to the end as it grows (unless the reader scrolled up).

use std::rc::Rc;

use yew::prelude::*;

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
            <ol class="log" aria-live="polite" aria-relevant="additions" tabindex="0"
                aria-label={lang.pick("事件日志（最新的在下面）", "Event log (newest at the bottom)")}>
                { for props.log.iter().rev().map(|line| {
                    let tone = match line.tone {
                        Tone::Rule => "t-rule",
                        Tone::World => "t-world",
                        Tone::Chosen => "t-chosen",
                        Tone::Alarm => "t-alarm",
                    };
                    html! {
                        <li key={line.id} class={tone}>
                            { line.text.clone() }
                            if let Some(rule) = line.rule {
                                <span class="rule">{ rule }</span>
                            }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
