//! Symbol tables: the scope of every name, exactly like CPython 3.11's `symtable.c`.
//!
//! Pass 1 ([`SymbolTable::build`]) walks the AST in CPython's order, creating one [`Scope`] per
//! module, class, function, lambda, comprehension and generator expression (3.11 compiles
//! comprehensions as functions), and records how each name is used (`DEF_*` flags), reporting
//! the errors CPython's symtable reports (global/nonlocal misuse, duplicate arguments, walrus
//! rules, `yield` in comprehensions, `import *` in functions, ...). Pass 2 (`analyze`) resolves
//! every name to LOCAL, GLOBAL_EXPLICIT, GLOBAL_IMPLICIT, FREE or CELL, including the implicit
//! `__class__` cell of classes whose methods use `super()` or `__class__`, and the
//! `DEF_FREE_CLASS` rule (a class passes through a free variable its methods use even when the
//! class binds the same name).
//!
//! Names are stored mangled (`__x` inside `class C` is `_C__x`), as in CPython. Scopes are
//! found again by the compiler through the address of their AST node ([`NodeKey`]); the AST must
//! not move between building the table and compiling.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::ast::*;
use crate::syntax_error::{CompileError, ErrorKind, SourceFile};

/// Name is bound by a `global` statement.
pub const DEF_GLOBAL: u32 = 1;
/// Name is assigned in the scope.
pub const DEF_LOCAL: u32 = 2;
/// Name is a parameter.
pub const DEF_PARAM: u32 = 4;
/// Name is declared `nonlocal`.
pub const DEF_NONLOCAL: u32 = 8;
/// Name is read.
pub const USE: u32 = 16;
/// Free variable of a method that the class itself binds.
pub const DEF_FREE_CLASS: u32 = 64;
/// Name is bound by an import.
pub const DEF_IMPORT: u32 = 128;
/// Name is annotated.
pub const DEF_ANNOT: u32 = 256;
/// Name is a comprehension iteration variable.
pub const DEF_COMP_ITER: u32 = 512;
/// Any binding.
pub const DEF_BOUND: u32 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;

/// The resolved scope of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameScope {
    /// Not resolved (not a symbol of the scope).
    Unknown,
    /// A local of the scope.
    Local,
    /// Declared `global`.
    GlobalExplicit,
    /// Not bound anywhere enclosing: a global or builtin.
    GlobalImplicit,
    /// A variable of an enclosing function.
    Free,
    /// A local captured by a nested scope.
    Cell,
}

/// The kind of a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeType {
    /// A module.
    Module,
    /// A class body.
    Class,
    /// A function, lambda, comprehension or generator expression.
    Function,
    /// The throw-away scope of an annotation under `from __future__ import annotations`.
    Annotation,
}

/// Which comprehension a function scope implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comprehension {
    /// Not a comprehension.
    None,
    /// `[...]`.
    List,
    /// `{...}`.
    Set,
    /// `{k: v ...}`.
    Dict,
    /// `(...)`.
    Generator,
}

/// A symbol: its use flags and resolved scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbol {
    /// `DEF_*` / `USE` flags.
    pub flags: u32,
    /// Resolved scope.
    pub scope: NameScope,
}

/// A scope identifier (index into [`SymbolTable::scopes`]).
pub type ScopeId = usize;

/// Identifies the AST node that opens a scope.
pub type NodeKey = usize;

/// The key of a node: its address.
pub fn node_key<T>(node: &T) -> NodeKey {
    node as *const T as usize
}

/// One scope.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The scope name (function/class name, `<lambda>`, `<listcomp>`, ...).
    pub name: Ident,
    /// Kind.
    pub typ: ScopeType,
    /// Symbols in first-use order.
    pub symbols: Vec<(Ident, Symbol)>,
    index: HashMap<Ident, usize>,
    /// Parameter names in order.
    pub varnames: Vec<Ident>,
    /// Nested scopes in source order.
    pub children: Vec<ScopeId>,
    /// First `global`/`nonlocal` (or walrus) directive location per name.
    directives: HashMap<Ident, Loc>,
    /// Nested in a function.
    pub nested: bool,
    /// Contains `yield` (or is a generator expression).
    pub generator: bool,
    /// `async def`, or contains `await`/async comprehensions.
    pub coroutine: bool,
    /// Comprehension kind.
    pub comprehension: Comprehension,
    /// Has `*args`.
    pub varargs: bool,
    /// Has `**kwargs`.
    pub varkeywords: bool,
    /// Contains `return <value>`.
    pub returns_value: bool,
    /// A class whose methods need the implicit `__class__` cell.
    pub needs_class_closure: bool,
    /// Has free variables.
    pub free: bool,
    /// Nested scopes have free variables.
    pub child_free: bool,
    comp_iter_target: bool,
    comp_iter_expr: u32,
    /// Location of the node.
    pub loc: Loc,
    /// Class name used for private name mangling.
    pub private: Option<Ident>,
}

