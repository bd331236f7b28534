//! Loads and stores of fields, array items and string characters, GC and raw, of every
//! width and signedness; array lengths.
//!
//! Addresses use x86 addressing directly: `[base + disp]`, `[base + index*size + disp]`,
//! constant indices folded into the displacement, constant bases as absolute addresses
//! when they fit 32 bits (else in a temporary). Narrow integer loads extend with
//! `movsx`/`movzx` as the descriptor says; narrow stores write the low bytes. Storing a
//! reference into a GC object runs the write barrier first (`gc.rs`).
//!
//! Invariant: memory preconditions (non-null, in bounds, right type) are the trace
//! producer's, exactly as for the IR interpreter; compiled code does not check them.

use tern_jit_ir::descr::{ArrayDescr, FieldDescr};
use tern_jit_ir::{Kind, OpRef};

use super::frame::SCRATCH;
use super::regs::{IntOp, Regs, XOp};
use super::{CgResult, Codegen, internal};
use crate::asm::{Gpr, Mem, Scale, Width};

/// A value about to be stored.
#[derive(Clone, Copy, Debug)]
enum StoreVal {
    Int(IntOp),
    Float(XOp),
}

/// The width of an access of `size` bytes.
fn width(size: u8) -> Width {
    match size {
        1 => Width::W8,
        2 => Width::W16,
        4 => Width::W32,
        _ => Width::W64,
    }
}

