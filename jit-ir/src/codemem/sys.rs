//! Thin wrappers over the virtual-memory system calls (`mmap`, `mprotect`, `munmap`), with
//! errors turned into [`std::io::Error`]s that name the call.
//!
//! Invariant: these functions are the only place in tern-jit-ir that calls into libc. The
//! ones that change existing mappings are `unsafe`: the caller guarantees the range lies
//! inside a reservation it owns and that nothing relies on the old protection or contents.

use std::io;

/// The protection a committed page of the code arena can have (never write and execute
/// together). Uncommitted pages are inaccessible: see [`reserve`] and [`decommit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Prot {
    /// Being written: readable and writable, not executable.
    ReadWrite,
    /// Finished code: readable and executable, not writable.
    ReadExec,
}

impl Prot {
    fn flags(self) -> libc::c_int {
        match self {
            Prot::ReadWrite => libc::PROT_READ | libc::PROT_WRITE,
            Prot::ReadExec => libc::PROT_READ | libc::PROT_EXEC,
        }
    }
}

fn last_error(call: &str, addr: usize, len: usize) -> io::Error {
    let e = io::Error::last_os_error();
    io::Error::new(e.kind(), format!("{call}({addr:#x}, {len:#x}) failed: {e}"))
}

/// The system page size.
pub(crate) fn page_size() -> usize {
    // SAFETY: sysconf has no memory-safety preconditions.
    let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if n > 0 { n as usize } else { 4096 }
}

/// Reserves `len` bytes of address space: inaccessible and not backed by memory until a
/// range is made accessible with [`protect`].
pub(crate) fn reserve(len: usize) -> io::Result<*mut u8> {
    // SAFETY: a fresh anonymous mapping at an address of the kernel's choice cannot alias
    // any existing Rust object.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return Err(last_error("mmap", 0, len));
    }
    Ok(p.cast())
}

/// Changes the protection of `[addr, addr + len)`.
///
/// # Safety
/// The range must be page-aligned and inside a reservation owned by the caller, and no
/// code may be executing (or about to execute) there if `prot` removes execute permission.
pub(crate) unsafe fn protect(addr: *mut u8, len: usize, prot: Prot) -> io::Result<()> {
    // SAFETY: forwarded to the caller's contract.
    let r = unsafe { libc::mprotect(addr.cast(), len, prot.flags()) };
    if r != 0 {
        return Err(last_error("mprotect", addr as usize, len));
    }
    Ok(())
}

/// Returns the memory behind `[addr, addr + len)` to the system and makes the range
/// inaccessible again (a fresh `PROT_NONE` mapping replaces it atomically).
///
/// # Safety
/// The range must be page-aligned, inside a reservation owned by the caller, and hold no
/// live code or data.
pub(crate) unsafe fn decommit(addr: *mut u8, len: usize) -> io::Result<()> {
    // SAFETY: MAP_FIXED replaces only the caller's own pages (the caller's contract).
    let p = unsafe {
        libc::mmap(
            addr.cast(),
            len,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_FIXED,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return Err(last_error("mmap(MAP_FIXED)", addr as usize, len));
    }
    Ok(())
}

/// Unmaps a whole reservation.
///
/// # Safety
/// `[addr, addr + len)` must be a reservation returned by [`reserve`] that nothing uses any
/// more.
pub(crate) unsafe fn release(addr: *mut u8, len: usize) -> io::Result<()> {
    // SAFETY: forwarded to the caller's contract.
    let r = unsafe { libc::munmap(addr.cast(), len) };
    if r != 0 {
        return Err(last_error("munmap", addr as usize, len));
    }
    Ok(())
}
