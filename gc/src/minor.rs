//! Minor collection: copy the live nursery objects to old space (Cheney-style, with an
//! explicit scan stack), update every reference to them, free the rest.
//!
//! What is traced, in order:
//! 1. roots (shadow-stack frames not known clean, handles, globals, client root sets,
//!    pending finalizers, pinned old objects) — during incremental marking the whole stack
//!    is scanned and old objects reached from roots are greyed;
//! 2. young objects with a full finalizer (they always survive a minor collection; the
//!    major collector decides when they are garbage);
//! 3. the remembered set (old objects written since the last minor collection), then the
//!    dirty cards of large arrays, then old objects that referred to pinned objects;
//! 4. the transitive closure over the copies.
//!
//! Then weak fields of traced objects are fixed (forwarded or cleared), young objects with
//! destructors are resolved (moved to the old list or destroyed), identity shadows of dead
//! objects are released, young large objects are promoted in place or freed, and the
//! nursery is reset around the pinned objects.
//!
//! Invariants after a minor collection: no reference from any root or old object points
//! into the nursery except to pinned objects; every old object with slots has
//! `TRACK_YOUNG_PTRS` set again and no dirty card; objects promoted during marking are
//! marked and grey.

use std::time::Instant;

use crate::header::{
    CARDS_SET, FLAGS_KEPT_ON_PROMOTION, FORWARDED, HAS_CARDS, HAS_SHADOW, HEADER_SIZE, MARK,
    PINNED, PINNED_PARENT_KNOWN, POISON_BYTE, TRACK_YOUNG_PTRS, TYPE_ID_MASK, VISITED_YOUNG_LARGE,
    YOUNG_LARGE, type_index,
};
use crate::heap::{GcState, Heap};
use crate::layout::{TypeInfo, TypeRegistry};
use crate::major::Grey;
use crate::mem;
use crate::oldspace::SMALL_MAX;
use crate::trace;

struct Minor<'a> {
    types: &'a TypeRegistry,
    gc: &'a mut GcState,
    scan: Vec<usize>,
    weak_fixup: Vec<usize>,
    marking: bool,
    copied_objects: u64,
    copied_bytes: usize,
    // Copies of hot `GcState` values, so the copy loop keeps them in registers.
    nursery_start: usize,
    nursery_size: usize,
    tag_mask: usize,
    parity: u64,
    /// Young large objects exist: old-looking referents must have their header checked.
    young_large_exist: bool,
}

