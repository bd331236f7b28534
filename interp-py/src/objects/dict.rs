//! `dict` objects: a tern-dict `RawDict<Value, Value>` in Rust memory owned by the object.
//!
//! The object is a `boxed` layout whose `PTR` field owns a `Box<DictTable>`; the custom
//! trace hook reports every key and value slot of the table, the destructor frees it. The
//! write barrier goes on the dict object before a store into the table (gc contract item 3).
//!
//! Lookups come in two speeds:
//! * *simple keys* (exact `str`, `int`, `float`, `bool`, `None`) hash and compare without
//!   running Python code, so the lookup is one `try_find` with a pure comparison; meeting a
//!   stored key that is not simple falls back to the slow path;
//! * the slow path follows tern-dict's step-wise probe protocol: the candidate key is copied
//!   out and rooted, `__eq__` runs with no borrow of the table, and the lookup restarts if
//!   the table's version changed meanwhile (CPython's rule).
//!
//! Invariants: the table pointer is set right after allocation and never replaced;
//! `mutations` changes on every change of the key set (iterators compare it).

use tern_dict::embed::{Probe, ProbeStep};
use tern_dict::{EntryIndex, RawDict};
use tern_gc::{GcRef, SlotVisitor};

use crate::runtime::builtin_types::{Kind, T};
use crate::runtime::errors::PyResult;
use crate::runtime::layout::boxed_;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// The Rust side of a dict.
#[derive(Default)]
pub struct DictTable {
    /// Keys and values.
    pub raw: RawDict<Value, Value>,
    /// Changes whenever the set of keys changes.
    pub mutations: u64,
}

/// Trace hook of the dict layout.
pub fn dict_trace(obj: GcRef, v: &mut dyn SlotVisitor) {
    // SAFETY: `obj` is a live dict (the hook is only registered for that layout) and `PTR`
    // was written right after allocation, before any safepoint.
    let p = unsafe { obj.read::<usize>(boxed_::PTR) } as *mut DictTable;
    if p.is_null() {
        return;
    }
    // SAFETY: `p` is the dict's own table, alive until its destructor runs; the collector
    // holds no other reference to it.
    let tab = unsafe { &mut *p };
    tab.raw.for_each_entry_mut(|k, val| {
        // SAFETY: `Value` is a transparent non-zero word; the collector only rewrites a
        // reference slot with the (non-zero) new address of the same object.
        unsafe {
            v.visit(&mut *(k as *mut Value as *mut usize));
            v.visit(&mut *(val as *mut Value as *mut usize));
        }
    });
}

/// Destructor of the dict layout.
pub fn dict_drop(obj: GcRef) {
    // SAFETY: as in `dict_trace`; the destructor runs once, when the object died.
    let p = unsafe { obj.read::<usize>(boxed_::PTR) } as *mut DictTable;
    if !p.is_null() {
        // SAFETY: `p` came from `Box::into_raw` in `new_dict` and is freed only here.
        unsafe { drop(Box::from_raw(p)) };
    }
}

/// Outcome of a slow-path probe: where the key is, or where it would go.
pub enum Probed {
    /// Found at the probe's candidate.
    Found(Probe),
    /// Absent; the probe can insert.
    Absent(Probe),
}

impl Vm {
    /// A new empty dict.
    pub fn new_dict(&mut self) -> PyResult<Value> {
        self.new_dict_cap(0)
    }

    /// A new empty dict with room for `n` keys.
    pub fn new_dict_cap(&mut self, n: usize) -> PyResult<Value> {
        let tab = Box::new(DictTable {
            raw: RawDict::with_capacity(n),
            mutations: 0,
        });
        let d = self.alloc_t(self.lay.dict, T::Dict)?;
        self.st_scalar::<usize>(d, boxed_::PTR, Box::into_raw(tab) as usize);
        Ok(d)
    }

    /// Whether `v` is an exact dict.
    #[inline(always)]
    pub fn is_dict(&self, v: Value) -> bool {
        self.has_layout(v, self.lay.dict)
    }

    /// The dict object of a dict or dict-subclass instance.
    #[inline]
    pub fn as_dict_obj(&self, v: Value) -> Option<Value> {
        if self.is_dict(v) {
            return Some(v);
        }
        self.native_payload(v, Kind::Dict)
    }

