//! Words for what the stage shows: node names, roles, node states, message labels, the
//! protocol's switches and the errors of refused operations, in Chinese and English.
//!
//! Everything here is a pure function of simulator data and a [`Lang`], so the stage, the
//! screen-reader labels and the tests all read the same text.

use crate::paxos::{
    Leadership, Learning, Liveness, Message, MessageKind, Node, NodeId, Phase, Proposal, Role,
    Roles, Slot, Value, Variant,
};
use crate::scenario::{self, Scenario};
use crate::sim::{Envelope, OpError, Simulation, Switch};

use super::i18n::{machine_text, shorten, Lang};

/// The longest value shown on the stage, in characters; longer ones end in "…".
pub const SHORT_VALUE: usize = 10;

/// Every node's display name in both languages, by [`NodeId`] (the scenario's node order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    zh: Vec<String>,
    en: Vec<String>,
}

impl Names {
    /// The names a scenario gives its nodes.
    pub fn of_scenario(scenario: &Scenario) -> Self {
        Names {
            zh: scenario.nodes.iter().map(|n| n.name.zh.clone()).collect(),
            en: scenario.nodes.iter().map(|n| n.name.en.clone()).collect(),
        }
    }

    /// Names given directly, for tests: `(zh, en)` per node.
    #[cfg(test)]
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Self {
        Names {
            zh: pairs.iter().map(|(zh, _)| (*zh).to_owned()).collect(),
            en: pairs.iter().map(|(_, en)| (*en).to_owned()).collect(),
        }
    }

    /// A node's name in `lang`; `#n` for a node the scenario does not name.
    pub fn get(&self, node: NodeId, lang: Lang) -> String {
        let list = match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        };
        // A node the run does not have (a hand-edited link): said as a node, by its number.
        list.get(node.0 as usize)
            .cloned()
            .unwrap_or_else(|| lang.pick("节点 #", "node #").to_owned() + &node.0.to_string())
    }

    /// Several names joined as a list: "A, B and C" / "A、B 和 C".
    pub fn list(&self, nodes: &[NodeId], lang: Lang) -> String {
        let names: Vec<String> = nodes.iter().map(|&n| self.get(n, lang)).collect();
        join_list(&names, lang)
    }
}

/// Joins words as a list in `lang`: "a, b and c" or "a、b 和 c".
pub fn join_list(items: &[String], lang: Lang) -> String {
    match items {
        [] => lang.pick("无人", "nobody").to_owned(),
        [one] => one.clone(),
        [init @ .., last] => {
            let sep = lang.pick("、", ", ");
            format!("{}{}{}", init.join(sep), lang.pick(" 和 ", " and "), last)
        }
    }
}

/// A value as shown on the stage: shortened.
pub fn short_value(value: &Value) -> String {
    shorten(value.as_str(), SHORT_VALUE)
}

/// A proposal as ⟨n, v⟩ with the value shortened.
pub fn short_proposal(p: &Proposal) -> String {
    format!("⟨{}, {}⟩", p.ballot, short_value(&p.value))
}

/// The name of a role.
pub fn role_name(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Proposer => lang.pick("提议者", "Proposer"),
        Role::Acceptor => lang.pick("接受者", "Acceptor"),
        Role::Learner => lang.pick("学习者", "Learner"),
    }
}

/// A role's badge letter.
pub fn role_letter(role: Role) -> &'static str {
    match role {
        Role::Proposer => "P",
        Role::Acceptor => "A",
        Role::Learner => "L",
    }
}

/// The CSS class that colours a role.
pub fn role_class(role: Role) -> &'static str {
    match role {
        Role::Proposer => "proposer",
        Role::Acceptor => "acceptor",
        Role::Learner => "learner",
    }
}

/// "Proposer and acceptor" / "提议者兼接受者".
pub fn roles_phrase(roles: &[Role], lang: Lang) -> String {
    let names: Vec<String> = roles
        .iter()
        .map(|&r| role_name(r, lang).to_owned())
        .collect();
    match lang {
        Lang::Zh => names.join("兼"),
        Lang::En => {
            let lower: Vec<String> = names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    if i == 0 {
                        n.clone()
                    } else {
                        n.to_ascii_lowercase()
                    }
                })
                .collect();
            join_list(&lower, lang)
        }
    }
}

