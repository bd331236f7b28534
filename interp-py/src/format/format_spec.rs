//! The format-spec mini-language (`format(x, spec)`, f-strings, `str.format`) for `str`,
//! `int`, `float` and `complex`, with CPython's defaults, rounding and error messages.

use num_bigint::BigInt;
use num_traits::Signed;

/// A parsed format spec.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spec {
    /// Fill character.
    pub fill: Option<char>,
    /// `<`, `>`, `=`, `^`.
    pub align: Option<char>,
    /// `+`, `-`, ` `.
    pub sign: Option<char>,
    /// `z`.
    pub coerce_zero: bool,
    /// `#`.
    pub alternate: bool,
    /// `0` flag.
    pub zero: bool,
    /// Minimum width.
    pub width: Option<usize>,
    /// `,` or `_`.
    pub grouping: Option<char>,
    /// Precision.
    pub precision: Option<usize>,
    /// Presentation type.
    pub ty: Option<char>,
}

/// Parses a spec; `Err` holds the ValueError message.
pub fn parse(spec: &str) -> Result<Spec, String> {
    let c: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut s = Spec::default();
    let is_align = |ch: char| matches!(ch, '<' | '>' | '=' | '^');
    if c.len() >= 2 && is_align(c[1]) {
        s.fill = Some(c[0]);
        s.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        s.align = Some(c[0]);
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        s.sign = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == 'z' {
        s.coerce_zero = true;
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        s.alternate = true;
        i += 1;
    }
    if i < c.len() && c[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let start = i;
    while i < c.len() && c[i].is_ascii_digit() {
        i += 1;
    }
    if i > start {
        let w: String = c[start..i].iter().collect();
        s.width = Some(
            w.parse()
                .map_err(|_| "Too many decimal digits in format string".to_string())?,
        );
    }
    if i < c.len() && (c[i] == ',' || c[i] == '_') {
        s.grouping = Some(c[i]);
        i += 1;
        if i < c.len() && (c[i] == ',' || c[i] == '_') {
            return Err("Cannot specify both ',' and '_'.".into());
        }
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        let st = i;
        while i < c.len() && c[i].is_ascii_digit() {
            i += 1;
        }
        if i == st {
            return Err("Format specifier missing precision".into());
        }
        let p: String = c[st..i].iter().collect();
        s.precision = Some(
            p.parse()
                .map_err(|_| "Too many decimal digits in format string".to_string())?,
        );
    }
    if i < c.len() {
        s.ty = Some(c[i]);
        i += 1;
    }
    if i < c.len() {
        return Err("Invalid format specifier".into());
    }
    Ok(s)
}

/// Pads `body` (sign/prefix separate for `=` alignment) to the spec's width.
fn pad(s: &Spec, sign_prefix: &str, body: &str, default_align: char) -> String {
    let mut align = s.align.unwrap_or(default_align);
    let mut fill = s.fill.unwrap_or(' ');
    if s.zero && s.align.is_none() {
        fill = s.fill.unwrap_or('0');
        align = '=';
    }
    let len = sign_prefix.chars().count() + body.chars().count();
    let width = s.width.unwrap_or(0);
    if len >= width {
        return format!("{sign_prefix}{body}");
    }
    let padn = width - len;
    let f = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    match align {
        '<' => format!("{sign_prefix}{body}{}", f(padn)),
        '^' => format!("{}{sign_prefix}{body}{}", f(padn / 2), f(padn - padn / 2)),
        '=' => format!("{sign_prefix}{}{body}", f(padn)),
        _ => format!("{}{sign_prefix}{body}", f(padn)),
    }
}

/// Inserts grouping separators into a digit string every `every` digits from the right.
fn group(digits: &str, sep: char, every: usize) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / every);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(every) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Zero-padding with grouping: CPython pads the digits so the separators continue into the
/// padding (e.g. `format(1234, '010,')` = `'00,001,234'`).
fn zero_pad_grouped(digits: &str, sep: char, every: usize, min_len: usize) -> String {
    let mut d = digits.to_string();
    loop {
        let g = group(&d, sep, every);
        if g.chars().count() >= min_len {
            return g;
        }
        d.insert(0, '0');
    }
}

fn sign_str(neg: bool, s: &Spec) -> &'static str {
    if neg {
        "-"
    } else {
        match s.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    }
}

/// Formats a str.
pub fn format_str(text: &str, s: &Spec) -> Result<String, String> {
    match s.ty {
        None | Some('s') => {}
        Some(t) => {
            return Err(format!(
                "Unknown format code '{t}' for object of type 'str'"
            ));
        }
    }
    if s.sign.is_some() {
        return Err("Sign not allowed in string format specifier".into());
    }
    if s.alternate {
        return Err("Alternate form (#) not allowed in string format specifier".into());
    }
    if s.align == Some('=') {
        return Err("'=' alignment not allowed in string format specifier".into());
    }
    if let Some(g) = s.grouping {
        return Err(format!("Cannot specify '{g}' with 's'."));
    }
    let body: String = match s.precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_string(),
    };
    let mut s2 = s.clone();
    if s.zero && s.align.is_none() {
        s2.zero = false;
        s2.fill = Some(s.fill.unwrap_or('0'));
        s2.align = Some('<');
    }
    Ok(pad(&s2, "", &body, '<'))
}

