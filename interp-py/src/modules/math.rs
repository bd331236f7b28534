//! The `math` module with CPython's semantics: argument conversion (`must be real number`),
//! domain errors (`ValueError: math domain error`), range errors (`OverflowError: math range
//! error`), exact integer functions on big ints (`factorial`, `comb`, `perm`, `gcd`, `lcm`,
//! `isqrt`) and the correctly rounded `fsum`.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;

use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::bytecode::BinaryOperator;
use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::{PyErr, PyResult};
use crate::runtime::names::n;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Calls the glibc function `name` on `x`.
///
/// Rust's own `asinh`/`acosh`/`atanh` and the `cbrt`/`erf`/`erfc` statically linked from
/// compiler-builtins differ from glibc in the last bit for some inputs; CPython calls
/// glibc, so these are resolved from `libm.so.6` at run time (falling back to Rust's).
fn glibc(name: &'static str, x: f64, fallback: fn(f64) -> f64) -> f64 {
    call_libm(name, x).unwrap_or_else(|| fallback(x))
}

fn call_libm(name: &'static str, x: f64) -> Option<f64> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static SYMS: OnceLock<Mutex<HashMap<&'static str, usize>>> = OnceLock::new();
    let syms = SYMS.get_or_init(|| Mutex::new(HashMap::new()));
    let addr = {
        let mut c = syms.lock().unwrap_or_else(|e| e.into_inner());
        *c.entry(name).or_insert_with(|| {
            let lib = std::ffi::CString::new("libm.so.6").expect("no NUL");
            let sym = std::ffi::CString::new(name).expect("no NUL");
            // SAFETY: valid NUL-terminated strings; the handle is never closed, so the
            // symbol address stays valid for the life of the process.
            unsafe {
                let h = libc::dlopen(lib.as_ptr(), libc::RTLD_LAZY);
                if h.is_null() {
                    0
                } else {
                    libc::dlsym(h, sym.as_ptr()) as usize
                }
            }
        })
    };
    if addr == 0 {
        return None;
    }
    // SAFETY: `addr` is a libm function `double name(double)`; the transmuted pointer type
    // has the same C ABI and signature.
    let f = unsafe { std::mem::transmute::<usize, extern "C" fn(f64) -> f64>(addr) };
    Some(f(x))
}

/// `nextafter` (exact IEEE 754 bit stepping).
fn next_after(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
}

fn domain(vm: &mut Vm) -> PyErr {
    vm.value_error("math domain error")
}

fn range(vm: &mut Vm) -> PyErr {
    vm.overflow_error("math range error")
}

impl Vm {
    /// `PyFloat_AsDouble`: a float from a real number (no strings).
    pub fn real_arg(&mut self, x: Value) -> PyResult<f64> {
        if let Some(f) = self.float_of(x) {
            return Ok(f);
        }
        if let Some(iv) = self.int_val(x) {
            let iv = crate::objects::number::own(iv);
            return self.int_to_float(iv.as_ref());
        }
        if let Some(f) = self.float_of(self.payload_or_self(x)) {
            return Ok(f);
        }
        let ty = self.type_of(x);
        if self.lookup_special(ty, n::FLOAT).is_some()
            || self.lookup_special(ty, n::INDEX).is_some()
        {
            return self.float_from_object(x);
        }
        let tn = self.type_name(x);
        Err(crate::raise!(
            self,
            TypeError,
            "must be real number, not {tn}"
        ))
    }
}

fn arg_f(vm: &mut Vm, args: Args, i: usize) -> PyResult<f64> {
    vm.real_arg(args.get(vm, i))
}

/// `math_1`: applies `f`, mapping NaN/inf results to CPython's errors.
fn math_1(
    vm: &mut Vm,
    args: Args,
    name: &str,
    f: fn(f64) -> f64,
    can_overflow: bool,
) -> PyResult<Value> {
    vm.check_args(args, name, 1, 1)?;
    let x = arg_f(vm, args, 0)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain(vm));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow { range(vm) } else { domain(vm) });
    }
    vm.new_float(r)
}

