//! Builtin functions about objects and attributes: `print`, `repr`, `ascii`, `len`,
//! `isinstance`, `issubclass`, `callable`, `getattr`/`setattr`/`hasattr`/`delattr`, `id`,
//! `hash`, `dir`, `vars`, `format`, `input`, `open`, `breakpoint`, `help`.

use crate::bytecode::CompareOperator;
use crate::objects::file::{Backend, open_file};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::names::n;
use crate::runtime::roots::{G, Root};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    /// `callable(v)`.
    pub fn is_callable(&mut self, v: Value) -> bool {
        match self.kind(v) {
            Kind::Function | Kind::Builtin | Kind::Method | Kind::Type => true,
            _ => {
                let ty = self.type_of(v);
                self.lookup_special(ty, n::CALL).is_some()
            }
        }
    }

    /// `next(it)` keeping the `StopIteration` of generators and `__next__` methods (so its
    /// `value` survives); `None` only for builtin iterators that are exhausted.
    pub fn iter_next_raising(&mut self, it: Value) -> PyResult<Option<Value>> {
        match self.kind(it) {
            Kind::Generator => {
                let none = self.none();
                match self.gen_resume(it, none, false)? {
                    crate::interp::generator::GenResult::Yield(v) => Ok(Some(v)),
                    crate::interp::generator::GenResult::Return(v) => {
                        Err(self.stop_iteration_with(v))
                    }
                }
            }
            Kind::ListIter
            | Kind::TupleIter
            | Kind::RangeIter
            | Kind::StrIter
            | Kind::DictIter
            | Kind::SetIter
            | Kind::Enumerate
            | Kind::Zip
            | Kind::Map
            | Kind::Filter
            | Kind::Reversed
            | Kind::SeqIter
            | Kind::ListRevIter
            | Kind::BytesIter => self.iter_next(it),
            _ => {
                let ty = self.type_of(it);
                match self.lookup_special(ty, n::NEXT) {
                    Some(m) => self.call_special_found(m, it, &[]).map(Some),
                    None => {
                        let tn = self.type_name(it);
                        Err(crate::raise!(
                            self,
                            TypeError,
                            "'{tn}' object is not an iterator"
                        ))
                    }
                }
            }
        }
    }

    /// `isinstance(obj, cls)` with `__instancecheck__`, tuples and unions.
    pub fn isinstance(&mut self, obj: Value, cls: Value) -> PyResult<bool> {
        let ot = self.type_of(obj);
        if ot == cls {
            return Ok(true);
        }
        if self.is_exact(cls, T::Type)
            || (self.is_type(cls) && self.type_of(cls) == self.ty(T::Type))
        {
            return Ok(self.is_subtype(ot, cls));
        }
        if self.is_tuple(cls) {
            self.enter_recursion(" in __instancecheck__")?;
            let mark = self.sp();
            let r = (|| {
                let or = self.push_root(obj)?;
                let cr = self.push_root(cls)?;
                for i in 0..self.tuple_len(cls) {
                    let c = self.tuple_get(self.get(cr), i);
                    if self.isinstance(self.get(or), c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            })();
            self.truncate(mark);
            self.leave_recursion();
            return r;
        }
        if self.is_exact(cls, T::UnionType) {
            let args = crate::builtins::union::union_args(self, cls);
            return self.isinstance(obj, args);
        }
        let meta = self.type_of(cls);
        if let Some(check) = self.lookup_special(meta, n::INSTANCECHECK) {
            self.enter_recursion(" in __instancecheck__")?;
            let r = self.call_special_found(check, cls, &[obj]);
            self.leave_recursion();
            let r = r?;
            return self.truthy(r);
        }
        Err(self.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union"))
    }

    /// `type.__instancecheck__`: subtype test (also through `__class__`).
    pub fn isinstance_plain(&mut self, obj: Value, cls: Value) -> PyResult<bool> {
        let ot = self.type_of(obj);
        if self.is_type(cls) && self.is_subtype(ot, cls) {
            return Ok(true);
        }
        // An object may lie about its class (proxies, mocks).
        let c = match self.getattr_opt(obj, n::CLASS) {
            Ok(c) => c,
            Err(e) => {
                if self.err_matches(&e, T::AttributeError) {
                    let _ = self.take_exc(e);
                    None
                } else {
                    return Err(e);
                }
            }
        };
        match c {
            Some(c) if c != ot && self.is_type(c) && self.is_type(cls) => {
                Ok(self.is_subtype(c, cls))
            }
            _ => Ok(false),
        }
    }

    /// `issubclass(c, cls)` with `__subclasscheck__`, tuples and unions.
    pub fn issubclass(&mut self, c: Value, cls: Value) -> PyResult<bool> {
        if self.is_type(cls) && self.type_of(cls) == self.ty(T::Type) {
            if !self.is_type(c) {
                return Err(self.type_error("issubclass() arg 1 must be a class"));
            }
            return Ok(self.is_subtype(c, cls));
        }
        if self.is_tuple(cls) {
            self.enter_recursion(" in __subclasscheck__")?;
            let mark = self.sp();
            let r = (|| {
                let xr = self.push_root(c)?;
                let cr = self.push_root(cls)?;
                for i in 0..self.tuple_len(cls) {
                    let k = self.tuple_get(self.get(cr), i);
                    if self.issubclass(self.get(xr), k)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            })();
            self.truncate(mark);
            self.leave_recursion();
            return r;
        }
        if self.is_exact(cls, T::UnionType) {
            let args = crate::builtins::union::union_args(self, cls);
            return self.issubclass(c, args);
        }
        let meta = self.type_of(cls);
        if let Some(check) = self.lookup_special(meta, n::SUBCLASSCHECK) {
            self.enter_recursion(" in __subclasscheck__")?;
            let r = self.call_special_found(check, cls, &[c]);
            self.leave_recursion();
            let r = r?;
            return self.truthy(r);
        }
        Err(self.type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union"))
    }

    /// `dir(obj)` (a sorted list).
    pub fn builtin_dir(&mut self, obj: Value) -> PyResult<Value> {
        let mark = self.sp();
        let or = self.push_root(obj)?;
        let r = match self.special_of(obj, n::DIR) {
            Some(m) => self.call_special_found(m, self.get(or), &[])?,
            None => {
                let tn = self.type_name(obj);
                self.truncate(mark);
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "object does not provide __dir__ (type {tn})"
                ));
            }
        };
        let l = self.to_list(r)?;
        let lr = self.push_root(l)?;
        self.list_sort(lr, None, false)?;
        let l = self.get(lr);
        self.truncate(mark);
        Ok(l)
    }

    /// An attribute name argument as a `Name` (`TypeError` for non-str).
    pub fn attr_name_arg(&mut self, v: Value) -> PyResult<crate::runtime::names::Name> {
        match self.as_str_obj(v) {
            Some(s) => Ok(self.intern_value(s)),
            None => {
                let tn = self.type_name(v);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "attribute name must be string, not '{tn}'"
                ))
            }
        }
    }
}

