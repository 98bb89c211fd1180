//! From the trace to lanes, arrows and marks.
//!
//! Each event of the trace adds to the picture:
//! * `sent` starts an arrow on the sender's lane; `delivered`, `lost` and `dropped` end it,
//!   on the receiver's lane or, for a drop, where the message was when it was taken away;
//! * `held` bends an arrow flat (the message waits where it is) until `released`;
//! * `duplicated` branches a copy off the original, from where the original was;
//! * an acceptor's `promised`, `accepted` and refusals, a node's decision, a proposal, a crash
//!   and a restart are marks on that node's lane; a crash greys the lane until the restart;
//! * `chosen` and `unsafe` are marks across the whole diagram: a value is chosen at the
//!   acceptors (a majority accepted it) whether or not anyone knows yet.
//!
//! Arrows are placed, label and all, when they end: from then on they never move, so a growing
//! run only adds to the picture.
//!
//! ## Time along the lanes
//! Time runs in virtual ticks, at the zoom's pixels per tick, with one exception: things that
//! happen at the same tick but in different steps (a tour delivering message after message
//! "now", or two messages arriving together) are set at least [`COLUMN`] ticks apart, each
//! step in a column of its own, so that the order the notes tell stays visible. The tick axis
//! follows the stretched scale, and zooming scales it all alike.

use std::rc::Rc;

use crate::paxos::{Message, NodeId, Note};
use crate::sim::{Event, EventId, EventKind, History, LossCause, MsgId, Violation};
use crate::ui::describe::{
    kind_class, log_message_label, message_label, short_proposal, short_value, Names,
};
use crate::ui::i18n::Lang;
use crate::ui::narrate::{narrate, rule_name};

use super::place::{
    Chunk, DiagramView, Down, EndKind, Flying, GlobalKind, Item, Label, Lane, MarkKind, Placer,
    Shape,
};
use super::{PAD, TOP};

/// Ops between two snapshots of the builder.
pub(super) const SNAPSHOT_EVERY: usize = 256;

/// Items per sealed chunk.
const CHUNK: usize = 16;
/// The least stretch between two steps of the run that draw something, in ticks (16 pixels at
/// the default zoom).
pub const COLUMN: f64 = 1.8;
/// The least distance between two numbers on the tick axis, in pixels.
const AXIS_GAP: f64 = 56.0;

/// How the diagram is drawn: zoom, lane distance, labels, language.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// Pixels per tick.
    pub ppt: f64,
    /// Pixels between two lanes.
    pub pitch: f64,
    /// Compact: no labels on arrows and lane marks.
    pub compact: bool,
    /// The language of the labels.
    pub lang: Lang,
}

/// A point of a message's way: the tick, how far along it was (0 at the sender, 1 at the
/// receiver), and the pixel column it is drawn at.
#[derive(Clone, Copy, Debug)]
struct Way {
    tick: f64,
    progress: f64,
    x: f64,
}

/// A message on its way, as the diagram follows it: where it is drawn from, where it bent
/// (held and released), and when it is due.
#[derive(Clone, Debug)]
struct Track {
    msg: MsgId,
    from: usize,
    to: usize,
    message: Message,
    copy: bool,
    /// Where it is drawn from: its sending, or the branch point of a copy; then where it
    /// stopped and started again.
    way: Vec<Way>,
    /// When it is due.
    arrive: f64,
    held: bool,
    /// The points of its way where it was held.
    paused: Vec<usize>,
    /// The event that put it on the network.
    first: EventId,
    /// What it says while on its way, worked out when it leaves, is held or is released
    /// rather than for every picture.
    text: Rc<str>,
    /// The message's id as text, for the page's key and `data-msg`.
    id: Rc<str>,
    /// How it is drawn, unlabelled, made once and shared by every picture until it changes
    /// (is held or released): the page then redraws only what changed.
    shown: Option<Rc<Flying>>,
}

