//! Type layouts registered by the embedder, and the per-heap type registry.
//!
//! The object model belongs to the client: it describes each type once, with a
//! [`TypeLayout`] (payload size, offsets of GC pointer fields, optional weak fields, an
//! optional variable-size part, optional hooks), and gets back a [`TypeId`] to allocate
//! with. Offsets are *payload* offsets: byte 0 is the first byte after the header.
//!
//! Object shape: `[header][fixed payload, rounded up to 8][items...]`, total size rounded
//! up to 8 and at least 16 bytes.
//!
//! Invariants checked at registration (bad layouts are a [`LayoutError`], never a panic):
//! * GC and weak fields are 8-aligned, inside the fixed payload, and distinct;
//! * the length field of a variable-size type is 8-aligned, inside the fixed payload, and
//!   is not a GC field; it holds the item count as a `usize` written by the allocator and
//!   must never be changed by the client;
//! * GC fields inside items are 8-aligned, inside the item, distinct, and force an item
//!   size that is a multiple of 8.

use std::fmt;

use crate::gcref::GcRef;
use crate::header::{HEADER_SIZE, MAX_TYPE_ID, MIN_OBJECT_SIZE, TRACK_YOUNG_PTRS, align_up};
use crate::heap::Heap;
use crate::roots::SlotVisitor;

/// Custom trace hook: calls `visitor` on every GC slot the object owns outside its
/// registered fields (e.g. in a Rust buffer the payload points to). The visitor may
/// rewrite the slot (objects move), so the hook must hand out the real storage location.
/// It runs during collections: it must not allocate Rust-side structures that refer to the
/// heap, must not panic, and must visit the same slots every time.
pub type TraceFn = fn(obj: GcRef, visitor: &mut dyn SlotVisitor);

/// Light finalizer (PyPy's *destructor*): runs exactly once when the object dies, young or
/// old, during the collection that finds it dead. It may free Rust memory the payload
/// owns; it must not touch the GC heap (other objects may already be gone) and must not
/// keep `obj`. A panic is caught and re-raised after the collection completes.
pub type DestructorFn = fn(obj: GcRef);

/// Full finalizer (Python's `__del__`): runs at most once per object, outside any
/// collection, when the client calls [`Heap::run_pending_finalizers`]. It may allocate and
/// may resurrect the object by storing it somewhere reachable.
pub type FinalizerFn = fn(heap: &mut Heap, obj: GcRef);

/// Identifier of a registered type (an index into the heap's registry).
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct TypeId(pub(crate) u32);

impl TypeId {
    /// The raw id as stored in the low 32 bits of the header (for JIT code).
    #[inline(always)]
    pub fn as_u32(self) -> u32 {
        self.0
    }

    /// Rebuilds an id from its raw value (e.g. read from a header by JIT code). Using an id
    /// that the heap did not hand out is reported as [`crate::AllocErrorKind::UnknownType`].
    pub fn from_u32(raw: u32) -> TypeId {
        TypeId(raw)
    }
}

/// Variable-size part of a layout: `length` items of `item_size` bytes after the fixed
/// payload.
#[derive(Clone, Debug)]
pub struct VarSize {
    /// Payload offset of the `usize` length field (written by the allocator).
    pub length_offset: usize,
    /// Size of one item in bytes.
    pub item_size: usize,
    /// Offsets of GC pointers inside one item (`[0]` with `item_size == 8` for an array of
    /// references).
    pub item_gc_fields: Vec<usize>,
}

/// Description of a client type. Build it with the chained methods, then register it with
/// [`Heap::register_type`].
///
/// ```
/// use tern_gc::TypeLayout;
/// // struct Pair { car: GcRef, cdr: GcRef, tag: u64 }
/// let pair = TypeLayout::new("Pair", 24).gc_field(0).gc_field(8);
/// // struct List { len: usize, items: [GcRef] }
/// let list = TypeLayout::new("List", 8).ref_items(0);
/// # let _ = (pair, list);
/// ```
#[derive(Clone)]
pub struct TypeLayout {
    name: String,
    fixed_size: usize,
    gc_fields: Vec<usize>,
    weak_fields: Vec<usize>,
    varsize: Option<VarSize>,
    custom_trace: Option<TraceFn>,
    destructor: Option<DestructorFn>,
    finalizer: Option<FinalizerFn>,
}

