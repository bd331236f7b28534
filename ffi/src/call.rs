//! Calling C functions: call plans, argument marshalling, the two call paths.
//!
//! Design: a [`CallPlan`] is computed once per function (per symbol lookup): how to convert
//! each argument, how to decode the result, the prepared libffi `Cif`, and — when the
//! signature has a register-only shape — a direct stub from `stubs.rs`. A call then:
//! checks the argument count, converts each argument with the checks of `convert.rs`
//! (wrong type, out-of-range integer, NULL where a struct is required, dead borrowed memory:
//! all errors, never undefined behaviour), writes the saved errno into C's errno, makes the
//! call, immediately saves C's errno, and decodes the result.
//!
//! Variadic functions: the arguments after the fixed ones get the C default argument
//! promotions (integers become `int`, or `long`/`unsigned long` when they do not fit;
//! typed `char`/`short`/`_Bool` cdata become `int`; `float` becomes `double`; bytes become a
//! `char *`), and a variadic `Cif` is prepared for each call.
//!
//! Invariant: every pointer handed to C during a call (argument slots, NUL-terminated
//! copies of bytes, temporary aggregates) lives until the call returns.
//!
//! The direct path's common case (each argument already of its parameter's kind: an
//! in-range `Int`, a `Float`, cdata of the exact pointer type) stores every argument into
//! the slot precomputed for it and calls the stub; it allocates nothing. Scalar-only
//! signatures can skip `Value`s altogether through `typed.rs`.

use std::any::Any;
use std::ffi::c_void;
use std::rc::Rc;
use std::sync::Arc;

use libffi::middle::{Cif, Type};

use crate::cdata::CData;
use crate::convert::{decode_scalar, pointer_bits, scalar_bits, write_value};
use crate::ctype::CType;
use crate::errno;
use crate::error::{Error, Result};
use crate::ffi_types::{ffi_type, scalar_type};
use crate::layout::Scalar;
use crate::memory::{Owner, Region};
use crate::stubs::{MAX_FLOAT_ARGS, MAX_INT_ARGS, Regs, RetClass, StubFn, float_slot, stub_for};
use crate::typed::{CArgs, CResult, TypedFunction};
use crate::types::{TypeId, TypeKind, Types, VOID};
use crate::value::Value;

/// How one argument is converted.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ArgConv {
    /// Integers, bools, enums, floats: converted with `scalar_bits`.
    Scalar(Scalar),
    /// Data and function pointers: type-checked, bytes accepted for `char *`/`void *`.
    Pointer { accepts_bytes: bool },
    /// A struct or union by value.
    Record { size: usize, align: usize },
}

