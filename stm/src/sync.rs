//! Synchronisation shim: the one place that names the atomics, locks, thread-locals and
//! spin/yield primitives the crate uses.
//!
//! In a normal build these are `std` atomics and `parking_lot` locks. Built with
//! `RUSTFLAGS="--cfg loom"` they are loom's instrumented versions, so the model tests in
//! `tests/loom.rs` explore the interleavings of the real commit/validation protocol rather
//! than of a copy. Every other module imports its primitives from here, never from `std`
//! or `parking_lot` directly; that is the invariant that makes the loom models meaningful.
//!
//! Loom only explores what it can see: a spin loop must go through [`spin_hint`] or
//! [`yield_now`] (loom turns both into a scheduler yield), and global state must be created
//! per model execution, which is why [`global!`] wraps `loom::lazy_static!` under loom.

#[cfg(not(loom))]
pub(crate) mod atomic {
    pub(crate) use std::sync::atomic::{
        AtomicBool, AtomicPtr, AtomicU32, AtomicU64, Ordering, fence,
    };
}

#[cfg(loom)]
pub(crate) mod atomic {
    pub(crate) use loom::sync::atomic::{
        AtomicBool, AtomicPtr, AtomicU32, AtomicU64, Ordering, fence,
    };
}

/// A mutual-exclusion lock with the `parking_lot` calling convention (no poisoning).
pub(crate) struct Mutex<T> {
    #[cfg(not(loom))]
    inner: parking_lot::Mutex<T>,
    #[cfg(loom)]
    inner: loom::sync::Mutex<T>,
}

/// Guard returned by [`Mutex::lock`].
#[cfg(not(loom))]
pub(crate) type MutexGuard<'a, T> = parking_lot::MutexGuard<'a, T>;
/// Guard returned by [`Mutex::lock`].
#[cfg(loom)]
pub(crate) type MutexGuard<'a, T> = loom::sync::MutexGuard<'a, T>;

impl<T> Mutex<T> {
    pub(crate) fn new(value: T) -> Self {
        Mutex {
            #[cfg(not(loom))]
            inner: parking_lot::Mutex::new(value),
            #[cfg(loom)]
            inner: loom::sync::Mutex::new(value),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        #[cfg(not(loom))]
        {
            self.inner.lock()
        }
        #[cfg(loom)]
        {
            // Poisoning cannot happen: no code panics while holding one of our locks.
            self.inner.lock().unwrap_or_else(|e| e.into_inner())
        }
    }

    pub(crate) fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        #[cfg(not(loom))]
        {
            self.inner.try_lock()
        }
        #[cfg(loom)]
        {
            self.inner.try_lock().ok()
        }
    }
}

/// A condition variable paired with [`Mutex`].
pub(crate) struct Condvar {
    #[cfg(not(loom))]
    inner: parking_lot::Condvar,
    #[cfg(loom)]
    inner: loom::sync::Condvar,
}

impl Condvar {
    pub(crate) fn new() -> Self {
        Condvar {
            #[cfg(not(loom))]
            inner: parking_lot::Condvar::new(),
            #[cfg(loom)]
            inner: loom::sync::Condvar::new(),
        }
    }

    /// Blocks until notified (spurious wake-ups are possible: callers loop on a predicate).
    pub(crate) fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
        #[cfg(not(loom))]
        {
            let mut guard = guard;
            self.inner.wait(&mut guard);
            guard
        }
        #[cfg(loom)]
        {
            self.inner.wait(guard).unwrap_or_else(|e| e.into_inner())
        }
    }

    pub(crate) fn notify_all(&self) {
        self.inner.notify_all();
    }

    pub(crate) fn notify_one(&self) {
        self.inner.notify_one();
    }
}

/// One iteration of a busy-wait loop.
#[inline]
pub(crate) fn spin_hint() {
    #[cfg(not(loom))]
    std::hint::spin_loop();
    #[cfg(loom)]
    loom::hint::spin_loop();
}

/// Gives the rest of the time slice to another thread.
#[inline]
pub(crate) fn yield_now() {
    #[cfg(not(loom))]
    std::thread::yield_now();
    #[cfg(loom)]
    loom::thread::yield_now();
}

/// Declares a lazily initialised global (`static NAME: Type = init;`). Under loom the value
/// is created afresh for every model execution, as loom requires.
macro_rules! global {
    ($(#[$attr:meta])* static $name:ident : $ty:ty = $init:expr;) => {
        #[cfg(not(loom))]
        $(#[$attr])*
        static $name: std::sync::LazyLock<$ty> = std::sync::LazyLock::new(|| $init);
        #[cfg(loom)]
        loom::lazy_static! {
            $(#[$attr])*
            static ref $name: $ty = $init;
        }
    };
}
pub(crate) use global;

/// Declares a thread-local (`static NAME: Type = init;`), loom-aware.
macro_rules! thread_local_value {
    ($(#[$attr:meta])* static $name:ident : $ty:ty = $init:expr;) => {
        #[cfg(not(loom))]
        std::thread_local! {
            $(#[$attr])*
            static $name: $ty = $init;
        }
        #[cfg(loom)]
        loom::thread_local! {
            $(#[$attr])*
            static $name: $ty = $init;
        }
    };
}
pub(crate) use thread_local_value;
