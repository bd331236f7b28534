//! Model-based property tests: random operation sequences are applied to the tables and to
//! a plain `Vec` of pairs in insertion order (the obviously correct reference); after every
//! step the results, the contents *in order*, every lookup and the internal invariants must
//! agree.
//!
//! `TERN_DICT_QC_TESTS` sets the number of random sequences per property (default 300, 8
//! under Miri).

use std::collections::hash_map::{DefaultHasher, RandomState};
use std::hash::{BuildHasher, Hasher};

use quickcheck::{Arbitrary, Gen, QuickCheck};
use tern_dict::embed::ProbeStep;
use tern_dict::{CompactDict, CompactSet, EntryIndex, IndexWidth, RawDict};

/// A checker: `TERN_DICT_QC_TESTS` sequences; shorter sequences under Miri.
fn qc() -> QuickCheck {
    let size = if cfg!(miri) { 24 } else { 100 };
    QuickCheck::new().tests(tests()).rng(Gen::new(size))
}

fn tests() -> u64 {
    std::env::var("TERN_DICT_QC_TESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if cfg!(miri) { 8 } else { 300 })
}

/// A hasher with only 8 distinct outputs: every probe sequence is a collision chain.
#[derive(Clone, Default)]
struct FewHashes;

struct FewHasher(DefaultHasher);

impl Hasher for FewHasher {
    fn finish(&self) -> u64 {
        self.0.finish() % 8
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes)
    }
}

impl BuildHasher for FewHashes {
    type Hasher = FewHasher;
    fn build_hasher(&self) -> FewHasher {
        FewHasher(DefaultHasher::new())
    }
}

/// Identity hashing of integers, like Python's `hash(int)`: sequential, structured hashes.
#[derive(Clone, Default)]
struct Identity;

struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u16(&mut self, n: u16) {
        // Multiples of 1024: the low bits carry nothing, the worst case for masking.
        self.0 = u64::from(n) << 10;
    }
}

impl BuildHasher for Identity {
    type Hasher = IdentityHasher;
    fn build_hasher(&self) -> IdentityHasher {
        IdentityHasher(0)
    }
}

#[derive(Clone, Debug)]
enum Op {
    Insert(u16, u32),
    InsertRun(u16, u8),
    Remove(u16),
    RemoveRun(u16, u8),
    Get(u16),
    PopLast,
    PopFirst,
    MoveToEnd(u16),
    MoveToFront(u16),
    Retain(u8),
    Clear,
    EntryAdd(u16, u32),
    RemoveIndex(u16),
    GetIndex(u16),
    ShrinkToFit,
    Reserve(u8),
    Compact,
    SortKeys,
    Reverse,
    Clone,
    Drain,
}

fn key(g: &mut Gen) -> u16 {
    u16::arbitrary(g) % 400
}

impl Arbitrary for Op {
    fn arbitrary(g: &mut Gen) -> Op {
        match u8::arbitrary(g) % 40 {
            0..=9 => Op::Insert(key(g), u32::arbitrary(g)),
            10 => Op::InsertRun(key(g), u8::arbitrary(g)),
            11..=16 => Op::Remove(key(g)),
            17 => Op::RemoveRun(key(g), u8::arbitrary(g)),
            18..=20 => Op::Get(key(g)),
            21 => Op::PopLast,
            22 => Op::PopFirst,
            23 | 24 => Op::MoveToEnd(key(g)),
            25 | 26 => Op::MoveToFront(key(g)),
            27 => Op::Retain(u8::arbitrary(g)),
            28 => {
                if u8::arbitrary(g) % 4 == 0 {
                    Op::Clear
                } else {
                    Op::Get(key(g))
                }
            }
            29 | 30 => Op::EntryAdd(key(g), u32::arbitrary(g)),
            31 => Op::RemoveIndex(u16::arbitrary(g)),
            32 => Op::GetIndex(u16::arbitrary(g)),
            33 => Op::ShrinkToFit,
            34 => Op::Reserve(u8::arbitrary(g)),
            35 => Op::Compact,
            36 => Op::SortKeys,
            37 => Op::Reverse,
            38 => Op::Clone,
            _ => {
                if u8::arbitrary(g) % 4 == 0 {
                    Op::Drain
                } else {
                    Op::PopLast
                }
            }
        }
    }
}

