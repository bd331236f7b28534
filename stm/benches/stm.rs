//! Criterion benchmarks of tern-stm. Each group measures the transactional version next to
//! its reference (plain single-threaded code, or a global lock), so the README reports
//! ratios. Run briefly on a shared machine:
//!
//! ```text
//! cargo bench -p tern-stm --bench stm -- --warm-up-time 1 --measurement-time 2
//! ```
//!
//! `examples/stm_table.rs` prints the same comparisons as a table.

mod workloads;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use parking_lot::Mutex;
use tern_stm::{TObject, TVar, atomically};
use workloads::*;

/// Fixed costs: an empty transaction, one field read, one TVar read-modify-write.
fn primitives(c: &mut Criterion) {
    let mut g = c.benchmark_group("primitives");
    let obj = TObject::with_fields(&[1, 2, 3, 4]);
    let var = TVar::new(5_u64);
    g.bench_function("empty transaction", |b| {
        b.iter(|| atomically(|_| Ok(black_box(1))))
    });
    g.bench_function("transaction reading 1 field", |b| {
        b.iter(|| atomically(|tx| tx.load(black_box(&obj), 1)))
    });
    g.bench_function("transaction reading 32 fields of 8 objects", |b| {
        let objs: Vec<TObject> = (0..8)
            .map(|i| TObject::with_fields(&[i, i, i, i]))
            .collect();
        b.iter(|| {
            atomically(|tx| {
                let mut s = 0;
                for o in &objs {
                    for f in 0..4 {
                        s += tx.load(o, f)?;
                    }
                }
                Ok(s)
            })
        })
    });
    g.bench_function("transaction writing 1 field", |b| {
        b.iter(|| atomically(|tx| tx.store(&obj, 0, black_box(7))))
    });
    g.bench_function("TVar<u64> increment", |b| {
        b.iter(|| atomically(|tx| tx.modify(&var, |v| v + 1)))
    });
    g.finish();
}

fn read_mostly(c: &mut Criterion) {
    let mut g = c.benchmark_group("read-mostly");
    let units = 1000;
    g.throughput(Throughput::Elements(units as u64));
    for work in [0_u32, 16] {
        let mut plain = plain_table(1024);
        let stm = stm_table(1024);
        let locked = locked_table(1024);
        g.bench_with_input(BenchmarkId::new("plain", work), &work, |b, &w| {
            b.iter(|| read_mostly_plain(&mut plain, units, w, &mut Rng::new(7)))
        });
        g.bench_with_input(BenchmarkId::new("tern-stm", work), &work, |b, &w| {
            b.iter(|| read_mostly_stm(&stm, units, w, &mut Rng::new(7)))
        });
        g.bench_with_input(BenchmarkId::new("global lock", work), &work, |b, &w| {
            b.iter(|| read_mostly_locked(&locked, units, w, &mut Rng::new(7)))
        });
    }
    g.finish();
}

/// Scaling: `iters` units split over the threads, so time per unit falls with good scaling.
fn scaling(c: &mut Criterion) {
    let work = 16;
    for (name, shared) in [("conflict-free", false), ("low-conflict", true)] {
        let mut g = c.benchmark_group(format!("scaling {name}"));
        g.throughput(Throughput::Elements(1));
        for threads in [1_usize, 2, 4] {
            let objects: Vec<TObject> = stm_table(if shared { 4096 } else { 256 * threads }).0;
            let table = Mutex::new(plain_table(if shared { 4096 } else { 256 * threads }).0);
            g.bench_with_input(BenchmarkId::new("tern-stm", threads), &threads, |b, &t| {
                b.iter_custom(|iters| {
                    let per = (iters as usize).div_ceil(t);
                    run_threads(t, |th| {
                        if shared {
                            low_conflict_stm(&objects, th, per, work)
                        } else {
                            conflict_free_stm(&objects, th, per, work)
                        }
                    })
                })
            });
            g.bench_with_input(
                BenchmarkId::new("global lock", threads),
                &threads,
                |b, &t| {
                    b.iter_custom(|iters| {
                        let per = (iters as usize).div_ceil(t);
                        run_threads(t, |th| {
                            if shared {
                                low_conflict_locked(&table, th, per, work)
                            } else {
                                conflict_free_locked(&table, th, per, work)
                            }
                        })
                    })
                },
            );
        }
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = primitives, read_mostly, scaling
}
criterion_main!(benches);
