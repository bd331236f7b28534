//! The native part of `_functools`: `reduce` (CPython's `functools.py` takes each of
//! `reduce`, `cmp_to_key`, `partial` and `_lru_cache_wrapper` from `_functools` when present
//! and otherwise keeps its pure-Python version; only `reduce` is native so far, so that it
//! runs without a Python frame: CPython's tracebacks and messages).

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::builtin_types::T;
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// `reduce(function, iterable[, initial])`.
fn reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "reduce", 2, 3)?;
    let it = match vm.get_iter(args.get(vm, 1)) {
        Ok(it) => it,
        Err(e) => {
            if vm.err_matches(&e, T::TypeError) {
                let _ = vm.take_exc(e);
                return Err(vm.type_error("reduce() arg 2 must support iteration"));
            }
            return Err(e);
        }
    };
    let mark = vm.sp();
    let ir = vm.push_root(it)?;
    let acc = vm.push_opt(args.opt(vm, 2))?;
    while let Some(item) = vm.iter_next(vm.get(ir))? {
        match vm.get_opt(acc) {
            None => vm.set(acc, item),
            Some(_) => {
                let ir2 = vm.push_root(item)?;
                let (f, a) = (args.get(vm, 0), vm.get(acc));
                let r = vm.call(f, &[a, vm.get(ir2)])?;
                vm.truncate(ir2.index());
                vm.set(acc, r);
            }
        }
    }
    let r = vm.get_opt(acc);
    vm.truncate(mark);
    match r {
        Some(v) => Ok(v),
        None => Err(vm.type_error("reduce() of empty iterable with no initial value")),
    }
}

static FUNCTIONS: &[MethodDef] = &[func("reduce", reduce)];

/// Builds `_functools`.
pub fn init_functools(vm: &mut Vm) -> PyResult<Value> {
    vm.new_native_module("_functools", "Tools that operate on functions.", FUNCTIONS)
}
