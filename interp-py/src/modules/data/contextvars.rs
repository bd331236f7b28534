//! `_contextvars` (what `contextvars` re-exports and `decimal` uses for its current
//! context): `ContextVar`, `Token`, `Context`, `copy_context`.
//!
//! Written in Python (`py/_contextvars.py`, compiled at first import) because a context is
//! only a mapping between Python objects; see that file's header for the representation
//! (copy-on-write dicts give `Context.copy()` in O(1), like CPython's HAMT).

use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

const SOURCE: &str = include_str!("py/_contextvars.py");

/// Builds `_contextvars`.
pub fn init_contextvars(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module("_contextvars", "Context Variables", &[])?;
    let mr = vm.push_root(m)?;
    let code = vm.compile_str(
        SOURCE.to_string(),
        "<_contextvars>",
        crate::compile::Mode::Exec,
        0,
    )?;
    let d = vm.module_dict(vm.get(mr));
    vm.exec_source_in(&code, d)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}
