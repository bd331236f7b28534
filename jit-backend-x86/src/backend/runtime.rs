//! The run-time side of compiled code: the state shared between the backend and the code
//! it generated (through a stable `Rc` address embedded in the code), running an entry
//! stub and decoding its exit, the `call_assembler` helper, and the GC root walker.
//!
//! Invariants:
//! - Generated code only ever runs inside [`Runtime::run`]; no `RefCell` borrow of the
//!   state is held while it runs, so helpers called by the code (the `call_assembler`
//!   helper, a GC walking roots) can borrow it.
//! - `frame_top` is the RBP of the innermost JIT frame that maintains the frame chain
//!   (moving GCs only), 0 when none is active; each such frame's LINK word holds the
//!   previous value, restored by the common exit.
//! - A frame's GCMAP word is non-zero exactly during a call at a GC point, and names a
//!   registered map whose slots all hold references.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use tern_jit_ir::backend::BackendConfig;
use tern_jit_ir::backend_support::{ExitTable, decode_values};
use tern_jit_ir::interp::Exception;
use tern_jit_ir::interp_backend::AssemblerHelper;
use tern_jit_ir::{BackendError, Exit, GuardId, Kind, TraceId, Value};

use crate::asm::PatchSite;
use crate::codegen::frame::{GCMAP, LINK, SLOT0};
use crate::codegen::{GuardOut, LabelOut, ValLoc, abort_message, exit_code};
use crate::mem::{CodeBlock, ExecArena};

/// A guard exit of a compiled trace, with its patch state.
#[derive(Clone, Debug)]
pub(crate) struct GuardState {
    pub out: GuardOut,
    /// The `jmp` written over a `guard_not_invalidated` placeholder.
    pub jmp: Option<PatchSite>,
}

/// One compiled trace.
pub(crate) struct Compiled {
    pub block: CodeBlock,
    /// The loop this trace belongs to (itself for loops).
    pub root: TraceId,
    pub input_kinds: Vec<Kind>,
    pub frame: u32,
    /// Offset of the entry stub.
    pub entry: usize,
    pub labels: Vec<LabelOut>,
    pub exits: ExitTable<GuardState>,
    /// Failarg locations of the guards (`GuardOut::locs` ranges).
    pub guard_locs: Vec<ValLoc>,
    /// Loops only: invalidated.
    pub invalidated: bool,
    pub external_jumps: Vec<u64>,
    pub assembler_calls: Vec<u64>,
    pub gcmaps: Vec<(usize, u32)>,
    /// Loops only: the bridges compiled for this loop (at any depth).
    pub bridges: Vec<TraceId>,
}

/// What an exit number means: a guard (whose failarg kinds its trace's exit table has).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ExitRecord {
    pub guard: GuardId,
}

/// Everything the backend and its code share.
///
/// Only live entries are kept: freeing a loop removes its traces, exit numbers, GC maps
/// and labels, so a client compiling and freeing forever uses bounded memory. Trace ids,
/// exit numbers and GC map ids are never reused (32-bit counters).
pub(crate) struct State {
    pub arena: ExecArena,
    pub traces: HashMap<u32, Compiled>,
    pub next_trace: u32,
    /// Label token -> (trace, index in its labels).
    pub labels: HashMap<u64, (TraceId, usize)>,
    /// Guard exits by exit number.
    pub exits: HashMap<u32, ExitRecord>,
    pub next_exit: u32,
    /// GC maps by id (id 0 means "none").
    pub gcmaps: HashMap<u32, Vec<u32>>,
    pub next_gcmap: u32,
    /// Size of the word buffer every exit fits in.
    pub max_words: usize,
}

impl State {
    pub(crate) fn compiled(&self, id: TraceId) -> Result<&Compiled, BackendError> {
        self.traces.get(&id.0).ok_or(BackendError::UnknownTrace(id))
    }

    pub(crate) fn compiled_mut(&mut self, id: TraceId) -> Result<&mut Compiled, BackendError> {
        self.traces
            .get_mut(&id.0)
            .ok_or(BackendError::UnknownTrace(id))
    }
}

/// The shared run-time state (boxed in an `Rc`, whose address the code embeds).
pub(crate) struct Runtime {
    pub state: RefCell<State>,
    pub frame_top: Cell<u64>,
    pub error: RefCell<Option<String>>,
    pub helper: RefCell<Option<AssemblerHelper>>,
    pub config: BackendConfig,
}

