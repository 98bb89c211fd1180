//! The control bar: play, step, speed, reset, loss, protocol settings, log, and the banners
//! (what was chosen, and whether safety holds).

use yew::prelude::*;

use super::icons::{icon, Icon};
use crate::ui::i18n::Lang;
use crate::ui::layout::num;
use crate::ui::state::{Action, SPEED_RANGE};

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The interface language.
    pub lang: Lang,
    /// Playing (or the tour advancing by itself).
    pub playing: bool,
    /// The play button plays the tour (advances it step by step) rather than the run.
    pub plays_tour: bool,
    /// The speed slider, -100..=100.
    pub speed: i32,
    /// Random loss, percent.
    pub loss: u8,
    /// A step back is possible.
    pub can_back: bool,
    /// Guided mode: the step buttons move by tour step.
    pub guided: bool,
    /// The settings panel is open.
    pub settings_open: bool,
    /// The log drawer is open.
    pub log_open: bool,
    /// The values decided so far.
    pub chosen: Vec<String>,
    /// The safety violation, in words.
    pub violation: Option<String>,
    /// Every gesture.
    pub dispatch: Callback<Action>,
}

/// The speed factor shown beside the slider: "0.10×" to "10×" (integer arithmetic: float
/// formatting would add tens of kilobytes to the page).
pub fn speed_text(speed: i32) -> String {
    let f = 10f64.powf(f64::from(speed) / f64::from(SPEED_RANGE));
    if f < 0.995 {
        let hundredths = (f * 100.0).round() as u32;
        format!("0.{hundredths:02}×")
    } else if f < 9.95 {
        format!("{}×", num(f))
    } else {
        format!("{}×", f.round() as u32)
    }
}

