//! The global version clock and the per-location versioned locks (TL2 design).
//!
//! Every transactional location (a [`TVar`](crate::TVar) or a [`TObject`](crate::TObject))
//! starts with a [`Header`]: a versioned lock word and the marker of its last writer.
//!
//! Lock word encoding (`u64`):
//! - unlocked: `version << 1` (bit 0 clear). `version` is the clock time of the commit that
//!   last wrote the location (0 for a location never written transactionally).
//! - locked: `owner_slot_address | 1`. Only a committing transaction holds a lock, and only
//!   between acquiring its write set and publishing it; the version it replaced is kept in
//!   the committer's lock list so an abort can restore it unchanged.
//!
//! Clock word encoding (`u64`): `(time << 1) | INEVITABLE`. An updating commit advances
//! `time` by one with a `fetch_add`; if the `INEVITABLE` bit was set it does not publish (it
//! pauses instead), so while an inevitable transaction runs no other transaction can publish
//! writes. Read-only transactions never write the clock, and a transaction's read version is
//! the newest clock value its thread has seen (see `Tx::begin`), so starting one does not
//! touch the clock either.
//!
//! Invariants the rest of the crate relies on:
//! 1. A committer locks a location *before* advancing the clock and publishes its values
//!    *after*; hence a transaction whose read version `rv` was sampled after a commit at
//!    time `wv <= rv` sees that commit's lock or its result on every location it wrote.
//! 2. Versions only grow, and a location's value is only changed while it is locked.
//! 3. The clock load at transaction start is `Acquire` and the clock CAS is `AcqRel`, so
//!    (1) also holds in the memory model, not just in time.

use crate::sync::atomic::{AtomicU64, Ordering};

/// Bit 0 of a lock word: set while a committer owns the location.
pub(crate) const LOCK_BIT: u64 = 1;
/// Bit 0 of the clock word: set while an inevitable transaction runs.
pub(crate) const INEVITABLE_BIT: u64 = 1;

/// The first words of every transactional location.
///
/// `repr(C)` with two fields of the same type: the layout equals `[AtomicU64; 2]`, which
/// is what lets a [`TObject`](crate::TObject) keep its header in the first two words of its
/// field array.
#[repr(C)]
pub(crate) struct Header {
    /// Versioned lock word (see the module docs).
    pub(crate) lock: AtomicU64,
    /// Marker id of the transaction that last committed a write here; only maintained
    /// while conflict reporting is enabled.
    pub(crate) last_writer: AtomicU64,
}

impl Header {
    pub(crate) fn new() -> Self {
        Header {
            lock: AtomicU64::new(unlocked(0)),
            last_writer: AtomicU64::new(0),
        }
    }
}

/// True when the lock word is held by a committer.
#[inline]
pub(crate) fn is_locked(word: u64) -> bool {
    word & LOCK_BIT != 0
}

/// The version stored in an unlocked lock word.
#[inline]
pub(crate) fn version(word: u64) -> u64 {
    debug_assert!(!is_locked(word));
    word >> 1
}

/// The unlocked lock word carrying `version`.
#[inline]
pub(crate) fn unlocked(version: u64) -> u64 {
    version << 1
}

/// The locked lock word naming `owner` (a slot address, at least 2-aligned).
#[inline]
pub(crate) fn locked_by(owner: usize) -> u64 {
    debug_assert!(owner & 1 == 0);
    owner as u64 | LOCK_BIT
}

/// The slot address stored in a locked lock word.
#[inline]
pub(crate) fn owner_of(word: u64) -> usize {
    debug_assert!(is_locked(word));
    (word & !LOCK_BIT) as usize
}

/// The global version clock.
pub(crate) struct Clock {
    word: AtomicU64,
}

/// Result of trying to advance the clock for a commit.
pub(crate) enum Tick {
    /// The clock advanced; the commit's write version.
    Advanced(u64),
    /// An inevitable transaction runs: the committer must not publish now.
    InevitableActive,
}

impl Clock {
    pub(crate) fn new() -> Self {
        Clock {
            word: AtomicU64::new(0),
        }
    }

    /// The current time (the read version a transaction starting now uses).
    #[inline]
    pub(crate) fn now(&self) -> u64 {
        self.word.load(Ordering::Acquire) >> 1
    }

    /// True while an inevitable transaction runs.
    #[inline]
    pub(crate) fn inevitable_active(&self) -> bool {
        self.word.load(Ordering::Acquire) & INEVITABLE_BIT != 0
    }

    /// Advances the clock by one for an ordinary committer, unless an inevitable transaction
    /// runs. One `fetch_add` (a single cache-line transfer, no retry loop): if the bit turns out
    /// to be set, the time still advanced, which is harmless -- no version is published with
    /// it, and time only has to be monotonic.
    pub(crate) fn tick(&self) -> Tick {
        let before = self.word.fetch_add(2, Ordering::AcqRel);
        if before & INEVITABLE_BIT != 0 {
            Tick::InevitableActive
        } else {
            Tick::Advanced((before >> 1) + 1)
        }
    }

    /// Sets the inevitable bit (the caller holds the inevitability token, so the bit is
    /// clear). Returns the time at which it was set: no commit can get a later version
    /// until the bit is cleared.
    pub(crate) fn set_inevitable(&self) -> u64 {
        let before = self.word.fetch_or(INEVITABLE_BIT, Ordering::AcqRel);
        debug_assert!(before & INEVITABLE_BIT == 0, "two inevitable transactions");
        before >> 1
    }

    /// Commit of the inevitable transaction: advances time by one and clears the bit in one
    /// step (`(t << 1 | 1) + 1 == (t + 1) << 1`). Returns the write version.
    pub(crate) fn tick_inevitable(&self) -> u64 {
        let before = self.word.fetch_add(1, Ordering::AcqRel);
        debug_assert!(before & INEVITABLE_BIT != 0);
        (before >> 1) + 1
    }

    /// Clears the inevitable bit without advancing time (inevitable transaction that wrote
    /// nothing, or that gave up inevitability). A no-op when the bit is already clear.
    pub(crate) fn clear_inevitable(&self) {
        self.word.fetch_and(!INEVITABLE_BIT, Ordering::AcqRel);
    }
}
