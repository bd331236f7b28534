//! `memoryview` (basics): a one-dimensional byte view (`format 'B'`) over a `bytes` or
//! `bytearray`, with slicing (any step), indexing, item assignment on writable views,
//! iteration, comparison, `tobytes`/`tolist`/`hex`/`release` and the context manager.
//!
//! Layout `obj[2][3]`: `[type][base object][start][len][step]` — a view over a bytearray sees
//! later mutations (bounds are re-checked on each access, like CPython's export lock makes
//! resizing impossible while views exist, which this VM does not enforce).

use crate::objects::builtin_func::{GetSetDef, MethodDef, func, getter, meth};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::obj_;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

const START: usize = obj_::x(2);
const LEN: usize = obj_::y(2);
const STEP: usize = obj_::z(2);

impl Vm {
    /// Whether `v` is a memoryview.
    pub fn is_memoryview(&self, v: Value) -> bool {
        !v.is_small() && self.kind(v) == Kind::MemoryView
    }

    fn new_mv(&mut self, base: Value, start: i64, len: usize, step: i64) -> PyResult<Value> {
        let mark = self.sp();
        let br = self.push_root(base)?;
        let m = self.alloc_t(self.lay.obj[2][3], T::MemoryView)?;
        let b = self.get(br);
        self.init_field(m, obj_::A, Some(b));
        self.st_scalar::<i64>(m, START, start);
        self.st_scalar::<u64>(m, LEN, len as u64);
        self.st_scalar::<i64>(m, STEP, step);
        self.truncate(mark);
        Ok(m)
    }

    /// The bytes a memoryview shows (copied); `None` once released.
    pub fn memoryview_bytes(&self, m: Value) -> Option<Vec<u8>> {
        let base = self.ldv(m, obj_::A)?;
        let data = self.bytes_like_raw(base)?;
        let (start, len, step) = (
            self.ld_scalar::<i64>(m, START),
            self.ld_scalar::<u64>(m, LEN) as usize,
            self.ld_scalar::<i64>(m, STEP),
        );
        let mut out = Vec::with_capacity(len);
        for k in 0..len {
            let i = start + k as i64 * step;
            if let Some(&b) = data.get(i as usize) {
                out.push(b);
            }
        }
        Some(out)
    }

    fn bytes_like_raw(&self, v: Value) -> Option<&[u8]> {
        if let Some(b) = self.as_bytes_obj(v) {
            return Some(self.bytes_data(b));
        }
        if let Some(b) = crate::modules::data::array::array_bytes(self, v) {
            return Some(b);
        }
        self.bytearray_data(v)
    }
}

fn mv_self(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = args.get(vm, 0);
    if !vm.is_memoryview(m) {
        return Err(vm.type_error("descriptor requires a 'memoryview' object"));
    }
    if vm.ldv(m, obj_::A).is_none() {
        return Err(vm.value_error("operation forbidden on released memoryview object"));
    }
    Ok(m)
}

fn mv_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "memoryview")?;
    if args.len() != 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "memoryview() takes exactly one argument ({} given)",
            args.len() - 1
        ));
    }
    let o = args.get(vm, 1);
    if vm.is_memoryview(o) {
        let Some(b) = vm.ldv(o, obj_::A) else {
            return Err(vm.value_error("operation forbidden on released memoryview object"));
        };
        let (s, l, st) = (
            vm.ld_scalar::<i64>(o, START),
            vm.ld_scalar::<u64>(o, LEN) as usize,
            vm.ld_scalar::<i64>(o, STEP),
        );
        return vm.new_mv(b, s, l, st);
    }
    let Some(n) = vm.bytes_like_raw(o).map(|d| d.len()) else {
        let tn = vm.type_name(o);
        return Err(crate::raise!(
            vm,
            TypeError,
            "memoryview: a bytes-like object is required, not '{tn}'"
        ));
    };
    vm.new_mv(o, 0, n, 1)
}

