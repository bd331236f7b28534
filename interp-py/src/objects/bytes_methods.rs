//! `bytes` and `bytearray`: bytearray storage (a `Vec<u8>` owned through the `boxed` layout)
//! and the methods of both types (shared implementations over byte slices).

use tern_gc::GcRef;

use crate::objects::builtin_func::{MethodDef, classmeth, func, meth};
use crate::objects::str_methods::{count_bytes, find_bytes, rfind_bytes};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::boxed_;
use crate::runtime::roots::C;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Destructor of the bytearray layout.
pub fn bytearray_drop(obj: GcRef) {
    // SAFETY: `obj` is a dead bytearray whose `PTR` was set at allocation.
    let p = unsafe { obj.read::<usize>(boxed_::PTR) } as *mut Vec<u8>;
    if !p.is_null() {
        // SAFETY: `p` came from `Box::into_raw` in `new_bytearray`.
        unsafe { drop(Box::from_raw(p)) };
    }
}

impl Vm {
    /// A new bytearray.
    pub fn new_bytearray(&mut self, b: &[u8]) -> PyResult<Value> {
        let p = Box::into_raw(Box::new(b.to_vec()));
        match self.alloc_t(self.lay.bytearray, T::ByteArray) {
            Ok(v) => {
                self.st_scalar::<usize>(v, boxed_::PTR, p as usize);
                Ok(v)
            }
            Err(e) => {
                // SAFETY: `p` came from `Box::into_raw` above and was not stored.
                unsafe { drop(Box::from_raw(p)) };
                Err(e)
            }
        }
    }

    fn bytearray_obj(&self, v: Value) -> Option<Value> {
        if self.has_layout(v, self.lay.bytearray) {
            return Some(v);
        }
        self.native_payload(v, Kind::ByteArray)
    }

    /// The data of a bytearray (or subclass instance).
    pub fn bytearray_data(&self, v: Value) -> Option<&[u8]> {
        let b = self.bytearray_obj(v)?;
        let p = self.ld_scalar::<usize>(b, boxed_::PTR) as *const Vec<u8>;
        // SAFETY: the vector lives as long as the bytearray (rule 1); `&self` rules out
        // mutation meanwhile.
        Some(unsafe { &*p })
    }

    /// Mutable access to a bytearray's data.
    pub fn bytearray_vec(&mut self, v: Value) -> Option<&mut Vec<u8>> {
        let b = self.bytearray_obj(v)?;
        let p = self.ld_scalar::<usize>(b, boxed_::PTR) as *mut Vec<u8>;
        // SAFETY: as above; `&mut self` makes the reference unique.
        Some(unsafe { &mut *p })
    }

    /// Appends bytes to a bytearray.
    pub fn bytearray_extend_bytes(&mut self, v: Value, data: &[u8]) {
        if let Some(vec) = self.bytearray_vec(v) {
            vec.extend_from_slice(data);
        }
    }

    /// `a + b` for bytes-like operands; the result type follows `a`.
    pub fn bytes_concat(&mut self, a: Value, b: Value) -> PyResult<Option<Value>> {
        let (Some(x), Some(y)) = (self.bytes_like(a), self.bytes_like(b)) else {
            return Ok(None);
        };
        let mut out = x;
        out.extend_from_slice(&y);
        if self.kind(a) == Kind::ByteArray {
            self.new_bytearray(&out).map(Some)
        } else {
            self.new_bytes(&out).map(Some)
        }
    }

