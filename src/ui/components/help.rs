//! The keyboard help, opened with `?` and closed with Escape, and the rules of Paxos in one
//! sentence each; the quiz's rule chip opens it at its rule.

use yew::prelude::*;

use super::focus::{edge, use_focus_return};

use crate::paxos::Rule;
use crate::ui::ask::rule_statement;
use crate::ui::browser;
use crate::ui::i18n::Lang;
use crate::ui::narrate::rule_name;

/// Props of [`Help`].
#[derive(Properties, PartialEq)]
pub struct HelpProps {
    /// The interface language.
    pub lang: Lang,
    /// Guided mode (the arrows move by tour step).
    pub guided: bool,
    /// The embed, which has no share dialog: L does nothing there, and is not listed.
    #[prop_or_default]
    pub embed: bool,
    /// The rule to show first, if it was opened at one.
    pub rule: Option<Rule>,
    /// Close the help.
    pub on_close: Callback<()>,
}

/// The list of keys, in a dialog.
#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let lang = props.lang;
    use_focus_return();
    let close_ref = use_node_ref();
    let rule_ref = use_node_ref();
    {
        let (close_ref, rule_ref) = (close_ref.clone(), rule_ref.clone());
        use_effect_with(props.rule, move |_| {
            // Opened at a rule: its statement is read first.
            if let Some(el) = rule_ref.cast::<web_sys::Element>().or(close_ref.cast()) {
                browser::focus(&el);
            }
        });
    }
    let rows = [
        (
            lang.pick("空格", "Space"),
            lang.pick(
                "播放 / 暂停；导览中：自动播放导览",
                "Play / pause; in a tour: play the tour step by step",
            ),
        ),
        (
            "→  PageDown",
            lang.pick(
                "前进一个事件；导览中：下一步",
                "One event forward; in a tour: next step",
            ),
        ),
        (
            "←  PageUp",
            lang.pick(
                "后退一个事件；导览中：上一步",
                "One event back; in a tour: previous step",
            ),
        ),
        (
            "Tab",
            lang.pick(
                "在节点、消息和按钮之间移动",
                "Move between nodes, messages and buttons",
            ),
        ),
        (
            "Enter",
            lang.pick(
                "打开节点面板或消息菜单",
                "Open a node's panel or a message's menu",
            ),
        ),
        (
            "Esc",
            lang.pick(
                "关闭菜单、面板或本帮助",
                "Close a menu, a panel or this help",
            ),
        ),
        (
            "Ctrl+Z",
            lang.pick(
                "撤销分叉：找回在过去行动时放弃的未来",
                "Undo a fork: bring back the future that acting in the past abandoned",
            ),
        ),
        (
            "Ctrl+Shift+Z  Ctrl+Y",
            lang.pick("重做分叉", "Redo the fork"),
        ),
        (
            "j  k",
            lang.pick(
                "在时空图中逐个事件移动（Home / End 到两端，回车跳到该时刻）",
                "In the space-time diagram: move event by event (Home / End to the ends, Enter to go there)",
            ),
        ),
        (
            "+  −  0",
            lang.pick(
                "在时空图中放大、缩小、显示全部（也可 Ctrl+滚轮）",
                "In the space-time diagram: zoom in, out, fit the whole run (or Ctrl+wheel)",
            ),
        ),
        (
            "L",
            lang.pick("复制指向此刻的链接", "Copy a link to this moment"),
        ),
        (
            "Q",
            lang.pick(
                "考考我：就下一个事件提问（导览中：下一步的问题）",
                "Quiz me: a question about the next event (in a tour: the next step's question)",
            ),
        ),
        (
            "1–6  R",
            lang.pick("选择答案；揭晓答案", "Pick an answer; reveal the answer"),
        ),
        ("?", lang.pick("显示 / 隐藏本帮助", "Show / hide this help")),
    ];
    html! {
        <div class="overlay" onclick={props.on_close.reform(|_| ())}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title"
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                { edge(true) }
                <div class="dialog-head">
                    <h2 id="help-title">{ lang.pick("键盘快捷键", "Keyboard shortcuts") }</h2>
                    <button type="button" class="close" ref={close_ref}
                        aria-label={lang.pick("关闭帮助", "Close help")}
                        onclick={props.on_close.reform(|_| ())}>{ "×" }</button>
                </div>
                <dl class="keys">
                    { for rows.iter().filter(|(k, _)| !(props.embed && *k == "L")).map(|(k, what)| html! {
                        <>
                            <dt><kbd>{ *k }</kbd></dt>
                            <dd>{ *what }</dd>
                        </>
                    }) }
                </dl>
                <h3>{ lang.pick("Paxos 的规则", "The rules of Paxos") }</h3>
                <dl class="keys rules">
                    { for Rule::ALL.into_iter().map(|r| {
                        let at = props.rule == Some(r);
                        html! {
                            <>
                                <dt class={classes!(at.then_some("at"))} tabindex={at.then_some("-1")}
                                    ref={if at { rule_ref.clone() } else { NodeRef::default() }}>
                                    <span class="rule">{ rule_name(r, lang) }</span>
                                </dt>
                                <dd>{ rule_statement(r, lang) }</dd>
                            </>
                        }
                    }) }
                </dl>
                <p class="hint">
                    { if props.guided {
                        lang.pick("现在是导览模式：方向键按步前进。", "You are in a guided tour: the arrows move by step.")
                    } else {
                        lang.pick("现在是自由模式：方向键按事件前进。", "You are in free mode: the arrows move by event.")
                    } }
                </p>
                { edge(false) }
            </div>
        </div>
    }
}
