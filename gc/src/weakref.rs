//! Weak references: GC fields declared with [`crate::TypeLayout::weak_field`].
//!
//! A weak field does not keep its target alive. When the target dies the field becomes
//! null:
//! * minor collection: weak fields of every object it traces (promoted objects, remembered
//!   old objects, surviving large objects) are fixed after the copy phase — forwarded
//!   targets are followed, pinned and surviving large targets are kept, dead nursery
//!   targets are cleared (see `minor.rs`);
//! * major collection: at the end of marking, before finalizers are queued, every weak
//!   field of every object on `old_weak` whose target is unmarked is cleared, so a weak
//!   reference never exposes an object that is only alive because a finalizer is pending
//!   (CPython clears weak references before calling finalizers, too).
//!
//! Invariant: `old_weak` lists every old object with weak fields (promoted or large
//! objects join when they become old; dead holders leave after marking).

use crate::header::{MARK, type_index};
use crate::heap::GcState;
use crate::layout::TypeRegistry;
use crate::mem;
use crate::trace;

impl GcState {
    /// End of marking: clear weak fields whose target is unmarked.
    pub(crate) fn clear_dead_weak_targets(&mut self, types: &TypeRegistry) {
        let parity = self.parity;
        let mut cleared = 0;
        for &holder in &self.old_weak {
            // SAFETY: holders on `old_weak` are allocated until pruned after marking.
            let info = types.of_index(type_index(unsafe { mem::header(holder) }));
            trace::for_each_weak_slot(holder, info, &mut |slot| {
                // SAFETY: a weak slot of an allocated object.
                let w = unsafe { *slot };
                if self.is_null_or_tagged(w) || self.nursery.contains(w) {
                    return;
                }
                // SAFETY: the target is an old object: allocated until this cycle's sweep.
                if unsafe { mem::header(w) } & MARK != parity {
                    // SAFETY: as above.
                    unsafe { *slot = 0 };
                    cleared += 1;
                }
            });
        }
        self.stats.weakrefs_cleared += cleared;
    }
}
