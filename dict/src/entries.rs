//! Dense, insertion-ordered entry storage with holes (the only module with `unsafe`).
//!
//! # Design
//!
//! Entries live in one `Vec<Bucket>`; a bucket is `(hash, key, value)` with the key and value
//! in `MaybeUninit`, so a removed entry can leave a *hole* without an `Option` tag that would
//! grow every bucket (for `u64 -> u64` an `Option` costs 32 bytes per entry instead of 24).
//! Which buckets are holes is recorded in a side bitmap (`dead`, one bit per bucket), which is
//! only consulted while `holes > 0`; a table that never had a hole pays nothing for it.
//!
//! A bucket that is a hole holds no value: moving buckets around (compaction, sorting,
//! rotation) is plain safe code because `Bucket` has no drop glue and no validity invariant of
//! its own. The `unsafe` here is limited to reading the key/value of a bucket; every such
//! read is justified by invariant E1, except `matching_key`/`matching_entry` (the lookup hot
//! path), which are `unsafe fn`s whose callers vouch for liveness through R1 (`raw.rs`).
//!
//! # Invariants
//!
//! * E1. Bucket `i < len` has an initialised key and value if and only if `!is_hole(i)`.
//!   `is_hole(i)` is `holes > 0 && dead bit i is set`; bits at or beyond `len` are zero, and
//!   bits past the end of `dead` count as zero.
//! * E2. `holes` is the number of hole buckets below `len`, and the number of set bits.
//! * E3. The last bucket, if any, is live (trailing holes are trimmed immediately), hence
//!   `live == 0` implies `len == 0`.
//! * E4. `head` is the position of the first live bucket (0 when empty); every bucket before
//!   `head` is a hole.
//!
//! User code runs here only in `sort_by` (the comparison: `slice::sort_by` keeps the buckets
//! a permutation even if it panics) and `clone_compact` (`Clone`, writing into a new
//! `Entries` that drops exactly what it received). Everything else finishes its state
//! change before dropping a user value, so a panicking destructor can leak, never double
//! drop.

use std::cmp::Ordering;
use std::iter::FusedIterator;
use std::mem::{self, MaybeUninit};
use std::{slice, vec};

/// One slot of the dense array: a stored hash plus a key and value that are initialised
/// exactly when the bucket is live (E1).
pub(crate) struct Bucket<K, V> {
    hash: u64,
    key: MaybeUninit<K>,
    value: MaybeUninit<V>,
}

impl<K, V> Bucket<K, V> {
    fn hole() -> Self {
        Bucket {
            hash: 0,
            key: MaybeUninit::uninit(),
            value: MaybeUninit::uninit(),
        }
    }
}

#[inline(always)]
fn bit(words: &[u64], i: usize) -> bool {
    words.get(i / 64).is_some_and(|w| (w >> (i % 64)) & 1 != 0)
}

#[inline]
fn set_bit(words: &mut Vec<u64>, i: usize) {
    let w = i / 64;
    if w >= words.len() {
        words.resize(w + 1, 0);
    }
    words[w] |= 1 << (i % 64);
}

#[inline]
fn clear_bit(words: &mut [u64], i: usize) {
    if let Some(w) = words.get_mut(i / 64) {
        *w &= !(1 << (i % 64));
    }
}

/// The dense entries array.
pub(crate) struct Entries<K, V> {
    buckets: Vec<Bucket<K, V>>,
    /// Hole bitmap, valid while `holes > 0` (E1).
    dead: Vec<u64>,
    holes: usize,
    head: usize,
}

impl<K, V> Entries<K, V> {
    pub(crate) const fn new() -> Self {
        Entries {
            buckets: Vec::new(),
            dead: Vec::new(),
            holes: 0,
            head: 0,
        }
    }

    pub(crate) fn with_capacity(n: usize) -> Self {
        Entries {
            buckets: Vec::with_capacity(n),
            dead: Vec::new(),
            holes: 0,
            head: 0,
        }
    }