impl fmt::Debug for TypeLayout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypeLayout")
            .field("name", &self.name)
            .field("fixed_size", &self.fixed_size)
            .field("gc_fields", &self.gc_fields)
            .field("weak_fields", &self.weak_fields)
            .field("varsize", &self.varsize)
            .field("custom_trace", &self.custom_trace.is_some())
            .field("destructor", &self.destructor.is_some())
            .field("finalizer", &self.finalizer.is_some())
            .finish()
    }
}

impl TypeLayout {
    /// A type whose fixed payload is `fixed_size` bytes, with no GC fields yet.
    pub fn new(name: impl Into<String>, fixed_size: usize) -> TypeLayout {
        TypeLayout {
            name: name.into(),
            fixed_size,
            gc_fields: Vec::new(),
            weak_fields: Vec::new(),
            varsize: None,
            custom_trace: None,
            destructor: None,
            finalizer: None,
        }
    }

    /// Declares a strong GC pointer field at payload `offset`.
    pub fn gc_field(mut self, offset: usize) -> TypeLayout {
        self.gc_fields.push(offset);
        self
    }

    /// Declares several strong GC pointer fields.
    pub fn gc_fields(mut self, offsets: &[usize]) -> TypeLayout {
        self.gc_fields.extend_from_slice(offsets);
        self
    }

    /// Declares a weak GC pointer field: it does not keep its target alive and is set to
    /// null when the target dies. Stores into it need the write barrier like any GC field.
    pub fn weak_field(mut self, offset: usize) -> TypeLayout {
        self.weak_fields.push(offset);
        self
    }

    /// Adds a variable-size part of plain items (no GC pointers), e.g. bytes.
    pub fn items(mut self, length_offset: usize, item_size: usize) -> TypeLayout {
        self.varsize = Some(VarSize {
            length_offset,
            item_size,
            item_gc_fields: Vec::new(),
        });
        self
    }

    /// Adds a variable-size part whose items are single GC pointers (8 bytes each).
    pub fn ref_items(mut self, length_offset: usize) -> TypeLayout {
        self.varsize = Some(VarSize {
            length_offset,
            item_size: 8,
            item_gc_fields: vec![0],
        });
        self
    }

    /// Adds a general variable-size part.
    pub fn varsize(mut self, varsize: VarSize) -> TypeLayout {
        self.varsize = Some(varsize);
        self
    }

    /// Installs a custom trace hook (see [`TraceFn`]).
    pub fn custom_trace(mut self, hook: TraceFn) -> TypeLayout {
        self.custom_trace = Some(hook);
        self
    }

    /// Installs a light finalizer (see [`DestructorFn`]).
    pub fn destructor(mut self, hook: DestructorFn) -> TypeLayout {
        self.destructor = Some(hook);
        self
    }

    /// Installs a full finalizer (see [`FinalizerFn`]).
    pub fn finalizer(mut self, hook: FinalizerFn) -> TypeLayout {
        self.finalizer = Some(hook);
        self
    }

    /// The type's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// A layout the registry refused, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutError {
    /// Name of the offending type.
    pub type_name: String,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid layout for type `{}`: {}",
            self.type_name, self.reason
        )
    }
}

impl std::error::Error for LayoutError {}

/// Largest fixed payload accepted (objects this large are allocated in old space anyway).
pub const MAX_FIXED_SIZE: usize = 1 << 30;
/// Largest item size accepted.
pub const MAX_ITEM_SIZE: usize = 1 << 20;