/// `print(*objects, sep=' ', end='\n', file=None, flush=False)`.
pub fn builtin_print(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (mut sep, mut end, mut file, mut flush) = (None, None, None, false);
    for j in 0..args.nkw as usize {
        let (k, vr) = args.kw(vm, j);
        let v = vm.get(vr);
        let kb = vm.str_bytes(k);
        match kb {
            b"sep" => sep = Some(vr),
            b"end" => end = Some(vr),
            b"file" => file = Some(vr),
            b"flush" => flush = vm.truthy(v)?,
            _ => {
                let kn = vm.str_string(k);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "'{kn}' is an invalid keyword argument for print()"
                ));
            }
        }
    }
    let text_arg = |vm: &mut Vm, r: Option<Root>, what: &str| -> PyResult<Option<Vec<u8>>> {
        match r {
            None => Ok(None),
            Some(r) => {
                let v = vm.get(r);
                if vm.is_none(v) {
                    return Ok(None);
                }
                match vm.as_str_obj(v) {
                    Some(s) => Ok(Some(vm.str_bytes(s).to_vec())),
                    None => {
                        let tn = vm.type_name(v);
                        Err(crate::raise!(
                            vm,
                            TypeError,
                            "{what} must be None or a string, not {tn}"
                        ))
                    }
                }
            }
        }
    };
    let sep = text_arg(vm, sep, "sep")?.unwrap_or_else(|| b" ".to_vec());
    let end = text_arg(vm, end, "end")?.unwrap_or_else(|| b"\n".to_vec());
    let f = match file.map(|r| vm.get(r)).filter(|v| !vm.is_none(*v)) {
        Some(f) => f,
        None => {
            let sd = vm.g(G::SysDict);
            match vm.dict_get_name(sd, n::STDOUT) {
                Some(f) if !vm.is_none(f) => f,
                _ => return Ok(vm.none()),
            }
        }
    };
    let fr = vm.push_root(f)?;
    let native = vm.file_state(f).is_some();
    if !native {
        // A Python file-like object gets each piece as a separate write() call.
        for i in 0..args.len() {
            if i > 0 {
                vm.write_to_file(vm.get(fr), &sep)?;
            }
            let v = args.get(vm, i);
            let s = vm.str_of(v)?;
            let b = vm.str_bytes(s).to_vec();
            vm.write_to_file(vm.get(fr), &b)?;
        }
        vm.write_to_file(vm.get(fr), &end)?;
        if flush {
            vm.call_method(vm.get(fr), n::FLUSH, &[])?;
        }
        return Ok(vm.none());
    }
    let mut buf: Vec<u8> = Vec::new();
    for i in 0..args.len() {
        if i > 0 {
            buf.extend_from_slice(&sep);
        }
        let v = args.get(vm, i);
        if vm.is_str(v) {
            buf.extend_from_slice(vm.str_bytes(v));
        } else {
            let s = vm.str_of(v)?;
            buf.extend_from_slice(vm.str_bytes(s));
        }
    }
    buf.extend_from_slice(&end);
    let f = vm.get(fr);
    let to_stdout = vm
        .file_state(f)
        .map(|st| matches!(st.backend, Backend::Stdout));
    if to_stdout == Some(true) {
        vm.io.write_out(&buf);
        if flush {
            vm.io.flush_out();
        }
    } else {
        vm.write_to_file(f, &buf)?;
        if flush {
            vm.call_method(vm.get(fr), n::FLUSH, &[])?;
        }
    }
    Ok(vm.none())
}

