//! Figures of the Paxos core: run with `cargo run --release --example bench`.
//!
//! It prints three groups of figures, each with the budget it is held to:
//!
//! 1. **Simulated events per second** (budget: at least 5,000,000 at 20,000 operations). A random run of the
//!    simulator on five nodes that all propose, vote and learn, with retries, NACKs, random
//!    back-off, latency jitter and 10% random loss. A client keeps proposing new values (when the
//!    run goes quiet, and now and then anyway), and otherwise the run steps, delivering messages
//!    and timers in time order. Each step runs the protocol and the safety checker. The figure is
//!    the number of trace events (sends, deliveries, losses, notes, decisions, timers…) divided by
//!    the wall-clock time, the median of 5 identical runs, for runs of 2,000, 20,000 and 200,000
//!    operations. The longer the run, the lower the rate: after every operation the safety
//!    checker copies and scans every decision made so far, so an operation costs time in
//!    proportion to the decisions of the run, which grow with every completed proposal.
//!    **Multi-Paxos** (budget: within 25% of single-decree at 2,000 and 20,000 operations): the
//!    same run on five nodes that all lead, vote and execute the bank's commands, with NACKs,
//!    jitter and 15% loss. A client submits a command to a random node now and then (and
//!    whenever the run goes quiet), and a random node is told to lead now and then, so leaders
//!    overlap and take over each other's logs. Each Multi-Paxos run is timed right after a
//!    single-decree run of the same length, and the share is the median over seven such pairs.
//! 2. **History memory and time travel** (budget: 10,000 events well under 50 MB). A
//!    [`History`] is built from random operations until its trace holds at least 10,000 events.
//!    A counting `#[global_allocator]` (a wrapper around the system allocator) measures the bytes
//!    live before and after: the difference is what the history costs, trace, ops and snapshots
//!    included. Then `goto()` jumps to 1,000 random past points; the figure is the median time of
//!    one jump (restore the nearest snapshot, replay at most `CHECKPOINT_EVERY - 1` ops).
//! 3. **Exhaustive model check** (budget: at most 60 s). The same check as
//!    `tests/model_check.rs` (the model is shared, see `tests/support/paxos_model.rs`): every
//!    reachable state of correct Paxos within the model's bounds, on two threads. The figures are
//!    the unique states (classes of states up to renaming of acceptors), the unique states per
//!    second, and the total time.
//!
//! Timings depend on the machine and on its load; the counting allocator adds a little to each.

#[path = "../tests/support/paxos_model.rs"]
mod paxos_model;
#[path = "../tests/support/random_ops.rs"]
mod random_ops;