impl Scope {
    fn new(name: Ident, typ: ScopeType, loc: Loc, nested: bool, private: Option<Ident>) -> Scope {
        Scope {
            name,
            typ,
            symbols: Vec::new(),
            index: HashMap::new(),
            varnames: Vec::new(),
            children: Vec::new(),
            directives: HashMap::new(),
            nested,
            generator: false,
            coroutine: false,
            comprehension: Comprehension::None,
            varargs: false,
            varkeywords: false,
            returns_value: false,
            needs_class_closure: false,
            free: false,
            child_free: false,
            comp_iter_target: false,
            comp_iter_expr: 0,
            loc,
            private,
        }
    }

    /// The flags of a (mangled) name, 0 if unknown.
    pub fn flags(&self, name: &str) -> u32 {
        self.index.get(name).map_or(0, |&i| self.symbols[i].1.flags)
    }

    /// The resolved scope of a (mangled) name.
    pub fn scope_of(&self, name: &str) -> NameScope {
        self.index
            .get(name)
            .map_or(NameScope::Unknown, |&i| self.symbols[i].1.scope)
    }

    fn set(&mut self, name: &Ident, sym: Symbol) {
        match self.index.get(name) {
            Some(&i) => self.symbols[i].1 = sym,
            None => {
                self.index.insert(name.clone(), self.symbols.len());
                self.symbols.push((name.clone(), sym));
            }
        }
    }

    /// Names of the given resolved scope (or with the given flag), sorted (CPython's
    /// `dictbytype` order for cell and free variables).
    pub fn names_sorted(&self, scope: NameScope, or_flag: u32) -> Vec<Ident> {
        let mut v: Vec<Ident> = self
            .symbols
            .iter()
            .filter(|(_, s)| s.scope == scope || s.flags & or_flag != 0)
            .map(|(n, _)| n.clone())
            .collect();
        v.sort();
        v
    }
}

/// The symbol tables of a module.
#[derive(Debug, Clone)]
pub struct SymbolTable {
    /// All scopes; `scopes[0]` is the module.
    pub scopes: Vec<Scope>,
    by_node: HashMap<NodeKey, ScopeId>,
}

/// CPython's `_Py_Mangle`: `__name` inside class `C` becomes `_C__name`.
pub fn mangle(private: Option<&Ident>, name: &Ident) -> Ident {
    let Some(class) = private else {
        return name.clone();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.clone();
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return name.clone();
    }
    Arc::from(format!("_{stripped}{name}"))
}

struct Builder<'a> {
    src: &'a SourceFile,
    scopes: Vec<Scope>,
    by_node: HashMap<NodeKey, ScopeId>,
    stack: Vec<ScopeId>,
    future_annotations: bool,
    /// Module-level symbols, shared with `global` declarations (CPython's `st_global`).
    global_flags: HashMap<Ident, u32>,
}

type SResult = Result<(), CompileError>;

impl SymbolTable {
    /// Builds and analyses the symbol table of a module.
    pub fn build(
        module: &Module,
        src: &SourceFile,
        future_annotations: bool,
    ) -> Result<SymbolTable, CompileError> {
        let mut b = Builder::new(src, future_annotations, Loc::default());
        for s in &module.body {
            b.stmt(s)?;
        }
        b.finish()
    }

    /// Builds the table of an `eval` expression.
    pub fn build_expression(expr: &Expr, src: &SourceFile) -> Result<SymbolTable, CompileError> {
        let mut b = Builder::new(src, false, expr.loc);
        b.expr(expr)?;
        b.finish()
    }

    /// The scope opened by an AST node.
    pub fn scope_for<T>(&self, node: &T) -> Option<ScopeId> {
        self.by_node.get(&node_key(node)).copied()
    }

    /// A scope.
    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id]
    }
}

