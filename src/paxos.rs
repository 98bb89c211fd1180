//! # Basic Paxos, as the course notes teach it
//!
//! Paxos lets a group of processes agree on **one** value even though messages may be delayed,
//! lost, duplicated or reordered, and processes may crash and restart (the course notes: "在一个
//! 可能发生消息可能会延迟、丢失、重复的分布式系统中如何就某个值达成一致"). It never lets two different
//! values be chosen (safety); it chooses *some* value when enough of the system works long enough
//! (liveness).
//!
//! ## Roles
//! * **Proposers** ([`Proposer`]) suggest values.
//! * **Acceptors** ([`Acceptor`]) vote. A value is *chosen* the moment a **majority** of
//!   acceptors, ⌊N/2⌋+1 of all N configured acceptors, have accepted the same proposal, whether
//!   or not anybody knows it yet. Any two majorities share at least one acceptor, and that
//!   shared acceptor is how the protocol remembers.
//! * **Learners** ([`Learner`]) find out what was chosen. A proposer that counts a majority of
//!   acceptances learns it too. Learning is finding out a fact that already holds.
//!
//! In the notes' examples each person plays all three roles; a [`Node`] may hold any of them.
//!
//! ## The derivation ("Paxos Made Simple", §2.2; the course notes follow it with two examples)
//! * **P1.** An acceptor must accept the first proposal it receives, or a lone proposal could never
//!   be chosen. Alone, P1 fails: 张三→王五 "上海", 王五→李四 "广州", 李四→张三 "北京" leaves three
//!   people with three cities (the course notes' annual-meeting example, case 1; the broken
//!   [`Variant::AcceptFirst`]). So a value needs a majority, an
//!   acceptor may accept several proposals, and proposals get unique, totally ordered numbers.
//! * **P2.** Once a value `v` is chosen, every higher-numbered proposal that is chosen has value `v`.
//! * **P2a.** …every higher-numbered proposal *accepted by any acceptor* has value `v`. But 孙七
//!   (annual meeting, case 2),
//!   whose phone was off while 张三, 李四 and 王五 chose 郑州, must by P1 accept the first proposal
//!   赵六 sends, 海南. So the constraint must move to the proposer:
//! * **P2b.** …every higher-numbered proposal *issued by any proposer* has value `v`.
//! * **P2c.** For a proposal ⟨n, v⟩ to be issued, there is a majority S of acceptors such that
//!   either none in S has accepted a proposal numbered below n, or `v` is the value of the
//!   highest-numbered proposal below n accepted by the acceptors in S. P2c ⇒ P2b ⇒ P2a ⇒ P2.
//!   Skipping it is the broken [`Variant::NoAdoption`].
//!
//! ## The algorithm that satisfies P2c
//! 1. **Prepare (1a).** A proposer picks a new number `n` and sends [`Message::Prepare`].
//! 2. **Promise (1b).** An acceptor that has promised nothing ≥ `n` promises `n` (never again to
//!    accept a number below it) and replies [`Message::Promise`] carrying the highest-numbered
//!    proposal it has accepted. Otherwise it ignores the request (or, optionally, sends a `Nack`).
//! 3. **Accept (2a).** With promises from a majority, the proposer sends [`Message::Accept`] with
//!    the value of the highest-numbered proposal among the promises, or its own value if there is
//!    none.
//! 4. **Accepted (2b).** An acceptor accepts ⟨n, v⟩ unless it has promised a number greater than n
//!    (P1a), and tells the proposer and the learners with [`Message::Accepted`].
//!
//! ## What must survive a crash
//! An acceptor keeps its promise and its accepted proposal in stable storage, and a proposer the
//! highest number it has used: together, a node's [`Durable`] state. A crash keeps it and loses
//! everything else. Forgetting it on restart ([`Variant::Amnesia`]) breaks safety.
//!
//! ## Example: "1+1" (the course notes)
//! User1, User2 and User3 prepare 1, 2 and 3, each to the other two. User3 promises 1 then 2; User1
//! and User2 end up promising 3. User1's `Accept(1, "1+1=1")` is refused by both; User2's
//! `Accept(2, "1+1=2")` is refused by User1 and accepted by User3; User3's `Accept(3, "1+1=3")` is
//! accepted by User1 and User2, a majority. "1+1=3" is chosen: Paxos agrees on *a* value, not on
//! the truth.

