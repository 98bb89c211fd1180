//! The rules of Multi-Paxos and the replicated state machine (seed 004 §3), one by one: phase 1
//! once for a run of slots, one round per command, the window, the new leader's re-proposals and
//! no-ops, replicas executing in slot order, and the trace of a Multi-Paxos run.

use paxos_lab::paxos::{
    Ballot, Config, Context, Leadership, MachineKind, Message, MessageKind, Multi, Node, NodeId,
    Note, Proposal, Slot, Taken, Value,
};
use paxos_lab::sim::{
    Event, EventKind, NetConfig, Op, OpError, Simulation, TRACE_FORMAT, TRACE_FORMAT_MULTI,
};

/// Two proposers (0 and 4), three acceptors (1, 2, 3), and every node a replica.
fn multi_config(window: u32, machine: MachineKind) -> Config {
    Config {
        proposers: vec![NodeId(0), NodeId(4)],
        acceptors: vec![NodeId(1), NodeId(2), NodeId(3)],
        multi: Some(Multi {
            replicas: (0..5).map(NodeId).collect(),
            window,
            machine,
            ..Multi::default()
        }),
        ..Config::default()
    }
}

/// What a node is told of the world when all three acceptors are up.
fn all_up<'a>(config: &'a Config, taken: &'a Taken) -> Context<'a> {
    Context {
        config,
        live_acceptors: 3,
        taken,
    }
}

fn world(window: u32) -> Simulation {
    Simulation::new(
        multi_config(window, MachineKind::Bank),
        NetConfig::default(),
    )
}

fn apply(sim: &mut Simulation, op: Op) -> Vec<Event> {
    let mut out = Vec::new();
    sim.apply(&op, &mut out).expect("a valid op");
    out
}

fn submit(sim: &mut Simulation, node: u32, command: &str) {
    apply(
        sim,
        Op::Submit {
            node: NodeId(node),
            command: command.into(),
        },
    );
}

fn run(sim: &mut Simulation) -> Vec<Event> {
    let mut out = Vec::new();
    sim.run_until_quiet(10_000, &mut out);
    assert!(sim.violations.is_empty(), "{:?}", sim.violations);
    out
}

fn sent(events: &[Event], pick: fn(&Message) -> bool) -> usize {
    events
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::Sent { envelope } if pick(&envelope.message)))
        .count()
}

