//! Tokenizer for cdef text.
//!
//! Produces the whole token list up front (declaration text is small) or the first lexical
//! error. Handles `//` and `/* */` comments, backslash-newline continuations, integer
//! literals (decimal, octal, hex, binary; `u`/`l`/`ll` suffixes), character literals, and
//! the only accepted preprocessor line, `#define NAME <constant expression>`, which becomes
//! `Define ... DirectiveEnd` so the parser sees the line boundary.
//!
//! Invariants: every token carries the 1-based line and column of its first character;
//! the list always ends with `Eof`; no input makes the lexer panic or loop (each step
//! consumes at least one character or ends).

use crate::error::CdefError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Ident(String),
    Int(i128),
    Punct(&'static str),
    /// `#define` at the start of a line; the macro name follows as an `Ident`.
    Define,
    /// End of a `#define` line.
    DirectiveEnd,
    Eof,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl Tok {
    /// How the token reads in an error message.
    pub(crate) fn describe(&self) -> String {
        match self {
            Tok::Ident(name) => format!("`{name}`"),
            Tok::Int(value) => format!("integer `{value}`"),
            Tok::Punct(p) => format!("`{p}`"),
            Tok::Define => "`#define`".to_string(),
            Tok::DirectiveEnd => "end of the `#define` line".to_string(),
            Tok::Eof => "end of input".to_string(),
        }
    }
}

/// Longest first, so `...` wins over `.` and `<<` over `<`.
const PUNCTS: [&str; 26] = [
    "...", "<<", ">>", "{", "}", "(", ")", "[", "]", ";", ",", "*", "=", ":", "+", "-", "~", "!",
    "/", "%", "&", "|", "^", "?", "<", ">",
];

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: u32,
    column: u32,
    tokens: Vec<Token>,
    in_directive: bool,
    /// True until the first non-blank character of the current line.
    at_line_start: bool,
    char_is_signed: bool,
}

pub(crate) fn tokenize(src: &str, char_is_signed: bool) -> Result<Vec<Token>, CdefError> {
    let mut lexer = Lexer {
        chars: src.chars().collect(),
        pos: 0,
        line: 1,
        column: 1,
        tokens: Vec::new(),
        in_directive: false,
        at_line_start: true,
        char_is_signed,
    };
    lexer.run()?;
    Ok(lexer.tokens)
}

fn error(line: u32, column: u32, message: impl Into<String>) -> CdefError {
    CdefError {
        line,
        column,
        message: message.into(),
    }
}

impl Lexer {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn push(&mut self, tok: Tok, line: u32, column: u32) {
        self.tokens.push(Token { tok, line, column });
    }

    fn end_directive(&mut self) {
        if self.in_directive {
            self.in_directive = false;
            let (line, column) = (self.line, self.column);
            self.push(Tok::DirectiveEnd, line, column);
        }
    }

