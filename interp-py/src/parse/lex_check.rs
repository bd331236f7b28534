//! A scan of the source that finds the errors CPython 3.11's *tokenizer* reports, with CPython's
//! messages and locations.
//!
//! ruff's lexer recovers from these errors and reports them in its own words, and CPython gives
//! tokenizer errors priority over parser errors in a specific way (see `_PyPegen_set_syntax_error`
//! and `_PyPegen_tokenize_full_source_to_check_for_errors`). So the front end scans the source
//! with this small re-implementation of the relevant parts of `Parser/tokenizer.c` and combines
//! the first error found here with ruff's first error (see [`TokErrorClass`]).
//!
//! What is checked: indentation (`IndentationError`, `TabError`, too deep), string literals
//! (unterminated; f-strings are plain strings to the 3.11 tokenizer), brackets (unmatched,
//! mismatched, never closed, too deeply nested), numeric literals, line continuations and EOF
//! after a continuation. What is not: identifiers and stray characters (ruff reports those and
//! the front end maps the message), anything grammatical.
//!
//! Invariant: the scan never fails on source that CPython tokenizes without error (checked by
//! the corpus and stdlib tests).

use crate::syntax_error::{CompileError, ErrorKind, SourceFile};

/// How a tokenizer error competes with a parser error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokErrorClass {
    /// CPython raises it as soon as the tokenizer gets there, and also when it tokenizes the rest
    /// of the file after a parser error: it wins over any parser error.
    Raised,
    /// An error token without an exception (`E_DEDENT`, `E_TABSPACE`, `E_TOODEEP`, `E_EOF`): it
    /// only wins if the parser reaches it, i.e. when no parser error comes earlier.
    WhenReached,
    /// EOF inside brackets: wins when reached, or when the bracket was opened on a line before
    /// the line of the parser error.
    UnclosedAtEof {
        /// Line of the innermost unclosed bracket.
        bracket_line: u32,
    },
}

/// The first tokenizer error of a source.
#[derive(Debug, Clone)]
pub struct TokError {
    /// The error, as CPython reports it.
    pub error: CompileError,
    /// Byte offset at which the tokenizer hit the error.
    pub pos: u32,
    /// Priority class.
    pub class: TokErrorClass,
}

/// An f-string token as CPython 3.11's tokenizer sees it (a plain string token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FStringToken {
    /// Byte offset of the token (prefix included).
    pub start: u32,
    /// Byte offset one past the closing quote.
    pub end: u32,
    /// Byte range of the body (between the quotes).
    pub body: (u32, u32),
    /// Raw (`rf`) string.
    pub raw: bool,
}

/// The result of the scan.
#[derive(Debug, Clone, Default)]
pub struct LexReport {
    /// The first tokenizer error.
    pub error: Option<TokError>,
    /// The f-string tokens before the error (or all of them).
    pub fstrings: Vec<FStringToken>,
    /// `SyntaxWarning`s of the tokenizer: `(line, message)` for numbers directly followed by
    /// a keyword (`1if x else y`).
    pub warnings: Vec<(u32, String)>,
}

const TABSIZE: u32 = 8;
const MAXINDENT: usize = 100;
const MAXLEVEL: usize = 200;

struct Scanner<'a> {
    src: &'a SourceFile,
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
    /// Open brackets: (char, line, byte column).
    brackets: Vec<(u8, u32, u32)>,
    indstack: Vec<u32>,
    altindstack: Vec<u32>,
    fstrings: Vec<FStringToken>,
    warnings: Vec<(u32, String)>,
}

/// Scans `src` and returns the first tokenizer error, if any, and the f-string tokens.
pub fn scan(src: &SourceFile) -> LexReport {
    let mut s = Scanner {
        src,
        bytes: src.text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
        brackets: Vec::new(),
        indstack: vec![0],
        altindstack: vec![0],
        fstrings: Vec::new(),
        warnings: Vec::new(),
    };
    let error = s.run().err();
    LexReport {
        error,
        fstrings: s.fstrings,
        warnings: s.warnings,
    }
}

