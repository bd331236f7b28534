//! `object` (the root of every class), the singletons `None`, `NotImplemented`,
//! `Ellipsis`, weak references, `types.SimpleNamespace` and `types.GenericAlias`.

use crate::objects::builtin_func::{GetSetDef, MethodDef, classmeth, func, getter, meth};
use crate::runtime::builtin_types::{Kind, T, tf};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{inst_, obj_, weak_};
use crate::runtime::names::n;
use crate::runtime::roots::{C, Root};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// `<module.Name object at 0x...>`.
pub fn default_repr(vm: &mut Vm, v: Value) -> PyResult<Value> {
    let ty = vm.type_of(v);
    let qual = vm.type_qualname_str(ty);
    let module = vm.type_module_name(ty);
    let id = vm.object_id_value(v);
    let s = match module {
        Some(m) if m != "builtins" => format!("<{m}.{qual} object at {id:#x}>"),
        _ => format!("<{qual} object at {id:#x}>"),
    };
    vm.new_str(&s)
}

impl Vm {
    /// `id(v)`.
    pub fn object_id_value(&mut self, v: Value) -> u64 {
        if v.is_small() {
            // Small ints have no address: a stable synthetic id (CPython caches -5..256).
            return 0x7000_0000_0000u64.wrapping_add((v.small_value() as u64).wrapping_mul(32));
        }
        self.heap.object_id(v.gc())
    }

    /// `ty.__module__` as text.
    pub fn type_module_name(&mut self, ty: Value) -> Option<String> {
        let d = self.type_dict(ty);
        let m = self.dict_get_name(d, n::MODULE)?;
        if self.is_str(m) {
            Some(self.str_string(m))
        } else {
            None
        }
    }

    /// Returns `value` for an exact builtin `cls`, or wraps it as the payload of a new
    /// instance of the user subclass `cls` (rooted in `cls`).
    pub fn wrap_native_instance(&mut self, cls: Root, value: Value, kind: Kind) -> PyResult<Value> {
        let c = self.get(cls);
        if self.type_kind(c) == kind || !self.type_has(c, tf::NATIVE_PAYLOAD) {
            return Ok(value);
        }
        let mark = self.sp();
        let vr = self.push_root(value)?;
        let obj = self.new_instance(cls)?;
        let v = self.get(vr);
        self.set_inst_slot(obj, 0, Some(v));
        self.truncate(mark);
        Ok(obj)
    }
}

/// `object.__hash__`: identity.
pub fn object_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let h = vm.identity_hash(v);
    vm.new_int(h)
}

/// `object.__str__`: `repr(self)`.
pub fn object_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    vm.repr(v)
}

fn object_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    default_repr(vm, v)
}

fn excess(args: Args) -> bool {
    args.len() > 1 || args.has_kw()
}

fn object_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.is_empty() {
        return Err(vm.type_error("object.__new__(): not enough arguments"));
    }
    let cls = args.get(vm, 0);
    if !vm.is_type(cls) {
        let tn = vm.type_name(cls);
        return Err(crate::raise!(
            vm,
            TypeError,
            "object.__new__(X): X is not a type object ({tn})"
        ));
    }
    let flags = vm.type_flags(cls);
    if excess(args) {
        if flags & tf::DEFAULT_NEW == 0 {
            return Err(vm.type_error(
                "object.__new__() takes exactly one argument (the type to instantiate)",
            ));
        }
        if flags & tf::DEFAULT_INIT != 0 {
            let tn = vm.type_name_str(cls);
            return Err(crate::raise!(vm, TypeError, "{tn}() takes no arguments"));
        }
    }
    if vm.type_kind(cls) != Kind::Instance {
        let tn = vm.type_name_str(cls);
        return Err(crate::raise!(
            vm,
            TypeError,
            "object.__new__({tn}) is not safe, use {tn}.__new__()"
        ));
    }
    if flags & tf::ABSTRACT != 0 {
        return Err(vm.abstract_instantiation_error(cls));
    }
    vm.new_instance(args.root(0))
}

