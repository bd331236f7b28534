//! Contention management: who waits, who aborts, and how a loser eventually wins.
//!
//! The policy (also in the README):
//!
//! | situation | what happens |
//! |---|---|
//! | a read finds the location locked by a committer (write-read) | the reader *pauses*, spinning then yielding, for up to `lock_wait_spins` rounds; if the lock is still held it aborts itself |
//! | commit-time lock acquisition finds a lock held by another committer (write-write) | the same bounded pause, then the committer releases what it holds and aborts itself |
//! | commit-time validation finds that a location read was committed by someone else since (write-read; write-write when this transaction also wrote it) | the committed writer wins: the validating transaction aborts |
//! | an ordinary commit while an inevitable transaction runs (inevitable) | the committer releases its locks and *pauses* until the inevitable transaction ends, then retries the commit (re-validating) |
//! | an inevitable transaction meets a locked location | it waits without bound: the holder is a committer that either finishes or backs off |
//!
//! Locks are taken in address order and every wait of a non-inevitable transaction is
//! bounded, so there is no deadlock. Between attempts a transaction backs off for a random,
//! exponentially growing number of spins (capped), which breaks the symmetric patterns that
//! cause livelock in practice.
//!
//! Starvation freedom: after `aborts_before_inevitable` consecutive aborts a transaction
//! runs its next attempt *inevitable*. Inevitability is granted in FIFO ticket order and an
//! inevitable transaction is never aborted, so every transaction commits after a bounded
//! number of aborts plus a wait in a FIFO queue of transactions that themselves cannot
//! abort. This also rules out livelock: whenever transactions keep aborting, one of them
//! becomes inevitable and commits.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use crate::clock::is_locked;
use crate::runtime::ThreadCtx;
use crate::sync::atomic::{AtomicU64, Ordering as SyncOrdering};
use crate::sync::{spin_hint, yield_now};

/// Tunable contention-management parameters (process-wide).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// After this many consecutive aborts a transaction's next attempt runs inevitable
    /// (starvation freedom). At least 1.
    pub aborts_before_inevitable: u32,
    /// How many rounds a transaction waits for a location locked by a committer before it
    /// aborts itself (the first rounds spin, later ones yield the CPU). At least 1.
    pub lock_wait_spins: u32,
    /// Randomised exponential back-off between attempts.
    pub backoff: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            aborts_before_inevitable: 10,
            lock_wait_spins: 128,
            backoff: true,
        }
    }
}

/// A rejected [`Config`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid STM configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

static ABORTS_BEFORE_INEVITABLE: AtomicU32 = AtomicU32::new(10);
static LOCK_WAIT_SPINS: AtomicU32 = AtomicU32::new(128);
static BACKOFF: AtomicBool = AtomicBool::new(true);

/// Replaces the process-wide contention-management configuration. Transactions already
/// running keep the values they started with.
pub fn set_config(config: Config) -> Result<(), ConfigError> {
    if config.aborts_before_inevitable == 0 {
        return Err(ConfigError(
            "aborts_before_inevitable must be at least 1".into(),
        ));
    }
    if config.lock_wait_spins == 0 {
        return Err(ConfigError("lock_wait_spins must be at least 1".into()));
    }
    ABORTS_BEFORE_INEVITABLE.store(config.aborts_before_inevitable, Ordering::Relaxed);
    LOCK_WAIT_SPINS.store(config.lock_wait_spins, Ordering::Relaxed);
    BACKOFF.store(config.backoff, Ordering::Relaxed);
    Ok(())
}

/// The current process-wide configuration.
pub fn config() -> Config {
    Config {
        aborts_before_inevitable: ABORTS_BEFORE_INEVITABLE.load(Ordering::Relaxed),
        lock_wait_spins: LOCK_WAIT_SPINS.load(Ordering::Relaxed),
        backoff: BACKOFF.load(Ordering::Relaxed),
    }
}

/// Spin rounds before a wait starts yielding the CPU.
const SPINS_BEFORE_YIELD: u32 = 64;

/// Waits until `lock` is unlocked and returns the unlocked word; gives up after `budget`
/// rounds (`None`: no limit). `waited` tells whether any waiting happened.
pub(crate) fn wait_unlocked(lock: &AtomicU64, budget: Option<u32>) -> Option<u64> {
    let mut round = 0_u32;
    loop {
        let word = lock.load(SyncOrdering::Acquire);
        if !is_locked(word) {
            return Some(word);
        }
        if budget.is_some_and(|b| round >= b) {
            return None;
        }
        if round < SPINS_BEFORE_YIELD {
            spin_hint();
        } else {
            yield_now();
        }
        round = round.saturating_add(1);
    }
}

/// Randomised exponential back-off after the `aborts`-th consecutive abort.
pub(crate) fn backoff(ctx: &ThreadCtx, aborts: u32, config: &Config) {
    if !config.backoff {
        return;
    }
    let cap = 1_u64 << aborts.min(10);
    let spins = ctx.random() % (cap * 4);
    for _ in 0..spins {
        spin_hint();
    }
    if aborts >= 4 {
        yield_now();
    }
}