type Model = Vec<(u16, u32)>;

fn pos(model: &Model, k: u16) -> Option<usize> {
    model.iter().position(|&(mk, _)| mk == k)
}

fn keep(m: u8, k: u16, v: u32) -> bool {
    !u32::from(k)
        .wrapping_add(v)
        .is_multiple_of(u32::from(m % 5) + 2)
}

/// Applies `op` to both; returns a description of the first disagreement.
fn step<S: BuildHasher + Clone>(
    d: &mut CompactDict<u16, u32, S>,
    model: &mut Model,
    op: &Op,
) -> Result<(), String> {
    let agree = |what: &str, got: String, want: String| {
        if got == want {
            Ok(())
        } else {
            Err(format!("{what}: got {got}, model {want}"))
        }
    };
    match *op {
        Op::Insert(k, v) => {
            let want = match pos(model, k) {
                Some(i) => Some(std::mem::replace(&mut model[i].1, v)),
                None => {
                    model.push((k, v));
                    None
                }
            };
            agree(
                "insert",
                format!("{:?}", d.insert(k, v)),
                format!("{want:?}"),
            )?;
        }
        Op::InsertRun(start, n) => {
            for k in start..start.saturating_add(u16::from(n)) {
                d.insert(k, u32::from(k));
                match pos(model, k) {
                    Some(i) => model[i].1 = u32::from(k),
                    None => model.push((k, u32::from(k))),
                }
            }
        }
        Op::Remove(k) => {
            let want = pos(model, k).map(|i| model.remove(i).1);
            agree("remove", format!("{:?}", d.remove(&k)), format!("{want:?}"))?;
        }
        Op::RemoveRun(start, n) => {
            for k in start..start.saturating_add(u16::from(n)) {
                let want = pos(model, k).map(|i| model.remove(i));
                agree(
                    "remove_entry",
                    format!("{:?}", d.remove_entry(&k)),
                    format!("{want:?}"),
                )?;
            }
        }
        Op::Get(k) => {
            let want = pos(model, k).map(|i| model[i].1);
            agree(
                "get",
                format!("{:?}", d.get(&k)),
                format!("{:?}", want.as_ref()),
            )?;
        }
        Op::PopLast => {
            let want = model.pop();
            agree(
                "pop_last",
                format!("{:?}", d.pop_last()),
                format!("{want:?}"),
            )?;
        }
        Op::PopFirst => {
            let want = (!model.is_empty()).then(|| model.remove(0));
            agree(
                "pop_first",
                format!("{:?}", d.pop_first()),
                format!("{want:?}"),
            )?;
        }
        Op::MoveToEnd(k) => {
            let want = match pos(model, k) {
                Some(i) => {
                    let e = model.remove(i);
                    model.push(e);
                    true
                }
                None => false,
            };
            agree(
                "move_to_end",
                d.move_to_end(&k).to_string(),
                want.to_string(),
            )?;
        }
        Op::MoveToFront(k) => {
            let want = match pos(model, k) {
                Some(i) => {
                    let e = model.remove(i);
                    model.insert(0, e);
                    true
                }
                None => false,
            };
            agree(
                "move_to_front",
                d.move_to_front(&k).to_string(),
                want.to_string(),
            )?;
        }
        Op::Retain(m) => {
            d.retain(|&k, v| {
                *v = v.wrapping_add(1);
                keep(m, k, *v)
            });
            for e in model.iter_mut() {
                e.1 = e.1.wrapping_add(1);
            }
            model.retain(|&(k, v)| keep(m, k, v));
        }
        Op::Clear => {
            d.clear();
            model.clear();
        }
        Op::EntryAdd(k, v) => {
            let got = {
                let slot = d.entry(k).or_insert(7);
                *slot = slot.wrapping_add(v);
                *slot
            };
            let want = match pos(model, k) {
                Some(i) => {
                    model[i].1 = model[i].1.wrapping_add(v);
                    model[i].1
                }
                None => {
                    model.push((k, 7u32.wrapping_add(v)));
                    7u32.wrapping_add(v)
                }
            };
            agree("entry", got.to_string(), want.to_string())?;
        }
        Op::RemoveIndex(i) => {
            let i = usize::from(i) % (model.len() + 1);
            let want = (i < model.len()).then(|| model.remove(i));
            agree(
                "remove_index",
                format!("{:?}", d.remove_index(i)),
                format!("{want:?}"),
            )?;
        }
        Op::GetIndex(i) => {
            let i = usize::from(i) % (model.len() + 1);
            let want = model.get(i).map(|(k, v)| (k, v));
            agree(
                "get_index",
                format!("{:?}", d.get_index(i)),
                format!("{want:?}"),
            )?;
        }
        Op::ShrinkToFit => d.shrink_to_fit(),
        Op::Reserve(n) => d.reserve(usize::from(n)),
        Op::Compact => d.compact(),
        Op::SortKeys => {
            d.sort_keys();
            model.sort_by_key(|e| e.0);
        }
        Op::Reverse => {
            d.reverse();
            model.reverse();
        }
        Op::Clone => *d = d.clone(),
        Op::Drain => {
            let got: Vec<(u16, u32)> = d.drain().collect();
            agree("drain", format!("{got:?}"), format!("{model:?}"))?;
            model.clear();
        }
    }
    check_same(d, model)
}

