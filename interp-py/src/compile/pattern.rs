//! `match` statements (PEP 634), a port of CPython 3.11's pattern compiler.
//!
//! Each case copies the subject (except the last), matches the pattern leaving captured values
//! on the stack (beneath `on_top` items that sub-patterns still need), and on success stores
//! the captures in order. Failure jumps to `fail_pop[n]`, a chain of blocks that pops the `n`
//! values pushed so far. Irrefutable patterns not in last position, duplicate captures,
//! alternatives binding different names, duplicate mapping keys and repeated keyword
//! attributes are reported with CPython's messages.

use std::sync::Arc;

use super::assemble::BlockId;
use super::codegen::{CResult, Compiler};
use super::fold::py_eq;
use crate::ast::*;
use crate::bytecode::{BinaryOperator, CompareOperator, Constant, Opcode, PyStr};

struct PatternContext {
    stores: Vec<Ident>,
    allow_irrefutable: bool,
    fail_pop: Vec<BlockId>,
    on_top: u32,
}

fn is_wildcard(p: &Pattern) -> bool {
    matches!(
        p.kind,
        PatternKind::MatchAs {
            pattern: None,
            name: None
        }
    )
}

fn is_wildcard_star(p: &Pattern) -> bool {
    matches!(p.kind, PatternKind::MatchStar(None))
}

impl<'a> Compiler<'a> {
    pub(crate) fn match_stmt(
        &mut self,
        _s: &'a Stmt,
        subject: &'a Expr,
        cases: &'a [MatchCase],
    ) -> CResult {
        self.expr(subject)?;
        let end = self.u.b.new_block();
        let ncases = cases.len();
        let has_default = ncases > 1 && cases.last().is_some_and(|c| is_wildcard(&c.pattern));
        for (i, m) in cases.iter().enumerate().take(ncases - has_default as usize) {
            self.set_loc(m.pattern.loc);
            let last = i == ncases - has_default as usize - 1;
            if !last {
                self.u.b.op_i(Opcode::Copy, 1);
            }
            let mut pc = PatternContext {
                stores: Vec::new(),
                allow_irrefutable: m.guard.is_some() || i == ncases - 1,
                fail_pop: Vec::new(),
                on_top: 0,
            };
            self.pattern(&m.pattern, &mut pc)?;
            for name in pc.stores.clone() {
                self.nameop(&name, Ctx::Store)?;
            }
            if let Some(g) = &m.guard {
                self.ensure_fail_pop(&mut pc, 0);
                let target = pc.fail_pop[0];
                self.jump_if(g, target, false)?;
            }
            if !last {
                self.u.b.op(Opcode::PopTop);
            }
            self.stmts(&m.body)?;
            self.u.b.jump(end);
            self.set_loc(m.pattern.loc);
            self.emit_and_reset_fail_pop(&mut pc);
        }
        if has_default {
            let m = &cases[ncases - 1];
            self.set_loc(m.pattern.loc);
            if ncases == 1 {
                self.u.b.op(Opcode::PopTop);
            } else {
                self.u.b.op(Opcode::Nop);
            }
            if let Some(g) = &m.guard {
                self.jump_if(g, end, false)?;
            }
            self.stmts(&m.body)?;
        }
        self.u.b.use_block(end);
        Ok(())
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: u32) {
        while pc.fail_pop.len() < n as usize + 1 {
            let b = self.u.b.new_block();
            pc.fail_pop.push(b);
        }
    }

    fn jump_to_fail_pop(&mut self, pc: &mut PatternContext, op: Option<Opcode>) {
        let pops = pc.on_top + pc.stores.len() as u32;
        self.ensure_fail_pop(pc, pops);
        let target = pc.fail_pop[pops as usize];
        match op {
            Some(op) => self.u.b.jump_op(op, target),
            None => self.u.b.jump(target),
        }
    }

    fn emit_and_reset_fail_pop(&mut self, pc: &mut PatternContext) {
        if pc.fail_pop.is_empty() {
            return;
        }
        for i in (1..pc.fail_pop.len()).rev() {
            self.u.b.use_block(pc.fail_pop[i]);
            self.u.b.op(Opcode::PopTop);
        }
        self.u.b.use_block(pc.fail_pop[0]);
        pc.fail_pop.clear();
    }

    fn rotate(&mut self, mut count: u32) {
        while count > 1 {
            self.u.b.op_i(Opcode::Swap, count);
            count -= 1;
        }
    }

