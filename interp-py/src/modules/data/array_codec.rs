//! Element codec of `array.array`: how each typecode stores one item (native byte order and
//! C sizes of an LP64 machine: `l`/`L` are 8 bytes, `u` is a 4-byte `wchar_t`) and how a
//! Python value is checked and converted, with the exact `OverflowError`/`TypeError`
//! messages CPython's `arraymodule.c` gives (they come from the `PyArg_Parse` code each
//! typecode uses, hence the mix of "short"/"integer"/"C long" wording).

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// The typecodes, in `array.typecodes` order.
pub const TYPECODES: &str = "bBuhHiIlLqQfd";

/// One element value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum El {
    /// An integer typecode's value.
    I(i128),
    /// A float typecode's value.
    F(f64),
    /// A `u` code point.
    U(u32),
}

/// Item size of a (valid) typecode.
pub fn itemsize(tc: u8) -> usize {
    match tc {
        b'b' | b'B' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' | b'u' => 4,
        _ => 8,
    }
}

/// Whether `tc` is a valid typecode.
pub fn valid(tc: u8) -> bool {
    TYPECODES.as_bytes().contains(&tc)
}

/// Decodes the item at the start of `b`.
pub fn decode(tc: u8, b: &[u8]) -> El {
    let mut w = [0u8; 8];
    let n = itemsize(tc);
    w[..n].copy_from_slice(&b[..n]);
    let u = u64::from_ne_bytes(w);
    match tc {
        b'b' => El::I(u as u8 as i8 as i128),
        b'h' => El::I(u as u16 as i16 as i128),
        b'i' => El::I(u as u32 as i32 as i128),
        b'l' | b'q' => El::I(u as i64 as i128),
        b'B' | b'H' | b'I' | b'L' | b'Q' => El::I(u as i128),
        b'f' => El::F(f32::from_bits(u as u32) as f64),
        b'd' => El::F(f64::from_bits(u)),
        _ => El::U(u as u32),
    }
}

/// Encodes `e` (already range-checked for `tc`) into `out[..itemsize]`.
pub fn encode(tc: u8, e: El, out: &mut [u8]) {
    let n = itemsize(tc);
    let bits: u64 = match e {
        El::I(i) => i as u64,
        El::F(f) if tc == b'f' => (f as f32).to_bits() as u64,
        El::F(f) => f.to_bits(),
        El::U(c) => c as u64,
    };
    out[..n].copy_from_slice(&bits.to_ne_bytes()[..n]);
}

/// The Python value of an element.
pub fn to_value(vm: &mut Vm, e: El) -> PyResult<Value> {
    match e {
        El::I(i) => vm.new_int_i128(i),
        El::F(f) => vm.new_float(f),
        El::U(c) => {
            let s = char::from_u32(c).map(String::from);
            match s {
                Some(s) => vm.new_str(&s),
                None => vm.new_str_cps([c]),
            }
        }
    }
}

fn ovf(vm: &mut Vm, msg: &str) -> crate::runtime::errors::PyErr {
    vm.overflow_error(msg)
}

