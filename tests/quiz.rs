//! Quiz questions: the notes' own questions come out of the notes' runs, and over thousands of
//! random moments every question has exactly one right choice, which agrees with the textbook
//! rule worked out here from the state alone.

#[path = "support/random_ops.rs"]
mod random_ops;

use paxos_lab::paxos::{
    AcceptRule, Config, Leadership, Message, NodeId, Phase, Proposal, Rule, Slot, Value, Variant,
};
use paxos_lab::quiz::{chosen_after, next_question, question, Answer, Kind, Question};
use paxos_lab::scenario::{Scenario, BUILTIN};
use paxos_lab::sim::{NetConfig, Op, Simulation, Switch};
use random_ops::{random_op, world};
use std::collections::BTreeMap;

const ZHANG: u32 = 0;
const LI: u32 = 1;
const WANG: u32 = 2;
const ZHAO: u32 = 3;
const SUN: u32 = 4;

fn apply(sim: &mut Simulation, op: Op) {
    sim.apply(&op, &mut Vec::new())
        .unwrap_or_else(|e| panic!("{op:?}: {e:?}"));
}

fn propose(sim: &mut Simulation, node: u32, value: &str, to: &[u32]) {
    apply(
        sim,
        Op::Propose {
            node: NodeId(node),
            value: value.into(),
            ballot: None,
            recipients: Some(to.iter().map(|&n| NodeId(n)).collect()),
        },
    );
}

/// The annual meeting, second case: 郑州 is chosen by 张三, 李四 and 王五 while 赵六 and 孙七
/// are away; they come back and 赵六 proposes 海南 to 孙七, himself and 王五.
fn annual_meeting(variant: Option<Variant>) -> Simulation {
    let all: Vec<NodeId> = (0..5).map(NodeId).collect();
    let config = Config {
        proposers: all.clone(),
        acceptors: all.clone(),
        learners: all,
        ..Config::default()
    };
    let mut sim = Simulation::new(config, NetConfig::default());
    if let Some(v) = variant {
        let switch = Switch::Variant(v);
        apply(&mut sim, Op::Set { switch, on: true });
    }
    apply(&mut sim, Op::Kill { node: NodeId(ZHAO) });
    apply(&mut sim, Op::Kill { node: NodeId(SUN) });
    propose(&mut sim, ZHANG, "郑州", &[ZHANG, LI, WANG]);
    sim.run_until_quiet(1000, &mut Vec::new());
    apply(&mut sim, Op::Restart { node: NodeId(ZHAO) });
    apply(&mut sim, Op::Restart { node: NodeId(SUN) });
    propose(&mut sim, ZHAO, "海南", &[SUN, ZHAO, WANG]);
    sim
}

/// Every question asked while `sim` runs to the end, one step at a time.
fn questions(mut sim: Simulation) -> Vec<Question> {
    let mut asked = Vec::new();
    for _ in 0..1000 {
        if let Some(q) = next_question(&sim) {
            asked.push(q);
        }
        if sim.apply(&Op::Step, &mut Vec::new()).is_err() {
            break;
        }
    }
    asked
}

fn proposal(ballot: u32, value: &str) -> Proposal {
    Proposal::new(paxos_lab::paxos::Ballot(ballot), value.into())
}

#[test]
fn the_annual_meeting_asks_what_wang_wu_reports_and_which_city_zhao_liu_must_propose() {
    let asked = questions(annual_meeting(None));
    // 王五 has accepted ⟨1, 郑州⟩: his promise must report it. The classic bug, a promise that
    // reports nothing, is among the choices.
    let wang = asked
        .iter()
        .find(|q| q.kind == Kind::Promise && q.node() == NodeId(WANG))
        .expect("a question on 王五's promise");
    let reported = Some(proposal(1, "郑州"));
    assert_eq!(wang.choices[wang.answer], Answer::Promise { reported });
    assert!(wang.choices.contains(&Answer::Promise { reported: None }));
    assert!(wang.choices.contains(&Answer::Refuse));
    // With a majority of promises, 赵六 must propose 郑州 (P2c), not his own 海南.
    let zhao = asked
        .iter()
        .find(|q| q.kind == Kind::Value)
        .expect("a question on 赵六's value");
    assert_eq!(zhao.node(), NodeId(ZHAO));
    assert_eq!(zhao.choices[zhao.answer], Answer::Propose("郑州".into()));
    assert_eq!(
        zhao.choices,
        [
            Answer::Propose("郑州".into()),
            Answer::Propose("海南".into())
        ]
    );
    assert_eq!(zhao.level(), 2);
    assert_eq!(zhao.rule, paxos_lab::paxos::Rule::P2c);
    // The acceptors then accept, and the learners learn 郑州 once a majority has accepted.
    assert!(asked
        .iter()
        .any(|q| q.kind == Kind::Accept && q.choices[q.answer] == Answer::Accept));
    let learns: Vec<&Answer> = asked
        .iter()
        .filter(|q| q.kind == Kind::Learn)
        .map(|q| &q.choices[q.answer])
        .collect();
    assert!(learns.contains(&&Answer::NotYet), "{learns:?}");
    assert!(
        learns.contains(&&Answer::Learns("郑州".into())),
        "{learns:?}"
    );
}

