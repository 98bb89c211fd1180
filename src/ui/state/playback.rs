//! Playback: the run, its history, and the clocks that move it.
//!
//! ## Two clocks
//! * The **simulator's clock** (`Simulation::now`, whole ticks) only moves when an
//!   [`Op::Step`] delivers the next message or timer.
//! * The **display clock** ([`State::time`], fractional ticks) moves while playing, at the
//!   chosen speed. Messages are drawn where the display clock puts them on their paths; when it
//!   reaches [`Simulation::next_due`], the reducer applies `Op::Step`. Paused, neither moves.
//!
//! Every picture of the run keeps its display time, so that stepping back shows exactly the
//! picture that was there, and stepping forward again gives the same picture.
//!
//! ## The recording
//! Going back (a step, a tour step, the timeline, a line of the log) moves along the recorded
//! run without changing it. Playing or stepping from a past instant replays the recording: a
//! recorded [`Op::Step`] is redone when the display clock reaches its time, which gives the
//! same result, and a recorded user action is redone at once; only at the end of the recording
//! does playing step the world on. A real action at a past instant (drop, kill, propose, a
//! switch…) forks: a new future starts there, and the old one is set aside with its display
//! times, so that Undo brings it back exactly ([`History::undo_fork`]).

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use crate::sim::{EventId, History, Op, Simulation};
use crate::ui::diagram::Diagram;
use crate::ui::scene::Still;

use super::effects::Effects;
use super::timeline::Marks;
use super::{Problem, Selection, State};

/// Display ticks per second at 1× speed.
const TICKS_PER_SECOND: f64 = 20.0;
/// The most steps one animation frame may apply (at 10× with many messages).
const STEPS_PER_FRAME: usize = 200;
/// The longest gap between two frames that counts as time passing (a hidden tab does not
/// fast-forward the run).
const MAX_FRAME_MS: f64 = 100.0;

/// The run: its history, and the display time of each picture in it.
#[derive(Debug)]
pub(super) struct Run {
    /// Every op, with undo and redo.
    pub(super) history: History,
    /// Counts its changes; a state whose [`State::revision`] differs is out of date.
    revision: u64,
    /// `times[k]` is the display time of the picture after `k` ops, kept so that stepping
    /// back shows exactly the picture that was there.
    times: Vec<f64>,
    /// The display times of the run set aside by the last fork (see [`History::undo_fork`]),
    /// and whether it was a tour's script.
    other: (Vec<f64>, bool),
    /// The timeline's marks, made when the recording changes (see [`State::marks`]).
    pub(super) marks: RefCell<Marks>,
    /// The space-time diagram of the run up to the cursor.
    pub(super) diagram: Diagram,
}

impl Run {
    /// A run of `history`, with no display times yet.
    pub(super) fn new(history: History) -> Self {
        Run {
            history,
            revision: 0,
            times: Vec::new(),
            other: (Vec::new(), false),
            marks: RefCell::default(),
            diagram: Diagram::default(),
        }
    }

    /// How many changes the run has had.
    pub(super) fn revision(&self) -> u64 {
        self.revision
    }

    /// Counts one more change, and returns the count.
    pub(super) fn count_change(&mut self) -> u64 {
        self.revision += 1;
        self.revision
    }

    /// A link's run forked off the script: Undo brings the script back, as it would have for
    /// the user who made the link.
    pub(super) fn script_set_aside(&mut self) {
        self.other = (Vec::new(), true);
    }

    /// Forgets the display times of pictures after the cursor (the run took another way).
    fn forget_later_times(&mut self) {
        let cursor = self.history.cursor();
        self.times.truncate(cursor);
    }

    /// Brings back the run set aside (`undo`: the future the last fork abandoned; otherwise the
    /// undone fork), with its display times and whether it was the script; sets this one aside
    /// with its own. Returns false if there is no such run.
    fn switch(&mut self, undo: bool, on_script: &mut bool) -> bool {
        let switched = if undo {
            self.history.undo_fork()
        } else {
            self.history.redo_fork()
        };
        if switched {
            std::mem::swap(&mut self.times, &mut self.other.0);
            std::mem::swap(on_script, &mut self.other.1);
        }
        switched
    }
}

