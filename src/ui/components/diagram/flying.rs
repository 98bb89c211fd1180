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

/// What a message's element was drawn from.
struct Shown {
    flying: Rc<Flying>,
    /// Selected, and in the tour's current step.
    marks: (bool, bool),
    /// The display time its hit area reaches, and whether the messages wait midway.
    hit: (f64, bool),
    element: web_sys::Element,
}

/// The elements of the messages on their way, in the order of [`DiagramView::flying`], inside
/// one group that Yew draws empty and leaves alone.
#[derive(Default)]
pub struct FlyingHits {
    group: Option<web_sys::Element>,
    shown: Vec<Shown>,
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

/// A message to show, and its element if it is kept from the last render.
struct Wanted {
    flying: Rc<Flying>,
    marks: (bool, bool),
    hit: (f64, bool),
    kept: Option<Shown>,
}

impl FlyingHits {
    /// Brings the elements in `group` up to `frame`.
    pub fn update(&mut self, group: web_sys::Element, frame: &Frame) {
        if self.group.as_ref() != Some(&group) {
            group.set_inner_html("");
            self.shown.clear();
            self.group = Some(group.clone());
        }
        let view = frame.view;
        let mut old: Vec<Option<Shown>> = std::mem::take(&mut self.shown)
            .into_iter()
            .map(Some)
            .collect();
        // Where the search for the next message's element starts: the messages keep their
        // order, so it is mostly found there.
        let mut from = 0;
        // The kept elements' places among the old ones: in order, unless the run was drawn
        // again another way, and then every element is put in place anew.
        let mut places = Vec::new();
        let wanted: Vec<Wanted> = view
            .flying
            .iter()
            .map(|f| {
                let marks = (
                    frame.selected == Some(f.msg),
                    frame.step_from.is_some_and(|s| f.first >= s),
                );
                let hit = (f.hit_time(frame.time, view.ppt), frame.midway);
                let is = |s: &Option<Shown>| s.as_ref().is_some_and(|s| s.flying.msg == f.msg);
                let found = (old[from..].iter().position(is).map(|i| from + i))
                    .or_else(|| old[..from].iter().position(is));
                if let Some(i) = found {
                    from = i + 1;
                }
                let mut kept = found.and_then(|i| old[i].take());
                // Drawn again if it changed (held, released, labelled) or was marked.
                if let Some(s) = kept.take_if(|s| {
                    s.marks != marks || !(Rc::ptr_eq(&s.flying, f) || *s.flying == **f)
                }) {
                    s.element.remove();
                }
                if kept.is_some() {
                    places.extend(found);
                }
                Wanted {
                    flying: Rc::clone(f),
                    marks,
                    hit,
                    kept,
                }
            })
            .collect();
        for gone in old.into_iter().flatten() {
            gone.element.remove();
        }
        let in_order = places.is_sorted();
        // Each element goes after the one before it; new ones are written as text, a run of
        // them at a time.
        let mut place = Place {
            group,
            last: None,
            text: String::new(),
            new: Vec::new(),
            shown: Vec::with_capacity(wanted.len()),
        };
        for w in wanted {
            let hit = || path_d(&w.flying.points(w.hit.0, w.hit.1, view.now, view.ppt));
            match w.kept {
                Some(s) => {
                    place.write_new();
                    if s.hit != w.hit {
                        if let Some(path) = s.element.first_element_child() {
                            let _ = path.set_attribute("d", &hit());
                        }
                    }
                    if !in_order {
                        let next = match &place.last {
                            Some(last) => last.next_sibling(),
                            None => place.group.first_child(),
                        };
                        let _ = place.group.insert_before(&s.element, next.as_ref());
                    }
                    place.last = Some(s.element.clone());
                    place.shown.push(Shown { hit: w.hit, ..s });
                }
                None => {
                    svg::flying(&mut place.text, &w.flying, &hit(), w.marks.0, w.marks.1);
                    place.new.push(w);
                }
            }
        }
        place.write_new();
        self.shown = place.shown;
    }
}

/// The elements placed so far, and the new ones waiting to be written after them.
struct Place {
    group: web_sys::Element,
    last: Option<web_sys::Element>,
    text: String,
    new: Vec<Wanted>,
    shown: Vec<Shown>,
}

impl Place {
    /// Writes the new elements waiting, after the last one placed.
    fn write_new(&mut self) {
        if self.new.is_empty() {
            return;
        }
        let mut next = match &self.last {
            Some(last) => last
                .insert_adjacent_html("afterend", &self.text)
                .ok()
                .and_then(|()| last.next_element_sibling()),
            None => self
                .group
                .insert_adjacent_html("afterbegin", &self.text)
                .ok()
                .and_then(|()| self.group.first_element_child()),
        };
        self.text.clear();
        for w in self.new.drain(..) {
            let Some(element) = next else {
                break;
            };
            next = element.next_element_sibling();
            self.last = Some(element.clone());
            self.shown.push(Shown {
                flying: w.flying,
                marks: w.marks,
                hit: w.hit,
                element,
            });
        }
    }
}
