//! Golden encodings: a curated, human-readable list of instructions and their words in
//! `tests/golden/encodings.txt` (`text => hex words`, grouped by section). Every line is
//! also checked against yaxpeax-arm, and the printed list (except the relocated branches)
//! is assembled by GNU as, so the file documents encodings that independent
//! implementations agree on. Refresh with `TERN_BLESS=1 cargo test -p
//! tern-jit-backend-arm --test encode_golden` and review the diff.

mod common;

use std::fmt::Write;
use std::path::PathBuf;

use common::{SINGLE_BASE, check_single, gnu, hex_words, text_at};
use tern_jit_backend_arm::asm::FpWidth::*;
use tern_jit_backend_arm::asm::Fpr::*;
use tern_jit_backend_arm::asm::Gpr::*;
use tern_jit_backend_arm::asm::Inst::*;
use tern_jit_backend_arm::asm::Width::*;
use tern_jit_backend_arm::asm::*;

fn imm(op: AddSubOp, w: Width, rd: Gpr, rn: Gpr, imm: u32) -> Inst {
    AddSubImm { op, w, rd, rn, imm }
}

fn sh(op: AddSubOp, w: Width, rd: Gpr, rn: Gpr, rm: Gpr, shift: Shift, amount: u8) -> Inst {
    AddSubShifted {
        op,
        w,
        rd,
        rn,
        rm,
        shift,
        amount,
    }
}

fn ext(op: AddSubOp, w: Width, rd: Gpr, rn: Gpr, rm: Gpr, ext: Extend, amount: u8) -> Inst {
    AddSubExt {
        op,
        w,
        rd,
        rn,
        rm,
        ext,
        amount,
    }
}

fn limm(op: LogicOp, w: Width, rd: Gpr, rn: Gpr, imm: u64) -> Inst {
    LogicImm { op, w, rd, rn, imm }
}

fn lsh(op: LogicOp, w: Width, rd: Gpr, rn: Gpr, rm: Gpr, shift: Shift, amount: u8) -> Inst {
    LogicShifted {
        op,
        w,
        rd,
        rn,
        rm,
        shift,
        amount,
    }
}

fn bf(op: BitfieldOp, w: Width, immr: u8, imms: u8) -> Inst {
    Bitfield {
        op,
        w,
        rd: X0,
        rn: X1,
        immr,
        imms,
    }
}

fn ld(op: LoadOp, rt: Gpr, mem: Mem) -> Inst {
    Load { op, rt, mem }
}

fn st(op: StoreOp, rt: Gpr, mem: Mem) -> Inst {
    Store { op, rt, mem }
}

