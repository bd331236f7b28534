//! The native frame every execution runs in, and where values live.
//!
//! Layout (`x29` is the frame base, set by the entry stub; every trace, bridge and label
//! of one execution shares the frame and the same `sp`):
//! ```text
//!   [x29 + 8]              return address into the caller of the entry stub
//!   [x29]                  caller's x29
//!   [x29 - 16 .. - 80]     saved x19..x28 (all allocatable)
//!   [x29 - 96 .. - 144]    saved d8..d15 (allocatable)
//!   [x29 - 152]            CTX: the word buffer (inputs in, exit values out)
//!   [x29 - 160]            FORCE: the force word (`force_token` is its address)
//!   [x29 - 168]            LINK: the previous JIT frame (root walking, moving GCs only)
//!   [x29 - 176]            GCMAP: id of the GC map of the call in progress (0: none)
//!   [sp + 8*s]             spill slot s, s < MAX_SLOTS
//!   sp = x29 - HEADER - SLOT_AREA
//! ```
//! Invariants: `sp` is 16-byte aligned while trace code runs (calls need no adjustment);
//! `x29`, `x30`, `sp`, the scratch registers `x16` (the assembler's), `x17` (buffer
//! pointer / second scratch), the platform register `x18` and `v31` are never allocated.

use tern_jit_ir::backend_support::SlotId;

use crate::asm::{FpWidth, Fpr, Gpr, Mem, Width};

/// Offset of the word-buffer pointer from x29.
pub(crate) const CTX: i32 = -152;
/// Offset of the force word from x29.
pub(crate) const FORCE: i32 = -160;
/// Offset of the link to the previous JIT frame from x29.
pub(crate) const LINK: i32 = -168;
/// Offset of the current GC map id from x29.
pub(crate) const GCMAP: i32 = -176;
/// Bytes of the frame header below x29.
pub(crate) const HEADER: u32 = 176;
/// Spill slots available to a trace (all addressable with a scaled 12-bit offset, with
/// room left for outgoing stack arguments below them).
pub(crate) const MAX_SLOTS: usize = 3968;
/// A slot reserved for breaking cycles of parallel moves (never allocated).
pub(crate) const SCRATCH_SLOT: SlotId = SlotId(MAX_SLOTS as u32);
/// Bytes reserved for spill slots.
pub(crate) const SLOT_AREA: u32 = 32768;
/// The register holding the buffer pointer while values are stored or loaded (and a
/// second scratch register otherwise).
pub(crate) const BUF: Gpr = Gpr::X17;

/// Callee-saved registers the entry stub saves, in pairs.
const SAVED_GPR: [Gpr; 10] = [
    Gpr::X19,
    Gpr::X20,
    Gpr::X21,
    Gpr::X22,
    Gpr::X23,
    Gpr::X24,
    Gpr::X25,
    Gpr::X26,
    Gpr::X27,
    Gpr::X28,
];
const SAVED_FPR: [Fpr; 8] = [
    Fpr::V8,
    Fpr::V9,
    Fpr::V10,
    Fpr::V11,
    Fpr::V12,
    Fpr::V13,
    Fpr::V14,
    Fpr::V15,
];