macro_rules! unary {
    ($($fname:ident = $pyname:literal, $f:expr, $ovf:expr;)*) => {
        $(
            fn $fname(vm: &mut Vm, args: Args) -> PyResult<Value> {
                math_1(vm, args, $pyname, $f, $ovf)
            }
        )*
    };
}

unary! {
    m_sqrt = "sqrt", f64::sqrt, false;
    m_exp = "exp", f64::exp, true;
    m_exp2 = "exp2", f64::exp2, true;
    m_expm1 = "expm1", f64::exp_m1, true;
    m_sin = "sin", f64::sin, false;
    m_cos = "cos", f64::cos, false;
    m_tan = "tan", f64::tan, false;
    m_asin = "asin", f64::asin, false;
    m_acos = "acos", f64::acos, false;
    m_atan = "atan", f64::atan, false;
    m_sinh = "sinh", f64::sinh, true;
    m_cosh = "cosh", f64::cosh, true;
    m_tanh = "tanh", f64::tanh, false;
    m_asinh = "asinh", |x| glibc("asinh", x, f64::asinh), false;
    m_acosh = "acosh", |x| glibc("acosh", x, f64::acosh), false;
    m_atanh = "atanh", |x: f64| if x.abs() >= 1.0 { f64::NAN } else { glibc("atanh", x, f64::atanh) }, false;
    m_fabs = "fabs", f64::abs, false;
    m_cbrt = "cbrt", |x| glibc("cbrt", x, f64::cbrt), false;
    m_erf = "erf", |x| glibc("erf", x, |v| v), false;
    m_erfc = "erfc", |x| glibc("erfc", x, |v| 1.0 - v), false;
}

fn m_log1p(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "log1p", 1, 1)?;
    let x = arg_f(vm, args, 0)?;
    if x <= -1.0 {
        return Err(domain(vm));
    }
    vm.new_float(x.ln_1p())
}

fn m_gamma(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "gamma", 1, 1)?;
    let x = arg_f(vm, args, 0)?;
    match crate::modules::math_special::tgamma(x) {
        Ok(r) => vm.new_float(r),
        Err(true) => Err(domain(vm)),
        Err(false) => Err(range(vm)),
    }
}

fn m_lgamma(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "lgamma", 1, 1)?;
    let x = arg_f(vm, args, 0)?;
    match crate::modules::math_special::lgamma(x) {
        Ok(r) => vm.new_float(r),
        Err(true) => Err(domain(vm)),
        Err(false) => Err(range(vm)),
    }
}

/// `log` of a positive value that may be a huge int.
fn log_of(vm: &mut Vm, x: Value, f: fn(f64) -> f64) -> PyResult<f64> {
    if let Some(iv) = vm.int_val(x) {
        let b = iv.to_big();
        if b.sign() != Sign::Plus {
            return Err(domain(vm));
        }
        if let Some(v) = b.to_f64().filter(|v| v.is_finite()) {
            return Ok(f(v));
        }
        let bits = b.bits();
        let shift = bits - 53;
        let m = (&b >> shift).to_f64().unwrap_or(f64::MAX);
        return Ok(f(m) + (shift as f64) * f(2.0));
    }
    let v = vm.real_arg(x)?;
    if v.is_nan() {
        return Ok(v);
    }
    if v <= 0.0 {
        return Err(domain(vm));
    }
    Ok(f(v))
}

fn m_log(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "log")?;
    if args.is_empty() || args.len() > 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "log expected 1 or 2 arguments, got {}",
            args.len()
        ));
    }
    let num = log_of(vm, args.get(vm, 0), f64::ln)?;
    if args.len() == 2 {
        let den = log_of(vm, args.get(vm, 1), f64::ln)?;
        if den == 0.0 {
            return Err(vm.zero_division("float division by zero"));
        }
        return vm.new_float(num / den);
    }
    vm.new_float(num)
}

fn m_log2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "log2", 1, 1)?;
    let r = log_of(vm, args.get(vm, 0), f64::log2)?;
    vm.new_float(r)
}

