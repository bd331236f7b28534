//! Float to text and back, exactly like CPython: `repr()` (shortest round-trip digits, the
//! `1e+16` / `1e-05` switch at exponents 16 and -4, `.0` for integral values, `inf`,
//! `nan`, `-0.0`), `round(x, n)` (correctly rounded through the decimal representation),
//! `float()` parsing (underscores, `inf`/`nan` spellings, whitespace), `float.hex` and
//! `float.fromhex`.

/// Shortest round-trip decimal digits and exponent of a finite, non-zero `f`: returns
/// `(digits, decpt)` with `f = 0.d1d2... * 10**decpt` (sign ignored).
pub fn shortest_digits(f: f64) -> (String, i32) {
    // `{:e}` prints the shortest digits that round-trip: "d.ddde±x".
    let s = format!("{:e}", f.abs());
    let (mant, exp) = s.split_once('e').expect("exponent format");
    let exp: i32 = exp.parse().expect("exponent");
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let digits = digits.trim_end_matches('0').to_string();
    let digits = if digits.is_empty() {
        "0".to_string()
    } else {
        digits
    };
    (digits, exp + 1)
}

/// `repr(f)` / `str(f)`.
pub fn repr_f64(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let (digits, decpt) = shortest_digits(f);
    let mut out = String::new();
    if f < 0.0 {
        out.push('-');
    }
    let nd = digits.len() as i32;
    if !(-4 < decpt && decpt <= 16) {
        // Exponent notation: d[.ddd]e±XX
        out.push_str(&digits[..1]);
        if nd > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = decpt - 1;
        out.push('e');
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", e.abs()));
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..(-decpt) {
            out.push('0');
        }
        out.push_str(&digits);
    } else if decpt >= nd {
        out.push_str(&digits);
        for _ in 0..(decpt - nd) {
            out.push('0');
        }
        out.push_str(".0");
    } else {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    }
    out
}

/// The repr used inside `complex.__repr__` (no `.0` for integral values).
pub fn repr_f64_short(f: f64) -> String {
    let r = repr_f64(f);
    match r.strip_suffix(".0") {
        Some(s) => s.to_string(),
        None => r,
    }
}

/// `round(f, ndigits)` with correct rounding (half to even on the exact decimal value).
pub fn round_to_digits(f: f64, nd: i64) -> f64 {
    if !f.is_finite() || f == 0.0 {
        return f;
    }
    if nd > 323 {
        return f;
    }
    if nd < -308 {
        return 0.0f64.copysign(f);
    }
    if nd >= 0 {
        // Format with `nd` decimals (Rust rounds the exact binary value half-to-even), then
        // parse back.
        let s = format!("{:.*}", nd as usize, f);
        return s.parse::<f64>().unwrap_or(f);
    }
    // Exact: f = m * 2^e; round(f / 10^k) half-to-even, times 10^k (like dtoa mode 3).
    use num_bigint::BigInt;
    use num_traits::{ToPrimitive, Zero};
    let (m, e) = {
        let bits = f.abs().to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i64;
        let frac = bits & ((1u64 << 52) - 1);
        if exp == 0 {
            (frac, -1074)
        } else {
            (frac | (1u64 << 52), exp - 1075)
        }
    };
    let k = (-nd) as u32;
    let ten_k = BigInt::from(10u32).pow(k);
    let mut num = BigInt::from(m);
    let mut den = ten_k.clone();
    if e >= 0 {
        num <<= e as usize;
    } else {
        den <<= (-e) as usize;
    }
    let q = &num / &den;
    let r = &num - &q * &den;
    let twice = &r * 2u32;
    let q = if twice > den || (twice == den && (&q % 2u32) != BigInt::zero()) {
        q + 1u32
    } else {
        q
    };
    let z = (q * ten_k).to_f64().unwrap_or(f64::INFINITY);
    let z = if f.is_sign_negative() { -z } else { z };
    if z.is_infinite() { f } else { z }
}

/// Parses Python float syntax; `None` if invalid.
pub fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    if t.is_empty() {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    let (sign, body) = match lower.as_bytes()[0] {
        b'-' => (-1.0, &lower[1..]),
        b'+' => (1.0, &lower[1..]),
        _ => (1.0, &lower[..]),
    };
    match body {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(f64::NAN.copysign(sign)),
        _ => {}
    }
    // Underscores only between digits.
    let b = body.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'_'
            && (i == 0
                || i + 1 >= b.len()
                || !b[i - 1].is_ascii_digit()
                || !b[i + 1].is_ascii_digit())
        {
            return None;
        }
        if !(c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'+' | b'-' | b'_')) {
            return None;
        }
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    if clean.starts_with('+') || clean.starts_with('-') || clean == "." {
        return None;
    }
    clean.parse::<f64>().ok().map(|v| sign * v)
}

