//! Architecture-independent support for machine backends.
//!
//! Everything a code generator needs that does not depend on the instruction set, so the
//! x86-64 and AArch64 backends share it instead of each re-deriving it:
//! - [`liveness`]: use positions and last uses of every value (what dies where, what is
//!   live across an operation, the next use for spill decisions);
//! - [`exits`]: the guard/exit bookkeeping — each guard's failargs and their kinds, the
//!   table of exits with per-exit backend data and attached bridges, and decoding of the
//!   raw words an exit stub saved into [`Value`](crate::Value)s;
//! - [`frame`]: frame-slot (spill slot) allocation;
//! - [`gcmap`]: GC maps — which live values (and which slots) hold GC references at each
//!   operation that can run the collector, so a moving GC can find and update them;
//! - [`regalloc`]: a register-file manager for linear-scan allocation over a trace
//!   (furthest-next-use eviction, spills and reloads as explicit moves, caller-saved
//!   spilling around calls), generic over the backend's register type.

pub mod exits;
pub mod frame;
pub mod gcmap;
pub mod liveness;
pub mod regalloc;

pub use exits::{ExitRef, ExitTable, GuardExit, decode_values, guard_exits};
pub use frame::{FrameSlots, SlotId};
pub use gcmap::{GcMap, GcPoint, can_collect, gc_points};
pub use liveness::Liveness;
pub use regalloc::{Location, Move, NoRegister, RegAlloc, Source, parallel_moves};
