//! Property: any program of random valid instructions, with labels bound at random
//! places, branches and literal loads and `adr` referring to them, `_far` branches,
//! branches and `adrp` to absolute addresses (relocated for a placement at `BASE`), and
//! constant materialisations, assembles to words that yaxpeax-arm decodes into the same
//! instructions, at the same offsets, with the same resolved targets.
//!
//! Programs are built from a vector of choices, so quickcheck shrinks a failure toward the
//! simplest program (choices of zero). `TERN_QC_TESTS=N` sets the number of cases.

mod common;

use common::gen_inst::Choices;
use common::{hex_words, normalize, pc_rel, resolve_labels, words, yax_all};
use quickcheck::{Gen, QuickCheck, TestResult};
use tern_jit_backend_arm::asm::*;

const BASE: u64 = 0x7f12_3400_0000;
const LABELS: usize = 4;

/// What was emitted, and how to compute the text the decoder should show.
enum Item {
    Inst(Inst),
    /// `b_cond_far` / `cb_far` / `tb_far`: the inverted test over a `b`.
    Far {
        first: String,
        label: usize,
    },
}

fn absolute_target(i: &Inst) -> Option<(u64, bool)> {
    match *i {
        Inst::BAddr(t) | Inst::BlAddr(t) | Inst::BCondAddr(_, t) => Some((t, false)),
        Inst::AdrpAddr { target, .. } => Some((target, true)),
        _ => None,
    }
}

fn program(choices: Vec<u64>) -> TestResult {
    let mut c = Choices::new(&choices);
    let mut asm = Assembler::new();
    let labels: Vec<Label> = (0..LABELS).map(|_| asm.new_label()).collect();
    let n = 1 + choices.len().min(150) / 3;
    let bind_at: Vec<usize> = (0..LABELS).map(|_| c.below(n + 1)).collect();
    let mut items: Vec<(Item, usize, usize)> = Vec::new();
    for k in 0..=n {
        for (i, &at) in bind_at.iter().enumerate() {
            if at == k {
                asm.bind(labels[i]);
            }
        }
        if k == n {
            break;
        }
        let start = asm.offset();
        let item = match c.below(10) {
            0 | 1 => {
                let i = c.label_inst(&labels);
                asm.emit(&i);
                Item::Inst(i)
            }
            2 => {
                let near = BASE.wrapping_add((c.next() % (1 << 20)) & !3);
                let far = near.wrapping_sub(1 << 19);
                let i = match c.below(4) {
                    0 => Inst::BAddr(far),
                    1 => Inst::BlAddr(far),
                    2 => Inst::BCondAddr(c.cond(), far),
                    _ => Inst::AdrpAddr {
                        rd: c.zr(),
                        target: BASE
                            .wrapping_add(
                                (((c.next() % (1 << 21)) as i64 - (1 << 20)) * 4096) as u64,
                            )
                            .wrapping_add(c.next() & 0xfff),
                    },
                };
                asm.emit(&i);
                Item::Inst(i)
            }
            3 => {
                let li = c.below(LABELS);
                let l = labels[li];
                let first = match c.below(3) {
                    0 => {
                        let cond = c.pick(&Cond::ALL[..14]);
                        asm.b_cond_far(cond, l);
                        format!("b.{} $+0x8", cond.invert())
                    }
                    1 => {
                        let (w, rt) = (c.width(), c.zr());
                        asm.cb_far(CmpBranchOp::Cbz, w, rt, l);
                        format!("cbnz {}, $+0x8", rt.name(w))
                    }
                    _ => {
                        let (rt, bit) = (c.zr(), c.below(64) as u8);
                        asm.tb_far(TestBranchOp::Tbnz, rt, bit, l);
                        let w = if bit < 32 { Width::W32 } else { Width::W64 };
                        format!("tbz {}, #0x{bit:x}, $+0x8", rt.name(w))
                    }
                };
                Item::Far { first, label: li }
            }
            _ => {
                let i = c.inst();
                asm.emit(&i);
                Item::Inst(i)
            }
        };
        items.push((item, start, asm.offset()));
    }
    if c.exhausted() && choices.is_empty() {
        return TestResult::discard();
    }
    let code = match asm.finish() {
        Ok(code) => code,
        Err(e) => return TestResult::error(format!("unexpected error: {e}")),
    };
    let bytes = match code.relocated(BASE) {
        Ok(b) => b,
        Err(e) => return TestResult::error(format!("relocation: {e}")),
    };
    let offsets: Vec<usize> = labels
        .iter()
        .map(|&l| code.label_offset(l).unwrap())
        .collect();
    let ws = words(&bytes);
    for (item, start, end) in &items {
        let expected = match item {
            Item::Inst(i) => {
                let mut text = resolve_labels(&i.to_string(), *start, &offsets);
                if let Some((t, page)) = absolute_target(i) {
                    let pc = BASE + *start as u64;
                    let delta = if page {
                        (t & !0xfff).wrapping_sub(pc & !0xfff)
                    } else {
                        t.wrapping_sub(pc)
                    } as i64;
                    let shown = if page { t & !0xfff } else { t };
                    text = text.replace(&format!("0x{shown:x}"), &pc_rel(delta));
                }
                text
            }
            Item::Far { first, label } => {
                let at = start + 4;
                format!("{first}; b {}", pc_rel(offsets[*label] as i64 - at as i64))
            }
        };
        let range = &ws[start / 4..end / 4];
        let decoded = match yax_all(range) {
            Ok(t) => t,
            Err(e) => return TestResult::error(format!("{expected}: {e}")),
        };
        if normalize(&expected) != normalize(&decoded) {
            return TestResult::error(format!(
                "at {start:#x}: expected `{expected}`, decoded {} as `{decoded}`",
                hex_words(range)
            ));
        }
    }
    TestResult::passed()
}

#[test]
fn random_programs_decode_to_themselves() {
    let tests = std::env::var("TERN_QC_TESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    QuickCheck::new()
        .rng(Gen::new(200))
        .tests(tests)
        .max_tests(tests * 10)
        .quickcheck(program as fn(Vec<u64>) -> TestResult);
}
