//! Calls: the calling convention, dispatch on the callable's kind, binding arguments to a
//! Python function's parameters (with CPython's error messages), and type instantiation.
//!
//! Calling convention (CPython 3.11's): a call occupies the top of the value stack as
//! `[callable][self_or_null][arg 0]...[arg n-1]` followed by the tuple of keyword names when
//! there are keyword arguments (the last `nkw` args are their values). A non-NULL
//! `self_or_null` is the first argument. [`Vm::call_at`] consumes that region: on return the
//! stack pointer is back at the callable's slot. Because the region is at the top of the
//! stack, a bound method can be unpacked in place and an extra first argument inserted by
//! shifting the arguments up one slot.
//!
//! Builtins receive [`Args`] (rooted stack slots); Python functions get a new frame whose
//! locals are filled by [`Vm::bind_args`].

use crate::objects::builtin_func::{MethKind, bf};
use crate::runtime::builtin_types::{Kind, T, tf};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{func_, obj_};
use crate::runtime::names::{Name, n};
use crate::runtime::roots::{C, Root};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// The arguments of a builtin call: rooted stack slots.
#[derive(Clone, Copy, Debug)]
pub struct Args {
    /// Stack index of argument 0.
    pub start: u32,
    /// Number of positional arguments.
    pub npos: u32,
    /// Number of keyword arguments (their values follow the positional ones).
    pub nkw: u32,
    /// Stack index of the keyword-names tuple (valid when `nkw > 0`).
    pub kwnames: u32,
}

impl Args {
    /// Positional arguments only.
    pub fn positional(start: usize, n: usize) -> Args {
        Args {
            start: start as u32,
            npos: n as u32,
            nkw: 0,
            kwnames: 0,
        }
    }

    /// Number of positional arguments.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.npos as usize
    }

    /// Whether there are no positional arguments.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.npos == 0
    }

    /// Whether keyword arguments were given.
    #[inline(always)]
    pub fn has_kw(&self) -> bool {
        self.nkw > 0
    }

    /// The root of positional argument `i`.
    #[inline(always)]
    pub fn root(&self, i: usize) -> Root {
        Root(self.start + i as u32)
    }

    /// Positional argument `i` (read fresh; rule 1).
    /// Positional argument `i`; `None` when fewer were passed. Builtins check their arity
    /// (`check_args`/`bind`), but one that forgets must not read a stale stack slot (a dead
    /// object after a collection), so a missing argument reads as `None`, never out of bounds.
    #[inline(always)]
    pub fn get(&self, vm: &Vm, i: usize) -> Value {
        if i < self.len() {
            vm.get(self.root(i))
        } else {
            vm.none()
        }
    }

    /// Positional argument `i` if given.
    #[inline(always)]
    pub fn opt(&self, vm: &Vm, i: usize) -> Option<Value> {
        if i < self.len() {
            Some(self.get(vm, i))
        } else {
            None
        }
    }

    /// Keyword argument `j`: its name (an interned-or-not str) and value root.
    pub fn kw(&self, vm: &Vm, j: usize) -> (Value, Root) {
        let names = vm.get(Root(self.kwnames));
        (
            vm.tuple_get(names, j),
            Root(self.start + self.npos + j as u32),
        )
    }

    /// Arguments after the first (drops `self`).
    pub fn shift(&self) -> Args {
        Args {
            start: self.start + 1,
            npos: self.npos.saturating_sub(1),
            ..*self
        }
    }
}

/// How a builtin's parameters are declared for [`Vm::bind`].
pub struct Sig {
    /// Function name used in messages (e.g. `"sorted"` or `"str.split"`).
    pub name: &'static str,
    /// Parameter names.
    pub params: &'static [&'static str],
    /// Parameters before this index are positional-only.
    pub posonly: usize,
    /// Parameters from this index on are keyword-only.
    pub kwonly: usize,
    /// Number of required parameters (a prefix).
    pub required: usize,
}

impl Vm {
    // ----- binding for builtins -----------------------------------------------------------

