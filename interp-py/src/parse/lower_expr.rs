//! Lowering of ruff expressions (see `lower.rs` for the overview): literals are decoded from
//! their source text, f-strings become 3.11-shaped `JoinedStr`/`FormattedValue` trees, and
//! assignment targets are validated with CPython's messages.

use std::sync::Arc;

use ruff_python_ast as rast;
use ruff_python_ast::token::TokenKind;
use ruff_text_size::{Ranged, TextRange, TextSize};

use super::literals::{decode_bytes_warn, decode_str_warn, parse_int_literal, split_string_token};
use super::lower::{LResult, Lowerer, TargetKind, lower_operator};
use crate::ast::*;
use crate::bytecode::{Constant, PyStr};
use crate::syntax_error::{CompileError, ErrorKind};

/// Accumulates the parts of a `JoinedStr`, merging adjacent literal text.
struct JoinedBuilder {
    parts: Vec<Expr>,
    pending: Option<(PyStr, Loc)>,
}

impl JoinedBuilder {
    fn new() -> JoinedBuilder {
        JoinedBuilder {
            parts: Vec::new(),
            pending: None,
        }
    }

    fn push_str(&mut self, s: PyStr, loc: Loc) {
        if s.is_empty() {
            return;
        }
        self.pending = Some(match self.pending.take() {
            Some((prev, l)) => (prev.concat(&s), l),
            None => (s, loc),
        });
    }

    fn flush(&mut self) {
        if let Some((s, loc)) = self.pending.take() {
            self.parts
                .push(Expr::new(ExprKind::Constant(Constant::Str(s)), loc));
        }
    }

    fn push_expr(&mut self, e: Expr) {
        self.flush();
        self.parts.push(e);
    }

    fn finish(mut self) -> Vec<Expr> {
        self.flush();
        self.parts
    }
}

impl<'a> Lowerer<'a> {
    /// Lowers an expression in load context.
    pub(crate) fn expr(&mut self, e: &rast::Expr) -> LResult<Expr> {
        self.expr_ctx(e, Ctx::Load)
    }

    /// Lowers a target after validating it.
    pub(crate) fn target(&mut self, e: &rast::Expr, kind: TargetKind) -> LResult<Expr> {
        self.check_target(e, kind)?;
        self.expr_ctx(
            e,
            if kind == TargetKind::Del {
                Ctx::Del
            } else {
                Ctx::Store
            },
        )
    }

    /// CPython's `RAISE_SYNTAX_ERROR_INVALID_TARGET`.
    pub(crate) fn check_target(&self, e: &rast::Expr, kind: TargetKind) -> LResult<()> {
        if let Some(bad) = self.invalid_target(e, kind) {
            let verb = if kind == TargetKind::Del {
                "delete"
            } else {
                "assign to"
            };
            return Err(self.error(
                format!("cannot {verb} {}", self.expr_name(bad)),
                bad.range(),
            ));
        }
        Ok(())
    }

