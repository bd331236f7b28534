//! `posix` file-system calls: the stat family and `stat_result`, directories (`listdir`,
//! the raw reader under `scandir`, `mkdir`, `rmdir`, `getcwd`, `chdir`), names (`unlink`,
//! `rename`, `replace`, `link`, `symlink`, `readlink`), metadata (`chmod`, `utime`,
//! `access`, `truncate`, `umask`), and file descriptors (`open`, `read`, `write`, `close`,
//! `lseek`, `dup`, `pipe`, ...).
//!
//! Every `*at` call uses `AT_FDCWD` unless the caller gave `dir_fd`; the advertised
//! capabilities (`posix_consts::have_functions`) are exactly the keyword forms handled here.

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::posix::{
    PathArg, PathSpec, bool_arg, dir_fd_arg, errno_err, fd_value, int_arg, os_error_values,
    os_name_value, path_arg,
};

fn spec(func: &'static str, arg: &'static str, allow_fd: bool) -> PathSpec {
    PathSpec {
        func,
        arg,
        allow_fd,
        allow_none: false,
    }
}

fn zeroed_stat() -> libc::stat {
    // SAFETY: `libc::stat` is a plain C struct; all-zero bytes are a valid value.
    unsafe { std::mem::zeroed() }
}

/// Builds an `os.stat_result` from a C `stat`.
pub fn stat_result(vm: &mut Vm, st: &libc::stat) -> PyResult<Value> {
    let ty = vm
        .named_global("os.stat_result")
        .expect("posix module initialised");
    let mark = vm.sp();
    let vals: [i128; 10] = [
        st.st_mode as i128,
        st.st_ino as i128,
        st.st_dev as i128,
        st.st_nlink as i128,
        st.st_uid as i128,
        st.st_gid as i128,
        st.st_size as i128,
        st.st_atime as i128,
        st.st_mtime as i128,
        st.st_ctime as i128,
    ];
    let mut items = Vec::with_capacity(10);
    for v in vals {
        let x = vm.new_int_i128(v)?;
        items.push(vm.push_root(x)?);
    }
    let items: Vec<Value> = items.iter().map(|r| vm.get(*r)).collect();
    let s = vm.new_structseq(ty, &items)?;
    let sr = vm.push_root(s)?;
    let times = [
        ("atime", st.st_atime as i128, st.st_atime_nsec as i128),
        ("mtime", st.st_mtime as i128, st.st_mtime_nsec as i128),
        ("ctime", st.st_ctime as i128, st.st_ctime_nsec as i128),
    ];
    // Names are interned before each value is made: interning may allocate, and the value
    // is used unrooted right after its creation.
    for (name, sec, nsec) in times {
        let nm = vm.intern(&format!("st_{name}"))?;
        let f = vm.new_float(sec as f64 + nsec as f64 * 1e-9)?;
        vm.setattr(vm.get(sr), nm, f)?;
        let nm = vm.intern(&format!("st_{name}_ns"))?;
        let ns = vm.new_int_i128(sec * 1_000_000_000 + nsec)?;
        vm.setattr(vm.get(sr), nm, ns)?;
    }
    for (name, v) in [
        ("st_blksize", st.st_blksize as i128),
        ("st_blocks", st.st_blocks as i128),
        ("st_rdev", st.st_rdev as i128),
    ] {
        let nm = vm.intern(name)?;
        let x = vm.new_int_i128(v)?;
        vm.setattr(vm.get(sr), nm, x)?;
    }
    let r = vm.get(sr);
    vm.truncate(mark);
    Ok(r)
}

const STAT_SIG: Sig = Sig {
    name: "stat",
    params: &["path", "dir_fd", "follow_symlinks"],
    posonly: 0,
    kwonly: 1,
    required: 1,
};

