//! The run's arrows and marks as elements of the page, a group per chunk, kept up to date by
//! hand rather than by Yew.
//!
//! While the run plays, only the newest chunk grows: a frame that delivers messages adds their
//! items to its group as one piece of SVG text, and a chunk that fills up and is sealed keeps
//! its elements as they are. Drawn through Yew, each new item was a raw piece of its own, and
//! a sealed chunk was drawn again as one piece: sixteen elements taken off the page and parsed
//! anew, in the frames that were already the busiest.
//!
//! A chunk's group is drawn again in full only when what it shows changed another way: the run
//! went back in time, the tour moved to a step whose events it holds, the lanes moved.

use std::rc::Rc;

use crate::sim::EventId;
use crate::ui::diagram::svg;
use crate::ui::diagram::{Chunk, Item};

use super::kept::{Kept, Shown};

/// What a chunk's items are drawn with, besides themselves.
#[derive(Clone, Copy, PartialEq)]
struct Look {
    /// The top of the lanes.
    top: f64,
    /// The bottom of the lanes.
    bottom: f64,
    /// The current tour step's first event, if the chunk has events of it.
    step_from: Option<EventId>,
}

/// What a chunk's group was drawn from.
struct Drawn {
    /// The chunk's place in [`crate::ui::diagram::DiagramView::chunks`].
    index: usize,
    chunk: Rc<Chunk>,
    look: Look,
}

/// The groups of the chunks in view, in the order of their places.
#[derive(Default)]
pub struct ChunkLayer {
    kept: Kept<Drawn>,
}

impl ChunkLayer {
    /// Brings the groups in `group` up to the chunks that reach into `x0..=x1` (content
    /// pixels), drawn between the lanes' `top` and `bottom`; `step_from` is the current tour
    /// step's first event.
    pub fn update(
        &mut self,
        group: web_sys::Element,
        chunks: &[Rc<Chunk>],
        (x0, x1): (f64, f64),
        (top, bottom): (f64, f64),
        step_from: Option<EventId>,
    ) {
        let (old, mut place) = self.kept.start(group);
        let mut old = old.into_iter().peekable();
        let visible = chunks.iter().enumerate();
        for (index, chunk) in visible.filter(|(_, c)| c.x1 >= x0 && c.x0 <= x1) {
            let look = Look {
                top,
                bottom,
                step_from: step_from.filter(|s| chunk.items.iter().any(|i| i.events.1 >= *s)),
            };
            // Groups of chunks before this one have left the view.
            while let Some(gone) = old.next_if(|d| d.from.index < index) {
                gone.element.remove();
            }
            match old.next_if(|d| d.from.index == index) {
                Some(mut d) => {
                    if !(Rc::ptr_eq(&d.from.chunk, chunk) && d.from.look == look) {
                        redraw(&d, &chunk.items, look);
                        d.from.chunk = Rc::clone(chunk);
                        d.from.look = look;
                    }
                    place.keep(d);
                }
                None => {
                    place.text.push_str(r#"<g class="dg-chunk">"#);
                    write(&mut place.text, &chunk.items, look);
                    place.text.push_str("</g>");
                    let chunk = Rc::clone(chunk);
                    place.add(Drawn { index, chunk, look });
                }
            }
        }
        for gone in old {
            gone.element.remove();
        }
        self.kept.finish(place);
    }
}

/// Brings a drawn chunk's group up to `items`: the new ones added at its end if it only grew
/// (or was sealed, with the same items), otherwise everything drawn again.
fn redraw(drawn: &Shown<Drawn>, items: &[Item], look: Look) {
    let before = &drawn.from.chunk.items;
    let mut text = String::new();
    if drawn.from.look == look && items.starts_with(before) {
        write(&mut text, &items[before.len()..], look);
        if !text.is_empty() {
            let _ = drawn.element.insert_adjacent_html("beforeend", &text);
        }
    } else {
        write(&mut text, items, look);
        drawn.element.set_inner_html(&text);
    }
}

/// The SVG text of `items`.
fn write(text: &mut String, items: &[Item], look: Look) {
    text.reserve(400 * items.len());
    for item in items {
        svg::item(text, item, look.top, look.bottom, look.step_from);
    }
}
