//! Constant folding on the AST, a subset of CPython 3.11's `ast_opt.c`.
//!
//! Folded, exactly as CPython would compute them: unary `-`/`+`/`~`/`not` on constants, integer
//! arithmetic (with CPython's size guards: results of `*`, `**` and `<<` stay within 128 bits,
//! repeated strings within 4096 items, repeated tuples within 256), float `+ - * /`, complex
//! `+ - *` (so `1+2j` is one constant), str/bytes/tuple concatenation and repetition, constant
//! subscripts (`"abc"[1]`), tuples of constants, `__debug__`, `not (a in b)` -> `a not in b`,
//! and list/set literals iterated by `for` or tested with `in` (tuples / frozensets).
//!
//! Not folded (left to run time, which computes the same value): anything that might raise,
//! float `//`, `%`, `**`, int `/` of values beyond 2**53, negative int exponents, and `%`
//! formatting. Folding never changes a result or an error message; it only saves work.
//! Annotations are not folded under `from __future__ import annotations` (they become strings).

use std::sync::Arc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::ast::*;
use crate::bytecode::{Constant, PyStr};

const MAX_INT_SIZE: u64 = 128;
const MAX_COLLECTION_SIZE: usize = 256;
const MAX_STR_SIZE: usize = 4096;
const MAX_TOTAL_ITEMS: usize = 1024;

/// Folds constants in a module in place.
pub fn fold_module(m: &mut Module, future_annotations: bool) {
    let f = Folder { future_annotations };
    for s in &mut m.body {
        f.stmt(s);
    }
}

/// Folds constants in an expression in place.
pub fn fold_expr(e: &mut Expr) {
    Folder {
        future_annotations: false,
    }
    .expr(e);
}

struct Folder {
    future_annotations: bool,
}

impl Folder {
    fn stmts(&self, stmts: &mut [Stmt]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn args(&self, a: &mut Arguments) {
        for arg in a
            .posonlyargs
            .iter_mut()
            .chain(a.args.iter_mut())
            .chain(a.vararg.iter_mut())
            .chain(a.kwonlyargs.iter_mut())
            .chain(a.kwarg.iter_mut())
        {
            if let Some(ann) = &mut arg.annotation {
                self.annotation(ann);
            }
        }
        for d in &mut a.defaults {
            self.expr(d);
        }
        for d in a.kw_defaults.iter_mut().flatten() {
            self.expr(d);
        }
    }

    fn annotation(&self, e: &mut Expr) {
        if !self.future_annotations {
            self.expr(e);
        }
    }

    fn stmt(&self, s: &mut Stmt) {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.stmt_inner(s))
    }

    fn stmt_inner(&self, s: &mut Stmt) {
        match &mut s.kind {
            StmtKind::FunctionDef(f) => {
                self.args(&mut f.args);
                self.stmts(&mut f.body);
                for d in &mut f.decorator_list {
                    self.expr(d);
                }
                if let Some(r) = &mut f.returns {
                    self.annotation(r);
                }
            }
            StmtKind::ClassDef(c) => {
                for b in &mut c.bases {
                    self.expr(b);
                }
                for k in &mut c.keywords {
                    self.expr(&mut k.value);
                }
                self.stmts(&mut c.body);
                for d in &mut c.decorator_list {
                    self.expr(d);
                }
            }
            StmtKind::Return(v) => {
                if let Some(v) = v {
                    self.expr(v);
                }
            }
            StmtKind::Delete(t) => {
                for x in t {
                    self.expr(x);
                }
            }
            StmtKind::Assign { targets, value } => {
                for t in targets {
                    self.expr(t);
                }
                self.expr(value);
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target);
                self.expr(value);
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                self.expr(target);
                self.annotation(annotation);
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(target);
                self.expr(iter);
                fold_iter(iter);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::With { items, body, .. } => {
                for i in items {
                    self.expr(&mut i.context_expr);
                    if let Some(v) = &mut i.optional_vars {
                        self.expr(v);
                    }
                }
                self.stmts(body);
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject);
                for c in cases {
                    self.pattern(&mut c.pattern);
                    if let Some(g) = &mut c.guard {
                        self.expr(g);
                    }
                    self.stmts(&mut c.body);
                }
            }
            StmtKind::Raise { exc, cause } => {
                for x in [exc, cause].into_iter().flatten() {
                    self.expr(x);
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            } => {
                self.stmts(body);
                for h in handlers {
                    if let Some(t) = &mut h.typ {
                        self.expr(t);
                    }
                    self.stmts(&mut h.body);
                }
                self.stmts(orelse);
                self.stmts(finalbody);
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                if let Some(m) = msg {
                    self.expr(m);
                }
            }
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Import(_)
            | StmtKind::ImportFrom { .. }
            | StmtKind::Global(_)
            | StmtKind::Nonlocal(_)
            | StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue => {}
        }
    }

