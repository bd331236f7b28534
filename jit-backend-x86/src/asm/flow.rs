//! Control flow: jumps and calls to labels (rel8/rel32 with fixups), to absolute addresses
//! (rel32 relocations resolved at installation), and indirect through registers or memory;
//! `ret`, `int3`, `ud2` and the recommended multi-byte NOPs.
//!
//! Branch size: `BranchSize::Auto` uses rel8 for a bound label within reach and rel32
//! otherwise (a forward reference is always rel32, so it can never go out of range);
//! `Short` insists on rel8 (an out-of-range distance is an error: at once for a bound label,
//! from `finish` for a forward one);
//! `Near` always uses rel32 and returns a [`PatchSite`] so the branch can be retargeted after
//! installation (guards, bridges, invalidation).
//! Invariant: every `PatchSite` returned names a rel32 field directly after the opcode
//! bytes of its `PatchKind`. If the assembler has recorded an error, returned patch sites
//! are meaningless, but `finish` fails, so no code that contains them can be installed.

use super::encode::{Imm, Pre, RmArg};
use super::label::{Fixup, FixupSize, Label, PatchKind, PatchSite, Reloc};
use super::operand::{Cond, Mem};
use super::reg::{Gpr, Width};
use super::{AsmErrorKind, Assembler};

/// How a branch to a label is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BranchSize {
    /// rel8 when the label is already bound and in reach, rel32 otherwise.
    Auto,
    /// Always rel8 (error if the distance does not fit).
    Short,
    /// Always rel32 (patchable).
    Near,
}

