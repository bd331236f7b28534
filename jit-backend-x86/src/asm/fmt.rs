//! Intel-syntax printing of [`Inst`], in the style of the iced-x86 Intel formatter with
//! these options: lowercase, `0x` hex prefix, signed immediates and displacements, memory
//! sizes always shown (`qword ptr`), a space after operand commas, RIP-relative operands as
//! `[rip+...]`. Labels print as `L<n>`. This makes the printed text directly comparable with
//! an independent decoder's output (the golden tests do exactly that).
//!
//! The printer names what the encoder emits: e.g. a 64-bit `mov_ri` of a value in
//! `0..=u32::MAX` prints as `mov eax, ...` because it is encoded as a zero-extending 32-bit
//! move, and `imul rax, rax, 5` prints as `imul rax, 0x5` like iced does.

use std::fmt::{self, Display, Formatter, Write};

use super::flow::MAX_NOP;
use super::inst::Inst;
use super::operand::{Base, Mem};
use super::reg::Width;

/// A signed number in `0x` hex.
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

/// A memory operand with an optional size keyword (`qword ptr`).
struct MemOp<'a>(&'a Mem, Option<&'static str>);

impl Display for MemOp<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let MemOp(m, size) = *self;
        if let Some(s) = size {
            write!(f, "{s} ")?;
        }
        f.write_char('[')?;
        let mut any = false;
        match m.base_kind() {
            Base::Reg(b) => {
                f.write_str(b.name(Width::W64))?;
                any = true;
            }
            Base::Rip(l) => {
                write!(f, "rip+{l}")?;
                any = true;
            }
            Base::None => {}
        }
        if let Some((i, s)) = m.index() {
            if any {
                f.write_char('+')?;
            }
            f.write_str(i.name(Width::W64))?;
            if s.factor() != 1 {
                write!(f, "*{}", s.factor())?;
            }
            any = true;
        }
        let d = m.disp() as i64;
        if !any {
            // Absolute address: shown as the sign-extended 64-bit address.
            write!(f, "0x{:x}", d as u64)?;
        } else if d > 0 {
            write!(f, "+{}", Hex(d))?;
        } else if d < 0 {
            write!(f, "{}", Hex(d))?;
        }
        f.write_char(']')
    }
}

fn sse_ptr(bytes: u32) -> &'static str {
    match bytes {
        4 => "dword ptr",
        8 => "qword ptr",
        _ => "xmmword ptr",
    }
}

/// Printed text of the recommended NOP of each length (1..=9 bytes).
const NOP_TEXT: [&str; MAX_NOP] = [
    "nop",
    "xchg ax, ax",
    "nop dword ptr [rax]",
    "nop dword ptr [rax]",
    "nop dword ptr [rax+rax]",
    "nop word ptr [rax+rax]",
    "nop dword ptr [rax]",
    "nop dword ptr [rax+rax]",
    "nop word ptr [rax+rax]",
];

