//! The format-string compiler and the byte-level packers of `_struct` (no VM here: values
//! are [`Item`]s, errors are [`PackError`]s that `struct_.rs` turns into Python exceptions).
//!
//! A format compiles to a [`Layout`]: one [`Code`] per format character with its repeat
//! count (`3i` is one code for three items; `5s`/`5p` one code for one item of size 5; `x`
//! only moves the offset), with the byte offset already aligned in native mode. Repeats are
//! not expanded, so `calcsize('99999999999i')` costs nothing. Native mode (`@`, the default) uses this
//! machine's sizes and alignment (x86-64/AArch64 LP64: `l`/`L`/`n`/`N`/`P` are 8 bytes);
//! the standard modes (`=`, `<`, `>`, `!`) use the standard sizes, no alignment, and reject
//! `n`, `N` and `P`. Range checks and messages follow CPython 3.11's `_struct.c`.

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

impl Item {
    /// The integer value of an `Int` or `Small` item.
    pub fn as_big(&self) -> Option<BigInt> {
        match self {
            Item::Small(i) => Some(BigInt::from(*i)),
            Item::Int(b) => Some(b.clone()),
            _ => None,
        }
    }
}

/// Byte order of a layout.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Order {
    /// `@`: native sizes and alignment, native order.
    Native,
    /// `=`, `<`: standard sizes, little-endian (this machine's order for `=`).
    Little,
    /// `>`, `!`: standard sizes, big-endian.
    Big,
}

/// One format character: `count` consecutive items of `size` bytes each.
#[derive(Clone, Copy, Debug)]
pub struct Code {
    /// The format character.
    pub ch: u8,
    /// Byte offset of the first item in the packed data.
    pub offset: usize,
    /// Size in bytes of one item (the repeat count for `s`/`p`).
    pub size: usize,
    /// Number of items (1 for `s`/`p`).
    pub count: usize,
}

impl Code {
    /// The code of item `k` of this run (`k < count`).
    pub fn item(&self, k: usize) -> Code {
        Code {
            offset: self.offset + k * self.size,
            count: 1,
            ..*self
        }
    }
}

/// A compiled format.
#[derive(Debug)]
pub struct Layout {
    /// The items, in order.
    pub codes: Vec<Code>,
    /// Total size in bytes.
    pub size: usize,
    /// Byte order.
    pub order: Order,
    /// Number of values packed/unpacked.
    pub nitems: usize,
}

/// A value to pack or an unpacked value.
#[derive(Clone, Debug)]
pub enum Item {
    /// An integer that fits an `i64` (the fast path).
    Small(i64),
    /// Any other integer.
    Int(BigInt),
    /// A float.
    Float(f64),
    /// A bool.
    Bool(bool),
    /// Bytes (`c`, `s`, `p`).
    Bytes(Vec<u8>),
}

/// Why packing or compiling failed (mapped to Python exceptions by the caller).
#[derive(Debug, PartialEq, Eq)]
pub enum PackError {
    /// `struct.error(msg)`.
    Struct(String),
    /// `OverflowError(msg)`.
    Overflow(String),
}

fn serr(s: impl Into<String>) -> PackError {
    PackError::Struct(s.into())
}

/// Native size and alignment of a format character (`None`: not a format character).
fn native_size(c: u8) -> Option<usize> {
    Some(match c {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' | b'q' | b'Q' | b'n' | b'N' | b'P' | b'd' => 8,
        _ => return None,
    })
}

/// Standard size of a format character (`None`: not allowed in standard mode).
fn std_size(c: u8) -> Option<usize> {
    Some(match c {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'l' | b'L' | b'f' => 4,
        b'q' | b'Q' | b'd' => 8,
        _ => return None,
    })
}