/// How the result is decoded.
#[derive(Clone, Copy, Debug)]
pub(crate) enum RetConv {
    Void,
    Scalar(Scalar),
    Pointer,
    Record { size: usize, align: usize },
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct ParamPlan {
    pub(crate) ty: TypeId,
    pub(crate) conv: ArgConv,
}

/// A marshalled argument: register bits or the address of an aggregate.
#[derive(Clone, Copy)]
enum Marshalled {
    Bits(u64),
    Record(usize),
}

/// Storage that must outlive a call.
#[derive(Default)]
struct Temps {
    strings: Vec<Vec<u8>>,
    blocks: Vec<Region>,
}

/// One argument of a direct call: how to convert it in the common case, and its register.
#[derive(Clone, Copy, Debug)]
struct FastArg {
    kind: FastKind,
    /// Its slot in the stub's [`Regs`].
    slot: usize,
}

#[derive(Clone, Copy, Debug)]
enum FastKind {
    /// An `Int` within `min..=min + span` passes as is (one unsigned compare:
    /// `v - min <= span`); anything else takes the general path.
    Int { min: i128, span: u128 },
    /// A `Float` passes as is.
    Double,
    /// A cdata of exactly this pointer type passes its address.
    Pointer { ty: TypeId },
}

struct Direct {
    stub: StubFn,
    args: Box<[FastArg]>,
    ret: FastRet,
}

/// How the direct path decodes the result register.
#[derive(Clone, Copy, Debug)]
enum FastRet {
    Void,
    /// An integer of `64 - shift` bits: shift left, then back right (arithmetically when
    /// signed) to truncate and extend in two instructions.
    Int {
        shift: u32,
        signed: bool,
    },
    Bool,
    Double,
    Pointer,
}

/// Everything needed to call one C signature, computed once.
pub(crate) struct CallPlan {
    pub(crate) types: Arc<Types>,
    pub(crate) fn_ty: TypeId,
    pub(crate) name: String,
    pub(crate) params: Vec<ParamPlan>,
    pub(crate) ret_ty: TypeId,
    pub(crate) ret: RetConv,
    pub(crate) variadic: bool,
    /// The fixed-arity cif (for variadic functions, the fixed part's types are kept instead).
    cif: Option<Cif>,
    fixed_types: Vec<Type>,
    ret_type: Type,
    direct: Option<Direct>,
}

pub(crate) fn arg_conv(types: &Types, ty: TypeId) -> Result<ArgConv> {
    if let Some(scalar) = types.scalar(ty) {
        if scalar == Scalar::Ptr {
            let pointee = types.pointee(ty).unwrap_or(VOID);
            let accepts_bytes = pointee == VOID || types.is_char_like(pointee);
            return Ok(ArgConv::Pointer { accepts_bytes });
        }
        return Ok(ArgConv::Scalar(scalar));
    }
    match (types.kind(ty), types.layout(ty)) {
        (TypeKind::Record(_), Some(layout)) => Ok(ArgConv::Record {
            size: layout.size as usize,
            align: layout.align as usize,
        }),
        (TypeKind::Record(_), None) => Err(Error::type_error(format!(
            "`{}` is incomplete and cannot be passed by value",
            types.name(ty)
        ))),
        _ => Err(Error::unsupported(format!(
            "a parameter of type `{}` is not supported",
            types.name(ty)
        ))),
    }
}

pub(crate) fn ret_conv(types: &Types, ty: TypeId) -> Result<RetConv> {
    if ty == VOID {
        return Ok(RetConv::Void);
    }
    match arg_conv(types, ty)? {
        ArgConv::Scalar(scalar) => Ok(RetConv::Scalar(scalar)),
        ArgConv::Pointer { .. } => Ok(RetConv::Pointer),
        ArgConv::Record { size, align } => Ok(RetConv::Record { size, align }),
    }
}

impl CallPlan {
    pub(crate) fn new(types: Arc<Types>, fn_ty: TypeId, name: &str) -> Result<CallPlan> {
        let TypeKind::Function(sig) = types.kind(fn_ty) else {
            return Err(Error::type_error(format!(
                "`{name}` has type `{}`, which is not a function type",
                types.name(fn_ty)
            )));
        };
        let context = |i: usize, e: Error| e.context(&format!("`{name}` parameter {}", i + 1));
        let mut params = Vec::with_capacity(sig.params.len());
        let mut fixed_types = Vec::with_capacity(sig.params.len());
        for (i, ty) in sig.params.iter().enumerate() {
            params.push(ParamPlan {
                ty: *ty,
                conv: arg_conv(&types, *ty).map_err(|e| context(i, e))?,
            });
            fixed_types.push(ffi_type(&types, *ty).map_err(|e| context(i, e))?);
        }
        let ret = ret_conv(&types, sig.ret).map_err(|e| e.context(&format!("`{name}` result")))?;
        let ret_type =
            ffi_type(&types, sig.ret).map_err(|e| e.context(&format!("`{name}` result")))?;
        let cif = if sig.variadic {
            None
        } else {
            Some(
                Cif::try_new(fixed_types.iter().cloned(), ret_type.clone()).map_err(|e| {
                    Error::unsupported(format!("libffi cannot prepare `{name}`: {e:?}"))
                })?,
            )
        };
        let direct = if sig.variadic {
            None
        } else {
            direct_for(&params, ret)
        };
        Ok(CallPlan {
            name: name.to_string(),
            fn_ty,
            ret_ty: sig.ret,
            variadic: sig.variadic,
            params,
            ret,
            cif,
            fixed_types,
            ret_type,
            direct,
            types,
        })
    }

    fn check_count(&self, given: usize) -> Result<()> {
        let expected = self.params.len();
        let ok = if self.variadic {
            given >= expected
        } else {
            given == expected
        };
        if ok {
            Ok(())
        } else {
            Err(self.count_error(given))
        }
    }

    #[cold]
    fn count_error(&self, given: usize) -> Error {
        let expected = self.params.len();
        let plural = if expected == 1 { "" } else { "s" };
        let at_least = if self.variadic { "at least " } else { "" };
        Error::type_error(format!(
            "`{}` takes {at_least}{expected} argument{plural} ({given} given)",
            self.name
        ))
    }

