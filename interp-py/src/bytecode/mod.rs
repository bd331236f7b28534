//! Tern's bytecode: code objects, the instruction encoding, constants, the location table and
//! the exception table. Nothing here depends on the object heap; the runtime turns a
//! [`CodeObject`] into its own representation when it loads it.
//!
//! Reading guide for runtime and JIT authors:
//! * [`opcode`]: the opcode table (numbers, stack effects, flags, cache kinds) and the operator
//!   enums of `BINARY_OP` / `COMPARE_OP`;
//! * [`code`]: [`CodeObject`], [`CodeUnit`] encoding and [`decode`];
//! * [`constant`]: [`Constant`] and [`PyStr`];
//! * [`linetable`] / [`exctable`]: locations and handlers;
//! * [`analysis`]: per-instruction stack depths and the verifier.

pub mod analysis;
pub mod code;
pub mod constant;
pub mod exctable;
pub mod linetable;
pub mod opcode;
pub mod serial;

pub use code::{CodeFlags, CodeObject, CodeUnit, Instruction, MAX_ARG, decode};
pub use constant::{Constant, PyStr};
pub use exctable::{ExceptionEntry, ExceptionTable};
pub use linetable::{LineTable, Location};
pub use opcode::{ArgKind, BinaryOperator, CacheKind, CompareOperator, Opcode, StackEffect};