fn object_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if excess(args) {
        let s = args.get(vm, 0);
        let ty = vm.type_of(s);
        let flags = vm.type_flags(ty);
        if flags & tf::DEFAULT_INIT == 0 {
            return Err(vm.type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
        if flags & tf::DEFAULT_NEW != 0 {
            let tn = vm.type_name_str(ty);
            return Err(crate::raise!(vm, TypeError, "{tn}() takes no arguments"));
        }
    }
    Ok(vm.none())
}

fn object_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "object.__eq__", 2, 2)?;
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    Ok(if a == b {
        vm.bool_val(true)
    } else {
        vm.not_implemented()
    })
}

fn object_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "object.__ne__", 2, 2)?;
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    let r = vm.rich_compare_eq_method(a, b)?;
    if r == vm.not_implemented() {
        return Ok(r);
    }
    let t = vm.truthy(r)?;
    Ok(vm.bool_val(!t))
}

fn object_notimpl(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.not_implemented())
}

fn name_arg(vm: &mut Vm, args: Args, i: usize) -> PyResult<crate::runtime::names::Name> {
    let v = args.get(vm, i);
    match vm.as_str_obj(v) {
        Some(s) => Ok(vm.intern_value(s)),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "attribute name must be string, not '{tn}'"
            ))
        }
    }
}

fn object_getattribute(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "object.__getattribute__", 2, 2)?;
    let name = name_arg(vm, args, 1)?;
    let obj = args.get(vm, 0);
    let r = match vm.kind(obj) {
        Kind::Type => vm.type_getattr(obj, name)?,
        Kind::Module => vm.module_getattr(obj, name)?,
        _ => vm.generic_getattr(obj, name)?,
    };
    match r {
        Some(v) => Ok(v),
        None => {
            let obj = args.get(vm, 0);
            Err(vm.attribute_error(obj, name))
        }
    }
}

fn object_setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "object.__setattr__", 3, 3)?;
    let name = name_arg(vm, args, 1)?;
    let (obj, v) = (args.get(vm, 0), args.get(vm, 2));
    if vm.kind(obj) == Kind::Type {
        vm.type_setattr(obj, name, Some(v))?;
    } else {
        vm.generic_setattr(obj, name, Some(v))?;
    }
    Ok(vm.none())
}

fn object_delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "object.__delattr__", 2, 2)?;
    let name = name_arg(vm, args, 1)?;
    let obj = args.get(vm, 0);
    if vm.kind(obj) == Kind::Type {
        vm.type_setattr(obj, name, None)?;
    } else {
        vm.generic_setattr(obj, name, None)?;
    }
    Ok(vm.none())
}

fn object_format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "object.__format__", 2, 2)?;
    let spec = args.get(vm, 1);
    let Some(spec) = vm.as_str_obj(spec) else {
        let tn = vm.type_name(spec);
        return Err(crate::raise!(
            vm,
            TypeError,
            "__format__() argument must be str, not {tn}"
        ));
    };
    if vm.str_len(spec) > 0 {
        let tn = vm.type_name(args.get(vm, 0));
        return Err(crate::raise!(
            vm,
            TypeError,
            "unsupported format string passed to {tn}.__format__"
        ));
    }
    let v = args.get(vm, 0);
    vm.str_of(v)
}

fn object_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mark = vm.sp();
    let set = vm.new_dict()?;
    let sr = vm.push_root(set)?;
    if let Some(d) = vm.object_dict(args.get(vm, 0))?
        && vm.is_dict(d)
    {
        let dr = vm.push_root(d)?;
        vm.dict_merge(sr, dr)?;
    }
    let obj = args.get(vm, 0);
    let _ = obj;
    let ty = vm.type_of(args.get(vm, 0));
    let mro = vm.type_mro(ty);
    let mr = vm.push_root(mro)?;
    for i in 0..vm.tuple_len(mro) {
        let t = vm.tuple_get(vm.get(mr), i);
        let d = vm.type_dict(t);
        let dr = vm.push_root(d)?;
        vm.dict_merge(sr, dr)?;
        vm.truncate(dr.index());
    }
    let keys = vm.dict_keys_list(vm.get(sr))?;
    vm.truncate(mark);
    Ok(keys)
}

