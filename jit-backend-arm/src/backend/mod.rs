//! [`ArmBackend`]: jit-ir's `Backend` trait on AArch64 machine code.
//!
//! Compiling a trace runs the code generator (`crate::codegen`), installs the code in the
//! backend's W^X arena (which runs the instruction-cache maintenance) and registers its
//! labels (jump and `call_assembler` targets), its guard exits (by exit number) and the
//! words of the buffer it uses. Attaching a bridge retargets the final `b` of the guard's
//! exit stub to the bridge's entry (which loads the failargs from the buffer the stub
//! filled). Invalidation writes a `b` to the stub over the `guard_not_invalidated`
//! placeholders of a loop and its bridges; freeing releases the code of a loop and its
//! bridges unless another loop still jumps into it or calls it.
//!
//! Execution needs an AArch64 host (natively or under qemu-user); elsewhere compiling
//! works (the code can be inspected) and `execute` reports `BackendError::Unsupported`.
//!
//! Invariants: a trace's code is live exactly while it is in `State::traces`; every jump
//! target of a live trace is live (freeing refuses otherwise); the word buffer handed to
//! code is at least `max_words` long.

mod runtime;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use tern_jit_ir::backend::BackendConfig;
use tern_jit_ir::backend_support::ExitTable;
use tern_jit_ir::interp_backend::AssemblerHelper;
use tern_jit_ir::{Backend, BackendError, Exit, GuardId, Kind, Trace, TraceId, Value};

use crate::codegen::{self, CompileInput, CompiledCode, exit_code};
use crate::mem::{ArenaConfig, CodeBlock, CodeMemError, ExecArena, InstallError};
pub use runtime::JitRoots;
use runtime::{Compiled, GuardState, Runtime, State, call_assembler_helper};

/// Counters of what the backend did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArmStats {
    /// Traces compiled (loops and bridges).
    pub compiled: u64,
    /// IR ops compiled.
    pub ops_compiled: u64,
    /// Bytes of machine code installed.
    pub code_bytes: u64,
    /// Executions started.
    pub executions: u64,
}

/// The AArch64 backend.
pub struct ArmBackend {
    rt: Rc<Runtime>,
    words: Vec<u64>,
    stats: ArmStats,
}

impl std::fmt::Debug for ArmBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArmBackend")
            .field("stats", &self.stats)
            .finish()
    }
}

fn mem_error(e: CodeMemError) -> BackendError {
    match e {
        CodeMemError::OutOfSpace { .. } => BackendError::OutOfMemory,
        other => BackendError::Execution(format!("code memory: {other}")),
    }
}

impl ArmBackend {
    /// A backend for the run-time environment `config`, with a default code arena.
    pub fn new(config: BackendConfig) -> Result<ArmBackend, BackendError> {
        ArmBackend::with_arena(config, ArenaConfig::default())
    }

    /// A backend with an explicit code-arena configuration.
    pub fn with_arena(
        config: BackendConfig,
        arena: ArenaConfig,
    ) -> Result<ArmBackend, BackendError> {
        Ok(ArmBackend {
            rt: Rc::new(Runtime {
                state: RefCell::new(State {
                    arena: ExecArena::with_config(arena).map_err(mem_error)?,
                    traces: HashMap::new(),
                    next_trace: 0,
                    labels: HashMap::new(),
                    exits: HashMap::new(),
                    next_exit: exit_code::FIRST_GUARD,
                    gcmaps: HashMap::new(),
                    next_gcmap: 1,
                    max_words: 1,
                }),
                error: RefCell::new(None),
                helper: RefCell::new(None),
                frame_top: Cell::new(0),
                config,
            }),
            words: Vec::new(),
            stats: ArmStats::default(),
        })
    }

    /// Sets what happens when a `call_assembler` callee exits through a guard.
    pub fn set_assembler_helper(&mut self, helper: AssemblerHelper) {
        *self.rt.helper.borrow_mut() = Some(helper);
    }

    /// The GC's handle on the frames of running code (root walking for moving GCs).
    pub fn roots(&self) -> JitRoots {
        JitRoots {
            rt: self.rt.clone(),
        }
    }

    /// The GC maps of a compiled trace: (op index, reference slots) per GC point.
    pub fn gc_maps(&self, id: TraceId) -> Option<Vec<(usize, Vec<u32>)>> {
        let state = self.rt.state.borrow();
        let c = state.compiled(id).ok()?;
        Some(
            c.gcmaps
                .iter()
                .map(|&(op, gid)| (op, state.gcmaps.get(&gid).cloned().unwrap_or_default()))
                .collect(),
        )
    }

    /// Counters.
    pub fn stats(&self) -> ArmStats {
        self.stats
    }

    /// The installed machine code of a trace (for listings and tests).
    pub fn code(&self, id: TraceId) -> Option<Vec<u8>> {
        let state = self.rt.state.borrow();
        let c = state.compiled(id).ok()?;
        state.arena.code_bytes(&c.block).ok().map(<[u8]>::to_vec)
    }

