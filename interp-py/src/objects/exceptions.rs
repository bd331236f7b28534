//! Exception objects: instances of `BaseException` and its subclasses.
//!
//! Exceptions use the instance layout; their standard fields are reserved slots exposed by
//! descriptors: `args` (0), `__traceback__` (1), `__context__` (2), `__cause__` (3),
//! `__suppress_context__` (4), then the fields of specific classes (`StopIteration.value`,
//! `OSError.errno`, `SyntaxError.lineno`, ...) from slot 5 on, as listed by
//! [`extra_fields`]. User subclasses inherit the slots and add a `__dict__` (map attributes).
//!
//! Invariant: a builtin exception type's `NSLOTS` is `5 + extra_fields(t).len()` of the
//! nearest builtin class that declares fields (classes inherit their base's fields).

use crate::objects::builtin_func::{GetSetDef, MethodDef, func, meth};
use crate::runtime::builtin_types::{T, tf};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::roots::{C, Root};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Slot of `args`.
pub const EXC_ARGS: usize = 0;
/// Slot of `__traceback__`.
pub const EXC_TRACEBACK: usize = 1;
/// Slot of `__context__`.
pub const EXC_CONTEXT: usize = 2;
/// Slot of `__cause__`.
pub const EXC_CAUSE: usize = 3;
/// Slot of `__suppress_context__`.
pub const EXC_SUPPRESS: usize = 4;
/// First class-specific slot.
pub const EXC_X0: usize = 5;
/// `AttributeError.name` / `NameError.name` / `ImportError.msg` ...: slot 5.
pub const EXC_NAME: usize = 5;
/// `AttributeError.obj`: slot 6.
pub const EXC_OBJ: usize = 6;

/// The class-specific fields a builtin exception class declares (its own, not inherited).
pub fn extra_fields(t: T) -> &'static [&'static str] {
    match t {
        T::StopIteration => &["value"],
        T::SystemExit => &["code"],
        T::OSError => &["errno", "strerror", "filename", "filename2"],
        T::SyntaxError => &[
            "msg",
            "filename",
            "lineno",
            "offset",
            "text",
            "end_lineno",
            "end_offset",
            "print_file_and_line",
        ],
        T::ImportError => &["msg", "name", "path"],
        T::AttributeError => &["name", "obj"],
        T::NameError => &["name"],
        T::UnicodeError => &["encoding", "object", "start", "end", "reason"],
        T::BaseExceptionGroup => &["message", "exceptions"],
        _ => &[],
    }
}

impl Vm {
    /// Whether `v` is an exception instance.
    #[inline]
    pub fn is_exception(&self, v: Value) -> bool {
        let t = self.type_of(v);
        self.type_has(t, tf::EXCEPTION)
    }

    /// Whether `v` is an exception class.
    pub fn is_exception_type(&self, v: Value) -> bool {
        self.is_type(v) && self.type_has(v, tf::EXCEPTION)
    }

    /// A new exception of the type in root `tr` with the given args tuple (no `__init__`).
    pub fn new_exception_args(&mut self, tr: Root, args: Value) -> PyResult<Value> {
        let mark = self.sp();
        let ar = self.push_root(args)?;
        let e = self.new_instance(tr)?;
        let args = self.get(ar);
        let f = self.c(C::False);
        self.set_inst_slot(e, EXC_ARGS, Some(args));
        self.set_inst_slot(e, EXC_SUPPRESS, Some(f));
        self.truncate(mark);
        Ok(e)
    }

    /// `t()`.
    pub fn new_exception0(&mut self, t: T) -> PyResult<Value> {
        let mark = self.sp();
        let tr = self.push_root(self.ty(t))?;
        let args = self.c(C::EmptyTuple);
        let e = self.new_exception_args(tr, args)?;
        self.truncate(mark);
        Ok(e)
    }

    /// `t(arg)` with the class-specific field initialisation of `__init__`.
    pub fn new_exception1(&mut self, t: T, arg: Value) -> PyResult<Value> {
        let mark = self.sp();
        let tr = self.push_root(self.ty(t))?;
        let args = self.tuple1(arg)?;
        let ar = self.push_root(args)?;
        let e = self.new_exception_args(tr, args)?;
        let er = self.push_root(e)?;
        let args = self.get(ar);
        self.exc_init_fields(self.get(er), args)?;
        let e = self.get(er);
        self.truncate(mark);
        Ok(e)
    }

