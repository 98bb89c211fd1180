//! A node's panel: kill or restart it, propose from it, and inspect its whole state.

use yew::prelude::*;

use super::focus::use_focus_return;

use crate::paxos::{Ballot, Config, Leadership, MachineKind, Node, NodeId, Phase, StateMachine};
use crate::ui::browser;
use crate::ui::describe::{roles_phrase, Names};
use crate::ui::i18n::Lang;

/// Props of [`NodePanel`].
#[derive(Properties, PartialEq)]
pub struct NodePanelProps {
    /// The interface language.
    pub lang: Lang,
    /// The node's state.
    pub node: Node,
    /// Whether it is up.
    pub up: bool,
    /// The protocol's configuration.
    pub config: Config,
    /// Node names.
    pub names: Names,
    /// The values it decided.
    pub decided: Vec<String>,
    /// The number it would propose with now, if any is left.
    pub next_ballot: Option<Ballot>,
    /// The panel's close button.
    pub on_close: Callback<NodeId>,
    /// Crash the node.
    pub on_kill: Callback<NodeId>,
    /// Restart the node.
    pub on_restart: Callback<NodeId>,
    /// A learner asks the acceptors what they accepted.
    pub on_ask: Callback<NodeId>,
    /// The proposal form was sent.
    pub on_propose: Callback<ProposeForm>,
    /// Multi-Paxos: the command form was sent (the node and the command).
    pub on_submit: Callback<(NodeId, String)>,
    /// Multi-Paxos: the node becomes leader.
    pub on_lead: Callback<NodeId>,
}

/// What the proposal form sends, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposeForm {
    /// The proposer.
    pub node: NodeId,
    /// The value typed.
    pub value: String,
    /// The ballot typed; empty means the proposer's next one.
    pub ballot: String,
    /// The acceptors ticked.
    pub recipients: Vec<NodeId>,
}

/// A value to suggest for a proposer, by its place among the proposers.
pub fn suggested_value(index: usize) -> String {
    const VALUES: [&str; 9] = ["x", "y", "z", "u", "v", "w", "p", "q", "r"];
    VALUES[index % VALUES.len()].to_owned()
}

