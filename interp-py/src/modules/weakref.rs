//! The `_weakref` module under CPython's `weakref.py` and `_weakrefset.py`.
//!
//! `ref`/`ReferenceType` is the native weak cell type (`objects::object`, a tern-gc weak
//! field cleared when the referent dies; subclassable, hashable by referent, compared by
//! referent while both are alive). The proxy types are written in Python
//! (`py/weakref_proxy.py`, run in this module's namespace at import): they only forward.
//!
//! Limits (tern-gc has no finalizers and keeps no per-object list of weak cells): callbacks
//! are stored (`__callback__`) but never called, and `getweakrefcount`/`getweakrefs` raise
//! `NotImplementedError` instead of returning a wrong count.

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::builtin_types::T;
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::weak_;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

static FUNCTIONS: &[MethodDef] = &[
    func("getweakrefcount", getweakrefcount),
    func("getweakrefs", getweakrefs),
    func("_remove_dead_weakref", remove_dead_weakref),
];

/// Python-level part of the module (the proxy types).
const PROXY_SOURCE: &str = include_str!("py/weakref_proxy.py");

/// Builds the `_weakref` module.
pub fn init_weakref(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module("_weakref", "Weak-reference support module.", FUNCTIONS)?;
    let mr = vm.push_root(m)?;
    for name in ["ref", "ReferenceType"] {
        vm.module_set(vm.get(mr), name, vm.ty(T::WeakRef))?;
    }
    let code = vm.compile_str(
        PROXY_SOURCE.to_string(),
        "<_weakref>",
        crate::compile::Mode::Exec,
        0,
    )?;
    let d = vm.module_dict(vm.get(mr));
    vm.exec_source_in(&code, d)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

fn getweakrefcount(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getweakrefcount", 1, 1)?;
    Err(vm.new_error(
        T::NotImplementedError,
        "tern does not keep track of the weak references to an object",
    ))
}

fn getweakrefs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getweakrefs", 1, 1)?;
    Err(vm.new_error(
        T::NotImplementedError,
        "tern does not keep track of the weak references to an object",
    ))
}

/// `_remove_dead_weakref(dict, key)`: deletes `dict[key]` if it is a dead weak reference.
fn remove_dead_weakref(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_remove_dead_weakref", 2, 2)?;
    let d = args.get(vm, 0);
    if !vm.is_dict(d) {
        let tn = vm.type_name(d);
        return Err(crate::raise!(
            vm,
            TypeError,
            "_remove_dead_weakref() argument 1 must be dict, not {tn}"
        ));
    }
    let k = args.get(vm, 1);
    if let Some(v) = vm.dict_get_item(d, k)? {
        let dead = match crate::objects::object::weak_cell(vm, v) {
            Some(c) => vm.ldv(c, weak_::TARGET).is_none(),
            None => return Err(vm.type_error("not a weakref")),
        };
        if dead {
            let (d, k) = (args.get(vm, 0), args.get(vm, 1));
            vm.dict_del_item(d, k)?;
        }
    }
    Ok(vm.none())
}
