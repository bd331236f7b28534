//! Loads and stores of fields, array items and string characters, GC and raw, of every
//! width and signedness; array lengths.
//!
//! Addresses: `[base + offset]` (the assembler's `load_far`/`store_far` pick the scaled
//! 12-bit, the 9-bit unscaled or a register-offset form through x16); a variable index is
//! folded in first with `add x17, base, index, lsl #log2(size)`; a constant index goes into
//! the offset; a constant base is materialised in x17. Narrow integer loads sign- or
//! zero-extend as the descriptor says; narrow stores write the low bytes. Storing a
//! reference into a GC object runs the write barrier first (`calls.rs`).
//!
//! Invariant: memory preconditions (non-null, in bounds, right type) are the trace
//! producer's, exactly as for the IR interpreter; compiled code does not check them.

use std::sync::Arc;

use tern_jit_ir::descr::{ArrayDescr, FieldDescr};
use tern_jit_ir::{Kind, OpRef};

use super::frame::BUF;
use super::{CgResult, Codegen, internal};
use crate::asm::{AddSubOp, FpWidth, Gpr, LoadOp, Shift, StoreOp, Width};

/// An address: a base register plus a byte offset.
#[derive(Clone, Copy, Debug)]
struct Addr {
    base: Gpr,
    offset: i64,
}

fn load_op(size: u8, signed: bool) -> LoadOp {
    match (size, signed) {
        (1, false) => LoadOp::Ldrb,
        (1, true) => LoadOp::LdrsbX,
        (2, false) => LoadOp::Ldrh,
        (2, true) => LoadOp::LdrshX,
        (4, false) => LoadOp::LdrW,
        (4, true) => LoadOp::Ldrsw,
        _ => LoadOp::LdrX,
    }
}

fn store_op(size: u8) -> StoreOp {
    match size {
        1 => StoreOp::Strb,
        2 => StoreOp::Strh,
        4 => StoreOp::StrW,
        _ => StoreOp::StrX,
    }
}

