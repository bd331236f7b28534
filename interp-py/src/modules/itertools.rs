//! The native `itertools` module: every iterator type of CPython 3.11's `itertools`.
//!
//! Representation: every itertools object uses one layout, `obj[6][1]`: the type, five GC
//! fields `A..E` (values, NULL, or small-int counters/flags stored as tagged `Value`s, which
//! the collector skips) and one scalar, the [`It`] tag selecting the `__next__` logic. The
//! types are builtin types (table in `runtime::builtin_types`, kind `Itertools`, module
//! `itertools`) so `get_iter`/`iter_next` dispatch to [`Vm::itertools_next`] without a method
//! lookup; user subclasses carry the native object as their payload.
//!
//! Invariants: a `next` function roots the iterator before any call that may allocate and
//! reloads fields after it (Python code may run: `__next__` of the inner iterators, key
//! functions, `__eq__`); an exhausted iterator clears its source field so it stays exhausted.
//! The combinatoric iterators and `groupby`/`tee`/`zip_longest` live in
//! [`super::itertools_comb`].

use crate::bytecode::BinaryOperator;
use crate::objects::builtin_func::{MethodDef, classmeth, func, meth};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::obj_;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Field offsets (GC fields after the type word).
pub(crate) const A: usize = obj_::A;
pub(crate) const B: usize = obj_::B;
pub(crate) const C: usize = obj_::C;
pub(crate) const D: usize = obj_::D;
pub(crate) const E: usize = 40;
const FIELDS: [usize; 5] = [A, B, C, D, E];
/// The tag scalar.
const TAG: usize = obj_::x(6);

macro_rules! its {
    ($($tag:ident => $t:ident),* $(,)?) => {
        /// Which itertools iterator an object is (its tag scalar; variants named like
        /// the Python types).
        #[allow(missing_docs)]
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        #[repr(u8)]
        pub enum It { $($tag),* }
        impl It {
            const ALL: &'static [It] = &[$(It::$tag),*];
            /// The builtin type of this iterator.
            pub fn ty(self) -> T {
                match self { $(It::$tag => T::$t),* }
            }
        }
    };
}

its! {
    Count => ItCount, Cycle => ItCycle, Repeat => ItRepeat, Accumulate => ItAccumulate,
    Chain => ItChain, Compress => ItCompress, DropWhile => ItDropWhile,
    TakeWhile => ItTakeWhile, FilterFalse => ItFilterFalse, StarMap => ItStarMap,
    ISlice => ItISlice, Pairwise => ItPairwise, ZipLongest => ItZipLongest,
    Product => ItProduct, Permutations => ItPermutations, Combinations => ItCombinations,
    CombinationsWithReplacement => ItCombinationsWithReplacement, GroupBy => ItGroupBy,
    Grouper => ItGrouper, Tee => ItTee, TeeData => ItTeeData,
}

/// The names the module exports (types), in CPython's order.
const EXPORTED: &[(&str, T)] = &[
    ("accumulate", T::ItAccumulate),
    ("chain", T::ItChain),
    ("combinations", T::ItCombinations),
    (
        "combinations_with_replacement",
        T::ItCombinationsWithReplacement,
    ),
    ("compress", T::ItCompress),
    ("count", T::ItCount),
    ("cycle", T::ItCycle),
    ("dropwhile", T::ItDropWhile),
    ("filterfalse", T::ItFilterFalse),
    ("groupby", T::ItGroupBy),
    ("islice", T::ItISlice),
    ("pairwise", T::ItPairwise),
    ("permutations", T::ItPermutations),
    ("product", T::ItProduct),
    ("repeat", T::ItRepeat),
    ("starmap", T::ItStarMap),
    ("takewhile", T::ItTakeWhile),
    ("zip_longest", T::ItZipLongest),
    ("_grouper", T::ItGrouper),
    ("_tee", T::ItTee),
    ("_tee_dataobject", T::ItTeeData),
];

static FUNCTIONS: &[MethodDef] = &[func("tee", super::itertools_comb::tee)];

