//! The stateful `itertools` iterators: `zip_longest`, `product`, `permutations`,
//! `combinations`, `combinations_with_replacement`, `groupby` (+ `_grouper`) and `tee`
//! (+ `_tee_dataobject`). Layout and rooting rules: see [`super::itertools`].
//!
//! Field use (small ints are tagged `Value`s; lists hold small ints):
//! * zip_longest: A list of iterators (`None` once exhausted), B fillvalue, C active count.
//! * product: A tuple of pools, B index list (NULL before the first result), C stopped.
//! * permutations: A pool, B indices, C cycles, D r, E state (0 first, 1 running, 2 done).
//! * combinations (both kinds): A pool, B indices, C r, E state.
//! * groupby: A iterator, B key function, C target key, D current key, E current value;
//!   the group generation lives in the tag scalar's upper bits. `_grouper`: A parent,
//!   B target key, C generation (a grouper is live only while its parent's generation
//!   matches, like CPython's `currgrouper`).
//! * tee: A data block, B index in it. `_tee_dataobject`: A source iterator, B values
//!   (at most [`TEE_BLOCK`]), C next block. Consumed blocks are freed by the GC once no tee
//!   points at them.

use super::itertools::{A, B, C, D, E, It, ctor_args, it_obj, new_it, required, small};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Values per `_tee_dataobject` block (CPython's `LINKCELLS`).
const TEE_BLOCK: usize = 57;
/// The tag scalar (low byte: tag, upper bits: groupby generation).
const TAG: usize = crate::runtime::layout::obj_::x(6);

// ----- zip_longest ----------------------------------------------------------------------------

pub(super) fn zip_longest_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut fill = None;
    for j in 0..args.nkw as usize {
        let (k, vr) = args.kw(vm, j);
        if vm.str_eq_text(k, "fillvalue") {
            fill = Some(vm.get(vr));
        } else {
            return Err(vm.type_error("zip_longest() got an unexpected keyword argument"));
        }
    }
    let mark = vm.sp();
    let fr = vm.push_opt(fill)?;
    let n = args.len() - 1;
    let l = vm.new_list(n)?;
    let lr = vm.push_root(l)?;
    for i in 0..n {
        let it = match vm.get_iter(args.get(vm, i + 1)) {
            Ok(it) => it,
            Err(e) => {
                vm.truncate(mark);
                return Err(e);
            }
        };
        vm.list_append(vm.get(lr), it)?;
    }
    let fill = vm.get_opt(fr).unwrap_or_else(|| vm.none());
    let l = vm.get(lr);
    let m2 = vm.sp();
    vm.push_root(l)?;
    vm.push_root(fill)?;
    vm.push_root(Value::small(n as i64))?;
    let r = new_it(vm, Some(args.root(0)), It::ZipLongest, m2);
    vm.truncate(mark);
    r
}

pub(super) fn zip_longest_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    let o = vm.get(r);
    let Some(iters) = vm.ldv(o, A) else {
        return Ok(None);
    };
    let n = vm.list_len(iters);
    if n == 0 {
        return Ok(None);
    }
    let base = vm.sp();
    for i in 0..n {
        let iters = vm.ldv1(vm.get(r), A);
        let it = vm.list_get(iters, i);
        let v = if vm.is_none(it) {
            None
        } else {
            let v = vm.iter_next(it)?;
            if v.is_none() {
                let o = vm.get(r);
                let active = small(vm, o, C) - 1;
                vm.st_field(o, C, Some(Value::small(active)));
                if active == 0 {
                    vm.st_field(o, A, None);
                    vm.truncate(base);
                    return Ok(None);
                }
                let iters = vm.ldv1(o, A);
                let none = vm.none();
                vm.list_set(iters, i, none);
            }
            v
        };
        let v = v.unwrap_or_else(|| vm.ldv1(vm.get(r), B));
        vm.push_root(v)?;
    }
    vm.pack_tuple(base).map(Some)
}

// ----- product --------------------------------------------------------------------------------

