//! `array`: the `array.array` type (typecodes `bBuhHiIlLqQfd`), its iterator, `typecodes`,
//! `ArrayType` and `_array_reconstructor` (pickling), with CPython 3.11's messages.
//!
//! An array is a native boxed object whose state is an [`ArrayState`]: the typecode and the
//! items packed in native byte order in one `Vec<u8>` (so `tobytes`, `bytes(a)` and the
//! buffer protocol are copies of it). Element conversion lives in [`super::array_codec`];
//! the sequence methods in [`super::array_methods`].
//!
//! Invariant: `data.len()` is a multiple of the item size. A state borrow is never held
//! across a call into Python (element conversion runs before the state is fetched again).

use crate::objects::builtin_func::{GetSetDef, MethodDef, classmeth, func, getter, meth};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::array_codec::{self as codec, El, TYPECODES};
use super::array_methods as am;
use super::native::{self, TypeSpec};

/// The state of one array.
#[derive(Clone, Debug)]
pub struct ArrayState {
    /// The typecode (an ASCII letter of [`TYPECODES`]).
    pub tc: u8,
    /// The items, native byte order.
    pub data: Vec<u8>,
}

impl ArrayState {
    /// Item size in bytes.
    pub fn itemsize(&self) -> usize {
        codec::itemsize(self.tc)
    }
    /// Number of items.
    pub fn len(&self) -> usize {
        self.data.len() / self.itemsize()
    }
    /// Whether the array is empty.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
    /// Item `i` (in range).
    pub fn get(&self, i: usize) -> El {
        let n = self.itemsize();
        codec::decode(self.tc, &self.data[i * n..])
    }
    /// Sets item `i` (in range).
    pub fn set(&mut self, i: usize, e: El) {
        let n = self.itemsize();
        codec::encode(self.tc, e, &mut self.data[i * n..(i + 1) * n]);
    }
    /// Appends an item.
    pub fn push(&mut self, e: El) {
        let n = self.itemsize();
        let at = self.data.len();
        self.data.resize(at + n, 0);
        codec::encode(self.tc, e, &mut self.data[at..]);
    }
}

/// The registry key of `array.array`.
pub const ARRAY_KEY: &str = "array.array";

static ARRAY_METHODS: &[MethodDef] = &[
    func("__new__", array_new),
    meth("append", am::append),
    meth("extend", am::extend),
    meth("insert", am::insert),
    meth("pop", am::pop),
    meth("remove", am::remove),
    meth("index", am::index),
    meth("count", am::count),
    meth("reverse", am::reverse),
    meth("byteswap", am::byteswap),
    meth("buffer_info", am::buffer_info),
    meth("tobytes", am::tobytes),
    meth("frombytes", am::frombytes),
    meth("tolist", am::tolist),
    meth("fromlist", am::fromlist),
    meth("tofile", am::tofile),
    meth("fromfile", am::fromfile),
    meth("tounicode", am::tounicode),
    meth("fromunicode", am::fromunicode),
    meth("__reduce_ex__", am::reduce_ex),
    meth("__copy__", am::copy),
    meth("__deepcopy__", am::deepcopy),
    meth("__len__", am::len),
    meth("__getitem__", am::getitem),
    meth("__setitem__", am::setitem),
    meth("__delitem__", am::delitem),
    meth("__contains__", am::contains),
    meth("__iter__", am::iter),
    meth("__add__", am::add),
    meth("__mul__", am::mul),
    meth("__rmul__", am::mul),
    meth("__iadd__", am::iadd),
    meth("__imul__", am::imul),
    meth("__eq__", am::eq),
    meth("__ne__", am::ne),
    meth("__lt__", am::lt),
    meth("__le__", am::le),
    meth("__gt__", am::gt),
    meth("__ge__", am::ge),
    meth("__repr__", am::repr),
    meth("__sizeof__", am::sizeof),
    classmeth("__class_getitem__", am::class_getitem),
];
static ARRAY_GETSETS: &[GetSetDef] = &[
    getter("typecode", am::g_typecode),
    getter("itemsize", am::g_itemsize),
];
static ARRAY_TYPE: TypeSpec = TypeSpec {
    key: ARRAY_KEY,
    module: "array",
    name: "array",
    methods: ARRAY_METHODS,
    getsets: ARRAY_GETSETS,
    basetype: true,
    doc: "array(typecode [, initializer]) -> array\n\nReturn a new array whose items are restricted by typecode, and\ninitialized from the optional initializer value, which must be a list,\nstring or iterable over elements of the appropriate type.",
};

/// The state of an array iterator.
pub struct IterState {
    pub(crate) pos: usize,
}

static ITER_METHODS: &[MethodDef] = &[
    func("__new__", am::iter_no_new),
    meth("__iter__", am::it_iter),
    meth("__next__", am::it_next),
    meth("__reduce__", am::it_reduce),
    meth("__setstate__", am::it_setstate),
];
/// The registry key of `array.arrayiterator`.
pub const ITER_KEY: &str = "array.arrayiterator";
static ITER_TYPE: TypeSpec = TypeSpec {
    key: ITER_KEY,
    module: "array",
    name: "arrayiterator",
    methods: ITER_METHODS,
    getsets: &[],
    basetype: false,
    doc: "",
};

