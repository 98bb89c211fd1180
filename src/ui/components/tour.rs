//! The tour bar under the stage: the caption of the current step, "step 4 / 12", previous and
//! next; after the user changed history, a note and a way back to the script. In embed mode it
//! also carries the play button (and, without a tour, the event steps), since the control bar
//! is hidden there.

use std::rc::Rc;

use yew::prelude::*;

use super::icons::{icon, Icon};
use crate::ui::i18n::Lang;
use crate::ui::state::{pick, Loaded};

/// Props of [`TourBar`].
#[derive(Properties)]
pub struct TourBarProps {
    /// The interface language.
    pub lang: Lang,
    /// The scenario.
    pub loaded: Rc<Loaded>,
    /// The tour step shown.
    pub step: usize,
    /// The user left the script.
    pub left_script: bool,
    /// Embed mode: the bar also has the play button (and the event steps, without a tour).
    pub embed: bool,
    /// The run plays, or the tour advances by itself.
    pub playing: bool,
    /// A step back is possible.
    pub can_back: bool,
    /// Play or pause (embed mode).
    pub on_play: Callback<()>,
    /// One event back (embed mode, outside a tour).
    pub on_back: Callback<()>,
    /// One event forward (embed mode, outside a tour).
    pub on_forward: Callback<()>,
    /// The previous step of the tour.
    pub on_prev: Callback<()>,
    /// The next step of the tour.
    pub on_next: Callback<()>,
    /// Back to the start of the tour.
    pub on_restart: Callback<()>,
    /// The next step has a question, not asked yet.
    pub question: bool,
    /// Ask it.
    pub on_question: Callback<()>,
}

impl PartialEq for TourBarProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && Rc::ptr_eq(&self.loaded, &other.loaded)
            && self.step == other.step
            && self.left_script == other.left_script
            && self.embed == other.embed
            && self.playing == other.playing
            && self.can_back == other.can_back
            && self.question == other.question
    }
}

/// The caption and the tour's navigation; for a scenario without a script, its summary.
#[function_component(TourBar)]
pub fn tour_bar(props: &TourBarProps) -> Html {
    let lang = props.lang;
    let loaded = &props.loaded;
    let play = props.embed.then(|| {
        play_button(
            lang,
            props.playing,
            loaded.guided() && !props.left_script,
            &props.on_play,
        )
    });
    if !loaded.guided() {
        let hint = loaded
            .caption(1, lang)
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| pick(&loaded.tour.scenario.summary, lang))
            .to_owned();
        return html! {
            <div class="tour free">
                if props.embed {
                    <div class="tour-nav" role="group" aria-label={lang.pick("运行控制", "Run controls")}>
                        { play }
                        <button type="button" class="btn" disabled={!props.can_back}
                            aria-label={lang.pick("后退一个事件 (←)", "Step back one event (←)")}
                            onclick={props.on_back.reform(|_| ())}>{ icon(Icon::Back) }</button>
                        <button type="button" class="btn"
                            aria-label={lang.pick("前进一个事件 (→)", "Step forward one event (→)")}
                            onclick={props.on_forward.reform(|_| ())}>{ icon(Icon::Step) }</button>
                    </div>
                }
                <p class="caption"><strong>{ pick(&loaded.tour.scenario.title, lang) }</strong>{ " · " }{ hint }</p>
            </div>
        };
    }
    let n = loaded.steps();
    let k = props.step;
    let caption = loaded.caption(k, lang).unwrap_or_default().to_owned();
    // Step 0 is the start of the timeline, before step 1's actions have played.
    let counter = match (lang, k) {
        (Lang::Zh, 0) => format!("开始 · 共 {n} 步"),
        (Lang::En, 0) => format!("start · {n} steps"),
        (Lang::Zh, _) => format!("第 {k} / {n} 步"),
        (Lang::En, _) => format!("step {k} / {n}"),
    };
    html! {
        <div class={classes!("tour", props.left_script.then_some("left"))}>
            <div class="tour-nav" role="group" aria-label={lang.pick("导览", "Tour")}>
                <button type="button" class="btn" disabled={k <= 1 && !props.left_script}
                    aria-label={lang.pick("上一步 (← / PageUp)", "Previous step (← / PageUp)")}
                    title={lang.pick("上一步 (← / PageUp)", "Previous step (← / PageUp)")}
                    onclick={props.on_prev.reform(|_| ())}>{ "◀" }</button>
                // Not a live region: the caption below is the step's one announcement.
                <span class="counter">{ counter }</span>
                <button type="button" class="btn" disabled={k >= n && !props.left_script}
                    aria-label={lang.pick("下一步 (→ / PageDown)", "Next step (→ / PageDown)")}
                    title={lang.pick("下一步 (→ / PageDown)", "Next step (→ / PageDown)")}
                    onclick={props.on_next.reform(|_| ())}>{ "▶" }</button>
                { play }
                if props.question {
                    <button type="button" class="btn question-hint"
                        aria-label={lang.pick("提问：下一步的问题 (Q)", "Ask the next step's question (Q)")}
                        title={lang.pick("提问：下一步的问题 (Q)", "Ask the next step's question (Q)")}
                        onclick={props.on_question.reform(|_| ())}>{ icon(Icon::Quiz) }{ "?" }</button>
                }
            </div>
            if props.left_script {
                <p class="caption takeover" role="status">
                    <strong>{ lang.pick("你改变了历史。", "You changed history.") }</strong>
                    { lang.pick(
                        " 导览的脚本不再适用；上一步/下一步会回到脚本。",
                        " The tour's script no longer applies; previous/next step return to it.",
                    ) }
                    <button type="button" class="btn inline" onclick={props.on_restart.reform(|_| ())}>
                        { lang.pick("重新开始导览", "Restart tour") }
                    </button>
                </p>
            } else {
                <p class="caption" aria-live="polite">{ caption }</p>
            }
        </div>
    }
}

/// The play button of embed mode: in a tour it starts or stops the tour advancing by itself.
fn play_button(lang: Lang, playing: bool, tour: bool, on_play: &Callback<()>) -> Html {
    let label = match (tour, playing) {
        (true, false) => lang.pick("自动播放导览 (空格)", "Play the tour (Space)"),
        (true, true) => lang.pick("暂停导览 (空格)", "Pause the tour (Space)"),
        (false, false) => lang.pick("播放 (空格)", "Play (Space)"),
        (false, true) => lang.pick("暂停 (空格)", "Pause (Space)"),
    };
    html! {
        <button type="button" class={classes!("btn", "primary", playing.then_some("on"))}
            aria-label={label} title={label}
            onclick={on_play.reform(|_| ())}>
            { icon(if playing { Icon::Pause } else { Icon::Play }) }
        </button>
    }
}
