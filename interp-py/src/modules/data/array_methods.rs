//! The methods of `array.array` and of its iterator (see [`super::array`] for the
//! representation). Messages are CPython 3.11's.

use crate::bytecode::CompareOperator;
use crate::runtime::call::{Args, Sig};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::boxed_;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

use super::array::{ArrayState, IterState, array_state, new_array, new_iter};
use super::array_codec::{self as codec, El};
use super::buffer;
use super::native;

fn st(vm: &mut Vm, v: Value) -> PyResult<&mut ArrayState> {
    native::state_or_err::<ArrayState>(vm, v, "array.array")
}

/// `self` of a method, checked.
fn self_state(vm: &mut Vm, args: Args) -> PyResult<ArrayState> {
    let s = args.get(vm, 0);
    Ok(st(vm, s)?.clone())
}

fn noargs(vm: &mut Vm, args: Args, name: &str) -> PyResult<()> {
    vm.no_kw(args, name)?;
    if args.len() != 1 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "{name}() takes no arguments ({} given)",
            args.len() - 1
        ));
    }
    let s = args.get(vm, 0);
    st(vm, s)?;
    Ok(())
}

fn onearg(vm: &mut Vm, args: Args, name: &str) -> PyResult<()> {
    vm.no_kw(args, name)?;
    if args.len() != 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "{name}() takes exactly one argument ({} given)",
            args.len() - 1
        ));
    }
    let s = args.get(vm, 0);
    st(vm, s)?;
    Ok(())
}

fn tc_of(vm: &mut Vm, v: Value) -> PyResult<u8> {
    Ok(st(vm, v)?.tc)
}

/// Appends the items of the iterable in `src` to the array in `ar` (an array source must
/// have the same typecode when `same_kind`; the constructor converts item by item).
pub fn extend_from(vm: &mut Vm, ar: Root, src: Root, same_kind: bool) -> PyResult<()> {
    let s = vm.get(src);
    let tc = tc_of(vm, vm.get(ar))?;
    if let Some(other) = array_state(vm, s)
        && (same_kind || other.tc == tc)
    {
        let (otc, odata) = (other.tc, other.data.clone());
        let a = vm.get(ar);
        let me = st(vm, a)?;
        if me.tc != otc {
            return Err(vm.type_error("can only extend with array of same kind"));
        }
        me.data.extend_from_slice(&odata);
        return Ok(());
    }
    let mark = vm.sp();
    let it = vm.get_iter(vm.get(src))?;
    let itr = vm.push_root(it)?;
    while let Some(x) = vm.iter_next(vm.get(itr))? {
        let e = codec::from_value(vm, tc, x)?;
        let a = vm.get(ar);
        st(vm, a)?.push(e);
    }
    vm.truncate(mark);
    Ok(())
}

/// Appends raw item bytes (checked to be whole items).
pub fn frombytes_raw(vm: &mut Vm, a: Value, b: &[u8]) -> PyResult<()> {
    let me = st(vm, a)?;
    if !b.len().is_multiple_of(me.itemsize()) {
        return Err(vm.value_error("bytes length not a multiple of item size"));
    }
    me.data.extend_from_slice(b);
    Ok(())
}

pub(crate) fn append(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "array.append")?;
    let tc = tc_of(vm, args.get(vm, 0))?;
    let e = codec::from_value(vm, tc, args.get(vm, 1))?;
    let s = args.get(vm, 0);
    st(vm, s)?.push(e);
    Ok(vm.none())
}

pub(crate) fn extend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "array.extend")?;
    extend_from(vm, args.root(0), args.root(1), true)?;
    Ok(vm.none())
}

pub(crate) fn insert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "insert")?;
    if args.len() != 3 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "insert expected 2 arguments, got {}",
            args.len() - 1
        ));
    }
    let tc = tc_of(vm, args.get(vm, 0))?;
    let i = native::ssize_arg(vm, args.get(vm, 1))?;
    let e = codec::from_value(vm, tc, args.get(vm, 2))?;
    let s = args.get(vm, 0);
    let me = st(vm, s)?;
    let n = me.len() as i64;
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let sz = me.itemsize();
    let mut buf = [0u8; 8];
    codec::encode(me.tc, e, &mut buf);
    me.data.splice(i * sz..i * sz, buf[..sz].iter().copied());
    Ok(vm.none())
}

