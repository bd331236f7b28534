//! Callbacks: C calling a Rust closure through a function pointer (libffi closures).
//!
//! Design: a [`Callback`] owns a libffi closure whose code pointer C can call like any
//! function of the declared type. The trampoline decodes the C arguments into [`Value`]s
//! (pointers as foreign cdata, structs by value as owned copies), calls the Rust closure,
//! and encodes its result as the declared C result type. Nothing may unwind into C, so a
//! closure that returns an error, returns a value of the wrong type, or panics makes the
//! callback return zero (all-zero bytes for a struct) to C, and the error is recorded for
//! [`Callback::take_errors`] (cffi prints the traceback and returns the `error` value; here
//! the runtime decides what to report). errno is saved on entry and restored on exit, so the
//! closure sees C's errno through [`crate::errno`] and can set the one C sees afterwards.
//!
//! Invariants: the closure, its `Cif` and its data live as long as the `Callback` and every
//! cdata made from it (they hold an `Rc`); C must not call the pointer after all of them
//! are gone (the same contract as cffi's "keep the callback object alive"). Calls from a
//! thread other than the creating one are refused (zero result, counted), because the
//! closure need not be thread-safe.

use std::cell::RefCell;
use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use libffi::low::ffi_closure;
use libffi::middle::Cif;

use crate::call::{ArgConv, ParamPlan, RetConv, arg_conv, ret_conv};
use crate::cdata::CData;
use crate::convert::{decode_scalar, pointer_bits, scalar_bits, write_value};
use crate::ctype::CType;
use crate::errno;
use crate::error::{Error, ErrorKind, Result};
use crate::ffi_types::ffi_type;
use crate::layout::Scalar;
use crate::memory::{Owner, Region, copy_bytes, read_bits, write_bits, zero_bytes};
use crate::types::{TypeId, TypeKind, Types};
use crate::value::Value;

/// Errors kept per callback; later ones are counted but dropped.
const MAX_RECORDED_ERRORS: usize = 64;

type Closure = dyn Fn(&[Value]) -> Result<Value>;

struct CallbackData {
    types: Arc<Types>,
    params: Vec<ParamPlan>,
    ret_ty: TypeId,
    ret: RetConv,
    func: Box<Closure>,
    errors: RefCell<Vec<Error>>,
    dropped_errors: AtomicUsize,
    thread_marker: usize,
    foreign_thread_calls: AtomicUsize,
}

struct CallbackInner {
    closure: NonNull<ffi_closure>,
    code: usize,
    ptr_ty: TypeId,
    // Both are referenced by the closure and dropped after it is freed (see `Drop`).
    _cif: Box<Cif>,
    data: Box<CallbackData>,
}

/// A Rust closure callable from C through a function pointer.
#[derive(Clone)]
pub struct Callback {
    inner: Rc<CallbackInner>,
}

thread_local! {
    static THREAD_MARKER: u8 = const { 0 };
}

fn thread_marker() -> usize {
    THREAD_MARKER.with(|marker| std::ptr::from_ref(marker).addr())
}

