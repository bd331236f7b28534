//! Guards and their exit stubs.
//!
//! A guard is a test and one or two forward `jcc rel32` (or `jmp rel32`) branches to its
//! out-of-line exit stub; the branches are recorded as patch sites, so attaching a bridge
//! retargets them to the bridge. The stub stores the failargs, from the locations the
//! allocator recorded when the guard was emitted, into the word buffer and returns the
//! guard's exit number through the common exit. `guard_true/false` on a compare emitted
//! just before use that compare's flags (`Truth`); overflow guards use the flags of the
//! `*_ovf` op before them. `guard_not_invalidated` is five bytes of NOP until the loop is
//! invalidated, when they become a `jmp` to the stub (or to its bridge).
//!
//! Invariant: nothing between the capture of the failarg locations (`new_stub`) and the
//! guard's branches moves a value.

use tern_jit_ir::{Kind, OpCode, OpRef};

use super::frame::{CTX, FORCE, SCRATCH, ValLoc, header, slot_mem};
use super::regs::{IntOp, Regs, XOp};
use super::{CgResult, Codegen, Truth, internal};
use crate::asm::{AluOp, Cond, Gpr, Label, Mem, Width};

use Width::W64;

impl Codegen<'_> {
    /// Branches to the stub when the condition `truth` is not `want`.
    fn branch_unless(&mut self, truth: Truth, want: bool, label: Label, stub: usize) {
        match (truth, want) {
            (Truth::If(c), true) => {
                let site = self.a.jcc_near(c.negate(), label);
                self.stub_site(stub, site);
            }
            (Truth::If(c), false) => {
                let site = self.a.jcc_near(c, label);
                self.stub_site(stub, site);
            }
            // Fails when "not equal or unordered".
            (Truth::FloatEq, true) | (Truth::FloatNe, false) => {
                let s1 = self.a.jcc_near(Cond::Ne, label);
                let s2 = self.a.jcc_near(Cond::P, label);
                self.stub_site(stub, s1);
                self.stub_site(stub, s2);
            }
            // Fails when "equal and ordered".
            (Truth::FloatEq, false) | (Truth::FloatNe, true) => {
                let skip = self.a.new_label();
                self.a.jcc_short(Cond::P, skip);
                let site = self.a.jcc_near(Cond::E, label);
                self.stub_site(stub, site);
                self.a.bind(skip);
            }
        }
    }

    /// A guard that always fails: `jmp rel32` to its stub.
    fn always_fail(&mut self, at: usize) -> CgResult<()> {
        let (label, stub) = self.new_stub(at)?;
        let site = self.a.jmp_near(label);
        self.stub_site(stub, site);
        Ok(())
    }

    /// A guard whose outcome is known at compile time: nothing, or an unconditional exit.
    /// The stub exists either way (a bridge may still be attached to it).
    fn static_guard(&mut self, at: usize, passes: bool) -> CgResult<()> {
        if passes {
            self.new_stub(at)?;
            Ok(())
        } else {
            self.always_fail(at)
        }
    }

    /// Emits the guard at op `at`.
    pub(crate) fn guard(&mut self, at: usize, opcode: OpCode, args: &[OpRef]) -> CgResult<()> {
        use OpCode::*;
        match opcode {
            GuardTrue | GuardFalse => {
                let want = opcode == GuardTrue;
                let truth = match self.pending.take() {
                    Some((c, truth)) if c == args[0] => truth,
                    _ => match self.iop(args[0], at, &[])? {
                        IntOp::Imm(i) => return self.static_guard(at, (i != 0) == want),
                        IntOp::Reg(r) => {
                            self.a.test_rr(W64, r, r);
                            Truth::If(Cond::Ne)
                        }
                        IntOp::Mem(m) => {
                            self.a.alu_mi(AluOp::Cmp, W64, m, 0);
                            Truth::If(Cond::Ne)
                        }
                    },
                };
                let (label, stub) = self.new_stub(at)?;
                self.branch_unless(truth, want, label, stub);
                Ok(())
            }
            GuardNonnull | GuardIsnull => {
                let want_null = opcode == GuardIsnull;
                match self.iop(args[0], at, &[])? {
                    IntOp::Imm(i) => return self.static_guard(at, (i == 0) == want_null),
                    IntOp::Reg(r) => self.a.test_rr(W64, r, r),
                    IntOp::Mem(m) => self.a.alu_mi(AluOp::Cmp, W64, m, 0),
                }
                let (label, stub) = self.new_stub(at)?;
                self.branch_unless(Truth::If(Cond::E), want_null, label, stub);
                Ok(())
            }
            GuardValue => self.guard_value(at, args[0], args[1]),
            GuardClass | GuardNonnullClass => {
                let vt = self.input.config.layout.vtable_offset;
                let obj = self.ireg(args[0], at, &[])?;
                let mut keep = Regs::of(&[obj]);
                let cls = self.const_bits(args[1]);
                let cls_op = match cls.and_then(|c| i32::try_from(c as i64).ok()) {
                    Some(i) => IntOp::Imm(i),
                    None => {
                        let r = self.ireg(args[1], at, &keep)?;
                        keep.push(r);
                        IntOp::Reg(r)
                    }
                };
                let (label, stub) = self.new_stub(at)?;
                if opcode == GuardNonnullClass {
                    self.a.test_rr(W64, obj, obj);
                    let site = self.a.jcc_near(Cond::E, label);
                    self.stub_site(stub, site);
                }
                let m = Mem::base(obj, vt);
                match cls_op {
                    IntOp::Imm(i) => self.a.alu_mi(AluOp::Cmp, W64, m, i),
                    IntOp::Reg(r) => self.a.alu_rm(AluOp::Cmp, W64, r, m),
                    IntOp::Mem(_) => unreachable!("class operands are registers or immediates"),
                }
                let site = self.a.jcc_near(Cond::Ne, label);
                self.stub_site(stub, site);
                Ok(())
            }
            GuardNoOverflow | GuardOverflow => {
                let (label, stub) = self.new_stub(at)?;
                let cond = if opcode == GuardNoOverflow {
                    Cond::O
                } else {
                    Cond::No
                };
                let site = self.a.jcc_near(cond, label);
                self.stub_site(stub, site);
                Ok(())
            }
            GuardNoException => {
                self.exception_pending_test();
                let (label, stub) = self.new_stub(at)?;
                let site = self.a.jcc_near(Cond::Ne, label);
                self.stub_site(stub, site);
                Ok(())
            }
            GuardException => self.guard_exception(at, args[0]),
            GuardNotInvalidated => {
                if self.input.invalidated {
                    return self.always_fail(at);
                }
                let (_, stub) = self.new_stub(at)?;
                let offset = self.a.offset();
                self.a.nop_n(5);
                self.stub_nop(stub, offset);
                Ok(())
            }
            GuardNotForced => {
                self.a.alu_mi(AluOp::Cmp, W64, header(FORCE), 0);
                let (label, stub) = self.new_stub(at)?;
                let site = self.a.jcc_near(Cond::Ne, label);
                self.stub_site(stub, site);
                Ok(())
            }
            GuardAlwaysFails => self.always_fail(at),
            other => Err(internal(format!("{other} is not a guard"))),
        }
    }

    /// `guard_value(a, b)`: bitwise equality (floats compare their bits, as the IR's
    /// value equality does).
    fn guard_value(&mut self, at: usize, mut a: OpRef, mut b: OpRef) -> CgResult<()> {
        if a.is_const() && !b.is_const() {
            std::mem::swap(&mut a, &mut b);
        }
        if let (Some(x), Some(y)) = (self.const_bits(a), self.const_bits(b)) {
            return self.static_guard(at, x == y);
        }
        if self.t.kind_of(a) == Kind::Float {
            match self.xop(a, at, &[])? {
                XOp::Reg(x) => self.a.movq_rx(SCRATCH, x),
                XOp::Mem(m) => self.a.mov_rm(W64, SCRATCH, m),
            }
            match self.const_bits(b) {
                Some(bits) => match i32::try_from(bits as i64) {
                    Ok(i) => self.a.alu_ri(AluOp::Cmp, W64, SCRATCH, i),
                    Err(_) => {
                        let m = self.pool_const(bits, false);
                        self.a.alu_rm(AluOp::Cmp, W64, SCRATCH, m);
                    }
                },
                None => {
                    let s = self.xmm.ensure_slot(b, &mut self.slots, &mut self.xm);
                    self.flush();
                    self.a.alu_rm(AluOp::Cmp, W64, SCRATCH, slot_mem(s));
                }
            }
        } else {
            let aop = self.iop(a, at, &[])?;
            let mut keep = Regs::gpr();
            if let IntOp::Reg(r) = aop {
                keep.push(r);
            }
            let bop = self.iop(b, at, &keep)?;
            match (aop, bop) {
                (IntOp::Reg(x), IntOp::Reg(y)) => self.a.alu_rr(AluOp::Cmp, W64, x, y),
                (IntOp::Reg(x), IntOp::Mem(m)) => self.a.alu_rm(AluOp::Cmp, W64, x, m),
                (IntOp::Reg(x), IntOp::Imm(i)) => self.a.alu_ri(AluOp::Cmp, W64, x, i),
                (IntOp::Mem(m), IntOp::Reg(y)) => self.a.alu_mr(AluOp::Cmp, W64, m, y),
                (IntOp::Mem(m), IntOp::Imm(i)) => self.a.alu_mi(AluOp::Cmp, W64, m, i),
                (IntOp::Mem(m), IntOp::Mem(n)) => {
                    self.a.mov_rm(W64, SCRATCH, m);
                    self.a.alu_rm(AluOp::Cmp, W64, SCRATCH, n);
                }
                (IntOp::Imm(_), _) => return Err(internal("guard_value on a constant")),
            }
        }
        let (label, stub) = self.new_stub(at)?;
        self.branch_unless(Truth::If(Cond::E), true, label, stub);
        Ok(())
    }

    /// `guard_exception(class)`: the pending exception must be of exactly this class; the
    /// result is the exception object, and both cells are cleared.
    fn guard_exception(&mut self, at: usize, class: OpRef) -> CgResult<()> {
        let rt = self.input.config.runtime;
        let cls = match self
            .const_bits(class)
            .and_then(|c| i32::try_from(c as i64).ok())
        {
            Some(i) => IntOp::Imm(i),
            None => IntOp::Reg(self.ireg(class, at, &[])?),
        };
        let m = self.abs_mem(rt.exc_class);
        match cls {
            IntOp::Imm(i) => self.a.alu_mi(AluOp::Cmp, W64, m, i),
            IntOp::Reg(r) => self.a.alu_rm(AluOp::Cmp, W64, r, m),
            IntOp::Mem(_) => unreachable!("class operands are registers or immediates"),
        }
        let (label, stub) = self.new_stub(at)?;
        let site = self.a.jcc_near(Cond::Ne, label);
        self.stub_site(stub, site);
        let d = self.t.result_of(at);
        if self.live.uses(d).is_empty() {
            let m = self.abs_mem(rt.exc_value);
            self.a.mov_mi(W64, m, 0);
        } else {
            let dst = self.idef(d, at, &[])?;
            let m = self.abs_mem(rt.exc_value);
            self.a.mov_rm(W64, dst, m);
            self.a.mov_mi(W64, m, 0);
        }
        let m = self.abs_mem(rt.exc_class);
        self.a.mov_mi(W64, m, 0);
        Ok(())
    }

    /// The body of an exit stub: store the failargs into the word buffer, return the
    /// exit number.
    pub(crate) fn emit_stub_body(&mut self, exit_no: u32, locs: &[ValLoc]) {
        if !locs.is_empty() {
            self.a.mov_rm(W64, SCRATCH, header(CTX));
            // Registers first: RAX is free to carry slot values afterwards.
            for (k, &loc) in locs.iter().enumerate() {
                let dst = Mem::base(SCRATCH, 8 * k as i32);
                match loc {
                    ValLoc::Gpr(r) => self.a.mov_mr(W64, dst, r),
                    ValLoc::Xmm(x) => self.a.movsd_mr(dst, x),
                    ValLoc::Slot(_) => {}
                }
            }
            for (k, &loc) in locs.iter().enumerate() {
                if let ValLoc::Slot(s) = loc {
                    self.a.mov_rm(W64, Gpr::Rax, slot_mem(s));
                    self.a
                        .mov_mr(W64, Mem::base(SCRATCH, 8 * k as i32), Gpr::Rax);
                }
            }
        }
        self.a.mov_ri(Width::W32, Gpr::Rax, exit_no as i64);
        self.a.jmp(self.exit_common);
    }
}
