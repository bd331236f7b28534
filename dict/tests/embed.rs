//! The embedder contract: fallible equality, re-entrant equality that mutates the table,
//! cursors under mutation, and panics in user code.

use std::cell::{Cell, RefCell};
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use tern_dict::embed::{CursorError, ProbeError, ProbeStep};
use tern_dict::{CompactDict, EntryIndex, RawDict};

/// Five keys under one hash, then others.
fn colliding() -> RawDict<u32, &'static str> {
    let mut d = RawDict::new();
    for (k, v) in [(1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e")] {
        d.insert(7, k, v, |a, b| a == b);
    }
    d.insert(8, 6, "f", |a, b| a == b);
    d
}

fn snapshot<K: Clone, V: Clone>(d: &RawDict<K, V>) -> Vec<(K, V)> {
    d.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

#[test]
fn error_in_the_middle_of_a_probe_is_returned_unchanged() {
    let mut d = colliding();
    let before = snapshot(&d);
    let version = d.version();
    #[derive(Debug, PartialEq)]
    struct Boom(u32);

    // The second comparison fails: the lookup stops there with that exact error.
    let mut calls = 0;
    let r = d.try_find(7, |k| {
        calls += 1;
        if calls == 2 { Err(Boom(*k)) } else { Ok(false) }
    });
    assert_eq!(r, Err(Boom(2)));
    assert_eq!(calls, 2);

    let mut calls = 0;
    let r = d.try_insert(7, 42, "new", |_, stored| {
        calls += 1;
        if calls == 3 {
            Err(Boom(*stored))
        } else {
            Ok(false)
        }
    });
    assert_eq!(r.unwrap_err(), Boom(3));

    let mut calls = 0;
    let r = d.try_remove(7, |k| {
        calls += 1;
        if calls == 4 { Err(Boom(*k)) } else { Ok(false) }
    });
    assert_eq!(r, Err(Boom(4)));

    let r = d.try_entry(7, |k| if *k == 5 { Err(Boom(5)) } else { Ok(false) });
    assert!(matches!(r, Err(Boom(5))));

    // Nothing changed, not even the version.
    assert_eq!(snapshot(&d), before);
    assert_eq!(d.version(), version);
    d.check_invariants().unwrap();
    // And the table still answers correctly afterwards.
    assert_eq!(
        d.try_find::<Boom>(7, |k| Ok(*k == 4)).unwrap(),
        d.find(7, |k| *k == 4)
    );
    assert_eq!(d.get(7, |k| *k == 4), Some((&4, &"d")));
}

#[test]
fn equal_by_callback_but_different_hash_is_a_different_key() {
    let mut d = colliding();
    let mut calls = 0;
    // Every key is "equal", but nothing is stored under hash 9: no comparison happens.
    assert_eq!(
        d.try_find::<()>(9, |_| {
            calls += 1;
            Ok(true)
        }),
        Ok(None)
    );
    assert_eq!(calls, 0);
    let (at, old) = d.insert(9, 1, "one again", |_, _| true);
    assert_eq!(old, None);
    assert_eq!(d.len(), 7);
    assert_eq!(d.entry_at(at), Some((&1, &"one again")));
    // Under hash 7 the first candidate in the probe order wins for an always-true callback.
    assert_eq!(d.get(7, |_| true), Some((&1, &"a")));
    assert_eq!(d.remove(9, |_| true), Some((1, "one again")));
    assert_eq!(d.get(7, |k| *k == 1), Some((&1, &"a")));
}

/// A tiny runtime: keys are objects whose equality is user code that may mutate the dict.
struct Obj {
    id: u32,
    hash: u64,
}

type Key = Rc<Obj>;
type Dict = RefCell<RawDict<Key, u32>>;

fn obj(id: u32, hash: u64) -> Key {
    Rc::new(Obj { id, hash })
}

/// The lookup protocol of the `embed` module documentation; counts restarts.
fn lookup(
    dict: &Dict,
    key: &Key,
    restarts: &Cell<u32>,
    user_eq: &mut dyn FnMut(&Dict, &Key, &Key) -> Result<bool, String>,
) -> Result<(tern_dict::embed::Probe, Option<EntryIndex>), String> {
    'restart: loop {
        let mut probe = dict.borrow().probe(key.hash);
        loop {
            let step = dict.borrow().probe_next(&mut probe);
            let step = match step {
                Ok(s) => s,
                Err(ProbeError::Stale) => {
                    restarts.set(restarts.get() + 1);
                    continue 'restart;
                }
                Err(e) => return Err(e.to_string()),
            };
            let ProbeStep::Candidate(at) = step else {
                return Ok((probe, None));
            };
            let stored = Rc::clone(dict.borrow().entry_at(at).expect("live").0);
            if Rc::ptr_eq(&stored, key) {
                return Ok((probe, Some(at)));
            }
            let equal = user_eq(dict, &stored, key)?;
            if dict.borrow().version() != probe.version() {
                restarts.set(restarts.get() + 1);
                continue 'restart;
            }
            if equal {
                return Ok((probe, Some(at)));
            }
        }
    }
}

