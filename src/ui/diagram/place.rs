//! What the diagram draws, in pixels, and where its labels go.
//!
//! Labels are placed greedily in the order things happened: each tries a few spots (the middle
//! of its arrow first, then either side; beside a mark, above then below) and takes the first
//! where it overlaps no label placed before it. If none is free, it tries its short form
//! ("2" for "Prepare 2": colour and dashes tell the type), and if that does not fit either it
//! is left out: its arrow or mark still tells it in full on hover and focus. So no label ever overlaps another, however
//! crowded the run.

use std::rc::Rc;

use crate::paxos::{NodeId, Role};
use crate::sim::{EventId, MsgId};
use crate::ui::scene::text_width;

use super::{FONT, LABEL_H, TOP};

/// A node's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// The node.
    pub node: NodeId,
    /// Its name.
    pub name: String,
    /// Its roles, for the badges.
    pub roles: Vec<Role>,
    /// Where the lane runs.
    pub y: f64,
}

/// How an arrow ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndKind {
    /// It reached its receiver.
    Delivered,
    /// The user dropped it.
    Dropped,
    /// It reached a node that was down.
    LostToDeadNode,
    /// The network's random loss took it.
    LostAtRandom,
    /// It is still on its way.
    InFlight,
}

/// What a mark on a lane means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// An acceptor promised.
    Promised,
    /// An acceptor accepted a proposal.
    Accepted,
    /// An acceptor refused a Prepare or an Accept.
    Refused,
    /// A node learned the chosen value.
    Decided,
    /// A client asked a proposer to propose.
    Proposed,
    /// The node crashed.
    Crashed,
    /// The node restarted.
    Restarted,
}

/// What a mark across the diagram means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlobalKind {
    /// A value became chosen at the acceptors.
    Chosen,
    /// The safety checker found a violation.
    Violation,
}

/// A placed label: its centre, its width, and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Centre.
    pub x: f64,
    /// Centre.
    pub y: f64,
    /// Width of its pill.
    pub w: f64,
    /// The text.
    pub text: String,
}

/// A rectangle: left, top, width, height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Whether the two overlap (touching is not overlapping).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }
}

impl Label {
    fn new(text: &str, x: f64, y: f64) -> Label {
        Label {
            x,
            y,
            w: text_width(text, FONT) + 8.0,
            text: text.to_owned(),
        }
    }

    /// The pill's rectangle, with a pixel of margin.
    pub fn rect(&self) -> Rect {
        Rect {
            x: self.x - self.w / 2.0 - 1.0,
            y: self.y - LABEL_H / 2.0 - 1.0,
            w: self.w + 2.0,
            h: LABEL_H + 2.0,
        }
    }
}

/// What an item is.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A message that ended, as a polyline in pixels.
    Arrow {
        /// Its points, sender first.
        points: Vec<(f64, f64)>,
        /// The CSS class of its type.
        class: &'static str,
        /// How it ended.
        end: EndKind,
        /// Whether it is a copy made by duplicating.
        copy: bool,
        /// Where it was held (it waited there, drawn flat, until released).
        paused: Vec<(f64, f64)>,
        /// What it says in full.
        text: String,
        /// Its label, if one fitted.
        label: Option<Label>,
    },
    /// A mark on a lane.
    Mark {
        /// Where.
        x: f64,
        /// Where.
        y: f64,
        /// What.
        kind: MarkKind,
        /// What it says in full.
        text: String,
        /// Its label, if one fitted.
        label: Option<Label>,
    },
    /// A number on the tick axis.
    Tick {
        /// Where.
        x: f64,
        /// The tick.
        tick: u64,
    },
    /// A mark across all lanes.
    Global {
        /// Where.
        x: f64,
        /// What.
        kind: GlobalKind,
        /// What it says in full.
        text: String,
        /// Its label, if one fitted.
        label: Option<Label>,
    },
}

