//! Generators, coroutines and async generators: suspended frames stored in the generator
//! object and resumed on the value stack.
//!
//! Creation copies the bound localsplus into the generator's `SAVED` array (sized for the
//! locals plus the whole value stack), so suspension never allocates: `YIELD_VALUE` copies
//! `localsplus + stack` back into the array and records `pc` and the stack depth. Resuming
//! pushes `[caller exc_info][gen][gen][saved slots...][sent value]` and runs an `ENTRY|GENERATOR` frame.
//! `throw` resumes with the exception pending at the `YIELD_VALUE` offset, so the
//! exception table routes it (e.g. to `CLEANUP_THROW` in a `yield from` loop).
//!
//! The handled exception (`sys.exc_info()`) is swapped on resume/suspend like CPython's
//! `gi_exc_state`. PEP 479: a `StopIteration` escaping the frame becomes `RuntimeError`.
//!
//! Invariant: `STATE` is `RUNNING` exactly while the generator's frame is on the frame stack.

use crate::interp::eval::Exit;
use crate::objects::builtin_func::{MethodDef, meth};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{func_, gen_, obj_};
use crate::runtime::names::n;
use crate::runtime::roots::{C, Frame, ff};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// `asend` state of the awaitable returned by `aclose()` (the close already happened).
const ASEND_CLOSED_OK: u64 = 3;

/// Not started.
pub const CREATED: u32 = 0;
/// Suspended at a `YIELD_VALUE`.
pub const SUSPENDED: u32 = 1;
/// Running.
pub const RUNNING: u32 = 2;
/// Finished.
pub const CLOSED: u32 = 3;

/// Flag in `GFLAGS`: the last `YIELD_VALUE` had no active handler (close needs no throw).
const NO_HANDLERS: u32 = 1;

/// What a resumed generator did.
#[derive(Clone, Copy, Debug)]
pub enum GenResult {
    /// Yielded a value.
    Yield(Value),
    /// Returned (or was already finished: `None`).
    Return(Value),
}

impl Vm {
    /// Creates the generator/coroutine for the function in slot `cs` whose bound
    /// localsplus start at stack slot `locals`.
    pub fn make_generator(&mut self, cs: usize, locals: usize) -> PyResult<Value> {
        let func = Value::from_raw_nonnull(self.slot(cs));
        let code = self.func_code_rt(func);
        // SAFETY: the function in slot `cs` keeps its code alive.
        let co = unsafe { &*code };
        let t = if co.co.flags.has(crate::bytecode::CodeFlags::COROUTINE) {
            T::Coroutine
        } else if co.co.flags.has(crate::bytecode::CodeFlags::ASYNC_GENERATOR) {
            T::AsyncGenerator
        } else {
            T::Generator
        };
        let size = co.nlocalsplus + co.max_stack;
        let nlocals = co.nlocalsplus;
        let arr = self.new_array(size)?;
        for i in 0..nlocals {
            let w = self.slot(locals + i);
            self.init_item(arr, crate::runtime::layout::array_::FIXED, i, w);
        }
        let ar = self.push_root(arr)?;
        let g = self.alloc_t(self.lay.generator, t)?;
        let func = Value::from_raw_nonnull(self.slot(cs));
        let arr = self.get(ar);
        self.init_field(g, gen_::FUNC, Some(func));
        self.init_field(g, gen_::SAVED, Some(arr));
        let name = self.ldv(func, func_::NAME);
        let qualname = self.ldv(func, func_::QUALNAME);
        self.init_field(g, gen_::NAME, name);
        self.init_field(g, gen_::QUALNAME, qualname);
        self.init_field(g, gen_::EXC, None);
        self.init_field(g, gen_::FRAME, None);
        self.init_field(g, gen_::AUX, None);
        self.st_scalar::<u32>(g, gen_::PC, 0);
        self.st_scalar::<u32>(g, gen_::DEPTH, 0);
        self.st_scalar::<u32>(g, gen_::STATE, CREATED);
        self.st_scalar::<u32>(g, gen_::GFLAGS, NO_HANDLERS);
        self.truncate(ar.index());
        Ok(g)
    }

    /// The generator state.
    pub fn gen_state(&self, g: Value) -> u32 {
        self.ld_scalar::<u32>(g, gen_::STATE)
    }

    /// Whether `v` is a generator, coroutine or async generator object.
    pub fn is_gen_like(&self, v: Value) -> bool {
        self.has_layout(v, self.lay.generator)
    }

