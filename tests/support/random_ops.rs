//! Random clusters and random operations on the simulator, shared by the soak and determinism
//! tests and the benchmark (each includes this file with `#[path]`). Every random choice comes
//! from the one [`Rng`] passed in, so a seed fixes the whole run.

#![allow(dead_code)]

use paxos_lab::paxos::{
    Ballot, Config, Learning, Liveness, MachineKind, Multi, NodeId, Value, Variant,
};
use paxos_lab::sim::{MsgId, NetConfig, Op, Rng, Simulation, Switch};

/// A random world for `seed`: a [`cluster`] and a network with random jitter and no loss, the
/// same for the soak and trace tests.
pub fn world(seed: u64, variants: &[Variant]) -> (Rng, Simulation) {
    let mut rng = Rng::new(seed);
    let config = cluster(&mut rng, variants);
    let net = NetConfig {
        latency: 10,
        jitter: rng.upto(8),
        loss_percent: 0,
        seed,
    };
    (rng, Simulation::new(config, net))
}

/// A random cluster: 3 or 5 acceptors; 1 to 3 proposers, either among the acceptors (as in the
/// notes, where everyone votes) or beside them; the acceptors or the proposers as learners; and
/// random retry, NACK and timeout settings.
pub fn cluster(rng: &mut Rng, variants: &[Variant]) -> Config {
    let acceptors: Vec<NodeId> = if rng.percent(50) {
        (0..3).map(NodeId).collect()
    } else {
        (0..5).map(NodeId).collect()
    };
    let n = acceptors.len() as u32;
    let proposers: Vec<NodeId> = if rng.percent(50) {
        // As in the notes: people who also vote.
        (0..1 + rng.upto(2)).map(NodeId).collect()
    } else {
        // Separate proposers, numbered after the acceptors.
        (n..n + 1 + rng.upto(2)).map(NodeId).collect()
    };
    let learners: Vec<NodeId> = if rng.percent(50) {
        acceptors.clone()
    } else {
        proposers.clone()
    };
    Config {
        proposers,
        acceptors,
        learners,
        retry: rng.percent(70),
        nacks: rng.percent(50),
        timeout: 20 + rng.upto(60),
        variants: variants.iter().copied().collect(),
        ..Config::default()
    }
}

/// One of `items`, if there is any.
pub fn pick<T: Clone>(rng: &mut Rng, items: &[T]) -> Option<T> {
    if items.is_empty() {
        None
    } else {
        Some(items[rng.upto(items.len() as u32 - 1) as usize].clone())
    }
}

/// A message in flight (only held ones if `held`), or, now and then, an id that is not in flight.
pub fn random_msg(rng: &mut Rng, sim: &Simulation, held: bool) -> MsgId {
    let ids: Vec<MsgId> = sim
        .in_flight
        .values()
        .filter(|e| !held || e.held_at.is_some())
        .map(|e| e.id)
        .collect();
    pick(rng, &ids)
        .filter(|_| rng.percent(97))
        .unwrap_or(MsgId(u64::from(rng.upto(1000))))
}

/// One random operation, mostly valid for the current world: steps most often, then deliveries,
/// network faults, proposals, crashes and restarts, loss rates and every legitimate switch.
/// Broken variants are never switched on here.
pub fn random_op(rng: &mut Rng, sim: &Simulation) -> Op {
    let nodes: Vec<NodeId> = sim.nodes.keys().copied().collect();
    let any_node = |rng: &mut Rng| pick(rng, &nodes).expect("nodes");
    match rng.upto(99) {
        0..=49 => Op::Step,
        50..=53 => {
            let node = pick(rng, &sim.config.proposers).expect("a proposer");
            let value = Value::from(format!("v{}", rng.upto(4)));
            let ballot = rng.percent(15).then(|| Ballot(1 + rng.upto(30)));
            let recipients = rng.percent(20).then(|| {
                let mut to: Vec<NodeId> = sim
                    .config
                    .acceptors
                    .iter()
                    .copied()
                    .filter(|_| rng.percent(70))
                    .collect();
                to.sort();
                to
            });
            Op::Propose {
                node,
                value,
                ballot,
                recipients,
            }
        }
        54..=65 => Op::Deliver {
            msg: random_msg(rng, sim, false),
        },
        66..=70 => Op::Drop {
            msg: random_msg(rng, sim, false),
        },
        71..=75 => Op::Duplicate {
            msg: random_msg(rng, sim, false),
        },
        76..=78 => Op::Hold {
            msg: random_msg(rng, sim, false),
        },
        79..=82 => Op::Release {
            msg: random_msg(rng, sim, true),
        },
        83..=85 => Op::Kill {
            node: any_node(rng),
        },
        86..=88 => Op::Restart {
            node: any_node(rng),
        },
        89..=90 => Op::Ask {
            node: any_node(rng),
        },
        91..=92 => Op::SetLoss {
            percent: [0, 0, 10, 30, 60][rng.upto(4) as usize],
        },
        93..=96 => Op::Set {
            switch: [
                Switch::Retry,
                Switch::Nacks,
                Switch::AcceptToAll,
                Switch::AcceptEqual,
            ][rng.upto(3) as usize],
            on: rng.percent(50),
        },
        97 => {
            let learners = sim.config.learners.clone();
            Op::SetLearning {
                learning: match rng.upto(2) {
                    0 => Learning::AllLearners,
                    // A world without learners (Multi-Paxos) keeps the default.
                    1 => pick(rng, &learners).map_or(Learning::AllLearners, |learner| {
                        Learning::Distinguished { learner }
                    }),
                    _ => Learning::DistinguishedSet {
                        learners: learners.iter().copied().take(2).collect(),
                    },
                },
            }
        }
        _ => Op::SetLiveness {
            liveness: match rng.upto(2) {
                0 => Liveness::None,
                1 => Liveness::Distinguished {
                    proposer: pick(rng, &sim.config.proposers).expect("a proposer"),
                },
                _ => Liveness::RandomBackoff {
                    max_extra: 1 + rng.upto(20),
                },
            },
        },
    }
}

