//! `memoryview`: a one-dimensional view over a `bytes`, `bytearray` or `array` buffer, in any
//! native single-item struct format (`B b c h H i I l L q Q n N f d ? P`, from `cast`), with
//! slicing (any step), indexing, item assignment on writable views, iteration, comparison,
//! `tobytes`/`tolist`/`hex`/`release` and the context manager.
//!
//! Layout `obj[2][3]`: `[type][base object][start][len|format][step]`: `start` is the byte
//! offset of item 0, `step` the byte distance between items, the low 56 bits of the middle
//! word the number of items and its top byte the format character (0 = `'B'`). A view over a
//! bytearray sees later mutations (bounds are re-checked on each access, like CPython's export
//! lock makes resizing impossible while views exist, which this VM does not enforce).
//! Multi-dimensional shapes are not supported (`cast` with a shape of more than one dimension
//! raises NotImplementedError).

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

const LEN_MASK: u64 = (1 << 56) - 1;

/// The size of one item of native struct format `f`, for the formats a view supports.
fn itemsize_of(f: u8) -> Option<usize> {
    Some(match f {
        b'B' | b'b' | b'c' | b'?' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' | b'q' | b'Q' | b'n' | b'N' | b'd' | b'P' => 8,
        _ => return None,
    })
}

/// The format character named by a format string (`"I"` or `"@I"`).
fn parse_format(s: &str) -> Option<u8> {
    let s = s.strip_prefix('@').unwrap_or(s);
    match s.as_bytes() {
        [c] if itemsize_of(*c).is_some() => Some(*c),
        _ => None,
    }
}

/// The inclusive range of an integer format.
fn int_range(f: u8) -> Option<(i128, i128)> {
    Some(match f {
        b'b' => (i8::MIN as i128, i8::MAX as i128),
        b'B' => (0, u8::MAX as i128),
        b'h' => (i16::MIN as i128, i16::MAX as i128),
        b'H' => (0, u16::MAX as i128),
        b'i' => (i32::MIN as i128, i32::MAX as i128),
        b'I' => (0, u32::MAX as i128),
        b'l' | b'q' | b'n' => (i64::MIN as i128, i64::MAX as i128),
        b'L' | b'Q' | b'N' | b'P' => (0, u64::MAX as i128),
        _ => return None,
    })
}

/// Where a view's items are: `(start byte, item count, byte step, format)`.
#[derive(Clone, Copy)]
struct Geom {
    start: i64,
    len: usize,
    step: i64,
    fmt: u8,
}

impl Geom {
    fn itemsize(self) -> usize {
        itemsize_of(self.fmt).unwrap_or(1)
    }

    /// Byte offset of item `k`.
    fn at(self, k: usize) -> i64 {
        self.start + k as i64 * self.step
    }
}

impl Vm {
    /// Whether `v` is a memoryview.
    pub fn is_memoryview(&self, v: Value) -> bool {
        !v.is_small() && self.kind(v) == Kind::MemoryView
    }

    fn new_mv(&mut self, base: Value, g: Geom) -> PyResult<Value> {
        let mark = self.sp();
        let br = self.push_root(base)?;
        let m = self.alloc_t(self.lay.obj[2][3], T::MemoryView)?;
        let b = self.get(br);
        self.init_field(m, obj_::A, Some(b));
        self.st_scalar::<i64>(m, START, g.start);
        let fmt = if g.fmt == b'B' { 0 } else { g.fmt };
        self.st_scalar::<u64>(m, LEN, (g.len as u64 & LEN_MASK) | ((fmt as u64) << 56));
        self.st_scalar::<i64>(m, STEP, g.step);
        self.truncate(mark);
        Ok(m)
    }

    fn mv_geom(&self, m: Value) -> Geom {
        let word = self.ld_scalar::<u64>(m, LEN);
        let fmt = (word >> 56) as u8;
        Geom {
            start: self.ld_scalar::<i64>(m, START),
            len: (word & LEN_MASK) as usize,
            step: self.ld_scalar::<i64>(m, STEP),
            fmt: if fmt == 0 { b'B' } else { fmt },
        }
    }

