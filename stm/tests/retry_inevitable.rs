//! Specification of blocking `retry`/`or_else` and of inevitable transactions.

use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tern_stm::{TObject, TVar, TxError, atomically, atomically_inevitable, try_atomically};

#[test]
fn retry_blocks_until_a_read_location_changes_without_spinning() {
    let flag = TVar::new(0_u32);
    let attempts = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let waiter = s.spawn(|| {
            atomically(|tx| {
                attempts.fetch_add(1, Ordering::SeqCst);
                let v = tx.read(&flag)?;
                if v == 0 {
                    return tx.retry();
                }
                Ok(v)
            })
        });
        std::thread::sleep(Duration::from_millis(150));
        // Unrelated commits must not wake the waiter.
        let other = TVar::new(0);
        for i in 0..50 {
            atomically(|tx| tx.write(&other, i));
        }
        std::thread::sleep(Duration::from_millis(50));
        let before = attempts.load(Ordering::SeqCst);
        assert!(
            before <= 2,
            "the waiter ran {before} times while nothing it read changed"
        );
        atomically(|tx| tx.write(&flag, 42));
        assert_eq!(waiter.join().unwrap(), 42);
    });
    assert!(attempts.load(Ordering::SeqCst) <= 3);
}

#[test]
fn retry_wakes_on_an_object_field_write() {
    let obj = TObject::new(2);
    std::thread::scope(|s| {
        let waiter = s.spawn(|| {
            atomically(|tx| {
                let v = tx.load(&obj, 1)?;
                if v == 0 { tx.retry() } else { Ok(v) }
            })
        });
        std::thread::sleep(Duration::from_millis(30));
        atomically(|tx| tx.store(&obj, 1, 9));
        assert_eq!(waiter.join().unwrap(), 9);
    });
}

/// Takes one item from a TVar-backed stack, retrying while it is empty.
fn take(tx: &mut tern_stm::Tx, stack: &TVar<Vec<u32>>) -> tern_stm::StmResult<u32> {
    let mut items = tx.read(stack)?;
    match items.pop() {
        None => tx.retry(),
        Some(item) => {
            tx.write(stack, items)?;
            Ok(item)
        }
    }
}

#[test]
fn or_else_waits_on_both_branches() {
    let a = TVar::new(Vec::<u32>::new());
    let b = TVar::new(Vec::<u32>::new());
    std::thread::scope(|s| {
        let taker = s.spawn(|| {
            atomically(|tx| {
                tx.or_else(
                    |tx| take(tx, &a).map(|x| ('a', x)),
                    |tx| take(tx, &b).map(|x| ('b', x)),
                )
            })
        });
        std::thread::sleep(Duration::from_millis(50));
        // A change to the *second* branch's location must wake the transaction.
        atomically(|tx| tx.write(&b, vec![7]));
        assert_eq!(taker.join().unwrap(), ('b', 7));
    });
    assert!(b.snapshot().is_empty());
}

#[test]
fn retry_inside_an_inevitable_transaction_is_an_error() {
    let v = TVar::new(0);
    let r: Result<(), TxError> = try_atomically(|tx| {
        tx.read(&v)?;
        tx.become_inevitable()?;
        tx.retry()
    });
    assert_eq!(r, Err(TxError::RetryInInevitable));
    // The token was released: another inevitable transaction can run.
    atomically_inevitable(|tx| tx.write(&v, 1));
    assert_eq!(v.snapshot(), 1);
}

/// A transaction that the contention policy made inevitable (after repeated aborts) did
/// nothing irrevocable, so it may still `retry`: it hands the token back and blocks like any
/// other transaction until what it read changes. (It used to fail with `RetryInInevitable`,
/// which made a bounded-buffer stress test flaky under contention.)
#[test]
fn a_transaction_made_inevitable_by_the_contention_policy_can_still_retry() {
    let x = TVar::new(0_u64);
    let out = TVar::new(0_u64);
    let retried_inevitable = AtomicBool::new(false);
    let (to_writer, writes) = std::sync::mpsc::channel::<u64>();
    let (written, wait_written) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|s| {
        let (x, retried_inevitable) = (&x, &retried_inevitable);
        // Commits to `x` on request, so that the transaction below fails validation.
        s.spawn(move || {
            for v in writes {
                atomically(|tx| tx.write(x, v));
                written.send(()).unwrap();
            }
        });
        // Once the transaction blocked in `retry`, changes `x` to let it finish.
        s.spawn(move || {
            while !retried_inevitable.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(1));
            }
            std::thread::sleep(Duration::from_millis(50));
            atomically(|tx| tx.write(x, 5000));
        });
        let result = atomically(|tx| {
            let v = tx.read(x)?;
            if v >= 5000 {
                return Ok(v);
            }
            if tx.is_inevitable() {
                retried_inevitable.store(true, Ordering::SeqCst);
                return tx.retry();
            }
            // Another thread commits to `x` after we read it: this attempt cannot commit.
            to_writer.send(v + 1).unwrap();
            wait_written.recv().unwrap();
            tx.write(&out, v)?;
            Ok(0)
        });
        drop(to_writer);
        assert_eq!(result, 5000);
    });
    assert!(retried_inevitable.load(Ordering::SeqCst));
}

