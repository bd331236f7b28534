//! Scalar floating point (`s` and `d` registers): arithmetic, fused multiply-add, compares
//! (register and `#0.0`), conditional select, precision conversion, conversions to and from
//! integers with every rounding mode, `fmov` between registers and register files, and
//! `fmov` of the 8-bit floating-point immediates.
//!
//! The 8-bit immediate of `fmov` encodes `+-(16 + m)/16 * 2^e` with `m` in 0..=15 and `e` in
//! -3..=4 (so 0.125 ..= 31.0, no zero); [`fp_imm8`] maps a value to it and
//! [`fp_imm8_value`] back (the architecture's `VFPExpandImm`).
//!
//! Register 31 of the general-purpose operands of conversions and `fmov` is ZR.

use super::encode::{fp, zr};
use super::error::AsmErrorKind;
use super::operand::{Cond, FcmpOp, FpOp1, FpOp2, FpOp3, FpToIntOp, IntToFpOp};
use super::reg::{FpWidth, Fpr, Gpr, Width};
use super::{Assembler, Enc};

/// The 8-bit `fmov` immediate for `v`, or `None` if `v` is not of the form
/// `+-(16 + m)/16 * 2^e` (`m` in 0..=15, `e` in -3..=4).
pub const fn fp_imm8(v: f64) -> Option<u8> {
    let bits = v.to_bits();
    let sign = (bits >> 63) as u8;
    let exp = (bits >> 52) & 0x7ff;
    let frac = bits & ((1 << 52) - 1);
    if frac & ((1 << 48) - 1) != 0 {
        return None;
    }
    let b6 = ((exp >> 10) & 1) ^ 1;
    let middle = (exp >> 2) & 0xff;
    if middle != if b6 == 1 { 0xff } else { 0 } {
        return None;
    }
    Some(sign << 7 | (b6 as u8) << 6 | ((exp & 3) as u8) << 4 | (frac >> 48) as u8)
}

/// The value of an 8-bit `fmov` immediate (every one is exact in `f32` and `f64`).
pub const fn fp_imm8_value(imm8: u8) -> f64 {
    let sign = (imm8 >> 7) as u64;
    let b6 = ((imm8 >> 6) & 1) as u64;
    let cd = ((imm8 >> 4) & 3) as u64;
    let frac = (imm8 & 15) as u64;
    let exp = (b6 ^ 1) << 10 | if b6 == 1 { 0xff << 2 } else { 0 } | cd;
    f64::from_bits(sign << 63 | exp << 52 | frac << 48)
}

pub(crate) fn fp_rrr(op: FpOp2, w: FpWidth, rd: Fpr, rn: Fpr, rm: Fpr) -> Enc {
    Ok(0x1e20_0800 | w.ftype() << 22 | fp(rm) << 16 | op.bits() << 12 | fp(rn) << 5 | fp(rd))
}

pub(crate) fn fp_rr(op: FpOp1, w: FpWidth, rd: Fpr, rn: Fpr) -> Enc {
    Ok(0x1e20_4000 | w.ftype() << 22 | op.bits() << 15 | fp(rn) << 5 | fp(rd))
}

pub(crate) fn fp_rrrr(op: FpOp3, w: FpWidth, rd: Fpr, rn: Fpr, rm: Fpr, ra: Fpr) -> Enc {
    Ok(0x1f00_0000
        | w.ftype() << 22
        | (op.bits() >> 1) << 21
        | fp(rm) << 16
        | (op.bits() & 1) << 15
        | fp(ra) << 10
        | fp(rn) << 5
        | fp(rd))
}

pub(crate) fn fcvt(dst_w: FpWidth, rd: Fpr, src_w: FpWidth, rn: Fpr) -> Enc {
    if dst_w == src_w {
        return Err(AsmErrorKind::Unsupported {
            mnemonic: "fcvt",
            what: "a conversion to the same precision (use fmov)",
        });
    }
    Ok(0x1e20_4000 | src_w.ftype() << 22 | (0b000100 | dst_w.ftype()) << 15 | fp(rn) << 5 | fp(rd))
}

pub(crate) fn fcmp(op: FcmpOp, w: FpWidth, rn: Fpr, rm: Fpr) -> Enc {
    Ok(0x1e20_2000 | w.ftype() << 22 | fp(rm) << 16 | fp(rn) << 5 | op.bits() << 4)
}

pub(crate) fn fcmp_zero(op: FcmpOp, w: FpWidth, rn: Fpr) -> Enc {
    Ok(0x1e20_2008 | w.ftype() << 22 | fp(rn) << 5 | op.bits() << 4)
}

