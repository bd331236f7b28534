//! Mapping ruff's parse errors onto CPython 3.11's `SyntaxError` messages and locations.
//!
//! Each ruff error kind is translated to the message CPython's PEG parser produces for the same
//! mistake, located the way CPython locates it (usually the offending token; CPython's NEWLINE
//! tokens are zero-width; "Perhaps you forgot a comma?" spans both expressions). Errors that
//! CPython raises from its grammar actions on *valid* parse trees (invalid assignment targets,
//! literal decoding) are marked `needs_lowering`: the lowering pass words them exactly. Anything
//! not recognised becomes `invalid syntax` at ruff's location.

use std::cell::OnceCell;

use ruff_python_ast as rast;
use ruff_python_ast::token::{Token, TokenKind};
use ruff_python_ast::visitor::{Visitor, walk_expr};
use ruff_python_parser::ParseOptions;
use ruff_python_parser::{
    InterpolatedStringErrorType, LexicalErrorType, ParseError, ParseErrorType, Parsed,
    UnsupportedSyntaxError, UnsupportedSyntaxErrorKind,
};
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::fstring311::{self, FStringError};
use super::lex_check::{FStringToken, TokError, TokErrorClass};
use crate::bytecode::constant::is_printable;
use crate::syntax_error::{CompileError, ErrorKind, SourceFile};

/// A parser-level error in CPython's words.
#[derive(Debug, Clone)]
pub(crate) struct MappedError {
    /// The error.
    pub error: CompileError,
    /// Byte offset used to order it against other errors.
    pub pos: u32,
    /// The lowering pass words this error (target validity, literal decoding).
    pub needs_lowering: bool,
    /// CPython does not re-tokenize the rest of the file after this error (`unexpected indent`,
    /// `unexpected EOF`), so later tokenizer errors do not replace it.
    pub skips_tokenizer_recheck: bool,
    /// For `needs_lowering` errors: lowering errors up to this offset replace this one.
    pub limit: u32,
    /// Line of the token the parser failed on (CPython compares it with unclosed brackets).
    pub token_line: u32,
}

pub(crate) struct ErrorMapper<'a> {
    src: &'a SourceFile,
    tokens: &'a [Token],
    syntax: &'a rast::Mod,
    expr_ranges: OnceCell<Vec<TextRange>>,
}

struct RangeCollector(Vec<TextRange>);

impl<'a> Visitor<'a> for RangeCollector {
    fn visit_expr(&mut self, expr: &'a rast::Expr) {
        self.0.push(expr.range());
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || walk_expr(self, expr));
    }
}

fn off(t: TextSize) -> u32 {
    t.to_u32()
}

impl<'a> ErrorMapper<'a> {
    pub fn new(src: &'a SourceFile, tokens: &'a [Token], syntax: &'a rast::Mod) -> ErrorMapper<'a> {
        ErrorMapper {
            src,
            tokens,
            syntax,
            expr_ranges: OnceCell::new(),
        }
    }

    fn err(&self, kind: ErrorKind, msg: impl Into<String>, r: TextRange) -> CompileError {
        self.src.error_at(kind, msg, off(r.start()), off(r.end()))
    }

    fn syntax(&self, msg: impl Into<String>, r: TextRange) -> MappedError {
        MappedError {
            error: self.err(ErrorKind::SyntaxError, msg, r),
            pos: off(r.start()),
            needs_lowering: false,
            skips_tokenizer_recheck: false,
            limit: 0,
            token_line: 0,
        }
    }

    fn text(&self, r: TextRange) -> &'a str {
        self.src
            .text
            .get(r.start().to_usize()..r.end().to_usize())
            .unwrap_or("")
    }

    /// Index of the first token starting at or after `pos`.
    fn token_index_at(&self, pos: TextSize) -> usize {
        self.tokens.partition_point(|t| t.range().start() < pos)
    }

    fn is_trivia(kind: TokenKind) -> bool {
        matches!(kind, TokenKind::Comment | TokenKind::NonLogicalNewline)
    }

    fn is_significant(t: &Token) -> bool {
        !Self::is_trivia(t.kind()) && !matches!(t.kind(), TokenKind::Indent | TokenKind::Dedent)
    }

    /// The token at `pos`, as CPython would report it (NEWLINE and EOF zero-width).
    fn token_range_at(&self, pos: TextSize) -> TextRange {
        let idx = self.token_index_at(pos);
        match self.tokens[idx..].iter().find(|t| Self::is_significant(t)) {
            Some(t) if t.range().start() == pos => Self::cpython_token_range(t),
            _ => TextRange::empty(pos),
        }
    }

