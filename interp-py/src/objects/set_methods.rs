//! `set` and `frozenset` methods.

use crate::bytecode::{BinaryOperator, CompareOperator};
use crate::objects::builtin_func::{MethodDef, classmeth, func, meth};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

fn set_self(vm: &mut Vm, args: Args, name: &str) -> PyResult<Value> {
    let v = args.get(vm, 0);
    match vm.as_set_obj(v) {
        Some(s) => Ok(s),
        None => {
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "descriptor '{name}' for 'set' objects doesn't apply to a '{tn}' object"
            ))
        }
    }
}

fn set_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = vm.new_set()?;
    vm.wrap_native_instance(args.root(0), s, Kind::Set)
}

fn set_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "set")?;
    if args.len() > 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "set expected at most 1 argument, got {}",
            args.len() - 1
        ));
    }
    let s = set_self(vm, args, "__init__")?;
    vm.set_clear(s);
    if let Some(it) = args.opt(vm, 1) {
        vm.set_update_iter(s, it)?;
    }
    Ok(vm.none())
}

fn frozenset_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "frozenset")?;
    if args.len() > 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "frozenset expected at most 1 argument, got {}",
            args.len() - 1
        ));
    }
    let it = args.opt(vm, 1);
    if let Some(i) = it
        && vm.is_exact(i, T::FrozenSet)
        && args.get(vm, 0) == vm.ty(T::FrozenSet)
    {
        return Ok(i);
    }
    let s = vm.make_new_set(T::FrozenSet, it)?;
    vm.wrap_native_instance(args.root(0), s, Kind::FrozenSet)
}

fn set_add_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "set.add", 2, 2)?;
    let s = set_self(vm, args, "add")?;
    vm.set_add(s, args.get(vm, 1))?;
    Ok(vm.none())
}

fn set_discard_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "set.discard", 2, 2)?;
    let s = set_self(vm, args, "discard")?;
    vm.set_discard(s, args.get(vm, 1))?;
    Ok(vm.none())
}

fn set_remove_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "set.remove", 2, 2)?;
    let s = set_self(vm, args, "remove")?;
    if !vm.set_discard(s, args.get(vm, 1))? {
        let k = args.get(vm, 1);
        return Err(vm.key_error(k));
    }
    Ok(vm.none())
}

fn set_pop_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "set.pop", 1, 1)?;
    let s = set_self(vm, args, "pop")?;
    vm.set_pop(s)
}

fn set_clear_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = set_self(vm, args, "clear")?;
    vm.set_clear(s);
    Ok(vm.none())
}

fn set_copy_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = set_self(vm, args, "copy")?;
    let t = if vm.is_exact(s, T::FrozenSet) {
        T::FrozenSet
    } else {
        T::Set
    };
    if t == T::FrozenSet && vm.is_exact(args.get(vm, 0), T::FrozenSet) {
        return Ok(s);
    }
    vm.make_new_set(t, Some(s))
}

fn set_len_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = set_self(vm, args, "__len__")?;
    Ok(Value::small(vm.set_len(s) as i64))
}

fn set_contains_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = set_self(vm, args, "__contains__")?;
    let k = args.get(vm, 1);
    let r = match vm.set_contains(s, k) {
        Ok(r) => r,
        Err(e) => {
            // `set in set`: retry with a frozenset copy when the key is an unhashable set.
            let k = args.get(vm, 1);
            if vm.err_matches(&e, T::TypeError) && vm.is_exact(k, T::Set) {
                let _ = vm.take_exc(e);
                let fk = vm.make_new_set(T::FrozenSet, Some(k))?;
                let s = set_self(vm, args, "__contains__")?;
                vm.set_contains(s, fk)?
            } else {
                return Err(e);
            }
        }
    };
    Ok(vm.bool_val(r))
}

fn set_iter_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = set_self(vm, args, "__iter__")?;
    vm.new_set_iter(s)
}