pub(crate) fn fcsel(w: FpWidth, rd: Fpr, rn: Fpr, rm: Fpr, cond: Cond) -> Enc {
    Ok(0x1e20_0c00 | w.ftype() << 22 | fp(rm) << 16 | cond.bits() << 12 | fp(rn) << 5 | fp(rd))
}

pub(crate) fn fp_to_int(op: FpToIntOp, iw: Width, rd: Gpr, fw: FpWidth, rn: Fpr) -> Enc {
    let d = zr(op.name(), "Rd", rd)?;
    Ok(iw.sf() | 0x1e20_0000 | fw.ftype() << 22 | op.bits() << 16 | fp(rn) << 5 | d)
}

pub(crate) fn int_to_fp(op: IntToFpOp, fw: FpWidth, rd: Fpr, iw: Width, rn: Gpr) -> Enc {
    let n = zr(op.name(), "Rn", rn)?;
    Ok(iw.sf() | 0x1e20_0000 | fw.ftype() << 22 | op.bits() << 16 | n << 5 | fp(rd))
}

pub(crate) fn fmov_to_gpr(w: FpWidth, rd: Gpr, rn: Fpr) -> Enc {
    let d = zr("fmov", "Rd", rd)?;
    let base = match w {
        FpWidth::F32 => 0x1e26_0000,
        FpWidth::F64 => 0x9e66_0000,
    };
    Ok(base | fp(rn) << 5 | d)
}

pub(crate) fn fmov_from_gpr(w: FpWidth, rd: Fpr, rn: Gpr) -> Enc {
    let n = zr("fmov", "Rn", rn)?;
    let base = match w {
        FpWidth::F32 => 0x1e27_0000,
        FpWidth::F64 => 0x9e67_0000,
    };
    Ok(base | n << 5 | fp(rd))
}

pub(crate) fn fmov_imm(w: FpWidth, rd: Fpr, value: f64) -> Enc {
    let imm8 = fp_imm8(value).ok_or(AsmErrorKind::NotFpImm {
        bits: value.to_bits(),
    })?;
    Ok(0x1e20_1000 | w.ftype() << 22 | (imm8 as u32) << 13 | fp(rd))
}

impl Assembler {
    /// `fadd/fsub/fmul/fdiv/fmax/fmin/fmaxnm/fminnm/fnmul rd, rn, rm`.
    pub fn fp_rrr(&mut self, op: FpOp2, w: FpWidth, rd: Fpr, rn: Fpr, rm: Fpr) {
        self.put(fp_rrr(op, w, rd, rn, rm));
    }

    /// `fmov/fabs/fneg/fsqrt/frint* rd, rn`.
    pub fn fp_rr(&mut self, op: FpOp1, w: FpWidth, rd: Fpr, rn: Fpr) {
        self.put(fp_rr(op, w, rd, rn));
    }

    /// `fmadd/fmsub/fnmadd/fnmsub rd, rn, rm, ra` (fused: one rounding).
    pub fn fp_rrrr(&mut self, op: FpOp3, w: FpWidth, rd: Fpr, rn: Fpr, rm: Fpr, ra: Fpr) {
        self.put(fp_rrrr(op, w, rd, rn, rm, ra));
    }

    /// `fadd rd, rn, rm`.
    pub fn fadd(&mut self, w: FpWidth, rd: Fpr, rn: Fpr, rm: Fpr) {
        self.fp_rrr(FpOp2::Fadd, w, rd, rn, rm);
    }

    /// `fsub rd, rn, rm`.
    pub fn fsub(&mut self, w: FpWidth, rd: Fpr, rn: Fpr, rm: Fpr) {
        self.fp_rrr(FpOp2::Fsub, w, rd, rn, rm);
    }

    /// `fmul rd, rn, rm`.
    pub fn fmul(&mut self, w: FpWidth, rd: Fpr, rn: Fpr, rm: Fpr) {
        self.fp_rrr(FpOp2::Fmul, w, rd, rn, rm);
    }

    /// `fdiv rd, rn, rm`.
    pub fn fdiv(&mut self, w: FpWidth, rd: Fpr, rn: Fpr, rm: Fpr) {
        self.fp_rrr(FpOp2::Fdiv, w, rd, rn, rm);
    }

    /// `fneg rd, rn`.
    pub fn fneg(&mut self, w: FpWidth, rd: Fpr, rn: Fpr) {
        self.fp_rr(FpOp1::Fneg, w, rd, rn);
    }

