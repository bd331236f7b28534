//! The code arena: one reserved address range, committed page by page, holding code blocks
//! placed by a first-fit allocator.
//!
//! Design:
//! - [`CodeArena::with_config`] reserves a contiguous range of address space (default
//!   64 MiB, at most [`CodeArch::MAX_RESERVE`]) without backing memory. Every block lives
//!   inside it, so a direct branch from any block reaches any other block: bridges can
//!   jump straight into a loop's code.
//! - [`CodeArena::install`] copies a block in while its pages are read+write, lets the
//!   backend relocate it for its final address, and flips the pages to read+execute.
//!   [`CodeArena::free`] fills the block with the architecture's fill pattern and returns
//!   pages that no live block touches to the system. [`CodeArena::write_in_block`] (used
//!   for patching) flips the touched pages to read+write for the write and back.
//! - After every write, once the pages are executable again, [`CodeArch::after_write`]
//!   runs on exactly the bytes written (instruction-cache maintenance where needed).
//!
//! Invariants, true whenever no `&mut self` method is running:
//! - W^X: every page is either inaccessible (no live block touches it) or read+execute
//!   (`page_users[p] > 0`); no page is ever writable and executable at the same time.
//! - Every committed byte outside a live block holds the fill pattern
//!   (`A::FILL[arena_offset % A::FILL.len()]`), so a stray jump into free space traps
//!   instead of running stale code.
//! - `page_users[p]` is the number of live blocks that overlap page `p`.
//!
//! Concurrency: the arena is not thread-safe with code that executes concurrently. While
//! `install`, `free` or a write runs, the pages it touches are not executable, and they
//! may be shared with other blocks. A multi-threaded client must stop every thread that
//! may run code from this arena (a safepoint) around these calls, and the stopped threads
//! must pass a serializing event (on x86-64: resuming from a futex/condvar wait or
//! `cpuid`; on AArch64 an `isb` after the cache maintenance) before they run modified
//! code.

use std::fmt;
use std::io;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU32, Ordering};

use super::alloc::RangeAlloc;
use super::sys::{self, Prot};

/// What the arena needs to know about the instruction set (implemented by each backend).
pub trait CodeArch {
    /// Pattern filling unused code memory, repeated from the start of the reservation.
    /// Its length must be a power of two no larger than [`CodeArch::MIN_ALIGN`]; executing
    /// it must trap (`int3` on x86-64, `udf #0` = zero words on AArch64).
    const FILL: &'static [u8];
    /// Minimum start alignment of a block (a power of two).
    const MIN_ALIGN: usize;
    /// Largest reservation: any two addresses inside it are in direct-branch reach.
    const MAX_RESERVE: usize;
    /// Runs after the bytes `[addr, addr + len)` of code memory were written, once their
    /// pages are read+execute again (e.g. clean the data cache and invalidate the
    /// instruction cache over the range). Must not touch the arena.
    fn after_write(addr: u64, len: usize);
}

static NEXT_ARENA_ID: AtomicU32 = AtomicU32::new(1);

/// Arena configuration.
#[derive(Clone, Copy, Debug)]
pub struct ArenaConfig {
    /// Address space to reserve (rounded up to whole pages; at most
    /// [`CodeArch::MAX_RESERVE`]). Only pages that hold code use memory.
    pub reserve_bytes: usize,
}

impl Default for ArenaConfig {
    fn default() -> Self {
        ArenaConfig {
            reserve_bytes: 64 << 20,
        }
    }
}

/// Errors of the code arena.
#[derive(Debug)]
pub enum CodeMemError {
    /// A system call failed.
    Os(io::Error),
    /// The configuration is invalid.
    BadConfig(String),
    /// Empty code cannot be installed.
    EmptyCode,
    /// No free range is large enough.
    OutOfSpace {
        /// Bytes requested (plus alignment).
        requested: usize,
        /// The largest free range.
        largest_free: usize,
    },
    /// The block belongs to another arena.
    ForeignBlock,
    /// The block is not live in this arena (already freed).
    NotLive {
        /// The block's start address.
        addr: u64,
    },
    /// A write would go outside the block.
    OutOfBounds {
        /// Offset of the write in the block.
        offset: usize,
        /// Bytes written.
        len: usize,
        /// Length of the block.
        block_len: usize,
    },
}

