//! Lowering of ruff's AST into Tern's [`crate::ast`]: statements, parameters and patterns (the
//! expression half is in `lower_expr.rs`).
//!
//! The lowering is also where the checks CPython 3.11 makes in its *parser* but ruff does not
//! make (or words differently) happen: assignment/deletion target validity with CPython's
//! messages, literal decoding errors, and the recursion limit of the compiler
//! (`maximum recursion depth exceeded during compilation`). It never panics on a recovered
//! (erroneous) ruff AST: anything unexpected becomes an `invalid syntax` error.

use std::sync::Arc;

use ruff_python_ast as rast;
use ruff_python_ast::token::{Token, TokenKind};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::ast::*;
use crate::bytecode::Constant;
use crate::syntax_error::{CompileError, CompileWarning, ErrorKind, SourceFile, WarningCategory};

/// CPython's compiler recursion limit (`sys.getrecursionlimit() * 3`).
pub const MAX_AST_DEPTH: u32 = 3000;

/// Lowering state.
pub struct Lowerer<'a> {
    /// The source file.
    pub src: &'a SourceFile,
    /// ruff's tokens (for keyword positions).
    pub tokens: &'a [Token],
    /// Current expression nesting depth.
    pub depth: u32,
    /// `DeprecationWarning`s for invalid escape sequences.
    pub warnings: Vec<CompileWarning>,
}

/// What a target expression is used for (selects CPython's message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// Assignment, `with ... as`, comprehension and `for` targets ("cannot assign to").
    Store,
    /// A `for` statement target (a trailing `in` comparison is looked through).
    For,
    /// `del` targets ("cannot delete").
    Del,
}

pub(crate) type LResult<T> = Result<T, CompileError>;

