//! The sparse index: control bytes probed in groups, plus entry numbers whose integer width
//! grows with the table.
//!
//! # Design
//!
//! The index maps a hash to a position in the dense entries array (`entries.rs`). It has
//! `2^log2` slots, stored as two parallel arrays:
//!
//! * `ctrl`: one control byte per slot — `EMPTY` (`0xFF`, never used since the last rebuild),
//!   `DELETED` (`0x80`, a tombstone) or, for a live slot, a 7-bit *tag* of the hash
//!   (`0x00..=0x7F`). Slots form aligned groups of `GROUP` (16 on x86-64, 8 elsewhere; see
//!   `group.rs`).
//! * `slot_bytes`: the entry number of each live slot, as a `u8`, `u16`, `u32` or `u64` —
//!   the narrowest width that can number every slot, so tables of up to 256 slots spend one
//!   byte per slot. This is the variable-width index of PyPy's and CPython's compact dicts;
//!   the control bytes add one byte per slot and buy branch-free probing.
//!
//! A probe loads one group of control bytes and learns, in a few instructions, which slots
//! carry the hash's tag and whether the group has an empty slot. Only tag matches (1/128 of
//! the non-matching live slots) read an entry number and then the entry, so a miss usually
//! costs one group load and one branch — the technique of Google's SwissTable and Rust's
//! hashbrown, applied to the compact dict. Entry numbers are read with one unaligned 8-byte
//! load and a mask (`PAD` bytes follow the array), so the width costs no dispatch.
//!
//! Positions come from Fibonacci hashing: `m = hash * 0x9E37_79B9_7F4A_7C15`; the tag is the
//! top 7 bits of `m`, the home group the next bits. Every input bit reaches the top of the
//! product, so weak hashes (sequential integers, multiples of a power of two, as produced by
//! identity-hashing language runtimes) spread well. Collisions are resolved by triangular
//! probing over groups (`home, +1, +3, +6, ...` groups), which visits every group of a
//! power-of-two table.
//!
//! The index is at most 7/8 full (live slots plus tombstones), like hashbrown's. A probe only
//! moves past a group that has no empty slot, so a removal from a group that still has an
//! empty slot writes `EMPTY` instead of a tombstone (no probe can have passed it);
//! tombstones only appear in full groups and stay rare. When the entries array is compacted,
//! `renumber` rewrites the entry numbers in one pass, leaving tags and probe positions alone.
//!
//! # Invariants (I2-I4 are kept by the caller, `raw.rs`)
//!
//! * I1. An allocated index has `2^log2` slots, `MIN_LOG2 <= log2 <= MAX_LOG2`.
//! * I2. live slots + tombstones <= `usable(log2)` < slot count, so an empty slot always
//!   exists and every probe terminates (probes are also bounded by the number of groups).
//! * I3. A live slot's entry number is `< usable(log2)`, so it fits the width.
//! * I4. A group with an empty slot was never passed by the probe of a live entry: an
//!   entry is stored in the first group of its probe sequence that had a free slot, and a
//!   group only gains an `EMPTY` on removal when it already had one.
//! * I5. Once allocated, `ctrl.len() == group_mask + 1 == slots / GROUP` and
//!   `slot_bytes.len() == (slots << width_shift) + PAD` (set by `shaped`, never changed
//!   afterwards).
//!
//! `unsafe` is limited to two unchecked reads in the hot probe loops (`group_probed`,
//! `entry_number_probed`), justified by I5 alone; everything else is bounds-checked, and a
//! broken I2-I4 can only make a lookup miss.

use std::collections::TryReserveError;
use std::fmt;

use crate::group::{Ctrl, DELETED, EMPTY, Group, Mask, WIDTH as GROUP};

/// Smallest index: one group of slots.
pub(crate) const MIN_LOG2: u32 = GROUP.trailing_zeros();
/// Largest index we can describe without overflowing `usize` arithmetic.
pub(crate) const MAX_LOG2: u32 = usize::BITS - 2;

/// Integer width of the sparse index's entry numbers.
///
/// The width grows with the table: `U8` up to 256 slots (224 entries), `U16` up to 65 536
/// slots (57 344 entries), `U32` up to 2^32 slots, `U64` beyond.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndexWidth {
    /// One byte per slot.
    U8,
    /// Two bytes per slot.
    U16,
    /// Four bytes per slot.
    U32,
    /// Eight bytes per slot.
    U64,
}