fn m_log10(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "log10", 1, 1)?;
    let r = log_of(vm, args.get(vm, 0), f64::log10)?;
    vm.new_float(r)
}

fn two_args(vm: &mut Vm, args: Args, name: &str) -> PyResult<(f64, f64)> {
    vm.no_kw(args, name)?;
    if args.len() != 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "{name} expected 2 arguments, got {}",
            args.len()
        ));
    }
    Ok((arg_f(vm, args, 0)?, arg_f(vm, args, 1)?))
}

fn m_pow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_args(vm, args, "pow")?;
    if x.is_finite() && y.is_finite() {
        if x == 0.0 && y < 0.0 {
            return Err(domain(vm));
        }
        if x < 0.0 && y != y.floor() {
            return Err(domain(vm));
        }
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range(vm));
    }
    vm.new_float(r)
}

fn m_atan2(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (y, x) = two_args(vm, args, "atan2")?;
    vm.new_float(y.atan2(x))
}

fn m_fmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_args(vm, args, "fmod")?;
    if y.is_infinite() && x.is_finite() {
        return vm.new_float(x);
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain(vm));
    }
    vm.new_float(r)
}

fn m_copysign(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_args(vm, args, "copysign")?;
    vm.new_float(x.copysign(y))
}

fn m_remainder(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_args(vm, args, "remainder")?;
    if x.is_nan() {
        return vm.new_float(x);
    }
    if y.is_nan() {
        return vm.new_float(y);
    }
    if x.is_infinite() || y == 0.0 {
        return Err(domain(vm));
    }
    if y.is_infinite() {
        return vm.new_float(x);
    }
    // CPython's m_remainder.
    let absx = x.abs();
    let absy = y.abs();
    let m = absx % absy;
    let c = absy - m;
    let r = if m < c {
        m
    } else if m > c {
        -c
    } else {
        m - 2.0 * ((0.5 * (absx - m)) % absy)
    };
    vm.new_float(1.0f64.copysign(x) * r)
}

fn m_nextafter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_args(vm, args, "nextafter")?;
    let r = next_after(x, y);
    vm.new_float(r)
}

fn m_ulp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "ulp", 1, 1)?;
    let x = arg_f(vm, args, 0)?.abs();
    if x.is_nan() || x.is_infinite() {
        return vm.new_float(x);
    }
    let up = next_after(x, f64::INFINITY);
    if up.is_infinite() {
        let down = next_after(x, 0.0);
        return vm.new_float(x - down);
    }
    vm.new_float(up - x)
}

fn m_ldexp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "ldexp")?;
    if args.len() != 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "ldexp expected 2 arguments, got {}",
            args.len()
        ));
    }
    let x = arg_f(vm, args, 0)?;
    let e = args.get(vm, 1);
    let Some(iv) = vm.int_val(e) else {
        return Err(vm.type_error("Expected an int as second argument to ldexp."));
    };
    let e = iv
        .to_big()
        .to_i64()
        .unwrap_or(if iv.signum() < 0 { i64::MIN } else { i64::MAX });
    if x == 0.0 || !x.is_finite() {
        return vm.new_float(x);
    }
    let e = e.clamp(-100_000, 100_000) as i32;
    let r = crate::objects::float::ldexp(x, e);
    if r.is_infinite() {
        return Err(range(vm));
    }
    vm.new_float(r)
}

fn m_frexp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "frexp", 1, 1)?;
    let x = arg_f(vm, args, 0)?;
    let (m, e) = if x == 0.0 || !x.is_finite() {
        (x, 0)
    } else {
        crate::objects::float::frexp(x)
    };
    let mf = vm.new_float(m)?;
    let mr = vm.push_root(mf)?;
    vm.tuple2(vm.get(mr), Value::small(e as i64))
}

fn m_modf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "modf", 1, 1)?;
    let x = arg_f(vm, args, 0)?;
    let (frac, int) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else {
        let i = x.trunc();
        ((x - i).copysign(x), i)
    };
    let a = vm.new_float(frac)?;
    let ar = vm.push_root(a)?;
    let b = vm.new_float(int)?;
    vm.tuple2(vm.get(ar), b)
}

