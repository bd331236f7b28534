//! `_imp` (the builtin half of `importlib`), `_warnings` and `marshal`: what
//! `importlib/__init__.py` and `importlib/_bootstrap_external.py` need to import, so that
//! `importlib`, `inspect`, `dataclasses`, `pprint` and `unittest` load on top of tern's
//! native import system.
//!
//! `_imp` answers from tern's native-module registry (`is_builtin`, `create_builtin`); there
//! are no frozen modules and no extension modules. `_warnings` forwards to the Python
//! `warnings` module (which then keeps its pure-Python filters). `marshal` (`py/marshal.py`)
//! reads and writes CPython's format version 4 for the value types (not code objects).

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

const WARNINGS_SOURCE: &str = include_str!("py/warnings_c.py");
const MARSHAL_SOURCE: &str = include_str!("py/marshal.py");

fn name_arg(vm: &mut Vm, args: Args, fname: &str) -> PyResult<String> {
    vm.check_args(args, fname, 1, 1)?;
    let v = args.get(vm, 0);
    match vm.as_str_obj(v) {
        Some(s) => Ok(vm.str_string(s)),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "{fname}() argument must be str, not {tn}"
            ))
        }
    }
}

/// Built in: a native module, or one of `interp-py/lib/`'s stand-ins for CPython's C modules.
fn is_builtin_name(vm: &Vm, name: &str) -> bool {
    vm.native_modules.contains_key(name) || crate::modules::LIB_STAND_INS.contains(&name)
}

fn imp_is_builtin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let name = name_arg(vm, args, "is_builtin")?;
    Ok(Value::small(is_builtin_name(vm, &name) as i64))
}

fn imp_create_builtin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "create_builtin", 1, 1)?;
    let k = vm.intern("name")?;
    let name = vm.getattr(args.get(vm, 0), k)?;
    let Some(s) = vm.as_str_obj(name) else {
        return Err(vm.type_error("spec.name must be a string"));
    };
    let name = vm.str_string(s);
    if !is_builtin_name(vm, &name) {
        return Err(crate::raise!(
            vm,
            ImportError,
            "no built-in module named {name}"
        ));
    }
    vm.import_module(&name)
}

fn imp_exec_builtin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "exec_builtin", 1, 1)?;
    Ok(Value::small(0))
}

fn imp_false(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "is_frozen", 1, 1)?;
    Ok(vm.bool_val(false))
}

fn imp_find_frozen(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.none())
}

fn imp_not_frozen(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let name = if args.is_empty() {
        String::new()
    } else {
        vm.str_string_of(args.get(vm, 0))?
    };
    Err(crate::raise!(
        vm,
        ImportError,
        "No such frozen object named '{name}'"
    ))
}

fn imp_extension_suffixes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "extension_suffixes", 0, 0)?;
    vm.new_list(0)
}

fn imp_none(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.none())
}

fn imp_lock_held(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "lock_held", 0, 0)?;
    Ok(vm.bool_val(false))
}

fn imp_frozen_names(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_frozen_module_names", 0, 0)?;
    let mark = vm.sp();
    vm.pack_tuple(mark)
}

static IMP_FUNCTIONS: &[MethodDef] = &[
    func("is_builtin", imp_is_builtin),
    func("create_builtin", imp_create_builtin),
    func("exec_builtin", imp_exec_builtin),
    func("is_frozen", imp_false),
    func("is_frozen_package", imp_false),
    func("find_frozen", imp_find_frozen),
    func("get_frozen_object", imp_not_frozen),
    func("init_frozen", imp_not_frozen),
    func("extension_suffixes", imp_extension_suffixes),
    func("acquire_lock", imp_none),
    func("release_lock", imp_none),
    func("lock_held", imp_lock_held),
    func("_fix_co_filename", imp_none),
    func("_frozen_module_names", imp_frozen_names),
];

/// Builds `_imp`. `importlib._bootstrap._setup` expects `_thread`, `_warnings` and
/// `_weakref` to be loaded already (they are C modules in CPython; `_thread` is a Python
/// override in tern), so they are imported here first.
pub fn init_imp(vm: &mut Vm) -> PyResult<Value> {
    for name in ["_thread", "_warnings", "_weakref"] {
        vm.import_module(name)?;
    }
    let mark = vm.sp();
    let m = vm.new_native_module(
        "_imp",
        "(Extremely) low-level import machinery bits as used by importlib.",
        IMP_FUNCTIONS,
    )?;
    let mr = vm.push_root(m)?;
    let s = vm.new_str("default")?;
    vm.module_set(vm.get(mr), "check_hash_based_pycs", s)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

fn python_module(vm: &mut Vm, name: &str, doc: &str, source: &str) -> PyResult<Value> {
    let mark = vm.sp();
    static EMPTY: &[MethodDef] = &[];
    let m = vm.new_native_module(name, doc, EMPTY)?;
    let mr = vm.push_root(m)?;
    let code = vm.compile_str(
        source.to_string(),
        &format!("<{name}>"),
        crate::compile::Mode::Exec,
        0,
    )?;
    let d = vm.module_dict(vm.get(mr));
    vm.exec_source_in(&code, d)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

/// Builds `_warnings`.
pub fn init_warnings(vm: &mut Vm) -> PyResult<Value> {
    python_module(
        vm,
        "_warnings",
        "_warnings provides basic warning filtering support.",
        WARNINGS_SOURCE,
    )
}

/// Builds `marshal`.
pub fn init_marshal(vm: &mut Vm) -> PyResult<Value> {
    python_module(
        vm,
        "marshal",
        "This module contains functions that can read and write Python values in\n\
         a binary format. The format is specific to Python, but independent of\n\
         machine architecture issues.",
        MARSHAL_SOURCE,
    )
}
