//! CPython 3.11's f-string scanner (`fstring_find_literal` / `fstring_find_expr` of
//! `Parser/string_parser.c`), used only to report f-string errors the way 3.11 does.
//!
//! In 3.11 an f-string is one plain string token; its body is then split into literal parts and
//! `{expression!conversion:format_spec}` fields by this scanner. ruff lexes f-strings with the
//! Python 3.12 rules instead (nested quotes, backslashes and comments are allowed there), so the
//! front end runs this scanner over every f-string token as 3.11 sees it and reports its first
//! error. Expression texts are handed to a callback that parses them as CPython does (as
//! `(expr)`), so expression errors come before conversion and format-spec errors, as in 3.11.

/// An f-string scan error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FStringError {
    /// A structural error with CPython's message.
    Message(String),
    /// The callback rejected an expression; the payload is whatever the callback returned.
    Expr(usize),
}

const MAXLEVEL: usize = 200;

/// The expression-check callback: `(expression text, byte offset of the text in the body)`.
/// Returns `Err(tag)` to abort the scan with [`FStringError::Expr`].
pub type ExprCheck<'a> = dyn FnMut(&str, usize) -> Result<(), usize> + 'a;

/// Scans the body of an f-string token.
pub fn scan(body: &str, raw: bool, check_expr: &mut ExprCheck<'_>) -> Result<(), FStringError> {
    let b = body.as_bytes();
    let mut pos = 0usize;
    parse(b, &mut pos, raw, 0, body, check_expr)
}

fn msg(s: impl Into<String>) -> FStringError {
    FStringError::Message(s.into())
}

/// `fstring_parse`: literals and fields until the end (level 0) or a `}` (format specs).
fn parse(
    b: &[u8],
    pos: &mut usize,
    raw: bool,
    level: u32,
    body: &str,
    check_expr: &mut ExprCheck<'_>,
) -> Result<(), FStringError> {
    loop {
        // fstring_find_literal
        let mut doubled = false;
        while *pos < b.len() {
            let mut ch = b[*pos];
            *pos += 1;
            if !raw && ch == b'\\' && *pos < b.len() {
                ch = b[*pos];
                *pos += 1;
                if ch == b'N' {
                    if *pos < b.len() {
                        let c = b[*pos];
                        *pos += 1;
                        if c == b'{' {
                            while *pos < b.len() {
                                let c = b[*pos];
                                *pos += 1;
                                if c == b'}' {
                                    break;
                                }
                            }
                        }
                    }
                    continue;
                }
            }
            if ch == b'{' || ch == b'}' {
                if level == 0 {
                    if *pos < b.len() && b[*pos] == ch {
                        *pos += 1;
                        doubled = true;
                        break;
                    }
                    if ch == b'}' {
                        return Err(msg("f-string: single '}' is not allowed"));
                    }
                }
                *pos -= 1;
                break;
            }
        }
        if doubled {
            continue;
        }
        if *pos >= b.len() || b[*pos] == b'}' {
            break;
        }
        find_expr(b, pos, raw, level, body, check_expr)?;
    }
    if level != 0 && (*pos >= b.len() || b[*pos] != b'}') {
        return Err(msg("f-string: expecting '}'"));
    }
    Ok(())
}

