//! The System V AMD64 calling convention (Linux, macOS, BSDs) as data and helpers for the
//! code generator: argument and return registers, caller/callee-saved register sets, stack
//! alignment, the location of every argument of a call ([`layout`]), a resolver for
//! parallel moves ([`emit_parallel_moves`]), a standard frame ([`Frame`]) and a call
//! sequence ([`emit_call`]).
//!
//! Facts encoded here (System V ABI, AMD64 supplement, section 3.2):
//! - Integer/pointer arguments go in RDI, RSI, RDX, RCX, R8, R9; floating-point arguments in
//!   XMM0..XMM7; the rest on the stack in argument order, 8 bytes each, the first at
//!   `[rsp]` when the `call` executes (`[rsp + 8]` at the callee's entry).
//! - RSP is 16-byte aligned at the `call` instruction, so it is `8 mod 16` at entry.
//! - Results: RAX (and RDX) for integers, XMM0 (and XMM1) for doubles.
//! - Callee-saved: RBX, RBP, R12..R15 (and RSP). Everything else, including all XMM
//!   registers, is clobbered by a call.
//! - Variadic callees expect AL to hold an upper bound of the vector registers used.
//! - A 128-byte red zone below RSP may be used by leaf functions without moving RSP.
//!
//! Invariant: [`layout`] assigns registers in order and stack slots in argument order, and
//! its stack area is a multiple of 16 bytes, so pushing it keeps RSP aligned.

mod call;
mod moves;
mod regset;

pub use call::{CallTarget, Frame, emit_call};
pub use moves::{AbiError, Loc, MoveSrc, Scratch, emit_parallel_moves};
pub use regset::{GprSet, XmmSet};

use crate::asm::{Gpr, Xmm};

/// Integer argument registers, in order.
pub const INT_ARG_REGS: [Gpr; 6] = [Gpr::Rdi, Gpr::Rsi, Gpr::Rdx, Gpr::Rcx, Gpr::R8, Gpr::R9];

/// Floating-point argument registers, in order.
pub const FLOAT_ARG_REGS: [Xmm; 8] = [
    Xmm::Xmm0,
    Xmm::Xmm1,
    Xmm::Xmm2,
    Xmm::Xmm3,
    Xmm::Xmm4,
    Xmm::Xmm5,
    Xmm::Xmm6,
    Xmm::Xmm7,
];

/// Integer result register (RDX holds the high half of a 128-bit result).
pub const INT_RET: Gpr = Gpr::Rax;

/// Floating-point result register.
pub const FLOAT_RET: Xmm = Xmm::Xmm0;

/// Registers a callee must preserve (RSP is preserved too, by construction).
pub const CALLEE_SAVED: GprSet =
    GprSet::of(&[Gpr::Rbx, Gpr::Rbp, Gpr::R12, Gpr::R13, Gpr::R14, Gpr::R15]);

/// General-purpose registers a call may clobber.
pub const CALLER_SAVED: GprSet = GprSet::of(&[
    Gpr::Rax,
    Gpr::Rcx,
    Gpr::Rdx,
    Gpr::Rsi,
    Gpr::Rdi,
    Gpr::R8,
    Gpr::R9,
    Gpr::R10,
    Gpr::R11,
]);

/// SSE registers a call may clobber: all of them.
pub const CALLER_SAVED_XMM: XmmSet = XmmSet::ALL;

/// Required RSP alignment at a `call` instruction.
pub const STACK_ALIGN: usize = 16;

/// Bytes below RSP a leaf function may use without adjusting RSP.
pub const RED_ZONE: usize = 128;

/// The class of an argument or result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArgKind {
    /// Integer, pointer or boolean, passed as a full 64-bit value. (Callees compiled by
    /// some compilers rely on narrow integers being extended to 32 bits; passing the
    /// 64-bit value always satisfies that.)
    Int,
    /// `f64` (an `f32` would go in the same registers, in the low 32 bits).
    Float,
}