impl Track {
    fn last(&self) -> Way {
        *self.way.last().expect("a track starts somewhere")
    }

    /// How far along it is at tick `t`.
    fn progress_at(&self, t: f64) -> f64 {
        let last = self.last();
        if self.held {
            return last.progress;
        }
        let span = (self.arrive - last.tick).max(1.0);
        (last.progress + (t - last.tick).max(0.0) / span * (1.0 - last.progress)).min(1.0)
    }

    /// Whether it has not moved since it was sent (a tour acts on messages the moment they
    /// leave, and the stage shows them halfway).
    fn unmoved(&self, t: f64) -> bool {
        self.way.len() == 1 && t <= self.way[0].tick
    }
}

/// The diagram of a run, kept up to date with its history ([`Diagram::sync`]) and drawn from
/// [`Diagram::view`].
#[derive(Debug, Default)]
pub struct Diagram {
    /// Copies of the builder every [`SNAPSHOT_EVERY`] ops of the run drawn, so that going back
    /// (or jumping forward from far back) starts from the nearest one instead of the first
    /// event. Sealed chunks are shared between them, not copied.
    snapshots: Vec<Diagram>,
    params: Option<Params>,
    /// A Multi-Paxos run, whose labels name the slot of every message, the first slot's too.
    multi: bool,
    names: Names,
    /// The recorded run drawn ([`History::lineage`]), and how many of its ops.
    line: u64,
    ops: usize,
    lanes: Vec<Lane>,
    /// The messages on their way, oldest first.
    flying: Vec<Track>,
    sealed: Vec<Rc<Chunk>>,
    open: Vec<Item>,
    /// The open items as a chunk, made again only when an item was added: a picture that
    /// adds nothing shares it with the one before, and the page does not redraw it.
    open_chunk: Option<Rc<Chunk>>,
    downs: Vec<Down>,
    placer: Placer,
    /// The tick and the pixel column of the step drawn last.
    now: (f64, f64),
    /// The next tick the axis numbers, and the column of the last number.
    axis: (u64, f64),
    /// The column of each event, by id.
    event_x: Vec<f64>,
}

impl Diagram {
    /// Brings the diagram up to the history's cursor: adds what is new if the run only grew,
    /// and draws it again from the start otherwise. Returns whether anything changed.
    pub fn sync(&mut self, history: &History, names: &Names, params: Params) -> bool {
        let cursor = history.cursor();
        let events = history.events();
        let same_run =
            self.params == Some(params) && self.names == *names && self.line == history.lineage();
        if same_run && cursor == self.ops {
            return false;
        }
        let mut snapshots = std::mem::take(&mut self.snapshots);
        if !same_run {
            snapshots.clear();
        }
        // Start from what is drawn if the run only grew by a little, else from the nearest
        // snapshot at or before the cursor, else from the start.
        let near = snapshots.iter().rev().find(|d| d.ops <= cursor);
        let grows = same_run && cursor >= self.ops;
        match near {
            Some(d) if !grows || d.ops > self.ops => *self = d.snapshot(),
            None if !grows => self.restart(params, names, events.first()),
            _ => {}
        }
        self.line = history.lineage();
        for i in self.ops..cursor {
            self.add_step(history.events_of(i));
            self.ops = i + 1;
            let due = self.ops % SNAPSHOT_EVERY == 0;
            if due && snapshots.last().is_none_or(|d| d.ops < self.ops) {
                self.seal_open();
                snapshots.push(self.snapshot());
            }
        }
        self.seal_open();
        self.snapshots = snapshots;
        true
    }

    /// The open items as a chunk, and the messages on their way as the page draws them.
    fn seal_open(&mut self) {
        if self.open_chunk.is_none() && !self.open.is_empty() {
            self.open_chunk = Some(Rc::new(Chunk::new(self.open.clone())));
        }
        for i in 0..self.flying.len() {
            if self.flying[i].shown.is_none() {
                let shown = Rc::new(self.flying_view(&self.flying[i]));
                self.flying[i].shown = Some(shown);
            }
        }
    }

