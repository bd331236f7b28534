//! The native `_heapq` and `_bisect` modules (CPython's `heapq.py`/`bisect.py` import `*`
//! from them and fall back to Python otherwise): the same algorithms as CPython 3.11's
//! `_heapqmodule.c`/`_bisectmodule.c`, so comparison order, results and messages match.
//!
//! Invariant: comparisons run Python code (`__lt__`), which may mutate the list, so the list
//! is re-read after every comparison and a size change raises CPython's `RuntimeError`
//! instead of indexing out of bounds. Heaps are lists or list subclasses (their native list
//! payload is operated on, as CPython's `PyList_Check` does).

use crate::bytecode::CompareOperator;
use crate::objects::builtin_func::{MethodDef, func};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::{PyErr, PyResult};
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

// ----- _heapq -----------------------------------------------------------------------------------

/// The native list of argument 0 (a list or list subclass), rooted, or CPython's TypeError.
fn heap_arg(vm: &mut Vm, args: Args, name: &str) -> PyResult<Root> {
    let h = args.get(vm, 0);
    // One-argument functions say "argument", two-argument ones "argument 1" (CPython).
    let which = if args.len() == 1 {
        "argument"
    } else {
        "argument 1"
    };
    match vm.as_list_obj(h) {
        Some(l) => vm.push_root(l),
        None => {
            let tn = vm.type_name(h);
            Err(crate::raise!(
                vm,
                TypeError,
                "{name}() {which} must be list, not {tn}"
            ))
        }
    }
}

fn changed_size(vm: &mut Vm) -> PyErr {
    vm.new_error(
        crate::runtime::builtin_types::T::RuntimeError,
        "list changed size during iteration",
    )
}

/// `a < b` (or `b < a` for the max-heap variants).
fn less(vm: &mut Vm, a: Value, b: Value, max: bool) -> PyResult<bool> {
    if max {
        vm.compare_bool(b, a, CompareOperator::Lt)
    } else {
        vm.compare_bool(a, b, CompareOperator::Lt)
    }
}

/// Moves the item at `pos` up towards `start` (CPython's `siftdown`).
fn sift_down(vm: &mut Vm, hr: Root, start: usize, mut pos: usize, max: bool) -> PyResult<()> {
    let size = vm.list_len(vm.get(hr));
    while pos > start {
        let parentpos = (pos - 1) >> 1;
        let h = vm.get(hr);
        let (newitem, parent) = (vm.list_get(h, pos), vm.list_get(h, parentpos));
        let lt = less(vm, newitem, parent, max)?;
        let h = vm.get(hr);
        if size != vm.list_len(h) {
            return Err(changed_size(vm));
        }
        if !lt {
            break;
        }
        let (newitem, parent) = (vm.list_get(h, pos), vm.list_get(h, parentpos));
        vm.list_set(h, parentpos, newitem);
        vm.list_set(h, pos, parent);
        pos = parentpos;
    }
    Ok(())
}

/// Moves the smaller child up from `pos` to a leaf, then sifts down (CPython's `siftup`).
fn sift_up(vm: &mut Vm, hr: Root, mut pos: usize, max: bool) -> PyResult<()> {
    let end = vm.list_len(vm.get(hr));
    let start = pos;
    let limit = end >> 1;
    while pos < limit {
        let mut child = 2 * pos + 1;
        if child + 1 < end {
            let h = vm.get(hr);
            let (a, b) = (vm.list_get(h, child), vm.list_get(h, child + 1));
            if !less(vm, a, b, max)? {
                child += 1;
            }
            if end != vm.list_len(vm.get(hr)) {
                return Err(changed_size(vm));
            }
        }
        let h = vm.get(hr);
        let (c, p) = (vm.list_get(h, child), vm.list_get(h, pos));
        vm.list_set(h, child, p);
        vm.list_set(h, pos, c);
        pos = child;
    }
    sift_down(vm, hr, start, pos, max)
}

fn index_error(vm: &mut Vm) -> PyErr {
    vm.new_error(
        crate::runtime::builtin_types::T::IndexError,
        "index out of range",
    )
}