    fn build(
        &mut self,
        trace: &Trace,
        root: Option<TraceId>,
    ) -> Result<(TraceId, CompiledCode, CodeBlock), BackendError> {
        trace
            .verify()
            .map_err(|e| BackendError::InvalidTrace(e.to_string()))?;
        let mut state = self.rt.state.borrow_mut();
        let id = TraceId(state.next_trace);
        let invalidated = match root {
            Some(r) => state.compiled(r)?.invalidated,
            None => false,
        };
        let out = {
            let st: &State = &state;
            let targets = |token: u64| -> Option<(u64, usize)> {
                let &(t, i) = st.labels.get(&token)?;
                let c = st.traces.get(&t.0)?;
                let l = c.labels.get(i)?;
                Some((c.block.addr() + l.offset as u64, l.args))
            };
            let input = CompileInput {
                trace,
                config: &self.rt.config,
                invalidated,
                targets: &targets,
                first_exit: st.next_exit,
                runtime: Rc::as_ptr(&self.rt) as u64,
                call_assembler_helper: call_assembler_helper as *const () as u64,
                first_gcmap: st.next_gcmap,
                frame_top: self.rt.frame_top.as_ptr() as u64,
            };
            codegen::compile(&input)?
        };
        let align = out.code.required_alignment();
        let block = state
            .arena
            .install(out.code.bytes(), align, |base, bytes| {
                let relocated = out.code.relocated(base)?;
                bytes.copy_from_slice(&relocated);
                Ok::<(), crate::asm::RelocError>(())
            })
            .map_err(|e| match e {
                InstallError::Relocate(r) => {
                    BackendError::Unsupported(format!("aarch64 backend: relocation: {r}"))
                }
                InstallError::Mem(m) => mem_error(m),
            })?;
        Ok((id, out, block))
    }

    fn register(
        &mut self,
        trace: &Trace,
        id: TraceId,
        out: CompiledCode,
        block: CodeBlock,
        root: TraceId,
    ) {
        let mut state = self.rt.state.borrow_mut();
        let mut exits: ExitTable<GuardState> = ExitTable::new(id, trace);
        for g in out.guards {
            state.next_exit = state.next_exit.max(g.exit_no + 1);
            state.exits.insert(
                g.exit_no,
                GuardId {
                    trace: id,
                    op: g.op as u32,
                },
            );
            // Every guard of the trace has an exit (the code generator makes one each).
            let _ = exits.set_data(
                g.op,
                GuardState {
                    out: g,
                    invalidated: false,
                },
            );
        }
        for (i, l) in out.labels.iter().enumerate() {
            state.labels.insert(l.token, (id, i));
        }
        state.max_words = state.max_words.max(out.words);
        let mut gcmaps = Vec::with_capacity(out.gcmaps.len());
        for g in out.gcmaps {
            state.next_gcmap = state.next_gcmap.max(g.id + 1);
            gcmaps.push((g.op, g.id));
            state.gcmaps.insert(g.id, g.slots);
        }
        self.stats.compiled += 1;
        self.stats.ops_compiled += trace.len() as u64;
        self.stats.code_bytes += block.len() as u64;
        state.traces.insert(
            id.0,
            Compiled {
                block,
                root,
                input_kinds: trace.input_kinds().to_vec(),
                entry: out.entry,
                labels: out.labels,
                exits,
                invalidated: false,
                external_jumps: out.external_jumps,
                assembler_calls: out.assembler_calls,
                gcmaps,
                bridges: Vec::new(),
            },
        );
        state.next_trace = state.next_trace.max(id.0 + 1);
        if root != id
            && let Some(r) = state.traces.get_mut(&root.0)
        {
            r.bridges.push(id);
        }
    }
}

impl Backend for ArmBackend {
    fn name(&self) -> &str {
        "aarch64"
    }

    fn compile_loop(&mut self, trace: &Trace) -> Result<TraceId, BackendError> {
        let (id, out, block) = self.build(trace, None)?;
        self.register(trace, id, out, block, id);
        Ok(id)
    }

    fn compile_bridge(&mut self, guard: GuardId, bridge: &Trace) -> Result<TraceId, BackendError> {
        let root = {
            let state = self.rt.state.borrow();
            let parent = state.compiled(guard.trace)?;
            let op = guard.op as usize;
            let exit = parent
                .exits
                .exit(op)
                .ok_or(BackendError::NotAGuard(guard))?;
            if parent.exits.bridge(op).is_some() {
                return Err(BackendError::AlreadyAttached(guard));
            }
            if bridge.input_kinds() != exit.kinds {
                return Err(BackendError::BridgeMismatch(format!(
                    "the guard reports {:?}, the bridge takes {:?}",
                    exit.kinds,
                    bridge.input_kinds()
                )));
            }
            parent.root
        };
        let (id, out, block) = self.build(bridge, Some(root))?;
        let target = block.addr() + out.body as u64;
        self.register(bridge, id, out, block, root);
        let mut state = self.rt.state.borrow_mut();
        let op = guard.op as usize;
        let site = state
            .compiled(guard.trace)?
            .exits
            .data(op)
            .ok_or(BackendError::NotAGuard(guard))?
            .out
            .exit_branch;
        state.write_branch(guard.trace, site.offset(), target)?;
        let parent = state
            .traces
            .get_mut(&guard.trace.0)
            .ok_or(BackendError::UnknownTrace(guard.trace))?;
        parent.exits.attach(op, id, bridge)?;
        Ok(id)
    }

