//! The object protocols every part of the VM uses: truth, hashing, rich comparison,
//! `repr`/`str`, `len`, iteration, subscription and membership. Each has a fast path for
//! builtin kinds (no Python code) and falls back to special-method lookup on the type.
//! Arithmetic dispatch is in `binops.rs`.
//!
//! All functions here take their operands as `Value`s and root them themselves before any
//! safepoint (rule 3 of the rooting rules).

use std::cmp::Ordering;

use crate::bytecode::CompareOperator;
use crate::runtime::builtin_types::{Kind, T, tf};
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::roots::{C, Root};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// CPython's tuple hash constants (xxHash primes).
const XXPRIME_1: u64 = 11400714785074694791;
const XXPRIME_2: u64 = 14029467366897019727;
const XXPRIME_5: u64 = 2870177450012600261;

/// The operator with swapped operands (`a < b` is `b > a`).
pub fn swapped(op: CompareOperator) -> CompareOperator {
    use CompareOperator::*;
    match op {
        Lt => Gt,
        Le => Ge,
        Eq => Eq,
        Ne => Ne,
        Gt => Lt,
        Ge => Le,
    }
}

/// The special method name of a comparison.
pub fn compare_name(op: CompareOperator) -> crate::runtime::names::Name {
    use CompareOperator::*;
    match op {
        Lt => n::LT,
        Le => n::LE,
        Eq => n::EQ,
        Ne => n::NE,
        Gt => n::GT,
        Ge => n::GE,
    }
}

/// Whether an ordering satisfies a comparison operator.
pub fn ordering_matches(o: Ordering, op: CompareOperator) -> bool {
    use CompareOperator::*;
    match op {
        Lt => o == Ordering::Less,
        Le => o != Ordering::Greater,
        Eq => o == Ordering::Equal,
        Ne => o != Ordering::Equal,
        Gt => o == Ordering::Greater,
        Ge => o != Ordering::Less,
    }
}

impl Vm {
    // ----- truth -------------------------------------------------------------------------

    /// `bool(v)`.
    #[inline]
    pub fn truthy(&mut self, v: Value) -> PyResult<bool> {
        if let Some(i) = v.as_small() {
            return Ok(i != 0);
        }
        if v == self.c(C::True) {
            return Ok(true);
        }
        if v == self.c(C::False) || v == self.none() {
            return Ok(false);
        }
        match self.kind(v) {
            Kind::Str => Ok(self.str_len(v) > 0),
            Kind::List => Ok(self.list_len(v) > 0),
            Kind::Tuple => Ok(self.tuple_len(v) > 0),
            Kind::Dict => Ok(self.dict_len(v) > 0),
            Kind::Float => Ok(self.float_val(v) != 0.0),
            Kind::Int => Ok(true),
            Kind::Set | Kind::FrozenSet => Ok(self.set_len(v) > 0),
            Kind::Bytes => Ok(!self.bytes_data(v).is_empty()),
            Kind::Function | Kind::Type | Kind::Module | Kind::Builtin | Kind::Method => Ok(true),
            _ => self.truthy_slow(v),
        }
    }

    #[inline(never)]
    fn truthy_slow(&mut self, v: Value) -> PyResult<bool> {
        let ty = self.type_of(v);
        if let Some(m) = self.lookup_special(ty, n::BOOL) {
            let r = self.call_special_found(m, v, &[])?;
            if r == self.c(C::True) {
                return Ok(true);
            }
            if r == self.c(C::False) {
                return Ok(false);
            }
            let tn = self.type_name(r);
            return Err(crate::raise!(
                self,
                TypeError,
                "__bool__ should return bool, returned {tn}"
            ));
        }
        let mark = self.sp();
        let vr = self.push_root(v)?;
        let ty = self.type_of(v);
        if let Some(m) = self.lookup_special(ty, n::LEN) {
            let r = self.call_special_found(m, self.get(vr), &[])?;
            self.truncate(mark);
            let n = self.len_result(r)?;
            return Ok(n > 0);
        }
        self.truncate(mark);
        Ok(true)
    }

