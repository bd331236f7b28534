//! The A64 (AArch64) assembler: typed registers and operands, one method per instruction
//! form encoding directly into a byte buffer, labels with fixups for the 26/19/14-bit
//! branch ranges, external relocations, and a data form of every instruction ([`Inst`])
//! with a printer in GNU/objdump syntax.
//!
//! Design (deliberately the same shape as the x86-64 assembler of tern-jit-backend-x86):
//! - One method per instruction form (`addsub_imm`, `addsub_shifted`, `logic_imm`,
//!   `load`, `ldp`, `fp_rrr`, `b_cond`, ...); families take a selector enum ([`AddSubOp`],
//!   [`LogicOp`], [`LoadOp`], [`FpOp2`], [`Cond`], ...) so a code generator can map its ops
//!   to them with a table. Convenience methods for the common aliases (`cmp_imm`, `mov_rr`,
//!   `lsl_imm`, `cset`, `mul`, ...) emit the underlying form.
//! - Methods never panic and never return `Result`: invalid input (register 31 in the wrong
//!   role, an immediate or offset that does not fit, a value that is not a bitmask
//!   immediate, a write-back that is architecturally unpredictable, label misuse) records the
//!   first [`AsmError`], emits nothing for that instruction, and makes
//!   [`Assembler::finish`] fail. [`Assembler::error`] exposes it early.
//! - Every encoder is a pure function returning `Result<u32, AsmErrorKind>`; the method
//!   emits the word or records the error.
//! - Encoders pick the form the architecture's preferred disassembly names: `Mem::Offset`
//!   is the scaled unsigned form when possible, else `ldur`/`stur`; `addsub_imm` uses
//!   `lsl #12` for multiples of 4096; [`Assembler::mov_imm`] uses the fewest of
//!   `movz`/`movn`/`orr`+`movk`. [`Inst`]'s printer names what was actually encoded.
//! - Multi-instruction helpers (`add_const`, `cmp_const`, `logic_const`, `load_far`,
//!   `store_far`, `fmov_const`, `call_far`, ...) use [`SCRATCH`] (`x16`, IP0) as their only
//!   scratch register; a code generator must not allocate it. `x17` (IP1) and `x18` (the
//!   platform register) are not touched.
//!
//! Invariants: `Assembler::offset()` only grows; instructions start at multiples of 4;
//! label offsets, fixups and relocations all refer to offsets inside the buffer; after a
//! successful `finish` every fixup field holds its final displacement.

mod bitmask;
mod encode;
mod encode_fp;
mod encode_int;
mod encode_mem;
mod error;
mod flow;
mod fmt;
mod inst;
mod label;
mod macros;
mod movimm;
mod operand;
mod reg;

use std::sync::atomic::{AtomicU32, Ordering};

pub use bitmask::{BitmaskImm, bitmask_immediates, decode_bitmask, encode_bitmask, is_bitmask_imm};
pub use encode_fp::{fp_imm8, fp_imm8_value};
pub use error::{AsmError, AsmErrorKind};
pub use inst::Inst;
pub use label::{Code, Field, Label, PatchKind, PatchSite, Reloc, RelocError};
pub use movimm::{MovPlan, MovStep, plan_mov_imm};
pub use operand::{
    AddSubOp, Barrier, BitfieldOp, CmpBranchOp, CondCmpOp, CselOp, Dp1Op, Dp2Op, Dp3Op, ExtendOp,
    FcmpOp, FpOp1, FpOp2, FpOp3, FpToIntOp, IndexExt, IntToFpOp, LiteralOp, LoadOp, LogicOp, Mem,
    MoveWideOp, MulHighOp, Shift, StoreOp, SysReg, TestBranchOp,
};
pub use operand::{Cond, Extend};
pub use reg::{FpWidth, Fpr, Gpr, Width};

use label::Fixup;

/// The scratch register of the multi-instruction helpers: `x16` (IP0), which AAPCS64
/// reserves for exactly this (veneers and call sequences may clobber it). Never allocate it
/// to values.
pub const SCRATCH: Gpr = Gpr::X16;

/// The result of a pure instruction encoder.
pub(crate) type Enc = Result<u32, AsmErrorKind>;

/// Source of assembler identities, so a label from one assembler is rejected by another.
static NEXT_ASSEMBLER_ID: AtomicU32 = AtomicU32::new(1);

/// Largest alignment `align` accepts (one page).
const MAX_ALIGN: usize = 4096;

/// Code must stay below the reach of `b`/`bl` so that every branch inside it can reach
/// every label.
const MAX_CODE_LEN: usize = 128 << 20;

/// The `nop` instruction word (also the padding of `align`).
pub const NOP: u32 = 0xd503_201f;

/// An A64 assembler that appends encoded instructions to an internal buffer.
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

    /// Pads until the offset is a multiple of `alignment` (a power of two from 4 to 4096):
    /// zero bytes up to the next multiple of 4 (only after raw data), then `nop`s. Raises
    /// the code's required start alignment to match.
    pub fn align(&mut self, alignment: usize) {
        if !alignment.is_power_of_two() || !(4..=MAX_ALIGN).contains(&alignment) {
            self.fail(AsmErrorKind::BadAlignment(alignment));
            return;
        }
        self.align = self.align.max(alignment as u32);
        while self.buf.len() & 3 != 0 {
            self.buf.push(0);
        }
        while self.buf.len() & (alignment - 1) != 0 {
            self.emit32(NOP);
        }
    }

    /// Appends raw bytes (constant pools, jump tables). Bind a label first to address them
    /// with [`Assembler::ldr_literal`] or [`Assembler::adr`]; call `align(4)` before the
    /// next instruction if the length is not a multiple of 4.
    pub fn data_bytes(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Appends a little-endian `u32`.
    pub fn data_u32(&mut self, v: u32) {
        self.data_bytes(&v.to_le_bytes());
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
            let distance = target as i64 - f.at as i64;
            let bits =
                resolve(f.field, f.mnemonic, f.label, distance).map_err(|kind| AsmError {
                    offset: f.at as usize,
                    kind,
                })?;
            let at = f.at as usize;
            let word = u32::from_le_bytes([
                self.buf[at],
                self.buf[at + 1],
                self.buf[at + 2],
                self.buf[at + 3],
            ]) | bits;
            self.buf[at..at + 4].copy_from_slice(&word.to_le_bytes());
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

/// The field bits for a label reference at byte `distance`, or the error explaining why
/// it does not fit.
fn resolve(field: Field, mnemonic: &'static str, label: Label, distance: i64) -> Enc {
    if field != Field::Adr21 && distance & 3 != 0 {
        return Err(AsmErrorKind::MisalignedTarget { mnemonic, label });
    }
    field
        .encode(distance)
        .ok_or(AsmErrorKind::BranchOutOfRange {
            mnemonic,
            label,
            distance,
            reach: field.reach(),
        })
}