    /// Suspends the top (generator) frame at `YIELD_VALUE` (already popped): saves the
    /// frame into its generator and pops it.
    pub(crate) fn save_generator(
        &mut self,
        fr: *mut Frame,
        pc: usize,
        base: usize,
        code: &crate::objects::code::CodeRt,
    ) {
        // SAFETY: `fr` is the live top frame record.
        let f = unsafe { *fr };
        let g = Value::from_raw_nonnull(f.gen_obj);
        let arr = self.ldv1(g, gen_::SAVED);
        let top = self.sp();
        for i in base..top {
            let w = self.slot(i);
            self.array_set(arr, i - base, w);
        }
        let depth = top - base - code.nlocalsplus;
        // The YIELD_VALUE argument (bits 1..) counts active handlers.
        let arg = code.code()[pc - 1].arg();
        let flags = if arg >> 1 == 0 { NO_HANDLERS } else { 0 };
        self.st_scalar::<u32>(g, gen_::PC, pc as u32);
        self.st_scalar::<u32>(g, gen_::DEPTH, depth as u32);
        self.st_scalar::<u32>(g, gen_::STATE, SUSPENDED);
        self.st_scalar::<u32>(g, gen_::GFLAGS, flags);
        self.pop_frame();
        self.truncate(f.ret as usize);
    }

    pub(crate) fn finish_generator_frame(&mut self, fr: *mut Frame) {
        // SAFETY: `fr` is the live top frame record.
        let g = Value::from_raw_nonnull(unsafe { (*fr).gen_obj });
        self.st_scalar::<u32>(g, gen_::STATE, CLOSED);
        self.st_field(g, gen_::SAVED, None);
    }

    pub(crate) fn fail_generator_frame(&mut self, f: &Frame) {
        let g = Value::from_raw_nonnull(f.gen_obj);
        self.st_scalar::<u32>(g, gen_::STATE, CLOSED);
        self.st_field(g, gen_::SAVED, None);
    }

    /// Resumes `g` sending `v` (or throwing the pending exception when `throw`).
    ///
    /// Stack layout while the generator runs: `[caller exc_info][g][g = ret slot][localsplus +
    /// saved stack][sent value]`; the caller's handled exception stays rooted in the first
    /// slot and is restored when the frame yields, returns or raises.
    pub fn gen_resume(&mut self, g: Value, v: Value, throw: bool) -> PyResult<GenResult> {
        let state = self.gen_state(g);
        if state == RUNNING || state == CLOSED || (state == CREATED && (throw || !self.is_none(v)))
        {
            return self.gen_resume_edge(g, v, throw, state);
        }
        let kind = self.kind(g);
        let mark = self.sp();
        let func = self.ldv1(g, gen_::FUNC);
        let code = self.func_code_rt(func);
        // SAFETY: the function keeps its code alive; the generator (on the stack below)
        // keeps the function.
        let co = unsafe { &*code };
        if let Err(e) = self
            .ensure_stack(co.nlocalsplus + co.max_stack + crate::runtime::roots::STACK_SLACK + 4)
        {
            if throw {
                let _ = self.take_exc(crate::runtime::errors::PyErr::pending());
            }
            return Err(e);
        }
        let pending = if throw {
            std::mem::take(&mut self.stm().exc)
        } else {
            0
        };
        let caller_exc = self.st().exc_info;
        self.push_unchecked(caller_exc);
        // `g` twice: the frame's result slot (`ret`, dropped when the frame is left) and a
        // copy below it that keeps the generator rooted for the bookkeeping afterwards.
        self.push_unchecked(g.raw());
        let ret = self.sp();
        self.push_unchecked(g.raw());
        let base = self.sp();
        let depth = self.ld_scalar::<u32>(g, gen_::DEPTH) as usize;
        let arr = self.ldv1(g, gen_::SAVED);
        for i in 0..co.nlocalsplus + depth {
            let w = self.array_get(arr, i);
            self.push_unchecked(w);
        }
        let mut pc = self.ld_scalar::<u32>(g, gen_::PC) as usize;
        if state == SUSPENDED {
            self.push_unchecked(v.raw());
            if throw {
                pc -= 1;
            }
        }
        // No allocation happens between taking `pending` and re-raising it below, except
        // on the error path of the frame push (which drops it for the RecursionError).
        if let Err(e) = self.push_frame_for(code, func.raw(), base, ret, ff::ENTRY | ff::GENERATOR)
        {
            self.truncate(mark);
            return Err(e);
        }
        let g = Value::from_raw_nonnull(self.slot(ret));
        let top = self.top_frame_ptr();
        let fo = self.ldv(g, gen_::FRAME);
        // SAFETY: `top` is the frame record just pushed.
        unsafe {
            (*top).gen_obj = g.raw();
            (*top).pc = pc as u32;
            if let Some(fo) = fo {
                (*top).frame_obj = fo.raw();
            }
        }
        if let Some(fo) = fo {
            let idx = self.st().frames.len();
            self.st_scalar::<u64>(fo, crate::interp::frame::frameobj_::LIVE, idx as u64);
        }
        self.st_scalar::<u32>(g, gen_::STATE, RUNNING);
        // Swap in the generator's handled exception.
        let gen_exc = self.ld(g, gen_::EXC);
        self.stm().exc_info = gen_exc;
        if throw {
            self.stm().exc = pending;
        }
        let r = self.run_frames_ex(throw);
        // The frame is gone; the stack is back at `ret` (the rooted copy of `g` below it).
        let g = Value::from_raw_nonnull(self.slot(ret - 1));
        let now_exc = self.st().exc_info;
        let caller_exc = self.slot(mark);
        self.stm().exc_info = caller_exc;
        let set_exc = |vm: &mut Vm, w: usize| {
            if vm.ld(g, gen_::EXC) != w {
                vm.st_field(g, gen_::EXC, Value::from_raw(w));
            }
        };
        let out = match r {
            Ok((v, Exit::Yield)) => {
                set_exc(self, now_exc);
                Ok(GenResult::Yield(v))
            }
            Ok((v, Exit::Return)) => {
                set_exc(self, 0);
                Ok(GenResult::Return(v))
            }
            Err(e) => {
                set_exc(self, 0);
                Err(self.pep479(e, kind))
            }
        };
        self.truncate(mark);
        out
    }

