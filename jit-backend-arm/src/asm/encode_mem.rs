//! Loads and stores: integer loads of every width (zero- and sign-extending), stores,
//! floating-point loads/stores of `s`/`d` registers, register pairs (`ldp`/`stp`/`ldpsw`,
//! also for prologues and epilogues with pre/post-index), and PC-relative literal loads.
//!
//! Addressing ([`Mem`]): `Offset` picks the scaled unsigned 12-bit form (`ldr x0, [x1,
//! #8]`) when the offset is a non-negative multiple of the access size up to 4095 times it,
//! else the unscaled signed 9-bit form (`ldur`); `PreIndex`/`PostIndex` take a signed 9-bit
//! byte offset; `Index` is the register-offset form with an optional extend and scaling.
//! Pairs take a signed 7-bit offset scaled by the register size. Anything else is an error
//! naming the accepted range; `load_far`/`store_far` (module `macros`) take any offset.
//!
//! Register 31: the base is SP, the transfer register(s) and the index are ZR.
//! Unpredictable forms are errors: write-back to a base that is also a transfer register
//! (unless the base is SP), and a load pair into the same register twice.

use super::encode::{fp, sp, zr};
use super::error::AsmErrorKind;
use super::label::{Field, Label};
use super::operand::{LiteralOp, LoadOp, Mem, StoreOp};
use super::reg::{FpWidth, Fpr, Gpr, Width};
use super::{Assembler, Enc};

/// How a [`Mem::Offset`] is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OffsetForm {
    /// Unsigned offset in units of the access size (0..=4095).
    Scaled(u32),
    /// Signed byte offset -256..=255 (`ldur`/`stur`).
    Unscaled(i32),
}

/// The encoding of byte offset `offset` for an access of `1 << size_log2` bytes.
#[inline]
pub(crate) const fn offset_form(size_log2: u32, offset: i32) -> Option<OffsetForm> {
    let size = 1i32 << size_log2;
    if offset >= 0 && offset % size == 0 && offset / size <= 4095 {
        Some(OffsetForm::Scaled((offset / size) as u32))
    } else if offset >= -256 && offset <= 255 {
        Some(OffsetForm::Unscaled(offset))
    } else {
        None
    }
}

/// A single-register load/store. `sv` holds `size`, `V` and `opc`; `rt_gpr` is the
/// transfer register when it is a general-purpose one (for the write-back check).
fn ldst(m: &'static str, sv: u32, size_log2: u32, t: u32, rt_gpr: Option<Gpr>, mem: Mem) -> Enc {
    let base = mem.base_reg();
    let n = sp(m, "base", base)?;
    if mem.writes_back()
        && base != Gpr::Sp
        && let Some(rt) = rt_gpr
        && rt == base
    {
        return Err(AsmErrorKind::Unpredictable {
            mnemonic: m,
            what: "write-back to a base register that is also the transfer register",
        });
    }
    let simm9 = |offset: i32| -> Enc {
        if (-256..=255).contains(&offset) {
            Ok((offset as u32 & 0x1ff) << 12)
        } else {
            Err(AsmErrorKind::OffsetOutOfRange {
                mnemonic: m,
                offset: offset as i64,
                accepted: "-256..=255 with write-back",
            })
        }
    };
    Ok(match mem {
        Mem::Offset { offset, .. } => match offset_form(size_log2, offset) {
            Some(OffsetForm::Scaled(i)) => sv | 0x3900_0000 | i << 10 | n << 5 | t,
            Some(OffsetForm::Unscaled(o)) => {
                sv | 0x3800_0000 | (o as u32 & 0x1ff) << 12 | n << 5 | t
            }
            None => {
                return Err(AsmErrorKind::OffsetOutOfRange {
                    mnemonic: m,
                    offset: offset as i64,
                    accepted: "0..=4095 times the access size (a multiple of it), or \
                               -256..=255",
                });
            }
        },
        Mem::PreIndex { offset, .. } => sv | 0x3800_0c00 | simm9(offset)? | n << 5 | t,
        Mem::PostIndex { offset, .. } => sv | 0x3800_0400 | simm9(offset)? | n << 5 | t,
        Mem::Index {
            index,
            extend,
            shift,
            ..
        } => {
            let mm = zr(m, "index", index)?;
            sv | 0x3820_0800 | mm << 16 | extend.bits() << 13 | (shift as u32) << 12 | n << 5 | t
        }
    })
}

