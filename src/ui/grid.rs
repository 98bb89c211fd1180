//! The log grid of a Multi-Paxos run: the replicated log as a table, computed from the
//! simulation once per change.
//!
//! Multi-Paxos runs one instance of Paxos per **slot** of the log (seed 004 §3.2). The grid puts
//! the slots in columns and the servers in rows, and shows in each cell what that server holds
//! for that slot:
//! * as an **acceptor**, the proposal it accepted there, ⟨ballot, command⟩, the durable state
//!   that a new leader's phase 1 reads;
//! * whether that proposal is **chosen**: a majority of acceptors accepted it, whether or not
//!   anybody knows yet;
//! * as a **replica**, whether it **knows** the slot's command to be chosen, and whether it has
//!   **executed** it: replicas execute in slot order and stop at the first slot they do not know.
//!
//! A long run of slots that all look alike (the notes' "1–134 are chosen and executed
//! everywhere") is one column, a [`Column::Run`], so a log of hundreds of slots is a handful of
//! columns. Two marks sit above the columns: the **chosen watermark**, the last slot of the
//! prefix that is wholly chosen, and the leader's **next slot**, where its next client command
//! goes.
//!
//! Everything here is plain data, built by [`LogGrid::build`] and tested natively; the component
//! in `components/log_grid.rs` only draws it.

use crate::paxos::{DecidedAs, NodeId, Proposal, Slot, StateMachine, Value};
use crate::sim::{Event, EventKind, Simulation};

use super::describe::Names;
use super::i18n::{machine_text, Lang};

/// The fewest alike slots that are drawn as one run.
pub const MIN_RUN: u32 = 8;

/// A column of the grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    /// One slot.
    Slot(u32),
    /// Slots `from` to `to`, all chosen, every row alike in each.
    Run {
        /// The first slot.
        from: u32,
        /// The last slot.
        to: u32,
    },
}

impl Column {
    /// The first slot of the column.
    pub fn first(&self) -> u32 {
        match self {
            Column::Slot(s) => *s,
            Column::Run { from, .. } => *from,
        }
    }

    /// Its heading: "136", or "1–134".
    pub fn heading(&self) -> String {
        match self {
            Column::Slot(s) => s.to_string(),
            Column::Run { from, to } => format!("{from}–{to}"),
        }
    }

    /// The slots it stands for, in words: "slot 136", "slots 1–134".
    pub fn slots(&self, lang: Lang) -> String {
        let one = matches!(self, Column::Slot(_));
        let word = match lang {
            Lang::Zh => "槽位 ",
            Lang::En if one => "slot ",
            Lang::En => "slots ",
        };
        format!("{word}{}", self.heading())
    }
}

/// What kind of command a cell holds, which the grid draws differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A client's command.
    Command,
    /// The leader's no-op, which fills a gap and changes no state.
    Noop,
}

/// One server's state for one column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// As an acceptor: the ballot and the command it accepted (in a run: in its first slot).
    pub accepted: Option<(u32, String)>,
    /// The command's kind.
    pub kind: Kind,
    /// The proposal this acceptor accepted is the one chosen in the slot.
    pub chosen: bool,
    /// As a replica (or the leader): it knows the slot's command to be chosen.
    pub known: bool,
    /// As a replica: it has executed the slot.
    pub executed: bool,
}

impl Cell {
    /// Whether the cell holds nothing at all.
    pub fn is_empty(&self) -> bool {
        self.accepted.is_none() && !self.known && !self.executed
    }
}

/// One server: an acceptor, a replica, or both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The node.
    pub node: NodeId,
    /// Its name in the page's language.
    pub name: String,
    /// Whether it is an acceptor.
    pub acceptor: bool,
    /// Whether it is a replica.
    pub replica: bool,
    /// Whether it is down.
    pub down: bool,
    /// Whether it leads now.
    pub leads: bool,
    /// Its promise, as an acceptor.
    pub promised: u32,
    /// One cell per column.
    pub cells: Vec<Cell>,
    /// As a replica: the last slot it executed (0: none).
    pub executed: u32,
    /// As a replica: its state machine's state, "balance 70".
    pub state: Option<String>,
}