/// `repr(obj)`.
pub fn builtin_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "repr", 1, 1)?;
    vm.repr(args.get(vm, 0))
}

/// `ascii(obj)`.
pub fn builtin_ascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "ascii", 1, 1)?;
    vm.ascii(args.get(vm, 0))
}

/// `len(obj)`.
pub fn builtin_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "len", 1, 1)?;
    let n = vm.len(args.get(vm, 0))?;
    vm.new_usize(n)
}

/// `isinstance(obj, classinfo)`.
pub fn builtin_isinstance(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "isinstance")?;
    if args.len() != 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "isinstance expected 2 arguments, got {}",
            args.len()
        ));
    }
    let r = vm.isinstance(args.get(vm, 0), args.get(vm, 1))?;
    Ok(vm.bool_val(r))
}

/// `issubclass(cls, classinfo)`.
pub fn builtin_issubclass(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "issubclass")?;
    if args.len() != 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "issubclass expected 2 arguments, got {}",
            args.len()
        ));
    }
    let r = vm.issubclass(args.get(vm, 0), args.get(vm, 1))?;
    Ok(vm.bool_val(r))
}

/// `callable(obj)`.
pub fn builtin_callable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "callable", 1, 1)?;
    let r = vm.is_callable(args.get(vm, 0));
    Ok(vm.bool_val(r))
}

/// `getattr(obj, name[, default])`.
pub fn builtin_getattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "getattr")?;
    if args.len() < 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "getattr expected at least 2 arguments, got {}",
            args.len()
        ));
    }
    if args.len() > 3 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "getattr expected at most 3 arguments, got {}",
            args.len()
        ));
    }
    let name = vm.attr_name_arg(args.get(vm, 1))?;
    let obj = args.get(vm, 0);
    if args.len() == 2 {
        return vm.getattr(obj, name);
    }
    match vm.getattr_opt(obj, name) {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Ok(args.get(vm, 2)),
        Err(e) if vm.err_matches(&e, T::AttributeError) => {
            let _ = vm.take_exc(e);
            Ok(args.get(vm, 2))
        }
        Err(e) => Err(e),
    }
}

/// `setattr(obj, name, value)`.
pub fn builtin_setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "setattr")?;
    if args.len() != 3 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "setattr expected 3 arguments, got {}",
            args.len()
        ));
    }
    let name = vm.attr_name_arg(args.get(vm, 1))?;
    vm.setattr(args.get(vm, 0), name, args.get(vm, 2))?;
    Ok(vm.none())
}