    /// The bytes a memoryview shows (copied); `None` once released.
    pub fn memoryview_bytes(&self, m: Value) -> Option<Vec<u8>> {
        let base = self.ldv(m, obj_::A)?;
        let data = self.bytes_like_raw(base)?;
        let g = self.mv_geom(m);
        let size = g.itemsize();
        let mut out = Vec::with_capacity(g.len * size);
        for k in 0..g.len {
            let i = g.at(k);
            if let Some(item) = usize::try_from(i)
                .ok()
                .and_then(|i| data.get(i..i.checked_add(size)?))
            {
                out.extend_from_slice(item);
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

    /// Item `k` of view `m` as a Python object.
    fn mv_item(&mut self, m: Value, k: usize) -> PyResult<Value> {
        let g = self.mv_geom(m);
        let base = self.ldv1(m, obj_::A);
        let size = g.itemsize();
        let raw: Option<[u8; 8]> = self.bytes_like_raw(base).and_then(|d| {
            let i = usize::try_from(g.at(k)).ok()?;
            let src = d.get(i..i.checked_add(size)?)?;
            let mut w = [0u8; 8];
            w[..size].copy_from_slice(src);
            Some(w)
        });
        let Some(w) = raw else {
            return Err(self.index_error("index out of bounds on dimension 1"));
        };
        let u = u64::from_ne_bytes(w);
        Ok(match g.fmt {
            b'B' => Value::small(w[0] as i64),
            b'b' => Value::small(w[0] as i8 as i64),
            b'c' => return self.new_bytes(&w[..1]),
            b'?' => self.bool_val(w[0] != 0),
            b'h' => Value::small(i16::from_ne_bytes([w[0], w[1]]) as i64),
            b'H' => Value::small(u16::from_ne_bytes([w[0], w[1]]) as i64),
            b'i' => Value::small(i32::from_ne_bytes([w[0], w[1], w[2], w[3]]) as i64),
            b'I' => Value::small(u32::from_ne_bytes([w[0], w[1], w[2], w[3]]) as i64),
            b'f' => return self.new_float(f32::from_ne_bytes([w[0], w[1], w[2], w[3]]) as f64),
            b'd' => return self.new_float(f64::from_bits(u)),
            b'l' | b'q' | b'n' => return self.new_int(u as i64),
            _ => return self.new_int_u64(u),
        })
    }

    /// Encodes `v` as one item of format `fmt` (CPython's messages for bad values).
    fn mv_pack(&mut self, fmt: u8, v: Value) -> PyResult<Vec<u8>> {
        let size = itemsize_of(fmt).unwrap_or(1);
        let invalid_type = |vm: &mut Vm| {
            crate::raise!(
                vm,
                TypeError,
                "memoryview: invalid type for format '{}'",
                fmt as char
            )
        };
        match fmt {
            b'f' | b'd' => {
                let Some(x) = self
                    .float_of(v)
                    .or_else(|| self.int_val(v).and_then(|i| i.to_f64()))
                else {
                    return Err(invalid_type(self));
                };
                Ok(if fmt == b'f' {
                    (x as f32).to_ne_bytes().to_vec()
                } else {
                    x.to_ne_bytes().to_vec()
                })
            }
            b'?' => {
                let t = self.truthy(v)?;
                Ok(vec![t as u8])
            }
            b'c' => match self.as_bytes_obj(v).map(|b| self.bytes_data(b).to_vec()) {
                Some(b) if b.len() == 1 => Ok(b),
                _ => Err(crate::raise!(
                    self,
                    ValueError,
                    "memoryview: invalid value for format 'c'"
                )),
            },
            _ => {
                if !self.is_int(v) {
                    return Err(invalid_type(self));
                }
                let (lo, hi) = int_range(fmt).unwrap_or((0, 255));
                let x = self.int_val(v).and_then(|i| match i {
                    crate::objects::int::IntVal::Small(i) => Some(i as i128),
                    crate::objects::int::IntVal::Big(b) => num_traits::ToPrimitive::to_i128(b),
                });
                match x {
                    Some(x) if (lo..=hi).contains(&x) => {
                        Ok((x as u64).to_ne_bytes()[..size].to_vec())
                    }
                    _ => Err(crate::raise!(
                        self,
                        ValueError,
                        "memoryview: invalid value for format '{}'",
                        fmt as char
                    )),
                }
            }
        }
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
        let g = vm.mv_geom(o);
        return vm.new_mv(b, g);
    }
    let Some(n) = vm.bytes_like_raw(o).map(|d| d.len()) else {
        let tn = vm.type_name(o);
        return Err(crate::raise!(
            vm,
            TypeError,
            "memoryview: a bytes-like object is required, not '{tn}'"
        ));
    };
    let g = Geom {
        start: 0,
        len: n,
        step: 1,
        fmt: b'B',
    };
    vm.new_mv(o, g)
}

fn mv_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    Ok(Value::small(vm.mv_geom(m).len as i64))
}

fn mv_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    let k = args.get(vm, 1);
    let g = vm.mv_geom(m);
    if vm.kind(k) == Kind::Slice {
        let si = vm.slice_indices(k, g.len)?;
        let m = args.get(vm, 0);
        let base = vm.ldv1(m, obj_::A);
        let view = Geom {
            start: g.start + si.start as i64 * g.step,
            len: si.len,
            step: g.step * si.step as i64,
            fmt: g.fmt,
        };
        return vm.new_mv(base, view);
    }
    let i = vm.index_i64(k)?;
    let j = if i < 0 { i + g.len as i64 } else { i };
    if j < 0 || j >= g.len as i64 {
        return Err(vm.index_error("index out of bounds on dimension 1"));
    }
    let m = args.get(vm, 0);
    vm.mv_item(m, j as usize)
}

fn mv_setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    let base = vm.ldv1(m, obj_::A);
    if vm.bytearray_data(base).is_none() {
        return Err(vm.type_error("cannot modify read-only memory"));
    }
    let g = vm.mv_geom(m);
    let size = g.itemsize();
    let k = args.get(vm, 1);
    let (positions, data): (Vec<i64>, Vec<u8>) = if vm.kind(k) == Kind::Slice {
        let si = vm.slice_indices(k, g.len)?;
        let data = vm.bytes_from_object(args.get(vm, 2))?;
        if data.len() != si.len * size {
            return Err(vm.value_error(
                "memoryview assignment: lvalue and rvalue have different structures",
            ));
        }
        (
            (0..si.len)
                .map(|t| g.start + (si.start as i64 + t as i64 * si.step as i64) * g.step)
                .collect(),
            data,
        )
    } else {
        let i = vm.index_i64(k)?;
        let j = if i < 0 { i + g.len as i64 } else { i };
        if j < 0 || j >= g.len as i64 {
            return Err(vm.index_error("index out of bounds on dimension 1"));
        }
        let v = args.get(vm, 2);
        let item = vm.mv_pack(g.fmt, v)?;
        (vec![g.at(j as usize)], item)
    };
    let m = args.get(vm, 0);
    let base = vm.ldv1(m, obj_::A);
    let Some(vec) = vm.bytearray_vec(base) else {
        return Err(vm.type_error("cannot modify read-only memory"));
    };
    for (p, item) in positions.into_iter().zip(data.chunks(size)) {
        if let Some(dst) = usize::try_from(p)
            .ok()
            .and_then(|p| vec.get_mut(p..p.checked_add(size)?))
        {
            dst.copy_from_slice(item);
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
    let mark = vm.sp();
    let mr = vm.push_root(m)?;
    let n = vm.mv_geom(m).len;
    for k in 0..n {
        let item = vm.mv_item(vm.get(mr), k)?;
        vm.push_root(item)?;
    }
    let l = vm.pack_list(mr.index() + 1)?;
    vm.truncate(mark);
    Ok(l)
}

fn mv_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    let b = vm.memoryview_bytes(m).unwrap_or_default();
    let s: String = b.iter().map(|x| format!("{x:02x}")).collect();
    vm.new_str(&s)
}

fn mv_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let m = mv_self(vm, args)?;
    if vm.mv_geom(m).fmt == b'B' {
        let b = vm.memoryview_bytes(m).unwrap_or_default();
        let bytes = vm.new_bytes(&b)?;
        return vm.new_seq_iter(T::BytesIter, bytes);
    }
    let l = mv_tolist(vm, args)?;
    vm.new_seq_iter(T::ListIter, l)
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
    if vm.is_memoryview(b) && vm.mv_geom(a).fmt != vm.mv_geom(b).fmt {
        // Different formats compare item by item (CPython unpacks both sides).
        if vm.ldv(a, obj_::A).is_none() || vm.ldv(b, obj_::A).is_none() {
            return Ok(vm.bool_val(a == b));
        }
        let la = mv_tolist(vm, Args::positional(args.start as usize, 1))?;
        let mark = vm.sp();
        let lar = vm.push_root(la)?;
        let lb = mv_tolist(vm, Args::positional(args.start as usize + 1, 1))?;
        let la = vm.get(lar);
        vm.truncate(mark);
        let mark = vm.sp();
        let _ = vm.push_root(la)?;
        let lbr = vm.push_root(lb)?;
        let eq = vm.eq_values(la, vm.get(lbr));
        vm.truncate(mark);
        return Ok(vm.bool_val(eq?));
    }
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
    let Some(fv) = args.opt(vm, 1) else {
        return Err(vm.type_error("cast() missing required argument 'format' (pos 1)"));
    };
    if !vm.is_str(fv) {
        return Err(vm.type_error("memoryview: format argument must be a string"));
    }
    let f = vm.str_string_of(fv)?;
    let Some(fmt) = parse_format(&f) else {
        return Err(vm.value_error(
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        ));
    };
    let g = vm.mv_geom(m);
    let is_byte = |c: u8| matches!(c, b'B' | b'b' | b'c');
    if !is_byte(g.fmt) && !is_byte(fmt) {
        return Err(vm.type_error("memoryview: cannot cast between two non-byte formats"));
    }
    if g.step != g.itemsize() as i64 {
        return Err(vm.type_error("memoryview: casts are restricted to C-contiguous views"));
    }
    let nbytes = g.len * g.itemsize();
    let size = itemsize_of(fmt).unwrap_or(1);
    if !nbytes.is_multiple_of(size) {
        return Err(vm.type_error("memoryview: length is not a multiple of itemsize"));
    }
    let len = nbytes / size;
    if let Some(shape) = args.opt(vm, 2) {
        let dims = vm.to_list(shape)?;
        let items = vm.list_items(dims);
        let ok = items.len() == 1 && vm.small_int_of(items[0]) == Some(len as i64);
        if !ok {
            return Err(vm.new_error(
                T::NotImplementedError,
                "memoryview: only one-dimensional casts are supported",
            ));
        }
    }
    let base = vm.ldv1(args.get(vm, 0), obj_::A);
    let view = Geom {
        start: g.start,
        len,
        step: size as i64,
        fmt,
    };
    vm.new_mv(base, view)
}

