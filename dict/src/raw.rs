//! `RawDict`: the hasher-less core table, driven by precomputed hashes and equality callbacks.
//!
//! # Design
//!
//! A `RawDict<K, V>` is the pair of arrays of the compact dict design (PyPy 2015, CPython 3.6):
//!
//! * a dense, insertion-ordered array of entries `(hash, key, value)` (`entries.rs`), in which
//!   a removal leaves a *hole*, so removal is O(1) and keeps the order of everything else;
//! * a sparse index of control bytes plus `u8`/`u16`/`u32`/`u64` entry numbers pointing into
//!   it (`index.rs`), at most 7/8 full (live slots plus tombstones).
//!
//! The table never hashes anything itself: every operation takes the key's hash, and lookups
//! take an equality callback. That is what a language runtime needs (its keys hash and
//! compare by running user code that may fail), and [`CompactDict`](crate::CompactDict)
//! builds the ordinary `Hash + Eq` API on top with a `BuildHasher`.
//!
//! # Reorganisation policy
//!
//! Two ways to reclaim the holes left by removals:
//!
//! * *compaction in place* moves the live entries down (one `memmove` when all holes lead,
//!   as with queues and LRU caches) and renumbers the index in one linear pass — no hashing,
//!   no probing;
//! * a *rebuild* also re-creates the index from the stored hashes (no key is rehashed or
//!   compared), possibly larger, and drops its tombstones.
//!
//! They happen when an insertion finds the entries array at the index's usable size (or
//! live slots plus tombstones there), and when a removal leaves more holes than live entries
//! (and at least 8: holes *dominate*, iteration would cost more than O(len)). Compaction is
//! chosen when it leaves at least `live / 4` free positions; otherwise the index grows so
//! that it does. Either way the next reorganisation is at least `live / 4` insertions (or
//! `live / 2` removals) away, so its O(len) cost is amortised O(1) per operation, whatever
//! the mix of insertions and removals — the insert-one/remove-one pattern that made PyPy's
//! first version of this design rebuild every few operations is exactly this case.
//!
//! Capacity is never given back implicitly: only `shrink_to_fit` shrinks the arrays.
//!
//! # Invariants (on top of E1-E4 in `entries.rs` and I1-I5 in `index.rs`)
//!
//! * R1. Every live entry is referenced by exactly one live index slot, reached by probing
//!   its stored hash, and every live slot references a live entry. This is a *safety*
//!   invariant: the lookup paths read the entry a slot names without consulting the hole
//!   bitmap (`Entries::matching_*`). Every operation that turns an entry into a hole or moves
//!   it fixes the index before any user code can observe the table (`remove_found`,
//!   `move_*`, `compact_in_place`, `rebuild`; `retain` and `sort_by` rebuild in a drop
//!   guard, and the table is mutably borrowed while their callbacks run; `clear` and `drain`
//!   empty the index first). `check_invariants` verifies R1 and the model tests call it
//!   after every step.
//! * R2. `index_tombstones` is the number of tombstone slots; `entries.len() <= usable` and
//!   `live + index_tombstones <= usable`, where `usable` is 7/8 of the slot count.
//! * R3. `version` changes on every structural mutation: whenever the set of keys, the order
//!   of the entries or any entry position changes. Value updates and GC tracing do not
//!   change it.
//!
//! # Guarantees
//!
//! No public method panics for any input except where documented (capacity overflow in
//! `with_capacity`/`reserve`, like `Vec`); a callback that fails, panics or returns
//! inconsistent answers can make lookups miss, but never causes undefined behaviour, a hang
//! or a lost entry: the table is only modified after the callbacks of an operation ran.

use std::collections::TryReserveError;
use std::convert::Infallible;
use std::fmt;
use std::mem;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::entries::Entries;
use crate::entry::{OccupiedEntry, RawEntry, RawVacantEntry};
use crate::index::{Index, IndexWidth, Lookup, MAX_LOG2, log2_for};
use crate::iter::{Drain, HashedIter, IntoIter, Iter, IterMut};

/// Source of table identities (see [`RawDict::version`]).
static NEXT_TABLE_ID: AtomicU32 = AtomicU32::new(1);

/// Rebuild on removal only once at least this many holes exist (and they outnumber the
/// live entries): tiny tables are rebuilt by the next insertion anyway.
const MIN_HOLES_FOR_COMPACTION: usize = 8;

/// Position of an entry in the dense entries array, holes included.
///
/// Entry indices are stable until the next structural mutation (see
/// [`RawDict::version`]); they are *not* the logical position `0..len` (use
/// [`RawDict::position_of`] and [`RawDict::nth`] for that).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryIndex(pub(crate) usize);

impl EntryIndex {
    /// Wraps a raw position.
    pub const fn new(index: usize) -> EntryIndex {
        EntryIndex(index)
    }

    /// The raw position.
    pub const fn get(self) -> usize {
        self.0
    }
}

