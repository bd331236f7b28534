//! `Tx`: one transaction attempt -- reads, buffered writes, validation and commit (TL2).
//!
//! Reads. A transaction has a read version `rv`: the newest clock time its thread has seen
//! (any time the clock has already passed is a valid snapshot time). Reading a
//! location: load its lock word; if locked, pause (bounded) for the committer; load the
//! value; re-load the lock word; if it changed, start over; if its version is newer than
//! `rv`, try to *extend* the snapshot (sample the clock, re-validate every earlier read,
//! adopt the new time) and otherwise abort. So every value a transaction sees belongs to
//! the single consistent state at time `rv`: opacity, even for attempts that later abort.
//!
//! Writes are buffered in the [`WriteSet`]; reads of locations written earlier in the same
//! transaction return the buffered value.
//!
//! Commit (transactions that wrote something; read-only ones commit for free because their
//! reads were all consistent at `rv`):
//! 1. lock the written locations in address order (bounded pause on a held lock, then abort);
//! 2. advance the clock (`fetch_add`) to get the write version `wv` (if an inevitable
//!    transaction runs: release the locks, pause, start the commit over);
//! 3. unless `wv == rv + 1` (nobody committed in between), re-validate the read set;
//! 4. publish the buffered values, then unlock every location with version `wv`;
//! 5. wake transactions blocked in `retry` on those locations.
//!
//! An inevitable transaction (see `inevitable.rs`) runs with the clock's inevitable bit set:
//! no one else can commit, so it never needs validation and never aborts; its waits for
//! locked locations are unbounded because the holders never wait for it.
//!
//! Invariants: a `Tx` is only used on the thread that created it, inside a pinned epoch;
//! read-set and write-set pointers are headers of live (or epoch-protected) locations;
//! locks are only held inside [`Tx::commit`].

use std::marker::PhantomData;
use std::time::Instant;

use crate::clock::{Header, Tick, is_locked, locked_by, owner_of, unlocked, version};
use crate::contention::{self, wait_unlocked};
use crate::epoch::Retired;
use crate::object::{HEADER_WORDS, TObject};
use crate::report::{self, ConflictKey, ConflictKind, Marker};
use crate::runtime::{Slot, ThreadCtx, rt, slot_at};
use crate::sync::atomic::{AtomicU64, Ordering};
use crate::tvar::TVar;
use crate::writeset::{VAR_FIELD, WriteSet};

/// Result of a transactional operation; `Err` means the attempt must stop (propagate it
/// with `?`) because it conflicted or called [`Tx::retry`].
pub type StmResult<T> = Result<T, Abort>;

/// Why a transactional operation stopped the attempt. Propagate it with `?`; the enclosing
/// [`atomically`](crate::atomically) re-runs or blocks as appropriate.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Abort {
    retry: bool,
}

impl Abort {
    const CONFLICT: Abort = Abort { retry: false };
    const RETRY: Abort = Abort { retry: true };

    /// True for a [`Tx::retry`] (block until a read location changes), false for a
    /// conflict (re-run now).
    pub fn is_retry(&self) -> bool {
        self.retry
    }
}

impl std::fmt::Debug for Abort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.retry {
            "Abort(retry)"
        } else {
            "Abort(conflict)"
        })
    }
}

impl std::fmt::Display for Abort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.retry {
            "transaction retried: waiting for a location it read to change"
        } else {
            "transaction conflicted with another one and will be re-run"
        })
    }
}

impl std::error::Error for Abort {}

/// A detected conflict, kept until the attempt ends (for the report).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Conflict {
    pub(crate) kind: ConflictKind,
    pub(crate) marker: u32,
    pub(crate) other: u32,
}

impl Conflict {
    pub(crate) fn key(&self) -> ConflictKey {
        ConflictKey {
            kind: self.kind,
            marker: self.marker,
            other: self.other,
        }
    }
}

