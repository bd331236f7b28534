//! The nursery: a bump-pointer allocation buffer that is never zeroed.
//!
//! Allocation bumps `free` towards `top`; both live in a boxed [`NurseryPointers`] at a
//! stable address so JIT code can inline the fast path (`free + size <= top`).
//!
//! After a minor collection the only live nursery objects are pinned ones. The free space
//! is then the list of gaps between pinned objects ("segments"); allocation fills one
//! segment, then moves to the next one without collecting. Gaps smaller than
//! [`MIN_SEGMENT`] are not worth using and are skipped.
//!
//! A nursery of two huge pages or more is aligned to them and backed by transparent huge
//! pages where the system offers them (`mem::advise_huge_pages`): allocation sweeps the
//! whole buffer between two collections, so with 4 KiB pages it would take a TLB miss
//! every 4 KiB.
//!
//! Debug aids: with poisoning on, every byte of the nursery that is not a live object holds
//! the poison pattern (used ranges are re-poisoned at each reset, except pinned objects).
//! With rotation on, two buffers alternate so a stale reference into the previous buffer
//! reads poison instead of a new object. Rotation pauses while objects are pinned.
//!
//! Stress mode keeps the published `top` equal to `free` so every allocation, inline or
//! not, takes the slow path (which counts allocations and collects every N-th).
//!
//! Invariants: `start <= seg_start <= free <= seg_top <= end`; `top == seg_top` unless
//! stress mode holds it at `free`; `used` plus `[seg_start, free)` covers every byte handed
//! out since the last reset.

use crate::header::POISON_BYTE;
use crate::mem;

/// Smallest gap between pinned objects that the allocator will use.
pub const MIN_SEGMENT: usize = 256;
const BUFFER_ALIGN: usize = 4096;

/// Alignment of a nursery buffer: huge-page aligned (and backed by huge pages, see
/// `mem::advise_huge_pages`) once it spans several huge pages.
fn buffer_align(size: usize) -> usize {
    if size >= 2 * mem::HUGE_PAGE {
        mem::HUGE_PAGE
    } else {
        BUFFER_ALIGN
    }
}

/// The two words JIT code reads and writes to allocate inline.
#[repr(C)]
#[derive(Debug)]
pub struct NurseryPointers {
    /// Next free byte.
    pub free: usize,
    /// Limit of the current segment (or `free` itself in stress mode).
    pub top: usize,
}

pub(crate) struct Nursery {
    pub ptrs: Box<NurseryPointers>,
    buffers: Vec<usize>,
    size: usize,
    current: usize,
    pub start: usize,
    pub end: usize,
    seg_start: usize,
    seg_top: usize,
    /// Segments still to use, in reverse address order (the next one is last).
    segments: Vec<(usize, usize)>,
    used: Vec<(usize, usize)>,
    /// Objects that were pinned at the last reset (still in place, pinned or not).
    kept: Vec<(usize, usize)>,
    stress: bool,
    poison: bool,
    rotate: bool,
}

impl Nursery {
    pub fn new(size: usize, poison: bool, rotate: bool, stress: bool) -> Nursery {
        let count = if poison && rotate { 2 } else { 1 };
        let align = buffer_align(size);
        let buffers: Vec<usize> = (0..count)
            .map(|_| {
                let b = mem::alloc_block(size, align);
                if align == mem::HUGE_PAGE {
                    mem::advise_huge_pages(b, size);
                }
                b
            })
            .collect();
        if poison {
            for &b in &buffers {
                // SAFETY: `b` is a fresh block of `size` bytes.
                unsafe { mem::fill(b, POISON_BYTE, size) };
            }
        }
        let start = buffers[0];
        let mut n = Nursery {
            ptrs: Box::new(NurseryPointers {
                free: start,
                top: start + size,
            }),
            buffers,
            size,
            current: 0,
            start,
            end: start + size,
            seg_start: start,
            seg_top: start + size,
            segments: Vec::new(),
            used: Vec::new(),
            kept: Vec::new(),
            stress,
            poison,
            rotate: poison && rotate,
        };
        n.publish_top();
        n
    }

    /// Is `addr` inside the current nursery buffer?
    #[inline(always)]
    pub fn contains(&self, addr: usize) -> bool {
        addr.wrapping_sub(self.start) < self.size
    }

    /// Is `addr` inside a nursery buffer that is not the current one (debug rotation)?
    pub fn in_inactive_buffer(&self, addr: usize) -> bool {
        self.buffers
            .iter()
            .enumerate()
            .any(|(i, &b)| i != self.current && addr.wrapping_sub(b) < self.size)
    }

    /// Is `addr` below the allocation pointer of the region it falls in (i.e. inside
    /// memory handed out since the last reset)?
    pub fn is_allocated(&self, addr: usize) -> bool {
        if (self.seg_start..self.ptrs.free).contains(&addr) {
            return true;
        }
        self.used.iter().any(|&(s, e)| (s..e).contains(&addr))
            || self
                .kept
                .iter()
                .any(|&(s, size)| (s..s + size).contains(&addr))
    }

    fn publish_top(&mut self) {
        self.ptrs.top = if self.stress {
            self.ptrs.free
        } else {
            self.seg_top
        };
    }