/// `dict[key] = value` with re-entrant equality.
fn setitem(
    dict: &Dict,
    key: Key,
    value: u32,
    restarts: &Cell<u32>,
    user_eq: &mut dyn FnMut(&Dict, &Key, &Key) -> Result<bool, String>,
) -> Result<(), String> {
    loop {
        let (probe, found) = lookup(dict, &key, restarts, user_eq)?;
        let mut d = dict.borrow_mut();
        let done = match found {
            Some(_) => d.candidate_mut(&probe).map(|(_, v)| *v = value).is_ok(),
            None => d.insert_probed(&probe, Rc::clone(&key), value).is_ok(),
        };
        if done {
            return Ok(());
        }
        restarts.set(restarts.get() + 1);
    }
}

fn ids(dict: &Dict) -> Vec<(u32, u32)> {
    dict.borrow().iter().map(|(k, v)| (k.id, *v)).collect()
}

#[test]
fn reentrant_eq_that_inserts_forces_a_restart() {
    let dict: Dict = RefCell::new(RawDict::new());
    let a = obj(1, 5);
    let b = obj(2, 5);
    let restarts = Cell::new(0);
    let mut no_eq = |_: &Dict, x: &Key, y: &Key| Ok(x.id == y.id);
    setitem(&dict, Rc::clone(&a), 10, &restarts, &mut no_eq).unwrap();
    setitem(&dict, Rc::clone(&b), 20, &restarts, &mut no_eq).unwrap();
    assert_eq!(restarts.get(), 0);

    // Look up a fresh object equal to `b`; the first comparison inserts a new key.
    let b2 = obj(2, 5);
    let mut first = true;
    let mut eq = |d: &Dict, x: &Key, y: &Key| {
        if std::mem::take(&mut first) {
            let c = obj(3, 99);
            d.borrow_mut().insert(c.hash, c, 30, |p, q| p.id == q.id);
        }
        Ok(x.id == y.id)
    };
    let (_, found) = lookup(&dict, &b2, &restarts, &mut eq).unwrap();
    assert_eq!(restarts.get(), 1, "the mutation was detected once");
    let at = found.expect("b is present");
    assert_eq!(
        dict.borrow().entry_at(at).map(|(k, v)| (k.id, *v)),
        Some((2, 20))
    );
    assert_eq!(ids(&dict), vec![(1, 10), (2, 20), (3, 30)]);
}

#[test]
fn reentrant_eq_that_removes_the_candidate() {
    let dict: Dict = RefCell::new(RawDict::new());
    let restarts = Cell::new(0);
    let mut plain = |_: &Dict, x: &Key, y: &Key| Ok(x.id == y.id);
    for id in 1..=3 {
        setitem(&dict, obj(id, 5), id * 10, &restarts, &mut plain).unwrap();
    }
    // `d[obj 2'] = 99` where comparing removes the stored key 2 itself.
    let mut eq = |d: &Dict, stored: &Key, key: &Key| {
        if stored.id == 2 {
            d.borrow_mut().remove(stored.hash, |k| k.id == 2);
        }
        Ok(stored.id == key.id)
    };
    setitem(&dict, obj(2, 5), 99, &restarts, &mut eq).unwrap();
    assert_eq!(restarts.get(), 1);
    // Key 2 was removed during the comparison, so the assignment re-inserts it at the end.
    assert_eq!(ids(&dict), vec![(1, 10), (3, 30), (2, 99)]);
    dict.borrow().check_invariants().unwrap();
}