fn rounding(
    vm: &mut Vm,
    args: Args,
    name: &str,
    special: crate::runtime::names::Name,
    f: fn(f64) -> f64,
) -> PyResult<Value> {
    vm.check_args(args, name, 1, 1)?;
    let x = args.get(vm, 0);
    if x.is_small() || vm.is_exact_int(x) {
        return Ok(x);
    }
    if !vm.is_exact(x, crate::runtime::builtin_types::T::Float)
        && let Some(m) = vm.special_of(x, special)
    {
        return vm.call_special_found(m, x, &[]);
    }
    let v = vm.real_arg(x)?;
    vm.float_to_int(f(v))
}

fn m_floor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rounding(vm, args, "floor", n::FLOOR, f64::floor)
}

fn m_ceil(vm: &mut Vm, args: Args) -> PyResult<Value> {
    rounding(vm, args, "ceil", n::CEIL, f64::ceil)
}

fn m_trunc(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "trunc", 1, 1)?;
    let x = args.get(vm, 0);
    if let Some(f) = vm.float_of(x) {
        return vm.float_to_int(f.trunc());
    }
    match vm.special_of(x, n::TRUNC) {
        Some(m) => vm.call_special_found(m, x, &[]),
        None => {
            let tn = vm.type_name(x);
            Err(crate::raise!(
                vm,
                TypeError,
                "type {tn} doesn't define __trunc__ method"
            ))
        }
    }
}

fn pred(vm: &mut Vm, args: Args, name: &str, f: fn(f64) -> bool) -> PyResult<Value> {
    vm.check_args(args, name, 1, 1)?;
    let x = arg_f(vm, args, 0)?;
    Ok(vm.bool_val(f(x)))
}

fn m_isfinite(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isfinite", f64::is_finite)
}
fn m_isinf(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isinf", f64::is_infinite)
}
fn m_isnan(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pred(vm, args, "isnan", f64::is_nan)
}

fn m_degrees(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "degrees", 1, 1)?;
    let x = arg_f(vm, args, 0)?;
    vm.new_float(x * (180.0 / std::f64::consts::PI))
}

fn m_radians(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "radians", 1, 1)?;
    let x = arg_f(vm, args, 0)?;
    vm.new_float(x * (std::f64::consts::PI / 180.0))
}

fn m_isclose(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "isclose",
        params: &["a", "b", "rel_tol", "abs_tol"],
        posonly: 2,
        kwonly: 2,
        required: 2,
    };
    let [a, b, rt, at] = vm.bind::<4>(args, &SIG)?;
    let a = vm.real_arg(vm.get(a.expect("a")))?;
    let b = vm.real_arg(vm.get(b.expect("b")))?;
    let rel = match rt {
        Some(r) => vm.real_arg(vm.get(r))?,
        None => 1e-9,
    };
    let abs = match at {
        Some(r) => vm.real_arg(vm.get(r))?,
        None => 0.0,
    };
    if rel < 0.0 || abs < 0.0 {
        return Err(vm.value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(vm.bool_val(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(vm.bool_val(false));
    }
    let diff = (b - a).abs();
    let r = (diff <= (rel * b).abs()) || (diff <= (rel * a).abs()) || diff <= abs;
    Ok(vm.bool_val(r))
}

fn vector_norm(v: &[f64]) -> f64 {
    let mut max = 0.0f64;
    let mut found_nan = false;
    for &x in v {
        let x = x.abs();
        if x.is_nan() {
            found_nan = true;
        }
        if x > max {
            max = x;
        }
    }
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || v.len() <= 1 {
        return max;
    }
    if v.len() == 2 {
        return v[0].hypot(v[1]);
    }
    let mut sum = 0.0;
    let mut comp = 0.0;
    for &x in v {
        let t = x / max;
        let y = t * t - comp;
        let s = sum + y;
        comp = (s - sum) - y;
        sum = s;
    }
    max * sum.sqrt()
}

fn m_hypot(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "hypot")?;
    let mut v = Vec::with_capacity(args.len());
    for i in 0..args.len() {
        v.push(arg_f(vm, args, i)?);
    }
    vm.new_float(vector_norm(&v))
}

fn m_dist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "dist")?;
    if args.len() != 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "dist expected 2 arguments, got {}",
            args.len()
        ));
    }
    let p = vm.to_tuple(args.get(vm, 0))?;
    let pr = vm.push_root(p)?;
    let q = vm.to_tuple(args.get(vm, 1))?;
    let qr = vm.push_root(q)?;
    let (np, nq) = (vm.tuple_len(vm.get(pr)), vm.tuple_len(vm.get(qr)));
    if np != nq {
        return Err(vm.value_error("both points must have the same number of dimensions"));
    }
    let mut d = Vec::with_capacity(np);
    for i in 0..np {
        let a = vm.real_arg(vm.tuple_get(vm.get(pr), i))?;
        let b = vm.real_arg(vm.tuple_get(vm.get(qr), i))?;
        d.push(a - b);
    }
    vm.new_float(vector_norm(&d))
}

