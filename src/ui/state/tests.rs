//! The reducer's tests: every gesture, played through [`State::reduce`](yew::Reducible::reduce)
//! on the host, as the page would.

use super::*;
use crate::paxos::{Learning, Liveness, Variant};
use crate::scenario::{self, inline, Text};
use crate::sim::{MsgId, OpError, Switch};
use crate::ui::scene::Still;

fn start(scenario: &str) -> Rc<State> {
    open_link(scenario, None)
}

/// Opens `scenario`, from a link that carries `run` if any, as the page would.
fn open_link(scenario: &str, run: Option<&str>) -> Rc<State> {
    open_link_in(Lang::En, scenario, run)
}

/// The same, in `lang`.
fn open_link_in(lang: Lang, scenario: &str, run: Option<&str>) -> Rc<State> {
    arrive(Rc::new(State::new(
        LangChoice {
            lang,
            unknown: None,
        },
        Startup {
            scenario: Some(scenario.to_owned()),
            run: run.map(str::to_owned),
            ..Startup::default()
        },
    )))
}

/// Delivers the file the page is fetching, as the browser would.
fn arrive(state: Rc<State>) -> Rc<State> {
    match state.fetching.clone() {
        Some(name) => {
            let text = scenario::builtin(&name).map(str::to_owned).ok_or(404);
            state.reduce(Action::Fetched { name, text })
        }
        None => state,
    }
}

fn act(state: &Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
    actions
        .into_iter()
        .fold(Rc::clone(state), |s, a| s.reduce(a))
}

fn node(state: &State, name: &str) -> NodeId {
    state
        .loaded
        .tour
        .scenario
        .nodes
        .iter()
        .position(|n| n.id == name)
        .map(|i| NodeId(i as u32))
        .unwrap()
}

fn propose(state: &State, who: &str, value: &str) -> Action {
    let acceptors = state.sim().config.acceptors.clone();
    Action::Propose {
        node: node(state, who),
        value: value.to_owned(),
        ballot: String::new(),
        recipients: acceptors,
    }
}

/// Frames 50 ms apart until `done` holds or `max` frames have passed.
fn play_until(state: Rc<State>, max: usize, done: impl Fn(&State) -> bool) -> Rc<State> {
    let mut s = state;
    if !s.playing {
        s = s.reduce(Action::TogglePlay);
    }
    for i in 0..max {
        if done(&s) {
            break;
        }
        s = s.reduce(Action::Frame(i as f64 * 50.0));
    }
    s
}

#[test]
fn it_starts_with_the_sandbox_by_default() {
    let s = State::new(
        LangChoice {
            lang: Lang::Zh,
            unknown: None,
        },
        Startup::default(),
    );
    assert_eq!(s.loaded.name.as_deref(), Some("sandbox"));
    assert!(!s.guided() && !s.left_script());
    assert_eq!(s.scene.nodes.len(), 6);
    assert_eq!(s.problem, None);
    assert!(s.catalog.iter().any(|e| e.name == "one-plus-one"));
}

#[test]
fn an_unknown_or_broken_scenario_is_reported_and_the_sandbox_shown() {
    let s = start("no-such-thing");
    assert_eq!(s.loaded.name.as_deref(), Some("sandbox"));
    assert_eq!(
        s.problem,
        Some(Problem::UnknownScenario("no-such-thing".into()))
    );
    let bad = State::new(
        LangChoice {
            lang: Lang::En,
            unknown: None,
        },
        Startup {
            inline: Some(inline::encode("{\"title\": 3}")),
            ..Startup::default()
        },
    );
    assert_eq!(bad.loaded.name.as_deref(), Some("sandbox"));
    let Some(Problem::BadScenario(e)) = &bad.problem else {
        panic!("a bad scenario is reported: {:?}", bad.problem);
    };
    assert_eq!(
        e.text(),
        Text::new(
            "第 1 行第 11 列（`title`）：类型不对：得到整数 3，需要双语文本 {\"zh\": …, \"en\": …}",
            "line 1, column 11, at `title`: wrong type: got the integer 3, expected a text {\"zh\": …, \"en\": …}",
        )
    );
}

#[test]
fn an_inline_scenario_loads() {
    let text = scenario::builtin("one-plus-one").unwrap();
    let s = State::new(
        LangChoice {
            lang: Lang::En,
            unknown: None,
        },
        Startup {
            inline: Some(inline::encode(text)),
            scenario: Some("sandbox".into()),
            ..Startup::default()
        },
    );
    assert_eq!(s.loaded.name, None);
    assert!(s.guided());
}

#[test]
fn set_lang_and_dismiss_notice() {
    let s = Rc::new(State::new(
        LangChoice {
            lang: Lang::En,
            unknown: Some("fr".into()),
        },
        Startup::default(),
    ));
    assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::SetLang(Lang::En))));
    let zh = act(&s, [Action::SetLang(Lang::Zh)]);
    assert_eq!(zh.lang, Lang::Zh);
    assert_eq!(zh.scene.lang, Lang::Zh);
    assert_eq!(
        zh.notices,
        [Ignored {
            param: "lang=fr".into(),
            reason: Reason::Language
        }]
    );
    let s = act(&s, [Action::DismissNotice]);
    assert!(s.notices.is_empty());
    assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::DismissNotice)));
}

#[test]
fn a_proposal_played_to_the_end_is_chosen_and_narrated() {
    let s = start("sandbox");
    let s = act(&s, [propose(&s, "p1", "tea")]);
    assert_eq!(s.problem, None);
    assert_eq!(s.scene.messages.len(), 3, "three prepares");
    assert!(!s.recent.fresh.is_empty(), "new messages ease in");
    // Paused: frames change nothing.
    let paused = act(&s, [Action::Frame(0.0), Action::Frame(500.0)]);
    assert!(Rc::ptr_eq(&s, &paused));
    let s = act(&s, [Action::SetSpeed(Speed::at(100))]);
    let s = play_until(s, 2000, |s| {
        !s.scene.chosen.is_empty() && s.sim().next_due().is_none()
    });
    assert_eq!(s.scene.chosen, ["tea"]);
    // While playing, the log catches up at least every quarter second.
    let s = play_until(s, 10, |_| false);
    assert!(s.log.iter().any(|l| l.text.contains("chosen")));
    let s = act(&s, [Action::TogglePlay]);
    assert!(s.scene.violation.is_none());
    assert!(s.log.iter().any(|l| l.text.contains("chosen")));
    assert!(s.log.iter().any(|l| l.rule == Some("promise rule")));
}

#[test]
fn playing_moves_the_display_clock_and_steps_when_due() {
    let s = start("sandbox");
    let s = act(&s, [propose(&s, "p1", "x"), Action::TogglePlay]);
    assert!(s.playing);
    let due = s.sim().next_due().unwrap() as f64;
    let s = act(&s, [Action::Frame(0.0), Action::Frame(50.0)]);
    assert!(s.time > 0.0 && s.time < due, "{}", s.time);
    assert_eq!(s.history().cursor(), 1, "nothing due yet");
    // 1× is 20 ticks a second; frames longer than 100 ms count as 100 ms.
    let mut s = s;
    let mut at = 50.0;
    while s.history().cursor() == 1 {
        at += 100.0;
        s = s.reduce(Action::Frame(at));
    }
    assert!(s.time >= due);
    assert_eq!(s.sim().now as f64, due);
    let paused = act(&s, [Action::TogglePlay]);
    assert!(!paused.playing);
    let later = act(&paused, [Action::Frame(at + 1000.0)]);
    assert_eq!(later.time, paused.time);
}

#[test]
fn step_back_then_forward_gives_the_same_picture() {
    let s = start("sandbox");
    let s = act(
        &s,
        [propose(&s, "p2", "y"), Action::SetSpeed(Speed::at(50))],
    );
    let s = play_until(s, 30, |_| false);
    let s = act(&s, [Action::TogglePlay]);
    let before = s.picture();
    let stepped = act(&s, [Action::StepForward]);
    let after = stepped.picture();
    assert_ne!(after, before);
    let back = act(&stepped, [Action::StepBack]);
    assert_eq!(back.picture(), before, "back restores the exact picture");
    let again = act(&back, [Action::StepForward]);
    assert_eq!(again.picture(), after);
    // And back to the very start.
    let mut s = again;
    while s.can_back() {
        s = s.reduce(Action::StepBack);
    }
    assert!(s.sim().in_flight.is_empty());
    assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::StepBack)));
}

#[test]
fn step_forward_when_quiet_reports_it() {
    let s = start("sandbox");
    let s = act(&s, [Action::StepForward]);
    assert_eq!(s.problem, Some(Problem::Op(OpError::Quiet)));
    let s = act(&s, [Action::DismissProblem]);
    assert_eq!(s.problem, None);
    assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::DismissProblem)));
}

#[test]
fn dropping_a_message_removes_it_and_the_receiver_is_unchanged() {
    let s = start("sandbox");
    let s = act(&s, [propose(&s, "p1", "x")]);
    let a1 = node(&s, "a1");
    let msg = s
        .scene
        .messages
        .iter()
        .find(|m| m.envelope.to == a1)
        .unwrap();
    let id = msg.envelope.id;
    let s = act(&s, [Action::SelectMessage(id)]);
    assert_eq!(s.selection, Selection::Message(id));
    let before = s.scene.node(a1).unwrap().lines.clone();
    let s = act(&s, [Action::Message(MsgVerb::Drop, id)]);
    assert!(s.scene.message(id).is_none());
    assert_eq!(s.selection, Selection::None);
    assert_eq!(s.recent.effects.len(), 1);
    assert_eq!(s.recent.effects[0].kind, EffectKind::Dropped);
    let s = act(&s, [Action::SetSpeed(Speed::at(100))]);
    let s = play_until(s, 2000, |s| s.sim().next_due().is_none());
    assert_eq!(s.scene.node(a1).unwrap().lines, before);
    // The others still chose a value.
    assert_eq!(s.scene.chosen, ["x"]);
}

#[test]
fn message_verbs_hold_release_duplicate_deliver() {
    let s = start("sandbox");
    let s = act(&s, [propose(&s, "p1", "x")]);
    let id = s.scene.messages[0].envelope.id;
    let s = act(&s, [Action::Message(MsgVerb::Hold, id)]);
    assert!(s.scene.message(id).unwrap().envelope.held_at.is_some());
    let s = act(&s, [Action::Message(MsgVerb::Hold, id)]);
    assert_eq!(
        s.problem,
        Some(Problem::Op(OpError::AlreadyHeld { msg: id }))
    );
    let s = act(&s, [Action::Message(MsgVerb::Release, id)]);
    assert!(s.scene.message(id).unwrap().envelope.held_at.is_none());
    assert_eq!(s.problem, None);
    let s = act(&s, [Action::Message(MsgVerb::Duplicate, id)]);
    assert_eq!(s.scene.messages.len(), 4);
    assert!(s.recent.flash.contains_key(&id));
    let s = act(&s, [Action::Message(MsgVerb::Deliver, id)]);
    assert!(s.scene.message(id).is_none());
    assert_eq!(s.recent.effects[0].kind, EffectKind::Delivered);
    let s = act(&s, [Action::Message(MsgVerb::Drop, id)]);
    assert!(matches!(
        s.problem,
        Some(Problem::Op(OpError::NoSuchMessage { .. }))
    ));
}

#[test]
fn a_dead_node_loses_messages_and_keeps_its_promise() {
    let s = start("sandbox");
    let a1 = node(&s, "a1");
    let s = act(
        &s,
        [propose(&s, "p1", "x"), Action::SetSpeed(Speed::at(100))],
    );
    let s = play_until(s, 2000, |s| {
        s.sim().nodes[&a1].durable.acceptor.promised.0 > 0
    });
    let s = act(&s, [Action::TogglePlay, Action::Kill(a1)]);
    assert!(s.scene.node(a1).unwrap().down);
    let promised = s.sim().nodes[&a1].durable.acceptor.clone();
    let s = act(&s, [Action::Kill(a1)]);
    assert_eq!(s.problem, Some(Problem::Op(OpError::NodeDown { node: a1 })));
    let s = act(&s, [propose(&s, "p2", "y")]);
    let s = play_until(s, 2000, |s| s.sim().next_due().is_none());
    let s = act(&s, [Action::TogglePlay]);
    assert!(s
        .log
        .iter()
        .any(|l| l.text.contains("is down and hears nothing")));
    let s = act(&s, [Action::Restart(a1)]);
    assert!(!s.scene.node(a1).unwrap().down);
    assert_eq!(s.sim().nodes[&a1].durable.acceptor, promised);
    let s = act(&s, [Action::Restart(a1)]);
    assert_eq!(s.problem, Some(Problem::Op(OpError::NodeUp { node: a1 })));
}

