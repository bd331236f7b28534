//! Printing of [`Inst`] in GNU assembler syntax, choosing the architecture's preferred
//! disassembly (aliases such as `cmp`, `mov`, `lsl`, `sxtw`, `ubfx`, `cset`, `mul`, `tst`,
//! `mvn`, `neg`, as GNU objdump prints them) and the number style of the yaxpeax-arm
//! decoder: immediates and offsets in `#0x..` hex (`#-0x10` when negative), shift amounts
//! of operands in decimal (`lsl #3`). Labels print as `L<n>`, absolute targets in hex.
//! The text is accepted by GNU as (`aarch64-linux-gnu-as`), and the tests compare it with
//! yaxpeax-arm's output.
//!
//! Invariant: the printer shows what the encoder emits (e.g. `ldur` for an offset that
//! only the unscaled form takes, the `lsl #12` form of an add immediate, each instruction
//! of a `mov_imm` sequence), never a different instruction with the same effect.

use std::fmt::{self, Display, Formatter};

use super::encode_int::addsub_imm_fields;
use super::encode_mem::{OffsetForm, offset_form};
use super::inst::Inst;
use super::movimm::{MovStep, plan_mov_imm};
use super::operand::{
    AddSubOp, BitfieldOp, CselOp, Dp3Op, Extend, IndexExt, LogicOp, Mem, MoveWideOp, Shift,
};
use super::reg::{FpWidth, Gpr, Width};

/// A signed number in `0x` hex (`-0x10`).
struct Hex(i64);

impl Display for Hex {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.0 < 0 {
            write!(f, "-0x{:x}", self.0.unsigned_abs())
        } else {
            write!(f, "0x{:x}", self.0)
        }
    }
}

/// `, shift #amount` unless it is `lsl #0`.
struct ShiftSuffix(Shift, u8);

impl Display for ShiftSuffix {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.0 == Shift::Lsl && self.1 == 0 {
            Ok(())
        } else {
            write!(f, ", {} #{}", self.0, self.1)
        }
    }
}

/// A memory operand for an access of `1 << size_log2` bytes.
struct MemOp(Mem, u32);

impl Display for MemOp {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let MemOp(m, size_log2) = *self;
        let base = m.base_reg().name(Width::W64);
        match m {
            Mem::Offset { offset: 0, .. } => write!(f, "[{base}]"),
            Mem::Offset { offset, .. } => write!(f, "[{base}, #{}]", Hex(offset as i64)),
            Mem::PreIndex { offset, .. } => write!(f, "[{base}, #{}]!", Hex(offset as i64)),
            Mem::PostIndex { offset, .. } => write!(f, "[{base}], #{}", Hex(offset as i64)),
            Mem::Index {
                index,
                extend,
                shift,
                ..
            } => {
                let iw = if extend.index_is_64() {
                    Width::W64
                } else {
                    Width::W32
                };
                write!(f, "[{base}, {}", index.name(iw))?;
                match (extend, shift) {
                    (IndexExt::Lsl, false) => {}
                    (_, false) => write!(f, ", {extend}")?,
                    (_, true) => write!(f, ", {extend} #{size_log2}")?,
                }
                f.write_str("]")
            }
        }
    }
}

/// Whether a value could be written by a single `movz` or `movn` (then GNU prints a
/// bitmask `orr` from the zero register as `orr`, not as `mov`).
fn movz_or_movn(w: Width, v: u64) -> bool {
    let single = |x: u64| (0..w.bits() / 16).any(|i| x & !(0xffff << (16 * i)) == 0);
    single(v & w.mask()) || single(!v & w.mask())
}

/// Whether the bitfield move is better shown as `sbfx`/`ubfx` (the architecture's
/// `BFXPreferred`).
fn bfx_preferred(w: Width, unsigned: bool, imms: u8, immr: u8) -> bool {
    let top = w.bits() as u8 - 1;
    if imms < immr || imms == top {
        return false;
    }
    if immr == 0 {
        if w == Width::W32 && (imms == 7 || imms == 15) {
            return false;
        }
        if w == Width::W64 && !unsigned && (imms == 7 || imms == 15 || imms == 31) {
            return false;
        }
    }
    true
}

