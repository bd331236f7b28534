//! Integer bounds: proves ranges of integer values and uses them.
//!
//! Every integer value gets an interval `[lo, hi]` (constants exactly, narrow loads from
//! their size and signedness, comparisons `[0, 1]`, arithmetic by interval arithmetic
//! when it cannot overflow). Guards refine the intervals of the values they test, and
//! through a comparison, of its operands (`guard_true(int_lt(i, n))` bounds `i` by
//! `n.hi - 1`). The pass then
//! - replaces `*_ovf` operations that cannot overflow by their plain forms and drops the
//!   `guard_no_overflow` after them,
//! - folds comparisons (and any pure integer operation) whose interval is one value,
//! - drops guards whose condition is proven (`guard_true` of a value that cannot be 0,
//!   `guard_false` of a value that must be 0, `guard_value` of a value already pinned).
//!
//! Bounds are forgotten at labels (their arguments are re-bound by the back edge).
//! After LuaJIT's and PyPy's intbounds.py, simplified to plain intervals.

use crate::hash::HashMap;

use crate::descr::Descr;
use crate::ops::OpCode;
use crate::trace::{OpRef, Trace};
use crate::value::{Kind, Value};

use super::Rewriter;

/// A closed interval of `i64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bound {
    /// Smallest possible value.
    pub lo: i64,
    /// Largest possible value.
    pub hi: i64,
}

impl Bound {
    /// Any value.
    pub const UNKNOWN: Bound = Bound {
        lo: i64::MIN,
        hi: i64::MAX,
    };
    /// 0 or 1.
    pub const BOOL: Bound = Bound { lo: 0, hi: 1 };

    /// Exactly `c`.
    pub fn exact(c: i64) -> Bound {
        Bound { lo: c, hi: c }
    }

    /// The single value, if the interval has one.
    pub fn single(self) -> Option<i64> {
        (self.lo == self.hi).then_some(self.lo)
    }

    /// Contains `v`?
    pub fn contains(self, v: i64) -> bool {
        self.lo <= v && v <= self.hi
    }

    /// Intersection (an empty intersection keeps `self`: the code is unreachable anyway).
    pub fn intersect(self, other: Bound) -> Bound {
        let lo = self.lo.max(other.lo);
        let hi = self.hi.min(other.hi);
        if lo <= hi { Bound { lo, hi } } else { self }
    }

    /// All values known non-negative.
    pub fn nonneg(self) -> bool {
        self.lo >= 0
    }

    fn from_i128(lo: i128, hi: i128) -> Option<Bound> {
        (lo >= i64::MIN as i128 && hi <= i64::MAX as i128).then_some(Bound {
            lo: lo as i64,
            hi: hi as i64,
        })
    }

    /// `a + b` when it cannot overflow.
    pub fn checked_add(a: Bound, b: Bound) -> Option<Bound> {
        Bound::from_i128(a.lo as i128 + b.lo as i128, a.hi as i128 + b.hi as i128)
    }

    /// `a - b` when it cannot overflow.
    pub fn checked_sub(a: Bound, b: Bound) -> Option<Bound> {
        Bound::from_i128(a.lo as i128 - b.hi as i128, a.hi as i128 - b.lo as i128)
    }

    /// `a * b` when it cannot overflow.
    pub fn checked_mul(a: Bound, b: Bound) -> Option<Bound> {
        let c = [
            a.lo as i128 * b.lo as i128,
            a.lo as i128 * b.hi as i128,
            a.hi as i128 * b.lo as i128,
            a.hi as i128 * b.hi as i128,
        ];
        Bound::from_i128(*c.iter().min()?, *c.iter().max()?)
    }