    /// Bytes from an object (`bytes(x)` semantics except the str case).
    pub fn bytes_from_object(&mut self, x: Value) -> PyResult<Vec<u8>> {
        if let Some(b) = self.bytes_like(x) {
            return Ok(b);
        }
        if self.as_str_obj(x).is_some() {
            return Err(self.type_error("string argument without an encoding"));
        }
        if let Some(n) = self.small_int_of(x).filter(|_| self.is_int(x)) {
            if n < 0 {
                return Err(self.value_error("negative count"));
            }
            // A huge count is a MemoryError (as in CPython), not an allocation abort.
            let mut v = Vec::new();
            if v.try_reserve_exact(n as usize).is_err() {
                return Err(self.new_error0(crate::runtime::builtin_types::T::MemoryError));
            }
            v.resize(n as usize, 0);
            return Ok(v);
        }
        let ty = self.type_of(x);
        if let Some(m) = self.lookup_special(ty, crate::runtime::names::n::BYTES) {
            let r = self.call_special_found(m, x, &[])?;
            return match self.as_bytes_obj(r) {
                Some(b) => Ok(self.bytes_data(b).to_vec()),
                None => {
                    let tn = self.type_name(r);
                    Err(crate::raise!(
                        self,
                        TypeError,
                        "__bytes__ returned non-bytes (type {tn})"
                    ))
                }
            };
        }
        let l = match self.to_list(x) {
            Ok(l) => l,
            Err(e) => {
                if self.err_matches(&e, T::TypeError) {
                    let _ = self.take_exc(e);
                    let tn = self.type_name(x);
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "cannot convert '{tn}' object to bytes"
                    ));
                }
                return Err(e);
            }
        };
        let items: Vec<Value> = self.list_items(l).to_vec();
        let mut out = Vec::with_capacity(items.len());
        for it in items {
            if !self.is_int(it) {
                let tn = self.type_name(it);
                return Err(crate::raise!(
                    self,
                    TypeError,
                    "'{tn}' object cannot be interpreted as an integer"
                ));
            }
            match self.small_int_of(it) {
                Some(i) if (0..256).contains(&i) => out.push(i as u8),
                _ => return Err(self.value_error("bytes must be in range(0, 256)")),
            }
        }
        Ok(out)
    }
}

pub(crate) fn data_self(vm: &mut Vm, args: Args) -> PyResult<Vec<u8>> {
    let v = args.get(vm, 0);
    match vm.bytes_like(v) {
        Some(d) => Ok(d),
        None => Err(vm.type_error("descriptor requires a 'bytes' object")),
    }
}

fn is_bytearray_self(vm: &Vm, args: Args) -> bool {
    let v = args.get(vm, 0);
    vm.kind(vm.payload_or_self(v)) == Kind::ByteArray
}

pub(crate) fn make_like(vm: &mut Vm, args: Args, data: &[u8]) -> PyResult<Value> {
    if is_bytearray_self(vm, args) {
        vm.new_bytearray(data)
    } else {
        vm.new_bytes(data)
    }
}

pub(crate) fn arg_bytes(vm: &mut Vm, args: Args, i: usize) -> PyResult<Vec<u8>> {
    let v = args.get(vm, i);
    match vm.bytes_like(v) {
        Some(d) => Ok(d),
        None => {
            if let Some(n) = vm.small_int_of(v).filter(|n| (0..256).contains(n)) {
                return Ok(vec![n as u8]);
            }
            let tn = vm.type_name(v);
            Err(crate::raise!(
                vm,
                TypeError,
                "a bytes-like object is required, not '{tn}'"
            ))
        }
    }
}

fn bytes_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls, src, enc, errs] = vm.bind::<4>(
        args,
        &crate::runtime::call::Sig {
            name: "bytes",
            params: &["cls", "source", "encoding", "errors"],
            posonly: 1,
            kwonly: 4,
            required: 1,
        },
    )?;
    let data = match src {
        None => Vec::new(),
        Some(r) => {
            let x = vm.get(r);
            if let Some(s) = vm.as_str_obj(x) {
                let Some(e) = enc else {
                    return Err(vm.type_error("string argument without an encoding"));
                };
                let ev = vm.get(e);
                let encoding = vm.str_string_of(ev)?;
                let errors = match errs {
                    Some(er) => {
                        let v = vm.get(er);
                        vm.str_string_of(v)?
                    }
                    None => "strict".into(),
                };
                let b = crate::objects::codecs::encode_str(vm, s, &encoding, &errors)?;
                vm.bytes_data(b).to_vec()
            } else {
                if enc.is_some() {
                    return Err(vm.type_error("encoding without a string argument"));
                }
                vm.bytes_from_object(x)?
            }
        }
    };
    let b = vm.new_bytes(&data)?;
    vm.wrap_native_instance(cls.expect("cls"), b, Kind::Bytes)
}

fn bytearray_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = vm.new_bytearray(&[])?;
    vm.wrap_native_instance(args.root(0), b, Kind::ByteArray)
}

