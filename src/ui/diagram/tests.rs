//! The diagram's tests: what it draws for the notes' examples, that no label overlaps another
//! in any built-in tour, and that growing a run draws the same as drawing it anew.

use std::rc::Rc;

use super::model::SNAPSHOT_EVERY;
use super::*;
use crate::paxos::{NodeId, Value};
use crate::scenario::{self, Scenario, Tour};
use crate::sim::{EventId, History, Op};
use crate::ui::describe::Names;
use crate::ui::i18n::Lang;

fn params() -> Params {
    Params {
        ppt: ZOOM.0,
        pitch: 44.0,
        compact: false,
        lang: Lang::En,
    }
}

fn tour(name: &str) -> Tour {
    Scenario::load(scenario::builtin(name).expect("a built-in scenario")).expect("it compiles")
}

/// The history of a tour after `steps` steps (all of them if `None`).
fn history(tour: &Tour, steps: Option<usize>) -> History {
    let mut history = History::new(tour.initial.clone());
    let k = steps.unwrap_or(tour.steps.len());
    for op in tour.steps.iter().take(k).flatten() {
        history.apply(op.clone()).expect("a compiled tour replays");
    }
    history
}

fn drawn(history: &History, names: &Names, time: f64, midway: bool) -> DiagramView {
    let mut diagram = Diagram::default();
    diagram.sync(history, names, params());
    diagram.view(time, midway, true)
}

/// The arrows' labels, in the order the messages were sent.
fn arrows(view: &DiagramView) -> Vec<(EventId, String, EndKind)> {
    let mut arrows: Vec<_> = view
        .items()
        .filter_map(|i| match &i.shape {
            Shape::Arrow { text, end, .. } => Some((i.events.0, text.clone(), *end)),
            _ => None,
        })
        .collect();
    arrows.sort_by_key(|a| a.0);
    arrows
}

/// Everything a view draws, compared item by item (views themselves compare their chunks by
/// identity).
type Picture = (Vec<Item>, Vec<Rc<Flying>>, Vec<Down>, Vec<Lane>, u64);

fn picture(view: &DiagramView) -> Picture {
    (
        view.items().cloned().collect(),
        view.flying.clone(),
        view.downs.clone(),
        view.lanes.clone(),
        view.width.to_bits(),
    )
}

fn assert_no_overlaps(view: &DiagramView, what: &str) {
    let labels = view.labels();
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(
                !a.rect().overlaps(&b.rect()),
                "{what}: label {:?} overlaps {:?}",
                a.text,
                b.text
            );
        }
    }
}

