//! The code generator's core (CPython 3.11's `compile.c`): compilation units (one per code
//! object), name resolution into the right load/store opcode, functions, lambdas, classes,
//! closures and the frame-block stack used to unwind `break`/`continue`/`return` through
//! `try`/`finally`, `with` and exception handlers. Statements are in `stmt.rs`, expressions in
//! `expr.rs`, `match` in `pattern.rs`.
//!
//! Invariants: every unit starts with `MAKE_CELL` for its cells and `COPY_FREE_VARS` for its
//! free variables; functions' `consts[0]` is their docstring or `None` (CPython's convention,
//! which the runtime uses for `__doc__`); a code path that falls off the end of a unit returns
//! `None`.

use std::collections::HashMap;
use std::sync::Arc;

use super::assemble::{Arg, BlockId, CodeBuilder, CodeInfo};
use super::future::Futures;
use super::symtable::{
    DEF_FREE_CLASS, DEF_IMPORT, NameScope, ScopeId, ScopeType, SymbolTable, mangle,
};
use super::{CompileWarning, WarningCategory};
use crate::ast::*;
use crate::bytecode::{CodeFlags, CodeObject, Constant, Opcode, PyStr};
use crate::syntax_error::{CompileError, ErrorKind, SourceFile};

/// What kind of code object a unit produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A module (or `eval`/interactive input).
    Module,
    /// A class body.
    Class,
    /// A `def`.
    Function,
    /// An `async def`.
    AsyncFunction,
    /// A lambda.
    Lambda,
    /// A comprehension or generator expression.
    Comprehension,
}

/// Frame-block kinds (CPython's `fblocktype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FBlockKind {
    /// `while` loop.
    WhileLoop,
    /// `for` / `async for` loop (the iterator is on the stack).
    ForLoop,
    /// `try` body with `except` clauses.
    TryExcept,
    /// `try` body with a `finally` clause.
    FinallyTry,
    /// `finally` body on the exception path.
    FinallyEnd,
    /// `with` body.
    With,
    /// `async with` body.
    AsyncWith,
    /// `except` body (with its bound name, if any).
    HandlerCleanup,
    /// A value to pop when unwinding.
    PopValue,
    /// Inside `except` handlers.
    ExceptionHandler,
    /// Inside `except*` handlers.
    ExceptionGroupHandler,
    /// The loop of an async comprehension.
    AsyncComprehensionGenerator,
}

/// Extra data of a frame block.
#[derive(Debug, Clone)]
pub enum FDatum<'a> {
    /// Nothing.
    None,
    /// The `finally` body to inline when unwinding.
    Finally(&'a [Stmt]),
    /// The location of the `with` statement.
    With(Loc),
    /// The name bound by `except ... as name`.
    Name(Option<Ident>),
}

/// A frame block.
#[derive(Debug, Clone)]
pub struct FBlock<'a> {
    /// Kind.
    pub kind: FBlockKind,
    /// Loop start (`continue` target) or the block's start.
    pub block: BlockId,
    /// Loop exit (`break` target).
    pub exit: Option<BlockId>,
    /// Extra data.
    pub datum: FDatum<'a>,
}

/// One code object being compiled.
pub struct Unit<'a> {
    /// Instructions and tables.
    pub b: CodeBuilder,
    /// The symbol-table scope.
    pub scope: ScopeId,
    /// Kind.
    pub kind: UnitKind,
    /// `co_name`.
    pub name: Ident,
    /// `co_qualname`.
    pub qualname: Ident,
    /// Class name for private-name mangling.
    pub private: Option<Ident>,
    /// Frame blocks.
    pub fblocks: Vec<FBlock<'a>>,
    /// `co_argcount`.
    pub argcount: u32,
    /// `co_posonlyargcount`.
    pub posonlyargcount: u32,
    /// `co_kwonlyargcount`.
    pub kwonlyargcount: u32,
    /// `co_firstlineno`.
    pub first_line: u32,
    cell_index: HashMap<Ident, u32>,
    free_index: HashMap<Ident, u32>,
}