/// Formats an int (`ty` None/b/c/d/o/x/X/n; float types are delegated by the caller).
pub fn format_int(v: &BigInt, s: &Spec) -> Result<String, String> {
    let ty = s.ty.unwrap_or('d');
    if s.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".into());
    }
    if ty == 'c' {
        if s.grouping == Some(',') {
            return Err("Cannot specify ',' with 'c'.".into());
        }
        if s.sign.is_some() {
            return Err("Sign not allowed with integer format specifier 'c'".into());
        }
        if s.alternate {
            return Err("Alternate form (#) not allowed with integer format specifier 'c'".into());
        }
        let cp = num_traits::ToPrimitive::to_u32(v)
            .filter(|&c| c <= 0x10ffff)
            .ok_or("%c arg not in range(0x110000)")?;
        let ch = char::from_u32(cp).unwrap_or('\u{FFFD}').to_string();
        return Ok(pad(s, "", &ch, '<'));
    }
    let neg = v.is_negative();
    let mag = v.abs();
    let (radix, prefix) = match ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        'd' | 'n' => (10, ""),
        t => {
            return Err(format!(
                "Unknown format code '{t}' for object of type 'int'"
            ));
        }
    };
    if s.grouping == Some(',') && radix != 10 {
        return Err(format!("Cannot specify ',' with '{ty}'."));
    }
    let mut digits = mag.to_str_radix(radix);
    if ty == 'X' {
        digits = digits.to_uppercase();
    }
    let sp = format!(
        "{}{}",
        sign_str(neg, s),
        if s.alternate { prefix } else { "" }
    );
    let every = if radix == 10 { 3 } else { 4 };
    let body = match s.grouping {
        Some(g) => {
            if s.zero && s.align.is_none() {
                let min = s.width.unwrap_or(0).saturating_sub(sp.len());
                zero_pad_grouped(&digits, g, every, min)
            } else {
                group(&digits, g, every)
            }
        }
        None => digits,
    };
    Ok(pad(s, &sp, &body, '>'))
}

/// Formats `x` with `prec` digits after the point (`f`).
fn fixed(x: f64, prec: usize) -> String {
    format!("{:.*}", prec, x)
}

/// Formats in exponent notation with CPython's exponent layout (`e+05`).
fn expo(x: f64, prec: usize, upper: bool) -> String {
    let s = format!("{:.*e}", prec, x);
    let (m, e) = s.split_once('e').expect("exponent");
    let e: i32 = e.parse().expect("exponent");
    let r = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper { r.to_uppercase() } else { r }
}

/// The `g` presentation: returns the text (without sign).
fn general(x: f64, prec: usize, alternate: bool, upper: bool) -> String {
    general_ex(x, prec, alternate, upper, false)
}