impl State {
    /// The run's history.
    pub fn history(&self) -> Ref<'_, History> {
        Ref::map(self.run.borrow(), |r| &r.history)
    }

    /// The world now.
    pub fn sim(&self) -> Ref<'_, Simulation> {
        Ref::map(self.run.borrow(), |r| r.history.current())
    }

    /// The simulator's clock, as a display time.
    fn now(&self) -> f64 {
        self.sim().now as f64
    }

    /// The display time to continue from when the run leaves a guided tour's script: half a
    /// message's flight after the simulator's clock (but not past the next event), so that
    /// messages sent at that moment stay midway, where the tour drew them.
    fn takeover_time(&self) -> f64 {
        let sim = self.sim();
        let now = sim.now as f64;
        let half = now + f64::from(sim.net.latency) / 2.0;
        sim.next_due().map_or(now, |due| half.min(due as f64))
    }

    /// Messages wait midway (guided mode, or reduced motion) instead of gliding.
    pub fn midway(&self) -> bool {
        self.guided() || self.reduced_motion
    }

    /// How the stage's messages stand while the clock stands still: midway, or, paused,
    /// where the clock has brought them ([`Still`]); `None` while they move.
    pub fn still(&self) -> Option<Still> {
        if self.midway() {
            Some(Still::Midway)
        } else if !self.playing {
            Some(Still::Paused(self.time))
        } else {
            None
        }
    }

    /// Whether a step back is possible.
    pub fn can_back(&self) -> bool {
        self.history().cursor() > 0
    }

    /// Sets up the run for the loaded scenario: the script (at step 1) or an empty run.
    pub(super) fn start_run(&mut self) {
        let loaded = Rc::clone(&self.loaded);
        {
            let mut run = self.run.borrow_mut();
            let mut history = History::new(loaded.tour.initial.clone());
            for op in &loaded.script {
                // A compiled tour replays: `Scenario::compile` dry-ran every op.
                if history.apply(op.clone()).is_err() {
                    break;
                }
            }
            history.goto(0);
            run.history = history;
            run.times.clear();
            *run.marks.borrow_mut() = Marks::default();
        }
        self.on_script = loaded.guided();
        self.tour_step = 1;
        self.time = 0.0;
        self.playing = false;
        self.autoplay = false;
        self.last_frame = None;
        self.selection = Selection::None;
        self.recent = Rc::default();
        if self.on_script {
            self.goto_step(1, true);
            // A question on step 1 is asked before the step plays: the tour opens at its start.
            if self.loaded.question_op(1).is_some() {
                self.goto(0);
            }
        } else {
            self.changed(0, Effects::Skip);
        }
    }

    /// Moves along the script to step `k`, with the effects of the ops on the way if
    /// `effects` (moving forward by one step).
    pub(super) fn goto_step(&mut self, k: usize, effects: bool) {
        let k = k.clamp(1, self.loaded.steps().max(1));
        let target = self.loaded.tour.ops_after(k);
        let before = self.history().cursor();
        self.run.borrow_mut().history.goto(target);
        self.tour_step = k;
        self.playing = false;
        self.time = self.now();
        let effects = if effects {
            Effects::Show { dropped_at: None }
        } else {
            Effects::Skip
        };
        self.changed(before, effects);
    }

    /// Goes back to the script (after the user left it) at step `k`.
    pub(super) fn return_to_script(&mut self, k: usize) {
        self.start_run();
        self.goto_step(k, false);
    }

    /// Records the display time of the current picture, before the run moves on.
    pub(super) fn remember_time(&mut self) {
        let time = self.time;
        let mut run = self.run.borrow_mut();
        let cursor = run.history.cursor();
        if run.times.len() <= cursor {
            run.times.resize(cursor + 1, 0.0);
        }
        run.times[cursor] = time;
    }

    /// Applies one op. On error nothing changes and the problem is shown.
    pub(super) fn apply(&mut self, op: Op) -> bool {
        let dropped_at = match &op {
            Op::Drop { msg } => self
                .scene
                .message(*msg)
                .map(|m| (*msg, self.scene.drawn_at(m, self.time, self.still()))),
            _ => None,
        };
        self.remember_time();
        let (before, forks) = {
            let h = self.history();
            (h.cursor(), h.cursor() < h.len())
        };
        let result = self.run.borrow_mut().history.apply(op);
        match result {
            Ok(()) => {
                let mut run = self.run.borrow_mut();
                if forks {
                    // The abandoned future keeps its display times, for Undo.
                    run.other = (run.times.clone(), self.on_script);
                }
                run.forget_later_times();
                drop(run);
                if self.on_script {
                    self.on_script = false;
                    self.autoplay = false;
                    // From "waiting midway" to the clock's positions, without a jump.
                    self.time = self.takeover_time();
                }
                self.time = self.time.max(self.now());
                self.problem = None;
                self.changed(before, Effects::Show { dropped_at });
                true
            }
            Err(e) => {
                self.problem = Some(Problem::Op(e));
                false
            }
        }
    }

    /// Play or pause the run (not the tour: see [`State::plays_tour`]).
    pub(super) fn toggle_play(&mut self) {
        self.playing = !self.playing;
        self.replaying = false;
        self.last_frame = None;
        self.restart_log_pace();
        self.refresh_diagram();
        if self.playing && self.on_script {
            // Playing is not part of the script: the run leaves it, and messages move on with
            // the clock from where the tour drew them.
            self.on_script = false;
            self.time = self.takeover_time();
        }
    }

    /// One animation frame while playing: advance the display clock, and step every message
    /// or timer that has come due. Returns whether anything moved.
    pub(super) fn frame(&mut self, at: f64) -> bool {
        let dt = match self.last_frame {
            Some(last) if at >= last => (at - last).min(MAX_FRAME_MS),
            _ => 1000.0 / 60.0,
        };
        self.last_frame = Some(at);
        let time_before = self.time;
        self.time += dt / 1000.0 * TICKS_PER_SECOND * self.speed.factor();
        let before = self.history().cursor();
        let mut steps = 0;
        // Whether playing went past the end of the recording, with new steps.
        let mut grew = false;
        loop {
            // Before the end of the recording, playing replays it: a recorded user action is
            // redone at once, a recorded step when it comes due, like a new one.
            let replaying = {
                let h = self.history();
                h.recorded_ops().get(h.cursor()).map(|op| *op == Op::Step)
            };
            if replaying == Some(false) && steps < STEPS_PER_FRAME {
                self.remember_time();
                self.run.borrow_mut().history.forward();
                steps += 1;
                continue;
            }
            // A replay ends with the recording.
            if replaying.is_none() && self.replaying {
                self.playing = false;
                self.replaying = false;
                break;
            }
            let due = self.sim().next_due();
            match due {
                Some(t) if (t as f64) <= self.time && steps < STEPS_PER_FRAME => {
                    let now = self.time;
                    // The picture just before this step: the message touching its receiver.
                    self.time = t as f64;
                    self.remember_time();
                    self.time = now;
                    let mut run = self.run.borrow_mut();
                    if replaying.is_some() {
                        run.history.forward();
                    } else if run.history.apply(Op::Step).is_ok() {
                        grew = true;
                    } else {
                        break;
                    }
                    steps += 1;
                }
                Some(t) if (t as f64) <= self.time => {
                    // Too much due at once: slow the display clock down to the simulator.
                    self.time = t as f64;
                    break;
                }
                None => {
                    self.time = self.now();
                    break;
                }
                Some(_) => break,
            }
        }
        if steps > 0 {
            if grew {
                self.run.borrow_mut().forget_later_times();
            }
            self.on_script = false;
            self.problem = None;
            self.changed(before, Effects::Show { dropped_at: None });
        } else if self.catch_up_log(at) {
            return true;
        }
        steps > 0 || self.time != time_before
    }

    /// One event forward: redo, or the next message or timer.
    pub(super) fn step_forward(&mut self) {
        let (cursor, len) = {
            let h = self.history();
            (h.cursor(), h.len())
        };
        if cursor < len {
            self.remember_time();
            self.run.borrow_mut().history.forward();
            self.after_navigation(cursor, true);
        } else {
            self.playing = false;
            self.apply(Op::Step);
        }
    }

    /// One event back.
    pub(super) fn step_back(&mut self) {
        let cursor = self.history().cursor();
        if cursor == 0 {
            return;
        }
        self.remember_time();
        self.run.borrow_mut().history.back();
        self.after_navigation(cursor, false);
    }

    /// Goes to the world after `k` ops of the recording, as stepping there would. Returns
    /// false if the run is already there, or `k` is past its end.
    pub(super) fn goto(&mut self, k: usize) -> bool {
        let (cursor, len) = {
            let h = self.history();
            (h.cursor(), h.len())
        };
        if k == cursor || k > len {
            return false;
        }
        self.remember_time();
        self.run.borrow_mut().history.goto(k);
        self.after_navigation(cursor, k == cursor + 1);
        true
    }

    /// Goes to the world just after the op that produced event `id` (the start, for the
    /// `began` event). Returns false if the run is already there.
    pub(super) fn goto_event(&mut self, id: EventId) -> bool {
        let k = self.history().op_of(id).map_or(0, |i| i + 1);
        self.goto(k)
    }

    /// Undo (`undo`) or redo a fork: the run set aside comes back, where it was left (at the
    /// instant of the fork, for an undo), and this one is set aside. Returns false if there is
    /// nothing to undo or redo.
    pub(super) fn switch_future(&mut self, undo: bool) -> bool {
        self.remember_time();
        let before = self.history().cursor();
        let mut on_script = self.on_script;
        if !self.run.borrow_mut().switch(undo, &mut on_script) {
            return false;
        }
        self.on_script = on_script;
        self.autoplay = false;
        self.problem = None;
        self.after_navigation(before, false);
        true
    }

    /// After an undo or redo: the picture of that moment, exactly as it was.
    pub(super) fn after_navigation(&mut self, before: usize, forward: bool) {
        self.playing = false;
        let (cursor, now) = (self.history().cursor(), self.now());
        let remembered = self.run.borrow().times.get(cursor).copied();
        self.time = remembered.unwrap_or(now).max(now);
        if self.on_script {
            self.tour_step = self.loaded.step_at_or_before(cursor);
        }
        let effects = if forward {
            Effects::Show { dropped_at: None }
        } else {
            Effects::Skip
        };
        self.changed(before, effects);
    }
}
