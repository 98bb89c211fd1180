//! The app's one reducer: every user gesture and every animation frame becomes an [`Action`],
//! and [`State::reduce`](yew::Reducible::reduce) is plain Rust, tested on the host.
//!
//! ## Two clocks
//! * The **simulator's clock** (`Simulation::now`, whole ticks) only moves when an
//!   [`Op::Step`] delivers the next message or timer.
//! * The **display clock** ([`State::time`], fractional ticks) moves while playing, at the
//!   chosen speed. Messages are drawn where the display clock puts them on their paths; when it
//!   reaches [`Simulation::next_due`], the reducer applies `Op::Step`. Paused, neither moves.
//!
//! ## Two modes
//! * **Free**: play, pause, step one event forward or back, and change anything.
//! * **Guided**: a scenario with a script. The page shows the caption of the current step, and
//!   next/previous move by whole steps with [`History::goto`]. The first gesture that changes
//!   the world (anything but moving along the script) leaves the script: the page says so and
//!   offers to go back to it.
//!
//! The run's [`History`] is shared between successive states behind an `Rc<RefCell<_>>`, with a
//! [`State::revision`] that counts its changes: a run grows without bound (a livelock plays
//! forever), and copying it on every frame would cost more the longer it ran. The reducer is
//! its only writer, and only the newest state may be reduced (as Yew does; a debug assertion
//! checks it).

use std::cell::{Ref, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use crate::paxos::{Ballot, Learning, Liveness, NodeId, Value};
use crate::scenario::{self, Scenario, ScenarioError, Text, Tour};
use crate::sim::{Event, EventKind, History, MsgId, Op, OpError, Simulation, Switch};

use super::address::{Ignored, Reason};
use super::describe::Names;
use super::i18n::{Lang, LangChoice};
use super::keys::{key_action, KeyContext};
use super::layout::view_size;
use super::narrate::{narrate, rule_of, tone, Tone};
use super::scene::{progress, Scene};

/// Display ticks per second at 1× speed.
pub const TICKS_PER_SECOND: f64 = 20.0;
/// The speed slider runs from -100 (0.1×) to 100 (10×); 0 is 1×.
pub const SPEED_RANGE: i32 = 100;
/// The most events the log keeps on the page.
pub const LOG_LINES: usize = 150;
/// While playing, the log is brought up to date at most this often (ms): laying out new lines
/// of text is the costliest part of a frame, and nobody reads 60 lines a second.
const LOG_EVERY_MS: f64 = 250.0;
/// The most steps one animation frame may apply (at 10× with many messages).
const STEPS_PER_FRAME: usize = 200;
/// The longest gap between two frames that counts as time passing (a hidden tab does not
/// fast-forward the run).
const MAX_FRAME_MS: f64 = 100.0;

/// The scenario shown when none is asked for.
pub const DEFAULT_SCENARIO: &str = scenario::DEFAULT.0;

/// What is selected on the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Nothing.
    None,
    /// A node: its panel is open.
    Node(NodeId),
    /// A message: its menu is open.
    Message(MsgId),
}

/// What can be done to a message in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MsgVerb {
    /// Deliver it now.
    Deliver,
    /// Drop it.
    Drop,
    /// Put a copy on the network.
    Duplicate,
    /// Stop it where it is.
    Hold,
    /// Let it go on.
    Release,
}

impl MsgVerb {
    /// The op that does it.
    pub fn op(self, msg: MsgId) -> Op {
        match self {
            MsgVerb::Deliver => Op::Deliver { msg },
            MsgVerb::Drop => Op::Drop { msg },
            MsgVerb::Duplicate => Op::Duplicate { msg },
            MsgVerb::Hold => Op::Hold { msg },
            MsgVerb::Release => Op::Release { msg },
        }
    }
}

/// Something the page must tell the user: a refused operation or a scenario that did not load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The simulator refused an operation; nothing changed.
    Op(OpError),
    /// The ballot field does not hold a number.
    BallotText(String),
    /// `?scenario=` names no built-in scenario.
    UnknownScenario(String),
    /// A built-in scenario's file could not be fetched (HTTP status, or 0 for no answer).
    Unreachable {
        /// The scenario.
        name: String,
        /// The HTTP status, or 0.
        status: u16,
    },
    /// A scenario file did not load; the scenario on the stage stays.
    BadFile {
        /// The file's name.
        name: String,
        /// What is wrong with it.
        error: ScenarioError,
    },
    /// A scenario did not load; the sandbox is shown instead.
    BadScenario(ScenarioError),
}

/// A user gesture, a key, or an animation frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Switch the interface language.
    SetLang(Lang),
    /// Close the notice about an unknown `?lang=` value.
    DismissNotice,
    /// An animation frame at this time (ms, from `requestAnimationFrame`).
    Frame(f64),
    /// Play or pause. In a guided tour this starts or stops the tour advancing by itself;
    /// at its last step it plays the run on from there.
    TogglePlay,
    /// The tour's reading time for a step is up: on to the next step (while it plays).
    AutoAdvance,
    /// Open or close the "embed in slides" dialog.
    ToggleShare,
    /// Step one event forward (redo, or deliver the next message or timer).
    StepForward,
    /// Step one event back.
    StepBack,
    /// Next step of the tour.
    TourNext,
    /// Previous step of the tour.
    TourPrev,
    /// Back to the start of the tour's script.
    RestartTour,
    /// The speed slider's position, -100..=100.
    SetSpeed(i32),
    /// Back to the scenario's start.
    Reset,
    /// Random loss, percent.
    SetLoss(u8),
    /// Flip a protocol switch.
    SetSwitch(Switch, bool),
    /// Choose the learning strategy.
    SetLearning(Learning),
    /// Choose the liveness rule.
    SetLiveness(Liveness),
    /// Open (or close, if open) a node's panel.
    SelectNode(NodeId),
    /// Open (or close, if open) a message's menu.
    SelectMessage(MsgId),
    /// Escape: close the topmost popover, panel or overlay.
    Escape,
    /// Do something to a message.
    Message(MsgVerb, MsgId),
    /// Crash a node.
    Kill(NodeId),
    /// Restart a node.
    Restart(NodeId),
    /// A learner asks the acceptors what they accepted.
    Ask(NodeId),
    /// Propose from the node panel's form.
    Propose {
        /// The proposer.
        node: NodeId,
        /// The value typed.
        value: String,
        /// The ballot typed; empty means the proposer's next one.
        ballot: String,
        /// The acceptors ticked.
        recipients: Vec<NodeId>,
    },
    /// Close the error message.
    DismissProblem,
    /// Show or hide the keyboard help.
    ToggleHelp,
    /// Presentation mode on or off.
    TogglePresentation,
    /// Show or hide the event log (on small screens).
    ToggleLog,
    /// Show or hide the protocol settings.
    ToggleSettings,
    /// Load a built-in scenario by name (fetching its file).
    LoadScenario(String),
    /// A built-in scenario's file arrived: its text, or the HTTP status (0: no answer).
    Fetched {
        /// The scenario's name.
        name: String,
        /// The file's text, or why there is none.
        text: Result<String, u16>,
    },
    /// Load a scenario from a file picked or dropped on the page: its name, and its text (or
    /// its size, when it was too large to read).
    LoadFile {
        /// The file's name.
        name: String,
        /// Its text, or its size in bytes when over [`scenario::MAX_BYTES`].
        text: Result<String, usize>,
    },
    /// The stage's size in CSS pixels changed.
    StageResized(u32, u32),
    /// A key was pressed (see [`key_action`]); the reducer adds whether the page is guided.
    Key(String, KeyContext),
}

/// A built-in scenario, for the picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its name, as in `?scenario=NAME`.
    pub name: &'static str,
    /// Its title.
    pub title: Text,
}

/// The built-in scenarios that load, in picker order.
pub fn catalog() -> Vec<Entry> {
    scenario::CATALOG
        .iter()
        .map(|(name, zh, en)| Entry {
            name,
            title: Text::new(*zh, *en),
        })
        .collect()
}

/// A loaded scenario.
#[derive(Debug)]
pub struct Loaded {
    /// Its built-in name, or `None` for one carried in the address or opened from a file.
    pub name: Option<String>,
    /// A scenario that is not built in, as base64url, so that the address and the embed code
    /// can carry it.
    pub inline: Option<String>,
    /// The compiled tour.
    pub tour: Tour,
    /// Its nodes' names.
    pub names: Names,
    /// Every op of the script, in order.
    pub script: Vec<Op>,
}

impl Loaded {
    fn new(name: Option<String>, inline: Option<String>, tour: Tour) -> Self {
        Loaded {
            name,
            inline,
            names: Names::of_scenario(&tour.scenario),
            script: tour.steps.concat(),
            tour,
        }
    }

    /// Whether the scenario is a guided tour (its script does something).
    pub fn guided(&self) -> bool {
        !self.script.is_empty()
    }

    /// The number of steps.
    pub fn steps(&self) -> usize {
        self.tour.steps.len()
    }

