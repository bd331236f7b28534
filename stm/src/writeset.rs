//! The write set: buffered writes of a transaction, with nesting for `or_else`.
//!
//! Writes are redo-logged: nothing is written to shared memory before commit. Each entry
//! names a location (header address + field; `VAR_FIELD` for a `TVar`) and its new value:
//! the word itself for an object field, or an owned `Box<T>` pointer for a `TVar`.
//!
//! Nesting: `or_else` opens a branch with [`WriteSet::checkpoint`]. A write in the branch to
//! a location last written *before* the branch does not overwrite that entry; it appends a
//! new entry that *shadows* it (the old one becomes dead). Rolling back the branch pops its
//! entries and revives what they shadowed, so the pre-branch writes come back intact.
//!
//! Invariants:
//! - for each location at most one entry is live, and it is the latest entry for it;
//! - every entry at index `>= floor` belongs to the innermost open branch;
//! - a `TVar` payload is owned by exactly one entry until published or dropped;
//! - `index` (when built) maps each location to its live entry; `bloom` over-approximates
//!   the set of written headers (never a false negative).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::clock::Header;
use crate::tvar::VarOps;

/// Field number used for `TVar` entries.
pub(crate) const VAR_FIELD: u32 = u32::MAX;
const NO_ENTRY: u32 = u32::MAX;
/// Above this many entries, lookups go through a hash index instead of a linear scan.
const INDEX_THRESHOLD: usize = 8;

/// One buffered write.
pub(crate) struct WriteEntry {
    pub(crate) header: *const Header,
    pub(crate) field: u32,
    /// Marker of the transaction when it wrote (reports).
    pub(crate) marker: u32,
    /// The word to store, or the `Box<T>` pointer for a `TVar` write.
    pub(crate) payload: u64,
    /// `Some` for `TVar` writes: how to publish or drop the payload.
    pub(crate) ops: Option<&'static VarOps>,
    /// The entry this one shadows (an outer branch's write to the same location).
    shadows: u32,
    pub(crate) live: bool,
}

impl WriteEntry {
    #[inline]
    fn key(&self) -> (usize, u32) {
        (self.header as usize, self.field)
    }

    /// Drops the payload if it is an owned box (after which the entry must not be used).
    fn drop_payload(&mut self) {
        if let Some(ops) = self.ops.take() {
            // SAFETY: a TVar payload is an unpublished `Box<T>` owned by this entry; `take`
            // above makes sure it is dropped once.
            unsafe { (ops.drop_payload)(self.payload) }
        }
    }
}

/// A saved branch start, restored by [`WriteSet::rollback`] or [`WriteSet::merge`].
#[derive(Clone, Copy)]
pub(crate) struct Checkpoint {
    len: u32,
    floor: u32,
}

/// A fast hasher for (address, field) keys: addresses are already well spread except in their
/// low bits, so one multiply-rotate is enough.
#[derive(Default)]
pub(crate) struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(26);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type Index = HashMap<(usize, u32), u32, BuildHasherDefault<AddrHasher>>;

/// The write set of one transaction.
pub(crate) struct WriteSet {
    entries: Vec<WriteEntry>,
    index: Index,
    indexed: bool,
    bloom: u64,
    floor: u32,
}

#[inline]
fn bloom_bit(header: *const Header) -> u64 {
    1 << ((header as usize >> 4) & 63)
}

impl WriteSet {
    pub(crate) fn new() -> Self {
        WriteSet {
            entries: Vec::new(),
            index: Index::default(),
            indexed: false,
            bloom: 0,
            floor: 0,
        }
    }

    /// True when nothing was written (no entries at all, live or dead).
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Cheap pre-check: false means `header` was certainly not written.
    #[inline]
    pub(crate) fn may_contain(&self, header: *const Header) -> bool {
        self.bloom & bloom_bit(header) != 0
    }

