//! Decoding of literal tokens from their source text, as CPython 3.11 does it.
//!
//! ruff decodes literals into Rust `str`, which cannot hold lone surrogates (`"\ud800"` is a
//! valid Python string), and reports escape errors in its own words. So string, bytes and big
//! integer literals are decoded here from the token text, with CPython's error messages:
//! `(unicode error) 'unicodeescape' codec can't decode bytes in position A-B: REASON` (positions
//! counted the way CPython counts them: every non-ASCII character of the literal body counts as
//! the ten bytes of the `\UXXXXXXXX` escape CPython rewrites it to before decoding),
//! `(value error) invalid \x escape at position N` for bytes, and the 4300-digit limit for
//! decimal integer literals.

use num_bigint::BigInt;

use crate::bytecode::constant::{PyStr, push_code_point};

/// The parts of a string token: prefix flags, quote length and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StringToken<'a> {
    /// `r` prefix.
    pub raw: bool,
    /// `b` prefix.
    pub bytes: bool,
    /// `f` prefix.
    pub fstring: bool,
    /// The text between the quotes.
    pub body: &'a str,
    /// Byte offset of the body within the token.
    pub body_offset: usize,
}

/// Splits a string token (`rb'''...'''`) into prefix flags and body. Returns `None` for text
/// that is not a complete string token.
pub fn split_string_token(token: &str) -> Option<StringToken<'_>> {
    let prefix_len = token.find(['\'', '"'])?;
    let prefix = token[..prefix_len].to_ascii_lowercase();
    if prefix.len() > 2 || !prefix.chars().all(|c| matches!(c, 'r' | 'b' | 'u' | 'f')) {
        return None;
    }
    let rest = &token[prefix_len..];
    let quote = rest.as_bytes()[0];
    let q3 = [quote; 3];
    let qlen =
        if rest.len() >= 6 && rest.as_bytes().starts_with(&q3) && rest.as_bytes().ends_with(&q3) {
            3
        } else {
            1
        };
    if rest.len() < 2 * qlen || rest.as_bytes()[rest.len() - 1] != quote {
        return None;
    }
    Some(StringToken {
        raw: prefix.contains('r'),
        bytes: prefix.contains('b'),
        fstring: prefix.contains('f'),
        body: &rest[qlen..rest.len() - qlen],
        body_offset: prefix_len + qlen,
    })
}

fn unicode_error(body: &str, start_char: usize, end_char: usize, reason: &str) -> String {
    // Positions in CPython's rewritten buffer (non-ASCII chars become 10-byte escapes).
    let pos_of = |char_idx: usize| -> usize {
        body.chars()
            .take(char_idx)
            .map(|c| if c.is_ascii() { 1 } else { 10 })
            .sum()
    };
    let start = pos_of(start_char);
    let end = pos_of(end_char);
    if end - start > 1 {
        format!(
            "(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: {reason}",
            start,
            end - 1
        )
    } else {
        let byte = body.chars().nth(start_char).map_or(0, |c| c as u32);
        format!(
            "(unicode error) 'unicodeescape' codec can't decode byte 0x{byte:02x} in position {start}: {reason}"
        )
    }
}

/// Decodes the body of a `str` literal (or of a literal part of an f-string, where `{{`/`}}`
/// stand for single braces).
pub fn decode_str(body: &str, raw: bool, fstring_part: bool) -> Result<PyStr, String> {
    decode_str_warn(body, raw, fstring_part).map(|(s, _)| s)
}

