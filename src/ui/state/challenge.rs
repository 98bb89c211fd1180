//! The challenge under way (see [`crate::quiz::challenge`]), and the student's progress.
//!
//! A challenge opens its scenario (fetching it if it must), sets its rules, and counts the ops
//! of the run from there: going back in time takes actions back too. Restarting it (the Reset
//! button) counts an attempt. Opening another scenario ends it. A link to a moment of it
//! (`exercise=NAME&run=…`) opens the challenge, then replays the run from the scenario's start,
//! its set-up included, so that the attempt stands where it stood.
//!
//! Progress (the quiz's score and the challenges won) lives in the browser's storage, never
//! sent anywhere, as one short line ([`Progress::line`]); the student can copy it as JSON
//! ([`Progress::json`]) to hand in, or reset it.

use std::rc::Rc;

use crate::paxos::Rule;
use crate::quiz::challenge::{standing, Challenge, Standing};
use crate::sim::{Event, EventKind, Op, Switch};

use super::State;

/// A challenge under way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Running {
    /// Which.
    pub challenge: Challenge,
    /// The operations before its start (the scenario's, and the challenge's own set-up), as
    /// they were when it began, once its scenario is on the stage: a run that went back before
    /// the start and did something else no longer holds them.
    pub(super) setup: Option<Rc<[Op]>>,
    /// How many times it was restarted.
    pub attempts: u32,
}

impl Running {
    /// The history's cursor where it began, once its scenario is on the stage.
    pub(super) fn start(&self) -> Option<usize> {
        self.setup.as_ref().map(|ops| ops.len())
    }
}

/// What the student has done, kept in the browser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// The quiz: right answers, and answers.
    pub right: u32,
    /// Answers.
    pub answered: u32,
    /// The challenges won, in the order won.
    pub won: Vec<Challenge>,
}

impl Progress {
    /// The line kept in the browser's storage: `1;right;answered;name,name`.
    pub fn line(&self) -> String {
        let won: Vec<&str> = self.won.iter().map(|c| c.name()).collect();
        format!("1;{};{};{}", self.right, self.answered, won.join(","))
    }

    /// Reads a stored line; anything else (another version, a damaged line) is no progress.
    pub fn read(line: &str) -> Progress {
        let mut parts = line.split(';');
        let (Some("1"), Some(right), Some(answered), Some(won), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Progress::default();
        };
        let (Ok(right), Ok(answered)) = (right.parse(), answered.parse()) else {
            return Progress::default();
        };
        let mut progress = Progress {
            right,
            answered,
            won: Vec::new(),
        };
        for c in won.split(',').filter_map(Challenge::from_name) {
            if !progress.won.contains(&c) {
                progress.won.push(c);
            }
        }
        progress
    }

    /// The results as JSON, to hand in.
    pub fn json(&self) -> String {
        let won: Vec<String> = self
            .won
            .iter()
            .map(|c| format!("\"{}\"", c.name()))
            .collect();
        format!(
            "{{\"paxos-lab-results\": 1, \"quiz\": {{\"right\": {}, \"answered\": {}}}, \"challenges\": [{}]}}",
            self.right,
            self.answered,
            won.join(", ")
        )
    }
}

impl State {
    /// Starts `challenge`: opens its scenario, then sets its rules.
    pub(super) fn start_challenge(&mut self, challenge: Challenge) {
        self.quiz = None;
        self.panel = None;
        self.challenge = Some(Rc::new(Running {
            challenge,
            setup: None,
            attempts: 0,
        }));
        if self.loaded.name.as_deref() == Some(challenge.scenario()) && self.fetching.is_none() {
            self.set_up_challenge();
        } else {
            self.load_scenario(challenge.scenario().to_owned());
        }
    }

