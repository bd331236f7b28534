//! Executable memory: a W^X code arena ([`ExecArena`]) with installation, freeing and reuse
//! of code blocks and patching of branches in installed code.
//!
//! See the `exec` module for the invariants (W^X, `int3` fill, page accounting) and the
//! concurrency contract a multi-threaded client must follow.

mod alloc;
mod exec;
mod patch;
mod sys;

pub use exec::{ArenaConfig, ArenaStats, CodeBlock, ExecArena, ExecError, MAX_RESERVE};