use paxos_lab::paxos::{MachineKind, NodeId, Value};
use paxos_lab::sim::{History, Op, OpError, Rng, CHECKPOINT_EVERY};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on unchanged to `System`; the counter only observes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc`'s contract, which is `System.alloc`'s.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by this allocator, that is by `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, and `new_size` is valid by the caller's contract.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE_BYTES.fetch_add(new_size, Ordering::Relaxed);
            LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live_bytes() -> usize {
    LIVE_BYTES.load(Ordering::Relaxed)
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

/// What one run produced, and its time.
struct Sample {
    events: u64,
    decisions: usize,
    time: Duration,
}

/// Runs `ops` operations of a random run.
fn simulate(ops: usize) -> Sample {
    let mut sim = random_ops::busy_world(1);
    let mut rng = Rng::new(2);
    let mut out = Vec::with_capacity(4096);
    let mut proposals = 0u64;
    let start = Instant::now();
    for _ in 0..ops {
        let propose = rng.percent(1);
        let result = if propose {
            Err(OpError::Quiet)
        } else {
            sim.apply(&Op::Step, &mut out)
        };
        if result == Err(OpError::Quiet) {
            proposals += 1;
            let op = Op::Propose {
                node: NodeId(rng.upto(4)),
                value: Value::from(format!("v{proposals}")),
                ballot: None,
                recipients: None,
            };
            sim.apply(&op, &mut out).expect("a valid proposal");
        }
        out.clear();
    }
    let time = start.elapsed();
    assert!(sim.violations.is_empty(), "{:?}", sim.violations);
    Sample {
        events: sim.event_count(),
        decisions: sim.decisions.len(),
        time,
    }
}

/// Prints the figures.
fn events_per_second() {
    println!("1. simulated events per second (budget ≥ 5,000,000 at 20,000 ops), median of 5 runs");
    for ops in [2_000, 20_000, 200_000] {
        let samples: Vec<Sample> = (0..5).map(|_| simulate(ops)).collect();
        let first = &samples[0];
        assert!(
            samples.iter().all(|s| s.events == first.events),
            "runs are deterministic"
        );
        let time = median(samples.iter().map(|s| s.time).collect());
        let rate = first.events as f64 / time.as_secs_f64();
        println!(
            "   {ops:>7} ops: {:>7} events, {:>5} decisions, in {time:>9.2?}: {rate:>9.0} events/s",
            first.events, first.decisions,
        );
    }
}

/// Runs `ops` operations of a random Multi-Paxos run.
fn simulate_multi(ops: usize) -> Sample {
    let mut sim = random_ops::busy_multi_world(1);
    let mut rng = Rng::new(2);
    let mut out = Vec::with_capacity(4096);
    let start = Instant::now();
    for _ in 0..ops {
        let node = NodeId(rng.upto(4));
        let op = match rng.upto(199) {
            0 => Op::Lead { node },
            1..=3 => Op::Submit {
                node,
                command: random_ops::random_command(&mut rng, MachineKind::Bank),
            },
            _ => Op::Step,
        };
        if sim.apply(&op, &mut out) == Err(OpError::Quiet) {
            let submit = Op::Submit {
                node,
                command: random_ops::random_command(&mut rng, MachineKind::Bank),
            };
            sim.apply(&submit, &mut out).expect("a valid command");
        }
        out.clear();
    }
    let time = start.elapsed();
    assert!(sim.violations.is_empty(), "{:?}", sim.violations);
    Sample {
        events: sim.event_count(),
        decisions: sim.decisions.len(),
        time,
    }
}

/// Prints the figures, each as a share of single-decree's rate at the same length. The two are
/// timed in turn, a single-decree run then a Multi-Paxos run, seven times, and the share is the
/// median of the seven pairs' shares: a pair shares the machine's load of its moment, which
/// separate medians of the two would not.
fn multi_events_per_second() {
    println!(
        "   Multi-Paxos (budget: within 25% of single-decree), median of 7 runs, each timed \
         beside a single-decree run"
    );
    for ops in [2_000, 20_000, 200_000] {
        let pairs: Vec<(Sample, Sample)> = (0..7)
            .map(|_| (simulate(ops), simulate_multi(ops)))
            .collect();
        let (_, first) = &pairs[0];
        assert!(
            pairs.iter().all(|(_, m)| m.events == first.events),
            "runs are deterministic"
        );
        let rate = |s: &Sample| s.events as f64 / s.time.as_secs_f64();
        let time = median(pairs.iter().map(|(_, m)| m.time).collect());
        let mut shares: Vec<f64> = pairs.iter().map(|(s, m)| rate(m) / rate(s)).collect();
        shares.sort_by(f64::total_cmp);
        println!(
            "   {ops:>7} ops: {:>7} events, {:>5} decisions, in {time:>9.2?}: {:>9.0} events/s \
             ({:.0}% of single-decree; pairs {:.0}%–{:.0}%)",
            first.events,
            first.decisions,
            first.events as f64 / time.as_secs_f64(),
            100.0 * shares[shares.len() / 2],
            100.0 * shares[0],
            100.0 * shares[shares.len() - 1],
        );
    }
}

fn history_memory_and_goto() {
    const EVENTS: usize = 10_000;
    let before = live_bytes();
    let mut history = History::new(random_ops::busy_world(3));
    let mut rng = Rng::new(4);
    while history.events().len() < EVENTS {
        let op = random_ops::random_op(&mut rng, history.current());
        let _ = history.apply(op);
    }
    let bytes = live_bytes() - before;
    let (ops, events) = (history.len(), history.events().len());
    println!("2. history memory and time travel (budget: 10,000 events well under 50 MB)");
    println!(
        "   {events} events from {ops} ops: {bytes} bytes live ({:.2} MB, {:.0} bytes/event), \
         snapshot every {CHECKPOINT_EVERY} ops",
        bytes as f64 / 1e6,
        bytes as f64 / events as f64
    );
    let mut times = Vec::new();
    for _ in 0..1000 {
        let k = rng.upto(ops as u32) as usize;
        let start = Instant::now();
        assert!(history.goto(k));
        times.push(start.elapsed());
    }
    let slowest = *times.iter().max().expect("times");
    println!(
        "   goto() a random past point: median {:.2?}, slowest {slowest:.2?} (1000 jumps)",
        median(times)
    );
}

fn model_check() {
    let setup = paxos_model::default_setups().remove(0);
    let outcome = paxos_model::check_correct(setup, 2);
    for (property, _) in paxos_model::ALWAYS {
        assert!(!outcome.discoveries.contains_key(property), "{property}");
    }
    println!("3. exhaustive model check of correct Paxos, setup \"crashes\" (budget ≤ 60 s)");
    println!(
        "   {} unique states ({} generated) in {:.2?}: {:.0} states/s",
        outcome.unique_states,
        outcome.states,
        outcome.elapsed,
        outcome.states_per_sec()
    );
}

fn main() {
    events_per_second();
    multi_events_per_second();
    history_memory_and_goto();
    model_check();
}
