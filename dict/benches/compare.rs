//! tern-dict against `std::collections::HashMap`, `hashbrown::HashMap` and
//! `indexmap::IndexMap`, side by side in one run.
//!
//! Fairness: every contender uses the same hasher, `foldhash::fast::FixedState` with one
//! fixed seed (hashbrown's own default family), so the numbers compare tables, not hash
//! functions. Keys are pseudo-random `u64`s and short `String`s (13 to 14 bytes, heap
//! allocated); values are `u64`.
//!
//! Groups are `<operation>/<key type>/<N>` with one benchmark per contender:
//! * `build`: insert N fresh keys into an empty table (key vector prepared outside timing;
//!   the table is dropped outside timing);
//! * `lookup_hit` / `lookup_miss`: N lookups of present / absent keys in shuffled order;
//! * `iterate`: sum the values of all N entries;
//! * `churn`: remove the oldest key and insert a new one (a rolling window of N keys), one
//!   pair per iteration, on a table in its steady state. `indexmap` uses `swap_remove` (its
//!   O(1) removal, which does not preserve order); `indexmap_shift` uses order-preserving
//!   `shift_remove` (O(N), so only up to N = 10 000). tern's removal preserves order.
//!
//! Run: `cargo bench -p tern-dict --bench compare -- --warm-up-time 1 --measurement-time 2`

use std::hash::Hash;
use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main,
};
use foldhash::fast::FixedState;

const SEED: u64 = 0x5eed_7e57;

fn hasher() -> FixedState {
    FixedState::with_seed(SEED)
}

/// The operations benchmarked, over every contender.
trait Table<K>: Sized {
    fn empty() -> Self;
    fn put(&mut self, k: K, v: u64);
    fn find(&self, k: &K) -> Option<&u64>;
    fn take(&mut self, k: &K) -> Option<(K, u64)>;
    fn sum(&self) -> u64;
}

macro_rules! table {
    ($ty:ty, $take:ident) => {
        impl<K: Hash + Eq> Table<K> for $ty {
            fn empty() -> Self {
                <$ty>::with_hasher(hasher())
            }
            #[inline]
            fn put(&mut self, k: K, v: u64) {
                self.insert(k, v);
            }
            #[inline]
            fn find(&self, k: &K) -> Option<&u64> {
                self.get(k)
            }
            #[inline]
            fn take(&mut self, k: &K) -> Option<(K, u64)> {
                self.$take(k)
            }
            fn sum(&self) -> u64 {
                self.values().fold(0u64, |a, v| a.wrapping_add(*v))
            }
        }
    };
}

type Tern<K> = tern_dict::CompactDict<K, u64, FixedState>;
type IndexMap<K> = indexmap::IndexMap<K, u64, FixedState>;
type Brown<K> = hashbrown::HashMap<K, u64, FixedState>;
type Std<K> = std::collections::HashMap<K, u64, FixedState>;

/// `IndexMap` with order-preserving (`shift_remove`) removal.
struct IndexShift<K>(IndexMap<K>);

table!(Tern<K>, remove_entry);
table!(IndexMap<K>, swap_remove_entry);
table!(Brown<K>, remove_entry);
table!(Std<K>, remove_entry);

impl<K: Hash + Eq> Table<K> for IndexShift<K> {
    fn empty() -> Self {
        IndexShift(IndexMap::with_hasher(hasher()))
    }
    fn put(&mut self, k: K, v: u64) {
        self.0.insert(k, v);
    }
    fn find(&self, k: &K) -> Option<&u64> {
        self.0.get(k)
    }
    fn take(&mut self, k: &K) -> Option<(K, u64)> {
        self.0.shift_remove_entry(k)
    }
    fn sum(&self) -> u64 {
        self.0.values().fold(0u64, |a, v| a.wrapping_add(*v))
    }
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Key types under test.
trait BenchKey: Hash + Eq + Clone {
    const NAME: &'static str;
    fn make(r: u64) -> Self;
}

impl BenchKey for u64 {
    const NAME: &'static str = "u64";
    fn make(r: u64) -> u64 {
        r
    }
}

impl BenchKey for String {
    const NAME: &'static str = "string";
    fn make(r: u64) -> String {
        format!("k{:012x}", r & 0xffff_ffff_ffff)
    }
}

/// `n` distinct keys from stream `stream`.
fn keys<K: BenchKey>(n: usize, stream: u64) -> Vec<K> {
    let mut state = SEED ^ stream.wrapping_mul(0x1234_5678_9abc_def1);
    let mut seen = std::collections::HashSet::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let r = splitmix(&mut state);
        if seen.insert(r & 0xffff_ffff_ffff) {
            out.push(K::make(r));
        }
    }
    out
}

fn shuffled<K: Clone>(v: &[K], stream: u64) -> Vec<K> {
    let mut out = v.to_vec();
    let mut state = stream;
    for i in (1..out.len()).rev() {
        let j = (splitmix(&mut state) % (i as u64 + 1)) as usize;
        out.swap(i, j);
    }
    out
}