impl Minor<'_> {
    #[inline(always)]
    fn in_nursery(&self, word: usize) -> bool {
        word.wrapping_sub(self.nursery_start) < self.nursery_size
    }

    /// Visits a root slot. Returns whether it still refers to a (pinned) nursery object.
    #[inline]
    fn visit_root(&mut self, slot: &mut usize) -> bool {
        let w = *slot;
        if self.gc.is_null_or_tagged(w) {
            return false;
        }
        if self.in_nursery(w) {
            let new = self.copy_or_forward(w);
            *slot = new;
            return new == w;
        }
        // SAFETY: `w` is a live object outside the nursery (roots hold live references).
        let h = unsafe { mem::header(w) };
        if h & YOUNG_LARGE != 0 {
            self.visit_young_large(w, h);
        } else if self.marking && h & MARK != self.parity {
            self.gc.grey_old(self.types, w, h);
        }
        false
    }

    /// Visits a slot of an object being traced. Returns whether it refers to a pinned
    /// nursery object afterwards. The hot path of a minor collection: a tag test and a
    /// range test decide; a null slot fails the range test (the nursery is never at 0).
    #[inline(always)]
    fn visit_field(&mut self, slot: *mut usize) -> bool {
        // SAFETY: `slot` is a GC slot of a live object (from `trace`).
        let w = unsafe { *slot };
        if w & self.tag_mask == 0 && self.in_nursery(w) {
            // SAFETY: `w` is a nursery object reached from a live object.
            let h = unsafe { mem::header(w) };
            let new = if h & FORWARDED != 0 {
                // SAFETY: forwarded objects keep their new address after the header.
                unsafe { mem::load(w + 8) }
            } else if h & PINNED != 0 {
                return true;
            } else {
                self.copy(w, h)
            };
            // SAFETY: as above.
            unsafe { *slot = new };
        } else if self.young_large_exist && w != 0 && w & self.tag_mask == 0 {
            // SAFETY: `w` is a live object outside the nursery.
            let h = unsafe { mem::header(w) };
            if h & YOUNG_LARGE != 0 {
                self.visit_young_large(w, h);
            }
        }
        false
    }

    #[inline]
    fn copy_or_forward(&mut self, obj: usize) -> usize {
        // SAFETY: `obj` is a nursery object reached from a root or a live object.
        let h = unsafe { mem::header(obj) };
        if h & FORWARDED != 0 {
            // SAFETY: forwarded objects keep their new address after the header.
            return unsafe { mem::load(obj + 8) };
        }
        if h & PINNED != 0 {
            return obj;
        }
        self.copy(obj, h)
    }

    /// Copies the unforwarded, unpinned nursery object `obj` (header `h`) to old space and
    /// leaves a forwarding address behind. Small objects take the inlined path: a
    /// size-class bump or free-list pop, a fixed-size move, two stores to forward.
    #[inline(always)]
    fn copy(&mut self, obj: usize, h: u64) -> usize {
        debug_assert!(
            self.types.is_valid_index(type_index(h)),
            "tern-gc: corrupt nursery header {h:#x} at {obj:#x} (stale reference in a root?)"
        );
        let info = self.types.of_index(type_index(h));
        let size = match info.var {
            None => info.fixed_alloc_size,
            // SAFETY: `obj` is a live nursery object of type `info`.
            Some(_) => unsafe { trace::object_size(obj, info) },
        };
        let (new, extra_flags) = if size <= SMALL_MAX && h & HAS_SHADOW == 0 {
            (self.gc.old.pages.alloc(size), 0)
        } else {
            self.promotion_block(obj, h, info, size)
        };
        let new_header = (h & (TYPE_ID_MASK | FLAGS_KEPT_ON_PROMOTION))
            | self.parity
            | extra_flags
            | info.promoted_flags;
        // SAFETY: `new` is a fresh old block of at least `size` bytes; `obj` is `size`
        // bytes of nursery; forwarding overwrites the first two words of the dead copy.
        unsafe {
            mem::set_header(new, new_header);
            copy_payload(obj, new, size);
            mem::set_header(obj, h | FORWARDED);
            mem::store(obj + 8, new);
        }
        self.copied_objects += 1;
        self.copied_bytes += size;
        if info.needs_scan {
            self.scan.push(new);
        }
        if info.has_weak | self.marking {
            self.after_promotion(new, info);
        }
        new
    }

    /// Bookkeeping for a promoted object with weak fields, or promoted during marking
    /// (it is marked, so it must be traced by the marker too).
    #[cold]
    fn after_promotion(&mut self, new: usize, info: &TypeInfo) {
        if info.has_weak {
            self.gc.old_weak.push(new);
        }
        if self.marking && info.has_strong_slots {
            self.gc.major.grey.push(Grey::whole(new));
        }
    }

    /// The old-space block for a promoted object that is not a plain small one: its
    /// reserved identity shadow, or a large block (with a card table for big arrays).
    /// Returns the block and the header flags it implies.
    #[cold]
    #[inline(never)]
    fn promotion_block(
        &mut self,
        obj: usize,
        h: u64,
        info: &TypeInfo,
        size: usize,
    ) -> (usize, u64) {
        let cards = if size > SMALL_MAX {
            // SAFETY: `obj` is a live nursery object of type `info`.
            let len = unsafe { trace::item_count(obj, info) };
            trace::card_prefix(info, len, self.gc.card_items)
        } else {
            0
        };
        let new = if h & HAS_SHADOW != 0 {
            self.gc
                .young_shadows
                .remove(&obj)
                .expect("tern-gc internal error: HAS_SHADOW without a shadow")
        } else {
            self.gc.alloc_old_or_abort(size, cards)
        };
        (new, if cards > 0 { HAS_CARDS } else { 0 })
    }

    fn visit_young_large(&mut self, obj: usize, h: u64) {
        if h & VISITED_YOUNG_LARGE != 0 {
            return;
        }
        // SAFETY: `obj` is a live young large object.
        unsafe { mem::set_header(obj, h | VISITED_YOUNG_LARGE) };
        if self.types.of_index(type_index(h)).needs_scan {
            self.scan.push(obj);
        }
    }

    fn note_parent_of_pinned(&mut self, obj: usize) {
        // SAFETY: `obj` is a live old object being traced.
        let h = unsafe { mem::header(obj) };
        if h & PINNED_PARENT_KNOWN == 0 {
            // SAFETY: as above.
            unsafe { mem::set_header(obj, h | PINNED_PARENT_KNOWN) };
            self.gc.old_to_pinned.push(obj);
        }
    }

    /// The transitive closure: traces the objects on the scan stack (promoted copies and
    /// surviving young large objects) until it is empty. Objects whose only slots are
    /// plain fields are traced inline here; the rest go through `trace_object`.
    fn drain(&mut self) {
        let types = self.types;
        while let Some(obj) = self.scan.pop() {
            // SAFETY: objects on the scan stack are live objects outside the nursery.
            let h = unsafe { mem::header(obj) };
            let info = types.of_index(type_index(h));
            if !info.fields_only || info.has_weak {
                self.trace_object(obj);
                continue;
            }
            let payload = obj + HEADER_SIZE;
            let mut to_pinned = false;
            for &off in info.gc_fields.iter() {
                to_pinned |= self.visit_field(mem::ptr(payload + off) as *mut usize);
            }
            if to_pinned {
                self.note_parent_of_pinned(obj);
            }
        }
    }

    /// Traces every slot of an old (or just promoted) object.
    #[inline(never)]
    fn trace_object(&mut self, obj: usize) {
        let types = self.types;
        // SAFETY: `obj` is a live object outside the nursery.
        let h = unsafe { mem::header(obj) };
        let info = types.of_index(type_index(h));
        let mut to_pinned = false;
        if info.fields_only {
            let payload = obj + HEADER_SIZE;
            for &off in info.gc_fields.iter() {
                to_pinned |= self.visit_field(mem::ptr(payload + off) as *mut usize);
            }
        } else {
            // SAFETY: `obj` is live and of type `info`.
            unsafe {
                trace::for_each_strong_slot(obj, info, &mut |slot| {
                    if self.visit_field(slot) {
                        to_pinned = true;
                    }
                })
            };
        }
        if info.has_weak {
            self.weak_fixup.push(obj);
        }
        if to_pinned {
            self.note_parent_of_pinned(obj);
        }
    }

    /// Scans the dirty cards of a large old array and clears them.
    fn trace_cards(&mut self, obj: usize) {
        let types = self.types;
        // SAFETY: arrays listed in `cards_set` are live old objects.
        let h = unsafe { mem::header(obj) };
        if h & CARDS_SET == 0 {
            return;
        }
        let info = types.of_index(type_index(h));
        let card_items = self.gc.card_items;
        // SAFETY: `obj` is live and of type `info`.
        let len = unsafe { trace::item_count(obj, info) };
        let card_bytes = len.div_ceil(card_items).div_ceil(8);
        let mut to_pinned = false;
        for b in 0..card_bytes {
            let byte_addr = obj - 1 - b;
            // SAFETY: the card table has `card_bytes` bytes right before the header.
            let byte = unsafe { *mem::ptr(byte_addr) };
            if byte == 0 {
                continue;
            }
            // SAFETY: as above.
            unsafe { *mem::ptr(byte_addr) = 0 };
            for bit in 0..8 {
                if byte & (1 << bit) == 0 {
                    continue;
                }
                let card = b * 8 + bit;
                self.gc.stats.cards_scanned += 1;
                let from = card * card_items;
                // SAFETY: `obj` is live and of type `info`.
                unsafe {
                    trace::for_each_item_slot(obj, info, from, from + card_items, &mut |slot| {
                        if self.visit_field(slot) {
                            to_pinned = true;
                        }
                    })
                };
            }
        }
        // SAFETY: `obj` is live.
        unsafe { mem::set_header(obj, mem::header(obj) & !CARDS_SET) };
        if to_pinned {
            self.note_parent_of_pinned(obj);
        }
    }

    /// Resolves the weak fields of traced objects: follow forwarding, keep pinned and
    /// surviving large targets, clear dead ones.
    fn fix_weak_fields(&mut self) {
        let fixup = std::mem::take(&mut self.weak_fixup);
        for holder in fixup {
            // SAFETY: holders were traced in this collection: live objects outside the
            // nursery.
            let info = self
                .types
                .of_index(type_index(unsafe { mem::header(holder) }));
            let mut to_pinned = false;
            let gc = &mut *self.gc;
            trace::for_each_weak_slot(holder, info, &mut |slot| {
                // SAFETY: a weak slot of a live object.
                let w = unsafe { *slot };
                if gc.is_null_or_tagged(w) {
                    return;
                }
                let alive = if gc.nursery.contains(w) {
                    // SAFETY: nursery memory is intact until the reset below.
                    let h = unsafe { mem::header(w) };
                    if h & FORWARDED != 0 {
                        // SAFETY: forwarded objects hold their new address after the header.
                        unsafe { *slot = mem::load(w + 8) };
                        true
                    } else if h & PINNED != 0 {
                        to_pinned = true;
                        true
                    } else {
                        false
                    }
                } else {
                    // SAFETY: an object outside the nursery; young large objects are still
                    // allocated at this point.
                    let h = unsafe { mem::header(w) };
                    h & YOUNG_LARGE == 0 || h & VISITED_YOUNG_LARGE != 0
                };
                if !alive {
                    // SAFETY: a weak slot of a live object.
                    unsafe { *slot = 0 };
                    gc.stats.weakrefs_cleared += 1;
                }
            });
            if to_pinned {
                self.note_parent_of_pinned(holder);
            }
        }
    }

    /// Young objects with destructors: survivors join the old list, the dead are destroyed
    /// while their memory is still intact.
    fn finish_young_destructors(&mut self) {
        let list = std::mem::take(&mut self.gc.young_destructors);
        for obj in list {
            // SAFETY: the object's memory is intact (nursery not reset, large blocks not
            // freed yet).
            let h = unsafe { mem::header(obj) };
            let survivor = if self.gc.nursery.contains(obj) {
                if h & FORWARDED != 0 {
                    // SAFETY: forwarded objects hold their new address after the header.
                    Some(unsafe { mem::load(obj + 8) })
                } else if h & PINNED != 0 {
                    self.gc.young_destructors.push(obj);
                    continue;
                } else {
                    None
                }
            } else if h & VISITED_YOUNG_LARGE != 0 {
                Some(obj)
            } else {
                None
            };
            match survivor {
                Some(new) => self.gc.old_destructors.push(new),
                None => {
                    let hook = self.types.of_index(type_index(h)).destructor;
                    self.gc
                        .run_destructor(hook.expect("listed for its destructor"), obj);
                }
            }
        }
    }

    /// Releases the identity shadows of nursery objects that died.
    fn free_dead_shadows(&mut self) {
        let shadows = std::mem::take(&mut self.gc.young_shadows);
        for (young, shadow) in shadows {
            // SAFETY: nursery memory is intact until the reset.
            let h = unsafe { mem::header(young) };
            if h & PINNED != 0 {
                self.gc.young_shadows.insert(young, shadow);
                continue;
            }
            let info = self.types.of_index(type_index(h));
            // SAFETY: the dead object's memory is intact; its size is its shadow's size.
            let size = unsafe { trace::object_size(young, info) };
            self.gc.old.free(shadow, size);
        }
    }

    /// Young large objects: survivors become old in place, the dead are freed.
    fn finish_young_large(&mut self) {
        let list = std::mem::take(&mut self.gc.young_large);
        for obj in list {
            // SAFETY: young large objects stay allocated until this point.
            let h = unsafe { mem::header(obj) };
            let info = self.types.of_index(type_index(h));
            // SAFETY: as above.
            let size = unsafe { trace::object_size(obj, info) };
            if h & VISITED_YOUNG_LARGE != 0 {
                let mut nh = (h & !(YOUNG_LARGE | VISITED_YOUNG_LARGE | MARK)) | self.gc.parity;
                if info.needs_scan {
                    nh |= TRACK_YOUNG_PTRS;
                }
                // SAFETY: as above.
                unsafe { mem::set_header(obj, nh) };
                self.gc.stats.bytes_promoted += size as u64;
                self.gc.major.promoted_since_step += size;
                if !info.weak_fields.is_empty() {
                    self.gc.old_weak.push(obj);
                }
                if self.marking && info.has_strong_slots {
                    self.gc.major.grey.push(Grey::whole(obj));
                }
            } else {
                if self.gc.config.poison {
                    // SAFETY: the dead object's `size` bytes are about to be released.
                    unsafe { mem::fill(obj, POISON_BYTE, size) };
                }
                self.gc.old.free(obj, size);
            }
        }
        self.gc.young_large_bytes = 0;
    }
}

