//! Statement code generation (CPython 3.11's `compiler_visit_stmt` and friends), including the
//! exception-table shapes of `try`/`except`/`finally`, `except*`, `with`/`async with` and
//! `async for`.
//!
//! Control flow keeps the bytecode invariant that only unconditional back jumps go backwards:
//! `while` tests at the top and jumps back unconditionally, so its test is the loop header.

use std::sync::Arc;

use super::assemble::BlockId;
use super::codegen::{CResult, Compiler, FBlockKind, FDatum, UnitKind};
use crate::ast::*;
use crate::bytecode::{BinaryOperator, Constant, Opcode, PyStr};

pub(crate) fn binary_operator(op: Operator, inplace: bool) -> BinaryOperator {
    use BinaryOperator as B;
    let base = match op {
        Operator::Add => B::Add,
        Operator::Sub => B::Subtract,
        Operator::Mult => B::Multiply,
        Operator::MatMult => B::MatrixMultiply,
        Operator::Div => B::TrueDivide,
        Operator::Mod => B::Remainder,
        Operator::Pow => B::Power,
        Operator::LShift => B::Lshift,
        Operator::RShift => B::Rshift,
        Operator::BitOr => B::Or,
        Operator::BitXor => B::Xor,
        Operator::BitAnd => B::And,
        Operator::FloorDiv => B::FloorDivide,
    };
    if inplace {
        B::from_u32(base as u32 + B::InplaceAdd as u32).unwrap_or(base)
    } else {
        base
    }
}