    /// Buckets including holes: one past the largest entry position.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.buckets.len()
    }

    #[inline]
    pub(crate) fn live(&self) -> usize {
        self.buckets.len() - self.holes
    }

    #[inline]
    pub(crate) fn holes(&self) -> usize {
        self.holes
    }

    #[inline]
    pub(crate) fn head(&self) -> usize {
        self.head
    }

    pub(crate) fn capacity(&self) -> usize {
        self.buckets.capacity()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.buckets.capacity() * mem::size_of::<Bucket<K, V>>()
            + self.dead.capacity() * mem::size_of::<u64>()
    }

    pub(crate) fn reserve_exact(&mut self, additional: usize) {
        self.buckets.reserve_exact(additional);
    }

    pub(crate) fn try_reserve_exact(
        &mut self,
        additional: usize,
    ) -> Result<(), std::collections::TryReserveError> {
        self.buckets.try_reserve_exact(additional)
    }

    pub(crate) fn shrink_to(&mut self, capacity: usize) {
        self.buckets.shrink_to(capacity);
        self.dead.shrink_to_fit();
    }

    #[inline(always)]
    fn is_hole(&self, i: usize) -> bool {
        self.holes != 0 && bit(&self.dead, i)
    }

    #[inline]
    pub(crate) fn is_live(&self, i: usize) -> bool {
        i < self.buckets.len() && !self.is_hole(i)
    }

    /// Key of bucket `i` if its stored hash is `hash`: the probe's candidate check.
    ///
    /// # Safety
    /// `i` was read from a live slot of the index kept in sync with these entries: by R1
    /// (`raw.rs`) such a bucket is live whenever it is in range. (Checking the hole bitmap
    /// here instead costs about 10% of a lookup, and R1 is checked after every operation
    /// by the model tests, in debug builds, and under Miri.)
    #[inline(always)]
    pub(crate) unsafe fn matching_key(&self, i: usize, hash: u64) -> Option<&K> {
        let b = self.buckets.get(i)?;
        if b.hash != hash {
            return None;
        }
        debug_assert!(!self.is_hole(i), "R1 violated: the index points at a hole");
        // SAFETY: in range (checked) and live by the caller's contract, so initialised (E1).
        Some(unsafe { b.key.assume_init_ref() })
    }

    /// Key and value of bucket `i` if its stored hash is `hash`.
    ///
    /// # Safety
    /// As for [`Entries::matching_key`].
    #[inline(always)]
    pub(crate) unsafe fn matching_entry(&self, i: usize, hash: u64) -> Option<(&K, &V)> {
        let b = self.buckets.get(i)?;
        if b.hash != hash {
            return None;
        }
        debug_assert!(!self.is_hole(i), "R1 violated: the index points at a hole");
        // SAFETY: in range (checked) and live by the caller's contract, so initialised (E1).
        Some(unsafe { (b.key.assume_init_ref(), b.value.assume_init_ref()) })
    }

    /// Stored hash of live bucket `i`.
    #[inline]
    pub(crate) fn hash(&self, i: usize) -> Option<u64> {
        self.is_live(i).then(|| self.buckets[i].hash)
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<(u64, &K, &V)> {
        if !self.is_live(i) {
            return None;
        }
        let b = &self.buckets[i];
        // SAFETY: bucket `i` is live, so key and value are initialised (E1).
        Some(unsafe { (b.hash, b.key.assume_init_ref(), b.value.assume_init_ref()) })
    }

    #[inline]
    pub(crate) fn get_mut(&mut self, i: usize) -> Option<(u64, &mut K, &mut V)> {
        if !self.is_live(i) {
            return None;
        }
        let b = &mut self.buckets[i];
        // SAFETY: bucket `i` is live, so key and value are initialised (E1); the two
        // references point at distinct fields.
        Some(unsafe { (b.hash, b.key.assume_init_mut(), b.value.assume_init_mut()) })
    }

    /// Appends a live bucket; returns its position.
    #[inline]
    pub(crate) fn push(&mut self, hash: u64, key: K, value: V) -> usize {
        let i = self.buckets.len();
        self.buckets.push(Bucket {
            hash,
            key: MaybeUninit::new(key),
            value: MaybeUninit::new(value),
        });
        if i == 0 {
            self.head = 0;
        }
        i
    }

    /// Marks live bucket `i` as a hole in the bitmap (the caller moves its contents out).
    fn mark_hole(&mut self, i: usize) {
        set_bit(&mut self.dead, i);
        self.holes += 1;
    }

    /// Drops trailing holes (E3).
    fn trim_tail(&mut self) {
        while let Some(last) = self.buckets.len().checked_sub(1) {
            if !self.is_hole(last) {
                break;
            }
            self.buckets.pop();
            clear_bit(&mut self.dead, last);
            self.holes -= 1;
        }
        if self.buckets.is_empty() {
            self.head = 0;
            self.dead.clear();
        }
    }

    /// Removes live bucket `i`, leaving a hole unless it was the last one.
    pub(crate) fn take(&mut self, i: usize) -> Option<(u64, K, V)> {
        if !self.is_live(i) {
            return None;
        }
        if i + 1 == self.buckets.len() {
            let b = self.buckets.pop()?;
            self.trim_tail();
            // SAFETY: the bucket was live (checked above), so its key and value are
            // initialised (E1); it is no longer in the vector, so this is the only read.
            return Some(unsafe { (b.hash, b.key.assume_init(), b.value.assume_init()) });
        }
        // Record the hole first: after the reads below the bucket must never count as live.
        self.mark_hole(i);
        if i == self.head {
            // E3: the last bucket is live, so a live bucket follows.
            self.head = self.next_live(i + 1).unwrap_or(self.buckets.len());
        }
        let b = &mut self.buckets[i];
        // SAFETY: the bucket was live until `mark_hole` above, so its contents are
        // initialised; being a hole now, they are never read or dropped again (E1).
        Some(unsafe { (b.hash, b.key.assume_init_read(), b.value.assume_init_read()) })
    }

    /// Moves live bucket `i` to a new last position; returns that position.
    pub(crate) fn move_to_end(&mut self, i: usize) -> Option<usize> {
        if !self.is_live(i) {
            return None;
        }
        let last = self.buckets.len() - 1;
        if i == last {
            return Some(i);
        }
        // Allocate first: nothing below may fail once the bucket is moved.
        self.buckets.reserve(1);
        self.mark_hole(i);
        if i == self.head {
            self.head = self.next_live(i + 1).unwrap_or(last);
        }
        let b = mem::replace(&mut self.buckets[i], Bucket::hole());
        self.buckets.push(b);
        Some(last + 1)
    }

    /// Moves live bucket `i` into the hole right before `head`; returns the new position.
    /// `None` if `i` is not live or there is no hole before `head`.
    pub(crate) fn move_before_head(&mut self, i: usize) -> Option<usize> {
        if !self.is_live(i) {
            return None;
        }
        if i == self.head {
            return Some(i);
        }
        let target = self.head.checked_sub(1)?;
        // Bitmap first (may allocate); then bitwise moves that cannot fail.
        set_bit(&mut self.dead, i);
        let b = mem::replace(&mut self.buckets[i], Bucket::hole());
        self.buckets[target] = b;
        clear_bit(&mut self.dead, target);
        self.head = target;
        self.trim_tail();
        Some(target)
    }

    /// Removes all holes, keeping order; then, if `front_gap > 0` and the table is not empty,
    /// opens `front_gap` holes before the first entry (room for cheap `move_to_front`).
    pub(crate) fn compact(&mut self, front_gap: usize) {
        if self.holes > 0 && self.holes == self.head {
            // All holes lead (queues, LRU moves, `pop_first`): one memmove of the rest.
            self.buckets.drain(..self.head);
            self.dead.clear();
            self.holes = 0;
            self.head = 0;
        } else if self.holes > 0 {
            // `retain` moves the live buckets down in order; dropping a hole bucket is a
            // no-op (`Bucket` has no drop glue).
            let dead = &self.dead;
            let mut i = 0usize;
            self.buckets.retain(|_| {
                let live = !bit(dead, i);
                i += 1;
                live
            });
            self.dead.clear();
            self.holes = 0;
            self.head = 0;
        }
        if front_gap > 0 && !self.buckets.is_empty() {
            self.buckets.reserve(front_gap);
            self.dead.resize(front_gap.div_ceil(64), 0);
            self.buckets
                .extend(std::iter::repeat_with(Bucket::hole).take(front_gap));
            self.buckets.rotate_right(front_gap);
            for i in 0..front_gap {
                set_bit(&mut self.dead, i);
            }
            self.holes = front_gap;
            self.head = front_gap;
        }
    }

    /// Removes everything, keeping the allocation. If a key or value destructor panics the
    /// remaining ones are leaked; `self` is already empty and consistent by then.
    pub(crate) fn clear(&mut self) {
        let mut old = mem::replace(self, Entries::new());
        let mut buckets = mem::take(&mut old.buckets);
        // `old` now owns nothing to drop.
        drop_live(&mut buckets, &old.dead, old.holes);
        buckets.clear();
        self.buckets = buckets;
    }

    /// First live position `>= from`.
    pub(crate) fn next_live(&self, from: usize) -> Option<usize> {
        let len = self.buckets.len();
        let mut i = from.max(self.head);
        if self.holes == 0 {
            return (i < len).then_some(i);
        }
        while i < len {
            let w = i / 64;
            let Some(&word) = self.dead.get(w) else {
                return Some(i);
            };
            let live_bits = !word >> (i % 64);
            if live_bits != 0 {
                let j = i + live_bits.trailing_zeros() as usize;
                return (j < len).then_some(j);
            }
            i = (w + 1) * 64;
        }
        None
    }

    /// Last live position `< before`.
    pub(crate) fn prev_live(&self, before: usize) -> Option<usize> {
        let mut end = before.min(self.buckets.len());
        if end <= self.head {
            return None;
        }
        if self.holes == 0 {
            return Some(end - 1);
        }
        loop {
            let i = end - 1;
            let w = i / 64;
            let Some(&word) = self.dead.get(w) else {
                return Some(i);
            };
            // Bring bits 0..=i%64 to the top; the highest set bit is the nearest live one.
            let live_bits = !word << (63 - i % 64);
            if live_bits != 0 {
                return Some(i - live_bits.leading_zeros() as usize);
            }
            end = w * 64;
            if end <= self.head {
                return None;
            }
        }
    }

    /// Position of the `n`-th live bucket (0-based). O(1) without holes, else O(len / 64).
    pub(crate) fn nth_live(&self, n: usize) -> Option<usize> {
        let len = self.buckets.len();
        if self.holes == 0 {
            return (n < len).then_some(n);
        }
        if n >= self.live() {
            return None;
        }
        let mut n = n;
        let mut base = self.head / 64 * 64;
        while base < len {
            let valid = (len - base).min(64);
            let valid_mask = if valid == 64 {
                u64::MAX
            } else {
                (1u64 << valid) - 1
            };
            let word = self.dead.get(base / 64).copied().unwrap_or(0);
            let mut live_bits = !word & valid_mask;
            let count = live_bits.count_ones() as usize;
            if n < count {
                for _ in 0..n {
                    live_bits &= live_bits - 1;
                }
                return Some(base + live_bits.trailing_zeros() as usize);
            }
            n -= count;
            base += 64;
        }
        None
    }

    /// Number of live buckets before position `i`. O(1) without holes, else O(i / 64).
    pub(crate) fn rank(&self, i: usize) -> usize {
        let i = i.min(self.buckets.len());
        if self.holes == 0 {
            return i;
        }
        let full = i / 64;
        let mut dead = 0usize;
        for w in 0..full {
            dead += self.dead.get(w).map_or(0, |x| x.count_ones() as usize);
        }
        if !i.is_multiple_of(64) {
            let word = self.dead.get(full).copied().unwrap_or(0);
            dead += (word & ((1u64 << (i % 64)) - 1)).count_ones() as usize;
        }
        i - dead
    }

    /// Where each live bucket will be after `compact(front_gap)`: a table of live counts
    /// per bitmap word, so the index can be renumbered before the buckets move.
    pub(crate) fn rank_map(&self, front_gap: usize) -> RankMap {
        let mut prefix = Vec::with_capacity(self.dead.len() + 1);
        let mut dead_before = 0usize;
        if self.holes == self.head {
            // Only leading holes (or none): every live bucket moves by the same amount.
            return RankMap {
                prefix,
                dead: Vec::new(),
                holes: self.holes,
                front_gap,
            };
        }
        if self.holes > 0 {
            for w in &self.dead {
                prefix.push(dead_before);
                dead_before += w.count_ones() as usize;
            }
        }
        RankMap {
            prefix,
            dead: if self.holes > 0 {
                self.dead.clone()
            } else {
                Vec::new()
            },
            holes: self.holes,
            front_gap,
        }
    }

    /// `(position, hash)` of every live bucket, in order.
    pub(crate) fn hashes(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.iter().map(|(i, h, _, _)| (i, h))
    }

    pub(crate) fn iter(&self) -> Iter<'_, K, V> {
        let head = self.head.min(self.buckets.len());
        Iter {
            inner: self.buckets[head..].iter(),
            dead: if self.holes == 0 { &[] } else { &self.dead },
            front: head,
            back: self.buckets.len(),
            remaining: self.live(),
        }
    }

    pub(crate) fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        let head = self.head.min(self.buckets.len());
        let remaining = self.live();
        let back = self.buckets.len();
        IterMut {
            inner: self.buckets[head..].iter_mut(),
            dead: if self.holes == 0 { &[] } else { &self.dead },
            front: head,
            back,
            remaining,
        }
    }

    /// Sorts the entries (which must have no holes: the caller compacts first).
    pub(crate) fn sort_by(&mut self, mut cmp: impl FnMut(&K, &V, &K, &V) -> Ordering) {
        self.compact(0);
        self.buckets.sort_by(|a, b| {
            // SAFETY: after `compact(0)` there are no holes, so every bucket is live and
            // initialised (E1). `sort_by` only permutes buckets bitwise and keeps every
            // bucket in the slice even if `cmp` panics, so E1 still holds afterwards.
            unsafe {
                cmp(
                    a.key.assume_init_ref(),
                    a.value.assume_init_ref(),
                    b.key.assume_init_ref(),
                    b.value.assume_init_ref(),
                )
            }
        });
    }

    /// Reverses the order of the entries (compacting first).
    pub(crate) fn reverse(&mut self) {
        self.compact(0);
        self.buckets.reverse();
    }

    /// An owning iterator over the live entries.
    pub(crate) fn into_iter(mut self) -> IntoIter<K, V> {
        let buckets = mem::take(&mut self.buckets);
        let dead = mem::take(&mut self.dead);
        let holes = mem::replace(&mut self.holes, 0);
        let live = buckets.len() - holes;
        let back = buckets.len();
        IntoIter {
            inner: buckets.into_iter(),
            dead: if holes == 0 { Vec::new() } else { dead },
            front: 0,
            back,
            remaining: live,
        }
    }

    /// A copy with holes squeezed out (positions change iff `self` had holes).
    pub(crate) fn clone_compact(&self) -> Self
    where
        K: Clone,
        V: Clone,
    {
        let mut out = Entries::with_capacity(self.live());
        for (_, h, k, v) in self.iter() {
            // A panic in `clone` drops `out`, which drops exactly what was pushed.
            out.push(h, k.clone(), v.clone());
        }
        out
    }

    /// Checks E1-E4 (test support). Returns a description of the first violation.
    pub(crate) fn check(&self) -> Result<(), String> {
        let len = self.buckets.len();
        let counted = (0..len).filter(|&i| bit(&self.dead, i)).count();
        if counted != self.holes {
            // Also catches stale bits while `holes == 0`, which would revive as holes later.
            return Err(format!("holes = {} but {counted} bits set", self.holes));
        }
        if (len..self.dead.len() * 64).any(|i| bit(&self.dead, i)) {
            return Err("hole bit set past len".into());
        }
        if len > 0 && self.is_hole(len - 1) {
            return Err("trailing hole".into());
        }
        let first = (0..len).find(|&i| !self.is_hole(i)).unwrap_or(0);
        if self.head != first {
            return Err(format!("head = {} but first live = {first}", self.head));
        }
        Ok(())
    }
}