    /// CPython's `_PyPegen_get_invalid_target`.
    pub(crate) fn invalid_target<'e>(
        &self,
        e: &'e rast::Expr,
        kind: TargetKind,
    ) -> Option<&'e rast::Expr> {
        match e {
            rast::Expr::List(l) => l.elts.iter().find_map(|x| self.invalid_target(x, kind)),
            rast::Expr::Tuple(t) => t.elts.iter().find_map(|x| self.invalid_target(x, kind)),
            rast::Expr::Starred(s) => {
                if kind == TargetKind::Del {
                    Some(e)
                } else {
                    self.invalid_target(&s.value, kind)
                }
            }
            rast::Expr::Compare(c) => {
                if kind == TargetKind::For {
                    if c.ops.first() == Some(&rast::CmpOp::In) {
                        self.invalid_target(&c.left, kind)
                    } else {
                        None
                    }
                } else {
                    Some(e)
                }
            }
            rast::Expr::Name(n) if n.ctx != rast::ExprContext::Invalid => None,
            rast::Expr::Subscript(_) | rast::Expr::Attribute(_) => None,
            _ => Some(e),
        }
    }

    /// CPython's `_PyPegen_get_expr_name`.
    pub(crate) fn expr_name(&self, e: &rast::Expr) -> &'static str {
        match e {
            rast::Expr::Attribute(_) => "attribute",
            rast::Expr::Subscript(_) => "subscript",
            rast::Expr::Starred(_) => "starred",
            rast::Expr::Name(_) => "name",
            rast::Expr::List(_) => "list",
            rast::Expr::Tuple(_) => "tuple",
            rast::Expr::Lambda(_) => "lambda",
            rast::Expr::Call(_) => "function call",
            rast::Expr::BoolOp(_) | rast::Expr::BinOp(_) | rast::Expr::UnaryOp(_) => "expression",
            rast::Expr::Generator(_) => "generator expression",
            rast::Expr::Yield(_) | rast::Expr::YieldFrom(_) => "yield expression",
            rast::Expr::Await(_) => "await expression",
            rast::Expr::ListComp(_) => "list comprehension",
            rast::Expr::SetComp(_) => "set comprehension",
            rast::Expr::DictComp(_) => "dict comprehension",
            rast::Expr::Dict(_) => "dict literal",
            rast::Expr::Set(_) => "set display",
            rast::Expr::FString(_) | rast::Expr::TString(_) => "f-string expression",
            rast::Expr::NoneLiteral(_) => "None",
            rast::Expr::BooleanLiteral(b) => {
                if b.value {
                    "True"
                } else {
                    "False"
                }
            }
            rast::Expr::EllipsisLiteral(_) => "ellipsis",
            rast::Expr::StringLiteral(_)
            | rast::Expr::BytesLiteral(_)
            | rast::Expr::NumberLiteral(_) => "literal",
            rast::Expr::Compare(_) => "comparison",
            rast::Expr::If(_) => "conditional expression",
            rast::Expr::Named(_) => "named expression",
            rast::Expr::Slice(_) | rast::Expr::IpyEscapeCommand(_) => "expression",
        }
    }

    fn expr_ctx(&mut self, e: &rast::Expr, ctx: Ctx) -> LResult<Expr> {
        self.enter_depth()?;
        let result = stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.expr_inner(e, ctx));
        self.depth -= 1;
        result
    }

    fn opt_expr(&mut self, e: &Option<Box<rast::Expr>>) -> LResult<Option<Box<Expr>>> {
        Ok(match e {
            Some(e) => Some(Box::new(self.expr(e)?)),
            None => None,
        })
    }

    fn exprs(&mut self, es: &[rast::Expr], ctx: Ctx) -> LResult<Vec<Expr>> {
        es.iter().map(|e| self.expr_ctx(e, ctx)).collect()
    }

    fn expr_inner(&mut self, e: &rast::Expr, ctx: Ctx) -> LResult<Expr> {
        let range = e.range();
        let loc = self.loc(range);
        let kind = match e {
            rast::Expr::BoolOp(b) => ExprKind::BoolOp {
                op: match b.op {
                    rast::BoolOp::And => BoolOp::And,
                    rast::BoolOp::Or => BoolOp::Or,
                },
                values: self.exprs(&b.values, Ctx::Load)?,
            },
            rast::Expr::Named(n) => {
                if !matches!(&*n.target, rast::Expr::Name(_)) {
                    return Err(self.error(
                        format!(
                            "cannot use assignment expressions with {}",
                            self.expr_name(&n.target)
                        ),
                        n.target.range(),
                    ));
                }
                ExprKind::NamedExpr {
                    target: Box::new(self.expr_ctx(&n.target, Ctx::Store)?),
                    value: Box::new(self.expr(&n.value)?),
                }
            }
            rast::Expr::BinOp(b) => ExprKind::BinOp {
                left: Box::new(self.expr(&b.left)?),
                op: lower_operator(b.op),
                right: Box::new(self.expr(&b.right)?),
            },
            rast::Expr::UnaryOp(u) => ExprKind::UnaryOp {
                op: match u.op {
                    rast::UnaryOp::Invert => UnaryOp::Invert,
                    rast::UnaryOp::Not => UnaryOp::Not,
                    rast::UnaryOp::UAdd => UnaryOp::UAdd,
                    rast::UnaryOp::USub => UnaryOp::USub,
                },
                operand: Box::new(self.expr(&u.operand)?),
            },
            rast::Expr::Lambda(l) => ExprKind::Lambda {
                args: Box::new(self.parameters(l.parameters.as_deref())?),
                body: Box::new(self.expr(&l.body)?),
            },
            rast::Expr::If(i) => ExprKind::IfExp {
                test: Box::new(self.expr(&i.test)?),
                body: Box::new(self.expr(&i.body)?),
                orelse: Box::new(self.expr(&i.orelse)?),
            },
            rast::Expr::Dict(d) => {
                let mut keys = Vec::with_capacity(d.items.len());
                let mut values = Vec::with_capacity(d.items.len());
                for item in &d.items {
                    keys.push(match &item.key {
                        Some(k) => Some(self.expr(k)?),
                        None => None,
                    });
                    values.push(self.expr(&item.value)?);
                }
                ExprKind::Dict { keys, values }
            }
            rast::Expr::Set(s) => ExprKind::Set(self.exprs(&s.elts, Ctx::Load)?),
            rast::Expr::ListComp(c) => ExprKind::ListComp {
                elt: Box::new(self.expr(&c.elt)?),
                generators: self.comprehensions(&c.generators)?,
            },
            rast::Expr::SetComp(c) => ExprKind::SetComp {
                elt: Box::new(self.expr(&c.elt)?),
                generators: self.comprehensions(&c.generators)?,
            },
            rast::Expr::DictComp(c) => {
                let Some(key) = &c.key else {
                    return Err(
                        self.error("dict unpacking cannot be used in dict comprehension", range)
                    );
                };
                ExprKind::DictComp {
                    key: Box::new(self.expr(key)?),
                    value: Box::new(self.expr(&c.value)?),
                    generators: self.comprehensions(&c.generators)?,
                }
            }
            rast::Expr::Generator(g) => ExprKind::GeneratorExp {
                elt: Box::new(self.expr(&g.elt)?),
                generators: self.comprehensions(&g.generators)?,
            },
            rast::Expr::Await(a) => ExprKind::Await(Box::new(self.expr(&a.value)?)),
            rast::Expr::Yield(y) => ExprKind::Yield(self.opt_expr(&y.value)?),
            rast::Expr::YieldFrom(y) => ExprKind::YieldFrom(Box::new(self.expr(&y.value)?)),
            rast::Expr::Compare(c) => ExprKind::Compare {
                left: Box::new(self.expr(&c.left)?),
                ops: c
                    .ops
                    .iter()
                    .map(|op| match op {
                        rast::CmpOp::Eq => CmpOp::Eq,
                        rast::CmpOp::NotEq => CmpOp::NotEq,
                        rast::CmpOp::Lt => CmpOp::Lt,
                        rast::CmpOp::LtE => CmpOp::LtE,
                        rast::CmpOp::Gt => CmpOp::Gt,
                        rast::CmpOp::GtE => CmpOp::GtE,
                        rast::CmpOp::Is => CmpOp::Is,
                        rast::CmpOp::IsNot => CmpOp::IsNot,
                        rast::CmpOp::In => CmpOp::In,
                        rast::CmpOp::NotIn => CmpOp::NotIn,
                    })
                    .collect(),
                comparators: self.exprs(&c.comparators, Ctx::Load)?,
            },
            rast::Expr::Call(c) => {
                let func = Box::new(self.expr(&c.func)?);
                let (args, keywords) = self.call_arguments(&c.arguments)?;
                ExprKind::Call {
                    func,
                    args,
                    keywords,
                }
            }
            rast::Expr::FString(f) => return self.fstring(f),
            rast::Expr::TString(t) => return Err(self.invalid(t.range)),
            rast::Expr::StringLiteral(s) => return self.string_literal(s),
            rast::Expr::BytesLiteral(b) => return self.bytes_literal(b),
            rast::Expr::NumberLiteral(n) => ExprKind::Constant(match &n.value {
                rast::Number::Int(i) => match i.as_i64() {
                    Some(v) => Constant::Int(v),
                    None => {
                        let v = parse_int_literal(self.text(n.range)).map_err(|m| {
                            // CPython omits the columns for this one (no wall of carets).
                            let (line, col) = self.src.index.line_col(n.range.start().to_u32());
                            let mut e = self.src.error_raw(
                                ErrorKind::SyntaxError,
                                m,
                                line,
                                col,
                                Some(line),
                                Some(0),
                            );
                            e.offset = Some(0);
                            e
                        })?;
                        Constant::from_bigint(v)
                    }
                },
                rast::Number::Float(f) => Constant::Float(*f),
                rast::Number::Complex { real, imag } => Constant::Complex {
                    re: *real,
                    im: *imag,
                },
            }),
            rast::Expr::BooleanLiteral(b) => ExprKind::Constant(Constant::Bool(b.value)),
            rast::Expr::NoneLiteral(_) => ExprKind::Constant(Constant::None),
            rast::Expr::EllipsisLiteral(_) => ExprKind::Constant(Constant::Ellipsis),
            rast::Expr::Attribute(a) => ExprKind::Attribute {
                value: Box::new(self.expr(&a.value)?),
                attr: self.ident(&a.attr)?,
                ctx,
            },
            rast::Expr::Subscript(s) => ExprKind::Subscript {
                value: Box::new(self.expr(&s.value)?),
                slice: Box::new(self.expr(&s.slice)?),
                ctx,
            },
            rast::Expr::Starred(s) => ExprKind::Starred {
                value: Box::new(self.expr_ctx(&s.value, ctx)?),
                ctx,
            },
            rast::Expr::Name(n) => {
                if n.ctx == rast::ExprContext::Invalid || n.id.is_empty() {
                    return Err(self.invalid(n.range));
                }
                ExprKind::Name {
                    id: Arc::from(n.id.as_str()),
                    ctx,
                }
            }
            rast::Expr::List(l) => ExprKind::List {
                elts: self.exprs(&l.elts, ctx)?,
                ctx,
            },
            rast::Expr::Tuple(t) => ExprKind::Tuple {
                elts: self.exprs(&t.elts, ctx)?,
                ctx,
            },
            rast::Expr::Slice(s) => ExprKind::Slice {
                lower: self.opt_expr(&s.lower)?,
                upper: self.opt_expr(&s.upper)?,
                step: self.opt_expr(&s.step)?,
            },
            rast::Expr::IpyEscapeCommand(c) => return Err(self.invalid(c.range)),
        };
        Ok(Expr { kind, loc })
    }

    fn comprehensions(&mut self, gens: &[rast::Comprehension]) -> LResult<Vec<Comprehension>> {
        let mut out = Vec::with_capacity(gens.len());
        for g in gens {
            out.push(Comprehension {
                target: self.target(&g.target, TargetKind::Store)?,
                iter: self.expr(&g.iter)?,
                ifs: self.exprs(&g.ifs, Ctx::Load)?,
                is_async: g.is_async,
            });
        }
        Ok(out)
    }

    /// The range CPython reports for errors raised while building a string atom: the token
    /// after it (zero-width when it is a newline).
    pub(crate) fn token_after(&self, end: TextSize) -> TextRange {
        let idx = self.tokens.partition_point(|t| t.range().start() < end);
        for t in &self.tokens[idx..] {
            match t.kind() {
                TokenKind::Comment | TokenKind::NonLogicalNewline => continue,
                TokenKind::Newline
                | TokenKind::EndOfFile
                | TokenKind::Dedent
                | TokenKind::Indent => {
                    return TextRange::empty(t.range().start());
                }
                _ => return t.range(),
            }
        }
        TextRange::empty(end)
    }

    fn literal_error(&self, msg: String, atom: TextRange) -> CompileError {
        let r = self.token_after(atom.end());
        self.error(msg, r)
    }

    fn string_literal(&mut self, s: &rast::ExprStringLiteral) -> LResult<Expr> {
        let mut value = PyStr::new("");
        for part in s.value.iter() {
            let text = self.text(part.range);
            let tok = split_string_token(text).ok_or_else(|| self.invalid(part.range))?;
            if tok.bytes || tok.fstring {
                return Err(
                    self.literal_error("cannot mix bytes and nonbytes literals".into(), s.range)
                );
            }
            let (decoded, warning) = decode_str_warn(tok.body, tok.raw, false)
                .map_err(|m| self.literal_error(m, s.range))?;
            self.escape_warning(warning, part.range);
            value = value.concat(&decoded);
        }
        Ok(Expr::new(
            ExprKind::Constant(Constant::Str(value)),
            self.loc(s.range),
        ))
    }

    fn bytes_literal(&mut self, b: &rast::ExprBytesLiteral) -> LResult<Expr> {
        let mut value = Vec::new();
        for part in b.value.iter() {
            let text = self.text(part.range);
            let tok = split_string_token(text).ok_or_else(|| self.invalid(part.range))?;
            if !tok.bytes {
                return Err(
                    self.literal_error("cannot mix bytes and nonbytes literals".into(), b.range)
                );
            }
            match decode_bytes_warn(tok.body, tok.raw) {
                Ok((v, warning)) => {
                    self.escape_warning(warning, part.range);
                    value.extend_from_slice(&v);
                }
                Err(Some(msg)) => return Err(self.literal_error(msg, b.range)),
                Err(None) => {
                    return Err(self.error(
                        "bytes can only contain ASCII literal characters",
                        part.range,
                    ));
                }
            }
        }
        Ok(Expr::new(
            ExprKind::Constant(Constant::Bytes(Arc::from(value))),
            self.loc(b.range),
        ))
    }

    fn fstring(&mut self, f: &rast::ExprFString) -> LResult<Expr> {
        let loc = self.loc(f.range);
        let mut builder = JoinedBuilder::new();
        for part in f.value.iter() {
            match part {
                rast::FStringPart::Literal(lit) => {
                    let text = self.text(lit.range);
                    let tok = split_string_token(text).ok_or_else(|| self.invalid(lit.range))?;
                    if tok.bytes {
                        return Err(self.literal_error(
                            "cannot mix bytes and nonbytes literals".into(),
                            f.range,
                        ));
                    }
                    let (s, warning) = decode_str_warn(tok.body, tok.raw, false)
                        .map_err(|m| self.literal_error(m, f.range))?;
                    self.escape_warning(warning, lit.range);
                    builder.push_str(s, loc);
                }
                rast::FStringPart::FString(fs) => {
                    let raw = split_string_token(self.text(fs.range)).is_some_and(|t| t.raw);
                    self.fstring_elements(&fs.elements, raw, &mut builder, loc, f.range)?;
                }
            }
        }
        Ok(Expr::new(ExprKind::JoinedStr(builder.finish()), loc))
    }

    fn fstring_elements(
        &mut self,
        elements: &rast::InterpolatedStringElements,
        raw: bool,
        builder: &mut JoinedBuilder,
        loc: Loc,
        whole: TextRange,
    ) -> LResult<()> {
        for el in elements.iter() {
            match el {
                rast::InterpolatedStringElement::Literal(l) => {
                    let (s, warning) = decode_str_warn(self.text(l.range), raw, true)
                        .map_err(|m| self.literal_error(m, whole))?;
                    self.escape_warning(warning, l.range);
                    builder.push_str(s, loc);
                }
                rast::InterpolatedStringElement::Interpolation(i) => {
                    if let Some(dbg) = &i.debug_text {
                        builder.push_str(PyStr::new(dbg.as_str()), loc);
                    }
                    let value = self.expr(&i.expression)?;
                    let mut conversion = match i.conversion {
                        rast::ConversionFlag::None => Conversion::None,
                        rast::ConversionFlag::Str => Conversion::Str,
                        rast::ConversionFlag::Repr => Conversion::Repr,
                        rast::ConversionFlag::Ascii => Conversion::Ascii,
                    };
                    let format_spec = match &i.format_spec {
                        Some(spec) => {
                            let mut inner = JoinedBuilder::new();
                            let spec_loc = self.loc(spec.range);
                            self.fstring_elements(
                                &spec.elements,
                                raw,
                                &mut inner,
                                spec_loc,
                                whole,
                            )?;
                            Some(Box::new(Expr::new(
                                ExprKind::JoinedStr(inner.finish()),
                                spec_loc,
                            )))
                        }
                        None => None,
                    };
                    if i.debug_text.is_some()
                        && conversion == Conversion::None
                        && format_spec.is_none()
                    {
                        conversion = Conversion::Repr;
                    }
                    builder.push_expr(Expr::new(
                        ExprKind::FormattedValue {
                            value: Box::new(value),
                            conversion,
                            format_spec,
                        },
                        self.loc(i.range),
                    ));
                }
            }
        }
        Ok(())
    }
}
