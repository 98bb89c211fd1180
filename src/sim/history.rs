//! History: every operation of a run, so that any past moment can be revisited.
//!
//! The run is a list of [`Op`]s. A snapshot of the [`Simulation`] is kept every
//! [`CHECKPOINT_EVERY`] ops; going to op `k` restores the snapshot at or before `k` and replays the
//! few ops after it, which is exact because the simulation is deterministic. The trace is kept
//! once, not per snapshot.
//!
//! ## Forks, undone and redone
//! Applying a new op after going back **forks**: a new future starts at the cursor. The old
//! future is not discarded but set aside (its ops, their trace and snapshots, and where its
//! cursor was; the past before the fork is shared, not copied), and [`History::undo_fork`]
//! brings it back, at the instant of the fork. The run it
//! replaces is set aside in turn, so that [`History::redo_fork`] brings that one back, where it
//! was left. One run is set aside at a time: the next fork replaces it.

use std::sync::atomic::{AtomicU64, Ordering};

use super::{Event, EventId, Op, OpError, Simulation};

/// The source of [`History::lineage`] numbers: no two recorded runs get the same one.
static LINEAGES: AtomicU64 = AtomicU64::new(1);

fn new_lineage() -> u64 {
    LINEAGES.fetch_add(1, Ordering::Relaxed)
}

/// Ops between two snapshots.
pub const CHECKPOINT_EVERY: usize = 32;

/// A history: the recorded run, where it is, and the run set aside by the last fork.
#[derive(Clone, Debug)]
pub struct History {
    recording: Recording,
    cursor: usize,
    current: Simulation,
    /// The run set aside by the last fork, or by undoing it.
    other: Option<Box<Other>>,
    /// Names the recorded run; a new history, and a fork, undo or redo that replaces the
    /// recorded run with another, get a number no run had before.
    lineage: u64,
}

/// A recorded run: its ops and their trace, with snapshots.
#[derive(Clone, Debug)]
struct Recording {
    ops: Vec<Op>,
    /// The trace, starting with the `began` event that no op produced.
    events: Vec<Event>,
    /// The number of events before the first op: the `began` event.
    prologue: usize,
    /// `ends[i]` is the number of events after op `i`.
    ends: Vec<usize>,
    /// `checkpoints[j]` is the state after `j * CHECKPOINT_EVERY` ops.
    checkpoints: Vec<Simulation>,
}

impl Recording {
    fn events_before(&self, i: usize) -> usize {
        if i == 0 {
            self.prologue
        } else {
            self.ends[i - 1]
        }
    }

    /// Cuts it after its first `k` ops: returns the rest, the ops after `k` with their events
    /// and snapshots.
    fn split_off(&mut self, k: usize) -> Tail {
        Tail {
            events: self.events.split_off(self.events_before(k)),
            ops: self.ops.split_off(k),
            ends: self.ends.split_off(k),
            checkpoints: self.checkpoints.split_off(k / CHECKPOINT_EVERY + 1),
        }
    }

    /// Puts `tail` back after its first `k` ops, and returns what was there.
    fn swap_tail(&mut self, k: usize, tail: Tail) -> Tail {
        let mine = self.split_off(k);
        let Tail {
            mut ops,
            mut events,
            mut ends,
            mut checkpoints,
        } = tail;
        self.ops.append(&mut ops);
        self.events.append(&mut events);
        self.ends.append(&mut ends);
        self.checkpoints.append(&mut checkpoints);
        mine
    }
}

/// What follows the ops two runs share: the ops of one of them after the fork, with their
/// events (and `ends`, which count from the start: the shared ops have the same events) and
/// the snapshots after the fork.
#[derive(Clone, Debug, Default)]
struct Tail {
    ops: Vec<Op>,
    events: Vec<Event>,
    ends: Vec<usize>,
    checkpoints: Vec<Simulation>,
}

/// Which way the run set aside lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetAside {
    /// The future that the last fork abandoned: [`History::undo_fork`] brings it back.
    Abandoned,
    /// The fork that was undone: [`History::redo_fork`] brings it back.
    Undone,
}

/// A run set aside, where it was left. It shares its first `fork` ops with the recorded run.
#[derive(Clone, Debug)]
struct Other {
    tail: Tail,
    cursor: usize,
    current: Simulation,
    /// The ops the two runs share: the fork happened after this many.
    fork: usize,
    way: SetAside,
}

impl History {
    /// A history that starts at `initial`, a new world, whose trace begins with the
    /// configuration ([`Simulation::began`]).
    pub fn new(initial: Simulation) -> Self {
        let events = vec![initial.began()];
        History {
            recording: Recording {
                ops: Vec::new(),
                prologue: events.len(),
                events,
                ends: Vec::new(),
                checkpoints: vec![initial.clone()],
            },
            cursor: 0,
            current: initial,
            other: None,
            lineage: new_lineage(),
        }
    }

    /// The world now.
    pub fn current(&self) -> &Simulation {
        &self.current
    }

    /// The world before any op.
    pub fn initial(&self) -> &Simulation {
        &self.recording.checkpoints[0]
    }

    /// How many ops lead to the current world.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// How many ops are recorded, including undone ones that can be redone.
    pub fn len(&self) -> usize {
        self.recording.ops.len()
    }

    /// Whether no op was recorded.
    pub fn is_empty(&self) -> bool {
        self.recording.ops.is_empty()
    }