#[test]
fn with_nothing_reported_the_question_offers_the_other_proposers_value_too() {
    // Two proposers, three acceptors: 张三 proposes 郑州 first, and its promises report nothing.
    let config = Config {
        proposers: vec![NodeId(0), NodeId(1)],
        acceptors: vec![NodeId(2), NodeId(3), NodeId(4)],
        learners: vec![NodeId(2)],
        ..Config::default()
    };
    let mut sim = Simulation::new(config, NetConfig::default());
    propose(&mut sim, 0, "郑州", &[2, 3, 4]);
    propose(&mut sim, 1, "海南", &[2, 3, 4]);
    let asked = questions(sim);
    let first = asked
        .iter()
        .find(|q| q.kind == Kind::Value)
        .expect("a question on a proposer's value with nothing reported");
    assert_eq!(first.node(), NodeId(0));
    assert_eq!(
        first.choices,
        [
            Answer::Propose("郑州".into()),
            Answer::Propose("海南".into())
        ]
    );
    assert_eq!(first.choices[first.answer], Answer::Propose("郑州".into()));
    assert_eq!(first.rule, Rule::P2c);
}

#[test]
fn under_no_adoption_the_simulator_grades_the_broken_rule() {
    let asked = questions(annual_meeting(Some(Variant::NoAdoption)));
    let zhao = asked
        .iter()
        .find(|q| q.kind == Kind::Value)
        .expect("a question on 赵六's value");
    // The answer is what the broken proposer does, under the rule chip that names the bug.
    assert_eq!(zhao.choices[zhao.answer], Answer::Propose("海南".into()));
    assert_eq!(zhao.rule, paxos_lab::paxos::Rule::NoAdoption);
}

#[test]
fn a_step_lost_on_the_network_or_a_timer_asks_nothing() {
    let mut sim = annual_meeting(None);
    sim.net.loss_percent = 100;
    assert_eq!(next_question(&sim), None);
    let mut quiet = annual_meeting(None);
    quiet.run_until_quiet(1000, &mut Vec::new());
    assert_eq!(next_question(&quiet), None);
}

/// The textbook's answer, from the state before the step alone; `None` where it depends on
/// more than one rule of this file can state.
fn textbook(sim: &Simulation, q: &Question) -> Option<Answer> {
    if !sim.config.variants.is_empty() {
        return None;
    }
    let node = &sim.nodes[&q.node()];
    let acceptor = &node.durable.acceptor;
    let envelope = q.envelope.as_ref()?;
    match (&envelope.message, q.kind) {
        // Phase 1b: promise only a number above every promise so far, reporting what it accepted.
        (Message::Prepare { ballot, .. }, Kind::Promise) => Some(if *ballot > acceptor.promised {
            Answer::Promise {
                reported: acceptor.accepted.clone(),
            }
        } else {
            Answer::Refuse
        }),
        // P1a: accept unless a greater number was promised (or, under `n = promised`, unless
        // the promise is another number).
        (Message::Accept { ballot, .. }, Kind::Accept) => {
            let ok = match sim.config.accept_rule {
                AcceptRule::AtLeastPromised => *ballot >= acceptor.promised,
                AcceptRule::EqualPromised => *ballot == acceptor.promised,
            };
            Some(if ok { Answer::Accept } else { Answer::Refuse })
        }
        // P2c: the value of the highest-numbered proposal reported, else the proposer's own.
        (Message::Promise { accepted, .. }, Kind::Value) => {
            let Phase::Preparing { promises, .. } = &node.proposer.phase else {
                return None;
            };
            let highest = promises
                .values()
                .flatten()
                .chain(accepted)
                .max_by_key(|p| p.ballot);
            let own = node.proposer.wish.as_ref().map(|w| w.value.clone());
            let value: Value = highest.map(|p| p.value.clone()).or(own)?;
            Some(Answer::Propose(value))
        }
        _ => None,
    }
}