#[test]
fn a_bad_ballot_or_value_is_explained_not_applied() {
    let s = start("sandbox");
    let p1 = node(&s, "p1");
    let a = Action::Propose {
        node: p1,
        value: "x".into(),
        ballot: "two".into(),
        recipients: vec![],
    };
    let s = act(&s, [a]);
    assert_eq!(s.problem, Some(Problem::BallotText("two".into())));
    let a = Action::Propose {
        node: p1,
        value: "  ".into(),
        ballot: "".into(),
        recipients: s.sim().config.acceptors.clone(),
    };
    let s = act(&s, [a]);
    assert!(matches!(
        s.problem,
        Some(Problem::Op(OpError::BadValue { .. }))
    ));
    assert_eq!(s.history().cursor(), 0);
    let ok = Action::Propose {
        node: p1,
        value: "x".into(),
        ballot: "7".into(),
        recipients: s.sim().config.acceptors[..1].to_vec(),
    };
    let s = act(&s, [ok]);
    assert_eq!(s.problem, None);
    assert_eq!(s.scene.messages.len(), 1);
    assert_eq!(s.scene.messages[0].label, "Prepare 7");
}

#[test]
fn the_forms_filled_in_proposal_is_recorded_as_the_simulators_own_choice() {
    let s = start("sandbox");
    let p1 = node(&s, "p1");
    let next = s.sim().next_ballot(p1).expect("a number is left");
    let acceptors = s.sim().config.acceptors.clone();
    // Sent as the form shows it: the next number and every acceptor, written out.
    let s = act(
        &s,
        [Action::Propose {
            node: p1,
            value: "x".into(),
            ballot: next.0.to_string(),
            recipients: acceptors.clone(),
        }],
    );
    assert_eq!(
        s.history().recorded_ops(),
        [Op::Propose {
            node: p1,
            value: "x".into(),
            ballot: None,
            recipients: None,
        }]
    );
    // What differs from the defaults is kept.
    let later = Ballot(next.0 + 10);
    let s = act(
        &s,
        [Action::Propose {
            node: p1,
            value: "y".into(),
            ballot: later.0.to_string(),
            recipients: acceptors[..2].to_vec(),
        }],
    );
    assert_eq!(
        s.history().recorded_ops()[1],
        Op::Propose {
            node: p1,
            value: "y".into(),
            ballot: Some(later),
            recipients: Some(acceptors[..2].to_vec()),
        }
    );
}

#[test]
fn switches_loss_learning_and_liveness_are_ops() {
    let s = start("sandbox");
    let s = act(
        &s,
        [
            Action::SetLoss(30),
            Action::SetSwitch(Switch::Nacks, true),
            Action::SetSwitch(Switch::Variant(Variant::Amnesia), true),
            Action::SetLearning(Learning::Distinguished { learner: NodeId(5) }),
            Action::SetLiveness(Liveness::RandomBackoff { max_extra: 40 }),
        ],
    );
    let sim = s.sim();
    assert_eq!(sim.net.loss_percent, 30);
    assert!(sim.config.nacks && sim.config.has(Variant::Amnesia));
    assert_eq!(
        sim.config.learning,
        Learning::Distinguished { learner: NodeId(5) }
    );
    assert_eq!(s.history().cursor(), 5);
    drop(sim);
    let s = act(&s, [Action::SetLoss(101)]);
    assert!(matches!(
        s.problem,
        Some(Problem::Op(OpError::LossOutOfRange { .. }))
    ));
    assert!(s.log.iter().any(|l| l.text.contains("no longer safe")));
}

#[test]
fn the_guided_tour_moves_by_steps() {
    let s = start("one-plus-one");
    assert!(s.guided());
    assert_eq!(s.tour_step, 1);
    assert!(s.midway());
    let n = s.loaded.steps();
    let s = act(&s, [Action::TourNext]);
    assert_eq!(s.tour_step, 2);
    assert_eq!(s.history().cursor(), s.loaded.tour.ops_after(2));
    assert_eq!(s.scene.messages.len(), 2, "User1's two prepares");
    assert_eq!(s.recent.fresh.len(), 2);
    let s = act(&s, [Action::TourNext, Action::TourPrev]);
    assert_eq!(s.tour_step, 2);
    assert_eq!(s.scene.messages.len(), 2);
    assert!(s.recent.fresh.is_empty(), "going back draws no effects");
    assert!(s.recent.effects.is_empty());
    let s = act(&s, [Action::TourPrev]);
    assert_eq!(s.tour_step, 1);
    assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::TourPrev)));
    // To the end, and no further.
    let mut end = s;
    for _ in 0..n + 3 {
        end = end.reduce(Action::TourNext);
    }
    assert_eq!(end.tour_step, n);
    assert_eq!(end.scene.chosen, ["1+1=3"]);
    assert!(end.guided());
}

#[test]
fn a_message_dropped_in_a_tour_fades_where_its_label_rested() {
    // Learners, a set, at step 3: three Accepts wait, each resting clear of the cards.
    let mut s = start("learners-set");
    for _ in 0..3 {
        s = act(&s, [Action::TourNext]);
    }
    assert!(s.midway());
    let rests = crate::ui::scene::resting_points(&s.scene, Still::Midway);
    let i = (0..rests.len())
        .find(|&i| rests[i].at != s.scene.messages[i].point(0.0, true))
        .expect("a label that rests off the middle of its path");
    let m = Rc::clone(&s.scene.messages[i]);
    assert_eq!(
        s.scene.drawn_at(&m, s.time, Some(Still::Midway)),
        rests[i].at
    );
    let took = act(&s, [Action::Message(MsgVerb::Drop, m.envelope.id)]);
    let cross = &took.recent.effects[0];
    assert_eq!(cross.kind, EffectKind::Dropped);
    assert_eq!(cross.point, Some(rests[i].at));
}

#[test]
fn taking_over_a_tour_is_noticed_and_can_be_undone() {
    let s = start("one-plus-one");
    let initial = s.picture();
    let s = act(&s, [Action::TourNext]);
    // Taking over: dropping a message leaves the script.
    let id = s.scene.messages[0].envelope.id;
    let took = act(&s, [Action::Message(MsgVerb::Drop, id)]);
    assert!(took.left_script() && !took.guided());
    assert!(!took.midway());
    assert_eq!(took.tour_step, 2);
    // Next step goes back to the script, at step 3.
    let back = act(&took, [Action::TourNext]);
    assert!(back.guided());
    assert_eq!(back.tour_step, 3);
    assert_eq!(back.history().cursor(), back.loaded.tour.ops_after(3));
    let took = act(&back, [Action::Kill(NodeId(0))]);
    assert!(took.left_script());
    let restarted = act(&took, [Action::RestartTour]);
    assert!(restarted.guided());
    assert_eq!(restarted.tour_step, 1);
    assert_eq!(restarted.picture().0, initial.0);
}

#[test]
fn event_steps_inside_a_tour_stay_on_the_script() {
    let s = start("one-plus-one");
    let s = act(&s, [Action::TourNext, Action::TourNext]);
    let s3 = s.history().cursor();
    let s = act(&s, [Action::StepBack]);
    assert!(s.guided());
    assert_eq!(s.history().cursor(), s3 - 1);
    assert_eq!(s.tour_step, 2);
    let s = act(&s, [Action::StepForward]);
    assert!(s.guided());
    assert_eq!(s.tour_step, 3);
    // Play plays the tour: it stays on the script and advances by itself.
    let s = act(&s, [Action::TogglePlay]);
    assert!(s.guided() && s.autoplay && !s.playing);
    let s = act(&s, [Action::AutoAdvance]);
    assert_eq!(s.tour_step, 4);
    let s = act(&s, [Action::TogglePlay]);
    assert!(!s.autoplay);
    assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::AutoAdvance)));
    // An op by hand takes over and stops the tour playing.
    let user1 = node(&s, "user1");
    let s = act(&s, [Action::TogglePlay, Action::Kill(user1)]);
    assert!(s.left_script() && !s.autoplay && !s.midway());
    // Messages continue from midway, where the tour drew them.
    assert!(!s.scene.messages.is_empty());
    for m in &s.scene.messages {
        assert_eq!(m.progress(s.time, false), 0.5);
    }
    let last = s.loaded.steps();
    let s = act(&s, [Action::RestartTour]);
    let s = act(&s, std::iter::repeat_n(Action::TourNext, last));
    assert_eq!(s.tour_step, last);
    assert!(s.quiz.is_none());
    assert!(!s.plays_tour());
    // At the last step, play takes over and plays the run; messages continue from midway.
    // (The stress tour's one step leaves 198 messages in flight.)
    let s = start("stress");
    assert!(s.guided() && !s.plays_tour() && !s.scene.messages.is_empty());
    let s3 = s.history().cursor();
    let s = act(&s, [Action::TogglePlay]);
    assert!(s.left_script() && !s.midway() && s.playing);
    let s = play_until(s, 200, |s| s.history().cursor() > s3);
    assert!(s.history().cursor() > s3);
}

#[test]
fn selection_popovers_and_escape() {
    let s = start("sandbox");
    let p1 = node(&s, "p1");
    let s = act(&s, [Action::SelectNode(p1)]);
    assert_eq!(s.selection, Selection::Node(p1));
    assert!(s.drawer_open());
    let s2 = act(&s, [Action::SelectNode(p1)]);
    assert_eq!(s2.selection, Selection::None);
    let s = act(&s, [Action::ToggleHelp]);
    assert!(s.overlay == Some(Overlay::Help));
    let s = act(&s, [Action::Escape]);
    assert!(s.overlay != Some(Overlay::Help) && s.selection == Selection::Node(p1));
    let s = act(&s, [Action::Escape]);
    assert_eq!(s.selection, Selection::None);
    let s = act(&s, [Action::ToggleSettings]);
    assert!(s.panel == Some(Panel::Settings));
    let s = act(&s, [Action::ToggleLog]);
    assert!(s.panel == Some(Panel::Log) && s.panel != Some(Panel::Settings));
    let s = act(&s, [Action::Escape]);
    assert!(s.panel != Some(Panel::Log));
    assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::Escape)));
    // A message that is not in flight cannot be selected.
    assert!(Rc::ptr_eq(
        &s,
        &s.clone().reduce(Action::SelectMessage(MsgId(99)))
    ));
}

#[test]
fn speed_presentation_resize_and_reset() {
    let s = start("sandbox");
    let s = act(&s, [Action::SetSpeed(Speed::at(300))]);
    assert_eq!(s.speed.position(), Speed::RANGE);
    assert!((s.speed.factor() - 10.0).abs() < 1e-9);
    let s = act(&s, [Action::SetSpeed(Speed::at(-100))]);
    assert!((s.speed.factor() - 0.1).abs() < 1e-9);
    assert!(Rc::ptr_eq(
        &s,
        &s.clone().reduce(Action::SetSpeed(Speed::at(-100)))
    ));
    let wide = act(&s, [Action::StageResized(1600, 500)]);
    assert!(wide.scene.layout.width > s.scene.layout.width);
    assert!(Rc::ptr_eq(
        &wide,
        &wide.clone().reduce(Action::StageResized(1600, 500))
    ));
    let big = act(&wide, [Action::TogglePresentation]);
    assert!(big.presentation);
    assert!(big.scene.layout.height < wide.scene.layout.height);
    // The projector theme draws message labels larger.
    let sent = act(&big, [propose(&big, "p1", "x")]);
    let projector = act(&sent, [Action::ToggleProjector]);
    let (plain, large) = (&sent.scene.messages[0], &projector.scene.messages[0]);
    assert_eq!(large.height(), plain.height() * PROJECTOR_LABELS);
    assert!(large.width > plain.width * 1.2);
    assert_eq!(projector.scene.layout, sent.scene.layout, "the cards stay");
    let back = act(&projector, [Action::ToggleProjector]);
    assert_eq!(back.scene.messages[0].width, plain.width);
    let s = act(&back, [Action::Reset]);
    assert_eq!(s.history().cursor(), 0);
    assert!(s.scene.messages.is_empty());
    assert!(s.presentation, "reset keeps the view settings");
}

