//! Constant materialisation against a model: the plan of `mov_imm` must (1) produce the
//! value when its steps are interpreted with the architecture's semantics of `movz`,
//! `movn`, `movk` and `orr`, (2) never start with `movk`, and (3) be as short as the
//! exhaustive reference: the minimum over `movz`/`movn` + `movk`s and over all 5334
//! bitmask immediates as a starting `orr` + one `movk` per differing halfword.

mod common;

use common::gen_inst::{Choices, bitmasks};
use quickcheck::{QuickCheck, TestResult};
use tern_jit_backend_arm::asm::*;

/// The value a plan leaves in the register, or an error if a step is malformed.
fn interpret(w: Width, steps: &[MovStep]) -> Result<u64, String> {
    let mut reg: Option<u64> = None;
    for s in steps {
        reg = Some(match *s {
            MovStep::Wide { op, imm16, shift } => {
                if shift as u32 >= w.bits() || shift % 16 != 0 {
                    return Err(format!("bad shift {shift}"));
                }
                let placed = (imm16 as u64) << shift;
                match op {
                    MoveWideOp::Movz => placed,
                    MoveWideOp::Movn => !placed & w.mask(),
                    MoveWideOp::Movk => {
                        let old = reg.ok_or("movk first")?;
                        old & !(0xffff << shift) | placed
                    }
                }
            }
            MovStep::Orr { imm } => {
                if !is_bitmask_imm(imm, w) {
                    return Err(format!("{imm:#x} is not a bitmask immediate"));
                }
                imm
            }
        });
    }
    reg.ok_or_else(|| "empty plan".to_string())
}

/// How many 16-bit halfwords of `x` are non-zero.
fn nonzero_halves(x: u64) -> usize {
    (x & 0xffff != 0) as usize
        + (x & 0xffff_0000 != 0) as usize
        + (x & 0xffff_0000_0000 != 0) as usize
        + (x & 0xffff_0000_0000_0000 != 0) as usize
}

/// The fewest instructions, by exhaustive search.
fn reference_len(w: Width, v: u64) -> usize {
    let nonzero = nonzero_halves(v);
    let nonones = nonzero_halves(!v & w.mask());
    let mut best = nonzero.max(1).min(nonones.max(1));
    for &b in bitmasks(w) {
        best = best.min(1 + nonzero_halves(b ^ v));
    }
    best
}

fn check(w: Width, imm: u64) -> Result<(), String> {
    let v = imm & w.mask();
    let plan = plan_mov_imm(w, imm);
    let steps = plan.steps();
    if let Some(MovStep::Wide {
        op: MoveWideOp::Movk,
        ..
    }) = steps.first()
    {
        return Err(format!("{v:#x}: starts with movk"));
    }
    let got = interpret(w, steps)?;
    if got != v {
        return Err(format!("{v:#x}: plan {steps:?} makes {got:#x}"));
    }
    let best = reference_len(w, v);
    if steps.len() != best {
        return Err(format!(
            "{v:#x} ({w}): {} instructions {steps:?}, {best} possible",
            steps.len()
        ));
    }
    Ok(())
}

#[test]
fn structured_constants_are_optimal() {
    let mut values = vec![0u64, 1, u64::MAX, 0xffff_ffff, 0x1_0000_0000, 1 << 63];
    // Bitmask immediates with one or two halfwords replaced: the orr+movk cases.
    let bm = bitmasks(Width::W64);
    for (k, &b) in bm.iter().enumerate().step_by(4) {
        let i = k % 4;
        let j = (k / 4) % 4;
        values.push(b & !(0xffff << (16 * i)) | 0x1234 << (16 * i));
        values.push(b & !(0xffff << (16 * i)) & !(0xffff << (16 * j)) | 0xbeef << (16 * j));
    }
    // Every halfword pattern built from a small alphabet (movz/movn/orr interplay).
    let alphabet = [0u64, 0xffff, 0x00ff, 0xff00, 0x5555, 0x1234, 0x8001];
    for a in alphabet {
        for b in alphabet {
            for c in alphabet {
                for d in alphabet {
                    values.push(a | b << 16 | c << 32 | d << 48);
                }
            }
        }
    }
    let failures: Vec<String> = values
        .iter()
        .flat_map(|&v| [check(Width::W64, v), check(Width::W32, v & 0xffff_ffff)])
        .filter_map(Result::err)
        .take(20)
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `TERN_QC_TESTS` overrides the number of random cases.
fn qc_tests(default: u64) -> u64 {
    std::env::var("TERN_QC_TESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_constants_are_optimal() {
    let prop = |data: Vec<u64>| -> TestResult {
        let mut c = Choices::new(&data);
        let w = c.width();
        let v = c.constant(w);
        match check(w, v) {
            Ok(()) => TestResult::passed(),
            Err(e) => TestResult::error(e),
        }
    };
    QuickCheck::new()
        .tests(qc_tests(500))
        .quickcheck(prop as fn(Vec<u64>) -> TestResult);
}

#[test]
fn examples() {
    let len = |w, v| plan_mov_imm(w, v).steps().len();
    assert_eq!(len(Width::W64, 0), 1);
    assert_eq!(len(Width::W64, u64::MAX), 1);
    assert_eq!(len(Width::W64, 0xffff_0000), 1);
    assert_eq!(len(Width::W64, 0xffff_ffff_ffff_1234), 1); // movn
    assert_eq!(len(Width::W64, 0x5555_5555_5555_5555), 1); // orr
    assert_eq!(len(Width::W64, 0x0000_7fff_1234_5678), 3); // a user-space pointer
    assert_eq!(len(Width::W64, 0x5555_5555_1234_5555), 2); // orr + movk
    assert_eq!(len(Width::W64, 0x1234_5678_9abc_def0), 4);
    assert_eq!(len(Width::W32, 0xffff_fffe), 1);
    assert_eq!(len(Width::W32, 0x1234_5678), 2);
    // A 32-bit plan of a sign-extended value uses the low 32 bits.
    assert_eq!(len(Width::W32, -2i64 as u64), 1);
}
