//! Integer data processing: add/sub (immediate, shifted register, extended register),
//! logical operations (bitmask immediate, shifted register), move-wide, bitfield moves and
//! their aliases (shifts by immediate, extensions, bitfield extract/insert), `extr`,
//! one/two/three-source operations (bit reversal, count leading zeros, division, variable
//! shifts, multiply-add, multiply-high), conditional compare and conditional select.
//!
//! Register 31 per operand (the architecture's rule, checked for every operand): add/sub
//! immediate and extended register read `Rn` as SP and write `Rd` as SP unless the
//! instruction sets flags (then `Rd` is ZR); logical immediate writes `Rd` as SP unless it is
//! `ands`; everywhere else register 31 is ZR.
//!
//! Invariant: every method emits exactly one instruction or records an error and emits
//! nothing.

use super::bitmask::encode_bitmask;
use super::encode::{imm_in, sp, unsupported, zr};
use super::error::AsmErrorKind;
use super::operand::{
    AddSubOp, BitfieldOp, CondCmpOp, CselOp, Dp1Op, Dp2Op, Dp3Op, Extend, ExtendOp, LogicOp,
    MoveWideOp, MulHighOp, Shift,
};
use super::reg::{Gpr, Width};
use super::{Assembler, Cond, Enc};

/// `(sh, imm12)` for an add/sub immediate: `0..=4095`, or a multiple of 4096 up to
/// `4095 << 12` (encoded with `lsl #12`).
#[inline]
pub(crate) const fn addsub_imm_fields(imm: u32) -> Option<(u32, u32)> {
    if imm <= 0xfff {
        Some((0, imm))
    } else if imm & 0xfff == 0 && imm <= 0xfff000 {
        Some((1, imm >> 12))
    } else {
        None
    }
}

/// Whether `amount` is a valid shift of a `w` operand.
#[inline]
fn shift_amount(mnemonic: &'static str, w: Width, amount: u8) -> Enc {
    imm_in(
        mnemonic,
        amount as i64,
        0,
        w.bits() as i64 - 1,
        "0..=31 for 32-bit, 0..=63 for 64-bit",
    )
}

pub(crate) fn addsub_imm(op: AddSubOp, w: Width, rd: Gpr, rn: Gpr, imm: u32) -> Enc {
    let m = op.name();
    let d = if op.sets_flags() {
        zr(m, "Rd", rd)?
    } else {
        sp(m, "Rd", rd)?
    };
    let n = sp(m, "Rn", rn)?;
    let (sh, imm12) = addsub_imm_fields(imm).ok_or(AsmErrorKind::ImmOutOfRange {
        mnemonic: m,
        imm: imm as i64,
        accepted: "0..=4095, or a multiple of 4096 up to 4095 << 12",
    })?;
    Ok(w.sf() | op.bits() << 29 | 0x1100_0000 | sh << 22 | imm12 << 10 | n << 5 | d)
}

pub(crate) fn addsub_shifted(
    op: AddSubOp,
    w: Width,
    rd: Gpr,
    rn: Gpr,
    rm: Gpr,
    shift: Shift,
    amount: u8,
) -> Enc {
    let m = op.name();
    let d = zr(m, "Rd", rd)?;
    let n = zr(m, "Rn", rn)?;
    let mm = zr(m, "Rm", rm)?;
    if shift == Shift::Ror {
        return Err(unsupported(m, "a ror-shifted register"));
    }
    let a = shift_amount(m, w, amount)?;
    Ok(w.sf()
        | op.bits() << 29
        | 0x0b00_0000
        | shift.bits() << 22
        | mm << 16
        | a << 10
        | n << 5
        | d)
}

pub(crate) fn addsub_ext(
    op: AddSubOp,
    w: Width,
    rd: Gpr,
    rn: Gpr,
    rm: Gpr,
    ext: Extend,
    amount: u8,
) -> Enc {
    let m = op.name();
    let d = if op.sets_flags() {
        zr(m, "Rd", rd)?
    } else {
        sp(m, "Rd", rd)?
    };
    let n = sp(m, "Rn", rn)?;
    let mm = zr(m, "Rm", rm)?;
    let a = imm_in(m, amount as i64, 0, 4, "extend shift 0..=4")?;
    Ok(w.sf() | op.bits() << 29 | 0x0b20_0000 | mm << 16 | ext.bits() << 13 | a << 10 | n << 5 | d)
}

