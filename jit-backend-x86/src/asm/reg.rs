//! Typed x86-64 registers and operand widths.
//!
//! Design: registers are small `Copy` enums whose discriminant is the hardware register number
//! (0..=15). The low three bits go into ModRM/SIB/opcode fields, bit 3 into a REX prefix bit.
//! Invariants: `Gpr as u8` and `Xmm as u8` are always `< 16`; `Gpr::ALL[i] as u8 == i`.
//! Byte-sized access to registers 4..=7 always means SPL/BPL/SIL/DIL (the encoder emits a REX
//! prefix for them), never AH/CH/DH/BH, which this assembler cannot name.

use std::fmt;

/// A 64-bit general-purpose register. The discriminant is the hardware number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum Gpr {
    Rax = 0,
    Rcx = 1,
    Rdx = 2,
    Rbx = 3,
    Rsp = 4,
    Rbp = 5,
    Rsi = 6,
    Rdi = 7,
    R8 = 8,
    R9 = 9,
    R10 = 10,
    R11 = 11,
    R12 = 12,
    R13 = 13,
    R14 = 14,
    R15 = 15,
}

/// An SSE register. The discriminant is the hardware number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum Xmm {
    Xmm0 = 0,
    Xmm1 = 1,
    Xmm2 = 2,
    Xmm3 = 3,
    Xmm4 = 4,
    Xmm5 = 5,
    Xmm6 = 6,
    Xmm7 = 7,
    Xmm8 = 8,
    Xmm9 = 9,
    Xmm10 = 10,
    Xmm11 = 11,
    Xmm12 = 12,
    Xmm13 = 13,
    Xmm14 = 14,
    Xmm15 = 15,
}

const GPR_NAMES: [[&str; 4]; 16] = [
    ["al", "ax", "eax", "rax"],
    ["cl", "cx", "ecx", "rcx"],
    ["dl", "dx", "edx", "rdx"],
    ["bl", "bx", "ebx", "rbx"],
    ["spl", "sp", "esp", "rsp"],
    ["bpl", "bp", "ebp", "rbp"],
    ["sil", "si", "esi", "rsi"],
    ["dil", "di", "edi", "rdi"],
    ["r8b", "r8w", "r8d", "r8"],
    ["r9b", "r9w", "r9d", "r9"],
    ["r10b", "r10w", "r10d", "r10"],
    ["r11b", "r11w", "r11d", "r11"],
    ["r12b", "r12w", "r12d", "r12"],
    ["r13b", "r13w", "r13d", "r13"],
    ["r14b", "r14w", "r14d", "r14"],
    ["r15b", "r15w", "r15d", "r15"],
];

const XMM_NAMES: [&str; 16] = [
    "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
    "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
];

impl Gpr {
    /// All sixteen registers, indexed by hardware number.
    pub const ALL: [Gpr; 16] = [
        Gpr::Rax,
        Gpr::Rcx,
        Gpr::Rdx,
        Gpr::Rbx,
        Gpr::Rsp,
        Gpr::Rbp,
        Gpr::Rsi,
        Gpr::Rdi,
        Gpr::R8,
        Gpr::R9,
        Gpr::R10,
        Gpr::R11,
        Gpr::R12,
        Gpr::R13,
        Gpr::R14,
        Gpr::R15,
    ];

    /// The hardware register number (0..=15).
    #[inline]
    pub const fn num(self) -> u8 {
        self as u8
    }

    /// The register with hardware number `n`, or `None` when `n >= 16`.
    pub const fn from_num(n: u8) -> Option<Gpr> {
        if n < 16 {
            Some(Gpr::ALL[n as usize])
        } else {
            None
        }
    }

    /// The three bits that go into ModRM/SIB/opcode fields.
    #[inline]
    pub(crate) const fn low3(self) -> u8 {
        self as u8 & 7
    }

    /// Whether the register needs a REX extension bit (R8..R15).
    #[inline]
    pub(crate) const fn ext(self) -> bool {
        self as u8 >= 8
    }