/// `fstring_find_expr`: the cursor is on a `{`.
fn find_expr(
    b: &[u8],
    pos: &mut usize,
    raw: bool,
    level: u32,
    body: &str,
    check_expr: &mut ExprCheck<'_>,
) -> Result<(), FStringError> {
    if level >= 2 {
        return Err(msg("f-string: expressions nested too deeply"));
    }
    *pos += 1;
    let expr_start = *pos;
    let mut quote_char = 0u8;
    let mut string_type = 0;
    let mut parens: Vec<u8> = Vec::new();
    while *pos < b.len() {
        let ch = b[*pos];
        if ch == b'\\' {
            return Err(msg("f-string expression part cannot include a backslash"));
        }
        if quote_char != 0 {
            if ch == quote_char {
                if string_type == 3 {
                    if *pos + 2 < b.len() && b[*pos + 1] == ch && b[*pos + 2] == ch {
                        *pos += 3;
                        string_type = 0;
                        quote_char = 0;
                        continue;
                    }
                } else {
                    quote_char = 0;
                    string_type = 0;
                    *pos += 1;
                    continue;
                }
            }
        } else if ch == b'\'' || ch == b'"' {
            if *pos + 2 < b.len() && b[*pos + 1] == ch && b[*pos + 2] == ch {
                string_type = 3;
                *pos += 2;
            } else {
                string_type = 1;
            }
            quote_char = ch;
        } else if ch == b'[' || ch == b'{' || ch == b'(' {
            if parens.len() >= MAXLEVEL {
                return Err(msg("f-string: too many nested parenthesis"));
            }
            parens.push(ch);
        } else if ch == b'#' {
            return Err(msg("f-string expression part cannot include '#'"));
        } else if parens.is_empty() && matches!(ch, b'!' | b':' | b'}' | b'=' | b'>' | b'<') {
            if *pos + 1 < b.len() {
                let next = b[*pos + 1];
                if (ch == b'!' || ch == b'=' || ch == b'<' || ch == b'>') && next == b'=' {
                    *pos += 2;
                    continue;
                }
                if ch == b'>' || ch == b'<' {
                    *pos += 1;
                    continue;
                }
            }
            break;
        } else if ch == b']' || ch == b'}' || ch == b')' {
            let Some(open) = parens.pop() else {
                return Err(msg(format!("f-string: unmatched '{}'", ch as char)));
            };
            if !matches!((open, ch), (b'(', b')') | (b'[', b']') | (b'{', b'}')) {
                return Err(msg(format!(
                    "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                    ch as char, open as char
                )));
            }
        }
        *pos += 1;
    }
    let expr_end = *pos;
    if quote_char != 0 {
        return Err(msg("f-string: unterminated string"));
    }
    if let Some(&open) = parens.last() {
        return Err(msg(format!("f-string: unmatched '{}'", open as char)));
    }
    if *pos >= b.len() {
        return Err(msg("f-string: expecting '}'"));
    }
    // fstring_compile_expr
    let expr = &body[expr_start..expr_end];
    if expr
        .bytes()
        .all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\x0c'))
    {
        let next = b[expr_end];
        if matches!(next, b'!' | b':' | b'=') {
            return Err(msg(format!(
                "f-string: expression required before '{}'",
                next as char
            )));
        }
        return Err(msg("f-string: empty expression not allowed"));
    }
    check_expr(expr, expr_start).map_err(FStringError::Expr)?;
    if b[*pos] == b'=' {
        *pos += 1;
        while *pos < b.len() && b[*pos].is_ascii_whitespace() {
            *pos += 1;
        }
    }
    if *pos < b.len() && b[*pos] == b'!' {
        *pos += 1;
        if *pos >= b.len() {
            return Err(msg("f-string: expecting '}'"));
        }
        let conversion = b[*pos];
        *pos += 1;
        if !matches!(conversion, b's' | b'r' | b'a') {
            return Err(msg(
                "f-string: invalid conversion character: expected 's', 'r', or 'a'",
            ));
        }
    }
    if *pos >= b.len() {
        return Err(msg("f-string: expecting '}'"));
    }
    if b[*pos] == b':' {
        *pos += 1;
        if *pos >= b.len() {
            return Err(msg("f-string: expecting '}'"));
        }
        parse(b, pos, raw, level + 1, body, check_expr)?;
    }
    if *pos >= b.len() || b[*pos] != b'}' {
        return Err(msg("f-string: expecting '}'"));
    }
    *pos += 1;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str) -> Result<Vec<String>, FStringError> {
        let mut exprs = Vec::new();
        scan(body, false, &mut |e, _| {
            exprs.push(e.to_string());
            Ok(())
        })
        .map(|_| exprs)
    }

    fn err(body: &str) -> String {
        match check(body) {
            Err(FStringError::Message(m)) => m,
            other => panic!("{body:?}: {other:?}"),
        }
    }

    #[test]
    fn finds_expressions() {
        assert_eq!(check("a{x}b{y!r:>{w}}{{z}}").unwrap(), vec!["x", "y", "w"]);
        assert_eq!(check("{a!=b}{c>d}{e=}").unwrap(), vec!["a!=b", "c>d", "e"]);
        assert_eq!(check("{x['a']}").unwrap(), vec!["x['a']"]);
    }

    #[test]
    fn reports_311_errors() {
        assert_eq!(err("{}"), "f-string: empty expression not allowed");
        assert_eq!(err("{!r}"), "f-string: expression required before '!'");
        assert_eq!(err("a}b"), "f-string: single '}' is not allowed");
        assert_eq!(err("{a"), "f-string: expecting '}'");
        assert_eq!(
            err("{a!x}"),
            "f-string: invalid conversion character: expected 's', 'r', or 'a'"
        );
        assert_eq!(err("{x["), "f-string: unmatched '['");
        assert_eq!(
            err("{a # c}"),
            "f-string expression part cannot include '#'"
        );
        assert_eq!(
            err("{'\\n'}"),
            "f-string expression part cannot include a backslash"
        );
        assert_eq!(
            err("{x:{y:{z}}}"),
            "f-string: expressions nested too deeply"
        );
    }
}