/// Compiles a format (the bytes of the `str`/`bytes` format argument).
pub fn compile(fmt: &[u8]) -> Result<Layout, PackError> {
    if fmt.contains(&0) {
        return Err(serr("embedded null character"));
    }
    let (order, rest) = match fmt.first() {
        Some(b'@') => (Order::Native, &fmt[1..]),
        Some(b'=') | Some(b'<') => (Order::Little, &fmt[1..]),
        Some(b'>') | Some(b'!') => (Order::Big, &fmt[1..]),
        _ => (Order::Native, fmt),
    };
    let too_long = || serr("total struct size too long");
    let mut codes = Vec::new();
    let mut size: usize = 0;
    let mut nitems: usize = 0;
    let mut i = 0;
    while i < rest.len() {
        let mut c = rest[i];
        i += 1;
        if c.is_ascii_whitespace() {
            continue;
        }
        let mut count: usize = 1;
        if c.is_ascii_digit() {
            let mut n: usize = (c - b'0') as usize;
            loop {
                let Some(&d) = rest.get(i) else {
                    return Err(serr("repeat count given without format specifier"));
                };
                if !d.is_ascii_digit() {
                    break;
                }
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add((d - b'0') as usize))
                    .filter(|&n| n <= isize::MAX as usize)
                    .ok_or_else(too_long)?;
                i += 1;
            }
            count = n;
            c = rest[i];
            i += 1;
        }
        let item_size = match order {
            Order::Native => native_size(c),
            _ => std_size(c),
        }
        .ok_or_else(|| serr("bad char in struct format"))?;
        if order == Order::Native && !matches!(c, b's' | b'p' | b'x') {
            size = size.checked_add(item_size - 1).ok_or_else(too_long)? / item_size * item_size;
        }
        match c {
            b's' | b'p' => {
                codes.push(Code {
                    ch: c,
                    offset: size,
                    size: count,
                    count: 1,
                });
                nitems += 1;
                size = size.checked_add(count).ok_or_else(too_long)?;
            }
            b'x' => {
                size = size.checked_add(count).ok_or_else(too_long)?;
            }
            _ => {
                let total = count.checked_mul(item_size).ok_or_else(too_long)?;
                let end = size.checked_add(total).ok_or_else(too_long)?;
                if end > isize::MAX as usize {
                    return Err(too_long());
                }
                if count > 0 {
                    codes.push(Code {
                        ch: c,
                        offset: size,
                        size: item_size,
                        count,
                    });
                }
                nitems += count;
                size = end;
            }
        }
        if size > isize::MAX as usize {
            return Err(too_long());
        }
    }
    Ok(Layout {
        codes,
        size,
        order,
        nitems,
    })
}

fn oor() -> PackError {
    serr("argument out of range")
}

/// The integer bits to store for `v` under code `c` of `size` bytes, with CPython's checks.
fn int_bits(c: u8, size: usize, v: &BigInt) -> Result<u64, PackError> {
    int_bits_of(c, size, v.to_i64(), v.to_u64())
}

/// [`int_bits`] on the value's `i64` and `u64` views (`None`: does not fit).
fn int_bits_of(
    c: u8,
    size: usize,
    as_i64: Option<i64>,
    as_u64: Option<u64>,
) -> Result<u64, PackError> {
    match c {
        b'b' | b'B' | b'h' | b'H' => {
            let x = as_i64.ok_or_else(oor)?;
            let (lo, hi, what) = match c {
                b'b' => (-128, 127, "byte format requires -128 <= number <= 127"),
                b'B' => (0, 255, "ubyte format requires 0 <= number <= 255"),
                b'h' => (
                    -32768,
                    32767,
                    "short format requires -32768 <= number <= 32767",
                ),
                _ => (0, 65535, "ushort format requires 0 <= number <= 65535"),
            };
            if x < lo || x > hi {
                return Err(serr(what));
            }
            Ok(x as u64)
        }
        b'i' | b'l' | b'q' | b'n' => {
            let x = as_i64.ok_or_else(oor)?;
            if size < 8 {
                let hi = (1i64 << (size * 8 - 1)) - 1;
                if x < -hi - 1 || x > hi {
                    return Err(serr(format!(
                        "'{}' format requires {} <= number <= {hi}",
                        c as char,
                        -hi - 1
                    )));
                }
            }
            Ok(x as u64)
        }
        b'I' | b'L' | b'Q' | b'N' => {
            let x = as_u64.ok_or_else(oor)?;
            if size < 8 {
                let hi = (1u64 << (size * 8)) - 1;
                if x > hi {
                    return Err(serr(format!(
                        "'{}' format requires 0 <= number <= {hi}",
                        c as char
                    )));
                }
            }
            Ok(x)
        }
        b'P' => match (as_i64, as_u64) {
            (_, Some(u)) => Ok(u),
            (Some(i), None) => Ok(i as u64),
            _ => Err(serr("int too large to convert")),
        },
        _ => Err(serr("bad char in struct format")),
    }
}