pub(crate) fn logic_imm(op: LogicOp, w: Width, rd: Gpr, rn: Gpr, imm: u64) -> Enc {
    let m = op.name();
    let base = op.base();
    let d = if base == LogicOp::Ands {
        zr(m, "Rd", rd)?
    } else {
        sp(m, "Rd", rd)?
    };
    let n = zr(m, "Rn", rn)?;
    let value = if op.inverts() && imm <= w.mask() {
        !imm & w.mask()
    } else {
        imm
    };
    let b = encode_bitmask(value, w).ok_or(AsmErrorKind::NotBitmaskImm {
        mnemonic: m,
        imm,
        width: w,
    })?;
    Ok(w.sf() | (base.bits() >> 1) << 29 | 0x1200_0000 | b.field() | n << 5 | d)
}

pub(crate) fn logic_shifted(
    op: LogicOp,
    w: Width,
    rd: Gpr,
    rn: Gpr,
    rm: Gpr,
    shift: Shift,
    amount: u8,
) -> Enc {
    let m = op.name();
    let d = zr(m, "Rd", rd)?;
    let n = zr(m, "Rn", rn)?;
    let mm = zr(m, "Rm", rm)?;
    let a = shift_amount(m, w, amount)?;
    Ok(w.sf()
        | (op.bits() >> 1) << 29
        | 0x0a00_0000
        | shift.bits() << 22
        | (op.bits() & 1) << 21
        | mm << 16
        | a << 10
        | n << 5
        | d)
}

pub(crate) fn movw(op: MoveWideOp, w: Width, rd: Gpr, imm16: u16, shift: u8) -> Enc {
    let m = op.name();
    let d = zr(m, "Rd", rd)?;
    if !shift.is_multiple_of(16) || shift as u32 >= w.bits() {
        return Err(AsmErrorKind::ImmOutOfRange {
            mnemonic: m,
            imm: shift as i64,
            accepted: "shift 0 or 16 for 32-bit; 0, 16, 32 or 48 for 64-bit",
        });
    }
    Ok(
        w.sf()
            | op.bits() << 29
            | 0x1280_0000
            | (shift as u32 / 16) << 21
            | (imm16 as u32) << 5
            | d,
    )
}

pub(crate) fn bitfield(op: BitfieldOp, w: Width, rd: Gpr, rn: Gpr, immr: u8, imms: u8) -> Enc {
    let m = op.name();
    let d = zr(m, "Rd", rd)?;
    let n = zr(m, "Rn", rn)?;
    let r = shift_amount(m, w, immr)?;
    let s = shift_amount(m, w, imms)?;
    Ok(w.sf() | op.bits() << 29 | 0x1300_0000 | (w as u32) << 22 | r << 16 | s << 10 | n << 5 | d)
}

pub(crate) fn extr(w: Width, rd: Gpr, rn: Gpr, rm: Gpr, lsb: u8) -> Enc {
    let m = "extr";
    let d = zr(m, "Rd", rd)?;
    let n = zr(m, "Rn", rn)?;
    let mm = zr(m, "Rm", rm)?;
    let s = shift_amount(m, w, lsb)?;
    Ok(w.sf() | 0x1380_0000 | (w as u32) << 22 | mm << 16 | s << 10 | n << 5 | d)
}

pub(crate) fn dp1(op: Dp1Op, w: Width, rd: Gpr, rn: Gpr) -> Enc {
    let m = op.name();
    let d = zr(m, "Rd", rd)?;
    let n = zr(m, "Rn", rn)?;
    let opcode = match (op, w) {
        (Dp1Op::Rev32, Width::W32) => return Err(unsupported(m, "a 32-bit operand")),
        (Dp1Op::Rev, Width::W32) => 0b000010,
        _ => op.bits(),
    };
    Ok(w.sf() | 0x5ac0_0000 | opcode << 10 | n << 5 | d)
}

pub(crate) fn dp2(op: Dp2Op, w: Width, rd: Gpr, rn: Gpr, rm: Gpr) -> Enc {
    let m = op.name();
    let d = zr(m, "Rd", rd)?;
    let n = zr(m, "Rn", rn)?;
    let mm = zr(m, "Rm", rm)?;
    Ok(w.sf() | 0x1ac0_0000 | mm << 16 | op.bits() << 10 | n << 5 | d)
}

