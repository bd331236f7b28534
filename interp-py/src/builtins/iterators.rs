//! Constructors of the builtin iterator types (`enumerate`, `zip`, `map`, `filter`,
//! `reversed`) and the `iter`/`next`/`aiter`/`anext` builtins. The `__next__` logic lives
//! in `objects::iter`; the layouts are documented there.

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::obj_;
use crate::runtime::names::n;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// The `__new__` of the builtin iterator type `t` (empty for types without one).
pub fn iter_ctor(t: T) -> &'static [MethodDef] {
    static ENUMERATE: &[MethodDef] = &[func("__new__", enumerate_new)];
    static ZIP: &[MethodDef] = &[func("__new__", zip_new)];
    static MAP: &[MethodDef] = &[func("__new__", map_new)];
    static FILTER: &[MethodDef] = &[func("__new__", filter_new)];
    static REVERSED: &[MethodDef] = &[func("__new__", reversed_new)];
    match t {
        T::Enumerate => ENUMERATE,
        T::Zip => ZIP,
        T::Map => MAP,
        T::Filter => FILTER,
        T::Reversed => REVERSED,
        _ => &[],
    }
}

/// Allocates an `obj[3][0]` iterator `[type][a][b]` of builtin kind `kind` for the class in
/// root `cls` (wrapping it for user subclasses).
fn new3(vm: &mut Vm, cls: Root, t: T, kind: Kind, a: Root, b: Root) -> PyResult<Value> {
    let it = vm.alloc_t(vm.lay.obj[3][0], t)?;
    let (av, bv) = (vm.get_opt(a), vm.get_opt(b));
    vm.init_field(it, obj_::A, av);
    vm.init_field(it, obj_::B, bv);
    vm.wrap_native_instance(cls, it, kind)
}

fn enumerate_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "enumerate",
        params: &["cls", "iterable", "start"],
        posonly: 1,
        kwonly: 3,
        required: 1,
    };
    let [cls, iterable, start] = vm.bind::<3>(args, &SIG)?;
    let cls = cls.expect("cls");
    let Some(iterable) = iterable else {
        return Err(vm.type_error("enumerate() missing required argument 'iterable'"));
    };
    let it = vm.get_iter(vm.get(iterable))?;
    let ir = vm.push_root(it)?;
    let count = match start {
        Some(s) => {
            let s = vm.get(s);
            vm.index_value(s)?
        }
        None => Value::small(0),
    };
    let cr = vm.push_root(count)?;
    new3(vm, cls, T::Enumerate, Kind::Enumerate, ir, cr)
}

fn zip_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.root(0);
    let mut strict = false;
    for j in 0..args.nkw as usize {
        let (k, vr) = args.kw(vm, j);
        if vm.str_eq_text(k, "strict") {
            strict = vm.truthy(vm.get(vr))?;
        } else {
            let kn = vm.str_string(k);
            return Err(crate::raise!(
                vm,
                TypeError,
                "'{kn}' is an invalid keyword argument for zip()"
            ));
        }
    }
    let mark = vm.sp();
    for i in 1..args.len() {
        let it = vm.get_iter(args.get(vm, i))?;
        vm.push_root(it)?;
    }
    let iters = vm.pack_tuple(mark)?;
    let tr = vm.push_root(iters)?;
    let z = vm.alloc_t(vm.lay.obj[2][1], T::Zip)?;
    let iters = vm.get(tr);
    vm.init_field(z, obj_::A, Some(iters));
    vm.st_scalar::<u64>(z, obj_::x(2), strict as u64);
    vm.wrap_native_instance(cls, z, Kind::Zip)
}

fn map_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("map() takes no keyword arguments"));
    }
    if args.len() < 3 {
        return Err(vm.type_error("map() must have at least two arguments."));
    }
    let mark = vm.sp();
    for i in 2..args.len() {
        let it = vm.get_iter(args.get(vm, i))?;
        vm.push_root(it)?;
    }
    let iters = vm.pack_tuple(mark)?;
    let tr = vm.push_root(iters)?;
    new3(vm, args.root(0), T::Map, Kind::Map, args.root(1), tr)
}

fn filter_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("filter() takes no keyword arguments"));
    }
    if args.len() != 3 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "filter expected 2 arguments, got {}",
            args.len() - 1
        ));
    }
    let it = vm.get_iter(args.get(vm, 2))?;
    let ir = vm.push_root(it)?;
    new3(vm, args.root(0), T::Filter, Kind::Filter, args.root(1), ir)
}

