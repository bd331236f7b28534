//! Unroll: loop peeling with invariant hoisting (PyPy's unrolling, LuaJIT's
//! copy-substitution).
//!
//! A loop trace `label(x..., T) ops jump(y..., T)` becomes
//!
//! ```text
//! label(x..., T)            # entry: bridges and the interpreter jump here
//! ops                       # the preamble: the first iteration, unchanged
//! l_k = same_as(y_k) ...    # fresh names for the loop-carried values
//! label(l..., v..., T')     # the loop
//! ops'                      # the body: ops with x_k := l_k, minus what is invariant
//! jump(y'..., v..., T')
//! ```
//!
//! The body is a copy of the operations with every loop-carried input replaced by the
//! label argument carrying it (inputs the jump passes back unchanged are invariant and
//! keep their preamble value). While copying, an operation whose (substituted)
//! arguments, opcode and descriptor equal a preamble operation's is not emitted: it
//! computed the same value in the preamble (pure arithmetic, immutable loads, lengths,
//! elidable calls) or checked the same condition (idempotent guards). Those preamble
//! values `v` that the body still uses are passed through the label unchanged — that is
//! loop-invariant code motion for free. The other passes then run again over the peeled
//! trace (see [`crate::opt::optimize`]).

use crate::hash::{HashMap, HashSet};

use crate::descr::{Descr, TargetToken};
use crate::ops::OpCode;
use crate::resume::ResumeValue;
use crate::trace::{OpRef, Trace};

use super::Rewriter;
use super::pure::{idempotent_guard, key, reusable};

/// Can `trace` be peeled? (It starts with a label, ends with a jump to that label, and
/// has no other label.)
pub fn can_peel(trace: &Trace) -> bool {
    let Some(token) = trace.entry_token() else {
        return false;
    };
    let last = trace.ops().last().expect("a trace with a label has ops");
    last.opcode == OpCode::Jump
        && trace
            .descr_of(last)
            .and_then(Descr::as_target)
            .is_some_and(|t| t.id == token.id)
        && trace.ops()[1..].iter().all(|op| op.opcode != OpCode::Label)
}

/// Runs the pass (traces that cannot be peeled are returned unchanged).
///
/// A loop-carried position whose value is the same constant on entry (the preamble's
/// jump value) and on the back edge is constant in the whole loop: it gets no label
/// argument. The body is first copied assuming every position with a constant entry
/// value stays constant; positions where the back edge disagrees are retried as
/// ordinary label arguments.
pub fn run(trace: &Trace) -> Trace {
    if !can_peel(trace) {
        return trace.clone();
    }
    let mut constant: HashSet<usize> = (0..trace.args_at(0).len()).collect();
    loop {
        match attempt(trace, &constant) {
            Ok(t) => return t,
            Err(bad) => {
                debug_assert!(!bad.is_empty());
                for k in bad {
                    constant.remove(&k);
                }
            }
        }
    }
}

fn attempt(trace: &Trace, may_be_constant: &HashSet<usize>) -> Result<Trace, Vec<usize>> {
    let n = trace.len();
    let mut rw = Rewriter::new(trace);
    // The preamble: the original operations, remembering what the body may reuse.
    let mut table: HashMap<super::pure::Key, OpRef> = HashMap::default();
    for i in 0..n - 1 {
        let r = rw.copy(i);
        let op = trace.op(i);
        if op.opcode == OpCode::Label {
            continue;
        }
        let args: Vec<OpRef> = trace.args_at(i).iter().map(|&a| rw.get(a)).collect();
        if (op.opcode.is_guard() && idempotent_guard(op.opcode)) || reusable(trace, i) {
            table.entry(key(op.opcode, &args, op.descr())).or_insert(r);
        }
    }
    let boundary = rw.out.trace().num_values();
    let xs: Vec<OpRef> = trace.args_at(0).to_vec();
    let ys: Vec<OpRef> = trace.args_at(n - 1).to_vec();
    let moving: Vec<usize> = (0..xs.len())
        .filter(|&k| rw.get(ys[k]) != rw.get(xs[k]))
        .collect();
    let constant: Vec<usize> = moving
        .iter()
        .copied()
        .filter(|&k| may_be_constant.contains(&k) && rw.get(ys[k]).is_const())
        .collect();
    let carried: Vec<usize> = moving
        .iter()
        .copied()
        .filter(|k| !constant.contains(k))
        .collect();
    // Fresh names for the loop-carried values, then the loop label.
    let mut label_args = Vec::new();
    let mut body_input: HashMap<OpRef, OpRef> = HashMap::default();
    for &k in &constant {
        body_input.insert(xs[k], rw.get(ys[k]));
    }
    for &k in &carried {
        let y = rw.get(ys[k]);
        let op = OpCode::same_as_for(trace.kind_of(ys[k])).expect("jump values have kinds");
        let l = rw.emit(op, &[y], None);
        label_args.push(l);
        body_input.insert(xs[k], l);
    }
    let entry = trace.entry_token().expect("checked").clone();
    let token = TargetToken::new(format!("{}.loop", entry.name));
    let tid = rw.out.descr(Descr::Target(token));
    let label = rw.emit(OpCode::Label, &label_args, Some(tid));
    rw.reset_at_label();
    for &x in &xs {
        if let Some(&l) = body_input.get(&x) {
            rw.set(x, l);
        }
        // Invariant inputs keep mapping to themselves (preamble values).
    }
    // The body.
    let mut invariants: Vec<OpRef> = Vec::new();
    let mut seen: HashSet<OpRef> = HashSet::default();
    let mut note = |r: OpRef, invariants: &mut Vec<OpRef>| {
        if !r.is_const() && r.index() < boundary && seen.insert(r) {
            invariants.push(r);
        }
    };
    for i in 1..n - 1 {
        let op = *trace.op(i);
        let args: Vec<OpRef> = trace.args_at(i).iter().map(|&a| rw.get(a)).collect();
        let k = key(op.opcode, &args, op.descr());
        let candidate = (op.opcode.is_guard() && idempotent_guard(op.opcode)) || reusable(trace, i);
        if candidate && let Some(&r) = table.get(&k) {
            if op.opcode.has_result() {
                rw.set(trace.result_of(i), r);
                note(r, &mut invariants);
            }
            continue;
        }
        for &a in &args {
            note(a, &mut invariants);
        }
        let r = rw.copy_with_args(i, &args);
        if let Some(s) = rw.out.trace().op(rw.out.len() - 1).snapshot() {
            for v in rw.out.trace().resume().values_of(s) {
                if let ResumeValue::Value(x) = v {
                    note(x, &mut invariants);
                }
            }
        }
        let _ = r;
    }
    let disagree: Vec<usize> = constant
        .iter()
        .copied()
        .filter(|&k| rw.get(ys[k]) != body_input[&xs[k]])
        .collect();
    if !disagree.is_empty() {
        return Err(disagree);
    }
    let mut jump_args: Vec<OpRef> = carried.iter().map(|&k| rw.get(ys[k])).collect();
    for &a in &jump_args {
        note(a, &mut invariants);
    }
    // The invariants used by the body travel through the label unchanged.
    let mut all_label_args = label_args;
    all_label_args.extend(invariants.iter().copied());
    rw.out.replace_op(label, OpCode::Label, &all_label_args);
    jump_args.extend(invariants);
    rw.emit(OpCode::Jump, &jump_args, Some(tid));
    Ok(rw.finish())
}