    /// Binds builtin arguments by a signature; returns the root of each parameter (NULL
    /// slots for missing optional ones are represented as `None`).
    pub fn bind<const N: usize>(&mut self, args: Args, sig: &Sig) -> PyResult<[Option<Root>; N]> {
        debug_assert_eq!(sig.params.len(), N);
        let mut out: [Option<Root>; N] = [None; N];
        let npos = args.len();
        let maxpos = sig.kwonly.min(N);
        if npos > maxpos {
            // Messages count the arguments the caller wrote: not `self`/`cls`.
            let o = usize::from(matches!(sig.params.first(), Some(&"self") | Some(&"cls")));
            let (shown_max, shown_n) = (maxpos - o, npos - o);
            return Err(if maxpos == sig.required && sig.kwonly == N {
                if shown_max == 0 {
                    crate::raise!(
                        self,
                        TypeError,
                        "{}() takes no arguments ({shown_n} given)",
                        sig.name
                    )
                } else if shown_max == 1 {
                    crate::raise!(
                        self,
                        TypeError,
                        "{}() takes exactly one argument ({shown_n} given)",
                        sig.name
                    )
                } else {
                    crate::raise!(
                        self,
                        TypeError,
                        "{}() takes exactly {shown_max} arguments ({shown_n} given)",
                        sig.name
                    )
                }
            } else {
                crate::raise!(
                    self,
                    TypeError,
                    "{}() takes at most {shown_max} argument{} ({shown_n} given)",
                    sig.name,
                    if shown_max == 1 { "" } else { "s" }
                )
            });
        }
        for (i, o) in out.iter_mut().enumerate().take(npos) {
            *o = Some(args.root(i));
        }
        for j in 0..args.nkw as usize {
            let (k, vr) = args.kw(self, j);
            let pos = sig.params.iter().position(|p| self.str_eq_text(k, p));
            match pos {
                Some(i) if i >= sig.posonly => {
                    if out[i].is_some() {
                        let kn = self.str_string(k);
                        return Err(crate::raise!(
                            self,
                            TypeError,
                            "argument for {}() given by name ('{kn}') and position ({})",
                            sig.name,
                            i + 1
                        ));
                    }
                    out[i] = Some(vr);
                }
                _ => {
                    let kn = self.str_string(k);
                    if sig.posonly == N && sig.kwonly == N {
                        return Err(crate::raise!(
                            self,
                            TypeError,
                            "{}() takes no keyword arguments",
                            sig.name
                        ));
                    }
                    // CPython's message for C functions (Python functions say "got an
                    // unexpected keyword argument").
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "'{kn}' is an invalid keyword argument for {}()",
                        sig.name
                    ));
                }
            }
        }
        for (i, slot) in out.iter().enumerate().take(sig.required) {
            if slot.is_none() {
                let p = sig.params[i];
                return Err(if i < sig.posonly || sig.posonly == N {
                    if sig.required == 1 && N == 1 {
                        crate::raise!(
                            self,
                            TypeError,
                            "{}() takes exactly one argument (0 given)",
                            sig.name
                        )
                    } else {
                        crate::raise!(
                            self,
                            TypeError,
                            "{}() takes at least {} argument{} ({npos} given)",
                            sig.name,
                            sig.required,
                            if sig.required == 1 { "" } else { "s" }
                        )
                    }
                } else {
                    crate::raise!(
                        self,
                        TypeError,
                        "{}() missing required argument '{p}' (pos {})",
                        sig.name,
                        i + 1
                    )
                });
            }
        }
        Ok(out)
    }

    /// Checks that a builtin got no keyword arguments.
    pub fn no_kw(&mut self, args: Args, name: &str) -> PyResult<()> {
        if args.has_kw() {
            return Err(crate::raise!(
                self,
                TypeError,
                "{name}() takes no keyword arguments"
            ));
        }
        Ok(())
    }

    /// Checks the positional count of a builtin without keywords (`min..=max`), with
    /// CPython's `METH_O`/`METH_NOARGS`/`METH_VARARGS` messages.
    pub fn check_args(&mut self, args: Args, name: &str, min: usize, max: usize) -> PyResult<()> {
        self.no_kw(args, name)?;
        let n = args.len();
        if n >= min && n <= max {
            return Ok(());
        }
        Err(if min == max {
            match min {
                0 => crate::raise!(self, TypeError, "{name}() takes no arguments ({n} given)"),
                1 => crate::raise!(
                    self,
                    TypeError,
                    "{name}() takes exactly one argument ({n} given)"
                ),
                _ => crate::raise!(self, TypeError, "{name} expected {min} arguments, got {n}"),
            }
        } else if n < min {
            crate::raise!(
                self,
                TypeError,
                "{name} expected at least {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )
        } else {
            crate::raise!(
                self,
                TypeError,
                "{name} expected at most {max} argument{}, got {n}",
                if max == 1 { "" } else { "s" }
            )
        })
    }

    // ----- the call entry points ------------------------------------------------------------

    /// Calls the call region at `base` (see the module docs) with `nargs` arguments (after
    /// `self_or_null`), the last `nkw` of which are keyword values named by the tuple in the
    /// slot after them. The stack pointer ends at `base`.
    pub fn call_at(&mut self, base: usize, nargs: usize, nkw: usize) -> PyResult<Value> {
        let r = self.call_at_inner(base, nargs, nkw);
        self.truncate(base);
        r
    }

    fn call_at_inner(&mut self, base: usize, mut nargs: usize, nkw: usize) -> PyResult<Value> {
        loop {
            let callable = Value::from_raw_nonnull(self.slot(base));
            let self_slot = self.slot(base + 1);
            let (start, total) = if self_slot != 0 {
                (base + 1, nargs + 1)
            } else {
                (base + 2, nargs)
            };
            match self.kind(callable) {
                Kind::Function => {
                    return self.call_function_rust(base, start, total, nkw);
                }
                Kind::Builtin => {
                    let def = self.builtin_def(callable);
                    let flags = self.ld_scalar::<u64>(callable, bf::FLAGS);
                    let mut start = start;
                    let mut total = total;
                    if flags & bf::BOUND != 0 {
                        let s = self.ldv1(callable, bf::SELF);
                        self.prepend_arg(base, s)?;
                        start = base + 1;
                        total = nargs + 1 + (self_slot != 0) as usize;
                    } else if def.kind != MethKind::Static
                        && (self.is_exact(callable, T::MethodDescriptor)
                            || self.is_exact(callable, T::WrapperDescriptor)
                            || self.is_exact(callable, T::ClassMethodDescriptor))
                    {
                        self.check_descriptor_self(callable, start, total - nkw, def.name)?;
                    }
                    let kwnames = if nkw > 0 { start + total } else { 0 };
                    let args = Args {
                        start: start as u32,
                        npos: (total - nkw) as u32,
                        nkw: nkw as u32,
                        kwnames: kwnames as u32,
                    };
                    self.enter_native()?;
                    let r = (def.fun)(self, args);
                    self.rust_depth -= 1;
                    return r;
                }
                Kind::Method => {
                    let f = self.ldv1(callable, obj_::A);
                    let s = self.ldv1(callable, obj_::B);
                    if self_slot == 0 {
                        self.set_slot(base, f.raw());
                        self.set_slot(base + 1, s.raw());
                    } else {
                        self.set_slot(base, f.raw());
                        self.prepend_arg(base, s)?;
                        nargs += 1;
                    }
                    continue;
                }
                Kind::Type => return self.call_type(base, nargs, nkw),
                _ => {
                    let ty = self.type_of(callable);
                    match self.lookup_special(ty, n::CALL) {
                        Some(f) => {
                            self.set_slot(base, f.raw());
                            self.prepend_arg(base, callable)?;
                            if self_slot != 0 {
                                nargs += 1;
                            }
                            continue;
                        }
                        None => {
                            let tn = self.type_name(callable);
                            return Err(crate::raise!(
                                self,
                                TypeError,
                                "'{tn}' object is not callable"
                            ));
                        }
                    }
                }
            }
        }
    }

    /// Makes `v` the first argument of the call region at `base` (uses the NULL
    /// `self_or_null` slot, or shifts the arguments up one slot).
    pub fn prepend_arg(&mut self, base: usize, v: Value) -> PyResult<()> {
        if self.slot(base + 1) == 0 {
            self.set_slot(base + 1, v.raw());
            return Ok(());
        }
        let top = self.sp();
        self.push_word(0)?;
        let mut i = top;
        while i > base + 1 {
            let w = self.slot(i - 1);
            self.set_slot(i, w);
            i -= 1;
        }
        self.set_slot(base + 1, v.raw());
        Ok(())
    }

    /// Counts a native (Rust) call level against the recursion limit.
    #[inline]
    pub fn enter_native(&mut self) -> PyResult<()> {
        self.rust_depth += 1;
        if self.rust_depth + self.st().frames.len() > self.recursion_limit {
            self.rust_depth -= 1;
            return Err(self.new_error(
                T::RecursionError,
                "maximum recursion depth exceeded while calling a Python object",
            ));
        }
        Ok(())
    }

    fn check_descriptor_self(
        &mut self,
        d: Value,
        start: usize,
        npos: usize,
        name: &str,
    ) -> PyResult<()> {
        let owner = self.ldv1(d, bf::SELF);
        let on = self.type_name_str(owner);
        if npos == 0 {
            return Err(crate::raise!(
                self,
                TypeError,
                "descriptor '{name}' of '{on}' object needs an argument"
            ));
        }
        let s = Value::from_raw_nonnull(self.slot(start));
        let is_class = self.is_exact(d, T::ClassMethodDescriptor);
        let ok = if is_class {
            self.is_type(s) && self.is_subtype(s, owner)
        } else {
            let st = self.type_of(s);
            self.is_subtype(st, owner)
        };
        if !ok {
            let tn = if is_class && self.is_type(s) {
                self.type_name_str(s)
            } else {
                self.type_name(s)
            };
            return Err(crate::raise!(
                self,
                TypeError,
                "descriptor '{name}' for '{on}' objects doesn't apply to a '{tn}' object"
            ));
        }
        Ok(())
    }

    /// Pushes a call region `[f][NULL][args...]` and calls it.
    pub fn call(&mut self, f: Value, args: &[Value]) -> PyResult<Value> {
        let base = self.sp();
        self.ensure_stack(args.len() + 2)?;
        self.push_unchecked(f.raw());
        self.push_unchecked(0);
        for a in args {
            self.push_unchecked(a.raw());
        }
        self.call_at(base, args.len(), 0)
    }

    /// `f()`.
    pub fn call0(&mut self, f: Value) -> PyResult<Value> {
        self.call(f, &[])
    }

    /// `f(a)`.
    pub fn call1(&mut self, f: Value, a: Value) -> PyResult<Value> {
        self.call(f, &[a])
    }

    /// `f(a, b)`.
    pub fn call2(&mut self, f: Value, a: Value, b: Value) -> PyResult<Value> {
        self.call(f, &[a, b])
    }

    /// Calls `meth` (an unbound method or any callable) with `self_` as first argument.
    pub fn call_method_value(
        &mut self,
        meth: Value,
        self_: Value,
        args: &[Value],
    ) -> PyResult<Value> {
        let base = self.sp();
        self.ensure_stack(args.len() + 2)?;
        self.push_unchecked(meth.raw());
        self.push_unchecked(self_.raw());
        for a in args {
            self.push_unchecked(a.raw());
        }
        self.call_at(base, args.len(), 0)
    }

    /// `obj.name(*args)` (without creating a bound method when possible).
    pub fn call_method(&mut self, obj: Value, name: Name, args: &[Value]) -> PyResult<Value> {
        let base = self.sp();
        self.ensure_stack(args.len() + 2)?;
        self.push_unchecked(obj.raw());
        self.push_unchecked(0);
        for a in args {
            self.push_unchecked(a.raw());
        }
        let r = self.load_method_at(base, name);
        if let Err(e) = r {
            self.truncate(base);
            return Err(e);
        }
        self.call_at(base, args.len(), 0)
    }

    /// LOAD_METHOD on the object in slot `base`: leaves `[meth][obj]` or `[attr][NULL]` in
    /// slots `base`, `base + 1`.
    pub fn load_method_at(&mut self, base: usize, name: Name) -> PyResult<()> {
        let obj = Value::from_raw_nonnull(self.slot(base));
        let ty = self.type_of(obj);
        if self.type_flags(ty) & (tf::CUSTOM_GETATTRIBUTE) == 0
            && !matches!(self.type_kind(ty), Kind::Type | Kind::Super)
            && let Some(d) = self.type_lookup(ty, name)
        {
            let dc = self.descr_class(d);
            if matches!(
                dc,
                crate::runtime::attr::DescrClass::Function
                    | crate::runtime::attr::DescrClass::BuiltinMethod
            ) && !self.is_exact(d, T::ClassMethodDescriptor)
                && self.own_attr(obj, name).is_none()
            {
                self.set_slot(base, d.raw());
                self.set_slot(base + 1, obj.raw());
                return Ok(());
            }
        }
        let v = self.getattr(obj, name)?;
        self.set_slot(base, v.raw());
        self.set_slot(base + 1, 0);
        Ok(())
    }

    /// Calls the special method `name` of `type(v)` with `v` alone; `None` if the type has
    /// no such method.
    pub fn call_special0(&mut self, v: Value, name: Name) -> PyResult<Option<Value>> {
        match self.special_of(v, name) {
            None => Ok(None),
            Some(m) => self.call_special_found(m, v, &[]).map(Some),
        }
    }

    /// Calls the special method `name` of `type(v)` with `v` and `a`.
    pub fn call_special1(&mut self, v: Value, name: Name, a: Value) -> PyResult<Option<Value>> {
        match self.special_of(v, name) {
            None => Ok(None),
            Some(m) => self.call_special_found(m, v, &[a]).map(Some),
        }
    }

    /// Calls a special method found on the type, binding it like attribute access would
    /// (functions and method descriptors get `v` prepended; other descriptors are bound
    /// through `__get__` first).
    pub fn call_special_found(&mut self, m: Value, v: Value, args: &[Value]) -> PyResult<Value> {
        match self.kind(m) {
            Kind::Function => self.call_method_value(m, v, args),
            Kind::Builtin
                if self.is_exact(m, T::MethodDescriptor)
                    || self.is_exact(m, T::WrapperDescriptor) =>
            {
                self.call_method_value(m, v, args)
            }
            _ => {
                let base = self.sp();
                self.push_root(v)?;
                for a in args {
                    self.push_root(*a)?;
                }
                let dc = self.descr_class(m);
                let v = Value::from_raw_nonnull(self.slot(base));
                let ty = self.type_of(v);
                let bound = self.descr_get(m, dc, Some(v), ty);
                let bound = match bound {
                    Ok(b) => b,
                    Err(e) => {
                        self.truncate(base);
                        return Err(e);
                    }
                };
                // Reuse the region: [bound][NULL][args...]
                self.set_slot(base, bound.raw());
                let n = args.len();
                self.push_word(0)?;
                let mut i = self.sp() - 1;
                while i > base + 1 {
                    let w = self.slot(i - 1);
                    self.set_slot(i, w);
                    i -= 1;
                }
                self.set_slot(base + 1, 0);
                self.call_at(base, n, 0)
            }
        }
    }

    // ----- Python functions ----------------------------------------------------------------

    /// Calls the Python function in slot `base` from Rust: binds the arguments into a new
    /// frame above them and runs it to completion (or creates the generator).
    fn call_function_rust(
        &mut self,
        base: usize,
        start: usize,
        nargs: usize,
        nkw: usize,
    ) -> PyResult<Value> {
        let func = Value::from_raw_nonnull(self.slot(base));
        let code = self.func_code_rt(func);
        // SAFETY: the code object is kept alive by the function in slot `base`.
        let co = unsafe { &*code };
        let kwnames = if nkw > 0 {
            Some(Value::from_raw_nonnull(self.slot(start + nargs)))
        } else {
            None
        };
        let frame_base = self.sp();
        self.reserve_frame(co)?;
        self.bind_args(func, co, start, nargs - nkw, nkw, kwnames, frame_base)?;
        if co.flags_resumable {
            return self.make_generator(base, frame_base);
        }
        self.push_frame(
            code,
            base,
            frame_base,
            base,
            crate::runtime::roots::ff::ENTRY,
        )?;
        self.run_frames()
    }

    /// Reserves and NULL-fills `nlocalsplus` slots at the top of the stack for a new frame,
    /// checking room for its value stack too.
    pub fn reserve_frame(&mut self, co: &crate::objects::code::CodeRt) -> PyResult<()> {
        let need = co.nlocalsplus + co.max_stack + crate::runtime::roots::STACK_SLACK;
        self.ensure_stack(need)?;
        for _ in 0..co.nlocalsplus {
            self.push_unchecked(0);
        }
        Ok(())
    }

    /// Binds `npos` positional arguments at stack `start` and `nkw` keyword arguments after
    /// them (names in `kwnames`) to the parameters of `func`, writing the localsplus slots at
    /// `locals` (already NULL-filled). CPython 3.11's `initialize_locals`, messages included.
    #[allow(clippy::too_many_arguments)]
    pub fn bind_args(
        &mut self,
        func: Value,
        co: &crate::objects::code::CodeRt,
        start: usize,
        npos: usize,
        nkw: usize,
        kwnames: Option<Value>,
        locals: usize,
    ) -> PyResult<()> {
        let mark = self.sp();
        let fr = self.push_root(func)?;
        let kr = self.push_opt(kwnames)?;
        let r = self.bind_args_inner(fr, co, start, npos, nkw, kr, locals);
        self.truncate(mark);
        r
    }

    #[allow(clippy::too_many_arguments)]
    fn bind_args_inner(
        &mut self,
        fr: Root,
        co: &crate::objects::code::CodeRt,
        start: usize,
        npos: usize,
        nkw: usize,
        kr: Root,
        locals: usize,
    ) -> PyResult<()> {
        let argcount = co.argcount;
        let total = argcount + co.kwonlyargcount;
        let has_varargs = co.has_varargs;
        let has_varkw = co.has_varkw;
        let kwdict_slot = if has_varkw {
            let d = self.new_dict()?;
            let slot = locals + total + has_varargs as usize;
            self.set_slot(slot, d.raw());
            Some(slot)
        } else {
            None
        };
        // Fast exit for the common exact case.
        if nkw == 0 && npos == argcount && !has_varargs && !has_varkw && co.kwonlyargcount == 0 {
            for i in 0..npos {
                let w = self.slot(start + i);
                self.set_slot(locals + i, w);
            }
            return Ok(());
        }
        let n = npos.min(argcount);
        for i in 0..n {
            let w = self.slot(start + i);
            self.set_slot(locals + i, w);
        }
        if has_varargs {
            let t = if npos > n {
                self.tuple_from_slots(start + n, npos - n)?
            } else {
                self.c(C::EmptyTuple)
            };
            self.set_slot(locals + total, t.raw());
        }
        for j in 0..nkw {
            let names = self.get(kr);
            let key = self.tuple_get(names, j);
            let val = self.slot(start + npos + j);
            let mut found = None;
            for (i, pname) in co.varnames[co.posonlyargcount..total]
                .iter()
                .map(|c| c.get())
                .enumerate()
            {
                let pn = Value::from_raw_nonnull(pname);
                if pn == key || (self.is_str(key) && self.str_eq(pn, key)) {
                    found = Some(i + co.posonlyargcount);
                    break;
                }
            }
            match found {
                Some(i) => {
                    if self.slot(locals + i) != 0 {
                        let q = self.func_qualname_text(self.get(fr));
                        let k = self.str_string(key);
                        return Err(crate::raise!(
                            self,
                            TypeError,
                            "{q}() got multiple values for argument '{k}'"
                        ));
                    }
                    self.set_slot(locals + i, val);
                }
                None => {
                    if let Some(ds) = kwdict_slot {
                        let d = Value::from_raw_nonnull(self.slot(ds));
                        let v = Value::from_raw_nonnull(val);
                        self.dict_set_item(d, key, v)?;
                        continue;
                    }
                    // Positional-only parameters passed by keyword?
                    let mut posonly_names = Vec::new();
                    for jj in 0..nkw {
                        let names = self.get(kr);
                        let k2 = self.tuple_get(names, jj);
                        for pname in co.varnames[..co.posonlyargcount].iter().map(|c| c.get()) {
                            let pn = Value::from_raw_nonnull(pname);
                            if pn == k2 || (self.is_str(k2) && self.str_eq(pn, k2)) {
                                posonly_names.push(self.str_string(k2));
                            }
                        }
                    }
                    let q = self.func_qualname_text(self.get(fr));
                    if !posonly_names.is_empty() {
                        return Err(crate::raise!(
                            self,
                            TypeError,
                            "{q}() got some positional-only arguments passed as keyword arguments: '{}'",
                            posonly_names.join(", ")
                        ));
                    }
                    let k = self.str_string(key);
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "{q}() got an unexpected keyword argument '{k}'"
                    ));
                }
            }
        }
        let func = self.get(fr);
        let defaults = self.ldv(func, func_::DEFAULTS);
        if npos > argcount && !has_varargs {
            let kwonly_given = (argcount..total)
                .filter(|&i| self.slot(locals + i) != 0)
                .count();
            let defcount = defaults.map_or(0, |d| self.tuple_len(d));
            let (sig, plural) = if defcount > 0 {
                (
                    format!("from {} to {}", argcount - defcount, argcount),
                    true,
                )
            } else {
                (format!("{argcount}"), argcount != 1)
            };
            let kwonly_sig = if kwonly_given > 0 {
                format!(
                    " positional argument{} (and {} keyword-only argument{})",
                    if npos != 1 { "s" } else { "" },
                    kwonly_given,
                    if kwonly_given != 1 { "s" } else { "" }
                )
            } else {
                String::new()
            };
            let q = self.func_qualname_text(func);
            return Err(crate::raise!(
                self,
                TypeError,
                "{q}() takes {sig} positional argument{} but {npos}{kwonly_sig} {} given",
                if plural { "s" } else { "" },
                if npos == 1 && kwonly_given == 0 {
                    "was"
                } else {
                    "were"
                }
            ));
        }
        if npos < argcount {
            let defcount = defaults.map_or(0, |d| self.tuple_len(d));
            let m = argcount - defcount;
            let missing: Vec<usize> = (npos..m).filter(|&i| self.slot(locals + i) == 0).collect();
            if !missing.is_empty() {
                return Err(self.missing_arguments(fr, co, &missing, "positional"));
            }
            if let Some(d) = defaults {
                for i in npos.max(m)..argcount {
                    if self.slot(locals + i) == 0 {
                        let w = self.tuple_get(d, i - m).raw();
                        self.set_slot(locals + i, w);
                    }
                }
            }
        }
        if co.kwonlyargcount > 0 {
            let mut missing = Vec::new();
            for i in argcount..total {
                if self.slot(locals + i) != 0 {
                    continue;
                }
                let func = self.get(fr);
                let kwd = self.ldv(func, func_::KWDEFAULTS);
                let name = Value::from_raw_nonnull(co.varnames[i].get());
                let dv = match kwd {
                    Some(kd) => self.dict_get_str(kd, name),
                    None => None,
                };
                match dv {
                    Some(v) => self.set_slot(locals + i, v.raw()),
                    None => missing.push(i),
                }
            }
            if !missing.is_empty() {
                return Err(self.missing_arguments(fr, co, &missing, "keyword-only"));
            }
        }
        Ok(())
    }

    fn missing_arguments(
        &mut self,
        fr: Root,
        co: &crate::objects::code::CodeRt,
        missing: &[usize],
        kind: &str,
    ) -> crate::runtime::errors::PyErr {
        let names: Vec<String> = missing
            .iter()
            .map(|&i| {
                crate::bytecode::PyStr::new(
                    &self.str_string(Value::from_raw_nonnull(co.varnames[i].get())),
                )
                .repr()
            })
            .collect();
        let list = match names.len() {
            1 => names[0].clone(),
            2 => format!("{} and {}", names[0], names[1]),
            _ => format!(
                "{}, and {}",
                names[..names.len() - 1].join(", "),
                names[names.len() - 1]
            ),
        };
        let q = self.func_qualname_text(self.get(fr));
        crate::raise!(
            self,
            TypeError,
            "{q}() missing {} required {kind} argument{}: {list}",
            names.len(),
            if names.len() == 1 { "" } else { "s" }
        )
    }

    // ----- types -----------------------------------------------------------------------------

    /// Calls the type in slot `base` (instantiation, or a metaclass `__call__`).
    pub fn call_type(&mut self, base: usize, nargs: usize, nkw: usize) -> PyResult<Value> {
        let ty = Value::from_raw_nonnull(self.slot(base));
        let self_slot = self.slot(base + 1);
        let meta = self.type_of(ty);
        if meta != self.ty(T::Type) {
            let call = self.lookup_special(meta, n::CALL);
            if let Some(c) = call
                && self.kind(c) != Kind::Builtin
            {
                self.set_slot(base, c.raw());
                self.prepend_arg(base, ty)?;
                return self.call_at_inner_public(base, nargs + (self_slot != 0) as usize, nkw);
            }
        }
        self.call_type_no_meta(base, nargs, nkw)
    }

    /// `type.__call__` proper: `__new__` then `__init__` (no metaclass `__call__` lookup).
    pub fn call_type_no_meta(&mut self, base: usize, nargs: usize, nkw: usize) -> PyResult<Value> {
        let ty = Value::from_raw_nonnull(self.slot(base));
        let self_slot = self.slot(base + 1);
        // Normalise to [ty][NULL][args...] form is not needed: the args start after the
        // (possibly non-NULL) self slot.
        let (start, total) = if self_slot != 0 {
            (base + 1, nargs + 1)
        } else {
            (base + 2, nargs)
        };
        let npos = total - nkw;
        if ty == self.ty(T::Type) && npos == 1 && nkw == 0 {
            let a = Value::from_raw_nonnull(self.slot(start));
            return Ok(self.type_of(a));
        }
        let flags = self.type_flags(ty);
        if self.type_kind(ty) == Kind::Instance && flags & tf::DEFAULT_NEW != 0 {
            if flags & tf::ABSTRACT != 0 {
                return Err(self.abstract_instantiation_error(ty));
            }
            if flags & tf::DEFAULT_INIT != 0 {
                if total > 0 {
                    let tn = self.type_name_str(ty);
                    return Err(crate::raise!(self, TypeError, "{tn}() takes no arguments"));
                }
                let tr = Root(base as u32);
                return self.new_instance(tr);
            }
            // obj = new instance; then obj.__init__(*args)
            let tr = Root(base as u32);
            let obj = self.new_instance(tr)?;
            let init = self
                .lookup_special(self.get(tr), n::INIT)
                .expect("has __init__");
            // Region [ty][self?][args..][kw?] -> [obj][init][obj][args..][kw?]
            self.set_slot(base, obj.raw());
            // insert init at base+1, obj at base+2: shift args up by 2 (or 1 if NULL slot).
            let region_end = self.sp();
            let null_self = self_slot == 0;
            let shift = if null_self { 1 } else { 2 };
            for _ in 0..shift {
                self.push_word(0)?;
            }
            let first_arg = if null_self { base + 2 } else { base + 1 };
            let mut i = region_end;
            while i > first_arg {
                i -= 1;
                let w = self.slot(i);
                self.set_slot(i + shift, w);
            }
            self.set_slot(base + 1, init.raw());
            self.set_slot(base + 2, obj.raw());
            let r = self.call_at(base + 1, total, nkw);
            let r = r?;
            if !self.is_none(r) {
                let tn = self.type_name(r);
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "__init__() should return None, not '{tn}'"
                ));
            }
            return Ok(Value::from_raw_nonnull(self.slot(base)));
        }
        // General path: obj = ty.__new__(ty, *args, **kw)
        let mark = self.sp();
        let tr = Root(base as u32);
        let new = match self.type_lookup(ty, n::NEW) {
            Some(f) => f,
            None => {
                let tn = self.type_name_str(ty);
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "cannot create '{tn}' instances"
                ));
            }
        };
        let new = if self.kind(new) == Kind::StaticMethod {
            self.staticmethod_func(new)
        } else {
            new
        };
        // Copy the arguments into a fresh region [new][ty][args..][kw?].
        let cb = self.sp();
        self.ensure_stack(total + 3)?;
        self.push_unchecked(new.raw());
        self.push_unchecked(self.get(tr).raw());
        for i in 0..total {
            let w = self.slot(start + i);
            self.push_unchecked(w);
        }
        if nkw > 0 {
            let w = self.slot(start + total);
            self.push_unchecked(w);
        }
        let obj = self.call_at(cb, total, nkw)?;
        let or = self.push_root(obj)?;
        let ty = self.get(tr);
        let ot = self.type_of(obj);
        if !self.is_subtype(ot, ty) {
            let obj = self.get(or);
            self.truncate(mark);
            return Ok(obj);
        }
        let init = self.lookup_special(ot, n::INIT);
        let obj_init = self.type_flags(ot) & tf::DEFAULT_INIT != 0;
        if let Some(init) = init
            && !obj_init
        {
            let cb = self.sp();
            self.ensure_stack(total + 3)?;
            self.push_unchecked(init.raw());
            self.push_unchecked(self.get(or).raw());
            for i in 0..total {
                let w = self.slot(start + i);
                self.push_unchecked(w);
            }
            if nkw > 0 {
                let w = self.slot(start + total);
                self.push_unchecked(w);
            }
            let r = self.call_at(cb, total, nkw)?;
            if !self.is_none(r) {
                let tn = self.type_name(r);
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "__init__() should return None, not '{tn}'"
                ));
            }
        } else if total > 0
            && self.type_kind(ot) == Kind::Instance
            && self.type_flags(ot) & tf::DEFAULT_NEW != 0
        {
            let tn = self.type_name_str(ot);
            return Err(crate::raise!(self, TypeError, "{tn}() takes no arguments"));
        }
        let obj = self.get(or);
        self.truncate(mark);
        Ok(obj)
    }

    fn call_at_inner_public(&mut self, base: usize, nargs: usize, nkw: usize) -> PyResult<Value> {
        self.call_at_inner(base, nargs, nkw)
    }

    /// `TypeError: Can't instantiate abstract class X with abstract method(s) ...`.
    pub fn abstract_instantiation_error(&mut self, ty: Value) -> crate::runtime::errors::PyErr {
        let tn = self.type_name_str(ty);
        let names = match self.type_lookup(ty, n::ABSTRACTMETHODS) {
            Some(v) => {
                let mut names: Vec<String> = Vec::new();
                if let Some(s) = self.set_items_snapshot(v) {
                    for x in s {
                        if self.is_str(x) {
                            names.push(self.str_string(x));
                        }
                    }
                }
                names.sort();
                names
            }
            None => Vec::new(),
        };
        crate::raise!(
            self,
            TypeError,
            "Can't instantiate abstract class {tn} with abstract method{} {}",
            if names.len() == 1 { "" } else { "s" },
            names.join(", ")
        )
    }
}

