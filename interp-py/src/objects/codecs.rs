//! Text encodings for `str.encode`, `bytes.decode` and file I/O: UTF-8, ASCII, Latin-1,
//! UTF-16 and UTF-32, with the error handlers `strict`, `ignore`, `replace`,
//! `surrogateescape`, `surrogatepass`, `backslashreplace` and `xmlcharrefreplace`, raising
//! `UnicodeDecodeError`/`UnicodeEncodeError` with CPython's fields and messages.

use crate::runtime::builtin_types::T;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Canonical codec names.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Codec {
    /// UTF-8.
    Utf8,
    /// ASCII.
    Ascii,
    /// Latin-1.
    Latin1,
    /// UTF-16 (native order with BOM on encode, little-endian here).
    Utf16,
    /// UTF-32.
    Utf32,
    /// UTF-16 little-endian without BOM.
    Utf16Le,
    /// UTF-16 big-endian without BOM.
    Utf16Be,
    /// UTF-32 little-endian without BOM.
    Utf32Le,
    /// UTF-32 big-endian without BOM.
    Utf32Be,
}

impl Codec {
    /// `(unit size, little endian, writes/reads a BOM)` of the UTF-16/32 codecs.
    fn wide(self) -> Option<(usize, bool, bool)> {
        Some(match self {
            Codec::Utf16 => (2, true, true),
            Codec::Utf16Le => (2, true, false),
            Codec::Utf16Be => (2, false, false),
            Codec::Utf32 => (4, true, true),
            Codec::Utf32Le => (4, true, false),
            Codec::Utf32Be => (4, false, false),
            _ => return None,
        })
    }
}

/// Looks an encoding name up (`None`: unknown).
pub fn lookup(name: &str) -> Option<(Codec, &'static str)> {
    let n = name.to_ascii_lowercase().replace(['_', ' '], "-");
    Some(match n.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => (Codec::Utf8, "utf-8"),
        "ascii" | "us-ascii" | "646" => (Codec::Ascii, "ascii"),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "8859" | "cp819" | "l1" | "latin" => {
            (Codec::Latin1, "latin-1")
        }
        "utf-16" | "utf16" => (Codec::Utf16, "utf-16"),
        "utf-32" | "utf32" => (Codec::Utf32, "utf-32"),
        "utf-16-le" | "utf-16le" | "utf16le" => (Codec::Utf16Le, "utf-16-le"),
        "utf-16-be" | "utf-16be" | "utf16be" => (Codec::Utf16Be, "utf-16-be"),
        "utf-32-le" | "utf-32le" | "utf32le" => (Codec::Utf32Le, "utf-32-le"),
        "utf-32-be" | "utf-32be" | "utf32be" => (Codec::Utf32Be, "utf-32-be"),
        _ => return None,
    })
}

fn raise_unicode_error(
    vm: &mut Vm,
    t: T,
    enc: &str,
    obj: Value,
    start: usize,
    end: usize,
    reason: &str,
) -> crate::runtime::errors::PyErr {
    let mark = vm.sp();
    let r = (|| -> PyResult<Value> {
        let or = vm.push_root(obj)?;
        let e = vm.new_str(enc)?;
        vm.push_root(e)?;
        vm.push_root(vm.get(or))?;
        let s = vm.new_usize(start)?;
        vm.push_root(s)?;
        let en = vm.new_usize(end)?;
        vm.push_root(en)?;
        let rs = vm.new_str(reason)?;
        vm.push_root(rs)?;
        let args = vm.tuple_from_slots(or.index() + 1, 5)?;
        let tr = vm.push_root(vm.ty(t))?;
        let exc = vm.new_exception_args(tr, args)?;
        let er = vm.push_root(exc)?;
        let args = vm.exc_args(exc);
        vm.exc_init_fields(vm.get(er), args)?;
        Ok(vm.get(er))
    })();
    vm.truncate(mark);
    match r {
        Ok(e) => vm.raise(e),
        Err(e) => e,
    }
}

