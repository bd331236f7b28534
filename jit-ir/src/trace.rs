//! Traces: a flat array of operations addressed by typed references.
//!
//! Design (after PyPy's history.py/opencoder and LuaJIT's IR): a trace is one `Vec<Op>`;
//! arguments live in one shared `Vec<OpRef>` arena; constants live in a separate interned
//! pool; descriptors in a per-trace [`DescrTable`]; resume data in a [`ResumeStore`].
//!
//! [`OpRef`] numbering: the trace's input arguments are `OpRef(0..n)`, the operation at
//! index `k` defines `OpRef(n + k)` (void operations get a number too, it is just never
//! used), and constants are `OpRef(CONST_BIT | pool index)`. So the numbering is SSA:
//! every value has exactly one definition, and a reference is only valid after it.
//!
//! Label contract (checked by [`Trace::verify`]): a `label`'s arguments are distinct
//! non-constant values; a `jump` to that label re-binds them (parallel assignment); after a
//! label, operations may only use that label's arguments, constants and values defined
//! after the label. This keeps loop bodies self-contained for backends and lets optimizer
//! passes reset their knowledge at labels.
//!
//! Traces are immutable once built; optimizer passes read one trace and build another
//! with a [`TraceBuilder`].

use crate::hash::HashMap;
use std::fmt;

use crate::descr::{Descr, DescrId, DescrTable};
use crate::ops::{ArgKind, DescrSpec, OpCode};
use crate::resume::{ResumeStore, ResumeValue, SnapshotId};
use crate::value::{Kind, Value};

const CONST_BIT: u32 = 1 << 31;
const NONE: u32 = u32::MAX;

/// A typed reference to a trace value: an input, an operation result or a constant.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpRef(u32);

impl OpRef {
    /// The value with number `n` (inputs first, then operation results).
    pub fn value(n: u32) -> OpRef {
        debug_assert!(n & CONST_BIT == 0);
        OpRef(n)
    }

    /// The constant at pool index `i`.
    pub fn constant(i: u32) -> OpRef {
        debug_assert!(i & CONST_BIT == 0);
        OpRef(i | CONST_BIT)
    }

    /// True for constants.
    #[inline]
    pub fn is_const(self) -> bool {
        self.0 & CONST_BIT != 0
    }

    /// The value number (inputs, then ops); panics on constants.
    #[inline]
    pub fn index(self) -> usize {
        debug_assert!(!self.is_const(), "index() of a constant");
        self.0 as usize
    }

    /// The constant pool index; panics on values.
    #[inline]
    pub fn const_index(self) -> usize {
        debug_assert!(self.is_const());
        (self.0 & !CONST_BIT) as usize
    }

    /// The raw encoding (for hashing into compact keys).
    pub fn raw(self) -> u32 {
        self.0
    }

    /// Rebuilds a reference from [`raw`](Self::raw).
    pub const fn from_raw(raw: u32) -> OpRef {
        OpRef(raw)
    }
}

impl fmt::Debug for OpRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_const() {
            write!(f, "c{}", self.const_index())
        } else {
            write!(f, "v{}", self.0)
        }
    }
}

/// One operation of a trace (compact: arguments live in the trace's arena).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Op {
    /// What the operation does.
    pub opcode: OpCode,
    args_len: u16,
    args_start: u32,
    descr: u32,
    snapshot: u32,
}

impl Op {
    /// The descriptor id, if the operation has one.
    pub fn descr(&self) -> Option<DescrId> {
        (self.descr != NONE).then_some(DescrId(self.descr))
    }

    /// The resume snapshot of a guard, if it has one.
    pub fn snapshot(&self) -> Option<SnapshotId> {
        (self.snapshot != NONE).then_some(SnapshotId(self.snapshot))
    }
}

/// A constant pool interning values.
#[derive(Clone, Debug, Default)]
pub struct ConstPool {
    values: Vec<Value>,
    index: HashMap<Value, u32>,
}

