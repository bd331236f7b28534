//! A deterministic workload for instruction counting, to compare tables on a machine whose
//! wall-clock timings are noisy (shared cores): run it under callgrind and compare `I refs`.
//!
//! ```text
//! cargo build --release -p tern-dict --example instructions
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/instructions <op> <table> <n>
//! ```
//!
//! `<op>`: `hit`, `miss` (2 000 000 lookups), `build` (2 000 000 insertions into fresh
//! tables of `n` entries), `churn` (2 000 000 remove-oldest + insert-new pairs on a table of
//! `n` entries), `iterate` (sum all values, 2 000 000 entries visited). `<table>`: `tern` or
//! `indexmap` (both with `foldhash::fast::FixedState`). Setup (key generation, the initial
//! table for the lookup, churn and iterate workloads) is included; subtract a run with
//! `<op> none <n>` to get it.

use std::hint::black_box;

type Hasher = foldhash::fast::FixedState;
const OPS: usize = 2_000_000;

/// The operations measured, over both tables.
trait Table: Sized {
    fn empty() -> Self;
    fn put(&mut self, k: u64, v: u64);
    fn take(&mut self, k: &u64) -> Option<(u64, u64)>;
    fn find(&self, k: &u64) -> Option<&u64>;
    fn sum(&self) -> u64;
}

macro_rules! table {
    ($ty:ty, $take:ident) => {
        impl Table for $ty {
            fn empty() -> Self {
                <$ty>::with_hasher(Hasher::with_seed(1))
            }
            fn put(&mut self, k: u64, v: u64) {
                self.insert(k, v);
            }
            fn take(&mut self, k: &u64) -> Option<(u64, u64)> {
                self.$take(k)
            }
            fn find(&self, k: &u64) -> Option<&u64> {
                self.get(k)
            }
            fn sum(&self) -> u64 {
                self.values().fold(0, |a, v| a.wrapping_add(*v))
            }
        }
    };
}

table!(tern_dict::CompactDict<u64, u64, Hasher>, remove_entry);
table!(indexmap::IndexMap<u64, u64, Hasher>, swap_remove_entry);

/// Does nothing: measures the setup shared by every run.
struct Nothing;

impl Table for Nothing {
    fn empty() -> Self {
        Nothing
    }
    fn put(&mut self, _: u64, _: u64) {}
    fn take(&mut self, _: &u64) -> Option<(u64, u64)> {
        None
    }
    fn find(&self, _: &u64) -> Option<&u64> {
        None
    }
    fn sum(&self) -> u64 {
        0
    }
}

fn keys(n: usize) -> Vec<u64> {
    let mut x = 1u64;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            x >> 3
        })
        .collect()
}

fn built<T: Table>(ks: &[u64]) -> T {
    let mut t = T::empty();
    for &k in ks {
        t.put(k, k);
    }
    t
}

fn run<T: Table>(op: &str, n: usize) -> Result<u64, String> {
    let ks = keys(2 * n);
    let (present, absent) = ks.split_at(n);
    let mut acc = 0u64;
    match op {
        "hit" | "miss" => {
            let t: T = built(present);
            let probes = if op == "hit" { present } else { absent };
            for i in 0..OPS {
                if let Some(v) = t.find(black_box(&probes[i % n])) {
                    acc = acc.wrapping_add(*v);
                }
            }
        }
        "build" => {
            for _ in 0..OPS / n {
                let t: T = built(present);
                acc = acc.wrapping_add(t.find(&present[0]).copied().unwrap_or(0));
            }
        }
        "churn" => {
            let mut t: T = built(present);
            for i in 0..OPS {
                let (old, new) = (ks[i % (2 * n)], ks[(i + n) % (2 * n)]);
                t.take(black_box(&old));
                t.put(new, i as u64);
            }
            acc = t.sum();
        }
        "iterate" => {
            let t: T = built(present);
            for _ in 0..OPS / n {
                acc = acc.wrapping_add(black_box(&t).sum());
            }
        }
        other => return Err(format!("unknown operation `{other}`")),
    }
    Ok(acc)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: instructions <hit|miss|build|churn|iterate> <tern|indexmap|none> <n>";
    let (Some(op), Some(table), Some(n)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let n: usize = match n.parse() {
        Ok(n) if n > 0 => n,
        _ => {
            eprintln!("<n> must be a positive integer\n{usage}");
            std::process::exit(2);
        }
    };
    let result = match table.as_str() {
        "tern" => run::<tern_dict::CompactDict<u64, u64, Hasher>>(op, n),
        "indexmap" => run::<indexmap::IndexMap<u64, u64, Hasher>>(op, n),
        "none" => run::<Nothing>(op, n),
        other => Err(format!("unknown table `{other}`")),
    };
    match result {
        Ok(acc) => println!("{acc}"),
        Err(e) => {
            eprintln!("{e}\n{usage}");
            std::process::exit(2);
        }
    }
}