fn do_stat(vm: &mut Vm, pr: Root, p: &PathArg, dir_fd: i32, follow: bool) -> PyResult<libc::stat> {
    let mut st = zeroed_stat();
    let rc = if let Some(fd) = p.fd {
        // SAFETY: `st` is a valid out-pointer.
        unsafe { libc::fstat(fd, &mut st) }
    } else {
        let c = p.cstr();
        let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
        // SAFETY: `c` is NUL-terminated; `st` is a valid out-pointer.
        unsafe { libc::fstatat(dir_fd, c.as_ptr(), &mut st, flags) }
    };
    if rc != 0 {
        return Err(errno_err(vm, Some(pr)));
    }
    Ok(st)
}

fn p_stat_common(
    vm: &mut Vm,
    args: Args,
    name: &'static str,
    follow_dflt: bool,
) -> PyResult<Value> {
    let sig = Sig { name, ..STAT_SIG };
    let [path, dir_fd, follow] = vm.bind::<3>(args, &sig)?;
    let pr = path.expect("required");
    let p = path_arg(vm, vm.get(pr), spec(name, "path", name == "stat"))?;
    let dfd = dir_fd_arg(vm, dir_fd)?;
    let follow = bool_arg(vm, follow, follow_dflt)?;
    let st = do_stat(vm, pr, &p, dfd, follow)?;
    stat_result(vm, &st)
}

fn p_stat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    p_stat_common(vm, args, "stat", true)
}

fn p_lstat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, dir_fd] = vm.bind::<2>(
        args,
        &Sig {
            name: "lstat",
            params: &["path", "dir_fd"],
            posonly: 0,
            kwonly: 1,
            required: 1,
        },
    )?;
    let pr = path.expect("required");
    let p = path_arg(vm, vm.get(pr), spec("lstat", "path", false))?;
    let dfd = dir_fd_arg(vm, dir_fd)?;
    let st = do_stat(vm, pr, &p, dfd, false)?;
    stat_result(vm, &st)
}

fn p_fstat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "fstat", 1, 1)?;
    let fd = fd_value(vm, args.get(vm, 0))?;
    let mut st = zeroed_stat();
    // SAFETY: `st` is a valid out-pointer.
    if unsafe { libc::fstat(fd, &mut st) } != 0 {
        return Err(errno_err(vm, None));
    }
    stat_result(vm, &st)
}

/// Reads a directory stream to the end: `(name, d_type, inode)` without `.`/`..`.
/// Closes the stream.
fn read_dir_stream(dirp: *mut libc::DIR) -> Result<Vec<(Vec<u8>, u8, u64)>, i32> {
    let mut out = Vec::new();
    loop {
        // SAFETY: resetting errno lets a NULL from `readdir` be told apart (end vs error).
        unsafe { *libc::__errno_location() = 0 };
        // SAFETY: `dirp` is an open stream owned by this function.
        let ent = unsafe { libc::readdir(dirp) };
        if ent.is_null() {
            let e = super::posix::last_errno();
            // SAFETY: `dirp` is open; closed exactly once here.
            unsafe { libc::closedir(dirp) };
            return if e != 0 { Err(e) } else { Ok(out) };
        }
        // SAFETY: a non-NULL `readdir` result is a valid entry until the next call;
        // `d_name` is NUL-terminated.
        let (name, d_type, ino) = unsafe {
            let e = &*ent;
            (
                std::ffi::CStr::from_ptr(e.d_name.as_ptr())
                    .to_bytes()
                    .to_vec(),
                e.d_type,
                e.d_ino as u64,
            )
        };
        if name == b"." || name == b".." {
            continue;
        }
        out.push((name, d_type, ino));
    }
}

