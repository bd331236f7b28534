//! The run-time side of compiled code: the state shared between the backend and the code
//! it generated (through the stable address of the backend's `Rc<Runtime>`, embedded in
//! code that uses `call_assembler`), running an entry stub and decoding its exit, and the
//! `call_assembler` helper.
//!
//! Invariants:
//! - Generated code only ever runs inside [`Runtime::run`]; no `RefCell` borrow of the
//!   state is held while it runs, so the `call_assembler` helper can borrow it.
//! - Every exit number a live trace can return is in `State::exits`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use tern_jit_ir::backend::BackendConfig;
use tern_jit_ir::backend_support::{ExitTable, decode_values};
use tern_jit_ir::interp::Exception;
use tern_jit_ir::interp_backend::AssemblerHelper;
use tern_jit_ir::{BackendError, Exit, GuardId, Kind, TraceId, Value};

use crate::codegen::frame::{GCMAP, LINK, SLOT0};
use crate::codegen::{GuardOut, LabelOut, abort_message, exit_code};
use crate::mem::{CodeBlock, ExecArena, encode_b};

/// The A64 `nop` word.
const NOP: u32 = 0xd503_201f;

/// A guard's exit and whether its invalidation placeholder was overwritten.
pub(crate) struct GuardState {
    pub out: GuardOut,
    pub invalidated: bool,
}

/// A compiled trace.
pub(crate) struct Compiled {
    pub block: CodeBlock,
    /// The loop this trace belongs to (itself for loops).
    pub root: TraceId,
    pub input_kinds: Vec<Kind>,
    pub entry: usize,
    pub labels: Vec<LabelOut>,
    pub exits: ExitTable<GuardState>,
    pub invalidated: bool,
    pub external_jumps: Vec<u64>,
    pub assembler_calls: Vec<u64>,
    /// (op, GC map id) of its GC points.
    pub gcmaps: Vec<(usize, u32)>,
    pub bridges: Vec<TraceId>,
}

/// Everything about compiled code.
pub(crate) struct State {
    pub arena: ExecArena,
    pub traces: HashMap<u32, Compiled>,
    pub next_trace: u32,
    /// Label token -> (trace, index in its labels).
    pub labels: HashMap<u64, (TraceId, usize)>,
    pub exits: HashMap<u32, GuardId>,
    pub next_exit: u32,
    /// GC map id -> reference slots.
    pub gcmaps: HashMap<u32, Vec<u32>>,
    pub next_gcmap: u32,
    pub max_words: usize,
}

impl State {
    pub(crate) fn compiled(&self, id: TraceId) -> Result<&Compiled, BackendError> {
        self.traces.get(&id.0).ok_or(BackendError::UnknownTrace(id))
    }

    /// Writes `b target` at `offset` of trace `t`'s block (with cache maintenance).
    pub(crate) fn write_branch(
        &mut self,
        t: TraceId,
        offset: usize,
        target: u64,
    ) -> Result<(), BackendError> {
        let c = self.traces.get(&t.0).ok_or(BackendError::UnknownTrace(t))?;
        // Only a `b` (a stub's exit branch) or a `nop` (an invalidation placeholder) is
        // ever overwritten: both may be modified while other code runs.
        let bytes = self.arena.code_bytes(&c.block).map_err(super::mem_error)?;
        let old = bytes
            .get(offset..offset + 4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]));
        if !old.is_some_and(|w| w & 0xfc00_0000 == 0x1400_0000 || w == NOP) {
            return Err(BackendError::Execution(format!(
                "patch site {offset:#x} of trace {} holds {old:08x?}, not a branch or nop",
                t.0
            )));
        }
        let pc = c.block.addr() + offset as u64;
        let word = encode_b(pc, target).ok_or_else(|| {
            BackendError::Unsupported(format!(
                "aarch64 backend: branch from {pc:#x} to {target:#x} out of reach"
            ))
        })?;
        self.arena
            .write_in_block(&c.block, offset, &word.to_le_bytes())
            .map_err(super::mem_error)
    }
}

/// State shared with running code.
pub(crate) struct Runtime {
    pub state: RefCell<State>,
    /// Why the last execution was abandoned, if a helper said so.
    pub error: RefCell<Option<String>>,
    pub helper: RefCell<Option<AssemblerHelper>>,
    /// x29 of the innermost JIT frame linked for root walking (moving GCs only), 0 when
    /// none is active; each such frame's LINK word holds the previous value.
    pub frame_top: Cell<u64>,
    pub config: BackendConfig,
}

impl Runtime {
    /// Runs the entry stub at `addr` on `words` and decodes the exit.
    ///
    /// # Safety
    /// `addr` must be a callable entry stub of a live trace of this runtime, and `words`
    /// at least `max_words` long.
    #[cfg(target_arch = "aarch64")]
    pub(crate) unsafe fn run(&self, addr: u64, words: &mut [u64]) -> Result<Exit, BackendError> {
        type EntryFn = unsafe extern "C" fn(*mut u64) -> u64;
        // SAFETY: by the caller's contract `addr` is an entry stub, which implements
        // `extern "C" fn(*mut u64) -> u64` under AAPCS64 and touches at most `max_words`
        // words of the buffer.
        let code = unsafe {
            let f: EntryFn = std::mem::transmute::<usize, EntryFn>(addr as usize);
            f(words.as_mut_ptr())
        } as u32;
        self.decode(code, words)
    }