/// `hasattr(obj, name)`.
pub fn builtin_hasattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "hasattr")?;
    if args.len() != 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "hasattr expected 2 arguments, got {}",
            args.len()
        ));
    }
    let name = vm.attr_name_arg(args.get(vm, 1))?;
    match vm.getattr_opt(args.get(vm, 0), name) {
        Ok(r) => Ok(vm.bool_val(r.is_some())),
        Err(e) if vm.err_matches(&e, T::AttributeError) => {
            let _ = vm.take_exc(e);
            Ok(vm.bool_val(false))
        }
        Err(e) => Err(e),
    }
}

/// `delattr(obj, name)`.
pub fn builtin_delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "delattr")?;
    if args.len() != 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "delattr expected 2 arguments, got {}",
            args.len()
        ));
    }
    let name = vm.attr_name_arg(args.get(vm, 1))?;
    vm.delattr(args.get(vm, 0), name)?;
    Ok(vm.none())
}

/// `id(obj)`.
pub fn builtin_id(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "id", 1, 1)?;
    let v = args.get(vm, 0);
    let id = vm.object_id_value(v);
    vm.new_int_u64(id)
}

/// `hash(obj)`.
pub fn builtin_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "hash", 1, 1)?;
    let h = vm.hash(args.get(vm, 0))?;
    vm.new_int(h)
}

/// `dir([obj])`.
pub fn builtin_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "dir")?;
    if args.len() > 1 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "dir expected at most 1 argument, got {}",
            args.len()
        ));
    }
    if args.is_empty() {
        let locals = vm.current_locals()?;
        let keys = vm.call_method(locals, n::KEYS, &[])?;
        let l = vm.to_list(keys)?;
        let lr = vm.push_root(l)?;
        vm.list_sort(lr, None, false)?;
        return Ok(vm.get(lr));
    }
    vm.builtin_dir(args.get(vm, 0))
}

/// `vars([obj])`.
pub fn builtin_vars(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "vars")?;
    if args.len() > 1 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "vars expected at most 1 argument, got {}",
            args.len()
        ));
    }
    if args.is_empty() {
        return vm.current_locals();
    }
    match vm.getattr_opt(args.get(vm, 0), n::DICT) {
        Ok(Some(d)) => Ok(d),
        Ok(None) => Err(vm.type_error("vars() argument must have __dict__ attribute")),
        Err(e) if vm.err_matches(&e, T::AttributeError) => {
            let _ = vm.take_exc(e);
            Err(vm.type_error("vars() argument must have __dict__ attribute"))
        }
        Err(e) => Err(e),
    }
}

/// `format(value[, format_spec])`.
pub fn builtin_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "format")?;
    if args.is_empty() || args.len() > 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "format expected at least 1 argument, got {}",
            args.len()
        ));
    }
    let spec = match args.opt(vm, 1) {
        Some(s) => match vm.as_str_obj(s) {
            Some(s) => s,
            None => {
                let tn = vm.type_name(s);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "format() argument 2 must be str, not {tn}"
                ));
            }
        },
        None => vm.c(crate::runtime::roots::C::EmptyStr),
    };
    vm.format_value(args.get(vm, 0), spec)
}