impl<'a> Builder<'a> {
    fn new(src: &'a SourceFile, future_annotations: bool, loc: Loc) -> Builder<'a> {
        Builder {
            src,
            scopes: vec![Scope::new(
                Arc::from("top"),
                ScopeType::Module,
                loc,
                false,
                None,
            )],
            by_node: HashMap::new(),
            stack: vec![0],
            future_annotations,
            global_flags: HashMap::new(),
        }
    }

    fn finish(mut self) -> Result<SymbolTable, CompileError> {
        // The module's symbols include everything declared global anywhere.
        let globals: Vec<(Ident, u32)> = self
            .global_flags
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        for (name, flags) in globals {
            let cur = self.scopes[0].flags(&name);
            self.scopes[0].set(
                &name,
                Symbol {
                    flags: cur | flags,
                    scope: NameScope::Unknown,
                },
            );
        }
        let mut free = HashSet::new();
        let mut global = HashSet::new();
        analyze_block(self.src, &mut self.scopes, 0, None, &mut free, &mut global)?;
        Ok(SymbolTable {
            scopes: self.scopes,
            by_node: self.by_node,
        })
    }

    fn cur(&self) -> ScopeId {
        *self.stack.last().unwrap_or(&0)
    }

    fn cur_scope(&mut self) -> &mut Scope {
        let c = self.cur();
        &mut self.scopes[c]
    }

    fn error(&self, msg: impl Into<String>, loc: Loc) -> CompileError {
        self.src.error_lc(
            ErrorKind::SyntaxError,
            msg,
            loc.line,
            loc.col,
            loc.end_line,
            loc.end_col,
        )
    }

    fn enter(&mut self, name: &str, typ: ScopeType, key: NodeKey, loc: Loc) {
        let parent = self.cur();
        let p = &self.scopes[parent];
        let nested = p.nested || p.typ == ScopeType::Function;
        let private = p.private.clone();
        let id = self.scopes.len();
        self.scopes
            .push(Scope::new(Arc::from(name), typ, loc, nested, private));
        self.scopes[parent].children.push(id);
        if typ != ScopeType::Annotation {
            self.by_node.insert(key, id);
        }
        self.stack.push(id);
    }

    fn exit(&mut self) {
        let id = self.stack.pop().unwrap_or(0);
        if self.scopes[id].typ == ScopeType::Annotation {
            // Annotation scopes only exist to catch errors; drop them.
            if let Some(parent) = self.stack.last() {
                self.scopes[*parent].children.retain(|&c| c != id);
            }
        }
    }

    /// `symtable_add_def` in scope `target` (the current scope unless a walrus reaches out).
    fn add_def_in(&mut self, target: ScopeId, name: &Ident, flag: u32, loc: Loc) -> SResult {
        let private = self.scopes[self.cur()].private.clone();
        let mangled = mangle(private.as_ref(), name);
        let scope = &self.scopes[target];
        let mut val = scope.flags(&mangled);
        if flag & DEF_PARAM != 0 && val & DEF_PARAM != 0 {
            return Err(self.error(
                format!("duplicate argument '{mangled}' in function definition"),
                loc,
            ));
        }
        val |= flag;
        if scope.comp_iter_target {
            if val & (DEF_GLOBAL | DEF_NONLOCAL) != 0 {
                return Err(self.error(
                    format!(
                        "comprehension inner loop cannot rebind assignment expression target '{mangled}'"
                    ),
                    loc,
                ));
            }
            val |= DEF_COMP_ITER;
        }
        let scope = &mut self.scopes[target];
        scope.set(
            &mangled,
            Symbol {
                flags: val,
                scope: NameScope::Unknown,
            },
        );
        if flag & DEF_PARAM != 0 {
            scope.varnames.push(mangled.clone());
        } else if flag & DEF_GLOBAL != 0 {
            *self.global_flags.entry(mangled).or_insert(0) |= flag;
        }
        Ok(())
    }

    fn add_def(&mut self, name: &Ident, flag: u32, loc: Loc) -> SResult {
        let c = self.cur();
        self.add_def_in(c, name, flag, loc)
    }

    fn record_directive(&mut self, name: &Ident, loc: Loc) {
        let private = self.scopes[self.cur()].private.clone();
        let mangled = mangle(private.as_ref(), name);
        self.cur_scope().directives.entry(mangled).or_insert(loc);
    }

    fn lookup(&self, name: &Ident) -> u32 {
        let s = &self.scopes[self.cur()];
        s.flags(&mangle(s.private.as_ref(), name))
    }

    // --- statements -------------------------------------------------------------------------

    fn stmts(&mut self, stmts: &[Stmt]) -> SResult {
        for s in stmts {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> SResult {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.stmt_inner(s))
    }

    fn stmt_inner(&mut self, s: &Stmt) -> SResult {
        match &s.kind {
            StmtKind::FunctionDef(f) => {
                self.add_def(&f.name, DEF_LOCAL, s.loc)?;
                self.defaults(&f.args)?;
                self.annotations(&f.args, f.returns.as_deref())?;
                for d in &f.decorator_list {
                    self.expr(d)?;
                }
                self.enter(&f.name, ScopeType::Function, node_key(&**f), s.loc);
                if f.is_async {
                    self.cur_scope().coroutine = true;
                }
                self.params(&f.args)?;
                self.stmts(&f.body)?;
                self.exit();
            }
            StmtKind::ClassDef(c) => {
                self.add_def(&c.name, DEF_LOCAL, s.loc)?;
                for b in &c.bases {
                    self.expr(b)?;
                }
                for k in &c.keywords {
                    self.expr(&k.value)?;
                }
                for d in &c.decorator_list {
                    self.expr(d)?;
                }
                self.enter(&c.name, ScopeType::Class, node_key(&**c), s.loc);
                self.cur_scope().private = Some(c.name.clone());
                self.stmts(&c.body)?;
                self.exit();
            }
            StmtKind::Return(v) => {
                if let Some(v) = v {
                    self.expr(v)?;
                    self.cur_scope().returns_value = true;
                }
            }
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.expr(t)?;
                }
            }
            StmtKind::Assign { targets, value } => {
                for t in targets {
                    self.expr(t)?;
                }
                self.expr(value)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                if let ExprKind::Name { id, .. } = &target.kind {
                    let cur = self.lookup(id);
                    if cur & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && self.cur() != 0 && *simple {
                        let msg = if cur & DEF_GLOBAL != 0 {
                            format!("annotated name '{id}' can't be global")
                        } else {
                            format!("annotated name '{id}' can't be nonlocal")
                        };
                        return Err(self.error(msg, s.loc));
                    }
                    if *simple {
                        self.add_def(id, DEF_ANNOT | DEF_LOCAL, target.loc)?;
                    } else if value.is_some() {
                        self.add_def(id, DEF_LOCAL, target.loc)?;
                    }
                } else {
                    self.expr(target)?;
                }
                self.annotation(annotation)?;
                if let Some(v) = value {
                    self.expr(v)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target)?;
                self.expr(value)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(target)?;
                self.expr(iter)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject)?;
                for c in cases {
                    self.pattern(&c.pattern)?;
                    if let Some(g) = &c.guard {
                        self.expr(g)?;
                    }
                    self.stmts(&c.body)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e)?;
                    if let Some(c) = cause {
                        self.expr(c)?;
                    }
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
                ..
            } => {
                self.stmts(body)?;
                self.stmts(orelse)?;
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.expr(t)?;
                    }
                    if let Some(n) = &h.name {
                        self.add_def(n, DEF_LOCAL, h.loc)?;
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                if let Some(m) = msg {
                    self.expr(m)?;
                }
            }
            StmtKind::Import(names) | StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    self.alias(a)?;
                }
            }
            StmtKind::Global(names) => {
                for name in names {
                    let cur = self.lookup(name);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{name}' is parameter and global")
                        } else if cur & USE != 0 {
                            format!("name '{name}' is used prior to global declaration")
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{name}' can't be global")
                        } else {
                            format!("name '{name}' is assigned to before global declaration")
                        };
                        return Err(self.error(msg, s.loc));
                    }
                    self.add_def(name, DEF_GLOBAL, s.loc)?;
                    self.record_directive(name, s.loc);
                }
            }
            StmtKind::Nonlocal(names) => {
                for name in names {
                    let cur = self.lookup(name);
                    if cur & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
                        let msg = if cur & DEF_PARAM != 0 {
                            format!("name '{name}' is parameter and nonlocal")
                        } else if cur & USE != 0 {
                            format!("name '{name}' is used prior to nonlocal declaration")
                        } else if cur & DEF_ANNOT != 0 {
                            format!("annotated name '{name}' can't be nonlocal")
                        } else {
                            format!("name '{name}' is assigned to before nonlocal declaration")
                        };
                        return Err(self.error(msg, s.loc));
                    }
                    self.add_def(name, DEF_NONLOCAL, s.loc)?;
                    self.record_directive(name, s.loc);
                }
            }
            StmtKind::Expr(e) => self.expr(e)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::With { items, body, .. } => {
                for item in items {
                    self.expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.expr(v)?;
                    }
                }
                self.stmts(body)?;
            }
        }
        Ok(())
    }

    fn alias(&mut self, a: &Alias) -> SResult {
        let store: Ident = match &a.asname {
            Some(n) => n.clone(),
            None => match a.name.split_once('.') {
                Some((first, _)) => Arc::from(first),
                None => a.name.clone(),
            },
        };
        if &*store == "*" {
            if self.scopes[self.cur()].typ != ScopeType::Module {
                return Err(self.error("import * only allowed at module level", a.loc));
            }
            return Ok(());
        }
        self.add_def(&store, DEF_IMPORT, a.loc)
    }

    fn defaults(&mut self, args: &Arguments) -> SResult {
        for d in &args.defaults {
            self.expr(d)?;
        }
        for d in args.kw_defaults.iter().flatten() {
            self.expr(d)?;
        }
        Ok(())
    }

    fn annotation(&mut self, e: &Expr) -> SResult {
        if self.future_annotations {
            self.enter("_annotation", ScopeType::Annotation, 0, e.loc);
            let r = self.expr(e);
            self.exit();
            r
        } else {
            self.expr(e)
        }
    }

    fn annotations(&mut self, args: &Arguments, returns: Option<&Expr>) -> SResult {
        let all = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(args.vararg.iter())
            .chain(&args.kwonlyargs)
            .chain(args.kwarg.iter());
        for a in all {
            if let Some(ann) = &a.annotation {
                self.annotation(ann)?;
            }
        }
        if let Some(r) = returns {
            self.annotation(r)?;
        }
        Ok(())
    }

    fn params(&mut self, args: &Arguments) -> SResult {
        for a in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            self.add_def(&a.arg, DEF_PARAM, a.loc)?;
        }
        if let Some(v) = &args.vararg {
            self.add_def(&v.arg, DEF_PARAM, v.loc)?;
            self.cur_scope().varargs = true;
        }
        if let Some(k) = &args.kwarg {
            self.add_def(&k.arg, DEF_PARAM, k.loc)?;
            self.cur_scope().varkeywords = true;
        }
        Ok(())
    }

    // --- expressions ------------------------------------------------------------------------

    fn raise_if_annotation(&self, what: &str, loc: Loc) -> SResult {
        if self.scopes[self.cur()].typ == ScopeType::Annotation {
            return Err(self.error(
                format!("'{what}' can not be used within an annotation"),
                loc,
            ));
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> SResult {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.expr_inner(e))
    }

    fn expr_inner(&mut self, e: &Expr) -> SResult {
        match &e.kind {
            ExprKind::NamedExpr { target, value } => {
                self.raise_if_annotation("named expression", e.loc)?;
                self.named_expr(target, value, e.loc)?;
            }
            ExprKind::BoolOp { values, .. } => {
                for v in values {
                    self.expr(v)?;
                }
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.defaults(args)?;
                self.enter("<lambda>", ScopeType::Function, node_key(e), e.loc);
                self.params(args)?;
                self.expr(body)?;
                self.exit();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for (k, v) in keys.iter().zip(values) {
                    if let Some(k) = k {
                        self.expr(k)?;
                    }
                    self.expr(v)?;
                }
            }
            ExprKind::Set(elts) => {
                for x in elts {
                    self.expr(x)?;
                }
            }
            ExprKind::GeneratorExp { elt, generators } => self.comprehension(
                e,
                "<genexpr>",
                Comprehension::Generator,
                generators,
                elt,
                None,
            )?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, "<listcomp>", Comprehension::List, generators, elt, None)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, "<setcomp>", Comprehension::Set, generators, elt, None)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(
                e,
                "<dictcomp>",
                Comprehension::Dict,
                generators,
                key,
                Some(value),
            )?,
            ExprKind::Yield(v) => {
                self.raise_if_annotation("yield expression", e.loc)?;
                if let Some(v) = v {
                    self.expr(v)?;
                }
                self.cur_scope().generator = true;
                self.raise_if_comprehension(e)?;
            }
            ExprKind::YieldFrom(v) => {
                self.raise_if_annotation("yield expression", e.loc)?;
                self.expr(v)?;
                self.cur_scope().generator = true;
                self.raise_if_comprehension(e)?;
            }
            ExprKind::Await(v) => {
                self.raise_if_annotation("await expression", e.loc)?;
                self.expr(v)?;
                self.cur_scope().coroutine = true;
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left)?;
                for c in comparators {
                    self.expr(c)?;
                }
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func)?;
                for a in args {
                    self.expr(a)?;
                }
                for k in keywords {
                    self.expr(&k.value)?;
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.expr(value)?;
                if let Some(s) = format_spec {
                    self.expr(s)?;
                }
            }
            ExprKind::JoinedStr(values) => {
                for v in values {
                    self.expr(v)?;
                }
            }
            ExprKind::Constant(_) => {}
            ExprKind::Attribute { value, .. } => self.expr(value)?,
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
            }
            ExprKind::Starred { value, .. } => self.expr(value)?,
            ExprKind::Slice { lower, upper, step } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    self.expr(x)?;
                }
            }
            ExprKind::Name { id, ctx } => {
                let flag = if *ctx == Ctx::Load { USE } else { DEF_LOCAL };
                self.add_def(id, flag, e.loc)?;
                if *ctx == Ctx::Load
                    && self.scopes[self.cur()].typ == ScopeType::Function
                    && &**id == "super"
                {
                    self.add_def(&Arc::from("__class__"), USE, e.loc)?;
                }
            }
            ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
                for x in elts {
                    self.expr(x)?;
                }
            }
        }
        Ok(())
    }

    fn raise_if_comprehension(&self, e: &Expr) -> SResult {
        let kind = self.scopes[self.cur()].comprehension;
        let what = match kind {
            Comprehension::None => return Ok(()),
            Comprehension::List => "list comprehension",
            Comprehension::Set => "set comprehension",
            Comprehension::Dict => "dict comprehension",
            Comprehension::Generator => "generator expression",
        };
        Err(self.error(format!("'yield' inside {what}"), e.loc))
    }

    fn named_expr(&mut self, target: &Expr, value: &Expr, loc: Loc) -> SResult {
        if self.scopes[self.cur()].comp_iter_expr > 0 {
            return Err(self.error(
                "assignment expression cannot be used in a comprehension iterable expression",
                loc,
            ));
        }
        if self.scopes[self.cur()].comprehension != Comprehension::None {
            self.extend_namedexpr_scope(target)?;
        }
        self.expr(value)?;
        self.expr(target)
    }

    /// Walrus targets in comprehensions bind in the nearest enclosing non-comprehension scope.
    fn extend_namedexpr_scope(&mut self, target: &Expr) -> SResult {
        let ExprKind::Name { id, .. } = &target.kind else {
            return Ok(());
        };
        for i in (0..self.stack.len()).rev() {
            let sid = self.stack[i];
            let scope = &self.scopes[sid];
            if scope.comprehension != Comprehension::None {
                if scope.flags(id) & DEF_COMP_ITER != 0 {
                    return Err(self.error(
                        format!(
                            "assignment expression cannot rebind comprehension iteration variable '{id}'"
                        ),
                        target.loc,
                    ));
                }
                continue;
            }
            match scope.typ {
                ScopeType::Function => {
                    let flag = if scope.flags(id) & DEF_GLOBAL != 0 {
                        DEF_GLOBAL
                    } else {
                        DEF_NONLOCAL
                    };
                    self.add_def(id, flag, target.loc)?;
                    self.record_directive(id, target.loc);
                    return self.add_def_in(sid, id, DEF_LOCAL, target.loc);
                }
                ScopeType::Module => {
                    self.add_def(id, DEF_GLOBAL, target.loc)?;
                    self.record_directive(id, target.loc);
                    return self.add_def_in(sid, id, DEF_GLOBAL, target.loc);
                }
                ScopeType::Class => {
                    return Err(self.error(
                        "assignment expression within a comprehension cannot be used in a class body",
                        target.loc,
                    ));
                }
                ScopeType::Annotation => continue,
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        e: &Expr,
        name: &str,
        kind: Comprehension,
        generators: &[crate::ast::Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
    ) -> SResult {
        let Some((outermost, rest)) = generators.split_first() else {
            return Ok(());
        };
        // The outermost iterable is evaluated in the enclosing scope.
        self.cur_scope().comp_iter_expr += 1;
        let r = self.expr(&outermost.iter);
        self.cur_scope().comp_iter_expr -= 1;
        r?;
        self.enter(name, ScopeType::Function, node_key(e), e.loc);
        self.cur_scope().comprehension = kind;
        if outermost.is_async {
            self.cur_scope().coroutine = true;
        }
        // The iterator is passed as the implicit argument `.0`.
        self.add_def(&Arc::from(".0"), DEF_PARAM, e.loc)?;
        self.cur_scope().comp_iter_target = true;
        let r = self.expr(&outermost.target);
        self.cur_scope().comp_iter_target = false;
        r?;
        for cond in &outermost.ifs {
            self.expr(cond)?;
        }
        for g in rest {
            self.cur_scope().comp_iter_target = true;
            let r = self.expr(&g.target);
            self.cur_scope().comp_iter_target = false;
            r?;
            self.cur_scope().comp_iter_expr += 1;
            let r = self.expr(&g.iter);
            self.cur_scope().comp_iter_expr -= 1;
            r?;
            for cond in &g.ifs {
                self.expr(cond)?;
            }
            if g.is_async {
                self.cur_scope().coroutine = true;
            }
        }
        if let Some(v) = value {
            self.expr(elt)?;
            self.expr(v)?;
        } else {
            self.expr(elt)?;
        }
        let is_generator = kind == Comprehension::Generator;
        self.cur_scope().generator = is_generator;
        let is_async = self.scopes[self.cur()].coroutine && !is_generator;
        self.exit();
        if is_async {
            self.cur_scope().coroutine = true;
        }
        Ok(())
    }

    fn pattern(&mut self, p: &Pattern) -> SResult {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.pattern_inner(p))
    }

    fn pattern_inner(&mut self, p: &Pattern) -> SResult {
        match &p.kind {
            PatternKind::MatchValue(v) => self.expr(v)?,
            PatternKind::MatchSingleton(_) => {}
            PatternKind::MatchSequence(ps) | PatternKind::MatchOr(ps) => {
                for x in ps {
                    self.pattern(x)?;
                }
            }
            PatternKind::MatchStar(name) => {
                if let Some(n) = name {
                    self.add_def(n, DEF_LOCAL, p.loc)?;
                }
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                for k in keys {
                    self.expr(k)?;
                }
                for x in patterns {
                    self.pattern(x)?;
                }
                if let Some(r) = rest {
                    self.add_def(r, DEF_LOCAL, p.loc)?;
                }
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.expr(cls)?;
                for x in patterns.iter().chain(kwd_patterns) {
                    self.pattern(x)?;
                }
            }
            PatternKind::MatchAs { pattern, name } => {
                if let Some(x) = pattern {
                    self.pattern(x)?;
                }
                if let Some(n) = name {
                    self.add_def(n, DEF_LOCAL, p.loc)?;
                }
            }
        }
        Ok(())
    }
}

// --- analysis --------------------------------------------------------------------------------

fn error_at_directive(src: &SourceFile, scope: &Scope, name: &Ident, msg: String) -> CompileError {
    let loc = scope.directives.get(name).copied().unwrap_or(scope.loc);
    src.error_lc(
        ErrorKind::SyntaxError,
        msg,
        loc.line,
        loc.col,
        loc.end_line,
        loc.end_col,
    )
}

#[allow(clippy::too_many_arguments)]
fn analyze_name(
    src: &SourceFile,
    scope: &mut Scope,
    scopes_out: &mut HashMap<Ident, NameScope>,
    name: &Ident,
    flags: u32,
    bound: &mut Option<HashSet<Ident>>,
    local: &mut HashSet<Ident>,
    free: &mut HashSet<Ident>,
    global: &mut HashSet<Ident>,
) -> SResult {
    if flags & DEF_GLOBAL != 0 {
        if flags & DEF_NONLOCAL != 0 {
            return Err(error_at_directive(
                src,
                scope,
                name,
                format!("name '{name}' is nonlocal and global"),
            ));
        }
        scopes_out.insert(name.clone(), NameScope::GlobalExplicit);
        global.insert(name.clone());
        if let Some(b) = bound {
            b.remove(name);
        }
        return Ok(());
    }
    if flags & DEF_NONLOCAL != 0 {
        let Some(b) = bound.as_ref() else {
            return Err(error_at_directive(
                src,
                scope,
                name,
                "nonlocal declaration not allowed at module level".into(),
            ));
        };
        if !b.contains(name) {
            return Err(error_at_directive(
                src,
                scope,
                name,
                format!("no binding for nonlocal '{name}' found"),
            ));
        }
        scopes_out.insert(name.clone(), NameScope::Free);
        scope.free = true;
        free.insert(name.clone());
        return Ok(());
    }
    if flags & DEF_BOUND != 0 {
        scopes_out.insert(name.clone(), NameScope::Local);
        local.insert(name.clone());
        global.remove(name);
        return Ok(());
    }
    if bound.as_ref().is_some_and(|b| b.contains(name)) {
        scopes_out.insert(name.clone(), NameScope::Free);
        scope.free = true;
        free.insert(name.clone());
        return Ok(());
    }
    if global.contains(name) {
        scopes_out.insert(name.clone(), NameScope::GlobalImplicit);
        return Ok(());
    }
    if scope.nested {
        scope.free = true;
    }
    scopes_out.insert(name.clone(), NameScope::GlobalImplicit);
    Ok(())
}

fn analyze_block(
    src: &SourceFile,
    scopes: &mut Vec<Scope>,
    id: ScopeId,
    bound: Option<&HashSet<Ident>>,
    free: &mut HashSet<Ident>,
    global: &mut HashSet<Ident>,
) -> SResult {
    let mut local = HashSet::new();
    let mut scope_map: HashMap<Ident, NameScope> = HashMap::new();
    let mut newglobal = HashSet::new();
    let mut newfree = HashSet::new();
    let mut newbound = HashSet::new();
    let typ = scopes[id].typ;
    if typ == ScopeType::Class {
        newglobal.extend(global.iter().cloned());
        if let Some(b) = bound {
            newbound.extend(b.iter().cloned());
        }
    }
    // `bound` is only modified for explicit globals (CPython discards them from it).
    let mut bound_copy: Option<HashSet<Ident>> = bound.cloned();
    let symbols = scopes[id].symbols.clone();
    for (name, sym) in &symbols {
        analyze_name(
            src,
            &mut scopes[id],
            &mut scope_map,
            name,
            sym.flags,
            &mut bound_copy,
            &mut local,
            free,
            global,
        )?;
    }
    if typ != ScopeType::Class {
        if typ == ScopeType::Function {
            newbound.extend(local.iter().cloned());
        }
        if let Some(b) = &bound_copy {
            newbound.extend(b.iter().cloned());
        }
        newglobal.extend(global.iter().cloned());
    } else {
        newbound.insert(Arc::from("__class__"));
    }
    let mut allfree = HashSet::new();
    let children = scopes[id].children.clone();
    for child in children {
        let temp_bound = newbound.clone();
        let mut temp_free = newfree.clone();
        let mut temp_global = newglobal.clone();
        analyze_block(
            src,
            scopes,
            child,
            Some(&temp_bound),
            &mut temp_free,
            &mut temp_global,
        )?;
        allfree.extend(temp_free);
        if scopes[child].free || scopes[child].child_free {
            scopes[id].child_free = true;
        }
    }
    newfree.extend(allfree);
    if typ == ScopeType::Function {
        // analyze_cells: locals used by nested scopes become cells.
        for (name, sc) in scope_map.iter_mut() {
            if *sc == NameScope::Local && newfree.remove(name) {
                *sc = NameScope::Cell;
            }
        }
    } else if typ == ScopeType::Class && newfree.remove("__class__") {
        scopes[id].needs_class_closure = true;
    }
    // update_symbols
    let scope = &mut scopes[id];
    for (name, sym) in scope.symbols.iter_mut() {
        if let Some(sc) = scope_map.get(name) {
            sym.scope = *sc;
        }
    }
    let classflag = typ == ScopeType::Class;
    let mut newfree_sorted: Vec<Ident> = newfree.iter().cloned().collect();
    newfree_sorted.sort();
    for name in &newfree_sorted {
        if let Some(&i) = scope.index.get(name) {
            let sym = &mut scope.symbols[i].1;
            if classflag && sym.flags & (DEF_BOUND | DEF_GLOBAL) != 0 {
                sym.flags |= DEF_FREE_CLASS;
            }
            continue;
        }
        if bound_copy.as_ref().is_some_and(|b| !b.contains(name)) {
            continue;
        }
        scope.set(
            name,
            Symbol {
                flags: 0,
                scope: NameScope::Free,
            },
        );
    }
    free.extend(newfree);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{ParseMode, Parsed, parse};

    fn table(text: &str) -> SymbolTable {
        let src = SourceFile::new("t.py", text.to_string());
        let Parsed::Module(m) = parse(&src, ParseMode::Module).unwrap() else {
            panic!()
        };
        SymbolTable::build(&m, &src, false).unwrap()
    }

    fn scope_named<'t>(t: &'t SymbolTable, name: &str) -> &'t Scope {
        t.scopes.iter().find(|s| &*s.name == name).unwrap()
    }

    #[test]
    fn resolves_closures_and_class_cells() {
        let t = table(
            "def f(a):\n    b = 1\n    def g():\n        return a + b + c\n    return g\n\
             class C:\n    def m(self):\n        return super().m()\n",
        );
        let f = scope_named(&t, "f");
        assert_eq!(f.scope_of("a"), NameScope::Cell);
        assert_eq!(f.scope_of("b"), NameScope::Cell);
        let g = scope_named(&t, "g");
        assert_eq!(g.scope_of("a"), NameScope::Free);
        assert_eq!(g.scope_of("c"), NameScope::GlobalImplicit);
        let c = scope_named(&t, "C");
        assert!(c.needs_class_closure);
        assert_eq!(scope_named(&t, "m").scope_of("__class__"), NameScope::Free);
    }

    #[test]
    fn walrus_in_comprehension_binds_outside() {
        let t = table("def f():\n    [y := x for x in range(3)]\n    return y\n");
        assert_eq!(scope_named(&t, "f").scope_of("y"), NameScope::Cell);
        assert_eq!(scope_named(&t, "<listcomp>").scope_of("y"), NameScope::Free);
    }

    #[test]
    fn mangles_private_names() {
        let t = table("class C:\n    __x = 1\n    def m(self, __y):\n        return self.__x\n");
        assert_eq!(scope_named(&t, "C").scope_of("_C__x"), NameScope::Local);
        assert_eq!(scope_named(&t, "m").varnames[1].as_ref(), "_C__y");
    }
}
