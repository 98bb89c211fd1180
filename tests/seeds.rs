//! The notes' two examples, replayed operation by operation, end exactly as the notes tell.

use paxos_lab::paxos::{
    Ballot, Config, DecidedAs, MessageKind, NodeId, Note, Proposal, Value, Variant,
};
use paxos_lab::sim::{
    Event, EventKind, MessageMatch, NetConfig, Op, Simulation, Switch, Violation,
};

struct Run {
    sim: Simulation,
    events: Vec<Event>,
}

impl Run {
    fn new(config: Config) -> Self {
        Run {
            sim: Simulation::new(config, NetConfig::default()),
            events: Vec::new(),
        }
    }

    fn op(&mut self, op: Op) -> &[Event] {
        let start = self.events.len();
        self.sim
            .apply(&op, &mut self.events)
            .unwrap_or_else(|e| panic!("{op:?} failed: {e:?}"));
        &self.events[start..]
    }

    fn deliver(&mut self, kind: MessageKind, from: u32, to: u32) -> Vec<Note> {
        let pattern = MessageMatch {
            kind: Some(kind),
            from: Some(NodeId(from)),
            to: Some(NodeId(to)),
            ballot: None,
        };
        let msg = self
            .sim
            .find_message(&pattern)
            .unwrap_or_else(|| panic!("no {kind:?} from {from} to {to} in flight"));
        self.op(Op::Deliver { msg })
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Acted { note, .. } => Some(note.clone()),
                _ => None,
            })
            .collect()
    }

    fn propose(&mut self, node: u32, value: &str, ballot: Option<u32>, to: &[u32]) {
        self.op(Op::Propose {
            node: NodeId(node),
            value: value.into(),
            ballot: ballot.map(Ballot),
            recipients: (!to.is_empty()).then(|| to.iter().map(|&n| NodeId(n)).collect()),
        });
    }
}

fn everyone(n: u32) -> Config {
    let all: Vec<NodeId> = (0..n).map(NodeId).collect();
    Config {
        proposers: all.clone(),
        acceptors: all.clone(),
        learners: all,
        ..Config::default()
    }
}

fn one_plus_one() -> Config {
    Config {
        learners: Vec::new(),
        ..everyone(3)
    }
}

/// Seed 003, "1+1": User1..User3 prepare 1, 2, 3 to the other two; then the accepts go out in order.
#[test]
fn one_plus_one_chooses_three() {
    use MessageKind::*;
    let (u1, u2, u3) = (0, 1, 2);
    let mut run = Run::new(one_plus_one());

    // Phase 1, three times. Every prepare is promised: each number is above the promise before.
    run.propose(u1, "1+1=1", Some(1), &[u2, u3]);
    for to in [u2, u3] {
        assert!(matches!(
            run.deliver(Prepare, u1, to)[0],
            Note::Promised { .. }
        ));
        run.deliver(Promise, to, u1);
    }
    run.propose(u2, "1+1=2", Some(2), &[u1, u3]);
    for to in [u1, u3] {
        assert!(matches!(
            run.deliver(Prepare, u2, to)[0],
            Note::Promised { .. }
        ));
        run.deliver(Promise, to, u2);
    }
    run.propose(u3, "1+1=3", Some(3), &[u1, u2]);
    for to in [u1, u2] {
        assert!(matches!(
            run.deliver(Prepare, u3, to)[0],
            Note::Promised { .. }
        ));
        run.deliver(Promise, to, u3);
    }
    let promised = |run: &Run, n: u32| run.sim.nodes[&NodeId(n)].durable.acceptor.promised;
    assert_eq!(
        [promised(&run, u1), promised(&run, u2), promised(&run, u3)],
        [Ballot(3), Ballot(3), Ballot(2)]
    );

    // User1's accept(1) is refused by both.
    for to in [u2, u3] {
        assert!(matches!(
            run.deliver(Accept, u1, to)[0],
            Note::IgnoredAccept {
                ballot: Ballot(1),
                ..
            }
        ));
    }
    // User2's accept(2): refused by User1 (promised 3), accepted by User3 (promised 2).
    assert!(matches!(
        run.deliver(Accept, u2, u1)[0],
        Note::IgnoredAccept {
            ballot: Ballot(2),
            promised: Ballot(3),
            ..
        }
    ));
    assert!(matches!(
        run.deliver(Accept, u2, u3)[0],
        Note::AcceptedProposal { .. }
    ));
    run.deliver(Accepted, u3, u2);
    assert!(
        run.sim.decisions.is_empty(),
        "one acceptance is no majority"
    );
    // User3's accept(3, "1+1=3"): accepted by User1 and User2, a majority. The moment User2
    // accepts, "1+1=3" is chosen, though nobody knows it yet.
    let three = Proposal::new(Ballot(3), "1+1=3".into());
    run.deliver(Accept, u3, u1);
    assert!(run.sim.chosen_proposals().is_empty());
    run.deliver(Accept, u3, u2);
    assert_eq!(run.sim.chosen_proposals(), std::slice::from_ref(&three));
    assert!(run.sim.decisions.is_empty(), "chosen, not yet learned");
    assert!(run.events.iter().any(|e| matches!(
        &e.kind,
        EventKind::Chosen { ballot: Ballot(3), acceptors, .. } if *acceptors == [NodeId(u1), NodeId(u2)]
    )));
    run.deliver(Accepted, u1, u3);
    let notes = run.deliver(Accepted, u2, u3);
    assert!(notes.contains(&Note::ProposerChose {
        proposal: three.clone(),
        quorum: 2,
        majority: 2,
    }));
    let decided = run.sim.decided();
    assert_eq!(decided.len(), 1);
    assert_eq!(decided[0].proposal, three);
    assert_eq!(decided[0].role, DecidedAs::Proposer);
    assert!(run.sim.violations.is_empty());
    assert!(run.sim.in_flight.is_empty());
}

