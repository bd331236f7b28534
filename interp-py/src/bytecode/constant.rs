//! Constants of code objects, independent of any object heap: the runtime converts each
//! [`Constant`] into a heap object when it loads a code object.
//!
//! Invariants:
//! * `Int` holds every integer that fits in `i64`; `BigInt` only values that do not.
//! * `Str` is a [`PyStr`]: UTF-8 extended with lone surrogates (each encoded as its own 3-byte
//!   sequence, Python's `surrogatepass`), because Python strings may contain them.
//! * Equality and hashing ([`Constant::key_eq`]) follow CPython's constant-table key: the type
//!   matters (`1`, `1.0` and `True` differ), floats compare bitwise (`0.0` vs `-0.0`, NaNs),
//!   code objects by identity.

use std::fmt::Write as _;
use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use super::code::CodeObject;

/// A Python `str` value stored as UTF-8 with lone surrogates allowed (see the module header).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyStr(Arc<[u8]>);

impl PyStr {
    /// A string without surrogates.
    pub fn new(s: &str) -> PyStr {
        PyStr(Arc::from(s.as_bytes()))
    }

    /// Builds a string from code points (any value up to 0x10FFFF, surrogates included).
    pub fn from_code_points(cps: impl IntoIterator<Item = u32>) -> PyStr {
        let mut out = Vec::new();
        for cp in cps {
            push_code_point(&mut out, cp);
        }
        PyStr(Arc::from(out))
    }

    /// Wraps bytes already in the surrogatepass encoding (as produced by [`push_code_point`]).
    pub fn from_encoded(bytes: Vec<u8>) -> PyStr {
        PyStr(Arc::from(bytes))
    }

    /// The text, if it contains no lone surrogates.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The raw encoded bytes (UTF-8 with `surrogatepass`).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text with any surrogate replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        self.code_points()
            .map(|cp| char::from_u32(cp).unwrap_or('\u{FFFD}'))
            .collect()
    }

    /// The code points.
    pub fn code_points(&self) -> impl Iterator<Item = u32> + '_ {
        let bytes = &self.0;
        let mut i = 0;
        std::iter::from_fn(move || {
            if i >= bytes.len() {
                return None;
            }
            let b = bytes[i];
            let (len, init) = match b {
                0x00..=0x7F => (1, b as u32),
                0xC0..=0xDF => (2, (b & 0x1F) as u32),
                0xE0..=0xEF => (3, (b & 0x0F) as u32),
                _ => (4, (b & 0x07) as u32),
            };
            let mut cp = init;
            for k in 1..len {
                cp = (cp << 6) | (bytes.get(i + k).copied().unwrap_or(0x80) & 0x3F) as u32;
            }
            i += len;
            Some(cp)
        })
    }

    /// Number of code points (Python's `len`).
    pub fn char_len(&self) -> usize {
        self.code_points().count()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Concatenation.
    pub fn concat(&self, other: &PyStr) -> PyStr {
        let mut v = self.0.to_vec();
        v.extend_from_slice(&other.0);
        PyStr(Arc::from(v))
    }

    /// Python's `repr()`.
    pub fn repr(&self) -> String {
        let has_single = self.0.contains(&b'\'');
        let has_double = self.0.contains(&b'"');
        let quote = if has_single && !has_double { '"' } else { '\'' };
        let mut out = String::new();
        out.push(quote);
        for cp in self.code_points() {
            match cp {
                0x5C => out.push_str("\\\\"),
                0x09 => out.push_str("\\t"),
                0x0A => out.push_str("\\n"),
                0x0D => out.push_str("\\r"),
                c if c == quote as u32 => {
                    out.push('\\');
                    out.push(quote);
                }
                c if c < 0x20 || c == 0x7F => {
                    let _ = write!(out, "\\x{c:02x}");
                }
                c if c < 0x7F => out.push(c as u8 as char),
                c => match char::from_u32(c) {
                    Some(ch) if is_printable(ch) => out.push(ch),
                    _ if c <= 0xFF => {
                        let _ = write!(out, "\\x{c:02x}");
                    }
                    _ if c <= 0xFFFF => {
                        let _ = write!(out, "\\u{c:04x}");
                    }
                    _ => {
                        let _ = write!(out, "\\U{c:08x}");
                    }
                },
            }
        }
        out.push(quote);
        out
    }
}

impl std::fmt::Debug for PyStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.repr())
    }
}

impl From<&str> for PyStr {
    fn from(s: &str) -> PyStr {
        PyStr::new(s)
    }
}

/// Appends the surrogatepass-UTF-8 encoding of a code point.
pub fn push_code_point(out: &mut Vec<u8>, cp: u32) {
    match cp {
        0..=0x7F => out.push(cp as u8),
        0x80..=0x7FF => {
            out.push(0xC0 | (cp >> 6) as u8);
            out.push(0x80 | (cp & 0x3F) as u8);
        }
        0x800..=0xFFFF => {
            out.push(0xE0 | (cp >> 12) as u8);
            out.push(0x80 | ((cp >> 6) & 0x3F) as u8);
            out.push(0x80 | (cp & 0x3F) as u8);
        }
        _ => {
            out.push(0xF0 | (cp >> 18) as u8);
            out.push(0x80 | ((cp >> 12) & 0x3F) as u8);
            out.push(0x80 | ((cp >> 6) & 0x3F) as u8);
            out.push(0x80 | (cp & 0x3F) as u8);
        }
    }
}