fn bytearray_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let data = match args.opt(vm, 1) {
        None => Vec::new(),
        Some(x) => {
            if let Some(s) = vm.as_str_obj(x) {
                let Some(e) = args.opt(vm, 2) else {
                    return Err(vm.type_error("string argument without an encoding"));
                };
                let encoding = vm.str_string_of(e)?;
                let b = crate::objects::codecs::encode_str(vm, s, &encoding, "strict")?;
                vm.bytes_data(b).to_vec()
            } else {
                vm.bytes_from_object(x)?
            }
        }
    };
    let s = args.get(vm, 0);
    if let Some(v) = vm.bytearray_vec(s) {
        *v = data;
    }
    Ok(vm.none())
}

/// The bytes of a `bytes` or `bytearray` (or subclass) receiver, borrowed (no copy).
fn raw_self(vm: &Vm, v: Value) -> Option<&[u8]> {
    let p = vm.payload_or_self(v);
    if let Some(b) = vm.as_bytes_obj(p) {
        return Some(vm.bytes_data(b));
    }
    vm.bytearray_data(p)
}

fn b_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if let Some(d) = raw_self(vm, args.get(vm, 0)) {
        return Ok(Value::small(d.len() as i64));
    }
    let d = data_self(vm, args)?;
    Ok(Value::small(d.len() as i64))
}

fn b_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let k = args.get(vm, 1);
    if vm.kind(k) == Kind::Slice
        && let Some(n) = raw_self(vm, args.get(vm, 0)).map(|d| d.len())
    {
        // Slices copy only the selected bytes (the indices are computed first: they may
        // run `__index__`, so the data is borrowed afresh afterwards).
        let si = vm.slice_indices(k, n)?;
        let d = raw_self(vm, args.get(vm, 0)).unwrap_or_default();
        let mut out = Vec::with_capacity(si.len);
        let mut i = si.start;
        for _ in 0..si.len {
            if let Some(&b) = d.get(i as usize) {
                out.push(b);
            }
            i = i.wrapping_add(si.step);
        }
        return make_like(vm, args, &out);
    }
    let d = data_self(vm, args)?;
    if vm.kind(k) == Kind::Slice {
        let si = vm.slice_indices(k, d.len())?;
        let mut out = Vec::with_capacity(si.len);
        let mut i = si.start;
        for _ in 0..si.len {
            out.push(d[i as usize]);
            i = i.wrapping_add(si.step);
        }
        return make_like(vm, args, &out);
    }
    let Some(i) = vm.index_arg_for_getitem(k, "byte")? else {
        let tn = vm.type_name(k);
        let what = if is_bytearray_self(vm, args) {
            "bytearray"
        } else {
            "byte"
        };
        return Err(crate::raise!(
            vm,
            TypeError,
            "{what} indices must be integers or slices, not {tn}"
        ));
    };
    let n = d.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        let what = if is_bytearray_self(vm, args) {
            "bytearray"
        } else {
            "index"
        };
        return Err(if what == "index" {
            vm.index_error("index out of range")
        } else {
            vm.index_error("bytearray index out of range")
        });
    }
    Ok(Value::small(d[j as usize] as i64))
}

fn b_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let v = args.get(vm, 0);
    let t = if is_bytearray_self(vm, args) {
        T::ByteArrayIter
    } else {
        T::BytesIter
    };
    vm.new_seq_iter(t, v)
}

fn b_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let x = args.get(vm, 1);
    let r = if let Some(i) = vm.small_int_of(x).filter(|_| vm.is_int(x)) {
        if !(0..256).contains(&i) {
            return Err(vm.value_error("byte must be in range(0, 256)"));
        }
        d.contains(&(i as u8))
    } else {
        let n = arg_bytes(vm, args, 1)?;
        find_bytes(&d, &n, 0).is_some()
    };
    Ok(vm.bool_val(r))
}

fn b_hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if is_bytearray_self(vm, args) {
        return Err(vm.type_error("unhashable type: 'bytearray'"));
    }
    let d = data_self(vm, args)?;
    vm.new_int(crate::objects::str::hash_bytes(&d))
}

