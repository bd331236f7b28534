//! `set` and `frozenset`: CPython's `setobject.c` table, so iteration order (and therefore
//! printed output) is byte-for-byte CPython's for keys whose hashes are deterministic (ints,
//! floats, tuples, None, bools).
//!
//! Why not tern-dict: tern-dict is insertion-ordered (right for `dict`), but CPython's sets
//! iterate in *table* order, which depends on the exact open-addressing scheme: a table of
//! `2**k >= 8` slots, 9 linear probes then perturbation (`perturb >>= 5; i = (i * 5 + 1 +
//! perturb) & mask`), resizing when `fill * 5 >= mask * 3` to the smallest power of two
//! above `used * 4` (`used * 2` beyond 50 000 entries), dummies left by deletions, and the
//! specific insertion sequences of copy/union/intersection/difference. All of that is
//! reproduced here.
//!
//! Entry encoding: `(hash, key)` with key 0 = no key; `(0, 0)` unused, `(-1, 0)` dummy.
//! Keys are values, reported by the custom trace hook.
//!
//! Invariants: `used <= fill <= mask + 1`; `table.len() == mask + 1` (a power of two);
//! `version` changes whenever an entry's key changes or the table is replaced (a lookup
//! that ran `__eq__` restarts when it changed, like CPython's `table != so->table` check).

use tern_gc::{GcRef, SlotVisitor};

use crate::bytecode::{BinaryOperator, CompareOperator};
use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::boxed_;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

const MINSIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

/// The Rust side of a set.
pub struct SetTable {
    /// `(hash, key word)` entries.
    pub table: Vec<(i64, usize)>,
    /// Active + dummy entries.
    pub fill: usize,
    /// Active entries.
    pub used: usize,
    /// `table.len() - 1`.
    pub mask: usize,
    /// Where `pop` starts searching.
    pub finger: usize,
    /// Changes when keys change (see the module invariants).
    pub version: u64,
}

impl Default for SetTable {
    fn default() -> SetTable {
        SetTable {
            table: vec![(0, 0); MINSIZE],
            fill: 0,
            used: 0,
            mask: MINSIZE - 1,
            finger: 0,
            version: 0,
        }
    }
}

impl SetTable {
    fn insert_clean(table: &mut [(i64, usize)], mask: usize, key: usize, hash: i64) {
        let mut perturb = hash as u64 as usize;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            if table[i].1 == 0 {
                table[i] = (hash, key);
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in 1..=LINEAR_PROBES {
                    if table[i + j].1 == 0 {
                        table[i + j] = (hash, key);
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        }
    }

    /// CPython's `set_table_resize`.
    pub fn resize(&mut self, minused: usize) {
        let mut newsize = MINSIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![(0, 0); newsize]);
        self.mask = newsize - 1;
        self.fill = self.used;
        for (h, k) in old {
            if k != 0 {
                Self::insert_clean(&mut self.table, self.mask, k, h);
            }
        }
        self.version += 1;
    }

    /// Active keys in table order.
    pub fn keys(&self) -> impl Iterator<Item = (i64, usize)> + '_ {
        self.table.iter().copied().filter(|&(_, k)| k != 0)
    }
}

/// Trace hook of the set layout.
pub fn set_trace(obj: GcRef, v: &mut dyn SlotVisitor) {
    // SAFETY: `obj` is a live set whose `PTR` was set right after allocation.
    let p = unsafe { obj.read::<usize>(boxed_::PTR) } as *mut SetTable;
    if p.is_null() {
        return;
    }
    // SAFETY: the table is owned by `obj`; the collector is its only user during tracing.
    let t = unsafe { &mut *p };
    for e in t.table.iter_mut() {
        if e.1 != 0 {
            v.visit(&mut e.1);
        }
    }
}

/// Destructor of the set layout.
pub fn set_drop(obj: GcRef) {
    // SAFETY: as in `set_trace`; runs once.
    let p = unsafe { obj.read::<usize>(boxed_::PTR) } as *mut SetTable;
    if !p.is_null() {
        // SAFETY: `p` came from `Box::into_raw` in `new_set_of`.
        unsafe { drop(Box::from_raw(p)) };
    }
}

