//! Assembler errors.
//!
//! Design: instruction methods do not return `Result` (a code generator emits thousands of
//! them); the first error is recorded with the code offset where it happened and reported
//! by `Assembler::finish`. An instruction that fails validation emits no bytes. Messages say
//! what was given, what the instruction accepts, and (where one exists) which helper
//! handles the case.

use std::fmt;

use super::label::Label;
use super::reg::{Gpr, Width};

/// What went wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum AsmErrorKind {
    /// A register cannot be used in this operand position: `sp` where register 31 means
    /// `xzr`, `xzr` where it means `sp`, or `sp`/`xzr` where a real register is needed.
    BadRegister {
        /// The instruction.
        mnemonic: &'static str,
        /// The operand position (`"Rd"`, `"Rn"`, `"base"`, ...).
        operand: &'static str,
        /// The register given.
        reg: Gpr,
        /// What the position accepts.
        expected: &'static str,
    },
    /// An immediate operand is out of range for its field.
    ImmOutOfRange {
        /// The instruction.
        mnemonic: &'static str,
        /// The value given.
        imm: i64,
        /// The accepted values, in words.
        accepted: &'static str,
    },
    /// The value is not a logical (bitmask) immediate of the operation width.
    NotBitmaskImm {
        /// The instruction.
        mnemonic: &'static str,
        /// The value given.
        imm: u64,
        /// The operation width.
        width: Width,
    },
    /// The value is not representable as an 8-bit floating-point immediate of `fmov`.
    NotFpImm {
        /// The value given (as bits of an `f64`, so NaNs compare equal).
        bits: u64,
    },
    /// A memory offset does not fit the addressing form.
    OffsetOutOfRange {
        /// The instruction.
        mnemonic: &'static str,
        /// The offset given.
        offset: i64,
        /// The accepted offsets, in words.
        accepted: &'static str,
    },
    /// The instruction has no form with this width or operand combination.
    Unsupported {
        /// The instruction.
        mnemonic: &'static str,
        /// What is not supported.
        what: &'static str,
    },
    /// A load/store with write-back whose base register is also a transfer register, or a
    /// load pair writing the same register twice: CONSTRAINED UNPREDICTABLE on A64.
    Unpredictable {
        /// The instruction.
        mnemonic: &'static str,
        /// Why.
        what: &'static str,
    },
    /// A multi-instruction helper needs the scratch register (x16) but it is an operand.
    ScratchConflict {
        /// The helper.
        helper: &'static str,
    },
    /// An instruction was emitted at an offset that is not a multiple of 4 (after raw
    /// data); call `align(4)` first.
    MisalignedCode,
    /// The label was created by another assembler.
    ForeignLabel(Label),
    /// `bind` was called twice for the label.
    LabelBoundTwice(Label),
    /// The label is referenced but was never bound.
    UnboundLabel(Label),
    /// A label reference does not fit its displacement field.
    BranchOutOfRange {
        /// The referencing instruction.
        mnemonic: &'static str,
        /// The target label.
        label: Label,
        /// The byte distance that was needed.
        distance: i64,
        /// Reach of the field in bytes (the distance must be in `-reach..reach`).
        reach: i64,
    },
    /// A branch or literal load refers to a label that is not 4-byte aligned.
    MisalignedTarget {
        /// The referencing instruction.
        mnemonic: &'static str,
        /// The target label.
        label: Label,
    },
    /// `align` needs a power of two between 4 and 4096.
    BadAlignment(usize),
    /// The code grew beyond 128 MiB, the reach of `b`/`bl`.
    CodeTooLarge,
}

/// An assembler error with the code offset of the instruction that caused it.
#[derive(Clone, Debug, PartialEq)]
pub struct AsmError {
    /// Offset in the code where the failing instruction would have started.
    pub offset: usize,
    /// What went wrong.
    pub kind: AsmErrorKind,
}

/// `1 MiB` style text for a byte reach.
fn reach_text(bytes: i64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at code offset {:#x}: ", self.offset)?;
        match &self.kind {
            AsmErrorKind::BadRegister {
                mnemonic,
                operand,
                reg,
                expected,
            } => write!(
                f,
                "{mnemonic}: {reg} cannot be the {operand} operand (expected {expected})"
            ),
            AsmErrorKind::ImmOutOfRange {
                mnemonic,
                imm,
                accepted,
            } => write!(
                f,
                "{mnemonic}: immediate {imm} ({imm:#x}) is out of range (accepted: {accepted})"
            ),
            AsmErrorKind::NotBitmaskImm {
                mnemonic,
                imm,
                width,
            } => write!(
                f,
                "{mnemonic}: {imm:#x} is not a {width} logical immediate (a replicated, rotated \
                 run of ones); use `logic_const` to go through the scratch register"
            ),
            AsmErrorKind::NotFpImm { bits } => write!(
                f,
                "fmov: {} is not an 8-bit floating-point immediate (+-n/16 * 2^e, n in 16..=31, \
                 e in -3..=4); use `fmov_const`",
                f64::from_bits(*bits)
            ),
            AsmErrorKind::OffsetOutOfRange {
                mnemonic,
                offset,
                accepted,
            } => write!(
                f,
                "{mnemonic}: offset {offset} is out of range (accepted: {accepted}); the `*_far` \
                 helpers take any offset"
            ),
            AsmErrorKind::Unsupported { mnemonic, what } => {
                write!(f, "{mnemonic}: {what} is not supported")
            }
            AsmErrorKind::Unpredictable { mnemonic, what } => {
                write!(f, "{mnemonic}: {what} (architecturally unpredictable)")
            }
            AsmErrorKind::ScratchConflict { helper } => write!(
                f,
                "{helper}: needs the scratch register x16 (IP0), which is one of its operands"
            ),
            AsmErrorKind::MisalignedCode => f.write_str(
                "instruction at an offset that is not a multiple of 4 (raw data before it); \
                 call align(4) first",
            ),
            AsmErrorKind::ForeignLabel(l) => {
                write!(f, "label {l} belongs to a different assembler")
            }
            AsmErrorKind::LabelBoundTwice(l) => write!(f, "label {l} is bound twice"),
            AsmErrorKind::UnboundLabel(l) => write!(f, "label {l} is used but never bound"),
            AsmErrorKind::BranchOutOfRange {
                mnemonic,
                label,
                distance,
                reach,
            } => {
                write!(
                    f,
                    "{mnemonic} to label {label} needs displacement {distance}, beyond its \
                     reach of +-{}",
                    reach_text(*reach)
                )?;
                if mnemonic.starts_with("b.")
                    || mnemonic.starts_with("cb")
                    || mnemonic.starts_with("tb")
                {
                    f.write_str(" (use the `_far` form, which inverts the condition around a `b`)")
                } else if mnemonic.starts_with("ldr") || *mnemonic == "adr" {
                    f.write_str(" (place the data closer to its use)")
                } else {
                    Ok(())
                }
            }
            AsmErrorKind::MisalignedTarget { mnemonic, label } => write!(
                f,
                "{mnemonic}: label {label} is not 4-byte aligned (bound after raw data?)"
            ),
            AsmErrorKind::BadAlignment(a) => {
                write!(f, "alignment {a} is not a power of two between 4 and 4096")
            }
            AsmErrorKind::CodeTooLarge => f.write_str("code size exceeds 128 MiB"),
        }
    }
}

impl std::error::Error for AsmError {}
