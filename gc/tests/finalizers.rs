//! Destructors (light finalizers), full finalizers, resurrection, custom trace hooks.

mod common;

use common::{Mock, RESURRECT, RESURRECTED, small_config, take_dtor_log, take_fin_log};
use tern_gc::{GcRef, Heap, TypeLayout};

#[test]
fn destructors_run_once_for_objects_dying_young_and_old() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    take_dtor_log();
    // Young death: no major collection needed.
    for i in 0..10 {
        m.dtor(&mut heap, i);
    }
    let survivor = m.dtor(&mut heap, 100);
    let root = heap.add_root(Some(survivor));
    heap.collect_minor();
    let mut log = take_dtor_log();
    log.sort();
    assert_eq!(log, (0..10).collect::<Vec<_>>());
    assert_eq!(
        heap.stats().major_collections,
        heap.stats().major_collections
    );
    // Old death.
    heap.collect();
    assert!(
        take_dtor_log().is_empty(),
        "a live object is never destroyed"
    );
    heap.remove_root(root);
    heap.collect();
    assert_eq!(take_dtor_log(), vec![100]);
    heap.collect();
    assert!(take_dtor_log().is_empty(), "destroyed exactly once");
}

#[test]
fn dropping_the_heap_destroys_live_objects() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    take_dtor_log();
    let a = m.dtor(&mut heap, 1);
    heap.add_root(Some(a));
    let t = m.table(&mut heap, 2, 4);
    heap.add_root(Some(t));
    drop(heap);
    let mut log = take_dtor_log();
    log.sort();
    assert_eq!(log, vec![1, 2]);
}

#[test]
fn custom_trace_hook_keeps_and_updates_out_of_heap_slots() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    take_dtor_log();
    let t = m.table(&mut heap, 1, 50);
    let root = heap.add_root(Some(t));
    for round in 0..3 {
        for i in 0..50 {
            let n = m.node(&mut heap, (round * 100 + i) as u64);
            let t = heap.get_root(&root).unwrap();
            m.table_store(&mut heap, t, i, Some(n));
        }
        // Garbage in between, so objects move and the nursery is reused.
        for _ in 0..2000 {
            m.node(&mut heap, 9999);
        }
        heap.collect_step();
        let t = heap.get_root(&root).unwrap();
        for i in 0..50 {
            let n = m.table_load(&heap, t, i).unwrap();
            assert_eq!(heap.read::<u64>(n, 0), (round * 100 + i) as u64);
        }
    }
    heap.collect();
    heap.verify().unwrap();
    take_dtor_log();
    heap.remove_root(root);
    heap.collect();
    assert_eq!(take_dtor_log(), vec![1], "the table's Rust buffer is freed");
}

#[test]
fn finalizers_run_once_and_never_inside_a_collection() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    take_fin_log();
    for i in 0..20 {
        heap.scope(|heap, s| {
            let f = m.fin(heap, i);
            let f = heap.root(s, f);
            let child = m.node(heap, 1000 + i);
            heap.store_ref(heap.get(f), 8, Some(child));
        });
    }
    heap.collect();
    assert!(
        take_fin_log().is_empty(),
        "finalizers wait for run_pending_finalizers"
    );
    assert_eq!(heap.pending_finalizer_count(), 20);
    // The queued objects and what they reach stay valid through more collections.
    heap.collect();
    heap.verify().unwrap();
    assert_eq!(heap.run_pending_finalizers(), 20);
    let mut log = take_fin_log();
    log.sort();
    assert_eq!(log, (0..20).collect::<Vec<_>>());
    heap.collect();
    assert_eq!(
        heap.pending_finalizer_count(),
        0,
        "each finalizer runs once"
    );
    assert_eq!(heap.stats().finalizers_run, 20);
}

#[test]
fn resurrected_objects_stay_intact_and_are_not_finalized_twice() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    take_fin_log();
    RESURRECT.with(|r| *r.borrow_mut() = true);
    // A cycle of two finalizable objects through a plain node: a -> b -> chain -> a.
    heap.scope(|heap, s| {
        let a = m.fin(heap, 1);
        let a = heap.root(s, a);
        let b = m.fin(heap, 2);
        let b = heap.root(s, b);
        heap.store_ref(heap.get(a), 8, Some(heap.get(b)));
        let chain = m.node(heap, 50);
        heap.store_ref(heap.get(b), 8, Some(chain));
        heap.store_ref(chain, 8, Some(heap.get(a)));
    });
    heap.collect();
    assert_eq!(heap.run_pending_finalizers(), 2);
    let mut log = take_fin_log();
    log.sort();
    assert_eq!(log, vec![1, 2]);
    let roots: Vec<tern_gc::GlobalRoot> =
        RESURRECTED.with(|r| std::mem::take(&mut *r.borrow_mut()));
    RESURRECT.with(|r| *r.borrow_mut() = false);
    heap.collect();
    heap.verify().unwrap();
    for r in &roots {
        let obj = heap.get_root(r).unwrap();
        let id: u64 = heap.read(obj, 0);
        assert!(id == 1 || id == 2);
        if id == 2 {
            let chain = heap.read_ref(obj, 8).unwrap();
            assert_eq!(heap.read::<u64>(chain, 0), 50);
        }
    }
    for r in roots {
        heap.remove_root(r);
    }
    heap.collect();
    assert_eq!(heap.pending_finalizer_count(), 0);
    assert!(take_fin_log().is_empty());
}

#[test]
fn weak_references_to_finalizable_objects_are_cleared_before_finalizers_run() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    take_fin_log();
    let f = m.fin(&mut heap, 1);
    let w = m.weak(&mut heap, 2, Some(f));
    let w = heap.add_root(Some(w));
    heap.collect();
    assert_eq!(heap.pending_finalizer_count(), 1);
    let wr = heap.get_root(&w).unwrap();
    assert_eq!(heap.read_ref(wr, 8), None);
    heap.run_pending_finalizers();
    assert_eq!(take_fin_log(), vec![1]);
}

thread_local! {
    static BOOMS: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn boom(obj: GcRef) {
    // SAFETY: payload offset 0 is the id of the dying object.
    let id = unsafe { obj.read::<u64>(0) };
    BOOMS.with(|b| b.borrow_mut().push(id));
    if id == 666 {
        panic!("destructor failure");
    }
}

#[test]
fn a_panicking_destructor_is_reraised_after_the_collection() {
    let mut heap = Heap::new(small_config()).unwrap();
    let ty = heap
        .register_type(TypeLayout::new("Boom", 8).destructor(boom))
        .unwrap();
    let keep = heap.alloc(ty).unwrap();
    heap.write(keep, 0, 1u64);
    let keep = heap.add_root(Some(keep));
    // Under stress mode the panic surfaces from the allocation that collected.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for id in [5u64, 666, 7] {
            let o = heap.alloc(ty).unwrap();
            heap.write(o, 0, id);
        }
        heap.collect_minor();
    }));
    assert!(result.is_err(), "the destructor's panic reaches the caller");
    // The heap is consistent afterwards and the destructor never runs twice.
    heap.collect();
    heap.collect();
    heap.verify().unwrap();
    let k = heap.get_root(&keep).unwrap();
    assert_eq!(heap.read::<u64>(k, 0), 1);
    let ran = BOOMS.with(|b| b.borrow().clone());
    assert_eq!(ran.iter().filter(|&&id| id == 666).count(), 1);
    assert!(ran.contains(&5));
    assert!(!ran.contains(&1));
}
