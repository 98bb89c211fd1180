//! The control bar: play, step, speed, reset, loss, protocol settings, log, and the banners
//! (what was chosen, and whether safety holds).

use yew::prelude::*;

use super::icons::{icon, Icon};
use crate::ui::i18n::Lang;
use crate::ui::speed::Speed;

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The interface language.
    pub lang: Lang,
    /// Playing (or the tour advancing by itself).
    pub playing: bool,
    /// The play button plays the tour (advances it step by step) rather than the run.
    pub plays_tour: bool,
    /// The speed.
    pub speed: Speed,
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
    /// Who has learned a chosen value.
    pub learned_by: Vec<String>,
    /// The safety violation, in words.
    pub violation: Option<String>,
    /// Play or pause.
    pub on_play: Callback<()>,
    /// One event back.
    pub on_back: Callback<()>,
    /// One event forward.
    pub on_forward: Callback<()>,
    /// The speed slider moved.
    pub on_speed: Callback<Speed>,
    /// Back to the scenario's start.
    pub on_reset: Callback<()>,
    /// The loss slider moved (percent).
    pub on_loss: Callback<u8>,
    /// Show or hide the protocol settings.
    pub on_settings: Callback<()>,
    /// Show or hide the event log.
    pub on_log: Callback<()>,
}

/// The control bar.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let lang = props.lang;
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
    let on_speed = props.on_speed.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        Speed::at(input.value().parse().unwrap_or(0))
    });
    let on_loss = props.on_loss.reform(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.value().parse().unwrap_or(0)
    });
    let speed = props.speed.text();
    let pressed = |on: bool| if on { "true" } else { "false" };
    html! {
        <div class="controls" role="toolbar" aria-label={lang.pick("运行控制", "Run controls")}>
            <button type="button" class={classes!("btn", "primary", props.playing.then_some("on"))}
                aria-label={play_label} title={play_label}
                onclick={props.on_play.reform(|_| ())}>
                { icon(if props.playing { Icon::Pause } else { Icon::Play }) }
                <span class="label" aria-hidden="true">
                    { if props.playing { lang.pick("暂停", "Pause") } else { lang.pick("播放", "Play") } }
                </span>
            </button>
            <button type="button" class="btn" aria-label={back_label} title={back_label}
                disabled={!props.can_back}
                onclick={props.on_back.reform(|_| ())}>
                { icon(Icon::Back) }
                <span class="label" aria-hidden="true">{ lang.pick("后退", "Back") }</span>
            </button>
            <button type="button" class="btn" aria-label={fwd_label} title={fwd_label}
                onclick={props.on_forward.reform(|_| ())}>
                { icon(Icon::Step) }
                <span class="label" aria-hidden="true">{ lang.pick("前进", "Step") }</span>
            </button>
            <label class="slider" title={lang.pick("速度：0.1× 到 10×", "Speed: 0.1× to 10×")}>
                <span class="label">{ lang.pick("速度", "Speed") }</span>
                <input type="range" min={(-Speed::RANGE).to_string()} max={Speed::RANGE.to_string()} step="1"
                    value={props.speed.position().to_string()}
                    aria-label={lang.pick("速度", "Speed")}
                    aria-valuetext={speed.clone()}
                    oninput={on_speed} />
                <output>{ speed }</output>
            </label>
            <button type="button" class="btn" aria-label={lang.pick("重置", "Reset")}
                title={lang.pick("回到场景开头", "Back to the scenario's start")}
                onclick={props.on_reset.reform(|_| ())}>
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
                onclick={props.on_settings.reform(|_| ())}>
                { icon(Icon::Settings) }
                <span class="label" aria-hidden="true">{ lang.pick("协议", "Protocol") }</span>
            </button>
            <button type="button" class={classes!("btn", "log-toggle", props.log_open.then_some("on"))}
                aria-pressed={pressed(props.log_open)}
                aria-label={lang.pick("事件日志", "Event log")}
                title={lang.pick("事件日志", "Event log")}
                onclick={props.on_log.reform(|_| ())}>
                { icon(Icon::Log) }
                <span class="label" aria-hidden="true">{ lang.pick("日志", "Log") }</span>
            </button>
            { banners(lang, &props.chosen, &props.learned_by, props.violation.as_deref(), props.guided) }
        </div>
    }
}

/// The chosen-value banner (once a majority has accepted anything), which says whether anybody
/// knows yet, and the safety banner: the values `chosen` at the acceptors so far, who has
/// `learned_by` them, and the safety `violation` in words. `quiet` while a guided tour plays
/// its script: its caption says what happens, and the banners stay quiet, so that a screen
/// reader hears one announcement per step. A plain function, not a component: drawn with
/// the controls, and in the embed's top bar.
pub fn banners(
    lang: Lang,
    chosen: &[String],
    learned_by: &[String],
    violation: Option<&str>,
    quiet: bool,
) -> Html {
    let sep = lang.pick("、", ", ");
    html! {
        <div class="banners" role="status" aria-live={ if quiet { "off" } else { "polite" } }>
            if !chosen.is_empty() {
                <span class="banner chosen">
                    { lang.pick("已选定：", "Chosen: ") }
                    <strong>{ chosen.join(sep) }</strong>
                    <span class="learned">
                        if learned_by.is_empty() {
                            { lang.pick(" · 还没有人知道", " · nobody knows yet") }
                        } else {
                            { lang.pick(" · 已得知：", " · learned by ") }
                            { learned_by.join(sep) }
                        }
                    </span>
                </span>
            }
            if let Some(v) = violation {
                <span class="banner unsafe" title={v.to_owned()}>
                    <span aria-hidden="true">{ "✗ " }</span>{ v.to_owned() }
                </span>
            } else {
                <span class="banner safe">
                    <span aria-hidden="true">{ "✓ " }</span>{ lang.pick("安全性成立", "Safety holds") }
                </span>
            }
        </div>
    }
}
