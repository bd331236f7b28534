//! `posix` calls on file descriptors: `open`, `close`, `closerange`, `read`, `write`,
//! `pread`, `pwrite`, `lseek`, `fsync`, `ftruncate`, `dup`, `dup2`, `pipe`, `isatty`,
//! inheritable / blocking flags and `device_encoding`.
//!
//! Like CPython, descriptors this module creates are non-inheritable (`O_CLOEXEC`), and
//! calls interrupted by a signal (`EINTR`) are retried.

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::posix::{
    PathSpec, bool_arg, dir_fd_arg, errno_err, fd_value, int_arg, last_errno, path_arg,
};

fn p_open(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, flags, mode, dir_fd] = vm.bind::<4>(
        args,
        &Sig {
            name: "open",
            params: &["path", "flags", "mode", "dir_fd"],
            posonly: 0,
            kwonly: 3,
            required: 2,
        },
    )?;
    let pr = path.expect("required");
    let p = path_arg(
        vm,
        vm.get(pr),
        PathSpec {
            func: "open",
            arg: "path",
            allow_fd: false,
            allow_none: false,
        },
    )?;
    let flags = int_arg(vm, flags, 0)? as i32 | libc::O_CLOEXEC;
    let mode = int_arg(vm, mode, 0o777)? as libc::c_uint;
    let dfd = dir_fd_arg(vm, dir_fd)?;
    let c = p.cstr();
    loop {
        // SAFETY: `c` is NUL-terminated.
        let fd = unsafe { libc::openat(dfd, c.as_ptr(), flags, mode) };
        if fd >= 0 {
            return Ok(Value::small(fd as i64));
        }
        if last_errno() != libc::EINTR {
            return Err(errno_err(vm, Some(pr)));
        }
        super::posix::check_interrupt(vm)?;
    }
}

fn fd_only(vm: &mut Vm, args: Args, name: &str) -> PyResult<i32> {
    vm.check_args(args, name, 1, 1)?;
    fd_value(vm, args.get(vm, 0))
}

fn p_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let fd = fd_only(vm, args, "close")?;
    // SAFETY: closing a descriptor number the caller names; no Rust object owns it.
    if unsafe { libc::close(fd) } != 0 {
        return Err(errno_err(vm, None));
    }
    Ok(vm.none())
}

fn p_closerange(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "closerange", 2, 2)?;
    let lo = fd_value(vm, args.get(vm, 0))?.max(0);
    let hi = fd_value(vm, args.get(vm, 1))?;
    for fd in lo..hi {
        // SAFETY: as `close`; errors are ignored like CPython's closerange.
        unsafe { libc::close(fd) };
    }
    Ok(vm.none())
}

/// Reads up to `n` bytes from `fd` (retrying on EINTR).
pub fn read_fd(vm: &mut Vm, fd: i32, n: usize) -> PyResult<Vec<u8>> {
    let mut buf = vec![0u8; n];
    loop {
        // SAFETY: `buf` has `n` writable bytes.
        let r = unsafe { libc::read(fd, buf.as_mut_ptr() as *mut libc::c_void, n) };
        if r >= 0 {
            buf.truncate(r as usize);
            return Ok(buf);
        }
        if last_errno() != libc::EINTR {
            return Err(errno_err(vm, None));
        }
        super::posix::check_interrupt(vm)?;
    }
}

/// Writes `data` to `fd` once (retrying on EINTR); returns the count written.
pub fn write_fd(vm: &mut Vm, fd: i32, data: &[u8]) -> PyResult<usize> {
    loop {
        // SAFETY: `data` is a valid readable slice.
        let r = unsafe { libc::write(fd, data.as_ptr() as *const libc::c_void, data.len()) };
        if r >= 0 {
            return Ok(r as usize);
        }
        if last_errno() != libc::EINTR {
            return Err(errno_err(vm, None));
        }
        super::posix::check_interrupt(vm)?;
    }
}

fn count_arg(vm: &mut Vm, v: Value) -> PyResult<usize> {
    if vm.is_float(v) {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    let n = vm.index_i64(v)?;
    if n < 0 {
        // CPython reports EINVAL from the C call.
        return Err(super::posix::os_error_values(vm, libc::EINVAL, None, None));
    }
    Ok(n as usize)
}

fn p_read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "read", 2, 2)?;
    let fd = fd_value(vm, args.get(vm, 0))?;
    let n = count_arg(vm, args.get(vm, 1))?;
    let b = read_fd(vm, fd, n)?;
    vm.new_bytes(&b)
}

