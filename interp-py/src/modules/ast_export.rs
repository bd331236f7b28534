//! `compile(source, filename, mode, PyCF_ONLY_AST)` (what `ast.parse` calls): tern's AST
//! (`crate::ast`, node for node CPython's) handed to Python as `_ast` node objects.
//!
//! Design: the Rust side only builds plain data, nested tuples in the shape of CPython's
//! node classes: a node is `(class name, *_fields, *_attributes)` in the classes' own field
//! order, with `_attributes` (`lineno, col_offset, end_lineno, end_col_offset`) present exactly
//! for the classes that have them; lists of nodes are lists; optional children are `None`.
//! `_ast._from_tern` (interp-py/lib/_ast.py, where the node classes are declared in one table)
//! turns the tuples into node objects. Field order here must follow that table; the
//! conformance program `stdlib_ast.py` compares `ast.dump(..., include_attributes=True)` of
//! many constructs with CPython's.
//!
//! Invariants: every value is pushed on the VM's root stack as soon as it is built (a node's
//! children stay rooted until its tuple exists), so a collection in the middle of the export
//! cannot lose one; no Rust recursion deeper than the AST itself (which the parser already
//! bounded).

use crate::ast::{
    Alias, Arg, Arguments, BoolOp, CmpOp, Comprehension, Conversion, Ctx, ExceptHandler, Expr,
    ExprKind, Keyword, Loc, MatchCase, Operator, Pattern, PatternKind, Stmt, StmtKind, UnaryOp,
    WithItem,
};
use crate::bytecode::Constant;
use crate::parse::Parsed;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// What `compile` was asked for: `exec`, `eval` or `single`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum AstMode {
    /// `Module(body, type_ignores)`.
    Exec,
    /// `Expression(body)`.
    Eval,
    /// `Interactive(body)`.
    Single,
}

/// The tuple form of a parse result (see the module header).
pub fn export(vm: &mut Vm, parsed: &Parsed, mode: AstMode) -> PyResult<Value> {
    let mark = vm.sp();
    let mut ex = Exporter {
        vm,
        fstring_loc: None,
    };
    match (parsed, mode) {
        (Parsed::Expression(e), _) => {
            ex.node("Expression", None, |ex| ex.expr(e))?;
        }
        (Parsed::Module(m), AstMode::Single) => {
            ex.node("Interactive", None, |ex| ex.stmts(&m.body))?;
        }
        (Parsed::Module(m), _) => {
            ex.node("Module", None, |ex| {
                ex.stmts(&m.body)?;
                ex.list(&[], |_, _: &()| Ok(()))
            })?;
        }
    }
    let v = vm.get(crate::runtime::roots::Root(mark as u32));
    vm.truncate(mark);
    Ok(v)
}

struct Exporter<'a> {
    vm: &'a mut Vm,
    /// Inside an f-string: the location of the outermost `JoinedStr`, which CPython 3.11's
    /// parser gives to every `Constant`, `FormattedValue` and format-spec `JoinedStr` of the
    /// f-string (the expressions inside the braces keep their own locations).
    fstring_loc: Option<Loc>,
}