/// Shewchuk / CPython `msum`.
fn fsum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "fsum", 1, 1)?;
    let it = vm.get_iter(args.get(vm, 0))?;
    let ir = vm.push_root(it)?;
    let mut partials: Vec<f64> = Vec::new();
    let mut special_sum = 0.0f64;
    let mut inf_sum = 0.0f64;
    while let Some(v) = vm.iter_next(vm.get(ir))? {
        let mut x = vm.real_arg(v)?;
        let xsave = x;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(vm.overflow_error("intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(vm.value_error("-inf + inf in fsum"));
        }
        return vm.new_float(special_sum);
    }
    let mut hi = 0.0f64;
    let mut n = partials.len();
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    vm.new_float(hi)
}

fn int_arg(vm: &mut Vm, v: Value) -> PyResult<BigInt> {
    let iv = vm.index_value(v)?;
    Ok(vm.int_val(iv).expect("index returns int").to_big())
}

fn m_factorial(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "factorial", 1, 1)?;
    let x = int_arg(vm, args.get(vm, 0))?;
    if x.is_negative() {
        return Err(vm.value_error("factorial() not defined for negative values"));
    }
    let Some(n) = x.to_u64() else {
        return Err(vm.overflow_error("factorial() argument should not exceed 9223372036854775807"));
    };
    let mut r = BigInt::one();
    for i in 2..=n {
        r *= i;
    }
    vm.new_int_big(r)
}

fn m_isqrt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "isqrt", 1, 1)?;
    let x = int_arg(vm, args.get(vm, 0))?;
    if x.is_negative() {
        return Err(vm.value_error("isqrt() argument must be nonnegative"));
    }
    vm.new_int_big(x.sqrt())
}

fn gcd_lcm(vm: &mut Vm, args: Args, lcm: bool) -> PyResult<Value> {
    vm.no_kw(args, if lcm { "lcm" } else { "gcd" })?;
    let mut acc = if lcm { BigInt::one() } else { BigInt::zero() };
    for i in 0..args.len() {
        let x = int_arg(vm, args.get(vm, i))?;
        acc = if lcm {
            if acc.is_zero() || x.is_zero() {
                BigInt::zero()
            } else {
                acc.lcm(&x).abs()
            }
        } else {
            acc.gcd(&x)
        };
    }
    vm.new_int_big(acc)
}

fn m_gcd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    gcd_lcm(vm, args, false)
}

fn m_lcm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    gcd_lcm(vm, args, true)
}

