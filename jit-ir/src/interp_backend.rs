//! The interpreting backend: the whole JIT pipeline with no machine code.
//!
//! [`InterpBackend`] implements [`Backend`] by keeping the compiled traces and running
//! them with the IR interpreter over a [`Memory`] (the embedder's heap, or a
//! [`ModelHeap`](crate::heap::ModelHeap)) and the registered [`Functions`]. A failing guard
//! with an attached bridge continues in the bridge (with the pending exception, if any);
//! a jump to a label of another compiled trace continues there; `call_assembler` runs the
//! target loop recursively. It is the reference every machine backend is compared
//! against ([`crate::conformance`]), and a real backend for embedders and tests on any
//! host.
//!
//! Invariants: a bridge's inputs match its guard's failargs (kinds and count); every
//! external jump target was compiled before the trace jumping to it; a loop that other
//! traces jump to cannot be freed before them.

use crate::hash::HashMap;
use std::sync::Arc;

use crate::backend::{Backend, BackendError, Exit, GuardId, TraceId};
use crate::descr::{Descr, TargetToken};
use crate::heap::Memory;
use crate::interp::{self, AssemblerCalls, Env, Functions, InterpError, Outcome, Start};
use crate::ops::OpCode;
use crate::trace::Trace;
use crate::value::{Kind, Value};

/// What the embedder does when a `call_assembler` callee exits through a guard: given
/// that exit, produce the call's result (typically by resuming the interpreter).
pub type AssemblerHelper = Box<dyn Fn(&Exit) -> Result<Option<Value>, String>>;

struct Compiled {
    trace: Trace,
    /// The loop this trace belongs to (itself for loops).
    root: TraceId,
    bridges: HashMap<u32, TraceId>,
    invalidated: bool,
}

/// Execution counters of an [`InterpBackend`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InterpStats {
    /// Calls of [`Backend::execute`].
    pub executions: u64,
    /// Entries into a bridge after its guard failed.
    pub bridge_entries: u64,
    /// Jumps from one compiled trace to another.
    pub trace_jumps: u64,
    /// Operations interpreted.
    pub ops: u64,
}

/// The interpreting backend (see the module documentation).
pub struct InterpBackend<M: Memory> {
    memory: M,
    functions: Functions,
    traces: Vec<Option<Compiled>>,
    labels: HashMap<u64, (TraceId, usize)>,
    step_limit: Option<u64>,
    helper: Option<AssemblerHelper>,
    stats: InterpStats,
}

impl<M: Memory> InterpBackend<M> {
    /// A backend running traces over `memory`, calling `functions`.
    pub fn new(memory: M, functions: Functions) -> InterpBackend<M> {
        InterpBackend {
            memory,
            functions,
            traces: Vec::new(),
            labels: HashMap::default(),
            step_limit: None,
            helper: None,
            stats: InterpStats::default(),
        }
    }

    /// The memory.
    pub fn memory(&self) -> &M {
        &self.memory
    }

    /// The memory, mutably (e.g. to rebuild frames after an exit).
    pub fn memory_mut(&mut self) -> &mut M {
        &mut self.memory
    }

    /// The registered functions, to add more.
    pub fn functions_mut(&mut self) -> &mut Functions {
        &mut self.functions
    }

    /// Limits the operations one [`Backend::execute`] may interpret (protects tests from
    /// endless loops; exceeding it is an [`BackendError::Execution`]).
    pub fn set_step_limit(&mut self, limit: Option<u64>) {
        self.step_limit = limit;
    }

    /// Sets what happens when a `call_assembler` callee exits through a guard.
    pub fn set_assembler_helper(&mut self, helper: AssemblerHelper) {
        self.helper = Some(helper);
    }

    /// The compiled trace with this id.
    pub fn trace(&self, id: TraceId) -> Option<&Trace> {
        self.compiled(id).ok().map(|c| &c.trace)
    }

    /// Execution counters.
    pub fn stats(&self) -> InterpStats {
        self.stats
    }

    fn compiled(&self, id: TraceId) -> Result<&Compiled, BackendError> {
        self.traces
            .get(id.0 as usize)
            .and_then(Option::as_ref)
            .ok_or(BackendError::UnknownTrace(id))
    }

