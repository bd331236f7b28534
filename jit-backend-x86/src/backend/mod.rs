//! [`X86Backend`]: jit-ir's `Backend` trait on x86-64 machine code.
//!
//! Compiling a trace runs the code generator (`crate::codegen`), installs the code in the
//! backend's W^X arena and registers its labels (jump and `call_assembler` targets), its
//! guard exits (by exit number) and its GC maps. Attaching a bridge compiles it against
//! the locations its guard leaves the failargs in and patches the guard's branches to it.
//! Invalidation writes `jmp` over the `guard_not_invalidated` placeholders of a loop and
//! its bridges; freeing releases the code of a loop and its bridges unless another loop
//! still jumps into it.
//!
//! Invariants: a trace's code is live exactly while it is in `State::traces`; every exit
//! number a live trace can return is registered; every jump target of a live trace is
//! live (freeing refuses otherwise); the word buffer handed to code is at least
//! `max_words` long.

mod runtime;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use tern_jit_ir::backend::BackendConfig;
use tern_jit_ir::backend_support::ExitTable;
use tern_jit_ir::interp_backend::AssemblerHelper;
use tern_jit_ir::{Backend, BackendError, Exit, GuardId, Kind, Trace, TraceId, Value};

use crate::codegen::{self, CompileInput, CompiledCode, EntryKind, TargetInfo, exit_code};
use crate::mem::{ArenaConfig, ExecArena, ExecError};
pub use runtime::JitRoots;
use runtime::{Compiled, ExitRecord, GuardState, Runtime, State, call_assembler_helper};

/// Counters of an [`X86Backend`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct X86Stats {
    /// Traces compiled (loops and bridges).
    pub compiled: u64,
    /// IR operations compiled.
    pub ops_compiled: u64,
    /// Bytes of machine code installed.
    pub code_bytes: u64,
    /// Calls of [`Backend::execute`].
    pub executions: u64,
}

/// The x86-64 backend (see the module documentation).
pub struct X86Backend {
    rt: Rc<Runtime>,
    words: Vec<u64>,
    stats: X86Stats,
}

impl std::fmt::Debug for X86Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("X86Backend")
            .field("stats", &self.stats)
            .finish()
    }
}

fn arena_error(e: ExecError) -> BackendError {
    match e {
        ExecError::OutOfSpace { .. } => BackendError::OutOfMemory,
        other => BackendError::Execution(format!("code memory: {other}")),
    }
}

impl X86Backend {
    /// A backend for the run-time environment `config`, with a 64 MiB code arena.
    pub fn new(config: BackendConfig) -> Result<X86Backend, BackendError> {
        X86Backend::with_arena(config, ArenaConfig::default())
    }

    /// A backend with a code arena of the given size.
    pub fn with_arena(
        config: BackendConfig,
        arena: ArenaConfig,
    ) -> Result<X86Backend, BackendError> {
        let arena = ExecArena::with_config(arena).map_err(arena_error)?;
        Ok(X86Backend {
            rt: Rc::new(Runtime {
                state: RefCell::new(State {
                    arena,
                    traces: HashMap::new(),
                    next_trace: 0,
                    labels: HashMap::new(),
                    exits: HashMap::new(),
                    next_exit: exit_code::FIRST_GUARD,
                    gcmaps: HashMap::new(),
                    next_gcmap: 1,
                    max_words: 1,
                }),
                frame_top: Cell::new(0),
                error: RefCell::new(None),
                helper: RefCell::new(None),
                config,
            }),
            words: Vec::new(),
            stats: X86Stats::default(),
        })
    }

    /// Sets what a `call_assembler` produces when its callee leaves through a guard
    /// (typically: resume the interpreter and return its result).
    pub fn set_assembler_helper(&mut self, helper: AssemblerHelper) {
        *self.rt.helper.borrow_mut() = Some(helper);
    }

    /// The root walker a moving collector uses (see [`JitRoots`]).
    pub fn roots(&self) -> JitRoots {
        JitRoots {
            rt: self.rt.clone(),
        }
    }

    /// Counters.
    pub fn stats(&self) -> X86Stats {
        self.stats
    }