pub(crate) fn dp3(op: Dp3Op, w: Width, rd: Gpr, rn: Gpr, rm: Gpr, ra: Gpr) -> Enc {
    let m = op.name();
    let d = zr(m, "Rd", rd)?;
    let n = zr(m, "Rn", rn)?;
    let mm = zr(m, "Rm", rm)?;
    let a = zr(m, "Ra", ra)?;
    if op.is_long() && w == Width::W32 {
        return Err(unsupported(m, "a 32-bit destination"));
    }
    Ok(w.sf()
        | 0x1b00_0000
        | (op.bits() >> 1) << 21
        | mm << 16
        | (op.bits() & 1) << 15
        | a << 10
        | n << 5
        | d)
}

pub(crate) fn mulh(op: MulHighOp, rd: Gpr, rn: Gpr, rm: Gpr) -> Enc {
    let m = op.name();
    let d = zr(m, "Rd", rd)?;
    let n = zr(m, "Rn", rn)?;
    let mm = zr(m, "Rm", rm)?;
    Ok(0x9b00_0000 | op.bits() << 21 | mm << 16 | 0x1f << 10 | n << 5 | d)
}

fn nzcv_field(mnemonic: &'static str, nzcv: u8) -> Enc {
    imm_in(mnemonic, nzcv as i64, 0, 15, "nzcv flags 0..=15")
}

pub(crate) fn ccmp_rr(op: CondCmpOp, w: Width, rn: Gpr, rm: Gpr, nzcv: u8, cond: Cond) -> Enc {
    let m = op.name();
    let n = zr(m, "Rn", rn)?;
    let mm = zr(m, "Rm", rm)?;
    let f = nzcv_field(m, nzcv)?;
    Ok(w.sf() | op.bits() << 30 | 0x3a40_0000 | mm << 16 | cond.bits() << 12 | n << 5 | f)
}

pub(crate) fn ccmp_imm(op: CondCmpOp, w: Width, rn: Gpr, imm: u8, nzcv: u8, cond: Cond) -> Enc {
    let m = op.name();
    let n = zr(m, "Rn", rn)?;
    let i = imm_in(m, imm as i64, 0, 31, "0..=31")?;
    let f = nzcv_field(m, nzcv)?;
    Ok(w.sf() | op.bits() << 30 | 0x3a40_0800 | i << 16 | cond.bits() << 12 | n << 5 | f)
}

pub(crate) fn csel(op: CselOp, w: Width, rd: Gpr, rn: Gpr, rm: Gpr, cond: Cond) -> Enc {
    let m = op.name();
    let d = zr(m, "Rd", rd)?;
    let n = zr(m, "Rn", rn)?;
    let mm = zr(m, "Rm", rm)?;
    Ok(w.sf()
        | (op.bits() >> 2) << 30
        | 0x1a80_0000
        | mm << 16
        | cond.bits() << 12
        | (op.bits() & 3) << 10
        | n << 5
        | d)
}

/// `(op, immr, imms)` of the bitfield move that shifts by `amount`, or `None` for `ror`
/// (which is `extr`).
pub(crate) fn shift_imm_fields(op: Shift, w: Width, amount: u8) -> Option<(BitfieldOp, u8, u8)> {
    let bits = w.bits() as u8;
    let top = bits - 1;
    match op {
        Shift::Lsl => Some((BitfieldOp::Ubfm, (bits - amount) % bits, top - amount)),
        Shift::Lsr => Some((BitfieldOp::Ubfm, amount, top)),
        Shift::Asr => Some((BitfieldOp::Sbfm, amount, top)),
        Shift::Ror => None,
    }
}

impl Assembler {
    // ---- add / sub ----------------------------------------------------------------------

    /// `op rd, rn, #imm`: `imm` is `0..=4095` or a multiple of 4096 up to `4095 << 12`
    /// (encoded with `lsl #12`). `rn` may be SP; `rd` may be SP unless the op sets flags.
    pub fn addsub_imm(&mut self, op: AddSubOp, w: Width, rd: Gpr, rn: Gpr, imm: u32) {
        self.put(addsub_imm(op, w, rd, rn, imm));
    }

    /// `op rd, rn, rm{, shift #amount}` (no SP; `ror` is not allowed).
    #[allow(clippy::too_many_arguments)]
    pub fn addsub_shifted(
        &mut self,
        op: AddSubOp,
        w: Width,
        rd: Gpr,
        rn: Gpr,
        rm: Gpr,
        shift: Shift,
        amount: u8,
    ) {
        self.put(addsub_shifted(op, w, rd, rn, rm, shift, amount));
    }