    /// A copy of the builder as it is, without its snapshots.
    fn snapshot(&self) -> Diagram {
        Diagram {
            snapshots: Vec::new(),
            params: self.params,
            multi: self.multi,
            names: self.names.clone(),
            line: self.line,
            ops: self.ops,
            lanes: self.lanes.clone(),
            flying: self.flying.clone(),
            sealed: self.sealed.clone(),
            open: self.open.clone(),
            open_chunk: self.open_chunk.clone(),
            downs: self.downs.clone(),
            placer: self.placer.clone(),
            now: self.now,
            axis: self.axis,
            event_x: self.event_x.clone(),
        }
    }

    fn restart(&mut self, params: Params, names: &Names, began: Option<&Event>) {
        *self = Diagram {
            params: Some(params),
            names: names.clone(),
            now: (0.0, PAD),
            ..Diagram::default()
        };
        if let Some(Event {
            kind: EventKind::Began { nodes, config, .. },
            ..
        }) = began
        {
            self.multi = config.multi.is_some();
            for (i, &node) in nodes.iter().enumerate() {
                self.lanes.push(Lane {
                    node,
                    name: names.get(node, params.lang),
                    roles: config.roles(node).held(),
                    y: TOP + (i as f64 + 0.5) * params.pitch,
                });
            }
        }
    }

    fn lane_of(&self, node: NodeId) -> Option<usize> {
        self.lanes.iter().position(|l| l.node == node)
    }

    fn track(&self, msg: MsgId) -> Option<&Track> {
        self.flying.iter().find(|t| t.msg == msg)
    }

    fn params(&self) -> Params {
        self.params.expect("a diagram is drawn with params")
    }

    /// The column where an event was drawn, if it was.
    pub fn x_of(&self, event: EventId) -> Option<f64> {
        usize::try_from(event.0)
            .ok()
            .and_then(|i| self.event_x.get(i))
            .copied()
    }

    /// How long the run is drawn, in stretched ticks: to its last step, and on to the arrival
    /// of the last message still on its way. At `ppt` pixels per tick it is that many pixels
    /// wide, plus the margins.
    pub fn span(&self) -> f64 {
        let ppt = self.params.map_or(super::ZOOM.0, |p| p.ppt);
        let (t_now, x_now) = self.now;
        let ahead = self
            .flying
            .iter()
            .map(|t| t.arrive - t_now)
            .fold(0.0, f64::max);
        (x_now - PAD) / ppt + ahead
    }

    /// Adds the events of one step (op) of the run: they share a column, at least [`COLUMN`]
    /// ticks after the last one if they draw anything.
    fn add_step(&mut self, events: &[Event]) {
        let Some(first) = events.first() else {
            return;
        };
        let ppt = self.params().ppt;
        let (t0, x0) = self.now;
        let t = first.time as f64;
        let draws = events.iter().any(|e| {
            matches!(
                e.kind,
                EventKind::Sent { .. }
                    | EventKind::Delivered { .. }
                    | EventKind::Lost { .. }
                    | EventKind::Dropped { .. }
                    | EventKind::Duplicated { .. }
                    | EventKind::Held { .. }
                    | EventKind::Released { .. }
                    | EventKind::Proposed { .. }
                    | EventKind::Killed { .. }
                    | EventKind::Restarted { .. }
                    | EventKind::Chosen { .. }
                    | EventKind::Unsafe { .. }
            )
        });
        let stretch = if draws && self.event_x.len() > 1 {
            (t - t0).max(COLUMN)
        } else {
            t - t0
        };
        let x = x0 + stretch * ppt;
        self.number_axis((t0, x0), (t, x));
        self.now = (t, x);
        for event in events {
            self.add(event);
        }
    }

