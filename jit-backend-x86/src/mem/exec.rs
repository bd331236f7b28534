//! The executable code arena: one reserved address range, committed page by page, holding
//! code blocks placed by a first-fit allocator.
//!
//! Design:
//! - `ExecArena::new` reserves a contiguous range of address space (default 64 MiB, at most
//!   2 GiB) without backing memory. Every block lives inside it, so a rel32 branch from any
//!   block reaches any other block: bridges can jump straight to a loop's code.
//! - Installing a block copies it in while its pages are read+write and then flips them to
//!   read+execute. Freeing fills the block with `int3` and returns pages that no live block
//!   touches to the system. Patching (see `patch.rs`) flips the touched pages to read+write
//!   for the write and back.
//!
//! Invariants, true whenever no `&mut self` method is running:
//! - W^X: every page is either inaccessible (no live block touches it) or read+execute
//!   (`page_users[p] > 0`); no page is ever writable and executable at the same time.
//! - Every committed byte outside a live block is `0xCC` (`int3`), so a stray jump into free
//!   space traps instead of running stale code.
//! - `page_users[p]` is the number of live blocks that overlap page `p`.
//!
//! Concurrency: the arena is not thread-safe with code that executes concurrently. While
//! `install`, `free` or a patch runs, the pages it touches are not executable, and they may
//! be shared with other blocks. A multi-threaded client must stop every thread that may run
//! code from this arena (a safepoint) around these calls, and the stopped threads must pass
//! a serializing event (resuming from a futex/condvar wait or executing `cpuid`) before they
//! run modified code, as Intel's cross-modifying-code rules require.

use std::fmt;
use std::io;
use std::sync::atomic::{AtomicU32, Ordering};

use super::alloc::RangeAlloc;
use super::sys::{self, Prot};
use crate::asm::{Code, PatchKind, RelocError};

/// Byte that fills unused code memory: `int3`.
pub(crate) const FILL: u8 = 0xCC;

/// Minimum start alignment of a block (keeps function entries on 16-byte boundaries).
const MIN_ALIGN: usize = 16;

/// Largest reservation: any two addresses inside it are within rel32 reach.
pub const MAX_RESERVE: usize = 1 << 31;

static NEXT_ARENA_ID: AtomicU32 = AtomicU32::new(1);

/// Arena configuration.
#[derive(Clone, Copy, Debug)]
pub struct ArenaConfig {
    /// Address space to reserve (rounded up to whole pages; at most [`MAX_RESERVE`]). Only
    /// pages that hold code use memory.
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
pub enum ExecError {
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
    /// An external branch target is out of rel32 reach from where the code would go.
    Reloc(RelocError),
    /// The block belongs to another arena.
    ForeignBlock,
    /// The block is not live in this arena (already freed).
    NotLive {
        /// The block's start address.
        addr: u64,
    },
    /// A patch would write outside the block.
    PatchOutOfBounds {
        /// Offset of the write in the block.
        offset: usize,
        /// Bytes written.
        len: usize,
        /// Length of the block.
        block_len: usize,
    },
    /// The bytes at a patch site are not the branch the site claims.
    NotABranch {
        /// Offset of the instruction in the block.
        offset: usize,
        /// The expected instruction.
        kind: PatchKind,
        /// The bytes found there.
        found: Vec<u8>,
    },
    /// A branch target is more than 2 GiB away from the branch.
    TargetOutOfRange {
        /// Address of the end of the branch instruction.
        from: u64,
        /// The requested target.
        target: u64,
    },
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecError::Os(e) => write!(f, "code memory: {e}"),
            ExecError::BadConfig(s) => write!(f, "invalid code arena configuration: {s}"),
            ExecError::EmptyCode => f.write_str("cannot install empty code"),
            ExecError::OutOfSpace {
                requested,
                largest_free,
            } => write!(
                f,
                "code arena full: {requested} bytes requested, largest free range is \
                 {largest_free} bytes"
            ),
            ExecError::Reloc(e) => e.fmt(f),
            ExecError::ForeignBlock => f.write_str("code block belongs to a different arena"),
            ExecError::NotLive { addr } => write!(f, "code block at {addr:#x} is not live"),
            ExecError::PatchOutOfBounds {
                offset,
                len,
                block_len,
            } => write!(
                f,
                "patch of {len} bytes at offset {offset} is outside the {block_len}-byte block"
            ),
            ExecError::NotABranch {
                offset,
                kind,
                found,
            } => write!(
                f,
                "expected {kind:?} (opcode {:02x?}) at block offset {offset}, found {found:02x?}",
                kind.opcode_bytes()
            ),
            ExecError::TargetOutOfRange { from, target } => write!(
                f,
                "branch ending at {from:#x} cannot reach {target:#x} with a 32-bit displacement"
            ),
        }
    }
}

