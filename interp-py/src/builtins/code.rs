//! Builtins that compile or run code or expose namespaces: `exec`, `eval`, `compile`,
//! `globals`, `locals`, and `__build_class__` (the class statement's runtime half).

use crate::compile::Mode;
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::roots::{G, Root};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    /// `locals()` of the innermost Python frame (a snapshot dict for function frames).
    pub fn current_locals(&mut self) -> PyResult<Value> {
        let n = self.st().frames.len();
        if n == 0 {
            return Ok(self.g(G::BuiltinsDict));
        }
        self.frame_locals_dict(n - 1)
    }

    /// `globals()` of the innermost Python frame.
    pub fn current_globals_or_main(&mut self) -> PyResult<Value> {
        match self.current_globals() {
            Some(g) => Ok(g),
            None => {
                let m = self.main_module()?;
                Ok(self.module_dict(m))
            }
        }
    }

    /// The code object for `exec`/`eval` source (str, bytes or code).
    fn source_to_code(&mut self, src: Value, mode: Mode, what: &str) -> PyResult<Value> {
        if self.kind(src) == Kind::Code {
            return Ok(src);
        }
        let text = if let Some(s) = self.as_str_obj(src) {
            self.str_string(s)
        } else if let Some(b) = self.bytes_like(src) {
            let b = b.to_vec();
            match String::from_utf8(b) {
                Ok(t) => t,
                Err(_) => {
                    return Err(
                        self.new_error(T::SyntaxError, "source code cannot contain null bytes")
                    );
                }
            }
        } else {
            return Err(crate::raise!(
                self,
                TypeError,
                "{what}() arg 1 must be a string, bytes or code object"
            ));
        };
        let text = if mode == Mode::Eval {
            text.trim_start_matches([' ', '\t']).to_string()
        } else {
            text
        };
        let flags = self.current_future_flags();
        let code = self.compile_str(text, "<string>", mode, flags)?;
        self.load_code(&code)
    }

    /// The `__future__` flags of the innermost frame's code (inherited by `exec`/`eval`).
    fn current_future_flags(&self) -> u32 {
        match self.st().frames.last() {
            Some(f) => {
                // SAFETY: the frame record is live; its function keeps the code alive.
                let co = unsafe { &*f.code };
                co.co.flags.0 & crate::bytecode::CodeFlags::FUTURE_ANNOTATIONS
            }
            None => 0,
        }
    }

    /// `exec`/`eval` argument handling and execution.
    fn exec_eval(&mut self, args: Args, mode: Mode, name: &str) -> PyResult<Value> {
        let mut closure = None;
        for j in 0..args.nkw as usize {
            let (k, vr) = args.kw(self, j);
            if mode == Mode::Exec && self.str_eq_text(k, "closure") {
                closure = Some(vr);
                continue;
            }
            if self.str_eq_text(k, "globals") || self.str_eq_text(k, "locals") {
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "{name}() takes no keyword arguments"
                ));
            }
            let kn = self.str_string(k);
            return Err(crate::raise!(
                self,
                TypeError,
                "'{kn}' is an invalid keyword argument for {name}()"
            ));
        }
        let _ = closure;
        if args.is_empty() || args.len() > 3 {
            return Err(crate::raise!(
                self,
                TypeError,
                "{name} expected at {} 3 arguments, got {}",
                if args.is_empty() {
                    "least 1 argument,"
                } else {
                    "most"
                },
                args.len()
            ));
        }
        let mut globals = args.opt(self, 1).filter(|v| !self.is_none(*v));
        let mut locals = args.opt(self, 2).filter(|v| !self.is_none(*v));
        if let Some(g) = globals
            && !self.is_dict(g)
        {
            let tn = self.type_name(g);
            return Err(if mode == Mode::Exec {
                crate::raise!(self, TypeError, "exec() globals must be a dict, not {tn}")
            } else {
                crate::raise!(
                    self,
                    TypeError,
                    "globals must be a real dict; try eval(expr, {{}}, mapping)"
                )
            });
        }
        if let Some(l) = locals {
            let ty = self.type_of(l);
            if self.lookup_special(ty, n::GETITEM).is_none() {
                return Err(if mode == Mode::Exec {
                    let tn = self.type_name(l);
                    crate::raise!(
                        self,
                        TypeError,
                        "locals must be a mapping or None, not {tn}"
                    )
                } else {
                    self.type_error("locals must be a mapping")
                });
            }
        }
        if globals.is_none() {
            globals = Some(self.current_globals_or_main()?);
            if locals.is_none() {
                locals = Some(self.current_locals()?);
            }
        }
        let gr = self.push_root(globals.expect("set"))?;
        let lr = self.push_opt(locals)?;
        let g = self.get(gr);
        if self.dict_get_name(g, n::BUILTINS).is_none() {
            let b = self.g(G::BuiltinsModule);
            self.dict_set_name(g, n::BUILTINS, b)?;
        }
        let code = self.source_to_code(args.get(self, 0), mode, name)?;
        if !self.code_ref(code).co.freevars.is_empty() {
            return Err(crate::raise!(
                self,
                TypeError,
                "code object passed to {name}() may not contain free variables"
            ));
        }
        let l = self.get_opt(lr);
        let r = self.run_code(code, self.get(gr), l)?;
        Ok(if mode == Mode::Exec { self.none() } else { r })
    }
}