    /// The caption of step `k` (from 1).
    pub fn caption(&self, k: usize, lang: Lang) -> Option<&str> {
        let step = self.tour.scenario.steps.get(k.checked_sub(1)?)?;
        Some(pick(&step.caption, lang))
    }

    /// The tour step whose end is at or before op `cursor`.
    fn step_at_or_before(&self, cursor: usize) -> usize {
        (1..=self.steps())
            .rev()
            .find(|&k| self.tour.ops_after(k) <= cursor)
            .unwrap_or(1)
    }
}

/// Time to read a caption at speed 1×, in ms: a pause plus about 250 English words or 450
/// Chinese characters a minute, capped at half a minute.
pub fn reading_ms(caption: &str, lang: Lang) -> u32 {
    let chars = caption.chars().count().min(1000) as u32;
    let per_char = match lang {
        Lang::Zh => 130,
        Lang::En => 48,
    };
    (2500 + chars * per_char).min(30_000)
}

/// A scenario text in `lang`.
pub fn pick(text: &Text, lang: Lang) -> &str {
    match lang {
        Lang::Zh => &text.zh,
        Lang::En => &text.en,
    }
}

/// What the page was asked to show when it opened (see [`super::address`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Startup {
    /// `?scenario=NAME`.
    pub scenario: Option<String>,
    /// `#scenario=` (base64url JSON).
    pub inline: Option<String>,
    /// The user prefers reduced motion.
    pub reduced_motion: bool,
    /// `?embed=1`: only the stage, the caption and the step controls.
    pub embed: bool,
    /// `?step=N`: the tour step to open at.
    pub step: Option<usize>,
    /// `?autoplay=1`: the tour advances by itself, or a scenario without steps plays.
    pub autoplay: bool,
    /// `?speed=X`, as a slider position.
    pub speed: Option<i32>,
    /// Parameters that were not used, for a notice.
    pub ignored: Vec<Ignored>,
}

/// The run: its history, and the display time of each picture in it.
#[derive(Debug)]
pub struct Run {
    /// Every op, with undo and redo.
    pub history: History,
    /// Counts its changes; a state whose [`State::revision`] differs is out of date.
    revision: u64,
    /// `times[k]` is the display time of the picture after `k` ops, kept so that stepping
    /// back shows exactly the picture that was there.
    times: Vec<f64>,
}

/// How long an effect stays on the stage while playing, in ms.
const EFFECT_MS: f64 = 900.0;

/// An effect drawn briefly after an op.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EffectKind {
    /// A message reached its receiver: a pulse at the receiver.
    Delivered,
    /// A message was lost on arrival: a fading ✕ at the receiver's end.
    Lost,
    /// The user dropped a message: a fading ✕ where it was.
    Dropped,
}

/// One effect of the last change.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Effect {
    /// The change that caused it (see [`Recent::epoch`]).
    pub epoch: u64,
    /// The event that caused it (unique within the change).
    pub event: u64,
    /// When it appeared (animation-frame time, ms).
    pub born: f64,
    /// What to draw.
    pub kind: EffectKind,
    /// The message's sender.
    pub from: NodeId,
    /// Its receiver.
    pub to: NodeId,
    /// Where along the path.
    pub at: f64,
}

/// What the last forward change did, for brief effects: derived from its events.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recent {
    /// Counts changes, so that effects of a new change are drawn afresh.
    pub epoch: u64,
    /// Messages it put on the network, with when: they ease in from their sender.
    pub fresh: BTreeMap<MsgId, f64>,
    /// Messages it duplicated (original and copy), with when: they flash.
    pub flash: BTreeMap<MsgId, f64>,
    /// Pulses and crosses.
    pub effects: Vec<Effect>,
}

/// One line of the event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// The event's id.
    pub id: u64,
    /// The sentence.
    pub text: String,
    /// The rule, named.
    pub rule: Option<&'static str>,
    /// How it is drawn.
    pub tone: Tone,
}

/// Everything the view shows.
#[derive(Clone, Debug)]
pub struct State {
    /// The language of the user interface.
    pub lang: Lang,
    /// Address parameters that were not used; shown in a notice until dismissed.
    pub notices: Vec<Ignored>,
    /// Embed mode: only the stage, the caption and the step controls.
    pub embed: bool,
    /// Guided mode: the tour advances by itself, one step per reading time.
    pub autoplay: bool,
    /// The "embed in slides" dialog is open.
    pub share_open: bool,
    /// The built-in scenario whose file is being fetched; it replaces the one on the stage
    /// when it arrives.
    pub fetching: Option<String>,
    /// What the address asked for, kept until the scenario it names has arrived.
    asked: Option<Startup>,
    /// The built-in scenarios.
    pub catalog: Rc<Vec<Entry>>,
    /// The scenario on the stage.
    pub loaded: Rc<Loaded>,
    run: Rc<RefCell<Run>>,
    /// Counts changes of the run.
    pub revision: u64,
    /// Guided mode: the tour step shown (from 1).
    pub tour_step: usize,
    /// Guided mode: the run is the script (nothing was changed by hand).
    pub on_script: bool,
    /// Playing.
    pub playing: bool,
    /// The speed slider, -100..=100.
    pub speed: i32,
    /// The display clock, in ticks.
    pub time: f64,
    last_frame: Option<f64>,
    /// While playing: when the log was last brought up to date (animation-frame time).
    log_at: Option<f64>,
    /// The log is behind the run (an update was put off while playing).
    log_stale: bool,
    /// What is selected.
    pub selection: Selection,
    /// The last refused operation or load error.
    pub problem: Option<Problem>,
    /// The keyboard help is open.
    pub help_open: bool,
    /// Presentation mode.
    pub presentation: bool,
    /// The log drawer is open (small screens).
    pub log_open: bool,
    /// The protocol settings are open.
    pub settings_open: bool,
    /// Messages jump instead of gliding.
    pub reduced_motion: bool,
    /// The stage's size in CSS pixels.
    pub stage_px: (u32, u32),
    /// Effects of the last change.
    pub recent: Rc<Recent>,
    /// What the stage draws.
    pub scene: Rc<Scene>,
    /// The narrated events, oldest first, at most [`LOG_LINES`].
    pub log: Rc<Vec<LogLine>>,
}

impl State {
    /// The state the app starts in.
    pub fn new(choice: LangChoice, startup: Startup) -> Self {
        let catalog = Rc::new(catalog());
        let (loaded, problem, fetching) = load(&startup);
        let run = Rc::new(RefCell::new(Run {
            history: History::new(loaded.tour.initial.clone()),
            revision: 0,
            times: Vec::new(),
        }));
        let scene = Rc::new(Scene::build(
            &loaded.tour.initial,
            &loaded.names,
            choice.lang,
            view_size((0, 0), false),
            None,
        ));
        let mut state = State {
            lang: choice.lang,
            notices: choice
                .unknown
                .map(|value| Ignored {
                    param: format!("lang={value}"),
                    reason: Reason::Language,
                })
                .into_iter()
                .chain(startup.ignored.iter().cloned())
                .collect(),
            embed: startup.embed,
            autoplay: false,
            share_open: false,
            asked: fetching.is_some().then(|| startup.clone()),
            fetching,
            catalog,
            loaded: Rc::new(loaded),
            run,
            revision: 0,
            tour_step: 1,
            on_script: false,
            playing: false,
            speed: 0,
            time: 0.0,
            last_frame: None,
            log_at: None,
            log_stale: false,
            selection: Selection::None,
            problem,
            help_open: false,
            presentation: false,
            log_open: false,
            settings_open: false,
            reduced_motion: startup.reduced_motion,
            stage_px: (0, 0),
            recent: Rc::default(),
            scene,
            log: Rc::default(),
        };
        state.start_run();
        if state.asked.is_none() {
            state.open_as_asked(&startup);
        }
        state
    }

    /// Whether the page is still waiting for the scenario its address names (it shows a
    /// loading message until then).
    pub fn loading(&self) -> bool {
        self.asked.is_some()
    }

    /// Applies `?speed=`, `?step=` and `?autoplay=`. A step past the end shows the last step,
    /// and a step for a scenario without steps is ignored; both are listed in the notice.
    fn open_as_asked(&mut self, startup: &Startup) {
        if let Some(speed) = startup.speed {
            self.speed = speed.clamp(-SPEED_RANGE, SPEED_RANGE);
        }
        if let Some(k) = startup.step {
            let last = self.loaded.steps();
            let reason = if !self.loaded.guided() {
                Some(Reason::NoSteps)
            } else if k > last {
                Some(Reason::StepBeyond { last })
            } else {
                None
            };
            if let Some(reason) = reason {
                self.notices.push(Ignored {
                    param: format!("step={k}"),
                    reason,
                });
            }
            if self.loaded.guided() {
                self.goto_step(k, false);
            }
        }
        if startup.autoplay {
            if self.guided() {
                self.autoplay = self.tour_step < self.loaded.steps();
            } else {
                self.playing = true;
            }
        }
    }

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

    /// Whether the page is in guided mode: the scenario has a script and the run follows it.
    pub fn guided(&self) -> bool {
        self.loaded.guided() && self.on_script
    }