    fn marshal(
        &self,
        index: usize,
        param: &ParamPlan,
        value: &Value,
        temps: &mut Temps,
    ) -> Result<Marshalled> {
        let types = &*self.types;
        let result = match param.conv {
            ArgConv::Scalar(scalar) => {
                scalar_bits(types, param.ty, scalar, value).map(Marshalled::Bits)
            }
            ArgConv::Pointer { accepts_bytes } => match value {
                Value::Bytes(bytes) if accepts_bytes => Ok(Marshalled::Bits(temps.c_string(bytes))),
                _ => pointer_bits(types, param.ty, value).map(Marshalled::Bits),
            },
            ArgConv::Record { size, align } => self
                .record_arg(param.ty, size, align, value, temps)
                .map(Marshalled::Record),
        };
        result.map_err(|e| e.context(&format!("`{}` argument {}", self.name, index + 1)))
    }

    fn record_arg(
        &self,
        ty: TypeId,
        size: usize,
        align: usize,
        value: &Value,
        temps: &mut Temps,
    ) -> Result<usize> {
        let types = &*self.types;
        match value {
            Value::CData(data) if data.ty == ty && data.types.uid == types.uid => {
                data.region.check(data.addr, size)?;
                Ok(data.addr)
            }
            Value::Null => Err(Error::null(format!(
                "NULL given where a `{}` value is required",
                types.name(ty)
            ))),
            Value::CData(data) => Err(Error::type_error(format!(
                "expected a `{}` value, got cdata `{}`",
                types.name(ty),
                data.type_name()
            ))),
            _ => {
                let region = Region::allocate(size, align)?;
                write_value(types, ty, region.start(), &region, value)?;
                let addr = region.start();
                temps.blocks.push(region);
                Ok(addr)
            }
        }
    }

    /// Calls through the direct stub when there is one, else through libffi.
    #[inline]
    pub(crate) fn call(&self, code: usize, args: &[Value]) -> Result<Value> {
        match &self.direct {
            Some(direct) => self.call_direct(direct, code, args),
            None => self.call_libffi(code, args),
        }
    }

    /// The direct path for the common case: every argument already has the exact kind of
    /// its parameter (an in-range `Int`, a `Float`, cdata of the exact pointer type), so no
    /// temporary storage is needed. Anything else takes `call_direct_general`.
    #[inline]
    fn call_direct(&self, direct: &Direct, code: usize, args: &[Value]) -> Result<Value> {
        if args.len() != direct.args.len() {
            return Err(self.count_error(args.len()));
        }
        let mut regs: Regs = [0; MAX_INT_ARGS + MAX_FLOAT_ARGS];
        for (fast, value) in direct.args.iter().zip(args) {
            let bits = match (fast.kind, value) {
                (FastKind::Int { min, span }, Value::Int(v))
                    if (v.wrapping_sub(min) as u128) <= span =>
                {
                    *v as u64
                }
                (FastKind::Double, Value::Float(f)) => f.to_bits(),
                (FastKind::Pointer { ty }, Value::CData(data))
                    if data.ty == ty
                        && Arc::ptr_eq(&data.types, &self.types)
                        && data.region.is_alive() =>
                {
                    data.addr as u64
                }
                _ => return self.call_direct_general(direct, code, args),
            };
            regs[fast.slot] = bits;
        }
        // SAFETY: every argument was converted for its declared parameter type.
        Ok(unsafe { self.invoke_stub(direct, code, &regs) })
    }

    /// The direct path with the full conversions (bytes, `void *` compatibility, ...).
    #[inline(never)]
    fn call_direct_general(&self, direct: &Direct, code: usize, args: &[Value]) -> Result<Value> {
        let mut regs: Regs = [0; MAX_INT_ARGS + MAX_FLOAT_ARGS];
        let mut temps = Temps::default();
        for (index, ((fast, param), value)) in
            direct.args.iter().zip(&self.params).zip(args).enumerate()
        {
            let Marshalled::Bits(bits) = self.marshal(index, param, value, &mut temps)? else {
                return Err(Error::unsupported("aggregate argument on the direct path"));
            };
            regs[fast.slot] = bits;
        }
        // SAFETY: every argument was converted for its declared parameter type, and the
        // temporaries they point to live until after the call.
        let value = unsafe { self.invoke_stub(direct, code, &regs) };
        drop(temps);
        Ok(value)
    }