impl ConstPool {
    /// Interns `v`, returning its reference.
    pub fn intern(&mut self, v: Value) -> OpRef {
        if let Some(&i) = self.index.get(&v) {
            return OpRef::constant(i);
        }
        let i = self.values.len() as u32;
        self.values.push(v);
        self.index.insert(v, i);
        OpRef::constant(i)
    }

    /// The value of a constant reference.
    pub fn get(&self, r: OpRef) -> Value {
        self.values[r.const_index()]
    }

    /// Number of constants.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// A trace: inputs, operations, constants, descriptors and resume data.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    inputs: Vec<Kind>,
    ops: Vec<Op>,
    args: Vec<OpRef>,
    consts: ConstPool,
    descrs: DescrTable,
    resume: ResumeStore,
}

/// A problem found by [`Trace::verify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// Index of the offending operation (`None` for trace-level problems).
    pub op: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.op {
            Some(i) => write!(f, "op {i}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for VerifyError {}

impl Trace {
    /// Kinds of the input arguments.
    pub fn input_kinds(&self) -> &[Kind] {
        &self.inputs
    }

    /// References to the input arguments.
    pub fn inputs(&self) -> impl ExactSizeIterator<Item = OpRef> + '_ {
        (0..self.inputs.len() as u32).map(OpRef::value)
    }

    /// Number of inputs.
    pub fn num_inputs(&self) -> usize {
        self.inputs.len()
    }

    /// The operations.
    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    /// Number of operations.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// True when there are no operations.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The operation at `index`.
    pub fn op(&self, index: usize) -> &Op {
        &self.ops[index]
    }

    /// The arguments of an operation.
    pub fn args(&self, op: &Op) -> &[OpRef] {
        &self.args[op.args_start as usize..op.args_start as usize + op.args_len as usize]
    }

    /// The arguments of the operation at `index`.
    pub fn args_at(&self, index: usize) -> &[OpRef] {
        self.args(&self.ops[index])
    }

    /// The reference defined by the operation at `index`.
    pub fn result_of(&self, index: usize) -> OpRef {
        OpRef::value((self.inputs.len() + index) as u32)
    }

    /// The index of the operation defining `r`, or `None` for inputs and constants.
    pub fn defining_op(&self, r: OpRef) -> Option<usize> {
        if r.is_const() {
            return None;
        }
        r.index().checked_sub(self.inputs.len())
    }

    /// Total number of value numbers (inputs + operations).
    pub fn num_values(&self) -> usize {
        self.inputs.len() + self.ops.len()
    }

    /// The kind of a reference (`Void` for results of void operations).
    pub fn kind_of(&self, r: OpRef) -> Kind {
        if r.is_const() {
            self.consts.get(r).kind()
        } else if r.index() < self.inputs.len() {
            self.inputs[r.index()]
        } else {
            self.ops[r.index() - self.inputs.len()].opcode.result_kind()
        }
    }

    /// The value of a constant reference.
    pub fn const_value(&self, r: OpRef) -> Value {
        self.consts.get(r)
    }

    /// The value of `r` if it is a constant.
    pub fn as_const(&self, r: OpRef) -> Option<Value> {
        r.is_const().then(|| self.consts.get(r))
    }

    /// The constant pool.
    pub fn consts(&self) -> &ConstPool {
        &self.consts
    }

    /// The descriptor table.
    pub fn descrs(&self) -> &DescrTable {
        &self.descrs
    }

    /// The descriptor of an operation.
    pub fn descr_of(&self, op: &Op) -> Option<&Descr> {
        op.descr().map(|d| self.descrs.get(d))
    }

    /// The resume data store.
    pub fn resume(&self) -> &ResumeStore {
        &self.resume
    }

    /// The values a failing guard at `index` must report, in order (its "failargs"):
    /// every distinct non-constant value its resume data mentions.
    pub fn failargs(&self, index: usize) -> &[OpRef] {
        match self.ops[index].snapshot() {
            Some(s) => self.resume.failargs(s),
            None => &[],
        }
    }

    /// Indices of all guard operations.
    pub fn guards(&self) -> impl Iterator<Item = usize> + '_ {
        self.ops
            .iter()
            .enumerate()
            .filter(|(_, op)| op.opcode.is_guard())
            .map(|(i, _)| i)
    }

    /// Index of the label carrying `token`, if it is in this trace.
    pub fn find_label(&self, token_id: u64) -> Option<usize> {
        self.ops.iter().position(|op| {
            op.opcode == OpCode::Label
                && self
                    .descr_of(op)
                    .and_then(|d| d.as_target())
                    .is_some_and(|t| t.id == token_id)
        })
    }

    /// The token of the first operation if it is a label (the loop entry).
    pub fn entry_token(&self) -> Option<&std::sync::Arc<crate::descr::TargetToken>> {
        let op = self.ops.first()?;
        if op.opcode != OpCode::Label {
            return None;
        }
        self.descr_of(op).and_then(|d| d.as_target())
    }

    /// True when the trace ends with a jump to one of its own labels.
    pub fn is_loop(&self) -> bool {
        match self.ops.last() {
            Some(op) if op.opcode == OpCode::Jump => self
                .descr_of(op)
                .and_then(|d| d.as_target())
                .is_some_and(|t| self.find_label(t.id).is_some()),
            _ => false,
        }
    }

    /// Checks that the trace is well formed: kinds, arities, descriptors, definitions
    /// before uses, the label contract, overflow/force guard placement, resume data, and
    /// that the trace ends with `jump` or `finish` (and only there).
    pub fn verify(&self) -> Result<(), VerifyError> {
        crate::verify::verify(self)
    }
}