    /// The ops up to the cursor.
    pub fn ops(&self) -> &[Op] {
        &self.recording.ops[..self.cursor]
    }

    /// Every recorded op, including those after the cursor.
    pub fn recorded_ops(&self) -> &[Op] {
        &self.recording.ops
    }

    /// The events up to the cursor.
    pub fn events(&self) -> &[Event] {
        &self.recording.events[..self.recording.events_before(self.cursor)]
    }

    /// The trace of the whole recorded run, including the events of ops after the cursor.
    pub fn recorded_events(&self) -> &[Event] {
        &self.recording.events
    }

    /// The events that op `i` produced.
    pub fn events_of(&self, i: usize) -> &[Event] {
        &self.recording.events[self.recording.events_before(i)..self.recording.ends[i]]
    }

    /// The index of the recorded op that produced event `id` (its world is the one after
    /// `op_of(id) + 1` ops). `None` for the `began` event, which no op produced and which
    /// belongs to the start, and for an id past the end of the recorded run.
    pub fn op_of(&self, id: EventId) -> Option<usize> {
        let id = usize::try_from(id.0).ok()?;
        if id < self.recording.prologue {
            return None;
        }
        let i = self.recording.ends.partition_point(|&end| end <= id);
        (i < self.recording.ops.len()).then_some(i)
    }

    /// Applies `op` at the cursor. Before the end of the recorded run this forks: the run so
    /// far is set aside (see [`History::undo_fork`]) and a new one continues from the cursor.
    /// On error nothing changes.
    pub fn apply(&mut self, op: Op) -> Result<(), OpError> {
        let mut out = Vec::new();
        let mut next = self.current.clone();
        next.apply(&op, &mut out)?;
        let previous = std::mem::replace(&mut self.current, next);
        if self.cursor < self.len() {
            self.other = Some(Box::new(Other {
                tail: self.recording.split_off(self.cursor),
                cursor: self.cursor,
                current: previous,
                fork: self.cursor,
                way: SetAside::Abandoned,
            }));
            self.lineage = new_lineage();
        }
        let rec = &mut self.recording;
        rec.events.extend(out);
        rec.ops.push(op);
        rec.ends.push(rec.events.len());
        self.cursor += 1;
        if self.cursor % CHECKPOINT_EVERY == 0 {
            rec.checkpoints.push(self.current.clone());
        }
        Ok(())
    }

    /// Steps until quiet or `max_steps`, one recorded op per step. Returns the steps taken.
    pub fn run_until_quiet(&mut self, max_steps: usize) -> usize {
        (0..max_steps)
            .take_while(|_| self.apply(Op::Step).is_ok())
            .count()
    }

    /// The run set aside, if any: which way it lies, and after how many ops the two runs part.
    pub fn set_aside(&self) -> Option<(SetAside, usize)> {
        self.other.as_ref().map(|o| (o.way, o.fork))
    }

    /// Names the recorded run: while it stays the same, the run only grew, and the events up
    /// to any op both moments reached are the same, so a view of the run can add what is new
    /// instead of starting over.
    pub fn lineage(&self) -> u64 {
        self.lineage
    }

    /// Brings back the future that the last fork abandoned, exactly as it was, at the instant
    /// of the fork; the fork is set aside for [`History::redo_fork`]. Returns false if there
    /// is none.
    pub fn undo_fork(&mut self) -> bool {
        self.swap(SetAside::Abandoned, SetAside::Undone)
    }

    /// Brings back the fork that [`History::undo_fork`] set aside, where it was left. Returns
    /// false if there is none.
    pub fn redo_fork(&mut self) -> bool {
        self.swap(SetAside::Undone, SetAside::Abandoned)
    }

    fn swap(&mut self, from: SetAside, to: SetAside) -> bool {
        let Some(other) = self.other.as_mut().filter(|o| o.way == from) else {
            return false;
        };
        let theirs = std::mem::take(&mut other.tail);
        other.tail = self.recording.swap_tail(other.fork, theirs);
        std::mem::swap(&mut self.cursor, &mut other.cursor);
        std::mem::swap(&mut self.current, &mut other.current);
        other.way = to;
        self.lineage = new_lineage();
        true
    }

    /// Moves to the world after `k` ops (`k ≤ len`). Returns false if `k` is out of range.
    pub fn goto(&mut self, k: usize) -> bool {
        if k > self.len() {
            return false;
        }
        if k == self.cursor {
            return true;
        }
        let rec = &mut self.recording;
        let base = if k > self.cursor && k / CHECKPOINT_EVERY == self.cursor / CHECKPOINT_EVERY {
            self.cursor
        } else {
            (k / CHECKPOINT_EVERY) * CHECKPOINT_EVERY
        };
        let mut world = if base == self.cursor {
            self.current.clone()
        } else {
            rec.checkpoints[base / CHECKPOINT_EVERY].clone()
        };
        let mut scratch = Vec::new();
        for (i, op) in rec.ops[base..k].iter().enumerate() {
            world
                .apply(op, &mut scratch)
                .unwrap_or_else(|_| panic!("a recorded op replays"));
            scratch.clear();
            let done = base + i + 1;
            if done % CHECKPOINT_EVERY == 0 && rec.checkpoints.len() <= done / CHECKPOINT_EVERY {
                rec.checkpoints.push(world.clone());
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
        self.cursor < self.len() && self.goto(self.cursor + 1)
    }
}