/// Old position -> position after `compact(front_gap)` (see [`Entries::rank_map`]).
pub(crate) struct RankMap {
    /// Holes before each bitmap word.
    prefix: Vec<usize>,
    dead: Vec<u64>,
    holes: usize,
    front_gap: usize,
}

impl RankMap {
    /// New position of the live bucket now at `i`.
    #[inline]
    pub(crate) fn map(&self, i: usize) -> usize {
        let w = i / 64;
        let holes_before = match (self.prefix.get(w), self.dead.get(w)) {
            (Some(p), Some(d)) => p + (d & ((1u64 << (i % 64)) - 1)).count_ones() as usize,
            // Past the bitmap (or no holes): every hole is before `i`.
            _ => self.holes,
        };
        self.front_gap + i - holes_before
    }
}

/// Drops the key and value of every live bucket of `buckets` (holes per `dead`/`holes`).
fn drop_live<K, V>(buckets: &mut [Bucket<K, V>], dead: &[u64], holes: usize) {
    if !mem::needs_drop::<K>() && !mem::needs_drop::<V>() {
        return;
    }
    for (i, b) in buckets.iter_mut().enumerate() {
        if holes == 0 || !bit(dead, i) {
            // SAFETY: live bucket (E1 of the owner the buckets were taken from); the owner
            // no longer holds them, so each is dropped exactly once.
            unsafe {
                b.key.assume_init_drop();
                b.value.assume_init_drop();
            }
        }
    }
}

