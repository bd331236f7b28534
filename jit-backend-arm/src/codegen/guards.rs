//! Guards.
//!
//! A guard is a test and a forward branch (`b.cond`, `cbz`/`cbnz`) to its out-of-line exit
//! stub, which stores the failargs into the word buffer and ends with a `b` to the common
//! exit; attaching a bridge retargets that `b`, so the guard's own branches never change.
//! `guard_true/false` right after a comparison use its flags (`Codegen::pending`); overflow
//! guards use the flags of the `*_ovf` op before them. `guard_not_invalidated` is a `nop`
//! until the loop is invalidated, when it becomes a `b` to its stub.
//!
//! Invariant: every operand is in a register and the test is emitted before the stub
//! captures the failarg locations (`new_stub`); nothing between the capture and the branch
//! moves a value.

use tern_jit_ir::{Kind, OpCode, OpRef};

use super::frame::{BUF, FORCE};
use super::{CgResult, Codegen, internal};
use crate::asm::{Cond, Gpr, Mem, Width};

use Width::W64;

impl Codegen<'_> {
    /// Branches to a new stub for guard `at` when `fail` holds.
    fn fail_if(&mut self, at: usize, fail: Cond) -> CgResult<()> {
        let (label, _) = self.new_stub(at)?;
        self.a.b_cond(fail, label);
        Ok(())
    }

    fn always_fail(&mut self, at: usize) -> CgResult<()> {
        let (label, _) = self.new_stub(at)?;
        self.a.b(label);
        Ok(())
    }

    /// A guard whose outcome is known at compile time.
    fn static_guard(&mut self, at: usize, passes: bool) -> CgResult<()> {
        if passes {
            self.new_stub(at)?;
            Ok(())
        } else {
            self.always_fail(at)
        }
    }

    /// Loads the word at absolute address `addr` into x16.
    fn load_abs(&mut self, addr: u64) {
        self.a.mov_imm(W64, Gpr::X16, addr);
        self.a.ldr(W64, Gpr::X16, Mem::base(Gpr::X16, 0));
    }

    pub(crate) fn guard(&mut self, at: usize, opcode: OpCode, args: &[OpRef]) -> CgResult<()> {
        use OpCode::*;
        match opcode {
            GuardTrue | GuardFalse => {
                let want = opcode == GuardTrue;
                if let Some((c, cond)) = self.pending.take()
                    && c == args[0]
                {
                    return self.fail_if(at, if want { cond.invert() } else { cond });
                }
                if let Some(bits) = self.const_bits(args[0]) {
                    return self.static_guard(at, (bits != 0) == want);
                }
                let r = self.ireg(args[0], at, &[])?;
                let (label, _) = self.new_stub(at)?;
                if want {
                    self.a.cbz(W64, r, label);
                } else {
                    self.a.cbnz(W64, r, label);
                }
                Ok(())
            }
            GuardNonnull | GuardIsnull => {
                let want_null = opcode == GuardIsnull;
                if let Some(bits) = self.const_bits(args[0]) {
                    return self.static_guard(at, (bits == 0) == want_null);
                }
                let r = self.ireg(args[0], at, &[])?;
                let (label, _) = self.new_stub(at)?;
                if want_null {
                    self.a.cbnz(W64, r, label);
                } else {
                    self.a.cbz(W64, r, label);
                }
                Ok(())
            }
            GuardValue => self.guard_value(at, args[0], args[1]),
            GuardClass | GuardNonnullClass => {
                let vt = self.input.config.layout.vtable_offset;
                let obj = self.ireg(args[0], at, &[])?;
                let cls = match self.const_bits(args[1]) {
                    Some(c) => {
                        self.a.mov_imm(W64, BUF, c);
                        BUF
                    }
                    None => self.ireg(args[1], at, &[obj])?,
                };
                let (label, _) = self.new_stub(at)?;
                if opcode == GuardNonnullClass {
                    self.a.cbz(W64, obj, label);
                }
                self.a
                    .load_far(crate::asm::LoadOp::LdrX, Gpr::X16, obj, vt as i64);
                self.a.cmp_rr(W64, Gpr::X16, cls);
                self.a.b_cond(Cond::Ne, label);
                Ok(())
            }
            GuardNoOverflow | GuardOverflow => {
                let (op, ovf) = self.pending_ovf.take().ok_or_else(|| {
                    internal(format!(
                        "overflow guard at op {at} without an *_ovf op before it"
                    ))
                })?;
                if op + 1 != at {
                    return Err(internal(format!(
                        "overflow guard at op {at} not right after its op"
                    )));
                }
                let fail = if opcode == GuardNoOverflow {
                    ovf
                } else {
                    ovf.invert()
                };
                self.fail_if(at, fail)
            }
            GuardNoException => {
                self.load_abs(self.input.config.runtime.exc_class);
                let (label, _) = self.new_stub(at)?;
                self.a.cbnz(W64, Gpr::X16, label);
                Ok(())
            }
            GuardException => self.guard_exception(at, args[0]),
            GuardNotInvalidated => {
                if self.input.invalidated {
                    return self.always_fail(at);
                }
                let (_, stub) = self.new_stub(at)?;
                let offset = self.a.offset();
                self.a.nop();
                self.stub_nop(stub, offset);
                Ok(())
            }
            GuardNotForced => {
                self.a.ldr(W64, Gpr::X16, Mem::base(Gpr::X29, FORCE));
                let (label, _) = self.new_stub(at)?;
                self.a.cbnz(W64, Gpr::X16, label);
                Ok(())
            }
            GuardAlwaysFails => self.always_fail(at),
            other => Err(internal(format!("{other} is not a guard"))),
        }
    }

    fn guard_value(&mut self, at: usize, mut a: OpRef, mut b: OpRef) -> CgResult<()> {
        if a.is_const() && !b.is_const() {
            std::mem::swap(&mut a, &mut b);
        }
        if let (Some(x), Some(y)) = (self.const_bits(a), self.const_bits(b)) {
            return self.static_guard(at, x == y);
        }
        let ra = if self.t.kind_of(a) == Kind::Float {
            let x = self.freg(a, at, &[])?;
            self.a.fmov_to_gpr(crate::asm::FpWidth::F64, Gpr::X16, x);
            Gpr::X16
        } else {
            self.ireg(a, at, &[])?
        };
        let rb = match self.const_bits(b) {
            Some(c) => {
                self.a.mov_imm(W64, BUF, c);
                BUF
            }
            None if self.t.kind_of(b) == Kind::Float => {
                let x = self.freg(b, at, &[])?;
                self.a.fmov_to_gpr(crate::asm::FpWidth::F64, BUF, x);
                BUF
            }
            None => self.ireg(b, at, &[ra])?,
        };
        self.a.cmp_rr(W64, ra, rb);
        self.fail_if(at, Cond::Ne)
    }

    fn guard_exception(&mut self, at: usize, class: OpRef) -> CgResult<()> {
        let rt = self.input.config.runtime;
        let cls = match self.const_bits(class) {
            Some(c) => {
                self.a.mov_imm(W64, BUF, c);
                BUF
            }
            None => self.ireg(class, at, &[])?,
        };
        self.load_abs(rt.exc_class);
        self.a.cmp_rr(W64, Gpr::X16, cls);
        self.fail_if(at, Cond::Ne)?;
        let d = self.t.result_of(at);
        if !self.live.uses(d).is_empty() {
            let dst = self.idef(d, at, &[])?;
            self.load_abs(rt.exc_value);
            self.a.mov_rr(W64, dst, Gpr::X16);
        }
        self.a.mov_imm(W64, Gpr::X16, rt.exc_value);
        self.a.str(W64, Gpr::Zr, Mem::base(Gpr::X16, 0));
        self.a.mov_imm(W64, Gpr::X16, rt.exc_class);
        self.a.str(W64, Gpr::Zr, Mem::base(Gpr::X16, 0));
        Ok(())
    }
}