/// The panel of the selected node.
#[function_component(NodePanel)]
pub fn node_panel(props: &NodePanelProps) -> Html {
    let lang = props.lang;
    use_focus_return();
    let node = &props.node;
    let id = node.id;
    let config = &props.config;
    let roles = config.roles(id);
    let name = props.names.get(id, lang);
    let index = config.proposers.iter().position(|&p| p == id).unwrap_or(0);
    let value = use_state(|| suggested_value(index));
    let ballot_edit = use_state(|| None::<String>);
    let recipients = use_state(|| config.acceptors.clone());
    let head_ref = use_node_ref();
    {
        let head_ref = head_ref.clone();
        use_effect_with(id, move |_| {
            if let Some(el) = head_ref.cast::<web_sys::Element>() {
                browser::focus(&el);
            }
        });
    }
    // The suggestion is always a number the simulator would accept; with none left, the field
    // is empty and the form says why.
    let next_ballot = props.next_ballot;
    let ballot_text = (*ballot_edit)
        .clone()
        .unwrap_or_else(|| next_ballot.map(|b| b.to_string()).unwrap_or_default());
    let on_submit = {
        let (value, ballot_edit, recipients) =
            (value.clone(), ballot_edit.clone(), recipients.clone());
        let ballot_text = ballot_text.clone();
        let on_propose = props.on_propose.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_propose.emit(ProposeForm {
                node: id,
                value: (*value).clone(),
                ballot: ballot_text.clone(),
                recipients: (*recipients).clone(),
            });
            ballot_edit.set(None);
        })
    };
    let on_value = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            value.set(input.value());
        })
    };
    let on_ballot = {
        let ballot_edit = ballot_edit.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            ballot_edit.set(Some(input.value()));
        })
    };
    let toggle = |acceptor: NodeId| {
        let recipients = recipients.clone();
        Callback::from(move |_: Event| {
            let mut list = (*recipients).clone();
            if let Some(i) = list.iter().position(|&a| a == acceptor) {
                list.remove(i);
            } else {
                list.push(acceptor);
                // In id order. An insertion sort: the list is a handful of nodes, and the
                // standard sort would add kilobytes to the page.
                for i in 1..list.len() {
                    let mut j = i;
                    while j > 0 && list[j - 1] > list[j] {
                        list.swap(j - 1, j);
                        j -= 1;
                    }
                }
            }
            recipients.set(list);
        })
    };
    let role_text = roles_phrase(&roles.held(), lang);
    html! {
        <section class="panel node-panel" aria-labelledby="node-panel-title">
            <div class="panel-head">
                <h2 id="node-panel-title" tabindex="-1" ref={head_ref}>
                    { name.clone() }
                    <span class="sub">{ format!(" · {role_text}") }</span>
                </h2>
                <button type="button" class="close" aria-label={lang.pick("关闭节点面板", "Close the node panel")}
                    onclick={props.on_close.reform(move |_| id)}>{ "×" }</button>
            </div>
            <div class="row">
                <span class={classes!("status", (!props.up).then_some("down"))}>
                    { if props.up { lang.pick("运行中", "Running") } else { lang.pick("已宕机", "Down") } }
                </span>
                if props.up {
                    <button type="button" class="btn danger" onclick={props.on_kill.reform(move |_| id)}>
                        { lang.pick("让它宕机", "Kill") }
                    </button>
                } else {
                    <button type="button" class="btn" onclick={props.on_restart.reform(move |_| id)}>
                        { lang.pick("重启", "Restart") }
                    </button>
                }
            </div>
            if roles.learner && props.up && config.multi.is_none() {
                <div class="row">
                    <button type="button" class="btn" onclick={props.on_ask.reform(move |_| id)}
                        title={lang.pick(
                            "错过了结果的学习者可以问接受者：它们接受了什么？",
                            "A learner that missed the outcome can ask: what have the acceptors accepted?",
                        )}>
                        { lang.pick("询问接受者", "Ask the acceptors") }
                    </button>
                </div>
            }
            if roles.proposer && config.multi.is_some() {
                <CommandForm {lang} {id} name={name.clone()} up={props.up}
                    machine={config.multi.as_ref().map_or(MachineKind::Bank, |m| m.machine)}
                    on_submit={props.on_submit.clone()} on_lead={props.on_lead.clone()} />
            }
            if roles.proposer && config.multi.is_none() {
                <form class="propose" onsubmit={on_submit}>
                    <h3>{ lang.pick("提议", "Propose") }</h3>
                    <label class="field">
                        <span>{ lang.pick("值", "Value") }</span>
                        <input type="text" value={(*value).clone()} oninput={on_value} maxlength="40"
                            aria-label={lang.pick("提议的值", "Value to propose")} />
                    </label>
                    <label class="field">
                        <span>{ lang.pick("编号（可改）", "Ballot (optional)") }</span>
                        <input type="text" inputmode="numeric" value={ballot_text} oninput={on_ballot}
                            aria-label={lang.pick("提案编号", "Ballot number")} />
                    </label>
                    if next_ballot.is_none() {
                        <p class="hint" role="note">{ match lang {
                            Lang::Zh => format!("这个提议者在上限 {} 以内已经没有可用的编号了。", Ballot::MAX),
                            Lang::En => format!("This proposer has no number left up to the limit, {}.", Ballot::MAX),
                        } }</p>
                    }
                    <fieldset>
                        <legend>{ lang.pick("发给哪些接受者", "Send to acceptors") }</legend>
                        { for config.acceptors.iter().map(|&a| html! {
                            <label class="check">
                                <input type="checkbox" checked={recipients.contains(&a)} onchange={toggle(a)} />
                                { props.names.get(a, lang) }
                            </label>
                        }) }
                    </fieldset>
                    <button type="submit" class="btn primary">
                        { match lang {
                            Lang::Zh => format!("由 {name} 提议"),
                            Lang::En => format!("Propose from {name}"),
                        } }
                    </button>
                </form>
            }
            <Inspector {lang} node={node.clone()} config={config.clone()} names={props.names.clone()} decided={props.decided.clone()} />
        </section>
    }
}

/// Props of [`CommandForm`].
#[derive(Properties, PartialEq)]
struct CommandFormProps {
    lang: Lang,
    id: NodeId,
    name: String,
    up: bool,
    machine: MachineKind,
    on_submit: Callback<(NodeId, String)>,
    on_lead: Callback<NodeId>,
}

