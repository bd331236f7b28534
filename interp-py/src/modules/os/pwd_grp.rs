//! The `pwd` and `grp` modules: the password and group databases through the C library's
//! reentrant lookups (`getpwnam_r`, `getpwuid_r`, `getgrnam_r`, `getgrgid_r`) and the
//! enumerations (`getpwent`/`getgrent`, which are not reentrant: the interpreter runs Python
//! code on one thread at a time). Results are the struct sequences `pwd.struct_passwd` and
//! `grp.struct_group`; misses raise `KeyError` with CPython's messages.

use std::ffi::{CStr, CString};

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::posix::os_bytes_to_str;

fn c_text(vm: &mut Vm, p: *const libc::c_char) -> PyResult<Value> {
    if p.is_null() {
        return vm.new_str("");
    }
    // SAFETY: the C library's database strings are NUL-terminated; copied at once.
    let b = unsafe { CStr::from_ptr(p) }.to_bytes().to_vec();
    os_bytes_to_str(vm, &b)
}

fn passwd_value(vm: &mut Vm, pw: &libc::passwd) -> PyResult<Value> {
    let mark = vm.sp();
    // Each value is rooted as soon as it exists (the next allocation may move it).
    let mut roots = Vec::new();
    for p in [pw.pw_name, pw.pw_passwd] {
        let v = c_text(vm, p)?;
        roots.push(vm.push_root(v)?);
    }
    for id in [pw.pw_uid as i64, pw.pw_gid as i64] {
        let v = vm.new_int(id)?;
        roots.push(vm.push_root(v)?);
    }
    for p in [pw.pw_gecos, pw.pw_dir, pw.pw_shell] {
        let v = c_text(vm, p)?;
        roots.push(vm.push_root(v)?);
    }
    let vals: Vec<Value> = roots.iter().map(|r| vm.get(*r)).collect();
    let ty = vm
        .named_global("pwd.struct_passwd")
        .expect("pwd initialised");
    let r = vm.new_structseq(ty, &vals);
    vm.truncate(mark);
    r
}

fn group_value(vm: &mut Vm, gr: &libc::group) -> PyResult<Value> {
    let mark = vm.sp();
    let name = c_text(vm, gr.gr_name)?;
    let nr = vm.push_root(name)?;
    let pw = c_text(vm, gr.gr_passwd)?;
    let pr = vm.push_root(pw)?;
    let gid = vm.new_int(gr.gr_gid as i64)?;
    let gr_ = vm.push_root(gid)?;
    let members = vm.new_list(0)?;
    let mr = vm.push_root(members)?;
    let mut p = gr.gr_mem;
    while !p.is_null() {
        // SAFETY: `gr_mem` is a NULL-terminated array of C strings.
        let item = unsafe { *p };
        if item.is_null() {
            break;
        }
        let s = c_text(vm, item)?;
        vm.list_append(vm.get(mr), s)?;
        // SAFETY: advancing within the NULL-terminated array checked above.
        p = unsafe { p.add(1) };
    }
    let vals = [vm.get(nr), vm.get(pr), vm.get(gr_), vm.get(mr)];
    let ty = vm
        .named_global("grp.struct_group")
        .expect("grp initialised");
    let r = vm.new_structseq(ty, &vals);
    vm.truncate(mark);
    r
}

/// A user or group id argument (CPython's "uid should be integer, not str").
fn id_arg(vm: &mut Vm, v: Value, what: &str) -> PyResult<i64> {
    if !vm.is_int(v) {
        let tn = vm.type_name(v);
        return Err(crate::raise!(
            vm,
            TypeError,
            "{what} should be integer, not {tn}"
        ));
    }
    vm.index_i64(v)
}

fn key_error(vm: &mut Vm, msg: String) -> crate::runtime::errors::PyErr {
    match vm.new_str(&msg) {
        Ok(s) => vm.new_error_with(crate::runtime::builtin_types::T::KeyError, s),
        Err(e) => e,
    }
}