/// Validated, precomputed form of a layout used by the collector.
pub(crate) struct TypeInfo {
    pub name: String,
    /// `HEADER_SIZE + align_up(fixed_size)`: where items start.
    pub base_size: usize,
    /// Total size of a fixed-size object (`max(base_size, MIN_OBJECT_SIZE)`).
    pub fixed_alloc_size: usize,
    pub fixed_size: usize,
    pub gc_fields: Box<[usize]>,
    pub weak_fields: Box<[usize]>,
    pub var: Option<VarInfo>,
    pub custom_trace: Option<TraceFn>,
    pub destructor: Option<DestructorFn>,
    pub finalizer: Option<FinalizerFn>,
    /// Has strong slots of any kind (fields, items, custom hook).
    pub has_strong_slots: bool,
    /// Must be looked at by a collection (strong or weak slots).
    pub needs_scan: bool,
    /// The strong slots are exactly `gc_fields` (no items with references, no custom
    /// trace hook): collectors walk the offsets directly.
    pub fields_only: bool,
    /// Has weak fields (promoted objects join `old_weak`).
    pub has_weak: bool,
    /// Header flags an object of this type gets when it becomes old
    /// (`TRACK_YOUNG_PTRS` when it has slots).
    pub promoted_flags: u64,
    /// Payload bytes to null at allocation (covers every GC and weak field).
    pub zero_prefix: usize,
    /// May use the inline nursery fast path (fixed size, no hooks needing registration).
    pub fast_alloc: bool,
    /// Variable-size type that may use the inline nursery path (no hooks).
    pub fast_varsize: bool,
    /// No slots at all: may be pinned.
    pub pinnable: bool,
}

pub(crate) struct VarInfo {
    pub length_offset: usize,
    pub item_size: usize,
    pub item_gc_fields: Box<[usize]>,
    /// Items hold GC pointers.
    pub items_have_refs: bool,
    /// Items are exactly one GC pointer each (fast tracing path).
    pub plain_refs: bool,
}

impl TypeInfo {
    /// Total object size for `len` items, or `None` on overflow.
    #[inline]
    pub fn size_for_len(&self, len: usize) -> Option<usize> {
        match &self.var {
            None => Some(self.fixed_alloc_size),
            Some(v) => {
                let total = len.checked_mul(v.item_size)?.checked_add(self.base_size)?;
                Some(crate::header::checked_align_up(total)?.max(MIN_OBJECT_SIZE))
            }
        }
    }

    /// Is `offset` (payload) a declared strong or weak GC field?
    pub fn is_ref_field(&self, offset: usize) -> bool {
        self.gc_fields.binary_search(&offset).is_ok()
            || self.weak_fields.binary_search(&offset).is_ok()
    }
}

fn check_field(
    what: &str,
    offset: usize,
    limit: usize,
    err: &dyn Fn(String) -> LayoutError,
) -> Result<(), LayoutError> {
    if !offset.is_multiple_of(8) {
        return Err(err(format!(
            "{what} at offset {offset} is not 8-byte aligned"
        )));
    }
    if offset.checked_add(8).is_none_or(|end| end > limit) {
        return Err(err(format!(
            "{what} at offset {offset} does not fit in {limit} bytes"
        )));
    }
    Ok(())
}

