//! The protocol's switches: learner strategy, liveness, NACKs, retries, the two readings of
//! the accept rule, and the broken teaching variants, each with a one-line explanation.

use yew::prelude::*;

use super::focus::use_focus_return;

use crate::paxos::{Config, Learning, Liveness, Variant};
use crate::sim::Switch;
use crate::ui::describe::{learning_text, liveness_text, switch_text, Names};
use crate::ui::i18n::Lang;

/// Props of [`Settings`].
#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    /// The interface language.
    pub lang: Lang,
    /// The protocol's configuration now.
    pub config: Config,
    /// Node names.
    pub names: Names,
    /// The learning strategy was chosen.
    pub on_learning: Callback<Learning>,
    /// The liveness rule was chosen.
    pub on_liveness: Callback<Liveness>,
    /// A protocol switch was flipped: to on or off.
    pub on_switch: Callback<(Switch, bool)>,
    /// The panel's close button.
    pub on_close: Callback<()>,
}

/// The learning strategies that make sense for these learners.
pub fn learning_options(config: &Config) -> Vec<Learning> {
    let mut options = vec![Learning::AllLearners];
    options.extend(
        config
            .learners
            .iter()
            .map(|&learner| Learning::Distinguished { learner }),
    );
    if config.learners.len() >= 3 {
        options.push(Learning::DistinguishedSet {
            learners: config.learners[..2].to_vec(),
        });
    }
    if !options.contains(&config.learning) {
        options.push(config.learning.clone());
    }
    options
}

/// The liveness rules that make sense for these proposers.
pub fn liveness_options(config: &Config) -> Vec<Liveness> {
    let mut options = vec![Liveness::None];
    options.extend(
        config
            .proposers
            .iter()
            .map(|&proposer| Liveness::Distinguished { proposer }),
    );
    options.push(Liveness::RandomBackoff { max_extra: 60 });
    if !options.contains(&config.liveness) {
        options.push(config.liveness.clone());
    }
    options
}

/// The choice of liveness rule: in the protocol switches, and in an embedded "End the
/// livelock" challenge, which has no side panel.
pub fn liveness_field(
    lang: Lang,
    config: &Config,
    names: &Names,
    on_liveness: &Callback<Liveness>,
) -> Html {
    let liveness = liveness_options(config);
    let options: Html = liveness
        .iter()
        .enumerate()
        .map(|(i, l)| {
            html! {
                <option value={i.to_string()} selected={*l == config.liveness}>
                    { liveness_text(l, names, lang) }
                </option>
            }
        })
        .collect();
    let onchange = on_liveness.reform(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let i: usize = select.value().parse().unwrap_or(0);
        liveness[i.min(liveness.len() - 1)].clone()
    });
    html! {
        <label class="field">
            <span class="switch-label">{ lang.pick("如何避免活锁", "How livelock is avoided") }</span>
            <select {onchange}>{ options }</select>
            <span class="why">{ lang.pick(
                "只在开启“重试”时起作用。",
                "Matters only when retries are on.",
            ) }</span>
        </label>
    }
}

/// The settings panel.
#[function_component(Settings)]
pub fn settings(props: &SettingsProps) -> Html {
    let lang = props.lang;
    use_focus_return();
    let c = &props.config;
    let learning = learning_options(c);
    let on_learning = {
        let learning = learning.clone();
        props.on_learning.reform(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let i: usize = select.value().parse().unwrap_or(0);
            learning[i.min(learning.len() - 1)].clone()
        })
    };
    let switch = |switch: Switch| {
        let (label, why) = switch_text(switch, lang);
        let checked = c.is_on(switch);
        let onchange = props.on_switch.reform(move |_: Event| (switch, !checked));
        let broken = matches!(switch, Switch::Variant(_));
        html! {
            <label class={classes!("switch", broken.then_some("broken"))}>
                <input type="checkbox" {checked} {onchange} />
                <span class="switch-text">
                    <span class="switch-label">{ label }</span>
                    <span class="why">{ why }</span>
                </span>
            </label>
        }
    };
    html! {
        <section class="panel settings" aria-labelledby="settings-title">
            <div class="panel-head">
                <h2 id="settings-title">{ lang.pick("协议开关", "Protocol switches") }</h2>
                <button type="button" class="close" aria-label={lang.pick("关闭协议开关", "Close the protocol switches")}
                    onclick={props.on_close.reform(|_| ())}>{ "×" }</button>
            </div>
            <p class="note">{ lang.pick(
                "每次改动都记入历史，可以后退撤销。",
                "Every change is recorded in the history and can be stepped back.",
            ) }</p>
            <label class="field">
                <span class="switch-label">{ lang.pick("学习者如何得知结果", "How learners learn") }</span>
                <select onchange={on_learning}>
                    { for learning.iter().enumerate().map(|(i, l)| html! {
                        <option value={i.to_string()} selected={*l == c.learning}>
                            { learning_text(l, &props.names, lang) }
                        </option>
                    }) }
                </select>
            </label>
            { liveness_field(lang, c, &props.names, &props.on_liveness) }
            { switch(Switch::Retry) }
            { switch(Switch::Nacks) }
            { switch(Switch::AcceptToAll) }
            { switch(Switch::AcceptEqual) }
            <h3>{ lang.pick("错误的规则（用来看 Paxos 为什么要这样做）", "Broken rules (to see why Paxos needs its own)") }</h3>
            { for Variant::SINGLE_DECREE.iter().map(|v| switch(Switch::Variant(*v))) }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::NodeId;

    #[test]
    fn options_cover_the_current_setting() {
        let config = Config {
            proposers: vec![NodeId(0), NodeId(1)],
            learners: vec![NodeId(2), NodeId(3), NodeId(4)],
            liveness: Liveness::RandomBackoff { max_extra: 7 },
            ..Config::default()
        };
        let l = learning_options(&config);
        assert_eq!(l.len(), 5, "all, three distinguished, one set");
        let v = liveness_options(&config);
        assert!(v.contains(&config.liveness));
        assert_eq!(v.len(), 5);
    }
}
