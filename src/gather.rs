//! Collecting into a B-tree set or map by inserting one item at a time.
//!
//! `collect()` into a `BTreeSet` or `BTreeMap` first sorts the items with the standard
//! library's stable sort, whose code the compiler builds anew for every item type, which
//! weighs on the web page. [`Gather::gather`] inserts the items one by one instead, reusing
//! the `insert` that each set or map already has. The result is the same: a set of the items,
//! or a map in which a later value for an equal key replaces an earlier one.

/// [`Gather::gather`] for every iterator.
pub trait Gather: Iterator + Sized {
    /// The items, inserted one by one into a new, empty collection.
    fn gather<C: Default + Extend<Self::Item>>(self) -> C {
        let mut all = C::default();
        all.extend(self);
        all
    }
}

impl<I: Iterator> Gather for I {}

#[cfg(test)]
mod tests {
    use super::Gather;
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn same_as_collect() {
        let items = [3, 1, 2, 3, 1];
        let set: BTreeSet<i32> = items.iter().copied().gather();
        assert_eq!(set, items.iter().copied().collect::<BTreeSet<i32>>());
        let pairs = [(2, 'a'), (1, 'b'), (2, 'c')];
        let map: BTreeMap<i32, char> = pairs.iter().copied().gather();
        assert_eq!(map, pairs.iter().copied().collect::<BTreeMap<i32, char>>());
        assert_eq!(map[&2], 'c');
    }
}
