//! Entry API: one lookup, then insert, update or remove in place.
//!
//! # Design
//!
//! A lookup for an entry also records where an insertion of that hash would go (the first
//! tombstone or empty slot on the probe sequence), so inserting through a vacant entry does
//! not probe again unless the table had to grow in between. An entry holds the table
//! mutably borrowed, so nothing can invalidate the recorded positions while it exists.
//!
//! [`RawEntry`] is the hasher-less form returned by [`RawDict::entry`]; [`Entry`] is the
//! familiar `HashMap`-style form returned by [`CompactDict::entry`](crate::CompactDict::entry),
//! whose vacant side owns the key. Both share [`OccupiedEntry`].

use std::fmt;
use std::mem;

use crate::raw::{EntryIndex, RawDict};

const LIVE: &str = "tern-dict: an occupied entry always points at a live entry";

/// An entry of a [`RawDict`], found by hash and equality callback.
pub enum RawEntry<'a, K, V> {
    /// An equal key is stored.
    Occupied(OccupiedEntry<'a, K, V>),
    /// No equal key is stored.
    Vacant(RawVacantEntry<'a, K, V>),
}

impl<'a, K, V> RawEntry<'a, K, V> {
    /// Value of the occupied entry, or inserts `make()` (key and value) and returns it.
    pub fn or_insert_with(self, make: impl FnOnce() -> (K, V)) -> &'a mut V {
        match self {
            RawEntry::Occupied(o) => o.into_mut(),
            RawEntry::Vacant(v) => {
                let (k, val) = make();
                v.insert(k, val)
            }
        }
    }
}

/// An occupied entry: a stored key and its value.
pub struct OccupiedEntry<'a, K, V> {
    dict: &'a mut RawDict<K, V>,
    slot: usize,
    entry: usize,
}

impl<'a, K, V> OccupiedEntry<'a, K, V> {
    pub(crate) fn new(dict: &'a mut RawDict<K, V>, slot: usize, entry: usize) -> Self {
        OccupiedEntry { dict, slot, entry }
    }

    /// The stored key (the one inserted first; later inserts of equal keys keep it).
    pub fn key(&self) -> &K {
        self.dict.entries.get(self.entry).expect(LIVE).1
    }

    /// The value.
    pub fn get(&self) -> &V {
        self.dict.entries.get(self.entry).expect(LIVE).2
    }

    /// The value, mutably.
    pub fn get_mut(&mut self) -> &mut V {
        self.dict.entries.get_mut(self.entry).expect(LIVE).2
    }

    /// The value, mutably, for the lifetime of the borrow of the table.
    pub fn into_mut(self) -> &'a mut V {
        self.dict.entries.get_mut(self.entry).expect(LIVE).2
    }

    /// Replaces the value; returns the old one. The key and position are unchanged.
    pub fn insert(&mut self, value: V) -> V {
        mem::replace(self.get_mut(), value)
    }

    /// Removes the entry (order of the others preserved); returns the value.
    pub fn remove(self) -> V {
        self.remove_entry().1
    }

    /// Removes the entry (order of the others preserved); returns key and value.
    pub fn remove_entry(self) -> (K, V) {
        self.dict.remove_found(self.slot, self.entry).expect(LIVE)
    }

    /// Entry index of this entry.
    pub fn index(&self) -> EntryIndex {
        EntryIndex(self.entry)
    }

    /// Logical position `0..len` of this entry (O(1) without holes, see [`RawDict::nth`]).
    pub fn position(&self) -> usize {
        self.dict.entries.rank(self.entry)
    }

    /// The stored hash.
    pub fn hash(&self) -> u64 {
        self.dict.entries.hash(self.entry).expect(LIVE)
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for OccupiedEntry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OccupiedEntry")
            .field("key", self.key())
            .field("value", self.get())
            .finish()
    }
}

/// A vacant entry of a [`RawDict`]: no stored key matched. Insert with a key and value.
pub struct RawVacantEntry<'a, K, V> {
    dict: &'a mut RawDict<K, V>,
    hash: u64,
    slot: Option<usize>,
}

impl<'a, K, V> RawVacantEntry<'a, K, V> {
    pub(crate) fn new(dict: &'a mut RawDict<K, V>, hash: u64, slot: Option<usize>) -> Self {
        RawVacantEntry { dict, hash, slot }
    }

