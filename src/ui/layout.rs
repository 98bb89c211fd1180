//! Where things go on the stage: node cards in columns or on an ellipse, message paths between
//! them.
//!
//! The stage's coordinate system (its SVG `viewBox`) follows the shape of the space the page
//! gives it, so a wide iframe and a 16:9 projector both get nodes spread over the whole width.
//!
//! * **Columns, by role**, when every node holds one role and the columns fit the stage, with
//!   room between them for the messages' labels and no message path under a card: proposers,
//!   then acceptors, then learners, left to right, as textbooks draw Paxos. Messages go between
//!   neighbouring columns: a proposer and the acceptors, the acceptors and the learners.
//! * **An ellipse** otherwise: where everyone proposes, votes and learns, as in the notes'
//!   examples, and where the columns do not fit (three of them on a narrow stage, or learners
//!   that relay to each other down a column of three). Nodes are evenly spaced, proposers on
//!   the left, learners on the right, the others in scenario order. No three points of an
//!   ellipse are collinear, so a message path never runs through a third node's centre.
//!
//! Each link has two lanes, one per direction, so that A→B and B→A never overlap. Everything
//! here is plain geometry, tested natively.

use std::f64::consts::PI;

use super::math::{cos, sin};
use crate::paxos::{NodeId, Roles};

/// The height of the stage's coordinate system. Text sizes in `app.css` are in these units.
pub const VIEW_HEIGHT: f64 = 760.0;
/// The height in presentation mode: fewer units, so everything is drawn larger.
pub const PRESENT_HEIGHT: f64 = 640.0;
/// A node card's width.
pub const CARD_WIDTH: f64 = 330.0;
/// The height of one state line on a card.
pub const LINE_HEIGHT: f64 = 30.0;
/// Distance between the two lanes of a link, either side of the centre line.
pub const LANE: f64 = 20.0;
/// The least room between two columns of cards, for the labels of the messages between them:
/// about the width of "Accepted 1 'x=1'".
const LABEL_ROOM: f64 = 180.0;
/// Margin around the cards, in stage units.
const MARGIN: f64 = 14.0;

/// A coordinate as SVG text, to a tenth: "12.3", "-0.5", "40".
pub fn num(v: f64) -> String {
    let mut out = String::with_capacity(8);
    push_num(&mut out, v);
    out
}

/// Appends [`num`]`(v)` to `out`.
pub fn push_num(out: &mut String, v: f64) {
    let (digits, start) = tenths(v);
    out.extend(digits[start..].iter().map(|&b| char::from(b)));
}

/// An SVG `transform` that moves by `(x, y)`: "translate(12.3 -4)".
pub fn translate(x: f64, y: f64) -> String {
    let mut out = String::with_capacity(24);
    out.push_str("translate(");
    push_num(&mut out, x);
    out.push(' ');
    push_num(&mut out, y);
    out.push(')');
    out
}

/// `v` to a tenth as ASCII text, at the end of a buffer: the buffer and where the text starts.
/// Written digit by digit: Rust's float formatting adds tens of kilobytes to the page, and its
/// integer formatting costs more than this for the hundreds of coordinates a frame can write
/// (the diagram's arrows in flight, one path per type).
pub fn tenths(v: f64) -> ([u8; 24], usize) {
    let tenths = (v * 10.0).round() as i64;
    let t = tenths.unsigned_abs();
    let mut digits = [0u8; 24];
    let mut start = digits.len();
    if t % 10 != 0 {
        start -= 2;
        digits[start] = b'.';
        digits[start + 1] = b'0' + (t % 10) as u8;
    }
    let mut whole = t / 10;
    loop {
        start -= 1;
        digits[start] = b'0' + (whole % 10) as u8;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    if tenths < 0 {
        start -= 1;
        digits[start] = b'-';
    }
    (digits, start)
}

/// `v.clamp(low, high)`: the same result, and the same panic if `low > high` or either is NaN,
/// but the panic's message does not format the numbers, so the page carries no code for
/// printing floats.
pub fn clamp(v: f64, low: f64, high: f64) -> f64 {
    assert!(low <= high, "clamp: low > high, or either was NaN");
    if v < low {
        low
    } else if v > high {
        high
    } else {
        v
    }
}

/// A point on the stage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Left to right.
    pub x: f64,
    /// Top to bottom.
    pub y: f64,
}

