//! The `_signal` module under CPython's `signal.py`: `signal`, `getsignal`,
//! `default_int_handler`, `raise_signal`, `set_wakeup_fd`, `alarm`, `pause`, `strsignal`,
//! `valid_signals`, `siginterrupt`, `pthread_sigmask`, `SIG_DFL`/`SIG_IGN`, `NSIG`, the
//! `SIG*` numbers and `SIG_BLOCK`/`SIG_UNBLOCK`/`SIG_SETMASK`.
//!
//! Python handlers are kept in a dict (signal number -> handler) that is also a named VM
//! global, `signal.handlers`, read by `Vm::run_pending_signals` (interp::signals): the C
//! handler only records the signal, and the interpreter loop calls the Python handler at
//! its next poll, as CPython does.

use crate::interp::signals::{NSIG, on_signal};
use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::posix::{errno_err, fd_value};

fn handlers(vm: &Vm) -> Value {
    vm.named_global("signal.handlers")
        .expect("_signal initialised")
}

fn signum_arg(vm: &mut Vm, v: Value) -> PyResult<i32> {
    if vm.is_float(v) {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    let n = vm.index_i64(v)?;
    if n < 1 || n >= NSIG as i64 {
        return Err(vm.value_error("signal number out of range"));
    }
    Ok(n as i32)
}

/// The disposition the OS has for `sig`: `SIG_DFL` (0), `SIG_IGN` (1) or `None`.
fn os_disposition(vm: &mut Vm, sig: i32) -> Value {
    // SAFETY: `sigaction` is plain data; all-zero is valid.
    let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: a NULL new action only queries the current one into `old`.
    let rc = unsafe { libc::sigaction(sig, std::ptr::null(), &mut old) };
    if rc != 0 {
        return vm.none();
    }
    match old.sa_sigaction {
        libc::SIG_DFL => Value::small(0),
        libc::SIG_IGN => Value::small(1),
        _ => vm.none(),
    }
}

fn s_signal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "signal", 2, 2)?;
    let sig = signum_arg(vm, args.get(vm, 0))?;
    let h = args.get(vm, 1);
    let disposition = match h.as_small() {
        Some(0) if !vm.is_bool(h) => libc::SIG_DFL,
        Some(1) if !vm.is_bool(h) => libc::SIG_IGN,
        _ if vm.is_callable(h) => {
            let f: extern "C" fn(libc::c_int) = on_signal;
            f as libc::sighandler_t
        }
        _ => {
            return Err(vm.type_error(
                "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
            ));
        }
    };
    let old = s_getsignal_of(vm, sig)?;
    let or = vm.push_root(old)?;
    // SAFETY: `disposition` is SIG_DFL, SIG_IGN or the async-signal-safe `on_signal`.
    let prev = unsafe { libc::signal(sig, disposition) };
    if prev == libc::SIG_ERR {
        return Err(errno_err(vm, None));
    }
    let t = handlers(vm);
    vm.dict_set_item(t, Value::small(sig as i64), args.get(vm, 1))?;
    Ok(vm.get(or))
}

fn s_getsignal_of(vm: &mut Vm, sig: i32) -> PyResult<Value> {
    let t = handlers(vm);
    match vm.dict_get_item(t, Value::small(sig as i64))? {
        Some(h) => Ok(h),
        None => Ok(os_disposition(vm, sig)),
    }
}

fn s_getsignal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getsignal", 1, 1)?;
    let sig = signum_arg(vm, args.get(vm, 0))?;
    s_getsignal_of(vm, sig)
}

fn s_default_int_handler(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "default_int_handler", 2, 2)?;
    Err(vm.new_error0(crate::runtime::builtin_types::T::KeyboardInterrupt))
}

fn s_raise_signal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "raise_signal", 1, 1)?;
    let sig = signum_arg(vm, args.get(vm, 0))?;
    vm.io.flush_out();
    // SAFETY: `raise` delivers the signal to this thread; handlers are async-signal-safe.
    if unsafe { libc::raise(sig) } != 0 {
        return Err(errno_err(vm, None));
    }
    vm.run_pending_signals()?;
    Ok(vm.none())
}