impl std::error::Error for ExecError {}

impl From<io::Error> for ExecError {
    fn from(e: io::Error) -> Self {
        ExecError::Os(e)
    }
}

impl From<RelocError> for ExecError {
    fn from(e: RelocError) -> Self {
        ExecError::Reloc(e)
    }
}

/// A block of installed code. Owned by the caller, returned to the arena with
/// [`ExecArena::free`]; dropping it without freeing keeps the code until the arena drops.
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

    /// Address of `offset` within the block (offsets from [`Code::label_offset`] or a
    /// [`PatchSite`](crate::asm::PatchSite)), or `None` past the end.
    pub fn addr_of(&self, offset: usize) -> Option<u64> {
        (offset <= self.len).then(|| self.addr + offset as u64)
    }

    /// Whether `addr` lies inside the block.
    pub fn contains(&self, addr: u64) -> bool {
        addr >= self.addr && addr - self.addr < self.len as u64
    }

    pub(crate) fn offset_in_arena(&self) -> usize {
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
pub struct ExecArena {
    id: u32,
    base: *mut u8,
    reserved: usize,
    page: usize,
    alloc: RangeAlloc,
    page_users: Vec<u32>,
    committed_pages: usize,
}

// SAFETY: the arena exclusively owns its reservation; the raw pointer is only an address
// into it, and every access goes through `&self`/`&mut self`, so moving the arena to
// another thread cannot create unsynchronized access.
unsafe impl Send for ExecArena {}

impl ExecArena {
    /// An arena with the default configuration.
    pub fn new() -> Result<ExecArena, ExecError> {
        Self::with_config(ArenaConfig::default())
    }

    /// An arena reserving `config.reserve_bytes` of address space.
    pub fn with_config(config: ArenaConfig) -> Result<ExecArena, ExecError> {
        let page = sys::page_size();
        if config.reserve_bytes == 0 || config.reserve_bytes > MAX_RESERVE {
            return Err(ExecError::BadConfig(format!(
                "reserve_bytes must be between 1 and {MAX_RESERVE}, got {}",
                config.reserve_bytes
            )));
        }
        let reserved = config.reserve_bytes.div_ceil(page) * page;
        let reserved = reserved.min(MAX_RESERVE);
        let base = sys::reserve(reserved)?;
        Ok(ExecArena {
            id: NEXT_ARENA_ID.fetch_add(1, Ordering::Relaxed),
            base,
            reserved,
            page,
            alloc: RangeAlloc::new(reserved),
            page_users: vec![0; reserved / page],
            committed_pages: 0,
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

    /// Places `code` in the arena, resolves its relocations for the final address, and
    /// makes it executable.
    pub fn install(&mut self, code: &Code) -> Result<CodeBlock, ExecError> {
        let len = code.len();
        if len == 0 {
            return Err(ExecError::EmptyCode);
        }
        let align = code.required_alignment().max(MIN_ALIGN);
        let offset = self.alloc.alloc(len, align).ok_or(ExecError::OutOfSpace {
            requested: len + align - 1,
            largest_free: self.alloc.largest_free(),
        })?;
        let addr = self.base_addr() + offset as u64;
        let bytes = match code.relocated(addr) {
            Ok(b) => b,
            Err(e) => {
                self.alloc.free(offset);
                return Err(e.into());
            }
        };
        let (p0, p1) = self.page_span(offset, len);
        let result = self.write_pages(p0, p1, |arena| {
            for p in p0..=p1 {
                if arena.page_users[p] == 0 {
                    // SAFETY: the page is inside the reservation and read+write now.
                    unsafe { std::ptr::write_bytes(arena.page_ptr(p), FILL, arena.page) };
                }
            }
            // SAFETY: `offset..offset+len` is inside the reservation and its pages are
            // read+write for the duration of this closure.
            let dst = unsafe { arena.bytes_mut(offset, len) };
            dst.copy_from_slice(&bytes);
        });
        match result {
            Ok(()) => {
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
            Err(e) => {
                self.alloc.free(offset);
                // Best effort: put the pages back into a W^X state.
                let _ = self.settle_pages(p0, p1, true);
                Err(e)
            }
        }
    }

    /// Returns `block` to the arena: its bytes become `int3` and pages no live block uses
    /// any more go back to the system. The caller must make sure no thread is executing
    /// or will execute the block (or branch into it) any more.
    pub fn free(&mut self, block: CodeBlock) -> Result<(), ExecError> {
        self.check_live(&block)?;
        let (p0, p1) = self.page_span(block.offset, block.len);
        let written = self.write_pages(p0, p1, |arena| {
            // SAFETY: the block's range is inside the reservation and read+write now.
            unsafe { arena.bytes_mut(block.offset, block.len) }.fill(FILL);
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

    /// The installed bytes of `block` (including any patches).
    pub fn code_bytes(&self, block: &CodeBlock) -> Result<&[u8], ExecError> {
        self.check_live(block)?;
        // SAFETY: the block is live, so its pages are committed and readable; all mutation
        // needs `&mut self`, which cannot coexist with the returned borrow.
        Ok(unsafe { std::slice::from_raw_parts(self.base.add(block.offset), block.len) })
    }

    /// Reads `len` bytes at `addr` if the whole range lies in committed pages of this arena
    /// (free space there reads as `int3`). Useful for listings and crash diagnostics.
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
    /// code implements under the System V ABI, and the pointer must not be called after the
    /// block is freed or the arena is dropped (nor while another thread frees or patches
    /// code on the block's pages).
    pub unsafe fn entry<F: Copy>(&self, block: &CodeBlock) -> Result<F, ExecError> {
        const { assert!(std::mem::size_of::<F>() == std::mem::size_of::<usize>()) };
        self.check_live(block)?;
        let addr = block.addr as usize;
        // SAFETY: `F` is pointer-sized (checked above) and, by the caller's contract, a
        // function pointer type; `addr` is the executable start of live code.
        Ok(unsafe { std::mem::transmute_copy::<usize, F>(&addr) })
    }

    pub(crate) fn check_live(&self, block: &CodeBlock) -> Result<(), ExecError> {
        if block.arena != self.id {
            return Err(ExecError::ForeignBlock);
        }
        if self.alloc.block_len(block.offset) != Some(block.len) {
            return Err(ExecError::NotLive { addr: block.addr });
        }
        Ok(())
    }

    /// First and last page touched by `[offset, offset + len)`.
    fn page_span(&self, offset: usize, len: usize) -> (usize, usize) {
        (offset / self.page, (offset + len - 1) / self.page)
    }

    /// # Safety
    /// The range must be inside the reservation and its pages read+write, and no other
    /// reference to those bytes may exist for the lifetime of the result.
    unsafe fn bytes_mut(&mut self, offset: usize, len: usize) -> &mut [u8] {
        // SAFETY: forwarded to the caller's contract.
        unsafe { std::slice::from_raw_parts_mut(self.base.add(offset), len) }
    }

    /// Makes pages `p0..=p1` read+write, runs `write`, then makes them read+execute again.
    pub(crate) fn write_pages(
        &mut self,
        p0: usize,
        p1: usize,
        write: impl FnOnce(&mut ExecArena),
    ) -> Result<(), ExecError> {
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
    pub(crate) fn settle_pages(
        &mut self,
        p0: usize,
        p1: usize,
        restore_exec: bool,
    ) -> Result<(), ExecError> {
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

    pub(crate) fn page_of(&self, offset: usize) -> usize {
        offset / self.page
    }
}

impl Drop for ExecArena {
    fn drop(&mut self) {
        // SAFETY: the reservation is ours; code blocks that outlive the arena can no longer
        // be entered through `entry` (it takes `&self`), and calling a pointer obtained
        // earlier after this point breaks `entry`'s contract.
        let _ = unsafe { sys::release(self.base, self.reserved) };
    }
}

impl fmt::Debug for ExecArena {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExecArena")
            .field("base", &self.base)
            .field("stats", &self.stats())
            .finish()
    }
}