    /// `gen_resume` for running, closed or just-created generators with a value or a throw.
    #[cold]
    fn gen_resume_edge(
        &mut self,
        g: Value,
        v: Value,
        throw: bool,
        state: u32,
    ) -> PyResult<GenResult> {
        let kind = self.kind(g);
        let what = match kind {
            Kind::Coroutine => "coroutine",
            Kind::AsyncGenerator => "async generator",
            _ => "generator",
        };
        if state == RUNNING {
            if throw {
                let _ = self.take_exc(crate::runtime::errors::PyErr::pending());
            }
            return Err(crate::raise!(self, ValueError, "{what} already executing"));
        }
        if state == CLOSED {
            if throw {
                return Err(crate::runtime::errors::PyErr::pending());
            }
            if kind == Kind::Coroutine {
                return Err(self.runtime_error("cannot reuse already awaited coroutine"));
            }
            return Ok(GenResult::Return(self.none()));
        }
        if throw {
            // Throwing into a just-created generator: raise at its first instruction
            // without running any of it (CPython marks it finished).
            self.st_scalar::<u32>(g, gen_::STATE, CLOSED);
            self.st_field(g, gen_::SAVED, None);
            return Err(crate::runtime::errors::PyErr::pending());
        }
        let _ = v;
        Err(crate::raise!(
            self,
            TypeError,
            "can't send non-None value to a just-started {what}"
        ))
    }

    /// PEP 479: `StopIteration` (or `StopAsyncIteration` in async generators) escaping a
    /// generator frame becomes `RuntimeError`.
    fn pep479(
        &mut self,
        e: crate::runtime::errors::PyErr,
        kind: Kind,
    ) -> crate::runtime::errors::PyErr {
        let exc = self.peek_exc(&e);
        let (is_stop, msg) = match kind {
            Kind::Coroutine => (
                self.isinstance_builtin(exc, T::StopIteration),
                "coroutine raised StopIteration",
            ),
            Kind::AsyncGenerator => {
                if self.isinstance_builtin(exc, T::StopAsyncIteration) {
                    (true, "async generator raised StopAsyncIteration")
                } else {
                    (
                        self.isinstance_builtin(exc, T::StopIteration),
                        "async generator raised StopIteration",
                    )
                }
            }
            _ => (
                self.isinstance_builtin(exc, T::StopIteration),
                "generator raised StopIteration",
            ),
        };
        if !is_stop {
            return e;
        }
        let exc = self.take_exc(e);
        let mark = self.sp();
        let r = (|| -> PyResult<Value> {
            let er = self.push_root(exc)?;
            let m = self.new_str(msg)?;
            let re = self.new_exception1(T::RuntimeError, m)?;
            let rr = self.push_root(re)?;
            let exc = self.get(er);
            self.exc_set_field(
                self.get(rr),
                crate::objects::exceptions::EXC_CAUSE,
                Some(exc),
            );
            self.exc_set_field(
                self.get(rr),
                crate::objects::exceptions::EXC_CONTEXT,
                Some(exc),
            );
            let t = self.c(C::True);
            self.exc_set_field(
                self.get(rr),
                crate::objects::exceptions::EXC_SUPPRESS,
                Some(t),
            );
            Ok(self.get(rr))
        })();
        self.truncate(mark);
        match r {
            Ok(re) => self.reraise(re),
            Err(e2) => e2,
        }
    }

