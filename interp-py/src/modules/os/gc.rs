//! The `gc` module, driving tern-gc: `collect` runs a full collection (minor, then major
//! cycles to the end) and returns the number of old-space objects it freed (tern-gc does
//! not count dead nursery objects: they are never visited); `get_stats` reports tern-gc's
//! counters in CPython's per-generation shape.
//!
//! Differences from CPython, by design of a moving generational collector: collection is
//! not optional (the nursery must be evacuated to keep allocating), so `disable()` only
//! records the flag `isenabled()` reports; thresholds are recorded for `get_threshold`;
//! `get_objects`, `get_referrers` and `get_referents` raise `NotImplementedError` (tern-gc
//! keeps no object list), instead of returning wrong answers.

use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::builtin_types::T;
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Mutable module state kept as module attributes (`_enabled`, `_threshold`, `_debug`).
fn state_get(vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
    let m = vm.import_module("gc")?;
    let d = vm.module_dict(m);
    let k = vm.intern(name)?;
    Ok(vm.dict_get_name(d, k))
}

fn state_set(vm: &mut Vm, name: &str, v: Value) -> PyResult<()> {
    let mark = vm.sp();
    let vr = vm.push_root(v)?;
    let m = vm.import_module("gc")?;
    vm.module_set(m, name, vm.get(vr))?;
    vm.truncate(mark);
    Ok(())
}

fn g_collect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "collect", 0, 1)?;
    if let Some(g) = args.opt(vm, 0) {
        let g = vm.index_i64(g)?;
        if !(0..=2).contains(&g) {
            return Err(vm.value_error("invalid generation"));
        }
    }
    let before = vm.heap.stats().old_objects_freed;
    vm.heap.collect();
    let freed = vm.heap.stats().old_objects_freed.saturating_sub(before);
    vm.new_int_u64(freed)
}

fn g_enable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "enable", 0, 0)?;
    let t = vm.bool_val(true);
    state_set(vm, "_enabled", t)?;
    Ok(vm.none())
}

fn g_disable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "disable", 0, 0)?;
    let f = vm.bool_val(false);
    state_set(vm, "_enabled", f)?;
    Ok(vm.none())
}

fn g_isenabled(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "isenabled", 0, 0)?;
    let v = state_get(vm, "_enabled")?;
    Ok(v.unwrap_or_else(|| vm.bool_val(true)))
}

fn g_get_threshold(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "get_threshold", 0, 0)?;
    match state_get(vm, "_threshold")? {
        Some(t) => Ok(t),
        None => {
            let mark = vm.sp();
            for x in [700, 10, 10] {
                vm.push_root(Value::small(x))?;
            }
            vm.pack_tuple(mark)
        }
    }
}

fn g_set_threshold(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "set_threshold")?;
    if args.is_empty() || args.len() > 3 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "set_threshold() takes from 1 to 3 positional arguments but {} were given",
            args.len()
        ));
    }
    let old = g_get_threshold(vm, Args::positional(args.start as usize, 0))?;
    let or = vm.push_root(old)?;
    let mut vals = [0i64; 3];
    for (i, v) in vals.iter_mut().enumerate() {
        *v = match args.opt(vm, i) {
            Some(x) => vm.index_i64(x)?,
            None => {
                let t = vm.get(or);
                let x = vm.tuple_get(t, i);
                vm.index_i64(x)?
            }
        };
    }
    let mark = vm.sp();
    for x in vals {
        let v = vm.new_int(x)?;
        vm.push_root(v)?;
    }
    let t = vm.pack_tuple(mark)?;
    state_set(vm, "_threshold", t)?;
    Ok(vm.none())
}

fn g_get_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "get_count", 0, 0)?;
    let mark = vm.sp();
    for _ in 0..3 {
        vm.push_root(Value::small(0))?;
    }
    vm.pack_tuple(mark)
}

fn g_get_stats(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "get_stats", 0, 0)?;
    let s = vm.heap.stats();
    let rows = [
        (s.minor_collections, 0u64),
        (0, 0),
        (s.major_collections, s.old_objects_freed),
    ];
    let mark = vm.sp();
    for (collections, collected) in rows {
        let d = vm.new_dict()?;
        let dr = vm.push_root(d)?;
        let c = vm.new_int_u64(collections)?;
        vm.dict_set_text(vm.get(dr), "collections", c)?;
        let c = vm.new_int_u64(collected)?;
        vm.dict_set_text(vm.get(dr), "collected", c)?;
        vm.dict_set_text(vm.get(dr), "uncollectable", Value::small(0))?;
    }
    vm.pack_list(mark)
}

fn g_is_tracked(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "is_tracked", 1, 1)?;
    let v = args.get(vm, 0);
    let atomic = vm.is_none(v)
        || vm.is_int(v)
        || vm.is_float(v)
        || vm.is_str(v)
        || vm.is_bytes(v)
        || vm.is_exact(v, T::Complex);
    Ok(vm.bool_val(!atomic))
}

fn g_is_finalized(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "is_finalized", 1, 1)?;
    Ok(vm.bool_val(false))
}

fn g_not_available(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_error(
        T::NotImplementedError,
        "tern's garbage collector keeps no list of objects",
    ))
}

fn g_freeze(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "freeze", 0, 0)?;
    Ok(vm.none())
}

fn g_get_freeze_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "get_freeze_count", 0, 0)?;
    Ok(Value::small(0))
}

fn g_set_debug(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "set_debug", 1, 1)?;
    let f = vm.index_i64(args.get(vm, 0))?;
    let v = vm.new_int(f)?;
    state_set(vm, "_debug", v)?;
    Ok(vm.none())
}

fn g_get_debug(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "get_debug", 0, 0)?;
    Ok(state_get(vm, "_debug")?.unwrap_or(Value::small(0)))
}

static FUNCTIONS: &[MethodDef] = &[
    func("collect", g_collect),
    func("enable", g_enable),
    func("disable", g_disable),
    func("isenabled", g_isenabled),
    func("get_threshold", g_get_threshold),
    func("set_threshold", g_set_threshold),
    func("get_count", g_get_count),
    func("get_stats", g_get_stats),
    func("is_tracked", g_is_tracked),
    func("is_finalized", g_is_finalized),
    func("get_objects", g_not_available),
    func("get_referrers", g_not_available),
    func("get_referents", g_not_available),
    func("freeze", g_freeze),
    func("unfreeze", g_freeze),
    func("get_freeze_count", g_get_freeze_count),
    func("set_debug", g_set_debug),
    func("get_debug", g_get_debug),
];

/// Builds the `gc` module.
pub fn init_gc(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module(
        "gc",
        "This module provides access to the garbage collector for reference cycles.",
        FUNCTIONS,
    )?;
    let mr = vm.push_root(m)?;
    for (name, v) in [
        ("DEBUG_STATS", 1),
        ("DEBUG_COLLECTABLE", 2),
        ("DEBUG_UNCOLLECTABLE", 4),
        ("DEBUG_SAVEALL", 32),
        ("DEBUG_LEAK", 38),
    ] {
        vm.module_set(vm.get(mr), name, Value::small(v))?;
    }
    for name in ["garbage", "callbacks"] {
        let l = vm.new_list(0)?;
        vm.module_set(vm.get(mr), name, l)?;
    }
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}
