//! Rewrite: constant folding, algebraic simplification and guard strengthening.
//!
//! - Pure operations with constant arguments are evaluated (with the interpreter's own
//!   [`eval_pure`], so folding and execution agree by construction; a division by zero
//!   is left in place).
//! - Algebraic identities (`x + 0`, `x * 1`, `x - x`, `x ^ x`, `-(-x)`, `x == x`, ...),
//!   canonical forms (constants on the right, `x - c` as `x + (-c)`, `x * 2^k` as a
//!   shift, `(x + c1) + c2` as `x + (c1 + c2)`), `int_is_true` of a boolean, `int_is_zero`
//!   of a comparison as the negated comparison.
//! - Guards: a guard whose outcome is known is dropped (`guard_true(1)`, a repeated
//!   `guard_nonnull`, a `guard_class` on an object of known class, a second
//!   `guard_no_exception` with no raising call in between, ...); after `guard_value(x, c)`
//!   or a guard on a boolean, later uses see the constant. A `guard_class(p, C)` after a
//!   `guard_nonnull(p)` strengthens the earlier guard to `guard_nonnull_class(p, C)` (one
//!   check instead of two; failing earlier is safe because the interpreter redoes the
//!   work in between), as PyPy's rewrite.py does.
//!
//! Everything known is forgotten at labels.

use crate::hash::{HashMap, HashSet};

use crate::interp::eval_pure;
use crate::ops::OpCode;
use crate::trace::{OpRef, Trace};
use crate::value::{Kind, Value};

use super::Rewriter;

struct Rewrite<'t> {
    rw: Rewriter<'t>,
    known_class: HashMap<OpRef, u64>,
    nonnull: HashSet<OpRef>,
    nonnull_guard: HashMap<OpRef, OpRef>,
    known_true: HashSet<OpRef>,
    exception_clear: bool,
    invalidation_checked: bool,
    skip_overflow_guard: bool,
}

/// Runs the pass.
pub fn run(trace: &Trace) -> Trace {
    let mut p = Rewrite {
        rw: Rewriter::new(trace),
        known_class: HashMap::default(),
        nonnull: HashSet::default(),
        nonnull_guard: HashMap::default(),
        known_true: HashSet::default(),
        exception_clear: false,
        invalidation_checked: false,
        skip_overflow_guard: false,
    };
    for i in 0..trace.len() {
        p.op(i);
    }
    p.rw.finish()
}

/// The result of simplifying a pure operation.
enum Simple {
    /// Use this existing value (or constant).
    Value(OpRef),
    /// Emit this operation.
    Emit(OpCode, Vec<OpRef>),
}

