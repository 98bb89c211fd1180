//! Random clusters and random operations on the simulator, shared by the soak and determinism
//! tests and the benchmark (each includes this file with `#[path]`). Every random choice comes
//! from the one [`Rng`] passed in, so a seed fixes the whole run.

#![allow(dead_code)]

use paxos_lab::paxos::{Ballot, Config, Learning, Liveness, NodeId, Value, Variant};
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
            let value = Value(format!("v{}", rng.upto(4)));
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
                    1 => Learning::Distinguished {
                        learner: pick(rng, &learners).expect("a learner"),
                    },
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