/// The state lines a node card shows, shortest form, one per line.
pub fn node_lines(sim: &Simulation, node: &Node, lang: Lang) -> Vec<String> {
    let roles = sim.config.roles(node.id);
    if sim.config.multi.is_some() {
        return log_node_lines(sim, node, lang);
    }
    let mut lines = Vec::new();
    if roles.acceptor {
        lines.push(promised_text(node, lang));
        let accepted = node.durable.acceptor.accepted.as_ref();
        lines.push(accepted_text(accepted, lang) + chosen_mark(sim, accepted, lang, true));
    }
    if roles.proposer {
        lines.push(phase_text(sim, node, lang));
    }
    if roles.learner {
        lines.push(learner_text(sim, node, lang));
    }
    lines
}

/// The roles a node's card and name show: the configured ones and, in Multi-Paxos, the
/// acceptor's once the node has acted as one (a reconfiguration brings in a node that was none
/// at the start, and any node answers `Prepare` and `Accept` there).
pub fn shown_roles(sim: &Simulation, node: &Node) -> Roles {
    let mut roles = sim.config.roles(node.id);
    let acted = node.durable.acceptor.promised.0 > 0
        || node.durable.acceptor.all_accepted().next().is_some();
    roles.acceptor |= sim.config.multi.is_some() && acted;
    roles
}

/// A Multi-Paxos card, as many lines as a single-decree one (the layout counts them): the
/// promise and the log (a replica's executed slot and state, or how many slots it accepted), and
/// where the node stands as a leader. The log grid shows the rest.
fn log_node_lines(sim: &Simulation, node: &Node, lang: Lang) -> Vec<String> {
    let roles = shown_roles(sim, node);
    let log = if sim.config.is_replica(node.id) {
        let done = node.replica.next.0 - 1;
        let state = node
            .replica
            .machine
            .as_ref()
            .map(|m| machine_text(&crate::paxos::StateMachine::state(m), lang));
        // The state after the last executed slot: "slot 139: balance 1280".
        match (lang, state) {
            (Lang::Zh, Some(s)) => format!("槽位 {done}：{s}"),
            (Lang::En, Some(s)) => format!("slot {done}: {s}"),
            (Lang::Zh, None) => format!("执行到 {done}"),
            (Lang::En, None) => format!("executed to {done}"),
        }
    } else {
        let n = node.durable.acceptor.all_accepted().count();
        match lang {
            Lang::Zh => format!("接受了 {n} 个槽位"),
            Lang::En => format!("accepted in {n} slots"),
        }
    };
    let mut lines = Vec::new();
    if roles.acceptor {
        lines.push(promised_text(node, lang));
        lines.push(log.clone());
    }
    if roles.proposer {
        lines.push(match &node.leader.status {
            Leadership::Follower if !roles.acceptor => log.clone(),
            Leadership::Follower => lang.pick("不是领导者", "not leading").to_owned(),
            Leadership::Preparing { ballot, from, .. } => match lang {
                Lang::Zh => format!("第一阶段 {ballot}，从 {from} 起"),
                Lang::En => format!("phase 1 with {ballot}, from {from}"),
            },
            Leadership::Leading { ballot, .. } => match lang {
                Lang::Zh => format!("领导者 {ballot}，下一个 {}", node.leader.next),
                Lang::En => format!("leader {ballot}, next slot {}", node.leader.next),
            },
        });
    }
    if roles.learner {
        // A replica's log line says what it learned and ran, if no other role showed it.
        let shown =
            roles.acceptor || roles.proposer && matches!(node.leader.status, Leadership::Follower);
        lines.push(if sim.config.is_replica(node.id) && !shown {
            log
        } else {
            learned_slots_text(sim, node, lang)
        });
    }
    lines
}

/// How many slots a Multi-Paxos learner has learned the command of (a node decides each slot
/// once).
fn learned_slots_text(sim: &Simulation, node: &Node, lang: Lang) -> String {
    let n = sim
        .decisions
        .iter()
        .filter(|(d, _)| d.node == node.id)
        .count();
    match (n, lang) {
        (0, _) => lang.pick("尚未学到", "learned nothing").to_owned(),
        (n, Lang::Zh) => format!("已学到 {n} 个槽位"),
        (n, Lang::En) => format!("slots learned: {n}"),
    }
}