/// What a lookup found.
enum Found {
    /// Index of the entry holding the key.
    At(usize),
    /// Not present.
    Absent,
}

impl Vm {
    /// A new empty set of type `t` (set or frozenset).
    pub fn new_set_of(&mut self, t: T) -> PyResult<Value> {
        let tab = Box::into_raw(Box::<SetTable>::default());
        match self.alloc_t(self.lay.set, t) {
            Ok(s) => {
                self.st_scalar::<usize>(s, boxed_::PTR, tab as usize);
                self.st_scalar::<i64>(s, boxed_::X, -1);
                Ok(s)
            }
            Err(e) => {
                // SAFETY: `tab` came from `Box::into_raw` above and was not stored.
                unsafe { drop(Box::from_raw(tab)) };
                Err(e)
            }
        }
    }

    /// A new empty `set`.
    pub fn new_set(&mut self) -> PyResult<Value> {
        self.new_set_of(T::Set)
    }

    /// Whether `v` is an exact set or frozenset.
    #[inline]
    pub fn is_anyset(&self, v: Value) -> bool {
        self.has_layout(v, self.lay.set)
    }

    /// The set object of a set/frozenset or a subclass instance.
    pub fn as_set_obj(&self, v: Value) -> Option<Value> {
        if self.is_anyset(v) {
            return Some(v);
        }
        self.native_payload(v, Kind::Set)
            .or_else(|| self.native_payload(v, Kind::FrozenSet))
    }

    fn set_ptr(&self, s: Value) -> *mut SetTable {
        self.ld_scalar::<usize>(s, boxed_::PTR) as *mut SetTable
    }

    /// The table of an exact set.
    pub fn set_tab(&self, s: Value) -> &SetTable {
        // SAFETY: the table lives as long as the set, which is live (rule 1).
        unsafe { &*self.set_ptr(s) }
    }

    /// Number of elements.
    #[inline]
    pub fn set_len(&self, s: Value) -> usize {
        self.set_tab(s).used
    }

    /// Looks `key` (hash `h`) up; may run `__eq__` (the set and key are rooted meanwhile).
    fn set_lookup(&mut self, sr: Root, kr: Root, h: i64) -> PyResult<Found> {
        'restart: loop {
            let s = self.get(sr);
            let p = self.set_ptr(s);
            // SAFETY (derefs of `p`): the set is rooted; references end before safepoints.
            let (mask, version) = unsafe { ((*p).mask, (*p).version) };
            let mut perturb = h as u64 as usize;
            let mut i = (h as u64 as usize) & mask;
            loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in 0..=probes {
                    let (eh, ek) = unsafe { (&(*p).table)[i + j] };
                    if eh == 0 && ek == 0 {
                        return Ok(Found::Absent);
                    }
                    if ek != 0 && eh == h {
                        let key = self.get(kr);
                        if ek == key.raw() {
                            return Ok(Found::At(i + j));
                        }
                        let stored = Value::from_raw_nonnull(ek);
                        let eq = match self.simple_eq(stored, key) {
                            Some(b) => b,
                            None => {
                                let b = self.eq_values(stored, key)?;
                                let s = self.get(sr);
                                let p2 = self.set_ptr(s);
                                if unsafe { (*p2).version } != version
                                    || unsafe { (&(*p2).table)[i + j].1 } != ek
                                {
                                    continue 'restart;
                                }
                                b
                            }
                        };
                        if eq {
                            return Ok(Found::At(i + j));
                        }
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
            }
        }
    }

    /// `key in s` for an exact set.
    pub fn set_contains(&mut self, s: Value, key: Value) -> PyResult<bool> {
        let s = self.as_set_obj(s).unwrap_or(s);
        let mark = self.sp();
        let sr = self.push_root(s)?;
        let kr = self.push_root(key)?;
        let h = match self.hash(key) {
            Ok(h) => h,
            Err(e) => {
                // CPython retries with a frozenset copy for unhashable sets.
                self.truncate(mark);
                return Err(e);
            }
        };
        let r = self
            .set_lookup(sr, kr, h)
            .map(|f| matches!(f, Found::At(_)));
        self.truncate(mark);
        r
    }