pub(super) fn product_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut repeat = 1i64;
    for j in 0..args.nkw as usize {
        let (k, vr) = args.kw(vm, j);
        if vm.str_eq_text(k, "repeat") {
            let v = vm.get(vr);
            repeat = vm.index_i64(v)?;
        } else {
            let kn = vm.str_string(k);
            return Err(crate::raise!(
                vm,
                TypeError,
                "'{kn}' is an invalid keyword argument for product()"
            ));
        }
    }
    if repeat < 0 {
        return Err(vm.value_error("repeat argument cannot be negative"));
    }
    let n = args.len() - 1;
    let mark = vm.sp();
    for i in 0..n {
        let t = vm.to_tuple(args.get(vm, i + 1))?;
        vm.push_root(t)?;
    }
    let total = n.saturating_mul(repeat as usize);
    let pools_start = vm.sp();
    for _ in 0..repeat {
        for i in 0..n {
            vm.push_root(Value::from_raw_nonnull(vm.slot(mark + i)))?;
        }
    }
    debug_assert_eq!(vm.sp() - pools_start, total);
    let pools = vm.pack_tuple(pools_start)?;
    vm.truncate(mark);
    vm.push_root(pools)?;
    new_it(vm, Some(args.root(0)), It::Product, mark)
}

/// A tuple of `pool[indices[i]]` (product: one pool per position; otherwise one pool).
fn gather(vm: &mut Vm, r: Root, per_position: bool) -> PyResult<Value> {
    let base = vm.sp();
    let idx = vm.ldv1(vm.get(r), B);
    for i in 0..vm.list_len(idx) {
        let o = vm.get(r);
        let pools = vm.ldv1(o, A);
        let idx = vm.ldv1(o, B);
        let k = vm.list_get(idx, i).as_small().unwrap_or(0) as usize;
        let pool = if per_position {
            vm.tuple_get(pools, i)
        } else {
            pools
        };
        let v = vm.tuple_get(pool, k);
        vm.push_root(v)?;
    }
    vm.pack_tuple(base)
}

fn small_list(vm: &mut Vm, items: impl Iterator<Item = i64>) -> PyResult<Value> {
    let l = vm.new_list(0)?;
    let mark = vm.sp();
    let lr = vm.push_root(l)?;
    for i in items {
        vm.list_append(vm.get(lr), Value::small(i))?;
    }
    let l = vm.get(lr);
    vm.truncate(mark);
    Ok(l)
}

fn li(vm: &Vm, l: Value, i: usize) -> i64 {
    vm.list_get(l, i).as_small().unwrap_or(0)
}

pub(super) fn product_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    let o = vm.get(r);
    if small(vm, o, C) != 0 {
        return Ok(None);
    }
    let pools = vm.ldv1(o, A);
    let n = vm.tuple_len(pools);
    match vm.ldv(o, B) {
        None => {
            for i in 0..n {
                let pools = vm.ldv1(vm.get(r), A);
                if vm.tuple_len(vm.tuple_get(pools, i)) == 0 {
                    let o = vm.get(r);
                    vm.st_field(o, C, Some(Value::small(1)));
                    return Ok(None);
                }
            }
            let idx = small_list(vm, std::iter::repeat_n(0, n))?;
            let o = vm.get(r);
            vm.st_field(o, B, Some(idx));
        }
        Some(idx) => {
            let mut i = n;
            loop {
                if i == 0 {
                    let o = vm.get(r);
                    vm.st_field(o, C, Some(Value::small(1)));
                    return Ok(None);
                }
                i -= 1;
                let pool_len = vm.tuple_len(vm.tuple_get(pools, i)) as i64;
                let k = li(vm, idx, i) + 1;
                if k < pool_len {
                    vm.list_set(idx, i, Value::small(k));
                    break;
                }
                vm.list_set(idx, i, Value::small(0));
            }
        }
    }
    gather(vm, r, true).map(Some)
}

// ----- permutations ---------------------------------------------------------------------------

/// The optional `r` argument: `None` means `default`.
fn r_arg(vm: &mut Vm, r: Option<Root>, default: usize) -> PyResult<usize> {
    match r.map(|r| vm.get(r)) {
        None => Ok(default),
        Some(v) if vm.is_none(v) => Ok(default),
        Some(v) => {
            let k = vm.index_i64(v)?;
            if k < 0 {
                return Err(vm.value_error("r must be non-negative"));
            }
            Ok(k as usize)
        }
    }
}

