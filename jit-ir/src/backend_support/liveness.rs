//! Liveness over a trace: where each value is used.
//!
//! A trace is straight-line code (a loop's back edge only re-binds the label's
//! arguments, see the label contract in [`crate::trace`]), so one backward-free scan
//! gives every value's use positions: operation arguments, the failargs of guards (a
//! value a guard may report must survive until the guard) and jump arguments. A value is
//! dead after its last use; a backend frees its register there.

use crate::trace::{OpRef, Trace};

/// Use positions of every value of a trace.
#[derive(Clone, Debug)]
pub struct Liveness {
    /// Per value number: sorted op indices where it is used.
    uses: Vec<Vec<u32>>,
    /// Per op index: the values whose last use it is.
    dying: Vec<Vec<OpRef>>,
}

impl Liveness {
    /// Computes the use positions of `trace`.
    pub fn compute(trace: &Trace) -> Liveness {
        let mut uses: Vec<Vec<u32>> = vec![Vec::new(); trace.num_values()];
        for (i, op) in trace.ops().iter().enumerate() {
            for &a in trace.args(op) {
                if !a.is_const() {
                    push_use(&mut uses[a.index()], i as u32);
                }
            }
            for &a in trace.failargs(i) {
                push_use(&mut uses[a.index()], i as u32);
            }
        }
        let mut dying = vec![Vec::new(); trace.len()];
        for (v, u) in uses.iter().enumerate() {
            if let Some(&last) = u.last() {
                dying[last as usize].push(OpRef::value(v as u32));
            }
        }
        Liveness { uses, dying }
    }

    /// The op indices where `r` is used, in order.
    pub fn uses(&self, r: OpRef) -> &[u32] {
        if r.is_const() {
            &[]
        } else {
            &self.uses[r.index()]
        }
    }

    /// The last use of `r`, if it is used at all.
    pub fn last_use(&self, r: OpRef) -> Option<usize> {
        self.uses(r).last().map(|&u| u as usize)
    }

    /// The first use of `r` strictly after op `at`.
    pub fn next_use(&self, r: OpRef, at: usize) -> Option<usize> {
        let u = self.uses(r);
        let k = u.partition_point(|&x| x as usize <= at);
        u.get(k).map(|&x| x as usize)
    }

    /// Is `r` still needed after op `at`?
    pub fn is_live_after(&self, r: OpRef, at: usize) -> bool {
        self.last_use(r).is_some_and(|l| l > at)
    }

    /// The values whose last use is op `at` (their registers are free after it).
    pub fn dying_at(&self, at: usize) -> &[OpRef] {
        &self.dying[at]
    }

    /// The values defined before op `at` (inputs included) that are still needed after
    /// it: what must survive the operation (e.g. a call).
    pub fn live_across(&self, trace: &Trace, at: usize) -> Vec<OpRef> {
        let defined = trace.num_inputs() + at;
        (0..defined as u32)
            .map(OpRef::value)
            .filter(|&r| self.is_live_after(r, at))
            .collect()
    }
}

fn push_use(u: &mut Vec<u32>, i: u32) {
    if u.last() != Some(&i) {
        u.push(i);
    }
}