    /// A copy of the installed machine code of a trace (with any patches).
    pub fn code(&self, id: TraceId) -> Option<Vec<u8>> {
        let state = self.rt.state.borrow();
        let c = state.compiled(id).ok()?;
        state.arena.code_bytes(&c.block).ok().map(<[u8]>::to_vec)
    }

    /// The GC maps of a trace: for each op where the collector may run, the frame slots
    /// holding references during it. Empty unless the GC moves objects.
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

    /// Compiles and installs `trace` as trace `id`.
    fn build(
        &mut self,
        trace: &Trace,
        entry: EntryKind<'_>,
        root: Option<TraceId>,
    ) -> Result<(TraceId, CompiledCode, crate::mem::CodeBlock), BackendError> {
        trace
            .verify()
            .map_err(|e| BackendError::InvalidTrace(e.to_string()))?;
        let rt = &*self.rt;
        let mut state = rt.state.borrow_mut();
        let id = TraceId(state.next_trace);
        let invalidated = match root {
            Some(r) => state.compiled(r)?.invalidated,
            None => false,
        };
        let out = {
            let st: &State = &state;
            let targets = |token: u64| -> Option<TargetInfo> {
                let &(t, i) = st.labels.get(&token)?;
                let c = st.compiled(t).ok()?;
                let l = c.labels.get(i)?;
                Some(TargetInfo {
                    addr: c.block.addr() + l.offset as u64,
                    locs: l.locs.clone(),
                    frame: c.frame,
                })
            };
            let input = CompileInput {
                trace,
                config: &rt.config,
                entry,
                invalidated,
                targets: &targets,
                first_exit: st.next_exit,
                first_gcmap: st.next_gcmap,
                runtime: Rc::as_ptr(&self.rt) as u64,
                frame_top: rt.frame_top.as_ptr() as u64,
                call_assembler_helper: call_assembler_helper as *const () as u64,
            };
            codegen::compile(&input)?
        };
        let block = state.arena.install(&out.code).map_err(arena_error)?;
        Ok((id, out, block))
    }

    /// Registers a compiled and installed trace.
    fn register(
        &mut self,
        trace: &Trace,
        id: TraceId,
        out: CompiledCode,
        block: crate::mem::CodeBlock,
        root: TraceId,
    ) {
        let mut state = self.rt.state.borrow_mut();
        let mut exits: ExitTable<GuardState> = ExitTable::new(id, trace);
        let mut words = trace.num_inputs().max(1);
        for g in out.guards {
            state.next_exit = state.next_exit.max(g.exit_no + 1);
            state.exits.insert(
                g.exit_no,
                ExitRecord {
                    guard: GuardId {
                        trace: id,
                        op: g.op as u32,
                    },
                },
            );
            words = words.max(g.locs.len());
            // Every guard of the trace has an exit (the code generator makes one each).
            let _ = exits.set_data(g.op, GuardState { out: g, jmp: None });
        }
        for (i, l) in out.labels.iter().enumerate() {
            state.labels.insert(l.token, (id, i));
            words = words.max(l.locs.len());
        }
        let mut gcmaps = Vec::with_capacity(out.gcmaps.len());
        for g in out.gcmaps {
            state.next_gcmap = state.next_gcmap.max(g.id + 1);
            gcmaps.push((g.op, g.id));
            state.gcmaps.insert(g.id, g.slots);
        }
        state.max_words = state.max_words.max(words);
        self.stats.compiled += 1;
        self.stats.ops_compiled += trace.len() as u64;
        self.stats.code_bytes += block.len() as u64;
        let compiled = Compiled {
            block,
            root,
            input_kinds: trace.input_kinds().to_vec(),
            frame: out.frame,
            entry: out.entry,
            labels: out.labels,
            exits,
            guard_locs: out.guard_locs,
            invalidated: false,
            external_jumps: out.external_jumps,
            assembler_calls: out.assembler_calls,
            gcmaps,
            bridges: Vec::new(),
        };
        state.next_trace = state.next_trace.max(id.0 + 1);
        state.traces.insert(id.0, compiled);
        if root != id
            && let Some(r) = state.traces.get_mut(&root.0)
        {
            r.bridges.push(id);
        }
    }
}