pub(super) fn permutations_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "permutations",
        params: &["cls", "iterable", "r"],
        posonly: 1,
        kwonly: 3,
        required: 1,
    };
    let [cls, iterable, r] = vm.bind::<3>(args, &SIG)?;
    let iterable = required(vm, iterable, "permutations", "iterable", 1)?;
    let pool = vm.to_tuple(iterable)?;
    let mark = vm.sp();
    vm.push_root(pool)?;
    let n = vm.tuple_len(pool);
    let r = r_arg(vm, r, n)?;
    let idx = small_list(vm, 0..n as i64)?;
    vm.push_root(idx)?;
    let cycles = small_list(vm, (0..r as i64).map(|i| n as i64 - i))?;
    vm.push_root(cycles)?;
    vm.push_root(Value::small(r as i64))?;
    vm.push_root(Value::small(if r > n { 2 } else { 0 }))?;
    new_it(vm, cls, It::Permutations, mark)
}

/// `pool[indices[:r]]`.
fn gather_prefix(vm: &mut Vm, r: Root, k: usize) -> PyResult<Value> {
    let base = vm.sp();
    for i in 0..k {
        let o = vm.get(r);
        let (pool, idx) = (vm.ldv1(o, A), vm.ldv1(o, B));
        let j = li(vm, idx, i) as usize;
        vm.push_root(vm.tuple_get(pool, j))?;
    }
    vm.pack_tuple(base)
}

pub(super) fn permutations_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    let o = vm.get(r);
    let state = small(vm, o, E);
    let k = small(vm, o, D) as usize;
    if state == 2 {
        return Ok(None);
    }
    if state == 1 {
        let (idx, cycles) = (vm.ldv1(o, B), vm.ldv1(o, C));
        let n = vm.list_len(idx);
        let mut i = k;
        loop {
            if i == 0 {
                vm.st_field(o, E, Some(Value::small(2)));
                return Ok(None);
            }
            i -= 1;
            let c = li(vm, cycles, i) - 1;
            if c == 0 {
                // Rotate indices[i:] left by one.
                let first = vm.list_get(idx, i);
                for j in i..n - 1 {
                    let v = vm.list_get(idx, j + 1);
                    vm.list_set(idx, j, v);
                }
                vm.list_set(idx, n - 1, first);
                vm.list_set(cycles, i, Value::small((n - i) as i64));
            } else {
                vm.list_set(cycles, i, Value::small(c));
                let j = n - c as usize;
                let (a, b) = (vm.list_get(idx, i), vm.list_get(idx, j));
                vm.list_set(idx, i, b);
                vm.list_set(idx, j, a);
                break;
            }
        }
    } else {
        vm.st_field(o, E, Some(Value::small(1)));
    }
    gather_prefix(vm, r, k).map(Some)
}

// ----- combinations ---------------------------------------------------------------------------

fn comb_new(vm: &mut Vm, args: Args, name: &'static str, with_rep: bool) -> PyResult<Value> {
    let params: &'static [&'static str] = &["cls", "iterable", "r"];
    let sig = Sig {
        name,
        params,
        posonly: 1,
        kwonly: 3,
        required: 1,
    };
    let [cls, iterable, r] = vm.bind::<3>(args, &sig)?;
    let iterable = required(vm, iterable, name, "iterable", 1)?;
    if r.is_none() {
        return Err(super::itertools::missing(vm, name, "r", 2));
    }
    let pool = vm.to_tuple(iterable)?;
    let mark = vm.sp();
    vm.push_root(pool)?;
    let n = vm.tuple_len(pool);
    let r = r_arg(vm, r, 0)?;
    let idx = if with_rep {
        small_list(vm, std::iter::repeat_n(0, r))?
    } else {
        small_list(vm, 0..r as i64)?
    };
    vm.push_root(idx)?;
    vm.push_root(Value::small(r as i64))?;
    vm.push_word(0)?;
    let done = if with_rep { n == 0 && r > 0 } else { r > n };
    vm.push_root(Value::small(if done { 2 } else { 0 }))?;
    let tag = if with_rep {
        It::CombinationsWithReplacement
    } else {
        It::Combinations
    };
    new_it(vm, cls, tag, mark)
}

pub(super) fn combinations_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    comb_new(vm, args, "combinations", false)
}

pub(super) fn cwr_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    comb_new(vm, args, "combinations_with_replacement", true)
}

