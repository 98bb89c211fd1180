//! Proposal numbers ("ballots") and the ids of nodes, values and proposals.
//!
//! Paxos needs a *total order* on proposals (the course notes: "必须为提议分配一个编号，在提议之间建立一个全序关系"),
//! so a ballot is an integer and is compared as an integer, never as a string: `Ballot(10) > Ballot(9)`.
//!
//! Two proposers must never issue the same number ("Paxos Made Simple", §2.5: "different
//! proposers choose their numbers from disjoint sets of numbers"). The default scheme gives each
//! proposer a disjoint set: with `k` proposers, the proposer at index `i` draws from
//! `{i+1, i+1+k, i+1+2k, …}`, e.g. `{1,4,7,…}` and `{2,5,8,…}` for `k = 3`, as the course notes do.
//!
//! Textbook examples also number proposals by hand ("User2 proposes with number 2"), so a
//! proposer may be given an explicit number, even one from another proposer's set, as long as
//! nobody has used it. The world keeps a register of the numbers used ([`Taken`]); an automatic
//! choice skips a number that someone else already took by hand, so in correct mode no two
//! proposers ever send `Prepare` with the same number. Every number, typed or automatic, lies
//! in `1..=`[`Ballot::MAX`].

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// A node of the cluster. One node may hold several roles, as every person does in the notes' examples.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(pub u32);

/// A proposal number. `Ballot(0)` means "none yet": real proposals are numbered from 1.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Ballot(pub u32);

/// A proposed value, such as `"1+1=3"` or `"郑州"`. Its text is shared, not copied: every
/// message, acceptor state and trace event that carries a value holds the same text.
#[derive(Clone, Debug, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Value(pub Arc<str>);

/// Two copies of one value share their text, so they are found equal without reading it.
impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl std::hash::Hash for Value {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl Ord for Value {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if Arc::ptr_eq(&self.0, &other.0) {
            std::cmp::Ordering::Equal
        } else {
            self.0.cmp(&other.0)
        }
    }
}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Value {
    /// The value's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A position in the replicated log: "the i-th state machine command is the value chosen by
/// the i-th instance of Paxos" (seed 004 §3.2). Slots are numbered from 1, as the notes number
/// commands ("1–134 are chosen"). Single-decree Paxos is the log of one slot, [`Slot::FIRST`],
/// and everything the single decree writes leaves the slot out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Slot(pub u32);

impl Slot {
    /// The first slot: the only one of single-decree Paxos.
    pub const FIRST: Slot = Slot(1);

    /// Whether this is the first slot, the single decree's (serde leaves it out then).
    pub fn is_first(&self) -> bool {
        *self == Slot::FIRST
    }

    /// The slot after this one.
    pub fn next(self) -> Slot {
        Slot(self.0.saturating_add(1))
    }
}

/// A slot left out of a message or a proposal is the first, the single decree's.
impl Default for Slot {
    fn default() -> Self {
        Slot::FIRST
    }
}

/// A proposal: a number and a value, written ⟨n, v⟩, for one slot of the log. Each slot is its
/// own instance of Paxos (seed 004 §3.2): proposals for two slots never compete.
#[derive(Clone, Debug, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// The proposal number.
    pub ballot: Ballot,
    /// The proposed value.
    pub value: Value,
    /// The slot it is for; left out in JSON when it is the first, so a single-decree proposal
    /// reads `{"ballot": 3, "value": "x"}`.
    #[serde(default, skip_serializing_if = "Slot::is_first")]
    pub slot: Slot,
}

/// The numbers first: they differ more often than the values, and cost less to compare.
impl PartialEq for Proposal {
    fn eq(&self, other: &Self) -> bool {
        self.ballot == other.ballot && self.slot == other.slot && self.value == other.value
    }
}

impl std::hash::Hash for Proposal {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.ballot, &self.value, self.slot).hash(state);
    }
}

/// By number, then slot, then value.
impl Ord for Proposal {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.ballot, self.slot)
            .cmp(&(other.ballot, other.slot))
            .then_with(|| self.value.cmp(&other.value))
    }
}

impl PartialOrd for Proposal {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Proposal {
    /// ⟨`ballot`, `value`⟩ for the first slot: a single-decree proposal.
    pub fn new(ballot: Ballot, value: Value) -> Proposal {
        Proposal {
            ballot,
            value,
            slot: Slot::FIRST,
        }
    }
}

impl Ballot {
    /// "No ballot yet": lower than every real proposal number.
    pub const NONE: Ballot = Ballot(0);

    /// The largest proposal number, for typed and automatic numbers alike.
    pub const MAX: Ballot = Ballot(1_000_000);

    /// The smallest number greater than `above` in the set of the proposer at `index` of `count`
    /// (the disjoint sets of "Paxos Made Simple", §2.5). With `shared` every proposer draws from
    /// the same sequence 1, 2, 3, …, which is half of the broken `reused-ballots` variant.
    pub fn next_for(index: usize, count: usize, above: Ballot, shared: bool) -> Ballot {
        if shared || count <= 1 {
            return Ballot(above.0.saturating_add(1));
        }
        let (first, step) = (index as u32 + 1, count as u32);
        if above.0 < first {
            return Ballot(first);
        }
        let rounds = (above.0 - first) / step + 1;
        Ballot(first.saturating_add(rounds.saturating_mul(step)))
    }

    /// Whether this is a real proposal number: `1..=MAX`.
    pub fn in_range(self) -> bool {
        self != Ballot::NONE && self <= Ballot::MAX
    }
}

/// The register of proposal numbers in use: who first sent a `Prepare` (or, under
/// `accept-first`, an `Accept`) with each number. A proposer consults it so that an automatic
/// number never collides with one another proposer took by hand.
pub type Taken = crate::sorted::VecMap<Ballot, NodeId>;

impl fmt::Display for Ballot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// `⟨n, v⟩`, or `⟨n, v⟩ in slot s` after the first slot.
impl fmt::Display for Proposal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "⟨{}, {}⟩", self.ballot, self.value)?;
        if !self.slot.is_first() {
            write!(f, " in slot {}", self.slot)?;
        }
        Ok(())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value(s.into())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value(s.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ballots_compare_as_integers_not_strings() {
        assert!(Ballot(10) > Ballot(9));
        assert!(Ballot(100) > Ballot(20));
    }

    #[test]
    fn disjoint_sets_follow_the_notes() {
        let set = |index| {
            let mut b = Ballot::NONE;
            (0..4)
                .map(|_| {
                    b = Ballot::next_for(index, 3, b, false);
                    b.0
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(set(0), [1, 4, 7, 10]);
        assert_eq!(set(1), [2, 5, 8, 11]);
        assert_eq!(set(2), [3, 6, 9, 12]);
        // A retry jumps above every number seen, staying in its own set.
        assert_eq!(Ballot::next_for(0, 3, Ballot(8), false), Ballot(10));
        assert_eq!(Ballot::next_for(1, 3, Ballot(8), false), Ballot(11));
        assert_eq!(Ballot::next_for(0, 2, Ballot(0), true), Ballot(1));
        assert_eq!(Ballot::next_for(1, 2, Ballot(0), true), Ballot(1));
    }
}
