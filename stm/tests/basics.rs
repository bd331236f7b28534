//! Specification of the single-thread semantics: reads, buffered writes, read-your-writes,
//! objects, `or_else`, API misuse errors, panics, and reclamation of dropped values.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tern_stm::{TObject, TVar, TxError, atomically, in_transaction, try_atomically};

#[test]
fn read_write_and_read_your_own_writes() {
    let v = TVar::new(1_u64);
    let seen = atomically(|tx| {
        let a = tx.read(&v)?;
        tx.write(&v, a + 10)?;
        let b = tx.read(&v)?;
        tx.write(&v, b * 2)?;
        let c = tx.read(&v)?;
        Ok((a, b, c))
    });
    assert_eq!(seen, (1, 11, 22));
    assert_eq!(v.snapshot(), 22);
}

#[test]
fn writes_are_invisible_until_commit() {
    let v = TVar::new(String::from("old"));
    atomically(|tx| {
        tx.write(&v, String::from("new"))?;
        // Not yet published: a non-transactional snapshot still sees the old value.
        assert_eq!(v.snapshot(), "old");
        Ok(())
    });
    assert_eq!(v.snapshot(), "new");
}

#[test]
fn objects_have_word_fields() {
    let obj = TObject::new(4);
    assert_eq!(obj.len(), 4);
    assert!(!obj.is_empty());
    atomically(|tx| {
        for i in 0..4 {
            tx.store(&obj, i, (i as u64 + 1) * 100)?;
        }
        assert_eq!(tx.load(&obj, 2)?, 300);
        Ok(())
    });
    assert_eq!(obj.snapshot(), vec![100, 200, 300, 400]);
    assert_eq!(obj.snapshot_field(3), 400);
    let copy = obj.clone();
    assert!(TObject::ptr_eq(&obj, &copy));
    assert_eq!(obj.id(), copy.id());
    assert_eq!(TObject::with_fields(&[7, 8]).snapshot(), vec![7, 8]);
    assert!(TObject::new(0).is_empty());
}

#[test]
#[should_panic(expected = "TObject field index 5 out of range: the object has 2 fields")]
fn object_field_out_of_range_panics_with_a_clear_message() {
    let obj = TObject::new(2);
    atomically(|tx| tx.load(&obj, 5));
}

#[test]
fn or_else_rolls_back_the_first_branch() {
    let a = TVar::new(0_i32);
    let b = TVar::new(0_i32);
    let obj = TObject::new(1);
    let taken = atomically(|tx| {
        tx.write(&a, 1)?; // before the branch: must survive
        tx.store(&obj, 0, 5)?;
        tx.or_else(
            |tx| {
                tx.write(&a, 2)?; // shadows the outer write, then rolled back
                tx.write(&b, 2)?;
                tx.store(&obj, 0, 6)?;
                tx.retry()
            },
            |tx| {
                assert_eq!(
                    tx.read(&a)?,
                    1,
                    "outer write visible again in the second branch"
                );
                assert_eq!(tx.read(&b)?, 0);
                assert_eq!(tx.load(&obj, 0)?, 5);
                Ok("second")
            },
        )
    });
    assert_eq!(taken, "second");
    assert_eq!(
        (a.snapshot(), b.snapshot(), obj.snapshot_field(0)),
        (1, 0, 5)
    );
}

#[test]
fn or_else_keeps_the_first_branch_when_it_succeeds() {
    let a = TVar::new(0_i32);
    let r = atomically(|tx| {
        tx.or_else(
            |tx| {
                tx.write(&a, 7)?;
                Ok(1)
            },
            |_| Ok(2),
        )
    });
    assert_eq!((r, a.snapshot()), (1, 7));
}

#[test]
fn nested_or_else_restores_each_level() {
    let a = TVar::new(0_i32);
    let r = atomically(|tx| {
        tx.or_else(
            |tx| {
                tx.write(&a, 1)?;
                tx.or_else(
                    |tx| {
                        tx.write(&a, 2)?;
                        tx.retry()
                    },
                    |tx| {
                        assert_eq!(tx.read(&a)?, 1);
                        tx.write(&a, 3)
                    },
                )?;
                assert_eq!(tx.read(&a)?, 3);
                tx.retry()
            },
            |tx| tx.read(&a),
        )
    });
    assert_eq!(
        r, 0,
        "the outer rollback also removed the inner branch's write"
    );
    assert_eq!(a.snapshot(), 0);
}

