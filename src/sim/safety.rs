//! The safety checker: the invariants of Paxos as plain functions.
//!
//! The simulator runs them after every event, the model checker in every reachable state, and
//! the page's banner shows their verdict: one set of functions, so the three can never disagree.
//!
//! * **Agreement**: no two different values are ever chosen, by any proposer or learner.
//! * **Validity**: a chosen value is a value that was proposed.
//! * **Accepted within promise**: an acceptor's accepted number is never above its promise.
//! * **Promises never decrease**, across restarts too (stable storage).

use crate::paxos::{Ballot, DecidedAs, Node, NodeId, Value};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A node's belief that a value was chosen. Kept forever, even if the node later crashes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Decision {
    /// Who decided.
    pub node: NodeId,
    /// What.
    pub value: Value,
    /// In which role.
    pub role: DecidedAs,
}

/// A broken invariant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "invariant", rename_all = "kebab-case")]
pub enum Violation {
    /// Two different values were chosen.
    Agreement {
        /// The first decision.
        first: Decision,
        /// A later, different one.
        second: Decision,
    },
    /// A value was chosen that nobody proposed.
    Validity {
        /// The decision.
        decision: Decision,
    },
    /// An acceptor accepted a number above its promise.
    AcceptedAbovePromise {
        /// The acceptor.
        node: NodeId,
        /// Its accepted number.
        accepted: Ballot,
        /// Its promise.
        promised: Ballot,
    },
    /// An acceptor's promise went down.
    PromiseDecreased {
        /// The acceptor.
        node: NodeId,
        /// The highest promise it made before.
        before: Ballot,
        /// Its promise now.
        now: Ballot,
    },
}

/// Agreement: every decision names the same value.
pub fn agreement(decisions: &[Decision]) -> Result<(), Violation> {
    let Some(first) = decisions.first() else {
        return Ok(());
    };
    match decisions.iter().find(|d| d.value != first.value) {
        Some(second) => Err(Violation::Agreement {
            first: first.clone(),
            second: second.clone(),
        }),
        None => Ok(()),
    }
}

/// Validity: every decided value was proposed.
pub fn validity(decisions: &[Decision], proposed: &BTreeSet<Value>) -> Result<(), Violation> {
    match decisions.iter().find(|d| !proposed.contains(&d.value)) {
        Some(d) => Err(Violation::Validity {
            decision: d.clone(),
        }),
        None => Ok(()),
    }
}

/// Every acceptor's accepted number is at most its promise.
pub fn accepted_within_promise(node: &Node) -> Result<(), Violation> {
    match &node.acceptor.accepted {
        Some(p) if p.ballot > node.acceptor.promised => Err(Violation::AcceptedAbovePromise {
            node: node.id,
            accepted: p.ballot,
            promised: node.acceptor.promised,
        }),
        _ => Ok(()),
    }
}

/// A promise never decreases: `highest` is the highest promise the acceptor ever made.
pub fn promise_monotone(node: &Node, highest: Ballot) -> Result<(), Violation> {
    if node.acceptor.promised < highest {
        Err(Violation::PromiseDecreased {
            node: node.id,
            before: highest,
            now: node.acceptor.promised,
        })
    } else {
        Ok(())
    }
}

/// Every invariant at once, in a fixed order.
pub fn check<'a>(
    nodes: impl IntoIterator<Item = &'a Node>,
    highest_promises: &BTreeMap<NodeId, Ballot>,
    decisions: &[Decision],
    proposed: &BTreeSet<Value>,
) -> Result<(), Violation> {
    agreement(decisions)?;
    validity(decisions, proposed)?;
    for node in nodes {
        accepted_within_promise(node)?;
        let highest = highest_promises
            .get(&node.id)
            .copied()
            .unwrap_or(Ballot::NONE);
        promise_monotone(node, highest)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::Proposal;

    fn decision(node: u32, value: &str) -> Decision {
        Decision {
            node: NodeId(node),
            value: value.into(),
            role: DecidedAs::Learner,
        }
    }

    #[test]
    fn agreement_catches_two_values() {
        assert!(agreement(&[decision(0, "a"), decision(1, "a")]).is_ok());
        let err = agreement(&[decision(0, "a"), decision(1, "a"), decision(2, "b")]).unwrap_err();
        assert_eq!(
            err,
            Violation::Agreement {
                first: decision(0, "a"),
                second: decision(2, "b")
            }
        );
    }

    #[test]
    fn validity_catches_an_invented_value() {
        let proposed: BTreeSet<Value> = [Value::from("a")].into();
        assert!(validity(&[decision(0, "a")], &proposed).is_ok());
        assert!(validity(&[decision(0, "z")], &proposed).is_err());
    }

    #[test]
    fn acceptor_invariants() {
        let mut n = Node::new(NodeId(3));
        n.acceptor.promised = Ballot(2);
        n.acceptor.accepted = Some(Proposal {
            ballot: Ballot(2),
            value: "x".into(),
        });
        assert!(accepted_within_promise(&n).is_ok());
        assert!(promise_monotone(&n, Ballot(2)).is_ok());
        assert!(promise_monotone(&n, Ballot(5)).is_err());
        n.acceptor.promised = Ballot(1);
        assert!(accepted_within_promise(&n).is_err());
    }
}
