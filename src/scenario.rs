//! # Scenarios: the notes' examples as scripts
//!
//! A scenario is a JSON document: the people (nodes) with their names in Chinese and English and
//! their roles, the protocol's switches, and a script of steps, each with a caption in both
//! languages. [`Scenario::compile`] checks it and dry-runs it through the simulator, so that a step
//! that names an unknown node or matches no message is reported with its step number before the
//! user ever sees it. The result, a [`Tour`], is a list of concrete [`Op`]s per step that the
//! page replays with [`crate::sim::History`], which makes "previous step" exact.
//!
//! The format is documented in `docs/scenarios.md`; the built-in scenarios live in
//! `static/scenarios/` and are compiled into the app.

mod builtin;
mod format;
pub mod inline;

pub use builtin::{builtin, BUILTIN};
pub use format::{
    Action, Expect, LearningSpec, LivenessSpec, MatchSpec, NodeSpec, RoleName, Rules, Scenario,
    Step, Text,
};

use crate::paxos::{Ballot, Config, Learning, Liveness, NodeId, ProposeError, Value};
use crate::sim::{MessageMatch, NetConfig, Op, OpError, Simulation, Violation};
use serde::Serialize;
use std::fmt;

/// The largest scenario accepted, in bytes.
pub const MAX_BYTES: usize = 256 * 1024;
/// The most nodes a scenario may have (the stage is laid out for 3 to 9).
pub const MAX_NODES: usize = 9;
/// The most steps a scenario may have.
pub const MAX_STEPS: usize = 200;
/// The most simulator steps one `run` action may take.
pub const MAX_RUN: usize = 2000;

/// What is wrong with a scenario, naming the place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ScenarioError {
    /// Larger than [`MAX_BYTES`].
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// Not valid JSON, or not the format (serde's message names the field, line and column).
    Syntax(String),
    /// A value out of range or inconsistent, at `path`.
    Invalid {
        /// Where, e.g. `nodes[2].name.zh` or `steps[4]`.
        path: String,
        /// What is wrong.
        problem: String,
    },
    /// Step `step` (counted from 1) could not be carried out.
    Step {
        /// The step, from 1.
        step: usize,
        /// Why.
        problem: String,
    },
    /// The expectation of step `step` did not hold.
    Expectation {
        /// The step, from 1.
        step: usize,
        /// What was expected and what happened.
        problem: String,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::TooLarge { bytes } => write!(
                f,
                "the scenario is {bytes} bytes; the limit is {MAX_BYTES} bytes"
            ),
            ScenarioError::Syntax(m) => write!(f, "{m}"),
            ScenarioError::Invalid { path, problem } => write!(f, "{path}: {problem}"),
            ScenarioError::Step { step, problem } => write!(f, "step {step}: {problem}"),
            ScenarioError::Expectation { step, problem } => {
                write!(f, "step {step}: expectation failed: {problem}")
            }
        }
    }
}

/// A compiled scenario: the starting world, and the ops of each step.
#[derive(Clone, Debug)]
pub struct Tour {
    /// The scenario as written.
    pub scenario: Scenario,
    /// The world before the first step.
    pub initial: Simulation,
    /// For each step, the ops that carry it out.
    pub steps: Vec<Vec<Op>>,
}

impl Tour {
    /// The number of ops after step `k` (steps counted from 1; 0 is the start).
    pub fn ops_after(&self, k: usize) -> usize {
        self.steps.iter().take(k).map(Vec::len).sum()
    }

    /// The step that op count `ops` ends, if it is exactly a step boundary.
    pub fn step_at(&self, ops: usize) -> Option<usize> {
        (0..=self.steps.len()).find(|&k| self.ops_after(k) == ops)
    }

    /// A node's display name in `zh` or `en`.
    pub fn name(&self, node: NodeId, zh: bool) -> &str {
        self.scenario.name(node, zh)
    }
}

