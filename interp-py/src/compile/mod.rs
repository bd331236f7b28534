//! The compiler: Tern's AST to [`CodeObject`]s.
//!
//! Phases, in CPython 3.11's order (so the first error reported is the one CPython reports):
//! `__future__` features ([`future`]), constant folding ([`fold`]), symbol tables
//! ([`symtable`]), code generation (`codegen.rs`, `stmt.rs`, `expr.rs`, `pattern.rs`) and
//! assembly ([`assemble`]).
//!
//! Entry points: [`compile_source`] (bytes of a file, decoded like CPython does),
//! [`compile_text`] (already decoded text) and [`compile_parsed`].

pub mod assemble;
mod codegen;
mod expr;
pub mod fold;
pub mod future;
mod pattern;
mod stmt;
pub mod symtable;
pub mod unparse;

use std::sync::Arc;

use crate::ast::{Loc, Module};
use crate::bytecode::{CodeFlags, CodeObject, Opcode};
use crate::parse::{ParseMode, Parsed};
use crate::source::decode_source;
use crate::syntax_error::{CompileError, SourceFile};
pub use crate::syntax_error::{CompileWarning, WarningCategory};
use codegen::Compiler;
use symtable::SymbolTable;

/// What the source is compiled as (the `mode` argument of `compile()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A module: statements, result `None`.
    Exec,
    /// A single expression whose value is returned.
    Eval,
    /// Interactive input: expression statements print their value (`PRINT_EXPR`).
    Single,
}

/// Options of a compilation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompileOptions {
    /// The mode.
    pub mode: Mode,
    /// Inherited `co_flags` future bits (e.g. `CodeFlags::FUTURE_ANNOTATIONS` when `exec` runs
    /// in a module that imported it).
    pub flags: u32,
}

impl Default for CompileOptions {
    fn default() -> CompileOptions {
        CompileOptions {
            mode: Mode::Exec,
            flags: 0,
        }
    }
}

/// A compiled module (or expression).
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The top-level code object.
    pub code: Arc<CodeObject>,
    /// Warnings produced while compiling.
    pub warnings: Vec<CompileWarning>,
}

/// Compiles the bytes of a source file (decoding them like CPython: BOM, coding cookie).
pub fn compile_source(
    bytes: &[u8],
    filename: &str,
    options: CompileOptions,
) -> Result<Compiled, CompileError> {
    let text = decode_source(bytes, filename)?;
    compile_text(text, filename, options)
}

/// Compiles decoded source text.
pub fn compile_text(
    text: String,
    filename: &str,
    options: CompileOptions,
) -> Result<Compiled, CompileError> {
    let src = SourceFile::new(filename, crate::source::normalize_newlines(text));
    let mode = match options.mode {
        Mode::Eval => ParseMode::Expression,
        Mode::Exec | Mode::Single => ParseMode::Module,
    };
    crate::parse::with_stack_for(src.text.len(), || {
        let (parsed, mut warnings) = crate::parse::parse_with_warnings(&src, mode)?;
        let mut compiled = compile_parsed(parsed, &src, options)?;
        warnings.append(&mut compiled.warnings);
        compiled.warnings = warnings;
        Ok(compiled)
    })
}

/// Compiles a parsed AST. The AST is folded in place first.
pub fn compile_parsed(
    parsed: Parsed,
    src: &SourceFile,
    options: CompileOptions,
) -> Result<Compiled, CompileError> {
    match parsed {
        Parsed::Module(mut module) => compile_module(&mut module, src, options),
        Parsed::Expression(mut expr) => {
            fold::fold_expr(&mut expr);
            let st = SymbolTable::build_expression(&expr, src)?;
            let futures = future::Futures {
                flags: options.flags & CodeFlags::FUTURE_ANNOTATIONS,
                last_line: 0,
            };
            let mut c = Compiler::new(src, &st, futures, false, expr.loc);
            c.set_loc(expr.loc);
            c.expr(&expr)?;
            c.u.b.op(Opcode::ReturnValue);
            finish(c)
        }
    }
}

fn compile_module(
    module: &mut Module,
    src: &SourceFile,
    options: CompileOptions,
) -> Result<Compiled, CompileError> {
    let mut futures = future::parse_futures(module, src)?;
    futures.flags |=
        options.flags & (CodeFlags::FUTURE_ANNOTATIONS | CodeFlags::FUTURE_GENERATOR_STOP);
    let future_annotations = futures.flags & CodeFlags::FUTURE_ANNOTATIONS != 0;
    fold::fold_module(module, future_annotations);
    let module: &Module = module;
    let st = SymbolTable::build(module, src, future_annotations)?;
    let loc = module.body.first().map_or(
        Loc {
            line: 1,
            col: 0,
            end_line: 1,
            end_col: 0,
        },
        |s| s.loc,
    );
    let interactive = options.mode == Mode::Single;
    if interactive {
        check_single_statement(module, src)?;
    }
    let mut c = Compiler::new(src, &st, futures, interactive, loc);
    if interactive {
        c.stmts(&module.body)?;
    } else {
        c.body(&module.body)?;
    }
    c.return_none_if_open();
    finish(c)
}