/// Builds the `itertools` module.
pub fn init_itertools(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module(
        "itertools",
        "Functional tools for creating and using iterators.",
        FUNCTIONS,
    )?;
    let mr = vm.push_root(m)?;
    for &(name, t) in EXPORTED {
        vm.module_set(vm.get(mr), name, vm.ty(t))?;
    }
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

/// The methods of itertools type `t` besides `__iter__`/`__next__`.
pub fn itertools_methods(t: T) -> &'static [MethodDef] {
    use super::itertools_comb as c;
    static COUNT: &[MethodDef] = &[func("__new__", count_new), meth("__repr__", count_repr)];
    static CYCLE: &[MethodDef] = &[func("__new__", cycle_new)];
    static REPEAT: &[MethodDef] = &[
        func("__new__", repeat_new),
        meth("__repr__", repeat_repr),
        meth("__length_hint__", repeat_length_hint),
    ];
    static ACCUMULATE: &[MethodDef] = &[func("__new__", accumulate_new)];
    static CHAIN: &[MethodDef] = &[
        func("__new__", chain_new),
        classmeth("from_iterable", chain_from_iterable),
        classmeth("__class_getitem__", class_getitem),
    ];
    static COMPRESS: &[MethodDef] = &[func("__new__", compress_new)];
    static DROPWHILE: &[MethodDef] = &[func("__new__", dropwhile_new)];
    static TAKEWHILE: &[MethodDef] = &[func("__new__", takewhile_new)];
    static FILTERFALSE: &[MethodDef] = &[func("__new__", filterfalse_new)];
    static STARMAP: &[MethodDef] = &[func("__new__", starmap_new)];
    static ISLICE: &[MethodDef] = &[func("__new__", islice_new)];
    static PAIRWISE: &[MethodDef] = &[func("__new__", pairwise_new)];
    static ZIP_LONGEST: &[MethodDef] = &[func("__new__", c::zip_longest_new)];
    static PRODUCT: &[MethodDef] = &[func("__new__", c::product_new)];
    static PERMUTATIONS: &[MethodDef] = &[func("__new__", c::permutations_new)];
    static COMBINATIONS: &[MethodDef] = &[func("__new__", c::combinations_new)];
    static CWR: &[MethodDef] = &[func("__new__", c::cwr_new)];
    static GROUPBY: &[MethodDef] = &[func("__new__", c::groupby_new)];
    static TEE: &[MethodDef] = &[func("__new__", c::tee_new), meth("__copy__", c::tee_copy)];
    match t {
        T::ItCount => COUNT,
        T::ItCycle => CYCLE,
        T::ItRepeat => REPEAT,
        T::ItAccumulate => ACCUMULATE,
        T::ItChain => CHAIN,
        T::ItCompress => COMPRESS,
        T::ItDropWhile => DROPWHILE,
        T::ItTakeWhile => TAKEWHILE,
        T::ItFilterFalse => FILTERFALSE,
        T::ItStarMap => STARMAP,
        T::ItISlice => ISLICE,
        T::ItPairwise => PAIRWISE,
        T::ItZipLongest => ZIP_LONGEST,
        T::ItProduct => PRODUCT,
        T::ItPermutations => PERMUTATIONS,
        T::ItCombinations => COMBINATIONS,
        T::ItCombinationsWithReplacement => CWR,
        T::ItGroupBy => GROUPBY,
        T::ItTee => TEE,
        _ => &[],
    }
}

/// Allocates an itertools object of `tag` for the class in `cls`; its fields are the stack
/// slots `mark..sp` (raw words, 0 = NULL, at most five), which are popped.
pub(crate) fn new_it(vm: &mut Vm, cls: Option<Root>, tag: It, mark: usize) -> PyResult<Value> {
    let n = vm.sp() - mark;
    debug_assert!(n <= FIELDS.len());
    let o = vm.alloc_t(vm.lay.obj[6][1], tag.ty())?;
    for (i, &off) in FIELDS.iter().enumerate() {
        let w = if i < n { vm.slot(mark + i) } else { 0 };
        vm.init_field(o, off, Value::from_raw(w));
    }
    vm.st_scalar::<u64>(o, TAG, tag as u64);
    vm.truncate(mark);
    match cls {
        Some(c) => vm.wrap_native_instance(c, o, Kind::Itertools),
        None => Ok(o),
    }
}

/// The native itertools object behind `v` (itself or a subclass instance's payload).
pub(crate) fn it_obj(vm: &Vm, v: Value) -> Option<Value> {
    let v = vm.payload_or_self(v);
    (!v.is_small() && vm.kind(v) == Kind::Itertools).then_some(v)
}

