//! Roots: where the collector starts tracing.
//!
//! The heap owns every root container so that a collection triggered deep inside an
//! allocation can reach them without extra parameters:
//! * the [`ShadowStack`](crate::ShadowStack) (interpreter frames and value stacks),
//! * the handle stack of [`Heap::scope`](crate::Heap::scope) (Rust locals),
//! * global roots ([`GlobalRoot`]: long-lived references such as module tables),
//! * client root sets ([`RootSet`] implementations boxed into the heap, e.g. JIT frames),
//! * internally: pinned objects and objects waiting for their finalizer.
//!
//! A root is a *slot* (see [`crate::gcref`]): the collector reads it and rewrites it when
//! the object moves. Root visitors must hand out the real storage of each slot.
//!
//! Invariant: between two collections, every reference the client will use after the next
//! safepoint is in one of these containers or in a GC field of a reachable object.

use std::any::Any;
use std::marker::PhantomData;

use crate::gcref::GcRef;
use crate::handles::HandleStack;
use crate::shadow_stack::ShadowStack;

/// Receives the GC slots of an object (custom trace hooks) or of a root set.
pub trait SlotVisitor {
    /// Visits one slot; the collector may rewrite it.
    fn visit(&mut self, slot: &mut usize);
}

impl<F: FnMut(&mut usize)> SlotVisitor for F {
    fn visit(&mut self, slot: &mut usize) {
        self(slot)
    }
}

impl dyn SlotVisitor + '_ {
    /// Visits a non-null reference.
    pub fn visit_ref(&mut self, r: &mut GcRef) {
        let mut word = r.addr();
        self.visit(&mut word);
        *r = GcRef::from_addr(word).expect("a strong slot is never cleared");
    }

    /// Visits an optional reference.
    pub fn visit_opt(&mut self, r: &mut Option<GcRef>) {
        let mut word = crate::gcref::ref_to_slot(*r);
        self.visit(&mut word);
        *r = GcRef::from_addr(word);
    }
}

/// A client-provided set of roots, boxed into the heap with
/// [`Heap::add_root_set`](crate::Heap::add_root_set).
pub trait RootSet {
    /// Calls `visitor` on every slot of the set.
    fn visit_roots(&mut self, visitor: &mut dyn SlotVisitor);
}

pub(crate) trait AnyRootSet: RootSet + Any {}

impl<T: RootSet + Any> AnyRootSet for T {}

/// Typed identifier of a root set boxed into the heap.
pub struct RootSetId<T> {
    pub(crate) index: usize,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for RootSetId<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for RootSetId<T> {}

impl<T> std::fmt::Debug for RootSetId<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RootSetId({})", self.index)
    }
}

/// A long-lived root (SpiderMonkey's `PersistentRooted`): a slot in the heap's global root
/// table, released with [`Heap::remove_root`](crate::Heap::remove_root).
#[derive(Debug, PartialEq, Eq)]
pub struct GlobalRoot {
    pub(crate) index: usize,
}

#[derive(Default)]
pub(crate) struct GlobalRoots {
    pub slots: Vec<usize>,
    free: Vec<usize>,
}

impl GlobalRoots {
    pub fn add(&mut self, word: usize) -> GlobalRoot {
        match self.free.pop() {
            Some(index) => {
                self.slots[index] = word;
                GlobalRoot { index }
            }
            None => {
                self.slots.push(word);
                GlobalRoot {
                    index: self.slots.len() - 1,
                }
            }
        }
    }

    pub fn remove(&mut self, root: GlobalRoot) -> usize {
        let word = std::mem::take(&mut self.slots[root.index]);
        self.free.push(root.index);
        word
    }

    pub fn live_count(&self) -> usize {
        self.slots.len() - self.free.len()
    }
}

/// All root containers of a heap.
#[derive(Default)]
pub(crate) struct Roots {
    pub stack: ShadowStack,
    pub handles: HandleStack,
    pub globals: GlobalRoots,
    pub sets: Vec<Option<Box<dyn AnyRootSet>>>,
}

impl Roots {
    pub fn add_set<T: RootSet + Any>(&mut self, set: T) -> RootSetId<T> {
        self.sets.push(Some(Box::new(set)));
        RootSetId {
            index: self.sets.len() - 1,
            _type: PhantomData,
        }
    }

    pub fn set_mut<T: RootSet + Any>(&mut self, id: RootSetId<T>) -> Option<&mut T> {
        self.sets
            .get_mut(id.index)?
            .as_mut()
            .and_then(|b| (&mut **b as &mut dyn Any).downcast_mut::<T>())
    }

    pub fn remove_set<T: RootSet + Any>(&mut self, id: RootSetId<T>) -> Option<T> {
        let slot = self.sets.get_mut(id.index)?;
        if !(&**slot.as_ref()? as &dyn Any).is::<T>() {
            return None;
        }
        let any: Box<dyn Any> = slot.take()?;
        any.downcast::<T>().ok().map(|b| *b)
    }

    /// Visits every root except the shadow stack (which has its own incremental scan).
    pub fn visit_non_stack(&mut self, visitor: &mut dyn SlotVisitor) {
        for slot in self.handles.slots.iter_mut() {
            visitor.visit(slot);
        }
        for slot in self.globals.slots.iter_mut() {
            if *slot != 0 {
                visitor.visit(slot);
            }
        }
        for set in self.sets.iter_mut().flatten() {
            set.visit_roots(visitor);
        }
    }
}
