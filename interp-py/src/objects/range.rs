//! `range` and `slice` objects, range iterators, and slice index computation
//! (`PySlice_GetIndicesEx` semantics).
//!
//! Layouts: range `obj[5][0]` `[type][start][stop][step][length]` (ints, any size);
//! range iterator `obj[1][3]` `[type][next][step][remaining]` for ranges within `i64`
//! (others iterate through a `longrange_iterator` `obj[4][0]` with int values); slice
//! `obj[4][0]` `[type][start][stop][step]`.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::objects::builtin_func::{MethodDef, func, meth};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::obj_;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Computes `len(range(start, stop, step))`.
pub fn range_len(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() {
        if start < stop {
            (stop - start - 1) / step + 1
        } else {
            BigInt::zero()
        }
    } else if start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        BigInt::zero()
    }
}

/// Resolved slice indices.
#[derive(Clone, Copy, Debug)]
pub struct SliceIdx {
    /// First index.
    pub start: isize,
    /// Stop index.
    pub stop: isize,
    /// Step (non-zero).
    pub step: isize,
    /// Number of selected items.
    pub len: usize,
}

impl Vm {
    /// A range from three ints (validated by the caller: `step != 0`).
    pub fn new_range(&mut self, start: Value, stop: Value, step: Value) -> PyResult<Value> {
        let (a, b, c) = (
            self.int_val(start).map(|x| x.to_big()).unwrap_or_default(),
            self.int_val(stop).map(|x| x.to_big()).unwrap_or_default(),
            self.int_val(step).map(|x| x.to_big()).unwrap_or_default(),
        );
        let len = range_len(&a, &b, &c);
        let mark = self.sp();
        for v in [start, stop, step] {
            self.push_root(v)?;
        }
        let l = self.new_int_big(len)?;
        self.push_root(l)?;
        let r = self.alloc_t(self.lay.obj[5][0], T::Range)?;
        for (k, off) in [obj_::A, obj_::B, obj_::C, obj_::D].into_iter().enumerate() {
            let v = Value::from_raw_nonnull(self.slot(mark + k));
            // Normalise bool/int-subclass values to exact ints.
            self.init_field(r, off, Some(v));
        }
        self.truncate(mark);
        Ok(r)
    }

    fn range_parts(&self, r: Value) -> (BigInt, BigInt, BigInt, BigInt) {
        let g = |off| {
            self.int_val(self.ldv1(r, off))
                .map(|x| x.to_big())
                .unwrap_or_default()
        };
        (g(obj_::A), g(obj_::B), g(obj_::C), g(obj_::D))
    }

    /// `len(range)` (OverflowError beyond `isize`).
    pub fn range_length(&mut self, r: Value) -> PyResult<usize> {
        let l = self.ldv1(r, obj_::D);
        match self.int_val(l).and_then(|x| x.to_i64()) {
            Some(n) => Ok(n as usize),
            None => Err(self.overflow_error("Python int too large to convert to C ssize_t")),
        }
    }

    /// `iter(range)`.
    pub fn range_iter(&mut self, r: Value) -> PyResult<Value> {
        self.range_iter_dir(r, false)
    }

    /// A forward or reversed range iterator.
    pub fn range_iter_dir(&mut self, r: Value, reverse: bool) -> PyResult<Value> {
        let (start, _stop, step, len) = self.range_parts(r);
        let (first, st) = if reverse {
            (&start + (&len - 1) * &step, -&step)
        } else {
            (start.clone(), step.clone())
        };
        let last = &first + (&len - BigInt::from(1)).max(BigInt::zero()) * &st;
        if let (Some(a), Some(s), Some(n), Some(_)) =
            (first.to_i64(), st.to_i64(), len.to_u64(), last.to_i64())
            && (len.is_zero() || (a.checked_add(s).is_some() || n <= 1))
        {
            let it = self.alloc_t(self.lay.obj[1][3], T::RangeIter)?;
            self.st_scalar::<i64>(it, obj_::x(1), a);
            self.st_scalar::<i64>(it, obj_::y(1), s);
            self.st_scalar::<u64>(it, obj_::z(1), n);
            return Ok(it);
        }
        let mark = self.sp();
        let a = self.new_int_big(first)?;
        self.push_root(a)?;
        let s = self.new_int_big(st)?;
        self.push_root(s)?;
        let n = self.new_int_big(len)?;
        self.push_root(n)?;
        let it = self.alloc_t(self.lay.obj[4][0], T::LongRangeIter)?;
        for (k, off) in [obj_::A, obj_::B, obj_::C].into_iter().enumerate() {
            let v = Value::from_raw_nonnull(self.slot(mark + k));
            self.init_field(it, off, Some(v));
        }
        self.truncate(mark);
        Ok(it)
    }