#[test]
fn loading_another_scenario_starts_it() {
    let s = start("sandbox");
    let s = act(&s, [Action::LoadScenario("annual-meeting-2".into())]);
    // Its file is fetched; the sandbox stays until it arrives.
    assert_eq!(s.fetching.as_deref(), Some("annual-meeting-2"));
    assert_eq!(s.loaded.name.as_deref(), Some("sandbox"));
    assert!(
        !s.loading(),
        "the page is not blanked while a picked scenario loads"
    );
    let s = arrive(s);
    assert_eq!(s.loaded.name.as_deref(), Some("annual-meeting-2"));
    assert!(s.guided());
    assert_eq!(s.scene.nodes[0].name, "Zhang San");
    assert!(Rc::ptr_eq(
        &s,
        &s.clone()
            .reduce(Action::LoadScenario("annual-meeting-2".into()))
    ));
    let s = act(&s, [Action::LoadScenario("nope".into())]);
    assert_eq!(s.problem, Some(Problem::UnknownScenario("nope".into())));
    assert_eq!(
        s.loaded.name.as_deref(),
        Some("annual-meeting-2"),
        "nothing is lost"
    );
    // A file that does not arrive is reported, and the scenario on the stage stays.
    let s = act(&s, [Action::LoadScenario("odd-3".into())]);
    let lost = act(
        &s,
        [Action::Fetched {
            name: "odd-3".into(),
            text: Err(404),
        }],
    );
    assert_eq!(
        lost.problem,
        Some(Problem::Unreachable {
            name: "odd-3".into(),
            status: 404
        })
    );
    assert_eq!(lost.loaded.name.as_deref(), Some("annual-meeting-2"));
    // An answer for a scenario no longer wanted is ignored.
    let s = act(&s, [Action::LoadScenario("odd-4".into())]);
    let stale = Action::Fetched {
        name: "odd-3".into(),
        text: Ok(scenario::builtin("odd-3").unwrap().into()),
    };
    assert!(Rc::ptr_eq(&s, &s.clone().reduce(stale)));
    assert_eq!(arrive(s).loaded.name.as_deref(), Some("odd-4"));
}

#[test]
fn the_page_waits_for_the_scenario_its_address_names() {
    let waiting = || {
        Rc::new(State::new(
            LangChoice {
                lang: Lang::En,
                unknown: None,
            },
            crate::ui::address::read("?scenario=one-plus-one&step=3", "", false),
        ))
    };
    let s = waiting();
    assert!(s.loading());
    assert_eq!(s.fetching.as_deref(), Some("one-plus-one"));
    let s = arrive(s);
    assert!(!s.loading());
    assert_eq!(
        s.tour_step, 3,
        "the address's step applies once it has arrived"
    );
    // Offline: the sandbox, and why.
    let offline = act(
        &waiting(),
        [Action::Fetched {
            name: "one-plus-one".into(),
            text: Err(0),
        }],
    );
    assert!(!offline.loading());
    assert_eq!(offline.loaded.name.as_deref(), Some("sandbox"));
    assert!(matches!(
        offline.problem,
        Some(Problem::Unreachable { status: 0, .. })
    ));
}

#[test]
fn reduced_motion_keeps_messages_midway() {
    let s = Rc::new(State::new(
        LangChoice {
            lang: Lang::En,
            unknown: None,
        },
        Startup {
            reduced_motion: true,
            ..Startup::default()
        },
    ));
    assert!(s.midway());
    let s = act(&s, [propose(&s, "p1", "x"), Action::TogglePlay]);
    assert!(s.midway(), "even while playing");
}

fn open(search: &str) -> Rc<State> {
    arrive(Rc::new(State::new(
        LangChoice {
            lang: Lang::En,
            unknown: None,
        },
        crate::ui::address::read(search, "", false),
    )))
}

#[test]
fn the_address_opens_a_step_plays_and_sets_the_speed() {
    let s = open("?scenario=one-plus-one&embed=1&step=6&speed=2");
    assert!(s.embed && s.guided() && !s.autoplay && !s.playing);
    assert_eq!(s.tour_step, 6);
    assert_eq!(s.history().cursor(), s.loaded.tour.ops_after(6));
    assert_eq!(s.speed.position(), 30);
    assert!(s.notices.is_empty());
    let s = open("?scenario=one-plus-one&step=99&autoplay=1");
    assert_eq!(s.tour_step, 16);
    assert!(!s.autoplay, "nothing left to play at the last step");
    assert_eq!(
        s.notices,
        [Ignored {
            param: "step=99".into(),
            reason: Reason::StepBeyond { last: 16 }
        }]
    );
    let s = open("?scenario=one-plus-one&autoplay=1");
    assert!(s.autoplay && s.guided() && !s.playing);
    // A scenario without a tour ignores the step and plays the run.
    let s = open("?step=3&autoplay=1&bogus");
    assert!(s.playing && !s.autoplay);
    let reasons: Vec<Reason> = s.notices.iter().map(|i| i.reason).collect();
    assert_eq!(reasons, [Reason::Unknown, Reason::NoSteps]);
}

#[test]
fn autoplay_waits_longer_for_longer_captions_and_less_at_higher_speed() {
    assert!(reading_ms("short", Lang::En) < reading_ms(&"long ".repeat(40), Lang::En));
    assert!(reading_ms("一二三四五六七八九十", Lang::Zh) > reading_ms("abcdefghij", Lang::En));
    assert_eq!(reading_ms(&"x".repeat(5000), Lang::En), 30_000);
    let s = open("?scenario=one-plus-one&autoplay=1");
    let slow = s.autoplay_delay();
    let s = act(&s, [Action::SetSpeed(Speed::at(100))]);
    assert_eq!(s.autoplay_delay(), slow / 10);
}

#[test]
fn a_scenario_file_opens_and_a_bad_one_changes_nothing() {
    let s = start("one-plus-one");
    let s = act(&s, [Action::TourNext]);
    let before = s.picture();
    let bad = act(
        &s,
        [Action::LoadFile {
            name: "typo.json".into(),
            text: Ok("{ \"title\": 1 }".into()),
        }],
    );
    assert!(matches!(&bad.problem, Some(Problem::BadFile { name, .. }) if name == "typo.json"));
    assert_eq!(bad.loaded.name.as_deref(), Some("one-plus-one"));
    assert_eq!(
        bad.picture(),
        before,
        "the tour on the stage stays where it was"
    );
    let huge = act(
        &bad,
        [Action::LoadFile {
            name: "huge.json".into(),
            text: Err(2 << 20),
        }],
    );
    assert!(matches!(
        &huge.problem,
        Some(Problem::BadFile { error: ScenarioError::TooLarge { bytes }, .. }) if *bytes == 2 << 20
    ));
    let text = scenario::builtin("odd-3").unwrap();
    let good = act(
        &huge,
        [Action::LoadFile {
            name: "odd.json".into(),
            text: Ok(text.to_owned()),
        }],
    );
    assert_eq!(good.problem, None);
    assert_eq!(good.loaded.name, None);
    assert_eq!(
        good.loaded.inline.as_deref(),
        Some(inline::encode(text).as_str())
    );
    assert!(good.guided() && good.tour_step == 1);
}

#[test]
fn a_scenario_given_to_the_open_page_in_the_hash_opens_and_a_bad_one_changes_nothing() {
    let s = act(&start("one-plus-one"), [Action::TourNext]);
    let before = s.picture();
    let bad = act(&s, [Action::LoadInline(inline::encode("{ \"title\": 1 }"))]);
    assert!(matches!(&bad.problem, Some(Problem::BadScenario(_))));
    assert_eq!(bad.loaded.name.as_deref(), Some("one-plus-one"));
    assert_eq!(
        bad.picture(),
        before,
        "the tour on the stage stays where it was"
    );
    let data = inline::encode(scenario::builtin("odd-3").unwrap());
    let good = act(&bad, [Action::LoadInline(data.clone())]);
    assert_eq!(good.problem, None);
    assert_eq!(
        (good.loaded.name.as_deref(), good.loaded.inline.as_deref()),
        (None, Some(data.as_str()))
    );
    assert!(good.guided() && good.tour_step == 1);
    // The same data again (the page's own address) changes nothing.
    let good = act(&good, [Action::TourNext]);
    let again = act(&good, [Action::LoadInline(data)]);
    assert!(Rc::ptr_eq(&good, &again));
}

