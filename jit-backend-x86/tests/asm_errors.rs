//! Bad input to the assembler gives a clear error from `finish` (never a panic or wrong
//! bytes), the failing instruction emits nothing, and the first error wins. Also the label,
//! alignment, patch-site and relocation bookkeeping the code generator relies on.

use tern_jit_backend_x86::asm::Gpr::*;
use tern_jit_backend_x86::asm::Width::*;
use tern_jit_backend_x86::asm::*;

/// Runs `f` on a fresh assembler after one valid instruction; checks that the failing call
/// emitted nothing and returns the error `finish` reports.
fn error_of(f: impl FnOnce(&mut Assembler)) -> AsmError {
    let mut asm = Assembler::new();
    asm.ret();
    let before = asm.offset();
    f(&mut asm);
    assert_eq!(
        asm.offset(),
        before,
        "a failing instruction must not emit bytes"
    );
    let err = asm.finish().expect_err("expected an error");
    assert_eq!(err.offset, 1);
    assert!(!err.to_string().is_empty());
    err
}

#[test]
fn rsp_cannot_be_an_index() {
    let e = error_of(|a| a.mov_rm(W64, Rax, Mem::sib(Rbx, Rsp, Scale::S1, 0)));
    assert_eq!(e.kind, AsmErrorKind::RspAsIndex);
    assert!(
        e.to_string().contains("rsp cannot be used as an index"),
        "{e}"
    );
    let e = error_of(|a| a.lea(W64, Rax, Mem::index_only(Rsp, Scale::S4, 0)));
    assert_eq!(e.kind, AsmErrorKind::RspAsIndex);
}

#[test]
fn immediates_must_fit_the_width() {
    let e = error_of(|a| a.alu_ri(AluOp::Add, W8, Rax, 256));
    assert_eq!(
        e.kind,
        AsmErrorKind::ImmOutOfRange {
            mnemonic: "add",
            imm: 256,
            width: W8
        }
    );
    let e = error_of(|a| a.alu_mi(AluOp::Cmp, W16, Mem::base(Rax, 0), 70000));
    assert!(matches!(
        e.kind,
        AsmErrorKind::ImmOutOfRange { width: W16, .. }
    ));
    let e = error_of(|a| a.mov_ri(W32, Rcx, 1 << 33));
    assert!(e.to_string().contains("8589934592"), "{e}");
    let e = error_of(|a| a.mov_ri(W8, Rcx, -129));
    assert!(matches!(
        e.kind,
        AsmErrorKind::ImmOutOfRange { width: W8, .. }
    ));
    let e = error_of(|a| a.test_ri(W16, Rcx, -40000));
    assert!(matches!(
        e.kind,
        AsmErrorKind::ImmOutOfRange {
            mnemonic: "test",
            ..
        }
    ));
    let e = error_of(|a| a.imul_rri(W16, Rcx, Rdx, 0x10000));
    assert!(matches!(
        e.kind,
        AsmErrorKind::ImmOutOfRange {
            mnemonic: "imul",
            ..
        }
    ));
}

#[test]
fn shift_counts_must_be_below_the_width() {
    let e = error_of(|a| a.shift_ri(ShiftOp::Shl, W64, Rax, 64));
    assert_eq!(
        e.kind,
        AsmErrorKind::ShiftCountOutOfRange {
            count: 64,
            width: W64
        }
    );
    let e = error_of(|a| a.shift_mi(ShiftOp::Sar, W8, Mem::base(Rax, 0), 8));
    assert_eq!(
        e.kind,
        AsmErrorKind::ShiftCountOutOfRange {
            count: 8,
            width: W8
        }
    );
}

