//! Stable identity for moving objects: `id()` and identity hashes.
//!
//! PyPy's scheme: an old object's identity is its address (old objects never move). When
//! the identity of a nursery object is requested, a block of the object's size is reserved
//! in old space right away (its *shadow*, flagged `SHADOW_RESERVED` so sweeping keeps it)
//! and the nursery object is flagged `HAS_SHADOW`; the minor collection that promotes the
//! object copies it into that block, so the identity handed out earlier becomes its
//! address. If the object dies young, the shadow is released by that minor collection.
//!
//! The identity hash is a mix of the identity, so it survives moves too.
//!
//! Invariants: `young_shadows` maps exactly the nursery objects with `HAS_SHADOW`; a
//! shadow has the size and card-table prefix the promotion of its object will need.

use crate::gcref::GcRef;
use crate::header::{HAS_SHADOW, SHADOW_RESERVED, TYPE_ID_MASK, type_index};
use crate::heap::Heap;
use crate::mem;
use crate::oldspace::SMALL_MAX;
use crate::trace;

impl Heap {
    /// A stable identity for `obj`, unique among live objects and unchanged by collections
    /// (Python's `id()`). May reserve old-space memory for a nursery object.
    pub fn object_id(&mut self, obj: GcRef) -> u64 {
        self.check_ref(obj);
        let addr = obj.addr();
        if !self.gc.nursery.contains(addr) {
            return addr as u64;
        }
        // SAFETY: `obj` is a live nursery object (client contract).
        let h = unsafe { mem::header(addr) };
        if h & HAS_SHADOW != 0 {
            return self.gc.young_shadows[&addr] as u64;
        }
        let info = self.types.of_index(type_index(h));
        // SAFETY: as above.
        let (size, len) = unsafe {
            (
                trace::object_size(addr, info),
                trace::item_count(addr, info),
            )
        };
        let cards = if size > SMALL_MAX {
            trace::card_prefix(info, len, self.gc.card_items)
        } else {
            0
        };
        let shadow = self.gc.alloc_old_or_abort(size, cards);
        // SAFETY: `shadow` is a fresh old block; `addr` is a live nursery object.
        unsafe {
            mem::set_header(
                shadow,
                (h & TYPE_ID_MASK) | SHADOW_RESERVED | self.gc.parity,
            );
            mem::set_header(addr, h | HAS_SHADOW);
        }
        self.gc.young_shadows.insert(addr, shadow);
        self.gc.note_old_size();
        shadow as u64
    }

    /// An identity hash of `obj` that never changes while it lives.
    pub fn identity_hash(&mut self, obj: GcRef) -> u64 {
        mix64(self.object_id(obj))
    }
}

/// A 64-bit finaliser (splitmix64's): spreads address bits over the whole word.
fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    #[test]
    fn mix_spreads_aligned_addresses() {
        let a = super::mix64(0x1000);
        let b = super::mix64(0x1008);
        assert_ne!(a, b);
        assert_ne!(a & 0xff, b & 0xff);
    }
}
