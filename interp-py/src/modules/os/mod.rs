//! Operating-system and I/O native modules: `posix` (under `os`/`os.path`), `_io` (under `io`
//! and `open()`), `errno`, `_stat`, `_signal`, `atexit`, `_locale`, `_codecs`.
//!
//! Each module registers its initialiser in [`MODULES`], which
//! [`super::register_native_modules`] adds to the import system's registry.

use super::NativeInit;

pub mod io;
pub mod posix;
pub mod posix_consts;
pub mod posix_fd;
pub mod posix_fs;
pub mod posix_proc;

/// The native modules of this family: import name -> initialiser.
pub const MODULES: &[(&str, NativeInit)] = &[("posix", posix::init_posix), ("_io", io::init_io)];