/// A small-int field (counters, flags).
pub(crate) fn small(vm: &Vm, o: Value, off: usize) -> i64 {
    vm.ldv(o, off).and_then(Value::as_small).unwrap_or(0)
}

/// Rejects keyword arguments for constructor `name`.
fn no_kw(vm: &mut Vm, args: Args, name: &str) -> PyResult<()> {
    if args.has_kw() {
        return Err(crate::raise!(
            vm,
            TypeError,
            "{name}() takes no keyword arguments"
        ));
    }
    Ok(())
}

/// Checks the positional count of a constructor (`args` includes `cls`).
pub(crate) fn ctor_args(
    vm: &mut Vm,
    args: Args,
    name: &str,
    min: usize,
    max: usize,
) -> PyResult<usize> {
    no_kw(vm, args, name)?;
    let n = args.len() - 1;
    if n < min || n > max {
        let msg = if n < min {
            format!(
                "{name} expected {} {min} argument{}, got {n}",
                if min == max { "" } else { "at least" },
                if min == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{name} expected {} {max} argument{}, got {n}",
                if min == max { "" } else { "at most" },
                if max == 1 { "" } else { "s" }
            )
        };
        return Err(vm.type_error(&msg.replace("  ", " ")));
    }
    Ok(n)
}

impl Vm {
    /// `next()` of an itertools iterator: `None` when exhausted.
    pub fn itertools_next(&mut self, it: Value) -> PyResult<Option<Value>> {
        let tag = (self.ld_scalar::<u64>(it, TAG) & 0xff) as usize;
        let Some(&tag) = It::ALL.get(tag) else {
            return Ok(None);
        };
        let mark = self.sp();
        let r = self.push_root(it)?;
        use super::itertools_comb as c;
        let out = match tag {
            It::Count => count_next(self, r),
            It::Cycle => cycle_next(self, r),
            It::Repeat => repeat_next(self, r),
            It::Accumulate => accumulate_next(self, r),
            It::Chain => chain_next(self, r),
            It::Compress => compress_next(self, r),
            It::DropWhile => dropwhile_next(self, r),
            It::TakeWhile => takewhile_next(self, r),
            It::FilterFalse => filterfalse_next(self, r),
            It::StarMap => starmap_next(self, r),
            It::ISlice => islice_next(self, r),
            It::Pairwise => pairwise_next(self, r),
            It::ZipLongest => c::zip_longest_next(self, r),
            It::Product => c::product_next(self, r),
            It::Permutations => c::permutations_next(self, r),
            It::Combinations => c::combinations_next(self, r, false),
            It::CombinationsWithReplacement => c::combinations_next(self, r, true),
            It::GroupBy => c::groupby_next(self, r),
            It::Grouper => c::grouper_next(self, r),
            It::Tee => c::tee_next(self, r),
            It::TeeData => Ok(None),
        };
        self.truncate(mark);
        out
    }

    /// `next(it)` of the iterator in field `off` of the object in `r`; clears the field when
    /// it is exhausted.
    pub(crate) fn it_field_next(&mut self, r: Root, off: usize) -> PyResult<Option<Value>> {
        let Some(inner) = self.ldv(self.get(r), off) else {
            return Ok(None);
        };
        let v = self.iter_next(inner)?;
        if v.is_none() {
            let o = self.get(r);
            self.st_field(o, off, None);
        }
        Ok(v)
    }
}

fn class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, a) = (args.get(vm, 0), args.get(vm, 1));
    vm.generic_alias(cls, a)
}

// ----- count ----------------------------------------------------------------------------------

/// CPython's `PyNumber_Check`: ints, floats, complex, or a type with `__index__`,
/// `__int__`, `__float__` or `__complex__`.
fn is_number(vm: &mut Vm, v: Value) -> bool {
    use crate::runtime::names::n;
    if v.is_small()
        || matches!(
            vm.kind(v),
            Kind::Int | Kind::Bool | Kind::Float | Kind::Complex
        )
    {
        return true;
    }
    let ty = vm.type_of(v);
    [n::INDEX, n::INT, n::FLOAT, n::COMPLEX]
        .into_iter()
        .any(|name| vm.lookup_special(ty, name).is_some())
}

/// The "missing required argument" error of a constructor bound with `required: 1`.
pub(crate) fn missing(
    vm: &mut Vm,
    f: &str,
    name: &str,
    pos: usize,
) -> crate::runtime::errors::PyErr {
    crate::raise!(
        vm,
        TypeError,
        "{f}() missing required argument '{name}' (pos {pos})"
    )
}