pub(crate) fn load(op: LoadOp, rt: Gpr, mem: Mem) -> Enc {
    let m = op.name();
    let t = zr(m, "Rt", rt)?;
    let b = op.bits();
    ldst(
        m,
        (b >> 2) << 30 | (b & 3) << 22,
        op.size_log2(),
        t,
        Some(rt),
        mem,
    )
}

pub(crate) fn store(op: StoreOp, rt: Gpr, mem: Mem) -> Enc {
    let m = op.name();
    let t = zr(m, "Rt", rt)?;
    let b = op.bits();
    ldst(
        m,
        (b >> 2) << 30 | (b & 3) << 22,
        op.size_log2(),
        t,
        Some(rt),
        mem,
    )
}

/// `size` for an FP access: 2 for `s`, 3 for `d`.
#[inline]
fn fp_size(w: FpWidth) -> u32 {
    match w {
        FpWidth::F32 => 2,
        FpWidth::F64 => 3,
    }
}

pub(crate) fn load_fp(w: FpWidth, rt: Fpr, mem: Mem) -> Enc {
    let size = fp_size(w);
    ldst(
        "ldr",
        size << 30 | 1 << 26 | 1 << 22,
        size,
        fp(rt),
        None,
        mem,
    )
}

pub(crate) fn store_fp(w: FpWidth, rt: Fpr, mem: Mem) -> Enc {
    let size = fp_size(w);
    ldst("str", size << 30 | 1 << 26, size, fp(rt), None, mem)
}

/// A register-pair load/store. `opc_v` holds `opc` and `V`; `gprs` are the transfer
/// registers when they are general-purpose ones.
#[allow(clippy::too_many_arguments)]
fn pair(
    m: &'static str,
    opc_v: u32,
    load: bool,
    scale_log2: u32,
    t1: u32,
    t2: u32,
    gprs: Option<(Gpr, Gpr)>,
    mem: Mem,
) -> Enc {
    let base = mem.base_reg();
    let n = sp(m, "base", base)?;
    let (mode, offset) = match mem {
        Mem::Offset { offset, .. } => (0b10, offset),
        Mem::PreIndex { offset, .. } => (0b11, offset),
        Mem::PostIndex { offset, .. } => (0b01, offset),
        Mem::Index { .. } => {
            return Err(AsmErrorKind::Unsupported {
                mnemonic: m,
                what: "a register-offset address",
            });
        }
    };
    if load && t1 == t2 {
        return Err(AsmErrorKind::Unpredictable {
            mnemonic: m,
            what: "loading the same register twice",
        });
    }
    if mem.writes_back()
        && base != Gpr::Sp
        && let Some((a, b)) = gprs
        && (a == base || b == base)
    {
        return Err(AsmErrorKind::Unpredictable {
            mnemonic: m,
            what: "write-back to a base register that is also a transfer register",
        });
    }
    let scale = 1i32 << scale_log2;
    if offset % scale != 0 || !(-64..=63).contains(&(offset / scale)) {
        return Err(AsmErrorKind::OffsetOutOfRange {
            mnemonic: m,
            offset: offset as i64,
            accepted: "-64..=63 times the register size",
        });
    }
    let imm7 = (offset / scale) as u32 & 0x7f;
    Ok(
        opc_v
            | 0x2800_0000
            | mode << 23
            | (load as u32) << 22
            | imm7 << 15
            | t2 << 10
            | n << 5
            | t1,
    )
}

fn pair_gpr(m: &'static str, w: Width, load: bool, rt1: Gpr, rt2: Gpr, mem: Mem) -> Enc {
    let t1 = zr(m, "Rt", rt1)?;
    let t2 = zr(m, "Rt2", rt2)?;
    let (opc, scale) = match w {
        Width::W32 => (0b00, 2),
        Width::W64 => (0b10, 3),
    };
    pair(m, opc << 30, load, scale, t1, t2, Some((rt1, rt2)), mem)
}

pub(crate) fn ldp(w: Width, rt1: Gpr, rt2: Gpr, mem: Mem) -> Enc {
    pair_gpr("ldp", w, true, rt1, rt2, mem)
}

pub(crate) fn stp(w: Width, rt1: Gpr, rt2: Gpr, mem: Mem) -> Enc {
    pair_gpr("stp", w, false, rt1, rt2, mem)
}

pub(crate) fn ldpsw(rt1: Gpr, rt2: Gpr, mem: Mem) -> Enc {
    let m = "ldpsw";
    let t1 = zr(m, "Rt", rt1)?;
    let t2 = zr(m, "Rt2", rt2)?;
    pair(m, 0b01 << 30, true, 2, t1, t2, Some((rt1, rt2)), mem)
}