fn mv_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    Ok(Value::small(vm.ld_scalar::<u64>(m, LEN) as i64))
}

fn mv_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    let k = args.get(vm, 1);
    let (start, len, step) = (
        vm.ld_scalar::<i64>(m, START),
        vm.ld_scalar::<u64>(m, LEN) as usize,
        vm.ld_scalar::<i64>(m, STEP),
    );
    if vm.kind(k) == Kind::Slice {
        let si = vm.slice_indices(k, len)?;
        let m = args.get(vm, 0);
        let base = vm.ldv1(m, obj_::A);
        return vm.new_mv(
            base,
            start + si.start as i64 * step,
            si.len,
            step * si.step as i64,
        );
    }
    let i = vm.index_i64(k)?;
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return Err(vm.index_error("index out of bounds on dimension 1"));
    }
    let m = args.get(vm, 0);
    let base = vm.ldv1(m, obj_::A);
    let b = vm
        .bytes_like_raw(base)
        .and_then(|d| d.get((start + j * step) as usize).copied());
    match b {
        Some(b) => Ok(Value::small(b as i64)),
        None => Err(vm.index_error("index out of bounds on dimension 1")),
    }
}

fn mv_setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    let base = vm.ldv1(m, obj_::A);
    if vm.bytearray_data(base).is_none() {
        return Err(vm.type_error("cannot modify read-only memory"));
    }
    let (start, len, step) = (
        vm.ld_scalar::<i64>(m, START),
        vm.ld_scalar::<u64>(m, LEN) as usize,
        vm.ld_scalar::<i64>(m, STEP),
    );
    let k = args.get(vm, 1);
    let v = args.get(vm, 2);
    let (positions, data): (Vec<i64>, Vec<u8>) = if vm.kind(k) == Kind::Slice {
        let si = vm.slice_indices(k, len)?;
        let data = vm.bytes_from_object(args.get(vm, 2))?;
        if data.len() != si.len {
            return Err(vm.value_error(
                "memoryview assignment: lvalue and rvalue have different structures",
            ));
        }
        (
            (0..si.len)
                .map(|t| start + (si.start as i64 + t as i64 * si.step as i64) * step)
                .collect(),
            data,
        )
    } else {
        let i = vm.index_i64(k)?;
        let j = if i < 0 { i + len as i64 } else { i };
        if j < 0 || j >= len as i64 {
            return Err(vm.index_error("index out of bounds on dimension 1"));
        }
        let Some(b) = vm.small_int_of(v).filter(|b| (0..256).contains(b)) else {
            return Err(vm.value_error("memoryview: invalid value for format 'B'"));
        };
        (vec![start + j * step], vec![b as u8])
    };
    let m = args.get(vm, 0);
    let base = vm.ldv1(m, obj_::A);
    let vec = vm.bytearray_vec(base).expect("bytearray");
    for (p, b) in positions.into_iter().zip(data) {
        if let Some(slot) = vec.get_mut(p as usize) {
            *slot = b;
        }
    }
    Ok(vm.none())
}

fn mv_tobytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    let b = vm.memoryview_bytes(m).unwrap_or_default();
    vm.new_bytes(&b)
}

fn mv_tolist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    let b = vm.memoryview_bytes(m).unwrap_or_default();
    let mark = vm.sp();
    for x in b {
        vm.push_root(Value::small(x as i64))?;
    }
    vm.pack_list(mark)
}

fn mv_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    let b = vm.memoryview_bytes(m).unwrap_or_default();
    let s: String = b.iter().map(|x| format!("{x:02x}")).collect();
    vm.new_str(&s)
}

fn mv_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    let b = vm.memoryview_bytes(m).unwrap_or_default();
    let bytes = vm.new_bytes(&b)?;
    vm.new_seq_iter(T::BytesIter, bytes)
}

fn mv_release(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = args.get(vm, 0);
    vm.st_field(m, obj_::A, None);
    Ok(vm.none())
}

fn mv_enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    mv_self(vm, args)
}