/// Copies the `size - 8` payload bytes of an object (the header is written separately).
/// Small objects: fixed-size moves beat a call to memcpy.
///
/// # Safety
/// `[from, from + size)` and `[to, to + size)` are distinct live heap blocks.
#[inline(always)]
unsafe fn copy_payload(from: usize, to: usize, size: usize) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        match size {
            16 => mem::copy(from + 8, to + 8, 8),
            24 => mem::copy(from + 8, to + 8, 16),
            32 => mem::copy(from + 8, to + 8, 24),
            40 => mem::copy(from + 8, to + 8, 32),
            48 => mem::copy(from + 8, to + 8, 40),
            _ => mem::copy(from + 8, to + 8, size - 8),
        }
    }
}

impl GcState {
    /// Marks an unmarked old object and queues it for tracing (incremental marking).
    #[inline]
    pub(crate) fn grey_old(&mut self, types: &TypeRegistry, obj: usize, h: u64) {
        // SAFETY: `obj` is a live old object.
        unsafe { mem::set_header(obj, (h & !MARK) | self.parity) };
        if types.of_index(type_index(h)).has_strong_slots {
            self.major.grey.push(Grey::whole(obj));
        }
    }
}

impl Heap {
    /// Runs one minor collection (no major step).
    pub(crate) fn minor_collection(&mut self) {
        let started = Instant::now();
        let marking = self.gc.major.is_marking();
        let Heap {
            types, gc, roots, ..
        } = self;
        let mut m = Minor {
            types,
            scan: std::mem::take(&mut gc.minor_scan),
            weak_fixup: Vec::new(),
            marking,
            copied_objects: 0,
            copied_bytes: 0,
            nursery_start: gc.nursery.start,
            nursery_size: gc.nursery.end - gc.nursery.start,
            tag_mask: gc.tag_mask,
            parity: gc.parity,
            young_large_exist: !gc.young_large.is_empty(),
            gc,
        };

        // 1. Roots.
        let frames = roots.stack.scan(marking, &mut |slot| m.visit_root(slot));
        m.gc.stats.shadow_stack_frames_scanned += frames;
        roots.visit_non_stack(&mut |slot: &mut usize| {
            m.visit_root(slot);
        });
        let mut pending = std::mem::take(&mut m.gc.pending_finalizers);
        for slot in pending.iter_mut() {
            m.visit_root(slot);
        }
        m.gc.pending_finalizers = pending;
        let pinned_old: Vec<usize> = m.gc.pinned_old.iter().copied().collect();
        for mut obj in pinned_old {
            m.visit_root(&mut obj);
        }

        // 2. Young objects with finalizers always survive a minor collection.
        let young_finalizers = std::mem::take(&mut m.gc.young_finalizers);
        for mut obj in young_finalizers {
            m.visit_root(&mut obj);
            if m.gc.nursery.contains(obj) {
                m.gc.young_finalizers.push(obj);
            } else {
                m.gc.old_finalizers.push(obj);
            }
        }

        // 3. Old objects that may refer to young ones.
        let remembered = std::mem::take(&mut m.gc.remembered);
        m.gc.stats.remembered_objects_scanned += remembered.len() as u64;
        for obj in remembered {
            m.trace_object(obj);
            // SAFETY: remembered objects are live old objects.
            unsafe { mem::set_header(obj, mem::header(obj) | TRACK_YOUNG_PTRS) };
        }
        let cards = std::mem::take(&mut m.gc.cards_set);
        for obj in cards {
            m.trace_cards(obj);
        }
        let to_pinned = std::mem::take(&mut m.gc.old_to_pinned);
        for obj in to_pinned {
            // SAFETY: listed objects are live old objects (pruned by major marking).
            unsafe { mem::set_header(obj, mem::header(obj) & !PINNED_PARENT_KNOWN) };
            m.trace_object(obj);
        }

        // 4. Transitive closure.
        m.drain();

        m.gc.minor_scan = std::mem::take(&mut m.scan);
        m.gc.stats.objects_copied += m.copied_objects;
        m.gc.stats.bytes_copied += m.copied_bytes as u64;
        m.gc.stats.bytes_promoted += m.copied_bytes as u64;
        m.gc.major.promoted_since_step += m.copied_bytes;

        // 5. Weak fields, destructors, shadows, large objects.
        m.fix_weak_fields();
        m.finish_young_destructors();
        m.free_dead_shadows();
        m.finish_young_large();

        // 6. Reset the nursery around pinned objects.
        let gc = m.gc;
        let mut pinned: Vec<(usize, usize)> = gc
            .pinned_young
            .iter()
            .map(|&p| {
                // SAFETY: pinned objects are live nursery objects.
                let info = types.of_index(type_index(unsafe { mem::header(p) }));
                // SAFETY: as above.
                (p, unsafe { trace::object_size(p, info) })
            })
            .collect();
        pinned.sort_unstable();
        gc.stats.bytes_allocated += gc.nursery.used_bytes() as u64;
        gc.nursery.reset(&pinned);
        gc.stats.minor_collections += 1;
        gc.stats.minor_nanos += started.elapsed().as_nanos() as u64;
        gc.note_old_size();
    }
}