impl IndexWidth {
    /// Bytes per entry number.
    pub const fn bytes(self) -> usize {
        match self {
            IndexWidth::U8 => 1,
            IndexWidth::U16 => 2,
            IndexWidth::U32 => 4,
            IndexWidth::U64 => 8,
        }
    }

    /// The narrowest width that numbers `2^log2` slots.
    const fn for_log2(log2: u32) -> IndexWidth {
        if log2 <= 8 {
            IndexWidth::U8
        } else if log2 <= 16 {
            IndexWidth::U16
        } else if log2 <= 32 {
            IndexWidth::U32
        } else {
            IndexWidth::U64
        }
    }
}

impl fmt::Display for IndexWidth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            IndexWidth::U8 => "u8",
            IndexWidth::U16 => "u16",
            IndexWidth::U32 => "u32",
            IndexWidth::U64 => "u64",
        };
        f.write_str(name)
    }
}

/// Entries a `2^log2`-slot index may reference: 7/8 of the slots.
pub(crate) const fn usable(log2: u32) -> usize {
    (1usize << log2) / 8 * 7
}

/// The smallest `log2` whose usable count is at least `min_usable`, if representable.
pub(crate) fn log2_for(min_usable: usize) -> Option<u32> {
    (MIN_LOG2..=MAX_LOG2).find(|&log2| usable(log2) >= min_usable)
}

/// Where a probe for one hash starts and what it looks for.
#[derive(Clone, Copy)]
struct Probe {
    /// Current group.
    group: usize,
    stride: usize,
    /// Group count minus one.
    mask: usize,
    tag: u8,
}

impl Probe {
    #[inline(always)]
    fn new(group_mask: usize, home_shift: u32, hash: u64) -> Probe {
        let m = mix(hash);
        // The top 7 bits are the tag; the next bits pick the home group. With a single
        // group the shift is 64, which `wrapping_shr` turns into 0: the mask then gives 0.
        let home = (m << 7).wrapping_shr(home_shift) as usize;
        Probe {
            group: home & group_mask,
            stride: 0,
            mask: group_mask,
            tag: (m >> 57) as u8,
        }
    }

    /// Moves to the next group; `false` once every group was visited.
    #[inline(always)]
    fn advance(&mut self) -> bool {
        self.stride += 1;
        self.group = (self.group + self.stride) & self.mask;
        self.stride <= self.mask
    }

    /// The slot of the lowest match of `m` in the current group.
    #[inline(always)]
    fn slot(&self, m: Mask) -> usize {
        self.group * GROUP + m.lowest()
    }
}

#[inline(always)]
fn mix(hash: u64) -> u64 {
    hash.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The 7-bit control tag of a hash.
#[inline(always)]
fn tag(hash: u64) -> u8 {
    (mix(hash) >> 57) as u8
}

/// Result of [`Index::find_or_free`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// A matching entry and the slot pointing at it.
    Found { slot: usize, entry: usize },
    /// No match; an insertion goes to `slot` (`None` while unallocated).
    Vacant { slot: Option<usize> },
}

/// Resumable probe position, used by the step-wise embedder API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ScanState {
    group: usize,
    stride: usize,
    /// Tag matches of the current group not reported yet.
    pending: Option<Mask>,
    /// Whether the current group holds an empty slot (the probe ends after it).
    group_has_empty: bool,
    loaded: bool,
    started: bool,
    /// First free slot met, where an insertion would go.
    first_free: Option<usize>,
}

impl ScanState {
    pub(crate) const fn new() -> ScanState {
        ScanState {
            group: 0,
            stride: 0,
            pending: None,
            group_has_empty: false,
            loaded: false,
            started: false,
            first_free: None,
        }
    }
}

/// Outcome of one `scan` step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScanStep {
    /// A live slot whose tag matches and whose entry passed the caller's candidate check.
    Candidate { slot: usize, entry: usize },
    /// The probe sequence ended; an insertion for this hash goes to `slot`.
    End { slot: usize },
    /// The index has no slots (nothing stored yet).
    Unallocated,
}