    /// Adds `key` with known hash (CPython's `set_add_entry`).
    fn set_add_entry(&mut self, sr: Root, kr: Root, h: i64) -> PyResult<()> {
        'restart: loop {
            let s = self.get(sr);
            let p = self.set_ptr(s);
            // SAFETY (derefs of `p`): the set is rooted; references end before safepoints.
            let (mask, version) = unsafe { ((*p).mask, (*p).version) };
            let mut perturb = h as u64 as usize;
            let mut i = (h as u64 as usize) & mask;
            let mut freeslot: Option<usize> = None;
            let found_unused;
            'probe: loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in 0..=probes {
                    let at = i + j;
                    let (eh, ek) = unsafe { (&(*p).table)[at] };
                    if eh == 0 && ek == 0 {
                        found_unused = at;
                        break 'probe;
                    }
                    if ek != 0 && eh == h {
                        let key = self.get(kr);
                        if ek == key.raw() {
                            return Ok(());
                        }
                        let stored = Value::from_raw_nonnull(ek);
                        let eq = match self.simple_eq(stored, key) {
                            Some(b) => b,
                            None => {
                                let b = self.eq_values(stored, key)?;
                                let s = self.get(sr);
                                let p2 = self.set_ptr(s);
                                if unsafe { (*p2).version } != version
                                    || unsafe { (&(*p2).table)[at].1 } != ek
                                {
                                    continue 'restart;
                                }
                                b
                            }
                        };
                        if eq {
                            return Ok(());
                        }
                    } else if ek == 0 && eh == -1 && freeslot.is_none() {
                        freeslot = Some(at);
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
            }
            let s = self.get(sr);
            let key = self.get(kr);
            self.heap.write_barrier(s.gc());
            // SAFETY: the set is rooted; no safepoint while the reference exists.
            let t = unsafe { &mut *self.set_ptr(s) };
            t.version += 1;
            if let Some(fs) = freeslot {
                t.used += 1;
                t.table[fs] = (h, key.raw());
                return Ok(());
            }
            t.fill += 1;
            t.used += 1;
            t.table[found_unused] = (h, key.raw());
            if t.fill * 5 < t.mask * 3 {
                return Ok(());
            }
            let m = if t.used > 50000 {
                t.used * 2
            } else {
                t.used * 4
            };
            t.resize(m);
            return Ok(());
        }
    }

    /// `s.add(key)`.
    pub fn set_add(&mut self, s: Value, key: Value) -> PyResult<()> {
        let mark = self.sp();
        let sr = self.push_root(s)?;
        let kr = self.push_root(key)?;
        let r = (|| {
            let h = self.hash(self.get(kr))?;
            self.set_add_entry(sr, kr, h)
        })();
        self.truncate(mark);
        r
    }

    /// Removes `key`; returns whether it was present (CPython's `set_discard_entry`).
    pub fn set_discard(&mut self, s: Value, key: Value) -> PyResult<bool> {
        let mark = self.sp();
        let sr = self.push_root(s)?;
        let kr = self.push_root(key)?;
        let r = (|| {
            let h = self.hash(self.get(kr))?;
            match self.set_lookup(sr, kr, h)? {
                Found::At(i) => {
                    // SAFETY: the set is rooted; no safepoint while the reference exists.
                    let t = unsafe { &mut *self.set_ptr(self.get(sr)) };
                    t.table[i] = (-1, 0);
                    t.used -= 1;
                    t.version += 1;
                    Ok(true)
                }
                Found::Absent => Ok(false),
            }
        })();
        self.truncate(mark);
        r
    }

    /// `s.pop()`.
    pub fn set_pop(&mut self, s: Value) -> PyResult<Value> {
        // SAFETY: `s` is live; no safepoint while the reference exists.
        let t = unsafe { &mut *self.set_ptr(s) };
        if t.used == 0 {
            return Err(self.new_error_key_str("pop from an empty set"));
        }
        let mut i = t.finger & t.mask;
        while t.table[i].1 == 0 {
            i += 1;
            if i > t.mask {
                i = 0;
            }
        }
        let k = t.table[i].1;
        t.table[i] = (-1, 0);
        t.used -= 1;
        t.finger = i + 1;
        t.version += 1;
        Ok(Value::from_raw_nonnull(k))
    }

    /// `KeyError(msg)` with a str message.
    pub fn new_error_key_str(&mut self, msg: &str) -> crate::runtime::errors::PyErr {
        self.new_error(T::KeyError, msg)
    }

    /// `s.clear()`.
    pub fn set_clear(&mut self, s: Value) {
        // SAFETY: `s` is live; no safepoint while the reference exists.
        let t = unsafe { &mut *self.set_ptr(s) };
        *t = SetTable {
            version: t.version + 1,
            ..SetTable::default()
        };
    }

    /// CPython's `set_merge`: adds every element of set `other` to set `s` (both rooted).
    fn set_merge(&mut self, sr: Root, or: Root) -> PyResult<()> {
        let (s, o) = (self.get(sr), self.get(or));
        let o = self.as_set_obj(o).unwrap_or(o);
        if s == o || self.set_len(o) == 0 {
            return Ok(());
        }
        {
            let other_used = self.set_tab(o).used;
            // SAFETY: `s` is rooted; no safepoint while the reference exists.
            let t = unsafe { &mut *self.set_ptr(s) };
            if (t.fill + other_used) * 5 >= t.mask * 3 {
                let m = (t.used + other_used) * 2;
                t.resize(m);
            }
        }
        let (fill, mask) = {
            let t = self.set_tab(s);
            (t.fill, t.mask)
        };
        let (ofill, oused, omask) = {
            let t = self.set_tab(o);
            (t.fill, t.used, t.mask)
        };
        if fill == 0 && mask == omask && ofill == oused {
            let entries = self.set_tab(o).table.clone();
            self.heap.write_barrier(s.gc());
            // SAFETY: as above.
            let t = unsafe { &mut *self.set_ptr(s) };
            for (i, e) in entries.into_iter().enumerate() {
                if e.1 != 0 {
                    t.table[i] = e;
                }
            }
            t.fill = ofill;
            t.used = oused;
            t.version += 1;
            return Ok(());
        }
        if fill == 0 {
            let entries: Vec<(i64, usize)> = self.set_tab(o).keys().collect();
            self.heap.write_barrier(s.gc());
            // SAFETY: as above.
            let t = unsafe { &mut *self.set_ptr(s) };
            t.fill = oused;
            t.used = oused;
            for (h, k) in entries {
                SetTable::insert_clean(&mut t.table, t.mask, k, h);
            }
            t.version += 1;
            return Ok(());
        }
        let n = self.set_tab(o).table.len();
        for i in 0..n {
            let o = self.as_set_obj(self.get(or)).expect("set");
            let t = self.set_tab(o);
            if i >= t.table.len() {
                break;
            }
            let (h, k) = t.table[i];
            if k != 0 {
                let kr = self.push_word(k)?;
                self.set_add_entry(sr, kr, h)?;
                self.truncate(kr.index());
            }
        }
        Ok(())
    }

    /// CPython's `set_update_internal`: adds every element of an iterable to the set `s`.
    pub fn set_update_iter(&mut self, s: Value, other: Value) -> PyResult<()> {
        let mark = self.sp();
        let sr = self.push_root(s)?;
        let or = self.push_root(other)?;
        let r = self.set_update_rooted(sr, or);
        self.truncate(mark);
        r
    }

    fn set_update_rooted(&mut self, sr: Root, or: Root) -> PyResult<()> {
        let other = self.get(or);
        if self.as_set_obj(other).is_some() {
            return self.set_merge(sr, or);
        }
        if self.is_dict(other) {
            let dictsize = self.dict_len(other);
            {
                let s = self.get(sr);
                // SAFETY: `s` is rooted; no safepoint while the reference exists.
                let t = unsafe { &mut *self.set_ptr(s) };
                if (t.fill + dictsize) * 5 >= t.mask * 3 {
                    let m = (t.used + dictsize) * 2;
                    t.resize(m);
                }
            }
            let mut pos = 0;
            while let Some((next, k, _)) = self.dict_next(self.get(or), pos) {
                pos = next;
                let kr = self.push_root(k)?;
                let h = self.hash(k)?;
                self.set_add_entry(sr, kr, h)?;
                self.truncate(kr.index());
            }
            return Ok(());
        }
        let it = self.get_iter(other)?;
        let ir = self.push_root(it)?;
        while let Some(k) = self.iter_next(self.get(ir))? {
            let kr = self.push_root(k)?;
            let h = self.hash(k)?;
            self.set_add_entry(sr, kr, h)?;
            self.truncate(kr.index());
        }
        Ok(())
    }

    /// A set (or frozenset) of type `t` from the stack slots `start..start + n`.
    pub fn set_from_slots(&mut self, start: usize, n: usize) -> PyResult<Value> {
        let s = self.new_set()?;
        let sr = self.push_root(s)?;
        for i in 0..n {
            let k = Value::from_raw_nonnull(self.slot(start + i));
            self.set_add(self.get(sr), k)?;
        }
        let s = self.get(sr);
        self.truncate(sr.index());
        Ok(s)
    }

    /// A frozenset from the stack slots `start..sp`.
    pub fn frozenset_from_slots(&mut self, start: usize) -> PyResult<Value> {
        let n = self.sp() - start;
        let s = self.new_set_of(T::FrozenSet)?;
        let sr = self.push_root(s)?;
        for i in 0..n {
            let k = Value::from_raw_nonnull(self.slot(start + i));
            self.set_add(self.get(sr), k)?;
        }
        let s = self.get(sr);
        self.truncate(sr.index());
        Ok(s)
    }

    /// A new set of type `t` with the elements of `iterable` (CPython's `make_new_set`).
    pub fn make_new_set(&mut self, t: T, iterable: Option<Value>) -> PyResult<Value> {
        let mark = self.sp();
        let ir = self.push_opt(iterable)?;
        let s = self.new_set_of(t)?;
        let sr = self.push_root(s)?;
        if let Some(it) = self.get_opt(ir) {
            self.set_update_iter(self.get(sr), it)?;
        }
        let s = self.get(sr);
        self.truncate(mark);
        Ok(s)
    }

    /// The type a set operation on `s` returns: set for set (subclasses), frozenset for
    /// frozenset (subclasses), like CPython's `make_new_set_basetype`.
    fn set_basetype(&self, s: Value) -> T {
        let s = self.as_set_obj(s).unwrap_or(s);
        if self.is_exact(s, T::FrozenSet) {
            T::FrozenSet
        } else {
            T::Set
        }
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` for two sets/frozensets.
    pub fn set_binop(&mut self, op: BinaryOperator, a: Value, b: Value) -> PyResult<Value> {
        let mark = self.sp();
        let ar = self.push_root(self.as_set_obj(a).unwrap_or(a))?;
        let br = self.push_root(self.as_set_obj(b).unwrap_or(b))?;
        let t = self.set_basetype(a);
        let r = match op.base() {
            BinaryOperator::Or => {
                let r = self.make_new_set(t, Some(self.get(ar)))?;
                let rr = self.push_root(r)?;
                self.set_update_iter(self.get(rr), self.get(br))?;
                self.get(rr)
            }
            BinaryOperator::And => self.set_intersection(ar, br, t)?,
            BinaryOperator::Subtract => self.set_difference(ar, br, t)?,
            _ => {
                let r = self.make_new_set(t, Some(self.get(br)))?;
                let rr = self.push_root(r)?;
                self.set_symmetric_update(rr, ar)?;
                self.get(rr)
            }
        };
        self.truncate(mark);
        Ok(r)
    }

    /// CPython's `set_intersection` (iterates the smaller operand).
    /// Either operand may be a set subclass instance (its set payload is used) or, for
    /// `b`, any iterable.
    pub fn set_intersection(&mut self, ar: Root, br: Root, t: T) -> PyResult<Value> {
        let a0 = self.get(ar);
        let ar = self.push_root(self.as_set_obj(a0).unwrap_or(a0))?;
        let b0 = self.get(br);
        let b_set = self.as_set_obj(b0);
        let br = self.push_root(b_set.unwrap_or(b0))?;
        let (a, b) = (self.get(ar), self.get(br));
        if a == b {
            return self.make_new_set(t, Some(a));
        }
        let res = self.new_set_of(t)?;
        let rr = self.push_root(res)?;
        let b = self.get(br);
        if b_set.is_some() {
            let (mut so, mut other) = (ar, br);
            if self.set_len(self.get(other)) > self.set_len(self.get(so)) {
                std::mem::swap(&mut so, &mut other);
            }
            let n = self.set_tab(self.get(other)).table.len();
            for i in 0..n {
                let o = self.get(other);
                let t2 = self.set_tab(o);
                if i >= t2.table.len() {
                    break;
                }
                let (h, k) = t2.table[i];
                if k == 0 {
                    continue;
                }
                let kr = self.push_word(k)?;
                if matches!(self.set_lookup(so, kr, h)?, Found::At(_)) {
                    self.set_add_entry(rr, kr, h)?;
                }
                self.truncate(kr.index());
            }
            return Ok(self.get(rr));
        }
        let it = self.get_iter(b)?;
        let ir = self.push_root(it)?;
        while let Some(k) = self.iter_next(self.get(ir))? {
            let kr = self.push_root(k)?;
            let h = self.hash(k)?;
            if matches!(self.set_lookup(ar, kr, h)?, Found::At(_)) {
                self.set_add_entry(rr, kr, h)?;
            }
            self.truncate(kr.index());
        }
        Ok(self.get(rr))
    }

    /// CPython's `set_difference`.
    /// Either operand may be a set subclass instance (its set payload is used) or, for
    /// `b`, any iterable.
    pub fn set_difference(&mut self, ar: Root, br: Root, t: T) -> PyResult<Value> {
        let a0 = self.get(ar);
        let ar = self.push_root(self.as_set_obj(a0).unwrap_or(a0))?;
        let b0 = self.get(br);
        let br = self.push_root(self.as_set_obj(b0).unwrap_or(b0))?;
        let b = self.get(br);
        let other_size = if let Some(bs) = self.as_set_obj(b) {
            Some(self.set_len(bs))
        } else if self.is_dict(b) {
            Some(self.dict_len(b))
        } else {
            None
        };
        let a_len = self.set_len(self.get(ar));
        if other_size.is_none_or(|os| (a_len >> 2) > os) {
            // Copy and remove.
            let r = self.make_new_set(t, Some(self.get(ar)))?;
            let rr = self.push_root(r)?;
            self.set_difference_update(rr, self.get(br))?;
            return Ok(self.get(rr));
        }
        let res = self.new_set_of(t)?;
        let rr = self.push_root(res)?;
        let n = self.set_tab(self.get(ar)).table.len();
        let other_is_dict = self.is_dict(self.get(br));
        for i in 0..n {
            let a = self.get(ar);
            let ta = self.set_tab(a);
            if i >= ta.table.len() {
                break;
            }
            let (h, k) = ta.table[i];
            if k == 0 {
                continue;
            }
            let kr = self.push_word(k)?;
            let present = if other_is_dict {
                self.dict_get_item(self.get(br), self.get(kr))?.is_some()
            } else {
                matches!(self.set_lookup(br, kr, h)?, Found::At(_))
            };
            if !present {
                self.set_add_entry(rr, kr, h)?;
            }
            self.truncate(kr.index());
        }
        Ok(self.get(rr))
    }

    /// `s -= iterable` / `s.difference_update(iterable)`.
    pub fn set_difference_update(&mut self, sr: Root, other: Value) -> PyResult<()> {
        let mark = self.sp();
        let or = self.push_root(other)?;
        if self.get(sr) == other {
            self.set_clear(self.get(sr));
            self.truncate(mark);
            return Ok(());
        }
        if let Some(os) = self.as_set_obj(other) {
            let osr = self.push_root(os)?;
            let n = self.set_tab(os).table.len();
            for i in 0..n {
                let t = self.set_tab(self.get(osr));
                if i >= t.table.len() {
                    break;
                }
                let k = t.table[i].1;
                if k != 0 {
                    self.set_discard(self.get(sr), Value::from_raw_nonnull(k))?;
                }
            }
            self.truncate(mark);
            return Ok(());
        }
        let it = self.get_iter(self.get(or))?;
        let ir = self.push_root(it)?;
        while let Some(k) = self.iter_next(self.get(ir))? {
            self.set_discard(self.get(sr), k)?;
        }
        self.truncate(mark);
        Ok(())
    }

    /// CPython's `set_symmetric_difference_update` (the operand in root `or`).
    pub fn set_symmetric_update(&mut self, sr: Root, or: Root) -> PyResult<()> {
        if self.get(sr) == self.get(or) {
            self.set_clear(self.get(sr));
            return Ok(());
        }
        let other = self.get(or);
        let os = match self.as_set_obj(other) {
            Some(s) => s,
            None => {
                let t = self.set_basetype(self.get(sr));
                self.make_new_set(t, Some(other))?
            }
        };
        let osr = self.push_root(os)?;
        let n = self.set_tab(os).table.len();
        for i in 0..n {
            let t = self.set_tab(self.get(osr));
            if i >= t.table.len() {
                break;
            }
            let (h, k) = t.table[i];
            if k == 0 {
                continue;
            }
            let kr = self.push_word(k)?;
            match self.set_lookup(sr, kr, h)? {
                Found::At(at) => {
                    // SAFETY: the set is rooted; no safepoint while the reference exists.
                    let t = unsafe { &mut *self.set_ptr(self.get(sr)) };
                    t.table[at] = (-1, 0);
                    t.used -= 1;
                    t.version += 1;
                }
                Found::Absent => self.set_add_entry(sr, kr, h)?,
            }
            self.truncate(kr.index());
        }
        self.truncate(osr.index());
        Ok(())
    }

    /// In-place set operators.
    pub fn set_inplace(&mut self, op: BinaryOperator, s: Value, other: Value) -> PyResult<()> {
        let mark = self.sp();
        let sr = self.push_root(s)?;
        let or = self.push_root(other)?;
        let r = match op.base() {
            BinaryOperator::Or => self.set_update_iter(s, other),
            BinaryOperator::Subtract => self.set_difference_update(sr, other),
            BinaryOperator::Xor => self.set_symmetric_update(sr, or),
            _ => {
                // CPython's set_intersection_update: compute, then swap tables.
                let r = self.set_intersection(sr, or, T::Set)?;
                self.set_swap_table(self.get(sr), r);
                Ok(())
            }
        };
        self.truncate(mark);
        r
    }

    /// Moves the table of `from` into `to` (and the empty one back).
    pub fn set_swap_table(&mut self, to: Value, from: Value) {
        self.heap.write_barrier(to.gc());
        let (pt, pf) = (self.set_ptr(to), self.set_ptr(from));
        // SAFETY: two distinct live sets; no safepoint while the references exist.
        unsafe { std::ptr::swap(pt, pf) };
        // SAFETY: as above.
        unsafe { (*pt).version += 1 };
    }

    /// Subset test: every element of `a` is in `b` (both sets).
    pub fn set_issubset(&mut self, a: Value, b: Value) -> PyResult<bool> {
        let (a, b) = (
            self.as_set_obj(a).unwrap_or(a),
            self.as_set_obj(b).unwrap_or(b),
        );
        let mark = self.sp();
        let ar = self.push_root(a)?;
        let br = self.push_root(b)?;
        if self.set_len(a) > self.set_len(b) {
            self.truncate(mark);
            return Ok(false);
        }
        let n = self.set_tab(a).table.len();
        for i in 0..n {
            let t = self.set_tab(self.get(ar));
            if i >= t.table.len() {
                break;
            }
            let (h, k) = t.table[i];
            if k == 0 {
                continue;
            }
            let kr = self.push_word(k)?;
            let found = matches!(self.set_lookup(br, kr, h)?, Found::At(_));
            self.truncate(kr.index());
            if !found {
                self.truncate(mark);
                return Ok(false);
            }
        }
        self.truncate(mark);
        Ok(true)
    }

    /// Rich comparison of two sets.
    pub fn set_compare(&mut self, a: Value, b: Value, op: CompareOperator) -> PyResult<Value> {
        use CompareOperator::*;
        let (a, b) = (
            self.as_set_obj(a).unwrap_or(a),
            self.as_set_obj(b).unwrap_or(b),
        );
        let (la, lb) = (self.set_len(a), self.set_len(b));
        let r = match op {
            Eq => la == lb && self.set_issubset(a, b)?,
            Ne => !(la == lb && self.set_issubset(a, b)?),
            Le => self.set_issubset(a, b)?,
            Ge => self.set_issubset(b, a)?,
            Lt => la < lb && self.set_issubset(a, b)?,
            Gt => la > lb && self.set_issubset(b, a)?,
        };
        Ok(self.bool_val(r))
    }

    /// CPython's frozenset hash.
    pub fn frozenset_hash(&mut self, s: Value) -> PyResult<i64> {
        let cached = self.ld_scalar::<i64>(s, boxed_::X);
        if cached != -1 {
            return Ok(cached);
        }
        fn shuffle(h: u64) -> u64 {
            ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
        }
        let t = self.set_tab(s);
        let mut hash: u64 = 0;
        for (h, _) in t.keys() {
            hash ^= shuffle(h as u64);
        }
        hash ^= ((t.used as u64) + 1).wrapping_mul(1927868237);
        hash ^= (hash >> 11) ^ (hash >> 25);
        hash = hash.wrapping_mul(69069).wrapping_add(907133923);
        let mut r = hash as i64;
        if r == -1 {
            r = 590923713;
        }
        self.st_scalar::<i64>(s, boxed_::X, r);
        Ok(r)
    }

    /// The elements of a set (or anything iterable) as a snapshot (unrooted values: use
    /// before the next safepoint).
    pub fn set_items_snapshot(&self, v: Value) -> Option<Vec<Value>> {
        if let Some(s) = self.as_set_obj(v) {
            return Some(
                self.set_tab(s)
                    .keys()
                    .map(|(_, k)| Value::from_raw_nonnull(k))
                    .collect(),
            );
        }
        if self.is_tuple(v) {
            return Some(self.tuple_items(v).to_vec());
        }
        if self.is_list(v) {
            return Some(self.list_items(v).to_vec());
        }
        if self.is_dict(v) {
            let mut out = Vec::new();
            let mut pos = 0;
            while let Some((next, k, _)) = self.dict_next(v, pos) {
                pos = next;
                out.push(k);
            }
            return Some(out);
        }
        None
    }

    /// A new set iterator (`obj[2][3]`: `[type][set][pos][used at start][unused]`).
    pub fn new_set_iter(&mut self, s: Value) -> PyResult<Value> {
        let mark = self.sp();
        let sr = self.push_root(s)?;
        let it = self.alloc_t(self.lay.obj[2][3], T::SetIter)?;
        let s = self.get(sr);
        self.init_field(it, crate::runtime::layout::obj_::A, Some(s));
        let used = self.set_len(s);
        self.st_scalar::<u64>(it, crate::runtime::layout::obj_::x(2), 0);
        self.st_scalar::<u64>(it, crate::runtime::layout::obj_::y(2), used as u64);
        self.st_scalar::<u64>(it, crate::runtime::layout::obj_::z(2), 0);
        self.truncate(mark);
        Ok(it)
    }

    /// Next element of a set iterator.
    pub fn set_iter_next(&mut self, it: Value) -> PyResult<Option<Value>> {
        use crate::runtime::layout::obj_;
        let Some(s) = self.ldv(it, obj_::A) else {
            return Ok(None);
        };
        let used0 = self.ld_scalar::<u64>(it, obj_::y(2)) as usize;
        let t = self.set_tab(s);
        if t.used != used0 {
            self.st_scalar::<u64>(it, obj_::y(2), usize::MAX as u64);
            return Err(self.runtime_error("Set changed size during iteration"));
        }
        let mut i = self.ld_scalar::<u64>(it, obj_::x(2)) as usize;
        let t = self.set_tab(s);
        while i < t.table.len() && t.table[i].1 == 0 {
            i += 1;
        }
        if i >= t.table.len() {
            self.st_field(it, obj_::A, None);
            return Ok(None);
        }
        let k = t.table[i].1;
        self.st_scalar::<u64>(it, obj_::x(2), i as u64 + 1);
        Ok(Some(Value::from_raw_nonnull(k)))
    }
}
