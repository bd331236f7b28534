//! Append-only vector with lock-free reads, in safe code.
//!
//! Design: element `i` lives in segment `s = log2(i + FIRST) - log2(FIRST)` at offset
//! `i + FIRST - 2^(s + log2(FIRST))`; segment `s` holds `FIRST << s` slots, so segments never
//! move once allocated and a reference to an element stays valid for the arena's lifetime.
//! Every slot and every segment is a `OnceLock`, so readers need no lock and no `unsafe`.
//!
//! Invariants: pushes are serialised by `push_lock`; an index returned by `push` is
//! initialised before `push` returns, so `get(i)` for such an index always yields `Some`.

use std::sync::{Mutex, OnceLock};

/// Slots in the first segment; each later segment doubles.
const FIRST_SHIFT: u32 = 4;
const FIRST: usize = 1 << FIRST_SHIFT;
/// Enough segments for `u32` indices.
const SEGMENTS: usize = 33 - FIRST_SHIFT as usize;

pub(crate) struct AppendVec<T> {
    segments: [OnceLock<Box<[OnceLock<T>]>>; SEGMENTS],
    len: Mutex<usize>,
}

fn locate(index: usize) -> (usize, usize) {
    let biased = index + FIRST;
    let segment = (usize::BITS - 1 - biased.leading_zeros()) as usize - FIRST_SHIFT as usize;
    let offset = biased - (FIRST << segment);
    (segment, offset)
}

impl<T> AppendVec<T> {
    pub(crate) fn new() -> Self {
        AppendVec {
            segments: std::array::from_fn(|_| OnceLock::new()),
            len: Mutex::new(0),
        }
    }

    /// Appends `value` and returns its index, or `None` when the arena is full (2^32 items).
    pub(crate) fn push(&self, value: T) -> Option<u32> {
        let mut len = self
            .len
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let index = *len;
        let index32 = u32::try_from(index).ok()?;
        let (segment, offset) = locate(index);
        let slots = self.segments.get(segment)?.get_or_init(|| {
            (0..(FIRST << segment))
                .map(|_| OnceLock::new())
                .collect::<Vec<_>>()
                .into_boxed_slice()
        });
        // The slot is fresh: `len` only grows and is guarded by the lock we hold.
        slots[offset].set(value).ok()?;
        *len += 1;
        Some(index32)
    }

    pub(crate) fn get(&self, index: u32) -> Option<&T> {
        let (segment, offset) = locate(index as usize);
        self.segments.get(segment)?.get()?.get(offset)?.get()
    }

    pub(crate) fn len(&self) -> usize {
        *self
            .len
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_then_get_returns_every_element() {
        let arena = AppendVec::new();
        for i in 0..5000u32 {
            assert_eq!(arena.push(i * 3), Some(i));
        }
        for i in 0..5000u32 {
            assert_eq!(arena.get(i), Some(&(i * 3)));
        }
        assert_eq!(arena.get(5000), None);
        assert_eq!(arena.len(), 5000);
    }

    #[test]
    fn locate_covers_segment_boundaries() {
        assert_eq!(locate(0), (0, 0));
        assert_eq!(locate(FIRST - 1), (0, FIRST - 1));
        assert_eq!(locate(FIRST), (1, 0));
        assert_eq!(locate(3 * FIRST - 1), (1, 2 * FIRST - 1));
        assert_eq!(locate(3 * FIRST), (2, 0));
        assert_eq!(locate(u32::MAX as usize).0, SEGMENTS - 1);
    }

    #[test]
    fn references_stay_valid_while_growing() {
        let arena = AppendVec::new();
        arena.push(String::from("first"));
        let first = arena.get(0).unwrap();
        for i in 0..1000 {
            arena.push(i.to_string());
        }
        assert_eq!(first, "first");
    }
}
