//! The top level: running a program as `__main__` (file, `-c`, `-m`, stdin), the
//! interactive prompt, uncaught exceptions (`sys.excepthook`), `SystemExit` and exit
//! statuses, and flushing the standard streams at exit.
//!
//! Exit statuses follow CPython: 0 on success; 1 after printing an uncaught exception;
//! `SystemExit(code)`: `code` if it is an int, 0 for `None`, else 1 after printing `code`;
//! 130 for an uncaught `KeyboardInterrupt`, after which the `tern` binary re-raises `SIGINT`
//! like CPython.

use crate::compile::Mode;
use crate::runtime::builtin_types::T;
use crate::runtime::errors::{PyErr, PyResult};
use crate::runtime::names::n;
use crate::runtime::roots::G;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Set when the program ended with an uncaught `KeyboardInterrupt`: like CPython, the
/// `tern` binary then ends itself with `SIGINT` (the shell sees status 130 either way).
pub static UNCAUGHT_KEYBOARD_INTERRUPT: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

impl Vm {
    /// Creates (or returns) the `__main__` module, registered in `sys.modules`.
    pub fn main_module(&mut self) -> PyResult<Value> {
        if let Some(m) = self.g_opt(G::Main) {
            return Ok(m);
        }
        let m = self.new_module("__main__")?;
        let mark = self.sp();
        let mr = self.push_root(m)?;
        let md = self.module_dict(m);
        let b = self.g(G::BuiltinsModule);
        self.dict_set_name(md, n::BUILTINS, b)?;
        // CPython's `__main__` starts with an empty `__annotations__`.
        let ann = self.new_dict()?;
        let md = self.module_dict(self.get(mr));
        self.dict_set_name(md, n::ANNOTATIONS, ann)?;
        let mods = self.sys_modules()?;
        let k = self.name_str(n::MAIN);
        self.setitem(mods, k, self.get(mr))?;
        let m = self.get(mr);
        self.set_g(G::Main, Some(m));
        self.truncate(mark);
        Ok(m)
    }

    /// Runs compiled main-program code in `__main__` (with `__file__` if given).
    pub fn run_main_code(
        &mut self,
        code: &std::sync::Arc<crate::bytecode::CodeObject>,
        file: Option<&str>,
    ) -> PyResult<()> {
        let m = self.main_module()?;
        let mark = self.sp();
        let mr = self.push_root(m)?;
        if let Some(f) = file {
            let s = self.new_str(f)?;
            let md = self.module_dict(self.get(mr));
            self.dict_set_name(md, n::FILE, s)?;
            let none = self.none();
            self.dict_set_name(md, n::CACHED, none)?;
        }
        let md = self.module_dict(self.get(mr));
        let r = self.exec_source_in(code, md);
        self.truncate(mark);
        r.map(|_| ())
    }

    /// `python -m name`: runs module `name` (or package `name.__main__`) as `__main__`.
    /// `Ok(Err(msg))` when the module cannot be found (printed by the caller, status 1).
    pub fn run_module_as_main(&mut self, name: &str) -> PyResult<Result<(), String>> {
        let mut name = name.to_string();
        for _ in 0..2 {
            let (parent, child) = match name.rsplit_once('.') {
                Some((p, c)) => (Some(p.to_string()), c.to_string()),
                None => (None, name.clone()),
            };
            let mut search = None;
            let mark = self.sp();
            if let Some(p) = &parent {
                let pm = match self.import_module(p) {
                    Ok(m) => m,
                    Err(e) => {
                        if self.err_matches(&e, T::ModuleNotFoundError) {
                            let exc = self.take_exc(e);
                            let msg = self.str_string_of(exc).unwrap_or_default();
                            return Ok(Err(format!(
                                "Error while finding module specification for '{name}' (ModuleNotFoundError: {msg})"
                            )));
                        }
                        return Err(e);
                    }
                };
                search = self.getattr_opt(pm, n::PATH)?;
                if search.is_none() {
                    return Ok(Err(format!(
                        "Error while finding module specification for '{name}' (ModuleNotFoundError: __path__ attribute not found on '{p}' while trying to find '{name}')"
                    )));
                }
            }
            let sr = self.push_opt(search)?;
            let found = self.find_module_public(&name, &child, self.get_opt(sr))?;
            self.truncate(mark);
            match found {
                None => return Ok(Err(format!("No module named {name}"))),
                Some(ModuleLocation::Native) => {
                    return Ok(Err(format!("No code object available for {name}")));
                }
                Some(ModuleLocation::Package) => {
                    // Import the package itself, then run its __main__.
                    self.import_module(&name)?;
                    name = format!("{name}.__main__");
                    continue;
                }
                Some(ModuleLocation::Source(path)) => {
                    let bytes = match std::fs::read(&path) {
                        Ok(b) => b,
                        Err(e) => return Ok(Err(format!("{e}"))),
                    };
                    self.set_argv0(&path)?;
                    let code = self.compile_bytes(&bytes, &path, Mode::Exec, 0)?;
                    let m = self.main_module()?;
                    let mr = self.push_root(m)?;
                    let md = self.module_dict(m);
                    let pk = self.new_str(parent.as_deref().unwrap_or(""))?;
                    self.dict_set_name(md, n::PACKAGE, pk)?;
                    let spec =
                        self.make_spec(&name, Some(&path), false, parent.as_deref().unwrap_or(""))?;
                    let md = self.module_dict(self.get(mr));
                    self.dict_set_name(md, n::SPEC, spec)?;
                    self.run_main_code(&code, Some(&path))?;
                    self.truncate(mark);
                    return Ok(Ok(()));
                }
            }
        }
        Ok(Err(format!("No module named {name}")))
    }