/// The sparse index.
#[derive(Clone)]
pub(crate) struct Index {
    /// One control group per `GROUP` slots; empty while unallocated.
    ctrl: Vec<Ctrl>,
    /// Entry numbers, `2^width_shift` bytes each, little-endian, then `PAD` bytes so that
    /// any number can be read with one unaligned 8-byte load (no per-width dispatch).
    slot_bytes: Vec<u8>,
    /// `log2` of the slot count (`MIN_LOG2` while unallocated).
    log2: u32,
    /// Group count minus one (0 while unallocated).
    group_mask: usize,
    /// Shift that turns the mixed hash into a home group (see `Probe::new`).
    home_shift: u32,
    /// log2 of the bytes per entry number.
    width_shift: u32,
    /// Mask keeping the entry number out of an 8-byte load.
    width_mask: u64,
}

/// Padding after the entry numbers, for the 8-byte loads of the last ones.
const PAD: usize = 7;

impl Index {
    pub(crate) const fn new() -> Index {
        Index {
            ctrl: Vec::new(),
            slot_bytes: Vec::new(),
            // Keeps probe arithmetic defined; `log2()` reports `None` while unallocated.
            log2: MIN_LOG2,
            group_mask: 0,
            home_shift: 64,
            width_shift: 0,
            width_mask: 0xFF,
        }
    }

    /// Shape fields for `2^log2` slots of `width`.
    fn shaped(log2: u32, width: IndexWidth, ctrl: Vec<Ctrl>, slot_bytes: Vec<u8>) -> Index {
        let (width_shift, width_mask) = match width {
            IndexWidth::U8 => (0, 0xFF),
            IndexWidth::U16 => (1, 0xFFFF),
            IndexWidth::U32 => (2, 0xFFFF_FFFF),
            IndexWidth::U64 => (3, u64::MAX),
        };
        Index {
            ctrl,
            slot_bytes,
            log2,
            group_mask: (1usize << (log2 - MIN_LOG2)) - 1,
            home_shift: 64 - (log2 - MIN_LOG2),
            width_shift,
            width_mask,
        }
    }

    /// An all-empty index of `2^log2` slots whose entry numbers are at least `min_width`.
    pub(crate) fn allocate(log2: u32, min_width: IndexWidth) -> Index {
        let n = 1usize << log2;
        let width = IndexWidth::for_log2(log2).max(min_width);
        Index::shaped(
            log2,
            width,
            vec![Ctrl([EMPTY; GROUP]); n / GROUP],
            vec![0; n * width.bytes() + PAD],
        )
    }

    /// Fallible variant of [`Index::allocate`].
    pub(crate) fn try_allocate(log2: u32, min_width: IndexWidth) -> Result<Index, TryReserveError> {
        fn filled<T: Clone>(n: usize, v: T) -> Result<Vec<T>, TryReserveError> {
            let mut out = Vec::new();
            out.try_reserve_exact(n)?;
            out.resize(n, v);
            Ok(out)
        }
        let n = 1usize << log2;
        let width = IndexWidth::for_log2(log2).max(min_width);
        let ctrl = filled(n / GROUP, Ctrl([EMPTY; GROUP]))?;
        let slot_bytes = filled(n * width.bytes() + PAD, 0)?;
        Ok(Index::shaped(log2, width, ctrl, slot_bytes))
    }

    pub(crate) fn is_allocated(&self) -> bool {
        !self.ctrl.is_empty()
    }

    pub(crate) fn log2(&self) -> Option<u32> {
        self.is_allocated().then_some(self.log2)
    }

    pub(crate) fn slot_count(&self) -> usize {
        self.ctrl.len() * GROUP
    }

    /// Entries this index may reference (0 while unallocated).
    pub(crate) fn usable(&self) -> usize {
        if self.is_allocated() {
            usable(self.log2)
        } else {
            0
        }
    }

    pub(crate) fn width(&self) -> Option<IndexWidth> {
        if !self.is_allocated() {
            return None;
        }
        Some(match self.width_shift {
            0 => IndexWidth::U8,
            1 => IndexWidth::U16,
            2 => IndexWidth::U32,
            _ => IndexWidth::U64,
        })
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.ctrl.capacity() * GROUP + self.slot_bytes.capacity()
    }

