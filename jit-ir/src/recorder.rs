//! The trace recorder an interpreter drives while it executes.
//!
//! The interpreter calls [`TraceRecorder::record`] for each operation it performs (with
//! trace values, not concrete ones), [`TraceRecorder::snapshot`] to describe its frames
//! and [`TraceRecorder::guard`] for each condition its execution depended on; then closes
//! the loop ([`TraceRecorder::close_loop`]), finishes, or jumps to compiled code.
//!
//! Like LuaJIT's recorder, it optimizes on the fly, so the recorded trace is already
//! small: pure operations on constants are folded (with the interpreter's own
//! [`eval_pure`]), repeated pure operations are reused (CSE), guards whose outcome is
//! already known are not recorded (a `guard_true` of a constant, a second identical
//! guard, a `guard_class` of an object of known class), and after `guard_value(x, c)` later
//! uses of `x` become `c`. Elidable calls and immutable loads on constant arguments
//! become the concrete result the interpreter computed ([`TraceRecorder::record_known`]).
//!
//! At [`JitParams::trace_limit`](crate::JitParams) operations, recording aborts with
//! [`RecordError::TooLong`]; every later call fails the same way and the trace is
//! dropped, so the interpreter can simply stop tracing and keep interpreting.

use crate::hash::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use crate::descr::{Descr, TargetToken};
use crate::interp::eval_pure;
use crate::ops::OpCode;
use crate::opt::pure::{Key, implied_guards, key};
use crate::resume::{FrameId, ResumeValue, Snapshot, SnapshotId, VirtualInfo};
use crate::trace::{OpRef, Trace, TraceBuilder, arg_kind_ok, descr_fits, expected_arg};
use crate::value::{Kind, Value};

/// Why recording stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// The trace reached the operation limit.
    TooLong {
        /// The limit.
        limit: usize,
    },
    /// The interpreter asked for something ill-formed (names what).
    Invalid(String),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::TooLong { limit } => {
                write!(f, "trace too long (limit {limit} operations)")
            }
            RecordError::Invalid(m) => write!(f, "invalid recording: {m}"),
        }
    }
}

impl std::error::Error for RecordError {}

/// One interpreter frame for a snapshot: `slots[i]` is `None` for a dead slot.
#[derive(Clone, Copy, Debug)]
pub struct FrameSpec<'a> {
    /// Embedder-defined code identifier.
    pub code: u64,
    /// Embedder-defined position.
    pub pc: u64,
    /// Slot values.
    pub slots: &'a [Option<OpRef>],
}

/// A frame rebuilt symbolically at the start of a bridge.
#[derive(Clone, Debug, PartialEq)]
pub struct SymbolicFrame {
    /// Embedder-defined code identifier.
    pub code: u64,
    /// Embedder-defined position.
    pub pc: u64,
    /// Slot values as trace values (`None`: dead slot).
    pub slots: Vec<Option<OpRef>>,
}

/// Records a trace (see the module documentation).
#[derive(Debug)]
pub struct TraceRecorder {
    b: TraceBuilder,
    limit: usize,
    failed: Option<RecordError>,
    table: HashMap<Key, OpRef>,
    subst: HashMap<OpRef, OpRef>,
    known_class: HashMap<OpRef, u64>,
    nonnull: HashSet<OpRef>,
    entry: Option<Arc<TargetToken>>,
    last_frames: Vec<FrameId>,
    folded: usize,
}

impl TraceRecorder {
    fn new(inputs: &[Kind], limit: usize) -> TraceRecorder {
        TraceRecorder {
            b: TraceBuilder::new(inputs),
            limit,
            failed: None,
            table: HashMap::default(),
            subst: HashMap::default(),
            known_class: HashMap::default(),
            nonnull: HashSet::default(),
            entry: None,
            last_frames: Vec::new(),
            folded: 0,
        }
    }

    /// Starts recording a loop whose header has live values of the given kinds; returns
    /// the recorder and the trace values of those inputs. The loop entry is a label with
    /// a fresh token named `name`.
    pub fn start_loop(name: &str, inputs: &[Kind], limit: usize) -> (TraceRecorder, Vec<OpRef>) {
        let mut r = TraceRecorder::new(inputs, limit);
        let args = r.b.inputs();
        let token = TargetToken::new(name);
        let d = r.b.descr(Descr::Target(token.clone()));
        r.b.emit(OpCode::Label, &args, Some(d));
        r.entry = Some(token);
        (r, args)
    }