pub(super) fn promised_text(node: &Node, lang: Lang) -> String {
    let b = node.durable.acceptor.promised;
    if b.0 == 0 {
        lang.pick("未承诺", "promised nothing").to_owned()
    } else {
        match lang {
            Lang::Zh => format!("已承诺 {b}"),
            Lang::En => format!("promised {b}"),
        }
    }
}

/// A mark after an accepted proposal that a majority has accepted, so the stage shows the
/// instant a value is chosen on the acceptors that chose it: a ✓ on the card (`short`), and
/// words for screen readers.
fn chosen_mark(
    sim: &Simulation,
    accepted: Option<&Proposal>,
    lang: Lang,
    short: bool,
) -> &'static str {
    match accepted {
        Some(p) if sim.chosen_proposals().contains(p) => match short {
            true => " ✓",
            false => lang.pick("（已选定）", ", chosen"),
        },
        _ => "",
    }
}

pub(super) fn accepted_text(accepted: Option<&Proposal>, lang: Lang) -> String {
    match accepted {
        None => lang.pick("未接受提案", "accepted nothing").to_owned(),
        Some(p) => match lang {
            Lang::Zh => format!("已接受 {}", short_proposal(p)),
            Lang::En => format!("accepted {}", short_proposal(p)),
        },
    }
}

fn phase_text(sim: &Simulation, node: &Node, lang: Lang) -> String {
    let q = sim.quorum();
    match &node.proposer.phase {
        Phase::Idle => lang.pick("提议者：空闲", "proposer: idle").to_owned(),
        Phase::Preparing { ballot, promises } => match lang {
            Lang::Zh => format!("准备 {ballot}：承诺 {}/{q}", promises.len()),
            Lang::En => format!("prepare {ballot}: promises {}/{q}", promises.len()),
        },
        Phase::Accepting {
            ballot,
            value,
            accepted,
        } => match lang {
            Lang::Zh => format!(
                "提议 ⟨{ballot}, {}⟩：接受 {}/{q}",
                short_value(value),
                accepted.len()
            ),
            Lang::En => format!(
                "⟨{ballot}, {}⟩: accepts {}/{q}",
                short_value(value),
                accepted.len()
            ),
        },
        // The proposer counted a majority: it has learned that its proposal was chosen.
        Phase::Chosen { proposal } => match lang {
            Lang::Zh => format!("得知 {} 已选定", short_proposal(proposal)),
            Lang::En => format!("learned {} chosen", short_proposal(proposal)),
        },
        Phase::Abandoned { ballot } => match lang {
            Lang::Zh => format!("放弃了 {ballot}"),
            Lang::En => format!("gave up {ballot}"),
        },
    }
}

fn learner_text(sim: &Simulation, node: &Node, lang: Lang) -> String {
    if let Some(p) = &node.learner.learned {
        return match lang {
            Lang::Zh => format!("已学到 {}", short_value(&p.value)),
            Lang::En => format!("learned {}", short_value(&p.value)),
        };
    }
    let best = node
        .learner
        .tallies
        .iter()
        .max_by_key(|(b, (_, from))| (from.len(), **b));
    match best {
        Some((b, (v, from))) => {
            let q = sim.quorum();
            match lang {
                Lang::Zh => format!("听到 ⟨{b}, {}⟩ {}/{q}", short_value(v), from.len()),
                Lang::En => format!("heard ⟨{b}, {}⟩ {}/{q}", short_value(v), from.len()),
            }
        }
        None => lang.pick("尚未学到", "learned nothing").to_owned(),
    }
}

/// What a screen reader says for a node: roles, name, state, and whether it is down.
/// "Acceptor 李四, promised 3, accepted nothing".
pub fn node_aria(sim: &Simulation, node: &Node, names: &Names, lang: Lang) -> String {
    let roles = shown_roles(sim, node).held();
    let mut text = format!(
        "{}{}{}",
        roles_phrase(&roles, lang),
        lang.pick(" ", " "),
        names.get(node.id, lang)
    );
    let sep = lang.pick("，", ", ");
    for line in node_lines_long(sim, node, lang) {
        text.push_str(sep);
        text.push_str(&line);
    }
    if !sim.is_up(node.id) {
        text.push_str(sep);
        text.push_str(lang.pick("已宕机", "down"));
    }
    text
}

