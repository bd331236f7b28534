//! Integer arithmetic: the small (`i64`) fast paths with overflow detection and the
//! `num_bigint` paths, with Python's floor semantics and CPython's error messages.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::bytecode::BinaryOperator;
use crate::objects::int::IntVal;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Correctly rounded conversion of a big integer to `f64` (`None` on overflow).
pub fn bigint_to_f64(b: &BigInt) -> Option<f64> {
    if let Some(i) = b.to_i64() {
        return Some(i as f64);
    }
    let (sign, mag) = (b.sign(), b.magnitude());
    let bits = mag.bits();
    if bits > 1024 {
        return None;
    }
    // Keep 54 significant bits plus a sticky bit, round half to even.
    let shift = bits.saturating_sub(55);
    let top = (mag >> shift).to_u64().unwrap_or(0);
    let sticky = if shift > 0 {
        let mask = (num_bigint::BigUint::one() << shift) - num_bigint::BigUint::one();
        !(mag & mask).is_zero()
    } else {
        false
    };
    let mut m = top | sticky as u64;
    // Round to 53 bits.
    let extra = 64 - m.leading_zeros() as u64;
    let drop = extra.saturating_sub(53);
    let mut e = shift as i32 + drop as i32;
    if drop > 0 {
        let half = 1u64 << (drop - 1);
        let rem = m & ((1u64 << drop) - 1);
        m >>= drop;
        if rem > half || (rem == half && (m & 1) == 1) {
            m += 1;
            if m == 1 << 53 {
                m >>= 1;
                e += 1;
            }
        }
    }
    let f = crate::objects::float::ldexp(m as f64, e);
    if f.is_infinite() {
        return None;
    }
    Some(if sign == Sign::Minus { -f } else { f })
}

/// Correctly rounded `a / b` for integers (`b != 0`); `None` on overflow.
pub fn int_truediv(a: &BigInt, b: &BigInt) -> Option<f64> {
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64())
        && x.unsigned_abs() < (1 << 53)
        && y.unsigned_abs() < (1 << 53)
    {
        return Some(x as f64 / y as f64);
    }
    let negative = (a.sign() == Sign::Minus) != (b.sign() == Sign::Minus);
    let (a, b) = (a.abs(), b.abs());
    if a.is_zero() {
        return Some(if negative { -0.0 } else { 0.0 });
    }
    // Scale so the quotient has at least 55 significant bits.
    let shift = b.bits() as i64 - a.bits() as i64 + 55;
    let (num, den) = if shift >= 0 {
        (a << shift as u64, b.clone())
    } else {
        (a.clone(), b << (-shift) as u64)
    };
    let (q, r) = num.div_rem(&den);
    let mut q = q;
    if !r.is_zero() {
        q |= BigInt::one(); // sticky bit
    }
    let f = bigint_to_f64_scaled(&q, -shift)?;
    Some(if negative { -f } else { f })
}

/// `q * 2**e` correctly rounded (q positive with a sticky low bit), handling subnormals.
fn bigint_to_f64_scaled(q: &BigInt, e: i64) -> Option<f64> {
    let bits = q.bits() as i64;
    // Exponent of the result's leading bit: bits - 1 + e.
    let lead = bits - 1 + e;
    if lead > 1023 {
        return None;
    }
    // Number of mantissa bits available (53 normally, fewer for subnormals).
    let keep = if lead < -1022 {
        (53 - (-1022 - lead)).max(0)
    } else {
        53
    };
    let drop = bits - keep;
    if drop <= 0 {
        let m = q.to_u64()? as f64;
        return Some(crate::objects::float::ldexp(m, e as i32));
    }
    let mask = (BigInt::one() << drop as u64) - 1;
    let rem = q & &mask;
    let mut m = (q >> drop as u64).to_u64()?;
    let half = BigInt::one() << (drop - 1) as u64;
    if rem > half || (rem == half && (m & 1) == 1) {
        m += 1;
    }
    let f = crate::objects::float::ldexp(m as f64, (e + drop) as i32);
    if f.is_infinite() { None } else { Some(f) }
}

/// Floor division and modulo of big integers (Python semantics).
pub fn big_divmod(a: &BigInt, b: &BigInt) -> (BigInt, BigInt) {
    a.div_mod_floor(b)
}

