//! The `_io` module under CPython's `io.py`: the I/O class hierarchy (`_IOBase`,
//! `_RawIOBase`, `_BufferedIOBase`, `_TextIOBase`), `FileIO` over the native `posix`
//! descriptor calls, `BytesIO`, `StringIO`, the buffered classes, `TextIOWrapper`,
//! `IncrementalNewlineDecoder`, `open`, `open_code`, `text_encoding`, `DEFAULT_BUFFER_SIZE`
//! and `UnsupportedOperation`.
//!
//! The classes are written in Python (`py/io_base.py`, `py/io_text.py`, run in this
//! module's namespace at import) over native system calls, as PyPy writes them in RPython.
//! `builtins.open` keeps tern's native file objects (`objects::file`) for the common
//! path-and-mode case, which keeps `print` and simple file loops fast, and hands every other
//! form (file descriptors, `buffering=0`, `closefd`, `opener`, `errors`) to `_io.open`.
//! The native file types are presented to `io`'s ABCs as virtual subclasses of the
//! matching classes here (`_IOBase.__subclasshook__`), so `isinstance(open(p),
//! io.TextIOBase)` holds.

use crate::objects::builtin_func::MethodDef;
use crate::runtime::builtin_types::T;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// `io.DEFAULT_BUFFER_SIZE`.
pub const DEFAULT_BUFFER_SIZE: i64 = 8192;

const IO_BASE_SOURCE: &str = include_str!("py/io_base.py");
const IO_TEXT_SOURCE: &str = include_str!("py/io_text.py");

/// Builds the `_io` module.
pub fn init_io(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    static EMPTY: &[MethodDef] = &[];
    let m = vm.new_native_module(
        "_io",
        "The io module provides the Python interfaces to stream handling.",
        EMPTY,
    )?;
    let mr = vm.push_root(m)?;
    vm.module_set(
        vm.get(mr),
        "DEFAULT_BUFFER_SIZE",
        Value::small(DEFAULT_BUFFER_SIZE),
    )?;
    // The native file types, for the ABC hooks in io_base.py.
    let mk = vm.sp();
    for t in [T::TextIOWrapper, T::BufferedReader, T::BufferedWriter] {
        vm.push_root(vm.ty(t))?;
    }
    let nt = vm.pack_tuple(mk)?;
    vm.module_set(vm.get(mr), "_native_file_types", nt)?;
    for (src, name) in [
        (IO_BASE_SOURCE, "<_io base>"),
        (IO_TEXT_SOURCE, "<_io text>"),
    ] {
        let code = vm.compile_str(src.to_string(), name, crate::compile::Mode::Exec, 0)?;
        let d = vm.module_dict(vm.get(mr));
        vm.exec_source_in(&code, d)?;
    }
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}