    /// Numbers the tick axis between two columns, spreading the ticks between them evenly.
    fn number_axis(&mut self, (t0, x0): (f64, f64), (t1, x1): (f64, f64)) {
        let step = axis_step(self.params().ppt);
        while (self.axis.0 as f64) <= t1 {
            let tick = self.axis.0;
            let x = if t1 > t0 {
                x0 + (x1 - x0) * (tick as f64 - t0) / (t1 - t0)
            } else {
                x1
            };
            if self.event_x.len() <= 1 || x - self.axis.1 >= AXIS_GAP {
                self.axis.1 = x;
                self.push(Item::new(
                    (EventId(0), EventId(0)),
                    EventId(0),
                    None,
                    Shape::Tick { x, tick },
                ));
            }
            self.axis.0 += step;
        }
    }

    fn y(&self, lane: usize) -> f64 {
        self.lanes.get(lane).map_or(TOP, |l| l.y)
    }

    /// A point of a message's path, in pixels.
    fn at(&self, from: usize, to: usize, x: f64, progress: f64) -> (f64, f64) {
        let (y0, y1) = (self.y(from), self.y(to));
        (x, y0 + (y1 - y0) * progress)
    }

    fn way(&self, tick: f64, progress: f64) -> Way {
        Way {
            tick,
            progress,
            x: self.now.1,
        }
    }

    fn push(&mut self, item: Item) {
        self.open.push(item);
        self.open_chunk = None;
        if self.open.len() >= CHUNK {
            let items = std::mem::take(&mut self.open);
            self.sealed.push(Rc::new(Chunk::new(items)));
        }
    }