/// Whether the built-in converters implement `encoding` with error handler `errors`
/// exactly (else the codec registry does: other encodings, user-registered handlers).
fn handled_natively(encoding: &str, errors: &str) -> bool {
    match lookup(encoding) {
        None => false,
        Some(_) if errors == "strict" => true,
        Some((Codec::Utf8 | Codec::Ascii | Codec::Latin1, _)) => matches!(
            errors,
            "ignore"
                | "replace"
                | "surrogateescape"
                | "surrogatepass"
                | "backslashreplace"
                | "xmlcharrefreplace"
        ),
        Some(_) => false,
    }
}

/// Calls `_codecs.<helper>(obj, encoding, errors)`: the codec registry (the `encodings`
/// package: cp1252, mac_roman, ...) for encodings tern does not implement natively.
fn registry_call(
    vm: &mut Vm,
    helper: &str,
    obj: Value,
    encoding: &str,
    errors: &str,
) -> PyResult<Value> {
    let mark = vm.sp();
    let or = vm.push_root(obj)?;
    let m = vm.import_module("_codecs")?;
    let name = vm.intern(helper)?;
    let f = vm.getattr(m, name)?;
    let fr = vm.push_root(f)?;
    let e = vm.new_str(encoding)?;
    let er = vm.push_root(e)?;
    let x = vm.new_str(errors)?;
    let r = vm.call(vm.get(fr), &[vm.get(or), vm.get(er), x]);
    vm.truncate(mark);
    r
}

/// Encodes a str (exact, rooted by the caller or immediately used) to bytes; encodings
/// not built in are looked up in the codec registry.
pub fn encode_str(vm: &mut Vm, s: Value, encoding: &str, errors: &str) -> PyResult<Value> {
    if !handled_natively(encoding, errors) {
        return registry_call(vm, "_text_encode", s, encoding, errors);
    }
    encode_str_builtin(vm, s, encoding, errors)
}

/// Encodes with a built-in codec only (`LookupError` for others).
pub fn encode_str_builtin(vm: &mut Vm, s: Value, encoding: &str, errors: &str) -> PyResult<Value> {
    let Some((codec, canon)) = lookup(encoding) else {
        return Err(crate::raise!(
            vm,
            LookupError,
            "unknown encoding: {encoding}"
        ));
    };
    let cps: Vec<u32> = crate::objects::str::code_points(vm.str_bytes(s)).collect();
    let mut out = Vec::with_capacity(cps.len());
    let limit: u32 = match codec {
        Codec::Ascii => 0x80,
        Codec::Latin1 => 0x100,
        _ => 0x110000,
    };
    let mut i = 0;
    while i < cps.len() {
        let cp = cps[i];
        let is_surrogate = (0xD800..0xE000).contains(&cp);
        let ok = cp < limit && !(is_surrogate && codec != Codec::Latin1 && codec != Codec::Ascii);
        if ok {
            match codec {
                Codec::Utf8 => crate::objects::str::push_cp(&mut out, cp),
                Codec::Ascii | Codec::Latin1 => out.push(cp as u8),
                _ => {
                    let (size, le, bom) = codec.wide().expect("wide codec");
                    let mut put = |u: u32| {
                        if size == 2 {
                            let b = if le {
                                (u as u16).to_le_bytes()
                            } else {
                                (u as u16).to_be_bytes()
                            };
                            out.extend_from_slice(&b);
                        } else {
                            let b = if le { u.to_le_bytes() } else { u.to_be_bytes() };
                            out.extend_from_slice(&b);
                        }
                    };
                    if bom && i == 0 {
                        put(0xFEFF);
                    }
                    if size == 2 && cp >= 0x10000 {
                        let v = cp - 0x10000;
                        put(0xD800 + (v >> 10));
                        put(0xDC00 + (v & 0x3ff));
                    } else {
                        put(cp);
                    }
                }
            }
            i += 1;
            continue;
        }
        // Error handling over a run of unencodable characters.
        let mut j = i + 1;
        while j < cps.len()
            && (cps[j] >= limit || ((0xD800..0xE000).contains(&cps[j]) && codec == Codec::Utf8))
        {
            j += 1;
        }
        match errors {
            "ignore" => {}
            "replace" => out.extend(std::iter::repeat_n(b'?', j - i)),
            "surrogateescape" if cps[i..j].iter().all(|&c| (0xDC80..0xDD00).contains(&c)) => {
                out.extend(cps[i..j].iter().map(|&c| (c - 0xDC00) as u8));
            }
            "surrogatepass"
                if codec == Codec::Utf8
                    && cps[i..j].iter().all(|&c| (0xD800..0xE000).contains(&c)) =>
            {
                for &c in &cps[i..j] {
                    crate::objects::str::push_cp(&mut out, c);
                }
            }
            "backslashreplace" => {
                for &c in &cps[i..j] {
                    let esc = if c <= 0xff {
                        format!("\\x{c:02x}")
                    } else if c <= 0xffff {
                        format!("\\u{c:04x}")
                    } else {
                        format!("\\U{c:08x}")
                    };
                    out.extend_from_slice(esc.as_bytes());
                }
            }
            "xmlcharrefreplace" => {
                for &c in &cps[i..j] {
                    out.extend_from_slice(format!("&#{c};").as_bytes());
                }
            }
            _ => {
                let reason = if codec == Codec::Utf8 {
                    "surrogates not allowed"
                } else {
                    "ordinal not in range(128)"
                };
                let reason = if codec == Codec::Latin1 {
                    "ordinal not in range(256)"
                } else {
                    reason
                };
                return Err(raise_unicode_error(
                    vm,
                    T::UnicodeEncodeError,
                    canon,
                    s,
                    i,
                    j,
                    reason,
                ));
            }
        }
        i = j;
    }
    vm.new_bytes(&out)
}

