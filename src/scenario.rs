//! # Scenarios: the notes' examples as scripts
//!
//! A scenario is a JSON document: the people (nodes) with their names in Chinese and English and
//! their roles, the protocol's switches, and a script of steps, each with a caption in both
//! languages. [`Scenario::compile`] checks it and dry-runs it through the simulator, so that a step
//! that names an unknown node or matches no message is reported with its step number before the
//! user ever sees it. The result, a [`Tour`], is a list of concrete [`Op`]s per step that the
//! page replays with [`crate::sim::History`], which makes "previous step" exact.
//!
//! The format is documented in `docs/scenarios.md`; the built-in scenarios are the files in
//! `static/scenarios/`, which the page fetches when one is opened (see [`builtin`]).

mod builtin;
mod format;
pub mod inline;
mod read;
mod syntax;

pub use builtin::{builtin, is_builtin, BUILTIN, CATALOG, DEFAULT};
pub use format::{
    AcceptedSpec, Action, Expect, ExpectViolation, KnownSpec, LearningSpec, LivenessSpec, LogSpec,
    MatchSpec, MultiSpec, NodeSpec, ReplicaExpect, Rules, Scenario, SlotCommand, Step,
    StepQuestion, Text,
};

use crate::paxos::{
    Ballot, Config, Learning, Liveness, Multi, NodeId, ProposeError, Role, Slot, Switch, Value,
    DEFAULT_ALPHA,
};
use crate::sim::{
    AcceptedRun, InitialLog, Invariant, KnownRun, MessageMatch, NetConfig, Op, OpError, Simulation,
};
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
/// The highest slot a Multi-Paxos scenario's initial log may name.
pub const MAX_SLOT: u32 = 1000;
/// The widest window a Multi-Paxos leader may have.
pub const MAX_WINDOW: u32 = 20;
/// The largest α of a Multi-Paxos run (`rules.multi.alpha`); the smallest is 1.
pub const MAX_ALPHA: u32 = 50;

/// What is wrong with a scenario, naming the place, in Chinese and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ScenarioError {
    /// Larger than [`MAX_BYTES`].
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// Not valid JSON, or not the format.
    Syntax {
        /// The line, from 1.
        line: usize,
        /// The column, in characters from 1: the last character the JSON reader read.
        column: usize,
        /// The field the reader had reached, e.g. `steps[2].do[0].propose`; empty at the top.
        path: String,
        /// What is wrong.
        detail: Text,
    },
    /// A value out of range or inconsistent, at `path`.
    Invalid {
        /// Where, e.g. `nodes[2].name.zh` or `steps[4]`.
        path: String,
        /// What is wrong.
        problem: Text,
    },
    /// Step `step` (counted from 1) could not be carried out.
    Step {
        /// The step, from 1.
        step: usize,
        /// Why.
        problem: Text,
    },
    /// The expectation of step `step` did not hold.
    Expectation {
        /// The step, from 1.
        step: usize,
        /// What was expected and what happened.
        problem: Text,
    },
}

impl ScenarioError {
    /// The whole message, in both languages, without a final full stop.
    pub fn text(&self) -> Text {
        match self {
            ScenarioError::TooLarge { bytes } => Text::new(
                format!("场景有 {bytes} 字节，上限是 {MAX_BYTES} 字节"),
                format!("the scenario is {bytes} bytes; the limit is {MAX_BYTES} bytes"),
            ),
            ScenarioError::Syntax {
                line,
                column,
                path,
                detail,
            } if path.is_empty() => Text::new(
                format!("第 {line} 行第 {column} 列：{}", detail.zh),
                format!("line {line}, column {column}: {}", detail.en),
            ),
            ScenarioError::Syntax {
                line,
                column,
                path,
                detail,
            } => Text::new(
                format!("第 {line} 行第 {column} 列（`{path}`）：{}", detail.zh),
                format!("line {line}, column {column}, at `{path}`: {}", detail.en),
            ),
            ScenarioError::Invalid { path, problem } => Text::new(
                format!("{path}：{}", problem.zh),
                format!("{path}: {}", problem.en),
            ),
            ScenarioError::Step { step, problem } => Text::new(
                format!("第 {step} 步：{}", problem.zh),
                format!("step {step}: {}", problem.en),
            ),
            ScenarioError::Expectation { step, problem } => Text::new(
                format!("第 {step} 步：预期不成立：{}", problem.zh),
                format!("step {step}: expectation failed: {}", problem.en),
            ),
        }
    }
}