impl Callback {
    pub(crate) fn new(types: &Arc<Types>, ty: TypeId, func: Box<Closure>) -> Result<Callback> {
        let fn_ty = match types.kind(ty) {
            TypeKind::Pointer(target) => *target,
            _ => ty,
        };
        let TypeKind::Function(sig) = types.kind(fn_ty) else {
            return Err(Error::type_error(format!(
                "a callback needs a function pointer type, got `{}`",
                types.name(ty)
            )));
        };
        if sig.variadic {
            return Err(Error::unsupported("variadic callbacks are not supported"));
        }
        let mut params = Vec::new();
        let mut ffi_params = Vec::new();
        for (i, param) in sig.params.iter().enumerate() {
            let context = |e: Error| e.context(&format!("callback parameter {}", i + 1));
            params.push(ParamPlan {
                ty: *param,
                conv: arg_conv(types, *param).map_err(context)?,
            });
            ffi_params.push(ffi_type(types, *param).map_err(context)?);
        }
        let ret = ret_conv(types, sig.ret).map_err(|e| e.context("callback result"))?;
        let cif = Box::new(
            Cif::try_new(ffi_params, ffi_type(types, sig.ret)?).map_err(|e| {
                Error::unsupported(format!("libffi cannot prepare the callback: {e:?}"))
            })?,
        );
        let data = Box::new(CallbackData {
            types: types.clone(),
            params,
            ret_ty: sig.ret,
            ret,
            func,
            errors: RefCell::new(Vec::new()),
            dropped_errors: AtomicUsize::new(0),
            thread_marker: thread_marker(),
            foreign_thread_calls: AtomicUsize::new(0),
        });
        let (closure, code) = libffi::low::try_closure_alloc()
            .ok_or_else(|| Error::memory("libffi could not allocate a closure"))?;
        let closure =
            NonNull::new(closure).ok_or_else(|| Error::memory("libffi returned a NULL closure"))?;
        // SAFETY: `closure` was just allocated for `code`; the cif and the data are boxed, so
        // their addresses stay fixed while `CallbackInner` owns them, which outlives every use
        // of the code pointer (see the module invariants).
        let status = unsafe {
            libffi::raw::ffi_prep_closure_loc(
                closure.as_ptr(),
                cif.as_raw_ptr(),
                Some(trampoline),
                std::ptr::from_ref::<CallbackData>(&data).cast_mut().cast(),
                code.as_mut_ptr(),
            )
        };
        let ptr_ty = types.registry().pointer(types, fn_ty);
        let inner = CallbackInner {
            closure,
            code: code.as_ptr().expose_provenance(),
            ptr_ty,
            _cif: cif,
            data,
        };
        if status != libffi::raw::ffi_status_FFI_OK {
            return Err(Error::unsupported(format!(
                "libffi could not prepare the closure (status {status})"
            )));
        }
        Ok(Callback {
            inner: Rc::new(inner),
        })
    }

    /// The function pointer as cdata. It keeps the callback alive while it (or anything
    /// made from it) lives.
    pub fn to_cdata(&self) -> CData {
        let inner = &self.inner;
        let owner = Rc::new(Owner::External(Box::new(inner.clone())));
        CData::new(
            inner.data.types.clone(),
            inner.ptr_ty,
            inner.code,
            Region::bounded(inner.code, 0, Some(owner)),
        )
    }

    /// The code address C calls.
    pub fn address(&self) -> usize {
        self.inner.code
    }

    /// The callback's function-pointer type.
    pub fn ctype(&self) -> CType {
        CType::new(self.inner.data.types.clone(), self.inner.ptr_ty)
    }

    /// Errors recorded since the last call (closure errors, bad results, panics).
    pub fn take_errors(&self) -> Vec<Error> {
        self.inner
            .data
            .errors
            .try_borrow_mut()
            .map(|mut errors| std::mem::take(&mut *errors))
            .unwrap_or_default()
    }

    /// How many calls arrived from a thread other than the creating one (and were refused).
    pub fn foreign_thread_calls(&self) -> usize {
        self.inner.data.foreign_thread_calls.load(Ordering::Relaxed)
    }
}

impl Drop for CallbackInner {
    fn drop(&mut self) {
        // SAFETY: allocated by `try_closure_alloc` and freed exactly once, here; no cdata or
        // `Callback` refers to it any more (they hold the `Rc` that is now dropping).
        unsafe { libffi::low::closure_free(self.closure.as_ptr()) };
    }
}

impl std::fmt::Debug for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let data = &self.inner.data;
        write!(
            f,
            "<callback '{}' {:#x}>",
            data.types.name(self.inner.ptr_ty),
            self.inner.code
        )
    }
}

