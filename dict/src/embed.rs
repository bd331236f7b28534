//! The embedder API: what a language runtime needs on top of [`RawDict`].
//!
//! A runtime (a Python VM, say) hashes and compares keys by running user code: `__hash__`
//! and `__eq__` may fail, and `__eq__` may even mutate the very dict being probed. It also
//! keeps dicts inside objects of a moving garbage collector, and its dict iterators must keep
//! working (or fail cleanly) while the program mutates the dict. This module provides the
//! pieces for that; nothing here knows about any particular language.
//!
//! # 1. Closure-driven, fallible operations
//!
//! [`RawDict::try_find`], [`RawDict::try_insert`], [`RawDict::try_remove`] and
//! [`RawDict::try_entry`] take the precomputed hash and an equality callback
//! `FnMut(&K) -> Result<bool, E>`. The first error stops the operation and is returned
//! unchanged; the table is only modified after all comparisons succeeded, so a failing
//! callback never leaves a partial change. The callback borrows the table's key, so it cannot
//! touch the table: use this form when equality cannot re-enter the table.
//!
//! A key is only compared with stored keys that have the *same 64-bit hash*: keys equal by
//! the callback but stored under different hashes are distinct keys (Python's rule that
//! equal objects must hash equal, otherwise dict behaviour is unspecified).
//!
//! # 2. The step-wise probe protocol (re-entrant equality)
//!
//! When equality may run arbitrary code that mutates the table, the runtime must not hold a
//! borrow of the table while it compares. The probe protocol splits a lookup into steps that
//! each borrow the table briefly:
//!
//! 1. `let mut probe = dict.probe(hash)` records the hash and the current [`Version`].
//! 2. `dict.probe_next(&mut probe)` returns the next [`ProbeStep::Candidate`] (an entry whose
//!    stored hash equals `hash`) or [`ProbeStep::Absent`] (the probe sequence ended: the key
//!    is not in the table). It fails with [`ProbeError::Stale`] if the table changed since
//!    `probe` was made.
//! 3. For a candidate, the runtime copies what it needs out of
//!    [`RawDict::entry_at`] (e.g. clones a GC reference to the stored key), releases the
//!    borrow, and runs its equality. Then it checks `dict.version() == probe.version()`:
//!    if the table changed meanwhile, it **restarts from step 1** (CPython's rule: the
//!    comparison result is meaningless for a table that changed under it). If equal, the key
//!    is found; otherwise it continues with step 2.
//! 4. After the outcome is known and with the version unchanged:
//!    * found: read or replace the value through [`RawDict::candidate_mut`], or remove the
//!      entry with [`RawDict::remove_probed`];
//!    * absent: insert with [`RawDict::insert_probed`], which uses the slot the probe already
//!      found (no second probe), or with [`RawDict::insert_unique`].
//!
//! Every step re-validates the version, so a stale probe is always detected and never
//! yields a wrong answer. A probe is plain data: using one on another table, or after a
//! restart-worthy change, is memory-safe and panic-free (the version check rejects it; a
//! probe from a different table whose version happens to coincide gives unspecified, but
//! memory-safe and panic-free, answers). A callback that mutates the table on every call
//! makes the lookup restart forever, exactly as in CPython; bounding that is the runtime's
//! business.
//!
//! ```
//! use std::cell::RefCell;
//! use tern_dict::RawDict;
//! use tern_dict::embed::ProbeStep;
//!
//! type Dict = RefCell<RawDict<u64, &'static str>>;
//!
//! /// A lookup whose equality callback may mutate `dict` (or fail).
//! fn lookup(
//!     dict: &Dict,
//!     hash: u64,
//!     key: u64,
//!     mut user_eq: impl FnMut(&Dict, u64, u64) -> Result<bool, String>,
//! ) -> Result<Option<&'static str>, String> {
//!     'restart: loop {
//!         let mut probe = dict.borrow().probe(hash);
//!         loop {
//!             let step = dict.borrow().probe_next(&mut probe);
//!             let Ok(step) = step else { continue 'restart };
//!             let ProbeStep::Candidate(at) = step else { return Ok(None) };
//!             // Copy the candidate out, then compare with no borrow held.
//!             let (stored, value) = {
//!                 let d = dict.borrow();
//!                 let (k, v) = d.entry_at(at).expect("candidate is live");
//!                 (*k, *v)
//!             };
//!             let equal = user_eq(dict, stored, key)?;
//!             if dict.borrow().version() != probe.version() {
//!                 continue 'restart;
//!             }
//!             if equal {
//!                 return Ok(Some(value));
//!             }
//!         }
//!     }
//! }
//!
//! let dict: Dict = RefCell::new(RawDict::new());
//! dict.borrow_mut().insert(7, 1, "one", |a, b| a == b);
//! dict.borrow_mut().insert(7, 2, "two", |a, b| a == b); // same hash: a collision
//!
//! // An "__eq__" that inserts into the dict the first time it runs.
//! let mut first = true;
//! let found = lookup(&dict, 7, 2, |d, stored, key| {
//!     if std::mem::take(&mut first) {
//!         d.borrow_mut().insert(99, 3, "three", |a, b| a == b);
//!     }
//!     Ok(stored == key)
//! });
//! assert_eq!(found, Ok(Some("two")));
//! assert_eq!(dict.borrow().len(), 3);
//! ```
//!
//! # 3. Dense positions and cursors
//!
//! Entries live at [`EntryIndex`] positions of the dense array (holes included), stable
//! until the next structural change. [`RawDict::entry_at`], [`RawDict::next_index`] and
//! [`RawDict::prev_index`] give hole-skipping access by position, and a [`Cursor`] is an
//! iterator that holds no borrow: each `next` call takes the table, checks it still has the
//! size and version the cursor was made with, and fails with
//! [`CursorError::SizeChanged`] or [`CursorError::KeysChanged`] otherwise (sticky, like
//! Python's `RuntimeError: dictionary changed size during iteration`). Replacing values
//! during iteration is allowed.
//!
//! # 4. Garbage-collector tracing
//!
//! [`RawDict::for_each_entry_mut`] and [`RawDict::keys_values_mut`] give mutable access to
//! every live key and value, so a moving collector can rewrite references in place. They do
//! not change the version (cursors and probes stay valid). The caller must not change a
//! key's hash or its equality with other keys (a moved object keeps its identity hash);
//! breaking that makes lookups miss, but is never undefined behaviour.
//! [`RawDict::memory_usage`] reports the table's own heap bytes for the collector's
//! accounting.