impl<K, V> Drop for Entries<K, V> {
    fn drop(&mut self) {
        drop_live(&mut self.buckets, &self.dead, self.holes);
    }
}

/// Borrowing iterator over live entries: `(position, hash, key, value)`.
pub(crate) struct Iter<'a, K, V> {
    inner: slice::Iter<'a, Bucket<K, V>>,
    /// Hole bitmap, empty when there are no holes.
    dead: &'a [u64],
    front: usize,
    back: usize,
    remaining: usize,
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Iter {
            inner: self.inner.clone(),
            dead: self.dead,
            front: self.front,
            back: self.back,
            remaining: self.remaining,
        }
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (usize, u64, &'a K, &'a V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.dead.is_empty() {
            // No holes: every bucket in range is live.
            let b = self.inner.next()?;
            let i = self.front;
            self.front += 1;
            self.remaining -= 1;
            // SAFETY: `i` is below len and there are no holes, so the bucket is live (E1).
            return Some(unsafe {
                (
                    i,
                    b.hash,
                    b.key.assume_init_ref(),
                    b.value.assume_init_ref(),
                )
            });
        }
        while self.remaining > 0 {
            let b = self.inner.next()?;
            let i = self.front;
            self.front += 1;
            if self.dead.is_empty() || !bit(self.dead, i) {
                self.remaining -= 1;
                // SAFETY: `i` is below len and not a hole, so the bucket is live (E1); the
                // iterator borrows the entries, so nothing can remove it meanwhile.
                return Some(unsafe {
                    (
                        i,
                        b.hash,
                        b.key.assume_init_ref(),
                        b.value.assume_init_ref(),
                    )
                });
            }
        }
        None
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }

    #[inline]
    fn fold<B, F: FnMut(B, Self::Item) -> B>(mut self, init: B, mut f: F) -> B {
        if self.dead.is_empty() {
            let mut i = self.front;
            return self.inner.fold(init, |acc, b| {
                let at = i;
                i += 1;
                // SAFETY: no holes, so every bucket in range is live (E1).
                f(acc, unsafe {
                    (
                        at,
                        b.hash,
                        b.key.assume_init_ref(),
                        b.value.assume_init_ref(),
                    )
                })
            });
        }
        let mut acc = init;
        for x in self.by_ref() {
            acc = f(acc, x);
        }
        acc
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        while self.remaining > 0 {
            let b = self.inner.next_back()?;
            self.back -= 1;
            let i = self.back;
            if self.dead.is_empty() || !bit(self.dead, i) {
                self.remaining -= 1;
                // SAFETY: as in `next`.
                return Some(unsafe {
                    (
                        i,
                        b.hash,
                        b.key.assume_init_ref(),
                        b.value.assume_init_ref(),
                    )
                });
            }
        }
        None
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}
impl<K, V> FusedIterator for Iter<'_, K, V> {}