fn object_init_subclass(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        let cls = args.get(vm, 0);
        let tn = if vm.is_type(cls) {
            vm.type_name_str(cls)
        } else {
            "object".into()
        };
        return Err(crate::raise!(
            vm,
            TypeError,
            "{tn}.__init_subclass__() takes no keyword arguments"
        ));
    }
    Ok(vm.none())
}

fn object_subclasshook(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.not_implemented())
}

fn object_sizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let n = if v.is_small() {
        28
    } else {
        vm.heap.size_of(v.gc())
    };
    vm.new_usize(n)
}

fn get_class(vm: &mut Vm, v: Value) -> PyResult<Value> {
    Ok(vm.type_of(v))
}

fn set_class(vm: &mut Vm, v: Value, new: Option<Value>) -> PyResult<()> {
    let Some(new) = new else {
        return Err(vm.type_error("can't delete __class__ attribute"));
    };
    if !vm.is_type(new) {
        let tn = vm.type_name(new);
        return Err(crate::raise!(
            vm,
            TypeError,
            "__class__ must be set to a class, not '{tn}' object"
        ));
    }
    let old = vm.type_of(v);
    let compatible = vm.is_instance_layout(v)
        && vm.type_has(old, tf::HEAPTYPE)
        && vm.type_has(new, tf::HEAPTYPE)
        && vm.type_kind(new) == Kind::Instance
        && vm.type_nslots(old) == vm.type_nslots(new)
        && vm.type_native(old) == vm.type_native(new);
    if !compatible {
        let (on, nn) = (vm.type_name_str(old), vm.type_name_str(new));
        if !vm.type_has(old, tf::HEAPTYPE) || !vm.type_has(new, tf::HEAPTYPE) {
            return Err(crate::raise!(
                vm,
                TypeError,
                "__class__ assignment only supported for mutable types or ModuleType subclasses"
            ));
        }
        return Err(crate::raise!(
            vm,
            TypeError,
            "__class__ assignment: '{nn}' object layout differs from '{on}'"
        ));
    }
    // Attributes: switch to dict mode so the new type's root map does not matter.
    vm.inst_to_dict_mode(v)?;
    vm.st_field(v, crate::runtime::layout::OFF_TYPE, Some(new));
    let _ = inst_::MAP;
    Ok(())
}

/// `object` methods.
pub static OBJECT_METHODS: &[MethodDef] = &[
    func("__new__", object_new),
    meth("__init__", object_init),
    meth("__repr__", object_repr),
    meth("__str__", object_str),
    meth("__hash__", object_hash),
    meth("__eq__", object_eq),
    meth("__ne__", object_ne),
    meth("__lt__", object_notimpl),
    meth("__le__", object_notimpl),
    meth("__gt__", object_notimpl),
    meth("__ge__", object_notimpl),
    meth("__getattribute__", object_getattribute),
    meth("__setattr__", object_setattr),
    meth("__delattr__", object_delattr),
    meth("__format__", object_format),
    meth("__dir__", object_dir),
    classmeth("__init_subclass__", object_init_subclass),
    classmeth("__subclasshook__", object_subclasshook),
    meth("__sizeof__", object_sizeof),
    meth(
        "__reduce_ex__",
        crate::modules::object_reduce::object_reduce_ex,
    ),
    meth("__reduce__", crate::modules::object_reduce::object_reduce),
    meth(
        "__getstate__",
        crate::modules::object_reduce::object_getstate,
    ),
];

/// `object` attributes.
pub static OBJECT_GETSETS: &[GetSetDef] = &[GetSetDef {
    name: "__class__",
    get: get_class,
    set: Some(set_class),
    doc: "",
}];

fn none_repr(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    vm.new_str("None")
}
fn none_bool(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    Ok(vm.bool_val(false))
}
fn none_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if excess(args) {
        return Err(vm.type_error("NoneType takes no arguments"));
    }
    Ok(vm.none())
}
fn notimpl_repr(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    vm.new_str("NotImplemented")
}
fn notimpl_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if excess(args) {
        return Err(vm.type_error("NotImplementedType takes no arguments"));
    }
    Ok(vm.not_implemented())
}
fn ellipsis_repr(vm: &mut Vm, _a: Args) -> PyResult<Value> {
    vm.new_str("Ellipsis")
}
fn ellipsis_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if excess(args) {
        return Err(vm.type_error("ellipsis takes no arguments"));
    }
    Ok(vm.c(C::Ellipsis))
}