    /// Makes the call and decodes the result, saving errno right after.
    ///
    /// # Safety
    /// The registers hold arguments converted for this plan's parameters, and all memory
    /// they point to stays valid during the call.
    #[inline]
    unsafe fn invoke_stub(&self, direct: &Direct, code: usize, regs: &Regs) -> Value {
        let errno_slot = errno::before_foreign_call();
        // SAFETY: the stub was chosen for exactly this signature shape (`direct_for`), `code`
        // is the address of a function declared with this signature, and the caller
        // guarantees the arguments.
        let raw = unsafe { (direct.stub)(code, regs) };
        errno::after_foreign_call(errno_slot);
        match direct.ret {
            FastRet::Int { shift, signed } => {
                let high = raw << shift;
                Value::Int(if signed {
                    i128::from((high as i64) >> shift)
                } else {
                    i128::from(high >> shift)
                })
            }
            FastRet::Double => Value::Float(f64::from_bits(raw)),
            FastRet::Void => Value::Void,
            FastRet::Bool => Value::Bool(raw as u8 != 0),
            FastRet::Pointer => self.decode_register(raw),
        }
    }

    #[inline]
    fn decode_register(&self, raw: u64) -> Value {
        match self.ret {
            RetConv::Void => Value::Void,
            RetConv::Scalar(scalar) => decode_scalar(scalar, raw),
            RetConv::Pointer => Value::CData(CData::new(
                self.types.clone(),
                self.ret_ty,
                raw as usize,
                Region::foreign(),
            )),
            RetConv::Record { .. } => Value::Void,
        }
    }

    /// Calls through libffi (always possible; used for shapes without a stub).
    pub(crate) fn call_libffi(&self, code: usize, args: &[Value]) -> Result<Value> {
        self.check_count(args.len())?;
        let mut temps = Temps::default();
        let mut marshalled = Vec::with_capacity(args.len());
        for (index, (param, value)) in self.params.iter().zip(args).enumerate() {
            marshalled.push(self.marshal(index, param, value, &mut temps)?);
        }
        let mut variadic_cif = None;
        if self.variadic {
            let mut all_types = self.fixed_types.clone();
            for (offset, value) in args[self.params.len()..].iter().enumerate() {
                let index = self.params.len() + offset;
                let (ty, m) = self
                    .promote(value, &mut temps)
                    .map_err(|e| e.context(&format!("`{}` argument {}", self.name, index + 1)))?;
                all_types.push(ty);
                marshalled.push(m);
            }
            variadic_cif = Some(
                Cif::try_new_variadic(all_types, self.params.len(), self.ret_type.clone())
                    .map_err(|e| {
                        Error::unsupported(format!("libffi cannot prepare this call: {e:?}"))
                    })?,
            );
        }
        let cif = match (&variadic_cif, &self.cif) {
            (Some(cif), _) | (None, Some(cif)) => cif,
            (None, None) => return Err(Error::unsupported("no call interface prepared")),
        };
        // Scalars live in `slots`; libffi reads each through a pointer, only as many bytes
        // as its type has (little-endian: the low bytes come first).
        let mut slots: Vec<u64> = marshalled
            .iter()
            .map(|m| match m {
                Marshalled::Bits(bits) => *bits,
                Marshalled::Record(_) => 0,
            })
            .collect();
        let mut pointers: Vec<*mut c_void> = Vec::with_capacity(slots.len());
        for (slot, m) in slots.iter_mut().zip(&marshalled) {
            pointers.push(match m {
                Marshalled::Bits(_) => (slot as *mut u64).cast(),
                Marshalled::Record(addr) => std::ptr::with_exposed_provenance_mut(*addr),
            });
        }
        let mut scalar_result = [0u64; 2];
        let record_result = match self.ret {
            RetConv::Record { size, align } => Some(Region::allocate(size.max(32), align)?),
            _ => None,
        };
        let result_ptr: *mut c_void = match &record_result {
            Some(region) => std::ptr::with_exposed_provenance_mut(region.start()),
            None => scalar_result.as_mut_ptr().cast(),
        };
        let function: unsafe extern "C" fn() =
            // SAFETY: `code` is the address of a C function (from dlsym or a function
            // pointer of this signature); data and function pointers have the same size.
            unsafe { std::mem::transmute(std::ptr::with_exposed_provenance::<()>(code)) };
        let errno_slot = errno::before_foreign_call();
        // SAFETY: the cif describes the declared signature (checked against our layouts in
        // `ffi_types`), `pointers` holds one valid pointer per argument to storage of the
        // argument's type that outlives the call, and the result buffer is at least as large
        // as the result type (and at least a full register for scalars).
        unsafe {
            libffi::raw::ffi_call(
                cif.as_raw_ptr(),
                Some(function),
                result_ptr,
                pointers.as_mut_ptr(),
            );
        }
        errno::after_foreign_call(errno_slot);
        drop(pointers);
        drop(slots);
        drop(temps);
        match (self.ret, record_result) {
            (RetConv::Record { size, .. }, Some(region)) => {
                let addr = region.start();
                let bounded = region.shrink(size);
                Ok(Value::CData(CData::new(
                    self.types.clone(),
                    self.ret_ty,
                    addr,
                    bounded,
                )))
            }
            _ => Ok(self.decode_register(scalar_result[0])),
        }
    }

