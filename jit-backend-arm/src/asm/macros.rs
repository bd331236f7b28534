//! Multi-instruction helpers for operands the single instructions cannot take: any
//! add/compare constant, any logical constant, any memory offset, any float constant, calls
//! to any address, and addresses within +-4 GiB.
//!
//! Each helper uses the shortest form that works and, only when no direct form exists,
//! materialises the constant in [`SCRATCH`] (`x16`, IP0) with
//! [`Assembler::mov_imm`]. A helper that needs the scratch register records
//! [`AsmErrorKind::ScratchConflict`] if `x16` is one of its operands that must survive
//! (a base register, a store's source, a source operand); helpers that do not need it
//! accept `x16` like any register.
//!
//! Invariant: a helper emits its instructions only after all validation that does not
//! depend on earlier instructions has passed, so a failing helper emits nothing or records
//! an error (which makes `finish` fail either way).

use super::bitmask::encode_bitmask;
use super::encode_int::addsub_imm_fields;
use super::encode_mem::offset_form;
use super::error::AsmErrorKind;
use super::operand::{AddSubOp, LoadOp, LogicOp, Mem, StoreOp};
use super::reg::{FpWidth, Fpr, Gpr, Width};
use super::{Assembler, SCRATCH, fp_imm8};

/// `imm` as the value a `w`-bit operation sees, sign-extended to `i64`; `None` for 32-bit
/// operations given a value outside `i32::MIN..=u32::MAX`.
fn value_at(w: Width, imm: i64) -> Option<i64> {
    match w {
        Width::W64 => Some(imm),
        Width::W32 => {
            if imm < i32::MIN as i64 || imm > u32::MAX as i64 {
                None
            } else {
                Some(imm as i32 as i64)
            }
        }
    }
}

impl Assembler {
    /// Records a scratch conflict if any of `regs` is the scratch register.
    fn scratch_free(&mut self, helper: &'static str, regs: &[Gpr]) -> bool {
        if regs.contains(&SCRATCH) {
            self.fail(AsmErrorKind::ScratchConflict { helper });
            false
        } else {
            true
        }
    }

    fn check_value(&mut self, mnemonic: &'static str, w: Width, imm: i64) -> Option<i64> {
        let v = value_at(w, imm);
        if v.is_none() {
            self.fail(AsmErrorKind::ImmOutOfRange {
                mnemonic,
                imm,
                accepted: "a 32-bit value (signed or unsigned) for a 32-bit operation",
            });
        }
        v
    }

    /// `rd = rn + imm` for any `imm`: one `add`/`sub` (12-bit immediate, optionally
    /// `lsl #12`), two for magnitudes below 2^24, else `mov_imm x16, imm` + `add`. `rd` and
    /// `rn` may be SP (the intermediate value of the two-instruction form lies between the
    /// old and the new SP, so nothing below SP is exposed).
    pub fn add_const(&mut self, w: Width, rd: Gpr, rn: Gpr, imm: i64) {
        let Some(v) = self.check_value("add", w, imm) else {
            return;
        };
        let (op, mag) = if v < 0 {
            (AddSubOp::Sub, v.unsigned_abs())
        } else {
            (AddSubOp::Add, v as u64)
        };
        if mag <= u32::MAX as u64 && addsub_imm_fields(mag as u32).is_some() {
            self.addsub_imm(op, w, rd, rn, mag as u32);
        } else if mag < 1 << 24 {
            let start = self.offset();
            self.addsub_imm(op, w, rd, rn, mag as u32 & 0xfff000);
            if self.offset() != start {
                self.addsub_imm(op, w, rd, rd, mag as u32 & 0xfff);
            }
        } else if self.scratch_free("add_const", &[rd, rn]) {
            self.mov_imm(w, SCRATCH, v as u64);
            self.addsub_rr(AddSubOp::Add, w, rd, rn, SCRATCH);
        }
    }

    /// `rd = rn - imm` for any `imm` (see [`Assembler::add_const`]).
    pub fn sub_const(&mut self, w: Width, rd: Gpr, rn: Gpr, imm: i64) {
        let Some(v) = self.check_value("sub", w, imm) else {
            return;
        };
        self.add_const(w, rd, rn, v.wrapping_neg());
    }