pub(crate) fn pair_fp(w: FpWidth, load: bool, rt1: Fpr, rt2: Fpr, mem: Mem) -> Enc {
    let m = if load { "ldp" } else { "stp" };
    let opc = match w {
        FpWidth::F32 => 0b00,
        FpWidth::F64 => 0b01,
    };
    pair(
        m,
        opc << 30 | 1 << 26,
        load,
        fp_size(w),
        fp(rt1),
        fp(rt2),
        None,
        mem,
    )
}

pub(crate) fn ldr_literal(op: LiteralOp, rt: Gpr) -> Enc {
    let t = zr(op.name(), "Rt", rt)?;
    Ok(op.bits() << 30 | 0x1800_0000 | t)
}

pub(crate) fn ldr_literal_fp(w: FpWidth, rt: Fpr) -> Enc {
    let opc = match w {
        FpWidth::F32 => 0b00,
        FpWidth::F64 => 0b01,
    };
    Ok(opc << 30 | 1 << 26 | 0x1800_0000 | fp(rt))
}

impl Assembler {
    /// Integer load of any width: `ldr{b,h,sb,sh,sw} rt, mem` (or `ldur...`).
    pub fn load(&mut self, op: LoadOp, rt: Gpr, mem: Mem) {
        self.put(load(op, rt, mem));
    }

    /// Integer store of any width: `str{b,h} rt, mem` (or `stur...`).
    pub fn store(&mut self, op: StoreOp, rt: Gpr, mem: Mem) {
        self.put(store(op, rt, mem));
    }

    /// `ldr wt/xt, mem` (full-width load).
    pub fn ldr(&mut self, w: Width, rt: Gpr, mem: Mem) {
        let op = match w {
            Width::W32 => LoadOp::LdrW,
            Width::W64 => LoadOp::LdrX,
        };
        self.load(op, rt, mem);
    }

    /// `str wt/xt, mem` (full-width store).
    pub fn str(&mut self, w: Width, rt: Gpr, mem: Mem) {
        let op = match w {
            Width::W32 => StoreOp::StrW,
            Width::W64 => StoreOp::StrX,
        };
        self.store(op, rt, mem);
    }

    /// `ldr st/dt, mem`.
    pub fn load_fp(&mut self, w: FpWidth, rt: Fpr, mem: Mem) {
        self.put(load_fp(w, rt, mem));
    }

    /// `str st/dt, mem`.
    pub fn store_fp(&mut self, w: FpWidth, rt: Fpr, mem: Mem) {
        self.put(store_fp(w, rt, mem));
    }

    /// `ldp rt1, rt2, mem` (offset, pre- or post-index; offset a multiple of the register
    /// size in -64..=63 times it).
    pub fn ldp(&mut self, w: Width, rt1: Gpr, rt2: Gpr, mem: Mem) {
        self.put(ldp(w, rt1, rt2, mem));
    }

    /// `stp rt1, rt2, mem` (`stp x29, x30, [sp, #-16]!` opens a frame).
    pub fn stp(&mut self, w: Width, rt1: Gpr, rt2: Gpr, mem: Mem) {
        self.put(stp(w, rt1, rt2, mem));
    }

    /// `ldpsw xt1, xt2, mem` (two sign-extended 32-bit loads).
    pub fn ldpsw(&mut self, rt1: Gpr, rt2: Gpr, mem: Mem) {
        self.put(ldpsw(rt1, rt2, mem));
    }

    /// `ldp st1/dt1, st2/dt2, mem`.
    pub fn ldp_fp(&mut self, w: FpWidth, rt1: Fpr, rt2: Fpr, mem: Mem) {
        self.put(pair_fp(w, true, rt1, rt2, mem));
    }

    /// `stp st1/dt1, st2/dt2, mem`.
    pub fn stp_fp(&mut self, w: FpWidth, rt1: Fpr, rt2: Fpr, mem: Mem) {
        self.put(pair_fp(w, false, rt1, rt2, mem));
    }

    /// `ldr wt/xt, label` or `ldrsw xt, label`: a PC-relative load (+-1 MiB) from data
    /// placed after a bound label (constant pools).
    pub fn ldr_literal(&mut self, op: LiteralOp, rt: Gpr, label: Label) {
        self.put_label_ref(ldr_literal(op, rt), label, Field::Imm19, op.name());
    }

    /// `ldr st/dt, label` (float constants from a pool).
    pub fn ldr_literal_fp(&mut self, w: FpWidth, rt: Fpr, label: Label) {
        self.put_label_ref(ldr_literal_fp(w, rt), label, Field::Imm19, "ldr");
    }
}