    /// Default argument promotion for an argument in the variadic part.
    fn promote(&self, value: &Value, temps: &mut Temps) -> Result<(Type, Marshalled)> {
        let types = &*self.types;
        let int = |v: i128| -> Result<(Type, Marshalled)> {
            if i32::try_from(v).is_ok() {
                Ok((Type::i32(), Marshalled::Bits(v as i64 as u64)))
            } else if i64::try_from(v).is_ok() {
                Ok((Type::i64(), Marshalled::Bits(v as i64 as u64)))
            } else if u64::try_from(v).is_ok() {
                Ok((Type::u64(), Marshalled::Bits(v as u64)))
            } else {
                Err(Error::overflow(format!(
                    "integer {v} does not fit in 64 bits"
                )))
            }
        };
        match value {
            Value::Int(v) => int(*v),
            Value::Bool(b) => int(i128::from(*b)),
            Value::Float(f) => Ok((Type::f64(), Marshalled::Bits(f.to_bits()))),
            Value::Null => Ok((Type::pointer(), Marshalled::Bits(0))),
            Value::Bytes(bytes) => Ok((Type::pointer(), Marshalled::Bits(temps.c_string(bytes)))),
            Value::CData(data) => {
                if data.types.uid != types.uid {
                    return Err(Error::type_error("cdata from a different Ffi instance"));
                }
                data.region.ensure_alive()?;
                match (types.scalar(data.ty), types.kind(data.ty)) {
                    (Some(Scalar::Ptr), _) | (None, TypeKind::Array { .. }) => {
                        Ok((Type::pointer(), Marshalled::Bits(data.addr as u64)))
                    }
                    (Some(scalar), _) => {
                        let value = data.primitive_value()?.unwrap_or(Value::Int(0));
                        match scalar {
                            Scalar::F32 | Scalar::F64 => {
                                let f = value.as_float().unwrap_or(0.0);
                                Ok((Type::f64(), Marshalled::Bits(f.to_bits())))
                            }
                            Scalar::I8 | Scalar::U8 | Scalar::I16 | Scalar::U16 | Scalar::Bool => {
                                int(value.as_int().unwrap_or(0))
                            }
                            _ => {
                                let bits = scalar_bits(types, data.ty, scalar, &value)?;
                                Ok((scalar_type(scalar), Marshalled::Bits(bits)))
                            }
                        }
                    }
                    (None, TypeKind::Record(_)) => {
                        let ArgConv::Record { size, align } = arg_conv(types, data.ty)? else {
                            return Err(Error::type_error("not a record"));
                        };
                        let addr = self.record_arg(data.ty, size, align, value, temps)?;
                        Ok((ffi_type(types, data.ty)?, Marshalled::Record(addr)))
                    }
                    _ => Err(Error::type_error(format!(
                        "cdata `{}` cannot be passed in the variadic part",
                        data.type_name()
                    ))),
                }
            }
            Value::Void | Value::List(_) => Err(Error::type_error(format!(
                "{} cannot be passed in the variadic part (cast it to a C type first)",
                value.describe()
            ))),
        }
    }
}

impl Temps {
    /// A NUL-terminated copy of `bytes` that lives as long as `self`; returns its address.
    fn c_string(&mut self, bytes: &[u8]) -> u64 {
        let mut copy = Vec::with_capacity(bytes.len() + 1);
        copy.extend_from_slice(bytes);
        copy.push(0);
        let addr = copy.as_ptr().expose_provenance() as u64;
        self.strings.push(copy); // moving the Vec does not move its heap buffer
        addr
    }
}

fn direct_for(params: &[ParamPlan], ret: RetConv) -> Option<Direct> {
    let (mut n_int, mut n_float) = (0, 0);
    let mut args = Vec::with_capacity(params.len());
    for param in params {
        let (kind, is_double) = match param.conv {
            ArgConv::Scalar(Scalar::F64) => (FastKind::Double, true),
            ArgConv::Scalar(Scalar::F32) | ArgConv::Record { .. } => return None,
            ArgConv::Scalar(scalar) => {
                let (min, max) = scalar.int_range()?;
                let span = max.abs_diff(min);
                (FastKind::Int { min, span }, false)
            }
            ArgConv::Pointer { .. } => (FastKind::Pointer { ty: param.ty }, false),
        };
        // Slots past the register counts only occur for shapes `stub_for` refuses below.
        let slot = if is_double {
            n_float += 1;
            float_slot(n_float - 1)
        } else {
            n_int += 1;
            n_int - 1
        };
        args.push(FastArg { kind, slot });
    }
    let (ret_class, fast_ret) = match ret {
        RetConv::Void => (RetClass::Void, FastRet::Void),
        RetConv::Scalar(Scalar::F64) => (RetClass::Double, FastRet::Double),
        RetConv::Scalar(Scalar::F32) | RetConv::Record { .. } => return None,
        RetConv::Scalar(Scalar::Bool) => (RetClass::Int, FastRet::Bool),
        RetConv::Scalar(scalar) => {
            let shift = 64 - 8 * scalar.size() as u32;
            let signed = scalar.int_range().is_some_and(|(min, _)| min < 0);
            (RetClass::Int, FastRet::Int { shift, signed })
        }
        RetConv::Pointer => (RetClass::Int, FastRet::Pointer),
    };
    let stub = stub_for(n_int, n_float, ret_class)?;
    Some(Direct {
        stub,
        args: args.into_boxed_slice(),
        ret: fast_ret,
    })
}

/// What keeps a function's code alive: its library, or the callback it points to.
pub(crate) type KeepAlive = Option<Rc<dyn Any>>;

/// A callable C function with a cached call plan.
#[derive(Clone)]
pub struct Function {
    pub(crate) plan: Rc<CallPlan>,
    pub(crate) code: usize,
    pub(crate) _keep: KeepAlive,
}

impl Function {
    /// Calls the function. Arguments are converted to the declared parameter types with
    /// full checking; a wrong count, a wrong type, an out-of-range integer or NULL where a
    /// struct is required is an error, not a call.
    #[inline]
    pub fn call(&self, args: &[Value]) -> Result<Value> {
        self.plan.call(self.code, args)
    }