/// `NoneType` methods.
pub static NONE_METHODS: &[MethodDef] = &[
    func("__new__", none_new),
    meth("__repr__", none_repr),
    meth("__bool__", none_bool),
];
/// `NotImplementedType` methods.
pub static NOTIMPL_METHODS: &[MethodDef] =
    &[func("__new__", notimpl_new), meth("__repr__", notimpl_repr)];
/// `ellipsis` methods.
pub static ELLIPSIS_METHODS: &[MethodDef] = &[
    func("__new__", ellipsis_new),
    meth("__repr__", ellipsis_repr),
];

// ----- weak references ---------------------------------------------------------------------

fn weakref_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "ReferenceType.__new__")?;
    let n = args.len();
    if !(2..=3).contains(&n) {
        let what = if n < 2 { "at least 1" } else { "at most 2" };
        let s = if n < 2 { "" } else { "s" };
        return Err(crate::raise!(
            vm,
            TypeError,
            "__new__ expected {what} argument{s}, got {}",
            n - 1
        ));
    }
    let target = args.get(vm, 1);
    if target.is_small()
        || matches!(
            vm.kind(target),
            Kind::Int | Kind::Str | Kind::Tuple | Kind::NoneK | Kind::List | Kind::Dict
        ) && !vm.is_instance_layout(target)
    {
        let tn = vm.type_name(target);
        return Err(crate::raise!(
            vm,
            TypeError,
            "cannot create weak reference to '{tn}' object"
        ));
    }
    let c = vm.new_weak_cell(target)?;
    if let Some(cb) = args.opt(vm, 2)
        && !vm.is_none(cb)
    {
        vm.st_field(c, weak_::CALLBACK, Some(cb));
    }
    vm.wrap_native_instance(args.root(0), c, Kind::WeakRef)
}

/// The weak cell of a `weakref.ref` (or of an instance of a subclass).
pub fn weak_cell(vm: &Vm, v: Value) -> Option<Value> {
    if !v.is_small() && vm.kind(v) == Kind::WeakRef {
        return Some(v);
    }
    vm.native_payload(v, Kind::WeakRef)
}

fn weak_cell_arg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    weak_cell(vm, v)
        .ok_or_else(|| vm.type_error("descriptor requires a 'weakref.ReferenceType' object"))
}

fn weakref_init(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    // Everything happens in `__new__`; subclasses' `__init__` may take other arguments.
    Ok(vm.none())
}

fn weakref_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "weakref", 1, 1)?;
    let c = weak_cell_arg(vm, args)?;
    Ok(vm.ldv(c, weak_::TARGET).unwrap_or_else(|| vm.none()))
}

/// `ref.__hash__`: the target's hash, computed once (and remembered after it dies).
fn weakref_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let c = weak_cell_arg(vm, args)?;
    let cached: i64 = vm.ld_scalar(c, weak_::HASH);
    if cached != -1 {
        return vm.new_int(cached);
    }
    let Some(t) = vm.ldv(c, weak_::TARGET) else {
        return Err(vm.type_error("weak object has gone away"));
    };
    let h = vm.hash(t)?;
    let c = weak_cell_arg(vm, args)?;
    vm.st_scalar::<i64>(c, weak_::HASH, h);
    vm.new_int(h)
}

/// `ref.__eq__`/`__ne__`: the targets compare if both are alive, else identity.
fn weakref_compare(vm: &mut Vm, args: Args, ne: bool) -> PyResult<Value> {
    vm.check_args(args, if ne { "__ne__" } else { "__eq__" }, 2, 2)?;
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    let (Some(ca), Some(cb)) = (weak_cell(vm, a), weak_cell(vm, b)) else {
        return Ok(vm.c(C::NotImplemented));
    };
    match (vm.ldv(ca, weak_::TARGET), vm.ldv(cb, weak_::TARGET)) {
        (Some(ta), Some(tb)) => {
            let op = if ne {
                crate::bytecode::CompareOperator::Ne
            } else {
                crate::bytecode::CompareOperator::Eq
            };
            vm.rich_compare(ta, tb, op)
        }
        _ => Ok(vm.bool_val((a == b) != ne)),
    }
}