/// A value that changes on every structural mutation of one dict (see [`RawDict::version`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Version(pub(crate) u64);

/// A snapshot of a table's shape, for tests, tuning and memory reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Live entries.
    pub len: usize,
    /// Holes (removed entries not yet compacted) in the entries array.
    pub holes: usize,
    /// Allocated entry buckets.
    pub entries_capacity: usize,
    /// Slots of the sparse index (a power of two, or 0 before the first insertion).
    pub index_slots: usize,
    /// Width of the index slots (`None` before the first insertion).
    pub index_width: Option<IndexWidth>,
    /// Tombstone slots in the index.
    pub index_tombstones: usize,
    /// Entries the index can reference before it must be rebuilt.
    pub usable: usize,
    /// Heap bytes owned by the table (see [`RawDict::memory_usage`]).
    pub heap_bytes: usize,
}

/// The hasher-less compact ordered table: lookups take a precomputed hash and an equality
/// callback.
///
/// This is the type a language runtime embeds (its own hash and equality may fail: see the
/// `try_*` methods and the step-wise protocol in [`embed`](crate::embed)); Rust code usually
/// wants [`CompactDict`](crate::CompactDict), which wraps a `RawDict` with a `BuildHasher`.
///
/// Hashes must be consistent: equal keys must be given equal hashes, or lookups miss. A key
/// is only compared with keys stored under the same 64-bit hash.
///
/// ```
/// use tern_dict::RawDict;
///
/// // A toy "runtime" hash: the length of the string.
/// let h = |s: &str| s.len() as u64;
/// let mut d: RawDict<String, i32> = RawDict::new();
/// d.insert(h("one"), "one".to_string(), 1, |a, b| a == b);
/// d.insert(h("two"), "two".to_string(), 2, |a, b| a == b);
/// let at = d.find(h("two"), |k| k == "two").unwrap();
/// assert_eq!(d.entry_at(at), Some((&"two".to_string(), &2)));
/// assert_eq!(d.remove(h("one"), |k| k == "one"), Some(("one".to_string(), 1)));
/// assert_eq!(d.len(), 1);
/// ```
pub struct RawDict<K, V> {
    pub(crate) entries: Entries<K, V>,
    pub(crate) index: Index,
    /// Tombstone slots in the index (R2).
    pub(crate) index_tombstones: usize,
    pub(crate) version: u64,
    pub(crate) min_width: IndexWidth,
}

fn never<T>(r: Result<T, Infallible>) -> T {
    match r {
        Ok(t) => t,
        Err(e) => match e {},
    }
}

impl<K, V> RawDict<K, V> {
    /// An empty table; allocates nothing until the first insertion.
    pub const fn new() -> Self {
        RawDict {
            entries: Entries::new(),
            index: Index::new(),
            index_tombstones: 0,
            version: 0,
            min_width: IndexWidth::U8,
        }
    }

    /// An empty table with room for `capacity` entries without reallocating.
    ///
    /// # Panics
    /// If the capacity overflows (like `Vec::with_capacity`).
    pub fn with_capacity(capacity: usize) -> Self {
        let mut d = RawDict::new();
        d.reserve(capacity);
        d
    }

    /// Number of entries.
    #[inline]
    pub fn len(&self) -> usize {
        self.entries.live()
    }