/// Entered by libffi when C calls the closure.
unsafe extern "C" fn trampoline(
    _cif: *mut libffi::low::ffi_cif,
    result: *mut c_void,
    args: *mut *mut c_void,
    userdata: *mut c_void,
) {
    // SAFETY: `userdata` is the boxed `CallbackData` registered in `Callback::new`, alive
    // for as long as the closure can be called.
    let data = unsafe { &*userdata.cast::<CallbackData>() };
    data.invoke(result.expose_provenance(), args);
}

impl CallbackData {
    fn invoke(&self, result: usize, args: *mut *mut c_void) {
        if thread_marker() != self.thread_marker {
            self.foreign_thread_calls.fetch_add(1, Ordering::Relaxed);
            self.write_zero(result);
            return;
        }
        errno::enter_callback();
        let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<()> {
            let values = self.decode_args(args)?;
            let value = (self.func)(&values)?;
            self.write_result(result, &value)
                .map_err(|e| e.context("callback result"))
        }));
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(error)) => Some(error),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "non-string panic payload".to_string());
                Some(Error::new(
                    ErrorKind::Callback,
                    format!("callback panicked: {message}"),
                ))
            }
        };
        if let Some(error) = failure {
            self.record(error);
            self.write_zero(result);
        }
        errno::leave_callback();
    }

    fn record(&self, error: Error) {
        match self.errors.try_borrow_mut() {
            Ok(mut errors) if errors.len() < MAX_RECORDED_ERRORS => errors.push(error),
            _ => {
                self.dropped_errors.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    fn decode_args(&self, args: *mut *mut c_void) -> Result<Vec<Value>> {
        let mut values = Vec::with_capacity(self.params.len());
        for (i, param) in self.params.iter().enumerate() {
            // SAFETY: libffi passes one pointer per declared parameter.
            let slot = unsafe { *args.add(i) }.expose_provenance();
            let value = match param.conv {
                ArgConv::Scalar(scalar) => {
                    // SAFETY: the slot holds a value of the parameter's type.
                    decode_scalar(scalar, unsafe { read_bits(slot, scalar.size()) })
                }
                ArgConv::Pointer { .. } => {
                    // SAFETY: the slot holds a pointer.
                    let addr = unsafe { read_bits(slot, Scalar::Ptr.size()) } as usize;
                    Value::CData(CData::new(
                        self.types.clone(),
                        param.ty,
                        addr,
                        Region::foreign(),
                    ))
                }
                ArgConv::Record { size, align } => {
                    let region = Region::allocate(size, align)?;
                    // SAFETY: the slot holds the struct (`size` bytes); the block is fresh.
                    unsafe { copy_bytes(region.start(), slot, size) };
                    Value::CData(CData::new(
                        self.types.clone(),
                        param.ty,
                        region.start(),
                        region,
                    ))
                }
            };
            values.push(value);
        }
        Ok(values)
    }

    fn write_result(&self, result: usize, value: &Value) -> Result<()> {
        let types = &*self.types;
        match self.ret {
            RetConv::Void => Ok(()),
            RetConv::Scalar(scalar) => {
                let bits = scalar_bits(types, self.ret_ty, scalar, value)?;
                // libffi wants integer results widened to a full register.
                let size = if scalar.is_float() { scalar.size() } else { 8 };
                // SAFETY: libffi's result buffer holds at least one register.
                unsafe { write_bits(result, size, bits) };
                Ok(())
            }
            RetConv::Pointer => {
                let bits = pointer_bits(types, self.ret_ty, value)?;
                // SAFETY: libffi's result buffer holds at least one register.
                unsafe { write_bits(result, 8, bits) };
                Ok(())
            }
            RetConv::Record { size, .. } => {
                let region = Region::bounded(result, size, None);
                write_value(types, self.ret_ty, result, &region, value)
            }
        }
    }

    fn write_zero(&self, result: usize) {
        let size = match self.ret {
            RetConv::Void => 0,
            RetConv::Scalar(_) | RetConv::Pointer => 8,
            RetConv::Record { size, .. } => size,
        };
        // SAFETY: libffi's result buffer holds at least one register, or the struct.
        unsafe { zero_bytes(result, size) };
    }
}
