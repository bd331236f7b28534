//! `str` objects: storage, creation, hashing, interning, comparison and char indexing.
//! The Python-level methods are in `str_methods.rs` / `str_methods2.rs`.
//!
//! Representation: a variable-size object whose items are the text encoded as UTF-8 with
//! lone surrogates allowed (each as its own 3-byte sequence, Python's `surrogatepass`), plus
//! the number of code points, a cached hash and flags. ASCII strings index in O(1) (byte =
//! char); other strings index through a lazily built table of the byte offset of every 64th
//! code point (`INDEX` field, a `bytes` object of little-endian `u32`s), so indexing costs at
//! most 63 UTF-8 steps (PyPy's approach).
//!
//! Hashes: str hashes are not CPython's (CPython randomizes them per process, so no program
//! can depend on their values); they are deterministic, never -1, and cached.
//!
//! Invariants: `CHARS` is the code point count of the bytes; `F_ASCII` is set iff every byte
//! is ASCII; `F_SURROGATES` is set iff the bytes contain an encoded surrogate (so strings
//! without it are valid UTF-8); an interned string has `INTERN = name + 1`.

use std::borrow::Cow;

use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::str_::*;
use crate::runtime::names::Name;
use crate::runtime::roots::C;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// Flag: the bytes contain encoded lone surrogates (not valid UTF-8).
pub const F_SURROGATES: u32 = 2;
/// Code points per entry of the char index.
const INDEX_STEP: usize = 64;

/// Number of code points in WTF-8 bytes.
#[inline]
pub fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&c| (c & 0xC0) != 0x80).count()
}

/// Whether WTF-8 bytes contain an encoded surrogate (`ED A0..BF xx`).
pub fn has_surrogates(b: &[u8]) -> bool {
    b.windows(2).any(|w| w[0] == 0xED && w[1] >= 0xA0)
}

/// Decodes the code point starting at byte `i` of WTF-8 text; returns it and its length.
#[inline]
pub fn decode_at(b: &[u8], i: usize) -> (u32, usize) {
    let c = b[i];
    if c < 0x80 {
        return (c as u32, 1);
    }
    let (len, init) = match c {
        0xC0..=0xDF => (2, (c & 0x1F) as u32),
        0xE0..=0xEF => (3, (c & 0x0F) as u32),
        _ => (4, (c & 0x07) as u32),
    };
    let mut cp = init;
    for k in 1..len {
        cp = (cp << 6) | (b.get(i + k).copied().unwrap_or(0x80) & 0x3F) as u32;
    }
    (cp, len)
}

/// Iterates over the code points of WTF-8 text.
pub fn code_points(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        if i >= b.len() {
            return None;
        }
        let (cp, n) = decode_at(b, i);
        i += n;
        Some(cp)
    })
}

/// Appends the WTF-8 encoding of a code point.
#[inline]
pub fn push_cp(out: &mut Vec<u8>, cp: u32) {
    crate::bytecode::constant::push_code_point(out, cp)
}

/// CPython's SipHash-1-3 with a zero key (the hash CPython uses for str and bytes when
/// `PYTHONHASHSEED=0` disables randomization), so str/bytes hashes — and therefore the
/// iteration order of sets of strings — match CPython run with `PYTHONHASHSEED=0`.
fn siphash13(src: &[u8]) -> u64 {
    #[inline(always)]
    fn round(v: &mut [u64; 4]) {
        // HALF_ROUND(v0, v1, v2, v3, 13, 16)
        v[0] = v[0].wrapping_add(v[1]);
        v[2] = v[2].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].rotate_left(32);
        // HALF_ROUND(v2, v1, v0, v3, 17, 21)
        v[2] = v[2].wrapping_add(v[1]);
        v[0] = v[0].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].rotate_left(32);
    }
    let (k0, k1) = (0u64, 0u64);
    let mut v = [
        k0 ^ 0x736f6d6570736575,
        k1 ^ 0x646f72616e646f6d,
        k0 ^ 0x6c7967656e657261,
        k1 ^ 0x7465646279746573,
    ];
    let mut b = (src.len() as u64) << 56;
    let mut chunks = src.chunks_exact(8);
    for c in &mut chunks {
        let mi = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        v[3] ^= mi;
        round(&mut v);
        v[0] ^= mi;
    }
    let mut t = 0u64;
    for (i, &c) in chunks.remainder().iter().enumerate() {
        t |= (c as u64) << (8 * i);
    }
    b |= t;
    v[3] ^= b;
    round(&mut v);
    v[0] ^= b;
    v[2] ^= 0xff;
    round(&mut v);
    round(&mut v);
    round(&mut v);
    (v[0] ^ v[1]) ^ (v[2] ^ v[3])
}

