//! Raw memory primitives on integer addresses.
//!
//! The collector works on `usize` addresses (objects move, are forwarded, and are found in
//! slots that may hold tagged words). Every block of memory the heap owns is obtained from
//! the system allocator through [`alloc_block`], whose pointer provenance is exposed, so
//! turning an address back into a pointer with `with_exposed_provenance_mut` is valid.
//!
//! Invariant for every function taking an address: the caller guarantees the address lies
//! inside a block obtained from [`alloc_block`] that has not been released, and is
//! suitably aligned. The functions are `unsafe` for exactly that reason.

use std::alloc::{Layout, alloc, dealloc, handle_alloc_error};

/// Turns an address of heap memory back into a pointer.
#[inline(always)]
pub(crate) fn ptr(addr: usize) -> *mut u8 {
    std::ptr::with_exposed_provenance_mut(addr)
}

/// Reads the word at `addr`.
///
/// # Safety
/// `addr` is 8-aligned and inside live heap memory (module invariant).
#[inline(always)]
pub(crate) unsafe fn load(addr: usize) -> usize {
    // SAFETY: the caller guarantees `addr` is an aligned word of live heap memory.
    unsafe { *(ptr(addr) as *const usize) }
}

/// Writes the word at `addr`.
///
/// # Safety
/// As for [`load`].
#[inline(always)]
pub(crate) unsafe fn store(addr: usize, value: usize) {
    // SAFETY: the caller guarantees `addr` is an aligned word of live heap memory.
    unsafe { *(ptr(addr) as *mut usize) = value }
}

/// Reads an object header.
///
/// # Safety
/// `obj` is the address of an object (or free block) in live heap memory.
#[inline(always)]
pub(crate) unsafe fn header(obj: usize) -> u64 {
    // SAFETY: forwarded from the caller.
    unsafe { load(obj) as u64 }
}

/// Writes an object header.
///
/// # Safety
/// As for [`header`].
#[inline(always)]
pub(crate) unsafe fn set_header(obj: usize, header: u64) {
    // SAFETY: forwarded from the caller.
    unsafe { store(obj, header as usize) }
}

/// Copies `len` bytes between non-overlapping heap ranges.
///
/// # Safety
/// Both ranges are inside live heap memory and do not overlap.
#[inline]
pub(crate) unsafe fn copy(src: usize, dst: usize, len: usize) {
    // SAFETY: forwarded from the caller.
    unsafe { std::ptr::copy_nonoverlapping(ptr(src), ptr(dst), len) }
}

/// Fills `len` bytes at `addr` with `byte`.
///
/// # Safety
/// The range is inside live heap memory.
#[inline]
pub(crate) unsafe fn fill(addr: usize, byte: u8, len: usize) {
    // SAFETY: forwarded from the caller.
    unsafe { std::ptr::write_bytes(ptr(addr), byte, len) }
}

/// Allocates `size` bytes aligned to `align` from the system allocator and returns the
/// exposed address. Aborts through `handle_alloc_error` when the system is out of memory
/// (the collector cannot continue half-way through a copy).
pub(crate) fn alloc_block(size: usize, align: usize) -> usize {
    let layout = Layout::from_size_align(size.max(1), align).expect("heap block layout");
    // SAFETY: the layout has a non-zero size.
    let p = unsafe { alloc(layout) };
    if p.is_null() {
        handle_alloc_error(layout);
    }
    p.expose_provenance()
}

/// Allocates like [`alloc_block`] but reports failure instead of aborting.
pub(crate) fn try_alloc_block(size: usize, align: usize) -> Option<usize> {
    let layout = Layout::from_size_align(size.max(1), align).ok()?;
    // SAFETY: the layout has a non-zero size.
    let p = unsafe { alloc(layout) };
    if p.is_null() {
        None
    } else {
        Some(p.expose_provenance())
    }
}

/// Releases a block obtained from [`alloc_block`] with the same size and alignment.
///
/// # Safety
/// `addr` came from `alloc_block(size, align)` and is not used afterwards.
pub(crate) unsafe fn free_block(addr: usize, size: usize, align: usize) {
    let layout = Layout::from_size_align(size.max(1), align).expect("heap block layout");
    // SAFETY: forwarded from the caller.
    unsafe { dealloc(ptr(addr), layout) }
}