use std::error::Error;
use std::fmt;

use crate::index::{ScanState, ScanStep};
use crate::iter::KeysValuesMut;
use crate::raw::{EntryIndex, RawDict, Version};

/// A lookup in progress (see the [module documentation](self)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    hash: u64,
    version: Version,
    scan: ScanState,
    last: LastStep,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LastStep {
    Start,
    Candidate { slot: usize, entry: usize },
    Absent { slot: Option<usize> },
}

impl Probe {
    /// The hash being looked up.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// The table version the probe is valid for.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The candidate the last step returned, if it returned one.
    pub fn candidate(&self) -> Option<EntryIndex> {
        match self.last {
            LastStep::Candidate { entry, .. } => Some(EntryIndex(entry)),
            _ => None,
        }
    }

    /// Whether the probe sequence ended (the key is absent).
    pub fn is_absent(&self) -> bool {
        matches!(self.last, LastStep::Absent { .. })
    }
}

/// Outcome of [`RawDict::probe_next`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeStep {
    /// An entry stored under the probe's hash: compare its key, then call `probe_next`
    /// again if it is not equal.
    Candidate(EntryIndex),
    /// No (further) entry has this hash: the key is absent. Repeated calls stay `Absent`.
    Absent,
}

/// Why a probe step or a probe-based update was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeError {
    /// The table changed structurally since the probe was made: restart the lookup.
    Stale,
    /// The last step was not a candidate (needed by `remove_probed` and `candidate_mut`).
    NoCandidate,
    /// The probe has not reached [`ProbeStep::Absent`] (needed by `insert_probed`).
    NotAbsent,
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProbeError::Stale => "the table changed since the probe started; restart the lookup",
            ProbeError::NoCandidate => "the probe is not positioned on a candidate entry",
            ProbeError::NotAbsent => "the probe has not established that the key is absent",
        })
    }
}

impl Error for ProbeError {}

/// Why a [`Cursor`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorError {
    /// The number of entries changed since the cursor was made.
    SizeChanged,
    /// The size is the same but keys were added and removed, or entries were reordered.
    KeysChanged,
}

impl fmt::Display for CursorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CursorError::SizeChanged => "dictionary changed size during iteration",
            CursorError::KeysChanged => "dictionary keys changed during iteration",
        })
    }
}

impl Error for CursorError {}

/// An iterator position that holds no borrow of its table (see the
/// [module documentation](self)). Made by [`RawDict::cursor`] or [`RawDict::cursor_rev`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// Forward: next position to examine. Reverse: one past it.
    pos: usize,
    reverse: bool,
    version: Version,
    len: usize,
    remaining: usize,
    state: CursorState,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CursorState {
    Active,
    Done,
    Failed(CursorError),
}