    fn set_argv0(&mut self, path: &str) -> PyResult<()> {
        let sd = self.g(G::SysDict);
        let argv = self.intern("argv")?;
        if let Some(a) = self.dict_get_name(sd, argv)
            && self.is_list(a)
            && self.list_len(a) > 0
        {
            let mark = self.sp();
            let ar = self.push_root(a)?;
            let s = self.new_str(path)?;
            self.list_set(self.get(ar), 0, s);
            self.truncate(mark);
        }
        Ok(())
    }

    /// Handles an exception that reached the top level: prints it (through
    /// `sys.excepthook`) and returns the exit status; `SystemExit` gives its code.
    pub fn handle_uncaught(&mut self, e: PyErr) -> i32 {
        let exc = self.take_exc(e);
        let mark = self.sp();
        let Ok(er) = self.push_root(exc) else {
            return 1;
        };
        let status = if self.isinstance_builtin(exc, T::SystemExit) {
            self.system_exit_status(exc)
        } else {
            self.print_exception_via_hook(er.index());
            if self.isinstance_builtin(self.get(er), T::KeyboardInterrupt) {
                UNCAUGHT_KEYBOARD_INTERRUPT.store(true, std::sync::atomic::Ordering::SeqCst);
                130
            } else {
                1
            }
        };
        self.truncate(mark);
        status
    }

    fn system_exit_status(&mut self, exc: Value) -> i32 {
        let code = self.exc_field(exc, crate::objects::exceptions::EXC_X0);
        let code = match code {
            None => return 0,
            Some(c) => c,
        };
        if self.is_none(code) {
            return 0;
        }
        if let Some(i) = code.as_small() {
            return i as i32;
        }
        if self.isinstance_builtin(code, T::Int) {
            return self.index_i64(code).map(|x| x as i32).unwrap_or(-1);
        }
        // Print str(code) to stderr.
        self.flush_std_streams();
        match self.str_string_of(code) {
            Ok(s) => self.write_stderr_text(&format!("{s}\n")),
            Err(e) => {
                let _ = self.take_exc(e);
            }
        }
        1
    }

    /// Prints the exception in stack slot `slot` with `sys.excepthook` (the builtin hook
    /// prints CPython's report to stderr).
    pub fn print_exception_via_hook(&mut self, slot: usize) {
        let exc = Value::from_raw_nonnull(self.slot(slot));
        let sd = self.g(G::SysDict);
        let hook = self.dict_get_name(sd, n::EXCEPTHOOK);
        if let Some(h) = hook
            && !self.is_builtin_fn(h, crate::modules::sys::sys_excepthook)
        {
            let et = self.type_of(exc);
            let tb = self.exc_traceback(exc).unwrap_or_else(|| self.none());
            if let Err(e) = self.call(h, &[et, exc, tb]) {
                let e2 = self.take_exc(e);
                self.write_stderr_text("Error in sys.excepthook:\n");
                let mark = self.sp();
                if self.push_root(e2).is_ok() {
                    let s = self.format_exception(e2);
                    self.write_stderr_text(&s);
                    self.write_stderr_text("\nOriginal exception was:\n");
                    let exc = Value::from_raw_nonnull(self.slot(slot));
                    let s = self.format_exception(exc);
                    self.write_stderr_text(&s);
                }
                self.truncate(mark);
            }
            return;
        }
        self.flush_std_streams();
        let s = self.format_exception(exc);
        self.write_stderr_text(&s);
    }

    /// Writes text to `sys.stderr` (falling back to the process's stderr).
    pub fn write_stderr_text(&mut self, s: &str) {
        let sd = self.g(G::SysDict);
        let f = self.dict_get_name(sd, n::STDERR);
        match f {
            Some(f) if !self.is_none(f) => {
                if let Err(e) = self.write_to_file(f, s.as_bytes()) {
                    let _ = self.take_exc(e);
                    self.io.write_err(s.as_bytes());
                }
                if self.file_state(f).is_none() {
                    let _ = self
                        .call_method(f, n::FLUSH, &[])
                        .map_err(|e| self.take_exc(e));
                }
            }
            _ => self.io.write_err(s.as_bytes()),
        }
    }

    /// Flushes `sys.stdout` (a user object's `flush()` too) and the process buffers.
    pub fn flush_std_streams(&mut self) {
        let sd = self.g(G::SysDict);
        if let Some(f) = self.dict_get_name(sd, n::STDOUT)
            && !self.is_none(f)
        {
            if self.file_state(f).is_some() {
                if let Some(st) = self.file_state(f) {
                    crate::objects::file::flush_file_state(st);
                }
            } else if let Err(e) = self.call_method(f, n::FLUSH, &[]) {
                let _ = self.take_exc(e);
            }
        }
        self.io.flush_out();
    }