    /// `gen.send(v)`.
    pub fn gen_send(&mut self, g: Value, v: Value) -> PyResult<GenResult> {
        self.gen_resume(g, v, false)
    }

    /// `next(gen)` for iteration: `None` when exhausted.
    pub fn gen_next(&mut self, g: Value) -> PyResult<Option<Value>> {
        if self.kind(g) != Kind::Generator {
            let tn = self.type_name(g);
            return Err(crate::raise!(
                self,
                TypeError,
                "'{tn}' object is not an iterator"
            ));
        }
        let none = self.none();
        match self.gen_resume(g, none, false)? {
            GenResult::Yield(v) => Ok(Some(v)),
            GenResult::Return(_) => Ok(None),
        }
    }

    /// Raises `StopIteration(value)` (no argument for `None`).
    pub fn stop_iteration_with(&mut self, v: Value) -> crate::runtime::errors::PyErr {
        if self.is_none(v) {
            return self.new_error0(T::StopIteration);
        }
        self.new_error_with(T::StopIteration, v)
    }

    /// `gen.throw(exc)` with the exception already raised (pending). A `yield from` /
    /// `await` delegate gets the exception first (CPython's `_gen_throw`); whatever it
    /// raises (a `StopIteration` carrying its return value included) is then thrown into
    /// this frame at its `YIELD_VALUE`, where the exception table routes it to
    /// `CLEANUP_THROW`.
    pub fn gen_throw_pending(&mut self, g: Value) -> PyResult<GenResult> {
        let none = self.none();
        let Some(yf) = self.gen_yieldfrom(g) else {
            return self.gen_resume(g, none, true);
        };
        let mark = self.sp();
        let gr = self.push_root(g)?;
        let exc = self.take_exc(crate::runtime::errors::PyErr::pending());
        let er = self.push_root(exc)?;
        let yr = self.push_root(yf)?;
        let outcome: Result<Option<GenResult>, crate::runtime::errors::PyErr> =
            if self.isinstance_builtin(exc, T::GeneratorExit) {
                match self.close_any(self.get(yr)) {
                    Ok(()) => {
                        let e = self.get(er);
                        Err(self.reraise(e))
                    }
                    Err(e) => Err(e),
                }
            } else if self.is_gen_like(yf) && self.kind(yf) != Kind::AsyncGenerator {
                let e = self.get(er);
                let _ = self.reraise(e);
                match self.gen_throw_pending(self.get(yr)) {
                    Ok(GenResult::Yield(v)) => Ok(Some(GenResult::Yield(v))),
                    Ok(GenResult::Return(v)) => Err(self.stop_iteration_with(v)),
                    Err(e) => Err(e),
                }
            } else {
                match self.getattr_opt(self.get(yr), n::THROW) {
                    Ok(Some(t)) => {
                        let exc = self.get(er);
                        let et = self.type_of(exc);
                        let tb = self.exc_traceback(exc).unwrap_or_else(|| self.none());
                        match self.call(t, &[et, exc, tb]) {
                            Ok(v) => Ok(Some(GenResult::Yield(v))),
                            Err(e) => Err(e),
                        }
                    }
                    Ok(None) => {
                        let e = self.get(er);
                        Err(self.reraise(e))
                    }
                    Err(e) => Err(e),
                }
            };
        let g = self.get(gr);
        self.truncate(mark);
        match outcome {
            Ok(Some(r)) => Ok(r),
            Ok(None) => unreachable!("every branch yields or raises"),
            Err(_pending) => self.gen_resume(g, none, true),
        }
    }

