//! Operating-system and I/O native modules: `posix` (under `os`/`os.path`), `_io` (under `io`
//! and `open()`), `errno`, `_stat`, `_signal`, `atexit`, `_locale`, `_codecs`.
//!
//! Each module registers its initialiser in [`MODULES`], which
//! [`super::register_native_modules`] adds to the import system's registry.

use super::NativeInit;

pub mod atexit;
pub mod codecs;
pub mod errno;
pub mod gc;
pub mod imp;
pub mod io;
pub mod locale;
pub mod posix;
pub mod posix_consts;
pub mod posix_fd;
pub mod posix_fs;
pub mod posix_proc;
pub mod pwd_grp;
pub mod signal;

/// The native modules of this family: import name -> initialiser.
pub const MODULES: &[(&str, NativeInit)] = &[
    ("posix", posix::init_posix),
    ("_io", io::init_io),
    ("_codecs", codecs::init_codecs),
    ("errno", errno::init_errno),
    ("_signal", signal::init_signal),
    ("atexit", atexit::init_atexit),
    ("_locale", locale::init_locale),
    ("gc", gc::init_gc),
    ("_imp", imp::init_imp),
    ("_warnings", imp::init_warnings),
    ("marshal", imp::init_marshal),
    ("pwd", pwd_grp::init_pwd),
    ("grp", pwd_grp::init_grp),
];
