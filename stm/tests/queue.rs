//! Specification of `TransactionQueue`: serial equivalence, items adding items (only when
//! they commit), retry inside items, deadlock detection, panics, and misuse errors.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tern_stm::{QueueError, TVar, TransactionQueue, TxError, atomically};

#[test]
fn items_run_to_completion_and_the_result_is_a_serial_order() {
    // Every item appends its id to a log and updates a running hash that depends on the
    // order; the final hash must equal replaying the log serially.
    let log = TVar::new(Vec::<u64>::new());
    let hash = TVar::new(17_u64);
    let queue = TransactionQueue::new();
    for id in 0..300_u64 {
        let (log, hash) = (log.clone(), hash.clone());
        queue.add(move |tx| {
            let mut l = tx.read(&log)?;
            l.push(id);
            tx.write(&log, l)?;
            tx.modify(&hash, |h| h.wrapping_mul(31).wrapping_add(id))
        });
    }
    assert_eq!(queue.len(), 300);
    assert_eq!(queue.run(4), Ok(300));
    assert!(queue.is_empty());
    let order = log.snapshot();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        (0..300).collect::<Vec<_>>(),
        "each item committed exactly once"
    );
    let replay = order
        .iter()
        .fold(17_u64, |h, &id| h.wrapping_mul(31).wrapping_add(id));
    assert_eq!(hash.snapshot(), replay);
}

#[test]
fn items_can_add_items_and_additions_of_aborted_attempts_are_dropped() {
    // A binary tree of work: item n adds items 2n and 2n+1 below a limit. Every item also
    // touches a shared counter, so many attempts abort; an aborted attempt's additions must
    // not be queued (the count of executed items would be wrong).
    let counter = TVar::new(0_u64);
    let runs = Arc::new(AtomicUsize::new(0));
    let queue = TransactionQueue::new();
    fn spawn(queue: &TransactionQueue, counter: &TVar<u64>, runs: &Arc<AtomicUsize>, n: u64) {
        let (q, c, r) = (queue.clone(), counter.clone(), Arc::clone(runs));
        queue.add(move |tx| {
            r.fetch_add(1, Ordering::Relaxed);
            tx.modify(&c, |v| v + n)?;
            for child in [2 * n, 2 * n + 1] {
                if child < 512 {
                    spawn(&q, &c, &r, child);
                }
            }
            Ok(())
        });
    }
    spawn(&queue, &counter, &runs, 1);
    assert_eq!(queue.run(3), Ok(511));
    assert_eq!(counter.snapshot(), (1..512).sum::<u64>());
    assert!(runs.load(Ordering::Relaxed) >= 511);
}

#[test]
fn an_item_waiting_in_retry_is_requeued_when_another_item_sets_what_it_read() {
    let ready = TVar::new(false);
    let result = TVar::new(0_u32);
    let queue = TransactionQueue::new();
    {
        let (ready, result) = (ready.clone(), result.clone());
        queue.add(move |tx| {
            if !tx.read(&ready)? {
                return tx.retry();
            }
            tx.write(&result, 42)
        });
    }
    // Many unrelated items, then the one that releases the waiter.
    let noise = TVar::new(0_u32);
    for _ in 0..20 {
        let noise = noise.clone();
        queue.add(move |tx| tx.modify(&noise, |n| n + 1));
    }
    {
        let ready = ready.clone();
        queue.add(move |tx| tx.write(&ready, true));
    }
    // One thread: the waiter cannot block its worker, or the queue would never finish.
    assert_eq!(queue.run(1), Ok(22));
    assert_eq!(result.snapshot(), 42);
}

#[test]
fn items_that_can_never_be_woken_are_reported_as_a_deadlock() {
    let never = TVar::new(false);
    let queue = TransactionQueue::new();
    for _ in 0..3 {
        let never = never.clone();
        queue.add(move |tx| if tx.read(&never)? { Ok(()) } else { tx.retry() });
    }
    queue.add(|_| Ok(()));
    assert_eq!(queue.run(2), Err(QueueError::Deadlock { waiting: 3 }));
    // The queue is reusable afterwards.
    queue.add(|_| Ok(()));
    assert_eq!(queue.run(2), Ok(1));
}

#[test]
fn a_panicking_item_propagates_after_the_queue_stops_cleanly() {
    let done = TVar::new(0_u32);
    let queue = TransactionQueue::new();
    for i in 0..50_u32 {
        let done = done.clone();
        queue.add(move |tx| {
            tx.modify(&done, |d| d + 1)?;
            if i == 10 {
                panic!("item {i} failed");
            }
            Ok(())
        });
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| queue.run(2)));
    let payload = result.expect_err("the item's panic is resumed by run");
    assert_eq!(
        payload.downcast_ref::<String>().map(String::as_str),
        Some("item 10 failed")
    );
    let committed = done.snapshot();
    assert!(
        committed < 50,
        "pending items were dropped, not run ({committed})"
    );
    assert!(queue.is_empty());
    // No transaction state leaked: the thread and the queue keep working.
    atomically(|tx| tx.modify(&done, |d| d + 1000));
    assert_eq!(done.snapshot(), committed + 1000);
    queue.add(|_| Ok(()));
    assert_eq!(queue.run(2), Ok(1));
}

#[test]
fn misuse_is_reported_as_errors() {
    let queue = TransactionQueue::new();
    assert_eq!(queue.run(0), Err(QueueError::ZeroThreads));
    let v = TVar::new(0);
    let nested = atomically(|tx| {
        tx.read(&v)?;
        Ok(queue.run(1))
    });
    assert_eq!(nested, Err(QueueError::Nested));
    queue.add(|tx| tx.retry());
    assert_eq!(
        queue.run(1),
        Err(QueueError::Transaction(TxError::RetryWithoutReads))
    );
    assert_eq!(
        QueueError::ZeroThreads.to_string(),
        "TransactionQueue::run needs at least one thread"
    );
}

#[test]
fn running_the_same_queue_twice_at_once_is_refused() {
    let queue = TransactionQueue::new();
    let gate = TVar::new(false);
    let q2 = queue.clone();
    let g = gate.clone();
    let answer = Arc::new(std::sync::Mutex::new(None));
    let a = Arc::clone(&answer);
    queue.add(move |tx| {
        if !tx.read(&g)? {
            // Ask from inside: still running, so a second run must be refused. Checked
            // once, outside the transaction (on commit), then the gate opens.
            let (q2, a, g2) = (q2.clone(), Arc::clone(&a), g.clone());
            tx.on_commit(move || {
                *a.lock().unwrap() = Some(std::thread::spawn(move || q2.run(1)).join().unwrap());
                atomically(|tx| tx.write(&g2, true));
            });
            return Ok(());
        }
        Ok(())
    });
    assert_eq!(queue.run(1), Ok(1));
    assert_eq!(
        answer.lock().unwrap().clone(),
        Some(Err(QueueError::AlreadyRunning))
    );
    assert!(gate.snapshot());
}
