//! Downloads: the run on the stage, as files.
//!
//! * [`trace`] writes the run's trace as JSON lines, one event per line, in the documented trace
//!   format (docs/trace.md): every message, promise, acceptance and decision up to the instant on
//!   the stage, with the configuration in the first line, so that the file stands alone.
//! * [`scenario`] writes a scenario file (docs/scenarios.md) that replays the run: the guided
//!   tour's steps that the run still follows, as they were written, then one step per operation
//!   the user did, captioned in both languages with the narration of what it did. Loading the
//!   file gives the same run, event for event, because the simulator is deterministic and each
//!   action names exactly the message that was clicked (`msg` where two in flight look alike).
//!
//! The page asks for these from its share dialog. The work is done by a module that the page
//! loads only then (`src/bin/export.rs`, in a web worker), which replays the dialog's link to
//! this moment ([`open`]); the page itself so carries no JSON writer.

use std::rc::Rc;

use serde_json::Value as Json;
use yew::Reducible;

use crate::scenario::{
    inline, Action, Expect, ExpectViolation, MatchSpec, Scenario, Step, Text, Tour,
};
use crate::sim::{EventKind, History, MessageMatch, Op};
use crate::ui::action::Action as UiAction;
use crate::ui::address::{self, iframe, Link, Target, View};
use crate::ui::describe::Names;
use crate::ui::i18n::{Lang, LangChoice};
use crate::ui::narrate::narrate;
use crate::ui::state::State;

/// The most steps a scenario may have (docs/scenarios.md).
const MAX_STEPS: usize = 200;
/// The longest caption, in characters, in each language.
const MAX_CAPTION: usize = 600;

/// The run an address of the page shows: `search` and `hash` are the link's query and
/// fragment, and `fetched` the text of its built-in scenario where the page fetches that file.
/// Fails, in both languages, where the link does not replay in full.
pub fn open(search: &str, hash: &str, fetched: Option<String>) -> Result<Rc<State>, Text> {
    let startup = address::read(search, hash, true);
    let choice = LangChoice {
        lang: Lang::En,
        unknown: None,
    };
    let mut state = Rc::new(State::new(choice, startup));
    if let Some(name) = state.fetching.clone() {
        let text = fetched.ok_or(404);
        state = state.reduce(UiAction::Fetched { name, text });
    }
    if state.problem.is_some() || state.fetching.is_some() {
        return Err(Text::new(
            "这个链接不能完整重放，所以无法导出",
            "this link does not replay in full, so it cannot be exported",
        ));
    }
    Ok(state)
}

/// What holds at the instant shown, as a step's `expect` states it: the value chosen at the
/// acceptors, if one is, and whether the safety checker has found a violation. The tour
/// recorder adds it to the step it is recording.
pub fn expectation(history: &History) -> String {
    let sim = history.current();
    let unsafe_run = history
        .events()
        .iter()
        .any(|e| matches!(e.kind, EventKind::Unsafe { .. }));
    let expect = Expect {
        chosen: sim
            .chosen_proposals()
            .first()
            .map(|p| p.value.as_str().to_owned()),
        violation: Some(ExpectViolation::Any(unsafe_run)),
        ..Expect::default()
    };
    let mut json = serde_json::to_value(&expect).unwrap_or_default();
    drop_nulls(&mut json);
    json.to_string()
}

/// A scenario written by the tour recorder, checked the way the page checks a file, and made
/// into its `#scenario=` link and embed code under the page address `base`: a JSON object
/// `{"link": …, "embed": …}`, or why the scenario does not load.
pub fn publish(text: &str, base: &str, lang: Lang) -> Result<String, Text> {
    let tour = Scenario::load(text).map_err(|e| e.text())?;
    let data = inline::encode(text);
    let link = |embed| {
        Link {
            target: Target::Inline(&data),
            lang,
            embed,
            step: None,
            autoplay: false,
            view: View::DEFAULT,
            run: None,
            projector: false,
        }
        .url(base)
    };
    let title = match lang {
        Lang::Zh => format!("Paxos 实验室: {}", tour.scenario.title.zh),
        Lang::En => format!("Paxos Lab: {}", tour.scenario.title.en),
    };
    let out = serde_json::json!({
        "link": link(false),
        "embed": iframe(&link(true), &title, 800, 450),
        "steps": tour.steps.len(),
    });
    Ok(out.to_string())
}