fn fmt_bitfield(
    f: &mut Formatter<'_>,
    op: BitfieldOp,
    w: Width,
    rd: Gpr,
    rn: Gpr,
    immr: u8,
    imms: u8,
) -> fmt::Result {
    let (d, n) = (rd.name(w), rn.name(w));
    let bits = w.bits() as u8;
    let top = bits - 1;
    // `insert` forms: (lsb, width) of `bfi`/`sbfiz`/`ubfiz`; `extract`: of `bfxil`/`*bfx`.
    let insert = (bits.wrapping_sub(immr) % bits, imms.wrapping_add(1));
    let extract = (immr, imms.wrapping_sub(immr).wrapping_add(1));
    match op {
        BitfieldOp::Sbfm => {
            if imms == top {
                write!(f, "asr {d}, {n}, #0x{immr:x}")
            } else if imms < immr {
                write!(f, "sbfiz {d}, {n}, #0x{:x}, #0x{:x}", insert.0, insert.1)
            } else if bfx_preferred(w, false, imms, immr) {
                write!(f, "sbfx {d}, {n}, #0x{:x}, #0x{:x}", extract.0, extract.1)
            } else {
                let mnemonic = match imms {
                    7 => "sxtb",
                    15 => "sxth",
                    _ => "sxtw",
                };
                write!(f, "{mnemonic} {d}, {}", rn.name(Width::W32))
            }
        }
        BitfieldOp::Ubfm => {
            if imms != top && imms + 1 == immr {
                write!(f, "lsl {d}, {n}, #0x{:x}", top - imms)
            } else if imms == top {
                write!(f, "lsr {d}, {n}, #0x{immr:x}")
            } else if imms < immr {
                write!(f, "ubfiz {d}, {n}, #0x{:x}, #0x{:x}", insert.0, insert.1)
            } else if bfx_preferred(w, true, imms, immr) {
                write!(f, "ubfx {d}, {n}, #0x{:x}, #0x{:x}", extract.0, extract.1)
            } else {
                let mnemonic = if imms == 7 { "uxtb" } else { "uxth" };
                write!(f, "{mnemonic} {d}, {n}")
            }
        }
        BitfieldOp::Bfm => {
            if imms < immr {
                // With the zero register this is ARMv8.2's `bfc`; `bfi` names it in v8.0.
                write!(f, "bfi {d}, {n}, #0x{:x}, #0x{:x}", insert.0, insert.1)
            } else {
                write!(f, "bfxil {d}, {n}, #0x{:x}, #0x{:x}", extract.0, extract.1)
            }
        }
    }
}

fn fmt_move_wide(
    f: &mut Formatter<'_>,
    op: MoveWideOp,
    w: Width,
    rd: Gpr,
    imm16: u16,
    shift: u8,
) -> fmt::Result {
    let d = rd.name(w);
    let placed = (imm16 as u64) << shift;
    let zero_shifted = imm16 == 0 && shift != 0;
    let raw = |f: &mut Formatter<'_>| {
        write!(f, "{op} {d}, #0x{imm16:x}")?;
        if shift != 0 {
            write!(f, ", lsl #{shift}")?;
        }
        Ok(())
    };
    match op {
        MoveWideOp::Movz if !zero_shifted => write!(f, "mov {d}, #0x{:x}", placed & w.mask()),
        MoveWideOp::Movn if !(zero_shifted || w == Width::W32 && imm16 == 0xffff) => {
            write!(f, "mov {d}, #0x{:x}", !placed & w.mask())
        }
        _ => raw(f),
    }
}

fn fmt_logic_imm(
    f: &mut Formatter<'_>,
    op: LogicOp,
    w: Width,
    rd: Gpr,
    rn: Gpr,
    imm: u64,
) -> fmt::Result {
    let value = if op.inverts() { !imm & w.mask() } else { imm };
    let base = op.base();
    if base == LogicOp::Ands && rd == Gpr::Zr {
        write!(f, "tst {}, #0x{value:x}", rn.name(w))
    } else if base == LogicOp::Orr && rn == Gpr::Zr && !movz_or_movn(w, value) {
        write!(f, "mov {}, #0x{value:x}", rd.name(w))
    } else {
        write!(f, "{base} {}, {}, #0x{value:x}", rd.name(w), rn.name(w))
    }
}

