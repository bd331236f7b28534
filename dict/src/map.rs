//! `CompactDict`: the ordered `Hash + Eq` map built on [`RawDict`].
//!
//! # Design
//!
//! `CompactDict<K, V, S>` is a [`RawDict`] plus a `BuildHasher`: every key operation hashes
//! with `S` and compares with `Eq` through `Borrow`, exactly like `std::collections::HashMap`.
//! All structure (order, holes, index widths, rebuilds) lives in the raw table, so the raw
//! API (`as_raw`, `as_raw_mut`) and this one always agree as long as raw insertions use
//! `self.hasher().hash_one(key)` as the hash.
//!
//! The default hasher is `std`'s `RandomState` (SipHash, resistant to hash flooding), the
//! same default as `HashMap` and `indexmap`. For speed with trusted keys use a faster
//! `BuildHasher` such as `foldhash::fast::RandomState`; the benchmarks in this crate give
//! every contender the same hasher.

use std::borrow::Borrow;
use std::collections::TryReserveError;
use std::collections::hash_map::RandomState;
use std::convert::Infallible;
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::mem;
use std::ops::Index;

use crate::entry::{Entry, RawEntry, VacantEntry};
use crate::index::Lookup;
use crate::iter::{Drain, IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut};
use crate::raw::{EntryIndex, RawDict, Stats};

fn never<T>(r: Result<T, Infallible>) -> T {
    match r {
        Ok(t) => t,
        Err(e) => match e {},
    }
}

/// An insertion-ordered hash map with a compact memory layout.
///
/// * **Order**: iteration follows insertion order. Re-inserting an existing key replaces
///   its value and keeps its position; [`move_to_end`](CompactDict::move_to_end) and
///   [`move_to_front`](CompactDict::move_to_front) reorder; removal keeps the order of the
///   remaining entries.
/// * **Complexity**: `insert`, `get`, `remove`, `pop_last`, `pop_first`, `move_to_end` and
///   `move_to_front` are O(1) expected (amortised where they may rebuild). Iteration is
///   O(len) (holes left by removals are compacted before they outnumber the entries).
///   Positional access ([`get_index`](CompactDict::get_index),
///   [`get_index_of`](CompactDict::get_index_of)) is O(1) while no entry has been removed
///   from the middle since the last rebuild, O(len / 64) otherwise;
///   [`compact`](CompactDict::compact) restores O(1).
/// * **Memory**: one dense bucket per entry (`8 + size_of::<K>() + size_of::<V>()` bytes,
///   padded; the 8 is the stored hash) plus, per index slot, one control byte and an entry
///   number of 1, 2, 4 or 8 bytes; the index has a power-of-two number of slots, at most
///   7/8 of them in use. See [`memory_usage`](CompactDict::memory_usage).
/// * **Invalidation**: iterators borrow the map, so the map cannot change under them.
///   Equality (`PartialEq`) ignores order, like `HashMap` and `IndexMap`.
/// * **Panics**: none, except [`Index`] on a missing key and capacity overflow in
///   `with_capacity`/`reserve` (both like `std`). Panics in user `Hash`, `Eq`, `Clone` or
///   `Drop` implementations propagate and leave the map consistent.
///
/// ```
/// use tern_dict::CompactDict;
///
/// let mut d = CompactDict::new();
/// d.insert("b", 2);
/// d.insert("a", 1);
/// d.insert("c", 3);
/// d.insert("b", 20); // existing key: value replaced, position kept
/// assert_eq!(d.keys().copied().collect::<Vec<_>>(), ["b", "a", "c"]);
///
/// d.remove("a");
/// d.move_to_end("b");
/// assert_eq!(d.iter().collect::<Vec<_>>(), [(&"c", &3), (&"b", &20)]);
/// assert_eq!(d.pop_last(), Some(("b", 20)));
/// assert_eq!(d["c"], 3);
/// ```
pub struct CompactDict<K, V, S = RandomState> {
    raw: RawDict<K, V>,
    hash_builder: S,
}

impl<K, V> CompactDict<K, V, RandomState> {
    /// An empty map; allocates nothing until the first insertion.
    pub fn new() -> Self {
        CompactDict::with_hasher(RandomState::new())
    }

    /// An empty map with room for `capacity` entries.
    ///
    /// # Panics
    /// If the capacity overflows (like `HashMap::with_capacity`).
    pub fn with_capacity(capacity: usize) -> Self {
        CompactDict::with_capacity_and_hasher(capacity, RandomState::new())
    }
}

