//! Encodings checked against the independent decoder yaxpeax-arm: every systematic
//! operand combination of every label-free form (tests/common/forms.rs), and branches,
//! literal loads and `adr` to labels at every condition, every test bit and the edges of
//! the 26/19/14-bit ranges, plus relocated branches and `adrp` at their limits.

mod common;

use common::{check_single, forms, hex_words, normalize, pc_rel, resolve_labels, words, yax};
use tern_jit_backend_arm::asm::Gpr::*;
use tern_jit_backend_arm::asm::Width::*;
use tern_jit_backend_arm::asm::*;

#[test]
fn systematic_forms_match_decoder() {
    let all = forms::all();
    eprintln!("{} systematic forms", all.len());
    assert!(all.len() > 40_000, "only {} forms", all.len());
    let failures: Vec<String> = all
        .iter()
        .filter_map(|i| check_single(i).err())
        .take(40)
        .collect();
    assert!(
        failures.is_empty(),
        "{} mismatches (first 40):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Emits `insts` with `pad` nops before label `L0` when `backward`, or after the branches
/// when forward, and checks each referencing word against the decoder.
fn check_label_refs(make: &dyn Fn(Label) -> Vec<Inst>, pad_words: usize, backward: bool) {
    let mut a = Assembler::new();
    let target = a.new_label();
    if backward {
        a.bind(target);
        for _ in 0..pad_words {
            a.nop();
        }
    }
    let insts = make(target);
    let mut starts = Vec::new();
    for i in &insts {
        starts.push(a.offset());
        a.emit(i);
    }
    if !backward {
        for _ in 0..pad_words {
            a.nop();
        }
        a.bind(target);
        a.nop();
    }
    let code = a.finish().unwrap_or_else(|e| panic!("{e}"));
    let ws = words(code.bytes());
    let target_off = code.label_offset(target).unwrap();
    for (inst, &at) in insts.iter().zip(&starts) {
        let ours = resolve_labels(&inst.to_string(), at, &[target_off]);
        let theirs = yax(ws[at / 4]).unwrap();
        assert_eq!(
            normalize(&ours),
            normalize(&theirs),
            "word {:08x} at {at:#x}",
            ws[at / 4]
        );
    }
}

fn every_label_form(l: Label) -> Vec<Inst> {
    use Inst::*;
    let mut v = vec![
        B(l),
        Bl(l),
        Adr { rd: X3, target: l },
        Adr { rd: Zr, target: l },
    ];
    for &c in Cond::ALL {
        v.push(BCond(c, l));
    }
    for w in Width::ALL {
        for &op in CmpBranchOp::ALL {
            for rt in [X0, X30, Zr] {
                v.push(Cb {
                    op,
                    w,
                    rt,
                    target: l,
                });
            }
        }
    }
    for &op in TestBranchOp::ALL {
        for bit in 0..64 {
            v.push(Tb {
                op,
                rt: if bit % 9 == 0 { Zr } else { X7 },
                bit,
                target: l,
            });
        }
    }
    for &op in LiteralOp::ALL {
        v.push(LdrLiteral {
            op,
            rt: X5,
            target: l,
        });
    }
    for w in FpWidth::ALL {
        v.push(LdrLiteralFp {
            w,
            rt: Fpr::V6,
            target: l,
        });
    }
    v
}

#[test]
fn label_references_short_distances() {
    for pad in [0, 1, 5, 100] {
        check_label_refs(&every_label_form, pad, true);
        check_label_refs(&every_label_form, pad, false);
    }
}

#[test]
fn tbz_range_limits() {
    // +-32 KiB: the farthest backward target is exactly -32768 bytes away.
    let tb = |l| {
        vec![Inst::Tb {
            op: TestBranchOp::Tbnz,
            rt: X1,
            bit: 40,
            target: l,
        }]
    };
    check_label_refs(&tb, 8192, true);
    // Forward: the instruction at 0, the label at 4 + 4*8190 = 32764 (the maximum).
    check_label_refs(&tb, 8190, false);
    for (pad, backward) in [(8193, true), (8191, false)] {
        let mut a = Assembler::new();
        let l = a.new_label();
        if backward {
            a.bind(l);
        }
        for _ in 0..pad {
            a.nop();
        }
        a.tbz(X1, 3, l);
        if !backward {
            for _ in 0..pad {
                a.nop();
            }
            a.bind(l);
        }
        let e = a.finish().expect_err("tbz beyond 32 KiB accepted");
        assert!(
            matches!(e.kind, AsmErrorKind::BranchOutOfRange { reach: 32768, .. }),
            "{e}"
        );
    }
}

#[test]
fn b_cond_and_cbz_range_limits() {
    let forms = |l| {
        vec![
            Inst::BCond(Cond::Ne, l),
            Inst::Cb {
                op: CmpBranchOp::Cbnz,
                w: W64,
                rt: X2,
                target: l,
            },
            Inst::LdrLiteral {
                op: LiteralOp::LdrX,
                rt: X3,
                target: l,
            },
            Inst::Adr { rd: X4, target: l },
        ]
    };
    // Backward: the last reference (adr) lands exactly 1 MiB after the label.
    check_label_refs(&forms, (1 << 18) - 3, true);
    // Forward: the first reference 4 words before the end of its reach.
    check_label_refs(&forms, (1 << 18) - 5, false);
    // One word too far is an error naming the reach.
    let mut a = Assembler::new();
    let l = a.new_label();
    a.bind(l);
    for _ in 0..(1 << 18) + 1 {
        a.nop();
    }
    a.b_cond(Cond::Eq, l);
    let e = a.error().cloned().expect("b.cond beyond 1 MiB accepted");
    assert!(
        matches!(
            e.kind,
            AsmErrorKind::BranchOutOfRange { reach: 1048576, .. }
        ),
        "{e}"
    );
    // The far form reaches it: b.ne +8; b L0.
    let mut a = Assembler::new();
    let l = a.new_label();
    a.bind(l);
    for _ in 0..(1 << 18) + 1 {
        a.nop();
    }
    let at = a.offset();
    a.b_cond_far(Cond::Eq, l);
    let code = a.finish().unwrap();
    let ws = words(&code.bytes()[at..]);
    assert_eq!(yax(ws[0]).unwrap(), "b.ne $+0x8");
    assert_eq!(
        yax(ws[1]).unwrap(),
        pc_rel(-(at as i64) - 4).replace('$', "b $")
    );
}

#[test]
fn relocated_branches_at_their_limits() {
    let base = 0x4000_0000u64;
    let cases: Vec<(Inst, i64, bool)> = vec![
        (Inst::BAddr(0), (1 << 27) - 4, true),
        (Inst::BAddr(0), -(1 << 27), true),
        (Inst::BAddr(0), 1 << 27, false),
        (Inst::BlAddr(0), -(1 << 27) - 4, false),
        (Inst::BlAddr(0), 0x1234_5678, false),
        (Inst::BlAddr(0), 0x0234_5678, true),
        (Inst::BCondAddr(Cond::Lt, 0), (1 << 20) - 4, true),
        (Inst::BCondAddr(Cond::Lt, 0), -(1 << 20), true),
        (Inst::BCondAddr(Cond::Hs, 0), 1 << 20, false),
        (Inst::BAddr(0), 2, false),
        (Inst::BCondAddr(Cond::Al, 0), -8, true),
    ];
    for (inst, delta, ok) in cases {
        let target = base.wrapping_add(delta as u64);
        let inst = match inst {
            Inst::BAddr(_) => Inst::BAddr(target),
            Inst::BlAddr(_) => Inst::BlAddr(target),
            Inst::BCondAddr(c, _) => Inst::BCondAddr(c, target),
            i => i,
        };
        let mut a = Assembler::new();
        a.emit(&inst);
        let code = a.finish().unwrap();
        match code.relocated(base) {
            Ok(bytes) => {
                assert!(ok, "{inst} at distance {delta} accepted");
                let text = yax(words(&bytes)[0]).unwrap();
                let expected = inst
                    .to_string()
                    .replace(&format!("0x{target:x}"), &pc_rel(delta));
                assert_eq!(text, expected);
            }
            Err(e) => assert!(!ok, "{inst} at distance {delta} rejected: {e}"),
        }
    }
    // adrp: +-4 GiB of pages.
    for (delta, ok) in [
        (0i64, true),
        (0xffff_f000, true),
        (-(1 << 32), true),
        (1 << 32, false),
    ] {
        let target = base.wrapping_add(delta as u64).wrapping_add(0x123);
        let mut a = Assembler::new();
        a.adrp_addr(X7, target);
        let code = a.finish().unwrap();
        match code.relocated(base) {
            Ok(bytes) => {
                assert!(ok, "adrp {delta:#x}");
                assert_eq!(
                    yax(words(&bytes)[0]).unwrap(),
                    format!("adrp x7, {}", pc_rel(delta))
                );
            }
            Err(_) => assert!(!ok, "adrp {delta:#x} rejected"),
        }
    }
}

#[test]
fn far_helpers_decode_as_sequences() {
    let mut a = Assembler::new();
    a.add_const(W64, Sp, Sp, -0x12_3456);
    a.add_const(W64, X0, X1, 0x1234_5678_9abc);
    a.cmp_const(W32, X2, -5);
    a.cmp_const(W64, X2, 0x10_0001);
    a.logic_const(LogicOp::And, W64, X3, X4, 0xff);
    a.logic_const(LogicOp::Eor, W64, X3, X4, 0x1234);
    a.logic_const(LogicOp::And, W32, X3, X4, u32::MAX as u64);
    a.load_far(LoadOp::LdrX, X5, Sp, 0x10_0000);
    a.store_far(StoreOp::Strb, X5, X6, -1000);
    a.load_fp_far(FpWidth::F64, Fpr::V1, X7, 40000);
    a.ldp_far(W64, X8, X9, X10, 4096);
    a.stp_far(W64, X8, X9, Sp, -520);
    a.fmov_const(FpWidth::F64, Fpr::V2, 0.1);
    a.fmov_const(FpWidth::F64, Fpr::V2, 0.0);
    a.fmov_const(FpWidth::F32, Fpr::V2, 2.0);
    a.call_far(0x7fff_1234_5678);
    let code = a.finish().unwrap();
    let text: Vec<String> = words(code.bytes())
        .iter()
        .map(|&w| yax(w).unwrap())
        .collect();
    let expected = [
        "sub sp, sp, #0x123, lsl #12",
        "sub sp, sp, #0x456",
        "mov x16, #0x9abc",
        "movk x16, #0x5678, lsl #16",
        "movk x16, #0x1234, lsl #32",
        "add x0, x1, x16",
        "cmn w2, #0x5",
        "mov x16, #0x1",
        "movk x16, #0x10, lsl #16",
        "cmp x2, x16",
        "and x3, x4, #0xff",
        "mov x16, #0x1234",
        "eor x3, x4, x16",
        "bic w3, w4, wzr",
        "mov x16, #0x100000",
        "ldr x5, [sp, x16]",
        "mov x16, #0xfffffffffffffc18",
        "strb w5, [x6, x16]",
        "mov x16, #0x9c40",
        "ldr d1, [x7, x16]",
        "mov x16, #0x1000",
        "add x16, x10, x16",
        "ldp x8, x9, [x16]",
        "mov x16, #0xfffffffffffffdf8",
        "add x16, sp, x16",
        "stp x8, x9, [x16]",
        "mov x16, #0x9999999999999999",
        "movk x16, #0x999a",
        "movk x16, #0x3fb9, lsl #48",
        "fmov d2, x16",
        "fmov d2, xzr",
        "fmov s2, #2.0",
        "mov x16, #0x5678",
        "movk x16, #0x1234, lsl #16",
        "movk x16, #0x7fff, lsl #32",
        "blr x16",
    ];
    assert_eq!(text, expected, "{}", hex_words(&words(code.bytes())));
}