fn check_same<S: BuildHasher>(d: &CompactDict<u16, u32, S>, model: &Model) -> Result<(), String> {
    d.as_raw().check_invariants()?;
    if d.len() != model.len() {
        return Err(format!("len {} vs model {}", d.len(), model.len()));
    }
    let got: Vec<(u16, u32)> = d.iter().map(|(k, v)| (*k, *v)).collect();
    if &got != model {
        return Err(format!("contents {got:?} vs model {model:?}"));
    }
    let back: Vec<(u16, u32)> = d.iter().rev().map(|(k, v)| (*k, *v)).collect();
    if back.iter().rev().ne(model.iter()) {
        return Err("reverse iteration differs".into());
    }
    for (i, &(k, v)) in model.iter().enumerate() {
        if d.get(&k) != Some(&v) || d.get_index_of(&k) != Some(i) {
            return Err(format!("lookup of {k} (position {i}) failed"));
        }
    }
    for k in [700u16, 999, 40_000, u16::MAX] {
        if d.contains_key(&k) {
            return Err(format!("absent key {k} found"));
        }
    }
    Ok(())
}

fn run_model<S: BuildHasher + Clone>(mut d: CompactDict<u16, u32, S>, ops: &[Op]) -> bool {
    let mut model = Model::new();
    for (n, op) in ops.iter().enumerate() {
        if let Err(e) = step(&mut d, &mut model, op) {
            eprintln!("step {n} ({op:?}): {e}");
            return false;
        }
    }
    true
}

#[test]
fn model_default_hasher() {
    fn prop(ops: Vec<Op>) -> bool {
        run_model(CompactDict::<u16, u32, RandomState>::default(), &ops)
    }
    qc().quickcheck(prop as fn(Vec<Op>) -> bool);
}

#[test]
fn model_colliding_hasher() {
    fn prop(ops: Vec<Op>) -> bool {
        run_model(CompactDict::with_hasher(FewHashes), &ops)
    }
    qc().quickcheck(prop as fn(Vec<Op>) -> bool);
}

#[test]
fn model_identity_hasher_every_width() {
    fn prop(ops: Vec<Op>, width: u8) -> bool {
        let mut d = CompactDict::with_hasher(Identity);
        let width = [
            IndexWidth::U8,
            IndexWidth::U16,
            IndexWidth::U32,
            IndexWidth::U64,
        ][usize::from(width % 4)];
        d.as_raw_mut().set_min_index_width(width);
        run_model(d, &ops)
    }
    qc().quickcheck(prop as fn(Vec<Op>, u8) -> bool);
}