/// Mutably borrowing iterator over live entries: `(position, hash, key, value)`.
pub(crate) struct IterMut<'a, K, V> {
    inner: slice::IterMut<'a, Bucket<K, V>>,
    dead: &'a [u64],
    front: usize,
    back: usize,
    remaining: usize,
}

impl<'a, K, V> Iterator for IterMut<'a, K, V> {
    type Item = (usize, u64, &'a mut K, &'a mut V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.dead.is_empty() {
            let b = self.inner.next()?;
            let i = self.front;
            self.front += 1;
            self.remaining -= 1;
            // SAFETY: no holes, so the bucket is live (E1); yielded once, so no aliasing.
            return Some(unsafe {
                (
                    i,
                    b.hash,
                    b.key.assume_init_mut(),
                    b.value.assume_init_mut(),
                )
            });
        }
        while self.remaining > 0 {
            let b = self.inner.next()?;
            let i = self.front;
            self.front += 1;
            if self.dead.is_empty() || !bit(self.dead, i) {
                self.remaining -= 1;
                // SAFETY: live bucket (E1); each bucket is yielded at most once, so the
                // mutable references never alias.
                return Some(unsafe {
                    (
                        i,
                        b.hash,
                        b.key.assume_init_mut(),
                        b.value.assume_init_mut(),
                    )
                });
            }
        }
        None
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }

