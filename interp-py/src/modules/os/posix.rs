//! The `posix` module under CPython's `os.py` and `posixpath.py`: argument conversion
//! (paths as str / bytes / `os.PathLike` / file descriptors), `OSError` construction from
//! `errno`, and the module's assembly (function tables from `posix_fs` and `posix_proc`,
//! constants, the struct-sequence result types and the Python-level part `py/posix.py`).
//!
//! Invariants: every system call goes through `libc` with its result checked; a failure
//! raises the `OSError` subclass chosen from `errno` with CPython's message layout
//! (`[Errno 2] No such file or directory: 'x'`, with the caller's original filename
//! objects). Paths are passed to the OS as bytes: str paths are UTF-8 with surrogateescape
//! (the file-system encoding and error handler CPython reports); names coming back from
//! the OS are decoded the same way, or returned as bytes when the caller passed bytes.

use crate::objects::builtin_func::MethodDef;
use crate::runtime::builtin_types::T;
use crate::runtime::errors::{PyErr, PyResult};
use crate::runtime::names::n;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::posix_consts::{INT_CONSTANTS, have_functions};

/// The calling thread's `errno` after a failed call.
pub fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// `strerror(code)` as text.
pub fn strerror_text(code: i32) -> String {
    // SAFETY: `strerror` returns a NUL-terminated string valid until the next call; it is
    // copied at once.
    let p = unsafe { libc::strerror(code) };
    if p.is_null() {
        return format!("Unknown error {code}");
    }
    // SAFETY: non-NULL result of `strerror` (see above).
    unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned()
}

/// An `OSError` (the subclass picked from `code`) with optional filename objects.
pub fn os_error_values(
    vm: &mut Vm,
    code: i32,
    filename: Option<Value>,
    filename2: Option<Value>,
) -> PyErr {
    let t = crate::objects::exceptions::errno_exception_type(code as i64);
    let mark = vm.sp();
    let r = (|| -> PyResult<Value> {
        let f1 = vm.push_opt(filename)?;
        let f2 = vm.push_opt(filename2)?;
        let base = vm.sp();
        vm.push_root(Value::small(code as i64))?;
        let s = vm.new_str(&strerror_text(code))?;
        vm.push_root(s)?;
        if vm.get_opt(f1).is_some() || vm.get_opt(f2).is_some() {
            let a = vm.get_opt(f1).unwrap_or_else(|| vm.none());
            vm.push_root(a)?;
            if let Some(b) = vm.get_opt(f2) {
                vm.push_root(vm.none())?;
                vm.push_root(b)?;
            }
        }
        let args = vm.tuple_from_slots(base, vm.sp() - base)?;
        let ar = vm.push_root(args)?;
        let tr = vm.push_root(vm.ty(t))?;
        let e = vm.new_exception_args(tr, vm.get(ar))?;
        let er = vm.push_root(e)?;
        vm.exc_init_fields(vm.get(er), vm.get(ar))?;
        Ok(vm.get(er))
    })();
    vm.truncate(mark);
    match r {
        Ok(e) => vm.raise(e),
        Err(e) => e,
    }
}

/// `OSError` from the current `errno`, naming the path in root `r` (if any).
pub fn errno_err(vm: &mut Vm, path: Option<Root>) -> PyErr {
    let code = last_errno();
    let f = path.map(|r| vm.get(r));
    os_error_values(vm, code, f, None)
}

/// A converted path argument.
pub struct PathArg {
    /// The path as the OS sees it (no NUL), empty for a descriptor.
    pub bytes: Vec<u8>,
    /// The caller passed bytes (results are then bytes too).
    pub is_bytes: bool,
    /// A file descriptor was passed instead of a path.
    pub fd: Option<i32>,
    /// No path was given (`None` where allowed).
    pub none: bool,
}

impl PathArg {
    /// The NUL-terminated path.
    pub fn cstr(&self) -> std::ffi::CString {
        std::ffi::CString::new(self.bytes.clone()).unwrap_or_default()
    }
}

/// How a path parameter may be given.
#[derive(Clone, Copy)]
pub struct PathSpec {
    /// Function name used in messages.
    pub func: &'static str,
    /// Parameter name used in messages.
    pub arg: &'static str,
    /// An integer file descriptor is accepted.
    pub allow_fd: bool,
    /// `None` is accepted (meaning the current directory).
    pub allow_none: bool,
}

/// Text (with surrogateescape) or bytes -> OS bytes.
pub fn str_to_os_bytes(vm: &mut Vm, s: Value) -> PyResult<Vec<u8>> {
    if !vm.str_has_surrogates(s) {
        return Ok(vm.str_bytes(s).to_vec());
    }
    let b = crate::objects::codecs::encode_str(vm, s, "utf-8", "surrogateescape")?;
    Ok(vm.bytes_data(b).to_vec())
}

