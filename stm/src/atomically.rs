//! Running transactions: the attempt loop behind [`atomically`].
//!
//! One call runs the closure as a sequence of attempts until one commits:
//! - conflict (an operation returned a conflict, or commit failed): record it, back off,
//!   re-run; after `aborts_before_inevitable` consecutive aborts (or when the attempt asked
//!   for inevitability and could not get it) the next attempt starts inevitable;
//! - `retry`: register a waiter on the read set, re-validate, unpin, and block until a
//!   commit touches one of the locations (or, for a `TransactionQueue` item, hand the waiter
//!   back so the item is re-queued when it fires);
//! - success: the attempt's commit published everything; on-commit actions run after the
//!   thread has left the transaction.
//!
//! A [`Session`] guard owns the per-call state so that a panic in user code leaves nothing
//! behind: no pin, no inevitability token, no buffered values, no "inside a transaction"
//! flag.

use std::sync::Arc;

use crate::contention::{self, backoff};
use crate::report;
use crate::runtime::{ThreadCtx, rt, with_ctx};
use crate::tx::{StmResult, Tx};
use crate::wakeup::{Waiter, reads_changed};

/// A misuse of the transaction API, reported by [`try_atomically`] (and as a panic message
/// by [`atomically`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxError {
    /// `atomically` was called inside a running transaction on the same thread. Pass the
    /// `&mut Tx` down instead (transactions do not nest).
    Nested,
    /// A transaction whose code relied on inevitability (`become_inevitable`, `irrevocable`,
    /// `atomically_inevitable`) called `retry`: it cannot be rolled back. (A transaction the
    /// contention policy made inevitable can retry; it gives the token back and blocks.)
    RetryInInevitable,
    /// `retry` was called before reading any transactional location: nothing could ever
    /// wake it up.
    RetryWithoutReads,
}

impl std::fmt::Display for TxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TxError::Nested => {
                "atomically() called inside a running transaction; pass the &mut Tx down instead"
            }
            TxError::RetryInInevitable => {
                "retry() called in an inevitable transaction, which can neither roll back nor be woken"
            }
            TxError::RetryWithoutReads => {
                "retry() called before reading any transactional location; nothing could wake it"
            }
        })
    }
}

impl std::error::Error for TxError {}

/// Runs `f` as a transaction and returns its result once an attempt commits.
///
/// `f` may run several times (after conflicts, or after `retry` wake-ups); only the effects
/// of the committing attempt on transactional locations become visible. Side effects outside
/// transactional locations belong in [`Tx::on_commit`] or [`Tx::irrevocable`].
///
/// # Panics
/// On a [`TxError`] (nesting, or a `retry` that could never be woken), with its message; use
/// [`try_atomically`] to get it as a value. A panic in `f` propagates after the attempt is
/// rolled back.
pub fn atomically<R>(f: impl FnMut(&mut Tx) -> StmResult<R>) -> R {
    try_atomically(f).unwrap_or_else(|e| panic!("tern-stm: {e}"))
}

/// Like [`atomically`], but returns API misuse as an error instead of panicking.
pub fn try_atomically<R>(f: impl FnMut(&mut Tx) -> StmResult<R>) -> Result<R, TxError> {
    match run(f, false, OnRetry::Block)? {
        Outcome::Committed(value) => Ok(value),
        Outcome::Waiting(_) => unreachable!("blocking mode never returns a waiter"),
    }
}

/// Runs `f` as a transaction that is inevitable from its first instruction: it runs exactly
/// once and never aborts (it may wait for the inevitability token first).
///
/// # Panics
/// Like [`atomically`].
pub fn atomically_inevitable<R>(f: impl FnMut(&mut Tx) -> StmResult<R>) -> R {
    match run(f, true, OnRetry::Block) {
        Ok(Outcome::Committed(value)) => value,
        Ok(Outcome::Waiting(_)) => unreachable!("blocking mode never returns a waiter"),
        Err(e) => panic!("tern-stm: {e}"),
    }
}