fn name_arg(vm: &mut Vm, args: Args, fname: &str) -> PyResult<(String, CString)> {
    vm.check_args(args, fname, 1, 1)?;
    let v = args.get(vm, 0);
    let Some(s) = vm.as_str_obj(v) else {
        let tn = vm.type_name(v);
        return Err(crate::raise!(
            vm,
            TypeError,
            "{fname}() argument must be str, not {tn}"
        ));
    };
    let text = vm.str_string(s);
    match CString::new(text.clone()) {
        Ok(c) => Ok((text, c)),
        Err(_) => Err(vm.value_error("embedded null byte")),
    }
}

/// Runs a `get*_r` lookup with a growing buffer; `Ok(false)` when not found. The entry's
/// strings point into `buf`, which the caller keeps alive while reading them.
fn lookup_r(
    buf: &mut Vec<libc::c_char>,
    mut call: impl FnMut(&mut Vec<libc::c_char>) -> (i32, bool),
) -> Result<bool, i32> {
    buf.resize(1024, 0);
    loop {
        let (rc, found) = call(buf);
        if rc == libc::ERANGE && buf.len() < (1 << 20) {
            let n = buf.len() * 4;
            buf.resize(n, 0);
            continue;
        }
        if rc != 0 {
            return Err(rc);
        }
        return Ok(found);
    }
}

fn p_getpwnam(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, c) = name_arg(vm, args, "getpwnam")?;
    // SAFETY: `passwd` is plain data; all-zero is valid.
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut storage = Vec::new();
    let r = lookup_r(&mut storage, |buf| {
        let mut out = std::ptr::null_mut();
        // SAFETY: all pointers are valid; `buf` has `buf.len()` writable bytes.
        let rc =
            unsafe { libc::getpwnam_r(c.as_ptr(), &mut pw, buf.as_mut_ptr(), buf.len(), &mut out) };
        (rc, !out.is_null())
    });
    match r {
        Ok(true) => passwd_value(vm, &pw),
        Ok(false) => {
            let repr = crate::bytecode::PyStr::new(&text).repr();
            Err(key_error(vm, format!("getpwnam(): name not found: {repr}")))
        }
        Err(code) => Err(super::posix::os_error_values(vm, code, None, None)),
    }
}

fn p_getpwuid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getpwuid", 1, 1)?;
    let uid = id_arg(vm, args.get(vm, 0), "uid")?;
    // SAFETY: `passwd` is plain data; all-zero is valid.
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut storage = Vec::new();
    let r = lookup_r(&mut storage, |buf| {
        let mut out = std::ptr::null_mut();
        // SAFETY: all pointers are valid; `buf` has `buf.len()` writable bytes.
        let rc = unsafe {
            libc::getpwuid_r(
                uid as libc::uid_t,
                &mut pw,
                buf.as_mut_ptr(),
                buf.len(),
                &mut out,
            )
        };
        (rc, !out.is_null())
    });
    match r {
        Ok(true) if (0..=u32::MAX as i64).contains(&uid) => passwd_value(vm, &pw),
        Ok(_) => Err(key_error(vm, format!("getpwuid(): uid not found: {uid}"))),
        Err(code) => Err(super::posix::os_error_values(vm, code, None, None)),
    }
}

fn p_getpwall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getpwall", 0, 0)?;
    let l = vm.new_list(0)?;
    let lr = vm.push_root(l)?;
    // SAFETY: the enumeration API is not reentrant; one thread runs Python code at a time.
    unsafe { libc::setpwent() };
    loop {
        // SAFETY: see above; the entry stays valid until the next call.
        let p = unsafe { libc::getpwent() };
        if p.is_null() {
            break;
        }
        // SAFETY: non-NULL entry from `getpwent`.
        let v = passwd_value(vm, unsafe { &*p });
        match v {
            Ok(v) => vm.list_append(vm.get(lr), v)?,
            Err(e) => {
                // SAFETY: closes the enumeration.
                unsafe { libc::endpwent() };
                return Err(e);
            }
        }
    }
    // SAFETY: closes the enumeration.
    unsafe { libc::endpwent() };
    Ok(vm.get(lr))
}