fn data_arg(vm: &mut Vm, v: Value) -> PyResult<Vec<u8>> {
    match vm.bytes_like(v) {
        Some(b) => Ok(b),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "a bytes-like object is required, not '{tn}'"
            ))
        }
    }
}

fn p_write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "write", 2, 2)?;
    let fd = fd_value(vm, args.get(vm, 0))?;
    let data = data_arg(vm, args.get(vm, 1))?;
    let n = write_fd(vm, fd, &data)?;
    vm.new_usize(n)
}

fn p_pread(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "pread", 3, 3)?;
    let fd = fd_value(vm, args.get(vm, 0))?;
    let n = count_arg(vm, args.get(vm, 1))?;
    let off = vm.index_i64(args.get(vm, 2))?;
    let mut buf = vec![0u8; n];
    // SAFETY: `buf` has `n` writable bytes.
    let r = unsafe {
        libc::pread(
            fd,
            buf.as_mut_ptr() as *mut libc::c_void,
            n,
            off as libc::off_t,
        )
    };
    if r < 0 {
        return Err(errno_err(vm, None));
    }
    buf.truncate(r as usize);
    vm.new_bytes(&buf)
}

fn p_pwrite(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "pwrite", 3, 3)?;
    let fd = fd_value(vm, args.get(vm, 0))?;
    let data = data_arg(vm, args.get(vm, 1))?;
    let off = vm.index_i64(args.get(vm, 2))?;
    // SAFETY: `data` is a valid readable slice.
    let r = unsafe {
        libc::pwrite(
            fd,
            data.as_ptr() as *const libc::c_void,
            data.len(),
            off as libc::off_t,
        )
    };
    if r < 0 {
        return Err(errno_err(vm, None));
    }
    vm.new_usize(r as usize)
}

fn p_lseek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "lseek", 3, 3)?;
    let fd = fd_value(vm, args.get(vm, 0))?;
    let pos = vm.index_i64(args.get(vm, 1))?;
    let how = vm.index_i64(args.get(vm, 2))? as i32;
    // SAFETY: plain descriptor call.
    let r = unsafe { libc::lseek(fd, pos as libc::off_t, how) };
    if r < 0 {
        return Err(errno_err(vm, None));
    }
    vm.new_int(r as i64)
}

fn p_fsync(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "fsync", 1, 1)?;
    let v = args.get(vm, 0);
    let fd = if vm.is_int(v) {
        fd_value(vm, v)?
    } else {
        let fileno = vm.intern("fileno")?;
        let r = vm.call_method(v, fileno, &[])?;
        fd_value(vm, r)?
    };
    // SAFETY: plain descriptor call.
    if unsafe { libc::fsync(fd) } != 0 {
        return Err(errno_err(vm, None));
    }
    Ok(vm.none())
}

fn p_ftruncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "ftruncate", 2, 2)?;
    let fd = fd_value(vm, args.get(vm, 0))?;
    let len = vm.index_i64(args.get(vm, 1))?;
    // SAFETY: plain descriptor call.
    if unsafe { libc::ftruncate(fd, len as libc::off_t) } != 0 {
        return Err(errno_err(vm, None));
    }
    Ok(vm.none())
}

fn p_dup(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let fd = fd_only(vm, args, "dup")?;
    // SAFETY: plain descriptor call.
    let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if r < 0 {
        return Err(errno_err(vm, None));
    }
    Ok(Value::small(r as i64))
}

fn p_dup2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd, fd2, inheritable] = vm.bind::<3>(
        args,
        &Sig {
            name: "dup2",
            params: &["fd", "fd2", "inheritable"],
            posonly: 0,
            kwonly: 3,
            required: 2,
        },
    )?;
    let a = fd_value(vm, vm.get(fd.expect("required")))?;
    let b = fd_value(vm, vm.get(fd2.expect("required")))?;
    let inh = bool_arg(vm, inheritable, true)?;
    let flags = if inh { 0 } else { libc::O_CLOEXEC };
    // SAFETY: plain descriptor calls.
    let r = unsafe {
        if a == b {
            if libc::fcntl(a, libc::F_GETFD) < 0 {
                -1
            } else {
                a
            }
        } else {
            libc::dup3(a, b, flags)
        }
    };
    if r < 0 {
        return Err(errno_err(vm, None));
    }
    Ok(Value::small(r as i64))
}

