//! Raw memory: owned heap blocks, regions, and the few unchecked loads and stores.
//!
//! Design: C memory is never turned into Rust references (C may alias it, write it from
//! another call, or leave it uninitialised); it is only touched through the unaligned
//! byte-level operations below. Addresses travel as `usize` with exposed provenance
//! (`expose_provenance` / `with_exposed_provenance`), as in any FFI that hands pointers to C.
//!
//! A [`Region`] says what is known about the memory behind an address: its bounds and an
//! owner that keeps it alive. Owned memory (`new_cdata`), external buffers (a caller's pinned
//! object) and scoped borrows have exact bounds; memory that C handed us has unknown bounds
//! (`Region::foreign`), where only NULL is checked and the rest is trusted, exactly as in C.
//!
//! Invariants: every `unsafe` load/store below is reached only after `Region::check`
//! succeeded for the full access; owned blocks are zero-initialised, at least one byte
//! long, and freed exactly once when the last `Rc` owner drops (debug builds poison them
//! with 0xDD first so a stale read in a test shows up).

use std::alloc::{self, Layout as AllocLayout};
use std::any::Any;
use std::cell::Cell;
use std::ptr::NonNull;
use std::rc::Rc;

use crate::error::{Error, ErrorKind, Result};

#[cfg(not(target_endian = "little"))]
compile_error!("tern-ffi assumes a little-endian target");

/// Addresses below this are treated as NULL (the page at 0 is never mapped on Linux).
pub(crate) const NULL_PAGE: usize = 4096;

/// Zeroed heap memory owned by Rust on behalf of C data.
pub(crate) struct HeapBlock {
    ptr: NonNull<u8>,
    layout: AllocLayout,
}

impl HeapBlock {
    /// Allocates `size` zero bytes aligned to `align` (at least 16, like malloc).
    pub(crate) fn zeroed(size: usize, align: usize) -> Result<HeapBlock> {
        let layout = AllocLayout::from_size_align(size.max(1), align.max(16))
            .map_err(|_| Error::memory(format!("cannot allocate {size} bytes: too large")))?;
        // SAFETY: `layout` has a non-zero size (`size.max(1)`).
        let raw = unsafe { alloc::alloc_zeroed(layout) };
        let ptr = NonNull::new(raw)
            .ok_or_else(|| Error::memory(format!("out of memory allocating {size} bytes")))?;
        Ok(HeapBlock { ptr, layout })
    }

    pub(crate) fn addr(&self) -> usize {
        self.ptr.as_ptr().expose_provenance()
    }
}

impl Drop for HeapBlock {
    fn drop(&mut self) {
        #[cfg(debug_assertions)]
        // SAFETY: the block is `layout.size()` bytes we allocated and still own.
        unsafe {
            std::ptr::write_bytes(self.ptr.as_ptr(), 0xDD, self.layout.size());
        }
        // SAFETY: allocated in `zeroed` with exactly this layout; dropped once.
        unsafe { alloc::dealloc(self.ptr.as_ptr(), self.layout) };
    }
}