impl<'a> Compiler<'a> {
    pub(crate) fn stmts(&mut self, stmts: &'a [Stmt]) -> CResult {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    pub(crate) fn stmt(&mut self, s: &'a Stmt) -> CResult {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.stmt_inner(s))
    }

    fn stmt_inner(&mut self, s: &'a Stmt) -> CResult {
        self.set_loc(s.loc);
        match &s.kind {
            StmtKind::FunctionDef(f) => self.function_def(s, f),
            StmtKind::ClassDef(c) => self.class_def(s, c),
            StmtKind::Return(v) => self.return_stmt(s, v.as_ref()),
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.expr(t)?;
                }
                Ok(())
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.u.b.op_i(Opcode::Copy, 1);
                    }
                    self.expr(t)?;
                }
                Ok(())
            }
            StmtKind::AugAssign { target, op, value } => self.augassign(target, *op, value),
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => self.annassign(s, target, annotation, value.as_ref(), *simple),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if *is_async {
                    self.async_for(target, iter, body, orelse)
                } else {
                    self.for_stmt(target, iter, body, orelse)
                }
            }
            StmtKind::While { test, body, orelse } => self.while_stmt(s, test, body, orelse),
            StmtKind::If { test, body, orelse } => {
                let end = self.u.b.new_block();
                let next = if orelse.is_empty() {
                    end
                } else {
                    self.u.b.new_block()
                };
                self.jump_if(test, next, false)?;
                self.stmts(body)?;
                if !orelse.is_empty() {
                    self.u.b.jump(end);
                    self.u.b.use_block(next);
                    self.stmts(orelse)?;
                }
                self.u.b.use_block(end);
                Ok(())
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if *is_async {
                    if self.u.kind != UnitKind::AsyncFunction {
                        return Err(self.error("'async with' outside async function"));
                    }
                    self.async_with(s, items, 0, body)
                } else {
                    self.with_stmt(s, items, 0, body)
                }
            }
            StmtKind::Match { subject, cases } => self.match_stmt(s, subject, cases),
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(e) = exc {
                    self.expr(e)?;
                    n += 1;
                    if let Some(c) = cause {
                        self.expr(c)?;
                        n += 1;
                    }
                }
                self.u.b.op_i(Opcode::RaiseVarargs, n);
                self.u.b.use_next_block();
                Ok(())
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                is_star,
            } => {
                if !finalbody.is_empty() {
                    self.try_finally(s, body, handlers, orelse, finalbody, *is_star)
                } else if *is_star {
                    self.try_star_except(body, handlers, orelse)
                } else {
                    self.try_except(body, handlers, orelse)
                }
            }
            StmtKind::Assert { test, msg } => {
                let always_true = match &test.kind {
                    ExprKind::Tuple { elts, .. } => !elts.is_empty(),
                    ExprKind::Constant(Constant::Tuple(t)) => !t.is_empty(),
                    _ => false,
                };
                if always_true {
                    self.warn("assertion is always true, perhaps remove parentheses?");
                }
                let end = self.u.b.new_block();
                self.jump_if(test, end, true)?;
                self.u.b.op(Opcode::LoadAssertionError);
                if let Some(m) = msg {
                    self.expr(m)?;
                    self.u.b.op_i(Opcode::Call, 0);
                }
                self.u.b.op_i(Opcode::RaiseVarargs, 1);
                self.u.b.use_block(end);
                Ok(())
            }
            StmtKind::Import(names) => {
                for alias in names {
                    self.u.b.load_const(Constant::Int(0));
                    self.u.b.load_const(Constant::None);
                    self.u.b.name_op(Opcode::ImportName, &alias.name);
                    match &alias.asname {
                        Some(asname) => self.import_as(&alias.name, asname)?,
                        None => {
                            let first: Ident = match alias.name.split_once('.') {
                                Some((f, _)) => Arc::from(f),
                                None => alias.name.clone(),
                            };
                            self.nameop(&first, Ctx::Store)?;
                        }
                    }
                }
                Ok(())
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => {
                self.u.b.load_const(Constant::Int(*level as i64));
                let tuple: Vec<Constant> = names
                    .iter()
                    .map(|a| Constant::Str(PyStr::new(&a.name)))
                    .collect();
                if s.loc.line > self.future.last_line && module.as_deref() == Some("__future__") {
                    return Err(self
                        .error("from __future__ imports must occur at the beginning of the file"));
                }
                self.u.b.load_const(Constant::Tuple(Arc::from(tuple)));
                let modname: Ident = module.clone().unwrap_or_else(|| Arc::from(""));
                self.u.b.name_op(Opcode::ImportName, &modname);
                for (i, alias) in names.iter().enumerate() {
                    if i == 0 && alias.name.starts_with('*') {
                        self.u.b.op(Opcode::ImportStar);
                        return Ok(());
                    }
                    self.u.b.name_op(Opcode::ImportFrom, &alias.name);
                    let store = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.nameop(store, Ctx::Store)?;
                }
                self.u.b.op(Opcode::PopTop);
                Ok(())
            }
            StmtKind::Global(_) | StmtKind::Nonlocal(_) | StmtKind::Pass => Ok(()),
            StmtKind::Expr(e) => {
                if self.interactive && self.stack.is_empty() {
                    self.expr(e)?;
                    self.u.b.op(Opcode::PrintExpr);
                    return Ok(());
                }
                if matches!(e.kind, ExprKind::Constant(_)) {
                    return Ok(());
                }
                self.expr(e)?;
                self.u.b.op(Opcode::PopTop);
                Ok(())
            }
            StmtKind::Break => {
                let loop_block = self.unwind_fblock_stack(false, true)?;
                let Some(lp) = loop_block
                    .filter(|b| matches!(b.kind, FBlockKind::WhileLoop | FBlockKind::ForLoop))
                else {
                    return Err(self.error("'break' outside loop"));
                };
                self.unwind_fblock(&lp, false)?;
                if let Some(exit) = lp.exit {
                    self.u.b.jump(exit);
                }
                self.u.b.use_next_block();
                Ok(())
            }
            StmtKind::Continue => {
                let loop_block = self.unwind_fblock_stack(false, true)?;
                let Some(lp) = loop_block
                    .filter(|b| matches!(b.kind, FBlockKind::WhileLoop | FBlockKind::ForLoop))
                else {
                    return Err(self.error("'continue' not properly in loop"));
                };
                self.u.b.jump(lp.block);
                self.u.b.use_next_block();
                Ok(())
            }
        }
    }

    fn return_stmt(&mut self, s: &'a Stmt, value: Option<&'a Expr>) -> CResult {
        let preserve_tos = value.is_some_and(|v| !matches!(v.kind, ExprKind::Constant(_)));
        if !self.is_function_scope() {
            return Err(self.error("'return' outside function"));
        }
        let scope = self.st.scope(self.u.scope);
        if value.is_some() && scope.coroutine && scope.generator {
            return Err(self.error("'return' with value in async generator"));
        }
        if preserve_tos {
            if let Some(v) = value {
                self.expr(v)?;
            }
        } else if let Some(v) = value {
            // CPython leaves the location on the constant for the unwinding code.
            self.set_loc(v.loc);
        }
        if value.is_none_or(|v| v.loc.line != s.loc.line) {
            self.set_loc(s.loc);
        }
        self.unwind_fblock_stack(preserve_tos, false)?;
        match value {
            None => self.u.b.load_const(Constant::None),
            Some(v) if !preserve_tos => {
                if let Some(c) = v.as_constant() {
                    self.u.b.load_const(c.clone());
                }
            }
            _ => {}
        }
        self.u.b.op(Opcode::ReturnValue);
        self.u.b.use_next_block();
        Ok(())
    }

    fn import_as(&mut self, name: &Ident, asname: &Ident) -> CResult {
        let parts: Vec<&str> = name.split('.').collect();
        if parts.len() > 1 {
            for (i, attr) in parts[1..].iter().enumerate() {
                self.u.b.name_op(Opcode::ImportFrom, &Arc::from(*attr));
                if i + 2 < parts.len() {
                    self.u.b.op_i(Opcode::Swap, 2);
                    self.u.b.op(Opcode::PopTop);
                }
            }
            self.nameop(asname, Ctx::Store)?;
            self.u.b.op(Opcode::PopTop);
            return Ok(());
        }
        self.nameop(asname, Ctx::Store)
    }

    fn augassign(&mut self, target: &'a Expr, op: Operator, value: &'a Expr) -> CResult {
        let loc = target.loc;
        self.set_loc(loc);
        match &target.kind {
            ExprKind::Attribute {
                value: obj, attr, ..
            } => {
                self.expr(obj)?;
                self.u.b.op_i(Opcode::Copy, 1);
                self.set_loc(attr_loc(loc, attr));
                self.attr_op(Opcode::LoadAttr, attr);
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                self.expr(obj)?;
                self.expr(slice)?;
                self.u.b.op_i(Opcode::Copy, 2);
                self.u.b.op_i(Opcode::Copy, 2);
                self.u.b.op(Opcode::BinarySubscr);
            }
            ExprKind::Name { id, .. } => self.nameop(id, Ctx::Load)?,
            _ => return Err(self.internal("invalid augmented assignment target")),
        }
        self.set_loc(loc);
        self.expr(value)?;
        self.u
            .b
            .op_i(Opcode::BinaryOp, binary_operator(op, true) as u32);
        self.set_loc(loc);
        match &target.kind {
            ExprKind::Attribute { attr, .. } => {
                self.set_loc(attr_loc(loc, attr));
                self.u.b.op_i(Opcode::Swap, 2);
                self.attr_op(Opcode::StoreAttr, attr);
            }
            ExprKind::Subscript { .. } => {
                self.u.b.op_i(Opcode::Swap, 3);
                self.u.b.op_i(Opcode::Swap, 2);
                self.u.b.op(Opcode::StoreSubscr);
            }
            ExprKind::Name { id, .. } => self.nameop(id, Ctx::Store)?,
            _ => {}
        }
        Ok(())
    }

    fn check_ann_expr(&mut self, e: &'a Expr) -> CResult {
        self.expr(e)?;
        self.u.b.op(Opcode::PopTop);
        Ok(())
    }

    fn check_ann_subscr(&mut self, e: &'a Expr) -> CResult {
        match &e.kind {
            ExprKind::Slice { lower, upper, step } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    self.check_ann_expr(x)?;
                }
                Ok(())
            }
            ExprKind::Tuple { elts, .. } => {
                for x in elts {
                    self.check_ann_subscr(x)?;
                }
                Ok(())
            }
            _ => self.check_ann_expr(e),
        }
    }

    fn annassign(
        &mut self,
        s: &'a Stmt,
        target: &'a Expr,
        annotation: &'a Expr,
        value: Option<&'a Expr>,
        simple: bool,
    ) -> CResult {
        if let Some(v) = value {
            self.expr(v)?;
            self.expr(target)?;
        }
        let future = self.future.flags & crate::bytecode::CodeFlags::FUTURE_ANNOTATIONS != 0;
        match &target.kind {
            ExprKind::Name { id, .. } => {
                if &**id == "__debug__" {
                    return Err(self.error_at("cannot assign to __debug__", target.loc));
                }
                if simple && matches!(self.u.kind, UnitKind::Module | UnitKind::Class) {
                    if future {
                        let text = super::unparse::unparse(annotation);
                        self.u.b.load_const(Constant::str(&text));
                    } else {
                        self.expr(annotation)?;
                    }
                    self.set_loc(s.loc);
                    self.u
                        .b
                        .name_op(Opcode::LoadName, &Arc::from("__annotations__"));
                    let mangled = self.mangle(id);
                    self.u.b.load_const(Constant::Str(PyStr::new(&mangled)));
                    self.u.b.op(Opcode::StoreSubscr);
                }
            }
            ExprKind::Attribute {
                value: obj, attr, ..
            } => {
                if &**attr == "__debug__" {
                    return Err(self.error_at("cannot assign to __debug__", target.loc));
                }
                if value.is_none() {
                    self.check_ann_expr(obj)?;
                }
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                if value.is_none() {
                    self.check_ann_expr(obj)?;
                    self.check_ann_subscr(slice)?;
                }
            }
            _ => return Err(self.internal("invalid annotated assignment target")),
        }
        if !simple && !future && matches!(self.u.kind, UnitKind::Module | UnitKind::Class) {
            self.check_ann_expr(annotation)?;
        }
        Ok(())
    }

    fn for_stmt(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CResult {
        let start = self.u.b.new_block();
        let body_block = self.u.b.new_block();
        let cleanup = self.u.b.new_block();
        let end = self.u.b.new_block();
        self.push_fblock(FBlockKind::ForLoop, start, Some(end), FDatum::None)?;
        self.expr(iter)?;
        self.u.b.op(Opcode::GetIter);
        self.u.b.use_block(start);
        self.u.b.jump_op(Opcode::ForIter, cleanup);
        self.u.b.use_block(body_block);
        self.expr(target)?;
        self.stmts(body)?;
        self.u.b.jump(start);
        self.u.b.use_block(cleanup);
        self.pop_fblock();
        self.stmts(orelse)?;
        self.u.b.use_block(end);
        Ok(())
    }

    fn async_for(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CResult {
        if self.u.kind != UnitKind::AsyncFunction {
            return Err(self.error("'async for' outside async function"));
        }
        let start = self.u.b.new_block();
        let except = self.u.b.new_block();
        let end = self.u.b.new_block();
        self.expr(iter)?;
        self.u.b.op(Opcode::GetAiter);
        self.u.b.use_block(start);
        self.push_fblock(FBlockKind::ForLoop, start, Some(end), FDatum::None)?;
        self.u.b.setup(except, false);
        self.u.b.op(Opcode::GetAnext);
        self.u.b.load_const(Constant::None);
        self.yield_from(true);
        self.u.b.pop_block();
        self.expr(target)?;
        self.stmts(body)?;
        self.u.b.jump(start);
        self.pop_fblock();
        self.u.b.use_block(except);
        self.set_loc(iter.loc);
        self.u.b.op(Opcode::EndAsyncFor);
        self.stmts(orelse)?;
        self.u.b.use_block(end);
        Ok(())
    }

    fn while_stmt(
        &mut self,
        s: &'a Stmt,
        test: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CResult {
        let header = self.u.b.new_block();
        let anchor = self.u.b.new_block();
        let end = self.u.b.new_block();
        self.u.b.use_block(header);
        self.push_fblock(FBlockKind::WhileLoop, header, Some(end), FDatum::None)?;
        self.jump_if(test, anchor, false)?;
        self.stmts(body)?;
        self.set_loc(s.loc);
        self.u.b.jump(header);
        self.pop_fblock();
        self.u.b.use_block(anchor);
        self.stmts(orelse)?;
        self.u.b.use_block(end);
        Ok(())
    }

    fn with_stmt(
        &mut self,
        s: &'a Stmt,
        items: &'a [WithItem],
        pos: usize,
        body: &'a [Stmt],
    ) -> CResult {
        let item = &items[pos];
        let block = self.u.b.new_block();
        let final_ = self.u.b.new_block();
        let exit = self.u.b.new_block();
        let cleanup = self.u.b.new_block();
        self.expr(&item.context_expr)?;
        self.u.b.op(Opcode::BeforeWith);
        self.u.b.setup_with(final_);
        self.u.b.use_block(block);
        self.push_fblock(FBlockKind::With, block, Some(final_), FDatum::With(s.loc))?;
        match &item.optional_vars {
            Some(v) => self.expr(v)?,
            None => self.u.b.op(Opcode::PopTop),
        }
        if pos + 1 == items.len() {
            self.stmts(body)?;
        } else {
            self.with_stmt(s, items, pos + 1, body)?;
        }
        self.u.b.pop_block();
        self.pop_fblock();
        self.set_loc(s.loc);
        self.call_exit_with_nones();
        self.u.b.op(Opcode::PopTop);
        self.u.b.jump(exit);
        self.u.b.use_block(final_);
        self.u.b.setup(cleanup, true);
        self.u.b.op(Opcode::PushExcInfo);
        self.u.b.op(Opcode::WithExceptStart);
        self.with_except_finish(cleanup);
        self.u.b.use_block(exit);
        Ok(())
    }

    fn async_with(
        &mut self,
        s: &'a Stmt,
        items: &'a [WithItem],
        pos: usize,
        body: &'a [Stmt],
    ) -> CResult {
        let item = &items[pos];
        let block = self.u.b.new_block();
        let final_ = self.u.b.new_block();
        let exit = self.u.b.new_block();
        let cleanup = self.u.b.new_block();
        self.expr(&item.context_expr)?;
        self.u.b.op(Opcode::BeforeAsyncWith);
        self.u.b.op_i(Opcode::GetAwaitable, 1);
        self.u.b.load_const(Constant::None);
        self.yield_from(true);
        self.u.b.setup_with(final_);
        self.u.b.use_block(block);
        self.push_fblock(
            FBlockKind::AsyncWith,
            block,
            Some(final_),
            FDatum::With(s.loc),
        )?;
        match &item.optional_vars {
            Some(v) => self.expr(v)?,
            None => self.u.b.op(Opcode::PopTop),
        }
        if pos + 1 == items.len() {
            self.stmts(body)?;
        } else {
            self.async_with(s, items, pos + 1, body)?;
        }
        self.pop_fblock();
        self.u.b.pop_block();
        self.set_loc(s.loc);
        self.call_exit_with_nones();
        self.u.b.op_i(Opcode::GetAwaitable, 2);
        self.u.b.load_const(Constant::None);
        self.yield_from(true);
        self.u.b.op(Opcode::PopTop);
        self.u.b.jump(exit);
        self.u.b.use_block(final_);
        self.u.b.setup(cleanup, true);
        self.u.b.op(Opcode::PushExcInfo);
        self.u.b.op(Opcode::WithExceptStart);
        self.u.b.op_i(Opcode::GetAwaitable, 2);
        self.u.b.load_const(Constant::None);
        self.yield_from(true);
        self.with_except_finish(cleanup);
        self.u.b.use_block(exit);
        Ok(())
    }

    /// The end of a `with` exception handler: swallow the exception if `__exit__` returned
    /// true, else re-raise it.
    fn with_except_finish(&mut self, cleanup: BlockId) {
        let exit = self.u.b.new_block();
        self.u.b.jump_op(Opcode::PopJumpIfTrue, exit);
        self.u.b.op_i(Opcode::Reraise, 2);
        self.u.b.use_block(cleanup);
        self.pop_except_and_reraise();
        self.u.b.use_block(exit);
        self.u.b.op(Opcode::PopTop);
        self.u.b.pop_block();
        self.u.b.op(Opcode::PopExcept);
        self.u.b.op(Opcode::PopTop);
        self.u.b.op(Opcode::PopTop);
    }

    /// `COPY 3; POP_EXCEPT; RERAISE 1`: the handler that restores the previous exception.
    pub(crate) fn pop_except_and_reraise(&mut self) {
        self.u.b.op_i(Opcode::Copy, 3);
        self.u.b.op(Opcode::PopExcept);
        self.u.b.op_i(Opcode::Reraise, 1);
    }

    fn try_finally(
        &mut self,
        s: &'a Stmt,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
        is_star: bool,
    ) -> CResult {
        let body_block = self.u.b.new_block();
        let end = self.u.b.new_block();
        let exit = self.u.b.new_block();
        let cleanup = self.u.b.new_block();
        self.u.b.setup(end, false);
        self.u.b.use_block(body_block);
        self.push_fblock(
            FBlockKind::FinallyTry,
            body_block,
            Some(end),
            FDatum::Finally(finalbody),
        )?;
        if !handlers.is_empty() {
            if is_star {
                self.try_star_except(body, handlers, orelse)?;
            } else {
                self.try_except(body, handlers, orelse)?;
            }
        } else {
            self.stmts(body)?;
        }
        self.u.b.pop_block();
        self.pop_fblock();
        self.stmts(finalbody)?;
        self.u.b.jump(exit);
        self.u.b.use_block(end);
        self.set_loc(s.loc);
        self.u.b.setup(cleanup, true);
        self.u.b.op(Opcode::PushExcInfo);
        self.push_fblock(FBlockKind::FinallyEnd, end, None, FDatum::None)?;
        self.stmts(finalbody)?;
        self.pop_fblock();
        self.u.b.op_i(Opcode::Reraise, 0);
        self.u.b.use_block(cleanup);
        self.pop_except_and_reraise();
        self.u.b.use_block(exit);
        Ok(())
    }

    fn try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult {
        let body_block = self.u.b.new_block();
        let mut except = self.u.b.new_block();
        let end = self.u.b.new_block();
        let cleanup = self.u.b.new_block();
        self.u.b.setup(except, false);
        self.u.b.use_block(body_block);
        self.push_fblock(FBlockKind::TryExcept, body_block, None, FDatum::None)?;
        self.stmts(body)?;
        self.pop_fblock();
        self.u.b.pop_block();
        self.stmts(orelse)?;
        self.u.b.jump(end);
        self.u.b.use_block(except);
        self.u.b.setup(cleanup, true);
        self.u.b.op(Opcode::PushExcInfo);
        self.push_fblock(FBlockKind::ExceptionHandler, 0, None, FDatum::None)?;
        for (i, handler) in handlers.iter().enumerate() {
            self.set_loc(handler.loc);
            if handler.typ.is_none() && i + 1 < handlers.len() {
                return Err(self.error("default 'except:' must be last"));
            }
            except = self.u.b.new_block();
            if let Some(t) = &handler.typ {
                self.expr(t)?;
                self.u.b.op(Opcode::CheckExcMatch);
                self.u.b.jump_op(Opcode::PopJumpIfFalse, except);
            }
            match &handler.name {
                Some(name) => {
                    let cleanup_end = self.u.b.new_block();
                    let cleanup_body = self.u.b.new_block();
                    self.nameop(name, Ctx::Store)?;
                    self.u.b.setup(cleanup_end, true);
                    self.u.b.use_block(cleanup_body);
                    self.push_fblock(
                        FBlockKind::HandlerCleanup,
                        cleanup_body,
                        None,
                        FDatum::Name(Some(name.clone())),
                    )?;
                    self.stmts(&handler.body)?;
                    self.pop_fblock();
                    self.set_loc(handler.loc);
                    self.u.b.pop_block();
                    self.u.b.pop_block();
                    self.u.b.op(Opcode::PopExcept);
                    self.u.b.load_const(Constant::None);
                    self.nameop(name, Ctx::Store)?;
                    self.nameop(name, Ctx::Del)?;
                    self.u.b.jump(end);
                    self.u.b.use_block(cleanup_end);
                    self.u.b.load_const(Constant::None);
                    self.nameop(name, Ctx::Store)?;
                    self.nameop(name, Ctx::Del)?;
                    self.u.b.op_i(Opcode::Reraise, 1);
                }
                None => {
                    let cleanup_body = self.u.b.new_block();
                    self.u.b.op(Opcode::PopTop);
                    self.u.b.use_block(cleanup_body);
                    self.push_fblock(
                        FBlockKind::HandlerCleanup,
                        cleanup_body,
                        None,
                        FDatum::Name(None),
                    )?;
                    self.stmts(&handler.body)?;
                    self.pop_fblock();
                    self.set_loc(handler.loc);
                    self.u.b.pop_block();
                    self.u.b.op(Opcode::PopExcept);
                    self.u.b.jump(end);
                }
            }
            self.u.b.use_block(except);
        }
        self.pop_fblock();
        self.u.b.op_i(Opcode::Reraise, 0);
        self.u.b.use_block(cleanup);
        self.pop_except_and_reraise();
        self.u.b.use_block(end);
        Ok(())
    }

    fn try_star_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CResult {
        let body_block = self.u.b.new_block();
        let mut except = self.u.b.new_block();
        let orelse_block = self.u.b.new_block();
        let end = self.u.b.new_block();
        let cleanup = self.u.b.new_block();
        let reraise_star = self.u.b.new_block();
        self.u.b.setup(except, false);
        self.u.b.use_block(body_block);
        self.push_fblock(FBlockKind::TryExcept, body_block, None, FDatum::None)?;
        self.stmts(body)?;
        self.pop_fblock();
        self.u.b.pop_block();
        self.u.b.jump(orelse_block);
        self.u.b.use_block(except);
        self.u.b.setup(cleanup, true);
        self.u.b.op(Opcode::PushExcInfo);
        self.push_fblock(FBlockKind::ExceptionGroupHandler, 0, None, FDatum::None)?;
        let n = handlers.len();
        for (i, handler) in handlers.iter().enumerate() {
            self.set_loc(handler.loc);
            except = self.u.b.new_block();
            let except_with_error = self.u.b.new_block();
            let no_match = self.u.b.new_block();
            if i == 0 {
                // [exc] -> [orig, [], exc]
                self.u.b.op_i(Opcode::Copy, 1);
                self.u.b.op_i(Opcode::BuildList, 0);
                self.u.b.op_i(Opcode::Swap, 2);
            }
            if let Some(t) = &handler.typ {
                self.expr(t)?;
                self.u.b.op(Opcode::CheckEgMatch);
                self.u.b.op_i(Opcode::Copy, 1);
                self.u.b.jump_op(Opcode::PopJumpIfNone, no_match);
            }
            let cleanup_end = self.u.b.new_block();
            let cleanup_body = self.u.b.new_block();
            match &handler.name {
                Some(name) => self.nameop(name, Ctx::Store)?,
                None => self.u.b.op(Opcode::PopTop),
            }
            self.u.b.setup(cleanup_end, true);
            self.u.b.use_block(cleanup_body);
            self.push_fblock(
                FBlockKind::HandlerCleanup,
                cleanup_body,
                None,
                FDatum::Name(handler.name.clone()),
            )?;
            self.stmts(&handler.body)?;
            self.pop_fblock();
            self.set_loc(handler.loc);
            self.u.b.pop_block();
            if let Some(name) = &handler.name {
                self.u.b.load_const(Constant::None);
                self.nameop(name, Ctx::Store)?;
                self.nameop(name, Ctx::Del)?;
            }
            self.u.b.jump(except);
            self.u.b.use_block(cleanup_end);
            if let Some(name) = &handler.name {
                self.u.b.load_const(Constant::None);
                self.nameop(name, Ctx::Store)?;
                self.nameop(name, Ctx::Del)?;
            }
            // Add the raised exception to the result list; drop lasti.
            self.u.b.op_i(Opcode::ListAppend, 3);
            self.u.b.op(Opcode::PopTop);
            self.u.b.jump(except_with_error);
            self.u.b.use_block(except);
            self.u.b.op(Opcode::Nop);
            self.u.b.jump(except_with_error);
            self.u.b.use_block(no_match);
            self.u.b.op(Opcode::PopTop);
            self.u.b.use_block(except_with_error);
            if i + 1 == n {
                self.u.b.op_i(Opcode::ListAppend, 1);
                self.u.b.jump(reraise_star);
            }
        }
        self.pop_fblock();
        let reraise = self.u.b.new_block();
        self.u.b.use_block(reraise_star);
        self.u.b.op(Opcode::PrepReraiseStar);
        self.u.b.op_i(Opcode::Copy, 1);
        self.u.b.jump_op(Opcode::PopJumpIfNotNone, reraise);
        self.u.b.op(Opcode::PopTop);
        self.u.b.pop_block();
        self.u.b.op(Opcode::PopExcept);
        self.u.b.jump(end);
        self.u.b.use_block(reraise);
        self.u.b.pop_block();
        self.u.b.op_i(Opcode::Swap, 2);
        self.u.b.op(Opcode::PopExcept);
        self.u.b.op_i(Opcode::Reraise, 0);
        self.u.b.use_block(cleanup);
        self.pop_except_and_reraise();
        self.u.b.use_block(orelse_block);
        self.stmts(orelse)?;
        self.u.b.use_block(end);
        Ok(())
    }
}

/// The location of an attribute access for instructions that fail on the attribute: for a
/// multi-line expression, just the attribute name on the last line (CPython's
/// `update_start_location_to_match_attr`).
pub(crate) fn attr_loc(loc: Loc, attr: &str) -> Loc {
    if loc.line != loc.end_line {
        let len = attr.len() as u32;
        if len <= loc.end_col {
            return Loc {
                line: loc.end_line,
                col: loc.end_col - len,
                end_line: loc.end_line,
                end_col: loc.end_col,
            };
        }
    }
    loc
}
