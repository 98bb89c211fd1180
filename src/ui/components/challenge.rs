//! The challenges: a bar over the stage with the one under way (its goal, the actions left,
//! restart and stop, and once it is over, what happened), and the side panel that lists them
//! with the student's progress.

use yew::prelude::*;

use super::focus::use_focus_return;

use crate::quiz::challenge::{Challenge, Standing};
use crate::sim::EventId;
use crate::ui::browser;
use crate::ui::i18n::Lang;
use crate::ui::state::Progress;

/// A challenge's title.
pub fn title(c: Challenge, lang: Lang) -> &'static str {
    match c {
        Challenge::AcceptFirst => lang.pick("攻破“只有 P1”", "Break P1 alone"),
        Challenge::NoAdoption => lang.pick("攻破不采纳报告值的 Paxos", "Break Paxos without P2c"),
        Challenge::Correct => lang.pick("试着攻破正确的 Paxos", "Try to break correct Paxos"),
        Challenge::Live => lang.pick("让活锁结束", "End the livelock"),
    }
}

/// What a challenge asks for; `embed`, where the switch it needs is in the bar itself.
fn goal(c: Challenge, embed: bool, lang: Lang) -> &'static str {
    match c {
        Challenge::AcceptFirst => lang.pick(
            "规则：没有准备阶段，接受者接受先到的提案。目标：让两个不同的值都被选定。",
            "Rules: no phase 1; an acceptor accepts whatever arrives first. Goal: get two different values chosen.",
        ),
        Challenge::NoAdoption => lang.pick(
            "规则：提议者不理会承诺里报告的值。目标：让两个不同的值都被选定。提议、投递、丢弃、宕机都算一次行动。",
            "Rules: proposers ignore the values reported in promises. Goal: get two different values chosen. Proposing, delivering, dropping and crashing each count as an action.",
        ),
        Challenge::Correct => lang.pick(
            "规则：正确的 Paxos。目标：让两个不同的值都被选定。提议、投递、丢弃、宕机、重启，随你。",
            "Rules: correct Paxos. Goal: get two different values chosen. Propose, deliver, drop, duplicate, crash and restart as you like.",
        ),
        Challenge::Live if embed => lang.pick(
            "两个提议者互相抢先，谁也完成不了。目标：在下面选择正确的活性规则，让一个值被选定。只有你的操作计数，时间流逝不算。",
            "Two proposers keep overtaking each other. Goal: choose the right liveness rule below and get a value chosen. Only what you do counts, not time passing.",
        ),
        Challenge::Live => lang.pick(
            "两个提议者互相抢先，谁也完成不了。目标：打开正确的活性规则（协议开关），让一个值被选定。只有你的操作计数，时间流逝不算。",
            "Two proposers keep overtaking each other. Goal: turn on the right liveness rule (Protocol switches) and get a value chosen. Only what you do counts, not time passing.",
        ),
    }
}

/// What [`challenge_bar`] shows.
pub struct ChallengeBar {
    /// The interface language.
    pub lang: Lang,
    /// The challenge under way.
    pub challenge: Challenge,
    /// How it stands.
    pub standing: Standing,
    /// Restarts so far.
    pub attempts: u32,
    /// Once it is won: the moments that made it, each a line of the log to go to.
    pub moments: Vec<(EventId, String)>,
    /// Correct Paxos, after a try: why no run can break it, with the student's run.
    pub why: Option<String>,
    /// Restart it.
    pub on_restart: Callback<()>,
    /// Stop it.
    pub on_stop: Callback<()>,
    /// Go to the instant of an event.
    pub on_goto: Callback<EventId>,
    /// Play the run again from the challenge's start.
    pub on_replay: Callback<()>,
    /// The switch the challenge needs, where the page has no protocol switches to reach it
    /// (the embed, for "End the livelock").
    pub switch: Option<Html>,
}