    /// `range_iterator.__next__` for small values (the hot loop path): `None` when the
    /// iterator is exhausted *or* the next value is not a small int (then nothing changed
    /// and the caller uses [`Vm::range_iter_next`]).
    #[inline]
    pub fn range_iter_next_fast(&mut self, it: Value) -> Option<Value> {
        if self.type_of(it) != self.ty(T::RangeIter) {
            return None;
        }
        let rem = self.ld_scalar::<u64>(it, obj_::z(1));
        if rem == 0 {
            return None;
        }
        let cur = self.ld_scalar::<i64>(it, obj_::x(1));
        let v = Value::try_small(cur)?;
        let step = self.ld_scalar::<i64>(it, obj_::y(1));
        self.st_scalar::<u64>(it, obj_::z(1), rem - 1);
        self.st_scalar::<i64>(it, obj_::x(1), cur.wrapping_add(step));
        Some(v)
    }

    /// `range_iterator.__next__` (any values).
    pub fn range_iter_next(&mut self, it: Value) -> PyResult<Option<Value>> {
        if self.is_exact(it, T::RangeIter) {
            let rem = self.ld_scalar::<u64>(it, obj_::z(1));
            if rem == 0 {
                return Ok(None);
            }
            if let Some(v) = self.range_iter_next_fast(it) {
                return Ok(Some(v));
            }
            let cur = self.ld_scalar::<i64>(it, obj_::x(1));
            let step = self.ld_scalar::<i64>(it, obj_::y(1));
            self.st_scalar::<u64>(it, obj_::z(1), rem - 1);
            self.st_scalar::<i64>(it, obj_::x(1), cur.wrapping_add(step));
            return self.new_int(cur).map(Some);
        }
        // longrange_iterator
        let n = self.ldv1(it, obj_::C);
        if self.int_val(n).is_none_or(|x| x.signum() <= 0) {
            return Ok(None);
        }
        let mark = self.sp();
        let itr = self.push_root(it)?;
        let cur = self.ldv1(it, obj_::A);
        let cr = self.push_root(cur)?;
        let step = self.ldv1(it, obj_::B);
        let next = self.binary_op(cur, step, crate::bytecode::BinaryOperator::Add)?;
        self.st_field(self.get(itr), obj_::A, Some(next));
        let n = self.ldv1(self.get(itr), obj_::C);
        let n1 = self.binary_op(
            n,
            Value::small(1),
            crate::bytecode::BinaryOperator::Subtract,
        )?;
        self.st_field(self.get(itr), obj_::C, Some(n1));
        let cur = self.get(cr);
        self.truncate(mark);
        Ok(Some(cur))
    }

    /// `range[i]` / `range[slice]`.
    pub fn range_getitem(&mut self, r: Value, k: Value) -> PyResult<Value> {
        if self.kind(k) == Kind::Slice {
            let (start, _stop, step, len) = self.range_parts(r);
            let n = len.to_i64().unwrap_or(i64::MAX) as usize;
            let si = self.slice_indices(k, n)?;
            let nstart = &start + BigInt::from(si.start) * &step;
            let nstep = &step * BigInt::from(si.step);
            let nstop = &nstart + BigInt::from(si.len as i64) * &nstep;
            let a = self.new_int_big(nstart)?;
            let ar = self.push_root(a)?;
            let b = self.new_int_big(nstop)?;
            let br = self.push_root(b)?;
            let c = self.new_int_big(nstep)?;
            let r = self.new_range(self.get(ar), self.get(br), c);
            self.truncate(ar.index());
            return r;
        }
        let idx = self.index_value(k).map_err(|e| {
            if self.err_matches(&e, T::TypeError) {
                let _ = self.take_exc(e);
                let tn = self.type_name(k);
                crate::raise!(
                    self,
                    TypeError,
                    "range indices must be integers or slices, not {tn}"
                )
            } else {
                e
            }
        })?;
        let i = self.int_val(idx).map(|x| x.to_big()).unwrap_or_default();
        let (start, _stop, step, len) = self.range_parts(r);
        let i = if i.is_negative() { i + &len } else { i };
        if i.is_negative() || i >= len {
            return Err(self.index_error("range object index out of range"));
        }
        self.new_int_big(start + i * step)
    }

