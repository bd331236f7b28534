//! Executable memory: a W^X code arena ([`ExecArena`]) with installation, freeing and reuse
//! of code blocks and patching of branches in installed code.
//!
//! The architecture-independent arena (reservation, page accounting, W^X, first-fit
//! placement) is tern-jit-ir's `codemem`, shared with the AArch64 backend; this module adds
//! the x86-64 layer: `int3` fill, installation of assembled [`Code`](crate::asm::Code) with
//! rel32 relocation, and validated rel32 patching (see the `exec` and `patch` modules).

mod exec;
mod patch;

pub use exec::{ArenaConfig, ArenaStats, CodeBlock, ExecArena, ExecError, MAX_RESERVE, X86};
