//! The replicated state machine (seed 004 §3.1–3.2).
//!
//! A server is a **deterministic state machine**: from its state, a command gives a new state and
//! an output ("in a bank, the state is the balances, the commands are deposits and
//! withdrawals"). Run the same machine on several servers, feed each the same commands in the
//! same order, and they stay the same: the i-th command is the value chosen by the i-th instance
//! of Paxos, the i-th slot of the log.
//!
//! A **replica** learns the chosen commands from the leader and executes them in slot order. It
//! never skips a slot: execution stops at the first slot it does not know, and resumes when that
//! gap is filled. So two replicas that have executed up to slots i and j ≤ i have executed the
//! same first j commands, and hold the same state after slot j (the safety monitor's prefix
//! invariant).
//!
//! What a node knows to be chosen lives here for every node of a Multi-Paxos run, replica or
//! not: a leader reads it to find the first slot it does not know (seed 004 §3.5). It is volatile:
//! a replica that restarts has lost it, and learns it again from the next leader, which
//! re-proposes, in phase 1, every slot from the first it does not know.

use super::{config_names, MachineKind, NodeId, Slot, Value};
use crate::sorted::VecMap;
use serde::{Deserialize, Serialize};

/// A deterministic state machine: commands change its state and give an output.
pub trait StateMachine {
    /// Whether a client may submit `command`: the machine understands it.
    fn understands(&self, command: &str) -> bool;
    /// Executes `command` (one the machine understands, or a no-op) and returns its output.
    fn execute(&mut self, command: &str) -> String;
    /// The whole state, in a few words: "balance 70".
    fn state(&self) -> String;
}

/// The no-op a new leader proposes in a slot for which no promise reported anything (seed 004
/// §3.5: "noop", which does not change the state). Clients cannot submit it.
pub const NOOP: &str = "no-op";

impl Value {
    /// The no-op command.
    pub fn noop() -> Value {
        Value::from(NOOP)
    }

    /// Whether this is the no-op.
    pub fn is_noop(&self) -> bool {
        &*self.0 == NOOP
    }
}

/// The notes' bank: one balance. `deposit N` adds N; `withdraw N` takes N away if the balance
/// covers it, and is otherwise refused: executed, with the output "refused", leaving the balance.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Bank {
    /// The balance.
    pub balance: u64,
}

/// `("deposit", 50)` from `"deposit 50"`.
fn verb_amount(command: &str) -> Option<(&str, u64)> {
    let (verb, amount) = command.split_once(' ')?;
    Some((verb, amount.trim().parse().ok()?))
}

impl StateMachine for Bank {
    fn understands(&self, command: &str) -> bool {
        matches!(verb_amount(command), Some(("deposit" | "withdraw", _)))
    }

    fn execute(&mut self, command: &str) -> String {
        match verb_amount(command) {
            Some(("deposit", n)) => {
                self.balance = self.balance.saturating_add(n);
                format!("balance {}", self.balance)
            }
            Some(("withdraw", n)) if n <= self.balance => {
                self.balance -= n;
                format!("balance {}", self.balance)
            }
            Some(("withdraw", _)) => "refused".to_owned(),
            _ => NOOP.to_owned(),
        }
    }

    fn state(&self) -> String {
        format!("balance {}", self.balance)
    }
}

/// A key-value map: `set K V` and `del K`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct KeyValue {
    /// The map.
    pub map: VecMap<String, String>,
}

impl StateMachine for KeyValue {
    fn understands(&self, command: &str) -> bool {
        let words: Vec<&str> = command.split_whitespace().collect();
        matches!(words.as_slice(), ["set", _, _] | ["del", _])
    }

    fn execute(&mut self, command: &str) -> String {
        let words: Vec<&str> = command.split_whitespace().collect();
        match words.as_slice() {
            ["set", key, value] => {
                self.map.insert((*key).to_owned(), (*value).to_owned());
                "ok".to_owned()
            }
            ["del", key] => match self.map.remove(*key) {
                Some(_) => "ok".to_owned(),
                None => "absent".to_owned(),
            },
            _ => NOOP.to_owned(),
        }
    }