fn weakref_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    weakref_compare(vm, args, false)
}

fn weakref_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    weakref_compare(vm, args, true)
}

fn weakref_callback(vm: &mut Vm, v: Value) -> PyResult<Value> {
    let c = weak_cell(vm, v)
        .ok_or_else(|| vm.type_error("descriptor requires a 'weakref.ReferenceType' object"))?;
    Ok(vm.ldv(c, weak_::CALLBACK).unwrap_or_else(|| vm.none()))
}

fn weakref_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let c = weak_cell_arg(vm, args)?;
    let id = vm.object_id_value(v);
    match vm.ldv(c, weak_::TARGET) {
        Some(t) => {
            let tn = vm.type_name(t);
            let tid = vm.object_id_value(t);
            vm.new_str(&format!("<weakref at {id:#x}; to '{tn}' at {tid:#x}>"))
        }
        None => vm.new_str(&format!("<weakref at {id:#x}; dead>")),
    }
}

/// Methods of `weakref.ref` (`ReferenceType`).
pub static WEAKREF_METHODS: &[MethodDef] = &[
    func("__new__", weakref_new),
    meth("__init__", weakref_init),
    meth("__call__", weakref_call),
    meth("__repr__", weakref_repr),
    meth("__hash__", weakref_hash),
    meth("__eq__", weakref_eq),
    meth("__ne__", weakref_ne),
];

/// Getters of `weakref.ref`.
pub static WEAKREF_GETSETS: &[GetSetDef] = &[getter("__callback__", weakref_callback)];

// ----- SimpleNamespace -------------------------------------------------------------------------

fn ns_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.len() > 1 {
        return Err(vm.type_error("no positional arguments expected"));
    }
    for j in 0..args.nkw as usize {
        let (k, vr) = args.kw(vm, j);
        let name = vm.intern_value(k);
        let (obj, v) = (args.get(vm, 0), vm.get(vr));
        vm.setattr(obj, name, v)?;
    }
    Ok(vm.none())
}

fn ns_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let obj = args.get(vm, 0);
    let tn = vm.type_name(obj);
    let tn = if tn == "SimpleNamespace" {
        "namespace".to_string()
    } else {
        tn
    };
    if !vm.repr_enter(obj)? {
        return vm.new_str(&format!("{tn}(...)"));
    }
    let mark = vm.sp();
    let r = (|| -> PyResult<String> {
        let d = vm
            .object_dict(args.get(vm, 0))?
            .expect("namespace has a dict");
        let dr = vm.push_root(d)?;
        let mut parts = Vec::new();
        let mut pos = 0;
        while let Some((next, k, v)) = vm.dict_next(vm.get(dr), pos) {
            pos = next;
            let ks = vm.str_string_of(k)?;
            let (_, _, v2) = vm.dict_next(vm.get(dr), next - 1).unwrap_or((0, k, v));
            let vs = vm.repr_string(v2)?;
            parts.push(format!("{ks}={vs}"));
        }
        Ok(format!("{tn}({})", parts.join(", ")))
    })();
    vm.truncate(mark);
    vm.repr_leave(args.get(vm, 0));
    let s = r?;
    vm.new_str(&s)
}

fn ns_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    if !vm.isinstance_builtin(b, T::SimpleNamespace) {
        return Ok(vm.not_implemented());
    }
    let mark = vm.sp();
    vm.push_root(b)?;
    let da = vm.object_dict(a)?.expect("dict");
    let dar = vm.push_root(da)?;
    let db = vm.object_dict(args.get(vm, 1))?.expect("dict");
    let r = vm.rich_compare(vm.get(dar), db, crate::bytecode::CompareOperator::Eq);
    vm.truncate(mark);
    r
}

/// `types.SimpleNamespace` methods.
pub static NAMESPACE_METHODS: &[MethodDef] = &[
    meth("__init__", ns_init),
    meth("__repr__", ns_repr),
    meth("__eq__", ns_eq),
];