fn p_pipe(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "pipe", 0, 0)?;
    let mut fds = [0i32; 2];
    // SAFETY: `fds` has room for the two descriptors.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(errno_err(vm, None));
    }
    vm.tuple2(Value::small(fds[0] as i64), Value::small(fds[1] as i64))
}

fn p_isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let fd = fd_only(vm, args, "isatty")?;
    // SAFETY: `isatty` only inspects the descriptor.
    let r = unsafe { libc::isatty(fd) } == 1;
    Ok(vm.bool_val(r))
}

fn fd_flags(vm: &mut Vm, fd: i32, get: i32) -> PyResult<i32> {
    // SAFETY: plain descriptor call.
    let f = unsafe { libc::fcntl(fd, get) };
    if f < 0 {
        return Err(errno_err(vm, None));
    }
    Ok(f)
}

fn p_get_inheritable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let fd = fd_only(vm, args, "get_inheritable")?;
    let f = fd_flags(vm, fd, libc::F_GETFD)?;
    Ok(vm.bool_val(f & libc::FD_CLOEXEC == 0))
}

fn p_set_inheritable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "set_inheritable", 2, 2)?;
    let fd = fd_value(vm, args.get(vm, 0))?;
    let inh = vm.truthy(args.get(vm, 1))?;
    let f = fd_flags(vm, fd, libc::F_GETFD)?;
    let nf = if inh {
        f & !libc::FD_CLOEXEC
    } else {
        f | libc::FD_CLOEXEC
    };
    // SAFETY: plain descriptor call.
    if unsafe { libc::fcntl(fd, libc::F_SETFD, nf) } < 0 {
        return Err(errno_err(vm, None));
    }
    Ok(vm.none())
}

fn p_get_blocking(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let fd = fd_only(vm, args, "get_blocking")?;
    let f = fd_flags(vm, fd, libc::F_GETFL)?;
    Ok(vm.bool_val(f & libc::O_NONBLOCK == 0))
}

fn p_set_blocking(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "set_blocking", 2, 2)?;
    let fd = fd_value(vm, args.get(vm, 0))?;
    let blocking = vm.truthy(args.get(vm, 1))?;
    let f = fd_flags(vm, fd, libc::F_GETFL)?;
    let nf = if blocking {
        f & !libc::O_NONBLOCK
    } else {
        f | libc::O_NONBLOCK
    };
    // SAFETY: plain descriptor call.
    if unsafe { libc::fcntl(fd, libc::F_SETFL, nf) } < 0 {
        return Err(errno_err(vm, None));
    }
    Ok(vm.none())
}

fn p_device_encoding(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [fd] = vm.bind::<1>(
        args,
        &Sig {
            name: "device_encoding",
            params: &["fd"],
            posonly: 0,
            kwonly: 1,
            required: 1,
        },
    )?;
    let fd = fd_value(vm, vm.get(fd.expect("required")))?;
    // SAFETY: `isatty` only inspects the descriptor.
    if unsafe { libc::isatty(fd) } == 1 {
        return vm.new_str("utf-8");
    }
    Ok(vm.none())
}

/// File-descriptor functions.
pub static FILE_FUNCTIONS: &[MethodDef] = &[
    func("open", p_open),
    func("close", p_close),
    func("closerange", p_closerange),
    func("read", p_read),
    func("write", p_write),
    func("pread", p_pread),
    func("pwrite", p_pwrite),
    func("lseek", p_lseek),
    func("fsync", p_fsync),
    func("ftruncate", p_ftruncate),
    func("dup", p_dup),
    func("dup2", p_dup2),
    func("pipe", p_pipe),
    func("isatty", p_isatty),
    func("get_inheritable", p_get_inheritable),
    func("set_inheritable", p_set_inheritable),
    func("get_blocking", p_get_blocking),
    func("set_blocking", p_set_blocking),
    func("device_encoding", p_device_encoding),
];
