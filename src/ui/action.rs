//! What the reducer is told: every user gesture, key and animation frame is one [`Action`].
//!
//! This is vocabulary, not logic. The reducer ([`super::state`]) and the keyboard map
//! ([`super::keys`]) both import it, and neither imports the other's module back. Components
//! never see [`Action`]: they emit narrow callbacks (`on_drop: Callback<MsgId>`), and only the
//! root (`app`) turns them into actions.

use crate::paxos::{Learning, Liveness, NodeId, Rule};
use crate::quiz::challenge::Challenge;
use crate::sim::{EventId, MsgId, Op, Switch};

use super::address::View;
use super::i18n::Lang;
use super::speed::Speed;
use super::state::CursorMove;

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

/// Where a key was pressed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyContext {
    /// The page is in guided mode.
    pub guided: bool,
    /// Focus is in a text field, slider or select, which use the keys themselves.
    pub in_field: bool,
    /// Focus is on a button (or an element acting as one).
    pub on_button: bool,
    /// Ctrl, Alt or Meta is held: the key belongs to the browser.
    pub modified: bool,
    /// Ctrl or ⌘ is held, without Alt: a shortcut such as Ctrl+Z.
    pub command: bool,
    /// Shift is held.
    pub shift: bool,
    /// Focus is in a text field, where Ctrl+Z undoes typing.
    pub in_text: bool,
    /// Focus is on a list to choose from (`<select>`): ↑ and ↓ choose in it, and the page's
    /// step keys still step, so that a lecturer who picked a scenario with the mouse and then
    /// presses → (or a clicker's PageDown) steps the tour instead of opening the next scenario.
    pub in_list: bool,
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
    /// Open the "embed in slides" dialog and copy the link to this moment.
    CopyMoment,
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
    /// The speed slider moved.
    SetSpeed(Speed),
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
    /// Multi-Paxos: a client gives a proposer a command, from the node panel.
    Submit {
        /// The proposer.
        node: NodeId,
        /// The command, as typed.
        command: String,
    },
    /// Multi-Paxos: the node becomes leader.
    Lead(NodeId),
    /// The log grid's cell to explain (a node and a column's first slot), or none.
    PickCell(Option<(NodeId, u32)>),
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
    /// Turn the projector theme on or off.
    ToggleProjector,
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
        /// Its text, or its size in bytes when over [`crate::scenario::MAX_BYTES`].
        text: Result<String, usize>,
    },
    /// Load the scenario carried in the address (`#scenario=`, base64url), when the address's
    /// hash changes under the open page.
    LoadInline(String),
    /// The stage's size in CSS pixels changed.
    StageResized(u32, u32),
    /// Show the stage, the space-time diagram, or both.
    SetView(View),
    /// Zoom the diagram in (true) or out.
    ZoomDiagram(bool),
    /// Zoom the diagram to fit the whole run.
    FitDiagram,
    /// The diagram's labels off or on.
    ToggleCompact,
    /// The diagram's size in CSS pixels changed.
    DiagramResized(u32, u32),
    /// The pointer or focus is on a message (in the stage, the diagram or the log), or left it.
    Link(Option<MsgId>),
    /// Move the diagram's keyboard cursor.
    MoveCursor(CursorMove),
    /// A key was pressed (see [`super::keys::key_action`]); the reducer adds whether the page
    /// is guided.
    Key(String, KeyContext),
    /// Go to the world after this many ops of the recorded run (the timeline).
    Goto(usize),
    /// Go to the world just after the op that produced this event (a line of the log).
    GotoEvent(EventId),
    /// Bring back the future that the last fork abandoned.
    UndoFork,
    /// Bring back the fork that was undone.
    RedoFork,
    /// Open the quiz card (a question about the next event), or close it.
    Quiz,
    /// Start a challenge.
    StartChallenge(Challenge),
    /// End the challenge under way.
    StopChallenge,
    /// Show or hide the list of challenges and the progress.
    ToggleChallenges,
    /// Forget the quiz's score and the challenges won.
    ResetProgress,
    /// Open the help at a rule's statement.
    ShowRule(Rule),
    /// Replay the challenge's run from its start, as far as it was recorded.
    ReplayChallenge,
    /// Ask a new question about the next event (after an answer).
    AskAgain,
    /// Answer the quiz card's question with this choice, or reveal the answer (`None`).
    Answer(Option<usize>),
}