pub(crate) fn pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "pop")?;
    if args.len() > 2 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "pop expected at most 1 argument, got {}",
            args.len() - 1
        ));
    }
    let i = match args.opt(vm, 1) {
        Some(v) => native::ssize_arg(vm, v)?,
        None => -1,
    };
    let s = args.get(vm, 0);
    let me = st(vm, s)?;
    let n = me.len() as i64;
    if n == 0 {
        return Err(vm.index_error("pop from empty array"));
    }
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("pop index out of range"));
    }
    let j = j as usize;
    let e = me.get(j);
    let sz = me.itemsize();
    me.data.drain(j * sz..(j + 1) * sz);
    codec::to_value(vm, e)
}

/// The first index in `lo..hi` whose item equals `x`.
fn find(vm: &mut Vm, a: Root, x: Root, lo: usize, hi: usize) -> PyResult<Option<usize>> {
    let mut i = lo;
    loop {
        let e = {
            let me = st(vm, vm.get(a))?;
            if i >= hi.min(me.len()) {
                return Ok(None);
            }
            me.get(i)
        };
        let v = codec::to_value(vm, e)?;
        if vm.eq_values(v, vm.get(x))? {
            return Ok(Some(i));
        }
        i += 1;
    }
}

pub(crate) fn remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "array.remove")?;
    match find(vm, args.root(0), args.root(1), 0, usize::MAX)? {
        Some(i) => {
            let s = args.get(vm, 0);
            let me = st(vm, s)?;
            let sz = me.itemsize();
            me.data.drain(i * sz..(i + 1) * sz);
            Ok(vm.none())
        }
        None => Err(vm.value_error("array.remove(x): x not in array")),
    }
}

fn clamp_index(vm: &mut Vm, v: Option<Value>, n: usize, default: usize) -> PyResult<usize> {
    let Some(v) = v else { return Ok(default) };
    let iv = vm.index_value(v)?;
    let i = vm.int_val(iv).and_then(|x| x.to_i64()).unwrap_or(
        if vm.int_val(iv).is_some_and(|x| x.to_big() < 0.into()) {
            i64::MIN
        } else {
            i64::MAX
        },
    );
    let n = n as i64;
    Ok(if i < 0 {
        (i.saturating_add(n)).max(0)
    } else {
        i.min(n)
    } as usize)
}

pub(crate) fn index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    static SIG: Sig = Sig {
        name: "index",
        params: &["self", "v", "start", "stop"],
        posonly: 4,
        kwonly: 4,
        required: 2,
    };
    let [s, x, start, stop] = vm.bind::<4>(args, &SIG)?;
    let (s, x) = (s.expect("required"), x.expect("required"));
    let n = st(vm, vm.get(s))?.len();
    let lo = clamp_index(vm, start.map(|r| vm.get(r)), n, 0)?;
    let hi = clamp_index(vm, stop.map(|r| vm.get(r)), n, n)?;
    match find(vm, s, x, lo, hi)? {
        Some(i) => vm.new_usize(i),
        None => Err(vm.value_error("array.index(x): x not in array")),
    }
}

pub(crate) fn count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "array.count")?;
    let mut c = 0;
    let mut i = 0;
    while let Some(j) = find(vm, args.root(0), args.root(1), i, usize::MAX)? {
        c += 1;
        i = j + 1;
    }
    vm.new_usize(c)
}

pub(crate) fn contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "__contains__")?;
    let f = find(vm, args.root(0), args.root(1), 0, usize::MAX)?;
    Ok(vm.bool_val(f.is_some()))
}

pub(crate) fn reverse(vm: &mut Vm, args: Args) -> PyResult<Value> {
    noargs(vm, args, "array.reverse")?;
    let s = args.get(vm, 0);
    let me = st(vm, s)?;
    let sz = me.itemsize();
    let items: Vec<Vec<u8>> = me.data.chunks(sz).rev().map(|c| c.to_vec()).collect();
    me.data = items.concat();
    Ok(vm.none())
}

pub(crate) fn byteswap(vm: &mut Vm, args: Args) -> PyResult<Value> {
    noargs(vm, args, "array.byteswap")?;
    let s = args.get(vm, 0);
    let me = st(vm, s)?;
    let sz = me.itemsize();
    for c in me.data.chunks_mut(sz) {
        c.reverse();
    }
    Ok(vm.none())
}

