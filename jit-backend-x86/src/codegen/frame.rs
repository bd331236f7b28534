//! The native frame every compiled trace runs in, and where values live.
//!
//! Layout (RBP is the frame base, set by the entry stub; every trace, bridge and label of
//! one execution shares the frame, so values can stay where a guard left them):
//! ```text
//!   [rbp + 8]             return address into the caller of the entry stub
//!   [rbp]                 caller's rbp
//!   [rbp - 8 .. - 40]     saved rbx, r12, r13, r14, r15 (all allocatable)
//!   [rbp - 48]            CTX: the word buffer (inputs in, exit values out)
//!   [rbp - 56]            FORCE: the force word (`force_token` is its address)
//!   [rbp - 64]            LINK: the previous JIT frame (root walking for a moving GC)
//!   [rbp - 72]            GCMAP: id of the GC map of the call in progress (0: none)
//!   [rbp - 80 - 8*s]      spill slot s
//!   rsp = rbp - frame     frame = round_up(72 + 8 * slots, 16) of the running trace
//! ```
//! Invariants: RBP is 16-byte aligned (the entry stub is called with RSP = 8 mod 16 and
//! pushes RBP), every frame size is a multiple of 16, so RSP is aligned for calls whenever
//! trace code runs; RBP, RSP and the scratch registers R11/XMM15 are never allocated.

use crate::abi::Loc;
use crate::asm::{Gpr, Mem, Xmm};
use tern_jit_ir::backend_support::SlotId;

/// Callee-saved registers the entry stub saves (in push order).
pub(crate) const SAVED: [Gpr; 5] = [Gpr::Rbx, Gpr::R12, Gpr::R13, Gpr::R14, Gpr::R15];
/// Offset of the word-buffer pointer.
pub(crate) const CTX: i32 = -48;
/// Offset of the force word.
pub(crate) const FORCE: i32 = -56;
/// Offset of the link to the previous JIT frame.
pub(crate) const LINK: i32 = -64;
/// Offset of the current GC map id.
pub(crate) const GCMAP: i32 = -72;
/// Offset of spill slot 0 (slot `s` is at `SLOT0 - 8 * s`).
pub(crate) const SLOT0: i32 = -80;
/// Bytes above the spill slots (saved registers and the header words).
pub(crate) const HEADER: u32 = 72;

/// General-purpose registers the allocator hands out, in order of preference. Callee-saved
/// ones come first: values in them survive calls without spilling.
pub(crate) const GPR_ALLOC: [Gpr; 13] = [
    Gpr::Rbx,
    Gpr::R12,
    Gpr::R13,
    Gpr::R14,
    Gpr::R15,
    Gpr::Rax,
    Gpr::Rcx,
    Gpr::Rdx,
    Gpr::Rsi,
    Gpr::Rdi,
    Gpr::R8,
    Gpr::R9,
    Gpr::R10,
];
/// Allocatable general-purpose registers a call clobbers.
pub(crate) const GPR_CALLER_SAVED: [Gpr; 8] = [
    Gpr::Rax,
    Gpr::Rcx,
    Gpr::Rdx,
    Gpr::Rsi,
    Gpr::Rdi,
    Gpr::R8,
    Gpr::R9,
    Gpr::R10,
];
/// SSE registers the allocator hands out (all clobbered by calls).
pub(crate) const XMM_ALLOC: [Xmm; 15] = [
    Xmm::Xmm0,
    Xmm::Xmm1,
    Xmm::Xmm2,
    Xmm::Xmm3,
    Xmm::Xmm4,
    Xmm::Xmm5,
    Xmm::Xmm6,
    Xmm::Xmm7,
    Xmm::Xmm8,
    Xmm::Xmm9,
    Xmm::Xmm10,
    Xmm::Xmm11,
    Xmm::Xmm12,
    Xmm::Xmm13,
    Xmm::Xmm14,
];
/// The general-purpose scratch register (never allocated).
pub(crate) const SCRATCH: Gpr = Gpr::R11;
/// The SSE scratch register (never allocated).
pub(crate) const XSCRATCH: Xmm = Xmm::Xmm15;

/// The memory operand of spill slot `s`.
pub(crate) fn slot_mem(s: SlotId) -> Mem {
    Mem::base(Gpr::Rbp, SLOT0 - 8 * s.0 as i32)
}

/// A frame-header word.
pub(crate) fn header(offset: i32) -> Mem {
    Mem::base(Gpr::Rbp, offset)
}

/// The frame size (bytes from RSP up to RBP) for `slots` spill slots.
pub(crate) fn frame_size(slots: usize) -> u32 {
    (HEADER + 8 * slots as u32).next_multiple_of(16)
}

/// Where a trace value lives at a point that other code must agree on (a label, a guard
/// exit that a bridge continues from, a trace input).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ValLoc {
    /// A general-purpose register.
    Gpr(Gpr),
    /// An SSE register.
    Xmm(Xmm),
    /// A spill slot of the shared frame.
    Slot(SlotId),
}

impl ValLoc {
    /// The location as the ABI move resolver sees it.
    pub(crate) fn loc(self) -> Loc {
        match self {
            ValLoc::Gpr(r) => Loc::Gpr(r),
            ValLoc::Xmm(x) => Loc::Xmm(x),
            ValLoc::Slot(s) => Loc::Mem(slot_mem(s)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_keep_rsp_aligned_and_slots_below_the_header() {
        for n in 0..40 {
            let f = frame_size(n);
            assert_eq!(f % 16, 0);
            assert!(f >= HEADER + 8 * n as u32);
            if n > 0 {
                let lowest = SLOT0 - 8 * (n as i32 - 1);
                assert!(lowest >= -(f as i32), "slot {} below rsp", n - 1);
            }
        }
        assert_eq!(SLOT0, GCMAP - 8);
        assert_eq!(-CTX as usize, 8 * (SAVED.len() + 1));
        for r in [Gpr::Rsp, Gpr::Rbp, SCRATCH] {
            assert!(!GPR_ALLOC.contains(&r));
        }
        assert!(!XMM_ALLOC.contains(&XSCRATCH));
    }
}
