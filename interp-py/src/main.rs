//! The `tern` command: see [`tern_interp_py::cli`] for the interface.

use std::io::Write;
use std::sync::atomic::Ordering;

fn main() {
    // The streams are not locked for the whole run: the VM writes to them from its thread.
    let code = tern_interp_py::cli::run(
        std::env::args_os().collect(),
        &mut std::io::stdout(),
        &mut std::io::stderr(),
    );
    if tern_interp_py::interp::toplevel::UNCAUGHT_KEYBOARD_INTERRUPT.load(Ordering::SeqCst) {
        // CPython re-raises SIGINT with the default action so the parent sees the signal.
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        // SAFETY: restoring the default disposition and raising a signal in our own process
        // has no memory-safety preconditions; the VM thread has finished.
        unsafe {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::raise(libc::SIGINT);
        }
    }
    std::process::exit(code);
}
