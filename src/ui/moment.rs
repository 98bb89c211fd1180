//! A link to a moment of a run: "Copy link to this moment" gives the scenario's address with
//! `run=`, every operation of the run written compactly. The page that opens it replays the
//! operations through the simulator, which is deterministic, and so shows the same picture:
//! the same messages in flight, the same decisions, the same instant.
//!
//! `run=1.P.K.T.N.OP.OP…` (docs/links.md is the full description):
//! * `1`: the format's version. A page reads the versions it knows; a link from a newer page
//!   is refused with a message that names its version, never misread.
//! * `P`: how many operations come first from the scenario's own script (a guided tour's
//!   steps). The link does not repeat them.
//! * `K`: the instant: how many operations of the whole run have been applied there.
//! * `T`: the display clock at that instant, in ticks: the bits of the IEEE 754 double, in
//!   hexadecimal (`4044c00000000000` is 41.5 ticks, `0` is 0). Written exactly, so that the
//!   messages are drawn exactly where they were.
//! * `N`: how many operations follow, so that a link cut short is known as such.
//! * `OP`: one operation, a letter and its arguments; `s7` is seven steps.
//!
//! A link that is cut off, corrupted, or whose operations no longer apply is replayed as far
//! as it can be, and [`LinkError`] says where it stopped.

use crate::paxos::{Ballot, Learning, Liveness, NodeId, Switch, Value};
use crate::scenario::inline;
use crate::sim::{MsgId, Op, OpError};

/// The version of the format written here.
pub const VERSION: u32 = 1;

/// The most operations a link may hold: replaying more would keep the page busy too long.
pub const MAX_OPS: usize = 1_000_000;

/// A moment of a run, as a link carries it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Moment {
    /// How many operations of the scenario's script come first.
    pub script: usize,
    /// The instant: operations applied.
    pub cursor: usize,
    /// The display clock there, in ticks.
    pub time: f64,
    /// The operations after the script's.
    pub ops: Vec<Op>,
}

/// Why a link was not replayed in full.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Written by a newer page, in this version of the format.
    Newer(u32),
    /// The part before the operations is not readable.
    Unreadable,
    /// The operation after the first `at` (after the script's) is not readable.
    Corrupt {
        /// Its place.
        at: usize,
        /// Operations announced.
        of: usize,
    },
    /// The link holds `got` of its `of` operations: it was cut off.
    Cut {
        /// Operations read.
        got: usize,
        /// Operations announced.
        of: usize,
    },
    /// It starts with more of the script than the scenario has.
    Script {
        /// Script operations asked for.
        asked: usize,
        /// Script operations the scenario has.
        has: usize,
    },
    /// Its instant lies past the end of the run it replays.
    Instant {
        /// The instant asked for, in operations.
        at: usize,
        /// The run's end, in operations.
        end: usize,
    },
    /// Operation `at` (from 0, after the script's) was refused by the simulator.
    Refused {
        /// Its place.
        at: usize,
        /// Why.
        error: OpError,
    },
}

/// Every switch, in the order of [`Switch::NAMES`]: a switch is written as its place here.
fn switch_at(i: usize) -> Option<Switch> {
    use crate::paxos::Variant;
    let fixed = [
        Switch::Nacks,
        Switch::Retry,
        Switch::AcceptToAll,
        Switch::AcceptEqual,
    ];
    match i {
        0..=3 => Some(fixed[i]),
        _ => Variant::ALL.get(i - 4).map(|v| Switch::Variant(*v)),
    }
}

fn switch_index(switch: Switch) -> usize {
    (0..Switch::NAMES.len())
        .find(|&i| switch_at(i) == Some(switch))
        .unwrap_or(0)
}

fn num(n: impl Into<u64>) -> String {
    n.into().to_string()
}

fn nodes(list: &[NodeId]) -> String {
    let ids: Vec<String> = list.iter().map(|n| num(n.0)).collect();
    ids.join(",")
}