fn heappush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "heappush", 2, 2)?;
    let hr = heap_arg(vm, args, "heappush")?;
    vm.list_append(vm.get(hr), args.get(vm, 1))?;
    let n = vm.list_len(vm.get(hr));
    sift_down(vm, hr, 0, n - 1, false)?;
    Ok(vm.none())
}

fn pop_common(vm: &mut Vm, args: Args, name: &str, max: bool) -> PyResult<Value> {
    vm.check_args(args, name, 1, 1)?;
    let hr = heap_arg(vm, args, name)?;
    let h = vm.get(hr);
    let n = vm.list_len(h);
    if n == 0 {
        return Err(index_error(vm));
    }
    let last = vm.list_remove_at(h, n - 1);
    if n == 1 {
        return Ok(last);
    }
    let top = vm.list_get(h, 0);
    vm.list_set(h, 0, last);
    let tr = vm.push_root(top)?;
    sift_up(vm, hr, 0, max)?;
    Ok(vm.get(tr))
}

fn heappop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pop_common(vm, args, "heappop", false)
}

fn heappop_max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    pop_common(vm, args, "_heappop_max", true)
}

fn replace_common(vm: &mut Vm, args: Args, name: &str, max: bool) -> PyResult<Value> {
    vm.check_args(args, name, 2, 2)?;
    let hr = heap_arg(vm, args, name)?;
    let h = vm.get(hr);
    if vm.list_len(h) == 0 {
        return Err(index_error(vm));
    }
    let top = vm.list_get(h, 0);
    vm.list_set(h, 0, args.get(vm, 1));
    let tr = vm.push_root(top)?;
    sift_up(vm, hr, 0, max)?;
    Ok(vm.get(tr))
}

fn heapreplace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    replace_common(vm, args, "heapreplace", false)
}

fn heapreplace_max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    replace_common(vm, args, "_heapreplace_max", true)
}

fn heappushpop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "heappushpop", 2, 2)?;
    let hr = heap_arg(vm, args, "heappushpop")?;
    let h = vm.get(hr);
    if vm.list_len(h) == 0 {
        return Ok(args.get(vm, 1));
    }
    let top = vm.list_get(h, 0);
    if !vm.compare_bool(top, args.get(vm, 1), CompareOperator::Lt)? {
        return Ok(args.get(vm, 1));
    }
    let h = vm.get(hr);
    if vm.list_len(h) == 0 {
        return Err(index_error(vm));
    }
    let top = vm.list_get(h, 0);
    vm.list_set(h, 0, args.get(vm, 1));
    let tr = vm.push_root(top)?;
    sift_up(vm, hr, 0, false)?;
    Ok(vm.get(tr))
}

fn heapify_common(vm: &mut Vm, args: Args, name: &str, max: bool) -> PyResult<Value> {
    vm.check_args(args, name, 1, 1)?;
    let hr = heap_arg(vm, args, name)?;
    let n = vm.list_len(vm.get(hr));
    for i in (0..n / 2).rev() {
        sift_up(vm, hr, i, max)?;
    }
    Ok(vm.none())
}

fn heapify(vm: &mut Vm, args: Args) -> PyResult<Value> {
    heapify_common(vm, args, "heapify", false)
}

fn heapify_max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    heapify_common(vm, args, "_heapify_max", true)
}

static HEAPQ: &[MethodDef] = &[
    func("heappush", heappush),
    func("heappop", heappop),
    func("heappushpop", heappushpop),
    func("heapify", heapify),
    func("heapreplace", heapreplace),
    func("_heappop_max", heappop_max),
    func("_heapreplace_max", heapreplace_max),
    func("_heapify_max", heapify_max),
];

/// Builds `_heapq`.
pub fn init_heapq(vm: &mut Vm) -> PyResult<Value> {
    vm.new_native_module(
        "_heapq",
        "Heap queue algorithm (a.k.a. priority queue).",
        HEAPQ,
    )
}

// ----- _bisect ----------------------------------------------------------------------------------

/// Bound arguments of the bisect/insort functions.
struct BisectArgs {
    a: Root,
    x: Root,
    lo: usize,
    hi: Option<usize>,
    key: Option<Root>,
}