/// The trace up to the cursor, as JSON lines.
pub fn trace(history: &History) -> String {
    let mut out = String::new();
    for event in history.events() {
        // An event is plain data: writing it as JSON cannot fail.
        out += &serde_json::to_string(event).unwrap_or_default();
        out.push('\n');
    }
    out
}

/// A scenario file whose steps replay the run up to the cursor, or why there cannot be one.
/// `shown` is the tour's step the page shows, on its script (0 off it): a caption-only step
/// there is kept, though it ends where the step before it does.
pub fn scenario(
    tour: &Tour,
    names: &Names,
    history: &History,
    shown: usize,
) -> Result<String, Text> {
    let ops = history.ops();
    let mut scenario = tour.scenario.clone();
    // The tour's own steps, as written, as long as the run follows them whole.
    let (mut kept, mut at) = (0, 0);
    for step in &tour.steps {
        if !ops[at..].starts_with(step) {
            break;
        }
        kept += 1;
        at += step.len();
    }
    // A caption-only step after the run's end would tell of what has not happened; the one
    // shown has happened.
    if at == ops.len() {
        while kept > shown && tour.steps[kept - 1].is_empty() && at > 0 {
            kept -= 1;
        }
    }
    scenario.steps.truncate(kept);
    let mut replay = History::new(history.initial().clone());
    for op in &ops[..at] {
        replay
            .apply(op.clone())
            .map_err(|_| Text::new("重放失败", "the replay failed"))?;
    }
    let mut mine = Vec::new();
    for op in &ops[at..] {
        let action = action_of(op, &replay, tour)?;
        replay
            .apply(op.clone())
            .map_err(|_| Text::new("重放失败", "the replay failed"))?;
        let events = replay.events_of(replay.cursor() - 1);
        mine.push((vec![action], caption(events, names)));
    }
    // Too many steps: runs of "step" (time passing) become one step each.
    if kept + mine.len() > MAX_STEPS {
        mine = merge_steps(mine);
    }
    if kept + mine.len() > MAX_STEPS {
        return Err(Text::new(
            format!(
                "这次运行需要 {} 步（含场景原有的 {kept} 步），而场景最多 {MAX_STEPS} 步；用“此刻的链接”保存它",
                kept + mine.len()
            ),
            format!(
                "this run needs {} steps (the scenario's own {kept} among them), and a scenario has at most {MAX_STEPS}; keep it with the link to this moment",
                kept + mine.len()
            ),
        ));
    }
    scenario
        .steps
        .extend(mine.into_iter().map(|(actions, caption)| Step {
            caption,
            actions,
            expect: None,
            question: None,
        }));
    let mut json = serde_json::to_value(&scenario).unwrap_or_default();
    drop_nulls(&mut json);
    Ok(serde_json::to_string_pretty(&json).unwrap_or_default() + "\n")
}

/// The scenario action that carries out `op` in the world `replay` is at.
fn action_of(op: &Op, replay: &History, tour: &Tour) -> Result<Action, Text> {
    let id = |n: crate::paxos::NodeId| tour.scenario.nodes[n.0 as usize].id.clone();
    let sim = replay.current();
    let message = |msg: &crate::sim::MsgId| -> Result<MatchSpec, Text> {
        let envelope = sim
            .in_flight
            .get(msg)
            .ok_or_else(|| Text::new("消息不在途中", "the message is not in flight"))?;
        let pattern = MessageMatch {
            kind: Some(envelope.message.kind()),
            from: Some(envelope.from),
            to: Some(envelope.to),
            ballot: envelope.message.ballot(),
        };
        // The number only where the pattern alone would pick another message (a copy).
        let exact = sim.find_message(&pattern) == Some(*msg);
        Ok(MatchSpec {
            kind: envelope.message.kind(),
            from: Some(id(envelope.from)),
            to: Some(id(envelope.to)),
            ballot: envelope.message.ballot().map(|b| b.0),
            msg: (!exact).then(|| u32::try_from(msg.0).unwrap_or(u32::MAX)),
        })
    };
    let node = |n: &crate::paxos::NodeId| id(*n);
    Ok(match op {
        Op::Propose {
            node: who,
            value,
            ballot,
            recipients,
        } => Action::Propose {
            node: node(who),
            value: value.as_str().to_owned(),
            ballot: ballot.map(|b| b.0),
            to: recipients.as_ref().map(|r| r.iter().map(node).collect()),
        },
        Op::Step => Action::Step,
        Op::Deliver { msg } => Action::Deliver(message(msg)?),
        Op::Drop { msg } => Action::Drop(message(msg)?),
        Op::Duplicate { msg } => Action::Duplicate(message(msg)?),
        Op::Hold { msg } => Action::Hold(message(msg)?),
        Op::Release { msg } => Action::Release(message(msg)?),
        Op::Kill { node: who } => Action::Kill { node: node(who) },
        Op::Restart { node: who } => Action::Restart { node: node(who) },
        Op::Ask { node: who } => Action::Ask { node: node(who) },
        Op::Submit { node: who, command } => Action::Submit {
            node: node(who),
            command: command.as_str().to_owned(),
        },
        Op::Lead { node: who } => Action::Lead { node: node(who) },
        Op::SetLoss { percent } => Action::SetLoss { percent: *percent },
        Op::Set { switch, on } => Action::Set {
            switch: *switch,
            on: *on,
        },
        Op::SetLearning { learning } => Action::SetLearning(learning_spec(learning, &id)),
        Op::SetLiveness { liveness } => Action::SetLiveness(liveness_spec(liveness, &id)),
    })
}

