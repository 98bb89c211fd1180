//! The timeline under the stage: a slider over the whole recorded run, with marks where
//! proposals, crashes and restarts, the user's interventions, choices, decisions, violations and
//! the tour's steps happened; the part after the cursor (the recorded future) is drawn apart.
//! Beside it, Undo and Redo bring back the future that acting in the past abandoned, or the
//! fork again, and a note says when a fork happened.

use std::rc::Rc;

use yew::prelude::*;

use super::icons::{icon, Icon};
use crate::sim::SetAside;
use crate::ui::i18n::Lang;
use crate::ui::state::{Mark, MarkKind};

/// Props of [`Timeline`].
#[derive(Properties)]
pub struct TimelineProps {
    /// The interface language.
    pub lang: Lang,
    /// The ops up to the instant shown.
    pub cursor: usize,
    /// The ops recorded.
    pub len: usize,
    /// The simulator's clock at the instant shown.
    pub tick: u64,
    /// The marks, oldest first.
    pub marks: Rc<Vec<Mark>>,
    /// The run set aside by the last fork, if any, and where the two runs part.
    pub set_aside: Option<(SetAside, usize)>,
    /// Go to the world after this many ops.
    pub on_goto: Callback<usize>,
    /// Bring back the abandoned future.
    pub on_undo: Callback<()>,
    /// Bring back the undone fork.
    pub on_redo: Callback<()>,
}

impl PartialEq for TimelineProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && self.cursor == other.cursor
            && self.len == other.len
            && self.tick == other.tick
            && Rc::ptr_eq(&self.marks, &other.marks)
            && self.set_aside == other.set_aside
    }
}

/// The scrubber, its marks, and Undo / Redo of a fork.
#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let lang = props.lang;
    let (k, n) = (props.cursor, props.len);
    let mut value_text = match lang {
        Lang::Zh => format!("第 {k} / {n} 步，时刻 {}", props.tick),
        Lang::En => format!("step {k} of {n}, tick {}", props.tick),
    };
    // The marks are drawn for the eye only; the slider says the ones at its instant.
    let from = props.marks.partition_point(|m| m.at < k);
    for mark in props.marks[from..].iter().take_while(|m| m.at == k) {
        for line in mark.text.lines() {
            value_text.push_str(lang.pick("；", "; "));
            value_text.push_str(line);
        }
    }
    let on_input = {
        let on_goto = props.on_goto.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(k) = input.value().parse() {
                on_goto.emit(k);
            }
        })
    };
    let way = props.set_aside.map(|(way, _)| way);
    let undo_title = lang.pick(
        "撤销分叉：找回被放弃的未来 (Ctrl+Z)",
        "Undo the fork: bring back the abandoned future (Ctrl+Z)",
    );
    let redo_title = lang.pick(
        "重做分叉：回到新的未来 (Ctrl+Shift+Z)",
        "Redo the fork: return to the new future (Ctrl+Shift+Z)",
    );
    let note = match way {
        Some(SetAside::Abandoned) => lang.pick(
            "从这里开始了新的未来；Ctrl+Z 可以找回原来的。",
            "A new future starts here; Ctrl+Z brings back the old one.",
        ),
        Some(SetAside::Undone) => lang.pick(
            "原来的未来回来了；Ctrl+Shift+Z 回到新的。",
            "The old future is back; Ctrl+Shift+Z returns to the new one.",
        ),
        None => "",
    };
    // The marks are drawn again only when they change, not on every frame of a run playing.
    let fork = props.set_aside.map(|(_, at)| at);
    let strip = {
        let (marks, on_goto) = (Rc::clone(&props.marks), props.on_goto.clone());
        use_memo((Rc::as_ptr(&props.marks) as usize, fork, lang), move |_| {
            mark_strip(lang, &marks, fork, &on_goto)
        })
    };
    html! {
        <div class="timeline" role="group" aria-label={lang.pick("时间线", "Timeline")}>
            <div class="tl-buttons">
                <button type="button" class="btn icon" disabled={way != Some(SetAside::Abandoned)}
                    aria-label={lang.pick("撤销", "Undo")} title={undo_title}
                    onclick={props.on_undo.reform(|_| ())}>{ icon(Icon::Undo) }</button>
                <button type="button" class="btn icon" disabled={way != Some(SetAside::Undone)}
                    aria-label={lang.pick("重做", "Redo")} title={redo_title}
                    onclick={props.on_redo.reform(|_| ())}>{ icon(Icon::Redo) }</button>
            </div>
            // The marks sit at `--at` of `--n` (app.css), so a step changes this one number,
            // not every mark's position.
            <div class="tl-track" style={format!("--n: {}", n.max(1))}>
                { (*strip).clone() }
                // The recorded future, after the cursor, is veiled.
                <div class="tl-future" aria-hidden="true"
                    style={left(k, n)} />
                <input type="range" class="tl-slider" min="0" max={n.to_string()}
                    value={k.to_string()} disabled={n == 0}
                    aria-label={lang.pick("时间线", "Timeline")} aria-valuetext={value_text}
                    oninput={on_input} />
            </div>
            <p class="tl-note" aria-live="polite">{ note }</p>
        </div>
    }
}

/// The position of instant `at` of `n` along the slider: 8px in from each end, where the
/// slider's thumb stops (CSS does the division, with no float formatting in the wasm).
fn left(at: usize, n: usize) -> String {
    format!("left: calc(8px + (100% - 16px) * {at} / {})", n.max(1))
}

/// A mark's instant, for app.css to place it along the slider as [`left`] does.
fn at_style(at: usize) -> String {
    format!("--at: {at}")
}

fn kind_class(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Step => "k-step",
        MarkKind::Proposal => "k-proposal",
        MarkKind::Crash => "k-crash",
        MarkKind::Restart => "k-restart",
        MarkKind::Intervention => "k-user",
        MarkKind::Chosen => "k-chosen",
        MarkKind::Decided => "k-decided",
        MarkKind::Violation => "k-violation",
    }
}

/// The marks over the slider: small coloured ticks with their words as tooltips, clickable with
/// a mouse. Hidden from assistive technology, which has the event log, and the slider, whose
/// value text names the marks at its instant.
fn mark_strip(lang: Lang, marks: &[Mark], fork: Option<usize>, on_goto: &Callback<usize>) -> Html {
    let fork = fork.map(|at| {
        let title = lang.pick("分叉点", "Where the futures part");
        html! { <span class="tl-mark k-fork" style={at_style(at)} title={title} /> }
    });
    html! {
        <div class="tl-marks" aria-hidden="true">
            { fork }
            { for marks.iter().map(|m| {
                let at = m.at;
                html! {
                    <span class={classes!("tl-mark", kind_class(m.kind))} style={at_style(at)}
                        title={m.text.clone()} onclick={on_goto.reform(move |_: MouseEvent| at)} />
                }
            }) }
        </div>
    }
}
