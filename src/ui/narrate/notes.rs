//! The sentences for what a node did with a message ([`Note`]): each names the node, what it did
//! and the rule it followed, such as "李四 忽略 Prepare(2)：它已承诺 3，只承诺比以往都大的编号。".

use crate::paxos::{AcceptRule, Ballot, MessageKind, Note, Proposal};

use super::super::describe::{short_proposal, short_value, Names};
use super::super::i18n::Lang;

fn promised_or_nothing(b: Ballot, lang: Lang) -> String {
    if b == Ballot::NONE {
        lang.pick("从未承诺过", "had promised nothing").to_owned()
    } else {
        match lang {
            Lang::Zh => format!("之前的承诺是 {b}"),
            Lang::En => format!("its promise was {b}"),
        }
    }
}

/// What a promise reports: the proposal accepted in the first slot, and in Multi-Paxos those
/// of the later slots, each with its slot, since P2c is applied slot by slot.
fn reported_text(reported: &Option<Proposal>, later: &[Proposal], lang: Lang) -> String {
    if later.is_empty() {
        return match reported {
            None => lang
                .pick("没有接受过任何提案", "that it has accepted nothing")
                .to_owned(),
            Some(p) => match lang {
                Lang::Zh => format!("它接受过 {}", short_proposal(p)),
                Lang::En => format!("that it accepted {}", short_proposal(p)),
            },
        };
    }
    let each: Vec<String> = reported
        .iter()
        .chain(later)
        .map(|p| match lang {
            Lang::Zh => format!("槽位 {} 接受过 {}", p.slot, short_proposal(p)),
            Lang::En => format!("{} in slot {}", short_proposal(p), p.slot),
        })
        .collect();
    match lang {
        Lang::Zh => format!("：{}", each.join("，")),
        Lang::En => format!("that it accepted {}", each.join(", ")),
    }
}

/// How a proposer or learner counted to "chosen".
enum Counting {
    /// A majority of all the acceptors, as Paxos counts.
    Majority,
    /// One acceptance, which chooses only under the broken `accept-first` (or with one acceptor).
    One,
    /// A majority of the live acceptors only, fewer than a majority of all: broken `live-quorum`.
    Live,
}

/// How `quorum` acceptances were counted, when `majority` make a value chosen (0: not known,
/// as in a trace written before the notes carried it).
fn counting(quorum: usize, majority: usize) -> Counting {
    if quorum < majority {
        Counting::Live
    } else if quorum == 1 {
        Counting::One
    } else {
        Counting::Majority
    }
}

