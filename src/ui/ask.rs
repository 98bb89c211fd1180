//! The quiz card's words: a [`Question`] and its choices in plain Chinese or English.
//!
//! The question states what decides the answer (the acceptor's promise, the values reported
//! to the proposer), so that the room can answer from the card and the stage alone.

use crate::paxos::Note;
use crate::paxos::{Leadership, Message, NodeId, Phase, Proposal, Rule, Value};
use crate::quiz::{Answer as Choice, Kind, Question};
use crate::sim::{EventKind, Simulation, Switch};

use super::describe::{
    accepted_text, join_list, message_call, promised_text, short_proposal, short_value,
    switch_text, Names,
};
use super::i18n::Lang;

/// The broken rules on in `sim`, said before a question ("A broken rule is on: …. "), so that
/// the student predicts what the run will do under them; empty under correct Paxos.
fn broken_rules(sim: &Simulation, lang: Lang) -> String {
    if sim.config.variants.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = sim
        .config
        .variants
        .iter()
        .map(|v| {
            let label = switch_text(Switch::Variant(*v), lang).0;
            // "Broken: ignore reported values" / "错误：不采纳已接受的值": the rule alone.
            label
                .split_once(": ")
                .or_else(|| label.split_once('：'))
                .map_or(label, |(_, rule)| rule)
        })
        .collect();
    match lang {
        Lang::Zh => format!("（打开了错误规则：{}）", names.join("；")),
        Lang::En => format!("A broken rule is on: {}. ", names.join("; ")),
    }
}

