//! The import system: `IMPORT_NAME`/`IMPORT_FROM`/`IMPORT_STAR`, `__import__`, and module
//! finding and loading (a Rust port of the parts of `importlib._bootstrap` programs observe).
//!
//! Finders, in order: `sys.modules` (the cache), the native module registry
//! (`Vm::native_modules`: name -> initialiser; **extension point 1**), then the entries of
//! `sys.path` (or the parent package's `__path__`; **extension point 2**) searched for
//! `NAME/__init__.py` (regular package), `NAME.py` (module) and finally `NAME/` (namespace
//! package). A module is put in `sys.modules` before its code runs (circular imports see
//! the partially initialised module, flagged `INITIALIZING`) and removed again if its code
//! raises. Submodules are bound as attributes of their parent package after loading.
//!
//! Not implemented: `sys.meta_path`/`sys.path_hooks` (Python-level finders), `.pyc` files,
//! zip imports, import locks (there is one thread).

use std::sync::Arc;

use crate::bytecode::CodeObject;
use crate::interp::code_cache;
use crate::objects::code::CodeRt;
use crate::runtime::builtin_types::T;
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::{PyErr, PyResult};
use crate::runtime::names::n;
use crate::runtime::roots::{Frame, G};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Where a module was found.
enum Found {
    /// A native module initialiser.
    Native(crate::modules::NativeInit),
    /// A source file; `package_dir` is set for packages (`__init__.py`).
    Source {
        path: String,
        package_dir: Option<String>,
    },
    /// A namespace package directory.
    Namespace(String),
}

impl Vm {
    /// `IMPORT_NAME namei`: `(level fromlist -- module)`.
    pub(crate) fn op_import_name(
        &mut self,
        fr: *mut Frame,
        code: &CodeRt,
        arg: usize,
    ) -> PyResult<Value> {
        let top = self.sp();
        let name = Value::from_raw_nonnull(code.names[arg].get());
        // SAFETY: `fr` is the live top frame record.
        let (globals, locals) = unsafe { ((*fr).globals, (*fr).locals) };
        let fromlist = Value::from_raw_nonnull(self.slot(top - 1));
        let level = Value::from_raw_nonnull(self.slot(top - 2));
        let b = self.g(G::BuiltinsDict);
        let imp = self.dict_get_name(b, n::IMPORT);
        let r = match imp {
            Some(f) if self.is_builtin_fn(f, builtin_import) => {
                let level = level.as_small().unwrap_or(0);
                let g = Value::from_raw(globals);
                let fl = if self.is_none(fromlist) {
                    None
                } else {
                    Some(fromlist)
                };
                self.import_module_level(name, g, fl, level)
            }
            Some(f) => {
                let g = Value::from_raw(globals).unwrap_or_else(|| self.none());
                let l = Value::from_raw(locals).unwrap_or_else(|| self.none());
                self.call(f, &[name, g, l, fromlist, level])
            }
            None => Err(self.new_error(T::ImportError, "__import__ not found")),
        };
        self.truncate(top - 2);
        r
    }

    /// `IMPORT_FROM namei`: `(module -- module attr)`.
    pub(crate) fn op_import_from(&mut self, code: &CodeRt, arg: usize) -> PyResult<Value> {
        let module = Value::from_raw_nonnull(self.slot(self.sp() - 1));
        let name = code.name_ids[arg];
        self.import_from(module, name)
    }

