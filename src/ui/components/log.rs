//! The event log: every event narrated, newest at the bottom, read out politely by screen
//! readers, scrolled to the end as it grows.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::browser;
use crate::ui::i18n::Lang;
use crate::ui::narrate::Tone;
use crate::ui::state::{Action, LogLine};

/// Props of [`LogView`].
#[derive(Properties, PartialEq)]
pub struct LogViewProps {
    /// The interface language.
    pub lang: Lang,
    /// The lines.
    pub log: Rc<Vec<LogLine>>,
    /// Every gesture.
    pub dispatch: Callback<Action>,
}

/// The narrated event log.
#[function_component(LogView)]
pub fn log_view(props: &LogViewProps) -> Html {
    let lang = props.lang;
    let list_ref = use_node_ref();
    {
        let list_ref = list_ref.clone();
        use_effect_with(Rc::clone(&props.log), move |_| {
            if let Some(el) = list_ref.cast::<web_sys::Element>() {
                browser::scroll_to_end(&el);
            }
        });
    }
    html! {
        <section class="log-panel" aria-labelledby="log-title">
            <div class="panel-head">
                <h2 id="log-title">{ lang.pick("事件日志", "Event log") }</h2>
                <button type="button" class="close drawer-close" aria-label={lang.pick("关闭日志", "Close the log")}
                    onclick={props.dispatch.reform(|_| Action::ToggleLog)}>{ "×" }</button>
            </div>
            <ol class="log" ref={list_ref} aria-live="polite" aria-relevant="additions" tabindex="0"
                aria-label={lang.pick("事件日志", "Event log")}>
                if props.log.is_empty() {
                    <li class="empty">{ lang.pick("还没有事件。", "Nothing has happened yet.") }</li>
                }
                { for props.log.iter().map(|line| {
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