    /// `x in range`.
    pub fn range_contains(&mut self, r: Value, x: Value) -> PyResult<bool> {
        if self.is_exact_int(x) || self.is_bool(x) {
            let v = self.int_val(x).expect("int").to_big();
            let (start, stop, step, _) = self.range_parts(r);
            let in_bounds = if step.is_positive() {
                start <= v && v < stop
            } else {
                stop < v && v <= start
            };
            return Ok(in_bounds && (v - start).mod_floor(&step).is_zero());
        }
        let mark = self.sp();
        let rr = self.push_root(r)?;
        let xr = self.push_root(x)?;
        let it = self.range_iter(r)?;
        let ir = self.push_root(it)?;
        let _ = rr;
        while let Some(v) = self.range_iter_next(self.get(ir))? {
            if self.eq_values(v, self.get(xr))? {
                self.truncate(mark);
                return Ok(true);
            }
        }
        self.truncate(mark);
        Ok(false)
    }

    /// Range equality (same sequence of values).
    pub fn range_equal(&mut self, a: Value, b: Value) -> PyResult<bool> {
        if a == b {
            return Ok(true);
        }
        let (s1, _, st1, l1) = self.range_parts(a);
        let (s2, _, st2, l2) = self.range_parts(b);
        if l1 != l2 {
            return Ok(false);
        }
        if l1.is_zero() {
            return Ok(true);
        }
        if s1 != s2 {
            return Ok(false);
        }
        Ok(l1 == BigInt::from(1) || st1 == st2)
    }

    /// `repr(range)`.
    pub fn range_repr(&mut self, r: Value) -> String {
        let (start, stop, step, _) = self.range_parts(r);
        if step == BigInt::from(1) {
            format!("range({start}, {stop})")
        } else {
            format!("range({start}, {stop}, {step})")
        }
    }

    // ----- slices ------------------------------------------------------------------------

    /// A slice from 2 or 3 stack slots (`BUILD_SLICE`).
    pub fn new_slice_from_slots(&mut self, start: usize, n: usize) -> PyResult<Value> {
        let s = self.alloc_t(self.lay.obj[4][0], T::Slice)?;
        let a = Value::from_raw_nonnull(self.slot(start));
        let b = Value::from_raw_nonnull(self.slot(start + 1));
        let c = if n == 3 {
            Value::from_raw_nonnull(self.slot(start + 2))
        } else {
            self.none()
        };
        self.init_field(s, obj_::A, Some(a));
        self.init_field(s, obj_::B, Some(b));
        self.init_field(s, obj_::C, Some(c));
        Ok(s)
    }

    /// A slice from three values.
    pub fn new_slice(&mut self, a: Value, b: Value, c: Value) -> PyResult<Value> {
        let mark = self.sp();
        self.push_root(a)?;
        self.push_root(b)?;
        self.push_root(c)?;
        let s = self.new_slice_from_slots(mark, 3);
        self.truncate(mark);
        s
    }

    /// The `(start, stop, step)` fields of a slice.
    pub fn slice_fields(&self, s: Value) -> (Value, Value, Value) {
        (
            self.ldv1(s, obj_::A),
            self.ldv1(s, obj_::B),
            self.ldv1(s, obj_::C),
        )
    }