impl Cursor {
    /// Advances to the next entry: `Ok(None)` at the end, an error if the table changed
    /// structurally since the cursor was made (errors and the end are sticky).
    #[allow(clippy::type_complexity)]
    pub fn next<'a, K, V>(
        &mut self,
        dict: &'a RawDict<K, V>,
    ) -> Result<Option<(EntryIndex, &'a K, &'a V)>, CursorError> {
        let Some(at) = self.next_index(dict)? else {
            return Ok(None);
        };
        Ok(dict.entry_at(at).map(|(k, v)| (at, k, v)))
    }

    /// Like [`Cursor::next`], returning only the entry index.
    pub fn next_index<K, V>(
        &mut self,
        dict: &RawDict<K, V>,
    ) -> Result<Option<EntryIndex>, CursorError> {
        match self.state {
            CursorState::Failed(e) => return Err(e),
            CursorState::Done => return Ok(None),
            CursorState::Active => {}
        }
        if dict.len() != self.len {
            return Err(self.fail(CursorError::SizeChanged));
        }
        if dict.version() != self.version {
            return Err(self.fail(CursorError::KeysChanged));
        }
        let found = if self.remaining == 0 {
            None
        } else if self.reverse {
            dict.entries.prev_live(self.pos)
        } else {
            dict.entries.next_live(self.pos)
        };
        match found {
            Some(i) => {
                self.pos = if self.reverse { i } else { i + 1 };
                self.remaining -= 1;
                Ok(Some(EntryIndex(i)))
            }
            None => {
                self.state = CursorState::Done;
                self.remaining = 0;
                Ok(None)
            }
        }
    }

    fn fail(&mut self, e: CursorError) -> CursorError {
        self.state = CursorState::Failed(e);
        e
    }

    /// Entries not yet returned (Python's `__length_hint__`); 0 once ended or failed.
    pub fn remaining(&self) -> usize {
        match self.state {
            CursorState::Active => self.remaining,
            _ => 0,
        }
    }

    /// The table version the cursor is valid for.
    pub fn version(&self) -> Version {
        self.version
    }
}

impl<K, V> RawDict<K, V> {
    // ----- step-wise probes --------------------------------------------------------------

    /// Starts a step-wise lookup of `hash` (see the [module documentation](self)).
    pub fn probe(&self, hash: u64) -> Probe {
        Probe {
            hash,
            version: self.version(),
            scan: ScanState::new(),
            last: LastStep::Start,
        }
    }

    /// Advances `probe` to the next candidate entry (stored hash equal to the probe's) or
    /// to [`ProbeStep::Absent`]. Fails with [`ProbeError::Stale`] if the table changed.
    pub fn probe_next(&self, probe: &mut Probe) -> Result<ProbeStep, ProbeError> {
        if probe.version != self.version() {
            return Err(ProbeError::Stale);
        }
        if let LastStep::Absent { .. } = probe.last {
            return Ok(ProbeStep::Absent);
        }
        let hash = probe.hash;
        let entries = &self.entries;
        match self
            .index
            .scan(hash, &mut probe.scan, |e| entries.hash(e) == Some(hash))
        {
            ScanStep::Candidate { slot, entry } => {
                probe.last = LastStep::Candidate { slot, entry };
                Ok(ProbeStep::Candidate(EntryIndex(entry)))
            }
            ScanStep::End { slot } => {
                probe.last = LastStep::Absent { slot: Some(slot) };
                Ok(ProbeStep::Absent)
            }
            ScanStep::Unallocated => {
                probe.last = LastStep::Absent { slot: None };
                Ok(ProbeStep::Absent)
            }
        }
    }

    fn probed_candidate(&self, probe: &Probe) -> Result<(usize, usize), ProbeError> {
        if probe.version != self.version() {
            return Err(ProbeError::Stale);
        }
        match probe.last {
            LastStep::Candidate { slot, entry }
                if self.index.entry_at_slot(slot) == Some(entry) =>
            {
                Ok((slot, entry))
            }
            // Positions that do not match this table: the probe is not from it.
            LastStep::Candidate { .. } => Err(ProbeError::Stale),
            _ => Err(ProbeError::NoCandidate),
        }
    }

    /// Key and mutable value of the candidate the probe is positioned on (after the caller
    /// established equality), provided the table did not change.
    pub fn candidate_mut(&mut self, probe: &Probe) -> Result<(&K, &mut V), ProbeError> {
        let (_, entry) = self.probed_candidate(probe)?;
        self.entry_at_mut(EntryIndex(entry))
            .ok_or(ProbeError::Stale)
    }

