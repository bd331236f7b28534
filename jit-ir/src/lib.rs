//! Trace IR, text format, IR interpreter, optimizer, recorder and Backend trait of a tracing JIT.

#![warn(missing_docs)]
