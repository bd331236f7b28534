//! Materialising constants: [`plan_mov_imm`] chooses the shortest sequence of `movz`,
//! `movn`, `orr` (bitmask immediate, from `xzr`) and `movk` that writes a value, and
//! [`Assembler::mov_imm`] emits it. The printer uses the same plan, so listings show the
//! exact sequence.
//!
//! The search, for a 64-bit value with halfwords `h0..h3` (32-bit values have two
//! halfwords and need at most two instructions):
//! 1. one instruction: `movz` (at most one non-zero halfword), `movn` (at most one halfword
//!    other than `0xffff`), or `orr` (a bitmask immediate);
//! 2. two: `movz`/`movn` + `movk` (two halfwords of 0 / `0xffff`), or `orr` + `movk`: some
//!    bitmask immediate agrees with the value in three halfwords;
//! 3. three: `movz`/`movn` + 2 `movk` (one halfword of 0 / `0xffff`), or `orr` + 2 `movk`:
//!    a bitmask immediate agrees in two halfwords;
//! 4. otherwise `movz` + 3 `movk`.
//!
//! Bitmask immediates agreeing in some halfwords are found from candidates derived from the
//! value (a bitmask immediate with an element of at most 32 bits repeats every 32 bits; one
//! with a 64-bit element is a single rotated run of ones, so each of its halfwords is
//! empty, full, or the end of the run), not by scanning all 5334 immediates. The tests
//! check the result against exactly that exhaustive scan.
//!
//! Invariants: executing the plan's steps in order leaves exactly the value (zero-extended
//! for 32-bit plans) in the register; the first step never reads the register.

use super::bitmask::{encode_bitmask, is_bitmask_imm};
use super::reg::{Gpr, Width};
use super::{Assembler, MoveWideOp};

/// One instruction of a constant-materialising sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MovStep {
    /// `movz/movn/movk rd, #imm16, lsl #shift`.
    Wide {
        /// The operation.
        op: MoveWideOp,
        /// The 16-bit immediate.
        imm16: u16,
        /// The shift: 0, 16, 32 or 48.
        shift: u8,
    },
    /// `orr rd, zr, #imm` with a bitmask immediate.
    Orr {
        /// The immediate (encodable at the plan's width).
        imm: u64,
    },
}

/// A sequence of 1 to 4 [`MovStep`]s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MovPlan {
    steps: [MovStep; 4],
    len: u8,
}

impl MovPlan {
    fn new() -> MovPlan {
        MovPlan {
            steps: [MovStep::Orr { imm: 0 }; 4],
            len: 0,
        }
    }

    fn push(&mut self, s: MovStep) {
        self.steps[self.len as usize] = s;
        self.len += 1;
    }

    fn wide(&mut self, op: MoveWideOp, imm16: u64, index: usize) {
        self.push(MovStep::Wide {
            op,
            imm16: imm16 as u16,
            shift: (index * 16) as u8,
        });
    }

    /// The steps, in execution order.
    pub fn steps(&self) -> &[MovStep] {
        &self.steps[..self.len as usize]
    }
}

/// The 16-bit halfword `i` of `v`.
#[inline]
fn half(v: u64, i: usize) -> u64 {
    (v >> (16 * i)) & 0xffff
}

/// `v` with halfword `i` replaced by `h`.
#[inline]
fn with_half(v: u64, i: usize, h: u64) -> u64 {
    v & !(0xffff << (16 * i)) | h << (16 * i)
}

/// The halfword shapes a single 64-bit run of ones can have in a window that holds one end
/// of the run: ones from bit 0 up (the run ends here) or from some bit to bit 15 (it starts
/// here), plus empty and full.
fn run_edges() -> impl Iterator<Item = u64> {
    [0u64, 0xffff]
        .into_iter()
        .chain((1..16).map(|k| (1u64 << k) - 1))
        .chain((1..16).map(|k| (0xffffu64 << k) & 0xffff))
}

