//! Paxos Lab: an interactive teaching visualizer of the Paxos consensus algorithm.
//!
//! * [`paxos`]: the protocol, pure and sans-IO.
//! * [`sim`]: a deterministic simulator of the network, clock and faults, with history and the
//!   safety checker.
//! * [`quiz`]: questions about the next step of a paused run, graded by the simulator.
//! * [`scenario`]: the scenario format (JSON), its validation, and the built-in scenarios.
//! * [`ui`]: the browser view, Yew components over one reducer.
//! * [`export`]: the run as files to download: its trace, and a scenario that replays it.
//! * [`sorted`]: the small sorted-vector map and set that stand in for the B-trees.

pub mod export;
pub mod paxos;
pub mod quiz;
pub mod scenario;
pub mod sim;
pub mod sorted;
pub mod ui;
