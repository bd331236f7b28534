//! `int` and `bool` methods, plus the shared dunder wrappers (arithmetic and comparison
//! slots) that builtin numeric and container types put in their dicts so that user
//! subclasses and explicit calls like `int.__add__(1, 2)` reach the native operations.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};

use crate::bytecode::{BinaryOperator, CompareOperator};
use crate::objects::builtin_func::{GetSetDef, MethodDef, classmeth, func, getter, meth};
use crate::objects::int::IntVal;
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// A forward or reflected binary dunder calling the native operator.
pub fn binop_wrapper(
    vm: &mut Vm,
    args: Args,
    op: BinaryOperator,
    reflected: bool,
) -> PyResult<Value> {
    vm.check_args(args, op.symbol(), 2, 2)?;
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    if !numeric_operand_ok(vm, a, b) {
        return Ok(vm.not_implemented());
    }
    let r = if reflected {
        vm.native_binop(op, b, a)?
    } else {
        vm.native_binop(op, a, b)?
    };
    Ok(r.unwrap_or_else(|| vm.not_implemented()))
}

/// Like CPython's number slots, a numeric type's dunder only handles operands of its own
/// or a narrower numeric type: `int.__add__(1.5)` and `int.__mul__("ab")` are
/// NotImplemented (the other operand's reflected method decides).
fn numeric_operand_ok(vm: &Vm, a: Value, b: Value) -> bool {
    let rank = |k: Kind| match k {
        Kind::Int | Kind::Bool => Some(0),
        Kind::Float => Some(1),
        Kind::Complex => Some(2),
        _ => None,
    };
    let ka = vm.kind(vm.payload_or_self(a));
    let Some(ra) = rank(ka) else { return true };
    let kb = vm.kind(vm.payload_or_self(b));
    matches!(rank(kb), Some(rb) if rb <= ra)
}

/// A comparison dunder calling the native comparison.
pub fn cmp_wrapper(vm: &mut Vm, args: Args, op: CompareOperator) -> PyResult<Value> {
    vm.check_args(args, op.symbol(), 2, 2)?;
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    if !numeric_operand_ok(vm, a, b) {
        return Ok(vm.not_implemented());
    }
    Ok(crate::objects::number::native_compare_self(vm, a, b, op)?
        .unwrap_or_else(|| vm.not_implemented()))
}

macro_rules! binops {
    ($($fwd:ident, $rev:ident, $op:ident;)*) => {
        $(
            /// Forward dunder.
            pub fn $fwd(vm: &mut Vm, args: Args) -> PyResult<Value> {
                binop_wrapper(vm, args, BinaryOperator::$op, false)
            }
            /// Reflected dunder.
            pub fn $rev(vm: &mut Vm, args: Args) -> PyResult<Value> {
                binop_wrapper(vm, args, BinaryOperator::$op, true)
            }
        )*
    };
}

binops! {
    w_add, w_radd, Add;
    w_sub, w_rsub, Subtract;
    w_mul, w_rmul, Multiply;
    w_truediv, w_rtruediv, TrueDivide;
    w_floordiv, w_rfloordiv, FloorDivide;
    w_mod, w_rmod, Remainder;
    w_pow, w_rpow, Power;
    w_lshift, w_rlshift, Lshift;
    w_rshift, w_rrshift, Rshift;
    w_and, w_rand, And;
    w_or, w_ror, Or;
    w_xor, w_rxor, Xor;
}

macro_rules! cmps {
    ($($f:ident, $op:ident;)*) => {
        $(
            /// Comparison dunder.
            pub fn $f(vm: &mut Vm, args: Args) -> PyResult<Value> {
                cmp_wrapper(vm, args, CompareOperator::$op)
            }
        )*
    };
}

cmps! { w_eq, Eq; w_ne, Ne; w_lt, Lt; w_le, Le; w_gt, Gt; w_ge, Ge; }

/// The comparison dunders.
pub static CMP_METHODS: &[MethodDef] = &[
    meth("__eq__", w_eq),
    meth("__ne__", w_ne),
    meth("__lt__", w_lt),
    meth("__le__", w_le),
    meth("__gt__", w_gt),
    meth("__ge__", w_ge),
];