const ZHANG: u32 = 0;
const LI: u32 = 1;
const WANG: u32 = 2;
const ZHAO: u32 = 3;
const SUN: u32 = 4;

/// Case 2, first part: 赵六 and 孙七 are off; the other three choose 郑州.
fn zhengzhou_chosen(variant: Option<Variant>) -> Run {
    let mut run = Run::new(everyone(5));
    if let Some(v) = variant {
        run.op(Op::Set {
            switch: Switch::Variant(v),
            on: true,
        });
    }
    run.op(Op::Kill { node: NodeId(ZHAO) });
    run.op(Op::Kill { node: NodeId(SUN) });
    run.propose(ZHANG, "郑州", None, &[ZHANG, LI, WANG]);
    run.sim.run_until_quiet(1000, &mut run.events);
    assert!(run
        .sim
        .decided()
        .iter()
        .all(|d| d.proposal.value == Value::from("郑州")));
    assert!(!run.sim.decisions.is_empty());
    run.op(Op::Restart { node: NodeId(ZHAO) });
    run.op(Op::Restart { node: NodeId(SUN) });
    run
}

#[test]
fn annual_meeting_case_two_under_paxos_keeps_zhengzhou() {
    let mut run = zhengzhou_chosen(None);
    // 赵六's prepare must reach a majority: 孙七, 赵六 and 王五. 王五 reports ⟨1, 郑州⟩.
    run.propose(ZHAO, "海南", None, &[SUN, ZHAO, WANG]);
    run.sim.run_until_quiet(1000, &mut run.events);
    let adopted = run.events.iter().find_map(|e| match &e.kind {
        EventKind::Acted {
            node,
            note: Note::Adopted { from, reporter, .. },
            ..
        } if *node == NodeId(ZHAO) => Some((from.value.clone(), *reporter)),
        _ => None,
    });
    assert_eq!(adopted, Some((Value::from("郑州"), NodeId(WANG))));
    assert!(run.sim.violations.is_empty());
    let zhao = run
        .sim
        .decided()
        .into_iter()
        .find(|d| d.node == NodeId(ZHAO) && d.role == DecidedAs::Proposer);
    assert_eq!(zhao.map(|d| d.proposal.value), Some(Value::from("郑州")));
}

#[test]
fn annual_meeting_case_two_without_adoption_chooses_two_cities() {
    let mut run = zhengzhou_chosen(Some(Variant::NoAdoption));
    run.propose(ZHAO, "海南", None, &[SUN, ZHAO, WANG]);
    run.sim.run_until_quiet(1000, &mut run.events);
    let (violation, because) = run.sim.violation().cloned().expect("a violation");
    assert!(matches!(violation, Violation::TwoValuesChosen { .. }));
    assert_eq!(because.len(), 2);
    // Both cities are chosen at the acceptors, whoever learns them.
    let cities: Vec<&str> = run
        .sim
        .chosen_proposals()
        .iter()
        .map(|p| p.value.as_str())
        .collect();
    assert_eq!(cities, ["郑州", "海南"]);
}

#[test]
fn annual_meeting_case_two_accepting_the_first_proposal_chooses_two_cities() {
    let mut run = zhengzhou_chosen(Some(Variant::AcceptFirst));
    // As the notes tell it: 赵六 texts 海南 to 孙七 alone, and 孙七 accepts the first proposal.
    run.propose(ZHAO, "海南", None, &[SUN]);
    run.sim.run_until_quiet(1000, &mut run.events);
    assert!(matches!(
        run.sim.violation(),
        Some((Violation::TwoValuesChosen { .. }, _))
    ));
}

#[test]
fn annual_meeting_case_one_three_cities() {
    let mut run = Run::new(Config {
        learners: Vec::new(),
        ..everyone(3)
    });
    run.op(Op::Set {
        switch: Switch::Variant(Variant::AcceptFirst),
        on: true,
    });
    run.propose(ZHANG, "上海", None, &[WANG]);
    run.propose(WANG, "广州", None, &[LI]);
    run.propose(LI, "北京", None, &[ZHANG]);
    run.sim.run_until_quiet(1000, &mut run.events);
    let mut cities: Vec<String> = run
        .sim
        .decided()
        .into_iter()
        .map(|d| d.proposal.value.to_string())
        .collect();
    cities.sort();
    assert_eq!(cities, ["上海", "北京", "广州"]);
    // Under P1 alone one acceptance chooses: three cities are chosen.
    assert_eq!(run.sim.chosen_proposals().len(), 3);
    assert!(matches!(
        run.sim.violation(),
        Some((Violation::TwoValuesChosen { .. }, _))
    ));
}
