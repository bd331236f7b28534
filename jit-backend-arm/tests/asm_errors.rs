//! Bad input gives a clear error, never a panic or a wrong instruction: every
//! `AsmErrorKind`, register 31 in the wrong role for each kind of operand, the failing
//! instruction emits nothing, the first error is kept, and label, alignment, relocation
//! and patching bookkeeping.

use tern_jit_backend_arm::asm::Gpr::*;
use tern_jit_backend_arm::asm::Width::*;
use tern_jit_backend_arm::asm::*;

/// Runs `f` on a fresh assembler after one valid instruction, checks that exactly one
/// error was recorded at offset 4, that nothing was emitted for it, and returns it.
fn err(f: impl FnOnce(&mut Assembler)) -> AsmError {
    let mut a = Assembler::new();
    a.nop();
    f(&mut a);
    let e = a.error().cloned().expect("an error");
    assert_eq!(e.offset, 4, "{e}");
    assert_eq!(
        a.offset(),
        4,
        "nothing emitted for the failing instruction ({e})"
    );
    let finished = a.finish().expect_err("finish fails");
    assert_eq!(finished, e);
    e
}

fn bad_reg(f: impl FnOnce(&mut Assembler)) -> (Gpr, &'static str) {
    match err(f).kind {
        AsmErrorKind::BadRegister { reg, operand, .. } => (reg, operand),
        k => panic!("expected BadRegister, got {k:?}"),
    }
}