#[test]
fn a_multi_paxos_learner_card_says_what_it_learned() {
    let node = |id: &str, roles: &str| {
        format!(r#"{{"id": "{id}", "name": {{"zh": "{id}", "en": "{id}"}}, "roles": [{roles}]}}"#)
    };
    let text = format!(
        r#"{{"title": {{"zh": "日志", "en": "A log"}},
          "nodes": [{}, {}, {}, {}],
          "rules": {{"multi": {{"machine": "key-value", "replicas": ["a", "b", "c", "d"]}}}},
          "steps": [{{"caption": {{"zh": "一", "en": "One"}},
                      "do": [{{"lead": {{"node": "a"}}}}, {{"submit": {{"node": "a", "command": "set x 1"}}}}, {{"run": {{}}}}]}},
                    {{"caption": {{"zh": "二", "en": "Two"}},
                      "do": [{{"submit": {{"node": "a", "command": "set y 2"}}}}, {{"run": {{}}}}]}}]}}"#,
        node("a", r#""proposer", "acceptor""#),
        node("b", r#""acceptor""#),
        node("c", r#""acceptor""#),
        node("d", r#""learner""#),
    );
    let s = act(
        &start("sandbox"),
        [Action::LoadFile {
            name: "log.json".into(),
            text: Ok(text),
        }],
    );
    assert_eq!(s.problem, None);
    let card = |s: &State, lang| {
        let d = s.scene.nodes.iter().find(|n| n.name == "d").unwrap();
        let lines = match lang {
            Lang::En => d.lines.clone(),
            Lang::Zh => crate::ui::describe::node_lines(&s.sim(), &s.sim().nodes[&d.id], lang),
        };
        lines.join(" / ")
    };
    // A replica that is a learner only: its log line is its card's, as learned and run.
    assert!(
        card(&s, Lang::En).starts_with("slot 1: "),
        "{}",
        card(&s, Lang::En)
    );
    let s = act(&s, [Action::TourNext]);
    assert!(
        card(&s, Lang::En).starts_with("slot 2: "),
        "{}",
        card(&s, Lang::En)
    );
    assert!(
        card(&s, Lang::Zh).starts_with("槽位 2："),
        "{}",
        card(&s, Lang::Zh)
    );
}

#[test]
fn a_tour_of_captions_alone_steps_through_them() {
    let text = r#"{"title": {"zh": "三页", "en": "Three slides"},
      "nodes": [{"id": "a", "name": {"zh": "甲", "en": "A"}, "roles": ["acceptor"]}],
      "steps": [{"caption": {"zh": "一", "en": "Slide one"}},
                {"caption": {"zh": "二", "en": "Slide two"}},
                {"caption": {"zh": "三", "en": "Slide three"}}]}"#;
    let s = act(
        &start("sandbox"),
        [Action::LoadFile {
            name: "slides.json".into(),
            text: Ok(text.to_owned()),
        }],
    );
    assert_eq!(s.problem, None);
    assert!(s.guided() && s.tour_step == 1);
    let s = act(&s, [Action::TourNext, Action::TourNext]);
    assert_eq!(s.tour_step, 3);
    assert_eq!(s.loaded.caption(s.tour_step, Lang::En), Some("Slide three"));
    let s = act(&s, [Action::TourNext]);
    assert_eq!(s.tour_step, 3, "the last step stays");
    let s = act(&s, [Action::TourPrev]);
    assert_eq!(s.tour_step, 2);
    // The sandbox's one caption introduces a free run: it is no tour.
    assert!(!start("sandbox").guided());
}

#[test]
fn the_drawer_opens_on_the_side_away_from_the_selected_node() {
    // The sandbox in an 800x450 embed, where the side panel is a drawer over the stage.
    let s = act(&start("sandbox"), [Action::StageResized(790, 310)]);
    let third = s.scene.layout.width / 3.0;
    let at =
        |within: &dyn Fn(f64) -> bool| s.scene.nodes.iter().find(|n| within(n.x)).map(|n| n.id);
    let (left, middle, right) = (
        at(&|x| x < third).expect("a node on the left"),
        at(&|x| x > third && x < 2.0 * third).expect("a node in the middle"),
        at(&|x| x > 2.0 * third).expect("a node on the right"),
    );
    let on_left = act(&s, [Action::SelectNode(right)]);
    assert!(on_left.drawer_on_left() && !on_left.drawer_narrow());
    let on_right = act(&on_left, [Action::SelectNode(left)]);
    assert!(!on_right.drawer_on_left() && !on_right.drawer_narrow());
    // The sandbox stands in columns: its acceptors are in the middle, where the drawer is
    // narrow enough to leave them in view.
    assert!(act(&s, [Action::SelectNode(middle)]).drawer_narrow());
    let closed = act(&on_right, [Action::Escape, Action::ToggleLog]);
    assert!(!closed.drawer_on_left(), "the log opens on the right");
}

#[test]
fn a_learner_asks_and_only_a_learner_may() {
    let s = start("learners-ask");
    let s = act(&s, std::iter::repeat_n(Action::TourNext, 5));
    assert_eq!(s.tour_step, 6);
    let l2 = node(&s, "l2");
    let p = node(&s, "p");
    let s = act(&s, [Action::Ask(p)]);
    assert_eq!(
        s.problem,
        Some(Problem::Op(OpError::NotALearner { node: p }))
    );
    let s = act(&s, [Action::Ask(l2)]);
    assert!(s.left_script());
    let queries = s
        .scene
        .messages
        .iter()
        .filter(|m| m.envelope.message == crate::paxos::Message::Query {})
        .count();
    assert_eq!(queries, 3);
    assert!(s
        .log
        .iter()
        .any(|l| l.text.contains("asks all 3 acceptors")));
    let s = act(&s, std::iter::repeat_n(Action::StepForward, 6));
    assert_eq!(
        s.sim().nodes[&l2]
            .learner
            .learned
            .as_ref()
            .map(|p| p.value.clone()),
        Some(Value::from("x=1"))
    );
    assert!(s
        .log
        .iter()
        .any(|l| l.text.contains("answers L2: it has accepted")));
}

#[test]
fn the_embed_dialog_opens_and_escape_closes_it() {
    let s = start("sandbox");
    let s = act(&s, [Action::ToggleShare]);
    assert!(s.overlay == Some(Overlay::Share));
    let s = act(&s, [Action::Escape]);
    assert!(s.overlay != Some(Overlay::Share));
}

#[test]
fn keys_follow_the_mode() {
    let key = |k: &str| Action::Key(k.to_owned(), KeyContext::default());
    let s = start("one-plus-one");
    let s = act(&s, [key("ArrowRight"), key("PageDown")]);
    assert_eq!(s.tour_step, 3);
    let s = act(&s, [key("ArrowLeft")]);
    assert_eq!(s.tour_step, 2);
    let s = act(&s, [key("?")]);
    assert!(s.overlay == Some(Overlay::Help));
    let s = act(&s, [key("Escape"), key(" ")]);
    assert!(
        s.overlay != Some(Overlay::Help) && s.autoplay && s.guided(),
        "Space plays the tour"
    );
    assert!(Rc::ptr_eq(&s, &s.clone().reduce(key("x"))));
    // Q asks a question, and stops the tour playing.
    let s = act(&s, [key("q")]);
    assert!(s.quiz.is_some() && !s.autoplay && s.guided());
    let free = start("sandbox");
    let free = act(&free, [propose(&free, "p1", "x"), key("ArrowRight")]);
    assert_eq!(free.history().cursor(), 2, "one event forward");
    let free = act(&free, [key("ArrowLeft")]);
    assert_eq!(free.history().cursor(), 1);
}

#[test]
fn the_log_is_narrated_in_the_current_language() {
    let s = start("sandbox");
    let s = act(&s, [propose(&s, "p1", "x"), Action::StepForward]);
    assert!(s.log.iter().any(|l| l.text.starts_with("A")));
    let zh = act(&s, [Action::SetLang(Lang::Zh)]);
    assert!(zh
        .log
        .iter()
        .all(|l| l.text.chars().any(|c| c as u32 > 0x2E80)));
    assert_eq!(zh.log.len(), s.log.len());
}

/// A sandbox run: two proposals, one played a while before the other, then played to quiet.
fn a_played_run() -> Rc<State> {
    let s = start("sandbox");
    let s = act(
        &s,
        [propose(&s, "p1", "x"), Action::SetSpeed(Speed::at(100))],
    );
    let s = play_until(s, 3, |_| false);
    let s = act(&s, [Action::TogglePlay]);
    let s = act(&s, [propose(&s, "p2", "y")]);
    let s = play_until(s, 2000, |s| s.sim().next_due().is_none());
    act(&s, [Action::TogglePlay])
}

/// The recorded run: its ops and its events, including those after the cursor.
fn recording(s: &State) -> (Vec<Op>, Vec<crate::sim::Event>) {
    let h = s.history();
    (h.recorded_ops().to_vec(), h.recorded_events().to_vec())
}

#[test]
fn going_to_an_instant_is_stepping_back_to_it() {
    let s = a_played_run();
    let len = s.history().len();
    assert!(len > 20, "{len} ops");
    let k = len / 2;
    let there = act(&s, [Action::Goto(k)]);
    assert_eq!(there.history().cursor(), k);
    assert_eq!(there.history().len(), len, "nothing is lost");
    let (picture, log) = (there.picture(), there.log.clone());
    assert!(Rc::ptr_eq(&there, &there.clone().reduce(Action::Goto(k))));
    assert!(Rc::ptr_eq(
        &there,
        &there.clone().reduce(Action::Goto(len + 1))
    ));
    let mut s = act(&there, [Action::Goto(len)]);
    for _ in k..len {
        s = s.reduce(Action::StepBack);
    }
    assert_eq!(s.picture(), picture);
    assert_eq!(s.log, log);
    // And forward again, to the end: the same picture as stepping there.
    let jumped = act(&s, [Action::Goto(len)]);
    let end = jumped.picture();
    let mut s = act(&jumped, [Action::Goto(k)]);
    for _ in k..len {
        s = s.reduce(Action::StepForward);
    }
    assert_eq!(s.picture(), end);
    assert_eq!(s.log, jumped.log);
}

#[test]
fn a_line_of_the_log_goes_to_its_instant() {
    let s = a_played_run();
    let line = s.log[s.log.len() / 2].clone();
    let id = crate::sim::EventId(line.id);
    let op = s.history().op_of(id).unwrap();
    let there = act(&s, [Action::GotoEvent(id)]);
    assert_eq!(there.history().cursor(), op + 1);
    assert!(there.log.contains(&line));
    assert!(there.log.last().unwrap().id >= line.id);
    assert!(there.history().events_of(op).iter().any(|e| e.id == id));
    // The first event, the run's beginning, is the start.
    let start = act(&there, [Action::GotoEvent(crate::sim::EventId(0))]);
    assert_eq!(start.history().cursor(), 0);
}

#[test]
fn playing_from_a_past_instant_replays_the_recording() {
    let s = a_played_run();
    let (len, lineage) = (s.history().len(), s.history().lineage());
    let recorded = recording(&s);
    let end = s.picture().2;
    // From before the second proposal: it is redone, not forgotten.
    let s = act(&s, [Action::Goto(2)]);
    let s = play_until(s, 4000, |s| s.history().cursor() == len);
    assert_eq!(s.history().cursor(), len);
    assert_eq!(recording(&s), recorded, "the same run");
    assert_eq!(s.history().lineage(), lineage, "no fork");
    assert_eq!(s.history().set_aside(), None);
    assert_eq!(s.picture().2, end, "the same world");
    assert!(s.scene.chosen.len() == 1);
    // Stepping forward from the past redoes the recording too.
    let s = act(
        &s,
        [Action::TogglePlay, Action::Goto(5), Action::StepForward],
    );
    assert_eq!(recording(&s), recorded);
    assert_eq!(s.history().cursor(), 6);
}

#[test]
fn fork_then_undo_gives_back_the_abandoned_future_exactly() {
    let s = a_played_run();
    let old = recording(&s);
    let len = s.history().len();
    let k = len / 3;
    let s = act(&s, [Action::Goto(k)]);
    let (picture, log) = (s.picture(), s.log.clone());
    // Acting in the past forks: a new future starts here.
    let forked = act(&s, [Action::Kill(node(&s, "a1"))]);
    assert_eq!(forked.history().len(), k + 1);
    assert_eq!(
        forked.history().set_aside(),
        Some((crate::sim::SetAside::Abandoned, k))
    );
    let forked = play_until(forked, 100, |_| false);
    let forked = act(&forked, [Action::TogglePlay]);
    let new = recording(&forked);
    let new_picture = forked.picture();
    assert_ne!(new, old);
    // Undo: the old future, exactly, at the instant of the fork.
    let undone = act(&forked, [Action::UndoFork]);
    assert_eq!(recording(&undone), old);
    assert_eq!(undone.history().cursor(), k);
    assert_eq!(undone.picture(), picture);
    assert_eq!(undone.log, log);
    assert!(Rc::ptr_eq(
        &undone,
        &undone.clone().reduce(Action::UndoFork)
    ));
    // Redo: the fork, where it was left; and the keys do the same.
    let redone = act(&undone, [Action::RedoFork]);
    assert_eq!(recording(&redone), new);
    assert_eq!(redone.picture(), new_picture);
    let ctrl = KeyContext {
        modified: true,
        command: true,
        ..KeyContext::default()
    };
    let key = |k: &str, shift| Action::Key(k.to_owned(), KeyContext { shift, ..ctrl });
    let s = act(&redone, [key("z", false)]);
    assert_eq!(recording(&s), old);
    let s = act(&s, [key("Z", true)]);
    assert_eq!(recording(&s), new);
    let s = act(&s, [key("z", false), key("y", false)]);
    assert_eq!(recording(&s), new);
    assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::RedoFork)));
}

#[test]
fn undoing_a_fork_in_a_tour_returns_to_its_script() {
    let s = start("one-plus-one");
    let s = act(&s, [Action::TourNext, Action::TourNext]);
    let (step, picture) = (s.tour_step, s.picture());
    let id = s.scene.messages[0].envelope.id;
    let took = act(&s, [Action::Message(MsgVerb::Drop, id)]);
    assert!(took.left_script());
    let back = act(&took, [Action::UndoFork]);
    assert!(back.guided(), "on the script again");
    assert_eq!(back.tour_step, step);
    assert_eq!(back.picture(), picture);
    let back = act(&back, [Action::TourNext]);
    assert_eq!(back.tour_step, step + 1);
    // Going to an instant in a tour moves the tour step along.
    let end = back.loaded.tour.ops_after(back.loaded.steps());
    let s = act(&back, [Action::Goto(end)]);
    assert!(s.guided());
    assert_eq!(s.tour_step, s.loaded.steps());
    let s = act(&s, [Action::Goto(s.loaded.tour.ops_after(2))]);
    assert_eq!(s.tour_step, 2);
}

#[test]
fn the_timeline_marks_proposals_choices_steps_and_interventions() {
    let s = start("one-plus-one");
    let marks = s.marks();
    let count = |marks: &[Mark], kind| marks.iter().filter(|m| m.kind == kind).count();
    assert_eq!(count(&marks, MarkKind::Step), s.loaded.steps());
    assert!(count(&marks, MarkKind::Proposal) >= 3, "{marks:?}");
    let chosen: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.kind == MarkKind::Chosen)
        .collect();
    assert!(!chosen.is_empty());
    assert!(
        chosen.iter().any(|m| m.text.contains("⟨3, 1+1=3⟩")),
        "{chosen:?}"
    );
    assert!(marks.windows(2).all(|w| w[0].at <= w[1].at));
    assert!(Rc::ptr_eq(&marks, &s.marks()), "made once per recording");
    let marks_zh = act(&s, [Action::SetLang(Lang::Zh)]).marks();
    assert!(marks_zh[0].text.starts_with("第 1 步"));
    // Acting at step 2 forks: the steps after it are no longer marked; the drop is.
    let s = act(&s, [Action::SetLang(Lang::En), Action::TourNext]);
    let at = s.history().cursor();
    let id = s.scene.messages[0].envelope.id;
    let s = act(&s, [Action::Message(MsgVerb::Drop, id)]);
    let marks = s.marks();
    assert_eq!(count(&marks, MarkKind::Step), 2);
    let dropped: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.kind == MarkKind::Intervention && m.at > at)
        .collect();
    assert_eq!(dropped.len(), 1);
    assert_eq!(dropped[0].at, at + 1);
    assert!(
        dropped[0].text.starts_with("You dropped"),
        "{}",
        dropped[0].text
    );
    // A run that grows adds the marks of its new ops.
    let s = act(&s, [Action::Kill(node(&s, "user1"))]);
    let grown = s.marks();
    assert_eq!(grown[..marks.len()], marks[..]);
    assert_eq!(grown.last().unwrap().kind, MarkKind::Crash);
    // Without a script, no steps are marked.
    let s = a_played_run();
    assert_eq!(count(&s.marks(), MarkKind::Step), 0);
    assert_eq!(count(&s.marks(), MarkKind::Proposal), 2);
}

#[test]
fn the_diagram_follows_the_run_only_when_shown() {
    let s = open("?scenario=one-plus-one&view=stage&step=4");
    assert_eq!(s.view, View::Stage);
    assert!(s.diagram.lanes.is_empty(), "not drawn while hidden");
    let s = act(&s, [Action::SetView(View::Both)]);
    assert_eq!(s.diagram.lanes.len(), 3);
    let arrows = s.diagram.items().count() + s.diagram.flying.len();
    assert!(arrows > 0);
    let s = act(&s, [Action::TourNext]);
    assert!(s.diagram.items().count() + s.diagram.flying.len() > arrows);
    // Back to an earlier step: the diagram shows that instant, no later event.
    let later = s.diagram.items().map(|i| i.events.1).max();
    let s = act(&s, [Action::TourPrev, Action::TourPrev]);
    assert!(s.diagram.items().map(|i| i.events.1).max() < later);
    assert_eq!(
        open("?embed=1").view,
        View::Stage,
        "an embed shows the stage unless asked"
    );
    assert_eq!(
        open("").view,
        View::Stage,
        "the stage, as a page always showed"
    );
}