/// Like [`node_lines`], but with full values (for screen readers and the inspector).
fn node_lines_long(sim: &Simulation, node: &Node, lang: Lang) -> Vec<String> {
    let roles = sim.config.roles(node.id);
    if sim.config.multi.is_some() {
        return log_node_lines(sim, node, lang);
    }
    let mut lines = Vec::new();
    if roles.acceptor {
        lines.push(promised_text(node, lang));
        let accepted = node.durable.acceptor.accepted.as_ref();
        let mark = chosen_mark(sim, accepted, lang, false);
        lines.push(match accepted {
            None => accepted_text(None, lang),
            Some(p) => match lang {
                Lang::Zh => format!("已接受 {p}{mark}"),
                Lang::En => format!("accepted {p}{mark}"),
            },
        });
    }
    if roles.proposer {
        lines.push(phase_text(sim, node, lang));
    }
    if roles.learner {
        lines.push(learner_text(sim, node, lang));
    }
    lines
}

/// The short label a message in flight carries: "Prepare 2", "Promise 4 ⟨2, 8⟩",
/// "Accept 3 '1+1=3'", "Accepted 3 '1+1=3'", "Nack 2 <3", "Chosen 'v'". After the first slot, a
/// message names its slot: "Accept 5 #136 'deposit 30'".
/// Message names are Lamport's, the same in both languages, as the notes write them.
pub fn message_label(message: &Message) -> String {
    labelled(message, false)
}

/// The label in a Multi-Paxos run, where every message about a slot names it, the first one
/// too: "Accept 5 #136 'deposit 30'", "Prepare 2 ≥135" (the slots its phase 1 covers), and
/// "Promise 2 #136⟨1, withdraw…⟩ +1" (the first proposal it reports, and how many more).
pub fn log_message_label(message: &Message) -> String {
    labelled(message, true)
}

fn labelled(message: &Message, log: bool) -> String {
    let slot = |s: Slot| {
        if log || !s.is_first() {
            format!(" #{s}")
        } else {
            String::new()
        }
    };
    match message {
        Message::Prepare { ballot, from } if log || !from.is_first() => {
            format!("Prepare {ballot} ≥{from}")
        }
        Message::Prepare { ballot, .. } => format!("Prepare {ballot}"),
        Message::Promise {
            ballot,
            accepted,
            later,
        } if log => {
            let mut reported = accepted.iter().chain(later.iter());
            match reported.next() {
                None => format!("Promise {ballot}"),
                Some(p) => {
                    let more = reported.count();
                    let more = if more > 0 {
                        format!(" +{more}")
                    } else {
                        String::new()
                    };
                    format!("Promise {ballot} #{}{}{more}", p.slot, short_proposal(p))
                }
            }
        }
        Message::Promise {
            ballot,
            accepted: None,
            ..
        } => format!("Promise {ballot}"),
        Message::Promise {
            ballot,
            accepted: Some(p),
            ..
        } => format!("Promise {ballot} {}", short_proposal(p)),
        Message::Accept {
            ballot,
            value,
            slot: s,
        } => {
            format!("Accept {ballot}{} '{}'", slot(*s), short_value(value))
        }
        Message::Accepted {
            ballot,
            value,
            slot: s,
        } => {
            format!("Accepted {ballot}{} '{}'", slot(*s), short_value(value))
        }
        Message::Nack { ballot, promised } => format!("Nack {ballot} <{promised}"),
        Message::Chosen {
            ballot,
            value,
            slot: s,
        } => {
            format!("Chosen {ballot}{} '{}'", slot(*s), short_value(value))
        }
        Message::Query {} => "Query".to_owned(),
    }
}

/// A message as the narration writes it: "Prepare(2)", "Promise(4, ⟨2, 8⟩)", "Accept(3, 1+1=3)".
pub fn message_call(message: &Message, lang: Lang) -> String {
    // After the first slot, the slot too: "Accept(5, #136, deposit 30)", "Prepare(2, ≥135)".
    let slot = |s: Slot| {
        if s.is_first() {
            String::new()
        } else {
            format!("#{s}, ")
        }
    };
    match message {
        Message::Prepare { ballot, from } if !from.is_first() => {
            format!("Prepare({ballot}, ≥{from})")
        }
        Message::Prepare { ballot, .. } => format!("Prepare({ballot})"),
        Message::Promise {
            ballot,
            accepted: None,
            ..
        } => format!("Promise({ballot}, {})", lang.pick("无", "none")),
        Message::Promise {
            ballot,
            accepted: Some(p),
            ..
        } => format!("Promise({ballot}, {})", short_proposal(p)),
        Message::Accept {
            ballot,
            value,
            slot: s,
        } => {
            format!("Accept({ballot}, {}{})", slot(*s), short_value(value))
        }
        Message::Accepted {
            ballot,
            value,
            slot: s,
        } => {
            format!("Accepted({ballot}, {}{})", slot(*s), short_value(value))
        }
        Message::Nack { ballot, promised } => format!("Nack({ballot}, {promised})"),
        Message::Chosen {
            ballot,
            value,
            slot: s,
        } => {
            format!("Chosen({ballot}, {}{})", slot(*s), short_value(value))
        }
        Message::Query {} => "Query".to_owned(),
    }
}

