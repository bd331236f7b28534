//! Loom models of the commit/validation protocol on small configurations.
//!
//! Built only with `--cfg loom`:
//!
//! ```text
//! RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=/work/targets/stm-loom \
//!     cargo test -p tern-stm --release --test loom
//! ```
//!
//! With that cfg every atomic, lock, condition variable and thread-local of the crate is
//! loom's (see `src/sync.rs`), so these models explore the interleavings (and the weak
//! memory orderings) of the real read/validate/commit code, the retry wake-up handshake,
//! the inevitability token and epoch-based reclamation. Preemptions are bounded (2, or 1 for
//! the three-thread model; `LOOM_MAX_PREEMPTIONS` overrides) to keep the run short.
//!
//! Under loom the crate acquires commit locks in first-write order instead of address order
//! (see `Tx::order_locks`): loom requires every execution of a model to take the same
//! decisions, and allocation addresses differ between executions.
#![cfg(loom)]

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use loom::sync::Arc;
use loom::thread;
use tern_stm::{Config, TObject, TVar, atomically, atomically_inevitable, set_config};

fn model(f: impl Fn() + Sync + Send + 'static) {
    model_with_preemptions(2, f);
}

/// `preemptions` applies unless `LOOM_MAX_PREEMPTIONS` is set.
fn model_with_preemptions(preemptions: usize, f: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    if builder.preemption_bound.is_none() {
        builder.preemption_bound = Some(preemptions);
    }
    builder.check(move || {
        // Tiny waits so that bounded waits and aborts are explored, no randomness.
        set_config(Config {
            aborts_before_inevitable: 3,
            lock_wait_spins: 1,
            backoff: false,
        })
        .expect("valid config");
        f();
    });
}

/// Two fields of two objects always sum to 10; a transfer moves 1 from one to the other.
/// A concurrent reader asserts the invariant *inside* its transaction: opacity.
#[test]
fn transfer_and_reader_see_consistent_snapshots() {
    model(|| {
        let a = Arc::new(TObject::with_fields(&[10]));
        let b = Arc::new(TObject::with_fields(&[0]));
        let writer = {
            let (a, b) = (a.clone(), b.clone());
            thread::spawn(move || {
                atomically(|tx| {
                    let x = tx.load(&a, 0)?;
                    let y = tx.load(&b, 0)?;
                    tx.store(&a, 0, x - 1)?;
                    tx.store(&b, 0, y + 1)
                });
            })
        };
        let seen = atomically(|tx| {
            let x = tx.load(&a, 0)?;
            let y = tx.load(&b, 0)?;
            assert_eq!(x + y, 10, "a transaction observed an inconsistent state");
            Ok((x, y))
        });
        assert!(seen == (10, 0) || seen == (9, 1));
        writer.join().unwrap();
        assert_eq!((a.snapshot_field(0), b.snapshot_field(0)), (9, 1));
    });
}

/// Two read-modify-write increments of one counter: no lost update, whichever way the
/// commits, validations and lock waits interleave.
#[test]
fn concurrent_increments_are_not_lost() {
    model(|| {
        let counter = Arc::new(TObject::with_fields(&[0, 0]));
        let other = {
            let counter = counter.clone();
            thread::spawn(move || {
                atomically(|tx| {
                    let v = tx.load(&counter, 0)?;
                    tx.store(&counter, 0, v + 1)?;
                    tx.store(&counter, 1, v + 1)
                });
            })
        };
        atomically(|tx| {
            let v = tx.load(&counter, 0)?;
            tx.store(&counter, 0, v + 1)?;
            tx.store(&counter, 1, v + 1)
        });
        other.join().unwrap();
        assert_eq!(counter.snapshot(), vec![2, 2]);
    });
}

/// Write skew is impossible: each transaction reads both variables and zeroes one of them
/// only if the other is still set. Serially, one of them must see the other's write.
#[test]
fn write_skew_is_prevented() {
    model(|| {
        let x = Arc::new(TVar::new(1_u32));
        let y = Arc::new(TVar::new(1_u32));
        let t = {
            let (x, y) = (x.clone(), y.clone());
            thread::spawn(move || {
                atomically(|tx| {
                    if tx.read(&x)? + tx.read(&y)? == 2 {
                        tx.write(&x, 0)?;
                    }
                    Ok(())
                });
            })
        };
        atomically(|tx| {
            if tx.read(&x)? + tx.read(&y)? == 2 {
                tx.write(&y, 0)?;
            }
            Ok(())
        });
        t.join().unwrap();
        assert_eq!(x.snapshot() + y.snapshot(), 1);
    });
}

/// A value that detects use after drop (a premature free by epoch reclamation).
struct Guarded {
    alive: AtomicBool,
    value: u32,
}

impl Clone for Guarded {
    fn clone(&self) -> Self {
        assert!(
            self.alive.load(Ordering::SeqCst),
            "read a value after it was dropped"
        );
        Guarded {
            alive: AtomicBool::new(true),
            value: self.value,
        }
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        self.alive.store(false, Ordering::SeqCst);
    }
}

/// Replaced `TVar` values are reclaimed only when no reader can still hold them, and a
/// dropped `TVar` survives while another transaction still has it in its read set.
#[test]
fn reclamation_never_frees_what_a_reader_may_use() {
    model(|| {
        let var = Arc::new(TVar::new(Guarded {
            alive: AtomicBool::new(true),
            value: 0,
        }));
        let writer = {
            let var = var.clone();
            thread::spawn(move || {
                for value in 1..=2 {
                    atomically(|tx| {
                        tx.write(
                            &var,
                            Guarded {
                                alive: AtomicBool::new(true),
                                value,
                            },
                        )
                    });
                }
            })
        };
        let seen = atomically(|tx| Ok(tx.read(&var)?.value));
        assert!(seen <= 2);
        writer.join().unwrap();
        assert_eq!(var.snapshot().value, 2);
    });
}