impl<K, V, S> CompactDict<K, V, S> {
    /// An empty map using `hash_builder` to hash keys.
    pub const fn with_hasher(hash_builder: S) -> Self {
        CompactDict {
            raw: RawDict::new(),
            hash_builder,
        }
    }

    /// An empty map with room for `capacity` entries, using `hash_builder`.
    ///
    /// # Panics
    /// If the capacity overflows.
    pub fn with_capacity_and_hasher(capacity: usize, hash_builder: S) -> Self {
        CompactDict {
            raw: RawDict::with_capacity(capacity),
            hash_builder,
        }
    }

    /// Wraps a raw table whose hashes were made with `hash_builder`.
    pub fn from_raw_parts(raw: RawDict<K, V>, hash_builder: S) -> Self {
        CompactDict { raw, hash_builder }
    }

    /// Splits into the raw table and the hasher.
    pub fn into_raw_parts(self) -> (RawDict<K, V>, S) {
        (self.raw, self.hash_builder)
    }

    /// The raw table: stored hashes, entry indices, probes and cursors (see
    /// [`embed`](crate::embed)).
    pub fn as_raw(&self) -> &RawDict<K, V> {
        &self.raw
    }

    /// The raw table, mutably. Entries inserted through it must use
    /// `self.hasher().hash_one(&key)` as their hash, or key-based lookups will miss them.
    pub fn as_raw_mut(&mut self) -> &mut RawDict<K, V> {
        &mut self.raw
    }

    /// The map's hasher.
    pub fn hasher(&self) -> &S {
        &self.hash_builder
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// Entries the map can hold without allocating.
    pub fn capacity(&self) -> usize {
        self.raw.capacity()
    }

    /// Heap bytes owned by the map itself (index, entries array, hole bitmap); heap memory
    /// owned by keys and values is not included.
    ///
    /// ```
    /// use tern_dict::CompactDict;
    /// let d: CompactDict<u64, u64> = (0..100).map(|i| (i, i)).collect();
    /// // 24-byte buckets plus two bytes per index slot (control byte + u8 entry number).
    /// assert!(d.memory_usage() < 100 * 24 * 2 + 2 * 256);
    /// ```
    pub fn memory_usage(&self) -> usize {
        self.raw.memory_usage()
    }

    /// Shape of the table (index width and slots, holes, capacity, bytes).
    pub fn stats(&self) -> Stats {
        self.raw.stats()
    }

    /// Entries in order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        self.raw.iter()
    }

