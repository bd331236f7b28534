//! `TransactionQueue`: run many small work items on N threads, each in its own transaction.
//!
//! The PyPy-STM programming model: the user adds work items and calls `run(threads)`;
//! each item runs as one transaction, so the outcome is that of running the items one after
//! another in some order (their commit order), without any lock in user code. Items may add
//! more items; an item's additions are published when (and only if) its transaction commits.
//!
//! Retry: an item that calls `tx.retry()` does not block its worker. It is *parked* with a
//! wake-up callback on the locations it read and re-queued when a commit changes one. If
//! nothing is runnable, nothing is running and items are parked, no item of this queue can
//! ever wake them: `run` returns [`QueueError::Deadlock`].
//!
//! Panics: the first panic of an item stops the queue from starting new items; items
//! already running finish (commit or abort as usual), pending and parked items are dropped,
//! the workers are joined, and then `run` resumes the panic on the caller's thread (PyPy's
//! behaviour for exceptions). Nothing is left half-done: a panicking item's transaction is
//! rolled back.
//!
//! Workers take items in batches (a share of the queue, at most 32) so that the queue lock
//! is taken once per batch, not twice per item.
//!
//! Invariants (under the state lock): `active` counts items taken by workers and not yet
//! finished (a whole batch until the batch ends); `parked` holds exactly the waiters of items parked and not yet re-queued or
//! cancelled; `run` returns only when `ready`, `active` and `parked` are all empty.

use std::any::Any;
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::atomically::{OnRetry, Outcome, TxError, in_transaction, run};
use crate::report;
use crate::runtime::{rt, with_ctx};
use crate::sync::{Condvar, Mutex};
use crate::tx::{StmResult, Tx};
use crate::wakeup::Waiter;

type Item = Box<dyn FnMut(&mut Tx) -> StmResult<()> + Send>;

/// Why [`TransactionQueue::run`] failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueueError {
    /// `run(0)`: at least one thread is needed.
    ZeroThreads,
    /// `run` was called while the same queue was already running.
    AlreadyRunning,
    /// `run` was called inside a transaction.
    Nested,
    /// Items were waiting in `retry` with nothing left that could wake them; they were
    /// dropped.
    Deadlock {
        /// Number of items that were waiting.
        waiting: usize,
    },
    /// An item misused the transaction API (see [`TxError`]); the queue stopped.
    Transaction(TxError),
}

impl fmt::Display for QueueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueueError::ZeroThreads => {
                f.write_str("TransactionQueue::run needs at least one thread")
            }
            QueueError::AlreadyRunning => {
                f.write_str("TransactionQueue::run called while the queue is running")
            }
            QueueError::Nested => f.write_str("TransactionQueue::run called inside a transaction"),
            QueueError::Deadlock { waiting } => write!(
                f,
                "{waiting} item(s) waited in retry() with no runnable item left to wake them"
            ),
            QueueError::Transaction(e) => write!(f, "an item failed: {e}"),
        }
    }
}

impl std::error::Error for QueueError {}

struct State {
    ready: VecDeque<Item>,
    active: usize,
    parked: HashMap<u64, Arc<Waiter>>,
    next_park_id: u64,
    running: bool,
    /// Worker threads of the current run (sizes the batches).
    workers: usize,
    stopping: bool,
    panic: Option<Box<dyn Any + Send>>,
    error: Option<QueueError>,
    committed: u64,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// Mirrors `State::stopping` for a lock-free check between the items of a batch.
    stop_flag: AtomicBool,
}

/// A queue of work items run in parallel, each as one transaction.
///
/// ```
/// use tern_stm::{TVar, TransactionQueue};
/// let total = TVar::new(0_u64);
/// let queue = TransactionQueue::new();
/// for i in 1..=100_u64 {
///     let total = total.clone();
///     queue.add(move |tx| tx.modify(&total, |t| t + i));
/// }
/// assert_eq!(queue.run(2), Ok(100));
/// assert_eq!(total.snapshot(), 5050);
/// ```
#[derive(Clone)]
pub struct TransactionQueue {
    shared: Arc<Shared>,
}

