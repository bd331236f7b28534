//! `float` and `complex` methods (arithmetic dunders come from `int_methods`).

use num_bigint::BigInt;

use crate::objects::builtin_func::{GetSetDef, MethodDef, classmeth, func, getter, meth};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    /// `float(x)`.
    pub fn float_from_object(&mut self, x: Value) -> PyResult<f64> {
        if let Some(f) = self.float_of(x) {
            return Ok(f);
        }
        if let Some(iv) = self.int_val(x) {
            let iv = crate::objects::number::own(iv);
            return self.int_to_float(iv.as_ref());
        }
        if let Some(s) = self.as_str_obj(x) {
            let mut text = self.str_string(s);
            if !text.is_ascii() {
                // Like CPython: Unicode decimal digits count as their ASCII digits and
                // Unicode whitespace around the number is allowed.
                text = text
                    .trim()
                    .chars()
                    .map(|c| {
                        crate::objects::str_methods2::unicode_decimal(c as u32)
                            .and_then(|d| char::from_digit(d, 10))
                            .unwrap_or(c)
                    })
                    .collect();
            }
            return match crate::format::float_repr::parse_float(&text) {
                Some(f) => Ok(f),
                None => {
                    let r = self.repr_string(x)?;
                    Err(crate::raise!(
                        self,
                        ValueError,
                        "could not convert string to float: {r}"
                    ))
                }
            };
        }
        if let Some(b) = self.bytes_like(x) {
            let text = String::from_utf8_lossy(&b).into_owned();
            return match crate::format::float_repr::parse_float(&text) {
                Some(f) => Ok(f),
                None => {
                    let r = self.repr_string(x)?;
                    Err(crate::raise!(
                        self,
                        ValueError,
                        "could not convert string to float: {r}"
                    ))
                }
            };
        }
        let ty = self.type_of(x);
        if let Some(m) = self.lookup_special(ty, n::FLOAT) {
            let r = self.call_special_found(m, x, &[])?;
            return match self.float_of(r) {
                Some(f) => Ok(f),
                None => {
                    let tn = self.type_name(x);
                    let rn = self.type_name(r);
                    Err(crate::raise!(
                        self,
                        TypeError,
                        "{tn}.__float__ returned non-float (type {rn})"
                    ))
                }
            };
        }
        if let Some(m) = self.lookup_special(ty, n::INDEX) {
            let r = self.call_special_found(m, x, &[])?;
            if let Some(iv) = self.int_val(r) {
                let iv = crate::objects::number::own(iv);
                return self.int_to_float(iv.as_ref());
            }
        }
        let tn = self.type_name(x);
        Err(crate::raise!(
            self,
            TypeError,
            "float() argument must be a string or a real number, not '{tn}'"
        ))
    }
}

fn self_float(vm: &mut Vm, args: Args) -> PyResult<f64> {
    let v = args.get(vm, 0);
    match vm.float_of(v) {
        Some(f) => Ok(f),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "descriptor requires a 'float' object but received a '{tn}'"
            ))
        }
    }
}

fn float_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls, x] = vm.bind::<2>(
        args,
        &Sig {
            name: "float",
            params: &["cls", "x"],
            posonly: 2,
            kwonly: 2,
            required: 1,
        },
    )?;
    let f = match x {
        None => 0.0,
        Some(r) => {
            let v = vm.get(r);
            vm.float_from_object(v)?
        }
    };
    let v = vm.new_float(f)?;
    vm.wrap_native_instance(cls.expect("cls"), v, Kind::Float)
}

fn float_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = self_float(vm, args)?;
    let s = crate::format::float_repr::repr_f64(f);
    vm.new_str(&s)
}

fn float_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let p = vm.payload_or_self(v);
    let h = vm.hash(p)?;
    vm.new_int(h)
}

fn float_bool(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = self_float(vm, args)?;
    Ok(vm.bool_val(f != 0.0))
}

fn float_int(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = self_float(vm, args)?;
    vm.float_to_int(f)
}

fn float_float(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = self_float(vm, args)?;
    vm.new_float(f)
}

fn float_floor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = self_float(vm, args)?;
    vm.float_to_int(f.floor())
}

fn float_ceil(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = self_float(vm, args)?;
    vm.float_to_int(f.ceil())
}

