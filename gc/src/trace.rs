//! Enumerating the GC slots of an object, shared by the minor collector, the marker and
//! heap verification.
//!
//! Slots are handed out as raw `*mut usize` into the object (or into memory a custom trace
//! hook reports). Callers decide what a slot word means (null, tagged, young, old).
//!
//! Invariant: every function here is called only on a live, fully initialised object
//! (header valid, GC fields initialised by the allocator), whose type info is `info`.

use crate::gcref::GcRef;
use crate::header::{HEADER_SIZE, align_up};
use crate::layout::TypeInfo;
use crate::mem;
use crate::roots::SlotVisitor;

/// Number of items of a variable-size object (0 for fixed-size ones).
///
/// # Safety
/// `obj` is a live object of type `info`.
#[inline]
pub(crate) unsafe fn item_count(obj: usize, info: &TypeInfo) -> usize {
    match &info.var {
        None => 0,
        // SAFETY: the length field is inside the fixed payload of a live object.
        Some(v) => unsafe { mem::load(obj + HEADER_SIZE + v.length_offset) },
    }
}

/// Total size of the object in bytes.
///
/// # Safety
/// `obj` is a live object of type `info`.
#[inline]
pub(crate) unsafe fn object_size(obj: usize, info: &TypeInfo) -> usize {
    match &info.var {
        None => info.fixed_alloc_size,
        Some(_) => {
            // SAFETY: forwarded from the caller.
            let len = unsafe { item_count(obj, info) };
            info.size_for_len(len)
                .expect("the size of an allocated object cannot overflow")
        }
    }
}

/// Bytes of card table needed in front of an array of `len` items of type `info`
/// (0 when the object gets no cards).
pub(crate) fn card_prefix(info: &TypeInfo, len: usize, card_items: usize) -> usize {
    match &info.var {
        Some(v) if v.items_have_refs && card_items != 0 && len > card_items => {
            let cards = len.div_ceil(card_items);
            align_up(cards.div_ceil(8))
        }
        _ => 0,
    }
}

struct HookAdapter<'f, F: FnMut(*mut usize)>(&'f mut F);

impl<F: FnMut(*mut usize)> SlotVisitor for HookAdapter<'_, F> {
    fn visit(&mut self, slot: &mut usize) {
        (self.0)(slot as *mut usize)
    }
}

/// Calls `f` on every strong slot of the fixed part (declared fields, then the custom
/// trace hook's slots).
///
/// # Safety
/// `obj` is a live object of type `info`.
#[inline]
pub(crate) unsafe fn for_each_fixed_slot<F: FnMut(*mut usize)>(
    obj: usize,
    info: &TypeInfo,
    f: &mut F,
) {
    let payload = obj + HEADER_SIZE;
    for &off in info.gc_fields.iter() {
        f(mem::ptr(payload + off) as *mut usize);
    }
    if let Some(hook) = info.custom_trace {
        let r = GcRef::from_addr(obj).expect("objects are non-null");
        hook(r, &mut HookAdapter(f));
    }
}

/// Calls `f` on the strong slots of items `from..to` (clamped to the length).
///
/// # Safety
/// `obj` is a live object of type `info`.
#[inline]
pub(crate) unsafe fn for_each_item_slot<F: FnMut(*mut usize)>(
    obj: usize,
    info: &TypeInfo,
    from: usize,
    to: usize,
    f: &mut F,
) {
    let Some(v) = &info.var else { return };
    if !v.items_have_refs {
        return;
    }
    // SAFETY: forwarded from the caller.
    let len = unsafe { item_count(obj, info) };
    let to = to.min(len);
    let items = obj + info.base_size;
    if v.plain_refs {
        for i in from..to {
            f(mem::ptr(items + i * 8) as *mut usize);
        }
    } else {
        for i in from..to {
            let item = items + i * v.item_size;
            for &off in v.item_gc_fields.iter() {
                f(mem::ptr(item + off) as *mut usize);
            }
        }
    }
}

/// Calls `f` on every strong slot of the object.
///
/// # Safety
/// `obj` is a live object of type `info`.
#[inline]
pub(crate) unsafe fn for_each_strong_slot<F: FnMut(*mut usize)>(
    obj: usize,
    info: &TypeInfo,
    f: &mut F,
) {
    // SAFETY: forwarded from the caller.
    unsafe {
        for_each_fixed_slot(obj, info, f);
        for_each_item_slot(obj, info, 0, usize::MAX, f);
    }
}

/// Calls `f` on every weak slot of the object.
#[inline]
pub(crate) fn for_each_weak_slot<F: FnMut(*mut usize)>(obj: usize, info: &TypeInfo, f: &mut F) {
    let payload = obj + HEADER_SIZE;
    for &off in info.weak_fields.iter() {
        f(mem::ptr(payload + off) as *mut usize);
    }
}
