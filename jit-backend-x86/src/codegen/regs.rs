//! Getting values into operands: the glue between the op emitters and jit-ir's
//! `RegAlloc` (one for general-purpose registers, one for SSE registers, one shared
//! `FrameSlots`).
//!
//! Every allocator request may produce spill/reload/copy moves; they are emitted right
//! away ([`Codegen::flush`]), before the instruction that needs the operand, so the
//! machine state always matches the allocator's records. Constants never occupy an
//! allocated register across ops: they become immediates when they fit (`IntOp::Imm`),
//! pool entries for floats, or a temporary register for this op only.
//!
//! Invariant for callers: registers already obtained for the current op must be passed
//! in `keep` to later requests of the same op, so the allocator does not evict them.

use tern_jit_ir::backend_support::{Location, Move};
use tern_jit_ir::{Kind, OpRef, Value};

use super::frame::{ValLoc, slot_mem};
use super::{CgResult, Codegen, internal};
use crate::abi::MoveSrc;
use crate::asm::{Gpr, Mem, SseOp, Width, Xmm};

/// An integer operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntOp {
    /// In a register.
    Reg(Gpr),
    /// In memory (a spill slot).
    Mem(Mem),
    /// A constant that fits a sign-extended 32-bit immediate.
    Imm(i32),
}

/// A float operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum XOp {
    /// In a register.
    Reg(Xmm),
    /// In memory (a spill slot or the constant pool).
    Mem(Mem),
}

/// A short list of registers (an op never holds more than a handful), without heap
/// allocation: the `keep` and `used` lists of the op emitters.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Regs<R: Copy> {
    buf: [R; 8],
    len: usize,
}

impl Regs<Gpr> {
    /// An empty list of general-purpose registers.
    pub(crate) fn gpr() -> Regs<Gpr> {
        // The filler is never read: only `buf[..len]` is.
        Regs {
            buf: [Gpr::Rsp; 8],
            len: 0,
        }
    }

    /// A list holding `regs`.
    pub(crate) fn of(regs: &[Gpr]) -> Regs<Gpr> {
        let mut l = Regs::gpr();
        for &r in regs {
            l.push(r);
        }
        l
    }
}

impl Regs<crate::asm::Xmm> {
    /// An empty list of SSE registers.
    pub(crate) fn xmm() -> Regs<crate::asm::Xmm> {
        Regs {
            buf: [crate::asm::Xmm::Xmm15; 8],
            len: 0,
        }
    }
}

impl<R: Copy> Regs<R> {
    /// Adds `r` (an op needs at most a handful; more would be a code generator bug).
    pub(crate) fn push(&mut self, r: R) {
        debug_assert!(self.len < self.buf.len(), "too many registers for one op");
        if self.len < self.buf.len() {
            self.buf[self.len] = r;
            self.len += 1;
        }
    }
}

impl<R: Copy> std::ops::Deref for Regs<R> {
    type Target = [R];
    fn deref(&self) -> &[R] {
        &self.buf[..self.len]
    }
}

fn no_reg(e: tern_jit_ir::backend_support::NoRegister) -> tern_jit_ir::BackendError {
    internal(e)
}

