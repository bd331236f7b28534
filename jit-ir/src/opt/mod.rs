//! The optimizer: separate passes in a fixed order.
//!
//! Each pass reads one trace and builds a new one (`fn run(&Trace) -> Trace`), so every
//! pass can be tested alone (golden files name the passes they run). The pipeline is
//! PyPy's order: [`intbounds`] (drop overflow checks and guards proven redundant),
//! [`rewrite`] (folding, algebraic simplification, guard strengthening), [`virtuals`]
//! (allocation removal), [`pure`] (CSE of pure operations), [`heap`] (load/store
//! forwarding, delayed stores) and [`unroll`] (loop peeling with invariant hoisting).
//! For loops, [`optimize`] runs the first five passes, peels the loop, and runs the five
//! passes again over preamble + body, this time letting the virtuals pass keep objects
//! virtual across the back edge by passing their fields through the loop label.
//! A final dead-code sweep removes unused pure operations.
//!
//! Common machinery lives here: [`Rewriter`] maps old references to new ones while a
//! pass copies, replaces or drops operations, remaps resume snapshots, and emits labels
//! whose arguments are sanitised (distinct, non-constant: see the label contract in
//! [`crate::trace`]). Every pass resets what it knows at a label, because a label's
//! arguments are re-bound by the back edge.

pub mod heap;
pub mod intbounds;
pub mod pure;
pub mod rewrite;
pub mod unroll;
pub mod virtuals;

use crate::hash::{HashMap, HashSet};
use std::fmt;

use crate::descr::DescrId;
use crate::ops::OpCode;
use crate::resume::{ResumeValue, SnapshotId};
use crate::trace::{OpRef, Trace, TraceBuilder, VerifyError};
use crate::value::Value;

/// One optimizer pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// Integer bounds.
    IntBounds,
    /// Folding and rewriting.
    Rewrite,
    /// Allocation removal.
    Virtuals,
    /// CSE of pure operations.
    Pure,
    /// Heap cache.
    Heap,
    /// Loop peeling with invariant hoisting.
    Unroll,
    /// Removal of unused pure operations.
    DeadCode,
}

impl Pass {
    /// Name used in golden files.
    pub fn name(self) -> &'static str {
        match self {
            Pass::IntBounds => "intbounds",
            Pass::Rewrite => "rewrite",
            Pass::Virtuals => "virtuals",
            Pass::Pure => "pure",
            Pass::Heap => "heap",
            Pass::Unroll => "unroll",
            Pass::DeadCode => "dce",
        }
    }

    /// Looks a pass up by name.
    pub fn from_name(name: &str) -> Option<Pass> {
        [
            Pass::IntBounds,
            Pass::Rewrite,
            Pass::Virtuals,
            Pass::Pure,
            Pass::Heap,
            Pass::Unroll,
            Pass::DeadCode,
        ]
        .into_iter()
        .find(|p| p.name() == name)
    }

    /// Runs this pass alone.
    pub fn run(self, trace: &Trace) -> Trace {
        match self {
            Pass::IntBounds => intbounds::run(trace),
            Pass::Rewrite => rewrite::run(trace),
            Pass::Virtuals => virtuals::run(trace),
            Pass::Pure => pure::run(trace),
            Pass::Heap => heap::run(trace),
            Pass::Unroll => unroll::run(trace),
            Pass::DeadCode => dead_code(trace),
        }
    }
}

/// The passes run on a single iteration, in order.
pub const BASIC_PASSES: [Pass; 5] = [
    Pass::IntBounds,
    Pass::Rewrite,
    Pass::Virtuals,
    Pass::Pure,
    Pass::Heap,
];

/// The input trace is ill-formed, or a pass produced an ill-formed trace (an optimizer
/// bug; the message names the pass).
#[derive(Clone, Debug)]
pub struct OptError {
    /// The pass that failed (`None`: the input itself does not verify).
    pub pass: Option<Pass>,
    /// The verifier's complaint.
    pub error: VerifyError,
    /// The offending trace, printed.
    pub trace: String,
}

impl fmt::Display for OptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pass {
            Some(p) => write!(
                f,
                "pass {} produced a bad trace: {}\n{}",
                p.name(),
                self.error,
                self.trace
            ),
            None => write!(
                f,
                "the input trace is ill-formed: {}\n{}",
                self.error, self.trace
            ),
        }
    }
}

