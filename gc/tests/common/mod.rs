//! A mock object model for the tests (mmtk-core's MockVM idea): a handful of types that
//! cover every layout feature, with logs for finalizers and destructors.
//!
//! Payload layouts (offsets in bytes):
//! * `Node`:    id u64 @0, refs @8 @16 @24
//! * `Array`:   id u64 @0, len @8, reference items
//! * `Bytes`:   id u64 @0, len @8, byte items (pinnable)
//! * `WeakBox`: id u64 @0, weak ref @8
//! * `Fin`:     id u64 @0, ref @8; finalizer logs the id (and may resurrect)
//! * `Dtor`:    id u64 @0, ref @8; destructor logs the id
//! * `Table`:   id u64 @0, Box<Vec<usize>> @8 holding slots; custom trace + destructor

#![allow(dead_code)]

use std::cell::RefCell;

use tern_gc::{Config, GcRef, Heap, SlotVisitor, TypeId, TypeLayout};

thread_local! {
    pub static FIN_LOG: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
    pub static DTOR_LOG: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
    /// When set, finalizers resurrect their object into a global root.
    pub static RESURRECT: RefCell<bool> = const { RefCell::new(false) };
    pub static RESURRECTED: RefCell<Vec<tern_gc::GlobalRoot>> = const { RefCell::new(Vec::new()) };
}

pub const NODE_REFS: [usize; 3] = [8, 16, 24];

#[derive(Clone, Copy, Debug)]
pub struct Mock {
    pub node: TypeId,
    pub array: TypeId,
    pub bytes: TypeId,
    pub weak: TypeId,
    pub fin: TypeId,
    pub dtor: TypeId,
    pub table: TypeId,
}

fn fin_hook(heap: &mut Heap, obj: GcRef) {
    let id: u64 = heap.read(obj, 0);
    FIN_LOG.with(|l| l.borrow_mut().push(id));
    if RESURRECT.with(|r| *r.borrow()) {
        let root = heap.add_root(Some(obj));
        RESURRECTED.with(|r| r.borrow_mut().push(root));
    }
}

fn dtor_hook(obj: GcRef) {
    // SAFETY: the payload of a dying object is intact; offset 0 is its id.
    let id: u64 = unsafe { obj.read(0) };
    DTOR_LOG.with(|l| l.borrow_mut().push(id));
}

fn table_trace(obj: GcRef, visitor: &mut dyn SlotVisitor) {
    // SAFETY: offset 8 of a Table holds the Box<Vec<usize>> pointer set at creation.
    let vec = unsafe { &mut *(obj.read::<usize>(8) as *mut Vec<usize>) };
    for slot in vec.iter_mut() {
        if *slot != 0 {
            visitor.visit(slot);
        }
    }
}

fn table_dtor(obj: GcRef) {
    // SAFETY: as in `table_trace`; the box is freed exactly once, here.
    let ptr = unsafe { obj.read::<usize>(8) } as *mut Vec<usize>;
    drop(unsafe { Box::from_raw(ptr) });
    let id: u64 = unsafe { obj.read(0) };
    DTOR_LOG.with(|l| l.borrow_mut().push(id));
}

impl Mock {
    pub fn register(heap: &mut Heap) -> Mock {
        Mock {
            node: heap
                .register_type(TypeLayout::new("Node", 32).gc_fields(&NODE_REFS))
                .unwrap(),
            array: heap
                .register_type(TypeLayout::new("Array", 16).ref_items(8))
                .unwrap(),
            bytes: heap
                .register_type(TypeLayout::new("Bytes", 16).items(8, 1))
                .unwrap(),
            weak: heap
                .register_type(TypeLayout::new("WeakBox", 16).weak_field(8))
                .unwrap(),
            fin: heap
                .register_type(TypeLayout::new("Fin", 16).gc_field(8).finalizer(fin_hook))
                .unwrap(),
            dtor: heap
                .register_type(
                    TypeLayout::new("Dtor", 16)
                        .gc_field(8)
                        .destructor(dtor_hook),
                )
                .unwrap(),
            table: heap
                .register_type(
                    TypeLayout::new("Table", 16)
                        .custom_trace(table_trace)
                        .destructor(table_dtor),
                )
                .unwrap(),
        }
    }

