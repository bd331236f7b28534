//! The numeric tower for native operations: classification of int/bool/float/complex
//! operands (subclass instances through their payload), mixed-type arithmetic, and the
//! exact comparisons between ints and floats (CPython compares them exactly, never by
//! rounding the int).
//!
//! Also the native rich comparison of builtin containers and strings (`native_compare`).

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

use crate::bytecode::{BinaryOperator, CompareOperator};
use crate::objects::int::IntVal;
use crate::runtime::builtin_types::Kind;
use crate::runtime::errors::PyResult;
use crate::runtime::ops::ordering_matches;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// A classified numeric operand.
#[derive(Clone, Copy, Debug)]
pub enum Num<'a> {
    /// An int or bool.
    Int(IntVal<'a>),
    /// A float.
    Float(f64),
    /// A complex.
    Complex(f64, f64),
}

/// Exact comparison of an int (`i` or `big`) with a float; `None` if the float is NaN.
pub fn cmp_int_float(i: i64, big: Option<&BigInt>, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    if big.is_none() && i.unsigned_abs() < (1 << 53) {
        return (i as f64).partial_cmp(&f);
    }
    let fl = f.floor();
    let fi = BigInt::from(fl as i128);
    let fi = if fl.abs() >= 1.7e38 {
        // Outside i128: exact conversion through the decimal digits of the float.
        format!("{fl:.0}").parse::<BigInt>().unwrap_or(fi)
    } else {
        fi
    };
    let iv = match big {
        Some(b) => b.clone(),
        None => BigInt::from(i),
    };
    match iv.cmp(&fi) {
        Ordering::Equal => Some(if f > fl {
            Ordering::Less
        } else {
            Ordering::Equal
        }),
        o => Some(o),
    }
}

/// Equality of two simple numbers (int, bigint, bool, float) without Python code.
pub fn num_eq_simple(vm: &Vm, a: Value, b: Value) -> bool {
    match (vm.num_of(a), vm.num_of(b)) {
        (Some(x), Some(y)) => num_cmp(x, y) == Some(Ordering::Equal),
        _ => false,
    }
}

/// Ordering of two real numbers (`None` for NaN or complex).
pub fn num_cmp(a: Num<'_>, b: Num<'_>) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(IntVal::Small(x)), Num::Int(IntVal::Small(y))) => Some(x.cmp(&y)),
        (Num::Int(x), Num::Int(y)) => Some(x.to_big().cmp(&y.to_big())),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(&y),
        (Num::Int(x), Num::Float(f)) => match x {
            IntVal::Small(i) => cmp_int_float(i, None, f),
            IntVal::Big(b) => cmp_int_float(0, Some(b), f),
        },
        (Num::Float(f), Num::Int(x)) => match x {
            IntVal::Small(i) => cmp_int_float(i, None, f).map(Ordering::reverse),
            IntVal::Big(b) => cmp_int_float(0, Some(b), f).map(Ordering::reverse),
        },
        _ => None,
    }
}

/// An owned copy of a [`Num`].
enum ONum {
    I(OwnedInt),
    F(f64),
    C(f64, f64),
}

impl ONum {
    fn of(n: Num<'_>) -> ONum {
        match n {
            Num::Int(i) => ONum::I(own(i)),
            Num::Float(f) => ONum::F(f),
            Num::Complex(r, i) => ONum::C(r, i),
        }
    }
}

