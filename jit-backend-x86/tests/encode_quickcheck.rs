//! Property: any program of random valid instructions, with labels bound at random places
//! and branches (short, near, automatic, to labels and to absolute addresses) and
//! RIP-relative operands referring to them, assembles to a byte stream that iced-x86
//! decodes into the same instructions, at the same offsets, with the same lengths, operands
//! and resolved branch and RIP-relative targets.
//!
//! Programs are built from a vector of choices, so quickcheck shrinks a failure toward the
//! simplest program (choices of zero).

mod common;

use common::{Choices, decode_all, hex};
use quickcheck::{QuickCheck, TestResult};
use tern_jit_backend_x86::asm::*;

const BASE: u64 = 0x7000_1000;
const LABELS: usize = 4;

struct Emitted {
    inst: Inst,
    start: usize,
    end: usize,
}

fn branch(c: &mut Choices<'_>, labels: &[Label]) -> Inst {
    let size = c.pick(&[BranchSize::Auto, BranchSize::Short, BranchSize::Near]);
    let target = c.pick(labels);
    let far = BASE
        .wrapping_add(c.next() % (1 << 21))
        .wrapping_sub(1 << 20);
    match c.below(6) {
        0 | 1 => Inst::Jmp { target, size },
        2 => Inst::Jcc {
            cond: c.pick(&Cond::ALL),
            target,
            size,
        },
        3 => Inst::CallLabel(target),
        4 => Inst::JccAddr(c.pick(&Cond::ALL), far),
        _ => match c.below(2) {
            0 => Inst::JmpAddr(far),
            _ => Inst::CallAddr(far),
        },
    }
}

/// The text iced should print for `e`, with label references resolved.
fn expected_text(e: &Emitted, code: &Code, labels: &[Label]) -> String {
    let mut text = e.inst.to_string();
    let rip_mem = match e.inst {
        Inst::AluRM { src: m, .. }
        | Inst::ImulRM { src: m, .. }
        | Inst::ImulRMI { src: m, .. }
        | Inst::CmovRM { src: m, .. }
        | Inst::MovRM { src: m, .. }
        | Inst::MovzxRM { src: m, .. }
        | Inst::MovsxRM { src: m, .. }
        | Inst::Lea { src: m, .. }
        | Inst::SseRM { src: m, .. }
        | Inst::Cvtsi2sdRM { src: m, .. }
        | Inst::Cvttsd2siRM { src: m, .. } => Some(m),
        Inst::AluMR { dst: m, .. }
        | Inst::AluMI { dst: m, .. }
        | Inst::ShiftMI { dst: m, .. }
        | Inst::ShiftMCl { dst: m, .. }
        | Inst::SetccM { dst: m, .. }
        | Inst::MovMR { dst: m, .. }
        | Inst::MovMI { dst: m, .. }
        | Inst::MovsdMR { dst: m, .. }
        | Inst::MovssMR { dst: m, .. } => Some(m),
        Inst::TestMR { a: m, .. } | Inst::TestMI { a: m, .. } | Inst::UnaryM { m, .. } => Some(m),
        Inst::PushM(m) | Inst::PopM(m) | Inst::JmpM(m) | Inst::CallM(m) => Some(m),
        _ => None,
    };
    if let Some(m) = rip_mem
        && let Base::Rip(l) = m.base_kind()
    {
        let target = code.label_offset(l).unwrap() as i64 + m.disp() as i64;
        let rel = target - e.end as i64;
        let shown = match rel {
            0 => "[rip]".to_string(),
            r if r > 0 => format!("[rip+0x{r:x}]"),
            r => format!("[rip-0x{:x}]", r.unsigned_abs()),
        };
        text = text.replace(&m.to_string(), &shown);
    }
    for (i, &l) in labels.iter().enumerate() {
        let addr = BASE + code.label_offset(l).unwrap() as u64;
        text = text.replace(&format!("L{i}"), &format!("0x{addr:x}"));
    }
    text
}

fn prop_program(choices: Vec<u64>) -> TestResult {
    let mut c = Choices::new(&choices);
    let mut asm = Assembler::new();
    let labels: Vec<Label> = (0..LABELS).map(|_| asm.new_label()).collect();
    let n = 1 + choices.len().min(120) / 3;
    let bind_at: Vec<usize> = (0..LABELS).map(|_| c.below(n + 1)).collect();
    let mut emitted = Vec::new();
    let mut has_short = false;
    for k in 0..=n {
        for (i, &at) in bind_at.iter().enumerate() {
            if at == k {
                asm.bind(labels[i]);
            }
        }
        if k == n {
            break;
        }
        let inst = if c.below(5) == 0 {
            branch(&mut c, &labels)
        } else {
            c.inst(&labels)
        };
        has_short |= matches!(
            inst,
            Inst::Jmp {
                size: BranchSize::Short,
                ..
            } | Inst::Jcc {
                size: BranchSize::Short,
                ..
            }
        );
        let start = asm.offset();
        let bound_before = match inst {
            Inst::Jmp {
                target,
                size: BranchSize::Auto,
            }
            | Inst::Jcc {
                target,
                size: BranchSize::Auto,
                ..
            } => asm.label_offset(target),
            _ => None,
        };
        asm.emit(&inst);
        let end = asm.offset();
        // A backward automatic branch within rel8 reach must be the 2-byte form.
        if let Some(t) = bound_before
            && (t as i64 - (start as i64 + 2)) >= -128
            && end - start != 2
        {
            return TestResult::error(format!(
                "{inst}: backward branch in reach took {} bytes",
                end - start
            ));
        }
        emitted.push(Emitted { inst, start, end });
    }
    let code = match asm.finish() {
        Ok(code) => code,
        Err(AsmError {
            kind: AsmErrorKind::BranchOutOfRange { bits: 8, .. },
            ..
        }) if has_short => {
            return TestResult::discard();
        }
        Err(e) => return TestResult::error(format!("unexpected assembler error: {e}")),
    };
    let bytes = match code.relocated(BASE) {
        Ok(b) => b,
        Err(e) => return TestResult::error(e.to_string()),
    };
    let decoded = decode_all(&bytes, BASE);
    if decoded.len() != emitted.len() {
        return TestResult::error(format!(
            "{} instructions emitted, {} decoded from {}",
            emitted.len(),
            decoded.len(),
            hex(&bytes)
        ));
    }
    for (e, d) in emitted.iter().zip(&decoded) {
        let want = expected_text(e, &code, &labels);
        let ok = d.ip == BASE + e.start as u64
            && d.len == e.end - e.start
            && d.text == want
            && !d.invalid;
        if !ok {
            return TestResult::error(format!(
                "at offset {:#x}: expected `{want}` ({} bytes), iced decodes `{}` ({} bytes at {:#x}) from {}",
                e.start,
                e.end - e.start,
                d.text,
                d.len,
                d.ip - BASE,
                hex(&bytes[e.start..e.end])
            ));
        }
    }
    TestResult::passed()
}

#[test]
fn random_programs_decode_identically() {
    let tests = std::env::var("TERN_QC_TESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    QuickCheck::new()
        .tests(tests)
        .max_tests(tests * 10)
        .rng(quickcheck::Gen::new(150))
        .quickcheck(prop_program as fn(Vec<u64>) -> TestResult);
}