/// The value of a required parameter bound with `required: 1`.
pub(crate) fn required(
    vm: &mut Vm,
    r: Option<Root>,
    f: &str,
    name: &str,
    pos: usize,
) -> PyResult<Value> {
    match r {
        Some(r) => Ok(vm.get(r)),
        None => Err(missing(vm, f, name, pos)),
    }
}

fn count_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "count",
        params: &["cls", "start", "step"],
        posonly: 1,
        kwonly: 3,
        required: 1,
    };
    let [cls, start, step] = vm.bind::<3>(args, &SIG)?;
    let start = start.map(|r| vm.get(r)).unwrap_or(Value::small(0));
    let stepv = step.map(|r| vm.get(r));
    for v in [Some(start), stepv].into_iter().flatten() {
        if !is_number(vm, v) {
            return Err(vm.type_error("a number is required"));
        }
    }
    let mark = vm.sp();
    vm.push_root(start)?;
    vm.push_opt(stepv)?;
    new_it(vm, cls, It::Count, mark)
}

fn count_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    let o = vm.get(r);
    let cur = vm.ldv1(o, A);
    let step = vm.ldv(o, B).unwrap_or(Value::small(1));
    let next = vm.binary_op(cur, step, BinaryOperator::Add)?;
    let o = vm.get(r);
    let cur = vm.ldv1(o, A);
    vm.st_field(o, A, Some(next));
    Ok(Some(cur))
}

fn count_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let o = it_obj(vm, v).ok_or_else(|| vm.type_error("count.__repr__ needs a count"))?;
    let tn = vm.type_name(v);
    let mark = vm.sp();
    let or = vm.push_root(o)?;
    let cur = vm.repr_string(vm.ldv1(o, A))?;
    let step = vm.ldv(vm.get(or), B);
    let s = match step {
        Some(st) if st.as_small() != Some(1) => {
            let sr = vm.repr_string(st)?;
            format!("{tn}({cur}, {sr})")
        }
        _ => format!("{tn}({cur})"),
    };
    vm.truncate(mark);
    vm.new_str(&s)
}

// ----- cycle ----------------------------------------------------------------------------------

fn cycle_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    ctor_args(vm, args, "cycle", 1, 1)?;
    let it = vm.get_iter(args.get(vm, 1))?;
    let mark = vm.sp();
    vm.push_root(it)?;
    let saved = vm.new_list(0)?;
    vm.push_root(saved)?;
    vm.push_root(Value::small(0))?;
    new_it(vm, Some(args.root(0)), It::Cycle, mark)
}

fn cycle_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    if let Some(v) = vm.it_field_next(r, A)? {
        let vr = vm.push_root(v)?;
        let saved = vm.ldv1(vm.get(r), B);
        vm.list_append(saved, vm.get(vr))?;
        return Ok(Some(vm.get(vr)));
    }
    let o = vm.get(r);
    let saved = vm.ldv1(o, B);
    let n = vm.list_len(saved);
    if n == 0 {
        return Ok(None);
    }
    let i = small(vm, o, C) as usize % n;
    vm.st_field(o, C, Some(Value::small(((i + 1) % n) as i64)));
    Ok(Some(vm.list_get(saved, i)))
}

// ----- repeat ---------------------------------------------------------------------------------

fn repeat_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "repeat",
        params: &["cls", "object", "times"],
        posonly: 1,
        kwonly: 3,
        required: 1,
    };
    let [cls, object, times] = vm.bind::<3>(args, &SIG)?;
    let Some(object) = object else {
        return Err(missing(vm, "repeat", "object", 1));
    };
    let cnt = match times {
        Some(t) => {
            let t = vm.get(t);
            let Some(n) = vm.int_to_i64(t)? else {
                let tn = vm.type_name(t);
                return Err(crate::raise!(
                    vm,
                    TypeError,
                    "'{tn}' object cannot be interpreted as an integer"
                ));
            };
            Some(Value::small(n.clamp(0, i64::MAX >> 2)))
        }
        None => None,
    };
    let mark = vm.sp();
    vm.push_root(vm.get(object))?;
    vm.push_opt(cnt)?;
    new_it(vm, cls, It::Repeat, mark)
}

