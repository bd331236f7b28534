//! `posix` process-level calls: environment (`putenv`, `unsetenv`), identities
//! (`getpid`, `getuid`, ...), `urandom`, `fspath`, `strerror`, `get_terminal_size`,
//! `uname`, `times`, `cpu_count`, wait-status decoding (`WIFEXITED`, ...), `waitpid`,
//! `kill`, `system` and `_exit`.

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::posix::{errno_err, fd_value, fspath_opt, str_to_os_bytes};

/// An environment key or value: str (surrogateescape) or bytes-like, NUL-free.
fn env_bytes(vm: &mut Vm, v: Value, what: &str) -> PyResult<Vec<u8>> {
    let b = if vm.is_str(v) {
        str_to_os_bytes(vm, v)?
    } else if let Some(b) = vm.bytes_like(v) {
        b
    } else if let Some(p) = fspath_opt(vm, v)? {
        if vm.is_str(p) {
            str_to_os_bytes(vm, p)?
        } else {
            vm.bytes_data(p).to_vec()
        }
    } else {
        let tn = vm.type_name(v);
        return Err(crate::raise!(
            vm,
            TypeError,
            "expected str, bytes or os.PathLike object, not {tn}"
        ));
    };
    if b.contains(&0) {
        return Err(vm.value_error("embedded null byte"));
    }
    let _ = what;
    Ok(b)
}

fn p_putenv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "putenv", 2, 2)?;
    let k = env_bytes(vm, args.get(vm, 0), "name")?;
    let v = env_bytes(vm, args.get(vm, 1), "value")?;
    if k.contains(&b'=') {
        return Err(vm.value_error("illegal environment variable name"));
    }
    let (k, v) = (
        std::ffi::CString::new(k).unwrap_or_default(),
        std::ffi::CString::new(v).unwrap_or_default(),
    );
    // SAFETY: both strings are NUL-terminated; the interpreter runs Python code on one
    // thread at a time, and no other thread reads the environment concurrently.
    if unsafe { libc::setenv(k.as_ptr(), v.as_ptr(), 1) } != 0 {
        return Err(errno_err(vm, None));
    }
    Ok(vm.none())
}

fn p_unsetenv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "unsetenv", 1, 1)?;
    let k = env_bytes(vm, args.get(vm, 0), "name")?;
    let k = std::ffi::CString::new(k).unwrap_or_default();
    // SAFETY: see `p_putenv`.
    if unsafe { libc::unsetenv(k.as_ptr()) } != 0 {
        return Err(errno_err(vm, None));
    }
    Ok(vm.none())
}

macro_rules! id_fn {
    ($fname:ident, $pyname:literal, $call:expr) => {
        fn $fname(vm: &mut Vm, args: Args) -> PyResult<Value> {
            vm.check_args(args, $pyname, 0, 0)?;
            // SAFETY: identity queries have no preconditions.
            let v = unsafe { $call } as i64;
            vm.new_int(v)
        }
    };
}

id_fn!(p_getpid, "getpid", libc::getpid());
id_fn!(p_getppid, "getppid", libc::getppid());
id_fn!(p_getuid, "getuid", libc::getuid());
id_fn!(p_geteuid, "geteuid", libc::geteuid());
id_fn!(p_getgid, "getgid", libc::getgid());
id_fn!(p_getegid, "getegid", libc::getegid());
id_fn!(p_getpgrp, "getpgrp", libc::getpgrp());

fn p_getlogin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getlogin", 0, 0)?;
    // SAFETY: `getlogin` returns NULL or a NUL-terminated static string, copied at once.
    let p = unsafe { libc::getlogin() };
    if p.is_null() {
        return Err(errno_err(vm, None));
    }
    // SAFETY: non-NULL result (see above).
    let s = unsafe { std::ffi::CStr::from_ptr(p) }.to_bytes().to_vec();
    super::posix::os_bytes_to_str(vm, &s)
}

fn p_urandom(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "urandom", 1, 1)?;
    let n = vm.index_i64(args.get(vm, 0))?;
    if n < 0 {
        return Err(vm.value_error("negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    let mut got = 0;
    while got < buf.len() {
        // SAFETY: the pointer and length describe the unfilled tail of `buf`.
        let r = unsafe {
            libc::getrandom(
                buf[got..].as_mut_ptr() as *mut libc::c_void,
                buf.len() - got,
                0,
            )
        };
        if r < 0 {
            if super::posix::last_errno() == libc::EINTR {
                continue;
            }
            return Err(errno_err(vm, None));
        }
        got += r as usize;
    }
    vm.new_bytes(&buf)
}

fn p_fspath(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "fspath", 1, 1)?;
    let v = args.get(vm, 0);
    match fspath_opt(vm, v)? {
        Some(p) => Ok(p),
        None => {
            let tn = vm.type_name(args.get(vm, 0));
            Err(crate::raise!(
                vm,
                TypeError,
                "expected str, bytes or os.PathLike object, not {tn}"
            ))
        }
    }
}

fn p_strerror(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "strerror", 1, 1)?;
    let c = vm.index_i64(args.get(vm, 0))?;
    let s = super::posix::strerror_text(c as i32);
    vm.new_str(&s)
}