    /// Adds one event to the picture, in the current column.
    fn add(&mut self, event: &Event) {
        let t = event.time as f64;
        let x = self.now.1;
        if let Ok(i) = usize::try_from(event.id.0) {
            if self.event_x.len() <= i {
                self.event_x.resize(i + 1, x);
            }
            self.event_x[i] = x;
        }
        let lang = self.params().lang;
        match &event.kind {
            EventKind::Sent { envelope } => {
                let (Some(from), Some(to)) =
                    (self.lane_of(envelope.from), self.lane_of(envelope.to))
                else {
                    return;
                };
                let mut track = Track {
                    msg: envelope.id,
                    from,
                    to,
                    message: envelope.message.clone(),
                    copy: envelope.copy_of.is_some(),
                    way: vec![self.way(envelope.sent_at as f64, 0.0)],
                    arrive: envelope.arrive_at as f64,
                    held: false,
                    paused: Vec::new(),
                    first: event.id,
                    text: Rc::from(""),
                    id: Rc::from(envelope.id.0.to_string()),
                    shown: None,
                };
                track.text = in_flight_text(&track, &self.lanes, self.multi, lang);
                self.flying.push(track);
            }
            EventKind::Duplicated { msg, copy } => {
                let Some(original) = self.track(*msg) else {
                    return;
                };
                let branch = self.way(t, original.progress_at(t));
                let mut track = Track {
                    msg: copy.id,
                    copy: true,
                    way: vec![branch],
                    arrive: (copy.arrive_at as f64).max(t + 1.0),
                    held: false,
                    paused: Vec::new(),
                    first: event.id,
                    id: Rc::from(copy.id.0.to_string()),
                    shown: None,
                    ..original.clone()
                };
                track.text = in_flight_text(&track, &self.lanes, self.multi, lang);
                self.flying.push(track);
            }
            EventKind::Held { msg } => {
                if let Some(track) = self.flying.iter_mut().find(|t| t.msg == *msg) {
                    // Held the moment it was sent, as tours do: halfway, as on the stage.
                    let p = if track.unmoved(t) {
                        0.5
                    } else {
                        track.progress_at(t)
                    };
                    track.paused.push(track.way.len());
                    track.way.push(Way {
                        tick: t,
                        progress: p,
                        x,
                    });
                    track.held = true;
                    track.text = in_flight_text(track, &self.lanes, self.multi, lang);
                    track.shown = None;
                }
            }
            EventKind::Released { msg, arrive_at } => {
                if let Some(track) = self.flying.iter_mut().find(|t| t.msg == *msg) {
                    let p = track.last().progress;
                    track.way.push(Way {
                        tick: t,
                        progress: p,
                        x,
                    });
                    track.held = false;
                    track.arrive = (*arrive_at as f64).max(t + 1.0);
                    track.text = in_flight_text(track, &self.lanes, self.multi, lang);
                    track.shown = None;
                }
            }
            EventKind::Delivered { msg, .. } => self.end_arrow(*msg, event, EndKind::Delivered),
            EventKind::Lost { msg, cause, .. } => {
                let end = match cause {
                    LossCause::ReceiverDead => EndKind::LostToDeadNode,
                    LossCause::RandomLoss => EndKind::LostAtRandom,
                };
                self.end_arrow(*msg, event, end);
            }
            EventKind::Dropped { envelope } => self.end_arrow(envelope.id, event, EndKind::Dropped),
            EventKind::Acted {
                node, note, rule, ..
            } => {
                let mark = match note {
                    Note::Promised { ballot, .. } | Note::RepeatedPromise { ballot, .. } => Some((
                        MarkKind::Promised,
                        format!("{} {ballot}", lang.pick("承诺", "promised")),
                    )),
                    Note::AcceptedProposal { proposal, .. } | Note::AcceptedFirst { proposal } => {
                        Some((
                            MarkKind::Accepted,
                            format!(
                                "{} {}",
                                lang.pick("接受", "accepted"),
                                short_proposal(proposal)
                            ),
                        ))
                    }
                    Note::IgnoredPrepare { ballot, promised }
                    | Note::IgnoredAccept {
                        ballot, promised, ..
                    } => {
                        let what = if matches!(note, Note::IgnoredPrepare { .. }) {
                            "Prepare"
                        } else {
                            "Accept"
                        };
                        let why = match lang {
                            Lang::Zh => format!("拒绝 {what}({ballot})：已承诺 {promised}"),
                            Lang::En => format!("refuses {what}({ballot}): promised {promised}"),
                        };
                        Some((MarkKind::Refused, why))
                    }
                    Note::IgnoredLaterProposal { proposal, first } => {
                        let why = match lang {
                            Lang::Zh => format!(
                                "拒绝 {}：先接受了 {}",
                                short_proposal(proposal),
                                short_proposal(first)
                            ),
                            Lang::En => format!(
                                "refuses {}: accepted {} first",
                                short_proposal(proposal),
                                short_proposal(first)
                            ),
                        };
                        Some((MarkKind::Refused, why))
                    }
                    _ => None,
                };
                if let Some((kind, what)) = mark {
                    // A refusal's label is the rule; what it refused is in its full text.
                    let label = match kind {
                        MarkKind::Refused => {
                            format!("✗ {}", rule_name(*rule, lang))
                        }
                        _ => what.clone(),
                    };
                    let text = match kind {
                        MarkKind::Refused => format!("{what} ({})", rule_name(*rule, lang)),
                        _ => what,
                    };
                    self.lane_mark(*node, event, kind, label, &text);
                }
            }
            EventKind::Proposed { node, value, .. } => {
                let label = format!("{} {}", lang.pick("提议", "propose"), short_value(value));
                self.lane_mark(*node, event, MarkKind::Proposed, label.clone(), &label);
            }
            EventKind::Decided { node, value, .. } => {
                let label = format!("{} {}", lang.pick("学到", "learned"), short_value(value));
                self.lane_mark(*node, event, MarkKind::Decided, label.clone(), &label);
            }
            EventKind::Killed { node } => {
                let label = lang.pick("崩溃", "crashed").to_owned();
                self.lane_mark(*node, event, MarkKind::Crashed, label.clone(), &label);
                if let Some(lane) = self.lane_of(*node) {
                    self.downs.push(Down {
                        y: self.y(lane),
                        x0: x,
                        x1: None,
                    });
                }
            }
            EventKind::Restarted { node, .. } => {
                let label = lang.pick("重启", "restarted").to_owned();
                self.lane_mark(*node, event, MarkKind::Restarted, label.clone(), &label);
                let y = self.lane_of(*node).map(|l| self.y(l));
                if let Some(down) = self
                    .downs
                    .iter_mut()
                    .rev()
                    .find(|d| Some(d.y) == y && d.x1.is_none())
                {
                    down.x1 = Some(x);
                }
            }
            EventKind::Chosen { ballot, value, .. } => {
                let label = format!(
                    "{} ⟨{ballot}, {}⟩",
                    lang.pick("选定", "chosen"),
                    short_value(value)
                );
                self.global(event, GlobalKind::Chosen, label);
            }
            EventKind::Unsafe { violation, .. } => {
                let label = format!("✗ {}", violation_name(violation, lang));
                self.global(event, GlobalKind::Violation, label);
            }
            _ => {}
        }
    }