    /// Whether byte access to this register needs a REX prefix to mean SPL/BPL/SIL/DIL.
    #[inline]
    pub(crate) const fn byte_needs_rex(self) -> bool {
        matches!(self, Gpr::Rsp | Gpr::Rbp | Gpr::Rsi | Gpr::Rdi)
    }

    /// The Intel-syntax name of this register accessed at `width` (`eax`, `r8b`, ...).
    pub const fn name(self, width: Width) -> &'static str {
        GPR_NAMES[self as usize][width as usize]
    }
}

impl Xmm {
    /// All sixteen registers, indexed by hardware number.
    pub const ALL: [Xmm; 16] = [
        Xmm::Xmm0,
        Xmm::Xmm1,
        Xmm::Xmm2,
        Xmm::Xmm3,
        Xmm::Xmm4,
        Xmm::Xmm5,
        Xmm::Xmm6,
        Xmm::Xmm7,
        Xmm::Xmm8,
        Xmm::Xmm9,
        Xmm::Xmm10,
        Xmm::Xmm11,
        Xmm::Xmm12,
        Xmm::Xmm13,
        Xmm::Xmm14,
        Xmm::Xmm15,
    ];

    /// The hardware register number (0..=15).
    #[inline]
    pub const fn num(self) -> u8 {
        self as u8
    }

    /// The register with hardware number `n`, or `None` when `n >= 16`.
    pub const fn from_num(n: u8) -> Option<Xmm> {
        if n < 16 {
            Some(Xmm::ALL[n as usize])
        } else {
            None
        }
    }

    /// The Intel-syntax name (`xmm3`).
    pub const fn name(self) -> &'static str {
        XMM_NAMES[self as usize]
    }
}

impl fmt::Display for Gpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name(Width::W64))
    }
}

impl fmt::Display for Xmm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Operand width of an integer instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Width {
    /// 8 bits (`byte ptr`, `al`).
    W8 = 0,
    /// 16 bits (`word ptr`, `ax`); encoded with the 0x66 prefix.
    W16 = 1,
    /// 32 bits (`dword ptr`, `eax`); writing a 32-bit register zero-extends to 64 bits.
    W32 = 2,
    /// 64 bits (`qword ptr`, `rax`); encoded with REX.W.
    W64 = 3,
}

impl Width {
    /// All widths, narrowest first.
    pub const ALL: [Width; 4] = [Width::W8, Width::W16, Width::W32, Width::W64];

    /// Size in bytes.
    pub const fn bytes(self) -> u32 {
        1 << self as u32
    }

    /// Size in bits.
    pub const fn bits(self) -> u32 {
        8 << self as u32
    }

    /// The Intel memory-size keyword (`qword ptr`).
    pub const fn ptr_name(self) -> &'static str {
        match self {
            Width::W8 => "byte ptr",
            Width::W16 => "word ptr",
            Width::W32 => "dword ptr",
            Width::W64 => "qword ptr",
        }
    }

    /// Whether the signed value `v` can be represented in this width, either as a signed or
    /// an unsigned number (so `0xff` and `-1` are both valid 8-bit immediates).
    pub const fn fits(self, v: i64) -> bool {
        match self {
            Width::W8 => v >= i8::MIN as i64 && v <= u8::MAX as i64,
            Width::W16 => v >= i16::MIN as i64 && v <= u16::MAX as i64,
            Width::W32 => v >= i32::MIN as i64 && v <= u32::MAX as i64,
            Width::W64 => true,
        }
    }

    /// `v` truncated to this width and sign-extended back to 64 bits.
    pub const fn sign_truncate(self, v: i64) -> i64 {
        match self {
            Width::W8 => v as i8 as i64,
            Width::W16 => v as i16 as i64,
            Width::W32 => v as i32 as i64,
            Width::W64 => v,
        }
    }
}

impl fmt::Display for Width {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-bit", self.bits())
    }
}
