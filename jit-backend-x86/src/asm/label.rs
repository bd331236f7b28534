//! Labels, fixups, patch sites, external relocations and the finished [`Code`].
//!
//! Design: a [`Label`] names a code offset of one assembler. Every reference to a label that
//! is not yet known (or any RIP-relative reference) is recorded as a [`Fixup`] and resolved
//! in [`Assembler::finish`](super::Assembler::finish), which reports unbound labels and
//! out-of-range short branches as errors. References to absolute addresses outside the code
//! (runtime helpers, other code blocks) are [`Reloc`]s, resolved when the code is placed at
//! its final address (`ExecArena::install`), because only then is the distance known.
//!
//! Invariants:
//! - A label belongs to exactly one assembler (`owner`); using it with another assembler is
//!   an error, never a silent wrong jump.
//! - A fixup's displacement is `target + addend - end`, where `end` is the offset of the end
//!   of the referencing instruction (the CPU's RIP when it executes).
//! - A [`PatchSite`] always names a 4-byte rel32 field that directly follows the opcode bytes
//!   of its [`PatchKind`], so it can be validated before it is rewritten.

use std::fmt;

/// A position in the code of one assembler, possibly not yet bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    pub(crate) owner: u32,
    pub(crate) index: u32,
}

impl Label {
    /// The label's number within its assembler (labels are numbered from 0 in creation order).
    pub const fn index(self) -> u32 {
        self.index
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "L{}", self.index)
    }
}

/// Size of a displacement field that refers to a label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FixupSize {
    Rel8,
    Rel32,
}

/// A displacement field to fill in once the label's offset is known.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fixup {
    pub(crate) label: Label,
    /// Offset of the displacement field.
    pub(crate) at: u32,
    /// Offset of the end of the referencing instruction.
    pub(crate) end: u32,
    pub(crate) addend: i32,
    pub(crate) size: FixupSize,
}

/// What kind of instruction a patchable rel32 field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PatchKind {
    /// `jmp rel32` (`E9 rel32`).
    Jmp,
    /// `jcc rel32` (`0F 8x rel32`), with its condition.
    Jcc(super::operand::Cond),
    /// `call rel32` (`E8 rel32`).
    Call,
}

impl PatchKind {
    /// The opcode bytes that immediately precede the rel32 field.
    pub fn opcode_bytes(self) -> &'static [u8] {
        const JCC: [[u8; 2]; 16] = [
            [0x0F, 0x80],
            [0x0F, 0x81],
            [0x0F, 0x82],
            [0x0F, 0x83],
            [0x0F, 0x84],
            [0x0F, 0x85],
            [0x0F, 0x86],
            [0x0F, 0x87],
            [0x0F, 0x88],
            [0x0F, 0x89],
            [0x0F, 0x8A],
            [0x0F, 0x8B],
            [0x0F, 0x8C],
            [0x0F, 0x8D],
            [0x0F, 0x8E],
            [0x0F, 0x8F],
        ];
        match self {
            PatchKind::Jmp => &[0xE9],
            PatchKind::Call => &[0xE8],
            PatchKind::Jcc(c) => &JCC[c as usize],
        }
    }
}

/// A rel32 branch field that can be retargeted after the code is installed
/// (`ExecArena::patch_rel32`). The field ends the instruction, so the branch is relative to
/// `offset + 4`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PatchSite {
    pub(crate) offset: u32,
    pub(crate) kind: PatchKind,
}

impl PatchSite {
    /// A site for a rel32 field at `offset` (the field directly follows `kind`'s opcode).
    pub const fn new(offset: usize, kind: PatchKind) -> PatchSite {
        PatchSite {
            offset: offset as u32,
            kind,
        }
    }

    /// Offset of the rel32 field from the start of the code.
    pub const fn offset(self) -> usize {
        self.offset as usize
    }

    /// Offset of the first byte of the branch instruction.
    pub fn insn_offset(self) -> usize {
        (self.offset as usize).saturating_sub(self.kind.opcode_bytes().len())
    }

    /// The instruction kind.
    pub const fn kind(self) -> PatchKind {
        self.kind
    }
}

/// A rel32 branch to an absolute address outside the code, resolved at installation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reloc {
    /// The patchable field.
    pub site: PatchSite,
    /// The absolute target address.
    pub target: u64,
}

/// Finished machine code: bytes with all label references resolved, plus what installation
/// needs (external relocations and the required start alignment).
#[derive(Clone, Debug)]
pub struct Code {
    pub(crate) bytes: Vec<u8>,
    pub(crate) owner: u32,
    pub(crate) labels: Vec<Option<u32>>,
    pub(crate) relocs: Vec<Reloc>,
    pub(crate) align: u32,
}

impl Code {
    /// The machine code. Branches to external addresses still hold a zero displacement.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether no bytes were emitted.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The offset a label was bound to, or `None` if it belongs to another assembler or was
    /// never bound.
    pub fn label_offset(&self, label: Label) -> Option<usize> {
        if label.owner != self.owner {
            return None;
        }
        self.labels
            .get(label.index as usize)
            .copied()
            .flatten()
            .map(|o| o as usize)
    }

    /// Branches to absolute addresses, resolved when the code is installed.
    pub fn relocs(&self) -> &[Reloc] {
        &self.relocs
    }

    /// The alignment (a power of two, at least 16) the start address must have so that
    /// every `align` directive in the code holds at run time.
    pub fn required_alignment(&self) -> usize {
        self.align as usize
    }

    /// A copy of the bytes with every relocation resolved for a placement at `base`.
    /// This is what `ExecArena::install` writes; it is public for tests and listings.
    pub fn relocated(&self, base: u64) -> Result<Vec<u8>, RelocError> {
        let mut bytes = self.bytes.clone();
        self.relocate_in_place(base, &mut bytes)?;
        Ok(bytes)
    }

    /// Resolves every relocation in `bytes` (a copy of [`Code::bytes`]) for a placement at
    /// `base`. On error, `bytes` may be partly relocated.
    pub fn relocate_in_place(&self, base: u64, bytes: &mut [u8]) -> Result<(), RelocError> {
        debug_assert_eq!(bytes.len(), self.bytes.len());
        for r in &self.relocs {
            let rel = rel32_for(base + r.site.offset as u64 + 4, r.target).ok_or(RelocError {
                target: r.target,
                site: r.site,
            })?;
            let at = r.site.offset as usize;
            bytes[at..at + 4].copy_from_slice(&rel.to_le_bytes());
        }
        Ok(())
    }
}

/// The rel32 displacement from `next_ip` to `target`, if it fits.
pub(crate) fn rel32_for(next_ip: u64, target: u64) -> Option<i32> {
    let delta = target.wrapping_sub(next_ip) as i64;
    i32::try_from(delta).ok()
}

/// An external branch target that is out of rel32 range from where the code was placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelocError {
    /// The unreachable target.
    pub target: u64,
    /// The branch that could not reach it.
    pub site: PatchSite,
}

impl fmt::Display for RelocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "branch at code offset {:#x} cannot reach {:#x} with a 32-bit displacement \
             (use an indirect call through a register for far targets)",
            self.site.insn_offset(),
            self.target
        )
    }
}

impl std::error::Error for RelocError {}
