//! x86-64 machine code generation for tern-jit-ir traces.
//!
//! [`X86Backend`] implements jit-ir's `Backend` trait: it compiles optimized traces
//! (loops and bridges) to x86-64 machine code, installs them in W^X executable memory,
//! runs them, attaches bridges by patching guard branches, invalidates and frees them.
//! Compiled code allocates inline from the embedder's nursery, runs its write barrier,
//! calls runtime helpers under the System V ABI, and publishes GC maps through which a
//! moving collector finds and updates the references it holds ([`JitRoots`]).
//!
//! Modules:
//! - [`asm`]: an x86-64 assembler with typed registers and operands, labels with forward
//!   references, patchable branches, and a data form of every instruction ([`asm::Inst`])
//!   that prints in Intel syntax.
//! - [`mem`]: executable memory: tern-jit-ir's shared W^X code arena with the x86-64
//!   specifics (`int3` fill, rel32 relocation and validated rel32 patching).
//! - [`abi`]: the System V AMD64 calling convention: argument assignment, register sets,
//!   stack alignment, a parallel-move resolver, frames and call sequences.
//! - `codegen` (internal): trace to machine code, one module per op family.
//! - `backend` (internal): [`X86Backend`], the runtime shared with compiled code, and
//!   [`JitRoots`].
//!
//! ```
//! use tern_jit_backend_x86::X86Backend;
//! use tern_jit_ir::conformance::native::backend_config;
//! use tern_jit_ir::heap::ModelHeap;
//! use tern_jit_ir::{Backend, Exit, Value, opt, text};
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
//! let mut backend = X86Backend::new(backend_config(&heap))?;
//! let id = backend.compile_loop(&opt::optimize(&trace)?)?;
//! let exit = backend.execute(id, &[Value::Int(10), Value::Int(0)])?;
//! let Exit::GuardFailed { values, .. } = exit else { panic!() };
//! assert_eq!(values, [Value::Int(0), Value::Int(55)]);
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod abi;
pub mod asm;
mod backend;
mod codegen;
pub mod mem;

pub use backend::{JitRoots, X86Backend, X86Stats};