    /// Whether the user left the guided tour's script.
    pub fn left_script(&self) -> bool {
        self.loaded.guided() && !self.on_script
    }

    /// Whether the play button plays the tour (advancing it by itself) rather than the run:
    /// on the script, before its last step, or while it plays.
    pub fn plays_tour(&self) -> bool {
        self.guided() && (self.autoplay || self.tour_step < self.loaded.steps())
    }

    /// How long a step stays up while the tour plays by itself, in ms: time to read its
    /// caption at the chosen speed.
    pub fn autoplay_delay(&self) -> u32 {
        let caption = self.loaded.caption(self.tour_step, self.lang).unwrap_or("");
        (f64::from(reading_ms(caption, self.lang)) / self.speed_factor()) as u32
    }

    /// The speed as a factor, 0.1 to 10.
    pub fn speed_factor(&self) -> f64 {
        10f64.powf(f64::from(self.speed) / f64::from(SPEED_RANGE))
    }

    /// Messages wait midway (guided mode, or reduced motion) instead of gliding.
    pub fn midway(&self) -> bool {
        self.guided() || self.reduced_motion
    }

    /// Whether the side panel (node, settings, log) is open on a small screen.
    pub fn drawer_open(&self) -> bool {
        self.log_open || self.settings_open || matches!(self.selection, Selection::Node(_))
    }

    /// On a small screen, where the side panel is a drawer over the stage: whether it should
    /// open on the left, because the selected node is on the right half (so that the drawer
    /// never hides the node it is about).
    pub fn drawer_on_left(&self) -> bool {
        match self.selection {
            Selection::Node(id) => self
                .scene
                .nodes
                .iter()
                .any(|n| n.id == id && n.x > self.scene.layout.width / 2.0),
            _ => false,
        }
    }

    /// Whether a step back is possible.
    pub fn can_back(&self) -> bool {
        self.history().cursor() > 0
    }

    /// A comparable picture of what the page shows, for tests: stepping back and forward
    /// again must give the same picture.
    #[cfg(test)]
    pub fn picture(&self) -> (Scene, u64, String, usize, bool) {
        (
            (*self.scene).clone(),
            self.time.to_bits(),
            format!("{:?}", *self.sim()),
            self.tour_step,
            self.on_script,
        )
    }