impl fmt::Display for CodeMemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeMemError::Os(e) => write!(f, "code memory: {e}"),
            CodeMemError::BadConfig(s) => write!(f, "invalid code arena configuration: {s}"),
            CodeMemError::EmptyCode => f.write_str("cannot install empty code"),
            CodeMemError::OutOfSpace {
                requested,
                largest_free,
            } => write!(
                f,
                "code arena full: {requested} bytes requested, largest free range is \
                 {largest_free} bytes"
            ),
            CodeMemError::ForeignBlock => f.write_str("code block belongs to a different arena"),
            CodeMemError::NotLive { addr } => write!(f, "code block at {addr:#x} is not live"),
            CodeMemError::OutOfBounds {
                offset,
                len,
                block_len,
            } => write!(
                f,
                "write of {len} bytes at offset {offset} is outside the {block_len}-byte block"
            ),
        }
    }
}

impl std::error::Error for CodeMemError {}

impl From<io::Error> for CodeMemError {
    fn from(e: io::Error) -> Self {
        CodeMemError::Os(e)
    }
}

/// Why [`CodeArena::install`] failed: the arena, or the backend's relocation callback.
#[derive(Debug)]
pub enum InstallError<E> {
    /// The arena failed (no space, a system call, empty code).
    Mem(CodeMemError),
    /// The relocation callback refused the placement (e.g. a branch target out of reach).
    Relocate(E),
}