/// The hash of a bytes object (CPython's `_Py_HashBytes`); never -1.
pub fn hash_bytes(b: &[u8]) -> i64 {
    if b.is_empty() {
        return 0;
    }
    let r = siphash13(b) as i64;
    if r == -1 { -2 } else { r }
}

/// The hash of a str from its WTF-8 bytes: CPython hashes the code points in the string's
/// internal representation (1, 2 or 4 bytes per code point, little-endian).
pub fn hash_str_bytes(b: &[u8]) -> i64 {
    if b.is_ascii() {
        return hash_bytes(b);
    }
    let cps: Vec<u32> = code_points(b).collect();
    let max = cps.iter().copied().max().unwrap_or(0);
    let mut buf = Vec::with_capacity(cps.len() * 4);
    if max < 0x100 {
        buf.extend(cps.iter().map(|&c| c as u8));
    } else if max < 0x10000 {
        for c in cps {
            buf.extend_from_slice(&(c as u16).to_le_bytes());
        }
    } else {
        for c in cps {
            buf.extend_from_slice(&c.to_le_bytes());
        }
    }
    hash_bytes(&buf)
}

impl Vm {
    /// Allocates a str from WTF-8 bytes with known char count and flags.
    pub(crate) fn alloc_str_raw(&mut self, b: &[u8], chars: usize, flags: u32) -> PyResult<Value> {
        let s = self.alloc_var_t(self.lay.str_, b.len(), T::Str)?;
        self.st_scalar::<i64>(s, HASH, -1);
        self.st_scalar::<u64>(s, CHARS, chars as u64);
        self.st_scalar::<u32>(s, FLAGS, flags);
        self.st_scalar::<u32>(s, INTERN, 0);
        self.byte_items_mut(s, FIXED, b.len()).copy_from_slice(b);
        Ok(s)
    }

    /// A new `str` from Rust text.
    pub fn new_str(&mut self, s: &str) -> PyResult<Value> {
        let b = s.as_bytes();
        if b.is_empty() {
            return Ok(self.c(C::EmptyStr));
        }
        if b.len() == 1 {
            return self.new_char(b[0] as u32);
        }
        let ascii = s.is_ascii();
        let chars = if ascii { b.len() } else { s.chars().count() };
        self.alloc_str_raw(b, chars, if ascii { F_ASCII } else { 0 })
    }

    /// A new `str` from WTF-8 bytes (UTF-8 with encoded lone surrogates).
    pub fn new_str_wtf8(&mut self, b: &[u8]) -> PyResult<Value> {
        if b.is_empty() {
            return Ok(self.c(C::EmptyStr));
        }
        let ascii = b.is_ascii();
        if ascii && b.len() == 1 {
            return self.new_char(b[0] as u32);
        }
        let chars = if ascii { b.len() } else { count_chars(b) };
        let mut flags = if ascii { F_ASCII } else { 0 };
        if !ascii && has_surrogates(b) {
            flags |= F_SURROGATES;
        }
        self.alloc_str_raw(b, chars, flags)
    }

    /// A new `str` from code points.
    pub fn new_str_cps(&mut self, cps: impl IntoIterator<Item = u32>) -> PyResult<Value> {
        let mut out = Vec::new();
        for cp in cps {
            push_cp(&mut out, cp);
        }
        self.new_str_wtf8(&out)
    }

    /// A one-character string (cached below U+0100).
    pub fn new_char(&mut self, cp: u32) -> PyResult<Value> {
        if cp < 256 {
            let w = self.st().chars[cp as usize];
            if w != 0 {
                return Ok(Value::from_raw_nonnull(w));
            }
            let mut b = Vec::with_capacity(2);
            push_cp(&mut b, cp);
            let s = self.alloc_str_raw(&b, 1, if cp < 128 { F_ASCII } else { 0 })?;
            self.stm().chars[cp as usize] = s.raw();
            return Ok(s);
        }
        let mut b = Vec::with_capacity(4);
        push_cp(&mut b, cp);
        let flags = if (0xD800..0xE000).contains(&cp) {
            F_SURROGATES
        } else {
            0
        };
        self.alloc_str_raw(&b, 1, flags)
    }

    /// Whether `v` is an exact `str`.
    #[inline(always)]
    pub fn is_str(&self, v: Value) -> bool {
        self.has_layout(v, self.lay.str_)
    }

