//! Shared encoding helpers: register-field validation (what register 31 means in each
//! operand position) and range checks, as pure functions returning the field value or the
//! error, and [`Assembler::put`], which emits a word or records the error.
//!
//! Design: every instruction encoder is a pure function `(...) -> Result<u32, AsmErrorKind>`
//! and the public method is `self.put(word_fn(...))`. Validation therefore happens before
//! anything is emitted, and an invalid instruction emits nothing.

use super::error::AsmErrorKind;
use super::reg::{Fpr, Gpr};
use super::{Assembler, Enc};

/// Register 31 means ZR in this position: `x0..x30` or `Zr`.
#[inline]
pub(crate) fn zr(mnemonic: &'static str, operand: &'static str, r: Gpr) -> Enc {
    if r == Gpr::Sp {
        Err(AsmErrorKind::BadRegister {
            mnemonic,
            operand,
            reg: r,
            expected: "x0..x30 or xzr (register 31 means xzr here)",
        })
    } else {
        Ok(r.num())
    }
}

/// Register 31 means SP in this position: `x0..x30` or `Sp`.
#[inline]
pub(crate) fn sp(mnemonic: &'static str, operand: &'static str, r: Gpr) -> Enc {
    if r == Gpr::Zr {
        Err(AsmErrorKind::BadRegister {
            mnemonic,
            operand,
            reg: r,
            expected: "x0..x30 or sp (register 31 means sp here)",
        })
    } else {
        Ok(r.num())
    }
}

/// The hardware number of a floating-point register (always valid).
#[inline]
pub(crate) fn fp(r: Fpr) -> u32 {
    r.num()
}

/// `Ok(v)` if `lo <= v <= hi`, else an immediate-range error.
#[inline]
pub(crate) fn imm_in(
    mnemonic: &'static str,
    v: i64,
    lo: i64,
    hi: i64,
    accepted: &'static str,
) -> Enc {
    if v < lo || v > hi {
        Err(AsmErrorKind::ImmOutOfRange {
            mnemonic,
            imm: v,
            accepted,
        })
    } else {
        Ok(v as u32)
    }
}

/// An unsupported-form error.
#[inline]
pub(crate) fn unsupported(mnemonic: &'static str, what: &'static str) -> AsmErrorKind {
    AsmErrorKind::Unsupported { mnemonic, what }
}

impl Assembler {
    /// Emits `word`, or records the error (emitting nothing).
    #[inline]
    pub(crate) fn put(&mut self, word: Enc) {
        match word {
            Ok(w) => self.emit32(w),
            Err(e) => self.fail(e),
        }
    }

    /// Appends one instruction word. Records an error instead if the code offset is not
    /// 4-byte aligned (raw data was emitted before).
    #[inline]
    pub(crate) fn emit32(&mut self, word: u32) {
        if self.buf.len() & 3 != 0 {
            self.fail(AsmErrorKind::MisalignedCode);
            return;
        }
        self.buf.extend_from_slice(&word.to_le_bytes());
    }

    /// Emits a raw instruction word, unchecked (for encodings this assembler has no method
    /// for; the printer cannot show it).
    pub fn raw_word(&mut self, word: u32) {
        self.emit32(word);
    }
}