    /// Validates the result of `__len__`.
    fn len_result(&mut self, r: Value) -> PyResult<usize> {
        match self.int_val(r) {
            Some(iv) => match iv.to_i64() {
                Some(i) if i >= 0 => Ok(i as usize),
                Some(_) => Err(self.value_error("__len__() should return >= 0")),
                None => {
                    if iv.signum() < 0 {
                        Err(self.value_error("__len__() should return >= 0"))
                    } else {
                        Err(self.overflow_error("cannot fit 'int' into an index-sized integer"))
                    }
                }
            },
            None => {
                let tn = self.type_name(r);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "'{tn}' object cannot be interpreted as an integer"
                ))
            }
        }
    }

    // ----- hashing -----------------------------------------------------------------------

    /// `hash(v)`.
    pub fn hash(&mut self, v: Value) -> PyResult<i64> {
        if let Some(h) = self.simple_hash(v) {
            return Ok(h);
        }
        match self.kind(v) {
            Kind::Bool => Ok(self.bool_obj_value(v) as i64),
            Kind::Tuple => self.tuple_hash(v),
            Kind::FrozenSet => self.frozenset_hash(v),
            Kind::Bytes => Ok(crate::objects::str::hash_bytes(self.bytes_data(v))),
            Kind::Complex => {
                let (re, im) = self.complex_of(v).expect("complex");
                let h = crate::objects::float::hash_f64(re)
                    .wrapping_add(1000003i64.wrapping_mul(crate::objects::float::hash_f64(im)));
                Ok(if h == -1 { -2 } else { h })
            }
            Kind::Float => {
                let f = self.float_val(v);
                if f.is_nan() {
                    return Ok(self.identity_hash(v));
                }
                Ok(crate::objects::float::hash_f64(f))
            }
            Kind::Type
            | Kind::Function
            | Kind::Builtin
            | Kind::Module
            | Kind::Code
            | Kind::Cell
            | Kind::NoneK => Ok(self.identity_hash(v)),
            _ => self.hash_slow(v),
        }
    }

    /// An identity-based hash (stable across moves).
    pub fn identity_hash(&mut self, v: Value) -> i64 {
        if v.is_small() {
            return crate::objects::int::hash_i64(v.small_value());
        }
        let id = self.heap.object_id(v.gc());
        // CPython's _Py_HashPointer: rotate the address right by 4 bits.
        let h = id.rotate_right(4) as i64;
        if h == -1 { -2 } else { h }
    }

    #[inline(never)]
    fn hash_slow(&mut self, v: Value) -> PyResult<i64> {
        let ty = self.type_of(v);

        match self.lookup_special(ty, n::HASH) {
            None => Ok(self.identity_hash(v)),
            Some(h) if self.is_none(h) => {
                let tn = self.type_name(v);
                Err(crate::raise!(self, TypeError, "unhashable type: '{tn}'"))
            }
            Some(h) => {
                if self.is_builtin_fn(h, crate::objects::object::object_hash) {
                    return Ok(self.identity_hash(v));
                }
                let r = self.call_special_found(h, v, &[])?;
                match self.int_val(r) {
                    Some(crate::objects::int::IntVal::Small(i)) => Ok(if i == -1 { -2 } else { i }),
                    // A result that fits in a hash word is used as is (CPython's `Py_hash_t`).
                    Some(crate::objects::int::IntVal::Big(b)) => {
                        Ok(match num_traits::ToPrimitive::to_i64(b) {
                            Some(-1) => -2,
                            Some(h) => h,
                            None => crate::objects::int::hash_bigint(b),
                        })
                    }
                    None => Err(self.type_error("__hash__ method should return an integer")),
                }
            }
        }
    }

    fn tuple_hash(&mut self, t: Value) -> PyResult<i64> {
        let n = self.tuple_len(t);
        let mark = self.sp();
        let tr = self.push_root(t)?;
        let mut acc: u64 = XXPRIME_5;
        for i in 0..n {
            let item = self.tuple_get(self.get(tr), i);
            let lane = self.hash(item)? as u64;
            acc = acc.wrapping_add(lane.wrapping_mul(XXPRIME_2));
            acc = acc.rotate_left(31);
            acc = acc.wrapping_mul(XXPRIME_1);
        }
        self.truncate(mark);
        acc = acc.wrapping_add((n as u64) ^ (XXPRIME_5 ^ 3527539));
        if acc == u64::MAX {
            return Ok(1546275796);
        }
        Ok(acc as i64)
    }

    // ----- comparison --------------------------------------------------------------------

    /// `a == b` as a bool (identity first, like CPython's container comparisons).
    pub fn eq_values(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if a == b {
            return Ok(true);
        }
        if let Some(r) = self.simple_eq(a, b) {
            return Ok(r);
        }
        let r = self.rich_compare(a, b, CompareOperator::Eq)?;
        self.truthy(r)
    }

    /// `a op b` as a bool.
    pub fn compare_bool(&mut self, a: Value, b: Value, op: CompareOperator) -> PyResult<bool> {
        if let Some(o) = self.native_order(a, b) {
            return Ok(match o {
                Some(o) => ordering_matches(o, op),
                None => op == CompareOperator::Ne,
            });
        }
        let r = self.rich_compare(a, b, op)?;
        if r == self.c(C::True) {
            return Ok(true);
        }
        if r == self.c(C::False) {
            return Ok(false);
        }
        self.truthy(r)
    }

    /// Ordering of two numbers or two strs without Python code: `Some(None)` = unordered
    /// (NaN), `None` = not both simple.
    #[inline]
    pub fn native_order(&self, a: Value, b: Value) -> Option<Option<Ordering>> {
        if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
            return Some(Some(x.cmp(&y)));
        }
        if a.is_small() || b.is_small() {
            if let Some(f) = (!a.is_small()).then(|| self.is_float(a)).filter(|&x| x) {
                let _ = f;
                let fa = self.float_val(a);
                return Some(
                    crate::objects::number::cmp_int_float(b.small_value(), None, fa)
                        .map(Ordering::reverse),
                );
            }
            if !b.is_small() && self.is_float(b) {
                let fb = self.float_val(b);
                return Some(crate::objects::number::cmp_int_float(
                    a.small_value(),
                    None,
                    fb,
                ));
            }
            return None;
        }
        let (la, lb) = (self.layout_of(a.gc()), self.layout_of(b.gc()));
        if la == self.lay.float && lb == self.lay.float {
            return Some(self.float_val(a).partial_cmp(&self.float_val(b)));
        }
        if la == self.lay.str_ && lb == self.lay.str_ {
            return Some(Some(self.str_bytes(a).cmp(self.str_bytes(b))));
        }
        None
    }

    /// Rich comparison `a op b` with CPython's reflected-operand rules.
    pub fn rich_compare(&mut self, a: Value, b: Value, op: CompareOperator) -> PyResult<Value> {
        if let Some(r) = crate::objects::number::native_compare(self, a, b, op)? {
            return Ok(r);
        }
        let mark = self.sp();
        let ar = self.push_root(a)?;
        let br = self.push_root(b)?;
        self.enter_recursion(" in comparison")?;
        let r = self.rich_compare_slow(ar, br, op);
        self.leave_recursion();
        self.truncate(mark);
        r
    }

    fn rich_compare_slow(&mut self, ar: Root, br: Root, op: CompareOperator) -> PyResult<Value> {
        let (a, b) = (self.get(ar), self.get(br));
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let name = compare_name(op);
        let rname = compare_name(swapped(op));
        let mut checked_reflected = false;
        if ta != tb
            && self.is_subtype(tb, ta)
            && !self.is_subtype(ta, tb)
            && let Some(m) = self.lookup_special(tb, rname)
        {
            checked_reflected = true;
            let (a, b) = (self.get(ar), self.get(br));
            let r = self.call_compare_method(m, b, a, swapped(op))?;
            if r != self.not_implemented() {
                return Ok(r);
            }
        }
        let ta = self.type_of(self.get(ar));
        if let Some(m) = self.lookup_special(ta, name) {
            let (a, b) = (self.get(ar), self.get(br));
            let r = self.call_compare_method(m, a, b, op)?;
            if r != self.not_implemented() {
                return Ok(r);
            }
        }
        if !checked_reflected {
            let tb = self.type_of(self.get(br));
            if let Some(m) = self.lookup_special(tb, rname) {
                let (a, b) = (self.get(ar), self.get(br));
                let r = self.call_compare_method(m, b, a, swapped(op))?;
                if r != self.not_implemented() {
                    return Ok(r);
                }
            }
        }
        let (a, b) = (self.get(ar), self.get(br));
        match op {
            CompareOperator::Eq => Ok(self.bool_val(a == b)),
            CompareOperator::Ne => Ok(self.bool_val(a != b)),
            _ => {
                let (na, nb) = (self.type_name(a), self.type_name(b));
                Err(crate::raise!(
                    self,
                    TypeError,
                    "'{}' not supported between instances of '{na}' and '{nb}'",
                    op.symbol()
                ))
            }
        }
    }

    /// Calls a comparison method found on a type (native ones directly).
    fn call_compare_method(
        &mut self,
        m: Value,
        a: Value,
        b: Value,
        op: CompareOperator,
    ) -> PyResult<Value> {
        if self.kind(m) == Kind::Builtin
            && self.is_exact(m, T::WrapperDescriptor)
            && self.is_native_cmp_wrapper(m)
        {
            // The shared comparison slots of builtin types: dispatch natively on `a`'s kind.
            if let Some(r) = crate::objects::number::native_compare_self(self, a, b, op)? {
                return Ok(r);
            }
        }
        self.call_special_found(m, a, &[b])
    }

    /// Whether `m` is one of the shared native comparison wrappers (`int_methods::w_eq`...).
    fn is_native_cmp_wrapper(&self, m: Value) -> bool {
        use crate::objects::int_methods::{w_eq, w_ge, w_gt, w_le, w_lt, w_ne};
        let f = self.builtin_def(m).fun;
        [w_eq, w_ne, w_lt, w_le, w_gt, w_ge]
            .iter()
            .any(|&g| std::ptr::fn_addr_eq(f, g as crate::objects::builtin_func::BuiltinFn))
    }

    /// Counts one level of native recursion (`repr`, comparisons) against the limit.
    pub fn enter_recursion(&mut self, what: &str) -> PyResult<()> {
        self.rust_depth += 1;
        if self.rust_depth + self.st().frames.len() > self.recursion_limit {
            self.rust_depth -= 1;
            return Err(crate::raise!(
                self,
                RecursionError,
                "maximum recursion depth exceeded{what}"
            ));
        }
        Ok(())
    }

    /// Leaves a level entered with [`Vm::enter_recursion`].
    #[inline]
    pub fn leave_recursion(&mut self) {
        self.rust_depth -= 1;
    }

    // ----- repr / str --------------------------------------------------------------------

    /// `repr(v)` (a str).
    pub fn repr(&mut self, v: Value) -> PyResult<Value> {
        match self.kind(v) {
            Kind::Int if v.is_small() => {
                let s = v.small_value().to_string();
                return self.new_str(&s);
            }
            Kind::Str if self.is_str(v) => {
                let s = crate::objects::str_repr::repr_wtf8(self.str_bytes(v));
                return self.new_str(&s);
            }
            Kind::Float => {
                let s = crate::format::float_repr::repr_f64(self.float_val(v));
                return self.new_str(&s);
            }
            Kind::NoneK => return self.new_str("None"),
            Kind::Bool => {
                return self.new_str(if v == self.c(C::True) {
                    "True"
                } else {
                    "False"
                });
            }
            _ => {}
        }
        let mark = self.sp();
        self.push_root(v)?;
        self.enter_recursion(" while getting the repr of an object")?;
        let r = self.repr_slow(v);
        self.leave_recursion();
        self.truncate(mark);
        r
    }

    fn repr_slow(&mut self, v: Value) -> PyResult<Value> {
        let ty = self.type_of(v);
        let m = self.lookup_special(ty, n::REPR);
        let r = match m {
            Some(m) => {
                if self.kind(m) == Kind::Builtin && self.is_exact(m, T::WrapperDescriptor) {
                    let def = self.builtin_def(m);
                    let base = self.sp();
                    self.push_root(v)?;
                    let r = (def.fun)(self, crate::runtime::call::Args::positional(base, 1));
                    self.truncate(base);
                    r?
                } else {
                    self.call_special_found(m, v, &[])?
                }
            }
            None => return crate::objects::object::default_repr(self, v),
        };
        if !self.is_str(r) && self.as_str_obj(r).is_none() {
            let tn = self.type_name(r);
            return Err(crate::raise!(
                self,
                TypeError,
                "__repr__ returned non-string (type {tn})"
            ));
        }
        Ok(r)
    }

    /// `str(v)` (a str).
    pub fn str_of(&mut self, v: Value) -> PyResult<Value> {
        if self.is_str(v) {
            return Ok(v);
        }
        match self.kind(v) {
            Kind::Int | Kind::Float | Kind::NoneK | Kind::Bool => return self.repr(v),
            _ => {}
        }
        let ty = self.type_of(v);
        let m = self.lookup_special(ty, n::STR);
        let r = match m {
            Some(m) => {
                if self.is_builtin_fn(m, crate::objects::object::object_str) {
                    return self.repr(v);
                }
                self.call_special_found(m, v, &[])?
            }
            None => return self.repr(v),
        };
        if !self.is_str(r) && self.as_str_obj(r).is_none() {
            let tn = self.type_name(r);
            return Err(crate::raise!(
                self,
                TypeError,
                "__str__ returned non-string (type {tn})"
            ));
        }
        Ok(r)
    }

    /// `repr(v)` as Rust text.
    pub fn repr_string(&mut self, v: Value) -> PyResult<String> {
        let r = self.repr(v)?;
        let s = self.as_str_obj(r).unwrap_or(r);
        Ok(self.str_string(s))
    }

    /// `str(v)` as Rust text.
    pub fn str_string_of(&mut self, v: Value) -> PyResult<String> {
        let r = self.str_of(v)?;
        let s = self.as_str_obj(r).unwrap_or(r);
        Ok(self.str_string(s))
    }

    /// A best-effort description for internal diagnostics (never runs Python code).
    pub fn debug_repr(&self, v: Value) -> String {
        if let Some(i) = v.as_small() {
            return i.to_string();
        }
        if self.is_str(v) {
            return format!("{:?}", self.str_string(v));
        }
        if self.is_exception(v) {
            let args = self.exc_args(v);
            let mut s = format!("{}(", self.type_name(v));
            for (i, a) in self.tuple_items(args).iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(&self.debug_repr(*a));
            }
            s.push(')');
            return s;
        }
        format!("<{} object>", self.type_name(v))
    }

    /// Enters a container repr: returns `false` if `v` is already being repr'd (recursion).
    /// Not a safepoint (the repr stack is Rust memory).
    pub fn repr_enter(&mut self, v: Value) -> PyResult<bool> {
        let st = self.stm();
        if st.repr_stack.contains(&v.raw()) {
            return Ok(false);
        }
        st.repr_stack.push(v.raw());
        Ok(true)
    }

    /// Leaves a container repr entered with [`Vm::repr_enter`].
    pub fn repr_leave(&mut self, v: Value) {
        let st = self.stm();
        if st.repr_stack.last() == Some(&v.raw()) {
            st.repr_stack.pop();
        } else if let Some(i) = st.repr_stack.iter().rposition(|&x| x == v.raw()) {
            st.repr_stack.remove(i);
        }
    }

    // ----- len / iteration ---------------------------------------------------------------

    /// `len(v)`.
    pub fn len(&mut self, v: Value) -> PyResult<usize> {
        match self.kind(v) {
            Kind::Str => return Ok(self.str_len(v)),
            Kind::List => return Ok(self.list_len(v)),
            Kind::Tuple => return Ok(self.tuple_len(v)),
            Kind::Dict => return Ok(self.dict_len(v)),
            Kind::Set | Kind::FrozenSet => return Ok(self.set_len(v)),
            Kind::Bytes => return Ok(self.bytes_data(v).len()),
            // Without copying the data (`bytearray.__len__` goes through a copy).
            Kind::ByteArray if self.is_exact(v, T::ByteArray) => {
                return Ok(self.bytearray_data(v).map_or(0, |d| d.len()));
            }
            _ => {}
        }
        let ty = self.type_of(v);
        match self.lookup_special(ty, n::LEN) {
            Some(m) => {
                let r = self.call_special_found(m, v, &[])?;
                self.len_result(r)
            }
            None => {
                let tn = self.type_name(v);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "object of type '{tn}' has no len()"
                ))
            }
        }
    }

    /// `iter(v)`.
    pub fn get_iter(&mut self, v: Value) -> PyResult<Value> {
        match self.kind(v) {
            Kind::List => return self.new_seq_iter(T::ListIter, v),
            Kind::Tuple => return self.new_seq_iter(T::TupleIter, v),
            Kind::Str => {
                let t = if self.str_is_ascii(v) {
                    T::StrAsciiIter
                } else {
                    T::StrIter
                };
                return self.new_seq_iter(t, v);
            }
            Kind::Range => return self.range_iter(v),
            Kind::Dict => return self.new_dict_iter(T::DictKeyIter, v),
            Kind::Set | Kind::FrozenSet => return self.new_set_iter(v),
            Kind::Generator
            | Kind::ListIter
            | Kind::TupleIter
            | Kind::StrIter
            | Kind::RangeIter
            | Kind::DictIter
            | Kind::SetIter
            | Kind::Enumerate
            | Kind::Zip
            | Kind::Map
            | Kind::Filter
            | Kind::Reversed
            | Kind::SeqIter
            | Kind::Itertools
            | Kind::BytesIter => return Ok(v),
            _ => {}
        }
        let ty = self.type_of(v);
        match self.lookup_special(ty, n::ITER) {
            Some(m) if !self.is_none(m) => {
                let mark = self.sp();
                self.push_root(v)?;
                let it = self.call_special_found(m, v, &[])?;
                self.truncate(mark);
                let it_ty = self.type_of(it);
                if !self.is_iterator_type(it_ty) {
                    let tn = self.type_name(it);
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "iter() returned non-iterator of type '{tn}'"
                    ));
                }
                Ok(it)
            }
            Some(_) => {
                let tn = self.type_name(v);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "'{tn}' object is not iterable"
                ))
            }
            None => {
                if self.lookup_special(ty, n::GETITEM).is_some() && self.type_kind(ty) != Kind::Dict
                {
                    return self.new_seq_iter(T::SeqIter, v);
                }
                let tn = self.type_name(v);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "'{tn}' object is not iterable"
                ))
            }
        }
    }

    /// Whether instances of `ty` are iterators (have `__next__`).
    pub fn is_iterator_type(&mut self, ty: Value) -> bool {
        match self.type_kind(ty) {
            Kind::Generator
            | Kind::ListIter
            | Kind::ListRevIter
            | Kind::TupleIter
            | Kind::StrIter
            | Kind::RangeIter
            | Kind::DictIter
            | Kind::SetIter
            | Kind::Enumerate
            | Kind::Zip
            | Kind::Map
            | Kind::Filter
            | Kind::Reversed
            | Kind::SeqIter
            | Kind::Itertools
            | Kind::BytesIter => true,
            _ => self.lookup_special(ty, n::NEXT).is_some(),
        }
    }

    /// `next(it)`: `None` at the end (no StopIteration object is created for builtin
    /// iterators).
    pub fn iter_next(&mut self, it: Value) -> PyResult<Option<Value>> {
        match self.kind(it) {
            Kind::ListIter => return Ok(self.list_iter_next(it)),
            Kind::TupleIter => return Ok(self.tuple_iter_next(it)),
            Kind::RangeIter => return self.range_iter_next(it),
            Kind::StrIter => return self.str_iter_next(it),
            Kind::DictIter => return self.dict_iter_next(it),
            Kind::SetIter => return self.set_iter_next(it),
            Kind::Generator => return self.gen_next(it),
            Kind::Itertools => return self.itertools_next(it),
            Kind::Enumerate
            | Kind::Zip
            | Kind::Map
            | Kind::Filter
            | Kind::Reversed
            | Kind::SeqIter
            | Kind::ListRevIter
            | Kind::BytesIter => return self.builtin_iter_next(it),
            _ => {}
        }
        let ty = self.type_of(it);
        if ty == self.ty(T::CallableIter) {
            return self.builtin_iter_next(it);
        }
        match self.lookup_special(ty, n::NEXT) {
            Some(m) => match self.call_special_found(m, it, &[]) {
                Ok(v) => Ok(Some(v)),
                Err(e) if self.err_matches(&e, T::StopIteration) => {
                    let _ = self.take_exc(e);
                    Ok(None)
                }
                Err(e) => Err(e),
            },
            None => {
                let tn = self.type_name(it);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "'{tn}' object is not an iterator"
                ))
            }
        }
    }

    /// Collects an iterable into a new list.
    pub fn to_list(&mut self, v: Value) -> PyResult<Value> {
        let mark = self.sp();
        let vr = self.push_root(v)?;
        if let Some(src) = self.as_list_obj(v).or_else(|| self.as_tuple_obj(v)) {
            let sr = self.push_root(src)?;
            let l = self.list_copy_of(sr)?;
            self.truncate(mark);
            return Ok(l);
        }
        let l = self.new_list(0)?;
        let lr = self.push_root(l)?;
        self.list_extend_iter(lr, self.get(vr))?;
        let l = self.get(lr);
        self.truncate(mark);
        Ok(l)
    }

    /// Appends every item of `iterable` to the list in root `lr`.
    pub fn list_extend_iter(&mut self, lr: Root, iterable: Value) -> PyResult<()> {
        let mark = self.sp();
        if let Some(src) = self
            .as_list_obj(iterable)
            .or_else(|| self.as_tuple_obj(iterable))
        {
            let sr = self.push_root(src)?;
            let is_list = self.is_list(src);
            let n = if is_list {
                self.list_len(src)
            } else {
                self.tuple_len(src)
            };
            let cur = self.list_len(self.get(lr));
            self.list_reserve(lr, cur + n)?;
            for i in 0..n {
                let s = self.get(sr);
                let len_now = if is_list { self.list_len(s) } else { n };
                if i >= len_now {
                    break;
                }
                let x = if is_list {
                    self.list_get(s, i)
                } else {
                    self.tuple_get(s, i)
                };
                self.list_append(self.get(lr), x)?;
            }
            self.truncate(mark);
            return Ok(());
        }
        let it = self.get_iter(iterable)?;
        let ir = self.push_root(it)?;
        while let Some(x) = self.iter_next(self.get(ir))? {
            self.list_append(self.get(lr), x)?;
        }
        self.truncate(mark);
        Ok(())
    }

    /// `tuple(v)` (the object itself for an exact tuple).
    pub fn to_tuple(&mut self, v: Value) -> PyResult<Value> {
        if self.is_tuple(v) {
            return Ok(v);
        }
        let mark = self.sp();
        let l = self.to_list(v)?;
        let lr = self.push_root(l)?;
        let n = self.list_len(l);
        let t = self.alloc_tuple(n)?;
        let l = self.get(lr);
        for i in 0..n {
            let w = self.list_get(l, i).raw();
            self.init_item(t, crate::runtime::layout::tuple_::FIXED, i, w);
        }
        self.truncate(mark);
        Ok(t)
    }

    /// Iterates `iterable`, pushing every item on the stack (used by unpacking and
    /// `CALL_FUNCTION_EX`); returns how many were pushed.
    pub fn push_iterable(&mut self, iterable: Value) -> PyResult<usize> {
        if let Some(t) = self.as_tuple_obj(iterable) {
            let n = self.tuple_len(t);
            self.ensure_stack(n)?;
            for i in 0..n {
                let w = self.tuple_get(t, i).raw();
                self.push_unchecked(w);
            }
            return Ok(n);
        }
        if let Some(l) = self.as_list_obj(iterable) {
            let n = self.list_len(l);
            self.ensure_stack(n)?;
            for i in 0..n {
                let w = self.list_get(l, i).raw();
                self.push_unchecked(w);
            }
            return Ok(n);
        }
        let it = self.get_iter(iterable)?;
        let ir = self.push_root(it)?;
        let start = self.sp();
        while let Some(x) = self.iter_next(self.get(ir))? {
            self.push_root(x)?;
        }
        let n = self.sp() - start;
        // Drop the iterator slot: move the items down one.
        for i in 0..n {
            let w = self.slot(start + i);
            self.set_slot(ir.index() + i, w);
        }
        self.truncate(ir.index() + n);
        Ok(n)
    }

    // ----- subscription --------------------------------------------------------------------

    /// `c[k]`.
    pub fn getitem(&mut self, c: Value, k: Value) -> PyResult<Value> {
        match self.kind(c) {
            Kind::List => {
                if let Some(i) = k.as_small() {
                    let n = self.list_len(c) as i64;
                    let j = if i < 0 { i + n } else { i };
                    if j < 0 || j >= n {
                        return Err(self.index_error("list index out of range"));
                    }
                    return Ok(self.list_get(c, j as usize));
                }
                if self.kind(k) == Kind::Slice {
                    return self.list_getitem(c, k);
                }
            }
            Kind::Tuple => {
                if let Some(i) = k.as_small() {
                    let n = self.tuple_len(c) as i64;
                    let j = if i < 0 { i + n } else { i };
                    if j < 0 || j >= n {
                        return Err(self.index_error("tuple index out of range"));
                    }
                    return Ok(self.tuple_get(c, j as usize));
                }
                if self.kind(k) == Kind::Slice {
                    return self.tuple_getitem(c, k);
                }
            }
            Kind::Str => return self.str_getitem(c, k),
            Kind::Dict => {
                if let Some(v) = self.dict_get_item(c, k)? {
                    return Ok(v);
                }
                return Err(self.key_error(k));
            }
            _ => {}
        }
        let ty = self.type_of(c);
        if let Some(m) = self.lookup_special(ty, n::GETITEM) {
            return self.call_special_found(m, c, &[k]);
        }
        if self.is_type(c) {
            if c == self.ty(T::Type) {
                return self.generic_alias(c, k);
            }
            let mark = self.sp();
            let cr = self.push_root(c)?;
            let kr = self.push_root(k)?;
            let cg = self.getattr_opt(c, n::CLASS_GETITEM)?;
            if let Some(f) = cg {
                let r = self.call1(f, self.get(kr));
                self.truncate(mark);
                return r;
            }
            let tn = self.type_name_str(self.get(cr));
            self.truncate(mark);
            return Err(crate::raise!(
                self,
                TypeError,
                "type '{tn}' is not subscriptable"
            ));
        }
        let tn = self.type_name(c);
        Err(crate::raise!(
            self,
            TypeError,
            "'{tn}' object is not subscriptable"
        ))
    }

    /// `c[k] = v`.
    pub fn setitem(&mut self, c: Value, k: Value, v: Value) -> PyResult<()> {
        match self.kind(c) {
            Kind::List => {
                if let Some(i) = k.as_small() {
                    let n = self.list_len(c) as i64;
                    let j = if i < 0 { i + n } else { i };
                    if j < 0 || j >= n {
                        return Err(self.index_error("list assignment index out of range"));
                    }
                    self.list_set(c, j as usize, v);
                    return Ok(());
                }
                if self.kind(k) == Kind::Slice {
                    let mark = self.sp();
                    let lr = self.push_root(c)?;
                    let r = self.list_setslice(lr, k, v);
                    self.truncate(mark);
                    return r;
                }
            }
            Kind::Dict => return self.dict_set_item(c, k, v),
            _ => {}
        }
        let ty = self.type_of(c);
        match self.lookup_special(ty, n::SETITEM) {
            Some(m) => {
                self.call_special_found(m, c, &[k, v])?;
                Ok(())
            }
            None => {
                let tn = self.type_name(c);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "'{tn}' object does not support item assignment"
                ))
            }
        }
    }

    /// `del c[k]`.
    pub fn delitem(&mut self, c: Value, k: Value) -> PyResult<()> {
        if self.kind(c) == Kind::Dict {
            return match self.dict_del_item(c, k)? {
                Some(_) => Ok(()),
                None => Err(self.key_error(k)),
            };
        }
        let ty = self.type_of(c);
        match self.lookup_special(ty, n::DELITEM) {
            Some(m) => {
                self.call_special_found(m, c, &[k])?;
                Ok(())
            }
            None => {
                let tn = self.type_name(c);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "'{tn}' object doesn't support item deletion"
                ))
            }
        }
    }

    /// `v in c`.
    pub fn contains(&mut self, c: Value, v: Value) -> PyResult<bool> {
        match self.kind(c) {
            Kind::Dict => return Ok(self.dict_get_item(c, v)?.is_some()),
            Kind::Set | Kind::FrozenSet => return self.set_contains(c, v),
            Kind::Str if self.is_str(c) => {
                let Some(s) = self.as_str_obj(v) else {
                    let tn = self.type_name(v);
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "'in <string>' requires string as left operand, not {tn}"
                    ));
                };
                let hay = self.str_bytes(c);
                let needle = self.str_bytes(s);
                return Ok(crate::objects::str_methods::find_bytes(hay, needle, 0).is_some());
            }
            Kind::List | Kind::Tuple => {
                let mark = self.sp();
                let cr = self.push_root(c)?;
                let vr = self.push_root(v)?;
                let mut i = 0;
                loop {
                    let c = self.get(cr);
                    let x = if self.is_list(c) {
                        if i >= self.list_len(c) {
                            break;
                        }
                        self.list_get(c, i)
                    } else {
                        if i >= self.tuple_len(c) {
                            break;
                        }
                        self.tuple_get(c, i)
                    };
                    if self.eq_values(x, self.get(vr))? {
                        self.truncate(mark);
                        return Ok(true);
                    }
                    i += 1;
                }
                self.truncate(mark);
                return Ok(false);
            }
            _ => {}
        }
        let ty = self.type_of(c);
        if let Some(m) = self.lookup_special(ty, n::CONTAINS) {
            let r = self.call_special_found(m, c, &[v])?;
            return self.truthy(r);
        }
        // Fall back to iteration.
        let mark = self.sp();
        let vr = self.push_root(v)?;
        let cr = self.push_root(c)?;
        let it = match self.get_iter(c) {
            Ok(it) => it,
            Err(e) => {
                // `get_iter` allocated the TypeError: `c` is read back from its root.
                let c = self.get(cr);
                self.truncate(mark);
                if self.err_matches(&e, T::TypeError) {
                    let _ = self.take_exc(e);
                    let tn = self.type_name(c);
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "argument of type '{tn}' is not iterable"
                    ));
                }
                return Err(e);
            }
        };
        let ir = self.push_root(it)?;
        while let Some(x) = self.iter_next(self.get(ir))? {
            if self.eq_values(x, self.get(vr))? {
                self.truncate(mark);
                return Ok(true);
            }
        }
        self.truncate(mark);
        Ok(false)
    }

    /// `type[...]` / `list[int]` style generic alias (a minimal `types.GenericAlias`).
    pub fn generic_alias(&mut self, origin: Value, args: Value) -> PyResult<Value> {
        crate::objects::object::make_generic_alias(self, origin, args)
    }

    /// Whether instances of `ty` support the `__index__` protocol.
    pub fn has_index(&mut self, v: Value) -> bool {
        self.is_int(v) || {
            let ty = self.type_of(v);
            self.lookup_special(ty, n::INDEX).is_some()
        }
    }

    /// Whether `v` is a heap type (a class statement's result).
    pub fn is_heap_type(&self, ty: Value) -> bool {
        self.type_has(ty, tf::HEAPTYPE)
    }
}