/// Builds a trace operation by operation.
#[derive(Clone, Debug, Default)]
pub struct TraceBuilder {
    trace: Trace,
}

impl TraceBuilder {
    /// A builder for a trace with inputs of the given kinds.
    pub fn new(inputs: &[Kind]) -> TraceBuilder {
        assert!(
            !inputs.contains(&Kind::Void),
            "a trace input cannot be void"
        );
        TraceBuilder {
            trace: Trace {
                inputs: inputs.to_vec(),
                ..Trace::default()
            },
        }
    }

    /// A builder starting with `old`'s inputs and descriptor table (same [`DescrId`]s),
    /// for optimizer passes that rewrite `old`.
    pub fn rewriting(old: &Trace) -> TraceBuilder {
        TraceBuilder {
            trace: Trace {
                inputs: old.inputs.clone(),
                descrs: old.descrs.clone(),
                ..Trace::default()
            },
        }
    }

    /// The `i`-th input.
    pub fn input(&self, i: usize) -> OpRef {
        assert!(i < self.trace.inputs.len());
        OpRef::value(i as u32)
    }

    /// All inputs.
    pub fn inputs(&self) -> Vec<OpRef> {
        self.trace.inputs().collect()
    }

    /// Interns a constant.
    pub fn constant(&mut self, v: Value) -> OpRef {
        self.trace.consts.intern(v)
    }

    /// Interns an int constant.
    pub fn const_int(&mut self, v: i64) -> OpRef {
        self.constant(Value::Int(v))
    }

    /// Interns a ref constant.
    pub fn const_ref(&mut self, v: u64) -> OpRef {
        self.constant(Value::Ref(v))
    }

    /// Interns a float constant.
    pub fn const_float(&mut self, v: f64) -> OpRef {
        self.constant(Value::Float(v))
    }

    /// Interns a descriptor.
    pub fn descr(&mut self, d: Descr) -> DescrId {
        self.trace.descrs.intern(d)
    }

    /// Appends an operation and returns its result reference.
    pub fn emit(&mut self, opcode: OpCode, args: &[OpRef], descr: Option<DescrId>) -> OpRef {
        self.push(opcode, args, descr, None)
    }

    /// Appends a guard with its resume snapshot.
    pub fn emit_guard(
        &mut self,
        opcode: OpCode,
        args: &[OpRef],
        descr: Option<DescrId>,
        snapshot: Option<SnapshotId>,
    ) -> OpRef {
        debug_assert!(opcode.is_guard());
        self.push(opcode, args, descr, snapshot)
    }