/// Lost wake-ups are impossible: a transaction blocked in `retry` is always woken by the
/// commit that changes what it read (loom reports a deadlock otherwise).
#[test]
fn retry_is_woken_by_the_commit_it_waits_for() {
    model(|| {
        let flag = Arc::new(TObject::with_fields(&[0]));
        let setter = {
            let flag = flag.clone();
            thread::spawn(move || atomically(|tx| tx.store(&flag, 0, 1)))
        };
        let v = atomically(|tx| {
            let v = tx.load(&flag, 0)?;
            if v == 0 { tx.retry() } else { Ok(v) }
        });
        assert_eq!(v, 1);
        setter.join().unwrap();
    });
}

/// An inevitable transaction runs exactly once, and an ordinary one racing with it is
/// serialised before or after it.
#[test]
fn inevitable_runs_once_and_ordinary_commits_pause_behind_it() {
    model(|| {
        let x = Arc::new(TObject::with_fields(&[1]));
        let runs = Arc::new(AtomicUsize::new(0));
        let ordinary = {
            let x = x.clone();
            thread::spawn(move || {
                atomically(|tx| {
                    let v = tx.load(&x, 0)?;
                    tx.store(&x, 0, v * 2)
                });
            })
        };
        atomically_inevitable(|tx| {
            runs.fetch_add(1, Ordering::SeqCst);
            let v = tx.load(&x, 0)?;
            tx.store(&x, 0, v + 10)
        });
        ordinary.join().unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        let end = x.snapshot_field(0);
        assert!(
            end == 22 || end == 12, // (1 + 10) * 2 or 1 * 2 + 10
            "not serialisable: {end}"
        );
    });
}

/// Three threads: two overlapping transfers and an auditor that checks the total inside its
/// transaction. (One preemption: with two, this model alone takes about 8 minutes.)
#[test]
fn two_transfers_and_an_audit() {
    model_with_preemptions(1, || {
        let objects = Arc::new([
            TObject::with_fields(&[10]),
            TObject::with_fields(&[10]),
            TObject::with_fields(&[10]),
        ]);
        let transfer = |from: usize, to: usize| {
            let objects = objects.clone();
            thread::spawn(move || {
                atomically(|tx| {
                    let x = tx.load(&objects[from], 0)?;
                    let y = tx.load(&objects[to], 0)?;
                    tx.store(&objects[from], 0, x - 1)?;
                    tx.store(&objects[to], 0, y + 1)
                });
            })
        };
        let t1 = transfer(0, 1);
        let t2 = transfer(1, 2);
        atomically(|tx| {
            let mut total = 0;
            for o in objects.iter() {
                total += tx.load(o, 0)?;
            }
            assert_eq!(total, 30, "the audit saw an inconsistent state");
            Ok(())
        });
        t1.join().unwrap();
        t2.join().unwrap();
        let end: Vec<u64> = objects.iter().map(|o| o.snapshot_field(0)).collect();
        assert_eq!(end, vec![9, 10, 11]);
    });
}

/// A transaction that becomes inevitable half-way (after reading) while another commits to
/// what it read: it either validates and continues, or aborts once and re-runs inevitable.
/// Its irrevocable action happens exactly once and no update is lost.
#[test]
fn becoming_inevitable_midway() {
    model(|| {
        let x = Arc::new(TObject::with_fields(&[0]));
        let effects = Arc::new(AtomicUsize::new(0));
        let other = {
            let x = x.clone();
            thread::spawn(move || {
                atomically(|tx| {
                    let v = tx.load(&x, 0)?;
                    tx.store(&x, 0, v + 1)
                });
            })
        };
        atomically(|tx| {
            let v = tx.load(&x, 0)?;
            tx.irrevocable(|| effects.fetch_add(1, Ordering::SeqCst))?;
            tx.store(&x, 0, v + 1)
        });
        other.join().unwrap();
        assert_eq!(effects.load(Ordering::SeqCst), 1);
        assert_eq!(x.snapshot_field(0), 2);
    });
}

/// A thread's next transaction starts from the newest clock value the thread has seen (its
/// last commit). That read version must never run ahead of commits still in flight: here
/// the second transaction of one thread audits a pair another thread updates.
#[test]
fn read_version_from_the_previous_commit_stays_consistent() {
    model(|| {
        let own = Arc::new(TObject::with_fields(&[0]));
        let pair = Arc::new(TObject::with_fields(&[5]));
        let other = Arc::new(TObject::with_fields(&[5]));
        let mover = {
            let (pair, other) = (pair.clone(), other.clone());
            thread::spawn(move || {
                atomically(|tx| {
                    let a = tx.load(&pair, 0)?;
                    let b = tx.load(&other, 0)?;
                    tx.store(&pair, 0, a - 1)?;
                    tx.store(&other, 0, b + 1)
                });
            })
        };
        atomically(|tx| tx.store(&own, 0, 1));
        atomically(|tx| {
            let a = tx.load(&pair, 0)?;
            let b = tx.load(&other, 0)?;
            assert_eq!(
                a + b,
                10,
                "inconsistent snapshot after a commit on the same thread"
            );
            Ok(())
        });
        mover.join().unwrap();
    });
}