impl<E: fmt::Display> fmt::Display for InstallError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstallError::Mem(e) => e.fmt(f),
            InstallError::Relocate(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for InstallError<E> {}

impl<E> From<CodeMemError> for InstallError<E> {
    fn from(e: CodeMemError) -> Self {
        InstallError::Mem(e)
    }
}

/// A block of installed code. Owned by the caller, returned to the arena with
/// [`CodeArena::free`]; dropping it without freeing keeps the code until the arena drops.
#[derive(Debug, PartialEq, Eq)]
pub struct CodeBlock {
    arena: u32,
    offset: usize,
    len: usize,
    addr: u64,
}

impl CodeBlock {
    /// Address of the first byte.
    pub fn addr(&self) -> u64 {
        self.addr
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Always false: empty code is never installed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether `addr` lies inside the block.
    pub fn contains(&self, addr: u64) -> bool {
        addr >= self.addr && addr - self.addr < self.len as u64
    }

    /// Address of `offset` within the block (a label offset of the code installed there),
    /// or `None` past the end.
    pub fn addr_of(&self, offset: usize) -> Option<u64> {
        (offset <= self.len).then(|| self.addr + offset as u64)
    }

    /// Offset of the block's start from the start of the arena's reservation.
    pub fn offset_in_arena(&self) -> usize {
        self.offset
    }
}

/// Memory usage of an arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArenaStats {
    /// Reserved address space.
    pub reserved_bytes: usize,
    /// Bytes of pages currently backed (touched by a live block).
    pub committed_bytes: usize,
    /// Number of live blocks.
    pub live_blocks: usize,
    /// Bytes in live blocks.
    pub live_bytes: usize,
    /// The largest block that could be installed now (before alignment).
    pub largest_free: usize,
}

/// Executable memory for generated code (see the module documentation for W^X and the
/// concurrency contract).
pub struct CodeArena<A: CodeArch> {
    id: u32,
    base: *mut u8,
    reserved: usize,
    page: usize,
    alloc: RangeAlloc,
    page_users: Vec<u32>,
    committed_pages: usize,
    arch: PhantomData<fn() -> A>,
}

// SAFETY: the arena exclusively owns its reservation; the raw pointer is only an address
// into it, and every access goes through `&self`/`&mut self`, so moving the arena to
// another thread cannot create unsynchronized access.
unsafe impl<A: CodeArch> Send for CodeArena<A> {}

impl<A: CodeArch> CodeArena<A> {
    /// An arena with the default configuration.
    pub fn new() -> Result<CodeArena<A>, CodeMemError> {
        Self::with_config(ArenaConfig::default())
    }

    /// An arena reserving `config.reserve_bytes` of address space.
    pub fn with_config(config: ArenaConfig) -> Result<CodeArena<A>, CodeMemError> {
        let page = sys::page_size();
        let fill = A::FILL.len();
        if fill == 0
            || !fill.is_power_of_two()
            || !A::MIN_ALIGN.is_power_of_two()
            || fill > A::MIN_ALIGN
            || A::MIN_ALIGN > page
        {
            return Err(CodeMemError::BadConfig(format!(
                "the architecture's fill pattern ({fill} bytes) and minimum alignment ({}) \
                 must be powers of two with fill <= alignment <= page size",
                A::MIN_ALIGN
            )));
        }
        if config.reserve_bytes == 0 || config.reserve_bytes > A::MAX_RESERVE {
            return Err(CodeMemError::BadConfig(format!(
                "reserve_bytes must be between 1 and {}, got {}",
                A::MAX_RESERVE,
                config.reserve_bytes
            )));
        }
        let reserved = config.reserve_bytes.div_ceil(page) * page;
        let reserved = reserved.min(A::MAX_RESERVE);
        let base = sys::reserve(reserved)?;
        Ok(CodeArena {
            id: NEXT_ARENA_ID.fetch_add(1, Ordering::Relaxed),
            base,
            reserved,
            page,
            alloc: RangeAlloc::new(reserved),
            page_users: vec![0; reserved / page],
            committed_pages: 0,
            arch: PhantomData,
        })
    }

    /// Start address of the reserved range.
    pub fn base_addr(&self) -> u64 {
        self.base as u64
    }

    /// Whether `addr` lies inside the reserved range.
    pub fn contains(&self, addr: u64) -> bool {
        addr >= self.base_addr() && addr - self.base_addr() < self.reserved as u64
    }

    /// The system page size the arena works with.
    pub fn page_size(&self) -> usize {
        self.page
    }

    /// Current memory usage.
    pub fn stats(&self) -> ArenaStats {
        ArenaStats {
            reserved_bytes: self.reserved,
            committed_bytes: self.committed_pages * self.page,
            live_blocks: self.alloc.live_blocks(),
            live_bytes: self.alloc.live_bytes(),
            largest_free: self.alloc.largest_free(),
        }
    }

    /// Places `bytes` in the arena at an address aligned to `align` (at least
    /// [`CodeArch::MIN_ALIGN`]), calls `relocate(final_address, installed_bytes)` so the
    /// backend can resolve references to absolute addresses, and makes the block
    /// executable. If `relocate` fails, nothing stays allocated or committed.
    pub fn install<E>(
        &mut self,
        bytes: &[u8],
        align: usize,
        relocate: impl FnOnce(u64, &mut [u8]) -> Result<(), E>,
    ) -> Result<CodeBlock, InstallError<E>> {
        let len = bytes.len();
        if len == 0 {
            return Err(CodeMemError::EmptyCode.into());
        }
        if !align.is_power_of_two() || align > self.page {
            return Err(CodeMemError::BadConfig(format!(
                "block alignment {align} is not a power of two up to the page size"
            ))
            .into());
        }
        let align = align.max(A::MIN_ALIGN);
        let offset = self
            .alloc
            .alloc(len, align)
            .ok_or(CodeMemError::OutOfSpace {
                requested: len + align - 1,
                largest_free: self.alloc.largest_free(),
            })?;
        let addr = self.base_addr() + offset as u64;
        let (p0, p1) = self.page_span(offset, len);
        let start = self.page_ptr(p0);
        let span = (p1 - p0 + 1) * self.page;
        // SAFETY: the pages are inside our reservation; making them non-executable is what
        // the concurrency contract of the arena allows during a `&mut self` call.
        if let Err(e) = unsafe { sys::protect(start, span, Prot::ReadWrite) } {
            self.alloc.free(offset);
            let _ = self.settle_pages(p0, p1, true);
            return Err(CodeMemError::Os(e).into());
        }
        for p in p0..=p1 {
            if self.page_users[p] == 0 {
                let at = p * self.page;
                // SAFETY: the page is inside the reservation and read+write now, and no
                // live block uses it, so nothing else refers to its bytes.
                fill::<A>(unsafe { raw_bytes(self.base, at, self.page) }, at);
            }
        }
        // SAFETY: `offset..offset+len` is inside the reservation, its pages are read+write
        // now, and the range belongs to no other block.
        let dst = unsafe { raw_bytes(self.base, offset, len) };
        dst.copy_from_slice(bytes);
        if let Err(e) = relocate(addr, dst) {
            fill::<A>(dst, offset);
            self.alloc.free(offset);
            let _ = self.settle_pages(p0, p1, true);
            return Err(InstallError::Relocate(e));
        }
        // SAFETY: as above; the pages hold finished code now.
        if let Err(e) = unsafe { sys::protect(start, span, Prot::ReadExec) } {
            // The pages may still be writable: take the bytes back out before giving up.
            fill::<A>(dst, offset);
            self.alloc.free(offset);
            let _ = self.settle_pages(p0, p1, true);
            return Err(CodeMemError::Os(e).into());
        }
        A::after_write(addr, len);
        for p in p0..=p1 {
            if self.page_users[p] == 0 {
                self.committed_pages += 1;
            }
            self.page_users[p] += 1;
        }
        Ok(CodeBlock {
            arena: self.id,
            offset,
            len,
            addr,
        })
    }

    /// Returns `block` to the arena: its bytes become the fill pattern and pages no live
    /// block uses any more go back to the system. The caller must make sure no thread is
    /// executing or will execute the block (or branch into it) any more.
    pub fn free(&mut self, block: CodeBlock) -> Result<(), CodeMemError> {
        self.check_live(&block)?;
        let (p0, p1) = self.page_span(block.offset, block.len);
        let written = self.write_pages(p0, p1, |arena| {
            // SAFETY: the block's range is inside the reservation and read+write now.
            let bytes = unsafe { raw_bytes(arena.base, block.offset, block.len) };
            fill::<A>(bytes, block.offset);
        });
        if let Err(e) = written {
            // The block stays live (and leaks); restore W^X as well as possible.
            let _ = self.settle_pages(p0, p1, true);
            return Err(e);
        }
        for p in p0..=p1 {
            self.page_users[p] -= 1;
        }
        self.alloc.free(block.offset);
        self.settle_pages(p0, p1, false)
    }

    /// Overwrites `data.len()` bytes at `offset` inside the live `block` (the primitive
    /// behind patching: retargeting a branch, invalidating an entry), making the touched
    /// pages writable only meanwhile and running [`CodeArch::after_write`] on the range.
    /// Whether the bytes form valid instructions is the caller's business.
    pub fn write_in_block(
        &mut self,
        block: &CodeBlock,
        offset: usize,
        data: &[u8],
    ) -> Result<(), CodeMemError> {
        self.check_live(block)?;
        if data.is_empty() || offset.checked_add(data.len()).is_none_or(|e| e > block.len) {
            return Err(CodeMemError::OutOfBounds {
                offset,
                len: data.len(),
                block_len: block.len,
            });
        }
        let start = block.offset + offset;
        let (p0, p1) = self.page_span(start, data.len());
        let result = self.write_pages(p0, p1, |arena| {
            // SAFETY: the range lies inside the live block (checked above), hence inside
            // the reservation, and its pages are read+write during this closure.
            unsafe { raw_bytes(arena.base, start, data.len()) }.copy_from_slice(data);
        });
        match result {
            Ok(()) => {
                A::after_write(block.addr + offset as u64, data.len());
                Ok(())
            }
            Err(e) => {
                let _ = self.settle_pages(p0, p1, true);
                Err(e)
            }
        }
    }

    /// The installed bytes of `block` (including any writes since).
    pub fn code_bytes(&self, block: &CodeBlock) -> Result<&[u8], CodeMemError> {
        self.check_live(block)?;
        // SAFETY: the block is live, so its pages are committed and readable; all mutation
        // needs `&mut self`, which cannot coexist with the returned borrow.
        Ok(unsafe { std::slice::from_raw_parts(self.base.add(block.offset), block.len) })
    }

    /// Reads `len` bytes at `addr` if the whole range lies in committed pages of this arena
    /// (free space there reads as the fill pattern). Useful for listings and diagnostics.
    pub fn read(&self, addr: u64, len: usize) -> Option<&[u8]> {
        if len == 0 || !self.contains(addr) {
            return None;
        }
        let offset = (addr - self.base_addr()) as usize;
        if offset.checked_add(len)? > self.reserved {
            return None;
        }
        let (p0, p1) = self.page_span(offset, len);
        if self.page_users[p0..=p1].contains(&0) {
            return None;
        }
        // SAFETY: every page of the range is committed (has a live user) and readable;
        // mutation needs `&mut self`.
        Some(unsafe { std::slice::from_raw_parts(self.base.add(offset), len) })
    }

    /// A function pointer to the start of `block`.
    ///
    /// # Safety
    /// `F` must be an `extern "C"` function pointer type whose signature matches what the
    /// code implements under the platform ABI, and the pointer must not be called after the
    /// block is freed or the arena is dropped (nor while another thread frees or patches
    /// code on the block's pages).
    pub unsafe fn entry<F: Copy>(&self, block: &CodeBlock) -> Result<F, CodeMemError> {
        const { assert!(std::mem::size_of::<F>() == std::mem::size_of::<usize>()) };
        self.check_live(block)?;
        let addr = block.addr as usize;
        // SAFETY: `F` is pointer-sized (checked above) and, by the caller's contract, a
        // function pointer type; `addr` is the executable start of live code.
        Ok(unsafe { std::mem::transmute_copy::<usize, F>(&addr) })
    }

    /// Checks that `block` is a live block of this arena.
    pub fn check_live(&self, block: &CodeBlock) -> Result<(), CodeMemError> {
        if block.arena != self.id {
            return Err(CodeMemError::ForeignBlock);
        }
        if self.alloc.block_len(block.offset) != Some(block.len) {
            return Err(CodeMemError::NotLive { addr: block.addr });
        }
        Ok(())
    }

    /// First and last page touched by `[offset, offset + len)`.
    fn page_span(&self, offset: usize, len: usize) -> (usize, usize) {
        (offset / self.page, (offset + len - 1) / self.page)
    }

    /// Makes pages `p0..=p1` read+write, runs `write`, then makes them read+execute again.
    fn write_pages(
        &mut self,
        p0: usize,
        p1: usize,
        write: impl FnOnce(&mut CodeArena<A>),
    ) -> Result<(), CodeMemError> {
        let start = self.page_ptr(p0);
        let len = (p1 - p0 + 1) * self.page;
        // SAFETY: the pages are inside our reservation; making them non-executable is what
        // the concurrency contract of the arena allows during a `&mut self` call.
        unsafe { sys::protect(start, len, Prot::ReadWrite) }?;
        write(self);
        // SAFETY: as above; the pages hold finished code again.
        unsafe { sys::protect(start, len, Prot::ReadExec) }?;
        Ok(())
    }

    /// Returns pages in `p0..=p1` without users to the system (inaccessible again); with
    /// `restore_exec`, also makes pages with users read+execute (error recovery).
    fn settle_pages(
        &mut self,
        p0: usize,
        p1: usize,
        restore_exec: bool,
    ) -> Result<(), CodeMemError> {
        let mut p = p0;
        while p <= p1 {
            let used = self.page_users[p] != 0;
            let run_start = p;
            while p <= p1 && (self.page_users[p] != 0) == used {
                p += 1;
            }
            let (addr, len) = (self.page_ptr(run_start), (p - run_start) * self.page);
            if !used {
                // SAFETY: no live block overlaps these pages, so nothing can execute there.
                unsafe { sys::decommit(addr, len) }?;
                if !restore_exec {
                    self.committed_pages -= p - run_start;
                }
            } else if restore_exec {
                // SAFETY: the pages hold live code; read+execute is their normal state.
                unsafe { sys::protect(addr, len, Prot::ReadExec) }?;
            }
        }
        Ok(())
    }

    fn page_ptr(&self, p: usize) -> *mut u8 {
        // SAFETY: callers pass page numbers below `reserved / page`, so the pointer stays
        // inside the reservation.
        unsafe { self.base.add(p * self.page) }
    }
}

/// Fills `bytes`, which start at `arena_offset` in the reservation, with `A::FILL`.
fn fill<A: CodeArch>(bytes: &mut [u8], arena_offset: usize) {
    let pattern = A::FILL;
    if pattern.len() == 1 {
        bytes.fill(pattern[0]);
    } else {
        let mask = pattern.len() - 1;
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = pattern[(arena_offset + i) & mask];
        }
    }
}

/// The bytes `[base + offset, base + offset + len)` of a reservation.
///
/// # Safety
/// The range must be inside a reservation owned by the caller with read+write pages, and
/// no other reference to those bytes may exist for the lifetime of the result.
unsafe fn raw_bytes<'a>(base: *mut u8, offset: usize, len: usize) -> &'a mut [u8] {
    // SAFETY: forwarded to the caller's contract.
    unsafe { std::slice::from_raw_parts_mut(base.add(offset), len) }
}

impl<A: CodeArch> Drop for CodeArena<A> {
    fn drop(&mut self) {
        // SAFETY: the reservation is ours; code blocks that outlive the arena can no longer
        // be entered through `entry` (it takes `&self`), and calling a pointer obtained
        // earlier after this point breaks `entry`'s contract.
        let _ = unsafe { sys::release(self.base, self.reserved) };
    }
}

impl<A: CodeArch> fmt::Debug for CodeArena<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CodeArena")
            .field("base", &self.base)
            .field("stats", &self.stats())
            .finish()
    }
}