fn bisect_args(vm: &mut Vm, args: Args, name: &'static str) -> PyResult<BisectArgs> {
    let sig = Sig {
        name,
        params: &["a", "x", "lo", "hi", "key"],
        posonly: 0,
        kwonly: 4,
        required: 2,
    };
    let [a, x, lo, hi, key] = vm.bind::<5>(args, &sig)?;
    let lo = match lo {
        Some(r) => vm.index_i64(vm.get(r))?,
        None => 0,
    };
    if lo < 0 {
        return Err(vm.value_error("lo must be non-negative"));
    }
    let hi = match hi.map(|r| vm.get(r)) {
        Some(v) if !vm.is_none(v) => Some(vm.index_i64(v)?),
        _ => None,
    };
    let key = key.filter(|&r| !vm.is_none(vm.get(r)));
    Ok(BisectArgs {
        a: a.expect("required"),
        x: x.expect("required"),
        lo: lo as usize,
        // CPython treats a negative `hi` like `len(a)` only for -1 (its "None"), and an
        // empty range otherwise.
        hi: match hi {
            Some(-1) | None => None,
            Some(h) => Some(h.max(0) as usize),
        },
        key,
    })
}

/// The insertion point of the value in root `item` (right: after equal items).
fn bisect_core(vm: &mut Vm, b: &BisectArgs, item: Root, right: bool) -> PyResult<usize> {
    let (mut lo, mut hi) = (b.lo, b.hi);
    let hi = match hi.take() {
        Some(h) => h,
        None => vm.len(vm.get(b.a))?,
    };
    let mut hi = hi;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let mark = vm.sp();
        let mut litem = vm.getitem(vm.get(b.a), Value::small(mid as i64))?;
        if let Some(k) = b.key {
            let lr = vm.push_root(litem)?;
            litem = vm.call(vm.get(k), &[vm.get(lr)])?;
        }
        let lr = vm.push_root(litem)?;
        let lt = if right {
            vm.compare_bool(vm.get(item), vm.get(lr), CompareOperator::Lt)?
        } else {
            vm.compare_bool(vm.get(lr), vm.get(item), CompareOperator::Lt)?
        };
        vm.truncate(mark);
        match (right, lt) {
            (true, true) | (false, false) => hi = mid,
            _ => lo = mid + 1,
        }
    }
    Ok(lo)
}

fn bisect_common(vm: &mut Vm, args: Args, name: &'static str, right: bool) -> PyResult<Value> {
    let b = bisect_args(vm, args, name)?;
    let i = bisect_core(vm, &b, b.x, right)?;
    vm.new_usize(i)
}

fn insort_common(vm: &mut Vm, args: Args, name: &'static str, right: bool) -> PyResult<Value> {
    let b = bisect_args(vm, args, name)?;
    let item = match b.key {
        Some(k) => {
            let kx = vm.call(vm.get(k), &[vm.get(b.x)])?;
            vm.push_root(kx)?
        }
        None => b.x,
    };
    let i = bisect_core(vm, &b, item, right)?;
    let a = vm.get(b.a);
    if vm.is_list(a) {
        vm.list_insert(b.a, i, b.x)?;
    } else {
        let ins = vm.intern("insert")?;
        let idx = vm.new_usize(i)?;
        vm.call_method(vm.get(b.a), ins, &[idx, vm.get(b.x)])?;
    }
    Ok(vm.none())
}

fn bisect_right(vm: &mut Vm, args: Args) -> PyResult<Value> {
    bisect_common(vm, args, "bisect_right", true)
}

fn bisect_left(vm: &mut Vm, args: Args) -> PyResult<Value> {
    bisect_common(vm, args, "bisect_left", false)
}

fn insort_right(vm: &mut Vm, args: Args) -> PyResult<Value> {
    insort_common(vm, args, "insort_right", true)
}

fn insort_left(vm: &mut Vm, args: Args) -> PyResult<Value> {
    insort_common(vm, args, "insort_left", false)
}

static BISECT: &[MethodDef] = &[
    func("bisect_right", bisect_right),
    func("bisect_left", bisect_left),
    func("insort_right", insort_right),
    func("insort_left", insort_left),
];

/// Builds `_bisect`.
pub fn init_bisect(vm: &mut Vm) -> PyResult<Value> {
    vm.new_native_module("_bisect", "Bisection algorithms.", BISECT)
}
