//! Process-wide STM state, per-thread slots and the per-thread context.
//!
//! - [`Runtime`]: one per process (one per model execution under loom): the version clock,
//!   the reclamation epoch, the slot registry, the retry wake-up registry and the
//!   inevitability token.
//! - [`Slot`]: one per live thread that has used the STM. Slots are allocated once and never
//!   freed (a thread that exits hands its slot back for reuse), so a `&'static Slot` and the
//!   slot address stored in a locked lock word are always valid. A slot carries the thread's
//!   reclamation announcement, its current conflict marker and its conflict statistics.
//! - [`ThreadCtx`]: the thread-local side: the slot, the retired-object bag, the cached
//!   transaction buffers, the "inside a transaction" flag and the on-commit actions of the
//!   running transaction.
//!
//! Invariant: the slot list only grows; `Slot::in_use` is true for exactly the slots owned by
//! a live `ThreadCtx`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use crossbeam_utils::CachePadded;

use crate::clock::Clock;
use crate::epoch::{Bag, SealedBag};
use crate::inevitable::Token;
use crate::report::{ConflictKey, ConflictStats};
use crate::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU64, Ordering};
use crate::sync::{Mutex, global, thread_local_value};
use crate::tx::Tx;
use crate::wakeup::Registry;

/// Process-wide STM state.
pub(crate) struct Runtime {
    pub(crate) clock: CachePadded<Clock>,
    pub(crate) epoch: CachePadded<AtomicU64>,
    slots: AtomicPtr<Slot>,
    pub(crate) orphans: Mutex<Vec<SealedBag>>,
    pub(crate) wakeup: Registry,
    pub(crate) token: Token,
}

global! {
    static RUNTIME: Runtime = Runtime::new();
}

/// The process-wide runtime.
#[inline]
pub(crate) fn rt() -> &'static Runtime {
    &RUNTIME
}

impl Runtime {
    fn new() -> Self {
        Runtime {
            clock: CachePadded::new(Clock::new()),
            epoch: CachePadded::new(AtomicU64::new(0)),
            slots: AtomicPtr::new(std::ptr::null_mut()),
            orphans: Mutex::new(Vec::new()),
            wakeup: Registry::new(),
            token: Token::new(),
        }
    }

    /// Iterates over every slot ever allocated (in use or not).
    pub(crate) fn slots(&self) -> SlotIter {
        SlotIter {
            next: self.slots.load(Ordering::Acquire),
        }
    }

    /// Takes a free slot or allocates a new one.
    fn acquire_slot(&self) -> &'static Slot {
        for slot in self.slots() {
            if !slot.in_use.load(Ordering::Relaxed)
                && slot
                    .in_use
                    .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
            {
                return slot;
            }
        }
        let slot: &'static Slot = Box::leak(Box::new(Slot::new()));
        let mut head = self.slots.load(Ordering::Relaxed);
        loop {
            slot.next.store(head, Ordering::Relaxed);
            match self.slots.compare_exchange_weak(
                head,
                slot as *const Slot as *mut Slot,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => return slot,
                Err(seen) => head = seen,
            }
        }
    }
}

/// Iterator over the slot registry.
pub(crate) struct SlotIter {
    next: *mut Slot,
}

impl Iterator for SlotIter {
    type Item = &'static Slot;
    fn next(&mut self) -> Option<&'static Slot> {
        // SAFETY: slots are leaked on allocation and never freed, and `next` pointers are
        // written before the slot is published with a Release CAS (read here via the
        // Acquire load of the head or of the previous slot's `next`).
        let slot = unsafe { self.next.as_ref() }?;
        self.next = slot.next.load(Ordering::Acquire);
        Some(slot)
    }
}

/// Per-thread shared state, reachable from other threads through the registry.
///
/// Aligned to a cache line (via its first field) so two threads' slots never share one.
#[repr(C)]
pub(crate) struct Slot {
    /// Reclamation announcement: `(epoch << 1) | 1` while pinned, `0` otherwise.
    pub(crate) epoch: CachePadded<AtomicU64>,
    pub(crate) in_use: AtomicBool,
    next: AtomicPtr<Slot>,
    /// Marker of the transaction running on this slot (reports only).
    pub(crate) marker: AtomicU32,
    /// Transactions committed while reporting was enabled.
    pub(crate) commits: AtomicU64,
    /// Conflict statistics recorded by this thread (std mutex: never contended by the
    /// protocol, only by `report()`).
    pub(crate) conflicts: std::sync::Mutex<HashMap<ConflictKey, ConflictStats>>,
}