    /// The str object of `v` if it is a `str` or an instance of a `str` subclass.
    #[inline]
    pub fn as_str_obj(&self, v: Value) -> Option<Value> {
        if self.is_str(v) {
            return Some(v);
        }
        self.native_payload(v, Kind::Str)
    }

    /// The WTF-8 bytes of an exact str.
    #[inline(always)]
    pub fn str_bytes(&self, s: Value) -> &[u8] {
        debug_assert!(self.is_str(s));
        let len = self.ld(s, LEN);
        self.byte_items(s, FIXED, len)
    }

    /// The text of an exact str (surrogates replaced by U+FFFD).
    pub fn str_text(&self, s: Value) -> Cow<'_, str> {
        let b = self.str_bytes(s);
        if self.ld_scalar::<u32>(s, FLAGS) & F_SURROGATES == 0 {
            // SAFETY: without encoded surrogates the bytes are valid UTF-8 (module invariant).
            Cow::Borrowed(unsafe { std::str::from_utf8_unchecked(b) })
        } else {
            Cow::Owned(
                code_points(b)
                    .map(|c| char::from_u32(c).unwrap_or('\u{FFFD}'))
                    .collect(),
            )
        }
    }

    /// The text of a str, as an owned `String` (lossy for surrogates).
    pub fn str_string(&self, s: Value) -> String {
        self.str_text(s).into_owned()
    }

    /// Whether the exact str has encoded surrogates.
    #[inline]
    pub fn str_has_surrogates(&self, s: Value) -> bool {
        self.ld_scalar::<u32>(s, FLAGS) & F_SURROGATES != 0
    }

    /// Number of code points.
    #[inline(always)]
    pub fn str_len(&self, s: Value) -> usize {
        self.ld_scalar::<u64>(s, CHARS) as usize
    }

    /// Whether the str is ASCII.
    #[inline(always)]
    pub fn str_is_ascii(&self, s: Value) -> bool {
        self.ld_scalar::<u32>(s, FLAGS) & F_ASCII != 0
    }

    /// The (cached) hash of an exact str.
    #[inline]
    pub fn str_hash(&mut self, s: Value) -> i64 {
        let h = self.ld_scalar::<i64>(s, HASH);
        if h != -1 {
            return h;
        }
        let h = hash_str_bytes(self.str_bytes(s));
        self.st_scalar::<i64>(s, HASH, h);
        h
    }

    /// The hash of an exact str without caching it (no mutation).
    #[inline]
    pub fn str_hash_ro(&self, s: Value) -> i64 {
        let h = self.ld_scalar::<i64>(s, HASH);
        if h != -1 {
            h
        } else {
            hash_str_bytes(self.str_bytes(s))
        }
    }

    /// Equality of two exact strs.
    #[inline]
    pub fn str_eq(&self, a: Value, b: Value) -> bool {
        if a == b {
            return true;
        }
        let (la, lb) = (self.ld(a, LEN), self.ld(b, LEN));
        if la != lb {
            return false;
        }
        let (ha, hb) = (
            self.ld_scalar::<i64>(a, HASH),
            self.ld_scalar::<i64>(b, HASH),
        );
        if ha != -1 && hb != -1 && ha != hb {
            return false;
        }
        self.str_bytes(a) == self.str_bytes(b)
    }

    /// Whether the exact str equals `text`.
    #[inline]
    pub fn str_eq_text(&self, a: Value, text: &str) -> bool {
        self.str_bytes(a) == text.as_bytes()
    }

    // ----- interning -------------------------------------------------------------------

    /// Interns Rust text.
    pub fn intern(&mut self, s: &str) -> PyResult<Name> {
        if let Some(&n) = self.interner.get(s.as_bytes()) {
            return Ok(n);
        }
        let v = self.alloc_str_raw(
            s.as_bytes(),
            s.chars().count(),
            if s.is_ascii() { F_ASCII } else { 0 },
        )?;
        Ok(self.register_interned(v))
    }

    fn register_interned(&mut self, v: Value) -> Name {
        let n = Name(self.st().names.len() as u32);
        self.stm().names.push(v.raw());
        self.st_scalar::<u32>(v, INTERN, n.0 + 1);
        let key: Box<[u8]> = self.str_bytes(v).into();
        self.interner.insert(key, n);
        n
    }

    /// Interns an exact str (the object itself becomes the interned one if its text is new).
    pub fn intern_value(&mut self, s: Value) -> Name {
        let id = self.ld_scalar::<u32>(s, INTERN);
        if id != 0 {
            return Name(id - 1);
        }
        if let Some(&n) = self.interner.get(self.str_bytes(s)) {
            return n;
        }
        self.register_interned(s)
    }

    /// The name of an exact str if its text is interned (no allocation).
    #[inline]
    pub fn name_of(&self, s: Value) -> Option<Name> {
        let id = self.ld_scalar::<u32>(s, INTERN);
        if id != 0 {
            return Some(Name(id - 1));
        }
        self.interner.get(self.str_bytes(s)).copied()
    }

    /// The interned str of a name.
    #[inline(always)]
    pub fn name_str(&self, n: Name) -> Value {
        Value::from_raw_nonnull(self.st().names[n.0 as usize])
    }

    /// The text of a name.
    pub fn name_text(&self, n: Name) -> String {
        self.str_string(self.name_str(n))
    }

    /// Interns the str in `v` or raises `TypeError` naming `what` if `v` is not a str.
    pub fn intern_arg(&mut self, v: Value, what: &str) -> PyResult<Name> {
        match self.as_str_obj(v) {
            Some(s) => Ok(self.intern_value(s)),
            None => Err(self.type_error_obj(&format!("{what} must be string, not '{{}}'"), v)),
        }
    }

    // ----- char access -------------------------------------------------------------------

    /// Byte offset of code point `ci` of an exact str (`ci <= len`). May allocate the
    /// char index (the string is rooted meanwhile); returns the offset and the (possibly
    /// moved) string.
    pub fn str_char_offset(&mut self, s: Value, ci: usize) -> PyResult<(usize, Value)> {
        if self.str_is_ascii(s) {
            return Ok((ci, s));
        }
        let n = self.str_len(s);
        if ci >= n {
            return Ok((self.ld(s, LEN), s));
        }
        if n <= 2 * INDEX_STEP {
            return Ok((nth_char_offset(self.str_bytes(s), 0, ci), s));
        }
        let (s, index) = match self.ldv(s, INDEX) {
            Some(ix) => (s, ix),
            None => {
                let offsets: Vec<u8> = {
                    let b = self.str_bytes(s);
                    let mut out = Vec::new();
                    let mut count = 0usize;
                    let mut i = 0usize;
                    while i < b.len() {
                        if count.is_multiple_of(INDEX_STEP) {
                            out.extend_from_slice(&(i as u32).to_le_bytes());
                        }
                        i += decode_at(b, i).1;
                        count += 1;
                    }
                    out
                };
                let sr = self.push_root(s)?;
                let ix = self.new_bytes(&offsets)?;
                let s2 = self.get(sr);
                self.st_field(s2, INDEX, Some(ix));
                self.truncate(sr.index());
                (s2, ix)
            }
        };
        let k = ci / INDEX_STEP;
        let start = {
            let ib = self.bytes_data(index);
            u32::from_le_bytes(ib[4 * k..4 * k + 4].try_into().expect("4 bytes")) as usize
        };
        Ok((
            nth_char_offset(self.str_bytes(s), start, ci - k * INDEX_STEP),
            s,
        ))
    }

    /// The code point at char index `ci` (`ci < len`) of an exact str.
    pub fn str_char_at(&mut self, s: Value, ci: usize) -> PyResult<u32> {
        let (off, s) = self.str_char_offset(s, ci)?;
        Ok(decode_at(self.str_bytes(s), off).0)
    }

    /// The substring of chars `[start, stop)` of an exact str held in root `sr`.
    pub fn str_substring(
        &mut self,
        sr: crate::runtime::roots::Root,
        start: usize,
        stop: usize,
    ) -> PyResult<Value> {
        let s = self.get(sr);
        if start >= stop {
            return Ok(self.c(C::EmptyStr));
        }
        if start == 0 && stop >= self.str_len(s) {
            return Ok(s);
        }
        let (a, s) = self.str_char_offset(s, start)?;
        let (b, s) = self.str_char_offset(s, stop)?;
        let ascii = self.str_is_ascii(s);
        if ascii && stop - start == 1 {
            let c = self.str_bytes(s)[a];
            return self.new_char(c as u32);
        }
        let bytes: Vec<u8> = self.str_bytes(s)[a..b].to_vec();
        if ascii {
            self.alloc_str_raw(&bytes, stop - start, F_ASCII)
        } else {
            self.new_str_wtf8(&bytes)
        }
    }
}

/// Byte offset of the `n`-th code point after byte `start`.
pub fn nth_char_offset(b: &[u8], start: usize, n: usize) -> usize {
    let mut i = start;
    let mut k = 0;
    while k < n && i < b.len() {
        i += decode_at(b, i).1;
        k += 1;
    }
    i
}