/// Scans `src` and returns the first tokenizer error, if any.
pub fn check(src: &SourceFile) -> Option<TokError> {
    scan(src).error
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.bytes.get(self.pos + n).copied()
    }

    /// Consumes one byte, tracking lines.
    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.pos += 1;
        if c == b'\n' {
            self.line += 1;
            self.line_start = self.pos;
        }
        Some(c)
    }

    fn line_text_no_nl(&self, line_start: usize) -> String {
        let end = self.bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |p| line_start + p);
        self.src.text[line_start..end].to_string()
    }

    fn chars_between(&self, from: usize, to: usize) -> i32 {
        let mut to = to.min(self.bytes.len());
        while !self.src.text.is_char_boundary(to) {
            to -= 1;
        }
        self.src.text[from..to].chars().count() as i32
    }

    /// CPython's `syntaxerror()`: text is the line without its newline, offset is the number of
    /// characters before the tokenizer's cursor `cur`.
    fn syntax_error_at_cursor(&self, msg: String, cur: usize) -> TokError {
        let offset = self.chars_between(self.line_start, cur);
        self.raised(msg, self.line, self.line_start, offset, offset)
    }

    fn raised(&self, msg: String, line: u32, line_start: usize, offset: i32, end: i32) -> TokError {
        TokError {
            error: CompileError {
                kind: ErrorKind::SyntaxError,
                msg,
                filename: Some(self.src.filename.clone()),
                lineno: Some(line),
                offset: Some(offset),
                end_lineno: Some(line),
                end_offset: Some(end),
                text: Some(self.line_text_no_nl(line_start)),
            },
            pos: self.pos as u32,
            class: TokErrorClass::Raised,
        }
    }

    /// Errors reported through pegen's `tokenizer_error()`: text is the full line.
    fn pegen_error(
        &self,
        kind: ErrorKind,
        msg: &str,
        offset: i32,
        end: i32,
        class: TokErrorClass,
    ) -> TokError {
        // Indentation errors happen when the tokenizer starts the line.
        let pos = if kind == ErrorKind::SyntaxError {
            self.pos
        } else {
            self.line_start
        };
        TokError {
            error: CompileError {
                kind,
                msg: msg.to_string(),
                filename: Some(self.src.filename.clone()),
                lineno: Some(self.line),
                offset: Some(offset),
                end_lineno: Some(self.line),
                end_offset: Some(end),
                text: Some(self.src.error_text(self.line)),
            },
            pos: pos as u32,
            class,
        }
    }

    fn run(&mut self) -> Result<(), TokError> {
        let mut atbol = true;
        loop {
            if atbol {
                atbol = false;
                self.indentation()?;
            }
            // Skip spaces.
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\x0c')) {
                self.bump();
            }
            let Some(c) = self.peek() else {
                return self.at_eof();
            };
            match c {
                b'#' => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.bump();
                    }
                }
                b'\n' => {
                    self.bump();
                    atbol = true;
                }
                b'\\' => {
                    let bs_line_start = self.line_start;
                    self.bump();
                    match self.peek() {
                        Some(b'\n') => {
                            self.bump();
                            if self.peek().is_none() {
                                // `x = 1 + \` at EOF: E_EOF reported on the backslash line.
                                self.line -= 1;
                                let offset = self.chars_between(bs_line_start, self.pos - 1) + 1;
                                let mut e = self.pegen_error(
                                    ErrorKind::SyntaxError,
                                    "unexpected EOF while parsing",
                                    offset,
                                    -1,
                                    TokErrorClass::WhenReached,
                                );
                                // The tokenizer fails where the continuation starts.
                                e.pos = (self.pos - 2) as u32;
                                return Err(e);
                            }
                        }
                        _ => {
                            // col_offset = cur - buf - 1 with cur after the offending char.
                            let offset = self.chars_between(self.line_start, self.pos) + 1;
                            return Err(self.pegen_error(
                                ErrorKind::SyntaxError,
                                "unexpected character after line continuation character",
                                offset,
                                0,
                                TokErrorClass::Raised,
                            ));
                        }
                    }
                }
                b'\'' | b'"' => self.string(self.pos)?,
                b'0'..=b'9' => self.number()?,
                b'.' if matches!(self.peek_at(1), Some(b'0'..=b'9')) => self.number()?,
                b'(' | b'[' | b'{' => {
                    if self.brackets.len() >= MAXLEVEL {
                        self.bump();
                        return Err(self.syntax_error_at_cursor(
                            "too many nested parentheses".into(),
                            self.pos,
                        ));
                    }
                    let col = (self.pos - self.line_start) as u32;
                    self.brackets.push((c, self.line, col));
                    self.bump();
                }
                b')' | b']' | b'}' => {
                    self.bump();
                    let Some((open, open_line, _)) = self.brackets.pop() else {
                        return Err(self.syntax_error_at_cursor(
                            format!("unmatched '{}'", c as char),
                            self.pos,
                        ));
                    };
                    let matching = matches!((open, c), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
                    if !matching {
                        let msg = if open_line != self.line {
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                                c as char, open as char, open_line
                            )
                        } else {
                            format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                c as char, open as char
                            )
                        };
                        return Err(self.syntax_error_at_cursor(msg, self.pos));
                    }
                }
                c if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => {
                    let start = self.pos;
                    while let Some(c) = self.peek() {
                        if c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80 {
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    if matches!(self.peek(), Some(b'\'' | b'"'))
                        && is_string_prefix(&self.bytes[start..self.pos])
                    {
                        self.string(start)?;
                    }
                }
                _ => {
                    self.bump();
                }
            }
        }
    }

    fn at_eof(&mut self) -> Result<(), TokError> {
        if let Some(&(open, line, col)) = self.brackets.last() {
            let offset = self.src.char_offset(line, col);
            return Err(TokError {
                error: CompileError {
                    kind: ErrorKind::SyntaxError,
                    msg: format!("'{}' was never closed", open as char),
                    filename: Some(self.src.filename.clone()),
                    lineno: Some(line),
                    offset: Some(offset),
                    end_lineno: Some(line),
                    end_offset: Some(0),
                    text: Some(self.src.error_text(line)),
                },
                pos: self.pos as u32,
                class: TokErrorClass::UnclosedAtEof { bracket_line: line },
            });
        }
        Ok(())
    }

    /// Indentation at the beginning of a line (CPython's `atbol` block).
    fn indentation(&mut self) -> Result<(), TokError> {
        let mut col = 0u32;
        let mut altcol = 0u32;
        loop {
            match self.peek() {
                Some(b' ') => {
                    col += 1;
                    altcol += 1;
                }
                Some(b'\t') => {
                    col = (col / TABSIZE + 1) * TABSIZE;
                    altcol += 1;
                }
                Some(b'\x0c') => {
                    col = 0;
                    altcol = 0;
                }
                _ => break,
            }
            self.bump();
        }
        let blank = matches!(self.peek(), Some(b'#' | b'\n'));
        if blank || !self.brackets.is_empty() {
            return Ok(());
        }
        let top = *self.indstack.last().unwrap_or(&0);
        let alttop = *self.altindstack.last().unwrap_or(&0);
        let tab_error = |s: &Self| {
            s.pegen_error(
                ErrorKind::TabError,
                "inconsistent use of tabs and spaces in indentation",
                1,
                0,
                TokErrorClass::WhenReached,
            )
        };
        if col == top {
            if altcol != alttop {
                return Err(tab_error(self));
            }
        } else if col > top {
            if self.indstack.len() >= MAXINDENT {
                return Err(self.pegen_error(
                    ErrorKind::IndentationError,
                    "too many levels of indentation",
                    1,
                    0,
                    TokErrorClass::WhenReached,
                ));
            }
            if altcol <= alttop {
                return Err(tab_error(self));
            }
            self.indstack.push(col);
            self.altindstack.push(altcol);
        } else {
            while self.indstack.len() > 1 && col < *self.indstack.last().unwrap_or(&0) {
                self.indstack.pop();
                self.altindstack.pop();
            }
            if col != *self.indstack.last().unwrap_or(&0) {
                // The cursor is at the end of the line (newline included).
                let line_text = self.src.line(self.line);
                let offset = line_text.chars().count() as i32;
                return Err(self.pegen_error(
                    ErrorKind::IndentationError,
                    "unindent does not match any outer indentation level",
                    offset,
                    -1,
                    TokErrorClass::WhenReached,
                ));
            }
            if altcol != *self.altindstack.last().unwrap_or(&0) {
                return Err(tab_error(self));
            }
        }
        Ok(())
    }

    /// A string literal whose token starts at `start` (prefix included); the cursor is on the
    /// opening quote.
    fn string(&mut self, start: usize) -> Result<(), TokError> {
        let prefix = self.src.text[start..self.pos].to_ascii_lowercase();
        let start_line = self.line;
        let start_line_start = self.line_start;
        let quote = self.bump().unwrap_or(b'"');
        let quote_size = if self.peek() == Some(quote) && self.peek_at(1) == Some(quote) {
            self.bump();
            self.bump();
            3
        } else if self.peek() == Some(quote) {
            // Empty string.
            self.bump();
            if prefix.contains('f') {
                self.fstrings.push(FStringToken {
                    start: start as u32,
                    end: self.pos as u32,
                    body: (self.pos as u32 - 1, self.pos as u32 - 1),
                    raw: prefix.contains('r'),
                });
            }
            return Ok(());
        } else {
            1
        };
        let body_start = self.pos;
        let mut end_quote_size = 0;
        while end_quote_size != quote_size {
            let c = self.peek();
            if c.is_none() || (quote_size == 1 && c == Some(b'\n')) {
                let detected = if c.is_none() {
                    self.eof_line()
                } else {
                    self.line
                };
                let kind = if quote_size == 3 {
                    "triple-quoted string"
                } else {
                    "string"
                };
                let offset = self.chars_between(start_line_start, start) + 1;
                return Err(self.raised(
                    format!("unterminated {kind} literal (detected at line {detected})"),
                    start_line,
                    start_line_start,
                    offset,
                    offset,
                ));
            }
            self.bump();
            if c == Some(quote) {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if c == Some(b'\\') {
                    self.bump();
                }
            }
        }
        if prefix.contains('f') {
            self.fstrings.push(FStringToken {
                start: start as u32,
                end: self.pos as u32,
                body: (body_start as u32, (self.pos - quote_size) as u32),
                raw: prefix.contains('r'),
            });
        }
        Ok(())
    }

    /// The line number CPython's tokenizer has when it reaches EOF.
    fn eof_line(&self) -> u32 {
        let lines = self.src.index.line_count();
        if self.src.text.ends_with('\n') || self.src.text.is_empty() {
            lines.saturating_sub(1).max(1)
        } else {
            lines
        }
    }

    fn is_digit(c: Option<u8>) -> bool {
        matches!(c, Some(b'0'..=b'9'))
    }

    /// `tok_decimal_tail`: digits with single underscores; returns the char after them.
    fn decimal_tail(&mut self) -> Result<Option<u8>, TokError> {
        loop {
            while Self::is_digit(self.peek()) {
                self.bump();
            }
            if self.peek() != Some(b'_') {
                return Ok(self.peek());
            }
            self.bump();
            if !Self::is_digit(self.peek()) {
                return Err(self.syntax_error_at_cursor("invalid decimal literal".into(), self.pos));
            }
        }
    }

    /// `verify_end_of_number`: a number may not run into an identifier (except the keywords
    /// that may legally follow a number, which CPython only warns about).
    fn verify_end(&mut self, kind: &str) -> Result<(), TokError> {
        let rest = &self.bytes[self.pos..];
        let keyword_follows = [
            &b"and"[..],
            b"else",
            b"for",
            b"if",
            b"in",
            b"is",
            b"or",
            b"not",
        ]
        .iter()
        .any(|k| rest.starts_with(k));
        if keyword_follows {
            self.warnings
                .push((self.line, format!("invalid {kind} literal")));
            return Ok(());
        }
        // Only ASCII identifier characters; a non-ASCII one starts the next token.
        match self.peek() {
            Some(c) if c == b'_' || c.is_ascii_alphanumeric() => {
                Err(self.syntax_error_at_cursor(format!("invalid {kind} literal"), self.pos))
            }
            _ => Ok(()),
        }
    }

    fn radix_literal(&mut self, kind: &str, is_digit: fn(u8) -> bool) -> Result<(), TokError> {
        // Cursor is after the `0x`/`0o`/`0b` prefix.
        loop {
            if self.peek() == Some(b'_') {
                self.bump();
            }
            match self.peek() {
                Some(c) if is_digit(c) => {}
                Some(c) if c.is_ascii_digit() && kind != "hexadecimal" => {
                    self.bump();
                    return Err(self.syntax_error_at_cursor(
                        format!("invalid digit '{}' in {kind} literal", c as char),
                        self.pos,
                    ));
                }
                _ => {
                    return Err(
                        self.syntax_error_at_cursor(format!("invalid {kind} literal"), self.pos)
                    );
                }
            }
            while matches!(self.peek(), Some(c) if is_digit(c)) {
                self.bump();
            }
            if self.peek() != Some(b'_') {
                break;
            }
        }
        if kind != "hexadecimal"
            && let Some(c) = self.peek().filter(u8::is_ascii_digit)
        {
            self.bump();
            return Err(self.syntax_error_at_cursor(
                format!("invalid digit '{}' in {kind} literal", c as char),
                self.pos,
            ));
        }
        self.verify_end(kind)
    }

    fn number(&mut self) -> Result<(), TokError> {
        let start = self.pos;
        let start_col = self.chars_between(self.line_start, start);
        let first = self.bump();
        let c;
        if first == Some(b'.') {
            return self.fraction();
        }
        if first == Some(b'0') {
            match self.peek() {
                Some(b'x' | b'X') => {
                    self.bump();
                    return self.radix_literal("hexadecimal", |c| c.is_ascii_hexdigit());
                }
                Some(b'o' | b'O') => {
                    self.bump();
                    return self.radix_literal("octal", |c| (b'0'..=b'7').contains(&c));
                }
                Some(b'b' | b'B') => {
                    self.bump();
                    return self.radix_literal("binary", |c| c == b'0' || c == b'1');
                }
                _ => {}
            }
            // Zeros, maybe an old-style octal.
            loop {
                if self.peek() == Some(b'_') {
                    self.bump();
                    if !Self::is_digit(self.peek()) {
                        return Err(
                            self.syntax_error_at_cursor("invalid decimal literal".into(), self.pos)
                        );
                    }
                }
                if self.peek() != Some(b'0') {
                    break;
                }
                self.bump();
            }
            let mut nonzero = false;
            let mut zeros_end = self.pos;
            if Self::is_digit(self.peek()) {
                nonzero = true;
                // CPython's zeros_end is the cursor after reading the first nonzero digit.
                zeros_end = self.pos + 1;
                self.decimal_tail()?;
            }
            c = self.peek();
            match c {
                Some(b'.') => {
                    self.bump();
                    return self.fraction();
                }
                Some(b'e' | b'E') => return self.exponent(),
                Some(b'j' | b'J') => {
                    self.bump();
                    return self.verify_end("imaginary");
                }
                _ if nonzero => {
                    let end = self.chars_between(self.line_start, zeros_end);
                    return Err(self.raised(
                        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers".into(),
                        self.line,
                        self.line_start,
                        start_col + 1,
                        end,
                    ));
                }
                _ => return self.verify_end("decimal"),
            }
        }
        c = self.decimal_tail()?;
        match c {
            Some(b'.') => {
                self.bump();
                self.fraction()
            }
            Some(b'e' | b'E') => self.exponent(),
            Some(b'j' | b'J') => {
                self.bump();
                self.verify_end("imaginary")
            }
            _ => self.verify_end("decimal"),
        }
    }

    /// After the `.` of a float.
    fn fraction(&mut self) -> Result<(), TokError> {
        if Self::is_digit(self.peek()) {
            self.decimal_tail()?;
        }
        match self.peek() {
            Some(b'e' | b'E') => self.exponent(),
            Some(b'j' | b'J') => {
                self.bump();
                self.verify_end("imaginary")
            }
            _ => self.verify_end("decimal"),
        }
    }

    /// On the `e` of an exponent.
    fn exponent(&mut self) -> Result<(), TokError> {
        let e_pos = self.pos;
        self.bump();
        match self.peek() {
            Some(b'+' | b'-') => {
                self.bump();
                if !Self::is_digit(self.peek()) {
                    return Err(
                        self.syntax_error_at_cursor("invalid decimal literal".into(), self.pos)
                    );
                }
            }
            c if !Self::is_digit(c) => {
                // `1else` is legal; `1e` followed by anything identifier-like is not.
                self.pos = e_pos;
                return self.verify_end("decimal");
            }
            _ => {}
        }
        self.decimal_tail()?;
        if matches!(self.peek(), Some(b'j' | b'J')) {
            self.bump();
            return self.verify_end("imaginary");
        }
        self.verify_end("decimal")
    }
}