/// Multi-Paxos: "become leader", and a client's command for this proposer: deposit or
/// withdraw an amount at the bank, or `set K V` / `del K` for the key-value map.
#[function_component(CommandForm)]
fn command_form(props: &CommandFormProps) -> Html {
    let lang = props.lang;
    let id = props.id;
    let bank = props.machine == MachineKind::Bank;
    let verb = use_state(|| "deposit".to_owned());
    let amount = use_state(|| "10".to_owned());
    let text = use_state(|| "set x 1".to_owned());
    let onsubmit = {
        let (verb, amount, text) = (verb.clone(), amount.clone(), text.clone());
        let on_submit = props.on_submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let command = if bank {
                format!("{} {}", *verb, amount.trim())
            } else {
                (*text).clone()
            };
            on_submit.emit((id, command));
        })
    };
    let input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.set(input.value());
        })
    };
    let on_verb = {
        let verb = verb.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            verb.set(select.value());
        })
    };
    let name = &props.name;
    html! {
        <>
            <div class="row">
                <button type="button" class="btn" disabled={!props.up}
                    onclick={props.on_lead.reform(move |_| id)}
                    title={lang.pick(
                        "用一个新编号执行一次第一阶段，覆盖它不知道的所有槽位",
                        "Run phase 1 once, with a fresh number, for every slot it does not know",
                    )}>
                    { match lang {
                        Lang::Zh => format!("让 {name} 成为领导者"),
                        Lang::En => format!("Make {name} the leader"),
                    } }
                </button>
            </div>
            <form class="propose" {onsubmit}>
                <h3>{ lang.pick("客户命令", "Client command") }</h3>
                if bank {
                    <label class="field">
                        <span>{ lang.pick("操作", "Operation") }</span>
                        <select onchange={on_verb} aria-label={lang.pick("存款还是取款", "Deposit or withdraw")}>
                            <option value="deposit" selected={*verb == "deposit"}>{ lang.pick("存款 deposit", "deposit") }</option>
                            <option value="withdraw" selected={*verb == "withdraw"}>{ lang.pick("取款 withdraw", "withdraw") }</option>
                        </select>
                    </label>
                    <label class="field">
                        <span>{ lang.pick("金额", "Amount") }</span>
                        <input type="text" inputmode="numeric" value={(*amount).clone()} oninput={input(&amount)}
                            maxlength="9" aria-label={lang.pick("金额", "Amount")} />
                    </label>
                } else {
                    <label class="field">
                        <span>{ lang.pick("命令（set K V 或 del K）", "Command (set K V or del K)") }</span>
                        <input type="text" value={(*text).clone()} oninput={input(&text)} maxlength="40"
                            aria-label={lang.pick("命令", "Command")} />
                    </label>
                }
                <button type="submit" class="btn primary" disabled={!props.up}>
                    { match lang {
                        Lang::Zh => format!("提交给 {name}"),
                        Lang::En => format!("Submit to {name}"),
                    } }
                </button>
            </form>
        </>
    }
}

/// Props of [`Inspector`].
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    lang: Lang,
    node: Node,
    config: Config,
    names: Names,
    decided: Vec<String>,
}