    /// Runs the interactive prompt until EOF (`>>> `/`... ` prompts on stderr, values of
    /// expression statements echoed by `sys.displayhook`). Returns the exit status.
    pub fn repl(&mut self) -> i32 {
        if let Err(e) = self.main_module() {
            return self.handle_uncaught(e);
        }
        if !self.config.quiet {
            self.write_stderr_text(&format!(
                "Python 3.11 (tern {}) on {}\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n",
                env!("CARGO_PKG_VERSION"),
                std::env::consts::OS
            ));
        }
        loop {
            let mut source = String::new();
            let mut prompt = ">>> ";
            let mut lines = 0;
            let code = loop {
                self.flush_std_streams();
                let p = self.prompt_text(prompt);
                self.write_stderr_text(&p);
                let line = self.io.read_line();
                if line.is_empty() {
                    if lines == 0 {
                        self.write_stderr_text("\n");
                        self.flush_std_streams();
                        return 0;
                    }
                    break None;
                }
                let line = String::from_utf8_lossy(&line).into_owned();
                lines += 1;
                source.push_str(&line);
                if !source.ends_with('\n') {
                    source.push('\n');
                }
                let blank = line.trim().is_empty();
                if lines == 1 && blank {
                    source.clear();
                    lines = 0;
                    continue;
                }
                match crate::compile::compile_text(
                    source.clone(),
                    "<stdin>",
                    crate::compile::CompileOptions {
                        mode: Mode::Single,
                        flags: 0,
                    },
                ) {
                    Ok(c) => {
                        let multi = lines > 1 || source.trim_end().ends_with(':');
                        if !multi || blank {
                            break Some(Ok(c.code));
                        }
                    }
                    Err(err) => {
                        if blank || !is_incomplete(&err, &source) {
                            break Some(Err(err));
                        }
                    }
                }
                prompt = "... ";
            };
            let Some(code) = code else { continue };
            match code {
                Ok(code) => {
                    let m = self.g(G::Main);
                    let md = self.module_dict(m);
                    if let Err(e) = self.exec_source_in(&code, md) {
                        if self.err_matches(&e, T::SystemExit) {
                            let exc = self.take_exc(e);
                            let st = self.system_exit_status(exc);
                            self.flush_std_streams();
                            return st;
                        }
                        let exc = self.take_exc(e);
                        let mark = self.sp();
                        if self.push_root(exc).is_ok() {
                            self.print_exception_via_hook(mark);
                        }
                        self.truncate(mark);
                    }
                }
                Err(err) => {
                    self.flush_std_streams();
                    self.write_stderr_text(&err.format_cpython());
                }
            }
        }
    }

    fn prompt_text(&mut self, default: &str) -> String {
        let sd = self.g(G::SysDict);
        let key = if default == ">>> " { "ps1" } else { "ps2" };
        let Ok(k) = self.intern(key) else {
            return default.to_string();
        };
        match self.dict_get_name(sd, k) {
            Some(p) => self.str_string_of(p).unwrap_or_else(|e| {
                let _ = self.take_exc(e);
                default.to_string()
            }),
            None => default.to_string(),
        }
    }

    /// Exposes the module finder to the `-m` runner.
    fn find_module_public(
        &mut self,
        name: &str,
        child: &str,
        path: Option<Value>,
    ) -> PyResult<Option<ModuleLocation>> {
        if self.native_modules.contains_key(name) {
            return Ok(Some(ModuleLocation::Native));
        }
        let path = match path {
            Some(p) => p,
            None => {
                let sd = self.g(G::SysDict);
                match self.dict_get_name(sd, n::PATH_ATTR) {
                    Some(p) => p,
                    None => return Ok(None),
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
        for d in dirs {
            let base = if d.is_empty() { ".".to_string() } else { d };
            let dir = std::path::Path::new(&base).join(child);
            if dir.join("__init__.py").is_file() {
                return Ok(Some(ModuleLocation::Package));
            }
            let file = std::path::Path::new(&base).join(format!("{child}.py"));
            if file.is_file() {
                let p = std::fs::canonicalize(&file).unwrap_or(file);
                return Ok(Some(ModuleLocation::Source(
                    p.to_string_lossy().into_owned(),
                )));
            }
        }
        Ok(None)
    }
}

/// What `-m` found.
enum ModuleLocation {
    Native,
    Package,
    Source(String),
}

/// Whether a compile error of interactive input means "more input needed".
fn is_incomplete(err: &crate::syntax_error::CompileError, source: &str) -> bool {
    let m = &err.msg;
    if m.contains("unexpected EOF")
        || m.contains("was never closed")
        || m.starts_with("expected an indented block")
        || m.contains("incomplete input")
        || m.contains("unterminated triple-quoted string")
    {
        return true;
    }
    let t = source.trim_end();
    t.ends_with(':') || t.ends_with('\\')
}
