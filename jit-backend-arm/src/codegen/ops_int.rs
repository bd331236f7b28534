//! Integer and reference arithmetic, shifts, comparisons and copies.
//!
//! Three-operand forms: operands in registers (constants as 12-bit immediates for
//! `add`/`sub`/`cmp`, as bitmask immediates for logic ops, else in a temporary), the result
//! in a fresh register. Overflow checks: `adds`/`subs` set V; for `int_mul_ovf` the
//! high half from `smulh` is compared with the sign of the low half (`cmp hi, lo, asr #63`:
//! NE means overflow). Comparisons `cmp` + `cset`, leaving the flags for a guard right
//! after them. Division checks for 0 and `MIN / -1` and abandons the execution, as the IR
//! interpreter does.

use tern_jit_ir::{OpCode, OpRef};

use super::{CgResult, Codegen, exit_code};
use crate::asm::{AddSubOp, Cond, Gpr, LogicOp, Shift, Width, is_bitmask_imm};

use Width::W64;

/// An immediate usable by `add`/`sub`: (negated?, imm12 or imm12 << 12).
fn addsub_imm(v: i64) -> Option<(bool, u32)> {
    let fits = |u: u64| u < 4096 || (u & 0xfff == 0 && u < (4096 << 12));
    if v >= 0 && fits(v as u64) {
        Some((false, v as u32))
    } else if v < 0 && v != i64::MIN && fits(v.unsigned_abs()) {
        Some((true, v.unsigned_abs() as u32))
    } else {
        None
    }
}

