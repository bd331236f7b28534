//! Tern's own Python 3.11 AST, node for node the shape of CPython's `ast` module.
//!
//! Why an own AST instead of compiling ruff's directly:
//! * ruff's AST follows the newest Python and its own needs (implicitly concatenated string
//!   parts, f-string elements, `is_lazy` imports, type parameters, byte ranges); the compiler
//!   ports CPython's `compile.c`/`symtable.c` rules, which are stated on CPython's AST. Lowering
//!   once keeps every 3.11-specific decision (literal decoding incl. lone surrogates, big ints,
//!   f-string shape, target validation, rejecting newer syntax) in one place, `parse::lower`.
//! * Locations are converted once to CPython's coordinates ([`Loc`]), which both the
//!   `SyntaxError`s and the line table need.
//! * A later `ast` module for the runtime can expose these nodes directly.
//!
//! Invariants established by the lowering: every `Name`/`Attribute`/`Subscript`/`Starred`/
//! `List`/`Tuple` carries the context it is used in; store/delete targets are valid target
//! shapes; string constants are already concatenated and decoded; `JoinedStr` values are
//! `Constant(Str)` or `FormattedValue` nodes.

use std::sync::Arc;

use crate::bytecode::Constant;

/// A source location in CPython's convention: 1-based lines, 0-based UTF-8 byte columns.
pub type Loc = crate::bytecode::Location;

/// An identifier (already NFKC-normalised by the lexer).
pub type Ident = Arc<str>;

/// A module: the statements of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Top-level statements.
    pub body: Vec<Stmt>,
}

/// A statement with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// What kind of statement.
    pub kind: StmtKind,
    /// Where it is.
    pub loc: Loc,
}

/// An expression with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// Where it is.
    pub loc: Loc,
}

/// `def` / `async def`.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    /// Function name.
    pub name: Ident,
    /// Parameters.
    pub args: Arguments,
    /// Body statements.
    pub body: Vec<Stmt>,
    /// Decorators, outermost first.
    pub decorator_list: Vec<Expr>,
    /// Return annotation.
    pub returns: Option<Box<Expr>>,
    /// `async def`.
    pub is_async: bool,
}

/// `class`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassDef {
    /// Class name.
    pub name: Ident,
    /// Positional arguments of the class statement (bases).
    pub bases: Vec<Expr>,
    /// Keyword arguments (`metaclass=` ...).
    pub keywords: Vec<Keyword>,
    /// Body statements.
    pub body: Vec<Stmt>,
    /// Decorators, outermost first.
    pub decorator_list: Vec<Expr>,
}

