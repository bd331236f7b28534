//! Data native modules: `_struct`, `array`, `_random`, `binascii`, the hash modules under
//! `hashlib`, `cmath`, `_contextvars`.
//!
//! Each module registers its initialiser in [`MODULES`], which
//! [`super::register_native_modules`] adds to the import system's registry.

use super::NativeInit;

/// The native modules of this family: import name -> initialiser.
pub const MODULES: &[(&str, NativeInit)] = &[];
