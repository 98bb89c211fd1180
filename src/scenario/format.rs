//! The scenario format, as types: [`super::read`] reads them, serde writes them. `docs/scenarios.md` documents it with a full example.

use crate::paxos::{MachineKind, MessageKind, Role, Switch, Variant};
use crate::sim::Invariant;
use serde::Serialize;

/// A text in both languages. Captions are shown as text, never as HTML.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from its Chinese and its English.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// A whole scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Its title.
    pub title: Text,
    /// A one-line summary, shown under the title.
    #[serde(default)]
    pub summary: Text,
    /// The nodes, in stage order. Their ids are what steps refer to.
    pub nodes: Vec<NodeSpec>,
    /// The protocol's switches and the network.
    #[serde(default)]
    pub rules: Rules,
    /// The script.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Multi-Paxos: the log as it stands before the first step, so that a tour can start
    /// from "slots 1–134 chosen" without scripting 134 rounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<LogSpec>,
}

/// The starting log of a Multi-Paxos scenario: what the acceptors have accepted, and which
/// slots each node knows to be chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogSpec {
    /// Proposals accepted before the first step.
    #[serde(default)]
    pub accepted: Vec<AcceptedSpec>,
    /// Slots that nodes know to be chosen before the first step.
    #[serde(default)]
    pub known: Vec<KnownSpec>,
}

/// One command accepted by some acceptors in a run of slots, all with one ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptedSpec {
    /// The first slot.
    pub from: u32,
    /// The last slot; by default `from`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<u32>,
    /// The ballot of every one of these proposals.
    pub ballot: u32,
    /// The command, the same in each slot.
    pub command: String,
    /// The acceptors that accepted them.
    pub by: Vec<String>,
}

/// A run of slots that some nodes know to be chosen (and replicas have executed, in order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KnownSpec {
    /// The first slot.
    pub from: u32,
    /// The last slot; by default `from`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<u32>,
    /// The nodes that know.
    pub nodes: Vec<String>,
}

/// `rules.multi`: a Multi-Paxos run, a replicated log of commands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MultiSpec {
    /// The state machine: the bank or the key-value map.
    pub machine: MachineKind,
    /// How many commands a leader may have in flight.
    pub window: u32,
    /// α: a `config` command chosen in slot i takes effect from slot i+α on, and a leader never
    /// proposes in a slot ≥ i+α before it knows slot i; by default `DEFAULT_ALPHA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alpha: Option<u32>,
    /// The nodes that execute the log; by default every node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<Vec<String>>,
}

impl Default for MultiSpec {
    fn default() -> Self {
        MultiSpec {
            machine: MachineKind::Bank,
            window: 3,
            alpha: None,
            replicas: None,
        }
    }
}

/// A node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NodeSpec {
    /// The id steps use, such as `"zhang"`.
    pub id: String,
    /// The name shown on the stage.
    pub name: Text,
    /// Its roles.
    pub roles: Vec<Role>,
}

/// The protocol's switches and the network's behaviour.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Rules {
    /// How learners learn.
    pub learning: LearningSpec,
    /// Refusals are answered with `Nack`.
    pub nacks: bool,
    /// Proposers retry after a timeout or a `Nack`.
    pub retry: bool,
    /// Ticks before a proposer retries.
    pub timeout: u32,
    /// Phase 2 goes to every prepared acceptor, not only those that promised.
    pub accept_to_all: bool,
    /// The stricter acceptor: accept only n = promised.
    pub accept_equal: bool,
    /// How livelock is avoided.
    pub liveness: LivenessSpec,
    /// Broken variants switched on from the start.
    pub variants: Vec<Variant>,
    /// Ticks a message takes.
    pub latency: u32,
    /// Up to this many extra ticks per message, at random.
    pub jitter: u32,
    /// Percent of messages lost at random.
    pub loss: u8,
    /// The seed of the run's random numbers.
    pub seed: u64,
    /// Multi-Paxos; absent for single-decree Paxos.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi: Option<MultiSpec>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            learning: LearningSpec::All {},
            nacks: false,
            retry: false,
            timeout: 60,
            accept_to_all: false,
            accept_equal: false,
            liveness: LivenessSpec::None {},
            variants: Vec::new(),
            latency: 10,
            jitter: 0,
            loss: 0,
            seed: 1,
            multi: None,
        }
    }
}

/// The learning strategy, with nodes named by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "strategy", rename_all = "kebab-case", deny_unknown_fields)]
pub enum LearningSpec {
    /// Every acceptor tells every learner. (Written `All {}` so that an unknown key beside
    /// `"strategy": "all"` is an error, as everywhere else.)
    All {},
    /// One distinguished learner relays.
    Distinguished {
        /// Its id.
        learner: String,
    },
    /// A set of distinguished learners relay.
    Set {
        /// Their ids.
        learners: Vec<String>,
    },
}

/// The liveness rule, with nodes named by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum LivenessSpec {
    /// Every proposer retries on its own. (`None {}`: see [`LearningSpec::All`].)
    None {},
    /// Only the leader retries.
    Leader {
        /// The distinguished proposer's id.
        proposer: String,
    },
    /// Random back-off before each retry.
    Backoff {
        /// The largest extra delay, in ticks.
        #[serde(rename = "max-extra")]
        max_extra: u32,
    },
}

