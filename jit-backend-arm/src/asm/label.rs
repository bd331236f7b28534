//! Labels, PC-relative fields, fixups, patch sites, external relocations and the finished
//! [`Code`].
//!
//! Design: a [`Label`] names a code offset of one assembler. A64 branches and literal loads
//! carry their displacement in a field of the instruction word ([`Field`]: 26 bits for
//! `b`/`bl`, 19 for `b.cond`/`cbz`/`cbnz`/`ldr` literal/`adr`, 14 for `tbz`/`tbnz`),
//! measured from the address of the instruction itself. A reference to an unbound label is
//! a [`Fixup`] resolved in [`Assembler::finish`](super::Assembler::finish), which reports
//! unbound labels and displacements beyond the field's reach. References to absolute
//! addresses outside the code (runtime helpers, other code blocks) are [`Reloc`]s, resolved
//! when the code is placed ([`Code::relocated`]), because only then is the distance known.
//!
//! [`PatchKind`] is also the interface for retargeting installed code (guards, bridges):
//! [`PatchKind::matches`] validates the word at a [`PatchSite`], [`PatchKind::retarget`]
//! computes the new word, [`PatchKind::target`] reads the current target. A single aligned
//! 32-bit store of the new word is safe against concurrent execution for `b`, `bl` and
//! `b.cond` (the architecture's list of concurrently modifiable instructions); the caller
//! must then make the change visible to instruction fetch (`dc cvau`, `dsb ish`,
//! `ic ivau`, `dsb ish`, `isb`).
//!
//! Invariants:
//! - A label belongs to exactly one assembler (`owner`); using it with another assembler is
//!   an error, never a silent wrong branch.
//! - A fixup's field starts as zero; resolution ORs in the encoded displacement.

use std::fmt;

use super::operand::Cond;

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

/// A PC-relative displacement field of an instruction word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `imm26` (bits 25:0), words: `b`, `bl`; reach +-128 MiB.
    Imm26,
    /// `imm19` (bits 23:5), words: `b.cond`, `cbz`, `cbnz`, `ldr` literal; reach +-1 MiB.
    Imm19,
    /// `imm14` (bits 18:5), words: `tbz`, `tbnz`; reach +-32 KiB.
    Imm14,
    /// `immhi:immlo` (bits 23:5 and 30:29), bytes: `adr`; reach +-1 MiB.
    Adr21,
    /// `immhi:immlo`, 4 KiB pages: `adrp`; reach +-4 GiB.
    Adrp21,
}

impl Field {
    /// The displacement must lie in `-reach..reach` bytes.
    pub const fn reach(self) -> i64 {
        match self {
            Field::Imm26 => 1 << 27,
            Field::Imm19 | Field::Adr21 => 1 << 20,
            Field::Imm14 => 1 << 15,
            Field::Adrp21 => 1 << 32,
        }
    }

    /// The bits of the field that hold the displacement.
    pub const fn mask(self) -> u32 {
        match self {
            Field::Imm26 => 0x03ff_ffff,
            Field::Imm19 => 0x7ffff << 5,
            Field::Imm14 => 0x3fff << 5,
            Field::Adr21 | Field::Adrp21 => 0x7ffff << 5 | 3 << 29,
        }
    }

    /// The field bits for a byte displacement, or `None` if it is out of reach or not a
    /// multiple of the field's unit (4 bytes, 1 for `adr`, 4096 for `adrp`).
    pub const fn encode(self, distance: i64) -> Option<u32> {
        if distance < -self.reach() || distance >= self.reach() {
            return None;
        }
        match self {
            Field::Imm26 | Field::Imm19 | Field::Imm14 => {
                if distance & 3 != 0 {
                    return None;
                }
                let words = (distance >> 2) as u32;
                Some(match self {
                    Field::Imm26 => words & 0x03ff_ffff,
                    Field::Imm19 => (words & 0x7ffff) << 5,
                    _ => (words & 0x3fff) << 5,
                })
            }
            Field::Adr21 | Field::Adrp21 => {
                let units = if matches!(self, Field::Adrp21) {
                    if distance & 0xfff != 0 {
                        return None;
                    }
                    distance >> 12
                } else {
                    distance
                };
                let u = units as u32;
                Some((u & 3) << 29 | ((u >> 2) & 0x7ffff) << 5)
            }
        }
    }

    /// The byte displacement held in `word`'s field (sign-extended).
    pub const fn decode(self, word: u32) -> i64 {
        match self {
            Field::Imm26 => ((word << 6) as i32 >> 6) as i64 * 4,
            Field::Imm19 => (((word >> 5) << 13) as i32 >> 13) as i64 * 4,
            Field::Imm14 => (((word >> 5) << 18) as i32 >> 18) as i64 * 4,
            Field::Adr21 | Field::Adrp21 => {
                let raw = ((word >> 5) & 0x7ffff) << 2 | (word >> 29) & 3;
                let v = ((raw << 11) as i32 >> 11) as i64;
                if matches!(self, Field::Adrp21) {
                    v << 12
                } else {
                    v
                }
            }
        }
    }
}

/// A displacement field to fill in once the label's offset is known.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fixup {
    pub(crate) label: Label,
    /// Offset of the referencing instruction.
    pub(crate) at: u32,
    pub(crate) field: Field,
    pub(crate) mnemonic: &'static str,
}