    /// The hash the lookup was made with.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// Appends `key -> value` (under the lookup's hash); returns the value.
    pub fn insert(self, key: K, value: V) -> &'a mut V {
        self.insert_entry(key, value).into_mut()
    }

    /// Appends `key -> value`; returns the now occupied entry.
    pub fn insert_entry(self, key: K, value: V) -> OccupiedEntry<'a, K, V> {
        let (slot, entry) = self.dict.insert_absent(self.hash, key, value, self.slot);
        OccupiedEntry::new(self.dict, slot, entry)
    }
}

impl<K, V> fmt::Debug for RawVacantEntry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawVacantEntry")
            .field("hash", &self.hash)
            .finish()
    }
}

/// An entry of a [`CompactDict`](crate::CompactDict), like `std`'s `hash_map::Entry`.
///
/// ```
/// use tern_dict::CompactDict;
///
/// let mut words: CompactDict<&str, usize> = CompactDict::new();
/// for w in "the cat saw the dog".split(' ') {
///     *words.entry(w).or_insert(0) += 1;
/// }
/// assert_eq!(words.iter().collect::<Vec<_>>(),
///            [(&"the", &2), (&"cat", &1), (&"saw", &1), (&"dog", &1)]);
/// ```
pub enum Entry<'a, K, V> {
    /// The key is present.
    Occupied(OccupiedEntry<'a, K, V>),
    /// The key is absent.
    Vacant(VacantEntry<'a, K, V>),
}

/// A vacant entry of a [`CompactDict`](crate::CompactDict); owns the key.
pub struct VacantEntry<'a, K, V> {
    raw: RawVacantEntry<'a, K, V>,
    key: K,
}

impl<'a, K, V> VacantEntry<'a, K, V> {
    pub(crate) fn new(raw: RawVacantEntry<'a, K, V>, key: K) -> Self {
        VacantEntry { raw, key }
    }

    /// The key that would be inserted.
    pub fn key(&self) -> &K {
        &self.key
    }

    /// Gives the key back.
    pub fn into_key(self) -> K {
        self.key
    }

    /// Appends the key with `value` at the end; returns the value.
    pub fn insert(self, value: V) -> &'a mut V {
        self.raw.insert(self.key, value)
    }

    /// Appends the key with `value`; returns the now occupied entry.
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'a, K, V> {
        self.raw.insert_entry(self.key, value)
    }
}

impl<K: fmt::Debug, V> fmt::Debug for VacantEntry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VacantEntry").field(&self.key).finish()
    }
}

impl<'a, K, V> Entry<'a, K, V> {
    /// The value for the key, inserting `default` if absent.
    pub fn or_insert(self, default: V) -> &'a mut V {
        match self {
            Entry::Occupied(o) => o.into_mut(),
            Entry::Vacant(v) => v.insert(default),
        }
    }

    /// The value for the key, inserting `make()` if absent.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        match self {
            Entry::Occupied(o) => o.into_mut(),
            Entry::Vacant(v) => v.insert(make()),
        }
    }

    /// The value for the key, inserting `make(&key)` if absent.
    pub fn or_insert_with_key(self, make: impl FnOnce(&K) -> V) -> &'a mut V {
        match self {
            Entry::Occupied(o) => o.into_mut(),
            Entry::Vacant(v) => {
                let value = make(&v.key);
                v.insert(value)
            }
        }
    }

    /// The value for the key, inserting `V::default()` if absent.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Runs `f` on the value if the key is present.
    pub fn and_modify(mut self, f: impl FnOnce(&mut V)) -> Self {
        if let Entry::Occupied(o) = &mut self {
            f(o.get_mut());
        }
        self
    }

    /// The key (stored one if occupied, the given one if vacant).
    pub fn key(&self) -> &K {
        match self {
            Entry::Occupied(o) => o.key(),
            Entry::Vacant(v) => v.key(),
        }
    }

    /// Sets the value (inserting if absent); returns the occupied entry.
    pub fn insert_entry(self, value: V) -> OccupiedEntry<'a, K, V> {
        match self {
            Entry::Occupied(mut o) => {
                o.insert(value);
                o
            }
            Entry::Vacant(v) => v.insert_entry(value),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Entry<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entry::Occupied(o) => f.debug_tuple("Entry").field(o).finish(),
            Entry::Vacant(v) => f.debug_tuple("Entry").field(v).finish(),
        }
    }
}
