//! Assembler errors.
//!
//! Design: instruction methods do not return `Result` (a code generator emits thousands of
//! them); the first error is recorded with the code offset where it happened and reported
//! by `Assembler::finish`. An instruction that fails validation emits no bytes.

use std::fmt;

use super::label::Label;
use super::reg::Width;

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AsmErrorKind {
    /// RSP cannot be an index register (its SIB encoding means "no index").
    RspAsIndex,
    /// An immediate does not fit the operand width.
    ImmOutOfRange {
        /// The instruction.
        mnemonic: &'static str,
        /// The value given.
        imm: i64,
        /// The operand width.
        width: Width,
    },
    /// A shift count is not smaller than the operand width in bits.
    ShiftCountOutOfRange {
        /// The count given.
        count: u8,
        /// The operand width.
        width: Width,
    },
    /// The instruction has no form with this operand width (or width combination).
    UnsupportedWidth {
        /// The instruction.
        mnemonic: &'static str,
        /// A description of the widths given.
        widths: String,
    },
    /// The label was created by another assembler.
    ForeignLabel(Label),
    /// `bind` was called twice for the label.
    LabelBoundTwice(Label),
    /// The label is referenced but was never bound.
    UnboundLabel(Label),
    /// A label reference does not fit its displacement field.
    BranchOutOfRange {
        /// The target label.
        label: Label,
        /// The displacement that was needed.
        distance: i64,
        /// Size of the field in bits (8 or 32).
        bits: u32,
    },
    /// `align` needs a power of two between 1 and 4096.
    BadAlignment(usize),
    /// The code grew beyond 2 GiB, so 32-bit displacements cannot span it.
    CodeTooLarge,
    /// `patch_u32` named bytes that were not emitted yet.
    PatchOutOfRange {
        /// The offset given.
        at: usize,
    },
}

/// An assembler error with the code offset of the instruction that caused it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsmError {
    /// Offset in the code where the failing instruction would have started.
    pub offset: usize,
    /// What went wrong.
    pub kind: AsmErrorKind,
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at code offset {:#x}: ", self.offset)?;
        match &self.kind {
            AsmErrorKind::RspAsIndex => f.write_str("rsp cannot be used as an index register"),
            AsmErrorKind::ImmOutOfRange {
                mnemonic,
                imm,
                width,
            } => {
                write!(
                    f,
                    "{mnemonic}: immediate {imm} does not fit a {width} operand"
                )
            }
            AsmErrorKind::ShiftCountOutOfRange { count, width } => {
                write!(
                    f,
                    "shift count {count} is out of range for a {width} operand"
                )
            }
            AsmErrorKind::UnsupportedWidth { mnemonic, widths } => {
                write!(f, "{mnemonic} has no form with {widths}")
            }
            AsmErrorKind::ForeignLabel(l) => {
                write!(f, "label {l} belongs to a different assembler")
            }
            AsmErrorKind::LabelBoundTwice(l) => write!(f, "label {l} is bound twice"),
            AsmErrorKind::UnboundLabel(l) => write!(f, "label {l} is used but never bound"),
            AsmErrorKind::BranchOutOfRange {
                label,
                distance,
                bits,
            } => write!(
                f,
                "reference to label {label} needs displacement {distance}, \
                 which does not fit {bits} bits"
            ),
            AsmErrorKind::BadAlignment(a) => {
                write!(f, "alignment {a} is not a power of two between 1 and 4096")
            }
            AsmErrorKind::CodeTooLarge => f.write_str("code size exceeds 2 GiB"),
            AsmErrorKind::PatchOutOfRange { at } => {
                write!(f, "patch_u32 at {at:#x} is outside the code emitted so far")
            }
        }
    }
}

impl std::error::Error for AsmError {}