/// `input([prompt])`.
pub fn builtin_input(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "input")?;
    if args.len() > 1 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "input expected at most 1 argument, got {}",
            args.len()
        ));
    }
    if let Some(p) = args.opt(vm, 0) {
        let s = vm.str_of(p)?;
        let text = vm.str_bytes(s).to_vec();
        let out = vm.sys_attr("stdout")?;
        vm.write_to_file(out, &text)?;
    }
    vm.flush_std_streams();
    let stdin = vm.sys_attr("stdin")?;
    let native = vm
        .file_state(stdin)
        .map(|st| matches!(st.backend, Backend::Stdin));
    let line = if native == Some(true) {
        let l = vm.io.read_line();
        if l.is_empty() {
            return Err(vm.new_error(T::EOFError, "EOF when reading a line"));
        }
        let l = l.strip_suffix(b"\n").unwrap_or(&l).to_vec();
        let l = l.strip_suffix(b"\r").map(|x| x.to_vec()).unwrap_or(l);
        vm.new_str(&String::from_utf8_lossy(&l))?
    } else {
        let l = vm.call_method(stdin, n::READLINE, &[])?;
        let s = vm.str_string_of(l)?;
        if s.is_empty() {
            return Err(vm.new_error(T::EOFError, "EOF when reading a line"));
        }
        vm.new_str(s.strip_suffix('\n').unwrap_or(&s))?
    };
    Ok(line)
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None,
/// closefd=True, opener=None)` (basic file I/O).
pub fn builtin_open(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "open",
        params: &[
            "file",
            "mode",
            "buffering",
            "encoding",
            "errors",
            "newline",
            "closefd",
            "opener",
        ],
        posonly: 0,
        kwonly: 8,
        required: 1,
    };
    let [
        file,
        mode,
        buffering,
        encoding,
        errors,
        newline,
        closefd,
        opener,
    ] = vm.bind::<8>(args, &SIG)?;
    let f = vm.get(file.expect("required"));
    // The native file objects serve the common forms; `_io.open` (Python-level) the rest.
    let given =
        |vm: &Vm, r: Option<crate::runtime::roots::Root>| r.is_some_and(|r| !vm.is_none(vm.get(r)));
    let default_buffering = buffering.is_none_or(|r| vm.get(r).as_small() == Some(-1));
    if vm.is_int(f)
        || vm.is_bytes(f)
        || !default_buffering
        || given(vm, errors)
        || closefd.is_some()
        || given(vm, opener)
    {
        let io = vm.import_module("_io")?;
        let open = vm.intern("open")?;
        let o = vm.getattr(io, open)?;
        return vm.call_forward(o, args, 0);
    }
    let path = if let Some(s) = vm.as_str_obj(f) {
        vm.str_string(s)
    } else if let Some(b) = vm.as_bytes_obj(f) {
        String::from_utf8_lossy(vm.bytes_data(b)).into_owned()
    } else if let Some(m) = vm.special_of(f, n::FSPATH) {
        let p = vm.call_special_found(m, f, &[])?;
        vm.str_string_of(p)?
    } else {
        let tn = vm.type_name(f);
        return Err(crate::raise!(
            vm,
            TypeError,
            "expected str, bytes or os.PathLike object, not {tn}"
        ));
    };
    let opt_text = |vm: &mut Vm, r: Option<Root>, what: &str| -> PyResult<Option<String>> {
        match r.map(|r| vm.get(r)) {
            None => Ok(None),
            Some(v) if vm.is_none(v) => Ok(None),
            Some(v) => match vm.as_str_obj(v) {
                Some(s) => Ok(Some(vm.str_string(s))),
                None => {
                    let tn = vm.type_name(v);
                    Err(crate::raise!(
                        vm,
                        TypeError,
                        "open() argument '{what}' must be str or None, not {tn}"
                    ))
                }
            },
        }
    };
    let mode_s = match mode.map(|r| vm.get(r)) {
        None => "r".to_string(),
        Some(m) => match vm.as_str_obj(m) {
            Some(s) => vm.str_string(s),
            None => {
                let tn = vm.type_name(m);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "open() argument 'mode' must be str, not {tn}"
                ));
            }
        },
    };
    let enc = opt_text(vm, encoding, "encoding")?;
    let nl = opt_text(vm, newline, "newline")?;
    open_file(vm, &path, &mode_s, enc, nl)
}

/// `breakpoint()`: a no-op (no debugger).
pub fn builtin_breakpoint(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.none())
}

/// `help([obj])`: prints the object's docstring (minimal).
pub fn builtin_help(vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.opt(vm, 0) {
        None => {
            vm.write_stdout("Type help(object) for help about object.\n")?;
        }
        Some(o) => {
            let r = vm.repr_string(o)?;
            let doc = vm.getattr_opt(args.get(vm, 0), n::DOC)?;
            let doc = match doc {
                Some(d) if vm.is_str(d) => vm.str_string(d),
                _ => String::new(),
            };
            vm.write_stdout(&format!("Help on {r}:\n\n{doc}\n"))?;
        }
    }
    Ok(vm.none())
}

/// `a < b` etc. as a bool (used by `min`/`max`).
pub fn less_than(vm: &mut Vm, a: Value, b: Value) -> PyResult<bool> {
    vm.compare_bool(a, b, CompareOperator::Lt)
}

/// `exit(code=None)` / `quit(code=None)`: what `site` installs in CPython (raise
/// `SystemExit`).
pub fn builtin_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "exit", 0, 1)?;
    match args.opt(vm, 0) {
        Some(a) => Err(vm.new_error_with(T::SystemExit, a)),
        None => Err(vm.new_error0(T::SystemExit)),
    }
}