    /// The live entry for a location.
    #[inline]
    pub(crate) fn find(&self, header: *const Header, field: u32) -> Option<&WriteEntry> {
        self.find_index(header, field).map(|i| &self.entries[i])
    }

    /// True when some field of `header` has a live entry.
    pub(crate) fn writes_location(&self, header: *const Header) -> bool {
        self.may_contain(header) && self.entries.iter().any(|e| e.live && e.header == header)
    }

    fn find_index(&self, header: *const Header, field: u32) -> Option<usize> {
        if !self.may_contain(header) {
            return None;
        }
        if self.indexed {
            return self
                .index
                .get(&(header as usize, field))
                .map(|&i| i as usize);
        }
        self.entries
            .iter()
            .rposition(|e| e.live && e.header == header && e.field == field)
    }

    /// Records a write. `ops` is `Some` for a `TVar` (then `payload` is an owned box).
    pub(crate) fn put(
        &mut self,
        header: *const Header,
        field: u32,
        payload: u64,
        ops: Option<&'static VarOps>,
        marker: u32,
    ) {
        let mut shadows = NO_ENTRY;
        if let Some(i) = self.find_index(header, field) {
            if i as u32 >= self.floor {
                let entry = &mut self.entries[i];
                entry.drop_payload();
                entry.payload = payload;
                entry.ops = ops;
                entry.marker = marker;
                return;
            }
            self.entries[i].live = false;
            shadows = i as u32;
        }
        let position = self.entries.len() as u32;
        self.entries.push(WriteEntry {
            header,
            field,
            marker,
            payload,
            ops,
            shadows,
            live: true,
        });
        self.bloom |= bloom_bit(header);
        if self.indexed {
            self.index.insert((header as usize, field), position);
        } else if self.entries.len() > INDEX_THRESHOLD {
            self.build_index();
        }
    }

    fn build_index(&mut self) {
        self.index.clear();
        for (i, e) in self.entries.iter().enumerate() {
            if e.live {
                self.index.insert(e.key(), i as u32);
            }
        }
        self.indexed = true;
    }

    /// Opens a nested branch.
    pub(crate) fn checkpoint(&mut self) -> Checkpoint {
        let saved = Checkpoint {
            len: self.entries.len() as u32,
            floor: self.floor,
        };
        self.floor = saved.len;
        saved
    }

    /// Abandons the branch opened by `checkpoint`: its writes vanish and the writes they
    /// shadowed are live again.
    pub(crate) fn rollback(&mut self, checkpoint: Checkpoint) {
        while self.entries.len() > checkpoint.len as usize {
            let mut entry = self.entries.pop().expect("len checked");
            entry.drop_payload();
            if entry.shadows != NO_ENTRY {
                self.entries[entry.shadows as usize].live = true;
                if self.indexed {
                    self.index.insert(entry.key(), entry.shadows);
                }
            } else if self.indexed {
                self.index.remove(&entry.key());
            }
        }
        self.floor = checkpoint.floor;
    }

    /// Closes the branch opened by `checkpoint`, keeping its writes.
    pub(crate) fn merge(&mut self, checkpoint: Checkpoint) {
        self.floor = checkpoint.floor;
    }

    /// The live entries, in write order.
    pub(crate) fn live(&self) -> impl Iterator<Item = &WriteEntry> {
        self.entries.iter().filter(|e| e.live)
    }

    /// Marks every payload as handed over (after publication) so `clear` will not drop it.
    pub(crate) fn mark_published(&mut self) {
        for e in &mut self.entries {
            if e.live {
                e.ops = None;
            }
        }
    }

    /// Empties the set, dropping unpublished payloads.
    pub(crate) fn clear(&mut self) {
        for e in &mut self.entries {
            e.drop_payload();
        }
        self.entries.clear();
        if self.indexed {
            self.index.clear();
            self.indexed = false;
        }
        self.bloom = 0;
        self.floor = 0;
    }
}

impl Drop for WriteSet {
    fn drop(&mut self) {
        self.clear();
    }
}
