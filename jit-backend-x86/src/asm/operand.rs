//! Operands and operation selectors: memory operands, condition codes and the small
//! declarative tables (ALU, shift, unary-group and SSE operations) that drive encoding and
//! printing alike.
//!
//! Invariants:
//! - A [`Mem`] is one of `[base + index*scale + disp]`, `[index*scale + disp]`, `[disp]`
//!   (absolute, sign-extended disp32) or `[rip + label + disp]`. RIP-relative operands never
//!   have an index (the constructors cannot build one). An index of RSP is representable here
//!   but rejected by the assembler with [`AsmError::RspAsIndex`](crate::asm::AsmError).
//! - Every selector enum's discriminant is the value of the instruction field it selects
//!   (the ModRM `/digit` or the low nibble of the condition-code opcode), so encoding is
//!   `opcode | op as u8`.

use std::fmt;

use super::label::Label;
use super::reg::Gpr;

/// Index scale factor of a memory operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Scale {
    S1 = 0,
    S2 = 1,
    S4 = 2,
    S8 = 3,
}

impl Scale {
    /// All scales.
    pub const ALL: [Scale; 4] = [Scale::S1, Scale::S2, Scale::S4, Scale::S8];

    /// The multiplier (1, 2, 4 or 8).
    pub const fn factor(self) -> u32 {
        1 << self as u32
    }

    /// The scale for an element of `bytes` bytes, if it is 1, 2, 4 or 8.
    pub const fn for_size(bytes: u32) -> Option<Scale> {
        match bytes {
            1 => Some(Scale::S1),
            2 => Some(Scale::S2),
            4 => Some(Scale::S4),
            8 => Some(Scale::S8),
            _ => None,
        }
    }
}

/// The base of a memory operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Base {
    /// No base register: `[index*scale + disp]` or absolute `[disp]`.
    None,
    /// A general-purpose base register.
    Reg(Gpr),
    /// RIP-relative to a label of the same assembler, plus `disp`.
    Rip(Label),
}

/// A memory operand. See the module documentation for the forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mem {
    base: Base,
    index: Option<(Gpr, Scale)>,
    disp: i32,
}

impl Mem {
    /// `[base + disp]`.
    pub const fn base(base: Gpr, disp: i32) -> Mem {
        Mem {
            base: Base::Reg(base),
            index: None,
            disp,
        }
    }

    /// `[base + index*scale + disp]`. `index` must not be RSP (the assembler reports it).
    pub const fn sib(base: Gpr, index: Gpr, scale: Scale, disp: i32) -> Mem {
        Mem {
            base: Base::Reg(base),
            index: Some((index, scale)),
            disp,
        }
    }

    /// `[index*scale + disp]` with no base (encoded with a 32-bit displacement). A scale
    /// of 1 is the same address as `[index + disp]` and becomes that shorter base form.
    pub const fn index_only(index: Gpr, scale: Scale, disp: i32) -> Mem {
        match scale {
            Scale::S1 => Mem::base(index, disp),
            _ => Mem {
                base: Base::None,
                index: Some((index, scale)),
                disp,
            },
        }
    }

    /// Absolute `[disp]`: the address is `disp` sign-extended to 64 bits.
    pub const fn abs(disp: i32) -> Mem {
        Mem {
            base: Base::None,
            index: None,
            disp,
        }
    }

    /// `[rip + label + disp]`: an address inside the code being assembled (constant pools,
    /// jump tables). The displacement is fixed up when the assembler finishes.
    pub const fn rip(label: Label, disp: i32) -> Mem {
        Mem {
            base: Base::Rip(label),
            index: None,
            disp,
        }
    }

    /// The base.
    pub const fn base_kind(&self) -> Base {
        self.base
    }

    /// The index register and scale, if any.
    pub const fn index(&self) -> Option<(Gpr, Scale)> {
        self.index
    }

    /// The displacement.
    pub const fn disp(&self) -> i32 {
        self.disp
    }

    /// The same operand with the displacement increased by `delta`, or `None` on overflow.
    pub const fn offset(self, delta: i32) -> Option<Mem> {
        match self.disp.checked_add(delta) {
            Some(disp) => Some(Mem { disp, ..self }),
            None => None,
        }
    }
}

/// A condition code (the low nibble of `Jcc`/`SETcc`/`CMOVcc` opcodes).
///
/// After `ucomisd a, b`: `B`/`Be`/`A`/`Ae`/`E`/`Ne` compare as unsigned, and an unordered
/// result (a NaN operand) sets ZF, PF and CF, so `P` must be tested to tell NaN apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cond {
    /// Overflow (OF=1).
    O = 0,
    /// No overflow.
    No = 1,
    /// Below, unsigned < (CF=1).
    B = 2,
    /// Above or equal, unsigned >=.
    Ae = 3,
    /// Equal (ZF=1).
    E = 4,
    /// Not equal.
    Ne = 5,
    /// Below or equal, unsigned <=.
    Be = 6,
    /// Above, unsigned >.
    A = 7,
    /// Sign (SF=1).
    S = 8,
    /// No sign.
    Ns = 9,
    /// Parity even (PF=1); after `ucomisd`: unordered.
    P = 10,
    /// Parity odd; after `ucomisd`: ordered.
    Np = 11,
    /// Less, signed <.
    L = 12,
    /// Greater or equal, signed >=.
    Ge = 13,
    /// Less or equal, signed <=.
    Le = 14,
    /// Greater, signed >.
    G = 15,
}