impl Scenario {
    /// Parses a scenario from JSON text, rejecting oversize input.
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > MAX_BYTES {
            return Err(ScenarioError::TooLarge { bytes: text.len() });
        }
        serde_json::from_str(text).map_err(|e| ScenarioError::Syntax(e.to_string()))
    }

    /// Parses and compiles in one go.
    pub fn load(text: &str) -> Result<Tour, ScenarioError> {
        Scenario::parse(text)?.compile()
    }

    /// A node's display name.
    pub fn name(&self, node: NodeId, zh: bool) -> &str {
        self.nodes
            .get(node.0 as usize)
            .map(|n| {
                if zh {
                    n.name.zh.as_str()
                } else {
                    n.name.en.as_str()
                }
            })
            .unwrap_or("?")
    }

    fn node(&self, id: &str, path: impl Fn() -> String) -> Result<NodeId, ScenarioError> {
        self.nodes
            .iter()
            .position(|n| n.id == id)
            .map(|i| NodeId(i as u32))
            .ok_or_else(|| ScenarioError::Invalid {
                path: path(),
                problem: format!("unknown node \"{id}\""),
            })
    }

    fn nodes_with(&self, role: RoleName) -> Vec<NodeId> {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.roles.contains(&role))
            .map(|(i, _)| NodeId(i as u32))
            .collect()
    }

    /// Checks every field, builds the world, and dry-runs every step.
    pub fn compile(self) -> Result<Tour, ScenarioError> {
        let invalid = |path: &str, problem: &str| ScenarioError::Invalid {
            path: path.to_owned(),
            problem: problem.to_owned(),
        };
        if self.nodes.is_empty() || self.nodes.len() > MAX_NODES {
            return Err(invalid(
                "nodes",
                &format!("between 1 and {MAX_NODES} nodes, not {}", self.nodes.len()),
            ));
        }
        if self.steps.len() > MAX_STEPS {
            return Err(invalid(
                "steps",
                &format!("at most {MAX_STEPS} steps, not {}", self.steps.len()),
            ));
        }
        self.title.check("title")?;
        for (i, n) in self.nodes.iter().enumerate() {
            if n.id.is_empty() || n.id.chars().count() > 24 {
                return Err(invalid(&format!("nodes[{i}].id"), "1 to 24 characters"));
            }
            if self.nodes[..i].iter().any(|m| m.id == n.id) {
                return Err(invalid(
                    &format!("nodes[{i}].id"),
                    &format!("\"{}\" is used twice", n.id),
                ));
            }
            n.name.check_short(&format!("nodes[{i}].name"))?;
            if n.roles.is_empty() {
                return Err(invalid(&format!("nodes[{i}].roles"), "at least one role"));
            }
        }
        let r = &self.rules;
        if !(1..=100).contains(&r.latency) {
            return Err(invalid("rules.latency", "between 1 and 100 ticks"));
        }
        if r.jitter > 100 {
            return Err(invalid("rules.jitter", "between 0 and 100 ticks"));
        }
        if r.loss > 100 {
            return Err(invalid("rules.loss", "a percentage, 0 to 100"));
        }
        if !(1..=10_000).contains(&r.timeout) {
            return Err(invalid("rules.timeout", "between 1 and 10000 ticks"));
        }
        let acceptors = self.nodes_with(RoleName::Acceptor);
        if acceptors.is_empty() {
            return Err(invalid("nodes", "at least one node must be an acceptor"));
        }
        let learning = match &r.learning {
            LearningSpec::All => Learning::AllLearners,
            LearningSpec::Distinguished { learner } => Learning::Distinguished {
                learner: self.node(learner, || "rules.learning.learner".into())?,
            },
            LearningSpec::Set { learners } => Learning::DistinguishedSet {
                learners: learners
                    .iter()
                    .enumerate()
                    .map(|(i, l)| self.node(l, || format!("rules.learning.learners[{i}]")))
                    .collect::<Result<_, _>>()?,
            },
        };
        let liveness = match &r.liveness {
            LivenessSpec::None => Liveness::None,
            LivenessSpec::Leader { proposer } => Liveness::Distinguished {
                proposer: self.node(proposer, || "rules.liveness.proposer".into())?,
            },
            LivenessSpec::Backoff { max_extra } => {
                if *max_extra > 1000 {
                    return Err(invalid("rules.liveness.max-extra", "at most 1000 ticks"));
                }
                Liveness::RandomBackoff {
                    max_extra: *max_extra,
                }
            }
        };
        let config = Config {
            proposers: self.nodes_with(RoleName::Proposer),
            acceptors,
            learners: self.nodes_with(RoleName::Learner),
            learning,
            nacks: r.nacks,
            retry: r.retry,
            timeout: r.timeout,
            accept_to_all: r.accept_to_all,
            accept_rule: if r.accept_equal {
                crate::paxos::AcceptRule::EqualPromised
            } else {
                crate::paxos::AcceptRule::AtLeastPromised
            },
            liveness,
            variants: r.variants.iter().copied().collect(),
        };
        let net = NetConfig {
            latency: r.latency,
            jitter: r.jitter,
            loss_percent: r.loss,
            seed: r.seed,
        };
        let initial = Simulation::new(config, net);
        let mut sim = initial.clone();
        let mut events = Vec::new();
        let mut steps = Vec::with_capacity(self.steps.len());
        for (i, step) in self.steps.iter().enumerate() {
            let n = i + 1;
            step.caption.check(&format!("steps[{i}].caption"))?;
            let mut ops = Vec::new();
            for (j, action) in step.actions.iter().enumerate() {
                if let Action::Run { max_steps } = action {
                    let limit = max_steps.unwrap_or(500).min(MAX_RUN as u32);
                    for _ in 0..limit {
                        if sim.apply(&Op::Step, &mut events).is_err() {
                            break;
                        }
                        ops.push(Op::Step);
                    }
                    continue;
                }
                let path = || format!("steps[{i}].do[{j}]");
                let op = self.resolve(action, &sim, &path, n)?;
                sim.apply(&op, &mut events)
                    .map_err(|e| ScenarioError::Step {
                        step: n,
                        problem: self.describe(&e),
                    })?;
                ops.push(op);
            }
            events.clear();
            if let Some(expect) = &step.expect {
                expect
                    .check(&sim)
                    .map_err(|problem| ScenarioError::Expectation { step: n, problem })?;
            }
            steps.push(ops);
        }
        Ok(Tour {
            scenario: self,
            initial,
            steps,
        })
    }

    fn resolve(
        &self,
        action: &Action,
        sim: &Simulation,
        path: &dyn Fn() -> String,
        step: usize,
    ) -> Result<Op, ScenarioError> {
        let node = |id: &str| self.node(id, path);
        let find = |m: &MatchSpec| -> Result<crate::sim::MsgId, ScenarioError> {
            let pattern = MessageMatch {
                kind: Some(m.kind),
                from: m.from.as_deref().map(node).transpose()?,
                to: m.to.as_deref().map(node).transpose()?,
                ballot: m.ballot.map(Ballot),
            };
            sim.find_message(&pattern)
                .ok_or_else(|| ScenarioError::Step {
                    step,
                    problem: format!("no message in flight matches {}", m.describe()),
                })
        };
        let op = match action {
            Action::Propose {
                node: who,
                value,
                ballot,
                to,
            } => Op::Propose {
                node: node(who)?,
                value: Value(value.clone()),
                ballot: ballot.map(Ballot),
                recipients: to
                    .as_ref()
                    .map(|ids| ids.iter().map(|id| node(id)).collect::<Result<_, _>>())
                    .transpose()?,
            },
            Action::Deliver(m) => Op::Deliver { msg: find(m)? },
            Action::Drop(m) => Op::Drop { msg: find(m)? },
            Action::Duplicate(m) => Op::Duplicate { msg: find(m)? },
            Action::Hold(m) => Op::Hold { msg: find(m)? },
            Action::Release(m) => Op::Release { msg: find(m)? },
            Action::Kill { node: who } => Op::Kill { node: node(who)? },
            Action::Restart { node: who } => Op::Restart { node: node(who)? },
            Action::Set { switch, on } => Op::Set {
                switch: *switch,
                on: *on,
            },
            Action::Step | Action::Run { .. } => Op::Step,
        };
        Ok(op)
    }
}