    /// `op rd, rn, rm, extend {#amount}` (extended register; `amount` 0..=4). `rn` may be
    /// SP, `rd` too unless the op sets flags; `rm` is ZR-capable.
    #[allow(clippy::too_many_arguments)]
    pub fn addsub_ext(
        &mut self,
        op: AddSubOp,
        w: Width,
        rd: Gpr,
        rn: Gpr,
        rm: Gpr,
        ext: Extend,
        amount: u8,
    ) {
        self.put(addsub_ext(op, w, rd, rn, rm, ext, amount));
    }

    /// `op rd, rn, rm`: the shifted-register form, or the extended-register form
    /// (`uxtx`/`uxtw` #0) when `rd` or `rn` is SP.
    pub fn addsub_rr(&mut self, op: AddSubOp, w: Width, rd: Gpr, rn: Gpr, rm: Gpr) {
        if rd == Gpr::Sp || rn == Gpr::Sp {
            let ext = match w {
                Width::W32 => Extend::Uxtw,
                Width::W64 => Extend::Uxtx,
            };
            self.addsub_ext(op, w, rd, rn, rm, ext, 0);
        } else {
            self.addsub_shifted(op, w, rd, rn, rm, Shift::Lsl, 0);
        }
    }

    /// `add rd, rn, #imm` (see [`Assembler::addsub_imm`]; [`Assembler::add_const`] takes
    /// any value).
    pub fn add_imm(&mut self, w: Width, rd: Gpr, rn: Gpr, imm: u32) {
        self.addsub_imm(AddSubOp::Add, w, rd, rn, imm);
    }

    /// `sub rd, rn, #imm`.
    pub fn sub_imm(&mut self, w: Width, rd: Gpr, rn: Gpr, imm: u32) {
        self.addsub_imm(AddSubOp::Sub, w, rd, rn, imm);
    }

    /// `add rd, rn, rm` (SP allowed as `rd`/`rn`).
    pub fn add_rr(&mut self, w: Width, rd: Gpr, rn: Gpr, rm: Gpr) {
        self.addsub_rr(AddSubOp::Add, w, rd, rn, rm);
    }

    /// `sub rd, rn, rm` (SP allowed as `rd`/`rn`).
    pub fn sub_rr(&mut self, w: Width, rd: Gpr, rn: Gpr, rm: Gpr) {
        self.addsub_rr(AddSubOp::Sub, w, rd, rn, rm);
    }

    /// `cmp rn, #imm` (`subs zr, rn, #imm`).
    pub fn cmp_imm(&mut self, w: Width, rn: Gpr, imm: u32) {
        self.addsub_imm(AddSubOp::Subs, w, Gpr::Zr, rn, imm);
    }

    /// `cmn rn, #imm` (`adds zr, rn, #imm`).
    pub fn cmn_imm(&mut self, w: Width, rn: Gpr, imm: u32) {
        self.addsub_imm(AddSubOp::Adds, w, Gpr::Zr, rn, imm);
    }

    /// `cmp rn, rm` (`rn` may be SP).
    pub fn cmp_rr(&mut self, w: Width, rn: Gpr, rm: Gpr) {
        self.addsub_rr(AddSubOp::Subs, w, Gpr::Zr, rn, rm);
    }

    /// `cmn rn, rm` (`rn` may be SP).
    pub fn cmn_rr(&mut self, w: Width, rn: Gpr, rm: Gpr) {
        self.addsub_rr(AddSubOp::Adds, w, Gpr::Zr, rn, rm);
    }

    /// `neg rd, rm` (`sub rd, zr, rm`).
    pub fn neg(&mut self, w: Width, rd: Gpr, rm: Gpr) {
        self.addsub_shifted(AddSubOp::Sub, w, rd, Gpr::Zr, rm, Shift::Lsl, 0);
    }

    /// `negs rd, rm` (`subs rd, zr, rm`): negation that sets the flags (V on `MIN`).
    pub fn negs(&mut self, w: Width, rd: Gpr, rm: Gpr) {
        self.addsub_shifted(AddSubOp::Subs, w, rd, Gpr::Zr, rm, Shift::Lsl, 0);
    }

    // ---- logical ------------------------------------------------------------------------

