//! `binascii`: hex, base64, uuencode, quoted-printable, `crc32` and `crc_hqx`, with
//! CPython 3.11's argument handling (the `a2b_*` functions also take ASCII `str`), error
//! classes (`Error` derives from `ValueError`, `Incomplete` from `Exception`) and messages.
//!
//! The codecs are plain functions over byte slices (unit-tested below); the Python glue
//! only converts arguments and maps [`CodecError`]s to `binascii.Error`.

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::builtin_types::T;
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::{PyErr, PyResult};
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::buffer;
use super::native;

/// A `binascii.Error` message.
#[derive(Debug, PartialEq, Eq)]
pub struct CodecError(pub String);

fn cerr(s: impl Into<String>) -> CodecError {
    CodecError(s.into())
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Base64 encoding (CPython's `b2a_base64`).
pub fn b2a_base64(data: &[u8], newline: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for c in data.chunks(3) {
        let n = c.len();
        let w = (c[0] as u32) << 16
            | (c.get(1).copied().unwrap_or(0) as u32) << 8
            | c.get(2).copied().unwrap_or(0) as u32;
        out.push(B64[(w >> 18) as usize & 63]);
        out.push(B64[(w >> 12) as usize & 63]);
        out.push(if n > 1 {
            B64[(w >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if n > 2 { B64[w as usize & 63] } else { b'=' });
    }
    if newline {
        out.push(b'\n');
    }
    out
}

/// Base64 decoding (CPython's `a2b_base64`, including the strict-mode checks).
pub fn a2b_base64(data: &[u8], strict: bool) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 3);
    if strict && data.first() == Some(&b'=') {
        return Err(cerr("Leading padding not allowed"));
    }
    let mut quad_pos = 0;
    let mut left: u8 = 0;
    let mut pads = 0;
    let mut padding_started = false;
    for (i, &ch) in data.iter().enumerate() {
        if ch == b'=' {
            padding_started = true;
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    if strict && i + 1 < data.len() {
                        return Err(cerr("Excess data after padding"));
                    }
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = b64_value(ch) else {
            if strict {
                return Err(cerr("Only base64 data is allowed"));
            }
            continue;
        };
        if strict && padding_started {
            return Err(cerr("Discontinuous padding not allowed"));
        }
        pads = 0;
        match quad_pos {
            0 => {
                quad_pos = 1;
                left = v;
            }
            1 => {
                quad_pos = 2;
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push((left << 6) | v);
                left = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(out),
        1 => Err(cerr(format!(
            "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
            out.len() / 3 * 4 + 1
        ))),
        _ => Err(cerr("Incorrect padding")),
    }
}

/// Hex encoding with an optional separator every `per` bytes (negative: from the left).
pub fn hexlify(data: &[u8], sep: Option<u8>, per: i64) -> Vec<u8> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(data.len() * 3);
    let n = data.len();
    let group = per.unsigned_abs() as usize;
    for (i, &b) in data.iter().enumerate() {
        if let Some(s) = sep
            && group > 0
            && i > 0
        {
            let boundary = if per > 0 {
                (n - i).is_multiple_of(group)
            } else {
                i % group == 0
            };
            if boundary {
                out.push(s);
            }
        }
        out.push(HEX[(b >> 4) as usize]);
        out.push(HEX[(b & 15) as usize]);
    }
    out
}

/// Hex decoding.
pub fn unhexlify(data: &[u8]) -> Result<Vec<u8>, CodecError> {
    if !data.len().is_multiple_of(2) {
        return Err(cerr("Odd-length string"));
    }
    data.chunks(2)
        .map(|p| {
            let h = (p[0] as char).to_digit(16);
            let l = (p[1] as char).to_digit(16);
            match (h, l) {
                (Some(h), Some(l)) => Ok((h * 16 + l) as u8),
                _ => Err(cerr("Non-hexadecimal digit found")),
            }
        })
        .collect()
}

/// CRC-32 (zlib's polynomial) continuing from `crc`.
pub fn crc32(data: &[u8], crc: u32) -> u32 {
    let mut c = !crc;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xedb8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// CRC-CCITT (XMODEM, polynomial 0x1021) continuing from `crc`.
pub fn crc_hqx(data: &[u8], crc: u16) -> u16 {
    let mut c = crc;
    for &b in data {
        c ^= (b as u16) << 8;
        for _ in 0..8 {
            c = if c & 0x8000 != 0 {
                (c << 1) ^ 0x1021
            } else {
                c << 1
            };
        }
    }
    c
}

/// uuencodes one line (at most 45 bytes).
pub fn b2a_uu(data: &[u8], backtick: bool) -> Result<Vec<u8>, CodecError> {
    if data.len() > 45 {
        return Err(cerr("At most 45 bytes at once"));
    }
    let enc = |v: u8| {
        if backtick && v == 0 { b'`' } else { b' ' + v }
    };
    let mut out = vec![enc(data.len() as u8)];
    for c in data.chunks(3) {
        let w = (c[0] as u32) << 16
            | (c.get(1).copied().unwrap_or(0) as u32) << 8
            | c.get(2).copied().unwrap_or(0) as u32;
        for sh in [18, 12, 6, 0] {
            out.push(enc(((w >> sh) & 63) as u8));
        }
    }
    out.push(b'\n');
    Ok(out)
}

/// Decodes one uuencoded line.
pub fn a2b_uu(data: &[u8]) -> Result<Vec<u8>, CodecError> {
    let first = data.first().copied().unwrap_or(0);
    let mut bin_len = (first.wrapping_sub(b' ') & 0o77) as usize;
    let mut rest = if data.is_empty() { &[][..] } else { &data[1..] };
    let mut out = Vec::with_capacity(bin_len);
    let (mut left, mut bits): (u32, u32) = (0, 0);
    while bin_len > 0 {
        let ch = rest.first().copied();
        let v = match ch {
            None | Some(b'\n') | Some(b'\r') => 0,
            Some(c) => {
                if !(b' '..=b' ' + 64).contains(&c) {
                    return Err(cerr("Illegal char"));
                }
                ((c - b' ') & 0o77) as u32
            }
        };
        if !rest.is_empty() {
            rest = &rest[1..];
        }
        left = (left << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((left >> bits) & 0xff) as u8);
            left &= (1 << bits) - 1;
            bin_len -= 1;
        }
    }
    for &c in rest {
        if c != b' ' && c != b' ' + 64 && c != b'\n' && c != b'\r' {
            return Err(cerr("Trailing garbage"));
        }
    }
    Ok(out)
}

/// Quoted-printable decoding.
pub fn a2b_qp(d: &[u8], header: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(d.len());
    let mut i = 0;
    while i < d.len() {
        if d[i] == b'=' {
            i += 1;
            if i >= d.len() {
                break;
            }
            if d[i] == b'\n' || d[i] == b'\r' {
                if d[i] != b'\n' {
                    while i < d.len() && d[i] != b'\n' {
                        i += 1;
                    }
                }
                if i < d.len() {
                    i += 1;
                }
            } else if d[i] == b'=' {
                out.push(b'=');
                i += 1;
            } else if i + 1 < d.len() && d[i].is_ascii_hexdigit() && d[i + 1].is_ascii_hexdigit() {
                let h = (d[i] as char).to_digit(16).unwrap_or(0);
                let l = (d[i + 1] as char).to_digit(16).unwrap_or(0);
                out.push((h * 16 + l) as u8);
                i += 2;
            } else {
                out.push(b'=');
            }
        } else if header && d[i] == b'_' {
            out.push(b' ');
            i += 1;
        } else {
            out.push(d[i]);
            i += 1;
        }
    }
    out
}

/// Quoted-printable encoding (CPython's `b2a_qp`: 76-column lines, CRLF kept if the
/// first line ends with one).
pub fn b2a_qp(d: &[u8], quotetabs: bool, istext: bool, header: bool) -> Vec<u8> {
    const MAX: usize = 76;
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let crlf = d
        .iter()
        .position(|&c| c == b'\n')
        .is_some_and(|p| p > 0 && d[p - 1] == b'\r');
    let n = d.len();
    let mut out: Vec<u8> = Vec::with_capacity(n * 2);
    let mut linelen = 0;
    let mut i = 0;
    let soft_break = |out: &mut Vec<u8>| {
        out.push(b'=');
        if crlf {
            out.push(b'\r');
        }
        out.push(b'\n');
    };
    while i < n {
        let c = d[i];
        let next = d.get(i + 1).copied();
        let needs_quote = c > 126
            || c == b'='
            || (header && c == b'_')
            || (c == b'.'
                && linelen == 0
                && matches!(next, None | Some(b'\n') | Some(b'\r') | Some(0)))
            || (!istext && (c == b'\r' || c == b'\n'))
            || ((c == b'\t' || c == b' ') && i + 1 == n)
            || (c < 33 && c != b'\r' && c != b'\n' && (quotetabs || (c != b'\t' && c != b' ')));
        if needs_quote {
            if linelen + 3 >= MAX {
                soft_break(&mut out);
                linelen = 0;
            }
            out.extend_from_slice(&[b'=', HEX[(c >> 4) as usize], HEX[(c & 15) as usize]]);
            i += 1;
            linelen += 3;
        } else if istext && (c == b'\n' || (i + 1 < n && c == b'\r' && next == Some(b'\n'))) {
            linelen = 0;
            if let Some(&last) = out.last()
                && (last == b' ' || last == b'\t')
            {
                out.pop();
                out.extend_from_slice(&[
                    b'=',
                    HEX[(last >> 4) as usize],
                    HEX[(last & 15) as usize],
                ]);
            }
            if crlf {
                out.push(b'\r');
            }
            out.push(b'\n');
            i += if c == b'\r' { 2 } else { 1 };
        } else {
            if i + 1 != n && next != Some(b'\n') && linelen + 1 >= MAX {
                soft_break(&mut out);
                linelen = 0;
            }
            linelen += 1;
            out.push(if header && c == b' ' { b'_' } else { c });
            i += 1;
        }
    }
    out
}

// ----- Python glue ----------------------------------------------------------------------------

static FUNCTIONS: &[MethodDef] = &[
    func("a2b_uu", py_a2b_uu),
    func("b2a_uu", py_b2a_uu),
    func("a2b_base64", py_a2b_base64),
    func("b2a_base64", py_b2a_base64),
    func("a2b_qp", py_a2b_qp),
    func("b2a_qp", py_b2a_qp),
    func("a2b_hex", py_a2b_hex),
    func("b2a_hex", py_b2a_hex),
    func("hexlify", py_hexlify),
    func("unhexlify", py_unhexlify),
    func("crc32", py_crc32),
    func("crc_hqx", py_crc_hqx),
];

/// Builds `binascii`.
pub fn init_binascii(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module(
        "binascii",
        "Conversion between binary data and ASCII",
        FUNCTIONS,
    )?;
    let mr = vm.push_root(m)?;
    let e = native::new_exception_type(vm, "binascii", "Error", vm.ty(T::ValueError))?;
    vm.set_named_global("binascii.Error", e);
    vm.module_set(vm.get(mr), "Error", e)?;
    let i = native::new_exception_type(vm, "binascii", "Incomplete", vm.ty(T::Exception))?;
    vm.module_set(vm.get(mr), "Incomplete", i)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

fn error(vm: &mut Vm, e: CodecError) -> PyErr {
    match vm.named_global("binascii.Error") {
        Some(t) => native::raise_with(vm, t, &e.0),
        None => vm.value_error(&e.0),
    }
}

/// An `a2b_*` argument: a bytes-like object or an ASCII-only str.
fn ascii_arg(vm: &mut Vm, v: Value) -> PyResult<Vec<u8>> {
    if let Some(s) = vm.as_str_obj(v) {
        let b = vm.str_bytes(s);
        if !b.is_ascii() {
            return Err(vm.value_error("string argument should contain only ASCII characters"));
        }
        return Ok(b.to_vec());
    }
    match buffer::try_read(vm, v) {
        Some(b) => Ok(b),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "argument should be bytes, buffer or ASCII string, not '{tn}'"
            ))
        }
    }
}

fn flag(vm: &mut Vm, r: Option<Root>, default: bool) -> PyResult<bool> {
    match r {
        Some(r) => {
            let v = vm.get(r);
            vm.truthy(v)
        }
        None => Ok(default),
    }
}

fn bytes_result(vm: &mut Vm, r: Result<Vec<u8>, CodecError>) -> PyResult<Value> {
    match r {
        Ok(b) => vm.new_bytes(&b),
        Err(e) => Err(error(vm, e)),
    }
}

fn py_a2b_uu(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "a2b_uu", 1, 1)?;
    let d = ascii_arg(vm, args.get(vm, 0))?;
    let r = a2b_uu(&d);
    bytes_result(vm, r)
}

fn py_b2a_uu(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "b2a_uu",
        params: &["data", "backtick"],
        posonly: 1,
        kwonly: 1,
        required: 1,
    };
    let [d, bt] = vm.bind::<2>(args, &SIG)?;
    let d = buffer::read(vm, vm.get(d.expect("required")))?;
    let bt = flag(vm, bt, false)?;
    let r = b2a_uu(&d, bt);
    bytes_result(vm, r)
}

fn py_a2b_base64(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "a2b_base64",
        params: &["data", "strict_mode"],
        posonly: 1,
        kwonly: 1,
        required: 1,
    };
    let [d, strict] = vm.bind::<2>(args, &SIG)?;
    let d = ascii_arg(vm, vm.get(d.expect("required")))?;
    let strict = flag(vm, strict, false)?;
    let r = a2b_base64(&d, strict);
    bytes_result(vm, r)
}

