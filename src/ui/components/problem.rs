//! The message shown when an operation was refused or a scenario did not load.

use yew::prelude::*;

use crate::scenario::CATALOG;
use crate::ui::address::DEFAULT_SCENARIO;
use crate::ui::describe::{op_error_text, Names};
use crate::ui::i18n::{shorten, Lang};
use crate::ui::state::Problem;

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
        Problem::Unreachable { name, status } => {
            let why = match (status, lang) {
                (0, Lang::Zh) => "没有回应".to_owned(),
                (0, Lang::En) => "no answer".to_owned(),
                (code, _) => format!("HTTP {code}"),
            };
            match lang {
                Lang::Zh => format!("无法获取场景“{}”（scenarios/{}.json：{why}）。", shorten(name, 40), shorten(name, 40)),
                Lang::En => format!(
                    "Could not fetch the scenario \"{}\" (scenarios/{}.json: {why}).",
                    shorten(name, 40),
                    shorten(name, 40)
                ),
            }
        }
        Problem::UnknownScenario(name) => {
            let known: Vec<&str> = CATALOG.iter().map(|(n, _, _)| *n).collect();
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
        Problem::BadFile { name, error } => match lang {
            Lang::Zh => format!("文件“{}”无法作为场景打开：{}", shorten(name, 40), shorten(&error.text().zh, 300)),
            Lang::En => format!("The file \"{}\" could not be opened as a scenario: {}", shorten(name, 40), shorten(&error.text().en, 300)),
        },
        Problem::BadScenario(error) => match lang {
            Lang::Zh => format!(
                "场景无法加载：{}。显示的是“{DEFAULT_SCENARIO}”。",
                shorten(&error.text().zh, 300)
            ),
            Lang::En => format!(
                "The scenario could not be loaded: {}. Showing \"{DEFAULT_SCENARIO}\".",
                shorten(&error.text().en, 300)
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
    /// Close the message.
    pub on_dismiss: Callback<()>,
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
                onclick={props.on_dismiss.reform(|_| ())}>{ "×" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    #[test]
    fn a_bad_scenario_is_explained_wholly_in_the_interface_language() {
        let error = Scenario::load("{\"title\": {\"zh\": \"t\", \"en\": \"t\"}, \"nodez\": []}")
            .unwrap_err();
        let problem = Problem::BadScenario(error);
        let names = Names::default();
        assert_eq!(
            problem_text(&problem, &names, Lang::Zh),
            "场景无法加载：第 1 行第 41 列：未知字段 `nodez`，可用的字段：`title`、`summary`、`nodes`、`rules`、`steps`、`log`。显示的是“sandbox”。"
        );
        assert_eq!(
            problem_text(&problem, &names, Lang::En),
            "The scenario could not be loaded: line 1, column 41: unknown field `nodez`; expected one of `title`, `summary`, `nodes`, `rules`, `steps`, `log`. Showing \"sandbox\"."
        );
    }
}