    /// The `yield from`/`await` delegate of a suspended generator (top of its saved stack
    /// when the last yield was a delegation).
    pub fn gen_yieldfrom(&self, g: Value) -> Option<Value> {
        if self.gen_state(g) != SUSPENDED {
            return None;
        }
        let func = self.ldv1(g, gen_::FUNC);
        let code = self.func_code_rt(func);
        // SAFETY: the function keeps its code alive.
        let co = unsafe { &*code };
        let pc = self.ld_scalar::<u32>(g, gen_::PC) as usize;
        let arg = co.code().get(pc.checked_sub(1)?)?.arg();
        if arg & 1 == 0 {
            return None;
        }
        let depth = self.ld_scalar::<u32>(g, gen_::DEPTH) as usize;
        if depth == 0 {
            return None;
        }
        let arr = self.ldv(g, gen_::SAVED)?;
        // The delegate sits below the yielded value's slot: the receiver of SEND.
        Value::from_raw(self.array_get(arr, co.nlocalsplus + depth - 1))
    }

    /// `gen.close()`.
    pub fn gen_close(&mut self, g: Value) -> PyResult<()> {
        let state = self.gen_state(g);
        if state == CREATED {
            self.st_scalar::<u32>(g, gen_::STATE, CLOSED);
            self.st_field(g, gen_::SAVED, None);
            return Ok(());
        }
        if state == CLOSED {
            return Ok(());
        }
        let flags = self.ld_scalar::<u32>(g, gen_::GFLAGS);
        if flags & NO_HANDLERS != 0 && self.gen_yieldfrom(g).is_none() {
            self.st_scalar::<u32>(g, gen_::STATE, CLOSED);
            self.st_field(g, gen_::SAVED, None);
            return Ok(());
        }
        let mark = self.sp();
        let gr = self.push_root(g)?;
        let e = self.new_error0(T::GeneratorExit);
        let _ = e;
        let r = self.gen_throw_pending(self.get(gr));
        self.truncate(mark);
        match r {
            Ok(GenResult::Yield(_)) => {
                let what = if self.kind(g) == Kind::Coroutine {
                    "coroutine"
                } else {
                    "generator"
                };
                Err(crate::raise!(
                    self,
                    RuntimeError,
                    "{what} ignored GeneratorExit"
                ))
            }
            Ok(GenResult::Return(_)) => Ok(()),
            Err(e) => {
                if self.err_matches(&e, T::GeneratorExit) || self.err_matches(&e, T::StopIteration)
                {
                    let _ = self.take_exc(e);
                    Ok(())
                } else {
                    Err(e)
                }
            }
        }
    }

    /// Closes any iterator-like object (generators natively, others via `close()`).
    pub fn close_any(&mut self, v: Value) -> PyResult<()> {
        if self.is_gen_like(v) {
            return self.gen_close(v);
        }
        let close = n::CLOSE;
        if let Some(c) = self.getattr_opt(v, close)? {
            self.call0(c)?;
        }
        Ok(())
    }