/// `exec(source, globals=None, locals=None, /, *, closure=None)`.
pub fn builtin_exec(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.exec_eval(args, Mode::Exec, "exec")
}

/// `eval(source, globals=None, locals=None, /)`.
pub fn builtin_eval(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.exec_eval(args, Mode::Eval, "eval")
}

/// `compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1)`.
pub fn builtin_compile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "compile",
        params: &[
            "source",
            "filename",
            "mode",
            "flags",
            "dont_inherit",
            "optimize",
            "_feature_version",
        ],
        posonly: 0,
        kwonly: 6,
        required: 3,
    };
    let [source, filename, mode, flags, dont_inherit, _optimize, _fv] = vm.bind::<7>(args, &SIG)?;
    let src = vm.get(source.expect("required"));
    let fname = vm.get(filename.expect("required"));
    let fname = if let Some(s) = vm.as_str_obj(fname) {
        vm.str_string(s)
    } else if let Some(b) = vm.bytes_like(fname) {
        String::from_utf8_lossy(&b).into_owned()
    } else {
        let tn = vm.type_name(fname);
        return Err(crate::raise!(
            vm,
            TypeError,
            "expected str, bytes or os.PathLike object, not {tn}"
        ));
    };
    let mode_v = vm.get(mode.expect("required"));
    let mode_s = match vm.as_str_obj(mode_v) {
        Some(s) => vm.str_string(s),
        None => {
            let tn = vm.type_name(mode_v);
            return Err(crate::raise!(
                vm,
                TypeError,
                "compile() argument 'mode' must be str, not {tn}"
            ));
        }
    };
    let m = match mode_s.as_str() {
        "exec" => Mode::Exec,
        "eval" => Mode::Eval,
        "single" => Mode::Single,
        _ => return Err(vm.value_error("compile() mode must be 'exec', 'eval' or 'single'")),
    };
    let flags_v = match flags {
        Some(f) => {
            let f = vm.get(f);
            vm.index_i64(f)?
        }
        None => 0,
    };
    let inherit = match dont_inherit {
        Some(d) => !vm.truthy(vm.get(d))?,
        None => true,
    };
    let mut cflags = (flags_v as u32) & crate::bytecode::CodeFlags::FUTURE_ANNOTATIONS;
    if inherit {
        cflags |= vm.current_future_flags_pub();
    }
    if vm.kind(src) == Kind::Code {
        return Ok(src);
    }
    if flags_v & PYCF_ONLY_AST == 0 && is_ast_node(vm, src)? {
        return Err(vm.new_error(
            T::NotImplementedError,
            "compile() of an AST object is not supported by tern yet",
        ));
    }
    let text = if let Some(s) = vm.as_str_obj(src) {
        vm.str_string(s)
    } else if let Some(b) = vm.bytes_like(src) {
        let b = b.to_vec();
        match crate::source::decode_source(&b, &fname) {
            Ok(t) => t,
            Err(e) => return Err(vm.raise_compile_error(&e)),
        }
    } else {
        return Err(vm.type_error("compile() arg 1 must be a string, bytes or AST object"));
    };
    if flags_v & PYCF_ONLY_AST != 0 {
        return compile_to_ast(vm, text, &fname, m);
    }
    let code = vm.compile_str(text, &fname, m, cflags)?;
    vm.load_code(&code)
}

/// `compile()`'s flag for "return the AST" (what `ast.parse` passes).
const PYCF_ONLY_AST: i64 = 0x400;

/// Whether `v` is an `ast.AST` node (from `_ast`, if that module was imported at all).
fn is_ast_node(vm: &mut Vm, v: Value) -> PyResult<bool> {
    let Some(m) = vm.sys_modules_get("_ast")? else {
        return Ok(false);
    };
    let mark = vm.sp();
    let vr = vm.push_root(v)?;
    let name = vm.intern("AST")?;
    let base = vm.getattr_opt(m, name)?;
    let r = match base {
        Some(b) => vm.isinstance(vm.get(vr), b),
        None => Ok(false),
    };
    vm.truncate(mark);
    r
}