    /// `from module import name` for one name.
    pub fn import_from(
        &mut self,
        module: Value,
        name: crate::runtime::names::Name,
    ) -> PyResult<Value> {
        let mark = self.sp();
        let mr = self.push_root(module)?;
        match self.getattr_opt(module, name) {
            Ok(Some(v)) => {
                self.truncate(mark);
                return Ok(v);
            }
            Ok(None) => {}
            Err(e) => {
                if !self.err_matches(&e, T::AttributeError) {
                    self.truncate(mark);
                    return Err(e);
                }
                let _ = self.take_exc(e);
            }
        }
        // Fall back to sys.modules["pkg.name"] (a submodule imported under a circular import).
        let module = self.get(mr);
        let pkgname = match self.getattr_opt(module, n::NAME) {
            Ok(Some(v)) if self.is_str(v) => Some(self.str_string(v)),
            Ok(_) => None,
            Err(e) => {
                let _ = self.take_exc(e);
                None
            }
        };
        let attr = self.name_text(name);
        if let Some(p) = &pkgname {
            let full = format!("{p}.{attr}");
            if let Some(m) = self.sys_modules_get(&full)? {
                self.truncate(mark);
                return Ok(m);
            }
        }
        let module = self.get(mr);
        let path = match self.getattr_opt(module, n::FILE) {
            Ok(Some(v)) if self.is_str(v) => Some(self.str_string(v)),
            Ok(_) => None,
            Err(e) => {
                let _ = self.take_exc(e);
                None
            }
        };
        let pn = pkgname
            .clone()
            .unwrap_or_else(|| "<unknown module name>".into());
        let initializing = self.module_is_initializing(self.get(mr));
        let loc = path.as_deref().unwrap_or("unknown location");
        let msg = if initializing {
            format!(
                "cannot import name '{attr}' from partially initialized module '{pn}' (most likely due to a circular import) ({loc})"
            )
        } else {
            format!("cannot import name '{attr}' from '{pn}' ({loc})")
        };
        let e = self.import_error(T::ImportError, &msg, pkgname.as_deref(), path.as_deref());
        self.truncate(mark);
        Err(e)
    }