/// Whether halfword `h` has one of the [`run_edges`] shapes.
#[inline]
fn is_run_edge(h: u64) -> bool {
    let inv = !h & 0xffff;
    h & (h + 1) == 0 || inv & (inv + 1) == 0
}

/// In how many halfwords `a` and `b` agree.
#[inline]
fn agreement(a: u64, b: u64) -> usize {
    (0..4).filter(|&i| half(a, i) == half(b, i)).count()
}

/// `orr` + `movk`s: `base` (a bitmask immediate) and the halfwords that differ from `v`.
fn orr_plan(v: u64, base: u64) -> MovPlan {
    let mut p = MovPlan::new();
    p.push(MovStep::Orr { imm: base });
    for i in 0..4 {
        if half(base, i) != half(v, i) {
            p.wide(MoveWideOp::Movk, half(v, i), i);
        }
    }
    p
}

/// A bitmask immediate agreeing with `v` in at least three halfwords (so `orr` + one
/// `movk` makes `v`), if one exists. Candidates are only tried when the necessary
/// condition for their kind holds, so most values cost a few comparisons.
fn orr_agreeing_in_three(v: u64) -> Option<u64> {
    let h = [half(v, 0), half(v, 1), half(v, 2), half(v, 3)];
    let ok = |b: u64| agreement(v, b) >= 3 && is_bitmask_imm(b, Width::W64);
    for j in 0..4 {
        // Period <= 32: halfwords repeat every two, so the agreeing j^1 and j^3 are equal
        // and the free halfword j must become h[j^2].
        if h[j ^ 1] == h[j ^ 3] {
            let b = with_half(v, j, h[j ^ 2]);
            if ok(b) {
                return Some(b);
            }
        }
        // 64-bit element: every other halfword is empty, full, or an end of the run.
        if (0..4).all(|i| i == j || is_run_edge(h[i])) {
            for x in run_edges() {
                let b = with_half(v, j, x);
                if ok(b) {
                    return Some(b);
                }
            }
        }
    }
    None
}

/// A bitmask immediate agreeing with `v` in at least two halfwords, if one exists. Only
/// called when no halfword of `v` is 0 or `0xffff`.
fn orr_agreeing_in_two(v: u64) -> Option<u64> {
    let h = [half(v, 0), half(v, 1), half(v, 2), half(v, 3)];
    let ok = |b: u64| agreement(v, b) >= 2 && is_bitmask_imm(b, Width::W64);
    let rep32 = |lo: u64, hi: u64| {
        let c = lo | hi << 16;
        c | c << 32
    };
    // Element of at most 16 bits: all halfwords equal, so two of v's must be.
    for i in 0..4 {
        if (0..4).any(|k| k != i && h[k] == h[i]) {
            let x = h[i];
            let b = x | x << 16 | x << 32 | x << 48;
            if ok(b) {
                return Some(b);
            }
        }
    }
    // 32-bit element [c0, c1] repeated: agree at one even and one odd halfword...
    for lo in [h[0], h[2]] {
        for hi in [h[1], h[3]] {
            let b = rep32(lo, hi);
            if ok(b) {
                return Some(b);
            }
        }
    }
    // ... or at both even (both odd) halfwords, the other half being an end of the run.
    if h[0] == h[2] || h[1] == h[3] {
        for x in run_edges() {
            for b in [rep32(h[0], x), rep32(x, h[1])] {
                if ok(b) {
                    return Some(b);
                }
            }
        }
    }
    // 64-bit element: the two agreeing halfwords hold the two ends of the run; every
    // halfword strictly between them (cyclically, from the start k to the end i) is full.
    for k in 0..4 {
        for i in 0..4 {
            if i == k || !is_run_edge(h[k]) || !is_run_edge(h[i]) {
                continue;
            }
            let mut b = h[k] << (16 * k) | h[i] << (16 * i);
            let mut j = (k + 1) % 4;
            while j != i {
                b |= 0xffff << (16 * j);
                j = (j + 1) % 4;
            }
            if ok(b) {
                return Some(b);
            }
        }
    }
    None
}

