//! Integer constant expressions in cdef text (`#define` values, array lengths, enumerator
//! values): `+ - * / % << >> & | ^ ~ !`, parentheses, casts to integer types,
//! `sizeof(type)`, and names of earlier constants.
//!
//! Invariants: evaluation is in `i128` with checked arithmetic, so no input overflows or
//! panics; results that are stored must fit a 64-bit C integer (`check_constant_range`);
//! nesting depth is bounded by the parser's `enter`/`leave`.

use super::{PResult, Parser};
use crate::lexer::Tok;

impl Parser<'_> {
    pub(super) fn const_expr(&mut self) -> PResult<i128> {
        self.binary(0)
    }

    /// Precedence climbing over the binary operators, loosest first.
    fn binary(&mut self, level: usize) -> PResult<i128> {
        const LEVELS: [&[&str]; 6] = [
            &["|"],
            &["^"],
            &["&"],
            &["<<", ">>"],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        loop {
            let op = match self.peek() {
                Tok::Punct(p) if LEVELS[level].contains(p) => *p,
                _ => return Ok(left),
            };
            let (line, column) = (self.token().line, self.token().column);
            self.bump();
            let right = self.binary(level + 1)?;
            let fail = |m: &str| self.type_error_at(line, column, m.to_string());
            left = match op {
                "|" => left | right,
                "^" => left ^ right,
                "&" => left & right,
                "<<" | ">>" => {
                    let shift = u32::try_from(right)
                        .ok()
                        .filter(|s| *s < 64)
                        .ok_or_else(|| fail("shift count must be between 0 and 63"))?;
                    if op == "<<" {
                        left.checked_mul(1i128 << shift)
                            .ok_or_else(|| fail("constant expression overflows"))?
                    } else {
                        left >> shift
                    }
                }
                "+" => left
                    .checked_add(right)
                    .ok_or_else(|| fail("constant expression overflows"))?,
                "-" => left
                    .checked_sub(right)
                    .ok_or_else(|| fail("constant expression overflows"))?,
                "*" => left
                    .checked_mul(right)
                    .ok_or_else(|| fail("constant expression overflows"))?,
                "/" | "%" => {
                    if right == 0 {
                        return Err(fail("division by zero in a constant expression"));
                    }
                    let result = if op == "/" {
                        left.checked_div(right)
                    } else {
                        left.checked_rem(right)
                    };
                    result.ok_or_else(|| fail("constant expression overflows"))?
                }
                _ => unreachable!("operator list and match agree"),
            };
        }
    }

    fn unary(&mut self) -> PResult<i128> {
        self.enter()?;
        let result = self.unary_inner();
        self.leave();
        result
    }

    fn unary_inner(&mut self) -> PResult<i128> {
        let overflow = |p: &Self| p.error_here("constant expression overflows");
        match self.peek().clone() {
            Tok::Punct("-") => {
                self.bump();
                let value = self.unary()?;
                value.checked_neg().ok_or_else(|| overflow(self))
            }
            Tok::Punct("+") => {
                self.bump();
                self.unary()
            }
            Tok::Punct("~") => {
                self.bump();
                Ok(!self.unary()?)
            }
            Tok::Punct("!") => {
                self.bump();
                Ok(i128::from(self.unary()? == 0))
            }
            Tok::Punct("(") => {
                self.bump();
                if self.starts_type() {
                    let ty = self.type_name()?;
                    self.expect_punct(")", "to close the cast")?;
                    let value = self.unary()?;
                    return match self.types.scalar(ty) {
                        Some(scalar) if !scalar.is_float() => Ok(scalar.wrap(value)),
                        _ => Err(self.error_here(format!(
                            "cannot cast to `{}` in a constant expression",
                            self.types.name(ty)
                        ))),
                    };
                }
                let value = self.const_expr()?;
                self.expect_punct(")", "to close the parenthesis")?;
                Ok(value)
            }
            Tok::Int(value) => {
                self.bump();
                Ok(value)
            }
            Tok::Ident(name) if name == "sizeof" => {
                self.bump();
                if !self.is_punct("(") {
                    return Err(
                        self.expected("`(` after `sizeof` (only `sizeof(type)` is supported)")
                    );
                }
                self.bump();
                if !self.starts_type() {
                    return Err(self.expected("a type name in `sizeof(...)`"));
                }
                let ty = self.type_name()?;
                self.expect_punct(")", "to close `sizeof(...)`")?;
                match self.types.layout(ty) {
                    Some(layout) => Ok(i128::from(layout.size)),
                    None => Err(self.error_here(format!(
                        "`sizeof` of incomplete type `{}`",
                        self.types.name(ty)
                    ))),
                }
            }
            Tok::Ident(name) => match self.reg.constants.get(&name) {
                Some(value) => {
                    let value = *value;
                    self.bump();
                    Ok(value)
                }
                None => Err(self.error_here(format!(
                    "unknown constant `{name}` (expected an integer constant expression)"
                ))),
            },
            _ => Err(self.expected("an integer constant expression")),
        }
    }
}

/// Constants must fit a 64-bit C integer type (signed or unsigned).
pub(super) fn check_constant_range(value: i128) -> Result<(), String> {
    if value < i128::from(i64::MIN) || value > i128::from(u64::MAX) {
        Err(format!("constant {value} does not fit in 64 bits"))
    } else {
        Ok(())
    }
}
