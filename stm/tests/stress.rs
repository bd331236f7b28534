//! Multi-thread stress tests: invariants under heavy contention, opacity checked inside
//! every attempt, exact counts, blocking producer/consumer, and a watchdog that turns a
//! livelock or deadlock into a failure instead of a hang.
//!
//! Sizes suit a debug build on 2 cores; `TERN_STM_STRESS=N` multiplies the work by N.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Barrier, mpsc};
use std::time::Duration;

use tern_stm::{TObject, TVar, atomically};

fn scale() -> usize {
    std::env::var("TERN_STM_STRESS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// Runs `f` on a thread; fails the test if it does not finish within `secs` seconds.
fn with_watchdog(secs: u64, f: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        f();
        let _ = done.send(());
    });
    match finished.recv_timeout(Duration::from_secs(secs * scale() as u64)) {
        Ok(()) => handle.join().expect("stress body panicked"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            std::panic::resume_unwind(handle.join().expect_err("body ended without reporting"))
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("no progress within {secs}s: livelock or deadlock")
        }
    }
}

/// Tiny deterministic generator so threads pick different accounts.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn bank_transfers_keep_the_total_and_every_attempt_sees_a_consistent_state() {
    with_watchdog(120, || {
        let accounts: Vec<TVar<i64>> = (0..16).map(|_| TVar::new(1000)).collect();
        let total = 16 * 1000;
        let threads = 6;
        let transfers = 40_000 * scale();
        let barrier = Barrier::new(threads);
        std::thread::scope(|s| {
            for t in 0..threads {
                let accounts = &accounts;
                let barrier = &barrier;
                s.spawn(move || {
                    let mut seed = 0x9E37_79B9 ^ ((t as u64 + 1) * 7919);
                    barrier.wait();
                    for n in 0..transfers {
                        let from = (next(&mut seed) % 16) as usize;
                        let to = (next(&mut seed) % 16) as usize;
                        let amount = (next(&mut seed) % 50) as i64;
                        if n % 25 == 0 {
                            // Audit: opacity means even an attempt that will abort sees the
                            // invariant hold.
                            let sum = atomically(|tx| {
                                let mut sum = 0;
                                for a in accounts {
                                    sum += tx.read(a)?;
                                }
                                assert_eq!(
                                    sum, total,
                                    "inconsistent snapshot inside a transaction"
                                );
                                Ok(sum)
                            });
                            assert_eq!(sum, total);
                        }
                        atomically(|tx| {
                            let a = tx.read(&accounts[from])?;
                            let b = tx.read(&accounts[to])?;
                            if from != to {
                                tx.write(&accounts[from], a - amount)?;
                                tx.write(&accounts[to], b + amount)?;
                            }
                            Ok(())
                        });
                    }
                });
            }
        });
        assert_eq!(accounts.iter().map(|a| a.snapshot()).sum::<i64>(), total);
    });
}

#[test]
fn object_fields_keep_per_object_and_global_invariants() {
    // Each object holds (a, b, total) with a + b == total; transactions move amounts between
    // a and b of one object, and from one object's `a` to another's (adjusting both totals).
    // A torn read of an object breaks its invariant inside the attempt (opacity); a lost
    // update breaks the global sum.
    with_watchdog(120, || {
        let objects: Vec<TObject> = (0..8)
            .map(|_| TObject::with_fields(&[500, 500, 1000]))
            .collect();
        let threads = 4;
        let rounds = 40_000 * scale();
        std::thread::scope(|s| {
            for t in 0..threads {
                let objects = &objects;
                s.spawn(move || {
                    let mut seed = 0xDEAD_BEEF ^ ((t as u64 + 1) * 104_729);
                    for _ in 0..rounds {
                        let i = (next(&mut seed) % 8) as usize;
                        let j = (next(&mut seed) % 8) as usize;
                        let k = next(&mut seed) % 20;
                        atomically(|tx| {
                            let a = tx.load(&objects[i], 0)?;
                            let b = tx.load(&objects[i], 1)?;
                            let total = tx.load(&objects[i], 2)?;
                            assert_eq!(a + b, total, "torn object read");
                            let k = k.min(a);
                            if i == j {
                                tx.store(&objects[i], 0, a - k)?;
                                tx.store(&objects[i], 1, b + k)?;
                            } else {
                                let aj = tx.load(&objects[j], 0)?;
                                let tj = tx.load(&objects[j], 2)?;
                                tx.store(&objects[i], 0, a - k)?;
                                tx.store(&objects[i], 2, total - k)?;
                                tx.store(&objects[j], 0, aj + k)?;
                                tx.store(&objects[j], 2, tj + k)?;
                            }
                            Ok(())
                        });
                    }
                });
            }
        });
        let mut sum = 0;
        for o in &objects {
            let f = o.snapshot();
            assert_eq!(f[0] + f[1], f[2]);
            sum += f[2];
        }
        assert_eq!(sum, 8 * 1000);
    });
}

#[test]
fn a_single_hot_counter_counts_exactly() {
    with_watchdog(120, || {
        let counter = TVar::new(0_u64);
        let threads = 8;
        let per_thread = 15_000 * scale();
        let attempts = AtomicU64::new(0);
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| {
                    for _ in 0..per_thread {
                        atomically(|tx| {
                            attempts.fetch_add(1, Ordering::Relaxed);
                            let v = tx.read(&counter)?;
                            std::hint::black_box((0..20).sum::<u64>());
                            tx.write(&counter, v + 1)
                        });
                    }
                });
            }
        });
        assert_eq!(counter.snapshot(), (threads * per_thread) as u64);
        assert!(attempts.load(Ordering::Relaxed) >= (threads * per_thread) as u64);
    });
}