    /// Raw pointer to the table of an exact dict (stable while the dict lives).
    #[inline(always)]
    pub fn dict_ptr(&self, d: Value) -> *mut DictTable {
        debug_assert!(self.is_dict(d));
        self.ld_scalar::<usize>(d, boxed_::PTR) as *mut DictTable
    }

    /// The table of an exact dict.
    #[inline(always)]
    pub fn dict_tab(&self, d: Value) -> &DictTable {
        // SAFETY: the table lives as long as the dict, which is live (rule 1); the `&self`
        // borrow rules out any mutation through the VM while the reference lives.
        unsafe { &*self.dict_ptr(d) }
    }

    /// Number of items.
    #[inline]
    pub fn dict_len(&self, d: Value) -> usize {
        self.dict_tab(d).raw.len()
    }

    /// The hash of a simple key (no Python code involved), or `None` if not simple.
    #[inline]
    pub fn simple_hash(&mut self, k: Value) -> Option<i64> {
        if let Some(i) = k.as_small() {
            return Some(crate::objects::int::hash_i64(i));
        }
        let lay = self.layout_of(k.gc());
        if lay == self.lay.str_ {
            return Some(self.str_hash(k));
        }
        if lay == self.lay.float {
            return Some(crate::objects::float::hash_f64(self.float_val(k)));
        }
        if lay == self.lay.bigint {
            return Some(self.bigint_hash(k));
        }
        None
    }

    /// Equality of two simple keys without Python code (`None` if either is not simple).
    #[inline]
    pub fn simple_eq(&self, a: Value, b: Value) -> Option<bool> {
        if a == b {
            return Some(true);
        }
        if a.is_small() && b.is_small() {
            return Some(false);
        }
        let sa = !a.is_small() && self.layout_of(a.gc()) == self.lay.str_;
        let sb = !b.is_small() && self.layout_of(b.gc()) == self.lay.str_;
        if sa && sb {
            return Some(self.str_eq(a, b));
        }
        let na = self.is_simple_number(a);
        let nb = self.is_simple_number(b);
        if (sa || na) && (sb || nb) {
            if sa || sb {
                return Some(false);
            }
            return Some(crate::objects::number::num_eq_simple(self, a, b));
        }
        None
    }

    #[inline]
    fn is_simple_number(&self, v: Value) -> bool {
        if v.is_small() {
            return true;
        }
        let l = self.layout_of(v.gc());
        l == self.lay.float || l == self.lay.bigint || self.is_bool(v)
    }

    /// Pure lookup of a simple key with its hash; `None` if a non-simple stored key with
    /// the same hash was met (use the slow path).
    #[inline]
    pub fn dict_find_simple(&self, d: Value, key: Value, h: i64) -> Option<Option<Value>> {
        let tab = self.dict_tab(d);
        let found = tab
            .raw
            .try_find(h as u64, |&stored| self.simple_eq(stored, key).ok_or(()))
            .ok()?;
        Some(found.and_then(|at| tab.raw.entry_at(at)).map(|(_, v)| *v))
    }

    /// Lookup of a str key assuming every colliding stored key is a str or simple (name
    /// spaces); never runs Python code. Non-simple colliding keys are treated as unequal.
    #[inline]
    pub fn dict_get_str(&mut self, d: Value, key: Value) -> Option<Value> {
        let h = self.str_hash(key);
        let tab = self.dict_tab(d);
        let found = tab.raw.find(h as u64, |&stored| {
            self.simple_eq(stored, key).unwrap_or(false)
        });
        found.and_then(|at| tab.raw.entry_at(at)).map(|(_, v)| *v)
    }

    /// Lookup of an interned name in a namespace dict (see [`Vm::dict_get_str`]).
    #[inline]
    pub fn dict_get_name(&mut self, d: Value, n: crate::runtime::names::Name) -> Option<Value> {
        let s = self.name_str(n);
        self.dict_get_str(d, s)
    }

    /// `d[key]` or `None` if absent (may run `__hash__`/`__eq__`).
    pub fn dict_get_item(&mut self, d: Value, key: Value) -> PyResult<Option<Value>> {
        if let Some(h) = self.simple_hash(key)
            && let Some(r) = self.dict_find_simple(d, key, h)
        {
            return Ok(r);
        }
        let mark = self.sp();
        let dr = self.push_root(d)?;
        let kr = self.push_root(key)?;
        let r = self.dict_get_item_slow(dr, kr);
        self.truncate(mark);
        r
    }