    /// `op rd, rn, #imm` with a bitmask immediate (see [`super::is_bitmask_imm`]); the
    /// inverting ops (`bic`, `orn`, `eon`, `bics`) are encoded as `and`/`orr`/`eor`/`ands`
    /// with the inverted immediate. `rd` may be SP except for the flag-setting ops.
    pub fn logic_imm(&mut self, op: LogicOp, w: Width, rd: Gpr, rn: Gpr, imm: u64) {
        self.put(logic_imm(op, w, rd, rn, imm));
    }

    /// `op rd, rn, rm{, shift #amount}` (no SP).
    #[allow(clippy::too_many_arguments)]
    pub fn logic_shifted(
        &mut self,
        op: LogicOp,
        w: Width,
        rd: Gpr,
        rn: Gpr,
        rm: Gpr,
        shift: Shift,
        amount: u8,
    ) {
        self.put(logic_shifted(op, w, rd, rn, rm, shift, amount));
    }

    /// `op rd, rn, rm`.
    pub fn logic_rr(&mut self, op: LogicOp, w: Width, rd: Gpr, rn: Gpr, rm: Gpr) {
        self.logic_shifted(op, w, rd, rn, rm, Shift::Lsl, 0);
    }

    /// `tst rn, #imm` (`ands zr, rn, #imm`).
    pub fn tst_imm(&mut self, w: Width, rn: Gpr, imm: u64) {
        self.logic_imm(LogicOp::Ands, w, Gpr::Zr, rn, imm);
    }

    /// `tst rn, rm` (`ands zr, rn, rm`).
    pub fn tst_rr(&mut self, w: Width, rn: Gpr, rm: Gpr) {
        self.logic_rr(LogicOp::Ands, w, Gpr::Zr, rn, rm);
    }

    /// `mov rd, rn`: `orr rd, zr, rn`, or `add rd, rn, #0` when either is SP.
    pub fn mov_rr(&mut self, w: Width, rd: Gpr, rn: Gpr) {
        if rd == Gpr::Sp || rn == Gpr::Sp {
            self.addsub_imm(AddSubOp::Add, w, rd, rn, 0);
        } else {
            self.logic_rr(LogicOp::Orr, w, rd, Gpr::Zr, rn);
        }
    }

    /// `mvn rd, rm` (`orn rd, zr, rm`).
    pub fn mvn(&mut self, w: Width, rd: Gpr, rm: Gpr) {
        self.logic_rr(LogicOp::Orn, w, rd, Gpr::Zr, rm);
    }

    // ---- move wide ----------------------------------------------------------------------

    /// `movz/movn/movk rd, #imm16, lsl #shift` (`shift` 0/16, or 0/16/32/48 for 64-bit).
    /// [`Assembler::mov_imm`] materialises any constant.
    pub fn movw(&mut self, op: MoveWideOp, w: Width, rd: Gpr, imm16: u16, shift: u8) {
        self.put(movw(op, w, rd, imm16, shift));
    }

    /// `movz rd, #imm16, lsl #shift`.
    pub fn movz(&mut self, w: Width, rd: Gpr, imm16: u16, shift: u8) {
        self.movw(MoveWideOp::Movz, w, rd, imm16, shift);
    }

    /// `movn rd, #imm16, lsl #shift` (`rd = !(imm16 << shift)`).
    pub fn movn(&mut self, w: Width, rd: Gpr, imm16: u16, shift: u8) {
        self.movw(MoveWideOp::Movn, w, rd, imm16, shift);
    }

    /// `movk rd, #imm16, lsl #shift` (replaces one halfword).
    pub fn movk(&mut self, w: Width, rd: Gpr, imm16: u16, shift: u8) {
        self.movw(MoveWideOp::Movk, w, rd, imm16, shift);
    }

    // ---- bitfield, shifts, extensions ---------------------------------------------------

    /// `sbfm/bfm/ubfm rd, rn, #immr, #imms` (both below the width). Prints as its preferred
    /// alias (`asr`, `lsl`, `lsr`, `sxtb`, `ubfx`, `bfi`, ...).
    pub fn bitfield(&mut self, op: BitfieldOp, w: Width, rd: Gpr, rn: Gpr, immr: u8, imms: u8) {
        self.put(bitfield(op, w, rd, rn, immr, imms));
    }

    /// `extr rd, rn, rm, #lsb`: bits `lsb..lsb+width` of the concatenation `rn:rm`.
    pub fn extr(&mut self, w: Width, rd: Gpr, rn: Gpr, rm: Gpr, lsb: u8) {
        self.put(extr(w, rd, rn, rm, lsb));
    }