/// `general` with CPython's `Py_DTSF_ADD_DOT_0` rule (format type omitted but a precision
/// given): the exponent form starts one digit earlier, since ".0" will be appended.
fn general_ex(x: f64, prec: usize, alternate: bool, upper: bool, add_dot_0: bool) -> String {
    let p = if prec == 0 { 1 } else { prec };
    let limit = if add_dot_0 { p as i32 - 1 } else { p as i32 };
    if x == 0.0 && add_dot_0 && limit <= 0 {
        return if upper { "0E+00" } else { "0e+00" }.to_string();
    }
    if x == 0.0 {
        let mut s = if alternate {
            format!("{:.*}", p - 1, 0.0)
        } else {
            "0".to_string()
        };
        if alternate && p == 1 {
            s.push('.');
        }
        return s;
    }
    // Exponent after rounding to p significant digits.
    let e_repr = format!("{:.*e}", p - 1, x);
    let exp: i32 = e_repr
        .split_once('e')
        .map(|(_, e)| e.parse().unwrap_or(0))
        .unwrap_or(0);
    let mut s = if -4 <= exp && exp < limit {
        fixed(x, (p as i32 - 1 - exp).max(0) as usize)
    } else {
        expo(x, p - 1, upper)
    };
    if !alternate {
        // Strip trailing zeros of the fraction (before any exponent).
        let (mant, exp_part) = match s.find(['e', 'E']) {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        let mant = if mant.contains('.') {
            mant.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            mant
        };
        s = format!("{mant}{exp_part}");
    } else if !s.contains('.') {
        match s.find(['e', 'E']) {
            Some(i) => s.insert(i, '.'),
            None => s.push('.'),
        }
    }
    s
}

/// Formats a float.
pub fn format_float(x: f64, s: &Spec) -> Result<String, String> {
    let ty = s.ty;
    if let Some(t) = ty
        && !matches!(t, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%')
    {
        return Err(format!(
            "Unknown format code '{t}' for object of type 'float'"
        ));
    }
    let mut x = x;
    if s.coerce_zero && x == 0.0 {
        x = 0.0;
    }
    let neg = x.is_sign_negative() && !x.is_nan();
    let a = x.abs();
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let body = if a.is_nan() || a.is_infinite() {
        let t = if a.is_nan() { "nan" } else { "inf" };
        let t = if upper {
            t.to_uppercase()
        } else {
            t.to_string()
        };
        if ty == Some('%') { format!("{t}%") } else { t }
    } else {
        match ty {
            None => match s.precision {
                None => crate::format::float_repr::repr_f64(a),
                Some(p) => {
                    let mut g = general_ex(a, p, s.alternate, false, true);
                    if !g.contains(['.', 'e']) {
                        g.push_str(".0");
                    }
                    g
                }
            },
            Some('f' | 'F') => {
                let mut r = fixed(a, s.precision.unwrap_or(6));
                if s.alternate && !r.contains('.') {
                    r.push('.');
                }
                r
            }
            Some('e' | 'E') => {
                let mut r = expo(a, s.precision.unwrap_or(6), upper);
                if s.alternate && !r.contains('.') {
                    let i = r.find(['e', 'E']).expect("exp");
                    r.insert(i, '.');
                }
                r
            }
            Some('g' | 'G' | 'n') => {
                let r = general(a, s.precision.unwrap_or(6), s.alternate, upper);
                if upper { r.to_uppercase() } else { r }
            }
            Some('%') => format!("{}%", fixed(a * 100.0, s.precision.unwrap_or(6))),
            _ => unreachable!("checked above"),
        }
    };
    let body = match s.grouping {
        Some(g) if a.is_finite() => {
            let (int_part, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
                Some(i) => (&body[..i], &body[i..]),
                None => (&body[..], ""),
            };
            let sp_len = sign_str(neg, s).len();
            let grouped = if s.zero && s.align.is_none() {
                let min = s
                    .width
                    .unwrap_or(0)
                    .saturating_sub(sp_len + rest.chars().count());
                zero_pad_grouped(int_part, g, 3, min)
            } else {
                group(int_part, g, 3)
            };
            format!("{grouped}{rest}")
        }
        _ => body,
    };
    Ok(pad(s, sign_str(neg, s), &body, '>'))
}

/// Formats a complex.
pub fn format_complex(re: f64, im: f64, s: &Spec) -> Result<String, String> {
    if let Some(t) = s.ty
        && !matches!(t, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n')
    {
        return Err(format!(
            "Unknown format code '{t}' for object of type 'complex'"
        ));
    }
    if s.zero {
        return Err("Zero padding is not allowed in complex format specifier".into());
    }
    if s.align == Some('=') {
        return Err("'=' alignment flag is not allowed in complex format specifier".into());
    }
    if s.ty.is_none() && s.precision.is_none() {
        let text = crate::objects::float_methods::complex_repr_text(re, im);
        let inner = Spec {
            width: None,
            fill: None,
            align: None,
            ..s.clone()
        };
        let _ = inner;
        return Ok(pad(s, "", &text, '>'));
    }
    let part = Spec {
        fill: None,
        align: None,
        width: None,
        zero: false,
        ..s.clone()
    };
    let r = format_float(re, &part)?;
    let mut ip = part.clone();
    ip.sign = Some('+');
    let i = format_float(im, &ip)?;
    let text = if s.ty.is_none() && re == 0.0 {
        format!("{}j", format_float(im, &part)?)
    } else {
        format!("{r}{i}j")
    };
    let text = if s.ty.is_none() {
        format!("({text})")
    } else {
        text
    };
    Ok(pad(s, "", &text, '>'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64, spec: &str) -> String {
        format_float(x, &parse(spec).unwrap()).unwrap()
    }
    fn i(x: i64, spec: &str) -> String {
        format_int(&BigInt::from(x), &parse(spec).unwrap()).unwrap()
    }

    #[test]
    fn floats_match_cpython() {
        assert_eq!(f(3.14659, ".2f"), "3.15");
        assert_eq!(f(1234567.891, ",.2f"), "1,234,567.89");
        assert_eq!(f(0.000012345, "g"), "1.2345e-05");
        assert_eq!(f(123456789.0, "g"), "1.23457e+08");
        assert_eq!(f(1.5, "e"), "1.500000e+00");
        assert_eq!(f(0.25, "%"), "25.000000%");
        assert_eq!(f(1.0, ".3"), "1.0");
        assert_eq!(f(-2.5, "+010.2f"), "-000002.50");
        assert_eq!(f(100.0, ".1g"), "1e+02");
        assert_eq!(f(2.5, ""), "2.5");
    }

    #[test]
    fn ints_match_cpython() {
        assert_eq!(i(255, "x"), "ff");
        assert_eq!(i(255, "#06x"), "0x00ff");
        assert_eq!(i(1234567, ","), "1,234,567");
        assert_eq!(i(-42, "+d"), "-42");
        assert_eq!(i(42, "^7"), "  42   ");
        assert_eq!(i(5, "08b"), "00000101");
        assert_eq!(i(1234, "010,"), "00,001,234");
    }
}