pub(super) fn combinations_next(vm: &mut Vm, r: Root, with_rep: bool) -> PyResult<Option<Value>> {
    let o = vm.get(r);
    let state = small(vm, o, E);
    if state == 2 {
        return Ok(None);
    }
    if state == 1 {
        let (pool, idx) = (vm.ldv1(o, A), vm.ldv1(o, B));
        let n = vm.tuple_len(pool) as i64;
        let k = small(vm, o, C) as usize;
        // Find the rightmost index that can still grow.
        let mut i = k;
        loop {
            if i == 0 {
                vm.st_field(o, E, Some(Value::small(2)));
                return Ok(None);
            }
            i -= 1;
            let limit = if with_rep {
                n - 1
            } else {
                i as i64 + n - k as i64
            };
            if li(vm, idx, i) != limit {
                break;
            }
        }
        let v = li(vm, idx, i) + 1;
        vm.list_set(idx, i, Value::small(v));
        for j in i + 1..k {
            let nv = if with_rep { v } else { li(vm, idx, j - 1) + 1 };
            vm.list_set(idx, j, Value::small(nv));
        }
    } else {
        vm.st_field(o, E, Some(Value::small(1)));
    }
    gather(vm, r, false).map(Some)
}

// ----- groupby --------------------------------------------------------------------------------

pub(super) fn groupby_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "groupby",
        params: &["cls", "iterable", "key"],
        posonly: 1,
        kwonly: 3,
        required: 1,
    };
    let [cls, iterable, key] = vm.bind::<3>(args, &SIG)?;
    let iterable = required(vm, iterable, "groupby", "iterable", 1)?;
    let it = vm.get_iter(iterable)?;
    let mark = vm.sp();
    vm.push_root(it)?;
    let k = key.map(|r| vm.get(r)).filter(|&v| !vm.is_none(v));
    vm.push_opt(k)?;
    new_it(vm, cls, It::GroupBy, mark)
}

/// Advances a groupby: current value and key from the next item; `false` at the end.
fn groupby_step(vm: &mut Vm, g: Root) -> PyResult<bool> {
    let Some(v) = vm.it_field_next(g, A)? else {
        return Ok(false);
    };
    let vr = vm.push_root(v)?;
    let key = match vm.ldv(vm.get(g), B) {
        Some(f) => vm.call(f, &[v])?,
        None => v,
    };
    let o = vm.get(g);
    vm.st_field(o, D, Some(key));
    vm.st_field(o, E, Some(vm.get(vr)));
    vm.truncate(vr.index());
    Ok(true)
}

fn generation(vm: &Vm, o: Value) -> u64 {
    vm.ld_scalar::<u64>(o, TAG) >> 8
}

pub(super) fn groupby_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    let o = vm.get(r);
    let tag = vm.ld_scalar::<u64>(o, TAG);
    vm.st_scalar::<u64>(o, TAG, (tag & 0xff) | (((tag >> 8) + 1) << 8));
    loop {
        let o = vm.get(r);
        match (vm.ldv(o, D), vm.ldv(o, C)) {
            (None, _) => {}
            (Some(_), None) => break,
            (Some(cur), Some(tgt)) => {
                if !vm.eq_values(tgt, cur)? {
                    break;
                }
            }
        }
        if !groupby_step(vm, r)? {
            return Ok(None);
        }
    }
    let o = vm.get(r);
    let cur = vm.ldv1(o, D);
    vm.st_field(o, C, Some(cur));
    let g = generation(vm, o);
    let mark = vm.sp();
    vm.push_root(o)?;
    vm.push_root(cur)?;
    vm.push_root(Value::small(g as i64))?;
    let grouper = new_it(vm, None, It::Grouper, mark)?;
    let gr = vm.push_root(grouper)?;
    let cur = vm.ldv1(vm.get(r), C);
    vm.tuple2(cur, vm.get(gr)).map(Some)
}

pub(super) fn grouper_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    let o = vm.get(r);
    let parent = vm.ldv1(o, A);
    if generation(vm, parent) as i64 != small(vm, o, C) {
        return Ok(None);
    }
    let pr = vm.push_root(parent)?;
    if vm.ldv(parent, E).is_none() && !groupby_step(vm, pr)? {
        return Ok(None);
    }
    let tgt = vm.ldv1(vm.get(r), B);
    let Some(cur) = vm.ldv(vm.get(pr), D) else {
        return Ok(None);
    };
    if !vm.eq_values(tgt, cur)? {
        return Ok(None);
    }
    // The key's `__eq__` may have advanced the groupby re-entrantly and consumed the value.
    let p = vm.get(pr);
    let Some(v) = vm.ldv(p, E) else {
        return Ok(None);
    };
    vm.st_field(p, E, None);
    Ok(Some(v))
}

// ----- tee ------------------------------------------------------------------------------------