fn py_b2a_base64(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "b2a_base64",
        params: &["data", "newline"],
        posonly: 1,
        kwonly: 1,
        required: 1,
    };
    let [d, nl] = vm.bind::<2>(args, &SIG)?;
    let d = buffer::read(vm, vm.get(d.expect("required")))?;
    let nl = flag(vm, nl, true)?;
    vm.new_bytes(&b2a_base64(&d, nl))
}

fn py_a2b_qp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "a2b_qp",
        params: &["data", "header"],
        posonly: 0,
        kwonly: 2,
        required: 1,
    };
    let [d, h] = vm.bind::<2>(args, &SIG)?;
    let d = ascii_arg(vm, vm.get(d.expect("required")))?;
    let h = flag(vm, h, false)?;
    vm.new_bytes(&a2b_qp(&d, h))
}

fn py_b2a_qp(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "b2a_qp",
        params: &["data", "quotetabs", "istext", "header"],
        posonly: 0,
        kwonly: 4,
        required: 1,
    };
    let [d, q, t, h] = vm.bind::<4>(args, &SIG)?;
    let d = buffer::read(vm, vm.get(d.expect("required")))?;
    let q = flag(vm, q, false)?;
    let t = flag(vm, t, true)?;
    let h = flag(vm, h, false)?;
    vm.new_bytes(&b2a_qp(&d, q, t, h))
}

