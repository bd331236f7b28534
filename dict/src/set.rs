//! `CompactSet`: an insertion-ordered hash set on the same core as `CompactDict`.
//!
//! # Design
//!
//! A `CompactSet<T, S>` is a `CompactDict<T, (), S>`: buckets are `(hash, T)` (the unit value
//! takes no space), so a set of pointers costs 16 bytes per element plus the index. Set
//! algebra is lazy and ordered: `a.union(&b)` yields `a` in order then the elements of `b`
//! missing from `a`; `intersection`, `difference` and `symmetric_difference` yield in the
//! order of the set they iterate, each element costing one hashed lookup in the other set.
//!
//! A runtime that needs set algebra under fallible equality combines
//! [`RawDict::iter_hashed`](crate::RawDict::iter_hashed) (stored hashes, no rehashing) with
//! [`RawDict::try_find`](crate::RawDict::try_find) on [`CompactSet::as_raw`].

use std::borrow::Borrow;
use std::collections::TryReserveError;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::iter::{Chain, FusedIterator};
use std::mem;
use std::ops::{BitAnd, BitOr, BitXor, Sub};

use crate::iter::{Drain, IntoKeys, Keys};
use crate::map::CompactDict;
use crate::raw::{RawDict, Stats};

/// An insertion-ordered hash set with a compact memory layout.
///
/// Same guarantees as [`CompactDict`] (order, complexity, memory, no panics); elements are
/// kept in insertion order and [`move_to_end`](CompactSet::move_to_end),
/// [`pop_last`](CompactSet::pop_last) and friends work as on the map.
///
/// ```
/// use tern_dict::CompactSet;
///
/// let a: CompactSet<i32> = [3, 1, 4, 5].into_iter().collect();
/// let b: CompactSet<i32> = [5, 9, 3].into_iter().collect();
/// assert_eq!(a.intersection(&b).copied().collect::<Vec<_>>(), [3, 5]);
/// assert_eq!(a.union(&b).copied().collect::<Vec<_>>(), [3, 1, 4, 5, 9]);
/// assert_eq!((&a - &b).into_iter().collect::<Vec<_>>(), [1, 4]);
/// ```
pub struct CompactSet<T, S = RandomState> {
    map: CompactDict<T, (), S>,
}

impl<T> CompactSet<T, RandomState> {
    /// An empty set; allocates nothing until the first insertion.
    pub fn new() -> Self {
        CompactSet {
            map: CompactDict::new(),
        }
    }

    /// An empty set with room for `capacity` elements.
    ///
    /// # Panics
    /// If the capacity overflows.
    pub fn with_capacity(capacity: usize) -> Self {
        CompactSet {
            map: CompactDict::with_capacity(capacity),
        }
    }
}

impl<T, S> CompactSet<T, S> {
    /// An empty set using `hash_builder`.
    pub const fn with_hasher(hash_builder: S) -> Self {
        CompactSet {
            map: CompactDict::with_hasher(hash_builder),
        }
    }

    /// An empty set with room for `capacity` elements, using `hash_builder`.
    ///
    /// # Panics
    /// If the capacity overflows.
    pub fn with_capacity_and_hasher(capacity: usize, hash_builder: S) -> Self {
        CompactSet {
            map: CompactDict::with_capacity_and_hasher(capacity, hash_builder),
        }
    }

    /// The raw table (values are `()`): stored hashes, probes and cursors.
    pub fn as_raw(&self) -> &RawDict<T, ()> {
        self.map.as_raw()
    }

    /// The raw table, mutably; insertions must hash with `self.hasher()`.
    pub fn as_raw_mut(&mut self) -> &mut RawDict<T, ()> {
        self.map.as_raw_mut()
    }