#[test]
fn zoom_fit_and_compact() {
    let s = open("?scenario=annual-meeting-2&view=diagram&step=8");
    let s = act(&s, [Action::DiagramResized(900, 300)]);
    let w0 = s.diagram.width;
    let s = act(&s, [Action::ZoomDiagram(true)]);
    assert!(s.diagram.width > w0);
    let s = act(&s, [Action::ZoomDiagram(false), Action::ZoomDiagram(false)]);
    assert!(s.diagram.width < w0);
    let s = act(&s, [Action::FitDiagram]);
    assert!(s.diagram.width + crate::ui::diagram::LEFT <= 900.0 + 1e-6);
    assert!(s.diagram.labels().len() > 1);
    let s = act(&s, [Action::ToggleCompact]);
    assert!(s.compact);
    assert!(s.diagram.items().all(
        |i| i.label().is_none() || matches!(i.shape, crate::ui::diagram::Shape::Global { .. })
    ));
    // A lane gets the room there is, between the least and the most.
    let tall = act(&s, [Action::DiagramResized(900, 2000)]);
    assert_eq!(tall.diagram.pitch, crate::ui::diagram::PITCH.1);
}

#[test]
fn the_cursor_walks_the_told_events_and_links_cross_views() {
    let s = open("?scenario=one-plus-one&step=3");
    let s = act(&s, [Action::MoveCursor(CursorMove::First)]);
    let first = s.focused.clone().expect("an event");
    assert_eq!(
        Some(first.text.as_str()),
        s.log.first().map(|l| l.text.as_str())
    );
    let s = act(&s, [Action::MoveCursor(CursorMove::Next)]);
    let second = s.focused.clone().unwrap();
    assert_eq!(
        Some(second.text.as_str()),
        s.log.get(1).map(|l| l.text.as_str())
    );
    assert!(second.x >= first.x, "later events lie to the right");
    let s = act(
        &s,
        [
            Action::MoveCursor(CursorMove::Prev),
            Action::MoveCursor(CursorMove::Prev),
        ],
    );
    assert_eq!(
        s.focused.as_ref().map(|f| f.event),
        Some(first.event),
        "stops at the first"
    );
    let s = act(&s, [Action::MoveCursor(CursorMove::Last)]);
    assert_eq!(
        s.focused.as_ref().map(|f| &f.text),
        s.log.last().map(|l| &l.text)
    );
    // Going back before the focused event forgets it.
    let s = act(&s, [Action::RestartTour]);
    assert!(s.focused.is_none());
    // A message pointed at in one view is linked in all; pointing again changes nothing.
    let s = act(&s, [Action::TourNext]);
    let msg = s.scene.messages[0].envelope.id;
    let linked = act(&s, [Action::Link(Some(msg))]);
    assert_eq!(linked.linked, Some(msg));
    assert!(Rc::ptr_eq(
        &linked,
        &linked.clone().reduce(Action::Link(Some(msg)))
    ));
    // The log's lines know which message they tell of.
    let s = act(&s, [Action::TourNext]);
    assert!(
        s.log.iter().any(|l| l.msg == Some(msg)),
        "the promise for that Prepare"
    );
}

/// The first message in flight.
fn first_message(s: &State) -> MsgId {
    *s.sim()
        .in_flight
        .keys()
        .next()
        .expect("a message in flight")
}

#[test]
fn a_link_to_this_moment_reopens_the_same_picture() {
    let s = start("sandbox");
    assert_eq!(
        s.moment(),
        None,
        "nothing done: the scenario's address says it all"
    );
    let s = act(&s, [propose(&s, "p1", "x")]);
    let s = play_until(s, 200, |s| s.sim().in_flight.len() >= 3);
    let s = act(&s, [Action::TogglePlay]);
    let msg = first_message(&s);
    let s = act(&s, [Action::Message(MsgVerb::Drop, msg)]);
    let s = act(
        &s,
        [Action::Kill(node(&s, "a3")), propose(&s, "p2", "y.z~郑州")],
    );
    let s = play_until(s, 40, |_| false);
    let s = act(&s, [Action::TogglePlay, Action::StepBack, Action::StepBack]);
    let link = s.moment().expect("a moment");
    let opened = open_link("sandbox", Some(&link));
    assert_eq!(opened.problem, None);
    assert_eq!(opened.picture(), s.picture(), "{link}");
    assert_eq!(opened.history().recorded_ops(), s.history().recorded_ops());
    assert_eq!(opened.history().cursor(), s.history().cursor());
}

#[test]
fn a_link_from_a_tour_that_was_taken_over_reopens_off_the_script() {
    let s = start("one-plus-one");
    let s = act(&s, [Action::TourNext, Action::TourNext]);
    assert_eq!(s.moment(), None, "at a step: `step=` says it");
    let s = act(&s, [Action::StepBack]);
    let link = s.moment().expect("between steps");
    let opened = open_link("one-plus-one", Some(&link));
    assert!(opened.guided(), "still on the script");
    assert_eq!(opened.picture(), s.picture(), "{link}");
    // Take it over: drop a message.
    let msg = first_message(&s);
    let s = act(
        &s,
        [Action::Message(MsgVerb::Drop, msg), Action::StepForward],
    );
    assert!(s.left_script());
    let link = s.moment().expect("off the script");
    assert!(
        link.starts_with("1.") && link.contains(&format!(".x{}", msg.0)),
        "{link}"
    );
    let opened = open_link("one-plus-one", Some(&link));
    assert!(opened.left_script());
    assert_eq!(opened.picture(), s.picture(), "{link}");
    // Undo brings back the script, as it did for the user.
    let back = act(&opened, [Action::UndoFork]);
    assert!(back.guided());
}

/// The sandbox after `count` user operations (drops, copies, loss changes and proposals, with 0–3
/// steps of time before each), drawn from a fixed seed.
fn busy_sandbox(count: usize) -> Rc<State> {
    let mut s = start("sandbox");
    let mut rng = crate::sim::Rng::new(7);
    let mut user_ops = 0;
    while user_ops < count {
        let steps = rng.upto(3);
        for _ in 0..steps {
            s = act(&s, [Action::StepForward]);
        }
        let who = ["p1", "p2"][rng.upto(1) as usize];
        let action = match (rng.upto(5), s.sim().in_flight.keys().next().copied()) {
            (0 | 1, Some(msg)) => Action::Message(MsgVerb::Drop, msg),
            (2, Some(msg)) => Action::Message(MsgVerb::Duplicate, msg),
            (3, _) => Action::SetLoss(rng.upto(30) as u8),
            _ => propose(&s, who, &format!("v{}", rng.upto(99))),
        };
        s = act(&s, [action]);
        if s.problem.is_none() {
            user_ops += 1;
        }
    }
    s
}

#[test]
fn two_hundred_user_operations_fit_in_a_link_under_4000_characters() {
    for count in [50, 200, 1000] {
        let s = busy_sandbox(count);
        let link = s.moment().expect("a run");
        let ops = s.history().len();
        println!(
            "{count} user operations and {ops} ops in all: run= is {} characters",
            link.len()
        );
        if count <= 200 {
            assert!(link.len() < 4000, "{count}: {} characters", link.len());
        }
        assert_eq!(open_link("sandbox", Some(&link)).picture(), s.picture());
    }
}

#[test]
fn a_bad_link_shows_the_run_as_far_as_it_goes_and_says_why() {
    let s = start("sandbox");
    let s = act(
        &s,
        [
            propose(&s, "p1", "x"),
            Action::StepForward,
            Action::StepForward,
        ],
    );
    let msg = first_message(&s);
    let s = act(
        &s,
        [Action::Message(MsgVerb::Drop, msg), Action::StepForward],
    );
    let link = s.moment().expect("a run");
    let problem = |s: &State| match &s.problem {
        Some(Problem::Link {
            error,
            replayed,
            of,
        }) => (error.clone(), *replayed, *of),
        other => panic!("{other:?}"),
    };
    // Cut off after the drop: the ops before it are replayed.
    let cut = &link[..link.rfind(".s").expect("the last step")];
    let opened = open_link("sandbox", Some(cut));
    assert_eq!(problem(&opened), (LinkError::Cut { got: 4, of: 5 }, 4, 5));
    assert_eq!(opened.history().cursor(), 4);
    // Corrupted: a letter no operation has.
    let corrupt = link.replace(&format!(".x{}", msg.0), ".q1");
    let opened = open_link("sandbox", Some(&corrupt));
    assert_eq!(
        problem(&opened),
        (LinkError::Corrupt { at: 3, of: 5 }, 3, 5)
    );
    // An operation that no longer applies: a message that is not in flight.
    let refused = link.replace(&format!(".x{}", msg.0), ".x999");
    let opened = open_link("sandbox", Some(&refused));
    let (error, replayed, of) = problem(&opened);
    assert!(
        matches!(error, LinkError::Refused { at: 3, .. }),
        "{error:?}"
    );
    assert_eq!((replayed, of, opened.history().len()), (3, 5, 3));
    // From a newer page: nothing is replayed, and the scenario is shown from its start.
    let opened = open_link("sandbox", Some(&format!("2{}", &link[1..])));
    assert_eq!(problem(&opened), (LinkError::Newer(2), 0, 0));
    assert_eq!(opened.history().len(), 0);
    // An instant past the run's end: the run is shown at its end, and the page says so.
    let past = open_link("sandbox", Some("1.0.99.0.1.p0~~~eA"));
    assert_eq!(problem(&past).0, LinkError::Instant { at: 99, end: 1 });
    assert_eq!(past.history().cursor(), 1);
    // Meant for a tour: more script than the sandbox has.
    let opened = open_link("sandbox", Some("1.5.5.0.0"));
    assert_eq!(problem(&opened).0, LinkError::Script { asked: 5, has: 0 });
    // The page goes on working after any of them.
    let s = act(&opened, [propose(&opened, "p1", "x"), Action::StepForward]);
    assert_eq!(s.history().len(), 2);
    // A tour's link that takes none of the script and cannot be read from its first
    // operation shows the run before anything was done, as it says: nothing replayed.
    for (link, error, of) in [
        ("1.0.1.0.1.q", LinkError::Corrupt { at: 0, of: 1 }, 1),
        ("1.0.1.0.1", LinkError::Cut { got: 0, of: 1 }, 1),
    ] {
        let opened = open_link("one-plus-one", Some(link));
        assert_eq!(problem(&opened), (error, 0, of), "{link}");
        assert_eq!(opened.history().cursor(), 0, "{link}");
    }
}

#[test]
fn a_link_to_a_moment_of_a_multi_paxos_tour_replays_commands_and_leader_changes() {
    let s = start("multi-steady");
    let s = act(&s, [Action::TourNext]);
    let (a, b) = (node(&s, "a"), node(&s, "b"));
    let s = act(
        &s,
        [
            Action::Submit {
                node: a,
                command: "deposit 7".to_owned(),
            },
            Action::StepForward,
            Action::Kill(a),
            Action::Lead(b),
            Action::StepForward,
            Action::Submit {
                node: b,
                command: "withdraw 2".to_owned(),
            },
        ],
    );
    assert_eq!(s.problem, None);
    let s = play_until(s, 60, |_| false);
    let s = act(&s, [Action::TogglePlay]);
    let link = s.moment().expect("off the script");
    assert!(
        link.contains(".m0~ZGVwb3NpdCA3.") && link.contains(".l1."),
        "{link}"
    );
    let opened = open_link("multi-steady", Some(&link));
    assert_eq!(opened.problem, None);
    assert_eq!(opened.picture(), s.picture(), "{link}");
}

#[test]
fn the_l_key_opens_the_share_dialog_to_copy_the_moment_but_not_in_an_embed() {
    let key = |s: &Rc<State>| {
        let ctx = KeyContext::default();
        act(s, [Action::Key("l".to_owned(), ctx)])
    };
    let s = key(&start("sandbox"));
    assert_eq!(s.overlay, Some(Overlay::CopyMoment));
    let embedded = Rc::new(State::new(
        LangChoice {
            lang: Lang::En,
            unknown: None,
        },
        Startup {
            embed: true,
            ..Startup::default()
        },
    ));
    assert_eq!(key(&embedded).overlay, None);
}

#[test]
fn quiz_me_asks_about_the_next_event_and_grades_by_stepping() {
    let s = start("sandbox");
    let s = act(&s, [propose(&s, "p1", "tea")]);
    let s = act(&s, [Action::Quiz]);
    let card = s.quiz.clone().expect("the card is open");
    let q = card.question.clone().expect("a Prepare is due: a question");
    assert_eq!(q.kind, crate::quiz::Kind::Promise);
    assert!(!s.playing);
    assert!(
        card.prompt(Lang::En).contains("Prepare(1)"),
        "{}",
        card.prompt(Lang::En)
    );
    assert!(card.prompt(Lang::Zh).contains("Prepare(1)"));
    let cursor = s.history().cursor();

    // A wrong pick: the step is taken, the card says so, and the score counts it.
    let wrong = (0..q.choices.len()).find(|&i| i != q.answer).unwrap();
    let s = act(&s, [Action::Answer(Some(wrong))]);
    let card = s.quiz.clone().unwrap();
    assert_eq!(card.picked, Some(wrong));
    assert_eq!(s.history().cursor(), cursor + 1);
    assert_eq!((s.progress.right, s.progress.answered), (0, 1));
    // Answering twice changes nothing.
    let again = act(&s, [Action::Answer(Some(q.answer))]);
    assert!(Rc::ptr_eq(&again, &s));

    // The next question, answered right.
    let s = act(&s, [Action::AskAgain]);
    let q = s.quiz.clone().unwrap().question.clone().unwrap();
    let s = act(&s, [Action::Answer(Some(q.answer))]);
    assert_eq!((s.progress.right, s.progress.answered), (1, 2));

    // Stepping by hand asks again about the new next event; Escape closes the card.
    let s = act(&s, [Action::StepForward]);
    let card = s.quiz.clone().unwrap();
    assert!(!card.answered());
    let s = act(&s, [Action::Escape]);
    assert!(s.quiz.is_none());
}

