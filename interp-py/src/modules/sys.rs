//! The `sys` module: interpreter state visible to programs (`argv`, `path`, `modules`, the
//! standard streams, recursion limit, exception info, hooks) and the functions on it.
//! Static information (`version_info`, `float_info`, `flags`, ...) is built in
//! `modules::sys_info`.

use crate::objects::builtin_func::{MethodDef, func};
use crate::objects::file::{Backend, FileState};
use crate::runtime::builtin_types::T;
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::roots::G;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    /// `sys.<name>` (a `RuntimeError` like CPython's "lost sys.stdout" if missing).
    pub fn sys_attr(&mut self, name: &str) -> PyResult<Value> {
        let sd = self.g(G::SysDict);
        let k = self.intern(name)?;
        match self.dict_get_name(sd, k) {
            Some(v) => Ok(v),
            None => Err(crate::raise!(self, RuntimeError, "lost sys.{name}")),
        }
    }

    fn std_stream(&mut self, backend: Backend, name: &str, mode: &str) -> PyResult<Value> {
        let (readable, writable) = (mode == "r", mode == "w");
        self.new_file(FileState {
            backend,
            text: true,
            readable,
            writable,
            closed: false,
            name: name.to_string(),
            mode: mode.to_string(),
            encoding: "utf-8".to_string(),
            rbuf: Vec::new(),
            wbuf: Vec::new(),
            universal: true,
        })
    }
}

/// `sys.exit([arg])`.
fn sys_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "exit", 0, 1)?;
    match args.opt(vm, 0) {
        Some(a) => Err(vm.new_error_with(T::SystemExit, a)),
        None => Err(vm.new_error0(T::SystemExit)),
    }
}

fn sys_getrecursionlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getrecursionlimit", 0, 0)?;
    vm.new_usize(vm.recursion_limit)
}

fn sys_setrecursionlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "setrecursionlimit", 1, 1)?;
    let v = args.get(vm, 0);
    if vm.is_exact(v, T::Float) {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    let n = vm.index_i64(v)?;
    if n < 1 {
        return Err(vm.value_error("recursion limit must be greater or equal than 1"));
    }
    let depth = vm.st().frames.len() + vm.rust_depth;
    if (n as usize) <= depth {
        return Err(crate::raise!(
            vm,
            RecursionError,
            "cannot set the recursion limit to {n} at the recursion depth {depth}: the limit is too low"
        ));
    }
    vm.recursion_limit = (n as usize).min(crate::runtime::roots::FRAME_CAP - 16);
    Ok(vm.none())
}

fn sys_exc_info(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "exc_info", 0, 0)?;
    match crate::runtime::value::Value::from_raw(vm.st().exc_info) {
        Some(e) if !vm.is_none(e) => {
            let t = vm.type_of(e);
            let tb = vm.exc_traceback(e).unwrap_or_else(|| vm.none());
            let mark = vm.sp();
            vm.push_root(t)?;
            vm.push_root(e)?;
            vm.push_root(tb)?;
            vm.pack_tuple(mark)
        }
        _ => {
            let none = vm.none();
            let mark = vm.sp();
            for _ in 0..3 {
                vm.push_root(none)?;
            }
            vm.pack_tuple(mark)
        }
    }
}

fn sys_exception(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "exception", 0, 0)?;
    Ok(Value::from_raw(vm.st().exc_info).unwrap_or_else(|| vm.none()))
}

fn sys_intern(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "intern", 1, 1)?;
    let s = args.get(vm, 0);
    if !vm.is_str(s) {
        let tn = vm.type_name(s);
        return Err(crate::raise!(
            vm,
            TypeError,
            "intern() argument must be str, not {tn}"
        ));
    }
    let nm = vm.intern_value(s);
    Ok(vm.name_str(nm))
}

fn sys_getsizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.is_empty() || args.len() > 2 {
        return Err(vm.type_error("getsizeof() takes at most 2 arguments"));
    }
    let v = args.get(vm, 0);
    if let Some(i) = v.as_small() {
        let digits = if i == 0 {
            0
        } else {
            (64 - i.unsigned_abs().leading_zeros()).div_ceil(30) as i64
        };
        return Ok(Value::small(24 + 4 * digits.max(1)));
    }
    if let Some(m) = vm.special_of(v, n::SIZEOF) {
        let r = vm.call_special_found(m, v, &[])?;
        let n = vm.index_i64(r)?;
        if n < 0 {
            return Err(vm.value_error("__sizeof__() should return >= 0"));
        }
        return Ok(Value::small(n + 16));
    }
    let size = vm.heap.size_of(v.gc());
    vm.new_usize(size)
}