fn s_set_wakeup_fd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, _warn] = vm.bind::<2>(
        args,
        &Sig {
            name: "set_wakeup_fd",
            params: &["fd", "warn_on_full_buffer"],
            posonly: 1,
            kwonly: 1,
            required: 1,
        },
    )?;
    let fd = fd_value(vm, vm.get(fd.expect("required")))?;
    if fd != -1 {
        // SAFETY: plain descriptor query.
        let fl = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        if fl < 0 {
            return Err(vm.value_error(&format!("the fd {fd} must be in non-blocking mode")));
        }
        if fl & libc::O_NONBLOCK == 0 {
            return Err(vm.value_error(&format!("the fd {fd} must be in non-blocking mode")));
        }
    }
    let old = crate::interp::signals::set_wakeup_fd(fd);
    Ok(Value::small(old as i64))
}

fn s_alarm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "alarm", 1, 1)?;
    let secs = vm.index_i64(args.get(vm, 0))?;
    // SAFETY: `alarm` has no memory effects.
    let r = unsafe { libc::alarm(secs.clamp(0, u32::MAX as i64) as u32) };
    Ok(Value::small(r as i64))
}

fn s_pause(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "pause", 0, 0)?;
    vm.io.flush_out();
    // SAFETY: `pause` blocks until a signal handler runs.
    unsafe { libc::pause() };
    vm.run_pending_signals()?;
    Ok(vm.none())
}

fn s_strsignal(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "strsignal", 1, 1)?;
    let sig = signum_arg(vm, args.get(vm, 0))?;
    // SAFETY: `strsignal` returns a NUL-terminated string (copied at once) or NULL.
    let p = unsafe { libc::strsignal(sig) };
    if p.is_null() {
        return Ok(vm.none());
    }
    // SAFETY: non-NULL result (see above).
    let s = unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned();
    if s.starts_with("Unknown signal") || s.starts_with("Real-time signal") {
        return Ok(vm.none());
    }
    vm.new_str(&s)
}

fn sigset_to_set(vm: &mut Vm, set: &libc::sigset_t) -> PyResult<Value> {
    let s = vm.new_set()?;
    let sr = vm.push_root(s)?;
    for sig in 1..NSIG as i32 {
        // SAFETY: `set` is an initialised signal set.
        if unsafe { libc::sigismember(set, sig) } == 1 {
            vm.set_add(vm.get(sr), Value::small(sig as i64))?;
        }
    }
    Ok(vm.get(sr))
}

fn s_valid_signals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "valid_signals", 0, 0)?;
    // SAFETY: `sigset_t` is plain data; `sigfillset` initialises it.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointer.
    unsafe { libc::sigfillset(&mut set) };
    sigset_to_set(vm, &set)
}

fn s_siginterrupt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "siginterrupt", 2, 2)?;
    let sig = signum_arg(vm, args.get(vm, 0))?;
    let flag = vm.truthy(args.get(vm, 1))?;
    // SAFETY: query then update of the disposition's flags through valid pointers.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(sig, std::ptr::null(), &mut act) != 0 {
            return Err(errno_err(vm, None));
        }
        if flag {
            act.sa_flags &= !libc::SA_RESTART;
        } else {
            act.sa_flags |= libc::SA_RESTART;
        }
        if libc::sigaction(sig, &act, std::ptr::null_mut()) != 0 {
            return Err(errno_err(vm, None));
        }
    }
    Ok(vm.none())
}

fn s_pthread_sigmask(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "pthread_sigmask", 2, 2)?;
    let how = vm.index_i64(args.get(vm, 0))? as i32;
    // SAFETY: `sigset_t` is plain data; `sigemptyset` initialises it.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointer.
    unsafe { libc::sigemptyset(&mut set) };
    let it = vm.get_iter(args.get(vm, 1))?;
    let ir = vm.push_root(it)?;
    while let Some(x) = vm.iter_next(vm.get(ir))? {
        let sig = signum_arg(vm, x)?;
        // SAFETY: `set` is initialised; `sig` is in range.
        unsafe { libc::sigaddset(&mut set, sig) };
    }
    // SAFETY: `sigset_t` is plain data.
    let mut old: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointers to initialised / writable signal sets.
    let rc = unsafe { libc::pthread_sigmask(how, &set, &mut old) };
    if rc != 0 {
        return Err(super::posix::os_error_values(vm, rc, None, None));
    }
    sigset_to_set(vm, &old)
}

