//! A standard frame ([`Frame`]) and a complete call sequence ([`emit_call`]).
//!
//! Frame layout (addresses grow upward):
//! ```text
//!   [rbp + 16 + k]     incoming stack argument at ArgLoc::Stack(k)
//!   [rbp + 8]          return address
//!   [rbp]              caller's rbp
//!   [rbp - 8*(i+1)]    saved callee-saved register i (in push order)
//!   [rbp - 8*n - 8*(s+1)]  spill slot s
//!   ...padding...      so that rsp is 16-byte aligned after the prologue
//! ```
//! Invariant: between `emit_prologue` and `emit_epilogue` RSP is 16-byte aligned whenever
//! the code has not pushed anything itself, which is what `emit_call` requires.

use super::moves::{AbiError, Loc, MoveSrc, Scratch, address_regs, emit_parallel_moves, validate};
use super::{ArgKind, ArgLoc, CallLayout, GprSet, STACK_ALIGN, layout};
use crate::asm::{AluOp, Assembler, Base, Gpr, Label, Mem, Width};

/// A function frame with an RBP frame pointer, saved callee-saved registers and spill
/// slots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    saved: Vec<Gpr>,
    slots: u32,
    /// Bytes subtracted from RSP after the pushes (slots plus alignment padding).
    alloc: u32,
}

impl Frame {
    /// A frame that preserves `saved` (callee-saved registers the function will use; RBP
    /// is always saved and RSP is restored by construction, so listing them is an error)
    /// and has `slots` 8-byte spill slots.
    pub fn new(saved: GprSet, slots: u32) -> Result<Frame, AbiError> {
        for r in [Gpr::Rsp, Gpr::Rbp] {
            if saved.contains(r) {
                return Err(AbiError::FrameRegister(r));
            }
        }
        let saved: Vec<Gpr> = saved.iter().collect();
        // After `push rbp` RSP is aligned; the pushes and the allocation must sum to a
        // multiple of 16.
        let used = 8 * saved.len() as u32 + 8 * slots;
        let alloc = 8 * slots + (used.next_multiple_of(STACK_ALIGN as u32) - used);
        Ok(Frame {
            saved,
            slots,
            alloc,
        })
    }

    /// The registers saved by the prologue, in push order.
    pub fn saved(&self) -> &[Gpr] {
        &self.saved
    }

    /// Number of spill slots.
    pub fn slot_count(&self) -> u32 {
        self.slots
    }

    /// Spill slot `i`, or `None` if `i >= slot_count()`.
    pub fn slot(&self, i: u32) -> Option<Mem> {
        (i < self.slots).then(|| Mem::base(Gpr::Rbp, -8 * (self.saved.len() as i32 + i as i32 + 1)))
    }

    /// Where an incoming stack argument lives after the prologue (`None` for register
    /// arguments).
    pub fn incoming_arg(&self, loc: ArgLoc) -> Option<Mem> {
        match loc {
            ArgLoc::Stack(off) => Some(Mem::base(Gpr::Rbp, 16 + off as i32)),
            _ => None,
        }
    }

    /// `push rbp; mov rbp, rsp; push <saved>...; sub rsp, <slots + padding>`.
    pub fn emit_prologue(&self, asm: &mut Assembler) {
        asm.push_r(Gpr::Rbp);
        asm.mov_rr(Width::W64, Gpr::Rbp, Gpr::Rsp);
        for &r in &self.saved {
            asm.push_r(r);
        }
        if self.alloc > 0 {
            asm.alu_ri(AluOp::Sub, Width::W64, Gpr::Rsp, self.alloc as i32);
        }
    }

    /// Restores the saved registers, RSP and RBP, then `ret`. Flags are not touched (RSP is
    /// restored with `lea`), so a flag result can be returned through them.
    pub fn emit_epilogue(&self, asm: &mut Assembler) {
        if self.alloc > 0 || !self.saved.is_empty() {
            asm.lea(
                Width::W64,
                Gpr::Rsp,
                Mem::base(Gpr::Rbp, -8 * self.saved.len() as i32),
            );
        }
        for &r in self.saved.iter().rev() {
            asm.pop_r(r);
        }
        asm.pop_r(Gpr::Rbp);
        asm.ret();
    }
}