fn reversed_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("reversed() takes no keyword arguments"));
    }
    if args.len() != 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "reversed expected 1 argument, got {}",
            args.len() - 1
        ));
    }
    let cls = args.root(0);
    let seq = args.get(vm, 1);
    let exact = vm.get(cls) == vm.ty(T::Reversed);
    if exact && let Some(m) = vm.special_of(seq, n::REVERSED) {
        if vm.is_none(m) {
            let tn = vm.type_name(seq);
            return Err(crate::raise!(
                vm,
                TypeError,
                "'{tn}' object is not reversible"
            ));
        }
        return vm.call_special_found(m, seq, &[]);
    }
    let ty = vm.type_of(seq);
    let has_getitem = vm.lookup_special(ty, n::GETITEM).is_some();
    let has_len = vm.lookup_special(ty, n::LEN).is_some();
    if !has_getitem || !has_len || vm.type_kind(ty) == Kind::Dict {
        let tn = vm.type_name(seq);
        return Err(crate::raise!(
            vm,
            TypeError,
            "'{tn}' object is not reversible"
        ));
    }
    let len = vm.len(seq)?;
    let it = vm.alloc_t(vm.lay.obj[2][1], T::Reversed)?;
    let seq = args.get(vm, 1);
    vm.init_field(it, obj_::A, Some(seq));
    vm.st_scalar::<u64>(it, obj_::x(2), len as u64);
    vm.wrap_native_instance(cls, it, Kind::Reversed)
}

/// `iter(obj)` / `iter(callable, sentinel)`.
pub fn builtin_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "iter")?;
    match args.len() {
        0 => Err(vm.type_error("iter expected at least 1 argument, got 0")),
        1 => vm.get_iter(args.get(vm, 0)),
        2 => {
            let f = args.get(vm, 0);
            if !vm.is_callable(f) {
                return Err(vm.type_error("iter(v, w): v must be callable"));
            }
            let it = vm.alloc_t(vm.lay.obj[3][0], T::CallableIter)?;
            let (f, s) = (args.get(vm, 0), args.get(vm, 1));
            vm.init_field(it, obj_::A, Some(f));
            vm.init_field(it, obj_::B, Some(s));
            Ok(it)
        }
        k => Err(crate::raise!(
            vm,
            TypeError,
            "iter expected at most 2 arguments, got {k}"
        )),
    }
}

/// `next(iterator[, default])`.
pub fn builtin_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "next")?;
    match args.len() {
        0 => return Err(vm.type_error("next expected at least 1 argument, got 0")),
        1 | 2 => {}
        k => {
            return Err(crate::raise!(
                vm,
                TypeError,
                "next expected at most 2 arguments, got {k}"
            ));
        }
    }
    let it = args.get(vm, 0);
    let ty = vm.type_of(it);
    if !vm.is_iterator_type(ty) {
        let tn = vm.type_name(it);
        return Err(crate::raise!(
            vm,
            TypeError,
            "'{tn}' object is not an iterator"
        ));
    }
    if args.len() == 1 {
        // Keep StopIteration's value (generators returning a value).
        return match vm.iter_next_raising(it)? {
            Some(v) => Ok(v),
            None => Err(vm.stop_iteration()),
        };
    }
    match vm.iter_next(it) {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Ok(args.get(vm, 1)),
        Err(e) if vm.err_matches(&e, T::StopIteration) => {
            let _ = vm.take_exc(e);
            Ok(args.get(vm, 1))
        }
        Err(e) => Err(e),
    }
}

/// `aiter(async_iterable)`.
pub fn builtin_aiter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "aiter", 1, 1)?;
    let v = args.get(vm, 0);
    match vm.special_of(v, n::AITER) {
        Some(m) => vm.call_special_found(m, v, &[]),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "'{tn}' object is not an async iterable"
            ))
        }
    }
}

/// `anext(async_iterator[, default])` (the default variant returns an awaitable that
/// yields the default on `StopAsyncIteration`).
pub fn builtin_anext(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "anext")?;
    if args.is_empty() || args.len() > 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "anext expected 1 or 2 arguments, got {}",
            args.len()
        ));
    }
    let v = args.get(vm, 0);
    let aw = match vm.special_of(v, n::ANEXT) {
        Some(m) => vm.call_special_found(m, v, &[])?,
        None => {
            let tn = vm.type_name(v);
            return Err(crate::raise!(
                vm,
                TypeError,
                "'{tn}' object is not an async iterator"
            ));
        }
    };
    if args.len() == 1 {
        return Ok(aw);
    }
    let _ = aw;
    Err(vm.new_error(
        T::NotImplementedError,
        "anext() with a default value is not supported yet",
    ))
}
