//! What a JIT backend needs to inline allocation and the write barrier.
//!
//! Inline allocation of a fixed-size type whose [`JitTypeInfo::inline_alloc`] is true:
//!
//! ```text
//! free = *nursery_free
//! new  = free + size
//! if new > *nursery_top: obj = alloc_slow(heap, type_id, 0)      ; may collect
//! else: *nursery_free = new; obj = free
//!       store64 [obj] = header_word                               ; type id, no flags
//!       zero payload bytes [obj + 8, obj + 8 + zero_bytes)        ; GC fields
//! ```
//!
//! Write barrier before storing a GC pointer into `obj`:
//!
//! ```text
//! if byte [obj + track_flag_byte_offset] & track_flag_byte_mask:
//!     write_barrier_slow(heap, obj)                  ; or write_barrier_array_slow(heap, obj, i)
//! ```
//!
//! Slow paths are `extern "C"` functions taking the heap pointer; they may collect, so the
//! JIT must have spilled every live reference into a root (a shadow-stack frame or a
//! registered root set) before calling them, and reload afterwards. `alloc_slow` returns
//! 0 when allocation fails (out of memory, bad type); raise the language's memory error.
//!
//! Invariant: the `Heap` must not move while JIT code holds its address (keep it boxed);
//! the nursery pointer cell never moves for the life of the heap.

use crate::gcref::GcRef;
use crate::header::{HEADER_SIZE, TRACK_YOUNG_PTRS, TYPE_ID_MASK};
use crate::heap::Heap;
use crate::layout::TypeId;

/// Heap-wide facts for generated code.
#[derive(Copy, Clone, Debug)]
pub struct JitHeapInfo {
    /// The heap itself (first argument of the slow paths).
    pub heap: *mut Heap,
    /// Address of the nursery allocation pointer (read and write).
    pub nursery_free: *mut usize,
    /// Address of the nursery limit (read only).
    pub nursery_top: *const usize,
    /// Bytes of header before the payload; payload offsets are relative to `obj + header_size`.
    pub header_size: usize,
    /// Mask of the type id in the header word (the id is the low bits).
    pub type_id_mask: u64,
    /// The write-barrier flag as a header-word bit.
    pub track_flag: u64,
    /// Byte of the header holding the write-barrier flag (little endian).
    pub track_flag_byte_offset: usize,
    /// Mask of the flag within that byte.
    pub track_flag_byte_mask: u8,
    /// Slot words with any of these bits set are tagged values, not references.
    pub tagged_word_mask: usize,
    /// Allocation slow path: `(heap, type id, item count) -> object address or 0`.
    pub alloc_slow: unsafe extern "C" fn(*mut Heap, u32, usize) -> usize,
    /// Write-barrier slow path: `(heap, object)`.
    pub write_barrier_slow: unsafe extern "C" fn(*mut Heap, usize),
    /// Array write-barrier slow path: `(heap, array, item index)`.
    pub write_barrier_array_slow: unsafe extern "C" fn(*mut Heap, usize, usize),
}

/// Per-type facts for generated code.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct JitTypeInfo {
    /// Raw type id.
    pub type_id: u32,
    /// Header word of a freshly allocated object.
    pub header_word: u64,
    /// Total size of a fixed-size object (header included); for variable-size types, the
    /// size before the items.
    pub size: usize,
    /// The inline fast path may be used (fixed size, no destructor/finalizer, not large).
    pub inline_alloc: bool,
    /// Payload bytes to zero after inline allocation (covers every GC field).
    pub zero_bytes: usize,
    /// For variable-size types: (payload offset of the length, item size, object offset of
    /// item 0).
    pub varsize: Option<(usize, usize, usize)>,
}

const _: () = assert!(TRACK_YOUNG_PTRS == 1 << 32, "flag byte computation below");

impl Heap {
    /// Heap-wide facts for a JIT backend. The heap must stay at this address.
    pub fn jit_info(&mut self) -> JitHeapInfo {
        let ptrs: *mut crate::nursery::NurseryPointers = &mut *self.gc.nursery.ptrs;
        JitHeapInfo {
            heap: self,
            // SAFETY: taking field addresses of the boxed, never-moving pointer cell.
            nursery_free: unsafe { &raw mut (*ptrs).free },
            // SAFETY: as above.
            nursery_top: unsafe { &raw const (*ptrs).top },
            header_size: HEADER_SIZE,
            type_id_mask: TYPE_ID_MASK,
            track_flag: TRACK_YOUNG_PTRS,
            track_flag_byte_offset: (TRACK_YOUNG_PTRS.trailing_zeros() / 8) as usize,
            track_flag_byte_mask: 1 << (TRACK_YOUNG_PTRS.trailing_zeros() % 8),
            tagged_word_mask: self.gc.tag_mask,
            alloc_slow: tern_gc_alloc_slow,
            write_barrier_slow: tern_gc_write_barrier_slow,
            write_barrier_array_slow: tern_gc_write_barrier_array_slow,
        }
    }

    /// Per-type facts for a JIT backend.
    pub fn jit_type_info(&self, ty: TypeId) -> Option<JitTypeInfo> {
        let info = self.types.get(ty)?;
        Some(JitTypeInfo {
            type_id: ty.as_u32(),
            header_word: ty.as_u32() as u64,
            size: if info.var.is_some() {
                info.base_size
            } else {
                info.fixed_alloc_size
            },
            inline_alloc: info.fast_alloc,
            zero_bytes: info.zero_prefix,
            varsize: info
                .var
                .as_ref()
                .map(|v| (v.length_offset, v.item_size, info.base_size)),
        })
    }
}

/// Allocation slow path for generated code: allocates `len` items of type `type_id`
/// (`len` is ignored for fixed-size types). Returns 0 on failure.
///
/// # Safety
/// `heap` is the live heap from [`Heap::jit_info`], not borrowed elsewhere during the call.
pub unsafe extern "C" fn tern_gc_alloc_slow(heap: *mut Heap, type_id: u32, len: usize) -> usize {
    // SAFETY: guaranteed by the caller.
    let heap = unsafe { &mut *heap };
    let ty = TypeId::from_u32(type_id);
    let varsize = heap.types.get(ty).is_some_and(|i| i.var.is_some());
    let r = if varsize {
        heap.alloc_slow(ty, Some(len))
    } else {
        heap.alloc_slow(ty, None)
    };
    r.map_or(0, GcRef::addr)
}

/// Write-barrier slow path for generated code.
///
/// # Safety
/// `heap` as for [`tern_gc_alloc_slow`]; `obj` is a live object of that heap.
pub unsafe extern "C" fn tern_gc_write_barrier_slow(heap: *mut Heap, obj: usize) {
    // SAFETY: guaranteed by the caller.
    let heap = unsafe { &mut *heap };
    if let Some(r) = GcRef::from_addr(obj) {
        heap.write_barrier(r);
    }
}

/// Array write-barrier slow path for generated code.
///
/// # Safety
/// As for [`tern_gc_write_barrier_slow`].
pub unsafe extern "C" fn tern_gc_write_barrier_array_slow(
    heap: *mut Heap,
    obj: usize,
    index: usize,
) {
    // SAFETY: guaranteed by the caller.
    let heap = unsafe { &mut *heap };
    if let Some(r) = GcRef::from_addr(obj) {
        heap.write_barrier_array(r, index);
    }
}