/// Statement kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `def`.
    FunctionDef(Box<FunctionDef>),
    /// `class`.
    ClassDef(Box<ClassDef>),
    /// `return [value]`.
    Return(Option<Expr>),
    /// `del a, b`.
    Delete(Vec<Expr>),
    /// `a = b = value`.
    Assign {
        /// Targets, left to right.
        targets: Vec<Expr>,
        /// Assigned value.
        value: Expr,
    },
    /// `target op= value`.
    AugAssign {
        /// Target (Name, Attribute or Subscript).
        target: Expr,
        /// Operator.
        op: Operator,
        /// Right operand.
        value: Expr,
    },
    /// `target: annotation [= value]`.
    AnnAssign {
        /// Target.
        target: Expr,
        /// Annotation.
        annotation: Expr,
        /// Optional value.
        value: Option<Expr>,
        /// A plain, unparenthesized name target.
        simple: bool,
    },
    /// `for` / `async for`.
    For {
        /// Loop target.
        target: Expr,
        /// Iterated expression.
        iter: Expr,
        /// Loop body.
        body: Vec<Stmt>,
        /// `else` block.
        orelse: Vec<Stmt>,
        /// `async for`.
        is_async: bool,
    },
    /// `while`.
    While {
        /// Condition.
        test: Expr,
        /// Loop body.
        body: Vec<Stmt>,
        /// `else` block.
        orelse: Vec<Stmt>,
    },
    /// `if` (an `elif` chain nests in `orelse`).
    If {
        /// Condition.
        test: Expr,
        /// Then block.
        body: Vec<Stmt>,
        /// Else block.
        orelse: Vec<Stmt>,
    },
    /// `with` / `async with`.
    With {
        /// Context managers.
        items: Vec<WithItem>,
        /// Body.
        body: Vec<Stmt>,
        /// `async with`.
        is_async: bool,
    },
    /// `match`.
    Match {
        /// Subject.
        subject: Expr,
        /// Cases in order.
        cases: Vec<MatchCase>,
    },
    /// `raise [exc [from cause]]`.
    Raise {
        /// Exception.
        exc: Option<Expr>,
        /// Cause.
        cause: Option<Expr>,
    },
    /// `try` / `try ... except*`.
    Try {
        /// Protected body.
        body: Vec<Stmt>,
        /// Handlers.
        handlers: Vec<ExceptHandler>,
        /// `else` block.
        orelse: Vec<Stmt>,
        /// `finally` block.
        finalbody: Vec<Stmt>,
        /// `except*` handlers.
        is_star: bool,
    },
    /// `assert test[, msg]`.
    Assert {
        /// Condition.
        test: Expr,
        /// Message.
        msg: Option<Expr>,
    },
    /// `import a.b as c, d`.
    Import(Vec<Alias>),
    /// `from .mod import a as b`.
    ImportFrom {
        /// Module (None for `from . import x`).
        module: Option<Ident>,
        /// Imported names (`*` is a single alias named `*`).
        names: Vec<Alias>,
        /// Number of leading dots.
        level: u32,
    },
    /// `global a, b`.
    Global(Vec<Ident>),
    /// `nonlocal a, b`.
    Nonlocal(Vec<Ident>),
    /// An expression statement.
    Expr(Expr),
    /// `pass`.
    Pass,
    /// `break`.
    Break,
    /// `continue`.
    Continue,
}