impl Codegen<'_> {
    pub(crate) fn int_binop(
        &mut self,
        at: usize,
        opcode: OpCode,
        mut x: OpRef,
        mut y: OpRef,
    ) -> CgResult<()> {
        use OpCode::*;
        let d = self.t.result_of(at);
        if opcode.is_commutative() && x.is_const() && !y.is_const() {
            std::mem::swap(&mut x, &mut y);
        }
        let rx = self.ireg(x, at, &[])?;
        // Immediate forms.
        if let Some(c) = self.const_bits(y) {
            match opcode {
                IntAdd | IntSub | IntAddOvf | IntSubOvf => {
                    let v = c as i64;
                    let neg_op = matches!(opcode, IntSub | IntSubOvf);
                    if let Some((negated, imm)) = addsub_imm(v) {
                        let sub = negated != neg_op;
                        let flags = matches!(opcode, IntAddOvf | IntSubOvf);
                        let op = match (sub, flags) {
                            (false, false) => AddSubOp::Add,
                            (true, false) => AddSubOp::Sub,
                            (false, true) => AddSubOp::Adds,
                            (true, true) => AddSubOp::Subs,
                        };
                        // `x - c` as `x + (-c)` overflows differently only for c = MIN,
                        // which `addsub_imm` never accepts.
                        let rd = self.idef_reuse(d, at, &[x], &[rx])?;
                        self.a.addsub_imm(op, W64, rd, rx, imm);
                        if flags {
                            self.pending_ovf = Some((at, Cond::Vs));
                        }
                        return Ok(());
                    }
                }
                IntAnd | IntOr | IntXor if is_bitmask_imm(c, W64) => {
                    let op = match opcode {
                        IntAnd => LogicOp::And,
                        IntOr => LogicOp::Orr,
                        _ => LogicOp::Eor,
                    };
                    let rd = self.idef_reuse(d, at, &[x], &[rx])?;
                    self.a.logic_imm(op, W64, rd, rx, c);
                    return Ok(());
                }
                _ => {}
            }
        }
        let ry = self.ireg(y, at, &[rx])?;
        let rd = self.idef_reuse(d, at, &[x, y], &[rx, ry])?;
        match opcode {
            IntAdd => self.a.add_rr(W64, rd, rx, ry),
            IntSub => self.a.sub_rr(W64, rd, rx, ry),
            IntMul => self.a.mul(W64, rd, rx, ry),
            IntAnd => self.a.logic_rr(LogicOp::And, W64, rd, rx, ry),
            IntOr => self.a.logic_rr(LogicOp::Orr, W64, rd, rx, ry),
            IntXor => self.a.logic_rr(LogicOp::Eor, W64, rd, rx, ry),
            IntAddOvf => {
                self.a.addsub_rr(AddSubOp::Adds, W64, rd, rx, ry);
                self.pending_ovf = Some((at, Cond::Vs));
            }
            IntSubOvf => {
                self.a.addsub_rr(AddSubOp::Subs, W64, rd, rx, ry);
                self.pending_ovf = Some((at, Cond::Vs));
            }
            IntMulOvf => {
                self.a.smulh(Gpr::X16, rx, ry);
                self.a.mul(W64, rd, rx, ry);
                self.a
                    .addsub_shifted(AddSubOp::Subs, W64, Gpr::Zr, Gpr::X16, rd, Shift::Asr, 63);
                self.pending_ovf = Some((at, Cond::Ne));
            }
            other => return Err(super::internal(format!("{other} is not a binop"))),
        }
        Ok(())
    }

    pub(crate) fn int_divrem(&mut self, at: usize, rem: bool, x: OpRef, y: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let rx = self.ireg(x, at, &[])?;
        let ry = self.ireg(y, at, &[rx])?;
        let zero = self.abort_label(exit_code::ABORT_DIV_ZERO);
        let ovf = self.abort_label(exit_code::ABORT_DIV_OVERFLOW);
        self.a.cbz(W64, ry, zero);
        let ok = self.a.new_label();
        self.a.cmn_imm(W64, ry, 1);
        self.a.b_cond(Cond::Ne, ok);
        self.a.mov_imm(W64, Gpr::X16, i64::MIN as u64);
        self.a.cmp_rr(W64, rx, Gpr::X16);
        self.a.b_cond(Cond::Eq, ovf);
        self.a.bind(ok);
        let rd = self.idef_reuse(d, at, &[x, y], &[rx, ry])?;
        if rem {
            self.a.sdiv(W64, Gpr::X16, rx, ry);
            self.a.msub(W64, rd, Gpr::X16, ry, rx);
        } else {
            self.a.sdiv(W64, rd, rx, ry);
        }
        Ok(())
    }

    pub(crate) fn shift(&mut self, at: usize, opcode: OpCode, x: OpRef, y: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let op = match opcode {
            OpCode::IntLshift => Shift::Lsl,
            OpCode::IntRshift => Shift::Asr,
            _ => Shift::Lsr,
        };
        let rx = self.ireg(x, at, &[])?;
        if let Some(c) = self.const_bits(y) {
            let rd = self.idef_reuse(d, at, &[x], &[rx])?;
            let amount = (c & 63) as u8;
            if amount == 0 {
                self.a.mov_rr(W64, rd, rx);
            } else {
                self.a.shift_imm(op, W64, rd, rx, amount);
            }
            return Ok(());
        }
        let ry = self.ireg(y, at, &[rx])?;
        let rd = self.idef_reuse(d, at, &[x, y], &[rx, ry])?;
        // lslv/asrv/lsrv use the amount modulo 64, like the IR.
        self.a.shift_rr(op, W64, rd, rx, ry);
        Ok(())
    }

    pub(crate) fn int_unary(&mut self, at: usize, opcode: OpCode, x: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let rx = self.ireg(x, at, &[])?;
        let rd = self.idef_reuse(d, at, &[x], &[rx])?;
        if opcode == OpCode::IntNeg {
            self.a.neg(W64, rd, rx);
        } else {
            self.a.mvn(W64, rd, rx);
        }
        Ok(())
    }

    pub(crate) fn int_compare(
        &mut self,
        at: usize,
        opcode: OpCode,
        args: &[OpRef],
    ) -> CgResult<()> {
        use OpCode::*;
        let d = self.t.result_of(at);
        let cond = match opcode {
            IntIsZero => Cond::Eq,
            IntIsTrue => Cond::Ne,
            IntLt => Cond::Lt,
            IntLe => Cond::Le,
            IntGt => Cond::Gt,
            IntGe => Cond::Ge,
            IntEq | PtrEq => Cond::Eq,
            IntNe | PtrNe => Cond::Ne,
            UintLt => Cond::Lo,
            UintLe => Cond::Ls,
            UintGt => Cond::Hi,
            _ => Cond::Hs,
        };
        let rx = self.ireg(args[0], at, &[])?;
        let mut keep = vec![rx];
        if args.len() == 1 {
            self.a.cmp_imm(W64, rx, 0);
        } else {
            match self.const_bits(args[1]).and_then(|c| addsub_imm(c as i64)) {
                Some((false, imm)) => self.a.cmp_imm(W64, rx, imm),
                Some((true, imm)) => self.a.cmn_imm(W64, rx, imm),
                None => {
                    let ry = self.ireg(args[1], at, &[rx])?;
                    keep.push(ry);
                    self.a.cmp_rr(W64, rx, ry);
                }
            }
        }
        if !self.only_guarded(d, at) {
            let rd = self.idef(d, at, &keep)?;
            self.a.cset(W64, rd, cond);
        }
        self.pending = Some((d, cond));
        Ok(())
    }

    /// Whether the compare result `d` of op `at` is used only as the condition of the
    /// `guard_true`/`guard_false` right after it (which then reads the flags, so the
    /// value itself is never materialised).
    pub(crate) fn only_guarded(&self, d: OpRef, at: usize) -> bool {
        let t = self.t;
        let next = at + 1;
        next < t.len()
            && matches!(t.op(next).opcode, OpCode::GuardTrue | OpCode::GuardFalse)
            && t.args_at(next).first() == Some(&d)
            && !t.failargs(next).contains(&d)
            && self.live.uses(d) == [next as u32]
    }

    pub(crate) fn int_copy(&mut self, at: usize, x: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let rx = self.ireg(x, at, &[])?;
        let rd = self.idef(d, at, &[rx])?;
        self.a.mov_rr(W64, rd, rx);
        Ok(())
    }

    pub(crate) fn force_token(&mut self, at: usize) -> CgResult<()> {
        let d = self.t.result_of(at);
        let rd = self.idef(d, at, &[])?;
        self.a
            .sub_imm(W64, rd, Gpr::X29, (-super::frame::FORCE) as u32);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::addsub_imm;

    #[test]
    fn add_sub_immediates() {
        assert_eq!(addsub_imm(0), Some((false, 0)));
        assert_eq!(addsub_imm(4095), Some((false, 4095)));
        assert_eq!(addsub_imm(4096), Some((false, 4096)));
        assert_eq!(addsub_imm(4097), None);
        assert_eq!(addsub_imm(-1), Some((true, 1)));
        assert_eq!(addsub_imm(-4096 * 4095), Some((true, 4096 * 4095)));
        assert_eq!(addsub_imm(4096 * 4096), None);
        assert_eq!(addsub_imm(i64::MIN), None);
    }
}