    #[inline]
    fn fold<B, F: FnMut(B, Self::Item) -> B>(mut self, init: B, mut f: F) -> B {
        if self.dead.is_empty() {
            let mut i = self.front;
            return self.inner.fold(init, |acc, b| {
                let at = i;
                i += 1;
                // SAFETY: no holes, so every bucket is live (E1); each is visited once.
                f(acc, unsafe {
                    (
                        at,
                        b.hash,
                        b.key.assume_init_mut(),
                        b.value.assume_init_mut(),
                    )
                })
            });
        }
        let mut acc = init;
        for x in self.by_ref() {
            acc = f(acc, x);
        }
        acc
    }
}

impl<K, V> DoubleEndedIterator for IterMut<'_, K, V> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        while self.remaining > 0 {
            let b = self.inner.next_back()?;
            self.back -= 1;
            let i = self.back;
            if self.dead.is_empty() || !bit(self.dead, i) {
                self.remaining -= 1;
                // SAFETY: as in `next`.
                return Some(unsafe {
                    (
                        i,
                        b.hash,
                        b.key.assume_init_mut(),
                        b.value.assume_init_mut(),
                    )
                });
            }
        }
        None
    }
}

impl<K, V> ExactSizeIterator for IterMut<'_, K, V> {}
impl<K, V> FusedIterator for IterMut<'_, K, V> {}