fn b_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let mut r = crate::objects::str_repr::bytes_repr(&d);
    if is_bytearray_self(vm, args) {
        // CPython's bytearray repr escapes `'` even inside a `"`-quoted literal.
        if r.starts_with("b\"") {
            let body = r[2..r.len() - 1].replace('\'', "\\'");
            r = format!("b\"{body}\"");
        }
        let tn = vm.type_name(args.get(vm, 0));
        return vm.new_str(&format!("{tn}({r})"));
    }
    vm.new_str(&r)
}

fn b_decode(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [_, enc, errs] = vm.bind::<3>(
        args,
        &crate::runtime::call::Sig {
            name: "decode",
            params: &["self", "encoding", "errors"],
            posonly: 1,
            kwonly: 3,
            required: 1,
        },
    )?;
    let encoding = match enc {
        Some(r) => {
            let v = vm.get(r);
            vm.str_string_of(v)?
        }
        None => "utf-8".into(),
    };
    let errors = match errs {
        Some(r) => {
            let v = vm.get(r);
            vm.str_string_of(v)?
        }
        None => "strict".into(),
    };
    let d = data_self(vm, args)?;
    crate::objects::codecs::decode_bytes(vm, &d, &encoding, &errors)
}

fn b_hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let sep = args
        .opt(vm, 1)
        .and_then(|s| vm.as_str_obj(s))
        .map(|s| vm.str_string(s));
    let mut out = String::new();
    for (i, b) in d.iter().enumerate() {
        if i > 0
            && let Some(s) = &sep
        {
            out.push_str(s);
        }
        out.push_str(&format!("{b:02x}"));
    }
    vm.new_str(&out)
}

fn b_fromhex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = vm.str_arg(args, 1, "fromhex() argument")?;
    let text = vm.str_string(s);
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let hi = chars[i].to_digit(16);
        let lo = chars.get(i + 1).and_then(|c| c.to_digit(16));
        match (hi, lo) {
            (Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 2;
            }
            _ => {
                let pos = if hi.is_none() { i } else { i + 1 };
                return Err(crate::raise!(
                    vm,
                    ValueError,
                    "non-hexadecimal number found in fromhex() arg at position {pos}"
                ));
            }
        }
    }
    let cls = args.get(vm, 0);
    if cls == vm.ty(T::ByteArray) {
        vm.new_bytearray(&out)
    } else {
        vm.new_bytes(&out)
    }
}

fn b_join(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let sep = data_self(vm, args)?;
    let l = vm.to_list(args.get(vm, 1))?;
    let items: Vec<Value> = vm.list_items(l).to_vec();
    let mut out = Vec::new();
    for (i, it) in items.into_iter().enumerate() {
        let Some(d) = vm.bytes_like(it) else {
            let tn = vm.type_name(it);
            return Err(crate::raise!(
                vm,
                TypeError,
                "sequence item {i}: expected a bytes-like object, {tn} found"
            ));
        };
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(&d);
    }
    make_like(vm, args, &out)
}

