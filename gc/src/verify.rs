//! Checking references and whole-heap consistency.
//!
//! * [`validate_object`] decides whether an address names a live object of the heap, as
//!   far as can be told cheaply. Debug builds run it on every `GcRef` passed to an
//!   accessor; with poisoning and nursery rotation (debug defaults) a reference kept
//!   across a collection without a root is reported with the reason instead of reading
//!   garbage.
//! * [`Heap::verify`] walks everything reachable from the roots and checks headers, slot
//!   targets, and the write-barrier invariant (an old object that refers to a movable
//!   young object is in the remembered set or has dirty cards). `Config::verify` runs it
//!   after every collection.
//!
//! Invariant: verification only reads the heap (it takes `&mut self` only because client
//! root sets are visited through `&mut`).

use std::collections::HashSet;

use crate::header::{
    CARDS_SET, FORWARDED, FREE_BLOCK_HEADER, HAS_CARDS, PINNED, PINNED_PARENT_KNOWN, POISON_WORD,
    SHADOW_RESERVED, TRACK_YOUNG_PTRS, YOUNG_LARGE, type_index,
};
use crate::heap::Heap;
use crate::mem;
use crate::trace;

/// Checks that `addr` looks like a live object of `heap`; the error says why not.
pub(crate) fn validate_object(heap: &Heap, addr: usize) -> Result<(), String> {
    let gc = &heap.gc;
    if !addr.is_multiple_of(8) {
        return Err("the address is not 8-byte aligned".into());
    }
    if gc.nursery.contains(addr) {
        if !gc.nursery.is_allocated(addr) && !gc.pinned_young.contains(&addr) {
            return Err(
                "it points into free nursery memory: the object was moved or \
                        freed by a collection"
                    .into(),
            );
        }
    } else if gc.nursery.in_inactive_buffer(addr) {
        return Err(
            "it points into the previous nursery buffer: the object was moved by a \
                    minor collection"
                .into(),
        );
    } else if !gc.old.is_block_start(addr) {
        return Err(
            "it is not the address of an object of this heap (freed, or never \
                    allocated here)"
                .into(),
        );
    }
    // SAFETY: `addr` is inside allocated nursery memory or is an allocated old block.
    let h = unsafe { mem::header(addr) };
    if h == POISON_WORD {
        return Err("it points at poisoned (dead) memory".into());
    }
    if h == FREE_BLOCK_HEADER {
        return Err("the object was freed by a major collection".into());
    }
    if h & FORWARDED != 0 {
        return Err("the object was moved by a minor collection".into());
    }
    if h & SHADOW_RESERVED != 0 {
        return Err("it is a reserved identity block, not an object".into());
    }
    if !heap.types.is_valid_index(type_index(h)) {
        return Err(format!("its header {h:#x} names no registered type"));
    }
    Ok(())
}

impl Heap {
    /// Checks the whole reachable heap; returns a description of the first problem.
    pub fn verify(&mut self) -> Result<(), String> {
        let mut roots: Vec<(String, usize)> = Vec::new();
        let tag_mask = self.gc.tag_mask;
        let untagged = move |w: usize| w != 0 && w & tag_mask == 0;
        for (i, &w) in self.roots.stack.slots.iter().enumerate() {
            if untagged(w) {
                roots.push((format!("shadow-stack slot {i}"), w));
            }
        }
        let mut others = Vec::new();
        self.roots
            .visit_non_stack(&mut |slot: &mut usize| others.push(*slot));
        roots.extend(
            others
                .into_iter()
                .filter(|&w| untagged(w))
                .map(|w| ("root".to_string(), w)),
        );
        for &w in &self.gc.pending_finalizers {
            roots.push(("pending finalizer".into(), w));
        }
        for &w in self.gc.pinned_young.iter().chain(self.gc.pinned_old.iter()) {
            roots.push(("pinned object".into(), w));
        }
        let mut seen: HashSet<usize> = HashSet::new();
        let mut work: Vec<usize> = Vec::new();
        for (what, w) in roots {
            validate_object(self, w).map_err(|e| format!("{what} ({w:#x}): {e}"))?;
            if seen.insert(w) {
                work.push(w);
            }
        }
        while let Some(obj) = work.pop() {
            // SAFETY: `obj` was validated before being queued.
            let h = unsafe { mem::header(obj) };
            let info = self.types.of_index(type_index(h));
            let old = !self.gc.nursery.contains(obj) && h & YOUNG_LARGE == 0;
            let mut targets = Vec::new();
            // SAFETY: `obj` is a validated live object of type `info`.
            unsafe { trace::for_each_strong_slot(obj, info, &mut |slot| targets.push(*slot)) };
            let strong = targets.len();
            trace::for_each_weak_slot(obj, info, &mut |slot| {
                // SAFETY: a weak slot of a validated live object.
                targets.push(unsafe { *slot })
            });
            for (i, &t) in targets.iter().enumerate() {
                if !untagged(t) {
                    continue;
                }
                validate_object(self, t).map_err(|e| {
                    format!(
                        "slot {i} of `{}` at {obj:#x} refers to {t:#x}, but {e}",
                        info.name
                    )
                })?;
                // SAFETY: `t` was just validated.
                let th = unsafe { mem::header(t) };
                let movable_young =
                    (self.gc.nursery.contains(t) && th & PINNED == 0) || th & YOUNG_LARGE != 0;
                // Remembered set, dirty cards, or the list of old objects that referred to
                // a pinned object (retraced by the next minor collection).
                let remembered = h & TRACK_YOUNG_PTRS == 0
                    || h & PINNED_PARENT_KNOWN != 0
                    || (h & HAS_CARDS != 0 && h & CARDS_SET != 0);
                if old && movable_young && !remembered {
                    return Err(format!(
                        "old `{}` at {obj:#x} refers to young {t:#x} but is not remembered: \
                         a write barrier is missing",
                        info.name
                    ));
                }
                if i < strong && seen.insert(t) {
                    work.push(t);
                }
            }
        }
        let mut bad = None;
        for index in 0..self.gc.old.pages.page_count() as u32 {
            self.gc.old.pages.for_each_block(index, &mut |addr, h| {
                if bad.is_none()
                    && h & SHADOW_RESERVED == 0
                    && !self.types.is_valid_index(type_index(h))
                {
                    bad = Some(format!("old block {addr:#x} has a corrupt header {h:#x}"));
                }
            });
        }
        bad.map_or(Ok(()), Err)
    }
}