/// The CSS class that colours a message type.
pub fn kind_class(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Prepare => "m-prepare",
        MessageKind::Promise => "m-promise",
        MessageKind::Accept => "m-accept",
        MessageKind::Accepted => "m-accepted",
        MessageKind::Nack => "m-nack",
        MessageKind::Chosen => "m-chosen",
        MessageKind::Query => "m-query",
    }
}

/// What a screen reader says for a message: "Prepare 2 from 张三 to 李四, in flight".
pub fn message_aria(envelope: &Envelope, names: &Names, lang: Lang) -> String {
    let label = message_label(&envelope.message);
    let from = names.get(envelope.from, lang);
    let to = names.get(envelope.to, lang);
    let held = envelope.held_at.is_some();
    let copy = envelope.copy_of.is_some();
    match lang {
        Lang::Zh => format!(
            "{label}，从 {from} 发往 {to}，{}{}",
            if held { "已扣住" } else { "传送中" },
            if copy { "（副本）" } else { "" }
        ),
        Lang::En => format!(
            "{label} from {from} to {to}, {}{}",
            if held { "held" } else { "in flight" },
            if copy { " (a copy)" } else { "" }
        ),
    }
}

/// A switch's label and its one-line explanation.
pub fn switch_text(switch: Switch, lang: Lang) -> (&'static str, &'static str) {
    match switch {
        Switch::Nacks => (
            lang.pick("拒绝时回复 Nack", "Answer refusals with Nack"),
            lang.pick(
                "被拒绝的请求会收到 Nack，提议者立刻知道自己的编号落后了（笔记里是直接忽略）。",
                "A refused request gets a Nack, so the proposer learns at once that its number lost (the notes just ignore it).",
            ),
        ),
        Switch::Retry => (
            lang.pick("超时或被拒后重试", "Retry after a timeout or refusal"),
            lang.pick(
                "提议者超时或被拒绝后，换一个更大的编号再试。",
                "A proposer that times out or is refused tries again with a higher number.",
            ),
        ),
        Switch::AcceptToAll => (
            lang.pick("Accept 发给全部接受者", "Send Accept to every acceptor"),
            lang.pick(
                "第二阶段发给所有准备过的接受者，而不只是最先凑成多数派的那些承诺者。",
                "Phase 2 goes to every acceptor that was prepared, not only the first majority that promised.",
            ),
        ),
        Switch::AcceptEqual => (
            lang.pick("只接受等于承诺的编号", "Accept only n = promise"),
            lang.pick(
                "笔记 001 的读法：只有编号等于承诺时才接受。仍然安全，但会拒绝没收到 Prepare 的 Accept。",
                "Notes 001's reading: accept n only if it equals the promise. Still safe, but refuses an Accept whose Prepare never arrived.",
            ),
        ),
        Switch::Variant(v) => variant_text(v, lang),
    }
}