    /// `SEND`: `(receiver v -- receiver result)`; `true` when the receiver returned.
    pub(crate) fn op_send(&mut self, recv: Value, v: Value) -> PyResult<(Value, bool)> {
        if self.is_gen_like(recv) && self.kind(recv) != Kind::AsyncGenerator {
            return match self.gen_send(recv, v)? {
                GenResult::Yield(r) => Ok((r, false)),
                GenResult::Return(r) => Ok((r, true)),
            };
        }
        if self.kind(recv) == Kind::Other && self.is_exact(recv, T::AsyncGenASend) {
            return self.asend_send(recv, v);
        }
        let r = if self.is_none(v) {
            let ty = self.type_of(recv);
            match self.lookup_special(ty, n::NEXT) {
                Some(m) => self.call_special_found(m, recv, &[]),
                None => {
                    let tn = self.type_name(recv);
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "'{tn}' object is not an iterator"
                    ));
                }
            }
        } else {
            self.call_method(recv, n::SEND, &[v])
        };
        match r {
            Ok(x) => Ok((x, false)),
            Err(e) if self.err_matches(&e, T::StopIteration) => {
                let si = self.take_exc(e);
                let value = self
                    .exc_field(si, crate::objects::exceptions::EXC_X0)
                    .unwrap_or_else(|| self.none());
                Ok((value, true))
            }
            Err(e) => Err(e),
        }
    }

    // ----- async ---------------------------------------------------------------------------

    pub(crate) fn op_get_aiter(&mut self, v: Value) -> PyResult<Value> {
        let ty = self.type_of(v);
        let Some(m) = self.lookup_special(ty, n::AITER) else {
            let tn = self.type_name(v);
            return Err(crate::raise!(
                self,
                TypeError,
                "'async for' requires an object with __aiter__ method, got {tn}"
            ));
        };
        let it = self.call_special_found(m, v, &[])?;
        let it_ty = self.type_of(it);
        if self.kind(it) != Kind::AsyncGenerator && self.lookup_special(it_ty, n::ANEXT).is_none() {
            let tn = self.type_name(it);
            return Err(crate::raise!(
                self,
                TypeError,
                "'async for' received an object from __aiter__ that does not implement __anext__: {tn}"
            ));
        }
        Ok(it)
    }

    pub(crate) fn op_get_anext(&mut self, aiter: Value) -> PyResult<Value> {
        if self.kind(aiter) == Kind::AsyncGenerator {
            let none = self.none();
            return self.new_asend(aiter, none);
        }
        let ty = self.type_of(aiter);
        let Some(m) = self.lookup_special(ty, n::ANEXT) else {
            let tn = self.type_name(aiter);
            return Err(crate::raise!(
                self,
                TypeError,
                "'async for' requires an iterator with __anext__ method, got {tn}"
            ));
        };
        let aw = self.call_special_found(m, aiter, &[])?;
        self.op_get_awaitable(aw, 3)
    }

    /// `GET_AWAITABLE where` (0 await, 1 `__aenter__`, 2 `__aexit__`, 3 `__anext__`).
    pub(crate) fn op_get_awaitable(&mut self, v: Value, wher: usize) -> PyResult<Value> {
        match self.kind(v) {
            Kind::Coroutine => {
                if self.gen_state(v) == RUNNING
                    || self.gen_yieldfrom(v).is_some() && self.gen_state(v) == RUNNING
                {
                    return Err(self.runtime_error("coroutine is being awaited already"));
                }
                return Ok(v);
            }
            Kind::Generator => {
                let func = self.ldv1(v, gen_::FUNC);
                let code = self.func_code_rt(func);
                // SAFETY: the function keeps its code alive.
                if unsafe { &*code }
                    .co
                    .flags
                    .has(crate::bytecode::CodeFlags::ITERABLE_COROUTINE)
                {
                    return Ok(v);
                }
            }
            _ => {}
        }
        if self.is_exact(v, T::AsyncGenASend) || self.is_exact(v, T::AsyncGenAThrow) {
            return Ok(v);
        }
        let ty = self.type_of(v);
        let Some(m) = self.lookup_special(ty, n::AWAIT) else {
            let tn = self.type_name(v);
            return Err(match wher {
                1 => crate::raise!(
                    self,
                    TypeError,
                    "'async with' received an object from __aenter__ that does not implement __await__: {tn}"
                ),
                2 => crate::raise!(
                    self,
                    TypeError,
                    "'async with' received an object from __aexit__ that does not implement __await__: {tn}"
                ),
                3 => crate::raise!(
                    self,
                    TypeError,
                    "'async for' received an invalid object from __anext__: {tn}"
                ),
                _ => crate::raise!(
                    self,
                    TypeError,
                    "object {tn} can't be used in 'await' expression"
                ),
            });
        };
        let it = self.call_special_found(m, v, &[])?;
        if self.kind(it) == Kind::Coroutine {
            return Err(self.type_error("__await__() returned a coroutine"));
        }
        let it_ty = self.type_of(it);
        if !self.is_iterator_type(it_ty) {
            let tn = self.type_name(it);
            return Err(crate::raise!(
                self,
                TypeError,
                "__await__() returned non-iterator of type '{tn}'"
            ));
        }
        Ok(it)
    }

    /// `ASYNC_GEN_WRAP`: marks a value yielded by an async generator.
    pub(crate) fn async_gen_wrap(&mut self, v: Value) -> PyResult<Value> {
        let mark = self.sp();
        let vr = self.push_root(v)?;
        let w = self.alloc_t(self.lay.obj[2][0], T::AsyncGenWrapped)?;
        let v = self.get(vr);
        self.init_field(w, obj_::A, Some(v));
        self.truncate(mark);
        Ok(w)
    }

    /// An `asend` awaitable for async generator `g` sending `v` (`obj[3][1]`:
    /// `[type][gen][value][state]`; state 0 = not started, 1 = running, 2 = done).
    pub fn new_asend(&mut self, g: Value, v: Value) -> PyResult<Value> {
        let mark = self.sp();
        let gr = self.push_root(g)?;
        let vr = self.push_root(v)?;
        let a = self.alloc_t(self.lay.obj[3][1], T::AsyncGenASend)?;
        let (g, v) = (self.get(gr), self.get(vr));
        self.init_field(a, obj_::A, Some(g));
        self.init_field(a, obj_::B, Some(v));
        self.st_scalar::<u64>(a, obj_::x(3), 0);
        self.truncate(mark);
        Ok(a)
    }

    /// Drives an `asend`: returns `(value, done)` like `SEND`.
    pub fn asend_send(&mut self, a: Value, v: Value) -> PyResult<(Value, bool)> {
        let state = self.ld_scalar::<u64>(a, obj_::x(3));
        if state == ASEND_CLOSED_OK {
            // The awaitable of `aclose()` (the generator was closed already): done, None.
            self.st_scalar::<u64>(a, obj_::x(3), 2);
            return Ok((self.none(), true));
        }
        if state == 2 {
            return Err(self.runtime_error("cannot reuse already awaited __anext__()/asend()"));
        }
        let mark = self.sp();
        let ar = self.push_root(a)?;
        let send = if state == 0 { self.ldv1(a, obj_::B) } else { v };
        self.st_scalar::<u64>(a, obj_::x(3), 1);
        let g = self.ldv1(a, obj_::A);
        let r = self.gen_send(g, send);
        let a = self.get(ar);
        self.truncate(mark);
        match r {
            Ok(GenResult::Yield(y)) => {
                if self.is_exact(y, T::AsyncGenWrapped) {
                    self.st_scalar::<u64>(a, obj_::x(3), 2);
                    let inner = self.ldv1(y, obj_::A);
                    return Ok((inner, true));
                }
                Ok((y, false))
            }
            Ok(GenResult::Return(_)) => {
                self.st_scalar::<u64>(a, obj_::x(3), 2);
                Err(self.new_error0(T::StopAsyncIteration))
            }
            Err(e) => {
                self.st_scalar::<u64>(a, obj_::x(3), 2);
                Err(e)
            }
        }
    }
}

