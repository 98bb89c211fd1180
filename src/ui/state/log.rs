//! The event log: the run's events in words, newest last. While playing, it is brought up to
//! date a few times a second rather than on every frame: laying out new lines of text is the
//! costliest part of a frame, and nobody reads 60 lines a second.

use std::rc::Rc;

use crate::sim::{Event, EventKind, MsgId};

use super::State;
use crate::ui::narrate::{narrate, rule_name, rule_of, tone, Tone};

/// The most events the log keeps on the page.
pub const LOG_LINES: usize = 150;
/// While playing, the log is brought up to date at most this often (ms).
const LOG_EVERY_MS: f64 = 250.0;

/// One line of the event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// The event's id.
    pub id: u64,
    /// The sentence.
    pub text: String,
    /// The rule, named.
    pub rule: Option<&'static str>,
    /// How it is drawn.
    pub tone: Tone,
    /// The message whose arrival (or drop, hold, copy) the line tells of, if any: the views
    /// highlight the line along with the message.
    pub msg: Option<MsgId>,
}

/// The message that caused event `i`: the one delivered, lost, dropped, held, released or
/// copied by the same step, found by looking back to the step's start.
pub(super) fn cause(events: &[Event], i: usize) -> Option<MsgId> {
    for e in events[..=i].iter().rev() {
        match &e.kind {
            EventKind::Delivered { msg, .. }
            | EventKind::Lost { msg, .. }
            | EventKind::Held { msg }
            | EventKind::Released { msg, .. }
            | EventKind::Duplicated { msg, .. } => return Some(*msg),
            EventKind::Dropped { envelope } => return Some(envelope.id),
            EventKind::Acted { .. }
            | EventKind::Sent { .. }
            | EventKind::Chosen { .. }
            | EventKind::Decided { .. }
            | EventKind::Unsafe { .. }
            | EventKind::TimerSet { .. } => {}
            _ => return None,
        }
    }
    None
}

/// How far behind the run the log may be while playing.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct LogPace {
    /// While playing: when the log was last brought up to date (animation-frame time).
    at: Option<f64>,
    /// The log is behind the run (an update was put off while playing).
    stale: bool,
    /// The run the log tells: its recording's [`History::lineage`] and the op it reached.
    /// While the lineage stays the same and the cursor only moves on, the log only grows.
    /// A fork, an undone fork or a link's replay gives the recording a new lineage, even where
    /// the cursor ends further on than it was, and the log is then told again.
    ///
    /// [`History::lineage`]: crate::sim::History::lineage
    of: Option<(u64, usize)>,
}

impl State {
    /// After the run changed: the log follows, at once when paused, at most every
    /// [`LOG_EVERY_MS`] while playing.
    pub(super) fn log_after_change(&mut self) {
        match (self.playing, self.last_frame, self.log_pace.at) {
            (true, Some(at), Some(last)) if at - last < LOG_EVERY_MS => self.log_pace.stale = true,
            (true, at, _) => {
                self.log_pace.at = at;
                self.update_log();
            }
            (false, ..) => self.update_log(),
        }
    }

    /// Play or pause began: the pace starts afresh, and a paused log catches up with every
    /// event.
    pub(super) fn restart_log_pace(&mut self) {
        self.log_pace.at = None;
        if !self.playing {
            self.update_log();
        }
    }

    /// A paused run's log is never behind: whatever paused it (a step past the end, a quiz, the
    /// end of a replay), the news put off while it played is told now.
    pub(super) fn log_follows_pause(&mut self) {
        if !self.playing && self.log_pace.stale {
            self.update_log();
        }
    }

    /// A frame in which the run went quiet: if news was put off and its time has come, the log
    /// catches up. Returns whether it did.
    pub(super) fn catch_up_log(&mut self, at: f64) -> bool {
        let due = self.log_pace.at.is_none_or(|t| at - t >= LOG_EVERY_MS);
        if !(self.log_pace.stale && due) {
            return false;
        }
        self.log_pace.at = Some(at);
        self.update_log();
        true
    }

    /// The whole log again, in the current language.
    pub(super) fn renarrate(&mut self) {
        self.log_pace.of = None;
        self.update_log();
    }

    /// Appends the new events' sentences when the run only grew since the log was told, or
    /// tells it again (after a jump back, a fork, another language).
    fn update_log(&mut self) {
        self.log_pace.stale = false;
        let history = self.history();
        let (lineage, cursor) = (history.lineage(), history.cursor());
        let appended = matches!(self.log_pace.of, Some((l, c)) if l == lineage && c <= cursor);
        let events = history.events();
        let line = |(i, e): (usize, &Event)| {
            narrate(e, &self.loaded.names, self.lang).map(|text| LogLine {
                id: e.id.0,
                text,
                rule: rule_of(e).map(|r| rule_name(r, self.lang)),
                tone: tone(e),
                msg: cause(events, i),
            })
        };
        let mut lines: Vec<LogLine> = if appended {
            let last = self.log.last().map(|l| l.id);
            let start = events
                .iter()
                .rposition(|e| Some(e.id.0) == last)
                .map_or(0, |i| i + 1);
            let mut lines = (*self.log).clone();
            lines.extend(events.iter().enumerate().skip(start).filter_map(line));
            lines
        } else {
            let mut lines: Vec<LogLine> = events
                .iter()
                .enumerate()
                .rev()
                .filter_map(line)
                .take(LOG_LINES)
                .collect();
            lines.reverse();
            lines
        };
        if lines.len() > LOG_LINES {
            lines.drain(..lines.len() - LOG_LINES);
        }
        drop(history);
        self.log_pace.of = Some((lineage, cursor));
        if lines != *self.log {
            self.log = Rc::new(lines);
        }
    }
}