    fn check_trace(&self, trace: &Trace) -> Result<(), BackendError> {
        trace
            .verify()
            .map_err(|e| BackendError::InvalidTrace(e.to_string()))?;
        // External jumps must target compiled labels; call_assembler targets too.
        for (i, op) in trace.ops().iter().enumerate() {
            if op.opcode == OpCode::Jump || op.opcode.is_call_assembler() {
                let t = trace
                    .descr_of(op)
                    .and_then(Descr::as_target)
                    .expect("verified");
                if trace.find_label(t.id).is_none() && !self.labels.contains_key(&t.id) {
                    return Err(BackendError::UnknownTarget(format!("{} (op {i})", t.name)));
                }
            }
        }
        Ok(())
    }

    fn add(&mut self, trace: &Trace, root: Option<TraceId>) -> TraceId {
        let id = TraceId(self.traces.len() as u32);
        for (i, op) in trace.ops().iter().enumerate() {
            if op.opcode == OpCode::Label {
                let t = trace
                    .descr_of(op)
                    .and_then(Descr::as_target)
                    .expect("verified");
                self.labels.insert(t.id, (id, i));
            }
        }
        self.traces.push(Some(Compiled {
            trace: trace.clone(),
            root: root.unwrap_or(id),
            bridges: HashMap::default(),
            invalidated: false,
        }));
        id
    }
}

/// Runs compiled traces; also answers `call_assembler`.
struct Runner<'a> {
    traces: &'a [Option<Compiled>],
    labels: &'a HashMap<u64, (TraceId, usize)>,
    helper: Option<&'a AssemblerHelper>,
    stats: std::cell::Cell<InterpStats>,
}

impl Runner<'_> {
    fn get(&self, id: TraceId) -> Result<&Compiled, BackendError> {
        self.traces
            .get(id.0 as usize)
            .and_then(Option::as_ref)
            .ok_or(BackendError::UnknownTrace(id))
    }

    fn bump(&self, f: impl FnOnce(&mut InterpStats)) {
        let mut s = self.stats.get();
        f(&mut s);
        self.stats.set(s);
    }

    fn run(
        &self,
        env: &mut Env<'_>,
        entry: TraceId,
        label: Option<usize>,
        inputs: &[Value],
    ) -> Result<Exit, BackendError> {
        let mut current = entry;
        let mut at_label = label;
        let mut values = inputs.to_vec();
        loop {
            let c = self.get(current)?;
            env.invalidated = self.get(c.root)?.invalidated;
            let start = match at_label {
                Some(l) => Start::Label(l, &values),
                None => Start::Entry(&values),
            };
            let before = env.steps;
            // Traces were verified when they were compiled.
            let outcome = interp::run_verified(&c.trace, start, env);
            self.bump(|s| s.ops += env.steps - before);
            match outcome.map_err(execution_error)? {
                Outcome::Finished(v) => return Ok(Exit::Finished(v)),
                Outcome::GuardFailed {
                    guard,
                    values: failed,
                    exception,
                } => match c.bridges.get(&(guard as u32)) {
                    Some(&bridge) => {
                        self.bump(|s| s.bridge_entries += 1);
                        current = bridge;
                        at_label = None;
                        values = failed;
                    }
                    None => {
                        return Ok(Exit::GuardFailed {
                            guard: GuardId {
                                trace: current,
                                op: guard as u32,
                            },
                            values: failed,
                            exception,
                        });
                    }
                },
                Outcome::Jumped { target, args } => {
                    let &(t, l) = self
                        .labels
                        .get(&target.id)
                        .ok_or_else(|| BackendError::UnknownTarget(target.name.clone()))?;
                    self.bump(|s| s.trace_jumps += 1);
                    current = t;
                    at_label = Some(l);
                    values = args;
                }
            }
        }
    }
}

fn execution_error(e: InterpError) -> BackendError {
    match e {
        InterpError::BadInputs(m) => BackendError::BadInputs(m),
        other => BackendError::Execution(other.to_string()),
    }
}