/// Range-checks an integer for typecode `tc` with CPython's messages.
fn check_int(vm: &mut Vm, tc: u8, b: &BigInt) -> PyResult<i128> {
    let neg = b.sign() == Sign::Minus;
    let i64v = b.to_i64();
    let long = |vm: &mut Vm| ovf(vm, "Python int too large to convert to C long");
    let range = |vm: &mut Vm, x: i64, lo: i64, hi: i64, what: &str| -> PyResult<()> {
        if x > hi {
            return Err(ovf(vm, &format!("{what} is greater than maximum")));
        }
        if x < lo {
            return Err(ovf(vm, &format!("{what} is less than minimum")));
        }
        Ok(())
    };
    match tc {
        b'b' | b'B' | b'h' | b'H' | b'i' => {
            let Some(x) = i64v else {
                return Err(long(vm));
            };
            match tc {
                b'b' => {
                    range(
                        vm,
                        x,
                        i16::MIN as i64,
                        i16::MAX as i64,
                        "signed short integer",
                    )?;
                    range(vm, x, -128, 127, "signed char")?;
                }
                b'B' => range(vm, x, 0, 255, "unsigned byte integer")?,
                b'h' => range(
                    vm,
                    x,
                    i16::MIN as i64,
                    i16::MAX as i64,
                    "signed short integer",
                )?,
                b'H' => {
                    range(vm, x, i32::MIN as i64, i32::MAX as i64, "signed integer")?;
                    range(vm, x, 0, 65535, "unsigned short")?;
                }
                _ => range(vm, x, i32::MIN as i64, i32::MAX as i64, "signed integer")?,
            }
            Ok(x as i128)
        }
        b'l' => i64v.map(|x| x as i128).ok_or_else(|| long(vm)),
        b'q' => i64v
            .map(|x| x as i128)
            .ok_or_else(|| ovf(vm, "int too big to convert")),
        b'I' | b'L' => {
            if neg {
                return Err(ovf(vm, "can't convert negative value to unsigned int"));
            }
            let Some(x) = b.to_u64() else {
                return Err(ovf(
                    vm,
                    "Python int too large to convert to C unsigned long",
                ));
            };
            if tc == b'I' && x > u32::MAX as u64 {
                return Err(ovf(vm, "unsigned int is greater than maximum"));
            }
            Ok(x as i128)
        }
        _ => {
            if neg {
                return Err(ovf(vm, "can't convert negative int to unsigned"));
            }
            b.to_u64()
                .map(|x| x as i128)
                .ok_or_else(|| ovf(vm, "int too big to convert"))
        }
    }
}

/// Converts a Python value to an element of typecode `tc` (checked).
pub fn from_value(vm: &mut Vm, tc: u8, v: Value) -> PyResult<El> {
    match tc {
        b'f' | b'd' => {
            if let Some(f) = vm.float_of(v) {
                return Ok(El::F(f));
            }
            if let Some(iv) = vm.int_val(v) {
                let iv = crate::objects::number::own(iv);
                return Ok(El::F(vm.int_to_float(iv.as_ref())?));
            }
            if let Some(r) = vm.call_special0(v, n::FLOAT)? {
                if let Some(f) = vm.float_of(r) {
                    return Ok(El::F(f));
                }
                let tn = vm.type_name(r);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "__float__ returned non-float (type {tn})"
                ));
            }
            let ty = vm.type_of(v);
            if vm.lookup_special(ty, n::INDEX).is_some() {
                let i = vm.index_value(v)?;
                let iv = vm.int_val(i).map(|x| x.to_big()).unwrap_or_default();
                return match iv.to_f64().filter(|f| f.is_finite()) {
                    Some(f) => Ok(El::F(f)),
                    None => Err(vm.overflow_error("int too large to convert to float")),
                };
            }
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "must be real number, not {tn}"
            ))
        }
        b'u' => {
            if let Some(s) = vm.as_str_obj(v)
                && vm.str_len(s) == 1
            {
                let c = vm.str_char_at(s, 0)?;
                return Ok(El::U(c));
            }
            Err(vm.type_error("array item must be unicode character"))
        }
        _ => {
            let i = vm.index_value(v)?;
            let b = vm.int_val(i).map(|x| x.to_big()).unwrap_or_default();
            Ok(El::I(check_int(vm, tc, &b)?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_every_typecode() {
        for tc in TYPECODES.bytes() {
            let e = match tc {
                b'f' => El::F(1.5),
                b'd' => El::F(-2.25),
                b'u' => El::U(0x20ac),
                b'b' | b'h' | b'i' | b'l' | b'q' => El::I(-5),
                _ => El::I(200),
            };
            let mut buf = [0u8; 8];
            encode(tc, e, &mut buf);
            assert_eq!(decode(tc, &buf), e, "{}", tc as char);
        }
    }
}
