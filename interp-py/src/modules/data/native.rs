//! Native types of the data modules (`_struct.Struct`, `_random.Random`, the hash objects,
//! `array.array`, ...), created when their module is first imported.
//!
//! Design: such a type is a builtin-like type object (not a heap type: its attributes are
//! immutable) of kind `Other` whose instances use the generic `boxed` layout: the object owns
//! one `Box<dyn Any>` holding the Rust state (freed by the layout's destructor) and has two
//! GC fields (`boxed_::A`, `boxed_::B`) for the Python objects it references. A user
//! subclass is an ordinary heap type whose instances carry the boxed object as their native
//! payload (like subclasses of `int` or `itertools.count`), so [`state`] finds the state of
//! both.
//!
//! Invariants: the Rust state never holds a GC reference (it is not traced); every type is
//! stored under its registry key with [`Vm::set_named_global`] so constructors can find it;
//! a state reference obtained from [`state`] must not be held across a call that may run
//! Python code or allocate (it borrows the VM).

use std::any::Any;

use crate::objects::builtin_func::{GetSetDef, MethodDef};
use crate::runtime::builtin_types::{Kind, T, tf};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{boxed_, type_};
use crate::runtime::names::n;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// The description of one native type.
pub struct TypeSpec {
    /// Registry key (`"_struct.Struct"`), also used to find the type again.
    pub key: &'static str,
    /// `__module__`.
    pub module: &'static str,
    /// `__name__`.
    pub name: &'static str,
    /// Methods (incl. `__new__` as a static `func`).
    pub methods: &'static [MethodDef],
    /// Computed attributes.
    pub getsets: &'static [GetSetDef],
    /// Whether Python classes may subclass it.
    pub basetype: bool,
    /// `__doc__` (empty: `None`).
    pub doc: &'static str,
}

/// Creates (once) the type of `spec` and returns it.
pub fn make_type(vm: &mut Vm, spec: &'static TypeSpec) -> PyResult<Value> {
    if let Some(t) = vm.named_global(spec.key) {
        return Ok(t);
    }
    let mark = vm.sp();
    let meta = vm.push_root(vm.ty(T::Type))?;
    let name = vm.new_str(spec.name)?;
    let nr = vm.push_root(name)?;
    let bases = vm.tuple1(vm.ty(T::Object))?;
    let br = vm.push_root(bases)?;
    let d = vm.new_dict()?;
    let dr = vm.push_root(d)?;
    let m = vm.new_str(spec.module)?;
    vm.dict_set_name(vm.get(dr), n::MODULE, m)?;
    let doc = if spec.doc.is_empty() {
        vm.none()
    } else {
        vm.new_str(spec.doc)?
    };
    vm.dict_set_name(vm.get(dr), n::DOC, doc)?;
    let mut flags = tf::IMMUTABLE;
    if spec.basetype {
        flags |= tf::BASETYPE;
    }
    let t = vm.alloc_type(meta, nr, nr, br, dr, flags, Kind::Other, Kind::Other, 0)?;
    let tr = vm.push_root(t)?;
    let mro = vm.compute_mro(vm.get(tr), vm.get(br))?;
    vm.st_field(vm.get(tr), type_::MRO, Some(mro));
    install(vm, tr, spec.methods, spec.getsets)?;
    let d = vm.type_dict(vm.get(tr));
    if vm.dict_get_name(d, n::EQ).is_some() && vm.dict_get_name(d, n::HASH).is_none() {
        let none = vm.none();
        vm.dict_set_name(d, n::HASH, none)?;
    }
    vm.type_modified(vm.get(tr))?;
    vm.recompute_type_flags(vm.get(tr));
    vm.add_subclass(vm.ty(T::Object), vm.get(tr))?;
    let t = vm.get(tr);
    vm.set_named_global(spec.key, t);
    vm.truncate(mark);
    Ok(t)
}

/// Puts method and getset descriptors into the dict of the type in `tr`.
fn install(
    vm: &mut Vm,
    tr: Root,
    methods: &'static [MethodDef],
    getsets: &'static [GetSetDef],
) -> PyResult<()> {
    for def in methods {
        let f = vm.new_method_descriptor(def, vm.get(tr))?;
        let d = vm.type_dict(vm.get(tr));
        vm.dict_set_text(d, def.name, f)?;
    }
    for def in getsets {
        let g = vm.new_getset_descriptor(def, vm.get(tr))?;
        let d = vm.type_dict(vm.get(tr));
        vm.dict_set_text(d, def.name, g)?;
    }
    Ok(())
}

/// The type registered under `key` (its module must have been imported).
pub fn type_for(vm: &mut Vm, key: &'static str) -> PyResult<Value> {
    match vm.named_global(key) {
        Some(t) => Ok(t),
        None => Err(crate::raise!(
            vm,
            SystemError,
            "native type {key} not initialised"
        )),
    }
}