    /// Reads a reserved exception slot.
    #[inline]
    pub fn exc_field(&self, e: Value, i: usize) -> Option<Value> {
        self.inst_slot(e, i)
    }

    /// Writes a reserved exception slot.
    #[inline]
    pub fn exc_set_field(&mut self, e: Value, i: usize, v: Option<Value>) {
        self.set_inst_slot(e, i, v)
    }

    /// `e.args` (a tuple).
    pub fn exc_args(&self, e: Value) -> Value {
        self.exc_field(e, EXC_ARGS)
            .unwrap_or_else(|| self.c(C::EmptyTuple))
    }

    /// `e.__traceback__` (None as `None`).
    pub fn exc_traceback(&self, e: Value) -> Option<Value> {
        self.exc_field(e, EXC_TRACEBACK)
            .filter(|&v| !self.is_none(v))
    }

    /// `e.__context__`.
    pub fn exc_context(&self, e: Value) -> Option<Value> {
        self.exc_field(e, EXC_CONTEXT).filter(|&v| !self.is_none(v))
    }

    /// `e.__cause__`.
    pub fn exc_cause(&self, e: Value) -> Option<Value> {
        self.exc_field(e, EXC_CAUSE).filter(|&v| !self.is_none(v))
    }

    /// `e.__suppress_context__`.
    pub fn exc_suppress_context(&self, e: Value) -> bool {
        self.exc_field(e, EXC_SUPPRESS) == Some(self.c(C::True))
    }

    /// Class-specific field initialisation from the args (what the builtin `__init__`s of
    /// `StopIteration`, `SystemExit`, `OSError`, `SyntaxError`, `ImportError`, `NameError`,
    /// `AttributeError`, `UnicodeError` and exception groups do with positional arguments).
    pub fn exc_init_fields(&mut self, e: Value, args: Value) -> PyResult<()> {
        let ty = self.type_of(e);
        let n = self.tuple_len(args);
        let first = if n > 0 {
            Some(self.tuple_get(args, 0))
        } else {
            None
        };
        if self.is_subtype(ty, self.ty(T::StopIteration)) {
            // `StopIteration.value` is the first argument (`SystemExit.code` the whole tuple).
            let v = first.unwrap_or_else(|| self.none());
            self.exc_set_field(e, EXC_X0, Some(v));
        } else if self.is_subtype(ty, self.ty(T::SystemExit)) {
            let v = match n {
                0 => self.none(),
                1 => first.expect("n == 1"),
                _ => args,
            };
            self.exc_set_field(e, EXC_X0, Some(v));
        } else if self.is_subtype(ty, self.ty(T::OSError)) {
            if (2..=5).contains(&n) {
                let errno = self.tuple_get(args, 0);
                let strerror = self.tuple_get(args, 1);
                self.exc_set_field(e, EXC_X0, Some(errno));
                self.exc_set_field(e, EXC_X0 + 1, Some(strerror));
                if n >= 3 {
                    let f = self.tuple_get(args, 2);
                    self.exc_set_field(e, EXC_X0 + 2, Some(f));
                }
                if n >= 5 {
                    let f2 = self.tuple_get(args, 4);
                    self.exc_set_field(e, EXC_X0 + 3, Some(f2));
                }
                if n >= 3 {
                    // `args` keeps only (errno, strerror) when a filename is given.
                    let mark = self.sp();
                    let er = self.push_root(e)?;
                    let t2 = self.tuple2(errno, strerror)?;
                    self.exc_set_field(self.get(er), EXC_ARGS, Some(t2));
                    self.truncate(mark);
                }
            }
        } else if self.is_subtype(ty, self.ty(T::SyntaxError)) {
            if n >= 1 {
                self.exc_set_field(e, EXC_X0, first);
            }
            if n == 2 {
                let info = self.tuple_get(args, 1);
                if let Some(info) = self.as_tuple_obj(info) {
                    let k = self.tuple_len(info).min(6);
                    for i in 0..k {
                        let v = self.tuple_get(info, i);
                        self.exc_set_field(e, EXC_X0 + 1 + i, Some(v));
                    }
                }
            }
        } else if self.is_subtype(ty, self.ty(T::ImportError)) {
            if n == 1 {
                self.exc_set_field(e, EXC_X0, first);
            }
        } else if self.is_subtype(ty, self.ty(T::UnicodeError)) && n == 5 {
            for i in 0..5 {
                let v = self.tuple_get(args, i);
                self.exc_set_field(e, EXC_X0 + i, Some(v));
            }
        }
        Ok(())
    }