    /// Starts recording a trace that is not a loop (a bridge or a function entry).
    pub fn start_trace(inputs: &[Kind], limit: usize) -> (TraceRecorder, Vec<OpRef>) {
        let r = TraceRecorder::new(inputs, limit);
        let args = r.b.inputs();
        (r, args)
    }

    /// Starts a bridge from the failing guard at op `guard` of `trace`: the bridge's
    /// inputs are the guard's failargs, and the interpreter frames are rebuilt from the
    /// guard's resume data as trace values (virtual objects are re-created by recording
    /// their allocation, so the bridge's optimizer can remove them again).
    pub fn start_bridge(
        trace: &Trace,
        guard: usize,
        limit: usize,
    ) -> Result<(TraceRecorder, Vec<SymbolicFrame>), RecordError> {
        let op = trace
            .ops()
            .get(guard)
            .ok_or_else(|| RecordError::Invalid(format!("no op {guard}")))?;
        if !op.opcode.is_guard() {
            return Err(RecordError::Invalid(format!("op {guard} is not a guard")));
        }
        let failargs = trace.failargs(guard);
        let kinds: Vec<Kind> = failargs.iter().map(|&r| trace.kind_of(r)).collect();
        let (mut rec, inputs) = TraceRecorder::start_trace(&kinds, limit);
        let env: HashMap<OpRef, OpRef> = failargs.iter().copied().zip(inputs).collect();
        let Some(sid) = op.snapshot() else {
            return Ok((rec, Vec::new()));
        };
        let store = trace.resume();
        let snap = store.snapshot(sid);
        let mut virtuals: Vec<OpRef> = Vec::with_capacity(snap.virtuals.len());
        for v in &snap.virtuals {
            let r = match v {
                VirtualInfo::Struct { size, .. } => {
                    let d = trace.descrs().get(*size).clone();
                    let has_vtable = d.as_size().is_some_and(|s| s.vtable.is_some());
                    rec.record(
                        if has_vtable {
                            OpCode::NewWithVtable
                        } else {
                            OpCode::New
                        },
                        &[],
                        Some(d),
                    )?
                }
                VirtualInfo::Array {
                    descr,
                    string,
                    items,
                } => {
                    let len = rec.const_int(items.len() as i64);
                    let op = if *string {
                        OpCode::Newstr
                    } else {
                        OpCode::NewArray
                    };
                    rec.record(op, &[len], Some(trace.descrs().get(*descr).clone()))?
                }
            };
            virtuals.push(r);
        }
        let resolve = |rec: &mut TraceRecorder, v: ResumeValue| -> Option<OpRef> {
            match v {
                ResumeValue::Dead => None,
                ResumeValue::Virtual(k) => Some(virtuals[k as usize]),
                ResumeValue::Value(r) if r.is_const() => Some(rec.b.constant(trace.const_value(r))),
                ResumeValue::Value(r) => Some(env[&r]),
            }
        };
        for (k, v) in snap.virtuals.iter().enumerate() {
            match v {
                VirtualInfo::Struct { fields, .. } => {
                    for &(f, fv) in fields {
                        if let Some(x) = resolve(&mut rec, fv) {
                            rec.record(
                                OpCode::SetfieldGc,
                                &[virtuals[k], x],
                                Some(trace.descrs().get(f).clone()),
                            )?;
                        }
                    }
                }
                VirtualInfo::Array {
                    descr,
                    string,
                    items,
                } => {
                    let op = if *string {
                        OpCode::Strsetitem
                    } else {
                        OpCode::SetarrayitemGc
                    };
                    for (i, &iv) in items.iter().enumerate() {
                        if let Some(x) = resolve(&mut rec, iv) {
                            let idx = rec.const_int(i as i64);
                            rec.record(
                                op,
                                &[virtuals[k], idx, x],
                                Some(trace.descrs().get(*descr).clone()),
                            )?;
                        }
                    }
                }
            }
        }
        for p in &snap.pending {
            if let (Some(t), Some(x)) = (resolve(&mut rec, p.target), resolve(&mut rec, p.value)) {
                rec.record(
                    OpCode::SetfieldGc,
                    &[t, x],
                    Some(trace.descrs().get(p.field).clone()),
                )?;
            }
        }
        let mut frames = Vec::new();
        for fid in store.frame_chain(sid) {
            let f = store.frame(fid);
            let slots = store
                .slots_of(fid)
                .iter()
                .map(|&v| resolve(&mut rec, v))
                .collect();
            frames.push(SymbolicFrame {
                code: f.code,
                pc: f.pc,
                slots,
            });
        }
        Ok((rec, frames))
    }

