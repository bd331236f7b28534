//! `str` methods, part 1: searching, splitting, joining, stripping, replacing, slicing,
//! concatenation and repetition. Part 2 (`str_methods2.rs`): case mapping, predicates,
//! padding, partition, splitlines, translate, encode, and the method table.
//!
//! Text is WTF-8: byte-level algorithms work unchanged because UTF-8 keeps substring
//! structure; char indices (Python's) are converted with [`Text::char_to_byte`] and
//! [`Text::byte_to_char`] (O(1) for ASCII).

use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::call::Args;
use crate::runtime::errors::PyResult;
use crate::runtime::roots::{C, Root};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// First occurrence of `needle` in `hay` at or after byte `from`.
pub fn find_bytes(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return if from <= hay.len() { Some(from) } else { None };
    }
    if from >= hay.len() || needle.len() > hay.len() - from {
        return None;
    }
    let first = needle[0];
    let last_start = hay.len() - needle.len();
    let mut i = from;
    while i <= last_start {
        match hay[i..=last_start].iter().position(|&c| c == first) {
            None => return None,
            Some(k) => {
                i += k;
                if &hay[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

/// Last occurrence of `needle` in `hay[..end]` starting at or after `from`.
pub fn rfind_bytes(hay: &[u8], needle: &[u8], from: usize, end: usize) -> Option<usize> {
    let end = end.min(hay.len());
    if needle.len() > end.saturating_sub(from) {
        return None;
    }
    let mut i = end - needle.len();
    loop {
        if &hay[i..i + needle.len()] == needle {
            return Some(i);
        }
        if i == from {
            return None;
        }
        i -= 1;
    }
}

/// Non-overlapping occurrences of `needle` in `hay[from..end]`.
pub fn count_bytes(hay: &[u8], needle: &[u8], from: usize, end: usize, max: usize) -> usize {
    let hay = &hay[..end.min(hay.len())];
    if needle.is_empty() {
        return (hay.len().saturating_sub(from) + 1).min(max);
    }
    let mut n = 0;
    let mut i = from;
    while n < max {
        match find_bytes(hay, needle, i) {
            Some(p) => {
                n += 1;
                i = p + needle.len();
            }
            None => break,
        }
    }
    n
}

/// Python's whitespace test (`str.split()`/`strip()`): Unicode White_Space plus the
/// separators `\x1c`..`\x1f`.
pub fn is_py_space(cp: u32) -> bool {
    matches!(cp, 0x09..=0x0d | 0x1c..=0x20 | 0x85 | 0xa0)
        || (cp > 0xff && char::from_u32(cp).is_some_and(|c| c.is_whitespace()))
}

/// A borrowed view of WTF-8 text with char/byte index conversion.
pub struct Text<'a> {
    /// The bytes.
    pub b: &'a [u8],
    /// All bytes are ASCII.
    pub ascii: bool,
}

impl<'a> Text<'a> {
    /// Byte offset of char index `ci` (clamped to the end).
    pub fn char_to_byte(&self, ci: usize) -> usize {
        if self.ascii {
            return ci.min(self.b.len());
        }
        crate::objects::str::nth_char_offset(self.b, 0, ci)
    }

    /// Char index of byte offset `bi`.
    pub fn byte_to_char(&self, bi: usize) -> usize {
        if self.ascii {
            return bi;
        }
        crate::objects::str::count_chars(&self.b[..bi.min(self.b.len())])
    }

    /// Number of chars.
    pub fn nchars(&self) -> usize {
        if self.ascii {
            self.b.len()
        } else {
            crate::objects::str::count_chars(self.b)
        }
    }
}

/// Resolves optional `start`/`end` arguments (Python's slice-like clamping) to char
/// indices within `n` chars.
pub fn clamp_range(start: Option<i64>, end: Option<i64>, n: usize) -> (usize, usize) {
    let n = n as i64;
    let fix = |v: i64| {
        if v < 0 { (v + n).max(0) } else { v.min(n) }
    };
    (
        fix(start.unwrap_or(0)) as usize,
        fix(end.unwrap_or(n)) as usize,
    )
}

impl Vm {
    /// The str (payload) of argument `i`, or `TypeError` naming the method.
    pub fn str_arg(&mut self, args: Args, i: usize, what: &str) -> PyResult<Value> {
        let v = args.get(self, i);
        match self.as_str_obj(v) {
            Some(s) => Ok(s),
            None => {
                let tn = self.type_name(v);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "{what} must be str, not {tn}"
                ))
            }
        }
    }

    /// The `self` str of a str method (unwrapping subclass payloads).
    pub fn str_self(&mut self, args: Args, method: &str) -> PyResult<Value> {
        if args.is_empty() {
            return Err(crate::raise!(
                self,
                TypeError,
                "descriptor '{method}' of 'str' object needs an argument"
            ));
        }
        let v = args.get(self, 0);
        match self.as_str_obj(v) {
            Some(s) => Ok(s),
            None => {
                let tn = self.type_name(v);
                Err(crate::raise!(
                    self,
                    TypeError,
                    "descriptor '{method}' requires a 'str' object but received a '{tn}'"
                ))
            }
        }
    }

    /// Optional int argument `i` (None/missing → `None`) for start/end parameters.
    pub fn opt_index_arg(&mut self, args: Args, i: usize) -> PyResult<Option<i64>> {
        match args.opt(self, i) {
            None => Ok(None),
            Some(v) if self.is_none(v) => Ok(None),
            Some(v) => {
                if !self.has_index(v) {
                    return Err(self.type_error(
                        "slice indices must be integers or None or have an __index__ method",
                    ));
                }
                let iv = self.index_value(v)?;
                Ok(Some(self.small_int_of(iv).unwrap_or(
                    if self.int_val(iv).is_some_and(|x| x.signum() < 0) {
                        i64::MIN / 2
                    } else {
                        i64::MAX / 2
                    },
                )))
            }
        }
    }

    /// `a + b` for two strs.
    pub fn str_concat(&mut self, a: Value, b: Value) -> PyResult<Value> {
        let (la, lb) = (self.str_len(a), self.str_len(b));
        if la == 0 {
            return Ok(b);
        }
        if lb == 0 {
            return Ok(a);
        }
        let mut out = Vec::with_capacity(self.str_bytes(a).len() + self.str_bytes(b).len());
        out.extend_from_slice(self.str_bytes(a));
        out.extend_from_slice(self.str_bytes(b));
        self.new_str_wtf8(&out)
    }

    /// `seq * n` for str, bytes, bytearray, list and tuple.
    pub fn seq_repeat(&mut self, seq: Value, n: Value) -> PyResult<Value> {
        let seq = self.payload_or_self(seq);
        let nv = self.index_value(n)?;
        let count = match self.int_val(nv).and_then(|x| x.to_i64()) {
            Some(c) => c.max(0) as usize,
            None => {
                if self.int_val(nv).is_some_and(|x| x.signum() < 0) {
                    0
                } else {
                    let tn = self.type_name(n);
                    return Err(crate::raise!(
                        self,
                        OverflowError,
                        "cannot fit '{tn}' into an index-sized integer"
                    ));
                }
            }
        };
        match self.kind(seq) {
            Kind::Str => {
                let b = self.str_bytes(seq);
                if count == 0 || b.is_empty() {
                    return Ok(self.c(C::EmptyStr));
                }
                if count == 1 {
                    return Ok(seq);
                }
                let total = b.len().checked_mul(count).filter(|&t| t < (1 << 40));
                let Some(total) = total else {
                    return Err(self.new_error0(T::MemoryError));
                };
                // Below the 1 TiB cap the allocation can still fail: MemoryError, not abort.
                let mut out = Vec::new();
                if out.try_reserve_exact(total).is_err() {
                    return Err(self.new_error0(T::MemoryError));
                }
                for _ in 0..count {
                    out.extend_from_slice(b);
                }
                self.new_str_wtf8(&out)
            }
            Kind::Bytes | Kind::ByteArray => {
                let b = self.bytes_like(seq).unwrap_or_default();
                if b.len().checked_mul(count).is_none_or(|t| t >= (1 << 40)) {
                    return Err(self.new_error0(T::MemoryError));
                }
                let mut out = Vec::new();
                if out.try_reserve_exact(b.len() * count).is_err() {
                    return Err(self.new_error0(T::MemoryError));
                }
                for _ in 0..count {
                    out.extend_from_slice(&b);
                }
                if self.kind(seq) == Kind::ByteArray {
                    self.new_bytearray(&out)
                } else {
                    self.new_bytes(&out)
                }
            }
            Kind::List | Kind::Tuple => {
                let is_list = self.kind(seq) == Kind::List;
                let len = if is_list {
                    self.list_len(seq)
                } else {
                    self.tuple_len(seq)
                };
                let total = len.checked_mul(count).filter(|&t| t < (1 << 32));
                let Some(total) = total else {
                    return Err(self.new_error0(T::MemoryError));
                };
                if !is_list && (count == 1 || len == 0) {
                    return Ok(if len == 0 { self.c(C::EmptyTuple) } else { seq });
                }
                let mark = self.sp();
                let sr = self.push_root(seq)?;
                let r = if is_list {
                    let l = self.new_list(total)?;
                    let s = self.get(sr);
                    let arr = self.ldv(l, crate::runtime::layout::list_::ITEMS);
                    if let Some(arr) = arr {
                        for k in 0..total {
                            let w = self.list_get(s, k % len).raw();
                            self.init_item(arr, crate::runtime::layout::array_::FIXED, k, w);
                        }
                    }
                    self.st_scalar::<u64>(l, crate::runtime::layout::list_::LEN, total as u64);
                    l
                } else {
                    let t = self.alloc_tuple(total)?;
                    let s = self.get(sr);
                    for k in 0..total {
                        let w = self.tuple_get(s, k % len).raw();
                        self.init_item(t, crate::runtime::layout::tuple_::FIXED, k, w);
                    }
                    t
                };
                self.truncate(mark);
                Ok(r)
            }
            _ => Ok(self.not_implemented()),
        }
    }

    /// `str[index]` / `str[slice]`.
    pub fn str_getitem(&mut self, s: Value, k: Value) -> PyResult<Value> {
        if self.kind(k) == Kind::Slice {
            let n = self.str_len(s);
            let mark = self.sp();
            let sr = self.push_root(s)?;
            let si = self.slice_indices(k, n)?;
            if si.step == 1 {
                let r = self.str_substring(sr, si.start as usize, (si.start as usize) + si.len);
                self.truncate(mark);
                return r;
            }
            let s = self.get(sr);
            let cps: Vec<u32> = crate::objects::str::code_points(self.str_bytes(s)).collect();
            let mut out = Vec::with_capacity(si.len);
            let mut i = si.start;
            for _ in 0..si.len {
                out.push(cps[i as usize]);
                i = i.wrapping_add(si.step);
            }
            self.truncate(mark);
            return self.new_str_cps(out);
        }
        let Some(i) = self.index_arg_for_getitem(k, "string")? else {
            let tn = self.type_name(k);
            return Err(crate::raise!(
                self,
                TypeError,
                "string indices must be integers, not '{tn}'"
            ));
        };
        let n = self.str_len(s) as i64;
        let j = if i < 0 { i + n } else { i };
        if j < 0 || j >= n {
            return Err(self.index_error("string index out of range"));
        }
        if self.str_is_ascii(s) {
            let c = self.str_bytes(s)[j as usize];
            return self.new_char(c as u32);
        }
        let cp = self.str_char_at(s, j as usize)?;
        self.new_char(cp)
    }

    /// An integer index for `__getitem__` (`None` if `k` has no `__index__`).
    pub fn index_arg_for_getitem(&mut self, k: Value, _what: &str) -> PyResult<Option<i64>> {
        if let Some(i) = k.as_small() {
            return Ok(Some(i));
        }
        if !self.has_index(k) {
            return Ok(None);
        }
        let iv = self.index_value(k)?;
        match self.small_int_of(iv) {
            Some(i) => Ok(Some(i)),
            None => {
                let tn = self.type_name(k);
                Err(crate::raise!(
                    self,
                    IndexError,
                    "cannot fit '{tn}' into an index-sized integer"
                ))
            }
        }
    }

    /// `sep.join(iterable)`.
    pub fn str_join(&mut self, sep: Value, iterable: Value) -> PyResult<Value> {
        let mark = self.sp();
        let sr = self.push_root(sep)?;
        let items = if let Some(l) = self.as_list_obj(iterable) {
            l
        } else if let Some(t) = self.as_tuple_obj(iterable) {
            t
        } else {
            let ty = self.type_of(iterable);
            if self
                .lookup_special(ty, crate::runtime::names::n::ITER)
                .is_none()
                && self
                    .lookup_special(ty, crate::runtime::names::n::GETITEM)
                    .is_none()
            {
                self.truncate(mark);
                return Err(self.type_error("can only join an iterable"));
            }
            self.to_list(iterable)?
        };
        let ir = self.push_root(items)?;
        let items = self.get(ir);
        let seq: &[Value] = if self.is_list(items) {
            self.list_items(items)
        } else {
            self.tuple_items(items)
        };
        let sepb = self.str_bytes(self.get(sr));
        let mut total = 0usize;
        for (i, &x) in seq.iter().enumerate() {
            match self.as_str_obj(x) {
                Some(s) => total += self.str_bytes(s).len(),
                None => {
                    let tn = self.type_name(x);
                    self.truncate(mark);
                    return Err(crate::raise!(
                        self,
                        TypeError,
                        "sequence item {i}: expected str instance, {tn} found"
                    ));
                }
            }
        }
        if seq.len() == 1 {
            let only = self.as_str_obj(seq[0]).expect("checked");
            if self.is_exact(seq[0], T::Str) {
                self.truncate(mark);
                return Ok(only);
            }
        }
        let mut out = Vec::with_capacity(total + sepb.len() * seq.len().saturating_sub(1));
        for (i, &x) in seq.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(sepb);
            }
            let s = self.as_str_obj(x).expect("checked");
            out.extend_from_slice(self.str_bytes(s));
        }
        self.truncate(mark);
        self.new_str_wtf8(&out)
    }

    /// Builds a list of strs from byte ranges of the str in root `sr`.
    fn list_of_pieces(&mut self, sr: Root, pieces: &[(usize, usize)]) -> PyResult<Value> {
        let l = self.new_list(pieces.len())?;
        let lr = self.push_root(l)?;
        for &(a, b) in pieces {
            let s = self.get(sr);
            let whole = a == 0 && b == self.str_bytes(s).len();
            let piece = if whole && self.is_exact(s, T::Str) {
                s
            } else {
                let bytes = self.str_bytes(s)[a..b].to_vec();
                self.new_str_wtf8(&bytes)?
            };
            self.list_append(self.get(lr), piece)?;
        }
        let l = self.get(lr);
        self.truncate(lr.index());
        Ok(l)
    }

    /// `s.split(sep, maxsplit)` / `rsplit`.
    pub fn str_split(
        &mut self,
        s: Value,
        sep: Option<Value>,
        maxsplit: i64,
        right: bool,
    ) -> PyResult<Value> {
        let mark = self.sp();
        let sr = self.push_root(s)?;
        let b = self.str_bytes(s);
        let max = if maxsplit < 0 {
            usize::MAX
        } else {
            maxsplit as usize
        };
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        match sep {
            None => {
                // Split on runs of whitespace.
                let cps: Vec<(usize, u32, usize)> = {
                    let mut v = Vec::new();
                    let mut i = 0;
                    while i < b.len() {
                        let (cp, n) = crate::objects::str::decode_at(b, i);
                        v.push((i, cp, n));
                        i += n;
                    }
                    v
                };
                if !right {
                    let mut k = 0;
                    let mut splits = 0;
                    while k < cps.len() {
                        while k < cps.len() && is_py_space(cps[k].1) {
                            k += 1;
                        }
                        if k >= cps.len() {
                            break;
                        }
                        if splits >= max {
                            // The remainder keeps its trailing whitespace (like CPython).
                            pieces.push((cps[k].0, b.len()));
                            break;
                        }
                        let start = cps[k].0;
                        while k < cps.len() && !is_py_space(cps[k].1) {
                            k += 1;
                        }
                        let end = if k < cps.len() { cps[k].0 } else { b.len() };
                        pieces.push((start, end));
                        splits += 1;
                    }
                } else {
                    let mut k = cps.len();
                    let mut splits = 0;
                    while k > 0 {
                        while k > 0 && is_py_space(cps[k - 1].1) {
                            k -= 1;
                        }
                        if k == 0 {
                            break;
                        }
                        if splits >= max {
                            // The remainder keeps its leading whitespace (like CPython).
                            let end = cps[k - 1].0 + cps[k - 1].2;
                            pieces.push((0, end));
                            break;
                        }
                        let end = cps[k - 1].0 + cps[k - 1].2;
                        while k > 0 && !is_py_space(cps[k - 1].1) {
                            k -= 1;
                        }
                        pieces.push((cps[k].0, end));
                        splits += 1;
                    }
                    pieces.reverse();
                }
            }
            Some(sepv) => {
                let sb = self.str_bytes(sepv);
                if sb.is_empty() {
                    self.truncate(mark);
                    return Err(self.value_error("empty separator"));
                }
                if !right {
                    let mut i = 0;
                    let mut splits = 0;
                    while splits < max {
                        match find_bytes(b, sb, i) {
                            Some(p) => {
                                pieces.push((i, p));
                                i = p + sb.len();
                                splits += 1;
                            }
                            None => break,
                        }
                    }
                    pieces.push((i, b.len()));
                } else {
                    let mut end = b.len();
                    let mut splits = 0;
                    while splits < max {
                        match rfind_bytes(b, sb, 0, end) {
                            Some(p) => {
                                pieces.push((p + sb.len(), end));
                                end = p;
                                splits += 1;
                            }
                            None => break,
                        }
                    }
                    pieces.push((0, end));
                    pieces.reverse();
                }
            }
        }
        let r = self.list_of_pieces(sr, &pieces);
        self.truncate(mark);
        r
    }

    /// `s.strip(chars)` and friends: `which` 0 both, 1 left, 2 right.
    pub fn str_strip(&mut self, s: Value, chars: Option<Value>, which: u8) -> PyResult<Value> {
        let b = self.str_bytes(s);
        let set: Option<Vec<u32>> =
            chars.map(|c| crate::objects::str::code_points(self.str_bytes(c)).collect());
        let test = |cp: u32| match &set {
            None => is_py_space(cp),
            Some(v) => v.contains(&cp),
        };
        let mut start = 0;
        let mut end = b.len();
        if which != 2 {
            while start < end {
                let (cp, n) = crate::objects::str::decode_at(b, start);
                if !test(cp) {
                    break;
                }
                start += n;
            }
        }
        if which != 1 {
            while end > start {
                let mut k = end - 1;
                while k > start && (b[k] & 0xC0) == 0x80 {
                    k -= 1;
                }
                let (cp, _) = crate::objects::str::decode_at(b, k);
                if !test(cp) {
                    break;
                }
                end = k;
            }
        }
        if start == 0 && end == b.len() && self.is_exact(s, T::Str) {
            return Ok(s);
        }
        let out = b[start..end].to_vec();
        self.new_str_wtf8(&out)
    }

    /// `s.replace(old, new, count)`.
    pub fn str_replace(&mut self, s: Value, old: Value, new: Value, count: i64) -> PyResult<Value> {
        let b = self.str_bytes(s);
        let ob = self.str_bytes(old);
        let nb = self.str_bytes(new);
        let max = if count < 0 {
            usize::MAX
        } else {
            count as usize
        };
        if max == 0 || (ob.is_empty() && nb.is_empty()) {
            return Ok(s);
        }
        let mut out = Vec::with_capacity(b.len());
        let mut n = 0;
        if ob.is_empty() {
            // Insert `new` between every char (and at both ends).
            let mut i = 0;
            out.extend_from_slice(nb);
            n += 1;
            while i < b.len() {
                let (_, len) = crate::objects::str::decode_at(b, i);
                out.extend_from_slice(&b[i..i + len]);
                i += len;
                if n < max {
                    out.extend_from_slice(nb);
                    n += 1;
                }
            }
            return self.new_str_wtf8(&out);
        }
        let mut i = 0;
        while n < max {
            match find_bytes(b, ob, i) {
                Some(p) => {
                    out.extend_from_slice(&b[i..p]);
                    out.extend_from_slice(nb);
                    i = p + ob.len();
                    n += 1;
                }
                None => break,
            }
        }
        if n == 0 {
            return Ok(s);
        }
        out.extend_from_slice(&b[i..]);
        self.new_str_wtf8(&out)
    }

    /// `find`/`rfind`/`index`/`rindex`/`count` core: returns a char index or -1 (count).
    pub fn str_search(
        &mut self,
        s: Value,
        sub: Value,
        start: Option<i64>,
        end: Option<i64>,
        op: u8,
    ) -> i64 {
        let t = Text {
            b: self.str_bytes(s),
            ascii: self.str_is_ascii(s),
        };
        let n = self.str_len(s);
        let (cs, ce) = clamp_range(start, end, n);
        let nb = self.str_bytes(sub);
        if cs > ce || (cs > n) {
            return if op == 2 { 0 } else { -1 };
        }
        let bs = t.char_to_byte(cs);
        let be = t.char_to_byte(ce);
        match op {
            0 => match find_bytes(&t.b[..be], nb, bs) {
                Some(p) => t.byte_to_char(p) as i64,
                None => -1,
            },
            1 => match rfind_bytes(t.b, nb, bs, be) {
                Some(p) => t.byte_to_char(p) as i64,
                None => -1,
            },
            _ => {
                if nb.is_empty() {
                    return (ce - cs + 1) as i64;
                }
                count_bytes(t.b, nb, bs, be, usize::MAX) as i64
            }
        }
    }
}