    /// `str(e)` of an exception.
    pub fn exception_str(&mut self, e: Value) -> PyResult<Value> {
        let ty = self.type_of(e);
        let args = self.exc_args(e);
        let n = self.tuple_len(args);
        if self.is_subtype(ty, self.ty(T::KeyError)) && n == 1 {
            let a = self.tuple_get(args, 0);
            return self.repr(a);
        }
        if self.is_subtype(ty, self.ty(T::OSError)) {
            let errno = self.exc_field(e, EXC_X0).filter(|v| !self.is_none(*v));
            let strerror = self.exc_field(e, EXC_X0 + 1).filter(|v| !self.is_none(*v));
            let filename = self.exc_field(e, EXC_X0 + 2).filter(|v| !self.is_none(*v));
            let filename2 = self.exc_field(e, EXC_X0 + 3).filter(|v| !self.is_none(*v));
            if let (Some(errno), Some(strerror)) = (errno, strerror) {
                let mark = self.sp();
                let er = self.push_root(e)?;
                let es = self.str_of(errno)?;
                let es = self.str_string(es);
                let ss =
                    self.str_of(self.exc_field(self.get(er), EXC_X0 + 1).unwrap_or(strerror))?;
                let ss = self.str_string(ss);
                let r = match (filename, filename2) {
                    (Some(_), Some(_)) => {
                        let e = self.get(er);
                        let f1 = self.repr(self.exc_field(e, EXC_X0 + 2).expect("set"))?;
                        let f1 = self.str_string(f1);
                        let e = self.get(er);
                        let f2 = self.repr(self.exc_field(e, EXC_X0 + 3).expect("set"))?;
                        let f2 = self.str_string(f2);
                        format!("[Errno {es}] {ss}: {f1} -> {f2}")
                    }
                    (Some(_), None) => {
                        let e = self.get(er);
                        let f1 = self.repr(self.exc_field(e, EXC_X0 + 2).expect("set"))?;
                        let f1 = self.str_string(f1);
                        format!("[Errno {es}] {ss}: {f1}")
                    }
                    _ => format!("[Errno {es}] {ss}"),
                };
                self.truncate(mark);
                return self.new_str(&r);
            }
        }
        if self.is_subtype(ty, self.ty(T::SyntaxError)) {
            let msg = self.exc_field(e, EXC_X0).filter(|v| !self.is_none(*v));
            if let Some(msg) = msg {
                let mark = self.sp();
                let er = self.push_root(e)?;
                let ms = self.str_of(msg)?;
                let mut out = self.str_string(ms);
                let e = self.get(er);
                let filename = self.exc_field(e, EXC_X0 + 1).filter(|v| self.is_str(*v));
                let lineno = self.exc_field(e, EXC_X0 + 2).and_then(|v| v.as_small());
                let fname = filename.map(|f| {
                    let s = self.str_string(f);
                    s.rsplit('/').next().unwrap_or(&s).to_string()
                });
                match (fname, lineno) {
                    (Some(f), Some(l)) => out = format!("{out} ({f}, line {l})"),
                    (Some(f), None) => out = format!("{out} ({f})"),
                    (None, Some(l)) => out = format!("{out} (line {l})"),
                    _ => {}
                }
                self.truncate(mark);
                return self.new_str(&out);
            }
        }
        if self.is_subtype(ty, self.ty(T::ImportError))
            && let Some(msg) = self.exc_field(e, EXC_X0).filter(|v| !self.is_none(*v))
        {
            return self.str_of(msg);
        }
        if self.is_subtype(ty, self.ty(T::UnicodeDecodeError))
            || self.is_subtype(ty, self.ty(T::UnicodeEncodeError))
        {
            let f: Vec<Option<Value>> = (0..5).map(|i| self.exc_field(e, EXC_X0 + i)).collect();
            if let (Some(enc), Some(obj), Some(start), Some(end), Some(reason)) =
                (f[0], f[1], f[2], f[3], f[4])
                && self.is_str(enc)
                && self.is_str(reason)
            {
                let enc = self.str_string(enc);
                let reason = self.str_string(reason);
                let (s, en) = (start.as_small().unwrap_or(0), end.as_small().unwrap_or(0));
                let text = if self.is_subtype(ty, self.ty(T::UnicodeDecodeError)) {
                    let b = self
                        .as_bytes_obj(obj)
                        .map(|b| self.bytes_data(b).to_vec())
                        .unwrap_or_default();
                    if en == s + 1 && (s as usize) < b.len() {
                        format!(
                            "'{enc}' codec can't decode byte 0x{:02x} in position {s}: {reason}",
                            b[s as usize]
                        )
                    } else {
                        format!(
                            "'{enc}' codec can't decode bytes in position {s}-{}: {reason}",
                            en - 1
                        )
                    }
                } else {
                    let cp = if self.is_str(obj) && (s as usize) < self.str_len(obj) {
                        crate::objects::str::code_points(self.str_bytes(obj))
                            .nth(s as usize)
                            .unwrap_or(0)
                    } else {
                        0
                    };
                    let ch = if cp <= 0xff {
                        format!("\\x{cp:02x}")
                    } else if cp <= 0xffff {
                        format!("\\u{cp:04x}")
                    } else {
                        format!("\\U{cp:08x}")
                    };
                    if en == s + 1 {
                        format!(
                            "'{enc}' codec can't encode character '{ch}' in position {s}: {reason}"
                        )
                    } else {
                        format!(
                            "'{enc}' codec can't encode characters in position {s}-{}: {reason}",
                            en - 1
                        )
                    }
                };
                return self.new_str(&text);
            }
        }
        if self.is_subtype(ty, self.ty(T::BaseExceptionGroup)) {
            let msg = self.exc_field(e, EXC_X0);
            let excs = self.exc_field(e, EXC_X0 + 1);
            if let (Some(m), Some(x)) = (msg, excs) {
                let k = self.as_tuple_obj(x).map_or(0, |t| self.tuple_len(t));
                let ms = self.str_of(m)?;
                let s = format!(
                    "{} ({} sub-exception{})",
                    self.str_string(ms),
                    k,
                    if k == 1 { "" } else { "s" }
                );
                return self.new_str(&s);
            }
        }
        match n {
            0 => Ok(self.c(C::EmptyStr)),
            1 => {
                let a = self.tuple_get(args, 0);
                self.str_of(a)
            }
            _ => self.str_of(args),
        }
    }

