//! The `_json` module: the accelerators CPython's `json` package imports from C.
//!
//! Native: `scanstring` (the string decoder the scanner calls for every JSON string; same
//! results, error messages and error positions as CPython's `scanstring_unicode`, which
//! differ from `json.decoder.py_scanstring`'s), `encode_basestring_ascii` and
//! `encode_basestring`. In Python (`json_mod.py`): `make_encoder` (CPython's C encoder
//! semantics and messages, used by `json.dumps` without `indent`) and the `scanstring`
//! wrapper that raises `json.decoder.JSONDecodeError`, and the `make_scanner` class
//! (`_json.Scanner`) whose calls run the native scanner of `json_scan.rs`.
//!
//! Text is read by code point through [`Utf8`] for non-ASCII strings (no decoding of the
//! whole document per call), so scanning a document stays linear.

use super::engine::{Narrow, Subject};
use super::subject::Utf8;
use crate::objects::builtin_func::{MethodDef, func};
use crate::objects::str::push_cp;
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::str_;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

static FUNCTIONS: &[MethodDef] = &[
    func("_scanstring", scanstring),
    func("encode_basestring_ascii", encode_basestring_ascii),
    func("encode_basestring", encode_basestring),
    func("_scan_once", super::json_scan::scan_once),
];

/// Builds `_json`.
pub fn init_json(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module("_json", "json speedups\n", FUNCTIONS)?;
    let mr = vm.push_root(m)?;
    let code = vm.compile_str(
        include_str!("json_mod.py").to_string(),
        "<_json>",
        crate::compile::Mode::Exec,
        0,
    )?;
    let d = vm.module_dict(vm.get(mr));
    vm.exec_source_in(&code, d)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

/// A scanning error: message index (see `json_mod.py`'s `_MESSAGES`) and position.
pub(super) type ScanError = (i64, usize);

pub(super) const UNTERMINATED: i64 = 0;
pub(super) const CONTROL: i64 = 1;
pub(super) const BAD_ESCAPE: i64 = 2;
pub(super) const BAD_UNICODE: i64 = 3;
pub(super) const OUT_OF_BOUNDS: i64 = 4;

fn hex4<S: Subject + ?Sized>(s: &S, at: usize) -> Option<u32> {
    let mut c = 0u32;
    for i in at..at + 4 {
        let d = char::from_u32(s.at(i))?.to_digit(16)?;
        c = (c << 4) | d;
    }
    Some(c)
}

/// CPython's `scanstring_unicode`: decodes the JSON string whose body starts at `end`
/// (just after the opening quote) into WTF-8 bytes; returns them and the index after the
/// closing quote.
pub(super) fn scan<S: Subject + ?Sized>(
    s: &S,
    mut end: usize,
    strict: bool,
) -> Result<(Vec<u8>, usize), ScanError> {
    let len = s.len();
    let begin = end.wrapping_sub(1);
    if end > len {
        return Err((OUT_OF_BOUNDS, 0));
    }
    let mut out = Vec::new();
    loop {
        let mut next = end;
        let mut c = 0;
        while next < len {
            c = s.at(next);
            if c == '"' as u32 || c == '\\' as u32 {
                break;
            }
            if c <= 0x1f && strict {
                return Err((CONTROL, next));
            }
            next += 1;
        }
        if next >= len || (c != '"' as u32 && c != '\\' as u32) {
            return Err((UNTERMINATED, begin));
        }
        for i in end..next {
            push_cp(&mut out, s.at(i));
        }
        next += 1;
        if c == '"' as u32 {
            end = next;
            break;
        }
        if next == len {
            return Err((UNTERMINATED, begin));
        }
        let e = s.at(next);
        let ch;
        if e != 'u' as u32 {
            end = next + 1;
            ch = match char::from_u32(e) {
                Some('"') => '"' as u32,
                Some('\\') => '\\' as u32,
                Some('/') => '/' as u32,
                Some('b') => 8,
                Some('f') => 12,
                Some('n') => 10,
                Some('r') => 13,
                Some('t') => 9,
                _ => return Err((BAD_ESCAPE, end - 2)),
            };
        } else {
            next += 1;
            end = next + 4;
            if end >= len {
                return Err((BAD_UNICODE, next - 1));
            }
            let Some(mut c1) = hex4(s, next) else {
                return Err((BAD_UNICODE, end - 5));
            };
            if (0xD800..0xDC00).contains(&c1)
                && end + 6 < len
                && s.at(end) == '\\' as u32
                && s.at(end + 1) == 'u' as u32
            {
                let Some(c2) = hex4(s, end + 2) else {
                    return Err((BAD_UNICODE, end + 1));
                };
                if (0xDC00..0xE000).contains(&c2) {
                    c1 = 0x10000 + ((c1 - 0xD800) << 10) + (c2 - 0xDC00);
                    end += 6;
                }
            }
            ch = c1;
        }
        push_cp(&mut out, ch);
    }
    Ok((out, end))
}

/// `_scanstring(s, end, strict)`: `(str, end)` or `(None, message_index, pos)`.
fn scanstring(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "scanstring", 2, 3)?;
    let s = args.get(vm, 0);
    let Some(so) = vm.as_str_obj(s) else {
        let tn = vm.type_name(s);
        return Err(crate::raise!(
            vm,
            TypeError,
            "first argument must be a string, not {tn}"
        ));
    };
    let end = vm.index_i64(args.get(vm, 1))?;
    let strict = match args.opt(vm, 2) {
        Some(v) => vm.truthy(v)?,
        None => true,
    };
    let n = vm.str_len(so);
    if end < 0 || end as usize > n {
        return Err(vm.value_error("end is out of bounds"));
    }
    if !vm.str_is_ascii(so) && n > 0 {
        vm.str_char_offset(so, n - 1)?;
    }
    let so = vm.as_str_obj(args.get(vm, 0)).expect("checked above");
    let r = if vm.str_is_ascii(so) {
        scan(&Narrow(vm.str_bytes(so)), end as usize, strict)
    } else {
        let index = vm.ldv(so, str_::INDEX).map(|ix| vm.bytes_data(ix));
        scan(
            &Utf8::new(vm.str_bytes(so), vm.str_len(so), index),
            end as usize,
            strict,
        )
    };
    let mark = vm.sp();
    match r {
        Ok((bytes, end)) => {
            let t = vm.new_str_wtf8(&bytes)?;
            vm.push_root(t)?;
            let e = vm.new_int(end as i64)?;
            vm.push_root(e)?;
        }
        Err((code, pos)) => {
            vm.push_root(vm.none())?;
            let c = vm.new_int(code)?;
            vm.push_root(c)?;
            let p = vm.new_int(pos as i64)?;
            vm.push_root(p)?;
        }
    }
    vm.pack_tuple(mark)
}

