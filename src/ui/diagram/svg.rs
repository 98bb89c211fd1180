//! The items of the run as SVG text. The page inserts each as it is: thousands of arrows become
//! thousands of pieces of markup instead of tens of thousands of virtual nodes, and one
//! listener on their parent reads what was clicked or pointed at from the `data-` attributes:
//! * `data-goto`: the event a click goes to;
//! * `data-arrow`: the message an arrow carries (linked across the views on hover);
//! * `data-ev`: the events an item shows (its first and last), for the keyboard cursor's
//!   highlight.

use std::fmt::Write;

use crate::sim::EventId;
use crate::ui::describe::{role_class, role_letter};
use crate::ui::layout;

use super::place::{Down, EndKind, Flying, GlobalKind, Item, Label, Lane, MarkKind, Shape};
use super::LEFT;

/// Escapes text for SVG content and double-quoted attributes.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// A number for SVG, with at most one decimal: "12.3", "-0.5", "40".
fn n(v: f64) -> Tenths {
    Tenths(v)
}

/// A number written to a tenth without allocating ([`layout::tenths`]): the diagram writes
/// thousands of them per frame.
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (digits, start) = layout::tenths(self.0);
        digits[start..]
            .iter()
            .try_for_each(|&b| f.write_char(char::from(b)))
    }
}

/// SVG path data through `points`.
pub fn path_d(points: &[(f64, f64)]) -> String {
    let mut d = String::with_capacity(points.len() * 14);
    for (i, (x, y)) in points.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { " L" });
        layout::push_num(&mut d, *x);
        d.push(',');
        layout::push_num(&mut d, *y);
    }
    d
}

/// A label's pill and text.
pub fn label(out: &mut String, l: &Label) {
    let _ = write!(
        out,
        r#"<g class="dg-label"><rect x="{}" y="{}" width="{}" height="15" rx="4"/><text x="{}" y="{}">{}</text></g>"#,
        n(l.x - l.w / 2.0),
        n(l.y - 7.5),
        n(l.w),
        n(l.x),
        n(l.y + 3.8),
        esc(&l.text)
    );
}

/// A ✕ where a message was removed, or a refusal.
fn cross(out: &mut String, x: f64, y: f64) {
    let _ = write!(
        out,
        r#"<path class="dg-cross" d="M{},{} L{},{} M{},{} L{},{}"/>"#,
        n(x - 5.0),
        n(y - 5.0),
        n(x + 5.0),
        n(y + 5.0),
        n(x - 5.0),
        n(y + 5.0),
        n(x + 5.0),
        n(y - 5.0)
    );
}

