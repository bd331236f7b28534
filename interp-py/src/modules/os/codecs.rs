//! The `_codecs` module under CPython's `codecs.py` and the `encodings` package: the codec
//! and error-handler registries, the standard error handlers, and the per-codec functions
//! (`utf_8_decode`, `charmap_encode`, `unicode_escape_decode`, ...) returning CPython's
//! `(output, length consumed)` tuples, with incremental (`final=False`) decoding.
//!
//! The registry and the codec functions are Python (`py/codecs.py`, run in this module's
//! namespace at import) over two native primitives, `_native_encode(str, encoding, errors)`
//! and `_native_decode(bytes, encoding, errors)`: tern's built-in converters
//! (`objects::codecs`, UTF-8 / ASCII / Latin-1 / UTF-16 / UTF-32) which also serve
//! `str.encode` and `bytes.decode` directly. Those fall back to this module's registry for
//! every other encoding, so `"x".encode("cp1252")` works through `encodings.cp1252`.

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

const CODECS_SOURCE: &str = include_str!("py/codecs.py");

fn text_arg(vm: &mut Vm, args: Args, i: usize, what: &str) -> PyResult<String> {
    let v = args.get(vm, i);
    match vm.as_str_obj(v) {
        Some(s) => Ok(vm.str_string(s)),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(vm, TypeError, "{what} must be str, not {tn}"))
        }
    }
}

/// `_native_encode(str, encoding, errors)`.
fn native_encode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_native_encode", 3, 3)?;
    let s = args.get(vm, 0);
    if vm.as_str_obj(s).is_none() {
        let tn = vm.type_name(s);
        return Err(crate::raise!(vm, TypeError, "expected str, not {tn}"));
    }
    let enc = text_arg(vm, args, 1, "encoding")?;
    let errors = text_arg(vm, args, 2, "errors")?;
    let s = vm.as_str_obj(args.get(vm, 0)).expect("checked");
    crate::objects::codecs::encode_str_builtin(vm, s, &enc, &errors)
}

/// `_native_decode(bytes, encoding, errors)`.
fn native_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_native_decode", 3, 3)?;
    let v = args.get(vm, 0);
    let Some(data) = vm.bytes_like(v) else {
        let tn = vm.type_name(v);
        return Err(crate::raise!(
            vm,
            TypeError,
            "a bytes-like object is required, not '{tn}'"
        ));
    };
    let enc = text_arg(vm, args, 1, "encoding")?;
    let errors = text_arg(vm, args, 2, "errors")?;
    crate::objects::codecs::decode_bytes_builtin(vm, &data, &enc, &errors)
}

static FUNCTIONS: &[MethodDef] = &[
    func("_native_encode", native_encode),
    func("_native_decode", native_decode),
];

/// Builds the `_codecs` module.
pub fn init_codecs(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module("_codecs", "", FUNCTIONS)?;
    let mr = vm.push_root(m)?;
    let code = vm.compile_str(
        CODECS_SOURCE.to_string(),
        "<_codecs>",
        crate::compile::Mode::Exec,
        0,
    )?;
    let d = vm.module_dict(vm.get(mr));
    vm.exec_source_in(&code, d)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}