fn open_dir(vm: &mut Vm, pr: Root, p: &PathArg) -> PyResult<Vec<(Vec<u8>, u8, u64)>> {
    let dirp = if let Some(fd) = p.fd {
        // SAFETY: `dup` of a caller's descriptor; the copy is owned by the stream.
        let d = unsafe { libc::dup(fd) };
        if d < 0 {
            return Err(errno_err(vm, None));
        }
        // SAFETY: `d` is a descriptor we own.
        let dirp = unsafe { libc::fdopendir(d) };
        if dirp.is_null() {
            let e = super::posix::last_errno();
            // SAFETY: `d` is ours and not adopted by a stream.
            unsafe { libc::close(d) };
            return Err(os_error_values(vm, e, None, None));
        }
        // SAFETY: rewinding a fresh stream on a possibly-advanced descriptor.
        unsafe { libc::rewinddir(dirp) };
        dirp
    } else {
        let c = p.cstr();
        // SAFETY: `c` is NUL-terminated.
        let dirp = unsafe { libc::opendir(c.as_ptr()) };
        if dirp.is_null() {
            return Err(errno_err(vm, Some(pr)));
        }
        dirp
    };
    match read_dir_stream(dirp) {
        Ok(v) => Ok(v),
        Err(e) => {
            let f = vm.get(pr);
            Err(os_error_values(vm, e, Some(f), None))
        }
    }
}

fn p_listdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path] = vm.bind::<1>(
        args,
        &Sig {
            name: "listdir",
            params: &["path"],
            posonly: 0,
            kwonly: 1,
            required: 0,
        },
    )?;
    let pr = vm.push_opt(path.map(|r| vm.get(r)))?;
    let pv = vm.get_opt(pr).unwrap_or_else(|| vm.none());
    vm.set(pr, pv);
    let p = path_arg(
        vm,
        pv,
        PathSpec {
            func: "listdir",
            arg: "path",
            allow_fd: true,
            allow_none: true,
        },
    )?;
    let entries = open_dir(vm, pr, &p)?;
    let mark = vm.sp();
    for (name, _, _) in entries {
        let v = os_name_value(vm, &name, p.is_bytes)?;
        vm.push_root(v)?;
    }
    vm.pack_list(mark)
}

/// `_scandir_raw(path)`: `[(name, d_type, inode), ...]` for `py/posix.py` (`path` may
/// be a directory descriptor).
fn p_scandir_raw(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "scandir", 1, 1)?;
    let pr = args.root(0);
    let p = path_arg(
        vm,
        vm.get(pr),
        PathSpec {
            func: "scandir",
            arg: "path",
            allow_fd: true,
            allow_none: true,
        },
    )?;
    let entries = open_dir(vm, pr, &p)?;
    let mark = vm.sp();
    for (name, d_type, ino) in entries {
        let base = vm.sp();
        let nv = os_name_value(vm, &name, p.is_bytes)?;
        vm.push_root(nv)?;
        vm.push_root(Value::small(d_type as i64))?;
        let iv = vm.new_int_u64(ino)?;
        vm.push_root(iv)?;
        let t = vm.tuple_from_slots(base, 3)?;
        vm.truncate(base);
        vm.push_root(t)?;
    }
    vm.pack_list(mark)
}

fn cwd_bytes(vm: &mut Vm) -> PyResult<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    match std::env::current_dir() {
        Ok(p) => Ok(p.as_os_str().as_bytes().to_vec()),
        Err(e) => Err(os_error_values(
            vm,
            e.raw_os_error().unwrap_or(libc::ENOENT),
            None,
            None,
        )),
    }
}

fn p_getcwd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getcwd", 0, 0)?;
    let b = cwd_bytes(vm)?;
    os_name_value(vm, &b, false)
}

fn p_getcwdb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "getcwdb", 0, 0)?;
    let b = cwd_bytes(vm)?;
    vm.new_bytes(&b)
}

fn p_chdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path] = vm.bind::<1>(
        args,
        &Sig {
            name: "chdir",
            params: &["path"],
            posonly: 0,
            kwonly: 1,
            required: 1,
        },
    )?;
    let pr = path.expect("required");
    let p = path_arg(vm, vm.get(pr), spec("chdir", "path", true))?;
    let rc = if let Some(fd) = p.fd {
        // SAFETY: plain descriptor call.
        unsafe { libc::fchdir(fd) }
    } else {
        let c = p.cstr();
        // SAFETY: `c` is NUL-terminated.
        unsafe { libc::chdir(c.as_ptr()) }
    };
    if rc != 0 {
        return Err(errno_err(vm, Some(pr)));
    }
    Ok(vm.none())
}

