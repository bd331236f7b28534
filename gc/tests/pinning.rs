//! Pinning: pinned objects do not move, the bound is enforced, the nursery is reused
//! around them.

mod common;

use common::{Mock, pattern, small_config};
use tern_gc::{Heap, PinError};

fn young_bytes(heap: &mut Heap, m: &Mock, id: u64, len: usize) -> Option<tern_gc::GcRef> {
    let b = m.bytes(heap, id, len);
    heap.is_young(b).then_some(b)
}

#[test]
fn pinned_objects_stay_put_and_the_nursery_is_reused_around_them() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    // Push the allocation pointer into the middle of the nursery first.
    for _ in 0..400 {
        m.node(&mut heap, 0);
    }
    let Some(b) = young_bytes(&mut heap, &m, 1, 100) else {
        return;
    };
    assert!(heap.pin(b));
    assert!(heap.is_pinned(b));
    let addr = b.addr();
    let mut below = false;
    let mut above = false;
    for round in 0..20 {
        for _ in 0..500 {
            let n = m.node(&mut heap, round);
            if heap.is_young(n) {
                below |= n.addr() < addr;
                above |= n.addr() > addr;
            }
        }
        heap.collect_step();
        assert_eq!(b.addr(), addr);
        assert!(
            heap.bytes(b)
                .iter()
                .enumerate()
                .all(|(i, &x)| x == pattern(1, i))
        );
        assert!(heap.is_young(b), "a pinned object stays in the nursery");
    }
    if !common::stressed() {
        assert!(
            below && above,
            "allocation continues on both sides of the pinned object"
        );
    }
    heap.collect();
    assert_eq!(heap.bytes(b)[3], pattern(1, 3));
    heap.unpin(b).unwrap();
    assert_eq!(heap.unpin(b), Err(PinError::NotPinned));
    let root = heap.add_root(Some(b));
    heap.collect_minor();
    let moved = heap.get_root(&root).unwrap();
    assert_ne!(moved, b, "an unpinned object moves again");
    assert!(
        heap.bytes(moved)
            .iter()
            .enumerate()
            .all(|(i, &x)| x == pattern(1, i))
    );
}

#[test]
fn pin_says_no_when_it_cannot() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    assert_eq!(heap.max_pinned(), 4);
    let n = m.node(&mut heap, 1);
    assert!(!heap.pin(n), "objects with GC fields cannot be pinned");
    assert!(!heap.is_pinnable_type(m.node));
    assert!(heap.is_pinnable_type(m.bytes));
    heap.scope(|heap, s| {
        let mut pinned = Vec::new();
        for i in 0..6 {
            let b = m.bytes(heap, i, 16);
            let h = heap.root(s, b);
            if heap.is_young(b) && heap.pin(b) {
                assert!(!heap.pin(b), "already pinned");
                pinned.push(h);
            }
        }
        if !common::stressed() {
            assert_eq!(pinned.len(), 4, "the bound");
            assert_eq!(heap.stats().pin_refused, 2);
        }
        assert!(pinned.len() <= 4);
        for h in pinned {
            heap.unpin(heap.get(h)).unwrap();
        }
        assert_eq!(heap.pinned_count(), 0);
    });
    // Old objects never move: pinning them always works and is not bounded.
    let b = m.bytes(&mut heap, 9, 16);
    let root = heap.add_root(Some(b));
    heap.collect_minor();
    let old = heap.get_root(&root).unwrap();
    assert!(heap.pin(old));
    heap.collect();
    assert_eq!(heap.get_root(&root), Some(old));
    heap.unpin(old).unwrap();
}

#[test]
fn old_objects_referring_to_a_pinned_object_see_it_move_after_unpin() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let holder = m.node(&mut heap, 1);
    let hroot = heap.add_root(Some(holder));
    heap.collect_minor();
    let Some(b) = young_bytes(&mut heap, &m, 2, 40) else {
        return;
    };
    assert!(heap.pin(b));
    let holder = heap.get_root(&hroot).unwrap();
    heap.store_ref(holder, 8, Some(b));
    for _ in 0..3 {
        heap.collect_minor();
    }
    heap.collect();
    let holder = heap.get_root(&hroot).unwrap();
    assert_eq!(heap.read_ref(holder, 8), Some(b));
    heap.unpin(b).unwrap();
    heap.collect_minor();
    let holder = heap.get_root(&hroot).unwrap();
    let moved = heap.read_ref(holder, 8).unwrap();
    assert_ne!(moved, b);
    assert!(!heap.is_young(moved));
    assert!(
        heap.bytes(moved)
            .iter()
            .enumerate()
            .all(|(i, &x)| x == pattern(2, i))
    );
    heap.verify().unwrap();
}
