//! Systematic operand combinations of every label-free instruction form: register 31 as
//! SP and as ZR in each position that allows it, both widths, immediate and offset
//! boundaries, every condition, extend, shift, barrier and system register, every bitfield
//! `immr`/`imms` pair, every bitmask immediate of both widths and every `fmov` immediate.
//! Invalid combinations (which the assembler rejects) are filtered out by assembling them;
//! their rejection is tested in `asm_errors.rs`.

use tern_jit_backend_arm::asm::Gpr::*;
use tern_jit_backend_arm::asm::Inst::*;
use tern_jit_backend_arm::asm::*;

use super::gen_inst::Choices;

/// Whether `inst` assembles without error.
pub fn valid(inst: &Inst) -> bool {
    let mut a = Assembler::new();
    a.emit(inst);
    a.error().is_none()
}

fn top(w: Width) -> u8 {
    w.bits() as u8 - 1
}

fn int_forms(out: &mut Vec<Inst>) {
    const IMMS: [u32; 9] = [
        0, 1, 0x7ff, 0xfff, 0x1000, 0x2000, 0x7ff000, 0xfff000, 0x123000,
    ];
    for &op in AddSubOp::ALL {
        for w in Width::ALL {
            let rd31 = if op.sets_flags() { Zr } else { Sp };
            for rd in [X0, X30, rd31] {
                for rn in [X1, X29, Sp] {
                    for imm in IMMS {
                        out.push(AddSubImm { op, w, rd, rn, imm });
                    }
                }
            }
            for shift in [Shift::Lsl, Shift::Lsr, Shift::Asr] {
                for amount in [0, 1, 13, top(w)] {
                    for (rd, rn, rm) in [
                        (X0, X1, X2),
                        (X30, X29, X28),
                        (Zr, X1, X2),
                        (X0, Zr, X2),
                        (X0, X1, Zr),
                        (Zr, Zr, X3),
                    ] {
                        out.push(AddSubShifted {
                            op,
                            w,
                            rd,
                            rn,
                            rm,
                            shift,
                            amount,
                        });
                    }
                }
            }
            for &ext in Extend::ALL {
                for amount in 0..=4 {
                    for (rd, rn) in [(X0, X1), (rd31, X1), (X0, Sp), (rd31, Sp)] {
                        for rm in [X2, Zr] {
                            out.push(AddSubExt {
                                op,
                                w,
                                rd,
                                rn,
                                rm,
                                ext,
                                amount,
                            });
                        }
                    }
                }
            }
        }
    }
    for w in Width::ALL {
        // Every bitmask immediate, plainly and as `mov`/`tst`.
        for (k, imm) in bitmask_immediates(w).enumerate() {
            out.push(LogicImm {
                op: LogicOp::Orr,
                w,
                rd: X1,
                rn: X2,
                imm,
            });
            if k % 7 == 0 {
                out.push(LogicImm {
                    op: LogicOp::Orr,
                    w,
                    rd: X3,
                    rn: Zr,
                    imm,
                });
                out.push(LogicImm {
                    op: LogicOp::Ands,
                    w,
                    rd: Zr,
                    rn: X4,
                    imm,
                });
            }
        }
        for &op in LogicOp::ALL {
            let rd31 = if op.base() == LogicOp::Ands { Zr } else { Sp };
            for (k, pattern) in bitmask_immediates(w).enumerate() {
                if k % 97 != 0 {
                    continue;
                }
                let imm = if op.inverts() {
                    !pattern & w.mask()
                } else {
                    pattern
                };
                for (rd, rn) in [(X5, X6), (rd31, X6), (X5, Zr)] {
                    out.push(LogicImm { op, w, rd, rn, imm });
                }
            }
            for &shift in Shift::ALL {
                for amount in [0, 1, top(w)] {
                    for (rd, rn, rm) in [(X0, X1, X2), (X0, Zr, X2), (Zr, X1, X2), (X0, X1, Zr)] {
                        out.push(LogicShifted {
                            op,
                            w,
                            rd,
                            rn,
                            rm,
                            shift,
                            amount,
                        });
                    }
                }
            }
        }
        for &op in MoveWideOp::ALL {
            for shift in (0..w.bits() as u8).step_by(16) {
                for imm16 in [0, 1, 0x8000, 0xffff, 0x1234] {
                    for rd in [X0, X30, Zr] {
                        out.push(MoveWide {
                            op,
                            w,
                            rd,
                            imm16,
                            shift,
                        });
                    }
                }
            }
        }
        // Every bitfield move.
        for &op in BitfieldOp::ALL {
            for immr in 0..w.bits() as u8 {
                for imms in 0..w.bits() as u8 {
                    let rn = if op == BitfieldOp::Bfm && (immr + imms) % 5 == 0 {
                        Zr
                    } else {
                        X1
                    };
                    out.push(Bitfield {
                        op,
                        w,
                        rd: X0,
                        rn,
                        immr,
                        imms,
                    });
                }
            }
        }
        for lsb in 0..w.bits() as u8 {
            out.push(Extr {
                w,
                rd: X0,
                rn: X1,
                rm: X2,
                lsb,
            });
            out.push(Extr {
                w,
                rd: X3,
                rn: X4,
                rm: X4,
                lsb,
            });
        }
        for (rd, rn, rm, ra) in [(X0, X1, X2, X3), (Zr, Zr, Zr, Zr), (X30, X29, X28, Zr)] {
            for &op in Dp1Op::ALL {
                out.push(Dp1 { op, w, rd, rn });
            }
            for &op in Dp2Op::ALL {
                out.push(Dp2 { op, w, rd, rn, rm });
            }
            for &op in Dp3Op::ALL {
                out.push(Dp3 {
                    op,
                    w,
                    rd,
                    rn,
                    rm,
                    ra,
                });
            }
            for &op in MulHighOp::ALL {
                out.push(MulHigh { op, rd, rn, rm });
            }
        }
        for &op in CondCmpOp::ALL {
            for &cond in Cond::ALL {
                for nzcv in 0..16 {
                    out.push(CcmpRR {
                        op,
                        w,
                        rn: if nzcv % 3 == 0 { Zr } else { X1 },
                        rm: if nzcv % 5 == 0 { Zr } else { X2 },
                        nzcv,
                        cond,
                    });
                    out.push(CcmpImm {
                        op,
                        w,
                        rn: X3,
                        imm: [0, 1, 31][nzcv as usize % 3],
                        nzcv,
                        cond,
                    });
                }
            }
        }
        for &op in CselOp::ALL {
            for &cond in Cond::ALL {
                for (rd, rn, rm) in [(X0, X1, X2), (X0, Zr, Zr), (X0, X1, X1), (X0, Zr, X1)] {
                    out.push(Csel {
                        op,
                        w,
                        rd,
                        rn,
                        rm,
                        cond,
                    });
                }
            }
        }
    }
    // Constants: edges and structured values, both widths.
    let data: Vec<u64> = (0..3000u64)
        .map(|i| {
            i.wrapping_mul(0x9e37_79b9_7f4a_7c15)
                .rotate_left(i as u32 % 64)
        })
        .collect();
    let mut c = Choices::new(&data);
    for k in 0..1000 {
        let w = if k % 4 == 0 { Width::W32 } else { Width::W64 };
        out.push(MovImm {
            w,
            rd: X9,
            imm: c.constant(w),
        });
    }
}