    /// Removes the candidate the probe is positioned on (order of the others preserved),
    /// provided the table did not change.
    pub fn remove_probed(&mut self, probe: &Probe) -> Result<(K, V), ProbeError> {
        let (slot, entry) = self.probed_candidate(probe)?;
        self.remove_found(slot, entry).ok_or(ProbeError::Stale)
    }

    /// Inserts `key -> value` under the probe's hash after the probe reached
    /// [`ProbeStep::Absent`], using the slot it found; the table must not have changed. On
    /// error, the key and value are handed back.
    #[allow(clippy::type_complexity)]
    pub fn insert_probed(
        &mut self,
        probe: &Probe,
        key: K,
        value: V,
    ) -> Result<EntryIndex, (ProbeError, K, V)> {
        if probe.version != self.version() {
            return Err((ProbeError::Stale, key, value));
        }
        let LastStep::Absent { slot } = probe.last else {
            return Err((ProbeError::NotAbsent, key, value));
        };
        Ok(EntryIndex(
            self.insert_absent(probe.hash, key, value, slot).1,
        ))
    }

    // ----- dense positions -------------------------------------------------------------------

    /// First live entry index `>= from` (skipping holes).
    pub fn next_index(&self, from: EntryIndex) -> Option<EntryIndex> {
        self.entries.next_live(from.0).map(EntryIndex)
    }

    /// Last live entry index `< before` (skipping holes).
    pub fn prev_index(&self, before: EntryIndex) -> Option<EntryIndex> {
        self.entries.prev_live(before.0).map(EntryIndex)
    }

    /// One past the largest entry index in use (holes included): the bound for
    /// position-based loops.
    pub fn index_bound(&self) -> usize {
        self.entries.len()
    }

    /// A borrow-free forward iterator position (see [`Cursor`]).
    pub fn cursor(&self) -> Cursor {
        Cursor {
            pos: 0,
            reverse: false,
            version: self.version(),
            len: self.len(),
            remaining: self.len(),
            state: CursorState::Active,
        }
    }

    /// A borrow-free reverse iterator position (Python's `reversed(dict)`).
    pub fn cursor_rev(&self) -> Cursor {
        Cursor {
            pos: self.entries.len(),
            reverse: true,
            ..self.cursor()
        }
    }

    // ----- garbage-collector support ---------------------------------------------------------

    /// Calls `f` on every live key and value, in order, with mutable access, for a moving
    /// garbage collector that updates references in place. Does not change the version.
    ///
    /// `f` must not change a key's hash or its equality with other keys; if it does,
    /// lookups may miss (never undefined behaviour).
    pub fn for_each_entry_mut(&mut self, mut f: impl FnMut(&mut K, &mut V)) {
        for (_, _, k, v) in self.entries.iter_mut() {
            f(k, v);
        }
    }

    /// Iterator form of [`RawDict::for_each_entry_mut`], with the same contract.
    pub fn keys_values_mut(&mut self) -> KeysValuesMut<'_, K, V> {
        KeysValuesMut::new(self.entries.iter_mut())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict_with_collisions() -> RawDict<u32, u32> {
        let mut d = RawDict::new();
        for k in 0..6 {
            d.insert(u64::from(k % 2), k, k * 10, |a, b| a == b);
        }
        d
    }

    #[test]
    fn probe_walks_candidates_with_equal_hash_only() {
        let d = dict_with_collisions();
        let mut p = d.probe(1);
        let mut seen = Vec::new();
        while let ProbeStep::Candidate(at) = d.probe_next(&mut p).unwrap() {
            seen.push(*d.entry_at(at).unwrap().0);
        }
        assert_eq!(seen, vec![1, 3, 5]);
        assert!(p.is_absent());
        assert_eq!(d.probe_next(&mut p), Ok(ProbeStep::Absent));
    }

    #[test]
    fn insert_and_remove_through_probes() {
        let mut d = dict_with_collisions();
        let mut p = d.probe(0);
        loop {
            match d.probe_next(&mut p).unwrap() {
                ProbeStep::Candidate(at) if *d.entry_at(at).unwrap().0 == 2 => break,
                ProbeStep::Candidate(_) => {}
                ProbeStep::Absent => panic!("2 is present"),
            }
        }
        *d.candidate_mut(&p).unwrap().1 += 1;
        assert_eq!(
            d.insert_probed(&p, 9, 9).unwrap_err().0,
            ProbeError::NotAbsent
        );
        assert_eq!(d.remove_probed(&p), Ok((2, 21)));
        assert_eq!(d.remove_probed(&p), Err(ProbeError::Stale));

        let mut p = d.probe(0);
        while d.probe_next(&mut p).unwrap() != ProbeStep::Absent {}
        assert_eq!(d.remove_probed(&p), Err(ProbeError::NoCandidate));
        let at = d.insert_probed(&p, 100, 1000).unwrap();
        assert_eq!(d.entry_at(at), Some((&100, &1000)));
        assert_eq!(d.get(0, |k| *k == 100), Some((&100, &1000)));
        d.check_invariants().unwrap();
    }