fn g_obj(vm: &mut Vm, m: Value) -> PyResult<Value> {
    Ok(vm.ldv(m, obj_::A).unwrap_or_else(|| vm.none()))
}
fn g_nbytes(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let g = vm.mv_geom(m);
    Ok(Value::small((g.len * g.itemsize()) as i64))
}
fn g_readonly(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let ro = vm
        .ldv(m, obj_::A)
        .is_none_or(|b| vm.bytearray_data(b).is_none());
    Ok(vm.bool_val(ro))
}
fn g_itemsize(vm: &mut Vm, m: Value) -> PyResult<Value> {
    Ok(Value::small(vm.mv_geom(m).itemsize() as i64))
}
fn g_ndim(_vm: &mut Vm, _m: Value) -> PyResult<Value> {
    Ok(Value::small(1))
}
fn g_format(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let f = vm.mv_geom(m).fmt as char;
    vm.new_str(&f.to_string())
}
fn g_shape(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let n = vm.mv_geom(m).len as i64;
    vm.tuple1(Value::small(n))
}
fn g_strides(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let s = vm.mv_geom(m).step;
    vm.tuple1(Value::small(s))
}
fn g_contiguous(vm: &mut Vm, m: Value) -> PyResult<Value> {
    let g = vm.mv_geom(m);
    Ok(vm.bool_val(g.step == g.itemsize() as i64 || g.len <= 1))
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
