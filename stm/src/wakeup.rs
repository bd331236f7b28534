//! Blocking `retry`: waiters registered on the locations they read, woken by commits.
//!
//! A transaction that calls `retry` has read a set of locations; nothing it could do would
//! differ until one of them changes. It registers a [`Waiter`] under each location's header
//! address, re-validates its reads, and then sleeps (or, for a `TransactionQueue` item,
//! leaves a callback that re-queues the item). A committer, after releasing its locks,
//! checks a global count of waiters and, only if non-zero, takes the registry lock and
//! fires the waiters of the locations it wrote.
//!
//! Lost wake-ups are impossible (Dekker pattern): the waiter increments the count, issues a
//! SeqCst fence and then re-reads its locations; the committer stores its new versions,
//! issues a SeqCst fence and then reads the count. Either the committer sees the waiter (and
//! fires it), or the waiter sees the new versions (and does not sleep).
//!
//! Addresses are only compared, never dereferenced, by the registry; an address reused by a
//! new object can at worst cause a spurious wake-up, after which the transaction re-runs.
//!
//! Invariants: `count` equals the number of registered waiters; a waiter is registered
//! under all of its addresses or under none; a waiter fires at most once.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use crossbeam_utils::CachePadded;

use crate::clock::{Header, is_locked, version};
use crate::sync::atomic::{AtomicBool, AtomicU64, Ordering, fence};
use crate::sync::{Condvar, Mutex};
use crate::writeset::AddrHasher;

type WaiterMap = HashMap<usize, Vec<Arc<Waiter>>, BuildHasherDefault<AddrHasher>>;

/// Registry of transactions blocked in `retry`.
pub(crate) struct Registry {
    count: CachePadded<AtomicU64>,
    map: Mutex<WaiterMap>,
}

/// What a fired waiter does.
pub(crate) type WakeAction = Box<dyn FnOnce() + Send>;

struct WaiterState {
    fired: bool,
    action: Option<WakeAction>,
}

/// One blocked transaction.
pub(crate) struct Waiter {
    addresses: Vec<usize>,
    /// Registered in the map (changed only under the map lock).
    registered: AtomicBool,
    state: Mutex<WaiterState>,
    wake: Condvar,
}

impl Registry {
    pub(crate) fn new() -> Self {
        Registry {
            count: CachePadded::new(AtomicU64::new(0)),
            map: Mutex::new(WaiterMap::default()),
        }
    }

    /// Registers a waiter for the given read set. The caller must then re-validate its reads
    /// (see [`reads_changed`]) before sleeping.
    pub(crate) fn register(&self, reads: &[*const Header]) -> Arc<Waiter> {
        let mut addresses: Vec<usize> = reads.iter().map(|&h| h as usize).collect();
        addresses.sort_unstable();
        addresses.dedup();
        let waiter = Arc::new(Waiter {
            addresses,
            registered: AtomicBool::new(true),
            state: Mutex::new(WaiterState {
                fired: false,
                action: None,
            }),
            wake: Condvar::new(),
        });
        let mut map = self.map.lock();
        for &address in &waiter.addresses {
            map.entry(address).or_default().push(Arc::clone(&waiter));
        }
        self.count.fetch_add(1, Ordering::SeqCst);
        drop(map);
        fence(Ordering::SeqCst);
        waiter
    }

    /// Unregisters `waiter` if it has not fired. Returns true if it was still registered
    /// (then it will never fire).
    pub(crate) fn cancel(&self, waiter: &Arc<Waiter>) -> bool {
        let mut map = self.map.lock();
        if !waiter.registered.load(Ordering::Relaxed) {
            return false;
        }
        self.unlink(&mut map, waiter);
        true
    }

    fn unlink(&self, map: &mut WaiterMap, waiter: &Arc<Waiter>) {
        for address in &waiter.addresses {
            if let Some(list) = map.get_mut(address) {
                list.retain(|w| !Arc::ptr_eq(w, waiter));
                if list.is_empty() {
                    map.remove(address);
                }
            }
        }
        waiter.registered.store(false, Ordering::Relaxed);
        self.count.fetch_sub(1, Ordering::SeqCst);
    }

    /// Called by a committer after releasing its locks: fires the waiters of `written`.
    pub(crate) fn after_commit(&self, written: impl Iterator<Item = usize>) {
        fence(Ordering::SeqCst);
        if self.count.load(Ordering::Relaxed) == 0 {
            return;
        }
        let mut fired = Vec::new();
        {
            let mut map = self.map.lock();
            for address in written {
                if let Some(list) = map.remove(&address) {
                    for waiter in list {
                        if waiter.registered.load(Ordering::Relaxed) {
                            self.unlink(&mut map, &waiter);
                            fired.push(waiter);
                        }
                    }
                }
            }
        }
        // Outside the registry lock: actions may re-register or take other locks.
        for waiter in fired {
            waiter.fire();
        }
    }
}

impl Waiter {
    fn fire(&self) {
        let action = {
            let mut state = self.state.lock();
            state.fired = true;
            state.action.take()
        };
        self.wake.notify_all();
        if let Some(action) = action {
            action();
        }
    }

    /// Blocks until fired.
    pub(crate) fn wait(&self) {
        let mut state = self.state.lock();
        while !state.fired {
            state = self.wake.wait(state);
        }
    }

    /// Arranges for `action` to run when the waiter fires (at once if it already has).
    pub(crate) fn on_fire(&self, action: WakeAction) {
        let mut state = self.state.lock();
        if state.fired {
            drop(state);
            action();
        } else {
            state.action = Some(action);
        }
    }

    /// Takes back the action of a cancelled waiter.
    pub(crate) fn take_action(&self) -> Option<WakeAction> {
        self.state.lock().action.take()
    }
}

/// True when any location in `reads` is locked or has a version newer than `rv`: a
/// transaction that retried with this read set should re-run instead of sleeping.
pub(crate) fn reads_changed(reads: &[*const Header], rv: u64) -> bool {
    reads.iter().any(|&header| {
        // SAFETY: the caller is still pinned, and read-set headers are kept alive by the
        // epoch rule while it is.
        let word = unsafe { &*header }.lock.load(Ordering::Acquire);
        is_locked(word) || version(word) > rv
    })
}