/// Where every node goes, and how large the stage is.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The viewBox width.
    pub width: f64,
    /// The viewBox height.
    pub height: f64,
    /// Card width.
    pub card_w: f64,
    /// Card height.
    pub card_h: f64,
    /// Each node's card centre, in node order.
    pub nodes: Vec<(NodeId, Point)>,
    /// Whether the cards stand in columns by role (otherwise on the ellipse).
    pub columns: bool,
}

/// The height of a card with `lines` state lines under the name.
pub fn card_height(lines: usize) -> f64 {
    62.0 + LINE_HEIGHT * lines as f64
}

/// The smallest viewBox height: on a small stage (an 800×450 embed) fewer units make the
/// text larger, down to this.
pub const MIN_HEIGHT: f64 = 500.0;
/// On a small stage, units are made at least this many pixels, so that 21-unit text stays
/// above 11 px.
const MIN_SCALE: f64 = 0.55;

/// The viewBox for a stage of `px` pixels: a fixed height (fewer units on a small stage, so
/// text stays legible), and the width that matches the stage's shape (within bounds).
pub fn view_size(px: (u32, u32), presentation: bool) -> (f64, f64) {
    let full = if presentation {
        PRESENT_HEIGHT
    } else {
        VIEW_HEIGHT
    };
    let height = if px.1 > 0 {
        clamp(f64::from(px.1) / MIN_SCALE, MIN_HEIGHT.min(full), full)
    } else {
        full
    }
    .round();
    let aspect = if px.0 > 0 && px.1 > 0 {
        f64::from(px.0) / f64::from(px.1)
    } else {
        16.0 / 9.0
    };
    let width = clamp(height * aspect, height * 1.2, height * 3.2);
    (width.round(), height)
}

/// The angles of `n` evenly spaced slots, starting so that the figure stands level
/// (a flat top for 3, 4 or 5 nodes).
fn slot_angles(n: usize) -> Vec<f64> {
    let step = 2.0 * PI / n as f64;
    let start = PI / 2.0 + step / 2.0;
    (0..n).map(|i| start - step * i as f64).collect()
}

/// Which node goes in which slot: proposers nearest the left, learners nearest the right,
/// everyone else in scenario order, clockwise from the top left.
fn assign(nodes: &[(NodeId, Roles)], angles: &[f64]) -> Vec<usize> {
    let n = nodes.len();
    let mut slot_of = vec![usize::MAX; n];
    let mut free: Vec<usize> = (0..n).collect();
    let uniform = nodes.iter().all(|(_, r)| *r == nodes[0].1);
    if !uniform {
        let proposers: Vec<usize> = (0..n)
            .filter(|&i| nodes[i].1.proposer && !nodes[i].1.learner)
            .collect();
        let learners: Vec<usize> = (0..n)
            .filter(|&i| nodes[i].1.learner && !nodes[i].1.proposer && !nodes[i].1.acceptor)
            .collect();
        // Leftmost slots first (most negative cos), ties broken towards the top.
        let key = |s: &usize, sign: f64| (sign * cos(angles[*s]) * 1e6).round() as i64;
        for (group, sign) in [(proposers, 1.0), (learners, -1.0)] {
            for i in group {
                // The slots' keys all differ, so the least is the one a sort would put first.
                let first = (0..free.len())
                    .min_by_key(|&j| {
                        let s = &free[j];
                        (key(s, sign), -(sin(angles[*s]) * 1e6).round() as i64)
                    })
                    .expect("a free slot for every node");
                slot_of[i] = free.remove(first);
            }
        }
    }
    // The rest, in scenario order, clockwise (slot order) starting from the first free slot
    // (`free` is still in slot order: slots were only taken out of it).
    let mut rest = free.into_iter();
    for slot in slot_of.iter_mut().filter(|s| **s == usize::MAX) {
        *slot = rest.next().expect("as many slots as nodes");
    }
    slot_of
}

