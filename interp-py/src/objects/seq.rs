//! Core storage of `tuple`, `list`, internal arrays and `bytes`: allocation, element access
//! and growth. Python-level methods live in `tuple_methods.rs`, `list_methods.rs` and
//! `bytes_methods.rs`.
//!
//! Invariants:
//! * a tuple is filled completely before the next safepoint after its allocation, so every
//!   tuple another function can see has non-NULL items (which is what makes the `&[Value]`
//!   views sound);
//! * a list's items `0..len` are non-NULL; slots `len..capacity` of its array are NULL or
//!   stale-but-valid values that are never read;
//! * a list with capacity 0 may have a NULL item array.

use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::{array_, bytes_, list_, tuple_};
use crate::runtime::roots::{C, Root};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

impl Vm {
    // ----- tuples ------------------------------------------------------------------------

    /// Whether `v` is an exact tuple.
    #[inline(always)]
    pub fn is_tuple(&self, v: Value) -> bool {
        self.has_layout(v, self.lay.tuple)
    }

    /// The tuple object of a tuple or tuple-subclass instance.
    #[inline]
    pub fn as_tuple_obj(&self, v: Value) -> Option<Value> {
        if self.is_tuple(v) {
            return Some(v);
        }
        self.native_payload(v, Kind::Tuple)
    }

    /// Length of an exact tuple.
    #[inline(always)]
    pub fn tuple_len(&self, t: Value) -> usize {
        self.ld(t, tuple_::LEN)
    }

    /// Item `i` of an exact tuple.
    #[inline(always)]
    pub fn tuple_get(&self, t: Value, i: usize) -> Value {
        Value::from_raw_nonnull(self.item(t, tuple_::FIXED, i))
    }

    /// The items of an exact tuple.
    #[inline]
    pub fn tuple_items(&self, t: Value) -> &[Value] {
        let n = self.tuple_len(t);
        if n == 0 {
            return &[];
        }
        let p = t.gc().payload_ptr();
        // SAFETY: the items of a live tuple are `n` initialised non-NULL words (module
        // invariant) starting at `FIXED`; `Value` is a transparent non-zero word; `&self`
        // rules out a collection while the slice lives.
        unsafe { std::slice::from_raw_parts(p.add(tuple_::FIXED) as *const Value, n) }
    }

    /// A tuple of the `n` stack slots starting at `start` (they stay on the stack).
    pub fn tuple_from_slots(&mut self, start: usize, n: usize) -> PyResult<Value> {
        if n == 0 {
            return Ok(self.c(C::EmptyTuple));
        }
        let t = self.alloc_var_t(self.lay.tuple, n, T::Tuple)?;
        for i in 0..n {
            let w = self.slot(start + i);
            self.init_item(t, tuple_::FIXED, i, w);
        }
        Ok(t)
    }

    /// A tuple of the stack slots `mark..sp`, which are popped.
    pub fn pack_tuple(&mut self, mark: usize) -> PyResult<Value> {
        let n = self.sp() - mark;
        let t = self.tuple_from_slots(mark, n)?;
        self.truncate(mark);
        Ok(t)
    }

    /// A tuple of rooted values.
    pub fn tuple_of_roots(&mut self, roots: &[Root]) -> PyResult<Value> {
        if roots.is_empty() {
            return Ok(self.c(C::EmptyTuple));
        }
        let t = self.alloc_var_t(self.lay.tuple, roots.len(), T::Tuple)?;
        for (i, r) in roots.iter().enumerate() {
            let w = self.slot(r.index());
            self.init_item(t, tuple_::FIXED, i, w);
        }
        Ok(t)
    }

    /// A 1-tuple (roots `a` itself).
    pub fn tuple1(&mut self, a: Value) -> PyResult<Value> {
        let mark = self.sp();
        self.push_root(a)?;
        self.pack_tuple(mark)
    }

    /// A 2-tuple.
    pub fn tuple2(&mut self, a: Value, b: Value) -> PyResult<Value> {
        let mark = self.sp();
        self.push_root(a)?;
        self.push_root(b)?;
        self.pack_tuple(mark)
    }

    /// A new uninitialised-looking tuple of `n` items that the caller fills before the next
    /// safepoint with `init_item`.
    pub fn alloc_tuple(&mut self, n: usize) -> PyResult<Value> {
        if n == 0 {
            return Ok(self.c(C::EmptyTuple));
        }
        self.alloc_var_t(self.lay.tuple, n, T::Tuple)
    }

    // ----- arrays --------------------------------------------------------------------------

    /// A new internal array of `n` NULL slots.
    pub fn new_array(&mut self, n: usize) -> PyResult<Value> {
        let a = self.alloc_var(self.lay.array, n)?;
        Ok(Value::from_gc(a))
    }

    /// Length of an array.
    #[inline(always)]
    pub fn array_len(&self, a: Value) -> usize {
        self.ld(a, array_::LEN)
    }

