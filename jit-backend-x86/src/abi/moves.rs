//! Parallel moves: set a group of locations from other locations and constants as if all
//! sources were read before any destination is written (what argument setup, loop
//! back-edges and bridge entries need).
//!
//! Algorithm: constant sources read nothing, so they are emitted last. Among location
//! moves, a move is emitted once no pending move still reads its destination. Every
//! location has at most one writer, so when no move is ready the remaining moves form
//! disjoint cycles; one destination of a cycle is saved to the scratch register of its
//! class and its readers read the scratch instead, which turns the cycle into a chain that
//! drains completely before the scratch is needed again.
//!
//! Invariants and requirements (violations are `AbiError`s, never wrong code):
//! - Destinations are distinct; RSP is never a destination; the scratch registers appear in
//!   no move; no register used to address a memory operand is a destination; memory
//!   operands with the same base and index are equal or do not overlap. Memory operands with
//!   different address registers must not overlap either (this cannot be checked).
//! - Values are 64 bits in every class. Memory-to-memory moves use `push`/`pop`, so 8 bytes
//!   below RSP may be written; memory locations must not lie below RSP.

use std::fmt;

use crate::asm::{Assembler, Base, Gpr, Mem, SseOp, Width, Xmm};

/// A location holding a 64-bit value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Loc {
    /// A general-purpose register.
    Gpr(Gpr),
    /// The low 64 bits of an SSE register.
    Xmm(Xmm),
    /// A memory slot (8 bytes).
    Mem(Mem),
}

/// The source of a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MoveSrc {
    /// The value in a location.
    Loc(Loc),
    /// A 64-bit constant (for doubles, their bits: `f.to_bits() as i64`).
    Imm(i64),
}

/// Scratch registers a move sequence may clobber.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scratch {
    /// General-purpose scratch.
    pub gpr: Gpr,
    /// SSE scratch.
    pub xmm: Xmm,
}

impl Default for Scratch {
    /// R11 and XMM15: caller-saved and never used for arguments.
    fn default() -> Self {
        Scratch {
            gpr: Gpr::R11,
            xmm: Xmm::Xmm15,
        }
    }
}

/// Invalid input to the ABI helpers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AbiError {
    /// Two moves write the same location.
    DuplicateDestination(Loc),
    /// A scratch register appears in a move or operand.
    ScratchUsed(Loc),
    /// RSP cannot be a move destination.
    RspDestination,
    /// A register used in a memory operand's address is also written.
    AddressRegisterWritten(Gpr),
    /// Two memory operands overlap without being equal.
    OverlappingMemory(Mem, Mem),
    /// A displacement overflowed while adjusting for the stack-argument area.
    DisplacementOverflow(Mem),
    /// A call target register is overwritten by the argument setup.
    TargetClobbered(Gpr),
    /// RSP and RBP are managed by the frame and cannot be listed as saved registers.
    FrameRegister(Gpr),
}

impl fmt::Display for AbiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AbiError::DuplicateDestination(l) => write!(f, "two moves write {}", show(l)),
            AbiError::ScratchUsed(l) => {
                write!(f, "scratch register {} cannot be a move operand", show(l))
            }
            AbiError::RspDestination => f.write_str("rsp cannot be a move destination"),
            AbiError::AddressRegisterWritten(r) => {
                write!(
                    f,
                    "{r} addresses a memory operand and is also a move destination"
                )
            }
            AbiError::OverlappingMemory(a, b) => write!(f, "memory operands {a} and {b} overlap"),
            AbiError::DisplacementOverflow(m) => {
                write!(
                    f,
                    "displacement of {m} overflows when adjusted for stack arguments"
                )
            }
            AbiError::TargetClobbered(r) => {
                write!(
                    f,
                    "call target register {r} is overwritten by the argument setup"
                )
            }
            AbiError::FrameRegister(r) => {
                write!(
                    f,
                    "{r} is managed by the frame and cannot be a saved register"
                )
            }
        }
    }
}

impl std::error::Error for AbiError {}

fn show(l: &Loc) -> String {
    match l {
        Loc::Gpr(r) => r.to_string(),
        Loc::Xmm(x) => x.to_string(),
        Loc::Mem(m) => m.to_string(),
    }
}

/// Registers used to form the address of `m`.
pub(crate) fn address_regs(m: &Mem) -> impl Iterator<Item = Gpr> {
    let base = match m.base_kind() {
        Base::Reg(b) => Some(b),
        _ => None,
    };
    base.into_iter().chain(m.index().map(|(i, _)| i))
}

fn mem_overlap(a: &Mem, b: &Mem) -> bool {
    a != b
        && a.base_kind() == b.base_kind()
        && a.index() == b.index()
        && (a.disp() as i64 - b.disp() as i64).abs() < 8
}