pub(crate) fn buffer_info(vm: &mut Vm, args: Args) -> PyResult<Value> {
    noargs(vm, args, "array.buffer_info")?;
    let s = args.get(vm, 0);
    let me = st(vm, s)?;
    let (addr, n) = (me.data.as_ptr() as usize, me.len());
    let a = vm.new_usize(addr)?;
    let mark = vm.sp();
    vm.push_root(a)?;
    let nv = vm.new_usize(n)?;
    vm.push_root(nv)?;
    let t = vm.pack_tuple(mark);
    vm.truncate(mark);
    t
}

pub(crate) fn tobytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    noargs(vm, args, "array.tobytes")?;
    let d = self_state(vm, args)?.data;
    vm.new_bytes(&d)
}

pub(crate) fn frombytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "array.frombytes")?;
    let b = buffer::read(vm, args.get(vm, 1))?;
    frombytes_raw(vm, args.get(vm, 0), &b)?;
    Ok(vm.none())
}

fn tolist_value(vm: &mut Vm, a: Value) -> PyResult<Value> {
    let me = st(vm, a)?.clone();
    let mark = vm.sp();
    let l = vm.new_list(me.len())?;
    let lr = vm.push_root(l)?;
    for i in 0..me.len() {
        let v = codec::to_value(vm, me.get(i))?;
        vm.list_append(vm.get(lr), v)?;
    }
    let l = vm.get(lr);
    vm.truncate(mark);
    Ok(l)
}

pub(crate) fn tolist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    noargs(vm, args, "array.tolist")?;
    tolist_value(vm, args.get(vm, 0))
}

pub(crate) fn fromlist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "array.fromlist")?;
    let l = args.get(vm, 1);
    if vm.as_list_obj(l).is_none() {
        return Err(vm.type_error("arg must be list"));
    }
    let tc = tc_of(vm, args.get(vm, 0))?;
    let mut items = Vec::new();
    let mut i = 0;
    loop {
        let l = vm.as_list_obj(args.get(vm, 1)).expect("checked");
        if i >= vm.list_len(l) {
            break;
        }
        let x = vm.list_get(l, i);
        items.push(codec::from_value(vm, tc, x)?);
        i += 1;
    }
    let s = args.get(vm, 0);
    let me = st(vm, s)?;
    for e in items {
        me.push(e);
    }
    Ok(vm.none())
}

pub(crate) fn tofile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "array.tofile")?;
    let d = self_state(vm, args)?.data;
    let write = vm.intern("write")?;
    for chunk in d.chunks(64 * 1024) {
        let b = vm.new_bytes(chunk)?;
        vm.call_method(args.get(vm, 1), write, &[b])?;
    }
    Ok(vm.none())
}

pub(crate) fn fromfile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.no_kw(args, "fromfile")?;
    if args.len() != 3 {
        return Err(crate::raise!(
            vm,
            TypeError,
            "fromfile expected 2 arguments, got {}",
            args.len() - 1
        ));
    }
    let sz = codec::itemsize(shape(vm, args)?.0);
    let n = vm.index_i64(args.get(vm, 2))?;
    if n < 0 {
        return Err(vm.value_error("negative count"));
    }
    let nbytes = (n as usize).saturating_mul(sz);
    let read = vm.intern("read")?;
    let nb = vm.new_usize(nbytes)?;
    let r = vm.call_method(args.get(vm, 1), read, &[nb])?;
    let Some(b) = vm.as_bytes_obj(r).map(|b| vm.bytes_data(b).to_vec()) else {
        return Err(vm.type_error("read() didn't return bytes"));
    };
    frombytes_raw(vm, args.get(vm, 0), &b)?;
    if b.len() != nbytes {
        return Err(crate::raise!(
            vm,
            EOFError,
            "read() didn't return enough bytes"
        ));
    }
    Ok(vm.none())
}

pub(crate) fn tounicode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    noargs(vm, args, "array.tounicode")?;
    let me = self_state(vm, args)?;
    if me.tc != b'u' {
        return Err(vm.value_error("tounicode() may only be called on unicode type arrays"));
    }
    let cps: Vec<u32> = (0..me.len())
        .map(|i| match me.get(i) {
            El::U(c) => c,
            _ => 0,
        })
        .collect();
    vm.new_str_cps(cps)
}

