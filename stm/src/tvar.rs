//! `TVar<T>`: a transactional variable holding any `Clone` value.
//!
//! Representation: a heap cell `[Header | refs | value: AtomicPtr<T>]`. The value is boxed
//! and immutable once published: a commit swaps in a new box and retires the old one through
//! epoch-based reclamation, so a reader that loaded the pointer under a pinned epoch can
//! clone the value even if a commit replaces it concurrently (the read is then discarded by
//! validation). Handles are reference counted like `Arc`; when the last handle goes, the
//! cell is retired (not freed) because running transactions may still hold its address in
//! their read or write sets.
//!
//! Invariants: `value` is never null; the pointee is only freed via [`Retired`] after being
//! unlinked (replaced, or the cell retired); `refs` counts live `TVar` handles.

use std::fmt;
use std::marker::PhantomData;
use std::ptr::NonNull;

use crate::clock::{Header, is_locked};
use crate::epoch::Retired;
use crate::runtime::with_ctx;
use crate::sync::atomic::{AtomicPtr, AtomicU64, Ordering, fence};
use crate::sync::{spin_hint, yield_now};

/// Heap cell of a [`TVar`]. `repr(C)`: the header comes first, so the cell address is the
/// header address (the write set identifies locations by it).
#[repr(C)]
pub(crate) struct VarCell<T> {
    pub(crate) header: Header,
    refs: AtomicU64,
    pub(crate) value: AtomicPtr<T>,
}

/// Type-erased operations the write set needs for a buffered `TVar` write.
pub(crate) struct VarOps {
    /// Installs the payload (a `Box<T>` pointer) as the cell's value and returns the replaced
    /// value, to be retired.
    pub(crate) publish: unsafe fn(cell: *const Header, payload: u64) -> Retired,
    /// Drops a payload that will never be published.
    pub(crate) drop_payload: unsafe fn(payload: u64),
}

struct OpsFor<T>(PhantomData<T>);

impl<T: Send + Sync + 'static> OpsFor<T> {
    const OPS: VarOps = VarOps {
        publish: publish::<T>,
        drop_payload: drop_payload::<T>,
    };
}

/// # Safety
/// `cell` is a live `VarCell<T>` locked by the caller; `payload` a `Box<T>` from
/// [`TVar::box_payload`], ownership of which passes to the cell.
unsafe fn publish<T: Send + Sync + 'static>(cell: *const Header, payload: u64) -> Retired {
    // SAFETY: per the contract: the header is the first field of a live `VarCell<T>`.
    let cell = unsafe { &*(cell as *const VarCell<T>) };
    // Release: orders the lock acquisition before the new pointer (seqlock rule) and
    // publishes the boxed value's contents to readers that acquire the pointer.
    let old = cell
        .value
        .swap(payload as usize as *mut T, Ordering::AcqRel);
    // SAFETY: `old` was the published value and is now unreachable for new readers.
    unsafe { Retired::new(old.cast(), 0, free_value::<T>) }
}

/// # Safety
/// `payload` is an unpublished `Box<T>` pointer owned by the caller.
unsafe fn drop_payload<T>(payload: u64) {
    // SAFETY: per the contract.
    drop(unsafe { Box::from_raw(payload as usize as *mut T) });
}

/// # Safety
/// `ptr` is a retired value box of type `T`, freed exactly once.
unsafe fn free_value<T>(ptr: *mut (), _extra: usize) {
    // SAFETY: per the contract.
    drop(unsafe { Box::from_raw(ptr as *mut T) });
}

/// # Safety
/// `ptr` is a retired `VarCell<T>` with no handles left, freed exactly once.
unsafe fn free_cell<T>(ptr: *mut (), _extra: usize) {
    // SAFETY: per the contract; the cell owns its current value box.
    unsafe {
        let cell = Box::from_raw(ptr as *mut VarCell<T>);
        drop(Box::from_raw(cell.value.load(Ordering::Relaxed)));
    }
}

/// A transactional variable.
///
/// Read and written inside [`atomically`](crate::atomically) through [`Tx::read`] and
/// [`Tx::write`](crate::Tx::write). Cloning a `TVar` clones the handle (both refer to the
/// same variable), like `Arc`.
///
/// ```
/// use tern_stm::{TVar, atomically};
/// let balance = TVar::new(10_u64);
/// atomically(|tx| {
///     let b = tx.read(&balance)?;
///     tx.write(&balance, b + 5)
/// });
/// assert_eq!(balance.snapshot(), 15);
/// ```
///
/// [`Tx::read`]: crate::Tx::read
pub struct TVar<T: Send + Sync + 'static> {
    cell: NonNull<VarCell<T>>,
    _owns: PhantomData<VarCell<T>>,
}