/// Expression kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `a and b and c` / `a or b`.
    BoolOp {
        /// Operator.
        op: BoolOp,
        /// Two or more operands.
        values: Vec<Expr>,
    },
    /// `target := value`.
    NamedExpr {
        /// A Name in store context.
        target: Box<Expr>,
        /// Value.
        value: Box<Expr>,
    },
    /// `left op right`.
    BinOp {
        /// Left operand.
        left: Box<Expr>,
        /// Operator.
        op: Operator,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `op operand`.
    UnaryOp {
        /// Operator.
        op: UnaryOp,
        /// Operand.
        operand: Box<Expr>,
    },
    /// `lambda args: body`.
    Lambda {
        /// Parameters.
        args: Box<Arguments>,
        /// Body expression.
        body: Box<Expr>,
    },
    /// `body if test else orelse`.
    IfExp {
        /// Condition.
        test: Box<Expr>,
        /// Value if true.
        body: Box<Expr>,
        /// Value if false.
        orelse: Box<Expr>,
    },
    /// `{k: v, **d}`: a `None` key is a `**` unpacking.
    Dict {
        /// Keys.
        keys: Vec<Option<Expr>>,
        /// Values.
        values: Vec<Expr>,
    },
    /// `{a, b}`.
    Set(Vec<Expr>),
    /// `[elt for ...]`.
    ListComp {
        /// Element.
        elt: Box<Expr>,
        /// `for`/`if` clauses.
        generators: Vec<Comprehension>,
    },
    /// `{elt for ...}`.
    SetComp {
        /// Element.
        elt: Box<Expr>,
        /// `for`/`if` clauses.
        generators: Vec<Comprehension>,
    },
    /// `{k: v for ...}`.
    DictComp {
        /// Key.
        key: Box<Expr>,
        /// Value.
        value: Box<Expr>,
        /// `for`/`if` clauses.
        generators: Vec<Comprehension>,
    },
    /// `(elt for ...)`.
    GeneratorExp {
        /// Element.
        elt: Box<Expr>,
        /// `for`/`if` clauses.
        generators: Vec<Comprehension>,
    },
    /// `await value`.
    Await(Box<Expr>),
    /// `yield [value]`.
    Yield(Option<Box<Expr>>),
    /// `yield from value`.
    YieldFrom(Box<Expr>),
    /// `left op1 c1 op2 c2 ...`.
    Compare {
        /// Leftmost operand.
        left: Box<Expr>,
        /// Operators.
        ops: Vec<CmpOp>,
        /// Right operands.
        comparators: Vec<Expr>,
    },
    /// `func(args, keywords)`.
    Call {
        /// Callee.
        func: Box<Expr>,
        /// Positional arguments (may contain `Starred`).
        args: Vec<Expr>,
        /// Keyword arguments (`arg == None` for `**`).
        keywords: Vec<Keyword>,
    },
    /// A replacement field of an f-string.
    FormattedValue {
        /// Formatted expression.
        value: Box<Expr>,
        /// `!s`, `!r`, `!a` or none.
        conversion: Conversion,
        /// Format spec (a `JoinedStr`).
        format_spec: Option<Box<Expr>>,
    },
    /// An f-string: `Constant(Str)` and `FormattedValue` parts.
    JoinedStr(Vec<Expr>),
    /// A literal constant (after folding also tuples and frozensets of constants).
    Constant(Constant),
    /// `value.attr`.
    Attribute {
        /// Object.
        value: Box<Expr>,
        /// Attribute name.
        attr: Ident,
        /// Context.
        ctx: Ctx,
    },
    /// `value[slice]`.
    Subscript {
        /// Object.
        value: Box<Expr>,
        /// Index or `Slice`.
        slice: Box<Expr>,
        /// Context.
        ctx: Ctx,
    },
    /// `*value`.
    Starred {
        /// Starred expression.
        value: Box<Expr>,
        /// Context.
        ctx: Ctx,
    },
    /// A name.
    Name {
        /// Identifier.
        id: Ident,
        /// Context.
        ctx: Ctx,
    },
    /// `[a, b]`.
    List {
        /// Elements.
        elts: Vec<Expr>,
        /// Context.
        ctx: Ctx,
    },
    /// `(a, b)`.
    Tuple {
        /// Elements.
        elts: Vec<Expr>,
        /// Context.
        ctx: Ctx,
    },
    /// `lower:upper:step` (only as a subscript index or tuple element of one).
    Slice {
        /// Lower bound.
        lower: Option<Box<Expr>>,
        /// Upper bound.
        upper: Option<Box<Expr>>,
        /// Step.
        step: Option<Box<Expr>>,
    },
}

/// Expression context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ctx {
    /// Read.
    Load,
    /// Assigned.
    Store,
    /// Deleted.
    Del,
}

/// `and` / `or`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BoolOp {
    /// `and`.
    And,
    /// `or`.
    Or,
}

/// Binary operators (also the augmented-assignment operators).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mult,
    /// `@`
    MatMult,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `&`
    BitAnd,
    /// `//`
    FloorDiv,
}

impl Operator {
    /// The operator symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Operator::Add => "+",
            Operator::Sub => "-",
            Operator::Mult => "*",
            Operator::MatMult => "@",
            Operator::Div => "/",
            Operator::Mod => "%",
            Operator::Pow => "**",
            Operator::LShift => "<<",
            Operator::RShift => ">>",
            Operator::BitOr => "|",
            Operator::BitXor => "^",
            Operator::BitAnd => "&",
            Operator::FloorDiv => "//",
        }
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `~`
    Invert,
    /// `not`
    Not,
    /// `+`
    UAdd,
    /// `-`
    USub,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtE,
    /// `>`
    Gt,
    /// `>=`
    GtE,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
        }
    }
}

/// f-string conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Conversion {
    /// No conversion.
    None,
    /// `!s`
    Str,
    /// `!r`
    Repr,
    /// `!a`
    Ascii,
}

/// One `for ... in ... if ...` clause of a comprehension.
#[derive(Debug, Clone, PartialEq)]
pub struct Comprehension {
    /// Loop target.
    pub target: Expr,
    /// Iterated expression.
    pub iter: Expr,
    /// Filters.
    pub ifs: Vec<Expr>,
    /// `async for`.
    pub is_async: bool,
}