/// Operations of the raw, embedder-facing API with a comparison that may fail.
#[derive(Clone, Debug)]
enum RawOp {
    TryInsert(u16, u32),
    TryRemove(u16),
    TryFind(u16),
    ProbeInsert(u16, u32),
    ProbeRemove(u16),
    RemoveAt(u16),
    PopLast,
}

impl Arbitrary for RawOp {
    fn arbitrary(g: &mut Gen) -> RawOp {
        let k = u16::arbitrary(g) % 64;
        match u8::arbitrary(g) % 9 {
            0 | 1 => RawOp::TryInsert(k, u32::arbitrary(g)),
            2 => RawOp::TryRemove(k),
            3 => RawOp::TryFind(k),
            4 | 5 => RawOp::ProbeInsert(k, u32::arbitrary(g)),
            6 => RawOp::ProbeRemove(k),
            7 => RawOp::RemoveAt(u16::arbitrary(g)),
            _ => RawOp::PopLast,
        }
    }
}

/// The runtime's hash: deliberately weak (13 values).
fn raw_hash(k: u16) -> u64 {
    u64::from(k % 13)
}

/// A comparison that fails on every `period`-th call (0: never).
struct Flaky {
    calls: u32,
    period: u32,
}

impl Flaky {
    fn eq(&mut self, a: u16, b: u16) -> Result<bool, String> {
        self.calls += 1;
        if self.period != 0 && self.calls.is_multiple_of(self.period) {
            Err(format!("comparison {} failed", self.calls))
        } else {
            Ok(a == b)
        }
    }
}

/// The step-wise lookup protocol (no re-entrancy here: exercised in tests/embed.rs).
fn probe_find(
    d: &RawDict<u16, u32>,
    k: u16,
    flaky: &mut Flaky,
) -> Result<(tern_dict::embed::Probe, Option<EntryIndex>), String> {
    let mut p = d.probe(raw_hash(k));
    loop {
        match d.probe_next(&mut p).map_err(|e| e.to_string())? {
            ProbeStep::Absent => return Ok((p, None)),
            ProbeStep::Candidate(at) => {
                let stored = *d.entry_at(at).ok_or("candidate is not live")?.0;
                if flaky.eq(stored, k)? {
                    return Ok((p, Some(at)));
                }
            }
        }
    }
}

fn raw_step(
    d: &mut RawDict<u16, u32>,
    model: &mut Model,
    op: &RawOp,
    flaky: &mut Flaky,
) -> Result<(), String> {
    let before: Model = d.iter().map(|(k, v)| (*k, *v)).collect();
    let version = d.version();
    let outcome: Result<(), String> = match *op {
        RawOp::TryInsert(k, v) => d
            .try_insert(raw_hash(k), k, v, |a, b| flaky.eq(*a, *b))
            .map(|(_, old)| {
                let want = match pos(model, k) {
                    Some(i) => Some(std::mem::replace(&mut model[i].1, v)),
                    None => {
                        model.push((k, v));
                        None
                    }
                };
                assert_eq!(old, want, "try_insert result");
            }),
        RawOp::TryRemove(k) => d.try_remove(raw_hash(k), |s| flaky.eq(*s, k)).map(|got| {
            let want = pos(model, k).map(|i| model.remove(i));
            assert_eq!(got, want, "try_remove result");
        }),
        RawOp::TryFind(k) => d.try_find(raw_hash(k), |s| flaky.eq(*s, k)).map(|got| {
            let got = got.and_then(|at| d.entry_at(at)).map(|(k, v)| (*k, *v));
            assert_eq!(got, pos(model, k).map(|i| model[i]), "try_find result");
        }),
        RawOp::ProbeInsert(k, v) => probe_find(d, k, flaky).map(|(p, found)| {
            match found {
                Some(_) => *d.candidate_mut(&p).expect("fresh probe").1 = v,
                None => {
                    d.insert_probed(&p, k, v).expect("fresh probe");
                }
            }
            match pos(model, k) {
                Some(i) => model[i].1 = v,
                None => model.push((k, v)),
            }
        }),
        RawOp::ProbeRemove(k) => probe_find(d, k, flaky).map(|(p, found)| {
            let got = found.map(|_| d.remove_probed(&p).expect("fresh probe"));
            assert_eq!(got, pos(model, k).map(|i| model.remove(i)), "remove_probed");
        }),
        RawOp::RemoveAt(i) => {
            let at = EntryIndex::new(usize::from(i) % (d.index_bound() + 1));
            let want = d.entry_at(at).map(|(k, _)| pos(model, *k).unwrap());
            let got = d.remove_at(at);
            assert_eq!(got, want.map(|i| model.remove(i)), "remove_at");
            Ok(())
        }
        RawOp::PopLast => {
            assert_eq!(d.pop_last(), model.pop(), "pop_last");
            Ok(())
        }
    };
    if outcome.is_err() {
        // A failed comparison must leave the table exactly as it was.
        let after: Model = d.iter().map(|(k, v)| (*k, *v)).collect();
        if after != before || d.version() != version {
            return Err(format!("failed {op:?} changed the table"));
        }
    }
    d.check_invariants()?;
    let got: Model = d.iter().map(|(k, v)| (*k, *v)).collect();
    if &got != model {
        return Err(format!("contents {got:?} vs model {model:?}"));
    }
    Ok(())
}