fn float_round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "float.__round__", 1, 2)?;
    let f = self_float(vm, args)?;
    match args.opt(vm, 1).filter(|v| !vm.is_none(*v)) {
        None => {
            let r = round_half_even(f);
            vm.float_to_int(r)
        }
        Some(nd) => {
            let ndv = vm.index_value(nd)?;
            let nd = vm.small_int_of(ndv).unwrap_or(0);
            let r = crate::format::float_repr::round_to_digits(f, nd);
            vm.new_float(r)
        }
    }
}

/// Round half to even (Python's `round(x)`).
pub fn round_half_even(f: f64) -> f64 {
    let r = f.round();
    if (f - f.trunc()).abs() == 0.5 {
        2.0 * (f / 2.0).round()
    } else {
        r
    }
}

fn float_is_integer(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = self_float(vm, args)?;
    Ok(vm.bool_val(f.is_finite() && f.fract() == 0.0))
}

fn float_as_integer_ratio(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = self_float(vm, args)?;
    if f.is_infinite() {
        return Err(vm.overflow_error("cannot convert Infinity to integer ratio"));
    }
    if f.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer ratio"));
    }
    let (m, e) = crate::objects::float::frexp(f);
    let mut m = m;
    let mut e = e;
    for _ in 0..300 {
        if m.fract() == 0.0 {
            break;
        }
        m *= 2.0;
        e -= 1;
    }
    let mut num = BigInt::from(m as i64);
    let mut den = BigInt::from(1);
    if e > 0 {
        num <<= e as u64;
    } else {
        den <<= (-e) as u64;
    }
    let mark = vm.sp();
    let a = vm.new_int_big(num)?;
    vm.push_root(a)?;
    let b = vm.new_int_big(den)?;
    vm.push_root(b)?;
    vm.pack_tuple(mark)
}

fn float_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = self_float(vm, args)?;
    let s = crate::format::float_repr::float_hex(f);
    vm.new_str(&s)
}

fn float_fromhex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "float.fromhex", 2, 2)?;
    let s = vm.str_arg(args, 1, "fromhex() argument")?;
    let text = vm.str_string(s);
    match crate::format::float_repr::float_fromhex(&text) {
        Ok(f) => {
            let v = vm.new_float(f)?;
            let cls = args.get(vm, 0);
            if cls == vm.ty(T::Float) {
                Ok(v)
            } else {
                vm.call1(cls, v)
            }
        }
        Err(true) => Err(vm.overflow_error("hexadecimal value too large to represent as a float")),
        Err(false) => Err(vm.value_error("invalid hexadecimal floating-point string")),
    }
}

fn float_conjugate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let f = self_float(vm, args)?;
    vm.new_float(f)
}

fn float_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "float.__format__", 2, 2)?;
    let v = args.get(vm, 0);
    let spec = vm.str_arg(args, 1, "format spec")?;
    vm.format_native(v, spec)
}

fn float_getformat(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let _ = args;
    vm.new_str("IEEE, little-endian")
}

fn float_real(vm: &mut Vm, v: Value) -> PyResult<Value> {
    let f = vm.float_of(v).unwrap_or(0.0);
    vm.new_float(f)
}
fn float_imag(vm: &mut Vm, _v: Value) -> PyResult<Value> {
    vm.new_float(0.0)
}

/// `float` methods.
pub static FLOAT_METHODS: &[MethodDef] = &[
    func("__new__", float_new),
    meth("__repr__", float_repr),
    meth("__hash__", float_hash),
    meth("__bool__", float_bool),
    meth("__int__", float_int),
    meth("__float__", float_float),
    meth("__trunc__", float_int),
    meth("__floor__", float_floor),
    meth("__ceil__", float_ceil),
    meth("__round__", float_round),
    meth("__format__", float_format),
    meth("is_integer", float_is_integer),
    meth("as_integer_ratio", float_as_integer_ratio),
    meth("hex", float_hex),
    classmeth("fromhex", float_fromhex),
    meth("conjugate", float_conjugate),
    classmeth("__getformat__", float_getformat),
];

/// `float` attributes.
pub static FLOAT_GETSETS: &[GetSetDef] = &[getter("real", float_real), getter("imag", float_imag)];

fn self_complex(vm: &mut Vm, args: Args) -> PyResult<(f64, f64)> {
    let v = args.get(vm, 0);
    match vm.complex_of(v) {
        Some(c) => Ok(c),
        None => Err(vm.type_error("descriptor requires a 'complex' object")),
    }
}