fn p_mkdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, mode, dir_fd] = vm.bind::<3>(
        args,
        &Sig {
            name: "mkdir",
            params: &["path", "mode", "dir_fd"],
            posonly: 0,
            kwonly: 2,
            required: 1,
        },
    )?;
    let pr = path.expect("required");
    let p = path_arg(vm, vm.get(pr), spec("mkdir", "path", false))?;
    let mode = int_arg(vm, mode, 0o777)?;
    let dfd = dir_fd_arg(vm, dir_fd)?;
    let c = p.cstr();
    // SAFETY: `c` is NUL-terminated.
    if unsafe { libc::mkdirat(dfd, c.as_ptr(), mode as libc::mode_t) } != 0 {
        return Err(errno_err(vm, Some(pr)));
    }
    Ok(vm.none())
}

fn unlink_common(vm: &mut Vm, args: Args, name: &'static str, flags: i32) -> PyResult<Value> {
    let [path, dir_fd] = vm.bind::<2>(
        args,
        &Sig {
            name,
            params: &["path", "dir_fd"],
            posonly: 0,
            kwonly: 1,
            required: 1,
        },
    )?;
    let pr = path.expect("required");
    let p = path_arg(vm, vm.get(pr), spec(name, "path", false))?;
    let dfd = dir_fd_arg(vm, dir_fd)?;
    let c = p.cstr();
    // SAFETY: `c` is NUL-terminated.
    if unsafe { libc::unlinkat(dfd, c.as_ptr(), flags) } != 0 {
        return Err(errno_err(vm, Some(pr)));
    }
    Ok(vm.none())
}

fn p_rmdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unlink_common(vm, args, "rmdir", libc::AT_REMOVEDIR)
}
fn p_unlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unlink_common(vm, args, "unlink", 0)
}
fn p_remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unlink_common(vm, args, "remove", 0)
}

/// Two converted paths (with their roots) and the remaining keyword roots.
type TwoPaths = (Root, Root, PathArg, PathArg, Vec<Option<Root>>);

fn two_paths(
    vm: &mut Vm,
    args: Args,
    name: &'static str,
    params: &'static [&'static str],
    extra: usize,
) -> PyResult<TwoPaths> {
    let r = match extra {
        2 => vm
            .bind::<4>(
                args,
                &Sig {
                    name,
                    params,
                    posonly: 0,
                    kwonly: 2,
                    required: 2,
                },
            )?
            .to_vec(),
        _ => vm
            .bind::<5>(
                args,
                &Sig {
                    name,
                    params,
                    posonly: 0,
                    kwonly: 2,
                    required: 2,
                },
            )?
            .to_vec(),
    };
    let (sr, dr) = (r[0].expect("required"), r[1].expect("required"));
    let s = path_arg(vm, vm.get(sr), spec(name, "src", false))?;
    let d = path_arg(vm, vm.get(dr), spec(name, "dst", false))?;
    Ok((sr, dr, s, d, r[2..].to_vec()))
}

fn rename_common(vm: &mut Vm, args: Args, name: &'static str) -> PyResult<Value> {
    let (sr, dr, s, d, rest) = two_paths(
        vm,
        args,
        name,
        &["src", "dst", "src_dir_fd", "dst_dir_fd"],
        2,
    )?;
    let sfd = dir_fd_arg(vm, rest[0])?;
    let dfd = dir_fd_arg(vm, rest[1])?;
    let (a, b) = (s.cstr(), d.cstr());
    // SAFETY: both paths are NUL-terminated.
    if unsafe { libc::renameat(sfd, a.as_ptr(), dfd, b.as_ptr()) } != 0 {
        let code = super::posix::last_errno();
        let (f1, f2) = (vm.get(sr), vm.get(dr));
        return Err(os_error_values(vm, code, Some(f1), Some(f2)));
    }
    Ok(vm.none())
}

fn p_rename(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rename_common(vm, args, "rename")
}
fn p_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rename_common(vm, args, "replace")
}

