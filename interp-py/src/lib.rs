//! The Tern Python 3.11 virtual machine (binary `tern`).
//!
//! This crate currently holds the front end: source decoding ([`source`]), parsing with
//! `SyntaxError`s exactly like CPython's ([`parse`], [`syntax_error`]), Tern's AST ([`ast`]),
//! the compiler ([`compile`]) and the bytecode it produces ([`bytecode`]), plus a disassembler
//! ([`dis`]) and the command line of the `tern` binary ([`cli`]).

#![warn(missing_docs)]
// `CompileError` carries the full `SyntaxError` payload (message, file name, source line) by
// value: errors are the cold path, and the runtime turns them into exceptions unchanged.
#![allow(clippy::result_large_err)]

pub mod ast;
pub mod bytecode;
pub mod cli;
pub mod compile;
pub mod dis;
pub mod parse;
pub mod source;
pub mod syntax_error;