impl Codegen<'_> {
    /// Emits the moves the allocators asked for.
    pub(crate) fn flush(&mut self) {
        if !self.gm.is_empty() {
            let mut moves = std::mem::take(&mut self.gm);
            for m in moves.drain(..) {
                match m {
                    Move::Spill { reg, slot, .. } => self.a.mov_mr(Width::W64, slot_mem(slot), reg),
                    Move::Reload { slot, reg, .. } => {
                        self.a.mov_rm(Width::W64, reg, slot_mem(slot))
                    }
                    Move::Copy { from, to, .. } => self.a.mov_rr(Width::W64, to, from),
                }
            }
            self.gm = moves;
        }
        if !self.xm.is_empty() {
            let mut moves = std::mem::take(&mut self.xm);
            for m in moves.drain(..) {
                match m {
                    Move::Spill { reg, slot, .. } => self.a.movsd_mr(slot_mem(slot), reg),
                    Move::Reload { slot, reg, .. } => {
                        self.a.sse_rm(SseOp::Movsd, reg, slot_mem(slot))
                    }
                    Move::Copy { from, to, .. } => self.a.sse_rr(SseOp::Movaps, to, from),
                }
            }
            self.xm = moves;
        }
    }

    /// The constant value of `v`, if it is one.
    pub(crate) fn const_of(&self, v: OpRef) -> Option<Value> {
        self.t.as_const(v)
    }

    /// The constant bits of `v`, if it is a constant.
    pub(crate) fn const_bits(&self, v: OpRef) -> Option<u64> {
        self.const_of(v).map(Value::bits)
    }

    /// Where `v` is now (a register if it is in one).
    pub(crate) fn val_loc(&self, v: OpRef) -> Option<ValLoc> {
        if self.t.kind_of(v) == Kind::Float {
            match self.xmm.location(v)? {
                Location::Reg(x) => Some(ValLoc::Xmm(x)),
                Location::Slot(s) => Some(ValLoc::Slot(s)),
            }
        } else {
            match self.gpr.location(v)? {
                Location::Reg(r) => Some(ValLoc::Gpr(r)),
                Location::Slot(s) => Some(ValLoc::Slot(s)),
            }
        }
    }

    /// The source of a move of `v` (for parallel moves and call arguments).
    pub(crate) fn move_src(&self, v: OpRef) -> CgResult<MoveSrc> {
        if let Some(bits) = self.const_bits(v) {
            return Ok(MoveSrc::Imm(bits as i64));
        }
        self.val_loc(v)
            .map(|l| MoveSrc::Loc(l.loc()))
            .ok_or_else(|| internal(format!("{v:?} has no location")))
    }

    /// Is `v` needed after op `at`?
    pub(crate) fn live_after(&self, v: OpRef, at: usize) -> bool {
        !v.is_const() && self.live.is_live_after(v, at)
    }

    // ---- general-purpose registers ----

    /// `v` (int or ref) as an operand: immediate, register or slot.
    pub(crate) fn iop(&mut self, v: OpRef, at: usize, keep: &[Gpr]) -> CgResult<IntOp> {
        if let Some(bits) = self.const_bits(v) {
            if let Ok(imm) = i32::try_from(bits as i64) {
                return Ok(IntOp::Imm(imm));
            }
            return Ok(IntOp::Reg(self.iconst_reg(bits as i64, at, keep)?));
        }
        if let Some(r) = self.gpr.reg(v) {
            return Ok(IntOp::Reg(r));
        }
        match self.gpr.slot(v) {
            Some(s) => Ok(IntOp::Mem(slot_mem(s))),
            None => Err(internal(format!("{v:?} used at op {at} has no location"))),
        }
    }

    /// `v` (int or ref) in a register; a constant goes into a temporary.
    pub(crate) fn ireg(&mut self, v: OpRef, at: usize, keep: &[Gpr]) -> CgResult<Gpr> {
        if let Some(bits) = self.const_bits(v) {
            return self.iconst_reg(bits as i64, at, keep);
        }
        let r = self
            .gpr
            .use_in_reg(v, at, &self.live, keep, &mut self.slots, &mut self.gm)
            .map_err(no_reg)?;
        self.flush();
        Ok(r)
    }

    /// A temporary register holding `value` for op `at`.
    pub(crate) fn iconst_reg(&mut self, value: i64, at: usize, keep: &[Gpr]) -> CgResult<Gpr> {
        let r = self.itemp(at, keep)?;
        self.a.mov_ri(Width::W64, r, value);
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

    /// Puts the new value `v` in register `r` (which the caller has freed or is about to
    /// overwrite, like RAX after a call).
    pub(crate) fn idef_in(&mut self, v: OpRef, r: Gpr, at: usize) {
        let kind = self.t.kind_of(v);
        self.gpr
            .define_in(v, kind, r, at, &self.live, &mut self.slots, &mut self.gm);
        self.flush();
    }

    /// Puts `v` in register `r` for op `at` (evicting what was there).
    pub(crate) fn iuse_in(&mut self, v: OpRef, r: Gpr, at: usize) {
        if let Some(bits) = self.const_bits(v) {
            self.gpr
                .release_reg(r, at, &self.live, &mut self.slots, &mut self.gm);
            self.flush();
            self.a.mov_ri(Width::W64, r, bits as i64);
            return;
        }
        self.gpr
            .use_in(v, r, at, &self.live, &mut self.slots, &mut self.gm);
        self.flush();
    }

    /// Takes register `r` from its value for op `at` (spilled first if still needed).
    pub(crate) fn irelease(&mut self, r: Gpr, at: usize) {
        self.gpr
            .release_reg(r, at, &self.live, &mut self.slots, &mut self.gm);
        self.flush();
    }

    /// A register for `d`, the result of op `at` computed from `a`: `a`'s own register
    /// when `a` dies here (no copy), else a new register loaded with `a`. Returns the
    /// register; `keep` protects other operands of the op.
    pub(crate) fn idef_from(
        &mut self,
        d: OpRef,
        a: OpRef,
        at: usize,
        keep: &[Gpr],
    ) -> CgResult<Gpr> {
        let kind = self.t.kind_of(d);
        if !a.is_const()
            && let Some(r) = self.gpr.take_over(a, d, kind, at, &self.live)
        {
            return Ok(r);
        }
        let src = self.iop(a, at, keep)?;
        let mut keep2 = [Gpr::Rsp; 8];
        let n = keep.len().min(7);
        keep2[..n].copy_from_slice(&keep[..n]);
        let n = match src {
            IntOp::Reg(r) => {
                keep2[n] = r;
                n + 1
            }
            _ => n,
        };
        let r = self.idef(d, at, &keep2[..n])?;
        match src {
            IntOp::Reg(s) => self.a.mov_rr(Width::W64, r, s),
            IntOp::Mem(m) => self.a.mov_rm(Width::W64, r, m),
            IntOp::Imm(i) => self.a.mov_ri(Width::W64, r, i as i64),
        }
        Ok(r)
    }

    // ---- SSE registers ----

    /// `v` (float) as an operand: register, slot or constant-pool entry.
    pub(crate) fn xop(&mut self, v: OpRef, at: usize, _keep: &[Xmm]) -> CgResult<XOp> {
        if let Some(bits) = self.const_bits(v) {
            return Ok(XOp::Mem(self.pool_const(bits, false)));
        }
        if let Some(r) = self.xmm.reg(v) {
            return Ok(XOp::Reg(r));
        }
        match self.xmm.slot(v) {
            Some(s) => Ok(XOp::Mem(slot_mem(s))),
            None => Err(internal(format!("{v:?} used at op {at} has no location"))),
        }
    }

    /// `v` (float) in a register; a constant goes into a temporary.
    pub(crate) fn xreg(&mut self, v: OpRef, at: usize, keep: &[Xmm]) -> CgResult<Xmm> {
        if let Some(bits) = self.const_bits(v) {
            let r = self.xtemp(at, keep)?;
            self.load_float_const(r, bits);
            return Ok(r);
        }
        let r = self
            .xmm
            .use_in_reg(v, at, &self.live, keep, &mut self.slots, &mut self.xm)
            .map_err(no_reg)?;
        self.flush();
        Ok(r)
    }

    /// Loads the float with bits `bits` into `r`.
    pub(crate) fn load_float_const(&mut self, r: Xmm, bits: u64) {
        if bits == 0 {
            self.a.sse_rr(SseOp::Xorps, r, r);
        } else {
            let m = self.pool_const(bits, false);
            self.a.sse_rm(SseOp::Movsd, r, m);
        }
    }

    /// A temporary SSE register for op `at`.
    pub(crate) fn xtemp(&mut self, at: usize, keep: &[Xmm]) -> CgResult<Xmm> {
        let r = self
            .xmm
            .temp(at, &self.live, keep, &mut self.slots, &mut self.xm)
            .map_err(no_reg)?;
        self.flush();
        Ok(r)
    }

    /// A register for the new float `v` defined by op `at`.
    pub(crate) fn xdef(&mut self, v: OpRef, at: usize, keep: &[Xmm]) -> CgResult<Xmm> {
        let r = self
            .xmm
            .define(
                v,
                Kind::Float,
                at,
                &self.live,
                keep,
                &mut self.slots,
                &mut self.xm,
            )
            .map_err(no_reg)?;
        self.flush();
        Ok(r)
    }

    /// Puts the new float `v` in register `r`.
    pub(crate) fn xdef_in(&mut self, v: OpRef, r: Xmm, at: usize) {
        self.xmm.define_in(
            v,
            Kind::Float,
            r,
            at,
            &self.live,
            &mut self.slots,
            &mut self.xm,
        );
        self.flush();
    }

    /// Like [`Codegen::idef_from`] for floats.
    pub(crate) fn xdef_from(
        &mut self,
        d: OpRef,
        a: OpRef,
        at: usize,
        keep: &[Xmm],
    ) -> CgResult<Xmm> {
        if !a.is_const()
            && let Some(r) = self.xmm.take_over(a, d, Kind::Float, at, &self.live)
        {
            return Ok(r);
        }
        let src = self.xop(a, at, keep)?;
        let mut keep2 = [crate::asm::Xmm::Xmm15; 8];
        let n = keep.len().min(7);
        keep2[..n].copy_from_slice(&keep[..n]);
        let n = match src {
            XOp::Reg(r) => {
                keep2[n] = r;
                n + 1
            }
            _ => n,
        };
        let r = self.xdef(d, at, &keep2[..n])?;
        match src {
            XOp::Reg(s) => self.a.sse_rr(SseOp::Movaps, r, s),
            XOp::Mem(m) => self.a.sse_rm(SseOp::Movsd, r, m),
        }
        Ok(r)
    }

    /// Emits `op dst, src` for an SSE operand.
    pub(crate) fn sse_op(&mut self, op: SseOp, dst: Xmm, src: XOp) {
        match src {
            XOp::Reg(s) => self.a.sse_rr(op, dst, s),
            XOp::Mem(m) => self.a.sse_rm(op, dst, m),
        }
    }
}
