//! Epoch-based memory reclamation for transactional locations and replaced values.
//!
//! A transaction keeps raw pointers to the headers it read and wrote, and a reader may load
//! a [`TVar`](crate::TVar)'s value pointer just before a committer replaces it. So neither a
//! replaced value nor a location whose last handle was dropped may be freed while some
//! transaction that might still hold a pointer to it is running.
//!
//! Design (classic three-epoch EBR):
//! - A global epoch `E`. A running transaction attempt *pins* its thread: it announces
//!   `(E << 1) | 1` in its slot and issues a SeqCst fence before touching shared objects.
//! - Retired objects (already unreachable for new transactions) go into a thread-local bag.
//!   When the bag fills it is *sealed*: after a SeqCst fence it is stamped with the current
//!   global epoch `e`.
//! - The global epoch advances from `E` to `E + 1` only when every pinned slot announces `E`.
//! - A sealed bag stamped `e` is freed once the global epoch is `>= e + 2`: every thread that
//!   was pinned when its objects were unlinked has unpinned since.
//!
//! Invariants: the epoch only grows (advanced by CAS); only the owning thread frees its
//! bags; bags of exited threads move to the runtime's orphan list and are freed by whichever
//! thread collects next.

use crate::runtime::{ThreadCtx, rt};
use crate::sync::atomic::{Ordering, fence};

/// Seal the open bag once it holds this many objects.
#[cfg(not(loom))]
const BAG_CAPACITY: usize = 64;
/// Try to advance the epoch and collect every this many pins.
#[cfg(not(loom))]
const PINS_PER_COLLECT: u32 = 128;
// Under loom, reclaim as soon as something is retired so the models exercise it.
#[cfg(loom)]
const BAG_CAPACITY: usize = 1;
#[cfg(loom)]
const PINS_PER_COLLECT: u32 = 1 << 30;

/// An object waiting for reclamation: a type-erased pointer and the function freeing it.
pub(crate) struct Retired {
    ptr: *mut (),
    extra: usize,
    free: unsafe fn(*mut (), usize),
}

// SAFETY: a retired object is only ever touched again by its `free` function, which the
// code that retired it made safe to run on any thread (values are `Send`).
unsafe impl Send for Retired {}

impl Retired {
    /// # Safety
    /// `free(ptr, extra)` must be sound to call once, on any thread, after every
    /// transaction that was running when the object was retired has finished.
    pub(crate) unsafe fn new(ptr: *mut (), extra: usize, free: unsafe fn(*mut (), usize)) -> Self {
        Retired { ptr, extra, free }
    }

    fn free(self) {
        // SAFETY: the contract of `Retired::new`, and the epoch rule checked by the caller.
        unsafe { (self.free)(self.ptr, self.extra) }
    }
}

/// The open (unstamped) bag of a thread.
pub(crate) struct Bag {
    items: Vec<Retired>,
}

impl Bag {
    pub(crate) fn new() -> Self {
        Bag { items: Vec::new() }
    }
}

/// A bag stamped with the epoch at which all of its objects were already unreachable.
pub(crate) struct SealedBag {
    epoch: u64,
    items: Vec<Retired>,
}

impl SealedBag {
    fn free(self) {
        for item in self.items {
            item.free();
        }
    }
}

impl ThreadCtx {
    /// Pins this thread (nestable). Pointers loaded from shared locations stay valid until
    /// the matching [`unpin`](Self::unpin).
    #[inline]
    pub(crate) fn pin(&self) {
        let depth = self.pin_depth.get();
        self.pin_depth.set(depth + 1);
        if depth == 0 {
            let global = rt().epoch.load(Ordering::Relaxed);
            announce((&self.slot.epoch, (global << 1) | 1));
            let pins = self.pins_since_collect.get() + 1;
            if pins >= PINS_PER_COLLECT {
                self.pins_since_collect.set(0);
                self.collect_due.set(true);
            } else {
                self.pins_since_collect.set(pins);
            }
        }
    }