/// Whether nodes with these roles send each other messages: a proposer and an acceptor, an
/// acceptor and a learner, two learners (a relay).
fn talk(a: Roles, b: Roles) -> bool {
    let one_way = |a: Roles, b: Roles| {
        (a.proposer && b.acceptor) || (a.acceptor && b.learner) || (a.learner && b.learner)
    };
    one_way(a, b) || one_way(b, a)
}

/// Lays out `nodes` (with their roles) on a stage of `size` units, with cards of `lines` state
/// lines: in columns if every node holds one role and the columns fit the stage, with room for
/// labels between them and no path between two nodes that talk running under a third card;
/// otherwise on the ellipse. If the ellipse's cards would overlap, the stage grows (and so
/// everything is drawn smaller).
pub fn layout(nodes: &[(NodeId, Roles)], lines: usize, size: (f64, f64)) -> Layout {
    let (card_w, card_h) = (CARD_WIDTH, card_height(lines));
    let at = |height: f64, column: Option<&[usize]>| {
        let width = (height * size.0 / size.1).round();
        Layout {
            width,
            height,
            card_w,
            card_h,
            nodes: match column {
                Some(column) => place_columns(nodes, column, (width, height), (card_w, card_h)),
                None => place(nodes, width, height, card_w, card_h),
            },
            columns: column.is_some(),
        }
    };
    if let Some(column) = columns(nodes) {
        let l = at(size.1, Some(&column));
        // Between two columns, room for the labels of the messages that cross it.
        let roomy = l.nodes.iter().all(|(_, a)| {
            l.nodes.iter().all(|(_, b)| {
                let dx = (a.x - b.x).abs();
                dx < 1.0 || dx - card_w >= LABEL_ROOM
            })
        });
        if roomy && !overlapping(&l.nodes, card_w, card_h) && l.clear(nodes) {
            return l;
        }
    }
    let mut height = size.1;
    loop {
        let l = at(height, None);
        if !overlapping(&l.nodes, card_w, card_h) || height > size.1 * 3.0 {
            return l;
        }
        height += 20.0;
    }
}

/// The column of each node (0, 1, 2 for the roles held, in the order proposer, acceptor,
/// learner, leaving out a role nobody holds), when every node holds exactly one role and there
/// are at least two columns.
fn columns(nodes: &[(NodeId, Roles)]) -> Option<Vec<usize>> {
    let role = |r: &Roles| match (r.proposer, r.acceptor, r.learner) {
        (true, false, false) => Some(0),
        (false, true, false) => Some(1),
        (false, false, true) => Some(2),
        _ => None,
    };
    let of: Vec<usize> = nodes.iter().map(|(_, r)| role(r)).collect::<Option<_>>()?;
    let held: Vec<usize> = (0..3).filter(|c| of.contains(c)).collect();
    (held.len() > 1).then(|| {
        of.iter()
            .map(|c| held.iter().position(|h| h == c).unwrap_or(0))
            .collect()
    })
}

