//! Double-precision arithmetic, comparisons and conversions.
//!
//! `fcmp` sets NZCV so that the IR's ordered comparisons map to single conditions that are
//! false when either side is NaN (`mi` <, `ls` <=, `gt` >, `ge` >=, `eq` ==) and `ne` is
//! true for NaN (Python's `!=`). `fcvtzs` saturates and maps NaN to 0, exactly Rust's
//! `f64 as i64`, which the IR interpreter uses.

use tern_jit_ir::{OpCode, OpRef};

use super::{CgResult, Codegen};
use crate::asm::{Cond, FcmpOp, FpOp2, FpWidth, Width};

use FpWidth::F64;

impl Codegen<'_> {
    pub(crate) fn float_binop(
        &mut self,
        at: usize,
        opcode: OpCode,
        x: OpRef,
        y: OpRef,
    ) -> CgResult<()> {
        let d = self.t.result_of(at);
        let rx = self.freg(x, at, &[])?;
        let ry = self.freg(y, at, &[rx])?;
        let rd = self.fdef_reuse(d, at, &[x, y], &[rx, ry])?;
        let op = match opcode {
            OpCode::FloatAdd => FpOp2::Fadd,
            OpCode::FloatSub => FpOp2::Fsub,
            OpCode::FloatMul => FpOp2::Fmul,
            _ => FpOp2::Fdiv,
        };
        self.a.fp_rrr(op, F64, rd, rx, ry);
        Ok(())
    }

    pub(crate) fn float_unary(&mut self, at: usize, opcode: OpCode, x: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let rx = self.freg(x, at, &[])?;
        let rd = self.fdef_reuse(d, at, &[x], &[rx])?;
        if opcode == OpCode::FloatNeg {
            self.a.fneg(F64, rd, rx);
        } else {
            self.a.fabs(F64, rd, rx);
        }
        Ok(())
    }

    pub(crate) fn float_copy(&mut self, at: usize, x: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let rx = self.freg(x, at, &[])?;
        let rd = self.fdef(d, at, &[rx])?;
        self.a.fmov_rr(F64, rd, rx);
        Ok(())
    }

    pub(crate) fn float_compare(
        &mut self,
        at: usize,
        opcode: OpCode,
        x: OpRef,
        y: OpRef,
    ) -> CgResult<()> {
        let d = self.t.result_of(at);
        let cond = match opcode {
            OpCode::FloatLt => Cond::Mi,
            OpCode::FloatLe => Cond::Ls,
            OpCode::FloatGt => Cond::Gt,
            OpCode::FloatGe => Cond::Ge,
            OpCode::FloatEq => Cond::Eq,
            _ => Cond::Ne,
        };
        let rx = self.freg(x, at, &[])?;
        let ry = self.freg(y, at, &[rx])?;
        self.a.fcmp(FcmpOp::Fcmp, F64, rx, ry);
        if !self.only_guarded(d, at) {
            let rd = self.idef(d, at, &[])?;
            self.a.cset(Width::W64, rd, cond);
        }
        self.pending = Some((d, cond));
        Ok(())
    }

    pub(crate) fn float_to_int(&mut self, at: usize, x: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let rx = self.freg(x, at, &[])?;
        let rd = self.idef(d, at, &[])?;
        self.a.fcvtzs(Width::W64, rd, F64, rx);
        Ok(())
    }

    pub(crate) fn int_to_float(&mut self, at: usize, x: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let rx = self.ireg(x, at, &[])?;
        let rd = self.fdef(d, at, &[])?;
        self.a.scvtf(F64, rd, Width::W64, rx);
        Ok(())
    }
}