pub(crate) fn fromunicode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "array.fromunicode")?;
    let x = args.get(vm, 1);
    let Some(s) = vm.as_str_obj(x) else {
        let tn = vm.type_name(x);
        return Err(crate::raise!(
            vm,
            TypeError,
            "fromunicode() argument must be str, not {tn}"
        ));
    };
    let n = vm.str_len(s);
    let mut cps = Vec::with_capacity(n);
    for i in 0..n {
        let s = vm.as_str_obj(args.get(vm, 1)).expect("checked");
        cps.push(vm.str_char_at(s, i)?);
    }
    let me = st(vm, args.get(vm, 0))?;
    if me.tc != b'u' {
        return Err(vm.value_error("fromunicode() may only be called on unicode type arrays"));
    }
    for c in cps {
        me.push(El::U(c));
    }
    Ok(vm.none())
}

/// CPython's machine format code of each typecode on a little-endian LP64 machine.
fn mformat(tc: u8) -> i64 {
    match tc {
        b'B' => 0,
        b'b' => 1,
        b'H' => 2,
        b'h' => 4,
        b'I' => 6,
        b'i' => 8,
        b'L' | b'Q' => 10,
        b'l' | b'q' => 12,
        b'f' => 14,
        b'd' => 16,
        _ => 20,
    }
}

pub(crate) fn reduce_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "__reduce_ex__")?;
    let proto = vm.index_i64(args.get(vm, 1))?;
    let mark = vm.sp();
    let dict_name = vm.intern("__dict__")?;
    let d = match vm.getattr(args.get(vm, 0), dict_name) {
        Ok(d) => d,
        Err(e) => {
            vm.take_exc(e);
            vm.none()
        }
    };
    let dr = vm.push_root(d)?;
    let me = self_state(vm, args)?;
    let ty = vm.type_of(args.get(vm, 0));
    let tyr = vm.push_root(ty)?;
    let tcs = vm.new_str(&(me.tc as char).to_string())?;
    let tcr = vm.push_root(tcs)?;
    let r = if proto < 3 {
        let l = tolist_value(vm, args.get(vm, 0))?;
        let inner = vm.tuple2(vm.get(tcr), l)?;
        let m2 = vm.sp();
        vm.push_root(vm.get(tyr))?;
        vm.push_root(inner)?;
        vm.push_root(vm.get(dr))?;
        vm.pack_tuple(m2)?
    } else {
        let m = vm.import_module("array")?;
        let name = vm.intern("_array_reconstructor")?;
        let f = vm.getattr(m, name)?;
        let fr = vm.push_root(f)?;
        let b = vm.new_bytes(&me.data)?;
        let br = vm.push_root(b)?;
        let m2 = vm.sp();
        vm.push_root(vm.get(tyr))?;
        vm.push_root(vm.get(tcr))?;
        vm.push_root(Value::small(mformat(me.tc)))?;
        vm.push_root(vm.get(br))?;
        let inner = vm.pack_tuple(m2)?;
        let m3 = vm.sp();
        vm.push_root(vm.get(fr))?;
        vm.push_root(inner)?;
        vm.push_root(vm.get(dr))?;
        vm.pack_tuple(m3)?
    };
    vm.truncate(mark);
    Ok(r)
}

pub(crate) fn copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    noargs(vm, args, "array.__copy__")?;
    let me = self_state(vm, args)?;
    new_array(vm, None, me)
}

pub(crate) fn deepcopy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "__deepcopy__")?;
    let me = self_state(vm, args)?;
    new_array(vm, None, me)
}

pub(crate) fn len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = args.get(vm, 0);
    let n = st(vm, s)?.len();
    vm.new_usize(n)
}

fn is_slice(vm: &Vm, k: Value) -> bool {
    !k.is_small() && vm.kind(k) == crate::runtime::builtin_types::Kind::Slice
}

/// An index argument, or `TypeError("array indices must be integers")`.
fn item_index(vm: &mut Vm, k: Value) -> PyResult<i64> {
    let ty = vm.type_of(k);
    if !vm.is_int(k) && vm.lookup_special(ty, crate::runtime::names::n::INDEX).is_none() {
        return Err(vm.type_error("array indices must be integers"));
    }
    vm.index_i64(k)
}