/// What a node did, and why, in one sentence that starts with its name (`actor`).
pub(super) fn note_text(actor: &str, note: &Note, names: &Names, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match note {
        Note::Prepared {
            ballot, recipients, ..
        } => {
            let to = names.list(recipients, lang);
            if zh {
                format!("{actor} 选出编号 {ballot}（比它用过的都大，且只属于它），向 {to} 发送 Prepare({ballot})。")
            } else {
                format!("{actor} picks ballot {ballot}, above any it used and unique to it, and sends Prepare({ballot}) to {to}.")
            }
        }
        Note::ProposedDirectly { ballot, value } => {
            let v = short_value(value);
            if zh {
                format!("{actor} 跳过准备阶段，直接发送 Accept({ballot}, {v})（错误规则：只有 P1）。")
            } else {
                format!("{actor} skips phase 1 and sends Accept({ballot}, {v}) at once (broken rule: P1 alone).")
            }
        }
        Note::Promised {
            ballot,
            previous,
            reported,
            later,
        } => {
            let before = promised_or_nothing(*previous, lang);
            let rep = reported_text(reported, later, lang);
            if zh {
                format!("{actor} 承诺 {ballot}：{before}，{ballot} 更大；从此不接受小于 {ballot} 的编号，并回复{rep}。")
            } else {
                format!("{actor} promises {ballot}: {before}, and {ballot} is greater. It will accept nothing below {ballot}, and replies {rep}.")
            }
        }
        Note::IgnoredPrepare { ballot, promised } => {
            if zh {
                format!("{actor} 忽略 Prepare({ballot})：它已承诺 {promised}，只承诺比以往都大的编号。")
            } else {
                format!("{actor} ignores Prepare({ballot}): it already promised {promised}, and promises only a number greater than any before.")
            }
        }
        Note::RepeatedPromise { ballot, .. } => {
            if zh {
                format!("{actor} 已经承诺过 {ballot}，却又回复了同一编号的 Prepare（错误规则：编号可重复）。")
            } else {
                format!("{actor} already promised {ballot} yet answers another Prepare({ballot}) (broken rule: shared numbers).")
            }
        }
        Note::AcceptedProposal {
            proposal,
            promised,
            rule,
        } => {
            let p = short_proposal(proposal);
            let b = proposal.ballot;
            let promise = if *promised == Ballot::NONE {
                lang.pick("无", "none").to_owned()
            } else {
                promised.to_string()
            };
            match (rule, zh) {
                (AcceptRule::AtLeastPromised, true) => format!(
                    "{actor} 接受 {p}：{b} ≥ 它的承诺（{promise}）；接受者只拒绝小于承诺的编号。"
                ),
                (AcceptRule::AtLeastPromised, false) => format!(
                    "{actor} accepts {p}: {b} ≥ its promise ({promise}), and an acceptor refuses only numbers below its promise."
                ),
                (AcceptRule::EqualPromised, true) => {
                    format!("{actor} 接受 {p}：{b} 正是它承诺的编号。")
                }
                (AcceptRule::EqualPromised, false) => {
                    format!("{actor} accepts {p}: {b} is exactly the number it promised.")
                }
            }
        }
        Note::IgnoredAccept {
            ballot,
            promised,
            rule,
        } => match (rule, zh) {
            (AcceptRule::AtLeastPromised, true) => format!(
                "{actor} 拒绝 Accept({ballot})：它已承诺更大的 {promised}，不再接受小于 {promised} 的编号。"
            ),
            (AcceptRule::AtLeastPromised, false) => format!(
                "{actor} refuses Accept({ballot}): it promised {promised}, which is greater, so it accepts nothing below {promised}."
            ),
            (AcceptRule::EqualPromised, true) => format!(
                "{actor} 拒绝 Accept({ballot})：它只接受等于承诺（{promised}）的编号。"
            ),
            (AcceptRule::EqualPromised, false) => format!(
                "{actor} refuses Accept({ballot}): it accepts only the number it promised, {promised}."
            ),
        },
        Note::AcceptedFirst { proposal } => {
            let p = short_proposal(proposal);
            if zh {
                format!("{actor} 接受 {p}，因为这是它收到的第一个提案（错误规则：只有 P1）。")
            } else {
                format!("{actor} accepts {p} because it is the first proposal it received (broken rule: P1 alone).")
            }
        }
        Note::IgnoredLaterProposal { proposal, first } => {
            let (p, f) = (short_proposal(proposal), short_proposal(first));
            if zh {
                format!("{actor} 忽略 {p}：它已经接受了第一个提案 {f}（错误规则：只有 P1）。")
            } else {
                format!("{actor} ignores {p}: it already accepted the first one, {f} (broken rule: P1 alone).")
            }
        }
        Note::CountedPromise {
            ballot,
            count,
            quorum,
        } => {
            if zh {
                format!("{actor} 收到编号 {ballot} 的第 {count} 个承诺，多数派需要 {quorum} 个。")
            } else {
                format!("{actor} has {count} of the {quorum} promises for ballot {ballot} that a majority needs.")
            }
        }
        Note::Adopted {
            ballot,
            from,
            reporter,
        } => {
            let p = short_proposal(from);
            let v = short_value(&from.value);
            let who = names.get(*reporter, lang);
            if zh {
                format!("{actor} 得到多数派的承诺。其中编号最大的已接受提案是 {p}（{who} 报告的），按 P2c 它必须提议这个值：发送 Accept({ballot}, {v})。")
            } else {
                format!("{actor} has promises from a majority. The highest-numbered accepted proposal among them is {p} (reported by {who}), so by P2c it must propose that value: it sends Accept({ballot}, {v}).")
            }
        }
        Note::FreeToChoose { ballot, value } => {
            let v = short_value(value);
            if zh {
                format!("{actor} 得到多数派的承诺，且没有人报告接受过提案，所以它可以用自己的值：发送 Accept({ballot}, {v})。")
            } else {
                format!("{actor} has promises from a majority and none reports an accepted proposal, so it may use its own value: it sends Accept({ballot}, {v}).")
            }
        }
        Note::IgnoredReported {
            ballot,
            reported,
            own,
        } => {
            let (p, v) = (short_proposal(reported), short_value(own));
            if zh {
                format!("{actor} 无视报告的 {p}，仍发送自己的 Accept({ballot}, {v})（错误规则：跳过 P2c）。")
            } else {
                format!("{actor} ignores the reported {p} and sends its own Accept({ballot}, {v}) (broken rule: P2c skipped).")
            }
        }
        Note::CountedAccepted {
            ballot,
            count,
            quorum,
        } => {
            if zh {
                format!("{actor} 收到编号 {ballot} 的 {count} 个接受，多数派需要 {quorum} 个。")
            } else {
                format!("{actor} has {count} of the {quorum} acceptances of ballot {ballot} that a majority needs.")
            }
        }
        Note::ProposerChose {
            proposal,
            quorum,
            majority,
        } => {
            let p = short_proposal(proposal);
            match (counting(*quorum, *majority), zh) {
                (Counting::Majority, true) => format!("多数派接受了 {p}：这个值被选定了。"),
                (Counting::Majority, false) => {
                    format!("A majority accepted {p}: the value is chosen.")
                }
                (Counting::One, true) => {
                    format!("一个接受者接受了 {p}，这里一次接受就算选定：这个值被选定了。")
                }
                (Counting::One, false) => format!(
                    "An acceptor accepted {p}, and here one acceptance chooses: the value is chosen."
                ),
                (Counting::Live, true) => format!(
                    "{quorum} 个接受者接受了 {p}：只是存活者中的多数派，全体的多数派要 {majority} 个（错误规则：多数派只算存活的）。{actor} 却认为这个值已选定。"
                ),
                (Counting::Live, false) => format!(
                    "{quorum} acceptors accepted {p}: a majority of those up, not the {majority} a majority of all needs (broken rule: live quorum). {actor} takes the value as chosen all the same."
                ),
            }
        }
        Note::LearnerCounted {
            proposal,
            count,
            quorum,
        } => {
            let p = short_proposal(proposal);
            if zh {
                format!("{actor} 得知 {count} 个接受者接受了 {p}，要 {quorum} 个才算选定。")
            } else {
                format!("{actor} knows of {count} {} that accepted {p}; it takes {quorum}.", if *count == 1 { "acceptor" } else { "acceptors" })
            }
        }
        Note::Learned {
            proposal,
            quorum,
            majority,
        } => {
            let p = short_proposal(proposal);
            match (counting(*quorum, *majority), zh) {
                (Counting::Majority, true) => format!("{actor} 学到：多数派接受了 {p}。"),
                (Counting::Majority, false) => {
                    format!("{actor} learns the value: a majority accepted {p}.")
                }
                (Counting::One, true) => {
                    format!("{actor} 学到：一个接受者接受了 {p}，这里一次接受就算选定。")
                }
                (Counting::One, false) => format!(
                    "{actor} learns the value: an acceptor accepted {p}, and here one acceptance chooses."
                ),
                (Counting::Live, true) => format!(
                    "{actor} 以为学到了：{quorum} 个接受者接受了 {p}，但这只是存活者中的多数派，全体的多数派要 {majority} 个（错误规则：多数派只算存活的）。"
                ),
                (Counting::Live, false) => format!(
                    "{actor} takes the value as learned: {quorum} acceptors accepted {p}, a majority of those up, not the {majority} a majority of all needs (broken rule: live quorum)."
                ),
            }
        }
        Note::LearnedFromRelay { value, relay } => {
            let (v, r) = (short_value(value), names.get(*relay, lang));
            if zh {
                format!("{actor} 从特定学习者 {r} 那里得知选定的值是 {v}。")
            } else {
                format!("{actor} hears from the distinguished learner {r} that {v} is chosen.")
            }
        }
        Note::Asked { acceptors } => {
            if zh {
                format!("{actor} 作为学习者，向全部 {acceptors} 个接受者询问它们接受了什么。")
            } else {
                format!("{actor}, as a learner, asks all {acceptors} acceptors what they have accepted.")
            }
        }
        Note::Answered {
            learner,
            accepted: Some(p),
        } => {
            let (l, p) = (names.get(*learner, lang), short_proposal(p));
            if zh {
                format!("{actor} 回答 {l}：它接受了 {p}。")
            } else {
                format!("{actor} answers {l}: it has accepted {p}.")
            }
        }
        Note::Answered {
            learner,
            accepted: None,
        } => {
            let l = names.get(*learner, lang);
            if zh {
                format!("{actor} 什么也没接受过，没有可以告诉 {l} 的。")
            } else {
                format!("{actor} has accepted nothing, so it has nothing to tell {l}.")
            }
        }
        Note::Stale { kind, ballot } => {
            let k = kind.name();
            let what = match ballot {
                Some(b) => format!("{k}({b})"),
                None => k.to_owned(),
            };
            if zh {
                format!("{actor} 忽略过期的 {what}：它已不再等这条消息。")
            } else {
                format!("{actor} ignores a stale {what}: it is no longer waiting for it.")
            }
        }
        Note::NotMyRole { kind } => {
            let k = kind.name();
            let role = match kind {
                MessageKind::Prepare | MessageKind::Accept | MessageKind::Query => {
                    lang.pick("接受者", "an acceptor")
                }
                MessageKind::Promise | MessageKind::Nack => lang.pick("提议者", "a proposer"),
                MessageKind::Accepted => {
                    lang.pick("提议者或学习者", "a proposer or a learner")
                }
                MessageKind::Chosen => lang.pick("学习者", "a learner"),
            };
            if zh {
                format!("{actor} 忽略 {k}：它不是{role}。")
            } else {
                format!("{actor} ignores {k}: it is not {role}.")
            }
        }
        Note::Preempted { ballot, promised } => {
            if zh {
                format!("{actor} 得知编号 {ballot} 被拒绝：有接受者已承诺 {promised}。它放弃 {ballot}。")
            } else {
                format!("{actor} learns that ballot {ballot} was refused: an acceptor promised {promised}. It gives up {ballot}.")
            }
        }
        Note::Retried { old, new } => {
            if zh {
                format!("{actor} 放弃 {old}，用更大的编号 {new} 重试。")
            } else {
                format!("{actor} gives up {old} and retries with a higher number, {new}.")
            }
        }
        Note::Deferred { ballot, leader } => {
            let l = names.get(*leader, lang);
            if zh {
                format!("{actor} 放弃 {ballot}，不再重试，交给领导者 {l}。")
            } else {
                format!("{actor} gives up {ballot} and leaves retrying to the leader, {l}.")
            }
        }
        Note::NoBallotLeft { ballot } => {
            if zh {
                format!("{actor} 放弃 {ballot}：它的编号集合里已经没有可用的编号了。")
            } else {
                format!("{actor} gives up {ballot}: no unused number is left in its set.")
            }
        }
        Note::LeaderPrepared { ballot, from } => {
            if zh {
                format!("{actor} 成为领导者：用编号 {ballot} 为槽位 {from} 及以后的所有槽位运行一次第一阶段。")
            } else {
                format!("{actor} becomes leader: one phase 1 with ballot {ballot} for slot {from} and every later slot.")
            }
        }
        Note::SkippedPhase1 { ballot, from } => {
            if zh {
                format!("{actor} 认为自己是领导者，跳过第一阶段，从槽位 {from} 起直接用编号 {ballot} 提议（错误规则）。")
            } else {
                format!("{actor} believes it leads and skips phase 1, proposing with ballot {ballot} from slot {from} (broken rule).")
            }
        }
        Note::FilledNoop { ballot, slot } => {
            if zh {
                format!("{actor} 在槽位 {slot} 上没有收到任何报告：那里不可能已选定过值，于是用编号 {ballot} 提议空操作。")
            } else {
                format!("{actor} heard of nothing accepted in slot {slot}: nothing can have been chosen there, so it proposes a no-op with ballot {ballot}.")
            }
        }
        Note::Leading { ballot, next } => {
            if zh {
                format!("{actor} 以编号 {ballot} 领导：新命令从槽位 {next} 起，每个只需一轮 Accept。")
            } else {
                format!("{actor} leads with ballot {ballot}: new commands go from slot {next} on, one round of Accept each.")
            }
        }
        Note::Queued { command } => {
            if zh {
                format!("{actor} 收到客户端命令 {command}，等待一个槽位。")
            } else {
                format!("{actor} receives the client command {command}; it waits for a slot.")
            }
        }
        Note::ProposedCommand {
            ballot,
            slot,
            command,
        } => {
            if zh {
                format!("{actor} 把命令 {command} 放在槽位 {slot}，发送 Accept({ballot}, {slot}, {command})。")
            } else {
                format!("{actor} puts the command {command} in slot {slot} and sends Accept({ballot}, {slot}, {command}).")
            }
        }
        Note::HeldByAlpha {
            slot,
            unknown,
            alpha,
        } => {
            let last = slot.0 - alpha;
            if zh {
                format!("{actor} 暂不在槽位 {slot} 提议：那里的接受者取决于槽位 {last} 及之前的槽位（α = {alpha}），而它还不知道槽位 {unknown} 选定了什么。")
            } else {
                format!("{actor} holds back slot {slot}: its acceptors depend on every slot up to {last} (α = {alpha}), and it does not yet know what slot {unknown} chose.")
            }
        }
    }
}
