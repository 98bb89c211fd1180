//! History: every operation of a run, so that any past moment can be revisited.
//!
//! The run is a list of [`Op`]s. A snapshot of the [`Simulation`] is kept every
//! [`CHECKPOINT_EVERY`] ops; going to op `k` restores the snapshot at or before `k` and replays the
//! few ops after it, which is exact because the simulation is deterministic. The trace is kept
//! once, not per snapshot. Applying a new op after going back forks: the ops after the cursor are
//! discarded.

use std::sync::atomic::{AtomicU64, Ordering};

use super::{Event, Op, OpError, Simulation};

/// The source of [`History::line`] numbers.
static LINES: AtomicU64 = AtomicU64::new(1);

fn new_line() -> u64 {
    LINES.fetch_add(1, Ordering::Relaxed)
}

/// Ops between two snapshots.
pub const CHECKPOINT_EVERY: usize = 32;

/// A run with its past.
#[derive(Clone, Debug)]
pub struct History {
    ops: Vec<Op>,
    /// The trace, starting with the `began` event that no op produced.
    events: Vec<Event>,
    /// The number of events before the first op: the `began` event.
    prologue: usize,
    /// `ends[i]` is the number of events after op `i`.
    ends: Vec<usize>,
    /// `checkpoints[j]` is the state after `j * CHECKPOINT_EVERY` ops.
    checkpoints: Vec<Simulation>,
    cursor: usize,
    current: Simulation,
    /// Names this line of the run: a new history, or a fork that discarded recorded ops, gets
    /// a number no other line has.
    line: u64,
}

impl History {
    /// A history that starts at `initial`, a new world, whose trace begins with the
    /// configuration ([`Simulation::began`]).
    pub fn new(initial: Simulation) -> Self {
        let events = vec![initial.began()];
        History {
            ops: Vec::new(),
            prologue: events.len(),
            events,
            ends: Vec::new(),
            checkpoints: vec![initial.clone()],
            cursor: 0,
            current: initial,
            line: new_line(),
        }
    }

    /// The line of the run this history records. While it stays the same, the events up to
    /// any op that both moments reached are the same: a view of the run can add what is new
    /// instead of starting over.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The world now.
    pub fn current(&self) -> &Simulation {
        &self.current
    }

    /// The world before any op.
    pub fn initial(&self) -> &Simulation {
        &self.checkpoints[0]
    }

    /// How many ops lead to the current world.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// How many ops are recorded, including undone ones that can be redone.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether no op was recorded.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The ops up to the cursor.
    pub fn ops(&self) -> &[Op] {
        &self.ops[..self.cursor]
    }

    /// The events up to the cursor.
    pub fn events(&self) -> &[Event] {
        &self.events[..self.events_before(self.cursor)]
    }

    /// The events that op `i` produced.
    pub fn events_of(&self, i: usize) -> &[Event] {
        &self.events[self.events_before(i)..self.ends[i]]
    }

    fn events_before(&self, i: usize) -> usize {
        if i == 0 {
            self.prologue
        } else {
            self.ends[i - 1]
        }
    }

    /// Applies `op` at the cursor, discarding any undone ops. On error nothing changes.
    pub fn apply(&mut self, op: Op) -> Result<(), OpError> {
        let mut out = Vec::new();
        let mut next = self.current.clone();
        next.apply(&op, &mut out)?;
        self.truncate_after_cursor();
        self.current = next;
        self.events.extend(out);
        self.ops.push(op);
        self.ends.push(self.events.len());
        self.cursor += 1;
        if self.cursor % CHECKPOINT_EVERY == 0 {
            self.checkpoints.push(self.current.clone());
        }
        Ok(())
    }

    /// Steps until quiet or `max_steps`, one recorded op per step. Returns the steps taken.
    pub fn run_until_quiet(&mut self, max_steps: usize) -> usize {
        (0..max_steps)
            .take_while(|_| self.apply(Op::Step).is_ok())
            .count()
    }

    fn truncate_after_cursor(&mut self) {
        if self.cursor < self.ops.len() {
            self.line = new_line();
            self.ops.truncate(self.cursor);
            self.ends.truncate(self.cursor);
            self.events.truncate(self.events_before(self.cursor));
            self.checkpoints
                .truncate(self.cursor / CHECKPOINT_EVERY + 1);
        }
    }

    /// Moves to the world after `k` ops (`k ≤ len`). Returns false if `k` is out of range.
    pub fn goto(&mut self, k: usize) -> bool {
        if k > self.ops.len() {
            return false;
        }
        if k == self.cursor {
            return true;
        }
        let base = if k > self.cursor && k / CHECKPOINT_EVERY == self.cursor / CHECKPOINT_EVERY {
            self.cursor
        } else {
            (k / CHECKPOINT_EVERY) * CHECKPOINT_EVERY
        };
        let mut world = if base == self.cursor {
            self.current.clone()
        } else {
            self.checkpoints[base / CHECKPOINT_EVERY].clone()
        };
        let mut scratch = Vec::new();
        for (i, op) in self.ops[base..k].iter().enumerate() {
            world
                .apply(op, &mut scratch)
                .expect("a recorded op replays");
            scratch.clear();
            let done = base + i + 1;
            if done % CHECKPOINT_EVERY == 0 && self.checkpoints.len() <= done / CHECKPOINT_EVERY {
                self.checkpoints.push(world.clone());
            }
        }
        self.current = world;
        self.cursor = k;
        true
    }

    /// Goes back one op. Returns false at the start.
    pub fn back(&mut self) -> bool {
        self.cursor > 0 && self.goto(self.cursor - 1)
    }

    /// Redoes one undone op. Returns false if there is none.
    pub fn forward(&mut self) -> bool {
        self.cursor < self.ops.len() && self.goto(self.cursor + 1)
    }
}