#[test]
fn the_bank_runs_on_every_replica_and_refuses_an_overdraft() {
    let mut sim = world(3);
    apply(&mut sim, Op::Lead { node: NodeId(0) });
    for c in ["deposit 50", "withdraw 80", "withdraw 30"] {
        submit(&mut sim, 0, c);
    }
    let events = run(&mut sim);
    let outputs: Vec<(u32, u32, String)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Executed { execution } if execution.node == NodeId(2) => {
                Some((execution.node.0, execution.slot.0, execution.output.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        outputs,
        [
            (2, 1, "balance 50".to_owned()),
            (2, 2, "refused".to_owned()),
            (2, 3, "balance 20".to_owned())
        ]
    );
    for node in sim.nodes.values() {
        assert_eq!(node.replica.next, Slot(4), "{:?}", node.id);
        let state = node.replica.machine.as_ref().map(|m| format!("{m:?}"));
        assert_eq!(state.as_deref(), Some("Bank(Bank { balance: 20 })"));
    }
}

#[test]
fn phase_1_runs_once_and_each_command_costs_one_round() {
    let mut sim = world(3);
    let mut events = apply(&mut sim, Op::Lead { node: NodeId(0) });
    events.extend(run(&mut sim));
    for i in 0..6 {
        let command = format!("deposit {i}");
        let op = Op::Submit {
            node: NodeId(0),
            command: command.as_str().into(),
        };
        events.extend(apply(&mut sim, op));
        events.extend(run(&mut sim));
    }
    assert_eq!(sent(&events, |m| matches!(m, Message::Prepare { .. })), 3);
    // One Accept to each acceptor per command, and nothing for the empty log.
    assert_eq!(
        sent(&events, |m| matches!(m, Message::Accept { .. })),
        6 * 3
    );
    assert_eq!(sim.chosen_proposals().len(), 6);
}

#[test]
fn at_most_a_window_of_commands_is_in_flight() {
    let mut sim = world(2);
    apply(&mut sim, Op::Lead { node: NodeId(0) });
    run(&mut sim);
    for i in 0..5 {
        submit(&mut sim, 0, &format!("deposit {i}"));
    }
    let mut widest = 0;
    let mut out = Vec::new();
    while sim.apply(&Op::Step, &mut out).is_ok() {
        widest = widest.max(sim.nodes[&NodeId(0)].leader.in_flight.len());
    }
    assert_eq!(widest, 2);
    assert_eq!(sim.nodes[&NodeId(3)].replica.next, Slot(6));
}

/// The notes' example, scaled down: a new leader that knows slots 1–4, 6 and 7 are chosen (the
/// notes' 1–134, 138 and 139) runs phase 1 from slot 5 (the notes' 135) on.
#[test]
fn a_new_leader_prepares_from_its_first_unknown_slot_and_fills_the_gaps_by_p2c() {
    let config = multi_config(4, MachineKind::Bank);
    let taken = Taken::new();
    let ctx = all_up(&config, &taken);
    let mut leader = Node::new(NodeId(4));
    for s in [1, 2, 3, 4, 6, 7] {
        let chosen = Proposal {
            ballot: Ballot(1),
            value: format!("deposit {s}").as_str().into(),
            slot: Slot(s),
        };
        leader.handle(NodeId(0), chosen.chosen(), ctx);
    }
    let (ballot, fx) = leader.lead(ctx).expect("a ballot");
    assert!(fx.notes.contains(&Note::LeaderPrepared {
        ballot,
        from: Slot(5)
    }));
    assert!(fx.sends.iter().all(|(_, m)| *m
        == Message::Prepare {
            ballot,
            from: Slot(5)
        }));
    let p = |b, v: &str, s| Proposal {
        ballot: Ballot(b),
        value: v.into(),
        slot: Slot(s),
    };
    // Acceptor 1 accepted ⟨1, x⟩ in slot 5 and something in slot 9; acceptor 2 a later
    // proposal in slot 5, and the same in slot 9. Nobody reports slot 8: it gets a no-op.
    let promise = |later: Vec<Proposal>| Message::Promise {
        ballot,
        accepted: None,
        later: later.into(),
    };
    leader.handle(
        NodeId(1),
        promise(vec![p(1, "deposit 5", 5), p(1, "withdraw 9", 9)]),
        ctx,
    );
    let fx = leader.handle(
        NodeId(2),
        promise(vec![p(3, "withdraw 5", 5), p(1, "withdraw 9", 9)]),
        ctx,
    );
    // Two acceptors reported the same proposal in slot 9: the note names the first of them.
    assert!(fx.notes.contains(&Note::Adopted {
        ballot,
        from: p(1, "withdraw 9", 9),
        reporter: NodeId(1),
    }));
    let accepts: Vec<Proposal> = fx
        .sends
        .iter()
        .filter(|(to, _)| *to == NodeId(1))
        .map(|(_, m)| match m {
            Message::Accept {
                ballot,
                value,
                slot,
            } => Proposal {
                ballot: *ballot,
                value: value.clone(),
                slot: *slot,
            },
            other => panic!("{other:?}"),
        })
        .collect();
    let b = ballot.0;
    assert_eq!(
        accepts,
        [
            p(b, "withdraw 5", 5),
            p(b, "no-op", 8),
            p(b, "withdraw 9", 9)
        ]
    );
    assert!(
        matches!(&leader.leader.status, Leadership::Leading { ballot: b, .. } if *b == ballot),
        "{:?}",
        leader.leader.status
    );
    assert_eq!(leader.leader.next, Slot(10));
    // Only now do new commands go in, after the last slot reported.
    let fx = leader.submit("deposit 10".into(), ctx);
    assert!(fx.notes.contains(&Note::ProposedCommand {
        ballot,
        slot: Slot(10),
        command: "deposit 10".into()
    }));
}

#[test]
fn a_slot_learned_chosen_while_the_window_held_it_is_not_proposed_again() {
    let mut config = multi_config(4, MachineKind::Bank);
    config.multi.as_mut().expect("multi").alpha = 1;
    let taken = Taken::new();
    let ctx = all_up(&config, &taken);
    let mut leader = Node::new(NodeId(4));
    let (ballot, _) = leader.lead(ctx).expect("a ballot");
    let p = |v: &str, s| Proposal {
        ballot: Ballot(1),
        value: v.into(),
        slot: Slot(s),
    };
    let promise = |later: Vec<Proposal>| Message::Promise {
        ballot,
        accepted: None,
        later: later.into(),
    };
    let accepts = |fx: &paxos_lab::paxos::Effects| -> Vec<u32> {
        fx.sends
            .iter()
            .filter_map(|(_, m)| match m {
                Message::Accept { slot, .. } => Some(slot.0),
                _ => None,
            })
            .collect()
    };
    // An old leader's commands in slots 1 and 2 were reported: by P2c, both go out again, but
    // with α = 1 slot 2 waits until slot 1 is known.
    leader.handle(
        NodeId(1),
        promise(vec![p("deposit 1", 1), p("deposit 2", 2)]),
        ctx,
    );
    let fx = leader.handle(NodeId(2), promise(Vec::new()), ctx);
    assert_eq!(accepts(&fx), [1, 1, 1]);
    // Meanwhile slot 2 is learned chosen: nothing is left to propose there.
    let mut later = leader
        .handle(NodeId(0), p("deposit 2", 2).chosen(), ctx)
        .sends;
    for a in [1, 2] {
        let accepted = Message::Accepted {
            ballot,
            value: "deposit 1".into(),
            slot: Slot(1),
        };
        later.extend(leader.handle(NodeId(a), accepted, ctx).sends);
    }
    assert_eq!(leader.replica.first_unknown(), Slot(3));
    assert!(
        !later
            .iter()
            .any(|(_, m)| matches!(m, Message::Accept { slot: Slot(2), .. })),
        "{later:?}"
    );
}

#[test]
fn a_late_refusal_of_an_old_number_does_not_stop_a_leader() {
    let config = multi_config(4, MachineKind::Bank);
    let taken = Taken::new();
    let ctx = all_up(&config, &taken);
    let mut leader = Node::new(NodeId(4));
    let (first, _) = leader.lead(ctx).expect("a ballot");
    let higher = Ballot(first.0 + 3);
    let nack = |ballot| Message::Nack {
        ballot,
        promised: higher,
    };
    // Refused: a higher number was promised, so another leader is about.
    let fx = leader.handle(NodeId(1), nack(first), ctx);
    assert!(fx.notes.contains(&Note::Preempted {
        ballot: first,
        promised: higher
    }));
    assert_eq!(leader.leader.status, Leadership::Follower);
    // It leads again, above that number; another acceptor's refusal of the old one comes late.
    let (second, _) = leader.lead(ctx).expect("a ballot");
    assert!(second > higher);
    let fx = leader.handle(NodeId(2), nack(first), ctx);
    assert!(fx.notes.contains(&Note::Stale {
        kind: MessageKind::Nack,
        ballot: Some(first)
    }));
    assert_eq!(
        leader.leader.ballot(),
        Some(second),
        "still preparing with its new number"
    );
}

#[test]
fn a_new_leader_reproposes_what_the_old_one_left_and_replicas_catch_up() {
    let mut sim = world(3);
    apply(&mut sim, Op::Lead { node: NodeId(0) });
    run(&mut sim);
    submit(&mut sim, 0, "deposit 50");
    run(&mut sim);
    // The next command reaches one acceptor only, then the leader crashes.
    submit(&mut sim, 0, "withdraw 20");
    let accepts: Vec<_> = sim
        .in_flight
        .values()
        .filter(|e| matches!(e.message, Message::Accept { .. }))
        .map(|e| (e.id, e.to))
        .collect();
    let mut out = Vec::new();
    for (id, to) in accepts {
        if to != NodeId(1) {
            sim.apply(&Op::Drop { msg: id }, &mut out).expect("drop");
        }
    }
    run(&mut sim);
    apply(&mut sim, Op::Kill { node: NodeId(0) });
    assert_eq!(sim.chosen_proposals().len(), 1);
    // Node 4 knows slot 1 is chosen, so it prepares from slot 2 and re-proposes withdraw 20.
    apply(&mut sim, Op::Lead { node: NodeId(4) });
    submit(&mut sim, 4, "deposit 1");
    run(&mut sim);
    let new_leader = &sim.nodes[&NodeId(4)];
    assert_eq!(new_leader.replica.chosen.len(), 3);
    assert_eq!(
        new_leader.replica.chosen.get(&Slot(2)),
        Some(&Value::from("withdraw 20"))
    );
    let state = |n: u32| {
        let m = sim.nodes[&NodeId(n)].replica.machine.as_ref();
        m.map(|m| format!("{m:?}"))
    };
    assert_eq!(state(4).as_deref(), Some("Bank(Bank { balance: 31 })"));
    assert_eq!(state(2), state(4));
}

#[test]
fn a_leader_preempted_by_a_nack_stops_leading() {
    let mut config = multi_config(3, MachineKind::Bank);
    config.nacks = true;
    let mut sim = Simulation::new(config, NetConfig::default());
    apply(&mut sim, Op::Lead { node: NodeId(0) });
    run(&mut sim);
    apply(&mut sim, Op::Lead { node: NodeId(4) });
    run(&mut sim);
    submit(&mut sim, 0, "deposit 5");
    run(&mut sim);
    let old = &sim.nodes[&NodeId(0)].leader;
    assert_eq!(old.status, Leadership::Follower);
    assert!(sim.chosen_proposals().is_empty());
    // Leading again, with a higher number, it gets the client's next try chosen.
    apply(&mut sim, Op::Lead { node: NodeId(0) });
    submit(&mut sim, 0, "deposit 5");
    run(&mut sim);
    assert_eq!(sim.chosen_proposals().len(), 1);
}

#[test]
fn a_key_value_map_is_another_machine() {
    let config = multi_config(1, MachineKind::KeyValue);
    let mut sim = Simulation::new(config, NetConfig::default());
    let mut out = Vec::new();
    let bad = Op::Submit {
        node: NodeId(0),
        command: "deposit 5".into(),
    };
    assert_eq!(
        sim.apply(&bad, &mut out),
        Err(OpError::BadCommand {
            command: "deposit 5".into()
        })
    );
    apply(&mut sim, Op::Lead { node: NodeId(4) });
    submit(&mut sim, 4, "set x 1");
    submit(&mut sim, 4, "set y 2");
    submit(&mut sim, 4, "del x");
    run(&mut sim);
    let m = sim.nodes[&NodeId(1)].replica.machine.as_ref().expect("ran");
    assert_eq!(
        format!("{m:?}"),
        r#"KeyValue(KeyValue { map: {"y": "2"} })"#
    );
}

#[test]
fn each_kind_of_run_refuses_the_other_kinds_ops() {
    let mut multi = world(3);
    let mut out = Vec::new();
    let propose = Op::Propose {
        node: NodeId(0),
        value: "x".into(),
        ballot: None,
        recipients: None,
    };
    assert_eq!(
        multi.apply(&propose, &mut out),
        Err(OpError::WrongKindOfRun)
    );
    // A learner's question is single-decree too, even in a run whose config lists learners.
    let mut with_learner = Simulation::new(
        Config {
            learners: vec![NodeId(4)],
            ..multi_config(3, MachineKind::Bank)
        },
        NetConfig::default(),
    );
    assert_eq!(
        with_learner.apply(&Op::Ask { node: NodeId(4) }, &mut out),
        Err(OpError::WrongKindOfRun)
    );
    for bad in ["no-op", "deposit", "withdraw -3"] {
        let op = Op::Submit {
            node: NodeId(0),
            command: bad.into(),
        };
        assert!(multi.apply(&op, &mut out).is_err(), "{bad}");
    }
    let mut single = Simulation::new(
        Config {
            proposers: vec![NodeId(0)],
            acceptors: vec![NodeId(1), NodeId(2), NodeId(3)],
            ..Config::default()
        },
        NetConfig::default(),
    );
    assert_eq!(
        single.apply(&Op::Lead { node: NodeId(0) }, &mut out),
        Err(OpError::WrongKindOfRun)
    );
    assert!(out.is_empty());
}

#[test]
fn a_multi_paxos_trace_announces_its_format_and_names_its_slots() {
    let mut sim = world(3);
    assert!(matches!(
        sim.began().kind,
        EventKind::Began { format, .. } if format == TRACE_FORMAT_MULTI
    ));
    apply(&mut sim, Op::Lead { node: NodeId(0) });
    submit(&mut sim, 0, "deposit 1");
    submit(&mut sim, 0, "deposit 2");
    let events = run(&mut sim);
    let json: Vec<String> = events
        .iter()
        .map(|e| serde_json::to_string(e).expect("JSON"))
        .collect();
    // Slot 1 is left out, slot 2 is named.
    assert!(json
        .iter()
        .any(|j| j.contains(r#""kind":"chosen""#) && !j.contains(r#""slot""#)));
    assert!(json
        .iter()
        .any(|j| j.contains(r#""kind":"chosen""#) && j.contains(r#""slot":2"#)));
    assert!(json.iter().any(|j| j.contains(r#""kind":"executed""#)
        && j.contains(r#""slot":2"#)
        && j.contains(r#""state":"balance 3""#)));
    // Every event reads back as itself.
    for (e, j) in events.iter().zip(&json) {
        let back: Event = serde_json::from_str(j).expect("an event");
        assert_eq!(&back, e);
    }
    let single = Simulation::new(Config::default(), NetConfig::default());
    assert!(matches!(
        single.began().kind,
        EventKind::Began { format, .. } if format == TRACE_FORMAT
    ));
}

/// Node 0 leads; 1, 2 and 3 are the acceptors; 5 is a spare server; every node a replica, named
/// `n0`…`n5`; α = 2.
fn reconfigurable(alpha: u32) -> Simulation {
    let mut config = multi_config(3, MachineKind::Bank);
    let multi = config.multi.as_mut().expect("multi");
    multi.replicas = (0..6).map(NodeId).collect();
    multi.alpha = alpha;
    multi.names = (0..6).map(|i| format!("n{i}")).collect();
    Simulation::new(config, NetConfig::default())
}

fn accepts_to(events: &[Event], to: u32) -> Vec<u32> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Sent { envelope } if envelope.to == NodeId(to) => match &envelope.message {
                Message::Accept { slot, .. } => Some(slot.0),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Each `Prepare` sent, as (to, the first slot it covers).
fn prepares(events: &[Event]) -> Vec<(u32, u32)> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Sent { envelope } => match &envelope.message {
                Message::Prepare { from, .. } => Some((envelope.to.0, from.0)),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

#[test]
fn the_leader_stays_within_alpha_of_the_first_slot_it_does_not_know() {
    let mut sim = reconfigurable(2);
    let mut events = apply(&mut sim, Op::Lead { node: NodeId(0) });
    events.extend(run(&mut sim));
    // Both slots of the window have the same acceptors: phase 1 gathered one configuration,
    // named once (the leader's state is in the trace).
    match &sim.nodes[&NodeId(0)].leader.status {
        Leadership::Leading { prepared, .. } => {
            assert_eq!(prepared, &[vec![NodeId(1), NodeId(2), NodeId(3)]]);
        }
        other => panic!("not leading: {other:?}"),
    }
    for c in ["deposit 1", "deposit 2", "deposit 3"] {
        submit(&mut sim, 0, c);
    }
    // Window 3, but α = 2: slot 3 waits until slot 1 is known.
    let leader = &sim.nodes[&NodeId(0)].leader;
    assert_eq!(
        leader.in_flight.keys().map(|s| s.0).collect::<Vec<_>>(),
        [1, 2]
    );
    run(&mut sim);
    assert_eq!(sim.chosen_proposals().len(), 3);
}

#[test]
fn a_reconfiguration_in_slot_i_takes_effect_at_slot_i_plus_alpha() {
    let mut sim = reconfigurable(2);
    let mut events = apply(&mut sim, Op::Lead { node: NodeId(0) });
    events.extend(run(&mut sim));
    for c in [
        "deposit 1",
        "config n1,n2,n5",
        "deposit 2",
        "deposit 3",
        "deposit 4",
    ] {
        let op = Op::Submit {
            node: NodeId(0),
            command: c.into(),
        };
        events.extend(apply(&mut sim, op));
        events.extend(run(&mut sim));
    }
    assert_eq!(sim.chosen_proposals().len(), 5);
    // Slots 1–3 go to 1, 2, 3; from slot 2 + α = 4 on, to 1, 2, 5.
    assert_eq!(accepts_to(&events, 3), [1, 2, 3]);
    assert_eq!(accepts_to(&events, 5), [4, 5]);
    assert_eq!(accepts_to(&events, 1), [1, 2, 3, 4, 5]);
    // A new configuration, a new phase 1: to 1, 2 and 5, from slot 4.
    assert_eq!(
        prepares(&events),
        [(1, 1), (2, 1), (3, 1), (1, 4), (2, 4), (5, 4)]
    );
    let executed: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Executed { execution } if execution.node == NodeId(5) => {
                Some(execution.output.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(executed[1], "acceptors n1,n2,n5");
}

#[test]
fn a_leader_runs_phase_1_again_for_acceptors_its_promises_do_not_cover() {
    let mut sim = reconfigurable(1);
    let mut events = apply(&mut sim, Op::Lead { node: NodeId(0) });
    events.extend(run(&mut sim));
    for c in ["config n3,n5", "deposit 2"] {
        let op = Op::Submit {
            node: NodeId(0),
            command: c.into(),
        };
        events.extend(apply(&mut sim, op));
        events.extend(run(&mut sim));
    }
    assert_eq!(sim.chosen_proposals().len(), 2);
    // A configuration the first phase 1 was not for: a second Prepare, to 3 and 5, from slot 2.
    assert_eq!(prepares(&events), [(1, 1), (2, 1), (3, 1), (3, 2), (5, 2)]);
    assert_eq!(accepts_to(&events, 5), [2]);
}

#[test]
fn an_acceptance_that_counts_is_not_stale_and_one_after_the_choice_is() {
    let config = multi_config(4, MachineKind::Bank);
    let taken = Taken::new();
    let ctx = all_up(&config, &taken);
    let mut leader = Node::new(NodeId(4));
    let (ballot, _) = leader.lead(ctx).expect("a ballot");
    // An old leader's command in slot 1 is reported, and goes out again by P2c.
    let old = Proposal {
        ballot: Ballot(1),
        value: "deposit 1".into(),
        slot: Slot(1),
    };
    for (a, later) in [(1, vec![old]), (2, Vec::new())] {
        let promise = Message::Promise {
            ballot,
            accepted: None,
            later: later.into(),
        };
        leader.handle(NodeId(a), promise, ctx);
    }
    let accepted = || Message::Accepted {
        ballot,
        value: "deposit 1".into(),
        slot: Slot(1),
    };
    let stale = |fx: &paxos_lab::paxos::Effects| {
        fx.notes.iter().any(|n| {
            matches!(
                n,
                Note::Stale {
                    kind: MessageKind::Accepted,
                    ..
                }
            )
        })
    };
    // The first acceptance counts toward a majority: noted as such, not as stale.
    let first = leader.handle(NodeId(1), accepted(), ctx);
    assert!(
        !first.notes.is_empty() && !stale(&first),
        "{:?}",
        first.notes
    );
    // The second makes the majority: slot 1 is chosen.
    let second = leader.handle(NodeId(2), accepted(), ctx);
    assert!(!stale(&second), "{:?}", second.notes);
    assert_eq!(leader.replica.first_unknown(), Slot(2));
    // The third comes after the choice: it changes nothing, and says so.
    let third = leader.handle(NodeId(3), accepted(), ctx);
    assert!(stale(&third), "{:?}", third.notes);
}
