//! Systematic encoding checks against the independent iced-x86 decoder: every instruction
//! form over many operand combinations, covering REX.W/R/X/B, SIB, RBP/R13 and RSP/R12 as
//! base, no-base and index-only forms, disp8/disp32 and imm8/imm32 boundaries, negative
//! immediates, and byte registers that need REX (spl/bpl/sil/dil).

mod common;

use common::check_single;
use tern_jit_backend_x86::asm::Inst::*;
use tern_jit_backend_x86::asm::*;

const DISPS: [i32; 9] = [0, 1, -1, 127, 128, -128, -129, i32::MAX, i32::MIN];

/// Registers that exercise every special case: rax (short forms), rsp/r12 (SIB), rbp/r13
/// (no mod=00), spl..dil (byte REX), r8/r15 (REX bits).
const SPECIAL: [Gpr; 9] = [
    Gpr::Rax,
    Gpr::Rcx,
    Gpr::Rsp,
    Gpr::Rbp,
    Gpr::Rsi,
    Gpr::R8,
    Gpr::R12,
    Gpr::R13,
    Gpr::R15,
];

/// Every memory-operand shape: all bases, several indexes and scales, all disp boundaries,
/// no-base forms and absolute addresses.
fn memory_operands_full() -> Vec<Mem> {
    let mut v = Vec::new();
    for &b in &Gpr::ALL {
        for &d in &DISPS {
            v.push(Mem::base(b, d));
            for &i in &Gpr::ALL {
                if i == Gpr::Rsp {
                    continue;
                }
                for &s in &Scale::ALL {
                    v.push(Mem::sib(b, i, s, d));
                }
            }
        }
    }
    for &d in &DISPS {
        v.push(Mem::abs(d));
        for &i in &Gpr::ALL {
            if i != Gpr::Rsp {
                for &s in &Scale::ALL {
                    v.push(Mem::index_only(i, s, d));
                }
            }
        }
    }
    v
}

/// A smaller set with every special base and index once per displacement class.
fn memory_operands_small() -> Vec<Mem> {
    let mut v = Vec::new();
    for &b in &SPECIAL {
        for &d in &[0, -8, 0x1000] {
            v.push(Mem::base(b, d));
        }
        v.push(Mem::sib(b, Gpr::R12, Scale::S8, 16));
        v.push(Mem::sib(b, Gpr::Rbp, Scale::S1, 0));
        v.push(Mem::sib(b, Gpr::R13, Scale::S2, -0x1000));
    }
    v.push(Mem::index_only(Gpr::Rcx, Scale::S4, 0));
    v.push(Mem::index_only(Gpr::R13, Scale::S8, -4));
    v.push(Mem::abs(0x100));
    v.push(Mem::abs(-16));
    v
}

fn imms_for(w: Width) -> Vec<i32> {
    let all = [
        0,
        1,
        -1,
        2,
        127,
        128,
        -128,
        -129,
        255,
        256,
        0x7fff,
        0x8000,
        -0x8000,
        0xffff,
        i32::MAX,
        i32::MIN,
        0x12345678,
    ];
    all.into_iter().filter(|&v| w.fits(v as i64)).collect()
}

fn run(insts: &[Inst]) {
    let mut failures = Vec::new();
    for inst in insts {
        if let Err(e) = check_single(inst) {
            failures.push(e);
        }
    }
    if !failures.is_empty() {
        let shown: Vec<_> = failures.iter().take(25).cloned().collect();
        panic!(
            "{} of {} instructions disagree with iced:\n{}",
            failures.len(),
            insts.len(),
            shown.join("\n")
        );
    }
    assert!(!insts.is_empty());
}

#[test]
fn alu_and_test_forms() {
    let mut v = Vec::new();
    let mems = memory_operands_small();
    for &op in &AluOp::ALL {
        for &w in &Width::ALL {
            for &dst in &Gpr::ALL {
                for &src in &Gpr::ALL {
                    v.push(AluRR { op, w, dst, src });
                }
                for imm in imms_for(w) {
                    v.push(AluRI { op, w, dst, imm });
                }
            }
            for (k, &m) in mems.iter().enumerate() {
                let r = Gpr::ALL[k % 16];
                v.push(AluRM {
                    op,
                    w,
                    dst: r,
                    src: m,
                });
                v.push(AluMR {
                    op,
                    w,
                    dst: m,
                    src: SPECIAL[k % SPECIAL.len()],
                });
                for imm in imms_for(w).into_iter().step_by(3) {
                    v.push(AluMI { op, w, dst: m, imm });
                }
            }
        }
    }
    for &w in &Width::ALL {
        for &a in &Gpr::ALL {
            for &b in &Gpr::ALL {
                v.push(TestRR { w, a, b });
            }
            for imm in imms_for(w) {
                v.push(TestRI { w, a, imm });
            }
        }
        for (k, &m) in mems.iter().enumerate() {
            v.push(TestMR {
                w,
                a: m,
                b: Gpr::ALL[k % 16],
            });
            v.push(TestMI {
                w,
                a: m,
                imm: imms_for(w)[k % imms_for(w).len()],
            });
        }
    }
    run(&v);
}