    fn slice_bound(&mut self, v: Value) -> PyResult<Option<BigInt>> {
        if self.is_none(v) {
            return Ok(None);
        }
        let iv = self.index_value(v).map_err(|e| {
            if self.err_matches(&e, T::TypeError) {
                let _ = self.take_exc(e);
                self.type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )
            } else {
                e
            }
        })?;
        Ok(Some(
            self.int_val(iv).map(|x| x.to_big()).unwrap_or_default(),
        ))
    }

    /// `slice_indices` when every field is a small int or `None` (no allocation, no
    /// Python code): CPython's `PySlice_Unpack` + `PySlice_AdjustIndices`.
    #[inline]
    fn slice_indices_small(&self, s: Value, len: usize) -> Option<SliceIdx> {
        let (a, b, c) = self.slice_fields(s);
        let field = |v: Value| -> Option<Option<i64>> {
            if let Some(i) = v.as_small() {
                Some(Some(i))
            } else if self.is_none(v) {
                Some(None)
            } else {
                None
            }
        };
        let (start, stop, step) = (field(a)?, field(b)?, field(c)?);
        let step = step.unwrap_or(1);
        if step == 0 {
            return None;
        }
        let len = len as i64;
        let adjust = |v: Option<i64>, default: i64| -> i64 {
            match v {
                None => default,
                Some(mut x) => {
                    if x < 0 {
                        x += len;
                        if x < 0 {
                            x = if step < 0 { -1 } else { 0 };
                        }
                    } else if x >= len {
                        x = if step < 0 { len - 1 } else { len };
                    }
                    x
                }
            }
        };
        let start = adjust(start, if step < 0 { len - 1 } else { 0 });
        let stop = adjust(stop, if step < 0 { -1 } else { len });
        let slen = if step < 0 {
            if stop < start {
                (start - stop - 1) / (-step) + 1
            } else {
                0
            }
        } else if start < stop {
            (stop - start - 1) / step + 1
        } else {
            0
        };
        Some(SliceIdx {
            start: start as isize,
            stop: stop as isize,
            step: step as isize,
            len: slen as usize,
        })
    }

    /// Resolves a slice against a sequence length.
    pub fn slice_indices(&mut self, s: Value, len: usize) -> PyResult<SliceIdx> {
        if let Some(si) = self.slice_indices_small(s, len) {
            return Ok(si);
        }
        let mark = self.sp();
        let sr = self.push_root(s)?;
        let (_, _, c) = self.slice_fields(s);
        let step = self.slice_bound(c)?;
        let step = match step {
            Some(st) if st.is_zero() => {
                self.truncate(mark);
                return Err(self.value_error("slice step cannot be zero"));
            }
            Some(st) => st.to_i64().unwrap_or(if st.is_negative() {
                -i64::MAX
            } else {
                i64::MAX
            }),
            None => 1,
        };
        let (a, _, _) = self.slice_fields(self.get(sr));
        let start = self.slice_bound(a)?;
        let (_, b, _) = self.slice_fields(self.get(sr));
        let stop = self.slice_bound(b)?;
        self.truncate(mark);
        let len_b = BigInt::from(len);
        let clamp = |v: Option<BigInt>, default_pos: i64, default_neg: i64| -> i64 {
            match v {
                None => {
                    if step < 0 {
                        default_neg
                    } else {
                        default_pos
                    }
                }
                Some(mut x) => {
                    if x.is_negative() {
                        x += &len_b;
                        if x.is_negative() {
                            return if step < 0 { -1 } else { 0 };
                        }
                    } else if x >= len_b {
                        return if step < 0 { len as i64 - 1 } else { len as i64 };
                    }
                    x.to_i64().unwrap_or(0)
                }
            }
        };
        let start = clamp(start, 0, len as i64 - 1);
        let stop = clamp(stop, len as i64, -1);
        let slen = if step < 0 {
            if stop < start {
                (start - stop - 1) / (-step) + 1
            } else {
                0
            }
        } else if start < stop {
            (stop - start - 1) / step + 1
        } else {
            0
        };
        Ok(SliceIdx {
            start: start as isize,
            stop: stop as isize,
            step: step as isize,
            len: slen as usize,
        })
    }
}

