//! cffi-style C foreign function interface: cdef parser, layouts, dlopen, calls.
//!
//! `tern-ffi` lets a runtime call C libraries from declarations written in C, the way
//! Python's `cffi` does in ABI mode: declare with [`Ffi::cdef`], load with [`Ffi::dlopen`],
//! look up a [`Function`] once and call it with [`Value`]s; allocate and access C memory
//! through [`CData`]; let C call Rust through a [`Callback`].
//!
//! ```
//! use tern_ffi::{Ffi, Value};
//!
//! let ffi = Ffi::new();
//! ffi.cdef("size_t strlen(const char *s); struct point { int x, y; };").unwrap();
//! let libc = ffi.dlopen(None).unwrap();
//! let strlen = libc.function("strlen").unwrap();
//! assert_eq!(strlen.call(&[Value::from("hello")]).unwrap(), Value::Int(5));
//!
//! let p = ffi.new_cdata("struct point *", None).unwrap();
//! p.set_field("y", &Value::Int(7)).unwrap();
//! let y = ffi.ctype("struct point").unwrap().field("y").unwrap(); // precomputed
//! assert_eq!(y.get(&p).unwrap(), Value::Int(7));
//! ```
//!
//! Hot paths: a [`Function`] keeps its call plan (the cached-signature path, with `Value`s);
//! [`Function::typed`] binds it to a Rust signature once, after which calls are an
//! indirect call plus the errno save ([`TypedFunction`]). Likewise [`FieldAccessor::typed`]
//! gives a [`TypedField`], and [`TypedField::bind`] a [`BoundField`] whose accesses are a
//! load or store at a checked address.
//!
//! Module map: `lexer` and `parser` read declarations into the type model of `types`
//! (laid out by `layout` for a [`Target`]); `memory`, `convert`, `cdata`, `access` and
//! `typed_field` handle C memory and values; `library`, `call`, `stubs`, `typed`,
//! `ffi_types` and `errno` make calls; `callback` lets C call back; `ffi` is the front end;
//! `arena` stores the types; `ctype`, `value` and `error` are the public vocabulary.
//!
//! Safety boundary: the declarations given to `cdef` must match the library (no FFI can
//! check that), and memory that C hands out is trusted like in C. Everything else on the
//! safe API — argument counts and types, integer ranges, NULL where a value is required,
//! bounds of memory allocated here or lent by the caller, memory whose owner is gone —
//! is checked and reported as an [`Error`].

#![warn(missing_docs)]

mod access;
mod arena;
mod call;
mod callback;
mod cdata;
mod convert;
mod ctype;
mod errno;
mod error;
mod ffi;
mod ffi_types;
mod layout;
mod lexer;
mod library;
mod memory;
mod parser;
mod stubs;
mod typed;
mod typed_field;
mod types;
mod value;

pub use access::FieldAccessor;
pub use call::Function;
pub use callback::Callback;
pub use cdata::CData;
pub use ctype::{CType, CTypeKind, FieldInfo, Signature};
pub use errno::{errno, set_errno};
pub use error::{CdefError, Error, ErrorKind, Result};
pub use ffi::{Ffi, IntoCType};
pub use layout::Target;
pub use library::Library;
pub use typed::{CArgs, CResult, CScalar, TypedFunction};
pub use typed_field::{BoundField, TypedField};
pub use types::Prim;
pub use value::Value;

/// The README's example is compiled and run as a doctest so it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