#[test]
fn unary_imul_shift_forms() {
    let mut v = Vec::new();
    let mems = memory_operands_small();
    for &w in &Width::ALL {
        for &r in &Gpr::ALL {
            for &op in &UnaryOp::ALL {
                v.push(UnaryR { op, w, r });
            }
            for &op in &ShiftOp::ALL {
                for count in [0u8, 1, 2, 7, (w.bits() - 1) as u8] {
                    v.push(ShiftRI {
                        op,
                        w,
                        dst: r,
                        count,
                    });
                }
                v.push(ShiftRCl { op, w, dst: r });
            }
        }
        for (k, &m) in mems.iter().enumerate() {
            v.push(UnaryM {
                op: UnaryOp::ALL[k % 6],
                w,
                m,
            });
            let op = ShiftOp::ALL[k % 5];
            v.push(ShiftMI {
                op,
                w,
                dst: m,
                count: (k as u32 % w.bits()) as u8,
            });
            v.push(ShiftMCl { op, w, dst: m });
        }
    }
    for &w in &[Width::W16, Width::W32, Width::W64] {
        for &dst in &Gpr::ALL {
            for &src in &Gpr::ALL {
                v.push(ImulRR { w, dst, src });
                v.push(ImulRRI {
                    w,
                    dst,
                    src,
                    imm: -3,
                });
                v.push(ImulRRI {
                    w,
                    dst,
                    src,
                    imm: if w == Width::W16 { 0x1234 } else { 0x12345 },
                });
            }
        }
        for (k, &m) in mems.iter().enumerate() {
            let dst = Gpr::ALL[k % 16];
            v.push(ImulRM { w, dst, src: m });
            v.push(ImulRMI {
                w,
                dst,
                src: m,
                imm: imms_for(w)[k % imms_for(w).len()],
            });
        }
    }
    v.extend([Cwd, Cdq, Cqo, Cdqe]);
    run(&v);
}

#[test]
fn mov_setcc_cmov_lea_stack_forms() {
    let mut v = Vec::new();
    let mems = memory_operands_small();
    for &w in &Width::ALL {
        for &dst in &Gpr::ALL {
            for &src in &Gpr::ALL {
                v.push(MovRR { w, dst, src });
            }
            for imm in [
                0i64,
                1,
                -1,
                127,
                128,
                255,
                -128,
                0xffff,
                -0x8000,
                0x7fff_ffff,
                0x8000_0000,
                0xffff_ffff,
                -0x8000_0000,
                -0x8000_0001,
                0x1_0000_0000,
                i64::MAX,
                i64::MIN,
            ] {
                if w.fits(imm) {
                    v.push(MovRI { w, dst, imm });
                }
            }
        }
        for (k, &m) in mems.iter().enumerate() {
            v.push(MovRM {
                w,
                dst: Gpr::ALL[k % 16],
                src: m,
            });
            v.push(MovMR {
                w,
                dst: m,
                src: Gpr::ALL[(k + 5) % 16],
            });
            v.push(MovMI {
                w,
                dst: m,
                imm: imms_for(w)[k % imms_for(w).len()],
            });
        }
    }
    let pairs = [
        (Width::W16, Width::W8),
        (Width::W32, Width::W8),
        (Width::W64, Width::W8),
        (Width::W32, Width::W16),
        (Width::W64, Width::W16),
        (Width::W64, Width::W32),
    ];
    for &(dst_w, src_w) in &pairs {
        for &dst in &Gpr::ALL {
            for &src in &Gpr::ALL {
                v.push(MovzxRR {
                    dst_w,
                    dst,
                    src_w,
                    src,
                });
                v.push(MovsxRR {
                    dst_w,
                    dst,
                    src_w,
                    src,
                });
            }
        }
        for (k, &m) in mems.iter().enumerate() {
            v.push(MovzxRM {
                dst_w,
                dst: Gpr::ALL[k % 16],
                src_w,
                src: m,
            });
            v.push(MovsxRM {
                dst_w,
                dst: Gpr::ALL[(k + 3) % 16],
                src_w,
                src: m,
            });
        }
    }
    for &cond in &Cond::ALL {
        for &r in &Gpr::ALL {
            v.push(SetccR { cond, dst: r });
            for &w in &[Width::W16, Width::W32, Width::W64] {
                v.push(CmovRR {
                    cond,
                    w,
                    dst: r,
                    src: Gpr::ALL[(r.num() as usize * 7 + 3) % 16],
                });
            }
        }
        for (k, &m) in mems.iter().enumerate().step_by(4) {
            v.push(SetccM { cond, dst: m });
            v.push(CmovRM {
                cond,
                w: Width::W64,
                dst: Gpr::ALL[k % 16],
                src: m,
            });
        }
    }
    for (k, &m) in mems.iter().enumerate() {
        for &w in &[Width::W16, Width::W32, Width::W64] {
            v.push(Lea {
                w,
                dst: Gpr::ALL[k % 16],
                src: m,
            });
        }
        v.push(PushM(m));
        v.push(PopM(m));
        v.push(JmpM(m));
        v.push(CallM(m));
    }
    for &r in &Gpr::ALL {
        v.extend([PushR(r), PopR(r), JmpR(r), CallR(r)]);
    }
    for imm in [0, 1, -1, 127, 128, -128, -129, i32::MAX, i32::MIN] {
        v.push(PushI(imm));
    }
    v.extend([Ret, Int3, Ud2]);
    for len in 1..=30 {
        v.push(Nop { len });
    }
    run(&v);
}