impl Rewrite<'_> {
    fn int(&self, r: OpRef) -> Option<i64> {
        self.rw.const_of(r).and_then(|v| v.as_int())
    }

    fn def(&self, r: OpRef) -> Option<(OpCode, Vec<OpRef>)> {
        let t = self.rw.out.trace();
        let i = self.rw.def_after_label(r)?;
        Some((t.op(i).opcode, t.args_at(i).to_vec()))
    }

    fn is_bool(&self, r: OpRef) -> bool {
        matches!(self.int(r), Some(0 | 1)) || self.def(r).is_some_and(|(op, _)| op.is_bool())
    }

    fn is_nonnull(&self, r: OpRef) -> bool {
        match self.rw.const_of(r) {
            Some(v) => v.bits() != 0,
            None => self.nonnull.contains(&r) || self.known_class.contains_key(&r),
        }
    }

    fn konst(&mut self, v: i64) -> Simple {
        Simple::Value(self.rw.constant(Value::Int(v)))
    }

    fn simplify(&mut self, opcode: OpCode, mut args: Vec<OpRef>) -> Simple {
        use OpCode::*;
        if args.iter().all(|a| a.is_const()) {
            let vals: Vec<Value> = args
                .iter()
                .map(|&a| self.rw.const_of(a).expect("const"))
                .collect();
            if let Ok(v) = eval_pure(opcode, &vals) {
                return Simple::Value(self.rw.constant(v));
            }
            return Simple::Emit(opcode, args);
        }
        if opcode.is_commutative() && args[0].is_const() && !args[1].is_const() {
            args.swap(0, 1);
        }
        if let Some(sw) = opcode.swapped_comparison()
            && args[0].is_const()
            && !args[1].is_const()
        {
            return Simple::Emit(sw, vec![args[1], args[0]]);
        }
        let x = args[0];
        let y = args.get(1).copied();
        let cy = y.and_then(|y| self.int(y));
        let same = y == Some(x);
        match opcode {
            SameAsI | SameAsR | SameAsF => Simple::Value(x),
            IntAdd if cy == Some(0) => Simple::Value(x),
            IntAdd => {
                if let (Some(c2), Some((IntAdd, inner))) = (cy, self.def(x))
                    && let Some(c1) = self.int(inner[1])
                {
                    let c = self.rw.constant(Value::Int(c1.wrapping_add(c2)));
                    return Simple::Emit(IntAdd, vec![inner[0], c]);
                }
                Simple::Emit(opcode, args)
            }
            IntSub if cy == Some(0) => Simple::Value(x),
            IntSub if same => self.konst(0),
            IntSub if self.int(x) == Some(0) => Simple::Emit(IntNeg, vec![args[1]]),
            IntSub if cy.is_some_and(|c| c != i64::MIN) => {
                let c = self.rw.constant(Value::Int(-cy.expect("checked")));
                Simple::Emit(IntAdd, vec![x, c])
            }
            IntMul if cy == Some(0) => self.konst(0),
            IntMul if cy == Some(1) => Simple::Value(x),
            IntMul if cy == Some(-1) => Simple::Emit(IntNeg, vec![x]),
            IntMul if cy.is_some_and(|c| c > 1 && (c as u64).is_power_of_two()) => {
                let k = self
                    .rw
                    .constant(Value::Int(cy.expect("checked").trailing_zeros() as i64));
                Simple::Emit(IntLshift, vec![x, k])
            }
            IntDiv if cy == Some(1) => Simple::Value(x),
            IntAnd if cy == Some(0) => self.konst(0),
            IntAnd if cy == Some(-1) || same => Simple::Value(x),
            IntOr if cy == Some(0) || same => Simple::Value(x),
            IntOr if cy == Some(-1) => self.konst(-1),
            IntXor if cy == Some(0) => Simple::Value(x),
            IntXor if same => self.konst(0),
            IntLshift | IntRshift | UintRshift if cy.is_some_and(|c| c & 63 == 0) => {
                Simple::Value(x)
            }
            IntNeg | IntInvert => match self.def(x) {
                Some((inner, a)) if inner == opcode => Simple::Value(a[0]),
                _ => Simple::Emit(opcode, args),
            },
            FloatNeg => match self.def(x) {
                Some((FloatNeg, a)) => Simple::Value(a[0]),
                _ => Simple::Emit(opcode, args),
            },
            IntIsTrue if self.is_bool(x) => Simple::Value(x),
            IntIsTrue if self.known_true.contains(&x) => self.konst(1),
            IntIsZero => match self.def(x) {
                Some((IntIsZero, a)) => Simple::Emit(IntIsTrue, a),
                Some((cmp, a)) if cmp.negated_comparison().is_some() && cmp.is_bool() => {
                    Simple::Emit(cmp.negated_comparison().expect("checked"), a)
                }
                _ if self.known_true.contains(&x) => self.konst(0),
                _ => Simple::Emit(opcode, args),
            },
            IntEq | IntLe | IntGe | UintLe | UintGe | PtrEq if same => self.konst(1),
            IntNe | IntLt | IntGt | UintLt | UintGt | PtrNe if same => self.konst(0),
            PtrEq | PtrNe => {
                let null = |r: OpRef| self.rw.const_of(r).is_some_and(|v| v.bits() == 0);
                let y = y.expect("binary");
                if (null(y) && self.is_nonnull(x)) || (null(x) && self.is_nonnull(y)) {
                    self.konst((opcode == PtrNe) as i64)
                } else {
                    Simple::Emit(opcode, args)
                }
            }
            _ => Simple::Emit(opcode, args),
        }
    }

    fn pure(&mut self, i: usize, opcode: OpCode, args: Vec<OpRef>) {
        let result = self.rw.old.result_of(i);
        let mut cur = (opcode, args);
        // Each rule either yields a value or changes the operation; a few rounds reach a
        // fixpoint (e.g. `x - 3` becomes `x + -3`, which then merges with an inner add).
        let mut rounds = 0;
        let r = loop {
            match self.simplify(cur.0, cur.1.clone()) {
                Simple::Value(r) => break r,
                Simple::Emit(op, a) => {
                    rounds += 1;
                    if (op == cur.0 && a == cur.1) || rounds == 4 {
                        break self.rw.emit(op, &a, None);
                    }
                    cur = (op, a);
                }
            }
        };
        self.rw.set(result, r);
    }

    fn op(&mut self, i: usize) {
        let old = self.rw.old;
        let op = *old.op(i);
        let opcode = op.opcode;
        if opcode == OpCode::Label {
            self.known_class.clear();
            self.nonnull.clear();
            self.nonnull_guard.clear();
            self.known_true.clear();
            self.exception_clear = false;
            self.invalidation_checked = false;
            self.rw.copy(i);
            return;
        }
        if opcode == OpCode::GuardNoOverflow && std::mem::take(&mut self.skip_overflow_guard) {
            return;
        }
        self.skip_overflow_guard = false;
        let args = self.rw.args(i);
        let result = old.result_of(i);
        if opcode.is_pure() {
            self.pure(i, opcode, args);
            return;
        }
        if opcode.is_ovf() {
            let next_is_no_ovf =
                old.ops().get(i + 1).map(|o| o.opcode) == Some(OpCode::GuardNoOverflow);
            let (ca, cb) = (self.int(args[0]), self.int(args[1]));
            let folded = match (opcode, ca, cb) {
                (_, Some(a), Some(b)) => match crate::interp::eval_ovf(opcode, a, b) {
                    Some((v, false)) => Some(self.rw.constant(Value::Int(v))),
                    _ => None,
                },
                (OpCode::IntAddOvf | OpCode::IntSubOvf, _, Some(0)) => Some(args[0]),
                (OpCode::IntAddOvf, Some(0), _) => Some(args[1]),
                (OpCode::IntMulOvf, _, Some(1)) => Some(args[0]),
                (OpCode::IntMulOvf, Some(1), _) => Some(args[1]),
                (OpCode::IntMulOvf, _, Some(0)) | (OpCode::IntMulOvf, Some(0), _) => {
                    Some(self.rw.constant(Value::Int(0)))
                }
                _ => None,
            };
            if let (Some(r), true) = (folded, next_is_no_ovf) {
                self.rw.set(result, r);
                self.skip_overflow_guard = true;
                return;
            }
            self.rw.copy_with_args(i, &args);
            return;
        }
        if opcode.is_guard() {
            self.guard(i, opcode, args);
            return;
        }
        let r = self.rw.copy_with_args(i, &args);
        let descr = old.descr_of(&op);
        match opcode {
            OpCode::New | OpCode::NewWithVtable => {
                self.nonnull.insert(r);
                if let Some(vt) = descr.and_then(|d| d.as_size()).and_then(|s| s.vtable) {
                    self.known_class.insert(r, vt);
                }
            }
            OpCode::NewArray | OpCode::Newstr => {
                self.nonnull.insert(r);
            }
            _ if opcode.is_call() => {
                let raises = descr
                    .and_then(|d| d.as_call())
                    .is_none_or(|c| c.effect.can_raise);
                if raises {
                    self.exception_clear = false;
                }
                self.invalidation_checked = false;
            }
            _ => {}
        }
    }

    fn guard(&mut self, i: usize, opcode: OpCode, args: Vec<OpRef>) {
        use OpCode::*;
        let old = self.rw.old;
        let drop = match opcode {
            GuardTrue => {
                self.int(args[0]).is_some_and(|c| c != 0) || self.known_true.contains(&args[0])
            }
            GuardFalse => self.int(args[0]) == Some(0),
            GuardValue => args[0] == args[1],
            GuardNonnull => self.is_nonnull(args[0]),
            GuardIsnull => self.rw.const_of(args[0]).is_some_and(|v| v.bits() == 0),
            GuardClass | GuardNonnullClass => {
                let c = self.rw.const_of(args[1]).map(|v| v.bits());
                let known = self.known_class.get(&args[0]).copied();
                c.is_some() && known == c
            }
            GuardNoException => self.exception_clear,
            GuardNotInvalidated => self.invalidation_checked,
            _ => false,
        };
        if drop {
            return;
        }
        // Strengthening: guard_nonnull(p) ... guard_class(p, C).
        if opcode == GuardClass
            && !self.known_class.contains_key(&args[0])
            && let Some(g) = self.nonnull_guard.remove(&args[0])
            && let Some(c) = self.rw.const_of(args[1])
        {
            self.rw.out.replace_op(g, GuardNonnullClass, &args);
            self.known_class.insert(args[0], c.bits());
            return;
        }
        let g = self.rw.copy_with_args(i, &args);
        let x = args.first().copied();
        match opcode {
            GuardTrue => {
                let x = x.expect("arg");
                if self.is_bool(x) {
                    let one = self.rw.constant(Value::Int(1));
                    self.rw.substitute(x, one);
                } else {
                    self.known_true.insert(x);
                }
            }
            GuardFalse => {
                let zero = self.rw.constant(Value::Int(0));
                self.rw.substitute(x.expect("arg"), zero);
            }
            GuardValue => {
                let x = x.expect("arg");
                if args[1].is_const() {
                    if old.kind_of(old.args_at(i)[0]) == Kind::Ref
                        && self.rw.const_of(args[1]).is_some_and(|v| v.bits() != 0)
                    {
                        self.nonnull.insert(x);
                    }
                    self.rw.substitute(x, args[1]);
                }
            }
            GuardNonnull => {
                let x = x.expect("arg");
                self.nonnull.insert(x);
                self.nonnull_guard.insert(x, g);
            }
            GuardIsnull => {
                let null = self.rw.constant(Value::Ref(0));
                self.rw.substitute(x.expect("arg"), null);
            }
            GuardClass | GuardNonnullClass => {
                let x = x.expect("arg");
                if let Some(c) = self.rw.const_of(args[1]) {
                    self.known_class.insert(x, c.bits());
                }
                self.nonnull.insert(x);
                self.nonnull_guard.remove(&x);
            }
            GuardNoException | GuardException => self.exception_clear = true,
            GuardNotInvalidated => self.invalidation_checked = true,
            _ => {}
        }
    }
}