#[test]
fn widths_an_instruction_lacks_are_rejected() {
    for f in [
        (|a: &mut Assembler| a.imul_rr(W8, Rax, Rcx)) as fn(&mut Assembler),
        |a| a.imul_rmi(W8, Rax, Mem::base(Rcx, 0), 1),
        |a| a.cmov_rr(Cond::E, W8, Rax, Rcx),
        |a| a.lea(W8, Rax, Mem::base(Rcx, 0)),
        |a| a.movzx_rr(W8, Rax, W8, Rcx),
        |a| a.movzx_rr(W16, Rax, W16, Rcx),
        |a| a.movzx_rm(W32, Rax, W32, Mem::base(Rcx, 0)),
        |a| a.movsx_rr(W64, Rax, W64, Rcx),
        |a| a.movsx_rr(W16, Rax, W32, Rcx),
        |a| a.cvtsi2sd_rr(W16, Xmm::Xmm0, Rcx),
        |a| a.cvttsd2si_rm(W8, Rax, Mem::base(Rcx, 0)),
    ] {
        let e = error_of(f);
        assert!(
            matches!(e.kind, AsmErrorKind::UnsupportedWidth { .. }),
            "{e}"
        );
        assert!(e.to_string().contains("has no form with"), "{e}");
    }
}

#[test]
fn label_misuse_is_reported() {
    let mut other = Assembler::new();
    let foreign = other.new_label();
    let e = error_of(|a| a.jmp(foreign));
    assert_eq!(e.kind, AsmErrorKind::ForeignLabel(foreign));
    let e = error_of(|a| a.mov_rm(W64, Rax, Mem::rip(foreign, 0)));
    assert_eq!(e.kind, AsmErrorKind::ForeignLabel(foreign));
    let e = error_of(|a| {
        a.call_label(foreign);
    });
    assert_eq!(e.kind, AsmErrorKind::ForeignLabel(foreign));

    let mut asm = Assembler::new();
    let l = asm.new_label();
    asm.bind(l);
    asm.ret();
    asm.bind(l);
    let e = asm.finish().unwrap_err();
    assert_eq!(e.kind, AsmErrorKind::LabelBoundTwice(l));
    assert_eq!(e.offset, 1);

    let mut asm = Assembler::new();
    let l = asm.new_label();
    asm.nop();
    asm.jcc(Cond::E, l);
    let e = asm.finish().unwrap_err();
    assert_eq!(e.kind, AsmErrorKind::UnboundLabel(l));
    assert!(e.to_string().contains("never bound"), "{e}");
}