/// IEEE 754 binary16 bits of `x` with round-half-even (CPython's `PyFloat_Pack2`).
pub fn pack_half(x: f64) -> Result<u16, PackError> {
    let sign: u16 = u16::from(x.is_sign_negative());
    if x.is_nan() {
        return Ok((sign << 15) | 0x7e00);
    }
    if x.is_infinite() {
        return Ok((sign << 15) | 0x7c00);
    }
    let overflow = || PackError::Overflow("float too large to pack with e format".into());
    let ax = x.abs();
    if ax == 0.0 {
        return Ok(sign << 15);
    }
    let (mut f, mut e) = frexp(ax);
    // Normalize f to [1.0, 2.0).
    f *= 2.0;
    e -= 1;
    if e >= 16 {
        return Err(overflow());
    } else if e < -25 {
        f = 0.0;
        e = 0;
    } else if e < -14 {
        f = ldexp(f, 14 + e);
        e = 0;
    } else {
        e += 15;
        f -= 1.0;
    }
    f *= 1024.0;
    let mut bits = f as u16;
    let rest = f - bits as f64;
    if rest > 0.5 || (rest == 0.5 && bits % 2 == 1) {
        bits += 1;
        if bits == 1024 {
            bits = 0;
            e += 1;
            if e == 31 {
                return Err(overflow());
            }
        }
    }
    Ok(bits | ((e as u16) << 10) | (sign << 15))
}

/// The value of binary16 bits (CPython's `PyFloat_Unpack2`).
pub fn unpack_half(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = ((bits >> 10) & 0x1f) as i32;
    let f = (bits & 0x3ff) as f64;
    if e == 0x1f {
        return if f == 0.0 {
            sign * f64::INFINITY
        } else {
            sign * f64::NAN
        };
    }
    let x = if e == 0 {
        ldexp(f / 1024.0, -14)
    } else {
        ldexp(1.0 + f / 1024.0, e - 15)
    };
    sign * x
}

fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (f, e) = frexp(x * 2f64.powi(64));
        return (f, e - 64);
    }
    let f = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (f, exp - 1022)
}

fn ldexp(x: f64, e: i32) -> f64 {
    if e > 1000 {
        return x * 2f64.powi(1000) * 2f64.powi(e - 1000);
    }
    if e < -1000 {
        return x * 2f64.powi(-1000) * 2f64.powi(e + 1000);
    }
    x * 2f64.powi(e)
}

fn put(out: &mut [u8], order: Order, bits: u64, size: usize) {
    let le = bits.to_le_bytes();
    match order {
        Order::Native | Order::Little => out[..size].copy_from_slice(&le[..size]),
        Order::Big => {
            for k in 0..size {
                out[k] = le[size - 1 - k];
            }
        }
    }
}

fn get(data: &[u8], order: Order, size: usize) -> u64 {
    let mut le = [0u8; 8];
    match order {
        Order::Native | Order::Little => le[..size].copy_from_slice(&data[..size]),
        Order::Big => {
            for k in 0..size {
                le[k] = data[size - 1 - k];
            }
        }
    }
    u64::from_le_bytes(le)
}

impl Layout {
    /// Number of values `pack` takes and `unpack` returns.
    pub fn nitems(&self) -> usize {
        self.nitems
    }