fn complex_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls, re, im] = vm.bind::<3>(
        args,
        &Sig {
            name: "complex",
            params: &["cls", "real", "imag"],
            posonly: 1,
            kwonly: 3,
            required: 1,
        },
    )?;
    let mut r = 0.0;
    let mut i = 0.0;
    if let Some(rr) = re {
        let v = vm.get(rr);
        if let Some(s) = vm.as_str_obj(v) {
            if im.is_some() {
                return Err(vm.type_error("complex() can't take second arg if first is a string"));
            }
            let text = vm.str_string(s);
            match crate::format::float_repr::parse_complex(&text) {
                Some((a, b)) => {
                    r = a;
                    i = b;
                }
                None => return Err(vm.value_error("complex() arg is a malformed string")),
            }
        } else if let Some((a, b)) = vm.complex_of(v) {
            r = a;
            i = b;
        } else if let Some(m) = vm.special_of(v, crate::runtime::names::n::COMPLEX) {
            let c = vm.call_special_found(m, v, &[])?;
            match vm.complex_of(c) {
                Some((a, b)) => {
                    r = a;
                    i = b;
                }
                None => {
                    let tn = vm.type_name(c);
                    return Err(crate::raise!(
                        vm,
                        TypeError,
                        "__complex__ returned non-complex (type {tn})"
                    ));
                }
            }
        } else {
            r = vm.float_from_object(v).map_err(|e| {
                if vm.err_matches(&e, T::TypeError) {
                    let _ = vm.take_exc(e);
                    let tn = vm.type_name(vm.get(rr));
                    crate::raise!(
                        vm,
                        TypeError,
                        "complex() first argument must be a string or a number, not '{tn}'"
                    )
                } else {
                    e
                }
            })?;
        }
    }
    if let Some(ir) = im {
        let v = vm.get(ir);
        // Like CPython: the result's imaginary part is `imag` itself (keeping the sign of a
        // -0.0) plus the real argument's imaginary part only when that was complex.
        let real_was_complex = i != 0.0 || re.is_some_and(|rr| vm.complex_of(vm.get(rr)).is_some());
        let (a, b) = match vm.complex_of(v) {
            Some(c) => c,
            None => (vm.float_from_object(v)?, 0.0),
        };
        r -= b;
        i = if real_was_complex { i + a } else { a };
    }
    let c = vm.new_complex(r, i)?;
    vm.wrap_native_instance(cls.expect("cls"), c, Kind::Complex)
}

/// `repr(complex)`.
pub fn complex_repr_text(re: f64, im: f64) -> String {
    use crate::format::float_repr::repr_f64_short as f;
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", f(im));
    }
    let sign = if im.is_nan() || im >= 0.0 && !(im == 0.0 && im.is_sign_negative()) {
        "+"
    } else {
        "-"
    };
    format!(
        "({}{}{}j)",
        f(re),
        sign,
        f(im.abs()).trim_start_matches('-')
    )
}

fn complex_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (r, i) = self_complex(vm, args)?;
    let s = complex_repr_text(r, i);
    vm.new_str(&s)
}

fn complex_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let p = vm.payload_or_self(v);
    let h = vm.hash(p)?;
    vm.new_int(h)
}

fn complex_bool(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (r, i) = self_complex(vm, args)?;
    Ok(vm.bool_val(r != 0.0 || i != 0.0))
}

fn complex_conjugate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (r, i) = self_complex(vm, args)?;
    vm.new_complex(r, -i)
}

fn complex_real(vm: &mut Vm, v: Value) -> PyResult<Value> {
    let (r, _) = vm.complex_of(v).unwrap_or((0.0, 0.0));
    vm.new_float(r)
}
fn complex_imag(vm: &mut Vm, v: Value) -> PyResult<Value> {
    let (_, i) = vm.complex_of(v).unwrap_or((0.0, 0.0));
    vm.new_float(i)
}

fn complex_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "complex.__format__", 2, 2)?;
    let v = args.get(vm, 0);
    let spec = vm.str_arg(args, 1, "format spec")?;
    vm.format_native(v, spec)
}

/// `complex` methods.
pub static COMPLEX_METHODS: &[MethodDef] = &[
    func("__new__", complex_new),
    meth("__repr__", complex_repr),
    meth("__hash__", complex_hash),
    meth("__bool__", complex_bool),
    meth("__format__", complex_format),
    meth("conjugate", complex_conjugate),
];

/// `complex` attributes.
pub static COMPLEX_GETSETS: &[GetSetDef] =
    &[getter("real", complex_real), getter("imag", complex_imag)];
