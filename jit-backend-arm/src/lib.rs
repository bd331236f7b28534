//! AArch64 machine code generation for tern-jit-ir traces.
//!
//! [`ArmBackend`] implements jit-ir's `Backend` trait for ARMv8.0-A (A64): it compiles
//! optimized traces (loops and bridges) to AArch64 machine code, installs them in W^X
//! executable memory with the instruction-cache maintenance AArch64 requires, runs them,
//! attaches bridges by patching a branch, invalidates and frees them. Compiled code
//! allocates inline from the embedder's nursery, runs its write barrier, calls runtime
//! helpers under AAPCS64, and publishes GC maps through which a moving collector finds
//! and updates the references it holds ([`JitRoots`]).
//!
//! Modules:
//! - [`asm`]: an A64 assembler with typed registers (`sp` and `xzr` told apart per
//!   operand), operands and selector tables, labels with fixups for the 26/19/14-bit branch
//!   ranges, patchable branches, external relocations, constant materialisation in the
//!   fewest instructions, helpers for out-of-range immediates and offsets (through the
//!   reserved scratch register `x16`), and a data form of every instruction
//!   ([`asm::Inst`]) that prints in GNU syntax.
//! - [`mem`]: executable memory: tern-jit-ir's shared W^X code arena with the AArch64
//!   specifics (`udf #0` fill, 128 MiB reach, `dc cvau`/`ic ivau` cache maintenance).
//! - `codegen` (internal): trace to machine code, one module per concern (frame,
//!   registers, integer/float/memory ops, guards, calls, GC hooks, control flow).
//! - `backend` (internal): [`ArmBackend`], the runtime shared with compiled code, and
//!   [`JitRoots`].
//!
//! Compiled code runs only on an AArch64 host (natively, or under qemu-user on others);
//! elsewhere compiling works (the code can be inspected) and `execute` reports
//! `BackendError::Unsupported`.
//!
//! ```
//! use tern_jit_backend_arm::ArmBackend;
//! use tern_jit_ir::conformance::native::backend_config;
//! use tern_jit_ir::heap::ModelHeap;
//! use tern_jit_ir::{Backend, BackendError, Exit, Value, opt, text};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // sum = 0; while n > 0: sum += n; n -= 1
//! let trace = text::parse(
//!     "token L0
//! [i0, i1]
//! label(i0, i1, descr=L0)
//! i2 = int_add(i1, i0)
//! i3 = int_sub(i0, 1)
//! i4 = int_gt(i3, 0)
//! guard_true(i4) [r0: frame(1, 1; i3, i2)]
//! jump(i3, i2, descr=L0)
//! ",
//! )?;
//! // The GC and runtime hooks come from the embedder; here, a model heap's.
//! let heap = ModelHeap::new(4096);
//! let mut backend = ArmBackend::new(backend_config(&heap))?;
//! let id = backend.compile_loop(&opt::optimize(&trace)?)?;
//! match backend.execute(id, &[Value::Int(10), Value::Int(0)]) {
//!     Ok(Exit::GuardFailed { values, .. }) => assert_eq!(values, [Value::Int(0), Value::Int(55)]),
//!     Err(BackendError::Unsupported(_)) if !cfg!(target_arch = "aarch64") => {}
//!     other => panic!("{other:?}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The assembler on its own:
//!
//! ```
//! use tern_jit_backend_arm::asm::{Assembler, Cond, Gpr::*, Width::*};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // fn(n) -> 0 + 1 + ... + (n-1)
//! let mut a = Assembler::new();
//! let (top, done) = (a.new_label(), a.new_label());
//! a.mov_imm(W64, X1, 0); // sum
//! a.mov_imm(W64, X2, 0); // i
//! a.bind(top);
//! a.cmp_rr(W64, X2, X0);
//! a.b_cond(Cond::Ge, done); // forward: fixed up by `finish`
//! a.add_rr(W64, X1, X1, X2);
//! a.add_imm(W64, X2, X2, 1);
//! a.b(top); // backward: resolved at once
//! a.bind(done);
//! a.mov_rr(W64, X0, X1);
//! a.ret();
//! let code = a.finish()?;
//! assert_eq!(code.len(), 9 * 4);
//! assert_eq!(&code.bytes()[12..16], &0x5400_008au32.to_le_bytes()); // b.ge +16
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod asm;
mod backend;
mod codegen;
pub mod mem;

pub use backend::{ArmBackend, ArmStats, JitRoots};