/// The signature of every entry stub.
type EntryFn = unsafe extern "C" fn(*mut u64) -> u64;

impl Runtime {
    /// Runs the entry stub at `addr` on `words` (inputs in, exit values out) and decodes
    /// the exit.
    ///
    /// # Safety
    /// `addr` must be the entry stub of a live compiled trace of this runtime, and `words`
    /// at least `max_words` long (every exit of every trace fits).
    pub(crate) unsafe fn run(&self, addr: u64, words: &mut [u64]) -> Result<Exit, BackendError> {
        // SAFETY: by the caller's contract `addr` is an entry stub, which implements
        // `extern "C" fn(*mut u64) -> u64` and writes at most `max_words` words.
        let code = unsafe {
            let f: EntryFn = std::mem::transmute::<usize, EntryFn>(addr as usize);
            f(words.as_mut_ptr())
        } as u32;
        self.decode(code, words)
    }

    fn decode(&self, code: u32, words: &[u64]) -> Result<Exit, BackendError> {
        match code {
            exit_code::FINISH_VOID => Ok(Exit::Finished(None)),
            exit_code::FINISH_INT => Ok(Exit::Finished(Some(Value::Int(words[0] as i64)))),
            exit_code::FINISH_REF => Ok(Exit::Finished(Some(Value::Ref(words[0])))),
            exit_code::FINISH_FLOAT => {
                Ok(Exit::Finished(Some(Value::Float(f64::from_bits(words[0])))))
            }
            c if c < exit_code::FIRST_GUARD => {
                let what = abort_message(c).unwrap_or("unknown abort");
                Err(BackendError::Execution(
                    match self.error.borrow_mut().take() {
                        Some(detail) => format!("{what}: {detail}"),
                        None => what.to_string(),
                    },
                ))
            }
            c => {
                let state = self.state.borrow();
                let unknown =
                    || BackendError::Execution(format!("compiled code returned exit {c}"));
                let rec = state.exits.get(&c).ok_or_else(unknown)?;
                let kinds = &state
                    .compiled(rec.guard.trace)?
                    .exits
                    .exit(rec.guard.op as usize)
                    .ok_or_else(unknown)?
                    .kinds;
                let values = decode_values(kinds, &words[..kinds.len()])?;
                Ok(Exit::GuardFailed {
                    guard: rec.guard,
                    values,
                    exception: self.take_exception(),
                })
            }
        }
    }

    /// Reads and clears the exception cells.
    pub(crate) fn take_exception(&self) -> Option<Exception> {
        let rt = self.config.runtime;
        // SAFETY: the embedder's `RuntimeHooks` name two live, aligned 8-byte cells that
        // compiled code reads and writes too; nothing else accesses them during this call.
        unsafe {
            let class = std::ptr::read_volatile(rt.exc_class as *const u64);
            let value = std::ptr::read_volatile(rt.exc_value as *const u64);
            std::ptr::write_volatile(rt.exc_class as *mut u64, 0);
            std::ptr::write_volatile(rt.exc_value as *mut u64, 0);
            (class != 0).then_some(Exception { class, value })
        }
    }

    /// Runs the loop whose label is `token` with `args` to its finish, for
    /// `call_assembler`.
    fn call_assembler(&self, token: u64, args: *const u64, out: *mut u64) -> Result<(), String> {
        let (addr, n, size) = {
            let state = self.state.borrow();
            let &(t, i) = state
                .labels
                .get(&token)
                .ok_or_else(|| format!("call_assembler to an unknown label (token {token})"))?;
            let c = state.compiled(t).map_err(|e| e.to_string())?;
            let l = &c.labels[i];
            (
                c.block.addr() + l.entry as u64,
                l.kinds.len(),
                state.max_words.max(l.kinds.len()).max(1),
            )
        };
        let mut words = vec![0u64; size];
        // SAFETY: the generated caller passes a buffer of exactly the target label's
        // argument count (checked against the label when the caller was compiled).
        words[..n].copy_from_slice(unsafe { std::slice::from_raw_parts(args, n) });
        // SAFETY: `addr` is the label's entry stub in a live trace; `words` has
        // `max_words` words.
        let exit = unsafe { self.run(addr, &mut words) }.map_err(|e| e.to_string())?;
        let value = match exit {
            Exit::Finished(v) => v,
            other => match self.helper.borrow().as_ref() {
                Some(h) => h(&other)?,
                None => {
                    return Err(format!(
                        "call_assembler callee left through a guard ({other:?}) and no \
                         assembler helper is set"
                    ));
                }
            },
        };
        // SAFETY: the caller reserved one word for the result.
        unsafe { *out = value.map_or(0, Value::bits) };
        Ok(())
    }
}

