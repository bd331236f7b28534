//! The x86-64 assembler: typed registers and operands, instruction methods that encode
//! directly into a byte buffer, labels with forward references, and a data form of every
//! instruction ([`Inst`]) with an Intel-syntax printer.
//!
//! Design:
//! - One method per instruction form (`alu_rr`, `alu_ri`, `mov_rm`, `sse_rr`, `jcc`, ...);
//!   operation families take a selector enum ([`AluOp`], [`ShiftOp`], [`UnaryOp`],
//!   [`SseOp`], [`Cond`]) so a code generator can map its ops to them with a table.
//! - Methods never panic and never return `Result`: invalid input (an RSP index, an
//!   immediate that does not fit, a width the instruction lacks, label misuse) records the
//!   first [`AsmError`], emits nothing for that instruction, and makes
//!   [`Assembler::finish`] fail. [`Assembler::error`] exposes it early.
//! - The encoder always picks the shortest encoding it knows (imm8 over imm32, disp8 over
//!   disp32, the `rax` short forms, `mov r32, imm32` for 64-bit moves of small unsigned
//!   constants, short backward branches). [`Inst`]'s printer names what was actually
//!   encoded, which is what an independent decoder shows.
//!
//! Invariants: `Assembler::offset()` only grows; label offsets, fixups and relocations all
//! refer to offsets inside the buffer; after a successful `finish` every fixup field holds
//! its final displacement.

mod encode;
mod error;
mod flow;
mod fmt;
mod inst;
mod int;
mod label;
mod operand;
mod reg;
mod sse;

use std::sync::atomic::{AtomicU32, Ordering};

pub use error::{AsmError, AsmErrorKind};
pub use flow::BranchSize;
pub use inst::Inst;
pub use label::{Code, Label, PatchKind, PatchSite, Reloc, RelocError};
pub use operand::{AluOp, Base, Cond, Mem, Scale, ShiftOp, SseOp, UnaryOp};
pub use reg::{Gpr, Width, Xmm};

use label::{Fixup, FixupSize};

/// Source of assembler identities, so a label from one assembler is rejected by another.
static NEXT_ASSEMBLER_ID: AtomicU32 = AtomicU32::new(1);

/// Largest alignment `align` accepts (one page).
const MAX_ALIGN: usize = 4096;

/// Code must stay below this size so every rel32 inside it is representable.
const MAX_CODE_LEN: usize = i32::MAX as usize;

/// An x86-64 assembler that appends encoded instructions to an internal buffer.
pub struct Assembler {
    buf: Vec<u8>,
    id: u32,
    labels: Vec<Option<u32>>,
    fixups: Vec<Fixup>,
    relocs: Vec<Reloc>,
    error: Option<AsmError>,
    align: u32,
}

impl Default for Assembler {
    fn default() -> Self {
        Self::new()
    }
}

impl Assembler {
    /// An empty assembler.
    pub fn new() -> Assembler {
        Self::with_capacity(256)
    }

    /// An empty assembler with room for `bytes` bytes of code.
    pub fn with_capacity(bytes: usize) -> Assembler {
        Assembler {
            buf: Vec::with_capacity(bytes),
            id: NEXT_ASSEMBLER_ID.fetch_add(1, Ordering::Relaxed),
            labels: Vec::new(),
            fixups: Vec::new(),
            relocs: Vec::new(),
            error: None,
            align: 16,
        }
    }

    /// The current code offset (where the next instruction starts).
    #[inline]
    pub fn offset(&self) -> usize {
        self.buf.len()
    }

    /// The bytes emitted so far (label references may not be resolved yet).
    pub fn bytes(&self) -> &[u8] {
        &self.buf
    }

    /// The first error recorded so far, if any.
    pub fn error(&self) -> Option<&AsmError> {
        self.error.as_ref()
    }

    /// A new, unbound label.
    pub fn new_label(&mut self) -> Label {
        let index = self.labels.len() as u32;
        self.labels.push(None);
        Label {
            owner: self.id,
            index,
        }
    }

    /// Binds `label` to the current offset. Binding a label twice is an error.
    pub fn bind(&mut self, label: Label) {
        if !self.check_label(label) {
            return;
        }
        let slot = &mut self.labels[label.index as usize];
        if slot.is_some() {
            self.fail(AsmErrorKind::LabelBoundTwice(label));
            return;
        }
        *slot = Some(self.buf.len() as u32);
    }