    fn pattern(&self, p: &mut Pattern) {
        match &mut p.kind {
            PatternKind::MatchValue(v) => self.expr(v),
            PatternKind::MatchSingleton(_) | PatternKind::MatchStar(_) => {}
            PatternKind::MatchSequence(ps) | PatternKind::MatchOr(ps) => {
                for x in ps {
                    self.pattern(x);
                }
            }
            PatternKind::MatchMapping { keys, patterns, .. } => {
                for k in keys {
                    self.expr(k);
                }
                for x in patterns {
                    self.pattern(x);
                }
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.expr(cls);
                for x in patterns.iter_mut().chain(kwd_patterns.iter_mut()) {
                    self.pattern(x);
                }
            }
            PatternKind::MatchAs { pattern, .. } => {
                if let Some(x) = pattern {
                    self.pattern(x);
                }
            }
        }
    }

    fn comprehensions(&self, gens: &mut [Comprehension]) {
        for g in gens {
            self.expr(&mut g.target);
            self.expr(&mut g.iter);
            fold_iter(&mut g.iter);
            for c in &mut g.ifs {
                self.expr(c);
            }
        }
    }

    fn expr(&self, e: &mut Expr) {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.expr_inner(e))
    }

    fn expr_inner(&self, e: &mut Expr) {
        match &mut e.kind {
            ExprKind::BoolOp { values, .. } => {
                for v in values {
                    self.expr(v);
                }
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(target);
                self.expr(value);
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::Lambda { args, body } => {
                self.args(args);
                self.expr(body);
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                self.expr(body);
                self.expr(orelse);
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter_mut().flatten() {
                    self.expr(k);
                }
                for v in values {
                    self.expr(v);
                }
            }
            ExprKind::Set(elts) => {
                for x in elts {
                    self.expr(x);
                }
            }
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                self.expr(elt);
                self.comprehensions(generators);
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.expr(key);
                self.expr(value);
                self.comprehensions(generators);
            }
            ExprKind::Await(v) | ExprKind::YieldFrom(v) => self.expr(v),
            ExprKind::Yield(v) => {
                if let Some(v) = v {
                    self.expr(v);
                }
            }
            ExprKind::Compare {
                left,
                comparators,
                ops,
            } => {
                self.expr(left);
                for c in comparators.iter_mut() {
                    self.expr(c);
                }
                if matches!(ops.last(), Some(CmpOp::In | CmpOp::NotIn))
                    && let Some(last) = comparators.last_mut()
                {
                    fold_iter(last);
                }
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func);
                for a in args {
                    self.expr(a);
                }
                for k in keywords {
                    self.expr(&mut k.value);
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.expr(value);
                if let Some(s) = format_spec {
                    self.expr(s);
                }
            }
            ExprKind::JoinedStr(values) => {
                for v in values {
                    self.expr(v);
                }
            }
            ExprKind::Constant(_) | ExprKind::Name { .. } => {}
            ExprKind::Attribute { value, .. } => self.expr(value),
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value);
                self.expr(slice);
            }
            ExprKind::Starred { value, .. } => self.expr(value),
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
                for x in elts {
                    self.expr(x);
                }
            }
            ExprKind::Slice { lower, upper, step } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    self.expr(x);
                }
            }
        }
        if let Some(c) = fold_node(e) {
            e.kind = ExprKind::Constant(c);
        }
    }
}

