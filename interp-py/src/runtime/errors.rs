//! `PyErr`: the marker of a raised Python exception, and the raising helpers.
//!
//! The exception object itself lives in the VM state (`State::exc`, a GC root), not in the
//! `PyErr`, because a `PyErr` travels through Rust code across safepoints where an unrooted
//! reference would go stale. `PyErr` is zero-sized, so `PyResult<Value>` is one word.
//!
//! Protocol: `vm.raise(exc)` stores the exception and returns the `PyErr`; whoever receives
//! an `Err(e)` either propagates it unchanged or takes the exception with `vm.take_exc(e)`
//! (rooting it if it keeps it across a safepoint) before anything else can raise.
//!
//! Invariant: `State::exc != 0` exactly while a `PyErr` is in flight.

use super::builtin_types::T;
use super::value::Value;
use super::vm::Vm;

/// A raised Python exception (the exception object is in the VM state).
#[must_use = "a PyErr must be propagated or taken with vm.take_exc"]
#[derive(Debug)]
pub struct PyErr {
    _private: (),
}

/// Result of operations that may raise.
pub type PyResult<T> = Result<T, PyErr>;

impl PyErr {
    /// The token of the exception already stored in the state (for the interpreter's
    /// error paths, which hand the same in-flight exception around).
    pub(crate) fn pending() -> PyErr {
        PyErr { _private: () }
    }
}

impl Vm {
    /// Raises `exc` (an exception instance), chaining it to the exception being handled
    /// (`__context__`, CPython's implicit chaining, cycles cut).
    #[inline]
    pub fn raise(&mut self, exc: Value) -> PyErr {
        let handled = self.st().exc_info;
        if handled != 0 && handled != exc.raw() && self.is_exception(exc) {
            self.chain_context(exc, Value::from_raw_nonnull(handled));
        }
        self.stm().exc = exc.raw();
        PyErr { _private: () }
    }

    #[inline(never)]
    fn chain_context(&mut self, exc: Value, handled: Value) {
        use crate::objects::exceptions::EXC_CONTEXT;
        // Cut a cycle through the context chain (Floyd-free: chains are short, bounded).
        let mut o = handled;
        let mut steps = 0;
        while let Some(ctx) = self.exc_context(o) {
            if ctx == exc {
                let none = self.none();
                self.exc_set_field(o, EXC_CONTEXT, Some(none));
                break;
            }
            o = ctx;
            steps += 1;
            if steps > 10_000 {
                break;
            }
        }
        self.exc_set_field(exc, EXC_CONTEXT, Some(handled));
    }

    /// Takes the exception of a `PyErr` out of the state.
    #[inline]
    pub fn take_exc(&mut self, _e: PyErr) -> Value {
        let w = std::mem::take(&mut self.stm().exc);
        Value::from_raw(w).unwrap_or_else(|| self.none())
    }

    /// The exception of a `PyErr`, left in place.
    #[inline]
    pub fn peek_exc(&self, _e: &PyErr) -> Value {
        Value::from_raw(self.st().exc).unwrap_or_else(|| self.none())
    }

    /// Re-raises an exception taken earlier (same object, no implicit chaining).
    #[inline]
    pub fn reraise(&mut self, exc: Value) -> PyErr {
        self.stm().exc = exc.raw();
        PyErr { _private: () }
    }

    /// Whether the in-flight exception is an instance of the builtin `t`.
    pub fn err_matches(&self, e: &PyErr, t: T) -> bool {
        let exc = self.peek_exc(e);
        self.isinstance_builtin(exc, t)
    }

    /// Creates an exception of the builtin type `t` with the single argument `msg` and
    /// raises it.
    #[cold]
    pub fn new_error(&mut self, t: T, msg: &str) -> PyErr {
        let r = self.new_str(msg).and_then(|m| self.new_exception1(t, m));
        match r {
            Ok(exc) => self.raise(exc),
            Err(e) => e,
        }
    }

    /// Creates an exception of the builtin type `t` with `arg` as its only argument and
    /// raises it.
    #[cold]
    pub fn new_error_with(&mut self, t: T, arg: Value) -> PyErr {
        match self.new_exception1(t, arg) {
            Ok(exc) => self.raise(exc),
            Err(e) => e,
        }
    }

    /// Raises an exception of type `t` with no arguments.
    #[cold]
    pub fn new_error0(&mut self, t: T) -> PyErr {
        match self.new_exception0(t) {
            Ok(exc) => self.raise(exc),
            Err(e) => e,
        }
    }

    /// `TypeError(msg)`.
    #[cold]
    pub fn type_error(&mut self, msg: &str) -> PyErr {
        self.new_error(T::TypeError, msg)
    }

    /// `ValueError(msg)`.
    #[cold]
    pub fn value_error(&mut self, msg: &str) -> PyErr {
        self.new_error(T::ValueError, msg)
    }

    /// `IndexError(msg)`.
    #[cold]
    pub fn index_error(&mut self, msg: &str) -> PyErr {
        self.new_error(T::IndexError, msg)
    }

    /// `OverflowError(msg)`.
    #[cold]
    pub fn overflow_error(&mut self, msg: &str) -> PyErr {
        self.new_error(T::OverflowError, msg)
    }

    /// `ZeroDivisionError(msg)`.
    #[cold]
    pub fn zero_division(&mut self, msg: &str) -> PyErr {
        self.new_error(T::ZeroDivisionError, msg)
    }

    /// `RuntimeError(msg)`.
    #[cold]
    pub fn runtime_error(&mut self, msg: &str) -> PyErr {
        self.new_error(T::RuntimeError, msg)
    }

    /// `KeyError(key)`.
    #[cold]
    pub fn key_error(&mut self, key: Value) -> PyErr {
        self.new_error_with(T::KeyError, key)
    }

    /// `StopIteration()` (no value).
    #[cold]
    pub fn stop_iteration(&mut self) -> PyErr {
        self.new_error0(T::StopIteration)
    }

    /// `TypeError: 'X' object ...` with the type name of `v` substituted for `{}`.
    #[cold]
    pub fn type_error_obj(&mut self, fmt: &str, v: Value) -> PyErr {
        let name = self.type_name(v);
        self.type_error(&fmt.replacen("{}", &name, 1))
    }
}

/// `raise!(vm, TypeError, "fmt", args...)`: creates and raises a builtin exception with a
/// formatted message; evaluates to the `PyErr`.
#[macro_export]
macro_rules! raise {
    ($vm:expr, $t:ident, $($fmt:tt)*) => {
        $vm.new_error($crate::runtime::builtin_types::T::$t, &format!($($fmt)*))
    };
}
