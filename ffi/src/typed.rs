//! Typed calls: a C function bound once to a Rust signature, then called with no
//! per-call checks (the cached-signature fast path).
//!
//! Design: [`CScalar`] is implemented by exactly the Rust types that are one C scalar type
//! each (`i8`..`u64`, `isize`/`usize`, `f32`, `f64`, `bool`), [`CArgs`] by tuples of them
//! (up to 8) and [`CResult`] by them and `()`. [`Function::typed`] compares the declared C
//! signature with the Rust one once, scalar by scalar (`int` is `i32`, `long` and `size_t`
//! are `i64`/`u64`, `double` is `f64`, `_Bool` is `bool`, an enum is its integer type); a
//! mismatch is a `Type` error naming the parameter. After that a call is: write the saved
//! errno, call the code address through an `extern "C" fn` pointer of exactly the declared
//! signature (so the Rust compiler does the ABI work: registers, stack arguments, `float`,
//! narrow integers), save errno. No `Value`, no range check (a Rust `i32` always fits an
//! `int`), no `Result`.
//!
//! Invariant: a [`TypedFunction<A, R>`] exists only if the C declaration's parameter and
//! result scalars equal those of `A` and `R`, and the function is not variadic; `_Bool`
//! crosses as a byte (`u8`) so that no byte C produces can become an invalid Rust `bool`.
//! Pointers are not accepted here: they need per-call type and liveness checks, which
//! [`Function::call`] does.

use std::marker::PhantomData;

use crate::call::{ArgConv, Function, RetConv};
use crate::errno;
use crate::error::{Error, Result};
use crate::layout::Scalar;

pub(crate) mod sealed {
    /// A machine scalar, opaque outside this crate (it only appears in sealed traits).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Tag(pub(crate) crate::layout::Scalar);

