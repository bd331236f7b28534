//! Getting values into registers: the glue between the op emitters and jit-ir's
//! `RegAlloc` (one for `x` registers, one for `d` registers, one shared `FrameSlots`).
//!
//! Every allocator request may produce spill/reload/copy moves; they are emitted right
//! away ([`Codegen::flush`]), before the instruction that needs the operand, so the
//! machine state always matches the allocator's records. Constants never occupy an
//! allocated register across ops: they become immediates where an emitter can use one,
//! or a temporary register for this op only.
//!
//! Invariant for callers: registers already obtained for the current op must be passed
//! in `keep` to later requests of the same op, so the allocator does not evict them.

use tern_jit_ir::backend_support::{Location, Move, NoRegister};
use tern_jit_ir::{BackendError, Kind, OpRef};

use super::frame::{ValLoc, slot_mem};
use super::{CgResult, Codegen, internal};
use crate::asm::{FpWidth, Fpr, Gpr, Width};

fn no_reg(e: NoRegister) -> BackendError {
    internal(e)
}

impl Codegen<'_> {
    /// Emits the moves the allocators asked for.
    pub(crate) fn flush(&mut self) {
        if !self.gm.is_empty() {
            let mut moves = std::mem::take(&mut self.gm);
            for m in moves.drain(..) {
                match m {
                    Move::Spill { reg, slot, .. } => self.a.str(Width::W64, reg, slot_mem(slot)),
                    Move::Reload { slot, reg, .. } => self.a.ldr(Width::W64, reg, slot_mem(slot)),
                    Move::Copy { from, to, .. } => self.a.mov_rr(Width::W64, to, from),
                }
            }
            self.gm = moves;
        }
        if !self.fm.is_empty() {
            let mut moves = std::mem::take(&mut self.fm);
            for m in moves.drain(..) {
                match m {
                    Move::Spill { reg, slot, .. } => {
                        self.a.store_fp(FpWidth::F64, reg, slot_mem(slot))
                    }
                    Move::Reload { slot, reg, .. } => {
                        self.a.load_fp(FpWidth::F64, reg, slot_mem(slot))
                    }
                    Move::Copy { from, to, .. } => self.a.fmov_rr(FpWidth::F64, to, from),
                }
            }
            self.fm = moves;
        }
    }

    /// The constant bits of `v`, if it is a constant.
    pub(crate) fn const_bits(&self, v: OpRef) -> Option<u64> {
        self.t.as_const(v).map(tern_jit_ir::Value::bits)
    }

    /// Where `v` is now (a register if it is in one), or its constant bits.
    pub(crate) fn val_loc(&self, v: OpRef) -> Option<ValLoc> {
        if let Some(bits) = self.const_bits(v) {
            return Some(ValLoc::Const(bits));
        }
        if self.t.kind_of(v) == Kind::Float {
            match self.fpr.location(v)? {
                Location::Reg(x) => Some(ValLoc::Fpr(x)),
                Location::Slot(s) => Some(ValLoc::Slot(s)),
            }
        } else {
            match self.gpr.location(v)? {
                Location::Reg(r) => Some(ValLoc::Gpr(r)),
                Location::Slot(s) => Some(ValLoc::Slot(s)),
            }
        }
    }

    // ---- general-purpose registers ----

    /// `v` (int or ref) in a register; a constant goes into a temporary.
    pub(crate) fn ireg(&mut self, v: OpRef, at: usize, keep: &[Gpr]) -> CgResult<Gpr> {
        if let Some(bits) = self.const_bits(v) {
            return self.iconst_reg(bits, at, keep);
        }
        let r = self
            .gpr
            .use_in_reg(v, at, &self.live, keep, &mut self.slots, &mut self.gm)
            .map_err(no_reg)?;
        self.flush();
        Ok(r)
    }

    /// `v` in a register, with `xzr` standing for the constant 0 (store sources).
    pub(crate) fn ireg_or_zr(&mut self, v: OpRef, at: usize, keep: &[Gpr]) -> CgResult<Gpr> {
        if self.const_bits(v) == Some(0) {
            return Ok(Gpr::Zr);
        }
        self.ireg(v, at, keep)
    }

    /// A temporary register holding `value` for op `at`.
    pub(crate) fn iconst_reg(&mut self, value: u64, at: usize, keep: &[Gpr]) -> CgResult<Gpr> {
        let r = self.itemp(at, keep)?;
        self.a.mov_imm(Width::W64, r, value);
        Ok(r)
    }

    /// A temporary general-purpose register for op `at`.
    pub(crate) fn itemp(&mut self, at: usize, keep: &[Gpr]) -> CgResult<Gpr> {
        let r = self
            .gpr
            .temp(at, &self.live, keep, &mut self.slots, &mut self.gm)
            .map_err(no_reg)?;
        self.flush();
        Ok(r)
    }

    /// A register for the new int/ref value `v` defined by op `at`.
    pub(crate) fn idef(&mut self, v: OpRef, at: usize, keep: &[Gpr]) -> CgResult<Gpr> {
        let kind = self.t.kind_of(v);
        let r = self
            .gpr
            .define(v, kind, at, &self.live, keep, &mut self.slots, &mut self.gm)
            .map_err(no_reg)?;
        self.flush();
        Ok(r)
    }

    /// A register for `d`, defined by op `at` from `srcs` (already in registers): the
    /// register of a source that dies here when there is one (A64 instructions read
    /// their sources before writing, so `add x1, x1, x2` is fine), else a fresh one.
    pub(crate) fn idef_reuse(
        &mut self,
        d: OpRef,
        at: usize,
        srcs: &[OpRef],
        keep: &[Gpr],
    ) -> CgResult<Gpr> {
        let kind = self.t.kind_of(d);
        for &v in srcs {
            if !v.is_const()
                && let Some(r) = self.gpr.take_over(v, d, kind, at, &self.live)
            {
                return Ok(r);
            }
        }
        self.idef(d, at, keep)
    }

    /// Like [`Codegen::idef_reuse`] for floats.
    pub(crate) fn fdef_reuse(
        &mut self,
        d: OpRef,
        at: usize,
        srcs: &[OpRef],
        keep: &[Fpr],
    ) -> CgResult<Fpr> {
        for &v in srcs {
            if !v.is_const()
                && self.t.kind_of(v) == Kind::Float
                && let Some(r) = self.fpr.take_over(v, d, Kind::Float, at, &self.live)
            {
                return Ok(r);
            }
        }
        self.fdef(d, at, keep)
    }

    /// Puts the new value `v` in register `r` (a call result).
    pub(crate) fn idef_in(&mut self, v: OpRef, r: Gpr, at: usize) {
        let kind = self.t.kind_of(v);
        self.gpr
            .define_in(v, kind, r, at, &self.live, &mut self.slots, &mut self.gm);
        self.flush();
    }

    // ---- floating-point registers ----

    /// `v` (float) in a register; a constant goes into a temporary.
    pub(crate) fn freg(&mut self, v: OpRef, at: usize, keep: &[Fpr]) -> CgResult<Fpr> {
        if let Some(bits) = self.const_bits(v) {
            let r = self.ftemp(at, keep)?;
            self.load_float_const(r, bits);
            return Ok(r);
        }
        let r = self
            .fpr
            .use_in_reg(v, at, &self.live, keep, &mut self.slots, &mut self.fm)
            .map_err(no_reg)?;
        self.flush();
        Ok(r)
    }

    /// Loads the float with bits `bits` into `r`.
    pub(crate) fn load_float_const(&mut self, r: Fpr, bits: u64) {
        if bits == 0 {
            self.a.fmov_from_gpr(FpWidth::F64, r, Gpr::Zr);
        } else {
            self.a.mov_imm(Width::W64, Gpr::X16, bits);
            self.a.fmov_from_gpr(FpWidth::F64, r, Gpr::X16);
        }
    }

    /// A temporary floating-point register for op `at`.
    pub(crate) fn ftemp(&mut self, at: usize, keep: &[Fpr]) -> CgResult<Fpr> {
        let r = self
            .fpr
            .temp(at, &self.live, keep, &mut self.slots, &mut self.fm)
            .map_err(no_reg)?;
        self.flush();
        Ok(r)
    }

    /// A register for the new float `v` defined by op `at`.
    pub(crate) fn fdef(&mut self, v: OpRef, at: usize, keep: &[Fpr]) -> CgResult<Fpr> {
        let r = self
            .fpr
            .define(
                v,
                Kind::Float,
                at,
                &self.live,
                keep,
                &mut self.slots,
                &mut self.fm,
            )
            .map_err(no_reg)?;
        self.flush();
        Ok(r)
    }

    /// Puts the new float `v` in register `r` (a call result).
    pub(crate) fn fdef_in(&mut self, v: OpRef, r: Fpr, at: usize) {
        self.fpr.define_in(
            v,
            Kind::Float,
            r,
            at,
            &self.live,
            &mut self.slots,
            &mut self.fm,
        );
        self.flush();
    }

    /// Makes sure `v` (not a constant) has a slot copy; returns the slot.
    pub(crate) fn ensure_slot(&mut self, v: OpRef) -> tern_jit_ir::backend_support::SlotId {
        let s = if self.t.kind_of(v) == Kind::Float {
            self.fpr.ensure_slot(v, &mut self.slots, &mut self.fm)
        } else {
            self.gpr.ensure_slot(v, &mut self.slots, &mut self.gm)
        };
        self.flush();
        s
    }
}