/// What keeps a region's memory alive.
pub(crate) enum Owner {
    /// Memory allocated by this crate.
    Heap(#[allow(dead_code, reason = "held for its Drop")] HeapBlock),
    /// A caller's buffer lent for the duration of a closure (`Ffi::with_buffer`); the flag
    /// turns false when the closure returns, after which every access is refused.
    Scoped(Cell<bool>),
    /// Memory kept alive by an arbitrary object (a pinned GC object, a library, a callback).
    External(#[allow(dead_code, reason = "held for its Drop")] Box<dyn Any>),
}

impl Owner {
    fn alive(&self) -> bool {
        match self {
            Owner::Scoped(flag) => flag.get(),
            Owner::Heap(_) | Owner::External(_) => true,
        }
    }
}

/// Known bounds and owner of the memory an address points into.
///
/// Memory of unknown extent (from C) is `lo = NULL_PAGE, hi = usize::MAX`, so the single
/// range test in [`Region::check`] also rejects NULL for it.
#[derive(Clone)]
pub(crate) struct Region {
    lo: usize,
    hi: usize,
    owner: Option<Rc<Owner>>,
    /// The bounds are the real extent of the memory (not the unknown-extent defaults).
    known: bool,
    /// The owner is a scoped borrow that can end (checked on every access).
    scoped: bool,
}

impl Region {
    /// Memory from C: bounds unknown, nothing to keep alive.
    pub(crate) fn foreign() -> Region {
        Region {
            lo: NULL_PAGE,
            hi: usize::MAX,
            owner: None,
            known: false,
            scoped: false,
        }
    }

    /// Memory of unknown extent kept alive by `owner` (e.g. a library's `extern T x[];`).
    pub(crate) fn unbounded(owner: Option<Rc<Owner>>) -> Region {
        Region {
            owner,
            ..Region::foreign()
        }
    }

    /// `len` bytes at `lo`, kept alive by `owner` (or by C when `None`). The null page is
    /// never part of a region.
    pub(crate) fn bounded(lo: usize, len: usize, owner: Option<Rc<Owner>>) -> Region {
        let scoped = matches!(owner.as_deref(), Some(Owner::Scoped(_)));
        let hi = lo.saturating_add(len);
        Region {
            lo: lo.max(NULL_PAGE),
            hi: hi.max(NULL_PAGE),
            owner,
            known: true,
            scoped,
        }
    }

    /// A fresh zeroed block, and the region covering it.
    pub(crate) fn allocate(size: usize, align: usize) -> Result<Region> {
        let block = HeapBlock::zeroed(size, align)?;
        let lo = block.addr();
        Ok(Region::bounded(lo, size, Some(Rc::new(Owner::Heap(block)))))
    }

    /// The same memory and owner, with the bounds cut to the first `len` bytes.
    pub(crate) fn shrink(self, len: usize) -> Region {
        let hi = self.lo.saturating_add(len).min(self.hi);
        Region { hi, ..self }
    }

    pub(crate) fn start(&self) -> usize {
        self.lo
    }

    pub(crate) fn is_known(&self) -> bool {
        self.known
    }

    /// Bytes from `addr` to the end of the region, if the region is known.
    pub(crate) fn remaining(&self, addr: usize) -> Option<usize> {
        self.known.then(|| self.hi.saturating_sub(addr))
    }

    /// Bytes from `addr` to the end of the region, 0 when `addr` is outside it (or NULL).
    pub(crate) fn extent_from(&self, addr: usize) -> usize {
        if addr >= self.lo && addr <= self.hi {
            self.hi - addr
        } else {
            0
        }
    }

    #[inline]
    pub(crate) fn is_alive(&self) -> bool {
        !self.scoped || self.owner.as_ref().is_none_or(|owner| owner.alive())
    }

    pub(crate) fn ensure_alive(&self) -> Result<()> {
        if self.is_alive() {
            Ok(())
        } else {
            Err(dangling())
        }
    }

    /// Checks that `size` bytes at `addr` may be accessed: not NULL, owner alive, inside
    /// the known bounds.
    #[inline]
    pub(crate) fn check(&self, addr: usize, size: usize) -> Result<()> {
        // `lo >= NULL_PAGE` always, so the first test also refuses NULL.
        if addr >= self.lo && addr <= self.hi && size <= self.hi - addr && self.is_alive() {
            Ok(())
        } else {
            Err(self.access_error(addr, size))
        }
    }

    #[cold]
    fn access_error(&self, addr: usize, size: usize) -> Error {
        if addr < NULL_PAGE {
            Error::null(format!(
                "access to address {addr:#x} through a NULL pointer"
            ))
        } else if !self.is_alive() {
            dangling()
        } else {
            Error::bounds(format!(
                "access to {size} bytes at {addr:#x} is outside the {} bytes owned at {:#x}",
                self.hi - self.lo,
                self.lo
            ))
        }
    }

    /// Checks that `addr` is inside the bounds or one past the end (valid for pointer
    /// arithmetic but not necessarily for access).
    pub(crate) fn check_position(&self, addr: usize) -> Result<()> {
        if !self.known {
            return Ok(());
        }
        if addr < self.lo || addr > self.hi {
            return Err(Error::bounds(format!(
                "pointer {addr:#x} would leave the {} bytes owned at {:#x}",
                self.hi - self.lo,
                self.lo
            )));
        }
        Ok(())
    }
}

pub(crate) fn dangling() -> Error {
    Error::new(
        ErrorKind::Dangling,
        "the borrowed buffer behind this cdata is no longer available (its scope ended)",
    )
}

fn ptr(addr: usize) -> *mut u8 {
    std::ptr::with_exposed_provenance_mut(addr)
}

/// Reads a 1-, 2-, 4- or 8-byte little-endian value, zero-extended.
///
/// # Safety
/// `size` bytes at `addr` must be readable (checked with `Region::check`, or memory C
/// vouches for).
#[inline]
pub(crate) unsafe fn read_bits(addr: usize, size: usize) -> u64 {
    let p = ptr(addr);
    // SAFETY: the caller guarantees `size` readable bytes; unaligned reads need no alignment.
    unsafe {
        match size {
            1 => u64::from(p.read()),
            2 => u64::from(p.cast::<u16>().read_unaligned()),
            4 => u64::from(p.cast::<u32>().read_unaligned()),
            _ => p.cast::<u64>().read_unaligned(),
        }
    }
}

/// Writes the low `size` bytes of `bits`.
///
/// # Safety
/// `size` bytes at `addr` must be writable.
#[inline]
pub(crate) unsafe fn write_bits(addr: usize, size: usize, bits: u64) {
    let p = ptr(addr);
    // SAFETY: the caller guarantees `size` writable bytes; unaligned writes need no alignment.
    unsafe {
        match size {
            1 => p.write(bits as u8),
            2 => p.cast::<u16>().write_unaligned(bits as u16),
            4 => p.cast::<u32>().write_unaligned(bits as u32),
            _ => p.cast::<u64>().write_unaligned(bits),
        }
    }
}

/// Copies `len` bytes, allowing overlap.
///
/// # Safety
/// `len` bytes at `src` must be readable and `len` bytes at `dst` writable.
pub(crate) unsafe fn copy_bytes(dst: usize, src: usize, len: usize) {
    // SAFETY: guaranteed by the caller; `copy` handles overlap.
    unsafe { std::ptr::copy(ptr(src), ptr(dst), len) };
}

/// Copies `len` bytes out into a vector.
///
/// # Safety
/// `len` bytes at `addr` must be readable.
pub(crate) unsafe fn read_bytes(addr: usize, len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    // SAFETY: the caller guarantees the source; `out` has `len` bytes and does not overlap
    // memory we do not own.
    unsafe { std::ptr::copy(ptr(addr), out.as_mut_ptr(), len) };
    out
}

/// Copies a slice in.
///
/// # Safety
/// `bytes.len()` bytes at `addr` must be writable.
pub(crate) unsafe fn write_slice(addr: usize, bytes: &[u8]) {
    // SAFETY: guaranteed by the caller; `copy` tolerates any overlap with `bytes`.
    unsafe { std::ptr::copy(bytes.as_ptr(), ptr(addr), bytes.len()) };
}

/// Length of the NUL-terminated string at `addr`, scanning at most `max` bytes.
///
/// # Safety
/// Every byte from `addr` up to the first NUL or `max` bytes (whichever comes first) must
/// be readable.
pub(crate) unsafe fn c_strlen(addr: usize, max: usize) -> usize {
    let mut len = 0;
    while len < max {
        // SAFETY: `addr + len` is before the first NUL and within `max`: readable.
        if unsafe { ptr(addr + len).read() } == 0 {
            break;
        }
        len += 1;
    }
    len
}

/// Zeroes `len` bytes.
///
/// # Safety
/// `len` bytes at `addr` must be writable.
pub(crate) unsafe fn zero_bytes(addr: usize, len: usize) {
    // SAFETY: guaranteed by the caller.
    unsafe { std::ptr::write_bytes(ptr(addr), 0, len) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocated_regions_are_zeroed_and_bounded() {
        let region = Region::allocate(12, 4).unwrap();
        let base = region.start();
        region.check(base, 12).unwrap();
        // SAFETY: checked just above.
        assert_eq!(unsafe { read_bits(base + 4, 8) }, 0);
        assert_eq!(
            region.check(base + 8, 8).unwrap_err().kind(),
            ErrorKind::OutOfBounds
        );
        assert_eq!(
            region.check(base - 1, 1).unwrap_err().kind(),
            ErrorKind::OutOfBounds
        );
        assert_eq!(
            region.check(0, 1).unwrap_err().kind(),
            ErrorKind::NullPointer
        );
        region.check_position(base + 12).unwrap();
        assert!(region.check_position(base + 13).is_err());
    }

    #[test]
    fn bits_round_trip_at_every_size() {
        let region = Region::allocate(16, 8).unwrap();
        let base = region.start();
        for (size, value) in [
            (1, 0xabu64),
            (2, 0xbeef),
            (4, 0xdead_beef),
            (8, u64::MAX - 5),
        ] {
            region.check(base + 3, size).unwrap();
            // SAFETY: checked just above.
            unsafe {
                write_bits(base + 3, size, value);
                assert_eq!(read_bits(base + 3, size), value);
            }
        }
    }

    #[test]
    fn scoped_owner_refuses_access_after_its_scope() {
        let owner = Rc::new(Owner::Scoped(Cell::new(true)));
        let region = Region::bounded(0x10000, 8, Some(owner.clone()));
        assert!(region.ensure_alive().is_ok());
        if let Owner::Scoped(flag) = &*owner {
            flag.set(false);
        }
        assert_eq!(
            region.check(0x10000, 1).unwrap_err().kind(),
            ErrorKind::Dangling
        );
    }

    #[test]
    fn foreign_regions_only_check_null() {
        let region = Region::foreign();
        assert_eq!(
            region.check(0x10, 4).unwrap_err().kind(),
            ErrorKind::NullPointer
        );
        assert!(region.check(usize::MAX - 2, 4).is_err());
        assert!(region.check(0x7fff_0000, 4).is_ok());
        assert!(region.remaining(0x7fff_0000).is_none());
    }
}