/// P2c in one slot of a new leader's log: the value of the highest-numbered proposal reported
/// there by the promises (this one included), or a no-op if none was.
fn textbook_fill(sim: &Simulation, q: &Question) -> Option<Answer> {
    if q.kind != Kind::Fill || !sim.config.variants.is_empty() {
        return None;
    }
    let Leadership::Preparing { promises, .. } = &sim.nodes[&q.node()].leader.status else {
        return None;
    };
    let Some(Message::Promise {
        accepted, later, ..
    }) = q.envelope.as_ref().map(|e| &e.message)
    else {
        return None;
    };
    let highest = promises
        .values()
        .flat_map(|r| r.iter())
        .chain(accepted)
        .chain(later.iter())
        .filter(|p| p.slot == q.slot)
        .max_by_key(|p| p.ballot);
    Some(Answer::Propose(
        highest.map_or_else(Value::noop, |p| p.value.clone()),
    ))
}

#[test]
fn every_question_at_random_moments_has_one_right_choice_that_the_rules_agree_with() {
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut levels = [0usize; 4];
    let mut checked = 0;
    for seed in 0..300u64 {
        let variants: &[Variant] = if seed % 3 == 0 {
            &[Variant::NoAdoption]
        } else {
            &[]
        };
        let (mut rng, mut sim) = world(seed, variants);
        for step in 0..200 {
            if let Some(q) = chosen_after(&sim, 3) {
                let at = format!("seed {seed}, step {step}: {q:?}");
                assert!(q.answer < q.choices.len() && q.choices.len() > 2, "{at}");
                *kinds.entry(format!("{:?}", q.kind)).or_default() += 1;
            }
            if let Some(q) = next_question(&sim) {
                let at = format!("seed {seed}, step {step}: {q:?}");
                assert!(q.answer < q.choices.len(), "{at}");
                for (i, a) in q.choices.iter().enumerate() {
                    assert!(!q.choices[..i].contains(a), "a choice twice: {at}");
                }
                assert!(q.choices.len() >= 2, "{at}");
                if let Some(right) = textbook(&sim, &q) {
                    assert_eq!(q.choices[q.answer], right, "{at}");
                    checked += 1;
                }
                // Asking again asks the same: nothing in the run moved.
                assert_eq!(next_question(&sim).as_ref(), Some(&q), "{at}");
                *kinds.entry(format!("{:?}", q.kind)).or_default() += 1;
                levels[usize::from(q.level())] += 1;
            }
            let op = if rng.percent(60) {
                Op::Step
            } else {
                random_op(&mut rng, &sim)
            };
            let _ = sim.apply(&op, &mut Vec::new());
        }
    }
    // Multi-Paxos worlds: new leaders' questions, each with one right choice.
    for seed in 0..100u64 {
        let (mut rng, mut sim) = random_ops::multi_world(seed, &[]);
        for step in 0..300 {
            for q in next_question(&sim).into_iter().chain(chosen_after(&sim, 3)) {
                let at = format!("multi seed {seed}, step {step}: {q:?}");
                assert!(q.answer < q.choices.len() && q.choices.len() >= 2, "{at}");
                for (i, a) in q.choices.iter().enumerate() {
                    assert!(!q.choices[..i].contains(a), "a choice twice: {at}");
                }
                if let Some(right) = textbook_fill(&sim, &q) {
                    assert_eq!(q.choices[q.answer], right, "{at}");
                    checked += 1;
                }
                *kinds.entry(format!("{:?}", q.kind)).or_default() += 1;
                levels[usize::from(q.level())] += 1;
            }
            let op = random_ops::random_multi_op(&mut rng, &sim);
            let _ = sim.apply(&op, &mut Vec::new());
        }
    }
    println!("questions by kind: {kinds:?}; by level: {levels:?}; {checked} checked by the rules");
    assert!(kinds.len() >= 5, "{kinds:?}");
    assert!(
        levels[1] > 0 && levels[2] > 0 && levels[3] > 0,
        "{levels:?}"
    );
    assert!(checked > 1000, "{checked}");
}