/// Owning iterator over live entries: `(hash, key, value)`.
pub(crate) struct IntoIter<K, V> {
    inner: vec::IntoIter<Bucket<K, V>>,
    dead: Vec<u64>,
    front: usize,
    back: usize,
    remaining: usize,
}

impl<K, V> Iterator for IntoIter<K, V> {
    type Item = (u64, K, V);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        while self.remaining > 0 {
            let b = self.inner.next()?;
            let i = self.front;
            self.front += 1;
            if self.dead.is_empty() || !bit(&self.dead, i) {
                self.remaining -= 1;
                // SAFETY: live bucket (E1), moved out of the vector: read exactly once.
                return Some(unsafe { (b.hash, b.key.assume_init(), b.value.assume_init()) });
            }
        }
        None
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<K, V> DoubleEndedIterator for IntoIter<K, V> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        while self.remaining > 0 {
            let b = self.inner.next_back()?;
            self.back -= 1;
            let i = self.back;
            if self.dead.is_empty() || !bit(&self.dead, i) {
                self.remaining -= 1;
                // SAFETY: as in `next`.
                return Some(unsafe { (b.hash, b.key.assume_init(), b.value.assume_init()) });
            }
        }
        None
    }
}

impl<K, V> ExactSizeIterator for IntoIter<K, V> {}
impl<K, V> FusedIterator for IntoIter<K, V> {}