/// One thing drawn, with the events it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The first and the last event it shows (for an arrow: sent, and delivered or lost).
    pub events: (EventId, EventId),
    /// The event a click on it goes to.
    pub goto: EventId,
    /// The message, for an arrow.
    pub msg: Option<MsgId>,
    /// Its leftmost pixel, label included.
    pub x0: f64,
    /// Its rightmost pixel, label included.
    pub x1: f64,
    /// What it is.
    pub shape: Shape,
}

impl Item {
    /// An item, with its extent worked out.
    pub fn new(
        events: (EventId, EventId),
        goto: EventId,
        msg: Option<MsgId>,
        shape: Shape,
    ) -> Item {
        let (mut x0, mut x1) = match &shape {
            Shape::Arrow { points, .. } => points
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0))),
            Shape::Mark { x, .. } | Shape::Global { x, .. } | Shape::Tick { x, .. } => {
                (x - 20.0, x + 20.0)
            }
        };
        if let Shape::Arrow { label: Some(l), .. }
        | Shape::Mark { label: Some(l), .. }
        | Shape::Global { label: Some(l), .. } = &shape
        {
            x0 = x0.min(l.x - l.w / 2.0);
            x1 = x1.max(l.x + l.w / 2.0);
        }
        Item {
            events,
            goto,
            msg,
            x0,
            x1,
            shape,
        }
    }

    /// Its label, if it has one.
    pub fn label(&self) -> Option<&Label> {
        match &self.shape {
            Shape::Arrow { label, .. }
            | Shape::Mark { label, .. }
            | Shape::Global { label, .. } => label.as_ref(),
            Shape::Tick { .. } => None,
        }
    }
}

/// Items drawn together; sealed chunks never change.
#[derive(Clone, Debug)]
pub struct Chunk {
    /// The items.
    pub items: Vec<Item>,
    /// The leftmost pixel of any of them.
    pub x0: f64,
    /// The rightmost pixel of any of them.
    pub x1: f64,
}

impl Chunk {
    /// A chunk of `items`.
    pub fn new(items: Vec<Item>) -> Chunk {
        let x0 = items.iter().map(|i| i.x0).fold(f64::MAX, f64::min);
        let x1 = items.iter().map(|i| i.x1).fold(f64::MIN, f64::max);
        Chunk { items, x0, x1 }
    }
}

/// A stretch of a lane while its node was down.
#[derive(Clone, Debug, PartialEq)]
pub struct Down {
    /// The lane.
    pub y: f64,
    /// From (the crash).
    pub x0: f64,
    /// To (the restart); `None` while still down.
    pub x1: Option<f64>,
}

/// A message still on its way: its arrow grows with the display clock.
#[derive(Clone, Debug, PartialEq)]
pub struct Flying {
    /// The message.
    pub msg: MsgId,
    /// The event that put it on the network.
    pub first: EventId,
    /// The sender's lane.
    pub y0: f64,
    /// The receiver's lane.
    pub y1: f64,
    /// Where it is drawn from, then where it stopped and went on, as (column, progress).
    pub way: Vec<(f64, f64)>,
    /// The tick and the progress of the last point of its way.
    pub last: (f64, f64),
    /// When it is due.
    pub arrive: f64,
    /// Whether it is held now.
    pub held: bool,
    /// The height of its arc, for a message a node sends to itself (else 0).
    pub lift: f64,
    /// The CSS class of its type.
    pub class: &'static str,
    /// Whether it is a copy.
    pub copy: bool,
    /// What it says in full (shared with the diagram's record of the message).
    pub text: Rc<str>,
    /// The message's id as text (shared likewise).
    pub id: Rc<str>,
    /// Its label (only when paused), if one fitted.
    pub label: Option<Label>,
}

/// How far ahead of a message's tip its unseen hit area may reach, in pixels: the hit area is
/// redrawn only when the tip has passed it, a step ahead and never behind, which spares the
/// browser most path updates while messages glide.
pub const HIT_STEP: f64 = 32.0;