/// Cards in columns (`column` of each node), spread over the stage's width, each column
/// centred on its height.
fn place_columns(
    nodes: &[(NodeId, Roles)],
    column: &[usize],
    (width, height): (f64, f64),
    (card_w, card_h): (f64, f64),
) -> Vec<(NodeId, Point)> {
    let count = column.iter().max().map_or(1, |c| c + 1);
    // From one column's centre to the next: spread over the width, but not so far apart that
    // the columns stop reading as one figure; the figure is centred.
    let pitch = ((width - 2.0 * MARGIN - card_w) / (count - 1) as f64).min(card_w * 2.5);
    let left = (width - card_w - pitch * (count - 1) as f64) / 2.0;
    // Room above the top cards for a message looping back to its own sender.
    let (top, bottom) = (MARGIN + 36.0 + card_h / 2.0, height - MARGIN - card_h / 2.0);
    let mut seen = vec![0.0; count];
    nodes
        .iter()
        .zip(column)
        .map(|((id, _), &c)| {
            let m = column.iter().filter(|&&k| k == c).count() as f64 - 1.0;
            let step = if m > 0.0 {
                ((bottom - top) / m).min(card_h * 1.6)
            } else {
                0.0
            };
            let y = (top + bottom) / 2.0 + (seen[c] - m / 2.0) * step;
            seen[c] += 1.0;
            let x = left + card_w / 2.0 + pitch * c as f64;
            (*id, Point { x, y })
        })
        .collect()
}

fn place(
    nodes: &[(NodeId, Roles)],
    width: f64,
    height: f64,
    card_w: f64,
    card_h: f64,
) -> Vec<(NodeId, Point)> {
    let (cx, cy) = (width / 2.0, height / 2.0);
    match nodes.len() {
        0 => Vec::new(),
        1 => vec![(nodes[0].0, Point { x: cx, y: cy })],
        n => {
            let rx = (cx - card_w / 2.0 - MARGIN).max(0.0);
            // Room above the top cards for a message looping back to its own sender.
            let ry = (cy - card_h / 2.0 - MARGIN - 36.0).max(0.0);
            let angles = slot_angles(n);
            let slots = assign(nodes, &angles);
            nodes
                .iter()
                .zip(slots)
                .map(|((id, _), s)| {
                    let a = angles[s];
                    (
                        *id,
                        Point {
                            x: cx + rx * cos(a),
                            y: cy + 18.0 - ry * sin(a),
                        },
                    )
                })
                .collect()
        }
    }
}

/// How far a ray from the centre of a `2hw` × `2hh` box, along the unit vector (`ux`, `uy`),
/// runs before it leaves the box.
fn box_exit(ux: f64, uy: f64, hw: f64, hh: f64) -> f64 {
    let along = |u: f64, half: f64| {
        if u.abs() > 1e-9 {
            half / u.abs()
        } else {
            f64::MAX
        }
    };
    along(ux, hw).min(along(uy, hh))
}

/// Whether the segment from `a` to `b` passes through the `2hw` × `2hh` box centred on `o`
/// (clipping the segment to the box's slabs, Liang–Barsky).
pub fn crosses(a: Point, b: Point, o: Point, hw: f64, hh: f64) -> bool {
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, d, lo, hi) in [
        (a.x, b.x - a.x, o.x - hw, o.x + hw),
        (a.y, b.y - a.y, o.y - hh, o.y + hh),
    ] {
        if d.abs() < 1e-12 {
            if p <= lo || p >= hi {
                return false;
            }
            continue;
        }
        let (ta, tb) = ((lo - p) / d, (hi - p) / d);
        t0 = t0.max(ta.min(tb));
        t1 = t1.min(ta.max(tb));
    }
    t0 < t1
}

fn overlapping(placed: &[(NodeId, Point)], w: f64, h: f64) -> bool {
    placed.iter().enumerate().any(|(i, (_, a))| {
        placed[i + 1..]
            .iter()
            .any(|(_, b)| (a.x - b.x).abs() < w + MARGIN && (a.y - b.y).abs() < h + MARGIN)
    })
}