    /// Every single-item code, in order.
    pub fn items(&self) -> impl Iterator<Item = Code> + '_ {
        self.codes
            .iter()
            .flat_map(|c| (0..c.count).map(move |k| c.item(k)))
    }

    /// Packs one item (a single-item code) at its offset in `out` (`self.size` bytes,
    /// zero-filled).
    pub fn pack_item(&self, code: &Code, item: &Item, out: &mut [u8]) -> Result<(), PackError> {
        if code.ch == b'p' && code.size == 0 {
            // CPython stores the length byte (clamped to size - 1 = -1, i.e. 0xff) even for
            // `0p`, over whatever follows; later items overwrite it.
            if let Some(b) = out.get_mut(code.offset) {
                *b = 0xff;
            }
            return Ok(());
        }
        let dst = &mut out[code.offset..code.offset + code.size];
        let order = self.order;
        match (code.ch, item) {
            (b'?', Item::Bool(b)) => dst[0] = u8::from(*b),
            (b'c', Item::Bytes(b)) => dst[0] = b[0],
            (b's', Item::Bytes(b)) => {
                let n = b.len().min(code.size);
                dst[..n].copy_from_slice(&b[..n]);
            }
            (b'p', Item::Bytes(b)) => {
                if code.size > 0 {
                    let n = b.len().min(code.size - 1);
                    dst[1..1 + n].copy_from_slice(&b[..n]);
                    dst[0] = n.min(255) as u8;
                }
            }
            (b'e', Item::Float(x)) => put(dst, order, pack_half(*x)? as u64, 2),
            (b'f', Item::Float(x)) => {
                let f = *x as f32;
                if order != Order::Native && f.is_infinite() && x.is_finite() {
                    return Err(PackError::Overflow(
                        "float too large to pack with f format".into(),
                    ));
                }
                put(dst, order, f.to_bits() as u64, 4)
            }
            (b'd', Item::Float(x)) => put(dst, order, x.to_bits(), 8),
            (c, Item::Int(v)) => put(dst, order, int_bits(c, code.size, v)?, code.size),
            (c, Item::Small(v)) => {
                let u = u64::try_from(*v).ok();
                put(dst, order, int_bits_of(c, code.size, Some(*v), u)?, code.size)
            }
            _ => return Err(serr("bad item for struct format")),
        }
        Ok(())
    }

    /// Unpacks one item from `data` (at least `self.size` bytes).
    pub fn unpack_item(&self, code: &Code, data: &[u8]) -> Item {
        let src = &data[code.offset..code.offset + code.size];
        let order = self.order;
        match code.ch {
            b'?' => Item::Bool(src[0] != 0),
            b'c' => Item::Bytes(vec![src[0]]),
            b's' => Item::Bytes(src.to_vec()),
            b'p' => {
                if code.size == 0 {
                    return Item::Bytes(Vec::new());
                }
                let n = (src[0] as usize).min(code.size - 1);
                Item::Bytes(src[1..1 + n].to_vec())
            }
            b'e' => Item::Float(unpack_half(get(src, order, 2) as u16)),
            b'f' => Item::Float(f32::from_bits(get(src, order, 4) as u32) as f64),
            b'd' => Item::Float(f64::from_bits(get(src, order, 8))),
            b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => {
                let bits = get(src, order, code.size);
                let shift = 64 - 8 * code.size as u32;
                Item::Small(((bits << shift) as i64) >> shift)
            }
            _ => {
                let u = get(src, order, code.size);
                match i64::try_from(u) {
                    Ok(i) => Item::Small(i),
                    Err(_) => Item::Int(BigInt::from_biguint(Sign::Plus, u.into())),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_sizes_and_alignment() {
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("bi", 8),
            ("qi", 12),
            ("@hq", 16),
            ("=hq", 10),
            ("iii0q", 16),
            ("5x", 5),
            ("0s", 0),
            ("?l", 16),
            ("<ih", 6),
            ("i  i", 8),
        ];
        for &(f, n) in cases {
            assert_eq!(compile(f.as_bytes()).unwrap().size, n, "{f}");
        }
    }

    #[test]
    fn format_errors() {
        assert_eq!(
            compile(b"3").unwrap_err(),
            serr("repeat count given without format specifier")
        );
        assert_eq!(
            compile(b"<n").unwrap_err(),
            serr("bad char in struct format")
        );
        assert_eq!(
            compile(b"z").unwrap_err(),
            serr("bad char in struct format")
        );
        assert_eq!(
            compile(b"999999999999999999999i").unwrap_err(),
            serr("total struct size too long")
        );
    }

    #[test]
    fn half_floats_round_trip() {
        for &(x, bits) in &[
            (1.0, 0x3c00u16),
            (0.1, 0x2e66),
            (65504.0, 0x7bff),
            (5.96e-8, 1),
        ] {
            assert_eq!(pack_half(x).unwrap(), bits, "{x}");
        }
        assert!(pack_half(65520.0).is_err());
        assert_eq!(unpack_half(0x3c00), 1.0);
        assert_eq!(unpack_half(0x7c00), f64::INFINITY);
    }

    #[test]
    fn int_ranges() {
        assert_eq!(int_bits(b'b', 1, &BigInt::from(-1)).unwrap(), u64::MAX);
        assert!(int_bits(b'B', 1, &BigInt::from(256)).is_err());
        assert_eq!(
            int_bits(b'i', 4, &BigInt::from(1i64 << 31)).unwrap_err(),
            serr("'i' format requires -2147483648 <= number <= 2147483647")
        );
        assert_eq!(int_bits(b'Q', 8, &BigInt::from(-1)).unwrap_err(), oor());
    }
}