impl Vm {
    /// Classifies a numeric value.
    #[inline]
    pub fn num_of(&self, v: Value) -> Option<Num<'_>> {
        if let Some(i) = v.as_small() {
            return Some(Num::Int(IntVal::Small(i)));
        }
        if self.is_float(v) {
            return Some(Num::Float(self.float_val(v)));
        }
        if let Some(iv) = self.int_val(v) {
            return Some(Num::Int(iv));
        }
        if let Some(f) = self.float_of(v) {
            return Some(Num::Float(f));
        }
        if let Some((re, im)) = self.complex_of(v) {
            return Some(Num::Complex(re, im));
        }
        None
    }

    /// A float from an int value (`OverflowError` if too large).
    pub fn int_to_float(&mut self, iv: IntVal<'_>) -> PyResult<f64> {
        match iv.to_f64() {
            Some(f) => Ok(f),
            None => Err(self.overflow_error("int too large to convert to float")),
        }
    }

    /// Native arithmetic on two numbers: `None` means NotImplemented.
    pub fn number_binop(
        &mut self,
        op: BinaryOperator,
        a: Value,
        b: Value,
    ) -> PyResult<Option<Value>> {
        let op = op.base();
        if self.int_val(a).is_some() && self.int_val(b).is_some() {
            return self.int_binop_values(op, a, b);
        }
        // Copy the operands out so the borrow of `self` ends before arithmetic allocates.
        let (x, y) = match (self.num_of(a), self.num_of(b)) {
            (Some(x), Some(y)) => (ONum::of(x), ONum::of(y)),
            _ => return Ok(None),
        };
        match (x, y) {
            (ONum::I(i), ONum::I(j)) => self.int_binop(op, i.as_ref(), j.as_ref()),
            (x @ ONum::C(..), y) | (x, y @ ONum::C(..)) => {
                let (ar, ai) = self.complex_parts_of(x)?;
                let (br, bi) = self.complex_parts_of(y)?;
                self.complex_binop(op, (ar, ai), (br, bi))
            }
            (x, y) => {
                let fx = self.complex_parts_of(x)?.0;
                let fy = self.complex_parts_of(y)?.0;
                self.float_binop(op, fx, fy)
            }
        }
    }

    fn complex_parts_of(&mut self, n: ONum) -> PyResult<(f64, f64)> {
        Ok(match n {
            ONum::C(r, i) => (r, i),
            ONum::F(f) => (f, 0.0),
            ONum::I(i) => (self.int_to_float(i.as_ref())?, 0.0),
        })
    }

    /// Float arithmetic with CPython's errors.
    pub fn float_binop(&mut self, op: BinaryOperator, x: f64, y: f64) -> PyResult<Option<Value>> {
        use BinaryOperator::*;
        let r = match op {
            Add => x + y,
            Subtract => x - y,
            Multiply => x * y,
            TrueDivide => {
                if y == 0.0 {
                    return Err(self.zero_division("float division by zero"));
                }
                x / y
            }
            FloorDivide => {
                if y == 0.0 {
                    return Err(self.zero_division("float floor division by zero"));
                }
                float_divmod(x, y).0
            }
            Remainder => {
                if y == 0.0 {
                    return Err(self.zero_division("float modulo"));
                }
                float_divmod(x, y).1
            }
            Power => return self.float_pow(x, y).map(Some),
            _ => return Ok(None),
        };
        Ok(Some(self.new_float(r)?))
    }

    /// `x ** y` for floats with CPython's special cases and errors.
    pub fn float_pow(&mut self, x: f64, y: f64) -> PyResult<Value> {
        if y == 0.0 {
            return self.new_float(1.0);
        }
        if x.is_nan() {
            return self.new_float(if y == 0.0 { 1.0 } else { x });
        }
        if x == 0.0 && y < 0.0 && y.is_finite() {
            return Err(self.zero_division("0.0 cannot be raised to a negative power"));
        }
        if x < 0.0 && x.is_finite() && y.is_finite() && y.floor() != y {
            // Negative base, fractional exponent: complex result.
            let (r, i) = complex_pow((x, 0.0), (y, 0.0));
            return self.new_complex(r, i);
        }
        let r = x.powf(y);
        if r.is_infinite() && x.is_finite() && y.is_finite() {
            return Err(self.new_error_with_tuple_errno34());
        }
        self.new_float(r)
    }

    #[cold]
    fn new_error_with_tuple_errno34(&mut self) -> crate::runtime::errors::PyErr {
        let mark = self.sp();
        let r = (|| -> PyResult<Value> {
            let msg = self.new_str("Numerical result out of range")?;
            let t = self.tuple2(Value::small(34), msg)?;
            let tr = self.push_root(self.ty(crate::runtime::builtin_types::T::OverflowError))?;
            let e = self.new_exception_args(tr, t)?;
            Ok(e)
        })();
        self.truncate(mark);
        match r {
            Ok(e) => self.raise(e),
            Err(e) => e,
        }
    }

    /// Complex arithmetic.
    pub fn complex_binop(
        &mut self,
        op: BinaryOperator,
        a: (f64, f64),
        b: (f64, f64),
    ) -> PyResult<Option<Value>> {
        use BinaryOperator::*;
        let (r, i) = match op {
            Add => (a.0 + b.0, a.1 + b.1),
            Subtract => (a.0 - b.0, a.1 - b.1),
            Multiply => (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0),
            TrueDivide => {
                if b.0 == 0.0 && b.1 == 0.0 {
                    return Err(self.zero_division("complex division by zero"));
                }
                complex_div(a, b)
            }
            Power => {
                if a.0 == 0.0 && a.1 == 0.0 {
                    if b.1 != 0.0 || b.0 < 0.0 {
                        return Err(self.zero_division("0.0 to a negative or complex power"));
                    }
                    if b.0 == 0.0 { (1.0, 0.0) } else { (0.0, 0.0) }
                } else if b.1 == 0.0 && b.0.fract() == 0.0 && b.0.abs() <= 100.0 {
                    complex_int_pow(a, b.0 as i64)
                } else {
                    complex_pow(a, b)
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(self.new_complex(r, i)?))
    }
}

/// An owned copy of an `IntVal` (so the borrow of the VM can end).
pub enum OwnedInt {
    /// Small.
    Small(i64),
    /// Big.
    Big(BigInt),
}

impl OwnedInt {
    /// Borrowed view.
    pub fn as_ref(&self) -> IntVal<'_> {
        match self {
            OwnedInt::Small(i) => IntVal::Small(*i),
            OwnedInt::Big(b) => IntVal::Big(b),
        }
    }
}