    /// `repr(e)` of an exception: `Name(args...)`.
    pub fn exception_repr(&mut self, e: Value) -> PyResult<Value> {
        let name = self.type_name(e);
        let args = self.exc_args(e);
        let n = self.tuple_len(args);
        let inner = if n == 1 {
            let a = self.tuple_get(args, 0);
            let r = self.repr(a)?;
            self.str_string(r)
        } else {
            let r = self.repr(args)?;
            self.str_string(r)
        };
        if n == 1 {
            return self.new_str(&format!("{name}({inner})"));
        }
        self.new_str(&format!("{name}{inner}"))
    }
}

// ----- Python-level methods ---------------------------------------------------------------

/// The `OSError` subclass CPython picks for an errno (Linux numbering).
pub fn errno_exception_type(errno: i64) -> T {
    match errno {
        1 | 13 => T::PermissionError,
        2 => T::FileNotFoundError,
        3 => T::ProcessLookupError,
        4 => T::InterruptedError,
        10 => T::ChildProcessError,
        11 | 114 | 115 => T::BlockingIOError,
        17 => T::FileExistsError,
        20 => T::NotADirectoryError,
        21 => T::IsADirectoryError,
        32 | 108 => T::BrokenPipeError,
        103 => T::ConnectionAbortedError,
        104 => T::ConnectionResetError,
        110 => T::TimeoutError,
        111 => T::ConnectionRefusedError,
        _ => T::OSError,
    }
}

fn exc_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.is_empty() {
        return Err(vm.type_error("BaseException.__new__(): not enough arguments"));
    }
    let cls = args.get(vm, 0);
    if cls == vm.ty(T::OSError)
        && (3..=6).contains(&args.len())
        && let Some(errno) = args.get(vm, 1).as_small()
    {
        let t = errno_exception_type(errno);
        if t != T::OSError {
            vm.set(args.root(0), vm.ty(t));
        }
    }
    let cls = args.get(vm, 0);
    if !vm.is_exception_type(cls) {
        let tn = if vm.is_type(cls) {
            vm.type_name_str(cls)
        } else {
            vm.type_name(cls)
        };
        return Err(crate::raise!(
            vm,
            TypeError,
            "BaseException.__new__({tn}): {tn} is not a subtype of BaseException"
        ));
    }
    let t = vm.tuple_from_slots(args.start as usize + 1, args.len() - 1)?;
    let e = vm.new_exception_args(args.root(0), t)?;
    let er = vm.push_root(e)?;
    let t = vm.exc_args(e);
    vm.exc_init_fields(vm.get(er), t)?;
    Ok(vm.get(er))
}