#[test]
fn sse_forms() {
    let mut v = Vec::new();
    let mems = memory_operands_small();
    for &op in SseOp::ALL {
        for &dst in &Xmm::ALL {
            for &src in &Xmm::ALL {
                v.push(SseRR { op, dst, src });
            }
        }
        for (k, &m) in mems.iter().enumerate() {
            v.push(SseRM {
                op,
                dst: Xmm::ALL[k % 16],
                src: m,
            });
        }
    }
    for (k, &m) in mems.iter().enumerate() {
        v.push(MovsdMR {
            dst: m,
            src: Xmm::ALL[k % 16],
        });
        v.push(MovssMR {
            dst: m,
            src: Xmm::ALL[(k + 9) % 16],
        });
        for &w in &[Width::W32, Width::W64] {
            v.push(Cvtsi2sdRM {
                w,
                dst: Xmm::ALL[k % 16],
                src: m,
            });
            v.push(Cvttsd2siRM {
                w,
                dst: Gpr::ALL[k % 16],
                src: m,
            });
        }
    }
    for &x in &Xmm::ALL {
        for &r in &Gpr::ALL {
            v.push(MovqXR { dst: x, src: r });
            v.push(MovqRX { dst: r, src: x });
            for &w in &[Width::W32, Width::W64] {
                v.push(Cvtsi2sdRR { w, dst: x, src: r });
                v.push(Cvttsd2siRR { w, dst: r, src: x });
            }
        }
    }
    run(&v);
}

/// Every memory operand shape with loads, stores and lea, over rotating registers.
#[test]
fn memory_operands_exhaustive() {
    let mems = memory_operands_full();
    assert!(mems.len() > 9000);
    let mut v = Vec::with_capacity(mems.len() * 3);
    for (k, &m) in mems.iter().enumerate() {
        let r = Gpr::ALL[k % 16];
        v.push(MovRM {
            w: Width::W64,
            dst: r,
            src: m,
        });
        v.push(MovMR {
            w: Width::ALL[k % 4],
            dst: m,
            src: Gpr::ALL[(k / 16) % 16],
        });
        v.push(Lea {
            w: Width::W64,
            dst: Gpr::ALL[(k + 7) % 16],
            src: m,
        });
        // Mandatory prefix before REX, and an immediate after a displacement.
        v.push(SseRM {
            op: SseOp::Addsd,
            dst: Xmm::ALL[(k / 3) % 16],
            src: m,
        });
        v.push(AluMI {
            op: AluOp::ALL[k % 8],
            w: Width::ALL[(k / 8) % 4],
            dst: m,
            imm: -100,
        });
    }
    run(&v);
}