impl AssemblerCalls for Runner<'_> {
    fn call_assembler(
        &self,
        env: &mut Env<'_>,
        target: &Arc<TargetToken>,
        args: &[Value],
    ) -> Result<Option<Value>, InterpError> {
        let bad = |m: String| InterpError::BadCall { op: 0, message: m };
        let &(t, l) = self
            .labels
            .get(&target.id)
            .ok_or_else(|| bad(format!("call_assembler to unknown label {}", target.name)))?;
        let saved_invalidated = env.invalidated;
        let exit = self
            .run(env, t, Some(l), args)
            .map_err(|e| bad(e.to_string()))?;
        env.invalidated = saved_invalidated;
        match exit {
            Exit::Finished(v) => Ok(v),
            other => match self.helper {
                Some(h) => h(&other).map_err(bad),
                None => Err(bad(format!(
                    "call_assembler callee left through a guard ({other:?}) and no assembler helper is set"
                ))),
            },
        }
    }
}

impl<M: Memory> Backend for InterpBackend<M> {
    fn name(&self) -> &str {
        "interp"
    }

    fn compile_loop(&mut self, trace: &Trace) -> Result<TraceId, BackendError> {
        self.check_trace(trace)?;
        Ok(self.add(trace, None))
    }

    fn compile_bridge(&mut self, guard: GuardId, bridge: &Trace) -> Result<TraceId, BackendError> {
        let parent = self.compiled(guard.trace)?;
        if !parent
            .trace
            .ops()
            .get(guard.op as usize)
            .is_some_and(|op| op.opcode.is_guard())
        {
            return Err(BackendError::NotAGuard(guard));
        }
        if parent.bridges.contains_key(&guard.op) {
            return Err(BackendError::AlreadyAttached(guard));
        }
        let expected: Vec<Kind> = parent
            .trace
            .failargs(guard.op as usize)
            .iter()
            .map(|&r| parent.trace.kind_of(r))
            .collect();
        if bridge.input_kinds() != expected.as_slice() {
            return Err(BackendError::BridgeMismatch(format!(
                "the guard reports {expected:?}, the bridge takes {:?}",
                bridge.input_kinds()
            )));
        }
        let root = parent.root;
        self.check_trace(bridge)?;
        let id = self.add(bridge, Some(root));
        self.traces[guard.trace.0 as usize]
            .as_mut()
            .expect("checked above")
            .bridges
            .insert(guard.op, id);
        Ok(id)
    }

    fn execute(&mut self, entry: TraceId, inputs: &[Value]) -> Result<Exit, BackendError> {
        self.compiled(entry)?;
        let runner = Runner {
            traces: &self.traces,
            labels: &self.labels,
            helper: self.helper.as_ref(),
            stats: std::cell::Cell::new(self.stats),
        };
        let mut env = Env::new(&mut self.memory, &self.functions);
        env.step_limit = self.step_limit;
        env.assembler = Some(&runner);
        let r = runner.run(&mut env, entry, None, inputs);
        let mut stats = runner.stats.get();
        stats.executions += 1;
        self.stats = stats;
        r
    }

    fn invalidate(&mut self, entry: TraceId) -> Result<(), BackendError> {
        let root = self.compiled(entry)?.root;
        self.traces[root.0 as usize]
            .as_mut()
            .expect("roots live as long as their bridges")
            .invalidated = true;
        Ok(())
    }

    fn free(&mut self, entry: TraceId) -> Result<(), BackendError> {
        let c = self.compiled(entry)?;
        if c.root != entry {
            return Err(BackendError::InvalidTrace(format!(
                "trace {} is a bridge; free its loop {}",
                entry.0, c.root.0
            )));
        }
        let members: Vec<usize> = (0..self.traces.len())
            .filter(|&i| self.traces[i].as_ref().is_some_and(|c| c.root == entry))
            .collect();
        // Refuse if a trace of another loop jumps into this one.
        for other in self.traces.iter() {
            let Some(other) = other else { continue };
            if other.root == entry {
                continue;
            }
            for op in other.trace.ops() {
                if (op.opcode == OpCode::Jump || op.opcode.is_call_assembler())
                    && let Some(t) = other.trace.descr_of(op).and_then(Descr::as_target)
                    && let Some(&(target, _)) = self.labels.get(&t.id)
                    && members.contains(&(target.0 as usize))
                    && other.trace.find_label(t.id).is_none()
                {
                    return Err(BackendError::InUse(entry));
                }
            }
        }
        for i in members {
            self.traces[i] = None;
        }
        self.labels
            .retain(|_, (t, _)| self.traces.get(t.0 as usize).is_some_and(Option::is_some));
        Ok(())
    }
}