#[test]
fn bounded_buffer_with_retry_delivers_every_item_once() {
    with_watchdog(120, || {
        let buffer = TVar::new(VecDeque::<u64>::new());
        let capacity = 4;
        let producers = 3;
        let consumers = 3;
        let per_producer = 10_000 * scale() as u64;
        let consumed_sum = AtomicU64::new(0);
        let consumed_count = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for p in 0..producers {
                let buffer = &buffer;
                s.spawn(move || {
                    for i in 0..per_producer {
                        let item = p * 1_000_000 + i + 1;
                        atomically(|tx| {
                            let mut q = tx.read(buffer)?;
                            if q.len() >= capacity {
                                return tx.retry();
                            }
                            q.push_back(item);
                            tx.write(buffer, q)
                        });
                    }
                });
            }
            for _ in 0..consumers {
                let buffer = &buffer;
                let consumed_sum = &consumed_sum;
                let consumed_count = &consumed_count;
                s.spawn(move || {
                    loop {
                        let item = atomically(|tx| {
                            let mut q = tx.read(buffer)?;
                            match q.pop_front() {
                                None => tx.retry(),
                                Some(item) => {
                                    tx.write(buffer, q)?;
                                    Ok(item)
                                }
                            }
                        });
                        if item == 0 {
                            return; // poison pill
                        }
                        consumed_sum.fetch_add(item, Ordering::Relaxed);
                        consumed_count.fetch_add(1, Ordering::Relaxed);
                    }
                });
            }
            s.spawn(|| {
                // Once everything was consumed, stop the consumers.
                while consumed_count.load(Ordering::Relaxed) < (producers * per_producer) as usize {
                    std::thread::sleep(Duration::from_millis(2));
                }
                for _ in 0..consumers {
                    atomically(|tx| {
                        let mut q = tx.read(&buffer)?;
                        if q.len() >= capacity {
                            return tx.retry();
                        }
                        q.push_back(0);
                        tx.write(&buffer, q)
                    });
                }
            });
        });
        let expected: u64 = (0..producers)
            .map(|p| (1..=per_producer).map(|i| p * 1_000_000 + i).sum::<u64>())
            .sum();
        assert_eq!(consumed_sum.load(Ordering::Relaxed), expected);
        assert_eq!(
            consumed_count.load(Ordering::Relaxed),
            (producers * per_producer) as usize
        );
    });
}

#[test]
fn mixed_inevitable_and_ordinary_transactions_make_progress() {
    with_watchdog(120, || {
        let vars: Vec<TVar<u64>> = (0..8).map(|_| TVar::new(0)).collect();
        let effects = AtomicUsize::new(0);
        let threads = 6;
        let per_thread = 8_000 * scale();
        std::thread::scope(|s| {
            for t in 0..threads {
                let vars = &vars;
                let effects = &effects;
                s.spawn(move || {
                    let mut seed = (t as u64 + 3) * 31_337;
                    for n in 0..per_thread {
                        let a = (next(&mut seed) % 8) as usize;
                        let b = (next(&mut seed) % 8) as usize;
                        atomically(|tx| {
                            let x = tx.read(&vars[a])?;
                            tx.write(&vars[a], x + 1)?;
                            if n % 17 == t {
                                tx.irrevocable(|| effects.fetch_add(1, Ordering::Relaxed))?;
                            }
                            let y = tx.read(&vars[b])?;
                            tx.write(&vars[b], y + 1)
                        });
                    }
                });
            }
        });
        let total: u64 = vars.iter().map(|v| v.snapshot()).sum();
        assert_eq!(total, 2 * (threads * per_thread) as u64);
        let expected: usize = (0..threads)
            .map(|t| (0..per_thread).filter(|n| n % 17 == t).count())
            .sum();
        assert_eq!(effects.load(Ordering::Relaxed), expected);
    });
}

#[test]
fn locations_created_and_dropped_concurrently_are_safe() {
    // Linked structure: a TVar holding the current node, each node holding its own TVar.
    // Readers traverse while writers replace nodes, so nodes (and their TVars) are dropped
    // while other transactions may hold them in their read sets.
    #[derive(Clone)]
    struct Node {
        value: u64,
        next: TVar<Option<std::sync::Arc<Node>>>,
    }
    with_watchdog(120, || {
        let head: TVar<Option<std::sync::Arc<Node>>> = TVar::new(None);
        let rounds = 15_000 * scale();
        std::thread::scope(|s| {
            for w in 0..2_u64 {
                let head = &head;
                s.spawn(move || {
                    for i in 0..rounds as u64 {
                        let node = std::sync::Arc::new(Node {
                            value: w * 1_000_000 + i,
                            next: TVar::new(None),
                        });
                        atomically(|tx| {
                            let old = tx.read(head)?;
                            // Keep the list at most two long, dropping older nodes.
                            let tail = old.as_ref().map(|n| {
                                std::sync::Arc::new(Node {
                                    value: n.value,
                                    next: TVar::new(None),
                                })
                            });
                            tx.write(&node.next, tail)?;
                            tx.write(head, Some(node.clone()))
                        });
                    }
                });
            }
            for _ in 0..2 {
                let head = &head;
                s.spawn(move || {
                    for _ in 0..rounds {
                        let len = atomically(|tx| {
                            let mut len = 0;
                            let mut cur = tx.read(head)?;
                            while let Some(node) = cur {
                                len += 1;
                                assert!(node.value < 2_000_000);
                                cur = tx.read(&node.next)?;
                            }
                            Ok(len)
                        });
                        assert!(len <= 2);
                    }
                });
            }
        });
    });
}