    /// Whether there are no entries.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.entries.live() == 0
    }

    /// Entries the table can hold without allocating. Holes left by removals are reclaimed
    /// by an in-place rebuild, which does not allocate.
    pub fn capacity(&self) -> usize {
        self.index.usable().min(self.entries.capacity())
    }

    /// Current version: changes on every structural mutation (a key added or removed, the
    /// order changed, entries moved to other [`EntryIndex`] positions, `clear`, rebuilds).
    /// Replacing a value or visiting entries with [`RawDict::for_each_entry_mut`] leaves it
    /// unchanged. An embedder compares versions to detect that a callback mutated the table.
    ///
    /// Versions also carry a table identity, assigned when the table first allocates, so a
    /// version (and hence a probe or cursor) taken from another table does not match.
    #[inline]
    pub fn version(&self) -> Version {
        Version(self.version)
    }

    #[inline]
    pub(crate) fn bump(&mut self) {
        self.version = self.version.wrapping_add(1);
    }

    /// Gives the table an identity (the high half of its version) when it first allocates,
    /// so probes and cursors made on another table are recognised as stale.
    fn ensure_identity(&mut self) {
        if self.version >> 32 == 0 {
            let id = NEXT_TABLE_ID.fetch_add(1, Ordering::Relaxed);
            self.version |= u64::from(id.max(1)) << 32;
        }
    }

    /// Heap bytes owned by the table itself: the index, the entries array (at capacity) and
    /// the hole bitmap. Heap memory owned by keys and values is not included.
    pub fn memory_usage(&self) -> usize {
        self.index.heap_bytes() + self.entries.heap_bytes()
    }

    /// Shape of the table.
    pub fn stats(&self) -> Stats {
        Stats {
            len: self.entries.live(),
            holes: self.entries.holes(),
            entries_capacity: self.entries.capacity(),
            index_slots: self.index.slot_count(),
            index_width: self.index.width(),
            index_tombstones: self.index_tombstones,
            usable: self.index.usable(),
            heap_bytes: self.memory_usage(),
        }
    }

    /// Width of the index slots (`None` before the first insertion).
    pub fn index_width(&self) -> Option<IndexWidth> {
        self.index.width()
    }

    /// Makes the index at least `width` wide from now on (rebuilding it if narrower).
    ///
    /// A wider index has more spare bits for hash tags, so probes skip more mismatching
    /// entries without reading them, at the cost of memory. The default (`U8`) picks the
    /// narrowest width; this knob exists for tuning and for testing every width.
    pub fn set_min_index_width(&mut self, width: IndexWidth) {
        self.min_width = width;
        if let (Some(log2), Some(current)) = (self.index.log2(), self.index.width())
            && current < width
        {
            self.rebuild_at(log2, 0);
        }
    }

    // ----- internal structural operations -------------------------------------------------

    /// Lookup by hash and key predicate: `(slot, entry)` of the match.
    #[inline]
    pub(crate) fn find_slot<E>(
        &self,
        hash: u64,
        mut eq: impl FnMut(&K) -> Result<bool, E>,
    ) -> Result<Option<(usize, usize)>, E> {
        let entries = &self.entries;
        // SAFETY (both closures below): `e` comes from a live slot of `self.index`, which R1
        // keeps in sync with `self.entries`.
        self.index
            .find(hash, |e| match unsafe { entries.matching_key(e, hash) } {
                Some(k) => eq(k),
                None => Ok(false),
            })
    }

    /// Lookup returning the matching key and value directly (one liveness check).
    #[inline]
    pub(crate) fn find_kv<E>(
        &self,
        hash: u64,
        mut eq: impl FnMut(&K) -> Result<bool, E>,
    ) -> Result<Option<(usize, &K, &V)>, E> {
        let entries = &self.entries;
        let mut found = None;
        // SAFETY: `e` comes from a live slot of `self.index` (R1).
        let slot = self
            .index
            .find(hash, |e| match unsafe { entries.matching_entry(e, hash) } {
                Some((k, v)) if eq(k)? => {
                    found = Some((k, v));
                    Ok(true)
                }
                _ => Ok(false),
            })?;
        Ok(slot.zip(found).map(|((_, e), (k, v))| (e, k, v)))
    }

    /// Lookup that also reports where an insertion would go.
    #[inline]
    pub(crate) fn lookup<E>(
        &self,
        hash: u64,
        mut eq: impl FnMut(&K) -> Result<bool, E>,
    ) -> Result<Lookup, E> {
        let entries = &self.entries;
        // SAFETY: `e` comes from a live slot of `self.index` (R1).
        self.index
            .find_or_free(hash, |e| match unsafe { entries.matching_key(e, hash) } {
                Some(k) => eq(k),
                None => Ok(false),
            })
    }

    /// Rebuilds into `2^log2` slots (never fewer than now unless `allow_shrink`), with
    /// `front_gap` holes before the first entry.
    fn rebuild_at(&mut self, log2: u32, front_gap: usize) {
        self.ensure_identity();
        self.entries.compact(front_gap);
        self.index.reset(log2, self.min_width);
        self.index.fill(self.entries.hashes());
        self.index_tombstones = 0;
        self.bump();
    }

    /// Squeezes the holes out of the entries (opening `front_gap` holes before the first one)
    /// without touching the index layout: entries move down and the index is renumbered in
    /// one linear pass. Much cheaper than a rebuild: no probing, no hashing.
    fn compact_in_place(&mut self, front_gap: usize) {
        if self.entries.holes() == 0 && front_gap == 0 {
            return;
        }
        let ranks = self.entries.rank_map(front_gap);
        self.index.renumber(|e| ranks.map(e));
        self.entries.compact(front_gap);
        self.bump();
    }

    /// Makes room for `min_free` more entries after opening `front_gap` holes at the front,
    /// keeping at least a quarter of the live count free for amortisation: compacts in place
    /// when that suffices, else rebuilds into a larger (or tombstone-free) index.
    fn reorganize(&mut self, min_free: usize, front_gap: usize) {
        let live = self.entries.live();
        let free = min_free.max(live / 4 + 1);
        let usable = self.index.usable();
        let fits = live + front_gap + free <= usable;
        if fits && live + self.index_tombstones + free <= usable {
            self.compact_in_place(front_gap);
        } else {
            self.rebuild(live + front_gap + free, front_gap);
        }
    }

    /// Rebuilds with room for at least `min_usable` entries, never shrinking.
    pub(crate) fn rebuild(&mut self, min_usable: usize, front_gap: usize) {
        let live = self.entries.live();
        let need = min_usable.max(live.saturating_add(front_gap).saturating_add(1));
        let log2 = log2_for(need)
            .unwrap_or(MAX_LOG2)
            .max(self.index.log2().unwrap_or(0));
        self.rebuild_at(log2, front_gap);
    }

    /// Grows the entries allocation before a push: to the next power of two, but never past
    /// the index's usable size (which would be wasted: the index must grow first).
    ///
    /// Following powers of two rather than doubling the current capacity matters: capacity
    /// clamped at `usable` (e.g. 85 entries for 128 slots) would otherwise double to the next
    /// `usable` (170) when 128 would do.
    fn grow_entries_for_push(&mut self) {
        let len = self.entries.len();
        if len == self.entries.capacity() {
            let target = (len + 1)
                .next_power_of_two()
                .max(4)
                .min(self.index.usable())
                .max(len + 1);
            self.entries.reserve_exact(target - len);
        }
    }

    /// Ensures one more entry fits (R2 after the insertion). Returns whether it rebuilt.
    fn make_room_for_one(&mut self) -> bool {
        let usable = self.index.usable();
        let live = self.entries.live();
        if self.entries.len() < usable && live + self.index_tombstones < usable {
            return false;
        }
        self.reorganize(1, 0);
        true
    }

    /// Inserts a key known to be absent. `slot_hint` is the free slot a lookup of this exact
    /// table state found. Returns `(slot, entry)`.
    pub(crate) fn insert_absent(
        &mut self,
        hash: u64,
        key: K,
        value: V,
        slot_hint: Option<usize>,
    ) -> (usize, usize) {
        let rebuilt = self.make_room_for_one();
        let slot = match slot_hint {
            Some(s) if !rebuilt && self.index.is_free(s) => s,
            // Allocated by `make_room_for_one`, so `find_free` answers.
            _ => self.index.find_free(hash).unwrap_or(0),
        };
        self.grow_entries_for_push();
        let e = self.entries.push(hash, key, value);
        if self.index.is_tombstone(slot) {
            self.index_tombstones -= 1;
        }
        self.index.store(slot, hash, e);
        self.bump();
        (slot, e)
    }

    /// Removes the entry `e` that `slot` points to.
    pub(crate) fn remove_found(&mut self, slot: usize, e: usize) -> Option<(K, V)> {
        if self.index.entry_at_slot(slot) != Some(e) {
            return None;
        }
        let (_, k, v) = self.entries.take(e)?;
        if self.index.remove(slot) {
            self.index_tombstones += 1;
        }
        self.bump();
        self.compact_if_holes_dominate();
        Some((k, v))
    }

    fn compact_if_holes_dominate(&mut self) {
        let holes = self.entries.holes();
        if holes >= MIN_HOLES_FOR_COMPACTION && holes > self.entries.live() {
            self.compact_in_place(0);
        }
    }

    /// The slot pointing at live entry `e`.
    pub(crate) fn slot_of(&self, e: usize) -> Option<usize> {
        let hash = self.entries.hash(e)?;
        self.index.find_entry(hash, e)
    }

    /// Checks every invariant (R1-R3, E1-E4); for tests. O(n).
    #[doc(hidden)]
    pub fn check_invariants(&self) -> Result<(), String> {
        self.entries.check()?;
        let (live_slots, tombs) = self.index.census()?;
        if live_slots != self.entries.live() {
            return Err(format!(
                "{live_slots} live slots for {} live entries",
                self.entries.live()
            ));
        }
        if tombs != self.index_tombstones {
            return Err(format!(
                "{tombs} tombstones, counter says {}",
                self.index_tombstones
            ));
        }
        let usable = self.index.usable();
        if self.entries.len() > usable || live_slots + tombs > usable {
            return Err(format!(
                "over-full: len {} live {} tombs {} usable {usable}",
                self.entries.len(),
                live_slots,
                tombs
            ));
        }
        for (e, hash) in self.entries.hashes() {
            match self.index.find_entry(hash, e) {
                Some(slot) if self.index.entry_at_slot(slot) == Some(e) => {}
                _ => return Err(format!("entry {e} not reachable from the index")),
            }
        }
        Ok(())
    }

    // ----- lookups --------------------------------------------------------------------------

    /// Finds the entry stored under `hash` whose key satisfies `eq`.
    #[inline]
    pub fn find(&self, hash: u64, mut eq: impl FnMut(&K) -> bool) -> Option<EntryIndex> {
        never(self.try_find(hash, |k| Ok(eq(k))))
    }

    /// Like [`RawDict::find`] with a fallible comparison: the first error is returned
    /// unchanged and the lookup stops there.
    #[inline]
    pub fn try_find<E>(
        &self,
        hash: u64,
        eq: impl FnMut(&K) -> Result<bool, E>,
    ) -> Result<Option<EntryIndex>, E> {
        Ok(self.find_slot(hash, eq)?.map(|(_, e)| EntryIndex(e)))
    }

    /// The key and value stored under `hash` whose key satisfies `eq`.
    #[inline]
    pub fn get(&self, hash: u64, eq: impl FnMut(&K) -> bool) -> Option<(&K, &V)> {
        let e = self.find(hash, eq)?;
        self.entry_at(e)
    }

    /// Mutable access to the value stored under `hash` whose key satisfies `eq`.
    #[inline]
    pub fn get_mut(&mut self, hash: u64, eq: impl FnMut(&K) -> bool) -> Option<(&K, &mut V)> {
        let e = self.find(hash, eq)?;
        self.entry_at_mut(e)
    }

    /// Key and value at entry index `index`, or `None` for a hole or out-of-range index.
    #[inline]
    pub fn entry_at(&self, index: EntryIndex) -> Option<(&K, &V)> {
        self.entries.get(index.0).map(|(_, k, v)| (k, v))
    }

    /// Key and mutable value at entry index `index`.
    #[inline]
    pub fn entry_at_mut(&mut self, index: EntryIndex) -> Option<(&K, &mut V)> {
        self.entries.get_mut(index.0).map(|(_, k, v)| (&*k, v))
    }

    /// Stored hash at entry index `index`.
    #[inline]
    pub fn hash_at(&self, index: EntryIndex) -> Option<u64> {
        self.entries.hash(index.0)
    }

    /// Entry index of the `n`-th entry in order. O(1) while the table has no holes,
    /// otherwise O(len / 64) (a bitmap scan); [`RawDict::compact`] restores O(1).
    pub fn nth(&self, n: usize) -> Option<EntryIndex> {
        self.entries.nth_live(n).map(EntryIndex)
    }

    /// Logical position (`0..len`) of the entry at `index`; same cost as [`RawDict::nth`].
    pub fn position_of(&self, index: EntryIndex) -> Option<usize> {
        self.entries
            .is_live(index.0)
            .then(|| self.entries.rank(index.0))
    }

    /// Entry index of the first entry.
    pub fn first_index(&self) -> Option<EntryIndex> {
        (!self.is_empty()).then(|| EntryIndex(self.entries.head()))
    }

    /// Entry index of the last entry.
    pub fn last_index(&self) -> Option<EntryIndex> {
        self.entries.len().checked_sub(1).map(EntryIndex)
    }

    /// First entry in order.
    pub fn first(&self) -> Option<(&K, &V)> {
        self.entry_at(self.first_index()?)
    }

    /// Last entry in order.
    pub fn last(&self) -> Option<(&K, &V)> {
        self.entry_at(self.last_index()?)
    }

    // ----- insertion and removal -----------------------------------------------------------

    /// Inserts `key -> value` under `hash`. If a stored key with the same hash satisfies
    /// `eq(&key, stored)`, its value is replaced (the stored key and its position are kept)
    /// and the old value returned; otherwise the entry is appended at the end.
    pub fn insert(
        &mut self,
        hash: u64,
        key: K,
        value: V,
        mut eq: impl FnMut(&K, &K) -> bool,
    ) -> (EntryIndex, Option<V>) {
        never(self.try_insert(hash, key, value, |a, b| Ok(eq(a, b))))
    }

    /// Like [`RawDict::insert`] with a fallible comparison. On error the table is unchanged
    /// and `key` and `value` are dropped; use [`RawDict::try_entry`] to keep them.
    pub fn try_insert<E>(
        &mut self,
        hash: u64,
        key: K,
        value: V,
        mut eq: impl FnMut(&K, &K) -> Result<bool, E>,
    ) -> Result<(EntryIndex, Option<V>), E> {
        match self.try_entry(hash, |stored| eq(&key, stored))? {
            RawEntry::Occupied(mut o) => {
                let old = o.insert(value);
                Ok((o.index(), Some(old)))
            }
            RawEntry::Vacant(v) => Ok((v.insert_entry(key, value).index(), None)),
        }
    }

    /// Appends an entry without looking for an equal key: the caller has established that
    /// none is stored (e.g. when copying from another table). If one is, both stay and
    /// lookups find the older one.
    pub fn insert_unique(&mut self, hash: u64, key: K, value: V) -> EntryIndex {
        EntryIndex(self.insert_absent(hash, key, value, None).1)
    }

    /// Removes the entry stored under `hash` whose key satisfies `eq`, keeping the order of
    /// the others. O(1) amortised.
    pub fn remove(&mut self, hash: u64, mut eq: impl FnMut(&K) -> bool) -> Option<(K, V)> {
        never(self.try_remove(hash, |k| Ok(eq(k))))
    }

    /// Like [`RawDict::remove`] with a fallible comparison; on error nothing is removed.
    pub fn try_remove<E>(
        &mut self,
        hash: u64,
        eq: impl FnMut(&K) -> Result<bool, E>,
    ) -> Result<Option<(K, V)>, E> {
        Ok(match self.find_slot(hash, eq)? {
            Some((slot, e)) => self.remove_found(slot, e),
            None => None,
        })
    }

    /// Removes the entry at `index` (any live entry index), keeping the order of the others.
    pub fn remove_at(&mut self, index: EntryIndex) -> Option<(K, V)> {
        let slot = self.slot_of(index.0)?;
        self.remove_found(slot, index.0)
    }

    /// The entry for `hash`/`eq`, for in-place insert-or-update.
    pub fn entry(&mut self, hash: u64, mut eq: impl FnMut(&K) -> bool) -> RawEntry<'_, K, V> {
        never(self.try_entry(hash, |k| Ok(eq(k))))
    }

    /// Like [`RawDict::entry`] with a fallible comparison.
    pub fn try_entry<E>(
        &mut self,
        hash: u64,
        eq: impl FnMut(&K) -> Result<bool, E>,
    ) -> Result<RawEntry<'_, K, V>, E> {
        Ok(match self.lookup(hash, eq)? {
            Lookup::Found { slot, entry } => {
                RawEntry::Occupied(OccupiedEntry::new(self, slot, entry))
            }
            Lookup::Vacant { slot } => RawEntry::Vacant(RawVacantEntry::new(self, hash, slot)),
        })
    }

    /// Removes and returns the last entry (Python's `dict.popitem()`). O(1) amortised.
    pub fn pop_last(&mut self) -> Option<(K, V)> {
        self.remove_at(self.last_index()?)
    }

    /// Removes and returns the first entry (`OrderedDict.popitem(last=False)`). O(1) amortised.
    pub fn pop_first(&mut self) -> Option<(K, V)> {
        self.remove_at(self.first_index()?)
    }

    /// Moves the entry at `index` to the end of the order; returns its new entry index.
    /// O(1) amortised.
    pub fn move_to_end(&mut self, index: EntryIndex) -> Option<EntryIndex> {
        let hash = self.entries.hash(index.0)?;
        let mut e = index.0;
        if self.entries.len() >= self.index.usable() {
            let rank = self.entries.rank(e);
            self.reorganize(1, 0);
            e = rank;
        }
        if e + 1 == self.entries.len() {
            return Some(EntryIndex(e));
        }
        let slot = self.index.find_entry(hash, e)?;
        self.grow_entries_for_push();
        let new_e = self.entries.move_to_end(e)?;
        self.index.store(slot, hash, new_e);
        self.bump();
        self.compact_if_holes_dominate();
        // A compaction keeps the moved entry last.
        Some(EntryIndex(self.entries.len() - 1))
    }

    /// Moves the entry at `index` to the front of the order; returns its new entry index.
    ///
    /// O(1) amortised: the entry goes into a hole before the first entry; when there is none,
    /// a rebuild opens `len / 4 + 1` of them at once.
    pub fn move_to_front(&mut self, index: EntryIndex) -> Option<EntryIndex> {
        let hash = self.entries.hash(index.0)?;
        let mut e = index.0;
        if e == self.entries.head() {
            return Some(index);
        }
        if self.entries.head() == 0 {
            let rank = self.entries.rank(e);
            let gap = self.entries.live() / 4 + 1;
            self.reorganize(1, gap);
            e = gap + rank;
        }
        let slot = self.index.find_entry(hash, e)?;
        let new_e = self.entries.move_before_head(e)?;
        self.index.store(slot, hash, new_e);
        self.bump();
        Some(EntryIndex(new_e))
    }

    /// Keeps only the entries for which `keep` returns `true`, in order. O(len).
    ///
    /// If `keep` (or a destructor) panics, the entries already removed stay removed and the
    /// table is consistent.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        struct Reindex<'a, K, V> {
            dict: &'a mut RawDict<K, V>,
            removed: bool,
        }
        impl<K, V> Drop for Reindex<'_, K, V> {
            fn drop(&mut self) {
                if self.removed {
                    // Removed entries left stale slots: rebuild the index from scratch.
                    self.dict.rebuild(0, 0);
                }
            }
        }
        let mut g = Reindex {
            dict: self,
            removed: false,
        };
        let mut from = 0;
        while let Some(e) = g.dict.entries.next_live(from) {
            from = e + 1;
            let Some((_, k, v)) = g.dict.entries.get_mut(e) else {
                break;
            };
            if !keep(k, v) {
                g.removed = true;
                drop(g.dict.entries.take(e));
            }
        }
    }

    /// Removes every entry, keeping the allocations.
    pub fn clear(&mut self) {
        self.index.clear();
        self.index_tombstones = 0;
        self.bump();
        // Drops run last, on an already consistent (empty) table.
        self.entries.clear();
    }

    /// Removes every entry and returns them in order. The index allocation is kept; the
    /// entries allocation moves into the iterator. Entries not consumed are dropped with it.
    pub fn drain(&mut self) -> Drain<'_, K, V> {
        self.index.clear();
        self.index_tombstones = 0;
        self.bump();
        let entries = mem::replace(&mut self.entries, Entries::new());
        Drain::new(entries.into_iter())
    }

    /// Sorts the entries with `cmp(key_a, value_a, key_b, value_b)` (stable). O(n log n).
    pub fn sort_by(&mut self, mut cmp: impl FnMut(&K, &V, &K, &V) -> std::cmp::Ordering) {
        struct Reindex<'a, K, V>(&'a mut RawDict<K, V>);
        impl<K, V> Drop for Reindex<'_, K, V> {
            fn drop(&mut self) {
                // Runs on unwind too: a panicking comparison leaves a permutation.
                self.0.rebuild(0, 0);
            }
        }
        let g = Reindex(self);
        g.0.entries.sort_by(&mut cmp);
    }

    /// Reverses the order of the entries. O(n).
    pub fn reverse(&mut self) {
        self.entries.reverse();
        self.rebuild(0, 0);
    }

    /// Removes holes and index tombstones now (a rebuild in place, O(n)). Afterwards
    /// [`RawDict::nth`] and [`RawDict::position_of`] are O(1) until the next removal.
    pub fn compact(&mut self) {
        if self.entries.holes() > 0 || self.index_tombstones > 0 {
            self.rebuild(0, 0);
        }
    }

    /// Reserves room for `additional` more entries without reallocation or rebuild.
    ///
    /// # Panics
    /// If the capacity overflows (like `Vec::reserve`); see [`RawDict::try_reserve`].
    pub fn reserve(&mut self, additional: usize) {
        if let Err(e) = self.try_reserve_inner(additional, false) {
            panic!("tern-dict: cannot reserve {additional} more entries: {e}");
        }
    }

    /// Fallible [`RawDict::reserve`]: reports capacity overflow or allocation failure.
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), TryReserveError> {
        self.try_reserve_inner(additional, true)
    }

    fn try_reserve_inner(
        &mut self,
        additional: usize,
        fallible: bool,
    ) -> Result<(), TryReserveError> {
        let overflow = || {
            // The only public way to build a `TryReserveError::CapacityOverflow`.
            Vec::<u8>::new()
                .try_reserve(usize::MAX)
                .expect_err("usize::MAX bytes cannot be reserved")
        };
        let live = self.entries.live();
        let need = live.checked_add(additional).ok_or_else(overflow)?;
        let usable = self.index.usable();
        let len = self.entries.len();
        if len.saturating_add(additional) > usable
            || (live + self.index_tombstones).saturating_add(additional) > usable
        {
            let log2 = log2_for(need.saturating_add(1))
                .ok_or_else(overflow)?
                .max(self.index.log2().unwrap_or(0));
            if fallible {
                let fresh = Index::try_allocate(log2, self.min_width)?;
                self.ensure_identity();
                self.entries.compact(0);
                self.index = fresh;
                self.index.fill(self.entries.hashes());
                self.index_tombstones = 0;
                self.bump();
            } else {
                self.rebuild_at(log2, 0);
            }
        }
        let len = self.entries.len();
        let want = len + additional;
        if want > self.entries.capacity() {
            self.entries.try_reserve_exact(want - len)?;
        }
        Ok(())
    }

    /// Shrinks both arrays to the smallest size that holds the current entries.
    pub fn shrink_to_fit(&mut self) {
        let live = self.entries.live();
        if live == 0 {
            self.index = Index::new();
            self.entries = Entries::new();
            self.index_tombstones = 0;
            self.bump();
            return;
        }
        let log2 = log2_for(live).unwrap_or(MAX_LOG2);
        self.ensure_identity();
        self.entries.compact(0);
        self.index = Index::allocate(log2, self.min_width);
        self.index.fill(self.entries.hashes());
        self.index_tombstones = 0;
        self.entries.shrink_to(live);
        self.bump();
    }

    // ----- iteration ----------------------------------------------------------------------

    /// Entries in order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter::new(self.entries.iter())
    }

    /// Entries in order, with mutable values.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        IterMut::new(self.entries.iter_mut())
    }

    /// Entries in order with their stored hashes: `(hash, key, value)`. Lets a runtime
    /// combine tables (set union, intersection, `dict.update`) without rehashing.
    pub fn iter_hashed(&self) -> HashedIter<'_, K, V> {
        HashedIter::new(self.entries.iter())
    }
}

