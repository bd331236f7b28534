//! AArch64 machine code generation for tern-jit-ir traces.
//!
//! This crate holds the parts of the backend that do not depend on the trace IR:
//! - [`asm`]: an A64 assembler with typed registers (`sp` and `xzr` told apart per
//!   operand), operands and selector tables, labels with fixups for the 26/19/14-bit branch
//!   ranges, patchable branches, external relocations, constant materialisation in the
//!   fewest instructions, helpers for out-of-range immediates and offsets (through the
//!   reserved scratch register `x16`), and a data form of every instruction
//!   ([`asm::Inst`]) that prints in GNU syntax.
//!
//! Code generation from tern-jit-ir traces (the `Backend` implementation) is the next step.
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