    /// The message's arrow ends: it becomes an item, placed for good.
    fn end_arrow(&mut self, msg: MsgId, event: &Event, end: EndKind) {
        let Some(at) = self.flying.iter().position(|t| t.msg == msg) else {
            return;
        };
        let track = self.flying.remove(at);
        let t = event.time as f64;
        let progress = match end {
            // Dropped the moment it was sent, as tours do: drawn halfway, where the stage
            // showed it waiting.
            EndKind::Dropped if track.unmoved(t) => 0.5,
            EndKind::Dropped => track.progress_at(t),
            _ => 1.0,
        };
        let mut points: Vec<(f64, f64)> = track
            .way
            .iter()
            .map(|w| self.at(track.from, track.to, w.x, w.progress))
            .chain([self.at(track.from, track.to, self.now.1, progress)])
            .collect();
        let paused = track
            .paused
            .iter()
            .filter_map(|&i| points.get(i).copied())
            .collect();
        if track.from == track.to {
            // A node's message to itself (its proposer to its acceptor) arcs over its lane.
            points = arc(&points, self.params().pitch * 0.3);
        }
        let params = self.params();
        let text = arrow_text(&track, &self.lanes, end, self.multi, params.lang);
        let label = (!params.compact)
            .then(|| self.placer.along(&points, &labels(&track, self.multi)))
            .flatten();
        if let Some(l) = &label {
            self.placer.put(l.rect());
        }
        let item = Item::new(
            (track.first, event.id),
            event.id,
            Some(msg),
            Shape::Arrow {
                points,
                class: kind_class(track.message.kind()),
                end,
                copy: track.copy,
                paused,
                text,
                label,
            },
        );
        self.push(item);
    }

    /// A mark on `node`'s lane: `label` beside it if there is room, and `what` it means, said
    /// after the node's name ("User2 promised 3"). (The log tells each event in full; the
    /// marks are many, and a long run draws thousands of them at once.)
    fn lane_mark(
        &mut self,
        node: NodeId,
        event: &Event,
        kind: MarkKind,
        label: String,
        what: &str,
    ) {
        let Some(lane) = self.lane_of(node) else {
            return;
        };
        let (x, y) = (self.now.1, self.y(lane));
        let text = format!("{} {what}", self.lanes[lane].name);
        let placed = (!self.params().compact)
            .then(|| self.placer.beside(x, y, &label))
            .flatten();
        self.mark(event, placed, |label| Shape::Mark {
            x,
            y,
            kind,
            text,
            label,
        });
    }

    /// Takes the place of a mark's label, if it has one, and draws the mark for `event`.
    fn mark(
        &mut self,
        event: &Event,
        label: Option<Label>,
        shape: impl FnOnce(Option<Label>) -> Shape,
    ) {
        if let Some(l) = &label {
            self.placer.put(l.rect());
        }
        self.push(Item::new(
            (event.id, event.id),
            event.id,
            None,
            shape(label),
        ));
    }