impl Display for Inst {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use Inst::*;
        let q = Some("qword ptr");
        match *self {
            AluRR { op, w, dst, src } => {
                write!(f, "{} {}, {}", op.name(), dst.name(w), src.name(w))
            }
            AluRI { op, w, dst, imm } => {
                write!(
                    f,
                    "{} {}, {}",
                    op.name(),
                    dst.name(w),
                    Hex(w.sign_truncate(imm as i64))
                )
            }
            AluRM { op, w, dst, src } => {
                write!(
                    f,
                    "{} {}, {}",
                    op.name(),
                    dst.name(w),
                    MemOp(&src, Some(w.ptr_name()))
                )
            }
            AluMR { op, w, dst, src } => {
                write!(
                    f,
                    "{} {}, {}",
                    op.name(),
                    MemOp(&dst, Some(w.ptr_name())),
                    src.name(w)
                )
            }
            AluMI { op, w, dst, imm } => write!(
                f,
                "{} {}, {}",
                op.name(),
                MemOp(&dst, Some(w.ptr_name())),
                Hex(w.sign_truncate(imm as i64))
            ),
            TestRR { w, a, b } => write!(f, "test {}, {}", a.name(w), b.name(w)),
            TestRI { w, a, imm } => {
                write!(
                    f,
                    "test {}, {}",
                    a.name(w),
                    Hex(w.sign_truncate(imm as i64))
                )
            }
            TestMR { w, a, b } => {
                write!(f, "test {}, {}", MemOp(&a, Some(w.ptr_name())), b.name(w))
            }
            TestMI { w, a, imm } => write!(
                f,
                "test {}, {}",
                MemOp(&a, Some(w.ptr_name())),
                Hex(w.sign_truncate(imm as i64))
            ),
            UnaryR { op, w, r } => write!(f, "{} {}", op.name(), r.name(w)),
            UnaryM { op, w, m } => write!(f, "{} {}", op.name(), MemOp(&m, Some(w.ptr_name()))),
            ImulRR { w, dst, src } => write!(f, "imul {}, {}", dst.name(w), src.name(w)),
            ImulRM { w, dst, src } => {
                write!(
                    f,
                    "imul {}, {}",
                    dst.name(w),
                    MemOp(&src, Some(w.ptr_name()))
                )
            }
            ImulRRI { w, dst, src, imm } => {
                let imm = Hex(w.sign_truncate(imm as i64));
                if dst == src {
                    write!(f, "imul {}, {}", dst.name(w), imm)
                } else {
                    write!(f, "imul {}, {}, {}", dst.name(w), src.name(w), imm)
                }
            }
            ImulRMI { w, dst, src, imm } => write!(
                f,
                "imul {}, {}, {}",
                dst.name(w),
                MemOp(&src, Some(w.ptr_name())),
                Hex(w.sign_truncate(imm as i64))
            ),
            Cwd => f.write_str("cwd"),
            Cdq => f.write_str("cdq"),
            Cqo => f.write_str("cqo"),
            Cdqe => f.write_str("cdqe"),
            ShiftRI { op, w, dst, count } => {
                write!(
                    f,
                    "{} {}, {}",
                    op.name(),
                    dst.name(w),
                    Hex(count as i8 as i64)
                )
            }
            ShiftMI { op, w, dst, count } => write!(
                f,
                "{} {}, {}",
                op.name(),
                MemOp(&dst, Some(w.ptr_name())),
                Hex(count as i8 as i64)
            ),
            ShiftRCl { op, w, dst } => write!(f, "{} {}, cl", op.name(), dst.name(w)),
            ShiftMCl { op, w, dst } => {
                write!(f, "{} {}, cl", op.name(), MemOp(&dst, Some(w.ptr_name())))
            }
            SetccR { cond, dst } => write!(f, "set{} {}", cond, dst.name(Width::W8)),
            SetccM { cond, dst } => write!(f, "set{} {}", cond, MemOp(&dst, Some("byte ptr"))),
            CmovRR { cond, w, dst, src } => {
                write!(f, "cmov{} {}, {}", cond, dst.name(w), src.name(w))
            }
            CmovRM { cond, w, dst, src } => {
                write!(
                    f,
                    "cmov{} {}, {}",
                    cond,
                    dst.name(w),
                    MemOp(&src, Some(w.ptr_name()))
                )
            }
            MovRR { w, dst, src } => write!(f, "mov {}, {}", dst.name(w), src.name(w)),
            MovRM { w, dst, src } => {
                write!(
                    f,
                    "mov {}, {}",
                    dst.name(w),
                    MemOp(&src, Some(w.ptr_name()))
                )
            }
            MovMR { w, dst, src } => {
                write!(
                    f,
                    "mov {}, {}",
                    MemOp(&dst, Some(w.ptr_name())),
                    src.name(w)
                )
            }
            MovRI { w, dst, imm } => {
                let (w, v) = if w == Width::W64 && (0..=u32::MAX as i64).contains(&imm) {
                    (Width::W32, imm as u32 as i32 as i64)
                } else {
                    (w, w.sign_truncate(imm))
                };
                write!(f, "mov {}, {}", dst.name(w), Hex(v))
            }
            MovMI { w, dst, imm } => write!(
                f,
                "mov {}, {}",
                MemOp(&dst, Some(w.ptr_name())),
                Hex(w.sign_truncate(imm as i64))
            ),
            MovzxRR {
                dst_w,
                dst,
                src_w,
                src,
            } => {
                if src_w == Width::W32 {
                    write!(f, "mov {}, {}", dst.name(Width::W32), src.name(Width::W32))
                } else {
                    write!(f, "movzx {}, {}", dst.name(dst_w), src.name(src_w))
                }
            }
            MovzxRM {
                dst_w,
                dst,
                src_w,
                src,
            } => {
                let mnemonic = if src_w == Width::W32 { "mov" } else { "movzx" };
                let dst_w = if src_w == Width::W32 {
                    Width::W32
                } else {
                    dst_w
                };
                write!(
                    f,
                    "{mnemonic} {}, {}",
                    dst.name(dst_w),
                    MemOp(&src, Some(src_w.ptr_name()))
                )
            }
            MovsxRR {
                dst_w,
                dst,
                src_w,
                src,
            } => {
                let mnemonic = if src_w == Width::W32 {
                    "movsxd"
                } else {
                    "movsx"
                };
                write!(f, "{mnemonic} {}, {}", dst.name(dst_w), src.name(src_w))
            }
            MovsxRM {
                dst_w,
                dst,
                src_w,
                src,
            } => {
                let mnemonic = if src_w == Width::W32 {
                    "movsxd"
                } else {
                    "movsx"
                };
                write!(
                    f,
                    "{mnemonic} {}, {}",
                    dst.name(dst_w),
                    MemOp(&src, Some(src_w.ptr_name()))
                )
            }
            Lea { w, dst, src } => write!(f, "lea {}, {}", dst.name(w), MemOp(&src, None)),
            PushR(r) => write!(f, "push {r}"),
            PopR(r) => write!(f, "pop {r}"),
            PushM(m) => write!(f, "push {}", MemOp(&m, q)),
            PopM(m) => write!(f, "pop {}", MemOp(&m, q)),
            PushI(imm) => write!(f, "push {}", Hex(imm as i64)),
            SseRR { op, dst, src } => write!(f, "{} {}, {}", op.name(), dst, src),
            SseRM { op, dst, src } => {
                write!(
                    f,
                    "{} {}, {}",
                    op.name(),
                    dst,
                    MemOp(&src, Some(sse_ptr(op.mem_bytes())))
                )
            }
            MovsdMR { dst, src } => write!(f, "movsd {}, {}", MemOp(&dst, q), src),
            MovssMR { dst, src } => write!(f, "movss {}, {}", MemOp(&dst, Some("dword ptr")), src),
            MovqXR { dst, src } => write!(f, "movq {dst}, {src}"),
            MovqRX { dst, src } => write!(f, "movq {dst}, {src}"),
            Cvtsi2sdRR { w, dst, src } => write!(f, "cvtsi2sd {}, {}", dst, src.name(w)),
            Cvtsi2sdRM { w, dst, src } => {
                write!(f, "cvtsi2sd {}, {}", dst, MemOp(&src, Some(w.ptr_name())))
            }
            Cvttsd2siRR { w, dst, src } => write!(f, "cvttsd2si {}, {}", dst.name(w), src),
            Cvttsd2siRM { w, dst, src } => {
                write!(f, "cvttsd2si {}, {}", dst.name(w), MemOp(&src, q))
            }
            Jmp { target, .. } => write!(f, "jmp {target}"),
            Jcc { cond, target, .. } => write!(f, "j{cond} {target}"),
            CallLabel(l) => write!(f, "call {l}"),
            JmpAddr(t) => write!(f, "jmp 0x{t:x}"),
            JccAddr(c, t) => write!(f, "j{c} 0x{t:x}"),
            CallAddr(t) => write!(f, "call 0x{t:x}"),
            JmpR(r) => write!(f, "jmp {r}"),
            JmpM(m) => write!(f, "jmp {}", MemOp(&m, q)),
            CallR(r) => write!(f, "call {r}"),
            CallM(m) => write!(f, "call {}", MemOp(&m, q)),
            Ret => f.write_str("ret"),
            Int3 => f.write_str("int3"),
            Ud2 => f.write_str("ud2"),
            Nop { len } => {
                let mut left = len as usize;
                let mut first = true;
                while left > 0 {
                    let n = left.min(MAX_NOP);
                    if !first {
                        f.write_str("; ")?;
                    }
                    f.write_str(NOP_TEXT[n - 1])?;
                    first = false;
                    left -= n;
                }
                Ok(())
            }
        }
    }
}

impl Display for Mem {
    /// The operand without a size keyword, e.g. `[rbx+rcx*8-0x10]`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        MemOp(self, None).fmt(f)
    }
}