    /// Entries in order, with mutable values.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        self.raw.iter_mut()
    }

    /// Keys in order.
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys::new(self.raw.entries.iter())
    }

    /// Values in order.
    pub fn values(&self) -> Values<'_, K, V> {
        Values::new(self.raw.entries.iter())
    }

    /// Mutable values in order.
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut::new(self.raw.entries.iter_mut())
    }

    /// Consumes the map, yielding its keys in order.
    pub fn into_keys(self) -> IntoKeys<K, V> {
        IntoKeys::new(self.into_iter().into_inner())
    }

    /// Consumes the map, yielding its values in order.
    pub fn into_values(self) -> IntoValues<K, V> {
        IntoValues::new(self.into_iter().into_inner())
    }

    /// Removes all entries and yields them in order.
    pub fn drain(&mut self) -> Drain<'_, K, V> {
        self.raw.drain()
    }

    /// Keeps the entries for which `keep` returns `true`, in order. O(len).
    pub fn retain(&mut self, keep: impl FnMut(&K, &mut V) -> bool) {
        self.raw.retain(keep)
    }

    /// Removes all entries, keeping the allocation.
    pub fn clear(&mut self) {
        self.raw.clear()
    }

    /// First entry in order.
    pub fn first(&self) -> Option<(&K, &V)> {
        self.raw.first()
    }

    /// Last entry in order.
    pub fn last(&self) -> Option<(&K, &V)> {
        self.raw.last()
    }

    /// Removes and returns the first entry. O(1) amortised.
    pub fn pop_first(&mut self) -> Option<(K, V)> {
        self.raw.pop_first()
    }

    /// Removes and returns the last entry (Python's `popitem`). O(1) amortised.
    pub fn pop_last(&mut self) -> Option<(K, V)> {
        self.raw.pop_last()
    }

    /// The entry at logical position `index` (`0..len`).
    pub fn get_index(&self, index: usize) -> Option<(&K, &V)> {
        self.raw.entry_at(self.raw.nth(index)?)
    }

    /// The entry at logical position `index`, with a mutable value.
    pub fn get_index_mut(&mut self, index: usize) -> Option<(&K, &mut V)> {
        let at = self.raw.nth(index)?;
        self.raw.entry_at_mut(at)
    }

    /// Removes the entry at logical position `index`, keeping the order of the others.
    pub fn remove_index(&mut self, index: usize) -> Option<(K, V)> {
        let at = self.raw.nth(index)?;
        self.raw.remove_at(at)
    }

    /// Sorts the entries with `cmp(key_a, value_a, key_b, value_b)` (stable).
    pub fn sort_by(&mut self, cmp: impl FnMut(&K, &V, &K, &V) -> std::cmp::Ordering) {
        self.raw.sort_by(cmp)
    }

    /// Sorts the entries by key (stable).
    pub fn sort_keys(&mut self)
    where
        K: Ord,
    {
        self.raw.sort_by(|a, _, b, _| a.cmp(b))
    }

    /// Reverses the order of the entries.
    pub fn reverse(&mut self) {
        self.raw.reverse()
    }

    /// Squeezes out holes left by removals now (O(len)), making positional access O(1).
    pub fn compact(&mut self) {
        self.raw.compact()
    }

    /// Shrinks the allocations to fit the entries.
    pub fn shrink_to_fit(&mut self) {
        self.raw.shrink_to_fit()
    }

    /// Reserves room for `additional` more entries.
    ///
    /// # Panics
    /// If the capacity overflows; see [`CompactDict::try_reserve`].
    pub fn reserve(&mut self, additional: usize) {
        self.raw.reserve(additional)
    }

    /// Fallible [`CompactDict::reserve`].
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        self.raw.try_reserve(additional)
    }
}

impl<K, V, S> CompactDict<K, V, S>
where
    K: Hash + Eq,
    S: BuildHasher,
{
    /// The hash this map uses for `key`.
    #[inline]
    pub fn hash_of<Q: Hash + ?Sized>(&self, key: &Q) -> u64 {
        self.hash_builder.hash_one(key)
    }

    /// `(slot, entry)` of `key`.
    #[inline]
    fn find<Q>(&self, key: &Q) -> Option<(usize, usize)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.is_empty() {
            return None;
        }
        let hash = self.hash_builder.hash_one(key);
        never(self.raw.find_slot(hash, |k| Ok(k.borrow() == key)))
    }

    /// Inserts `key -> value`. If the key was present, its value is replaced (the stored
    /// key and the position are kept) and the old value returned; otherwise the entry is
    /// appended at the end.
    #[inline]
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let hash = self.hash_builder.hash_one(&key);
        match never(self.raw.lookup(hash, |k| Ok(*k == key))) {
            Lookup::Found { entry, .. } => self
                .raw
                .entries
                .get_mut(entry)
                .map(|(_, _, v)| mem::replace(v, value)),
            Lookup::Vacant { slot } => {
                self.raw.insert_absent(hash, key, value, slot);
                None
            }
        }
    }

    /// Like [`CompactDict::insert`], also returning the entry's logical position.
    pub fn insert_full(&mut self, key: K, value: V) -> (usize, Option<V>) {
        match self.entry(key) {
            Entry::Occupied(mut o) => {
                let old = o.insert(value);
                (o.position(), Some(old))
            }
            Entry::Vacant(v) => {
                let o = v.insert_entry(value);
                (o.position(), None)
            }
        }
    }

    /// The entry for `key`, for in-place insert-or-update.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        let hash = self.hash_builder.hash_one(&key);
        match never(self.raw.try_entry(hash, |k| Ok(*k == key))) {
            RawEntry::Occupied(o) => Entry::Occupied(o),
            RawEntry::Vacant(v) => Entry::Vacant(VacantEntry::new(v, key)),
        }
    }

    /// The value for `key`.
    #[inline]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.raw.is_empty() {
            return None;
        }
        let hash = self.hash_builder.hash_one(key);
        never(self.raw.find_kv(hash, |k| Ok(k.borrow() == key))).map(|(_, _, v)| v)
    }

    /// The stored key and value for `key`.
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (_, e) = self.find(key)?;
        self.raw.entries.get(e).map(|(_, k, v)| (k, v))
    }

    /// Logical position, stored key and value for `key`.
    pub fn get_full<Q>(&self, key: &Q) -> Option<(usize, &K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (_, e) = self.find(key)?;
        let (_, k, v) = self.raw.entries.get(e)?;
        Some((self.raw.entries.rank(e), k, v))
    }

    /// The value for `key`, mutably.
    #[inline]
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (_, e) = self.find(key)?;
        self.raw.entries.get_mut(e).map(|(_, _, v)| v)
    }

    /// Whether `key` is present.
    #[inline]
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(key).is_some()
    }

    /// Logical position (`0..len`) of `key`.
    pub fn get_index_of<Q>(&self, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (_, e) = self.find(key)?;
        Some(self.raw.entries.rank(e))
    }

    /// Removes `key`, keeping the order of the other entries; returns its value.
    /// O(1) amortised.
    #[inline]
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes `key`, keeping the order of the other entries; returns the stored key and
    /// value.
    #[inline]
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (slot, e) = self.find(key)?;
        self.raw.remove_found(slot, e)
    }

    /// Moves `key` to the end of the order. Returns whether it was present.
    pub fn move_to_end<Q>(&mut self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        match self.find(key) {
            Some((_, e)) => self.raw.move_to_end(EntryIndex(e)).is_some(),
            None => false,
        }
    }

    /// Moves `key` to the front of the order. Returns whether it was present.
    pub fn move_to_front<Q>(&mut self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        match self.find(key) {
            Some((_, e)) => self.raw.move_to_front(EntryIndex(e)).is_some(),
            None => false,
        }
    }
}