impl Scenario {
    /// A plain-English description of an op error, for scenario authors, naming nodes by id.
    pub fn describe(&self, e: &OpError) -> String {
        let id = |n: &NodeId| {
            self.nodes
                .get(n.0 as usize)
                .map_or_else(|| format!("#{}", n.0), |s| format!("\"{}\"", s.id))
        };
        match e {
            OpError::UnknownNode { node } => format!("unknown node {}", id(node)),
            OpError::NotAProposer { node } => format!("node {} is not a proposer", id(node)),
            OpError::NotAnAcceptor { node } => format!("node {} is not an acceptor", id(node)),
            OpError::NodeDown { node } => format!("node {} is down", id(node)),
            OpError::NodeUp { node } => format!("node {} is already up", id(node)),
            OpError::NoSuchMessage { msg } => format!("message {msg} is not in flight"),
            OpError::AlreadyHeld { msg } => format!("message {msg} is already held"),
            OpError::NotHeld { msg } => format!("message {msg} is not held"),
            OpError::BallotInUse { ballot, by } => {
                format!("ballot {ballot} was already used by {}", id(by))
            }
            OpError::BallotOutOfRange { ballot } => {
                format!(
                    "ballot {ballot} is out of range 1..={}",
                    crate::sim::MAX_BALLOT
                )
            }
            OpError::BadValue { chars } => format!(
                "a value must have 1 to {} characters, not {chars}",
                crate::sim::MAX_VALUE_CHARS
            ),
            OpError::Propose {
                reason: ProposeError::BallotNotFresh { ballot, max_used },
            } => {
                format!("ballot {ballot} is not above {max_used}, which this proposer already used")
            }
            OpError::Propose {
                reason: ProposeError::NoRecipients,
            } => "a proposal needs at least one recipient".into(),
            OpError::LossOutOfRange { percent } => format!("loss {percent}% is above 100%"),
            OpError::Quiet => "nothing is in flight".into(),
        }
    }
}