/// An approximation of Python's `str.isprintable` for non-ASCII characters: everything except
/// controls, format characters, separators other than space, private use and unassigned
/// surrogate ranges.
pub fn is_printable(c: char) -> bool {
    let cp = c as u32;
    // Noncharacters (U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF) are unassigned (Cn).
    let noncharacter = (0xFDD0..=0xFDEF).contains(&cp) || cp & 0xFFFE == 0xFFFE;
    !(noncharacter
        || c.is_control()
        || matches!(
            cp,
            0xA0 | 0xAD
                | 0x0600..=0x0605
                | 0x061C
                | 0x06DD
                | 0x070F
                | 0x1680
                | 0x180E
                | 0x2000..=0x200F
                | 0x2028..=0x202F
                | 0x205F..=0x2064
                | 0x2066..=0x206F
                | 0x3000
                | 0xD800..=0xDFFF
                | 0xE000..=0xF8FF
                | 0xFEFF
                | 0xFFF9..=0xFFFB
                | 0xF0000..=0x10FFFF
        ))
}

/// A constant of a code object.
#[derive(Clone)]
pub enum Constant {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// An integer that does not fit in `i64`.
    BigInt(Arc<BigInt>),
    /// A float.
    Float(f64),
    /// A complex number.
    Complex {
        /// Real part.
        re: f64,
        /// Imaginary part.
        im: f64,
    },
    /// A `str`.
    Str(PyStr),
    /// A `bytes`.
    Bytes(Arc<[u8]>),
    /// A tuple of constants.
    Tuple(Arc<[Constant]>),
    /// A frozenset of constants (distinct elements, in source order).
    FrozenSet(Arc<[Constant]>),
    /// `...`.
    Ellipsis,
    /// A nested code object.
    Code(Arc<CodeObject>),
}

impl Constant {
    /// An integer constant from a big integer (normalised to `Int` when it fits).
    pub fn from_bigint(v: BigInt) -> Constant {
        match v.to_i64() {
            Some(i) => Constant::Int(i),
            None => Constant::BigInt(Arc::new(v)),
        }
    }

    /// A `str` constant.
    pub fn str(s: &str) -> Constant {
        Constant::Str(PyStr::new(s))
    }

    /// The integer value as a big integer, for `Int`/`BigInt`/`Bool`.
    pub fn to_bigint(&self) -> Option<BigInt> {
        match self {
            Constant::Int(i) => Some(BigInt::from(*i)),
            Constant::BigInt(b) => Some((**b).clone()),
            Constant::Bool(b) => Some(BigInt::from(*b as i64)),
            _ => None,
        }
    }