fn divmod_w(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__divmod__", 2, 2)?;
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    vm.native_divmod(a, b)
        .map(|r| r.unwrap_or_else(|| vm.not_implemented()))
}
fn rdivmod_w(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__rdivmod__", 2, 2)?;
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    vm.native_divmod(b, a)
        .map(|r| r.unwrap_or_else(|| vm.not_implemented()))
}

fn unary_w(vm: &mut Vm, args: Args, name: crate::runtime::names::Name) -> PyResult<Value> {
    vm.check_args(args, "unary", 1, 1)?;
    let v = args.get(vm, 0);
    Ok(vm
        .native_unary(v, name)?
        .unwrap_or_else(|| vm.not_implemented()))
}
fn w_neg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unary_w(vm, args, n::NEG)
}
fn w_pos(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unary_w(vm, args, n::POS)
}
fn w_abs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unary_w(vm, args, n::ABS)
}
fn w_invert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    unary_w(vm, args, n::INVERT)
}

/// Numeric dunders shared by `int`, `float` and `complex`.
pub static NUMBER_METHODS: &[MethodDef] = &[
    meth("__add__", w_add),
    meth("__radd__", w_radd),
    meth("__sub__", w_sub),
    meth("__rsub__", w_rsub),
    meth("__mul__", w_mul),
    meth("__rmul__", w_rmul),
    meth("__truediv__", w_truediv),
    meth("__rtruediv__", w_rtruediv),
    meth("__floordiv__", w_floordiv),
    meth("__rfloordiv__", w_rfloordiv),
    meth("__mod__", w_mod),
    meth("__rmod__", w_rmod),
    meth("__pow__", w_pow),
    meth("__rpow__", w_rpow),
    meth("__divmod__", divmod_w),
    meth("__rdivmod__", rdivmod_w),
    meth("__neg__", w_neg),
    meth("__pos__", w_pos),
    meth("__abs__", w_abs),
];

/// Bitwise dunders of `int`.
pub static BITWISE_METHODS: &[MethodDef] = &[
    meth("__lshift__", w_lshift),
    meth("__rlshift__", w_rlshift),
    meth("__rshift__", w_rshift),
    meth("__rrshift__", w_rrshift),
    meth("__and__", w_and),
    meth("__rand__", w_rand),
    meth("__or__", w_or),
    meth("__ror__", w_ror),
    meth("__xor__", w_xor),
    meth("__rxor__", w_rxor),
    meth("__invert__", w_invert),
];

impl Vm {
    /// `divmod(a, b)` for numbers: `None` = NotImplemented.
    pub fn native_divmod(&mut self, a: Value, b: Value) -> PyResult<Option<Value>> {
        let a = self.payload_or_self(a);
        let b = self.payload_or_self(b);
        if let (Some(x), Some(y)) = (
            self.int_val(a).map(crate::objects::number::own),
            self.int_val(b).map(crate::objects::number::own),
        ) {
            let (x, y) = (x.as_ref().to_big(), y.as_ref().to_big());
            if y.is_zero() {
                return Err(self.zero_division("integer division or modulo by zero"));
            }
            let (q, r) = crate::objects::int_ops::big_divmod(&x, &y);
            let mark = self.sp();
            let q = self.new_int_big(q)?;
            self.push_root(q)?;
            let r = self.new_int_big(r)?;
            self.push_root(r)?;
            return self.pack_tuple(mark).map(Some);
        }
        let fx = match self.num_of(a) {
            Some(crate::objects::number::Num::Float(f)) => f,
            Some(crate::objects::number::Num::Int(i)) => {
                let i = crate::objects::number::own(i);
                self.int_to_float(i.as_ref())?
            }
            _ => return Ok(None),
        };
        let fy = match self.num_of(b) {
            Some(crate::objects::number::Num::Float(f)) => f,
            Some(crate::objects::number::Num::Int(i)) => {
                let i = crate::objects::number::own(i);
                self.int_to_float(i.as_ref())?
            }
            _ => return Ok(None),
        };
        if fy == 0.0 {
            return Err(self.zero_division("float divmod()"));
        }
        let (q, r) = crate::objects::number::float_divmod(fx, fy);
        let mark = self.sp();
        let q = self.new_float(q)?;
        self.push_root(q)?;
        let r = self.new_float(r)?;
        self.push_root(r)?;
        self.pack_tuple(mark).map(Some)
    }