fn sections() -> Vec<(&'static str, Vec<Inst>)> {
    use AddSubOp::*;
    use LogicOp::*;
    let m = Mem::base;
    vec![
        (
            "add/sub immediate (register 31 is sp; lsl #12; cmp/cmn/mov aliases)",
            vec![
                imm(Add, W64, X0, X1, 1),
                imm(Add, W64, X0, X1, 4095),
                imm(Add, W64, X0, X1, 4096),
                imm(Sub, W64, X0, X1, 0xfff000),
                imm(Add, W32, X0, X1, 0x7b000),
                imm(Sub, W64, Sp, Sp, 16),
                imm(Add, W64, X29, Sp, 0),
                imm(Add, W64, Sp, X29, 0),
                imm(Adds, W64, X0, Sp, 8),
                imm(Subs, W64, Zr, X3, 42),
                imm(Subs, W32, Zr, Sp, 0),
                imm(Adds, W64, Zr, X3, 1 << 12),
            ],
        ),
        (
            "add/sub shifted register (register 31 is xzr; neg/cmp aliases)",
            vec![
                sh(Add, W64, X0, X1, X2, Shift::Lsl, 0),
                sh(Add, W64, X0, X1, X2, Shift::Lsl, 3),
                sh(Sub, W32, X0, X1, X2, Shift::Asr, 31),
                sh(Adds, W64, X0, X1, X2, Shift::Lsr, 63),
                sh(Subs, W64, Zr, X1, X2, Shift::Lsl, 0),
                sh(Sub, W64, X0, Zr, X2, Shift::Lsl, 0),
                sh(Subs, W64, X0, Zr, X2, Shift::Lsl, 0),
                sh(Add, W64, Zr, X1, X2, Shift::Lsl, 0),
            ],
        ),
        (
            "add/sub extended register (for sp operands and mixed widths)",
            vec![
                ext(Add, W64, X0, Sp, X1, Extend::Uxtx, 0),
                ext(Add, W64, Sp, Sp, X1, Extend::Uxtx, 3),
                ext(Sub, W64, Sp, Sp, X1, Extend::Uxtw, 0),
                ext(Add, W64, X0, X1, X2, Extend::Sxtw, 2),
                ext(Add, W64, X0, X1, X2, Extend::Uxtb, 4),
                ext(Subs, W64, Zr, Sp, X2, Extend::Uxtx, 0),
                ext(Add, W32, Sp, X0, X1, Extend::Uxtw, 0),
                ext(Adds, W64, X0, X1, X2, Extend::Sxth, 1),
            ],
        ),
        (
            "logical immediate (bitmask immediates; mov/tst aliases)",
            vec![
                limm(And, W64, X0, X1, 0xff),
                limm(And, W64, Sp, X1, !0xf),
                limm(Orr, W32, X0, X1, 0xf0f0_f0f0),
                limm(Eor, W64, X0, X1, 0x5555_5555_5555_5555),
                limm(Ands, W64, Zr, X1, 1 << 63),
                limm(Orr, W64, X0, Zr, 0x0000_ffff_0000_ffff),
                limm(Orr, W64, X0, Zr, 0xff),
                limm(Bic, W64, X0, X1, 0xff),
                limm(Orr, W32, X0, Zr, 0x8000_0001),
                limm(Eor, W64, X0, X1, 0x0003_fff0_0000_0000),
            ],
        ),
        (
            "logical shifted register (mov/mvn/tst aliases)",
            vec![
                lsh(And, W64, X0, X1, X2, Shift::Lsl, 0),
                lsh(Bic, W64, X0, X1, X2, Shift::Lsl, 4),
                lsh(Orr, W64, X0, Zr, X2, Shift::Lsl, 0),
                lsh(Orr, W32, X0, Zr, X2, Shift::Lsr, 1),
                lsh(Orn, W64, X0, Zr, X2, Shift::Lsl, 0),
                lsh(Eon, W32, X0, X1, X2, Shift::Ror, 7),
                lsh(Ands, W64, Zr, X1, X2, Shift::Lsl, 0),
                lsh(Bics, W64, X0, X1, X2, Shift::Asr, 2),
            ],
        ),
        (
            "move wide and constants (fewest of movz/movn/orr + movk)",
            vec![
                MoveWide {
                    op: MoveWideOp::Movz,
                    w: W64,
                    rd: X0,
                    imm16: 0x1234,
                    shift: 48,
                },
                MoveWide {
                    op: MoveWideOp::Movn,
                    w: W64,
                    rd: X0,
                    imm16: 0,
                    shift: 0,
                },
                MoveWide {
                    op: MoveWideOp::Movk,
                    w: W32,
                    rd: X0,
                    imm16: 0xbeef,
                    shift: 16,
                },
                MoveWide {
                    op: MoveWideOp::Movz,
                    w: W64,
                    rd: X0,
                    imm16: 0,
                    shift: 32,
                },
                MoveWide {
                    op: MoveWideOp::Movn,
                    w: W32,
                    rd: X0,
                    imm16: 0xffff,
                    shift: 0,
                },
                MovImm {
                    w: W64,
                    rd: X0,
                    imm: 0,
                },
                MovImm {
                    w: W64,
                    rd: X0,
                    imm: u64::MAX,
                },
                MovImm {
                    w: W64,
                    rd: X0,
                    imm: -1000i64 as u64,
                },
                MovImm {
                    w: W64,
                    rd: X0,
                    imm: 0xffff_0000_ffff_0000,
                },
                MovImm {
                    w: W64,
                    rd: X0,
                    imm: 0x5555_5555_1234_5555,
                },
                MovImm {
                    w: W64,
                    rd: X0,
                    imm: 0x0000_7fff_8000_1000,
                },
                MovImm {
                    w: W64,
                    rd: X0,
                    imm: 0x1234_5678_9abc_def0,
                },
                MovImm {
                    w: W32,
                    rd: X0,
                    imm: 0xdead_beef,
                },
                MovImm {
                    w: W32,
                    rd: X0,
                    imm: 0xffff_fff0,
                },
            ],
        ),
        (
            "bitfield moves (shifts by immediate, extensions, extract/insert)",
            vec![
                bf(BitfieldOp::Ubfm, W64, 61, 60),
                bf(BitfieldOp::Ubfm, W64, 3, 63),
                bf(BitfieldOp::Sbfm, W64, 3, 63),
                bf(BitfieldOp::Ubfm, W32, 31, 30),
                bf(BitfieldOp::Sbfm, W64, 0, 7),
                bf(BitfieldOp::Sbfm, W64, 0, 15),
                bf(BitfieldOp::Sbfm, W64, 0, 31),
                bf(BitfieldOp::Sbfm, W32, 0, 7),
                bf(BitfieldOp::Ubfm, W32, 0, 7),
                bf(BitfieldOp::Ubfm, W32, 0, 15),
                bf(BitfieldOp::Ubfm, W64, 0, 7),
                bf(BitfieldOp::Ubfm, W64, 4, 11),
                bf(BitfieldOp::Sbfm, W64, 4, 11),
                bf(BitfieldOp::Ubfm, W64, 60, 7),
                bf(BitfieldOp::Sbfm, W32, 28, 3),
                bf(BitfieldOp::Bfm, W64, 60, 7),
                bf(BitfieldOp::Bfm, W64, 4, 11),
                Extr {
                    w: W64,
                    rd: X0,
                    rn: X1,
                    rm: X1,
                    lsb: 17,
                },
                Extr {
                    w: W32,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                    lsb: 5,
                },
            ],
        ),
        (
            "multiply, divide, variable shifts, bit operations",
            vec![
                Dp3 {
                    op: Dp3Op::Madd,
                    w: W64,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                    ra: Zr,
                },
                Dp3 {
                    op: Dp3Op::Madd,
                    w: W64,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                    ra: X3,
                },
                Dp3 {
                    op: Dp3Op::Msub,
                    w: W32,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                    ra: X3,
                },
                Dp3 {
                    op: Dp3Op::Smaddl,
                    w: W64,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                    ra: Zr,
                },
                Dp3 {
                    op: Dp3Op::Umsubl,
                    w: W64,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                    ra: X3,
                },
                MulHigh {
                    op: MulHighOp::Smulh,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                },
                MulHigh {
                    op: MulHighOp::Umulh,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                },
                Dp2 {
                    op: Dp2Op::Sdiv,
                    w: W64,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                },
                Dp2 {
                    op: Dp2Op::Udiv,
                    w: W32,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                },
                Dp2 {
                    op: Dp2Op::Lslv,
                    w: W64,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                },
                Dp2 {
                    op: Dp2Op::Asrv,
                    w: W32,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                },
                Dp1 {
                    op: Dp1Op::Clz,
                    w: W64,
                    rd: X0,
                    rn: X1,
                },
                Dp1 {
                    op: Dp1Op::Rev,
                    w: W32,
                    rd: X0,
                    rn: X1,
                },
                Dp1 {
                    op: Dp1Op::Rbit,
                    w: W64,
                    rd: X0,
                    rn: X1,
                },
            ],
        ),
        (
            "conditional compare and select (cset/csetm/cinc/cneg aliases)",
            vec![
                CcmpRR {
                    op: CondCmpOp::Ccmp,
                    w: W64,
                    rn: X0,
                    rm: X1,
                    nzcv: 4,
                    cond: Cond::Ne,
                },
                CcmpImm {
                    op: CondCmpOp::Ccmn,
                    w: W32,
                    rn: X0,
                    imm: 31,
                    nzcv: 15,
                    cond: Cond::Lt,
                },
                Csel {
                    op: CselOp::Csel,
                    w: W64,
                    rd: X0,
                    rn: X1,
                    rm: X2,
                    cond: Cond::Hi,
                },
                Csel {
                    op: CselOp::Csinc,
                    w: W64,
                    rd: X0,
                    rn: Zr,
                    rm: Zr,
                    cond: Cond::Ne,
                },
                Csel {
                    op: CselOp::Csinv,
                    w: W32,
                    rd: X0,
                    rn: Zr,
                    rm: Zr,
                    cond: Cond::Hs,
                },
                Csel {
                    op: CselOp::Csinc,
                    w: W64,
                    rd: X0,
                    rn: X1,
                    rm: X1,
                    cond: Cond::Ge,
                },
                Csel {
                    op: CselOp::Csneg,
                    w: W64,
                    rd: X0,
                    rn: X1,
                    rm: X1,
                    cond: Cond::Pl,
                },
                Csel {
                    op: CselOp::Csinc,
                    w: W64,
                    rd: X0,
                    rn: Zr,
                    rm: Zr,
                    cond: Cond::Al,
                },
            ],
        ),
        (
            "loads and stores: every width, scaled/unscaled offsets, write-back",
            vec![
                ld(LoadOp::LdrX, X0, m(X1, 0)),
                ld(LoadOp::LdrX, X0, m(Sp, 32760)),
                ld(LoadOp::LdrX, X0, m(X1, -8)),
                ld(LoadOp::LdrX, X0, m(X1, 4)),
                ld(LoadOp::LdrW, X0, m(X1, 16380)),
                ld(LoadOp::Ldrh, X0, m(X1, 8190)),
                ld(LoadOp::Ldrb, X0, m(X1, 4095)),
                ld(LoadOp::LdrsbX, X0, m(X1, -1)),
                ld(LoadOp::LdrsbW, X0, m(X1, 1)),
                ld(LoadOp::LdrshX, X0, m(X1, 2)),
                ld(LoadOp::LdrshW, X0, m(X1, -256)),
                ld(LoadOp::Ldrsw, X0, m(X1, 255)),
                st(StoreOp::StrX, Zr, m(Sp, 8)),
                st(StoreOp::StrW, X0, m(X1, -4)),
                st(StoreOp::Strh, X0, m(X1, 2)),
                st(StoreOp::Strb, X0, m(X1, 0)),
                ld(LoadOp::LdrX, X0, Mem::pre(X1, 8)),
                ld(LoadOp::LdrX, X0, Mem::post(X1, -256)),
                st(StoreOp::StrX, X30, Mem::pre(Sp, -16)),
                st(StoreOp::Strb, X0, Mem::post(X1, 1)),
            ],
        ),
        (
            "loads and stores: register offsets",
            vec![
                ld(LoadOp::LdrX, X0, Mem::index(X1, X2)),
                ld(LoadOp::LdrX, X0, Mem::index_scaled(X1, X2)),
                ld(
                    LoadOp::LdrW,
                    X0,
                    Mem::index_ext(X1, X2, IndexExt::Uxtw, true),
                ),
                ld(
                    LoadOp::LdrshX,
                    X0,
                    Mem::index_ext(Sp, X2, IndexExt::Sxtw, false),
                ),
                ld(
                    LoadOp::Ldrb,
                    X0,
                    Mem::index_ext(X1, X2, IndexExt::Sxtx, true),
                ),
                st(StoreOp::StrX, X0, Mem::index(X1, Zr)),
            ],
        ),
        (
            "register pairs (frames)",
            vec![
                Stp {
                    w: W64,
                    rt1: X29,
                    rt2: X30,
                    mem: Mem::pre(Sp, -16),
                },
                Ldp {
                    w: W64,
                    rt1: X29,
                    rt2: X30,
                    mem: Mem::post(Sp, 16),
                },
                Stp {
                    w: W64,
                    rt1: X19,
                    rt2: X20,
                    mem: m(Sp, 504),
                },
                Ldp {
                    w: W32,
                    rt1: X0,
                    rt2: X1,
                    mem: m(X2, -256),
                },
                Ldpsw {
                    rt1: X0,
                    rt2: X1,
                    mem: m(X2, 8),
                },
                StpFp {
                    w: F64,
                    rt1: V8,
                    rt2: V9,
                    mem: Mem::pre(Sp, -16),
                },
                LdpFp {
                    w: F32,
                    rt1: V0,
                    rt2: V1,
                    mem: m(X3, 4),
                },
            ],
        ),
        (
            "floating point",
            vec![
                FpRRR {
                    op: FpOp2::Fadd,
                    w: F64,
                    rd: V0,
                    rn: V1,
                    rm: V2,
                },
                FpRRR {
                    op: FpOp2::Fdiv,
                    w: F32,
                    rd: V31,
                    rn: V30,
                    rm: V29,
                },
                FpRR {
                    op: FpOp1::Fneg,
                    w: F64,
                    rd: V0,
                    rn: V1,
                },
                FpRR {
                    op: FpOp1::Fsqrt,
                    w: F64,
                    rd: V0,
                    rn: V1,
                },
                FpRR {
                    op: FpOp1::Frintm,
                    w: F64,
                    rd: V0,
                    rn: V1,
                },
                FpRRRR {
                    op: FpOp3::Fmadd,
                    w: F64,
                    rd: V0,
                    rn: V1,
                    rm: V2,
                    ra: V3,
                },
                Fcmp {
                    op: FcmpOp::Fcmp,
                    w: F64,
                    rn: V0,
                    rm: V1,
                },
                FcmpZero {
                    op: FcmpOp::Fcmpe,
                    w: F64,
                    rn: V0,
                },
                Fcsel {
                    w: F64,
                    rd: V0,
                    rn: V1,
                    rm: V2,
                    cond: Cond::Mi,
                },
                Fcvt {
                    dst_w: F32,
                    rd: V0,
                    src_w: F64,
                    rn: V1,
                },
                FpToInt {
                    op: FpToIntOp::Fcvtzs,
                    iw: W64,
                    rd: X0,
                    fw: F64,
                    rn: V1,
                },
                FpToInt {
                    op: FpToIntOp::Fcvtms,
                    iw: W32,
                    rd: X0,
                    fw: F32,
                    rn: V1,
                },
                IntToFp {
                    op: IntToFpOp::Scvtf,
                    fw: F64,
                    rd: V0,
                    iw: W64,
                    rn: X1,
                },
                IntToFp {
                    op: IntToFpOp::Ucvtf,
                    fw: F32,
                    rd: V0,
                    iw: W32,
                    rn: X1,
                },
                FmovToGpr {
                    w: F64,
                    rd: X0,
                    rn: V1,
                },
                FmovFromGpr {
                    w: F64,
                    rd: V0,
                    rn: Zr,
                },
                FmovImm {
                    w: F64,
                    rd: V0,
                    value: 1.0,
                },
                FmovImm {
                    w: F32,
                    rd: V0,
                    value: -0.1328125,
                },
                LoadFp {
                    w: F64,
                    rt: V0,
                    mem: m(X1, 8),
                },
                StoreFp {
                    w: F64,
                    rt: V0,
                    mem: m(X1, -8),
                },
                LoadFp {
                    w: F32,
                    rt: V0,
                    mem: Mem::index_scaled(X1, X2),
                },
            ],
        ),
        (
            "control flow and system (absolute targets for a placement at 0x10000)",
            vec![
                BAddr(0x10000 + (1 << 27) - 4),
                BlAddr(0x10000u64.wrapping_sub(1 << 27)),
                BCondAddr(Cond::Eq, 0x10000 + (1 << 20) - 4),
                BCondAddr(Cond::Le, 0x8000),
                AdrpAddr {
                    rd: X0,
                    target: 0x1234_5678,
                },
                Br(X16),
                Blr(X17),
                Ret(X30),
                Ret(X1),
                Nop,
                Brk(0xf000),
                Udf(0),
                Dmb(Barrier::Ish),
                Dmb(Barrier::Ishld),
                Dsb(Barrier::Ish),
                Isb,
                DcCvau(X0),
                IcIvau(X0),
                Mrs {
                    rt: X0,
                    reg: SysReg::CtrEl0,
                },
                Mrs {
                    rt: X1,
                    reg: SysReg::TpidrEl0,
                },
                Msr {
                    reg: SysReg::Nzcv,
                    rt: X2,
                },
            ],
        ),
    ]
}

