//! Operands and operation selectors: condition codes, shifts and extends, memory operands,
//! and the declarative tables of operation families (one selector enum per instruction
//! family, each variant carrying the value of the encoding field it selects and its
//! mnemonic). Encoders and the printer read the same table, so they cannot disagree.
//!
//! Invariants:
//! - `selector.bits()` is the exact value of the field the family's encoder ORs in (its
//!   position is documented on each enum).
//! - A [`Mem`] is one of the four A64 addressing shapes; whether its offset fits a given
//!   instruction is decided by the encoder (which records an error if not), never here.

use std::fmt;

use super::reg::Gpr;

/// Declares a selector enum with its field values and mnemonics.
macro_rules! selector {
    (
        $(#[$meta:meta])*
        $name:ident { $($var:ident = $bits:expr, $text:literal;)* }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $(#[doc = concat!("`", $text, "`")] $var,)*
        }

        impl $name {
            /// Every operation of the family.
            pub const ALL: &'static [$name] = &[$($name::$var,)*];

            /// The mnemonic.
            pub const fn name(self) -> &'static str {
                match self {
                    $($name::$var => $text,)*
                }
            }

            /// The encoding field value.
            #[inline]
            #[allow(dead_code)]
            pub(crate) const fn bits(self) -> u32 {
                match self {
                    $($name::$var => $bits,)*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

selector! {
    /// A condition code (bits 3:0 of `b.cond`, `csel`, `ccmp`, ...). `Al` and `Nv` both mean
    /// "always".
    Cond {
        Eq = 0, "eq";
        Ne = 1, "ne";
        Hs = 2, "hs";
        Lo = 3, "lo";
        Mi = 4, "mi";
        Pl = 5, "pl";
        Vs = 6, "vs";
        Vc = 7, "vc";
        Hi = 8, "hi";
        Ls = 9, "ls";
        Ge = 10, "ge";
        Lt = 11, "lt";
        Gt = 12, "gt";
        Le = 13, "le";
        Al = 14, "al";
        Nv = 15, "nv";
    }
}

impl Cond {
    /// The opposite condition (flips bit 0; `Al` and `Nv` map to each other, both "always").
    pub const fn invert(self) -> Cond {
        Cond::from_bits(self.bits() ^ 1)
    }

    /// The condition with field value `bits & 15`.
    pub const fn from_bits(bits: u32) -> Cond {
        match bits & 15 {
            0 => Cond::Eq,
            1 => Cond::Ne,
            2 => Cond::Hs,
            3 => Cond::Lo,
            4 => Cond::Mi,
            5 => Cond::Pl,
            6 => Cond::Vs,
            7 => Cond::Vc,
            8 => Cond::Hi,
            9 => Cond::Ls,
            10 => Cond::Ge,
            11 => Cond::Lt,
            12 => Cond::Gt,
            13 => Cond::Le,
            14 => Cond::Al,
            _ => Cond::Nv,
        }
    }

    /// Whether the condition is "always" (`Al` or `Nv`).
    pub const fn is_always(self) -> bool {
        self.bits() >= 14
    }
}

selector! {
    /// A shift of a register operand (bits 23:22 of shifted-register instructions), and the
    /// shift operations of [`Assembler::shift_imm`](super::Assembler::shift_imm) /
    /// [`Assembler::shift_rr`](super::Assembler::shift_rr).
    Shift {
        Lsl = 0, "lsl";
        Lsr = 1, "lsr";
        Asr = 2, "asr";
        Ror = 3, "ror";
    }
}

selector! {
    /// An extend of a register operand of add/sub (extended register), field `option`
    /// (bits 15:13).
    Extend {
        Uxtb = 0, "uxtb";
        Uxth = 1, "uxth";
        Uxtw = 2, "uxtw";
        Uxtx = 3, "uxtx";
        Sxtb = 4, "sxtb";
        Sxth = 5, "sxth";
        Sxtw = 6, "sxtw";
        Sxtx = 7, "sxtx";
    }
}

selector! {
    /// How the index register of a register-offset address is extended (field `option`,
    /// bits 15:13). `Lsl` uses the full 64-bit index; the others a 32-bit (`w`) index,
    /// except `Sxtx`.
    IndexExt {
        Uxtw = 2, "uxtw";
        Lsl = 3, "lsl";
        Sxtw = 6, "sxtw";
        Sxtx = 7, "sxtx";
    }
}

impl IndexExt {
    /// Whether the index register is a 64-bit `x` register.
    pub const fn index_is_64(self) -> bool {
        matches!(self, IndexExt::Lsl | IndexExt::Sxtx)
    }
}

selector! {
    /// Add/subtract operations: bit 30 (`op`) and bit 29 (`S`), as `op << 1 | S`.
    AddSubOp {
        Add = 0b00, "add";
        Adds = 0b01, "adds";
        Sub = 0b10, "sub";
        Subs = 0b11, "subs";
    }
}

impl AddSubOp {
    /// Whether the operation sets the flags (then register 31 as destination is ZR).
    pub const fn sets_flags(self) -> bool {
        self.bits() & 1 != 0
    }
}

selector! {
    /// Logical operations: `opc << 1 | N` (bits 30:29 and 21 of the shifted-register form).
    /// The immediate forms exist for `and/orr/eor/ands`; the `N` variants there are encoded
    /// with the inverted immediate.
    LogicOp {
        And = 0b000, "and";
        Bic = 0b001, "bic";
        Orr = 0b010, "orr";
        Orn = 0b011, "orn";
        Eor = 0b100, "eor";
        Eon = 0b101, "eon";
        Ands = 0b110, "ands";
        Bics = 0b111, "bics";
    }
}

impl LogicOp {
    /// Whether the operation sets the flags.
    pub const fn sets_flags(self) -> bool {
        self.bits() >> 1 == 0b11
    }

    /// Whether the second operand is inverted (`bic`, `orn`, `eon`, `bics`).
    pub const fn inverts(self) -> bool {
        self.bits() & 1 != 0
    }

    /// The operation without inversion (`bic` -> `and`, ...).
    pub const fn base(self) -> LogicOp {
        match self {
            LogicOp::Bic => LogicOp::And,
            LogicOp::Orn => LogicOp::Orr,
            LogicOp::Eon => LogicOp::Eor,
            LogicOp::Bics => LogicOp::Ands,
            op => op,
        }
    }
}

selector! {
    /// Move-wide operations: field `opc` (bits 30:29).
    MoveWideOp {
        Movn = 0b00, "movn";
        Movz = 0b10, "movz";
        Movk = 0b11, "movk";
    }
}

selector! {
    /// Bitfield moves: field `opc` (bits 30:29).
    BitfieldOp {
        Sbfm = 0b00, "sbfm";
        Bfm = 0b01, "bfm";
        Ubfm = 0b10, "ubfm";
    }
}

selector! {
    /// One-source integer operations: field `opcode` (bits 15:10). `Rev` is encoded with
    /// opcode 2 in the 32-bit form; `Rev32` exists only in the 64-bit form.
    Dp1Op {
        Rbit = 0b000000, "rbit";
        Rev16 = 0b000001, "rev16";
        Rev32 = 0b000010, "rev32";
        Rev = 0b000011, "rev";
        Clz = 0b000100, "clz";
        Cls = 0b000101, "cls";
    }
}

selector! {
    /// Two-source integer operations: field `opcode` (bits 15:10). The variable shifts print
    /// as their preferred aliases `lsl`/`lsr`/`asr`/`ror`.
    Dp2Op {
        Udiv = 0b000010, "udiv";
        Sdiv = 0b000011, "sdiv";
        Lslv = 0b001000, "lsl";
        Lsrv = 0b001001, "lsr";
        Asrv = 0b001010, "asr";
        Rorv = 0b001011, "ror";
    }
}

selector! {
    /// Three-source multiply operations: `op31 << 1 | o0` (bits 23:21 and 15). The long
    /// forms (`smaddl`, ...) take 32-bit sources and a 64-bit accumulator and destination.
    Dp3Op {
        Madd = 0b0000, "madd";
        Msub = 0b0001, "msub";
        Smaddl = 0b0010, "smaddl";
        Smsubl = 0b0011, "smsubl";
        Umaddl = 0b1010, "umaddl";
        Umsubl = 0b1011, "umsubl";
    }
}

impl Dp3Op {
    /// Whether this is a widening (32x32 -> 64) operation.
    pub const fn is_long(self) -> bool {
        self.bits() & 0b1110 != 0
    }
}

selector! {
    /// High half of a 64x64 -> 128 multiplication: field `op31` (bits 23:21).
    MulHighOp {
        Smulh = 0b010, "smulh";
        Umulh = 0b110, "umulh";
    }
}

selector! {
    /// Conditional compare: field `op` (bit 30).
    CondCmpOp {
        Ccmn = 0, "ccmn";
        Ccmp = 1, "ccmp";
    }
}

selector! {
    /// Conditional select: `op << 2 | op2` (bit 30 and bits 11:10).
    CselOp {
        Csel = 0b000, "csel";
        Csinc = 0b001, "csinc";
        Csinv = 0b100, "csinv";
        Csneg = 0b101, "csneg";
    }
}

selector! {
    /// Sign and zero extensions (aliases of `sbfm`/`ubfm`, and `mov wd, wn` for `uxtw`).
    ExtendOp {
        Sxtb = 0, "sxtb";
        Sxth = 1, "sxth";
        Sxtw = 2, "sxtw";
        Uxtb = 3, "uxtb";
        Uxth = 4, "uxth";
        Uxtw = 5, "uxtw";
    }
}

impl ExtendOp {
    /// The number of source bits kept.
    pub const fn source_bits(self) -> u32 {
        match self {
            ExtendOp::Sxtb | ExtendOp::Uxtb => 8,
            ExtendOp::Sxth | ExtendOp::Uxth => 16,
            ExtendOp::Sxtw | ExtendOp::Uxtw => 32,
        }
    }

    /// Whether the extension is signed.
    pub const fn is_signed(self) -> bool {
        matches!(self, ExtendOp::Sxtb | ExtendOp::Sxth | ExtendOp::Sxtw)
    }
}

selector! {
    /// Compare-and-branch: bit 24.
    CmpBranchOp {
        Cbz = 0, "cbz";
        Cbnz = 1, "cbnz";
    }
}

selector! {
    /// Test-bit-and-branch: bit 24.
    TestBranchOp {
        Tbz = 0, "tbz";
        Tbnz = 1, "tbnz";
    }
}

selector! {
    /// Integer loads: `size << 2 | opc` (bits 31:30 and 23:22 of the load/store encodings).
    LoadOp {
        Ldrb = 0b0001, "ldrb";
        Ldrh = 0b0101, "ldrh";
        LdrW = 0b1001, "ldr";
        LdrX = 0b1101, "ldr";
        LdrsbW = 0b0011, "ldrsb";
        LdrsbX = 0b0010, "ldrsb";
        LdrshW = 0b0111, "ldrsh";
        LdrshX = 0b0110, "ldrsh";
        Ldrsw = 0b1010, "ldrsw";
    }
}

selector! {
    /// Integer stores: `size << 2 | opc`.
    StoreOp {
        Strb = 0b0000, "strb";
        Strh = 0b0100, "strh";
        StrW = 0b1000, "str";
        StrX = 0b1100, "str";
    }
}

impl LoadOp {
    /// log2 of the access size in bytes.
    pub const fn size_log2(self) -> u32 {
        self.bits() >> 2
    }

    /// The width of the destination register.
    pub const fn reg_width(self) -> super::reg::Width {
        match self {
            LoadOp::LdrX | LoadOp::LdrsbX | LoadOp::LdrshX | LoadOp::Ldrsw => {
                super::reg::Width::W64
            }
            _ => super::reg::Width::W32,
        }
    }

    /// The mnemonic suffix after `ldr`/`ldur` (`b`, `sh`, ...).
    pub(crate) const fn suffix(self) -> &'static str {
        match self {
            LoadOp::Ldrb => "b",
            LoadOp::Ldrh => "h",
            LoadOp::LdrW | LoadOp::LdrX => "",
            LoadOp::LdrsbW | LoadOp::LdrsbX => "sb",
            LoadOp::LdrshW | LoadOp::LdrshX => "sh",
            LoadOp::Ldrsw => "sw",
        }
    }
}

impl StoreOp {
    /// log2 of the access size in bytes.
    pub const fn size_log2(self) -> u32 {
        self.bits() >> 2
    }

    /// The width of the source register.
    pub const fn reg_width(self) -> super::reg::Width {
        match self {
            StoreOp::StrX => super::reg::Width::W64,
            _ => super::reg::Width::W32,
        }
    }

    /// The mnemonic suffix after `str`/`stur`.
    pub(crate) const fn suffix(self) -> &'static str {
        match self {
            StoreOp::Strb => "b",
            StoreOp::Strh => "h",
            StoreOp::StrW | StoreOp::StrX => "",
        }
    }
}

selector! {
    /// PC-relative literal loads: field `opc` (bits 31:30).
    LiteralOp {
        LdrW = 0b00, "ldr";
        LdrX = 0b01, "ldr";
        Ldrsw = 0b10, "ldrsw";
    }
}

impl LiteralOp {
    /// The width of the destination register.
    pub const fn reg_width(self) -> super::reg::Width {
        match self {
            LiteralOp::LdrW => super::reg::Width::W32,
            _ => super::reg::Width::W64,
        }
    }
}

selector! {
    /// Floating-point one-source operations: field `opcode` (bits 20:15).
    FpOp1 {
        Fmov = 0b000000, "fmov";
        Fabs = 0b000001, "fabs";
        Fneg = 0b000010, "fneg";
        Fsqrt = 0b000011, "fsqrt";
        Frintn = 0b001000, "frintn";
        Frintp = 0b001001, "frintp";
        Frintm = 0b001010, "frintm";
        Frintz = 0b001011, "frintz";
        Frinta = 0b001100, "frinta";
        Frintx = 0b001110, "frintx";
        Frinti = 0b001111, "frinti";
    }
}

selector! {
    /// Floating-point two-source operations: field `opcode` (bits 15:12).
    FpOp2 {
        Fmul = 0b0000, "fmul";
        Fdiv = 0b0001, "fdiv";
        Fadd = 0b0010, "fadd";
        Fsub = 0b0011, "fsub";
        Fmax = 0b0100, "fmax";
        Fmin = 0b0101, "fmin";
        Fmaxnm = 0b0110, "fmaxnm";
        Fminnm = 0b0111, "fminnm";
        Fnmul = 0b1000, "fnmul";
    }
}

selector! {
    /// Floating-point fused multiply-add: `o1 << 1 | o0` (bits 21 and 15).
    FpOp3 {
        Fmadd = 0b00, "fmadd";
        Fmsub = 0b01, "fmsub";
        Fnmadd = 0b10, "fnmadd";
        Fnmsub = 0b11, "fnmsub";
    }
}

selector! {
    /// Floating-point compares: bit 4 (`E`, signalling on quiet NaNs as well).
    FcmpOp {
        Fcmp = 0, "fcmp";
        Fcmpe = 1, "fcmpe";
    }
}

selector! {
    /// Float to integer conversions: `rmode << 3 | opcode` (bits 20:19 and 18:16).
    FpToIntOp {
        Fcvtns = 0b00_000, "fcvtns";
        Fcvtnu = 0b00_001, "fcvtnu";
        Fcvtas = 0b00_100, "fcvtas";
        Fcvtau = 0b00_101, "fcvtau";
        Fcvtps = 0b01_000, "fcvtps";
        Fcvtpu = 0b01_001, "fcvtpu";
        Fcvtms = 0b10_000, "fcvtms";
        Fcvtmu = 0b10_001, "fcvtmu";
        Fcvtzs = 0b11_000, "fcvtzs";
        Fcvtzu = 0b11_001, "fcvtzu";
    }
}

selector! {
    /// Integer to float conversions: `rmode << 3 | opcode`.
    IntToFpOp {
        Scvtf = 0b00_010, "scvtf";
        Ucvtf = 0b00_011, "ucvtf";
    }
}

selector! {
    /// Memory barrier domains and access types: field `CRm` of `dmb`/`dsb` (bits 11:8).
    Barrier {
        Oshld = 0b0001, "oshld";
        Oshst = 0b0010, "oshst";
        Osh = 0b0011, "osh";
        Nshld = 0b0101, "nshld";
        Nshst = 0b0110, "nshst";
        Nsh = 0b0111, "nsh";
        Ishld = 0b1001, "ishld";
        Ishst = 0b1010, "ishst";
        Ish = 0b1011, "ish";
        Ld = 0b1101, "ld";
        St = 0b1110, "st";
        Sy = 0b1111, "sy";
    }
}

/// The `o0:op1:CRn:CRm:op2` field (bits 19:5 of `mrs`/`msr`) of system register
/// `S3_<op1>_C<crn>_C<crm>_<op2>` (op0 = 3, so `o0` = 1).
const fn sys(op1: u32, crn: u32, crm: u32, op2: u32) -> u32 {
    1 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2
}

selector! {
    /// System registers readable from EL0 with `mrs` (and, for `Nzcv`/`Fpcr`/`Fpsr`/
    /// `TpidrEl0`, writable with `msr`): the `o0:op1:CRn:CRm:op2` field (bits 19:5 of
    /// the instruction).
    SysReg {
        Nzcv = sys(3, 4, 2, 0), "nzcv";
        Fpcr = sys(3, 4, 4, 0), "fpcr";
        Fpsr = sys(3, 4, 4, 1), "fpsr";
        CtrEl0 = sys(3, 0, 0, 1), "ctr_el0";
        DczidEl0 = sys(3, 0, 0, 7), "dczid_el0";
        TpidrEl0 = sys(3, 13, 0, 2), "tpidr_el0";
        CntvctEl0 = sys(3, 14, 0, 2), "cntvct_el0";
    }
}

impl SysReg {
    /// Whether `msr` may write the register from EL0.
    pub const fn writable(self) -> bool {
        matches!(
            self,
            SysReg::Nzcv | SysReg::Fpcr | SysReg::Fpsr | SysReg::TpidrEl0
        )
    }
}

/// A memory operand. The base is `x0..x30` or `sp` (never `xzr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mem {
    /// `[base, #offset]`: encoded as the scaled unsigned 12-bit form when the offset is a
    /// non-negative multiple of the access size in range, else as the unscaled signed 9-bit
    /// form (`ldur`/`stur`, -256..=255); other offsets are an error (the `*_far` helpers
    /// accept any offset).
    Offset {
        /// The base register.
        base: Gpr,
        /// Byte offset.
        offset: i32,
    },
    /// `[base, #offset]!`: the address is `base + offset`, and `base` is updated to it.
    PreIndex {
        /// The base register (written back).
        base: Gpr,
        /// Byte offset.
        offset: i32,
    },
    /// `[base], #offset`: the address is `base`; afterwards `base += offset`.
    PostIndex {
        /// The base register (written back).
        base: Gpr,
        /// Byte offset.
        offset: i32,
    },
    /// `[base, index{, extend {#shift}}]`: `base + extend(index) << (shift ? log2(size) :
    /// 0)`. The index may be `xzr`, never `sp`.
    Index {
        /// The base register.
        base: Gpr,
        /// The index register.
        index: Gpr,
        /// How the index is extended.
        extend: IndexExt,
        /// Whether the index is scaled by the access size.
        shift: bool,
    },
}

impl Mem {
    /// `[base, #offset]`.
    pub const fn base(base: Gpr, offset: i32) -> Mem {
        Mem::Offset { base, offset }
    }

    /// `[base, #offset]!` (pre-index with write-back).
    pub const fn pre(base: Gpr, offset: i32) -> Mem {
        Mem::PreIndex { base, offset }
    }

    /// `[base], #offset` (post-index with write-back).
    pub const fn post(base: Gpr, offset: i32) -> Mem {
        Mem::PostIndex { base, offset }
    }

    /// `[base, index]` with a 64-bit index.
    pub const fn index(base: Gpr, index: Gpr) -> Mem {
        Mem::Index {
            base,
            index,
            extend: IndexExt::Lsl,
            shift: false,
        }
    }

    /// `[base, index, lsl #log2(size)]`: the index counts elements of the access size.
    pub const fn index_scaled(base: Gpr, index: Gpr) -> Mem {
        Mem::Index {
            base,
            index,
            extend: IndexExt::Lsl,
            shift: true,
        }
    }

    /// `[base, index, extend {#log2(size)}]`.
    pub const fn index_ext(base: Gpr, index: Gpr, extend: IndexExt, shift: bool) -> Mem {
        Mem::Index {
            base,
            index,
            extend,
            shift,
        }
    }

    /// The base register.
    pub const fn base_reg(&self) -> Gpr {
        match *self {
            Mem::Offset { base, .. }
            | Mem::PreIndex { base, .. }
            | Mem::PostIndex { base, .. }
            | Mem::Index { base, .. } => base,
        }
    }

    /// Whether the base register is written back.
    pub const fn writes_back(&self) -> bool {
        matches!(self, Mem::PreIndex { .. } | Mem::PostIndex { .. })
    }
}