    /// `str(int)` with the digit limit.
    pub fn int_to_decimal(&mut self, v: Value) -> PyResult<String> {
        match self.int_val(v) {
            Some(IntVal::Small(i)) => Ok(i.to_string()),
            Some(IntVal::Big(b)) => {
                let limit = self.int_max_str_digits;
                if limit > 0 {
                    // Quick bound: bits * log10(2).
                    let digits_lb = (b.bits() as f64 * std::f64::consts::LOG10_2) as usize;
                    if digits_lb > limit {
                        return Err(crate::raise!(
                            self,
                            ValueError,
                            "Exceeds the limit ({limit} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
                        ));
                    }
                }
                let s = b.to_string();
                let nd = s.trim_start_matches('-').len();
                if limit > 0 && nd > limit {
                    return Err(crate::raise!(
                        self,
                        ValueError,
                        "Exceeds the limit ({limit} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
                    ));
                }
                Ok(s)
            }
            None => Ok(String::new()),
        }
    }

    /// `int(s, base)` parsing with CPython's rules (underscores, whitespace, prefixes).
    pub fn parse_int(&mut self, text: &str, base: u32, orig: Value) -> PyResult<Value> {
        let bad = |vm: &mut Vm| -> crate::runtime::errors::PyErr {
            let r = vm.repr_string(orig).unwrap_or_default();
            crate::raise!(
                vm,
                ValueError,
                "invalid literal for int() with base {base}: {r}"
            )
        };
        let t = text.trim_matches(|c: char| c.is_whitespace());
        let (neg, mut body) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let mut base = base;
        let lower = body.to_ascii_lowercase();
        if base == 0 || base == 16 || base == 8 || base == 2 {
            let pref = if lower.starts_with("0x") {
                Some(16)
            } else if lower.starts_with("0o") {
                Some(8)
            } else if lower.starts_with("0b") {
                Some(2)
            } else {
                None
            };
            if let Some(p) = pref
                && (base == 0 || base == p)
            {
                base = p;
                body = &body[2..];
                if body.starts_with('_') {
                    body = &body[1..];
                }
            } else if base == 0 {
                if body.len() > 1
                    && body.starts_with('0')
                    && !body.trim_start_matches(['0', '_']).is_empty()
                {
                    return Err(bad(self));
                }
                base = 10;
            }
        }
        if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
            return Err(bad(self));
        }
        let digits: String = body.chars().filter(|&c| c != '_').collect();
        let mut ascii = String::with_capacity(digits.len());
        for c in digits.chars() {
            if let Some(d) = c.to_digit(36) {
                if d >= base {
                    return Err(bad(self));
                }
                ascii.push(c);
            } else if let Some(d) = crate::objects::str_methods2::unicode_decimal(c as u32) {
                if d >= base {
                    return Err(bad(self));
                }
                ascii.push(char::from_digit(d, 10).unwrap_or('0'));
            } else {
                return Err(bad(self));
            }
        }
        if base == 10 && self.int_max_str_digits > 0 && ascii.len() > self.int_max_str_digits {
            let lim = self.int_max_str_digits;
            let nd = ascii.len();
            return Err(crate::raise!(
                self,
                ValueError,
                "Exceeds the limit ({lim} digits) for integer string conversion: value has {nd} digits; use sys.set_int_max_str_digits() to increase the limit"
            ));
        }
        let v = BigInt::parse_bytes(ascii.as_bytes(), base)
            .ok_or(())
            .map_err(|_| bad(self))?;
        self.new_int_big(if neg { -v } else { v })
    }
}

fn int_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls, x, base] = vm.bind::<3>(
        args,
        &Sig {
            name: "int",
            params: &["cls", "x", "base"],
            posonly: 2,
            kwonly: 3,
            required: 1,
        },
    )?;
    let cls = cls.expect("cls");
    let r = match (x, base) {
        (None, None) => Value::small(0),
        (None, Some(_)) => return Err(vm.type_error("int() missing string argument")),
        (Some(xr), Some(br)) => {
            let b = vm.get(br);
            let bi = vm.index_value(b)?;
            let base = vm.small_int_of(bi).unwrap_or(-1);
            if base != 0 && !(2..=36).contains(&base) {
                return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            let xv = vm.get(xr);
            let text = if let Some(s) = vm.as_str_obj(xv) {
                vm.str_string(s)
            } else if let Some(b) = vm.bytes_like(xv) {
                String::from_utf8_lossy(&b).into_owned()
            } else {
                return Err(vm.type_error("int() can't convert non-string with explicit base"));
            };
            vm.parse_int(&text, base as u32, xv)?
        }
        (Some(xr), None) => {
            let xv = vm.get(xr);
            vm.int_from_object(xv)?
        }
    };
    vm.wrap_native_instance(cls, r, Kind::Int)
}