#[test]
fn reentrant_eq_that_clears_then_fails() {
    let dict: Dict = RefCell::new(RawDict::new());
    let restarts = Cell::new(0);
    let mut plain = |_: &Dict, x: &Key, y: &Key| Ok(x.id == y.id);
    for id in 1..=4 {
        setitem(&dict, obj(id, 1), id, &restarts, &mut plain).unwrap();
    }
    let mut eq = |d: &Dict, _: &Key, _: &Key| {
        d.borrow_mut().clear();
        Ok(false)
    };
    let (_, found) = lookup(&dict, &obj(9, 1), &restarts, &mut eq).unwrap();
    assert_eq!(found, None);
    assert_eq!(restarts.get(), 1);
    assert!(dict.borrow().is_empty());

    for id in 1..=4 {
        setitem(&dict, obj(id, 1), id, &restarts, &mut plain).unwrap();
    }
    let before = ids(&dict);
    let mut failing = |_: &Dict, stored: &Key, _: &Key| {
        if stored.id == 3 {
            Err("TypeError in __eq__".to_string())
        } else {
            Ok(false)
        }
    };
    let r = setitem(&dict, obj(7, 1), 70, &restarts, &mut failing);
    assert_eq!(r, Err("TypeError in __eq__".to_string()));
    assert_eq!(ids(&dict), before, "a failed assignment changes nothing");
}

#[test]
fn probes_and_cursors_from_another_table_are_rejected() {
    let a = colliding();
    let mut b: RawDict<u32, &str> = RawDict::new();
    for k in 0..6 {
        b.insert(u64::from(k) * 1000, k, "x", |x, y| x == y);
    }
    // Same number of mutations, but distinct table identities.
    assert_ne!(a.version(), b.version());
    let mut p = a.probe(7);
    for _ in 0..3 {
        assert!(matches!(a.probe_next(&mut p), Ok(ProbeStep::Candidate(_))));
    }
    let before = snapshot(&b);
    assert_eq!(b.probe_next(&mut p.clone()), Err(ProbeError::Stale));
    assert_eq!(b.candidate_mut(&p).unwrap_err(), ProbeError::Stale);
    assert_eq!(b.remove_probed(&p), Err(ProbeError::Stale));
    assert_eq!(snapshot(&b), before);
    let mut c = a.cursor();
    assert_eq!(c.next(&b), Err(CursorError::KeysChanged));
    // A clone is another table too.
    let a2 = a.clone();
    assert_ne!(a2.version(), a.version());
    b.check_invariants().unwrap();
}

#[test]
fn cursor_reports_python_errors() {
    let mut d = RawDict::new();
    for k in 0..10u32 {
        d.insert(u64::from(k), k, k, |a, b| a == b);
    }
    let mut c = d.cursor();
    let mut seen = Vec::new();
    while let Some((_, k, _)) = c.next(&d).unwrap() {
        let k = *k;
        seen.push(k);
        // Assigning to existing keys during iteration is allowed.
        *d.get_mut(u64::from(k), |x| *x == k).unwrap().1 += 100;
    }
    assert_eq!(seen, (0..10).collect::<Vec<_>>());
    assert!(d.iter().all(|(k, v)| *v == *k + 100));

    // `for k in d: del d[k]` -> size changed.
    let mut c = d.cursor();
    let (_, k, _) = c.next(&d).unwrap().unwrap();
    let k = *k;
    d.remove(u64::from(k), |x| *x == k);
    assert_eq!(c.next(&d), Err(CursorError::SizeChanged));
    assert_eq!(
        CursorError::SizeChanged.to_string(),
        "dictionary changed size during iteration"
    );

    // `for k in d: del d[k]; d[new] = ...` -> same size, keys changed.
    let mut c = d.cursor();
    let (_, k, _) = c.next(&d).unwrap().unwrap();
    let k = *k;
    d.remove(u64::from(k), |x| *x == k);
    d.insert(1000, 1000, 0, |a, b| a == b);
    assert_eq!(c.next(&d), Err(CursorError::KeysChanged));

    // Reordering is a key change for a cursor too (OrderedDict.move_to_end).
    let mut c = d.cursor_rev();
    c.next(&d).unwrap();
    let first = d.first_index().unwrap();
    d.move_to_end(first);
    assert_eq!(c.next(&d), Err(CursorError::KeysChanged));
}