static FUNCTIONS: &[MethodDef] = &[
    func("signal", s_signal),
    func("getsignal", s_getsignal),
    func("default_int_handler", s_default_int_handler),
    func("raise_signal", s_raise_signal),
    func("set_wakeup_fd", s_set_wakeup_fd),
    func("alarm", s_alarm),
    func("pause", s_pause),
    func("strsignal", s_strsignal),
    func("valid_signals", s_valid_signals),
    func("siginterrupt", s_siginterrupt),
    func("pthread_sigmask", s_pthread_sigmask),
];

/// The `SIG*` numbers (through `libc`, right on every target).
fn signal_numbers() -> Vec<(&'static str, i32)> {
    vec![
        ("SIGHUP", libc::SIGHUP),
        ("SIGINT", libc::SIGINT),
        ("SIGQUIT", libc::SIGQUIT),
        ("SIGILL", libc::SIGILL),
        ("SIGTRAP", libc::SIGTRAP),
        ("SIGABRT", libc::SIGABRT),
        ("SIGIOT", libc::SIGIOT),
        ("SIGBUS", libc::SIGBUS),
        ("SIGFPE", libc::SIGFPE),
        ("SIGKILL", libc::SIGKILL),
        ("SIGUSR1", libc::SIGUSR1),
        ("SIGSEGV", libc::SIGSEGV),
        ("SIGUSR2", libc::SIGUSR2),
        ("SIGPIPE", libc::SIGPIPE),
        ("SIGALRM", libc::SIGALRM),
        ("SIGTERM", libc::SIGTERM),
        ("SIGSTKFLT", libc::SIGSTKFLT),
        ("SIGCHLD", libc::SIGCHLD),
        ("SIGCONT", libc::SIGCONT),
        ("SIGSTOP", libc::SIGSTOP),
        ("SIGTSTP", libc::SIGTSTP),
        ("SIGTTIN", libc::SIGTTIN),
        ("SIGTTOU", libc::SIGTTOU),
        ("SIGURG", libc::SIGURG),
        ("SIGXCPU", libc::SIGXCPU),
        ("SIGXFSZ", libc::SIGXFSZ),
        ("SIGVTALRM", libc::SIGVTALRM),
        ("SIGPROF", libc::SIGPROF),
        ("SIGWINCH", libc::SIGWINCH),
        ("SIGIO", libc::SIGIO),
        ("SIGPOLL", libc::SIGPOLL),
        ("SIGPWR", libc::SIGPWR),
        ("SIGSYS", libc::SIGSYS),
        ("SIGRTMIN", libc::SIGRTMIN()),
        ("SIGRTMAX", libc::SIGRTMAX()),
    ]
}

/// Builds the `_signal` module.
pub fn init_signal(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module(
        "_signal",
        "This module provides mechanisms to use signal handlers in Python.",
        FUNCTIONS,
    )?;
    let mr = vm.push_root(m)?;
    for (name, v) in signal_numbers() {
        vm.module_set(vm.get(mr), name, Value::small(v as i64))?;
    }
    for (name, v) in [
        ("SIG_DFL", 0),
        ("SIG_IGN", 1),
        ("NSIG", NSIG as i64),
        ("SIG_BLOCK", libc::SIG_BLOCK as i64),
        ("SIG_UNBLOCK", libc::SIG_UNBLOCK as i64),
        ("SIG_SETMASK", libc::SIG_SETMASK as i64),
    ] {
        vm.module_set(vm.get(mr), name, Value::small(v))?;
    }
    let t = vm.new_dict()?;
    let tr = vm.push_root(t)?;
    vm.set_named_global("signal.handlers", vm.get(tr));
    // SIGINT starts with default_int_handler (installed by the CLI), like CPython.
    let md = vm.module_dict(vm.get(mr));
    let k = vm.intern("default_int_handler")?;
    let dih = vm.dict_get_name(md, k).expect("defined above");
    vm.dict_set_item(vm.get(tr), Value::small(libc::SIGINT as i64), dih)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}