/// Every field of the node's state, durable and volatile.
#[function_component(Inspector)]
fn inspector(props: &InspectorProps) -> Html {
    let lang = props.lang;
    let n = &props.node;
    let roles = props.config.roles(n.id);
    let none = lang.pick("无", "none").to_owned();
    let name = |id: NodeId| props.names.get(id, lang);
    let mut rows: Vec<(&'static str, String)> = Vec::new();
    if roles.acceptor {
        rows.push((
            lang.pick("承诺（持久）", "Promised (durable)"),
            if n.durable.acceptor.promised.0 == 0 {
                none.clone()
            } else {
                n.durable.acceptor.promised.to_string()
            },
        ));
        rows.push((
            lang.pick("已接受（持久）", "Accepted (durable)"),
            n.durable
                .acceptor
                .accepted
                .as_ref()
                .map_or(none.clone(), ToString::to_string),
        ));
    }
    if roles.proposer {
        rows.push((
            lang.pick("用过的最大编号（持久）", "Highest ballot used (durable)"),
            n.durable.max_used.to_string(),
        ));
        rows.push((
            lang.pick("见过的最大编号", "Highest ballot seen"),
            n.proposer.max_seen.to_string(),
        ));
        let phase = match &n.proposer.phase {
            Phase::Idle => lang.pick("空闲", "idle").to_owned(),
            Phase::Preparing { ballot, promises } => {
                let from: Vec<String> = promises
                    .iter()
                    .map(|(who, p)| match p {
                        Some(p) => format!("{} {p}", name(*who)),
                        None => name(*who),
                    })
                    .collect();
                match lang {
                    Lang::Zh => format!(
                        "准备 {ballot}，承诺来自：{}",
                        if from.is_empty() {
                            none.clone()
                        } else {
                            from.join("、")
                        }
                    ),
                    Lang::En => format!(
                        "preparing {ballot}, promises from: {}",
                        if from.is_empty() {
                            none.clone()
                        } else {
                            from.join(", ")
                        }
                    ),
                }
            }
            Phase::Accepting {
                ballot,
                value,
                accepted,
            } => {
                let from: Vec<String> = accepted.iter().map(|a| name(*a)).collect();
                match lang {
                    Lang::Zh => format!(
                        "请求接受 ⟨{ballot}, {value}⟩，已接受：{}",
                        if from.is_empty() {
                            none.clone()
                        } else {
                            from.join("、")
                        }
                    ),
                    Lang::En => format!(
                        "asking to accept ⟨{ballot}, {value}⟩, accepted by: {}",
                        if from.is_empty() {
                            none.clone()
                        } else {
                            from.join(", ")
                        }
                    ),
                }
            }
            Phase::Chosen { proposal } => match lang {
                Lang::Zh => format!("得知 {proposal} 已选定"),
                Lang::En => format!("learned that {proposal} was chosen"),
            },
            Phase::Abandoned { ballot } => match lang {
                Lang::Zh => format!("放弃了 {ballot}"),
                Lang::En => format!("gave up {ballot}"),
            },
        };
        rows.push((lang.pick("当前阶段", "Phase"), phase));
        rows.push((
            lang.pick("想提议的值", "Wants to propose"),
            n.proposer
                .wish
                .as_ref()
                .map_or(none.clone(), |w| w.value.to_string()),
        ));
    }
    if roles.learner {
        rows.push((
            lang.pick("学到的值", "Learned"),
            n.learner
                .learned
                .as_ref()
                .map_or(none.clone(), ToString::to_string),
        ));
        let tallies: Vec<String> = n
            .learner
            .tallies
            .iter()
            .map(|(b, (v, from))| format!("⟨{b}, {v}⟩ ×{}", from.len()))
            .collect();
        rows.push((
            lang.pick("听到的接受", "Acceptances heard"),
            if tallies.is_empty() {
                none.clone()
            } else {
                tallies.join("  ")
            },
        ));
    }
    if props.config.multi.is_some() {
        if roles.proposer {
            let status = match &n.leader.status {
                Leadership::Follower => lang.pick("不是领导者", "not leading").to_owned(),
                Leadership::Preparing { ballot, from, .. } => match lang {
                    Lang::Zh => format!("第一阶段：准备 {ballot}，从槽位 {from} 起"),
                    Lang::En => format!("phase 1: preparing {ballot} from slot {from}"),
                },
                Leadership::Leading { ballot, .. } => match lang {
                    Lang::Zh => format!("以编号 {ballot} 领导，下一个槽位 {}", n.leader.next),
                    Lang::En => format!("leading with {ballot}, next slot {}", n.leader.next),
                },
            };
            rows.push((lang.pick("领导者", "Leader"), status));
            if !n.leader.queue.is_empty() {
                let queue: Vec<&str> = n.leader.queue.iter().map(|v| v.as_str()).collect();
                rows.push((
                    lang.pick("等待槽位的命令", "Waiting for a slot"),
                    queue.join(", "),
                ));
            }
        }
        if props.config.is_replica(n.id) {
            rows.push((
                lang.pick("已执行到槽位", "Executed up to slot"),
                (n.replica.next.0 - 1).to_string(),
            ));
            rows.push((
                lang.pick("状态机", "State machine"),
                n.replica
                    .machine
                    .as_ref()
                    .map_or(none.clone(), StateMachine::state),
            ));
        }
    }
    rows.push((
        lang.pick("已得知选定的值", "Learned as chosen"),
        if props.decided.is_empty() {
            none
        } else {
            props.decided.join(", ")
        },
    ));
    html! {
        <div class="inspector">
            <h3>{ lang.pick("完整状态", "Full state") }</h3>
            <dl>
                { for rows.into_iter().map(|(k, v)| html! {
                    <>
                        <dt>{ k }</dt>
                        <dd>{ v }</dd>
                    </>
                }) }
            </dl>
        </div>
    }
}
