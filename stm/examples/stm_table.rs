//! Prints the measurement tables of stm/README.md.
//!
//! ```text
//! cargo run -p tern-stm --release --example stm_table [-- --quick] [--scaling-only]
//! ```
//!
//! Every number is the best of several runs (the run least disturbed by other processes),
//! and every speed is a ratio against a reference measured in the same process: plain
//! single-threaded code for overhead, the same workload on one thread for scaling.
//!
//! Two clocks: single-thread overhead uses the thread's CPU time (wall-clock time on a
//! machine shared with other jobs measures the scheduler as much as the code). Scaling is
//! reported both from wall-clock time and from CPU time: "speed-up from CPU time" is the
//! 1-thread run's CPU time divided by the CPU time of the busiest thread of the n-thread run,
//! i.e. the speed-up n idle cores would give. It includes aborted work and contention stalls
//! but not scheduling; it is optimistic when the threads rarely ran at the same moment.

#[path = "../benches/workloads/mod.rs"]
mod workloads;

use std::time::Duration;

use parking_lot::Mutex;
use tern_stm::TransactionQueue;
use workloads::*;

fn best_of<T: Ord>(runs: usize, mut f: impl FnMut() -> T) -> T {
    (0..runs).map(|_| f()).min().expect("at least one run")
}

/// CPU time of the calling thread while running `f`.
fn cpu_timed(f: impl FnOnce() -> u64) -> Duration {
    let start = thread_cpu_time();
    std::hint::black_box(f());
    thread_cpu_time() - start
}