fn b_split_impl(vm: &mut Vm, args: Args, right: bool) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let sep = match args.opt(vm, 1) {
        Some(v) if !vm.is_none(v) => Some(arg_bytes(vm, args, 1)?),
        _ => None,
    };
    let max = match args.opt(vm, 2) {
        Some(v) => vm.small_int_of(v).unwrap_or(-1),
        None => -1,
    };
    let max = if max < 0 { usize::MAX } else { max as usize };
    let mut pieces: Vec<Vec<u8>> = Vec::new();
    match sep {
        None => {
            let words: Vec<&[u8]> = d
                .split(|c| c.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
                .collect();
            if words.len() <= max.saturating_add(1) || max == usize::MAX {
                pieces = words.into_iter().map(|w| w.to_vec()).collect();
            } else if !right {
                // Split only `max` times from the left.
                let mut rest: &[u8] = &d;
                for _ in 0..max {
                    let t = rest
                        .iter()
                        .position(|c| !c.is_ascii_whitespace())
                        .unwrap_or(rest.len());
                    rest = &rest[t..];
                    let e = rest
                        .iter()
                        .position(|c| c.is_ascii_whitespace())
                        .unwrap_or(rest.len());
                    pieces.push(rest[..e].to_vec());
                    rest = &rest[e..];
                }
                let t = rest
                    .iter()
                    .position(|c| !c.is_ascii_whitespace())
                    .unwrap_or(rest.len());
                let rest = &rest[t..];
                let e = rest.len()
                    - rest
                        .iter()
                        .rev()
                        .position(|c| !c.is_ascii_whitespace())
                        .unwrap_or(0);
                if !rest.is_empty() {
                    pieces.push(rest[..e].to_vec());
                }
            } else {
                let n = words.len();
                let head = n - max;
                let joined_end = {
                    let mut count = 0;
                    let mut end = 0;
                    let mut i = 0;
                    while i < d.len() {
                        while i < d.len() && d[i].is_ascii_whitespace() {
                            i += 1;
                        }
                        let s = i;
                        while i < d.len() && !d[i].is_ascii_whitespace() {
                            i += 1;
                        }
                        if i > s {
                            count += 1;
                            if count == head {
                                end = i;
                                break;
                            }
                        }
                    }
                    end
                };
                let start = d.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(0);
                pieces.push(d[start..joined_end].to_vec());
                for w in &words[head..] {
                    pieces.push(w.to_vec());
                }
            }
        }
        Some(s) => {
            if s.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            if !right {
                let mut i = 0;
                let mut k = 0;
                while k < max {
                    match find_bytes(&d, &s, i) {
                        Some(p) => {
                            pieces.push(d[i..p].to_vec());
                            i = p + s.len();
                            k += 1;
                        }
                        None => break,
                    }
                }
                pieces.push(d[i..].to_vec());
            } else {
                let mut end = d.len();
                let mut k = 0;
                while k < max {
                    match rfind_bytes(&d, &s, 0, end) {
                        Some(p) => {
                            pieces.push(d[p + s.len()..end].to_vec());
                            end = p;
                            k += 1;
                        }
                        None => break,
                    }
                }
                pieces.push(d[..end].to_vec());
                pieces.reverse();
            }
        }
    }
    let mark = vm.sp();
    for p in pieces {
        let v = make_like(vm, args, &p)?;
        vm.push_root(v)?;
    }
    vm.pack_list(mark)
}
fn b_split(vm: &mut Vm, args: Args) -> PyResult<Value> {
    b_split_impl(vm, args, false)
}
fn b_rsplit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    b_split_impl(vm, args, true)
}

fn b_strip_impl(vm: &mut Vm, args: Args, which: u8) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let chars = match args.opt(vm, 1) {
        Some(v) if !vm.is_none(v) => Some(arg_bytes(vm, args, 1)?),
        _ => None,
    };
    let test = |c: &u8| match &chars {
        None => c.is_ascii_whitespace() || *c == 0x0b,
        Some(s) => s.contains(c),
    };
    let mut s = 0;
    let mut e = d.len();
    if which != 2 {
        while s < e && test(&d[s]) {
            s += 1;
        }
    }
    if which != 1 {
        while e > s && test(&d[e - 1]) {
            e -= 1;
        }
    }
    make_like(vm, args, &d[s..e])
}
fn b_strip(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_strip_impl(vm, a, 0)
}
fn b_lstrip(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_strip_impl(vm, a, 1)
}
fn b_rstrip(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_strip_impl(vm, a, 2)
}

fn b_edge(vm: &mut Vm, args: Args, end: bool) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let a = args.get(vm, 1);
    let cands: Vec<Value> = match vm.as_tuple_obj(a) {
        Some(t) => vm.tuple_items(t).to_vec(),
        None => vec![a],
    };
    for c in cands {
        let Some(p) = vm.bytes_like(c) else {
            let tn = vm.type_name(c);
            let name = if end { "endswith" } else { "startswith" };
            return Err(crate::raise!(
                vm,
                TypeError,
                "{name} first arg must be bytes or a tuple of bytes, not {tn}"
            ));
        };
        if (end && d.ends_with(&p)) || (!end && d.starts_with(&p)) {
            return Ok(vm.bool_val(true));
        }
    }
    Ok(vm.bool_val(false))
}
fn b_startswith(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_edge(vm, a, false)
}
fn b_endswith(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_edge(vm, a, true)
}