/// Like [`decode_str`], also returning CPython's `DeprecationWarning` message for the first
/// invalid escape sequence, if any.
pub fn decode_str_warn(
    body: &str,
    raw: bool,
    fstring_part: bool,
) -> Result<(PyStr, Option<String>), String> {
    let mut warning: Option<String> = None;
    let chars: Vec<char> = body.chars().collect();
    let mut out: Vec<u8> = Vec::with_capacity(body.len());
    let mut i = 0;
    let push = |out: &mut Vec<u8>, c: u32| push_code_point(out, c);
    while i < chars.len() {
        let c = chars[i];
        if fstring_part && (c == '{' || c == '}') && chars.get(i + 1) == Some(&c) {
            push(&mut out, c as u32);
            i += 2;
            continue;
        }
        if c != '\\' || raw {
            push(&mut out, c as u32);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let Some(&e) = chars.get(i) else {
            return Err(unicode_error(body, start, i, "\\ at end of string"));
        };
        i += 1;
        match e {
            '\n' => {}
            '\\' => push(&mut out, '\\' as u32),
            '\'' => push(&mut out, '\'' as u32),
            '"' => push(&mut out, '"' as u32),
            'a' => push(&mut out, 7),
            'b' => push(&mut out, 8),
            'f' => push(&mut out, 12),
            'n' => push(&mut out, 10),
            'r' => push(&mut out, 13),
            't' => push(&mut out, 9),
            'v' => push(&mut out, 11),
            '0'..='7' => {
                let mut v = e as u32 - '0' as u32;
                for _ in 0..2 {
                    match chars.get(i) {
                        Some(&d @ '0'..='7') => {
                            v = v * 8 + (d as u32 - '0' as u32);
                            i += 1;
                        }
                        _ => break,
                    }
                }
                if v > 0o377 && warning.is_none() {
                    let digits: String = chars[start + 1..i].iter().collect();
                    warning = Some(format!("invalid octal escape sequence '\\{digits}'"));
                }
                push(&mut out, v);
            }
            'x' | 'u' | 'U' => {
                let (count, reason) = match e {
                    'x' => (2, "truncated \\xXX escape"),
                    'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let mut v: u32 = 0;
                for _ in 0..count {
                    match chars.get(i).and_then(|d| d.to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            i += 1;
                        }
                        None => return Err(unicode_error(body, start, i, reason)),
                    }
                }
                if v > 0x10FFFF {
                    return Err(unicode_error(body, start, i, "illegal Unicode character"));
                }
                push(&mut out, v);
            }
            'N' => {
                let malformed = "malformed \\N character escape";
                if chars.get(i) != Some(&'{') {
                    return Err(unicode_error(body, start, i, malformed));
                }
                i += 1;
                let name_start = i;
                while i < chars.len() && chars[i] != '}' {
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(unicode_error(body, start, i, malformed));
                }
                let name: String = chars[name_start..i].iter().collect();
                i += 1;
                if name.is_empty() {
                    return Err(unicode_error(body, start, i, malformed));
                }
                match lookup_unicode_name(&name) {
                    Some(ch) => push(&mut out, ch as u32),
                    None => {
                        return Err(unicode_error(
                            body,
                            start,
                            i,
                            "unknown Unicode character name",
                        ));
                    }
                }
            }
            other => {
                // Invalid escapes are kept verbatim (CPython only warns).
                if warning.is_none() {
                    warning = Some(format!("invalid escape sequence '\\{other}'"));
                }
                push(&mut out, '\\' as u32);
                push(&mut out, other as u32);
            }
        }
    }
    Ok((PyStr::from_encoded(out), warning))
}

fn lookup_unicode_name(name: &str) -> Option<char> {
    if let Some(c) = unicode_names2::character(name) {
        return Some(c);
    }
    // CJK unified ideographs and Hangul syllables have algorithmic names.
    let upper = name.to_ascii_uppercase();
    if let Some(hex) = upper.strip_prefix("CJK UNIFIED IDEOGRAPH-") {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    None
}

/// Decodes the body of a bytes literal. Errors: `Err(None)` for non-ASCII characters,
/// `Err(Some(msg))` for a bad `\x` escape.
pub fn decode_bytes(body: &str, raw: bool) -> Result<Vec<u8>, Option<String>> {
    decode_bytes_warn(body, raw).map(|(b, _)| b)
}

/// Like [`decode_bytes`], also returning the invalid-escape `DeprecationWarning` message.
pub fn decode_bytes_warn(
    body: &str,
    raw: bool,
) -> Result<(Vec<u8>, Option<String>), Option<String>> {
    let mut warning: Option<String> = None;
    if !body.is_ascii() {
        return Err(None);
    }
    let b = body.as_bytes();
    if raw {
        return Ok((b.to_vec(), None));
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let Some(&e) = b.get(i) else {
            // A lone trailing backslash cannot occur in a well-formed token; keep it.
            out.push(b'\\');
            break;
        };
        i += 1;
        match e {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(10),
            b'r' => out.push(13),
            b't' => out.push(9),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + (d - b'0') as u32;
                            i += 1;
                        }
                        _ => break,
                    }
                }
                if v > 0o377 && warning.is_none() {
                    warning = Some(format!(
                        "invalid octal escape sequence '\\{}'",
                        &body[start + 1..i]
                    ));
                }
                out.push(v as u8);
            }
            b'x' => {
                let d1 = b.get(i).and_then(|&d| (d as char).to_digit(16));
                let d2 = b.get(i + 1).and_then(|&d| (d as char).to_digit(16));
                match (d1, d2) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => {
                        return Err(Some(format!(
                            "(value error) invalid \\x escape at position {start}"
                        )));
                    }
                }
            }
            other => {
                if warning.is_none() {
                    warning = Some(format!("invalid escape sequence '\\{}'", other as char));
                }
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok((out, warning))
}