fn push_u_escape(out: &mut Vec<u8>, c: u32) {
    out.extend_from_slice(format!("\\u{c:04x}").as_bytes());
}

/// The quoted JSON form of the code points of `s` (`ascii`: escape everything non-ASCII).
fn encode<S: Subject + ?Sized>(s: &S, ascii: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() + 2);
    out.push(b'"');
    for i in 0..s.len() {
        let c = s.at(i);
        match c {
            0x22 => out.extend_from_slice(b"\\\""),
            0x5c => out.extend_from_slice(b"\\\\"),
            0x0a => out.extend_from_slice(b"\\n"),
            0x0d => out.extend_from_slice(b"\\r"),
            0x09 => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            0..=0x1f => push_u_escape(&mut out, c),
            0x20..=0x7e => out.push(c as u8),
            _ if !ascii => push_cp(&mut out, c),
            0x10000.. => {
                let v = c - 0x10000;
                push_u_escape(&mut out, 0xD800 | (v >> 10));
                push_u_escape(&mut out, 0xDC00 | (v & 0x3ff));
            }
            _ => push_u_escape(&mut out, c),
        }
    }
    out.push(b'"');
    out
}

fn encode_common(vm: &mut Vm, args: Args, name: &str, ascii: bool) -> PyResult<Value> {
    vm.check_args(args, name, 1, 1)?;
    let s = args.get(vm, 0);
    let Some(so) = vm.as_str_obj(s) else {
        let tn = vm.type_name(s);
        return Err(crate::raise!(
            vm,
            TypeError,
            "first argument must be a string, not {tn}"
        ));
    };
    let out = if vm.str_is_ascii(so) {
        encode(&Narrow(vm.str_bytes(so)), ascii)
    } else {
        encode(&Utf8::new(vm.str_bytes(so), vm.str_len(so), None), ascii)
    };
    vm.new_str_wtf8(&out)
}

fn encode_basestring_ascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    encode_common(vm, args, "encode_basestring_ascii", true)
}

fn encode_basestring(vm: &mut Vm, args: Args) -> PyResult<Value> {
    encode_common(vm, args, "encode_basestring", false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str, end: usize) -> Result<(String, usize), ScanError> {
        let cps: Vec<u32> = s.chars().map(|c| c as u32).collect();
        scan(&super::super::engine::CodePoints(&cps), end, true)
            .map(|(b, e)| (String::from_utf8(b).expect("utf-8"), e))
    }

    #[test]
    fn scans_like_cpython() {
        assert_eq!(
            run(r#""ab\n\u00e9\ud834\udd1e" x"#, 1),
            Ok(("ab\né𝄞".into(), 24))
        );
        assert_eq!(run(r#""abc"#, 1), Err((UNTERMINATED, 0)));
        assert_eq!(run(r#""\x""#, 1), Err((BAD_ESCAPE, 1)));
        assert_eq!(run(r#""\u12""#, 1), Err((BAD_UNICODE, 2)));
        assert_eq!(run("\"a\u{1}\"", 1), Err((CONTROL, 2)));
    }

    #[test]
    fn encodes_like_cpython() {
        let cps: Vec<u32> = "a\"\\\n\u{1}é𝄞".chars().map(|c| c as u32).collect();
        let s = super::super::engine::CodePoints(&cps);
        assert_eq!(
            String::from_utf8(encode(&s, true)).expect("ascii"),
            r#""a\"\\\n\u0001\u00e9\ud834\udd1e""#
        );
        assert_eq!(
            String::from_utf8(encode(&s, false)).expect("utf-8"),
            "\"a\\\"\\\\\\n\\u0001é𝄞\""
        );
    }
}
