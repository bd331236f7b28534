//! `memoryview` (basics): a one-dimensional byte view (`format 'B'`) over a `bytes` or
//! `bytearray`, with slicing (any step), indexing, item assignment on writable views,
//! iteration, comparison, `tobytes`/`tolist`/`hex`/`release` and the context manager.
//!
//! `cast` to a multi-byte format (`'H'`, `'I'`, `'q'`, `'d'`, ...) of a contiguous view gives a
//! view whose items are decoded in native byte order (length, indexing, iteration, `tolist`,
//! `itemsize`/`format`/`shape`); slicing and item assignment of such views raise
//! `NotImplementedError`.
//!
//! Layout `obj[3][3]`: `[type][base object][format str or NULL = 'B'][start][len][step]`
//! (len and step in bytes) — a view over a bytearray sees
//! later mutations (bounds are re-checked on each access, like CPython's export lock makes
//! resizing impossible while views exist, which this VM does not enforce).

use crate::objects::builtin_func::{GetSetDef, MethodDef, func, getter, meth};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::obj_;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

const START: usize = obj_::x(3);
const LEN: usize = obj_::y(3);
const STEP: usize = obj_::z(3);

impl Vm {
    /// Whether `v` is a memoryview.
    pub fn is_memoryview(&self, v: Value) -> bool {
        !v.is_small() && self.kind(v) == Kind::MemoryView
    }