impl<'a> Lowerer<'a> {
    /// A lowerer over `src` with ruff's `tokens`.
    pub fn new(src: &'a SourceFile, tokens: &'a [Token]) -> Lowerer<'a> {
        Lowerer {
            src,
            tokens,
            depth: 0,
            warnings: Vec::new(),
        }
    }

    pub(crate) fn loc(&self, r: TextRange) -> Loc {
        let (line, col) = self.src.index.line_col(r.start().to_u32());
        let (end_line, end_col) = self.src.index.line_col(r.end().to_u32());
        Loc {
            line,
            col,
            end_line,
            end_col,
        }
    }

    pub(crate) fn error(&self, msg: impl Into<String>, r: TextRange) -> CompileError {
        self.src.error_at(
            ErrorKind::SyntaxError,
            msg,
            r.start().to_u32(),
            r.end().to_u32(),
        )
    }

    pub(crate) fn invalid(&self, r: TextRange) -> CompileError {
        self.error("invalid syntax", r)
    }

    pub(crate) fn recursion_error(&self) -> CompileError {
        CompileError {
            kind: ErrorKind::RecursionError,
            msg: "maximum recursion depth exceeded during compilation".into(),
            filename: None,
            lineno: None,
            offset: None,
            end_lineno: None,
            end_offset: None,
            text: None,
        }
    }

    /// Records an invalid-escape warning for the string token at `r`.
    pub(crate) fn escape_warning(&mut self, msg: Option<String>, r: TextRange) {
        if let Some(message) = msg {
            self.warnings.push(CompileWarning {
                category: WarningCategory::DeprecationWarning,
                message,
                filename: self.src.filename.clone(),
                lineno: self.src.index.line_of(r.start().to_u32()),
            });
        }
    }

    pub(crate) fn text(&self, r: TextRange) -> &'a str {
        self.src
            .text
            .get(r.start().to_usize()..r.end().to_usize())
            .unwrap_or("")
    }

    pub(crate) fn ident(&self, id: &rast::Identifier) -> LResult<Ident> {
        if id.id.is_empty() {
            return Err(self.invalid(id.range));
        }
        Ok(Arc::from(id.id.as_str()))
    }

    /// Lowers a module.
    pub fn module(&mut self, m: &rast::ModModule) -> LResult<Module> {
        Ok(Module {
            body: self.stmts(&m.body)?,
        })
    }

    pub(crate) fn stmts(&mut self, stmts: &[rast::Stmt]) -> LResult<Vec<Stmt>> {
        stmts.iter().map(|s| self.stmt(s)).collect()
    }

    /// The position of the first `def`/`async`/`class` keyword token at or after `from`.
    fn keyword_start(&self, from: TextSize, kinds: &[TokenKind]) -> Option<TextSize> {
        let idx = self.tokens.partition_point(|t| t.range().start() < from);
        self.tokens[idx..]
            .iter()
            .find(|t| kinds.contains(&t.kind()))
            .map(|t| t.range().start())
    }

    fn stmt(&mut self, s: &rast::Stmt) -> LResult<Stmt> {
        let range = s.range();
        let mut loc = self.loc(range);
        let kind = match s {
            rast::Stmt::FunctionDef(f) => {
                let decorator_list = f
                    .decorator_list
                    .iter()
                    .map(|d| self.expr(&d.expression))
                    .collect::<LResult<Vec<_>>>()?;
                let search_from = f
                    .decorator_list
                    .last()
                    .map_or(range.start(), |d| d.range.end());
                if let Some(start) =
                    self.keyword_start(search_from, &[TokenKind::Def, TokenKind::Async])
                {
                    loc = self.loc(TextRange::new(start, range.end()));
                }
                let args = self.parameters(Some(&f.parameters))?;
                let returns = match &f.returns {
                    Some(r) => Some(Box::new(self.expr(r)?)),
                    None => None,
                };
                StmtKind::FunctionDef(Box::new(FunctionDef {
                    name: self.ident(&f.name)?,
                    args,
                    body: self.stmts(&f.body)?,
                    decorator_list,
                    returns,
                    is_async: f.is_async,
                }))
            }
            rast::Stmt::ClassDef(c) => {
                let decorator_list = c
                    .decorator_list
                    .iter()
                    .map(|d| self.expr(&d.expression))
                    .collect::<LResult<Vec<_>>>()?;
                let search_from = c
                    .decorator_list
                    .last()
                    .map_or(range.start(), |d| d.range.end());
                if let Some(start) = self.keyword_start(search_from, &[TokenKind::Class]) {
                    loc = self.loc(TextRange::new(start, range.end()));
                }
                let (bases, keywords) = match &c.arguments {
                    Some(a) => self.call_arguments(a)?,
                    None => (Vec::new(), Vec::new()),
                };
                StmtKind::ClassDef(Box::new(ClassDef {
                    name: self.ident(&c.name)?,
                    bases,
                    keywords,
                    body: self.stmts(&c.body)?,
                    decorator_list,
                }))
            }
            rast::Stmt::Return(r) => StmtKind::Return(match &r.value {
                Some(v) => Some(self.expr(v)?),
                None => None,
            }),
            rast::Stmt::Delete(d) => {
                let targets = d
                    .targets
                    .iter()
                    .map(|t| self.target(t, TargetKind::Del))
                    .collect::<LResult<Vec<_>>>()?;
                StmtKind::Delete(targets)
            }
            rast::Stmt::TypeAlias(t) => return Err(self.invalid(t.range)),
            rast::Stmt::Assign(a) => {
                self.check_assign_targets(&a.targets, &a.value)?;
                let targets = a
                    .targets
                    .iter()
                    .map(|t| self.target(t, TargetKind::Store))
                    .collect::<LResult<Vec<_>>>()?;
                StmtKind::Assign {
                    targets,
                    value: self.expr(&a.value)?,
                }
            }
            rast::Stmt::AugAssign(a) => {
                if !matches!(
                    &*a.target,
                    rast::Expr::Name(_) | rast::Expr::Attribute(_) | rast::Expr::Subscript(_)
                ) {
                    return Err(self.error(
                        format!(
                            "'{}' is an illegal expression for augmented assignment",
                            self.expr_name(&a.target)
                        ),
                        a.target.range(),
                    ));
                }
                StmtKind::AugAssign {
                    target: self.target(&a.target, TargetKind::Store)?,
                    op: lower_operator(a.op),
                    value: self.expr(&a.value)?,
                }
            }
            rast::Stmt::AnnAssign(a) => {
                match &*a.target {
                    rast::Expr::Name(_) | rast::Expr::Attribute(_) | rast::Expr::Subscript(_) => {}
                    rast::Expr::List(_) => {
                        return Err(self.error(
                            "only single target (not list) can be annotated",
                            a.target.range(),
                        ));
                    }
                    rast::Expr::Tuple(t) => {
                        let r = if t.parenthesized {
                            t.range
                        } else {
                            t.elts.first().map_or(t.range, |e| e.range())
                        };
                        return Err(
                            self.error("only single target (not tuple) can be annotated", r)
                        );
                    }
                    other => {
                        return Err(self.error("illegal target for annotation", other.range()));
                    }
                }
                StmtKind::AnnAssign {
                    target: self.target(&a.target, TargetKind::Store)?,
                    annotation: self.expr(&a.annotation)?,
                    value: match &a.value {
                        Some(v) => Some(self.expr(v)?),
                        None => None,
                    },
                    simple: a.simple,
                }
            }
            rast::Stmt::For(f) => StmtKind::For {
                target: self.target(&f.target, TargetKind::For)?,
                iter: self.expr(&f.iter)?,
                body: self.stmts(&f.body)?,
                orelse: self.stmts(&f.orelse)?,
                is_async: f.is_async,
            },
            rast::Stmt::While(w) => StmtKind::While {
                test: self.expr(&w.test)?,
                body: self.stmts(&w.body)?,
                orelse: self.stmts(&w.orelse)?,
            },
            rast::Stmt::If(i) => {
                let test = self.expr(&i.test)?;
                let body = self.stmts(&i.body)?;
                let orelse = self.elif_chain(&i.elif_else_clauses)?;
                StmtKind::If { test, body, orelse }
            }
            rast::Stmt::With(w) => {
                let mut items = Vec::with_capacity(w.items.len());
                for item in &w.items {
                    items.push(WithItem {
                        context_expr: self.expr(&item.context_expr)?,
                        optional_vars: match &item.optional_vars {
                            Some(v) => Some(self.target(v, TargetKind::Store)?),
                            None => None,
                        },
                    });
                }
                StmtKind::With {
                    items,
                    body: self.stmts(&w.body)?,
                    is_async: w.is_async,
                }
            }
            rast::Stmt::Match(m) => {
                let subject = self.expr(&m.subject)?;
                let mut cases = Vec::with_capacity(m.cases.len());
                for case in &m.cases {
                    cases.push(MatchCase {
                        pattern: self.pattern(&case.pattern)?,
                        guard: match &case.guard {
                            Some(g) => Some(self.expr(g)?),
                            None => None,
                        },
                        body: self.stmts(&case.body)?,
                    });
                }
                StmtKind::Match { subject, cases }
            }
            rast::Stmt::Raise(r) => StmtKind::Raise {
                exc: match &r.exc {
                    Some(e) => Some(self.expr(e)?),
                    None => None,
                },
                cause: match &r.cause {
                    Some(e) => Some(self.expr(e)?),
                    None => None,
                },
            },
            rast::Stmt::Try(t) => {
                let body = self.stmts(&t.body)?;
                let mut handlers = Vec::with_capacity(t.handlers.len());
                for h in &t.handlers {
                    let rast::ExceptHandler::ExceptHandler(h) = h;
                    handlers.push(ExceptHandler {
                        typ: match &h.type_ {
                            Some(e) => Some(self.expr(e)?),
                            None => None,
                        },
                        name: match &h.name {
                            Some(n) => Some(self.ident(n)?),
                            None => None,
                        },
                        body: self.stmts(&h.body)?,
                        loc: self.loc(h.range),
                    });
                }
                StmtKind::Try {
                    body,
                    handlers,
                    orelse: self.stmts(&t.orelse)?,
                    finalbody: self.stmts(&t.finalbody)?,
                    is_star: t.is_star,
                }
            }
            rast::Stmt::Assert(a) => StmtKind::Assert {
                test: self.expr(&a.test)?,
                msg: match &a.msg {
                    Some(m) => Some(self.expr(m)?),
                    None => None,
                },
            },
            rast::Stmt::Import(i) => {
                if i.is_lazy {
                    return Err(self.invalid(i.range));
                }
                StmtKind::Import(self.aliases(&i.names)?)
            }
            rast::Stmt::ImportFrom(i) => {
                if i.is_lazy {
                    return Err(self.invalid(i.range));
                }
                StmtKind::ImportFrom {
                    module: match &i.module {
                        Some(m) => Some(self.ident(m)?),
                        None => None,
                    },
                    names: self.aliases(&i.names)?,
                    level: i.level,
                }
            }
            rast::Stmt::Global(g) => StmtKind::Global(
                g.names
                    .iter()
                    .map(|n| self.ident(n))
                    .collect::<LResult<Vec<_>>>()?,
            ),
            rast::Stmt::Nonlocal(g) => StmtKind::Nonlocal(
                g.names
                    .iter()
                    .map(|n| self.ident(n))
                    .collect::<LResult<Vec<_>>>()?,
            ),
            rast::Stmt::Expr(e) => StmtKind::Expr(self.expr(&e.value)?),
            rast::Stmt::Pass(_) => StmtKind::Pass,
            rast::Stmt::Break(_) => StmtKind::Break,
            rast::Stmt::Continue(_) => StmtKind::Continue,
            rast::Stmt::IpyEscapeCommand(c) => return Err(self.invalid(c.range)),
        };
        Ok(Stmt { kind, loc })
    }

    fn elif_chain(&mut self, clauses: &[rast::ElifElseClause]) -> LResult<Vec<Stmt>> {
        let Some((first, rest)) = clauses.split_first() else {
            return Ok(Vec::new());
        };
        match &first.test {
            None => self.stmts(&first.body),
            Some(test) => {
                let test = self.expr(test)?;
                let body = self.stmts(&first.body)?;
                let orelse = self.elif_chain(rest)?;
                // An `elif` node spans from `elif` to the end of its last clause, as in CPython.
                let end = clauses.last().map_or(first.range.end(), |c| c.range.end());
                let loc = self.loc(TextRange::new(first.range.start(), end));
                Ok(vec![Stmt {
                    kind: StmtKind::If { test, body, orelse },
                    loc,
                }])
            }
        }
    }

    fn aliases(&mut self, names: &[rast::Alias]) -> LResult<Vec<Alias>> {
        names
            .iter()
            .map(|a| {
                Ok(Alias {
                    name: self.ident(&a.name)?,
                    asname: match &a.asname {
                        Some(n) => Some(self.ident(n)?),
                        None => None,
                    },
                    loc: self.loc(a.range),
                })
            })
            .collect()
    }

    fn arg(&mut self, p: &rast::Parameter) -> LResult<Arg> {
        // CPython's `arg` node starts at the name (after any `*`/`**`).
        let range = TextRange::new(p.name.range.start(), p.range.end().max(p.name.range.end()));
        Ok(Arg {
            arg: self.ident(&p.name)?,
            annotation: match &p.annotation {
                Some(a) => Some(Box::new(self.expr(a)?)),
                None => None,
            },
            loc: self.loc(range),
        })
    }

    /// Lowers parameters (`None` for a lambda without any).
    pub(crate) fn parameters(&mut self, p: Option<&rast::Parameters>) -> LResult<Arguments> {
        let Some(p) = p else {
            return Ok(Arguments::default());
        };
        let mut args = Arguments::default();
        let mut seen_default = false;
        for (i, pd) in p.posonlyargs.iter().chain(p.args.iter()).enumerate() {
            let arg = self.arg(&pd.parameter)?;
            if i < p.posonlyargs.len() {
                args.posonlyargs.push(arg);
            } else {
                args.args.push(arg);
            }
            match &pd.default {
                Some(d) => {
                    seen_default = true;
                    args.defaults.push(self.expr(d)?);
                }
                None if seen_default => {
                    return Err(self.error(
                        "non-default argument follows default argument",
                        pd.parameter.range,
                    ));
                }
                None => {}
            }
        }
        if let Some(v) = &p.vararg {
            args.vararg = Some(self.arg(v)?);
        }
        for pd in &p.kwonlyargs {
            args.kwonlyargs.push(self.arg(&pd.parameter)?);
            args.kw_defaults.push(match &pd.default {
                Some(d) => Some(self.expr(d)?),
                None => None,
            });
        }
        if let Some(k) = &p.kwarg {
            args.kwarg = Some(self.arg(k)?);
        }
        Ok(args)
    }

    /// Lowers call (or class) arguments into positional args and keywords.
    pub(crate) fn call_arguments(
        &mut self,
        a: &rast::Arguments,
    ) -> LResult<(Vec<Expr>, Vec<Keyword>)> {
        let args = a
            .args
            .iter()
            .map(|e| self.expr(e))
            .collect::<LResult<Vec<_>>>()?;
        let mut keywords = Vec::with_capacity(a.keywords.len());
        for k in a.keywords.iter() {
            let arg = match &k.arg {
                Some(n) => Some(self.ident(n)?),
                None => None,
            };
            keywords.push(Keyword {
                arg,
                value: self.expr(&k.value)?,
                loc: self.loc(k.range),
            });
        }
        Ok((args, keywords))
    }

    fn pattern(&mut self, p: &rast::Pattern) -> LResult<Pattern> {
        self.enter_depth()?;
        let result = stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.pattern_inner(p));
        self.depth -= 1;
        result
    }

    fn pattern_inner(&mut self, p: &rast::Pattern) -> LResult<Pattern> {
        let loc = self.loc(p.range());
        let kind = match p {
            rast::Pattern::MatchValue(v) => PatternKind::MatchValue(self.expr(&v.value)?),
            rast::Pattern::MatchSingleton(s) => PatternKind::MatchSingleton(match s.value {
                rast::Singleton::None => Constant::None,
                rast::Singleton::True => Constant::Bool(true),
                rast::Singleton::False => Constant::Bool(false),
            }),
            rast::Pattern::MatchSequence(s) => PatternKind::MatchSequence(
                s.patterns
                    .iter()
                    .map(|p| self.pattern(p))
                    .collect::<LResult<Vec<_>>>()?,
            ),
            rast::Pattern::MatchMapping(m) => {
                let keys = m
                    .keys
                    .iter()
                    .map(|k| self.expr(k))
                    .collect::<LResult<Vec<_>>>()?;
                let patterns = m
                    .patterns
                    .iter()
                    .map(|p| self.pattern(p))
                    .collect::<LResult<Vec<_>>>()?;
                let rest = match &m.rest {
                    Some(r) if r.id.as_str() == "_" => return Err(self.invalid(r.range)),
                    Some(r) => Some(self.ident(r)?),
                    None => None,
                };
                PatternKind::MatchMapping {
                    keys,
                    patterns,
                    rest,
                }
            }
            rast::Pattern::MatchClass(c) => {
                let cls = self.expr(&c.cls)?;
                let patterns = c
                    .arguments
                    .patterns
                    .iter()
                    .map(|p| self.pattern(p))
                    .collect::<LResult<Vec<_>>>()?;
                let mut kwd_attrs = Vec::new();
                let mut kwd_patterns = Vec::new();
                for k in &c.arguments.keywords {
                    kwd_attrs.push(self.ident(&k.attr)?);
                    kwd_patterns.push(self.pattern(&k.pattern)?);
                }
                PatternKind::MatchClass {
                    cls,
                    patterns,
                    kwd_attrs,
                    kwd_patterns,
                }
            }
            rast::Pattern::MatchStar(s) => PatternKind::MatchStar(match &s.name {
                Some(n) => Some(self.ident(n)?),
                None => None,
            }),
            rast::Pattern::MatchAs(a) => {
                if let Some(n) = &a.name
                    && n.id.as_str() == "_"
                {
                    return Err(self.error("cannot use '_' as a target", n.range));
                }
                PatternKind::MatchAs {
                    pattern: match &a.pattern {
                        Some(p) => Some(Box::new(self.pattern(p)?)),
                        None => None,
                    },
                    name: match &a.name {
                        Some(n) => Some(self.ident(n)?),
                        None => None,
                    },
                }
            }
            rast::Pattern::MatchOr(o) => PatternKind::MatchOr(
                o.patterns
                    .iter()
                    .map(|p| self.pattern(p))
                    .collect::<LResult<Vec<_>>>()?,
            ),
        };
        Ok(Pattern { kind, loc })
    }

    pub(crate) fn enter_depth(&mut self) -> LResult<()> {
        self.depth += 1;
        if self.depth > MAX_AST_DEPTH {
            self.depth -= 1;
            return Err(self.recursion_error());
        }
        Ok(())
    }

    /// CPython's check of `a = b = value` targets, with the "Maybe you meant '=='" hint for a
    /// single invalid target.
    fn check_assign_targets(&self, targets: &[rast::Expr], value: &rast::Expr) -> LResult<()> {
        for t in targets {
            if matches!(t, rast::Expr::Yield(_) | rast::Expr::YieldFrom(_))
                && !self.is_parenthesized(t.range())
            {
                return Err(self.error("assignment to yield expression not possible", t.range()));
            }
        }
        if let [first] = targets
            && self.invalid_target(first, TargetKind::Store).is_some()
            && self.is_bitwise_or_level(first)
            && !matches!(
                first,
                rast::Expr::List(_)
                    | rast::Expr::Tuple(_)
                    | rast::Expr::Generator(_)
                    | rast::Expr::BooleanLiteral(_)
                    | rast::Expr::NoneLiteral(_)
            )
            && self.is_bitwise_or_level(value)
        {
            return Err(self.error(
                format!(
                    "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                    self.expr_name(first)
                ),
                first.range(),
            ));
        }
        for t in targets {
            self.check_target(t, TargetKind::Store)?;
        }
        Ok(())
    }

    /// Whether an expression can be parsed by CPython's `bitwise_or` rule (or is parenthesized).
    fn is_bitwise_or_level(&self, e: &rast::Expr) -> bool {
        let parenthesized = self.is_parenthesized(e.range());
        parenthesized
            || !matches!(
                e,
                rast::Expr::Compare(_)
                    | rast::Expr::BoolOp(_)
                    | rast::Expr::Lambda(_)
                    | rast::Expr::If(_)
                    | rast::Expr::Named(_)
                    | rast::Expr::Yield(_)
                    | rast::Expr::YieldFrom(_)
                    | rast::Expr::Starred(_)
                    | rast::Expr::UnaryOp(rast::ExprUnaryOp {
                        op: rast::UnaryOp::Not,
                        ..
                    })
            )
    }

    /// Whether the expression at `r` is directly surrounded by parentheses.
    pub(crate) fn is_parenthesized(&self, r: TextRange) -> bool {
        let before = &self.src.text[..r.start().to_usize().min(self.src.text.len())];
        let after = &self.src.text[r.end().to_usize().min(self.src.text.len())..];
        before.trim_end().ends_with('(') && after.trim_start().starts_with(')')
    }
}

pub(crate) fn lower_operator(op: rast::Operator) -> Operator {
    match op {
        rast::Operator::Add => Operator::Add,
        rast::Operator::Sub => Operator::Sub,
        rast::Operator::Mult => Operator::Mult,
        rast::Operator::MatMult => Operator::MatMult,
        rast::Operator::Div => Operator::Div,
        rast::Operator::Mod => Operator::Mod,
        rast::Operator::Pow => Operator::Pow,
        rast::Operator::LShift => Operator::LShift,
        rast::Operator::RShift => Operator::RShift,
        rast::Operator::BitOr => Operator::BitOr,
        rast::Operator::BitXor => Operator::BitXor,
        rast::Operator::BitAnd => Operator::BitAnd,
        rast::Operator::FloorDiv => Operator::FloorDiv,
    }
}