/// `(typecode, len)` of the array `self` (no copy of its items).
fn shape(vm: &mut Vm, args: Args) -> PyResult<(u8, usize)> {
    let s = args.get(vm, 0);
    let me = st(vm, s)?;
    Ok((me.tc, me.len()))
}

/// The item byte offsets a slice selects (`slice_indices` may run Python code, so the
/// offsets are checked against the array's size when they are used).
fn slice_offsets(si: &crate::objects::range::SliceIdx, sz: usize) -> impl Iterator<Item = usize> {
    let (start, step) = (si.start as i64, si.step as i64);
    (0..si.len as i64).map(move |k| (start + k * step) as usize * sz)
}

pub(crate) fn getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "__getitem__")?;
    let k = args.get(vm, 1);
    let (tc, n) = shape(vm, args)?;
    if is_slice(vm, k) {
        let si = vm.slice_indices(k, n)?;
        let sz = codec::itemsize(tc);
        let s = args.get(vm, 0);
        let me = st(vm, s)?;
        let mut data = Vec::with_capacity(si.len * sz);
        for i0 in slice_offsets(&si, sz) {
            if let Some(item) = me.data.get(i0..i0 + sz) {
                data.extend_from_slice(item);
            }
        }
        return new_array(vm, None, ArrayState { tc, data });
    }
    let i = item_index(vm, k)?;
    let s = args.get(vm, 0);
    let me = st(vm, s)?;
    let n = me.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("array index out of range"));
    }
    let e = me.get(j as usize);
    codec::to_value(vm, e)
}

pub(crate) fn setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__setitem__", 3, 3)?;
    let k = args.get(vm, 1);
    let (tc, n) = shape(vm, args)?;
    let sz = codec::itemsize(tc);
    if is_slice(vm, k) {
        let v = args.get(vm, 2);
        let Some(other) = array_state(vm, v).map(|o| o.clone()) else {
            let tn = vm.type_name(v);
            return Err(crate::raise!(
                vm,
                TypeError,
                "can only assign array (not \"{tn}\") to array slice"
            ));
        };
        if other.tc != tc {
            return Err(vm.type_error("bad argument type for built-in operation"));
        }
        let si = vm.slice_indices(k, n)?;
        let s = args.get(vm, 0);
        let mine = st(vm, s)?;
        let cur = mine.len();
        if si.step == 1 {
            let lo = (si.start.max(0) as usize).min(cur);
            let hi = (si.stop.max(si.start).max(0) as usize).clamp(lo, cur);
            mine.data.splice(lo * sz..hi * sz, other.data);
            return Ok(vm.none());
        }
        if other.len() != si.len {
            return Err(crate::raise!(
                vm,
                ValueError,
                "attempt to assign array of size {} to extended slice of size {}",
                other.len(),
                si.len
            ));
        }
        for (i0, c) in slice_offsets(&si, sz).zip(other.data.chunks(sz)) {
            if let Some(dst) = mine.data.get_mut(i0..i0 + sz) {
                dst.copy_from_slice(c);
            }
        }
        return Ok(vm.none());
    }
    let i = item_index(vm, k)?;
    let e = codec::from_value(vm, tc, args.get(vm, 2))?;
    let s = args.get(vm, 0);
    let me = st(vm, s)?;
    let n = me.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("array assignment index out of range"));
    }
    me.set(j as usize, e);
    Ok(vm.none())
}

pub(crate) fn delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "__delitem__")?;
    let k = args.get(vm, 1);
    let (tc, n) = shape(vm, args)?;
    let sz = codec::itemsize(tc);
    if is_slice(vm, k) {
        let si = vm.slice_indices(k, n)?;
        let s = args.get(vm, 0);
        let mine = st(vm, s)?;
        let mut drop = vec![false; mine.len()];
        for i0 in slice_offsets(&si, sz) {
            if let Some(d) = drop.get_mut(i0 / sz) {
                *d = true;
            }
        }
        let kept: Vec<u8> = mine
            .data
            .chunks(sz)
            .zip(&drop)
            .filter(|(_, d)| !**d)
            .flat_map(|(c, _)| c.iter().copied())
            .collect();
        mine.data = kept;
        return Ok(vm.none());
    }
    let i = item_index(vm, k)?;
    let s = args.get(vm, 0);
    let me = st(vm, s)?;
    let n = me.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("array assignment index out of range"));
    }
    let j = j as usize;
    me.data.drain(j * sz..(j + 1) * sz);
    Ok(vm.none())
}