/// The challenge under way. A plain function, not a component: the page works out what it
/// shows on every render of a challenge anyway, so a component's comparison of its props would
/// only add code.
pub fn challenge_bar(props: &ChallengeBar) -> Html {
    let lang = props.lang;
    let c = props.challenge;
    let s = props.standing;
    let budget = c.budget();
    let used = match lang {
        Lang::Zh => format!("行动 {} / {budget}", s.used),
        Lang::En => format!("Actions {} / {budget}", s.used),
    };
    let verdict = if s.void {
        Some(lang.pick(
            "你改动了规则，这次不算。重新开始再试。",
            "You changed the rules, so this run does not count. Restart to try again.",
        ))
    } else if s.won && c == Challenge::Live {
        Some(lang.pick(
            "完成！一个值被选定了，活锁结束。",
            "Done! A value was chosen: the livelock is over.",
        ))
    } else if s.won {
        Some(lang.pick(
            "完成！安全检查器确认：两个不同的值被选定了。",
            "Done! The safety checker confirms: two different values were chosen.",
        ))
    } else if s.spent {
        Some(lang.pick(
            "行动用完了。重新开始再试。",
            "Out of actions. Restart to try again.",
        ))
    } else {
        None
    };
    html! {
        <section class={classes!("challenge", s.won.then_some("won"))} aria-labelledby="challenge-title">
            <div class="challenge-head">
                <h2 id="challenge-title">{ lang.pick("挑战：", "Challenge: ") }{ title(c, lang) }</h2>
                <span class="used">{ used }</span>
                <progress max={budget.to_string()} value={s.used.min(budget).to_string()}
                    aria-label={lang.pick("已用的行动", "Actions used")}></progress>
                <button type="button" class="btn" onclick={props.on_restart.reform(|_| ())}>
                    { lang.pick("重新开始", "Restart") }
                </button>
                <button type="button" class="close" aria-label={lang.pick("结束挑战", "Stop the challenge")}
                    onclick={props.on_stop.reform(|_| ())}>{ "×" }</button>
            </div>
            <p class="goal">{ goal(c, props.switch.is_some(), lang) }</p>
            if let Some(switch) = &props.switch {
                <div class="challenge-switch">{ switch.clone() }</div>
            }
            <div role="status">
                if let Some(v) = verdict {
                    <p class="verdict">{ v }</p>
                }
            </div>
            if !props.moments.is_empty() {
                <p class="sub">
                    { lang.pick("经过（点击跳到那一刻）：", "How it went (click to go there): ") }
                    <button type="button" class="btn inline" onclick={props.on_replay.reform(|_| ())}>
                        { lang.pick("重放我的运行", "Replay my run") }
                    </button>
                </p>
                <ol class="moments">
                    { for props.moments.iter().map(|(id, text)| {
                        let id = *id;
                        html! {
                            <li><button type="button" class="log-line" onclick={props.on_goto.reform(move |_| id)}>{ text.clone() }</button></li>
                        }
                    }) }
                </ol>
            }
            if let Some(why) = &props.why {
                <p class="why"><strong>{ lang.pick("为什么做不到：", "Why it cannot be done: ") }</strong>{ why.clone() }</p>
            }
            if props.attempts > 0 {
                <p class="sub">{ match lang {
                    Lang::Zh => format!("第 {} 次尝试", props.attempts + 1),
                    Lang::En => format!("Attempt {}", props.attempts + 1),
                } }</p>
            }
        </section>
    }
}

/// Props of [`Challenges`].
#[derive(Properties, PartialEq)]
pub struct ChallengesProps {
    /// The interface language.
    pub lang: Lang,
    /// The student's progress.
    pub progress: Progress,
    /// Start a challenge.
    pub on_start: Callback<Challenge>,
    /// Forget the progress.
    pub on_reset: Callback<()>,
    /// Close the panel.
    pub on_close: Callback<()>,
}

/// The challenges, and the student's progress.
#[function_component(Challenges)]
pub fn challenges(props: &ChallengesProps) -> Html {
    let lang = props.lang;
    use_focus_return();
    let p = &props.progress;
    let copied = use_state(|| false);
    let copy = {
        let (json, copied) = (p.json(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            browser::copy_text(json.clone(), Callback::from(move |ok| copied.set(ok)));
        })
    };
    let summary = match lang {
        Lang::Zh => format!(
            "测验答对 {} / {}；完成挑战 {} / {}。只保存在这个浏览器里。",
            p.right,
            p.answered,
            p.won.len(),
            Challenge::ALL.len()
        ),
        Lang::En => format!(
            "Quiz: {} of {} right; challenges done: {} of {}. Kept in this browser only.",
            p.right,
            p.answered,
            p.won.len(),
            Challenge::ALL.len()
        ),
    };
    html! {
        <section class="panel challenges" aria-labelledby="challenges-title">
            <div class="panel-head">
                <h2 id="challenges-title">{ lang.pick("挑战", "Challenges") }</h2>
                <button type="button" class="close" aria-label={lang.pick("关闭挑战列表", "Close the challenges")}
                    onclick={props.on_close.reform(|_| ())}>{ "×" }</button>
            </div>
            <ul class="challenge-list">
                { for Challenge::ALL.into_iter().map(|c| {
                    let done = p.won.contains(&c);
                    html! {
                        <li>
                            <button type="button" class="btn" onclick={props.on_start.reform(move |_| c)}>
                                { title(c, lang) }
                                if done {
                                    <span class="done">{ lang.pick(" ✓ 已完成", " ✓ done") }</span>
                                }
                            </button>
                        </li>
                    }
                }) }
            </ul>
            <h3>{ lang.pick("你的进度", "Your progress") }</h3>
            <p class="note">{ summary }</p>
            <div class="row">
                <button type="button" class="btn" onclick={copy}>
                    { lang.pick("复制结果（JSON）", "Copy results (JSON)") }
                </button>
                <button type="button" class="btn" onclick={props.on_reset.reform(|_| ())}>
                    { lang.pick("清除进度", "Reset progress") }
                </button>
            </div>
            <p class="sub" role="status">{ if *copied { lang.pick("已复制。", "Copied.") } else { "" } }</p>
        </section>
    }
}
