//! The quiz card: a question about the next event, its numbered choices, and once answered,
//! whether the pick was right, what happened, and the rule that decided it.

use std::rc::Rc;

use yew::prelude::*;

use super::focus::use_focus_return;

use crate::paxos::Rule;
use crate::ui::ask::{choice, explanation};
use crate::ui::browser;
use crate::ui::describe::Names;
use crate::ui::i18n::Lang;
use crate::ui::narrate::{narrate, rule_name};
use crate::ui::state::QuizCard;

/// Props of [`Quiz`].
#[derive(Properties)]
pub struct QuizProps {
    /// The interface language.
    pub lang: Lang,
    /// The card.
    pub card: Rc<QuizCard>,
    /// The nodes' names.
    pub names: Names,
    /// Right answers, and answers.
    pub score: (u32, u32),
    /// Embed mode: a larger card, for a room.
    pub embed: bool,
    /// Pick a choice, or reveal the answer (`None`).
    pub on_answer: Callback<Option<usize>>,
    /// Ask about the next event.
    pub on_again: Callback<()>,
    /// One event forward (where the next event gives no question).
    pub on_step: Callback<()>,
    /// A tour's question: play the step.
    pub on_continue: Callback<()>,
    /// Open the help at a rule.
    pub on_rule: Callback<Rule>,
    /// Close the card.
    pub on_close: Callback<()>,
}

impl PartialEq for QuizProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && Rc::ptr_eq(&self.card, &other.card)
            && self.names == other.names
            && self.score == other.score
            && self.embed == other.embed
    }
}

/// The quiz card.
#[function_component(Quiz)]
pub fn quiz(props: &QuizProps) -> Html {
    let lang = props.lang;
    use_focus_return();
    let card = &props.card;
    // Each new question takes focus, so that a screen reader reads it as it appears.
    let question_ref = use_node_ref();
    {
        let question_ref = question_ref.clone();
        use_effect_with(card.prompt(lang).to_owned(), move |_| {
            if let Some(el) = question_ref.cast::<web_sys::Element>() {
                browser::focus(&el);
            }
        });
    }
    let title = lang.pick("预测下一步", "Predict the next step");
    let (right, answered) = props.score;
    let level = card.question.as_ref().map_or(1, |q| q.level());
    let score = match lang {
        Lang::Zh => format!("难度 {level} · 答对 {right} / {answered}"),
        Lang::En => format!("level {level} · {right} of {answered} right"),
    };
    let body = match &card.question {
        None => html! {
            <>
                <p class="q">{ lang.pick(
                    "下一个事件没有可问的：它是计时器，或是一条收到的节点不按规则作决定的消息。前进一步再问。",
                    "Nothing to ask about the next event: it is a timer, or a message its receiver makes no rule-bound decision on. Step on and ask again.",
                ) }</p>
                <button type="button" class="btn" onclick={props.on_step.reform(|_| ())}>
                    { lang.pick("前进一个事件 (→)", "Step forward (→)") }
                </button>
            </>
        },
        Some(q) => {
            let done = card.answered();
            let choices = q.choices.iter().enumerate().map(|(i, c)| {
                let class = classes!(
                    "choice",
                    (done && i == q.answer).then_some("right"),
                    (card.picked == Some(i) && i != q.answer).then_some("wrong"),
                );
                html! {
                    <li>
                        <button type="button" {class} disabled={done}
                            aria-pressed={if card.picked == Some(i) { "true" } else { "false" }}
                            onclick={props.on_answer.reform(move |_| Some(i))}>
                            <span class="num" aria-hidden="true">{ i + 1 }</span>
                            { choice(c, lang) }
                        </button>
                    </li>
                }
            });
            let answer = choice(&q.choices[q.answer], lang);
            let rule = q.rule;
            let verdict = match card.picked {
                Some(p) if p == q.answer => lang.pick("答对了！", "Right!").to_owned(),
                Some(_) => match lang {
                    Lang::Zh => format!("不对。答案是：{answer}。"),
                    Lang::En => format!("Not quite. The answer: {answer}."),
                },
                None => match lang {
                    Lang::Zh => format!("答案是：{answer}。"),
                    Lang::En => format!("The answer: {answer}."),
                },
            };
            let happened: Vec<String> = q
                .outcome
                .iter()
                .filter_map(|e| narrate(e, &props.names, lang))
                .take(4)
                .collect();
            html! {
                <>
                    <p class="q" tabindex="-1" ref={question_ref.clone()}>{ card.prompt(lang).to_owned() }</p>
                    <ol class="choices">{ for choices }</ol>
                    // The feedback is the card's one announcement.
                    <div class="feedback" role="status">
                        if done {
                            <p class={classes!("verdict", if card.picked.is_none_or(|p| p == q.answer) { "ok" } else { "no" })}>
                                { verdict }
                            </p>
                            <p class="why">
                                <button type="button" class="rule"
                                    aria-label={format!("{}{}", rule_name(q.rule, lang), lang.pick("：在帮助中查看", ": see it in the help"))}
                                    onclick={props.on_rule.reform(move |_| rule)}>{ rule_name(q.rule, lang) }</button>
                                { " " }{ explanation(q, lang) }
                            </p>
                            <ul class="happened" aria-label={lang.pick("发生了什么", "What happened")}>
                                { for happened.into_iter().map(|t| html! { <li>{ t }</li> }) }
                            </ul>
                        }
                    </div>
                    if !done {
                        <button type="button" class="btn" onclick={props.on_answer.reform(|_| None)}>
                            { lang.pick("揭晓答案 (R)", "Reveal the answer (R)") }
                        </button>
                    } else if card.gate.is_some() {
                        <button type="button" class="btn primary" onclick={props.on_continue.reform(|_| ())}>
                            { lang.pick("播放这一步 (→)", "Play the step (→)") }
                        </button>
                    } else {
                        <button type="button" class="btn primary" onclick={props.on_again.reform(|_| ())}>
                            { lang.pick("下一题", "Next question") }
                        </button>
                    }
                </>
            }
        }
    };
    html! {
        <section class={classes!("panel", "quiz", props.embed.then_some("big"))} aria-labelledby="quiz-title">
            <div class="panel-head">
                <h2 id="quiz-title">{ title }</h2>
                <span class="score">{ score }</span>
                <button type="button" class="close" aria-label={lang.pick("关闭测验", "Close the quiz")}
                    onclick={props.on_close.reform(|_| ())}>{ "×" }</button>
            </div>
            { body }
        </section>
    }
}
