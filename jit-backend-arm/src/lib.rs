//! AArch64 machine code generation for tern-jit-ir traces.

#![warn(missing_docs)]