// ----- Python-level methods --------------------------------------------------------------

fn self_gen(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    let g = args.get(vm, 0);
    if !vm.is_gen_like(g) {
        return Err(crate::raise!(
            vm,
            TypeError,
            "descriptor '{name}' requires a generator"
        ));
    }
    Ok(g)
}

fn gen_send_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "send", 2, 2)?;
    let g = self_gen(vm, args, "send")?;
    let v = args.get(vm, 1);
    match vm.gen_send(g, v)? {
        GenResult::Yield(y) => Ok(y),
        GenResult::Return(r) => Err(vm.stop_iteration_with(r)),
    }
}

fn gen_next_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__next__", 1, 1)?;
    let g = self_gen(vm, args, "__next__")?;
    let none = vm.none();
    match vm.gen_send(g, none)? {
        GenResult::Yield(y) => Ok(y),
        GenResult::Return(r) => Err(vm.stop_iteration_with(r)),
    }
}

fn gen_iter_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.get(vm, 0))
}

fn gen_throw_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "throw", 2, 4)?;
    let g = self_gen(vm, args, "throw")?;
    let _ = g;
    let typ = args.get(vm, 1);
    let val = args.opt(vm, 2).filter(|v| !vm.is_none(*v));
    let exc = if vm.is_exception_type(typ) {
        match val {
            Some(v) if vm.is_exception(v) => v,
            Some(v) => {
                // `throw(Type, value)`: `Type(*value)` for a tuple, else `Type(value)`; both
                // stay rooted in `args` during the call.
                let items: Vec<Value> = match vm.as_tuple_obj(v) {
                    Some(t) => vm.tuple_items(t).to_vec(),
                    None => vec![v],
                };
                vm.call(args.get(vm, 1), &items)?
            }
            None => vm.call0(typ)?,
        }
    } else if vm.is_exception(typ) {
        if val.is_some() {
            return Err(vm.type_error("instance exception may not have a separate value"));
        }
        typ
    } else {
        let tn = vm.type_name(typ);
        return Err(crate::raise!(
            vm,
            TypeError,
            "exceptions must be classes or instances deriving from BaseException, not {tn}"
        ));
    };
    // A class whose `__new__` returns something else: like CPython, the TypeError about it
    // is what gets thrown into the generator.
    let exc = if vm.is_exception(exc) {
        if let Some(tb) = args.opt(vm, 3).filter(|v| !vm.is_none(*v)) {
            vm.exc_set_field(exc, crate::objects::exceptions::EXC_TRACEBACK, Some(tb));
        }
        exc
    } else {
        let typ = args.get(vm, 1);
        let (what, tn) = (vm.debug_repr(typ), vm.type_name(exc));
        let e = crate::raise!(
            vm,
            TypeError,
            "calling {what} should have returned an instance of BaseException, not {tn}"
        );
        vm.take_exc(e)
    };
    let _ = vm.raise(exc);
    let g = args.get(vm, 0);
    match vm.gen_throw_pending(g)? {
        GenResult::Yield(y) => Ok(y),
        GenResult::Return(r) => Err(vm.stop_iteration_with(r)),
    }
}

