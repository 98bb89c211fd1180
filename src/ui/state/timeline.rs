//! The timeline's marks: where in the recorded run the things worth finding happened
//! (proposals, crashes and restarts, the user's interventions, a value chosen, a node deciding,
//! a violation, and the tour's steps), each with its words for a tooltip.
//!
//! They are made from the whole recording, including the ops after the cursor, once per
//! recording: a run that grows (playing at its end) only adds the marks of its new ops, and a
//! fork, an undo or a redo of one, or another language, makes them again.

use std::rc::Rc;

use crate::sim::{EventKind, History, Op};
use crate::ui::describe::Names;
use crate::ui::i18n::Lang;
use crate::ui::narrate::narrate;

use super::{Loaded, State};

/// At most this many sentences in one mark's tooltip.
const TEXTS_PER_MARK: usize = 3;

/// What a mark on the timeline marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkKind {
    /// The end of a tour step.
    Step,
    /// A proposal began.
    Proposal,
    /// A node crashed.
    Crash,
    /// A node restarted.
    Restart,
    /// The user acted on a message or changed a rule: drop, duplicate, hold, release,
    /// deliver now, loss, a switch, a learner asking.
    Intervention,
    /// A value became chosen.
    Chosen,
    /// A node learned the chosen value.
    Decided,
    /// The safety checker found a violation.
    Violation,
}

/// One mark on the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// The instant: the number of ops after which it happened.
    pub at: usize,
    /// What happened.
    pub kind: MarkKind,
    /// What happened, in words (a few sentences, one a line).
    pub text: String,
}

/// The marks of a recording, and which recording they are of.
#[derive(Clone, Debug, Default)]
pub(super) struct Marks {
    /// The recording's [`History::lineage`], length, and the language of the words.
    of: Option<(u64, usize, Lang)>,
    list: Rc<Vec<Mark>>,
}

impl State {
    /// The timeline's marks for the recorded run, oldest first.
    pub fn marks(&self) -> Rc<Vec<Mark>> {
        let history = &*self.history();
        let run = self.run.borrow();
        let mut marks = run.marks.borrow_mut();
        let (lineage, len) = (history.lineage(), history.len());
        match marks.of {
            Some(of) if of == (lineage, len, self.lang) => {}
            // The same recording, grown: only the new ops' marks.
            Some((l, from, lang)) if l == lineage && lang == self.lang && from < len => {
                let new = marks_of(history, from, &self.loaded.names, self.lang);
                if !new.is_empty() {
                    let mut list = (*marks.list).clone();
                    list.extend(new);
                    marks.list = Rc::new(list);
                }
            }
            _ => {
                let steps = steps_of(history, &self.loaded, self.lang);
                let events = marks_of(history, 0, &self.loaded.names, self.lang);
                marks.list = Rc::new(in_order(steps, events));
            }
        }
        marks.of = Some((lineage, len, self.lang));
        Rc::clone(&marks.list)
    }
}

/// The marks of the recorded ops from op `from` on, merged where they coincide.
fn marks_of(history: &History, from: usize, names: &Names, lang: Lang) -> Vec<Mark> {
    let mut list = Vec::new();
    for (i, op) in history.recorded_ops().iter().enumerate().skip(from) {
        let events = history.events_of(i);
        let mut push = |kind, text: Option<String>| {
            if let Some(text) = text {
                list.push(Mark {
                    at: i + 1,
                    kind,
                    text,
                });
            }
        };
        if matches!(op, Op::Deliver { .. }) {
            // Delivering now is the user's doing, though its events are those of a delivery.
            let text = events.iter().find_map(|e| narrate(e, names, lang));
            push(MarkKind::Intervention, text);
        }
        for e in events {
            let kind = match &e.kind {
                EventKind::Proposed { .. } => MarkKind::Proposal,
                EventKind::Killed { .. } => MarkKind::Crash,
                EventKind::Restarted { .. } => MarkKind::Restart,
                EventKind::Dropped { .. }
                | EventKind::Duplicated { .. }
                | EventKind::Held { .. }
                | EventKind::Released { .. }
                | EventKind::Asked { .. }
                | EventKind::LossSet { .. }
                | EventKind::Switched { .. }
                | EventKind::LearningSet { .. }
                | EventKind::LivenessSet { .. } => MarkKind::Intervention,
                EventKind::Chosen { .. } => MarkKind::Chosen,
                EventKind::Decided { .. } => MarkKind::Decided,
                EventKind::Unsafe { .. } => MarkKind::Violation,
                _ => continue,
            };
            push(kind, narrate(e, names, lang));
        }
    }
    merged(list)
}

/// The ends of the tour's steps, as far as the recording still follows the script (none
/// without a script).
fn steps_of(history: &History, loaded: &Loaded, lang: Lang) -> Vec<Mark> {
    if !loaded.guided() {
        return Vec::new();
    }
    let common = history
        .recorded_ops()
        .iter()
        .zip(&loaded.script)
        .take_while(|(a, b)| a == b)
        .count();
    (1..=loaded.steps())
        .map(|k| (k, loaded.tour.ops_after(k)))
        .filter(|&(_, at)| at <= common)
        .map(|(k, at)| {
            let caption = loaded.caption(k, lang).unwrap_or_default();
            Mark {
                at,
                kind: MarkKind::Step,
                text: match lang {
                    Lang::Zh => format!("第 {k} 步：{caption}"),
                    Lang::En => format!("Step {k}: {caption}"),
                },
            }
        })
        .collect()
}

/// The steps' marks and the events' marks, both in order of instant, in one list in that order
/// (a step's before the events' at the same instant).
fn in_order(steps: Vec<Mark>, events: Vec<Mark>) -> Vec<Mark> {
    let mut out = Vec::with_capacity(steps.len() + events.len());
    let mut events = events.into_iter().peekable();
    for step in steps {
        while let Some(e) = events.next_if(|e| e.at < step.at) {
            out.push(e);
        }
        out.push(step);
    }
    out.extend(events);
    out
}

/// Merges marks of the same kind at the same instant (`list` is in order of instant): one
/// mark, with the first few sentences.
fn merged(list: Vec<Mark>) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::with_capacity(list.len());
    for mark in list {
        let same = out
            .iter_mut()
            .rev()
            .take_while(|m| m.at == mark.at)
            .find(|m| m.kind == mark.kind);
        match same {
            Some(m) if m.text.lines().count() < TEXTS_PER_MARK => {
                m.text.push('\n');
                m.text.push_str(&mark.text);
            }
            Some(m) => {
                if !m.text.ends_with('…') {
                    m.text.push_str("\n…");
                }
            }
            None => out.push(mark),
        }
    }
    out
}