/// OS bytes -> str (UTF-8 with surrogateescape).
pub fn os_bytes_to_str(vm: &mut Vm, b: &[u8]) -> PyResult<Value> {
    match std::str::from_utf8(b) {
        Ok(s) => vm.new_str(s),
        Err(_) => crate::objects::codecs::decode_bytes(vm, b, "utf-8", "surrogateescape"),
    }
}

/// OS bytes -> str or bytes, matching the caller's path type.
pub fn os_name_value(vm: &mut Vm, b: &[u8], as_bytes: bool) -> PyResult<Value> {
    if as_bytes {
        vm.new_bytes(b)
    } else {
        os_bytes_to_str(vm, b)
    }
}

/// `os.fspath(v)`: str and bytes as they are, else `type(v).__fspath__(v)` checked.
/// `Ok(None)` when `v` is not path-like at all.
pub fn fspath_opt(vm: &mut Vm, v: Value) -> PyResult<Option<Value>> {
    if vm.is_str(v) || vm.is_bytes(v) {
        return Ok(Some(v));
    }
    let Some(m) = vm.special_of(v, n::FSPATH) else {
        return Ok(None);
    };
    if vm.is_none(m) {
        return Ok(None);
    }
    let mark = vm.sp();
    let vr = vm.push_root(v)?;
    let r = vm.call_special_found(m, vm.get(vr), &[])?;
    if vm.is_str(r) || vm.is_bytes(r) {
        vm.truncate(mark);
        return Ok(Some(r));
    }
    let tn = vm.type_name(vm.get(vr));
    let rn = vm.type_name(r);
    vm.truncate(mark);
    Err(crate::raise!(
        vm,
        TypeError,
        "expected {tn}.__fspath__() to return str or bytes, not {rn}"
    ))
}

/// Converts a path argument (`v` rooted by the caller).
pub fn path_arg(vm: &mut Vm, v: Value, spec: PathSpec) -> PyResult<PathArg> {
    if spec.allow_none && vm.is_none(v) {
        return Ok(PathArg {
            bytes: b".".to_vec(),
            is_bytes: false,
            fd: None,
            none: true,
        });
    }
    if spec.allow_fd && vm.is_int(v) && !vm.is_bool(v) {
        let fd = vm.index_i64(v)?;
        let fd = i32::try_from(fd).map_err(|_| {
            vm.new_error(
                T::OverflowError,
                "fd is greater than maximum / less than minimum",
            )
        })?;
        return Ok(PathArg {
            bytes: Vec::new(),
            is_bytes: false,
            fd: Some(fd),
            none: false,
        });
    }
    let p = match fspath_opt(vm, v)? {
        Some(p) => p,
        None => {
            let tn = vm.type_name(v);
            let kinds = match (spec.allow_fd, spec.allow_none) {
                (true, true) => "string, bytes, os.PathLike, integer or None",
                (true, false) => "string, bytes, os.PathLike or integer",
                (false, true) => "string, bytes, os.PathLike or None",
                (false, false) => "string, bytes or os.PathLike",
            };
            return Err(crate::raise!(
                vm,
                TypeError,
                "{}: {} should be {kinds}, not {tn}",
                spec.func,
                spec.arg
            ));
        }
    };
    let (bytes, is_bytes) = if vm.is_str(p) {
        (str_to_os_bytes(vm, p)?, false)
    } else {
        (vm.bytes_data(p).to_vec(), true)
    };
    if bytes.contains(&0) {
        return Err(vm.value_error("embedded null byte"));
    }
    Ok(PathArg {
        bytes,
        is_bytes,
        fd: None,
        none: false,
    })
}

/// A `dir_fd` keyword value (`None` -> `AT_FDCWD`).
pub fn dir_fd_arg(vm: &mut Vm, r: Option<Root>) -> PyResult<i32> {
    match r.map(|r| vm.get(r)) {
        None => Ok(libc::AT_FDCWD),
        Some(v) if vm.is_none(v) => Ok(libc::AT_FDCWD),
        Some(v) => fd_value(vm, v),
    }
}

