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

/// Hints the CPU to fetch the cache line at `addr` for writing. Any address is fine: a
/// prefetch never faults (past the end of the nursery it is simply wasted).
#[inline(always)]
pub(crate) fn prefetch_write(addr: usize) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch has no architectural effect besides the cache hint and never
    // faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_ET0 }>(
            ptr(addr) as *const i8
        )
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = addr;
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

/// Size and alignment of a transparent huge page on Linux (x86-64 and AArch64 with 4 KiB
/// base pages).
pub(crate) const HUGE_PAGE: usize = 2 << 20;

/// Asks the kernel to back `[addr, addr + len)` with transparent huge pages. A hint only:
/// a no-op where THP is disabled or outside Linux. The nursery is written front to back
/// and the arenas are scanned page by page, so 4 KiB pages cost one TLB miss every
/// 4 KiB; with 2 MiB pages the whole nursery fits in a handful of TLB entries.
pub(crate) fn advise_huge_pages(addr: usize, len: usize) {
    #[cfg(target_os = "linux")]
    // SAFETY: `madvise(MADV_HUGEPAGE)` only changes how the kernel backs the range with
    // physical pages, never its contents or mapping; the range is memory this heap owns.
    // A failure (THP unavailable) leaves ordinary pages, which is fine.
    unsafe {
        libc::madvise(ptr(addr) as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (addr, len);
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