/// Every question asked before each op of a built-in tour, about that op.
fn tour_questions(name: &str) -> Vec<Question> {
    let (_, text) = BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no built-in {name}"));
    let tour = Scenario::load(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut sim = tour.initial.clone();
    let mut asked = Vec::new();
    for op in tour.steps.iter().flatten() {
        asked.extend(question(&sim, op));
        sim.apply(op, &mut Vec::new())
            .unwrap_or_else(|e| panic!("{name}: {op:?}: {e:?}"));
    }
    asked
}

#[test]
fn the_notes_new_leader_must_repropose_slot_136_and_may_not_invent_a_command() {
    let asked = tour_questions("multi-new-leader");
    let fill = asked
        .iter()
        .find(|q| q.kind == Kind::Fill)
        .expect("a question on the new leader's log");
    // Slot 135 has nothing reported (only the dead leader accepted there): no choice to make.
    // Slot 136's `withdraw 30` was accepted by a majority before: it must be proposed again,
    // not replaced by a no-op.
    assert_eq!(fill.slot.0, 136);
    assert_eq!(
        fill.choices,
        [
            Answer::Propose("withdraw 30".into()),
            Answer::Propose(Value::noop())
        ]
    );
    assert_eq!(
        fill.choices[fill.answer],
        Answer::Propose("withdraw 30".into())
    );
    assert_eq!(fill.level(), 3);
    // The tour's deliveries are asked about too: acceptors promise and accept in Multi-Paxos
    // by the same rules.
    assert!(asked.iter().any(|q| q.kind == Kind::Accept));
}

#[test]
fn under_noop_fill_the_broken_leader_overwrites_with_a_noop() {
    // The notes' new-leader tour with the broken `noop-fill` leader: the simulator grades what it does.
    let (_, text) = BUILTIN
        .iter()
        .find(|(n, _)| *n == "multi-new-leader")
        .expect("the tour");
    let tour = Scenario::load(text).expect("compiles");
    let mut sim = tour.initial.clone();
    let switch = Switch::Variant(Variant::NoopFill);
    sim.apply(&Op::Set { switch, on: true }, &mut Vec::new())
        .expect("a switch");
    let mut fills = Vec::new();
    for op in tour.steps.iter().flatten() {
        fills.extend(question(&sim, op).filter(|q| q.kind == Kind::Fill));
        let _ = sim.apply(op, &mut Vec::new());
    }
    let fill = fills
        .first()
        .expect("a question on the broken leader's log");
    assert_eq!(fill.choices[fill.answer], Answer::Propose(Value::noop()));
    assert_eq!(fill.rule, paxos_lab::paxos::Rule::NoAdoption);
}

#[test]
fn after_three_events_the_annual_meeting_has_chosen_zhengzhou_or_not_yet() {
    let mut sim = annual_meeting(None);
    // 郑州 is chosen already: nothing to ask.
    assert_eq!(chosen_after(&sim, 3), None);
    // Before it was: 张三's accepts are on their way, and 海南 is another wish.
    let all: Vec<NodeId> = (0..5).map(NodeId).collect();
    sim = Simulation::new(
        Config {
            proposers: all.clone(),
            acceptors: all.clone(),
            learners: all,
            ..Config::default()
        },
        NetConfig::default(),
    );
    propose(&mut sim, ZHANG, "郑州", &[ZHANG, LI, WANG]);
    propose(&mut sim, ZHAO, "海南", &[ZHAO, SUN, WANG]);
    let mut seen = Vec::new();
    for _ in 0..40 {
        if let Some(q) = chosen_after(&sim, 3) {
            assert_eq!(q.kind, Kind::Chosen);
            assert_eq!(q.choices[0], Answer::NoneChosen);
            assert_eq!(q.level(), 2);
            seen.push(q.choices[q.answer].clone());
        }
        if sim.apply(&Op::Step, &mut Vec::new()).is_err() {
            break;
        }
    }
    assert!(seen.contains(&Answer::NoneChosen), "{seen:?}");
    assert!(
        seen.iter().any(|a| matches!(a, Answer::Chosen(_))),
        "{seen:?}"
    );
}

#[test]
fn a_new_leader_runs_phase_1_from_the_first_slot_it_does_not_know() {
    let asked = tour_questions("multi-new-leader");
    let lead = asked
        .iter()
        .find(|q| q.kind == Kind::Phase1)
        .expect("a question when B is told to lead");
    // B knows 1–134: phase 1 from 135, not from 1, nor after the later slots it knows.
    assert_eq!(lead.choices[lead.answer], Answer::PrepareFrom(Slot(135)));
    assert!(lead.choices.contains(&Answer::PrepareFrom(Slot(1))));
    assert!(lead.choices.contains(&Answer::SkipPhase1));
    assert_eq!(lead.level(), 3);
    assert!(lead.envelope.is_none());
    // Under skip-phase1, the simulator grades the broken leader: it skips phase 1.
    let broken = tour_questions("multi-skip-phase1");
    let skip = broken
        .iter()
        .find(|q| q.kind == Kind::Phase1)
        .expect("a question when the new leader is told to lead");
    assert_eq!(skip.choices[skip.answer], Answer::SkipPhase1);
    assert_eq!(skip.rule, Rule::P1Only);
}