#[test]
fn register_31_roles() {
    // add/sub immediate: Rn is SP, never ZR; Rd is ZR once flags are set.
    assert_eq!(bad_reg(|a| a.add_imm(W64, X0, Zr, 1)), (Zr, "Rn"));
    assert_eq!(bad_reg(|a| a.add_imm(W64, Zr, X0, 1)), (Zr, "Rd"));
    assert_eq!(
        bad_reg(|a| a.addsub_imm(AddSubOp::Adds, W64, Sp, X0, 1)),
        (Sp, "Rd")
    );
    // Shifted register: no SP anywhere.
    for (rd, rn, rm, op) in [(Sp, X1, X2, "Rd"), (X0, Sp, X2, "Rn"), (X0, X1, Sp, "Rm")] {
        assert_eq!(
            bad_reg(|a| a.addsub_shifted(AddSubOp::Add, W64, rd, rn, rm, Shift::Lsl, 0)),
            (Sp, op)
        );
        assert_eq!(
            bad_reg(|a| a.logic_rr(LogicOp::Orr, W32, rd, rn, rm)),
            (Sp, op)
        );
    }
    // add_rr picks the extended form for SP but still rejects SP as Rm.
    assert_eq!(bad_reg(|a| a.add_rr(W64, Sp, Sp, Sp)), (Sp, "Rm"));
    // Logical immediate: Rd may be SP except for ands; Rn is ZR.
    assert_eq!(
        bad_reg(|a| a.logic_imm(LogicOp::Ands, W64, Sp, X1, 1)),
        (Sp, "Rd")
    );
    assert_eq!(
        bad_reg(|a| a.logic_imm(LogicOp::And, W64, X0, Sp, 1)),
        (Sp, "Rn")
    );
    assert_eq!(bad_reg(|a| a.tst_imm(W64, Sp, 1)), (Sp, "Rn"));
    // Everything else: ZR only.
    assert_eq!(bad_reg(|a| a.movz(W64, Sp, 1, 0)), (Sp, "Rd"));
    assert_eq!(bad_reg(|a| a.mul(W64, X0, Sp, X1)), (Sp, "Rn"));
    assert_eq!(bad_reg(|a| a.madd(W64, X0, X1, X2, Sp)), (Sp, "Ra"));
    assert_eq!(bad_reg(|a| a.sdiv(W32, X0, X1, Sp)), (Sp, "Rm"));
    assert_eq!(bad_reg(|a| a.smulh(Sp, X1, X2)), (Sp, "Rd"));
    assert_eq!(bad_reg(|a| a.cset(W64, Sp, Cond::Eq)), (Sp, "Rd"));
    assert_eq!(
        bad_reg(|a| a.ccmp_imm(CondCmpOp::Ccmp, W64, Sp, 1, 0, Cond::Eq)),
        (Sp, "Rn")
    );
    assert_eq!(
        bad_reg(|a| a.shift_imm(Shift::Lsl, W64, Sp, X1, 3)),
        (Sp, "Rd")
    );
    assert_eq!(bad_reg(|a| a.extr(W64, X0, X1, Sp, 3)), (Sp, "Rm"));
    assert_eq!(bad_reg(|a| a.dp1(Dp1Op::Clz, W64, X0, Sp)), (Sp, "Rn"));
    assert_eq!(
        bad_reg(|a| a.fcvtzs(W64, Sp, FpWidth::F64, Fpr::V0)),
        (Sp, "Rd")
    );
    assert_eq!(
        bad_reg(|a| a.scvtf(FpWidth::F64, Fpr::V0, W64, Sp)),
        (Sp, "Rn")
    );
    assert_eq!(
        bad_reg(|a| a.fmov_to_gpr(FpWidth::F64, Sp, Fpr::V0)),
        (Sp, "Rd")
    );
    assert_eq!(
        bad_reg(|a| a.fmov_from_gpr(FpWidth::F64, Fpr::V0, Sp)),
        (Sp, "Rn")
    );
    assert_eq!(bad_reg(|a| a.br(Sp)), (Sp, "Rn"));
    assert_eq!(bad_reg(|a| a.mrs(Sp, SysReg::Nzcv)), (Sp, "Rt"));
    // Memory: the base is SP (never ZR), the transfer register and the index are ZR.
    assert_eq!(bad_reg(|a| a.ldr(W64, X0, Mem::base(Zr, 0))), (Zr, "base"));
    assert_eq!(bad_reg(|a| a.ldr(W64, Sp, Mem::base(X1, 0))), (Sp, "Rt"));
    assert_eq!(
        bad_reg(|a| a.ldr(W64, X0, Mem::index(X1, Sp))),
        (Sp, "index")
    );
    assert_eq!(
        bad_reg(|a| a.stp(W64, X0, Sp, Mem::pre(Sp, -16))),
        (Sp, "Rt2")
    );
    assert_eq!(
        bad_reg(|a| a.ldp(W64, X0, X1, Mem::base(Zr, 0))),
        (Zr, "base")
    );
    assert_eq!(
        bad_reg(|a| a.load_fp(FpWidth::F64, Fpr::V0, Mem::post(Zr, 8))),
        (Zr, "base")
    );
    // mov_imm needs a real register.
    assert_eq!(bad_reg(|a| a.mov_imm(W64, Sp, 5)), (Sp, "Rd"));
    assert_eq!(bad_reg(|a| a.mov_imm(W64, Zr, 5)), (Zr, "Rd"));
    assert_eq!(bad_reg(|a| a.mov_addr(Zr, 0x1000)), (Zr, "Rd"));
}