/// An integer file descriptor argument.
pub fn fd_value(vm: &mut Vm, v: Value) -> PyResult<i32> {
    if vm.is_float(v) {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    let i = vm.index_i64(v)?;
    i32::try_from(i).map_err(|_| {
        vm.new_error(
            T::OverflowError,
            "fd is greater than maximum / less than minimum",
        )
    })
}

/// A boolean keyword value (default `dflt`).
pub fn bool_arg(vm: &mut Vm, r: Option<Root>, dflt: bool) -> PyResult<bool> {
    match r.map(|r| vm.get(r)) {
        None => Ok(dflt),
        Some(v) => vm.truthy(v),
    }
}

/// An integer argument (`dflt` if missing).
pub fn int_arg(vm: &mut Vm, r: Option<Root>, dflt: i64) -> PyResult<i64> {
    match r.map(|r| vm.get(r)) {
        None => Ok(dflt),
        Some(v) => {
            if vm.is_float(v) {
                return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
            }
            vm.index_i64(v)
        }
    }
}

/// Python-level part of the module (DirEntry, scandir's iterator).
const POSIX_SOURCE: &str = include_str!("py/posix.py");

/// Builds the `posix` module.
pub fn init_posix(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    static EMPTY: &[MethodDef] = &[];
    let m = vm.new_native_module(
        "posix",
        "This module provides access to operating system functionality that is\n\
         standardized by the C Standard and the POSIX standard (a thinly\n\
         disguised Unix interface).  Refer to the library manual and\n\
         corresponding Unix manual entries for more information on calls.",
        EMPTY,
    )?;
    let mr = vm.push_root(m)?;
    for table in [
        super::posix_fs::FS_FUNCTIONS,
        super::posix_fs::FILE_FUNCTIONS,
        super::posix_proc::PROC_FUNCTIONS,
    ] {
        for def in table {
            let f = vm.new_module_function(def, Some(vm.get(mr)))?;
            vm.module_set(vm.get(mr), def.name, f)?;
        }
    }
    for &(name, value) in INT_CONSTANTS {
        let v = vm.new_int(value)?;
        vm.module_set(vm.get(mr), name, v)?;
    }
    let eo = vm.ty(T::OSError);
    vm.module_set(vm.get(mr), "error", eo)?;
    // Result types.
    let st = vm.make_structseq_type(
        "os",
        "stat_result",
        &[
            "st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime",
            "st_mtime", "st_ctime",
        ],
        10,
    )?;
    let str_ = vm.push_root(st)?;
    let nf = vm.intern("n_fields")?;
    vm.type_setattr(vm.get(str_), nf, Some(Value::small(19)))?;
    vm.set_named_global("os.stat_result", vm.get(str_));
    vm.module_set(vm.get(mr), "stat_result", vm.get(str_))?;
    for (name, fields) in [
        ("terminal_size", &["columns", "lines"][..]),
        (
            "times_result",
            &[
                "user",
                "system",
                "children_user",
                "children_system",
                "elapsed",
            ][..],
        ),
        (
            "uname_result",
            &["sysname", "nodename", "release", "version", "machine"][..],
        ),
    ] {
        let t = vm.make_structseq_type("os", name, fields, fields.len())?;
        let key: &'static str = match name {
            "terminal_size" => "os.terminal_size",
            "times_result" => "os.times_result",
            _ => "os.uname_result",
        };
        vm.set_named_global(key, t);
        vm.module_set(vm.get(mr), name, t)?;
    }
    // environ: bytes -> bytes, like CPython's posix.environ.
    let env = vm.new_dict()?;
    let er = vm.push_root(env)?;
    {
        use std::os::unix::ffi::OsStrExt;
        for (k, v) in std::env::vars_os() {
            let kb = vm.new_bytes(k.as_bytes())?;
            let kr = vm.push_root(kb)?;
            let vb = vm.new_bytes(v.as_bytes())?;
            vm.dict_set_item(vm.get(er), vm.get(kr), vb)?;
        }
    }
    vm.module_set(vm.get(mr), "environ", vm.get(er))?;
    // _have_functions.
    let hm = vm.sp();
    for name in have_functions() {
        let s = vm.new_str(name)?;
        vm.push_root(s)?;
    }
    let hl = vm.pack_list(hm)?;
    vm.module_set(vm.get(mr), "_have_functions", hl)?;
    let code = vm.compile_str(
        POSIX_SOURCE.to_string(),
        "<posix>",
        crate::compile::Mode::Exec,
        0,
    )?;
    let d = vm.module_dict(vm.get(mr));
    vm.exec_source_in(&code, d)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

/// Runs pending signal handlers (called when a system call returns EINTR: PEP 475, the
/// call is retried unless a handler raised).
pub fn check_interrupt(vm: &mut Vm) -> PyResult<()> {
    use std::sync::atomic::Ordering;
    if vm.interrupt.load(Ordering::Relaxed) {
        vm.run_pending_signals()?;
    }
    Ok(())
}