fn learning_spec(
    learning: &crate::paxos::Learning,
    id: &dyn Fn(crate::paxos::NodeId) -> String,
) -> crate::scenario::LearningSpec {
    use crate::paxos::Learning;
    use crate::scenario::LearningSpec;
    match learning {
        Learning::AllLearners => LearningSpec::All {},
        Learning::Distinguished { learner } => LearningSpec::Distinguished {
            learner: id(*learner),
        },
        Learning::DistinguishedSet { learners } => LearningSpec::Set {
            learners: learners.iter().map(|n| id(*n)).collect(),
        },
    }
}

fn liveness_spec(
    liveness: &crate::paxos::Liveness,
    id: &dyn Fn(crate::paxos::NodeId) -> String,
) -> crate::scenario::LivenessSpec {
    use crate::paxos::Liveness;
    use crate::scenario::LivenessSpec;
    match liveness {
        Liveness::None => LivenessSpec::None {},
        Liveness::Distinguished { proposer } => LivenessSpec::Leader {
            proposer: id(*proposer),
        },
        Liveness::RandomBackoff { max_extra } => LivenessSpec::Backoff {
            max_extra: *max_extra,
        },
    }
}

/// A step's caption: what its events did, in words, in both languages.
fn caption(events: &[crate::sim::Event], names: &Names) -> Text {
    let told = |lang| {
        let lines: Vec<String> = events
            .iter()
            .filter_map(|e| narrate(e, names, lang))
            .collect();
        let text = if lines.is_empty() {
            lang.pick("（什么也没有发生。）", "(Nothing happened.)")
                .to_owned()
        } else {
            // Chinese sentences follow one another without a space.
            lines.join(lang.pick("", " "))
        };
        shorten(text)
    };
    Text::new(told(Lang::Zh), told(Lang::En))
}

/// `text`, cut to the longest caption the format allows.
fn shorten(text: String) -> String {
    if text.chars().count() <= MAX_CAPTION {
        return text;
    }
    let mut cut: String = text.chars().take(MAX_CAPTION - 1).collect();
    cut.push('…');
    cut
}

/// One action per step, except that a run of steps that only let time pass ("step") becomes
/// one step with those actions, its captions joined.
fn merge_steps(steps: Vec<(Vec<Action>, Text)>) -> Vec<(Vec<Action>, Text)> {
    let mut out: Vec<(Vec<Action>, Text)> = Vec::new();
    for (actions, caption) in steps {
        let ticks = |a: &[Action]| a.iter().all(|a| *a == Action::Step);
        match out.last_mut() {
            Some((last, text)) if ticks(last) && ticks(&actions) => {
                last.extend(actions);
                text.zh = shorten(format!("{} {}", text.zh, caption.zh));
                text.en = shorten(format!("{} {}", text.en, caption.en));
            }
            _ => out.push((actions, caption)),
        }
    }
    out
}

/// Leaves out every `null`: a field left out means its default, and the file reads better.
fn drop_nulls(json: &mut Json) {
    match json {
        Json::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Json::Array(list) => list.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}