fn p_link(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (sr, dr, s, d, rest) = two_paths(
        vm,
        args,
        "link",
        &["src", "dst", "src_dir_fd", "dst_dir_fd", "follow_symlinks"],
        3,
    )?;
    let sfd = dir_fd_arg(vm, rest[0])?;
    let dfd = dir_fd_arg(vm, rest[1])?;
    let follow = bool_arg(vm, rest[2], true)?;
    let (a, b) = (s.cstr(), d.cstr());
    let flags = if follow { libc::AT_SYMLINK_FOLLOW } else { 0 };
    // SAFETY: both paths are NUL-terminated.
    if unsafe { libc::linkat(sfd, a.as_ptr(), dfd, b.as_ptr(), flags) } != 0 {
        let code = super::posix::last_errno();
        let (f1, f2) = (vm.get(sr), vm.get(dr));
        return Err(os_error_values(vm, code, Some(f1), Some(f2)));
    }
    Ok(vm.none())
}

fn p_symlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [src, dst, _target_is_dir, dir_fd] = vm.bind::<4>(
        args,
        &Sig {
            name: "symlink",
            params: &["src", "dst", "target_is_directory", "dir_fd"],
            posonly: 0,
            kwonly: 3,
            required: 2,
        },
    )?;
    let (sr, dr) = (src.expect("required"), dst.expect("required"));
    let s = path_arg(vm, vm.get(sr), spec("symlink", "src", false))?;
    let d = path_arg(vm, vm.get(dr), spec("symlink", "dst", false))?;
    let dfd = dir_fd_arg(vm, dir_fd)?;
    let (a, b) = (s.cstr(), d.cstr());
    // SAFETY: both paths are NUL-terminated.
    if unsafe { libc::symlinkat(a.as_ptr(), dfd, b.as_ptr()) } != 0 {
        let code = super::posix::last_errno();
        let (f1, f2) = (vm.get(sr), vm.get(dr));
        return Err(os_error_values(vm, code, Some(f1), Some(f2)));
    }
    Ok(vm.none())
}

fn p_readlink(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, dir_fd] = vm.bind::<2>(
        args,
        &Sig {
            name: "readlink",
            params: &["path", "dir_fd"],
            posonly: 0,
            kwonly: 1,
            required: 1,
        },
    )?;
    let pr = path.expect("required");
    let p = path_arg(vm, vm.get(pr), spec("readlink", "path", false))?;
    let dfd = dir_fd_arg(vm, dir_fd)?;
    let c = p.cstr();
    let mut buf = vec![0u8; 4096];
    loop {
        // SAFETY: `buf` has `buf.len()` writable bytes; `c` is NUL-terminated.
        let n = unsafe {
            libc::readlinkat(
                dfd,
                c.as_ptr(),
                buf.as_mut_ptr() as *mut libc::c_char,
                buf.len(),
            )
        };
        if n < 0 {
            return Err(errno_err(vm, Some(pr)));
        }
        let n = n as usize;
        if n < buf.len() {
            buf.truncate(n);
            return os_name_value(vm, &buf, p.is_bytes);
        }
        buf.resize(buf.len() * 2, 0);
    }
}

fn p_chmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, mode, dir_fd, follow] = vm.bind::<4>(
        args,
        &Sig {
            name: "chmod",
            params: &["path", "mode", "dir_fd", "follow_symlinks"],
            posonly: 0,
            kwonly: 2,
            required: 2,
        },
    )?;
    let pr = path.expect("required");
    let p = path_arg(vm, vm.get(pr), spec("chmod", "path", true))?;
    let mode = int_arg(vm, mode, 0)? as libc::mode_t;
    let dfd = dir_fd_arg(vm, dir_fd)?;
    let follow = bool_arg(vm, follow, true)?;
    if !follow {
        return Err(vm.new_error(
            crate::runtime::builtin_types::T::NotImplementedError,
            "chmod: follow_symlinks unavailable on this platform",
        ));
    }
    let rc = if let Some(fd) = p.fd {
        // SAFETY: plain descriptor call.
        unsafe { libc::fchmod(fd, mode) }
    } else {
        let c = p.cstr();
        // SAFETY: `c` is NUL-terminated.
        unsafe { libc::fchmodat(dfd, c.as_ptr(), mode, 0) }
    };
    if rc != 0 {
        return Err(errno_err(vm, Some(pr)));
    }
    Ok(vm.none())
}