    /// The set's hasher.
    pub fn hasher(&self) -> &S {
        self.map.hasher()
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Elements the set can hold without allocating.
    pub fn capacity(&self) -> usize {
        self.map.capacity()
    }

    /// Heap bytes owned by the set itself.
    pub fn memory_usage(&self) -> usize {
        self.map.memory_usage()
    }

    /// Shape of the table.
    pub fn stats(&self) -> Stats {
        self.map.stats()
    }

    /// Elements in order.
    pub fn iter(&self) -> SetIter<'_, T> {
        SetIter {
            inner: self.map.keys(),
        }
    }

    /// Removes all elements and yields them in order.
    pub fn drain(&mut self) -> SetDrain<'_, T> {
        SetDrain {
            inner: self.map.drain(),
        }
    }

    /// Keeps the elements for which `keep` returns `true`, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.map.retain(|k, _| keep(k))
    }

    /// Removes all elements, keeping the allocation.
    pub fn clear(&mut self) {
        self.map.clear()
    }

    /// First element in order.
    pub fn first(&self) -> Option<&T> {
        self.map.first().map(|(k, _)| k)
    }

    /// Last element in order.
    pub fn last(&self) -> Option<&T> {
        self.map.last().map(|(k, _)| k)
    }

    /// Removes and returns the first element. O(1) amortised.
    pub fn pop_first(&mut self) -> Option<T> {
        self.map.pop_first().map(|(k, _)| k)
    }

    /// Removes and returns the last element (Python's `set.pop`). O(1) amortised.
    pub fn pop_last(&mut self) -> Option<T> {
        self.map.pop_last().map(|(k, _)| k)
    }

    /// The element at logical position `index`.
    pub fn get_index(&self, index: usize) -> Option<&T> {
        self.map.get_index(index).map(|(k, _)| k)
    }

    /// Sorts the elements with `cmp` (stable).
    pub fn sort_by(&mut self, mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering) {
        self.map.sort_by(|a, _, b, _| cmp(a, b))
    }

    /// Sorts the elements (stable).
    pub fn sort(&mut self)
    where
        T: Ord,
    {
        self.map.sort_keys()
    }

    /// Reverses the order.
    pub fn reverse(&mut self) {
        self.map.reverse()
    }

    /// Squeezes out holes left by removals now.
    pub fn compact(&mut self) {
        self.map.compact()
    }

    /// Shrinks the allocations to fit.
    pub fn shrink_to_fit(&mut self) {
        self.map.shrink_to_fit()
    }

    /// Reserves room for `additional` more elements.
    ///
    /// # Panics
    /// If the capacity overflows; see [`CompactSet::try_reserve`].
    pub fn reserve(&mut self, additional: usize) {
        self.map.reserve(additional)
    }

    /// Fallible [`CompactSet::reserve`].
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        self.map.try_reserve(additional)
    }
}

impl<T: Hash + Eq, S: BuildHasher> CompactSet<T, S> {
    /// Adds `value` at the end if absent. Returns whether it was added (an equal element
    /// already present is kept, as is its position).
    #[inline]
    pub fn insert(&mut self, value: T) -> bool {
        self.map.insert(value, ()).is_none()
    }

    /// Adds `value`, replacing an equal element (which keeps its position); returns the
    /// replaced element.
    pub fn replace(&mut self, value: T) -> Option<T> {
        let hash = self.map.hash_of(&value);
        let raw = self.map.as_raw_mut();
        match raw.find(hash, |k| *k == value) {
            // Same hash and equal: swapping the key keeps every invariant.
            Some(at) => raw
                .keys_values_mut_at(at)
                .map(|(k, _)| mem::replace(k, value)),
            None => {
                raw.insert_unique(hash, value, ());
                None
            }
        }
    }