static FUNCTIONS: &[MethodDef] = &[func("_array_reconstructor", am::reconstructor)];

/// Builds `array`.
pub fn init_array(vm: &mut Vm) -> PyResult<Value> {
    let mark = vm.sp();
    let m = vm.new_native_module(
        "array",
        "This module defines an object type which can efficiently represent\nan array of basic values: characters, integers, floating point\nnumbers.",
        FUNCTIONS,
    )?;
    let mr = vm.push_root(m)?;
    let t = native::make_type(vm, &ARRAY_TYPE)?;
    vm.module_set(vm.get(mr), "array", t)?;
    vm.module_set(vm.get(mr), "ArrayType", t)?;
    native::make_type(vm, &ITER_TYPE)?;
    let tc = vm.new_str(TYPECODES)?;
    vm.module_set(vm.get(mr), "typecodes", tc)?;
    let m = vm.get(mr);
    vm.truncate(mark);
    Ok(m)
}

/// The array state of `v` (an array or an array subclass instance), if it is one.
pub fn array_state(vm: &mut Vm, v: Value) -> Option<&mut ArrayState> {
    native::state::<ArrayState>(vm, v)
}

/// The item bytes of an array, for the buffer protocol (`None`: not an array).
pub fn array_bytes_mut(vm: &mut Vm, v: Value) -> Option<&mut Vec<u8>> {
    array_state(vm, v).map(|s| &mut s.data)
}

/// The item bytes of an array, read-only (the core's buffer hooks take `&Vm`).
pub fn array_bytes(vm: &Vm, v: Value) -> Option<&[u8]> {
    native::state_ref::<ArrayState>(vm, v).map(|s| s.data.as_slice())
}

/// A new array of the class in `cls` (or exactly `array.array`) with `st`.
pub fn new_array(
    vm: &mut Vm,
    cls: Option<crate::runtime::roots::Root>,
    st: ArrayState,
) -> PyResult<Value> {
    native::make_type(vm, &ARRAY_TYPE)?;
    native::new_native(vm, ARRAY_KEY, cls, Box::new(st))
}

/// A new array iterator over the array `a`.
pub fn new_iter(vm: &mut Vm, a: Value) -> PyResult<Value> {
    let mark = vm.sp();
    let ar = vm.push_root(a)?;
    native::make_type(vm, &ITER_TYPE)?;
    let it = native::new_native(vm, ITER_KEY, None, Box::new(IterState { pos: 0 }))?;
    native::set_field(vm, it, crate::runtime::layout::boxed_::A, Some(vm.get(ar)));
    vm.truncate(mark);
    Ok(it)
}

fn array_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = args.root(0);
    let exact = Some(vm.get(cls)) == vm.named_global(ARRAY_KEY);
    if exact && args.has_kw() {
        return Err(vm.type_error("array.array() takes no keyword arguments"));
    }
    let n = args.len() - 1;
    if n == 0 {
        return Err(vm.type_error("array() takes at least 1 argument (0 given)"));
    }
    if n > 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "array() takes at most 2 arguments ({n} given)"
        ));
    }
    let tcv = args.get(vm, 1);
    let tc = match vm.as_str_obj(tcv) {
        Some(s) if vm.str_len(s) == 1 => vm.str_char_at(s, 0)?,
        _ => {
            let tn = vm.type_name(tcv);
            return Err(crate::raise!(
                vm,
                TypeError,
                "array() argument 1 must be a unicode character, not {tn}"
            ));
        }
    };
    if tc > 127 || !codec::valid(tc as u8) {
        return Err(
            vm.value_error("bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)")
        );
    }
    let tc = tc as u8;
    let init = args.opt(vm, 2);
    if let Some(i) = init {
        if vm.is_str(i) && tc != b'u' {
            return Err(crate::raise!(
                vm,
                TypeError,
                "cannot use a str to initialize an array with typecode '{}'",
                tc as char
            ));
        }
        if let Some(other) = array_state(vm, i)
            && other.tc == b'u'
            && tc != b'u'
        {
            return Err(crate::raise!(
                vm,
                TypeError,
                "cannot use a unicode array to initialize an array with typecode '{}'",
                tc as char
            ));
        }
    }
    let a = new_array(
        vm,
        Some(cls),
        ArrayState {
            tc,
            data: Vec::new(),
        },
    )?;
    let Some(init) = args.opt(vm, 2) else {
        return Ok(a);
    };
    let mark = vm.sp();
    let ar = vm.push_root(a)?;
    if vm.as_bytes_obj(init).is_some() || vm.bytearray_data(init).is_some() {
        let b = vm.bytes_like(init).unwrap_or_default();
        am::frombytes_raw(vm, vm.get(ar), &b)?;
        let a = vm.get(ar);
        vm.truncate(mark);
        return Ok(a);
    }
    if let Some(s) = vm.as_str_obj(init) {
        let text = vm.str_string(s);
        let st = array_state(vm, vm.get(ar)).expect("fresh array");
        for c in text.chars() {
            st.push(El::U(c as u32));
        }
    } else {
        am::extend_from(vm, ar, args.root(2), false)?;
    }
    let a = vm.get(ar);
    vm.truncate(mark);
    Ok(a)
}