    /// `lsl/lsr/asr/ror rd, rn, #amount` (`amount` below the width): a bitfield move, or
    /// `extr rd, rn, rn, #amount` for `ror`.
    pub fn shift_imm(&mut self, op: Shift, w: Width, rd: Gpr, rn: Gpr, amount: u8) {
        if amount as u32 >= w.bits() {
            self.fail(AsmErrorKind::ImmOutOfRange {
                mnemonic: op.name(),
                imm: amount as i64,
                accepted: "0..=31 for 32-bit, 0..=63 for 64-bit",
            });
            return;
        }
        match shift_imm_fields(op, w, amount) {
            Some((bf, immr, imms)) => self.bitfield(bf, w, rd, rn, immr, imms),
            None => self.extr(w, rd, rn, rn, amount),
        }
    }

    /// `lsl/lsr/asr/ror rd, rn, rm` (shift by `rm` modulo the width).
    pub fn shift_rr(&mut self, op: Shift, w: Width, rd: Gpr, rn: Gpr, rm: Gpr) {
        let op2 = match op {
            Shift::Lsl => Dp2Op::Lslv,
            Shift::Lsr => Dp2Op::Lsrv,
            Shift::Asr => Dp2Op::Asrv,
            Shift::Ror => Dp2Op::Rorv,
        };
        self.dp2(op2, w, rd, rn, rm);
    }

    /// Sign or zero extension of the low 8/16/32 bits of `rn` into `rd` of width `w`.
    /// `sxtw` needs a 64-bit destination; the zero extensions write the 32-bit register
    /// (which clears the upper half), and `uxtw` is `mov wd, wn`.
    pub fn extend(&mut self, op: ExtendOp, w: Width, rd: Gpr, rn: Gpr) {
        match op {
            ExtendOp::Sxtw if w == Width::W32 => {
                self.fail(unsupported("sxtw", "a 32-bit destination"))
            }
            ExtendOp::Sxtb | ExtendOp::Sxth | ExtendOp::Sxtw => {
                let imms = op.source_bits() as u8 - 1;
                self.bitfield(BitfieldOp::Sbfm, w, rd, rn, 0, imms);
            }
            ExtendOp::Uxtb | ExtendOp::Uxth => {
                let imms = op.source_bits() as u8 - 1;
                self.bitfield(BitfieldOp::Ubfm, Width::W32, rd, rn, 0, imms);
            }
            ExtendOp::Uxtw => self.logic_rr(LogicOp::Orr, Width::W32, rd, Gpr::Zr, rn),
        }
    }

    /// Checks `lsb + width <= bits` and `width >= 1` for the bitfield helpers.
    fn check_field(&mut self, m: &'static str, w: Width, lsb: u8, width: u8) -> bool {
        if width == 0 || lsb as u32 + width as u32 > w.bits() {
            self.fail(AsmErrorKind::ImmOutOfRange {
                mnemonic: m,
                imm: lsb as i64 + width as i64,
                accepted: "a bit field with width >= 1 and lsb + width <= register width",
            });
            false
        } else {
            true
        }
    }

    /// `ubfx rd, rn, #lsb, #width`: extract an unsigned bit field.
    pub fn ubfx(&mut self, w: Width, rd: Gpr, rn: Gpr, lsb: u8, width: u8) {
        if self.check_field("ubfx", w, lsb, width) {
            self.bitfield(BitfieldOp::Ubfm, w, rd, rn, lsb, lsb + width - 1);
        }
    }

    /// `sbfx rd, rn, #lsb, #width`: extract a signed bit field.
    pub fn sbfx(&mut self, w: Width, rd: Gpr, rn: Gpr, lsb: u8, width: u8) {
        if self.check_field("sbfx", w, lsb, width) {
            self.bitfield(BitfieldOp::Sbfm, w, rd, rn, lsb, lsb + width - 1);
        }
    }

    /// `ubfiz rd, rn, #lsb, #width`: the low `width` bits of `rn` placed at `lsb`, zeros
    /// elsewhere.
    pub fn ubfiz(&mut self, w: Width, rd: Gpr, rn: Gpr, lsb: u8, width: u8) {
        if self.check_field("ubfiz", w, lsb, width) {
            let bits = w.bits() as u8;
            self.bitfield(BitfieldOp::Ubfm, w, rd, rn, (bits - lsb) % bits, width - 1);
        }
    }