#[test]
fn model_raw_fallible_and_probes() {
    fn prop(ops: Vec<RawOp>, period: u8) -> bool {
        let mut d = RawDict::new();
        let mut model = Model::new();
        let mut flaky = Flaky {
            calls: 0,
            period: u32::from(period % 6),
        };
        for (n, op) in ops.iter().enumerate() {
            if let Err(e) = raw_step(&mut d, &mut model, op, &mut flaky) {
                eprintln!("step {n} ({op:?}): {e}");
                return false;
            }
        }
        true
    }
    qc().quickcheck(prop as fn(Vec<RawOp>, u8) -> bool);
}

#[test]
fn model_set_algebra() {
    fn prop(a: Vec<u8>, b: Vec<u8>, removals: Vec<u8>) -> bool {
        let mut sa: CompactSet<u8> = a.iter().copied().collect();
        let sb: CompactSet<u8> = b.iter().copied().collect();
        let mut ma: Vec<u8> = Vec::new();
        for x in &a {
            if !ma.contains(x) {
                ma.push(*x);
            }
        }
        for r in &removals {
            assert_eq!(sa.remove(r), ma.contains(r));
            ma.retain(|x| x != r);
        }
        let mut mb: Vec<u8> = Vec::new();
        for x in &b {
            if !mb.contains(x) {
                mb.push(*x);
            }
        }
        let inter: Vec<u8> = ma.iter().copied().filter(|x| mb.contains(x)).collect();
        let diff: Vec<u8> = ma.iter().copied().filter(|x| !mb.contains(x)).collect();
        let rdiff: Vec<u8> = mb.iter().copied().filter(|x| !ma.contains(x)).collect();
        let union: Vec<u8> = ma.iter().chain(rdiff.iter()).copied().collect();
        let sym: Vec<u8> = diff.iter().chain(rdiff.iter()).copied().collect();
        sa.iter().copied().eq(ma.iter().copied())
            && sa.intersection(&sb).copied().eq(inter.iter().copied())
            && sa.difference(&sb).copied().eq(diff.iter().copied())
            && sa.union(&sb).copied().eq(union.iter().copied())
            && sa
                .symmetric_difference(&sb)
                .copied()
                .eq(sym.iter().copied())
            && (&sa | &sb).into_iter().eq(union.iter().copied())
            && (&sa & &sb).into_iter().eq(inter.iter().copied())
            && (&sa - &sb).into_iter().eq(diff.iter().copied())
            && (&sa ^ &sb).into_iter().eq(sym.iter().copied())
            && sa.is_disjoint(&sb) == inter.is_empty()
            && sa.is_subset(&sb) == diff.is_empty()
            && sa.is_superset(&sb) == rdiff.is_empty()
            && (sa == sb) == (diff.is_empty() && rdiff.is_empty())
    }
    qc().quickcheck(prop as fn(Vec<u8>, Vec<u8>, Vec<u8>) -> bool);
}