/// One step of the script: a caption, the actions it takes, and what should hold after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What the audience is told.
    pub caption: Text,
    /// The actions, in order. A step may have none: a caption alone.
    #[serde(default, rename = "do")]
    pub actions: Vec<Action>,
    /// What must hold after the step.
    #[serde(default)]
    pub expect: Option<Expect>,
    /// A question the audience answers before the step plays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<StepQuestion>,
}

/// A step's question (see [`crate::quiz`]): what one of its actions will do. The choices and
/// the answer come from the simulator; the author only says which action, and may word it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StepQuestion {
    /// Which of the step's actions it asks about, from 1 (by default the first): a `deliver`
    /// or a `step` whose receiver decides by a rule, or a Multi-Paxos `lead`.
    #[serde(default)]
    pub action: Option<u32>,
    /// The question in the author's words; by default the page words it.
    #[serde(default)]
    pub prompt: Option<Text>,
}

/// An action of a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Action {
    /// A proposer proposes.
    Propose {
        /// The proposer's id.
        node: String,
        /// The value.
        value: String,
        /// An explicit ballot number.
        #[serde(default)]
        ballot: Option<u32>,
        /// The acceptors to send to; by default all.
        #[serde(default)]
        to: Option<Vec<String>>,
    },
    /// Deliver the oldest matching message now.
    Deliver(MatchSpec),
    /// Drop the oldest matching message.
    Drop(MatchSpec),
    /// Duplicate the oldest matching message.
    Duplicate(MatchSpec),
    /// Hold the oldest matching message.
    Hold(MatchSpec),
    /// Release the oldest matching held message.
    Release(MatchSpec),
    /// Crash a node.
    Kill {
        /// Its id.
        node: String,
    },
    /// Restart a node.
    Restart {
        /// Its id.
        node: String,
    },
    /// A learner asks every acceptor what it has accepted.
    Ask {
        /// Its id.
        node: String,
    },
    /// Flip a protocol switch.
    Set {
        /// The switch.
        switch: Switch,
        /// On or off.
        on: bool,
    },
    /// Multi-Paxos: a client gives a proposer a command.
    Submit {
        /// The proposer's id.
        node: String,
        /// The command.
        command: String,
    },
    /// Multi-Paxos: a proposer becomes leader, with phase 1 for every slot it does not know.
    Lead {
        /// Its id.
        node: String,
    },
    /// Deliver the next message or timer in time order.
    Step,
    /// Change the rate of random loss mid-run.
    SetLoss {
        /// Percent, 0–100.
        percent: u8,
    },
    /// Change the learning strategy mid-run: the shape of `rules.learning`.
    SetLearning(LearningSpec),
    /// Change how livelock is avoided mid-run: the shape of `rules.liveness`.
    SetLiveness(LivenessSpec),
    /// Run until nothing is in flight.
    Run {
        /// At most this many deliveries (default 500).
        #[serde(default, rename = "max-steps")]
        max_steps: Option<u32>,
    },
}

/// Which message an action means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MatchSpec {
    /// The message type.
    #[serde(rename = "type")]
    pub kind: MessageKind,
    /// The sender's id.
    #[serde(default)]
    pub from: Option<String>,
    /// The receiver's id.
    #[serde(default)]
    pub to: Option<String>,
    /// The ballot.
    #[serde(default)]
    pub ballot: Option<u32>,
    /// The message's number (messages are numbered from 0 in the order they are sent, as in
    /// the trace): this very message, where two in flight fit the rest of the pattern alike.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msg: Option<u32>,
}

/// What must hold after a step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// This value is chosen at the acceptors: a majority has accepted a proposal with it,
    /// whether or not anybody has learned it.
    #[serde(default)]
    pub chosen: Option<String>,
    /// Some node (a proposer or a learner) has learned that this value was chosen.
    #[serde(default, rename = "learned-value")]
    pub learned_value: Option<String>,
    /// The safety checker has (true) or has not (false) found a violation, or has found this
    /// one.
    #[serde(default)]
    pub violation: Option<ExpectViolation>,
    /// Exactly this many different values have been learned (decided).
    #[serde(default)]
    pub decisions: Option<usize>,
    /// Exactly this many learners have learned a value.
    #[serde(default)]
    pub learned: Option<usize>,
    /// Exactly this many messages have been put on the network so far.
    #[serde(default)]
    pub messages: Option<u64>,
    /// Multi-Paxos: this command is chosen at the acceptors in this slot.
    #[serde(default, rename = "chosen-in", skip_serializing_if = "Option::is_none")]
    pub chosen_in: Option<SlotCommand>,
    /// Multi-Paxos: these replicas have executed up to a slot, with a state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<Vec<ReplicaExpect>>,
}

/// `expect.chosen-in`: a command in a slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SlotCommand {
    /// The slot.
    pub slot: u32,
    /// The command (`no-op` for the no-op).
    pub command: String,
}

/// `expect.replicas[i]`: what a replica has executed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicaExpect {
    /// The replica's id.
    pub node: String,
    /// The last slot it has executed (0: none).
    pub executed: u32,
    /// Its state machine's state, as the page shows it: `balance 70`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// `expect.violation`: `true` or `false` for any violation, or the name of one invariant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ExpectViolation {
    /// Some violation (`true`), or none at all (`false`).
    Any(bool),
    /// This invariant in particular was broken.
    Of(Invariant),
}