    /// A scenario is on the stage: the challenge waiting for it begins; any other ends.
    pub(super) fn challenge_follows_load(&mut self) {
        match self.challenge.as_deref() {
            Some(r)
                if r.start().is_none()
                    && self.loaded.name.as_deref() == Some(r.challenge.scenario()) =>
            {
                self.set_up_challenge();
            }
            Some(_) => self.challenge = None,
            None => {}
        }
    }

    /// Restarts the challenge under way, as one more attempt.
    pub(super) fn restart_challenge(&mut self) {
        if let Some(r) = self.challenge.as_deref() {
            let attempts = r.attempts + 1;
            self.set_up_challenge();
            if let Some(r) = self.challenge.as_mut() {
                Rc::make_mut(r).attempts = attempts;
            }
        }
    }

    /// The run from the scenario's start (the livelock's end), with the challenge's rules.
    fn set_up_challenge(&mut self) {
        let Some(r) = self.challenge.as_deref() else {
            return;
        };
        let challenge = r.challenge;
        self.start_run();
        if challenge == Challenge::Live {
            self.goto_step(self.loaded.steps(), false);
        }
        if let Some(variant) = challenge.variant() {
            self.apply(Op::Set {
                switch: Switch::Variant(variant),
                on: true,
            });
        }
        let start = self.history().cursor();
        let setup = Rc::from(&self.history().recorded_ops()[..start]);
        if let Some(r) = self.challenge.as_mut() {
            let r = Rc::make_mut(r);
            r.setup = Some(setup);
        }
    }

    /// The challenge under way, once it has begun: a link to this moment names it
    /// (`exercise=`), so that the run opens as an attempt at it.
    pub fn exercise(&self) -> Option<Challenge> {
        self.challenge
            .as_deref()
            .filter(|r| r.start().is_some())
            .map(|r| r.challenge)
    }

    /// How the challenge under way stands, once it has begun.
    pub fn standing(&self) -> Option<(Challenge, Standing)> {
        let r = self.challenge.as_deref()?;
        let start = r.start()?;
        let history = self.history();
        let cursor = history.cursor();
        let done = history
            .recorded_ops()
            .get(start..cursor)
            .unwrap_or_default();
        // When the goal was first reached, if it is reached now.
        let reached = r.challenge.reached(history.current()).then(|| {
            (start..cursor)
                .position(|i| r.challenge.reaches(history.events_of(i)))
                .map_or(done.len(), |k| k + 1)
        });
        Some((r.challenge, standing(r.challenge, done, reached)))
    }

    /// The moments of the challenge's run that tell how it went: proposals, crashes and
    /// restarts, drops, a broken rule followed, values chosen, and the violation.
    pub fn moments(&self) -> Vec<Event> {
        let Some(start) = self.challenge.as_deref().and_then(Running::start) else {
            return Vec::new();
        };
        let history = self.history();
        (start..history.cursor())
            .flat_map(|i| history.events_of(i))
            .filter(|e| match &e.kind {
                EventKind::Acted { rule, .. } => {
                    matches!(rule, Rule::P1Only | Rule::NoAdoption | Rule::P2c)
                }
                EventKind::Proposed { .. }
                | EventKind::Dropped { .. }
                | EventKind::Killed { .. }
                | EventKind::Restarted { .. }
                | EventKind::Chosen { .. }
                | EventKind::Unsafe { .. } => true,
                _ => false,
            })
            .cloned()
            .collect()
    }

    /// Plays the challenge's run again from its start, stopping where the recording ends.
    /// Returns false before it began.
    pub(super) fn replay_challenge(&mut self) -> bool {
        let Some(start) = self.challenge.as_deref().and_then(Running::start) else {
            return false;
        };
        self.goto(start);
        self.quiz = None;
        self.toggle_play();
        self.replaying = true;
        true
    }

    /// After any action: a challenge won is recorded.
    pub(super) fn record_win(&mut self) {
        if let Some((challenge, s)) = self.standing() {
            if s.won && !self.progress.won.contains(&challenge) {
                self.progress.won.push(challenge);
            }
        }
    }
}