fn repeat_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    let o = vm.get(r);
    let v = vm.ldv1(o, A);
    if let Some(cnt) = vm.ldv(o, B).and_then(Value::as_small) {
        if cnt == 0 {
            return Ok(None);
        }
        vm.st_field(o, B, Some(Value::small(cnt - 1)));
    }
    Ok(Some(v))
}

fn repeat_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let o = it_obj(vm, v).ok_or_else(|| vm.type_error("repeat.__repr__ needs a repeat"))?;
    let tn = vm.type_name(v);
    let cnt = vm.ldv(o, B).and_then(Value::as_small);
    let obj = vm.repr_string(vm.ldv1(o, A))?;
    let s = match cnt {
        Some(c) => format!("{tn}({obj}, {c})"),
        None => format!("{tn}({obj})"),
    };
    vm.new_str(&s)
}

fn repeat_length_hint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let o = it_obj(vm, v).ok_or_else(|| vm.type_error("needs a repeat"))?;
    match vm.ldv(o, B).and_then(Value::as_small) {
        Some(c) => Ok(Value::small(c)),
        None => Err(vm.type_error("len() of unsized object")),
    }
}

// ----- accumulate -----------------------------------------------------------------------------

fn accumulate_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "accumulate",
        params: &["cls", "iterable", "func", "initial"],
        posonly: 1,
        kwonly: 3,
        required: 1,
    };
    let [cls, iterable, f, initial] = vm.bind::<4>(args, &SIG)?;
    let Some(iterable) = iterable else {
        return Err(missing(vm, "accumulate", "iterable", 1));
    };
    let it = vm.get_iter(vm.get(iterable))?;
    let mark = vm.sp();
    vm.push_root(it)?;
    let f = f.map(|r| vm.get(r)).filter(|&v| !vm.is_none(v));
    vm.push_opt(f)?;
    vm.push_word(0)?;
    let init = initial.map(|r| vm.get(r)).filter(|&v| !vm.is_none(v));
    vm.push_opt(init)?;
    new_it(vm, cls, It::Accumulate, mark)
}

fn accumulate_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    let o = vm.get(r);
    if let Some(init) = vm.ldv(o, D) {
        vm.st_field(o, D, None);
        vm.st_field(o, C, Some(init));
        return Ok(Some(init));
    }
    let Some(v) = vm.it_field_next(r, A)? else {
        return Ok(None);
    };
    let o = vm.get(r);
    let total = match vm.ldv(o, C) {
        None => v,
        Some(t) => match vm.ldv(o, B) {
            Some(f) => vm.call(f, &[t, v])?,
            None => vm.binary_op(t, v, BinaryOperator::Add)?,
        },
    };
    let o = vm.get(r);
    vm.st_field(o, C, Some(total));
    Ok(Some(total))
}

// ----- chain ----------------------------------------------------------------------------------

fn chain_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    no_kw(vm, args, "chain")?;
    let mark = vm.sp();
    for i in 1..args.len() {
        vm.push_root(args.get(vm, i))?;
    }
    let t = vm.pack_tuple(mark)?;
    let src = vm.get_iter(t)?;
    vm.push_root(src)?;
    new_it(vm, Some(args.root(0)), It::Chain, mark)
}

fn chain_from_iterable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "from_iterable", 2, 2)?;
    let src = vm.get_iter(args.get(vm, 1))?;
    let mark = vm.sp();
    vm.push_root(src)?;
    new_it(vm, Some(args.root(0)), It::Chain, mark)
}

fn chain_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    loop {
        if let Some(v) = vm.it_field_next(r, B)? {
            return Ok(Some(v));
        }
        let Some(s) = vm.it_field_next(r, A)? else {
            return Ok(None);
        };
        let active = vm.get_iter(s)?;
        let o = vm.get(r);
        vm.st_field(o, B, Some(active));
    }
}

// ----- compress, dropwhile, takewhile, filterfalse, starmap, pairwise ----------------------

/// `[iter(args[1])...]` of a two-argument constructor, with `f_first` keeping `args[1]` as
/// is (a predicate or function) and iterating `args[2]`.
fn two_arg_ctor(vm: &mut Vm, args: Args, name: &str, tag: It, f_first: bool) -> PyResult<Value> {
    ctor_args(vm, args, name, 2, 2)?;
    let mark = vm.sp();
    if f_first {
        vm.push_root(args.get(vm, 1))?;
    } else {
        let a = vm.get_iter(args.get(vm, 1))?;
        vm.push_root(a)?;
    }
    let b = vm.get_iter(args.get(vm, 2))?;
    vm.push_root(b)?;
    new_it(vm, Some(args.root(0)), tag, mark)
}

