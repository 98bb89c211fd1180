//! The narration: each event of the trace told in plain Chinese or English, with the rule
//! behind it ("李四 忽略 Prepare(2)：它已承诺 3，只承诺比以往都大的编号。").
//!
//! [`narrate`] is a pure function of the event, the node names and the language, so the event
//! log, screen readers and the tests read the same sentences. Noise is skipped: a message put
//! on the network or delivered (the sender's and the receiver's own notes tell what they did),
//! and a timer being set.

use crate::paxos::{Ballot, DecidedAs, NodeId, Proposal, Rule};
use crate::sim::{Event, EventKind, LossCause, Switch, Violation};

use super::describe::{
    learning_text, liveness_text, message_call, short_proposal, short_value, switch_text, Names,
};
use super::i18n::{machine_text, Lang};

mod notes;
use notes::note_text;

/// How an entry of the log is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// A node's decision following a protocol rule.
    Rule,
    /// The network or a user: sent, delivered, lost, dropped, killed, switched.
    World,
    /// A value was chosen.
    Chosen,
    /// The safety checker found a violation.
    Alarm,
}

/// The tone of an event's entry in the log.
pub fn tone(event: &Event) -> Tone {
    match &event.kind {
        EventKind::Acted { .. } => Tone::Rule,
        EventKind::Chosen { .. } | EventKind::Decided { .. } => Tone::Chosen,
        EventKind::Unsafe { .. } => Tone::Alarm,
        _ => Tone::World,
    }
}

/// The short name of a rule, shown beside the sentence that follows it.
pub fn rule_name(rule: Rule, lang: Lang) -> &'static str {
    match rule {
        Rule::UniqueBallot => lang.pick("唯一编号", "unique number"),
        Rule::PromiseGreater => lang.pick("承诺规则", "promise rule"),
        Rule::AcceptAtLeastPromised => lang.pick("接受规则 n ≥ 承诺", "accept n ≥ promise"),
        Rule::AcceptEqualPromised => lang.pick("接受规则 n = 承诺", "accept n = promise"),
        Rule::P2c => "P2c",
        Rule::Majority => lang.pick("多数派", "majority"),
        Rule::Learning => lang.pick("学习", "learning"),
        Rule::Stale => lang.pick("过期消息", "stale message"),
        Rule::Liveness => lang.pick("活性", "liveness"),
        Rule::P1Only => lang.pick("错误：只有 P1", "broken: P1 alone"),
        Rule::NoAdoption => lang.pick("错误：不采纳", "broken: no adoption"),
        Rule::ReusedBallots => lang.pick("错误：编号重复", "broken: reused numbers"),
        Rule::Reconfiguration => lang.pick("重新配置 α", "reconfiguration α"),
    }
}

/// The rule an event follows, if it is a node's decision.
pub fn rule_of(event: &Event) -> Option<Rule> {
    match &event.kind {
        EventKind::Acted { rule, .. } => Some(*rule),
        _ => None,
    }
}