fn chown_common(vm: &mut Vm, args: Args, name: &'static str, follow_dflt: bool) -> PyResult<Value> {
    let [path, uid, gid, dir_fd, follow] = vm.bind::<5>(
        args,
        &Sig {
            name,
            params: &["path", "uid", "gid", "dir_fd", "follow_symlinks"],
            posonly: 0,
            kwonly: 3,
            required: 3,
        },
    )?;
    let pr = path.expect("required");
    let p = path_arg(vm, vm.get(pr), spec(name, "path", name == "chown"))?;
    let uid = int_arg(vm, uid, -1)? as libc::uid_t;
    let gid = int_arg(vm, gid, -1)? as libc::gid_t;
    let dfd = dir_fd_arg(vm, dir_fd)?;
    let follow = bool_arg(vm, follow, follow_dflt)?;
    let rc = if let Some(fd) = p.fd {
        // SAFETY: plain descriptor call.
        unsafe { libc::fchown(fd, uid, gid) }
    } else {
        let c = p.cstr();
        let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
        // SAFETY: `c` is NUL-terminated.
        unsafe { libc::fchownat(dfd, c.as_ptr(), uid, gid, flags) }
    };
    if rc != 0 {
        return Err(errno_err(vm, Some(pr)));
    }
    Ok(vm.none())
}

fn p_chown(vm: &mut Vm, args: Args) -> PyResult<Value> {
    chown_common(vm, args, "chown", true)
}

fn p_lchown(vm: &mut Vm, args: Args) -> PyResult<Value> {
    chown_common(vm, args, "lchown", false)
}

fn p_fchown(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "fchown", 3, 3)?;
    let fd = fd_value(vm, args.get(vm, 0))?;
    let uid = vm.index_i64(args.get(vm, 1))? as libc::uid_t;
    let gid = vm.index_i64(args.get(vm, 2))? as libc::gid_t;
    // SAFETY: plain descriptor call.
    if unsafe { libc::fchown(fd, uid, gid) } != 0 {
        return Err(errno_err(vm, None));
    }
    Ok(vm.none())
}

fn p_fchmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "fchmod", 2, 2)?;
    let fd = fd_value(vm, args.get(vm, 0))?;
    let mode = vm.index_i64(args.get(vm, 1))? as libc::mode_t;
    // SAFETY: plain descriptor call.
    if unsafe { libc::fchmod(fd, mode) } != 0 {
        return Err(errno_err(vm, None));
    }
    Ok(vm.none())
}

/// A `(sec, nsec)` timespec from a float or int number of seconds.
fn timespec_of(vm: &mut Vm, v: Value) -> PyResult<libc::timespec> {
    if vm.is_float(v) {
        let f = vm.real_arg(v)?;
        let sec = f.floor();
        let mut nsec = ((f - sec) * 1e9).round() as i64;
        let mut sec = sec as i64;
        if nsec >= 1_000_000_000 {
            sec += 1;
            nsec -= 1_000_000_000;
        }
        return Ok(libc::timespec {
            tv_sec: sec as libc::time_t,
            tv_nsec: nsec as _,
        });
    }
    let s = vm.index_i64(v)?;
    Ok(libc::timespec {
        tv_sec: s as libc::time_t,
        tv_nsec: 0,
    })
}