fn hex_common(vm: &mut Vm, args: Args, name: &'static str) -> PyResult<Value> {
    let sig = Sig {
        name,
        params: &["data", "sep", "bytes_per_sep"],
        posonly: 0,
        kwonly: 3,
        required: 1,
    };
    let [d, sep, per] = vm.bind::<3>(args, &sig)?;
    let d = buffer::read(vm, vm.get(d.expect("required")))?;
    let sep = match sep {
        None => None,
        Some(r) => {
            let s = vm.get(r);
            let n = vm.len(s)?;
            if n != 1 {
                return Err(vm.value_error("sep must be length 1."));
            }
            let s = vm.get(r);
            if let Some(so) = vm.as_str_obj(s) {
                let cp = vm.str_char_at(so, 0)?;
                if cp > 255 {
                    return Err(vm.value_error("sep must be ASCII."));
                }
                Some(cp as u8)
            } else if let Some(b) = vm.bytes_like(s) {
                Some(b[0])
            } else {
                return Err(vm.type_error("sep must be str or bytes."));
            }
        }
    };
    let per = match per {
        Some(r) => {
            let v = vm.get(r);
            let i = vm.index_value(v)?;
            let n = vm.int_val(i).and_then(|x| x.to_i64());
            match n.filter(|n| i32::try_from(*n).is_ok()) {
                Some(n) => n,
                None => return Err(vm.overflow_error("Python int too large to convert to C int")),
            }
        }
        None => 1,
    };
    vm.new_bytes(&hexlify(&d, sep, per))
}