fn render() -> String {
    let mut out = String::from(
        "# Golden AArch64 encodings (instruction => words), each also checked against \
         yaxpeax-arm.\n# Regenerate with TERN_BLESS=1.\n",
    );
    for (title, insts) in sections() {
        writeln!(out, "\n## {title}").unwrap();
        for inst in insts {
            let ws = check_single(&inst).unwrap_or_else(|e| panic!("yaxpeax disagrees: {e}"));
            let text = text_at(&inst, SINGLE_BASE);
            writeln!(out, "{text:<52} => {}", hex_words(&ws)).unwrap();
        }
    }
    out
}

#[test]
fn golden_list_matches_gnu_as() {
    if !gnu::available() {
        return;
    }
    let mut asm = Assembler::new();
    let mut text = String::from(".text\n");
    for (_, insts) in sections() {
        for inst in insts {
            // Absolute targets are relocated; GNU as has no syntax for them here.
            if matches!(inst, BAddr(_) | BlAddr(_) | BCondAddr(..) | AdrpAddr { .. }) {
                continue;
            }
            asm.emit(&inst);
            writeln!(text, "    {inst}").unwrap();
        }
    }
    let ours = asm.finish().unwrap();
    let theirs = gnu::gnu_assemble("golden", &text);
    assert_eq!(
        hex_words(&common::words(&theirs)),
        hex_words(&common::words(ours.bytes()))
    );
}

#[test]
fn golden_encodings() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/encodings.txt");
    let actual = render();
    if std::env::var("TERN_BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
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