    /// Whether `value` is present.
    #[inline]
    pub fn contains<Q>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.contains_key(value)
    }

    /// The stored element equal to `value`.
    pub fn get<Q>(&self, value: &Q) -> Option<&T>
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get_key_value(value).map(|(k, _)| k)
    }

    /// Logical position of `value`.
    pub fn get_index_of<Q>(&self, value: &Q) -> Option<usize>
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get_index_of(value)
    }

    /// Removes `value` (order of the others kept). Returns whether it was present.
    #[inline]
    pub fn remove<Q>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.remove(value).is_some()
    }

    /// Removes and returns the stored element equal to `value`.
    pub fn take<Q>(&mut self, value: &Q) -> Option<T>
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.remove_entry(value).map(|(k, _)| k)
    }

    /// Moves `value` to the end of the order. Returns whether it was present.
    pub fn move_to_end<Q>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.move_to_end(value)
    }

    /// Moves `value` to the front of the order. Returns whether it was present.
    pub fn move_to_front<Q>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.move_to_front(value)
    }

    /// Elements of `self` in order, then elements of `other` not in `self`.
    pub fn union<'a, S2: BuildHasher>(&'a self, other: &'a CompactSet<T, S2>) -> Union<'a, T, S> {
        Union {
            inner: self.iter().chain(Difference {
                iter: other.iter(),
                other: self,
            }),
        }
    }

    /// Elements of `self` that are also in `other`, in the order of `self`.
    pub fn intersection<'a, S2: BuildHasher>(
        &'a self,
        other: &'a CompactSet<T, S2>,
    ) -> Intersection<'a, T, S2> {
        Intersection {
            iter: self.iter(),
            other,
        }
    }

    /// Elements of `self` not in `other`, in the order of `self`.
    pub fn difference<'a, S2: BuildHasher>(
        &'a self,
        other: &'a CompactSet<T, S2>,
    ) -> Difference<'a, T, S2> {
        Difference {
            iter: self.iter(),
            other,
        }
    }

    /// Elements of `self` not in `other`, then elements of `other` not in `self`.
    pub fn symmetric_difference<'a, S2: BuildHasher>(
        &'a self,
        other: &'a CompactSet<T, S2>,
    ) -> SymmetricDifference<'a, T, S, S2> {
        SymmetricDifference {
            inner: self.difference(other).chain(Difference {
                iter: other.iter(),
                other: self,
            }),
        }
    }

    /// Whether no element is in both sets.
    pub fn is_disjoint<S2: BuildHasher>(&self, other: &CompactSet<T, S2>) -> bool {
        if self.len() <= other.len() {
            self.iter().all(|x| !other.contains(x))
        } else {
            other.iter().all(|x| !self.contains(x))
        }
    }

    /// Whether every element of `self` is in `other`.
    pub fn is_subset<S2: BuildHasher>(&self, other: &CompactSet<T, S2>) -> bool {
        self.len() <= other.len() && self.iter().all(|x| other.contains(x))
    }

    /// Whether every element of `other` is in `self`.
    pub fn is_superset<S2: BuildHasher>(&self, other: &CompactSet<T, S2>) -> bool {
        other.is_subset(self)
    }
}

impl<T, V> RawDict<T, V> {
    /// Mutable key and value at `at` (crate-internal: keys may only be replaced by equal
    /// keys with the same hash).
    pub(crate) fn keys_values_mut_at(
        &mut self,
        at: crate::raw::EntryIndex,
    ) -> Option<(&mut T, &mut V)> {
        self.entries.get_mut(at.get()).map(|(_, k, v)| (k, v))
    }
}

impl<T, S: Default> Default for CompactSet<T, S> {
    fn default() -> Self {
        CompactSet::with_hasher(S::default())
    }
}

impl<T: Clone, S: Clone> Clone for CompactSet<T, S> {
    fn clone(&self) -> Self {
        CompactSet {
            map: self.map.clone(),
        }
    }
}

impl<T: fmt::Debug, S> fmt::Debug for CompactSet<T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// Sets are equal when they hold the same elements, in any order.
impl<T, S1, S2> PartialEq<CompactSet<T, S2>> for CompactSet<T, S1>
where
    T: Hash + Eq,
    S1: BuildHasher,
    S2: BuildHasher,
{
    fn eq(&self, other: &CompactSet<T, S2>) -> bool {
        self.len() == other.len() && self.is_subset(other)
    }
}