    /// Slot `i` of an array (raw word, may be 0).
    #[inline(always)]
    pub fn array_get(&self, a: Value, i: usize) -> usize {
        self.item(a, array_::FIXED, i)
    }

    /// Stores slot `i` of an array (with barrier).
    #[inline(always)]
    pub fn array_set(&mut self, a: Value, i: usize, w: usize) {
        self.set_item(a, array_::FIXED, i, w)
    }

    // ----- lists ---------------------------------------------------------------------------

    /// Whether `v` is an exact list.
    #[inline(always)]
    pub fn is_list(&self, v: Value) -> bool {
        self.has_layout(v, self.lay.list)
    }

    /// The list object of a list or list-subclass instance.
    #[inline]
    pub fn as_list_obj(&self, v: Value) -> Option<Value> {
        if self.is_list(v) {
            return Some(v);
        }
        self.native_payload(v, Kind::List)
    }

    /// A new empty list with room for `cap` items.
    pub fn new_list(&mut self, cap: usize) -> PyResult<Value> {
        if cap == 0 {
            let l = self.alloc_t(self.lay.list, T::List)?;
            self.st_scalar::<u64>(l, list_::LEN, 0);
            self.init_field(l, list_::ITEMS, None);
            return Ok(l);
        }
        let arr = self.new_array(cap)?;
        let ar = self.push_root(arr)?;
        let l = self.alloc_t(self.lay.list, T::List);
        let arr = self.get(ar);
        self.truncate(ar.index());
        let l = l?;
        self.st_scalar::<u64>(l, list_::LEN, 0);
        // `arr` was allocated before `l`, but `l` is young, so no barrier is needed.
        self.init_field(l, list_::ITEMS, Some(arr));
        Ok(l)
    }

    /// A list of the stack slots `mark..sp`, which are popped.
    pub fn pack_list(&mut self, mark: usize) -> PyResult<Value> {
        let n = self.sp() - mark;
        let l = self.new_list(n)?;
        let arr = self.ldv(l, list_::ITEMS);
        if let Some(arr) = arr {
            for i in 0..n {
                let w = self.slot(mark + i);
                self.init_item(arr, array_::FIXED, i, w);
            }
        }
        self.st_scalar::<u64>(l, list_::LEN, n as u64);
        self.truncate(mark);
        Ok(l)
    }

    /// Length of an exact list.
    #[inline(always)]
    pub fn list_len(&self, l: Value) -> usize {
        self.ld_scalar::<u64>(l, list_::LEN) as usize
    }

    /// Capacity of an exact list.
    #[inline(always)]
    pub fn list_cap(&self, l: Value) -> usize {
        match self.ldv(l, list_::ITEMS) {
            Some(a) => self.array_len(a),
            None => 0,
        }
    }

    /// Item `i < len` of an exact list.
    #[inline(always)]
    pub fn list_get(&self, l: Value, i: usize) -> Value {
        let arr = self.ldv1(l, list_::ITEMS);
        Value::from_raw_nonnull(self.item(arr, array_::FIXED, i))
    }

    /// Replaces item `i < len` of an exact list.
    #[inline(always)]
    pub fn list_set(&mut self, l: Value, i: usize, v: Value) {
        let arr = self.ldv1(l, list_::ITEMS);
        self.set_item(arr, array_::FIXED, i, v.raw());
    }

    /// The items of an exact list.
    #[inline]
    pub fn list_items(&self, l: Value) -> &[Value] {
        let n = self.list_len(l);
        if n == 0 {
            return &[];
        }
        let arr = self.ldv1(l, list_::ITEMS);
        let p = arr.gc().payload_ptr();
        // SAFETY: items `0..len` of the array are non-NULL values (module invariant); the
        // array has at least `len` slots; `&self` rules out a collection meanwhile.
        unsafe { std::slice::from_raw_parts(p.add(array_::FIXED) as *const Value, n) }
    }

    /// Makes room for `needed` items (the list is in root `lr`).
    pub fn list_reserve(&mut self, lr: Root, needed: usize) -> PyResult<()> {
        let l = self.get(lr);
        let cap = self.list_cap(l);
        if needed <= cap {
            return Ok(());
        }
        // CPython's over-allocation: ~12.5% plus a constant.
        let new_cap = needed + (needed >> 3) + if needed < 9 { 3 } else { 6 };
        let arr = self.new_array(new_cap)?;
        let l = self.get(lr);
        let n = self.list_len(l);
        if let Some(old) = self.ldv(l, list_::ITEMS) {
            for i in 0..n {
                let w = self.array_get(old, i);
                self.init_item(arr, array_::FIXED, i, w);
            }
        }
        self.st_field(l, list_::ITEMS, Some(arr));
        Ok(())
    }

