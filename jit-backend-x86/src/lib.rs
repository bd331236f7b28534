//! x86-64 machine code generation for tern-jit-ir traces.
//!
//! This crate holds the parts of the backend that do not depend on the trace IR:
//! - [`asm`]: an x86-64 assembler with typed registers and operands, labels with forward
//!   references, patchable branches, and a data form of every instruction ([`asm::Inst`])
//!   that prints in Intel syntax.
//! - [`mem`]: executable memory with W^X (pages are writable or executable, never both),
//!   freeing and reuse of code, and patching of branch targets in installed code.
//! - [`abi`]: the System V AMD64 calling convention: argument assignment, register sets,
//!   stack alignment, a parallel-move resolver, frames and call sequences.
//!
//! Code generation from tern-jit-ir traces builds on these modules.
//!
//! ```
//! use tern_jit_backend_x86::asm::{AluOp, Assembler, Cond, Gpr::*, Width::*};
//! use tern_jit_backend_x86::mem::ExecArena;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // fn(n) -> 0 + 1 + ... + (n-1)
//! let mut a = Assembler::new();
//! let (top, done) = (a.new_label(), a.new_label());
//! a.alu_rr(AluOp::Xor, W32, Rax, Rax);
//! a.alu_rr(AluOp::Xor, W32, Rcx, Rcx);
//! a.bind(top);
//! a.alu_rr(AluOp::Cmp, W64, Rcx, Rdi);
//! a.jcc(Cond::Ge, done); // forward: rel32, fixed up by `finish`
//! a.alu_rr(AluOp::Add, W64, Rax, Rcx);
//! a.alu_ri(AluOp::Add, W64, Rcx, 1);
//! a.jmp(top); // backward and in reach: 2-byte rel8
//! a.bind(done);
//! a.ret();
//! let code = a.finish()?;
//!
//! let mut arena = ExecArena::new()?;
//! let block = arena.install(&code)?;
//! // SAFETY: the code implements this signature; the block outlives the call.
//! let f: extern "C" fn(i64) -> i64 = unsafe { arena.entry(&block)? };
//! assert_eq!(f(10), 45);
//! arena.free(block)?;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod abi;
pub mod asm;
pub mod mem;