#[test]
fn the_one_plus_one_tour_in_the_notes_order() {
    let tour = tour("one-plus-one");
    let names = Names::of_scenario(&tour.scenario);
    let history = history(&tour, None);
    let view = drawn(&history, &names, history.current().now as f64, true);
    assert_eq!(view.lanes.len(), 3);
    assert_eq!(
        view.lanes
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>(),
        ["User1", "User2", "User3"]
    );

    // The notes' order: three rounds of phase 1 (each Prepare answered before the next
    // proposer starts), then the three Accepts arrive in the order they were sent.
    let sent: Vec<String> = arrows(&view)
        .into_iter()
        .map(|(_, text, _)| text.split(" from ").next().unwrap().to_owned())
        .collect();
    let first = |label: &str| {
        sent.iter()
            .position(|s| s == label)
            .unwrap_or_else(|| panic!("{label} is drawn: {sent:?}"))
    };
    let order = [
        "Prepare 1",
        "Promise 1",
        "Accept 1 '1+1=1'",
        "Prepare 2",
        "Promise 2",
        "Accept 2 '1+1=2'",
        "Prepare 3",
        "Promise 3",
        "Accept 3 '1+1=3'",
        "Accepted 3 '1+1=3'",
        "Prepare 4",
        "Promise 4 ⟨3, 1+1=3⟩",
        "Accept 4 '1+1=3'",
    ];
    for pair in order.windows(2) {
        assert!(
            first(pair[0]) < first(pair[1]),
            "{pair:?} in order: {sent:?}"
        );
    }

    // The refusals are where the notes put them: Accept(1) at User2 and User3, Accept(2) at
    // User1; each sits on the refusing acceptor's lane, where the refused Accept arrives.
    let lane_y = |name: &str| view.lanes.iter().find(|l| l.name == name).unwrap().y;
    let arrival = |label: &str, to: &str| {
        view.items()
            .find_map(|i| match &i.shape {
                Shape::Arrow { text, points, .. }
                    if text.starts_with(&format!("{label} from"))
                        && text.contains(&format!("to {to},")) =>
                {
                    points.last().copied()
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{label} to {to} is drawn"))
    };
    let refusals: Vec<(f64, f64)> = view
        .items()
        .filter_map(|i| match &i.shape {
            Shape::Mark {
                kind: MarkKind::Refused,
                x,
                y,
                ..
            } => Some((*x, *y)),
            _ => None,
        })
        .collect();
    let expected = [
        ("Accept 1 '1+1=1'", "User2"),
        ("Accept 1 '1+1=1'", "User3"),
        ("Accept 2 '1+1=2'", "User1"),
    ];
    for (label, at) in expected {
        let (x, y) = arrival(label, at);
        assert_eq!(y, lane_y(at));
        assert!(
            refusals.iter().any(|r| (r.0 - x).abs() < 1e-9 && r.1 == y),
            "a refusal where {label} reaches {at}: {refusals:?}"
        );
    }
    assert!(refusals.len() >= expected.len());

    // ⟨3, 1+1=3⟩ is chosen once, marked across the diagram, when User2's acceptance (the
    // second of three) happens: at the arrival of Accept 3 at User2.
    let chosen: Vec<&Item> = view
        .items()
        .filter(|i| {
            matches!(
                i.shape,
                Shape::Global {
                    kind: GlobalKind::Chosen,
                    ..
                }
            )
        })
        .collect();
    assert!(!chosen.is_empty());
    let Shape::Global { x, label, .. } = &chosen[0].shape else {
        unreachable!()
    };
    assert_eq!(
        label.as_ref().map(|l| l.text.as_str()),
        Some("chosen ⟨3, 1+1=3⟩")
    );
    assert_eq!(*x, arrival("Accept 3 '1+1=3'", "User2").0);
    assert_no_overlaps(&view, "one-plus-one");
}

#[test]
fn no_label_overlaps_another_in_any_tour_at_any_step() {
    for (name, _) in scenario::BUILTIN {
        let tour = tour(name);
        let names = Names::of_scenario(&tour.scenario);
        for lang in [Lang::En, Lang::Zh] {
            let mut diagram = Diagram::default();
            for k in 0..=tour.steps.len() {
                let history = history(&tour, Some(k));
                diagram.sync(&history, &names, Params { lang, ..params() });
                let view = diagram.view(history.current().now as f64, true, true);
                assert_no_overlaps(&view, &format!("{name} step {k} ({lang:?})"));
                assert_eq!(
                    picture(&view),
                    picture(&drawn_in(&history, &names, lang)),
                    "{name} step {k}: grown step by step, the same as drawn at once"
                );
            }
        }
    }
}

fn drawn_in(history: &History, names: &Names, lang: Lang) -> DiagramView {
    let mut diagram = Diagram::default();
    diagram.sync(history, names, Params { lang, ..params() });
    diagram.view(history.current().now as f64, true, true)
}

/// A long run: the stress scenario's many messages, played to the end.
fn stress(ops: usize) -> (History, Names) {
    let tour = tour("stress");
    let names = Names::of_scenario(&tour.scenario);
    let mut history = History::new(tour.initial.clone());
    for op in tour.steps.iter().flatten() {
        history.apply(op.clone()).unwrap();
    }
    history.run_until_quiet(ops);
    (history, names)
}

#[test]
fn a_long_run_is_drawn_in_sealed_chunks_with_no_overlapping_label() {
    let (history, names) = stress(6000);
    let sent = history
        .events()
        .iter()
        .filter(|e| matches!(e.kind, crate::sim::EventKind::Sent { .. }))
        .count();
    assert!(
        sent >= 2000,
        "the stress run sends at least 2,000 messages: {sent}"
    );
    let mut grown = Diagram::default();
    let mut step = History::new(history.initial().clone());
    for (i, op) in history.ops().iter().enumerate() {
        step.apply(op.clone()).unwrap();
        if i % 97 == 0 {
            grown.sync(&step, &names, params());
        }
    }
    grown.sync(&step, &names, params());
    let view = grown.view(history.current().now as f64, false, true);
    assert_eq!(
        picture(&view),
        picture(&drawn(
            &history,
            &names,
            history.current().now as f64,
            false
        ))
    );
    assert_eq!(view.lanes.len(), 9);
    assert!(view.chunks.len() > 20);
    assert!(view.chunks.iter().all(|c| c.x0 <= c.x1));
    assert_no_overlaps(&view, "stress");
}

#[test]
fn drops_crashes_holds_and_copies() {
    let tour = tour("sandbox");
    let names = Names::of_scenario(&tour.scenario);
    let mut h = History::new(tour.initial.clone());
    let proposer = NodeId(0);
    h.apply(Op::Propose {
        node: proposer,
        value: Value::from("x"),
        ballot: None,
        recipients: None,
    })
    .unwrap();
    let ids: Vec<_> = h.current().in_flight.keys().copied().collect();
    assert!(ids.len() >= 3, "a Prepare to each acceptor");
    h.apply(Op::Drop { msg: ids[0] }).unwrap();
    h.apply(Op::Duplicate { msg: ids[1] }).unwrap();
    h.apply(Op::Hold { msg: ids[2] }).unwrap();
    let victim = h.current().in_flight[&ids[1]].to;
    h.apply(Op::Kill { node: victim }).unwrap();
    h.apply(Op::Step).unwrap();
    let view = drawn(&h, &names, h.current().now as f64, false);
    let ends: Vec<EndKind> = arrows(&view).into_iter().map(|(_, _, e)| e).collect();
    assert!(ends.contains(&EndKind::Dropped), "{ends:?}");
    assert!(
        ends.contains(&EndKind::LostToDeadNode),
        "the message to the dead node is lost on arrival: {ends:?}"
    );
    assert_eq!(view.downs.len(), 1);
    assert_eq!(view.downs[0].x1, None, "still down");
    let held = view
        .flying
        .iter()
        .find(|f| f.msg == ids[2])
        .expect("held, in flight");
    assert!(held.held);
    assert!(held.text.ends_with(", held"), "{}", held.text);
    let copies = view
        .items()
        .filter(|i| matches!(i.shape, Shape::Arrow { copy: true, .. }))
        .count()
        + view.flying.iter().filter(|f| f.copy).count();
    assert_eq!(copies, 1, "the copy is drawn as a second arrow, marked");
    h.apply(Op::Restart { node: victim }).unwrap();
    h.apply(Op::Release { msg: ids[2] }).unwrap();
    h.run_until_quiet(100);
    let view = drawn(&h, &names, h.current().now as f64, false);
    assert!(view.downs[0].x1.is_some(), "up again");
    let held = view
        .items()
        .find_map(|i| match &i.shape {
            Shape::Arrow { paused, points, .. } if i.msg == Some(ids[2]) => {
                Some((paused.clone(), points.clone()))
            }
            _ => None,
        })
        .expect("the held message arrived in the end");
    assert_eq!(held.0.len(), 1, "marked where it was held");
    let flat = held
        .1
        .windows(2)
        .any(|w| w[0].1 == w[1].1 && w[1].0 > w[0].0);
    assert!(flat, "it runs flat while held: {:?}", held.1);
}

#[test]
fn going_back_draws_the_past_exactly() {
    let tour = tour("one-plus-one");
    let names = Names::of_scenario(&tour.scenario);
    let mut h = history(&tour, None);
    let mut diagram = Diagram::default();
    diagram.sync(&h, &names, params());
    let end = picture(&diagram.view(0.0, true, true));
    for k in (0..h.len()).rev().step_by(3) {
        h.goto(k);
        assert!(diagram.sync(&h, &names, params()) || k == h.len());
        assert_eq!(
            picture(&diagram.view(0.0, true, true)),
            picture(&drawn(&h, &names, 0.0, true)),
            "op {k}"
        );
    }
    h.goto(h.len());
    diagram.sync(&h, &names, params());
    assert_eq!(picture(&diagram.view(0.0, true, true)), end);
    assert!(
        !diagram.sync(&h, &names, params()),
        "nothing new: nothing to do"
    );
}

#[test]
fn zoom_and_lane_height_follow_the_room() {
    assert_eq!(pitch_for(1000.0, 3), PITCH.1);
    assert_eq!(pitch_for(100.0, 9), PITCH.0);
    let p = pitch_for(300.0, 5);
    assert!(p > PITCH.0 && p < PITCH.1);
    assert!((fit_zoom(1000.0, 100.0) - (1000.0 - LEFT - 2.0 * PAD) / 100.0).abs() < 1e-9);
    assert_eq!(fit_zoom(1000.0, 1e6), ZOOM.1);
    assert!(zoom_step(ZOOM.0, true) > ZOOM.0);
    assert!(zoom_step(ZOOM.0, false) < ZOOM.0);
    assert_eq!(zoom_step(ZOOM.2, true), ZOOM.2);
}

#[test]
fn fitting_shows_the_whole_run() {
    let tour = tour("one-plus-one");
    let names = Names::of_scenario(&tour.scenario);
    let history = history(&tour, None);
    let mut diagram = Diagram::default();
    diagram.sync(&history, &names, params());
    let width = 900.0;
    let ppt = fit_zoom(width, diagram.span());
    diagram.sync(&history, &names, Params { ppt, ..params() });
    let view = diagram.view(history.current().now as f64, true, false);
    assert!(
        view.width + LEFT <= width + 1e-6,
        "{} fits in {width}",
        view.width + LEFT
    );
    assert!(view.width + LEFT >= width - 2.0 * PAD - 1.0, "and fills it");
}

#[test]
fn compact_mode_has_no_labels_but_the_global_marks() {
    let tour = tour("annual-meeting-2-no-adoption");
    let names = Names::of_scenario(&tour.scenario);
    let history = history(&tour, None);
    let mut diagram = Diagram::default();
    diagram.sync(
        &history,
        &names,
        Params {
            compact: true,
            ..params()
        },
    );
    let view = diagram.view(0.0, true, true);
    assert!(view
        .items()
        .all(|i| i.label().is_none() || matches!(i.shape, Shape::Global { .. })));
    assert!(view.flying.iter().all(|f| f.label.is_none()));
    let violation = view.items().find_map(|i| match &i.shape {
        Shape::Global {
            kind: GlobalKind::Violation,
            label,
            ..
        } => label.clone(),
        _ => None,
    });
    assert_eq!(
        violation.map(|l| l.text),
        Some("✗ two values chosen".to_owned()),
        "the red mark names the kind"
    );
}

#[test]
fn path_numbers_are_written_to_a_tenth() {
    assert_eq!(
        svg::path_d(&[(12.34, -0.46), (40.0, 0.04), (-3.0, 7.06), (-0.04, 105.96)]),
        "M12.3,-0.5 L40,0 L-3,7.1 L0,106"
    );
}

#[test]
fn scrubbing_a_long_run_back_and_forth_draws_each_instant_exactly() {
    let (mut history, names) = stress(3000);
    let mut diagram = Diagram::default();
    diagram.sync(&history, &names, params());
    let len = history.len();
    assert!(
        len > 4 * SNAPSHOT_EVERY,
        "a run long enough for snapshots: {len}"
    );
    for k in [
        len / 2,
        7,
        SNAPSHOT_EVERY + 3,
        len,
        2 * SNAPSHOT_EVERY,
        len - 1,
        0,
        len,
    ] {
        history.goto(k);
        diagram.sync(&history, &names, params());
        let now = history.current().now as f64;
        assert_eq!(
            picture(&diagram.view(now, false, true)),
            picture(&drawn(&history, &names, now, false)),
            "at op {k} of {len}"
        );
    }
}

#[test]
fn a_hit_area_reaches_a_step_ahead_and_the_messages_take_turns() {
    let (history, names) = stress(0);
    let view = drawn(&history, &names, history.current().now as f64, false);
    assert!(
        view.flying.len() > 100,
        "the stress scenario's Prepares fly"
    );
    let step = place::HIT_STEP / view.ppt;
    let mut moved = Vec::new();
    for k in 0..40 {
        let (a, b) = (f64::from(k) * 0.1, f64::from(k + 1) * 0.1);
        let mut count = 0;
        for f in &view.flying {
            let (ha, hb) = (f.hit_time(a, view.ppt), f.hit_time(b, view.ppt));
            assert!(
                ha >= a && ha < a + step + 1e-9,
                "a step ahead of the tip, never behind"
            );
            count += usize::from(ha != hb);
        }
        moved.push(count);
    }
    let most = moved.iter().max().copied().unwrap_or(0);
    assert!(
        most * 3 < view.flying.len(),
        "a frame moves a few hit areas, not all: {moved:?}"
    );
    assert!(moved.iter().sum::<usize>() > 0, "but they do move");
}

#[test]
fn a_message_in_flight_is_one_named_element_with_its_hit_area() {
    let (history, names) = stress(0);
    let view = drawn(&history, &names, history.current().now as f64, false);
    let f = &view.flying[0];
    let mut text = String::new();
    svg::flying(&mut text, f, "M1,2 L3,4", true, false);
    assert!(
        text.starts_with(&format!(
            r#"<g class="dg-arrow dg-flying {} selected" data-arrow="{}" data-fly="1" role="img" aria-label="{}"><path class="dg-hit" d="M1,2 L3,4"/>"#,
            f.class,
            f.msg.0,
            svg::esc(&f.text)
        )),
        "{text}"
    );
    assert!(text.ends_with("</g>") && text.matches("<g").count() == text.matches("</g>").count());
    assert!(f.text.starts_with("Prepare"), "named: {}", f.text);
}

#[test]
fn a_multi_paxos_run_names_the_slot_of_every_message() {
    let labels = |name: &str| -> Vec<String> {
        let tour = tour(name);
        let names = Names::of_scenario(&tour.scenario);
        let history = history(&tour, None);
        let view = drawn(&history, &names, history.current().now as f64, false);
        arrows(&view).into_iter().map(|a| a.1).collect()
    };
    let multi = labels("multi-steady");
    assert!(
        multi
            .iter()
            .any(|l| l.starts_with("Accept ") && l.contains(" #1 ")),
        "the first slot is named too: {multi:?}"
    );
    assert!(multi
        .iter()
        .any(|l| l.starts_with("Prepare ") && l.contains('≥')));
    // Single-decree labels stay as they were, with no slot.
    assert!(labels("one-plus-one").iter().all(|l| !l.contains('#')));
}