    fn state(&self) -> String {
        let pairs: Vec<String> = self.map.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!("{{{}}}", pairs.join(", "))
    }
}

/// The machine a scenario picked, as data (so that a node stays plain, comparable data).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "machine", rename_all = "kebab-case")]
pub enum Machine {
    /// The bank.
    Bank(Bank),
    /// The key-value map.
    KeyValue(KeyValue),
}

impl Machine {
    /// A machine of `kind` in its initial state.
    pub fn new(kind: MachineKind) -> Machine {
        match kind {
            MachineKind::Bank => Machine::Bank(Bank::default()),
            MachineKind::KeyValue => Machine::KeyValue(KeyValue::default()),
        }
    }

    fn inner(&self) -> &dyn StateMachine {
        match self {
            Machine::Bank(m) => m,
            Machine::KeyValue(m) => m,
        }
    }

    fn inner_mut(&mut self) -> &mut dyn StateMachine {
        match self {
            Machine::Bank(m) => m,
            Machine::KeyValue(m) => m,
        }
    }
}

/// Every machine also understands `config a,b,d`, a command of the replicated state machine
/// itself (seed 004 §3.7): the servers are part of the state. The acceptors it names take over
/// from slot i+α on ([`Config::acceptors_at`](super::Config::acceptors_at)); executing it changes
/// nothing else.
impl StateMachine for Machine {
    fn understands(&self, command: &str) -> bool {
        config_names(command).is_some() || self.inner().understands(command)
    }

    fn execute(&mut self, command: &str) -> String {
        match config_names(command) {
            Some(names) => format!("acceptors {}", names.join(",")),
            None => self.inner_mut().execute(command),
        }
    }

    fn state(&self) -> String {
        self.inner().state()
    }
}

/// One command executed by a replica.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Execution {
    /// The replica.
    pub node: NodeId,
    /// The slot.
    pub slot: Slot,
    /// The command.
    pub command: Value,
    /// Its output: "balance 70", "refused", "no-op".
    pub output: String,
    /// The machine's state afterwards.
    pub state: String,
}

/// What a node of a Multi-Paxos run knows of the log, and, on a replica, the machine that
/// executes it. All volatile.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Replica {
    /// The commands this node knows to be chosen, by slot.
    pub chosen: VecMap<Slot, Value>,
    /// The executed watermark: every slot before it is executed, and it is not (a replica only).
    pub next: Slot,
    /// The state machine, from the first execution on (a replica only).
    pub machine: Option<Machine>,
    /// How many slots from 1 on it knows, without a gap: a function of `chosen`, kept so that
    /// [`Replica::first_unknown`] need not walk the log.
    known_prefix: u32,
    /// The slots of `chosen` whose command is a reconfiguration, in order (seed 004 §3.7): kept
    /// so that finding a slot's acceptors need not parse the whole log.
    reconfigurations: Vec<Slot>,
}

impl Replica {
    /// The first slot this node does not know to be chosen: where a new leader's phase 1 starts
    /// (seed 004 §3.5).
    pub fn first_unknown(&self) -> Slot {
        Slot(self.known_prefix + 1)
    }

    /// The slots it knows to hold a reconfiguration command, in order.
    pub fn reconfigurations(&self) -> &[Slot] {
        &self.reconfigurations
    }

    /// Records that `command` is chosen in `slot`. Returns false if this node knew it already.
    pub(super) fn learn(&mut self, slot: Slot, command: &Value) -> bool {
        if self.chosen.contains_key(&slot) {
            return false;
        }
        self.chosen.insert(slot, command.clone());
        while self.chosen.contains_key(&Slot(self.known_prefix + 1)) {
            self.known_prefix += 1;
        }
        if config_names(command.as_str()).is_some() {
            let at = self.reconfigurations.partition_point(|&s| s < slot);
            self.reconfigurations.insert(at, slot);
        }
        true
    }