    /// Values representable in `size` bytes with the given signedness.
    pub fn of_size(size: u8, signed: bool) -> Bound {
        match (size, signed) {
            (1, true) => Bound { lo: -128, hi: 127 },
            (1, false) => Bound { lo: 0, hi: 255 },
            (2, true) => Bound {
                lo: -32768,
                hi: 32767,
            },
            (2, false) => Bound { lo: 0, hi: 65535 },
            (4, true) => Bound {
                lo: i32::MIN as i64,
                hi: i32::MAX as i64,
            },
            (4, false) => Bound {
                lo: 0,
                hi: u32::MAX as i64,
            },
            _ => Bound::UNKNOWN,
        }
    }
}

struct IntBounds<'t> {
    rw: Rewriter<'t>,
    bounds: HashMap<OpRef, Bound>,
    /// Comparisons defining a boolean: result -> (opcode, a, b).
    comparisons: HashMap<OpRef, (OpCode, OpRef, OpRef)>,
    skip_overflow_guard: bool,
}

/// Runs the pass.
pub fn run(trace: &Trace) -> Trace {
    let mut p = IntBounds {
        rw: Rewriter::new(trace),
        bounds: HashMap::default(),
        comparisons: HashMap::default(),
        skip_overflow_guard: false,
    };
    for i in 0..trace.len() {
        p.op(i);
    }
    p.rw.finish()
}

