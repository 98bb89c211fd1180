//! The app's one reducer: every user gesture and every animation frame becomes an [`Action`],
//! and [`State::reduce`](yew::Reducible::reduce) is plain Rust, tested on the host.
//!
//! [`State`] is one struct, and each of its concerns lives in a module of its own, as methods
//! on it:
//! * `loading`: the built-in catalog, the scenario on the stage, fetching and opening files,
//!   and what the address asked for;
//! * `playback`: the run, its history and the two clocks (its module doc tells how they
//!   meet), stepping and moving along a tour;
//! * `effects`: the brief pulses and crosses after a change;
//! * `log`: the narrated event log, and how often it is brought up to date while playing;
//! * `panels`: what is selected, the side panel and the dialogs, and Escape;
//! * `autoplay`: a tour that advances by itself, one caption's reading time per step;
//! * `timeline`: the marks on the timeline, where things worth finding happened in the run.
//!
//! ## Two modes
//! * **Free**: play, pause, step one event forward or back, go to any instant of the run, and
//!   change anything.
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

mod autoplay;
mod challenge;
mod diagram;
mod effects;
mod loading;
mod log;
mod moment;
mod panels;
mod playback;
mod quiz;
#[cfg(test)]
mod tests;
mod timeline;

use std::cell::RefCell;
use std::rc::Rc;

use yew::Reducible;

use crate::paxos::{Ballot, NodeId, Value};
use crate::scenario::ScenarioError;
use crate::sim::{History, MsgId, Op, OpError};

use super::action::{Action, KeyContext, MsgVerb};
use super::address::{Ignored, Reason, Startup, View};
use super::diagram::{DiagramView, ZOOM};
use super::grid::{delays, Delay};
use super::i18n::{Lang, LangChoice};
use super::keys::key_action;
use super::layout::view_size;
use super::moment::LinkError;
use super::scene::{Scene, PROJECTOR_LABELS};
use super::speed::Speed;

pub use autoplay::reading_ms;
pub use challenge::{Progress, Running};
pub use diagram::{CursorMove, Focused};
pub use effects::{Effect, EffectKind, Recent};
pub use loading::{catalog, pick, Entry, Loaded};
pub use log::{LogLine, LOG_LINES};
pub use panels::{Overlay, Panel, Selection};
pub use quiz::QuizCard;
pub use timeline::{Mark, MarkKind};