impl Default for TransactionQueue {
    fn default() -> Self {
        Self::new()
    }
}

impl TransactionQueue {
    /// An empty queue.
    pub fn new() -> Self {
        TransactionQueue {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    ready: VecDeque::new(),
                    active: 0,
                    parked: HashMap::new(),
                    next_park_id: 0,
                    running: false,
                    workers: 1,
                    stopping: false,
                    panic: None,
                    error: None,
                    committed: 0,
                }),
                changed: Condvar::new(),
                stop_flag: AtomicBool::new(false),
            }),
        }
    }

    /// Adds a work item. Called inside a transaction (typically by a running item), the
    /// item is added when that transaction commits, and not at all if it aborts.
    ///
    /// The item may run more than once (after conflicts); only its committing run has
    /// effects on transactional state.
    pub fn add(&self, item: impl FnMut(&mut Tx) -> StmResult<()> + Send + 'static) {
        let item: Item = Box::new(item);
        let deferred = with_ctx(|ctx| {
            if ctx.in_tx.get() {
                let shared = Arc::clone(&self.shared);
                ctx.on_commit
                    .borrow_mut()
                    .push(Box::new(move || shared.push(item)));
                None
            } else {
                Some(item)
            }
        });
        if let Some(item) = deferred {
            self.shared.push(item);
        }
    }

    /// Number of items waiting to run (not counting running or parked ones).
    pub fn len(&self) -> usize {
        self.shared.state.lock().ready.len()
    }

    /// True when no item is waiting to run.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs items on `threads` worker threads until none is left (including those added
    /// while running). Returns the number of items committed.
    ///
    /// A panic in an item is resumed here after the queue has stopped cleanly (see the
    /// module docs). With `TERN_STM_REPORT` set, the conflict report is printed to stderr
    /// when the run ends.
    pub fn run(&self, threads: usize) -> Result<u64, QueueError> {
        if threads == 0 {
            return Err(QueueError::ZeroThreads);
        }
        if in_transaction() {
            return Err(QueueError::Nested);
        }
        {
            let mut state = self.shared.state.lock();
            if state.running {
                return Err(QueueError::AlreadyRunning);
            }
            state.running = true;
            state.workers = threads;
            state.stopping = false;
            self.shared.stop_flag.store(false, Ordering::Relaxed);
            state.committed = 0;
        }
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| worker(&self.shared));
            }
        });
        let (committed, panic, error) = {
            let mut state = self.shared.state.lock();
            state.running = false;
            state.stopping = false;
            self.shared.stop_flag.store(false, Ordering::Relaxed);
            (state.committed, state.panic.take(), state.error.take())
        };
        if report::env_requests_report() {
            eprint!("tern-stm TransactionQueue::run: {}", report::report());
        }
        if let Some(payload) = panic {
            resume_unwind(payload);
        }
        match error {
            Some(error) => Err(error),
            None => Ok(committed),
        }
    }
}

impl Shared {
    fn push(&self, item: Item) {
        let mut state = self.state.lock();
        state.ready.push_back(item);
        drop(state);
        self.changed.notify_one();
    }

    /// Re-queues a parked item whose waiter fired.
    fn requeue(&self, id: u64, item: Item) {
        let mut state = self.state.lock();
        state.parked.remove(&id);
        let discard = if state.stopping {
            Some(item)
        } else {
            state.ready.push_back(item);
            None
        };
        drop(state);
        self.changed.notify_all();
        drop(discard);
    }