/// Phases of the hit areas' steps: message `m` takes the phase `m % PHASES`.
const PHASES: u64 = 8;

impl Flying {
    /// The display time its hit area reaches at display time `time` and `ppt` pixels per tick:
    /// `time` rounded up to a whole [`HIT_STEP`], each message at a phase of its own, so that
    /// a frame redraws the hit areas of a few of the messages in flight, not all of them
    /// every few frames.
    pub fn hit_time(&self, time: f64, ppt: f64) -> f64 {
        let step = HIT_STEP / ppt.max(1e-9);
        let phase = (self.msg.0 % PHASES) as f64 / PHASES as f64 * step;
        ((time + phase) / step).ceil() * step - phase
    }

    /// Its polyline in pixels at display time `time`: up to the "now" line, or halfway
    /// (`midway`, as the stage draws messages in a tour). `now` is the tick and the column of
    /// the run's last step; time goes on from there at `ppt` pixels per tick.
    pub fn points(&self, time: f64, midway: bool, now: (f64, f64), ppt: f64) -> Vec<(f64, f64)> {
        let (t0, p0) = self.last;
        let from = self.way.last().map_or(now.1, |w| w.0);
        let span = (self.arrive - t0).max(1.0);
        let (t, p) = if self.held {
            (time, p0)
        } else if midway {
            let p = p0.max(0.5);
            (t0 + (p - p0) / (1.0 - p0).max(1e-9) * span, p)
        } else {
            let t = crate::ui::layout::clamp(time, t0, self.arrive);
            (t, p0 + (t - t0) / span * (1.0 - p0))
        };
        let tip = ((now.1 + (t - now.0) * ppt).max(from + 1.0), p);
        if self.lift > 0.0 {
            // To itself: an arc over the lane, drawn as far as the message has got.
            let (a, b) = (self.way[0], tip);
            return (0..=6)
                .map(|i| {
                    let f = f64::from(i) / 6.0;
                    let (x, p) = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
                    (x, self.y0 - self.lift * 4.0 * p * (1.0 - p))
                })
                .collect();
        }
        self.way
            .iter()
            .copied()
            .chain([tip])
            .map(|(x, p)| (x, self.y0 + (self.y1 - self.y0) * p))
            .collect()
    }
}

/// Everything the diagram draws at one instant. Sealed chunks are shared from view to view,
/// never copied.
#[derive(Clone, Debug, Default)]
pub struct DiagramView {
    /// The lanes, in the stage's order.
    pub lanes: Vec<Lane>,
    /// What ended or happened, in order, in chunks.
    pub chunks: Vec<Rc<Chunk>>,
    /// Messages on their way.
    pub flying: Vec<Rc<Flying>>,
    /// Lanes while their node was down.
    pub downs: Vec<Down>,
    /// Pixels per tick.
    pub ppt: f64,
    /// Pixels between lanes.
    pub pitch: f64,
    /// Labels hidden.
    pub compact: bool,
    /// The width of the whole run, in pixels.
    pub width: f64,
    /// The height of the lanes and bands.
    pub height: f64,
    /// The tick and the column of the run's last step.
    pub now: (f64, f64),
}

impl DiagramView {
    /// Every item drawn, in order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.chunks.iter().flat_map(|c| c.items.iter())
    }

    /// Every label drawn, flying messages' included.
    pub fn labels(&self) -> Vec<&Label> {
        self.items()
            .filter_map(Item::label)
            .chain(self.flying.iter().filter_map(|f| f.label.as_ref()))
            .collect()
    }

    /// The column of display time `time`, from the run's last step on.
    pub fn x(&self, time: f64) -> f64 {
        self.now.1 + (time - self.now.0).max(0.0) * self.ppt
    }
}

/// Strip width of the placer's index.
const CELL: f64 = 64.0;

/// The labels placed so far, indexed by vertical strips of the plane ([`CELL`] pixels wide),
/// and the spots a new label tries.
#[derive(Clone, Debug, Default)]
pub struct Placer {
    strips: Vec<Vec<Rect>>,
}