fn set_repr_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let orig = args.get(vm, 0);
    let s = set_self(vm, args, "__repr__")?;
    let tn = vm.type_name(orig);
    let is_set_exact = vm.is_exact(orig, T::Set);
    if vm.set_len(s) == 0 {
        return vm.new_str(&format!("{tn}()"));
    }
    if !vm.repr_enter(orig)? {
        return vm.new_str(&format!("{tn}(...)"));
    }
    let mark = vm.sp();
    let items = vm.set_items_snapshot(s).unwrap_or_default();
    for v in &items {
        vm.push_root(*v)?;
    }
    let mut parts = Vec::new();
    let r = (|| -> PyResult<()> {
        for i in 0..items.len() {
            let x = Value::from_raw_nonnull(vm.slot(mark + i));
            parts.push(vm.repr_string(x)?);
        }
        Ok(())
    })();
    vm.truncate(mark);
    vm.repr_leave(args.get(vm, 0));
    r?;
    let body = format!("{{{}}}", parts.join(", "));
    if is_set_exact {
        vm.new_str(&body)
    } else {
        vm.new_str(&format!("{tn}({body})"))
    }
}

fn set_hash_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = set_self(vm, args, "__hash__")?;
    if vm.is_exact(s, T::Set) {
        return Err(vm.type_error("unhashable type: 'set'"));
    }
    let h = vm.frozenset_hash(s)?;
    vm.new_int(h)
}

/// `union`/`intersection`/`difference`/`symmetric_difference` with CPython's exact steps
/// (they fix the result's table size and so its iteration order): union copies `self` and
/// adds each argument; intersection intersects step by step starting from `self` itself;
/// difference starts with `self - args[0]` then removes the rest; the symmetric difference
/// copies the argument and updates it with `self`. Arguments that are not sets are iterated
/// directly.
fn multi(vm: &mut Vm, args: Args, op: BinaryOperator, name: &str) -> PyResult<Value> {
    let s = set_self(vm, args, name)?;
    let t = if vm.is_exact(s, T::FrozenSet) {
        T::FrozenSet
    } else {
        T::Set
    };
    let sr = vm.push_root(s)?;
    let ar = match op {
        BinaryOperator::Or => {
            let acc = vm.make_new_set(T::Set, Some(s))?;
            let ar = vm.push_root(acc)?;
            for i in 1..args.len() {
                let other = args.get(vm, i);
                if other != vm.get(sr) {
                    vm.set_update_iter(vm.get(ar), other)?;
                }
            }
            ar
        }
        BinaryOperator::And => {
            let ar = vm.push_root(s)?;
            if args.len() == 1 {
                let c = vm.make_new_set(T::Set, Some(s))?;
                vm.set(ar, c);
            }
            for i in 1..args.len() {
                let orr = vm.push_root(args.get(vm, i))?;
                let r = vm.set_intersection(ar, orr, T::Set)?;
                vm.set(ar, r);
                vm.truncate(orr.index());
            }
            ar
        }
        BinaryOperator::Subtract => {
            let ar = vm.push_root(s)?;
            if args.len() == 1 {
                let c = vm.make_new_set(T::Set, Some(s))?;
                vm.set(ar, c);
            } else {
                let orr = vm.push_root(args.get(vm, 1))?;
                let r = vm.set_difference(ar, orr, T::Set)?;
                vm.set(ar, r);
                vm.truncate(orr.index());
                for i in 2..args.len() {
                    let other = args.get(vm, i);
                    vm.set_difference_update(ar, other)?;
                }
            }
            ar
        }
        _ => {
            let acc = vm.make_new_set(T::Set, Some(args.get(vm, 1)))?;
            let ar = vm.push_root(acc)?;
            vm.set_symmetric_update(ar, sr)?;
            ar
        }
    };
    let acc = vm.get(ar);
    if t == T::FrozenSet {
        let f = vm.new_set_of(T::FrozenSet)?;
        vm.set_swap_table(f, vm.get(ar));
        return Ok(f);
    }
    Ok(acc)
}

fn set_union(vm: &mut Vm, args: Args) -> PyResult<Value> {
    multi(vm, args, BinaryOperator::Or, "union")
}
fn set_intersection_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    multi(vm, args, BinaryOperator::And, "intersection")
}
fn set_difference_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    multi(vm, args, BinaryOperator::Subtract, "difference")
}
fn set_symdiff_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "symmetric_difference", 2, 2)?;
    multi(vm, args, BinaryOperator::Xor, "symmetric_difference")
}

fn set_update_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = set_self(vm, args, "update")?;
    let sr = vm.push_root(s)?;
    for i in 1..args.len() {
        vm.set_update_iter(vm.get(sr), args.get(vm, i))?;
    }
    Ok(vm.none())
}