#[test]
fn nesting_is_an_error_not_a_hang() {
    let v = TVar::new(0);
    let inner = atomically(|tx| {
        assert!(in_transaction());
        let inner = try_atomically(|tx2| tx2.read(&v));
        tx.write(&v, 1)?;
        Ok(inner)
    });
    assert_eq!(inner, Err(TxError::Nested));
    assert!(!in_transaction());
}

#[test]
fn retry_without_reads_is_an_error() {
    let r: Result<(), _> = try_atomically(|tx| tx.retry());
    assert_eq!(r, Err(TxError::RetryWithoutReads));
    assert!(
        TxError::RetryWithoutReads
            .to_string()
            .contains("nothing could wake it")
    );
}

#[test]
#[should_panic(expected = "tern-stm: retry() called before reading")]
fn atomically_panics_with_the_error_message() {
    atomically(|tx| tx.retry::<()>());
}

#[test]
fn a_panic_rolls_back_and_leaves_the_thread_usable() {
    let v = TVar::new(1);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        atomically(|tx| {
            tx.write(&v, 99)?;
            if tx.attempt() == 0 {
                panic!("boom");
            }
            Ok(())
        })
    }));
    assert!(result.is_err());
    assert!(!in_transaction());
    assert_eq!(v.snapshot(), 1, "the panicking attempt published nothing");
    atomically(|tx| tx.write(&v, 2));
    assert_eq!(v.snapshot(), 2);
}

#[test]
fn on_commit_runs_once_after_commit_only() {
    let ran = Arc::new(AtomicUsize::new(0));
    let v = TVar::new(0);
    let r = Arc::clone(&ran);
    atomically(|tx| {
        let r = Arc::clone(&r);
        tx.on_commit(move || {
            assert!(!in_transaction());
            r.fetch_add(1, Ordering::SeqCst);
        });
        tx.write(&v, 1)
    });
    assert_eq!(ran.load(Ordering::SeqCst), 1);
    // Actions of a rolled-back or_else branch are dropped.
    let r = Arc::clone(&ran);
    atomically(|tx| {
        let r2 = Arc::clone(&r);
        tx.or_else(
            |tx| {
                tx.on_commit(move || {
                    r2.fetch_add(100, Ordering::SeqCst);
                });
                tx.read(&v)?;
                tx.retry()
            },
            |_| Ok(()),
        )
    });
    assert_eq!(ran.load(Ordering::SeqCst), 1);
}

/// Counts live instances, to check that replaced and dropped values are freed.
struct Counted(Arc<AtomicUsize>);

impl Counted {
    fn new(live: &Arc<AtomicUsize>) -> Self {
        live.fetch_add(1, Ordering::SeqCst);
        Counted(Arc::clone(live))
    }
}

impl Clone for Counted {
    fn clone(&self) -> Self {
        Counted::new(&self.0)
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[test]
fn replaced_and_dropped_values_are_reclaimed() {
    let live = Arc::new(AtomicUsize::new(0));
    std::thread::scope(|s| {
        s.spawn(|| {
            let vars: Vec<TVar<Counted>> =
                (0..50).map(|_| TVar::new(Counted::new(&live))).collect();
            for round in 0..40 {
                atomically(|tx| {
                    for v in &vars {
                        let _old = tx.read(v)?;
                        tx.write(v, Counted::new(&live))?;
                    }
                    Ok(())
                });
                if round == 20 {
                    // Aborted attempts drop their buffered values.
                    let _ = try_atomically(|tx| {
                        tx.write(&vars[0], Counted::new(&live))?;
                        tx.retry::<()>()
                    });
                }
            }
            drop(vars);
            // Keep the thread active so its retired bags get collected.
            let keep = TVar::new(0);
            for _ in 0..2000 {
                atomically(|tx| tx.modify(&keep, |k| k + 1));
            }
        });
    });
    // The worker thread exited: whatever it had not freed yet is in the orphan list, which
    // any thread's collection frees once the epoch has moved on.
    let keep = TVar::new(0);
    for _ in 0..2000 {
        atomically(|tx| tx.modify(&keep, |k| k + 1));
    }
    assert_eq!(
        live.load(Ordering::SeqCst),
        0,
        "every Counted value was dropped exactly once"
    );
}