    fn global(&mut self, event: &Event, kind: GlobalKind, label: String) {
        let x = self.now.1;
        let text = narrate(event, &self.names, self.params().lang).unwrap_or_else(|| label.clone());
        let placed = self.placer.on_top(x, &label);
        self.mark(event, placed, |label| Shape::Global {
            x,
            kind,
            text,
            label,
        });
    }

    /// How a message on its way is drawn, without a label.
    fn flying_view(&self, track: &Track) -> Flying {
        let last = track.last();
        Flying {
            msg: track.msg,
            first: track.first,
            y0: self.y(track.from),
            y1: self.y(track.to),
            way: track.way.iter().map(|w| (w.x, w.progress)).collect(),
            last: (last.tick, last.progress),
            arrive: track.arrive,
            held: track.held,
            lift: if track.from == track.to {
                self.params().pitch * 0.3
            } else {
                0.0
            },
            class: kind_class(track.message.kind()),
            copy: track.copy,
            text: Rc::clone(&track.text),
            id: Rc::clone(&track.id),
            label: None,
        }
    }

    /// The picture at display time `time`. Messages in flight reach the "now" line (halfway,
    /// if `midway`, as the stage draws them in a tour); with `label_flying` (paused) they are
    /// labelled too, where no other label is.
    pub fn view(&self, time: f64, midway: bool, label_flying: bool) -> DiagramView {
        let params = self.params.unwrap_or(Params {
            ppt: super::ZOOM.0,
            pitch: super::PITCH.0,
            compact: false,
            lang: Lang::En,
        });
        let mut scratch = Vec::new();
        let flying: Vec<Rc<Flying>> = self
            .flying
            .iter()
            .map(|track| {
                let shown = track
                    .shown
                    .clone()
                    .unwrap_or_else(|| Rc::new(self.flying_view(track)));
                if !label_flying || params.compact {
                    return shown;
                }
                let mut flying = (*shown).clone();
                let points = flying.points(time, midway, self.now, params.ppt);
                flying.label =
                    self.placer
                        .along_avoiding(&points, &labels(track, self.multi), &scratch);
                if let Some(l) = &flying.label {
                    scratch.push(l.rect());
                }
                Rc::new(flying)
            })
            .collect();
        let mut chunks = Vec::with_capacity(self.sealed.len() + 1);
        chunks.extend(self.sealed.iter().cloned());
        chunks.extend(self.open_chunk.iter().cloned());
        let (t_now, x_now) = self.now;
        let last = self
            .flying
            .iter()
            .map(|t| t.arrive)
            .fold(time.max(t_now), f64::max);
        DiagramView {
            lanes: self.lanes.clone(),
            chunks,
            flying,
            downs: self.downs.clone(),
            ppt: params.ppt,
            pitch: params.pitch,
            compact: params.compact,
            width: x_now + (last - t_now) * params.ppt + PAD,
            height: TOP + self.lanes.len() as f64 * params.pitch + super::BOTTOM,
            now: self.now,
        }
    }
}

/// A path along one lane, lifted into an arc of height `lift` so that it shows.
fn arc(points: &[(f64, f64)], lift: f64) -> Vec<(f64, f64)> {
    let (Some(&first), Some(&last)) = (points.first(), points.last()) else {
        return points.to_vec();
    };
    let steps = 6;
    (0..=steps)
        .map(|i| {
            let f = f64::from(i) / f64::from(steps);
            let x = first.0 + (last.0 - first.0) * f;
            (x, first.1 - lift * 4.0 * f * (1.0 - f))
        })
        .collect()
}

