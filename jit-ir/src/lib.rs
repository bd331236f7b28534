//! Trace IR, text format, IR interpreter, optimizer, recorder and Backend trait of a
//! tracing JIT.
//!
//! This crate is the language-independent heart of a tracing JIT, in the tradition of
//! RPython's metainterp/optimizeopt and LuaJIT's IR: an interpreter records the operations
//! it executes in a hot loop into a [`Trace`] (through a [`TraceRecorder`]), the
//! [`optimizer`](opt) removes what is redundant, and a [`Backend`] compiles and runs it.
//! Guards exit the trace with enough resume data to rebuild the interpreter's frames.
//!
//! Module map: `ops` (the op table), `value`, `descr`, `trace` (flat op array, `OpRef`,
//! builder), `verify`, `resume`, `text` (print/parse), `heap` (memory model), `interp`
//! (reference semantics), `compare` (structural comparison of runs), `tracegen` (random
//! traces), `opt` (passes), `recorder`, `warmup` (params and hot counters), `backend`
//! (the trait), `interp_backend`, `backend_support` (liveness, exits, frame slots, GC
//! maps, register allocation), `codemem` (feature `codemem`: the W^X executable memory
//! machine backends share) and `conformance` (the suite machine backends run on
//! themselves). The README explains the IR, the passes and the embedding API.

#![warn(missing_docs)]

pub mod backend;
pub mod backend_support;
#[cfg(feature = "codemem")]
pub mod codemem;
pub mod compare;
pub mod conformance;
pub mod descr;
mod hash;
pub mod heap;
pub mod interp;
pub mod interp_backend;
pub mod ops;
pub mod opt;
pub mod recorder;
pub mod resume;
pub mod text;
pub mod trace;
pub mod tracegen;
pub mod value;
mod verify;
pub mod warmup;

pub use backend::{Backend, BackendError, Exit, GuardId, TraceId};
pub use descr::{Descr, DescrId};
pub use interp_backend::InterpBackend;
pub use ops::OpCode;
pub use recorder::TraceRecorder;
pub use trace::{OpRef, Trace, TraceBuilder};
pub use value::{Kind, Value};
pub use warmup::JitParams;
