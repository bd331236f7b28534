//! `from __future__ import ...` (CPython's `future.c`): the leading future imports of a module,
//! their validity, and the compiler flags they switch on.
//!
//! Only `annotations` changes compilation (annotations become strings, `CO_FUTURE_ANNOTATIONS`);
//! the other 3.11 features are accepted and have no effect (they are always on). `barry_as_FLUFL`
//! is accepted but the `<>` operator it enables is not supported by the parser.

use crate::ast::{Module, StmtKind};
use crate::bytecode::CodeFlags;
use crate::syntax_error::{CompileError, ErrorKind, SourceFile};

/// The future features of a module.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Futures {
    /// `co_flags` bits to set on every code object.
    pub flags: u32,
    /// Line of the last leading `from __future__` statement (0 if none).
    pub last_line: u32,
}

const FEATURES: &[&str] = &[
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

/// Scans the leading statements (after an optional docstring) for future imports.
pub fn parse_futures(module: &Module, src: &SourceFile) -> Result<Futures, CompileError> {
    let mut futures = Futures::default();
    let mut done = false;
    let mut prev_line = 0;
    for (i, stmt) in module.body.iter().enumerate() {
        if i == 0
            && let StmtKind::Expr(e) = &stmt.kind
            && matches!(e.as_constant(), Some(crate::bytecode::Constant::Str(_)))
        {
            continue;
        }
        // After the first other statement, only statements on the same line are looked at
        // (`import x; from __future__ import y` is reported here).
        if done && stmt.loc.line > prev_line {
            break;
        }
        prev_line = stmt.loc.line;
        match &stmt.kind {
            StmtKind::ImportFrom {
                module: Some(m),
                names,
                ..
            } if &**m == "__future__" => {
                if done {
                    let mut e = error(
                        src,
                        "from __future__ imports must occur at the beginning of the file",
                        stmt.loc.line,
                        stmt.loc.col,
                    );
                    // CPython passes the 0-based column as the offset here.
                    e.offset = Some(stmt.loc.col as i32);
                    return Err(e);
                }
                for alias in names {
                    let name = &*alias.name;
                    if name == "braces" {
                        return Err(error(src, "not a chance", stmt.loc.line, stmt.loc.col));
                    }
                    if !FEATURES.contains(&name) {
                        return Err(error(
                            src,
                            &format!("future feature {name} is not defined"),
                            stmt.loc.line,
                            stmt.loc.col,
                        ));
                    }
                    if name == "annotations" {
                        futures.flags |= CodeFlags::FUTURE_ANNOTATIONS;
                    }
                    if name == "generator_stop" {
                        futures.flags |= CodeFlags::FUTURE_GENERATOR_STOP;
                    }
                }
                futures.last_line = stmt.loc.line;
            }
            _ => done = true,
        }
    }
    Ok(futures)
}

fn error(src: &SourceFile, msg: &str, line: u32, col: u32) -> CompileError {
    // CPython reports these with the statement's start and no end.
    src.error_raw(ErrorKind::SyntaxError, msg, line, col, Some(line), None)
}