fn range_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "range")?;
    let n = args.len() - 1;
    let conv = |vm: &mut Vm, i: usize| -> PyResult<Value> {
        let v = args.get(vm, i);
        vm.index_value(v)
    };
    let (a, b, c) = match n {
        1 => {
            let stop = conv(vm, 1)?;
            (Value::small(0), stop, Value::small(1))
        }
        2 | 3 => {
            let a = conv(vm, 1)?;
            let ar = vm.push_root(a)?;
            let b = conv(vm, 2)?;
            let br = vm.push_root(b)?;
            let c = if n == 3 {
                conv(vm, 3)?
            } else {
                Value::small(1)
            };
            if vm.int_val(c).is_some_and(|x| x.signum() == 0) {
                return Err(vm.value_error("range() arg 3 must not be zero"));
            }
            (vm.get(ar), vm.get(br), c)
        }
        0 => return Err(vm.type_error("range expected at least 1 argument, got 0")),
        _ => {
            return Err(crate::raise!(
                vm,
                TypeError,
                "range expected at most 3 arguments, got {n}"
            ));
        }
    };
    vm.new_range(a, b, c)
}

fn range_len_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = vm.range_length(args.get(vm, 0))?;
    vm.new_usize(n)
}

fn range_iter_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.range_iter(args.get(vm, 0))
}

fn range_reversed_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.range_iter_dir(args.get(vm, 0), true)
}

fn range_getitem_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "range.__getitem__", 2, 2)?;
    vm.range_getitem(args.get(vm, 0), args.get(vm, 1))
}

fn range_contains_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = vm.range_contains(args.get(vm, 0), args.get(vm, 1))?;
    Ok(vm.bool_val(b))
}

fn range_repr_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = vm.range_repr(args.get(vm, 0));
    vm.new_str(&s)
}

fn range_hash_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let r = args.get(vm, 0);
    let (start, _, step, len) = vm.range_parts(r);
    let mark = vm.sp();
    let l = vm.new_int_big(len.clone())?;
    vm.push_root(l)?;
    let none = vm.none();
    if len.is_zero() {
        vm.push_root(none)?;
        vm.push_root(none)?;
    } else {
        let s = vm.new_int_big(start)?;
        vm.push_root(s)?;
        if len == BigInt::from(1) {
            vm.push_root(none)?;
        } else {
            let st = vm.new_int_big(step)?;
            vm.push_root(st)?;
        }
    }
    let t = vm.pack_tuple(mark)?;
    let h = vm.hash(t)?;
    vm.new_int(h)
}

fn range_count_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "count", 2, 2)?;
    let b = vm.range_contains(args.get(vm, 0), args.get(vm, 1))?;
    Ok(Value::small(b as i64))
}

fn range_index_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "index", 2, 2)?;
    let r = args.get(vm, 0);
    let x = args.get(vm, 1);
    if !vm.range_contains(r, x)? {
        let rs = vm.repr_string(args.get(vm, 1))?;
        return Err(crate::raise!(vm, ValueError, "{rs} is not in range"));
    }
    let (start, _, step, _) = vm.range_parts(args.get(vm, 0));
    let v = vm
        .int_val(args.get(vm, 1))
        .map(|x| x.to_big())
        .unwrap_or_default();
    vm.new_int_big((v - start) / step)
}

fn range_start(vm: &mut Vm, r: Value) -> PyResult<Value> {
    Ok(vm.ldv1(r, obj_::A))
}
fn range_stop(vm: &mut Vm, r: Value) -> PyResult<Value> {
    Ok(vm.ldv1(r, obj_::B))
}
fn range_step(vm: &mut Vm, r: Value) -> PyResult<Value> {
    Ok(vm.ldv1(r, obj_::C))
}

/// `range` methods.
pub static RANGE_METHODS: &[MethodDef] = &[
    func("__new__", range_new),
    meth("__len__", range_len_m),
    meth("__iter__", range_iter_m),
    meth("__reversed__", range_reversed_m),
    meth("__getitem__", range_getitem_m),
    meth("__contains__", range_contains_m),
    meth("__repr__", range_repr_m),
    meth("__hash__", range_hash_m),
    meth("count", range_count_m),
    meth("index", range_index_m),
];

