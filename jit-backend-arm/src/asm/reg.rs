//! Typed AArch64 registers and operand widths.
//!
//! Design: A64 encodes 31 general-purpose registers `x0..x30` in 5-bit fields; the value 31
//! means either the stack pointer or the zero register, depending on the instruction and the
//! operand position. [`Gpr`] names both explicitly ([`Gpr::Sp`], [`Gpr::Zr`]), and every
//! encoder checks that the one given is the one the field means (passing `Zr` where the field
//! means SP is an error, never a silently different instruction).
//! The width of an access ([`Width`]) is separate from the register, so `Gpr::X3` at
//! `Width::W32` is `w3`.
//!
//! Invariants: `Gpr::num()` is `< 32` (31 for both `Sp` and `Zr`); `Gpr::ALL[i] as u8 == i`
//! for `i < 33`; `Fpr as u8` is the hardware number `< 32`.

use std::fmt;

/// A general-purpose register, the stack pointer or the zero register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum Gpr {
    X0 = 0,
    X1,
    X2,
    X3,
    X4,
    X5,
    X6,
    X7,
    X8,
    X9,
    X10,
    X11,
    X12,
    X13,
    X14,
    X15,
    X16,
    X17,
    X18,
    X19,
    X20,
    X21,
    X22,
    X23,
    X24,
    X25,
    X26,
    X27,
    X28,
    X29,
    X30,
    /// The stack pointer (`sp` / `wsp`): register number 31 where the field means SP.
    Sp,
    /// The zero register (`xzr` / `wzr`): register number 31 where the field means ZR.
    Zr,
}

/// A SIMD and floating-point register `v0..v31`, used here as a scalar `s` or `d` register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum Fpr {
    V0 = 0,
    V1,
    V2,
    V3,
    V4,
    V5,
    V6,
    V7,
    V8,
    V9,
    V10,
    V11,
    V12,
    V13,
    V14,
    V15,
    V16,
    V17,
    V18,
    V19,
    V20,
    V21,
    V22,
    V23,
    V24,
    V25,
    V26,
    V27,
    V28,
    V29,
    V30,
    V31,
}

const X_NAMES: [&str; 33] = [
    "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
    "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27",
    "x28", "x29", "x30", "sp", "xzr",
];

const W_NAMES: [&str; 33] = [
    "w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "w10", "w11", "w12", "w13", "w14",
    "w15", "w16", "w17", "w18", "w19", "w20", "w21", "w22", "w23", "w24", "w25", "w26", "w27",
    "w28", "w29", "w30", "wsp", "wzr",
];

const S_NAMES: [&str; 32] = [
    "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13", "s14",
    "s15", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25", "s26", "s27",
    "s28", "s29", "s30", "s31",
];

const D_NAMES: [&str; 32] = [
    "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11", "d12", "d13", "d14",
    "d15", "d16", "d17", "d18", "d19", "d20", "d21", "d22", "d23", "d24", "d25", "d26", "d27",
    "d28", "d29", "d30", "d31",
];

impl Gpr {
    /// Every register: `x0..x30`, then `Sp`, then `Zr` (indexed by discriminant).
    pub const ALL: [Gpr; 33] = {
        let mut all = [Gpr::X0; 33];
        let mut i = 0;
        while i < 33 {
            all[i] = Gpr::from_index(i as u8);
            i += 1;
        }
        all
    };

    /// The frame pointer of AAPCS64 (`x29`).
    pub const FP: Gpr = Gpr::X29;
    /// The link register (`x30`), written by `bl`/`blr`, read by `ret`.
    pub const LR: Gpr = Gpr::X30;
    /// The first intra-procedure-call scratch register (`x16`, IP0). The assembler's
    /// multi-instruction helpers use it as their scratch register (see
    /// [`SCRATCH`](crate::asm::SCRATCH)).
    pub const IP0: Gpr = Gpr::X16;
    /// The second intra-procedure-call scratch register (`x17`, IP1).
    pub const IP1: Gpr = Gpr::X17;

    const fn from_index(i: u8) -> Gpr {
        // The discriminants are dense 0..=32.
        match i {
            0 => Gpr::X0,
            1 => Gpr::X1,
            2 => Gpr::X2,
            3 => Gpr::X3,
            4 => Gpr::X4,
            5 => Gpr::X5,
            6 => Gpr::X6,
            7 => Gpr::X7,
            8 => Gpr::X8,
            9 => Gpr::X9,
            10 => Gpr::X10,
            11 => Gpr::X11,
            12 => Gpr::X12,
            13 => Gpr::X13,
            14 => Gpr::X14,
            15 => Gpr::X15,
            16 => Gpr::X16,
            17 => Gpr::X17,
            18 => Gpr::X18,
            19 => Gpr::X19,
            20 => Gpr::X20,
            21 => Gpr::X21,
            22 => Gpr::X22,
            23 => Gpr::X23,
            24 => Gpr::X24,
            25 => Gpr::X25,
            26 => Gpr::X26,
            27 => Gpr::X27,
            28 => Gpr::X28,
            29 => Gpr::X29,
            30 => Gpr::X30,
            31 => Gpr::Sp,
            _ => Gpr::Zr,
        }
    }