#[test]
fn immediates_out_of_range() {
    let imm = |f: &dyn Fn(&mut Assembler)| match err(f).kind {
        AsmErrorKind::ImmOutOfRange { imm, .. } => imm,
        k => panic!("expected ImmOutOfRange, got {k:?}"),
    };
    assert_eq!(imm(&|a| a.add_imm(W64, X0, X1, 0x1001)), 0x1001);
    assert_eq!(imm(&|a| a.add_imm(W64, X0, X1, 0x100_0000)), 0x100_0000);
    assert_eq!(
        imm(&|a| a.addsub_shifted(AddSubOp::Add, W32, X0, X1, X2, Shift::Lsl, 32)),
        32
    );
    assert_eq!(
        imm(&|a| a.logic_shifted(LogicOp::Eor, W64, X0, X1, X2, Shift::Ror, 64)),
        64
    );
    assert_eq!(
        imm(&|a| a.addsub_ext(AddSubOp::Add, W64, X0, X1, X2, Extend::Sxtw, 5)),
        5
    );
    assert_eq!(imm(&|a| a.movz(W32, X0, 1, 32)), 32);
    assert_eq!(imm(&|a| a.movk(W64, X0, 1, 8)), 8);
    assert_eq!(imm(&|a| a.shift_imm(Shift::Asr, W32, X0, X1, 32)), 32);
    assert_eq!(
        imm(&|a| a.bitfield(BitfieldOp::Ubfm, W32, X0, X1, 32, 0)),
        32
    );
    assert_eq!(imm(&|a| a.extr(W64, X0, X1, X2, 64)), 64);
    assert_eq!(imm(&|a| a.ubfx(W32, X0, X1, 30, 3)), 33);
    assert_eq!(imm(&|a| a.bfi(W64, X0, X1, 0, 0)), 0);
    assert_eq!(
        imm(&|a| a.ccmp_rr(CondCmpOp::Ccmp, W64, X0, X1, 16, Cond::Eq)),
        16
    );
    assert_eq!(
        imm(&|a| a.ccmp_imm(CondCmpOp::Ccmn, W64, X0, 32, 0, Cond::Eq)),
        32
    );
    assert_eq!(
        imm(&|a| {
            let l = a.new_label();
            a.tbz(X0, 64, l)
        }),
        64
    );
    assert_eq!(imm(&|a| a.mov_imm(W32, X0, 0x1_0000_0000)), 0x1_0000_0000);
    assert_eq!(imm(&|a| a.add_const(W32, X0, X1, 1 << 40)), 1 << 40);
    assert_eq!(
        imm(&|a| a.logic_const(LogicOp::And, W32, X0, X1, 1 << 40)),
        1 << 40
    );
}

#[test]
fn other_value_errors() {
    for v in [0, u64::MAX, 0x1234, 5] {
        let e = err(|a| a.logic_imm(LogicOp::And, W64, X0, X1, v));
        assert!(matches!(e.kind, AsmErrorKind::NotBitmaskImm { imm, .. } if imm == v));
        assert!(e.to_string().contains("logic_const"), "{e}");
    }
    let e = err(|a| a.logic_imm(LogicOp::Orr, W32, X0, X1, 0x1_0000_00ff));
    assert!(matches!(e.kind, AsmErrorKind::NotBitmaskImm { .. }));
    // bic with all ones inverts to 0, which is not encodable.
    let e = err(|a| a.logic_imm(LogicOp::Bic, W32, X0, X1, 0xffff_ffff));
    assert!(matches!(e.kind, AsmErrorKind::NotBitmaskImm { .. }));
    for v in [0.0, 0.1, 32.0, f64::NAN] {
        let e = err(|a| a.fmov_imm(FpWidth::F64, Fpr::V0, v));
        assert!(matches!(e.kind, AsmErrorKind::NotFpImm { bits } if bits == v.to_bits()));
        assert!(e.to_string().contains("fmov_const"), "{e}");
    }
}