    /// The representation details behind [`super::CScalar`] (crate-private).
    pub trait ScalarRepr: Copy + 'static {
        /// How the value crosses the C boundary (in a register or in memory).
        type Raw: Copy;
        /// The C scalar this type is.
        fn scalar() -> Tag;
        fn to_raw(self) -> Self::Raw;
        fn from_raw(raw: Self::Raw) -> Self;
        /// # Safety
        /// `size_of::<Self::Raw>()` bytes at `addr` must be readable.
        unsafe fn load(addr: usize) -> Self;
        /// # Safety
        /// `size_of::<Self::Raw>()` bytes at `addr` must be writable.
        unsafe fn store(self, addr: usize);
    }

    /// The calling details behind [`super::CArgs`].
    pub trait ArgsRepr: Sized {
        /// The parameters' scalars and Rust type names, in order.
        fn scalars() -> Vec<(Tag, &'static str)>;
        /// Calls `code` with these arguments.
        ///
        /// # Safety
        /// `code` must be a non-variadic C function whose parameters are exactly these
        /// scalars and whose result is `R`'s.
        unsafe fn invoke<R: super::CResult>(self, code: usize) -> R;
    }

    /// The result details behind [`super::CResult`].
    pub trait ResultRepr: Sized {
        type Raw: Copy;
        /// `None` for `void`.
        fn scalar() -> Option<(Tag, &'static str)>;
        fn from_raw(raw: Self::Raw) -> Self;
    }
}

use sealed::{ArgsRepr, ResultRepr, ScalarRepr, Tag};

/// A Rust type that is exactly one C scalar type: `i8`..`u64`, `isize`, `usize`, `f32`,
/// `f64` or `bool`. Sealed: the set is fixed by this crate.
pub trait CScalar: ScalarRepr {}

/// A tuple of [`CScalar`]s (up to 8) usable as the parameters of a [`TypedFunction`].
pub trait CArgs: ArgsRepr {}

/// A [`CScalar`] or `()` (for `void`) usable as the result of a [`TypedFunction`].
pub trait CResult: ResultRepr {}

fn ptr(addr: usize) -> *mut u8 {
    std::ptr::with_exposed_provenance_mut(addr)
}

macro_rules! scalar_types {
    ($($t:ty => $scalar:expr),* $(,)?) => {$(
        impl ScalarRepr for $t {
            type Raw = $t;
            #[inline(always)]
            fn scalar() -> Tag {
                Tag($scalar)
            }
            #[inline(always)]
            fn to_raw(self) -> $t {
                self
            }
            #[inline(always)]
            fn from_raw(raw: $t) -> $t {
                raw
            }
            #[inline(always)]
            unsafe fn load(addr: usize) -> $t {
                // SAFETY: the caller guarantees the bytes; any bit pattern is a valid `$t`.
                unsafe { ptr(addr).cast::<$t>().read_unaligned() }
            }
            #[inline(always)]
            unsafe fn store(self, addr: usize) {
                // SAFETY: the caller guarantees the bytes are writable.
                unsafe { ptr(addr).cast::<$t>().write_unaligned(self) }
            }
        }
        impl CScalar for $t {}
        impl ResultRepr for $t {
            type Raw = $t;
            fn scalar() -> Option<(Tag, &'static str)> {
                Some((Tag($scalar), stringify!($t)))
            }
            #[inline(always)]
            fn from_raw(raw: $t) -> $t {
                raw
            }
        }
        impl CResult for $t {}
    )*};
}

// Only LP64 targets are supported, so `isize`/`usize` are the 64-bit scalars.
scalar_types! {
    i8 => Scalar::I8,
    u8 => Scalar::U8,
    i16 => Scalar::I16,
    u16 => Scalar::U16,
    i32 => Scalar::I32,
    u32 => Scalar::U32,
    i64 => Scalar::I64,
    u64 => Scalar::U64,
    isize => Scalar::I64,
    usize => Scalar::U64,
    f32 => Scalar::F32,
    f64 => Scalar::F64,
}

impl ScalarRepr for bool {
    /// `_Bool` crosses as its byte: C may hand back any nonzero byte for true.
    type Raw = u8;
    fn scalar() -> Tag {
        Tag(Scalar::Bool)
    }
    #[inline(always)]
    fn to_raw(self) -> u8 {
        u8::from(self)
    }
    #[inline(always)]
    fn from_raw(raw: u8) -> bool {
        raw != 0
    }
    #[inline(always)]
    unsafe fn load(addr: usize) -> bool {
        // SAFETY: the caller guarantees the byte; it is read as a `u8`, never as a `bool`.
        unsafe { ptr(addr).read() != 0 }
    }
    #[inline(always)]
    unsafe fn store(self, addr: usize) {
        // SAFETY: the caller guarantees the byte is writable.
        unsafe { ptr(addr).write(u8::from(self)) }
    }
}
impl CScalar for bool {}
impl ResultRepr for bool {
    type Raw = u8;
    fn scalar() -> Option<(Tag, &'static str)> {
        Some((Tag(Scalar::Bool), "bool"))
    }
    #[inline(always)]
    fn from_raw(raw: u8) -> bool {
        raw != 0
    }
}
impl CResult for bool {}

impl ResultRepr for () {
    type Raw = ();
    fn scalar() -> Option<(Tag, &'static str)> {
        None
    }
    #[inline(always)]
    fn from_raw(_: ()) {}
}
impl CResult for () {}

macro_rules! args_tuple {
    ($($t:ident $v:ident),*) => {
        impl<$($t: CScalar),*> ArgsRepr for ($($t,)*) {
            fn scalars() -> Vec<(Tag, &'static str)> {
                vec![$((<$t as ScalarRepr>::scalar(), std::any::type_name::<$t>())),*]
            }
            #[inline(always)]
            unsafe fn invoke<R: CResult>(self, code: usize) -> R {
                let ($($v,)*) = self;
                // SAFETY: the caller guarantees that `code` is a C function of exactly this
                // signature; data and function pointers have the same size on the
                // supported targets.
                unsafe {
                    let fun: unsafe extern "C" fn($(<$t as ScalarRepr>::Raw),*)
                        -> <R as ResultRepr>::Raw =
                        std::mem::transmute(std::ptr::with_exposed_provenance::<()>(code));
                    R::from_raw(fun($($v.to_raw()),*))
                }
            }
        }
        impl<$($t: CScalar),*> CArgs for ($($t,)*) {}
    };
}

args_tuple!();
args_tuple!(A0 a0);
args_tuple!(A0 a0, A1 a1);
args_tuple!(A0 a0, A1 a1, A2 a2);
args_tuple!(A0 a0, A1 a1, A2 a2, A3 a3);
args_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4);
args_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5);
args_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6);
args_tuple!(A0 a0, A1 a1, A2 a2, A3 a3, A4 a4, A5 a5, A6 a6, A7 a7);

