//! Text native modules: `_sre` (the regular-expression engine that executes the opcode
//! programs CPython's `re._compiler` emits), `_string`, `_json`.
//!
//! Each module registers its initialiser in [`MODULES`], which
//! [`super::register_native_modules`] adds to the import system's registry.
//!
//! Layout: `constants` (opcode numbers, character classes, case mappings), `engine` (the
//! VM-independent matcher), `subject` (code-point view of non-ASCII `str`), `scan` (the
//! match/search/scan drivers), `module` (the `_sre` module: VM glue plus the Python-level
//! types in `sre_types.py`).

pub mod constants;
pub mod engine;
pub mod module;
pub mod scan;
pub mod subject;
#[cfg(test)]
mod tests;

use super::NativeInit;

/// The native modules of this family: import name -> initialiser.
pub const MODULES: &[(&str, NativeInit)] = &[("_sre", module::init_sre)];
