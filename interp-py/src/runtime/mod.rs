//! The object model and the machinery every other part of the VM builds on.
//!
//! * [`value`]: the tagged `Value` word (small ints inline, everything else a heap pointer);
//! * [`layout`]: heap layouts registered with tern-gc and their field offsets;
//! * [`roots`]: the rooting rules (read them before writing code that allocates) and the
//!   rooted VM state (value stack, frame records, builtin types, constants, caches);
//! * [`vm`]: the `Vm` struct and low-level object access;
//! * [`builtin_types`], [`names`]: the tables of builtin types and predefined names;
//! * [`typeobj`], [`maps`], [`attr`]: type objects, hidden classes, attribute access;
//! * [`call`]: the calling convention and argument binding;
//! * [`ops`], [`binops`]: the abstract object protocols (truth, hash, compare, repr, len,
//!   iteration, subscripting, arithmetic with CPython's dispatch rules);
//! * [`errors`]: `PyErr` and raising;
//! * [`bootstrap`]: creating the builtin types, constants and core modules.

pub mod attr;
pub mod binops;
pub mod bootstrap;
pub mod builtin_types;
pub mod call;
pub mod errors;
pub mod layout;
pub mod maps;
pub mod names;
pub mod ops;
pub mod roots;
pub mod typeobj;
pub mod value;
pub mod vm;

pub use errors::{PyErr, PyResult};
pub use value::Value;
pub use vm::{Vm, VmConfig};
