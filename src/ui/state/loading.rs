//! Loading: the built-in catalog, the scenario on the stage, a built-in scenario's file that
//! is being fetched, a file the user opens, and what the page's address asked for (applied
//! once the scenario it names has arrived).

use std::rc::Rc;

use crate::scenario::{self, Scenario, ScenarioError, Text, Tour};
use crate::sim::Op;
use crate::ui::address::{Ignored, Reason, Startup, DEFAULT_SCENARIO};
use crate::ui::describe::Names;
use crate::ui::i18n::Lang;

use super::{Panel, Problem, State};

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

    /// Whether the scenario is a guided tour: its script does something, or it has more than
    /// one step (a tour of captions alone, like slides). A single step that does nothing is an
    /// introduction to a free run, as the sandbox's is.
    pub fn guided(&self) -> bool {
        !self.script.is_empty() || self.steps() > 1
    }

    /// The number of steps.
    pub fn steps(&self) -> usize {
        self.tour.steps.len()
    }

    /// The caption of step `k` (from 1), and at 0, before step 1, the scenario's summary.
    pub fn caption(&self, k: usize, lang: Lang) -> Option<&str> {
        let Some(i) = k.checked_sub(1) else {
            // Before step 1: the scenario's summary says what is coming.
            return Some(pick(&self.tour.scenario.summary, lang));
        };
        Some(pick(&self.tour.scenario.steps.get(i)?.caption, lang))
    }

    /// The op that step `k`'s question asks about, counted from the step's first, if the step
    /// has a question.
    pub fn question_op(&self, k: usize) -> Option<usize> {
        *self.tour.questions.get(k.checked_sub(1)?)?
    }

    /// Step `k`'s question in its author's words, if it has them.
    pub fn question_prompt(&self, k: usize, lang: Lang) -> Option<&str> {
        let step = self.tour.scenario.steps.get(k.checked_sub(1)?)?;
        Some(pick(step.question.as_ref()?.prompt.as_ref()?, lang))
    }

    /// The tour step whose end is at or before op `cursor`; 0 before step 1's end (the start
    /// of a tour whose first step has actions, or partway through them).
    pub(super) fn step_at_or_before(&self, cursor: usize) -> usize {
        (1..=self.steps())
            .rev()
            .find(|&k| self.tour.ops_after(k) <= cursor)
            .unwrap_or(0)
    }
}

/// A scenario text in `lang`.
pub fn pick(text: &Text, lang: Lang) -> &str {
    match lang {
        Lang::Zh => &text.zh,
        Lang::En => &text.en,
    }
}

/// Loads the scenario the page was asked for: inline, the default, or a built-in one, whose
/// file must be fetched (its name is returned, and the default shows meanwhile). A scenario
/// that does not load is reported and the default is shown instead.
pub(super) fn load(startup: &Startup) -> (Loaded, Option<Problem>, Option<String>) {
    let fallback = || {
        let tour = Scenario::load(scenario::DEFAULT.1)
            .unwrap_or_else(|_| panic!("the default scenario compiles"));
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

impl State {
    /// Whether the page is still waiting for the scenario its address names (it shows a
    /// loading message until then).
    pub fn loading(&self) -> bool {
        self.asked.is_some()
    }

    /// Applies `?speed=`, `?step=`, `?run=` and `?autoplay=`. A step past the end shows the last step,
    /// and a step for a scenario without steps is ignored; both are listed in the notice.
    pub(super) fn open_as_asked(&mut self, startup: &Startup) {
        if let Some(speed) = startup.speed {
            self.speed = speed;
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
        if let Some(run) = &startup.run {
            if self.exercise().is_some() {
                // A challenge's link carries its set-up too: the run replays from the start of
                // the scenario, and the challenge's count begins where the set-up ends, as it
                // did where the link was made.
                self.start_run();
            }
            self.open_moment(run);
        }
        if startup.autoplay {
            if self.guided() {
                self.autoplay = self.tour_step < self.loaded.steps();
            } else {
                self.playing = true;
            }
        }
    }

    /// Opens a built-in scenario by name: at once if its text is at hand (the default), else
    /// once its file has been fetched.
    pub(super) fn load_scenario(&mut self, name: String) {
        let (loaded, problem, fetching) = load(&Startup {
            scenario: Some(name),
            ..Startup::default()
        });
        match fetching {
            Some(name) => self.fetching = Some(name),
            None if problem.is_some() => self.problem = problem,
            None => self.show(loaded),
        }
    }

    /// Loads a scenario from a file. If it does not load, the scenario on the stage stays, with
    /// its run: nothing is lost, and the error names the file and what is wrong with it.
    pub(super) fn load_file(&mut self, name: String, text: Result<String, usize>) {
        let tour = text
            .map_err(|bytes| ScenarioError::TooLarge { bytes })
            .and_then(|text| Scenario::load(&text).map(|tour| (text, tour)));
        match tour {
            Ok((text, tour)) => {
                let inline = scenario::inline::encode(&text);
                self.show(Loaded::new(None, Some(inline), tour));
            }
            Err(error) => self.problem = Some(Problem::BadFile { name, error }),
        }
    }

    /// Loads a scenario carried in the address (`#scenario=`, base64url), given to the open
    /// page: the browser does not reload when only the hash changes. If it does not load, the
    /// scenario on the stage stays, with its run, and the error says why.
    pub(super) fn load_inline(&mut self, data: String) {
        match scenario::inline::decode(&data).and_then(|text| Scenario::load(&text)) {
            Ok(tour) => self.show(Loaded::new(None, Some(data), tour)),
            Err(error) => self.problem = Some(Problem::BadScenario(error)),
        }
    }

    /// Shows `loaded` from its start.
    fn show(&mut self, loaded: Loaded) {
        self.loaded = Rc::new(loaded);
        self.problem = None;
        if self.panel == Some(Panel::Settings) {
            self.panel = None;
        }
        self.start_run();
        self.challenge_follows_load();
    }

    /// A built-in scenario's file arrived (or did not). The first one is what the address
    /// asked for, so its step, speed and autoplay apply then.
    pub(super) fn fetched(&mut self, name: String, text: Result<String, u16>) {
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
