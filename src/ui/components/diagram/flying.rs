//! The messages on their way as elements of the page, one each, kept up to date by hand
//! rather than by Yew: for the pointer (an unseen hit area along the arrow) and for assistive
//! technology (`role="img"` and the message's name).
//!
//! Hundreds of messages may fly, and a frame that delivers some and sends others would
//! otherwise mount and unmount a component for each, and diff every other one. Here a frame
//! removes the elements of the messages gone, inserts those of the new ones as SVG text, and
//! moves the hit areas whose step has come ([`Flying::hit_time`]): a few per frame.

use std::rc::Rc;

use crate::sim::{EventId, MsgId};
use crate::ui::diagram::svg::{self, path_d};
use crate::ui::diagram::{DiagramView, Flying};

use super::kept::{Kept, Shown};

/// What a message's element is drawn from.
struct Look {
    flying: Rc<Flying>,
    /// Selected, and in the tour's current step.
    marks: (bool, bool),
    /// The display time its hit area reaches, and whether the messages wait midway.
    hit: (f64, bool),
}

/// The elements of the messages on their way, in the order of [`DiagramView::flying`], inside
/// one group that Yew draws empty and leaves alone.
#[derive(Default)]
pub struct FlyingHits {
    kept: Kept<Look>,
}

/// What the elements show at one render.
pub struct Frame<'a> {
    /// The picture.
    pub view: &'a DiagramView,
    /// The display clock.
    pub time: f64,
    /// Messages wait midway (a guided tour).
    pub midway: bool,
    /// The message whose menu is open.
    pub selected: Option<MsgId>,
    /// In a guided tour: the first event of the current step.
    pub step_from: Option<EventId>,
}

impl FlyingHits {
    /// Brings the elements in `group` up to `frame`.
    pub fn update(&mut self, group: web_sys::Element, frame: &Frame) {
        let view = frame.view;
        let (old, mut place) = self.kept.start(group);
        let mut old = old.into_iter();
        for f in &view.flying {
            let marks = (
                frame.selected == Some(f.msg),
                frame.step_from.is_some_and(|s| f.first >= s),
            );
            let hit = (f.hit_time(frame.time, view.ppt), frame.midway);
            let d = || path_d(&f.points(hit.0, hit.1, view.now, view.ppt));
            // The messages keep their order: the elements before this message's are of
            // messages gone (or, if the run was drawn again another way, are drawn anew).
            let mut kept = None;
            if old.as_slice().iter().any(|s| s.from.flying.msg == f.msg) {
                for s in old.by_ref() {
                    if s.from.flying.msg == f.msg {
                        kept = Some(s);
                        break;
                    }
                    s.element.remove();
                }
            }
            match kept {
                // Kept unless it changed (held, released, labelled) or was marked.
                Some(s) if s.from.marks == marks && Rc::ptr_eq(&s.from.flying, f) => {
                    if s.from.hit != hit {
                        if let Some(path) = s.element.first_element_child() {
                            let _ = path.set_attribute("d", &d());
                        }
                    }
                    place.keep(Shown {
                        from: Look { hit, ..s.from },
                        element: s.element,
                    });
                }
                _ => {
                    if let Some(s) = kept {
                        s.element.remove();
                    }
                    svg::flying(&mut place.text, f, &d(), marks.0, marks.1);
                    place.add(Look {
                        flying: Rc::clone(f),
                        marks,
                        hit,
                    });
                }
            }
        }
        for gone in old {
            gone.element.remove();
        }
        self.kept.finish(place);
    }
}