impl Vm {
    /// `int(x)` for one argument.
    pub fn int_from_object(&mut self, x: Value) -> PyResult<Value> {
        if self.is_exact_int(x) {
            return Ok(x);
        }
        if let Some(iv) = self.int_val(x) {
            let b = iv.to_big();
            return self.new_int_big(b);
        }
        if let Some(s) = self.as_str_obj(x) {
            let text = self.str_string(s);
            return self.parse_int(&text, 10, x);
        }
        if let Some(f) = self.float_of(x) {
            return self.float_to_int(f);
        }
        if let Some(b) = self.bytes_like(x) {
            let text = String::from_utf8_lossy(&b).into_owned();
            return self.parse_int(&text, 10, x);
        }
        let ty = self.type_of(x);
        for nm in [n::INT, n::INDEX, n::TRUNC] {
            if let Some(m) = self.lookup_special(ty, nm) {
                let r = self.call_special_found(m, x, &[])?;
                if self.is_int(r) {
                    return Ok(r);
                }
                if nm == n::TRUNC {
                    return self.index_value(r);
                }
                let tn = self.type_name(r);
                let what = if nm == n::INT { "__int__" } else { "__index__" };
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "{what} returned non-int (type {tn})"
                ));
            }
        }
        let tn = self.type_name(x);
        Err(crate::raise!(
            self,
            TypeError,
            "int() argument must be a string, a bytes-like object or a real number, not '{tn}'"
        ))
    }

    /// Truncates a float to an int.
    pub fn float_to_int(&mut self, f: f64) -> PyResult<Value> {
        if f.is_nan() {
            return Err(self.value_error("cannot convert float NaN to integer"));
        }
        if f.is_infinite() {
            return Err(self.overflow_error("cannot convert float infinity to integer"));
        }
        let t = f.trunc();
        if t.abs() < 9.0e18 {
            return self.new_int(t as i64);
        }
        let s = format!("{t:.0}");
        let b = s.parse::<BigInt>().unwrap_or_default();
        self.new_int_big(b)
    }
}

fn self_int(vm: &mut Vm, args: Args) -> PyResult<BigInt> {
    let v = args.get(vm, 0);
    match vm.int_val(v) {
        Some(i) => Ok(i.to_big()),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "descriptor requires an 'int' object but received a '{tn}'"
            ))
        }
    }
}

fn int_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let s = vm.int_to_decimal(v)?;
    vm.new_str(&s)
}

fn int_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = self_int(vm, args)?;
    vm.new_int(crate::objects::int::hash_bigint(&b))
}

fn int_bool(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = self_int(vm, args)?;
    Ok(vm.bool_val(!b.is_zero()))
}

fn int_int(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = self_int(vm, args)?;
    vm.new_int_big(b)
}

fn int_float(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = self_int(vm, args)?;
    match crate::objects::int_ops::bigint_to_f64(&b) {
        Some(f) => vm.new_float(f),
        None => Err(vm.overflow_error("int too large to convert to float")),
    }
}

fn int_round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "int.__round__", 1, 2)?;
    let b = self_int(vm, args)?;
    match args.opt(vm, 1) {
        None => vm.new_int_big(b),
        Some(nd) if vm.is_none(nd) => vm.new_int_big(b),
        Some(nd) => {
            let ndv = vm.index_value(nd)?;
            let nd = vm.small_int_of(ndv).unwrap_or(0);
            if nd >= 0 {
                return vm.new_int_big(b);
            }
            let p = num_traits::pow::Pow::pow(&BigInt::from(10), (-nd) as u32);
            // Round half to even.
            let (q, r) = num_integer::Integer::div_mod_floor(&b, &p);
            let twice = &r * 2;
            let q = if twice > p || (twice == p && num_integer::Integer::is_odd(&q)) {
                q + 1
            } else {
                q
            };
            vm.new_int_big(q * p)
        }
    }
}

fn int_bit_length(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "int.bit_length", 1, 1)?;
    let b = self_int(vm, args)?;
    vm.new_int(b.bits() as i64)
}

