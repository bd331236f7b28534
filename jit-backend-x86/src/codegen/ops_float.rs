//! Float operations with SSE2 scalar doubles: arithmetic (register reuse, memory and
//! constant-pool operands), negation and absolute value with sign masks, `ucomisd`
//! comparisons (NaN-aware: `<`/`<=` compare swapped so an unordered result is false,
//! `==`/`!=` consult the parity flag), and conversions with the IR's semantics
//! (saturating `cast_float_to_int`, NaN to 0, fixed up out of line).
//!
//! Invariants: constants live in the trace's constant pool (16-byte aligned masks for
//! `xorpd`/`andpd`); comparisons feeding the next guard leave their flags untouched.

use tern_jit_ir::{OpCode, OpRef};

use super::frame::{SCRATCH, XSCRATCH};
use super::regs::{IntOp, Regs, XOp};
use super::{CgResult, Codegen, Ool, Truth};
use crate::asm::{AluOp, Cond, Gpr, Label, SseOp, Width, Xmm};

impl Codegen<'_> {
    fn xdies_in_reg(&self, v: OpRef, at: usize) -> bool {
        !v.is_const() && !self.live_after(v, at) && self.xmm.reg(v).is_some()
    }

    /// `float_add/sub/mul/truediv`.
    pub(crate) fn float_binop(
        &mut self,
        at: usize,
        opcode: OpCode,
        mut a: OpRef,
        mut b: OpRef,
    ) -> CgResult<()> {
        let d = self.t.result_of(at);
        let op = match opcode {
            OpCode::FloatAdd => SseOp::Addsd,
            OpCode::FloatSub => SseOp::Subsd,
            OpCode::FloatMul => SseOp::Mulsd,
            _ => SseOp::Divsd,
        };
        if opcode.is_commutative()
            && ((a.is_const() && !b.is_const())
                || (!self.xdies_in_reg(a, at) && self.xdies_in_reg(b, at)))
        {
            std::mem::swap(&mut a, &mut b);
        }
        let bop = self.xop(b, at, &[])?;
        let mut keep = Regs::xmm();
        if let XOp::Reg(r) = bop {
            keep.push(r);
        }
        let dst = self.xdef_from(d, a, at, &keep)?;
        self.sse_op(op, dst, bop);
        Ok(())
    }

    /// `float_neg` (flip the sign bit), `float_abs` (clear it).
    pub(crate) fn float_unary(&mut self, at: usize, opcode: OpCode, a: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let dst = self.xdef_from(d, a, at, &[])?;
        let (op, mask) = if opcode == OpCode::FloatNeg {
            (SseOp::Xorpd, 0x8000_0000_0000_0000u64)
        } else {
            (SseOp::Andpd, 0x7fff_ffff_ffff_ffffu64)
        };
        let m = self.pool_const(mask, true);
        self.a.sse_rm(op, dst, m);
        Ok(())
    }

    /// `same_as_f`.
    pub(crate) fn float_copy(&mut self, at: usize, a: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        self.xdef_from(d, a, at, &[])?;
        Ok(())
    }

    /// Emits the `ucomisd` of a float comparison and returns when it is true.
    fn emit_float_cmp(&mut self, at: usize, opcode: OpCode, a: OpRef, b: OpRef) -> CgResult<Truth> {
        use OpCode::*;
        // a < b is b > a: `ucomisd b, a` then "above", false when unordered.
        let (first, second, truth) = match opcode {
            FloatLt => (b, a, Truth::If(Cond::A)),
            FloatLe => (b, a, Truth::If(Cond::Ae)),
            FloatGt => (a, b, Truth::If(Cond::A)),
            FloatGe => (a, b, Truth::If(Cond::Ae)),
            FloatEq => (a, b, Truth::FloatEq),
            _ => (a, b, Truth::FloatNe),
        };
        let x = self.xreg(first, at, &[])?;
        let y = self.xop(second, at, &[x])?;
        self.sse_op(SseOp::Ucomisd, x, y);
        Ok(truth)
    }

    /// Float comparisons: fused into the next guard, or materialized as 0/1.
    pub(crate) fn float_compare(
        &mut self,
        at: usize,
        opcode: OpCode,
        a: OpRef,
        b: OpRef,
    ) -> CgResult<()> {
        let d = self.t.result_of(at);
        if self.fusable(at) {
            let truth = self.emit_float_cmp(at, opcode, a, b)?;
            self.pending = Some((d, truth));
            return Ok(());
        }
        let dst = self.idef(d, at, &[])?;
        self.a.alu_rr(AluOp::Xor, Width::W32, dst, dst);
        match self.emit_float_cmp(at, opcode, a, b)? {
            Truth::If(c) => self.a.setcc_r(c, dst),
            Truth::FloatEq => {
                self.a.setcc_r(Cond::E, dst);
                self.a.setcc_r(Cond::Np, SCRATCH);
                self.a.alu_rr(AluOp::And, Width::W8, dst, SCRATCH);
            }
            Truth::FloatNe => {
                self.a.setcc_r(Cond::Ne, dst);
                self.a.setcc_r(Cond::P, SCRATCH);
                self.a.alu_rr(AluOp::Or, Width::W8, dst, SCRATCH);
            }
        }
        Ok(())
    }

    /// `cast_float_to_int`: truncation, saturating, NaN to 0.
    pub(crate) fn float_to_int(&mut self, at: usize, a: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let src = self.xreg(a, at, &[])?;
        let dst = self.idef(d, at, &[])?;
        self.a.cvttsd2si_rr(Width::W64, dst, src);
        // The "integer indefinite" result i64::MIN is the only value for which
        // `dst - 1` overflows; it needs a look at the input.
        self.a.alu_ri(AluOp::Cmp, Width::W64, dst, 1);
        let entry = self.a.new_label();
        let back = self.a.new_label();
        self.a.jcc(Cond::O, entry);
        self.a.bind(back);
        self.ools.push(Ool::FloatToInt {
            entry,
            back,
            dst,
            src,
        });
        Ok(())
    }

    /// The out-of-line fix-up of `cast_float_to_int`: NaN gives 0, a too large positive
    /// input gives `i64::MAX` (a too small one already gave `i64::MIN`).
    pub(crate) fn emit_float_to_int_fix(&mut self, entry: Label, back: Label, dst: Gpr, src: Xmm) {
        self.a.bind(entry);
        let nan = self.a.new_label();
        self.a.sse_rr(SseOp::Ucomisd, src, src);
        self.a.jcc(Cond::P, nan);
        self.a.sse_rr(SseOp::Xorps, XSCRATCH, XSCRATCH);
        self.a.sse_rr(SseOp::Ucomisd, src, XSCRATCH);
        self.a.jcc(Cond::Be, back);
        self.a.mov_ri(Width::W64, dst, i64::MAX);
        self.a.jmp(back);
        self.a.bind(nan);
        self.a.alu_rr(AluOp::Xor, Width::W32, dst, dst);
        self.a.jmp(back);
    }

    /// `cast_int_to_float`.
    pub(crate) fn int_to_float(&mut self, at: usize, a: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let src = match self.iop(a, at, &[])? {
            IntOp::Imm(i) => IntOp::Reg(self.iconst_reg(i as i64, at, &[])?),
            other => other,
        };
        let dst = self.xdef(d, at, &[])?;
        // Break the dependency of cvtsi2sd on the old contents of the register.
        self.a.sse_rr(SseOp::Xorps, dst, dst);
        match src {
            IntOp::Reg(r) => self.a.cvtsi2sd_rr(Width::W64, dst, r),
            IntOp::Mem(m) => self.a.cvtsi2sd_rm(Width::W64, dst, m),
            IntOp::Imm(_) => unreachable!("constants were put in a register"),
        }
        Ok(())
    }
}