fn p_utime(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, times, ns, dir_fd, follow] = vm.bind::<5>(
        args,
        &Sig {
            name: "utime",
            params: &["path", "times", "ns", "dir_fd", "follow_symlinks"],
            posonly: 0,
            kwonly: 2,
            required: 1,
        },
    )?;
    let pr = path.expect("required");
    let p = path_arg(vm, vm.get(pr), spec("utime", "path", true))?;
    let dfd = dir_fd_arg(vm, dir_fd)?;
    let follow = bool_arg(vm, follow, true)?;
    let times = times.map(|r| vm.get(r)).filter(|v| !vm.is_none(*v));
    let ns = ns.map(|r| vm.get(r));
    if times.is_some() && ns.is_some() {
        return Err(vm.value_error("utime: you may specify either 'times' or 'ns' but not both"));
    }
    let ts: Option<[libc::timespec; 2]> = if let Some(t) = times {
        let ok = vm.as_tuple_obj(t).filter(|t| vm.tuple_len(*t) == 2);
        let Some(t) = ok else {
            return Err(vm.type_error("utime: 'times' must be either a tuple of two ints or None"));
        };
        let tr = vm.push_root(t)?;
        let a = timespec_of(vm, vm.tuple_get(vm.get(tr), 0))?;
        let b = timespec_of(vm, vm.tuple_get(vm.get(tr), 1))?;
        Some([a, b])
    } else if let Some(n) = ns {
        let ok = vm.as_tuple_obj(n).filter(|t| vm.tuple_len(*t) == 2);
        let Some(t) = ok else {
            return Err(vm.type_error("utime: 'ns' must be a tuple of two ints"));
        };
        let tr = vm.push_root(t)?;
        let mut out = [libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        }; 2];
        for (i, slot) in out.iter_mut().enumerate() {
            let x = vm.tuple_get(vm.get(tr), i);
            let x = vm.index_i64(x)?;
            slot.tv_sec = x.div_euclid(1_000_000_000) as libc::time_t;
            slot.tv_nsec = x.rem_euclid(1_000_000_000) as _;
        }
        Some(out)
    } else {
        None
    };
    let ptr = ts.as_ref().map_or(std::ptr::null(), |t| t.as_ptr());
    let rc = if let Some(fd) = p.fd {
        // SAFETY: `ptr` is NULL or points at two timespecs.
        unsafe { libc::futimens(fd, ptr) }
    } else {
        let c = p.cstr();
        let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
        // SAFETY: `c` is NUL-terminated; `ptr` as above.
        unsafe { libc::utimensat(dfd, c.as_ptr(), ptr, flags) }
    };
    if rc != 0 {
        return Err(errno_err(vm, Some(pr)));
    }
    Ok(vm.none())
}

fn p_access(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, mode, dir_fd, effective, follow] = vm.bind::<5>(
        args,
        &Sig {
            name: "access",
            params: &["path", "mode", "dir_fd", "effective_ids", "follow_symlinks"],
            posonly: 0,
            kwonly: 2,
            required: 2,
        },
    )?;
    let pr = path.expect("required");
    let p = path_arg(vm, vm.get(pr), spec("access", "path", false))?;
    let mode = int_arg(vm, mode, 0)? as i32;
    let dfd = dir_fd_arg(vm, dir_fd)?;
    let mut flags = 0;
    if bool_arg(vm, effective, false)? {
        flags |= libc::AT_EACCESS;
    }
    if !bool_arg(vm, follow, true)? {
        flags |= libc::AT_SYMLINK_NOFOLLOW;
    }
    let c = p.cstr();
    // SAFETY: `c` is NUL-terminated.
    let rc = unsafe { libc::faccessat(dfd, c.as_ptr(), mode, flags) };
    Ok(vm.bool_val(rc == 0))
}

fn p_truncate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path, length] = vm.bind::<2>(
        args,
        &Sig {
            name: "truncate",
            params: &["path", "length"],
            posonly: 0,
            kwonly: 2,
            required: 2,
        },
    )?;
    let pr = path.expect("required");
    let p = path_arg(vm, vm.get(pr), spec("truncate", "path", true))?;
    let len = int_arg(vm, length, 0)?;
    let rc = if let Some(fd) = p.fd {
        // SAFETY: plain descriptor call.
        unsafe { libc::ftruncate(fd, len as libc::off_t) }
    } else {
        let c = p.cstr();
        // SAFETY: `c` is NUL-terminated.
        unsafe { libc::truncate(c.as_ptr(), len as libc::off_t) }
    };
    if rc != 0 {
        return Err(errno_err(vm, Some(pr)));
    }
    Ok(vm.none())
}