    fn cpython_token_range(t: &Token) -> TextRange {
        match t.kind() {
            TokenKind::Newline
            | TokenKind::NonLogicalNewline
            | TokenKind::EndOfFile
            | TokenKind::Indent
            | TokenKind::Dedent => TextRange::empty(t.range().start()),
            _ => t.range(),
        }
    }

    /// The first significant token at or after `pos`.
    fn next_token(&self, pos: TextSize) -> Option<&'a Token> {
        self.tokens[self.token_index_at(pos)..]
            .iter()
            .find(|t| Self::is_significant(t))
    }

    /// The last significant token ending at or before `pos`.
    fn prev_token(&self, pos: TextSize) -> Option<&'a Token> {
        let idx = self.tokens.partition_point(|t| t.range().end() <= pos);
        self.tokens[..idx]
            .iter()
            .rev()
            .find(|t| !Self::is_trivia(t.kind()) && !t.range().is_empty())
    }

    /// Unclosed brackets before `pos`.
    fn bracket_depth(&self, pos: TextSize) -> i32 {
        let mut depth = 0;
        for t in &self.tokens[..self.token_index_at(pos)] {
            match t.kind() {
                TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => depth += 1,
                TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        depth
    }

    fn innermost_bracket(&self, pos: TextSize) -> Option<TokenKind> {
        let mut stack = Vec::new();
        for t in &self.tokens[..self.token_index_at(pos)] {
            match t.kind() {
                k @ (TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace) => stack.push(k),
                TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                    stack.pop();
                }
                _ => {}
            }
        }
        stack.pop()
    }

    fn expr_ranges(&self) -> &Vec<TextRange> {
        self.expr_ranges.get_or_init(|| {
            let mut c = RangeCollector(Vec::new());
            match self.syntax {
                rast::Mod::Module(m) => c.visit_body(&m.body),
                rast::Mod::Expression(e) => c.visit_expr(&e.body),
            }
            c.0
        })
    }

    /// The largest expression starting at `pos`.
    fn expr_starting_at(&self, pos: TextSize) -> Option<TextRange> {
        self.expr_ranges()
            .iter()
            .filter(|r| r.start() == pos)
            .max_by_key(|r| r.len())
            .copied()
    }

    /// The outermost expression ending last before `pos`.
    fn expr_ending_before(&self, pos: TextSize) -> Option<TextRange> {
        let ranges = self.expr_ranges();
        let end = ranges
            .iter()
            .filter(|r| r.end() <= pos)
            .map(|r| r.end())
            .max()?;
        ranges
            .iter()
            .filter(|r| r.end() == end)
            .min_by_key(|r| r.start())
            .copied()
    }

    /// The start of the logical line containing `pos` (first token after a NEWLINE/INDENT/DEDENT).
    fn logical_line_start(&self, pos: TextSize) -> Option<&'a Token> {
        let idx = self.token_index_at(pos);
        let mut start = 0;
        for i in (0..idx).rev() {
            if matches!(
                self.tokens[i].kind(),
                TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent
            ) {
                start = i + 1;
                break;
            }
        }
        self.tokens[start..]
            .iter()
            .find(|t| Self::is_significant(t))
    }

    // ---------------------------------------------------------------------------------------

    pub fn first_ruff_error(&self, parsed: &Parsed<rast::Mod>) -> Option<MappedError> {
        let mut best: Option<MappedError> = None;
        let mut consider = |m: MappedError| {
            if best.as_ref().is_none_or(|b| m.pos < b.pos) {
                best = Some(m);
            }
        };
        for e in parsed.errors() {
            if let Some(m) = self.map_parse_error(e) {
                consider(m);
            }
        }
        for e in parsed.unsupported_syntax_errors() {
            if let Some(m) = self.map_unsupported(e) {
                consider(m);
            }
        }
        best
    }

    /// Non-ASCII characters that cannot start or continue an identifier: CPython's tokenizer
    /// raises these itself.
    pub fn first_invalid_character(&self, parsed: &Parsed<rast::Mod>) -> Option<TokError> {
        let mut best: Option<TokError> = None;
        for e in parsed.errors() {
            if let ParseErrorType::Lexical(LexicalErrorType::UnrecognizedToken { tok }) = &e.error {
                if tok.is_ascii() {
                    continue;
                }
                let start = off(e.location.start());
                let (line, col) = self.src.index.line_col(start);
                let msg = if is_printable(*tok) {
                    format!("invalid character '{tok}' (U+{:04X})", *tok as u32)
                } else {
                    format!("invalid non-printable character U+{:04X}", *tok as u32)
                };
                let mut error =
                    self.src
                        .error_raw(ErrorKind::SyntaxError, msg, line, col, Some(line), None);
                error.end_offset = error.offset;
                if let Some(t) = &mut error.text
                    && t.ends_with('\n')
                {
                    t.pop();
                }
                if best.as_ref().is_none_or(|b| start < b.pos) {
                    best = Some(TokError {
                        error,
                        pos: start,
                        class: TokErrorClass::Raised,
                    });
                }
            }
        }
        best
    }

    /// The first error CPython 3.11's f-string parser reports.
    pub fn first_fstring_error(&self, fstrings: &[FStringToken]) -> Option<MappedError> {
        for f in fstrings {
            let body = &self.src.text[f.body.0 as usize..f.body.1 as usize];
            let mut sub_error: Option<CompileError> = None;
            let result = fstring311::scan(body, f.raw, &mut |expr, expr_off| match self
                .check_fstring_expr(expr, f.body.0 + expr_off as u32)
            {
                Ok(()) => Ok(()),
                Err(e) => {
                    sub_error = Some(e);
                    Err(0)
                }
            });
            let error = match result {
                Ok(()) => continue,
                Err(FStringError::Message(msg)) => {
                    let r = next_token_311(&self.src.text, f.end as usize);
                    self.err(ErrorKind::SyntaxError, msg, r)
                }
                Err(FStringError::Expr(_)) => match sub_error {
                    Some(e) => e,
                    None => continue,
                },
            };
            return Some(MappedError {
                error,
                pos: f.start,
                needs_lowering: false,
                skips_tokenizer_recheck: false,
                limit: 0,
                token_line: 0,
            });
        }
        None
    }

    /// The token following `end` as CPython reports it.
    fn token_range_after(&self, end: TextSize) -> TextRange {
        match self.next_token(end) {
            Some(t) => Self::cpython_token_range(t),
            None => TextRange::empty(end),
        }
    }

    /// Parses an f-string expression the way 3.11 does (`(expr)`); errors are located in the
    /// `(expr)` text on the line of the expression and prefixed with `f-string: `.
    fn check_fstring_expr(&self, expr: &str, expr_pos: u32) -> Result<(), CompileError> {
        let wrapped = format!("({expr})");
        let trimmed = expr.trim_start();
        if trimmed.starts_with('*') && !trimmed.starts_with("**") {
            let sub = SourceFile::new(&self.src.filename, format!("{wrapped}\n"));
            let star = 1 + (expr.len() - trimmed.len()) as u32;
            let mut err = sub.error_at(
                ErrorKind::SyntaxError,
                "f-string: cannot use starred expression here",
                star,
                wrapped.trim_end().len() as u32 - 1,
            );
            err.lineno = Some(self.src.index.line_of(expr_pos));
            err.end_lineno = err.lineno;
            return Err(err);
        }
        let parsed = ruff_python_parser::parse_unchecked(
            &wrapped,
            ParseOptions::from(ruff_python_parser::Mode::Expression)
                .with_target_version(ruff_python_ast::PythonVersion::PY311),
        );
        if parsed.errors().is_empty() && parsed.unsupported_syntax_errors().is_empty() {
            // `(*a)` parses, but 3.11 rejects a starred f-string expression.
            if let rast::Mod::Expression(e) = parsed.syntax()
                && let rast::Expr::Starred(s) = &*e.body
            {
                let sub = SourceFile::new(&self.src.filename, format!("{wrapped}\n"));
                let mut err = sub.error_at(
                    ErrorKind::SyntaxError,
                    "f-string: cannot use starred expression here",
                    off(s.range.start()),
                    off(s.range.end()),
                );
                err.lineno = Some(self.src.index.line_of(expr_pos));
                err.end_lineno = err.lineno;
                return Err(err);
            }
            return Ok(());
        }
        let sub = SourceFile::new(&self.src.filename, format!("{wrapped}\n"));
        let sub_mapper = ErrorMapper::new(&sub, parsed.tokens(), parsed.syntax());
        let mapped = sub_mapper.first_ruff_error(&parsed);
        let Some(mut m) = mapped else { return Ok(()) };
        let line_in_expr = m.error.lineno.unwrap_or(1);
        let base_line = self.src.index.line_of(expr_pos);
        m.error.msg = format!("f-string: {}", m.error.msg);
        m.error.lineno = Some(base_line + line_in_expr - 1);
        m.error.end_lineno = m.error.end_lineno.map(|l| base_line + l - 1);
        Err(m.error)
    }

    // ---------------------------------------------------------------------------------------

    fn map_parse_error(&self, e: &ParseError) -> Option<MappedError> {
        let r = e.location;
        let at_token = self.token_range_at(r.start());
        let limit = off(self.token_range_after(r.end()).end()).max(off(r.end()));
        let lowering = |m: MappedError| MappedError {
            needs_lowering: true,
            limit,
            ..m
        };
        let m = match &e.error {
            ParseErrorType::Lexical(lex) => match lex {
                LexicalErrorType::UnrecognizedToken { tok } => {
                    if !tok.is_ascii() {
                        return None;
                    }
                    self.syntax("invalid syntax", r)
                }
                LexicalErrorType::StringError
                | LexicalErrorType::UnicodeError
                | LexicalErrorType::MissingUnicodeLbrace
                | LexicalErrorType::MissingUnicodeRbrace
                | LexicalErrorType::InvalidByteLiteral => {
                    lowering(self.syntax("invalid syntax", r))
                }
                LexicalErrorType::UnclosedStringError => {
                    self.syntax("unterminated string literal", r)
                }
                LexicalErrorType::IndentationError => MappedError {
                    error: self.err(
                        ErrorKind::IndentationError,
                        "unindent does not match any outer indentation level",
                        r,
                    ),
                    pos: off(r.start()),
                    needs_lowering: false,
                    skips_tokenizer_recheck: false,
                    limit: 0,
                    token_line: 0,
                },
                LexicalErrorType::LineContinuationError => {
                    self.syntax("unexpected character after line continuation character", r)
                }
                LexicalErrorType::Eof => MappedError {
                    skips_tokenizer_recheck: true,
                    ..self.syntax("unexpected EOF while parsing", r)
                },
                LexicalErrorType::FStringError(f) | LexicalErrorType::TStringError(f) => {
                    self.syntax(fstring_message(f), self.token_range_after(r.end()))
                }
                LexicalErrorType::OtherError(_) => self.syntax("invalid syntax", at_token),
            },
            ParseErrorType::UnexpectedIndentation => {
                let (line, col) = self.src.index.line_col(off(r.end()));
                let mut error = self.src.error_raw(
                    ErrorKind::IndentationError,
                    "unexpected indent",
                    line,
                    0,
                    Some(line),
                    Some(-1),
                );
                error.offset = Some(col as i32);
                MappedError {
                    error,
                    pos: off(r.start()),
                    needs_lowering: false,
                    skips_tokenizer_recheck: true,
                    limit: 0,
                    token_line: 0,
                }
            }
            ParseErrorType::InvalidAssignmentTarget
            | ParseErrorType::InvalidAnnotatedAssignmentTarget
            | ParseErrorType::InvalidAugmentedAssignmentTarget
            | ParseErrorType::InvalidDeleteTarget
            | ParseErrorType::InvalidNamedAssignmentTarget => {
                lowering(self.syntax("invalid syntax", r))
            }
            ParseErrorType::ExpectedToken { expected, found } => {
                self.expected_token(*expected, *found, r)
            }
            ParseErrorType::ExpectedExpression => self.expected_expression(r),
            ParseErrorType::SimpleStatementsOnSameLine
            | ParseErrorType::SimpleAndCompoundStatementOnSameLine => self
                .legacy_print(r)
                .unwrap_or_else(|| self.syntax("invalid syntax", at_token)),
            ParseErrorType::UnparenthesizedGeneratorExpression => {
                self.syntax("Generator expression must be parenthesized", r)
            }
            ParseErrorType::PositionalAfterKeywordArgument => self.syntax(
                "positional argument follows keyword argument",
                self.token_range_after(r.end()),
            ),
            ParseErrorType::PositionalAfterKeywordUnpacking => self.syntax(
                "positional argument follows keyword argument unpacking",
                self.token_range_after(r.end()),
            ),
            ParseErrorType::InvalidArgumentUnpackingOrder => self.syntax(
                "iterable argument unpacking follows keyword argument unpacking",
                TextRange::at(r.start(), TextSize::new(1)),
            ),
            ParseErrorType::ExpectedKeywordParam => {
                let end = (self.token_index_at(r.start()) + 1).min(self.tokens.len());
                let star = self.tokens[..end]
                    .iter()
                    .rev()
                    .find(|t| t.kind() == TokenKind::Star)
                    .map_or(r, |t| t.range());
                // In a lambda CPython points at the token after `*` (or after `*,`).
                let in_lambda = self.tokens[..self.token_index_at(star.start())]
                    .iter()
                    .rev()
                    .find(|t| matches!(t.kind(), TokenKind::Lambda | TokenKind::Def))
                    .is_some_and(|t| t.kind() == TokenKind::Lambda);
                let at = if in_lambda {
                    match self.next_token(star.end()) {
                        Some(t) if t.kind() == TokenKind::Comma => {
                            self.next_token(t.range().end()).map_or(star, |t| t.range())
                        }
                        Some(t) => t.range(),
                        None => star,
                    }
                } else {
                    star
                };
                self.syntax("named arguments must follow bare *", at)
            }
            ParseErrorType::NonDefaultParamAfterDefaultParam => {
                self.syntax("non-default argument follows default argument", r)
            }
            ParseErrorType::ParamAfterVarKeywordParam => {
                self.syntax("arguments cannot follow var-keyword argument", r)
            }
            ParseErrorType::VarParameterWithDefault => {
                let double = self.tokens[..self.token_index_at(r.start()) + 1]
                    .iter()
                    .rev()
                    .find(|t| matches!(t.kind(), TokenKind::Star | TokenKind::DoubleStar))
                    .is_some_and(|t| t.kind() == TokenKind::DoubleStar);
                let what = if double {
                    "var-keyword"
                } else {
                    "var-positional"
                };
                self.syntax(format!("{what} argument cannot have default value"), r)
            }
            ParseErrorType::IterableUnpackingInComprehension => {
                self.syntax("iterable unpacking cannot be used in comprehension", r)
            }
            ParseErrorType::InvalidMatchPatternTarget => {
                let before = &self.src.text[..r.start().to_usize()];
                if before.trim_end().ends_with("**") {
                    self.syntax("invalid syntax", r)
                } else {
                    self.syntax("cannot use '_' as a target", r)
                }
            }
            ParseErrorType::FStringError(f) | ParseErrorType::TStringError(f) => {
                self.syntax(fstring_message(f), self.token_range_after(r.end()))
            }
            ParseErrorType::InvalidStarredExpressionUsage => {
                let next = self.next_token(r.end());
                if next.is_some_and(|t| t.kind() == TokenKind::Colon) {
                    self.syntax("invalid syntax", self.token_range_after(r.end()))
                } else {
                    self.syntax("cannot use starred expression here", r)
                }
            }
            ParseErrorType::InvalidStarPatternUsage => {
                self.syntax("invalid syntax", self.token_range_after(r.end()))
            }
            ParseErrorType::UnparenthesizedNamedExpression => {
                let idx = self.token_index_at(r.start());
                let walrus = self.tokens[idx..]
                    .iter()
                    .take_while(|t| t.range().start() < r.end())
                    .find(|t| t.kind() == TokenKind::ColonEqual)
                    .map_or(r, |t| t.range());
                self.syntax("invalid syntax", walrus)
            }
            ParseErrorType::OtherError(msg) => self.other_error(msg, r),
            _ => self.syntax("invalid syntax", at_token),
        };
        Some(self.anchored(m, r))
    }

    /// Orders a mapped error by where ruff's parser failed.
    fn anchored(&self, mut m: MappedError, r: TextRange) -> MappedError {
        m.pos = off(r.start());
        m.token_line = self.src.index.line_of(off(r.start()));
        m
    }

    fn other_error(&self, msg: &str, r: TextRange) -> MappedError {
        let at_token = self.token_range_at(r.start());
        if let Some(rest) = msg.strip_prefix("Expected an indented block after ") {
            return self.expected_indented_block(rest, r);
        }
        if msg.starts_with("Only single target") || msg == "Invalid annotated assignment target" {
            let limit = off(self.token_range_after(r.end()).end()).max(off(r.end()));
            return MappedError {
                needs_lowering: true,
                limit,
                ..self.syntax("invalid syntax", r)
            };
        }
        if msg == "Bytes literal cannot be mixed with non-bytes literals" {
            return self.syntax(
                "cannot mix bytes and nonbytes literals",
                self.token_range_after(r.end()),
            );
        }
        if msg == "Star import cannot be parenthesized"
            || msg == "Star import must be the only import"
        {
            let idx = self.token_index_at(r.start());
            let star_pos = self.tokens[idx..]
                .iter()
                .take_while(|t| t.range().start() < r.end())
                .position(|t| t.kind() == TokenKind::Star);
            if let Some(p) = star_pos {
                let star = &self.tokens[idx + p];
                // `(*` and `a, *` fail at the star; `*, a` fails after it.
                let prev = self.prev_token(star.range().start());
                let at = if prev.is_some_and(|t| t.kind() == TokenKind::Import) {
                    self.token_range_after(star.range().end())
                } else {
                    star.range()
                };
                return self.syntax("invalid syntax", at);
            }
        }
        if msg.starts_with("Expected an import name") {
            // `from a import (*)`: CPython stops at the `*` after the parenthesis.
            let at = self.token_range_at(r.start());
            if let Some(t) = self.next_token(r.start())
                && t.kind() == TokenKind::Lpar
                && let Some(star) = self.next_token(t.range().end())
            {
                return self.syntax("invalid syntax", star.range());
            }
            return self.syntax("invalid syntax", at);
        }
        match msg {
            "Expected a parameter name" => {
                // `f(a.b=1)`: a keyword argument whose name is an expression.
                if let Some(eq) = self
                    .next_token(r.end())
                    .filter(|t| t.kind() == TokenKind::Equal)
                {
                    let text = self.text(r).trim();
                    if matches!(text, "True" | "False" | "None") {
                        return self.syntax(
                            format!("cannot assign to {text}"),
                            TextRange::new(r.start(), eq.range().end()),
                        );
                    }
                    return self.syntax(
                        "expression cannot contain assignment, perhaps you meant \"==\"?",
                        TextRange::new(r.start(), eq.range().end()),
                    );
                }
                self.syntax("invalid syntax", at_token)
            }
            "Trailing comma not allowed" => self.syntax(
                "trailing comma not allowed without surrounding parentheses",
                self.token_range_after(r.end()),
            ),
            "Expected `except` or `finally` after `try` block" => {
                self.syntax("expected 'except' or 'finally' block", at_token)
            }
            "Cannot have both 'except' and 'except*' on the same 'try'" => {
                let kw = self.next_token(r.start()).map_or(r, |t| t.range());
                self.syntax(
                    "cannot have both 'except' and 'except*' on the same 'try'",
                    kw,
                )
            }
            "Expected one or more exception types" => {
                self.syntax("expected one or more exception types", at_token)
            }
            "Positional patterns cannot follow keyword patterns" => {
                self.syntax("positional patterns follow keyword patterns", r)
            }
            _ => self.syntax("invalid syntax", at_token),
        }
    }

    fn expected_indented_block(&self, what: &str, r: TextRange) -> MappedError {
        let clause = what
            .trim()
            .replace("`class` definition", "class definition")
            .replace("`function` definition", "function definition")
            .replace('`', "'")
            .replace(" clause", " statement")
            .replace(" block", " statement");
        // The header line: the logical line of the last `:` before the error.
        let idx = self.token_index_at(r.start());
        let colon = self.tokens[..idx]
            .iter()
            .rev()
            .find(|t| t.kind() == TokenKind::Colon);
        let header_line = colon
            .and_then(|c| self.logical_line_start(c.range().start()))
            .map_or(1, |t| self.src.index.line_of(off(t.range().start())));
        let msg = format!("expected an indented block after {clause} on line {header_line}");
        let token = self.tokens.get(idx);
        let error = match token {
            Some(t)
                if !matches!(
                    t.kind(),
                    TokenKind::Newline | TokenKind::EndOfFile | TokenKind::NonLogicalNewline
                ) =>
            {
                self.err(ErrorKind::IndentationError, msg, t.range())
            }
            _ => {
                let line =
                    (self.src.index.line_of(off(r.start())) + 1).min(self.src.index.line_count());
                let mut e = self.src.error_raw(
                    ErrorKind::IndentationError,
                    msg,
                    line,
                    0,
                    Some(line),
                    Some(-1),
                );
                if e.text.as_deref() == Some("") {
                    e.text = Some("\n".into());
                }
                e
            }
        };
        MappedError {
            error,
            pos: off(r.start()),
            needs_lowering: false,
            skips_tokenizer_recheck: false,
            limit: 0,
            token_line: 0,
        }
    }

    fn expected_token(&self, expected: TokenKind, found: TokenKind, r: TextRange) -> MappedError {
        let at_token = self.token_range_at(r.start());
        match expected {
            TokenKind::Colon => {
                if found == TokenKind::Equal
                    && let Some(m) = self.assignment_in_condition(r)
                {
                    return m;
                }
                if matches!(found, TokenKind::Rbrace | TokenKind::Comma)
                    && self.innermost_bracket(r.start()) == Some(TokenKind::Lbrace)
                    && let Some(key) = self.expr_ending_before(r.start())
                {
                    let (line, col) = self.src.index.line_col(off(key.start()));
                    let (end_line, _) = self.src.index.line_col(off(key.end()));
                    let error = self.src.error_raw(
                        ErrorKind::SyntaxError,
                        "':' expected after dictionary key",
                        line,
                        col,
                        Some(end_line),
                        Some(0),
                    );
                    return MappedError {
                        error,
                        pos: off(key.start()),
                        needs_lowering: false,
                        skips_tokenizer_recheck: false,
                        limit: 0,
                        token_line: 0,
                    };
                }
                self.syntax("expected ':'", at_token)
            }
            TokenKind::Comma if is_augassign(found) => {
                let first = self.logical_line_start(r.start());
                let start = first.map_or(r.start(), |t| t.range().start());
                let end = self
                    .prev_token(r.start())
                    .map_or(r.start(), |t| t.range().end());
                self.syntax(
                    "'tuple' is an illegal expression for augmented assignment",
                    TextRange::new(start, end.max(start)),
                )
            }
            TokenKind::Comma | TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => self
                .forgot_comma(r)
                .unwrap_or_else(|| self.syntax("invalid syntax", at_token)),
            TokenKind::Lpar => {
                let prev = self.prev_token(r.start());
                let before_prev = prev.and_then(|p| self.prev_token(p.range().start()));
                if before_prev.is_some_and(|t| t.kind() == TokenKind::Def) {
                    self.syntax("expected '('", at_token)
                } else {
                    self.syntax("invalid syntax", at_token)
                }
            }
            _ => self.syntax("invalid syntax", at_token),
        }
    }

    /// `if x = 1:` -> "invalid syntax. Maybe you meant '==' or ':=' instead of '='?".
    fn assignment_in_condition(&self, eq: TextRange) -> Option<MappedError> {
        let lhs = self.expr_ending_before(eq.start())?;
        // The value: tokens up to the `:` / newline at the same bracket depth.
        let idx = self.token_index_at(eq.end());
        let mut depth = 0;
        let mut end = eq.end();
        for t in &self.tokens[idx..] {
            match t.kind() {
                TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => depth += 1,
                TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                TokenKind::Colon | TokenKind::Newline | TokenKind::EndOfFile if depth == 0 => break,
                k if Self::is_trivia(k) => continue,
                _ => {}
            }
            end = t.range().end();
        }
        let is_name = self
            .text(lhs)
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_');
        let msg = if is_name {
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?".to_string()
        } else {
            "invalid syntax".to_string()
        };
        Some(self.syntax(msg, TextRange::new(lhs.start(), end)))
    }

    /// "invalid syntax. Perhaps you forgot a comma?" for two adjacent expressions in brackets.
    fn forgot_comma(&self, r: TextRange) -> Option<MappedError> {
        if self.bracket_depth(r.start()) == 0 {
            return None;
        }
        let b = self
            .expr_starting_at(r.start())
            .or_else(|| self.next_token(r.start()).map(|t| t.range()))?;
        let a = self.expr_ending_before(r.start())?;
        // `!(NAME STRING | SOFT_KEYWORD)` at the start of `a`, and not a legacy print/exec.
        let idx = self.token_index_at(a.start());
        let first = self.tokens.get(idx)?;
        let second = self.tokens[idx + 1..]
            .iter()
            .find(|t| !Self::is_trivia(t.kind()));
        if matches!(
            first.kind(),
            TokenKind::Match | TokenKind::Case | TokenKind::Type
        ) {
            return None;
        }
        if first.kind() == TokenKind::Name {
            if self.text(first.range()) == "_" {
                return None;
            }
            if second
                .is_some_and(|t| matches!(t.kind(), TokenKind::String | TokenKind::FStringStart))
            {
                return None;
            }
        }
        Some(self.syntax(
            "invalid syntax. Perhaps you forgot a comma?",
            TextRange::new(a.start(), b.end()),
        ))
    }

    /// `print "x"` / `exec "x"`.
    fn legacy_print(&self, r: TextRange) -> Option<MappedError> {
        let prev = self.prev_token(r.start())?;
        let name = self.text(prev.range());
        if prev.kind() != TokenKind::Name || !matches!(name, "print" | "exec") {
            return None;
        }
        let line_start = self.logical_line_start(prev.range().start())?;
        if line_start.range() != prev.range() {
            return None;
        }
        // The end of the logical line.
        let idx = self.token_index_at(r.start());
        let mut end = r.end();
        for t in &self.tokens[idx..] {
            if matches!(
                t.kind(),
                TokenKind::Newline | TokenKind::EndOfFile | TokenKind::Semi
            ) {
                break;
            }
            if !Self::is_trivia(t.kind()) {
                end = t.range().end();
            }
        }
        Some(self.syntax(
            format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?"),
            TextRange::new(prev.range().start(), end),
        ))
    }

    fn expected_expression(&self, r: TextRange) -> MappedError {
        let at_token = self.token_range_at(r.start());
        if let Some(prev) = self.prev_token(r.start()) {
            if prev.kind() == TokenKind::Rarrow {
                return self.syntax("expected ':'", prev.range());
            }
            let found = self.next_token(r.start()).map(|t| t.kind());
            if prev.kind() == TokenKind::Colon
                && matches!(found, Some(TokenKind::Rbrace | TokenKind::Comma))
                && self.innermost_bracket(r.start()) == Some(TokenKind::Lbrace)
            {
                return self.syntax(
                    "expression expected after dictionary key and ':'",
                    prev.range(),
                );
            }
        }
        self.syntax("invalid syntax", at_token)
    }

    fn map_unsupported(&self, e: &UnsupportedSyntaxError) -> Option<MappedError> {
        use UnsupportedSyntaxErrorKind as K;
        let r = e.range;
        let m = match e.kind {
            K::TypeAliasStatement => self.syntax("invalid syntax", self.token_range_after(r.end())),
            K::TypeParameterList | K::TypeParamDefault => {
                let bracket = self.token_range_at(r.start());
                let prev = self.prev_token(r.start());
                let kw = prev.and_then(|p| self.prev_token(p.range().start()));
                if kw.is_some_and(|t| t.kind() == TokenKind::Def) {
                    self.syntax("expected '('", bracket)
                } else {
                    self.syntax("invalid syntax", bracket)
                }
            }
            K::Pep701FString(kind) => {
                let msg = match format!("{kind:?}").as_str() {
                    "Backslash" => "f-string expression part cannot include a backslash",
                    "Comment" => "f-string expression part cannot include '#'",
                    _ => "invalid syntax",
                };
                // Usually superseded by the 3.11 f-string scan, which sees the real token.
                self.syntax(msg, self.token_range_after(r.end()))
            }
            K::UnpackingInComprehension(kind) => {
                if format!("{kind:?}") == "DictInDict" {
                    let stars = TextRange::at(r.start(), TextSize::new(2).min(r.len()));
                    self.syntax("dict unpacking cannot be used in dict comprehension", stars)
                } else {
                    self.syntax("iterable unpacking cannot be used in comprehension", r)
                }
            }
            K::UnparenthesizedExceptionTypes => {
                self.syntax("multiple exception types must be parenthesized", r)
            }
            K::TemplateStrings => {
                let start = r.start() + TextSize::new(1);
                self.syntax(
                    "invalid syntax",
                    TextRange::new(start.min(r.end()), r.end()),
                )
            }
            K::LazyImportStatement => {
                self.syntax("invalid syntax", self.token_range_after(r.end()))
            }
            K::ParenthesizedKeywordArgumentName => self.syntax(
                "expression cannot contain assignment, perhaps you meant \"==\"?",
                r,
            ),
            // ruff only reports kinds unsupported by the target version (3.11).
            _ => self.syntax("invalid syntax", r),
        };
        Some(self.anchored(m, r))
    }
}