/// CPython 3.11's limit on the number of digits of a decimal integer literal.
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// Parses an integer literal token (`0x_ff`, `1_000`, ...). Errors carry CPython's message.
pub fn parse_int_literal(text: &str) -> Result<BigInt, String> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let lower = cleaned.to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d, 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d, 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d, 2)
    } else {
        (lower.as_str(), 10)
    };
    if radix == 10 && digits.len() > INT_MAX_STR_DIGITS {
        return Err(format!(
            "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: value \
             has {} digits; use sys.set_int_max_str_digits() to increase the limit - Consider \
             hexadecimal for huge integer literals to avoid decimal conversion limits.",
            digits.len()
        ));
    }
    BigInt::parse_bytes(digits.as_bytes(), radix).ok_or_else(|| "invalid syntax".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_surrogates() {
        let s = decode_str("a\\n\\x41\\u00e9\\U0001F600\\ud800\\101\\q", false, false).unwrap();
        assert_eq!(
            s.code_points().collect::<Vec<_>>(),
            vec![0x61, 10, 0x41, 0xE9, 0x1F600, 0xD800, 0x41, 0x5C, 0x71]
        );
        assert_eq!(
            decode_str("\\N{BULLET}", false, false).unwrap().as_str(),
            Some("\u{2022}")
        );
        assert_eq!(
            decode_str("a\\nb", true, false).unwrap().as_str(),
            Some("a\\nb")
        );
        assert_eq!(
            decode_str("{{x}}", false, true).unwrap().as_str(),
            Some("{x}")
        );
    }

    #[test]
    fn escape_errors_match_cpython() {
        assert_eq!(
            decode_str("\\N{NOT A REAL NAME}", false, false).unwrap_err(),
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-18: unknown Unicode character name"
        );
        assert_eq!(
            decode_str("\\u12", false, false).unwrap_err(),
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \\uXXXX escape"
        );
        assert_eq!(
            decode_str("é\\x", false, false).unwrap_err(),
            "(unicode error) 'unicodeescape' codec can't decode bytes in position 10-11: truncated \\xXX escape"
        );
        assert_eq!(
            decode_bytes("\\x1", false).unwrap_err(),
            Some("(value error) invalid \\x escape at position 0".to_string())
        );
        assert_eq!(decode_bytes("é", false).unwrap_err(), None);
    }

    #[test]
    fn splits_tokens_and_parses_ints() {
        let t = split_string_token("rb'''x'''").unwrap();
        assert!(t.raw && t.bytes && !t.fstring);
        assert_eq!(t.body, "x");
        assert_eq!(split_string_token("f\"\"").unwrap().body, "");
        assert_eq!(parse_int_literal("0x_ff").unwrap(), BigInt::from(255));
        assert_eq!(parse_int_literal("1_000").unwrap(), BigInt::from(1000));
        assert!(
            parse_int_literal(&"1".repeat(4301))
                .unwrap_err()
                .starts_with("Exceeds the limit")
        );
    }
}
