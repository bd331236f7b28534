//! `types.UnionType`: the result of `X | Y` on types (`int | str`), usable with
//! `isinstance`/`issubclass`. Layout `obj[2][0]`: `[type][args tuple]` with the members
//! deduplicated and flattened (nested unions are merged, `None` stands for `NoneType`).

use crate::objects::builtin_func::{GetSetDef, MethodDef, getter, meth};
use crate::runtime::builtin_types::T;
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::obj_;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// `a | b` for types, `None`, generic aliases and unions.
pub fn make_union(vm: &mut Vm, a: Value, b: Value) -> PyResult<Value> {
    let mut members: Vec<Value> = Vec::new();
    for x in [a, b] {
        if vm.is_exact(x, T::UnionType) {
            let t = vm.ldv1(x, obj_::A);
            members.extend_from_slice(vm.tuple_items(t));
        } else if vm.is_none(x) {
            members.push(vm.ty(T::NoneType));
        } else {
            members.push(x);
        }
    }
    let mut uniq: Vec<Value> = Vec::new();
    for m in members {
        if !uniq.contains(&m) {
            uniq.push(m);
        }
    }
    if uniq.len() == 1 {
        return Ok(uniq[0]);
    }
    let mark = vm.sp();
    for m in uniq {
        vm.push_root(m)?;
    }
    let t = vm.pack_tuple(mark)?;
    let tr = vm.push_root(t)?;
    let u = vm.alloc_t(vm.lay.obj[2][0], T::UnionType)?;
    let t = vm.get(tr);
    vm.init_field(u, obj_::A, Some(t));
    vm.truncate(mark);
    Ok(u)
}

/// The member types of a union.
pub fn union_args(vm: &Vm, u: Value) -> Value {
    vm.ldv1(u, obj_::A)
}

fn union_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let u = args.get(vm, 0);
    let t = vm.ldv1(u, obj_::A);
    let items = vm.tuple_items(t).to_vec();
    let mut parts = Vec::new();
    for x in items {
        if x == vm.ty(T::NoneType) {
            parts.push("None".to_string());
        } else if vm.is_type(x) {
            let m = vm.type_module_name(x);
            let q = vm.type_qualname_str(x);
            parts.push(match m {
                Some(m) if m != "builtins" => format!("{m}.{q}"),
                _ => q,
            });
        } else {
            parts.push(vm.repr_string(x)?);
        }
    }
    vm.new_str(&parts.join(" | "))
}

fn union_or(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    let ok = |vm: &Vm, v: Value| {
        vm.is_type(v)
            || vm.is_none(v)
            || vm.is_exact(v, T::GenericAlias)
            || vm.is_exact(v, T::UnionType)
    };
    if !ok(vm, a) || !ok(vm, b) {
        return Ok(vm.not_implemented());
    }
    make_union(vm, a, b)
}

fn union_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    if !vm.is_exact(b, T::UnionType) {
        return Ok(vm.not_implemented());
    }
    let ta = vm.tuple_items(vm.ldv1(a, obj_::A)).to_vec();
    let tb = vm.tuple_items(vm.ldv1(b, obj_::A)).to_vec();
    let same = ta.len() == tb.len() && ta.iter().all(|x| tb.contains(x));
    Ok(vm.bool_val(same))
}

fn union_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let u = args.get(vm, 0);
    let items = vm.tuple_items(vm.ldv1(u, obj_::A)).to_vec();
    let mut h: i64 = 0x345678;
    for x in items {
        h ^= vm.identity_hash(x);
    }
    vm.new_int(if h == -1 { -2 } else { h })
}

fn union_args_get(vm: &mut Vm, u: Value) -> PyResult<Value> {
    Ok(vm.ldv1(u, obj_::A))
}

/// `types.UnionType` methods.
pub static UNION_METHODS: &[MethodDef] = &[
    meth("__repr__", union_repr),
    meth("__or__", union_or),
    meth("__ror__", union_or),
    meth("__eq__", union_eq),
    meth("__hash__", union_hash),
];

/// `types.UnionType` attributes.
pub static UNION_GETSETS: &[GetSetDef] = &[getter("__args__", union_args_get)];
