//! `list.sort` (and `sorted`): a stable sort with CPython's semantics.
//!
//! Keys are computed first and kept rooted on the value stack next to the items; the sort
//! permutes indices. Like CPython's `list.sort`, the keys are pre-scanned: when all keys
//! are small ints, strs, NaN-free floats, or tuples of those (homogeneous per position),
//! the comparison is a total order that runs no Python code, and Rust's stable sort on the
//! extracted keys is used. Otherwise a stable natural merge sort (runs detected, short runs
//! extended by insertion sort, merged bottom-up) calls the rich comparison: O(n log n),
//! O(n) on sorted input, and — unlike `slice::sort_by` — it tolerates comparisons that fail
//! (the first error stops the sort) or are inconsistent (user `__lt__`, NaN). The list is
//! emptied meanwhile and "list modified during sort" is detected like CPython.

use std::cmp::Ordering;

use crate::bytecode::CompareOperator;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::list_;
use crate::runtime::roots::Root;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// A key extracted for the fast paths.
#[derive(Clone, Copy)]
enum SimpleKey<'a> {
    Int(i64),
    Float(f64),
    Str(&'a [u8]),
}

fn cmp_simple(a: SimpleKey<'_>, b: SimpleKey<'_>) -> Ordering {
    match (a, b) {
        (SimpleKey::Int(x), SimpleKey::Int(y)) => x.cmp(&y),
        (SimpleKey::Float(x), SimpleKey::Float(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (SimpleKey::Int(x), SimpleKey::Float(y)) => {
            crate::objects::number::cmp_int_float(x, None, y).unwrap_or(Ordering::Equal)
        }
        (SimpleKey::Float(x), SimpleKey::Int(y)) => {
            crate::objects::number::cmp_int_float(y, None, x)
                .unwrap_or(Ordering::Equal)
                .reverse()
        }
        (SimpleKey::Str(x), SimpleKey::Str(y)) => x.cmp(y),
        // Never mixed: the classification requires one family per position.
        _ => Ordering::Equal,
    }
}

impl Vm {
    /// A key usable by the fast path (`None`: needs the general comparison).
    fn simple_key(&self, v: Value) -> Option<SimpleKey<'_>> {
        if let Some(i) = v.as_small() {
            return Some(SimpleKey::Int(i));
        }
        let l = self.layout_of(v.gc());
        if l == self.lay.str_ && self.is_str(v) {
            return Some(SimpleKey::Str(self.str_bytes(v)));
        }
        if l == self.lay.float && self.is_float(v) {
            let f = self.float_val(v);
            return (!f.is_nan()).then_some(SimpleKey::Float(f));
        }
        None
    }

    /// Tries the fast paths; `true` if `perm` was sorted.
    fn sort_simple(&self, perm: &mut [usize], keys: usize) -> bool {
        let n = perm.len();
        let key = |i: usize| Value::from_raw_nonnull(self.slot(keys + i));
        let family = |k: SimpleKey<'_>| matches!(k, SimpleKey::Str(_));
        // Scalar keys.
        if let Some(first) = self.simple_key(key(perm[0])) {
            let fam = family(first);
            let mut ks: Vec<(SimpleKey<'_>, usize)> = Vec::with_capacity(n);
            for &p in perm.iter() {
                match self.simple_key(key(p)) {
                    Some(k) if family(k) == fam => ks.push((k, p)),
                    _ => return false,
                }
            }
            ks.sort_by(|a, b| cmp_simple(a.0, b.0));
            for (slot, (_, p)) in perm.iter_mut().zip(ks) {
                *slot = p;
            }
            return true;
        }
        // Tuples of simple keys, one family per position.
        let first = key(perm[0]);
        if !self.is_tuple(first) {
            return false;
        }
        let width = self.tuple_len(first);
        let fams: Vec<bool> = match self
            .tuple_items(first)
            .iter()
            .map(|&x| self.simple_key(x).map(family))
            .collect::<Option<Vec<_>>>()
        {
            Some(f) => f,
            None => return false,
        };
        let mut ks: Vec<(Vec<SimpleKey<'_>>, usize)> = Vec::with_capacity(n);
        for &p in perm.iter() {
            let t = key(p);
            if !self.is_tuple(t) || self.tuple_len(t) != width {
                return false;
            }
            let mut row = Vec::with_capacity(width);
            for (j, &x) in self.tuple_items(t).iter().enumerate() {
                match self.simple_key(x) {
                    Some(k) if family(k) == fams[j] => row.push(k),
                    _ => return false,
                }
            }
            ks.push((row, p));
        }
        ks.sort_by(|a, b| {
            for (x, y) in a.0.iter().zip(b.0.iter()) {
                match cmp_simple(*x, *y) {
                    Ordering::Equal => continue,
                    o => return o,
                }
            }
            Ordering::Equal
        });
        for (slot, (_, p)) in perm.iter_mut().zip(ks) {
            *slot = p;
        }
        true
    }

    /// Sorts the list in root `lr` (see the module docs).
    pub fn list_sort(&mut self, lr: Root, key: Option<Value>, reverse: bool) -> PyResult<()> {
        let mark = self.sp();
        let kr = self.push_opt(key)?;
        let l = self.get(lr);
        let n = self.list_len(l);
        self.ensure_stack(2 * n + 4)?;
        // Items at [items, items + n), keys at [keys, keys + n).
        let items = self.sp();
        for i in 0..n {
            let w = self.list_get(self.get(lr), i).raw();
            self.push_unchecked(w);
        }
        // Empty the list while sorting (mutation detection).
        self.list_set_len(self.get(lr), 0);
        let keys = self.sp();
        let r = (|| -> PyResult<Vec<usize>> {
            if let Some(k) = self.get_opt(kr) {
                let _ = k;
                for i in 0..n {
                    let item = Value::from_raw_nonnull(self.slot(items + i));
                    let f = self.get_opt(kr).expect("key");
                    let kv = self.call1(f, item)?;
                    self.push_root(kv)?;
                }
            } else {
                for i in 0..n {
                    let w = self.slot(items + i);
                    self.push_unchecked(w);
                }
            }
            let mut perm: Vec<usize> = (0..n).collect();
            if reverse {
                perm.reverse();
            }
            if n < 2 || !self.sort_simple(&mut perm, keys) {
                merge_sort(self, &mut perm, keys, reverse)?;
            }
            if reverse {
                perm.reverse();
            }
            Ok(perm)
        })();
        let l = self.get(lr);
        let modified = self.list_len(l) != 0;
        match r {
            Ok(perm) => {
                if modified {
                    self.truncate(mark);
                    return Err(self.value_error("list modified during sort"));
                }
                self.list_reserve(lr, n)?;
                let l = self.get(lr);
                let arr = self.ldv(l, list_::ITEMS);
                if let Some(arr) = arr {
                    for (j, &p) in perm.iter().enumerate() {
                        let w = self.slot(items + p);
                        self.array_set(arr, j, w);
                    }
                }
                self.st_scalar::<u64>(l, list_::LEN, n as u64);
                self.truncate(mark);
                Ok(())
            }
            Err(e) => {
                // Restore the original order.
                let exc = self.take_exc(e);
                let er = self.push_root(exc)?;
                if !modified {
                    let _ = self.list_reserve(lr, n);
                    let l = self.get(lr);
                    if let Some(arr) = self.ldv(l, list_::ITEMS) {
                        for j in 0..n {
                            let w = self.slot(items + j);
                            self.array_set(arr, j, w);
                        }
                        self.st_scalar::<u64>(l, list_::LEN, n as u64);
                    }
                }
                let exc = self.get(er);
                self.truncate(mark);
                Err(self.reraise(exc))
            }
        }
    }
}

/// `key[a] < key[b]` with fast paths for simple keys.
fn less(vm: &mut Vm, keys: usize, a: usize, b: usize) -> PyResult<bool> {
    let x = Value::from_raw_nonnull(vm.slot(keys + a));
    let y = Value::from_raw_nonnull(vm.slot(keys + b));
    if let Some(o) = vm.native_order(x, y) {
        return Ok(o == Some(std::cmp::Ordering::Less));
    }
    vm.compare_bool(x, y, CompareOperator::Lt)
}

/// Stable natural merge sort of the index permutation `perm` by the keys on the stack.
/// With `reverse`, the permutation arrives reversed and stability is preserved for equal
/// keys like CPython's reverse sort.
fn merge_sort(vm: &mut Vm, perm: &mut [usize], keys: usize, _reverse: bool) -> PyResult<()> {
    let n = perm.len();
    if n < 2 {
        return Ok(());
    }
    // 1. Find runs; make descending runs ascending (strictly descending only, stability).
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    const MIN_RUN: usize = 32;
    while i < n {
        let mut j = i + 1;
        if j < n {
            if less(vm, keys, perm[j], perm[j - 1])? {
                while j < n && less(vm, keys, perm[j], perm[j - 1])? {
                    j += 1;
                }
                perm[i..j].reverse();
            } else {
                while j < n && !less(vm, keys, perm[j], perm[j - 1])? {
                    j += 1;
                }
            }
        }
        // Extend short runs with insertion sort.
        let end = (i + MIN_RUN).min(n).max(j);
        for k in j..end {
            let x = perm[k];
            let mut m = k;
            while m > i && less(vm, keys, x, perm[m - 1])? {
                perm[m] = perm[m - 1];
                m -= 1;
            }
            perm[m] = x;
        }
        runs.push((i, end));
        i = end;
    }
    // 2. Merge runs pairwise until one remains.
    let mut buf: Vec<usize> = Vec::with_capacity(n);
    while runs.len() > 1 {
        let mut merged = Vec::with_capacity(runs.len() / 2 + 1);
        let mut r = 0;
        while r + 1 < runs.len() {
            let (a0, a1) = runs[r];
            let (_, b1) = runs[r + 1];
            buf.clear();
            let (mut p, mut q) = (a0, a1);
            while p < a1 && q < b1 {
                if less(vm, keys, perm[q], perm[p])? {
                    buf.push(perm[q]);
                    q += 1;
                } else {
                    buf.push(perm[p]);
                    p += 1;
                }
            }
            buf.extend_from_slice(&perm[p..a1]);
            buf.extend_from_slice(&perm[q..b1]);
            perm[a0..b1].copy_from_slice(&buf);
            merged.push((a0, b1));
            r += 2;
        }
        if r < runs.len() {
            merged.push(runs[r]);
        }
        runs = merged;
    }
    Ok(())
}