/// The opening of an item's group: its classes, its events and what it says.
fn open(out: &mut String, item: &Item, class: &str, text: &str, step_from: Option<EventId>) {
    let step = if step_from.is_some_and(|s| item.events.1 >= s) {
        " dg-step"
    } else {
        ""
    };
    let msg = item
        .msg
        .map(|m| format!(r#" data-arrow="{}""#, m.0))
        .unwrap_or_default();
    let text = esc(text);
    let _ = write!(
        out,
        r#"<g class="{class}{step}" data-goto="{}" data-ev="{} {}"{msg} role="img" tabindex="-1" aria-label="{text}"><title>{text}</title>"#,
        item.goto.0, item.events.0 .0, item.events.1 .0
    );
}

/// The SVG of one item.
pub fn item(out: &mut String, item: &Item, top: f64, bottom: f64, step_from: Option<EventId>) {
    match &item.shape {
        Shape::Arrow {
            points,
            class,
            end,
            copy,
            paused,
            text,
            label: l,
        } => {
            let end_class = match end {
                EndKind::Dropped => " dg-dropped",
                EndKind::LostToDeadNode | EndKind::LostAtRandom => " dg-lost",
                _ => "",
            };
            let copy = if *copy { " dg-copy" } else { "" };
            open(
                out,
                item,
                &format!("dg-arrow {class}{copy}{end_class}"),
                text,
                step_from,
            );
            let d = path_d(points);
            let _ = write!(out, r#"<path class="dg-hit" d="{d}"/>"#);
            if *end == EndKind::Delivered {
                let _ = write!(
                    out,
                    r#"<path class="dg-line" d="{d}" marker-end="url(#dg-head-{class})"/>"#
                );
            } else {
                let _ = write!(out, r#"<path class="dg-line" d="{d}"/>"#);
                if let Some(&(x, y)) = points.last() {
                    cross(out, x, y);
                }
            }
            for (x, y) in paused {
                let _ = write!(
                    out,
                    r#"<text class="dg-pause" x="{}" y="{}">⏸</text>"#,
                    n(*x),
                    n(y - 6.0)
                );
            }
            if let Some(l) = l {
                label(out, l);
            }
        }
        Shape::Mark {
            x,
            y,
            kind,
            text,
            label: l,
        } => {
            let (x, y) = (*x, *y);
            let kind_class = match kind {
                MarkKind::Promised => "dg-promised",
                MarkKind::Accepted => "dg-accepted",
                MarkKind::Refused => "dg-refused",
                MarkKind::Decided => "dg-decided",
                MarkKind::Proposed => "dg-proposed",
                MarkKind::Crashed => "dg-crashed",
                MarkKind::Restarted => "dg-restarted",
            };
            open(out, item, &format!("dg-mark {kind_class}"), text, step_from);
            let _ = write!(
                out,
                r#"<circle class="dg-hit" cx="{}" cy="{}" r="9"/>"#,
                n(x),
                n(y)
            );
            match kind {
                MarkKind::Promised => {
                    let _ = write!(
                        out,
                        r#"<circle class="dg-glyph" cx="{}" cy="{}" r="4"/>"#,
                        n(x),
                        n(y)
                    );
                }
                MarkKind::Accepted => {
                    let _ = write!(
                        out,
                        r#"<rect class="dg-glyph" x="{}" y="{}" width="8" height="8"/>"#,
                        n(x - 4.0),
                        n(y - 4.0)
                    );
                }
                MarkKind::Refused => cross(out, x, y),
                MarkKind::Decided => {
                    let _ = write!(
                        out,
                        r#"<path class="dg-glyph" d="M{},{} l6,6 l-6,6 l-6,-6 z"/>"#,
                        n(x),
                        n(y - 6.0)
                    );
                }
                MarkKind::Proposed => {
                    let _ = write!(
                        out,
                        r#"<path class="dg-glyph" d="M{},{} l9,5 l-9,5 z"/>"#,
                        n(x - 4.0),
                        n(y - 5.0)
                    );
                }
                MarkKind::Crashed | MarkKind::Restarted => {
                    let sign = if *kind == MarkKind::Crashed {
                        "⚡"
                    } else {
                        "↻"
                    };
                    let _ = write!(
                        out,
                        r#"<text class="dg-glyph dg-sign" x="{}" y="{}">{sign}</text>"#,
                        n(x),
                        n(y + 4.0)
                    );
                }
            }
            if let Some(l) = l {
                label(out, l);
            }
        }
        Shape::Tick { x, tick } => {
            let _ = write!(
                out,
                r#"<g class="dg-axis"><line class="dg-grid" x1="{x}" x2="{x}" y1="{}" y2="{}"/><text x="{x}" y="{}">{tick}</text></g>"#,
                n(top),
                n(bottom),
                n(bottom + 13.0),
                x = n(*x)
            );
            return;
        }
        Shape::Global {
            x,
            kind,
            text,
            label: l,
        } => {
            let class = match kind {
                GlobalKind::Chosen => "dg-global dg-chosen",
                GlobalKind::Violation => "dg-global dg-violation",
            };
            open(out, item, class, text, step_from);
            for line in ["dg-hit", "dg-line"] {
                let _ = write!(
                    out,
                    r#"<line class="{line}" x1="{x}" x2="{x}" y1="{}" y2="{}"/>"#,
                    n(top - 2.0),
                    n(bottom),
                    x = n(*x)
                );
            }
            if let Some(l) = l {
                label(out, l);
            }
        }
    }
    out.push_str("</g>");
}

/// A message on its way, for the pointer and for assistive technology: its name and type, its
/// unseen hit area (the path `hit`), the pause sign of a held one, and its label. `selected`:
/// its menu is open; `in_step`: it belongs to the tour's current step.
pub fn flying(out: &mut String, f: &Flying, hit: &str, selected: bool, in_step: bool) {
    let _ = write!(out, r#"<g class="dg-arrow dg-flying {}"#, f.class);
    for (on, class) in [
        (f.copy, " dg-copy"),
        (f.held, " dg-held"),
        (selected, " selected"),
        (in_step, " dg-step"),
    ] {
        if on {
            out.push_str(class);
        }
    }
    let _ = write!(
        out,
        r#"" data-arrow="{}" data-fly="1" role="img" aria-label="{}"><path class="dg-hit" d="{hit}"/>"#,
        f.id,
        esc(&f.text)
    );
    if let Some(&(x, p)) = f.way.last().filter(|_| f.held) {
        let y = f.y0 + (f.y1 - f.y0) * p;
        let _ = write!(
            out,
            r#"<text class="dg-pause" x="{}" y="{}">⏸</text>"#,
            n(x),
            n(y - 6.0)
        );
    }
    if let Some(l) = &f.label {
        label(out, l);
    }
    out.push_str("</g>");
}

/// The arrowheads of the arrows that arrived, one per type: a filled triangle, or an open
/// chevron for replies.
pub fn markers(out: &mut String) {
    for class in [
        "m-prepare",
        "m-promise",
        "m-accept",
        "m-accepted",
        "m-nack",
        "m-chosen",
        "m-query",
    ] {
        let head = if matches!(class, "m-promise" | "m-accepted" | "m-nack") {
            r#"d="M1,1 L9,5 L1,9" fill="none" stroke-width="1.8""#
        } else {
            r#"d="M0,0 L10,5 L0,10 z""#
        };
        let _ = write!(
            out,
            r#"<marker id="dg-head-{class}" class="dg-head {class}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="8" markerHeight="8" orient="auto"><path {head}/></marker>"#
        );
    }
}

/// The lanes from column `x0` to `x1`, and the stretches of them while their node was down
/// (to `now` for a node still down).
pub fn lanes(out: &mut String, lanes: &[Lane], (x0, x1): (f64, f64), downs: &[Down], now: f64) {
    for lane in lanes {
        let _ = write!(
            out,
            r#"<line class="dg-lane" x1="{}" x2="{}" y1="{y}" y2="{y}"/>"#,
            n(x0),
            n(x1),
            y = n(lane.y)
        );
    }
    for d in downs {
        for class in ["dg-down-bg", "dg-down"] {
            let _ = write!(
                out,
                r#"<line class="{class}" x1="{}" x2="{}" y1="{y}" y2="{y}"/>"#,
                n(d.x0),
                n(d.x1.unwrap_or(now)),
                y = n(d.y)
            );
        }
    }
}

/// The lanes' names, each with its roles' badges, over a background `height` pixels high.
pub fn names(out: &mut String, lanes: &[Lane], height: f64) {
    let _ = write!(
        out,
        r#"<rect class="dg-names-bg" x="0" y="0" width="{}" height="{}"/>"#,
        n(LEFT - 6.0),
        n(height)
    );
    for lane in lanes {
        let _ = write!(
            out,
            r#"<g class="dg-name"><text x="8" y="{}">{}</text>"#,
            n(lane.y - 2.0),
            esc(&lane.name)
        );
        for (i, role) in lane.roles.iter().enumerate() {
            let (x, y) = (8.0 + i as f64 * 14.0, lane.y + 7.5);
            let _ = write!(
                out,
                r#"<g class="dg-badge {}"><rect x="{}" y="{}" width="12" height="10" rx="2"/><text x="{}" y="{}">{}</text></g>"#,
                role_class(*role),
                n(x),
                n(y - 5.0),
                n(x + 6.0),
                n(y + 3.0),
                role_letter(*role)
            );
        }
        out.push_str("</g>");
    }
}