impl Layout {
    /// Whether every path between two nodes that talk keeps clear of every other card.
    fn clear(&self, nodes: &[(NodeId, Roles)]) -> bool {
        let (hw, hh) = (self.card_w / 2.0, self.card_h / 2.0);
        nodes.iter().all(|&(a, ra)| {
            nodes
                .iter()
                .filter(|(b, rb)| *b != a && talk(ra, *rb))
                .all(|&(b, _)| {
                    let Path::Line { start, end } = self.path(a, b) else {
                        return true;
                    };
                    nodes
                        .iter()
                        .filter(|(c, _)| *c != a && *c != b)
                        .all(|&(c, _)| !crosses(start, end, self.at(c), hw, hh))
                })
        })
    }

    /// A node's card centre.
    pub fn at(&self, node: NodeId) -> Point {
        self.nodes
            .iter()
            .find(|(id, _)| *id == node)
            .map(|(_, p)| *p)
            .unwrap_or(Point {
                x: self.width / 2.0,
                y: self.height / 2.0,
            })
    }

    /// The path a message from `from` to `to` travels: from the edge of the sender's card to
    /// the edge of the receiver's, on the right-hand lane; a loop above the card when a node
    /// sends to itself.
    pub fn path(&self, from: NodeId, to: NodeId) -> Path {
        let (a, b) = (self.at(from), self.at(to));
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len = (dx * dx + dy * dy).sqrt();
        if from == to || len < 1.0 {
            return Path::Loop {
                centre: Point {
                    x: a.x,
                    y: a.y - self.card_h / 2.0 - 10.0,
                },
                radius: 34.0,
            };
        }
        let (ux, uy) = (dx / len, dy / len);
        // The right-hand lane, seen in the direction of travel (y grows downwards).
        let (nx, ny) = (-uy * LANE, ux * LANE);
        // How far the centre line runs inside a card (plus a small gap) before it leaves it.
        let hw = self.card_w / 2.0 + 6.0;
        let hh = self.card_h / 2.0 + 6.0;
        let inside = box_exit(ux, uy, hw, hh);
        let start = Point {
            x: a.x + ux * inside + nx,
            y: a.y + uy * inside + ny,
        };
        let end = Point {
            x: b.x - ux * inside + nx,
            y: b.y - uy * inside + ny,
        };
        // Cards very close together: keep a short visible path between their centres.
        if (end.x - start.x) * ux + (end.y - start.y) * uy < 20.0 {
            let mid = Point {
                x: (a.x + b.x) / 2.0 + nx,
                y: (a.y + b.y) / 2.0 + ny,
            };
            return Path::Line {
                start: Point {
                    x: mid.x - ux * 10.0,
                    y: mid.y - uy * 10.0,
                },
                end: Point {
                    x: mid.x + ux * 10.0,
                    y: mid.y + uy * 10.0,
                },
            };
        }
        Path::Line { start, end }
    }
}

/// The way a message travels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Path {
    /// A straight lane from one card to another.
    Line {
        /// At the sender.
        start: Point,
        /// At the receiver.
        end: Point,
    },
    /// A loop above the card of a node that sends to itself.
    Loop {
        /// The loop's centre.
        centre: Point,
        /// Its radius.
        radius: f64,
    },
}

/// The loop runs from 200° round over the top to -20°, starting and ending on the card.
const LOOP_FROM: f64 = 200.0 * PI / 180.0;
const LOOP_TO: f64 = -20.0 * PI / 180.0;

impl Path {
    /// The point at `t` along the path, from 0 (sender) to 1 (receiver).
    pub fn at(&self, t: f64) -> Point {
        let t = clamp(t, 0.0, 1.0);
        match *self {
            Path::Line { start, end } => Point {
                x: start.x + (end.x - start.x) * t,
                y: start.y + (end.y - start.y) * t,
            },
            Path::Loop { centre, radius } => {
                let a = LOOP_FROM + (LOOP_TO - LOOP_FROM) * t;
                Point {
                    x: centre.x + radius * cos(a),
                    y: centre.y - radius * sin(a),
                }
            }
        }
    }