impl Display for Inst {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use Inst::*;
        match *self {
            AddSubImm { op, w, rd, rn, imm } => {
                let (sh, imm12) = addsub_imm_fields(imm).unwrap_or((0, imm));
                let shifted = if sh == 1 { ", lsl #12" } else { "" };
                if op.sets_flags() && rd == Gpr::Zr {
                    let alias = if op == AddSubOp::Subs { "cmp" } else { "cmn" };
                    write!(f, "{alias} {}, #0x{imm12:x}{shifted}", rn.name(w))
                } else if op == AddSubOp::Add && imm == 0 && (rd == Gpr::Sp || rn == Gpr::Sp) {
                    write!(f, "mov {}, {}", rd.name(w), rn.name(w))
                } else {
                    write!(
                        f,
                        "{op} {}, {}, #0x{imm12:x}{shifted}",
                        rd.name(w),
                        rn.name(w)
                    )
                }
            }
            AddSubShifted {
                op,
                w,
                rd,
                rn,
                rm,
                shift,
                amount,
            } => {
                let sfx = ShiftSuffix(shift, amount);
                let m = rm.name(w);
                if op.sets_flags() && rd == Gpr::Zr {
                    let alias = if op == AddSubOp::Subs { "cmp" } else { "cmn" };
                    write!(f, "{alias} {}, {m}{sfx}", rn.name(w))
                } else if matches!(op, AddSubOp::Sub | AddSubOp::Subs) && rn == Gpr::Zr {
                    let alias = if op == AddSubOp::Sub { "neg" } else { "negs" };
                    write!(f, "{alias} {}, {m}{sfx}", rd.name(w))
                } else {
                    write!(f, "{op} {}, {}, {m}{sfx}", rd.name(w), rn.name(w))
                }
            }
            AddSubExt {
                op,
                w,
                rd,
                rn,
                rm,
                ext,
                amount,
            } => {
                let mw = if w == Width::W64 && matches!(ext, Extend::Uxtx | Extend::Sxtx) {
                    Width::W64
                } else {
                    Width::W32
                };
                let lsl_ext = if w == Width::W64 {
                    Extend::Uxtx
                } else {
                    Extend::Uxtw
                };
                let sfx = if (rd == Gpr::Sp || rn == Gpr::Sp) && ext == lsl_ext {
                    if amount == 0 {
                        String::new()
                    } else {
                        format!(", lsl #{amount}")
                    }
                } else if amount == 0 {
                    format!(", {ext}")
                } else {
                    format!(", {ext} #{amount}")
                };
                let m = rm.name(mw);
                if op.sets_flags() && rd == Gpr::Zr {
                    let alias = if op == AddSubOp::Subs { "cmp" } else { "cmn" };
                    write!(f, "{alias} {}, {m}{sfx}", rn.name(w))
                } else {
                    write!(f, "{op} {}, {}, {m}{sfx}", rd.name(w), rn.name(w))
                }
            }
            LogicImm { op, w, rd, rn, imm } => fmt_logic_imm(f, op, w, rd, rn, imm),
            LogicShifted {
                op,
                w,
                rd,
                rn,
                rm,
                shift,
                amount,
            } => {
                let sfx = ShiftSuffix(shift, amount);
                let m = rm.name(w);
                if op == LogicOp::Orr && rn == Gpr::Zr && shift == Shift::Lsl && amount == 0 {
                    write!(f, "mov {}, {m}", rd.name(w))
                } else if op == LogicOp::Orn && rn == Gpr::Zr {
                    write!(f, "mvn {}, {m}{sfx}", rd.name(w))
                } else if op == LogicOp::Ands && rd == Gpr::Zr {
                    write!(f, "tst {}, {m}{sfx}", rn.name(w))
                } else {
                    write!(f, "{op} {}, {}, {m}{sfx}", rd.name(w), rn.name(w))
                }
            }
            MoveWide {
                op,
                w,
                rd,
                imm16,
                shift,
            } => fmt_move_wide(f, op, w, rd, imm16, shift),
            MovImm { w, rd, imm } => {
                for (i, step) in plan_mov_imm(w, imm).steps().iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    match *step {
                        MovStep::Wide { op, imm16, shift } => {
                            fmt_move_wide(f, op, w, rd, imm16, shift)?
                        }
                        MovStep::Orr { imm } => {
                            fmt_logic_imm(f, LogicOp::Orr, w, rd, Gpr::Zr, imm)?
                        }
                    }
                }
                Ok(())
            }
            Bitfield {
                op,
                w,
                rd,
                rn,
                immr,
                imms,
            } => fmt_bitfield(f, op, w, rd, rn, immr, imms),
            Extr { w, rd, rn, rm, lsb } => {
                if rn == rm {
                    write!(f, "ror {}, {}, #0x{lsb:x}", rd.name(w), rn.name(w))
                } else {
                    write!(
                        f,
                        "extr {}, {}, {}, #0x{lsb:x}",
                        rd.name(w),
                        rn.name(w),
                        rm.name(w)
                    )
                }
            }
            Dp1 { op, w, rd, rn } => write!(f, "{op} {}, {}", rd.name(w), rn.name(w)),
            Dp2 { op, w, rd, rn, rm } => {
                write!(f, "{op} {}, {}, {}", rd.name(w), rn.name(w), rm.name(w))
            }
            Dp3 {
                op,
                w,
                rd,
                rn,
                rm,
                ra,
            } => {
                let sw = if op.is_long() { Width::W32 } else { w };
                let (n, m) = (rn.name(sw), rm.name(sw));
                if ra == Gpr::Zr {
                    let alias = match op {
                        Dp3Op::Madd => "mul",
                        Dp3Op::Msub => "mneg",
                        Dp3Op::Smaddl => "smull",
                        Dp3Op::Smsubl => "smnegl",
                        Dp3Op::Umaddl => "umull",
                        Dp3Op::Umsubl => "umnegl",
                    };
                    write!(f, "{alias} {}, {n}, {m}", rd.name(w))
                } else {
                    write!(f, "{op} {}, {n}, {m}, {}", rd.name(w), ra.name(w))
                }
            }
            MulHigh { op, rd, rn, rm } => write!(f, "{op} {rd}, {rn}, {rm}"),
            CcmpRR {
                op,
                w,
                rn,
                rm,
                nzcv,
                cond,
            } => write!(
                f,
                "{op} {}, {}, #0x{nzcv:x}, {cond}",
                rn.name(w),
                rm.name(w)
            ),
            CcmpImm {
                op,
                w,
                rn,
                imm,
                nzcv,
                cond,
            } => write!(f, "{op} {}, #0x{imm:x}, #0x{nzcv:x}, {cond}", rn.name(w)),
            Csel {
                op,
                w,
                rd,
                rn,
                rm,
                cond,
            } => {
                let (d, n, m) = (rd.name(w), rn.name(w), rm.name(w));
                let inv = cond.invert();
                let invertible = !cond.is_always();
                match op {
                    CselOp::Csinc | CselOp::Csinv
                        if invertible && rn == Gpr::Zr && rm == Gpr::Zr =>
                    {
                        let alias = if op == CselOp::Csinc { "cset" } else { "csetm" };
                        write!(f, "{alias} {d}, {inv}")
                    }
                    CselOp::Csinc | CselOp::Csinv | CselOp::Csneg if invertible && rn == rm => {
                        let alias = match op {
                            CselOp::Csinc => "cinc",
                            CselOp::Csinv => "cinv",
                            _ => "cneg",
                        };
                        write!(f, "{alias} {d}, {n}, {inv}")
                    }
                    _ => write!(f, "{op} {d}, {n}, {m}, {cond}"),
                }
            }
            Load { op, rt, mem } => {
                let size = op.size_log2();
                write!(
                    f,
                    "{}{} {}, {}",
                    ldst_prefix("ldr", "ldur", size, &mem),
                    op.suffix(),
                    rt.name(op.reg_width()),
                    MemOp(mem, size)
                )
            }
            Store { op, rt, mem } => {
                let size = op.size_log2();
                write!(
                    f,
                    "{}{} {}, {}",
                    ldst_prefix("str", "stur", size, &mem),
                    op.suffix(),
                    rt.name(op.reg_width()),
                    MemOp(mem, size)
                )
            }
            LoadFp { w, rt, mem } => {
                let size = w.bytes().trailing_zeros();
                let m = ldst_prefix("ldr", "ldur", size, &mem);
                write!(f, "{m} {}, {}", rt.name(w), MemOp(mem, size))
            }
            StoreFp { w, rt, mem } => {
                let size = w.bytes().trailing_zeros();
                let m = ldst_prefix("str", "stur", size, &mem);
                write!(f, "{m} {}, {}", rt.name(w), MemOp(mem, size))
            }
            Ldp { w, rt1, rt2, mem } | Stp { w, rt1, rt2, mem } => {
                let m = if matches!(self, Ldp { .. }) {
                    "ldp"
                } else {
                    "stp"
                };
                write!(f, "{m} {}, {}, {}", rt1.name(w), rt2.name(w), MemOp(mem, 0))
            }
            Ldpsw { rt1, rt2, mem } => write!(f, "ldpsw {rt1}, {rt2}, {}", MemOp(mem, 0)),
            LdpFp { w, rt1, rt2, mem } | StpFp { w, rt1, rt2, mem } => {
                let m = if matches!(self, LdpFp { .. }) {
                    "ldp"
                } else {
                    "stp"
                };
                write!(f, "{m} {}, {}, {}", rt1.name(w), rt2.name(w), MemOp(mem, 0))
            }
            LdrLiteral { op, rt, target } => {
                write!(f, "{op} {}, {target}", rt.name(op.reg_width()))
            }
            LdrLiteralFp { w, rt, target } => write!(f, "ldr {}, {target}", rt.name(w)),
            Adr { rd, target } => write!(f, "adr {rd}, {target}"),
            B(l) => write!(f, "b {l}"),
            Bl(l) => write!(f, "bl {l}"),
            BCond(c, l) => write!(f, "b.{c} {l}"),
            Cb { op, w, rt, target } => write!(f, "{op} {}, {target}", rt.name(w)),
            Tb {
                op,
                rt,
                bit,
                target,
            } => {
                let w = if bit < 32 { Width::W32 } else { Width::W64 };
                write!(f, "{op} {}, #0x{bit:x}, {target}", rt.name(w))
            }
            BAddr(t) => write!(f, "b 0x{t:x}"),
            BlAddr(t) => write!(f, "bl 0x{t:x}"),
            BCondAddr(c, t) => write!(f, "b.{c} 0x{t:x}"),
            AdrpAddr { rd, target } => write!(f, "adrp {rd}, 0x{:x}", target & !0xfff),
            Br(r) => write!(f, "br {r}"),
            Blr(r) => write!(f, "blr {r}"),
            Ret(Gpr::X30) => f.write_str("ret"),
            Ret(r) => write!(f, "ret {r}"),
            Nop => f.write_str("nop"),
            Brk(i) => write!(f, "brk #0x{i:x}"),
            Udf(i) => write!(f, "udf #0x{i:x}"),
            Dmb(b) => write!(f, "dmb {b}"),
            Dsb(b) => write!(f, "dsb {b}"),
            Isb => f.write_str("isb"),
            DcCvau(r) => write!(f, "dc cvau, {r}"),
            IcIvau(r) => write!(f, "ic ivau, {r}"),
            Mrs { rt, reg } => write!(f, "mrs {rt}, {reg}"),
            Msr { reg, rt } => write!(f, "msr {reg}, {rt}"),
            FpRRR { op, w, rd, rn, rm } => {
                write!(f, "{op} {}, {}, {}", rd.name(w), rn.name(w), rm.name(w))
            }
            FpRR { op, w, rd, rn } => write!(f, "{op} {}, {}", rd.name(w), rn.name(w)),
            FpRRRR {
                op,
                w,
                rd,
                rn,
                rm,
                ra,
            } => write!(
                f,
                "{op} {}, {}, {}, {}",
                rd.name(w),
                rn.name(w),
                rm.name(w),
                ra.name(w)
            ),
            Fcvt {
                dst_w,
                rd,
                src_w,
                rn,
            } => write!(f, "fcvt {}, {}", rd.name(dst_w), rn.name(src_w)),
            Fcmp { op, w, rn, rm } => write!(f, "{op} {}, {}", rn.name(w), rm.name(w)),
            FcmpZero { op, w, rn } => write!(f, "{op} {}, #0.0", rn.name(w)),
            Fcsel {
                w,
                rd,
                rn,
                rm,
                cond,
            } => write!(
                f,
                "fcsel {}, {}, {}, {cond}",
                rd.name(w),
                rn.name(w),
                rm.name(w)
            ),
            FpToInt { op, iw, rd, fw, rn } => {
                write!(f, "{op} {}, {}", rd.name(iw), rn.name(fw))
            }
            IntToFp { op, fw, rd, iw, rn } => {
                write!(f, "{op} {}, {}", rd.name(fw), rn.name(iw))
            }
            FmovToGpr { w, rd, rn } => {
                write!(f, "fmov {}, {}", rd.name(w.int_width()), rn.name(w))
            }
            FmovFromGpr { w, rd, rn } => {
                write!(f, "fmov {}, {}", rd.name(w), rn.name(w.int_width()))
            }
            FmovImm { w, rd, value } => write!(f, "fmov {}, #{value:?}", rd.name(w)),
            Word(word) => write!(f, ".inst 0x{word:08x}"),
        }
    }
}

/// `scaled` (`ldr`/`str`) or `unscaled` (`ldur`/`stur`), as the encoder chooses for `mem`.
fn ldst_prefix(
    scaled: &'static str,
    unscaled: &'static str,
    size_log2: u32,
    mem: &Mem,
) -> &'static str {
    match mem {
        Mem::Offset { offset, .. } => match offset_form(size_log2, *offset) {
            Some(OffsetForm::Unscaled(_)) => unscaled,
            _ => scaled,
        },
        _ => scaled,
    }
}

impl Display for FpWidth {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FpWidth::F32 => "single precision",
            FpWidth::F64 => "double precision",
        })
    }
}