    /// CPython's constant-key equality (see the module header).
    pub fn key_eq(&self, other: &Constant) -> bool {
        use Constant::*;
        match (self, other) {
            (None, None) | (Ellipsis, Ellipsis) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (BigInt(a), BigInt(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            (Complex { re: a, im: b }, Complex { re: c, im: d }) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (Str(a), Str(b)) => a == b,
            (Bytes(a), Bytes(b)) => a == b,
            (Tuple(a), Tuple(b)) | (FrozenSet(a), FrozenSet(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.key_eq(y))
            }
            (Code(a), Code(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// Python truthiness of the constant.
    pub fn is_truthy(&self) -> bool {
        match self {
            Constant::None => false,
            Constant::Bool(b) => *b,
            Constant::Int(i) => *i != 0,
            Constant::BigInt(_) => true,
            Constant::Float(f) => *f != 0.0,
            Constant::Complex { re, im } => *re != 0.0 || *im != 0.0,
            Constant::Str(s) => !s.is_empty(),
            Constant::Bytes(b) => !b.is_empty(),
            Constant::Tuple(t) | Constant::FrozenSet(t) => !t.is_empty(),
            Constant::Ellipsis | Constant::Code(_) => true,
        }
    }

    /// The Python type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Constant::None => "NoneType",
            Constant::Bool(_) => "bool",
            Constant::Int(_) | Constant::BigInt(_) => "int",
            Constant::Float(_) => "float",
            Constant::Complex { .. } => "complex",
            Constant::Str(_) => "str",
            Constant::Bytes(_) => "bytes",
            Constant::Tuple(_) => "tuple",
            Constant::FrozenSet(_) => "frozenset",
            Constant::Ellipsis => "ellipsis",
            Constant::Code(_) => "code",
        }
    }

    /// Python's `repr()` of the constant (code objects print as `<code object NAME, line N>`).
    pub fn repr(&self) -> String {
        match self {
            Constant::None => "None".into(),
            Constant::Bool(true) => "True".into(),
            Constant::Bool(false) => "False".into(),
            Constant::Int(i) => i.to_string(),
            Constant::BigInt(b) => b.to_string(),
            Constant::Float(f) => float_repr(*f),
            Constant::Complex { re, im } => complex_repr(*re, *im),
            Constant::Str(s) => s.repr(),
            Constant::Bytes(b) => bytes_repr(b),
            Constant::Tuple(items) => {
                let parts: Vec<String> = items.iter().map(Constant::repr).collect();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Constant::FrozenSet(items) => {
                if items.is_empty() {
                    "frozenset()".into()
                } else {
                    let parts: Vec<String> = items.iter().map(Constant::repr).collect();
                    format!("frozenset({{{}}})", parts.join(", "))
                }
            }
            Constant::Ellipsis => "Ellipsis".into(),
            Constant::Code(code) => {
                format!("<code object {}, line {}>", code.name, code.first_line)
            }
        }
    }
}

impl PartialEq for Constant {
    fn eq(&self, other: &Constant) -> bool {
        self.key_eq(other)
    }
}

impl std::fmt::Debug for Constant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.repr())
    }
}

/// Shortest round-trip digits of a finite, positive, non-zero float: `(digits, exponent)` with
/// value `0.d1d2... * 10^exponent` (`exponent` is CPython's `decpt`).
fn shortest_digits(f: f64) -> (String, i32) {
    let mut buf = ryu::Buffer::new();
    let s = buf.format_finite(f);
    // ryu prints e.g. "1.2345e-5", "123.0", "1e16", "0.001".
    let (mantissa, exp) = match s.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (s, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits = format!("{int_part}{frac_part}");
    let mut decpt = int_part.len() as i32 + exp;
    let leading = digits.len() - digits.trim_start_matches('0').len();
    digits.drain(..leading);
    decpt -= leading as i32;
    let trimmed = digits.trim_end_matches('0').len();
    digits.truncate(trimmed);
    if digits.is_empty() {
        digits.push('0');
        decpt = 1;
    }
    (digits, decpt)
}

/// Formats with CPython's `repr` rules (`format_float_short` with mode 0); `add_dot_0` appends
/// `.0` to integral values in fixed notation (float repr does, complex parts do not).
fn format_float(f: f64, add_dot_0: bool) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0{}", if add_dot_0 { ".0" } else { "" });
    }
    let (digits, decpt) = shortest_digits(f.abs());
    let n = digits.len() as i32;
    if decpt <= -4 || decpt > 16 {
        let exp = decpt - 1;
        let mant = if n > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits.clone()
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mant}e{esign}{:02}", exp.abs())
    } else if decpt <= 0 {
        format!("{sign}0.{}{}", "0".repeat((-decpt) as usize), digits)
    } else if decpt >= n {
        let zeros = "0".repeat((decpt - n) as usize);
        format!("{sign}{digits}{zeros}{}", if add_dot_0 { ".0" } else { "" })
    } else {
        format!(
            "{sign}{}.{}",
            &digits[..decpt as usize],
            &digits[decpt as usize..]
        )
    }
}

/// Python's `repr(float)`.
pub fn float_repr(f: f64) -> String {
    format_float(f, true)
}

/// Python's `repr(complex)`.
pub fn complex_repr(re: f64, im: f64) -> String {
    let imag = format_float(im, false);
    if re == 0.0 && !re.is_sign_negative() {
        format!("{imag}j")
    } else {
        let real = format_float(re, false);
        let sign = if imag.starts_with('-') { "" } else { "+" };
        format!("({real}{sign}{imag}j)")
    }
}

/// Python's `repr(bytes)`.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7E => out.push(c as char),
            _ => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_python() {
        for (f, s) in [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e300, "1.5e+300"),
            (123456789.125, "123456789.125"),
            (f64::INFINITY, "inf"),
            (2.5e-10, "2.5e-10"),
        ] {
            assert_eq!(float_repr(f), s);
        }
        assert_eq!(complex_repr(0.0, 2.0), "2j");
        assert_eq!(complex_repr(1.0, -2.5), "(1-2.5j)");
        assert_eq!(complex_repr(-0.0, 1.0), "(-0+1j)");
    }

    #[test]
    fn str_repr_and_surrogates() {
        assert_eq!(PyStr::new("it's").repr(), "\"it's\"");
        assert_eq!(PyStr::new("a\nb\\").repr(), "'a\\nb\\\\'");
        let s = PyStr::from_code_points([0x61, 0xD800, 0x62]);
        assert_eq!(s.as_str(), None);
        assert_eq!(s.char_len(), 3);
        assert_eq!(s.repr(), "'a\\ud800b'");
        assert_eq!(
            s.code_points().collect::<Vec<_>>(),
            vec![0x61, 0xD800, 0x62]
        );
        assert_eq!(bytes_repr(b"a'\x00"), "b\"a'\\x00\"");
    }

    #[test]
    fn key_equality_distinguishes_types_and_zero_signs() {
        assert!(!Constant::Int(1).key_eq(&Constant::Float(1.0)));
        assert!(!Constant::Int(1).key_eq(&Constant::Bool(true)));
        assert!(!Constant::Float(0.0).key_eq(&Constant::Float(-0.0)));
        assert!(Constant::Float(f64::NAN).key_eq(&Constant::Float(f64::NAN)));
    }
}