    fn check(&self) -> Result<(), RecordError> {
        match &self.failed {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    fn count(&mut self) -> Result<(), RecordError> {
        if self.b.len() >= self.limit {
            let e = RecordError::TooLong { limit: self.limit };
            self.failed = Some(e.clone());
            return Err(e);
        }
        Ok(())
    }

    fn resolve(&self, r: OpRef) -> OpRef {
        self.subst.get(&r).copied().unwrap_or(r)
    }

    /// An int constant.
    pub fn const_int(&mut self, v: i64) -> OpRef {
        self.b.const_int(v)
    }

    /// A ref constant.
    pub fn const_ref(&mut self, v: u64) -> OpRef {
        self.b.const_ref(v)
    }

    /// A float constant.
    pub fn const_float(&mut self, v: f64) -> OpRef {
        self.b.const_float(v)
    }

    /// The constant value of `r`, if the recorder knows it.
    pub fn constant_of(&self, r: OpRef) -> Option<Value> {
        self.b.as_const(self.resolve(r))
    }

    /// Number of operations recorded so far.
    pub fn len(&self) -> usize {
        self.b.len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.b.is_empty()
    }

    /// Operations that were folded, reused or skipped instead of recorded.
    pub fn folded(&self) -> usize {
        self.folded
    }

    /// The entry token of a loop being recorded.
    pub fn entry_token(&self) -> Option<&Arc<TargetToken>> {
        self.entry.as_ref()
    }

    fn validate(
        &self,
        opcode: OpCode,
        args: &[OpRef],
        descr: Option<&Descr>,
    ) -> Result<(), RecordError> {
        let bad = |m: String| Err(RecordError::Invalid(format!("{opcode}: {m}")));
        let n = args.len();
        if (opcode.is_variadic() && n < opcode.fixed_arity())
            || (!opcode.is_variadic() && n != opcode.fixed_arity())
        {
            return bad(format!("wrong number of arguments ({n})"));
        }
        for (k, &a) in args.iter().enumerate() {
            if !a.is_const() && a.index() >= self.b.trace().num_values() {
                return bad(format!("argument {k} is not a value of this trace"));
            }
            if a.is_const() && a.const_index() >= self.b.trace().consts().len() {
                return bad(format!("argument {k} is not a constant of this trace"));
            }
            let kind = self.b.kind_of(a);
            if !arg_kind_ok(expected_arg(opcode, k), kind) {
                return bad(format!("argument {k} has kind {kind}"));
            }
        }
        if !descr_fits(opcode, descr) {
            return bad("missing or wrong descriptor".into());
        }
        if matches!(opcode, OpCode::Label | OpCode::Jump | OpCode::Finish) || opcode.is_guard() {
            return bad("use the dedicated recorder method".into());
        }
        Ok(())
    }

    /// Records an operation (not a guard, label, jump or finish) and returns its result.
    pub fn record(
        &mut self,
        opcode: OpCode,
        args: &[OpRef],
        descr: Option<Descr>,
    ) -> Result<OpRef, RecordError> {
        self.check()?;
        let args: Vec<OpRef> = args.iter().map(|&a| self.resolve(a)).collect();
        self.validate(opcode, &args, descr.as_ref())?;
        if opcode.is_pure() && args.iter().all(|a| a.is_const()) {
            let vals: Vec<Value> = args
                .iter()
                .map(|&a| self.b.as_const(a).expect("const"))
                .collect();
            if let Ok(v) = eval_pure(opcode, &vals) {
                self.folded += 1;
                return Ok(self.b.constant(v));
            }
        }
        let did = descr.clone().map(|d| self.b.descr(d));
        let reusable = !matches!(opcode, OpCode::SameAsI | OpCode::SameAsR | OpCode::SameAsF)
            && (opcode.is_pure()
                || matches!(opcode, OpCode::ArraylenGc | OpCode::Strlen)
                || descr
                    .as_ref()
                    .and_then(Descr::as_field)
                    .is_some_and(|f| f.immutable && opcode.reads_memory() && !opcode.is_raw())
                || (opcode.is_call_pure()
                    && descr
                        .as_ref()
                        .and_then(Descr::as_call)
                        .is_some_and(|c| c.effect.elidable && !c.effect.can_raise)));
        let k = reusable.then(|| key(opcode, &args, did));
        if let Some(k) = &k
            && let Some(&r) = self.table.get(k)
        {
            self.folded += 1;
            return Ok(r);
        }
        self.count()?;
        let r = self.b.emit(opcode, &args, did);
        if let Some(k) = k {
            self.table.insert(k, r);
        }
        match opcode {
            OpCode::New | OpCode::NewWithVtable => {
                self.nonnull.insert(r);
                if let Some(vt) = descr
                    .as_ref()
                    .and_then(Descr::as_size)
                    .and_then(|s| s.vtable)
                {
                    self.known_class.insert(r, vt);
                }
            }
            OpCode::NewArray | OpCode::Newstr => {
                self.nonnull.insert(r);
            }
            _ => {}
        }
        Ok(r)
    }

    /// Records an operation whose concrete result the interpreter already knows: when
    /// all arguments are constants and the operation cannot give another result later
    /// (an elidable call, a load of an immutable field or a length), the result becomes a
    /// constant instead of an operation.
    pub fn record_known(
        &mut self,
        opcode: OpCode,
        args: &[OpRef],
        descr: Option<Descr>,
        result: Value,
    ) -> Result<OpRef, RecordError> {
        self.check()?;
        let resolved: Vec<OpRef> = args.iter().map(|&a| self.resolve(a)).collect();
        let foldable = match descr.as_ref() {
            Some(Descr::Call(c)) => {
                opcode.is_call_pure() && c.effect.elidable && !c.effect.can_raise
            }
            Some(Descr::Field(f)) => f.immutable && opcode.reads_memory() && !opcode.is_raw(),
            Some(Descr::Array(_)) => matches!(opcode, OpCode::ArraylenGc | OpCode::Strlen),
            _ => false,
        };
        if foldable
            && resolved.iter().all(|a| a.is_const())
            && result.kind() == opcode.result_kind()
        {
            self.validate(opcode, &resolved, descr.as_ref())?;
            self.folded += 1;
            return Ok(self.b.constant(result));
        }
        self.record(opcode, args, descr)
    }

    /// Describes the interpreter frames (outermost first) for the following guards.
    /// Consecutive guards with the same frames share one snapshot, and unchanged parent
    /// frames are shared between snapshots.
    pub fn snapshot(&mut self, frames: &[FrameSpec<'_>]) -> Result<SnapshotId, RecordError> {
        self.check()?;
        let mut parent = None;
        let mut ids = Vec::with_capacity(frames.len());
        for f in frames {
            let slots: Vec<ResumeValue> = f
                .slots
                .iter()
                .map(|s| match s {
                    None => ResumeValue::Dead,
                    Some(r) => ResumeValue::Value(self.resolve(*r)),
                })
                .collect();
            for s in &slots {
                if let ResumeValue::Value(r) = s
                    && !r.is_const()
                    && (r.index() >= self.b.trace().num_values()
                        || self.b.kind_of(*r) == Kind::Void)
                {
                    return Err(RecordError::Invalid(
                        "snapshot refers to a value that is not in the trace".into(),
                    ));
                }
            }
            let id = self.b.resume_mut().add_frame(parent, f.code, f.pc, &slots);
            ids.push(id);
            parent = Some(id);
        }
        self.last_frames = ids;
        Ok(self.b.resume_mut().add_snapshot(Snapshot {
            frame: parent,
            virtuals: Vec::new(),
            pending: Vec::new(),
        }))
    }

    /// Records a guard with its snapshot (skipped when its outcome is already known).
    /// Returns the exception object for `guard_exception`.
    pub fn guard(
        &mut self,
        opcode: OpCode,
        args: &[OpRef],
        snapshot: SnapshotId,
    ) -> Result<Option<OpRef>, RecordError> {
        self.check()?;
        if !opcode.is_guard() {
            return Err(RecordError::Invalid(format!("{opcode} is not a guard")));
        }
        if snapshot.0 as usize >= self.b.trace().resume().num_snapshots() {
            return Err(RecordError::Invalid("unknown snapshot".into()));
        }
        let args: Vec<OpRef> = args.iter().map(|&a| self.resolve(a)).collect();
        let n = args.len();
        if n != opcode.fixed_arity() {
            return Err(RecordError::Invalid(format!(
                "{opcode}: wrong number of arguments ({n})"
            )));
        }
        for (k, &a) in args.iter().enumerate() {
            if !arg_kind_ok(expected_arg(opcode, k), self.b.kind_of(a)) {
                return Err(RecordError::Invalid(format!(
                    "{opcode}: argument {k} has the wrong kind"
                )));
            }
        }
        let consts: Vec<Option<Value>> = args.iter().map(|&a| self.b.as_const(a)).collect();
        let c = |i: usize| consts[i];
        let known = match opcode {
            OpCode::GuardTrue => c(0).is_some_and(|v| v.bits() != 0),
            OpCode::GuardFalse => c(0).is_some_and(|v| v.bits() == 0),
            OpCode::GuardValue => args[0] == args[1],
            OpCode::GuardNonnull => {
                c(0).is_some_and(|v| v.bits() != 0) || self.nonnull.contains(&args[0])
            }
            OpCode::GuardIsnull => c(0).is_some_and(|v| v.bits() == 0),
            OpCode::GuardClass | OpCode::GuardNonnullClass => {
                c(1).is_some_and(|cls| self.known_class.get(&args[0]) == Some(&cls.bits()))
            }
            _ => false,
        } || (crate::opt::pure::idempotent_guard(opcode)
            && self.table.contains_key(&key(opcode, &args, None)));
        if known {
            self.folded += 1;
            return Ok(None);
        }
        self.count()?;
        let g = self.b.emit_guard(opcode, &args, None, Some(snapshot));
        if crate::opt::pure::idempotent_guard(opcode) {
            for k in implied_guards(opcode, &args) {
                self.table.insert(k, g);
            }
        }
        match opcode {
            OpCode::GuardValue if args[1].is_const() => {
                self.subst.insert(args[0], args[1]);
            }
            OpCode::GuardClass | OpCode::GuardNonnullClass => {
                if let Some(cls) = c(1) {
                    self.known_class.insert(args[0], cls.bits());
                }
                self.nonnull.insert(args[0]);
            }
            OpCode::GuardNonnull => {
                self.nonnull.insert(args[0]);
            }
            OpCode::GuardIsnull => {
                let null = self.b.const_ref(0);
                self.subst.insert(args[0], null);
            }
            _ => {}
        }
        Ok((opcode == OpCode::GuardException).then_some(g))
    }

    fn close(
        mut self,
        opcode: OpCode,
        args: &[OpRef],
        descr: Option<Descr>,
    ) -> Result<Trace, RecordError> {
        self.check()?;
        let args: Vec<OpRef> = args.iter().map(|&a| self.resolve(a)).collect();
        let d = descr.map(|d| self.b.descr(d));
        self.b.emit(opcode, &args, d);
        let trace = self.b.finish();
        trace
            .verify()
            .map_err(|e| RecordError::Invalid(format!("the recorded trace is ill-formed: {e}")))?;
        Ok(trace)
    }

    /// Closes the loop: jumps back to the entry label with the header's new values.
    pub fn close_loop(self, args: &[OpRef]) -> Result<Trace, RecordError> {
        let token = self.entry.clone().ok_or_else(|| {
            RecordError::Invalid("close_loop on a trace that is not a loop".into())
        })?;
        self.close(OpCode::Jump, args, Some(Descr::Target(token)))
    }

    /// Ends the trace, leaving with an optional result.
    pub fn finish(self, result: Option<OpRef>) -> Result<Trace, RecordError> {
        let args: Vec<OpRef> = result.into_iter().collect();
        self.close(OpCode::Finish, &args, None)
    }

    /// Ends the trace by jumping to the label `target` of an already compiled loop.
    pub fn jump_to(self, target: Arc<TargetToken>, args: &[OpRef]) -> Result<Trace, RecordError> {
        self.close(OpCode::Jump, args, Some(Descr::Target(target)))
    }
}
