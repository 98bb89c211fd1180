//! The tour bar under the stage: the caption of the current step, "step 4 / 12", previous and
//! next; after the user changed history, a note and a way back to the script.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::i18n::Lang;
use crate::ui::state::{pick, Action, Loaded};

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
    /// Every gesture.
    pub dispatch: Callback<Action>,
}

impl PartialEq for TourBarProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && Rc::ptr_eq(&self.loaded, &other.loaded)
            && self.step == other.step
            && self.left_script == other.left_script
    }
}

/// The caption and the tour's navigation; for a scenario without a script, its summary.
#[function_component(TourBar)]
pub fn tour_bar(props: &TourBarProps) -> Html {
    let lang = props.lang;
    let loaded = &props.loaded;
    let d = &props.dispatch;
    if !loaded.guided() {
        let hint = loaded
            .caption(1, lang)
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| pick(&loaded.tour.scenario.summary, lang))
            .to_owned();
        return html! {
            <div class="tour free">
                <p class="caption"><strong>{ pick(&loaded.tour.scenario.title, lang) }</strong>{ " · " }{ hint }</p>
            </div>
        };
    }
    let n = loaded.steps();
    let k = props.step;
    let caption = loaded.caption(k, lang).unwrap_or_default().to_owned();
    let counter = match lang {
        Lang::Zh => format!("第 {k} / {n} 步"),
        Lang::En => format!("step {k} / {n}"),
    };
    html! {
        <div class={classes!("tour", props.left_script.then_some("left"))}>
            <div class="tour-nav" role="group" aria-label={lang.pick("导览", "Tour")}>
                <button type="button" class="btn" disabled={k <= 1 && !props.left_script}
                    aria-label={lang.pick("上一步 (← / PageUp)", "Previous step (← / PageUp)")}
                    title={lang.pick("上一步 (← / PageUp)", "Previous step (← / PageUp)")}
                    onclick={d.reform(|_| Action::TourPrev)}>{ "◀" }</button>
                <span class="counter" aria-live="polite">{ counter }</span>
                <button type="button" class="btn" disabled={k >= n && !props.left_script}
                    aria-label={lang.pick("下一步 (→ / PageDown)", "Next step (→ / PageDown)")}
                    title={lang.pick("下一步 (→ / PageDown)", "Next step (→ / PageDown)")}
                    onclick={d.reform(|_| Action::TourNext)}>{ "▶" }</button>
            </div>
            if props.left_script {
                <p class="caption takeover" role="status">
                    <strong>{ lang.pick("你改变了历史。", "You changed history.") }</strong>
                    { lang.pick(
                        " 导览的脚本不再适用；上一步/下一步会回到脚本。",
                        " The tour's script no longer applies; previous/next step return to it.",
                    ) }
                    <button type="button" class="btn inline" onclick={d.reform(|_| Action::RestartTour)}>
                        { lang.pick("重新开始导览", "Restart tour") }
                    </button>
                </p>
            } else {
                <p class="caption" aria-live="polite">{ caption }</p>
            }
        </div>
    }
}