    /// Entry number stored in `slot` (meaningful for live slots only).
    #[inline(always)]
    fn entry_number(&self, slot: usize) -> Option<usize> {
        let off = slot << self.width_shift;
        let bytes = self.slot_bytes.get(off..off + 8)?;
        let word = u64::from_le_bytes(bytes.try_into().ok()?);
        Some((word & self.width_mask) as usize)
    }

    /// [`Index::entry_number`] for a slot found by a probe of an allocated index.
    ///
    /// # Safety
    /// `slot < self.slot_count()` (then I5 puts the 8-byte load in bounds).
    #[inline(always)]
    unsafe fn entry_number_probed(&self, slot: usize) -> usize {
        debug_assert!(slot < self.slot_count());
        let off = slot << self.width_shift;
        // SAFETY: I5 gives `slot_bytes.len() == slot_count << width_shift + PAD`, and
        // `slot < slot_count` (caller), so `off + 8 <= len`. Unaligned read of plain bytes.
        let word = unsafe {
            self.slot_bytes
                .as_ptr()
                .add(off)
                .cast::<[u8; 8]>()
                .read_unaligned()
        };
        (u64::from_le_bytes(word) & self.width_mask) as usize
    }

    #[inline(always)]
    fn set_entry_number(&mut self, slot: usize, entry: usize) {
        let off = slot << self.width_shift;
        if let Some(dst) = self.slot_bytes.get_mut(off..off + 8) {
            // Read-modify-write of 8 bytes (a fixed-size copy, no `memcpy` call): only the
            // low `width` bytes change. Entry numbers fit the width (I3).
            let mut word = [0u8; 8];
            word.copy_from_slice(dst);
            let old = u64::from_le_bytes(word);
            let new = (old & !self.width_mask) | (entry as u64 & self.width_mask);
            dst.copy_from_slice(&new.to_le_bytes());
        }
    }

    /// Replaces every live slot's entry number `e` by `f(e)` (after the entries moved), in one
    /// pass over the index: no hashing, no probing, tags and tombstones unchanged.
    pub(crate) fn renumber(&mut self, mut f: impl FnMut(usize) -> usize) {
        for g in 0..self.ctrl.len() {
            let mut full = self.group(g).match_full();
            while full.any() {
                let slot = g * GROUP + full.lowest();
                full.remove_lowest();
                if let Some(e) = self.entry_number(slot) {
                    self.set_entry_number(slot, f(e));
                }
            }
        }
    }

    /// The control byte of `slot` (`EMPTY` out of range).
    #[inline(always)]
    fn ctrl_byte(&self, slot: usize) -> u8 {
        self.ctrl
            .get(slot / GROUP)
            .map_or(EMPTY, |c| c.0[slot % GROUP])
    }

    /// Writes the control byte of `slot`.
    #[inline(always)]
    fn set_ctrl(&mut self, slot: usize, value: u8) {
        if let Some(c) = self.ctrl.get_mut(slot / GROUP) {
            c.0[slot % GROUP] = value;
        }
    }

    /// Group `g`, loaded (all `EMPTY` out of range, which ends any probe).
    #[inline(always)]
    fn group(&self, g: usize) -> Group {
        const ALL_EMPTY: Ctrl = Ctrl([EMPTY; GROUP]);
        Group::load(self.ctrl.get(g).unwrap_or(&ALL_EMPTY))
    }

    /// Group `g` of an allocated index, `g <= group_mask`.
    ///
    /// # Safety
    /// The index is allocated and `g <= self.group_mask` (then I5 puts it in bounds).
    #[inline(always)]
    unsafe fn group_probed(&self, g: usize) -> Group {
        debug_assert!(g < self.ctrl.len());
        // SAFETY: I5 gives `ctrl.len() == group_mask + 1` once allocated (caller).
        Group::load(unsafe { self.ctrl.get_unchecked(g) })
    }

    /// Finds the first live slot for `hash` whose entry satisfies `is_match`.
    ///
    /// Returns `(slot, entry)`. An error from `is_match` is returned unchanged.
    #[inline]
    pub(crate) fn find<E>(
        &self,
        hash: u64,
        is_match: impl FnMut(usize) -> Result<bool, E>,
    ) -> Result<Option<(usize, usize)>, E> {
        // An unallocated index has no groups: the probe sees "all empty" and stops.
        self.find_in(hash, is_match)
    }