// ----- GenericAlias ---------------------------------------------------------------------------

/// `origin[args]` as a `types.GenericAlias` (`obj[3][0]`: `[type][origin][args tuple]`).
pub fn make_generic_alias(vm: &mut Vm, origin: Value, args: Value) -> PyResult<Value> {
    let mark = vm.sp();
    let or = vm.push_root(origin)?;
    let t = if vm.is_tuple(args) {
        args
    } else {
        vm.tuple1(args)?
    };
    let tr = vm.push_root(t)?;
    let g = vm.alloc_t(vm.lay.obj[3][0], T::GenericAlias)?;
    let (o, t) = (vm.get(or), vm.get(tr));
    vm.init_field(g, obj_::A, Some(o));
    vm.init_field(g, obj_::B, Some(t));
    vm.truncate(mark);
    Ok(g)
}

/// The alias object behind `v` (itself, or the payload of a user-subclass instance).
fn ga_obj(vm: &mut Vm, v: Value) -> PyResult<Value> {
    let ga = vm.ty(T::GenericAlias);
    if vm.type_of(v) == ga {
        return Ok(v);
    }
    match vm.native_payload(v, Kind::Other) {
        Some(p) if vm.type_of(p) == ga => Ok(p),
        _ => Err(vm.type_error("descriptor requires a 'types.GenericAlias' object")),
    }
}

/// `GenericAlias(origin, args)` (also through `super().__new__` of subclasses).
fn ga_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("GenericAlias() takes no keyword arguments"));
    }
    if args.len() != 3 {
        let n = args.len().saturating_sub(1);
        return Err(crate::raise!(
            vm,
            TypeError,
            "GenericAlias expected 2 arguments, got {n}"
        ));
    }
    let (o, a) = (args.get(vm, 1), args.get(vm, 2));
    let g = make_generic_alias(vm, o, a)?;
    vm.wrap_native_instance(args.root(0), g, Kind::Other)
}

/// `__eq__`: same origin and args.
fn ga_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    let (Ok(ga), Ok(gb)) = (ga_obj(vm, a), ga_obj(vm, b)) else {
        return Ok(vm.c(C::NotImplemented));
    };
    let mark = vm.sp();
    let br = vm.push_root(gb)?;
    let ar = vm.push_root(ga)?;
    let (oa, ob) = (vm.ldv1(ga, obj_::A), vm.ldv1(gb, obj_::A));
    let mut same = vm.eq_values(oa, ob)?;
    if same {
        let (ta, tb) = (vm.ldv1(vm.get(ar), obj_::B), vm.ldv1(vm.get(br), obj_::B));
        same = vm.eq_values(ta, tb)?;
    }
    vm.truncate(mark);
    Ok(vm.bool_val(same))
}

/// `__hash__`: `hash(origin) ^ hash(args)` (CPython's formula).
fn ga_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = args.get(vm, 0);
    let g = ga_obj(vm, g)?;
    let mark = vm.sp();
    let gr = vm.push_root(g)?;
    let h0 = vm.hash(vm.ldv1(g, obj_::A))?;
    let h1 = vm.hash(vm.ldv1(vm.get(gr), obj_::B))?;
    vm.truncate(mark);
    vm.new_int(h0 ^ h1)
}

/// `__parameters__`: the type variables among the args (objects with `__typing_subst__`),
/// and those of nested aliases, in order, without duplicates.
fn ga_parameters(vm: &mut Vm, g: Value) -> PyResult<Value> {
    let g = ga_obj(vm, g)?;
    let mark = vm.sp();
    let t = vm.ldv1(g, obj_::B);
    let tr = vm.push_root(t)?;
    let out = vm.new_list(0)?;
    let outr = vm.push_root(out)?;
    let subst = vm.intern("__typing_subst__")?;
    let params = vm.intern("__parameters__")?;
    for i in 0..vm.tuple_len(vm.get(tr)) {
        let x = vm.tuple_get(vm.get(tr), i);
        let xr = vm.push_root(x)?;
        if vm.is_type(x) {
            continue;
        }
        let found = if vm.getattr_opt(x, subst)?.is_some() {
            let x = vm.get(xr);
            vm.tuple1(x)?
        } else {
            match vm.getattr_opt(vm.get(xr), params)? {
                Some(p) if vm.is_tuple(p) => p,
                _ => continue,
            }
        };
        let fr = vm.push_root(found)?;
        for j in 0..vm.tuple_len(vm.get(fr)) {
            let p = vm.tuple_get(vm.get(fr), j);
            let l = vm.get(outr);
            let mut dup = false;
            for k in 0..vm.list_len(l) {
                if vm.list_get(l, k) == p {
                    dup = true;
                    break;
                }
            }
            if !dup {
                vm.list_append(l, p)?;
            }
        }
    }
    let l = vm.get(outr);
    let r = vm.to_tuple(l)?;
    vm.truncate(mark);
    Ok(r)
}