/// The compiler state.
pub struct Compiler<'a> {
    pub(crate) src: &'a SourceFile,
    pub(crate) st: &'a SymbolTable,
    pub(crate) filename: Ident,
    pub(crate) future: Futures,
    pub(crate) interactive: bool,
    pub(crate) u: Unit<'a>,
    pub(crate) stack: Vec<Unit<'a>>,
    pub(crate) warnings: Vec<CompileWarning>,
}

pub(crate) type CResult<T = ()> = Result<T, CompileError>;

/// The largest number of stack items an instruction sequence builds at once before switching
/// to incremental building (CPython's `STACK_USE_GUIDELINE`).
pub const STACK_USE_GUIDELINE: usize = 30;

enum NameOp {
    Fast,
    Deref(Arg),
    Global,
    Name,
}

impl<'a> Compiler<'a> {
    pub(crate) fn new(
        src: &'a SourceFile,
        st: &'a SymbolTable,
        future: Futures,
        interactive: bool,
        loc: Loc,
    ) -> Compiler<'a> {
        let filename: Ident = Arc::from(src.filename.as_str());
        let u = Self::make_unit(st, 0, UnitKind::Module, Arc::from("<module>"), None, 1, loc);
        let mut c = Compiler {
            src,
            st,
            filename,
            future,
            interactive,
            u,
            stack: Vec::new(),
            warnings: Vec::new(),
        };
        c.u.qualname = c.u.name.clone();
        c.prologue();
        c
    }

    fn make_unit(
        st: &SymbolTable,
        scope: ScopeId,
        kind: UnitKind,
        name: Ident,
        private: Option<Ident>,
        first_line: u32,
        loc: Loc,
    ) -> Unit<'a> {
        let s = st.scope(scope);
        let mut b = CodeBuilder::new(loc);
        let mut cellvars = s.names_sorted(NameScope::Cell, 0);
        if s.needs_class_closure {
            cellvars.push(Arc::from("__class__"));
            cellvars.sort();
        }
        let freevars = s.names_sorted(NameScope::Free, DEF_FREE_CLASS);
        let cell_index = cellvars
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        let free_index = freevars
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        for v in &s.varnames {
            b.add_varname(v);
        }
        b.cellvars = cellvars;
        b.freevars = freevars;
        Unit {
            b,
            scope,
            kind,
            name: name.clone(),
            qualname: name,
            private,
            fblocks: Vec::new(),
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            first_line,
            cell_index,
            free_index,
        }
    }

    /// `MAKE_CELL` / `COPY_FREE_VARS` at the start of a unit.
    fn prologue(&mut self) {
        for i in 0..self.u.b.cellvars.len() {
            self.u.b.emit(Opcode::MakeCell, Arg::Cell(i as u32));
        }
        if !self.u.b.freevars.is_empty() {
            let n = self.u.b.freevars.len() as u32;
            self.u.b.op_i(Opcode::CopyFreeVars, n);
        }
    }

    /// Opens a nested unit for the scope of `node`.
    pub(crate) fn enter_scope<T>(
        &mut self,
        name: Ident,
        kind: UnitKind,
        node: &T,
        first_line: u32,
        loc: Loc,
    ) -> CResult {
        let scope = self
            .st
            .scope_for(node)
            .ok_or_else(|| self.internal("missing symbol table scope"))?;
        let private = if kind == UnitKind::Class {
            Some(name.clone())
        } else {
            self.u.private.clone()
        };
        let unit = Self::make_unit(self.st, scope, kind, name, private, first_line, loc);
        let parent = std::mem::replace(&mut self.u, unit);
        self.stack.push(parent);
        self.set_qualname();
        self.prologue();
        Ok(())
    }

    /// CPython's `compiler_set_qualname`.
    fn set_qualname(&mut self) {
        let Some(parent) = self.stack.last() else {
            return;
        };
        if self.stack.len() == 1 {
            // The parent is the module.
            self.u.qualname = self.u.name.clone();
            return;
        }
        let mut force_global = false;
        if matches!(
            self.u.kind,
            UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Class
        ) {
            let mangled = mangle(parent.private.as_ref(), &self.u.name);
            if self.st.scope(parent.scope).scope_of(&mangled) == NameScope::GlobalExplicit {
                force_global = true;
            }
        }
        if force_global {
            self.u.qualname = self.u.name.clone();
            return;
        }
        let base = if matches!(
            parent.kind,
            UnitKind::Function | UnitKind::AsyncFunction | UnitKind::Lambda
        ) {
            format!("{}.<locals>", parent.qualname)
        } else {
            parent.qualname.to_string()
        };
        self.u.qualname = Arc::from(format!("{base}.{}", self.u.name));
    }

    /// Closes the current unit and assembles its code object.
    pub(crate) fn exit_scope(&mut self) -> CResult<Arc<CodeObject>> {
        self.return_none_if_open();
        let parent = self
            .stack
            .pop()
            .ok_or_else(|| self.internal("unit stack underflow"))?;
        let unit = std::mem::replace(&mut self.u, parent);
        self.assemble_unit(unit).map(Arc::new)
    }

    /// Assembles the top-level unit; returns it with the collected warnings.
    pub(crate) fn finish(mut self) -> CResult<(CodeObject, Vec<CompileWarning>)> {
        let placeholder = Self::make_unit(
            self.st,
            0,
            UnitKind::Module,
            Arc::from("<module>"),
            None,
            1,
            Loc::default(),
        );
        let unit = std::mem::replace(&mut self.u, placeholder);
        let code = self.assemble_unit(unit)?;
        Ok((code, std::mem::take(&mut self.warnings)))
    }

    /// Adds `return None` if the current block can fall through.
    pub(crate) fn return_none_if_open(&mut self) {
        if !self.u.b.current_ends_with_terminator() {
            self.u.b.load_const(Constant::None);
            self.u.b.op(Opcode::ReturnValue);
        }
    }

    /// Assembles a finished unit.
    pub(crate) fn assemble_unit(&self, unit: Unit<'a>) -> CResult<CodeObject> {
        let flags = self.code_flags(&unit);
        let info = CodeInfo {
            name: unit.name.clone(),
            qualname: unit.qualname.clone(),
            filename: self.filename.clone(),
            first_line: unit.first_line,
            flags,
            argcount: unit.argcount,
            posonlyargcount: unit.posonlyargcount,
            kwonlyargcount: unit.kwonlyargcount,
        };
        unit.b.assemble(info).map_err(|mut e| {
            if e.filename.is_none() && e.msg == "code object too large" {
                e.filename = Some(self.src.filename.clone());
            }
            e
        })
    }

    /// CPython's `compute_code_flags`.
    fn code_flags(&self, unit: &Unit<'a>) -> u32 {
        let s = self.st.scope(unit.scope);
        let mut flags = 0;
        if s.typ == ScopeType::Function {
            flags |= CodeFlags::NEWLOCALS | CodeFlags::OPTIMIZED;
            if s.nested {
                flags |= CodeFlags::NESTED;
            }
            match (s.generator, s.coroutine) {
                (true, false) => flags |= CodeFlags::GENERATOR,
                (false, true) => flags |= CodeFlags::COROUTINE,
                (true, true) => flags |= CodeFlags::ASYNC_GENERATOR,
                (false, false) => {}
            }
            if s.varargs {
                flags |= CodeFlags::VARARGS;
            }
            if s.varkeywords {
                flags |= CodeFlags::VARKEYWORDS;
            }
        }
        flags | self.future.flags
    }

    // --- errors and warnings ---------------------------------------------------------------

    /// A `SyntaxError` at the current location.
    pub(crate) fn error(&self, msg: impl Into<String>) -> CompileError {
        self.error_at(msg, self.u.b.loc)
    }

    pub(crate) fn error_at(&self, msg: impl Into<String>, loc: Loc) -> CompileError {
        self.src.error_lc(
            ErrorKind::SyntaxError,
            msg,
            loc.line,
            loc.col,
            loc.end_line,
            loc.end_col,
        )
    }

    pub(crate) fn internal(&self, msg: &str) -> CompileError {
        let mut e = self.error(format!("internal compiler error: {msg}"));
        e.kind = ErrorKind::SyntaxError;
        e
    }

    /// Records a `SyntaxWarning` at the current location.
    pub(crate) fn warn(&mut self, msg: impl Into<String>) {
        let loc = self.u.b.loc;
        self.warnings.push(CompileWarning {
            category: WarningCategory::SyntaxWarning,
            message: msg.into(),
            filename: self.src.filename.clone(),
            lineno: loc.line,
        });
    }

    // --- locations --------------------------------------------------------------------------

    pub(crate) fn set_loc(&mut self, loc: Loc) {
        self.u.b.loc = loc;
    }

    pub(crate) fn loc(&self) -> Loc {
        self.u.b.loc
    }

    // --- names ------------------------------------------------------------------------------

    pub(crate) fn mangle(&self, name: &Ident) -> Ident {
        mangle(self.u.private.as_ref(), name)
    }

    fn scope_type(&self) -> ScopeType {
        self.st.scope(self.u.scope).typ
    }

    pub(crate) fn is_function_scope(&self) -> bool {
        self.scope_type() == ScopeType::Function
    }

    fn resolve(&self, mangled: &Ident) -> CResult<NameOp> {
        let scope = self.st.scope(self.u.scope).scope_of(mangled);
        let function = self.is_function_scope();
        Ok(match scope {
            NameScope::Free => NameOp::Deref(Arg::Free(
                *self
                    .u
                    .free_index
                    .get(mangled)
                    .ok_or_else(|| self.internal("free variable missing"))?,
            )),
            NameScope::Cell => NameOp::Deref(Arg::Cell(
                *self
                    .u
                    .cell_index
                    .get(mangled)
                    .ok_or_else(|| self.internal("cell variable missing"))?,
            )),
            NameScope::Local if function => NameOp::Fast,
            NameScope::GlobalImplicit if function => NameOp::Global,
            NameScope::GlobalExplicit => NameOp::Global,
            _ => NameOp::Name,
        })
    }

    /// Emits the load/store/delete of a name (CPython's `compiler_nameop`).
    pub(crate) fn nameop(&mut self, name: &Ident, ctx: Ctx) -> CResult {
        if &**name == "__debug__" {
            match ctx {
                Ctx::Store => return Err(self.error("cannot assign to __debug__")),
                Ctx::Del => return Err(self.error("cannot delete __debug__")),
                Ctx::Load => {}
            }
        }
        let mangled = self.mangle(name);
        match self.resolve(&mangled)? {
            NameOp::Fast => {
                let i = self.u.b.add_varname(&mangled);
                let op = match ctx {
                    Ctx::Load => Opcode::LoadFast,
                    Ctx::Store => Opcode::StoreFast,
                    Ctx::Del => Opcode::DeleteFast,
                };
                self.u.b.emit(op, Arg::Fast(i));
            }
            NameOp::Deref(arg) => {
                let op = match ctx {
                    Ctx::Load if self.scope_type() == ScopeType::Class => Opcode::LoadClassDeref,
                    Ctx::Load => Opcode::LoadDeref,
                    Ctx::Store => Opcode::StoreDeref,
                    Ctx::Del => Opcode::DeleteDeref,
                };
                self.u.b.emit(op, arg);
            }
            NameOp::Global => match ctx {
                Ctx::Load => {
                    let i = self.u.b.add_name(&mangled);
                    self.u.b.op_i(Opcode::LoadGlobal, i << 1);
                }
                Ctx::Store => self.u.b.name_op(Opcode::StoreGlobal, &mangled),
                Ctx::Del => self.u.b.name_op(Opcode::DeleteGlobal, &mangled),
            },
            NameOp::Name => {
                let op = match ctx {
                    Ctx::Load => Opcode::LoadName,
                    Ctx::Store => Opcode::StoreName,
                    Ctx::Del => Opcode::DeleteName,
                };
                self.u.b.name_op(op, &mangled);
            }
        }
        Ok(())
    }

    /// Loads a name as a callable followed by `NULL` (fusing into `LOAD_GLOBAL` when possible).
    pub(crate) fn load_name_for_call(&mut self, name: &Ident) -> CResult {
        let mangled = self.mangle(name);
        if &*mangled != "__debug__"
            && let NameOp::Global = self.resolve(&mangled)?
        {
            let i = self.u.b.add_name(&mangled);
            self.u.b.op_i(Opcode::LoadGlobal, (i << 1) | 1);
            return Ok(());
        }
        self.nameop(name, Ctx::Load)?;
        self.u.b.op(Opcode::PushNull);
        Ok(())
    }

    /// Whether `e` is a name bound by an import (module attribute calls skip `LOAD_METHOD`).
    pub(crate) fn is_import_originated(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Name { id, .. } => {
                let s = self.st.scope(0);
                s.flags(id) & DEF_IMPORT != 0
            }
            _ => false,
        }
    }

    /// Emits an attribute-name instruction (mangled like CPython's `ADDOP_NAME`).
    pub(crate) fn attr_op(&mut self, op: Opcode, attr: &Ident) {
        let mangled = self.mangle(attr);
        self.u.b.name_op(op, &mangled);
    }

    // --- frame blocks -----------------------------------------------------------------------

    pub(crate) fn push_fblock(
        &mut self,
        kind: FBlockKind,
        block: BlockId,
        exit: Option<BlockId>,
        datum: FDatum<'a>,
    ) -> CResult {
        if self.u.fblocks.len() >= 20 {
            return Err(self.error("too many statically nested blocks"));
        }
        self.u.fblocks.push(FBlock {
            kind,
            block,
            exit,
            datum,
        });
        Ok(())
    }

    pub(crate) fn pop_fblock(&mut self) {
        self.u.fblocks.pop();
    }

    /// `compiler_call_exit_with_nones`: `__exit__(None, None, None)` for the exit function on
    /// the stack.
    pub(crate) fn call_exit_with_nones(&mut self) {
        self.u.b.load_const(Constant::None);
        self.u.b.load_const(Constant::None);
        self.u.b.load_const(Constant::None);
        self.u.b.op_i(Opcode::Call, 2);
    }

    /// Emits the code that leaves one frame block (CPython's `compiler_unwind_fblock`).
    pub(crate) fn unwind_fblock(&mut self, info: &FBlock<'a>, preserve_tos: bool) -> CResult {
        match info.kind {
            FBlockKind::WhileLoop
            | FBlockKind::ExceptionHandler
            | FBlockKind::ExceptionGroupHandler
            | FBlockKind::AsyncComprehensionGenerator => {}
            FBlockKind::ForLoop => {
                if preserve_tos {
                    self.u.b.op_i(Opcode::Swap, 2);
                }
                self.u.b.op(Opcode::PopTop);
            }
            FBlockKind::TryExcept => self.u.b.pop_block(),
            FBlockKind::FinallyTry => {
                self.u.b.pop_block();
                if preserve_tos {
                    self.push_fblock(FBlockKind::PopValue, 0, None, FDatum::None)?;
                }
                if let FDatum::Finally(body) = info.datum {
                    let saved = self.loc();
                    self.stmts(body)?;
                    self.set_loc(saved);
                }
                if preserve_tos {
                    self.pop_fblock();
                }
            }
            FBlockKind::FinallyEnd => {
                if preserve_tos {
                    self.u.b.op_i(Opcode::Swap, 2);
                }
                self.u.b.op(Opcode::PopTop);
                if preserve_tos {
                    self.u.b.op_i(Opcode::Swap, 2);
                }
                self.u.b.pop_block();
                self.u.b.op(Opcode::PopExcept);
            }
            FBlockKind::With | FBlockKind::AsyncWith => {
                let saved = self.loc();
                if let FDatum::With(loc) = info.datum {
                    self.set_loc(loc);
                }
                self.u.b.pop_block();
                if preserve_tos {
                    self.u.b.op_i(Opcode::Swap, 2);
                }
                self.call_exit_with_nones();
                if info.kind == FBlockKind::AsyncWith {
                    self.u.b.op_i(Opcode::GetAwaitable, 2);
                    self.u.b.load_const(Constant::None);
                    self.yield_from(true);
                }
                self.u.b.op(Opcode::PopTop);
                self.set_loc(saved);
            }
            FBlockKind::HandlerCleanup => {
                let name = match &info.datum {
                    FDatum::Name(n) => n.clone(),
                    _ => None,
                };
                if name.is_some() {
                    self.u.b.pop_block();
                }
                if preserve_tos {
                    self.u.b.op_i(Opcode::Swap, 2);
                }
                self.u.b.pop_block();
                self.u.b.op(Opcode::PopExcept);
                if let Some(n) = name {
                    self.u.b.load_const(Constant::None);
                    self.nameop(&n, Ctx::Store)?;
                    self.nameop(&n, Ctx::Del)?;
                }
            }
            FBlockKind::PopValue => {
                if preserve_tos {
                    self.u.b.op_i(Opcode::Swap, 2);
                }
                self.u.b.op(Opcode::PopTop);
            }
        }
        Ok(())
    }

    /// Unwinds the frame-block stack for `break`/`continue` (stopping at the innermost loop,
    /// returned) or `return` (everything).
    pub(crate) fn unwind_fblock_stack(
        &mut self,
        preserve_tos: bool,
        stop_at_loop: bool,
    ) -> CResult<Option<FBlock<'a>>> {
        let Some(top) = self.u.fblocks.last().cloned() else {
            return Ok(None);
        };
        if top.kind == FBlockKind::ExceptionGroupHandler {
            return Err(
                self.error("'break', 'continue' and 'return' cannot appear in an except* block")
            );
        }
        if stop_at_loop && matches!(top.kind, FBlockKind::WhileLoop | FBlockKind::ForLoop) {
            return Ok(Some(top));
        }
        self.u.fblocks.pop();
        let r = self
            .unwind_fblock(&top, preserve_tos)
            .and_then(|_| self.unwind_fblock_stack(preserve_tos, stop_at_loop));
        self.u.fblocks.push(top);
        r
    }

    // --- functions, lambdas, classes -----------------------------------------------------

    /// Pushes default values; returns the `MAKE_FUNCTION` flags for them.
    pub(crate) fn default_arguments(&mut self, args: &'a Arguments) -> CResult<u32> {
        let mut flags = 0;
        if !args.defaults.is_empty() {
            for d in &args.defaults {
                self.expr(d)?;
            }
            self.u
                .b
                .op_i(Opcode::BuildTuple, args.defaults.len() as u32);
            flags |= 1;
        }
        let mut nkw = 0;
        for (arg, d) in args.kwonlyargs.iter().zip(&args.kw_defaults) {
            if let Some(d) = d {
                let name = self.mangle(&arg.arg);
                self.u.b.load_const(Constant::Str(PyStr::new(&name)));
                self.expr(d)?;
                nkw += 1;
            }
        }
        if nkw > 0 {
            self.u.b.op_i(Opcode::BuildMap, nkw);
            flags |= 2;
        }
        Ok(flags)
    }

    fn annotation_value(&mut self, e: &'a Expr) -> CResult {
        if self.future.flags & CodeFlags::FUTURE_ANNOTATIONS != 0 {
            let s = super::unparse::unparse(e);
            self.u.b.load_const(Constant::str(&s));
            Ok(())
        } else if let ExprKind::Starred { value, .. } = &e.kind {
            // `*args: *Ts` (PEP 646): the annotation is the single item of `[*Ts]`.
            self.expr(value)?;
            self.u.b.op_i(Opcode::UnpackSequence, 1);
            Ok(())
        } else {
            self.expr(e)
        }
    }

    /// Pushes the annotations tuple; returns whether there was any.
    fn annotations(&mut self, args: &'a Arguments, returns: Option<&'a Expr>) -> CResult<bool> {
        let mut n = 0;
        let all = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(args.vararg.iter())
            .chain(&args.kwonlyargs)
            .chain(args.kwarg.iter());
        for a in all {
            if let Some(ann) = &a.annotation {
                let name = self.mangle(&a.arg);
                self.u.b.load_const(Constant::Str(PyStr::new(&name)));
                self.annotation_value(ann)?;
                n += 2;
            }
        }
        if let Some(r) = returns {
            self.u.b.load_const(Constant::str("return"));
            self.annotation_value(r)?;
            n += 2;
        }
        if n > 0 {
            self.u.b.op_i(Opcode::BuildTuple, n);
        }
        Ok(n > 0)
    }

    /// Parameters named `__debug__` are rejected (`compiler_check_debug_args`).
    fn check_debug_args(&mut self, args: &'a Arguments) -> CResult {
        let all = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(args.vararg.iter())
            .chain(&args.kwonlyargs)
            .chain(args.kwarg.iter());
        for a in all {
            if &*a.arg == "__debug__" {
                // Reported at the enclosing statement/expression, as CPython does.
                return Err(self.error("cannot assign to __debug__"));
            }
        }
        Ok(())
    }

    /// Loads the closure cells of `code` and emits `MAKE_FUNCTION`.
    pub(crate) fn make_closure(&mut self, code: Arc<CodeObject>, mut flags: u32) -> CResult {
        if !code.freevars.is_empty() {
            for name in code.freevars.iter() {
                let class_cell = self.u.kind == UnitKind::Class && &**name == "__class__";
                let scope = self.st.scope(self.u.scope).scope_of(name);
                let arg = if class_cell || scope == NameScope::Cell {
                    Arg::Cell(
                        *self
                            .u
                            .cell_index
                            .get(name)
                            .ok_or_else(|| self.internal("closure cell missing"))?,
                    )
                } else {
                    Arg::Free(
                        *self
                            .u
                            .free_index
                            .get(name)
                            .ok_or_else(|| self.internal("closure free variable missing"))?,
                    )
                };
                self.u.b.emit(Opcode::LoadClosure, arg);
            }
            self.u
                .b
                .op_i(Opcode::BuildTuple, code.freevars.len() as u32);
            flags |= 8;
        }
        self.u.b.load_const(Constant::Code(code));
        self.u.b.op_i(Opcode::MakeFunction, flags);
        Ok(())
    }

    /// The docstring of a body, if its first statement is a string constant.
    pub(crate) fn docstring(body: &[Stmt]) -> Option<&PyStr> {
        match body.first().map(|s| &s.kind) {
            Some(StmtKind::Expr(e)) => match e.as_constant() {
                Some(Constant::Str(s)) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    /// `def` / `async def`.
    pub(crate) fn function_def(&mut self, s: &'a Stmt, f: &'a FunctionDef) -> CResult {
        self.check_debug_args(&f.args)?;
        for d in &f.decorator_list {
            self.expr(d)?;
        }
        let first_line = f.decorator_list.first().map_or(s.loc.line, |d| d.loc.line);
        let mut flags = self.default_arguments(&f.args)?;
        if self.annotations(&f.args, f.returns.as_deref())? {
            flags |= 4;
        }
        let kind = if f.is_async {
            UnitKind::AsyncFunction
        } else {
            UnitKind::Function
        };
        self.enter_scope(f.name.clone(), kind, f, first_line, s.loc)?;
        let doc = Self::docstring(&f.body).cloned();
        let skip = doc.is_some() as usize;
        self.u
            .b
            .add_const(doc.map_or(Constant::None, Constant::Str));
        self.u.argcount = (f.args.posonlyargs.len() + f.args.args.len()) as u32;
        self.u.posonlyargcount = f.args.posonlyargs.len() as u32;
        self.u.kwonlyargcount = f.args.kwonlyargs.len() as u32;
        for stmt in &f.body[skip..] {
            self.stmt(stmt)?;
        }
        let code = self.exit_scope()?;
        self.make_closure(code, flags)?;
        self.set_loc(s.loc);
        for _ in &f.decorator_list {
            self.u.b.op_i(Opcode::Call, 0);
        }
        self.nameop(&f.name, Ctx::Store)
    }

    /// `lambda`.
    pub(crate) fn lambda(&mut self, e: &'a Expr, args: &'a Arguments, body: &'a Expr) -> CResult {
        self.check_debug_args(args)?;
        let flags = self.default_arguments(args)?;
        self.enter_scope(
            Arc::from("<lambda>"),
            UnitKind::Lambda,
            e,
            e.loc.line,
            e.loc,
        )?;
        // None first, so a lambda never has a docstring.
        self.u.b.add_const(Constant::None);
        self.u.argcount = (args.posonlyargs.len() + args.args.len()) as u32;
        self.u.posonlyargcount = args.posonlyargs.len() as u32;
        self.u.kwonlyargcount = args.kwonlyargs.len() as u32;
        self.expr(body)?;
        self.u.b.op(Opcode::ReturnValue);
        let code = self.exit_scope()?;
        self.make_closure(code, flags)
    }

    /// `class`.
    pub(crate) fn class_def(&mut self, s: &'a Stmt, c: &'a ClassDef) -> CResult {
        for d in &c.decorator_list {
            self.expr(d)?;
        }
        let first_line = c.decorator_list.first().map_or(s.loc.line, |d| d.loc.line);
        self.enter_scope(c.name.clone(), UnitKind::Class, c, first_line, s.loc)?;
        self.u.private = Some(c.name.clone());
        self.nameop(&Arc::from("__name__"), Ctx::Load)?;
        self.nameop(&Arc::from("__module__"), Ctx::Store)?;
        let qualname = self.u.qualname.clone();
        self.u.b.load_const(Constant::Str(PyStr::new(&qualname)));
        self.nameop(&Arc::from("__qualname__"), Ctx::Store)?;
        self.body(&c.body)?;
        self.set_loc(s.loc);
        if self.st.scope(self.u.scope).needs_class_closure {
            let i = *self
                .u
                .cell_index
                .get("__class__")
                .ok_or_else(|| self.internal("__class__ cell missing"))?;
            self.u.b.emit(Opcode::LoadClosure, Arg::Cell(i));
            self.u.b.op_i(Opcode::Copy, 1);
            self.nameop(&Arc::from("__classcell__"), Ctx::Store)?;
        } else {
            self.u.b.load_const(Constant::None);
        }
        self.u.b.op(Opcode::ReturnValue);
        let code = self.exit_scope()?;
        self.u.b.op(Opcode::LoadBuildClass);
        self.u.b.op(Opcode::PushNull);
        self.make_closure(code, 0)?;
        self.u.b.load_const(Constant::Str(PyStr::new(&c.name)));
        self.call_helper(2, &c.bases, &c.keywords)?;
        for _ in &c.decorator_list {
            self.u.b.op_i(Opcode::Call, 0);
        }
        self.nameop(&c.name, Ctx::Store)
    }

    /// A module or class body: `SETUP_ANNOTATIONS` if needed, the docstring into `__doc__`,
    /// then the statements (CPython's `compiler_body`).
    pub(crate) fn body(&mut self, stmts: &'a [Stmt]) -> CResult {
        if self.u.kind == UnitKind::Module
            && let Some(first) = stmts.first()
        {
            self.set_loc(first.loc);
        }
        if find_annotations(stmts) {
            self.u.b.op(Opcode::SetupAnnotations);
        }
        let mut rest = stmts;
        if let Some(doc) = Self::docstring(stmts) {
            if let Some(first) = stmts.first() {
                self.set_loc(first.loc);
            }
            self.u.b.load_const(Constant::Str(doc.clone()));
            self.nameop(&Arc::from("__doc__"), Ctx::Store)?;
            rest = &stmts[1..];
        }
        self.stmts(rest)
    }
}

/// Whether a body contains annotated assignments outside nested functions/classes
/// (CPython's `find_ann`).
fn find_annotations(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::AnnAssign { .. } => true,
        StmtKind::For { body, orelse, .. }
        | StmtKind::While { body, orelse, .. }
        | StmtKind::If { body, orelse, .. } => find_annotations(body) || find_annotations(orelse),
        StmtKind::With { body, .. } => find_annotations(body),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
            ..
        } => {
            find_annotations(body)
                || find_annotations(orelse)
                || find_annotations(finalbody)
                || handlers.iter().any(|h| find_annotations(&h.body))
        }
        StmtKind::Match { cases, .. } => cases.iter().any(|c| find_annotations(&c.body)),
        _ => false,
    })
}