/// `range` attributes.
pub static RANGE_GETSETS: &[crate::objects::builtin_func::GetSetDef] = &[
    crate::objects::builtin_func::getter("start", range_start),
    crate::objects::builtin_func::getter("stop", range_stop),
    crate::objects::builtin_func::getter("step", range_step),
];

fn slice_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "slice")?;
    let n = args.len() - 1;
    let none = vm.none();
    match n {
        1 => {
            let b = args.get(vm, 1);
            vm.new_slice(none, b, none)
        }
        2 => {
            let (a, b) = (args.get(vm, 1), args.get(vm, 2));
            vm.new_slice(a, b, none)
        }
        3 => {
            let (a, b, c) = (args.get(vm, 1), args.get(vm, 2), args.get(vm, 3));
            vm.new_slice(a, b, c)
        }
        0 => Err(vm.type_error("slice expected at least 1 argument, got 0")),
        _ => Err(crate::raise!(
            vm,
            TypeError,
            "slice expected at most 3 arguments, got {n}"
        )),
    }
}

fn slice_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = args.get(vm, 0);
    let (a, b, c) = vm.slice_fields(s);
    let mark = vm.sp();
    vm.push_root(b)?;
    vm.push_root(c)?;
    let ra = vm.repr_string(a)?;
    let rb = vm.repr_string(vm.get(crate::runtime::roots::Root(mark as u32)))?;
    let rc = vm.repr_string(vm.get(crate::runtime::roots::Root(mark as u32 + 1)))?;
    vm.truncate(mark);
    vm.new_str(&format!("slice({ra}, {rb}, {rc})"))
}

fn slice_indices_m(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "indices", 2, 2)?;
    let l = vm.index_value(args.get(vm, 1))?;
    let n = vm.small_int_of(l).unwrap_or(0);
    if n < 0 {
        return Err(vm.value_error("length should not be negative"));
    }
    let si = vm.slice_indices(args.get(vm, 0), n as usize)?;
    let mark = vm.sp();
    for x in [si.start as i64, si.stop as i64, si.step as i64] {
        let v = vm.new_int(x)?;
        vm.push_root(v)?;
    }
    vm.pack_tuple(mark)
}

fn slice_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (a, b) = (args.get(vm, 0), args.get(vm, 1));
    if vm.kind(b) != Kind::Slice {
        return Ok(vm.not_implemented());
    }
    let mark = vm.sp();
    let (a1, a2, a3) = vm.slice_fields(a);
    let (b1, b2, b3) = vm.slice_fields(b);
    for v in [a1, a2, a3] {
        vm.push_root(v)?;
    }
    let t1 = vm.pack_tuple(mark)?;
    let t1r = vm.push_root(t1)?;
    for v in [b1, b2, b3] {
        vm.push_root(v)?;
    }
    let t2 = vm.pack_tuple(t1r.index() + 1)?;
    let r = vm.eq_values(vm.get(t1r), t2)?;
    vm.truncate(mark);
    Ok(vm.bool_val(r))
}

fn slice_start(vm: &mut Vm, s: Value) -> PyResult<Value> {
    Ok(vm.ldv1(s, obj_::A))
}
fn slice_stop(vm: &mut Vm, s: Value) -> PyResult<Value> {
    Ok(vm.ldv1(s, obj_::B))
}
fn slice_step(vm: &mut Vm, s: Value) -> PyResult<Value> {
    Ok(vm.ldv1(s, obj_::C))
}

/// `slice` methods.
pub static SLICE_METHODS: &[MethodDef] = &[
    func("__new__", slice_new),
    meth("__repr__", slice_repr),
    meth("indices", slice_indices_m),
    meth("__eq__", slice_eq),
];

/// `slice` attributes.
pub static SLICE_GETSETS: &[crate::objects::builtin_func::GetSetDef] = &[
    crate::objects::builtin_func::getter("start", slice_start),
    crate::objects::builtin_func::getter("stop", slice_stop),
    crate::objects::builtin_func::getter("step", slice_step),
];