/// The strips a rectangle lies in.
fn strips_of(r: &Rect) -> std::ops::RangeInclusive<usize> {
    (r.x.max(0.0) / CELL) as usize..=((r.x + r.w).max(0.0) / CELL) as usize
}

/// The point a fraction `f` of the way along a polyline.
fn point_along(points: &[(f64, f64)], f: f64) -> (f64, f64) {
    let lengths: Vec<f64> = points
        .windows(2)
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .collect();
    let total: f64 = lengths.iter().sum();
    let mut left = total * f;
    for (w, len) in points.windows(2).zip(&lengths) {
        if left <= *len && *len > 0.0 {
            let k = left / len;
            return (
                w[0].0 + (w[1].0 - w[0].0) * k,
                w[0].1 + (w[1].1 - w[0].1) * k,
            );
        }
        left -= len;
    }
    *points.last().unwrap_or(&(0.0, 0.0))
}

impl Placer {
    /// Whether `r` is clear of every label placed, and of `extra`.
    fn free(&self, r: &Rect, extra: &[Rect]) -> bool {
        r.x >= 0.0
            && r.y >= 0.0
            && !extra.iter().any(|e| e.overlaps(r))
            && strips_of(r).all(|i| {
                self.strips
                    .get(i)
                    .is_none_or(|rs| !rs.iter().any(|e| e.overlaps(r)))
            })
    }

    /// Takes `r` for good.
    pub fn put(&mut self, r: Rect) {
        for i in strips_of(&r) {
            if self.strips.len() <= i {
                self.strips.resize_with(i + 1, Vec::new);
            }
            self.strips[i].push(r);
        }
    }

    /// The first free spot among `spots` for the first text that has one.
    fn first_free(
        &self,
        texts: &[String],
        spots: impl Fn(f64) -> Vec<(f64, f64)>,
        extra: &[Rect],
    ) -> Option<Label> {
        texts.iter().find_map(|text| {
            let w = text_width(text, FONT) + 8.0;
            spots(w)
                .into_iter()
                .map(|(x, y)| Label::new(text, x, y))
                .find(|l| self.free(&l.rect(), extra))
        })
    }

    /// A label on a message's arrow: its middle, or a little before or after.
    pub fn along(&self, points: &[(f64, f64)], texts: &[String]) -> Option<Label> {
        self.along_avoiding(points, texts, &[])
    }

    /// [`Placer::along`], clear of `extra` too.
    pub fn along_avoiding(
        &self,
        points: &[(f64, f64)],
        texts: &[String],
        extra: &[Rect],
    ) -> Option<Label> {
        self.first_free(
            texts,
            |_| {
                [0.5, 0.35, 0.65, 0.2, 0.8]
                    .iter()
                    .map(|&f| point_along(points, f))
                    .collect()
            },
            extra,
        )
    }

    /// A label beside a mark on a lane: above right, below right, above left, below left.
    pub fn beside(&self, x: f64, y: f64, text: &str) -> Option<Label> {
        let dy = LABEL_H / 2.0 + 4.0;
        self.first_free(
            &[text.to_owned()],
            |w| {
                let dx = w / 2.0 + 6.0;
                vec![
                    (x + dx, y - dy),
                    (x + dx, y + dy),
                    (x - dx, y - dy),
                    (x - dx, y + dy),
                ]
            },
            &[],
        )
    }

    /// A label in the band above the lanes, for a mark across them.
    pub fn on_top(&self, x: f64, text: &str) -> Option<Label> {
        let rows = [LABEL_H / 2.0 + 1.0, TOP - LABEL_H / 2.0 - 1.0];
        self.first_free(
            &[text.to_owned()],
            |w| {
                let dx = w / 2.0 + 4.0;
                rows.iter()
                    .flat_map(|&y| [(x + dx, y), (x - dx, y)])
                    .collect()
            },
            &[],
        )
    }
}