/// An `except` clause.
#[derive(Debug, Clone, PartialEq)]
pub struct ExceptHandler {
    /// Matched type (None for a bare `except:`).
    pub typ: Option<Expr>,
    /// `as name`.
    pub name: Option<Ident>,
    /// Handler body.
    pub body: Vec<Stmt>,
    /// Location of the whole clause.
    pub loc: Loc,
}

/// Function parameters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Arguments {
    /// Positional-only parameters.
    pub posonlyargs: Vec<Arg>,
    /// Positional-or-keyword parameters.
    pub args: Vec<Arg>,
    /// `*args`.
    pub vararg: Option<Arg>,
    /// Keyword-only parameters.
    pub kwonlyargs: Vec<Arg>,
    /// Defaults of keyword-only parameters (aligned with `kwonlyargs`).
    pub kw_defaults: Vec<Option<Expr>>,
    /// `**kwargs`.
    pub kwarg: Option<Arg>,
    /// Defaults of the last positional parameters.
    pub defaults: Vec<Expr>,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Name.
    pub arg: Ident,
    /// Annotation.
    pub annotation: Option<Box<Expr>>,
    /// Location.
    pub loc: Loc,
}

/// A keyword argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    /// Name (`None` for `**value`).
    pub arg: Option<Ident>,
    /// Value.
    pub value: Expr,
    /// Location.
    pub loc: Loc,
}

/// `name as asname` in an import.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// Dotted name (or `*`).
    pub name: Ident,
    /// Alias.
    pub asname: Option<Ident>,
    /// Location.
    pub loc: Loc,
}

/// One item of a `with` statement.
#[derive(Debug, Clone, PartialEq)]
pub struct WithItem {
    /// Context manager expression.
    pub context_expr: Expr,
    /// `as` target.
    pub optional_vars: Option<Expr>,
}

/// A `case` block.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchCase {
    /// Pattern.
    pub pattern: Pattern,
    /// `if` guard.
    pub guard: Option<Expr>,
    /// Body.
    pub body: Vec<Stmt>,
}

/// A pattern with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// Kind.
    pub kind: PatternKind,
    /// Location.
    pub loc: Loc,
}

/// Pattern kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum PatternKind {
    /// A value pattern (literal or dotted name), compared with `==`.
    MatchValue(Expr),
    /// `None`, `True`, `False`: compared with `is`.
    MatchSingleton(Constant),
    /// `[a, *rest, b]`.
    MatchSequence(Vec<Pattern>),
    /// `{key: pattern, **rest}`.
    MatchMapping {
        /// Keys (literals or value patterns).
        keys: Vec<Expr>,
        /// Sub-patterns.
        patterns: Vec<Pattern>,
        /// `**rest`.
        rest: Option<Ident>,
    },
    /// `Cls(p, kw=q)`.
    MatchClass {
        /// Class expression (a dotted name).
        cls: Expr,
        /// Positional sub-patterns.
        patterns: Vec<Pattern>,
        /// Keyword names.
        kwd_attrs: Vec<Ident>,
        /// Keyword sub-patterns.
        kwd_patterns: Vec<Pattern>,
    },
    /// `*name` / `*_` inside a sequence pattern.
    MatchStar(Option<Ident>),
    /// `pattern as name`, a capture `name` (pattern None) or the wildcard `_` (both None).
    MatchAs {
        /// Sub-pattern.
        pattern: Option<Box<Pattern>>,
        /// Bound name.
        name: Option<Ident>,
    },
    /// `p1 | p2 | ...`.
    MatchOr(Vec<Pattern>),
}

impl Expr {
    /// Builds an expression.
    pub fn new(kind: ExprKind, loc: Loc) -> Expr {
        Expr { kind, loc }
    }

    /// The constant value, if this is a `Constant`.
    pub fn as_constant(&self) -> Option<&Constant> {
        match &self.kind {
            ExprKind::Constant(c) => Some(c),
            _ => None,
        }
    }
}
