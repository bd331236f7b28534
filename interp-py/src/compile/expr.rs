//! Expression code generation (CPython 3.11's `compiler_visit_expr1` and helpers): calls in
//! the `[callable, self_or_null, args...]` shape, star-unpacking displays, comprehensions as
//! nested functions, `yield from`/`await` loops, chained comparisons, short-circuit jumps.

use std::sync::Arc;

use super::assemble::{Arg, BlockId};
use super::codegen::{CResult, Compiler, STACK_USE_GUIDELINE, UnitKind};
use super::stmt::{attr_loc, binary_operator};
use crate::ast::*;
use crate::bytecode::{CompareOperator, Constant, Opcode, PyStr};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CompKind {
    List,
    Set,
    Dict,
    Generator,
}

/// The Python type name CPython's `infer_type` would give.
fn infer_type(e: &Expr) -> Option<&'static str> {
    Some(match &e.kind {
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::List { .. } | ExprKind::ListComp { .. } => "list",
        ExprKind::Dict { .. } | ExprKind::DictComp { .. } => "dict",
        ExprKind::Set(_) | ExprKind::SetComp { .. } => "set",
        ExprKind::GeneratorExp { .. } => "generator",
        ExprKind::Lambda { .. } => "function",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue { .. } => "str",
        ExprKind::Constant(c) => c.type_name(),
        _ => return None,
    })
}