    /// The offset `label` is bound to, if it is bound (and belongs to this assembler).
    pub fn label_offset(&self, label: Label) -> Option<usize> {
        if label.owner != self.id {
            return None;
        }
        self.labels
            .get(label.index as usize)
            .copied()
            .flatten()
            .map(|o| o as usize)
    }

    /// Pads with multi-byte NOPs until the offset is a multiple of `alignment` (a power of
    /// two up to 4096), and raises the code's required start alignment to match.
    pub fn align(&mut self, alignment: usize) {
        if !alignment.is_power_of_two() || alignment > MAX_ALIGN {
            self.fail(AsmErrorKind::BadAlignment(alignment));
            return;
        }
        self.align = self.align.max(alignment as u32);
        let pad = self.buf.len().wrapping_neg() & (alignment - 1);
        self.nop_n(pad);
    }

    /// Overwrites the 4 bytes at `at` (already emitted) with `value`, little-endian: fills
    /// in a field whose value was not known when its instruction was emitted, like a frame
    /// size. Records an error if the field is not inside the code emitted so far.
    pub fn patch_u32(&mut self, at: usize, value: u32) {
        match at.checked_add(4) {
            Some(end) if end <= self.buf.len() => {
                self.buf[at..end].copy_from_slice(&value.to_le_bytes());
            }
            _ => self.fail(AsmErrorKind::PatchOutOfRange { at }),
        }
    }

    /// Appends raw bytes (constant pools, jump tables). Bind a label first to address them
    /// with [`Mem::rip`].
    pub fn data_bytes(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Appends a little-endian `u64`.
    pub fn data_u64(&mut self, v: u64) {
        self.data_bytes(&v.to_le_bytes());
    }

    /// Appends the bits of an `f64`.
    pub fn data_f64(&mut self, v: f64) {
        self.data_u64(v.to_bits());
    }

    /// Resolves all label references and returns the code, or the first error.
    pub fn finish(mut self) -> Result<Code, AsmError> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if self.buf.len() > MAX_CODE_LEN {
            return Err(AsmError {
                offset: self.buf.len(),
                kind: AsmErrorKind::CodeTooLarge,
            });
        }
        for f in &self.fixups {
            let Some(target) = self.labels[f.label.index as usize] else {
                return Err(AsmError {
                    offset: f.at as usize,
                    kind: AsmErrorKind::UnboundLabel(f.label),
                });
            };
            let distance = target as i64 + f.addend as i64 - f.end as i64;
            let at = f.at as usize;
            match f.size {
                FixupSize::Rel8 => match i8::try_from(distance) {
                    Ok(d) => self.buf[at] = d as u8,
                    Err(_) => {
                        return Err(AsmError {
                            offset: at,
                            kind: AsmErrorKind::BranchOutOfRange {
                                label: f.label,
                                distance,
                                bits: 8,
                            },
                        });
                    }
                },
                FixupSize::Rel32 => match i32::try_from(distance) {
                    Ok(d) => self.buf[at..at + 4].copy_from_slice(&d.to_le_bytes()),
                    Err(_) => {
                        return Err(AsmError {
                            offset: at,
                            kind: AsmErrorKind::BranchOutOfRange {
                                label: f.label,
                                distance,
                                bits: 32,
                            },
                        });
                    }
                },
            }
        }
        Ok(Code {
            bytes: self.buf,
            owner: self.id,
            labels: self.labels,
            relocs: self.relocs,
            align: self.align,
        })
    }

    /// Records `kind` as the error of the instruction starting at the current offset,
    /// unless an earlier error is already recorded.
    #[cold]
    fn fail(&mut self, kind: AsmErrorKind) {
        if self.error.is_none() {
            self.error = Some(AsmError {
                offset: self.buf.len(),
                kind,
            });
        }
    }

    /// Checks that `label` was made by this assembler; records an error if not.
    #[inline]
    fn check_label(&mut self, label: Label) -> bool {
        if label.owner == self.id && (label.index as usize) < self.labels.len() {
            true
        } else {
            self.fail(AsmErrorKind::ForeignLabel(label));
            false
        }
    }
}