    #[test]
    fn mutation_between_steps_is_detected() {
        let mut d = dict_with_collisions();
        let mut p = d.probe(1);
        assert!(matches!(d.probe_next(&mut p), Ok(ProbeStep::Candidate(_))));
        // "__eq__" runs here and mutates the table.
        d.insert(1, 77, 0, |a, b| a == b);
        assert_eq!(d.probe_next(&mut p), Err(ProbeError::Stale));
        assert_eq!(d.candidate_mut(&p).unwrap_err(), ProbeError::Stale);
        assert_eq!(d.remove_probed(&p), Err(ProbeError::Stale));
        // Replacing a value is not structural: a fresh probe survives it.
        let mut p = d.probe(1);
        let ProbeStep::Candidate(at) = d.probe_next(&mut p).unwrap() else {
            panic!("candidate expected")
        };
        *d.entry_at_mut(at).unwrap().1 = 5;
        assert!(d.probe_next(&mut p).is_ok());
        // A stale absent-probe cannot insert, and gives the key and value back.
        let mut p = d.probe(12345);
        assert_eq!(d.probe_next(&mut p), Ok(ProbeStep::Absent));
        d.remove(1, |k| *k == 77);
        assert_eq!(d.insert_probed(&p, 1, 2), Err((ProbeError::Stale, 1, 2)));
    }

    #[test]
    fn probes_on_empty_and_unallocated_tables() {
        let mut d: RawDict<u8, u8> = RawDict::new();
        let mut p = d.probe(3);
        assert_eq!(d.probe_next(&mut p), Ok(ProbeStep::Absent));
        let at = d.insert_probed(&p, 1, 2).unwrap();
        assert_eq!(d.entry_at(at), Some((&1, &2)));
        assert_eq!(d.get(3, |k| *k == 1), Some((&1, &2)));
    }

    #[test]
    fn cursor_detects_size_and_key_changes() {
        let mut d = dict_with_collisions();
        let mut c = d.cursor();
        assert_eq!(c.next(&d).unwrap().map(|x| *x.1), Some(0));
        *d.entry_at_mut(EntryIndex(1)).unwrap().1 = 0; // value update: fine
        assert_eq!(c.next(&d).unwrap().map(|x| *x.1), Some(1));
        d.remove(0, |k| *k == 4);
        assert_eq!(c.next(&d), Err(CursorError::SizeChanged));
        assert_eq!(c.next(&d), Err(CursorError::SizeChanged), "sticky");
        assert_eq!(c.remaining(), 0);

        let mut c = d.cursor();
        c.next(&d).unwrap();
        d.remove(1, |k| *k == 5);
        d.insert(1, 50, 0, |a, b| a == b);
        assert_eq!(c.next(&d), Err(CursorError::KeysChanged));
    }

    #[test]
    fn cursors_skip_holes_both_ways() {
        let mut d = dict_with_collisions();
        d.remove(0, |k| *k == 2);
        d.remove(1, |k| *k == 3);
        for (mut c, want) in [
            (d.cursor(), vec![0, 1, 4, 5]),
            (d.cursor_rev(), vec![5, 4, 1, 0]),
        ] {
            let mut got = Vec::new();
            while let Some((_, k, _)) = c.next(&d).unwrap() {
                got.push(*k);
                assert_eq!(c.remaining(), want.len() - got.len());
            }
            assert_eq!(got, want);
            assert_eq!(c.next(&d), Ok(None));
        }
        assert_eq!(d.next_index(EntryIndex(2)), Some(EntryIndex(4)));
        assert_eq!(d.prev_index(EntryIndex(4)), Some(EntryIndex(1)));
    }

    #[test]
    fn gc_visit_keeps_version() {
        let mut d = dict_with_collisions();
        let v = d.version();
        let c = d.cursor();
        d.for_each_entry_mut(|_, v| *v += 1);
        for (_, v) in d.keys_values_mut() {
            *v += 1;
        }
        assert_eq!(d.version(), v);
        assert_eq!(c.version(), d.version());
        assert_eq!(d.get(1, |k| *k == 5), Some((&5, &52)));
    }
}