#[test]
fn a_quiet_run_has_nothing_to_ask_and_a_reveal_counts_no_score() {
    let s = start("sandbox");
    let s = act(&s, [Action::Quiz]);
    assert!(s.quiz.as_ref().unwrap().question.is_none());
    assert!(Rc::ptr_eq(&act(&s, [Action::Answer(None)]), &s));
    let s = act(&s, [Action::Quiz]);
    assert!(s.quiz.is_none());

    let s = act(
        &s,
        [propose(&s, "p1", "tea"), Action::Quiz, Action::Answer(None)],
    );
    let card = s.quiz.clone().unwrap();
    assert!(card.revealed && card.answered());
    assert_eq!((s.progress.right, s.progress.answered), (0, 0));
    // Playing closes the card.
    let s = act(&s, [Action::TogglePlay]);
    assert!(s.quiz.is_none());
}

#[test]
fn a_tour_step_asks_its_question_before_it_plays() {
    let s = start("annual-meeting-2");
    let s = act(&s, (0..4).map(|_| Action::TourNext));
    // At step 5, the tour stands before step 6's question; Quiz me asks it.
    assert_eq!((s.tour_step, s.gate()), (5, Some(6)));
    assert!(s.quiz.is_none());
    let s = act(&s, [Action::Quiz]);
    let card = s.quiz.clone().expect("step 6 asks");
    assert_eq!(card.gate, Some(6));
    let q = card.question.clone().unwrap();
    assert_eq!(q.kind, crate::quiz::Kind::Promise);
    assert_eq!(s.loaded.names.get(q.node(), Lang::En), "Wang Wu");
    assert!(card
        .prompt(Lang::En)
        .starts_with("Wang Wu has promised 1, accepted ⟨1, 郑州⟩."));
    // It was asked on a copy: the stage still shows step 5, on the script.
    assert_eq!(s.history().cursor(), s.loaded.tour.ops_after(5));
    assert!(s.guided());

    // A pick is graded at once; the tour moves only on "next", which takes the card away.
    let s = act(&s, [Action::Answer(Some(q.answer))]);
    assert_eq!(s.quiz.as_ref().unwrap().picked, Some(q.answer));
    assert_eq!(
        (s.progress.right, s.history().cursor()),
        (1, s.loaded.tour.ops_after(5))
    );
    let s = act(&s, [Action::TourNext]);
    assert_eq!(s.tour_step, 6);
    assert!(s.quiz.is_none());
    // Step 7's question is in the author's words, and P2c's Zhengzhou is the answer; R reveals.
    let s = act(&s, [Action::Quiz]);
    let card = s.quiz.clone().unwrap();
    assert_eq!(card.gate, Some(7));
    assert!(card.prompt(Lang::En).contains("which city"));
    let q = card.question.clone().unwrap();
    assert_eq!(
        q.choices[q.answer],
        crate::quiz::Answer::Propose("郑州".into())
    );
    let s = act(&s, [Action::Answer(None)]);
    assert!(s.quiz.as_ref().unwrap().revealed);
    // Step 8 has no question.
    let s = act(&s, [Action::TourNext]);
    assert!(s.quiz.is_none() && s.gate().is_none());
    // Leaving the script closes a tour's question.
    let s = act(&s, [Action::TourPrev, Action::Quiz]);
    assert!(s.quiz.is_some());
    let s = act(&s, [Action::Kill(node(&s, "li"))]);
    assert!(s.quiz.is_none() && s.gate().is_none());
}

/// Delivers the message in flight from `from` to `to` of `kind`, as its menu's Deliver would.
fn deliver(s: &Rc<State>, kind: crate::paxos::MessageKind, from: &str, to: &str) -> Rc<State> {
    let pattern = crate::sim::MessageMatch {
        kind: Some(kind),
        from: Some(node(s, from)),
        to: Some(node(s, to)),
        ballot: None,
    };
    let msg = s
        .sim()
        .find_message(&pattern)
        .expect("the message is in flight");
    act(s, [Action::Message(MsgVerb::Deliver, msg)])
}

/// Proposes `value` from `who` to two of the three acceptors, then delivers phases 1 and 2.
fn choose(s: &Rc<State>, who: &str, value: &str, acceptors: [&str; 2]) -> Rc<State> {
    use crate::paxos::MessageKind::{Accept, Prepare, Promise};
    let ids = acceptors.iter().map(|a| node(s, a)).collect();
    let mut s = act(
        s,
        [Action::Propose {
            node: node(s, who),
            value: value.to_owned(),
            ballot: String::new(),
            recipients: ids,
        }],
    );
    for kind in [Prepare, Promise, Accept] {
        for a in acceptors {
            s = match kind {
                Promise => deliver(&s, kind, a, who),
                _ => deliver(&s, kind, who, a),
            };
        }
    }
    s
}

#[test]
fn a_win_stays_a_win_after_more_actions_than_the_budget() {
    use crate::quiz::challenge::Challenge;
    let s = act(
        &start("sandbox"),
        [Action::StartChallenge(Challenge::NoAdoption)],
    );
    let s = choose(&s, "p1", "x", ["a1", "a2"]);
    let s = choose(&s, "p2", "y", ["a2", "a3"]);
    let won = s.standing().unwrap().1;
    assert!(won.won);
    let at_win = s.history().cursor();
    // Crash and restart an acceptor until the count is past the budget.
    let mut s = s;
    while s.standing().unwrap().1.used <= Challenge::NoAdoption.budget() {
        let a1 = node(&s, "a1");
        s = act(&s, [Action::Kill(a1), Action::Restart(a1)]);
    }
    let after = s.standing().unwrap().1;
    assert!(after.used > Challenge::NoAdoption.budget());
    assert!(after.won && !after.spent, "{after:?}");
    // Back before the win, it is not won yet.
    let s = act(&s, [Action::Goto(at_win - 1)]);
    assert!(!s.standing().unwrap().1.won);
}

#[test]
fn breaking_no_adoption_within_the_budget_wins_and_is_kept() {
    use crate::quiz::challenge::Challenge;
    let s = start("annual-meeting-1");
    let s = act(&s, [Action::StartChallenge(Challenge::NoAdoption)]);
    assert_eq!(s.loaded.name.as_deref(), Some("sandbox"));
    assert!(s.sim().config.variants.contains(&Variant::NoAdoption));
    let (c, standing) = s.standing().unwrap();
    assert_eq!((c, standing.used), (Challenge::NoAdoption, 0));
    // The model checker's shortest way: P1 gets x chosen by A1, A2; P2 prepares at A2, A3,
    // ignores the ⟨1, x⟩ that A2 reports, and gets y chosen by A2, A3.
    let s = choose(&s, "p1", "x", ["a1", "a2"]);
    assert!(!s.standing().unwrap().1.won);
    let s = choose(&s, "p2", "y", ["a2", "a3"]);
    let standing = s.standing().unwrap().1;
    assert_eq!(standing.used, crate::quiz::challenge::SHORTEST_NO_ADOPTION);
    assert!(standing.won && !standing.spent && !standing.void);
    assert_eq!(s.progress.won, vec![Challenge::NoAdoption]);
    // How it went: both proposals, the rule broken, both values chosen, the violation.
    let moments = s.moments();
    assert!(moments
        .iter()
        .any(|e| matches!(e.kind, crate::sim::EventKind::Unsafe { .. })));
    assert!(moments.iter().any(|e| matches!(
        e.kind,
        crate::sim::EventKind::Acted {
            rule: crate::paxos::Rule::NoAdoption,
            ..
        }
    )));
    // The rule chip opens the help at its rule; the help key closes it.
    let s = act(&s, [Action::ShowRule(crate::paxos::Rule::P2c)]);
    assert_eq!(s.overlay, Some(Overlay::Rule(crate::paxos::Rule::P2c)));
    let s = act(&s, [Action::ToggleHelp]);
    assert!(s.overlay.is_none());
    // Replaying plays the run again from the challenge's start, and stops where it ended.
    let won = s.history().cursor();
    let s = act(&s, [Action::ReplayChallenge]);
    assert!(s.playing);
    assert_eq!(s.standing().unwrap().1.used, 0);
    let s = play_until(s, 2000, |s| !s.playing);
    assert_eq!(s.history().cursor(), won);
    assert!(s.standing().unwrap().1.won);
    // Going back in time takes the actions back.
    let s = act(&s, [Action::StepBack]);
    assert_eq!(s.standing().unwrap().1.used, 13);
    // Restart is one more attempt, from nothing.
    let s = act(&s, [Action::Reset]);
    let r = s.challenge.clone().unwrap();
    assert_eq!((r.attempts, s.standing().unwrap().1.used), (1, 0));
    // The progress survives as a stored line, and as JSON to hand in.
    let line = s.progress.line();
    assert_eq!(Progress::read(&line), s.progress);
    assert_eq!(line, "1;0;0;break-no-adoption");
    assert!(s
        .progress
        .json()
        .contains("\"challenges\": [\"break-no-adoption\"]"));
    assert_eq!(Progress::read("2;1;1;x"), Progress::default());
    assert_eq!(Progress::read("1;x;1;"), Progress::default());
    // Another scenario ends the challenge.
    let s = act(&s, [Action::LoadScenario("odd-3".into())]);
    let s = arrive(s);
    assert!(s.challenge.is_none());
}

#[test]
fn correct_paxos_cannot_be_broken_and_changing_the_rules_voids_a_challenge() {
    use crate::quiz::challenge::Challenge;
    let s = start("sandbox");
    let s = act(&s, [Action::StartChallenge(Challenge::Correct)]);
    let s = choose(&s, "p1", "x", ["a1", "a2"]);
    // P2c: the second proposer must take x.
    let s = choose(&s, "p2", "y", ["a2", "a3"]);
    let standing = s.standing().unwrap().1;
    assert!(!standing.won && s.sim().violations.is_empty());
    assert_eq!(s.sim().chosen_proposals().len(), 2);
    assert!(s
        .sim()
        .chosen_proposals()
        .iter()
        .all(|p| p.value.as_str() == "x"));

    let s = act(&s, [Action::StartChallenge(Challenge::AcceptFirst)]);
    let s = act(&s, [Action::SetSwitch(Switch::Nacks, true)]);
    assert!(s.standing().unwrap().1.void);
    let s = act(&s, [Action::StopChallenge]);
    assert!(s.challenge.is_none() && s.standing().is_none());
}

/// Makes P1 the distinguished proposer and plays until a value is chosen.
fn end_the_livelock(s: &Rc<State>) -> Rc<State> {
    let p1 = node(s, "p1");
    let s = act(
        s,
        [Action::SetLiveness(Liveness::Distinguished {
            proposer: p1,
        })],
    );
    play_until(s, 4000, |s| !s.sim().chosen_proposals().is_empty())
}

#[test]
fn an_exercise_in_the_address_starts_it_after_its_scenario_arrives() {
    use crate::quiz::challenge::Challenge;
    let s = arrive(Rc::new(State::new(
        LangChoice {
            lang: Lang::En,
            unknown: None,
        },
        Startup {
            scenario: Some("odd-3".into()),
            exercise: Some(Challenge::Live),
            ..Startup::default()
        },
    )));
    assert_eq!(s.loaded.name.as_deref(), Some("livelock"));
    let (c, standing) = s.standing().expect("the challenge began");
    assert_eq!((c, standing.used), (Challenge::Live, 0));
    assert_eq!(s.tour_step, s.loaded.steps());
    // Turning on a leader and playing ends the livelock; time passing is free.
    let s = end_the_livelock(&s);
    let standing = s.standing().unwrap().1;
    assert_eq!(standing.used, 1);
    assert!(standing.won, "{standing:?}");
}