#[test]
fn inevitable_transactions_run_once_and_one_at_a_time() {
    let inside = AtomicUsize::new(0);
    let max_inside = AtomicUsize::new(0);
    let counter = TVar::new(0_u64);
    let runs = AtomicUsize::new(0);
    let threads = 4;
    let per_thread = 25;
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..per_thread {
                    atomically_inevitable(|tx| {
                        runs.fetch_add(1, Ordering::SeqCst);
                        assert!(tx.is_inevitable());
                        let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        max_inside.fetch_max(now, Ordering::SeqCst);
                        let v = tx.read(&counter)?;
                        std::thread::yield_now();
                        tx.write(&counter, v + 1)?;
                        inside.fetch_sub(1, Ordering::SeqCst);
                        Ok(())
                    });
                }
            });
        }
        // Ordinary transactions on the same variable at the same time.
        s.spawn(|| {
            for _ in 0..200 {
                atomically(|tx| tx.modify(&counter, |c| c + 1000));
            }
        });
    });
    assert_eq!(
        runs.load(Ordering::SeqCst),
        threads * per_thread,
        "an inevitable attempt never re-runs"
    );
    assert_eq!(max_inside.load(Ordering::SeqCst), 1);
    assert_eq!(
        counter.snapshot(),
        (threads * per_thread) as u64 + 200 * 1000
    );
}

#[test]
fn irrevocable_actions_happen_exactly_once_per_committed_transaction() {
    let effects = AtomicUsize::new(0);
    let shared = TVar::new(0_u64);
    let threads = 4;
    let per_thread = 50;
    std::thread::scope(|s| {
        for t in 0..threads {
            let effects = &effects;
            let shared = &shared;
            s.spawn(move || {
                for i in 0..per_thread {
                    atomically(|tx| {
                        let v = tx.read(shared)?;
                        tx.write(shared, v + 1)?;
                        if (i + t) % 5 == 0 {
                            // e.g. writing to a log file: must not be repeated
                            tx.irrevocable(|| effects.fetch_add(1, Ordering::SeqCst))?;
                            assert!(tx.is_inevitable());
                        }
                        Ok(())
                    });
                }
            });
        }
    });
    assert_eq!(shared.snapshot(), (threads * per_thread) as u64);
    let expected = (0..threads)
        .map(|t| (0..per_thread).filter(|i| (i + t) % 5 == 0).count())
        .sum::<usize>();
    assert_eq!(effects.load(Ordering::SeqCst), expected);
}

#[test]
fn an_inevitable_transaction_sees_no_commit_until_it_ends() {
    let x = TVar::new(0_u32);
    let started = AtomicBool::new(false);
    std::thread::scope(|s| {
        let inevitable = s.spawn(|| {
            atomically_inevitable(|tx| {
                started.store(true, Ordering::SeqCst);
                let first = tx.read(&x)?;
                std::thread::sleep(Duration::from_millis(100));
                // The other thread's commit is paused behind us: x cannot have changed.
                let second = x.snapshot();
                tx.write(&x, first + 10)?;
                Ok((first, second))
            })
        });
        while !started.load(Ordering::SeqCst) {
            std::thread::yield_now();
        }
        atomically(|tx| tx.modify(&x, |v| v * 2 + 1));
        assert_eq!(inevitable.join().unwrap(), (0, 0));
    });
    // The ordinary transaction serialised after the inevitable one: (0 + 10) * 2 + 1.
    assert_eq!(x.snapshot(), 21);
}

#[test]
fn a_long_transaction_is_not_starved_by_short_writers() {
    let vars: Vec<TVar<u64>> = (0..64).map(TVar::new).collect();
    let stop = AtomicBool::new(false);
    let barrier = Barrier::new(3);
    std::thread::scope(|s| {
        for w in 0..2_usize {
            let vars = &vars;
            let stop = &stop;
            let barrier = &barrier;
            s.spawn(move || {
                barrier.wait();
                let mut i = w;
                while !stop.load(Ordering::Relaxed) {
                    i = (i * 7 + 3) % vars.len();
                    atomically(|tx| tx.modify(&vars[i], |v| v + 1));
                }
            });
        }
        barrier.wait();
        let start = Instant::now();
        let mut attempts = 0;
        let sum = atomically(|tx| {
            attempts += 1;
            let mut sum = 0;
            for v in &vars {
                sum += tx.read(v)?;
                // Slow reader: gives the writers time to invalidate it.
                std::hint::black_box((0..200).sum::<u64>());
            }
            tx.write(&vars[0], 0)?;
            Ok(sum)
        });
        stop.store(true, Ordering::Relaxed);
        assert!(sum > 0);
        let limit = tern_stm::config().aborts_before_inevitable as usize + 1;
        assert!(
            attempts <= limit,
            "{attempts} attempts: the fallback to inevitable should cap them at {limit}"
        );
        assert!(start.elapsed() < Duration::from_secs(60));
    });
}