impl<K, V> Drop for IntoIter<K, V> {
    fn drop(&mut self) {
        // Drop what was not consumed; the buckets themselves have no drop glue.
        for _ in self.by_ref() {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(n: usize) -> Entries<u32, String> {
        let mut e = Entries::new();
        for i in 0..n {
            e.push(i as u64, i as u32, i.to_string());
        }
        e
    }

    fn keys(e: &Entries<u32, String>) -> Vec<u32> {
        e.iter().map(|(_, _, k, _)| *k).collect()
    }

    #[test]
    fn holes_trailing_trim_and_head() {
        let mut e = filled(5);
        assert_eq!(e.take(0).map(|x| x.1), Some(0));
        assert_eq!(e.head(), 1);
        assert_eq!(e.take(4).map(|x| x.1), Some(4));
        assert_eq!(e.take(3).map(|x| x.1), Some(3));
        assert_eq!(e.len(), 3);
        assert_eq!(e.take(2).map(|x| x.1), Some(2));
        assert_eq!((e.len(), e.holes(), e.head()), (2, 1, 1));
        assert!(e.take(0).is_none());
        assert_eq!(e.take(1).map(|x| x.1), Some(1));
        assert_eq!((e.len(), e.holes(), e.head()), (0, 0, 0));
        e.check().unwrap();
    }

    #[test]
    fn next_prev_nth_rank_across_words() {
        let mut e = filled(200);
        for i in (0..199).filter(|i| i % 3 != 0) {
            e.take(i).unwrap();
        }
        e.check().unwrap();
        let live: Vec<usize> = e.iter().map(|x| x.0).collect();
        for (n, &p) in live.iter().enumerate() {
            assert_eq!(e.nth_live(n), Some(p));
            assert_eq!(e.rank(p), n);
            assert_eq!(e.next_live(p), Some(p));
            assert_eq!(e.prev_live(p + 1), Some(p));
        }
        assert_eq!(e.nth_live(live.len()), None);
        assert_eq!(e.prev_live(0), None);
        let back: Vec<usize> = e.iter().rev().map(|x| x.0).collect();
        assert_eq!(back, live.iter().rev().copied().collect::<Vec<_>>());
    }

    #[test]
    fn moves_and_compaction_keep_order() {
        let mut e = filled(6);
        assert_eq!(e.move_to_end(1), Some(6));
        assert_eq!(keys(&e), vec![0, 2, 3, 4, 5, 1]);
        assert_eq!(e.move_before_head(3), None, "no hole before head yet");
        e.compact(2);
        assert_eq!((e.head(), e.holes()), (2, 2));
        let at = e.move_before_head(e.nth_live(3).unwrap()).unwrap();
        assert_eq!(at, 1);
        assert_eq!(keys(&e), vec![4, 0, 2, 3, 5, 1]);
        e.check().unwrap();
        e.compact(0);
        assert_eq!((e.len(), e.holes(), e.head()), (6, 0, 0));
        assert_eq!(keys(&e), vec![4, 0, 2, 3, 5, 1]);
        e.sort_by(|a, _, b, _| a.cmp(b));
        assert_eq!(keys(&e), vec![0, 1, 2, 3, 4, 5]);
        e.reverse();
        assert_eq!(keys(&e), vec![5, 4, 3, 2, 1, 0]);
        e.check().unwrap();
    }

    #[test]
    fn into_iter_and_clear_drop_exactly_live() {
        use std::rc::Rc;
        let token = Rc::new(());
        let mut e = Entries::new();
        for i in 0..10u64 {
            e.push(i, Rc::clone(&token), Rc::clone(&token));
        }
        e.take(3);
        e.take(7);
        assert_eq!(Rc::strong_count(&token), 1 + 16);
        let mut it = e.into_iter();
        assert!(it.next().is_some());
        assert!(it.next_back().is_some());
        drop(it);
        assert_eq!(Rc::strong_count(&token), 1);

        let mut e = Entries::new();
        for i in 0..10u64 {
            e.push(i, Rc::clone(&token), ());
        }
        e.take(5);
        e.clear();
        assert_eq!(Rc::strong_count(&token), 1);
        assert_eq!(e.len(), 0);
        e.push(1, Rc::clone(&token), ());
        drop(e);
        assert_eq!(Rc::strong_count(&token), 1);
    }
}
