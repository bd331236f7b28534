//! Finalization: light finalizers (destructors) and full finalizers.
//!
//! * A *destructor* ([`crate::DestructorFn`]) frees Rust memory owned by an object. It runs
//!   during the collection that finds the object dead — a minor collection for objects
//!   dying young (the heap keeps a list of young objects with destructors), the end of
//!   marking for old ones — exactly once, and must not touch the heap.
//! * A *finalizer* ([`crate::FinalizerFn`], Python's `__del__`) runs at most once per
//!   object, never during a collection: when marking finds an object with a finalizer
//!   unreachable, the object is flagged `FINALIZER_QUEUED`, kept alive with everything it
//!   reaches, and put on the pending queue (a root). The client runs the queue at a safe
//!   point with [`Heap::run_pending_finalizers`] (or pops objects itself). The finalizer may
//!   resurrect the object; when it dies again only its destructor runs.
//!
//! Young objects with finalizers always survive minor collections; only the major collector
//! decides they are garbage. Finalizers of objects that become unreachable in the same
//! cycle are queued together, in no particular order (like Java; CPython gives no order for
//! cycles either), and weak references to them are cleared before any of them runs.
//!
//! Invariant: an object is on at most one of `young_finalizers`, `old_finalizers`, the
//! pending queue; once queued it carries `FINALIZER_QUEUED` forever.

use crate::gcref::GcRef;
use crate::header::{FINALIZER_QUEUED, MARK, type_index};
use crate::heap::{GcState, Heap};
use crate::layout::TypeRegistry;
use crate::major::Grey;
use crate::mem;

impl GcState {
    /// End of marking: queue every unmarked object whose finalizer has not run, and mark
    /// it grey so what it reaches survives. Returns how many were queued.
    pub(crate) fn queue_unreachable_finalizers(&mut self, types: &TypeRegistry) -> usize {
        let list = std::mem::take(&mut self.old_finalizers);
        let mut queued = 0;
        for obj in list {
            // SAFETY: objects on the finalizer list are allocated (not swept before being
            // queued).
            let h = unsafe { mem::header(obj) };
            if h & MARK == self.parity {
                self.old_finalizers.push(obj);
                continue;
            }
            // SAFETY: as above.
            unsafe { mem::set_header(obj, (h & !MARK) | self.parity | FINALIZER_QUEUED) };
            if types.of_index(type_index(h)).has_strong_slots {
                self.major.grey.push(Grey::whole(obj));
            }
            self.pending_finalizers.push_back(obj);
            queued += 1;
        }
        self.stats.finalizers_queued += queued as u64;
        queued
    }

    /// After marking (resurrection included): destroy the unmarked old objects.
    pub(crate) fn run_dead_destructors(&mut self, types: &TypeRegistry) {
        let list = std::mem::take(&mut self.old_destructors);
        for obj in list {
            // SAFETY: objects on the destructor list are allocated until destroyed.
            let h = unsafe { mem::header(obj) };
            if h & MARK == self.parity {
                self.old_destructors.push(obj);
            } else {
                let hook = types.of_index(type_index(h)).destructor;
                self.run_destructor(hook.expect("listed for its destructor"), obj);
            }
        }
    }
}

impl Heap {
    /// Number of objects whose finalizer is waiting to run.
    pub fn pending_finalizer_count(&self) -> usize {
        self.gc.pending_finalizers.len()
    }

    /// Takes the next object whose finalizer is due, for clients that dispatch finalizers
    /// themselves. The object is no longer rooted by the queue: root it before allocating.
    pub fn pop_pending_finalizer(&mut self) -> Option<GcRef> {
        let obj = self.gc.pending_finalizers.pop_front()?;
        self.gc.stats.finalizers_run += 1;
        GcRef::from_addr(obj)
    }

    /// Runs the registered finalizer of every queued object (including objects queued by
    /// collections that the finalizers themselves trigger). Returns how many ran. Call it
    /// at a safe point, outside any borrow of heap objects.
    pub fn run_pending_finalizers(&mut self) -> usize {
        let mut ran = 0;
        while let Some(obj) = self.pop_pending_finalizer() {
            // SAFETY: a queued object is alive (the queue was a root until just now).
            let h = unsafe { mem::header(obj.addr()) };
            if let Some(hook) = self.types.of_index(type_index(h)).finalizer {
                hook(self, obj);
            }
            ran += 1;
        }
        ran
    }
}