#[test]
fn a_multi_paxos_tour_asks_what_the_new_leader_puts_in_a_slot() {
    let s = start("multi-new-leader");
    let s = act(&s, (0..3).map(|_| Action::TourNext));
    assert_eq!((s.tour_step, s.gate()), (4, Some(5)));
    let s = act(&s, [Action::Quiz]);
    let card = s.quiz.clone().unwrap();
    let q = card.question.clone().unwrap();
    assert_eq!((q.kind, q.slot.0), (crate::quiz::Kind::Fill, 136));
    assert!(
        card.prompt(Lang::En).contains("slot 136"),
        "{}",
        card.prompt(Lang::En)
    );
    assert_eq!(
        q.choices[q.answer],
        crate::quiz::Answer::Propose("withdraw 30".into())
    );
    assert!(q
        .choices
        .contains(&crate::quiz::Answer::Propose(crate::paxos::Value::noop())));
}

#[test]
fn under_a_broken_rule_the_quiz_asks_what_will_happen_and_names_the_rule() {
    // Annual meeting, case 2 without P2c: Zhao Liu's promises report Zhengzhou, and the broken
    // rule has him send Hainan. The question names the rule and asks what he will send.
    let mut s = start("annual-meeting-2-no-adoption");
    let mut asked = 0;
    for _ in 0..s.loaded.script.len() {
        let q = act(&s, [Action::Quiz]);
        if let Some(card) = q.quiz.clone() {
            if card.question.as_ref().map(|q| q.kind) == Some(crate::quiz::Kind::Value) {
                let en = card.prompt(Lang::En);
                assert!(
                    en.contains("A broken rule is on: ignore reported values. Which value will"),
                    "{en}"
                );
                assert!(!en.contains("must"), "{en}");
                let zh = card.prompt(Lang::Zh);
                assert!(zh.contains("（打开了错误规则：不采纳已接受的值）"), "{zh}");
                asked += 1;
            }
        }
        s = act(&s, [Action::StepForward]);
    }
    assert!(asked > 0, "a value question was asked");
    // Under correct Paxos, a value P2c forces is what the proposer must send.
    let mut s = start("annual-meeting-2");
    let mut forced = 0;
    for _ in 0..s.loaded.script.len() {
        let q = act(&s, [Action::Quiz]);
        if let Some(card) = q.quiz.clone() {
            let en = card.prompt(Lang::En);
            if en.contains("Which value") {
                assert!(!en.contains("broken rule"), "{en}");
                forced += usize::from(en.contains("Which value must"));
            }
        }
        s = act(&s, [Action::StepForward]);
    }
    assert!(forced > 0, "Zhao Liu must carry Zhengzhou");
}

#[test]
fn a_new_leader_that_knows_no_slot_is_not_said_to_know_slots_1_to_0() {
    let mut s = start("multi-steady");
    let mut asked = 0;
    for _ in 0..s.loaded.script.len() {
        if let Some(card) = act(&s, [Action::Quiz]).quiz.clone() {
            let (en, zh) = (card.prompt(Lang::En), card.prompt(Lang::Zh));
            if en.contains("becomes the new leader") {
                assert!(en.contains("It knows no slot to be chosen."), "{en}");
                assert!(zh.contains("它还不知道任何槽位已选定。"), "{zh}");
                asked += 1;
            }
            assert!(!en.contains("1–0") && !zh.contains("1–0"), "{en}");
        }
        s = act(&s, [Action::StepForward]);
    }
    assert!(asked > 0, "A's phase 1 was asked about");
}

#[test]
fn a_multi_paxos_tour_asks_where_the_new_leaders_phase_1_starts() {
    let s = start("multi-new-leader");
    let s = act(&s, [Action::TourNext]);
    assert_eq!((s.tour_step, s.gate()), (2, Some(3)));
    let s = act(&s, [Action::Quiz]);
    let card = s.quiz.clone().unwrap();
    let q = card.question.clone().unwrap();
    assert_eq!(q.kind, crate::quiz::Kind::Phase1);
    assert!(
        card.prompt(Lang::En).starts_with(
            "Server B becomes the new leader. It knows slots 1–134, and slots 138, 139 are chosen."
        ),
        "{}",
        card.prompt(Lang::En)
    );
    assert_eq!(
        q.choices[q.answer],
        crate::quiz::Answer::PrepareFrom(crate::paxos::Slot(135))
    );
}

#[test]
fn a_link_to_a_moment_of_a_challenge_reopens_the_attempt_where_it_stood() {
    use crate::quiz::challenge::Challenge;
    let open = |challenge, run: Option<String>| {
        arrive(Rc::new(State::new(
            LangChoice {
                lang: Lang::En,
                unknown: None,
            },
            Startup {
                exercise: Some(challenge),
                run,
                ..Startup::default()
            },
        )))
    };
    // A challenge on the sandbox, whose set-up turns a broken rule on, half done.
    let s = open(Challenge::NoAdoption, None);
    let s = choose(&s, "p1", "x", ["a1", "a2"]);
    let made = s.standing().expect("under way").1;
    assert!(made.used > 0);
    let link = s.moment().expect("a run to link to");
    let again = open(Challenge::NoAdoption, Some(link.clone()));
    assert_eq!(again.problem, None);
    assert_eq!(again.exercise(), Some(Challenge::NoAdoption));
    assert_eq!(
        again.standing().unwrap().1,
        made,
        "the same count, rules and standing"
    );
    assert_eq!(again.picture(), s.picture());
    assert_eq!(
        again.moment(),
        Some(link),
        "the reopened run links to itself"
    );
    assert_eq!(
        again.history().set_aside(),
        None,
        "replaying the set-up forks nothing"
    );

    // At its start, the challenge's own address opens it; back on the tour's script, at one
    // of its steps, the link carries the run, since `exercise=` would open at the start.
    let s = open(Challenge::Live, None);
    assert_eq!(s.moment(), None, "the challenge's start");
    let s = act(&s, [Action::TourPrev, Action::TourPrev]);
    assert!(
        s.guided() && s.tour_step + 2 == s.loaded.steps(),
        "{}",
        s.tour_step
    );
    let link = s
        .moment()
        .expect("a step of the tour, before the challenge's start");
    assert_eq!(open(Challenge::Live, Some(link)).picture(), s.picture());

    // The livelock's challenge begins at the tour's end: the script is not in the link.
    let s = end_the_livelock(&open(Challenge::Live, None));
    let s = act(&s, [Action::TogglePlay]);
    let made = s.standing().unwrap().1;
    assert!(made.won, "{made:?}");
    let link = s.moment().unwrap();
    let again = open(Challenge::Live, Some(link));
    assert_eq!(again.problem, None);
    assert_eq!(again.standing().unwrap().1, made);
    assert_eq!(again.picture(), s.picture());

    // Back before the challenge's start, one operation in place of its set-up (the broken
    // rule switched on) ends at the start's index: that is not the start, and the link says so.
    let s = open(Challenge::NoAdoption, None);
    let start = s.history().cursor();
    assert!(start > 0 && s.moment().is_none());
    let s = act(&s, [Action::Goto(start - 1)]);
    let s = act(&s, [propose(&s, "p1", "x")]);
    assert_eq!(s.history().cursor(), start);
    let link = s.moment().expect("a run that replaced the set-up");
    assert_eq!(
        open(Challenge::NoAdoption, Some(link)).picture(),
        s.picture()
    );
}

#[test]
fn paused_messages_stay_where_the_clock_has_them_unless_their_labels_would_meet() {
    use crate::ui::scene::{pill_width, resting_points};
    // A student proposes twice from P1 without playing, as in a challenge: each lane from P1
    // holds two Prepares sent at one instant, which the clock puts at one point.
    let s = start("sandbox");
    let s = act(&s, [propose(&s, "p1", "x")]);
    let s = act(&s, [propose(&s, "p1", "y")]);
    assert!(!s.playing);
    let still = s.still().expect("paused, the messages stand still");
    assert_eq!(still, Still::Paused(s.time));
    let messages = &s.scene.messages;
    assert_eq!(messages.len(), 6, "two Prepares to each of three acceptors");
    let at_clock = |i: usize| messages[i].point(s.time, false);
    assert!(
        (0..3).all(|i| (3..6).any(|j| at_clock(i) == at_clock(j))),
        "the clock alone stacks the second Prepare on the first"
    );
    let rests = resting_points(&s.scene, still);
    for i in 0..rests.len() {
        for j in i + 1..rests.len() {
            let (a, b) = (rests[i].at, rests[j].at);
            let w = (pill_width(&messages[i], rests[i].fit)
                + pill_width(&messages[j], rests[j].fit))
                / 2.0;
            assert!(
                (a.x - b.x).abs() >= w || (a.y - b.y).abs() >= messages[i].height(),
                "{} and {} meet at {a:?} and {b:?}",
                messages[i].label,
                messages[j].label
            );
        }
    }
    // The first Prepare on each lane stays where the clock has it, with no tie line.
    for i in 0..3 {
        assert_eq!(rests[i].at, at_clock(i), "{}", messages[i].label);
        assert_eq!(rests[i].tie, None);
    }
    // The stage, the menu and a dropped message's cross agree.
    let m = Rc::clone(&messages[4]);
    assert_eq!(s.scene.drawn_at(&m, s.time, s.still()), rests[4].at);
    // Playing, they move with the clock again.
    let played = act(&s, [Action::TogglePlay]);
    assert!(played.playing);
    assert_eq!(played.still(), None);
}

#[test]
fn a_link_that_leaves_a_step_midway_tells_the_log_of_its_own_run() {
    // The stress tour's one step proposes 22 times. This run went back to before the last
    // proposal and changed the loss twice: the page that opens its link starts at the end of the
    // step, further on than the run parts from the script, and ends further on still.
    let made = start("stress");
    let made = act(
        &made,
        [Action::Goto(21), Action::SetLoss(50), Action::SetLoss(100)],
    );
    let link = made.moment().expect("off the script");
    assert!(link.starts_with("1.21.23."), "{link}");
    let opened = open_link("stress", Some(&link));
    let last: Vec<&str> = opened.log.iter().rev().take(2).map(|l| &*l.text).collect();
    assert_eq!(
        last,
        ["Random loss is now 100%.", "Random loss is now 50%."]
    );
    assert!(!opened.log.iter().any(|l| l.text.contains("ballot 22")));
    assert_eq!(opened.picture(), made.picture());
    // Undo brings back the script's run at the fork, and a step shows its last proposal; redo
    // then brings back the fork, further on than that step: its own log again.
    let back = act(&opened, [Action::UndoFork, Action::StepForward]);
    assert!(back.log.iter().any(|l| l.text.contains("ballot 22")));
    let again = act(&back, [Action::RedoFork]);
    assert_eq!(again.history().cursor(), 23);
    assert_eq!(again.log, opened.log);
}

/// A gesture a user could make now, drawn at random: mostly steps and the run's own operations,
/// also playing, jumps in time, forks undone and redone, switches, views, tours and challenges.
fn any_gesture(s: &State, rng: &mut crate::sim::Rng) -> Action {
    use crate::quiz::challenge::Challenge;
    let count = s.loaded.tour.scenario.nodes.len() as u32;
    let node = NodeId(rng.upto(count.saturating_sub(1)));
    let sim = s.sim();
    let flying: Vec<MsgId> = sim.in_flight.keys().copied().collect();
    let msg = match flying.len() {
        0 => MsgId(u64::from(rng.upto(40))),
        n => flying[rng.upto(n as u32 - 1) as usize],
    };
    let acceptors = sim.config.acceptors.clone();
    drop(sim);
    let len = s.history().len() as u32;
    let verbs = [
        MsgVerb::Deliver,
        MsgVerb::Drop,
        MsgVerb::Duplicate,
        MsgVerb::Hold,
        MsgVerb::Release,
    ];
    let switch = |i: u32| {
        let name = Switch::NAMES[i as usize];
        serde_json::from_value(serde_json::Value::from(name)).expect("a switch's name")
    };
    let challenges = [
        Challenge::AcceptFirst,
        Challenge::NoAdoption,
        Challenge::Correct,
        Challenge::Live,
    ];
    let scenarios = [
        "sandbox",
        "one-plus-one",
        "annual-meeting-2",
        "multi-two-leaders",
        "livelock",
    ];
    match rng.upto(46) {
        0..=7 => Action::StepForward,
        8 | 9 => Action::StepBack,
        10 | 11 => Action::Message(verbs[rng.upto(4) as usize], msg),
        12 | 13 => Action::Propose {
            node,
            value: format!("v{}", rng.upto(9)),
            ballot: match rng.upto(2) {
                0 => String::new(),
                1 => rng.upto(30).to_string(),
                _ => "x".to_owned(),
            },
            recipients: acceptors.into_iter().filter(|_| rng.upto(3) > 0).collect(),
        },
        14 => Action::Kill(node),
        15 => Action::Restart(node),
        16 => Action::Goto(rng.upto(len) as usize),
        17 => Action::UndoFork,
        18 => Action::RedoFork,
        19 => Action::TogglePlay,
        20 | 21 => Action::Frame(f64::from(rng.upto(5000))),
        22 => Action::TourNext,
        23 => Action::TourPrev,
        24 => Action::RestartTour,
        25 => Action::SetLoss(rng.upto(100) as u8),
        26 => Action::SetSwitch(switch(rng.upto(11)), rng.upto(1) == 1),
        27 => Action::SetLearning(match rng.upto(1) {
            0 => Learning::AllLearners,
            _ => Learning::Distinguished { learner: node },
        }),
        28 => Action::SetLiveness(match rng.upto(2) {
            0 => Liveness::None,
            1 => Liveness::Distinguished { proposer: node },
            _ => Liveness::RandomBackoff { max_extra: 40 },
        }),
        29 => Action::Ask(node),
        30 => Action::Lead(node),
        31 => Action::Submit {
            node,
            command: ["+5", "-3", "x", ""][rng.upto(3) as usize].to_owned(),
        },
        32 => Action::SelectMessage(msg),
        33 => Action::Escape,
        34 => Action::Quiz,
        35 => Action::Answer(Some(rng.upto(3) as usize)),
        36 => Action::StartChallenge(challenges[rng.upto(3) as usize]),
        37 => Action::SetView(View::ALL[rng.upto(2) as usize]),
        38 => Action::SetSpeed(Speed::at(rng.upto(200) as i32 - 100)),
        39 => Action::LoadScenario(scenarios[rng.upto(4) as usize].to_owned()),
        40 => Action::SetLang(Lang::ALL[rng.upto(1) as usize]),
        41 => Action::GotoEvent(crate::sim::EventId(u64::from(rng.upto(60)))),
        42 => Action::StopChallenge,
        43 => Action::ReplayChallenge,
        44 => Action::AutoAdvance,
        45 => Action::Key(
            [" ", "ArrowRight", "ArrowLeft", "Escape", "q", "r", "1", "z"][rng.upto(7) as usize]
                .to_owned(),
            {
                let command = rng.upto(3) == 0;
                KeyContext {
                    modified: command,
                    command,
                    ..KeyContext::default()
                }
            },
        ),
        _ => Action::LoadFile {
            name: "mine.json".to_owned(),
            text: Ok(match rng.upto(2) {
                0 => scenario::builtin(scenarios[rng.upto(4) as usize])
                    .expect("built in")
                    .to_owned(),
                1 => "{\"nodes\": [".to_owned(),
                _ => "not a scenario".to_owned(),
            }),
        },
    }
}

