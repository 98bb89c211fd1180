//! Elements that a layer of the diagram keeps by hand rather than through Yew, inside one group
//! that Yew draws empty and leaves alone: each with what it was drawn from, in order. A render
//! keeps the elements still shown, in their places, and writes the new ones as SVG text, a run
//! of them at a time.

/// An element, and what it was drawn from.
pub struct Shown<T> {
    pub from: T,
    pub element: web_sys::Element,
}

/// A layer's elements, in order, and the group that holds them.
pub struct Kept<T> {
    group: Option<web_sys::Element>,
    shown: Vec<Shown<T>>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            group: None,
            shown: Vec::new(),
        }
    }
}

impl<T> Kept<T> {
    /// Starts a render into `group`: the elements shown until now, in order (none if the
    /// group is not the one they were drawn in), and where to place this render's. The caller
    /// removes the old ones it does not keep, and hands the place back to [`Kept::finish`].
    pub fn start(&mut self, group: web_sys::Element) -> (Vec<Shown<T>>, Place<T>) {
        if self.group.as_ref() != Some(&group) {
            group.set_inner_html("");
            self.shown.clear();
            self.group = Some(group.clone());
        }
        let old = std::mem::take(&mut self.shown);
        let place = Place {
            group,
            last: None,
            text: String::new(),
            new: Vec::new(),
            shown: Vec::with_capacity(old.len()),
        };
        (old, place)
    }

    /// Ends a render: what was placed is what is shown.
    pub fn finish(&mut self, mut place: Place<T>) {
        place.write_new();
        self.shown = place.shown;
    }
}

/// The elements placed so far in a render, and the new ones waiting to be written after them.
pub struct Place<T> {
    group: web_sys::Element,
    last: Option<web_sys::Element>,
    /// The new elements' SVG text, written by the caller before each [`Place::add`].
    pub text: String,
    new: Vec<T>,
    shown: Vec<Shown<T>>,
}

impl<T> Place<T> {
    /// Keeps an element shown before, after the ones placed so far.
    pub fn keep(&mut self, shown: Shown<T>) {
        self.write_new();
        self.last = Some(shown.element.clone());
        self.shown.push(shown);
    }

    /// Places a new element, whose text was just written into [`Place::text`].
    pub fn add(&mut self, from: T) {
        self.new.push(from);
    }

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
        for from in self.new.drain(..) {
            let Some(element) = next else {
                break;
            };
            next = element.next_element_sibling();
            self.last = Some(element.clone());
            self.shown.push(Shown { from, element });
        }
    }
}
