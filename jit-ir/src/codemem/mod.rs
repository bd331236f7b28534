//! Executable memory shared by the machine backends (feature `codemem`).
//!
//! A [`CodeArena`] reserves one contiguous range of address space and hands out blocks of
//! it for generated code, with W^X discipline: a page is inaccessible (no live block),
//! read+write (only during an `install`, `free` or in-block write) or read+execute, never
//! writable and executable at once. Everything that depends on the instruction set comes
//! from the backend through [`CodeArch`]:
//! - the fill pattern of unused code memory (`int3` on x86-64, zero = `udf #0` on AArch64),
//!   repeated from the start of the reservation, so a 4-byte pattern stays aligned;
//! - the minimum block alignment and the largest reservation (every block must stay in
//!   direct-branch reach of every other: 2 GiB for x86-64 rel32, 128 MiB for AArch64
//!   `b`/`bl`);
//! - a hook run after every write to code memory (nothing on x86-64, whose instruction
//!   fetch is coherent with data writes; the data/instruction cache maintenance sequence on
//!   AArch64).
//!
//! Relocation is the backend's too: [`CodeArena::install`] copies the bytes in and hands
//! them with their final address to a callback that resolves branches to absolute
//! targets. Patching (bridges, invalidation) goes through [`CodeArena::write_in_block`],
//! which validates bounds and liveness; checking that the bytes form a valid instruction
//! is left to the backend's own layer.
//!
//! Modules: `sys` (the only libc calls), `alloc` (first-fit range allocator, tested
//! against a model) and `arena` (the arena, its blocks, statistics and errors).

mod alloc;
mod arena;
mod sys;

pub use arena::{
    ArenaConfig, ArenaStats, CodeArch, CodeArena, CodeBlock, CodeMemError, InstallError,
};