impl Exporter<'_> {
    /// Pushes `(name, *fields, *loc)`; `fields` pushes exactly the node's field values.
    fn node(
        &mut self,
        name: &str,
        loc: Option<Loc>,
        fields: impl FnOnce(&mut Self) -> PyResult<()>,
    ) -> PyResult<()> {
        let mark = self.vm.sp();
        self.str(name)?;
        fields(self)?;
        if let Some(l) = loc {
            for x in [l.line, l.col, l.end_line, l.end_col] {
                self.int(x as i64)?;
            }
        }
        let t = self.vm.pack_tuple(mark)?;
        self.vm.push_root(t)?;
        Ok(())
    }

    /// A node with no fields and no attributes (`Load()`, `Add()`, ...).
    fn leaf(&mut self, name: &str) -> PyResult<()> {
        self.node(name, None, |_| Ok(()))
    }

    fn push(&mut self, v: Value) -> PyResult<()> {
        self.vm.push_root(v)?;
        Ok(())
    }

    fn none(&mut self) -> PyResult<()> {
        let n = self.vm.none();
        self.push(n)
    }

    fn int(&mut self, i: i64) -> PyResult<()> {
        let v = self.vm.new_int(i)?;
        self.push(v)
    }

    fn str(&mut self, s: &str) -> PyResult<()> {
        let v = self.vm.new_str(s)?;
        self.push(v)
    }

    fn opt_str(&mut self, s: Option<&str>) -> PyResult<()> {
        match s {
            Some(s) => self.str(s),
            None => self.none(),
        }
    }

    fn constant(&mut self, c: &Constant) -> PyResult<()> {
        let v = self.vm.load_constant(c)?;
        self.push(v)
    }

    fn list<T>(&mut self, items: &[T], f: impl Fn(&mut Self, &T) -> PyResult<()>) -> PyResult<()> {
        let mark = self.vm.sp();
        for it in items {
            f(self, it)?;
        }
        let l = self.vm.pack_list(mark)?;
        self.push(l)
    }

    fn stmts(&mut self, body: &[Stmt]) -> PyResult<()> {
        self.list(body, |ex, s| ex.stmt(s))
    }

    fn exprs(&mut self, es: &[Expr]) -> PyResult<()> {
        self.list(es, |ex, e| ex.expr(e))
    }

    fn opt_expr(&mut self, e: Option<&Expr>) -> PyResult<()> {
        match e {
            Some(e) => self.expr(e),
            None => self.none(),
        }
    }

    fn names(&mut self, ids: &[crate::ast::Ident]) -> PyResult<()> {
        self.list(ids, |ex, n| ex.str(n))
    }

    fn stmt(&mut self, s: &Stmt) -> PyResult<()> {
        let loc = Some(s.loc);
        match &s.kind {
            StmtKind::FunctionDef(f) => {
                let name = if f.is_async {
                    "AsyncFunctionDef"
                } else {
                    "FunctionDef"
                };
                self.node(name, loc, |ex| {
                    ex.str(&f.name)?;
                    ex.arguments(&f.args)?;
                    ex.stmts(&f.body)?;
                    ex.exprs(&f.decorator_list)?;
                    ex.opt_expr(f.returns.as_deref())?;
                    ex.none()
                })
            }
            StmtKind::ClassDef(c) => self.node("ClassDef", loc, |ex| {
                ex.str(&c.name)?;
                ex.exprs(&c.bases)?;
                ex.list(&c.keywords, |ex, k| ex.keyword(k))?;
                ex.stmts(&c.body)?;
                ex.exprs(&c.decorator_list)
            }),
            StmtKind::Return(v) => self.node("Return", loc, |ex| ex.opt_expr(v.as_ref())),
            StmtKind::Delete(ts) => self.node("Delete", loc, |ex| ex.exprs(ts)),
            StmtKind::Assign { targets, value } => self.node("Assign", loc, |ex| {
                ex.exprs(targets)?;
                ex.expr(value)?;
                ex.none()
            }),
            StmtKind::AugAssign { target, op, value } => self.node("AugAssign", loc, |ex| {
                ex.expr(target)?;
                ex.leaf(operator_name(*op))?;
                ex.expr(value)
            }),
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => self.node("AnnAssign", loc, |ex| {
                ex.expr(target)?;
                ex.expr(annotation)?;
                ex.opt_expr(value.as_ref())?;
                ex.int(*simple as i64)
            }),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => self.node(if *is_async { "AsyncFor" } else { "For" }, loc, |ex| {
                ex.expr(target)?;
                ex.expr(iter)?;
                ex.stmts(body)?;
                ex.stmts(orelse)?;
                ex.none()
            }),
            StmtKind::While { test, body, orelse } => self.node("While", loc, |ex| {
                ex.expr(test)?;
                ex.stmts(body)?;
                ex.stmts(orelse)
            }),
            StmtKind::If { test, body, orelse } => self.node("If", loc, |ex| {
                ex.expr(test)?;
                ex.stmts(body)?;
                ex.stmts(orelse)
            }),
            StmtKind::With {
                items,
                body,
                is_async,
            } => self.node(if *is_async { "AsyncWith" } else { "With" }, loc, |ex| {
                ex.list(items, |ex, w| ex.withitem(w))?;
                ex.stmts(body)?;
                ex.none()
            }),
            StmtKind::Match { subject, cases } => self.node("Match", loc, |ex| {
                ex.expr(subject)?;
                ex.list(cases, |ex, c| ex.match_case(c))
            }),
            StmtKind::Raise { exc, cause } => self.node("Raise", loc, |ex| {
                ex.opt_expr(exc.as_ref())?;
                ex.opt_expr(cause.as_ref())
            }),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                is_star,
            } => self.node(if *is_star { "TryStar" } else { "Try" }, loc, |ex| {
                ex.stmts(body)?;
                ex.list(handlers, |ex, h| ex.handler(h))?;
                ex.stmts(orelse)?;
                ex.stmts(finalbody)
            }),
            StmtKind::Assert { test, msg } => self.node("Assert", loc, |ex| {
                ex.expr(test)?;
                ex.opt_expr(msg.as_ref())
            }),
            StmtKind::Import(names) => {
                self.node("Import", loc, |ex| ex.list(names, |ex, a| ex.alias(a)))
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.node("ImportFrom", loc, |ex| {
                ex.opt_str(module.as_deref())?;
                ex.list(names, |ex, a| ex.alias(a))?;
                ex.int(*level as i64)
            }),
            StmtKind::Global(ids) => self.node("Global", loc, |ex| ex.names(ids)),
            StmtKind::Nonlocal(ids) => self.node("Nonlocal", loc, |ex| ex.names(ids)),
            StmtKind::Expr(e) => self.node("Expr", loc, |ex| ex.expr(e)),
            StmtKind::Pass => self.node("Pass", loc, |_| Ok(())),
            StmtKind::Break => self.node("Break", loc, |_| Ok(())),
            StmtKind::Continue => self.node("Continue", loc, |_| Ok(())),
        }
    }

    fn expr(&mut self, e: &Expr) -> PyResult<()> {
        let in_fstring = matches!(
            e.kind,
            ExprKind::JoinedStr(_) | ExprKind::FormattedValue { .. } | ExprKind::Constant(_)
        );
        let saved = self.fstring_loc;
        if !in_fstring {
            self.fstring_loc = None;
        } else if matches!(e.kind, ExprKind::JoinedStr(_)) && saved.is_none() {
            self.fstring_loc = Some(e.loc);
        }
        let loc = Some(self.fstring_loc.unwrap_or(e.loc));
        let r = self.expr_kind(e, loc);
        self.fstring_loc = saved;
        r
    }

    fn expr_kind(&mut self, e: &Expr, loc: Option<Loc>) -> PyResult<()> {
        match &e.kind {
            ExprKind::BoolOp { op, values } => self.node("BoolOp", loc, |ex| {
                ex.leaf(match op {
                    BoolOp::And => "And",
                    BoolOp::Or => "Or",
                })?;
                ex.exprs(values)
            }),
            ExprKind::NamedExpr { target, value } => self.node("NamedExpr", loc, |ex| {
                ex.expr(target)?;
                ex.expr(value)
            }),
            ExprKind::BinOp { left, op, right } => self.node("BinOp", loc, |ex| {
                ex.expr(left)?;
                ex.leaf(operator_name(*op))?;
                ex.expr(right)
            }),
            ExprKind::UnaryOp { op, operand } => self.node("UnaryOp", loc, |ex| {
                ex.leaf(match op {
                    UnaryOp::Invert => "Invert",
                    UnaryOp::Not => "Not",
                    UnaryOp::UAdd => "UAdd",
                    UnaryOp::USub => "USub",
                })?;
                ex.expr(operand)
            }),
            ExprKind::Lambda { args, body } => self.node("Lambda", loc, |ex| {
                ex.arguments(args)?;
                ex.expr(body)
            }),
            ExprKind::IfExp { test, body, orelse } => self.node("IfExp", loc, |ex| {
                ex.expr(test)?;
                ex.expr(body)?;
                ex.expr(orelse)
            }),
            ExprKind::Dict { keys, values } => self.node("Dict", loc, |ex| {
                ex.list(keys, |ex, k| ex.opt_expr(k.as_ref()))?;
                ex.exprs(values)
            }),
            ExprKind::Set(elts) => self.node("Set", loc, |ex| ex.exprs(elts)),
            ExprKind::ListComp { elt, generators } => self.node("ListComp", loc, |ex| {
                ex.expr(elt)?;
                ex.comprehensions(generators)
            }),
            ExprKind::SetComp { elt, generators } => self.node("SetComp", loc, |ex| {
                ex.expr(elt)?;
                ex.comprehensions(generators)
            }),
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.node("DictComp", loc, |ex| {
                ex.expr(key)?;
                ex.expr(value)?;
                ex.comprehensions(generators)
            }),
            ExprKind::GeneratorExp { elt, generators } => self.node("GeneratorExp", loc, |ex| {
                ex.expr(elt)?;
                ex.comprehensions(generators)
            }),
            ExprKind::Await(v) => self.node("Await", loc, |ex| ex.expr(v)),
            ExprKind::Yield(v) => self.node("Yield", loc, |ex| ex.opt_expr(v.as_deref())),
            ExprKind::YieldFrom(v) => self.node("YieldFrom", loc, |ex| ex.expr(v)),
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.node("Compare", loc, |ex| {
                ex.expr(left)?;
                ex.list(ops, |ex, op| ex.leaf(cmpop_name(*op)))?;
                ex.exprs(comparators)
            }),
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.node("Call", loc, |ex| {
                ex.expr(func)?;
                ex.exprs(args)?;
                ex.list(keywords, |ex, k| ex.keyword(k))
            }),
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => self.node("FormattedValue", loc, |ex| {
                let outer = ex.fstring_loc.take();
                ex.expr(value)?;
                ex.fstring_loc = outer;
                ex.int(match conversion {
                    Conversion::None => -1,
                    Conversion::Str => 's' as i64,
                    Conversion::Repr => 'r' as i64,
                    Conversion::Ascii => 'a' as i64,
                })?;
                ex.opt_expr(format_spec.as_deref())
            }),
            ExprKind::JoinedStr(values) => self.node("JoinedStr", loc, |ex| ex.exprs(values)),
            ExprKind::Constant(c) => self.node("Constant", loc, |ex| {
                ex.constant(c)?;
                ex.none()
            }),
            ExprKind::Attribute { value, attr, ctx } => self.node("Attribute", loc, |ex| {
                ex.expr(value)?;
                ex.str(attr)?;
                ex.ctx(*ctx)
            }),
            ExprKind::Subscript { value, slice, ctx } => self.node("Subscript", loc, |ex| {
                ex.expr(value)?;
                ex.expr(slice)?;
                ex.ctx(*ctx)
            }),
            ExprKind::Starred { value, ctx } => self.node("Starred", loc, |ex| {
                ex.expr(value)?;
                ex.ctx(*ctx)
            }),
            ExprKind::Name { id, ctx } => self.node("Name", loc, |ex| {
                ex.str(id)?;
                ex.ctx(*ctx)
            }),
            ExprKind::List { elts, ctx } => self.node("List", loc, |ex| {
                ex.exprs(elts)?;
                ex.ctx(*ctx)
            }),
            ExprKind::Tuple { elts, ctx } => self.node("Tuple", loc, |ex| {
                ex.exprs(elts)?;
                ex.ctx(*ctx)
            }),
            ExprKind::Slice { lower, upper, step } => self.node("Slice", loc, |ex| {
                ex.opt_expr(lower.as_deref())?;
                ex.opt_expr(upper.as_deref())?;
                ex.opt_expr(step.as_deref())
            }),
        }
    }

    fn ctx(&mut self, c: Ctx) -> PyResult<()> {
        self.leaf(match c {
            Ctx::Load => "Load",
            Ctx::Store => "Store",
            Ctx::Del => "Del",
        })
    }

    fn comprehensions(&mut self, gens: &[Comprehension]) -> PyResult<()> {
        self.list(gens, |ex, g| {
            ex.node("comprehension", None, |ex| {
                ex.expr(&g.target)?;
                ex.expr(&g.iter)?;
                ex.exprs(&g.ifs)?;
                ex.int(g.is_async as i64)
            })
        })
    }

    fn arguments(&mut self, a: &Arguments) -> PyResult<()> {
        self.node("arguments", None, |ex| {
            ex.list(&a.posonlyargs, |ex, x| ex.arg(x))?;
            ex.list(&a.args, |ex, x| ex.arg(x))?;
            ex.opt_arg(a.vararg.as_ref())?;
            ex.list(&a.kwonlyargs, |ex, x| ex.arg(x))?;
            ex.list(&a.kw_defaults, |ex, d| ex.opt_expr(d.as_ref()))?;
            ex.opt_arg(a.kwarg.as_ref())?;
            ex.exprs(&a.defaults)
        })
    }

    fn arg(&mut self, a: &Arg) -> PyResult<()> {
        self.node("arg", Some(a.loc), |ex| {
            ex.str(&a.arg)?;
            ex.opt_expr(a.annotation.as_deref())?;
            ex.none()
        })
    }

    fn opt_arg(&mut self, a: Option<&Arg>) -> PyResult<()> {
        match a {
            Some(a) => self.arg(a),
            None => self.none(),
        }
    }

    fn keyword(&mut self, k: &Keyword) -> PyResult<()> {
        self.node("keyword", Some(k.loc), |ex| {
            ex.opt_str(k.arg.as_deref())?;
            ex.expr(&k.value)
        })
    }

    fn alias(&mut self, a: &Alias) -> PyResult<()> {
        self.node("alias", Some(a.loc), |ex| {
            ex.str(&a.name)?;
            ex.opt_str(a.asname.as_deref())
        })
    }

    fn withitem(&mut self, w: &WithItem) -> PyResult<()> {
        self.node("withitem", None, |ex| {
            ex.expr(&w.context_expr)?;
            ex.opt_expr(w.optional_vars.as_ref())
        })
    }

    fn handler(&mut self, h: &ExceptHandler) -> PyResult<()> {
        self.node("ExceptHandler", Some(h.loc), |ex| {
            ex.opt_expr(h.typ.as_ref())?;
            ex.opt_str(h.name.as_deref())?;
            ex.stmts(&h.body)
        })
    }

    fn match_case(&mut self, c: &MatchCase) -> PyResult<()> {
        self.node("match_case", None, |ex| {
            ex.pattern(&c.pattern)?;
            ex.opt_expr(c.guard.as_ref())?;
            ex.stmts(&c.body)
        })
    }

    fn pattern(&mut self, p: &Pattern) -> PyResult<()> {
        let loc = Some(p.loc);
        match &p.kind {
            PatternKind::MatchValue(v) => self.node("MatchValue", loc, |ex| ex.expr(v)),
            PatternKind::MatchSingleton(c) => self.node("MatchSingleton", loc, |ex| ex.constant(c)),
            PatternKind::MatchSequence(ps) => self.node("MatchSequence", loc, |ex| {
                ex.list(ps, |ex, p| ex.pattern(p))
            }),
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => self.node("MatchMapping", loc, |ex| {
                ex.exprs(keys)?;
                ex.list(patterns, |ex, p| ex.pattern(p))?;
                ex.opt_str(rest.as_deref())
            }),
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => self.node("MatchClass", loc, |ex| {
                ex.expr(cls)?;
                ex.list(patterns, |ex, p| ex.pattern(p))?;
                ex.names(kwd_attrs)?;
                ex.list(kwd_patterns, |ex, p| ex.pattern(p))
            }),
            PatternKind::MatchStar(name) => {
                self.node("MatchStar", loc, |ex| ex.opt_str(name.as_deref()))
            }
            PatternKind::MatchAs { pattern, name } => self.node("MatchAs", loc, |ex| {
                match pattern {
                    Some(p) => ex.pattern(p)?,
                    None => ex.none()?,
                }
                ex.opt_str(name.as_deref())
            }),
            PatternKind::MatchOr(ps) => {
                self.node("MatchOr", loc, |ex| ex.list(ps, |ex, p| ex.pattern(p)))
            }
        }
    }
}

fn operator_name(op: Operator) -> &'static str {
    match op {
        Operator::Add => "Add",
        Operator::Sub => "Sub",
        Operator::Mult => "Mult",
        Operator::MatMult => "MatMult",
        Operator::Div => "Div",
        Operator::Mod => "Mod",
        Operator::Pow => "Pow",
        Operator::LShift => "LShift",
        Operator::RShift => "RShift",
        Operator::BitOr => "BitOr",
        Operator::BitXor => "BitXor",
        Operator::BitAnd => "BitAnd",
        Operator::FloorDiv => "FloorDiv",
    }
}

fn cmpop_name(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "Eq",
        CmpOp::NotEq => "NotEq",
        CmpOp::Lt => "Lt",
        CmpOp::LtE => "LtE",
        CmpOp::Gt => "Gt",
        CmpOp::GtE => "GtE",
        CmpOp::Is => "Is",
        CmpOp::IsNot => "IsNot",
        CmpOp::In => "In",
        CmpOp::NotIn => "NotIn",
    }
}
