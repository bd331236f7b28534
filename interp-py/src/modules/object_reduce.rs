//! `object.__reduce_ex__`, `object.__reduce__` and `object.__getstate__` (what `copy` and
//! `pickle` call on ordinary instances). The protocol logic is CPython 3.11's
//! `reduce_newobj`/`object_getstate`, written in Python (`py/object_reduce.py`) because it
//! only calls Python-level functions of `copyreg`; it runs as the hidden module
//! `_tern_object_reduce`, imported on first use.

use crate::objects::builtin_func::MethodDef;
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

const SOURCE: &str = include_str!("py/object_reduce.py");

/// Builds `_tern_object_reduce`.
pub fn init_object_reduce(vm: &mut Vm) -> PyResult<Value> {
    static NONE: &[MethodDef] = &[];
    let mark = vm.sp();
    let m = vm.new_native_module("_tern_object_reduce", "object.__reduce_ex__ support", NONE)?;
    let mr = vm.push_root(m)?;
    let code = vm.compile_str(
        SOURCE.to_string(),
        "<_tern_object_reduce>",
        crate::compile::Mode::Exec,
        0,
    )?;
    let d = vm.module_dict(vm.get(mr));
    vm.exec_source_in(&code, d)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

/// Calls `_tern_object_reduce.<name>(args...)`.
fn call_helper(vm: &mut Vm, name: &str, args: &[Value]) -> PyResult<Value> {
    let mark = vm.sp();
    for &a in args {
        vm.push_root(a)?;
    }
    let m = vm.import_module("_tern_object_reduce")?;
    let n = vm.intern(name)?;
    let f = vm.getattr(m, n)?;
    let fr = vm.push_root(f)?;
    let vals: Vec<Value> = (0..args.len())
        .map(|i| Value::from_raw_nonnull(vm.slot(mark + i)))
        .collect();
    let r = vm.call(vm.get(fr), &vals);
    vm.truncate(mark);
    r
}

/// `object.__reduce_ex__(protocol)`: a class's own `__reduce__` wins, else the copyreg
/// protocol.
pub fn object_reduce_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__reduce_ex__", 2, 2)?;
    let obj = args.get(vm, 0);
    let ty = vm.type_of(obj);
    let name = vm.intern("__reduce__")?;
    let own = vm.type_lookup_str(ty, vm.name_str(name));
    let base = vm.type_lookup_str(
        vm.ty(crate::runtime::builtin_types::T::Object),
        vm.name_str(name),
    );
    if own.is_some() && own != base {
        let obj = args.get(vm, 0);
        return vm.call_method(obj, name, &[]);
    }
    let proto = vm.index_value(args.get(vm, 1))?;
    let obj = args.get(vm, 0);
    call_helper(vm, "reduce_ex", &[obj, proto])
}

/// `object.__reduce__()`: protocol 0 (`copyreg._reduce_ex`).
pub fn object_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__reduce__", 1, 1)?;
    let obj = args.get(vm, 0);
    call_helper(vm, "reduce_ex", &[obj, Value::small(0)])
}

/// `object.__getstate__()`.
pub fn object_getstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__getstate__", 1, 1)?;
    let obj = args.get(vm, 0);
    call_helper(vm, "getstate", &[obj])
}