/// Parses `text` and returns its AST as `_ast` node objects (see `modules::ast_export`).
fn compile_to_ast(vm: &mut Vm, text: String, fname: &str, m: Mode) -> PyResult<Value> {
    use crate::modules::ast_export::{AstMode, export};
    let src = crate::syntax_error::SourceFile::new(fname, crate::source::normalize_newlines(text));
    let (pmode, amode) = match m {
        Mode::Exec => (crate::parse::ParseMode::Module, AstMode::Exec),
        Mode::Single => (crate::parse::ParseMode::Module, AstMode::Single),
        Mode::Eval => (crate::parse::ParseMode::Expression, AstMode::Eval),
    };
    let parsed = match crate::parse::parse(&src, pmode) {
        Ok(p) => p,
        Err(e) => return Err(vm.raise_compile_error(&e)),
    };
    let mark = vm.sp();
    let r = (|| {
        let ast_mod = vm.import_module("_ast")?;
        let mr = vm.push_root(ast_mod)?;
        let tree = crate::parse::with_stack_for(src.text.len(), || export(vm, &parsed, amode))?;
        let tr = vm.push_root(tree)?;
        let name = vm.intern("_from_tern")?;
        let build = vm.getattr(vm.get(mr), name)?;
        vm.call(build, &[vm.get(tr)])
    })();
    vm.truncate(mark);
    r
}

impl Vm {
    /// Public form of the inherited `__future__` flags.
    pub fn current_future_flags_pub(&self) -> u32 {
        self.current_future_flags()
    }
}

/// `globals()`.
pub fn builtin_globals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "globals", 0, 0)?;
    vm.current_globals_or_main()
}

/// `locals()`.
pub fn builtin_locals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "locals", 0, 0)?;
    vm.current_locals()
}

/// `__build_class__(func, name, /, *bases, metaclass=None, **kwds)`.
pub fn builtin_build_class(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.len() < 2 {
        return Err(vm.type_error("__build_class__: not enough arguments"));
    }
    let func = args.get(vm, 0);
    if vm.kind(func) != Kind::Function {
        return Err(vm.type_error("__build_class__: func must be a function"));
    }
    let name = args.get(vm, 1);
    if !vm.is_str(name) && vm.as_str_obj(name).is_none() {
        return Err(vm.type_error("__build_class__: name is not a string"));
    }
    // Original bases and __mro_entries__ resolution.
    let mark = vm.sp();
    for i in 2..args.len() {
        vm.push_root(args.get(vm, i))?;
    }
    let orig_bases = vm.pack_tuple(mark)?;
    let obr = vm.push_root(orig_bases)?;
    let bases = vm.resolve_mro_entries(obr)?;
    let br = vm.push_root(bases)?;
    // Keywords: metaclass and the rest (for __prepare__, the metaclass, __init_subclass__).
    let mut meta: Option<Value> = None;
    let kw_mark = vm.sp();
    let mut nkw = 0;
    for j in 0..args.nkw as usize {
        let (k, vr) = args.kw(vm, j);
        if vm.str_eq_text(k, "metaclass") {
            meta = Some(vm.get(vr));
        } else {
            nkw += 1;
        }
    }
    // A kwargs dict of the non-metaclass keywords.
    let kwd = vm.new_dict()?;
    let kwr = vm.push_root(kwd)?;
    for j in 0..args.nkw as usize {
        let (k, vr) = args.kw(vm, j);
        if !vm.str_eq_text(k, "metaclass") {
            let v = vm.get(vr);
            vm.dict_set_item(vm.get(kwr), k, v)?;
        }
    }
    let _ = kw_mark;
    let is_class = meta.is_none_or(|m| vm.is_type(m));
    let meta = match meta {
        Some(m) => m,
        None => {
            let b = vm.get(br);
            if vm.tuple_len(b) > 0 {
                vm.type_of(vm.tuple_get(b, 0))
            } else {
                vm.ty(T::Type)
            }
        }
    };
    let meta = if is_class {
        vm.calculate_metaclass(meta, vm.get(br))?
    } else {
        meta
    };
    let mr = vm.push_root(meta)?;
    // ns = meta.__prepare__(name, bases, **kwds)
    let prepare = vm.getattr_opt(meta, n::PREPARE)?;
    let ns = match prepare {
        Some(p) => {
            let ns = call_with_kwdict(vm, p, &[args.get(vm, 1), vm.get(br)], kwr, nkw)?;
            if vm.lookup_special(vm.type_of(ns), n::GETITEM).is_none() {
                let mn = if vm.is_type(vm.get(mr)) {
                    vm.type_name_str(vm.get(mr))
                } else {
                    "<metaclass>".to_string()
                };
                let tn = vm.type_name(ns);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "{mn}.__prepare__() must return a mapping, not {tn}"
                ));
            }
            ns
        }
        None => vm.new_dict()?,
    };
    let nsr = vm.push_root(ns)?;
    let cell = vm.run_with_locals(args.get(vm, 0), Some(ns))?;
    let cr = vm.push_root(cell)?;
    if vm.get(br) != vm.get(obr) {
        let k = vm.name_str(n::ORIG_BASES);
        vm.setitem(vm.get(nsr), k, vm.get(obr))?;
    }
    let cls = call_with_kwdict(
        vm,
        vm.get(mr),
        &[args.get(vm, 1), vm.get(br), vm.get(nsr)],
        kwr,
        nkw,
    )?;
    let clsr = vm.push_root(cls)?;
    let cell = vm.get(cr);
    if vm.kind(cell) == Kind::Cell && vm.is_type(vm.get(clsr)) {
        let content = vm.cell_get(cell);
        if content != Some(vm.get(clsr)) {
            let nm = vm.str_string(vm.as_str_obj(args.get(vm, 1)).unwrap_or(args.get(vm, 1)));
            let cls = vm.get(clsr);
            let cls_r = vm.repr_string(cls)?;
            return Err(match content {
                None => crate::raise!(
                    vm,
                    RuntimeError,
                    "__class__ not set defining '{nm}' as {cls_r}. Was __classcell__ propagated to type.__new__?"
                ),
                Some(c) => {
                    let cr = vm.repr_string(c)?;
                    crate::raise!(
                        vm,
                        TypeError,
                        "__class__ set to {cr} defining '{nm}' as {cls_r}"
                    )
                }
            });
        }
    }
    Ok(vm.get(clsr))
}