/// Whether `prefix` is a valid string prefix (any case, any order).
fn is_string_prefix(prefix: &[u8]) -> bool {
    let lower: Vec<u8> = prefix.iter().map(|c| c.to_ascii_lowercase()).collect();
    matches!(
        &lower[..],
        b"r" | b"u" | b"f" | b"b" | b"br" | b"rb" | b"fr" | b"rf"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(text: &str) -> Option<(String, u32, i32, i32, TokErrorClass)> {
        let src = SourceFile::new("t.py", text.to_string());
        check(&src).map(|e| {
            (
                e.error.msg,
                e.error.lineno.unwrap_or(0),
                e.error.offset.unwrap_or(0),
                e.error.end_offset.unwrap_or(0),
                e.class,
            )
        })
    }

    #[test]
    fn valid_code_has_no_errors() {
        for text in [
            "x = 1\nif x:\n    y = (1,\n  2)\n",
            "s = 'a' \"b\" '''c\nd''' rb'\\x'\n",
            "n = 0x_ff + 0o17 + 0b1 + 1_000 + 1.5e-3 + 3j + .5 + 0 + 00 + 1if x else 2\n",
            "def f():\n\tif x:\n\t\treturn 1\n\treturn 2\n",
            "x = [\n1,\n]  # comment\n\n\n",
            "x = 1 + \\\n    2\n",
            "",
            "# only a comment",
        ] {
            assert_eq!(first_error(text), None, "{text:?}");
        }
    }

    #[test]
    fn reports_cpython_tokenizer_errors() {
        use TokErrorClass::*;
        let e = |m: &str, l, o, eo, c| Some((m.to_string(), l, o, eo, c));
        assert_eq!(
            first_error("x = \"abc\n"),
            e(
                "unterminated string literal (detected at line 1)",
                1,
                5,
                5,
                Raised
            )
        );
        assert_eq!(
            first_error("x = \"\"\"abc\n\ny = 2\n"),
            e(
                "unterminated triple-quoted string literal (detected at line 3)",
                1,
                5,
                5,
                Raised
            )
        );
        assert_eq!(
            first_error("x = (1, 2\ny = 3\n"),
            e(
                "'(' was never closed",
                1,
                5,
                0,
                UnclosedAtEof { bracket_line: 1 }
            )
        );
        assert_eq!(first_error("x = 1)\n"), e("unmatched ')'", 1, 6, 6, Raised));
        assert_eq!(
            first_error("x = (1, 2]\n"),
            e(
                "closing parenthesis ']' does not match opening parenthesis '('",
                1,
                10,
                10,
                Raised
            )
        );
        assert_eq!(
            first_error("x = 1_\n"),
            e("invalid decimal literal", 1, 6, 6, Raised)
        );
        assert_eq!(
            first_error("x = 1abc\n"),
            e("invalid decimal literal", 1, 5, 5, Raised)
        );
        assert_eq!(
            first_error("x = 0xg\n"),
            e("invalid hexadecimal literal", 1, 6, 6, Raised)
        );
        assert_eq!(
            first_error("x = 0o8\n"),
            e("invalid digit '8' in octal literal", 1, 7, 7, Raised)
        );
        assert_eq!(
            first_error("x = 0b2\n"),
            e("invalid digit '2' in binary literal", 1, 7, 7, Raised)
        );
        assert_eq!(
            first_error("x = 012\n"),
            e(
                "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                1,
                5,
                6,
                Raised
            )
        );
        assert_eq!(
            first_error("x = 1 \\ 2\n"),
            e(
                "unexpected character after line continuation character",
                1,
                8,
                0,
                Raised
            )
        );
        assert_eq!(
            first_error("x = 1 + \\\n"),
            e("unexpected EOF while parsing", 1, 10, -1, WhenReached)
        );
        assert_eq!(
            first_error("if x:\n        a = 1\n    b = 2\n"),
            e(
                "unindent does not match any outer indentation level",
                3,
                10,
                -1,
                WhenReached
            )
        );
        assert_eq!(
            first_error("if x:\n\ta = 1\n        b = 2\n"),
            e(
                "inconsistent use of tabs and spaces in indentation",
                3,
                1,
                0,
                WhenReached
            )
        );
    }
}