impl MatchSpec {
    fn describe(&self) -> String {
        let mut s = format!("{:?}", self.kind);
        if let Some(f) = &self.from {
            s += &format!(" from \"{f}\"");
        }
        if let Some(t) = &self.to {
            s += &format!(" to \"{t}\"");
        }
        if let Some(b) = self.ballot {
            s += &format!(" with ballot {b}");
        }
        s
    }
}

impl Expect {
    /// Checks the expectation against the world; the error says what differs.
    pub fn check(&self, sim: &Simulation) -> Result<(), String> {
        let decided = sim.decided();
        if let Some(chosen) = &self.chosen {
            if !decided.iter().any(|d| d.value.0 == *chosen) {
                let seen: Vec<&str> = decided.iter().map(|d| d.value.0.as_str()).collect();
                return Err(format!(
                    "expected \"{chosen}\" chosen, but decided: {seen:?}"
                ));
            }
        }
        if let Some(want) = self.violation {
            let got = sim.violation.is_some();
            if want != got {
                let what = sim
                    .violation
                    .as_ref()
                    .map(|(v, _)| violation_name(v))
                    .unwrap_or("none");
                return Err(format!("expected violation: {want}, found: {what}"));
            }
        }
        if let Some(n) = self.decisions {
            let values: std::collections::BTreeSet<&str> =
                decided.iter().map(|d| d.value.0.as_str()).collect();
            if values.len() != n {
                return Err(format!(
                    "expected {n} different decided values, found {values:?}"
                ));
            }
        }
        if let Some(n) = self.learned {
            let learners = sim
                .nodes
                .values()
                .filter(|node| node.learner.learned.is_some())
                .count();
            if learners != n {
                return Err(format!(
                    "expected {n} learners to have learned, found {learners}"
                ));
            }
        }
        if let Some(n) = self.messages {
            if sim.sent_count != n {
                return Err(format!(
                    "expected {n} messages sent, found {}",
                    sim.sent_count
                ));
            }
        }
        Ok(())
    }
}

fn violation_name(v: &Violation) -> &'static str {
    match v {
        Violation::Agreement { .. } => "agreement",
        Violation::Validity { .. } => "validity",
        Violation::AcceptedAbovePromise { .. } => "accepted above promise",
        Violation::PromiseDecreased { .. } => "promise decreased",
    }
}

impl Text {
    fn check(&self, path: &str) -> Result<(), ScenarioError> {
        for (lang, s) in [("zh", &self.zh), ("en", &self.en)] {
            if s.chars().count() > 600 {
                return Err(ScenarioError::Invalid {
                    path: format!("{path}.{lang}"),
                    problem: "at most 600 characters".into(),
                });
            }
        }
        Ok(())
    }

    fn check_short(&self, path: &str) -> Result<(), ScenarioError> {
        for (lang, s) in [("zh", &self.zh), ("en", &self.en)] {
            let n = s.chars().count();
            if n == 0 || n > 20 {
                return Err(ScenarioError::Invalid {
                    path: format!("{path}.{lang}"),
                    problem: "1 to 20 characters".into(),
                });
            }
        }
        Ok(())
    }
}