    /// A replica executes, in slot order, every known command from its watermark on, and stops
    /// at the first gap.
    pub(super) fn execute(&mut self, me: NodeId, kind: MachineKind) -> Vec<Execution> {
        let mut done = Vec::new();
        while let Some(command) = self.chosen.get(&self.next) {
            let machine = self.machine.get_or_insert_with(|| Machine::new(kind));
            let output = machine.execute(command.as_str());
            done.push(Execution {
                node: me,
                slot: self.next,
                command: command.clone(),
                output,
                state: machine.state(),
            });
            self.next = self.next.next();
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bank_refuses_a_withdrawal_beyond_the_balance() {
        let mut bank = Bank::default();
        assert!(bank.understands("deposit 50") && bank.understands("withdraw 7"));
        assert!(!bank.understands("deposit") && !bank.understands("no-op"));
        assert!(!bank.understands("set a 1"));
        assert_eq!(bank.execute("deposit 50"), "balance 50");
        assert_eq!(bank.execute("withdraw 80"), "refused");
        assert_eq!(bank.execute("withdraw 30"), "balance 20");
        assert_eq!(bank.execute(NOOP), "no-op");
        assert_eq!(bank.state(), "balance 20");
    }

    #[test]
    fn the_key_value_map_sets_and_deletes() {
        let mut kv = Machine::new(MachineKind::KeyValue);
        assert!(kv.understands("set x 1") && kv.understands("del x"));
        assert!(!kv.understands("deposit 5"));
        assert_eq!(kv.execute("set x 1"), "ok");
        assert_eq!(kv.execute("set y 2"), "ok");
        assert_eq!(kv.execute("del z"), "absent");
        assert_eq!(kv.execute("del x"), "ok");
        assert_eq!(kv.state(), "{y=2}");
    }

    #[test]
    fn every_machine_understands_a_reconfiguration() {
        for kind in [MachineKind::Bank, MachineKind::KeyValue] {
            let mut m = Machine::new(kind);
            assert!(m.understands("config a,b,d"));
            assert!(!m.understands("config") && !m.understands("config a,,b"));
            let state = m.state();
            assert_eq!(m.execute("config a, b,d"), "acceptors a,b,d");
            assert_eq!(m.state(), state);
        }
    }

    #[test]
    fn execution_stops_at_the_first_gap_and_resumes_when_it_is_filled() {
        let mut r = Replica::default();
        assert!(r.learn(Slot(1), &"deposit 10".into()));
        assert!(r.learn(Slot(3), &"withdraw 4".into()));
        let done = r.execute(NodeId(0), MachineKind::Bank);
        assert_eq!(done.len(), 1);
        assert_eq!((r.next, r.first_unknown()), (Slot(2), Slot(2)));
        assert!(!r.learn(Slot(1), &"deposit 99".into()));
        assert!(r.learn(Slot(2), &Value::noop()));
        let done = r.execute(NodeId(0), MachineKind::Bank);
        let outputs: Vec<&str> = done.iter().map(|e| e.output.as_str()).collect();
        assert_eq!(outputs, ["no-op", "balance 6"]);
        assert_eq!(r.first_unknown(), Slot(4));
    }

    #[test]
    fn reconfigurations_are_kept_in_slot_order_however_they_are_learned() {
        for order in [[2, 5, 7], [7, 2, 5], [5, 7, 2]] {
            let mut r = Replica::default();
            for s in order {
                let command = if s == 7 { "deposit 1" } else { "config a,b,c" };
                r.learn(Slot(s), &command.into());
            }
            assert_eq!(r.reconfigurations(), [Slot(2), Slot(5)], "{order:?}");
        }
    }
}