/// A C function bound to the Rust signature `fn(A) -> R` after checking that it matches the
/// declaration; calls cost an indirect call plus the errno save and restore.
///
/// ```
/// use tern_ffi::Ffi;
///
/// let ffi = Ffi::new();
/// ffi.cdef("int abs(int); long labs(long);").unwrap();
/// let libc = ffi.dlopen(None).unwrap();
/// let abs = libc.function("abs").unwrap().typed::<(i32,), i32>().unwrap();
/// assert_eq!(abs.call((-42,)), 42);
/// // The Rust signature must match the C one exactly.
/// assert!(libc.function("labs").unwrap().typed::<(i32,), i64>().is_err());
/// ```
pub struct TypedFunction<A, R> {
    function: Function,
    code: usize,
    _signature: PhantomData<fn(A) -> R>,
}

impl<A, R> Clone for TypedFunction<A, R> {
    fn clone(&self) -> Self {
        TypedFunction {
            function: self.function.clone(),
            code: self.code,
            _signature: PhantomData,
        }
    }
}

impl<A: CArgs, R: CResult> TypedFunction<A, R> {
    pub(crate) fn new(function: &Function) -> Result<Self> {
        let plan = &function.plan;
        let types = &plan.types;
        let name = &plan.name;
        if plan.variadic {
            return Err(Error::type_error(format!(
                "`{name}` is variadic; typed calls need a fixed signature (use `call`)"
            )));
        }
        let rust = A::scalars();
        if rust.len() != plan.params.len() {
            return Err(Error::type_error(format!(
                "`{name}` takes {} parameters, the typed signature has {}",
                plan.params.len(),
                rust.len()
            )));
        }
        for (index, (param, (scalar, rust_name))) in plan.params.iter().zip(rust).enumerate() {
            let matches = matches!(param.conv, ArgConv::Scalar(s) if s == scalar.0);
            if !matches {
                return Err(Error::type_error(format!(
                    "`{name}` parameter {} is `{}`, which `{rust_name}` does not match{}",
                    index + 1,
                    types.name(param.ty),
                    scalar_hint(param.conv)
                )));
            }
        }
        let result_ok = match (plan.ret, R::scalar()) {
            (RetConv::Void, None) => true,
            (RetConv::Scalar(c), Some((rust, _))) => c == rust.0,
            _ => false,
        };
        if !result_ok {
            let rust_name = R::scalar().map_or("()", |(_, n)| n);
            return Err(Error::type_error(format!(
                "`{name}` returns `{}`, which `{rust_name}` does not match",
                types.name(plan.ret_ty)
            )));
        }
        Ok(TypedFunction {
            function: function.clone(),
            code: function.code,
            _signature: PhantomData,
        })
    }

    /// Calls the function. Nothing can fail: the signature was checked when binding.
    #[inline]
    pub fn call(&self, args: A) -> R {
        let errno_slot = errno::before_foreign_call();
        // SAFETY: `new` checked that the declaration (which the caller of `cdef` vouches
        // for) has exactly these parameter and result scalars and is not variadic, and
        // `self.function` keeps the code loaded.
        let result = unsafe { args.invoke::<R>(self.code) };
        errno::after_foreign_call(errno_slot);
        result
    }

    /// The underlying function (for `Value` calls, its name or C type).
    pub fn function(&self) -> &Function {
        &self.function
    }
}

fn scalar_hint(conv: ArgConv) -> &'static str {
    match conv {
        ArgConv::Scalar(_) => "",
        ArgConv::Pointer { .. } => " (typed calls take no pointers: use `call`)",
        ArgConv::Record { .. } => " (typed calls take no structs by value: use `call`)",
    }
}

impl<A, R> std::fmt::Debug for TypedFunction<A, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "<typed function {} as fn{} -> {}>",
            self.function.name(),
            std::any::type_name::<A>(),
            std::any::type_name::<R>()
        )
    }
}
