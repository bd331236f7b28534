//! Data native modules: `_struct`, `array`, `_random`, `binascii`, the hash modules under
//! `hashlib`, `cmath`, `_contextvars`.
//!
//! Each module registers its initialiser in [`MODULES`], which
//! [`super::register_native_modules`] adds to the import system's registry. Native types
//! of these modules are built with [`native`] (boxed Rust state, subclassable).

pub mod array;
pub mod array_codec;
pub mod array_methods;
pub mod binascii;
pub mod blake2;
pub mod buffer;
pub mod cmath;
pub mod compare_digest;
pub mod contextvars;
pub mod hashes;
pub mod native;
pub mod random;
pub mod struct_;
pub mod struct_layout;

use super::NativeInit;

/// The native modules of this family: import name -> initialiser.
pub const MODULES: &[(&str, NativeInit)] = &[
    ("_random", random::init_random),
    ("_struct", struct_::init_struct),
    ("array", array::init_array),
    ("binascii", binascii::init_binascii),
    ("_contextvars", contextvars::init_contextvars),
    ("cmath", cmath::init_cmath),
    ("_md5", hashes::init_md5),
    ("_sha1", hashes::init_sha1),
    ("_sha256", hashes::init_sha256),
    ("_sha512", hashes::init_sha512),
    ("_sha3", hashes::init_sha3),
    ("_blake2", hashes::init_blake2),
];