#[test]
fn memory_offsets() {
    let off = |f: &dyn Fn(&mut Assembler)| match err(f).kind {
        AsmErrorKind::OffsetOutOfRange { offset, .. } => offset,
        k => panic!("expected OffsetOutOfRange, got {k:?}"),
    };
    assert_eq!(off(&|a| a.ldr(W64, X0, Mem::base(X1, 4096 * 8))), 32768);
    assert_eq!(off(&|a| a.ldr(W64, X0, Mem::base(X1, 257))), 257);
    assert_eq!(off(&|a| a.ldr(W64, X0, Mem::base(X1, -257))), -257);
    assert_eq!(
        off(&|a| a.store(StoreOp::Strh, X0, Mem::base(X1, 8191))),
        8191
    );
    assert_eq!(off(&|a| a.ldr(W32, X0, Mem::pre(X1, 256))), 256);
    assert_eq!(off(&|a| a.ldr(W32, X0, Mem::post(X1, -257))), -257);
    assert_eq!(off(&|a| a.ldp(W64, X0, X1, Mem::base(X2, 4))), 4);
    assert_eq!(off(&|a| a.ldp(W64, X0, X1, Mem::base(X2, 512))), 512);
    assert_eq!(off(&|a| a.stp(W32, X0, X1, Mem::pre(Sp, -260))), -260);
    let e = err(|a| a.load(LoadOp::LdrX, X0, Mem::base(X1, 1 << 20)));
    assert!(e.to_string().contains("_far"), "{e}");
    // These are fine: the scaled and unscaled boundaries.
    let mut a = Assembler::new();
    a.ldr(W64, X0, Mem::base(X1, 4095 * 8));
    a.ldr(W64, X0, Mem::base(X1, 255));
    a.ldr(W64, X0, Mem::base(X1, -256));
    a.ldp(W64, X0, X1, Mem::base(X2, 504));
    a.ldp(W64, X0, X1, Mem::base(X2, -512));
    assert!(a.finish().is_ok());
}

#[test]
fn unsupported_and_unpredictable() {
    let unsupported = |f: &dyn Fn(&mut Assembler)| {
        assert!(
            matches!(err(f).kind, AsmErrorKind::Unsupported { .. }),
            "expected Unsupported"
        )
    };
    unsupported(&|a| a.addsub_shifted(AddSubOp::Sub, W64, X0, X1, X2, Shift::Ror, 1));
    unsupported(&|a| a.dp1(Dp1Op::Rev32, W32, X0, X1));
    unsupported(&|a| a.dp3(Dp3Op::Smaddl, W32, X0, X1, X2, X3));
    unsupported(&|a| a.fcvt(FpWidth::F64, Fpr::V0, FpWidth::F64, Fpr::V1));
    unsupported(&|a| a.ldp(W64, X0, X1, Mem::index(X2, X3)));
    unsupported(&|a| a.cset(W64, X0, Cond::Al));
    unsupported(&|a| a.cneg(W64, X0, X1, Cond::Nv));
    unsupported(&|a| a.msr(SysReg::CtrEl0, X0));
    unsupported(&|a| a.extend(ExtendOp::Sxtw, W32, X0, X1));
    let unpredictable = |f: &dyn Fn(&mut Assembler)| {
        assert!(
            matches!(err(f).kind, AsmErrorKind::Unpredictable { .. }),
            "expected Unpredictable"
        )
    };
    unpredictable(&|a| a.ldr(W64, X0, Mem::pre(X0, 8)));
    unpredictable(&|a| a.str(W64, X1, Mem::post(X1, 8)));
    unpredictable(&|a| a.ldp(W64, X3, X3, Mem::base(X1, 0)));
    unpredictable(&|a| a.ldp_fp(FpWidth::F64, Fpr::V2, Fpr::V2, Mem::base(X1, 0)));
    unpredictable(&|a| a.stp(W64, X1, X2, Mem::pre(X1, 16)));
    unpredictable(&|a| a.ldpsw(X4, X5, Mem::post(X5, 8)));
    // Write-back to SP is fine even with xzr (also register 31) as the data register.
    let mut a = Assembler::new();
    a.str(W64, Zr, Mem::pre(Sp, -16));
    a.stp(W64, Zr, Zr, Mem::pre(Sp, -16));
    a.ldr(W64, X0, Mem::base(X0, 8));
    assert!(a.finish().is_ok());
}