impl<'a> Compiler<'a> {
    /// Compiles an expression (its location applies while it is compiled).
    pub(crate) fn expr(&mut self, e: &'a Expr) -> CResult {
        let saved = self.loc();
        self.set_loc(e.loc);
        let r = stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.expr_inner(e));
        self.set_loc(saved);
        r
    }

    fn expr_inner(&mut self, e: &'a Expr) -> CResult {
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.u.b.op_i(Opcode::Copy, 1);
                self.expr(target)?;
            }
            ExprKind::BoolOp { op, values } => {
                let end = self.u.b.new_block();
                let jump = match op {
                    BoolOp::And => Opcode::JumpIfFalseOrPop,
                    BoolOp::Or => Opcode::JumpIfTrueOrPop,
                };
                let (last, init) = values
                    .split_last()
                    .ok_or_else(|| self.internal("empty BoolOp"))?;
                for v in init {
                    self.expr(v)?;
                    self.u.b.jump_op(jump, end);
                }
                self.expr(last)?;
                self.u.b.use_block(end);
            }
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                self.expr(right)?;
                self.u
                    .b
                    .op_i(Opcode::BinaryOp, binary_operator(*op, false) as u32);
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                self.u.b.op(match op {
                    UnaryOp::Invert => Opcode::UnaryInvert,
                    UnaryOp::Not => Opcode::UnaryNot,
                    UnaryOp::UAdd => Opcode::UnaryPositive,
                    UnaryOp::USub => Opcode::UnaryNegative,
                });
            }
            ExprKind::Lambda { args, body } => self.lambda(e, args, body)?,
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.u.b.new_block();
                let next = self.u.b.new_block();
                self.jump_if(test, next, false)?;
                self.expr(body)?;
                self.u.b.jump(end);
                self.u.b.use_block(next);
                self.expr(orelse)?;
                self.u.b.use_block(end);
            }
            ExprKind::Dict { keys, values } => self.dict(keys, values)?,
            ExprKind::Set(elts) => self.starunpack(
                elts,
                0,
                Opcode::BuildSet,
                Opcode::SetAdd,
                Opcode::SetUpdate,
                false,
            )?,
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, CompKind::Generator, "<genexpr>", generators, elt, None)?
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, CompKind::List, "<listcomp>", generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, CompKind::Set, "<setcomp>", generators, elt, None)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(
                e,
                CompKind::Dict,
                "<dictcomp>",
                generators,
                key,
                Some(value),
            )?,
            ExprKind::Yield(v) => {
                if !self.is_function_scope() {
                    return Err(self.error("'yield' outside function"));
                }
                match v {
                    Some(v) => self.expr(v)?,
                    None => self.u.b.load_const(Constant::None),
                }
                self.yield_value();
            }
            ExprKind::YieldFrom(v) => {
                if !self.is_function_scope() {
                    return Err(self.error("'yield' outside function"));
                }
                if self.u.kind == UnitKind::AsyncFunction {
                    return Err(self.error("'yield from' inside async function"));
                }
                self.expr(v)?;
                self.u.b.op(Opcode::GetYieldFromIter);
                self.u.b.load_const(Constant::None);
                self.yield_from(false);
            }
            ExprKind::Await(v) => {
                if !self.is_function_scope() {
                    return Err(self.error("'await' outside function"));
                }
                if !matches!(
                    self.u.kind,
                    UnitKind::AsyncFunction | UnitKind::Comprehension
                ) {
                    return Err(self.error("'await' outside async function"));
                }
                self.expr(v)?;
                self.u.b.op_i(Opcode::GetAwaitable, 0);
                self.u.b.load_const(Constant::None);
                self.yield_from(true);
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compare(e, left, ops, comparators)?,
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(e, func, args, keywords)?,
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                self.expr(value)?;
                let mut oparg = match conversion {
                    Conversion::None => 0,
                    Conversion::Str => 1,
                    Conversion::Repr => 2,
                    Conversion::Ascii => 3,
                };
                if let Some(spec) = format_spec {
                    self.expr(spec)?;
                    oparg |= 4;
                }
                self.u.b.op_i(Opcode::FormatValue, oparg);
            }
            ExprKind::JoinedStr(values) => {
                if values.len() > STACK_USE_GUIDELINE {
                    self.u.b.load_const(Constant::str(""));
                    self.attr_load_method(&Arc::from("join"));
                    self.u.b.op_i(Opcode::BuildList, 0);
                    for v in values {
                        self.expr(v)?;
                        self.u.b.op_i(Opcode::ListAppend, 1);
                    }
                    self.u.b.op_i(Opcode::Call, 1);
                } else {
                    for v in values {
                        self.expr(v)?;
                    }
                    if values.len() != 1 {
                        self.u.b.op_i(Opcode::BuildString, values.len() as u32);
                    }
                }
            }
            ExprKind::Constant(c) => self.u.b.load_const(c.clone()),
            ExprKind::Attribute { value, attr, ctx } => {
                self.expr(value)?;
                self.set_loc(attr_loc(e.loc, attr));
                match ctx {
                    Ctx::Load => self.attr_op(Opcode::LoadAttr, attr),
                    Ctx::Store => {
                        if &**attr == "__debug__" {
                            return Err(self.error("cannot assign to __debug__"));
                        }
                        self.attr_op(Opcode::StoreAttr, attr);
                    }
                    Ctx::Del => self.attr_op(Opcode::DeleteAttr, attr),
                }
            }
            ExprKind::Subscript { value, slice, ctx } => self.subscript(e, value, slice, *ctx)?,
            ExprKind::Starred { ctx, .. } => {
                return Err(match ctx {
                    Ctx::Store => {
                        self.error("starred assignment target must be in a list or tuple")
                    }
                    _ => self.error("can't use starred expression here"),
                });
            }
            ExprKind::Slice { lower, upper, step } => self.slice(lower, upper, step)?,
            ExprKind::Name { id, ctx } => self.nameop(id, *ctx)?,
            ExprKind::List { elts, ctx } => match ctx {
                Ctx::Store => self.assignment_unpack(elts)?,
                Ctx::Load => self.starunpack(
                    elts,
                    0,
                    Opcode::BuildList,
                    Opcode::ListAppend,
                    Opcode::ListExtend,
                    false,
                )?,
                Ctx::Del => {
                    for x in elts {
                        self.expr(x)?;
                    }
                }
            },
            ExprKind::Tuple { elts, ctx } => match ctx {
                Ctx::Store => self.assignment_unpack(elts)?,
                Ctx::Load => self.starunpack(
                    elts,
                    0,
                    Opcode::BuildList,
                    Opcode::ListAppend,
                    Opcode::ListExtend,
                    true,
                )?,
                Ctx::Del => {
                    for x in elts {
                        self.expr(x)?;
                    }
                }
            },
        }
        Ok(())
    }

    fn attr_load_method(&mut self, name: &Ident) {
        self.u.b.name_op(Opcode::LoadMethod, name);
    }

    /// `YIELD_VALUE` (wrapped for async generators).
    pub(crate) fn yield_value(&mut self) {
        let s = self.st.scope(self.u.scope);
        if s.generator && s.coroutine {
            self.u.b.op(Opcode::AsyncGenWrap);
        }
        self.u.b.op_i(Opcode::YieldValue, 0);
    }

    /// The `yield from` / `await` loop: `SEND`, a `YIELD_VALUE` whose exceptions go to
    /// `CLEANUP_THROW`, and `END_SEND`. Expects `[receiver, value]` on the stack.
    pub(crate) fn yield_from(&mut self, _await: bool) {
        let send = self.u.b.new_block();
        let fail = self.u.b.new_block();
        let exit = self.u.b.new_block();
        self.u.b.use_block(send);
        self.u.b.jump_op(Opcode::Send, exit);
        self.u.b.setup(fail, false);
        self.u.b.op_i(Opcode::YieldValue, 1);
        self.u.b.pop_block();
        self.u.b.jump_no_interrupt(send);
        self.u.b.use_block(fail);
        self.u.b.op(Opcode::CleanupThrow);
        self.u.b.use_block(exit);
        self.u.b.op(Opcode::EndSend);
    }

    /// Jumps to `target` if the truth of `e` equals `cond` (CPython's `compiler_jump_if`), with
    /// constant tests folded and `x is None` tests fused into `POP_JUMP_IF_NONE`.
    pub(crate) fn jump_if(&mut self, e: &'a Expr, target: BlockId, cond: bool) -> CResult {
        match &e.kind {
            ExprKind::Constant(c) => {
                if c.is_truthy() == cond {
                    self.u.b.jump(target);
                    self.u.b.use_next_block();
                }
                return Ok(());
            }
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => return self.jump_if(operand, target, !cond),
            ExprKind::BoolOp { op, values } => {
                let cond2 = *op == BoolOp::Or;
                let next2 = if cond2 != cond {
                    self.u.b.new_block()
                } else {
                    target
                };
                let (last, init) = values
                    .split_last()
                    .ok_or_else(|| self.internal("empty BoolOp"))?;
                for v in init {
                    self.jump_if(v, next2, cond2)?;
                }
                self.jump_if(last, target, cond)?;
                if next2 != target {
                    self.u.b.use_block(next2);
                }
                return Ok(());
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.u.b.new_block();
                let next2 = self.u.b.new_block();
                self.jump_if(test, next2, false)?;
                self.jump_if(body, target, cond)?;
                self.u.b.jump(end);
                self.u.b.use_block(next2);
                self.jump_if(orelse, target, cond)?;
                self.u.b.use_block(end);
                return Ok(());
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                if ops.len() == 1 && matches!(ops[0], CmpOp::Is | CmpOp::IsNot) {
                    let other = match (left.as_constant(), comparators[0].as_constant()) {
                        (_, Some(Constant::None)) => Some(&**left),
                        (Some(Constant::None), _) => Some(&comparators[0]),
                        _ => None,
                    };
                    if let Some(other) = other {
                        self.check_compare(left, ops, comparators);
                        self.expr(other)?;
                        let is_none_jumps = (ops[0] == CmpOp::Is) == cond;
                        let op = if is_none_jumps {
                            Opcode::PopJumpIfNone
                        } else {
                            Opcode::PopJumpIfNotNone
                        };
                        self.u.b.jump_op(op, target);
                        return Ok(());
                    }
                }
                if ops.len() > 1 {
                    self.check_compare(left, ops, comparators);
                    let cleanup = self.u.b.new_block();
                    self.expr(left)?;
                    let n = ops.len() - 1;
                    for i in 0..n {
                        self.expr(&comparators[i])?;
                        self.u.b.op_i(Opcode::Swap, 2);
                        self.u.b.op_i(Opcode::Copy, 2);
                        self.compare_op(ops[i]);
                        self.u.b.jump_op(Opcode::PopJumpIfFalse, cleanup);
                    }
                    self.expr(&comparators[n])?;
                    self.compare_op(ops[n]);
                    self.u.b.jump_op(
                        if cond {
                            Opcode::PopJumpIfTrue
                        } else {
                            Opcode::PopJumpIfFalse
                        },
                        target,
                    );
                    let end = self.u.b.new_block();
                    self.u.b.jump(end);
                    self.u.b.use_block(cleanup);
                    self.u.b.op(Opcode::PopTop);
                    if !cond {
                        self.u.b.jump(target);
                    }
                    self.u.b.use_block(end);
                    return Ok(());
                }
            }
            _ => {}
        }
        self.expr(e)?;
        self.u.b.jump_op(
            if cond {
                Opcode::PopJumpIfTrue
            } else {
                Opcode::PopJumpIfFalse
            },
            target,
        );
        Ok(())
    }

    fn compare_op(&mut self, op: CmpOp) {
        match op {
            CmpOp::Eq => self.u.b.op_i(Opcode::CompareOp, CompareOperator::Eq as u32),
            CmpOp::NotEq => self.u.b.op_i(Opcode::CompareOp, CompareOperator::Ne as u32),
            CmpOp::Lt => self.u.b.op_i(Opcode::CompareOp, CompareOperator::Lt as u32),
            CmpOp::LtE => self.u.b.op_i(Opcode::CompareOp, CompareOperator::Le as u32),
            CmpOp::Gt => self.u.b.op_i(Opcode::CompareOp, CompareOperator::Gt as u32),
            CmpOp::GtE => self.u.b.op_i(Opcode::CompareOp, CompareOperator::Ge as u32),
            CmpOp::Is => self.u.b.op_i(Opcode::IsOp, 0),
            CmpOp::IsNot => self.u.b.op_i(Opcode::IsOp, 1),
            CmpOp::In => self.u.b.op_i(Opcode::ContainsOp, 0),
            CmpOp::NotIn => self.u.b.op_i(Opcode::ContainsOp, 1),
        }
    }

    /// `"is" with a literal` warnings.
    fn check_compare(&mut self, left: &Expr, ops: &[CmpOp], comparators: &[Expr]) {
        let is_arg = |e: &Expr| match e.as_constant() {
            None => true,
            Some(c) => matches!(c, Constant::None | Constant::Bool(_) | Constant::Ellipsis),
        };
        let mut l = is_arg(left);
        for (op, c) in ops.iter().zip(comparators) {
            let r = is_arg(c);
            if matches!(op, CmpOp::Is | CmpOp::IsNot) && (!r || !l) {
                let msg = if *op == CmpOp::Is {
                    "\"is\" with a literal. Did you mean \"==\"?"
                } else {
                    "\"is not\" with a literal. Did you mean \"!=\"?"
                };
                self.warn(msg);
                return;
            }
            l = r;
        }
    }

    fn compare(
        &mut self,
        _e: &'a Expr,
        left: &'a Expr,
        ops: &[CmpOp],
        comparators: &'a [Expr],
    ) -> CResult {
        self.check_compare(left, ops, comparators);
        self.expr(left)?;
        let n = ops.len() - 1;
        if n == 0 {
            self.expr(&comparators[0])?;
            self.compare_op(ops[0]);
            return Ok(());
        }
        let cleanup = self.u.b.new_block();
        for i in 0..n {
            self.expr(&comparators[i])?;
            self.u.b.op_i(Opcode::Swap, 2);
            self.u.b.op_i(Opcode::Copy, 2);
            self.compare_op(ops[i]);
            self.u.b.jump_op(Opcode::JumpIfFalseOrPop, cleanup);
        }
        self.expr(&comparators[n])?;
        self.compare_op(ops[n]);
        let end = self.u.b.new_block();
        self.u.b.jump(end);
        self.u.b.use_block(cleanup);
        self.u.b.op_i(Opcode::Swap, 2);
        self.u.b.op(Opcode::PopTop);
        self.u.b.use_block(end);
        Ok(())
    }

    fn subscript(&mut self, e: &'a Expr, value: &'a Expr, slice: &'a Expr, ctx: Ctx) -> CResult {
        if ctx == Ctx::Load {
            self.check_subscripter(value);
            self.check_index(value, slice);
        }
        if let ExprKind::Slice {
            lower,
            upper,
            step: None,
        } = &slice.kind
            && ctx != Ctx::Del
        {
            self.expr(value)?;
            self.set_loc(e.loc);
            self.slice_bound(lower)?;
            self.slice_bound(upper)?;
            self.set_loc(e.loc);
            self.u.b.op(if ctx == Ctx::Load {
                Opcode::BinarySlice
            } else {
                Opcode::StoreSlice
            });
            return Ok(());
        }
        self.expr(value)?;
        self.expr(slice)?;
        self.u.b.op(match ctx {
            Ctx::Load => Opcode::BinarySubscr,
            Ctx::Store => Opcode::StoreSubscr,
            Ctx::Del => Opcode::DeleteSubscr,
        });
        Ok(())
    }

    fn slice_bound(&mut self, b: &'a Option<Box<Expr>>) -> CResult {
        match b {
            Some(x) => self.expr(x),
            None => {
                self.u.b.load_const(Constant::None);
                Ok(())
            }
        }
    }

    fn slice(
        &mut self,
        lower: &'a Option<Box<Expr>>,
        upper: &'a Option<Box<Expr>>,
        step: &'a Option<Box<Expr>>,
    ) -> CResult {
        self.slice_bound(lower)?;
        self.slice_bound(upper)?;
        let mut n = 2;
        if let Some(s) = step {
            self.expr(s)?;
            n = 3;
        }
        self.u.b.op_i(Opcode::BuildSlice, n);
        Ok(())
    }

    fn check_subscripter(&mut self, e: &Expr) {
        let warn = match &e.kind {
            ExprKind::Constant(c) => matches!(
                c,
                Constant::None
                    | Constant::Ellipsis
                    | Constant::Int(_)
                    | Constant::BigInt(_)
                    | Constant::Bool(_)
                    | Constant::Float(_)
                    | Constant::Complex { .. }
                    | Constant::FrozenSet(_)
            ),
            ExprKind::Set(_)
            | ExprKind::SetComp { .. }
            | ExprKind::GeneratorExp { .. }
            | ExprKind::Lambda { .. } => true,
            _ => false,
        };
        if warn && let Some(t) = infer_type(e) {
            self.warn(format!(
                "'{t}' object is not subscriptable; perhaps you missed a comma?"
            ));
        }
    }

    fn check_index(&mut self, e: &Expr, s: &Expr) {
        let Some(index_type) = infer_type(s) else {
            return;
        };
        if matches!(index_type, "int" | "bool") {
            return;
        }
        let warn = match &e.kind {
            ExprKind::Constant(c) => matches!(
                c,
                Constant::Str(_) | Constant::Bytes(_) | Constant::Tuple(_)
            ),
            ExprKind::Tuple { .. }
            | ExprKind::List { .. }
            | ExprKind::ListComp { .. }
            | ExprKind::JoinedStr(_)
            | ExprKind::FormattedValue { .. } => true,
            _ => false,
        };
        if warn && let Some(t) = infer_type(e) {
            self.warn(format!(
                    "{t} indices must be integers or slices, not {index_type}; perhaps you missed a comma?"
                ));
        }
    }

    /// Unpacking assignment targets (CPython's `assignment_helper`).
    fn assignment_unpack(&mut self, elts: &'a [Expr]) -> CResult {
        let n = elts.len();
        let mut seen_star = false;
        for (i, elt) in elts.iter().enumerate() {
            if matches!(elt.kind, ExprKind::Starred { .. }) {
                if seen_star {
                    return Err(self.error("multiple starred expressions in assignment"));
                }
                if i >= 256 || n - i > (1 << 16) {
                    return Err(self.error("too many expressions in star-unpacking assignment"));
                }
                self.u
                    .b
                    .op_i(Opcode::UnpackEx, (i + ((n - i - 1) << 8)) as u32);
                seen_star = true;
            }
        }
        if !seen_star {
            self.u.b.op_i(Opcode::UnpackSequence, n as u32);
        }
        for elt in elts {
            match &elt.kind {
                ExprKind::Starred { value, .. } => self.expr(value)?,
                _ => self.expr(elt)?,
            }
        }
        Ok(())
    }

    /// Builds a list/set/tuple display, with `*` unpacking (CPython's `starunpack_helper`);
    /// `pushed` items are already on the stack.
    pub(crate) fn starunpack(
        &mut self,
        elts: &'a [Expr],
        pushed: u32,
        build: Opcode,
        add: Opcode,
        extend: Opcode,
        tuple: bool,
    ) -> CResult {
        let n = elts.len();
        if n > 2 && elts.iter().all(|x| x.as_constant().is_some()) {
            let items: Vec<Constant> = elts
                .iter()
                .filter_map(|x| x.as_constant().cloned())
                .collect();
            if tuple && pushed == 0 {
                self.u.b.load_const(Constant::Tuple(Arc::from(items)));
            } else {
                let folded = if add == Opcode::SetAdd {
                    let mut distinct: Vec<Constant> = Vec::new();
                    for c in items {
                        if !distinct.iter().any(|d| d.key_eq(&c)) {
                            distinct.push(c);
                        }
                    }
                    Constant::FrozenSet(Arc::from(distinct))
                } else {
                    Constant::Tuple(Arc::from(items))
                };
                self.u.b.op_i(build, pushed);
                self.u.b.load_const(folded);
                self.u.b.op_i(extend, 1);
                if tuple {
                    self.u.b.op(Opcode::ListToTuple);
                }
            }
            return Ok(());
        }
        let big = n + pushed as usize > STACK_USE_GUIDELINE;
        let seen_star = elts
            .iter()
            .any(|x| matches!(x.kind, ExprKind::Starred { .. }));
        if !seen_star && !big {
            for x in elts {
                self.expr(x)?;
            }
            self.u.b.op_i(
                if tuple { Opcode::BuildTuple } else { build },
                n as u32 + pushed,
            );
            return Ok(());
        }
        let mut built = false;
        if big {
            self.u.b.op_i(build, pushed);
            built = true;
        }
        for (i, x) in elts.iter().enumerate() {
            match &x.kind {
                ExprKind::Starred { value, .. } => {
                    if !built {
                        self.u.b.op_i(build, i as u32 + pushed);
                        built = true;
                    }
                    self.expr(value)?;
                    self.u.b.op_i(extend, 1);
                }
                _ => {
                    self.expr(x)?;
                    if built {
                        self.u.b.op_i(add, 1);
                    }
                }
            }
        }
        if tuple {
            self.u.b.op(Opcode::ListToTuple);
        }
        Ok(())
    }

    fn subdict(
        &mut self,
        keys: &'a [Option<Expr>],
        values: &'a [Expr],
        begin: usize,
        end: usize,
    ) -> CResult {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        let all_const = keys[begin..end]
            .iter()
            .all(|k| k.as_ref().is_some_and(|k| k.as_constant().is_some()));
        if n > 1 && !big && all_const {
            for v in &values[begin..end] {
                self.expr(v)?;
            }
            let ks: Vec<Constant> = keys[begin..end]
                .iter()
                .filter_map(|k| k.as_ref().and_then(|k| k.as_constant().cloned()))
                .collect();
            self.u.b.load_const(Constant::Tuple(Arc::from(ks)));
            self.u.b.op_i(Opcode::BuildConstKeyMap, n as u32);
            return Ok(());
        }
        if big {
            self.u.b.op_i(Opcode::BuildMap, 0);
        }
        for i in begin..end {
            if let Some(k) = &keys[i] {
                self.expr(k)?;
            }
            self.expr(&values[i])?;
            if big {
                self.u.b.op_i(Opcode::MapAdd, 1);
            }
        }
        if !big {
            self.u.b.op_i(Opcode::BuildMap, n as u32);
        }
        Ok(())
    }

    fn dict(&mut self, keys: &'a [Option<Expr>], values: &'a [Expr]) -> CResult {
        let n = values.len();
        let mut have_dict = false;
        let mut elements = 0usize;
        for i in 0..n {
            if keys[i].is_none() {
                if elements > 0 {
                    self.subdict(keys, values, i - elements, i)?;
                    if have_dict {
                        self.u.b.op_i(Opcode::DictUpdate, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.u.b.op_i(Opcode::BuildMap, 0);
                    have_dict = true;
                }
                self.expr(&values[i])?;
                self.u.b.op_i(Opcode::DictUpdate, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(keys, values, i - elements, i + 1)?;
                if have_dict {
                    self.u.b.op_i(Opcode::DictUpdate, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(keys, values, n - elements, n)?;
            if have_dict {
                self.u.b.op_i(Opcode::DictUpdate, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.u.b.op_i(Opcode::BuildMap, 0);
        }
        Ok(())
    }

    fn check_caller(&mut self, func: &Expr) {
        let warn = matches!(
            func.kind,
            ExprKind::Constant(_)
                | ExprKind::Tuple { .. }
                | ExprKind::List { .. }
                | ExprKind::ListComp { .. }
                | ExprKind::Dict { .. }
                | ExprKind::DictComp { .. }
                | ExprKind::Set(_)
                | ExprKind::SetComp { .. }
                | ExprKind::GeneratorExp { .. }
                | ExprKind::JoinedStr(_)
                | ExprKind::FormattedValue { .. }
        );
        if warn && let Some(t) = infer_type(func) {
            self.warn(format!(
                "'{t}' object is not callable; perhaps you missed a comma?"
            ));
        }
    }

    fn call(
        &mut self,
        e: &'a Expr,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [Keyword],
    ) -> CResult {
        self.check_caller(func);
        match &func.kind {
            ExprKind::Attribute {
                value,
                attr,
                ctx: Ctx::Load,
            } if !self.is_import_originated(value) => {
                self.expr(value)?;
                self.set_loc(attr_loc(func.loc, attr));
                self.attr_op(Opcode::LoadMethod, attr);
            }
            ExprKind::Name { id, ctx: Ctx::Load } => {
                self.set_loc(func.loc);
                self.load_name_for_call(id)?;
            }
            _ => {
                self.expr(func)?;
                self.u.b.op(Opcode::PushNull);
            }
        }
        self.set_loc(e.loc);
        self.call_helper(0, args, keywords)
    }

    /// CPython's `validate_keywords`.
    fn validate_keywords(&mut self, keywords: &'a [Keyword]) -> CResult {
        for (i, k) in keywords.iter().enumerate() {
            let Some(name) = &k.arg else { continue };
            if &**name == "__debug__" {
                return Err(self.error("cannot assign to __debug__"));
            }
            for other in &keywords[i + 1..] {
                if other.arg.as_ref() == Some(name) {
                    return Err(
                        self.error_at(format!("keyword argument repeated: {name}"), other.loc)
                    );
                }
            }
        }
        Ok(())
    }

    /// Pushes a dict of `keywords[begin..end]` (all named).
    fn subkwargs(&mut self, keywords: &'a [Keyword], begin: usize, end: usize) -> CResult {
        let n = end - begin;
        if n > 1 {
            for k in &keywords[begin..end] {
                self.expr(&k.value)?;
            }
            let names: Vec<Constant> = keywords[begin..end]
                .iter()
                .map(|k| Constant::Str(PyStr::new(k.arg.as_deref().unwrap_or(""))))
                .collect();
            self.u.b.load_const(Constant::Tuple(Arc::from(names)));
            self.u.b.op_i(Opcode::BuildConstKeyMap, n as u32);
        } else {
            for k in &keywords[begin..end] {
                self.u
                    .b
                    .load_const(Constant::Str(PyStr::new(k.arg.as_deref().unwrap_or(""))));
                self.expr(&k.value)?;
            }
            self.u.b.op_i(Opcode::BuildMap, n as u32);
        }
        Ok(())
    }

    /// The argument part of a call; `[callable, self_or_null]` and `n` positional arguments
    /// are already on the stack.
    pub(crate) fn call_helper(
        &mut self,
        n: u32,
        args: &'a [Expr],
        keywords: &'a [Keyword],
    ) -> CResult {
        self.validate_keywords(keywords)?;
        let nelts = args.len();
        let nkw = keywords.len();
        let ex_call = nelts + nkw * 2 > STACK_USE_GUIDELINE
            || args
                .iter()
                .any(|a| matches!(a.kind, ExprKind::Starred { .. }))
            || keywords.iter().any(|k| k.arg.is_none());
        let call_loc = self.loc();
        if !ex_call {
            for a in args {
                self.expr(a)?;
            }
            if nkw > 0 {
                for k in keywords {
                    self.expr(&k.value)?;
                }
                let names: Vec<Constant> = keywords
                    .iter()
                    .map(|k| Constant::Str(PyStr::new(k.arg.as_deref().unwrap_or(""))))
                    .collect();
                self.u.b.load_const(Constant::Tuple(Arc::from(names)));
                self.set_loc(call_loc);
                self.u.b.op_i(Opcode::CallKw, n + (nelts + nkw) as u32);
            } else {
                self.set_loc(call_loc);
                self.u.b.op_i(Opcode::Call, n + nelts as u32);
            }
            return Ok(());
        }
        if n == 0 && nelts == 1 {
            if let ExprKind::Starred { value, .. } = &args[0].kind {
                self.expr(value)?;
            } else {
                self.starunpack(
                    args,
                    n,
                    Opcode::BuildList,
                    Opcode::ListAppend,
                    Opcode::ListExtend,
                    true,
                )?;
            }
        } else {
            self.starunpack(
                args,
                n,
                Opcode::BuildList,
                Opcode::ListAppend,
                Opcode::ListExtend,
                true,
            )?;
        }
        if nkw > 0 {
            let mut have_dict = false;
            let mut nseen = 0;
            for (i, k) in keywords.iter().enumerate() {
                if k.arg.is_none() {
                    if nseen > 0 {
                        self.subkwargs(keywords, i - nseen, i)?;
                        if have_dict {
                            self.u.b.op_i(Opcode::DictMerge, 1);
                        }
                        have_dict = true;
                        nseen = 0;
                    }
                    if !have_dict {
                        self.u.b.op_i(Opcode::BuildMap, 0);
                        have_dict = true;
                    }
                    self.expr(&k.value)?;
                    self.u.b.op_i(Opcode::DictMerge, 1);
                } else {
                    nseen += 1;
                }
            }
            if nseen > 0 {
                self.subkwargs(keywords, nkw - nseen, nkw)?;
                if have_dict {
                    self.u.b.op_i(Opcode::DictMerge, 1);
                }
            }
        }
        self.set_loc(call_loc);
        self.u.b.op_i(Opcode::CallFunctionEx, (nkw > 0) as u32);
        Ok(())
    }

    fn comprehension(
        &mut self,
        e: &'a Expr,
        kind: CompKind,
        name: &str,
        generators: &'a [Comprehension],
        elt: &'a Expr,
        val: Option<&'a Expr>,
    ) -> CResult {
        let outermost = generators
            .first()
            .ok_or_else(|| self.internal("empty comprehension"))?;
        let enclosing = self.u.kind;
        self.enter_scope(
            Arc::from(name),
            UnitKind::Comprehension,
            e,
            e.loc.line,
            e.loc,
        )?;
        self.set_loc(e.loc);
        let is_async_generator = self.st.scope(self.u.scope).coroutine;
        if is_async_generator
            && kind != CompKind::Generator
            && !matches!(enclosing, UnitKind::AsyncFunction | UnitKind::Comprehension)
        {
            return Err(
                self.error("asynchronous comprehension outside of an asynchronous function")
            );
        }
        match kind {
            CompKind::List => self.u.b.op_i(Opcode::BuildList, 0),
            CompKind::Set => self.u.b.op_i(Opcode::BuildSet, 0),
            CompKind::Dict => self.u.b.op_i(Opcode::BuildMap, 0),
            CompKind::Generator => {}
        }
        self.comprehension_generator(generators, 0, 0, elt, val, kind)?;
        if kind != CompKind::Generator {
            self.u.b.op(Opcode::ReturnValue);
        }
        let code = self.exit_scope()?;
        self.make_closure(code, 0)?;
        self.expr(&outermost.iter)?;
        self.u.b.op(if outermost.is_async {
            Opcode::GetAiter
        } else {
            Opcode::GetIter
        });
        self.u.b.op_i(Opcode::Call, 0);
        if is_async_generator && kind != CompKind::Generator {
            self.u.b.op_i(Opcode::GetAwaitable, 0);
            self.u.b.load_const(Constant::None);
            self.yield_from(true);
        }
        Ok(())
    }

    fn comprehension_element(
        &mut self,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: CompKind,
        depth: u32,
    ) -> CResult {
        match kind {
            CompKind::Generator => {
                self.expr(elt)?;
                self.yield_value();
                self.u.b.op(Opcode::PopTop);
            }
            CompKind::List => {
                self.expr(elt)?;
                self.u.b.op_i(Opcode::ListAppend, depth + 1);
            }
            CompKind::Set => {
                self.expr(elt)?;
                self.u.b.op_i(Opcode::SetAdd, depth + 1);
            }
            CompKind::Dict => {
                self.expr(elt)?;
                if let Some(v) = val {
                    self.expr(v)?;
                }
                self.u.b.op_i(Opcode::MapAdd, depth + 1);
            }
        }
        Ok(())
    }

    fn comprehension_generator(
        &mut self,
        generators: &'a [Comprehension],
        index: usize,
        depth: u32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: CompKind,
    ) -> CResult {
        if generators[index].is_async {
            self.async_comprehension_generator(generators, index, depth, elt, val, kind)
        } else {
            self.sync_comprehension_generator(generators, index, depth, elt, val, kind)
        }
    }

    fn sync_comprehension_generator(
        &mut self,
        generators: &'a [Comprehension],
        index: usize,
        mut depth: u32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: CompKind,
    ) -> CResult {
        let g = &generators[index];
        let mut start = Some(self.u.b.new_block());
        let if_cleanup = self.u.b.new_block();
        let anchor = self.u.b.new_block();
        if index == 0 {
            self.u.argcount = 1;
            self.u.b.emit(Opcode::LoadFast, Arg::Fast(0));
        } else {
            let single = match &g.iter.kind {
                ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } if elts.len() == 1 => {
                    Some(&elts[0]).filter(|x| !matches!(x.kind, ExprKind::Starred { .. }))
                }
                _ => None,
            };
            if let Some(x) = single {
                // `for y in [f(x)]`: bind directly without a loop.
                self.expr(x)?;
                start = None;
            } else {
                self.expr(&g.iter)?;
                self.u.b.op(Opcode::GetIter);
            }
        }
        if let Some(start) = start {
            depth += 1;
            self.u.b.use_block(start);
            self.u.b.jump_op(Opcode::ForIter, anchor);
        }
        self.expr(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        if index + 1 < generators.len() {
            self.comprehension_generator(generators, index + 1, depth, elt, val, kind)?;
        } else {
            self.comprehension_element(elt, val, kind, depth)?;
        }
        self.u.b.use_block(if_cleanup);
        if let Some(start) = start {
            self.u.b.jump(start);
            self.u.b.use_block(anchor);
        }
        Ok(())
    }

    fn async_comprehension_generator(
        &mut self,
        generators: &'a [Comprehension],
        index: usize,
        mut depth: u32,
        elt: &'a Expr,
        val: Option<&'a Expr>,
        kind: CompKind,
    ) -> CResult {
        let g = &generators[index];
        let start = self.u.b.new_block();
        let except = self.u.b.new_block();
        let if_cleanup = self.u.b.new_block();
        if index == 0 {
            self.u.argcount = 1;
            self.u.b.emit(Opcode::LoadFast, Arg::Fast(0));
        } else {
            self.expr(&g.iter)?;
            self.u.b.op(Opcode::GetAiter);
        }
        self.u.b.use_block(start);
        self.push_fblock(
            super::codegen::FBlockKind::AsyncComprehensionGenerator,
            start,
            None,
            super::codegen::FDatum::None,
        )?;
        self.u.b.setup(except, false);
        self.u.b.op(Opcode::GetAnext);
        self.u.b.load_const(Constant::None);
        self.yield_from(true);
        self.u.b.pop_block();
        self.expr(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, if_cleanup, false)?;
        }
        depth += 1;
        if index + 1 < generators.len() {
            self.comprehension_generator(generators, index + 1, depth, elt, val, kind)?;
        } else {
            self.comprehension_element(elt, val, kind, depth)?;
        }
        self.u.b.use_block(if_cleanup);
        self.u.b.jump(start);
        self.pop_fblock();
        self.u.b.use_block(except);
        self.u.b.op(Opcode::EndAsyncFor);
        Ok(())
    }
}
