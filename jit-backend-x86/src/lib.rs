//! x86-64 machine code generation for tern-jit-ir traces.

#![warn(missing_docs)]