fn compress_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "compress",
        params: &["cls", "data", "selectors"],
        posonly: 1,
        kwonly: 3,
        required: 1,
    };
    let [cls, data, sel] = vm.bind::<3>(args, &SIG)?;
    let data = required(vm, data, "compress", "data", 1)?;
    let mark = vm.sp();
    let a = vm.get_iter(data)?;
    vm.push_root(a)?;
    let sel = required(vm, sel, "compress", "selectors", 2)?;
    let b = vm.get_iter(sel)?;
    vm.push_root(b)?;
    new_it(vm, cls, It::Compress, mark)
}

fn compress_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    loop {
        let Some(d) = vm.it_field_next(r, A)? else {
            return Ok(None);
        };
        let dr = vm.push_root(d)?;
        let Some(s) = vm.it_field_next(r, B)? else {
            let o = vm.get(r);
            vm.st_field(o, A, None);
            return Ok(None);
        };
        if vm.truthy(s)? {
            return Ok(Some(vm.get(dr)));
        }
        vm.truncate(dr.index());
    }
}

fn dropwhile_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    two_arg_ctor(vm, args, "dropwhile", It::DropWhile, true)
}

fn dropwhile_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    loop {
        let Some(v) = vm.it_field_next(r, B)? else {
            return Ok(None);
        };
        if small(vm, vm.get(r), C) != 0 {
            return Ok(Some(v));
        }
        let vr = vm.push_root(v)?;
        let pred = vm.ldv1(vm.get(r), A);
        let t = vm.call(pred, &[v])?;
        if !vm.truthy(t)? {
            let o = vm.get(r);
            vm.st_field(o, C, Some(Value::small(1)));
            return Ok(Some(vm.get(vr)));
        }
        vm.truncate(vr.index());
    }
}

fn takewhile_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    two_arg_ctor(vm, args, "takewhile", It::TakeWhile, true)
}

fn takewhile_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    if small(vm, vm.get(r), C) != 0 {
        return Ok(None);
    }
    let Some(v) = vm.it_field_next(r, B)? else {
        return Ok(None);
    };
    let vr = vm.push_root(v)?;
    let pred = vm.ldv1(vm.get(r), A);
    let t = vm.call(pred, &[v])?;
    if vm.truthy(t)? {
        return Ok(Some(vm.get(vr)));
    }
    let o = vm.get(r);
    vm.st_field(o, C, Some(Value::small(1)));
    Ok(None)
}

fn filterfalse_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    two_arg_ctor(vm, args, "filterfalse", It::FilterFalse, true)
}

fn filterfalse_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    loop {
        let Some(v) = vm.it_field_next(r, B)? else {
            return Ok(None);
        };
        let vr = vm.push_root(v)?;
        let pred = vm.ldv1(vm.get(r), A);
        let t = if vm.is_none(pred) {
            v
        } else {
            vm.call(pred, &[v])?
        };
        if !vm.truthy(t)? {
            return Ok(Some(vm.get(vr)));
        }
        vm.truncate(vr.index());
    }
}

fn starmap_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    two_arg_ctor(vm, args, "starmap", It::StarMap, true)
}

fn starmap_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    let Some(a) = vm.it_field_next(r, B)? else {
        return Ok(None);
    };
    let t = vm.to_tuple(a)?;
    let tr = vm.push_root(t)?;
    let base = vm.sp();
    vm.push_root(vm.ldv1(vm.get(r), A))?;
    vm.push_word(0)?;
    let n = vm.tuple_len(vm.get(tr));
    for i in 0..n {
        let x = vm.tuple_get(vm.get(tr), i);
        vm.push_root(x)?;
    }
    vm.call_at(base, n, 0).map(Some)
}

fn pairwise_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    ctor_args(vm, args, "pairwise", 1, 1)?;
    let it = vm.get_iter(args.get(vm, 1))?;
    let mark = vm.sp();
    vm.push_root(it)?;
    new_it(vm, Some(args.root(0)), It::Pairwise, mark)
}