fn sys_getdefaultencoding(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    vm.new_str("utf-8")
}

fn sys_getrefcount(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::small(2))
}

fn sys_getframe(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_getframe", 0, 1)?;
    let depth = match args.opt(vm, 0) {
        Some(d) => vm.index_i64(d)?.max(0) as usize,
        None => 0,
    };
    match vm.get_frame(depth)? {
        Some(f) => Ok(f),
        None => Err(vm.value_error("call stack is not deep enough")),
    }
}

/// The default `sys.displayhook`: prints `repr(value)` and stores it in `builtins._`.
pub fn sys_displayhook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "displayhook", 1, 1)?;
    let v = args.get(vm, 0);
    if vm.is_none(v) {
        return Ok(v);
    }
    let bd = vm.g(G::BuiltinsDict);
    let none = vm.none();
    vm.dict_set_text(bd, "_", none)?;
    let r = vm.repr(args.get(vm, 0))?;
    let mut text = vm.str_bytes(r).to_vec();
    text.push(b'\n');
    let out = vm.sys_attr("stdout")?;
    vm.write_to_file(out, &text)?;
    let bd = vm.g(G::BuiltinsDict);
    vm.dict_set_text(bd, "_", args.get(vm, 0))?;
    Ok(vm.none())
}

/// The default `sys.excepthook`: prints the exception report to `sys.stderr`.
pub fn sys_excepthook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "excepthook", 3, 3)?;
    let e = args.get(vm, 1);
    vm.flush_std_streams();
    let s = if vm.is_exception(e) {
        vm.format_exception(e)
    } else {
        let tn = vm.type_name(e);
        format!("TypeError: print_exception(): Exception expected for value, {tn} found\n")
    };
    vm.write_stderr_text(&s);
    Ok(vm.none())
}

fn sys_get_int_max_str_digits(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    vm.new_usize(vm.int_max_str_digits)
}

fn sys_set_int_max_str_digits(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = match args.opt(vm, 0) {
        Some(v) => v,
        None if args.has_kw() => vm.get(args.kw(vm, 0).1),
        None => {
            return Err(vm.type_error(
                "set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)",
            ));
        }
    };
    let n = vm.index_i64(v)?;
    if n != 0 && n < 640 {
        return Err(vm.value_error("maxdigits must be 0 or larger than 640"));
    }
    vm.int_max_str_digits = n as usize;
    Ok(vm.none())
}

fn sys_getfilesystemencoding(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    vm.new_str("utf-8")
}

fn sys_getfilesystemencodeerrors(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    vm.new_str("surrogateescape")
}

fn sys_getswitchinterval(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    vm.new_float(0.005)
}

fn sys_noop(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.none())
}

fn sys_is_finalizing(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.bool_val(false))
}

static SYS_FUNCTIONS: &[MethodDef] = &[
    func("exit", sys_exit),
    func("getrecursionlimit", sys_getrecursionlimit),
    func("setrecursionlimit", sys_setrecursionlimit),
    func("exc_info", sys_exc_info),
    func("exception", sys_exception),
    func("intern", sys_intern),
    func("getsizeof", sys_getsizeof),
    func("getdefaultencoding", sys_getdefaultencoding),
    func("getfilesystemencoding", sys_getfilesystemencoding),
    func("getfilesystemencodeerrors", sys_getfilesystemencodeerrors),
    func("getrefcount", sys_getrefcount),
    func("_getframe", sys_getframe),
    func("displayhook", sys_displayhook),
    func("excepthook", sys_excepthook),
    func("get_int_max_str_digits", sys_get_int_max_str_digits),
    func("set_int_max_str_digits", sys_set_int_max_str_digits),
    func("getswitchinterval", sys_getswitchinterval),
    func("setswitchinterval", sys_noop),
    func("is_finalizing", sys_is_finalizing),
    func("audit", sys_noop),
    func("addaudithook", sys_noop),
];