/// The result of a big-integer operation computed without touching the heap.
enum BigOut {
    Int(BigInt),
    Float(f64),
    Small(i64),
    ZeroDiv(&'static str),
    Value(&'static str),
    Overflow(&'static str),
    Pow,
    NotImpl,
}

/// `x op y` on big integers (references into the heap or temporaries).
fn big_op(op: BinaryOperator, x: &BigInt, y: &BigInt) -> BigOut {
    use BinaryOperator::*;
    match op {
        Add => BigOut::Int(x + y),
        Subtract => BigOut::Int(x - y),
        Multiply => BigOut::Int(x * y),
        FloorDivide => {
            if y.is_zero() {
                return BigOut::ZeroDiv("integer division or modulo by zero");
            }
            BigOut::Int(x.div_floor(y))
        }
        Remainder => {
            if y.is_zero() {
                return BigOut::ZeroDiv("integer modulo by zero");
            }
            BigOut::Int(x.mod_floor(y))
        }
        TrueDivide => {
            if y.is_zero() {
                return BigOut::ZeroDiv("division by zero");
            }
            match int_truediv(x, y) {
                Some(f) => BigOut::Float(f),
                None => BigOut::Overflow("integer division result too large for a float"),
            }
        }
        Power => BigOut::Pow,
        Lshift => {
            if y.is_negative() {
                return BigOut::Value("negative shift count");
            }
            if x.is_zero() {
                return BigOut::Small(0);
            }
            let Some(s) = y.to_u64().filter(|&s| s < (1 << 40)) else {
                return BigOut::Overflow("too many digits in integer");
            };
            BigOut::Int(x << s)
        }
        Rshift => {
            if y.is_negative() {
                return BigOut::Value("negative shift count");
            }
            let s = y.to_u64().unwrap_or(u64::MAX);
            if s > x.bits() {
                return BigOut::Small(if x.is_negative() { -1 } else { 0 });
            }
            BigOut::Int(x >> s)
        }
        And => BigOut::Int(x & y),
        Or => BigOut::Int(x | y),
        Xor => BigOut::Int(x ^ y),
        _ => BigOut::NotImpl,
    }
}

impl Vm {
    /// Integer binary operation on two int (or bool) values; `None` means the operator does
    /// not apply to ints (e.g. `@`). Big operands are used in place (no copies).
    pub fn int_binop_values(
        &mut self,
        op: BinaryOperator,
        a: Value,
        b: Value,
    ) -> PyResult<Option<Value>> {
        let (Some(ia), Some(ib)) = (self.int_val(a), self.int_val(b)) else {
            return Ok(None);
        };
        if let (IntVal::Small(x), IntVal::Small(y)) = (ia, ib)
            && let Some(r) = self.small_binop(op, x, y)?
        {
            return Ok(Some(r));
        }
        let out = {
            let (ia, ib) = (self.int_val(a).expect("int"), self.int_val(b).expect("int"));
            let tx;
            let x: &BigInt = match ia {
                IntVal::Small(s) => {
                    tx = BigInt::from(s);
                    &tx
                }
                IntVal::Big(b) => b,
            };
            let ty;
            let y: &BigInt = match ib {
                IntVal::Small(s) => {
                    ty = BigInt::from(s);
                    &ty
                }
                IntVal::Big(b) => b,
            };
            big_op(op, x, y)
        };
        Ok(Some(match out {
            BigOut::Int(r) => self.new_int_big(r)?,
            BigOut::Small(i) => Value::small(i),
            BigOut::Float(f) => self.new_float(f)?,
            BigOut::ZeroDiv(m) => return Err(self.zero_division(m)),
            BigOut::Value(m) => return Err(self.value_error(m)),
            BigOut::Overflow(m) => return Err(self.overflow_error(m)),
            BigOut::NotImpl => return Ok(None),
            BigOut::Pow => {
                let (x, y) = (
                    self.int_val(a).expect("int").to_big(),
                    self.int_val(b).expect("int").to_big(),
                );
                return self.int_pow(&x, &y).map(Some);
            }
        }))
    }

    /// Integer binary operation (both operands ints or bools). `None` means the operator
    /// does not apply to ints (e.g. `@`).
    pub fn int_binop(
        &mut self,
        op: BinaryOperator,
        a: IntVal<'_>,
        b: IntVal<'_>,
    ) -> PyResult<Option<Value>> {
        if let (IntVal::Small(x), IntVal::Small(y)) = (a, b)
            && let Some(r) = self.small_binop(op, x, y)?
        {
            return Ok(Some(r));
        }
        let (x, y) = (a.to_big(), b.to_big());
        Ok(Some(match big_op(op, &x, &y) {
            BigOut::Int(r) => self.new_int_big(r)?,
            BigOut::Small(i) => Value::small(i),
            BigOut::Float(f) => self.new_float(f)?,
            BigOut::ZeroDiv(m) => return Err(self.zero_division(m)),
            BigOut::Value(m) => return Err(self.value_error(m)),
            BigOut::Overflow(m) => return Err(self.overflow_error(m)),
            BigOut::NotImpl => return Ok(None),
            BigOut::Pow => return self.int_pow(&x, &y).map(Some),
        }))
    }

    /// The `i64` fast path; `None` when the result needs a big integer.
    #[inline]
    pub fn small_binop(&mut self, op: BinaryOperator, x: i64, y: i64) -> PyResult<Option<Value>> {
        use BinaryOperator::*;
        let r = match op {
            Add => x.checked_add(y),
            Subtract => x.checked_sub(y),
            Multiply => x.checked_mul(y),
            FloorDivide => {
                if y == 0 {
                    return Err(self.zero_division("integer division or modulo by zero"));
                }
                x.checked_div_euclid(y)
                    .map(|_| num_integer::Integer::div_floor(&x, &y))
            }
            Remainder => {
                if y == 0 {
                    return Err(self.zero_division("integer modulo by zero"));
                }
                x.checked_rem(y).map(|_| x.mod_floor(&y))
            }
            TrueDivide => {
                if y == 0 {
                    return Err(self.zero_division("division by zero"));
                }
                if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
                    return Ok(Some(self.new_float(x as f64 / y as f64)?));
                }
                return Ok(None);
            }
            Lshift => {
                if y < 0 {
                    return Err(self.value_error("negative shift count"));
                }
                if y < 63 && x.unsigned_abs() < (1u64 << (62 - y)) {
                    Some(x << y)
                } else if x == 0 {
                    Some(0)
                } else {
                    None
                }
            }
            Rshift => {
                if y < 0 {
                    return Err(self.value_error("negative shift count"));
                }
                Some(if y >= 63 {
                    if x < 0 { -1 } else { 0 }
                } else {
                    x >> y
                })
            }
            And => Some(x & y),
            Or => Some(x | y),
            Xor => Some(x ^ y),
            Power => {
                if y < 0 {
                    return Ok(None);
                }
                let mut acc: i64 = 1;
                let mut base = x;
                let mut e = y as u64;
                let mut ok = true;
                while e > 0 {
                    if e & 1 == 1 {
                        match acc.checked_mul(base) {
                            Some(v) => acc = v,
                            None => {
                                ok = false;
                                break;
                            }
                        }
                    }
                    e >>= 1;
                    if e > 0 {
                        match base.checked_mul(base) {
                            Some(v) => base = v,
                            None => {
                                ok = false;
                                break;
                            }
                        }
                    }
                }
                if ok { Some(acc) } else { None }
            }
            _ => return Ok(None),
        };
        Ok(r.and_then(Value::try_small))
    }

    /// `x ** y` for ints (float result for negative exponents).
    pub fn int_pow(&mut self, x: &BigInt, y: &BigInt) -> PyResult<Value> {
        if y.is_negative() {
            if x.is_zero() {
                return Err(self.zero_division("0.0 cannot be raised to a negative power"));
            }
            let (Some(fx), Some(fy)) = (bigint_to_f64(x), bigint_to_f64(y)) else {
                return Err(self.overflow_error("int too large to convert to float"));
            };
            return self.float_pow(fx, fy);
        }
        if x.is_zero() || x.is_one() {
            return self.new_int_big(if y.is_zero() {
                BigInt::one()
            } else {
                x.clone()
            });
        }
        if *x == BigInt::from(-1) {
            return Ok(Value::small(if y.is_even() { 1 } else { -1 }));
        }
        let Some(e) = y.to_u32() else {
            return Err(self.overflow_error("exponent too large"));
        };
        // Guard absurd sizes (CPython would run out of memory much later, but slowly).
        if (x.bits() as u128) * (e as u128) > (1u128 << 34) {
            return Err(self.new_error(crate::runtime::builtin_types::T::MemoryError, ""));
        }
        self.new_int_big(num_traits::pow::Pow::pow(x, e))
    }

    /// `pow(x, y, m)` for ints.
    pub fn int_pow_mod(&mut self, x: &BigInt, y: &BigInt, m: &BigInt) -> PyResult<Value> {
        if m.is_zero() {
            return Err(self.value_error("pow() 3rd argument cannot be 0"));
        }
        let mabs = m.abs();
        let (base, exp) = if y.is_negative() {
            // Modular inverse.
            let g = x.mod_floor(&mabs).extended_gcd(&mabs);
            if !g.gcd.is_one() {
                return Err(self.value_error("base is not invertible for the given modulus"));
            }
            (g.x.mod_floor(&mabs), -y)
        } else {
            (x.mod_floor(&mabs), y.clone())
        };
        let mut r = base.modpow(&exp, &mabs);
        if m.is_negative() && !r.is_zero() {
            r += m;
        }
        self.new_int_big(r)
    }
}
