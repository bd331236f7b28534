//! The `Backend` trait: what a code generator offers the JIT driver.
//!
//! A backend compiles traces into something executable and runs them:
//! - [`Backend::compile_loop`] compiles a trace (usually a loop starting with a label) and
//!   returns its [`TraceId`]; every `label` in it becomes a jump target for later bridges;
//! - [`Backend::compile_bridge`] compiles a trace whose inputs are a guard's failargs and
//!   attaches it to that guard: from then on, when the guard fails, execution continues in
//!   the bridge instead of leaving (a bridge ends by jumping to a label of a compiled loop,
//!   or with `finish`);
//! - [`Backend::execute`] runs a compiled loop with input values until it finishes or a
//!   guard without a bridge fails, and reports an [`Exit`]: the failing guard
//!   ([`GuardId`]: trace and op index) and the values of its failargs, in the order of
//!   [`Trace::failargs`](crate::Trace::failargs). The embedder then rebuilds its frames
//!   with [`resume::rebuild`](crate::resume::rebuild) on the trace it compiled;
//! - [`Backend::invalidate`] makes `guard_not_invalidated` fail in a loop and its bridges;
//! - [`Backend::free`] releases a loop and its bridges.
//!
//! Machine backends receive their run-time environment at construction in a
//! [`BackendConfig`]: the object header layout, the GC's hooks (nursery bump pointers and
//! slow paths for inline allocation, the write barrier) and the runtime's exception cells.
//! The semantics every backend must match are the IR interpreter's
//! ([`crate::interp`]); [`crate::conformance`] checks a backend against
//! [`InterpBackend`](crate::InterpBackend).

use std::fmt;

use crate::heap::ObjectLayout;
use crate::interp::Exception;
use crate::trace::Trace;
use crate::value::Value;

/// A compiled trace (loop or bridge).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TraceId(pub u32);

/// A guard of a compiled trace: the trace and the guard's op index in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GuardId {
    /// The compiled trace containing the guard.
    pub trace: TraceId,
    /// The guard's op index in that trace.
    pub op: u32,
}

impl GuardId {
    /// A key for [`HotCounters`](crate::warmup::HotCounters).
    pub fn counter_key(self) -> u64 {
        ((self.trace.0 as u64) << 32) | self.op as u64
    }
}

/// How an execution ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Exit {
    /// A `finish` was reached, with its value.
    Finished(Option<Value>),
    /// A guard with no bridge failed.
    GuardFailed {
        /// The guard.
        guard: GuardId,
        /// Values of the guard's failargs, in order.
        values: Vec<Value>,
        /// The exception pending when it failed.
        exception: Option<Exception>,
    },
}

/// A backend failure.
#[derive(Clone, Debug, PartialEq)]
pub enum BackendError {
    /// The trace uses something this backend does not support.
    Unsupported(String),
    /// The trace is ill-formed.
    InvalidTrace(String),
    /// No compiled trace with this id (never compiled, or freed).
    UnknownTrace(TraceId),
    /// The op is not a guard of that trace.
    NotAGuard(GuardId),
    /// The guard already has a bridge.
    AlreadyAttached(GuardId),
    /// A bridge's inputs do not match the guard's failargs.
    BridgeMismatch(String),
    /// A jump targets a label no compiled trace has.
    UnknownTarget(String),
    /// The loop cannot be freed: another trace jumps to it.
    InUse(TraceId),
    /// The inputs do not match the trace.
    BadInputs(String),
    /// Execution failed (a violated precondition in the trace).
    Execution(String),
    /// Out of memory for code.
    OutOfMemory,
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackendError::Unsupported(m) => write!(f, "unsupported: {m}"),
            BackendError::InvalidTrace(m) => write!(f, "invalid trace: {m}"),
            BackendError::UnknownTrace(t) => write!(f, "no compiled trace {}", t.0),
            BackendError::NotAGuard(g) => {
                write!(f, "op {} of trace {} is not a guard", g.op, g.trace.0)
            }
            BackendError::AlreadyAttached(g) => {
                write!(
                    f,
                    "guard at op {} of trace {} already has a bridge",
                    g.op, g.trace.0
                )
            }
            BackendError::BridgeMismatch(m) => write!(f, "bridge does not fit its guard: {m}"),
            BackendError::UnknownTarget(m) => write!(f, "jump to an unknown label {m}"),
            BackendError::InUse(t) => {
                write!(f, "trace {} is the target of another trace's jump", t.0)
            }
            BackendError::BadInputs(m) => write!(f, "bad inputs: {m}"),
            BackendError::Execution(m) => write!(f, "execution failed: {m}"),
            BackendError::OutOfMemory => f.write_str("out of memory for code"),
        }
    }
}