impl Cond {
    /// All sixteen conditions in encoding order.
    pub const ALL: [Cond; 16] = [
        Cond::O,
        Cond::No,
        Cond::B,
        Cond::Ae,
        Cond::E,
        Cond::Ne,
        Cond::Be,
        Cond::A,
        Cond::S,
        Cond::Ns,
        Cond::P,
        Cond::Np,
        Cond::L,
        Cond::Ge,
        Cond::Le,
        Cond::G,
    ];

    /// The opposite condition (flips the low encoding bit).
    pub const fn negate(self) -> Cond {
        Cond::ALL[(self as usize) ^ 1]
    }

    /// The condition that holds for `b ? a` when this one holds for `a ? b`
    /// (swapped compare operands). Conditions on single flags map to themselves.
    pub const fn swap_operands(self) -> Cond {
        match self {
            Cond::B => Cond::A,
            Cond::A => Cond::B,
            Cond::Ae => Cond::Be,
            Cond::Be => Cond::Ae,
            Cond::L => Cond::G,
            Cond::G => Cond::L,
            Cond::Ge => Cond::Le,
            Cond::Le => Cond::Ge,
            other => other,
        }
    }

    /// The mnemonic suffix (`ne` in `jne`).
    pub const fn suffix(self) -> &'static str {
        [
            "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g",
        ][self as usize]
    }
}

impl fmt::Display for Cond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.suffix())
    }
}

/// The eight classic two-operand integer ALU operations (the ModRM `/digit` of 0x80..0x83).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum AluOp {
    Add = 0,
    Or = 1,
    /// Add with carry.
    Adc = 2,
    /// Subtract with borrow.
    Sbb = 3,
    And = 4,
    Sub = 5,
    Xor = 6,
    /// Subtract without storing the result (flags only).
    Cmp = 7,
}

impl AluOp {
    /// All operations in encoding order.
    pub const ALL: [AluOp; 8] = [
        AluOp::Add,
        AluOp::Or,
        AluOp::Adc,
        AluOp::Sbb,
        AluOp::And,
        AluOp::Sub,
        AluOp::Xor,
        AluOp::Cmp,
    ];

    /// The mnemonic.
    pub const fn name(self) -> &'static str {
        ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"][self as usize]
    }
}

/// Shifts and rotates (the ModRM `/digit` of 0xC0/0xC1/0xD0..0xD3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShiftOp {
    /// Rotate left.
    Rol = 0,
    /// Rotate right.
    Ror = 1,
    /// Shift left (logical = arithmetic).
    Shl = 4,
    /// Logical shift right (zero fill).
    Shr = 5,
    /// Arithmetic shift right (sign fill).
    Sar = 7,
}

impl ShiftOp {
    /// All supported shift operations.
    pub const ALL: [ShiftOp; 5] = [
        ShiftOp::Rol,
        ShiftOp::Ror,
        ShiftOp::Shl,
        ShiftOp::Shr,
        ShiftOp::Sar,
    ];

    /// The mnemonic.
    pub const fn name(self) -> &'static str {
        match self {
            ShiftOp::Rol => "rol",
            ShiftOp::Ror => "ror",
            ShiftOp::Shl => "shl",
            ShiftOp::Shr => "shr",
            ShiftOp::Sar => "sar",
        }
    }
}

/// One-operand "group 3" operations (0xF6/0xF7 with a ModRM `/digit`).
///
/// `Mul`, `Imul`, `Div` and `Idiv` implicitly use `rdx:rax` (`ah:al` for 8 bits): the
/// product goes to `rdx:rax`; the dividend is `rdx:rax`, the quotient goes to `rax` and
/// the remainder to `rdx`. Division by zero or quotient overflow raises #DE.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// Bitwise complement (no flags).
    Not = 2,
    /// Two's complement negation.
    Neg = 3,
    /// Unsigned widening multiply by `rax`.
    Mul = 4,
    /// Signed widening multiply by `rax`.
    Imul = 5,
    /// Unsigned divide of `rdx:rax`.
    Div = 6,
    /// Signed divide of `rdx:rax` (truncating toward zero).
    Idiv = 7,
}

impl UnaryOp {
    /// All operations.
    pub const ALL: [UnaryOp; 6] = [
        UnaryOp::Not,
        UnaryOp::Neg,
        UnaryOp::Mul,
        UnaryOp::Imul,
        UnaryOp::Div,
        UnaryOp::Idiv,
    ];