fn gen_close_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "close", 1, 1)?;
    let g = self_gen(vm, args, "close")?;
    vm.gen_close(g)?;
    Ok(vm.none())
}

fn coro_await_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = args.get(vm, 0);
    let mark = vm.sp();
    let gr = vm.push_root(g)?;
    let w = vm.alloc_t(vm.lay.obj[2][0], T::CoroutineWrapper)?;
    let g = vm.get(gr);
    vm.init_field(w, obj_::A, Some(g));
    vm.truncate(mark);
    Ok(w)
}

fn wrapper_target(vm: &Vm, args: Args) -> Value {
    vm.ldv1(args.get(vm, 0), obj_::A)
}

fn cw_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = wrapper_target(vm, args);
    let none = vm.none();
    match vm.gen_send(g, none)? {
        GenResult::Yield(y) => Ok(y),
        GenResult::Return(r) => Err(vm.stop_iteration_with(r)),
    }
}

fn cw_send(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "send", 2, 2)?;
    let g = wrapper_target(vm, args);
    let v = args.get(vm, 1);
    match vm.gen_send(g, v)? {
        GenResult::Yield(y) => Ok(y),
        GenResult::Return(r) => Err(vm.stop_iteration_with(r)),
    }
}

fn cw_throw(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = wrapper_target(vm, args);
    let base = vm.sp();
    vm.push_root(vm.ty(T::Coroutine))?;
    let _ = base;
    vm.set_slot(args.start as usize, g.raw());
    gen_throw_m(vm, args)
}

fn cw_close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = wrapper_target(vm, args);
    vm.gen_close(g)?;
    Ok(vm.none())
}

fn asend_send_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.get(vm, 0);
    let v = args.opt(vm, 1).unwrap_or_else(|| vm.none());
    match vm.asend_send(a, v)? {
        (r, true) => Err(vm.stop_iteration_with(r)),
        (r, false) => Ok(r),
    }
}

fn asend_throw_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.get(vm, 0);
    let g = vm.ldv1(a, obj_::A);
    vm.set_slot(args.start as usize, g.raw());
    gen_throw_m(vm, args)
}

fn agen_anext(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = args.get(vm, 0);
    let none = vm.none();
    vm.new_asend(g, none)
}

fn agen_asend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "asend", 2, 2)?;
    let g = args.get(vm, 0);
    let v = args.get(vm, 1);
    vm.new_asend(g, v)
}

fn agen_aclose(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = args.get(vm, 0);
    vm.gen_close(g)?;
    // A completed awaitable: awaiting it finishes at once with None.
    let none = vm.none();
    let a = vm.new_asend(g, none)?;
    vm.st_scalar::<u64>(a, obj_::x(3), ASEND_CLOSED_OK);
    Ok(a)
}

/// Methods of `generator`.
pub static GENERATOR_METHODS: &[MethodDef] = &[
    meth("send", gen_send_m),
    meth("throw", gen_throw_m),
    meth("close", gen_close_m),
    meth("__next__", gen_next_m),
    meth("__iter__", gen_iter_m),
];

/// Methods of `coroutine`.
pub static COROUTINE_METHODS: &[MethodDef] = &[
    meth("send", gen_send_m),
    meth("throw", gen_throw_m),
    meth("close", gen_close_m),
    meth("__await__", coro_await_m),
];

/// Methods of `coroutine_wrapper`.
pub static COROUTINE_WRAPPER_METHODS: &[MethodDef] = &[
    meth("__next__", cw_next),
    meth("__iter__", gen_iter_m),
    meth("send", cw_send),
    meth("throw", cw_throw),
    meth("close", cw_close),
];

/// Methods of `async_generator`.
pub static ASYNC_GENERATOR_METHODS: &[MethodDef] = &[
    meth("__anext__", agen_anext),
    meth("__aiter__", gen_iter_m),
    meth("asend", agen_asend),
    meth("aclose", agen_aclose),
];

/// Methods of `async_generator_asend`.
pub static ASEND_METHODS: &[MethodDef] = &[
    meth("send", asend_send_m),
    meth("throw", asend_throw_m),
    meth("__await__", gen_iter_m),
    meth("__iter__", gen_iter_m),
    meth("__next__", asend_send_m),
];
