//! The space-time diagram's side of the state: which views are shown, the diagram's zoom and
//! size, the message linked across the stage, the diagram and the log, and the diagram's
//! keyboard cursor, which walks the run event by event.

use std::rc::Rc;

use crate::sim::{EventId, MsgId};
use crate::ui::address::View;
use crate::ui::diagram::{fit_zoom, pitch_for, zoom_step, Params};
use crate::ui::narrate::narrate;

use super::log::cause;

use super::State;

/// Where the diagram's keyboard cursor moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorMove {
    /// To the next event told in the log (`j`).
    Next,
    /// To the previous one (`k`).
    Prev,
    /// To the first (Home).
    First,
    /// To the last, the newest (End).
    Last,
}

/// The event the diagram's keyboard cursor is on, and what it says.
#[derive(Clone, Debug, PartialEq)]
pub struct Focused {
    /// The event.
    pub event: EventId,
    /// Its sentence, as the log tells it.
    pub text: String,
    /// Its column in the diagram.
    pub x: f64,
}

impl State {
    /// The diagram's drawing parameters for the current size, zoom and language.
    fn diagram_params(&self) -> Params {
        let lanes = self.sim().nodes.len();
        Params {
            ppt: self.zoom,
            pitch: pitch_for(f64::from(self.diagram_px.1), lanes),
            compact: self.compact,
            lang: self.lang,
        }
    }

    /// Brings the diagram up to date with the run, the display clock and its parameters.
    /// Skipped while the diagram is not shown.
    pub(super) fn refresh_diagram(&mut self) {
        // The cursor's event is gone once the run went back before it (event ids count the
        // events from the start).
        let told = self.history().events().len();
        if self
            .focused
            .as_ref()
            .is_some_and(|f| f.event.0 >= told as u64)
        {
            self.focused = None;
        }
        if !self.view.diagram() {
            return;
        }
        let params = self.diagram_params();
        let (time, midway, paused) = (self.time, self.midway(), !self.playing);
        let view = {
            let mut run = self.run.borrow_mut();
            let run = &mut *run;
            run.diagram.sync(&run.history, &self.loaded.names, params);
            run.diagram.view(time, midway, paused)
        };
        self.diagram = Rc::new(view);
    }

    /// In a guided tour, the first event of the step shown: the diagram highlights the step's
    /// own events.
    pub fn step_first_event(&self) -> Option<EventId> {
        let from = self.loaded.tour.ops_after(self.tour_step.saturating_sub(1));
        let history = self.history();
        if from >= history.cursor() {
            return None;
        }
        history.events_of(from).first().map(|e| e.id)
    }

    /// Shows the stage, the diagram or both.
    pub(super) fn set_view(&mut self, view: View) {
        self.view = view;
        self.refresh_diagram();
    }

    /// Zooms the diagram in or out by one step.
    pub(super) fn zoom_diagram(&mut self, zoom_in: bool) {
        self.zoom = zoom_step(self.zoom, zoom_in);
        self.refresh_diagram();
    }

    /// Zooms the diagram so that the whole run fits its width.
    pub(super) fn fit_diagram(&mut self) {
        self.refresh_diagram();
        let span = self.run.borrow().diagram.span();
        self.zoom = fit_zoom(f64::from(self.diagram_px.0), span);
        self.refresh_diagram();
    }

    /// Labels on or off.
    pub(super) fn toggle_compact(&mut self) {
        self.compact = !self.compact;
        self.refresh_diagram();
    }

    /// The diagram's box changed size.
    pub(super) fn diagram_resized(&mut self, w: u32, h: u32) -> bool {
        if (w, h) == self.diagram_px {
            return false;
        }
        self.diagram_px = (w, h);
        self.refresh_diagram();
        true
    }

    /// Links a message across the views (pointer or focus on it), or unlinks.
    pub(super) fn link(&mut self, msg: Option<MsgId>) -> bool {
        if self.linked == msg {
            return false;
        }
        self.linked = msg;
        true
    }

    /// Moves the diagram's keyboard cursor over the events the log tells. The message the
    /// event is about, if any, is linked across the views, as if pointed at.
    pub(super) fn move_cursor(&mut self, to: CursorMove) -> bool {
        let found = {
            let history = self.history();
            let events = history.events();
            let told: Vec<(usize, String)> = events
                .iter()
                .enumerate()
                .filter_map(|(i, e)| narrate(e, &self.loaded.names, self.lang).map(|t| (i, t)))
                .collect();
            let at = self
                .focused
                .as_ref()
                .and_then(|f| told.iter().position(|(i, _)| events[*i].id == f.event));
            let index = match (to, at) {
                (_, _) if told.is_empty() => None,
                (CursorMove::First, _) | (CursorMove::Next, None) => Some(0),
                (CursorMove::Last, _) | (CursorMove::Prev, None) => Some(told.len() - 1),
                (CursorMove::Next, Some(i)) => Some((i + 1).min(told.len() - 1)),
                (CursorMove::Prev, Some(i)) => Some(i.saturating_sub(1)),
            };
            index.map(|k| {
                let (i, text) = &told[k];
                let event = events[*i].id;
                let focused = Focused {
                    event,
                    text: text.clone(),
                    x: self.run.borrow().diagram.x_of(event).unwrap_or(0.0),
                };
                (focused, cause(events, *i))
            })
        };
        let Some((focused, msg)) = found else {
            return false;
        };
        if Some(&focused) == self.focused.as_ref() {
            return false;
        }
        self.focused = Some(focused);
        self.linked = msg;
        true
    }
}