    /// Refuses: this host cannot execute AArch64 code.
    ///
    /// # Safety
    /// None needed (nothing runs); `unsafe` for the same signature as on AArch64.
    #[cfg(not(target_arch = "aarch64"))]
    pub(crate) unsafe fn run(&self, _addr: u64, _words: &mut [u64]) -> Result<Exit, BackendError> {
        Err(BackendError::Unsupported(
            "the aarch64 backend executes code only on an AArch64 host (natively or under \
             qemu-aarch64); this host can compile and inspect traces only"
                .into(),
        ))
    }

    /// Turns an exit number and the buffer into an [`Exit`].
    #[cfg_attr(not(target_arch = "aarch64"), allow(dead_code))]
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
                let guard = *state.exits.get(&c).ok_or_else(unknown)?;
                let kinds = &state
                    .compiled(guard.trace)?
                    .exits
                    .exit(guard.op as usize)
                    .ok_or_else(unknown)?
                    .kinds;
                let values = decode_values(kinds, &words[..kinds.len()])?;
                Ok(Exit::GuardFailed {
                    guard,
                    values,
                    exception: self.take_exception(),
                })
            }
        }
    }

    /// Takes the pending exception out of the runtime's cells.
    pub(crate) fn take_exception(&self) -> Option<Exception> {
        let rt = self.config.runtime;
        if rt.exc_class == 0 || rt.exc_value == 0 {
            return None;
        }
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

    /// Runs the label `token` with the `n` arguments at `args` in a nested frame and
    /// writes its result word to `out`.
    fn call_assembler(&self, token: u64, args: *const u64, out: *mut u64) -> Result<(), String> {
        let (addr, n, size) = {
            let state = self.state.borrow();
            let &(t, i) = state
                .labels
                .get(&token)
                .ok_or_else(|| format!("call_assembler to an unknown label (token {token})"))?;
            let c = state.compiled(t).map_err(|e| e.to_string())?;
            let l = &c.labels[i];
            let entry = l
                .entry
                .ok_or_else(|| "call_assembler to a label of a bridge".to_string())?;
            (
                c.block.addr() + entry as u64,
                l.args,
                state.max_words.max(l.args).max(1),
            )
        };
        let mut words = vec![0u64; size];
        // SAFETY: the generated caller passes a buffer of exactly the target label's
        // argument count (checked against the label when the caller was compiled).
        words[..n].copy_from_slice(unsafe { std::slice::from_raw_parts(args, n) });
        // SAFETY: `addr` is the label's callable entry stub in a live trace; `words` has
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

/// What `call_assembler_*` calls: `helper(runtime, token, args, out) -> 0 | 1` (1: failed,
/// the message is in `Runtime::error`).
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

/// The GC's view of the frames of running compiled code: for a moving collector, which
/// frame slots hold references at the GC point each active frame is stopped at.
#[derive(Clone)]
pub struct JitRoots {
    pub(crate) rt: std::rc::Rc<Runtime>,
}

impl std::fmt::Debug for JitRoots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JitRoots").finish_non_exhaustive()
    }
}

impl JitRoots {
    /// Calls `visit` on every reference slot of every active JIT frame (innermost first)
    /// that is stopped at a GC point; `visit` may update the reference (the compiled code
    /// reloads it from the slot). Returns the number of slots visited. Only frames of a
    /// backend configured with `GcHooks::moving` are linked.
    pub fn walk(&self, mut visit: impl FnMut(&mut u64)) -> Result<usize, BackendError> {
        let state =
            self.rt.state.try_borrow().map_err(|_| {
                BackendError::Execution("root walk while the backend is busy".into())
            })?;
        let mut visited = 0;
        let mut frame = self.rt.frame_top.get();
        while frame != 0 {
            // SAFETY: `frame` is the x29 of an active JIT frame (the chain only holds
            // frames between their entry stub and their common exit), whose header words
            // the entry stub initialized.
            let (map, link) = unsafe {
                (
                    *((frame as i64 + GCMAP as i64) as *const u64),
                    *((frame as i64 + LINK as i64) as *const u64),
                )
            };
            if let Some(slots) = state.gcmaps.get(&(map as u32)).filter(|_| map != 0) {
                for &s in slots {
                    let addr = frame as i64 + SLOT0 + 8 * s as i64;
                    // SAFETY: slot `s` lies in the frame's spill area, and by the GC map
                    // invariant holds a reference; the frame is suspended in the call that
                    // led here, so nothing else accesses it.
                    visit(unsafe { &mut *(addr as *mut u64) });
                    visited += 1;
                }
            }
            frame = link;
        }
        Ok(visited)
    }

    /// Number of active (linked) JIT frames.
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
