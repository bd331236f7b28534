//! The x86-64 code arena: tern-jit-ir's shared [`CodeArena`] with the x86-64 facts
//! ([`X86`]: `int3` fill, 16-byte blocks, a reservation of at most 2 GiB so every rel32
//! branch between blocks reaches, no cache maintenance) and the installation of assembled
//! [`Code`] (its rel32 relocations are resolved for the final address).
//!
//! Design: [`ExecArena`] wraps `CodeArena<X86>`; reservation, page commit/decommit, W^X
//! page states, first-fit placement, freeing and in-block writes are the shared code's
//! (see `tern_jit_ir::codemem` for their invariants). What is x86-specific stays here and
//! in `patch.rs`: relocation of `Code`, validation of rel32 patch sites, `jmp rel32`
//! invalidation writes.
//!
//! Invariants (from the shared arena): a page is inaccessible, read+write only inside an
//! `install`/`free`/patch call, or read+execute; committed bytes outside live blocks are
//! `0xCC` (`int3`).
//!
//! Concurrency: the arena is not thread-safe with code that executes concurrently. While
//! `install`, `free` or a patch runs, the pages it touches are not executable, and they may
//! be shared with other blocks. A multi-threaded client must stop every thread that may run
//! code from this arena (a safepoint) around these calls, and the stopped threads must pass
//! a serializing event (resuming from a futex/condvar wait or executing `cpuid`) before they
//! run modified code, as Intel's cross-modifying-code rules require.

use std::fmt;
use std::io;

pub use tern_jit_ir::codemem::{ArenaConfig, ArenaStats, CodeBlock};
use tern_jit_ir::codemem::{CodeArch, CodeArena, CodeMemError, InstallError};

use crate::asm::{Code, PatchKind, RelocError};

/// The x86-64 facts the shared arena needs.
#[derive(Debug)]
pub struct X86;

impl CodeArch for X86 {
    /// `int3`.
    const FILL: &'static [u8] = &[0xCC];
    /// Keeps function entries on 16-byte boundaries.
    const MIN_ALIGN: usize = 16;
    /// Any two addresses inside it are within rel32 reach.
    const MAX_RESERVE: usize = 1 << 31;
    /// x86-64 instruction fetch is coherent with stores; nothing to do.
    fn after_write(_addr: u64, _len: usize) {}
}

/// Largest reservation: any two addresses inside it are within rel32 reach.
pub const MAX_RESERVE: usize = X86::MAX_RESERVE;

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

impl From<CodeMemError> for ExecError {
    fn from(e: CodeMemError) -> Self {
        match e {
            CodeMemError::Os(e) => ExecError::Os(e),
            CodeMemError::BadConfig(s) => ExecError::BadConfig(s),
            CodeMemError::EmptyCode => ExecError::EmptyCode,
            CodeMemError::OutOfSpace {
                requested,
                largest_free,
            } => ExecError::OutOfSpace {
                requested,
                largest_free,
            },
            CodeMemError::ForeignBlock => ExecError::ForeignBlock,
            CodeMemError::NotLive { addr } => ExecError::NotLive { addr },
            CodeMemError::OutOfBounds {
                offset,
                len,
                block_len,
            } => ExecError::PatchOutOfBounds {
                offset,
                len,
                block_len,
            },
        }
    }
}

/// Executable memory for generated code (see the module documentation for W^X and the
/// concurrency contract).
pub struct ExecArena {
    pub(crate) inner: CodeArena<X86>,
}

impl ExecArena {
    /// An arena with the default configuration (64 MiB of address space).
    pub fn new() -> Result<ExecArena, ExecError> {
        Self::with_config(ArenaConfig::default())
    }

    /// An arena reserving `config.reserve_bytes` of address space (at most
    /// [`MAX_RESERVE`]).
    pub fn with_config(config: ArenaConfig) -> Result<ExecArena, ExecError> {
        Ok(ExecArena {
            inner: CodeArena::with_config(config)?,
        })
    }

    /// Start address of the reserved range.
    pub fn base_addr(&self) -> u64 {
        self.inner.base_addr()
    }

    /// Whether `addr` lies inside the reserved range.
    pub fn contains(&self, addr: u64) -> bool {
        self.inner.contains(addr)
    }

    /// The system page size the arena works with.
    pub fn page_size(&self) -> usize {
        self.inner.page_size()
    }

    /// Current memory usage.
    pub fn stats(&self) -> ArenaStats {
        self.inner.stats()
    }

    /// Places `code` in the arena, resolves its relocations for the final address, and
    /// makes it executable.
    pub fn install(&mut self, code: &Code) -> Result<CodeBlock, ExecError> {
        self.inner
            .install(code.bytes(), code.required_alignment(), |addr, bytes| {
                code.relocate_in_place(addr, bytes)
            })
            .map_err(|e| match e {
                InstallError::Mem(e) => e.into(),
                InstallError::Relocate(e) => ExecError::Reloc(e),
            })
    }

    /// Returns `block` to the arena: its bytes become `int3` and pages no live block uses
    /// any more go back to the system. The caller must make sure no thread is executing
    /// or will execute the block (or branch into it) any more.
    pub fn free(&mut self, block: CodeBlock) -> Result<(), ExecError> {
        Ok(self.inner.free(block)?)
    }

    /// The installed bytes of `block` (including any patches).
    pub fn code_bytes(&self, block: &CodeBlock) -> Result<&[u8], ExecError> {
        Ok(self.inner.code_bytes(block)?)
    }

    /// Reads `len` bytes at `addr` if the whole range lies in committed pages of this arena
    /// (free space there reads as `int3`). Useful for listings and crash diagnostics.
    pub fn read(&self, addr: u64, len: usize) -> Option<&[u8]> {
        self.inner.read(addr, len)
    }

    /// A function pointer to the start of `block`.
    ///
    /// # Safety
    /// `F` must be an `extern "C"` function pointer type whose signature matches what the
    /// code implements under the System V ABI, and the pointer must not be called after the
    /// block is freed or the arena is dropped (nor while another thread frees or patches
    /// code on the block's pages).
    pub unsafe fn entry<F: Copy>(&self, block: &CodeBlock) -> Result<F, ExecError> {
        // SAFETY: forwarded to the caller's contract.
        Ok(unsafe { self.inner.entry(block) }?)
    }
}

impl fmt::Debug for ExecArena {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExecArena")
            .field("base", &format_args!("{:#x}", self.base_addr()))
            .field("stats", &self.stats())
            .finish()
    }
}
