//! Text native modules: `_sre` (the regular-expression engine that executes the opcode
//! programs CPython's `re._compiler` emits), `_string`, `_json`.
//!
//! Each module registers its initialiser in [`MODULES`], which
//! [`super::register_native_modules`] adds to the import system's registry.
//!
//! Layout: `constants` (opcode numbers, character classes, case mappings), `engine` (the
//! VM-independent matcher), `subject` (code-point view of non-ASCII `str`), `scan` (the
//! match/search/scan drivers), `module` (the `_sre` module: VM glue plus the Python-level
//! types in `sre_types.py`).

pub mod constants;
pub mod engine;
pub mod json;
pub mod json_scan;
pub mod module;
pub mod scan;
pub mod subject;
#[cfg(test)]
mod tests;

use super::NativeInit;

/// The native modules of this family: import name -> initialiser.
pub const MODULES: &[(&str, NativeInit)] = &[
    ("_sre", module::init_sre),
    ("_string", init_string),
    ("_json", json::init_json),
];

/// A module named `name` whose contents are the Python `source` run in its namespace (for
/// the modules of this family written in Python; each source file says why).
fn python_module(
    vm: &mut crate::runtime::vm::Vm,
    name: &str,
    source: &str,
    file: &str,
) -> crate::runtime::errors::PyResult<crate::runtime::value::Value> {
    let mark = vm.sp();
    let m = vm.new_native_module(name, "", &[])?;
    let mr = vm.push_root(m)?;
    let code = vm.compile_str(source.to_string(), file, crate::compile::Mode::Exec, 0)?;
    let d = vm.module_dict(vm.get(mr));
    vm.exec_source_in(&code, d)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

/// Builds `_string` (`string_mod.py`).
fn init_string(
    vm: &mut crate::runtime::vm::Vm,
) -> crate::runtime::errors::PyResult<crate::runtime::value::Value> {
    python_module(vm, "_string", include_str!("string_mod.py"), "<_string>")
}