/// `compile(..., 'single')` accepts one statement (a line of simple statements or one
/// compound statement), with CPython's errors otherwise.
fn check_single_statement(module: &Module, src: &SourceFile) -> Result<(), CompileError> {
    use crate::ast::StmtKind;
    use crate::syntax_error::ErrorKind;
    let Some(first) = module.body.first() else {
        let mut e = src.error_raw(
            ErrorKind::SyntaxError,
            "invalid syntax",
            1,
            0,
            Some(1),
            None,
        );
        e.offset = Some(0);
        e.end_offset = Some(0);
        return Err(e);
    };
    let Some(next) = module.body.iter().find(|s| s.loc.line > first.loc.end_line) else {
        return Ok(());
    };
    let compound = matches!(
        first.kind,
        StmtKind::FunctionDef(_)
            | StmtKind::ClassDef(_)
            | StmtKind::For { .. }
            | StmtKind::While { .. }
            | StmtKind::If { .. }
            | StmtKind::With { .. }
            | StmtKind::Match { .. }
            | StmtKind::Try { .. }
    );
    if compound {
        let l = next.loc;
        return Err(src.error_lc(
            ErrorKind::SyntaxError,
            "invalid syntax",
            l.line,
            l.col,
            l.line,
            l.col + 1,
        ));
    }
    let line = first.loc.end_line;
    let text = src.line(line);
    let col = text.trim_end_matches('\n').len() as u32;
    Err(src.error_lc(
        ErrorKind::SyntaxError,
        "multiple statements found while compiling a single statement",
        line,
        col,
        line,
        col,
    ))
}

fn finish(c: Compiler<'_>) -> Result<Compiled, CompileError> {
    let (code, warnings) = c.finish()?;
    Ok(Compiled {
        code: Arc::new(code),
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::Opcode;

    fn compile(src: &str, mode: Mode) -> Result<Compiled, CompileError> {
        compile_text(src.to_string(), "t.py", CompileOptions { mode, flags: 0 })
    }

    #[test]
    fn single_mode_is_one_statement() {
        let c = compile("x = 1; y\n", Mode::Single).unwrap();
        assert!(c.code.instructions().any(|i| i.opcode == Opcode::PrintExpr));
        let e = compile("x = 1\ny = 2\n", Mode::Single).unwrap_err();
        assert_eq!(
            e.msg,
            "multiple statements found while compiling a single statement"
        );
        assert_eq!((e.lineno, e.offset), (Some(1), Some(6)));
        let e = compile("if x:\n  pass\ny=1\n", Mode::Single).unwrap_err();
        assert_eq!(
            (e.msg.as_str(), e.lineno, e.offset),
            ("invalid syntax", Some(3), Some(1))
        );
    }

    #[test]
    fn eval_mode_returns_the_value() {
        let c = compile("1 + x", Mode::Eval).unwrap();
        let ops: Vec<Opcode> = c.code.instructions().map(|i| i.opcode).collect();
        assert_eq!(
            ops,
            vec![
                Opcode::LoadConst,
                Opcode::LoadName,
                Opcode::BinaryOp,
                Opcode::ReturnValue
            ]
        );
        assert!(compile("x = 1", Mode::Eval).is_err());
    }

    #[test]
    fn warnings_are_reported() {
        let c = compile(
            "x = '\\d'\nif x is 1: pass\ny = 1if x else 2\nassert (x, 'm')\n",
            Mode::Exec,
        )
        .unwrap();
        let msgs: Vec<(u32, &str)> = c
            .warnings
            .iter()
            .map(|w| (w.lineno, w.message.as_str()))
            .collect();
        assert_eq!(
            msgs,
            vec![
                (1, "invalid escape sequence '\\d'"),
                (3, "invalid decimal literal"),
                (2, "\"is\" with a literal. Did you mean \"==\"?"),
                (4, "assertion is always true, perhaps remove parentheses?"),
            ]
        );
    }

    #[test]
    fn future_annotations_flag_propagates() {
        let c = compile(
            "from __future__ import annotations\ndef f(x: int): pass\n",
            Mode::Exec,
        )
        .unwrap();
        assert!(c.code.flags.has(CodeFlags::FUTURE_ANNOTATIONS));
        assert!(
            c.code
                .nested_code()
                .all(|n| n.flags.has(CodeFlags::FUTURE_ANNOTATIONS))
        );
        let inherited = compile_text(
            "x: int = 1".into(),
            "t.py",
            CompileOptions {
                mode: Mode::Exec,
                flags: CodeFlags::FUTURE_ANNOTATIONS,
            },
        )
        .unwrap();
        assert!(
            inherited
                .code
                .consts
                .iter()
                .any(|c| c == &crate::bytecode::Constant::str("int"))
        );
    }
}
