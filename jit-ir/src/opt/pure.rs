//! Pure: common-subexpression elimination of operations without side effects.
//!
//! An operation is reusable when its result depends only on its arguments (and
//! descriptor): pure arithmetic, loads of immutable fields, array and string lengths,
//! and calls of elidable functions. Such an operation with the same opcode, arguments
//! and descriptor as an earlier one is replaced by the earlier result (commutative
//! operations are keyed with sorted arguments).
//!
//! Guards are idempotent on SSA values, so a guard identical to an earlier one is
//! dropped too; `guard_class`/`guard_nonnull_class` also make a later `guard_nonnull`
//! of the same object redundant.
//!
//! `same_as` is never merged (it exists to give a value a fresh name). The table is
//! cleared at labels.

use crate::hash::HashMap;

use crate::descr::{Descr, DescrId};
use crate::ops::OpCode;
use crate::trace::{OpRef, Trace};

use super::Rewriter;

pub(crate) type Key = (OpCode, Vec<OpRef>, Option<DescrId>);

/// Can the operation at `i` be replaced by an identical earlier one?
pub(crate) fn reusable(trace: &Trace, i: usize) -> bool {
    let op = trace.op(i);
    let opcode = op.opcode;
    if matches!(opcode, OpCode::SameAsI | OpCode::SameAsR | OpCode::SameAsF) {
        return false;
    }
    if opcode.is_pure() {
        return true;
    }
    match (opcode, trace.descr_of(op)) {
        (
            OpCode::GetfieldGcI | OpCode::GetfieldGcR | OpCode::GetfieldGcF,
            Some(Descr::Field(f)),
        ) => f.immutable,
        (OpCode::ArraylenGc | OpCode::Strlen, _) => true,
        // An elidable call that may raise is not merged: a raising first call would leave
        // nothing for the second one's guard_exception to catch.
        (_, Some(Descr::Call(c))) if opcode.is_call_pure() => {
            c.effect.elidable && !c.effect.can_raise
        }
        _ => false,
    }
}

/// Is the guard at `i` idempotent (a repeat of it on the same values always passes)?
pub(crate) fn idempotent_guard(opcode: OpCode) -> bool {
    matches!(
        opcode,
        OpCode::GuardTrue
            | OpCode::GuardFalse
            | OpCode::GuardValue
            | OpCode::GuardClass
            | OpCode::GuardNonnull
            | OpCode::GuardIsnull
            | OpCode::GuardNonnullClass
    )
}

/// The CSE key of an operation with (new) arguments.
pub(crate) fn key(opcode: OpCode, args: &[OpRef], descr: Option<DescrId>) -> Key {
    let mut args = args.to_vec();
    if opcode.is_commutative() && args.len() == 2 && args[1] < args[0] {
        args.swap(0, 1);
    }
    (opcode, args, descr)
}

/// Keys that a passed guard makes redundant.
pub(crate) fn implied_guards(opcode: OpCode, args: &[OpRef]) -> Vec<Key> {
    let mut keys = vec![key(opcode, args, None)];
    match opcode {
        OpCode::GuardClass => keys.push(key(OpCode::GuardNonnull, &args[..1], None)),
        OpCode::GuardNonnullClass => {
            keys.push(key(OpCode::GuardNonnull, &args[..1], None));
            keys.push(key(OpCode::GuardClass, args, None));
        }
        _ => {}
    }
    keys
}

/// Runs the pass.
pub fn run(trace: &Trace) -> Trace {
    let mut rw = Rewriter::new(trace);
    let mut table: HashMap<Key, OpRef> = HashMap::default();
    for i in 0..trace.len() {
        let op = *trace.op(i);
        if op.opcode == OpCode::Label {
            table.clear();
            rw.copy(i);
            continue;
        }
        let args = rw.args(i);
        if op.opcode.is_guard() && idempotent_guard(op.opcode) {
            let k = key(op.opcode, &args, None);
            if table.contains_key(&k) {
                continue;
            }
            let g = rw.copy_with_args(i, &args);
            for k in implied_guards(op.opcode, &args) {
                table.insert(k, g);
            }
            continue;
        }
        if reusable(trace, i) {
            let k = key(op.opcode, &args, op.descr());
            if let Some(&r) = table.get(&k) {
                rw.set(trace.result_of(i), r);
                continue;
            }
            let r = rw.copy_with_args(i, &args);
            table.insert(k, r);
            continue;
        }
        rw.copy_with_args(i, &args);
    }
    rw.finish()
}