#[test]
fn scratch_conflicts() {
    let conflict = |f: &dyn Fn(&mut Assembler)| {
        let mut a = Assembler::new();
        f(&mut a);
        let e = a.error().cloned().expect("an error");
        assert!(
            matches!(e.kind, AsmErrorKind::ScratchConflict { .. }),
            "{e}"
        );
        assert!(e.to_string().contains("x16"), "{e}");
        assert_eq!(a.offset(), 0, "nothing emitted");
    };
    conflict(&|a| a.add_const(W64, X0, X16, 1 << 30));
    conflict(&|a| a.add_const(W64, X16, X1, 1 << 30));
    conflict(&|a| a.cmp_const(W64, X16, 1 << 30));
    conflict(&|a| a.logic_const(LogicOp::Eor, W64, X0, X16, 0x1234));
    conflict(&|a| a.load_far(LoadOp::LdrX, X0, X16, 1 << 20));
    conflict(&|a| a.store_far(StoreOp::StrX, X16, X0, 1 << 20));
    conflict(&|a| a.stp_far(W64, X16, X1, Sp, 1 << 20));
    // The scratch register is fine where no scratch is needed.
    let mut a = Assembler::new();
    a.add_const(W64, X16, X16, 4095);
    a.load_far(LoadOp::LdrX, X16, X16, 8);
    a.load_far(LoadOp::LdrX, X16, X1, 1 << 20);
    assert!(a.finish().is_ok());
}

#[test]
fn labels_alignment_and_size() {
    // Foreign label.
    let mut other = Assembler::new();
    let foreign = other.new_label();
    let e = err(|a| {
        a.b(foreign);
    });
    assert_eq!(e.kind, AsmErrorKind::ForeignLabel(foreign));
    // Bound twice.
    let mut a = Assembler::new();
    let l = a.new_label();
    a.bind(l);
    a.bind(l);
    assert_eq!(
        a.finish().unwrap_err().kind,
        AsmErrorKind::LabelBoundTwice(l)
    );
    // Unbound.
    let mut a = Assembler::new();
    let l = a.new_label();
    a.cbz(W64, X0, l);
    let e = a.finish().unwrap_err();
    assert_eq!(e.kind, AsmErrorKind::UnboundLabel(l));
    assert!(e.to_string().contains("never bound"));
    // Misaligned code and targets.
    let mut a = Assembler::new();
    a.data_bytes(&[1, 2]);
    a.nop();
    assert_eq!(a.error().unwrap().kind, AsmErrorKind::MisalignedCode);
    let mut a = Assembler::new();
    let l = a.new_label();
    a.b(l);
    a.data_bytes(&[1]);
    a.bind(l);
    a.align(4);
    assert!(matches!(
        a.finish().unwrap_err().kind,
        AsmErrorKind::MisalignedTarget { .. }
    ));
    // adr may point at any byte.
    let mut a = Assembler::new();
    let l = a.new_label();
    a.adr(X0, l);
    a.data_bytes(&[1]);
    a.bind(l);
    a.data_bytes(&[2]);
    assert!(a.finish().is_ok());
    // Bad alignment.
    for al in [0, 2, 3, 12, 8192] {
        let mut a = Assembler::new();
        a.align(al);
        assert_eq!(a.error().unwrap().kind, AsmErrorKind::BadAlignment(al));
    }
    // align pads with nops and raises the required alignment.
    let mut a = Assembler::new();
    a.nop();
    a.align(64);
    assert_eq!(a.offset(), 64);
    let code = a.finish().unwrap();
    assert_eq!(code.required_alignment(), 64);
    assert!(code.bytes().chunks(4).all(|w| w == NOP.to_le_bytes()));
    // Code size.
    let mut a = Assembler::new();
    a.data_bytes(&vec![0; (128 << 20) + 4]);
    assert_eq!(a.finish().unwrap_err().kind, AsmErrorKind::CodeTooLarge);
}