pub(crate) fn iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    noargs(vm, args, "__iter__")?;
    new_iter(vm, args.get(vm, 0))
}

pub(crate) fn add(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "__add__")?;
    let me = self_state(vm, args)?;
    let o = args.get(vm, 1);
    let Some(other) = array_state(vm, o).map(|x| x.clone()) else {
        let tn = vm.type_name(o);
        return Err(crate::raise!(
            vm,
            TypeError,
            "can only append array (not \"{tn}\") to array"
        ));
    };
    if other.tc != me.tc {
        return Err(vm.type_error("bad argument type for built-in operation"));
    }
    let mut data = me.data;
    data.extend_from_slice(&other.data);
    new_array(vm, None, ArrayState { tc: me.tc, data })
}

pub(crate) fn iadd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "__iadd__")?;
    let o = args.get(vm, 1);
    if array_state(vm, o).is_none() {
        let tn = vm.type_name(o);
        return Err(crate::raise!(
            vm,
            TypeError,
            "can only extend array with array (not \"{tn}\")"
        ));
    }
    extend_from(vm, args.root(0), args.root(1), true)?;
    Ok(args.get(vm, 0))
}

/// A repeat count, with the sequence-repeat `TypeError` for non-integers.
fn repeat_count(vm: &mut Vm, v: Value) -> PyResult<i64> {
    let ty = vm.type_of(v);
    if !vm.is_int(v)
        && vm
            .lookup_special(ty, crate::runtime::names::n::INDEX)
            .is_none()
    {
        let tn = vm.type_name(v);
        return Err(crate::raise!(
            vm,
            TypeError,
            "can't multiply sequence by non-int of type '{tn}'"
        ));
    }
    let iv = vm.index_value(v)?;
    match vm.int_val(iv).and_then(|x| x.to_i64()) {
        Some(n) => Ok(n),
        None => Err(vm.overflow_error("cannot fit 'int' into an index-sized integer")),
    }
}

fn repeated(vm: &mut Vm, data: &[u8], n: i64) -> PyResult<Vec<u8>> {
    let n = n.max(0) as usize;
    if n > 0
        && data
            .len()
            .checked_mul(n)
            .is_none_or(|t| t > isize::MAX as usize / 2)
    {
        return Err(vm.new_error0(crate::runtime::builtin_types::T::MemoryError));
    }
    Ok(data.repeat(n))
}

pub(crate) fn mul(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "__mul__")?;
    let n = repeat_count(vm, args.get(vm, 1))?;
    let me = self_state(vm, args)?;
    let data = repeated(vm, &me.data, n)?;
    new_array(vm, None, ArrayState { tc: me.tc, data })
}

pub(crate) fn imul(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg(vm, args, "__imul__")?;
    let n = repeat_count(vm, args.get(vm, 1))?;
    let me = self_state(vm, args)?;
    let data = repeated(vm, &me.data, n)?;
    let s = args.get(vm, 0);
    st(vm, s)?.data = data;
    Ok(args.get(vm, 0))
}

fn compare(vm: &mut Vm, args: Args, op: CompareOperator) -> PyResult<Value> {
    onearg(vm, args, "__eq__")?;
    let o = args.get(vm, 1);
    let Some(other) = array_state(vm, o).map(|x| x.clone()) else {
        return Ok(vm.not_implemented());
    };
    let me = self_state(vm, args)?;
    let (n, m) = (me.len(), other.len());
    if n != m && matches!(op, CompareOperator::Eq | CompareOperator::Ne) {
        return Ok(vm.bool_val(op == CompareOperator::Ne));
    }
    let mark = vm.sp();
    for i in 0..n.min(m) {
        let a = codec::to_value(vm, me.get(i))?;
        let ar = vm.push_root(a)?;
        let b = codec::to_value(vm, other.get(i))?;
        let br = vm.push_root(b)?;
        if !vm.eq_values(vm.get(ar), vm.get(br))? {
            if op == CompareOperator::Eq {
                vm.truncate(mark);
                return Ok(vm.bool_val(false));
            }
            if op == CompareOperator::Ne {
                vm.truncate(mark);
                return Ok(vm.bool_val(true));
            }
            let r = vm.rich_compare(vm.get(ar), vm.get(br), op);
            vm.truncate(mark);
            return r;
        }
        vm.truncate(mark);
    }
    use CompareOperator::*;
    let r = match op {
        Lt => n < m,
        Le => n <= m,
        Eq => n == m,
        Ne => n != m,
        Gt => n > m,
        Ge => n >= m,
    };
    Ok(vm.bool_val(r))
}