/// The English message, for tests and logs; [`ScenarioError::text`] has both languages.
impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
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
    /// For each step, the op its question asks about (an index into its ops), if it has one.
    pub questions: Vec<Option<usize>>,
}

impl Tour {
    /// The number of ops after step `k` (steps counted from 1; 0 is the start).
    pub fn ops_after(&self, k: usize) -> usize {
        self.steps.iter().take(k).map(Vec::len).sum()
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
        read::scenario(text).map_err(|e| syntax::error(&e, text))
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
                problem: Text::new(
                    format!("未知节点 \"{id}\""),
                    format!("unknown node \"{id}\""),
                ),
            })
    }

    /// The node `id`, which must hold `role`.
    fn node_with(
        &self,
        id: &str,
        role: Role,
        path: impl Fn() -> String,
    ) -> Result<NodeId, ScenarioError> {
        let node = self.node(id, &path)?;
        if self.nodes[node.0 as usize].roles.contains(&role) {
            return Ok(node);
        }
        let (zh, en, name) = match role {
            Role::Proposer => ("提议者", "a proposer", "proposer"),
            Role::Acceptor => ("接受者", "an acceptor", "acceptor"),
            Role::Learner => ("学习者", "a learner", "learner"),
        };
        Err(ScenarioError::Invalid {
            path: path(),
            problem: Text::new(
                format!("节点 \"{id}\" 不是{zh}（要在它的 roles 里加上 \"{name}\"）"),
                format!("node \"{id}\" is not {en} (add \"{name}\" to its roles)"),
            ),
        })
    }

    fn nodes_with(&self, role: Role) -> Vec<NodeId> {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.roles.contains(&role))
            .map(|(i, _)| NodeId(i as u32))
            .collect()
    }

    /// Checks every field, builds the world, and dry-runs every step.
    pub fn compile(self) -> Result<Tour, ScenarioError> {
        let invalid = |path: &str, zh: String, en: String| ScenarioError::Invalid {
            path: path.to_owned(),
            problem: Text::new(zh, en),
        };
        let count = self.nodes.len();
        if count == 0 || count > MAX_NODES {
            return Err(invalid(
                "nodes",
                format!("需要 1 到 {MAX_NODES} 个节点，现在是 {count} 个"),
                format!("between 1 and {MAX_NODES} nodes, not {count}"),
            ));
        }
        let count = self.steps.len();
        if count > MAX_STEPS {
            return Err(invalid(
                "steps",
                format!("最多 {MAX_STEPS} 步，现在是 {count} 步"),
                format!("at most {MAX_STEPS} steps, not {count}"),
            ));
        }
        self.title.check("title")?;
        for (i, n) in self.nodes.iter().enumerate() {
            if n.id.is_empty() || n.id.chars().count() > 24 {
                return Err(invalid(
                    &format!("nodes[{i}].id"),
                    "要有 1 到 24 个字符".into(),
                    "1 to 24 characters".into(),
                ));
            }
            if self.nodes[..i].iter().any(|m| m.id == n.id) {
                return Err(invalid(
                    &format!("nodes[{i}].id"),
                    format!("\"{}\" 用了两次", n.id),
                    format!("\"{}\" is used twice", n.id),
                ));
            }
            n.name.check_short(&format!("nodes[{i}].name"))?;
            if n.roles.is_empty() {
                return Err(invalid(
                    &format!("nodes[{i}].roles"),
                    "至少要有一个角色".into(),
                    "at least one role".into(),
                ));
            }
        }
        let r = &self.rules;
        let limits = [
            ("rules.latency", r.latency, 1, 100),
            ("rules.jitter", r.jitter, 0, 100),
            ("rules.timeout", r.timeout, 1, 10_000),
        ];
        for (path, value, low, high) in limits {
            if !(low..=high).contains(&value) {
                return Err(invalid(
                    path,
                    format!("要在 {low} 到 {high} 个时间单位之间"),
                    format!("between {low} and {high} ticks"),
                ));
            }
        }
        if r.loss > 100 {
            return Err(invalid(
                "rules.loss",
                "是百分比，要在 0 到 100 之间".into(),
                "a percentage, 0 to 100".into(),
            ));
        }
        let acceptors = self.nodes_with(Role::Acceptor);
        if acceptors.is_empty() {
            return Err(invalid(
                "nodes",
                "至少要有一个节点是接受者".into(),
                "at least one node must be an acceptor".into(),
            ));
        }
        let learning = self.learning(&r.learning, "rules.learning")?;
        let liveness = self.liveness(&r.liveness, "rules.liveness")?;
        let mut config = Config {
            proposers: self.nodes_with(Role::Proposer),
            acceptors,
            learners: self.nodes_with(Role::Learner),
            learning,
            timeout: r.timeout,
            liveness,
            ..Config::default()
        };
        let switches = [
            (Switch::Nacks, r.nacks),
            (Switch::Retry, r.retry),
            (Switch::AcceptToAll, r.accept_to_all),
            (Switch::AcceptEqual, r.accept_equal),
        ];
        let variants = r.variants.iter().map(|&v| (Switch::Variant(v), true));
        for (switch, on) in switches.into_iter().chain(variants) {
            config.set(switch, on);
        }
        if let Some(m) = &r.multi {
            if !(1..=MAX_WINDOW).contains(&m.window) {
                return Err(invalid(
                    "rules.multi.window",
                    format!("要在 1 到 {MAX_WINDOW} 之间"),
                    format!("between 1 and {MAX_WINDOW}"),
                ));
            }
            let alpha = m.alpha.unwrap_or(DEFAULT_ALPHA);
            if !(1..=MAX_ALPHA).contains(&alpha) {
                return Err(invalid(
                    "rules.multi.alpha",
                    format!("要在 1 到 {MAX_ALPHA} 之间"),
                    format!("between 1 and {MAX_ALPHA}"),
                ));
            }
            let replicas = match &m.replicas {
                None => (0..self.nodes.len() as u32).map(NodeId).collect(),
                Some(ids) => ids
                    .iter()
                    .enumerate()
                    .map(|(i, id)| self.node(id, || format!("rules.multi.replicas[{i}]")))
                    .collect::<Result<_, _>>()?,
            };
            config.multi = Some(Multi {
                replicas,
                window: m.window,
                machine: m.machine,
                alpha,
                names: self.nodes.iter().map(|n| n.id.clone()).collect(),
            });
        }
        let net = NetConfig {
            latency: r.latency,
            jitter: r.jitter,
            loss_percent: r.loss,
            seed: r.seed,
        };
        let mut initial = Simulation::new(config, net);
        if let Some(log) = &self.log {
            self.start_mid_log(log, &mut initial)?;
        }
        let mut sim = initial.clone();
        let mut events = Vec::new();
        let mut steps = Vec::with_capacity(self.steps.len());
        let mut questions = Vec::with_capacity(self.steps.len());
        for (i, step) in self.steps.iter().enumerate() {
            let n = i + 1;
            step.caption.check(&format!("steps[{i}].caption"))?;
            let asked = match &step.question {
                Some(q) => Some(self.asked_action(q, step, i)?),
                None => None,
            };
            let mut question = None;
            let mut ops = Vec::new();
            for (j, action) in step.actions.iter().enumerate() {
                if let Action::Run { max_steps } = action {
                    // The reader takes at most MAX_RUN steps ([`read`]).
                    for _ in 0..max_steps.unwrap_or(500) {
                        if sim.apply(&Op::Step, &mut events).is_err() {
                            break;
                        }
                        ops.push(Op::Step);
                    }
                    continue;
                }
                let path = || format!("steps[{i}].do[{j}]");
                let op = self.resolve(action, &sim, &path, n)?;
                if asked == Some(j) {
                    // A step's question is about what the simulator will do: there must be one.
                    if crate::quiz::question(&sim, &op).is_none() {
                        // An action that does not apply at all says so first.
                        sim.clone().apply(&op, &mut Vec::new()).map_err(|e| {
                            ScenarioError::Step {
                                step: n,
                                problem: self.describe(&e),
                            }
                        })?;
                        return Err(ScenarioError::Invalid {
                            path: format!("steps[{i}].question.action"),
                            problem: Text::new(
                                "这个动作没有可问的问题：它要投递一条消息，并由收到的节点按规则作出决定，或让一个节点成为领导者",
                                "this action gives no question to ask: it must deliver a message that its receiver decides on by a rule, or make a node lead",
                            ),
                        });
                    }
                    question = Some(ops.len());
                }
                sim.apply(&op, &mut events)
                    .map_err(|e| ScenarioError::Step {
                        step: n,
                        problem: self.describe(&e),
                    })?;
                ops.push(op);
            }
            events.clear();
            if let Some(expect) = &step.expect {
                let path = || format!("steps[{i}].expect");
                let replicas = expect
                    .replicas
                    .iter()
                    .flatten()
                    .enumerate()
                    .map(|(j, r)| self.node(&r.node, || format!("{}.replicas[{j}]", path())))
                    .collect::<Result<Vec<_>, _>>()?;
                expect
                    .check(&sim, &replicas)
                    .map_err(|problem| ScenarioError::Expectation { step: n, problem })?;
            }
            steps.push(ops);
            questions.push(question);
        }
        Ok(Tour {
            scenario: self,
            initial,
            steps,
            questions,
        })
    }

    /// The index of the action a step's question asks about: a `deliver`, a `step`, or a
    /// Multi-Paxos `lead`.
    fn asked_action(
        &self,
        question: &StepQuestion,
        step: &Step,
        i: usize,
    ) -> Result<usize, ScenarioError> {
        if let Some(prompt) = &question.prompt {
            prompt.check(&format!("steps[{i}].question.prompt"))?;
        }
        let k = question.action.unwrap_or(1) as usize;
        match step.actions.get(k.wrapping_sub(1)) {
            Some(Action::Deliver(_) | Action::Step | Action::Lead { .. }) => Ok(k - 1),
            _ => Err(ScenarioError::Invalid {
                path: format!("steps[{i}].question.action"),
                problem: Text::new(
                    format!("第 {k} 个动作不存在，或不是 deliver、step 或 lead"),
                    format!("action {k} is not there, or is not a deliver, a step or a lead"),
                ),
            }),
        }
    }

    /// Puts the initial log into the world: the acceptors' proposals, then what each node knows.
    fn start_mid_log(&self, log: &LogSpec, sim: &mut Simulation) -> Result<(), ScenarioError> {
        let invalid = |path: String, zh: String, en: String| ScenarioError::Invalid {
            path,
            problem: Text::new(zh, en),
        };
        if sim.config.multi.is_none() {
            return Err(invalid(
                "log".into(),
                "初始日志只用于 Multi-Paxos：要在 rules 里加上 \"multi\"".into(),
                "an initial log is for Multi-Paxos only: add \"multi\" to the rules".into(),
            ));
        }
        let slots = |path: &str, from: u32, to: Option<u32>| {
            let to = to.unwrap_or(from);
            if from < 1 || to < from || to > MAX_SLOT {
                return Err(invalid(
                    path.to_owned(),
                    format!("槽位要满足 1 ≤ from ≤ to ≤ {MAX_SLOT}，现在是 {from} 到 {to}"),
                    format!("slots need 1 ≤ from ≤ to ≤ {MAX_SLOT}, not {from} to {to}"),
                ));
            }
            Ok(from..=to)
        };
        let machine = crate::paxos::Machine::new(sim.config.multi.as_ref().expect("multi").machine);
        let mut initial = InitialLog::default();
        for (i, a) in log.accepted.iter().enumerate() {
            let path = format!("log.accepted[{i}]");
            let range = slots(&path, a.from, a.to)?;
            if !(1..=crate::sim::MAX_BALLOT).contains(&a.ballot) {
                return Err(invalid(
                    format!("{path}.ballot"),
                    format!("编号要在 1 到 {} 之间", crate::sim::MAX_BALLOT),
                    format!("a ballot from 1 to {}", crate::sim::MAX_BALLOT),
                ));
            }
            let value = Value::from(a.command.as_str());
            if !value.is_noop() && !crate::paxos::StateMachine::understands(&machine, &a.command) {
                return Err(invalid(
                    format!("{path}.command"),
                    format!("状态机不认识命令 {}", a.command),
                    format!(
                        "the state machine does not understand the command {}",
                        a.command
                    ),
                ));
            }
            let by =
                a.by.iter()
                    .enumerate()
                    .map(|(j, id)| self.node_with(id, Role::Acceptor, || format!("{path}.by[{j}]")))
                    .collect::<Result<Vec<_>, _>>()?;
            initial.accepted.push(AcceptedRun {
                from: Slot(*range.start()),
                to: Slot(*range.end()),
                ballot: Ballot(a.ballot),
                command: value,
                by,
            });
        }
        for (i, k) in log.known.iter().enumerate() {
            let path = format!("log.known[{i}]");
            let range = slots(&path, k.from, k.to)?;
            let nodes = k
                .nodes
                .iter()
                .enumerate()
                .map(|(j, id)| self.node(id, || format!("{path}.nodes[{j}]")))
                .collect::<Result<Vec<_>, _>>()?;
            initial.known.push(KnownRun {
                from: Slot(*range.start()),
                to: Slot(*range.end()),
                nodes,
            });
        }
        sim.start_mid_log(&initial).map_err(|(i, slot)| {
            invalid(
                format!("log.known[{i}]"),
                format!("槽位 {slot} 没有被选定：log.accepted 里没有多数派接受同一个提案"),
                format!(
                    "slot {slot} is not chosen: no majority in log.accepted accepted one proposal"
                ),
            )
        })
    }

    /// The learning strategy `spec` names, its learners checked (`path` places an error).
    fn learning(&self, spec: &LearningSpec, path: &str) -> Result<Learning, ScenarioError> {
        Ok(match spec {
            LearningSpec::All {} => Learning::AllLearners,
            LearningSpec::Distinguished { learner } => Learning::Distinguished {
                learner: self.node_with(learner, Role::Learner, || format!("{path}.learner"))?,
            },
            LearningSpec::Set { learners } => Learning::DistinguishedSet {
                learners: learners
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        self.node_with(l, Role::Learner, || format!("{path}.learners[{i}]"))
                    })
                    .collect::<Result<_, _>>()?,
            },
        })
    }

    /// The liveness rule `spec` names, checked (`path` places an error).
    fn liveness(&self, spec: &LivenessSpec, path: &str) -> Result<Liveness, ScenarioError> {
        Ok(match spec {
            LivenessSpec::None {} => Liveness::None,
            LivenessSpec::Leader { proposer } => Liveness::Distinguished {
                proposer: self
                    .node_with(proposer, Role::Proposer, || format!("{path}.proposer"))?,
            },
            LivenessSpec::Backoff { max_extra } => {
                if *max_extra > 1000 {
                    return Err(ScenarioError::Invalid {
                        path: format!("{path}.max-extra"),
                        problem: Text::new("最多 1000 个时间单位", "at most 1000 ticks"),
                    });
                }
                Liveness::RandomBackoff {
                    max_extra: *max_extra,
                }
            }
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
            let found = match m.msg {
                // A number names one message; the rest of the pattern must still fit it.
                Some(id) => sim
                    .in_flight
                    .get(&crate::sim::MsgId(u64::from(id)))
                    .filter(|e| pattern.matches(e))
                    .map(|e| e.id),
                None => sim.find_message(&pattern),
            };
            found.ok_or_else(|| {
                let pattern = m.describe();
                ScenarioError::Step {
                    step,
                    problem: Text::new(
                        format!("没有在途消息符合 {}", pattern.zh),
                        format!("no message in flight matches {}", pattern.en),
                    ),
                }
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
                value: Value::from(value.as_str()),
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
            Action::Ask { node: who } => Op::Ask { node: node(who)? },
            Action::Submit { node: who, command } => Op::Submit {
                node: node(who)?,
                command: Value::from(command.as_str()),
            },
            Action::Lead { node: who } => Op::Lead { node: node(who)? },
            Action::Set { switch, on } => Op::Set {
                switch: *switch,
                on: *on,
            },
            Action::Step | Action::Run { .. } => Op::Step,
            Action::SetLoss { percent } if *percent > 100 => {
                return Err(ScenarioError::Invalid {
                    path: format!("{}.set-loss.percent", path()),
                    problem: Text::new("是百分比，要在 0 到 100 之间", "a percentage, 0 to 100"),
                })
            }
            Action::SetLoss { percent } => Op::SetLoss { percent: *percent },
            Action::SetLearning(spec) => Op::SetLearning {
                learning: self.learning(spec, &format!("{}.set-learning", path()))?,
            },
            Action::SetLiveness(spec) => Op::SetLiveness {
                liveness: self.liveness(spec, &format!("{}.set-liveness", path()))?,
            },
        };
        Ok(op)
    }
}

impl Scenario {
    /// An op error in both languages, for scenario authors, naming nodes by id.
    pub fn describe(&self, e: &OpError) -> Text {
        op_error_text(e, &|n: NodeId| {
            let id = self
                .nodes
                .get(n.0 as usize)
                .map_or_else(|| format!("#{}", n.0), |s| format!("\"{}\"", s.id));
            (format!("节点 {id}"), format!("node {id}"))
        })
    }
}

/// Why the simulator refused an op, in both languages, without closing punctuation. `name`
/// gives a node's name in Chinese and in English: the page uses display names, a scenario's
/// error names the node's id.
pub fn op_error_text(e: &OpError, name: &dyn Fn(NodeId) -> (String, String)) -> Text {
    let both = |zh: String, en: String| Text::new(zh, en);
    let named = |n: NodeId, zh: &dyn Fn(&str) -> String, en: &dyn Fn(&str) -> String| {
        let (z, e) = name(n);
        both(zh(&z), en(&e))
    };
    let (max_ballot, max_chars) = (crate::sim::MAX_BALLOT, crate::sim::MAX_VALUE_CHARS);
    match e {
        OpError::UnknownNode { node } => named(*node, &|n| format!("{n} 不存在"), &|n| {
            format!("{n} does not exist")
        }),
        OpError::NotAProposer { node } => named(*node, &|n| format!("{n} 不是提议者"), &|n| {
            format!("{n} is not a proposer")
        }),
        OpError::NotAnAcceptor { node } => {
            named(*node, &|n| format!("{n} 不是接受者"), &|n| {
                format!("{n} is not an acceptor")
            })
        }
        OpError::NotALearner { node } => named(*node, &|n| format!("{n} 不是学习者"), &|n| {
            format!("{n} is not a learner")
        }),
        OpError::NodeDown { node } => named(
            *node,
            &|n| format!("{n} 已宕机，请先重启它"),
            &|n| format!("{n} is down; restart it first"),
        ),
        OpError::NodeUp { node } => named(
            *node,
            &|n| format!("{n} 正在运行，不需要重启"),
            &|n| format!("{n} is running; there is nothing to restart"),
        ),
        OpError::NoSuchMessage { msg } => both(
            format!("消息 {msg} 已经不在路上了"),
            format!("message {msg} is no longer in flight"),
        ),
        OpError::AlreadyHeld { msg } => both(
            format!("消息 {msg} 已经被扣住了"),
            format!("message {msg} is already held"),
        ),
        OpError::NotHeld { msg } => both(
            format!("消息 {msg} 没有被扣住"),
            format!("message {msg} is not held"),
        ),
        OpError::BallotInUse { ballot, by } => named(
            *by,
            &|n| format!("编号 {ballot} 已被{n}用过：提案编号必须唯一"),
            &|n| {
                format!("ballot {ballot} was already used by {n}: proposal numbers must be unique")
            },
        ),
        OpError::BallotOutOfRange { ballot } => both(
            format!("编号 {ballot} 超出范围（1 到 {max_ballot}）"),
            format!("ballot {ballot} is out of range (1 to {max_ballot})"),
        ),
        // Within the length, so it was blank: spaces alone.
        OpError::BadValue { chars } if (1..=max_chars).contains(chars) => {
            both("值不能是空白".into(), "a value cannot be blank".into())
        }
        OpError::BadValue { chars } => both(
            format!("值要有 1 到 {max_chars} 个字符，现在是 {chars} 个"),
            format!("a value needs 1 to {max_chars} characters, not {chars}"),
        ),
        OpError::Propose {
            reason: ProposeError::BallotNotFresh { ballot, max_used },
        } => both(
            format!("编号 {ballot} 不够新：这个提议者已经用过 {max_used}，新提案的编号必须更大"),
            format!(
                "ballot {ballot} is not fresh: this proposer already used {max_used}, \
                 and a new proposal needs a higher number"
            ),
        ),
        OpError::Propose {
            reason: ProposeError::NoBallotLeft,
        } => both(
            format!("这个提议者在 1 到 {max_ballot} 之间已经没有可用的编号了"),
            format!("this proposer has no unused number left from 1 to {max_ballot}"),
        ),
        OpError::Propose {
            reason: ProposeError::NoRecipients,
        } => both(
            "提案至少要发给一个接受者".into(),
            "a proposal needs at least one acceptor".into(),
        ),
        OpError::LossOutOfRange { percent } => both(
            format!("丢包率 {percent}% 超过 100%"),
            format!("a loss rate of {percent}% is above 100%"),
        ),
        OpError::Quiet => both(
            "没有在途的消息或计时器，没有下一步可走".into(),
            "nothing is in flight and no timer is set: there is no next event".into(),
        ),
        OpError::WrongKindOfRun => both(
            "提交命令和选领导者只用于 Multi-Paxos，提议和询问接受者只用于单值 Paxos".into(),
            "submit and lead are for Multi-Paxos, propose and ask for single-decree Paxos".into(),
        ),
        OpError::BadCommand { command } => both(
            format!("状态机不认识命令 {command}"),
            format!("the state machine does not understand the command {command}"),
        ),
    }
}

impl MatchSpec {
    fn describe(&self) -> Text {
        let mut text = Text::new(self.kind.name(), self.kind.name());
        if let Some(f) = &self.from {
            text.zh += &format!("，发送者 \"{f}\"");
            text.en += &format!(" from \"{f}\"");
        }
        if let Some(t) = &self.to {
            text.zh += &format!("，接收者 \"{t}\"");
            text.en += &format!(" to \"{t}\"");
        }
        if let Some(b) = self.ballot {
            text.zh += &format!("，编号 {b}");
            text.en += &format!(" with ballot {b}");
        }
        if let Some(m) = self.msg {
            text.zh += &format!("，消息号 {m}");
            text.en += &format!(", message number {m}");
        }
        text
    }
}

impl Expect {
    /// Checks the expectation against the world; the error says what differs, in both languages.
    /// `replicas` are the nodes that `self.replicas` names, in order.
    pub fn check(&self, sim: &Simulation, replicas: &[NodeId]) -> Result<(), Text> {
        self.check_log(sim, replicas)?;
        let decided = sim.decided();
        let learned: Vec<&str> = decided.iter().map(|d| d.proposal.value.as_str()).collect();
        if let Some(want) = &self.chosen {
            let chosen: Vec<&str> = sim
                .chosen_proposals()
                .iter()
                .map(|p| p.value.as_str())
                .collect();
            if !chosen.contains(&want.as_str()) {
                let chosen = quoted_all(&chosen, '[', ']');
                return Err(Text::new(
                    format!("预期 \"{want}\" 在接受者那里被选定，实际被选定的是：{chosen}"),
                    format!("expected \"{want}\" chosen at the acceptors, but chosen: {chosen}"),
                ));
            }
        }
        if let Some(want) = &self.learned_value {
            if !learned.contains(&want.as_str()) {
                let learned = quoted_all(&learned, '[', ']');
                return Err(Text::new(
                    format!("预期有节点学到 \"{want}\"，实际学到的是：{learned}"),
                    format!("expected some node to learn \"{want}\", but learned: {learned}"),
                ));
            }
        }
        if let Some(want) = self.violation {
            let found: Vec<Invariant> = sim.violations.iter().map(|(v, _)| v.invariant()).collect();
            let holds = match want {
                ExpectViolation::Any(any) => any != found.is_empty(),
                ExpectViolation::Of(invariant) => found.contains(&invariant),
            };
            if !holds {
                let names = |lang: fn(Invariant) -> &'static str| {
                    let names: Vec<&str> = found.iter().map(|&i| lang(i)).collect();
                    if names.is_empty() {
                        None
                    } else {
                        Some(names.join(", "))
                    }
                };
                let (zh, en) = (
                    names(|i| invariant_name(i).0).unwrap_or_else(|| "无".into()),
                    names(|i| invariant_name(i).1).unwrap_or_else(|| "none".into()),
                );
                let (want_zh, want_en) = match want {
                    ExpectViolation::Any(true) => {
                        ("有安全违规".to_owned(), "a violation".to_owned())
                    }
                    ExpectViolation::Any(false) => {
                        ("没有安全违规".to_owned(), "no violation".to_owned())
                    }
                    ExpectViolation::Of(i) => (
                        invariant_name(i).0.to_owned(),
                        invariant_name(i).1.to_owned(),
                    ),
                };
                return Err(Text::new(
                    format!("预期{want_zh}，实际：{zh}"),
                    format!("expected {want_en}, found: {en}"),
                ));
            }
        }
        if let Some(n) = self.decisions {
            // In order, each once, shown as a set.
            let mut values: Vec<&str> = Vec::new();
            for &v in &learned {
                if let Err(at) = values.binary_search(&v) {
                    values.insert(at, v);
                }
            }
            if values.len() != n {
                let values = quoted_all(&values, '{', '}');
                return Err(Text::new(
                    format!("预期学到 {n} 个不同的值，实际是 {values}"),
                    format!("expected {n} different learned values, found {values}"),
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
                return Err(Text::new(
                    format!("预期 {n} 个学习者学到了值，实际是 {learners} 个"),
                    format!("expected {n} learners to have learned, found {learners}"),
                ));
            }
        }
        if let Some(n) = self.messages {
            let sent = sim.sent_count;
            if sent != n {
                return Err(Text::new(
                    format!("预期共发出 {n} 条消息，实际是 {sent} 条"),
                    format!("expected {n} messages sent, found {sent}"),
                ));
            }
        }
        Ok(())
    }
}

impl Expect {
    /// The Multi-Paxos expectations: a command chosen in a slot, and what replicas executed.
    fn check_log(&self, sim: &Simulation, replicas: &[NodeId]) -> Result<(), Text> {
        if let Some(want) = &self.chosen_in {
            let found = sim
                .chosen_proposals()
                .iter()
                .find(|p| p.slot == Slot(want.slot))
                .map(|p| p.value.as_str());
            if found != Some(want.command.as_str()) {
                let (zh, en) = match found {
                    Some(v) => (format!("选定的是 \"{v}\""), format!("\"{v}\" is chosen")),
                    None => ("还没有选定任何命令".into(), "nothing is chosen yet".into()),
                };
                let (slot, command) = (want.slot, &want.command);
                return Err(Text::new(
                    format!("预期槽位 {slot} 选定 \"{command}\"，实际{zh}"),
                    format!("expected \"{command}\" chosen in slot {slot}, but {en}"),
                ));
            }
        }
        for (want, &node) in self.replicas.iter().flatten().zip(replicas) {
            let replica = sim.nodes.get(&node).map(|n| &n.replica);
            let executed = replica.map_or(0, |r| r.next.0.saturating_sub(1));
            let state = replica
                .and_then(|r| r.machine.as_ref())
                .map(crate::paxos::StateMachine::state);
            let id = &want.node;
            if executed != want.executed {
                return Err(Text::new(
                    format!("预期副本 \"{id}\" 执行到槽位 {}，实际是 {executed}", want.executed),
                    format!(
                        "expected replica \"{id}\" to have executed up to slot {}, found {executed}",
                        want.executed
                    ),
                ));
            }
            if let Some(w) = &want.state {
                if state.as_deref() != Some(w.as_str()) {
                    let found = state.unwrap_or_else(|| "-".into());
                    return Err(Text::new(
                        format!("预期副本 \"{id}\" 的状态是 \"{w}\"，实际是 \"{found}\""),
                        format!("expected replica \"{id}\" in state \"{w}\", found \"{found}\""),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// An invariant's name, in Chinese and in English, as scenario errors and the page say it.
pub fn invariant_name(invariant: Invariant) -> (&'static str, &'static str) {
    match invariant {
        Invariant::TwoValuesChosen => ("选定了两个不同的值", "two values chosen"),
        Invariant::DecisionNotChosen => ("学到的值并未被选定", "a decision that is not chosen"),
        Invariant::Validity => ("选定了没人提议过的值", "a chosen value nobody proposed"),
        Invariant::NoopOverChosen => ("空操作覆盖了已选定的命令", "a no-op over a chosen command"),
        Invariant::LogsDiverge => ("副本执行的日志不一致", "replicas' logs diverge"),
        Invariant::AcceptedBelowPromise => ("接受了低于承诺的提案", "accepted below its promise"),
        Invariant::PromiseDecreased => ("承诺变小了", "a promise decreased"),
        Invariant::LostDurableState => ("重启后丢失了持久状态", "durable state lost in a restart"),
        Invariant::ReusedBallot => ("同一个提案编号用了两次", "a proposal number used twice"),
    }
}

impl Text {
    fn check(&self, path: &str) -> Result<(), ScenarioError> {
        for (lang, s) in [("zh", &self.zh), ("en", &self.en)] {
            if s.chars().count() > 600 {
                return Err(ScenarioError::Invalid {
                    path: format!("{path}.{lang}"),
                    problem: Text::new("最多 600 个字符", "at most 600 characters"),
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
                    problem: Text::new("要有 1 到 20 个字符", "1 to 20 characters"),
                });
            }
        }
        Ok(())
    }
}

/// Sorted, distinct names, shown as a set is: `{"a", "b"}`.
/// `text` in double quotes, as Rust's `{:?}` writes a string: quotes, backslashes and control
/// characters escaped, everything else as it is. Written here, because the standard `{:?}`
/// brings tables of printable characters into the page.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `items`, each quoted, between `open` and `close`: `["a", "b"]`, or `{"a", "b"}` for a set.
fn quoted_all(items: &[&str], open: char, close: char) -> String {
    let inner: Vec<String> = items.iter().map(|i| quoted(i)).collect();
    format!("{open}{}{close}", inner.join(", "))
}