fn exc_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let e = args.get(vm, 0);
    if !vm.is_exception(e) {
        return Err(vm.type_error("descriptor '__init__' requires a 'BaseException' object"));
    }
    let ty = vm.type_of(e);
    if args.has_kw() {
        // NameError(name=...), AttributeError(name=..., obj=...), ImportError(name=..., path=...)
        let allowed: &[&str] = if vm.is_subtype(ty, vm.ty(T::AttributeError)) {
            &["name", "obj"]
        } else if vm.is_subtype(ty, vm.ty(T::NameError)) {
            &["name"]
        } else if vm.is_subtype(ty, vm.ty(T::ImportError)) {
            &["name", "path"]
        } else {
            &[]
        };
        for j in 0..args.nkw as usize {
            let (k, vr) = args.kw(vm, j);
            let kt = vm.str_string(k);
            let Some(pos) = allowed.iter().position(|a| *a == kt) else {
                let tn = vm.type_name(e);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "{tn}() takes no keyword arguments"
                ));
            };
            let slot = if vm.is_subtype(ty, vm.ty(T::ImportError)) {
                EXC_X0 + 1 + pos
            } else {
                EXC_X0 + pos
            };
            let v = vm.get(vr);
            let e = args.get(vm, 0);
            vm.exc_set_field(e, slot, Some(v));
        }
    }
    let t = vm.tuple_from_slots(args.start as usize + 1, args.len() - 1)?;
    let e = args.get(vm, 0);
    vm.exc_set_field(e, EXC_ARGS, Some(t));
    vm.exc_init_fields(e, t)?;
    Ok(vm.none())
}

fn exc_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "BaseException.__str__", 1, 1)?;
    vm.exception_str(args.get(vm, 0))
}

fn exc_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "BaseException.__repr__", 1, 1)?;
    vm.exception_repr(args.get(vm, 0))
}

fn exc_with_traceback(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "BaseException.with_traceback", 2, 2)?;
    let tb = args.get(vm, 1);
    let e = args.get(vm, 0);
    set_traceback(vm, e, Some(tb))?;
    Ok(args.get(vm, 0))
}

fn exc_add_note(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "BaseException.add_note", 2, 2)?;
    let note = args.get(vm, 1);
    if !vm.is_str(note) && vm.as_str_obj(note).is_none() {
        let tn = vm.type_name(note);
        return Err(crate::raise!(
            vm,
            TypeError,
            "note must be a str, not '{tn}'"
        ));
    }
    let e = args.get(vm, 0);
    let notes = vm.getattr_opt(e, n::NOTES)?;
    let notes = match notes {
        Some(l) => {
            if vm.as_list_obj(l).is_none() {
                return Err(vm.type_error("Cannot add note: __notes__ is not a list"));
            }
            l
        }
        None => {
            let l = vm.new_list(0)?;
            let lr = vm.push_root(l)?;
            let e = args.get(vm, 0);
            vm.setattr(e, n::NOTES, l)?;
            vm.get(lr)
        }
    };
    let l = vm.as_list_obj(notes).expect("checked");
    let note = args.get(vm, 1);
    vm.list_append(l, note)?;
    Ok(vm.none())
}

fn set_traceback(vm: &mut Vm, e: Value, tb: Option<Value>) -> PyResult<()> {
    if let Some(t) = tb
        && !vm.is_none(t)
        && !vm.is_exact(t, T::Traceback)
    {
        return Err(vm.type_error("__traceback__ must be a traceback or None"));
    }
    let tb = tb.unwrap_or_else(|| vm.none());
    vm.exc_set_field(e, EXC_TRACEBACK, Some(tb));
    Ok(())
}

fn get_args(vm: &mut Vm, e: Value) -> PyResult<Value> {
    Ok(vm.exc_args(e))
}