/// A fresh data block reading from the iterator `it`.
fn new_tee_data(vm: &mut Vm, it: Value) -> PyResult<Value> {
    let mark = vm.sp();
    vm.push_root(it)?;
    let l = vm.new_list(0)?;
    vm.push_root(l)?;
    new_it(vm, None, It::TeeData, mark)
}

/// A `_tee` over the iterator `it` (cls: `_tee` itself).
fn tee_from_iter(vm: &mut Vm, it: Value) -> PyResult<Value> {
    let d = new_tee_data(vm, it)?;
    let mark = vm.sp();
    vm.push_root(d)?;
    vm.push_root(Value::small(0))?;
    new_it(vm, None, It::Tee, mark)
}

pub(super) fn tee_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    ctor_args(vm, args, "_tee", 1, 1)?;
    let it = vm.get_iter(args.get(vm, 1))?;
    if let Some(t) = it_obj(vm, it)
        && vm.is_exact(t, crate::runtime::builtin_types::T::ItTee)
    {
        return copy_tee(vm, t);
    }
    tee_from_iter(vm, it)
}

fn copy_tee(vm: &mut Vm, t: Value) -> PyResult<Value> {
    let mark = vm.sp();
    vm.push_root(vm.ldv1(t, A))?;
    vm.push_root(vm.ldv1(t, B))?;
    new_it(vm, None, It::Tee, mark)
}

pub(super) fn tee_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__copy__", 1, 1)?;
    let v = args.get(vm, 0);
    let t = it_obj(vm, v).ok_or_else(|| vm.type_error("__copy__ needs a _tee"))?;
    copy_tee(vm, t)
}

pub(super) fn tee_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    let o = vm.get(r);
    let mut data = vm.ldv1(o, A);
    let mut i = small(vm, o, B) as usize;
    if i >= TEE_BLOCK {
        let next = match vm.ldv(data, C) {
            Some(n) => n,
            None => {
                let dr = vm.push_root(data)?;
                let src = vm.ldv(data, A).unwrap_or_else(|| vm.none());
                let n = new_tee_data(vm, src)?;
                let d = vm.get(dr);
                vm.st_field(d, C, Some(n));
                vm.truncate(dr.index());
                n
            }
        };
        let o = vm.get(r);
        vm.st_field(o, A, Some(next));
        vm.st_field(o, B, Some(Value::small(0)));
        data = next;
        i = 0;
    }
    let values = vm.ldv1(data, B);
    if i < vm.list_len(values) {
        let o = vm.get(r);
        vm.st_field(o, B, Some(Value::small(i as i64 + 1)));
        return Ok(Some(vm.list_get(values, i)));
    }
    let dr = vm.push_root(data)?;
    let Some(src) = vm.ldv(data, A) else {
        return Ok(None);
    };
    if vm.is_none(src) {
        return Ok(None);
    }
    let Some(v) = vm.iter_next(src)? else {
        return Ok(None);
    };
    let vr = vm.push_root(v)?;
    let values = vm.ldv1(vm.get(dr), B);
    // Another tee may have read ahead while `src` ran (re-entrancy): append only in order.
    if vm.list_len(values) == i {
        vm.list_append(values, vm.get(vr))?;
    }
    let o = vm.get(r);
    vm.st_field(o, B, Some(Value::small(i as i64 + 1)));
    Ok(Some(vm.get(vr)))
}

/// `itertools.tee(iterable, n=2, /)`.
pub(super) fn tee(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "tee", 1, 2)?;
    let n = match args.opt(vm, 1) {
        Some(v) => vm.index_i64(v)?,
        None => 2,
    };
    if n < 0 {
        return Err(vm.value_error("n must be >= 0"));
    }
    let it = vm.get_iter(args.get(vm, 0))?;
    let mark = vm.sp();
    if n == 0 {
        return vm.pack_tuple(mark);
    }
    let ir = vm.push_root(it)?;
    let copy_name = vm.intern("__copy__")?;
    let copyable = match vm.getattr_opt(it, copy_name)? {
        Some(_) => vm.get(ir),
        None => tee_from_iter(vm, vm.get(ir))?,
    };
    vm.truncate(mark);
    let first = vm.push_root(copyable)?;
    for _ in 1..n {
        let c = vm.call_method(vm.get(first), copy_name, &[])?;
        vm.push_root(c)?;
    }
    vm.pack_tuple(mark)
}