fn g_getgrnam(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, c) = name_arg(vm, args, "getgrnam")?;
    // SAFETY: `group` is plain data; all-zero is valid.
    let mut gr: libc::group = unsafe { std::mem::zeroed() };
    let mut storage = Vec::new();
    let r = lookup_r(&mut storage, |buf| {
        let mut out = std::ptr::null_mut();
        // SAFETY: all pointers are valid; `buf` has `buf.len()` writable bytes.
        let rc =
            unsafe { libc::getgrnam_r(c.as_ptr(), &mut gr, buf.as_mut_ptr(), buf.len(), &mut out) };
        (rc, !out.is_null())
    });
    match r {
        Ok(true) => group_value(vm, &gr),
        Ok(false) => {
            let repr = crate::bytecode::PyStr::new(&text).repr();
            Err(key_error(vm, format!("getgrnam(): name not found: {repr}")))
        }
        Err(code) => Err(super::posix::os_error_values(vm, code, None, None)),
    }
}

fn g_getgrgid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getgrgid", 1, 1)?;
    let gid = id_arg(vm, args.get(vm, 0), "gid")?;
    // SAFETY: `group` is plain data; all-zero is valid.
    let mut gr: libc::group = unsafe { std::mem::zeroed() };
    let mut storage = Vec::new();
    let r = lookup_r(&mut storage, |buf| {
        let mut out = std::ptr::null_mut();
        // SAFETY: all pointers are valid; `buf` has `buf.len()` writable bytes.
        let rc = unsafe {
            libc::getgrgid_r(
                gid as libc::gid_t,
                &mut gr,
                buf.as_mut_ptr(),
                buf.len(),
                &mut out,
            )
        };
        (rc, !out.is_null())
    });
    match r {
        Ok(true) if (0..=u32::MAX as i64).contains(&gid) => group_value(vm, &gr),
        Ok(_) => Err(key_error(vm, format!("getgrgid(): gid not found: {gid}"))),
        Err(code) => Err(super::posix::os_error_values(vm, code, None, None)),
    }
}

fn g_getgrall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getgrall", 0, 0)?;
    let l = vm.new_list(0)?;
    let lr = vm.push_root(l)?;
    // SAFETY: the enumeration API is not reentrant; one thread runs Python code at a time.
    unsafe { libc::setgrent() };
    loop {
        // SAFETY: see above; the entry stays valid until the next call.
        let p = unsafe { libc::getgrent() };
        if p.is_null() {
            break;
        }
        // SAFETY: non-NULL entry from `getgrent`.
        let v = group_value(vm, unsafe { &*p });
        match v {
            Ok(v) => vm.list_append(vm.get(lr), v)?,
            Err(e) => {
                // SAFETY: closes the enumeration.
                unsafe { libc::endgrent() };
                return Err(e);
            }
        }
    }
    // SAFETY: closes the enumeration.
    unsafe { libc::endgrent() };
    Ok(vm.get(lr))
}

static PWD_FUNCTIONS: &[MethodDef] = &[
    func("getpwnam", p_getpwnam),
    func("getpwuid", p_getpwuid),
    func("getpwall", p_getpwall),
];

static GRP_FUNCTIONS: &[MethodDef] = &[
    func("getgrnam", g_getgrnam),
    func("getgrgid", g_getgrgid),
    func("getgrall", g_getgrall),
];

fn init_db(
    vm: &mut Vm,
    module: &str,
    doc: &str,
    defs: &'static [MethodDef],
    type_name: &str,
    key: &'static str,
    fields: &[&str],
) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module(module, doc, defs)?;
    let mr = vm.push_root(m)?;
    let t = vm.make_structseq_type(module, type_name, fields, fields.len())?;
    vm.set_named_global(key, t);
    vm.module_set(vm.get(mr), type_name, t)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

/// Builds `pwd`.
pub fn init_pwd(vm: &mut Vm) -> PyResult<Value> {
    init_db(
        vm,
        "pwd",
        "This module provides access to the Unix password database.",
        PWD_FUNCTIONS,
        "struct_passwd",
        "pwd.struct_passwd",
        &[
            "pw_name",
            "pw_passwd",
            "pw_uid",
            "pw_gid",
            "pw_gecos",
            "pw_dir",
            "pw_shell",
        ],
    )
}

/// Builds `grp`.
pub fn init_grp(vm: &mut Vm) -> PyResult<Value> {
    init_db(
        vm,
        "grp",
        "Access to the Unix group database.",
        GRP_FUNCTIONS,
        "struct_group",
        "grp.struct_group",
        &["gr_name", "gr_passwd", "gr_gid", "gr_mem"],
    )
}