#[test]
fn random_gestures_keep_the_log_true_and_a_link_reopens_the_run() {
    // `GESTURE_SEED=<n>` replays one sequence; `GESTURE_RUNS=<n>` draws more (default 40), from
    // `GESTURE_FIRST` (default 1).
    let seeds: Vec<u64> = match std::env::var("GESTURE_SEED") {
        Ok(seed) => vec![seed.parse().expect("GESTURE_SEED is a number")],
        Err(_) => {
            let runs: u64 =
                std::env::var("GESTURE_RUNS").map_or(40, |n| n.parse().expect("a number"));
            let first: u64 =
                std::env::var("GESTURE_FIRST").map_or(1, |n| n.parse().expect("a number"));
            (first..first + runs).collect()
        }
    };
    for seed in seeds {
        let mut rng = crate::sim::Rng::new(seed);
        // Every built-in scenario in turn (the stress run only now and then: it is slow).
        let names: Vec<&str> = scenario::CATALOG.iter().map(|(n, ..)| *n).collect();
        let name = names[seed as usize % names.len()];
        let name = if name == "stress" && seed % 5 != 0 {
            "sandbox"
        } else {
            name
        };
        let mut s = start(name);
        let mut done = Vec::new();
        let after = |done: &[String]| {
            format!(
                "seed {seed} (GESTURE_SEED={seed}), after\n{}",
                done.join("\n")
            )
        };
        for _ in 0..150 {
            let action = any_gesture(&s, &mut rng);
            done.push(format!("{action:?}"));
            s = arrive(act(&s, [action]));
            // While paused, the log is up to date, and the same as one told from the start.
            if !s.playing {
                let mut afresh = (*s).clone();
                afresh.renarrate();
                assert!(
                    afresh.log == s.log,
                    "the log is not the run's: {}",
                    after(&done)
                );
            }
        }
        if s.playing {
            s = act(&s, [Action::TogglePlay]);
        }
        let (Some(name), Some(link), None) = (s.loaded.name.clone(), s.moment(), s.exercise())
        else {
            continue;
        };
        let opened = open_link_in(s.lang, &name, Some(&link));
        let (mut want, got) = (s.picture(), opened.picture());
        // A run that left its tour only by playing, with no op the script does not have, is
        // the tour's own: its link opens on the tour (docs/links.md).
        if s.loaded.script.starts_with(s.history().recorded_ops()) {
            want.4 = got.4;
        }
        let differs = [
            ("scene", got.0 != want.0),
            ("time", got.1 != want.1),
            ("world", got.2 != want.2),
            ("step", got.3 != want.3),
            ("script", got.4 != want.4),
            ("log", got.5 != want.5),
        ];
        assert!(
            opened.problem.is_none() && got == want,
            "{name} ?run={link} opens {:?}, another {:?}: {}",
            opened.problem,
            differs
                .iter()
                .filter(|d| d.1)
                .map(|d| d.0)
                .collect::<Vec<_>>(),
            after(&done)
        );
    }
}

#[test]
fn news_put_off_while_playing_is_told_when_anything_pauses_the_run() {
    let s = start("sandbox");
    let mut s = act(&s, [propose(&s, "p1", "x"), Action::TogglePlay]);
    let mut at = 0.0;
    while s.history().cursor() == 1 {
        at += 100.0;
        s = s.reduce(Action::Frame(at));
    }
    // Within the log's pace of the frame that told the last step: the news waits for a
    // later frame.
    let s = act(&s, [Action::SetLoss(30)]);
    assert!(s.playing);
    assert!(!s.log.iter().any(|l| l.text.contains("30%")));
    // A quiz pauses the run without moving it: the log catches up all the same.
    let s = act(&s, [Action::Quiz]);
    assert!(!s.playing);
    assert!(s.log.last().is_some_and(|l| l.text.contains("30%")));
}

/// A tour whose step 1 has an action (A1 crashes), opened from a link that carries `run`.
fn tour_with_a_first_action(run: Option<&str>) -> Rc<State> {
    let text = r#"{"title": {"zh": "先坏一个", "en": "One down first"},
      "summary": {"zh": "先坏一个接受者，再提议。", "en": "An acceptor fails, then a proposal."},
      "nodes": [{"id": "p", "name": {"zh": "P", "en": "P"}, "roles": ["proposer"]},
                {"id": "a1", "name": {"zh": "A1", "en": "A1"}, "roles": ["acceptor"]},
                {"id": "a2", "name": {"zh": "A2", "en": "A2"}, "roles": ["acceptor"]},
                {"id": "a3", "name": {"zh": "A3", "en": "A3"}, "roles": ["acceptor"]}],
      "steps": [{"caption": {"zh": "A1 宕机。", "en": "A1 crashes."}, "do": [{"kill": {"node": "a1"}}]},
                {"caption": {"zh": "P 提议。", "en": "P proposes."},
                 "do": [{"propose": {"node": "p", "value": "v"}}]}]}"#;
    Rc::new(State::new(
        LangChoice {
            lang: Lang::En,
            unknown: None,
        },
        Startup {
            inline: Some(inline::encode(text)),
            run: run.map(str::to_owned),
            ..Startup::default()
        },
    ))
}

#[test]
fn a_question_on_step_1_is_asked_at_the_start() {
    let text = r#"{"title": {"zh": "t", "en": "T"}, "summary": {"zh": "开场", "en": "The opening"},
      "nodes": [{"id": "p", "name": {"zh": "P", "en": "P"}, "roles": ["proposer"]},
                {"id": "a", "name": {"zh": "A", "en": "A"}, "roles": ["acceptor"]}],
      "steps": [{"caption": {"zh": "一", "en": "one"},
                 "do": [{"propose": {"node": "p", "value": "x"}}, {"deliver": {"type": "prepare", "to": "a"}}],
                 "question": {"action": 2}},
                {"caption": {"zh": "二", "en": "two"}, "do": [{"run": {}}]}]}"#;
    let s = act(
        &start("sandbox"),
        [Action::LoadFile {
            name: "q.json".into(),
            text: Ok(text.to_owned()),
        }],
    );
    assert_eq!(s.problem, None);
    assert_eq!(
        (s.guided(), s.tour_step, s.history().cursor()),
        (true, 0, 0)
    );
    assert_eq!(s.gate(), Some(1));
    let s = act(&s, [Action::Quiz]);
    assert_eq!(s.quiz.as_ref().and_then(|c| c.gate), Some(1));
    let s = act(&s, [Action::TourNext]);
    assert_eq!((s.tour_step, s.history().cursor()), (1, 2));
}

#[test]
fn the_start_of_a_tour_whose_first_step_acts_is_before_step_1() {
    let s = tour_with_a_first_action(None);
    assert_eq!(
        (s.guided(), s.tour_step, s.history().cursor()),
        (true, 1, 1)
    );
    // Home on the timeline: A1 is up again, and the tour bar says so, not "A1 crashes."
    let home = act(&s, [Action::Goto(0)]);
    assert_eq!((home.guided(), home.tour_step), (true, 0));
    assert_eq!(
        home.loaded.caption(home.tour_step, Lang::En),
        Some("An acceptor fails, then a proposal.")
    );
    assert!(home.autoplay_delay() > reading_ms("", Lang::En));
    // Back is no further; next is step 1, and the key does the same.
    assert!(Rc::ptr_eq(&home, &home.clone().reduce(Action::TourPrev)));
    for next in [Action::TourNext, Action::StepForward] {
        let home = act(&tour_with_a_first_action(None), [Action::Goto(0)]);
        let one = act(&home, [next]);
        assert_eq!((one.tour_step, one.history().cursor()), (1, 1));
        assert_eq!(one.moment(), None, "step 1: `step=` says it");
    }
    // Off the script before step 1's end, the step bar names step 1, where the run parts.
    let home = act(&tour_with_a_first_action(None), [Action::Goto(0)]);
    let left = act(&home, [Action::Kill(node(&home, "a2"))]);
    assert_eq!((left.left_script(), left.tour_step), (true, 1));
}

#[test]
fn a_link_names_the_step_where_the_run_left_the_tour_and_op_zero_is_no_step() {
    // A tour whose step 1 has no actions opens at step 1, at op 0: `step=` says it.
    assert_eq!(start("one-plus-one").moment(), None, "step 1 ends at op 0");
    // Before step 1's ops there is no step for `step=` to name: the link carries the run.
    let s = act(&tour_with_a_first_action(None), [Action::Goto(0)]);
    let link = s.moment().expect("op 0 is not the start of a step");
    assert_eq!(tour_with_a_first_action(Some(&link)).picture(), s.picture());
    // Left at step 4, then taken back to step 2 and changed there: the run now parts
    // from the script in that step, and the step bar and the link both say so.
    let s = act(
        &start("one-plus-one"),
        [Action::TourNext, Action::TourNext, Action::TourNext],
    );
    assert_eq!(s.tour_step, 4);
    let s = act(&s, [Action::Message(MsgVerb::Drop, first_message(&s))]);
    assert_eq!((s.left_script(), s.tour_step), (true, 4));
    // After step 2's proposal, before step 3's deliveries: two Prepares in flight.
    let s = act(&s, [Action::Goto(s.loaded.tour.ops_after(2))]);
    let s = act(&s, [Action::Message(MsgVerb::Drop, first_message(&s))]);
    assert_eq!((s.left_script(), s.tour_step), (true, 2));
    let link = s.moment().expect("off the script");
    assert_eq!(
        open_link("one-plus-one", Some(&link)).picture(),
        s.picture()
    );
}

#[test]
fn a_node_a_reconfiguration_makes_an_acceptor_shows_it_on_its_card() {
    let s = start("multi-reconfig");
    let d = |s: &State| {
        s.scene
            .nodes
            .iter()
            .find(|n| n.id == node(s, "d"))
            .cloned()
            .unwrap()
    };
    // At the start D is a replica only.
    assert_eq!(d(&s).roles, [crate::paxos::Role::Proposer]);
    assert!(
        d(&s).aria.starts_with("Proposer New server D"),
        "{}",
        d(&s).aria
    );
    // Step 4: phase 1 again, at B, C and D: D promises, as an acceptor of the new configuration.
    let s = act(&s, [Action::TourNext, Action::TourNext, Action::TourNext]);
    assert_eq!(s.tour_step, 4);
    let card = d(&s);
    assert_eq!(
        card.roles,
        [crate::paxos::Role::Proposer, crate::paxos::Role::Acceptor]
    );
    assert!(
        card.aria
            .starts_with("Proposer and acceptor New server D, promised "),
        "{}",
        card.aria
    );
    // The card has room for the acceptor's lines.
    let room = crate::ui::layout::card_height(card.lines.len());
    assert!(
        room <= card.h + 0.5,
        "{room} > {}: {:?}",
        card.h,
        card.lines
    );
}
