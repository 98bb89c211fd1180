//! A small notice listing the address parameters the page did not use, and why.

use yew::prelude::*;

use crate::quiz::challenge::Challenge;
use crate::ui::address::{Ignored, Reason, KNOWN};
use crate::ui::i18n::{shorten, Lang};

/// Why a parameter was not used, in `lang`.
pub fn reason_text(reason: Reason, lang: Lang) -> String {
    match reason {
        Reason::Unknown => match lang {
            Lang::Zh => format!("不认识这个参数（可用的有 {}）", KNOWN.join("、")),
            Lang::En => format!("no such parameter (known: {})", KNOWN.join(", ")),
        },
        Reason::Language => lang.pick("语言只能是 zh 或 en", "use zh or en").to_owned(),
        Reason::Flag => lang.pick("只能是 1 或 0", "use 1 or 0").to_owned(),
        Reason::Step => lang
            .pick("步骤须是从 1 起的整数", "a step is a whole number from 1")
            .to_owned(),
        Reason::StepBeyond { last } => match lang {
            Lang::Zh => format!("导览只有 {last} 步，显示的是第 {last} 步"),
            Lang::En => format!("the tour has {last} steps; showing step {last}"),
        },
        Reason::NoSteps => lang
            .pick("这个场景没有导览步骤", "this scenario has no tour steps")
            .to_owned(),
        Reason::Speed => lang
            .pick(
                "速度须在 0.1 到 10 之间",
                "speed is a number from 0.1 to 10",
            )
            .to_owned(),
        Reason::View => lang
            .pick(
                "视图只能是 stage、diagram 或 both",
                "use stage, diagram or both",
            )
            .to_owned(),
        Reason::Theme => lang
            .pick("主题只能是 projector 或 light", "use projector or light")
            .to_owned(),
        Reason::Exercise => match lang {
            Lang::Zh => format!("没有这个练习（可用的有 {}）", exercise_names()),
            Lang::En => format!("no such exercise (known: {})", exercise_names()),
        },
        Reason::WithExercise => lang
            .pick(
                "练习打开自己的场景，从它自己的起点开始",
                "a challenge opens its own scenario, from its own start",
            )
            .to_owned(),
        Reason::NoScenario => lang
            .pick(
                "没有这个场景；用的是后面给出的那个",
                "no such scenario; the one named after it applies",
            )
            .to_owned(),
        Reason::Repeated => lang
            .pick(
                "重复给出；用的是第一个",
                "given twice; the first one applies",
            )
            .to_owned(),
        Reason::WithInline => lang
            .pick(
                "显示的是链接自带的场景（#scenario=）",
                "the scenario carried in the link (#scenario=) is shown",
            )
            .to_owned(),
        Reason::WithRun => lang
            .pick(
                "显示的是运行（run=）自己的时刻",
                "the run's own instant (run=) is shown",
            )
            .to_owned(),
    }
}

/// The challenges' names, for a notice.
fn exercise_names() -> String {
    let names: Vec<&str> = Challenge::ALL.iter().map(|c| c.name()).collect();
    names.join(", ")
}

/// Says which parameters of the address were `ignored`, and what works instead; `on_dismiss`
/// closes the notice. A plain function, not a component: the page draws it only while it has
/// something to say.
pub fn notices(lang: Lang, ignored: &[Ignored], on_dismiss: &Callback<()>) -> Html {
    let onclick = on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="notice" role="status">
            <span class="notice-lead">{ lang.pick("链接中有参数未被使用：", "Ignored in the address:") }</span>
            <ul>
                { for ignored.iter().map(|i| html! {
                    <li>
                        <code>{ shorten(&i.param, 40) }</code>
                        { lang.pick("：", ": ") }
                        { reason_text(i.reason, lang) }
                    </li>
                }) }
            </ul>
            <button
                type="button"
                class="notice-close"
                aria-label={ lang.pick("关闭提示", "Dismiss notice") }
                {onclick}
            >
                { "×" }
            </button>
        </div>
    }
}