impl Codegen<'_> {
    fn field_descr(&self, at: usize) -> CgResult<Arc<FieldDescr>> {
        self.t
            .descr_of(self.t.op(at))
            .and_then(|d| d.as_field())
            .cloned()
            .ok_or_else(|| internal(format!("op {at} needs a field descriptor")))
    }

    pub(crate) fn array_descr(&self, at: usize) -> CgResult<Arc<ArrayDescr>> {
        self.t
            .descr_of(self.t.op(at))
            .and_then(|d| d.as_array())
            .cloned()
            .ok_or_else(|| internal(format!("op {at} needs an array descriptor")))
    }

    /// The base register of `base` (x17 for a constant; emitted right away).
    fn base_reg(&mut self, base: OpRef, at: usize, keep: &[Gpr]) -> CgResult<Gpr> {
        match self.const_bits(base) {
            Some(addr) => {
                self.a.mov_imm(Width::W64, BUF, addr);
                Ok(BUF)
            }
            None => self.ireg(base, at, keep),
        }
    }

    /// The address `base + offset + index * size`, from registers already obtained
    /// (`rb` the base, `ri` the index unless it is constant). May use x17.
    fn address(
        &mut self,
        rb: Gpr,
        offset: i32,
        index: Option<(OpRef, Option<Gpr>, u8)>,
    ) -> CgResult<Addr> {
        let mut offset = offset as i64;
        match index {
            None => Ok(Addr { base: rb, offset }),
            Some((i, ri, size)) => {
                if !matches!(size, 1 | 2 | 4 | 8) {
                    return Err(internal(format!("item size {size}")));
                }
                match (self.const_bits(i), ri) {
                    (Some(k), _) => {
                        offset = offset.wrapping_add((k as i64).wrapping_mul(size as i64));
                        Ok(Addr { base: rb, offset })
                    }
                    (None, Some(ri)) => {
                        self.a.addsub_shifted(
                            AddSubOp::Add,
                            Width::W64,
                            BUF,
                            rb,
                            ri,
                            Shift::Lsl,
                            size.trailing_zeros() as u8,
                        );
                        Ok(Addr { base: BUF, offset })
                    }
                    (None, None) => Err(internal("index without a register")),
                }
            }
        }
    }

    fn check_offset(offset: i64) -> CgResult<()> {
        // `load_far`/`store_far` reach any offset that fits 32 bits through x16.
        if i32::try_from(offset).is_err() {
            return Err(internal(format!("memory offset {offset} out of range")));
        }
        Ok(())
    }

    fn load_into(
        &mut self,
        at: usize,
        addr: Addr,
        kind: Kind,
        size: u8,
        signed: bool,
        keep: &[Gpr],
    ) -> CgResult<()> {
        Self::check_offset(addr.offset)?;
        let d = self.t.result_of(at);
        if kind == Kind::Float {
            let x = self.fdef(d, at, &[])?;
            self.a.load_fp_far(FpWidth::F64, x, addr.base, addr.offset);
            return Ok(());
        }
        let rd = self.idef(d, at, keep)?;
        self.a
            .load_far(load_op(size, signed), rd, addr.base, addr.offset);
        Ok(())
    }

    pub(crate) fn getfield(&mut self, at: usize, base: OpRef) -> CgResult<()> {
        let f = self.field_descr(at)?;
        let rb = self.base_reg(base, at, &[])?;
        let addr = self.address(rb, f.offset, None)?;
        self.load_into(at, addr, f.kind, f.size, f.signed, &[rb])
    }

    pub(crate) fn getitem(&mut self, at: usize, base: OpRef, index: OpRef) -> CgResult<()> {
        let a = self.array_descr(at)?;
        let ri = match self.const_bits(index) {
            Some(_) => None,
            None => Some(self.ireg(index, at, &[])?),
        };
        let keep: Vec<Gpr> = ri.into_iter().collect();
        let rb = self.base_reg(base, at, &keep)?;
        let addr = self.address(rb, a.base_offset, Some((index, ri, a.item_size)))?;
        let mut keep = keep;
        keep.push(rb);
        self.load_into(at, addr, a.kind, a.item_size, a.signed, &keep)
    }

    pub(crate) fn arraylen(&mut self, at: usize, base: OpRef) -> CgResult<()> {
        let a = self.array_descr(at)?;
        let rb = self.base_reg(base, at, &[])?;
        let addr = self.address(rb, a.length_offset, None)?;
        self.load_into(at, addr, Kind::Int, 8, true, &[rb])
    }

    /// Stores `v` (`size` bytes) at `base + offset (+ index * size)`, running the write
    /// barrier first when a reference goes into a GC object.
    fn store_common(
        &mut self,
        at: usize,
        base: OpRef,
        offset: i32,
        index: Option<(OpRef, u8)>,
        v: OpRef,
        size: u8,
    ) -> CgResult<()> {
        let float = self.t.kind_of(v) == Kind::Float;
        let mut keep: Vec<Gpr> = Vec::with_capacity(3);
        let fv = if float {
            Some(self.freg(v, at, &[])?)
        } else {
            None
        };
        let iv = if float {
            None
        } else {
            let r = self.ireg_or_zr(v, at, &[])?;
            if r != Gpr::Zr {
                keep.push(r);
            }
            Some(r)
        };
        let ri = match index {
            Some((i, _)) if self.const_bits(i).is_none() => {
                let r = self.ireg(i, at, &keep)?;
                keep.push(r);
                Some(r)
            }
            _ => None,
        };
        let base_const = self.const_bits(base);
        let rb = match base_const {
            Some(_) => None,
            None => {
                let r = self.ireg(base, at, &keep)?;
                keep.push(r);
                Some(r)
            }
        };
        if self.needs_write_barrier(base, v) {
            self.write_barrier(base, rb)?;
        }
        let rb = match rb {
            Some(r) => r,
            None => self.base_reg(base, at, &keep)?,
        };
        let addr = self.address(rb, offset, index.map(|(i, s)| (i, ri, s)))?;
        Self::check_offset(addr.offset)?;
        match (fv, iv) {
            (Some(x), _) => self.a.store_fp_far(FpWidth::F64, x, addr.base, addr.offset),
            (None, Some(r)) => self.a.store_far(store_op(size), r, addr.base, addr.offset),
            (None, None) => return Err(internal("store without a value")),
        }
        Ok(())
    }

    pub(crate) fn setfield(&mut self, at: usize, base: OpRef, v: OpRef) -> CgResult<()> {
        let f = self.field_descr(at)?;
        self.store_common(at, base, f.offset, None, v, f.size)
    }

    pub(crate) fn setitem(
        &mut self,
        at: usize,
        base: OpRef,
        index: OpRef,
        v: OpRef,
    ) -> CgResult<()> {
        let a = self.array_descr(at)?;
        self.store_common(
            at,
            base,
            a.base_offset,
            Some((index, a.item_size)),
            v,
            a.item_size,
        )
    }
}