    /// `sbfiz rd, rn, #lsb, #width`: like `ubfiz`, sign-extended.
    pub fn sbfiz(&mut self, w: Width, rd: Gpr, rn: Gpr, lsb: u8, width: u8) {
        if self.check_field("sbfiz", w, lsb, width) {
            let bits = w.bits() as u8;
            self.bitfield(BitfieldOp::Sbfm, w, rd, rn, (bits - lsb) % bits, width - 1);
        }
    }

    /// `bfi rd, rn, #lsb, #width`: insert the low `width` bits of `rn` at `lsb` of `rd`.
    pub fn bfi(&mut self, w: Width, rd: Gpr, rn: Gpr, lsb: u8, width: u8) {
        if self.check_field("bfi", w, lsb, width) {
            let bits = w.bits() as u8;
            self.bitfield(BitfieldOp::Bfm, w, rd, rn, (bits - lsb) % bits, width - 1);
        }
    }

    /// `bfxil rd, rn, #lsb, #width`: insert bits `lsb..lsb+width` of `rn` at bit 0 of `rd`.
    pub fn bfxil(&mut self, w: Width, rd: Gpr, rn: Gpr, lsb: u8, width: u8) {
        if self.check_field("bfxil", w, lsb, width) {
            self.bitfield(BitfieldOp::Bfm, w, rd, rn, lsb, lsb + width - 1);
        }
    }

    // ---- one/two/three-source -------------------------------------------------------------

    /// `rbit/rev16/rev32/rev/clz/cls rd, rn` (`rev32` only for 64-bit).
    pub fn dp1(&mut self, op: Dp1Op, w: Width, rd: Gpr, rn: Gpr) {
        self.put(dp1(op, w, rd, rn));
    }

    /// `udiv/sdiv/lslv/lsrv/asrv/rorv rd, rn, rm`. Division by zero gives 0 (no trap);
    /// `MIN / -1` gives `MIN`.
    pub fn dp2(&mut self, op: Dp2Op, w: Width, rd: Gpr, rn: Gpr, rm: Gpr) {
        self.put(dp2(op, w, rd, rn, rm));
    }

    /// `sdiv rd, rn, rm`.
    pub fn sdiv(&mut self, w: Width, rd: Gpr, rn: Gpr, rm: Gpr) {
        self.dp2(Dp2Op::Sdiv, w, rd, rn, rm);
    }

    /// `udiv rd, rn, rm`.
    pub fn udiv(&mut self, w: Width, rd: Gpr, rn: Gpr, rm: Gpr) {
        self.dp2(Dp2Op::Udiv, w, rd, rn, rm);
    }

    /// `madd/msub rd, rn, rm, ra` (`ra ± rn * rm`), or the widening `smaddl/smsubl/umaddl/
    /// umsubl xd, wn, wm, xa` (64-bit only).
    #[allow(clippy::too_many_arguments)]
    pub fn dp3(&mut self, op: Dp3Op, w: Width, rd: Gpr, rn: Gpr, rm: Gpr, ra: Gpr) {
        self.put(dp3(op, w, rd, rn, rm, ra));
    }

    /// `mul rd, rn, rm` (`madd rd, rn, rm, zr`).
    pub fn mul(&mut self, w: Width, rd: Gpr, rn: Gpr, rm: Gpr) {
        self.dp3(Dp3Op::Madd, w, rd, rn, rm, Gpr::Zr);
    }

    /// `madd rd, rn, rm, ra` (`ra + rn * rm`).
    pub fn madd(&mut self, w: Width, rd: Gpr, rn: Gpr, rm: Gpr, ra: Gpr) {
        self.dp3(Dp3Op::Madd, w, rd, rn, rm, ra);
    }

    /// `msub rd, rn, rm, ra` (`ra - rn * rm`; the remainder after a division).
    pub fn msub(&mut self, w: Width, rd: Gpr, rn: Gpr, rm: Gpr, ra: Gpr) {
        self.dp3(Dp3Op::Msub, w, rd, rn, rm, ra);
    }

    /// `smull xd, wn, wm` (signed 32x32 -> 64).
    pub fn smull(&mut self, rd: Gpr, rn: Gpr, rm: Gpr) {
        self.dp3(Dp3Op::Smaddl, Width::W64, rd, rn, rm, Gpr::Zr);
    }