/// What kind of instruction a patchable or relocated word is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PatchKind {
    /// `b` (unconditional, +-128 MiB).
    B,
    /// `bl` (call, +-128 MiB).
    Bl,
    /// `b.cond` with its condition (+-1 MiB).
    BCond(Cond),
    /// `adrp xd` (address of a 4 KiB page, +-4 GiB).
    Adrp,
}

impl PatchKind {
    /// The displacement field of this kind of instruction.
    pub const fn field(self) -> Field {
        match self {
            PatchKind::B | PatchKind::Bl => Field::Imm26,
            PatchKind::BCond(_) => Field::Imm19,
            PatchKind::Adrp => Field::Adrp21,
        }
    }

    /// Whether `word` is an instruction of this kind (any displacement).
    pub const fn matches(self, word: u32) -> bool {
        match self {
            PatchKind::B => word & 0xfc00_0000 == 0x1400_0000,
            PatchKind::Bl => word & 0xfc00_0000 == 0x9400_0000,
            PatchKind::BCond(c) => word & 0xff00_001f == 0x5400_0000 | c.bits(),
            PatchKind::Adrp => word & 0x9f00_0000 == 0x9000_0000,
        }
    }

    /// `word` (an instruction of this kind at address `pc`) retargeted to `target`, or
    /// `None` if `word` is not of this kind or `target` is out of reach or misaligned.
    pub const fn retarget(self, word: u32, pc: u64, target: u64) -> Option<u32> {
        if !self.matches(word) {
            return None;
        }
        let distance = match self {
            PatchKind::Adrp => (target & !0xfff).wrapping_sub(pc & !0xfff) as i64,
            _ => target.wrapping_sub(pc) as i64,
        };
        let field = self.field();
        match field.encode(distance) {
            Some(bits) => Some(word & !field.mask() | bits),
            None => None,
        }
    }

    /// The address `word` (an instruction of this kind at `pc`) refers to (for `adrp`, the
    /// page address), or `None` if `word` is not of this kind.
    pub const fn target(self, word: u32, pc: u64) -> Option<u64> {
        if !self.matches(word) {
            return None;
        }
        let base = match self {
            PatchKind::Adrp => pc & !0xfff,
            _ => pc,
        };
        Some(base.wrapping_add(self.field().decode(word) as u64))
    }
}

/// A patchable instruction: its offset in the code and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PatchSite {
    pub(crate) offset: u32,
    pub(crate) kind: PatchKind,
}

impl PatchSite {
    /// A site for an instruction of `kind` at byte `offset` of the code.
    pub const fn new(offset: usize, kind: PatchKind) -> PatchSite {
        PatchSite {
            offset: offset as u32,
            kind,
        }
    }

    /// Offset of the instruction from the start of the code.
    pub const fn offset(self) -> usize {
        self.offset as usize
    }

    /// The instruction kind.
    pub const fn kind(self) -> PatchKind {
        self.kind
    }
}

/// A reference to an absolute address outside the code, resolved at placement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reloc {
    /// The instruction to fix.
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
    /// The machine code (little-endian words). Relocated instructions still hold a zero
    /// displacement.
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

    /// References to absolute addresses, resolved when the code is placed.
    pub fn relocs(&self) -> &[Reloc] {
        &self.relocs
    }

    /// The alignment (a power of two, at least 16) the start address must have so that
    /// every `align` directive in the code holds at run time.
    pub fn required_alignment(&self) -> usize {
        self.align as usize
    }

    /// A copy of the bytes with every relocation resolved for a placement at `base`.
    /// This is what an executable-memory arena writes; it is public for tests and listings.
    pub fn relocated(&self, base: u64) -> Result<Vec<u8>, RelocError> {
        let mut bytes = self.bytes.clone();
        for r in &self.relocs {
            let at = r.site.offset as usize;
            let word = u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
            let pc = base.wrapping_add(at as u64);
            let new = if base & 3 != 0 {
                None
            } else {
                r.site.kind.retarget(word, pc, r.target)
            };
            let new = new.ok_or(RelocError {
                target: r.target,
                site: r.site,
            })?;
            bytes[at..at + 4].copy_from_slice(&new.to_le_bytes());
        }
        Ok(bytes)
    }
}

/// An external target out of reach from where the code was placed (or a placement that is
/// not 4-byte aligned).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelocError {
    /// The unreachable target.
    pub target: u64,
    /// The instruction that could not reach it.
    pub site: PatchSite,
}

impl fmt::Display for RelocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (reach, advice) = match self.site.kind {
            PatchKind::Adrp => ("4 GiB", "`mov_imm` materialises any address"),
            PatchKind::BCond(_) => ("1 MiB", "branch over a `b` or use an exit stub nearby"),
            PatchKind::B | PatchKind::Bl => ("128 MiB", "use `call_far` or `mov_imm` + `br`"),
        };
        write!(
            f,
            "{:?} at code offset {:#x} cannot reach {:#x} from this placement (reach +-{reach}, \
             4-byte aligned); {advice}",
            self.site.kind, self.site.offset, self.target,
        )
    }
}

impl std::error::Error for RelocError {}