    /// The same path, shortened at both ends so that a label of half-size `hw` × `hh`
    /// centred on it never covers the cards at its ends. A path too short for that keeps
    /// only its midpoint.
    pub fn inset(&self, hw: f64, hh: f64) -> Path {
        match *self {
            Path::Line { start, end } => {
                let (dx, dy) = (end.x - start.x, end.y - start.y);
                let len = (dx * dx + dy * dy).sqrt();
                if len < 1e-9 {
                    return *self;
                }
                let (ux, uy) = (dx / len, dy / len);
                let cut = box_exit(ux, uy, hw, hh).min(len / 2.0);
                Path::Line {
                    start: Point {
                        x: start.x + ux * cut,
                        y: start.y + uy * cut,
                    },
                    end: Point {
                        x: end.x - ux * cut,
                        y: end.y - uy * cut,
                    },
                }
            }
            Path::Loop { .. } => *self,
        }
    }

    /// SVG path data for the track.
    pub fn d(&self) -> String {
        match *self {
            Path::Line { start, end } => {
                format!(
                    "M{} {}L{} {}",
                    num(start.x),
                    num(start.y),
                    num(end.x),
                    num(end.y)
                )
            }
            Path::Loop { radius, .. } => {
                let (s, e) = (self.at(0.0), self.at(1.0));
                let r = num(radius);
                format!(
                    "M{} {}A{r} {r} 0 1 1 {} {}",
                    num(s.x),
                    num(s.y),
                    num(e.x),
                    num(e.y)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(p: bool, a: bool, l: bool) -> Roles {
        Roles {
            proposer: p,
            acceptor: a,
            learner: l,
        }
    }

    fn all_roles(n: u32) -> Vec<(NodeId, Roles)> {
        (0..n)
            .map(|i| (NodeId(i), roles(true, true, true)))
            .collect()
    }

    #[test]
    fn cards_never_overlap_and_stay_on_the_stage() {
        for px in [(1500, 800), (900, 600), (780, 290), (560, 420), (1900, 900)] {
            for nodes in mixes(9) {
                // Nodes with one role each have cards of two lines (see `scene::card_lines`).
                let lines = if columns(&nodes).is_some() { 2 } else { 4 };
                let (n, size) = (nodes.len(), view_size(px, false));
                let l = layout(&nodes, lines, size);
                assert!(!overlapping(&l.nodes, l.card_w, l.card_h), "{px:?} n={n}");
                for (_, p) in &l.nodes {
                    assert!(p.x - l.card_w / 2.0 >= 0.0 && p.x + l.card_w / 2.0 <= l.width);
                    assert!(p.y - l.card_h / 2.0 >= 0.0 && p.y + l.card_h / 2.0 <= l.height);
                }
                // On a wide stage, up to five nodes fit without shrinking (in columns, cards of
                // two lines: those of nodes with one role).
                if n <= 5 && px.0 * 10 >= px.1 * 16 && px.1 >= 600 && columns(&nodes).is_none() {
                    assert_eq!(l.height, size.1, "{px:?} n={n}");
                }
            }
        }
    }

    #[test]
    fn proposers_left_learners_right() {
        // The sandbox: two proposers, three acceptors, one learner.
        let nodes = vec![
            (NodeId(0), roles(true, false, false)),
            (NodeId(1), roles(true, false, false)),
            (NodeId(2), roles(false, true, false)),
            (NodeId(3), roles(false, true, false)),
            (NodeId(4), roles(false, true, false)),
            (NodeId(5), roles(false, false, true)),
        ];
        let l = layout(&nodes, 2, view_size((1200, 600), false));
        let x = |i| l.at(NodeId(i)).x;
        let min_acceptor = (2..5).map(x).fold(f64::MAX, f64::min);
        assert!(x(0) < min_acceptor && x(1) <= min_acceptor + 0.01);
        assert!((0..5).all(|i| x(i) < x(5)));
    }

    #[test]
    fn opposite_directions_use_different_lanes() {
        let l = layout(&all_roles(3), 4, view_size((1200, 600), false));
        let (a, b) = (l.path(NodeId(0), NodeId(1)), l.path(NodeId(1), NodeId(0)));
        let (pa, pb) = (a.at(0.5), b.at(0.5));
        let gap = ((pa.x - pb.x).powi(2) + (pa.y - pb.y).powi(2)).sqrt();
        assert!((gap - 2.0 * LANE).abs() < 0.01, "{gap}");
        // The path starts at the sender's end and finishes at the receiver's.
        let (s, e) = (a.at(0.0), a.at(1.0));
        let (c0, c1) = (l.at(NodeId(0)), l.at(NodeId(1)));
        let d = |p: Point, q: Point| ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt();
        assert!(d(s, c0) < d(s, c1) && d(e, c1) < d(e, c0));
    }

    #[test]
    fn labels_keep_clear_of_the_cards() {
        let l = layout(&all_roles(3), 4, view_size((1200, 600), false));
        let p = l.path(NodeId(0), NodeId(1));
        let q = p.inset(60.0, 15.0);
        let (a, b) = (p.at(0.0), q.at(0.0));
        let moved = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
        assert!(
            moved > 15.0 - 1e-9 && moved <= 60.0 * 2f64.sqrt(),
            "{moved}"
        );
        assert_eq!(p.at(0.5), q.at(0.5));
        let tiny = Path::Line {
            start: Point { x: 0.0, y: 0.0 },
            end: Point { x: 10.0, y: 0.0 },
        };
        assert_eq!(tiny.inset(60.0, 15.0).at(0.0), Point { x: 5.0, y: 0.0 });
    }

    /// Every mix of roles from 2 to `max` nodes: all roles, and proposers, acceptors and
    /// learners apart, as the built-in scenarios have them.
    fn mixes(max: u32) -> Vec<Vec<(NodeId, Roles)>> {
        let mut out = Vec::new();
        for n in 2..=max {
            out.push(all_roles(n));
            for proposers in 1..n {
                for learners in 0..n - proposers {
                    let role = |i: u32| match i {
                        i if i < proposers => roles(true, false, false),
                        i if i >= n - learners => roles(false, false, true),
                        _ => roles(false, true, false),
                    };
                    out.push((0..n).map(|i| (NodeId(i), role(i))).collect());
                }
            }
        }
        out
    }

    /// Where the path from `a` to `b` runs under a third card, if it does.
    fn under_a_card(l: &Layout, nodes: &[(NodeId, Roles)], a: NodeId, b: NodeId) -> Option<String> {
        let path = l.path(a, b);
        let (hw, hh) = (l.card_w / 2.0, l.card_h / 2.0);
        nodes
            .iter()
            .filter(|(c, _)| *c != a && *c != b)
            .find_map(|&(c, _)| {
                let o = l.at(c);
                (0..=100)
                    .map(|i| path.at(f64::from(i) / 100.0))
                    .find(|p| (p.x - o.x).abs() < hw && (p.y - o.y).abs() < hh)
                    .map(|p| format!("{a:?}→{b:?} runs under {c:?} at {p:?}"))
            })
    }

    /// The stage of a 1920x1080 and a 1280x720 page, and of an 800x450 embed, with both card
    /// heights the scenarios use, and every mix of roles: up to five nodes on the ellipse, up
    /// to nine in columns. From six nodes on the ellipse
    /// a path can run under a third card (the centres are never in line, but the cards are
    /// wide); the notes' examples have five.
    #[test]
    fn message_paths_never_run_under_a_third_card() {
        for px in [(1400, 860), (940, 500), (790, 310)] {
            for lines in [2, 4] {
                for nodes in mixes(9) {
                    let l = layout(&nodes, lines, view_size(px, false));
                    if !l.columns && nodes.len() > 5 {
                        continue;
                    }
                    for &(a, ra) in &nodes {
                        for &(b, _) in nodes.iter().filter(|(b, rb)| *b != a && talk(ra, *rb)) {
                            let under = under_a_card(&l, &nodes, a, b);
                            assert!(
                                under.is_none(),
                                "{px:?}, {} nodes, {lines} lines: {}",
                                nodes.len(),
                                under.unwrap_or_default()
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn separate_roles_stand_in_columns_proposers_acceptors_learners() {
        // The sandbox: two proposers, three acceptors, one learner. In columns on the stage of a
        // 1280x720 page and of an 800x450 embed, none smaller. The stage of a 1920x1080 page
        // is less wide for its height (1,237 units across, not 1,429): three columns leave too
        // little room for labels between them, and the ring is kept.
        let role = |i: u32| match i {
            0 | 1 => roles(true, false, false),
            5 => roles(false, false, true),
            _ => roles(false, true, false),
        };
        let sandbox: Vec<(NodeId, Roles)> = (0..6).map(|i| (NodeId(i), role(i))).collect();
        assert!(!layout(&sandbox, 2, view_size((1400, 860), false)).columns);
        for px in [(940, 500), (790, 310)] {
            let l = layout(&sandbox, 2, view_size(px, false));
            assert!(l.columns && l.height == view_size(px, false).1, "{px:?}");
            let x = |i| l.at(NodeId(i)).x;
            let y = |i| l.at(NodeId(i)).y;
            // Left to right by role; top to bottom in scenario order within a column, with
            // room for a label between two columns.
            assert!(x(0) == x(1) && x(2) == x(3) && x(3) == x(4));
            assert!(x(2) - x(1) >= l.card_w + LABEL_ROOM && x(5) - x(4) >= l.card_w + LABEL_ROOM);
            assert!(y(0) < y(1) && y(2) < y(3) && y(3) < y(4));
        }
        // Nodes with every role keep the ellipse; so do three learners that relay to each
        // other (one column would put the second under the path from the first to the third).
        assert!(!layout(&all_roles(5), 2, view_size((1400, 860), false)).columns);
        let learners: Vec<(NodeId, Roles)> = (0..5)
            .map(|i| {
                (
                    NodeId(i),
                    if i < 2 {
                        roles(false, true, false)
                    } else {
                        roles(false, false, true)
                    },
                )
            })
            .collect();
        assert!(!layout(&learners, 2, view_size((3000, 860), false)).columns);
    }

    #[test]
    fn a_message_to_oneself_loops_above_the_card() {
        let l = layout(&all_roles(3), 4, view_size((1200, 600), false));
        let p = l.path(NodeId(2), NodeId(2));
        let c = l.at(NodeId(2));
        let top = p.at(0.5);
        assert!(top.y < c.y - l.card_h / 2.0);
        assert!(p.d().contains('A'));
    }

    #[test]
    fn numbers_are_written_to_a_tenth() {
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(-0.46), "-0.5");
        assert_eq!(num(40.0), "40");
        assert_eq!(num(-3.0), "-3");
        assert_eq!(num(0.04), "0");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(1234567.89), "1234567.9");
        assert_eq!(num(-1e15), "-1000000000000000");
        assert_eq!(translate(-2.25, 0.0), "translate(-2.3 0)");
    }

    #[test]
    fn the_view_box_follows_the_stage_shape() {
        assert_eq!(view_size((1600, 800), false), (1520.0, 760.0));
        assert_eq!(view_size((100, 1000), false).0, 912.0);
        assert!(view_size((1600, 800), true).1 < VIEW_HEIGHT);
        // An 800×450 embed: fewer units, so that text is at least 11 px.
        let (w, h) = view_size((790, 320), false);
        assert!(h < VIEW_HEIGHT && 320.0 / h >= MIN_SCALE * 0.99, "{h}");
        assert!((w / h - 790.0 / 320.0).abs() < 0.01);
    }
}