// SAFETY: a TVar shares `T` values between threads (moved in by one thread, cloned and
// dropped by others); that is sound exactly when `T: Send + Sync`, which the type requires.
unsafe impl<T: Send + Sync + 'static> Send for TVar<T> {}
// SAFETY: see above; all shared mutation goes through atomics and the commit protocol.
unsafe impl<T: Send + Sync + 'static> Sync for TVar<T> {}

impl<T: Send + Sync + 'static> TVar<T> {
    /// Creates a variable holding `value`.
    pub fn new(value: T) -> Self {
        let cell = Box::new(VarCell {
            header: Header::new(),
            refs: AtomicU64::new(1),
            value: AtomicPtr::new(Box::into_raw(Box::new(value))),
        });
        TVar {
            cell: NonNull::from(Box::leak(cell)),
            _owns: PhantomData,
        }
    }

    #[inline]
    pub(crate) fn cell(&self) -> &VarCell<T> {
        // SAFETY: a live handle keeps the cell alive (refs > 0, not yet retired).
        unsafe { self.cell.as_ref() }
    }

    /// The header address, used as the location's identity in read and write sets.
    #[inline]
    pub(crate) fn header_ptr(&self) -> *const Header {
        self.cell.as_ptr() as *const Header
    }

    #[inline]
    pub(crate) fn ops() -> &'static VarOps {
        &OpsFor::<T>::OPS
    }

    /// Boxes a value as a write-set payload.
    #[inline]
    pub(crate) fn box_payload(value: T) -> u64 {
        Box::into_raw(Box::new(value)) as usize as u64
    }

    /// True when both handles refer to the same variable.
    pub fn ptr_eq(a: &TVar<T>, b: &TVar<T>) -> bool {
        a.cell == b.cell
    }

    /// The latest committed value, read outside any transaction (a consistent single-location
    /// read: it never returns a value of a commit that is still being published). Inside a
    /// transaction use [`Tx::read`](crate::Tx::read) instead: `snapshot` does not take part
    /// in the transaction.
    pub fn snapshot(&self) -> T
    where
        T: Clone,
    {
        with_ctx(|ctx| {
            ctx.pin();
            let _unpin = crate::tx::UnpinOnDrop(ctx);
            let cell = self.cell();
            let mut spins = 0_u32;
            loop {
                let before = cell.header.lock.load(Ordering::Acquire);
                if is_locked(before) {
                    spins += 1;
                    if spins.is_multiple_of(64) {
                        yield_now();
                    } else {
                        spin_hint();
                    }
                    continue;
                }
                let ptr = cell.value.load(Ordering::Acquire);
                fence(Ordering::Acquire);
                if cell.header.lock.load(Ordering::Relaxed) == before {
                    // SAFETY: `ptr` was the committed value while this thread is pinned, so
                    // it is not freed before `_unpin` runs; published values are immutable.
                    return unsafe { (*ptr).clone() };
                }
            }
        })
    }
}

impl<T: Send + Sync + 'static> Clone for TVar<T> {
    fn clone(&self) -> Self {
        self.cell().refs.fetch_add(1, Ordering::Relaxed);
        TVar {
            cell: self.cell,
            _owns: PhantomData,
        }
    }
}

impl<T: Send + Sync + 'static> Drop for TVar<T> {
    fn drop(&mut self) {
        if self.cell().refs.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        fence(Ordering::Acquire);
        // SAFETY: last handle: the cell is unreachable except through raw pointers held by
        // running transactions, which the epoch rule protects.
        let retired = unsafe { Retired::new(self.cell.as_ptr().cast(), 0, free_cell::<T>) };
        with_ctx(|ctx| ctx.retire(retired));
    }
}

impl<T: Send + Sync + Default + 'static> Default for TVar<T> {
    fn default() -> Self {
        TVar::new(T::default())
    }
}

impl<T: Send + Sync + 'static> fmt::Debug for TVar<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TVar@{:p}", self.cell.as_ptr())
    }
}