impl<K, V, S: Default> Default for CompactDict<K, V, S> {
    fn default() -> Self {
        CompactDict::with_hasher(S::default())
    }
}

impl<K: Clone, V: Clone, S: Clone> Clone for CompactDict<K, V, S> {
    fn clone(&self) -> Self {
        CompactDict {
            raw: self.raw.clone(),
            hash_builder: self.hash_builder.clone(),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug, S> fmt::Debug for CompactDict<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Maps are equal when they hold the same key-value pairs, in any order (like `HashMap`
/// and `IndexMap`); compare `a.iter().eq(b.iter())` for order-sensitive equality.
impl<K, V, S1, S2> PartialEq<CompactDict<K, V, S2>> for CompactDict<K, V, S1>
where
    K: Hash + Eq,
    V: PartialEq,
    S1: BuildHasher,
    S2: BuildHasher,
{
    fn eq(&self, other: &CompactDict<K, V, S2>) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Hash + Eq, V: Eq, S: BuildHasher> Eq for CompactDict<K, V, S> {}

impl<K, Q, V, S> Index<&Q> for CompactDict<K, V, S>
where
    K: Hash + Eq + Borrow<Q>,
    Q: Hash + Eq + ?Sized,
    S: BuildHasher,
{
    type Output = V;

    /// # Panics
    /// If `key` is not present (like `HashMap`).
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("CompactDict: key not found")
    }
}

impl<K: Hash + Eq, V, S: BuildHasher> Extend<(K, V)> for CompactDict<K, V, S> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        // Like `HashMap`: trust the hint fully when empty, half of it otherwise (duplicates).
        let hint = iter.size_hint().0;
        self.reserve(if self.is_empty() {
            hint
        } else {
            hint.div_ceil(2)
        });
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<'a, K, V, S> Extend<(&'a K, &'a V)> for CompactDict<K, V, S>
where
    K: Hash + Eq + Copy,
    V: Copy,
    S: BuildHasher,
{
    fn extend<I: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, iter: I) {
        self.extend(iter.into_iter().map(|(k, v)| (*k, *v)));
    }
}

impl<K: Hash + Eq, V, S: BuildHasher + Default> FromIterator<(K, V)> for CompactDict<K, V, S> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut d = CompactDict::default();
        d.extend(iter);
        d
    }
}

impl<K: Hash + Eq, V, const N: usize> From<[(K, V); N]> for CompactDict<K, V, RandomState> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K, V, S> IntoIterator for CompactDict<K, V, S> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    fn into_iter(self) -> IntoIter<K, V> {
        self.raw.into_iter()
    }
}

impl<'a, K, V, S> IntoIterator for &'a CompactDict<K, V, S> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V, S> IntoIterator for &'a mut CompactDict<K, V, S> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}