    fn push(
        &mut self,
        opcode: OpCode,
        args: &[OpRef],
        descr: Option<DescrId>,
        snapshot: Option<SnapshotId>,
    ) -> OpRef {
        let start = self.trace.args.len() as u32;
        self.trace.args.extend_from_slice(args);
        self.trace.ops.push(Op {
            opcode,
            args_len: u16::try_from(args.len()).expect("more than 65535 arguments"),
            args_start: start,
            descr: descr.map_or(NONE, |d| d.0),
            snapshot: snapshot.map_or(NONE, |s| s.0),
        });
        self.trace.result_of(self.trace.ops.len() - 1)
    }

    /// Replaces the operation defining `r` (used for guard strengthening).
    pub fn replace_op(&mut self, r: OpRef, opcode: OpCode, args: &[OpRef]) {
        let index = self
            .trace
            .defining_op(r)
            .expect("replace_op on an input or constant");
        let old = self.trace.ops[index];
        let start = self.trace.args.len() as u32;
        self.trace.args.extend_from_slice(args);
        self.trace.ops[index] = Op {
            opcode,
            args_len: args.len() as u16,
            args_start: start,
            ..old
        };
    }

    /// The trace built so far (read access for passes and the recorder).
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Mutable access to the resume store (to add frames and snapshots).
    pub fn resume_mut(&mut self) -> &mut ResumeStore {
        &mut self.trace.resume
    }

    /// The number of operations emitted.
    pub fn len(&self) -> usize {
        self.trace.ops.len()
    }

    /// True when nothing was emitted yet.
    pub fn is_empty(&self) -> bool {
        self.trace.ops.is_empty()
    }

    /// The kind of a reference.
    pub fn kind_of(&self, r: OpRef) -> Kind {
        self.trace.kind_of(r)
    }

    /// The value of a constant reference, if `r` is one.
    pub fn as_const(&self, r: OpRef) -> Option<Value> {
        self.trace.as_const(r)
    }

    /// Finishes the trace (computes the failargs of every snapshot).
    pub fn finish(mut self) -> Trace {
        self.trace.resume.compute_failargs();
        self.trace
    }
}

/// Checks one argument against its expected kind.
pub(crate) fn arg_kind_ok(expected: ArgKind, actual: Kind) -> bool {
    match expected {
        ArgKind::Int => actual == Kind::Int,
        ArgKind::Ref => actual == Kind::Ref,
        ArgKind::Float => actual == Kind::Float,
        ArgKind::Any | ArgKind::Rest => actual != Kind::Void,
    }
}

/// The expected kind of argument `i` of `opcode` (with [`ArgKind::Rest`] for the tail).
pub(crate) fn expected_arg(opcode: OpCode, i: usize) -> ArgKind {
    let args = opcode.info().args;
    if i < args.len() {
        args[i]
    } else {
        ArgKind::Rest
    }
}

/// Does `descr` fit what `opcode` needs?
pub(crate) fn descr_fits(opcode: OpCode, descr: Option<&Descr>) -> bool {
    match (opcode.descr_spec(), descr) {
        (DescrSpec::No, None) => true,
        (DescrSpec::No, Some(_)) => false,
        (_, None) => false,
        (spec, Some(d)) => d.spec() == spec,
    }
}

impl ResumeValue {
    /// The trace value referenced, if any.
    pub fn as_ref(self) -> Option<OpRef> {
        match self {
            ResumeValue::Value(r) => Some(r),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_are_compact_and_refs_are_typed() {
        assert!(std::mem::size_of::<Op>() <= 16);
        assert_eq!(std::mem::size_of::<OpRef>(), 4);
        let c = OpRef::constant(3);
        assert!(c.is_const() && c.const_index() == 3);
        let v = OpRef::value(3);
        assert!(!v.is_const() && v.index() == 3);
        assert_eq!(OpRef::from_raw(c.raw()), c);
    }
}