    /// Compares `rn` with any constant: `cmp`/`cmn` with a 12-bit immediate (optionally
    /// `lsl #12`, using `cmn rn, #-imm` for negative values), else `mov_imm x16, imm` +
    /// `cmp`. The flags are always exactly those of `cmp rn, imm` (for `0 < k < 2^63`,
    /// `cmn rn, #k` and `cmp rn, #-k` compute the same NZCV).
    pub fn cmp_const(&mut self, w: Width, rn: Gpr, imm: i64) {
        let Some(v) = self.check_value("cmp", w, imm) else {
            return;
        };
        if v >= 0 && v <= u32::MAX as i64 && addsub_imm_fields(v as u32).is_some() {
            self.cmp_imm(w, rn, v as u32);
            return;
        }
        let neg = v.unsigned_abs();
        if v < 0 && neg <= u32::MAX as u64 && addsub_imm_fields(neg as u32).is_some() {
            self.cmn_imm(w, rn, neg as u32);
            return;
        }
        if self.scratch_free("cmp_const", &[rn]) {
            self.mov_imm(w, SCRATCH, v as u64);
            self.cmp_rr(w, rn, SCRATCH);
        }
    }

    /// `rd = rn op imm` for any `imm`: the bitmask-immediate form when encodable, the
    /// register form with `xzr` for 0 and all ones, else `mov_imm x16, imm` + the register
    /// form.
    pub fn logic_const(&mut self, op: LogicOp, w: Width, rd: Gpr, rn: Gpr, imm: u64) {
        if w == Width::W32 && imm > u32::MAX as u64 {
            self.fail(AsmErrorKind::ImmOutOfRange {
                mnemonic: op.name(),
                imm: imm as i64,
                accepted: "a 32-bit value for a 32-bit operation",
            });
            return;
        }
        let direct = if op.inverts() { !imm & w.mask() } else { imm };
        if encode_bitmask(direct, w).is_some() {
            self.logic_imm(op, w, rd, rn, imm);
        } else if imm == 0 {
            self.logic_rr(op, w, rd, rn, Gpr::Zr);
        } else if imm == w.mask() {
            // x op ~0 == x op' 0 where op' toggles the inversion.
            let toggled = match op {
                LogicOp::And => LogicOp::Bic,
                LogicOp::Bic => LogicOp::And,
                LogicOp::Orr => LogicOp::Orn,
                LogicOp::Orn => LogicOp::Orr,
                LogicOp::Eor => LogicOp::Eon,
                LogicOp::Eon => LogicOp::Eor,
                LogicOp::Ands => LogicOp::Bics,
                LogicOp::Bics => LogicOp::Ands,
            };
            self.logic_rr(toggled, w, rd, rn, Gpr::Zr);
        } else if self.scratch_free("logic_const", &[rn]) {
            self.mov_imm(w, SCRATCH, imm);
            self.logic_rr(op, w, rd, rn, SCRATCH);
        }
    }

    /// Records an error unless `base` may serve a far access.
    fn far_base(&mut self, helper: &'static str, base: Gpr) -> bool {
        if base == Gpr::Zr {
            self.fail(AsmErrorKind::BadRegister {
                mnemonic: helper,
                operand: "base",
                reg: base,
                expected: "x0..x30 or sp",
            });
            return false;
        }
        self.scratch_free(helper, &[base])
    }

    /// The in-range memory operand for `[base, #offset]`, if one exists.
    fn near_mem(base: Gpr, size_log2: u32, offset: i64) -> Option<Mem> {
        let o = i32::try_from(offset).ok()?;
        offset_form(size_log2, o).map(|_| Mem::base(base, o))
    }

    /// Integer load from `[base, #offset]` for any offset: the immediate forms when in
    /// range, else `mov_imm x16, offset` + the register-offset form.
    pub fn load_far(&mut self, op: LoadOp, rt: Gpr, base: Gpr, offset: i64) {
        match Self::near_mem(base, op.size_log2(), offset) {
            Some(m) => self.load(op, rt, m),
            None => {
                if self.far_base("load_far", base) {
                    self.mov_imm(Width::W64, SCRATCH, offset as u64);
                    self.load(op, rt, Mem::index(base, SCRATCH));
                }
            }
        }
    }

    /// Integer store to `[base, #offset]` for any offset (see [`Assembler::load_far`];
    /// `rt` must not be x16 when the offset needs it).
    pub fn store_far(&mut self, op: StoreOp, rt: Gpr, base: Gpr, offset: i64) {
        match Self::near_mem(base, op.size_log2(), offset) {
            Some(m) => self.store(op, rt, m),
            None => {
                if self.far_base("store_far", base) && self.scratch_free("store_far", &[rt]) {
                    self.mov_imm(Width::W64, SCRATCH, offset as u64);
                    self.store(op, rt, Mem::index(base, SCRATCH));
                }
            }
        }
    }

    /// `ldr st/dt, [base, #offset]` for any offset.
    pub fn load_fp_far(&mut self, w: FpWidth, rt: Fpr, base: Gpr, offset: i64) {
        let size_log2 = w.bytes().trailing_zeros();
        match Self::near_mem(base, size_log2, offset) {
            Some(m) => self.load_fp(w, rt, m),
            None => {
                if self.far_base("load_fp_far", base) {
                    self.mov_imm(Width::W64, SCRATCH, offset as u64);
                    self.load_fp(w, rt, Mem::index(base, SCRATCH));
                }
            }
        }
    }