pub(crate) fn validate(moves: &[(MoveSrc, Loc)], scratch: Scratch) -> Result<(), AbiError> {
    let mut mems: Vec<Mem> = Vec::new();
    for (k, (src, dst)) in moves.iter().enumerate() {
        if moves[..k].iter().any(|(_, d)| d == dst) {
            return Err(AbiError::DuplicateDestination(*dst));
        }
        if *dst == Loc::Gpr(Gpr::Rsp) {
            return Err(AbiError::RspDestination);
        }
        let locs = std::iter::once(*dst).chain(match src {
            MoveSrc::Loc(l) => Some(*l),
            MoveSrc::Imm(_) => None,
        });
        for l in locs {
            match l {
                Loc::Gpr(r) if r == scratch.gpr => return Err(AbiError::ScratchUsed(l)),
                Loc::Xmm(x) if x == scratch.xmm => return Err(AbiError::ScratchUsed(l)),
                Loc::Mem(m) => {
                    for r in address_regs(&m) {
                        if r == scratch.gpr {
                            return Err(AbiError::ScratchUsed(Loc::Gpr(r)));
                        }
                        if moves.iter().any(|(_, d)| *d == Loc::Gpr(r)) {
                            return Err(AbiError::AddressRegisterWritten(r));
                        }
                    }
                    if let Some(o) = mems.iter().find(|o| mem_overlap(o, &m)) {
                        return Err(AbiError::OverlappingMemory(*o, m));
                    }
                    mems.push(m);
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Emits one 64-bit move between locations (no scratch register needed).
fn emit_move(asm: &mut Assembler, src: Loc, dst: Loc) {
    match (src, dst) {
        (Loc::Gpr(s), Loc::Gpr(d)) => asm.mov_rr(Width::W64, d, s),
        (Loc::Gpr(s), Loc::Xmm(d)) => asm.movq_xr(d, s),
        (Loc::Gpr(s), Loc::Mem(d)) => asm.mov_mr(Width::W64, d, s),
        (Loc::Xmm(s), Loc::Gpr(d)) => asm.movq_rx(d, s),
        (Loc::Xmm(s), Loc::Xmm(d)) => asm.sse_rr(SseOp::Movaps, d, s),
        (Loc::Xmm(s), Loc::Mem(d)) => asm.movsd_mr(d, s),
        (Loc::Mem(s), Loc::Gpr(d)) => asm.mov_rm(Width::W64, d, s),
        (Loc::Mem(s), Loc::Xmm(d)) => asm.sse_rm(SseOp::Movsd, d, s),
        (Loc::Mem(s), Loc::Mem(d)) => {
            asm.push_m(s);
            asm.pop_m(d);
        }
    }
}

/// Emits a constant into `dst`, using the general-purpose scratch when needed.
fn emit_imm(asm: &mut Assembler, v: i64, dst: Loc, scratch: Scratch) {
    match dst {
        Loc::Gpr(d) => asm.mov_ri(Width::W64, d, v),
        Loc::Xmm(d) if v == 0 => asm.sse_rr(SseOp::Xorps, d, d),
        Loc::Xmm(d) => {
            asm.mov_ri(Width::W64, scratch.gpr, v);
            asm.movq_xr(d, scratch.gpr);
        }
        Loc::Mem(d) => match i32::try_from(v) {
            Ok(v32) => asm.mov_mi(Width::W64, d, v32),
            Err(_) => {
                asm.mov_ri(Width::W64, scratch.gpr, v);
                asm.mov_mr(Width::W64, d, scratch.gpr);
            }
        },
    }
}

/// Emits moves that set every destination to its source's value as of before the
/// sequence (see the module documentation for the requirements).
pub fn emit_parallel_moves(
    asm: &mut Assembler,
    moves: &[(MoveSrc, Loc)],
    scratch: Scratch,
) -> Result<(), AbiError> {
    validate(moves, scratch)?;
    let mut pending: Vec<(Loc, Loc)> = moves
        .iter()
        .filter_map(|&(s, d)| match s {
            MoveSrc::Loc(l) if l != d => Some((l, d)),
            _ => None,
        })
        .collect();
    while !pending.is_empty() {
        let ready = (0..pending.len()).find(|&i| {
            let d = pending[i].1;
            pending
                .iter()
                .enumerate()
                .all(|(j, &(s, _))| j == i || s != d)
        });
        match ready {
            Some(i) => {
                let (s, d) = pending.swap_remove(i);
                emit_move(asm, s, d);
            }
            None => {
                // Only cycles remain: save one destination in the scratch of its class.
                let d = pending[0].1;
                let tmp = match d {
                    Loc::Xmm(_) => Loc::Xmm(scratch.xmm),
                    _ => Loc::Gpr(scratch.gpr),
                };
                emit_move(asm, d, tmp);
                for m in pending.iter_mut() {
                    if m.0 == d {
                        m.0 = tmp;
                    }
                }
            }
        }
    }
    for &(s, d) in moves {
        if let MoveSrc::Imm(v) = s {
            emit_imm(asm, v, d, scratch);
        }
    }
    Ok(())
}
