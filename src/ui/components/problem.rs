//! The message shown when an operation was refused or a scenario did not load.

use yew::prelude::*;

use crate::scenario::BUILTIN;
use crate::ui::describe::{op_error_text, Names};
use crate::ui::i18n::{shorten, Lang};
use crate::ui::state::{Action, Problem, DEFAULT_SCENARIO};

/// A problem, explained in `lang`.
pub fn problem_text(problem: &Problem, names: &Names, lang: Lang) -> String {
    match problem {
        Problem::Op(e) => op_error_text(e, names, lang),
        Problem::BallotText(text) => match lang {
            Lang::Zh => format!("“{}”不是编号：请填一个正整数，或留空使用下一个编号。", shorten(text, 20)),
            Lang::En => format!(
                "\"{}\" is not a ballot number: type a whole number from 1, or leave it empty for the next one.",
                shorten(text, 20)
            ),
        },
        Problem::UnknownScenario(name) => {
            let known: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
            match lang {
                Lang::Zh => format!(
                    "没有名为“{}”的场景，显示的是“{DEFAULT_SCENARIO}”。可用的有：{}。",
                    shorten(name, 40),
                    known.join("、")
                ),
                Lang::En => format!(
                    "There is no scenario called \"{}\"; showing \"{DEFAULT_SCENARIO}\". Built-in scenarios: {}.",
                    shorten(name, 40),
                    known.join(", ")
                ),
            }
        }
        Problem::BadScenario(message) => match lang {
            Lang::Zh => format!("场景无法加载（{}），显示的是“{DEFAULT_SCENARIO}”。", shorten(message, 300)),
            Lang::En => format!(
                "The scenario could not be loaded ({}); showing \"{DEFAULT_SCENARIO}\".",
                shorten(message, 300)
            ),
        },
    }
}

/// Props of [`ProblemBox`].
#[derive(Properties, PartialEq)]
pub struct ProblemBoxProps {
    /// The interface language.
    pub lang: Lang,
    /// What went wrong.
    pub problem: Problem,
    /// Node names.
    pub names: Names,
    /// Every gesture.
    pub dispatch: Callback<Action>,
}

/// A clear, dismissible message over the bottom of the stage.
#[function_component(ProblemBox)]
pub fn problem_box(props: &ProblemBoxProps) -> Html {
    let lang = props.lang;
    html! {
        <div class="problem" role="alert">
            <span aria-hidden="true" class="problem-icon">{ "!" }</span>
            <span>{ problem_text(&props.problem, &props.names, lang) }</span>
            <button type="button" class="close" aria-label={lang.pick("关闭提示", "Dismiss message")}
                onclick={props.dispatch.reform(|_| Action::DismissProblem)}>{ "×" }</button>
        </div>
    }
}