impl Vm {
    /// Calls `f` with the arguments of a builtin call (positional from `skip` on, and the
    /// keyword arguments), building a fresh call region.
    pub fn call_forward(&mut self, f: Value, args: Args, skip: usize) -> PyResult<Value> {
        let base = self.sp();
        let npos = args.len().saturating_sub(skip);
        let nkw = args.nkw as usize;
        self.ensure_stack(npos + nkw + 3)?;
        self.push_unchecked(f.raw());
        self.push_unchecked(0);
        for i in 0..npos {
            let w = self.slot(args.start as usize + skip + i);
            self.push_unchecked(w);
        }
        for j in 0..nkw {
            let w = self.slot(args.start as usize + args.npos as usize + j);
            self.push_unchecked(w);
        }
        if nkw > 0 {
            let w = self.slot(args.kwnames as usize);
            self.push_unchecked(w);
        }
        self.call_at(base, npos + nkw, nkw)
    }

    /// Like [`Vm::call_forward`] with an extra first argument `first`.
    pub fn call_forward_with(
        &mut self,
        f: Value,
        first: Value,
        args: Args,
        skip: usize,
    ) -> PyResult<Value> {
        let base = self.sp();
        let npos = args.len().saturating_sub(skip);
        let nkw = args.nkw as usize;
        self.ensure_stack(npos + nkw + 4)?;
        self.push_unchecked(f.raw());
        self.push_unchecked(first.raw());
        for i in 0..npos {
            let w = self.slot(args.start as usize + skip + i);
            self.push_unchecked(w);
        }
        for j in 0..nkw {
            let w = self.slot(args.start as usize + args.npos as usize + j);
            self.push_unchecked(w);
        }
        if nkw > 0 {
            let w = self.slot(args.kwnames as usize);
            self.push_unchecked(w);
        }
        self.call_at(base, npos + nkw, nkw)
    }
}