impl<K, V> Default for RawDict<K, V> {
    fn default() -> Self {
        RawDict::new()
    }
}

impl<K: Clone, V: Clone> Clone for RawDict<K, V> {
    fn clone(&self) -> Self {
        let entries = self.entries.clone_compact();
        let index = if self.entries.holes() == 0 {
            // Same positions: the index can be copied as is, tombstones included.
            self.index.clone()
        } else {
            let mut index = Index::new();
            if let Some(log2) = self.index.log2() {
                index.reset(log2, self.min_width);
                index.fill(entries.hashes());
            }
            index
        };
        let index_tombstones = if self.entries.holes() == 0 {
            self.index_tombstones
        } else {
            0
        };
        let mut copy = RawDict {
            entries,
            index,
            index_tombstones,
            version: 0,
            min_width: self.min_width,
        };
        if copy.index.is_allocated() {
            copy.ensure_identity();
        }
        copy
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for RawDict<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K, V> IntoIterator for RawDict<K, V> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V>;

    fn into_iter(self) -> IntoIter<K, V> {
        let RawDict { entries, .. } = self;
        IntoIter::new(entries.into_iter())
    }
}

impl<'a, K, V> IntoIterator for &'a RawDict<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V> IntoIterator for &'a mut RawDict<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(k: u64) -> u64 {
        k.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn filled(n: u64) -> RawDict<u64, u64> {
        let mut d = RawDict::new();
        for k in 0..n {
            d.insert(h(k), k, k * 10, |a, b| a == b);
        }
        d
    }

