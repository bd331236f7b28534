//! `repr()` and `ascii()` of strings, exactly like CPython's `unicode_repr`: the quote is
//! `'` unless the text contains `'` and no `"`; `\\`, `\t`, `\n`, `\r` and the quote are
//! escaped; other non-printable characters become `\xNN`, `\uNNNN` or `\UNNNNNNNN`.

use std::fmt::Write as _;

use crate::bytecode::constant::is_printable;

/// CPython's `str.isprintable` for one code point (the front end's Unicode approximation
/// for non-ASCII).
pub fn printable(cp: u32) -> bool {
    if cp < 0x80 {
        return (0x20..0x7f).contains(&cp);
    }
    match char::from_u32(cp) {
        Some(c) => is_printable(c),
        None => false,
    }
}

/// `repr(s)` for WTF-8 text.
pub fn repr_wtf8(b: &[u8]) -> String {
    repr_impl(b, false)
}

/// `ascii(s)`: like `repr` but every non-ASCII character is escaped.
pub fn ascii_wtf8(b: &[u8]) -> String {
    repr_impl(b, true)
}

fn repr_impl(b: &[u8], ascii_only: bool) -> String {
    let has_single = b.contains(&b'\'');
    let has_double = b.contains(&b'"');
    let quote = if has_single && !has_double { '"' } else { '\'' };
    let mut out = String::with_capacity(b.len() + 2);
    out.push(quote);
    if b.is_ascii() {
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
                c if !(0x20..0x7f).contains(&c) => {
                    let _ = write!(out, "\\x{c:02x}");
                }
                c => out.push(c as char),
            }
        }
    } else {
        for cp in crate::objects::str::code_points(b) {
            match cp {
                0x5c => out.push_str("\\\\"),
                0x09 => out.push_str("\\t"),
                0x0a => out.push_str("\\n"),
                0x0d => out.push_str("\\r"),
                c if c == quote as u32 => {
                    out.push('\\');
                    out.push(quote);
                }
                c if c < 0x80 && (0x20..0x7f).contains(&c) => out.push(c as u8 as char),
                c if !ascii_only && c >= 0x80 && printable(c) => {
                    out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                }
                c if c <= 0xff => {
                    let _ = write!(out, "\\x{c:02x}");
                }
                c if c <= 0xffff => {
                    let _ = write!(out, "\\u{c:04x}");
                }
                c => {
                    let _ = write!(out, "\\U{c:08x}");
                }
            }
        }
    }
    out.push(quote);
    out
}

/// `repr(b)` of bytes: `b'...'` with CPython's escapes (`prefix` is `b` or
/// `bytearray(b` etc. handled by the caller).
pub fn bytes_repr(b: &[u8]) -> String {
    let has_single = b.contains(&b'\'');
    let has_double = b.contains(&b'"');
    let quote = if has_single && !has_double { '"' } else { '\'' };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
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
            c if !(0x20..0x7f).contains(&c) => {
                let _ = write!(out, "\\x{c:02x}");
            }
            c => out.push(c as char),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_match_cpython() {
        assert_eq!(repr_wtf8(b"abc"), "'abc'");
        assert_eq!(repr_wtf8(b"it's"), "\"it's\"");
        assert_eq!(repr_wtf8(b"a'b\"c"), "'a\\'b\"c'");
        assert_eq!(repr_wtf8(b"\n\t\x01"), "'\\n\\t\\x01'");
        assert_eq!(repr_wtf8("é€😀".as_bytes()), "'é€😀'");
        assert_eq!(ascii_wtf8("é€😀".as_bytes()), "'\\xe9\\u20ac\\U0001f600'");
        assert_eq!(bytes_repr(b"a\x00'"), "b\"a\\x00'\"");
    }
}