impl std::error::Error for OptError {}

fn checked(pass: Pass, out: Trace) -> Result<Trace, OptError> {
    verified(pass, out)
}

/// In debug builds every pass's output is verified; release builds trust the passes (the
/// property tests run in debug).
fn debug_checked(pass: Pass, out: Trace) -> Result<Trace, OptError> {
    if cfg!(debug_assertions) {
        verified(pass, out)
    } else {
        Ok(out)
    }
}

fn verified(pass: Pass, out: Trace) -> Result<Trace, OptError> {
    check_input(&out, Some(pass))?;
    Ok(out)
}

fn check_input(t: &Trace, pass: Option<Pass>) -> Result<(), OptError> {
    match t.verify() {
        Ok(()) => Ok(()),
        Err(error) => Err(OptError {
            pass,
            error,
            trace: crate::text::print(t),
        }),
    }
}

/// Runs the given passes in order, verifying the input and the output of each.
pub fn run_passes(trace: &Trace, passes: &[Pass]) -> Result<Trace, OptError> {
    check_input(trace, None)?;
    let mut t = trace.clone();
    for &p in passes {
        t = checked(p, p.run(&t))?;
    }
    Ok(t)
}

/// The full pipeline (see the module documentation). The input is verified (an
/// ill-formed trace is an error, never a panic in a pass); each pass's output is verified
/// in debug builds.
pub fn optimize(trace: &Trace) -> Result<Trace, OptError> {
    check_input(trace, None)?;
    let mut t = trace.clone();
    for p in BASIC_PASSES {
        t = debug_checked(p, p.run(&t))?;
    }
    if unroll::can_peel(&t) {
        t = debug_checked(Pass::Unroll, unroll::run(&t))?;
        for p in BASIC_PASSES {
            t = debug_checked(
                p,
                match p {
                    Pass::Virtuals => virtuals::run_across_loop(&t),
                    _ => p.run(&t),
                },
            )?;
        }
    }
    debug_checked(Pass::DeadCode, dead_code(&t))
}

/// Copies a trace into a new one, tracking how old references map to new ones.
pub struct Rewriter<'t> {
    /// The trace being rewritten.
    pub old: &'t Trace,
    /// The trace being built.
    pub out: TraceBuilder,
    map: Vec<OpRef>,
    consts: Vec<Option<OpRef>>,
    subst: HashMap<OpRef, OpRef>,
    snapshot_memo: HashMap<SnapshotId, SnapshotId>,
    /// Index in the new trace of the most recent label.
    last_label: Option<usize>,
}

/// Never a valid reference (a constant index no pool reaches).
const UNMAPPED: OpRef = OpRef::from_raw(u32::MAX);