fn built<K: BenchKey, T: Table<K>>(ks: &[K]) -> T {
    let mut t = T::empty();
    for (i, k) in ks.iter().enumerate() {
        t.put(k.clone(), i as u64);
    }
    t
}

const SIZES: [usize; 4] = [10, 100, 10_000, 1_000_000];

fn group<'a>(c: &'a mut Criterion, op: &str, key: &str, n: usize) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(format!("{op}/{key}/{n}"));
    if n >= 1_000_000 {
        g.sample_size(10);
    }
    g
}

fn bench_build<K: BenchKey, T: Table<K>>(g: &mut BenchmarkGroup<WallTime>, name: &str, ks: &[K]) {
    g.bench_function(name, |b| {
        b.iter_batched(
            || ks.to_vec(),
            |ks| {
                let mut t = T::empty();
                for (i, k) in ks.into_iter().enumerate() {
                    t.put(k, i as u64);
                }
                t
            },
            BatchSize::LargeInput,
        )
    });
}

fn bench_lookup<K: BenchKey, T: Table<K>>(
    g: &mut BenchmarkGroup<WallTime>,
    name: &str,
    t: &T,
    probes: &[K],
) {
    g.bench_function(name, |b| {
        b.iter(|| {
            let mut found = 0u64;
            for k in probes {
                if let Some(v) = t.find(black_box(k)) {
                    found = found.wrapping_add(*v);
                }
            }
            found
        })
    });
}

fn bench_iterate<K: BenchKey, T: Table<K>>(g: &mut BenchmarkGroup<WallTime>, name: &str, t: &T) {
    g.bench_function(name, |b| b.iter(|| black_box(t).sum()));
}

/// Rolling window: the table holds `ring[i .. i + n]` (mod 2n); each step removes `ring[i]`
/// and inserts `ring[i + n]`. Owned keys circulate between the table and `spare`.
fn bench_churn<K: BenchKey, T: Table<K>>(g: &mut BenchmarkGroup<WallTime>, name: &str, n: usize) {
    let ring: Vec<K> = keys(2 * n, 7);
    let mut t: T = built(&ring[..n]);
    let mut spare: Vec<Option<K>> = ring.iter().cloned().map(Some).collect();
    for s in &mut spare[..n] {
        *s = None;
    }
    let mut i = 0usize;
    g.bench_function(name, |b| {
        b.iter(|| {
            let old = i % (2 * n);
            let new = (i + n) % (2 * n);
            let (k, _) = t.take(&ring[old]).expect("window key present");
            spare[old] = Some(k);
            let k = spare[new].take().expect("spare key available");
            t.put(k, i as u64);
            i += 1;
        })
    });
}

fn run_for_key<K: BenchKey>(c: &mut Criterion) {
    for &n in &SIZES {
        let ks: Vec<K> = keys(n, 1);
        let hits = shuffled(&ks, 2);
        let misses: Vec<K> = keys::<K>(n, 3);

        let mut g = group(c, "build", K::NAME, n);
        g.throughput(Throughput::Elements(n as u64));
        bench_build::<K, Tern<K>>(&mut g, "tern", &ks);
        bench_build::<K, IndexMap<K>>(&mut g, "indexmap", &ks);
        bench_build::<K, Brown<K>>(&mut g, "hashbrown", &ks);
        bench_build::<K, Std<K>>(&mut g, "std", &ks);
        g.finish();

        let tern: Tern<K> = built(&ks);
        let index: IndexMap<K> = built(&ks);
        let brown: Brown<K> = built(&ks);
        let std: Std<K> = built(&ks);
        for (op, probes) in [("lookup_hit", &hits), ("lookup_miss", &misses)] {
            let mut g = group(c, op, K::NAME, n);
            g.throughput(Throughput::Elements(n as u64));
            bench_lookup(&mut g, "tern", &tern, probes);
            bench_lookup(&mut g, "indexmap", &index, probes);
            bench_lookup(&mut g, "hashbrown", &brown, probes);
            bench_lookup(&mut g, "std", &std, probes);
            g.finish();
        }

        let mut g = group(c, "iterate", K::NAME, n);
        g.throughput(Throughput::Elements(n as u64));
        bench_iterate(&mut g, "tern", &tern);
        bench_iterate(&mut g, "indexmap", &index);
        bench_iterate(&mut g, "hashbrown", &brown);
        bench_iterate(&mut g, "std", &std);
        g.finish();
        drop((tern, index, brown, std));

        let mut g = group(c, "churn", K::NAME, n);
        g.throughput(Throughput::Elements(1));
        bench_churn::<K, Tern<K>>(&mut g, "tern", n);
        bench_churn::<K, IndexMap<K>>(&mut g, "indexmap", n);
        if n <= 10_000 {
            bench_churn::<K, IndexShift<K>>(&mut g, "indexmap_shift", n);
        }
        bench_churn::<K, Brown<K>>(&mut g, "hashbrown", n);
        bench_churn::<K, Std<K>>(&mut g, "std", n);
        g.finish();
    }
}

fn benches(c: &mut Criterion) {
    run_for_key::<u64>(c);
    run_for_key::<String>(c);
}

criterion_group!(compare, benches);
criterion_main!(compare);