/// The recommended NOP sequences (Intel SDM, "Recommended Multi-Byte Sequence of NOP").
const NOPS: [&[u8]; 9] = [
    &[0x90],
    &[0x66, 0x90],
    &[0x0F, 0x1F, 0x00],
    &[0x0F, 0x1F, 0x40, 0x00],
    &[0x0F, 0x1F, 0x44, 0x00, 0x00],
    &[0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00],
    &[0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00],
    &[0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
    &[0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
];

/// The longest single NOP instruction emitted.
pub(crate) const MAX_NOP: usize = NOPS.len();

impl Assembler {
    /// Branch to `label`; `cond = None` is an unconditional `jmp`. Returns the patch site
    /// when a rel32 form was emitted.
    fn branch_to_label(
        &mut self,
        cond: Option<Cond>,
        label: Label,
        size: BranchSize,
    ) -> Option<PatchSite> {
        if !self.check_label(label) {
            return None;
        }
        let start = self.buf.len();
        let target = self.labels[label.index as usize];
        if size != BranchSize::Near {
            let short_op = match cond {
                None => 0xEB,
                Some(c) => 0x70 | c as u8,
            };
            match target {
                Some(t) => {
                    let distance = t as i64 - (start as i64 + 2);
                    if let Ok(d) = i8::try_from(distance) {
                        self.buf.extend_from_slice(&[short_op, d as u8]);
                        return None;
                    }
                    if size == BranchSize::Short {
                        self.fail(AsmErrorKind::BranchOutOfRange {
                            label,
                            distance,
                            bits: 8,
                        });
                        return None;
                    }
                }
                None if size == BranchSize::Short => {
                    self.buf.extend_from_slice(&[short_op, 0]);
                    self.fixups.push(Fixup {
                        label,
                        at: start as u32 + 1,
                        end: start as u32 + 2,
                        addend: 0,
                        size: FixupSize::Rel8,
                    });
                    return None;
                }
                None => {}
            }
        }
        let site = self.emit_rel32_branch(cond.map_or(PatchKind::Jmp, PatchKind::Jcc));
        match target {
            Some(t) => {
                let d = t as i64 - (site.offset as i64 + 4);
                let at = site.offset as usize;
                // In range: the code is smaller than 2 GiB (checked in `finish`).
                self.buf[at..at + 4].copy_from_slice(&(d as i32).to_le_bytes());
            }
            None => self.fixups.push(Fixup {
                label,
                at: site.offset,
                end: site.offset + 4,
                addend: 0,
                size: FixupSize::Rel32,
            }),
        }
        Some(site)
    }

    /// Emits the opcode of a rel32 branch followed by a zero rel32 field.
    fn emit_rel32_branch(&mut self, kind: PatchKind) -> PatchSite {
        self.buf.extend_from_slice(kind.opcode_bytes());
        let offset = self.buf.len() as u32;
        self.buf.extend_from_slice(&[0; 4]);
        PatchSite { offset, kind }
    }

    /// `jmp label` with the given size policy; returns the patch site if rel32 was used.
    pub fn jmp_sized(&mut self, label: Label, size: BranchSize) -> Option<PatchSite> {
        self.branch_to_label(None, label, size)
    }

    /// `jcc label` with the given size policy; returns the patch site if rel32 was used.
    pub fn jcc_sized(&mut self, cond: Cond, label: Label, size: BranchSize) -> Option<PatchSite> {
        self.branch_to_label(Some(cond), label, size)
    }

    /// `jmp label`, short when the label is bound and in reach.
    pub fn jmp(&mut self, label: Label) {
        self.branch_to_label(None, label, BranchSize::Auto);
    }

    /// `jmp label` with a rel8 displacement (error if out of range).
    pub fn jmp_short(&mut self, label: Label) {
        self.branch_to_label(None, label, BranchSize::Short);
    }

    /// `jmp label` with a rel32 displacement that can be patched later.
    pub fn jmp_near(&mut self, label: Label) -> PatchSite {
        self.branch_to_label(None, label, BranchSize::Near)
            .unwrap_or(PatchSite {
                offset: self.buf.len() as u32,
                kind: PatchKind::Jmp,
            })
    }

    /// `jcc label`, short when the label is bound and in reach.
    pub fn jcc(&mut self, cond: Cond, label: Label) {
        self.branch_to_label(Some(cond), label, BranchSize::Auto);
    }

    /// `jcc label` with a rel8 displacement (error if out of range).
    pub fn jcc_short(&mut self, cond: Cond, label: Label) {
        self.branch_to_label(Some(cond), label, BranchSize::Short);
    }

    /// `jcc label` with a rel32 displacement that can be patched later (guards).
    pub fn jcc_near(&mut self, cond: Cond, label: Label) -> PatchSite {
        self.branch_to_label(Some(cond), label, BranchSize::Near)
            .unwrap_or(PatchSite {
                offset: self.buf.len() as u32,
                kind: PatchKind::Jcc(cond),
            })
    }

    /// `call label` (rel32) to code in the same assembler.
    pub fn call_label(&mut self, label: Label) -> PatchSite {
        let offset = self.buf.len() as u32 + 1;
        if !self.check_label(label) {
            return PatchSite {
                offset,
                kind: PatchKind::Call,
            };
        }
        let site = self.emit_rel32_branch(PatchKind::Call);
        self.fixups.push(Fixup {
            label,
            at: site.offset,
            end: site.offset + 4,
            addend: 0,
            size: FixupSize::Rel32,
        });
        site
    }

    fn branch_to_addr(&mut self, kind: PatchKind, target: u64) -> PatchSite {
        let site = self.emit_rel32_branch(kind);
        self.relocs.push(Reloc { site, target });
        site
    }

    /// `jmp target` (rel32) to an absolute address outside this code, e.g. another code
    /// block of the same `ExecArena` (always in reach there). Resolved at installation,
    /// which fails if the target is more than 2 GiB away.
    pub fn jmp_addr(&mut self, target: u64) -> PatchSite {
        self.branch_to_addr(PatchKind::Jmp, target)
    }

    /// `jcc target` (rel32) to an absolute address (see [`Assembler::jmp_addr`]).
    pub fn jcc_addr(&mut self, cond: Cond, target: u64) -> PatchSite {
        self.branch_to_addr(PatchKind::Jcc(cond), target)
    }

    /// `call target` (rel32) to an absolute address (see [`Assembler::jmp_addr`]). Use
    /// [`Assembler::call_far`] for targets that may be far away, like Rust functions.
    pub fn call_addr(&mut self, target: u64) -> PatchSite {
        self.branch_to_addr(PatchKind::Call, target)
    }

    /// `mov scratch, target; call scratch`: reaches any address. `scratch` is clobbered
    /// (R11 is the usual choice: caller-saved and not an argument register).
    pub fn call_far(&mut self, target: u64, scratch: Gpr) {
        self.mov_ri(Width::W64, scratch, target as i64);
        self.call_r(scratch);
    }

    /// `jmp r` (indirect).
    pub fn jmp_r(&mut self, r: Gpr) {
        self.enc_modrm(Pre::NONE, &[0xFF], 4, RmArg::Reg(r.num()), Imm::None);
    }

    /// `jmp qword ptr [mem]` (indirect).
    pub fn jmp_m(&mut self, m: Mem) {
        self.enc_modrm(Pre::NONE, &[0xFF], 4, RmArg::Mem(&m), Imm::None);
    }

    /// `call r` (indirect).
    pub fn call_r(&mut self, r: Gpr) {
        self.enc_modrm(Pre::NONE, &[0xFF], 2, RmArg::Reg(r.num()), Imm::None);
    }

    /// `call qword ptr [mem]` (indirect).
    pub fn call_m(&mut self, m: Mem) {
        self.enc_modrm(Pre::NONE, &[0xFF], 2, RmArg::Mem(&m), Imm::None);
    }

    /// `ret`.
    pub fn ret(&mut self) {
        self.buf.push(0xC3);
    }

    /// `int3` (breakpoint trap; also the fill of unused code memory).
    pub fn int3(&mut self) {
        self.buf.push(0xCC);
    }

    /// `ud2` (guaranteed invalid-opcode trap, for "unreachable").
    pub fn ud2(&mut self) {
        self.buf.extend_from_slice(&[0x0F, 0x0B]);
    }

    /// A one-byte `nop`.
    pub fn nop(&mut self) {
        self.buf.push(0x90);
    }

    /// Exactly `len` bytes of NOPs, using the fewest recommended multi-byte NOPs.
    pub fn nop_n(&mut self, mut len: usize) {
        while len > 0 {
            let n = len.min(MAX_NOP);
            self.buf.extend_from_slice(NOPS[n - 1]);
            len -= n;
        }
    }
}