    /// `umull xd, wn, wm` (unsigned 32x32 -> 64).
    pub fn umull(&mut self, rd: Gpr, rn: Gpr, rm: Gpr) {
        self.dp3(Dp3Op::Umaddl, Width::W64, rd, rn, rm, Gpr::Zr);
    }

    /// `smulh/umulh xd, xn, xm`: the high 64 bits of the 128-bit product (overflow checks
    /// of 64-bit multiplication compare it with the sign of the low half).
    pub fn mulh(&mut self, op: MulHighOp, rd: Gpr, rn: Gpr, rm: Gpr) {
        self.put(mulh(op, rd, rn, rm));
    }

    /// `smulh xd, xn, xm`.
    pub fn smulh(&mut self, rd: Gpr, rn: Gpr, rm: Gpr) {
        self.mulh(MulHighOp::Smulh, rd, rn, rm);
    }

    /// `umulh xd, xn, xm`.
    pub fn umulh(&mut self, rd: Gpr, rn: Gpr, rm: Gpr) {
        self.mulh(MulHighOp::Umulh, rd, rn, rm);
    }

    // ---- conditional compare and select -------------------------------------------------

    /// `ccmp/ccmn rn, rm, #nzcv, cond`: if `cond` holds, set the flags from the comparison,
    /// else set them to `nzcv` (0..=15).
    #[allow(clippy::too_many_arguments)]
    pub fn ccmp_rr(&mut self, op: CondCmpOp, w: Width, rn: Gpr, rm: Gpr, nzcv: u8, cond: Cond) {
        self.put(ccmp_rr(op, w, rn, rm, nzcv, cond));
    }

    /// `ccmp/ccmn rn, #imm, #nzcv, cond` (`imm` 0..=31).
    #[allow(clippy::too_many_arguments)]
    pub fn ccmp_imm(&mut self, op: CondCmpOp, w: Width, rn: Gpr, imm: u8, nzcv: u8, cond: Cond) {
        self.put(ccmp_imm(op, w, rn, imm, nzcv, cond));
    }

    /// `csel/csinc/csinv/csneg rd, rn, rm, cond`: `rd = cond ? rn : f(rm)`.
    #[allow(clippy::too_many_arguments)]
    pub fn csel_op(&mut self, op: CselOp, w: Width, rd: Gpr, rn: Gpr, rm: Gpr, cond: Cond) {
        self.put(csel(op, w, rd, rn, rm, cond));
    }

    /// `csel rd, rn, rm, cond`.
    pub fn csel(&mut self, w: Width, rd: Gpr, rn: Gpr, rm: Gpr, cond: Cond) {
        self.csel_op(CselOp::Csel, w, rd, rn, rm, cond);
    }

    /// Records an error if `cond` is `al`/`nv` (the aliases that invert it cannot express
    /// "never").
    fn check_invertible(&mut self, m: &'static str, cond: Cond) -> bool {
        if cond.is_always() {
            self.fail(unsupported(m, "condition al/nv"));
            false
        } else {
            true
        }
    }

    /// `cset rd, cond`: `rd = cond ? 1 : 0` (`csinc rd, zr, zr, !cond`).
    pub fn cset(&mut self, w: Width, rd: Gpr, cond: Cond) {
        if self.check_invertible("cset", cond) {
            self.csel_op(CselOp::Csinc, w, rd, Gpr::Zr, Gpr::Zr, cond.invert());
        }
    }

    /// `csetm rd, cond`: `rd = cond ? -1 : 0`.
    pub fn csetm(&mut self, w: Width, rd: Gpr, cond: Cond) {
        if self.check_invertible("csetm", cond) {
            self.csel_op(CselOp::Csinv, w, rd, Gpr::Zr, Gpr::Zr, cond.invert());
        }
    }

    /// `cinc rd, rn, cond`: `rd = cond ? rn + 1 : rn`.
    pub fn cinc(&mut self, w: Width, rd: Gpr, rn: Gpr, cond: Cond) {
        if self.check_invertible("cinc", cond) {
            self.csel_op(CselOp::Csinc, w, rd, rn, rn, cond.invert());
        }
    }

    /// `cneg rd, rn, cond`: `rd = cond ? -rn : rn`.
    pub fn cneg(&mut self, w: Width, rd: Gpr, rn: Gpr, cond: Cond) {
        if self.check_invertible("cneg", cond) {
            self.csel_op(CselOp::Csneg, w, rd, rn, rn, cond.invert());
        }
    }
}