/// `movz` (or `movn` when `inverted`) of the first halfword that is not the background,
/// then `movk` of every other such halfword.
fn wide_plan(v: u64, halves: usize, inverted: bool) -> MovPlan {
    let background = if inverted { 0xffff } else { 0 };
    let mut p = MovPlan::new();
    for i in 0..halves {
        let x = half(v, i);
        if x == background {
            continue;
        }
        if p.len == 0 {
            if inverted {
                p.wide(MoveWideOp::Movn, !x & 0xffff, i);
            } else {
                p.wide(MoveWideOp::Movz, x, i);
            }
        } else {
            p.wide(MoveWideOp::Movk, x, i);
        }
    }
    if p.len == 0 {
        // Every halfword is the background: 0 or all ones.
        p.wide(
            if inverted {
                MoveWideOp::Movn
            } else {
                MoveWideOp::Movz
            },
            0,
            0,
        );
    }
    p
}

/// The shortest sequence that sets a register of `width` to `imm` (for 32 bits, `imm` is
/// truncated to its low 32 bits).
pub fn plan_mov_imm(width: Width, imm: u64) -> MovPlan {
    let v = imm & width.mask();
    let halves = (width.bits() / 16) as usize;
    let zeros = (0..halves).filter(|&i| half(v, i) == 0).count();
    let ones = (0..halves).filter(|&i| half(v, i) == 0xffff).count();
    // One instruction.
    if zeros + 1 >= halves {
        return wide_plan(v, halves, false);
    }
    if ones + 1 >= halves {
        return wide_plan(v, halves, true);
    }
    if encode_bitmask(v, width).is_some() {
        let mut p = MovPlan::new();
        p.push(MovStep::Orr { imm: v });
        return p;
    }
    if width == Width::W32 {
        return wide_plan(v, halves, false);
    }
    // Two instructions.
    if zeros == 2 {
        return wide_plan(v, halves, false);
    }
    if ones == 2 {
        return wide_plan(v, halves, true);
    }
    if let Some(b) = orr_agreeing_in_three(v) {
        return orr_plan(v, b);
    }
    // Three instructions.
    if zeros == 1 {
        return wide_plan(v, halves, false);
    }
    if ones == 1 {
        return wide_plan(v, halves, true);
    }
    if let Some(b) = orr_agreeing_in_two(v) {
        return orr_plan(v, b);
    }
    wide_plan(v, halves, false)
}

impl Assembler {
    /// `rd = imm` in the fewest instructions of `movz`, `movn`, `orr` (bitmask) and `movk`
    /// (1 to 4 for 64 bits, 1 or 2 for 32 bits). For 32 bits, `imm` must fit in 32 bits as
    /// an unsigned or a sign-extended value. `rd` must be `x0..x30`.
    pub fn mov_imm(&mut self, width: Width, rd: Gpr, imm: u64) {
        let sign_extended_32 = (i32::MIN as i64..0).contains(&(imm as i64));
        if width == Width::W32 && imm > u32::MAX as u64 && !sign_extended_32 {
            self.fail(super::AsmErrorKind::ImmOutOfRange {
                mnemonic: "mov",
                imm: imm as i64,
                accepted: "a 32-bit value (unsigned, or negative and sign-extended)",
            });
            return;
        }
        if !rd.is_general() {
            self.fail(super::AsmErrorKind::BadRegister {
                mnemonic: "mov",
                operand: "Rd",
                reg: rd,
                expected: "x0..x30",
            });
            return;
        }
        for step in plan_mov_imm(width, imm).steps() {
            match *step {
                MovStep::Wide { op, imm16, shift } => self.movw(op, width, rd, imm16, shift),
                MovStep::Orr { imm } => {
                    self.logic_imm(super::LogicOp::Orr, width, rd, Gpr::Zr, imm)
                }
            }
        }
    }
}
