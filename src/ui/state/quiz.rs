//! The quiz card: a question about what the run will do next, graded by the simulator (see
//! [`crate::quiz`]).
//!
//! "Quiz me" (or `Q`) pauses the run and asks about the op that stepping forward would carry
//! out: the recording's next op, or at its end the next due event. Picking a choice takes that
//! step, so the stage shows what happened while the card says whether the pick was right, and
//! why. A lecturer may reveal the answer without picking. Any other move of the run asks again
//! about the new next event, so a question is never out of date.
//!
//! A tour's step may hold a question of its own. While the tour shows the step before it, the
//! tour bar says so, and "Quiz me" asks it, worded in the world where the step's earlier
//! actions have played (a copy: the stage is not moved, and "next" still moves by whole
//! steps). Picking or revealing the answer (`R`) grades it there; "next" then plays the step,
//! whose caption explains it.

use std::rc::Rc;

use crate::quiz::{self, Question};
use crate::sim::{Op, Simulation};
use crate::ui::ask;
use crate::ui::i18n::Lang;

use super::State;

/// After how many right answers the card asks about several events at once, where it can.
const HARDER_AFTER: u32 = 3;
/// How many events a harder question looks ahead.
const LOOK_AHEAD: usize = 3;

/// The question on the card, and what became of it.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizCard {
    /// The question, or `None` when the next event gives none to ask.
    pub question: Option<Question>,
    /// The question in words, in Chinese and in English, worded in the world it was asked in.
    prompt: [String; 2],
    /// The choice picked, once answered.
    pub picked: Option<usize>,
    /// The answer was shown without a pick (a lecturer's reveal).
    pub revealed: bool,
    /// The tour step whose question this is, if it is one.
    pub gate: Option<usize>,
    /// The history's cursor when it was asked.
    at: usize,
}

impl QuizCard {
    /// Whether the answer is out: picked or revealed.
    pub fn answered(&self) -> bool {
        self.picked.is_some() || self.revealed
    }

    /// The question in `lang`.
    pub fn prompt(&self, lang: Lang) -> &str {
        &self.prompt[usize::from(lang == Lang::En)]
    }

    /// Where the history's cursor is while this card is up to date: a tour's question stays
    /// where it was asked; answering another takes its steps.
    fn cursor(&self) -> usize {
        let taken = match &self.question {
            Some(q) if self.answered() && self.gate.is_none() => q.steps,
            _ => 0,
        };
        self.at + taken
    }
}

impl State {
    /// Opens the quiz card, or closes it if it is open.
    pub(super) fn toggle_quiz(&mut self) {
        if self.quiz.take().is_some() {
            return;
        }
        match self.gate() {
            Some(k) => self.ask_gate(k),
            None => self.ask(),
        }
    }

    /// The op that stepping forward carries out: the recording's next, or a new step.
    fn next_op(&self) -> Op {
        let history = self.history();
        let ops = history.recorded_ops();
        ops.get(history.cursor()).cloned().unwrap_or(Op::Step)
    }

    /// Asks about the next op.
    pub(super) fn ask(&mut self) {
        self.playing = false;
        self.autoplay = false;
        let sim = self.sim().clone();
        let next = quiz::question(&sim, &self.next_op());
        // After a few right answers, or where the next event gives no question: what do the
        // next few events bring about? Only where they are steps, as stepping redoes them.
        let harder =
            (next.is_none() || self.progress.right >= HARDER_AFTER) && self.steps_ahead(LOOK_AHEAD);
        let question = match harder
            .then(|| quiz::chosen_after(&sim, LOOK_AHEAD))
            .flatten()
        {
            Some(q) => Some(q),
            None => next,
        };
        self.show_question(question, &sim, None);
    }

    /// Puts `question`, asked in the world `sim`, on the card.
    fn show_question(&mut self, question: Option<Question>, sim: &Simulation, gate: Option<usize>) {
        let loaded = &self.loaded;
        // A tour's question in its author's words, if it has them.
        let prompt = |lang| match &question {
            Some(q) => gate
                .and_then(|k| loaded.question_prompt(k, lang))
                .map_or_else(|| ask::prompt(q, sim, &loaded.names, lang), str::to_owned),
            None => String::new(),
        };
        let prompt = [prompt(Lang::Zh), prompt(Lang::En)];
        let at = self.history().cursor();
        self.quiz = Some(Rc::new(QuizCard {
            question,
            prompt,
            picked: None,
            revealed: false,
            gate,
            at,
        }));
    }

    /// Whether the next `n` ops of the recording, as far as it goes, are steps.
    fn steps_ahead(&self, n: usize) -> bool {
        let history = self.history();
        let ops = history.recorded_ops();
        ops.iter()
            .skip(history.cursor())
            .take(n)
            .all(|op| *op == Op::Step)
    }

    /// Answers the card's question with choice `pick` (`None`: reveals it). A question about
    /// the run's next event then takes that step, so that the stage shows what happened; a
    /// tour's question waits for "next". Returns false if there is nothing to answer.
    pub(super) fn answer(&mut self, pick: Option<usize>) -> bool {
        let Some(card) = self.quiz.as_deref() else {
            return false;
        };
        let Some(question) = &card.question else {
            return false;
        };
        if card.answered() || pick.is_some_and(|p| p >= question.choices.len()) {
            return false;
        }
        let steps = if card.gate.is_some() {
            0
        } else {
            question.steps
        };
        if let Some(p) = pick {
            self.progress.answered += 1;
            self.progress.right += u32::from(p == question.answer);
        }
        let card = QuizCard {
            picked: pick,
            revealed: pick.is_none(),
            ..card.clone()
        };
        self.quiz = Some(Rc::new(card));
        for _ in 0..steps {
            self.step_forward();
        }
        true
    }

    /// The tour step whose question the tour stands before, if any: the next step's, when
    /// the tour shows the end of a step on its script.
    pub fn gate(&self) -> Option<usize> {
        let k = self.tour_step + 1;
        let at_boundary = self.history().cursor() == self.loaded.tour.ops_after(self.tour_step);
        (self.on_script && at_boundary && self.loaded.question_op(k).is_some()).then_some(k)
    }

    /// After any action: a tour's question goes once the tour moves on; a card about another
    /// moment asks again about the new one; playing closes it.
    pub(super) fn quiz_follows(&mut self) {
        let Some(card) = self.quiz.as_deref() else {
            return;
        };
        if self.playing || (card.gate.is_some() && card.gate != self.gate()) {
            self.quiz = None;
        } else if card.gate.is_none() && self.history().cursor() != card.cursor() {
            self.ask();
        }
    }

    /// Asks the question of tour step `k`, about the step's action it names.
    fn ask_gate(&mut self, k: usize) {
        self.autoplay = false;
        // The step's earlier actions, played on a copy.
        let mut sim = self.sim().clone();
        let ops = &self.loaded.tour.steps[k - 1];
        let j = self.loaded.question_op(k).unwrap_or_default();
        let mut events = Vec::new();
        for op in &ops[..j] {
            // A compiled tour replays: `Scenario::compile` dry-ran every op.
            let _ = sim.apply(op, &mut events);
        }
        let question = quiz::question(&sim, &ops[j]);
        self.show_question(question, &sim, Some(k));
    }
}
