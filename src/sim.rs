//! # The simulator: network, clock, faults, history and safety checks
//!
//! The protocol in [`crate::paxos`] never touches a network or a clock; this module is both. A
//! [`Simulation`] holds the nodes, the messages in flight and virtual time, and changes only through
//! [`Op`]s, such as step, deliver, drop, duplicate, hold, kill or restart. Each op appends
//! [`Event`]s to the trace, each naming the rule that caused it, and every step of every node
//! is checked against the [`safety`] invariants, which also see the instant a value becomes
//! chosen. [`History`] keeps the ops so that any past moment can be
//! revisited, cheaply.
//!
//! Determinism: time is a tick counter, maps are ordered, and every random choice comes from one
//! seeded [`Rng`]. The same seed and ops give the same trace natively and in the browser.
#![warn(missing_docs)]

mod history;
mod network;
mod rng;
pub mod safety;
mod simulation;
mod trace;

pub use crate::paxos::Switch;
pub use history::{History, SetAside, CHECKPOINT_EVERY};
pub use network::{Envelope, MessageMatch, MsgId, Tick};
pub use rng::Rng;
pub use safety::{Decision, Invariant, Monitor, Violation};
pub use simulation::{
    NetConfig, Op, OpError, PendingTimer, Simulation, MAX_BALLOT, MAX_VALUE_CHARS,
};
pub use trace::{
    AcceptedRun, Event, EventId, EventKind, InitialLog, KnownRun, LossCause, TRACE_FORMAT,
    TRACE_FORMAT_MULTI,
};