fn p_statvfs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [path] = vm.bind::<1>(
        args,
        &Sig {
            name: "statvfs",
            params: &["path"],
            posonly: 0,
            kwonly: 1,
            required: 1,
        },
    )?;
    let pr = path.expect("required");
    let p = path_arg(vm, vm.get(pr), spec("statvfs", "path", true))?;
    statvfs_of(vm, Some(pr), p.fd, &p)
}

fn p_fstatvfs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "fstatvfs", 1, 1)?;
    let fd = fd_value(vm, args.get(vm, 0))?;
    let p = PathArg {
        bytes: Vec::new(),
        is_bytes: false,
        fd: Some(fd),
        none: false,
    };
    statvfs_of(vm, None, Some(fd), &p)
}

fn statvfs_of(vm: &mut Vm, pr: Option<Root>, fd: Option<i32>, p: &PathArg) -> PyResult<Value> {
    // SAFETY: `statvfs` is plain data; all-zero is valid.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    let rc = match fd {
        // SAFETY: `st` is a valid out-pointer.
        Some(fd) => unsafe { libc::fstatvfs(fd, &mut st) },
        None => {
            let c = p.cstr();
            // SAFETY: `c` is NUL-terminated; `st` is a valid out-pointer.
            unsafe { libc::statvfs(c.as_ptr(), &mut st) }
        }
    };
    if rc != 0 {
        return Err(errno_err(vm, pr));
    }
    let ty = vm
        .named_global("os.statvfs_result")
        .expect("posix module initialised");
    let mark = vm.sp();
    let mut roots = Vec::new();
    for v in [
        st.f_bsize as u64,
        st.f_frsize as u64,
        st.f_blocks as u64,
        st.f_bfree as u64,
        st.f_bavail as u64,
        st.f_files as u64,
        st.f_ffree as u64,
        st.f_favail as u64,
        st.f_flag as u64,
        st.f_namemax as u64,
    ] {
        let x = vm.new_int_u64(v)?;
        roots.push(vm.push_root(x)?);
    }
    let vals: Vec<Value> = roots.iter().map(|r| vm.get(*r)).collect();
    let r = vm.new_structseq(ty, &vals)?;
    let rr = vm.push_root(r)?;
    let nm = vm.intern("f_fsid")?;
    let fsid = vm.new_int_u64(st.f_fsid as u64)?;
    vm.setattr(vm.get(rr), nm, fsid)?;
    let r = vm.get(rr);
    vm.truncate(mark);
    Ok(r)
}

fn p_umask(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "umask", 1, 1)?;
    let m = vm.index_i64(args.get(vm, 0))?;
    // SAFETY: `umask` has no memory effects.
    let old = unsafe { libc::umask(m as libc::mode_t) };
    Ok(Value::small(old as i64))
}

/// File-system functions.
pub static FS_FUNCTIONS: &[MethodDef] = &[
    func("stat", p_stat),
    func("lstat", p_lstat),
    func("fstat", p_fstat),
    func("listdir", p_listdir),
    func("_scandir_raw", p_scandir_raw),
    func("getcwd", p_getcwd),
    func("getcwdb", p_getcwdb),
    func("chdir", p_chdir),
    func("mkdir", p_mkdir),
    func("rmdir", p_rmdir),
    func("unlink", p_unlink),
    func("remove", p_remove),
    func("rename", p_rename),
    func("replace", p_replace),
    func("link", p_link),
    func("symlink", p_symlink),
    func("readlink", p_readlink),
    func("chmod", p_chmod),
    func("fchmod", p_fchmod),
    func("chown", p_chown),
    func("lchown", p_lchown),
    func("fchown", p_fchown),
    func("utime", p_utime),
    func("access", p_access),
    func("truncate", p_truncate),
    func("umask", p_umask),
    func("statvfs", p_statvfs),
    func("fstatvfs", p_fstatvfs),
];

pub use super::posix_fd::FILE_FUNCTIONS;