/// One event in plain words, or `None` for noise that the log leaves out.
pub fn narrate(event: &Event, names: &Names, lang: Lang) -> Option<String> {
    let name = |n: NodeId| names.get(n, lang);
    let zh = lang == Lang::Zh;
    let text = match &event.kind {
        EventKind::Proposed {
            node,
            value,
            ballot,
        } => {
            if zh {
                format!(
                    "有人请 {} 提议 {value}，它将使用编号 {ballot}。",
                    name(*node)
                )
            } else {
                format!(
                    "{} is asked to propose {value}; it will use ballot {ballot}.",
                    name(*node)
                )
            }
        }
        // Noise: the sender's note already says what it sent, the receiver's what it did with
        // what arrived, and a timer matters only when it fires. The learner's own note tells
        // that it asked, and the scenario's cast tells how the run began.
        EventKind::Began { .. }
        | EventKind::Sent { .. }
        | EventKind::Delivered { .. }
        | EventKind::TimerSet { .. }
        | EventKind::Asked { .. } => return None,
        EventKind::Submitted { node, command } => {
            if zh {
                format!("客户端把命令 {command} 交给 {}。", name(*node))
            } else {
                format!("A client gives {} the command {command}.", name(*node))
            }
        }
        EventKind::Led { node, ballot } => {
            if zh {
                format!("{} 要成为领导者，用编号 {ballot}。", name(*node))
            } else {
                format!("{} is to lead, with ballot {ballot}.", name(*node))
            }
        }
        EventKind::Executed { execution: e } => {
            if zh {
                format!(
                    "{} 执行槽位 {} 的命令 {}：{}。",
                    name(e.node),
                    e.slot,
                    e.command,
                    machine_text(&e.output, Lang::Zh)
                )
            } else {
                format!(
                    "{} executes the command {} of slot {}: {}.",
                    name(e.node),
                    e.command,
                    e.slot,
                    e.output
                )
            }
        }
        EventKind::Chosen {
            ballot,
            value,
            acceptors,
            earlier,
            ..
        } => {
            let proposal = short_proposal(&Proposal::new(*ballot, value.clone()));
            let who = names.list(acceptors, lang);
            // One acceptance chooses under P1 alone (`accept-first`), or with one acceptor: it
            // is then no majority of several, and the log must not say so.
            let enough = match acceptors.len() {
                1 => lang.pick("这里一次接受就算选定", "and here one acceptance chooses"),
                _ => lang.pick("构成多数派", "a majority"),
            };
            let v = short_value(value);
            match (earlier, zh) {
                (None, true) => format!(
                    "{proposal} 此刻已被选定：{who} 接受了它，{enough}。还没有任何人知道。"
                ),
                (None, false) => format!(
                    "{proposal} is now chosen: {who} accepted it, {enough}. Nobody knows yet."
                ),
                // The same value again, under a higher number: nothing new is decided (P2).
                (Some(first), true) => format!(
                    "{proposal} 也被选定了：{who} 接受了它，{enough}。选定的值仍是 {v}，编号 {first} 时就已选定（P2：此后被选定的提案都是这个值）。"
                ),
                (Some(first), false) => format!(
                    "{proposal} is chosen too: {who} accepted it, {enough}. The chosen value is still {v}, chosen already with ballot {first} (P2: every proposal chosen later has this value)."
                ),
            }
        }
        EventKind::Lost {
            from,
            to,
            message,
            cause,
            ..
        } => {
            let m = message_call(message, lang);
            match (cause, zh) {
                (LossCause::ReceiverDead, true) => format!(
                    "{} 发给 {} 的 {m} 丢失了：{} 已宕机，收不到消息。",
                    name(*from),
                    name(*to),
                    name(*to)
                ),
                (LossCause::ReceiverDead, false) => format!(
                    "{m} from {} to {} is lost: {} is down and hears nothing.",
                    name(*from),
                    name(*to),
                    name(*to)
                ),
                (LossCause::RandomLoss, true) => format!(
                    "{} 发给 {} 的 {m} 在网络中随机丢失了。",
                    name(*from),
                    name(*to)
                ),
                (LossCause::RandomLoss, false) => format!(
                    "{m} from {} to {} is lost by the network (random loss).",
                    name(*from),
                    name(*to)
                ),
            }
        }
        EventKind::Dropped { envelope } => {
            let m = message_call(&envelope.message, lang);
            if zh {
                format!("你丢弃了 {m}：它永远不会到达。")
            } else {
                format!("You dropped {m}: it will never arrive.")
            }
        }
        EventKind::Duplicated { copy, .. } => {
            let m = message_call(&copy.message, lang);
            if zh {
                format!("网络复制了 {m}：{} 会收到两次。", name(copy.to))
            } else {
                format!(
                    "The network duplicates {m}: {} will receive it twice.",
                    name(copy.to)
                )
            }
        }
        EventKind::Held { .. } => lang
            .pick(
                "你扣住了一条消息：它停在原处，直到被放行。",
                "You held a message: it stays where it is until released.",
            )
            .to_owned(),
        EventKind::Released { .. } => lang
            .pick(
                "你放行了一条消息：它继续前进。",
                "You released a message: it goes on its way.",
            )
            .to_owned(),
        EventKind::Acted { node, note, .. } => note_text(&name(*node), note, names, lang),
        EventKind::Decided {
            node,
            ballot,
            value,
            role,
            ..
        } => {
            let p = short_proposal(&Proposal::new(*ballot, value.clone()));
            match (role, zh) {
                (DecidedAs::Proposer, true) => {
                    format!("{} 作为提议者得知：{p} 已被选定。", name(*node))
                }
                (DecidedAs::Proposer, false) => {
                    format!(
                        "{}, as a proposer, learns that {p} was chosen.",
                        name(*node)
                    )
                }
                (DecidedAs::Learner, true) => {
                    format!("{} 作为学习者得知：{p} 已被选定。", name(*node))
                }
                (DecidedAs::Learner, false) => {
                    format!("{}, as a learner, learns that {p} was chosen.", name(*node))
                }
            }
        }
        EventKind::Killed { node } => {
            if zh {
                format!(
                    "{} 宕机了：只在内存里的东西（进行中的提议、学习者的计数）都丢了；Paxos 要求写进稳定存储的（接受者的承诺和已接受的提案、提议者用过的最大编号）重启后必须还在。",
                    name(*node)
                )
            } else {
                format!(
                    "{} crashes: what it held only in memory (an attempt under way, a learner's counts) is gone; what Paxos keeps on stable storage (an acceptor's promise and accepted proposal, a proposer's highest number) must survive the restart.",
                    name(*node)
                )
            }
        }
        EventKind::Restarted {
            node,
            kept,
            amnesia,
        } => {
            let promised = if kept.acceptor.promised == Ballot::NONE {
                lang.pick("无", "nothing").to_owned()
            } else {
                kept.acceptor.promised.to_string()
            };
            let accepted = kept
                .acceptor
                .accepted
                .as_ref()
                .map(short_proposal)
                .unwrap_or_else(|| lang.pick("无", "nothing").to_owned());
            match (amnesia, zh) {
                (true, true) => format!(
                    "{} 重启了，但没有持久化存储，忘掉了一切（错误规则）：承诺 {promised}，已接受 {accepted}。",
                    name(*node)
                ),
                (true, false) => format!(
                    "{} restarts without stable storage and forgets everything (broken rule): promised {promised}, accepted {accepted}.",
                    name(*node)
                ),
                (false, true) => format!(
                    "{} 重启了，仍然记得：承诺 {promised}，已接受 {accepted}。",
                    name(*node)
                ),
                (false, false) => format!(
                    "{} restarts and still remembers: promised {promised}, accepted {accepted}.",
                    name(*node)
                ),
            }
        }
        EventKind::TimerFired { node, ballot } => {
            if zh {
                format!("{} 等编号 {ballot} 的结果等到超时了。", name(*node))
            } else {
                format!("{}'s wait for ballot {ballot} times out.", name(*node))
            }
        }
        EventKind::LossSet { percent } => {
            if zh {
                format!("随机丢包率设为 {percent}%。")
            } else {
                format!("Random loss is now {percent}%.")
            }
        }
        EventKind::Switched { switch, on } => {
            let (label, _) = switch_text(*switch, lang);
            let state = match (on, zh) {
                (true, true) => "开",
                (false, true) => "关",
                (true, false) => "on",
                (false, false) => "off",
            };
            let warn = matches!(switch, Switch::Variant(_)) && *on;
            match (zh, warn) {
                (true, true) => format!("开关“{label}”：{state}。Paxos 现在不再安全。"),
                (true, false) => format!("开关“{label}”：{state}。"),
                (false, true) => format!("Switch \"{label}\": {state}. Paxos is no longer safe."),
                (false, false) => format!("Switch \"{label}\": {state}."),
            }
        }
        EventKind::LearningSet { learning } => {
            let what = learning_text(learning, names, lang);
            if zh {
                format!("学习方式改为：{what}。")
            } else {
                format!("Learning is now: {what}.")
            }
        }
        EventKind::LivenessSet { liveness } => {
            let what = liveness_text(liveness, names, lang);
            if zh {
                format!("活性规则改为：{what}。")
            } else {
                format!("Liveness is now: {what}.")
            }
        }
        EventKind::Unsafe { violation, .. } => {
            let what = violation_text(violation, names, lang);
            if zh {
                format!("安全性被破坏：{what}")
            } else {
                format!("Safety is broken: {what}")
            }
        }
    };
    Some(text)
}