fn set_intersection_update_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let r = multi(vm, args, BinaryOperator::And, "intersection_update")?;
    let s = set_self(vm, args, "intersection_update")?;
    vm.set_swap_table(s, r);
    Ok(vm.none())
}

fn set_difference_update_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = set_self(vm, args, "difference_update")?;
    let sr = vm.push_root(s)?;
    for i in 1..args.len() {
        vm.set_difference_update(sr, args.get(vm, i))?;
    }
    Ok(vm.none())
}

fn set_symdiff_update_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "symmetric_difference_update", 2, 2)?;
    let s = set_self(vm, args, "symmetric_difference_update")?;
    let sr = vm.push_root(s)?;
    vm.set_symmetric_update(sr, args.root(1))?;
    Ok(vm.none())
}

fn as_set(vm: &mut Vm, v: Value) -> PyResult<Value> {
    match vm.as_set_obj(v) {
        Some(s) => Ok(s),
        None => vm.make_new_set(T::Set, Some(v)),
    }
}

fn set_issubset_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "issubset", 2, 2)?;
    let o = as_set(vm, args.get(vm, 1))?;
    let s = set_self(vm, args, "issubset")?;
    let r = vm.set_issubset(s, o)?;
    Ok(vm.bool_val(r))
}

fn set_issuperset_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "issuperset", 2, 2)?;
    let o = as_set(vm, args.get(vm, 1))?;
    let s = set_self(vm, args, "issuperset")?;
    let r = vm.set_issubset(o, s)?;
    Ok(vm.bool_val(r))
}

fn set_isdisjoint_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "isdisjoint", 2, 2)?;
    let it = vm.get_iter(args.get(vm, 1))?;
    let ir = vm.push_root(it)?;
    while let Some(x) = vm.iter_next(vm.get(ir))? {
        let s = set_self(vm, args, "isdisjoint")?;
        if vm.set_contains(s, x)? {
            return Ok(vm.bool_val(false));
        }
    }
    Ok(vm.bool_val(true))
}

fn set_binop_m(vm: &mut Vm, args: Args, op: BinaryOperator, reflected: bool) -> PyResult<Value> {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    let (a, b) = if reflected { (b, a) } else { (a, b) };
    if vm.as_set_obj(a).is_none() || vm.as_set_obj(b).is_none() {
        return Ok(vm.not_implemented());
    }
    vm.set_binop(op, a, b)
}
fn s_or(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_binop_m(vm, a, BinaryOperator::Or, false)
}
fn s_and(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_binop_m(vm, a, BinaryOperator::And, false)
}
fn s_sub(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_binop_m(vm, a, BinaryOperator::Subtract, false)
}
fn s_xor(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_binop_m(vm, a, BinaryOperator::Xor, false)
}
fn s_ror(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_binop_m(vm, a, BinaryOperator::Or, true)
}
fn s_rand(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_binop_m(vm, a, BinaryOperator::And, true)
}
fn s_rsub(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_binop_m(vm, a, BinaryOperator::Subtract, true)
}
fn s_rxor(vm: &mut Vm, a: Args) -> PyResult<Value> {
    set_binop_m(vm, a, BinaryOperator::Xor, true)
}

fn s_inplace(vm: &mut Vm, args: Args, op: BinaryOperator) -> PyResult<Value> {
    let b = args.get(vm, 1);
    if vm.as_set_obj(b).is_none() {
        return Ok(vm.not_implemented());
    }
    let s = set_self(vm, args, "inplace")?;
    vm.set_inplace(op, s, b)?;
    Ok(args.get(vm, 0))
}
fn s_ior(vm: &mut Vm, a: Args) -> PyResult<Value> {
    s_inplace(vm, a, BinaryOperator::Or)
}
fn s_iand(vm: &mut Vm, a: Args) -> PyResult<Value> {
    s_inplace(vm, a, BinaryOperator::And)
}
fn s_isub(vm: &mut Vm, a: Args) -> PyResult<Value> {
    s_inplace(vm, a, BinaryOperator::Subtract)
}
fn s_ixor(vm: &mut Vm, a: Args) -> PyResult<Value> {
    s_inplace(vm, a, BinaryOperator::Xor)
}

