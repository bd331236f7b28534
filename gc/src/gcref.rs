//! `GcRef`, the client's pointer to a heap object, and slot encoding.
//!
//! A `GcRef` is the non-null address of an object's header. It is `Copy` and carries no
//! lifetime: like a raw pointer it is only valid until the next safepoint (any call that
//! may allocate or collect), unless it is stored in a root (shadow stack, handle, global
//! root, a registered `RootSet`) or in a GC field of a live object, where the collector
//! updates it when the object moves.
//!
//! A *slot* is a word that the collector may update: `0` (null), a tagged word (any bit of
//! the heap's `tagged_word_mask` set; ignored by the collector), or a `GcRef` address.
//! `Option<GcRef>` has exactly the slot representation of "null or reference".

use std::fmt;
use std::ptr::NonNull;

use crate::header::HEADER_SIZE;

/// Address of a heap object (its header). See the module docs for its validity rules.
#[repr(transparent)]
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GcRef(NonNull<u8>);

impl GcRef {
    /// The object's address.
    #[inline(always)]
    pub fn addr(self) -> usize {
        self.0.as_ptr().addr()
    }

    /// Rebuilds a reference from an address (`None` for 0). Building a `GcRef` is harmless;
    /// using one that does not name a live object of the heap is what the safety contract
    /// forbids.
    #[inline(always)]
    pub fn from_addr(addr: usize) -> Option<GcRef> {
        NonNull::new(crate::mem::ptr(addr)).map(GcRef)
    }

    /// Rebuilds a reference from an address known to be non-zero (a fresh allocation).
    ///
    /// # Safety
    /// `addr != 0`.
    #[inline(always)]
    pub(crate) unsafe fn from_nonzero_addr(addr: usize) -> GcRef {
        // SAFETY: guaranteed by the caller.
        GcRef(unsafe { NonNull::new_unchecked(crate::mem::ptr(addr)) })
    }

    /// Address of the first payload byte (the header is not part of the payload).
    #[inline(always)]
    pub fn payload_ptr(self) -> *mut u8 {
        crate::mem::ptr(self.addr() + HEADER_SIZE)
    }

    /// Reads a scalar at `offset` in the payload, without any check.
    ///
    /// # Safety
    /// `self` is a live object and `offset..offset + size_of::<T>()` lies inside its
    /// payload and was initialised.
    #[inline(always)]
    pub unsafe fn read<T: Scalar>(self, offset: usize) -> T {
        // SAFETY: guaranteed by the caller.
        unsafe { std::ptr::read_unaligned(self.payload_ptr().add(offset) as *const T) }
    }

    /// Writes a scalar at `offset` in the payload, without any check. Never use it for GC
    /// pointer fields (it bypasses the write barrier).
    ///
    /// # Safety
    /// As for [`GcRef::read`]; the bytes must not belong to a GC pointer field.
    #[inline(always)]
    pub unsafe fn write<T: Scalar>(self, offset: usize, value: T) {
        // SAFETY: guaranteed by the caller.
        unsafe { std::ptr::write_unaligned(self.payload_ptr().add(offset) as *mut T, value) }
    }

    /// Reads the slot word at payload `offset`, without any check.
    ///
    /// # Safety
    /// `self` is live and `offset` is an initialised, 8-aligned slot of its payload.
    #[inline(always)]
    pub unsafe fn read_slot(self, offset: usize) -> usize {
        // SAFETY: guaranteed by the caller.
        unsafe { *(self.payload_ptr().add(offset) as *const usize) }
    }

    /// Writes the slot word at payload `offset` *without* a write barrier: only valid for
    /// objects that are certainly young (just allocated, no safepoint since), or after the
    /// caller ran the barrier itself.
    ///
    /// # Safety
    /// As for [`GcRef::read_slot`], plus the barrier rule above.
    #[inline(always)]
    pub unsafe fn write_slot_no_barrier(self, offset: usize, word: usize) {
        // SAFETY: guaranteed by the caller.
        unsafe { *(self.payload_ptr().add(offset) as *mut usize) = word }
    }
}

impl fmt::Debug for GcRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GcRef({:#x})", self.addr())
    }
}

/// Slot word of an optional reference.
#[inline(always)]
pub fn ref_to_slot(r: Option<GcRef>) -> usize {
    r.map_or(0, GcRef::addr)
}

/// Reference held by a slot word that is known not to be tagged.
#[inline(always)]
pub fn slot_to_ref(word: usize) -> Option<GcRef> {
    GcRef::from_addr(word)
}

mod sealed {
    pub trait Sealed {}
}

/// Plain data types that may be read from and written to object payloads: every bit
/// pattern is a valid value, so reading never-initialised (poisoned) memory is a logic
/// error the tests catch, not undefined behaviour.
pub trait Scalar: Copy + sealed::Sealed + 'static {}

macro_rules! scalars {
    ($($t:ty),*) => { $( impl sealed::Sealed for $t {} impl Scalar for $t {} )* };
}
scalars!(u8, i8, u16, i16, u32, i32, u64, i64, usize, isize, f32, f64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_gcref_has_slot_representation() {
        assert_eq!(std::mem::size_of::<Option<GcRef>>(), 8);
        assert_eq!(ref_to_slot(None), 0);
        let r = GcRef::from_addr(0x1000).unwrap();
        assert_eq!(ref_to_slot(Some(r)), 0x1000);
        assert_eq!(slot_to_ref(0x1000), Some(r));
        assert_eq!(r.payload_ptr().addr(), 0x1008);
        assert_eq!(format!("{r:?}"), "GcRef(0x1000)");
    }
}
