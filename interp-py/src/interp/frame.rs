//! Frame management: pushing and popping interpreter frames, Python frame objects (for
//! tracebacks, `sys._getframe`, generators' `gi_frame`) and traceback entries.
//!
//! A frame is a record in `State::frames` plus a region of the value stack:
//! `[ret slot (callable or generator)] ... [localsplus][value stack]` with `base` the index
//! of `localsplus[0]` and the value stack bottom at `base + nlocalsplus`.
//!
//! Invariants: a frame record's `func` keeps the code object alive, so `code` stays valid
//! while the record exists; `frames` never reallocates (fixed capacity), so `*mut Frame`
//! pointers to live records stay valid.

use crate::objects::code::CodeRt;
use crate::runtime::builtin_types::T;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{func_, obj_};
use crate::runtime::roots::{FRAME_CAP, Frame};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Python frame objects (`obj[5][2]`): `[type][code][globals][back][locals][lasti][lineno]`.
pub mod frameobj_ {
    use crate::runtime::layout::obj_;
    /// GC: code object.
    pub const CODE: usize = obj_::A;
    /// GC: globals dict.
    pub const GLOBALS: usize = obj_::B;
    /// GC: `f_back` (frame object or NULL).
    pub const BACK: usize = obj_::C;
    /// GC: locals mapping snapshot or NULL.
    pub const LOCALS: usize = obj_::D;
    /// `f_lasti` (code unit offset).
    pub const LASTI: usize = obj_::x(5);
    /// Index of the live frame record + 1 (0 once the frame finished).
    pub const LIVE: usize = obj_::y(5);
}

/// Traceback objects (`obj[3][2]`): `[type][next][frame][lasti][lineno]`.
pub mod tb_ {
    use crate::runtime::layout::obj_;
    /// GC: `tb_next`.
    pub const NEXT: usize = obj_::A;
    /// GC: `tb_frame`.
    pub const FRAME: usize = obj_::B;
    /// `tb_lasti` (code unit offset).
    pub const LASTI: usize = obj_::x(3);
    /// `tb_lineno`.
    pub const LINENO: usize = obj_::y(3);
}

impl Vm {
    /// Pushes a frame record for the function in stack slot `func_slot` whose localsplus
    /// start at `base`; the result goes to slot `ret`.
    pub fn push_frame(
        &mut self,
        code: *const CodeRt,
        func_slot: usize,
        base: usize,
        ret: usize,
        flags: u32,
    ) -> PyResult<()> {
        let func = self.slot(func_slot);
        self.push_frame_for(code, func, base, ret, flags)
    }

    /// Pushes a frame record for function `func` (a raw value word).
    #[inline]
    pub fn push_frame_for(
        &mut self,
        code: *const CodeRt,
        func: usize,
        base: usize,
        ret: usize,
        flags: u32,
    ) -> PyResult<()> {
        let depth = self.st().frames.len();
        if depth + self.rust_depth >= self.recursion_limit || depth + 1 >= FRAME_CAP {
            return Err(self.new_error(T::RecursionError, "maximum recursion depth exceeded"));
        }
        let f = Value::from_raw_nonnull(func);
        let globals = self.ld(f, func_::GLOBALS);
        self.stm().frames.push(Frame {
            code,
            func,
            globals,
            locals: 0,
            frame_obj: 0,
            gen_obj: 0,
            base: base as u32,
            ret: ret as u32,
            pc: 0,
            flags,
        });
        Ok(())
    }

    /// Pops the top frame record (marking its frame object as finished).
    #[inline]
    pub fn pop_frame(&mut self) -> Frame {
        let f = self.stm().frames.pop().expect("a frame to pop");
        if f.frame_obj != 0 {
            let fo = Value::from_raw_nonnull(f.frame_obj);
            self.st_scalar::<u64>(fo, frameobj_::LIVE, 0);
            self.st_scalar::<u64>(fo, frameobj_::LASTI, f.pc as u64);
        }
        f
    }

    /// Raw pointer to the top frame record.
    #[inline(always)]
    pub fn top_frame_ptr(&mut self) -> *mut Frame {
        let frames = &mut self.stm().frames;
        let i = frames.len() - 1;
        // SAFETY: `i` is in bounds; `frames` never reallocates (module invariant).
        unsafe { frames.as_mut_ptr().add(i) }
    }

    /// The Python frame object of frame record `idx`, created on demand.
    pub fn frame_object(&mut self, idx: usize) -> PyResult<Value> {
        let f = self.st().frames[idx];
        if f.frame_obj != 0 {
            let fo = Value::from_raw_nonnull(f.frame_obj);
            self.st_scalar::<u64>(fo, frameobj_::LASTI, f.pc as u64);
            return Ok(fo);
        }
        let fo = self.alloc_t(self.lay.obj[5][2], T::Frame)?;
        let f = self.st().frames[idx];
        let func = Value::from_raw_nonnull(f.func);
        let code = self.ldv1(func, func_::CODE);
        self.init_field(fo, frameobj_::CODE, Some(code));
        self.init_field(fo, frameobj_::GLOBALS, Value::from_raw(f.globals));
        self.init_field(fo, frameobj_::BACK, None);
        self.init_field(fo, frameobj_::LOCALS, None);
        self.st_scalar::<u64>(fo, frameobj_::LASTI, f.pc as u64);
        self.st_scalar::<u64>(fo, frameobj_::LIVE, idx as u64 + 1);
        self.stm().frames[idx].frame_obj = fo.raw();
        if f.gen_obj != 0 {
            let g = Value::from_raw_nonnull(f.gen_obj);
            self.st_field(g, crate::runtime::layout::gen_::FRAME, Some(fo));
        }
        Ok(fo)
    }

