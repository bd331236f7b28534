//! Parsing: source text to Tern's AST, with CPython 3.11's `SyntaxError`s.
//!
//! Pipeline: [`lex_check`] scans for tokenizer errors the way CPython's tokenizer reports them;
//! ruff's parser (target version 3.11, so newer syntax is flagged) builds its AST with error
//! recovery; [`fstring311`] re-checks f-strings with 3.11's rules; [`lower`] converts ruff's AST
//! and validates what CPython's parser validates. When several errors exist, the one CPython
//! would report wins: a tokenizer error reached before the first parser error, or one that
//! CPython re-finds when it tokenizes the rest of the file after a parser error; else the first
//! parser error, mapped from ruff's wording to CPython's (`errors.rs`).
//!
//! The known differences from CPython's messages are listed in `tests/syntax_errors/KNOWN_DIFFERENCES`.

mod errors;
pub mod fstring311;
pub mod lex_check;
pub mod literals;
mod lower;
mod lower_expr;

use ruff_python_ast::PythonVersion;
use ruff_python_parser::{Mode as RuffMode, ParseOptions, parse_unchecked};

use crate::ast;
use crate::syntax_error::{CompileError, CompileWarning, SourceFile};
use errors::{ErrorMapper, MappedError};
use lex_check::TokErrorClass;

pub use lower::MAX_AST_DEPTH;

/// What the source is parsed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseMode {
    /// A module (`exec` / a file).
    Module,
    /// A single expression (`eval`).
    Expression,
}

/// A parsed source.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// A module body.
    Module(ast::Module),
    /// An expression.
    Expression(ast::Expr),
}

/// Runs `f` with enough stack for the recursive passes over a source of `len` bytes: ruff's
/// AST is as deep as the source nests (its parser grows its stack, but dropping the tree is
/// recursive), so the stack is grown on demand, ~512 bytes per source byte (address space
/// only; pages are touched as used).
pub fn with_stack_for<T>(len: usize, f: impl FnOnce() -> T) -> T {
    let needed = (1 << 20) + len.saturating_mul(512);
    match stacker::remaining_stack() {
        Some(left) if left >= needed => f(),
        _ => stacker::grow(needed, f),
    }
}

/// Parses `src`.
pub fn parse(src: &SourceFile, mode: ParseMode) -> Result<Parsed, CompileError> {
    parse_with_warnings(src, mode).map(|(p, _)| p)
}

/// Parses `src`, also returning the warnings the parser emits (invalid escape sequences).
pub fn parse_with_warnings(
    src: &SourceFile,
    mode: ParseMode,
) -> Result<(Parsed, Vec<CompileWarning>), CompileError> {
    with_stack_for(src.text.len(), || parse_inner(src, mode))
}

fn parse_inner(
    src: &SourceFile,
    mode: ParseMode,
) -> Result<(Parsed, Vec<CompileWarning>), CompileError> {
    let lex = lex_check::scan(src);
    if let Some(t) = &lex.error {
        // Do not hand absurd nesting to the parser at all.
        if t.error.msg == "too many nested parentheses" {
            return Err(t.error.clone());
        }
    }
    let ruff_mode = match mode {
        ParseMode::Module => RuffMode::Module,
        ParseMode::Expression => RuffMode::Expression,
    };
    let options = ParseOptions::from(ruff_mode).with_target_version(PythonVersion::PY311);
    let parsed = parse_unchecked(&src.text, options);
    let tokens = parsed.tokens();
    let mapper = ErrorMapper::new(src, tokens, parsed.syntax());

    // The first parser-level error: ruff's errors, then 3.11 f-string errors.
    let mut parser_err: Option<MappedError> = mapper.first_ruff_error(&parsed);
    // Invalid characters are tokenizer errors in CPython: they compete like `lex` errors.
    let mut tok_err = lex.error.clone();
    if let Some(ch_err) = mapper.first_invalid_character(&parsed)
        && tok_err.as_ref().is_none_or(|t| ch_err.pos < t.pos)
    {
        tok_err = Some(ch_err);
    }
    if let Some(f) = mapper.first_fstring_error(&lex.fstrings)
        && parser_err.as_ref().is_none_or(|p| f.pos < p.pos)
    {
        parser_err = Some(f);
    }

    // Lowering: needed for the AST, and to word target/literal errors as CPython does.
    let mut warnings = Vec::new();
    let lowered = if parser_err.as_ref().is_none_or(|p| p.needs_lowering) {
        let mut lowerer = lower::Lowerer::new(src, tokens.as_ref());
        let result = match parsed.syntax() {
            ruff_python_ast::Mod::Module(m) => lowerer.module(m).map(Parsed::Module),
            ruff_python_ast::Mod::Expression(e) => lowerer.expr(&e.body).map(Parsed::Expression),
        };
        warnings = lex
            .warnings
            .iter()
            .map(|(line, message)| CompileWarning {
                category: crate::syntax_error::WarningCategory::SyntaxWarning,
                message: message.clone(),
                filename: src.filename.clone(),
                lineno: *line,
            })
            .collect();
        warnings.extend(lowerer.warnings);
        // The tokenizer and the parser's actions warn as they reach each line.
        warnings.sort_by_key(|w| w.lineno);
        Some(result)
    } else {
        None
    };
    if let Some(p) = &mut parser_err {
        if p.needs_lowering {
            match &lowered {
                Some(Err(e)) if error_pos(src, e).is_none_or(|pos| pos <= p.limit) => {
                    p.error = e.clone();
                    if let Some(pos) = error_pos(src, e) {
                        p.pos = pos;
                    }
                }
                _ => {}
            }
        }
    } else if let Some(Err(e)) = &lowered {
        // Errors only the lowering finds (literal decoding, recursion depth, ...).
        parser_err = Some(MappedError {
            error: e.clone(),
            pos: error_pos(src, e).unwrap_or(0),
            needs_lowering: false,
            skips_tokenizer_recheck: false,
            limit: 0,
            token_line: e.lineno.unwrap_or(0),
        });
    }

    match (tok_err, parser_err) {
        (None, None) => match lowered {
            Some(Ok(p)) => Ok((p, warnings)),
            Some(Err(e)) => Err(e),
            None => unreachable_parse(src),
        },
        (Some(t), None) => Err(t.error),
        (None, Some(p)) => Err(p.error),
        (Some(t), Some(p)) => {
            if t.pos <= p.pos || t.error.msg == p.error.msg {
                return Err(t.error);
            }
            if p.skips_tokenizer_recheck {
                return Err(p.error);
            }
            match t.class {
                TokErrorClass::Raised => Err(t.error),
                TokErrorClass::UnclosedAtEof { bracket_line } if bracket_line < p.token_line => {
                    Err(t.error)
                }
                _ => Err(p.error),
            }
        }
    }
}

fn unreachable_parse(src: &SourceFile) -> Result<(Parsed, Vec<CompileWarning>), CompileError> {
    Err(src.error_at(
        crate::syntax_error::ErrorKind::SyntaxError,
        "invalid syntax",
        0,
        0,
    ))
}

/// The byte offset of an error's start, from its line and character offset.
fn error_pos(src: &SourceFile, e: &CompileError) -> Option<u32> {
    let line = e.lineno?;
    let offset = e.offset?.max(1) as usize;
    let text = src.line(line);
    let byte: usize = text.chars().take(offset - 1).map(char::len_utf8).sum();
    Some(src.index.line_start(line) + byte as u32)
}