fn p_get_terminal_size(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "get_terminal_size", 0, 1)?;
    let fd = match args.opt(vm, 0) {
        Some(v) => fd_value(vm, v)?,
        None => 1,
    };
    // SAFETY: `winsize` is plain data; all-zero is valid.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: TIOCGWINSZ writes a `winsize` through the valid pointer.
    if unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) } != 0 {
        return Err(errno_err(vm, None));
    }
    let ty = vm
        .named_global("os.terminal_size")
        .expect("posix initialised");
    vm.new_structseq(
        ty,
        &[
            Value::small(ws.ws_col as i64),
            Value::small(ws.ws_row as i64),
        ],
    )
}

fn cfield(b: &[libc::c_char]) -> Vec<u8> {
    b.iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect()
}

fn p_uname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "uname", 0, 0)?;
    // SAFETY: `utsname` is plain data; all-zero is valid.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `uname` fills the valid out-pointer.
    if unsafe { libc::uname(&mut u) } != 0 {
        return Err(errno_err(vm, None));
    }
    let mark = vm.sp();
    let mut vals = Vec::new();
    for f in [
        &u.sysname[..],
        &u.nodename[..],
        &u.release[..],
        &u.version[..],
        &u.machine[..],
    ] {
        let s = super::posix::os_bytes_to_str(vm, &cfield(f))?;
        vals.push(vm.push_root(s)?);
    }
    let vals: Vec<Value> = vals.iter().map(|r| vm.get(*r)).collect();
    let ty = vm
        .named_global("os.uname_result")
        .expect("posix initialised");
    let r = vm.new_structseq(ty, &vals);
    vm.truncate(mark);
    r
}

fn p_times(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "times", 0, 0)?;
    // SAFETY: `tms` is plain data; all-zero is valid.
    let mut t: libc::tms = unsafe { std::mem::zeroed() };
    // SAFETY: `times` fills the valid out-pointer.
    let c = unsafe { libc::times(&mut t) };
    // SAFETY: `sysconf` has no preconditions.
    let tick = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let mark = vm.sp();
    let mut vals = Vec::new();
    for x in [t.tms_utime, t.tms_stime, t.tms_cutime, t.tms_cstime, c] {
        let f = vm.new_float(x as f64 / tick)?;
        vals.push(vm.push_root(f)?);
    }
    let vals: Vec<Value> = vals.iter().map(|r| vm.get(*r)).collect();
    let ty = vm
        .named_global("os.times_result")
        .expect("posix initialised");
    let r = vm.new_structseq(ty, &vals);
    vm.truncate(mark);
    r
}

fn p_cpu_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "cpu_count", 0, 0)?;
    // SAFETY: `sysconf` has no preconditions.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    if n < 1 {
        return Ok(vm.none());
    }
    vm.new_int(n as i64)
}

fn status_arg(vm: &mut Vm, args: Args, name: &str) -> PyResult<i32> {
    vm.check_args(args, name, 1, 1)?;
    Ok(vm.index_i64(args.get(vm, 0))? as i32)
}

macro_rules! wait_fn {
    ($fname:ident, $pyname:literal, bool, $f:path) => {
        fn $fname(vm: &mut Vm, args: Args) -> PyResult<Value> {
            let s = status_arg(vm, args, $pyname)?;
            Ok(vm.bool_val($f(s)))
        }
    };
    ($fname:ident, $pyname:literal, int, $f:path) => {
        fn $fname(vm: &mut Vm, args: Args) -> PyResult<Value> {
            let s = status_arg(vm, args, $pyname)?;
            Ok(Value::small($f(s) as i64))
        }
    };
}

wait_fn!(p_wifexited, "WIFEXITED", bool, libc::WIFEXITED);
wait_fn!(p_wifsignaled, "WIFSIGNALED", bool, libc::WIFSIGNALED);
wait_fn!(p_wifstopped, "WIFSTOPPED", bool, libc::WIFSTOPPED);
wait_fn!(p_wifcontinued, "WIFCONTINUED", bool, libc::WIFCONTINUED);
wait_fn!(p_wcoredump, "WCOREDUMP", bool, libc::WCOREDUMP);
wait_fn!(p_wexitstatus, "WEXITSTATUS", int, libc::WEXITSTATUS);
wait_fn!(p_wtermsig, "WTERMSIG", int, libc::WTERMSIG);
wait_fn!(p_wstopsig, "WSTOPSIG", int, libc::WSTOPSIG);

