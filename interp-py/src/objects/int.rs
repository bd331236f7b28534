//! `int` and `bool` representation: small ints are tagged `Value`s, larger ones are `bigint`
//! objects owning a `num_bigint::BigInt`; `True`/`False` are two singleton objects holding
//! 1 and 0. Arithmetic is in `int_ops.rs`, the Python-level methods in `int_methods.rs`.
//!
//! Invariant: a `bigint` object never holds a value that fits in a small int (results are
//! normalised by [`Vm::new_int_big`]), so "is small" decides the representation.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use tern_gc::GcRef;

use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{bigint_, obj_};
use crate::runtime::roots::C;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// CPython's hash modulus: the Mersenne prime 2**61 - 1.
pub const HASH_MODULUS: u64 = (1 << 61) - 1;
/// Bits of the hash modulus.
pub const HASH_BITS: u32 = 61;

/// CPython's hash of an `i64`.
#[inline]
pub fn hash_i64(x: i64) -> i64 {
    let m = HASH_MODULUS as i64;
    let h = if x >= 0 {
        x % m
    } else {
        -((x.unsigned_abs() % HASH_MODULUS) as i64)
    };
    if h == -1 { -2 } else { h }
}

/// CPython's hash of a big integer.
pub fn hash_bigint(x: &BigInt) -> i64 {
    let m = BigInt::from(HASH_MODULUS);
    let r = (x.abs() % m).to_i64().unwrap_or(0);
    let h = if x.is_negative() { -r } else { r };
    if h == -1 { -2 } else { h }
}

/// A borrowed integer value.
#[derive(Clone, Copy, Debug)]
pub enum IntVal<'a> {
    /// Fits in a small int (also bools).
    Small(i64),
    /// A big integer.
    Big(&'a BigInt),
}

impl IntVal<'_> {
    /// As a `BigInt`.
    pub fn to_big(self) -> BigInt {
        match self {
            IntVal::Small(i) => BigInt::from(i),
            IntVal::Big(b) => b.clone(),
        }
    }

    /// As an `i64` if it fits.
    pub fn to_i64(self) -> Option<i64> {
        match self {
            IntVal::Small(i) => Some(i),
            IntVal::Big(b) => b.to_i64(),
        }
    }

    /// Sign: -1, 0, 1.
    pub fn signum(self) -> i32 {
        match self {
            IntVal::Small(i) => i.signum() as i32,
            IntVal::Big(b) => {
                if b.is_zero() {
                    0
                } else if b.is_negative() {
                    -1
                } else {
                    1
                }
            }
        }
    }

    /// Conversion to float (correctly rounded; `None` on overflow).
    pub fn to_f64(self) -> Option<f64> {
        match self {
            IntVal::Small(i) => Some(i as f64),
            IntVal::Big(b) => crate::objects::int_ops::bigint_to_f64(b),
        }
    }
}

/// Destructor of the bigint layout.
pub fn bigint_drop(obj: GcRef) {
    // SAFETY: `obj` is a dead bigint whose `PTR` field was set at allocation.
    let p = unsafe { obj.read::<usize>(bigint_::PTR) } as *mut BigInt;
    if !p.is_null() {
        // SAFETY: `p` came from `Box::into_raw` in `new_int_big` and is freed only here.
        unsafe { drop(Box::from_raw(p)) };
    }
}

impl Vm {
    /// An int from an `i64` (small when it fits).
    #[inline]
    pub fn new_int(&mut self, i: i64) -> PyResult<Value> {
        match Value::try_small(i) {
            Some(v) => Ok(v),
            None => self.new_int_big(BigInt::from(i)),
        }
    }

    /// An int from an `i128`.
    pub fn new_int_i128(&mut self, i: i128) -> PyResult<Value> {
        match i64::try_from(i).ok().and_then(Value::try_small) {
            Some(v) => Ok(v),
            None => self.new_int_big(BigInt::from(i)),
        }
    }

    /// An int from a `u64`.
    pub fn new_int_u64(&mut self, i: u64) -> PyResult<Value> {
        self.new_int_i128(i as i128)
    }

    /// An int from a `usize`.
    #[inline]
    pub fn new_usize(&mut self, i: usize) -> PyResult<Value> {
        self.new_int_u64(i as u64)
    }