/// The whole grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogGrid {
    /// The columns, in slot order.
    pub columns: Vec<Column>,
    /// The rows, in node order.
    pub rows: Vec<Row>,
    /// The chosen watermark: every slot up to it is chosen (0: not even slot 1).
    pub watermark: u32,
    /// The leader and the slot its next client command goes in, if a node leads.
    pub next: Option<(NodeId, u32)>,
}

/// What a row holds in one slot, before runs are merged. `chosen` are the proposals chosen
/// in the slot: one, or under a broken variant several.
fn cell(sim: &Simulation, node: NodeId, slot: Slot, chosen: &[&Proposal]) -> Cell {
    let n = &sim.nodes[&node];
    let accepted = is_acceptor(sim, node)
        .then(|| n.durable.acceptor.accepted_at(slot))
        .flatten();
    let known = n.replica.chosen.get(&slot);
    let value = accepted.map(|p| &p.value).or(known);
    Cell {
        accepted: accepted.map(|p| (p.ballot.0, p.value.to_string())),
        kind: if value.is_some_and(Value::is_noop) {
            Kind::Noop
        } else {
            Kind::Command
        },
        chosen: accepted.is_some_and(|p| chosen.contains(&p)),
        known: known.is_some(),
        executed: slot < n.replica.next && sim.config.is_replica(node),
    }
}

/// Whether `node` is an acceptor: a configured one, or one a reconfiguration brought in, which
/// has promised something (seed 004 §3.7).
fn is_acceptor(sim: &Simulation, node: NodeId) -> bool {
    sim.config.acceptors.contains(&node) || sim.nodes[&node].durable.acceptor.promised.0 > 0
}

/// How long one client command took, from `submit` until the leader knows it is chosen (it has
/// counted a majority's `Accepted`), in message delays: the time a
/// message takes on the network (seed 004 §3.4: a new leader needs Prepare, Promise, Accept and
/// Accepted, four; a stable leader only Accept and Accepted, two: "two phases become one").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delay {
    /// The command.
    pub command: String,
    /// The slot it was chosen in.
    pub slot: u32,
    /// Ticks from its submission to the leader's counting a majority for it.
    pub ticks: u64,
    /// Ticks per message delay: the network's latency.
    pub latency: u32,
}

impl Delay {
    /// The number of message delays: "4", or "≈4.5" with jitter (integers only: float
    /// formatting would add kilobytes to the page).
    pub fn count(&self) -> String {
        let latency = u64::from(self.latency.max(1));
        if self.ticks % latency == 0 {
            return (self.ticks / latency).to_string();
        }
        let tenths = (self.ticks * 10 + latency / 2) / latency;
        format!("≈{}.{}", tenths / 10, tenths % 10)
    }
}

