//! Signal handling: the C handlers only set flags (and write the signal number to the
//! wakeup descriptor, if `signal.set_wakeup_fd` set one); the interpreter loop polls the
//! flag at loop back edges and runs the pending signals' Python handlers there
//! (CPython's "pending calls"). `SIGINT` without a Python handler table (the `_signal`
//! module not imported) raises `KeyboardInterrupt`.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Number of signal numbers (`signal.NSIG`).
pub const NSIG: usize = 65;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static PENDING: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];
static WAKEUP_FD: AtomicI32 = AtomicI32::new(-1);

/// The flag set by the signal handlers (any signal pending).
pub fn interrupt_flag() -> &'static AtomicBool {
    &INTERRUPTED
}

/// The C handler for every signal with a Python-level handler (async-signal-safe: atomic
/// stores and one `write`).
pub extern "C" fn on_signal(sig: libc::c_int) {
    if let Some(p) = PENDING.get(sig as usize) {
        p.store(true, Ordering::Relaxed);
    }
    INTERRUPTED.store(true, Ordering::Relaxed);
    let fd = WAKEUP_FD.load(Ordering::Relaxed);
    if fd >= 0 {
        let b = sig as u8;
        // SAFETY: `write` is async-signal-safe; the buffer is one valid byte. A full or
        // closed descriptor is ignored, as CPython does by default.
        unsafe { libc::write(fd, &b as *const u8 as *const libc::c_void, 1) };
    }
}

/// Installs the `SIGINT` handler (called by the CLI before running a program).
pub fn install_sigint_handler() {
    let handler: extern "C" fn(libc::c_int) = on_signal;
    // SAFETY: `on_signal` is async-signal-safe; `signal` with a valid function pointer has
    // no other preconditions.
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

/// Sets the wakeup descriptor (-1: none); returns the previous one.
pub fn set_wakeup_fd(fd: i32) -> i32 {
    WAKEUP_FD.swap(fd, Ordering::Relaxed)
}

impl Vm {
    /// Runs the Python handlers of the pending signals (in signal-number order). A handler's
    /// exception propagates; the remaining signals stay pending for the next poll.
    /// `SIGINT` with no handler table raises `KeyboardInterrupt`.
    #[cold]
    pub fn run_pending_signals(&mut self) -> PyResult<()> {
        self.interrupt.store(false, Ordering::Relaxed);
        for (sig, pending) in PENDING.iter().enumerate().skip(1) {
            if !pending.swap(false, Ordering::Relaxed) {
                continue;
            }
            let handler = match self.named_global("signal.handlers") {
                Some(table) => self.dict_get_item(table, Value::small(sig as i64))?,
                None => None,
            };
            let r = match handler {
                Some(h) if self.is_callable(h) => self
                    .call(h, &[Value::small(sig as i64), self.none()])
                    .map(|_| ()),
                Some(_) => Ok(()),
                None if sig == libc::SIGINT as usize => {
                    Err(self.new_error0(crate::runtime::builtin_types::T::KeyboardInterrupt))
                }
                None => Ok(()),
            };
            if let Err(e) = r {
                if (sig + 1..NSIG).any(|s| PENDING[s].load(Ordering::Relaxed)) {
                    self.interrupt.store(true, Ordering::Relaxed);
                }
                return Err(e);
            }
        }
        Ok(())
    }
}