#[test]
fn first_error_is_kept() {
    let mut a = Assembler::new();
    a.add_imm(W64, X0, Zr, 1);
    a.nop();
    a.add_imm(W64, X0, X1, 1 << 30);
    let e = a.finish().unwrap_err();
    assert_eq!(e.offset, 0);
    assert!(matches!(e.kind, AsmErrorKind::BadRegister { .. }));
    assert!(e.to_string().contains("register 31 means sp here"), "{e}");
}

#[test]
fn branch_range_messages() {
    let mut a = Assembler::new();
    let l = a.new_label();
    a.bind(l);
    for _ in 0..10_000 {
        a.nop();
    }
    a.tbnz(X3, 7, l);
    let e = a.error().unwrap().to_string();
    assert!(
        e.contains("tbnz") && e.contains("32 KiB") && e.contains("_far"),
        "{e}"
    );
    // The far form is fine and skips over the `b` with the opposite test.
    let mut a = Assembler::new();
    let l = a.new_label();
    a.bind(l);
    for _ in 0..10_000 {
        a.nop();
    }
    a.tb_far(TestBranchOp::Tbnz, X3, 7, l);
    a.cb_far(CmpBranchOp::Cbz, W32, X4, l);
    let code = a.finish().unwrap();
    let w = |i: usize| u32::from_le_bytes(code.bytes()[i * 4..i * 4 + 4].try_into().unwrap());
    assert_eq!(w(10_000), 0x3638_0043); // tbz w3, #7, +8
    assert_eq!(w(10_002), 0x3500_0044); // cbnz w4, +8
}

#[test]
fn patch_kinds() {
    let b = PatchKind::B;
    let word = b
        .retarget(0x1400_0000, 0x1000, 0x1000 + (1 << 27) - 4)
        .unwrap();
    assert_eq!(word, 0x15ff_ffff);
    assert_eq!(b.target(word, 0x1000), Some(0x1000 + (1 << 27) - 4));
    assert_eq!(b.retarget(0x1400_0000, 0x1000, 0x1000 + (1 << 27)), None);
    assert_eq!(b.retarget(0x1400_0000, 0x1000, 0x1002), None);
    assert_eq!(b.retarget(0x9400_0000, 0x1000, 0x2000), None, "bl is not b");
    let bc = PatchKind::BCond(Cond::Vs);
    let word = bc.retarget(0x5400_0006, 0x10_0000, 0).unwrap();
    assert_eq!(word, 0x5480_0006, "b.vs -1 MiB keeps its condition");
    assert_eq!(bc.target(word, 0x10_0000), Some(0));
    assert_eq!(bc.retarget(0x5400_0007, 0, 8), None, "b.vc is not b.vs");
    assert_eq!(bc.retarget(0x5400_0006, 0, 1 << 20), None);
    let adrp = PatchKind::Adrp;
    let word = adrp.retarget(0x9000_0003, 0x1234, 0x5678_9abc).unwrap();
    assert_eq!(adrp.target(word, 0x1fff), Some(0x5678_9000));
    // Field round trips at the extremes.
    for f in [Field::Imm26, Field::Imm19, Field::Imm14, Field::Adr21] {
        let unit = if f == Field::Adr21 { 1 } else { 4 };
        for d in [0, unit, -unit, f.reach() - unit, -f.reach()] {
            let bits = f.encode(d).unwrap();
            assert_eq!(bits & !f.mask(), 0);
            assert_eq!(f.decode(bits), d, "{f:?} {d}");
        }
        assert_eq!(f.encode(f.reach()), None);
        assert_eq!(f.encode(-f.reach() - unit), None);
    }
    // Relocation errors say what could not be reached.
    let mut a = Assembler::new();
    a.bl_addr(0x7fff_0000_0000);
    let e = a.finish().unwrap().relocated(0x1000).unwrap_err();
    assert!(e.to_string().contains("call_far"), "{e}");
    let mut a = Assembler::new();
    a.b_addr(0x1000);
    assert!(
        a.finish().unwrap().relocated(0x1002).is_err(),
        "misaligned base"
    );
}