    /// Allocates `size` bytes after the inline fast path failed: uses the rest of the
    /// current segment (stress mode hides it from the fast path), then later segments.
    /// `None` means a minor collection is needed.
    pub fn alloc_slow(&mut self, size: usize) -> Option<usize> {
        loop {
            let free = self.ptrs.free;
            if self.seg_top - free >= size {
                self.ptrs.free = free + size;
                self.publish_top();
                return Some(free);
            }
            let (s, e) = self.segments.pop()?;
            self.used.push((self.seg_start, free));
            self.seg_start = s;
            self.seg_top = e;
            self.ptrs.free = s;
        }
    }

    /// Bytes handed out since the last reset.
    pub fn used_bytes(&self) -> usize {
        self.used.iter().map(|&(s, e)| e - s).sum::<usize>() + (self.ptrs.free - self.seg_start)
    }

    /// Empties the nursery after a minor collection. `pinned` lists the objects that stay
    /// (address and size), sorted by address.
    pub fn reset(&mut self, pinned: &[(usize, usize)]) {
        self.used.push((self.seg_start, self.ptrs.free));
        if self.poison {
            for &(s, e) in &self.used {
                poison_range_except(s, e, pinned);
            }
        }
        self.used.clear();
        self.kept = pinned.to_vec();
        if pinned.is_empty() && self.rotate {
            self.current = (self.current + 1) % self.buffers.len();
            self.start = self.buffers[self.current];
            self.end = self.start + self.size;
        }
        let mut gaps = Vec::new();
        let mut cursor = self.start;
        for &(addr, size) in pinned {
            debug_assert!(self.contains(addr) && addr >= cursor);
            if addr - cursor >= MIN_SEGMENT {
                gaps.push((cursor, addr));
            }
            cursor = addr + size;
        }
        if self.end - cursor >= MIN_SEGMENT {
            gaps.push((cursor, self.end));
        }
        gaps.reverse();
        let (s, e) = gaps.pop().unwrap_or((self.end, self.end));
        self.segments = gaps;
        self.seg_start = s;
        self.seg_top = e;
        self.ptrs.free = s;
        self.publish_top();
    }
}

/// Fills `[s, e)` with poison, skipping the pinned objects inside it.
fn poison_range_except(s: usize, e: usize, pinned: &[(usize, usize)]) {
    let mut cursor = s;
    for &(addr, size) in pinned {
        if addr + size <= cursor || addr >= e {
            continue;
        }
        if addr > cursor {
            // SAFETY: `[cursor, addr)` lies inside the used range `[s, e)` of the nursery.
            unsafe { mem::fill(cursor, POISON_BYTE, addr - cursor) };
        }
        cursor = addr + size;
    }
    if e > cursor {
        // SAFETY: `[cursor, e)` lies inside the used range `[s, e)` of the nursery.
        unsafe { mem::fill(cursor, POISON_BYTE, e - cursor) };
    }
}

impl Drop for Nursery {
    fn drop(&mut self) {
        for &b in &self.buffers {
            // SAFETY: every buffer came from `alloc_block(size, buffer_align(size))`.
            unsafe { mem::free_block(b, self.size, buffer_align(self.size)) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bump_and_segments_around_pinned() {
        let mut n = Nursery::new(8192, true, false, false);
        let a = n.alloc_slow(64).unwrap();
        assert_eq!(a, n.start);
        let b = n.alloc_slow(32).unwrap();
        assert_eq!(b, a + 64);
        // Pin an object in the middle: the nursery is reused on both sides of it.
        let pinned_at = n.start + 1024;
        n.reset(&[(pinned_at, 32)]);
        assert_eq!(n.ptrs.free, n.start);
        assert_eq!(n.ptrs.top, pinned_at);
        let first = n.alloc_slow(1000).unwrap();
        assert_eq!(first, n.start);
        let second = n.alloc_slow(100).unwrap();
        assert_eq!(second, pinned_at + 32, "skips over the pinned object");
        assert_eq!(n.used_bytes(), 1000 + 100);
        assert!(n.alloc_slow(8192).is_none());
    }

    #[test]
    fn tiny_gaps_are_skipped_and_poison_spares_pinned() {
        let mut n = Nursery::new(4096, true, false, false);
        let p = n.alloc_slow(16).unwrap();
        // SAFETY: `p` is 16 freshly handed-out nursery bytes.
        unsafe { mem::store(p, 0x1234) };
        n.alloc_slow(2000).unwrap();
        n.reset(&[(p, 16)]);
        // SAFETY: `p` is a pinned object, never poisoned.
        assert_eq!(unsafe { mem::load(p) }, 0x1234);
        // SAFETY: the word after `p + 16` is freed nursery memory, now poison.
        assert_eq!(
            unsafe { mem::load(p + 16) } as u64,
            crate::header::POISON_WORD
        );
        // The 0-byte gap before `p` is skipped.
        assert_eq!(n.ptrs.free, p + 16);
    }

    #[test]
    fn stress_mode_hides_the_segment_from_the_fast_path() {
        let mut n = Nursery::new(4096, false, false, true);
        assert_eq!(n.ptrs.top, n.ptrs.free);
        let a = n.alloc_slow(16).unwrap();
        assert_eq!(n.ptrs.top, n.ptrs.free);
        assert_eq!(n.ptrs.free, a + 16);
    }

    #[test]
    fn rotation_switches_buffers() {
        let mut n = Nursery::new(4096, true, true, false);
        let first = n.start;
        let a = n.alloc_slow(16).unwrap();
        n.reset(&[]);
        assert_ne!(n.start, first);
        assert!(n.in_inactive_buffer(a));
        assert!(!n.contains(a));
        n.reset(&[]);
        assert_eq!(n.start, first);
    }
}