    fn dict_get_item_slow(&mut self, dr: Root, kr: Root) -> PyResult<Option<Value>> {
        let h = self.hash(self.get(kr))?;
        match self.dict_probe(dr, kr, h)? {
            Probed::Found(p) => {
                let tab = self.dict_tab(self.get(dr));
                Ok(p.candidate()
                    .and_then(|at| tab.raw.entry_at(at))
                    .map(|(_, v)| *v))
            }
            Probed::Absent(_) => Ok(None),
        }
    }

    /// Step-wise probe for the key in `kr` (hash `h`) in the dict in `dr`, running `__eq__`
    /// as needed. On return the table is unchanged since the probe's last step.
    pub fn dict_probe(&mut self, dr: Root, kr: Root, h: i64) -> PyResult<Probed> {
        'restart: loop {
            let d = self.get(dr);
            let tabp = self.dict_ptr(d);
            // SAFETY (all derefs of `tabp` below): the dict is rooted in `dr`, so its table
            // lives; each reference is dropped before the next safepoint.
            let mut probe = unsafe { &*tabp }.raw.probe(h as u64);
            loop {
                let step = unsafe { &*tabp }.raw.probe_next(&mut probe);
                let at = match step {
                    Err(_) => continue 'restart,
                    Ok(ProbeStep::Absent) => return Ok(Probed::Absent(probe)),
                    Ok(ProbeStep::Candidate(at)) => at,
                };
                let stored = match unsafe { &*tabp }.raw.entry_at(at) {
                    Some((k, _)) => *k,
                    None => continue 'restart,
                };
                let key = self.get(kr);
                if let Some(eq) = self.simple_eq(stored, key) {
                    if eq {
                        return Ok(Probed::Found(probe));
                    }
                    continue;
                }
                let eq = self.eq_values(stored, key)?;
                if unsafe { &*tabp }.raw.version() != probe.version() {
                    continue 'restart;
                }
                if eq {
                    return Ok(Probed::Found(probe));
                }
            }
        }
    }

    /// `d[key] = value`.
    pub fn dict_set_item(&mut self, d: Value, key: Value, value: Value) -> PyResult<()> {
        if let Some(h) = self.simple_hash(key) {
            let tabp = self.dict_ptr(d);
            self.heap.write_barrier(d.gc());
            // SAFETY: `d` is live; no safepoint while the reference exists (the closure
            // only reads the heap through `&Vm`).
            let tab = unsafe { &mut *tabp };
            let vm: &Vm = self;
            let r = tab
                .raw
                .try_entry(h as u64, |&stored| vm.simple_eq(stored, key).ok_or(()));
            match r {
                Ok(tern_dict::RawEntry::Occupied(mut o)) => {
                    o.insert(value);
                    return Ok(());
                }
                Ok(tern_dict::RawEntry::Vacant(v)) => {
                    v.insert_entry(key, value);
                    tab.mutations += 1;
                    return Ok(());
                }
                Err(()) => {}
            }
        }
        let mark = self.sp();
        let dr = self.push_root(d)?;
        let kr = self.push_root(key)?;
        let vr = self.push_root(value)?;
        let r = self.dict_set_item_slow(dr, kr, vr);
        self.truncate(mark);
        r
    }

    /// `d[key] = value` with every argument rooted.
    pub fn dict_set_item_slow(&mut self, dr: Root, kr: Root, vr: Root) -> PyResult<()> {
        let h = self.hash(self.get(kr))?;
        let probed = self.dict_probe(dr, kr, h)?;
        let d = self.get(dr);
        let (k, v) = (self.get(kr), self.get(vr));
        self.heap.write_barrier(d.gc());
        // SAFETY: the dict is rooted; no safepoint while the reference exists.
        let tab = unsafe { &mut *self.dict_ptr(d) };
        match probed {
            Probed::Found(p) => {
                if let Ok((_, slot)) = tab.raw.candidate_mut(&p) {
                    *slot = v;
                }
            }
            Probed::Absent(p) => {
                if let Err((_, k, v)) = tab.raw.insert_probed(&p, k, v) {
                    tab.raw.insert_unique(h as u64, k, v);
                }
                tab.mutations += 1;
            }
        }
        Ok(())
    }

    /// Stores under a str key into a namespace dict (no Python code).
    pub fn dict_set_str(&mut self, d: Value, key: Value, value: Value) -> PyResult<()> {
        self.dict_set_item(d, key, value)
    }

    /// Stores under an interned name.
    pub fn dict_set_name(
        &mut self,
        d: Value,
        n: crate::runtime::names::Name,
        value: Value,
    ) -> PyResult<()> {
        let k = self.name_str(n);
        self.dict_set_item(d, k, value)
    }

    /// Stores under Rust text (interned).
    pub fn dict_set_text(&mut self, d: Value, key: &str, value: Value) -> PyResult<()> {
        let mark = self.sp();
        let dr = self.push_root(d)?;
        let vr = self.push_root(value)?;
        let n = self.intern(key)?;
        let (d, v) = (self.get(dr), self.get(vr));
        self.truncate(mark);
        self.dict_set_name(d, n, v)
    }

    /// Removes `key`; returns the removed value (`None` if absent).
    pub fn dict_del_item(&mut self, d: Value, key: Value) -> PyResult<Option<Value>> {
        if let Some(h) = self.simple_hash(key) {
            let tabp = self.dict_ptr(d);
            // SAFETY: as in `dict_set_item`.
            let tab = unsafe { &mut *tabp };
            let vm: &Vm = self;
            match tab
                .raw
                .try_remove(h as u64, |&stored| vm.simple_eq(stored, key).ok_or(()))
            {
                Ok(Some((_, v))) => {
                    tab.mutations += 1;
                    return Ok(Some(v));
                }
                Ok(None) => return Ok(None),
                Err(()) => {}
            }
        }
        let mark = self.sp();
        let dr = self.push_root(d)?;
        let kr = self.push_root(key)?;
        let r = (|| {
            let h = self.hash(self.get(kr))?;
            match self.dict_probe(dr, kr, h)? {
                Probed::Found(p) => {
                    // SAFETY: the dict is rooted; no safepoint while the reference exists.
                    let tab = unsafe { &mut *self.dict_ptr(self.get(dr)) };
                    let r = tab.raw.remove_probed(&p).ok().map(|(_, v)| v);
                    tab.mutations += 1;
                    Ok(r)
                }
                Probed::Absent(_) => Ok(None),
            }
        })();
        self.truncate(mark);
        r
    }

    /// Removes every item.
    pub fn dict_clear(&mut self, d: Value) {
        // SAFETY: `d` is live; no safepoint while the reference exists.
        let tab = unsafe { &mut *self.dict_ptr(d) };
        tab.raw.clear();
        tab.mutations += 1;
    }

    /// The entry at or after dense position `pos`: `(next position, key, value)`.
    #[inline]
    pub fn dict_next(&self, d: Value, pos: usize) -> Option<(usize, Value, Value)> {
        let tab = self.dict_tab(d);
        let at = tab.raw.next_index(EntryIndex::new(pos))?;
        let (k, v) = tab.raw.entry_at(at)?;
        Some((at.get() + 1, *k, *v))
    }

    /// Copies all items of dict `src` into dict `dst` (both rooted by the caller as
    /// `sr`/`dr`); keys are rehashed only when `dst` is not empty.
    pub fn dict_merge(&mut self, dr: Root, sr: Root) -> PyResult<()> {
        let mut pos = 0;
        loop {
            let s = self.get(sr);
            let Some((next, k, v)) = self.dict_next(s, pos) else {
                break;
            };
            pos = next;
            let d = self.get(dr);
            self.dict_set_item(d, k, v)?;
        }
        Ok(())
    }

    /// A shallow copy of an exact dict in root `sr`.
    pub fn dict_copy(&mut self, sr: Root) -> PyResult<Value> {
        let n = self.dict_len(self.get(sr));
        let d = self.new_dict_cap(n)?;
        let s = self.get(sr);
        // Copy entries directly: same hashes, distinct keys, no comparisons needed.
        let entries: Vec<(u64, Value, Value)> = self
            .dict_tab(s)
            .raw
            .iter_hashed()
            .map(|(h, k, v)| (h, *k, *v))
            .collect();
        // SAFETY: `d` was just allocated (young): no barrier needed, and no safepoint runs
        // while the reference exists.
        let tab = unsafe { &mut *self.dict_ptr(d) };
        for (h, k, v) in entries {
            tab.raw.insert_unique(h, k, v);
        }
        Ok(d)
    }
}