/// The delay of every command chosen so far, in the order they were submitted: each `Submitted`
/// event, paired with the first later decision, by a leader, of the same command.
pub fn delays(events: &[Event], latency: u32) -> Vec<Delay> {
    let mut waiting: Vec<(&Value, u64)> = Vec::new();
    let mut out = Vec::new();
    for e in events {
        match &e.kind {
            EventKind::Submitted { command, .. } => waiting.push((command, e.time)),
            EventKind::Decided {
                value,
                role: DecidedAs::Proposer,
                slot,
                ..
            } => {
                if let Some(i) = waiting.iter().position(|(c, _)| *c == value) {
                    let (command, at) = waiting.remove(i);
                    out.push(Delay {
                        command: command.to_string(),
                        slot: slot.0,
                        ticks: e.time - at,
                        latency,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// A command as a cell shows it: the bank's `deposit 30` as `+30` and `withdraw 30` as `−30`,
/// anything else cut to 7 characters.
pub fn short_command(command: &str) -> String {
    match command.split_once(' ') {
        Some(("deposit", n)) => format!("+{n}"),
        Some(("withdraw", n)) => format!("−{n}"),
        _ => crate::ui::i18n::shorten(command, 7),
    }
}

impl LogGrid {
    /// The grid of `sim`, a Multi-Paxos run (`None` for single-decree Paxos).
    pub fn build(sim: &Simulation, names: &Names, lang: Lang) -> Option<LogGrid> {
        sim.config.multi.as_ref()?;
        let nodes: Vec<NodeId> = sim
            .nodes
            .keys()
            .copied()
            .filter(|&id| is_acceptor(sim, id) || sim.config.is_replica(id))
            .collect();
        // The chosen proposals by slot (an insertion sort, stable: the standard sort would add
        // kilobytes to the page, and the list is mostly in order already).
        let mut chosen: Vec<&Proposal> = Vec::new();
        for p in sim.chosen_proposals() {
            let at = chosen.partition_point(|c| c.slot <= p.slot);
            chosen.insert(at, p);
        }
        let chosen_in = |slot: Slot| {
            let from = chosen.partition_point(|c| c.slot < slot);
            let to = chosen.partition_point(|c| c.slot <= slot);
            &chosen[from..to]
        };
        let chosen_at = |slot: Slot| chosen_in(slot).first().copied();
        let leader = sim
            .nodes
            .values()
            .filter(|n| sim.is_up(n.id))
            .filter_map(|n| match n.leader.status {
                crate::paxos::Leadership::Leading { ballot, .. } => {
                    Some((ballot, n.id, n.leader.next))
                }
                _ => None,
            })
            .max();
        let mut last = chosen.last().map_or(0, |p| p.slot.0);
        for &id in &nodes {
            let n = &sim.nodes[&id];
            let top = n.durable.acceptor.all_accepted().last().map(|p| p.slot.0);
            let known = n.replica.chosen.keys().next_back().map(|s| s.0);
            last = last.max(top.unwrap_or(0)).max(known.unwrap_or(0));
            last = last.max(n.leader.in_flight.keys().next_back().map_or(0, |s| s.0));
        }
        if let Some((_, _, next)) = leader {
            last = last.max(next.0);
        }
        let mut watermark = 0;
        while chosen_at(Slot(watermark + 1)).is_some() {
            watermark += 1;
        }
        // Each slot's cells, then alike chosen slots merged into runs.
        let mut columns = Vec::new();
        let mut cells: Vec<Vec<Cell>> = vec![Vec::new(); nodes.len()];
        let mut slot = 1;
        while slot <= last {
            let column: Vec<Cell> = nodes
                .iter()
                .map(|&id| cell(sim, id, Slot(slot), chosen_in(Slot(slot))))
                .collect();
            let alike = |s: u32| {
                chosen_at(Slot(s)).is_some()
                    && nodes.iter().zip(&column).all(|(&id, c)| {
                        let d = cell(sim, id, Slot(s), chosen_in(Slot(s)));
                        (
                            d.accepted.as_ref().map(|a| a.0),
                            d.kind,
                            d.chosen,
                            d.known,
                            d.executed,
                        ) == (
                            c.accepted.as_ref().map(|a| a.0),
                            c.kind,
                            c.chosen,
                            c.known,
                            c.executed,
                        )
                    })
            };
            let mut to = slot;
            if chosen_at(Slot(slot)).is_some() {
                while to < last && alike(to + 1) {
                    to += 1;
                }
            }
            if to + 1 - slot >= MIN_RUN {
                columns.push(Column::Run { from: slot, to });
            } else {
                to = slot;
                columns.push(Column::Slot(slot));
            }
            for (row, c) in cells.iter_mut().zip(column) {
                row.push(c);
            }
            slot = to + 1;
        }
        let rows = nodes
            .iter()
            .zip(cells)
            .map(|(&id, cells)| {
                let n = &sim.nodes[&id];
                let replica = sim.config.is_replica(id);
                Row {
                    node: id,
                    name: names.get(id, lang),
                    acceptor: is_acceptor(sim, id),
                    replica,
                    down: !sim.is_up(id),
                    leads: leader.is_some_and(|(_, l, _)| l == id),
                    promised: n.durable.acceptor.promised.0,
                    cells,
                    executed: if replica { n.replica.next.0 - 1 } else { 0 },
                    state: replica
                        .then(|| {
                            n.replica.machine.as_ref().map_or_else(
                                || {
                                    let kind = sim.config.multi.as_ref().expect("multi").machine;
                                    crate::paxos::Machine::new(kind).state()
                                },
                                StateMachine::state,
                            )
                        })
                        .map(|s| machine_text(&s, lang)),
                }
            })
            .collect();
        Some(LogGrid {
            columns,
            rows,
            watermark,
            next: leader.map(|(_, id, next)| (id, next.0)),
        })
    }

    /// What a screen reader says for a cell, and what clicking it explains: what that server
    /// holds in that column, and why.
    pub fn explain(&self, row: usize, column: usize, lang: Lang) -> String {
        let (Some(r), Some(col)) = (self.rows.get(row), self.columns.get(column)) else {
            return String::new();
        };
        let c = &r.cells[column];
        let name = &r.name;
        let slots = col.slots(lang);
        let mut parts = Vec::new();
        match &c.accepted {
            Some((b, v)) => {
                parts.push(match lang {
                    Lang::Zh => format!("{name} 在{slots} 接受了 ⟨{b}, {v}⟩"),
                    Lang::En => format!("{name} accepted ⟨{b}, {v}⟩ in {slots}"),
                });
                let promised = r.promised;
                parts.push(match lang {
                    Lang::Zh => format!(
                        "接受的条件是 Accept 的编号 {b} 不小于它当时的承诺（P1a）；它现在的承诺是 {promised}"
                    ),
                    Lang::En => format!(
                        "it accepts an Accept unless it promised a higher number (P1a); its promise is now {promised}"
                    ),
                });
                if c.kind == Kind::Noop {
                    parts.push(lang.pick(
                        "这是空操作：新领导者在多数派的 Promise 里没有看到这个槽位的任何提案，说明这里不可能选定过值（P2c），于是用 no-op 填补空缺",
                        "this is a no-op: the new leader saw no proposal for this slot in a majority of promises, so nothing can have been chosen here (P2c), and it filled the gap with a no-op",
                    ).into());
                }
                parts.push(
                    if c.chosen {
                        lang.pick(
                            "多数派接受了这个提案：它已被选定",
                            "a majority accepted this proposal: it is chosen",
                        )
                    } else {
                        lang.pick(
                            "还没有多数派接受它：它没有被选定（至少现在还没有）",
                            "no majority has accepted it: it is not chosen (not yet, at least)",
                        )
                    }
                    .into(),
                );
            }
            None if r.acceptor => parts.push(match lang {
                Lang::Zh => format!("{name} 在{slots} 没有接受任何提案"),
                Lang::En => format!("{name} has accepted nothing in {slots}"),
            }),
            None => parts.push(format!("{name}{}{slots}", lang.pick("，", ", "))),
        }
        if r.replica {
            parts.push(
                match (c.executed, c.known) {
                    (true, _) => lang.pick(
                        "作为副本，它已经执行了这条命令",
                        "as a replica, it has executed this command",
                    ),
                    (false, true) => lang.pick(
                        "它知道这里选定了什么，但前面还有它不知道的槽位，所以还不能执行",
                        "it knows what is chosen here, but an earlier slot is still unknown to it, so it cannot execute it yet",
                    ),
                    (false, false) => lang.pick(
                        "作为副本，它还不知道这里选定了什么",
                        "as a replica, it does not know yet what is chosen here",
                    ),
                }
                .into(),
            );
        }
        parts.join(lang.pick("；", "; ")) + lang.pick("。", ".")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{builtin, Scenario};

    fn tour_at(name: &str, steps: usize) -> Simulation {
        let tour = Scenario::load(builtin(name).expect("built in")).expect("loads");
        let mut sim = tour.initial.clone();
        let mut out = Vec::new();
        for op in tour.steps.iter().take(steps).flatten() {
            sim.apply(op, &mut out).expect("applies");
        }
        sim
    }

    fn names() -> Names {
        Names::from_pairs(&[("甲", "A"), ("乙", "B"), ("丙", "C")])
    }

    #[test]
    fn bank_commands_are_signed_amounts() {
        assert_eq!(short_command("deposit 30"), "+30");
        assert_eq!(short_command("withdraw 5"), "−5");
        assert_eq!(short_command("no-op"), "no-op");
        assert_eq!(short_command("set key value"), "set ke…");
    }

    #[test]
    fn a_fresh_leader_takes_four_message_delays_and_a_stable_one_two() {
        let tour = Scenario::load(builtin("multi-steady").expect("built in")).expect("loads");
        let mut sim = tour.initial.clone();
        let mut events = Vec::new();
        for op in tour.steps.iter().flatten() {
            sim.apply(op, &mut events).expect("applies");
        }
        let got: Vec<(String, u32, String)> = delays(&events, sim.net.latency)
            .into_iter()
            .map(|d| (d.command.clone(), d.slot, d.count()))
            .collect();
        let want = [
            ("deposit 50", 1, "4"),
            ("withdraw 20", 2, "2"),
            ("deposit 5", 3, "2"),
            ("withdraw 100", 4, "2"),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for ((c, s, d), (wc, ws, wd)) in got.iter().zip(want) {
            assert_eq!((c.as_str(), *s, d.as_str()), (wc, ws, wd));
        }
        let jittered = Delay {
            command: String::new(),
            slot: 1,
            ticks: 45,
            latency: 10,
        };
        assert_eq!(jittered.count(), "≈4.5");
    }

    #[test]
    fn single_decree_paxos_has_no_grid() {
        let tour = Scenario::load(builtin("one-plus-one").expect("built in")).expect("loads");
        assert_eq!(LogGrid::build(&tour.initial, &names(), Lang::En), None);
    }

    #[test]
    fn a_long_chosen_prefix_is_one_column() {
        let sim = tour_at("multi-new-leader", 0);
        let grid = LogGrid::build(&sim, &names(), Lang::En).expect("a grid");
        let headings: Vec<String> = grid.columns.iter().map(Column::heading).collect();
        assert_eq!(headings, ["1–134", "135", "136", "137", "138", "139"]);
        assert_eq!(grid.watermark, 134);
        assert_eq!(grid.next, None);
        let b = &grid.rows[1];
        assert_eq!(
            (b.executed, b.state.as_deref()),
            (134, Some("balance 1340"))
        );
        // Slot 136: A and C accepted it, so it is chosen; B has nothing there.
        let at = |row: usize, col: usize| &grid.rows[row].cells[col];
        assert!(at(0, 2).chosen && at(2, 2).chosen);
        assert_eq!(at(1, 2).accepted, None);
        // B knows 138 but cannot execute it: 135 is a gap.
        assert!(at(1, 4).known && !at(1, 4).executed);
        let text = grid.explain(1, 4, Lang::En);
        assert!(text.contains("cannot execute it yet"), "{text}");
        let text = grid.explain(2, 2, Lang::Zh);
        assert!(
            text.starts_with("C 在槽位 136 接受了 ⟨1, withdraw 30⟩"),
            "{text}"
        );
    }

    #[test]
    fn the_new_leader_fills_the_gaps_and_the_grid_marks_its_next_slot() {
        let sim = tour_at("multi-new-leader", 6);
        let grid = LogGrid::build(&sim, &names(), Lang::En).expect("a grid");
        let headings: Vec<String> = grid.columns.iter().map(Column::heading).collect();
        assert_eq!(headings[0], "1–134");
        assert_eq!(grid.watermark, 139);
        assert_eq!(grid.next, Some((NodeId(1), 140)));
        let col = grid
            .columns
            .iter()
            .position(|c| c.first() == 135)
            .expect("135");
        let b = &grid.rows[1].cells[col];
        assert_eq!(b.kind, Kind::Noop);
        assert!(b.chosen && b.executed);
        assert!(grid.explain(1, col, Lang::En).contains("this is a no-op"));
        // B accepted ⟨2, withdraw 30⟩ in 136, a second proposal chosen there with the same command.
        let b = &grid.rows[1].cells[col + 1];
        assert_eq!(b.accepted, Some((2, "withdraw 30".to_owned())));
        assert!(b.chosen);
    }

    #[test]
    fn two_hundred_slots_are_a_handful_of_columns() {
        let tour = Scenario::load(builtin("multi-steady").expect("built in")).expect("loads");
        let mut sim = tour.initial.clone();
        let mut out = Vec::new();
        sim.apply(&crate::sim::Op::Lead { node: NodeId(0) }, &mut out)
            .expect("leads");
        for i in 0..200 {
            let command = Value::from(format!("deposit {i}"));
            let op = crate::sim::Op::Submit {
                node: NodeId(0),
                command,
            };
            sim.apply(&op, &mut out).expect("submits");
            sim.run_until_quiet(1000, &mut out);
        }
        let grid = LogGrid::build(&sim, &names(), Lang::En).expect("a grid");
        assert_eq!(grid.watermark, 200);
        assert!(grid.columns.len() <= 3, "{:?}", grid.columns);
    }
}