#[test]
fn gc_can_move_every_key_and_value() {
    // Keys are "handles" (an address and a stable identity hash); the GC moves objects.
    #[derive(Clone, Copy, Debug, PartialEq)]
    struct Handle {
        addr: usize,
        id: u64,
    }
    let mut d: RawDict<Handle, Handle> = RawDict::new();
    for id in 0..500u64 {
        let h = Handle {
            addr: id as usize * 16,
            id,
        };
        d.insert(id, h, h, |a, b| a.id == b.id);
    }
    for id in (0..500u64).step_by(3) {
        d.remove(id, |k| k.id == id);
    }
    let version = d.version();
    let mut cursor = d.cursor();
    cursor.next(&d).unwrap();
    d.for_each_entry_mut(|k, v| {
        k.addr += 1 << 20;
        v.addr += 1 << 20;
    });
    assert_eq!(d.version(), version);
    assert!(
        cursor.next(&d).unwrap().is_some(),
        "cursor survives tracing"
    );
    for id in 0..500u64 {
        let got = d.get(id, |k| k.id == id);
        if id % 3 == 0 {
            assert!(got.is_none());
        } else {
            let (k, v) = got.unwrap();
            assert_eq!(k.addr, id as usize * 16 + (1 << 20));
            assert_eq!(v.addr, k.addr);
        }
    }
    let count = d.keys_values_mut().count();
    assert_eq!(count, d.len());
}

// ----- panics in user code -----------------------------------------------------------------

thread_local! {
    static PANIC_ON_EQ: Cell<bool> = const { Cell::new(false) };
    static PANIC_ON_HASH: Cell<bool> = const { Cell::new(false) };
    static PANIC_ON_DROP: Cell<u32> = const { Cell::new(u32::MAX) };
    static DROPS: Cell<u32> = const { Cell::new(0) };
    static PANIC_ON_CLONE: Cell<u32> = const { Cell::new(u32::MAX) };
}

/// A key whose `Hash`, `Eq`, `Clone` and `Drop` panic on demand, and which counts drops.
#[derive(Debug)]
struct Touchy(u32);

impl Hash for Touchy {
    fn hash<H: Hasher>(&self, h: &mut H) {
        assert!(!PANIC_ON_HASH.get(), "hash panics");
        (self.0 % 5).hash(h);
    }
}

impl PartialEq for Touchy {
    fn eq(&self, other: &Touchy) -> bool {
        assert!(!PANIC_ON_EQ.get(), "eq panics");
        self.0 == other.0
    }
}

impl Eq for Touchy {}

impl Clone for Touchy {
    fn clone(&self) -> Touchy {
        let left = PANIC_ON_CLONE.get();
        PANIC_ON_CLONE.set(left.saturating_sub(1));
        assert!(left != 0, "clone panics");
        Touchy(self.0)
    }
}

impl Drop for Touchy {
    fn drop(&mut self) {
        DROPS.set(DROPS.get() + 1);
        let left = PANIC_ON_DROP.get();
        PANIC_ON_DROP.set(left.saturating_sub(1));
        if left == 0 {
            panic!("drop panics");
        }
    }
}

fn touchy(n: u32) -> CompactDict<Touchy, u32, RandomState> {
    let mut d = CompactDict::new();
    for k in 0..n {
        d.insert(Touchy(k), k);
    }
    d
}

fn reset() {
    PANIC_ON_EQ.set(false);
    PANIC_ON_HASH.set(false);
    PANIC_ON_DROP.set(u32::MAX);
    PANIC_ON_CLONE.set(u32::MAX);
    DROPS.set(0);
}