fn int_bit_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "int.bit_count", 1, 1)?;
    let b = self_int(vm, args)?;
    let c: u64 = b
        .magnitude()
        .to_u64_digits()
        .iter()
        .map(|d| d.count_ones() as u64)
        .sum();
    vm.new_int(c as i64)
}

fn int_conjugate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = self_int(vm, args)?;
    vm.new_int_big(b)
}

fn int_as_integer_ratio(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = self_int(vm, args)?;
    let v = vm.new_int_big(b)?;
    vm.tuple2(v, Value::small(1))
}

fn int_to_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [_, len, order, signed] = vm.bind::<4>(
        args,
        &Sig {
            name: "to_bytes",
            params: &["self", "length", "byteorder", "signed"],
            posonly: 1,
            kwonly: 3,
            required: 1,
        },
    )?;
    let b = self_int(vm, args)?;
    let length = match len {
        Some(r) => {
            let v = vm.get(r);
            let iv = vm.index_value(v)?;
            let l = vm.small_int_of(iv).unwrap_or(-1);
            if l < 0 {
                return Err(vm.value_error("length argument must be non-negative"));
            }
            l as usize
        }
        None => 1,
    };
    let little = match order {
        Some(r) => {
            let v = vm.get(r);
            let s = vm.str_string_of(v)?;
            match s.as_str() {
                "little" => true,
                "big" => false,
                _ => return Err(vm.value_error("byteorder must be either 'little' or 'big'")),
            }
        }
        None => false,
    };
    let signed = match signed {
        Some(r) => {
            let v = vm.get(r);
            vm.truthy(v)?
        }
        None => false,
    };
    if !signed && b.is_negative() {
        return Err(vm.overflow_error("can't convert negative int to unsigned"));
    }
    let mut bytes = if signed {
        b.to_signed_bytes_le()
    } else {
        b.to_bytes_le().1
    };
    if bytes.len() > length {
        // Trim redundant sign bytes for signed values.
        let ok = bytes[length..]
            .iter()
            .all(|&x| x == if b.is_negative() { 0xff } else { 0 })
            && (!signed || length == 0 || ((bytes[length - 1] & 0x80 != 0) == b.is_negative()));
        if !ok || (b.is_zero() && length == 0 && !bytes.iter().all(|&x| x == 0)) {
            return Err(vm.overflow_error("int too big to convert"));
        }
        bytes.truncate(length);
    }
    if b.is_zero() {
        bytes.clear();
    }
    let fill = if signed && b.is_negative() { 0xff } else { 0 };
    bytes.resize(length, fill);
    if !little {
        bytes.reverse();
    }
    vm.new_bytes(&bytes)
}

fn int_from_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls, bytes, order, signed] = vm.bind::<4>(
        args,
        &Sig {
            name: "from_bytes",
            params: &["cls", "bytes", "byteorder", "signed"],
            posonly: 1,
            kwonly: 3,
            required: 2,
        },
    )?;
    let bv = vm.get(bytes.expect("required"));
    let data = match vm.bytes_like(bv) {
        Some(d) => d,
        None => {
            if vm.is_str(bv) {
                return Err(vm.type_error("cannot convert 'str' object to bytes"));
            }
            let l = vm.to_list(bv)?;
            let items: Vec<Value> = vm.list_items(l).to_vec();
            let mut d = Vec::new();
            for x in items {
                match vm.small_int_of(x) {
                    Some(i) if (0..256).contains(&i) => d.push(i as u8),
                    _ => return Err(vm.value_error("bytes must be in range(0, 256)")),
                }
            }
            d
        }
    };
    let little = match order {
        Some(r) => {
            let v = vm.get(r);
            let s = vm.str_string_of(v)?;
            match s.as_str() {
                "little" => true,
                "big" => false,
                _ => return Err(vm.value_error("byteorder must be either 'little' or 'big'")),
            }
        }
        None => false,
    };
    let signed = match signed {
        Some(r) => {
            let v = vm.get(r);
            vm.truthy(v)?
        }
        None => false,
    };
    let mut le = data.clone();
    if !little {
        le.reverse();
    }
    let v = if signed {
        BigInt::from_signed_bytes_le(&le)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &le)
    };
    let r = vm.new_int_big(v)?;
    let c = cls.expect("cls");
    if vm.get(c) == vm.ty(T::Int) {
        return Ok(r);
    }
    let f = vm.get(c);
    vm.call1(f, r)
}