/// The question, in `lang`.
pub fn prompt(q: &Question, sim: &Simulation, names: &Names, lang: Lang) -> String {
    let to = names.get(q.node(), lang);
    let zh = lang == Lang::Zh;
    let broken = broken_rules(sim, lang);
    let Some(envelope) = &q.envelope else {
        // A node told to lead.
        let replica = &sim.nodes[&q.node()].replica;
        let known = replica.first_unknown().0 - 1;
        // The chosen slots it knows past its first gap (the notes' 138 and 139), which phase 1
        // need not skip: it asks from the first slot it does not know.
        let later: Vec<String> = replica
            .chosen
            .keys()
            .filter(|s| s.0 > known)
            .map(|s| s.to_string())
            .collect();
        let (zh_list, en_list) = (later.join("、"), later.join(", "));
        let en_slots = |n: usize| if n == 1 { "slot" } else { "slots" };
        let en_are = if known + later.len() as u32 == 1 {
            "is"
        } else {
            "are"
        };
        let known = match (known, later.is_empty(), zh) {
            (0, true, true) => "它还不知道任何槽位已选定".to_owned(),
            (0, true, false) => "It knows no slot to be chosen".to_owned(),
            (0, false, true) => format!("它知道槽位 {zh_list} 已选定"),
            (0, false, false) => {
                format!(
                    "It knows {} {en_list} {en_are} chosen",
                    en_slots(later.len())
                )
            }
            (1, true, true) => "它知道槽位 1 已选定".to_owned(),
            (1, true, false) => "It knows slot 1 is chosen".to_owned(),
            (1, false, true) => format!("它知道槽位 1，还有槽位 {zh_list} 已选定"),
            (1, false, false) => format!(
                "It knows slot 1, and {} {en_list} are chosen",
                en_slots(later.len())
            ),
            (_, true, true) => format!("它知道 1–{known} 号槽位已选定"),
            (_, true, false) => format!("It knows slots 1–{known} are chosen"),
            (_, false, true) => format!("它知道 1–{known} 号槽位，还有槽位 {zh_list} 已选定"),
            (_, false, false) => format!(
                "It knows slots 1–{known}, and {} {en_list} are chosen",
                en_slots(later.len())
            ),
        };
        return match (zh, broken.is_empty()) {
            (true, true) => format!("{to} 成为新的领导者。{known}。它的第一阶段 Prepare 要从哪个槽位起请求承诺？"),
            (false, true) => format!("{to} becomes the new leader. {known}. From which slot must its phase 1 Prepare ask for promises?"),
            (true, false) => format!("{to} 成为新的领导者。{known}。{broken}它会怎样开始？"),
            (false, false) => format!("{to} becomes the new leader. {known}. {broken}How will it begin?"),
        };
    };
    let from = names.get(envelope.from, lang);
    let call = message_call(&envelope.message, lang);
    match q.kind {
        Kind::Promise | Kind::Accept => {
            let node = &sim.nodes[&q.node()];
            let state = format!(
                "{}{}{}",
                promised_text(node, lang),
                lang.pick("，", ", "),
                accepted_text(node.durable.acceptor.accepted.as_ref(), lang)
            );
            match (zh, q.kind == Kind::Promise) {
                (true, true) => {
                    format!("{to}{state}。{from} 的 {call} 到达。{broken}{to} 会怎么做？")
                }
                (true, false) => {
                    format!("{to}{state}。{from} 的 {call} 到达。{broken}{to} 接受还是拒绝？")
                }
                (false, true) => format!(
                    "{to} has {state}. {call} from {from} arrives. {broken}What does {to} do?"
                ),
                (false, false) => format!(
                    "{to} has {state}. {call} from {from} arrives. {broken}Does {to} accept it?"
                ),
            }
        }
        Kind::Value | Kind::Fill => {
            let reports = reports(q, sim, names, lang);
            let slot = q.slot;
            // P2c forces the value only when a promise reports one; with nothing reported the
            // proposer may choose (it takes its own, or a leader fills the gap with a no-op),
            // and under a broken rule the question is what it will do, not what it must.
            let forced = broken.is_empty()
                && match q.kind {
                    Kind::Value => q.outcome.iter().any(|e| {
                        matches!(
                            &e.kind,
                            EventKind::Acted {
                                note: Note::Adopted { .. },
                                ..
                            }
                        )
                    }),
                    _ => q.choices.get(q.answer) != Some(&Choice::Propose(Value::noop())),
                };
            let (must_zh, must_en) = if forced {
                ("必须", "must")
            } else {
                ("会", "will")
            };
            match (zh, q.kind == Kind::Value) {
                (true, true) => format!(
                    "{from} 的 {call} 让 {to} 得到了多数派的承诺。承诺里报告的：{reports}。{broken}{to} 的 Accept {must_zh}带哪个值？"
                ),
                (false, true) => format!(
                    "{call} from {from} gives {to} promises from a majority. They report: {reports}. {broken}Which value {must_en} {to}'s Accept carry?"
                ),
                (true, false) => format!(
                    "{from} 的 {call} 让新领导者 {to} 完成了第一阶段。承诺里报告的：{reports}。{broken}{to} 在槽位 {slot} {must_zh}提议什么？"
                ),
                (false, false) => format!(
                    "{call} from {from} completes new leader {to}'s phase 1. They report: {reports}. {broken}What {must_en} {to} propose in slot {slot}?"
                ),
            }
        }
        Kind::Learn => match zh {
            true => format!("{to} 收到 {from} 的 {call}。{broken}{to} 现在学到这个值了吗？"),
            false => {
                format!("{to} receives {call} from {from}. {broken}Does {to} learn the value now?")
            }
        },
        // Asked above, without a message.
        Kind::Phase1 => String::new(),
        Kind::Chosen => {
            let n = q.steps;
            match zh {
                true => format!("{broken}再发生 {n} 个事件（下一个是 {from} → {to} 的 {call}）之后，有值被选定吗？是哪个？"),
                false => format!("{broken}After the next {n} events (the first: {call}, {from} → {to}), is a value chosen, and which?"),
            }
        }
    }
}

/// What the promises reported to the proposer or new leader of `q`, this one included, for the
/// slot it asks about: "王五: ⟨1, 郑州⟩; 孙七: nothing".
fn reports(q: &Question, sim: &Simulation, names: &Names, lang: Lang) -> String {
    let node = &sim.nodes[&q.node()];
    let Some(envelope) = &q.envelope else {
        return String::new();
    };
    let mut items = Vec::new();
    let mut add = |who, found: Option<&Proposal>| {
        let what = found.map_or_else(|| lang.pick("无", "nothing").to_owned(), short_proposal);
        items.push(format!("{}: {what}", names.get(who, lang)));
    };
    let Message::Promise {
        accepted, later, ..
    } = &envelope.message
    else {
        return String::new();
    };
    let here = |p: &&Proposal| p.slot == q.slot;
    match (&node.proposer.phase, &node.leader.status) {
        (Phase::Preparing { promises, .. }, _) if sim.config.multi.is_none() => {
            for (who, reported) in promises.iter() {
                add(*who, reported.as_ref());
            }
        }
        (_, Leadership::Preparing { promises, .. }) => {
            for (who, reported) in promises.iter() {
                add(*who, reported.iter().find(here));
            }
        }
        _ => {}
    }
    add(
        envelope.from,
        accepted.iter().chain(later.iter()).find(here),
    );
    join_list(&items, lang)
}

