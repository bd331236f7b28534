//! Text native modules: `_sre` (the regular-expression engine that executes the opcode
//! programs CPython's `re._compiler` emits), `_string`, `_json`.
//!
//! Each module registers its initialiser in [`MODULES`], which
//! [`super::register_native_modules`] adds to the import system's registry.

use super::NativeInit;

/// The native modules of this family: import name -> initialiser.
pub const MODULES: &[(&str, NativeInit)] = &[];