fn variant_text(v: Variant, lang: Lang) -> (&'static str, &'static str) {
    match v {
        Variant::AcceptFirst => (
            lang.pick("错误：接受收到的第一个提案", "Broken: accept the first proposal"),
            lang.pick(
                "只有 P1：没有准备阶段，谁先到就接受谁，一人接受就算选定。年会情况一。",
                "P1 alone: no phase 1, accept whatever arrives first, one acceptance decides. Annual meeting, case 1.",
            ),
        ),
        Variant::NoAdoption => (
            lang.pick("错误：不采纳已接受的值", "Broken: ignore reported values"),
            lang.pick(
                "提议者不理会承诺里报告的值，坚持自己的值：P2c 被破坏。年会情况二。",
                "The proposer ignores the values reported in promises and keeps its own: P2c is broken. Annual meeting, case 2.",
            ),
        ),
        Variant::Amnesia => (
            lang.pick("错误：没有持久化存储", "Broken: no stable storage"),
            lang.pick(
                "接受者重启后忘记自己的承诺和已接受的提案。",
                "An acceptor that restarts forgets its promise and its accepted proposal.",
            ),
        ),
        Variant::LiveQuorum => (
            lang.pick("错误：多数派只算存活的", "Broken: majority of the live ones"),
            lang.pick(
                "只在存活的接受者中数多数派；不同时刻的两个“多数派”可能没有交集。",
                "A majority is counted among the live acceptors only; two such majorities need not meet.",
            ),
        ),
        Variant::ReusedBallots => (
            lang.pick("错误：提案编号可以重复", "Broken: shared ballot numbers"),
            lang.pick(
                "所有提议者共用一个编号序列，两个提议者可能用同一个编号；接受者还会再次承诺等于其承诺的 Prepare。",
                "Proposers share one sequence of numbers, so two of them may use the same ballot, and an acceptor promises an equal Prepare again.",
            ),
        ),
        Variant::SkipPhase1 => (
            lang.pick("错误：新领导者跳过准备阶段", "Broken: a new leader skips phase 1"),
            lang.pick(
                "新领导者“知道自己是领导者”，不运行第一阶段就直接提议。",
                "A new leader \"knows it is leader\" and proposes without running phase 1.",
            ),
        ),
        Variant::NoopFill => (
            lang.pick("错误：新领导者不问就填空操作", "Broken: a new leader fills gaps with no-ops"),
            lang.pick(
                "新领导者不看承诺报告的值，把每个不知道的位置都填上空操作。",
                "A new leader ignores what the promises report and fills every slot it does not know with a no-op.",
            ),
        ),
        Variant::InstantConfig => (
            lang.pick("错误：新配置立即生效", "Broken: a new configuration takes effect at once"),
            lang.pick(
                "领导者不等知道前面位置选定了什么就向后提议，并把 Accept 发给它最后知道的接受者；这时正在进行的配置命令可能已经换掉了它们。",
                "The leader proposes ahead without waiting to learn what earlier slots chose, and sends each Accept to the acceptors it last knew of, which a config command in flight may already have replaced.",
            ),
        ),
    }
}

/// A learning strategy, described.
pub fn learning_text(learning: &Learning, names: &Names, lang: Lang) -> String {
    match learning {
        Learning::AllLearners => lang
            .pick(
                "每个接受者通知每个学习者（A×L 条消息）",
                "Every acceptor tells every learner (A×L messages)",
            )
            .to_owned(),
        Learning::Distinguished { learner } => match lang {
            Lang::Zh => format!(
                "由 {} 一人转告（A+L 条消息，单点故障）",
                names.get(*learner, lang)
            ),
            Lang::En => format!(
                "{} alone relays (A+L messages, a single point of failure)",
                names.get(*learner, lang)
            ),
        },
        Learning::DistinguishedSet { learners } => match lang {
            Lang::Zh => format!("由 {} 转告", names.list(learners, lang)),
            Lang::En => format!("{} relay", names.list(learners, lang)),
        },
    }
}

/// A liveness rule, described.
pub fn liveness_text(liveness: &Liveness, names: &Names, lang: Lang) -> String {
    match liveness {
        Liveness::None => lang
            .pick(
                "每个提议者各自重试（可能活锁）",
                "Every proposer retries on its own (may livelock)",
            )
            .to_owned(),
        Liveness::Distinguished { proposer } => match lang {
            Lang::Zh => format!("只有领导者 {} 重试", names.get(*proposer, lang)),
            Lang::En => format!("Only the leader, {}, retries", names.get(*proposer, lang)),
        },
        Liveness::RandomBackoff { max_extra } => match lang {
            Lang::Zh => format!("随机退避（最多多等 {max_extra} 个时间单位）"),
            Lang::En => format!("Random back-off (up to {max_extra} extra ticks)"),
        },
    }
}