impl Slot {
    fn new() -> Self {
        Slot {
            epoch: CachePadded::new(AtomicU64::new(0)),
            in_use: AtomicBool::new(true),
            next: AtomicPtr::new(std::ptr::null_mut()),
            marker: AtomicU32::new(0),
            commits: AtomicU64::new(0),
            conflicts: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The address stored in lock words this slot's transactions lock.
    #[inline]
    pub(crate) fn address(&'static self) -> usize {
        self as *const Slot as usize
    }
}

/// Finds the slot whose address a lock word names.
///
/// # Safety
/// `address` must come from a locked lock word (slots are never freed, so any address ever
/// stored in a lock word stays a valid slot).
pub(crate) unsafe fn slot_at(address: usize) -> &'static Slot {
    // SAFETY: guaranteed by the caller, see above.
    unsafe { &*(address as *const Slot) }
}

/// A deferred action of the running transaction, run after it commits.
pub(crate) type CommitAction = Box<dyn FnOnce()>;

/// Thread-local STM context.
pub(crate) struct ThreadCtx {
    pub(crate) slot: &'static Slot,
    pub(crate) pin_depth: Cell<u32>,
    pub(crate) pins_since_collect: Cell<u32>,
    pub(crate) collect_due: Cell<bool>,
    pub(crate) bag: RefCell<Bag>,
    pub(crate) sealed: RefCell<Vec<SealedBag>>,
    pub(crate) in_tx: Cell<bool>,
    pub(crate) on_commit: RefCell<Vec<CommitAction>>,
    pub(crate) spare_tx: Cell<Option<Box<Tx>>>,
    pub(crate) last_stamp: Cell<u64>,
    /// The newest clock time this thread has observed (the next transaction's read version).
    pub(crate) seen_time: Cell<u64>,
    rng: Cell<u64>,
}

impl ThreadCtx {
    fn new() -> Self {
        let slot = rt().acquire_slot();
        ThreadCtx {
            slot,
            pin_depth: Cell::new(0),
            pins_since_collect: Cell::new(0),
            collect_due: Cell::new(false),
            bag: RefCell::new(Bag::new()),
            sealed: RefCell::new(Vec::new()),
            in_tx: Cell::new(false),
            on_commit: RefCell::new(Vec::new()),
            spare_tx: Cell::new(None),
            last_stamp: Cell::new(0),
            seen_time: Cell::new(0),
            rng: Cell::new(slot as *const Slot as u64 | 1),
        }
    }

    /// A cheap per-thread pseudo-random number (xorshift), for back-off jitter.
    pub(crate) fn random(&self) -> u64 {
        let mut x = self.rng.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.rng.set(x);
        x
    }
}

impl Drop for ThreadCtx {
    fn drop(&mut self) {
        // Anything still waiting for reclamation goes to the global orphan list, where any
        // thread's collection frees it once safe. (Under loom the model's main thread drops
        // its context after the runtime is gone; its few retired objects are leaked.)
        #[cfg(not(loom))]
        {
            self.seal_bag();
            let sealed = std::mem::take(&mut *self.sealed.borrow_mut());
            if !sealed.is_empty() {
                rt().orphans.lock().extend(sealed);
            }
        }
        drop(self.spare_tx.take());
        self.slot.epoch.store(0, Ordering::Release);
        self.slot.in_use.store(false, Ordering::Release);
    }
}

thread_local_value! {
    static CTX: ThreadCtx = ThreadCtx::new();
}

/// Runs `f` with this thread's context. During thread-local destruction (a transactional
/// object dropped by another thread-local's destructor) a temporary context is used.
#[inline]
pub(crate) fn with_ctx<R>(f: impl FnOnce(&ThreadCtx) -> R) -> R {
    let mut f = Some(f);
    match CTX.try_with(|ctx| (f.take().expect("called once"))(ctx)) {
        Ok(r) => r,
        Err(_) => {
            let ctx = ThreadCtx::new();
            (f.take().expect("not called: thread-local was unavailable"))(&ctx)
        }
    }
}
