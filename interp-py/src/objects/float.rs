//! `float` and `complex` representation, hashing and conversions. Arithmetic and methods are
//! in `float_ops.rs`; `repr` in `format/float_repr.rs`.

use crate::objects::int::{HASH_BITS, HASH_MODULUS};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{complex_, float_};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// `frexp`: `x = m * 2**e` with `0.5 <= |m| < 1` (or `m == 0`).
pub fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(x * f64::powi(2.0, 64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// `ldexp(m, e) = m * 2**e` without intermediate overflow.
pub fn ldexp(m: f64, e: i32) -> f64 {
    if m == 0.0 || !m.is_finite() {
        return m;
    }
    let mut x = m;
    let mut e = e;
    while e > 1000 {
        x *= f64::powi(2.0, 1000);
        e -= 1000;
        if x.is_infinite() {
            return x;
        }
    }
    while e < -1000 {
        x *= f64::powi(2.0, -1000);
        e += 1000;
        if x == 0.0 {
            return x;
        }
    }
    x * f64::powi(2.0, e)
}

/// CPython's hash of a finite or infinite float (`NaN` hashes to 0 here; the object-level
/// hash uses identity for NaN like CPython 3.10+).
pub fn hash_f64(v: f64) -> i64 {
    if !v.is_finite() {
        if v.is_nan() {
            return 0;
        }
        return if v > 0.0 { 314159 } else { -314159 };
    }
    let (mut m, mut e) = frexp(v);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & HASH_MODULUS) | (x >> (HASH_BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= HASH_MODULUS {
            x -= HASH_MODULUS;
        }
    }
    let bits = HASH_BITS as i32;
    let e = if e >= 0 {
        e % bits
    } else {
        bits - 1 - ((-1 - e) % bits)
    } as u32;
    x = ((x << e) & HASH_MODULUS) | (x >> (HASH_BITS - e));
    let h = (x as i64).wrapping_mul(sign);
    if h == -1 { -2 } else { h }
}

impl Vm {
    /// A new float.
    #[inline(always)]
    pub fn new_float(&mut self, f: f64) -> PyResult<Value> {
        let v = self.alloc_t(self.lay.float, T::Float)?;
        self.st_scalar::<f64>(v, float_::VAL, f);
        Ok(v)
    }

    /// Whether `v` is an exact float.
    #[inline(always)]
    pub fn is_float(&self, v: Value) -> bool {
        self.has_layout(v, self.lay.float)
    }

    /// The value of an exact float.
    #[inline(always)]
    pub fn float_val(&self, v: Value) -> f64 {
        self.ld_scalar::<f64>(v, float_::VAL)
    }

    /// The value of a float or float-subclass instance.
    #[inline]
    pub fn float_of(&self, v: Value) -> Option<f64> {
        if self.is_float(v) {
            return Some(self.float_val(v));
        }
        let p = self.native_payload(v, Kind::Float)?;
        Some(self.float_val(p))
    }

    /// A new complex.
    pub fn new_complex(&mut self, re: f64, im: f64) -> PyResult<Value> {
        let v = self.alloc_t(self.lay.complex, T::Complex)?;
        self.st_scalar::<f64>(v, complex_::RE, re);
        self.st_scalar::<f64>(v, complex_::IM, im);
        Ok(v)
    }

    /// The parts of a complex or complex-subclass instance.
    #[inline]
    pub fn complex_of(&self, v: Value) -> Option<(f64, f64)> {
        let c = if self.has_layout(v, self.lay.complex) {
            v
        } else {
            self.native_payload(v, Kind::Complex)?
        };
        Some((
            self.ld_scalar::<f64>(c, complex_::RE),
            self.ld_scalar::<f64>(c, complex_::IM),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_cpython() {
        assert_eq!(hash_f64(1.5), 1152921504606846977);
        assert_eq!(hash_f64(-0.5), -1152921504606846976);
        assert_eq!(hash_f64(2.0), 2);
        assert_eq!(hash_f64(0.1), 230584300921369408);
        assert_eq!(hash_f64(f64::INFINITY), 314159);
        assert_eq!(hash_f64(1e300), 1224995262755759164);
        let (m, e) = frexp(8.0);
        assert_eq!((m, e), (0.5, 4));
    }
}