impl<T: Hash + Eq, S: BuildHasher> Eq for CompactSet<T, S> {}

impl<T: Hash + Eq, S: BuildHasher> Extend<T> for CompactSet<T, S> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.map.extend(iter.into_iter().map(|x| (x, ())));
    }
}

impl<'a, T: Hash + Eq + Copy + 'a, S: BuildHasher> Extend<&'a T> for CompactSet<T, S> {
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, iter: I) {
        self.extend(iter.into_iter().copied());
    }
}

impl<T: Hash + Eq, S: BuildHasher + Default> FromIterator<T> for CompactSet<T, S> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut s = CompactSet::default();
        s.extend(iter);
        s
    }
}

impl<T: Hash + Eq, const N: usize> From<[T; N]> for CompactSet<T, RandomState> {
    fn from(items: [T; N]) -> Self {
        items.into_iter().collect()
    }
}

impl<T, S> IntoIterator for CompactSet<T, S> {
    type Item = T;
    type IntoIter = SetIntoIter<T>;

    fn into_iter(self) -> SetIntoIter<T> {
        SetIntoIter {
            inner: self.map.into_keys(),
        }
    }
}

impl<'a, T, S> IntoIterator for &'a CompactSet<T, S> {
    type Item = &'a T;
    type IntoIter = SetIter<'a, T>;

    fn into_iter(self) -> SetIter<'a, T> {
        self.iter()
    }
}

macro_rules! set_operator {
    ($trait:ident, $method:ident, $op:ident, $doc:literal) => {
        #[doc = $doc]
        impl<T, S> $trait<&CompactSet<T, S>> for &CompactSet<T, S>
        where
            T: Hash + Eq + Clone,
            S: BuildHasher + Default,
        {
            type Output = CompactSet<T, S>;

            fn $method(self, other: &CompactSet<T, S>) -> CompactSet<T, S> {
                self.$op(other).cloned().collect()
            }
        }
    };
}

set_operator!(
    BitOr,
    bitor,
    union,
    "`&a | &b`: the union, as a new set (order of `union`)."
);
set_operator!(
    BitAnd,
    bitand,
    intersection,
    "`&a & &b`: the intersection, as a new set (order of `a`)."
);
set_operator!(
    Sub,
    sub,
    difference,
    "`&a - &b`: the difference, as a new set (order of `a`)."
);
set_operator!(
    BitXor,
    bitxor,
    symmetric_difference,
    "`&a ^ &b`: the symmetric difference, as a new set."
);

/// Elements of a [`CompactSet`] in order.
pub struct SetIter<'a, T> {
    inner: Keys<'a, T, ()>,
}

impl<T> Clone for SetIter<'_, T> {
    fn clone(&self) -> Self {
        SetIter {
            inner: self.inner.clone(),
        }
    }
}

impl<'a, T> Iterator for SetIter<'a, T> {
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        self.inner.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> DoubleEndedIterator for SetIter<'_, T> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back()
    }
}

impl<T> ExactSizeIterator for SetIter<'_, T> {}
impl<T> FusedIterator for SetIter<'_, T> {}

impl<T: fmt::Debug> fmt::Debug for SetIter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// Owning iterator over the elements of a [`CompactSet`] in order.
pub struct SetIntoIter<T> {
    inner: IntoKeys<T, ()>,
}

impl<T> Iterator for SetIntoIter<T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.inner.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> DoubleEndedIterator for SetIntoIter<T> {
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        self.inner.next_back()
    }
}

impl<T> ExactSizeIterator for SetIntoIter<T> {}
impl<T> FusedIterator for SetIntoIter<T> {}

impl<T> fmt::Debug for SetIntoIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetIntoIter")
            .field("remaining", &self.len())
            .finish()
    }
}

/// Draining iterator of a [`CompactSet`].
pub struct SetDrain<'a, T> {
    inner: Drain<'a, T, ()>,
}