impl<'t> Rewriter<'t> {
    /// Starts rewriting `old`: inputs map to inputs, descriptors keep their ids.
    pub fn new(old: &'t Trace) -> Rewriter<'t> {
        let mut map = vec![UNMAPPED; old.num_values()];
        for (i, m) in map.iter_mut().enumerate().take(old.num_inputs()) {
            *m = OpRef::value(i as u32);
        }
        Rewriter {
            old,
            out: TraceBuilder::rewriting(old),
            map,
            consts: vec![None; old.consts().len()],
            subst: HashMap::default(),
            snapshot_memo: HashMap::default(),
            last_label: None,
        }
    }

    /// The index (in the new trace) of the operation defining `r`, if it is defined after
    /// the most recent label. Values defined before it (including the label's arguments)
    /// are re-bound by the back edge, so their definitions say nothing about them here.
    pub fn def_after_label(&self, r: OpRef) -> Option<usize> {
        let i = self.out.trace().defining_op(r)?;
        match self.last_label {
            Some(l) if i <= l => None,
            _ => Some(i),
        }
    }

    /// The new reference for an old one (constants are re-interned).
    pub fn get(&mut self, old: OpRef) -> OpRef {
        let r = if old.is_const() {
            let i = old.const_index();
            match self.consts[i] {
                Some(r) => r,
                None => {
                    let r = self.out.constant(self.old.const_value(old));
                    self.consts[i] = Some(r);
                    r
                }
            }
        } else {
            let r = self.map[old.index()];
            assert!(r != UNMAPPED, "{old:?} used before it was mapped");
            r
        };
        self.resolve(r)
    }

    /// Follows substitutions recorded with [`substitute`](Self::substitute).
    pub fn resolve(&self, mut r: OpRef) -> OpRef {
        while let Some(&s) = self.subst.get(&r) {
            r = s;
        }
        r
    }

    /// Is the old reference already mapped?
    pub fn is_mapped(&self, old: OpRef) -> bool {
        old.is_const() || self.map[old.index()] != UNMAPPED
    }

    /// Maps an old reference to a new one.
    pub fn set(&mut self, old: OpRef, new: OpRef) {
        self.map[old.index()] = new;
    }

    /// From now on, uses of the new reference `from` mean `to` (e.g. after a
    /// `guard_value(x, 5)`, `x` is 5).
    pub fn substitute(&mut self, from: OpRef, to: OpRef) {
        if from != to && !from.is_const() {
            self.subst.insert(from, to);
        }
    }

    /// The new references for the arguments of old op `index`.
    pub fn args(&mut self, index: usize) -> Vec<OpRef> {
        let old = self.old;
        old.args_at(index).iter().map(|&a| self.get(a)).collect()
    }

    /// The constant value of a new reference, if it is one.
    pub fn const_of(&self, r: OpRef) -> Option<Value> {
        self.out.as_const(r)
    }

    /// Interns a constant in the new trace.
    pub fn constant(&mut self, v: Value) -> OpRef {
        self.out.constant(v)
    }

    /// Emits an operation into the new trace.
    pub fn emit(&mut self, opcode: OpCode, args: &[OpRef], descr: Option<DescrId>) -> OpRef {
        self.out.emit(opcode, args, descr)
    }

    /// Emits a guard into the new trace.
    pub fn emit_guard(
        &mut self,
        opcode: OpCode,
        args: &[OpRef],
        descr: Option<DescrId>,
        snapshot: Option<SnapshotId>,
    ) -> OpRef {
        self.out.emit_guard(opcode, args, descr, snapshot)
    }

    /// Maps an old snapshot through the current reference mapping (memoised: guards that
    /// shared a snapshot keep sharing it). Only valid for passes that do not add
    /// virtuals or pending writes.
    pub fn map_snapshot(&mut self, old: SnapshotId) -> SnapshotId {
        if let Some(&s) = self.snapshot_memo.get(&old) {
            return s;
        }
        let snap = self.mapped_snapshot(old);
        let new = self.out.resume_mut().add_snapshot(snap);
        self.snapshot_memo.insert(old, new);
        new
    }

    /// Maps an old snapshot's frames into the new trace and returns the snapshot (frames
    /// added, snapshot not yet added) so a pass can extend it with virtuals or pending
    /// writes before adding it with `out.resume_mut().add_snapshot`.
    pub fn mapped_snapshot(&mut self, old: SnapshotId) -> crate::resume::Snapshot {
        self.mapped_snapshot_with(old, &mut |_, r| ResumeValue::Value(r))
    }

    /// Like [`mapped_snapshot`](Self::mapped_snapshot), with `f` deciding what each
    /// mapped value becomes (given the old and the new reference).
    pub fn mapped_snapshot_with(
        &mut self,
        old: SnapshotId,
        f: &mut dyn FnMut(OpRef, OpRef) -> ResumeValue,
    ) -> crate::resume::Snapshot {
        // Intern the snapshot's constants first, so that mapping needs no `&mut self`.
        let src = self.old.resume();
        let mut consts = Vec::new();
        src.visit_values(old, &mut |v| {
            if let ResumeValue::Value(r) = v
                && r.is_const()
            {
                consts.push(r);
            }
        });
        for r in consts {
            self.get(r);
        }
        let Rewriter {
            old: old_trace,
            out,
            map,
            consts,
            subst,
            ..
        } = self;
        let resolve = |r: OpRef| {
            let mut n = if r.is_const() {
                consts[r.const_index()].expect("interned above")
            } else {
                map[r.index()]
            };
            assert!(
                n != UNMAPPED,
                "{r:?} used in resume data before it was mapped"
            );
            while let Some(&s) = subst.get(&n) {
                n = s;
            }
            n
        };
        out.resume_mut()
            .map_snapshot(old_trace.resume(), old, &mut |v| match v {
                ResumeValue::Value(r) => f(r, resolve(r)),
                other => other,
            })
    }

    /// Copies old op `index` with mapped arguments (and snapshot); maps its result.
    pub fn copy(&mut self, index: usize) -> OpRef {
        let args = self.args(index);
        self.copy_with_args(index, &args)
    }

    /// Copies old op `index` with the given (new) arguments.
    pub fn copy_with_args(&mut self, index: usize, args: &[OpRef]) -> OpRef {
        let op = *self.old.op(index);
        if op.opcode == OpCode::Label {
            return self.emit_label(index, args);
        }
        let r = if op.opcode.is_guard() {
            let snap = op.snapshot().map(|s| self.map_snapshot(s));
            self.out.emit_guard(op.opcode, args, op.descr(), snap)
        } else {
            self.out.emit(op.opcode, args, op.descr())
        };
        self.set(self.old.result_of(index), r);
        r
    }

    /// Emits the old label at `index` with new arguments `args`, sanitised: a constant or
    /// repeated argument gets a fresh `same_as` copy first. The old label arguments are
    /// mapped to the label's final arguments, and substitutions are forgotten (they do
    /// not survive the back edge).
    pub fn emit_label(&mut self, index: usize, args: &[OpRef]) -> OpRef {
        let label_args = self.sanitize_label_args(args);
        self.reset_at_label();
        let descr = self.old.op(index).descr();
        let r = self.out.emit(OpCode::Label, &label_args, descr);
        let old_args: Vec<OpRef> = self.old.args_at(index).to_vec();
        for (o, n) in old_args.into_iter().zip(label_args) {
            self.set(o, n);
        }
        r
    }

    /// Forgets substitutions and snapshot sharing (they do not survive a label).
    pub fn reset_at_label(&mut self) {
        self.subst.clear();
        self.snapshot_memo.clear();
        self.last_label = Some(self.out.len());
    }

    /// Makes label arguments distinct and non-constant (emitting `same_as` copies).
    pub fn sanitize_label_args(&mut self, args: &[OpRef]) -> Vec<OpRef> {
        let mut seen = HashSet::default();
        args.iter()
            .map(|&a| {
                if a.is_const() || !seen.insert(a) {
                    let kind = self.out.kind_of(a);
                    let op = OpCode::same_as_for(kind).expect("label arguments have values");
                    let c = self.out.emit(op, &[a], None);
                    seen.insert(c);
                    c
                } else {
                    a
                }
            })
            .collect()
    }

    /// Finishes the new trace.
    pub fn finish(self) -> Trace {
        self.out.finish()
    }
}

/// Emits what a load of a narrow integer location returns after a store of `value`:
/// the low `size` bytes, sign- or zero-extended (constants are folded).
pub fn narrow(rw: &mut Rewriter<'_>, value: OpRef, size: u8, signed: bool) -> OpRef {
    if size >= 8 {
        return value;
    }
    let bits = size as i64 * 8;
    if let Some(Value::Int(v)) = rw.const_of(value) {
        let shifted = v << (64 - bits);
        let n = if signed {
            shifted >> (64 - bits)
        } else {
            ((shifted as u64) >> (64 - bits)) as i64
        };
        return rw.constant(Value::Int(n));
    }
    if signed {
        let k = rw.constant(Value::Int(64 - bits));
        let up = rw.emit(OpCode::IntLshift, &[value, k], None);
        rw.emit(OpCode::IntRshift, &[up, k], None)
    } else {
        let mask = rw.constant(Value::Int((1i64 << bits) - 1));
        rw.emit(OpCode::IntAnd, &[value, mask], None)
    }
}

/// Removes operations whose results are unused and that have no effect (a backward
/// sweep: arguments, jump/finish values and resume data count as uses).
pub fn dead_code(trace: &Trace) -> Trace {
    let n = trace.len();
    let mut live = vec![false; trace.num_values()];
    let mut keep = vec![false; n];
    for i in (0..n).rev() {
        let op = trace.op(i);
        let r = trace.result_of(i);
        let needed = !op.opcode.is_removable_when_unused() || live[r.index()];
        if !needed {
            continue;
        }
        keep[i] = true;
        for &a in trace.args(op) {
            if !a.is_const() {
                live[a.index()] = true;
            }
        }
        for &a in trace.failargs(i) {
            live[a.index()] = true;
        }
    }
    let mut rw = Rewriter::new(trace);
    for (i, &k) in keep.iter().enumerate() {
        if k {
            rw.copy(i);
        }
    }
    rw.finish()
}