    fn new_mv(&mut self, base: Value, start: i64, len: usize, step: i64) -> PyResult<Value> {
        let mark = self.sp();
        let br = self.push_root(base)?;
        let m = self.alloc_t(self.lay.obj[3][3], T::MemoryView)?;
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

/// The item format of a view: `(code, itemsize)`; `('B', 1)` for byte views.
fn mv_format(vm: &Vm, m: Value) -> (char, usize) {
    match vm.ldv(m, obj_::B) {
        Some(f) if vm.is_str(f) => {
            let c = vm.str_bytes(f).first().copied().unwrap_or(b'B') as char;
            (c, format_size(c).unwrap_or(1))
        }
        _ => ('B', 1),
    }
}

/// The size of a native struct format code (the ones `cast` accepts).
fn format_size(c: char) -> Option<usize> {
    Some(match c {
        'b' | 'B' | 'c' | '?' => 1,
        'h' | 'H' => 2,
        'i' | 'I' | 'f' => 4,
        'l' | 'L' | 'q' | 'Q' | 'n' | 'N' | 'd' | 'P' => 8,
        _ => return None,
    })
}

/// Decodes one item of format `c` from `b` (exactly its size, native order).
fn decode_item(vm: &mut Vm, c: char, b: &[u8]) -> PyResult<Value> {
    let mut w = [0u8; 8];
    w[..b.len()].copy_from_slice(b);
    let u = u64::from_ne_bytes(w);
    Ok(match c {
        'b' => Value::small(b[0] as i8 as i64),
        'B' => Value::small(b[0] as i64),
        'c' => vm.new_bytes(&b[..1])?,
        '?' => vm.bool_val(b[0] != 0),
        'h' => Value::small(i16::from_ne_bytes([b[0], b[1]]) as i64),
        'H' => Value::small(u16::from_ne_bytes([b[0], b[1]]) as i64),
        'i' => Value::small(i32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64),
        'I' => Value::small(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64),
        'f' => vm.new_float(f32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as f64)?,
        'd' => vm.new_float(f64::from_bits(u))?,
        'l' | 'q' | 'n' => vm.new_int(u as i64)?,
        _ => vm.new_int_u64(u)?,
    })
}

fn multibyte_unsupported(vm: &mut Vm, what: &str) -> crate::runtime::errors::PyErr {
    vm.new_error(
        T::NotImplementedError,
        &format!("memoryview: {what} of views with a multi-byte format is not supported"),
    )
}

fn mv_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    let (_, size) = mv_format(vm, m);
    Ok(Value::small(
        (vm.ld_scalar::<u64>(m, LEN) as usize / size) as i64,
    ))
}

fn mv_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    let k = args.get(vm, 1);
    let (code, size) = mv_format(vm, m);
    if size > 1 || code != 'B' {
        if vm.kind(k) == Kind::Slice {
            return Err(multibyte_unsupported(vm, "slicing"));
        }
        let n = vm.ld_scalar::<u64>(m, LEN) as usize / size;
        let i = vm.index_i64(k)?;
        let j = if i < 0 { i + n as i64 } else { i };
        if j < 0 || j >= n as i64 {
            return Err(vm.index_error("index out of bounds on dimension 1"));
        }
        let b = vm.memoryview_bytes(m).unwrap_or_default();
        let at = j as usize * size;
        let item = b.get(at..at + size).map(|s| s.to_vec());
        return match item {
            Some(item) => decode_item(vm, code, &item),
            None => Err(vm.index_error("index out of bounds on dimension 1")),
        };
    }
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
    if mv_format(vm, m) != ('B', 1) {
        return Err(multibyte_unsupported(vm, "item assignment"));
    }
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
    let (code, size) = mv_format(vm, m);
    let b = vm.memoryview_bytes(m).unwrap_or_default();
    let mark = vm.sp();
    for item in b.chunks_exact(size) {
        let v = decode_item(vm, code, item)?;
        vm.push_root(v)?;
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
    if mv_format(vm, m) != ('B', 1) {
        let l = mv_tolist(vm, args)?;
        return vm.get_iter(l);
    }
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
    let code = match f.as_deref() {
        Some(s) if s.len() == 1 && format_size(s.as_bytes()[0] as char).is_some() => {
            s.as_bytes()[0] as char
        }
        Some(_) => {
            return Err(vm.value_error(
                "memoryview: destination format must be a native single character format prefixed with an optional '@'",
            ));
        }
        None => return Err(vm.type_error("cast() missing required argument 'format' (pos 1)")),
    };
    let size = format_size(code).unwrap_or(1);
    if code != 'B' {
        if mv_format(vm, m) != ('B', 1) && code != 'B' {
            return Err(vm.type_error("memoryview: cannot cast between two non-byte formats"));
        }
        let nbytes = vm.ld_scalar::<u64>(m, LEN) as usize;
        if !nbytes.is_multiple_of(size) {
            return Err(vm.type_error("memoryview: length is not a multiple of itemsize"));
        }
        if vm.ld_scalar::<i64>(m, STEP) != 1 {
            return Err(vm.type_error("memoryview: casts are restricted to C-contiguous views"));
        }
        let Some(base) = vm.ldv(m, obj_::A) else {
            return Err(vm.value_error("operation forbidden on released memoryview object"));
        };
        let start = vm.ld_scalar::<i64>(m, START);
        let v = vm.new_mv(base, start, nbytes, 1)?;
        let vr = vm.push_root(v)?;
        let fs = vm.new_str(&code.to_string())?;
        vm.st_field(vm.get(vr), obj_::B, Some(fs));
        return Ok(vm.get(vr));
    }
    // A contiguous byte view casts to a view of the same memory (writes go through).
    if vm.ld_scalar::<i64>(m, STEP) == 1
        && let Some(base) = vm.ldv(m, obj_::A)
    {
        let start = vm.ld_scalar::<i64>(m, START);
        let n = vm.ld_scalar::<u64>(m, LEN) as usize;
        return vm.new_mv(base, start, n, 1);
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
fn g_itemsize(vm: &mut Vm, m: Value) -> PyResult<Value> {
    Ok(Value::small(mv_format(vm, m).1 as i64))
}
fn g_ndim(_vm: &mut Vm, _m: Value) -> PyResult<Value> {
    Ok(Value::small(1))
}
fn g_format(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let c = mv_format(vm, m).0;
    vm.new_str(&c.to_string())
}
fn g_shape(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let size = mv_format(vm, m).1;
    let n = (vm.ld_scalar::<u64>(m, LEN) as usize / size) as i64;
    vm.tuple1(Value::small(n))
}
fn g_strides(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let s = vm.ld_scalar::<i64>(m, STEP) * mv_format(vm, m).1 as i64;
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