/// Validates `layout` and computes its [`TypeInfo`]. `large_object` is the heap's
/// large-object threshold (fixed types at least that big skip the nursery fast path).
pub(crate) fn validate(layout: TypeLayout, large_object: usize) -> Result<TypeInfo, LayoutError> {
    let name = layout.name.clone();
    let err = |reason: String| LayoutError {
        type_name: name.clone(),
        reason,
    };
    if layout.fixed_size > MAX_FIXED_SIZE {
        return Err(err(format!(
            "fixed size {} exceeds the maximum {MAX_FIXED_SIZE}",
            layout.fixed_size
        )));
    }
    let mut gc_fields = layout.gc_fields.clone();
    let mut weak_fields = layout.weak_fields.clone();
    for &off in &gc_fields {
        check_field("GC field", off, layout.fixed_size, &err)?;
    }
    for &off in &weak_fields {
        check_field("weak field", off, layout.fixed_size, &err)?;
    }
    gc_fields.sort_unstable();
    weak_fields.sort_unstable();
    let mut all: Vec<usize> = gc_fields
        .iter()
        .chain(weak_fields.iter())
        .copied()
        .collect();
    all.sort_unstable();
    if let Some(w) = all.windows(2).find(|w| w[0] == w[1]) {
        return Err(err(format!("field offset {} is declared twice", w[0])));
    }
    let var = match &layout.varsize {
        None => None,
        Some(v) => {
            check_field("length field", v.length_offset, layout.fixed_size, &err)?;
            if all.contains(&v.length_offset) {
                return Err(err(format!(
                    "length field at offset {} is also declared as a GC field",
                    v.length_offset
                )));
            }
            if v.item_size == 0 || v.item_size > MAX_ITEM_SIZE {
                return Err(err(format!(
                    "item size {} must be between 1 and {MAX_ITEM_SIZE}",
                    v.item_size
                )));
            }
            let mut item_fields = v.item_gc_fields.clone();
            for &off in &item_fields {
                check_field("item GC field", off, v.item_size, &err)?;
            }
            if !item_fields.is_empty() && !v.item_size.is_multiple_of(8) {
                return Err(err(format!(
                    "items holding GC pointers need a size that is a multiple of 8, got {}",
                    v.item_size
                )));
            }
            item_fields.sort_unstable();
            if let Some(w) = item_fields.windows(2).find(|w| w[0] == w[1]) {
                return Err(err(format!("item field offset {} is declared twice", w[0])));
            }
            let plain_refs = v.item_size == 8 && item_fields == [0];
            Some(VarInfo {
                length_offset: v.length_offset,
                item_size: v.item_size,
                items_have_refs: !item_fields.is_empty(),
                item_gc_fields: item_fields.into_boxed_slice(),
                plain_refs,
            })
        }
    };
    let base_size = HEADER_SIZE + align_up(layout.fixed_size);
    let fixed_alloc_size = base_size.max(MIN_OBJECT_SIZE);
    let has_strong_slots = !gc_fields.is_empty()
        || var.as_ref().is_some_and(|v| v.items_have_refs)
        || layout.custom_trace.is_some();
    let needs_scan = has_strong_slots || !weak_fields.is_empty();
    let zero_prefix = all.last().map_or(0, |last| last + 8);
    let fields_only =
        layout.custom_trace.is_none() && !var.as_ref().is_some_and(|v| v.items_have_refs);
    let has_weak = !weak_fields.is_empty();
    let fast_alloc = var.is_none()
        && layout.destructor.is_none()
        && layout.finalizer.is_none()
        && fixed_alloc_size < large_object;
    Ok(TypeInfo {
        name: layout.name,
        base_size,
        fixed_alloc_size,
        fixed_size: layout.fixed_size,
        gc_fields: gc_fields.into_boxed_slice(),
        weak_fields: weak_fields.into_boxed_slice(),
        var,
        custom_trace: layout.custom_trace,
        destructor: layout.destructor,
        finalizer: layout.finalizer,
        has_strong_slots,
        needs_scan,
        fields_only,
        has_weak,
        promoted_flags: if needs_scan { TRACK_YOUNG_PTRS } else { 0 },
        zero_prefix,
        fast_alloc,
        fast_varsize: layout.varsize.is_some()
            && layout.destructor.is_none()
            && layout.finalizer.is_none(),
        pinnable: !needs_scan,
    })
}

/// All types of one heap, indexed by [`TypeId`].
#[derive(Default)]
pub(crate) struct TypeRegistry {
    infos: Vec<TypeInfo>,
    /// Per type, for the inline allocation path: `size << 32 | zero_prefix / 8` (words to
    /// null after the header), or 0 when the type cannot use it. One load instead of a
    /// walk through `TypeInfo`.
    fast: Vec<u64>,
    /// Per type, the fixed payload size: the bounds of the field accessors.
    fixed_sizes: Vec<usize>,
}

