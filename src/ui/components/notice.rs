//! A small notice explaining that a `?lang=` value was not understood.

use yew::prelude::*;

use crate::ui::i18n::{shorten, Lang};

/// Props of [`LangNotice`].
#[derive(Properties, PartialEq)]
pub struct LangNoticeProps {
    /// The interface language.
    pub lang: Lang,
    /// The `?lang=` value that was not understood.
    pub value: String,
    /// Called when the user closes the notice.
    pub on_dismiss: Callback<()>,
}

/// Says which `?lang=` value was ignored and which values work.
#[function_component(LangNotice)]
pub fn lang_notice(props: &LangNoticeProps) -> Html {
    let lang = props.lang;
    let onclick = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="notice" role="status">
            <span>
                { lang.pick("不支持的语言参数 ", "Unsupported language ") }
                <code>{ format!("lang={}", shorten(&props.value, 24)) }</code>
                { lang.pick("，可用的是 zh 或 en。", "; use zh or en.") }
            </span>
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
