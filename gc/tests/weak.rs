//! Weak fields: cleared when the target dies, updated when it moves.

mod common;

use common::{Mock, small_config};
use tern_gc::Heap;

#[test]
fn weak_to_a_young_target() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    heap.scope(|heap, s| {
        let live = m.node(heap, 1);
        let live = heap.root(s, live);
        let w_live = m.weak(heap, 10, Some(heap.get(live)));
        let w_live = heap.root(s, w_live);
        let dead = m.node(heap, 2);
        let w_dead = m.weak(heap, 11, Some(dead));
        let w_dead = heap.root(s, w_dead);
        // (Under stress mode the weak box's allocation promoted the target already.)
        let target = heap.read_ref(heap.get(w_dead), 8).unwrap();
        let target_young = heap.is_young(target);
        heap.collect_minor();
        assert_eq!(heap.read_ref(heap.get(w_live), 8), Some(heap.get(live)));
        if target_young {
            assert_eq!(
                heap.read_ref(heap.get(w_dead), 8),
                None,
                "cleared by the minor GC"
            );
        }
        heap.collect();
        assert_eq!(heap.read_ref(heap.get(w_dead), 8), None);
        assert_eq!(heap.read_ref(heap.get(w_live), 8), Some(heap.get(live)));
        assert!(heap.stats().weakrefs_cleared >= 1);
    });
}

#[test]
fn weak_to_an_old_target_is_cleared_by_the_major_collection() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let target = m.node(&mut heap, 1);
    let troot = heap.add_root(Some(target));
    let w = m.weak(&mut heap, 2, Some(target));
    let wroot = heap.add_root(Some(w));
    heap.collect();
    let w = heap.get_root(&wroot).unwrap();
    assert_eq!(heap.read_ref(w, 8), heap.get_root(&troot));
    heap.remove_root(troot);
    heap.collect_minor();
    let w = heap.get_root(&wroot).unwrap();
    assert!(
        heap.read_ref(w, 8).is_some(),
        "only a major collection proves an old object dead"
    );
    heap.collect();
    let w = heap.get_root(&wroot).unwrap();
    assert_eq!(heap.read_ref(w, 8), None);
}

#[test]
fn old_holder_gets_a_young_target_later() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let w = m.weak(&mut heap, 1, None);
    let wroot = heap.add_root(Some(w));
    heap.collect();
    heap.scope(|heap, s| {
        let t = m.node(heap, 5);
        let t = heap.root(s, t);
        let w = heap.get_root(&wroot).unwrap();
        heap.store_ref(w, 8, Some(heap.get(t)));
        heap.collect_minor();
        let w = heap.get_root(&wroot).unwrap();
        assert_eq!(heap.read_ref(w, 8), Some(heap.get(t)), "followed the move");
        assert_eq!(heap.read::<u64>(heap.get(t), 0), 5);
    });
    // The scope ended: the target is garbage now.
    heap.collect();
    let w = heap.get_root(&wroot).unwrap();
    assert_eq!(heap.read_ref(w, 8), None);
    // And a young holder of a young target that dies.
    let t = m.node(&mut heap, 6);
    let w2 = m.weak(&mut heap, 7, Some(t));
    let w2 = heap.add_root(Some(w2));
    heap.collect();
    assert_eq!(heap.read_ref(heap.get_root(&w2).unwrap(), 8), None);
    heap.verify().unwrap();
}