/// Copies an `IntVal` out of the heap.
pub fn own(i: IntVal<'_>) -> OwnedInt {
    match i {
        IntVal::Small(s) => OwnedInt::Small(s),
        IntVal::Big(b) => OwnedInt::Big(b.clone()),
    }
}

/// Python's float `divmod` (CPython's `float_divmod`).
pub fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0_f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0_f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// Complex division (CPython's algorithm, avoiding overflow).
pub fn complex_div(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let abs_breal = b.0.abs();
    let abs_bimag = b.1.abs();
    if abs_breal >= abs_bimag {
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        ((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom)
    } else if abs_bimag >= abs_breal {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        ((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom)
    } else {
        (f64::NAN, f64::NAN)
    }
}

/// Complex power by repeated multiplication (CPython's `c_powi` for small integers).
pub fn complex_int_pow(a: (f64, f64), n: i64) -> (f64, f64) {
    if n < 0 {
        let p = complex_int_pow(a, -n);
        return complex_div((1.0, 0.0), p);
    }
    let mut r = (1.0, 0.0);
    let mut x = a;
    let mut e = n as u64;
    while e > 0 {
        if e & 1 == 1 {
            r = (r.0 * x.0 - r.1 * x.1, r.0 * x.1 + r.1 * x.0);
        }
        x = (x.0 * x.0 - x.1 * x.1, 2.0 * x.0 * x.1);
        e >>= 1;
    }
    r
}

/// General complex power (CPython's `c_pow`).
pub fn complex_pow(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    if b.0 == 0.0 && b.1 == 0.0 {
        return (1.0, 0.0);
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        return (0.0, 0.0);
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    (len * phase.cos(), len * phase.sin())
}

/// Native rich comparison of two builtin values (numbers, strings, bytes, tuples, lists,
/// sets, dicts, None): `Some(result)` when both operands are of builtin kinds that compare
/// natively, `None` to use the generic protocol. May run Python code for container items.
pub fn native_compare(
    vm: &mut Vm,
    a: Value,
    b: Value,
    op: CompareOperator,
) -> PyResult<Option<Value>> {
    if let Some(o) = vm.native_order(a, b) {
        let r = match o {
            Some(o) => ordering_matches(o, op),
            None => op == CompareOperator::Ne,
        };
        return Ok(Some(vm.bool_val(r)));
    }
    let (ka, kb) = (vm.kind(a), vm.kind(b));
    let exact = |vm: &Vm, v: Value, k: Kind| -> bool {
        match k {
            Kind::Instance => false,
            _ => !vm.is_instance_layout(v),
        }
    };
    if !exact(vm, a, ka) || !exact(vm, b, kb) {
        return Ok(None);
    }
    native_compare_kinds(vm, a, b, ka, kb, op)
}

/// Native comparison where `a`'s type method is a builtin slot (subclass instances are
/// unwrapped): returns NotImplemented for mismatched kinds.
pub fn native_compare_self(
    vm: &mut Vm,
    a: Value,
    b: Value,
    op: CompareOperator,
) -> PyResult<Option<Value>> {
    let a2 = vm.payload_or_self(a);
    let b2 = vm.payload_or_self(b);
    let (ka, kb) = (vm.kind(a2), vm.kind(b2));
    if ka == Kind::Instance {
        // object.__eq__ and friends.
        return Ok(Some(match op {
            CompareOperator::Eq if a == b => vm.bool_val(true),
            CompareOperator::Ne => {
                let r = vm.rich_compare_eq_method(a, b)?;
                if r == vm.not_implemented() {
                    r
                } else {
                    let t = vm.truthy(r)?;
                    vm.bool_val(!t)
                }
            }
            _ => vm.not_implemented(),
        }));
    }
    if let Some(o) = vm.native_order(a2, b2) {
        let r = match o {
            Some(o) => ordering_matches(o, op),
            None => op == CompareOperator::Ne,
        };
        return Ok(Some(vm.bool_val(r)));
    }
    match native_compare_kinds(vm, a2, b2, ka, kb, op)? {
        Some(r) => Ok(Some(r)),
        None => Ok(Some(vm.not_implemented())),
    }
}

fn is_num_kind(k: Kind) -> bool {
    matches!(k, Kind::Int | Kind::Bool | Kind::Float | Kind::Complex)
}

fn native_compare_kinds(
    vm: &mut Vm,
    a: Value,
    b: Value,
    ka: Kind,
    kb: Kind,
    op: CompareOperator,
) -> PyResult<Option<Value>> {
    use CompareOperator::*;
    if is_num_kind(ka) && is_num_kind(kb) {
        let (x, y) = (vm.num_of(a), vm.num_of(b));
        let (Some(x), Some(y)) = (x, y) else {
            return Ok(None);
        };
        if let (Num::Complex(..), _) | (_, Num::Complex(..)) = (x, y) {
            // Complex numbers are unordered: `None` lets the caller raise the TypeError.
            let eq = complex_eq(x, y);
            return Ok(match op {
                Eq => Some(vm.bool_val(eq)),
                Ne => Some(vm.bool_val(!eq)),
                _ => None,
            });
        }
        let r = match num_cmp(x, y) {
            Some(o) => ordering_matches(o, op),
            None => op == Ne,
        };
        return Ok(Some(vm.bool_val(r)));
    }
    let user = |k: Kind| matches!(k, Kind::Instance | Kind::Type);
    if user(ka) || user(kb) {
        // A user object on either side: its methods decide (NotImplemented here).
        return Ok(None);
    }
    if is_num_kind(ka) || is_num_kind(kb) {
        return Ok(match op {
            Eq | Ne => Some(vm.bool_val(op == Ne && !(a == b) || op == Eq && a == b)),
            _ => None,
        });
    }
    match (ka, kb) {
        (Kind::Str, Kind::Str) => {
            let o = vm.str_bytes(a).cmp(vm.str_bytes(b));
            Ok(Some(vm.bool_val(ordering_matches(o, op))))
        }
        (Kind::Bytes, Kind::Bytes)
        | (Kind::ByteArray, Kind::ByteArray)
        | (Kind::Bytes, Kind::ByteArray)
        | (Kind::ByteArray, Kind::Bytes) => {
            let x = vm.bytes_like(a).unwrap_or_default();
            let y = vm.bytes_like(b).unwrap_or_default();
            Ok(Some(vm.bool_val(ordering_matches(x.cmp(&y), op))))
        }
        (Kind::Tuple, Kind::Tuple) | (Kind::List, Kind::List) => {
            seq_compare(vm, a, b, op).map(Some)
        }
        (Kind::Set | Kind::FrozenSet, Kind::Set | Kind::FrozenSet) => {
            vm.set_compare(a, b, op).map(Some)
        }
        (Kind::Dict, Kind::Dict) => match op {
            Eq | Ne => {
                let eq = vm.dict_equal(a, b)?;
                Ok(Some(vm.bool_val(eq == (op == Eq))))
            }
            _ => Ok(None),
        },
        (Kind::NoneK, _) | (_, Kind::NoneK) => Ok(match op {
            Eq => Some(vm.bool_val(a == b)),
            Ne => Some(vm.bool_val(a != b)),
            _ => None,
        }),
        (Kind::Range, Kind::Range) => match op {
            Eq | Ne => {
                let eq = vm.range_equal(a, b)?;
                Ok(Some(vm.bool_val(eq == (op == Eq))))
            }
            _ => Ok(None),
        },
        _ => {
            let plain = |k: Kind| {
                matches!(
                    k,
                    Kind::Str
                        | Kind::Bytes
                        | Kind::ByteArray
                        | Kind::Tuple
                        | Kind::List
                        | Kind::Set
                        | Kind::FrozenSet
                        | Kind::Dict
                        | Kind::Range
                )
            };
            if ka != kb && plain(ka) && plain(kb) {
                // Unrelated builtin kinds: equality is identity, ordering unsupported.
                return Ok(match op {
                    Eq => Some(vm.bool_val(a == b)),
                    Ne => Some(vm.bool_val(a != b)),
                    _ => None,
                });
            }
            Ok(None)
        }
    }
}

fn complex_eq(x: Num<'_>, y: Num<'_>) -> bool {
    let parts = |n: Num<'_>| -> Option<(f64, f64)> {
        Some(match n {
            Num::Complex(r, i) => (r, i),
            Num::Float(f) => (f, 0.0),
            Num::Int(i) => (i.to_f64()?, 0.0),
        })
    };
    match (x, y) {
        (Num::Int(i), Num::Complex(r, im)) | (Num::Complex(r, im), Num::Int(i)) => {
            im == 0.0 && num_cmp(Num::Int(i), Num::Float(r)) == Some(Ordering::Equal)
        }
        _ => parts(x) == parts(y) && parts(x).is_some(),
    }
}

/// Lexicographic comparison of two lists or two tuples (CPython's algorithm: find the first
/// unequal pair with `==`, then compare it with `op`).
fn seq_compare(vm: &mut Vm, a: Value, b: Value, op: CompareOperator) -> PyResult<Value> {
    let mark = vm.sp();
    let ar = vm.push_root(a)?;
    let br = vm.push_root(b)?;
    let len = |vm: &Vm, v: Value| {
        if vm.is_list(v) {
            vm.list_len(v)
        } else {
            vm.tuple_len(v)
        }
    };
    let item = |vm: &Vm, v: Value, i: usize| {
        if vm.is_list(v) {
            vm.list_get(v, i)
        } else {
            vm.tuple_get(v, i)
        }
    };
    if a != b && matches!(op, CompareOperator::Eq | CompareOperator::Ne) && len(vm, a) != len(vm, b)
    {
        vm.truncate(mark);
        return Ok(vm.bool_val(op == CompareOperator::Ne));
    }
    let mut i = 0;
    loop {
        let (a, b) = (vm.get(ar), vm.get(br));
        let (la, lb) = (len(vm, a), len(vm, b));
        if i >= la || i >= lb {
            vm.truncate(mark);
            return Ok(vm.bool_val(ordering_matches(la.cmp(&lb), op)));
        }
        let (x, y) = (item(vm, a, i), item(vm, b, i));
        if !vm.eq_values(x, y)? {
            // `__eq__` may have shrunk either list: like CPython, a vanished item makes
            // the comparison one of lengths.
            let (a, b) = (vm.get(ar), vm.get(br));
            let (la, lb) = (len(vm, a), len(vm, b));
            if i >= la || i >= lb {
                vm.truncate(mark);
                return Ok(vm.bool_val(ordering_matches(la.cmp(&lb), op)));
            }
            let (x, y) = (item(vm, a, i), item(vm, b, i));
            vm.truncate(mark);
            return match op {
                CompareOperator::Eq => Ok(vm.bool_val(false)),
                CompareOperator::Ne => Ok(vm.bool_val(true)),
                _ => vm.rich_compare(x, y, op),
            };
        }
        i += 1;
    }
}

impl Vm {
    /// `a.__eq__(b)` for `object.__ne__`'s delegation.
    pub fn rich_compare_eq_method(&mut self, a: Value, b: Value) -> PyResult<Value> {
        let ty = self.type_of(a);
        match self.lookup_special(ty, crate::runtime::names::n::EQ) {
            Some(m) if !(self.kind(m) == Kind::Builtin) => self.call_special_found(m, a, &[b]),
            _ => Ok(if a == b {
                self.bool_val(true)
            } else {
                self.not_implemented()
            }),
        }
    }

    /// Bytes of a bytes or bytearray (copied).
    pub fn bytes_like(&self, v: Value) -> Option<Vec<u8>> {
        if let Some(b) = self.as_bytes_obj(v) {
            return Some(self.bytes_data(b).to_vec());
        }
        if self.is_memoryview(v) {
            return self.memoryview_bytes(v);
        }
        if let Some(b) = crate::modules::data::array::array_bytes(self, v) {
            return Some(b.to_vec());
        }
        self.bytearray_data(v).map(|b| b.to_vec())
    }

    /// The value of an int as `i64` if small, for indices.
    pub fn small_int_of(&self, v: Value) -> Option<i64> {
        match self.int_val(v)? {
            IntVal::Small(i) => Some(i),
            IntVal::Big(b) => b.to_i64(),
        }
    }

    /// Whether a BigInt is zero (helper for callers holding references).
    pub fn big_is_zero(b: &BigInt) -> bool {
        b.is_zero()
    }
}