fn mv_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = args.get(vm, 0);
    vm.st_field(m, obj_::A, None);
    Ok(vm.bool_val(false))
}

fn mv_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.get(vm, 0);
    let b = args.get(vm, 1);
    let x = vm.memoryview_bytes(a);
    let y = if vm.is_memoryview(b) {
        vm.memoryview_bytes(b)
    } else {
        vm.bytes_like(b)
    };
    match (x, y) {
        (Some(x), Some(y)) => Ok(vm.bool_val(x == y)),
        _ => Ok(vm.bool_val(a == b)),
    }
}

fn mv_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = args.get(vm, 0);
    let id = vm.object_id_value(m);
    let what = if vm.ldv(m, obj_::A).is_none() {
        "released memory"
    } else {
        "memory"
    };
    vm.new_str(&format!("<{what} at {id:#x}>"))
}

fn mv_cast(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    let f = args.opt(vm, 1).map(|v| vm.str_string_of(v)).transpose()?;
    if !matches!(f.as_deref(), Some("B") | Some("c") | Some("b")) {
        return Err(vm.new_error(
            T::NotImplementedError,
            "memoryview.cast() supports only byte formats",
        ));
    }
    let b = vm.memoryview_bytes(m).unwrap_or_default();
    let bytes = vm.new_bytes(&b)?;
    let n = b.len();
    vm.new_mv(bytes, 0, n, 1)
}

fn g_obj(vm: &mut Vm, m: Value) -> PyResult<Value> {
    Ok(vm.ldv(m, obj_::A).unwrap_or_else(|| vm.none()))
}
fn g_nbytes(vm: &mut Vm, m: Value) -> PyResult<Value> {
    Ok(Value::small(vm.ld_scalar::<u64>(m, LEN) as i64))
}
fn g_readonly(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let ro = vm
        .ldv(m, obj_::A)
        .is_none_or(|b| vm.bytearray_data(b).is_none());
    Ok(vm.bool_val(ro))
}
fn g_itemsize(_vm: &mut Vm, _m: Value) -> PyResult<Value> {
    Ok(Value::small(1))
}
fn g_ndim(_vm: &mut Vm, _m: Value) -> PyResult<Value> {
    Ok(Value::small(1))
}
fn g_format(vm: &mut Vm, _m: Value) -> PyResult<Value> {
    vm.new_str("B")
}
fn g_shape(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let n = vm.ld_scalar::<u64>(m, LEN) as i64;
    vm.tuple1(Value::small(n))
}
fn g_strides(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let s = vm.ld_scalar::<i64>(m, STEP);
    vm.tuple1(Value::small(s))
}
fn g_contiguous(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let s = vm.ld_scalar::<i64>(m, STEP);
    Ok(vm.bool_val(s == 1))
}

/// `memoryview` methods.
pub static MEMORYVIEW_METHODS: &[MethodDef] = &[
    func("__new__", mv_new),
    meth("__len__", mv_len),
    meth("__getitem__", mv_getitem),
    meth("__setitem__", mv_setitem),
    meth("__iter__", mv_iter),
    meth("__eq__", mv_eq),
    meth("__repr__", mv_repr),
    meth("__enter__", mv_enter),
    meth("__exit__", mv_exit),
    meth("tobytes", mv_tobytes),
    meth("tolist", mv_tolist),
    meth("hex", mv_hex),
    meth("release", mv_release),
    meth("cast", mv_cast),
];

/// `memoryview` attributes.
pub static MEMORYVIEW_GETSETS: &[GetSetDef] = &[
    getter("obj", g_obj),
    getter("nbytes", g_nbytes),
    getter("readonly", g_readonly),
    getter("itemsize", g_itemsize),
    getter("ndim", g_ndim),
    getter("format", g_format),
    getter("shape", g_shape),
    getter("strides", g_strides),
    getter("contiguous", g_contiguous),
    getter("c_contiguous", g_contiguous),
    getter("f_contiguous", g_contiguous),
];