    /// Appends to an exact list. Roots the list and value only when it must grow.
    #[inline]
    pub fn list_append(&mut self, l: Value, v: Value) -> PyResult<()> {
        let n = self.list_len(l);
        if n < self.list_cap(l) {
            let arr = self.ldv1(l, list_::ITEMS);
            self.set_item(arr, array_::FIXED, n, v.raw());
            self.st_scalar::<u64>(l, list_::LEN, n as u64 + 1);
            return Ok(());
        }
        self.list_append_slow(l, v)
    }

    #[inline(never)]
    fn list_append_slow(&mut self, l: Value, v: Value) -> PyResult<()> {
        let mark = self.sp();
        let lr = self.push_root(l)?;
        let vr = self.push_root(v)?;
        let n = self.list_len(l);
        self.list_reserve(lr, n + 1)?;
        let (l, v) = (self.get(lr), self.get(vr));
        self.truncate(mark);
        let arr = self.ldv1(l, list_::ITEMS);
        self.set_item(arr, array_::FIXED, n, v.raw());
        self.st_scalar::<u64>(l, list_::LEN, n as u64 + 1);
        Ok(())
    }

    /// Sets the length of a list (`new_len <= capacity`); clears dropped slots.
    pub fn list_set_len(&mut self, l: Value, new_len: usize) {
        let n = self.list_len(l);
        if new_len < n
            && let Some(arr) = self.ldv(l, list_::ITEMS)
        {
            for i in new_len..n {
                self.array_set(arr, i, 0);
            }
        }
        self.st_scalar::<u64>(l, list_::LEN, new_len as u64);
    }

    /// Inserts `v` (in root `vr`) at index `i <= len` of the list in root `lr`.
    pub fn list_insert(&mut self, lr: Root, i: usize, vr: Root) -> PyResult<()> {
        let n = self.list_len(self.get(lr));
        self.list_reserve(lr, n + 1)?;
        let l = self.get(lr);
        let arr = self.ldv1(l, list_::ITEMS);
        let mut k = n;
        while k > i {
            let w = self.array_get(arr, k - 1);
            self.array_set(arr, k, w);
            k -= 1;
        }
        let v = self.get(vr);
        self.array_set(arr, i, v.raw());
        self.st_scalar::<u64>(l, list_::LEN, n as u64 + 1);
        Ok(())
    }

    /// Removes and returns item `i < len`.
    pub fn list_remove_at(&mut self, l: Value, i: usize) -> Value {
        let n = self.list_len(l);
        let arr = self.ldv1(l, list_::ITEMS);
        let v = Value::from_raw_nonnull(self.array_get(arr, i));
        for k in i..n - 1 {
            let w = self.array_get(arr, k + 1);
            self.array_set(arr, k, w);
        }
        self.array_set(arr, n - 1, 0);
        self.st_scalar::<u64>(l, list_::LEN, n as u64 - 1);
        v
    }

    /// A new list holding a copy of the items of an exact list or tuple in root `src`.
    pub fn list_copy_of(&mut self, src: Root) -> PyResult<Value> {
        let s = self.get(src);
        let n = if self.is_list(s) {
            self.list_len(s)
        } else {
            self.tuple_len(s)
        };
        let l = self.new_list(n)?;
        let s = self.get(src);
        if n > 0 {
            let arr = self.ldv1(l, list_::ITEMS);
            let is_list = self.is_list(s);
            for i in 0..n {
                let w = if is_list {
                    self.list_get(s, i).raw()
                } else {
                    self.tuple_get(s, i).raw()
                };
                self.init_item(arr, array_::FIXED, i, w);
            }
        }
        self.st_scalar::<u64>(l, list_::LEN, n as u64);
        Ok(l)
    }

    // ----- bytes -------------------------------------------------------------------------

    /// Whether `v` is an exact bytes object.
    #[inline(always)]
    pub fn is_bytes(&self, v: Value) -> bool {
        self.has_layout(v, self.lay.bytes)
    }

    /// The bytes object of bytes or a bytes-subclass instance.
    #[inline]
    pub fn as_bytes_obj(&self, v: Value) -> Option<Value> {
        if self.is_bytes(v) {
            return Some(v);
        }
        self.native_payload(v, Kind::Bytes)
    }

    /// A new bytes object.
    pub fn new_bytes(&mut self, b: &[u8]) -> PyResult<Value> {
        if b.is_empty()
            && let Some(w) = Value::from_raw(self.st().consts[C::EmptyBytes as usize])
        {
            return Ok(w);
        }
        let v = self.alloc_var_t(self.lay.bytes, b.len(), T::Bytes)?;
        self.st_scalar::<i64>(v, bytes_::HASH, -1);
        self.byte_items_mut(v, bytes_::FIXED, b.len())
            .copy_from_slice(b);
        Ok(v)
    }

    /// The data of an exact bytes object.
    #[inline(always)]
    pub fn bytes_data(&self, v: Value) -> &[u8] {
        let n = self.ld(v, bytes_::LEN);
        self.byte_items(v, bytes_::FIXED, n)
    }
}
