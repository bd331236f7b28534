//! Pinning: keeping an object at a fixed address so a raw pointer to its payload can be
//! handed to C code (tern-ffi) without a copy.
//!
//! Only objects without GC slots can be pinned (a pinned object is never traced, so it may
//! not refer to anything). Old objects never move anyway; pinning them only keeps them
//! alive. Nursery objects are flagged `PINNED`: minor collections leave them in place and
//! the nursery is reused around them (see `nursery.rs`). Their number is bounded
//! (`Config::max_pinned`, PyPy's default `nursery_size / (2 * large_object)`), so
//! fragmentation stays bounded; `pin` returns `false` at the bound and the caller copies.
//!
//! A pinned object is a root while pinned. After `unpin` it is an ordinary nursery object
//! again and moves at the next minor collection; old objects that referred to it while it
//! was pinned are remembered in `old_to_pinned` so that move is seen.
//!
//! Invariants: `pinned_young` holds exactly the nursery objects with `PINNED`;
//! `pinned_old` exactly the pinned objects outside the nursery.

use crate::error::PinError;
use crate::gcref::GcRef;
use crate::header::PINNED;
use crate::heap::Heap;
use crate::mem;

impl Heap {
    /// Pins `obj` so it does not move until [`Heap::unpin`]. Returns `false` when the
    /// object cannot be pinned (it has GC slots, is already pinned, or the bound on pinned
    /// nursery objects is reached); the caller should copy the data instead.
    pub fn pin(&mut self, obj: GcRef) -> bool {
        let info = self.info_of(obj);
        if !info.pinnable {
            return false;
        }
        let addr = obj.addr();
        // SAFETY: `obj` is a live object (client contract).
        let h = unsafe { mem::header(addr) };
        if h & PINNED != 0 {
            return false;
        }
        if self.gc.nursery.contains(addr) {
            if self.gc.pinned_young.len() >= self.gc.max_pinned {
                self.gc.stats.pin_refused += 1;
                return false;
            }
            self.gc.pinned_young.push(addr);
        } else {
            self.gc.pinned_old.insert(addr);
        }
        // SAFETY: as above.
        unsafe { mem::set_header(addr, h | PINNED) };
        true
    }

    /// Unpins an object pinned with [`Heap::pin`].
    pub fn unpin(&mut self, obj: GcRef) -> Result<(), PinError> {
        self.check_ref(obj);
        let addr = obj.addr();
        // SAFETY: `obj` is a live object (client contract).
        let h = unsafe { mem::header(addr) };
        if h & PINNED == 0 {
            return Err(PinError::NotPinned);
        }
        if self.gc.nursery.contains(addr) {
            self.gc.pinned_young.retain(|&p| p != addr);
        } else {
            self.gc.pinned_old.remove(&addr);
        }
        // SAFETY: as above.
        unsafe { mem::set_header(addr, h & !PINNED) };
        Ok(())
    }

    /// Is `obj` pinned?
    pub fn is_pinned(&self, obj: GcRef) -> bool {
        self.check_ref(obj);
        // SAFETY: `obj` is a live object (client contract).
        unsafe { mem::header(obj.addr()) & PINNED != 0 }
    }

    /// Largest number of simultaneously pinned nursery objects.
    pub fn max_pinned(&self) -> usize {
        self.gc.max_pinned
    }

    /// Can objects of this type be pinned at all?
    pub fn is_pinnable_type(&self, ty: crate::TypeId) -> bool {
        self.types.get(ty).is_some_and(|i| i.pinnable)
    }

    /// Number of pinned nursery objects right now.
    pub fn pinned_count(&self) -> usize {
        self.gc.pinned_young.len()
    }
}