use effects::Effects;
use log::LogPace;
use playback::Run;

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
    /// A link's run (`run=`) was not replayed in full.
    Link {
        /// Why.
        error: LinkError,
        /// The link's operations that were replayed.
        replayed: usize,
        /// The link's operations.
        of: usize,
    },
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
    /// Presentation mode.
    pub presentation: bool,
    /// The projector theme: higher contrast, thicker lines, bolder text (app.css), and larger
    /// message labels.
    pub projector: bool,
    /// The light theme, asked for even where the system is in dark mode (app.css).
    pub light: bool,
    /// Messages jump instead of gliding.
    pub reduced_motion: bool,
    /// The stage's size in CSS pixels.
    pub stage_px: (u32, u32),
    /// The last refused operation or load error.
    pub problem: Option<Problem>,

    // Loading (see `loading`).
    /// The built-in scenario whose file is being fetched; it replaces the one on the stage
    /// when it arrives.
    pub fetching: Option<String>,
    /// What the address asked for, kept until the scenario it names has arrived.
    asked: Option<Startup>,
    /// The built-in scenarios.
    pub catalog: Rc<Vec<Entry>>,
    /// The scenario on the stage.
    pub loaded: Rc<Loaded>,

    // Playback (see `playback`).
    run: Rc<RefCell<Run>>,
    /// Counts changes of the run.
    pub revision: u64,
    /// Guided mode: the tour step shown (from 1).
    pub tour_step: usize,
    /// Guided mode: the run is the script (nothing was changed by hand).
    pub on_script: bool,
    /// Playing.
    pub playing: bool,
    /// Playing replays the recording and stops at its end (a challenge's replay).
    replaying: bool,
    /// The speed.
    pub speed: Speed,
    /// The display clock, in ticks.
    pub time: f64,
    last_frame: Option<f64>,

    // Autoplay (see `autoplay`).
    /// Guided mode: the tour advances by itself, one step per reading time.
    pub autoplay: bool,

    // What is drawn (see `effects` and `log`).
    /// Effects of the last change.
    pub recent: Rc<Recent>,
    /// What the stage draws.
    pub scene: Rc<Scene>,
    /// The narrated events, oldest first, at most [`LOG_LINES`].
    pub log: Rc<Vec<LogLine>>,
    log_pace: LogPace,

    // The diagram (see `diagram`).
    /// What is shown of the run: the stage, the diagram, or both.
    pub view: View,
    /// The diagram's zoom, in pixels per tick.
    pub zoom: f64,
    /// The diagram's labels are hidden.
    pub compact: bool,
    /// The diagram's size in CSS pixels.
    pub diagram_px: (u32, u32),
    /// What the diagram draws.
    pub diagram: Rc<DiagramView>,
    /// The message under the pointer or the focus, in any view: all views highlight it.
    pub linked: Option<MsgId>,
    /// The event the diagram's keyboard cursor is on.
    pub focused: Option<Focused>,

    // Panels and dialogs (see `panels`).
    /// What is selected.
    pub selection: Selection,
    /// What the side panel shows besides a selected node, if anything.
    pub panel: Option<Panel>,
    /// The dialog over the page, if any.
    pub overlay: Option<Overlay>,
    /// The log grid's cell whose explanation is shown: a node and a column's first slot.
    pub cell: Option<(NodeId, u32)>,
    /// Multi-Paxos: the message delays of each command chosen so far.
    pub delays: Rc<Vec<Delay>>,

    // The quiz (see `quiz`).
    /// The quiz card, if open.
    pub quiz: Option<Rc<QuizCard>>,
    /// The challenge under way (see `challenge`).
    pub challenge: Option<Rc<Running>>,
    /// The quiz's score and the challenges won, kept in the browser.
    pub progress: Progress,
}