pub(crate) fn b_search(vm: &mut Vm, args: Args, op: u8, raise: bool) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let n = arg_bytes(vm, args, 1)?;
    let start = vm.opt_index_arg(args, 2)?;
    let stop = vm.opt_index_arg(args, 3)?;
    let (s, e) = crate::objects::str_methods::clamp_range(start, stop, d.len());
    let r = match op {
        0 => find_bytes(&d[..e.max(s)], &n, s).map_or(-1, |p| p as i64),
        1 => rfind_bytes(&d, &n, s, e).map_or(-1, |p| p as i64),
        _ => count_bytes(&d, &n, s, e, usize::MAX) as i64,
    };
    if raise && r < 0 {
        return Err(vm.value_error("subsection not found"));
    }
    Ok(Value::small(r))
}
fn b_find(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_search(vm, a, 0, false)
}
fn b_rfind(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_search(vm, a, 1, false)
}
fn b_index(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_search(vm, a, 0, true)
}
fn b_count(vm: &mut Vm, a: Args) -> PyResult<Value> {
    b_search(vm, a, 2, false)
}

fn b_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let old = arg_bytes(vm, args, 1)?;
    let new = arg_bytes(vm, args, 2)?;
    let max = match args.opt(vm, 3) {
        Some(v) => vm.small_int_of(v).unwrap_or(-1),
        None => -1,
    };
    let max = if max < 0 { usize::MAX } else { max as usize };
    let mut out = Vec::new();
    let mut i = 0;
    let mut k = 0;
    if old.is_empty() {
        for (j, b) in d.iter().enumerate() {
            if k < max {
                out.extend_from_slice(&new);
                k += 1;
            }
            out.push(*b);
            let _ = j;
        }
        if k < max {
            out.extend_from_slice(&new);
        }
        return make_like(vm, args, &out);
    }
    while k < max {
        match find_bytes(&d, &old, i) {
            Some(p) => {
                out.extend_from_slice(&d[i..p]);
                out.extend_from_slice(&new);
                i = p + old.len();
                k += 1;
            }
            None => break,
        }
    }
    out.extend_from_slice(&d[i..]);
    make_like(vm, args, &out)
}

macro_rules! bmap {
    ($name:ident, $f:expr) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult<Value> {
            let d = data_self(vm, args)?;
            let f: fn(&[u8]) -> Vec<u8> = $f;
            let out = f(&d);
            make_like(vm, args, &out)
        }
    };
}
bmap!(b_upper, |d| d.to_ascii_uppercase());
bmap!(b_lower, |d| d.to_ascii_lowercase());

macro_rules! bpred {
    ($name:ident, $f:expr) => {
        fn $name(vm: &mut Vm, args: Args) -> PyResult<Value> {
            let d = data_self(vm, args)?;
            let f: fn(&u8) -> bool = $f;
            Ok(vm.bool_val(!d.is_empty() && d.iter().all(f)))
        }
    };
}
bpred!(b_isdigit, |c| c.is_ascii_digit());
bpred!(b_isalpha, |c| c.is_ascii_alphabetic());
bpred!(b_isalnum, |c| c.is_ascii_alphanumeric());
bpred!(b_isspace, |c| c.is_ascii_whitespace() || *c == 0x0b);
bpred!(b_isupper_all, |c| !c.is_ascii_lowercase());
bpred!(b_islower_all, |c| !c.is_ascii_uppercase());

fn b_isupper(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    Ok(vm.bool_val(
        d.iter().any(|c| c.is_ascii_uppercase()) && !d.iter().any(|c| c.is_ascii_lowercase()),
    ))
}
fn b_islower(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    Ok(vm.bool_val(
        d.iter().any(|c| c.is_ascii_lowercase()) && !d.iter().any(|c| c.is_ascii_uppercase()),
    ))
}

fn ba_append(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "bytearray.append", 2, 2)?;
    let x = args.get(vm, 1);
    let i = vm.index_value(x)?;
    let Some(b) = vm.small_int_of(i).filter(|b| (0..256).contains(b)) else {
        return Err(vm.value_error("byte must be in range(0, 256)"));
    };
    let s = args.get(vm, 0);
    if let Some(v) = vm.bytearray_vec(s) {
        v.push(b as u8);
    }
    Ok(vm.none())
}