    /// Like [`Index::find`], but on a miss also reports where an insertion of `hash` goes
    /// (the first free slot on the probe sequence).
    #[inline]
    pub(crate) fn find_or_free<E>(
        &self,
        hash: u64,
        is_match: impl FnMut(usize) -> Result<bool, E>,
    ) -> Result<Lookup, E> {
        if !self.is_allocated() {
            return Ok(Lookup::Vacant { slot: None });
        }
        self.find_or_free_in(hash, is_match)
    }

    /// Advances a resumable probe to the next candidate (tag match and `is_candidate(entry)`)
    /// or to the end of the probe sequence.
    pub(crate) fn scan(
        &self,
        hash: u64,
        state: &mut ScanState,
        is_candidate: impl FnMut(usize) -> bool,
    ) -> ScanStep {
        if !self.is_allocated() {
            return ScanStep::Unallocated;
        }
        self.scan_in(hash, state, is_candidate)
    }

    /// The slot an insertion of a (known absent) `hash` would use: the first free slot on its
    /// probe sequence. `None` only while unallocated.
    #[inline]
    pub(crate) fn find_free(&self, hash: u64) -> Option<usize> {
        if !self.is_allocated() {
            return None;
        }
        Some(self.find_free_in(hash))
    }

    /// The live slot that points at `entry` (whose stored hash is `hash`).
    pub(crate) fn find_entry(&self, hash: u64, entry: usize) -> Option<usize> {
        if !self.is_allocated() {
            return None;
        }
        let found: Result<_, ()> = self.find_in(hash, |e| Ok(e == entry));
        found.ok().flatten().map(|(slot, _)| slot)
    }

    /// Makes free `slot` point at `entry` (with the tag of `hash`).
    #[inline]
    pub(crate) fn store(&mut self, slot: usize, hash: u64, entry: usize) {
        self.set_ctrl(slot, tag(hash));
        self.set_entry_number(slot, entry);
    }

    /// Frees live `slot`. Writes `EMPTY` when its group has another empty slot (then no
    /// probe can have passed the group, I4), else a tombstone. Returns whether a tombstone
    /// was left.
    pub(crate) fn remove(&mut self, slot: usize) -> bool {
        let tombstone = !self.group(slot / GROUP).match_empty().any();
        self.set_ctrl(slot, if tombstone { DELETED } else { EMPTY });
        tombstone
    }

    /// Whether `slot` holds a tombstone.
    #[inline]
    pub(crate) fn is_tombstone(&self, slot: usize) -> bool {
        self.ctrl_byte(slot) == DELETED
    }

    /// Whether `slot` is empty or a tombstone (an insertion may use it).
    #[inline]
    pub(crate) fn is_free(&self, slot: usize) -> bool {
        slot < self.slot_count() && self.ctrl_byte(slot) & 0x80 != 0
    }

    /// Empties every slot, keeping the allocation.
    pub(crate) fn clear(&mut self) {
        self.ctrl.fill(Ctrl([EMPTY; GROUP]));
    }

    /// Makes this an all-empty index of `2^log2` slots at least `min_width` wide, reusing
    /// the allocation when size and width are unchanged.
    pub(crate) fn reset(&mut self, log2: u32, min_width: IndexWidth) {
        let width = IndexWidth::for_log2(log2).max(min_width);
        if self.log2() == Some(log2) && self.width() == Some(width) {
            self.clear();
        } else {
            *self = Index::allocate(log2, width);
        }
    }

    /// Stores `items` (`(entry, hash)` pairs, entries distinct and `< usable`) into an index
    /// without tombstones (fresh from `reset`/`allocate`).
    pub(crate) fn fill(&mut self, items: impl Iterator<Item = (usize, u64)>) {
        if !self.is_allocated() {
            return;
        }
        for (entry, hash) in items {
            let slot = self.find_free_in(hash);
            self.store(slot, hash, entry);
        }
    }

    /// Counts slots by kind: `(live, tombstones)`, and checks I4 for tombstones. O(slots).
    pub(crate) fn census(&self) -> Result<(usize, usize), String> {
        let n = self.slot_count();
        if self.ctrl.len() * GROUP != n {
            return Err(format!("{} control words for {n} slots", self.ctrl.len()));
        }
        let bytes = (0..n).map(|i| self.ctrl_byte(i));
        let live = bytes.clone().filter(|&c| c & 0x80 == 0).count();
        let tombs = bytes.filter(|&c| c == DELETED).count();
        Ok((live, tombs))
    }

