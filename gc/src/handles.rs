//! Handle scopes: rooting for Rust code (V8's `HandleScope`).
//!
//! Rust code that keeps a reference across anything that may allocate roots it in the
//! current scope and goes through the handle afterwards:
//!
//! ```
//! # use tern_gc::{Heap, Config, TypeLayout};
//! # let mut heap = Heap::new(Config::default()).unwrap();
//! # let pair = heap.register_type(TypeLayout::new("Pair", 16).gc_field(0).gc_field(8)).unwrap();
//! heap.scope(|heap, s| {
//!     let a = heap.alloc(pair).unwrap();
//!     let a = heap.root(s, a);                 // survives the next allocation
//!     let b = heap.alloc(pair).unwrap();       // may collect and move `a`
//!     heap.store_ref(heap.get(a), 0, Some(b)); // re-read `a` through its handle
//! });
//! ```
//!
//! A [`Handle`] is branded with the lifetime of its [`Scope`]; the closure passed to
//! [`Heap::scope`] is generic over that lifetime, so the compiler rejects any attempt to
//! keep a handle after its scope ended. Handles may only be created in the innermost open
//! scope (checked at run time, since the token of an outer scope is still in reach).
//!
//! Invariant: the slots of a scope are exactly `slots[mark..]` where `mark` is the stack
//! length when the scope was entered; leaving the scope truncates them.

use std::marker::PhantomData;

use crate::gcref::GcRef;
use crate::heap::Heap;

type Brand<'s> = PhantomData<fn(&'s ()) -> &'s ()>;

/// Token of an open handle scope (see [`Heap::scope`]).
#[derive(Copy, Clone, Debug)]
pub struct Scope<'s> {
    depth: usize,
    _brand: Brand<'s>,
}

/// A rooted reference, valid for the scope `'s` it was created in.
#[derive(Copy, Clone, Debug)]
pub struct Handle<'s> {
    index: usize,
    _brand: Brand<'s>,
}

#[derive(Default)]
pub(crate) struct HandleStack {
    pub slots: Vec<usize>,
    marks: Vec<usize>,
}

impl Heap {
    /// Runs `f` in a new handle scope; every handle created inside is released when `f`
    /// returns. Return plain data or a `GcRef` (to be rooted again by the caller before it
    /// allocates) from the closure.
    pub fn scope<R>(&mut self, f: impl for<'s> FnOnce(&mut Heap, Scope<'s>) -> R) -> R {
        let mark = self.roots.handles.slots.len();
        let outer = self.roots.handles.marks.len();
        self.roots.handles.marks.push(mark);
        let scope = Scope {
            depth: outer + 1,
            _brand: PhantomData,
        };
        let result = f(self, scope);
        self.roots.handles.marks.truncate(outer);
        self.roots.handles.slots.truncate(mark);
        result
    }

    /// Roots `obj` in `scope`, which must be the innermost open scope.
    ///
    /// # Panics
    /// If `scope` is not the innermost open scope (its handles would be released by the
    /// inner scope).
    pub fn root<'s>(&mut self, scope: Scope<'s>, obj: GcRef) -> Handle<'s> {
        assert_eq!(
            scope.depth,
            self.roots.handles.marks.len(),
            "Heap::root: handles can only be created in the innermost open scope"
        );
        self.check_ref(obj);
        self.roots.handles.slots.push(obj.addr());
        Handle {
            index: self.roots.handles.slots.len() - 1,
            _brand: PhantomData,
        }
    }

    /// The current address of a handle's object.
    #[inline]
    pub fn get(&self, handle: Handle<'_>) -> GcRef {
        GcRef::from_addr(self.roots.handles.slots[handle.index]).expect("handles are non-null")
    }

    /// Makes the handle refer to another object.
    #[inline]
    pub fn set_handle(&mut self, handle: Handle<'_>, obj: GcRef) {
        self.check_ref(obj);
        self.roots.handles.slots[handle.index] = obj.addr();
    }

    /// Number of live handles (all scopes).
    pub fn handle_count(&self) -> usize {
        self.roots.handles.slots.len()
    }
}