#[test]
fn panicking_hash_and_eq_leave_the_map_intact() {
    reset();
    let mut d = touchy(40);
    PANIC_ON_EQ.set(true);
    assert!(catch_unwind(AssertUnwindSafe(|| d.get(&Touchy(3)))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| d.insert(Touchy(8), 0))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| d.remove(&Touchy(9)))).is_err());
    PANIC_ON_EQ.set(false);
    PANIC_ON_HASH.set(true);
    assert!(catch_unwind(AssertUnwindSafe(|| d.insert(Touchy(100), 0))).is_err());
    PANIC_ON_HASH.set(false);
    d.as_raw().check_invariants().unwrap();
    assert_eq!(d.len(), 40);
    assert!((0..40).all(|k| d.get(&Touchy(k)) == Some(&k)));
    reset();
}

#[test]
fn panicking_drop_never_double_drops() {
    reset();
    let mut d = touchy(30);
    for k in (0..30).step_by(4) {
        d.remove(&Touchy(k));
    }
    DROPS.set(0);
    PANIC_ON_DROP.set(5);
    assert!(catch_unwind(AssertUnwindSafe(|| d.clear())).is_err());
    PANIC_ON_DROP.set(u32::MAX);
    assert!(d.is_empty());
    d.as_raw().check_invariants().unwrap();
    // 6 drops ran (the 6th panicked); the rest leaked, none ran twice.
    assert_eq!(DROPS.get(), 6);
    d.insert(Touchy(1), 1);
    assert_eq!(d.get(&Touchy(1)), Some(&1));
    reset();
}

#[test]
fn panicking_retain_keeps_a_consistent_map() {
    reset();
    let mut d = touchy(50);
    let mut seen = 0;
    let r = catch_unwind(AssertUnwindSafe(|| {
        d.retain(|k, _| {
            seen += 1;
            assert!(seen < 20, "predicate panics");
            k.0 % 2 == 0
        })
    }));
    assert!(r.is_err());
    d.as_raw().check_invariants().unwrap();
    // Entries 0..19 were visited (odd ones removed); the rest are untouched.
    let keys: Vec<u32> = d.keys().map(|k| k.0).collect();
    let want: Vec<u32> = (0..50).filter(|k| *k >= 19 || k % 2 == 0).collect();
    assert_eq!(keys, want);
    assert!(want.iter().all(|&k| d.get(&Touchy(k)) == Some(&k)));
    reset();
}

#[test]
fn panicking_sort_and_clone() {
    reset();
    let mut d = touchy(60);
    let mut calls = 0;
    let r = catch_unwind(AssertUnwindSafe(|| {
        d.sort_by(|a, _, b, _| {
            calls += 1;
            assert!(calls < 30, "comparison panics");
            b.0.cmp(&a.0)
        })
    }));
    assert!(r.is_err());
    d.as_raw().check_invariants().unwrap();
    assert_eq!(d.len(), 60);
    assert!((0..60).all(|k| d.get(&Touchy(k)) == Some(&k)));

    DROPS.set(0);
    PANIC_ON_CLONE.set(25);
    assert!(catch_unwind(AssertUnwindSafe(|| d.clone())).is_err());
    PANIC_ON_CLONE.set(u32::MAX);
    // The 25 completed clones were dropped once each; the original is intact.
    assert_eq!(DROPS.get(), 25);
    assert_eq!(d.len(), 60);
    d.as_raw().check_invariants().unwrap();
    reset();
}

#[test]
fn raw_hashes_match_the_map_hasher() {
    let mut d: CompactDict<String, u32> = CompactDict::new();
    d.insert("x".into(), 1);
    let h = d.hasher().hash_one("x");
    assert_eq!(h, d.hash_of("x"));
    assert_eq!(d.as_raw().iter_hashed().next().map(|(h, _, _)| h), Some(h));
    let raw = d.as_raw_mut();
    raw.insert(h, "x".into(), 2, |a, b| a == b);
    assert_eq!(d.get("x"), Some(&2));
}