/// The folded value of a node whose children are already folded.
fn fold_node(e: &mut Expr) -> Option<Constant> {
    match &mut e.kind {
        ExprKind::Name { id, ctx: Ctx::Load } if &**id == "__debug__" => Some(Constant::Bool(true)),
        ExprKind::UnaryOp { op, operand } => {
            if let (UnaryOp::Not, ExprKind::Compare { ops, .. }) = (*op, &mut operand.kind)
                && ops.len() == 1
            {
                let inverted = match ops[0] {
                    CmpOp::Is => Some(CmpOp::IsNot),
                    CmpOp::IsNot => Some(CmpOp::Is),
                    CmpOp::In => Some(CmpOp::NotIn),
                    CmpOp::NotIn => Some(CmpOp::In),
                    _ => None,
                };
                if let Some(inv) = inverted {
                    ops[0] = inv;
                    let inner = std::mem::replace(
                        operand.as_mut(),
                        Expr::new(ExprKind::Constant(Constant::None), Loc::default()),
                    );
                    e.kind = inner.kind;
                    return None;
                }
            }
            unary(*op, operand.as_constant()?)
        }
        ExprKind::BinOp { left, op, right } => {
            binary(*op, left.as_constant()?, right.as_constant()?)
        }
        ExprKind::Subscript {
            value,
            slice,
            ctx: Ctx::Load,
        } => subscript(value.as_constant()?, slice.as_constant()?),
        ExprKind::Tuple {
            elts,
            ctx: Ctx::Load,
        } => constant_tuple(elts).map(Constant::Tuple),
        _ => None,
    }
}

fn constant_tuple(elts: &[Expr]) -> Option<Arc<[Constant]>> {
    elts.iter()
        .map(|x| x.as_constant().cloned())
        .collect::<Option<Vec<_>>>()
        .map(Arc::from)
}

/// `fold_iter`: a list iterated over becomes a tuple, a set of constants a frozenset.
fn fold_iter(e: &mut Expr) {
    match &mut e.kind {
        ExprKind::List { elts, ctx } => {
            if elts
                .iter()
                .any(|x| matches!(x.kind, ExprKind::Starred { .. }))
            {
                return;
            }
            let folded = constant_tuple(elts);
            e.kind = match folded {
                Some(t) => ExprKind::Constant(Constant::Tuple(t)),
                None => ExprKind::Tuple {
                    elts: std::mem::take(elts),
                    ctx: *ctx,
                },
            };
        }
        ExprKind::Set(elts) => {
            if let Some(t) = constant_tuple(elts) {
                let mut distinct: Vec<Constant> = Vec::new();
                for c in t.iter() {
                    if !distinct.iter().any(|d| py_eq(d, c)) {
                        distinct.push(c.clone());
                    }
                }
                e.kind = ExprKind::Constant(Constant::FrozenSet(Arc::from(distinct)));
            }
        }
        _ => {}
    }
}

/// Python `==` between constants, where it is well-defined without running code.
pub(crate) fn py_eq(a: &Constant, b: &Constant) -> bool {
    use Constant::*;
    if let (Some(x), Some(y)) = (as_complex(a), as_complex(b)) {
        if let (Some(i), Some(j)) = (a.to_bigint(), b.to_bigint()) {
            return i == j;
        }
        return x == y;
    }
    match (a, b) {
        (None, None) | (Ellipsis, Ellipsis) => true,
        (Str(x), Str(y)) => x == y,
        (Bytes(x), Bytes(y)) => x == y,
        (Tuple(x), Tuple(y)) | (FrozenSet(x), FrozenSet(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| py_eq(p, q))
        }
        _ => false,
    }
}