/// A safety violation in plain words: "two different values chosen: ⟨1, 上海⟩ and ⟨2, 广州⟩".
pub fn violation_text(violation: &Violation, names: &Names, lang: Lang) -> String {
    let name = |n: NodeId| names.get(n, lang);
    let zh = lang == Lang::Zh;
    match violation {
        Violation::TwoValuesChosen { first, second } => {
            let (a, b) = (short_proposal(first), short_proposal(second));
            let slot = first.slot;
            match (zh, slot.is_first()) {
                (true, true) => format!("选定了两个不同的值：先是 {a}，后是 {b}"),
                (false, true) => format!("two different values chosen: {a}, then {b}"),
                (true, false) => format!("槽位 {slot} 选定了两个不同的值：先是 {a}，后是 {b}"),
                (false, false) => {
                    format!("two different values chosen in slot {slot}: {a}, then {b}")
                }
            }
        }
        Violation::DecisionNotChosen { decision } => {
            let p = short_proposal(&decision.proposal);
            if zh {
                format!(
                    "{} 以为 {p} 已被选定，可是并没有多数派接受它",
                    name(decision.node)
                )
            } else {
                format!(
                    "{} believes {p} was chosen, but no majority accepted it",
                    name(decision.node)
                )
            }
        }
        Violation::Validity { proposal } => {
            let p = short_proposal(proposal);
            if zh {
                format!("选定了没有人提议过的值：{p}")
            } else {
                format!("{p} was chosen, but nobody proposed its value")
            }
        }
        Violation::NoopOverChosen { chosen, noop } => {
            let (c, n) = (short_proposal(chosen), short_proposal(noop));
            if zh {
                format!(
                    "槽位 {} 已选定 {c}，却有接受者接受了更高编号的空操作 {n}",
                    chosen.slot
                )
            } else {
                format!(
                    "{c} was chosen in slot {}, yet an acceptor accepted the higher no-op {n}",
                    chosen.slot
                )
            }
        }
        Violation::LogsDiverge { first, second } => {
            let (a, b) = (name(first.node), name(second.node));
            let slot = first.slot;
            if zh {
                format!(
                    "槽位 {slot}：{a} 执行了 {}（{}），{b} 执行了 {}（{}）",
                    first.command, first.state, second.command, second.state
                )
            } else {
                format!(
                    "slot {slot}: {a} executed {} ({}), {b} executed {} ({})",
                    first.command, first.state, second.command, second.state
                )
            }
        }
        Violation::AcceptedBelowPromise {
            node,
            accepted,
            promised,
        } => {
            let p = short_proposal(accepted);
            if zh {
                format!("{} 已承诺 {promised}，却接受了更小的 {p}", name(*node))
            } else {
                format!("{} accepted {p} below its promise {promised}", name(*node))
            }
        }
        Violation::PromiseDecreased { node, before, now } => {
            if zh {
                format!("{} 的承诺从 {before} 降到了 {now}", name(*node))
            } else {
                format!("{}'s promise went down from {before} to {now}", name(*node))
            }
        }
        Violation::LostDurableState { node, .. } => {
            if zh {
                format!("{} 重启后丢失了稳定存储里的状态", name(*node))
            } else {
                format!("{} restarted without its stable storage", name(*node))
            }
        }
        Violation::ReusedBallot {
            ballot,
            first,
            second,
        } => {
            if zh {
                format!(
                    "编号 {ballot} 用了两次：先是 {}，后是 {}",
                    name(*first),
                    name(*second)
                )
            } else {
                format!(
                    "ballot {ballot} was used twice: by {}, then by {}",
                    name(*first),
                    name(*second)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::{AcceptRule, Message, MessageKind, Note, Slot, Value};
    use crate::sim::EventId;

    fn names() -> Names {
        Names::from_pairs(&[
            ("张三", "Zhang San"),
            ("李四", "Li Si"),
            ("王五", "Wang Wu"),
        ])
    }

    fn event(kind: EventKind) -> Event {
        Event {
            id: EventId(1),
            time: 0,
            kind,
        }
    }

    fn acted(node: u32, note: Note) -> Event {
        let rule = note.rule();
        event(EventKind::Acted {
            node: NodeId(node),
            note,
            rule,
            state: Default::default(),
        })
    }

    #[test]
    fn one_acceptance_that_chooses_is_not_called_a_majority() {
        let chosen = |acceptors: Vec<NodeId>| {
            event(EventKind::Chosen {
                ballot: Ballot(1),
                value: Value::from("x"),
                acceptors,
                slot: Slot::FIRST,
                earlier: None,
            })
        };
        let two = chosen(vec![NodeId(0), NodeId(1)]);
        let en = narrate(&two, &names(), Lang::En).unwrap();
        assert!(
            en.contains("Zhang San and Li Si accepted it, a majority"),
            "{en}"
        );
        // P1 alone (accept-first): Li Si's acceptance alone chose it.
        let one = chosen(vec![NodeId(1)]);
        let en = narrate(&one, &names(), Lang::En).unwrap();
        assert!(!en.contains("majority"), "{en}");
        assert!(
            en.contains("Li Si accepted it, and here one acceptance chooses"),
            "{en}"
        );
        let zh = narrate(&one, &names(), Lang::Zh).unwrap();
        assert!(
            !zh.contains("多数派") && zh.contains("一次接受就算选定"),
            "{zh}"
        );
        // The proposer's and the learner's notes of that one acceptance say so too.
        let p = Proposal::new(Ballot(1), Value::from("x"));
        for note in [
            Note::ProposerChose {
                proposal: p.clone(),
                quorum: 1,
                majority: 1,
            },
            Note::Learned {
                proposal: p.clone(),
                quorum: 1,
                majority: 1,
            },
        ] {
            let e = acted(1, note);
            let en = narrate(&e, &names(), Lang::En).unwrap();
            let zh = narrate(&e, &names(), Lang::Zh).unwrap();
            assert!(
                !en.contains("majority") && en.contains("here one acceptance chooses"),
                "{en}"
            );
            assert!(
                !zh.contains("多数派") && zh.contains("一次接受就算选定"),
                "{zh}"
            );
        }
        let e = acted(
            1,
            Note::Learned {
                proposal: p.clone(),
                quorum: 2,
                majority: 2,
            },
        );
        let en = narrate(&e, &names(), Lang::En).unwrap();
        assert!(en.contains("a majority accepted ⟨1, x⟩"), "{en}");
        // Broken live-quorum: 2 of the 3 acceptors up, where a majority of all 5 is 3.
        for note in [
            Note::ProposerChose {
                proposal: p.clone(),
                quorum: 2,
                majority: 3,
            },
            Note::Learned {
                proposal: p,
                quorum: 2,
                majority: 3,
            },
        ] {
            let e = acted(1, note);
            let en = narrate(&e, &names(), Lang::En).unwrap();
            let zh = narrate(&e, &names(), Lang::Zh).unwrap();
            assert!(
                !en.contains("A majority accepted")
                    && !en.contains("a majority accepted")
                    && en.contains("not the 3 a majority of all needs (broken rule: live quorum)"),
                "{en}"
            );
            assert!(zh.contains("全体的多数派要 3 个"), "{zh}");
        }
    }

    #[test]
    fn a_value_chosen_again_under_a_higher_number_is_not_news() {
        let e = event(EventKind::Chosen {
            ballot: Ballot(4),
            value: Value::from("x"),
            acceptors: vec![NodeId(0), NodeId(1)],
            slot: Slot::FIRST,
            earlier: Some(Ballot(1)),
        });
        let en = narrate(&e, &names(), Lang::En).unwrap();
        assert!(!en.contains("Nobody knows"), "{en}");
        assert!(
            en.contains("⟨4, x⟩ is chosen too")
                && en.contains("still x, chosen already with ballot 1"),
            "{en}"
        );
        let zh = narrate(&e, &names(), Lang::Zh).unwrap();
        assert!(!zh.contains("还没有任何人知道"), "{zh}");
        assert!(zh.contains("选定的值仍是 x，编号 1 时就已选定"), "{zh}");
    }

    #[test]
    fn a_multi_paxos_promise_reports_each_slot() {
        let slot = |n: u32, b, v: &str| Proposal {
            ballot: Ballot(b),
            value: Value::from(v),
            slot: Slot(n),
        };
        let e = acted(
            2,
            Note::Promised {
                ballot: Ballot(2),
                previous: Ballot(1),
                reported: None,
                later: vec![slot(136, 1, "w30"), slot(138, 1, "d5")].into(),
            },
        );
        let en = narrate(&e, &names(), Lang::En).unwrap();
        assert!(
            en.ends_with("replies that it accepted ⟨1, w30⟩ in slot 136, ⟨1, d5⟩ in slot 138."),
            "{en}"
        );
        let zh = narrate(&e, &names(), Lang::Zh).unwrap();
        assert!(
            zh.ends_with("并回复：槽位 136 接受过 ⟨1, w30⟩，槽位 138 接受过 ⟨1, d5⟩。"),
            "{zh}"
        );
    }

    #[test]
    fn the_brief_example_in_both_languages() {
        let e = acted(
            1,
            Note::IgnoredPrepare {
                ballot: Ballot(2),
                promised: Ballot(3),
            },
        );
        assert_eq!(
            narrate(&e, &names(), Lang::Zh).unwrap(),
            "李四 忽略 Prepare(2)：它已承诺 3，只承诺比以往都大的编号。"
        );
        assert_eq!(
            narrate(&e, &names(), Lang::En).unwrap(),
            "Li Si ignores Prepare(2): it already promised 3, and promises only a number greater than any before."
        );
        assert_eq!(rule_of(&e), Some(Rule::PromiseGreater));
        assert_eq!(tone(&e), Tone::Rule);
    }

    #[test]
    fn noise_is_skipped() {
        let e = event(EventKind::TimerSet {
            node: NodeId(0),
            ballot: Ballot(1),
            at: 10,
        });
        assert_eq!(narrate(&e, &names(), Lang::En), None);
        let e = event(EventKind::Delivered {
            msg: crate::sim::MsgId(1),
            from: NodeId(0),
            to: NodeId(1),
            message: Message::Prepare {
                ballot: Ballot(1),
                from: Slot::FIRST,
            },
        });
        assert_eq!(narrate(&e, &names(), Lang::Zh), None);
    }

    #[test]
    fn promises_report_what_was_accepted() {
        let e = acted(
            2,
            Note::Promised {
                ballot: Ballot(4),
                previous: Ballot(2),
                reported: Some(Proposal::new(Ballot(2), "8".into())),
                later: [].into(),
            },
        );
        let en = narrate(&e, &names(), Lang::En).unwrap();
        assert!(
            en.starts_with("Wang Wu promises 4: its promise was 2"),
            "{en}"
        );
        assert!(en.contains("accepted ⟨2, 8⟩"), "{en}");
        let zh = narrate(&e, &names(), Lang::Zh).unwrap();
        assert!(zh.contains("它接受过 ⟨2, 8⟩"), "{zh}");
    }

    #[test]
    fn p2c_adoption_names_the_reporter() {
        let e = acted(
            0,
            Note::Adopted {
                ballot: Ballot(5),
                from: Proposal::new(Ballot(3), "郑州".into()),
                reporter: NodeId(2),
            },
        );
        let zh = narrate(&e, &names(), Lang::Zh).unwrap();
        assert!(zh.contains("王五 报告的"), "{zh}");
        assert!(zh.contains("Accept(5, 郑州)"), "{zh}");
        assert_eq!(rule_of(&e), Some(Rule::P2c));
    }

    #[test]
    fn the_violation_names_both_proposals() {
        let p = |ballot, v: &str| Proposal::new(Ballot(ballot), Value::from(v));
        let v = Violation::TwoValuesChosen {
            first: p(1, "上海"),
            second: p(2, "广州"),
        };
        assert_eq!(
            violation_text(&v, &names(), Lang::En),
            "two different values chosen: ⟨1, 上海⟩, then ⟨2, 广州⟩"
        );
        let e = event(EventKind::Unsafe {
            violation: Box::new(v),
            because: vec![EventId(3), EventId(9)],
        });
        assert_eq!(tone(&e), Tone::Alarm);
        assert!(narrate(&e, &names(), Lang::Zh)
            .unwrap()
            .contains("选定了两个不同的值：先是 ⟨1, 上海⟩，后是 ⟨2, 广州⟩"));
    }

    #[test]
    fn losses_say_why() {
        let e = event(EventKind::Lost {
            msg: crate::sim::MsgId(3),
            from: NodeId(0),
            to: NodeId(1),
            message: Message::Prepare {
                ballot: Ballot(1),
                from: Slot::FIRST,
            },
            cause: LossCause::ReceiverDead,
        });
        assert_eq!(
            narrate(&e, &names(), Lang::En).unwrap(),
            "Prepare(1) from Zhang San to Li Si is lost: Li Si is down and hears nothing."
        );
    }

    #[test]
    fn every_note_has_text_in_both_languages() {
        let p = Proposal::new(Ballot(1), "v".into());
        let notes = vec![
            Note::Prepared {
                ballot: Ballot(1),
                value: "v".into(),
                recipients: vec![NodeId(1), NodeId(2)],
            },
            Note::ProposedDirectly {
                ballot: Ballot(1),
                value: "v".into(),
            },
            Note::RepeatedPromise {
                ballot: Ballot(1),
                reported: None,
            },
            Note::AcceptedProposal {
                proposal: p.clone(),
                promised: Ballot(1),
                rule: AcceptRule::EqualPromised,
            },
            Note::IgnoredAccept {
                ballot: Ballot(1),
                promised: Ballot(2),
                rule: AcceptRule::AtLeastPromised,
            },
            Note::AcceptedFirst {
                proposal: p.clone(),
            },
            Note::IgnoredLaterProposal {
                proposal: p.clone(),
                first: p.clone(),
            },
            Note::CountedPromise {
                ballot: Ballot(1),
                count: 1,
                quorum: 2,
            },
            Note::FreeToChoose {
                ballot: Ballot(1),
                value: "v".into(),
            },
            Note::IgnoredReported {
                ballot: Ballot(2),
                reported: p.clone(),
                own: "w".into(),
            },
            Note::CountedAccepted {
                ballot: Ballot(1),
                count: 1,
                quorum: 2,
            },
            Note::ProposerChose {
                proposal: p.clone(),
                quorum: 2,
                majority: 2,
            },
            Note::LearnerCounted {
                proposal: p.clone(),
                count: 1,
                quorum: 2,
            },
            Note::Learned {
                proposal: p.clone(),
                quorum: 2,
                majority: 2,
            },
            Note::LearnedFromRelay {
                value: "v".into(),
                relay: NodeId(2),
            },
            Note::Asked { acceptors: 3 },
            Note::Answered {
                learner: NodeId(2),
                accepted: Some(p.clone()),
            },
            Note::Answered {
                learner: NodeId(2),
                accepted: None,
            },
            Note::Stale {
                kind: MessageKind::Promise,
                ballot: Some(Ballot(1)),
            },
            Note::NotMyRole {
                kind: MessageKind::Chosen,
            },
            Note::Preempted {
                ballot: Ballot(1),
                promised: Ballot(2),
            },
            Note::Retried {
                old: Ballot(1),
                new: Ballot(4),
            },
            Note::Deferred {
                ballot: Ballot(2),
                leader: NodeId(0),
            },
        ];
        for note in notes {
            let e = acted(0, note);
            let zh = narrate(&e, &names(), Lang::Zh).unwrap();
            let en = narrate(&e, &names(), Lang::En).unwrap();
            assert!(zh.starts_with("张三") || zh.contains("选定"), "{zh}");
            assert!(en.starts_with("Zhang San") || en.contains("chosen"), "{en}");
            let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert!(cjk(&zh), "{zh}");
            assert!(!cjk(&en), "{en}");
        }
    }
}
