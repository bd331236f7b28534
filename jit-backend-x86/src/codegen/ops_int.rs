//! Integer and reference operations: two-address arithmetic with register reuse,
//! immediates where they fit, overflow-checked forms (the flags feed the next guard),
//! division with its preconditions checked (never a hardware trap), shifts through CL,
//! comparisons that either feed the next guard directly or materialize 0/1, copies.
//!
//! Invariant: an op whose flags a following guard consumes emits nothing that changes the
//! flags after the flag-setting instruction.

use tern_jit_ir::{OpCode, OpRef};

use super::frame::{FORCE, header};
use super::regs::{IntOp, Regs};
use super::{CgResult, Codegen, Ool, Truth, exit_code};
use crate::asm::{AluOp, Cond, Gpr, Mem, ShiftOp, UnaryOp, Width};

use Width::W64;

impl Codegen<'_> {
    /// Would `v` die at op `at` while sitting in a register (so its register can be
    /// reused for the result)?
    fn dies_in_reg(&self, v: OpRef, at: usize) -> bool {
        !v.is_const() && !self.live_after(v, at) && self.gpr.reg(v).is_some()
    }

    /// `d = a OP b` for add/sub/mul/and/or/xor and their overflow-checked forms.
    pub(crate) fn int_binop(
        &mut self,
        at: usize,
        opcode: OpCode,
        mut a: OpRef,
        mut b: OpRef,
    ) -> CgResult<()> {
        use OpCode::*;
        let d = self.t.result_of(at);
        let ovf = opcode.is_ovf();
        let alu = match opcode {
            IntAdd | IntAddOvf => Some(AluOp::Add),
            IntSub | IntSubOvf => Some(AluOp::Sub),
            IntAnd => Some(AluOp::And),
            IntOr => Some(AluOp::Or),
            IntXor => Some(AluOp::Xor),
            _ => None, // multiplication
        };
        if opcode.is_commutative()
            && ((a.is_const() && !b.is_const())
                || (!self.dies_in_reg(a, at) && self.dies_in_reg(b, at)))
        {
            std::mem::swap(&mut a, &mut b);
        }
        // `d = a + imm` (or `- imm`) without a copy when `a` lives on: lea.
        if !ovf
            && matches!(opcode, IntAdd | IntSub)
            && let Some(imm) = self.const_bits(b).map(|x| x as i64)
            && let Some(ra) = self.gpr.reg(a)
            && self.live_after(a, at)
        {
            let disp = if opcode == IntAdd {
                imm
            } else {
                imm.wrapping_neg()
            };
            if let Ok(disp) = i32::try_from(disp) {
                let dst = self.idef(d, at, &[ra])?;
                self.a.lea(W64, dst, Mem::base(ra, disp));
                return Ok(());
            }
        }
        // `d = a * imm`: three-operand imul.
        if alu.is_none()
            && !a.is_const()
            && let Some(imm) = self
                .const_bits(b)
                .and_then(|x| i32::try_from(x as i64).ok())
        {
            let src = self.iop(a, at, &[])?;
            let mut keep = Regs::gpr();
            if let IntOp::Reg(r) = src {
                keep.push(r);
            }
            let kind = self.t.kind_of(d);
            let dst = match self.gpr.take_over(a, d, kind, at, &self.live) {
                Some(r) => r,
                None => self.idef(d, at, &keep)?,
            };
            match src {
                IntOp::Reg(r) => self.a.imul_rri(W64, dst, r, imm),
                IntOp::Mem(m) => self.a.imul_rmi(W64, dst, m, imm),
                IntOp::Imm(_) => return Err(super::internal("imul of two constants")),
            }
            return Ok(());
        }
        let bop = self.iop(b, at, &[])?;
        let mut keep = Regs::gpr();
        if let IntOp::Reg(r) = bop {
            keep.push(r);
        }
        let dst = self.idef_from(d, a, at, &keep)?;
        match (alu, bop) {
            (Some(op), IntOp::Reg(r)) => self.a.alu_rr(op, W64, dst, r),
            (Some(op), IntOp::Mem(m)) => self.a.alu_rm(op, W64, dst, m),
            (Some(op), IntOp::Imm(i)) => self.a.alu_ri(op, W64, dst, i),
            (None, IntOp::Reg(r)) => self.a.imul_rr(W64, dst, r),
            (None, IntOp::Mem(m)) => self.a.imul_rm(W64, dst, m),
            (None, IntOp::Imm(i)) => self.a.imul_rri(W64, dst, dst, i),
        }
        Ok(())
    }

    /// `int_div`/`int_rem` with `idiv`, after checking the preconditions the IR leaves to
    /// its producer (a zero divisor, `MIN / -1`): violating them abandons the execution
    /// with an error instead of raising SIGFPE.
    pub(crate) fn int_divrem(&mut self, at: usize, rem: bool, a: OpRef, b: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let divisor = self.const_bits(b).map(|x| x as i64);
        if divisor == Some(0) {
            let abort = self.abort_label(exit_code::ABORT_DIV_ZERO);
            self.a.jmp_near(abort);
            // Unreachable, but the result must exist for the ops after it.
            let r = self.idef(d, at, &[])?;
            self.a.alu_rr(AluOp::Xor, Width::W32, r, r);
            return Ok(());
        }
        // The divisor must end up outside RAX/RDX (or in memory).
        let fixed = [Gpr::Rax, Gpr::Rdx];
        let bop = match divisor {
            Some(k) => {
                let r = self.itemp(at, &fixed)?;
                self.a.mov_ri(W64, r, k);
                IntOp::Reg(r)
            }
            None => match self.gpr.reg(b) {
                Some(r) if fixed.contains(&r) => {
                    let t = self.itemp(at, &fixed)?;
                    self.gpr
                        .use_in(b, t, at, &self.live, &mut self.slots, &mut self.gm);
                    self.flush();
                    IntOp::Reg(t)
                }
                Some(r) => IntOp::Reg(r),
                None => self.iop(b, at, &fixed)?,
            },
        };
        // The dividend goes into RAX as a copy: it keeps its own register (no spill when
        // it lives on). Its operand is read before RAX/RDX are released, so it stays
        // readable from wherever it is.
        let mut keep = Regs::of(&fixed);
        if let IntOp::Reg(r) = bop {
            keep.push(r);
        }
        let aop = self.iop(a, at, &keep)?;
        self.irelease(Gpr::Rax, at);
        self.irelease(Gpr::Rdx, at);
        match aop {
            IntOp::Reg(Gpr::Rax) => {}
            IntOp::Reg(r) => self.a.mov_rr(W64, Gpr::Rax, r),
            IntOp::Mem(m) => self.a.mov_rm(W64, Gpr::Rax, m),
            IntOp::Imm(i) => self.a.mov_ri(W64, Gpr::Rax, i as i64),
        }
        if divisor.is_none() {
            let zero = self.abort_label(exit_code::ABORT_DIV_ZERO);
            match bop {
                IntOp::Reg(r) => {
                    self.a.test_rr(W64, r, r);
                    self.a.jcc(Cond::E, zero);
                    self.a.alu_ri(AluOp::Cmp, W64, r, -1);
                }
                IntOp::Mem(m) => {
                    self.a.alu_mi(AluOp::Cmp, W64, m, 0);
                    self.a.jcc(Cond::E, zero);
                    self.a.alu_mi(AluOp::Cmp, W64, m, -1);
                }
                IntOp::Imm(_) => unreachable!("constant divisors are in a register"),
            }
            let entry = self.a.new_label();
            let back = self.a.new_label();
            self.a.jcc(Cond::E, entry);
            self.emit_idiv(bop);
            self.a.bind(back);
            self.ools.push(Ool::DivByMinusOne { entry, back, rem });
        } else if divisor == Some(-1) {
            let ovf = self.abort_label(exit_code::ABORT_DIV_OVERFLOW);
            self.a.unary_r(UnaryOp::Neg, W64, Gpr::Rax);
            self.a.jcc(Cond::O, ovf);
            if rem {
                self.a.alu_rr(AluOp::Xor, Width::W32, Gpr::Rdx, Gpr::Rdx);
            }
        } else {
            self.emit_idiv(bop);
        }
        self.idef_in(d, if rem { Gpr::Rdx } else { Gpr::Rax }, at);
        Ok(())
    }

    fn emit_idiv(&mut self, divisor: IntOp) {
        self.a.cqo();
        match divisor {
            IntOp::Reg(r) => self.a.unary_r(UnaryOp::Idiv, W64, r),
            IntOp::Mem(m) => self.a.unary_m(UnaryOp::Idiv, W64, m),
            IntOp::Imm(_) => unreachable!("constant divisors are in a register"),
        }
    }

    /// The out-of-line path of a division by -1 (the dividend is in RAX).
    pub(crate) fn emit_div_by_minus_one(
        &mut self,
        entry: crate::asm::Label,
        back: crate::asm::Label,
        rem: bool,
    ) {
        self.a.bind(entry);
        let ovf = self.abort_label(exit_code::ABORT_DIV_OVERFLOW);
        self.a.unary_r(UnaryOp::Neg, W64, Gpr::Rax);
        self.a.jcc(Cond::O, ovf);
        if rem {
            self.a.alu_rr(AluOp::Xor, Width::W32, Gpr::Rdx, Gpr::Rdx);
        }
        self.a.jmp(back);
    }

    /// Shifts; the count is taken modulo 64 (as x86 does for 64-bit shifts).
    pub(crate) fn shift(&mut self, at: usize, opcode: OpCode, a: OpRef, b: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let op = match opcode {
            OpCode::IntLshift => ShiftOp::Shl,
            OpCode::IntRshift => ShiftOp::Sar,
            _ => ShiftOp::Shr,
        };
        if let Some(c) = self.const_bits(b) {
            let dst = self.idef_from(d, a, at, &[])?;
            let c = (c & 63) as u8;
            if c != 0 {
                self.a.shift_ri(op, W64, dst, c);
            }
            return Ok(());
        }
        self.iuse_in(b, Gpr::Rcx, at);
        let dst = self.idef_from(d, a, at, &[Gpr::Rcx])?;
        self.a.shift_rcl(op, W64, dst);
        Ok(())
    }

    /// `int_neg`, `int_invert`.
    pub(crate) fn int_unary(&mut self, at: usize, opcode: OpCode, a: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        let dst = self.idef_from(d, a, at, &[])?;
        let op = if opcode == OpCode::IntNeg {
            UnaryOp::Neg
        } else {
            UnaryOp::Not
        };
        self.a.unary_r(op, W64, dst);
        Ok(())
    }

    /// A copy under a new name (`same_as_*`, pointer/int casts): free when the source dies.
    pub(crate) fn int_copy(&mut self, at: usize, a: OpRef) -> CgResult<()> {
        let d = self.t.result_of(at);
        self.idef_from(d, a, at, &[])?;
        Ok(())
    }

    /// `force_token`: the address of the frame's force word.
    pub(crate) fn force_token(&mut self, at: usize) -> CgResult<()> {
        let d = self.t.result_of(at);
        let dst = self.idef(d, at, &[])?;
        self.a.lea(W64, dst, header(FORCE));
        Ok(())
    }

    /// Can the boolean result of op `at` go straight into the guard after it?
    pub(crate) fn fusable(&self, at: usize) -> bool {
        let t = self.t;
        let d = t.result_of(at);
        let next = at + 1;
        next < t.len()
            && matches!(t.op(next).opcode, OpCode::GuardTrue | OpCode::GuardFalse)
            && t.args_at(next).first() == Some(&d)
            && self.live.uses(d) == [next as u32]
            && !t.failargs(next).contains(&d)
    }

    /// Emits `cmp a, b` (or `test a, a` when `b` is `None`) and returns the condition that
    /// holds when `a COND b`, adjusted if the operands had to be swapped.
    fn emit_int_cmp(
        &mut self,
        at: usize,
        a: OpRef,
        b: Option<OpRef>,
        cond: Cond,
        keep0: &[Gpr],
    ) -> CgResult<Cond> {
        let aop = self.iop(a, at, keep0)?;
        let mut keep = Regs::of(keep0);
        if let IntOp::Reg(r) = aop {
            keep.push(r);
        }
        let Some(b) = b else {
            match aop {
                IntOp::Reg(r) => self.a.test_rr(W64, r, r),
                IntOp::Mem(m) => self.a.alu_mi(AluOp::Cmp, W64, m, 0),
                IntOp::Imm(i) => {
                    let r = self.iconst_reg(i as i64, at, &keep)?;
                    keep.push(r);
                    self.a.test_rr(W64, r, r);
                }
            }
            return Ok(cond);
        };
        let bop = self.iop(b, at, &keep)?;
        if let IntOp::Reg(r) = bop {
            keep.push(r);
        }
        let mut cond = cond;
        match (aop, bop) {
            (IntOp::Reg(x), IntOp::Reg(y)) => self.a.alu_rr(AluOp::Cmp, W64, x, y),
            (IntOp::Reg(x), IntOp::Mem(m)) => self.a.alu_rm(AluOp::Cmp, W64, x, m),
            (IntOp::Reg(x), IntOp::Imm(i)) => self.a.alu_ri(AluOp::Cmp, W64, x, i),
            (IntOp::Mem(m), IntOp::Reg(y)) => self.a.alu_mr(AluOp::Cmp, W64, m, y),
            (IntOp::Mem(m), IntOp::Imm(i)) => self.a.alu_mi(AluOp::Cmp, W64, m, i),
            (IntOp::Imm(i), IntOp::Reg(y)) => {
                self.a.alu_ri(AluOp::Cmp, W64, y, i);
                cond = cond.swap_operands();
            }
            (IntOp::Imm(i), IntOp::Mem(m)) => {
                self.a.alu_mi(AluOp::Cmp, W64, m, i);
                cond = cond.swap_operands();
            }
            (IntOp::Mem(m), IntOp::Mem(n)) => {
                let r = self.itemp(at, &keep)?;
                keep.push(r);
                self.a.mov_rm(W64, r, m);
                self.a.alu_rm(AluOp::Cmp, W64, r, n);
            }
            (IntOp::Imm(i), IntOp::Imm(j)) => {
                let r = self.iconst_reg(i as i64, at, &keep)?;
                keep.push(r);
                self.a.alu_ri(AluOp::Cmp, W64, r, j);
            }
        }
        Ok(cond)
    }

    /// Integer and pointer comparisons, `int_is_zero`, `int_is_true`.
    pub(crate) fn int_compare(
        &mut self,
        at: usize,
        opcode: OpCode,
        args: &[OpRef],
    ) -> CgResult<()> {
        use OpCode::*;
        let cond = match opcode {
            IntIsZero | IntEq | PtrEq => Cond::E,
            IntIsTrue | IntNe | PtrNe => Cond::Ne,
            IntLt => Cond::L,
            IntLe => Cond::Le,
            IntGt => Cond::G,
            IntGe => Cond::Ge,
            UintLt => Cond::B,
            UintLe => Cond::Be,
            UintGt => Cond::A,
            _ => Cond::Ae,
        };
        let b = args.get(1).copied();
        let d = self.t.result_of(at);
        if self.fusable(at) {
            let cond = self.emit_int_cmp(at, args[0], b, cond, &[])?;
            self.pending = Some((d, Truth::If(cond)));
            return Ok(());
        }
        // Materialize: clear the result register before the compare (no partial-register
        // merge), then set its low byte from the flags.
        let mut keep = Regs::gpr();
        for &v in args {
            if let Some(r) = self.gpr.reg(v) {
                keep.push(r);
            }
        }
        let dst = self.idef(d, at, &keep)?;
        self.a.alu_rr(AluOp::Xor, Width::W32, dst, dst);
        let cond = self.emit_int_cmp(at, args[0], b, cond, &[dst])?;
        self.a.setcc_r(cond, dst);
        Ok(())
    }
}