fn m_comb(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "comb")?;
    if args.len() != 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "comb expected 2 arguments, got {}",
            args.len()
        ));
    }
    let n = int_arg(vm, args.get(vm, 0))?;
    let k = int_arg(vm, args.get(vm, 1))?;
    if n.is_negative() {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(vm.value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::small(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let Some(kk) = k.to_u64() else {
        return Err(vm.overflow_error("min(n - k, k) must not exceed 9223372036854775807"));
    };
    let mut r = BigInt::one();
    for i in 0..kk {
        r = r * (&n - i) / (i + 1);
    }
    vm.new_int_big(r)
}

fn m_perm(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "perm")?;
    if args.is_empty() || args.len() > 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "perm expected at most 2 arguments, got {}",
            args.len()
        ));
    }
    let n = int_arg(vm, args.get(vm, 0))?;
    if n.is_negative() {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    let k = match args.opt(vm, 1).filter(|v| !vm.is_none(*v)) {
        Some(k) => int_arg(vm, k)?,
        None => n.clone(),
    };
    if k.is_negative() {
        return Err(vm.value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::small(0));
    }
    let Some(kk) = k.to_u64() else {
        return Err(vm.overflow_error("k must not exceed 9223372036854775807"));
    };
    let mut r = BigInt::one();
    for i in 0..kk {
        r *= &n - i;
    }
    vm.new_int_big(r)
}

fn m_prod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "prod",
        params: &["iterable", "start"],
        posonly: 1,
        kwonly: 1,
        required: 1,
    };
    if args.len() > 1 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "prod() takes exactly 1 positional argument ({} given)",
            args.len()
        ));
    }
    let [it, start] = vm.bind::<2>(args, &SIG)?;
    let acc = start.map(|r| vm.get(r)).unwrap_or(Value::small(1));
    let accr = vm.push_root(acc)?;
    let iter = vm.get_iter(vm.get(it.expect("required")))?;
    let ir = vm.push_root(iter)?;
    while let Some(v) = vm.iter_next(vm.get(ir))? {
        let r = vm.binary_op(vm.get(accr), v, BinaryOperator::Multiply)?;
        vm.set(accr, r);
    }
    Ok(vm.get(accr))
}

static MATH_FUNCTIONS: &[MethodDef] = &[
    func("acos", m_acos),
    func("acosh", m_acosh),
    func("asin", m_asin),
    func("asinh", m_asinh),
    func("atan", m_atan),
    func("atan2", m_atan2),
    func("atanh", m_atanh),
    func("cbrt", m_cbrt),
    func("ceil", m_ceil),
    func("comb", m_comb),
    func("copysign", m_copysign),
    func("cos", m_cos),
    func("cosh", m_cosh),
    func("degrees", m_degrees),
    func("dist", m_dist),
    func("erf", m_erf),
    func("erfc", m_erfc),
    func("exp", m_exp),
    func("exp2", m_exp2),
    func("expm1", m_expm1),
    func("fabs", m_fabs),
    func("factorial", m_factorial),
    func("floor", m_floor),
    func("fmod", m_fmod),
    func("frexp", m_frexp),
    func("fsum", fsum),
    func("gamma", m_gamma),
    func("gcd", m_gcd),
    func("hypot", m_hypot),
    func("isclose", m_isclose),
    func("isfinite", m_isfinite),
    func("isinf", m_isinf),
    func("isnan", m_isnan),
    func("isqrt", m_isqrt),
    func("lcm", m_lcm),
    func("ldexp", m_ldexp),
    func("lgamma", m_lgamma),
    func("log", m_log),
    func("log10", m_log10),
    func("log1p", m_log1p),
    func("log2", m_log2),
    func("modf", m_modf),
    func("nextafter", m_nextafter),
    func("perm", m_perm),
    func("pow", m_pow),
    func("prod", m_prod),
    func("radians", m_radians),
    func("remainder", m_remainder),
    func("sin", m_sin),
    func("sinh", m_sinh),
    func("sqrt", m_sqrt),
    func("tan", m_tan),
    func("tanh", m_tanh),
    func("trunc", m_trunc),
    func("ulp", m_ulp),
];

/// Builds the `math` module.
pub fn init_math(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_native_module(
        "math",
        "This module provides access to the mathematical functions\ndefined by the C standard.",
        MATH_FUNCTIONS,
    )?;
    let mr = vm.push_root(m)?;
    for (name, v) in [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        let f = vm.new_float(v)?;
        vm.module_set(vm.get(mr), name, f)?;
    }
    Ok(vm.get(mr))
}