fn s_cmp(vm: &mut Vm, args: Args, op: CompareOperator) -> PyResult<Value> {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    match (vm.as_set_obj(a), vm.as_set_obj(b)) {
        (Some(x), Some(y)) => vm.set_compare(x, y, op),
        _ => Ok(vm.not_implemented()),
    }
}
fn s_eq(vm: &mut Vm, a: Args) -> PyResult<Value> {
    s_cmp(vm, a, CompareOperator::Eq)
}
fn s_ne(vm: &mut Vm, a: Args) -> PyResult<Value> {
    s_cmp(vm, a, CompareOperator::Ne)
}
fn s_lt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    s_cmp(vm, a, CompareOperator::Lt)
}
fn s_le(vm: &mut Vm, a: Args) -> PyResult<Value> {
    s_cmp(vm, a, CompareOperator::Le)
}
fn s_gt(vm: &mut Vm, a: Args) -> PyResult<Value> {
    s_cmp(vm, a, CompareOperator::Gt)
}
fn s_ge(vm: &mut Vm, a: Args) -> PyResult<Value> {
    s_cmp(vm, a, CompareOperator::Ge)
}

fn class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = (args.get(vm, 0), args.get(vm, 1));
    vm.generic_alias(cls, a)
}

/// `set` methods.
pub static SET_METHODS: &[MethodDef] = &[
    func("__new__", set_new),
    meth("__init__", set_init),
    meth("add", set_add_m),
    meth("discard", set_discard_m),
    meth("remove", set_remove_m),
    meth("pop", set_pop_m),
    meth("clear", set_clear_m),
    meth("copy", set_copy_m),
    meth("union", set_union),
    meth("intersection", set_intersection_m),
    meth("difference", set_difference_m),
    meth("symmetric_difference", set_symdiff_m),
    meth("update", set_update_m),
    meth("intersection_update", set_intersection_update_m),
    meth("difference_update", set_difference_update_m),
    meth("symmetric_difference_update", set_symdiff_update_m),
    meth("issubset", set_issubset_m),
    meth("issuperset", set_issuperset_m),
    meth("isdisjoint", set_isdisjoint_m),
    meth("__len__", set_len_m),
    meth("__contains__", set_contains_m),
    meth("__iter__", set_iter_m),
    meth("__repr__", set_repr_m),
    meth("__or__", s_or),
    meth("__and__", s_and),
    meth("__sub__", s_sub),
    meth("__xor__", s_xor),
    meth("__ror__", s_ror),
    meth("__rand__", s_rand),
    meth("__rsub__", s_rsub),
    meth("__rxor__", s_rxor),
    meth("__ior__", s_ior),
    meth("__iand__", s_iand),
    meth("__isub__", s_isub),
    meth("__ixor__", s_ixor),
    meth("__eq__", s_eq),
    meth("__ne__", s_ne),
    meth("__lt__", s_lt),
    meth("__le__", s_le),
    meth("__gt__", s_gt),
    meth("__ge__", s_ge),
    classmeth("__class_getitem__", class_getitem),
];

/// `frozenset` methods.
pub static FROZENSET_METHODS: &[MethodDef] = &[
    func("__new__", frozenset_new),
    meth("copy", set_copy_m),
    meth("union", set_union),
    meth("intersection", set_intersection_m),
    meth("difference", set_difference_m),
    meth("symmetric_difference", set_symdiff_m),
    meth("issubset", set_issubset_m),
    meth("issuperset", set_issuperset_m),
    meth("isdisjoint", set_isdisjoint_m),
    meth("__len__", set_len_m),
    meth("__contains__", set_contains_m),
    meth("__iter__", set_iter_m),
    meth("__repr__", set_repr_m),
    meth("__hash__", set_hash_m),
    meth("__or__", s_or),
    meth("__and__", s_and),
    meth("__sub__", s_sub),
    meth("__xor__", s_xor),
    meth("__ror__", s_ror),
    meth("__rand__", s_rand),
    meth("__rsub__", s_rsub),
    meth("__rxor__", s_rxor),
    meth("__eq__", s_eq),
    meth("__ne__", s_ne),
    meth("__lt__", s_lt),
    meth("__le__", s_le),
    meth("__gt__", s_gt),
    meth("__ge__", s_ge),
    classmeth("__class_getitem__", class_getitem),
];

/// Keeps `Root` used.
pub fn _r(_: Root) {}