    fn execute(&mut self, entry: TraceId, inputs: &[Value]) -> Result<Exit, BackendError> {
        let (addr, size) = {
            let state = self.rt.state.borrow();
            let c = state.compiled(entry)?;
            check_inputs(&c.input_kinds, inputs)?;
            (
                c.block.addr() + c.entry as u64,
                state.max_words.max(inputs.len()).max(1),
            )
        };
        let mut words = std::mem::take(&mut self.words);
        words.clear();
        words.resize(size, 0);
        for (w, v) in words.iter_mut().zip(inputs) {
            *w = v.bits();
        }
        self.rt.take_exception();
        *self.rt.error.borrow_mut() = None;
        self.stats.executions += 1;
        // SAFETY: `addr` is the callable entry stub of a live trace of this backend and
        // `words` holds `max_words` words.
        let exit = unsafe { self.rt.run(addr, &mut words) };
        if matches!(exit, Ok(Exit::Finished(_))) {
            self.rt.take_exception();
        }
        self.words = words;
        exit
    }

    fn invalidate(&mut self, entry: TraceId) -> Result<(), BackendError> {
        let mut state = self.rt.state.borrow_mut();
        let root = state.compiled(entry)?.root;
        let mut members = state.compiled(root)?.bridges.clone();
        members.push(root);
        let mut writes = Vec::new();
        for &t in &members {
            let c = state.compiled(t)?;
            for e in c.exits.exits() {
                let Some(d) = c.exits.data(e.op) else {
                    continue;
                };
                if let (Some(nop), false) = (d.out.nop, d.invalidated) {
                    writes.push((t, e.op, nop, c.block.addr() + d.out.stub as u64));
                }
            }
        }
        for (t, op, nop, target) in writes {
            state.write_branch(t, nop, target)?;
            if let Some(d) = state
                .traces
                .get_mut(&t.0)
                .and_then(|c| c.exits.data_mut(op))
            {
                d.invalidated = true;
            }
        }
        if let Some(r) = state.traces.get_mut(&root.0) {
            r.invalidated = true;
        }
        Ok(())
    }

    fn free(&mut self, entry: TraceId) -> Result<(), BackendError> {
        let mut state = self.rt.state.borrow_mut();
        let state = &mut *state;
        let c = state.compiled(entry)?;
        if c.root != entry {
            return Err(BackendError::InvalidTrace(format!(
                "trace {} is a bridge; free its loop {}",
                entry.0, c.root.0
            )));
        }
        let mut members = c.bridges.clone();
        members.push(entry);
        for other in state.traces.values() {
            if other.root == entry {
                continue;
            }
            for token in other.external_jumps.iter().chain(&other.assembler_calls) {
                if let Some(&(t, _)) = state.labels.get(token)
                    && members.contains(&t)
                {
                    return Err(BackendError::InUse(entry));
                }
            }
        }
        for t in members {
            let Some(c) = state.traces.remove(&t.0) else {
                continue;
            };
            for e in c.exits.exits() {
                if let Some(d) = c.exits.data(e.op) {
                    state.exits.remove(&d.out.exit_no);
                }
            }
            for &(_, id) in &c.gcmaps {
                state.gcmaps.remove(&id);
            }
            for l in &c.labels {
                if state
                    .labels
                    .get(&l.token)
                    .is_some_and(|&(owner, _)| owner == t)
                {
                    state.labels.remove(&l.token);
                }
            }
            state.arena.free(c.block).map_err(mem_error)?;
        }
        Ok(())
    }
}

fn check_inputs(kinds: &[Kind], inputs: &[Value]) -> Result<(), BackendError> {
    tern_jit_ir::value::check_input_kinds(kinds, inputs).map_err(BackendError::BadInputs)
}

impl tern_jit_ir::conformance::moving::MovingGcBackend for ArmBackend {
    fn root_walker(&self) -> tern_jit_ir::conformance::moving::RootWalker {
        let roots = self.roots();
        Box::new(move |visit| roots.walk(|slot| visit(slot)))
    }

    fn active_frames(&self) -> usize {
        self.roots().active_frames()
    }

    fn gc_maps(&self, id: TraceId) -> Option<Vec<(usize, Vec<u32>)>> {
        ArmBackend::gc_maps(self, id)
    }

    fn set_assembler_helper(&mut self, helper: AssemblerHelper) {
        ArmBackend::set_assembler_helper(self, helper);
    }
}