/// The serialization point of the last transaction this thread committed: `wv << 1` for a
/// transaction that wrote (its commit version), `rv << 1 | 1` for a read-only one (its read
/// version). Sorting committed transactions by this stamp gives an equivalent serial order;
/// the test suite replays that order against a model. Not a stable API.
#[doc(hidden)]
pub fn last_commit_stamp() -> u64 {
    with_ctx(|ctx| ctx.last_stamp.get())
}

/// True while the current thread runs a transaction.
pub fn in_transaction() -> bool {
    with_ctx(|ctx| ctx.in_tx.get())
}

/// What to do when an attempt calls `retry`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnRetry {
    /// Block the thread until woken, then re-run.
    Block,
    /// Return the armed waiter to the caller.
    Return,
}

/// How a transaction run ended.
pub(crate) enum Outcome<R> {
    Committed(R),
    /// The transaction retried; the waiter fires when a location it read changes.
    Waiting(Arc<Waiter>),
}

/// Per-call state; cleans up on every exit path, including panics.
struct Session<'a> {
    ctx: &'a ThreadCtx,
    tx: Option<Box<Tx>>,
    attempt_running: bool,
}

impl<'a> Session<'a> {
    fn new(ctx: &'a ThreadCtx) -> Self {
        ctx.in_tx.set(true);
        let tx = ctx
            .spare_tx
            .take()
            .unwrap_or_else(|| Box::new(Tx::new(ctx.slot)));
        Session {
            ctx,
            tx: Some(tx),
            attempt_running: false,
        }
    }

    fn tx(&mut self) -> &mut Tx {
        self.tx
            .as_mut()
            .expect("the Tx is present until the session ends")
    }

    fn begin(&mut self, attempt: u32, inevitable_rv: Option<u64>) {
        let ctx = self.ctx;
        self.tx().begin(ctx, attempt, inevitable_rv);
        self.attempt_running = true;
    }

    /// Ends the running attempt without publishing anything.
    fn end_attempt(&mut self) {
        let tx = self.tx();
        tx.release_inevitable();
        tx.reset();
        self.ctx.unpin();
        self.ctx.on_commit.borrow_mut().clear();
        self.attempt_running = false;
    }

    /// Ends a committed attempt and returns its on-commit actions.
    fn end_committed(&mut self) -> Vec<crate::runtime::CommitAction> {
        let tx = self.tx();
        if tx.reporting {
            tx_slot_commit(self.ctx);
        }
        let tx = self.tx();
        let stamp = tx.stamp;
        tx.release_inevitable();
        tx.reset();
        self.ctx.last_stamp.set(stamp);
        self.ctx.unpin();
        self.attempt_running = false;
        let mut actions = self.ctx.on_commit.borrow_mut();
        if actions.is_empty() {
            Vec::new()
        } else {
            std::mem::take(&mut *actions)
        }
    }

    fn record_abort(&mut self) {
        let ctx = self.ctx;
        let tx = self.tx();
        if let (Some(conflict), Some(started)) = (tx.doomed, tx.started) {
            report::record_abort(ctx.slot, conflict.key(), started.elapsed());
        }
    }
}

fn tx_slot_commit(ctx: &ThreadCtx) {
    ctx.slot
        .commits
        .fetch_add(1, crate::sync::atomic::Ordering::Relaxed);
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        if self.attempt_running {
            // Unwinding out of user code: roll the attempt back.
            self.end_attempt();
        }
        self.ctx.in_tx.set(false);
        if let Some(tx) = self.tx.take() {
            self.ctx.spare_tx.set(Some(tx));
        }
    }
}