fn p_waitstatus_to_exitcode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = status_arg(vm, args, "waitstatus_to_exitcode")?;
    if libc::WIFEXITED(s) {
        return Ok(Value::small(libc::WEXITSTATUS(s) as i64));
    }
    if libc::WIFSIGNALED(s) {
        return Ok(Value::small(-(libc::WTERMSIG(s) as i64)));
    }
    Err(crate::raise!(vm, ValueError, "invalid wait status: {s}"))
}

fn p_waitpid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "waitpid", 2, 2)?;
    let pid = vm.index_i64(args.get(vm, 0))? as libc::pid_t;
    let opts = vm.index_i64(args.get(vm, 1))? as i32;
    let mut status = 0;
    loop {
        // SAFETY: `status` is a valid out-pointer.
        let r = unsafe { libc::waitpid(pid, &mut status, opts) };
        if r >= 0 {
            return vm.tuple2(Value::small(r as i64), Value::small(status as i64));
        }
        if super::posix::last_errno() != libc::EINTR {
            return Err(errno_err(vm, None));
        }
        super::posix::check_interrupt(vm)?;
    }
}

fn p_kill(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "kill", 2, 2)?;
    let pid = vm.index_i64(args.get(vm, 0))? as libc::pid_t;
    let sig = vm.index_i64(args.get(vm, 1))? as i32;
    // SAFETY: `kill` has no memory effects.
    if unsafe { libc::kill(pid, sig) } != 0 {
        return Err(errno_err(vm, None));
    }
    // A signal this process sends itself is delivered to the VM thread before `kill` returns
    // (the waiting launcher thread blocks signals, see `cli::block_async_signals`), so the
    // handler's flag is already set here, as in CPython.
    super::posix::check_interrupt(vm)?;
    Ok(vm.none())
}

fn p_system(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "system", 1, 1)?;
    let cmd = env_bytes(vm, args.get(vm, 0), "command")?;
    vm.io.flush_out();
    let c = std::ffi::CString::new(cmd).unwrap_or_default();
    // SAFETY: `c` is NUL-terminated.
    let r = unsafe { libc::system(c.as_ptr()) };
    vm.new_int(r as i64)
}

fn p_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_exit", 1, 1)?;
    let code = vm.index_i64(args.get(vm, 0))? as i32;
    // SAFETY: `_exit` ends the process without running any Rust code afterwards.
    unsafe { libc::_exit(code) }
}

fn p_getloadavg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getloadavg", 0, 0)?;
    let mut l = [0f64; 3];
    // SAFETY: `l` has room for 3 doubles.
    if unsafe { libc::getloadavg(l.as_mut_ptr(), 3) } != 3 {
        return Err(crate::raise!(vm, OSError, "Load averages are unobtainable"));
    }
    let mark = vm.sp();
    for x in l {
        let f = vm.new_float(x)?;
        vm.push_root(f)?;
    }
    vm.pack_tuple(mark)
}

/// Process-level functions.
pub static PROC_FUNCTIONS: &[MethodDef] = &[
    func("putenv", p_putenv),
    func("unsetenv", p_unsetenv),
    func("getpid", p_getpid),
    func("getppid", p_getppid),
    func("getuid", p_getuid),
    func("geteuid", p_geteuid),
    func("getgid", p_getgid),
    func("getegid", p_getegid),
    func("getpgrp", p_getpgrp),
    func("getlogin", p_getlogin),
    func("urandom", p_urandom),
    func("fspath", p_fspath),
    func("strerror", p_strerror),
    func("get_terminal_size", p_get_terminal_size),
    func("uname", p_uname),
    func("times", p_times),
    func("cpu_count", p_cpu_count),
    func("WIFEXITED", p_wifexited),
    func("WIFSIGNALED", p_wifsignaled),
    func("WIFSTOPPED", p_wifstopped),
    func("WIFCONTINUED", p_wifcontinued),
    func("WCOREDUMP", p_wcoredump),
    func("WEXITSTATUS", p_wexitstatus),
    func("WTERMSIG", p_wtermsig),
    func("WSTOPSIG", p_wstopsig),
    func("waitstatus_to_exitcode", p_waitstatus_to_exitcode),
    func("waitpid", p_waitpid),
    func("kill", p_kill),
    func("system", p_system),
    func("_exit", p_exit),
    func("getloadavg", p_getloadavg),
];
