//! `TObject`: a transactional object with word-sized fields, for an embedder's heap objects.
//!
//! An embedder (a VM) stores its object fields as 64-bit words: tagged integers, GC
//! references, indices. A `TObject` keeps them in one allocation together with the
//! location header, so a transactional field read is: load the lock word, load the field,
//! re-load the lock word -- no pointer chasing, no allocation. One versioned lock covers the
//! whole object (conflicts are detected per object, as in PyPy-STM), while writes are
//! buffered per field.
//!
//! Layout of the word array: `[lock, last_writer, refs, field 0, field 1, ...]`; the first
//! two words are the [`Header`] (same layout as `[AtomicU64; 2]`).
//!
//! Invariants: fields change only while the lock is held by a committer; the allocation is
//! freed only through epoch-based reclamation after the last handle is dropped.

use std::fmt;
use std::ptr::NonNull;

use crate::clock::{Header, is_locked};
use crate::epoch::Retired;
use crate::runtime::with_ctx;
use crate::sync::atomic::{AtomicU64, Ordering, fence};
use crate::sync::{spin_hint, yield_now};

/// Words before the first field: lock, last writer, reference count.
pub(crate) const HEADER_WORDS: usize = 3;
const REFS_WORD: usize = 2;

/// A transactional object with a fixed number of `u64` fields.
///
/// ```
/// use tern_stm::{TObject, atomically};
/// let point = TObject::with_fields(&[1, 2]);
/// atomically(|tx| {
///     let x = tx.load(&point, 0)?;
///     let y = tx.load(&point, 1)?;
///     tx.store(&point, 0, y)?;
///     tx.store(&point, 1, x)
/// });
/// assert_eq!(point.snapshot(), vec![2, 1]);
/// ```
pub struct TObject {
    words: NonNull<AtomicU64>,
    fields: usize,
}

// SAFETY: all shared state is atomic words; the allocation's lifetime is managed by the
// reference count and epoch-based reclamation, both thread-safe.
unsafe impl Send for TObject {}
// SAFETY: see above.
unsafe impl Sync for TObject {}

/// # Safety
/// `ptr`/`len` describe a retired word array allocated by [`TObject::with_fields`], freed
/// exactly once.
unsafe fn free_words(ptr: *mut (), len: usize) {
    // SAFETY: per the contract.
    drop(unsafe {
        Box::from_raw(std::ptr::slice_from_raw_parts_mut(
            ptr as *mut AtomicU64,
            len,
        ))
    });
}

impl TObject {
    /// An object with `fields` fields, all zero.
    pub fn new(fields: usize) -> Self {
        Self::from_iter_len(fields, std::iter::repeat_n(0, fields))
    }

    /// An object whose fields hold `values`.
    pub fn with_fields(values: &[u64]) -> Self {
        Self::from_iter_len(values.len(), values.iter().copied())
    }

    fn from_iter_len(fields: usize, values: impl Iterator<Item = u64>) -> Self {
        let header = [0_u64, 0, 1];
        let words: Box<[AtomicU64]> = header
            .into_iter()
            .chain(values)
            .map(AtomicU64::new)
            .collect();
        debug_assert_eq!(words.len(), fields + HEADER_WORDS);
        let raw = Box::into_raw(words) as *mut AtomicU64;
        TObject {
            words: NonNull::new(raw).expect("Box pointers are non-null"),
            fields,
        }
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.fields
    }

    /// True for an object without fields.
    pub fn is_empty(&self) -> bool {
        self.fields == 0
    }

    /// A stable identity for the object (its address), e.g. for an embedder's side tables.
    pub fn id(&self) -> usize {
        self.words.as_ptr() as usize
    }

    /// True when both handles refer to the same object.
    pub fn ptr_eq(a: &TObject, b: &TObject) -> bool {
        a.words == b.words
    }

    #[inline]
    fn word(&self, index: usize) -> &AtomicU64 {
        debug_assert!(index < self.fields + HEADER_WORDS);
        // SAFETY: `index` is within the allocation (checked by callers), which a live
        // handle keeps alive.
        unsafe { &*self.words.as_ptr().add(index) }
    }

    #[inline]
    pub(crate) fn header(&self) -> &Header {
        // SAFETY: the first two words have `Header`'s layout (repr(C), two AtomicU64).
        unsafe { &*(self.words.as_ptr() as *const Header) }
    }

    /// The header address, used as the location's identity in read and write sets. Derived
    /// from the allocation pointer, so field addresses can be computed from it.
    #[inline]
    pub(crate) fn header_ptr(&self) -> *const Header {
        self.words.as_ptr() as *const Header
    }

    /// The field word `index`, panicking with a clear message when out of range.
    #[inline]
    pub(crate) fn field(&self, index: usize) -> &AtomicU64 {
        self.check_index(index);
        self.word(HEADER_WORDS + index)
    }

    #[inline]
    pub(crate) fn check_index(&self, index: usize) {
        if index >= self.fields {
            field_out_of_range(index, self.fields);
        }
    }

    /// The latest committed value of field `index`, read outside any transaction.
    ///
    /// # Panics
    /// If `index >= self.len()`.
    pub fn snapshot_field(&self, index: usize) -> u64 {
        self.check_index(index);
        let mut out = 0;
        self.snapshot_with(|obj| out = obj.field(index).load(Ordering::Acquire));
        out
    }

    /// A consistent copy of all fields (the state after some commit), read outside any
    /// transaction.
    pub fn snapshot(&self) -> Vec<u64> {
        let mut out = Vec::with_capacity(self.fields);
        self.snapshot_with(|obj| {
            out.clear();
            out.extend((0..obj.fields).map(|i| obj.field(i).load(Ordering::Acquire)));
        });
        out
    }

    /// Runs `read` until it ran while the object was unlocked and unchanged.
    fn snapshot_with(&self, mut read: impl FnMut(&TObject)) {
        let lock = &self.header().lock;
        let mut spins = 0_u32;
        loop {
            let before = lock.load(Ordering::Acquire);
            if is_locked(before) {
                spins += 1;
                if spins.is_multiple_of(64) {
                    yield_now();
                } else {
                    spin_hint();
                }
                continue;
            }
            read(self);
            fence(Ordering::Acquire);
            if lock.load(Ordering::Relaxed) == before {
                return;
            }
        }
    }
}

#[cold]
#[inline(never)]
fn field_out_of_range(index: usize, fields: usize) -> ! {
    panic!("TObject field index {index} out of range: the object has {fields} fields")
}

impl Clone for TObject {
    fn clone(&self) -> Self {
        self.word(REFS_WORD).fetch_add(1, Ordering::Relaxed);
        TObject {
            words: self.words,
            fields: self.fields,
        }
    }
}

impl Drop for TObject {
    fn drop(&mut self) {
        if self.word(REFS_WORD).fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        fence(Ordering::Acquire);
        // SAFETY: last handle; running transactions that still hold the address are
        // protected by the epoch rule.
        let retired = unsafe {
            Retired::new(
                self.words.as_ptr().cast(),
                self.fields + HEADER_WORDS,
                free_words,
            )
        };
        with_ctx(|ctx| ctx.retire(retired));
    }
}

impl fmt::Debug for TObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "TObject@{:p}({} fields)",
            self.words.as_ptr(),
            self.fields
        )
    }
}