    fn run(&mut self) -> Result<(), CdefError> {
        while let Some(c) = self.peek(0) {
            let (line, column) = (self.line, self.column);
            match c {
                '\n' => {
                    self.end_directive();
                    self.bump();
                    self.at_line_start = true;
                }
                '\\' if self.peek(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                '\\' if self.peek(1) == Some('\r') && self.peek(2) == Some('\n') => {
                    self.bump();
                    self.bump();
                    self.bump();
                }
                c if c.is_whitespace() => {
                    self.bump();
                }
                '/' if self.peek(1) == Some('/') => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '/' if self.peek(1) == Some('*') => {
                    self.bump();
                    self.bump();
                    loop {
                        match self.peek(0) {
                            None => return Err(error(line, column, "unterminated `/*` comment")),
                            Some('*') if self.peek(1) == Some('/') => {
                                self.bump();
                                self.bump();
                                break;
                            }
                            Some(_) => {
                                self.bump();
                            }
                        }
                    }
                }
                '#' => {
                    if !self.at_line_start || self.in_directive {
                        return Err(error(line, column, "unexpected `#` inside a line"));
                    }
                    self.directive(line, column)?;
                }
                c if c.is_ascii_alphabetic() || c == '_' => {
                    self.at_line_start = false;
                    let mut name = String::new();
                    while let Some(c) = self
                        .peek(0)
                        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                    {
                        name.push(c);
                        self.bump();
                    }
                    self.push(Tok::Ident(name), line, column);
                }
                c if c.is_ascii_digit() => {
                    self.at_line_start = false;
                    let value = self.number(line, column)?;
                    self.push(Tok::Int(value), line, column);
                }
                '.' if self.peek(1).is_some_and(|c| c.is_ascii_digit()) => {
                    return Err(error(
                        line,
                        column,
                        "floating-point constants are not supported",
                    ));
                }
                '\'' => {
                    self.at_line_start = false;
                    let value = self.char_literal(line, column)?;
                    self.push(Tok::Int(value), line, column);
                }
                '"' => {
                    return Err(error(
                        line,
                        column,
                        "string literals are not supported in cdef",
                    ));
                }
                _ => {
                    self.at_line_start = false;
                    let punct = PUNCTS.iter().find(|p| {
                        p.chars()
                            .enumerate()
                            .all(|(i, pc)| self.peek(i) == Some(pc))
                    });
                    match punct {
                        Some(p) => {
                            for _ in 0..p.len() {
                                self.bump();
                            }
                            self.push(Tok::Punct(p), line, column);
                        }
                        None => {
                            return Err(error(line, column, format!("unexpected character `{c}`")));
                        }
                    }
                }
            }
        }
        self.end_directive();
        let (line, column) = (self.line, self.column);
        self.push(Tok::Eof, line, column);
        Ok(())
    }

    fn directive(&mut self, line: u32, column: u32) -> Result<(), CdefError> {
        self.bump(); // '#'
        while self.peek(0).is_some_and(|c| c == ' ' || c == '\t') {
            self.bump();
        }
        let mut name = String::new();
        while let Some(c) = self
            .peek(0)
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            name.push(c);
            self.bump();
        }
        if name != "define" {
            let shown = if name.is_empty() {
                "#".to_string()
            } else {
                format!("#{name}")
            };
            return Err(error(
                line,
                column,
                format!(
                    "unsupported preprocessor directive `{shown}`; only `#define NAME <integer>` is accepted"
                ),
            ));
        }
        self.push(Tok::Define, line, column);
        self.in_directive = true;
        self.at_line_start = false;
        while self.peek(0).is_some_and(|c| c == ' ' || c == '\t') {
            self.bump();
        }
        let (name_line, name_column) = (self.line, self.column);
        let mut macro_name = String::new();
        while let Some(c) = self
            .peek(0)
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            macro_name.push(c);
            self.bump();
        }
        if macro_name.is_empty() || macro_name.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(error(
                name_line,
                name_column,
                "expected a macro name after `#define`",
            ));
        }
        if self.peek(0) == Some('(') {
            return Err(error(
                self.line,
                self.column,
                format!(
                    "function-like macro `{macro_name}` is not supported; only `#define NAME <integer>`"
                ),
            ));
        }
        self.push(Tok::Ident(macro_name), name_line, name_column);
        Ok(())
    }

    fn number(&mut self, line: u32, column: u32) -> Result<i128, CdefError> {
        let (radix, prefix_len) = match (self.peek(0), self.peek(1)) {
            (Some('0'), Some('x' | 'X')) => (16, 2),
            (Some('0'), Some('b' | 'B')) => (2, 2),
            (Some('0'), _) => (8, 0),
            _ => (10, 0),
        };
        for _ in 0..prefix_len {
            self.bump();
        }
        let mut digits = String::new();
        while let Some(c) = self
            .peek(0)
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        {
            if c == '.'
                || (radix == 10 && (c == 'e' || c == 'E'))
                || (radix == 8 && (c == 'e' || c == 'E'))
            {
                return Err(error(
                    line,
                    column,
                    "floating-point constants are not supported",
                ));
            }
            if c.is_digit(radix) {
                digits.push(c);
                self.bump();
            } else {
                break;
            }
        }
        let mut suffix = String::new();
        while let Some(c) = self
            .peek(0)
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            suffix.push(c);
            self.bump();
        }
        let valid_suffix = {
            let lower = suffix.to_ascii_lowercase();
            let longs = lower.matches('l').count();
            let unsigneds = lower.matches('u').count();
            let same_case_ls = !suffix.contains("lL") && !suffix.contains("Ll");
            lower.chars().all(|c| c == 'u' || c == 'l')
                && unsigneds <= 1
                && longs <= 2
                && same_case_ls
                && (longs < 2 || lower.contains("ll"))
        };
        if !valid_suffix {
            return Err(error(
                line,
                column,
                format!("invalid integer literal suffix `{suffix}`"),
            ));
        }
        if digits.is_empty() {
            if radix == 8 {
                return Ok(0); // a lone `0`
            }
            return Err(error(
                line,
                column,
                "expected digits after the integer prefix",
            ));
        }
        match u64::from_str_radix(&digits, radix) {
            Ok(value) => Ok(i128::from(value)),
            Err(_) => Err(error(
                line,
                column,
                "integer literal does not fit in 64 bits",
            )),
        }
    }

    fn char_literal(&mut self, line: u32, column: u32) -> Result<i128, CdefError> {
        self.bump(); // opening quote
        let bad = |message: &str| error(line, column, message.to_string());
        let byte: u32 = match self.bump() {
            None | Some('\n') => return Err(bad("unterminated character literal")),
            Some('\'') => return Err(bad("empty character literal")),
            Some('\\') => match self.bump() {
                Some('n') => 10,
                Some('t') => 9,
                Some('r') => 13,
                Some('a') => 7,
                Some('b') => 8,
                Some('f') => 12,
                Some('v') => 11,
                Some(c @ ('\\' | '\'' | '"' | '?')) => c as u32,
                Some('x') => {
                    let mut value: u32 = 0;
                    let mut count = 0;
                    while let Some(d) = self.peek(0).and_then(|c| c.to_digit(16)) {
                        value = value.saturating_mul(16).saturating_add(d);
                        count += 1;
                        self.bump();
                    }
                    if count == 0 || value > 0xff {
                        return Err(bad("invalid `\\x` escape in character literal"));
                    }
                    value
                }
                Some(c) if c.is_digit(8) => {
                    let mut value = c.to_digit(8).unwrap_or(0);
                    for _ in 0..2 {
                        match self.peek(0).and_then(|c| c.to_digit(8)) {
                            Some(d) => {
                                value = value * 8 + d;
                                self.bump();
                            }
                            None => break,
                        }
                    }
                    if value > 0xff {
                        return Err(bad("octal escape out of range in character literal"));
                    }
                    value
                }
                _ => return Err(bad("unknown escape sequence in character literal")),
            },
            Some(c) if c.is_ascii() => c as u32,
            Some(_) => {
                return Err(bad(
                    "only ASCII characters are supported in character literals",
                ));
            }
        };
        if self.bump() != Some('\'') {
            return Err(bad("expected `'` to close the character literal"));
        }
        let value = i128::from(byte);
        Ok(if self.char_is_signed && value > 127 {
            value - 256
        } else {
            value
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        tokenize(src, true)
            .unwrap()
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn comments_and_punctuation() {
        assert_eq!(
            toks("int /* c */ f(...); // end\n"),
            vec![
                Tok::Ident("int".into()),
                Tok::Ident("f".into()),
                Tok::Punct("("),
                Tok::Punct("..."),
                Tok::Punct(")"),
                Tok::Punct(";"),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn integer_literals_in_all_bases() {
        assert_eq!(
            toks("10 0x1F 017 0b101 0 42ull 7LU '\\n' '\\xff'"),
            vec![
                Tok::Int(10),
                Tok::Int(31),
                Tok::Int(15),
                Tok::Int(5),
                Tok::Int(0),
                Tok::Int(42),
                Tok::Int(7),
                Tok::Int(10),
                Tok::Int(-1),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn define_lines_are_delimited() {
        assert_eq!(
            toks("#define N 4\nint x;"),
            vec![
                Tok::Define,
                Tok::Ident("N".into()),
                Tok::Int(4),
                Tok::DirectiveEnd,
                Tok::Ident("int".into()),
                Tok::Ident("x".into()),
                Tok::Punct(";"),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn positions_are_one_based() {
        let tokens = tokenize("int\n  x;", true).unwrap();
        assert_eq!((tokens[1].line, tokens[1].column), (2, 3));
    }

    #[test]
    fn lexical_errors_have_positions() {
        let e = tokenize("int x;\n  /* open", true).unwrap_err();
        assert_eq!((e.line, e.column), (2, 3));
        assert!(
            tokenize("#include <stdio.h>", true)
                .unwrap_err()
                .message
                .contains("#include")
        );
        assert!(
            tokenize("#define F(x) x", true)
                .unwrap_err()
                .message
                .contains("function-like")
        );
        assert!(
            tokenize("1.5", true)
                .unwrap_err()
                .message
                .contains("floating")
        );
        assert!(
            tokenize("99999999999999999999", true)
                .unwrap_err()
                .message
                .contains("64 bits")
        );
        assert!(
            tokenize("12abc", true)
                .unwrap_err()
                .message
                .contains("suffix")
        );
        assert!(tokenize("int @", true).unwrap_err().message.contains('@'));
    }
}