pub(crate) fn eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, CompareOperator::Eq)
}
pub(crate) fn ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, CompareOperator::Ne)
}
pub(crate) fn lt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, CompareOperator::Lt)
}
pub(crate) fn le(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, CompareOperator::Le)
}
pub(crate) fn gt(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, CompareOperator::Gt)
}
pub(crate) fn ge(vm: &mut Vm, args: Args) -> PyResult<Value> {
    compare(vm, args, CompareOperator::Ge)
}

pub(crate) fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    noargs(vm, args, "__repr__")?;
    let me = self_state(vm, args)?;
    let tn = vm.type_name(args.get(vm, 0));
    if me.is_empty() {
        return vm.new_str(&format!("{tn}('{}')", me.tc as char));
    }
    let inner = if me.tc == b'u' {
        let cps: Vec<u32> = (0..me.len())
            .map(|i| match me.get(i) {
                El::U(c) => c,
                _ => 0,
            })
            .collect();
        let s = vm.new_str_cps(cps)?;
        vm.repr_string(s)?
    } else {
        let l = tolist_value(vm, args.get(vm, 0))?;
        vm.repr_string(l)?
    };
    vm.new_str(&format!("{tn}('{}', {inner})", me.tc as char))
}

pub(crate) fn sizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    noargs(vm, args, "array.__sizeof__")?;
    let s = args.get(vm, 0);
    let cap = st(vm, s)?.data.capacity();
    vm.new_usize(64 + cap)
}

pub(crate) fn class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__class_getitem__", 2, 2)?;
    vm.generic_alias(args.get(vm, 0), args.get(vm, 1))
}

pub(crate) fn g_typecode(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let tc = st(vm, s)?.tc;
    vm.new_str(&(tc as char).to_string())
}

pub(crate) fn g_itemsize(vm: &mut Vm, s: Value) -> PyResult<Value> {
    let n = st(vm, s)?.itemsize();
    Ok(Value::small(n as i64))
}

// ----- the iterator -------------------------------------------------------------------------

pub(crate) fn iter_no_new(vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(vm.type_error("cannot create 'array.arrayiterator' instances"))
}

pub(crate) fn it_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(args.get(vm, 0))
}

pub(crate) fn it_next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let it = args.get(vm, 0);
    let pos = native::state_or_err::<IterState>(vm, it, "arrayiterator")?.pos;
    let Some(a) = native::field(vm, it, boxed_::A) else {
        return Err(vm.stop_iteration());
    };
    let e = match array_state(vm, a) {
        Some(me) if pos < me.len() => me.get(pos),
        _ => {
            native::set_field(vm, args.get(vm, 0), boxed_::A, None);
            return Err(vm.stop_iteration());
        }
    };
    let it = args.get(vm, 0);
    native::state_or_err::<IterState>(vm, it, "arrayiterator")?.pos = pos + 1;
    codec::to_value(vm, e)
}

pub(crate) fn it_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let it = args.get(vm, 0);
    let pos = native::state_or_err::<IterState>(vm, it, "arrayiterator")?.pos;
    let mark = vm.sp();
    let b = vm.import_module("builtins")?;
    let name = vm.intern("iter")?;
    let f = vm.getattr(b, name)?;
    let fr = vm.push_root(f)?;
    let a = native::field(vm, args.get(vm, 0), boxed_::A);
    let r = match a {
        Some(a) => {
            let inner = vm.tuple1(a)?;
            let m2 = vm.sp();
            vm.push_root(vm.get(fr))?;
            vm.push_root(inner)?;
            vm.push_root(Value::small(pos as i64))?;
            vm.pack_tuple(m2)?
        }
        None => {
            let e = vm.new_list(0)?;
            let inner = vm.tuple1(e)?;
            vm.tuple2(vm.get(fr), inner)?
        }
    };
    vm.truncate(mark);
    Ok(r)
}

pub(crate) fn it_setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    onearg_it(vm, args)?;
    let p = vm.index_i64(args.get(vm, 1))?.max(0) as usize;
    let it = args.get(vm, 0);
    native::state_or_err::<IterState>(vm, it, "arrayiterator")?.pos = p;
    Ok(vm.none())
}