/// The `call_assembler` helper generated code calls: `(runtime, token, args, out) ->
/// 0` on success, 1 on failure (the message is in the runtime's error cell).
pub(crate) extern "C" fn call_assembler_helper(
    rt: *const Runtime,
    token: u64,
    args: *const u64,
    out: *mut u64,
) -> u64 {
    // SAFETY: the code embeds the address of the backend's `Rc<Runtime>`, which outlives
    // all code (the arena is inside it).
    let rt = unsafe { &*rt };
    match catch_unwind(AssertUnwindSafe(|| rt.call_assembler(token, args, out))) {
        Ok(Ok(())) => 0,
        Ok(Err(m)) => {
            *rt.error.borrow_mut() = Some(m);
            1
        }
        Err(_) => {
            *rt.error.borrow_mut() = Some("the call_assembler callee panicked".into());
            1
        }
    }
}

/// Finds and updates the references compiled code holds while a moving collector runs.
///
/// Compiled code built with `GcHooks::moving` links its frames into a chain and, during
/// every call that may collect (allocation slow paths, collecting calls, forcing calls,
/// `call_assembler`), publishes a GC map: the frame slots that hold its live references.
/// Registers never hold the only copy of a reference across such a call; the code reloads
/// them from the slots afterwards. A collector calls [`JitRoots::walk`] from inside such a
/// call and stores the new address of every object it moves into the slot it was given.
#[derive(Clone)]
pub struct JitRoots {
    pub(crate) rt: Rc<Runtime>,
}

impl JitRoots {
    /// Calls `visit` on every frame slot holding a live reference in the compiled frames
    /// stopped at a GC point, innermost frame first, and returns how many it visited. A
    /// reference may be null or point outside the collector's heap (the collector must
    /// check); `visit` may overwrite it. Frames that are not at a GC point are skipped.
    /// Returns an error if the backend is busy (compiling), where no frame can be active.
    pub fn walk(&self, mut visit: impl FnMut(&mut u64)) -> Result<usize, BackendError> {
        let state =
            self.rt.state.try_borrow().map_err(|_| {
                BackendError::Execution("root walk while the backend is busy".into())
            })?;
        let mut visited = 0;
        let mut frame = self.rt.frame_top.get();
        while frame != 0 {
            // SAFETY: `frame` is the RBP of an active JIT frame (the chain only holds
            // frames between their entry stub and their common exit), whose header words
            // are initialized by the entry stub.
            let (map, link) = unsafe {
                (
                    *((frame as i64 + GCMAP as i64) as *const u64),
                    *((frame as i64 + LINK as i64) as *const u64),
                )
            };
            if let Some(slots) = state.gcmaps.get(&(map as u32)).filter(|_| map != 0) {
                for &s in slots {
                    let addr = frame as i64 + SLOT0 as i64 - 8 * s as i64;
                    // SAFETY: slot `s` lies inside the active frame (below the header and
                    // above its RSP), and by the GC map invariant holds a reference; the
                    // frame is suspended in the call that led here, so nothing else
                    // accesses it.
                    visit(unsafe { &mut *(addr as *mut u64) });
                    visited += 1;
                }
            }
            frame = link;
        }
        Ok(visited)
    }

    /// Number of JIT frames in the chain (active executions that maintain it).
    pub fn active_frames(&self) -> usize {
        let mut n = 0;
        let mut frame = self.rt.frame_top.get();
        while frame != 0 {
            n += 1;
            // SAFETY: as in `walk`.
            frame = unsafe { *((frame as i64 + LINK as i64) as *const u64) };
        }
        n
    }
}

impl Compiled {
    /// Where the failargs of guard `g` of this trace live, for a bridge compiled later.
    pub(crate) fn guard_locs(&self, g: &GuardState) -> &[ValLoc] {
        &self.guard_locs[g.out.locs.start as usize..g.out.locs.end as usize]
    }
}