/// Where one argument travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArgLoc {
    /// In a general-purpose register.
    Gpr(Gpr),
    /// In an SSE register.
    Xmm(Xmm),
    /// On the stack, `offset` bytes above RSP at the `call` (above `RSP + 8` at entry).
    Stack(u32),
}

/// The locations of all arguments of a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallLayout {
    /// One location per argument, in argument order.
    pub args: Vec<ArgLoc>,
    /// Size of the stack-argument area, a multiple of 16.
    pub stack_bytes: u32,
}

impl CallLayout {
    /// Number of SSE registers used (the value AL must hold for a variadic callee).
    pub fn xmm_count(&self) -> u8 {
        self.args
            .iter()
            .filter(|a| matches!(a, ArgLoc::Xmm(_)))
            .count() as u8
    }
}

/// Assigns argument locations for a call with arguments of the given kinds.
pub fn layout(kinds: &[ArgKind]) -> CallLayout {
    let (mut ints, mut floats, mut stack) = (0usize, 0usize, 0u32);
    let args = kinds
        .iter()
        .map(|k| match k {
            ArgKind::Int if ints < INT_ARG_REGS.len() => {
                ints += 1;
                ArgLoc::Gpr(INT_ARG_REGS[ints - 1])
            }
            ArgKind::Float if floats < FLOAT_ARG_REGS.len() => {
                floats += 1;
                ArgLoc::Xmm(FLOAT_ARG_REGS[floats - 1])
            }
            _ => {
                stack += 8;
                ArgLoc::Stack(stack - 8)
            }
        })
        .collect();
    CallLayout {
        args,
        stack_bytes: stack.next_multiple_of(STACK_ALIGN as u32),
    }
}

/// Padding to subtract from RSP before pushing `stack_arg_bytes` of arguments so that RSP
/// is 16-byte aligned at the `call`, when `depth` bytes have been pushed since the
/// function's entry (where RSP was `8 mod 16`).
pub const fn call_padding(depth: usize, stack_arg_bytes: usize) -> usize {
    (STACK_ALIGN - (8 + depth + stack_arg_bytes) % STACK_ALIGN) % STACK_ALIGN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_follows_the_abi() {
        use ArgKind::{Float as F, Int as I};
        let l = layout(&[I, F, I, I, I, I, I, I, F, F, F, F, F, F, F, F, I]);
        assert_eq!(l.args[0], ArgLoc::Gpr(Gpr::Rdi));
        assert_eq!(l.args[1], ArgLoc::Xmm(Xmm::Xmm0));
        assert_eq!(l.args[6], ArgLoc::Gpr(Gpr::R9));
        assert_eq!(
            l.args[7],
            ArgLoc::Stack(0),
            "seventh integer goes on the stack"
        );
        assert_eq!(l.args[8], ArgLoc::Xmm(Xmm::Xmm1));
        assert_eq!(l.args[14], ArgLoc::Xmm(Xmm::Xmm7));
        assert_eq!(
            l.args[15],
            ArgLoc::Stack(8),
            "ninth float goes on the stack"
        );
        assert_eq!(l.args[16], ArgLoc::Stack(16));
        assert_eq!(l.stack_bytes, 32);
        assert_eq!(l.xmm_count(), 8);
        assert_eq!(layout(&[]).stack_bytes, 0);
        assert_eq!(layout(&[I; 7]).stack_bytes, 16);
    }

    #[test]
    fn padding_aligns_the_call() {
        for depth in (0..64).step_by(8) {
            for args in (0..64).step_by(8) {
                let pad = call_padding(depth, args);
                assert!(pad < 16);
                assert_eq!((8 + depth + pad + args) % 16, 0);
            }
        }
    }

    #[test]
    fn register_sets_partition_the_gprs() {
        let all = CALLEE_SAVED.union(CALLER_SAVED).with(Gpr::Rsp);
        assert_eq!(all, GprSet::ALL);
        assert!(CALLEE_SAVED.intersection(CALLER_SAVED).is_empty());
        for r in INT_ARG_REGS {
            assert!(CALLER_SAVED.contains(r));
        }
    }
}