impl IntBounds<'_> {
    fn bound(&self, r: OpRef) -> Bound {
        if let Some(Value::Int(c)) = self.rw.const_of(r) {
            return Bound::exact(c);
        }
        self.bounds.get(&r).copied().unwrap_or(Bound::UNKNOWN)
    }

    fn refine(&mut self, r: OpRef, b: Bound) {
        if r.is_const() || self.rw.out.kind_of(r) != Kind::Int {
            return;
        }
        let nb = self.bound(r).intersect(b);
        self.bounds.insert(r, nb);
    }

    /// The interval of a pure integer operation's result.
    fn result_bound(&self, opcode: OpCode, args: &[OpRef]) -> Bound {
        use OpCode::*;
        let a = || self.bound(args[0]);
        let b = || self.bound(args[1]);
        let c1 = || self.rw.const_of(args[1]).and_then(|v| v.as_int());
        match opcode {
            IntAdd => Bound::checked_add(a(), b()).unwrap_or(Bound::UNKNOWN),
            IntSub => Bound::checked_sub(a(), b()).unwrap_or(Bound::UNKNOWN),
            IntMul => Bound::checked_mul(a(), b()).unwrap_or(Bound::UNKNOWN),
            IntAnd => {
                let (x, y) = (a(), b());
                match (x.nonneg(), y.nonneg()) {
                    (true, true) => Bound {
                        lo: 0,
                        hi: x.hi.min(y.hi),
                    },
                    (true, false) => Bound { lo: 0, hi: x.hi },
                    (false, true) => Bound { lo: 0, hi: y.hi },
                    _ => Bound::UNKNOWN,
                }
            }
            IntOr | IntXor => {
                let (x, y) = (a(), b());
                if x.nonneg() && y.nonneg() {
                    let top = (x.hi | y.hi) as u64;
                    let mask = if top == 0 {
                        0
                    } else {
                        u64::MAX >> top.leading_zeros()
                    };
                    Bound {
                        lo: 0,
                        hi: mask as i64,
                    }
                } else {
                    Bound::UNKNOWN
                }
            }
            IntRem => match c1() {
                Some(c) if c != 0 && c != i64::MIN => {
                    let m = c.abs() - 1;
                    if a().nonneg() {
                        Bound {
                            lo: 0,
                            hi: m.min(a().hi),
                        }
                    } else {
                        Bound { lo: -m, hi: m }
                    }
                }
                _ => Bound::UNKNOWN,
            },
            IntDiv => match c1() {
                Some(c) if c > 0 => Bound {
                    lo: a().lo / c,
                    hi: a().hi / c,
                },
                _ => Bound::UNKNOWN,
            },
            IntRshift => match c1() {
                Some(c) => {
                    let s = (c & 63) as u32;
                    Bound {
                        lo: a().lo >> s,
                        hi: a().hi >> s,
                    }
                }
                None => Bound::UNKNOWN,
            },
            UintRshift => match c1() {
                Some(c) => {
                    let s = (c & 63) as u32;
                    if a().nonneg() {
                        Bound {
                            lo: a().lo >> s,
                            hi: a().hi >> s,
                        }
                    } else if s > 0 {
                        Bound {
                            lo: 0,
                            hi: (u64::MAX >> s) as i64,
                        }
                    } else {
                        Bound::UNKNOWN
                    }
                }
                None => Bound::UNKNOWN,
            },
            IntLshift => match c1() {
                Some(c) => {
                    let s = (c & 63) as u32;
                    Bound::checked_mul(
                        a(),
                        Bound::exact(1i64.checked_shl(s).filter(|v| *v > 0).unwrap_or(0)),
                    )
                    .filter(|_| s < 63)
                    .unwrap_or(Bound::UNKNOWN)
                }
                None => Bound::UNKNOWN,
            },
            IntNeg => {
                let x = a();
                if x.lo == i64::MIN {
                    Bound::UNKNOWN
                } else {
                    Bound {
                        lo: -x.hi,
                        hi: -x.lo,
                    }
                }
            }
            IntInvert => {
                let x = a();
                Bound {
                    lo: !x.hi,
                    hi: !x.lo,
                }
            }
            SameAsI => a(),
            IntIsZero => {
                let x = a();
                if !x.contains(0) {
                    Bound::exact(0)
                } else if x.single() == Some(0) {
                    Bound::exact(1)
                } else {
                    Bound::BOOL
                }
            }
            IntIsTrue => {
                let x = a();
                if !x.contains(0) {
                    Bound::exact(1)
                } else if x.single() == Some(0) {
                    Bound::exact(0)
                } else {
                    Bound::BOOL
                }
            }
            IntLt | IntLe | IntGt | IntGe | IntEq | IntNe | UintLt | UintLe | UintGt | UintGe => {
                match compare(opcode, a(), b()) {
                    Some(v) => Bound::exact(v as i64),
                    None => Bound::BOOL,
                }
            }
            _ if opcode.is_bool() => Bound::BOOL,
            _ => Bound::UNKNOWN,
        }
    }

    /// What a guard that passed tells about a comparison's operands.
    fn learn(&mut self, c: OpRef, truth: bool) {
        let cb = self.bound(c);
        if !truth {
            self.refine(c, Bound::exact(0));
        } else if cb.lo >= 0 && cb.hi <= 1 {
            self.refine(c, Bound::exact(1));
        } else if cb.lo == 0 {
            self.refine(c, Bound { lo: 1, hi: cb.hi });
        } else if cb.hi == 0 {
            self.refine(c, Bound { lo: cb.lo, hi: -1 });
        }
        let Some(&(opcode, a, b)) = self.comparisons.get(&c) else {
            return;
        };
        let opcode = if truth {
            opcode
        } else {
            match opcode.negated_comparison() {
                Some(n) => n,
                None => return,
            }
        };
        let (x, y) = (self.bound(a), self.bound(b));
        use OpCode::*;
        let (opcode, x, y) = match opcode {
            // Unsigned comparisons are signed ones when both sides are non-negative, and
            // `a <u b` with `b >= 0` proves `0 <= a < b`.
            UintLt if y.nonneg() => {
                self.refine(
                    a,
                    Bound {
                        lo: 0,
                        hi: i64::MAX,
                    },
                );
                (IntLt, self.bound(a), y)
            }
            UintLe if y.nonneg() => {
                self.refine(
                    a,
                    Bound {
                        lo: 0,
                        hi: i64::MAX,
                    },
                );
                (IntLe, self.bound(a), y)
            }
            UintGt if x.nonneg() => {
                self.refine(
                    b,
                    Bound {
                        lo: 0,
                        hi: i64::MAX,
                    },
                );
                (IntGt, x, self.bound(b))
            }
            UintGe if x.nonneg() => {
                self.refine(
                    b,
                    Bound {
                        lo: 0,
                        hi: i64::MAX,
                    },
                );
                (IntGe, x, self.bound(b))
            }
            op => (op, x, y),
        };
        match opcode {
            IntLt => {
                self.refine(
                    a,
                    Bound {
                        lo: i64::MIN,
                        hi: y.hi.saturating_sub(1),
                    },
                );
                self.refine(
                    b,
                    Bound {
                        lo: x.lo.saturating_add(1),
                        hi: i64::MAX,
                    },
                );
            }
            IntLe => {
                self.refine(
                    a,
                    Bound {
                        lo: i64::MIN,
                        hi: y.hi,
                    },
                );
                self.refine(
                    b,
                    Bound {
                        lo: x.lo,
                        hi: i64::MAX,
                    },
                );
            }
            IntGt => {
                self.refine(
                    a,
                    Bound {
                        lo: y.lo.saturating_add(1),
                        hi: i64::MAX,
                    },
                );
                self.refine(
                    b,
                    Bound {
                        lo: i64::MIN,
                        hi: x.hi.saturating_sub(1),
                    },
                );
            }
            IntGe => {
                self.refine(
                    a,
                    Bound {
                        lo: y.lo,
                        hi: i64::MAX,
                    },
                );
                self.refine(
                    b,
                    Bound {
                        lo: i64::MIN,
                        hi: x.hi,
                    },
                );
            }
            IntEq => {
                let both = x.intersect(y);
                self.refine(a, both);
                self.refine(b, both);
            }
            _ => {}
        }
    }

    fn op(&mut self, i: usize) {
        let old = self.rw.old;
        let op = *old.op(i);
        let opcode = op.opcode;
        let result = old.result_of(i);
        if opcode == OpCode::Label {
            self.bounds.clear();
            self.comparisons.clear();
            self.rw.copy(i);
            return;
        }
        let args = self.rw.args(i);
        if opcode == OpCode::GuardNoOverflow && std::mem::take(&mut self.skip_overflow_guard) {
            return;
        }
        self.skip_overflow_guard = false;
        if opcode.is_ovf() {
            let (x, y) = (self.bound(args[0]), self.bound(args[1]));
            let proven = match opcode {
                OpCode::IntAddOvf => Bound::checked_add(x, y),
                OpCode::IntSubOvf => Bound::checked_sub(x, y),
                _ => Bound::checked_mul(x, y),
            };
            let next = old.ops().get(i + 1).map(|o| o.opcode);
            if let (Some(b), Some(OpCode::GuardNoOverflow)) = (proven, next) {
                let plain = opcode.without_overflow_check().expect("ovf op");
                let r = self.emit_pure(plain, &args, b);
                self.rw.set(result, r);
                self.skip_overflow_guard = true;
                return;
            }
            let r = self.rw.copy_with_args(i, &args);
            if let Some(b) = proven {
                self.bounds.insert(r, b);
            }
            return;
        }
        if opcode.is_pure() && opcode.result_kind() == Kind::Int && opcode != OpCode::CastFloatToInt
        {
            let b = if opcode.is_bool()
                && !matches!(opcode, OpCode::IntIsZero | OpCode::IntIsTrue)
                && old.kind_of(old.args_at(i)[0]) != Kind::Int
            {
                Bound::BOOL // float and pointer comparisons
            } else {
                self.result_bound(opcode, &args)
            };
            let r = if opcode == OpCode::SameAsI {
                // same_as gives a fresh name on purpose (label arguments): keep it.
                let r = self.rw.copy_with_args(i, &args);
                self.bounds.insert(r, b);
                r
            } else {
                self.emit_pure(opcode, &args, b)
            };
            if !r.is_const()
                && matches!(
                    opcode,
                    OpCode::IntLt
                        | OpCode::IntLe
                        | OpCode::IntGt
                        | OpCode::IntGe
                        | OpCode::IntEq
                        | OpCode::IntNe
                        | OpCode::UintLt
                        | OpCode::UintLe
                        | OpCode::UintGt
                        | OpCode::UintGe
                )
            {
                self.comparisons.insert(r, (opcode, args[0], args[1]));
            }
            self.rw.set(result, r);
            return;
        }
        match opcode {
            OpCode::GuardTrue | OpCode::GuardFalse => {
                let truth = opcode == OpCode::GuardTrue;
                let b = self.bound(args[0]);
                let proven = if truth {
                    !b.contains(0)
                } else {
                    b.single() == Some(0)
                };
                if !proven {
                    self.rw.copy_with_args(i, &args);
                    self.learn(args[0], truth);
                }
            }
            OpCode::GuardValue if old.kind_of(old.args_at(i)[0]) == Kind::Int => {
                let c = self.bound(args[1]);
                if self.bound(args[0]).single().is_some() && self.bound(args[0]) == c {
                    return;
                }
                self.rw.copy_with_args(i, &args);
                self.refine(args[0], c);
            }
            _ => {
                let r = self.rw.copy_with_args(i, &args);
                if opcode.result_kind() == Kind::Int {
                    let b = self.load_bound(old, i);
                    if b != Bound::UNKNOWN {
                        self.bounds.insert(r, b);
                    }
                }
            }
        }
    }

    /// Emits a pure operation, or a constant when its bound has one value.
    fn emit_pure(&mut self, opcode: OpCode, args: &[OpRef], b: Bound) -> OpRef {
        if let Some(c) = b.single() {
            return self.rw.constant(Value::Int(c));
        }
        let r = self.rw.emit(opcode, args, None);
        self.bounds.insert(r, b);
        r
    }

    fn load_bound(&self, old: &Trace, i: usize) -> Bound {
        let op = old.op(i);
        match old.descr_of(op) {
            Some(Descr::Field(f)) if op.opcode.reads_memory() => Bound::of_size(f.size, f.signed),
            Some(Descr::Array(a)) => match op.opcode {
                OpCode::ArraylenGc | OpCode::Strlen => Bound {
                    lo: 0,
                    hi: i64::MAX,
                },
                _ if op.opcode.reads_memory() => Bound::of_size(a.item_size, a.signed),
                _ => Bound::UNKNOWN,
            },
            Some(Descr::Call(c)) if c.result == Kind::Int => {
                Bound::of_size(c.result_size, c.result_signed)
            }
            _ => Bound::UNKNOWN,
        }
    }
}

/// Decides a comparison from intervals, if possible.
fn compare(opcode: OpCode, x: Bound, y: Bound) -> Option<bool> {
    use OpCode::*;
    let unsigned_ok = x.nonneg() && y.nonneg();
    let opcode = match opcode {
        UintLt if unsigned_ok => IntLt,
        UintLe if unsigned_ok => IntLe,
        UintGt if unsigned_ok => IntGt,
        UintGe if unsigned_ok => IntGe,
        UintLt | UintLe | UintGt | UintGe => return None,
        op => op,
    };
    match opcode {
        IntLt if x.hi < y.lo => Some(true),
        IntLt if x.lo >= y.hi => Some(false),
        IntLe if x.hi <= y.lo => Some(true),
        IntLe if x.lo > y.hi => Some(false),
        IntGt => compare(IntLt, y, x),
        IntGe => compare(IntLe, y, x),
        IntEq if x.single().is_some() && x == y => Some(true),
        IntEq if x.hi < y.lo || y.hi < x.lo => Some(false),
        IntNe => compare(IntEq, x, y).map(|v| !v),
        _ => None,
    }
}
