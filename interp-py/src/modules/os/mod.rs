//! Operating-system and I/O native modules: `posix` (under `os`/`os.path`), `_io` (under `io`
//! and `open()`), `errno`, `_stat`, `_signal`, `atexit`, `_locale`, `_codecs`.
//!
//! Each module registers its initialiser in [`MODULES`], which
//! [`super::register_native_modules`] adds to the import system's registry.

use super::NativeInit;

/// The native modules of this family: import name -> initialiser.
pub const MODULES: &[(&str, NativeInit)] = &[];