/// A new instance of the native type `key` owning `st`; with `cls` (a root holding the
/// class passed to `__new__`), a subclass instance wrapping it when `cls` is a subclass.
pub fn new_native(
    vm: &mut Vm,
    key: &'static str,
    cls: Option<Root>,
    st: Box<dyn Any>,
) -> PyResult<Value> {
    let mark = vm.sp();
    let t = type_for(vm, key)?;
    let tr = vm.push_root(t)?;
    let p = Box::into_raw(Box::new(st));
    let o = match vm.alloc_r(vm.lay.boxed, tr) {
        Ok(o) => o,
        Err(e) => {
            // SAFETY: `p` came from `Box::into_raw` above and was not stored.
            unsafe { drop(Box::from_raw(p)) };
            vm.truncate(mark);
            return Err(e);
        }
    };
    vm.st_scalar::<usize>(o, boxed_::PTR, p as usize);
    vm.init_field(o, boxed_::A, None);
    vm.init_field(o, boxed_::B, None);
    let r = match cls {
        Some(c) => {
            if !vm.is_type(vm.get(c)) || !vm.is_subtype(vm.get(c), vm.get(tr)) {
                let tn = key;
                let cn = if vm.is_type(vm.get(c)) {
                    vm.type_name_str(vm.get(c))
                } else {
                    vm.type_name(vm.get(c))
                };
                vm.truncate(mark);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "{tn}.__new__({cn}): {cn} is not a subtype of {tn}"
                ));
            }
            vm.wrap_native_instance(c, o, Kind::Other)
        }
        None => Ok(o),
    };
    vm.truncate(mark);
    r
}

/// The boxed object behind `v` (itself or a subclass instance's payload), if any.
pub fn boxed_obj(vm: &Vm, v: Value) -> Option<Value> {
    let o = vm.payload_or_self(v);
    (!o.is_small() && vm.has_layout(o, vm.lay.boxed)).then_some(o)
}

/// The Rust state of type `S` of `v` (or of its native payload).
pub fn state<S: Any>(vm: &mut Vm, v: Value) -> Option<&mut S> {
    let o = boxed_obj(vm, v)?;
    let p = vm.ld_scalar::<usize>(o, boxed_::PTR) as *mut Box<dyn Any>;
    if p.is_null() {
        return None;
    }
    // SAFETY: the box lives as long as the object (it is freed only by the layout's
    // destructor) and the object is reachable from `v`; `&mut Vm` makes the borrow unique.
    let b = unsafe { &mut *p };
    b.downcast_mut::<S>()
}

/// Read-only [`state`] for callers holding only `&Vm` (the core's buffer hooks).
pub fn state_ref<S: Any>(vm: &Vm, v: Value) -> Option<&S> {
    let o = boxed_obj(vm, v)?;
    let p = vm.ld_scalar::<usize>(o, boxed_::PTR) as *const Box<dyn Any>;
    if p.is_null() {
        return None;
    }
    // SAFETY: as in `state`; `&Vm` rules out mutation while the reference lives.
    let b = unsafe { &*p };
    b.downcast_ref::<S>()
}

/// Like [`state`], but raises CPython's "descriptor requires" `TypeError` when `v` is not
/// an instance of the native type `tname`.
pub fn state_or_err<'a, S: Any>(vm: &'a mut Vm, v: Value, tname: &str) -> PyResult<&'a mut S> {
    if state::<S>(vm, v).is_none() {
        let got = vm.type_name(v);
        return Err(crate::raise!(
            vm,
            TypeError,
            "descriptor requires a '{tname}' object but received a '{got}'"
        ));
    }
    Ok(state::<S>(vm, v).expect("checked above"))
}

/// An index-sized integer argument (`__index__`), with CPython's `OverflowError` when it
/// does not fit a `Py_ssize_t`.
pub fn ssize_arg(vm: &mut Vm, v: Value) -> PyResult<i64> {
    let i = vm.index_value(v)?;
    match vm.int_val(i).and_then(|x| x.to_i64()) {
        Some(n) => Ok(n),
        None => Err(vm.overflow_error("Python int too large to convert to C ssize_t")),
    }
}

/// Reads GC field `A` or `B` of the boxed object behind `v`.
pub fn field(vm: &Vm, v: Value, off: usize) -> Option<Value> {
    let o = boxed_obj(vm, v)?;
    vm.ldv(o, off)
}

/// Writes GC field `A` or `B` of the boxed object behind `v`.
pub fn set_field(vm: &mut Vm, v: Value, off: usize, x: Option<Value>) {
    if let Some(o) = boxed_obj(vm, v) {
        vm.st_field(o, off, x);
    }
}

/// Creates an exception class `module.name` deriving from the builtin `base`.
pub fn new_exception_type(vm: &mut Vm, module: &str, name: &str, base: Value) -> PyResult<Value> {
    let mark = vm.sp();
    let baser = vm.push_root(base)?;
    let meta = vm.push_root(vm.ty(T::Type))?;
    let nm = vm.new_str(name)?;
    let nr = vm.push_root(nm)?;
    let b = vm.tuple1(vm.get(baser))?;
    let br = vm.push_root(b)?;
    let d = vm.new_dict()?;
    let dr = vm.push_root(d)?;
    let m = vm.new_str(module)?;
    vm.dict_set_name(vm.get(dr), n::MODULE, m)?;
    let t = vm.type_new(meta, nr, br, dr, None);
    vm.truncate(mark);
    t
}

/// Raises an instance of the exception class `ty` with message `msg`.
pub fn raise_with(vm: &mut Vm, ty: Value, msg: &str) -> crate::runtime::errors::PyErr {
    let r = (|| {
        let mark = vm.sp();
        let tr = vm.push_root(ty)?;
        let m = vm.new_str(msg)?;
        let e = vm.call1(vm.get(tr), m);
        vm.truncate(mark);
        e
    })();
    match r {
        Ok(e) => vm.raise(e),
        Err(e) => e,
    }
}
