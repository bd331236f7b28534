//! `errno` capture, PyPy/cffi style.
//!
//! Design: each thread has a saved errno. Just before every foreign call the saved value is
//! written into C's `errno`, and immediately after the call C's `errno` is copied back into
//! the saved value, before any other code can run and clobber it. [`errno`] and
//! [`set_errno`] read and write the saved value, so `set_errno(0); strtol(...); errno()`
//! works as in C. Callbacks do the reverse: on entry C's errno is saved (the closure sees
//! what C had), on exit the saved value is written back to C.
//!
//! Invariant: the address of C's `errno` is per thread and fixed for the thread's life, so
//! it is looked up once per thread and cached here.

use std::cell::Cell;
use std::os::raw::c_int;

unsafe extern "C" {
    /// This thread's `errno` slot (glibc and musl on Linux).
    fn __errno_location() -> *mut c_int;
}

struct ErrnoState {
    saved: Cell<c_int>,
    location: Cell<*mut c_int>,
}

thread_local! {
    static STATE: ErrnoState = const {
        ErrnoState { saved: Cell::new(0), location: Cell::new(std::ptr::null_mut()) }
    };
}

#[inline]
fn location(state: &ErrnoState) -> *mut c_int {
    let cached = state.location.get();
    if !cached.is_null() {
        return cached;
    }
    // SAFETY: `__errno_location` has no preconditions; it returns this thread's errno slot.
    let fresh = unsafe { __errno_location() };
    state.location.set(fresh);
    fresh
}

/// The errno saved after the most recent foreign call on this thread.
pub fn errno() -> i32 {
    STATE.with(|state| state.saved.get())
}

/// Sets the saved errno; the next foreign call on this thread starts with this value in
/// C's `errno`.
pub fn set_errno(value: i32) {
    STATE.with(|state| state.saved.set(value));
}

/// This thread's errno slot, returned by [`before_foreign_call`] so that
/// [`after_foreign_call`] need not look it up again. Not `Send`: it is only valid on the
/// thread that obtained it.
#[derive(Clone, Copy)]
pub(crate) struct ErrnoSlot(*mut c_int);

/// Writes the saved errno into C's `errno`; call right before a foreign call and pass the
/// result to [`after_foreign_call`] right after it, on the same thread.
#[inline]
pub(crate) fn before_foreign_call() -> ErrnoSlot {
    STATE.with(|state| {
        let slot = location(state);
        // SAFETY: `location` is this thread's valid, aligned errno slot.
        unsafe { slot.write(state.saved.get()) };
        ErrnoSlot(slot)
    })
}

/// Copies C's `errno` into the saved errno; call right after a foreign call.
#[inline]
pub(crate) fn after_foreign_call(slot: ErrnoSlot) {
    STATE.with(|state| {
        // SAFETY: `slot` came from `before_foreign_call` on this thread (`ErrnoSlot` is not
        // `Send`), so it is this thread's valid, aligned errno slot.
        state.saved.set(unsafe { slot.0.read() });
    });
}

/// On entry to a callback: C's errno becomes the saved errno.
pub(crate) fn enter_callback() {
    STATE.with(|state| {
        // SAFETY: `location` is this thread's valid, aligned errno slot.
        state.saved.set(unsafe { location(state).read() });
    });
}

/// On exit from a callback: the saved errno goes back to C.
pub(crate) fn leave_callback() {
    before_foreign_call();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_errno_round_trips_through_c() {
        set_errno(42);
        let slot = before_foreign_call();
        // SAFETY: reading this thread's errno slot.
        assert_eq!(unsafe { __errno_location().read() }, 42);
        // SAFETY: writing this thread's errno slot, as C code would.
        unsafe { __errno_location().write(7) };
        after_foreign_call(slot);
        assert_eq!(errno(), 7);
    }

    #[test]
    fn errno_is_per_thread() {
        set_errno(5);
        std::thread::spawn(|| assert_eq!(errno(), 0))
            .join()
            .unwrap();
        assert_eq!(errno(), 5);
    }
}