/// General-purpose registers the allocator hands out: callee-saved ones first (values in
/// them survive calls without spilling).
pub(crate) const GPR_ALLOC: [Gpr; 26] = [
    Gpr::X19,
    Gpr::X20,
    Gpr::X21,
    Gpr::X22,
    Gpr::X23,
    Gpr::X24,
    Gpr::X25,
    Gpr::X26,
    Gpr::X27,
    Gpr::X28,
    Gpr::X0,
    Gpr::X1,
    Gpr::X2,
    Gpr::X3,
    Gpr::X4,
    Gpr::X5,
    Gpr::X6,
    Gpr::X7,
    Gpr::X8,
    Gpr::X9,
    Gpr::X10,
    Gpr::X11,
    Gpr::X12,
    Gpr::X13,
    Gpr::X14,
    Gpr::X15,
];
/// Allocatable general-purpose registers a call clobbers.
pub(crate) const GPR_CALLER_SAVED: [Gpr; 16] = [
    Gpr::X0,
    Gpr::X1,
    Gpr::X2,
    Gpr::X3,
    Gpr::X4,
    Gpr::X5,
    Gpr::X6,
    Gpr::X7,
    Gpr::X8,
    Gpr::X9,
    Gpr::X10,
    Gpr::X11,
    Gpr::X12,
    Gpr::X13,
    Gpr::X14,
    Gpr::X15,
];
/// Floating-point registers the allocator hands out (d8..d15 survive calls).
pub(crate) const FPR_ALLOC: [Fpr; 31] = [
    Fpr::V8,
    Fpr::V9,
    Fpr::V10,
    Fpr::V11,
    Fpr::V12,
    Fpr::V13,
    Fpr::V14,
    Fpr::V15,
    Fpr::V0,
    Fpr::V1,
    Fpr::V2,
    Fpr::V3,
    Fpr::V4,
    Fpr::V5,
    Fpr::V6,
    Fpr::V7,
    Fpr::V16,
    Fpr::V17,
    Fpr::V18,
    Fpr::V19,
    Fpr::V20,
    Fpr::V21,
    Fpr::V22,
    Fpr::V23,
    Fpr::V24,
    Fpr::V25,
    Fpr::V26,
    Fpr::V27,
    Fpr::V28,
    Fpr::V29,
    Fpr::V30,
];
/// Allocatable floating-point registers a call clobbers.
pub(crate) const FPR_CALLER_SAVED: [Fpr; 23] = [
    Fpr::V0,
    Fpr::V1,
    Fpr::V2,
    Fpr::V3,
    Fpr::V4,
    Fpr::V5,
    Fpr::V6,
    Fpr::V7,
    Fpr::V16,
    Fpr::V17,
    Fpr::V18,
    Fpr::V19,
    Fpr::V20,
    Fpr::V21,
    Fpr::V22,
    Fpr::V23,
    Fpr::V24,
    Fpr::V25,
    Fpr::V26,
    Fpr::V27,
    Fpr::V28,
    Fpr::V29,
    Fpr::V30,
];

/// The memory operand of spill slot `s`, `bias` bytes above `sp` (while outgoing stack
/// arguments are pushed).
pub(crate) fn slot_mem_biased(s: SlotId, bias: u32) -> Mem {
    Mem::base(Gpr::Sp, 8 * s.0 as i32 + bias as i32)
}

/// The memory operand of spill slot `s`.
pub(crate) fn slot_mem(s: SlotId) -> Mem {
    slot_mem_biased(s, 0)
}

/// Where a trace value is at a point other code must agree on (a guard exit, a jump).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValLoc {
    /// A general-purpose register.
    Gpr(Gpr),
    /// A floating-point register.
    Fpr(Fpr),
    /// A spill slot.
    Slot(SlotId),
    /// A constant (its bits).
    Const(u64),
}

/// Offset of spill slot 0 from x29 (slot `s` is at `x29 + SLOT0 + 8 * s`).
pub(crate) const SLOT0: i64 = -((HEADER + SLOT_AREA) as i64);