/// Creates `sys` (called by bootstrap after `builtins`).
pub fn init_sys(vm: &mut Vm) -> PyResult<()> {
    let m = vm.new_native_module("sys", "This module provides access to some objects used or maintained by the\ninterpreter and to functions that interact strongly with the interpreter.", SYS_FUNCTIONS)?;
    vm.set_g(G::SysModule, Some(m));
    let d = vm.module_dict(m);
    vm.set_g(G::SysDict, Some(d));
    let mark = vm.sp();
    // sys.modules
    let mods = vm.new_dict()?;
    vm.set_g(G::Modules, Some(mods));
    vm.module_set(vm.g(G::SysModule), "modules", mods)?;
    let k = vm.new_str("builtins")?;
    vm.dict_set_item(vm.g(G::Modules), k, vm.g(G::BuiltinsModule))?;
    let k = vm.new_str("sys")?;
    vm.dict_set_item(vm.g(G::Modules), k, vm.g(G::SysModule))?;
    // Standard streams.
    for (backend, name, mode, g, attr) in [
        (Backend::Stdout, "<stdout>", "w", G::Stdout, "stdout"),
        (Backend::Stderr, "<stderr>", "w", G::Stderr, "stderr"),
        (Backend::Stdin, "<stdin>", "r", G::Stdin, "stdin"),
    ] {
        let f = vm.std_stream(backend, name, mode)?;
        vm.set_g(g, Some(f));
        vm.module_set(vm.g(G::SysModule), attr, f)?;
        vm.module_set(vm.g(G::SysModule), &format!("__{attr}__"), vm.g(g))?;
    }
    for (hook, orig) in [
        ("displayhook", "__displayhook__"),
        ("excepthook", "__excepthook__"),
    ] {
        let k = vm.intern(hook)?;
        let f = vm
            .dict_get_name(vm.g(G::SysDict), k)
            .expect("defined above");
        vm.module_set(vm.g(G::SysModule), orig, f)?;
    }
    // argv and path.
    let am = vm.sp();
    let argv = if vm.config.argv.is_empty() {
        vec![String::new()]
    } else {
        vm.config.argv.clone()
    };
    for a in &argv {
        let s = vm.new_str(a)?;
        vm.push_root(s)?;
    }
    let l = vm.pack_list(am)?;
    vm.module_set(vm.g(G::SysModule), "argv", l)?;
    let om = vm.sp();
    let exe = std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    for a in std::iter::once(exe.clone()).chain(argv.iter().cloned()) {
        let s = vm.new_str(&a)?;
        vm.push_root(s)?;
    }
    let l = vm.pack_list(om)?;
    vm.module_set(vm.g(G::SysModule), "orig_argv", l)?;
    let pm = vm.sp();
    let mut paths: Vec<String> = Vec::new();
    if let Some(p0) = vm.config.path0.clone() {
        paths.push(p0);
    }
    if !vm.config.ignore_environment
        && let Ok(pp) = std::env::var("PYTHONPATH")
    {
        paths.extend(
            pp.split(':')
                .filter(|s| !s.is_empty())
                .map(|s| s.to_string()),
        );
    }
    paths.extend(vm.config.extra_paths.clone());
    for p in &paths {
        let s = vm.new_str(p)?;
        vm.push_root(s)?;
    }
    let l = vm.pack_list(pm)?;
    vm.module_set(vm.g(G::SysModule), "path", l)?;
    for k in ["executable", "_base_executable"] {
        let s = vm.new_str(&exe)?;
        vm.module_set(vm.g(G::SysModule), k, s)?;
    }
    for (k, v) in [
        ("platform", "linux"),
        (
            "byteorder",
            if cfg!(target_endian = "little") {
                "little"
            } else {
                "big"
            },
        ),
        ("prefix", "/usr/local"),
        ("exec_prefix", "/usr/local"),
        ("base_prefix", "/usr/local"),
        ("base_exec_prefix", "/usr/local"),
        ("platlibdir", "lib"),
        ("abiflags", ""),
        ("float_repr_style", "short"),
        ("pycache_prefix", ""),
    ] {
        let s = vm.new_str(v)?;
        vm.module_set(vm.g(G::SysModule), k, s)?;
    }
    let none = vm.none();
    vm.module_set(vm.g(G::SysModule), "pycache_prefix", none)?;
    let big = vm.new_int(i64::MAX)?;
    vm.module_set(vm.g(G::SysModule), "maxsize", big)?;
    vm.module_set(vm.g(G::SysModule), "maxunicode", Value::small(0x10ffff))?;
    vm.module_set(vm.g(G::SysModule), "api_version", Value::small(1013))?;
    vm.module_set(vm.g(G::SysModule), "hexversion", Value::small(0x030b07f0))?;
    let t = vm.bool_val(true);
    vm.module_set(vm.g(G::SysModule), "dont_write_bytecode", t)?;
    for name in ["meta_path", "path_hooks", "warnoptions"] {
        let l = vm.new_list(0)?;
        vm.module_set(vm.g(G::SysModule), name, l)?;
    }
    for name in ["path_importer_cache", "_xoptions"] {
        let d = vm.new_dict()?;
        vm.module_set(vm.g(G::SysModule), name, d)?;
    }
    crate::modules::sys_info::init_sys_info(vm)?;
    vm.truncate(mark);
    Ok(())
}