fn py_b2a_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    hex_common(vm, args, "b2a_hex")
}

fn py_hexlify(vm: &mut Vm, args: Args) -> PyResult<Value> {
    hex_common(vm, args, "hexlify")
}

fn py_a2b_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "a2b_hex", 1, 1)?;
    let d = ascii_arg(vm, args.get(vm, 0))?;
    let r = unhexlify(&d);
    bytes_result(vm, r)
}

fn py_unhexlify(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "unhexlify", 1, 1)?;
    let d = ascii_arg(vm, args.get(vm, 0))?;
    let r = unhexlify(&d);
    bytes_result(vm, r)
}

/// An unsigned int argument masked to `bits` (CPython's `unsigned_int(bitwise=True)`).
fn masked(vm: &mut Vm, v: Value, mask: u64) -> PyResult<u64> {
    if vm.float_of(v).is_some() {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    let i = vm.index_value(v)?;
    let b = vm.int_val(i).map(|x| x.to_big()).unwrap_or_default();
    let m = b & num_bigint::BigInt::from(mask);
    Ok(num_traits::ToPrimitive::to_u64(&m).unwrap_or(0))
}

fn py_crc32(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "crc32", 1, 2)?;
    let d = buffer::read(vm, args.get(vm, 0))?;
    let crc = match args.opt(vm, 1) {
        Some(v) => masked(vm, v, 0xffff_ffff)? as u32,
        None => 0,
    };
    vm.new_int(crc32(&d, crc) as i64)
}