/// A running transaction. Handed to the closure of [`atomically`](crate::atomically); all
/// reads and writes of transactional locations go through it.
pub struct Tx {
    pub(crate) rv: u64,
    pub(crate) reads: Vec<*const Header>,
    read_markers: Vec<u32>,
    pub(crate) writes: WriteSet,
    /// Commit scratch: written headers in address order with the version each had.
    locks: Vec<(*const Header, u64)>,
    /// Values replaced by the commit, retired after the locks are released.
    replaced: Vec<Retired>,
    slot: &'static Slot,
    ctx: *const ThreadCtx,
    pub(crate) inevitable: bool,
    pub(crate) doomed: Option<Conflict>,
    /// The attempt asked to become inevitable and could not: run the next one inevitable.
    pub(crate) wants_inevitable: bool,
    /// The code relies on this attempt's inevitability (it called `become_inevitable` or
    /// `irrevocable`, or the transaction was started inevitable by its caller), so it may
    /// have done something irrevocable and must not be rolled back by a `retry`. An attempt
    /// made inevitable only by the contention policy has not, and can still retry.
    pub(crate) irrevocable: bool,
    marker: u32,
    pub(crate) reporting: bool,
    lock_wait: u32,
    pause_limit: u32,
    attempt: u32,
    pub(crate) started: Option<Instant>,
    /// Serialization point of the last commit: `wv << 1` for an update, `rv << 1 | 1` for a
    /// read-only transaction (tests replay committed transactions in this order).
    pub(crate) stamp: u64,
    /// `Tx` holds raw pointers into thread-local state: keep it `!Send`/`!Sync`.
    _not_send: PhantomData<*const ()>,
}

/// Unpins a thread context when dropped (panic-safe pin scopes).
pub(crate) struct UnpinOnDrop<'a>(pub(crate) &'a ThreadCtx);

impl Drop for UnpinOnDrop<'_> {
    fn drop(&mut self) {
        self.0.unpin();
    }
}

/// The word of field `field` of the object whose header is `header`.
///
/// # Safety
/// `header` is the header pointer of a live (or epoch-protected) `TObject` with more than
/// `field` fields, derived from its allocation pointer.
unsafe fn field_word<'a>(header: *const Header, field: u32) -> &'a AtomicU64 {
    // SAFETY: per the contract: the object's words are `[header(2), refs, fields...]`.
    unsafe { &*(header as *const AtomicU64).add(HEADER_WORDS + field as usize) }
}

/// # Safety
/// `header` is a live or epoch-protected location header.
#[inline]
unsafe fn header_ref<'a>(header: *const Header) -> &'a Header {
    // SAFETY: per the contract.
    unsafe { &*header }
}

impl Tx {
    pub(crate) fn new(slot: &'static Slot) -> Self {
        Tx {
            rv: 0,
            reads: Vec::new(),
            read_markers: Vec::new(),
            writes: WriteSet::new(),
            locks: Vec::new(),
            replaced: Vec::new(),
            slot,
            ctx: std::ptr::null(),
            inevitable: false,
            doomed: None,
            wants_inevitable: false,
            irrevocable: false,
            marker: 0,
            reporting: false,
            lock_wait: 0,
            pause_limit: 0,
            attempt: 0,
            started: None,
            stamp: 0,
            _not_send: PhantomData,
        }
    }