/// Writes one operation (not a step).
fn write_op(op: &Op, out: &mut String) {
    let text = match op {
        Op::Propose {
            node,
            value,
            ballot,
            recipients,
        } => format!(
            "p{}~{}~{}~{}",
            node.0,
            ballot.map(|b| num(b.0)).unwrap_or_default(),
            recipients.as_deref().map(nodes).unwrap_or_default(),
            inline::encode(value.as_str())
        ),
        Op::Step => "s".to_owned(),
        Op::Deliver { msg } => format!("d{}", msg.0),
        Op::Drop { msg } => format!("x{}", msg.0),
        Op::Duplicate { msg } => format!("c{}", msg.0),
        Op::Hold { msg } => format!("h{}", msg.0),
        Op::Release { msg } => format!("r{}", msg.0),
        Op::Kill { node } => format!("k{}", node.0),
        Op::Restart { node } => format!("u{}", node.0),
        Op::Lead { node } => format!("l{}", node.0),
        Op::Ask { node } => format!("a{}", node.0),
        Op::Submit { node, command } => {
            format!("m{}~{}", node.0, inline::encode(command.as_str()))
        }
        Op::SetLoss { percent } => format!("o{percent}"),
        Op::Set { switch, on } => format!("w{}~{}", switch_index(*switch), u8::from(*on)),
        Op::SetLearning { learning } => match learning {
            Learning::AllLearners => "ga".to_owned(),
            Learning::Distinguished { learner } => format!("gd{}", learner.0),
            Learning::DistinguishedSet { learners } => format!("gs{}", nodes(learners)),
        },
        Op::SetLiveness { liveness } => match liveness {
            Liveness::None => "vn".to_owned(),
            Liveness::Distinguished { proposer } => format!("vd{}", proposer.0),
            Liveness::RandomBackoff { max_extra } => format!("vb{max_extra}"),
        },
    };
    out.push_str(&text);
}

/// The text after `run=`.
pub fn encode(moment: &Moment) -> String {
    let mut out = format!(
        "{VERSION}.{}.{}.{:x}.{}",
        moment.script,
        moment.cursor,
        moment.time.max(0.0).to_bits(),
        moment.ops.len()
    );
    let ops = &moment.ops;
    let mut i = 0;
    while i < ops.len() {
        out.push('.');
        let steps = ops[i..].iter().take_while(|op| **op == Op::Step).count();
        if steps > 1 {
            out.push('s');
            out.push_str(&num(steps as u64));
            i += steps;
        } else {
            write_op(&ops[i], &mut out);
            i += 1;
        }
    }
    out
}

fn node_list(text: &str) -> Option<Vec<NodeId>> {
    text.split(',')
        .map(|n| n.parse().ok().map(NodeId))
        .collect()
}

fn text(data: &str) -> Option<Value> {
    inline::decode(data).ok().map(Value::from)
}

/// Reads one operation, and how many times it is repeated (steps in a row).
fn read_op(code: &str) -> Option<(Op, usize)> {
    let mut chars = code.chars();
    let letter = chars.next()?;
    let rest = chars.as_str();
    let args: Vec<&str> = rest.split('~').collect();
    let num = |s: &str| s.parse::<u32>().ok();
    let node = || num(rest).map(NodeId);
    let msg = || rest.parse().ok().map(MsgId);
    let op = match (letter, args.as_slice()) {
        ('s', _) if rest.is_empty() => Op::Step,
        ('s', _) => return rest.parse().ok().map(|n| (Op::Step, n)),
        ('p', [node, ballot, to, value]) => Op::Propose {
            node: NodeId(num(node)?),
            value: text(value)?,
            ballot: match *ballot {
                "" => None,
                b => Some(Ballot(num(b)?)),
            },
            recipients: match *to {
                "" => None,
                to => Some(node_list(to)?),
            },
        },
        ('d', _) => Op::Deliver { msg: msg()? },
        ('x', _) => Op::Drop { msg: msg()? },
        ('c', _) => Op::Duplicate { msg: msg()? },
        ('h', _) => Op::Hold { msg: msg()? },
        ('r', _) => Op::Release { msg: msg()? },
        ('k', _) => Op::Kill { node: node()? },
        ('u', _) => Op::Restart { node: node()? },
        ('l', _) => Op::Lead { node: node()? },
        ('a', _) => Op::Ask { node: node()? },
        ('m', [node, command]) => Op::Submit {
            node: NodeId(num(node)?),
            command: text(command)?,
        },
        ('o', _) => Op::SetLoss {
            percent: rest.parse().ok().filter(|p| *p <= 100)?,
        },
        ('w', [i, on @ ("0" | "1")]) => Op::Set {
            switch: switch_at(i.parse().ok()?)?,
            on: *on == "1",
        },
        ('g', _) => Op::SetLearning {
            learning: match rest.split_at_checked(1)? {
                ("a", "") => Learning::AllLearners,
                ("d", n) => Learning::Distinguished {
                    learner: NodeId(num(n)?),
                },
                ("s", list) => Learning::DistinguishedSet {
                    learners: node_list(list)?,
                },
                _ => return None,
            },
        },
        ('v', _) => Op::SetLiveness {
            liveness: match rest.split_at_checked(1)? {
                ("n", "") => Liveness::None,
                ("d", n) => Liveness::Distinguished {
                    proposer: NodeId(num(n)?),
                },
                ("b", max) => Liveness::RandomBackoff {
                    max_extra: num(max)?,
                },
                _ => return None,
            },
        },
        _ => return None,
    };
    Some((op, 1))
}