/// Calls `f(*pos, **kwdict)` where the dict in `kwr` has `nkw` str keys.
fn call_with_kwdict(
    vm: &mut Vm,
    f: Value,
    pos: &[Value],
    kwr: Root,
    nkw: usize,
) -> PyResult<Value> {
    let base = vm.sp();
    vm.push_root(f)?;
    vm.push_word(0)?;
    for p in pos {
        vm.push_root(*p)?;
    }
    if nkw == 0 {
        return vm.call_at(base, pos.len(), 0);
    }
    let names_mark = vm.sp();
    let mut pos_i = 0;
    // Values first, then the names tuple.
    let mut keys = Vec::new();
    while let Some((i, k, v)) = vm.dict_next(vm.get(kwr), pos_i) {
        pos_i = i;
        keys.push(k);
        vm.push_root(v)?;
    }
    let vals_end = vm.sp();
    for k in keys {
        vm.push_root(k)?;
    }
    let names = vm.tuple_from_slots(vals_end, nkw)?;
    vm.truncate(vals_end);
    vm.push_root(names)?;
    let _ = names_mark;
    vm.call_at(base, pos.len() + nkw, nkw)
}

impl Vm {
    /// PEP 560: replaces bases that define `__mro_entries__` (and are not types).
    pub fn resolve_mro_entries(&mut self, obr: Root) -> PyResult<Value> {
        let orig = self.get(obr);
        let nb = self.tuple_len(orig);
        let mut changed = false;
        for i in 0..nb {
            let b = self.tuple_get(self.get(obr), i);
            if !self.is_type(b) && self.getattr_opt(b, n::MRO_ENTRIES)?.is_some() {
                changed = true;
            }
        }
        if !changed {
            return Ok(self.get(obr));
        }
        let mark = self.sp();
        for i in 0..nb {
            let b = self.tuple_get(self.get(obr), i);
            if self.is_type(b) {
                self.push_root(b)?;
                continue;
            }
            match self.getattr_opt(b, n::MRO_ENTRIES)? {
                Some(m) => {
                    let r = self.call1(m, self.get(obr))?;
                    let Some(t) = self.as_tuple_obj(r) else {
                        return Err(self.type_error("__mro_entries__ must return a tuple"));
                    };
                    for j in 0..self.tuple_len(t) {
                        let x = self.tuple_get(t, j);
                        self.push_root(x)?;
                    }
                }
                None => {
                    self.push_root(b)?;
                }
            }
        }
        self.pack_tuple(mark)
    }
}