fn ga_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = args.get(vm, 0);
    let g = ga_obj(vm, g)?;
    let mark = vm.sp();
    let gr = vm.push_root(g)?;
    let ty = vm.ty(T::GenericAlias);
    vm.push_root(ty)?;
    let o = vm.ldv1(vm.get(gr), obj_::A);
    let t = vm.ldv1(vm.get(gr), obj_::B);
    let inner = vm.tuple2(o, t)?;
    vm.push_root(inner)?;
    vm.pack_tuple(mark + 1).inspect(|_| vm.truncate(mark))
}

fn ga_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = args.get(vm, 0);
    let g = ga_obj(vm, g)?;
    let mark = vm.sp();
    let gr = vm.push_root(g)?;
    let origin = vm.ldv1(g, obj_::A);
    let os = type_repr_short(vm, origin)?;
    let t = vm.ldv1(vm.get(gr), obj_::B);
    let mut parts = Vec::new();
    for i in 0..vm.tuple_len(t) {
        let t = vm.ldv1(vm.get(gr), obj_::B);
        let x = vm.tuple_get(t, i);
        parts.push(type_repr_short(vm, x)?);
    }
    vm.truncate(mark);
    let s = format!(
        "{os}[{}]",
        if parts.is_empty() {
            "()".to_string()
        } else {
            parts.join(", ")
        }
    );
    vm.new_str(&s)
}

fn type_repr_short(vm: &mut Vm, x: Value) -> PyResult<String> {
    if vm.is_type(x) {
        let m = vm.type_module_name(x);
        let q = vm.type_qualname_str(x);
        return Ok(match m {
            Some(m) if m != "builtins" => format!("{m}.{q}"),
            _ => q,
        });
    }
    if x == vm.c(C::Ellipsis) {
        return Ok("...".into());
    }
    vm.repr_string(x)
}

fn ga_call(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = args.get(vm, 0);
    let g = ga_obj(vm, g)?;
    let origin = vm.ldv1(g, obj_::A);
    vm.call_forward(origin, args, 1)
}

fn ga_origin(vm: &mut Vm, g: Value) -> PyResult<Value> {
    let g = ga_obj(vm, g)?;
    Ok(vm.ldv1(g, obj_::A))
}
fn ga_args(vm: &mut Vm, g: Value) -> PyResult<Value> {
    let g = ga_obj(vm, g)?;
    Ok(vm.ldv1(g, obj_::B))
}
fn ga_mro_entries(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let g = args.get(vm, 0);
    let g = ga_obj(vm, g)?;
    let o = vm.ldv1(g, obj_::A);
    vm.tuple1(o)
}

/// `types.GenericAlias` methods.
pub static GENERIC_ALIAS_METHODS: &[MethodDef] = &[
    func("__new__", ga_new),
    meth("__eq__", ga_eq),
    meth("__hash__", ga_hash),
    meth("__reduce__", ga_reduce),
    meth("__repr__", ga_repr),
    meth("__call__", ga_call),
    meth("__mro_entries__", ga_mro_entries),
];
/// `types.GenericAlias` attributes.
pub static GENERIC_ALIAS_GETSETS: &[GetSetDef] = &[
    crate::objects::builtin_func::getter("__origin__", ga_origin),
    crate::objects::builtin_func::getter("__args__", ga_args),
    crate::objects::builtin_func::getter("__parameters__", ga_parameters),
];
