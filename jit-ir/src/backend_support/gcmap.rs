//! GC maps: where the GC references are when the collector may run.
//!
//! A moving collector must find every reference the compiled code holds at a point where
//! it can run — an allocation (the slow path collects), a call that can collect, or
//! anything that re-enters the runtime (`call_may_force`, `call_assembler`,
//! `call_release_gil`) — and update them after moving objects. [`gc_points`] lists those
//! operations with the reference-kind values live across them; a backend stores such
//! values in frame slots around the point (registers do not survive a call) and records a
//! [`GcMap`] of the slots (see [`FrameSlots::gc_map`](super::FrameSlots::gc_map)) for the
//! collector to walk.

use crate::backend_support::liveness::Liveness;
use crate::descr::Descr;
use crate::ops::OpCode;
use crate::trace::{OpRef, Trace};
use crate::value::Kind;

/// A bit set over frame slots.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct GcMap {
    words: Vec<u64>,
    len: usize,
}

impl GcMap {
    /// An empty map over `len` slots.
    pub fn new(len: usize) -> GcMap {
        GcMap {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// Marks slot `i` as holding a reference.
    pub fn set(&mut self, i: usize) {
        if i >= self.len {
            self.len = i + 1;
            self.words.resize(self.len.div_ceil(64), 0);
        }
        self.words[i / 64] |= 1 << (i % 64);
    }

    /// Does slot `i` hold a reference?
    pub fn get(&self, i: usize) -> bool {
        i < self.len && self.words[i / 64] & (1 << (i % 64)) != 0
    }

    /// The marked slots, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len).filter(|&i| self.get(i))
    }

    /// The map as 64-bit words (bit `i % 64` of word `i / 64`), for emitting into code.
    pub fn words(&self) -> &[u64] {
        &self.words
    }
}

/// An operation where the collector may run, and the references live across it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GcPoint {
    /// Op index.
    pub op: usize,
    /// Reference values defined before the op and used after it.
    pub live_refs: Vec<OpRef>,
}

/// Can the operation at `op` run the garbage collector?
pub fn can_collect(trace: &Trace, op: usize) -> bool {
    let o = trace.op(op);
    match o.opcode {
        OpCode::New | OpCode::NewWithVtable | OpCode::NewArray | OpCode::Newstr => true,
        c if c.is_call_may_force() || c.is_call_assembler() || c.is_call_release_gil() => true,
        c if c.is_call() => trace
            .descr_of(o)
            .and_then(Descr::as_call)
            .is_none_or(|d| d.effect.can_collect),
        _ => false,
    }
}

/// Every operation that can collect, with the references live across it.
pub fn gc_points(trace: &Trace, liveness: &Liveness) -> Vec<GcPoint> {
    (0..trace.len())
        .filter(|&i| can_collect(trace, i))
        .map(|i| GcPoint {
            op: i,
            live_refs: liveness
                .live_across(trace, i)
                .into_iter()
                .filter(|&r| trace.kind_of(r) == Kind::Ref)
                .collect(),
        })
        .collect()
}
