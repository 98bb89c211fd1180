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

#![warn(missing_docs)]

mod acceptor;
mod ballot;
mod config;
mod durable;
mod learner;
mod message;
mod node;
mod note;
mod proposer;

pub use acceptor::Acceptor;
pub use ballot::{Ballot, NodeId, Proposal, Slot, Taken, Value};
pub use config::{AcceptRule, Config, Learning, Liveness, Role, Roles, Switch, Variant};
pub use durable::Durable;
pub use learner::Learner;
pub use message::{Message, MessageKind};
pub use node::{Context, DecidedAs, Effects, Node};
pub use note::{Note, Rule};
pub use proposer::{Phase, ProposeError, Proposer, Timer, Wish};
