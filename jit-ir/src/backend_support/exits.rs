//! Guard/exit bookkeeping.
//!
//! Every guard is an exit: when it fails, the generated code saves the values of the
//! guard's failargs (in the order of [`Trace::failargs`](crate::Trace::failargs)) and
//! returns to the runtime, which builds an [`Exit`](crate::Exit) from them. A bridge
//! compiled later for that guard takes the failargs as its inputs, and attaching it means
//! patching the guard's branch to go to the bridge.
//!
//! [`guard_exits`] lists each guard with its failargs and their kinds; [`ExitTable`]
//! keeps, per exit, whatever the backend needs (stub address, location of the branch to
//! patch, the locations of the failargs) plus the attached bridge; [`decode_values`] turns
//! the raw 64-bit words an exit stub saved into typed values.

use crate::hash::HashMap;

use crate::backend::{BackendError, GuardId, TraceId};
use crate::ops::OpCode;
use crate::trace::{OpRef, Trace};
use crate::value::{Kind, Value};

/// One guard of a trace, seen as an exit.
#[derive(Clone, Debug, PartialEq)]
pub struct GuardExit {
    /// Op index of the guard.
    pub op: usize,
    /// The guard's opcode.
    pub opcode: OpCode,
    /// Values the exit must save, in order.
    pub failargs: Vec<OpRef>,
    /// Their kinds.
    pub kinds: Vec<Kind>,
    /// Dense exit number (0, 1, ... in trace order), handy for stub tables.
    pub index: u32,
}

/// The exits of a trace, in order.
pub fn guard_exits(trace: &Trace) -> Vec<GuardExit> {
    trace
        .guards()
        .enumerate()
        .map(|(index, op)| {
            let failargs = trace.failargs(op).to_vec();
            let kinds = failargs.iter().map(|&r| trace.kind_of(r)).collect();
            GuardExit {
                op,
                opcode: trace.op(op).opcode,
                failargs,
                kinds,
                index: index as u32,
            }
        })
        .collect()
}

/// Per-exit backend data and attached bridges of one compiled trace.
#[derive(Clone, Debug)]
pub struct ExitTable<T> {
    trace: TraceId,
    exits: Vec<GuardExit>,
    by_op: HashMap<usize, usize>,
    data: Vec<Option<T>>,
    bridges: Vec<Option<TraceId>>,
}

impl<T> ExitTable<T> {
    /// The exits of `trace`, compiled as `id`.
    pub fn new(id: TraceId, trace: &Trace) -> ExitTable<T> {
        let exits = guard_exits(trace);
        let by_op = exits.iter().enumerate().map(|(i, e)| (e.op, i)).collect();
        let n = exits.len();
        ExitTable {
            trace: id,
            exits,
            by_op,
            data: (0..n).map(|_| None).collect(),
            bridges: vec![None; n],
        }
    }

    /// All exits.
    pub fn exits(&self) -> &[GuardExit] {
        &self.exits
    }

    /// The exit of the guard at op `op`.
    pub fn exit(&self, op: usize) -> Option<&GuardExit> {
        self.by_op.get(&op).map(|&i| &self.exits[i])
    }

    /// The [`GuardId`] of an exit.
    pub fn guard_id(&self, exit: &GuardExit) -> GuardId {
        GuardId {
            trace: self.trace,
            op: exit.op as u32,
        }
    }

    /// Stores backend data for the exit at op `op`.
    pub fn set_data(&mut self, op: usize, data: T) -> Result<(), BackendError> {
        let i = self.index(op)?;
        self.data[i] = Some(data);
        Ok(())
    }

    /// The backend data of the exit at op `op`.
    pub fn data(&self, op: usize) -> Option<&T> {
        self.by_op.get(&op).and_then(|&i| self.data[i].as_ref())
    }

    fn index(&self, op: usize) -> Result<usize, BackendError> {
        self.by_op
            .get(&op)
            .copied()
            .ok_or(BackendError::NotAGuard(GuardId {
                trace: self.trace,
                op: op as u32,
            }))
    }

    /// Checks that `bridge` fits the exit at `op` (inputs = failargs kinds) and records
    /// it as attached; fails if a bridge is already there.
    pub fn attach(
        &mut self,
        op: usize,
        bridge_id: TraceId,
        bridge: &Trace,
    ) -> Result<(), BackendError> {
        let i = self.index(op)?;
        if self.bridges[i].is_some() {
            return Err(BackendError::AlreadyAttached(self.guard_id(&self.exits[i])));
        }
        if bridge.input_kinds() != self.exits[i].kinds.as_slice() {
            return Err(BackendError::BridgeMismatch(format!(
                "the guard reports {:?}, the bridge takes {:?}",
                self.exits[i].kinds,
                bridge.input_kinds()
            )));
        }
        self.bridges[i] = Some(bridge_id);
        Ok(())
    }

    /// The bridge attached to the exit at op `op`.
    pub fn bridge(&self, op: usize) -> Option<TraceId> {
        self.by_op.get(&op).and_then(|&i| self.bridges[i])
    }
}

/// Turns the raw words an exit saved into values of the given kinds.
pub fn decode_values(kinds: &[Kind], words: &[u64]) -> Result<Vec<Value>, BackendError> {
    if kinds.len() != words.len() {
        return Err(BackendError::Execution(format!(
            "exit saved {} words for {} values",
            words.len(),
            kinds.len()
        )));
    }
    kinds
        .iter()
        .zip(words)
        .map(|(&k, &w)| {
            Value::from_bits(k, w)
                .ok_or_else(|| BackendError::Execution("a failarg of kind void".into()))
        })
        .collect()
}
