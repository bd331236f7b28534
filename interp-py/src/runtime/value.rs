//! `Value`: the one-word representation of every Python value.
//!
//! Encoding (the tagging scheme the GC is configured with, `tagged_word_mask = 1`):
//! * bit 0 set: a *small int*, the payload is the word shifted right arithmetically by one
//!   (63-bit two's complement, `SMALL_MIN..=SMALL_MAX`). Small ints are never heap objects,
//!   so `int` arithmetic in that range allocates nothing;
//! * bit 0 clear, non-zero: the address of a heap object (a `tern_gc::GcRef`);
//! * zero is not a `Value`: it is the NULL slot word (an empty stack slot, an unbound local,
//!   a missing optional field). `Option<Value>` has exactly the slot representation, and
//!   `PyResult<Value>` is one word thanks to the non-zero niche.
//!
//! Invariants: an `int` whose value fits in 63 bits is ALWAYS a small int (never a heap
//! BigInt), so equality of small ints is word equality and `is` on equal small ints holds
//! (CPython only guarantees that for -5..256, so no program can tell).
//!
//! A `Value` that refers to a heap object is only valid until the next safepoint (see
//! `runtime::roots` for the rooting rules).

use std::fmt;
use std::num::NonZeroUsize;

use tern_gc::GcRef;

/// A Python value: a tagged small int or a heap reference (never NULL).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(NonZeroUsize);

/// Largest small int.
pub const SMALL_MAX: i64 = (1 << 62) - 1;
/// Smallest small int.
pub const SMALL_MIN: i64 = -(1 << 62);

impl Value {
    /// A small int. `i` must lie in `SMALL_MIN..=SMALL_MAX` (checked in debug builds).
    #[inline(always)]
    pub fn small(i: i64) -> Value {
        debug_assert!(
            (SMALL_MIN..=SMALL_MAX).contains(&i),
            "{i} is not a small int"
        );
        let w = ((i << 1) | 1) as usize;
        // SAFETY: bit 0 is set, so the word is non-zero.
        Value(unsafe { NonZeroUsize::new_unchecked(w) })
    }

    /// A small int if `i` fits.
    #[inline(always)]
    pub fn try_small(i: i64) -> Option<Value> {
        if (SMALL_MIN..=SMALL_MAX).contains(&i) {
            Some(Value::small(i))
        } else {
            None
        }
    }

    /// Whether the value is a small int.
    #[inline(always)]
    pub fn is_small(self) -> bool {
        self.0.get() & 1 != 0
    }

    /// The small int, if it is one.
    #[inline(always)]
    pub fn as_small(self) -> Option<i64> {
        if self.is_small() {
            Some(self.small_value())
        } else {
            None
        }
    }

    /// The payload of a small int (meaningless for references).
    #[inline(always)]
    pub fn small_value(self) -> i64 {
        (self.0.get() as i64) >> 1
    }

    /// The heap reference, if it is one.
    #[inline(always)]
    pub fn as_ref(self) -> Option<GcRef> {
        if self.is_small() {
            None
        } else {
            GcRef::from_addr(self.0.get())
        }
    }

    /// The heap reference of a value known not to be a small int.
    #[inline(always)]
    pub fn gc(self) -> GcRef {
        debug_assert!(!self.is_small());
        GcRef::from_addr(self.0.get()).expect("non-zero")
    }

    /// Wraps a heap reference.
    #[inline(always)]
    pub fn from_gc(r: GcRef) -> Value {
        // SAFETY: object addresses are non-zero.
        Value(unsafe { NonZeroUsize::new_unchecked(r.addr()) })
    }

    /// The raw word.
    #[inline(always)]
    pub fn raw(self) -> usize {
        self.0.get()
    }

    /// Rebuilds a value from a slot word (`None` for NULL).
    #[inline(always)]
    pub fn from_raw(w: usize) -> Option<Value> {
        NonZeroUsize::new(w).map(Value)
    }

    /// Rebuilds a value from a slot word known to be non-NULL (checked in debug builds).
    #[inline(always)]
    pub fn from_raw_nonnull(w: usize) -> Value {
        debug_assert!(w != 0, "NULL slot read as a value");
        // SAFETY: callers only pass words of occupied slots; a NULL would be a VM bug, which
        // debug builds catch above. A zero NonZeroUsize is avoided in release by the same
        // invariant (all occupied slots hold non-zero words).
        Value(unsafe { NonZeroUsize::new_unchecked(w) })
    }
}

/// The slot word of an optional value.
#[inline(always)]
pub fn opt_raw(v: Option<Value>) -> usize {
    v.map_or(0, Value::raw)
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_small() {
            write!(f, "Value::small({})", self.small_value())
        } else {
            write!(f, "Value({:#x})", self.0.get())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_ints_round_trip() {
        for i in [0, 1, -1, SMALL_MAX, SMALL_MIN, 12345, -98765] {
            let v = Value::small(i);
            assert!(v.is_small());
            assert_eq!(v.as_small(), Some(i));
        }
        assert!(Value::try_small(SMALL_MAX + 1).is_none());
        assert!(Value::try_small(SMALL_MIN - 1).is_none());
        assert_eq!(size_of::<Option<Value>>(), 8);
        assert_eq!(size_of::<Result<Value, ()>>(), 8);
    }
}