    /// The entry a live slot points to.
    pub(crate) fn entry_at_slot(&self, slot: usize) -> Option<usize> {
        if slot >= self.slot_count() || self.ctrl_byte(slot) & 0x80 != 0 {
            return None;
        }
        self.entry_number(slot)
    }
}

impl Index {
    #[inline(always)]
    fn find_free_in(&self, hash: u64) -> usize {
        let mut p = Probe::new(self.group_mask, self.home_shift, hash);
        loop {
            let free = self.group(p.group).match_free();
            if free.any() || !p.advance() {
                return p.slot(free);
            }
        }
    }

    #[inline(always)]
    fn find_in<E>(
        &self,
        hash: u64,
        mut is_match: impl FnMut(usize) -> Result<bool, E>,
    ) -> Result<Option<(usize, usize)>, E> {
        if self.ctrl.is_empty() {
            return Ok(None);
        }
        let mut p = Probe::new(self.group_mask, self.home_shift, hash);
        loop {
            // SAFETY: allocated (checked above) and `p.group <= group_mask` (Probe).
            let group = unsafe { self.group_probed(p.group) };
            let mut matches = group.match_tag(p.tag);
            while matches.any() {
                let slot = p.slot(matches);
                matches.remove_lowest();
                // SAFETY: a match lies in group `p.group`, so `slot < slot_count`.
                let e = unsafe { self.entry_number_probed(slot) };
                if is_match(e)? {
                    return Ok(Some((slot, e)));
                }
            }
            if group.match_empty().any() || !p.advance() {
                return Ok(None);
            }
        }
    }

    #[inline(always)]
    fn find_or_free_in<E>(
        &self,
        hash: u64,
        mut is_match: impl FnMut(usize) -> Result<bool, E>,
    ) -> Result<Lookup, E> {
        if self.ctrl.is_empty() {
            return Ok(Lookup::Vacant { slot: None });
        }
        let mut p = Probe::new(self.group_mask, self.home_shift, hash);
        let mut first_free = None;
        loop {
            // SAFETY: allocated (checked above) and `p.group <= group_mask` (Probe).
            let group = unsafe { self.group_probed(p.group) };
            let mut matches = group.match_tag(p.tag);
            while matches.any() {
                let slot = p.slot(matches);
                matches.remove_lowest();
                // SAFETY: a match lies in group `p.group`, so `slot < slot_count`.
                let e = unsafe { self.entry_number_probed(slot) };
                if is_match(e)? {
                    return Ok(Lookup::Found { slot, entry: e });
                }
            }
            if first_free.is_none() {
                let free = group.match_free();
                if free.any() {
                    first_free = Some(p.slot(free));
                }
            }
            if group.match_empty().any() || !p.advance() {
                return Ok(Lookup::Vacant { slot: first_free });
            }
        }
    }