    /// Before an exception unwinds frame record `idx`: if it has a frame object (it is in a
    /// traceback), copy its fast locals into the frame object so `f_locals` (and the
    /// `NameError` suggestions) still see them. The pending exception is preserved.
    pub(crate) fn snapshot_locals_on_unwind(&mut self, idx: usize) {
        let f = self.st().frames[idx];
        if f.frame_obj == 0 || f.locals != 0 {
            return;
        }
        let exc = self.st().exc;
        self.stm().exc = 0;
        let mark = self.sp();
        if self.push_word(exc).is_ok() {
            match self.frame_locals_dict(idx) {
                Ok(d) => {
                    let fo = Value::from_raw_nonnull(self.st().frames[idx].frame_obj);
                    self.st_field(fo, frameobj_::LOCALS, Some(d));
                }
                Err(e) => {
                    let _ = self.take_exc(e);
                }
            }
        }
        let exc = self.slot(mark);
        self.truncate(mark);
        self.stm().exc = exc;
    }

    /// The code object of a frame object.
    pub fn frameobj_code(&self, fo: Value) -> Value {
        self.ldv1(fo, frameobj_::CODE)
    }

    /// Prepends a traceback entry for frame record `idx` (at its current `pc`) to `exc`.
    pub fn add_traceback(&mut self, exc: Value, idx: usize) -> PyResult<()> {
        // The Python parts of native modules (compiled with filename `<_module>`, e.g.
        // `<_sre>`) stand for C code in CPython, which leaves no traceback entries.
        // SAFETY: the frame record's code is owned by its live code object (rule 1).
        let rt: &crate::objects::code::CodeRt = unsafe { &*self.st().frames[idx].code };
        let native = rt.co.filename.starts_with("<_");
        if native {
            return Ok(());
        }
        let mark = self.sp();
        let er = self.push_root(exc)?;
        let fo = self.frame_object(idx)?;
        let fr = self.push_root(fo)?;
        let tb = self.alloc_t(self.lay.obj[3][2], T::Traceback)?;
        let exc = self.get(er);
        let next = self.exc_traceback(exc);
        let fo = self.get(fr);
        self.init_field(tb, tb_::NEXT, next);
        self.init_field(tb, tb_::FRAME, Some(fo));
        let pc = self.st().frames[idx].pc;
        self.st_scalar::<u64>(tb, tb_::LASTI, pc as u64);
        let code = self.frameobj_code(fo);
        let line = self.code_ref(code).co.location(pc).map_or(0, |l| l.line);
        self.st_scalar::<u64>(tb, tb_::LINENO, line as u64);
        self.exc_set_field(exc, crate::objects::exceptions::EXC_TRACEBACK, Some(tb));
        self.truncate(mark);
        Ok(())
    }

    /// The line number a frame object is at.
    pub fn frameobj_lineno(&self, fo: Value) -> u32 {
        let lasti = self.ld_scalar::<u64>(fo, frameobj_::LASTI) as u32;
        let live = self.ld_scalar::<u64>(fo, frameobj_::LIVE) as usize;
        let pc = if live > 0 && live <= self.st().frames.len() {
            self.st().frames[live - 1].pc
        } else {
            lasti
        };
        let code = self.frameobj_code(fo);
        self.code_ref(code).co.location(pc).map_or(0, |l| l.line)
    }

    /// `sys._getframe(depth)`: the frame object `depth` levels below the top.
    pub fn get_frame(&mut self, depth: usize) -> PyResult<Option<Value>> {
        let n = self.st().frames.len();
        if depth >= n {
            return Ok(None);
        }
        let idx = n - 1 - depth;
        let fo = self.frame_object(idx)?;
        // Link f_back lazily.
        if idx > 0 && self.ldv(fo, frameobj_::BACK).is_none() {
            let mark = self.sp();
            let fr = self.push_root(fo)?;
            let back = self.frame_object(idx - 1)?;
            let fo = self.get(fr);
            self.st_field(fo, frameobj_::BACK, Some(back));
            self.truncate(mark);
            return Ok(Some(fo));
        }
        Ok(Some(fo))
    }

    /// The globals dict of the innermost Python frame.
    pub fn current_globals(&self) -> Option<Value> {
        self.st()
            .frames
            .last()
            .and_then(|f| Value::from_raw(f.globals))
    }

    /// The generic `obj` layout constant re-exported for frame helpers.
    pub fn obj_a() -> usize {
        obj_::A
    }
}