fn ns_per(d: Duration, units: usize) -> f64 {
    d.as_nanos() as f64 / units as f64
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn overhead_table(runs: usize, scale: usize) {
    println!(
        "Single-thread overhead, read-mostly workload (8 random objects x 4 fields read per unit, \
         1 unit in 10 writes one field; thread CPU time)"
    );
    println!();
    println!(
        "| work per field read | plain ns/unit | tern-stm ns/unit | tern-stm / plain | uncontended global lock / plain |"
    );
    println!("|---|---|---|---|---|");
    let units = 20_000 * scale;
    for work in [0_u32, 4, 16, 64] {
        let mut plain = plain_table(1024);
        let stm = stm_table(1024);
        let locked = locked_table(1024);
        let t_plain = best_of(runs, || {
            cpu_timed(|| read_mostly_plain(&mut plain, units, work, &mut Rng::new(7)))
        });
        let t_stm = best_of(runs, || {
            cpu_timed(|| read_mostly_stm(&stm, units, work, &mut Rng::new(7)))
        });
        let t_lock = best_of(runs, || {
            cpu_timed(|| read_mostly_locked(&locked, units, work, &mut Rng::new(7)))
        });
        println!(
            "| {work} mix rounds | {:.0} | {:.0} | {:.2}x | {:.2}x |",
            ns_per(t_plain, units),
            ns_per(t_stm, units),
            ratio(t_stm, t_plain),
            ratio(t_lock, t_plain),
        );
    }
    println!();
}

fn scaling_table(runs: usize, scale: usize, thread_counts: &[usize], shared_table: bool) {
    let work = 16;
    println!(
        "Scaling, {} workload ({}; {work} mix rounds per field read; fixed total work split over the threads)",
        if shared_table {
            "low-conflict"
        } else {
            "conflict-free"
        },
        if shared_table {
            "8 random objects of 4096 shared ones read, 2 written, per unit"
        } else {
            "each thread owns 256 objects; 4 read, 1 written, per unit"
        }
    );
    println!();
    println!(
        "| threads | tern-stm ns/unit | speed-up (wall) | busiest thread CPU ns per unit of all threads | speed-up from CPU time | global lock ns/unit | lock speed-up (wall) |"
    );
    println!("|---|---|---|---|---|---|---|");
    let total_units = 40_000 * scale;
    let mut base: Option<(RunTime, Duration)> = None;
    for &threads in thread_counts {
        let per_thread = total_units / threads;
        let size = if shared_table { 4096 } else { 256 * threads };
        let objects = stm_table(size).0;
        let table = Mutex::new(plain_table(size).0);
        let stm_runs: Vec<RunTime> = (0..runs)
            .map(|_| {
                run_threads_timed(threads, |t| {
                    if shared_table {
                        low_conflict_stm(&objects, t, per_thread, work)
                    } else {
                        conflict_free_stm(&objects, t, per_thread, work)
                    }
                })
            })
            .collect();
        let stm = RunTime {
            wall: stm_runs.iter().map(|r| r.wall).min().expect("runs"),
            max_thread_cpu: stm_runs
                .iter()
                .map(|r| r.max_thread_cpu)
                .min()
                .expect("runs"),
        };
        let lock = best_of(runs, || {
            run_threads(threads, |t| {
                if shared_table {
                    low_conflict_locked(&table, t, per_thread, work)
                } else {
                    conflict_free_locked(&table, t, per_thread, work)
                }
            })
        });
        let (base_stm, base_lock) = *base.get_or_insert((stm, lock));
        println!(
            "| {threads} | {:.0} | {:.2}x | {:.0} | {:.2}x | {:.0} | {:.2}x |",
            ns_per(stm.wall, total_units),
            ratio(base_stm.wall, stm.wall),
            ns_per(stm.max_thread_cpu, total_units),
            ratio(base_stm.max_thread_cpu, stm.max_thread_cpu),
            ns_per(lock, total_units),
            ratio(base_lock, lock),
        );
    }
    println!();
}

/// Conflict-free TransactionQueue items: item `i` does `units` units, each reading 4 objects
/// of its own (consecutive items never share objects) and writing one.
fn queue_table(runs: usize, scale: usize, thread_counts: &[usize]) {
    println!(
        "TransactionQueue, conflict-free items (each unit: 4 objects of 4096 read, 1 written, \
         16 mix rounds per field read; wall-clock)"
    );
    println!();
    println!("| units per item | threads | ns/unit | speed-up vs 1 thread |");
    println!("|---|---|---|---|");
    // Leaked: items borrow the table without touching a shared reference count.
    let objects: &'static [tern_stm::TObject] = Box::leak(stm_table(4096).0.into_boxed_slice());
    for units in [1_usize, 8] {
        let items = 20_000 * scale / units;
        let mut base = None;
        for &threads in thread_counts {
            let best = best_of(runs, || {
                let queue = TransactionQueue::new();
                for i in 0..items {
                    queue.add(move |tx| {
                        for u in 0..units {
                            let first = (i * units + u) * 4;
                            let mut h = 0;
                            for k in 0..4 {
                                let object = &objects[(first + k) % objects.len()];
                                for f in 0..FIELDS {
                                    h = mix(h ^ tx.load(object, f)?, 16);
                                }
                            }
                            tx.store(&objects[first % objects.len()], 0, h)?;
                        }
                        Ok(())
                    });
                }
                let start = std::time::Instant::now();
                queue.run(threads).expect("queue run");
                start.elapsed()
            });
            let base = *base.get_or_insert(best);
            println!(
                "| {units} | {threads} | {:.0} | {:.2}x |",
                ns_per(best, items * units),
                ratio(base, best)
            );
        }
    }
    println!();
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let scaling_only = std::env::args().any(|a| a == "--scaling-only");
    let runs = if quick { 3 } else { 7 };
    let scale = if quick { 1 } else { 4 };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "machine: {cores} hardware threads; load average at start: {}",
        load_average()
    );
    println!();
    if !scaling_only {
        overhead_table(runs, scale);
    }
    let thread_counts: Vec<usize> = [1, 2, 4].into_iter().collect();
    scaling_table(runs, scale, &thread_counts, false);
    scaling_table(runs, scale, &thread_counts, true);
    queue_table(runs, scale, &thread_counts);
    println!("load average at end: {}", load_average());
}
