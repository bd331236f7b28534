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
//! patch, the locations of the failargs) plus the attached bridge, and hands out each
//! exit's failargs and kinds as a borrowed [`ExitRef`]; [`decode_values`] turns the raw
//! 64-bit words an exit stub saved into typed values.

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

/// One guard of an [`ExitTable`], borrowed from it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExitRef<'a> {
    /// Op index of the guard.
    pub op: usize,
    /// The guard's opcode.
    pub opcode: OpCode,
    /// Values the exit must save, in order.
    pub failargs: &'a [OpRef],
    /// Their kinds.
    pub kinds: &'a [Kind],
    /// Dense exit number (0, 1, ... in trace order).
    pub index: u32,
}

/// Where one exit's failargs are in the table's pools.
#[derive(Clone, Copy, Debug)]
struct ExitEntry {
    op: u32,
    opcode: OpCode,
    start: u32,
    len: u32,
}

/// Per-exit backend data and attached bridges of one compiled trace.
///
/// Compact: the failargs and kinds of all exits share two arrays, and exits are found
/// by binary search on their op index (guards come in op order), so building a table
/// costs a few allocations whatever the number of guards.
#[derive(Clone, Debug)]
pub struct ExitTable<T> {
    trace: TraceId,
    entries: Vec<ExitEntry>,
    failargs: Vec<OpRef>,
    kinds: Vec<Kind>,
    data: Vec<Option<T>>,
    bridges: Vec<Option<TraceId>>,
}

impl<T> ExitTable<T> {
    /// The exits of `trace`, compiled as `id`.
    pub fn new(id: TraceId, trace: &Trace) -> ExitTable<T> {
        let mut entries = Vec::new();
        let mut failargs = Vec::new();
        let mut kinds = Vec::new();
        for op in trace.guards() {
            let f = trace.failargs(op);
            entries.push(ExitEntry {
                op: op as u32,
                opcode: trace.op(op).opcode,
                start: failargs.len() as u32,
                len: f.len() as u32,
            });
            failargs.extend_from_slice(f);
            kinds.extend(f.iter().map(|&r| trace.kind_of(r)));
        }
        let n = entries.len();
        ExitTable {
            trace: id,
            entries,
            failargs,
            kinds,
            data: (0..n).map(|_| None).collect(),
            bridges: vec![None; n],
        }
    }

    fn view(&self, i: usize) -> ExitRef<'_> {
        let e = self.entries[i];
        let range = e.start as usize..(e.start + e.len) as usize;
        ExitRef {
            op: e.op as usize,
            opcode: e.opcode,
            failargs: &self.failargs[range.clone()],
            kinds: &self.kinds[range],
            index: i as u32,
        }
    }

    fn position(&self, op: usize) -> Option<usize> {
        self.entries
            .binary_search_by_key(&op, |e| e.op as usize)
            .ok()
    }

    /// All exits, in op order.
    pub fn exits(&self) -> impl ExactSizeIterator<Item = ExitRef<'_>> + '_ {
        (0..self.entries.len()).map(|i| self.view(i))
    }

    /// The exit of the guard at op `op`.
    pub fn exit(&self, op: usize) -> Option<ExitRef<'_>> {
        self.position(op).map(|i| self.view(i))
    }

    /// The [`GuardId`] of the guard at op `op`.
    pub fn guard_id(&self, op: usize) -> GuardId {
        GuardId {
            trace: self.trace,
            op: op as u32,
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
        self.position(op).and_then(|i| self.data[i].as_ref())
    }

    /// The backend data of the exit at op `op`, mutably.
    pub fn data_mut(&mut self, op: usize) -> Option<&mut T> {
        self.position(op).and_then(|i| self.data[i].as_mut())
    }

    fn index(&self, op: usize) -> Result<usize, BackendError> {
        self.position(op)
            .ok_or(BackendError::NotAGuard(self.guard_id(op)))
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
            return Err(BackendError::AlreadyAttached(self.guard_id(op)));
        }
        let kinds = self.view(i).kinds;
        if bridge.input_kinds() != kinds {
            return Err(BackendError::BridgeMismatch(format!(
                "the guard reports {:?}, the bridge takes {:?}",
                kinds,
                bridge.input_kinds()
            )));
        }
        self.bridges[i] = Some(bridge_id);
        Ok(())
    }

    /// The bridge attached to the exit at op `op`.
    pub fn bridge(&self, op: usize) -> Option<TraceId> {
        self.position(op).and_then(|i| self.bridges[i])
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