    /// Starts an attempt: pins the thread and takes the read version (`inevitable_rv` is the
    /// time the inevitable bit was set, for an attempt that starts inevitable).
    pub(crate) fn begin(&mut self, ctx: &ThreadCtx, attempt: u32, inevitable_rv: Option<u64>) {
        debug_assert!(self.reads.is_empty() && self.writes.is_empty());
        self.ctx = ctx;
        self.attempt = attempt;
        self.doomed = None;
        self.wants_inevitable = false;
        self.irrevocable = false;
        self.marker = 0;
        self.reporting = report::reporting_enabled();
        self.started = if self.reporting {
            Some(Instant::now())
        } else {
            None
        };
        if self.reporting {
            self.slot.marker.store(0, Ordering::Relaxed);
        }
        let config = contention::config();
        self.lock_wait = config.lock_wait_spins;
        self.pause_limit = config.aborts_before_inevitable;
        ctx.pin();
        match inevitable_rv {
            Some(rv) => {
                self.inevitable = true;
                self.rv = rv;
            }
            None => {
                self.inevitable = false;
                // The newest clock value this thread has seen, not a fresh load: any value the
                // clock had at some earlier moment is a valid read version (every commit with
                // a version <= it had locked its locations by then), and not touching the
                // clock line here halves its cache traffic. A read that finds a newer version
                // extends the snapshot, which loads the clock.
                self.rv = ctx.seen_time.get();
            }
        }
    }

    fn ctx(&self) -> &ThreadCtx {
        debug_assert!(!self.ctx.is_null());
        // SAFETY: `ctx` is set by `begin`; the driver only runs an attempt inside the
        // `with_ctx` scope that owns the context, and `Tx` is `!Send`.
        unsafe { &*self.ctx }
    }

    /// Forgets the attempt's reads and writes (dropping unpublished values).
    pub(crate) fn reset(&mut self) {
        self.reads.clear();
        self.read_markers.clear();
        self.writes.clear();
        self.locks.clear();
    }

    /// Gives up inevitability (after commit or abort).
    pub(crate) fn release_inevitable(&mut self) {
        if self.inevitable {
            self.inevitable = false;
            rt().clock.clear_inevitable();
            rt().token.release();
        }
    }

    #[inline]
    fn check_live(&self) -> StmResult<()> {
        if self.doomed.is_some() {
            Err(Abort::CONFLICT)
        } else {
            Ok(())
        }
    }

    /// Marks the attempt as conflicted (the first conflict is the one reported).
    fn doom(&mut self, conflict: Conflict) -> Abort {
        if self.doomed.is_none() {
            self.doomed = Some(conflict);
        }
        Abort::CONFLICT
    }

    /// Marker of the transaction currently holding a lock word (reports only).
    fn owner_marker(&self, word: u64) -> u32 {
        if !self.reporting || !is_locked(word) {
            return 0;
        }
        // SAFETY: a locked word names a slot; slots are never freed.
        unsafe { slot_at(owner_of(word)) }
            .marker
            .load(Ordering::Relaxed)
    }

    fn record_pause(&self, kind: ConflictKind, other: u32, since: Option<Instant>) {
        if let Some(since) = since {
            let key = ConflictKey {
                kind,
                marker: self.marker,
                other,
            };
            report::record_pause(self.slot, key, since.elapsed());
        }
    }

    fn pause_clock(&self) -> Option<Instant> {
        if self.reporting {
            Some(Instant::now())
        } else {
            None
        }
    }

    // ----- public API -----------------------------------------------------------------