/// Memory operands worth trying for an access of `1 << size_log2` bytes.
fn mems(size_log2: u32) -> Vec<Mem> {
    let size = 1i32 << size_log2;
    let mut out = Vec::new();
    for base in [X1, Sp, X30] {
        for offset in [
            0,
            size,
            3 * size,
            4095 * size,
            4096 * size,
            1,
            -1,
            -size,
            -256,
            255,
            256,
            -257,
        ] {
            out.push(Mem::base(base, offset));
        }
        for offset in [-256, -1, 0, 1, 255, 8, 256] {
            out.push(Mem::pre(base, offset));
            out.push(Mem::post(base, offset));
        }
        for &extend in IndexExt::ALL {
            for shift in [false, true] {
                for index in [X2, Zr] {
                    out.push(Mem::index_ext(base, index, extend, shift));
                }
            }
        }
    }
    out
}

fn mem_forms(out: &mut Vec<Inst>) {
    for &op in LoadOp::ALL {
        for mem in mems(op.size_log2()) {
            for rt in [X0, X30, Zr] {
                out.push(Load { op, rt, mem });
            }
        }
    }
    for &op in StoreOp::ALL {
        for mem in mems(op.size_log2()) {
            for rt in [X0, X30, Zr] {
                out.push(Store { op, rt, mem });
            }
        }
    }
    for w in FpWidth::ALL {
        for mem in mems(w.bytes().trailing_zeros()) {
            for rt in [Fpr::V0, Fpr::V31] {
                out.push(LoadFp { w, rt, mem });
                out.push(StoreFp { w, rt, mem });
            }
        }
    }
    let pair_mems = |scale: i32| {
        let mut v = Vec::new();
        for base in [Sp, X2] {
            for k in [-64, -1, 0, 1, 63, 64] {
                v.push(Mem::base(base, k * scale));
                v.push(Mem::pre(base, k * scale));
                v.push(Mem::post(base, k * scale));
            }
            v.push(Mem::base(base, scale / 2));
        }
        v
    };
    for w in Width::ALL {
        let scale = w.bits() as i32 / 8;
        for mem in pair_mems(scale) {
            for (rt1, rt2) in [(X0, X1), (X29, X30), (Zr, X1), (X3, Zr), (Zr, Zr)] {
                out.push(Ldp { w, rt1, rt2, mem });
                out.push(Stp { w, rt1, rt2, mem });
            }
        }
    }
    for mem in pair_mems(4) {
        out.push(Ldpsw {
            rt1: X4,
            rt2: X5,
            mem,
        });
    }
    for w in FpWidth::ALL {
        for mem in pair_mems(w.bytes() as i32) {
            for (rt1, rt2) in [(Fpr::V0, Fpr::V1), (Fpr::V31, Fpr::V8)] {
                out.push(LdpFp { w, rt1, rt2, mem });
                out.push(StpFp { w, rt1, rt2, mem });
            }
        }
    }
}

