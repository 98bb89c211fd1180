//! The top bar: title, scenario picker, opening a scenario file, embed code, presentation and
//! help buttons, language switch.

use std::rc::Rc;

use yew::prelude::*;

use super::icons::{icon, Icon};
use crate::ui::browser::{self, OpenedFile};
use crate::ui::i18n::Lang;
use crate::ui::state::{pick, Entry, Loaded};

/// Props of [`Header`].
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// The interface language.
    pub lang: Lang,
    /// The built-in scenarios.
    pub catalog: Rc<Vec<Entry>>,
    /// The scenario shown: its name if it is a built-in one, its title and its summary.
    pub loaded: SameLoaded,
    /// Presentation mode is on.
    pub presentation: bool,
    /// The projector theme is on.
    pub projector: bool,
    /// A built-in scenario was picked, by name.
    pub on_pick: Callback<String>,
    /// A scenario file was opened.
    pub on_file: Callback<OpenedFile>,
    /// The embed button.
    pub on_share: Callback<()>,
    /// The presentation mode button.
    pub on_presentation: Callback<()>,
    /// The projector theme button.
    pub on_projector: Callback<()>,
    /// The keyboard help button.
    pub on_help: Callback<()>,
    /// A language was chosen.
    pub on_lang: Callback<Lang>,
}

/// The scenario shown, compared by pointer: the page renders every frame, and the scenario
/// changes only when another is opened.
pub struct SameLoaded(pub Rc<Loaded>);

impl PartialEq for SameLoaded {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The top bar of the page.
#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let lang = props.lang;
    let on_pick = props.on_pick.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        select.value()
    });
    let loaded = &props.loaded.0;
    let current = loaded.name.as_deref().unwrap_or_default();
    let on_file = {
        let on_file = props.on_file.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                browser::open_scenario_file(file, &on_file);
            }
            // Picking the same file again must load it again.
            input.set_value("");
        })
    };
    let loaded_label = [
        pick(&loaded.tour.scenario.title, lang),
        lang.pick("（来自链接或文件）", " (from a link or file)"),
    ]
    .concat();
    html! {
        <header class="topbar">
            <h1 class="title">{ lang.pick("Paxos 实验室", "Paxos Lab") }</h1>
            <p class="tagline">
                { lang.pick("分布式共识算法 Paxos 的教学演示", "A teaching visualizer of the Paxos consensus algorithm") }
            </p>
            <label class="picker">
                <span class="label">{ lang.pick("场景", "Scenario") }</span>
                // The summary is the picker's tooltip, and so its accessible description.
                <select onchange={on_pick} aria-label={lang.pick("场景", "Scenario")} title={pick(&loaded.tour.scenario.summary, lang).to_owned()}>
                    // The option shows the title (its `label`, and its accessible name, for
                    // readers that take only `aria-label`), and its text says where the scenario
                    // came from, so that the title's text on the page is the caption's.
                    if loaded.name.is_none() {
                        <option value="" selected=true label={loaded_label.clone()} aria-label={loaded_label}>
                            { lang.pick("（来自链接或文件）", "(from a link or file)") }
                        </option>
                    }
                    { for props.catalog.iter().map(|entry| html! {
                        <option value={entry.name} selected={entry.name == current}>
                            { pick(&entry.title, lang) }
                        </option>
                    }) }
                </select>
            </label>
            <label class="btn icon file-pick" title={lang.pick("打开场景文件（也可以拖到页面上）", "Open a scenario file (or drop one on the page)")}>
                { icon(Icon::Open) }
                <input type="file" accept=".json,application/json,text/plain"
                    aria-label={lang.pick("打开场景文件", "Open a scenario file")}
                    onchange={on_file} />
            </label>
            <button
                type="button"
                class="btn icon"
                aria-label={lang.pick("嵌入幻灯片", "Embed in slides")}
                title={lang.pick("嵌入幻灯片：复制嵌入代码", "Embed in slides: copy the embed code")}
                onclick={props.on_share.reform(|_| ())}
            >
                { icon(Icon::Embed) }
            </button>
            <button
                type="button"
                class="btn icon"
                aria-pressed={ if props.presentation { "true" } else { "false" } }
                aria-label={lang.pick("演示模式（放大）", "Presentation mode (larger)")}
                title={lang.pick("演示模式（放大）", "Presentation mode (larger)")}
                onclick={props.on_presentation.reform(|_| ())}
            >
                { icon(Icon::Enlarge) }
            </button>
            <button
                type="button"
                class="btn icon"
                aria-pressed={ if props.projector { "true" } else { "false" } }
                aria-label={lang.pick("投影仪主题（高对比度）", "Projector theme (high contrast)")}
                title={lang.pick("投影仪主题（高对比度）", "Projector theme (high contrast)")}
                onclick={props.on_projector.reform(|_| ())}
            >
                { icon(Icon::Contrast) }
            </button>
            <button
                type="button"
                class="btn icon"
                aria-label={lang.pick("键盘快捷键", "Keyboard shortcuts")}
                title={lang.pick("键盘快捷键 (?)", "Keyboard shortcuts (?)")}
                onclick={props.on_help.reform(|_| ())}
            >
                <span aria-hidden="true">{ "?" }</span>
            </button>
            { lang_switch(lang, &props.on_lang) }
        </header>
    }
}

/// Two toggle buttons, each labelled in its own language ("中文", "English"), the `current`
/// one pressed; `on_lang` is called with the language whose button was pressed. A plain
/// function, not a component: it is drawn with the header, and a component of its own would
/// only add code.
fn lang_switch(current: Lang, on_lang: &Callback<Lang>) -> Html {
    html! {
        <div class="lang-switch" role="group" aria-label={ current.pick("界面语言", "Interface language") }>
            { for Lang::ALL.iter().map(|&lang| {
                let onclick = on_lang.reform(move |_: MouseEvent| lang);
                html! {
                    <button
                        type="button"
                        lang={ lang.tag() }
                        aria-pressed={ if lang == current { "true" } else { "false" } }
                        {onclick}
                    >
                        { lang.native_name() }
                    </button>
                }
            }) }
        </div>
    }
}