fn set_args(vm: &mut Vm, e: Value, v: Option<Value>) -> PyResult<()> {
    let Some(v) = v else {
        return Err(vm.type_error("args may not be deleted"));
    };
    let mark = vm.sp();
    let er = vm.push_root(e)?;
    let t = vm.to_tuple(v)?;
    vm.exc_set_field(vm.get(er), EXC_ARGS, Some(t));
    vm.truncate(mark);
    Ok(())
}

fn get_tb(vm: &mut Vm, e: Value) -> PyResult<Value> {
    Ok(vm.exc_field(e, EXC_TRACEBACK).unwrap_or_else(|| vm.none()))
}

fn set_tb(vm: &mut Vm, e: Value, v: Option<Value>) -> PyResult<()> {
    match v {
        None => Err(vm.type_error("__traceback__ may not be deleted")),
        Some(v) => set_traceback(vm, e, Some(v)),
    }
}

fn get_context(vm: &mut Vm, e: Value) -> PyResult<Value> {
    Ok(vm.exc_field(e, EXC_CONTEXT).unwrap_or_else(|| vm.none()))
}

fn set_context(vm: &mut Vm, e: Value, v: Option<Value>) -> PyResult<()> {
    let Some(v) = v else {
        return Err(vm.type_error("__context__ may not be deleted"));
    };
    if !vm.is_none(v) && !vm.is_exception(v) {
        return Err(vm.type_error("exception context must be None or derive from BaseException"));
    }
    vm.exc_set_field(e, EXC_CONTEXT, Some(v));
    Ok(())
}

fn get_cause(vm: &mut Vm, e: Value) -> PyResult<Value> {
    Ok(vm.exc_field(e, EXC_CAUSE).unwrap_or_else(|| vm.none()))
}

fn set_cause(vm: &mut Vm, e: Value, v: Option<Value>) -> PyResult<()> {
    let Some(v) = v else {
        return Err(vm.type_error("__cause__ may not be deleted"));
    };
    if !vm.is_none(v) && !vm.is_exception(v) {
        return Err(vm.type_error("exception cause must be None or derive from BaseException"));
    }
    vm.exc_set_field(e, EXC_CAUSE, Some(v));
    let t = vm.c(C::True);
    vm.exc_set_field(e, EXC_SUPPRESS, Some(t));
    Ok(())
}

fn get_suppress(vm: &mut Vm, e: Value) -> PyResult<Value> {
    Ok(vm
        .exc_field(e, EXC_SUPPRESS)
        .unwrap_or_else(|| vm.c(C::False)))
}

fn set_suppress(vm: &mut Vm, e: Value, v: Option<Value>) -> PyResult<()> {
    let v = match v {
        Some(v) => v,
        None => vm.c(C::False),
    };
    let b = vm.truthy(v)?;
    let bv = vm.bool_val(b);
    vm.exc_set_field(e, EXC_SUPPRESS, Some(bv));
    Ok(())
}

fn eg_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "BaseExceptionGroup.__new__")?;
    if args.len() != 3 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            args.len().saturating_sub(1)
        ));
    }
    let msg = args.get(vm, 1);
    if vm.as_str_obj(msg).is_none() {
        return Err(vm.type_error("argument 1 must be str"));
    }
    let excs = args.get(vm, 2);
    let t = vm.to_tuple(excs).map_err(|e| {
        let _ = vm.take_exc(e);
        vm.type_error("second argument (exceptions) must be a sequence")
    })?;
    let tr = vm.push_root(t)?;
    let n = vm.tuple_len(t);
    if n == 0 {
        return Err(vm.value_error("second argument (exceptions) must be a non-empty sequence"));
    }
    let mut all_exc = true;
    for i in 0..n {
        let x = vm.tuple_get(vm.get(tr), i);
        if !vm.is_exception(x) {
            return Err(crate::raise!(
                vm,
                ValueError,
                "Item {i} of second argument (exceptions) is not an exception"
            ));
        }
        if !vm.isinstance_builtin(x, T::Exception) {
            all_exc = false;
        }
    }
    let mut cls = args.get(vm, 0);
    if cls == vm.ty(T::BaseExceptionGroup) && all_exc {
        cls = vm.ty(T::ExceptionGroup);
    } else if cls == vm.ty(T::ExceptionGroup) && !all_exc {
        return Err(vm.type_error("Cannot nest BaseExceptions in an ExceptionGroup"));
    } else if !all_exc && vm.is_subtype(cls, vm.ty(T::Exception)) {
        let cn = vm.type_name_str(cls);
        return Err(crate::raise!(
            vm,
            TypeError,
            "Cannot nest BaseExceptions in '{cn}'"
        ));
    }
    let clsr = vm.push_root(cls)?;
    let a = vm.tuple_from_slots(args.start as usize + 1, 2)?;
    let e = vm.new_exception_args(clsr, a)?;
    let er = vm.push_root(e)?;
    let msg = args.get(vm, 1);
    vm.exc_set_field(vm.get(er), EXC_X0, Some(msg));
    let t = vm.get(tr);
    vm.exc_set_field(vm.get(er), EXC_X0 + 1, Some(t));
    Ok(vm.get(er))
}