    #[test]
    fn churn_rebuilds_rarely_and_keeps_size() {
        let mut d = filled(1000);
        let slots = d.stats().index_slots;
        let mut rebuilds = 0;
        let end = if cfg!(miri) { 4_000 } else { 21_000u64 };
        for k in 1000..end {
            let before = d.version();
            d.remove(h(k - 1000), |x| *x == k - 1000).unwrap();
            d.insert(h(k), k, k, |a, b| a == b);
            // One bump per remove and insert; more means a rebuild happened.
            let bumps = d.version().0.wrapping_sub(before.0);
            rebuilds += (bumps - 2) as usize;
        }
        d.check_invariants().unwrap();
        assert_eq!(d.len(), 1000);
        assert_eq!(
            d.stats().index_slots,
            slots,
            "churn must not grow the index"
        );
        // Each rebuild is preceded by at least live/4 = 250 insertions.
        assert!(
            rebuilds <= (end as usize - 1000) / 250 + 1,
            "{rebuilds} rebuilds"
        );
        let keys: Vec<u64> = d.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, (end - 1000..end).collect::<Vec<_>>());
    }

    #[test]
    fn pop_insert_churn_bounds_tombstones() {
        let mut d = filled(3);
        for k in 3..if cfg!(miri) { 1_000 } else { 10_000u64 } {
            d.pop_last().unwrap();
            d.insert(h(k), k, k, |a, b| a == b);
            assert!(d.index_tombstones + d.len() <= d.index.usable());
        }
        d.check_invariants().unwrap();
        assert_eq!(d.stats().index_slots, 16);
    }

    #[test]
    fn holes_dominating_are_compacted() {
        let mut d = filled(100);
        for k in 0..60 {
            d.remove(h(k), |x| *x == k).unwrap();
            d.check_invariants().unwrap();
            assert!(d.entries.holes() <= d.len().max(MIN_HOLES_FOR_COMPACTION));
        }
        assert_eq!(d.first(), Some((&60, &600)));
    }

    #[test]
    fn move_to_front_is_amortised() {
        let (n, moves) = if cfg!(miri) {
            (200, 1000)
        } else {
            (1000, 5000)
        };
        let mut d = filled(n);
        let mut rebuilds = 0;
        for _ in 0..moves {
            let last = d.last_index().unwrap();
            let before = d.version().0;
            let at = d.move_to_front(last).unwrap();
            assert_eq!(d.first_index(), Some(at));
            rebuilds += (d.version().0 - before - 1) as usize;
        }
        d.check_invariants().unwrap();
        // Each reorganisation opens n/4 + 1 front holes.
        assert!(
            rebuilds <= moves / (n as usize / 4) + 1,
            "{rebuilds} rebuilds"
        );
        // Five full rotations: back to the start.
        let keys: Vec<u64> = d.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, (0..n).collect::<Vec<_>>());
    }

    #[test]
    fn every_width_works() {
        for width in [
            IndexWidth::U8,
            IndexWidth::U16,
            IndexWidth::U32,
            IndexWidth::U64,
        ] {
            let mut d = RawDict::new();
            d.set_min_index_width(width);
            for k in 0..300u64 {
                d.insert(h(k) % 7, k, k, |a, b| a == b);
            }
            assert!(d.index_width() >= Some(width));
            for k in (0..300u64).step_by(3) {
                assert_eq!(d.remove(h(k) % 7, |x| *x == k), Some((k, k)));
            }
            d.check_invariants().unwrap();
            for k in 0..300u64 {
                assert_eq!(d.get(h(k) % 7, |x| *x == k).is_some(), k % 3 != 0);
            }
        }
    }
}