/// Tick numbers: a step that leaves at least [`AXIS_GAP`] pixels between two numbers at
/// `ppt` pixels per tick.
fn axis_step(ppt: f64) -> u64 {
    [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
        .into_iter()
        .find(|&s| s as f64 * ppt >= AXIS_GAP)
        .unwrap_or(20000)
}

/// What a screen reader says of an arrow: "Prepare 2 from User1 to User2, delivered".
fn arrow_text(track: &Track, lanes: &[Lane], end: EndKind, multi: bool, lang: Lang) -> String {
    let name = |i: usize| lanes.get(i).map_or(String::new(), |l| l.name.clone());
    let label = label_of(&track.message, multi);
    let (from, to) = (name(track.from), name(track.to));
    let copy = if track.copy {
        lang.pick("（副本）", " (a copy)")
    } else {
        ""
    };
    let how = match (end, lang) {
        (EndKind::Delivered, Lang::Zh) => "已送达",
        (EndKind::Delivered, Lang::En) => "delivered",
        (EndKind::Dropped, Lang::Zh) => "被丢弃",
        (EndKind::Dropped, Lang::En) => "dropped",
        (EndKind::LostToDeadNode, Lang::Zh) => "丢失：接收者已宕机",
        (EndKind::LostToDeadNode, Lang::En) => "lost: the receiver is down",
        (EndKind::LostAtRandom, Lang::Zh) => "随机丢失",
        (EndKind::LostAtRandom, Lang::En) => "lost at random",
        (EndKind::InFlight, Lang::Zh) if track.held => "已扣住",
        (EndKind::InFlight, Lang::En) if track.held => "held",
        (EndKind::InFlight, Lang::Zh) => "传送中",
        (EndKind::InFlight, Lang::En) => "in flight",
    };
    match lang {
        Lang::Zh => format!("{label}，从 {from} 发往 {to}{copy}，{how}"),
        Lang::En => format!("{label} from {from} to {to}{copy}, {how}"),
    }
}

/// What a screen reader says of a message on its way, shared by every picture until it is
/// held, released or ends.
fn in_flight_text(track: &Track, lanes: &[Lane], multi: bool, lang: Lang) -> Rc<str> {
    Rc::from(arrow_text(track, lanes, EndKind::InFlight, multi, lang))
}

/// A message's label as the stage writes it: in a Multi-Paxos run every message names its slot
/// ("Accept 2 #1 'deposit 50'"), in single-decree Paxos none does.
fn label_of(message: &Message, multi: bool) -> String {
    if multi {
        log_message_label(message)
    } else {
        message_label(message)
    }
}

/// An arrow's label, full and short; a copy's is marked "⧉".
fn labels(track: &Track, multi: bool) -> [String; 2] {
    let copy = if track.copy { "⧉ " } else { "" };
    [
        format!("{copy}{}", label_of(&track.message, multi)),
        format!("{copy}{}", short_label(&track.message)),
    ]
}

/// A message's label when its full one does not fit: its number alone ("2" for "Prepare 2"),
/// its type being told by the arrow's colour and dashes.
fn short_label(message: &Message) -> String {
    message
        .ballot()
        .map_or_else(|| "?".to_owned(), |b| b.to_string())
}

/// The short name of a broken invariant, for its mark.
fn violation_name(violation: &Violation, lang: Lang) -> &'static str {
    match violation {
        Violation::TwoValuesChosen { .. } => lang.pick("选定了两个值", "two values chosen"),
        Violation::DecisionNotChosen { .. } => lang.pick("学到的值未被选定", "decision not chosen"),
        Violation::Validity { .. } => lang.pick("值无人提议", "validity"),
        Violation::NoopOverChosen { .. } => lang.pick("空操作覆盖选定值", "no-op over chosen"),
        Violation::LogsDiverge { .. } => lang.pick("日志不一致", "logs diverge"),
        Violation::AcceptedBelowPromise { .. } => {
            lang.pick("接受低于承诺", "accepted below promise")
        }
        Violation::PromiseDecreased { .. } => lang.pick("承诺变小", "promise decreased"),
        Violation::LostDurableState { .. } => lang.pick("丢失持久状态", "lost durable state"),
        Violation::ReusedBallot { .. } => lang.pick("编号重复使用", "reused ballot"),
    }
}