    /// Takes the next items to run into `batch` (a share of the queue, at most
    /// `MAX_BATCH`, so a worker pays one lock round-trip per batch rather than per item).
    /// Returns false when the run is over.
    fn next_batch(&self, batch: &mut Vec<Item>) -> bool {
        let mut state = self.state.lock();
        loop {
            if !state.stopping && !state.ready.is_empty() {
                let share = state.ready.len() / (2 * state.workers);
                let take = share.clamp(1, MAX_BATCH);
                batch.extend(state.ready.drain(..take));
                state.active += take;
                return true;
            }
            if state.active == 0 {
                if state.parked.is_empty() {
                    let leftovers = std::mem::take(&mut state.ready);
                    drop(state);
                    self.changed.notify_all();
                    drop(leftovers);
                    return false;
                }
                // Nothing runnable and nothing running: parked items cannot be woken by
                // this queue any more (or the queue is stopping). Cancel them.
                let (cancelled, stuck) = cancel_parked(&mut state);
                if stuck > 0 && !state.stopping {
                    state
                        .error
                        .get_or_insert(QueueError::Deadlock { waiting: stuck });
                    state.stopping = true;
                    self.stop_flag.store(true, Ordering::Relaxed);
                }
                if !cancelled.is_empty() {
                    drop(state);
                    drop(cancelled);
                    state = self.state.lock();
                    continue;
                }
                // Some waiters fired concurrently: their items are on the way back.
            }
            state = self.changed.wait(state);
        }
    }

    /// True once the run is stopping (after a panic or an error): skip remaining items.
    fn stopping(&self) -> bool {
        self.stop_flag.load(Ordering::Relaxed)
    }

    /// Parks an item that retried until its waiter fires. The item still counts as active,
    /// so nobody concludes "deadlock" before the wake-up action is in place.
    fn park(self: &Arc<Self>, item: Item, waiter: Arc<Waiter>) {
        let id = {
            let mut state = self.state.lock();
            let id = state.next_park_id;
            state.next_park_id += 1;
            state.parked.insert(id, Arc::clone(&waiter));
            id
        };
        let shared = Arc::clone(self);
        waiter.on_fire(Box::new(move || shared.requeue(id, item)));
    }

    /// Records a failed item (panic or API misuse) and stops the run.
    fn fail(&self, failure: Result<TxError, Box<dyn Any + Send>>) {
        let mut state = self.state.lock();
        match failure {
            Ok(error) => {
                state.error.get_or_insert(QueueError::Transaction(error));
            }
            Err(payload) => {
                if state.panic.is_none() {
                    state.panic = Some(payload);
                }
            }
        }
        state.stopping = true;
        self.stop_flag.store(true, Ordering::Relaxed);
        let discard = std::mem::take(&mut state.ready);
        drop(state);
        drop(discard);
    }

    /// Ends a batch of `taken` items of which `committed` committed.
    fn finish_batch(&self, taken: usize, committed: u64) {
        let mut state = self.state.lock();
        state.committed += committed;
        state.active -= taken;
        let wake = state.active == 0 || state.stopping;
        drop(state);
        if wake {
            self.changed.notify_all();
        }
    }
}

/// Upper bound on the items a worker takes at once.
const MAX_BATCH: usize = 32;

/// Cancels every parked waiter that has not fired. Returns the cancelled items (to drop
/// outside the lock) and how many there were.
fn cancel_parked(state: &mut State) -> (Vec<crate::wakeup::WakeAction>, usize) {
    let mut cancelled = Vec::new();
    state.parked.retain(|_, waiter| {
        if rt().wakeup.cancel(waiter) {
            if let Some(action) = waiter.take_action() {
                cancelled.push(action);
            }
            false
        } else {
            true
        }
    });
    let count = cancelled.len();
    (cancelled, count)
}

fn worker(shared: &Arc<Shared>) {
    let mut batch = Vec::new();
    while shared.next_batch(&mut batch) {
        let taken = batch.len();
        let mut committed = 0;
        let mut stopped = false;
        for mut item in batch.drain(..) {
            if stopped {
                continue; // dropped: the run is stopping
            }
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                run(|tx| item(tx), false, OnRetry::Return)
            }));
            match outcome {
                Ok(Ok(Outcome::Committed(()))) => committed += 1,
                Ok(Ok(Outcome::Waiting(waiter))) => shared.park(item, waiter),
                Ok(Err(error)) => {
                    shared.fail(Ok(error));
                    stopped = true;
                }
                Err(payload) => {
                    shared.fail(Err(payload));
                    stopped = true;
                }
            }
            // Another worker's failure also stops this batch (checked between items).
            stopped = stopped || shared.stopping();
        }
        shared.finish_batch(taken, committed);
    }
}
