//! The space-time diagram: the whole run drawn as Lamport drew it, one lane per node and one
//! arrow per message, time running left to right.
//!
//! The stage shows one instant; Paxos is about *order*. Which Prepare overtook which Accept,
//! and what an acceptor had promised when an Accept arrived, are read off the diagram at a
//! glance: a promise mark sits on the acceptor's lane after the Prepare's arrow arrives, and a
//! refusal mark where an Accept arrives too late.
//!
//! Everything here is pure and tested natively:
//! * [`model`]: the trace, event by event, becomes lanes, arrows and marks, in virtual ticks;
//! * [`place`]: ticks become pixels for a zoom, and every label gets a place where it overlaps
//!   no other label, or is shortened, or left to the tooltip;
//! * [`svg`]: a finished stretch of the run as SVG text.
//!
//! The builder, [`Diagram`], follows the run's [`History`](crate::sim::History): while the run
//! grows it only adds what is new (a drawn arrow never moves), and it starts over when the run
//! went back or took another way. Its output, [`DiagramView`], is made of sealed chunks shared
//! behind `Rc`s, so a component that draws chunk by chunk redraws only the newest one.

pub mod model;
pub mod place;
pub mod svg;

pub use model::{Diagram, Params};
pub use place::{
    Chunk, DiagramView, Down, EndKind, Flying, GlobalKind, Item, Label, Lane, MarkKind, Shape,
};

/// Width of the lanes' name column, in CSS pixels.
pub const LEFT: f64 = 104.0;
/// Height of the band above the lanes, where global marks (chosen, violations) are named.
pub const TOP: f64 = 32.0;
/// Height of the band below the lanes, with the tick numbers.
pub const BOTTOM: f64 = 18.0;
/// Space before tick 0 and after the last tick.
pub const PAD: f64 = 24.0;
/// The smallest and largest distance between two lanes.
pub const PITCH: (f64, f64) = (28.0, 72.0);
/// Font size of the labels (kept equal to `.dg-label` in `app.css`).
pub const FONT: f64 = 11.0;
/// Height of a label's pill.
pub const LABEL_H: f64 = 15.0;
/// Pixels per tick: the default, the least and the most.
pub const ZOOM: (f64, f64, f64) = (9.0, 0.25, 40.0);

/// The distance between lanes that fits `lanes` lanes into `height` pixels.
pub fn pitch_for(height: f64, lanes: usize) -> f64 {
    let room = height - TOP - BOTTOM - 6.0;
    super::layout::clamp(room / lanes.max(1) as f64, PITCH.0, PITCH.1)
}

/// Pixels per tick that show a run `span` ticks long ([`Diagram::span`]) in a view `width`
/// pixels wide.
pub fn fit_zoom(width: f64, span: f64) -> f64 {
    let room = (width - LEFT - 2.0 * PAD).max(40.0);
    super::layout::clamp(room / span.max(1.0), ZOOM.1, ZOOM.2)
}

/// The next zoom level in or out from `ppt`, by whole steps of √2.
pub fn zoom_step(ppt: f64, zoom_in: bool) -> f64 {
    let factor = if zoom_in {
        std::f64::consts::SQRT_2
    } else {
        1.0 / std::f64::consts::SQRT_2
    };
    super::layout::clamp(ppt * factor, ZOOM.1, ZOOM.2)
}

#[cfg(test)]
mod tests;