/// Five nodes that all propose, vote and learn, with retries, NACKs, random back-off, jitter and
/// loss: every source of randomness in the simulator is in use.
pub fn busy_world(seed: u64) -> Simulation {
    let all: Vec<NodeId> = (0..5).map(NodeId).collect();
    let config = Config {
        proposers: all.clone(),
        acceptors: all.clone(),
        learners: all,
        retry: true,
        nacks: true,
        timeout: 40,
        liveness: Liveness::RandomBackoff { max_extra: 30 },
        ..Config::default()
    };
    let net = NetConfig {
        latency: 10,
        jitter: 7,
        loss_percent: 15,
        seed,
    };
    Simulation::new(config, net)
}

/// A random Multi-Paxos world for `seed`: 3 or 5 acceptors; 2 or 3 proposers (leaders), among the
/// acceptors or beside them; every node, only the proposers or only the acceptors as replicas (a
/// leader that is no replica knows only what it got chosen itself); a window of 1 to 4;
/// NACKs or not; the bank or the key-value map; jitter and no loss.
pub fn multi_world(seed: u64, variants: &[Variant]) -> (Rng, Simulation) {
    let mut rng = Rng::new(seed);
    let n = if rng.percent(50) { 3 } else { 5 };
    let acceptors: Vec<NodeId> = (0..n).map(NodeId).collect();
    let count = 2 + rng.upto(1);
    let proposers: Vec<NodeId> = if rng.percent(50) {
        (0..count).map(NodeId).collect()
    } else {
        (n..n + count).map(NodeId).collect()
    };
    let mut replicas: Vec<NodeId> = match rng.upto(2) {
        0 => acceptors.iter().chain(&proposers).copied().collect(),
        1 => proposers.clone(),
        _ => acceptors.clone(),
    };
    replicas.sort();
    replicas.dedup();
    let config = Config {
        proposers,
        acceptors,
        nacks: rng.percent(50),
        variants: variants.iter().copied().collect(),
        multi: Some(Multi {
            replicas,
            window: 1 + rng.upto(3),
            machine: if rng.percent(70) {
                MachineKind::Bank
            } else {
                MachineKind::KeyValue
            },
            ..Multi::default()
        }),
        ..Config::default()
    };
    let net = NetConfig {
        latency: 10,
        jitter: rng.upto(8),
        loss_percent: 0,
        seed,
    };
    (rng, Simulation::new(config, net))
}

/// A command the run's state machine understands.
pub fn random_command(rng: &mut Rng, machine: MachineKind) -> Value {
    let text = match (machine, rng.upto(2)) {
        (MachineKind::Bank, 0) => format!("withdraw {}", 1 + rng.upto(40)),
        (MachineKind::Bank, _) => format!("deposit {}", 1 + rng.upto(40)),
        (MachineKind::KeyValue, 0) => format!("del k{}", rng.upto(3)),
        (MachineKind::KeyValue, _) => format!("set k{} {}", rng.upto(3), rng.upto(9)),
    };
    Value::from(text)
}

/// One random operation on a Multi-Paxos world: steps most often, then commands, deliveries,
/// network faults, leader changes, crashes and restarts, loss rates and NACKs.
pub fn random_multi_op(rng: &mut Rng, sim: &Simulation) -> Op {
    let nodes: Vec<NodeId> = sim.nodes.keys().copied().collect();
    let any_node = |rng: &mut Rng| pick(rng, &nodes).expect("nodes");
    let leader = |rng: &mut Rng| pick(rng, &sim.config.proposers).expect("a proposer");
    let machine = sim.config.multi.as_ref().expect("Multi-Paxos").machine;
    match rng.upto(99) {
        0..=54 => Op::Step,
        55..=65 => Op::Submit {
            node: leader(rng),
            command: random_command(rng, machine),
        },
        66..=69 => Op::Lead { node: leader(rng) },
        70..=77 => Op::Deliver {
            msg: random_msg(rng, sim, false),
        },
        78..=81 => Op::Drop {
            msg: random_msg(rng, sim, false),
        },
        82..=85 => Op::Duplicate {
            msg: random_msg(rng, sim, false),
        },
        86..=87 => Op::Hold {
            msg: random_msg(rng, sim, false),
        },
        88..=89 => Op::Release {
            msg: random_msg(rng, sim, true),
        },
        90..=92 => Op::Kill {
            node: any_node(rng),
        },
        93..=95 => Op::Restart {
            node: any_node(rng),
        },
        96..=97 => Op::SetLoss {
            percent: [0, 0, 10, 30][rng.upto(3) as usize],
        },
        _ => Op::Set {
            switch: Switch::Nacks,
            on: rng.percent(50),
        },
    }
}

/// Five nodes that all lead, vote and execute the bank's commands, with NACKs, jitter and loss.
pub fn busy_multi_world(seed: u64) -> Simulation {
    let all: Vec<NodeId> = (0..5).map(NodeId).collect();
    let config = Config {
        proposers: all.clone(),
        acceptors: all.clone(),
        nacks: true,
        multi: Some(Multi {
            replicas: all,
            window: 3,
            machine: MachineKind::Bank,
            ..Multi::default()
        }),
        ..Config::default()
    };
    let net = NetConfig {
        latency: 10,
        jitter: 7,
        loss_percent: 15,
        seed,
    };
    Simulation::new(config, net)
}