fn is_augassign(k: TokenKind) -> bool {
    matches!(
        k,
        TokenKind::PlusEqual
            | TokenKind::MinusEqual
            | TokenKind::StarEqual
            | TokenKind::SlashEqual
            | TokenKind::DoubleSlashEqual
            | TokenKind::PercentEqual
            | TokenKind::AmperEqual
            | TokenKind::VbarEqual
            | TokenKind::CircumflexEqual
            | TokenKind::LeftShiftEqual
            | TokenKind::RightShiftEqual
            | TokenKind::DoubleStarEqual
            | TokenKind::AtEqual
    )
}

/// The extent of the token CPython 3.11's tokenizer would produce at or after byte `pos` of
/// `text` (NEWLINE and end of file are zero-width; comments are skipped to the newline).
pub(crate) fn next_token_311(text: &str, pos: usize) -> TextRange {
    let b = text.as_bytes();
    let mut i = pos.min(b.len());
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\x0c') {
        i += 1;
    }
    if i < b.len() && b[i] == b'#' {
        while i < b.len() && b[i] != b'\n' {
            i += 1;
        }
    }
    let start = i;
    if i >= b.len() || b[i] == b'\n' {
        return TextRange::empty(TextSize::new(start as u32));
    }
    let c = b[i];
    if c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80 {
        while i < b.len()
            && (b[i] == b'_'
                || b[i].is_ascii_alphanumeric()
                || b[i] >= 0x80
                || (b[i] == b'.' && b[start].is_ascii_digit()))
        {
            i += 1;
        }
    } else {
        const OPS: [&str; 30] = [
            "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", ">>", "<<", "<=", ">=", "==",
            "!=", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/",
            "%", "@",
        ];
        let rest = &text[i..];
        let len = OPS.iter().find(|op| rest.starts_with(**op)).map_or_else(
            || rest.chars().next().map_or(1, char::len_utf8),
            |op| op.len(),
        );
        i += len;
    }
    TextRange::new(TextSize::new(start as u32), TextSize::new(i as u32))
}

fn fstring_message(f: &InterpolatedStringErrorType) -> String {
    match f {
        InterpolatedStringErrorType::UnclosedLbrace => "f-string: expecting '}'".into(),
        InterpolatedStringErrorType::InvalidConversionFlag
        | InterpolatedStringErrorType::ConversionFlagNotImmediatelyAfterExclamation => {
            "f-string: invalid conversion character: expected 's', 'r', or 'a'".into()
        }
        InterpolatedStringErrorType::SingleRbrace => "f-string: single '}' is not allowed".into(),
        InterpolatedStringErrorType::UnterminatedString
        | InterpolatedStringErrorType::UnterminatedTripleQuotedString => {
            "f-string: unterminated string".into()
        }
        InterpolatedStringErrorType::LambdaWithoutParentheses => "f-string: invalid syntax".into(),
        InterpolatedStringErrorType::NewlineInFormatSpec => "f-string: expecting '}'".into(),
    }
}