/// Reads the text after `run=`: the moment, as much of it as could be read, and why not all
/// of it if so.
pub fn decode(data: &str) -> (Moment, Option<LinkError>) {
    let mut parts = data.trim().split('.');
    let mut moment = Moment::default();
    match parts.next().and_then(|v| v.parse::<u32>().ok()) {
        Some(VERSION) => {}
        Some(v) if v > VERSION => return (moment, Some(LinkError::Newer(v))),
        _ => return (moment, Some(LinkError::Unreadable)),
    }
    let mut number = || parts.next().and_then(|p| p.parse::<usize>().ok());
    let (script, cursor) = (number(), number());
    let time = parts
        .next()
        .and_then(|t| u64::from_str_radix(t, 16).ok())
        .map(f64::from_bits)
        .filter(|t| t.is_finite() && *t >= 0.0);
    let (Some(script), Some(cursor), Some(time), Some(count)) = (
        script,
        cursor,
        time,
        parts.next().and_then(|p| p.parse::<usize>().ok()),
    ) else {
        return (moment, Some(LinkError::Unreadable));
    };
    if count > MAX_OPS {
        return (moment, Some(LinkError::Unreadable));
    }
    moment.script = script;
    moment.cursor = cursor;
    moment.time = time;
    for code in parts {
        match read_op(code) {
            Some((op, n)) if moment.ops.len() + n <= count => {
                moment.ops.extend(std::iter::repeat_n(op, n));
            }
            _ => {
                let at = moment.ops.len();
                return (moment, Some(LinkError::Corrupt { at, of: count }));
            }
        }
    }
    let got = moment.ops.len();
    let cut = (got < count).then_some(LinkError::Cut { got, of: count });
    (moment, cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::Variant;

    fn every_kind() -> Vec<Op> {
        let (node, msg) = (NodeId(2), MsgId(17));
        vec![
            Op::Propose {
                node,
                value: Value::from("郑州 a.b~c"),
                ballot: Some(Ballot(7)),
                recipients: Some(vec![NodeId(0), NodeId(3)]),
            },
            Op::Propose {
                node,
                value: Value::from("x"),
                ballot: None,
                recipients: None,
            },
            Op::Step,
            Op::Deliver { msg },
            Op::Drop { msg },
            Op::Duplicate { msg },
            Op::Hold { msg },
            Op::Release { msg },
            Op::Kill { node },
            Op::Restart { node },
            Op::Submit {
                node,
                command: Value::from("deposit 5"),
            },
            Op::Lead { node },
            Op::Ask { node },
            Op::SetLoss { percent: 100 },
            Op::Set {
                switch: Switch::Variant(Variant::InstantConfig),
                on: true,
            },
            Op::Set {
                switch: Switch::Nacks,
                on: false,
            },
            Op::SetLearning {
                learning: Learning::AllLearners,
            },
            Op::SetLearning {
                learning: Learning::Distinguished { learner: node },
            },
            Op::SetLearning {
                learning: Learning::DistinguishedSet {
                    learners: vec![NodeId(4), NodeId(5)],
                },
            },
            Op::SetLiveness {
                liveness: Liveness::None,
            },
            Op::SetLiveness {
                liveness: Liveness::Distinguished { proposer: node },
            },
            Op::SetLiveness {
                liveness: Liveness::RandomBackoff { max_extra: 9 },
            },
            Op::Step,
            Op::Step,
            Op::Step,
        ]
    }

    fn moment(ops: Vec<Op>) -> Moment {
        Moment {
            script: 3,
            cursor: 20,
            time: 12.345678901234567,
            ops,
        }
    }

    #[test]
    fn every_kind_of_operation_reads_back_as_written() {
        let m = moment(every_kind());
        let text = encode(&m);
        assert!(text.ends_with(".s3"), "steps in a row are one code: {text}");
        assert_eq!(decode(&text), (m, None));
    }

    #[test]
    fn every_switch_has_its_own_place() {
        for i in 0..Switch::NAMES.len() {
            assert_eq!(switch_index(switch_at(i).expect("a switch")), i);
        }
        assert_eq!(switch_at(Switch::NAMES.len()), None);
    }

    #[test]
    fn a_cut_link_gives_what_it_holds_and_says_so() {
        let m = moment(every_kind());
        let text = encode(&m);
        // Cut at the end of an operation: the ops before it are kept.
        let at = text.rfind(".a2").expect("the ask");
        let (got, error) = decode(&text[..at]);
        assert_eq!(got.ops, m.ops[..12]);
        assert_eq!(error, Some(LinkError::Cut { got: 12, of: 25 }));
        // Cut inside one: it is unreadable, the ops before it are kept.
        let (got, error) = decode(&text[..at + 1]);
        assert_eq!(got.ops.len(), 12);
        assert_eq!(error, Some(LinkError::Corrupt { at: 12, of: 25 }));
        let (_, error) = decode("1.0.3");
        assert_eq!(error, Some(LinkError::Unreadable));
    }

    #[test]
    fn corrupted_and_newer_links_are_named_not_misread() {
        let (got, error) = decode("1.0.2.0.3.s.x9.q1");
        assert_eq!(got.ops, vec![Op::Step, Op::Drop { msg: MsgId(9) }]);
        assert_eq!(error, Some(LinkError::Corrupt { at: 2, of: 3 }));
        // More operations than announced is corrupt too.
        assert_eq!(
            decode("1.0.0.0.1.s2").1,
            Some(LinkError::Corrupt { at: 0, of: 1 })
        );
        assert_eq!(
            decode("1.0.0.0.9.s99999999999").1,
            Some(LinkError::Corrupt { at: 0, of: 9 })
        );
        assert_eq!(
            decode("1.0.0.0.99999999999.s").1,
            Some(LinkError::Unreadable)
        );
        // A clock that is no number of ticks: NaN, −1.
        assert_eq!(
            decode("1.0.0.7ff8000000000000.0").1,
            Some(LinkError::Unreadable)
        );
        assert_eq!(
            decode("1.0.0.bff0000000000000.0").1,
            Some(LinkError::Unreadable)
        );
        assert_eq!(decode("2.0.0.0.0").1, Some(LinkError::Newer(2)));
        assert_eq!(decode("7.anything else").1, Some(LinkError::Newer(7)));
        assert_eq!(decode("0.0.0.0.0").1, Some(LinkError::Unreadable));
        assert_eq!(decode("w~1").1, Some(LinkError::Unreadable));
        for bad in ["p1~~~%%", "w99~1", "w1~2", "o101", "gz", "va", "k", "s-1"] {
            let (_, error) = decode(&format!("1.0.0.0.1.{bad}"));
            assert_eq!(error, Some(LinkError::Corrupt { at: 0, of: 1 }), "{bad}");
        }
    }
}