    fn store_capture(&mut self, name: &Option<Ident>, pc: &mut PatternContext) -> CResult {
        let Some(n) = name else {
            self.u.b.op(Opcode::PopTop);
            return Ok(());
        };
        if &**n == "__debug__" {
            return Err(self.error("cannot assign to __debug__"));
        }
        if pc.stores.contains(n) {
            return Err(self.error(format!(
                "multiple assignments to name {} in pattern",
                PyStr::new(n).repr()
            )));
        }
        let rotations = pc.on_top + pc.stores.len() as u32 + 1;
        self.rotate(rotations);
        pc.stores.push(n.clone());
        Ok(())
    }

    fn subpattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(p, pc)?;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    fn pattern(&mut self, p: &'a Pattern, pc: &mut PatternContext) -> CResult {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || {
            self.set_loc(p.loc);
            match &p.kind {
                PatternKind::MatchValue(value) => {
                    if !matches!(
                        value.kind,
                        ExprKind::Constant(_) | ExprKind::Attribute { .. }
                    ) {
                        return Err(
                            self.error("patterns may only match literals and attribute lookups")
                        );
                    }
                    self.expr(value)?;
                    self.u.b.op_i(Opcode::CompareOp, CompareOperator::Eq as u32);
                    self.jump_to_fail_pop(pc, Some(Opcode::PopJumpIfFalse));
                    Ok(())
                }
                PatternKind::MatchSingleton(c) => {
                    self.u.b.load_const(c.clone());
                    self.u.b.op_i(Opcode::IsOp, 0);
                    self.jump_to_fail_pop(pc, Some(Opcode::PopJumpIfFalse));
                    Ok(())
                }
                PatternKind::MatchSequence(patterns) => self.pattern_sequence(patterns, pc),
                PatternKind::MatchMapping {
                    keys,
                    patterns,
                    rest,
                } => self.pattern_mapping(p, keys, patterns, rest, pc),
                PatternKind::MatchClass {
                    cls,
                    patterns,
                    kwd_attrs,
                    kwd_patterns,
                } => self.pattern_class(p, cls, patterns, kwd_attrs, kwd_patterns, pc),
                PatternKind::MatchStar(name) => self.store_capture(name, pc),
                PatternKind::MatchAs { pattern, name } => match pattern {
                    None => {
                        if !pc.allow_irrefutable {
                            return Err(match name {
                                Some(n) => self.error(format!(
                                    "name capture {} makes remaining patterns unreachable",
                                    PyStr::new(n).repr()
                                )),
                                None => self.error("wildcard makes remaining patterns unreachable"),
                            });
                        }
                        self.store_capture(name, pc)
                    }
                    Some(inner) => {
                        pc.on_top += 1;
                        self.u.b.op_i(Opcode::Copy, 1);
                        self.pattern(inner, pc)?;
                        pc.on_top -= 1;
                        self.store_capture(name, pc)
                    }
                },
                PatternKind::MatchOr(alts) => self.pattern_or(alts, pc),
            }
        })
    }

    fn pattern_sequence(&mut self, patterns: &'a [Pattern], pc: &mut PatternContext) -> CResult {
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if matches!(p.kind, PatternKind::MatchStar(_)) {
                if star.is_some() {
                    return Err(self.error("multiple starred names in sequence pattern"));
                }
                star_wildcard = is_wildcard_star(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        pc.on_top += 1;
        self.u.b.op(Opcode::MatchSequence);
        self.jump_to_fail_pop(pc, Some(Opcode::PopJumpIfFalse));
        if star.is_none() {
            self.u.b.op(Opcode::GetLen);
            self.u.b.load_const(Constant::Int(size as i64));
            self.u.b.op_i(Opcode::CompareOp, CompareOperator::Eq as u32);
            self.jump_to_fail_pop(pc, Some(Opcode::PopJumpIfFalse));
        } else if size > 1 {
            // A starred pattern needs at least the fixed items (CPython checks this for
            // both the wildcard and the capturing star).
            self.u.b.op(Opcode::GetLen);
            self.u.b.load_const(Constant::Int(size as i64 - 1));
            self.u.b.op_i(Opcode::CompareOp, CompareOperator::Ge as u32);
            self.jump_to_fail_pop(pc, Some(Opcode::PopJumpIfFalse));
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.u.b.op(Opcode::PopTop);
        } else if star_wildcard {
            let star = star.unwrap_or(0);
            pc.on_top += 1;
            for (i, p) in patterns.iter().enumerate() {
                if is_wildcard(p) || i == star {
                    continue;
                }
                self.u.b.op_i(Opcode::Copy, 1);
                if i < star {
                    self.u.b.load_const(Constant::Int(i as i64));
                } else {
                    self.u.b.op(Opcode::GetLen);
                    self.u.b.load_const(Constant::Int((size - i) as i64));
                    self.u
                        .b
                        .op_i(Opcode::BinaryOp, BinaryOperator::Subtract as u32);
                }
                self.u.b.op(Opcode::BinarySubscr);
                self.subpattern(p, pc)?;
            }
            pc.on_top -= 1;
            self.u.b.op(Opcode::PopTop);
        } else {
            match star {
                Some(i) => {
                    if i >= 256 || size - i > (1 << 16) {
                        return Err(
                            self.error("too many expressions in star-unpacking sequence pattern")
                        );
                    }
                    self.u
                        .b
                        .op_i(Opcode::UnpackEx, (i + ((size - i - 1) << 8)) as u32);
                }
                None => self.u.b.op_i(Opcode::UnpackSequence, size as u32),
            }
            pc.on_top += size as u32;
            for p in patterns {
                pc.on_top -= 1;
                self.subpattern(p, pc)?;
            }
        }
        Ok(())
    }

    fn pattern_mapping(
        &mut self,
        p: &'a Pattern,
        keys: &'a [Expr],
        patterns: &'a [Pattern],
        rest: &Option<Ident>,
        pc: &mut PatternContext,
    ) -> CResult {
        let size = keys.len();
        pc.on_top += 1;
        self.u.b.op(Opcode::MatchMapping);
        self.jump_to_fail_pop(pc, Some(Opcode::PopJumpIfFalse));
        if size == 0 && rest.is_none() {
            pc.on_top -= 1;
            self.u.b.op(Opcode::PopTop);
            return Ok(());
        }
        if size > 0 {
            self.u.b.op(Opcode::GetLen);
            self.u.b.load_const(Constant::Int(size as i64));
            self.u.b.op_i(Opcode::CompareOp, CompareOperator::Ge as u32);
            self.jump_to_fail_pop(pc, Some(Opcode::PopJumpIfFalse));
        }
        let mut seen: Vec<&Constant> = Vec::new();
        for key in keys {
            match &key.kind {
                ExprKind::Constant(c) => {
                    if seen.iter().any(|s| py_eq(s, c)) {
                        self.set_loc(p.loc);
                        return Err(self.error(format!(
                            "mapping pattern checks duplicate key ({})",
                            c.repr()
                        )));
                    }
                    seen.push(c);
                }
                ExprKind::Attribute { .. } => {}
                _ => {
                    self.set_loc(p.loc);
                    return Err(self.error(
                        "mapping pattern keys may only match literals and attribute lookups",
                    ));
                }
            }
            self.expr(key)?;
        }
        self.u.b.op_i(Opcode::BuildTuple, size as u32);
        self.u.b.op(Opcode::MatchKeys);
        pc.on_top += 2;
        self.u.b.op_i(Opcode::Copy, 1);
        self.u.b.load_const(Constant::None);
        self.u.b.op_i(Opcode::IsOp, 1);
        self.jump_to_fail_pop(pc, Some(Opcode::PopJumpIfFalse));
        self.u.b.op_i(Opcode::UnpackSequence, size as u32);
        pc.on_top += size as u32;
        pc.on_top -= 1;
        for sub in patterns {
            pc.on_top -= 1;
            self.subpattern(sub, pc)?;
        }
        pc.on_top -= 2;
        if rest.is_some() {
            self.u.b.op_i(Opcode::BuildMap, 0);
            self.u.b.op_i(Opcode::Swap, 3);
            self.u.b.op_i(Opcode::DictUpdate, 2);
            self.u.b.op_i(Opcode::UnpackSequence, size as u32);
            let mut remaining = size as u32;
            while remaining > 0 {
                self.u.b.op_i(Opcode::Copy, 1 + remaining);
                remaining -= 1;
                self.u.b.op_i(Opcode::Swap, 2);
                self.u.b.op(Opcode::DeleteSubscr);
            }
            self.store_capture(rest, pc)?;
        } else {
            self.u.b.op(Opcode::PopTop);
            self.u.b.op(Opcode::PopTop);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn pattern_class(
        &mut self,
        p: &'a Pattern,
        cls: &'a Expr,
        patterns: &'a [Pattern],
        kwd_attrs: &[Ident],
        kwd_patterns: &'a [Pattern],
        pc: &mut PatternContext,
    ) -> CResult {
        let nargs = patterns.len();
        let nattrs = kwd_attrs.len();
        if nattrs != kwd_patterns.len() {
            return Err(self.internal("keyword pattern length mismatch"));
        }
        for (i, attr) in kwd_attrs.iter().enumerate() {
            self.set_loc(kwd_patterns[i].loc);
            if &**attr == "__debug__" {
                return Err(self.error("cannot assign to __debug__"));
            }
            for (j, other) in kwd_attrs.iter().enumerate().skip(i + 1) {
                if attr == other {
                    self.set_loc(kwd_patterns[j].loc);
                    return Err(
                        self.error(format!("attribute name repeated in class pattern: {attr}"))
                    );
                }
            }
        }
        self.set_loc(p.loc);
        self.expr(cls)?;
        let names: Vec<Constant> = kwd_attrs
            .iter()
            .map(|a| Constant::Str(PyStr::new(a)))
            .collect();
        self.u.b.load_const(Constant::Tuple(Arc::from(names)));
        self.u.b.op_i(Opcode::MatchClass, nargs as u32);
        self.u.b.op_i(Opcode::Copy, 1);
        self.u.b.load_const(Constant::None);
        self.u.b.op_i(Opcode::IsOp, 1);
        pc.on_top += 1;
        self.jump_to_fail_pop(pc, Some(Opcode::PopJumpIfFalse));
        self.u
            .b
            .op_i(Opcode::UnpackSequence, (nargs + nattrs) as u32);
        pc.on_top += (nargs + nattrs) as u32;
        pc.on_top -= 1;
        for sub in patterns.iter().chain(kwd_patterns) {
            pc.on_top -= 1;
            if is_wildcard(sub) {
                self.u.b.op(Opcode::PopTop);
                continue;
            }
            self.subpattern(sub, pc)?;
        }
        Ok(())
    }

    fn pattern_or(&mut self, alts: &'a [Pattern], pc: &mut PatternContext) -> CResult {
        let end = self.u.b.new_block();
        let old_stores = pc.stores.clone();
        let old_allow = pc.allow_irrefutable;
        let old_fail_pop = std::mem::take(&mut pc.fail_pop);
        let old_on_top = pc.on_top;
        let mut control: Option<Vec<Ident>> = None;
        let size = alts.len();
        for (i, alt) in alts.iter().enumerate() {
            self.set_loc(alt.loc);
            pc.stores = Vec::new();
            pc.allow_irrefutable = i + 1 == size && old_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.u.b.op_i(Opcode::Copy, 1);
            self.pattern(alt, pc)?;
            let nstores = pc.stores.len();
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(ctl) if ctl.len() != nstores => {
                    self.set_loc(alt.loc);
                    return Err(self.error("alternative patterns bind different names"));
                }
                Some(ctl) if nstores > 0 => {
                    let ctl = ctl.clone();
                    for icontrol in (0..nstores).rev() {
                        let name = &ctl[icontrol];
                        let Some(istores) = pc.stores.iter().position(|n| n == name) else {
                            self.set_loc(alt.loc);
                            return Err(self.error("alternative patterns bind different names"));
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<Ident> = pc.stores.drain(0..rotations).collect();
                            let at = icontrol - istores;
                            for (k, n) in rotated.into_iter().enumerate() {
                                pc.stores.insert(at + k, n);
                            }
                            for _ in 0..rotations {
                                self.rotate(icontrol as u32 + 1);
                            }
                        }
                    }
                }
                Some(_) => {}
            }
            self.u.b.jump(end);
            self.emit_and_reset_fail_pop(pc);
        }
        pc.stores = old_stores;
        pc.allow_irrefutable = old_allow;
        pc.fail_pop = old_fail_pop;
        pc.on_top = old_on_top;
        self.u.b.op(Opcode::PopTop);
        self.jump_to_fail_pop(pc, None);
        self.u.b.use_block(end);
        let control = control.unwrap_or_default();
        let nstores = control.len() as u32;
        let nrots = nstores + 1 + pc.on_top + pc.stores.len() as u32;
        for name in control {
            self.rotate(nrots);
            if pc.stores.contains(&name) {
                return Err(self.error(format!(
                    "multiple assignments to name {} in pattern",
                    PyStr::new(&name).repr()
                )));
            }
            pc.stores.push(name);
        }
        self.u.b.op(Opcode::PopTop);
        Ok(())
    }
}
