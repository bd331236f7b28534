//! Native modules (`sys`, `math`, `time`, ...) and the registry the import system consults.
//!
//! **Extension point**: a native module is a `NativeInit` function that builds and returns
//! the module object; register it in [`register_native_modules`] under its import name.
//! Helpers: [`Vm::new_native_module`] (functions from a `MethodDef` table), [`structseq`]
//! (named-tuple-like result types such as `sys.version_info`, `time.struct_time`).

pub mod ast_export;
pub mod data;
pub mod functools;
pub mod heapq_bisect;
pub mod itertools;
pub mod itertools_comb;
pub mod math;
pub mod math_special;
pub mod object_reduce;
pub mod operator;
pub mod os;
pub mod sre;
pub mod structseq;
pub mod sys;
pub mod sys_info;
pub mod time;
pub mod weakref;

use crate::objects::builtin_func::MethodDef;
use crate::runtime::builtin_types::T;
use crate::runtime::errors::PyResult;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Builds a native module (called the first time it is imported).
pub type NativeInit = fn(&mut Vm) -> PyResult<Value>;

/// The core native modules: import name -> initialiser. Together with the family tables in
/// [`NATIVE_MODULE_TABLES`] this is the registry the import system consults before
/// `sys.path`.
pub const NATIVE_MODULES: &[(&str, NativeInit)] = &[
    ("math", math::init_math),
    ("time", time::init_time),
    ("itertools", itertools::init_itertools),
    ("_operator", operator::init_operator),
    ("_functools", functools::init_functools),
    ("_weakref", weakref::init_weakref),
    ("_heapq", heapq_bisect::init_heapq),
    ("_bisect", heapq_bisect::init_bisect),
    ("_tern_object_reduce", object_reduce::init_object_reduce),
];

/// Modules of `interp-py/lib/` that stand in for modules CPython builds into its executable
/// (each file says why it is Python): listed in `sys.builtin_module_names` like CPython's,
/// and built-in for `_imp`, because `importlib` insists that `_thread` is built in.
pub const LIB_STAND_INS: &[&str] = &["_ast", "_collections", "_thread"];

/// Every table of native modules: the core ones above and one per module family (each
/// family's directory owns its table, so families grow without touching this file).
pub const NATIVE_MODULE_TABLES: &[&[(&str, NativeInit)]] =
    &[NATIVE_MODULES, os::MODULES, sre::MODULES, data::MODULES];

/// Registers every native module with the import system.
pub fn register_native_modules(vm: &mut Vm) {
    for table in NATIVE_MODULE_TABLES {
        for &(name, init) in *table {
            vm.native_modules.insert(name, init);
        }
    }
}

impl Vm {
    /// A module named `name` whose functions are the entries of `defs`.
    pub fn new_native_module(
        &mut self,
        name: &str,
        doc: &str,
        defs: &'static [MethodDef],
    ) -> PyResult<Value> {
        let mark = self.sp();
        let m = self.new_module(name)?;
        let mr = self.push_root(m)?;
        let d = self.new_str(doc)?;
        let md = self.module_dict(self.get(mr));
        self.dict_set_name(md, crate::runtime::names::n::DOC, d)?;
        for def in defs {
            let f = self.new_module_function(def, Some(self.get(mr)))?;
            let md = self.module_dict(self.get(mr));
            self.dict_set_text(md, def.name, f)?;
        }
        let m = self.get(mr);
        self.truncate(mark);
        Ok(m)
    }

    /// Sets `module.name = v`.
    pub fn module_set(&mut self, m: Value, name: &str, v: Value) -> PyResult<()> {
        let md = self.module_dict(m);
        self.dict_set_text(md, name, v)
    }

    /// A `types.SimpleNamespace` with the (str key) items of the dict in root `dr`.
    pub fn new_namespace(&mut self, dr: Root) -> PyResult<Value> {
        let mark = self.sp();
        let tr = self.push_root(self.ty(T::SimpleNamespace))?;
        let ns = self.new_instance(tr)?;
        let nr = self.push_root(ns)?;
        let mut pos = 0;
        while let Some((next, k, v)) = self.dict_next(self.get(dr), pos) {
            pos = next;
            let name = self.attr_name_arg(k)?;
            self.inst_set(self.get(nr), name, v)?;
        }
        let ns = self.get(nr);
        self.truncate(mark);
        Ok(ns)
    }
}