impl Backend for X86Backend {
    fn name(&self) -> &str {
        "x86-64"
    }

    fn compile_loop(&mut self, trace: &Trace) -> Result<TraceId, BackendError> {
        let (id, out, block) = self.build(trace, EntryKind::Loop, None)?;
        self.register(trace, id, out, block, id);
        Ok(id)
    }

    fn compile_bridge(&mut self, guard: GuardId, bridge: &Trace) -> Result<TraceId, BackendError> {
        let (locs, root) = {
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
            let data = parent
                .exits
                .data(op)
                .ok_or(BackendError::NotAGuard(guard))?;
            (parent.guard_locs(data).to_vec(), parent.root)
        };
        let (id, out, block) = self.build(bridge, EntryKind::Bridge { locs: &locs }, Some(root))?;
        let addr = block.addr();
        self.register(bridge, id, out, block, root);
        let mut state = self.rt.state.borrow_mut();
        let state = &mut *state;
        let parent = state
            .traces
            .get_mut(&guard.trace.0)
            .ok_or(BackendError::UnknownTrace(guard.trace))?;
        let op = guard.op as usize;
        let data = parent
            .exits
            .data(op)
            .cloned()
            .ok_or(BackendError::NotAGuard(guard))?;
        for site in data.out.sites.iter().chain(data.jmp) {
            state
                .arena
                .patch_rel32(&parent.block, site, addr)
                .map_err(arena_error)?;
        }
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
        // SAFETY: `addr` is the entry stub of a live trace of this backend and `words`
        // holds `max_words` words.
        let exit = unsafe { self.rt.run(addr, &mut words) };
        if matches!(exit, Ok(Exit::Finished(_))) {
            self.rt.take_exception();
        }
        self.words = words;
        exit
    }

    fn invalidate(&mut self, entry: TraceId) -> Result<(), BackendError> {
        let mut state = self.rt.state.borrow_mut();
        let state = &mut *state;
        let root = state.compiled(entry)?.root;
        state.compiled_mut(root)?.invalidated = true;
        // Every `guard_not_invalidated` placeholder of the loop and its bridges becomes a
        // jump to its bridge, or to its exit stub.
        let mut members = state.compiled(root)?.bridges.clone();
        members.push(root);
        let mut writes = Vec::new();
        for &t in &members {
            let c = state.compiled(t)?;
            for e in c.exits.exits() {
                let Some(d) = c.exits.data(e.op) else {
                    continue;
                };
                let (Some(nop), None) = (d.out.nop, d.jmp) else {
                    continue;
                };
                let bridge = c
                    .exits
                    .bridge(e.op)
                    .and_then(|b| state.traces.get(&b.0))
                    .map(|b| b.block.addr());
                let target = bridge.unwrap_or(c.block.addr() + d.out.stub as u64);
                writes.push((t, e.op, nop, target));
            }
        }
        for (t, op, nop, target) in writes {
            let Some(c) = state.traces.get_mut(&t.0) else {
                continue;
            };
            let site = state
                .arena
                .write_jmp(&c.block, nop, target)
                .map_err(arena_error)?;
            if let Some(d) = c.exits.data_mut(op) {
                d.jmp = Some(site);
            }
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
            state.arena.free(c.block).map_err(arena_error)?;
        }
        Ok(())
    }
}

fn check_inputs(kinds: &[Kind], inputs: &[Value]) -> Result<(), BackendError> {
    tern_jit_ir::value::check_input_kinds(kinds, inputs).map_err(BackendError::BadInputs)
}

impl tern_jit_ir::conformance::moving::MovingGcBackend for X86Backend {
    fn root_walker(&self) -> tern_jit_ir::conformance::moving::RootWalker {
        let roots = self.roots();
        Box::new(move |visit| roots.walk(|slot| visit(slot)))
    }

    fn active_frames(&self) -> usize {
        self.roots().active_frames()
    }

    fn gc_maps(&self, id: TraceId) -> Option<Vec<(usize, Vec<u32>)>> {
        X86Backend::gc_maps(self, id)
    }

    fn set_assembler_helper(&mut self, helper: AssemblerHelper) {
        X86Backend::set_assembler_helper(self, helper);
    }
}