    /// `str st/dt, [base, #offset]` for any offset.
    pub fn store_fp_far(&mut self, w: FpWidth, rt: Fpr, base: Gpr, offset: i64) {
        let size_log2 = w.bytes().trailing_zeros();
        match Self::near_mem(base, size_log2, offset) {
            Some(m) => self.store_fp(w, rt, m),
            None => {
                if self.far_base("store_fp_far", base) {
                    self.mov_imm(Width::W64, SCRATCH, offset as u64);
                    self.store_fp(w, rt, Mem::index(base, SCRATCH));
                }
            }
        }
    }

    /// `x16 = base + offset` for the far pair helpers.
    fn far_pair_address(&mut self, helper: &'static str, base: Gpr, offset: i64) -> bool {
        if !self.far_base(helper, base) {
            return false;
        }
        self.mov_imm(Width::W64, SCRATCH, offset as u64);
        self.addsub_rr(AddSubOp::Add, Width::W64, SCRATCH, base, SCRATCH);
        true
    }

    /// Whether `[base, #offset]` is in reach of a pair of `scale`-byte registers.
    fn pair_in_reach(offset: i64, scale: i64) -> Option<i32> {
        (offset % scale == 0 && (-64..=63).contains(&(offset / scale))).then_some(offset as i32)
    }

    /// `ldp rt1, rt2, [base, #offset]` for any offset (`add x16, base, offset` first when
    /// out of reach).
    pub fn ldp_far(&mut self, w: Width, rt1: Gpr, rt2: Gpr, base: Gpr, offset: i64) {
        let scale = w.bits() as i64 / 8;
        match Self::pair_in_reach(offset, scale) {
            Some(o) => self.ldp(w, rt1, rt2, Mem::base(base, o)),
            None => {
                if self.far_pair_address("ldp_far", base, offset) {
                    self.ldp(w, rt1, rt2, Mem::base(SCRATCH, 0));
                }
            }
        }
    }

    /// `stp rt1, rt2, [base, #offset]` for any offset.
    pub fn stp_far(&mut self, w: Width, rt1: Gpr, rt2: Gpr, base: Gpr, offset: i64) {
        let scale = w.bits() as i64 / 8;
        match Self::pair_in_reach(offset, scale) {
            Some(o) => self.stp(w, rt1, rt2, Mem::base(base, o)),
            None => {
                if self.scratch_free("stp_far", &[rt1, rt2])
                    && self.far_pair_address("stp_far", base, offset)
                {
                    self.stp(w, rt1, rt2, Mem::base(SCRATCH, 0));
                }
            }
        }
    }

    /// `rd = value` for any float (rounded to `f32` for single precision): `fmov #imm8`
    /// when encodable, `fmov rd, xzr` for +0.0, else `mov_imm x16, bits` + `fmov rd, x16`.
    pub fn fmov_const(&mut self, w: FpWidth, rd: Fpr, value: f64) {
        let bits = match w {
            FpWidth::F32 => (value as f32).to_bits() as u64,
            FpWidth::F64 => value.to_bits(),
        };
        let exact = match w {
            FpWidth::F32 => (value as f32) as f64 == value,
            FpWidth::F64 => true,
        };
        if exact && fp_imm8(value).is_some() {
            self.fmov_imm(w, rd, value);
        } else if bits == 0 {
            self.fmov_from_gpr(w, rd, Gpr::Zr);
        } else {
            self.mov_imm(w.int_width(), SCRATCH, bits);
            self.fmov_from_gpr(w, rd, SCRATCH);
        }
    }

    /// Calls any address: `mov_imm x16, target; blr x16` (up to five instructions; use
    /// [`Assembler::bl_addr`] for targets known to be within +-128 MiB).
    pub fn call_far(&mut self, target: u64) {
        self.mov_imm(Width::W64, SCRATCH, target);
        self.blr(SCRATCH);
    }

    /// `rd = target` for an address within +-4 GiB of where the code will be placed:
    /// `adrp rd, target` (relocated at placement) plus `add rd, rd, #low12` when the address
    /// is not page-aligned.
    pub fn mov_addr(&mut self, rd: Gpr, target: u64) {
        if !rd.is_general() {
            self.fail(AsmErrorKind::BadRegister {
                mnemonic: "mov_addr",
                operand: "Rd",
                reg: rd,
                expected: "x0..x30",
            });
            return;
        }
        self.adrp_addr(rd, target);
        if target & 0xfff != 0 {
            self.add_imm(Width::W64, rd, rd, (target & 0xfff) as u32);
        }
    }
}
