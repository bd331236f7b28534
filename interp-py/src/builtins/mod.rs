//! The `builtins` module: builtin functions (one module per concern), the builtin types and
//! exception classes, and the constants.
//!
//! To add a builtin function, write it with the common builtin signature
//! (`fn(&mut Vm, Args) -> PyResult<Value>`) and add it to [`BUILTIN_FUNCTIONS`].

pub mod code;
pub mod core;
pub mod iterators;
pub mod numeric;
pub mod union;

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::builtin_types::T;
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::roots::{C, G};
use crate::runtime::vm::Vm;

/// The builtin functions.
pub static BUILTIN_FUNCTIONS: &[MethodDef] = &[
    func("__build_class__", code::builtin_build_class),
    func("__import__", crate::interp::import::builtin_import),
    func("abs", numeric::builtin_abs),
    func("aiter", iterators::builtin_aiter),
    func("all", numeric::builtin_all),
    func("anext", iterators::builtin_anext),
    func("any", numeric::builtin_any),
    func("ascii", core::builtin_ascii),
    func("bin", numeric::builtin_bin),
    func("breakpoint", core::builtin_breakpoint),
    func("callable", core::builtin_callable),
    func("chr", numeric::builtin_chr),
    func("compile", code::builtin_compile),
    func("delattr", core::builtin_delattr),
    func("dir", core::builtin_dir),
    func("divmod", numeric::builtin_divmod),
    func("eval", code::builtin_eval),
    func("exec", code::builtin_exec),
    func("format", core::builtin_format),
    func("getattr", core::builtin_getattr),
    func("globals", code::builtin_globals),
    func("hasattr", core::builtin_hasattr),
    func("hash", core::builtin_hash),
    func("help", core::builtin_help),
    func("hex", numeric::builtin_hex),
    func("id", core::builtin_id),
    func("input", core::builtin_input),
    func("exit", core::builtin_exit),
    func("quit", core::builtin_exit),
    func("isinstance", core::builtin_isinstance),
    func("issubclass", core::builtin_issubclass),
    func("iter", iterators::builtin_iter),
    func("len", core::builtin_len),
    func("locals", code::builtin_locals),
    func("max", numeric::builtin_max),
    func("min", numeric::builtin_min),
    func("next", iterators::builtin_next),
    func("oct", numeric::builtin_oct),
    func("open", core::builtin_open),
    func("ord", numeric::builtin_ord),
    func("pow", numeric::builtin_pow),
    func("print", core::builtin_print),
    func("repr", core::builtin_repr),
    func("round", numeric::builtin_round),
    func("setattr", core::builtin_setattr),
    func("sorted", numeric::builtin_sorted),
    func("sum", numeric::builtin_sum),
    func("vars", core::builtin_vars),
];

/// Builtin types exposed in `builtins` under their own names.
const EXPOSED_TYPES: &[T] = &[
    T::Object,
    T::Type,
    T::Int,
    T::Bool,
    T::Float,
    T::Complex,
    T::Str,
    T::Bytes,
    T::ByteArray,
    T::Tuple,
    T::List,
    T::Dict,
    T::Set,
    T::FrozenSet,
    T::Range,
    T::Slice,
    T::MemoryView,
    T::Property,
    T::StaticMethod,
    T::ClassMethod,
    T::Super,
    T::Enumerate,
    T::Zip,
    T::Map,
    T::Filter,
    T::Reversed,
];

/// Creates the `builtins` module and stores it (and its dict) in the global roots.
pub fn init_builtins_module(vm: &mut Vm) -> PyResult<()> {
    let m = vm.new_module("builtins")?;
    vm.set_g(G::BuiltinsModule, Some(m));
    let d = vm.module_dict(m);
    vm.set_g(G::BuiltinsDict, Some(d));
    let mark = vm.sp();
    let doc = vm.new_str(
        "Built-in functions, exceptions, and other objects.\n\nNoteworthy: None is the `nil' object; Ellipsis represents `...' in slices.",
    )?;
    vm.dict_set_name(vm.g(G::BuiltinsDict), n::DOC, doc)?;
    for def in BUILTIN_FUNCTIONS {
        let f = vm.new_module_function(def, Some(vm.g(G::BuiltinsModule)))?;
        vm.dict_set_text(vm.g(G::BuiltinsDict), def.name, f)?;
    }
    for &t in EXPOSED_TYPES
        .iter()
        .chain(T::ALL.iter().filter(|t| t.is_exception()))
    {
        vm.dict_set_text(vm.g(G::BuiltinsDict), t.name(), vm.ty(t))?;
    }
    // EnvironmentError and IOError are aliases of OSError.
    for alias in ["EnvironmentError", "IOError"] {
        vm.dict_set_text(vm.g(G::BuiltinsDict), alias, vm.ty(T::OSError))?;
    }
    let consts = [
        ("None", C::None),
        ("True", C::True),
        ("False", C::False),
        ("Ellipsis", C::Ellipsis),
        ("NotImplemented", C::NotImplemented),
    ];
    for (name, c) in consts {
        vm.dict_set_text(vm.g(G::BuiltinsDict), name, vm.c(c))?;
    }
    let debug = vm.bool_val(vm.config.optimize == 0);
    vm.dict_set_text(vm.g(G::BuiltinsDict), "__debug__", debug)?;
    vm.truncate(mark);
    Ok(())
}
