//! A link to this moment: what [`crate::ui::moment`] writes of the run on the stage, and the
//! replay of such a link when the page opens with `run=`.

use crate::ui::moment::{self, LinkError, Moment};

use super::effects::Effects;
use super::{Problem, State};

impl State {
    /// The run as a link carries it, or `None` where the scenario's own address already shows
    /// this picture: nothing done yet, or a guided tour at the start of one of its steps.
    pub fn moment(&self) -> Option<String> {
        let history = self.history();
        let (cursor, ops) = (history.cursor(), history.recorded_ops());
        // On the script, the recording is the script, and `step=` opens its steps. (Before
        // step 1's ops is no step, as `step=` counts from 1; a step 1 without ops ends at op 0.)
        let tour = &self.loaded.tour;
        let at_step = self.guided() && (1..=tour.steps.len()).any(|k| tour.ops_after(k) == cursor);
        // A challenge's link (`exercise=`) opens at the challenge's start, nothing done yet (and
        // its set-up not replaced by going back before it); at any other instant, on its tour's
        // script too, it needs the run.
        let opens_here = match self.challenge.as_deref().and_then(|r| r.setup.as_deref()) {
            Some(setup) => ops == setup && cursor == setup.len(),
            None => ops.is_empty() || at_step,
        };
        if opens_here {
            return None;
        }
        let shared = self.shared_with_script();
        Some(moment::encode(&Moment {
            script: shared,
            cursor,
            time: self.time,
            ops: ops[shared..].to_vec(),
        }))
    }

    /// Replays the run a link carries (`run=`), as far as it applies, and goes to its instant.
    /// What could not be replayed is shown as a problem that says how far it got.
    pub(super) fn open_moment(&mut self, data: &str) {
        let (moment, mut error) = moment::decode(data);
        let has = self.loaded.script.len();
        if moment.script > has {
            error = Some(LinkError::Script {
                asked: moment.script,
                has,
            });
        }
        if matches!(
            error,
            Some(LinkError::Newer(_) | LinkError::Unreadable | LinkError::Script { .. })
        ) {
            self.problem = error.map(|error| Problem::Link {
                error,
                replayed: 0,
                of: 0,
            });
            return;
        }
        let of = match error {
            // The operations the link announced, read or not.
            Some(LinkError::Cut { of, .. } | LinkError::Corrupt { of, .. }) => of,
            _ => moment.ops.len(),
        };
        let before = self.history().cursor();
        let mut replayed = 0;
        {
            let mut run = self.run.borrow_mut();
            let history = &mut run.history;
            let forks = !moment.ops.is_empty() && moment.script < history.len();
            // A link whose own operations could not all be read still starts from its part
            // of the script, not from where the tour opened.
            if !moment.ops.is_empty() || error.is_some() {
                history.goto(moment.script);
            }
            for op in moment.ops {
                if let Err(e) = history.apply(op) {
                    error = Some(LinkError::Refused {
                        at: replayed,
                        error: e,
                    });
                    break;
                }
                replayed += 1;
            }
            // A replay that stopped short shows the run as far as it got, and no further.
            let reached = match error {
                Some(_) => moment.script + replayed,
                None => history.len(),
            };
            // An instant past the run's end (a link written by hand, or garbled) is shown at
            // the end, and said.
            if error.is_none() && moment.cursor > reached {
                error = Some(LinkError::Instant {
                    at: moment.cursor,
                    end: reached,
                });
            }
            let cursor = moment.cursor.min(reached).min(history.len());
            history.goto(cursor);
            if forks && replayed > 0 {
                run.script_set_aside();
            }
        }
        if replayed > 0 {
            self.on_script = false;
        }
        self.playing = false;
        let (cursor, now) = (self.history().cursor(), self.sim().now as f64);
        self.time = if error.is_none() && cursor == moment.cursor {
            moment.time.max(now)
        } else {
            now
        };
        // On the script, the step shown; off it, `changed` names the step it was left at.
        if self.guided() {
            self.tour_step = self.loaded.step_at_or_before(cursor);
        }
        self.problem = error.map(|error| Problem::Link {
            error,
            replayed,
            of,
        });
        self.changed(before, Effects::Skip);
    }
}