    /// The mnemonic.
    pub const fn name(self) -> &'static str {
        match self {
            UnaryOp::Not => "not",
            UnaryOp::Neg => "neg",
            UnaryOp::Mul => "mul",
            UnaryOp::Imul => "imul",
            UnaryOp::Div => "div",
            UnaryOp::Idiv => "idiv",
        }
    }
}

/// Mandatory prefix of an SSE instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SsePrefix {
    None,
    P66,
    F2,
    F3,
}

impl SsePrefix {
    pub(crate) const fn byte(self) -> Option<u8> {
        match self {
            SsePrefix::None => None,
            SsePrefix::P66 => Some(0x66),
            SsePrefix::F2 => Some(0xF2),
            SsePrefix::F3 => Some(0xF3),
        }
    }
}

/// SSE/SSE2 operations of the form `op xmm, xmm/mem` (destination is the register).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SseOp {
    /// Load or register move of a scalar double (register move merges the upper half; use
    /// `Movaps` for whole-register copies).
    Movsd,
    /// Load of a scalar single.
    Movss,
    /// Whole-register copy (memory form needs 16-byte alignment).
    Movaps,
    /// Scalar double add.
    Addsd,
    /// Scalar double subtract.
    Subsd,
    /// Scalar double multiply.
    Mulsd,
    /// Scalar double divide.
    Divsd,
    /// Scalar double square root of the source.
    Sqrtsd,
    /// Scalar double minimum (returns the second operand if either is NaN).
    Minsd,
    /// Scalar double maximum (returns the second operand if either is NaN).
    Maxsd,
    /// Unordered compare, sets ZF/PF/CF (quiet for QNaN).
    Ucomisd,
    /// Ordered compare, sets ZF/PF/CF (signals for any NaN).
    Comisd,
    /// Packed double AND (memory form needs 16-byte alignment); used for `abs`.
    Andpd,
    /// Packed double AND-NOT.
    Andnpd,
    /// Packed double OR.
    Orpd,
    /// Packed double XOR; used for negation.
    Xorpd,
    /// Packed single XOR (one byte shorter; the usual way to zero a register).
    Xorps,
    /// Convert a scalar single to double.
    Cvtss2sd,
    /// Convert a scalar double to single.
    Cvtsd2ss,
}

pub(crate) struct SseInfo {
    pub(crate) name: &'static str,
    pub(crate) prefix: SsePrefix,
    pub(crate) opcode: u8,
    /// Size of the memory operand in bytes (4, 8 or 16).
    pub(crate) mem_bytes: u8,
}

macro_rules! sse_table {
    ($($op:ident => $name:literal, $prefix:ident, $opcode:literal, $mem:literal;)*) => {
        impl SseOp {
            /// All operations.
            pub const ALL: &'static [SseOp] = &[$(SseOp::$op),*];

            pub(crate) const fn info(self) -> SseInfo {
                match self {
                    $(SseOp::$op => SseInfo {
                        name: $name,
                        prefix: SsePrefix::$prefix,
                        opcode: $opcode,
                        mem_bytes: $mem,
                    },)*
                }
            }
        }
    };
}

// The single source of truth for SSE encodings: mnemonic, mandatory prefix, opcode after
// 0x0F, and the memory operand size.
sse_table! {
    Movsd    => "movsd",    F2,   0x10, 8;
    Movss    => "movss",    F3,   0x10, 4;
    Movaps   => "movaps",   None, 0x28, 16;
    Addsd    => "addsd",    F2,   0x58, 8;
    Subsd    => "subsd",    F2,   0x5C, 8;
    Mulsd    => "mulsd",    F2,   0x59, 8;
    Divsd    => "divsd",    F2,   0x5E, 8;
    Sqrtsd   => "sqrtsd",   F2,   0x51, 8;
    Minsd    => "minsd",    F2,   0x5D, 8;
    Maxsd    => "maxsd",    F2,   0x5F, 8;
    Ucomisd  => "ucomisd",  P66,  0x2E, 8;
    Comisd   => "comisd",   P66,  0x2F, 8;
    Andpd    => "andpd",    P66,  0x54, 16;
    Andnpd   => "andnpd",   P66,  0x55, 16;
    Orpd     => "orpd",     P66,  0x56, 16;
    Xorpd    => "xorpd",    P66,  0x57, 16;
    Xorps    => "xorps",    None, 0x57, 16;
    Cvtss2sd => "cvtss2sd", F3,   0x5A, 4;
    Cvtsd2ss => "cvtsd2ss", F2,   0x5A, 8;
}

impl SseOp {
    /// The mnemonic.
    pub const fn name(self) -> &'static str {
        self.info().name
    }

    /// Size of the memory operand in bytes.
    pub const fn mem_bytes(self) -> u32 {
        self.info().mem_bytes as u32
    }

    /// Whether the memory form requires a 16-byte aligned address (legacy SSE `m128`).
    pub const fn mem_needs_alignment(self) -> bool {
        self.info().mem_bytes == 16
    }
}