    /// An int from a `BigInt` (normalised to a small int when it fits).
    pub fn new_int_big(&mut self, b: BigInt) -> PyResult<Value> {
        if let Some(v) = b.to_i64().and_then(Value::try_small) {
            return Ok(v);
        }
        self.note_external_alloc(b.bits() as usize / 8 + 48);
        let boxed = Box::into_raw(Box::new(b));
        match self.alloc_t(self.lay.bigint, T::Int) {
            Ok(v) => {
                self.st_scalar::<usize>(v, bigint_::PTR, boxed as usize);
                Ok(v)
            }
            Err(e) => {
                // SAFETY: `boxed` came from `Box::into_raw` just above and was not stored.
                unsafe { drop(Box::from_raw(boxed)) };
                Err(e)
            }
        }
    }

    /// The `BigInt` of a bigint object.
    #[inline]
    pub fn bigint_ref(&self, v: Value) -> &BigInt {
        let p = self.ld_scalar::<usize>(v, bigint_::PTR) as *const BigInt;
        // SAFETY: the box lives as long as the object, which is live (rule 1); the `&self`
        // borrow rules out its collection while the reference lives.
        unsafe { &*p }
    }

    /// Whether `v` is a bigint object.
    #[inline(always)]
    pub fn is_bigint(&self, v: Value) -> bool {
        self.has_layout(v, self.lay.bigint)
    }

    /// The hash of a bigint object.
    pub fn bigint_hash(&self, v: Value) -> i64 {
        hash_bigint(self.bigint_ref(v))
    }

    /// Whether `v` is `True` or `False`.
    #[inline(always)]
    pub fn is_bool(&self, v: Value) -> bool {
        v == self.c(C::True) || v == self.c(C::False)
    }

    /// The integer value of an `int`, `bool` or int-subclass instance.
    #[inline]
    pub fn int_val(&self, v: Value) -> Option<IntVal<'_>> {
        if let Some(i) = v.as_small() {
            return Some(IntVal::Small(i));
        }
        let lay = self.layout_of(v.gc());
        if lay == self.lay.bigint {
            return Some(IntVal::Big(self.bigint_ref(v)));
        }
        if v == self.c(C::True) {
            return Some(IntVal::Small(1));
        }
        if v == self.c(C::False) {
            return Some(IntVal::Small(0));
        }
        if lay == self.lay.instance {
            let p = self.native_payload(v, Kind::Int)?;
            return self.int_val(p);
        }
        None
    }

    /// Whether `v` is an int (including bool and subclasses).
    #[inline]
    pub fn is_int(&self, v: Value) -> bool {
        self.int_val(v).is_some()
    }

    /// Whether `v` is an exact int (small or big, not bool).
    #[inline(always)]
    pub fn is_exact_int(&self, v: Value) -> bool {
        v.is_small() || self.is_bigint(v)
    }

    /// A bool object's value (`bool` singletons only).
    pub fn bool_obj_value(&self, v: Value) -> bool {
        self.ld_scalar::<i64>(v, obj_::x(1)) != 0
    }

    /// The int as `i64`, or `OverflowError` with CPython's message.
    pub fn int_to_i64(&mut self, v: Value) -> PyResult<Option<i64>> {
        match self.int_val(v) {
            None => Ok(None),
            Some(iv) => match iv.to_i64() {
                Some(i) => Ok(Some(i)),
                None => Err(self.overflow_error("Python int too large to convert to C long")),
            },
        }
    }

    /// `x.__index__()` as an `i64` for indexing (`IndexError`-style overflow message
    /// `cannot fit 'int' into an index-sized integer`).
    pub fn index_i64(&mut self, v: Value) -> PyResult<i64> {
        let iv = self.index_value(v)?;
        match self.int_val(iv).and_then(|x| x.to_i64()) {
            Some(i) => Ok(i),
            None => {
                let name = self.type_name(v);
                Err(crate::raise!(
                    self,
                    IndexError,
                    "cannot fit '{name}' into an index-sized integer"
                ))
            }
        }
    }

    /// `operator.index(v)`: the int itself, or the result of `__index__`.
    pub fn index_value(&mut self, v: Value) -> PyResult<Value> {
        if self.is_int(v) {
            if self.is_exact_int(v) {
                return Ok(v);
            }
            let iv = self.int_val(v).map(|x| x.to_big()).unwrap_or_default();
            return self.new_int_big(iv);
        }
        let r = self.call_special0(v, crate::runtime::names::n::INDEX)?;
        match r {
            Some(r) if self.is_int(r) => Ok(r),
            Some(r) => {
                let rn = self.type_name(r);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "__index__ returned non-int (type {rn})"
                ))
            }
            None => {
                let name = self.type_name(v);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "'{name}' object cannot be interpreted as an integer"
                ))
            }
        }
    }
}