/// The prologue routine shared by a trace's callable entry stubs (each is `adr x16,
/// target; b prologue`, making `extern "C" fn(buffer: *mut u64) -> u64`): sets up the
/// frame, then `br x16`. With `frame_top` (moving GCs), the frame is linked into the
/// chain of JIT frames whose GC maps a root walk visits.
pub(crate) fn emit_prologue(a: &mut crate::asm::Assembler, frame_top: Option<u64>) {
    a.stp(Width::W64, Gpr::X29, Gpr::X30, Mem::pre(Gpr::Sp, -16));
    a.add_imm(Width::W64, Gpr::X29, Gpr::Sp, 0);
    a.sub_imm(Width::W64, Gpr::Sp, Gpr::Sp, SLOT_AREA);
    a.sub_imm(Width::W64, Gpr::Sp, Gpr::Sp, HEADER);
    for (i, pair) in SAVED_GPR.chunks(2).enumerate() {
        a.stp(
            Width::W64,
            pair[0],
            pair[1],
            Mem::base(Gpr::X29, -16 * (i as i32 + 1)),
        );
    }
    for (i, pair) in SAVED_FPR.chunks(2).enumerate() {
        a.stp_fp(
            FpWidth::F64,
            pair[0],
            pair[1],
            Mem::base(Gpr::X29, -96 - 16 * i as i32),
        );
    }
    a.str(Width::W64, Gpr::X0, Mem::base(Gpr::X29, CTX));
    a.str(Width::W64, Gpr::Zr, Mem::base(Gpr::X29, FORCE));
    if let Some(top) = frame_top {
        // x0 is free once CTX holds it; x16 is the routine's continuation.
        a.mov_imm(Width::W64, Gpr::X0, top);
        a.ldr(Width::W64, Gpr::X17, Mem::base(Gpr::X0, 0));
        a.str(Width::W64, Gpr::X17, Mem::base(Gpr::X29, LINK));
        a.str(Width::W64, Gpr::X29, Mem::base(Gpr::X0, 0));
        a.str(Width::W64, Gpr::Zr, Mem::base(Gpr::X29, GCMAP));
    }
    a.br(Gpr::X16);
}

/// The common exit: unlinks the frame (with `frame_top`), restores the callee-saved
/// registers and returns (exit code in w0).
pub(crate) fn emit_epilogue(a: &mut crate::asm::Assembler, frame_top: Option<u64>) {
    if let Some(top) = frame_top {
        a.ldr(Width::W64, Gpr::X17, Mem::base(Gpr::X29, LINK));
        a.mov_imm(Width::W64, Gpr::X16, top);
        a.str(Width::W64, Gpr::X17, Mem::base(Gpr::X16, 0));
    }
    for (i, pair) in SAVED_GPR.chunks(2).enumerate() {
        a.ldp(
            Width::W64,
            pair[0],
            pair[1],
            Mem::base(Gpr::X29, -16 * (i as i32 + 1)),
        );
    }
    for (i, pair) in SAVED_FPR.chunks(2).enumerate() {
        a.ldp_fp(
            FpWidth::F64,
            pair[0],
            pair[1],
            Mem::base(Gpr::X29, -96 - 16 * i as i32),
        );
    }
    a.add_imm(Width::W64, Gpr::Sp, Gpr::X29, 0);
    a.ldp(Width::W64, Gpr::X29, Gpr::X30, Mem::post(Gpr::Sp, 16));
    a.ret();
}

// The layout, checked at compile time: sp stays 16-byte aligned, the scratch slot is
// inside the spill area, the header words lie below the saved registers (the last
// saved pair, d14/d15, ends at x29 - 144) and the header ends at GCMAP.
const _: () = {
    assert!(SLOT_AREA.is_multiple_of(16) && HEADER.is_multiple_of(16));
    assert!((SCRATCH_SLOT.0 as usize + 1) * 8 <= SLOT_AREA as usize);
    assert!(CTX < -144 && FORCE < CTX && LINK < FORCE && GCMAP < LINK);
    assert!(-(HEADER as i32) == GCMAP);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_layout_is_consistent() {
        for r in [
            Gpr::X16,
            BUF,
            Gpr::X18,
            Gpr::X29,
            Gpr::X30,
            Gpr::Sp,
            Gpr::Zr,
        ] {
            assert!(!GPR_ALLOC.contains(&r));
        }
        assert!(!FPR_ALLOC.contains(&Fpr::V31));
        for r in GPR_CALLER_SAVED {
            assert!(GPR_ALLOC.contains(&r) && !SAVED_GPR.contains(&r));
        }
        for r in FPR_CALLER_SAVED {
            assert!(FPR_ALLOC.contains(&r) && !SAVED_FPR.contains(&r));
        }
        assert_eq!(GPR_ALLOC.len(), SAVED_GPR.len() + GPR_CALLER_SAVED.len());
        assert_eq!(FPR_ALLOC.len(), SAVED_FPR.len() + FPR_CALLER_SAVED.len());
    }
}