/// A choice, in `lang`.
pub fn choice(c: &Choice, lang: Lang) -> String {
    let value = |v: &Value| {
        if v.is_noop() {
            lang.pick("空操作（no-op）", "a no-op").to_owned()
        } else {
            // Whole: two commands that begin alike ("withdraw 30", "withdraw 50") must read apart.
            v.as_str().to_owned()
        }
    };
    match c {
        Choice::Promise { reported: None } => lang
            .pick(
                "承诺，报告：未接受过提案",
                "Promise, reporting nothing accepted",
            )
            .to_owned(),
        Choice::Promise { reported: Some(p) } => match lang {
            Lang::Zh => format!("承诺，并报告 {}", short_proposal(p)),
            Lang::En => format!("Promise, reporting {}", short_proposal(p)),
        },
        Choice::Refuse => lang.pick("拒绝（不理会）", "Refuse (ignore it)").to_owned(),
        Choice::Accept => lang.pick("接受", "Accept it").to_owned(),
        Choice::Propose(v) => value(v),
        Choice::Learns(v) => match lang {
            Lang::Zh => format!("学到 {}", value(v)),
            Lang::En => format!("It learns {}", value(v)),
        },
        Choice::NotYet => lang.pick("还没有", "Not yet").to_owned(),
        Choice::Chosen(v) => match lang {
            Lang::Zh => format!("{} 被选定", value(v)),
            Lang::En => format!("{} is chosen", value(v)),
        },
        Choice::NoneChosen => lang
            .pick("还没有值被选定", "No value is chosen yet")
            .to_owned(),
        Choice::PrepareFrom(s) => match lang {
            Lang::Zh => format!("从槽位 {s} 起"),
            Lang::En => format!("From slot {s} on"),
        },
        Choice::SkipPhase1 => lang
            .pick(
                "不用第一阶段：它知道自己是领导者",
                "No phase 1: it knows it leads",
            )
            .to_owned(),
    }
}

/// What a quiz card's feedback says of the rule that decided it: the rule's statement, or for
/// a new leader's phase 1, where it must start.
pub fn explanation(q: &Question, lang: Lang) -> &'static str {
    match q.kind {
        Kind::Phase1 => lang.pick(
            "新领导者的第一阶段从它不知道已选定的第一个槽位起：之后的任何槽位都可能有已接受、甚至已选定的值，承诺必须报告它们，P2c 逐个槽位适用。",
            "A new leader's phase 1 starts at the first slot it does not know to be chosen: any later slot may hold a value accepted, even chosen, which the promises must report, for P2c slot by slot.",
        ),
        _ => rule_statement(q.rule, lang),
    }
}