    /// The general-purpose register `x<n>` for `n <= 30`; `None` otherwise (use
    /// [`Gpr::Sp`] or [`Gpr::Zr`] for register number 31).
    pub const fn x(n: u8) -> Option<Gpr> {
        if n <= 30 {
            Some(Gpr::from_index(n))
        } else {
            None
        }
    }

    /// The 5-bit register number that goes into an instruction field (31 for SP and ZR).
    #[inline]
    pub const fn num(self) -> u32 {
        match self {
            Gpr::Zr => 31,
            r => r as u32,
        }
    }

    /// Whether this is `x0..x30` (not SP, not ZR).
    #[inline]
    pub const fn is_general(self) -> bool {
        (self as u8) < 31
    }

    /// The name at `width` (`x5`/`w5`, `sp`/`wsp`, `xzr`/`wzr`).
    pub const fn name(self, width: Width) -> &'static str {
        match width {
            Width::W32 => W_NAMES[self as usize],
            Width::W64 => X_NAMES[self as usize],
        }
    }
}

impl Fpr {
    /// All 32 registers, indexed by hardware number.
    pub const ALL: [Fpr; 32] = {
        let mut all = [Fpr::V0; 32];
        let mut i = 0;
        while i < 32 {
            all[i] = Fpr::from_index(i as u8);
            i += 1;
        }
        all
    };

    const fn from_index(i: u8) -> Fpr {
        match i {
            0 => Fpr::V0,
            1 => Fpr::V1,
            2 => Fpr::V2,
            3 => Fpr::V3,
            4 => Fpr::V4,
            5 => Fpr::V5,
            6 => Fpr::V6,
            7 => Fpr::V7,
            8 => Fpr::V8,
            9 => Fpr::V9,
            10 => Fpr::V10,
            11 => Fpr::V11,
            12 => Fpr::V12,
            13 => Fpr::V13,
            14 => Fpr::V14,
            15 => Fpr::V15,
            16 => Fpr::V16,
            17 => Fpr::V17,
            18 => Fpr::V18,
            19 => Fpr::V19,
            20 => Fpr::V20,
            21 => Fpr::V21,
            22 => Fpr::V22,
            23 => Fpr::V23,
            24 => Fpr::V24,
            25 => Fpr::V25,
            26 => Fpr::V26,
            27 => Fpr::V27,
            28 => Fpr::V28,
            29 => Fpr::V29,
            30 => Fpr::V30,
            _ => Fpr::V31,
        }
    }

    /// The register with hardware number `n`, or `None` when `n >= 32`.
    pub const fn from_num(n: u8) -> Option<Fpr> {
        if n < 32 {
            Some(Fpr::from_index(n))
        } else {
            None
        }
    }

    /// The hardware register number (0..=31).
    #[inline]
    pub const fn num(self) -> u32 {
        self as u32
    }

    /// The scalar name at `width` (`s3` / `d3`).
    pub const fn name(self, width: FpWidth) -> &'static str {
        match width {
            FpWidth::F32 => S_NAMES[self as usize],
            FpWidth::F64 => D_NAMES[self as usize],
        }
    }
}

impl fmt::Display for Gpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name(Width::W64))
    }
}

impl fmt::Display for Fpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name(FpWidth::F64))
    }
}

/// Operand width of an integer instruction (the `sf` bit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Width {
    /// 32 bits (`w` registers); writing a `w` register zeroes the upper 32 bits.
    W32 = 0,
    /// 64 bits (`x` registers).
    W64 = 1,
}

impl Width {
    /// Both widths, narrower first.
    pub const ALL: [Width; 2] = [Width::W32, Width::W64];

    /// Size in bits.
    pub const fn bits(self) -> u32 {
        match self {
            Width::W32 => 32,
            Width::W64 => 64,
        }
    }

    /// The `sf` bit (bit 31 of most integer instructions).
    #[inline]
    pub(crate) const fn sf(self) -> u32 {
        (self as u32) << 31
    }

    /// All ones in this width.
    pub const fn mask(self) -> u64 {
        match self {
            Width::W32 => u32::MAX as u64,
            Width::W64 => u64::MAX,
        }
    }
}

impl fmt::Display for Width {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-bit", self.bits())
    }
}

/// Precision of a scalar floating-point instruction (the `ftype` field).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FpWidth {
    /// Single precision (`s` registers, `f32`).
    F32 = 0,
    /// Double precision (`d` registers, `f64`).
    F64 = 1,
}

impl FpWidth {
    /// Both precisions.
    pub const ALL: [FpWidth; 2] = [FpWidth::F32, FpWidth::F64];

    /// The `ftype` field value.
    #[inline]
    pub(crate) const fn ftype(self) -> u32 {
        self as u32
    }

    /// Size in bytes.
    pub const fn bytes(self) -> u32 {
        match self {
            FpWidth::F32 => 4,
            FpWidth::F64 => 8,
        }
    }

    /// The integer width with the same size (for `fmov` between register files).
    pub const fn int_width(self) -> Width {
        match self {
            FpWidth::F32 => Width::W32,
            FpWidth::F64 => Width::W64,
        }
    }
}