fn pairwise_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    let old = match vm.ldv(vm.get(r), B) {
        Some(o) => o,
        None => {
            let Some(first) = vm.it_field_next(r, A)? else {
                return Ok(None);
            };
            let o = vm.get(r);
            vm.st_field(o, B, Some(first));
            first
        }
    };
    let or = vm.push_root(old)?;
    let Some(new) = vm.it_field_next(r, A)? else {
        let o = vm.get(r);
        vm.st_field(o, B, None);
        return Ok(None);
    };
    let nr = vm.push_root(new)?;
    let o = vm.get(r);
    vm.st_field(o, B, Some(new));
    vm.tuple2(vm.get(or), vm.get(nr)).map(Some)
}

// ----- islice ---------------------------------------------------------------------------------

/// An islice index argument: `None` or an int in `0..=sys.maxsize` (else `ValueError(msg)`,
/// as CPython). Values beyond 2**61 are clamped (no iterator gets that far).
fn islice_index(vm: &mut Vm, v: Value, msg: &str) -> PyResult<Option<i64>> {
    if vm.is_none(v) {
        return Ok(None);
    }
    let ok = v.is_small() || vm.kind(v) == Kind::Int || vm.kind(v) == Kind::Bool || {
        let ty = vm.type_of(v);
        vm.lookup_special(ty, crate::runtime::names::n::INDEX)
            .is_some()
    };
    if !ok {
        return Err(vm.value_error(msg));
    }
    let i = vm.index_value(v)?;
    match vm.int_val(i).and_then(|x| x.to_i64()) {
        Some(n) if n >= 0 => Ok(Some(n.min(i64::MAX >> 2))),
        _ => Err(vm.value_error(msg)),
    }
}

fn islice_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = ctor_args(vm, args, "islice", 2, 4)?;
    let stop_msg = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let idx_msg = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let (start, stop, step) = if n == 2 {
        (0, islice_index(vm, args.get(vm, 2), stop_msg)?, 1)
    } else {
        let start = islice_index(vm, args.get(vm, 2), idx_msg)?.unwrap_or(0);
        let stop = islice_index(vm, args.get(vm, 3), stop_msg)?;
        let step = match args.opt(vm, 4) {
            None => 1,
            Some(s) if vm.is_none(s) => 1,
            Some(s) => {
                let msg = "Step for islice() must be a positive integer or None.";
                match islice_index(vm, s, msg) {
                    Ok(Some(k)) if k >= 1 => k,
                    Ok(_) => return Err(vm.value_error(msg)),
                    Err(e) => {
                        let _ = vm.take_exc(e);
                        return Err(vm.value_error(msg));
                    }
                }
            }
        };
        (start, stop, step)
    };
    let it = vm.get_iter(args.get(vm, 1))?;
    let mark = vm.sp();
    vm.push_root(it)?;
    vm.push_root(Value::small(start))?;
    vm.push_opt(stop.map(Value::small))?;
    vm.push_root(Value::small(step))?;
    vm.push_root(Value::small(0))?;
    new_it(vm, Some(args.root(0)), It::ISlice, mark)
}

fn islice_next(vm: &mut Vm, r: Root) -> PyResult<Option<Value>> {
    // Fields: A iterator, B next index to yield, C stop (NULL: none), D step, E consumed.
    let o = vm.get(r);
    let stop = vm.ldv(o, C).and_then(Value::as_small);
    let next = small(vm, o, B);
    while small(vm, vm.get(r), E) < next {
        if vm.it_field_next(r, A)?.is_none() {
            return Ok(None);
        }
        let o = vm.get(r);
        let cnt = small(vm, o, E);
        vm.st_field(o, E, Some(Value::small(cnt + 1)));
    }
    if stop.is_some_and(|s| small(vm, vm.get(r), E) >= s) {
        let o = vm.get(r);
        vm.st_field(o, A, None);
        return Ok(None);
    }
    let Some(item) = vm.it_field_next(r, A)? else {
        return Ok(None);
    };
    let o = vm.get(r);
    let cnt = small(vm, o, E);
    vm.st_field(o, E, Some(Value::small(cnt + 1)));
    let step = small(vm, o, D);
    let mut nx = next.saturating_add(step);
    if let Some(s) = stop
        && nx > s
    {
        nx = s;
    }
    vm.st_field(o, B, Some(Value::small(nx)));
    Ok(Some(item))
}
