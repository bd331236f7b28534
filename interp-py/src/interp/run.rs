//! Running code from Rust: module code, class bodies, `exec`/`eval`, and compiling source
//! into code objects (turning `CompileError`s into `SyntaxError` exceptions).
//!
//! Every entry here pushes the function it runs as the frame's return slot, reserves the
//! frame's locals, pushes an `ENTRY` frame record and runs the interpreter loop; the stack
//! pointer is back at its entry value when it returns (rule 3 of the rooting rules).

use std::sync::Arc;

use crate::bytecode::CodeObject;
use crate::compile::{CompileOptions, Mode};
use crate::runtime::builtin_types::T;
use crate::runtime::errors::{PyErr, PyResult};
use crate::runtime::layout::func_;
use crate::runtime::roots::ff;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;
use crate::syntax_error::{CompileError, ErrorKind};

impl Vm {
    /// Runs the function `func` (no arguments, no generator) with the locals mapping
    /// `locals` (class bodies, module and exec code). Returns the code's return value.
    pub fn run_with_locals(&mut self, func: Value, locals: Option<Value>) -> PyResult<Value> {
        let base = self.sp();
        self.push_root(func)?;
        let lr = self.push_opt(locals)?;
        let code = self.func_code_rt(func);
        // SAFETY: the code object is kept alive by the function rooted in slot `base`.
        let co = unsafe { &*code };
        let frame_base = self.sp();
        let r = (|| {
            self.reserve_frame(co)?;
            // Free variables (class bodies with `__class__`): COPY_FREE_VARS copies them from
            // the function's closure at run time.
            let flags = if locals.is_some() {
                ff::ENTRY | ff::HAS_LOCALS
            } else {
                ff::ENTRY
            };
            self.push_frame(code, base, frame_base, base, flags)?;
            let l = self.slot(lr.index());
            // SAFETY: the frame record just pushed is the top one.
            unsafe { (*self.top_frame_ptr()).locals = l };
            self.run_frames()
        })();
        self.truncate(base);
        r
    }

    /// Runs a code object with `globals` and optional `locals` (module code and `exec`).
    pub fn run_code(
        &mut self,
        code: Value,
        globals: Value,
        locals: Option<Value>,
    ) -> PyResult<Value> {
        let mark = self.sp();
        let r = (|| {
            let cr = self.push_root(code)?;
            let gr = self.push_root(globals)?;
            let lr = self.push_opt(locals)?;
            let f = self.new_function(cr, gr)?;
            let l = self.get_opt(lr).unwrap_or_else(|| self.get(gr));
            self.run_with_locals(f, Some(l))
        })();
        self.truncate(mark);
        r
    }

    /// Compiles source text; a `CompileError` becomes a raised `SyntaxError`.
    pub fn compile_str(
        &mut self,
        text: String,
        filename: &str,
        mode: Mode,
        flags: u32,
    ) -> PyResult<Arc<CodeObject>> {
        let r = crate::compile::compile_text(text, filename, CompileOptions { mode, flags });
        match r {
            Ok(c) => {
                self.report_compile_warnings(&c.warnings);
                Ok(c.code)
            }
            Err(e) => Err(self.raise_compile_error(&e)),
        }
    }

    /// Compiles the bytes of a source file (decoded like CPython: BOM, coding cookie).
    pub fn compile_bytes(
        &mut self,
        bytes: &[u8],
        filename: &str,
        mode: Mode,
        flags: u32,
    ) -> PyResult<Arc<CodeObject>> {
        match crate::source::decode_source(bytes, filename) {
            Ok(text) => self.compile_str(text, filename, mode, flags),
            Err(e) => Err(self.raise_compile_error(&e)),
        }
    }

    /// Prints compile-time `SyntaxWarning`s like Python's default warning filters.
    pub fn report_compile_warnings(&mut self, warnings: &[crate::compile::CompileWarning]) {
        for w in warnings {
            if w.category != crate::compile::WarningCategory::SyntaxWarning {
                continue;
            }
            let mut s = format!(
                "{}:{}: SyntaxWarning: {}\n",
                w.filename, w.lineno, w.message
            );
            if let Some(lines) = self.source_lines(&w.filename)
                && let Some(l) = lines.get(w.lineno.saturating_sub(1) as usize)
            {
                s.push_str(&format!("  {}\n", l.trim()));
            }
            self.write_stderr_text(&s);
        }
    }

    /// Raises the exception a `CompileError` describes.
    pub fn raise_compile_error(&mut self, e: &CompileError) -> PyErr {
        let t = match e.kind {
            ErrorKind::SyntaxError => T::SyntaxError,
            ErrorKind::IndentationError => T::IndentationError,
            ErrorKind::TabError => T::TabError,
            ErrorKind::RecursionError => return self.new_error(T::RecursionError, &e.msg),
        };
        let r = (|| {
            let mark = self.sp();
            let msg = self.new_str(&e.msg)?;
            self.push_root(msg)?;
            if e.lineno.is_none() {
                let exc = self.call1(
                    self.ty(t),
                    self.get(crate::runtime::roots::Root(mark as u32)),
                )?;
                self.truncate(mark);
                return Ok(exc);
            }
            let fname = match &e.filename {
                Some(f) => self.new_str(f)?,
                None => self.none(),
            };
            self.push_root(fname)?;
            let opt_int = |v: Option<i64>| v.map_or(Value::small(0), Value::small);
            self.push_root(opt_int(e.lineno.map(i64::from)))?;
            match e.offset {
                Some(o) => self.push_root(Value::small(o as i64))?,
                None => self.push_root(self.none())?,
            };
            let text = match &e.text {
                Some(t) => self.new_str(t)?,
                None => self.none(),
            };
            self.push_root(text)?;
            match e.end_lineno {
                Some(l) => self.push_root(Value::small(l as i64))?,
                None => self.push_root(self.none())?,
            };
            match e.end_offset {
                Some(o) => self.push_root(Value::small(o as i64))?,
                None => self.push_root(self.none())?,
            };
            let info = self.pack_tuple(mark + 1)?;
            self.push_root(info)?;
            let msg = Value::from_raw_nonnull(self.slot(mark));
            let info = Value::from_raw_nonnull(self.slot(mark + 1));
            let exc = self.call2(self.ty(t), msg, info)?;
            self.truncate(mark);
            Ok(exc)
        })();
        match r {
            Ok(exc) => self.raise(exc),
            Err(e) => e,
        }
    }

    /// Runs source text as the code of module `module` (sets nothing else up).
    pub fn exec_source_in(&mut self, code: &Arc<CodeObject>, globals: Value) -> PyResult<Value> {
        let mark = self.sp();
        let gr = self.push_root(globals)?;
        let c = self.load_code(code)?;
        let g = self.get(gr);
        let r = self.run_code(c, g, None);
        self.truncate(mark);
        r
    }

    /// The globals dict a function was defined in.
    pub fn func_globals(&self, f: Value) -> Value {
        self.ldv1(f, func_::GLOBALS)
    }
}