fn ba_extend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let x = args.get(vm, 1);
    let data = vm.bytes_from_object(x)?;
    let s = args.get(vm, 0);
    vm.bytearray_extend_bytes(s, &data);
    Ok(vm.none())
}

fn ba_pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let i = match args.opt(vm, 1) {
        Some(v) => vm.small_int_of(v).unwrap_or(-1),
        None => -1,
    };
    let s = args.get(vm, 0);
    let Some(v) = vm.bytearray_vec(s) else {
        return Err(vm.type_error("bytearray expected"));
    };
    if v.is_empty() {
        return Err(vm.index_error("pop from empty bytearray"));
    }
    let n = v.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("pop index out of range"));
    }
    let b = v.remove(j as usize);
    Ok(Value::small(b as i64))
}

fn ba_setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let k = args.get(vm, 1);
    if vm.kind(k) == Kind::Slice {
        let data = vm.bytes_from_object(args.get(vm, 2))?;
        let n = vm.bytearray_data(args.get(vm, 0)).map_or(0, |d| d.len());
        let si = vm.slice_indices(k, n)?;
        let s = args.get(vm, 0);
        let v = vm.bytearray_vec(s).expect("bytearray");
        if si.step == 1 {
            let st = si.start as usize;
            v.splice(st..st + si.len, data);
        } else {
            if data.len() != si.len {
                return Err(crate::raise!(
                    vm,
                    ValueError,
                    "attempt to assign bytes of size {} to extended slice of size {}",
                    data.len(),
                    si.len
                ));
            }
            let mut i = si.start;
            for b in data {
                v[i as usize] = b;
                i = i.wrapping_add(si.step);
            }
        }
        return Ok(vm.none());
    }
    let i = vm.index_value(k)?;
    let i = vm.small_int_of(i).unwrap_or(i64::MAX);
    let x = args.get(vm, 2);
    let xb = vm.small_int_of(x).filter(|b| (0..256).contains(b));
    let Some(b) = xb else {
        return Err(vm.value_error("byte must be in range(0, 256)"));
    };
    let s = args.get(vm, 0);
    let v = vm.bytearray_vec(s).expect("bytearray");
    let n = v.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("bytearray index out of range"));
    }
    v[j as usize] = b as u8;
    Ok(vm.none())
}

fn ba_delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "__delitem__", 2, 2)?;
    let k = args.get(vm, 1);
    let n = vm.bytearray_data(args.get(vm, 0)).map_or(0, |d| d.len());
    if vm.kind(k) == Kind::Slice {
        let si = vm.slice_indices(k, n)?;
        let mut idx: Vec<usize> = (0..si.len)
            .map(|j| (si.start + j as isize * si.step) as usize)
            .collect();
        idx.sort_unstable();
        let v = vm.bytearray_vec(args.get(vm, 0)).expect("bytearray");
        for (removed, i) in idx.into_iter().enumerate() {
            v.remove(i - removed);
        }
        return Ok(vm.none());
    }
    let i = vm.index_value(k)?;
    let i = vm.small_int_of(i).unwrap_or(i64::MAX);
    let j = if i < 0 { i + n as i64 } else { i };
    if j < 0 || j >= n as i64 {
        return Err(vm.index_error("bytearray index out of range"));
    }
    vm.bytearray_vec(args.get(vm, 0))
        .expect("bytearray")
        .remove(j as usize);
    Ok(vm.none())
}

fn ba_insert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "insert", 3, 3)?;
    let i = vm.index_i64(args.get(vm, 1))?;
    let x = args.get(vm, 2);
    let Some(b) = vm.small_int_of(x).filter(|b| (0..256).contains(b)) else {
        return Err(vm.value_error("byte must be in range(0, 256)"));
    };
    let v = vm.bytearray_vec(args.get(vm, 0)).expect("bytearray");
    let n = v.len() as i64;
    let j = if i < 0 { (i + n).max(0) } else { i.min(n) };
    v.insert(j as usize, b as u8);
    Ok(vm.none())
}