/// What a call goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallTarget {
    /// Any absolute address, through the scratch register (`mov r11, imm64; call r11`).
    Far(u64),
    /// An absolute address within rel32 reach of the code's final placement (resolved at
    /// installation; installation fails otherwise).
    Near(u64),
    /// A label of the same assembler.
    Label(Label),
    /// An address in a register (not overwritten by the argument setup).
    Reg(Gpr),
    /// An address in memory.
    Mem(Mem),
}

/// Adds `delta` to the displacement of RSP-based memory operands (the stack-argument area
/// moves RSP before the arguments are read).
fn shift_rsp(m: Mem, delta: u32) -> Result<Mem, AbiError> {
    if m.base_kind() == Base::Reg(Gpr::Rsp) && delta > 0 {
        m.offset(delta as i32)
            .ok_or(AbiError::DisplacementOverflow(m))
    } else {
        Ok(m)
    }
}

/// Emits a complete call: reserves the stack-argument area, moves every argument from its
/// source to its ABI location (as one parallel move, so sources may be argument registers),
/// sets AL for variadic callees, calls, and releases the area. RSP must be 16-byte aligned
/// when the sequence starts (e.g. right after [`Frame::emit_prologue`]); memory sources
/// relative to RSP are adjusted automatically. The result is in `INT_RET`/`FLOAT_RET`;
/// all caller-saved registers (including the scratch ones) are clobbered.
pub fn emit_call(
    asm: &mut Assembler,
    target: CallTarget,
    args: &[(MoveSrc, ArgKind)],
    variadic: bool,
    scratch: Scratch,
) -> Result<CallLayout, AbiError> {
    let kinds: Vec<ArgKind> = args.iter().map(|a| a.1).collect();
    let lay = layout(&kinds);
    let delta = lay.stack_bytes;
    let mut moves = Vec::with_capacity(args.len());
    for (&(src, _), &loc) in args.iter().zip(&lay.args) {
        let src = match src {
            MoveSrc::Loc(Loc::Mem(m)) => MoveSrc::Loc(Loc::Mem(shift_rsp(m, delta)?)),
            other => other,
        };
        let dst = match loc {
            ArgLoc::Gpr(r) => Loc::Gpr(r),
            ArgLoc::Xmm(x) => Loc::Xmm(x),
            ArgLoc::Stack(off) => Loc::Mem(Mem::base(Gpr::Rsp, off as i32)),
        };
        moves.push((src, dst));
    }
    let written = |r: Gpr| {
        moves.iter().any(|(_, d)| *d == Loc::Gpr(r))
            || r == scratch.gpr
            || (variadic && r == Gpr::Rax)
    };
    let target = match target {
        CallTarget::Reg(r) if written(r) => return Err(AbiError::TargetClobbered(r)),
        CallTarget::Mem(m) => {
            if let Some(r) = address_regs(&m).find(|&r| written(r)) {
                return Err(AbiError::TargetClobbered(r));
            }
            CallTarget::Mem(shift_rsp(m, delta)?)
        }
        other => other,
    };
    // Validate everything before emitting anything.
    validate(&moves, scratch)?;

    if delta > 0 {
        asm.alu_ri(AluOp::Sub, Width::W64, Gpr::Rsp, delta as i32);
    }
    emit_parallel_moves(asm, &moves, scratch)?;
    if variadic {
        asm.mov_ri(Width::W32, Gpr::Rax, lay.xmm_count() as i64);
    }
    match target {
        CallTarget::Far(addr) => asm.call_far(addr, scratch.gpr),
        CallTarget::Near(addr) => {
            asm.call_addr(addr);
        }
        CallTarget::Label(l) => {
            asm.call_label(l);
        }
        CallTarget::Reg(r) => asm.call_r(r),
        CallTarget::Mem(m) => asm.call_m(m),
    }
    if delta > 0 {
        asm.alu_ri(AluOp::Add, Width::W64, Gpr::Rsp, delta as i32);
    }
    Ok(lay)
}