    /// Reads a variable: the value in this transaction's consistent snapshot, or the value
    /// it wrote earlier.
    #[inline]
    pub fn read<T: Clone + Send + Sync + 'static>(&mut self, var: &TVar<T>) -> StmResult<T> {
        self.check_live()?;
        let header = var.header_ptr();
        if !self.writes.is_empty()
            && let Some(entry) = self.writes.find(header, VAR_FIELD)
        {
            // SAFETY: a TVar<T> entry's payload is an owned, unpublished `Box<T>`.
            return Ok(unsafe { (*(entry.payload as usize as *const T)).clone() });
        }
        let cell = var.cell();
        let ptr = self.read_consistent(header, || cell.value.load(Ordering::Acquire))?;
        // SAFETY: `ptr` was the committed value at a version <= rv; published values are
        // immutable and only freed via epoch reclamation, and this thread is pinned.
        Ok(unsafe { (*ptr).clone() })
    }

    /// Writes a variable (buffered until commit).
    #[inline]
    pub fn write<T: Send + Sync + 'static>(&mut self, var: &TVar<T>, value: T) -> StmResult<()> {
        self.check_live()?;
        let payload = TVar::<T>::box_payload(value);
        self.writes.put(
            var.header_ptr(),
            VAR_FIELD,
            payload,
            Some(TVar::<T>::ops()),
            self.marker,
        );
        Ok(())
    }

    /// Reads a variable, applies `f` and writes the result back.
    #[inline]
    pub fn modify<T: Clone + Send + Sync + 'static>(
        &mut self,
        var: &TVar<T>,
        f: impl FnOnce(T) -> T,
    ) -> StmResult<()> {
        let value = self.read(var)?;
        self.write(var, f(value))
    }

    /// Reads field `field` of an object.
    ///
    /// # Panics
    /// If `field >= obj.len()` (like slice indexing).
    #[inline]
    pub fn load(&mut self, obj: &TObject, field: usize) -> StmResult<u64> {
        self.check_live()?;
        let word = obj.field(field);
        let header = obj.header_ptr();
        if !self.writes.is_empty()
            && let Some(entry) = self.writes.find(header, field as u32)
        {
            return Ok(entry.payload);
        }
        self.read_consistent(header, || word.load(Ordering::Acquire))
    }

    /// Writes field `field` of an object (buffered until commit).
    ///
    /// # Panics
    /// If `field >= obj.len()` (like slice indexing).
    #[inline]
    pub fn store(&mut self, obj: &TObject, field: usize, value: u64) -> StmResult<()> {
        self.check_live()?;
        obj.check_index(field);
        self.writes
            .put(obj.header_ptr(), field as u32, value, None, self.marker);
        Ok(())
    }

    /// Abandons this attempt and blocks until one of the locations read so far changes, then
    /// re-runs the transaction (Haskell's `retry`). Use as `return tx.retry();`.
    pub fn retry<R>(&mut self) -> StmResult<R> {
        self.check_live()?;
        Err(Abort::RETRY)
    }

    /// Runs `first`; if it calls [`retry`](Self::retry), undoes its writes and runs `second`
    /// instead (Haskell's `orElse`). If both retry, the whole transaction waits for a change
    /// to anything either of them read.
    pub fn or_else<R>(
        &mut self,
        first: impl FnOnce(&mut Tx) -> StmResult<R>,
        second: impl FnOnce(&mut Tx) -> StmResult<R>,
    ) -> StmResult<R> {
        self.check_live()?;
        let checkpoint = self.writes.checkpoint();
        let actions = self.ctx().on_commit.borrow().len();
        match first(self) {
            Err(abort) if abort.is_retry() && self.doomed.is_none() => {
                self.writes.rollback(checkpoint);
                let dropped = self.ctx().on_commit.borrow_mut().split_off(actions);
                drop(dropped);
                second(self)
            }
            other => {
                self.writes.merge(checkpoint);
                other
            }
        }
    }

    /// Makes this transaction inevitable: from now on it cannot abort, so it may perform
    /// irrevocable actions. Only one transaction is inevitable at a time. If the token is
    /// busy, or something this transaction read has changed, the attempt aborts and the
    /// transaction re-runs, inevitable from the start.
    pub fn become_inevitable(&mut self) -> StmResult<()> {
        self.check_live()?;
        if self.inevitable {
            self.irrevocable = true;
            return Ok(());
        }
        let runtime = rt();
        if !runtime.token.try_acquire(self.slot) {
            self.wants_inevitable = true;
            let other = if self.reporting {
                runtime.token.holder_marker()
            } else {
                0
            };
            return Err(self.doom(Conflict {
                kind: ConflictKind::Inevitable,
                marker: self.marker,
                other,
            }));
        }
        let now = runtime.clock.set_inevitable();
        // While validating, wait for lock holders without bound: they are committers that
        // either already advanced the clock (and finish) or will see the bit and back off.
        self.inevitable = true;
        if let Err(conflict) = self.validate(false) {
            self.release_inevitable();
            self.wants_inevitable = true;
            return Err(self.doom(conflict));
        }
        self.rv = now;
        self.irrevocable = true;
        if self.reporting {
            self.slot.marker.store(self.marker, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Becomes inevitable (see [`become_inevitable`](Self::become_inevitable)) and runs `f`,
    /// an action that cannot be rolled back (I/O, a foreign call).
    pub fn irrevocable<R>(&mut self, f: impl FnOnce() -> R) -> StmResult<R> {
        self.become_inevitable()?;
        Ok(f())
    }

    /// True once this transaction is inevitable.
    pub fn is_inevitable(&self) -> bool {
        self.inevitable
    }

    /// Which attempt this is (0 for the first run of the closure).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Sets the marker that conflict reports attribute this transaction's next accesses to.
    pub fn set_marker(&mut self, marker: Marker) {
        self.marker = marker.0;
        if self.reporting {
            self.slot.marker.store(marker.0, Ordering::Relaxed);
        }
    }

    /// Runs `action` after this transaction commits (never if this attempt aborts).
    pub fn on_commit(&mut self, action: impl FnOnce() + 'static) {
        self.ctx().on_commit.borrow_mut().push(Box::new(action));
    }

    // ----- reads and validation -------------------------------------------------------

    /// The TL2 read protocol around `load` (which must perform an `Acquire` load of the
    /// location's value, so the lock re-load below cannot move before it).
    #[inline]
    fn read_consistent<V>(&mut self, header: *const Header, load: impl Fn() -> V) -> StmResult<V> {
        // SAFETY: the caller holds a handle to the location.
        let lock = &unsafe { header_ref(header) }.lock;
        loop {
            let before = lock.load(Ordering::Acquire);
            if is_locked(before) {
                self.wait_for_committer(header, before)?;
                continue;
            }
            let value = load();
            if lock.load(Ordering::Relaxed) != before {
                continue;
            }
            if version(before) > self.rv {
                self.extend()?;
                continue;
            }
            if self.reads.last() != Some(&header) {
                self.reads.push(header);
                if self.reporting {
                    self.read_markers.push(self.marker);
                }
            }
            return Ok(value);
        }
    }

    /// A read met a location locked by a committer: pause (bounded unless inevitable).
    #[cold]
    fn wait_for_committer(&mut self, header: *const Header, word: u64) -> StmResult<()> {
        let since = self.pause_clock();
        let other = self.owner_marker(word);
        // SAFETY: see `read_consistent`.
        let lock = &unsafe { header_ref(header) }.lock;
        let budget = if self.inevitable {
            None
        } else {
            Some(self.lock_wait)
        };
        match wait_unlocked(lock, budget) {
            Some(_) => {
                self.record_pause(ConflictKind::WriteRead, other, since);
                Ok(())
            }
            None => Err(self.doom(Conflict {
                kind: ConflictKind::WriteRead,
                marker: self.marker,
                other,
            })),
        }
    }

    /// Moves the snapshot forward to the current time if everything read so far is still
    /// current; otherwise dooms the attempt. (Not cold: with read versions taken from the
    /// thread's last seen time, the first read after another thread's commit lands here.)
    #[inline(never)]
    fn extend(&mut self) -> StmResult<()> {
        let now = rt().clock.now();
        match self.validate(false) {
            Ok(()) => {
                self.rv = now;
                self.ctx().seen_time.set(now);
                Ok(())
            }
            Err(conflict) => {
                // The next attempt can start from the newer time.
                self.ctx().seen_time.set(now);
                Err(self.doom(conflict))
            }
        }
    }

    /// Checks that every location read is unchanged since `rv`. During commit, locations
    /// locked by this transaction are checked against the version they had when locked.
    fn validate(&self, committing: bool) -> Result<(), Conflict> {
        let me = self.slot.address();
        for (i, &header) in self.reads.iter().enumerate() {
            // SAFETY: read-set headers are epoch-protected while this thread is pinned.
            let lock = &unsafe { header_ref(header) }.lock;
            let mut word = lock.load(Ordering::Acquire);
            if is_locked(word) {
                if committing && owner_of(word) == me {
                    if self.locked_version(header) > self.rv {
                        return Err(self.conflict_at(i, header, None));
                    }
                    continue;
                }
                let since = self.pause_clock();
                let budget = if self.inevitable {
                    None
                } else {
                    Some(self.lock_wait)
                };
                match wait_unlocked(lock, budget) {
                    Some(unlocked_word) => {
                        self.record_pause(ConflictKind::WriteRead, self.owner_marker(word), since);
                        word = unlocked_word;
                    }
                    None => return Err(self.conflict_at(i, header, Some(word))),
                }
            }
            if version(word) > self.rv {
                return Err(self.conflict_at(i, header, None));
            }
        }
        Ok(())
    }

    /// The conflict for read-set entry `i`: write-write if this transaction also wrote the
    /// location. `locked` is the lock word when the other side still holds the lock.
    #[cold]
    fn conflict_at(&self, i: usize, header: *const Header, locked: Option<u64>) -> Conflict {
        let kind = if self.writes.writes_location(header) {
            ConflictKind::WriteWrite
        } else {
            ConflictKind::WriteRead
        };
        let marker = self.read_markers.get(i).copied().unwrap_or(self.marker);
        let other = match locked {
            Some(word) => self.owner_marker(word),
            // SAFETY: see `validate`.
            None if self.reporting => unsafe { header_ref(header) }
                .last_writer
                .load(Ordering::Relaxed) as u32,
            None => 0,
        };
        Conflict {
            kind,
            marker,
            other,
        }
    }

    /// The version a location had when this commit locked it.
    fn locked_version(&self, header: *const Header) -> u64 {
        #[cfg(not(loom))]
        let found = self
            .locks
            .binary_search_by_key(&(header as usize), |&(h, _)| h as usize)
            .ok();
        #[cfg(loom)]
        let found = self.locks.iter().position(|&(h, _)| h == header);
        match found {
            Some(i) => self.locks[i].1,
            None => unreachable!("a location locked by this transaction is in its lock list"),
        }
    }

    /// Puts the write set's distinct headers in lock-acquisition order: address order, so
    /// two committers never wait for each other in a cycle (fewer timeouts). Under loom the
    /// order is the order of first write instead: addresses differ between model executions,
    /// and loom requires every execution of a model to make the same choices.
    fn order_locks(&mut self) {
        #[cfg(not(loom))]
        {
            self.locks.sort_unstable_by_key(|&(h, _)| h as usize);
            self.locks.dedup_by_key(|&mut (h, _)| h as usize);
        }
        #[cfg(loom)]
        {
            let mut distinct: Vec<(*const Header, u64)> = Vec::new();
            for &(h, v) in &self.locks {
                if !distinct.iter().any(|&(d, _)| d == h) {
                    distinct.push((h, v));
                }
            }
            self.locks = distinct;
        }
    }

    // ----- commit ---------------------------------------------------------------------

    /// Publishes the buffered writes atomically, or reports why it cannot.
    pub(crate) fn commit(&mut self) -> Result<(), Conflict> {
        if self.writes.is_empty() {
            // Read-only: every read was consistent at `rv`; nothing to publish.
            self.stamp = (self.rv << 1) | 1;
            return Ok(());
        }
        self.locks.clear();
        let entries = self.writes.live().map(|e| (e.header, 0));
        self.locks.extend(entries);
        self.order_locks();
        let mut pauses = 0;
        let wv = loop {
            self.acquire_locks()?;
            if self.inevitable {
                break rt().clock.tick_inevitable();
            }
            match rt().clock.tick() {
                Tick::Advanced(wv) => break wv,
                Tick::InevitableActive => {
                    self.release_locks(self.locks.len());
                    let other = if self.reporting {
                        rt().token.holder_marker()
                    } else {
                        0
                    };
                    pauses += 1;
                    if pauses > self.pause_limit {
                        // Paused behind many inevitable transactions: queue for the token
                        // instead (FIFO), so this one cannot starve either.
                        self.wants_inevitable = true;
                        return Err(Conflict {
                            kind: ConflictKind::Inevitable,
                            marker: self.marker,
                            other,
                        });
                    }
                    let since = self.pause_clock();
                    rt().token.wait_while_inevitable(&rt().clock);
                    self.record_pause(ConflictKind::Inevitable, other, since);
                }
            }
        };
        self.ctx().seen_time.set(wv);
        if !self.inevitable
            && wv != self.rv + 1
            && let Err(conflict) = self.validate(true)
        {
            self.release_locks(self.locks.len());
            return Err(conflict);
        }
        self.publish(wv);
        self.stamp = wv << 1;
        Ok(())
    }

    /// Locks the write set in address order.
    fn acquire_locks(&mut self) -> Result<(), Conflict> {
        let mine = locked_by(self.slot.address());
        for i in 0..self.locks.len() {
            let header = self.locks[i].0;
            // SAFETY: write-set headers are epoch-protected while this thread is pinned.
            let lock = &unsafe { header_ref(header) }.lock;
            loop {
                let word = lock.load(Ordering::Relaxed);
                if !is_locked(word) {
                    if lock
                        .compare_exchange_weak(word, mine, Ordering::Acquire, Ordering::Relaxed)
                        .is_ok()
                    {
                        self.locks[i].1 = version(word);
                        break;
                    }
                    continue;
                }
                let since = self.pause_clock();
                let other = self.owner_marker(word);
                let budget = if self.inevitable {
                    None
                } else {
                    Some(self.lock_wait)
                };
                if wait_unlocked(lock, budget).is_some() {
                    self.record_pause(ConflictKind::WriteWrite, other, since);
                    continue;
                }
                self.release_locks(i);
                let marker = self
                    .writes
                    .live()
                    .find(|e| e.header == header)
                    .map_or(self.marker, |e| e.marker);
                return Err(Conflict {
                    kind: ConflictKind::WriteWrite,
                    marker,
                    other,
                });
            }
        }
        Ok(())
    }

    /// Unlocks the first `count` locks, restoring the versions they had.
    fn release_locks(&mut self, count: usize) {
        for &(header, saved) in &self.locks[..count] {
            // SAFETY: see `acquire_locks`.
            unsafe { header_ref(header) }
                .lock
                .store(unlocked(saved), Ordering::Release);
        }
    }

    /// Writes the buffered values back and unlocks with version `wv`.
    fn publish(&mut self, wv: u64) {
        for entry in self.writes.live() {
            match entry.ops {
                // SAFETY: object entries name a live field (index checked by `store`).
                None => unsafe { field_word(entry.header, entry.field) }
                    .store(entry.payload, Ordering::Release),
                Some(ops) => {
                    // SAFETY: the entry owns the payload box and the location is locked.
                    let old = unsafe { (ops.publish)(entry.header, entry.payload) };
                    self.replaced.push(old);
                }
            }
            if self.reporting {
                // SAFETY: see `acquire_locks`.
                unsafe { header_ref(entry.header) }
                    .last_writer
                    .store(u64::from(entry.marker), Ordering::Relaxed);
            }
        }
        self.writes.mark_published();
        let new_word = unlocked(wv);
        for &(header, _) in &self.locks {
            // SAFETY: see `acquire_locks`.
            unsafe { header_ref(header) }
                .lock
                .store(new_word, Ordering::Release);
        }
        rt().wakeup
            .after_commit(self.locks.iter().map(|&(h, _)| h as usize));
        let mut replaced = std::mem::take(&mut self.replaced);
        let ctx = self.ctx();
        for old in replaced.drain(..) {
            ctx.retire(old);
        }
        self.replaced = replaced;
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        debug_assert!(!self.inevitable, "a Tx dropped while holding inevitability");
    }
}
