//! Stable identity and identity hashes of moving objects.

mod common;

use std::collections::HashSet;

use common::{Mock, small_config};
use tern_gc::Heap;

#[test]
fn id_survives_promotion_and_is_the_final_address() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let n = m.node(&mut heap, 1);
    let id = heap.object_id(n);
    let hash = heap.identity_hash(n);
    let root = heap.add_root(Some(n));
    heap.collect_minor();
    let moved = heap.get_root(&root).unwrap();
    assert_eq!(moved.addr() as u64, id, "promoted into its reserved block");
    assert_eq!(heap.object_id(moved), id);
    assert_eq!(heap.identity_hash(moved), hash);
    heap.collect();
    assert_eq!(heap.object_id(heap.get_root(&root).unwrap()), id);
}

#[test]
fn ids_of_live_objects_are_distinct() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let frame = heap.shadow_stack().push_frame(300);
    let mut ids = Vec::new();
    for i in 0..300 {
        let obj = if i % 2 == 0 {
            m.array(&mut heap, i, 50)
        } else {
            m.node(&mut heap, i)
        };
        heap.shadow_stack().set_ref(frame, i as usize, Some(obj));
        ids.push(heap.object_id(obj));
    }
    heap.collect();
    let unique: HashSet<u64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len());
    for (i, &id) in ids.iter().enumerate() {
        let obj = heap.shadow_stack_ref().get_ref(frame, i).unwrap();
        assert_eq!(heap.object_id(obj), id);
        assert_eq!(obj.addr() as u64, id);
    }
}

#[test]
fn shadows_of_dead_objects_are_released() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    heap.collect();
    let base = heap.old_bytes();
    for i in 0..500 {
        let arr = m.array(&mut heap, i, 50);
        heap.object_id(arr);
        let n = m.node(&mut heap, i);
        heap.identity_hash(n);
    }
    heap.collect();
    assert!(
        heap.old_bytes() <= base + 4096,
        "dead objects' shadows are freed ({} vs {base})",
        heap.old_bytes()
    );
}

#[test]
fn pinned_object_with_an_id_moves_into_its_shadow_after_unpin() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let b = m.bytes(&mut heap, 3, 20);
    let root = heap.add_root(Some(b));
    let id = heap.object_id(b);
    if heap.is_young(b) {
        assert!(heap.pin(b));
        heap.collect_minor();
        assert_eq!(heap.get_root(&root), Some(b));
        assert_eq!(heap.object_id(b), id);
        heap.unpin(b).unwrap();
    }
    heap.collect_minor();
    assert_eq!(heap.get_root(&root).unwrap().addr() as u64, id);
}