/// The control bar.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let lang = props.lang;
    let d = &props.dispatch;
    let play_label = match (props.plays_tour, props.playing) {
        (true, false) => lang.pick("自动播放导览 (空格)", "Play the tour (Space)"),
        (true, true) => lang.pick("暂停导览 (空格)", "Pause the tour (Space)"),
        (false, false) => lang.pick("播放 (空格)", "Play (Space)"),
        (false, true) => lang.pick("暂停 (空格)", "Pause (Space)"),
    };
    let (back_label, fwd_label) = if props.guided {
        (
            lang.pick("后退一个事件", "Step back one event"),
            lang.pick("前进一个事件", "Step forward one event"),
        )
    } else {
        (
            lang.pick("后退一个事件 (←)", "Step back one event (←)"),
            lang.pick("前进一个事件 (→)", "Step forward one event (→)"),
        )
    };
    let on_speed = d.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        Action::SetSpeed(input.value().parse().unwrap_or(0))
    });
    let on_loss = d.reform(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        Action::SetLoss(input.value().parse().unwrap_or(0))
    });
    let speed = speed_text(props.speed);
    let pressed = |on: bool| if on { "true" } else { "false" };
    html! {
        <div class="controls" role="toolbar" aria-label={lang.pick("运行控制", "Run controls")}>
            <button type="button" class={classes!("btn", "primary", props.playing.then_some("on"))}
                aria-label={play_label} title={play_label}
                onclick={d.reform(|_| Action::TogglePlay)}>
                { icon(if props.playing { Icon::Pause } else { Icon::Play }) }
                <span class="label" aria-hidden="true">
                    { if props.playing { lang.pick("暂停", "Pause") } else { lang.pick("播放", "Play") } }
                </span>
            </button>
            <button type="button" class="btn" aria-label={back_label} title={back_label}
                disabled={!props.can_back}
                onclick={d.reform(|_| Action::StepBack)}>
                { icon(Icon::Back) }
                <span class="label" aria-hidden="true">{ lang.pick("后退", "Back") }</span>
            </button>
            <button type="button" class="btn" aria-label={fwd_label} title={fwd_label}
                onclick={d.reform(|_| Action::StepForward)}>
                { icon(Icon::Step) }
                <span class="label" aria-hidden="true">{ lang.pick("单步", "Step") }</span>
            </button>
            <label class="slider" title={lang.pick("速度：0.1× 到 10×", "Speed: 0.1× to 10×")}>
                <span class="label">{ lang.pick("速度", "Speed") }</span>
                <input type="range" min={(-SPEED_RANGE).to_string()} max={SPEED_RANGE.to_string()} step="1"
                    value={props.speed.to_string()}
                    aria-label={lang.pick("速度", "Speed")}
                    aria-valuetext={speed.clone()}
                    oninput={on_speed} />
                <output>{ speed }</output>
            </label>
            <button type="button" class="btn" aria-label={lang.pick("重置", "Reset")}
                title={lang.pick("回到场景开头", "Back to the scenario's start")}
                onclick={d.reform(|_| Action::Reset)}>
                { icon(Icon::Reset) }
                <span class="label" aria-hidden="true">{ lang.pick("重置", "Reset") }</span>
            </button>
            <label class="slider loss" title={lang.pick("每条消息到达时随机丢失的概率", "Chance that each message is lost on arrival")}>
                <span class="label">{ lang.pick("丢包", "Loss") }</span>
                <input type="range" min="0" max="100" step="5" value={props.loss.to_string()}
                    aria-label={lang.pick("随机丢包率（百分比）", "Random loss (percent)")}
                    aria-valuetext={format!("{}%", props.loss)}
                    onchange={on_loss} />
                <output>{ format!("{}%", props.loss) }</output>
            </label>
            <button type="button" class={classes!("btn", props.settings_open.then_some("on"))}
                aria-pressed={pressed(props.settings_open)}
                aria-label={lang.pick("协议开关", "Protocol switches")}
                title={lang.pick("协议开关", "Protocol switches")}
                onclick={d.reform(|_| Action::ToggleSettings)}>
                { icon(Icon::Settings) }
                <span class="label" aria-hidden="true">{ lang.pick("协议", "Protocol") }</span>
            </button>
            <button type="button" class={classes!("btn", "log-toggle", props.log_open.then_some("on"))}
                aria-pressed={pressed(props.log_open)}
                aria-label={lang.pick("事件日志", "Event log")}
                title={lang.pick("事件日志", "Event log")}
                onclick={d.reform(|_| Action::ToggleLog)}>
                { icon(Icon::Log) }
                <span class="label" aria-hidden="true">{ lang.pick("日志", "Log") }</span>
            </button>
            <Banners {lang} chosen={props.chosen.clone()} violation={props.violation.clone()} />
        </div>
    }
}

/// Props of [`Banners`].
#[derive(Properties, PartialEq)]
pub struct BannersProps {
    /// The interface language.
    pub lang: Lang,
    /// The values decided so far.
    pub chosen: Vec<String>,
    /// The safety violation, in words.
    pub violation: Option<String>,
}

/// The chosen-value banner (once anything is decided) and the safety banner.
#[function_component(Banners)]
pub fn banners(props: &BannersProps) -> Html {
    let lang = props.lang;
    let sep = lang.pick("、", ", ");
    html! {
        <div class="banners" role="status" aria-live="polite">
            if !props.chosen.is_empty() {
                <span class="banner chosen">
                    { lang.pick("已选定：", "Chosen: ") }
                    <strong>{ props.chosen.join(sep) }</strong>
                </span>
            }
            if let Some(v) = &props.violation {
                <span class="banner unsafe" title={v.clone()}>
                    <span aria-hidden="true">{ "✗ " }</span>{ v.clone() }
                </span>
            } else {
                <span class="banner safe">
                    <span aria-hidden="true">{ "✓ " }</span>{ lang.pick("安全性成立", "Safety holds") }
                </span>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::speed_text;

    #[test]
    fn speed_reads_as_a_factor() {
        assert_eq!(speed_text(-100), "0.10×");
        assert_eq!(speed_text(0), "1×");
        assert_eq!(speed_text(-50), "0.32×");
        assert_eq!(speed_text(50), "3.2×");
        assert_eq!(speed_text(100), "10×");
    }
}
