//! The interpreter: the evaluation loop ([`eval`] and its out-of-line instruction helpers
//! [`eval_ops`], [`eval_ops2`]), frames ([`frame`]), generators and coroutines
//! ([`generator`]), imports ([`import`]), locating the standard library
//! ([`stdlib_path`]), running code from Rust ([`run`]), tracebacks
//! ([`traceback`]), `SIGINT` handling ([`signals`]) and the top level used by the command
//! line and the REPL ([`toplevel`]).

pub mod code_cache;
pub mod eval;
pub mod eval_ops;
pub mod eval_ops2;
pub mod frame;
pub mod generator;
pub mod import;
pub mod run;
pub mod signals;
pub mod stdlib_path;
pub mod toplevel;
pub mod traceback;

/// The C library's message for `errno` `code` (CPython's `strerror`), e.g. `"No such file
/// or directory"`.
pub fn errno_message(code: i32, e: &std::io::Error) -> String {
    if code != 0 {
        // SAFETY: `strerror` returns a pointer to a NUL-terminated static or thread-local
        // string; it is copied before any other libc call.
        let p = unsafe { libc::strerror(code) };
        if !p.is_null() {
            // SAFETY: `p` is a valid C string (see above).
            let s = unsafe { std::ffi::CStr::from_ptr(p) };
            return s.to_string_lossy().into_owned();
        }
    }
    let msg = e.to_string();
    msg.split(" (os error").next().unwrap_or(&msg).to_string()
}