    fn scan_in(
        &self,
        hash: u64,
        state: &mut ScanState,
        mut is_candidate: impl FnMut(usize) -> bool,
    ) -> ScanStep {
        let mut p = Probe::new(self.group_mask, self.home_shift, hash);
        if state.started {
            // Masking keeps a probe from a differently sized table in bounds.
            p.group = state.group & p.mask;
            p.stride = state.stride;
        } else {
            state.started = true;
        }
        loop {
            if !state.loaded {
                let group = self.group(p.group);
                state.pending = Some(group.match_tag(p.tag));
                state.group_has_empty = group.match_empty().any();
                if state.first_free.is_none() {
                    let free = group.match_free();
                    if free.any() {
                        state.first_free = Some(p.slot(free));
                    }
                }
                state.loaded = true;
            }
            while let Some(mut pending) = state.pending.filter(|m| m.any()) {
                let slot = p.slot(pending);
                pending.remove_lowest();
                state.pending = Some(pending);
                if let Some(e) = self.entry_number(slot)
                    && is_candidate(e)
                {
                    state.group = p.group;
                    state.stride = p.stride;
                    return ScanStep::Candidate { slot, entry: e };
                }
            }
            let more = !state.group_has_empty && p.advance();
            state.group = p.group;
            state.stride = p.stride;
            state.loaded = false;
            if !more {
                // Reached an empty slot (or, impossibly, visited every group).
                state.loaded = true;
                return ScanStep::End {
                    slot: state.first_free.unwrap_or(p.group * GROUP),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usable_is_seven_eighths() {
        assert_eq!(usable(4), 14);
        assert_eq!(usable(8), 224);
        assert_eq!(usable(9), 448);
        assert_eq!(usable(16), 57_344);
        assert_eq!(log2_for(0), Some(MIN_LOG2));
        assert_eq!(log2_for(224), Some(8));
        assert_eq!(log2_for(225), Some(9));
        assert_eq!(log2_for(usize::MAX), None);
    }

    #[test]
    fn width_follows_log2() {
        assert_eq!(
            Index::allocate(8, IndexWidth::U8).width(),
            Some(IndexWidth::U8)
        );
        assert_eq!(
            Index::allocate(9, IndexWidth::U8).width(),
            Some(IndexWidth::U16)
        );
        assert_eq!(
            Index::allocate(16, IndexWidth::U8).width(),
            Some(IndexWidth::U16)
        );
        assert_eq!(
            Index::allocate(17, IndexWidth::U8).width(),
            Some(IndexWidth::U32)
        );
        assert_eq!(
            Index::allocate(4, IndexWidth::U64).width(),
            Some(IndexWidth::U64)
        );
        assert_eq!(Index::new().width(), None);
    }

    /// Stores entries for colliding hashes and finds each again, at every width.
    #[test]
    fn store_find_remove_every_width() {
        for width in [
            IndexWidth::U8,
            IndexWidth::U16,
            IndexWidth::U32,
            IndexWidth::U64,
        ] {
            let mut index = Index::allocate(5, width);
            let hashes = [7u64, 7, 7, 1 << 63, 0, u64::MAX, 12345, 7, 7, 7, 7, 7];
            for (entry, &h) in hashes.iter().enumerate() {
                let slot = index.find_free(h).unwrap();
                index.store(slot, h, entry);
            }
            assert_eq!(index.census(), Ok((hashes.len(), 0)));
            for (entry, &h) in hashes.iter().enumerate() {
                let found = index.find::<()>(h, |e| Ok(e == entry)).unwrap();
                let (slot, e) = found.expect("stored entry is found");
                assert_eq!(e, entry);
                assert_eq!(index.find_entry(h, entry), Some(slot));
                assert_eq!(index.entry_at_slot(slot), Some(entry));
            }
            // Remove every 7 but the last: the last must stay reachable.
            let mut tombs = 0;
            for entry in [0, 1, 2, 7, 8, 9, 10] {
                let slot = index.find_entry(7, entry).unwrap();
                tombs += usize::from(index.remove(slot));
                assert!(index.is_free(slot));
            }
            assert!(index.find_entry(7, 11).is_some());
            assert_eq!(index.find::<()>(7, |e| Ok(e == 1)).unwrap(), None);
            assert_eq!(index.census(), Ok((hashes.len() - 7, tombs)));
        }
    }

    #[test]
    fn removal_leaves_empty_when_no_probe_passed() {
        let mut index = Index::allocate(6, IndexWidth::U8);
        let slot = index.find_free(99).unwrap();
        index.store(slot, 99, 0);
        assert!(!index.remove(slot), "a lone entry leaves no tombstone");
        assert_eq!(index.census(), Ok((0, 0)));
    }

    #[test]
    fn scan_reports_candidates_then_end() {
        let mut index = Index::allocate(5, IndexWidth::U8);
        for entry in 0..20 {
            let slot = index.find_free(42).unwrap();
            index.store(slot, 42, entry);
        }
        let mut state = ScanState::new();
        let mut seen = Vec::new();
        loop {
            match index.scan(42, &mut state, |e| e % 2 == 0) {
                ScanStep::Candidate { entry, slot } => {
                    assert_eq!(index.entry_at_slot(slot), Some(entry));
                    seen.push(entry);
                }
                ScanStep::End { slot } => {
                    assert!(index.is_free(slot));
                    break;
                }
                ScanStep::Unallocated => unreachable!(),
            }
        }
        assert_eq!(seen, (0..20).step_by(2).collect::<Vec<_>>());
        assert_eq!(
            Index::new().scan(1, &mut ScanState::new(), |_| true),
            ScanStep::Unallocated
        );
    }
}