    /// `fabs rd, rn`.
    pub fn fabs(&mut self, w: FpWidth, rd: Fpr, rn: Fpr) {
        self.fp_rr(FpOp1::Fabs, w, rd, rn);
    }

    /// `fsqrt rd, rn`.
    pub fn fsqrt(&mut self, w: FpWidth, rd: Fpr, rn: Fpr) {
        self.fp_rr(FpOp1::Fsqrt, w, rd, rn);
    }

    /// `fmov rd, rn` (same register file).
    pub fn fmov_rr(&mut self, w: FpWidth, rd: Fpr, rn: Fpr) {
        self.fp_rr(FpOp1::Fmov, w, rd, rn);
    }

    /// `fcvt rd, rn`: precision conversion (`dst_w` must differ from `src_w`).
    pub fn fcvt(&mut self, dst_w: FpWidth, rd: Fpr, src_w: FpWidth, rn: Fpr) {
        self.put(fcvt(dst_w, rd, src_w, rn));
    }

    /// `fcmp/fcmpe rn, rm` (sets NZCV; unordered gives C and V set).
    pub fn fcmp(&mut self, op: FcmpOp, w: FpWidth, rn: Fpr, rm: Fpr) {
        self.put(fcmp(op, w, rn, rm));
    }

    /// `fcmp/fcmpe rn, #0.0`.
    pub fn fcmp_zero(&mut self, op: FcmpOp, w: FpWidth, rn: Fpr) {
        self.put(fcmp_zero(op, w, rn));
    }

    /// `fcsel rd, rn, rm, cond`.
    pub fn fcsel(&mut self, w: FpWidth, rd: Fpr, rn: Fpr, rm: Fpr, cond: Cond) {
        self.put(fcsel(w, rd, rn, rm, cond));
    }

    /// `fcvt{n,a,p,m,z}{s,u} rd, rn`: float to integer with the op's rounding (saturating;
    /// NaN gives 0).
    pub fn fp_to_int(&mut self, op: FpToIntOp, iw: Width, rd: Gpr, fw: FpWidth, rn: Fpr) {
        self.put(fp_to_int(op, iw, rd, fw, rn));
    }

    /// `fcvtzs rd, rn` (truncation toward zero, like a C cast but saturating).
    pub fn fcvtzs(&mut self, iw: Width, rd: Gpr, fw: FpWidth, rn: Fpr) {
        self.fp_to_int(FpToIntOp::Fcvtzs, iw, rd, fw, rn);
    }

    /// `scvtf/ucvtf rd, rn`: integer to float (rounded to nearest).
    pub fn int_to_fp(&mut self, op: IntToFpOp, fw: FpWidth, rd: Fpr, iw: Width, rn: Gpr) {
        self.put(int_to_fp(op, fw, rd, iw, rn));
    }

    /// `scvtf rd, rn`.
    pub fn scvtf(&mut self, fw: FpWidth, rd: Fpr, iw: Width, rn: Gpr) {
        self.int_to_fp(IntToFpOp::Scvtf, fw, rd, iw, rn);
    }

    /// `fmov wd, sn` / `fmov xd, dn`: the raw bits of a float into an integer register.
    pub fn fmov_to_gpr(&mut self, w: FpWidth, rd: Gpr, rn: Fpr) {
        self.put(fmov_to_gpr(w, rd, rn));
    }

    /// `fmov sd, wn` / `fmov dd, xn`: raw bits into a float register (`xzr` gives +0.0).
    pub fn fmov_from_gpr(&mut self, w: FpWidth, rd: Fpr, rn: Gpr) {
        self.put(fmov_from_gpr(w, rd, rn));
    }

    /// `fmov rd, #value` for the values [`fp_imm8`] accepts; [`Assembler::fmov_const`]
    /// takes any value.
    pub fn fmov_imm(&mut self, w: FpWidth, rd: Fpr, value: f64) {
        self.put(fmov_imm(w, rd, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imm8_round_trip() {
        for imm8 in 0..=255u8 {
            let v = fp_imm8_value(imm8);
            assert_eq!(fp_imm8(v), Some(imm8), "{v}");
            assert_eq!(v as f32 as f64, v, "{v} is exact in f32");
        }
        assert_eq!(fp_imm8(1.0), Some(0x70));
        assert_eq!(fp_imm8(-2.5), Some(0x84));
        for v in [
            0.0,
            -0.0,
            32.0,
            0.1,
            0.0625,
            f64::NAN,
            f64::INFINITY,
            1.03125,
        ] {
            assert_eq!(fp_imm8(v), None, "{v}");
        }
    }
}