fn py_crc_hqx(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "crc_hqx", 2, 2)?;
    let d = buffer::read(vm, args.get(vm, 0))?;
    let crc = masked(vm, args.get(vm, 1), 0xffff)? as u16;
    vm.new_int(crc_hqx(&d, crc) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip_and_errors() {
        for s in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar"] {
            let e = b2a_base64(s, false);
            assert_eq!(a2b_base64(&e, true).unwrap(), s);
        }
        assert_eq!(b2a_base64(b"foobar", true), b"Zm9vYmFy\n");
        assert_eq!(a2b_base64(b"Zm9v!YmE=", false).unwrap(), b"fooba");
        assert_eq!(
            a2b_base64(b"Zm9vY", false).unwrap_err(),
            cerr(
                "Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4"
            )
        );
        assert_eq!(
            a2b_base64(b"Zm9vYm", false).unwrap_err(),
            cerr("Incorrect padding")
        );
        assert_eq!(
            a2b_base64(b"=Zm9v", true).unwrap_err(),
            cerr("Leading padding not allowed")
        );
    }

    #[test]
    fn hex_and_crcs() {
        assert_eq!(hexlify(b"\x01\x02\x03", Some(b'-'), 2), b"01-0203");
        assert_eq!(hexlify(b"\x01\x02\x03", Some(b'-'), -2), b"0102-03");
        assert_eq!(unhexlify(b"0aFF").unwrap(), b"\x0a\xff");
        assert_eq!(crc32(b"hello", 0), 0x3610a686);
        assert_eq!(crc_hqx(b"123456789", 0), 0x31c3);
    }

    #[test]
    fn uu_round_trip() {
        let e = b2a_uu(b"Cat", false).unwrap();
        assert_eq!(e, b"#0V%T\n");
        assert_eq!(a2b_uu(&e).unwrap(), b"Cat");
    }

    #[test]
    fn qp() {
        assert_eq!(b2a_qp(b"a=b \n", false, true, false), b"a=3Db=20\n");
        assert_eq!(a2b_qp(b"a=3Db=20\n", false), b"a=b \n");
    }
}