    /// `IMPORT_STAR`: copies the public names of the module on top of the stack into the
    /// frame's locals (the module stays on the stack; the loop pops it).
    pub(crate) fn op_import_star(&mut self, fr: *mut Frame) -> PyResult<()> {
        // SAFETY: `fr` is the live top frame record.
        let locals = unsafe { (*fr).locals };
        if locals == 0 {
            return Err(self.new_error(T::SystemError, "no locals found during 'import *'"));
        }
        let module = Value::from_raw_nonnull(self.slot(self.sp() - 1));
        let mark = self.sp();
        let lr = self.push_root(Value::from_raw_nonnull(locals))?;
        let mr = self.push_root(module)?;
        let all = self.getattr_opt(module, n::ALL)?;
        let (names, skip_private) = match all {
            Some(a) => (self.to_list(a)?, false),
            None => {
                let d = match self.getattr_opt(self.get(mr), n::DICT)? {
                    Some(d) => d,
                    None => {
                        self.truncate(mark);
                        return Err(self.new_error(
                            T::ImportError,
                            "from-import-* object has no __dict__ and no __all__",
                        ));
                    }
                };
                let keys = self.call_method(d, n::KEYS, &[])?;
                (self.to_list(keys)?, true)
            }
        };
        let nr = self.push_root(names)?;
        let mut i = 0;
        while i < self.list_len(self.get(nr)) {
            let k = self.list_get(self.get(nr), i);
            i += 1;
            if !self.is_str(k) {
                let mn = self.module_name(self.get(mr)).unwrap_or_default();
                let tn = self.type_name(k);
                let what = if skip_private { "Key in" } else { "Item in" };
                let src = if skip_private { "__dict__" } else { "__all__" };
                self.truncate(mark);
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "{what} {mn}.{src} must be str, not {tn}"
                ));
            }
            if skip_private && self.str_bytes(k).first() == Some(&b'_') {
                continue;
            }
            let kn = self.intern_value(k);
            let v = self.getattr(self.get(mr), kn)?;
            let l = self.get(lr);
            let key = self.name_str(kn);
            if self.is_dict(l) {
                self.dict_set_item(l, key, v)?;
            } else {
                self.setitem(l, key, v)?;
            }
        }
        self.truncate(mark);
        Ok(())
    }

    /// An `ImportError`/`ModuleNotFoundError` with its `name` and `path` attributes.
    pub fn import_error(
        &mut self,
        t: T,
        msg: &str,
        name: Option<&str>,
        path: Option<&str>,
    ) -> PyErr {
        let r = (|| {
            let mark = self.sp();
            let m = self.new_str(msg)?;
            let exc = self.new_exception1(t, m)?;
            let er = self.push_root(exc)?;
            use crate::objects::exceptions::EXC_X0;
            if let Some(nm) = name {
                let s = self.new_str(nm)?;
                self.exc_set_field(self.get(er), EXC_X0 + 1, Some(s));
            }
            if let Some(p) = path {
                let s = self.new_str(p)?;
                self.exc_set_field(self.get(er), EXC_X0 + 2, Some(s));
            }
            let exc = self.get(er);
            self.truncate(mark);
            Ok(exc)
        })();
        match r {
            Ok(exc) => self.raise(exc),
            Err(e) => e,
        }
    }

    /// `sys.modules[name]` if present.
    pub fn sys_modules_get(&mut self, name: &str) -> PyResult<Option<Value>> {
        let mods = self.sys_modules()?;
        let mark = self.sp();
        let mr = self.push_root(mods)?;
        let k = self.new_str(name)?;
        let mods = self.get(mr);
        let r = if self.is_dict(mods) {
            self.dict_get_item(mods, k)
        } else {
            self.mapping_get(mods, k)
        };
        self.truncate(mark);
        r
    }

    /// The current `sys.modules` mapping.
    pub fn sys_modules(&mut self) -> PyResult<Value> {
        let sd = self.g(G::SysDict);
        match self.dict_get_name(sd, n::MODULES) {
            Some(m) => Ok(m),
            None => Err(self.runtime_error("lost sys.modules")),
        }
    }

    fn sys_modules_set(&mut self, name: &str, m: Value) -> PyResult<()> {
        let mark = self.sp();
        let mr = self.push_root(m)?;
        let k = self.new_str(name)?;
        let kr = self.push_root(k)?;
        let mods = self.sys_modules()?;
        let r = self.setitem(mods, self.get(kr), self.get(mr));
        self.truncate(mark);
        r
    }

    fn sys_modules_del(&mut self, name: &str) -> PyResult<()> {
        let mark = self.sp();
        let k = self.new_str(name)?;
        let kr = self.push_root(k)?;
        let mods = self.sys_modules()?;
        if self.is_dict(mods) {
            self.dict_del_item(mods, self.get(kr))?;
        } else if let Err(e) = self.delitem(mods, self.get(kr)) {
            let _ = self.take_exc(e);
        }
        self.truncate(mark);
        Ok(())
    }

    /// `__import__(name, globals, locals, fromlist, level)` (CPython's
    /// `PyImport_ImportModuleLevelObject`).
    pub fn import_module_level(
        &mut self,
        name: Value,
        globals: Option<Value>,
        fromlist: Option<Value>,
        level: i64,
    ) -> PyResult<Value> {
        let mark = self.sp();
        let r = self.import_module_level_inner(name, globals, fromlist, level);
        self.truncate(mark);
        r
    }

    fn import_module_level_inner(
        &mut self,
        name: Value,
        globals: Option<Value>,
        fromlist: Option<Value>,
        level: i64,
    ) -> PyResult<Value> {
        if !self.is_str(name) {
            let tn = self.type_name(name);
            return Err(crate::raise!(
                self,
                TypeError,
                "module name must be str, not {tn}"
            ));
        }
        if level < 0 {
            return Err(self.value_error("level must be >= 0"));
        }
        let name_s = self.str_string(name);
        let fr = self.push_opt(fromlist)?;
        let abs_name = if level > 0 {
            self.resolve_name(&name_s, globals, level)?
        } else {
            if name_s.is_empty() {
                return Err(self.value_error("Empty module name"));
            }
            name_s.clone()
        };
        let module = match self.sys_modules_get(&abs_name)? {
            Some(m) if !self.is_none(m) => m,
            Some(_) => {
                // `sys.modules[name] = None` blocks the import (CPython's message).
                let msg = format!("import of {abs_name} halted; None in sys.modules");
                return Err(self.import_error(T::ModuleNotFoundError, &msg, Some(&abs_name), None));
            }
            None => self.find_and_load(&abs_name)?,
        };
        let mr = self.push_root(module)?;
        let has_from = match self.get_opt(fr) {
            Some(f) => self.truthy(f)?,
            None => false,
        };
        if !has_from {
            if level == 0 || !name_s.is_empty() {
                let Some(dot) = name_s.find('.') else {
                    return Ok(self.get(mr));
                };
                if level == 0 {
                    let front = &name_s[..dot];
                    let f = self.new_str(front)?;
                    return self.import_module_level(f, None, None, 0);
                }
                let cut_off = name_s.len() - dot;
                let to_return = &abs_name[..abs_name.len() - cut_off];
                return match self.sys_modules_get(to_return)? {
                    Some(m) => Ok(m),
                    None => Err(crate::raise!(
                        self,
                        KeyError,
                        "'{to_return}' not in sys.modules as expected"
                    )),
                };
            }
            return Ok(self.get(mr));
        }
        let m = self.get(mr);
        if self.getattr_opt(m, n::PATH)?.is_some() {
            let fl = self.get_opt(fr).expect("fromlist");
            self.handle_fromlist(mr, fl, false)?;
        }
        Ok(self.get(mr))
    }

    /// `importlib._bootstrap._handle_fromlist`: imports submodules named in the fromlist.
    fn handle_fromlist(
        &mut self,
        mr: crate::runtime::roots::Root,
        fromlist: Value,
        recursive: bool,
    ) -> PyResult<()> {
        let items = self.to_list(fromlist)?;
        let ir = self.push_root(items)?;
        let mut i = 0;
        while i < self.list_len(self.get(ir)) {
            let x = self.list_get(self.get(ir), i);
            i += 1;
            if !self.is_str(x) {
                let tn = self.type_name(x);
                let what = if recursive {
                    "``from list`` must be str, not"
                } else {
                    "Item in ``from list`` must be str, not"
                };
                let _ = what;
                let msg = if recursive {
                    format!(
                        "Item in {}.__all__ must be str, not {tn}",
                        self.module_name(self.get(mr)).unwrap_or_default()
                    )
                } else {
                    format!("Item in ``from list`` must be str, not {tn}")
                };
                return Err(self.type_error(&msg));
            }
            let xs = self.str_string(x);
            if xs == "*" {
                if !recursive {
                    let m = self.get(mr);
                    if let Some(all) = self.getattr_opt(m, n::ALL)? {
                        self.handle_fromlist(mr, all, true)?;
                    }
                }
                continue;
            }
            let xn = self.intern_value(x);
            let m = self.get(mr);
            if self.getattr_opt(m, xn)?.is_none() {
                let Some(pkg) = self.module_name(m) else {
                    continue;
                };
                let full = format!("{pkg}.{xs}");
                if self.sys_modules_get(&full)?.is_some() {
                    continue;
                }
                match self.find_and_load(&full) {
                    Ok(_) => {}
                    Err(e) => {
                        // A missing submodule of that exact name is ignored (the name may be
                        // looked up later and fail with a better message).
                        let exc = self.peek_exc(&e);
                        if self.isinstance_builtin(exc, T::ModuleNotFoundError) {
                            let en = self.exc_field(exc, crate::objects::exceptions::EXC_X0 + 1);
                            if let Some(en) = en
                                && self.is_str(en)
                                && self.str_eq_text(en, &full)
                            {
                                let _ = self.take_exc(e);
                                continue;
                            }
                        }
                        return Err(e);
                    }
                }
            }
        }
        Ok(())
    }

    /// Resolves a relative module name (`importlib._bootstrap._resolve_name` and
    /// `_calc___package__`).
    fn resolve_name(&mut self, name: &str, globals: Option<Value>, level: i64) -> PyResult<String> {
        let Some(g) = globals else {
            return Err(crate::raise!(self, KeyError, "'__name__' not in globals"));
        };
        if !self.is_dict(g) {
            return Err(self.type_error("globals must be a dict"));
        }
        let gr = self.push_root(g)?;
        let package = self.dict_get_name(g, n::PACKAGE);
        let package: String = match package {
            Some(p) if !self.is_none(p) => {
                if !self.is_str(p) {
                    return Err(self.type_error("package must be a string"));
                }
                self.str_string(p)
            }
            _ => {
                let spec = self.dict_get_name(self.get(gr), n::SPEC);
                match spec {
                    Some(s) if !self.is_none(s) => {
                        let parent = self.intern("parent")?;
                        let p = self.getattr(s, parent)?;
                        if !self.is_str(p) {
                            return Err(self.type_error("__spec__.parent must be a string"));
                        }
                        self.str_string(p)
                    }
                    _ => {
                        let g = self.get(gr);
                        let Some(nm) = self.dict_get_name(g, n::NAME) else {
                            return Err(crate::raise!(self, KeyError, "'__name__' not in globals"));
                        };
                        if !self.is_str(nm) {
                            return Err(self.type_error("__name__ must be a string"));
                        }
                        let nm = self.str_string(nm);
                        let g = self.get(gr);
                        if self.dict_get_name(g, n::PATH).is_some() {
                            nm
                        } else {
                            nm.rsplit_once('.')
                                .map(|(a, _)| a.to_string())
                                .unwrap_or_default()
                        }
                    }
                }
            }
        };
        if package.is_empty() {
            return Err(self.import_error(
                T::ImportError,
                "attempted relative import with no known parent package",
                None,
                None,
            ));
        }
        let mut base = package.as_str();
        for _ in 1..level {
            match base.rfind('.') {
                Some(i) => base = &base[..i],
                None => {
                    return Err(self.import_error(
                        T::ImportError,
                        "attempted relative import beyond top-level package",
                        None,
                        None,
                    ));
                }
            }
        }
        Ok(if name.is_empty() {
            base.to_string()
        } else {
            format!("{base}.{name}")
        })
    }

    /// Imports the absolute module `name` (not in `sys.modules`), parents first.
    pub fn find_and_load(&mut self, name: &str) -> PyResult<Value> {
        let mark = self.sp();
        let r = self.find_and_load_inner(name);
        self.truncate(mark);
        r
    }

    fn find_and_load_inner(&mut self, name: &str) -> PyResult<Value> {
        let mut search: Option<Value> = None;
        let mut parent_root = None;
        let (parent, child) = match name.rsplit_once('.') {
            Some((p, c)) => (Some(p.to_string()), c.to_string()),
            None => (None, name.to_string()),
        };
        if let Some(p) = &parent {
            let pm = match self.sys_modules_get(p)? {
                Some(m) => m,
                None => {
                    let ps = self.new_str(p)?;
                    self.import_module_level(ps, None, None, 0)?;
                    match self.sys_modules_get(p)? {
                        Some(m) => m,
                        None => {
                            return Err(crate::raise!(
                                self,
                                KeyError,
                                "'{p}' not in sys.modules as expected"
                            ));
                        }
                    }
                }
            };
            // The parent's import may have imported us.
            if let Some(m) = self.sys_modules_get(name)? {
                return Ok(m);
            }
            let pr = self.push_root(pm)?;
            parent_root = Some(pr);
            match self.getattr_opt(pm, n::PATH)? {
                Some(path) => search = Some(path),
                None => {
                    let msg = format!("No module named '{name}'; '{p}' is not a package");
                    return Err(self.import_error(T::ModuleNotFoundError, &msg, Some(name), None));
                }
            }
        }
        let sr = self.push_opt(search)?;
        let found = self.find_module(name, &child, self.get_opt(sr))?;
        let Some(found) = found else {
            let mut msg = format!("No module named '{name}'");
            if parent_root.is_none()
                && let Some(hint) = &self.config.stdlib_missing_hint
            {
                msg = format!("{msg} ({hint})");
            }
            return Err(self.import_error(T::ModuleNotFoundError, &msg, Some(name), None));
        };
        let module = self.load_found(name, found)?;
        let mr = self.push_root(module)?;
        if let Some(pr) = parent_root {
            let cn = self.intern(&child)?;
            let (p, m) = (self.get(pr), self.get(mr));
            if let Err(e) = self.setattr(p, cn, m) {
                let _ = self.take_exc(e);
            }
        }
        Ok(self.get(mr))
    }

    /// Looks for module `name` (last component `child`) in the native registry and in the
    /// directories of `path` (a list of str; `sys.path` when `None`).
    fn find_module(
        &mut self,
        name: &str,
        child: &str,
        path: Option<Value>,
    ) -> PyResult<Option<Found>> {
        if let Some(init) = self.native_modules.get(name) {
            return Ok(Some(Found::Native(*init)));
        }
        let path = match path {
            Some(p) => p,
            None => {
                let sd = self.g(G::SysDict);
                match self.dict_get_name(sd, n::PATH_ATTR) {
                    Some(p) => p,
                    None => {
                        return Err(self.new_error(
                            T::ImportError,
                            "sys.path must be a list of directory names",
                        ));
                    }
                }
            }
        };
        let dirs = self.to_list(path)?;
        let dirs: Vec<String> = self
            .list_items(dirs)
            .iter()
            .filter(|v| self.is_str(**v))
            .map(|v| self.str_string(*v))
            .collect();
        let mut namespace = None;
        for d in dirs {
            let base = if d.is_empty() {
                ".".to_string()
            } else {
                d.clone()
            };
            let dir = std::path::Path::new(&base).join(child);
            let init = dir.join("__init__.py");
            let join = |p: &std::path::Path| -> String {
                if d.is_empty() {
                    p.strip_prefix(".")
                        .map(|q| q.to_string_lossy().into_owned())
                        .unwrap_or_else(|_| p.to_string_lossy().into_owned())
                } else {
                    p.to_string_lossy().into_owned()
                }
            };
            if init.is_file() {
                return Ok(Some(Found::Source {
                    path: join(&init),
                    package_dir: Some(join(&dir)),
                }));
            }
            let file = std::path::Path::new(&base).join(format!("{child}.py"));
            if file.is_file() {
                return Ok(Some(Found::Source {
                    path: join(&file),
                    package_dir: None,
                }));
            }
            if namespace.is_none() && dir.is_dir() {
                namespace = Some(join(&dir));
            }
        }
        Ok(namespace.map(Found::Namespace))
    }

    fn load_found(&mut self, name: &str, found: Found) -> PyResult<Value> {
        match found {
            Found::Native(init) => {
                let m = init(self)?;
                let mr = self.push_root(m)?;
                self.sys_modules_set(name, self.get(mr))?;
                Ok(self.get(mr))
            }
            Found::Namespace(dir) => {
                let m = self.new_module(name)?;
                let mr = self.push_root(m)?;
                let d = self.new_str(&dir)?;
                let dr = self.push_root(d)?;
                let l = self.pack_list(dr.index())?;
                let md = self.module_dict(self.get(mr));
                self.dict_set_name(md, n::PATH, l)?;
                let ps = self.new_str(name)?;
                let md = self.module_dict(self.get(mr));
                self.dict_set_name(md, n::PACKAGE, ps)?;
                self.sys_modules_set(name, self.get(mr))?;
                Ok(self.get(mr))
            }
            Found::Source { path, package_dir } => {
                let code = self.module_code(&path)?;
                let m = self.new_module(name)?;
                let mr = self.push_root(m)?;
                let md = self.module_dict(m);
                let f = self.new_str(&path)?;
                self.dict_set_name(md, n::FILE, f)?;
                let package = match &package_dir {
                    Some(_) => name.to_string(),
                    None => name
                        .rsplit_once('.')
                        .map(|(a, _)| a.to_string())
                        .unwrap_or_default(),
                };
                let ps = self.new_str(&package)?;
                let md = self.module_dict(self.get(mr));
                self.dict_set_name(md, n::PACKAGE, ps)?;
                if let Some(dir) = &package_dir {
                    let d = self.new_str(dir)?;
                    let dr = self.push_root(d)?;
                    let l = self.pack_list(dr.index())?;
                    let md = self.module_dict(self.get(mr));
                    self.dict_set_name(md, n::PATH, l)?;
                }
                let spec = self.make_spec(name, Some(&path), package_dir.is_some(), &package)?;
                let md = self.module_dict(self.get(mr));
                self.dict_set_name(md, n::SPEC, spec)?;
                // `__cached__` names the `.pyc` file CPython would use (tern's own cache lives
                // elsewhere: see `interp::code_cache`).
                let cached = cache_path_for(&path);
                let c = self.new_str(&cached)?;
                let md = self.module_dict(self.get(mr));
                self.dict_set_name(md, n::CACHED, c)?;
                let bd = self.g(crate::runtime::roots::G::BuiltinsDict);
                self.dict_set_name(md, n::BUILTINS, bd)?;
                self.sys_modules_set(name, self.get(mr))?;
                self.set_module_initializing(self.get(mr), true);
                let md = self.module_dict(self.get(mr));
                let r = self.exec_source_in(&code, md);
                self.set_module_initializing(self.get(mr), false);
                if let Err(e) = r {
                    let exc = self.take_exc(e);
                    let er = self.push_root(exc)?;
                    self.sys_modules_del(name)?;
                    return Err(self.reraise(self.get(er)));
                }
                match self.sys_modules_get(name)? {
                    Some(m) => Ok(m),
                    None => Err(crate::raise!(
                        self,
                        KeyError,
                        "'{name}' not in sys.modules as expected"
                    )),
                }
            }
        }
    }

    /// The code object of the module source at `path`: from tern's bytecode cache when it
    /// holds an entry for the unchanged source, else compiled (and then stored in the cache).
    fn module_code(&mut self, path: &str) -> PyResult<Arc<CodeObject>> {
        let meta = std::fs::metadata(path).ok();
        if let Some(m) = &meta
            && let Some(code) = code_cache::load(&self.config.code_cache, path, m)
        {
            return Ok(code);
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                let code = e.raw_os_error().unwrap_or(0);
                let msg = crate::interp::errno_message(code, &e);
                return Err(crate::objects::file::os_error(self, code, &msg, Some(path)));
            }
        };
        let code = self.compile_bytes(&bytes, path, crate::compile::Mode::Exec, 0)?;
        if let Some(m) = &meta {
            code_cache::store(&self.config.code_cache, path, m, &code);
        }
        Ok(code)
    }

    /// A minimal `ModuleSpec` (a `types.SimpleNamespace` with `name`, `origin`, `parent`,
    /// `submodule_search_locations`, `has_location`, `loader`, `cached`).
    pub fn make_spec(
        &mut self,
        name: &str,
        origin: Option<&str>,
        is_package: bool,
        parent: &str,
    ) -> PyResult<Value> {
        let mark = self.sp();
        let d = self.new_dict()?;
        let dr = self.push_root(d)?;
        let v = self.new_str(name)?;
        self.dict_set_text(self.get(dr), "name", v)?;
        let v = match origin {
            Some(o) => self.new_str(o)?,
            None => self.none(),
        };
        self.dict_set_text(self.get(dr), "origin", v)?;
        let v = self.new_str(parent)?;
        self.dict_set_text(self.get(dr), "parent", v)?;
        let v = self.bool_val(origin.is_some());
        self.dict_set_text(self.get(dr), "has_location", v)?;
        let none = self.none();
        self.dict_set_text(self.get(dr), "loader", none)?;
        self.dict_set_text(self.get(dr), "cached", none)?;
        let v = if is_package {
            self.new_list(0)?
        } else {
            self.none()
        };
        self.dict_set_text(self.get(dr), "submodule_search_locations", v)?;
        let ns = self.new_namespace(dr)?;
        self.truncate(mark);
        Ok(ns)
    }

    /// Imports a module by absolute dotted name and returns the module itself (not the
    /// top-level package): `importlib.import_module(name)`.
    pub fn import_module(&mut self, name: &str) -> PyResult<Value> {
        if let Some(m) = self.sys_modules_get(name)? {
            return Ok(m);
        }
        let mark = self.sp();
        let s = self.new_str(name)?;
        self.push_root(s)?;
        let r = self.import_module_level(s, None, None, 0).and_then(|_| {
            match self.sys_modules_get(name)? {
                Some(m) => Ok(m),
                None => Err(crate::raise!(
                    self,
                    KeyError,
                    "'{name}' not in sys.modules as expected"
                )),
            }
        });
        self.truncate(mark);
        r
    }
}

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
pub fn builtin_import(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "__import__",
        params: &["name", "globals", "locals", "fromlist", "level"],
        posonly: 0,
        kwonly: 5,
        required: 1,
    };
    let [name, globals, _locals, fromlist, level] = vm.bind::<5>(args, &SIG)?;
    let name = vm.get(name.expect("required"));
    let globals = globals.map(|r| vm.get(r)).filter(|g| !vm.is_none(*g));
    let fromlist = fromlist.map(|r| vm.get(r)).filter(|f| !vm.is_none(*f));
    let level = match level {
        Some(r) => {
            let l = vm.get(r);
            vm.index_i64(l)?
        }
        None => 0,
    };
    vm.import_module_level(name, globals, fromlist, level)
}

/// CPython's `importlib.util.cache_from_source` for a 3.11 interpreter.
fn cache_path_for(path: &str) -> String {
    let (dir, file) = match path.rsplit_once('/') {
        Some((d, f)) => (format!("{d}/"), f),
        None => (String::new(), path),
    };
    let stem = file.strip_suffix(".py").unwrap_or(file);
    format!("{dir}__pycache__/{stem}.cpython-311.pyc")
}