fn as_complex(c: &Constant) -> Option<(f64, f64)> {
    match c {
        Constant::Bool(b) => Some((*b as i64 as f64, 0.0)),
        Constant::Int(i) => Some((*i as f64, 0.0)),
        Constant::BigInt(b) => Some((b.to_f64()?, 0.0)),
        Constant::Float(f) => Some((*f, 0.0)),
        Constant::Complex { re, im } => Some((*re, *im)),
        _ => None,
    }
}

/// An int (or bool) operand.
fn int_of(c: &Constant) -> Option<BigInt> {
    match c {
        Constant::Int(_) | Constant::BigInt(_) | Constant::Bool(_) => c.to_bigint(),
        _ => None,
    }
}

/// A float operand from an int or float (ints beyond 2**53 are not converted here).
fn float_of(c: &Constant) -> Option<f64> {
    match c {
        Constant::Float(f) => Some(*f),
        Constant::Int(i) if i.unsigned_abs() <= 1 << 53 => Some(*i as f64),
        Constant::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

fn bits(v: &BigInt) -> u64 {
    v.bits()
}

fn unary(op: UnaryOp, c: &Constant) -> Option<Constant> {
    match op {
        UnaryOp::Not => Some(Constant::Bool(!c.is_truthy())),
        UnaryOp::USub => match c {
            Constant::Float(f) => Some(Constant::Float(-f)),
            Constant::Complex { re, im } => Some(Constant::Complex { re: -re, im: -im }),
            _ => int_of(c).map(|i| Constant::from_bigint(-i)),
        },
        UnaryOp::UAdd => match c {
            Constant::Float(_) | Constant::Complex { .. } => Some(c.clone()),
            _ => int_of(c).map(Constant::from_bigint),
        },
        UnaryOp::Invert => int_of(c).map(|i| Constant::from_bigint(-i - 1)),
    }
}

fn binary(op: Operator, a: &Constant, b: &Constant) -> Option<Constant> {
    // Sequences.
    match (op, a, b) {
        (Operator::Add, Constant::Str(x), Constant::Str(y)) => {
            return Some(Constant::Str(x.concat(y)));
        }
        (Operator::Add, Constant::Bytes(x), Constant::Bytes(y)) => {
            let mut v = x.to_vec();
            v.extend_from_slice(y);
            return Some(Constant::Bytes(Arc::from(v)));
        }
        (Operator::Add, Constant::Tuple(x), Constant::Tuple(y)) => {
            let v: Vec<Constant> = x.iter().chain(y.iter()).cloned().collect();
            return Some(Constant::Tuple(Arc::from(v)));
        }
        (Operator::Mult, _, _) => {
            if let Some(r) = repeat(a, b).or_else(|| repeat(b, a)) {
                return r;
            }
        }
        _ => {}
    }
    // Integers (bools included; `&`, `|`, `^` of two bools stay bools).
    if let (Some(x), Some(y)) = (int_of(a), int_of(b)) {
        if let (Constant::Bool(p), Constant::Bool(q)) = (a, b) {
            match op {
                Operator::BitAnd => return Some(Constant::Bool(*p & *q)),
                Operator::BitOr => return Some(Constant::Bool(*p | *q)),
                Operator::BitXor => return Some(Constant::Bool(*p ^ *q)),
                _ => {}
            }
        }
        return int_binary(op, x, y);
    }
    // Complex.
    if matches!(a, Constant::Complex { .. }) || matches!(b, Constant::Complex { .. }) {
        let (ar, ai) = complex_operand(a)?;
        let (br, bi) = complex_operand(b)?;
        return match op {
            Operator::Add => Some(Constant::Complex {
                re: ar + br,
                im: ai + bi,
            }),
            Operator::Sub => Some(Constant::Complex {
                re: ar - br,
                im: ai - bi,
            }),
            Operator::Mult => Some(Constant::Complex {
                re: ar * br - ai * bi,
                im: ar * bi + ai * br,
            }),
            _ => None,
        };
    }
    // Floats.
    if matches!(a, Constant::Float(_)) || matches!(b, Constant::Float(_)) {
        let x = float_of(a)?;
        let y = float_of(b)?;
        return match op {
            Operator::Add => Some(Constant::Float(x + y)),
            Operator::Sub => Some(Constant::Float(x - y)),
            Operator::Mult => Some(Constant::Float(x * y)),
            Operator::Div if y != 0.0 => Some(Constant::Float(x / y)),
            _ => None,
        };
    }
    None
}

fn complex_operand(c: &Constant) -> Option<(f64, f64)> {
    match c {
        Constant::Complex { re, im } => Some((*re, *im)),
        _ => float_of(c).map(|f| (f, 0.0)),
    }
}

fn int_binary(op: Operator, x: BigInt, y: BigInt) -> Option<Constant> {
    let r = match op {
        Operator::Add => x + y,
        Operator::Sub => x - y,
        Operator::Mult => {
            if !x.is_zero() && !y.is_zero() && bits(&x) + bits(&y) > MAX_INT_SIZE {
                return None;
            }
            x * y
        }
        Operator::FloorDiv => {
            if y.is_zero() {
                return None;
            }
            x.div_floor(&y)
        }
        Operator::Mod => {
            if y.is_zero() {
                return None;
            }
            x.mod_floor(&y)
        }
        Operator::Div => {
            // Exact when both fit in a double's mantissa.
            let (xf, yf) = (x.to_i64()?, y.to_i64()?);
            if yf == 0 || xf.unsigned_abs() > 1 << 53 || yf.unsigned_abs() > 1 << 53 {
                return None;
            }
            return Some(Constant::Float(xf as f64 / yf as f64));
        }
        Operator::Pow => {
            if y.is_negative() {
                return None;
            }
            let e = y.to_u64()?;
            if !x.is_zero() && e > 0 && bits(&x) > MAX_INT_SIZE / e {
                return None;
            }
            num_traits::pow::Pow::pow(&x, e)
        }
        Operator::LShift => {
            if y.is_negative() {
                return None;
            }
            let s = y.to_u64()?;
            if !x.is_zero() && s > 0 && (s > MAX_INT_SIZE || bits(&x) > MAX_INT_SIZE - s) {
                return None;
            }
            if x.is_zero() { x } else { x << s }
        }
        Operator::RShift => {
            if y.is_negative() {
                return None;
            }
            match y.to_u64() {
                Some(s) if s < 1 << 20 => x >> s,
                _ => {
                    if x.is_negative() {
                        BigInt::from(-1)
                    } else {
                        BigInt::zero()
                    }
                }
            }
        }
        Operator::BitAnd => x & y,
        Operator::BitOr => x | y,
        Operator::BitXor => x ^ y,
        Operator::MatMult => return None,
    };
    Some(Constant::from_bigint(r))
}

/// `seq * n` with CPython's size guards; `None` if `a` is not a sequence or `b` not an int,
/// `Some(None)` when the guard refuses.
fn repeat(a: &Constant, b: &Constant) -> Option<Option<Constant>> {
    let n = match b {
        Constant::Int(_) | Constant::BigInt(_) | Constant::Bool(_) => int_of(b)?,
        _ => return None,
    };
    match a {
        Constant::Str(s) => {
            let size = s.char_len();
            let Some(n) = guard(&n, size, MAX_STR_SIZE) else {
                return Some(None);
            };
            let mut out = PyStr::new("");
            for _ in 0..n {
                out = out.concat(s);
            }
            Some(Some(Constant::Str(out)))
        }
        Constant::Bytes(bs) => {
            let Some(n) = guard(&n, bs.len(), MAX_STR_SIZE) else {
                return Some(None);
            };
            Some(Some(Constant::Bytes(Arc::from(bs.repeat(n)))))
        }
        Constant::Tuple(t) => {
            let Some(n) = guard(&n, t.len(), MAX_COLLECTION_SIZE) else {
                return Some(None);
            };
            if n > 0 && complexity(t) > MAX_TOTAL_ITEMS / n {
                return Some(None);
            }
            let v: Vec<Constant> = (0..n).flat_map(|_| t.iter().cloned()).collect();
            Some(Some(Constant::Tuple(Arc::from(v))))
        }
        _ => None,
    }
}

/// The repetition count if `n * size` stays within `max` (a negative count gives an empty
/// sequence in Python, but CPython does not fold it).
fn guard(n: &BigInt, size: usize, max: usize) -> Option<usize> {
    let n = n.to_i64()?;
    if n < 0 {
        return None;
    }
    if size == 0 {
        // Repeating an empty sequence gives an empty sequence, whatever the count.
        return Some(0);
    }
    if n as usize > max / size {
        return None;
    }
    Some(n as usize)
}

fn complexity(t: &[Constant]) -> usize {
    t.iter()
        .map(|c| match c {
            Constant::Tuple(x) | Constant::FrozenSet(x) => 1 + complexity(x),
            _ => 1,
        })
        .sum()
}

fn subscript(v: &Constant, idx: &Constant) -> Option<Constant> {
    let i = match idx {
        Constant::Int(i) => *i,
        Constant::Bool(b) => *b as i64,
        _ => return None,
    };
    let norm = |len: usize| -> Option<usize> {
        let j = if i < 0 { i + len as i64 } else { i };
        (0..len as i64).contains(&j).then_some(j as usize)
    };
    match v {
        Constant::Str(s) => {
            let cps: Vec<u32> = s.code_points().collect();
            let j = norm(cps.len())?;
            Some(Constant::Str(PyStr::from_code_points([cps[j]])))
        }
        Constant::Bytes(b) => Some(Constant::Int(b[norm(b.len())?] as i64)),
        Constant::Tuple(t) => Some(t[norm(t.len())?].clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c_int(i: i64) -> Constant {
        Constant::Int(i)
    }

    #[test]
    fn folds_like_cpython() {
        assert_eq!(
            binary(Operator::FloorDiv, &c_int(-7), &c_int(2)),
            Some(c_int(-4))
        );
        assert_eq!(binary(Operator::Mod, &c_int(-7), &c_int(2)), Some(c_int(1)));
        // CPython folds 2**64 but not 2**100 (the guard is bits(base) <= 128 / exponent).
        assert_eq!(
            binary(Operator::Pow, &c_int(2), &c_int(64)),
            Some(Constant::from_bigint(BigInt::from(1) << 64))
        );
        assert_eq!(binary(Operator::Pow, &c_int(2), &c_int(100)), None);
        assert_eq!(binary(Operator::Div, &c_int(1), &c_int(0)), None);
        assert_eq!(
            binary(Operator::Div, &c_int(1), &c_int(4)),
            Some(Constant::Float(0.25))
        );
        assert_eq!(
            binary(
                Operator::Add,
                &c_int(1),
                &Constant::Complex { re: 0.0, im: 2.0 }
            ),
            Some(Constant::Complex { re: 1.0, im: 2.0 })
        );
        assert_eq!(
            binary(
                Operator::BitAnd,
                &Constant::Bool(true),
                &Constant::Bool(false)
            ),
            Some(Constant::Bool(false))
        );
        assert_eq!(
            binary(Operator::Add, &Constant::Bool(true), &c_int(1)),
            Some(c_int(2))
        );
        assert_eq!(
            binary(Operator::Mult, &Constant::str("ab"), &c_int(3)),
            Some(Constant::str("ababab"))
        );
        assert_eq!(
            binary(Operator::Mult, &Constant::str("ab"), &c_int(3000)),
            None
        );
        assert_eq!(
            unary(UnaryOp::USub, &Constant::Complex { re: 0.0, im: 2.0 }),
            Some(Constant::Complex { re: -0.0, im: -2.0 })
        );
        assert_eq!(
            unary(UnaryOp::Invert, &Constant::Bool(true)),
            Some(c_int(-2))
        );
        assert_eq!(
            subscript(&Constant::str("abc"), &c_int(-1)),
            Some(Constant::str("c"))
        );
        assert_eq!(subscript(&Constant::str("abc"), &c_int(3)), None);
        assert!(py_eq(&c_int(1), &Constant::Float(1.0)));
        assert!(py_eq(&Constant::Bool(true), &c_int(1)));
    }
}
