//! The `atexit` module: `register`, `unregister`, `_run_exitfuncs`, `_clear`,
//! `_ncallbacks`. Callbacks run last-registered first when the program ends (normally, by
//! `SystemExit` or after an uncaught exception's traceback), before the standard streams'
//! final flush; an exception in a callback is reported as CPython's "Exception ignored in
//! atexit callback" and the remaining callbacks still run.
//!
//! The registry is Python (`py/atexit.py`); [`run_exitfuncs`] is the CLI's hook.

use crate::objects::builtin_func::MethodDef;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

const ATEXIT_SOURCE: &str = include_str!("py/atexit.py");

/// Builds the `atexit` module.
pub fn init_atexit(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    static EMPTY: &[MethodDef] = &[];
    let m = vm.new_native_module(
        "atexit",
        "allow programmer to define multiple exit functions to be executed\n\
         upon normal program termination.\n\n\
         Two public functions, register and unregister, are defined.\n",
        EMPTY,
    )?;
    let mr = vm.push_root(m)?;
    let code = vm.compile_str(
        ATEXIT_SOURCE.to_string(),
        "<atexit>",
        crate::compile::Mode::Exec,
        0,
    )?;
    let d = vm.module_dict(vm.get(mr));
    vm.exec_source_in(&code, d)?;
    let d = vm.module_dict(vm.get(mr));
    let k = vm.intern("_run_exitfuncs")?;
    let run = vm.dict_get_name(d, k).expect("defined by atexit.py");
    vm.set_named_global("atexit.run", run);
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

/// Runs the registered exit functions, if the module was imported (the CLI calls this once
/// when the program ends). Errors were already reported by the callbacks' runner.
pub fn run_exitfuncs(vm: &mut Vm) {
    if let Some(run) = vm.named_global("atexit.run")
        && !vm.is_none(run)
    {
        let none = vm.none();
        vm.set_named_global("atexit.run", none);
        let _ = vm.call(run, &[]);
    }
}