#[test]
fn short_branches_out_of_range_are_errors() {
    // Forward: the label ends up 200 bytes away.
    let mut asm = Assembler::new();
    let l = asm.new_label();
    asm.jmp_short(l);
    asm.nop_n(200);
    asm.bind(l);
    let e = asm.finish().unwrap_err();
    assert!(
        matches!(
            e.kind,
            AsmErrorKind::BranchOutOfRange {
                bits: 8,
                distance: 200,
                ..
            }
        ),
        "{e}"
    );

    // Forward, exactly in range: 127 bytes.
    let mut asm = Assembler::new();
    let l = asm.new_label();
    asm.jcc_short(Cond::Ne, l);
    asm.nop_n(127);
    asm.bind(l);
    let code = asm.finish().unwrap();
    assert_eq!(&code.bytes()[..2], &[0x75, 0x7f]);

    // Backward: rejected immediately.
    let mut asm = Assembler::new();
    let l = asm.new_label();
    asm.bind(l);
    asm.nop_n(127);
    let before = asm.offset();
    asm.jmp_short(l);
    assert_eq!(asm.offset(), before);
    let e = asm.finish().unwrap_err();
    assert!(
        matches!(
            e.kind,
            AsmErrorKind::BranchOutOfRange {
                bits: 8,
                distance: -129,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn first_error_wins_and_later_code_is_still_checked() {
    let mut asm = Assembler::new();
    asm.shift_ri(ShiftOp::Shl, W32, Rax, 40);
    asm.mov_rm(W64, Rax, Mem::sib(Rax, Rsp, Scale::S2, 0));
    assert!(matches!(
        asm.error().unwrap().kind,
        AsmErrorKind::ShiftCountOutOfRange { .. }
    ));
    let e = asm.finish().unwrap_err();
    assert!(matches!(
        e.kind,
        AsmErrorKind::ShiftCountOutOfRange { count: 40, .. }
    ));
}

#[test]
fn alignment() {
    let e = error_of(|a| a.align(3));
    assert_eq!(e.kind, AsmErrorKind::BadAlignment(3));
    let e = error_of(|a| a.align(8192));
    assert_eq!(e.kind, AsmErrorKind::BadAlignment(8192));

    let mut asm = Assembler::new();
    asm.ret();
    asm.align(64);
    assert_eq!(asm.offset(), 64);
    asm.align(64);
    assert_eq!(asm.offset(), 64, "already aligned: no padding");
    let code = asm.finish().unwrap();
    assert_eq!(code.required_alignment(), 64);
    assert_eq!(code.bytes()[0], 0xC3);
}

#[test]
fn labels_patch_sites_and_relocations() {
    let mut asm = Assembler::new();
    let top = asm.new_label();
    let exit = asm.new_label();
    asm.bind(top);
    asm.alu_ri(AluOp::Sub, W64, Rdi, 1);
    asm.jcc(Cond::Ne, top); // backward, in reach: short
    let guard = asm.jcc_near(Cond::O, exit);
    let back = asm.jmp_near(top);
    let call = asm.call_addr(0x5000_0000);
    asm.bind(exit);
    asm.ret();
    let code = asm.finish().unwrap();
    let b = code.bytes();
    assert_eq!(
        &b[4..6],
        &[0x75, 0xfa],
        "jne top is 2 bytes back to offset 0"
    );
    assert_eq!(guard.kind(), PatchKind::Jcc(Cond::O));
    assert_eq!(guard.insn_offset(), 6);
    assert_eq!(guard.offset(), 8);
    assert_eq!(&b[6..8], &[0x0F, 0x80]);
    let exit_off = code.label_offset(exit).unwrap();
    let rel = i32::from_le_bytes(b[8..12].try_into().unwrap());
    assert_eq!(12 + rel as i64, exit_off as i64);
    assert_eq!(back.insn_offset(), 12);
    let rel = i32::from_le_bytes(b[13..17].try_into().unwrap());
    assert_eq!(17 + rel as i64, 0);
    assert_eq!(call.kind(), PatchKind::Call);
    assert_eq!(
        code.relocs(),
        &[Reloc {
            site: call,
            target: 0x5000_0000
        }]
    );

    // Placed near the target the call resolves; placed 4 GiB away it is a clear error.
    let placed = code.relocated(0x4000_0000).unwrap();
    let rel = i32::from_le_bytes(placed[call.offset()..call.offset() + 4].try_into().unwrap());
    assert_eq!(
        0x4000_0000 + call.offset() as i64 + 4 + rel as i64,
        0x5000_0000
    );
    let err = code.relocated(0x1_5000_0000).unwrap_err();
    assert_eq!(err.target, 0x5000_0000);
    assert!(err.to_string().contains("cannot reach"), "{err}");

    // A label of another code object is unknown there.
    let mut other = Assembler::new();
    let l = other.new_label();
    other.bind(l);
    assert_eq!(code.label_offset(l), None);
}

#[test]
fn rip_relative_constant_pool() {
    let mut asm = Assembler::new();
    let pool = asm.new_label();
    asm.sse_rm(SseOp::Movsd, Xmm::Xmm0, Mem::rip(pool, 8));
    asm.alu_mi(AluOp::Cmp, W32, Mem::rip(pool, 0), 0x1234);
    asm.ret();
    asm.align(16);
    asm.bind(pool);
    asm.data_u64(7);
    asm.data_f64(2.5);
    let code = asm.finish().unwrap();
    let b = code.bytes();
    let pool_off = code.label_offset(pool).unwrap();
    assert_eq!(pool_off % 16, 0);
    // movsd: F2 0F 10 05 rel32 (8 bytes), rel relative to its end.
    let rel = i32::from_le_bytes(b[4..8].try_into().unwrap());
    assert_eq!(8 + rel as usize, pool_off + 8);
    // cmp dword ptr [rip+pool], imm32: 81 3D rel32 imm32; rel is relative to the end,
    // after the immediate.
    let rel = i32::from_le_bytes(b[10..14].try_into().unwrap());
    assert_eq!(18 + rel as usize, pool_off);
    assert_eq!(
        &b[pool_off + 8..pool_off + 16],
        &2.5f64.to_bits().to_le_bytes()
    );
}