impl<T> Iterator for SetDrain<'_, T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.inner.next().map(|(k, _)| k)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> DoubleEndedIterator for SetDrain<'_, T> {
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        self.inner.next_back().map(|(k, _)| k)
    }
}

impl<T> ExactSizeIterator for SetDrain<'_, T> {}
impl<T> FusedIterator for SetDrain<'_, T> {}

impl<T> fmt::Debug for SetDrain<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetDrain")
            .field("remaining", &self.len())
            .finish()
    }
}

/// Lazy intersection (see [`CompactSet::intersection`]).
pub struct Intersection<'a, T, S> {
    iter: SetIter<'a, T>,
    other: &'a CompactSet<T, S>,
}

impl<'a, T: Hash + Eq, S: BuildHasher> Iterator for Intersection<'a, T, S> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        let other = self.other;
        self.iter.by_ref().find(|x| other.contains(*x))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.iter.len().min(self.other.len())))
    }
}

impl<T: Hash + Eq, S: BuildHasher> FusedIterator for Intersection<'_, T, S> {}

impl<T, S> Clone for Intersection<'_, T, S> {
    fn clone(&self) -> Self {
        Intersection {
            iter: self.iter.clone(),
            other: self.other,
        }
    }
}

impl<T: fmt::Debug + Hash + Eq, S: BuildHasher> fmt::Debug for Intersection<'_, T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// Lazy difference (see [`CompactSet::difference`]).
pub struct Difference<'a, T, S> {
    iter: SetIter<'a, T>,
    other: &'a CompactSet<T, S>,
}

impl<'a, T: Hash + Eq, S: BuildHasher> Iterator for Difference<'a, T, S> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        let other = self.other;
        self.iter.by_ref().find(|x| !other.contains(*x))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (
            self.iter.len().saturating_sub(self.other.len()),
            Some(self.iter.len()),
        )
    }
}

impl<T: Hash + Eq, S: BuildHasher> FusedIterator for Difference<'_, T, S> {}

impl<T, S> Clone for Difference<'_, T, S> {
    fn clone(&self) -> Self {
        Difference {
            iter: self.iter.clone(),
            other: self.other,
        }
    }
}

impl<T: fmt::Debug + Hash + Eq, S: BuildHasher> fmt::Debug for Difference<'_, T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// Lazy union (see [`CompactSet::union`]).
pub struct Union<'a, T, S> {
    inner: Chain<SetIter<'a, T>, Difference<'a, T, S>>,
}

impl<'a, T: Hash + Eq, S: BuildHasher> Iterator for Union<'a, T, S> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T: Hash + Eq, S: BuildHasher> FusedIterator for Union<'_, T, S> {}

impl<T, S> Clone for Union<'_, T, S> {
    fn clone(&self) -> Self {
        Union {
            inner: self.inner.clone(),
        }
    }
}

impl<T: fmt::Debug + Hash + Eq, S: BuildHasher> fmt::Debug for Union<'_, T, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// Lazy symmetric difference (see [`CompactSet::symmetric_difference`]).
pub struct SymmetricDifference<'a, T, S1, S2> {
    inner: Chain<Difference<'a, T, S2>, Difference<'a, T, S1>>,
}

impl<'a, T: Hash + Eq, S1: BuildHasher, S2: BuildHasher> Iterator
    for SymmetricDifference<'a, T, S1, S2>
{
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        self.inner.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T: Hash + Eq, S1: BuildHasher, S2: BuildHasher> FusedIterator
    for SymmetricDifference<'_, T, S1, S2>
{
}

impl<T, S1, S2> Clone for SymmetricDifference<'_, T, S1, S2> {
    fn clone(&self) -> Self {
        SymmetricDifference {
            inner: self.inner.clone(),
        }
    }
}

impl<T: fmt::Debug + Hash + Eq, S1: BuildHasher, S2: BuildHasher> fmt::Debug
    for SymmetricDifference<'_, T, S1, S2>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}