    /// This function bound to the Rust signature `fn(A) -> R` (scalars only), checked
    /// against the declaration once; its calls skip every per-call check and conversion.
    pub fn typed<A: CArgs, R: CResult>(&self) -> Result<TypedFunction<A, R>> {
        TypedFunction::new(self)
    }

    /// Calls through libffi even when a direct stub exists (for comparison and testing).
    pub fn call_via_libffi(&self, args: &[Value]) -> Result<Value> {
        self.plan.call_libffi(self.code, args)
    }

    /// Whether calls take the direct (stub) path.
    pub fn has_direct_path(&self) -> bool {
        self.plan.direct.is_some()
    }

    /// The name the function was looked up by (or a description for function pointers).
    pub fn name(&self) -> &str {
        &self.plan.name
    }

    /// The function's C type.
    pub fn ctype(&self) -> CType {
        CType::new(self.plan.types.clone(), self.plan.fn_ty)
    }

    /// The code address.
    pub fn address(&self) -> usize {
        self.code
    }

    /// The function as a function-pointer cdata (e.g. to pass `strcmp` to `qsort`).
    pub fn to_cdata(&self) -> CData {
        let types = &self.plan.types;
        let ptr_ty = types.registry().pointer(types, self.plan.fn_ty);
        let owner = self
            ._keep
            .clone()
            .map(|keep| Rc::new(Owner::External(Box::new(keep))));
        CData::new(
            types.clone(),
            ptr_ty,
            self.code,
            Region::bounded(self.code, 0, owner),
        )
    }
}

impl std::fmt::Debug for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "<function {} '{}' {:#x}>",
            self.plan.name,
            self.plan.types.name(self.plan.fn_ty),
            self.code
        )
    }
}