/// Decodes bytes to a str; encodings not built in are looked up in the codec registry.
pub fn decode_bytes(vm: &mut Vm, data: &[u8], encoding: &str, errors: &str) -> PyResult<Value> {
    if !handled_natively(encoding, errors) {
        let b = vm.new_bytes(data)?;
        return registry_call(vm, "_text_decode", b, encoding, errors);
    }
    decode_bytes_builtin(vm, data, encoding, errors)
}

/// Decodes with a built-in codec only (`LookupError` for others).
pub fn decode_bytes_builtin(
    vm: &mut Vm,
    data: &[u8],
    encoding: &str,
    errors: &str,
) -> PyResult<Value> {
    let Some((codec, canon)) = lookup(encoding) else {
        return Err(crate::raise!(
            vm,
            LookupError,
            "unknown encoding: {encoding}"
        ));
    };
    let mut out: Vec<u8> = Vec::with_capacity(data.len());
    match codec {
        Codec::Latin1 => {
            for &b in data {
                crate::objects::str::push_cp(&mut out, b as u32);
            }
        }
        Codec::Ascii => {
            let mut i = 0;
            while i < data.len() {
                let b = data[i];
                if b < 0x80 {
                    out.push(b);
                } else {
                    match errors {
                        "ignore" => {}
                        "replace" => crate::objects::str::push_cp(&mut out, 0xFFFD),
                        "surrogateescape" => {
                            crate::objects::str::push_cp(&mut out, 0xDC00 + b as u32)
                        }
                        "backslashreplace" => {
                            out.extend_from_slice(format!("\\x{b:02x}").as_bytes())
                        }
                        _ => {
                            let obj = vm.new_bytes(data)?;
                            return Err(raise_unicode_error(
                                vm,
                                T::UnicodeDecodeError,
                                canon,
                                obj,
                                i,
                                i + 1,
                                "ordinal not in range(128)",
                            ));
                        }
                    }
                }
                i += 1;
            }
        }
        Codec::Utf8 => {
            let mut i = 0;
            while i < data.len() {
                match std::str::from_utf8(&data[i..]) {
                    Ok(s) => {
                        out.extend_from_slice(s.as_bytes());
                        break;
                    }
                    Err(e) => {
                        let good = e.valid_up_to();
                        out.extend_from_slice(&data[i..i + good]);
                        let bad_at = i + good;
                        let bad_len = e.error_len().unwrap_or(data.len() - bad_at);
                        let (reason, bad_len) =
                            utf8_error_reason(&data[bad_at..], bad_len, e.error_len().is_none());
                        // surrogatepass: encoded surrogates are accepted.
                        if errors == "surrogatepass"
                            && data.len() >= bad_at + 3
                            && data[bad_at] == 0xED
                            && (0xA0..0xC0).contains(&data[bad_at + 1])
                        {
                            out.extend_from_slice(&data[bad_at..bad_at + 3]);
                            i = bad_at + 3;
                            continue;
                        }
                        match errors {
                            "ignore" => {}
                            "replace" => crate::objects::str::push_cp(&mut out, 0xFFFD),
                            "surrogateescape" => {
                                for &b in &data[bad_at..bad_at + bad_len] {
                                    crate::objects::str::push_cp(&mut out, 0xDC00 + b as u32);
                                }
                            }
                            "backslashreplace" => {
                                for &b in &data[bad_at..bad_at + bad_len] {
                                    out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
                                }
                            }
                            _ => {
                                let obj = vm.new_bytes(data)?;
                                return Err(raise_unicode_error(
                                    vm,
                                    T::UnicodeDecodeError,
                                    canon,
                                    obj,
                                    bad_at,
                                    bad_at + bad_len,
                                    reason,
                                ));
                            }
                        }
                        i = bad_at + bad_len;
                    }
                }
            }
        }
        _ => {
            let (size, mut le, bom) = codec.wide().expect("wide codec");
            let mut body = data;
            if bom {
                if size == 2 && data.starts_with(&[0xff, 0xfe]) {
                    body = &data[2..];
                } else if size == 2 && data.starts_with(&[0xfe, 0xff]) {
                    body = &data[2..];
                    le = false;
                } else if size == 4 && data.starts_with(&[0xff, 0xfe, 0, 0]) {
                    body = &data[4..];
                } else if size == 4 && data.starts_with(&[0, 0, 0xfe, 0xff]) {
                    body = &data[4..];
                    le = false;
                }
            }
            if !body.len().is_multiple_of(size) && errors == "strict" {
                let obj = vm.new_bytes(data)?;
                let n = data.len();
                return Err(raise_unicode_error(
                    vm,
                    T::UnicodeDecodeError,
                    canon,
                    obj,
                    n - body.len() % size,
                    n,
                    "truncated data",
                ));
            }
            if size == 2 {
                let units: Vec<u16> = body
                    .chunks_exact(2)
                    .map(|c| {
                        if le {
                            u16::from_le_bytes([c[0], c[1]])
                        } else {
                            u16::from_be_bytes([c[0], c[1]])
                        }
                    })
                    .collect();
                for r in char::decode_utf16(units) {
                    match r {
                        Ok(c) => crate::objects::str::push_cp(&mut out, c as u32),
                        Err(_) if errors == "strict" => {
                            let obj = vm.new_bytes(data)?;
                            return Err(raise_unicode_error(
                                vm,
                                T::UnicodeDecodeError,
                                canon,
                                obj,
                                0,
                                data.len(),
                                "illegal UTF-16 surrogate",
                            ));
                        }
                        Err(_) => crate::objects::str::push_cp(&mut out, 0xFFFD),
                    }
                }
            } else {
                for c in body.chunks_exact(4) {
                    let a = [c[0], c[1], c[2], c[3]];
                    let cp = if le {
                        u32::from_le_bytes(a)
                    } else {
                        u32::from_be_bytes(a)
                    };
                    if cp > 0x10FFFF {
                        if errors == "strict" {
                            let obj = vm.new_bytes(data)?;
                            return Err(raise_unicode_error(
                                vm,
                                T::UnicodeDecodeError,
                                canon,
                                obj,
                                0,
                                data.len(),
                                "code point not in range(0x110000)",
                            ));
                        }
                        crate::objects::str::push_cp(&mut out, 0xFFFD);
                    } else {
                        crate::objects::str::push_cp(&mut out, cp);
                    }
                }
            }
        }
    }
    vm.new_str_wtf8(&out)
}

/// CPython's reason string and bad-sequence length for an invalid UTF-8 sequence.
fn utf8_error_reason(rest: &[u8], len: usize, truncated: bool) -> (&'static str, usize) {
    let b = rest[0];
    if truncated {
        return ("unexpected end of data", len);
    }
    if b < 0x80 || (0x80..0xC2).contains(&b) || b > 0xF4 {
        return ("invalid start byte", 1);
    }
    ("invalid continuation byte", len)
}