    /// Sets up the run for the loaded scenario: the script (at step 1) or an empty run.
    fn start_run(&mut self) {
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
        }
        self.on_script = loaded.guided();
        self.tour_step = 1;
        self.time = 0.0;
        self.playing = false;
        self.autoplay = false;
        self.last_frame = None;
        self.selection = Selection::None;
        self.log = Rc::default();
        self.recent = Rc::default();
        if self.on_script {
            self.goto_step(1, true);
        } else {
            self.changed(0, None);
        }
    }

    /// Moves along the script to step `k`, with the effects of the ops on the way if
    /// `effects` (moving forward by one step).
    fn goto_step(&mut self, k: usize, effects: bool) {
        let k = k.clamp(1, self.loaded.steps().max(1));
        let target = self.loaded.tour.ops_after(k);
        let before = self.history().cursor();
        self.run.borrow_mut().history.goto(target);
        self.tour_step = k;
        self.playing = false;
        self.time = self.now();
        self.changed(before, effects.then_some(None));
    }

    /// Goes back to the script (after the user left it) at step `k`.
    fn return_to_script(&mut self, k: usize) {
        self.start_run();
        self.goto_step(k, false);
    }

    /// Records the display time of the current picture, before the run moves on.
    fn remember_time(&mut self) {
        let time = self.time;
        let mut run = self.run.borrow_mut();
        let cursor = run.history.cursor();
        if run.times.len() <= cursor {
            run.times.resize(cursor + 1, 0.0);
        }
        run.times[cursor] = time;
    }

    /// Applies one op. On error nothing changes and the problem is shown.
    fn apply(&mut self, op: Op) -> bool {
        let drop_at = match &op {
            Op::Drop { msg } => self
                .scene
                .message(*msg)
                .map(|m| (*msg, progress(&m.envelope, self.time, self.midway()))),
            _ => None,
        };
        self.remember_time();
        let before = self.history().cursor();
        let result = self.run.borrow_mut().history.apply(op);
        match result {
            Ok(()) => {
                {
                    let mut run = self.run.borrow_mut();
                    let cursor = run.history.cursor();
                    run.times.truncate(cursor);
                }
                if self.on_script {
                    self.on_script = false;
                    self.autoplay = false;
                    // From "waiting midway" to the clock's positions, without a jump.
                    self.time = self.takeover_time();
                }
                self.time = self.time.max(self.now());
                self.problem = None;
                self.changed(before, Some(drop_at));
                true
            }
            Err(e) => {
                self.problem = Some(Problem::Op(e));
                false
            }
        }
    }

    /// After the run moved from op `before` to the cursor: effects (if the move was forward
    /// and `effects` is given), scene, log and selection. While playing, the effects of
    /// earlier frames stay until they have faded.
    fn changed(&mut self, before: usize, effects: Option<Option<(MsgId, f64)>>) {
        self.revision = {
            let mut run = self.run.borrow_mut();
            run.revision += 1;
            run.revision
        };
        let cursor = self.history().cursor();
        let epoch = self.recent.epoch + 1;
        let born = self.last_frame.unwrap_or(0.0);
        let mut recent = match effects {
            Some(drop_at) if cursor > before => {
                let history = self.history();
                let events: Vec<&Event> = (before..cursor)
                    .flat_map(|i| history.events_of(i).iter())
                    .collect();
                recent_from(&events, history.events(), drop_at, epoch, born)
            }
            _ => Recent {
                epoch,
                ..Recent::default()
            },
        };
        if self.playing && effects.is_some() {
            let young = |t: f64| born - t < EFFECT_MS;
            let sim = self.sim();
            recent.effects.extend(
                self.recent
                    .effects
                    .iter()
                    .filter(|e| young(e.born))
                    .copied(),
            );
            for (id, t) in &self.recent.fresh {
                if young(*t) && sim.in_flight.contains_key(id) {
                    recent.fresh.entry(*id).or_insert(*t);
                }
            }
            for (id, t) in &self.recent.flash {
                if young(*t) && sim.in_flight.contains_key(id) {
                    recent.flash.entry(*id).or_insert(*t);
                }
            }
        }
        self.recent = Rc::new(recent);
        self.rebuild_scene();
        match (self.playing, self.last_frame, self.log_at) {
            (true, Some(at), Some(last)) if at - last < LOG_EVERY_MS => self.log_stale = true,
            (true, at, _) => {
                self.log_at = at;
                self.update_log(before);
            }
            (false, ..) => self.update_log(before),
        }
        if let Selection::Message(id) = self.selection {
            if self.scene.message(id).is_none() {
                self.selection = Selection::None;
            }
        }
    }

    fn rebuild_scene(&mut self) {
        let size = view_size(self.stage_px, self.presentation);
        let scene = Scene::build(
            &self.sim(),
            &self.loaded.names,
            self.lang,
            size,
            Some(&self.scene),
        );
        if scene != *self.scene {
            self.scene = Rc::new(scene);
        }
    }

    /// Appends the new events' sentences, or rebuilds the log after a jump back.
    fn update_log(&mut self, before: usize) {
        self.log_stale = false;
        let history = self.history();
        let cursor = history.cursor();
        let appended = cursor >= before && !self.log.is_empty();
        let events = history.events();
        let line = |e: &Event| {
            narrate(e, &self.loaded.names, self.lang).map(|text| LogLine {
                id: e.id.0,
                text,
                rule: rule_of(e).map(|r| super::narrate::rule_name(r, self.lang)),
                tone: tone(e),
            })
        };
        let mut lines: Vec<LogLine> = if appended {
            let last = self.log.last().map(|l| l.id);
            let start = events
                .iter()
                .rposition(|e| Some(e.id.0) == last)
                .map_or(0, |i| i + 1);
            let mut lines = (*self.log).clone();
            lines.extend(events[start..].iter().filter_map(line));
            lines
        } else {
            let mut lines: Vec<LogLine> = events
                .iter()
                .rev()
                .filter_map(line)
                .take(LOG_LINES)
                .collect();
            lines.reverse();
            lines
        };
        if lines.len() > LOG_LINES {
            lines.drain(..lines.len() - LOG_LINES);
        }
        drop(history);
        if lines != *self.log {
            self.log = Rc::new(lines);
        }
    }

    /// One animation frame while playing: advance the display clock, and step every message
    /// or timer that has come due. Returns whether anything moved.
    fn frame(&mut self, at: f64) -> bool {
        let dt = match self.last_frame {
            Some(last) if at >= last => (at - last).min(MAX_FRAME_MS),
            _ => 1000.0 / 60.0,
        };
        self.last_frame = Some(at);
        let time_before = self.time;
        self.time += dt / 1000.0 * TICKS_PER_SECOND * self.speed_factor();
        let before = self.history().cursor();
        let mut steps = 0;
        loop {
            let due = self.sim().next_due();
            match due {
                Some(t) if (t as f64) <= self.time && steps < STEPS_PER_FRAME => {
                    let now = self.time;
                    // The picture just before this step: the message touching its receiver.
                    self.time = t as f64;
                    self.remember_time();
                    self.time = now;
                    if self.run.borrow_mut().history.apply(Op::Step).is_err() {
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
            let cursor = self.history().cursor();
            self.run.borrow_mut().times.truncate(cursor);
            self.on_script = false;
            self.problem = None;
            self.changed(before, Some(None));
        } else if self.log_stale && self.log_at.is_none_or(|t| at - t >= LOG_EVERY_MS) {
            // The run went quiet with news not yet in the log.
            let cursor = self.history().cursor();
            self.log_at = Some(at);
            self.update_log(cursor);
            return true;
        }
        steps > 0 || self.time != time_before
    }

    fn step_forward(&mut self) {
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

    fn step_back(&mut self) {
        let cursor = self.history().cursor();
        if cursor == 0 {
            return;
        }
        self.remember_time();
        self.run.borrow_mut().history.back();
        self.after_navigation(cursor, false);
    }

    /// After an undo or redo: the picture of that moment, exactly as it was.
    fn after_navigation(&mut self, before: usize, forward: bool) {
        self.playing = false;
        let (cursor, now) = (self.history().cursor(), self.sim().now as f64);
        let remembered = self.run.borrow().times.get(cursor).copied();
        self.time = remembered.unwrap_or(now).max(now);
        if self.on_script {
            self.tour_step = self.loaded.step_at_or_before(cursor);
        }
        self.changed(before, forward.then_some(None));
    }

    fn propose(&mut self, node: NodeId, value: String, ballot: String, recipients: Vec<NodeId>) {
        let ballot = ballot.trim();
        let ballot = if ballot.is_empty() {
            None
        } else {
            match ballot.parse::<u32>() {
                Ok(b) => Some(Ballot(b)),
                Err(_) => {
                    self.problem = Some(Problem::BallotText(ballot.to_owned()));
                    return;
                }
            }
        };
        self.apply(Op::Propose {
            node,
            value: Value(value.trim().to_owned()),
            ballot,
            recipients: Some(recipients),
        });
    }

    /// Loads a scenario from a file. If it does not load, the scenario on the stage stays, with
    /// its run: nothing is lost, and the error names the file and what is wrong with it.
    fn load_file(&mut self, name: String, text: Result<String, usize>) {
        let tour = text
            .map_err(|bytes| ScenarioError::TooLarge { bytes })
            .and_then(|text| Scenario::load(&text).map(|tour| (text, tour)));
        match tour {
            Ok((text, tour)) => {
                let inline = scenario::inline::encode(&text);
                self.loaded = Rc::new(Loaded::new(None, Some(inline), tour));
                self.problem = None;
                self.settings_open = false;
                self.start_run();
            }
            Err(error) => self.problem = Some(Problem::BadFile { name, error }),
        }
    }

    /// Shows `loaded` from its start.
    fn show(&mut self, loaded: Loaded) {
        self.loaded = Rc::new(loaded);
        self.problem = None;
        self.settings_open = false;
        self.start_run();
    }

    /// A built-in scenario's file arrived (or did not). The first one is what the address
    /// asked for, so its step, speed and autoplay apply then.
    fn fetched(&mut self, name: String, text: Result<String, u16>) {
        self.fetching = None;
        let tour = text
            .map_err(|status| Problem::Unreachable {
                name: name.clone(),
                status,
            })
            .and_then(|text| Scenario::load(&text).map_err(Problem::BadScenario));
        match tour {
            Ok(tour) => self.show(Loaded::new(Some(name), None, tour)),
            Err(problem) => self.problem = Some(problem),
        }
        if let Some(asked) = self.asked.take() {
            if self.problem.is_none() {
                self.open_as_asked(&asked);
            }
        }
    }
}

/// Loads the scenario the page was asked for: inline, the default, or a built-in one, whose
/// file must be fetched (its name is returned, and the default shows meanwhile). A scenario
/// that does not load is reported and the default is shown instead.
fn load(startup: &Startup) -> (Loaded, Option<Problem>, Option<String>) {
    let fallback = || {
        let tour = Scenario::load(scenario::DEFAULT.1).expect("the default scenario compiles");
        Loaded::new(Some(DEFAULT_SCENARIO.to_owned()), None, tour)
    };
    if let Some(data) = &startup.inline {
        let tour = scenario::inline::decode(data).and_then(|text| Scenario::load(&text));
        return match tour {
            Ok(tour) => (Loaded::new(None, Some(data.clone()), tour), None, None),
            Err(e) => (fallback(), Some(Problem::BadScenario(e)), None),
        };
    }
    match startup.scenario.as_deref() {
        None | Some("") => (fallback(), None, None),
        Some(name) if name == DEFAULT_SCENARIO => (fallback(), None, None),
        Some(name) if scenario::is_builtin(name) => (fallback(), None, Some(name.to_owned())),
        Some(name) => (
            fallback(),
            Some(Problem::UnknownScenario(name.to_owned())),
            None,
        ),
    }
}

/// The effects of a change, from its events: deliveries pulse at the receiver, losses and
/// drops leave a fading cross, new messages ease in, duplicated ones flash. `all` is the
/// whole trace, to find where a dropped message was going; `drop_at` is where it was drawn.
pub fn recent_from(
    events: &[&Event],
    all: &[Event],
    drop_at: Option<(MsgId, f64)>,
    epoch: u64,
    born: f64,
) -> Recent {
    let mut recent = Recent {
        epoch,
        ..Recent::default()
    };
    let path_of = |msg: MsgId| {
        all.iter().rev().find_map(|e| match &e.kind {
            EventKind::Sent { envelope } if envelope.id == msg => {
                Some((envelope.from, envelope.to))
            }
            EventKind::Duplicated { copy, .. } if copy.id == msg => Some((copy.from, copy.to)),
            _ => None,
        })
    };
    for e in events {
        let effect = |kind, from, to, at| Effect {
            epoch,
            born,
            event: e.id.0,
            kind,
            from,
            to,
            at,
        };
        match &e.kind {
            EventKind::Sent { envelope } => {
                recent.fresh.insert(envelope.id, born);
            }
            EventKind::Duplicated { msg, copy } => {
                recent.flash.insert(*msg, born);
                recent.flash.insert(copy.id, born);
            }
            EventKind::Delivered { from, to, .. } => {
                recent
                    .effects
                    .push(effect(EffectKind::Delivered, *from, *to, 1.0));
            }
            EventKind::Lost { from, to, .. } => {
                recent
                    .effects
                    .push(effect(EffectKind::Lost, *from, *to, 0.9));
            }
            EventKind::Dropped { msg, .. } => {
                if let Some((from, to)) = path_of(*msg) {
                    let at = drop_at.filter(|(m, _)| m == msg).map_or(0.5, |(_, at)| at);
                    recent
                        .effects
                        .push(effect(EffectKind::Dropped, from, to, at));
                }
            }
            _ => {}
        }
    }
    recent
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        debug_assert_eq!(
            self.revision,
            self.run.borrow().revision,
            "only the newest state may be reduced: the run is shared"
        );
        let mut s = (*self).clone();
        match action {
            // Returning the same `Rc` tells Yew that nothing changed.
            Action::SetLang(lang) if lang == self.lang => return self,
            Action::SetLang(lang) => {
                s.lang = lang;
                s.rebuild_scene();
                s.log = Rc::default();
                s.update_log(0);
            }
            Action::DismissNotice if self.notices.is_empty() => return self,
            Action::DismissNotice => s.notices.clear(),
            Action::Frame(_) if !self.playing => return self,
            Action::Frame(at) => {
                if !s.frame(at) {
                    // Nothing moved (the run is quiet): no new picture.
                    return self;
                }
            }
            Action::TogglePlay if self.plays_tour() => {
                s.autoplay = !self.autoplay;
            }
            Action::AutoAdvance if !(self.autoplay && self.guided()) => return self,
            Action::AutoAdvance => {
                s.goto_step(self.tour_step + 1, true);
                s.autoplay = s.tour_step < s.loaded.steps();
            }
            Action::ToggleShare => s.share_open = !s.share_open,
            Action::TogglePlay => {
                s.playing = !s.playing;
                s.last_frame = None;
                s.log_at = None;
                if !s.playing {
                    // Paused: the log catches up with every event.
                    let cursor = s.history().cursor();
                    s.update_log(cursor);
                }
                if s.playing && s.on_script {
                    // Playing is not part of the script: the run leaves it, and messages move
                    // on with the clock from where the tour drew them.
                    s.on_script = false;
                    s.time = s.takeover_time();
                }
            }
            Action::StepForward => s.step_forward(),
            Action::StepBack if !self.can_back() => return self,
            Action::StepBack => s.step_back(),
            Action::TourNext | Action::TourPrev if !self.loaded.guided() => match action {
                Action::TourNext => s.step_forward(),
                _ => s.step_back(),
            },
            Action::TourNext if self.on_script => {
                if self.tour_step >= self.loaded.steps() {
                    return self;
                }
                s.goto_step(self.tour_step + 1, true);
            }
            Action::TourPrev if self.on_script => {
                if self.tour_step <= 1 {
                    return self;
                }
                s.goto_step(self.tour_step - 1, false);
            }
            Action::TourNext => s.return_to_script(self.tour_step + 1),
            Action::TourPrev => s.return_to_script(self.tour_step.saturating_sub(1)),
            Action::RestartTour => {
                s.start_run();
                s.problem = None;
            }
            Action::SetSpeed(v) => {
                let v = v.clamp(-SPEED_RANGE, SPEED_RANGE);
                if v == self.speed {
                    return self;
                }
                s.speed = v;
            }
            Action::Reset => {
                s.start_run();
                s.problem = None;
            }
            Action::SetLoss(percent) => {
                s.apply(Op::SetLoss { percent });
            }
            Action::SetSwitch(switch, on) => {
                s.apply(Op::Set { switch, on });
            }
            Action::SetLearning(learning) => {
                s.apply(Op::SetLearning { learning });
            }
            Action::SetLiveness(liveness) => {
                s.apply(Op::SetLiveness { liveness });
            }
            Action::SelectNode(id) => {
                s.selection = if self.selection == Selection::Node(id) {
                    Selection::None
                } else {
                    Selection::Node(id)
                };
                s.settings_open = false;
            }
            Action::SelectMessage(id) => {
                s.selection = if self.selection == Selection::Message(id) {
                    Selection::None
                } else if self.scene.message(id).is_some() {
                    Selection::Message(id)
                } else {
                    return self;
                };
            }
            Action::Escape => {
                if self.help_open {
                    s.help_open = false;
                } else if self.share_open {
                    s.share_open = false;
                } else if self.selection != Selection::None {
                    s.selection = Selection::None;
                } else if self.settings_open {
                    s.settings_open = false;
                } else if self.log_open {
                    s.log_open = false;
                } else if self.problem.is_some() {
                    s.problem = None;
                } else {
                    return self;
                }
            }
            Action::Message(verb, msg) => {
                if s.apply(verb.op(msg)) {
                    // The menu stays open for hold/release, and closes once the message is gone.
                    if !matches!(verb, MsgVerb::Hold | MsgVerb::Release | MsgVerb::Duplicate) {
                        s.selection = Selection::None;
                    }
                }
            }
            Action::Kill(node) => {
                s.apply(Op::Kill { node });
            }
            Action::Restart(node) => {
                s.apply(Op::Restart { node });
            }
            Action::Ask(node) => {
                s.apply(Op::Ask { node });
            }
            Action::Propose {
                node,
                value,
                ballot,
                recipients,
            } => s.propose(node, value, ballot, recipients),
            Action::DismissProblem if self.problem.is_none() => return self,
            Action::DismissProblem => s.problem = None,
            Action::ToggleHelp => s.help_open = !s.help_open,
            Action::TogglePresentation => {
                s.presentation = !s.presentation;
                s.rebuild_scene();
            }
            Action::ToggleLog => {
                s.log_open = !s.log_open;
                if s.log_open {
                    s.settings_open = false;
                    s.selection = Selection::None;
                }
            }
            Action::ToggleSettings => {
                s.settings_open = !s.settings_open;
                if s.settings_open {
                    s.log_open = false;
                    if let Selection::Node(_) = s.selection {
                        s.selection = Selection::None;
                    }
                }
            }
            Action::LoadScenario(name) => {
                if self.loaded.name.as_deref() == Some(name.as_str()) {
                    return self;
                }
                let (loaded, problem, fetching) = load(&Startup {
                    scenario: Some(name),
                    ..Startup::default()
                });
                match fetching {
                    Some(name) => s.fetching = Some(name),
                    None if problem.is_some() => s.problem = problem,
                    None => s.show(loaded),
                }
            }
            // An answer for a scenario no longer wanted (the user picked another meanwhile).
            Action::Fetched { name, .. } if self.fetching.as_ref() != Some(&name) => return self,
            Action::Fetched { name, text } => s.fetched(name, text),
            Action::LoadFile { name, text } => s.load_file(name, text),
            Action::Key(key, ctx) => {
                let ctx = KeyContext {
                    guided: self.guided(),
                    ..ctx
                };
                return match key_action(&key, ctx) {
                    Some(action) => self.reduce(action),
                    None => self,
                };
            }
            Action::StageResized(w, h) => {
                if (w, h) == self.stage_px {
                    return self;
                }
                s.stage_px = (w, h);
                s.rebuild_scene();
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::Variant;
    use crate::scenario::inline;

    fn start(scenario: &str) -> Rc<State> {
        arrive(Rc::new(State::new(
            LangChoice {
                lang: Lang::En,
                unknown: None,
            },
            Startup {
                scenario: Some(scenario.to_owned()),
                ..Startup::default()
            },
        )))
    }

    /// Delivers the file the page is fetching, as the browser would.
    fn arrive(state: Rc<State>) -> Rc<State> {
        match state.fetching.clone() {
            Some(name) => {
                let text = scenario::builtin(&name).map(str::to_owned).ok_or(404);
                state.reduce(Action::Fetched { name, text })
            }
            None => state,
        }
    }

    fn act(state: &Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
        actions
            .into_iter()
            .fold(Rc::clone(state), |s, a| s.reduce(a))
    }

    fn node(state: &State, name: &str) -> NodeId {
        state
            .loaded
            .tour
            .scenario
            .nodes
            .iter()
            .position(|n| n.id == name)
            .map(|i| NodeId(i as u32))
            .unwrap()
    }

    fn propose(state: &State, who: &str, value: &str) -> Action {
        let acceptors = state.sim().config.acceptors.clone();
        Action::Propose {
            node: node(state, who),
            value: value.to_owned(),
            ballot: String::new(),
            recipients: acceptors,
        }
    }

    /// Frames 50 ms apart until `done` holds or `max` frames have passed.
    fn play_until(state: Rc<State>, max: usize, done: impl Fn(&State) -> bool) -> Rc<State> {
        let mut s = state;
        if !s.playing {
            s = s.reduce(Action::TogglePlay);
        }
        for i in 0..max {
            if done(&s) {
                break;
            }
            s = s.reduce(Action::Frame(i as f64 * 50.0));
        }
        s
    }

    #[test]
    fn it_starts_with_the_sandbox_by_default() {
        let s = State::new(
            LangChoice {
                lang: Lang::Zh,
                unknown: None,
            },
            Startup::default(),
        );
        assert_eq!(s.loaded.name.as_deref(), Some("sandbox"));
        assert!(!s.guided() && !s.left_script());
        assert_eq!(s.scene.nodes.len(), 6);
        assert_eq!(s.problem, None);
        assert!(s.catalog.iter().any(|e| e.name == "one-plus-one"));
    }

    #[test]
    fn an_unknown_or_broken_scenario_is_reported_and_the_sandbox_shown() {
        let s = start("no-such-thing");
        assert_eq!(s.loaded.name.as_deref(), Some("sandbox"));
        assert_eq!(
            s.problem,
            Some(Problem::UnknownScenario("no-such-thing".into()))
        );
        let bad = State::new(
            LangChoice {
                lang: Lang::En,
                unknown: None,
            },
            Startup {
                inline: Some(inline::encode("{\"title\": 3}")),
                ..Startup::default()
            },
        );
        assert_eq!(bad.loaded.name.as_deref(), Some("sandbox"));
        let Some(Problem::BadScenario(e)) = &bad.problem else {
            panic!("a bad scenario is reported: {:?}", bad.problem);
        };
        assert_eq!(
            e.text(),
            Text::new(
                "第 1 行第 11 列（`title`）：类型不对：得到整数 3，需要双语文本 {\"zh\": …, \"en\": …}",
                "line 1, column 11, at `title`: wrong type: got the integer 3, expected a text {\"zh\": …, \"en\": …}",
            )
        );
    }

    #[test]
    fn an_inline_scenario_loads() {
        let text = scenario::builtin("one-plus-one").unwrap();
        let s = State::new(
            LangChoice {
                lang: Lang::En,
                unknown: None,
            },
            Startup {
                inline: Some(inline::encode(text)),
                scenario: Some("sandbox".into()),
                ..Startup::default()
            },
        );
        assert_eq!(s.loaded.name, None);
        assert!(s.guided());
    }

    #[test]
    fn set_lang_and_dismiss_notice() {
        let s = Rc::new(State::new(
            LangChoice {
                lang: Lang::En,
                unknown: Some("fr".into()),
            },
            Startup::default(),
        ));
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::SetLang(Lang::En))));
        let zh = act(&s, [Action::SetLang(Lang::Zh)]);
        assert_eq!(zh.lang, Lang::Zh);
        assert_eq!(zh.scene.lang, Lang::Zh);
        assert_eq!(
            zh.notices,
            [Ignored {
                param: "lang=fr".into(),
                reason: Reason::Language
            }]
        );
        let s = act(&s, [Action::DismissNotice]);
        assert!(s.notices.is_empty());
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::DismissNotice)));
    }

    #[test]
    fn a_proposal_played_to_the_end_is_chosen_and_narrated() {
        let s = start("sandbox");
        let s = act(&s, [propose(&s, "p1", "tea")]);
        assert_eq!(s.problem, None);
        assert_eq!(s.scene.messages.len(), 3, "three prepares");
        assert!(!s.recent.fresh.is_empty(), "new messages ease in");
        // Paused: frames change nothing.
        let paused = act(&s, [Action::Frame(0.0), Action::Frame(500.0)]);
        assert!(Rc::ptr_eq(&s, &paused));
        let s = act(&s, [Action::SetSpeed(100)]);
        let s = play_until(s, 2000, |s| {
            !s.scene.chosen.is_empty() && s.sim().next_due().is_none()
        });
        assert_eq!(s.scene.chosen, ["tea"]);
        // While playing, the log catches up at least every quarter second.
        let s = play_until(s, 10, |_| false);
        assert!(s.log.iter().any(|l| l.text.contains("chosen")));
        let s = act(&s, [Action::TogglePlay]);
        assert!(s.scene.violation.is_none());
        assert!(s.log.iter().any(|l| l.text.contains("chosen")));
        assert!(s.log.iter().any(|l| l.rule == Some("promise rule")));
    }

    #[test]
    fn playing_moves_the_display_clock_and_steps_when_due() {
        let s = start("sandbox");
        let s = act(&s, [propose(&s, "p1", "x"), Action::TogglePlay]);
        assert!(s.playing);
        let due = s.sim().next_due().unwrap() as f64;
        let s = act(&s, [Action::Frame(0.0), Action::Frame(50.0)]);
        assert!(s.time > 0.0 && s.time < due, "{}", s.time);
        assert_eq!(s.history().cursor(), 1, "nothing due yet");
        // 1× is 20 ticks a second; frames longer than 100 ms count as 100 ms.
        let mut s = s;
        let mut at = 50.0;
        while s.history().cursor() == 1 {
            at += 100.0;
            s = s.reduce(Action::Frame(at));
        }
        assert!(s.time >= due);
        assert_eq!(s.sim().now as f64, due);
        let paused = act(&s, [Action::TogglePlay]);
        assert!(!paused.playing);
        let later = act(&paused, [Action::Frame(at + 1000.0)]);
        assert_eq!(later.time, paused.time);
    }

    #[test]
    fn step_back_then_forward_gives_the_same_picture() {
        let s = start("sandbox");
        let s = act(&s, [propose(&s, "p2", "y"), Action::SetSpeed(50)]);
        let s = play_until(s, 30, |_| false);
        let s = act(&s, [Action::TogglePlay]);
        let before = s.picture();
        let stepped = act(&s, [Action::StepForward]);
        let after = stepped.picture();
        assert_ne!(after, before);
        let back = act(&stepped, [Action::StepBack]);
        assert_eq!(back.picture(), before, "back restores the exact picture");
        let again = act(&back, [Action::StepForward]);
        assert_eq!(again.picture(), after);
        // And back to the very start.
        let mut s = again;
        while s.can_back() {
            s = s.reduce(Action::StepBack);
        }
        assert!(s.sim().in_flight.is_empty());
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::StepBack)));
    }

    #[test]
    fn step_forward_when_quiet_reports_it() {
        let s = start("sandbox");
        let s = act(&s, [Action::StepForward]);
        assert_eq!(s.problem, Some(Problem::Op(OpError::Quiet)));
        let s = act(&s, [Action::DismissProblem]);
        assert_eq!(s.problem, None);
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::DismissProblem)));
    }

    #[test]
    fn dropping_a_message_removes_it_and_the_receiver_is_unchanged() {
        let s = start("sandbox");
        let s = act(&s, [propose(&s, "p1", "x")]);
        let a1 = node(&s, "a1");
        let msg = s
            .scene
            .messages
            .iter()
            .find(|m| m.envelope.to == a1)
            .unwrap();
        let id = msg.envelope.id;
        let s = act(&s, [Action::SelectMessage(id)]);
        assert_eq!(s.selection, Selection::Message(id));
        let before = s.scene.node(a1).unwrap().lines.clone();
        let s = act(&s, [Action::Message(MsgVerb::Drop, id)]);
        assert!(s.scene.message(id).is_none());
        assert_eq!(s.selection, Selection::None);
        assert_eq!(s.recent.effects.len(), 1);
        assert_eq!(s.recent.effects[0].kind, EffectKind::Dropped);
        let s = act(&s, [Action::SetSpeed(100)]);
        let s = play_until(s, 2000, |s| s.sim().next_due().is_none());
        assert_eq!(s.scene.node(a1).unwrap().lines, before);
        // The others still chose a value.
        assert_eq!(s.scene.chosen, ["x"]);
    }

    #[test]
    fn message_verbs_hold_release_duplicate_deliver() {
        let s = start("sandbox");
        let s = act(&s, [propose(&s, "p1", "x")]);
        let id = s.scene.messages[0].envelope.id;
        let s = act(&s, [Action::Message(MsgVerb::Hold, id)]);
        assert!(s.scene.message(id).unwrap().envelope.held_at.is_some());
        let s = act(&s, [Action::Message(MsgVerb::Hold, id)]);
        assert_eq!(
            s.problem,
            Some(Problem::Op(OpError::AlreadyHeld { msg: id }))
        );
        let s = act(&s, [Action::Message(MsgVerb::Release, id)]);
        assert!(s.scene.message(id).unwrap().envelope.held_at.is_none());
        assert_eq!(s.problem, None);
        let s = act(&s, [Action::Message(MsgVerb::Duplicate, id)]);
        assert_eq!(s.scene.messages.len(), 4);
        assert!(s.recent.flash.contains_key(&id));
        let s = act(&s, [Action::Message(MsgVerb::Deliver, id)]);
        assert!(s.scene.message(id).is_none());
        assert_eq!(s.recent.effects[0].kind, EffectKind::Delivered);
        let s = act(&s, [Action::Message(MsgVerb::Drop, id)]);
        assert!(matches!(
            s.problem,
            Some(Problem::Op(OpError::NoSuchMessage { .. }))
        ));
    }

    #[test]
    fn a_dead_node_loses_messages_and_keeps_its_promise() {
        let s = start("sandbox");
        let a1 = node(&s, "a1");
        let s = act(&s, [propose(&s, "p1", "x"), Action::SetSpeed(100)]);
        let s = play_until(s, 2000, |s| s.sim().nodes[&a1].acceptor.promised.0 > 0);
        let s = act(&s, [Action::TogglePlay, Action::Kill(a1)]);
        assert!(s.scene.node(a1).unwrap().down);
        let promised = s.sim().nodes[&a1].acceptor.clone();
        let s = act(&s, [Action::Kill(a1)]);
        assert_eq!(s.problem, Some(Problem::Op(OpError::NodeDown { node: a1 })));
        let s = act(&s, [propose(&s, "p2", "y")]);
        let s = play_until(s, 2000, |s| s.sim().next_due().is_none());
        let s = act(&s, [Action::TogglePlay]);
        assert!(s
            .log
            .iter()
            .any(|l| l.text.contains("is down and hears nothing")));
        let s = act(&s, [Action::Restart(a1)]);
        assert!(!s.scene.node(a1).unwrap().down);
        assert_eq!(s.sim().nodes[&a1].acceptor, promised);
        let s = act(&s, [Action::Restart(a1)]);
        assert_eq!(s.problem, Some(Problem::Op(OpError::NodeUp { node: a1 })));
    }

    #[test]
    fn a_bad_ballot_or_value_is_explained_not_applied() {
        let s = start("sandbox");
        let p1 = node(&s, "p1");
        let a = Action::Propose {
            node: p1,
            value: "x".into(),
            ballot: "two".into(),
            recipients: vec![],
        };
        let s = act(&s, [a]);
        assert_eq!(s.problem, Some(Problem::BallotText("two".into())));
        let a = Action::Propose {
            node: p1,
            value: "  ".into(),
            ballot: "".into(),
            recipients: s.sim().config.acceptors.clone(),
        };
        let s = act(&s, [a]);
        assert!(matches!(
            s.problem,
            Some(Problem::Op(OpError::BadValue { .. }))
        ));
        assert_eq!(s.history().cursor(), 0);
        let ok = Action::Propose {
            node: p1,
            value: "x".into(),
            ballot: "7".into(),
            recipients: s.sim().config.acceptors[..1].to_vec(),
        };
        let s = act(&s, [ok]);
        assert_eq!(s.problem, None);
        assert_eq!(s.scene.messages.len(), 1);
        assert_eq!(s.scene.messages[0].label, "Prepare 7");
    }

    #[test]
    fn switches_loss_learning_and_liveness_are_ops() {
        let s = start("sandbox");
        let s = act(
            &s,
            [
                Action::SetLoss(30),
                Action::SetSwitch(Switch::Nacks, true),
                Action::SetSwitch(Switch::Variant(Variant::Amnesia), true),
                Action::SetLearning(Learning::Distinguished { learner: NodeId(5) }),
                Action::SetLiveness(Liveness::RandomBackoff { max_extra: 40 }),
            ],
        );
        let sim = s.sim();
        assert_eq!(sim.net.loss_percent, 30);
        assert!(sim.config.nacks && sim.config.has(Variant::Amnesia));
        assert_eq!(
            sim.config.learning,
            Learning::Distinguished { learner: NodeId(5) }
        );
        assert_eq!(s.history().cursor(), 5);
        drop(sim);
        let s = act(&s, [Action::SetLoss(101)]);
        assert!(matches!(
            s.problem,
            Some(Problem::Op(OpError::LossOutOfRange { .. }))
        ));
        assert!(s.log.iter().any(|l| l.text.contains("no longer safe")));
    }

    #[test]
    fn the_guided_tour_moves_by_steps() {
        let s = start("one-plus-one");
        assert!(s.guided());
        assert_eq!(s.tour_step, 1);
        assert!(s.midway());
        let n = s.loaded.steps();
        let s = act(&s, [Action::TourNext]);
        assert_eq!(s.tour_step, 2);
        assert_eq!(s.history().cursor(), s.loaded.tour.ops_after(2));
        assert_eq!(s.scene.messages.len(), 2, "User1's two prepares");
        assert_eq!(s.recent.fresh.len(), 2);
        let s = act(&s, [Action::TourNext, Action::TourPrev]);
        assert_eq!(s.tour_step, 2);
        assert_eq!(s.scene.messages.len(), 2);
        assert!(s.recent.fresh.is_empty(), "going back draws no effects");
        assert!(s.recent.effects.is_empty());
        let s = act(&s, [Action::TourPrev]);
        assert_eq!(s.tour_step, 1);
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::TourPrev)));
        // To the end, and no further.
        let mut end = s;
        for _ in 0..n + 3 {
            end = end.reduce(Action::TourNext);
        }
        assert_eq!(end.tour_step, n);
        assert_eq!(end.scene.chosen, ["1+1=3"]);
        assert!(end.guided());
    }

    #[test]
    fn taking_over_a_tour_is_noticed_and_can_be_undone() {
        let s = start("one-plus-one");
        let initial = s.picture();
        let s = act(&s, [Action::TourNext]);
        // Taking over: dropping a message leaves the script.
        let id = s.scene.messages[0].envelope.id;
        let took = act(&s, [Action::Message(MsgVerb::Drop, id)]);
        assert!(took.left_script() && !took.guided());
        assert!(!took.midway());
        assert_eq!(took.tour_step, 2);
        // Next step goes back to the script, at step 3.
        let back = act(&took, [Action::TourNext]);
        assert!(back.guided());
        assert_eq!(back.tour_step, 3);
        assert_eq!(back.history().cursor(), back.loaded.tour.ops_after(3));
        let took = act(&back, [Action::Kill(NodeId(0))]);
        assert!(took.left_script());
        let restarted = act(&took, [Action::RestartTour]);
        assert!(restarted.guided());
        assert_eq!(restarted.tour_step, 1);
        assert_eq!(restarted.picture().0, initial.0);
    }

    #[test]
    fn event_steps_inside_a_tour_stay_on_the_script() {
        let s = start("one-plus-one");
        let s = act(&s, [Action::TourNext, Action::TourNext]);
        let s3 = s.history().cursor();
        let s = act(&s, [Action::StepBack]);
        assert!(s.guided());
        assert_eq!(s.history().cursor(), s3 - 1);
        assert_eq!(s.tour_step, 2);
        let s = act(&s, [Action::StepForward]);
        assert!(s.guided());
        assert_eq!(s.tour_step, 3);
        // Play plays the tour: it stays on the script and advances by itself.
        let s = act(&s, [Action::TogglePlay]);
        assert!(s.guided() && s.autoplay && !s.playing);
        let s = act(&s, [Action::AutoAdvance]);
        assert_eq!(s.tour_step, 4);
        let s = act(&s, [Action::TogglePlay]);
        assert!(!s.autoplay);
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::AutoAdvance)));
        // An op by hand takes over and stops the tour playing.
        let user1 = node(&s, "user1");
        let s = act(&s, [Action::TogglePlay, Action::Kill(user1)]);
        assert!(s.left_script() && !s.autoplay && !s.midway());
        // Messages continue from midway, where the tour drew them.
        assert!(!s.scene.messages.is_empty());
        for m in &s.scene.messages {
            assert_eq!(progress(&m.envelope, s.time, false), 0.5);
        }
        let last = s.loaded.steps();
        let s = act(&s, [Action::RestartTour]);
        let s = act(&s, std::iter::repeat_n(Action::TourNext, last));
        assert_eq!(s.tour_step, last);
        assert!(!s.plays_tour());
        // At the last step, play takes over and plays the run; messages continue from midway.
        // (The stress tour's one step leaves 198 messages in flight.)
        let s = start("stress");
        assert!(s.guided() && !s.plays_tour() && !s.scene.messages.is_empty());
        let s3 = s.history().cursor();
        let s = act(&s, [Action::TogglePlay]);
        assert!(s.left_script() && !s.midway() && s.playing);
        let s = play_until(s, 200, |s| s.history().cursor() > s3);
        assert!(s.history().cursor() > s3);
    }

    #[test]
    fn selection_popovers_and_escape() {
        let s = start("sandbox");
        let p1 = node(&s, "p1");
        let s = act(&s, [Action::SelectNode(p1)]);
        assert_eq!(s.selection, Selection::Node(p1));
        assert!(s.drawer_open());
        let s2 = act(&s, [Action::SelectNode(p1)]);
        assert_eq!(s2.selection, Selection::None);
        let s = act(&s, [Action::ToggleHelp]);
        assert!(s.help_open);
        let s = act(&s, [Action::Escape]);
        assert!(!s.help_open && s.selection == Selection::Node(p1));
        let s = act(&s, [Action::Escape]);
        assert_eq!(s.selection, Selection::None);
        let s = act(&s, [Action::ToggleSettings]);
        assert!(s.settings_open);
        let s = act(&s, [Action::ToggleLog]);
        assert!(s.log_open && !s.settings_open);
        let s = act(&s, [Action::Escape]);
        assert!(!s.log_open);
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::Escape)));
        // A message that is not in flight cannot be selected.
        assert!(Rc::ptr_eq(
            &s,
            &s.clone().reduce(Action::SelectMessage(MsgId(99)))
        ));
    }

    #[test]
    fn speed_presentation_resize_and_reset() {
        let s = start("sandbox");
        let s = act(&s, [Action::SetSpeed(300)]);
        assert_eq!(s.speed, SPEED_RANGE);
        assert!((s.speed_factor() - 10.0).abs() < 1e-9);
        let s = act(&s, [Action::SetSpeed(-100)]);
        assert!((s.speed_factor() - 0.1).abs() < 1e-9);
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::SetSpeed(-100))));
        let wide = act(&s, [Action::StageResized(1600, 500)]);
        assert!(wide.scene.layout.width > s.scene.layout.width);
        assert!(Rc::ptr_eq(
            &wide,
            &wide.clone().reduce(Action::StageResized(1600, 500))
        ));
        let big = act(&wide, [Action::TogglePresentation]);
        assert!(big.presentation);
        assert!(big.scene.layout.height < wide.scene.layout.height);
        let s = act(&big, [propose(&big, "p1", "x"), Action::Reset]);
        assert_eq!(s.history().cursor(), 0);
        assert!(s.scene.messages.is_empty());
        assert!(s.presentation, "reset keeps the view settings");
    }

    #[test]
    fn loading_another_scenario_starts_it() {
        let s = start("sandbox");
        let s = act(&s, [Action::LoadScenario("annual-meeting-2".into())]);
        // Its file is fetched; the sandbox stays until it arrives.
        assert_eq!(s.fetching.as_deref(), Some("annual-meeting-2"));
        assert_eq!(s.loaded.name.as_deref(), Some("sandbox"));
        assert!(
            !s.loading(),
            "the page is not blanked while a picked scenario loads"
        );
        let s = arrive(s);
        assert_eq!(s.loaded.name.as_deref(), Some("annual-meeting-2"));
        assert!(s.guided());
        assert_eq!(s.scene.nodes[0].name, "Zhang San");
        assert!(Rc::ptr_eq(
            &s,
            &s.clone()
                .reduce(Action::LoadScenario("annual-meeting-2".into()))
        ));
        let s = act(&s, [Action::LoadScenario("nope".into())]);
        assert_eq!(s.problem, Some(Problem::UnknownScenario("nope".into())));
        assert_eq!(
            s.loaded.name.as_deref(),
            Some("annual-meeting-2"),
            "nothing is lost"
        );
        // A file that does not arrive is reported, and the scenario on the stage stays.
        let s = act(&s, [Action::LoadScenario("odd-3".into())]);
        let lost = act(
            &s,
            [Action::Fetched {
                name: "odd-3".into(),
                text: Err(404),
            }],
        );
        assert_eq!(
            lost.problem,
            Some(Problem::Unreachable {
                name: "odd-3".into(),
                status: 404
            })
        );
        assert_eq!(lost.loaded.name.as_deref(), Some("annual-meeting-2"));
        // An answer for a scenario no longer wanted is ignored.
        let s = act(&s, [Action::LoadScenario("odd-4".into())]);
        let stale = Action::Fetched {
            name: "odd-3".into(),
            text: Ok(scenario::builtin("odd-3").unwrap().into()),
        };
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(stale)));
        assert_eq!(arrive(s).loaded.name.as_deref(), Some("odd-4"));
    }

    #[test]
    fn the_page_waits_for_the_scenario_its_address_names() {
        let waiting = || {
            Rc::new(State::new(
                LangChoice {
                    lang: Lang::En,
                    unknown: None,
                },
                crate::ui::address::read("?scenario=one-plus-one&step=3", "", false),
            ))
        };
        let s = waiting();
        assert!(s.loading());
        assert_eq!(s.fetching.as_deref(), Some("one-plus-one"));
        let s = arrive(s);
        assert!(!s.loading());
        assert_eq!(
            s.tour_step, 3,
            "the address's step applies once it has arrived"
        );
        // Offline: the sandbox, and why.
        let offline = act(
            &waiting(),
            [Action::Fetched {
                name: "one-plus-one".into(),
                text: Err(0),
            }],
        );
        assert!(!offline.loading());
        assert_eq!(offline.loaded.name.as_deref(), Some("sandbox"));
        assert!(matches!(
            offline.problem,
            Some(Problem::Unreachable { status: 0, .. })
        ));
    }

    #[test]
    fn reduced_motion_keeps_messages_midway() {
        let s = Rc::new(State::new(
            LangChoice {
                lang: Lang::En,
                unknown: None,
            },
            Startup {
                reduced_motion: true,
                ..Startup::default()
            },
        ));
        assert!(s.midway());
        let s = act(&s, [propose(&s, "p1", "x"), Action::TogglePlay]);
        assert!(s.midway(), "even while playing");
    }

    fn open(search: &str) -> Rc<State> {
        arrive(Rc::new(State::new(
            LangChoice {
                lang: Lang::En,
                unknown: None,
            },
            crate::ui::address::read(search, "", false),
        )))
    }

    #[test]
    fn the_address_opens_a_step_plays_and_sets_the_speed() {
        let s = open("?scenario=one-plus-one&embed=1&step=6&speed=2");
        assert!(s.embed && s.guided() && !s.autoplay && !s.playing);
        assert_eq!(s.tour_step, 6);
        assert_eq!(s.history().cursor(), s.loaded.tour.ops_after(6));
        assert_eq!(s.speed, 30);
        assert!(s.notices.is_empty());
        let s = open("?scenario=one-plus-one&step=99&autoplay=1");
        assert_eq!(s.tour_step, 14);
        assert!(!s.autoplay, "nothing left to play at the last step");
        assert_eq!(
            s.notices,
            [Ignored {
                param: "step=99".into(),
                reason: Reason::StepBeyond { last: 14 }
            }]
        );
        let s = open("?scenario=one-plus-one&autoplay=1");
        assert!(s.autoplay && s.guided() && !s.playing);
        // A scenario without a tour ignores the step and plays the run.
        let s = open("?step=3&autoplay=1&bogus");
        assert!(s.playing && !s.autoplay);
        let reasons: Vec<Reason> = s.notices.iter().map(|i| i.reason).collect();
        assert_eq!(reasons, [Reason::Unknown, Reason::NoSteps]);
    }

    #[test]
    fn autoplay_waits_longer_for_longer_captions_and_less_at_higher_speed() {
        assert!(reading_ms("short", Lang::En) < reading_ms(&"long ".repeat(40), Lang::En));
        assert!(reading_ms("一二三四五六七八九十", Lang::Zh) > reading_ms("abcdefghij", Lang::En));
        assert_eq!(reading_ms(&"x".repeat(5000), Lang::En), 30_000);
        let s = open("?scenario=one-plus-one&autoplay=1");
        let slow = s.autoplay_delay();
        let s = act(&s, [Action::SetSpeed(100)]);
        assert_eq!(s.autoplay_delay(), slow / 10);
    }

    #[test]
    fn a_scenario_file_opens_and_a_bad_one_changes_nothing() {
        let s = start("one-plus-one");
        let s = act(&s, [Action::TourNext]);
        let before = s.picture();
        let bad = act(
            &s,
            [Action::LoadFile {
                name: "typo.json".into(),
                text: Ok("{ \"title\": 1 }".into()),
            }],
        );
        assert!(matches!(&bad.problem, Some(Problem::BadFile { name, .. }) if name == "typo.json"));
        assert_eq!(bad.loaded.name.as_deref(), Some("one-plus-one"));
        assert_eq!(
            bad.picture(),
            before,
            "the tour on the stage stays where it was"
        );
        let huge = act(
            &bad,
            [Action::LoadFile {
                name: "huge.json".into(),
                text: Err(2 << 20),
            }],
        );
        assert!(matches!(
            &huge.problem,
            Some(Problem::BadFile { error: ScenarioError::TooLarge { bytes }, .. }) if *bytes == 2 << 20
        ));
        let text = scenario::builtin("odd-3").unwrap();
        let good = act(
            &huge,
            [Action::LoadFile {
                name: "odd.json".into(),
                text: Ok(text.to_owned()),
            }],
        );
        assert_eq!(good.problem, None);
        assert_eq!(good.loaded.name, None);
        assert_eq!(
            good.loaded.inline.as_deref(),
            Some(inline::encode(text).as_str())
        );
        assert!(good.guided() && good.tour_step == 1);
    }

    #[test]
    fn the_drawer_opens_on_the_side_away_from_the_selected_node() {
        let s = start("sandbox");
        let centre = s.scene.layout.width / 2.0;
        let (left, right): (Vec<_>, Vec<_>) = s.scene.nodes.iter().partition(|n| n.x < centre);
        assert!(!left.is_empty() && !right.is_empty());
        let on_left = act(&s, [Action::SelectNode(right[0].id)]);
        assert!(on_left.drawer_on_left());
        let on_right = act(&on_left, [Action::SelectNode(left[0].id)]);
        assert!(!on_right.drawer_on_left());
        let closed = act(&on_right, [Action::Escape, Action::ToggleLog]);
        assert!(!closed.drawer_on_left(), "the log opens on the right");
    }

    #[test]
    fn a_learner_asks_and_only_a_learner_may() {
        let s = start("learners-ask");
        let s = act(&s, std::iter::repeat_n(Action::TourNext, 5));
        assert_eq!(s.tour_step, 6);
        let l2 = node(&s, "l2");
        let p = node(&s, "p");
        let s = act(&s, [Action::Ask(p)]);
        assert_eq!(
            s.problem,
            Some(Problem::Op(OpError::NotALearner { node: p }))
        );
        let s = act(&s, [Action::Ask(l2)]);
        assert!(s.left_script());
        let queries = s
            .scene
            .messages
            .iter()
            .filter(|m| m.envelope.message == crate::paxos::Message::Query {})
            .count();
        assert_eq!(queries, 3);
        assert!(s
            .log
            .iter()
            .any(|l| l.text.contains("asks all 3 acceptors")));
        let s = act(&s, std::iter::repeat_n(Action::StepForward, 6));
        assert_eq!(
            s.sim().nodes[&l2].learner.learned,
            Some(Value("x=1".into()))
        );
        assert!(s
            .log
            .iter()
            .any(|l| l.text.contains("answers L2: it has accepted")));
    }

    #[test]
    fn the_embed_dialog_opens_and_escape_closes_it() {
        let s = start("sandbox");
        let s = act(&s, [Action::ToggleShare]);
        assert!(s.share_open);
        let s = act(&s, [Action::Escape]);
        assert!(!s.share_open);
    }

    #[test]
    fn keys_follow_the_mode() {
        let key = |k: &str| Action::Key(k.to_owned(), KeyContext::default());
        let s = start("one-plus-one");
        let s = act(&s, [key("ArrowRight"), key("PageDown")]);
        assert_eq!(s.tour_step, 3);
        let s = act(&s, [key("ArrowLeft")]);
        assert_eq!(s.tour_step, 2);
        let s = act(&s, [key("?")]);
        assert!(s.help_open);
        let s = act(&s, [key("Escape"), key(" ")]);
        assert!(
            !s.help_open && s.autoplay && s.guided(),
            "Space plays the tour"
        );
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(key("q"))));
        let free = start("sandbox");
        let free = act(&free, [propose(&free, "p1", "x"), key("ArrowRight")]);
        assert_eq!(free.history().cursor(), 2, "one event forward");
        let free = act(&free, [key("ArrowLeft")]);
        assert_eq!(free.history().cursor(), 1);
    }

    #[test]
    fn the_log_is_narrated_in_the_current_language() {
        let s = start("sandbox");
        let s = act(&s, [propose(&s, "p1", "x"), Action::StepForward]);
        assert!(s.log.iter().any(|l| l.text.starts_with("A")));
        let zh = act(&s, [Action::SetLang(Lang::Zh)]);
        assert!(zh
            .log
            .iter()
            .all(|l| l.text.chars().any(|c| c as u32 > 0x2E80)));
        assert_eq!(zh.log.len(), s.log.len());
    }
}