fn onearg_it(vm: &mut Vm, args: Args) -> PyResult<()> {
    vm.check_args(args, "__setstate__", 2, 2)
}

// ----- _array_reconstructor -------------------------------------------------------------------

/// Decodes items stored in CPython machine format `code`.
fn decode_mformat(code: i64, b: &[u8]) -> Option<Vec<El>> {
    let (size, signed, big, kind) = match code {
        0 => (1, false, false, 'i'),
        1 => (1, true, false, 'i'),
        2..=13 => {
            let k = code - 2;
            let size = [2, 4, 8][(k / 4) as usize];
            (size, (k / 2) % 2 == 1, k % 2 == 1, 'i')
        }
        14 => (4, false, false, 'f'),
        15 => (4, false, true, 'f'),
        16 => (8, false, false, 'f'),
        17 => (8, false, true, 'f'),
        18 => (2, false, false, 'u'),
        19 => (2, false, true, 'u'),
        20 => (4, false, false, 'u'),
        21 => (4, false, true, 'u'),
        _ => return None,
    };
    if kind == 'u' && size == 2 {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| {
                if big {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        return Some(
            char::decode_utf16(units)
                .map(|r| El::U(r.map(|c| c as u32).unwrap_or(0xfffd)))
                .collect(),
        );
    }
    Some(
        b.chunks_exact(size)
            .map(|c| {
                let mut w = [0u8; 8];
                if big {
                    for (k, x) in c.iter().rev().enumerate() {
                        w[k] = *x;
                    }
                } else {
                    w[..size].copy_from_slice(c);
                }
                let u = u64::from_le_bytes(w);
                match kind {
                    'f' if size == 4 => El::F(f32::from_bits(u as u32) as f64),
                    'f' => El::F(f64::from_bits(u)),
                    'u' => El::U(u as u32),
                    _ if signed => {
                        let sh = 64 - 8 * size as u32;
                        El::I((((u << sh) as i64) >> sh) as i128)
                    }
                    _ => El::I(u as i128),
                }
            })
            .collect(),
    )
}

pub(crate) fn reconstructor(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "_array_reconstructor", 4, 4)?;
    let t = args.get(vm, 0);
    if !vm.is_type(t) {
        let tn = vm.type_name(t);
        return Err(crate::raise!(
            vm,
            TypeError,
            "first argument must be a type object, not {tn}"
        ));
    }
    let at = native::type_for(vm, super::array::ARRAY_KEY)?;
    if !vm.is_subtype(t, at) {
        let tn = vm.type_name_str(t);
        return Err(crate::raise!(
            vm,
            TypeError,
            "{tn} is not a subtype of array.array"
        ));
    }
    let tcv = args.get(vm, 1);
    let tc = match vm.as_str_obj(tcv) {
        Some(s) if vm.str_len(s) == 1 => vm.str_char_at(s, 0)?,
        _ => 0,
    };
    if tc > 127 || !codec::valid(tc as u8) {
        return Err(vm.value_error("second argument must be a valid type code"));
    }
    let tc = tc as u8;
    let code = vm.index_i64(args.get(vm, 2))?;
    if !(0..=21).contains(&code) {
        return Err(vm.value_error("third argument must be a valid machine format code."));
    }
    let items = args.get(vm, 3);
    let Some(b) = vm.as_bytes_obj(items).map(|b| vm.bytes_data(b).to_vec()) else {
        let tn = vm.type_name(items);
        return Err(crate::raise!(
            vm,
            TypeError,
            "fourth argument should be bytes, not {tn}"
        ));
    };
    let a = new_array(
        vm,
        Some(args.root(0)),
        ArrayState {
            tc,
            data: Vec::new(),
        },
    )?;
    let mark = vm.sp();
    let ar = vm.push_root(a)?;
    if code == mformat(tc) {
        frombytes_raw(vm, vm.get(ar), &b)?;
    } else {
        let els = decode_mformat(code, &b).unwrap_or_default();
        for e in els {
            let v = codec::to_value(vm, e)?;
            let e = codec::from_value(vm, tc, v)?;
            st(vm, vm.get(ar))?.push(e);
        }
    }
    let a = vm.get(ar);
    vm.truncate(mark);
    Ok(a)
}