//!
//! # Multi-Paxos and the replicated state machine (seed 004 §2.8, §3; seed 000, "Multi paxos")
//!
//! A server is a deterministic state machine: the notes' bank has a balance, and the commands
//! `deposit N` and `withdraw N`. Several servers stay the same if each executes the same commands
//! in the same order, so they agree on a **log**: the command in **slot** i is the value chosen by
//! the i-th instance of Paxos. Every slot is single-decree Paxos as above, with its own accepted
//! proposal at each acceptor ([`Acceptor::accepted_at`]); single-decree Paxos is the log of one
//! slot, [`Slot::FIRST`].
//!
//! * **One promise, many slots.** An acceptor keeps one promise. A `Prepare(n, from)` asks for it
//!   for every slot from `from` on, and the `Promise` reports the accepted proposal of each of
//!   those slots. `Accept(n, slot, v)` is judged by P1a against that promise. The acceptor's two
//!   rules are the same code for one slot or many.
//! * **A leader** ([`Leader`]), the distinguished proposer of §2.8, runs phase 1 once, and then
//!   each new command costs one round of `Accept`/`Accepted`; several commands may be in flight,
//!   up to a window (§3.6). It is also the distinguished learner: it counts a majority per slot
//!   and tells the replicas with `Chosen(n, slot, v)`.
//! * **A new leader** (§3.5) runs phase 1 from the first slot it does not know to be chosen. In
//!   the notes' example it knows 1–134, 138 and 139 are chosen, so its `Prepare(n, 135)` covers
//!   135–137 and 140 onwards. For each slot it does not know, P2c: it proposes again the value of
//!   the highest-numbered proposal reported, or, if none was, a **no-op**: then no majority
//!   accepted anything there, so nothing can have been chosen. Only then does it propose new
//!   commands. Two nodes that both believe they lead still never get two commands chosen in one
//!   slot: numbers are unique and each slot is Paxos. Skipping phase 1 ([`Variant::SkipPhase1`])
//!   or filling gaps without reading the promises ([`Variant::NoopFill`]) breaks that.
//! * **Replicas** ([`Replica`]) execute the chosen commands in slot order, through a
//!   [`StateMachine`] (the bank, or a key-value map), stop at the first gap, and go on when it is
//!   filled. A withdrawal beyond the balance is executed too, with the output "refused".
//! * **Reconfiguration** (§3.7; "Paxos Made Simple", §3). The servers are part of the state: a
//!   command `config a,b,d`, which every machine understands, chosen in slot i makes those the
//!   acceptors of every slot from i+α on ([`Config::acceptors_at`]); a value is chosen in a slot
//!   when a majority of that slot's acceptors accepted it. A leader never proposes in a slot
//!   ≥ i+α before it knows what slot i chose, so it proposes only below the first slot it does
//!   not know plus α, where it knows the acceptors. Its phase 1 needs a majority of every
//!   configuration in force in that window; a slot whose configuration its phase 1 was not for
//!   gets phase 1 again, with a new number.

#![warn(missing_docs)]

mod acceptor;
mod ballot;
mod config;
mod durable;
mod leader;
mod learner;
mod message;
mod node;
mod note;
mod proposer;
mod replica;

pub use acceptor::{Acceptor, Later};
pub use ballot::{Ballot, NodeId, Proposal, Slot, Taken, Value};
pub use config::{
    config_names, AcceptRule, Config, Learning, Liveness, MachineKind, Multi, Role, Roles, Switch,
    Variant, CONFIG, DEFAULT_ALPHA,
};
pub use durable::Durable;
pub use leader::{Leader, Leadership};
pub use learner::Learner;
pub use message::{Message, MessageKind, Reported};
pub use node::{Context, DecidedAs, Effects, Node};
pub use note::{Note, Rule};
pub use proposer::{Phase, ProposeError, Proposer, Timer, Wish};
pub use replica::{Bank, Execution, KeyValue, Machine, Replica, StateMachine, NOOP};