impl State {
    /// The state the app starts in.
    pub fn new(choice: LangChoice, startup: Startup) -> Self {
        let catalog = Rc::new(catalog());
        let (loaded, problem, fetching) = loading::load(&startup);
        let run = Rc::new(RefCell::new(Run::new(History::new(
            loaded.tour.initial.clone(),
        ))));
        let scene = Rc::new(Scene::build(
            &loaded.tour.initial,
            &loaded.names,
            choice.lang,
            (view_size((0, 0), false), 1.0),
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
            presentation: false,
            projector: startup.projector,
            light: startup.light,
            reduced_motion: startup.reduced_motion,
            stage_px: (0, 0),
            problem,
            asked: fetching.is_some().then(|| startup.clone()),
            fetching,
            catalog,
            loaded: Rc::new(loaded),
            run,
            revision: 0,
            tour_step: 1,
            on_script: false,
            playing: false,
            replaying: false,
            speed: Speed::default(),
            time: 0.0,
            last_frame: None,
            autoplay: false,
            recent: Rc::default(),
            scene,
            log: Rc::default(),
            log_pace: LogPace::default(),
            view: startup.view.unwrap_or(View::DEFAULT),
            zoom: ZOOM.0,
            compact: false,
            diagram_px: (0, 0),
            diagram: Rc::default(),
            linked: None,
            focused: None,
            selection: Selection::None,
            panel: None,
            overlay: None,
            cell: None,
            delays: Rc::default(),
            quiz: None,
            challenge: None,
            progress: startup.progress.clone(),
        };
        state.start_run();
        if let Some(challenge) = startup.exercise {
            // A challenge opens its own scenario, from its start; a link to a moment of it
            // replays its run once it has begun (the address left only `run` and `speed`).
            state.asked = None;
            state.fetching = None;
            state.start_challenge(challenge);
            if state.fetching.is_some() {
                state.asked = Some(startup);
            } else {
                state.open_as_asked(&startup);
            }
        } else if state.asked.is_none() {
            state.open_as_asked(&startup);
        }
        state
    }

    /// Whether the page is in guided mode: the scenario has a script and the run follows it.
    pub fn guided(&self) -> bool {
        self.loaded.guided() && self.on_script
    }

    /// Whether the user left the guided tour's script.
    pub fn left_script(&self) -> bool {
        self.loaded.guided() && !self.on_script
    }

    /// Off the script, the step that the step bar names, and that a link to the moment opens:
    /// the last step whose ops the run shares with the script, up to the instant shown. The
    /// previous and next steps return to the script on either side of it.
    fn step_left_at(&self) -> usize {
        let cursor = self.history().cursor();
        self.loaded
            .step_at_or_before(self.shared_with_script().min(cursor))
            .max(1)
    }

    /// How many ops the recorded run and the scenario's script have in common, from the start.
    fn shared_with_script(&self) -> usize {
        let history = self.history();
        let ops = history.recorded_ops().iter();
        ops.zip(&self.loaded.script)
            .take_while(|(a, b)| a == b)
            .count()
    }

    /// A comparable picture of what the page shows, for tests: stepping back and forward
    /// again must give the same picture, and so must a link to the moment.
    #[cfg(test)]
    pub fn picture(&self) -> (Scene, u64, String, usize, bool, Vec<LogLine>) {
        (
            (*self.scene).clone(),
            self.time.to_bits(),
            format!("{:?}", *self.sim()),
            self.tour_step,
            self.on_script,
            (*self.log).clone(),
        )
    }

    /// After the run moved from op `before` to the cursor: its effects, the scene, the log
    /// and the selection all follow.
    fn changed(&mut self, before: usize, effects: Effects) {
        self.revision = self.run.borrow_mut().count_change();
        if self.left_script() {
            self.tour_step = self.step_left_at();
        }
        self.recent = Rc::new(self.effects_since(before, effects));
        self.rebuild_scene();
        self.log_after_change();
        self.forget_gone_message();
        self.refresh_diagram();
    }

    /// Builds the scene of the world now, keeping the old one if nothing in it changed. In
    /// presentation mode the stage has fewer units, so everything on it is drawn larger; in the
    /// projector theme the message labels are larger.
    fn rebuild_scene(&mut self) {
        let size = view_size(self.stage_px, self.presentation);
        let labels = if self.projector {
            PROJECTOR_LABELS
        } else {
            1.0
        };
        let scene = Scene::build(
            &self.sim(),
            &self.loaded.names,
            self.lang,
            (size, labels),
            Some(&self.scene),
        );
        if scene != *self.scene {
            self.scene = Rc::new(scene);
        }
        if self.scene.grid.is_some() {
            let history = self.history();
            let delays = delays(history.events(), history.current().net.latency);
            drop(history);
            if delays != *self.delays {
                self.delays = Rc::new(delays);
            }
        }
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
        // The form is filled in with the proposer's next number and every acceptor: those are
        // what the simulator takes when none is given, so they are recorded as not given, and
        // a link to the run stays as short as one made by the stage's own proposals.
        let (ballot, recipients) = {
            let sim = self.sim();
            (
                ballot.filter(|&b| Some(b) != sim.next_ballot(node)),
                (recipients != sim.config.acceptors).then_some(recipients),
            )
        };
        self.apply(Op::Propose {
            node,
            value: Value::from(value.trim()),
            ballot,
            recipients,
        });
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        debug_assert_eq!(
            self.revision,
            self.run.borrow().revision(),
            "only the newest state may be reduced: the run is shared"
        );
        let mut s = (*self).clone();
        match action {
            // Returning the same `Rc` tells Yew that nothing changed.
            Action::SetLang(lang) if lang == self.lang => return self,
            Action::SetLang(lang) => {
                s.lang = lang;
                s.rebuild_scene();
                s.renarrate();
                s.refresh_diagram();
                s.focused = None;
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
            Action::TogglePlay if self.plays_tour() => s.autoplay = !self.autoplay,
            Action::TogglePlay => s.toggle_play(),
            Action::AutoAdvance if !(self.autoplay && self.guided()) => return self,
            Action::AutoAdvance => s.auto_advance(),
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
            Action::RestartTour | Action::Reset if s.standing().is_some() => {
                s.restart_challenge();
                s.problem = None;
            }
            Action::RestartTour | Action::Reset => {
                s.start_run();
                s.problem = None;
            }
            Action::SetSpeed(speed) if speed == self.speed => return self,
            Action::SetSpeed(speed) => s.speed = speed,
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
            Action::SelectNode(id) => s.select_node(id),
            Action::SelectMessage(id) => {
                if !s.select_message(id) {
                    return self;
                }
            }
            Action::Escape => {
                if !s.escape() {
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
            Action::Submit { node, command } => {
                let command = Value::from(command.trim());
                s.apply(Op::Submit { node, command });
            }
            Action::Lead(node) => {
                s.apply(Op::Lead { node });
            }
            Action::PickCell(cell) if cell == self.cell => return self,
            Action::PickCell(cell) => s.cell = cell,
            Action::Propose {
                node,
                value,
                ballot,
                recipients,
            } => s.propose(node, value, ballot, recipients),
            Action::DismissProblem if self.problem.is_none() => return self,
            Action::DismissProblem => s.problem = None,
            Action::ToggleHelp if matches!(self.overlay, Some(Overlay::Rule(_))) => {
                s.overlay = None
            }
            Action::ToggleHelp => s.toggle_overlay(Overlay::Help),
            Action::ToggleShare => s.toggle_overlay(Overlay::Share),
            // The embed has no share dialog: it links to the full page instead.
            Action::CopyMoment if s.embed => return self,
            Action::CopyMoment => s.overlay = Some(Overlay::CopyMoment),
            Action::TogglePresentation => {
                s.presentation = !s.presentation;
                s.rebuild_scene();
            }
            Action::ToggleProjector => {
                s.projector = !s.projector;
                s.rebuild_scene();
            }
            Action::ToggleLog => s.toggle_panel(Panel::Log),
            Action::ToggleSettings => s.toggle_panel(Panel::Settings),
            Action::LoadScenario(name) => {
                if self.loaded.name.as_deref() == Some(name.as_str()) {
                    return self;
                }
                s.load_scenario(name);
            }
            // An answer for a scenario no longer wanted (the user picked another meanwhile).
            Action::Fetched { name, .. } if self.fetching.as_ref() != Some(&name) => return self,
            Action::Fetched { name, text } => s.fetched(name, text),
            Action::LoadFile { name, text } => s.load_file(name, text),
            Action::LoadInline(data) if self.loaded.inline.as_deref() == Some(data.as_str()) => {
                return self
            }
            Action::LoadInline(data) => s.load_inline(data),
            Action::SetView(view) if view == self.view => return self,
            Action::SetView(view) => s.set_view(view),
            Action::ZoomDiagram(zoom_in) => s.zoom_diagram(zoom_in),
            Action::FitDiagram => s.fit_diagram(),
            Action::ToggleCompact => s.toggle_compact(),
            Action::DiagramResized(w, h) => {
                if !s.diagram_resized(w, h) {
                    return self;
                }
            }
            Action::Link(msg) => {
                if !s.link(msg) {
                    return self;
                }
            }
            Action::MoveCursor(to) => {
                if !s.move_cursor(to) {
                    return self;
                }
            }
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
            Action::Goto(k) => {
                if !s.goto(k) {
                    return self;
                }
            }
            Action::GotoEvent(id) => {
                if !s.goto_event(id) {
                    return self;
                }
            }
            Action::UndoFork | Action::RedoFork => {
                if !s.switch_future(action == Action::UndoFork) {
                    return self;
                }
            }
            Action::Quiz => s.toggle_quiz(),
            Action::ShowRule(rule) => s.overlay = Some(Overlay::Rule(rule)),
            Action::ReplayChallenge => {
                if !s.replay_challenge() {
                    return self;
                }
            }
            Action::StartChallenge(challenge) => s.start_challenge(challenge),
            Action::StopChallenge if self.challenge.is_none() => return self,
            Action::StopChallenge => s.challenge = None,
            Action::ToggleChallenges => s.toggle_panel(Panel::Challenges),
            Action::ResetProgress => s.progress = Progress::default(),
            Action::AskAgain => s.ask(),
            Action::Answer(pick) => {
                if !s.answer(pick) {
                    return self;
                }
            }
        }
        s.quiz_follows();
        s.record_win();
        s.log_follows_pause();
        Rc::new(s)
    }
}