fn eg_init(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.none())
}

fn eg_derive(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "BaseExceptionGroup.derive", 2, 2)?;
    let e = args.get(vm, 0);
    let msg = vm.exc_field(e, EXC_X0).unwrap_or_else(|| vm.none());
    let f = vm.ty(T::BaseExceptionGroup);
    let ex = args.get(vm, 1);
    vm.call2(f, msg, ex)
}

fn eg_split_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "split", 2, 2)?;
    let (m, r) = vm.eg_split(args.get(vm, 0), args.get(vm, 1))?;
    let none = vm.none();
    let mr = vm.push_root(m.unwrap_or(none))?;
    let none = vm.none();
    let rr = vm.push_root(r.unwrap_or(none))?;
    vm.tuple2(vm.get(mr), vm.get(rr))
}

fn eg_subgroup_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "subgroup", 2, 2)?;
    let (m, _) = vm.eg_split(args.get(vm, 0), args.get(vm, 1))?;
    Ok(m.unwrap_or_else(|| vm.none()))
}

fn eg_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let e = args.get(vm, 0);
    let msg = vm.exc_field(e, EXC_X0).unwrap_or_else(|| vm.none());
    let n = vm.exc_field(e, EXC_X0 + 1).map_or(0, |t| vm.tuple_len(t));
    let m = vm.str_string_of(msg)?;
    vm.new_str(&format!(
        "{m} ({n} sub-exception{})",
        if n == 1 { "" } else { "s" }
    ))
}

fn eg_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let e = args.get(vm, 0);
    let tn = vm.type_name(e);
    let msg = vm.exc_field(e, EXC_X0).unwrap_or_else(|| vm.none());
    let m = vm.repr_string(msg)?;
    let e = args.get(vm, 0);
    let excs = vm.exc_field(e, EXC_X0 + 1).unwrap_or_else(|| vm.none());
    let l = vm.to_list(excs)?;
    let l = vm.repr_string(l)?;
    vm.new_str(&format!("{tn}({m}, {l})"))
}

/// The methods of `BaseException`.
pub static BASE_EXCEPTION_METHODS: &[MethodDef] = &[
    func("__new__", exc_new),
    meth("__init__", exc_init),
    meth("__str__", exc_str),
    meth("__repr__", exc_repr),
    meth("with_traceback", exc_with_traceback),
    meth("add_note", exc_add_note),
];

/// The computed attributes of `BaseException`.
pub static BASE_EXCEPTION_GETSETS: &[GetSetDef] = &[
    GetSetDef {
        name: "args",
        get: get_args,
        set: Some(set_args),
        doc: "",
    },
    GetSetDef {
        name: "__traceback__",
        get: get_tb,
        set: Some(set_tb),
        doc: "",
    },
    GetSetDef {
        name: "__context__",
        get: get_context,
        set: Some(set_context),
        doc: "",
    },
    GetSetDef {
        name: "__cause__",
        get: get_cause,
        set: Some(set_cause),
        doc: "",
    },
    GetSetDef {
        name: "__suppress_context__",
        get: get_suppress,
        set: Some(set_suppress),
        doc: "",
    },
    crate::objects::typeobj_methods::SUBTYPE_DICT,
];

/// The methods of `BaseExceptionGroup`.
pub static EXCEPTION_GROUP_METHODS: &[MethodDef] = &[
    func("__new__", eg_new),
    meth("__init__", eg_init),
    meth("derive", eg_derive),
    meth("split", eg_split_m),
    meth("subgroup", eg_subgroup_m),
    meth("__str__", eg_str),
    meth("__repr__", eg_repr),
];