impl Codegen<'_> {
    fn field_descr(&self, at: usize) -> CgResult<std::sync::Arc<FieldDescr>> {
        self.t
            .descr_of(self.t.op(at))
            .and_then(|d| d.as_field())
            .cloned()
            .ok_or_else(|| internal(format!("op {at} needs a field descriptor")))
    }

    pub(crate) fn array_descr(&self, at: usize) -> CgResult<std::sync::Arc<ArrayDescr>> {
        self.t
            .descr_of(self.t.op(at))
            .and_then(|d| d.as_array())
            .cloned()
            .ok_or_else(|| internal(format!("op {at} needs an array descriptor")))
    }

    /// The address `base + disp (+ index * size)` as a memory operand, and the registers it
    /// uses (to keep for the rest of the op).
    pub(crate) fn address(
        &mut self,
        base: OpRef,
        disp: i32,
        index: Option<(OpRef, u8)>,
        at: usize,
        keep: &[Gpr],
    ) -> CgResult<(Mem, Regs<Gpr>)> {
        let mut used = Regs::of(keep);
        let mut disp = disp as i64;
        let mut index_reg = None;
        if let Some((i, size)) = index {
            match self.const_bits(i) {
                Some(k) => disp = disp.wrapping_add((k as i64).wrapping_mul(size as i64)),
                None => {
                    let r = self.ireg(i, at, &used)?;
                    used.push(r);
                    index_reg = Some((r, Scale::for_size(size as u32).unwrap_or(Scale::S8)));
                }
            }
        }
        let (base_reg, disp) = match self.const_bits(base) {
            Some(addr) => {
                let full = (addr as i64).wrapping_add(disp);
                if index_reg.is_none()
                    && let Ok(abs) = i32::try_from(full)
                {
                    return Ok((Mem::abs(abs), used));
                }
                let r = self.iconst_reg(addr as i64, at, &used)?;
                (r, disp)
            }
            None => (self.ireg(base, at, &used)?, disp),
        };
        used.push(base_reg);
        let disp = match i32::try_from(disp) {
            Ok(d) => d,
            Err(_) => {
                // A displacement beyond 32 bits: fold it into a copy of the base.
                let t = self.iconst_reg(disp, at, &used)?;
                self.a
                    .alu_rr(crate::asm::AluOp::Add, Width::W64, t, base_reg);
                used.push(t);
                return Ok((
                    match index_reg {
                        Some((i, s)) => Mem::sib(t, i, s, 0),
                        None => Mem::base(t, 0),
                    },
                    used,
                ));
            }
        };
        let m = match index_reg {
            Some((i, s)) => Mem::sib(base_reg, i, s, disp),
            None => Mem::base(base_reg, disp),
        };
        Ok((m, used))
    }

    /// Loads a value of `kind` (`size` bytes, extended per `signed`) into the result of
    /// op `at`.
    #[allow(clippy::too_many_arguments)] // an access, spelled out
    fn load(
        &mut self,
        at: usize,
        m: Mem,
        used: &[Gpr],
        reuse: &[OpRef],
        kind: Kind,
        size: u8,
        signed: bool,
    ) -> CgResult<()> {
        let d = self.t.result_of(at);
        if kind == Kind::Float {
            let x = self.xdef(d, at, &[])?;
            self.a.sse_rm(crate::asm::SseOp::Movsd, x, m);
            return Ok(());
        }
        // The register of an address operand that dies here can take the result
        // (`mov rb, [rb + 16]`); a fresh register otherwise.
        let mut dst = None;
        for &v in reuse {
            if !v.is_const()
                && let Some(r) = self.gpr.take_over(v, d, kind, at, &self.live)
            {
                dst = Some(r);
                break;
            }
        }
        let dst = match dst {
            Some(r) => r,
            None => self.idef(d, at, used)?,
        };
        match (size, signed) {
            (8, _) => self.a.mov_rm(Width::W64, dst, m),
            (4, false) => self.a.mov_rm(Width::W32, dst, m),
            (4, true) => self.a.movsx_rm(Width::W64, dst, Width::W32, m),
            (s, true) => self.a.movsx_rm(Width::W64, dst, width(s), m),
            (s, false) => self.a.movzx_rm(Width::W32, dst, width(s), m),
        }
        Ok(())
    }

    /// The operand of a stored value, fetched once before the write barrier; its register
    /// (if any) joins `used`.
    fn store_value(&mut self, v: OpRef, at: usize, used: &mut Regs<Gpr>) -> CgResult<StoreVal> {
        if self.t.kind_of(v) == Kind::Float {
            return Ok(StoreVal::Float(self.xop(v, at, &[])?));
        }
        let op = self.iop(v, at, used)?;
        if let IntOp::Reg(r) = op {
            used.push(r);
        }
        Ok(StoreVal::Int(op))
    }

    /// Stores `val` (`size` bytes) at `m`.
    fn store(&mut self, m: Mem, val: StoreVal, size: u8) {
        let w = width(size);
        match val {
            StoreVal::Float(XOp::Reg(x)) => self.a.movsd_mr(m, x),
            StoreVal::Float(XOp::Mem(src)) => {
                self.a.mov_rm(Width::W64, SCRATCH, src);
                self.a.mov_mr(Width::W64, m, SCRATCH);
            }
            StoreVal::Int(IntOp::Reg(r)) => self.a.mov_mr(w, m, r),
            StoreVal::Int(IntOp::Imm(i)) => self.a.mov_mi(w, m, w.sign_truncate(i as i64) as i32),
            StoreVal::Int(IntOp::Mem(src)) => {
                self.a.mov_rm(Width::W64, SCRATCH, src);
                self.a.mov_mr(w, m, SCRATCH);
            }
        }
    }

    /// `getfield_gc_*`, `getfield_raw_*`.
    pub(crate) fn getfield(&mut self, at: usize, base: OpRef) -> CgResult<()> {
        let f = self.field_descr(at)?;
        let (m, used) = self.address(base, f.offset, None, at, &[])?;
        self.load(at, m, &used, &[base], f.kind, f.size, f.signed)
    }

    /// `setfield_gc`, `setfield_raw`.
    pub(crate) fn setfield(&mut self, at: usize, base: OpRef, v: OpRef) -> CgResult<()> {
        let f = self.field_descr(at)?;
        let (m, mut used) = self.address(base, f.offset, None, at, &[])?;
        let val = self.store_value(v, at, &mut used)?;
        if self.needs_write_barrier(base, v) {
            self.write_barrier(at, base, &used)?;
        }
        self.store(m, val, f.size);
        Ok(())
    }

    /// `getarrayitem_*`, `strgetitem`.
    pub(crate) fn getitem(&mut self, at: usize, base: OpRef, index: OpRef) -> CgResult<()> {
        let a = self.array_descr(at)?;
        let (m, used) = self.address(base, a.base_offset, Some((index, a.item_size)), at, &[])?;
        self.load(at, m, &used, &[base, index], a.kind, a.item_size, a.signed)
    }

    /// `setarrayitem_*`, `strsetitem`.
    pub(crate) fn setitem(
        &mut self,
        at: usize,
        base: OpRef,
        index: OpRef,
        v: OpRef,
    ) -> CgResult<()> {
        let a = self.array_descr(at)?;
        let (m, mut used) =
            self.address(base, a.base_offset, Some((index, a.item_size)), at, &[])?;
        let val = self.store_value(v, at, &mut used)?;
        if self.needs_write_barrier(base, v) {
            self.write_barrier(at, base, &used)?;
        }
        self.store(m, val, a.item_size);
        Ok(())
    }

    /// `arraylen_gc`, `strlen`: the length word.
    pub(crate) fn arraylen(&mut self, at: usize, base: OpRef) -> CgResult<()> {
        let a = self.array_descr(at)?;
        let (m, used) = self.address(base, a.length_offset, None, at, &[])?;
        self.load(at, m, &used, &[base], Kind::Int, 8, true)
    }
}