impl std::error::Error for BackendError {}

/// What a code generator does (see the module documentation).
pub trait Backend {
    /// A short name for reports.
    fn name(&self) -> &str;

    /// Compiles a trace; its labels become jump targets.
    fn compile_loop(&mut self, trace: &Trace) -> Result<TraceId, BackendError>;

    /// Compiles a bridge whose inputs are the failargs of `guard` and attaches it there.
    fn compile_bridge(&mut self, guard: GuardId, bridge: &Trace) -> Result<TraceId, BackendError>;

    /// Runs the compiled trace `entry` from its start with `inputs`.
    fn execute(&mut self, entry: TraceId, inputs: &[Value]) -> Result<Exit, BackendError>;

    /// Makes every `guard_not_invalidated` of the loop (and its bridges) fail from now on.
    fn invalidate(&mut self, entry: TraceId) -> Result<(), BackendError>;

    /// Frees a loop and its bridges.
    fn free(&mut self, entry: TraceId) -> Result<(), BackendError>;
}

/// A write barrier the generated code must perform before storing a reference into an
/// object: if `(byte at obj + flag_offset) & flag_mask != 0`, call `slowpath(obj)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteBarrier {
    /// Byte offset of the flag byte from the object start.
    pub flag_offset: i32,
    /// The flag bit(s).
    pub flag_mask: u8,
    /// `extern "C" fn(obj: u64)`.
    pub slowpath: u64,
}

/// The GC's hooks for inline allocation and write barriers.
///
/// Inline allocation of `size` bytes (rounded up to 8): `p = *nursery_free; q = p + size;
/// if q > *nursery_top { p = malloc_slowpath(size, type_id) } else { *nursery_free = q;
/// write header }`. The slow path returns a zeroed object with its header written (0 on
/// out-of-memory). Arrays: `malloc_array_slowpath(type_id, length)`. When
/// `nursery_zeroed` is false the fast path must zero the object itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GcHooks {
    /// Address of the word holding the nursery's next free byte.
    pub nursery_free: u64,
    /// Address of the word holding the nursery's end.
    pub nursery_top: u64,
    /// `extern "C" fn(size: u64, type_id: u64) -> u64`.
    pub malloc_slowpath: u64,
    /// `extern "C" fn(type_id: u64, length: i64) -> u64`.
    pub malloc_array_slowpath: u64,
    /// The nursery memory is already zero.
    pub nursery_zeroed: bool,
    /// The write barrier, if the GC needs one.
    pub write_barrier: Option<WriteBarrier>,
    /// Objects may move during a collection (calls that can collect need GC maps).
    pub moving: bool,
}

/// Where the runtime keeps the pending exception: a call that raises stores the class and
/// the exception object there; `guard_no_exception` tests the class word for zero and
/// `guard_exception` compares it, then loads the object and clears both words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuntimeHooks {
    /// Address of the pending exception's class word (0: none pending).
    pub exc_class: u64,
    /// Address of the pending exception's object word.
    pub exc_value: u64,
}

/// The run-time environment a machine backend is built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackendConfig {
    /// Object header layout (type id, GC flags, vtable).
    pub layout: ObjectLayout,
    /// GC hooks.
    pub gc: GcHooks,
    /// Exception cells.
    pub runtime: RuntimeHooks,
}