/// Parses `complex()` string syntax: `1+2j`, `(1-2j)`, `3j`, `4`.
pub fn parse_complex(text: &str) -> Option<(f64, f64)> {
    let mut t = text.trim();
    if t.starts_with('(') && t.ends_with(')') {
        t = t[1..t.len() - 1].trim();
    }
    if t.is_empty() {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    if let Some(body) = lower.strip_suffix('j') {
        // Find the split between real and imaginary parts: the last +/- not after 'e'.
        let bytes = body.as_bytes();
        let mut split = None;
        for i in (1..bytes.len()).rev() {
            if (bytes[i] == b'+' || bytes[i] == b'-') && bytes[i - 1] != b'e' {
                split = Some(i);
                break;
            }
        }
        let (re, im) = match split {
            Some(i) => (&body[..i], &body[i..]),
            None => ("", body),
        };
        let im_v = match im {
            "" | "+" => 1.0,
            "-" => -1.0,
            s => parse_float(s)?,
        };
        let re_v = if re.is_empty() { 0.0 } else { parse_float(re)? };
        return Some((re_v, im_v));
    }
    Some((parse_float(&lower)?, 0.0))
}

/// `float.hex()`.
pub fn float_hex(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1u64 << 52) - 1);
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    let hex = format!("{mant:013x}");
    format!(
        "{sign}0x{lead}.{hex}p{}{}",
        if e >= 0 { "+" } else { "-" },
        e.abs()
    )
}

/// `float.fromhex()`: `Err(true)` on overflow, `Err(false)` on bad syntax.
pub fn float_fromhex(text: &str) -> Result<f64, bool> {
    let t = text.trim().to_ascii_lowercase();
    let (sign, body) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, &t[..]),
    };
    match body {
        "inf" | "infinity" => return Ok(sign * f64::INFINITY),
        "nan" => return Ok(f64::NAN),
        _ => {}
    }
    let body = body.strip_prefix("0x").unwrap_or(body);
    let (mant, exp) = match body.split_once('p') {
        Some((m, e)) => (m, e.parse::<i64>().map_err(|_| false)?),
        None => (body, 0),
    };
    let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
    if ip.is_empty() && fp.is_empty() {
        return Err(false);
    }
    let mut value = 0f64;
    let mut scale = exp;
    let mut digits: Vec<u32> = Vec::new();
    for c in ip.chars() {
        digits.push(c.to_digit(16).ok_or(false)?);
    }
    for c in fp.chars() {
        digits.push(c.to_digit(16).ok_or(false)?);
        scale -= 4;
    }
    // Exact accumulation for up to 15 hex digits, else approximate via big ints.
    let mut big = num_bigint::BigUint::default();
    for d in digits {
        big = big * 16u32 + d;
    }
    let (m, e2) = {
        use num_traits::ToPrimitive;
        let bits = big.bits() as i64;
        if bits > 60 {
            let shift = bits - 60;
            ((&big >> shift as u64).to_u64().unwrap_or(0), scale + shift)
        } else {
            (big.to_u64().unwrap_or(0), scale)
        }
    };
    if m != 0 {
        value = crate::objects::float::ldexp(m as f64, e2 as i32);
        if value.is_infinite() {
            return Err(true);
        }
    }
    Ok(sign * value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_match_cpython() {
        for (f, s) in [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-4, "0.0001"),
            (1e-5, "1e-05"),
            (-0.0, "-0.0"),
            (123.456, "123.456"),
            (1.5e300, "1.5e+300"),
            (2.0f64.powi(70), "1.1805916207174113e+21"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
            (0.30000000000000004, "0.30000000000000004"),
            (5e-324, "5e-324"),
        ] {
            assert_eq!(repr_f64(f), s);
        }
        assert_eq!(float_hex(1.0), "0x1.0000000000000p+0");
        assert_eq!(float_hex(3.25), "0x1.a000000000000p+1");
        assert_eq!(float_fromhex("0x1.8p1"), Ok(3.0));
        assert_eq!(round_to_digits(2.675, 2), 2.67);
        assert_eq!(parse_float(" 1_000.5 "), Some(1000.5));
        assert_eq!(parse_float("1__0"), None);
        assert_eq!(parse_complex("1+2j"), Some((1.0, 2.0)));
    }
}
