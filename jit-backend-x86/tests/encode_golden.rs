//! Golden encodings: a curated, human-readable list of instructions and their bytes in
//! `tests/golden/encodings.txt` (`text => hex bytes`, grouped by section). Every line is also
//! checked against iced-x86, so the file documents encodings that two independent
//! implementations agree on. Refresh with `TERN_BLESS=1 cargo test -p tern-jit-backend-x86
//! --test encode_golden` and review the diff.

mod common;

use std::fmt::Write;
use std::path::PathBuf;

use common::{check_single, hex};
use tern_jit_backend_x86::asm::Gpr::*;
use tern_jit_backend_x86::asm::Inst::*;
use tern_jit_backend_x86::asm::Width::*;
use tern_jit_backend_x86::asm::Xmm::*;
use tern_jit_backend_x86::asm::*;

fn sections() -> Vec<(&'static str, Vec<Inst>)> {
    let m = |b, d| Mem::base(b, d);
    vec![
        (
            "addressing: special bases, SIB, displacement sizes",
            vec![
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: m(Rax, 0),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: m(Rsp, 0),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: m(R12, 0),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: m(Rbp, 0),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: m(R13, 0),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: m(Rbx, 127),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: m(Rbx, 128),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: m(Rbx, -128),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: m(Rbx, -129),
                },
                MovRM {
                    w: W64,
                    dst: R9,
                    src: m(R15, i32::MIN),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: Mem::sib(Rbx, Rcx, Scale::S8, 0),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: Mem::sib(Rbp, Rcx, Scale::S1, 0),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: Mem::sib(R13, R12, Scale::S4, -8),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: Mem::sib(Rsp, Rbp, Scale::S2, 0x100),
                },
                MovRM {
                    w: W64,
                    dst: R8,
                    src: Mem::sib(R8, R9, Scale::S8, 0x7fffffff),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: Mem::index_only(Rcx, Scale::S8, 0x40),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: Mem::index_only(Rcx, Scale::S1, 0x40),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: Mem::abs(0x1000),
                },
                MovRM {
                    w: W64,
                    dst: Rax,
                    src: Mem::abs(-8),
                },
            ],
        ),
        (
            "integer ALU",
            vec![
                AluRR {
                    op: AluOp::Add,
                    w: W64,
                    dst: Rax,
                    src: Rbx,
                },
                AluRR {
                    op: AluOp::Sub,
                    w: W32,
                    dst: R8,
                    src: Rdx,
                },
                AluRR {
                    op: AluOp::Xor,
                    w: W8,
                    dst: Rsi,
                    src: Rax,
                },
                AluRR {
                    op: AluOp::Cmp,
                    w: W16,
                    dst: R15,
                    src: R14,
                },
                AluRR {
                    op: AluOp::Adc,
                    w: W64,
                    dst: Rdx,
                    src: R10,
                },
                AluRR {
                    op: AluOp::Sbb,
                    w: W64,
                    dst: Rdx,
                    src: R11,
                },
                AluRI {
                    op: AluOp::Add,
                    w: W64,
                    dst: Rax,
                    imm: 1,
                },
                AluRI {
                    op: AluOp::Add,
                    w: W64,
                    dst: Rax,
                    imm: 1000,
                },
                AluRI {
                    op: AluOp::Add,
                    w: W64,
                    dst: Rcx,
                    imm: 1000,
                },
                AluRI {
                    op: AluOp::Sub,
                    w: W64,
                    dst: Rsp,
                    imm: 8,
                },
                AluRI {
                    op: AluOp::And,
                    w: W32,
                    dst: R9,
                    imm: -16,
                },
                AluRI {
                    op: AluOp::Or,
                    w: W8,
                    dst: Rax,
                    imm: 0x80,
                },
                AluRI {
                    op: AluOp::Or,
                    w: W8,
                    dst: Rdi,
                    imm: 0x7f,
                },
                AluRI {
                    op: AluOp::Cmp,
                    w: W16,
                    dst: Rbx,
                    imm: 0x1234,
                },
                AluRI {
                    op: AluOp::Cmp,
                    w: W64,
                    dst: R13,
                    imm: i32::MIN,
                },
                AluRM {
                    op: AluOp::Add,
                    w: W64,
                    dst: Rax,
                    src: m(Rdi, 8),
                },
                AluMR {
                    op: AluOp::Sub,
                    w: W32,
                    dst: m(Rsp, 4),
                    src: Rcx,
                },
                AluMI {
                    op: AluOp::Cmp,
                    w: W64,
                    dst: m(R12, 0x10),
                    imm: 0,
                },
                AluMI {
                    op: AluOp::Add,
                    w: W8,
                    dst: m(Rbp, -1),
                    imm: 1,
                },
                AluMI {
                    op: AluOp::And,
                    w: W16,
                    dst: m(Rax, 0),
                    imm: 0x7fff,
                },
                TestRR {
                    w: W64,
                    a: Rax,
                    b: Rax,
                },
                TestRR {
                    w: W8,
                    a: Rbp,
                    b: Rbp,
                },
                TestRI {
                    w: W64,
                    a: Rax,
                    imm: 1,
                },
                TestRI {
                    w: W32,
                    a: Rcx,
                    imm: 0xff,
                },
                TestRI {
                    w: W8,
                    a: R10,
                    imm: 1,
                },
                TestMI {
                    w: W8,
                    a: m(Rdi, 3),
                    imm: 0x40,
                },
                TestMR {
                    w: W64,
                    a: m(Rsi, 0),
                    b: R8,
                },
            ],
        ),
        (
            "negate, complement, multiply, divide",
            vec![
                UnaryR {
                    op: UnaryOp::Neg,
                    w: W64,
                    r: Rax,
                },
                UnaryR {
                    op: UnaryOp::Not,
                    w: W32,
                    r: R11,
                },
                UnaryR {
                    op: UnaryOp::Idiv,
                    w: W64,
                    r: Rcx,
                },
                UnaryR {
                    op: UnaryOp::Div,
                    w: W64,
                    r: R8,
                },
                UnaryR {
                    op: UnaryOp::Mul,
                    w: W64,
                    r: Rdx,
                },
                UnaryR {
                    op: UnaryOp::Imul,
                    w: W64,
                    r: Rbx,
                },
                UnaryM {
                    op: UnaryOp::Neg,
                    w: W64,
                    m: m(Rsp, 8),
                },
                UnaryM {
                    op: UnaryOp::Idiv,
                    w: W32,
                    m: m(R13, 0),
                },
                Cqo,
                Cdq,
                Cwd,
                Cdqe,
                ImulRR {
                    w: W64,
                    dst: Rax,
                    src: Rcx,
                },
                ImulRR {
                    w: W32,
                    dst: R12,
                    src: R9,
                },
                ImulRM {
                    w: W64,
                    dst: Rdx,
                    src: m(Rbp, 16),
                },
                ImulRRI {
                    w: W64,
                    dst: Rax,
                    src: Rbx,
                    imm: 10,
                },
                ImulRRI {
                    w: W64,
                    dst: Rax,
                    src: Rax,
                    imm: 1000,
                },
                ImulRMI {
                    w: W16,
                    dst: Rcx,
                    src: m(Rax, 2),
                    imm: -2,
                },
            ],
        ),
        (
            "shifts and rotates",
            vec![
                ShiftRI {
                    op: ShiftOp::Shl,
                    w: W64,
                    dst: Rax,
                    count: 1,
                },
                ShiftRI {
                    op: ShiftOp::Shl,
                    w: W64,
                    dst: Rax,
                    count: 3,
                },
                ShiftRI {
                    op: ShiftOp::Sar,
                    w: W64,
                    dst: R10,
                    count: 63,
                },
                ShiftRI {
                    op: ShiftOp::Shr,
                    w: W32,
                    dst: Rsi,
                    count: 31,
                },
                ShiftRI {
                    op: ShiftOp::Rol,
                    w: W8,
                    dst: Rdi,
                    count: 4,
                },
                ShiftRI {
                    op: ShiftOp::Ror,
                    w: W16,
                    dst: Rdx,
                    count: 8,
                },
                ShiftRCl {
                    op: ShiftOp::Shl,
                    w: W64,
                    dst: Rdx,
                },
                ShiftRCl {
                    op: ShiftOp::Sar,
                    w: W32,
                    dst: R15,
                },
                ShiftMI {
                    op: ShiftOp::Shr,
                    w: W64,
                    dst: m(Rbx, 8),
                    count: 2,
                },
                ShiftMCl {
                    op: ShiftOp::Sar,
                    w: W64,
                    dst: m(Rsp, 0),
                },
            ],
        ),
        (
            "conditions: setcc, cmovcc",
            Cond::ALL
                .iter()
                .map(|&cond| SetccR { cond, dst: Rax })
                .chain([
                    SetccR {
                        cond: Cond::E,
                        dst: Rsi,
                    },
                    SetccR {
                        cond: Cond::L,
                        dst: R9,
                    },
                    SetccM {
                        cond: Cond::B,
                        dst: m(Rbp, 0),
                    },
                    CmovRR {
                        cond: Cond::L,
                        w: W64,
                        dst: Rax,
                        src: Rcx,
                    },
                    CmovRR {
                        cond: Cond::Ne,
                        w: W32,
                        dst: R8,
                        src: R15,
                    },
                    CmovRM {
                        cond: Cond::G,
                        w: W64,
                        dst: Rdx,
                        src: m(Rsp, 24),
                    },
                ])
                .collect(),
        ),
        (
            "moves, extensions, lea",
            vec![
                MovRR {
                    w: W64,
                    dst: Rax,
                    src: Rbx,
                },
                MovRR {
                    w: W32,
                    dst: R8,
                    src: Rsp,
                },
                MovRR {
                    w: W16,
                    dst: Rcx,
                    src: R9,
                },
                MovRR {
                    w: W8,
                    dst: Rsi,
                    src: Rdi,
                },
                MovRR {
                    w: W8,
                    dst: Rax,
                    src: Rcx,
                },
                MovRM {
                    w: W32,
                    dst: Rax,
                    src: m(Rdi, 4),
                },
                MovRM {
                    w: W8,
                    dst: R12,
                    src: m(Rax, 0),
                },
                MovMR {
                    w: W64,
                    dst: m(Rsp, 8),
                    src: Rax,
                },
                MovMR {
                    w: W16,
                    dst: m(Rbx, 2),
                    src: Rsi,
                },
                MovMR {
                    w: W8,
                    dst: m(Rdi, 0),
                    src: Rbp,
                },
                MovRI {
                    w: W64,
                    dst: Rax,
                    imm: 0,
                },
                MovRI {
                    w: W64,
                    dst: Rax,
                    imm: 0xffff_ffff,
                },
                MovRI {
                    w: W64,
                    dst: Rax,
                    imm: -1,
                },
                MovRI {
                    w: W64,
                    dst: R11,
                    imm: 0x1234_5678_9abc_def0,
                },
                MovRI {
                    w: W64,
                    dst: Rcx,
                    imm: i64::MIN,
                },
                MovRI {
                    w: W32,
                    dst: R8,
                    imm: -2,
                },
                MovRI {
                    w: W16,
                    dst: Rdx,
                    imm: 0x8000,
                },
                MovRI {
                    w: W8,
                    dst: Rsi,
                    imm: 0xff,
                },
                MovMI {
                    w: W64,
                    dst: m(Rax, 0),
                    imm: -1,
                },
                MovMI {
                    w: W32,
                    dst: m(Rsp, 0x20),
                    imm: 0x1234_5678,
                },
                MovMI {
                    w: W16,
                    dst: m(R13, 0),
                    imm: 7,
                },
                MovMI {
                    w: W8,
                    dst: m(R12, 1),
                    imm: 0xcc,
                },
                MovzxRR {
                    dst_w: W32,
                    dst: Rax,
                    src_w: W8,
                    src: Rsi,
                },
                MovzxRR {
                    dst_w: W64,
                    dst: Rax,
                    src_w: W16,
                    src: R9,
                },
                MovzxRR {
                    dst_w: W64,
                    dst: Rax,
                    src_w: W32,
                    src: Rcx,
                },
                MovzxRM {
                    dst_w: W32,
                    dst: Rax,
                    src_w: W8,
                    src: m(Rdi, 1),
                },
                MovzxRM {
                    dst_w: W64,
                    dst: R10,
                    src_w: W32,
                    src: m(Rdi, 4),
                },
                MovsxRR {
                    dst_w: W64,
                    dst: Rax,
                    src_w: W8,
                    src: Rdi,
                },
                MovsxRR {
                    dst_w: W32,
                    dst: Rax,
                    src_w: W16,
                    src: Rcx,
                },
                MovsxRR {
                    dst_w: W64,
                    dst: Rax,
                    src_w: W32,
                    src: Rcx,
                },
                MovsxRM {
                    dst_w: W64,
                    dst: R14,
                    src_w: W32,
                    src: Mem::sib(Rbx, Rcx, Scale::S4, 0),
                },
                MovsxRM {
                    dst_w: W64,
                    dst: Rax,
                    src_w: W16,
                    src: m(Rax, 0),
                },
                Lea {
                    w: W64,
                    dst: Rax,
                    src: Mem::sib(Rax, Rax, Scale::S2, 0),
                },
                Lea {
                    w: W64,
                    dst: Rsp,
                    src: m(Rsp, -8),
                },
                Lea {
                    w: W32,
                    dst: Rcx,
                    src: Mem::sib(Rdi, Rsi, Scale::S1, 1),
                },
            ],
        ),
        (
            "stack",
            vec![
                PushR(Rbp),
                PushR(R12),
                PopR(R15),
                PopR(Rbx),
                PushI(1),
                PushI(0x1000),
                PushI(-1),
                PushM(m(Rsp, 8)),
                PopM(m(Rax, 0)),
            ],
        ),
        (
            "SSE2 scalar double",
            vec![
                SseRR {
                    op: SseOp::Movsd,
                    dst: Xmm0,
                    src: Xmm1,
                },
                SseRR {
                    op: SseOp::Movaps,
                    dst: Xmm8,
                    src: Xmm15,
                },
                SseRM {
                    op: SseOp::Movsd,
                    dst: Xmm0,
                    src: m(Rsp, 8),
                },
                SseRM {
                    op: SseOp::Movss,
                    dst: Xmm3,
                    src: m(Rdi, 0),
                },
                MovsdMR {
                    dst: m(Rbp, -8),
                    src: Xmm2,
                },
                MovsdMR {
                    dst: Mem::sib(R12, R13, Scale::S8, 0),
                    src: Xmm9,
                },
                MovssMR {
                    dst: m(Rax, 4),
                    src: Xmm1,
                },
                SseRR {
                    op: SseOp::Addsd,
                    dst: Xmm0,
                    src: Xmm1,
                },
                SseRR {
                    op: SseOp::Subsd,
                    dst: Xmm10,
                    src: Xmm1,
                },
                SseRR {
                    op: SseOp::Mulsd,
                    dst: Xmm0,
                    src: Xmm11,
                },
                SseRR {
                    op: SseOp::Divsd,
                    dst: Xmm14,
                    src: Xmm15,
                },
                SseRR {
                    op: SseOp::Sqrtsd,
                    dst: Xmm0,
                    src: Xmm0,
                },
                SseRR {
                    op: SseOp::Minsd,
                    dst: Xmm1,
                    src: Xmm2,
                },
                SseRR {
                    op: SseOp::Maxsd,
                    dst: Xmm1,
                    src: Xmm2,
                },
                SseRM {
                    op: SseOp::Addsd,
                    dst: Xmm0,
                    src: m(Rax, 8),
                },
                SseRR {
                    op: SseOp::Ucomisd,
                    dst: Xmm0,
                    src: Xmm1,
                },
                SseRR {
                    op: SseOp::Comisd,
                    dst: Xmm8,
                    src: Xmm1,
                },
                SseRM {
                    op: SseOp::Ucomisd,
                    dst: Xmm2,
                    src: m(Rdx, 0),
                },
                SseRR {
                    op: SseOp::Xorpd,
                    dst: Xmm0,
                    src: Xmm0,
                },
                SseRR {
                    op: SseOp::Xorps,
                    dst: Xmm9,
                    src: Xmm9,
                },
                SseRM {
                    op: SseOp::Xorpd,
                    dst: Xmm0,
                    src: m(Rax, 0x10),
                },
                SseRM {
                    op: SseOp::Andpd,
                    dst: Xmm1,
                    src: m(Rax, 0x20),
                },
                SseRR {
                    op: SseOp::Andnpd,
                    dst: Xmm1,
                    src: Xmm2,
                },
                SseRR {
                    op: SseOp::Orpd,
                    dst: Xmm1,
                    src: Xmm2,
                },
                SseRR {
                    op: SseOp::Cvtss2sd,
                    dst: Xmm0,
                    src: Xmm0,
                },
                SseRM {
                    op: SseOp::Cvtsd2ss,
                    dst: Xmm0,
                    src: m(Rsp, 0),
                },
                MovqXR {
                    dst: Xmm0,
                    src: Rax,
                },
                MovqXR {
                    dst: Xmm12,
                    src: R9,
                },
                MovqRX {
                    dst: Rax,
                    src: Xmm0,
                },
                MovqRX {
                    dst: R15,
                    src: Xmm7,
                },
                Cvtsi2sdRR {
                    w: W64,
                    dst: Xmm0,
                    src: Rax,
                },
                Cvtsi2sdRR {
                    w: W32,
                    dst: Xmm9,
                    src: R10,
                },
                Cvtsi2sdRM {
                    w: W64,
                    dst: Xmm1,
                    src: m(Rsp, 16),
                },
                Cvttsd2siRR {
                    w: W64,
                    dst: Rax,
                    src: Xmm0,
                },
                Cvttsd2siRR {
                    w: W32,
                    dst: R8,
                    src: Xmm15,
                },
                Cvttsd2siRM {
                    w: W64,
                    dst: Rcx,
                    src: m(Rbp, 8),
                },
            ],
        ),
        (
            "control flow (addresses resolved for a start at 0x1000)",
            vec![
                JmpAddr(0x2000),
                JccAddr(Cond::Ne, 0x1000),
                JccAddr(Cond::O, 0x80001000),
                CallAddr(0x1005),
                JmpR(Rax),
                JmpR(R11),
                JmpM(m(Rax, 8)),
                JmpM(Mem::index_only(Rcx, Scale::S8, 0x4000)),
                CallR(R11),
                CallM(m(Rbx, 0x18)),
                Ret,
                Int3,
                Ud2,
            ],
        ),
        (
            "nops (recommended multi-byte forms)",
            (1..=9).map(|len| Nop { len }).collect(),
        ),
    ]
}

fn render() -> String {
    let mut out = String::from(
        "# Golden x86-64 encodings (instruction => bytes), each also checked against iced-x86.\n\
         # Regenerate with TERN_BLESS=1.\n",
    );
    for (title, insts) in sections() {
        writeln!(out, "\n## {title}").unwrap();
        for inst in insts {
            let bytes = check_single(&inst).unwrap_or_else(|e| panic!("iced disagrees: {e}"));
            writeln!(out, "{:<48} => {}", inst.to_string(), hex(&bytes)).unwrap();
        }
    }
    out
}

#[test]
fn golden_encodings() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/encodings.txt");
    let actual = render();
    if std::env::var("TERN_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e} (run with TERN_BLESS=1)",
            path.display()
        )
    });
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .filter(|(e, a)| e != a)
            .take(20)
            .map(|(e, a)| format!("- {e}\n+ {a}"))
            .collect();
        panic!(
            "golden encodings changed ({} vs {} lines); rerun with TERN_BLESS=1 if intended:\n{}",
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}
