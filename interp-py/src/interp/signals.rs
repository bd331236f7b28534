//! `SIGINT` handling: the handler only sets a flag; the interpreter loop polls it at loop
//! back edges and calls, and raises `KeyboardInterrupt` there (CPython's "pending call").

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The flag set by the `SIGINT` handler.
pub fn interrupt_flag() -> &'static AtomicBool {
    &INTERRUPTED
}

extern "C" fn on_sigint(_sig: libc::c_int) {
    INTERRUPTED.store(true, Ordering::Relaxed);
}

/// Installs the `SIGINT` handler (called by the CLI before running a program).
pub fn install_sigint_handler() {
    let handler: extern "C" fn(libc::c_int) = on_sigint;
    // SAFETY: `on_sigint` is async-signal-safe (a relaxed atomic store); `signal` with a
    // valid function pointer has no other preconditions.
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
    }
}

/// Restores the default `SIGINT` disposition (so a second Ctrl-C while shutting down kills).
pub fn default_sigint() {
    // SAFETY: `SIG_DFL` is a valid disposition.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
    }
}

/// Takes the pending interrupt, if any.
pub fn take_interrupt() -> bool {
    INTERRUPTED.swap(false, Ordering::Relaxed)
}