fn int_index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    int_int(vm, args)
}

fn int_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "int.__format__", 2, 2)?;
    let v = args.get(vm, 0);
    let spec = vm.str_arg(args, 1, "format spec")?;
    vm.format_native(v, spec)
}

fn int_getnewargs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = self_int(vm, args)?;
    let v = vm.new_int_big(b)?;
    vm.tuple1(v)
}

fn int_real(vm: &mut Vm, v: Value) -> PyResult<Value> {
    let b = vm.int_val(v).map(|x| x.to_big()).unwrap_or_default();
    vm.new_int_big(b)
}
fn int_imag(_vm: &mut Vm, _v: Value) -> PyResult<Value> {
    Ok(Value::small(0))
}
fn int_denominator(_vm: &mut Vm, _v: Value) -> PyResult<Value> {
    Ok(Value::small(1))
}

/// `int` methods.
pub static INT_METHODS: &[MethodDef] = &[
    func("__new__", int_new),
    meth("__repr__", int_repr),
    meth("__hash__", int_hash),
    meth("__bool__", int_bool),
    meth("__int__", int_int),
    meth("__index__", int_index),
    meth("__float__", int_float),
    meth("__trunc__", int_int),
    meth("__floor__", int_int),
    meth("__ceil__", int_int),
    meth("__round__", int_round),
    meth("__format__", int_format),
    meth("__getnewargs__", int_getnewargs),
    meth("bit_length", int_bit_length),
    meth("bit_count", int_bit_count),
    meth("conjugate", int_conjugate),
    meth("as_integer_ratio", int_as_integer_ratio),
    meth("to_bytes", int_to_bytes),
    classmeth("from_bytes", int_from_bytes),
];

/// `int` attributes.
pub static INT_GETSETS: &[GetSetDef] = &[
    getter("real", int_real),
    getter("imag", int_imag),
    getter("numerator", int_real),
    getter("denominator", int_denominator),
];

fn bool_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "bool")?;
    if args.len() > 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "bool expected at most 1 argument, got {}",
            args.len() - 1
        ));
    }
    match args.opt(vm, 1) {
        None => Ok(vm.bool_val(false)),
        Some(v) => {
            let b = vm.truthy(v)?;
            Ok(vm.bool_val(b))
        }
    }
}

fn bool_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    vm.new_str(if v == vm.bool_val(true) {
        "True"
    } else {
        "False"
    })
}

fn bool_bitop(vm: &mut Vm, args: Args, op: BinaryOperator, reflected: bool) -> PyResult<Value> {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    if vm.is_bool(a) && vm.is_bool(b) {
        let (x, y) = (vm.bool_obj_value(a), vm.bool_obj_value(b));
        let r = match op {
            BinaryOperator::And => x & y,
            BinaryOperator::Or => x | y,
            _ => x ^ y,
        };
        return Ok(vm.bool_val(r));
    }
    binop_wrapper(vm, args, op, reflected)
}
fn bool_and(vm: &mut Vm, args: Args) -> PyResult<Value> {
    bool_bitop(vm, args, BinaryOperator::And, false)
}
fn bool_or(vm: &mut Vm, args: Args) -> PyResult<Value> {
    bool_bitop(vm, args, BinaryOperator::Or, false)
}
fn bool_xor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    bool_bitop(vm, args, BinaryOperator::Xor, false)
}
fn bool_rand(vm: &mut Vm, args: Args) -> PyResult<Value> {
    bool_bitop(vm, args, BinaryOperator::And, true)
}
fn bool_ror(vm: &mut Vm, args: Args) -> PyResult<Value> {
    bool_bitop(vm, args, BinaryOperator::Or, true)
}
fn bool_rxor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    bool_bitop(vm, args, BinaryOperator::Xor, true)
}

/// `bool` methods.
pub static BOOL_METHODS: &[MethodDef] = &[
    func("__new__", bool_new),
    meth("__repr__", bool_repr),
    meth("__and__", bool_and),
    meth("__or__", bool_or),
    meth("__xor__", bool_xor),
    meth("__rand__", bool_rand),
    meth("__ror__", bool_ror),
    meth("__rxor__", bool_rxor),
];