    /// Ends a [`pin`](Self::pin).
    #[inline]
    pub(crate) fn unpin(&self) {
        let depth = self.pin_depth.get();
        debug_assert!(depth > 0);
        self.pin_depth.set(depth - 1);
        if depth == 1 {
            self.slot.epoch.store(0, Ordering::Release);
        }
    }

    /// Queues an object that is no longer reachable by transactions starting from now.
    pub(crate) fn retire(&self, item: Retired) {
        let full = {
            let mut bag = self.bag.borrow_mut();
            bag.items.push(item);
            bag.items.len() >= BAG_CAPACITY
        };
        if full {
            self.seal_bag();
            if self.in_tx.get() {
                // Freeing runs user destructors: not inside a transaction.
                self.collect_due.set(true);
            } else {
                self.collect();
            }
        }
    }

    /// Collects if a pin or a full bag asked for it (called outside transactions).
    pub(crate) fn collect_if_due(&self) {
        if self.collect_due.replace(false) {
            self.collect();
        }
    }

    /// Stamps the open bag with the current epoch and moves it to the sealed list.
    pub(crate) fn seal_bag(&self) {
        let items = std::mem::take(&mut self.bag.borrow_mut().items);
        if items.is_empty() {
            return;
        }
        // Everything in `items` was unlinked before this fence, so an epoch read after it
        // is a valid (conservative) retirement epoch.
        fence(Ordering::SeqCst);
        let epoch = rt().epoch.load(Ordering::Relaxed);
        self.sealed.borrow_mut().push(SealedBag { epoch, items });
    }

    /// Advances the epoch if possible and frees every bag old enough.
    pub(crate) fn collect(&self) {
        let global = try_advance();
        let ready: Vec<SealedBag> = {
            let mut sealed = self.sealed.borrow_mut();
            let (ready, keep): (Vec<_>, Vec<_>) =
                sealed.drain(..).partition(|bag| bag.epoch + 2 <= global);
            *sealed = keep;
            ready
        };
        let orphans: Vec<SealedBag> = match rt().orphans.try_lock() {
            Some(mut orphans) if !orphans.is_empty() => {
                let (ready, keep): (Vec<_>, Vec<_>) =
                    orphans.drain(..).partition(|bag| bag.epoch + 2 <= global);
                *orphans = keep;
                ready
            }
            _ => Vec::new(),
        };
        // Freeing runs destructors of user values, which may retire more objects: no
        // borrow is held here.
        for bag in ready.into_iter().chain(orphans) {
            bag.free();
        }
    }
}

/// Stores the pin announcement and orders it before every later load of shared objects
/// (pairs with the fence in `try_advance`): a store followed by a SeqCst fence.
#[cfg(any(loom, not(target_arch = "x86_64")))]
#[inline]
fn announce((slot_epoch, value): (&crate::sync::atomic::AtomicU64, u64)) {
    slot_epoch.store(value, Ordering::Relaxed);
    fence(Ordering::SeqCst);
}

/// x86-64 version of the above: a locked read-modify-write (`xchg`) is a full hardware
/// barrier and is markedly cheaper than `mov` + `mfence`; the compiler fence keeps the
/// compiler from moving later loads above it. (crossbeam-epoch uses the same technique.)
#[cfg(all(not(loom), target_arch = "x86_64"))]
#[inline]
fn announce((slot_epoch, value): (&crate::sync::atomic::AtomicU64, u64)) {
    slot_epoch.swap(value, Ordering::SeqCst);
    std::sync::atomic::compiler_fence(Ordering::SeqCst);
}

/// Advances the global epoch by one if every pinned thread has seen the current one.
/// Returns the (possibly new) global epoch.
fn try_advance() -> u64 {
    let runtime = rt();
    fence(Ordering::SeqCst);
    let global = runtime.epoch.load(Ordering::Relaxed);
    for slot in runtime.slots() {
        let announced = slot.epoch.load(Ordering::Relaxed);
        if announced & 1 == 1 && announced >> 1 != global {
            return global;
        }
    }
    fence(Ordering::Acquire);
    match runtime
        .epoch
        .compare_exchange(global, global + 1, Ordering::Release, Ordering::Relaxed)
    {
        Ok(_) => global + 1,
        Err(now) => now,
    }
}