fn system_forms(out: &mut Vec<Inst>) {
    for r in [X0, X16, X30, Zr] {
        out.extend([Br(r), Blr(r), Ret(r), DcCvau(r), IcIvau(r)]);
        for &reg in SysReg::ALL {
            out.push(Mrs { rt: r, reg });
            out.push(Msr { reg, rt: r });
        }
    }
    for i in [0, 1, 0x1234, 0xf000, 0xffff] {
        out.push(Brk(i));
        out.push(Udf(i));
    }
    for &b in Barrier::ALL {
        out.push(Dmb(b));
        out.push(Dsb(b));
    }
    out.extend([Nop, Isb]);
}

fn fp_forms(out: &mut Vec<Inst>) {
    use Fpr::*;
    for w in FpWidth::ALL {
        for (rd, rn, rm, ra) in [(V0, V1, V2, V3), (V31, V15, V7, V16)] {
            for &op in FpOp2::ALL {
                out.push(FpRRR { op, w, rd, rn, rm });
            }
            for &op in FpOp1::ALL {
                out.push(FpRR { op, w, rd, rn });
            }
            for &op in FpOp3::ALL {
                out.push(FpRRRR {
                    op,
                    w,
                    rd,
                    rn,
                    rm,
                    ra,
                });
            }
            for &op in FcmpOp::ALL {
                out.push(Fcmp { op, w, rn, rm });
                out.push(FcmpZero { op, w, rn });
            }
            for &cond in Cond::ALL {
                out.push(Fcsel {
                    w,
                    rd,
                    rn,
                    rm,
                    cond,
                });
            }
            for src_w in FpWidth::ALL {
                out.push(Fcvt {
                    dst_w: w,
                    rd,
                    src_w,
                    rn,
                });
            }
        }
        for iw in Width::ALL {
            for r in [X0, X30, Zr] {
                for &op in FpToIntOp::ALL {
                    out.push(FpToInt {
                        op,
                        iw,
                        rd: r,
                        fw: w,
                        rn: V9,
                    });
                }
                for &op in IntToFpOp::ALL {
                    out.push(IntToFp {
                        op,
                        fw: w,
                        rd: V9,
                        iw,
                        rn: r,
                    });
                }
            }
        }
        for r in [X0, Zr] {
            out.push(FmovToGpr { w, rd: r, rn: V3 });
            out.push(FmovFromGpr { w, rd: V3, rn: r });
        }
        for imm8 in 0..=255u8 {
            out.push(FmovImm {
                w,
                rd: V4,
                value: fp_imm8_value(imm8),
            });
        }
    }
}

/// Every systematic label-free instruction (valid ones only).
pub fn all() -> Vec<Inst> {
    let mut out = Vec::new();
    int_forms(&mut out);
    mem_forms(&mut out);
    system_forms(&mut out);
    fp_forms(&mut out);
    out.retain(valid);
    out
}
