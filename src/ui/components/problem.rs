//! The message shown when an operation was refused or a scenario did not load.

use yew::prelude::*;

use crate::scenario::CATALOG;
use crate::ui::address::DEFAULT_SCENARIO;
use crate::ui::describe::{op_error_text, Names};
use crate::ui::i18n::{shorten, Lang};
use crate::ui::moment::{LinkError, VERSION};
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
        Problem::Link {
            error,
            replayed,
            of,
        } => link_text(error, *replayed, *of, names, lang),
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

/// Why a link's run was not replayed in full, and how far it got.
fn link_text(error: &LinkError, replayed: usize, of: usize, names: &Names, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let why = match error {
        LinkError::Newer(v) => {
            return match lang {
                Lang::Zh => format!("这个链接由更新版本的 Paxos 实验室生成（运行格式 {v}），本页面只能读取格式 {VERSION}。显示的是场景的开头。"),
                Lang::En => format!("This link was made by a newer Paxos Lab (run format {v}); this page reads format {VERSION}. The scenario is shown from its start."),
            }
        }
        LinkError::Unreadable => {
            return lang
                .pick(
                    "链接中的运行（run=）无法读取，显示的是场景的开头。",
                    "The run in this link (run=) cannot be read; the scenario is shown from its start.",
                )
                .to_owned()
        }
        LinkError::Script { asked, has } => {
            return match lang {
                Lang::Zh => format!("链接要重放导览脚本的 {asked} 个操作，但这个场景只有 {has} 个：它属于另一个场景或另一个版本。显示的是场景的开头。"),
                Lang::En => format!("The link replays {asked} operations of the tour's script, but this scenario has {has}: it belongs to another scenario or version. The scenario is shown from its start."),
            }
        }
        LinkError::Instant { at, end } => {
            return match lang {
                Lang::Zh => format!("链接要显示第 {at} 个操作之后的时刻，但它的运行在第 {end} 个操作后就结束了。显示的是运行的结尾。"),
                Lang::En => format!("The link asks for the instant after operation {at}, but its run ends after operation {end}. The run is shown at its end."),
            }
        }
        LinkError::Corrupt { at, .. } if zh => format!("链接在第 {} 个操作处损坏", at + 1),
        LinkError::Corrupt { at, .. } => format!("The link is corrupted at operation {}", at + 1),
        LinkError::Cut { got, of } if zh => format!("链接不完整：{of} 个操作只剩 {got} 个"),
        LinkError::Cut { got, of } => format!("The link is cut off: it holds {got} of its {of} operations"),
        LinkError::Refused { at, error } => {
            let text = crate::scenario::op_error_text(error, &|n| {
                (names.get(n, Lang::Zh), names.get(n, Lang::En))
            });
            match lang {
                Lang::Zh => format!("第 {} 个操作已不适用：{}", at + 1, text.zh),
                Lang::En => format!("Operation {} no longer applies: {}", at + 1, text.en),
            }
        }
    };
    match lang {
        Lang::Zh => format!("{why}。已重放 {replayed}/{of} 个操作，运行显示到那里为止。"),
        Lang::En => format!(
            "{why}. Replayed {replayed} of {of} operations; the run is shown as far as that."
        ),
    }
}

/// A clear message of what went wrong, over the bottom of the stage, which `on_dismiss` closes.
/// A plain function, not a component: it is drawn only while there is a problem.
pub fn problem_box(
    lang: Lang,
    problem: &Problem,
    names: &Names,
    on_dismiss: &Callback<()>,
) -> Html {
    html! {
        <div class="problem" role="alert">
            <span aria-hidden="true" class="problem-icon">{ "!" }</span>
            <span>{ problem_text(problem, names, lang) }</span>
            <button type="button" class="close" aria-label={lang.pick("关闭提示", "Dismiss message")}
                onclick={on_dismiss.reform(|_| ())}>{ "×" }</button>
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
