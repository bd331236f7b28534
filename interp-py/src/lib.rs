//! The Tern Python 3.11 virtual machine (binary `tern`).
//!
//! Front end: source decoding ([`source`]), parsing with `SyntaxError`s exactly like CPython's
//! ([`parse`], [`syntax_error`]), Tern's AST ([`ast`]), the compiler ([`compile`]) and the
//! bytecode it produces ([`bytecode`]), plus a disassembler ([`dis`]).
//!
//! Runtime: the object model on tern-gc ([`runtime`]), the builtin object types
//! ([`objects`]), the interpreter loop, frames, generators, imports and tracebacks
//! ([`interp`]), string formatting ([`format`]), the `builtins` module ([`builtins`]) and the
//! native modules (`sys`, `math`, `time`, ...: [`modules`]). The command line of the `tern`
//! binary is [`cli`].

#![warn(missing_docs)]
#![recursion_limit = "1024"]
// `CompileError` carries the full `SyntaxError` payload (message, file name, source line) by
// value: errors are the cold path, and the runtime turns them into exceptions unchanged.
#![allow(clippy::result_large_err)]

pub mod ast;
pub mod builtins;
pub mod bytecode;
pub mod cli;
pub mod compile;
pub mod dis;
pub mod format;
pub mod interp;
pub mod modules;
pub mod objects;
pub mod parse;
pub mod runtime;
pub mod source;
pub mod syntax_error;
