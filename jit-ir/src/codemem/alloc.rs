//! A first-fit range allocator over offsets `[0, capacity)`: the bookkeeping of the code
//! arena, kept free of system calls so it can be tested against a model.
//!
//! Invariants (checked by `check_invariants` in tests):
//! - Free ranges are non-empty, disjoint, sorted, and never adjacent (they are coalesced on
//!   free), so first-fit returns the lowest aligned offset where the request fits.
//! - Live blocks and free ranges are disjoint and together cover `[0, capacity)`, except
//!   for alignment gaps, which stay in the free list.
//! - A block can be freed only once, by its exact start offset.

use std::collections::BTreeMap;

/// First-fit allocator of aligned byte ranges.
#[derive(Debug)]
pub(crate) struct RangeAlloc {
    #[cfg_attr(not(test), allow(dead_code))]
    capacity: usize,
    /// start -> end of each free range.
    free: BTreeMap<usize, usize>,
    /// start -> length of each live block.
    live: BTreeMap<usize, usize>,
    live_bytes: usize,
}

impl RangeAlloc {
    pub(crate) fn new(capacity: usize) -> RangeAlloc {
        let mut free = BTreeMap::new();
        if capacity > 0 {
            free.insert(0, capacity);
        }
        RangeAlloc {
            capacity,
            free,
            live: BTreeMap::new(),
            live_bytes: 0,
        }
    }

    /// Allocates `len > 0` bytes at an offset that is a multiple of `align` (a power of two).
    pub(crate) fn alloc(&mut self, len: usize, align: usize) -> Option<usize> {
        debug_assert!(len > 0 && align.is_power_of_two());
        let (start, end, at) = self.free.iter().find_map(|(&s, &e)| {
            let a = s.checked_add(align - 1)? & !(align - 1);
            (a.checked_add(len)? <= e).then_some((s, e, a))
        })?;
        self.free.remove(&start);
        if at > start {
            self.free.insert(start, at);
        }
        if at + len < end {
            self.free.insert(at + len, end);
        }
        self.live.insert(at, len);
        self.live_bytes += len;
        Some(at)
    }

    /// The length of the live block starting at `start`, if there is one.
    pub(crate) fn block_len(&self, start: usize) -> Option<usize> {
        self.live.get(&start).copied()
    }

    /// Frees the live block starting at `start`; returns its length, or `None` if there is
    /// no live block there.
    pub(crate) fn free(&mut self, start: usize) -> Option<usize> {
        let len = self.live.remove(&start)?;
        self.live_bytes -= len;
        let mut s = start;
        let mut e = start + len;
        if let Some((&ps, &pe)) = self.free.range(..s).next_back()
            && pe == s
        {
            self.free.remove(&ps);
            s = ps;
        }
        if let Some(ne) = self.free.remove(&e) {
            e = ne;
        }
        self.free.insert(s, e);
        Some(len)
    }

    pub(crate) fn live_blocks(&self) -> usize {
        self.live.len()
    }

    pub(crate) fn live_bytes(&self) -> usize {
        self.live_bytes
    }

    /// Size of the largest free range (an upper bound on what `alloc` can return).
    pub(crate) fn largest_free(&self) -> usize {
        self.free.iter().map(|(s, e)| e - s).max().unwrap_or(0)
    }

    #[cfg(test)]
    fn check_invariants(&self) {
        let mut ranges: Vec<(usize, usize, bool)> = self
            .free
            .iter()
            .map(|(&s, &e)| (s, e, true))
            .chain(self.live.iter().map(|(&s, &l)| (s, s + l, false)))
            .collect();
        ranges.sort();
        let mut pos = 0;
        let mut prev_free = false;
        for (s, e, is_free) in ranges {
            assert!(s < e, "empty range at {s}");
            assert_eq!(s, pos, "gap or overlap at {pos}");
            assert!(!(prev_free && is_free), "adjacent free ranges at {s}");
            pos = e;
            prev_free = is_free;
        }
        assert_eq!(pos, self.capacity);
        assert_eq!(self.live_bytes, self.live.values().sum::<usize>());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quickcheck::{QuickCheck, TestResult};

    #[test]
    fn coalesces_and_reuses() {
        let mut a = RangeAlloc::new(256);
        let x = a.alloc(100, 16).unwrap();
        let y = a.alloc(50, 16).unwrap();
        let z = a.alloc(10, 64).unwrap();
        assert_eq!((x, y, z), (0, 112, 192));
        assert_eq!(a.alloc(100, 16), None);
        assert_eq!(a.free(y), Some(50));
        assert_eq!(a.free(y), None, "double free is refused");
        assert_eq!(a.free(x), Some(100));
        a.check_invariants();
        assert_eq!(a.alloc(150, 16), Some(0), "freed neighbours coalesced");
        assert_eq!(a.live_blocks(), 2);
        a.check_invariants();
    }

    /// The lowest aligned offset where `len` bytes fit between the model's live blocks.
    fn model_first_fit(
        live: &[(usize, usize)],
        cap: usize,
        len: usize,
        align: usize,
    ) -> Option<usize> {
        let candidates = std::iter::once(0).chain(live.iter().map(|&(s, l)| s + l));
        candidates
            .map(|c| (c + align - 1) & !(align - 1))
            .filter(|&a| a + len <= cap && live.iter().all(|&(s, l)| a + len <= s || s + l <= a))
            .min()
    }

    fn prop_model(ops: Vec<(bool, u16, u8)>) -> TestResult {
        const CAP: usize = 4096;
        let mut a = RangeAlloc::new(CAP);
        let mut live: Vec<(usize, usize)> = Vec::new();
        for (is_alloc, x, y) in ops {
            if is_alloc || live.is_empty() {
                let len = 1 + x as usize % 700;
                let align = 1 << (y % 8);
                let want = model_first_fit(&live, CAP, len, align);
                let got = a.alloc(len, align);
                if got != want {
                    return TestResult::error(format!(
                        "alloc({len}, {align}): {got:?} != model {want:?}"
                    ));
                }
                if let Some(s) = got {
                    live.push((s, len));
                }
            } else {
                let (s, l) = live.swap_remove(x as usize % live.len());
                if a.free(s) != Some(l) {
                    return TestResult::error(format!("free({s}) lost the block"));
                }
                if a.free(s).is_some() {
                    return TestResult::error("double free accepted");
                }
            }
            a.check_invariants();
            if a.live_bytes() != live.iter().map(|b| b.1).sum::<usize>() {
                return TestResult::error("live bytes differ");
            }
        }
        TestResult::passed()
    }

    #[test]
    fn matches_first_fit_model() {
        QuickCheck::new()
            .tests(300)
            .quickcheck(prop_model as fn(Vec<(bool, u16, u8)>) -> TestResult);
    }
}