impl TypeRegistry {
    pub fn register(
        &mut self,
        layout: TypeLayout,
        large_object: usize,
    ) -> Result<TypeId, LayoutError> {
        if self.infos.len() >= MAX_TYPE_ID as usize {
            return Err(LayoutError {
                type_name: layout.name,
                reason: "too many registered types".into(),
            });
        }
        let info = validate(layout, large_object)?;
        self.fast.push(if info.fast_alloc {
            (info.fixed_alloc_size as u64) << 32 | (info.zero_prefix / 8) as u64
        } else {
            0
        });
        self.fixed_sizes.push(info.fixed_size);
        self.infos.push(info);
        Ok(TypeId((self.infos.len() - 1) as u32))
    }

    /// Packed fast-path info (see `fast`); 0 for unknown ids and slow types.
    #[inline(always)]
    pub fn fast_alloc_info(&self, id: TypeId) -> u64 {
        self.fast.get(id.0 as usize).copied().unwrap_or(0)
    }

    /// Fixed payload size of the type with id `index` (read from a live header).
    #[inline(always)]
    pub fn fixed_size_of(&self, index: u32) -> usize {
        self.fixed_sizes[index as usize]
    }

    #[inline(always)]
    pub fn get(&self, id: TypeId) -> Option<&TypeInfo> {
        self.infos.get(id.0 as usize)
    }

    /// Info for a type id read from a live object's header.
    #[inline(always)]
    pub fn of_index(&self, index: u32) -> &TypeInfo {
        &self.infos[index as usize]
    }

    #[inline(always)]
    pub fn is_valid_index(&self, index: u32) -> bool {
        (index as usize) < self.infos.len()
    }

    pub fn len(&self) -> usize {
        self.infos.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(layout: TypeLayout) -> String {
        match validate(layout, 1 << 20) {
            Ok(_) => panic!("layout unexpectedly accepted"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn sizes_and_flags() {
        let info = validate(TypeLayout::new("Pair", 20).gc_field(0).gc_field(8), 1 << 20).unwrap();
        assert_eq!(info.base_size, 8 + 24);
        assert_eq!(info.fixed_alloc_size, 32);
        assert_eq!(info.zero_prefix, 16);
        assert!(info.has_strong_slots && info.fast_alloc && !info.pinnable);

        let empty = validate(TypeLayout::new("Unit", 0), 1 << 20).unwrap();
        assert_eq!(empty.fixed_alloc_size, MIN_OBJECT_SIZE);
        assert!(empty.pinnable);

        let bytes = validate(TypeLayout::new("Bytes", 8).items(0, 1), 1 << 20).unwrap();
        assert_eq!(bytes.size_for_len(0), Some(16));
        assert_eq!(bytes.size_for_len(9), Some(32));
        assert_eq!(bytes.size_for_len(usize::MAX), None);
        assert!(bytes.pinnable && !bytes.fast_alloc);

        let list = validate(TypeLayout::new("List", 8).ref_items(0), 1 << 20).unwrap();
        assert!(list.var.as_ref().unwrap().plain_refs);
        assert_eq!(list.size_for_len(3), Some(16 + 24));
    }

    #[test]
    fn bad_layouts_are_reported() {
        assert!(reason(TypeLayout::new("A", 16).gc_field(3)).contains("not 8-byte aligned"));
        assert!(reason(TypeLayout::new("A", 16).gc_field(16)).contains("does not fit"));
        assert!(reason(TypeLayout::new("A", 16).gc_field(8).weak_field(8)).contains("twice"));
        assert!(reason(TypeLayout::new("A", 16).gc_field(0).ref_items(0)).contains("length"));
        assert!(reason(TypeLayout::new("A", 8).items(0, 0)).contains("item size"));
        let odd = VarSize {
            length_offset: 0,
            item_size: 12,
            item_gc_fields: vec![0],
        };
        assert!(reason(TypeLayout::new("A", 8).varsize(odd)).contains("multiple of 8"));
        assert!(reason(TypeLayout::new("A", MAX_FIXED_SIZE + 1)).contains("maximum"));
    }
}
