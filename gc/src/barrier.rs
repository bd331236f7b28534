//! The write barrier: one flag test on the fast path, remembered set and card marking on
//! the slow path, and incremental-marking re-greying.
//!
//! Contract: before storing a GC pointer (strong or weak) into an object, the client calls
//! [`Heap::write_barrier`] on that object (or [`Heap::write_barrier_array`] with the item
//! index for array items); `store_ref`/`store_item_ref` do both. Objects freshly allocated
//! since the last safepoint are young and need no barrier.
//!
//! Slow path (`TRACK_YOUNG_PTRS` set, i.e. an old object not yet remembered):
//! * plain objects lose the flag and join the remembered set, which the next minor
//!   collection traces in full before restoring the flag;
//! * arrays with a card table keep the flag; the slow path sets the item's card bit (one
//!   card per `card_items` items) and lists the array once per minor cycle;
//! * during incremental marking, an already-marked object that gains a pointer is pushed
//!   back on the grey stack (whole object, or only the dirty card's items) so the marker
//!   rescans it: no black object ever points to an unmarked one unnoticed. Since the flag
//!   is restored at every minor collection and marking steps only run right after one,
//!   every store between two steps is seen by that rescan.

use crate::gcref::GcRef;
use crate::header::{CARDS_SET, HAS_CARDS, MARK, TRACK_YOUNG_PTRS, type_index};
use crate::heap::{GcState, Heap};
use crate::layout::TypeRegistry;
use crate::major::Grey;
use crate::mem;
use crate::trace;

impl Heap {
    /// Write barrier: call before storing a GC pointer into `obj`.
    #[inline(always)]
    pub fn write_barrier(&mut self, obj: GcRef) {
        // SAFETY: `obj` is a live object (client contract); its header is readable.
        let h = unsafe { mem::header(obj.addr()) };
        if h & TRACK_YOUNG_PTRS != 0 {
            self.gc.remember(obj.addr(), h);
        }
    }

    /// Array write barrier: call before storing a GC pointer into item `index` of `obj`.
    #[inline(always)]
    pub fn write_barrier_array(&mut self, obj: GcRef, index: usize) {
        // SAFETY: `obj` is a live object (client contract); its header is readable.
        let h = unsafe { mem::header(obj.addr()) };
        if h & TRACK_YOUNG_PTRS != 0 {
            self.gc.remember_item(&self.types, obj.addr(), h, index);
        }
    }
}

impl GcState {
    /// Slow path of the object barrier.
    #[inline(never)]
    pub(crate) fn remember(&mut self, obj: usize, h: u64) {
        // SAFETY: `obj` is a live old object (it has TRACK_YOUNG_PTRS).
        unsafe { mem::set_header(obj, h & !TRACK_YOUNG_PTRS) };
        self.remembered.push(obj);
        if self.major.is_marking() && h & MARK == self.parity {
            self.major.grey.push(Grey::whole(obj));
        }
    }

    /// Slow path of the array barrier.
    #[inline(never)]
    pub(crate) fn remember_item(&mut self, types: &TypeRegistry, obj: usize, h: u64, index: usize) {
        if h & HAS_CARDS == 0 || self.card_items == 0 {
            return self.remember(obj, h);
        }
        let info = types.of_index(type_index(h));
        // SAFETY: `obj` is a live array of type `info`.
        let len = unsafe { trace::item_count(obj, info) };
        if index >= len {
            // Out of range for the card table: remember the whole object instead.
            return self.remember(obj, h);
        }
        let card = index / self.card_items;
        let byte_addr = obj - 1 - card / 8;
        let bit = 1u8 << (card % 8);
        // SAFETY: the card table of `len.div_ceil(card_items)` bits sits right in front of
        // the header; `card` is below that count because `index < len`.
        let byte = unsafe { *mem::ptr(byte_addr) };
        if byte & bit != 0 {
            return;
        }
        // SAFETY: as above.
        unsafe { *mem::ptr(byte_addr) = byte | bit };
        if h & CARDS_SET == 0 {
            // SAFETY: `obj` is a live old object.
            unsafe { mem::set_header(obj, h | CARDS_SET) };
            self.cards_set.push(obj);
        }
        if self.major.is_marking() && h & MARK == self.parity {
            let from = card * self.card_items;
            self.major
                .grey
                .push(Grey::items(obj, from, from + self.card_items));
        }
    }
}