/// Runs `f` until an attempt commits (or, with `OnRetry::Return`, until it retries).
pub(crate) fn run<R>(
    mut f: impl FnMut(&mut Tx) -> StmResult<R>,
    start_inevitable: bool,
    on_retry: OnRetry,
) -> Result<Outcome<R>, TxError> {
    with_ctx(|ctx| {
        if ctx.in_tx.get() {
            return Err(TxError::Nested);
        }
        let mut session = Session::new(ctx);
        let config = contention::config();
        let mut consecutive_aborts = 0_u32;
        let mut next_inevitable = start_inevitable;
        let mut attempt = 0_u32;
        loop {
            let inevitable_rv = if next_inevitable {
                Some(acquire_inevitable(ctx))
            } else {
                None
            };
            session.begin(attempt, inevitable_rv);
            // A caller that asked for an inevitable transaction may act irrevocably in it.
            session.tx().irrevocable = start_inevitable;
            attempt = attempt.saturating_add(1);
            let result = f(session.tx());
            let mut committed = None;
            let retried = {
                let tx = session.tx();
                match result {
                    Ok(value) if tx.doomed.is_none() => match tx.commit() {
                        Ok(()) => {
                            committed = Some(value);
                            false
                        }
                        Err(conflict) => {
                            tx.doomed = Some(conflict);
                            false
                        }
                    },
                    Err(abort) => abort.is_retry() && tx.doomed.is_none(),
                    Ok(_) => false,
                }
            };
            if let Some(value) = committed {
                let actions = session.end_committed();
                drop(session);
                for action in actions {
                    action();
                }
                ctx.collect_if_due();
                return Ok(Outcome::Committed(value));
            }
            if retried {
                // Inevitability granted by the contention policy (after many aborts) does
                // not stop a `retry`: nothing irrevocable happened, the writes are still
                // buffered, and `end_attempt` hands the token back before blocking.
                let (inevitable, read_nothing) = {
                    let tx = session.tx();
                    (tx.inevitable && tx.irrevocable, tx.reads.is_empty())
                };
                if inevitable || read_nothing {
                    session.end_attempt();
                    return Err(if inevitable {
                        TxError::RetryInInevitable
                    } else {
                        TxError::RetryWithoutReads
                    });
                }
                let (waiter, changed) = {
                    let tx = session.tx();
                    let waiter = rt().wakeup.register(&tx.reads);
                    (waiter, reads_changed(&tx.reads, tx.rv))
                };
                session.end_attempt();
                consecutive_aborts = 0;
                next_inevitable = start_inevitable;
                if changed {
                    rt().wakeup.cancel(&waiter);
                    continue;
                }
                match on_retry {
                    OnRetry::Block => {
                        waiter.wait();
                        continue;
                    }
                    OnRetry::Return => return Ok(Outcome::Waiting(waiter)),
                }
            }
            // Aborted.
            session.record_abort();
            let wants_inevitable = session.tx().wants_inevitable;
            session.end_attempt();
            consecutive_aborts = consecutive_aborts.saturating_add(1);
            if wants_inevitable || consecutive_aborts >= config.aborts_before_inevitable {
                next_inevitable = true;
            } else {
                backoff(ctx, consecutive_aborts, &config);
            }
        }
    })
}

/// Takes the inevitability token (waiting FIFO, unpinned) and sets the clock bit. Returns
/// the read version of the inevitable attempt.
fn acquire_inevitable(ctx: &ThreadCtx) -> u64 {
    let runtime = rt();
    let since = if report::reporting_enabled() {
        Some(std::time::Instant::now())
    } else {
        None
    };
    let other = if since.is_some() {
        runtime.token.holder_marker()
    } else {
        0
    };
    let waited = runtime.token.acquire(ctx.slot);
    if let (true, Some(since)) = (waited, since) {
        let key = report::ConflictKey {
            kind: report::ConflictKind::Inevitable,
            marker: 0,
            other,
        };
        report::record_pause(ctx.slot, key, since.elapsed());
    }
    runtime.clock.set_inevitable()
}