/// A rule in one sentence, as the quiz's feedback and the help give it.
pub fn rule_statement(rule: Rule, lang: Lang) -> &'static str {
    match rule {
        Rule::UniqueBallot => lang.pick(
            "每个提案的编号都唯一：两个提议者不会用同一个编号。",
            "Every proposal has a number that no other proposer uses.",
        ),
        Rule::PromiseGreater => lang.pick(
            "接受者只承诺比它承诺过的都大的编号，并在承诺里报告它接受过的编号最大的提案。",
            "An acceptor promises only a number greater than any it has promised, and its promise reports the highest-numbered proposal it has accepted.",
        ),
        Rule::AcceptAtLeastPromised => lang.pick(
            "P1a：只要没有承诺过比 n 更大的编号，接受者就接受编号为 n 的提案。",
            "P1a: an acceptor accepts a proposal numbered n unless it has promised a number greater than n.",
        ),
        Rule::AcceptEqualPromised => lang.pick(
            "笔记 001 的读法（笔记 000 为 n ≥ 承诺）：接受者只接受编号等于它的承诺的提案。",
            "Notes 001's reading (notes 000 use n ≥ promise): an acceptor accepts only a proposal numbered exactly as its promise.",
        ),
        Rule::P2c => lang.pick(
            "P2c：得到多数派的承诺后，提议者必须采用其中报告的编号最大的提案的值；没有任何报告时才能用自己的值。",
            "P2c: with promises from a majority, the proposer must take the value of the highest-numbered proposal they report; only if none reports one may it use its own.",
        ),
        Rule::Majority => lang.pick(
            "全体接受者（不论是否宕机）中的多数派接受了同一个提案，它的值才被选定；任意两个多数派都有共同成员。",
            "A value is chosen once a majority of all the acceptors, up or down, has accepted one proposal with it; any two majorities share an acceptor.",
        ),
        Rule::Learning => lang.pick(
            "学习者知道多数派接受了同一个提案时，才学到它的值。",
            "A learner learns a value only when it knows that a majority of acceptors accepted one proposal with it.",
        ),
        Rule::Stale => lang.pick(
            "编号比节点眼下的编号旧的消息，什么也不改变。",
            "A message about an older number than the node's current one changes nothing.",
        ),
        Rule::Liveness => lang.pick(
            "领导者或随机退避让一个提议者能走完两个阶段。",
            "A leader, or random back-off, lets one proposer finish both phases.",
        ),
        Rule::P1Only => lang.pick(
            "错误的变体：第二阶段之前没有第一阶段（只有 P1：谁先到就接受谁；或者领导者跳过第一阶段），于是没有承诺报告值，P2c 无从谈起。",
            "A broken variant: phase 2 without phase 1 (P1 alone, where whatever arrives first is accepted, or a leader that skips phase 1), so no promise reports a value for P2c.",
        ),
        Rule::NoAdoption => lang.pick(
            "错误的变体：提议者不理会报告的值，坚持自己的值（新的 Multi-Paxos 领导者则填空操作），破坏了 P2c。",
            "A broken variant: the proposer ignores the values reported and sends its own (a new Multi-Paxos leader, a no-op), breaking P2c.",
        ),
        Rule::ReusedBallots => lang.pick(
            "错误的变体：编号可以重复，相同编号的 Prepare 也会再次得到承诺。",
            "A broken variant: numbers are shared, and a Prepare equal to the promise is promised again.",
        ),
        Rule::Reconfiguration => lang.pick(
            "重新配置：槽位 i 选定的配置命令从槽位 i+α 起生效。",
            "Reconfiguration: a config command chosen in slot i sets the acceptors from slot i+α on.",
        ),
    }
}

/// Why no run can break correct Paxos, with the student's run as the example: `chosen` is the
/// first proposal chosen in it, if any, with the acceptors that chose it.
pub fn why_paxos_holds(
    chosen: Option<(&Proposal, &[NodeId])>,
    names: &Names,
    lang: Lang,
) -> String {
    let zh = lang == Lang::Zh;
    let example = match chosen {
        Some((p, by)) => {
            let (what, by, v) = (short_proposal(p), names.list(by, lang), short_value(&p.value));
            match zh {
                true => format!("在你的运行里，{what} 被 {by} 选定。任何编号更大的提议者都要得到多数派的承诺，其中必有他们中的一个：那个承诺报告 {what} 或编号更大的提案。编号大于 {what} 的提案都已带着 {v}（同样的道理，按编号逐个推下去），所以报告中编号最大的提案带着 {v}，按 P2c，提议者只能再提议 {v}。"),
                false => format!("In your run, {what} was chosen by {by}. A proposer with any higher number needs promises from a majority, which includes one of them: that promise reports {what} or a higher-numbered proposal. Every proposal numbered above {what} already carries {v} (the same argument, one number at a time), so the highest one reported carries {v}, and by P2c the proposer must propose {v} again."),
            }
        }
        None => lang
            .pick(
                "一旦某个值被多数派选定，任何编号更大的提议者都会得到这个多数派中某一员的承诺，报告这个提案或编号更大的提案；按编号逐个推下去，这些提案都带着同一个值，所以按 P2c 只能再提议这个值。（你的运行里还没有值被选定。）",
                "Once a majority has chosen a value, a proposer with any higher number gets a promise from one of that majority, reporting that proposal or a higher-numbered one; one number at a time, every such proposal carries the same value, so by P2c the proposer must propose it. (Nothing was chosen in your run yet.)",
            )
            .to_owned(),
    };
    let rest = lang.pick(
        "任意两个多数派都至少有一个共同的接受者。",
        "Any two majorities share at least one acceptor. ",
    );
    let end = lang.pick(
        "所以第二个值永远选不出来：丢弃、延迟、宕机和重复只能让 Paxos 变慢，不能让它出错。",
        " So no second value can ever be chosen: drops, delays, crashes and duplicates can slow Paxos down, never make it disagree.",
    );
    format!("{rest}{example}{end}")
}
