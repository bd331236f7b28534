//! The `_ast` module: CPython 3.11's AST node classes (`AST`, `mod`, `stmt`, `expr`, ...,
//! `Module`, `FunctionDef`, `BinOp`, ...) with their `_fields`, `_attributes`,
//! `__match_args__` and `None` defaults, plus the `PyCF_*` compile flags, built at import
//! from one declarative table (`py/ast_nodes.py`).
//!
//! This is what `ast`, `inspect`, `dataclasses`, `pprint` and `unittest` need to import.
//! Turning source into these objects (`compile(..., PyCF_ONLY_AST)`, `ast.parse`) is not
//! implemented: `compile` raises `NotImplementedError` for that flag.

use crate::objects::builtin_func::MethodDef;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

const AST_SOURCE: &str = include_str!("py/ast_nodes.py");

/// Builds the `_ast` module.
pub fn init_ast(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    static EMPTY: &[MethodDef] = &[];
    let m = vm.new_native_module("_ast", "", EMPTY)?;
    let mr = vm.push_root(m)?;
    let code = vm.compile_str(
        AST_SOURCE.to_string(),
        "<_ast>",
        crate::compile::Mode::Exec,
        0,
    )?;
    let d = vm.module_dict(vm.get(mr));
    vm.exec_source_in(&code, d)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}
