//! `super`: `obj[4][0]` `[type][thisclass][self][self type]`, zero-argument form from the
//! calling frame (`__class__` cell and first argument), and attribute lookup starting after
//! `thisclass` in the MRO of the instance's type.

use crate::objects::builtin_func::{MethodDef, func, meth};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::obj_;
use crate::runtime::names::{Name, n};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    /// `super().__getattribute__(name)`.
    pub fn super_getattr(&mut self, sup: Value, name: Name) -> PyResult<Option<Value>> {
        let sp = self.payload_or_self(sup);
        let this = self.ldv(sp, obj_::A);
        let obj = self.ldv(sp, obj_::B);
        let start = self.ldv(sp, obj_::C);
        if let (Some(this), Some(obj), Some(start)) = (this, obj, start)
            && name != n::CLASS
        {
            let mro = self.type_mro(start);
            let items = self.tuple_items(mro).to_vec();
            let pos = items.iter().position(|&t| t == this);
            if let Some(i) = pos {
                let key = self.name_str(name);
                for &t in &items[i + 1..] {
                    let d = self.type_dict(t);
                    if let Some(descr) = self.dict_get_str(d, key) {
                        let dc = self.descr_class(descr);
                        let o = if obj == start { None } else { Some(obj) };
                        return self.descr_get(descr, dc, o, start).map(Some);
                    }
                }
            }
        }
        self.generic_getattr(sup, name)
    }
}

fn super_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = vm.alloc_r(vm.lay.obj[4][0], args.root(0))?;
    vm.init_field(s, obj_::A, None);
    vm.init_field(s, obj_::B, None);
    vm.init_field(s, obj_::C, None);
    Ok(s)
}

fn super_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "super")?;
    let n = args.len() - 1;
    let (this, obj) = match n {
        0 => zero_arg_super(vm)?,
        1 | 2 => {
            let t = args.get(vm, 1);
            if !vm.is_type(t) {
                let tn = vm.type_name(t);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "super() argument 1 must be a type, not {tn}"
                ));
            }
            let o = if n == 2 { Some(args.get(vm, 2)) } else { None };
            (t, o)
        }
        _ => {
            return Err(crate::raise!(
                vm,
                TypeError,
                "super() takes at most 2 arguments ({n} given)"
            ));
        }
    };
    let mark = vm.sp();
    let tr = vm.push_root(this)?;
    let or = vm.push_opt(obj)?;
    let start = match obj {
        None => None,
        Some(o) => {
            if vm.is_type(o) && vm.is_subtype(o, this) {
                Some(o)
            } else {
                let ot = vm.type_of(o);
                if vm.is_subtype(ot, this) {
                    Some(ot)
                } else {
                    let c = vm.getattr_opt(o, n::CLASS)?;
                    match c {
                        Some(c) if vm.is_type(c) && vm.is_subtype(c, vm.get(tr)) => Some(c),
                        _ => {
                            return Err(vm.type_error(
                                "super(type, obj): obj must be an instance or subtype of type",
                            ));
                        }
                    }
                }
            }
        }
    };
    let s = vm.payload_or_self(args.get(vm, 0));
    let (this, obj) = (vm.get(tr), vm.get_opt(or));
    vm.st_field(s, obj_::A, Some(this));
    vm.st_field(s, obj_::B, obj);
    vm.st_field(s, obj_::C, start);
    vm.truncate(mark);
    Ok(vm.none())
}

fn zero_arg_super(vm: &mut Vm) -> PyResult<(Value, Option<Value>)> {
    let Some(f) = vm.st().frames.last().copied() else {
        return Err(vm.runtime_error("super(): no current frame"));
    };
    // SAFETY: the frame record is live; its function keeps the code alive.
    let code = unsafe { &*f.code };
    if code.argcount == 0 && !code.has_varargs {
        return Err(vm.runtime_error("super(): no arguments"));
    }
    let base = f.base as usize;
    let mut first = Value::from_raw(vm.slot(base));
    if let Some(v) = first
        && code.co.cell_slots.contains(&0)
        && vm.kind(v) == Kind::Cell
    {
        first = vm.cell_get(v);
    }
    let Some(first) = first else {
        return Err(vm.runtime_error("super(): arg[0] deleted"));
    };
    let free_start = code.co.first_free_slot();
    let pos = code.co.freevars.iter().position(|s| &**s == "__class__");
    let Some(i) = pos else {
        return Err(vm.runtime_error("super(): __class__ cell not found"));
    };
    let cell = Value::from_raw_nonnull(vm.slot(base + free_start + i));
    match vm.cell_get(cell) {
        Some(c) if vm.is_type(c) => Ok((c, Some(first))),
        Some(_) => Err(vm.runtime_error("super(): __class__ is not a type")),
        None => Err(vm.runtime_error("super(): empty __class__ cell")),
    }
}

fn super_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = vm.payload_or_self(args.get(vm, 0));
    let this = vm
        .ldv(s, obj_::A)
        .map(|t| vm.type_name_str(t))
        .unwrap_or_else(|| "NULL".into());
    match vm.ldv(s, obj_::C) {
        Some(st) => {
            let sn = vm.type_name_str(st);
            vm.new_str(&format!("<super: <class '{this}'>, <{sn} object>>"))
        }
        None => vm.new_str(&format!("<super: <class '{this}'>, NULL>")),
    }
}

fn super_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = args.get(vm, 0);
    let obj = args.opt(vm, 1).filter(|v| !vm.is_none(*v));
    let sp = vm.payload_or_self(s);
    match obj {
        Some(o) if vm.ldv(sp, obj_::B).is_none() => {
            let this = vm.ldv1(sp, obj_::A);
            let f = vm.ty(T::Super);
            vm.call2(f, this, o)
        }
        _ => Ok(s),
    }
}

fn super_thisclass(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let s = vm.payload_or_self(s);
    Ok(vm.ldv(s, obj_::A).unwrap_or_else(|| vm.none()))
}
fn super_self(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let s = vm.payload_or_self(s);
    Ok(vm.ldv(s, obj_::B).unwrap_or_else(|| vm.none()))
}
fn super_self_class(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let s = vm.payload_or_self(s);
    Ok(vm.ldv(s, obj_::C).unwrap_or_else(|| vm.none()))
}

/// `super` methods.
pub static SUPER_METHODS: &[MethodDef] = &[
    func("__new__", super_new),
    meth("__init__", super_init),
    meth("__repr__", super_repr),
    meth("__get__", super_get),
];

/// `super` attributes.
pub static SUPER_GETSETS: &[crate::objects::builtin_func::GetSetDef] = &[
    crate::objects::builtin_func::getter("__thisclass__", super_thisclass),
    crate::objects::builtin_func::getter("__self__", super_self),
    crate::objects::builtin_func::getter("__self_class__", super_self_class),
];