fn ba_remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    vm.check_args(args, "remove", 2, 2)?;
    let x = args.get(vm, 1);
    let Some(b) = vm.small_int_of(x).filter(|b| (0..256).contains(b)) else {
        return Err(vm.value_error("byte must be in range(0, 256)"));
    };
    let v = vm.bytearray_vec(args.get(vm, 0)).expect("bytearray");
    match v.iter().position(|&c| c as i64 == b) {
        Some(p) => {
            v.remove(p);
            Ok(vm.none())
        }
        None => Err(vm.value_error("value not found in bytearray")),
    }
}

fn ba_clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = args.get(vm, 0);
    if let Some(v) = vm.bytearray_vec(s) {
        v.clear();
    }
    Ok(vm.none())
}

fn ba_copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    vm.new_bytearray(&d)
}

fn ba_reverse(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let s = args.get(vm, 0);
    if let Some(v) = vm.bytearray_vec(s) {
        v.reverse();
    }
    Ok(vm.none())
}

fn ba_iadd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let data = arg_bytes(vm, args, 1)?;
    let s = args.get(vm, 0);
    vm.bytearray_extend_bytes(s, &data);
    Ok(args.get(vm, 0))
}

fn b_getnewargs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let d = data_self(vm, args)?;
    let b = vm.new_bytes(&d)?;
    vm.tuple1(b)
}

/// `bytes` methods.
pub static BYTES_METHODS: &[MethodDef] = &[
    func("__new__", bytes_new),
    meth("__len__", b_len),
    meth("__getitem__", b_getitem),
    meth("__iter__", b_iter),
    meth("__contains__", b_contains),
    meth("__hash__", b_hash),
    meth("__repr__", b_repr),
    meth("__add__", crate::objects::int_methods::w_add),
    meth("__mul__", crate::objects::int_methods::w_mul),
    meth("__rmul__", crate::objects::int_methods::w_rmul),
    meth("__mod__", crate::objects::int_methods::w_mod),
    meth("__getnewargs__", b_getnewargs),
    meth("decode", b_decode),
    meth("hex", b_hex),
    classmeth("fromhex", b_fromhex),
    meth("join", b_join),
    meth("split", b_split),
    meth("rsplit", b_rsplit),
    meth("strip", b_strip),
    meth("lstrip", b_lstrip),
    meth("rstrip", b_rstrip),
    meth("startswith", b_startswith),
    meth("endswith", b_endswith),
    meth("find", b_find),
    meth("rfind", b_rfind),
    meth("index", b_index),
    meth("count", b_count),
    meth("replace", b_replace),
    meth("upper", b_upper),
    meth("lower", b_lower),
    meth("isdigit", b_isdigit),
    meth("isalpha", b_isalpha),
    meth("isalnum", b_isalnum),
    meth("isspace", b_isspace),
    meth("isupper", b_isupper),
    meth("islower", b_islower),
];

/// `bytearray` methods.
pub static BYTEARRAY_METHODS: &[MethodDef] = &[
    func("__new__", bytearray_new),
    meth("__init__", bytearray_init),
    meth("__len__", b_len),
    meth("__getitem__", b_getitem),
    meth("__setitem__", ba_setitem),
    meth("__iter__", b_iter),
    meth("__contains__", b_contains),
    meth("__repr__", b_repr),
    meth("__add__", crate::objects::int_methods::w_add),
    meth("__mul__", crate::objects::int_methods::w_mul),
    meth("__iadd__", ba_iadd),
    meth("decode", b_decode),
    meth("hex", b_hex),
    classmeth("fromhex", b_fromhex),
    meth("join", b_join),
    meth("split", b_split),
    meth("strip", b_strip),
    meth("find", b_find),
    meth("count", b_count),
    meth("replace", b_replace),
    meth("startswith", b_startswith),
    meth("endswith", b_endswith),
    meth("upper", b_upper),
    meth("lower", b_lower),
    meth("append", ba_append),
    meth("extend", ba_extend),
    meth("pop", ba_pop),
    meth("clear", ba_clear),
    meth("copy", ba_copy),
    meth("reverse", ba_reverse),
    meth("__delitem__", ba_delitem),
    meth("insert", ba_insert),
    meth("remove", ba_remove),
];

/// Keeps helper predicates referenced.
pub fn _preds() -> [fn(&mut Vm, Args) -> PyResult<Value>; 2] {
    [b_isupper_all, b_islower_all]
}

/// Keeps `C` used.
pub fn _c() -> C {
    C::None
}