/// A refused operation, explained to the student in `lang` (the same words as a scenario error,
/// with display names and a full stop).
pub fn op_error_text(error: &OpError, names: &Names, lang: Lang) -> String {
    let text =
        scenario::op_error_text(error, &|n| (names.get(n, Lang::Zh), names.get(n, Lang::En)));
    match lang {
        Lang::Zh => format!("{}。", text.zh),
        Lang::En => {
            // ASCII only: Unicode case tables would add kilobytes to the page.
            let mut en = text.en;
            if let Some(first) = en.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            format!("{en}.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::{Ballot, Config, Slot};
    use crate::sim::{MsgId, NetConfig, Op};

    fn names() -> Names {
        Names::from_pairs(&[
            ("张三", "Zhang San"),
            ("李四", "Li Si"),
            ("王五", "Wang Wu"),
        ])
    }

    fn sim() -> Simulation {
        let config = Config {
            proposers: vec![NodeId(0)],
            acceptors: vec![NodeId(1), NodeId(2)],
            learners: vec![NodeId(2)],
            ..Config::default()
        };
        Simulation::new(config, NetConfig::default())
    }

    #[test]
    fn an_acceptor_card_says_when_its_proposal_is_chosen() {
        let mut s = sim();
        let mut events = Vec::new();
        let propose = Op::Propose {
            node: NodeId(0),
            value: "x".into(),
            ballot: None,
            recipients: None,
        };
        s.apply(&propose, &mut events).unwrap();
        // Deliver the two Prepares, the two Promises and the first Accept: one of two accepted.
        for _ in 0..5 {
            s.apply(&Op::Step, &mut events).unwrap();
        }
        let a1 = &s.nodes[&NodeId(1)];
        assert_eq!(node_lines(&s, a1, Lang::En)[1], "accepted ⟨1, x⟩");
        s.apply(&Op::Step, &mut events).unwrap();
        let a1 = &s.nodes[&NodeId(1)];
        assert_eq!(node_lines(&s, a1, Lang::En)[1], "accepted ⟨1, x⟩ ✓");
        assert_eq!(node_lines(&s, a1, Lang::Zh)[1], "已接受 ⟨1, x⟩ ✓");
        assert!(node_aria(&s, a1, &names(), Lang::Zh).contains("已接受 ⟨1, x⟩（已选定）"));
        assert!(node_aria(&s, a1, &names(), Lang::En).contains("accepted ⟨1, x⟩, chosen"));
    }

    #[test]
    fn labels_follow_the_brief() {
        let p = Proposal::new(Ballot(2), "8".into());
        assert_eq!(
            message_label(&Message::Prepare {
                ballot: Ballot(2),
                from: Slot::FIRST,
            }),
            "Prepare 2"
        );
        assert_eq!(
            message_label(&Message::Promise {
                ballot: Ballot(4),
                accepted: Some(p),
                later: [].into(),
            }),
            "Promise 4 ⟨2, 8⟩"
        );
        assert_eq!(
            message_label(&Message::Accept {
                ballot: Ballot(3),
                value: "1+1=3".into(),
                slot: Slot::FIRST,
            }),
            "Accept 3 '1+1=3'"
        );
        assert_eq!(
            message_label(&Message::Nack {
                ballot: Ballot(2),
                promised: Ballot(3)
            }),
            "Nack 2 <3"
        );
        assert_eq!(
            message_label(&Message::Accepted {
                ballot: Ballot(3),
                value: "a very long value indeed".into(),
                slot: Slot::FIRST,
            }),
            "Accepted 3 'a very lo…'"
        );
    }

    #[test]
    fn multi_paxos_messages_name_their_slot() {
        let accept = Message::Accept {
            ballot: Ballot(5),
            value: "deposit 30".into(),
            slot: Slot(136),
        };
        assert_eq!(message_label(&accept), "Accept 5 #136 'deposit 30'");
        assert_eq!(log_message_label(&accept), "Accept 5 #136 'deposit 30'");
        assert_eq!(
            message_call(&accept, Lang::En),
            "Accept(5, #136, deposit 30)"
        );
        let first = Message::Accepted {
            ballot: Ballot(1),
            value: "deposit 50".into(),
            slot: Slot::FIRST,
        };
        // In a Multi-Paxos run the first slot is named too; in the single decree never.
        assert_eq!(log_message_label(&first), "Accepted 1 #1 'deposit 50'");
        assert_eq!(message_label(&first), "Accepted 1 'deposit 50'");
        let prepare = Message::Prepare {
            ballot: Ballot(2),
            from: Slot(135),
        };
        assert_eq!(message_label(&prepare), "Prepare 2 ≥135");
        assert_eq!(message_call(&prepare, Lang::Zh), "Prepare(2, ≥135)");
        let promise = Message::Promise {
            ballot: Ballot(2),
            accepted: None,
            later: [
                Proposal {
                    ballot: Ballot(1),
                    value: "withdraw 30".into(),
                    slot: Slot(136),
                },
                Proposal {
                    ballot: Ballot(1),
                    value: "deposit 20".into(),
                    slot: Slot(138),
                },
            ]
            .into(),
        };
        assert_eq!(
            log_message_label(&promise),
            "Promise 2 #136⟨1, withdraw …⟩ +1"
        );
    }

    #[test]
    fn node_states_read_as_the_brief_shows() {
        let mut s = sim();
        let mut out = Vec::new();
        s.apply(
            &Op::Propose {
                node: NodeId(0),
                value: "v".into(),
                ballot: Some(Ballot(3)),
                recipients: None,
            },
            &mut out,
        )
        .unwrap();
        let proposer = &s.nodes[&NodeId(0)];
        assert_eq!(
            node_lines(&s, proposer, Lang::En),
            ["prepare 3: promises 0/2"]
        );
        s.apply(&Op::Step, &mut out).unwrap();
        let li = &s.nodes[&NodeId(1)];
        assert_eq!(
            node_lines(&s, li, Lang::En),
            ["promised 3", "accepted nothing"]
        );
        assert_eq!(
            node_aria(&s, li, &names(), Lang::En),
            "Acceptor Li Si, promised 3, accepted nothing"
        );
        assert_eq!(
            node_aria(&s, li, &names(), Lang::Zh),
            "接受者 李四，已承诺 3，未接受提案"
        );
        let wang = &s.nodes[&NodeId(2)];
        assert_eq!(
            node_aria(&s, wang, &names(), Lang::En),
            "Acceptor and learner Wang Wu, promised nothing, accepted nothing, learned nothing"
        );
        s.apply(&Op::Kill { node: NodeId(1) }, &mut out).unwrap();
        assert!(node_aria(&s, &s.nodes[&NodeId(1)], &names(), Lang::En).ends_with(", down"));
    }

    #[test]
    fn message_aria_names_the_path_and_state() {
        let mut s = sim();
        let mut out = Vec::new();
        s.apply(
            &Op::Propose {
                node: NodeId(0),
                value: "v".into(),
                ballot: Some(Ballot(2)),
                recipients: Some(vec![NodeId(1)]),
            },
            &mut out,
        )
        .unwrap();
        let env = s.in_flight.values().next().unwrap().clone();
        assert_eq!(
            message_aria(&env, &names(), Lang::En),
            "Prepare 2 from Zhang San to Li Si, in flight"
        );
        s.apply(&Op::Hold { msg: env.id }, &mut out).unwrap();
        let env = &s.in_flight[&env.id];
        assert_eq!(
            message_aria(env, &names(), Lang::Zh),
            "Prepare 2，从 张三 发往 李四，已扣住"
        );
    }

    #[test]
    fn errors_are_explained_in_both_languages() {
        let n = names();
        let e = OpError::NodeDown { node: NodeId(1) };
        assert_eq!(
            op_error_text(&e, &n, Lang::En),
            "Li Si is down; restart it first."
        );
        assert_eq!(op_error_text(&e, &n, Lang::Zh), "李四 已宕机，请先重启它。");
        let e = OpError::NoSuchMessage { msg: MsgId(4) };
        assert!(op_error_text(&e, &n, Lang::Zh).contains("消息"));
        // A node the run does not have is said as a node, not as a bare number like a message.
        let e = OpError::UnknownNode { node: NodeId(99) };
        assert_eq!(op_error_text(&e, &n, Lang::En), "Node #99 does not exist.");
        assert_eq!(op_error_text(&e, &n, Lang::Zh), "节点 #99 不存在。");
    }

    #[test]
    fn lists_and_roles_read_naturally() {
        let n = names();
        assert_eq!(
            n.list(&[NodeId(0), NodeId(1), NodeId(2)], Lang::En),
            "Zhang San, Li Si and Wang Wu"
        );
        assert_eq!(n.list(&[NodeId(0), NodeId(1)], Lang::Zh), "张三 和 李四");
        let all = Role::ALL;
        assert_eq!(
            roles_phrase(&all, Lang::En),
            "Proposer, acceptor and learner"
        );
        assert_eq!(roles_phrase(&all, Lang::Zh), "提议者兼接受者兼学习者");
    }
}