    pub fn node(&self, heap: &mut Heap, id: u64) -> GcRef {
        let n = heap.alloc(self.node).unwrap();
        heap.write(n, 0, id);
        n
    }

    pub fn array(&self, heap: &mut Heap, id: u64, len: usize) -> GcRef {
        let a = heap.alloc_varsize(self.array, len).unwrap();
        heap.write(a, 0, id);
        a
    }

    pub fn bytes(&self, heap: &mut Heap, id: u64, len: usize) -> GcRef {
        let b = heap.alloc_varsize(self.bytes, len).unwrap();
        heap.write(b, 0, id);
        for (i, byte) in heap.bytes_mut(b).iter_mut().enumerate() {
            *byte = pattern(id, i);
        }
        b
    }

    pub fn weak(&self, heap: &mut Heap, id: u64, target: Option<GcRef>) -> GcRef {
        // The target must survive the allocation: root it while allocating.
        let root = heap.add_root(target);
        let w = heap.alloc(self.weak).unwrap();
        let target = heap.remove_root(root);
        heap.write(w, 0, id);
        heap.store_ref(w, 8, target);
        w
    }

    pub fn fin(&self, heap: &mut Heap, id: u64) -> GcRef {
        let f = heap.alloc(self.fin).unwrap();
        heap.write(f, 0, id);
        f
    }

    pub fn dtor(&self, heap: &mut Heap, id: u64) -> GcRef {
        let d = heap.alloc(self.dtor).unwrap();
        heap.write(d, 0, id);
        d
    }

    /// A Table whose out-of-heap Vec has `slots` null slots.
    pub fn table(&self, heap: &mut Heap, id: u64, slots: usize) -> GcRef {
        let t = heap.alloc(self.table).unwrap();
        heap.write(t, 0, id);
        let vec: Box<Vec<usize>> = Box::new(vec![0; slots]);
        heap.write(t, 8, Box::into_raw(vec) as usize);
        t
    }

    /// Stores into slot `i` of a Table's Vec (with the write barrier on the owner).
    pub fn table_store(&self, heap: &mut Heap, t: GcRef, i: usize, value: Option<GcRef>) {
        heap.write_barrier(t);
        let ptr: usize = heap.read(t, 8);
        // SAFETY: the Vec is owned by the live Table `t`.
        let vec = unsafe { &mut *(ptr as *mut Vec<usize>) };
        vec[i] = tern_gc::ref_to_slot(value);
    }

    pub fn table_load(&self, heap: &Heap, t: GcRef, i: usize) -> Option<GcRef> {
        let ptr: usize = heap.read(t, 8);
        // SAFETY: the Vec is owned by the live Table `t`.
        let vec = unsafe { &*(ptr as *const Vec<usize>) };
        tern_gc::slot_to_ref(vec[i])
    }
}

/// Byte `i` of the Bytes object with id `id`.
pub fn pattern(id: u64, i: usize) -> u8 {
    (id as usize).wrapping_mul(31).wrapping_add(i * 7) as u8
}

/// A small heap that exercises every path quickly (env debug overrides still apply).
pub fn small_config() -> Config {
    Config {
        nursery_size: 64 << 10,
        large_object: 4 << 10,
        major_step_budget: Some(16 << 10),
        min_major_heap: Some(128 << 10),
        max_pinned: Some(4),
        ..Config::default()
    }
}

pub fn take_fin_log() -> Vec<u64> {
    FIN_LOG.with(|l| std::mem::take(&mut *l.borrow_mut()))
}

pub fn take_dtor_log() -> Vec<u64> {
    DTOR_LOG.with(|l| std::mem::take(&mut *l.borrow_mut()))
}

/// Is the whole test binary running in stress mode?
pub fn stressed() -> bool {
    std::env::var("TERN_GC_STRESS").is_ok_and(|v| v.trim() != "0" && !v.trim().is_empty())
}
