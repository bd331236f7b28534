//! Allocation, field access, rooting and the basic collection paths.

mod common;

use common::{Mock, small_config};
use tern_gc::{AllocErrorKind, Config, Heap, MajorPhase, RootSet, SlotVisitor, TypeLayout};

#[test]
fn objects_survive_minor_collections_through_handles() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    heap.scope(|heap, s| {
        let a = m.node(heap, 1);
        let a = heap.root(s, a);
        let b = m.node(heap, 2);
        let a_now = heap.get(a);
        heap.store_ref(a_now, 8, Some(b));
        let before = heap.get(a);
        let was_young = heap.is_young(before); // not under stress: b's allocation collected
        heap.collect_minor();
        let a_now = heap.get(a);
        assert_eq!(a_now != before, was_young, "only nursery objects move");
        assert!(!heap.is_young(a_now));
        assert_eq!(heap.read::<u64>(a_now, 0), 1);
        let b_now = heap.read_ref(a_now, 8).unwrap();
        assert_eq!(heap.read::<u64>(b_now, 0), 2);
        assert_eq!(heap.read_ref(a_now, 16), None, "GC fields start null");
        assert_eq!(heap.type_of(a_now), m.node);
        assert_eq!(heap.type_name(m.node), Some("Node"));
    });
}

#[test]
fn long_linked_list_survives_minor_and_major_collections() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let n = 3000;
    let head = heap.add_root(None);
    for i in 0..n {
        let node = m.node(&mut heap, i);
        let prev = heap.get_root(&head);
        heap.store_ref(node, 8, prev);
        heap.set_root(&head, Some(node));
        if i % 500 == 0 {
            heap.collect_step();
        }
    }
    heap.collect();
    let stats = heap.stats();
    assert!(stats.minor_collections > 0 && stats.major_collections > 0);
    let mut cur = heap.get_root(&head);
    let mut expect = n;
    while let Some(node) = cur {
        expect -= 1;
        assert_eq!(heap.read::<u64>(node, 0), expect);
        cur = heap.read_ref(node, 8);
    }
    assert_eq!(expect, 0);
    heap.verify().unwrap();
}

#[test]
fn unreachable_old_objects_are_freed_by_a_major_collection() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let keep = heap.add_root(None);
    for i in 0..2000 {
        let node = m.node(&mut heap, i);
        if i % 10 == 0 {
            let prev = heap.get_root(&keep);
            heap.store_ref(node, 8, prev);
            heap.set_root(&keep, Some(node));
        }
    }
    heap.collect();
    let live_small = heap.old_bytes();
    heap.remove_root(keep);
    heap.collect();
    assert!(
        heap.old_bytes() < live_small,
        "{} < {live_small}",
        heap.old_bytes()
    );
    assert!(heap.stats().old_objects_freed >= 200);
}

#[test]
fn write_barrier_keeps_young_objects_referenced_from_old_ones() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let holder = m.node(&mut heap, 1);
    let holder = heap.add_root(Some(holder));
    heap.collect_minor();
    let old = heap.get_root(&holder).unwrap();
    assert!(!heap.is_young(old));
    for round in 0..50u64 {
        let young = m.node(&mut heap, 100 + round);
        let old = heap.get_root(&holder).unwrap();
        heap.store_ref(old, 8 * (1 + (round as usize % 3)), Some(young));
        heap.collect_minor();
        let old = heap.get_root(&holder).unwrap();
        let child = heap.read_ref(old, 8 * (1 + (round as usize % 3))).unwrap();
        assert_eq!(heap.read::<u64>(child, 0), 100 + round);
    }
    assert!(heap.stats().remembered_objects_scanned >= 50);
    heap.verify().unwrap();
}

#[test]
fn varsize_objects_items_and_bytes() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    heap.scope(|heap, s| {
        let arr = m.array(heap, 7, 10);
        let arr = heap.root(s, arr);
        assert_eq!(heap.item_count(heap.get(arr)), Some(10));
        for i in 0..10 {
            assert_eq!(heap.item_ref(heap.get(arr), i), None);
            let n = m.node(heap, i as u64);
            heap.store_item_ref(heap.get(arr), i, Some(n));
        }
        let b = m.bytes(heap, 9, 33);
        let b = heap.root(s, b);
        heap.collect();
        let a = heap.get(arr);
        for i in 0..10 {
            let n = heap.item_ref(a, i).unwrap();
            assert_eq!(heap.read::<u64>(n, 0), i as u64);
        }
        let bytes = heap.bytes(heap.get(b));
        assert_eq!(bytes.len(), 33);
        assert!(
            bytes
                .iter()
                .enumerate()
                .all(|(i, &x)| x == common::pattern(9, i))
        );
        assert_eq!(heap.item_count(heap.get(b)), Some(33));
        assert_eq!(heap.item_count(a), Some(10));
    });
}

#[test]
fn allocation_errors_are_values() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let e = heap.alloc(m.array).unwrap_err();
    assert!(matches!(e.kind(), AllocErrorKind::NeedsLength { .. }));
    let e = heap.alloc_varsize(m.node, 3).unwrap_err();
    assert!(matches!(e.kind(), AllocErrorKind::NotVarsize { .. }));
    let e = heap.alloc_varsize(m.array, usize::MAX / 4).unwrap_err();
    assert!(matches!(e.kind(), AllocErrorKind::TooLarge { .. }));
    assert!(e.to_string().contains("Array"));
    let bogus = tern_gc::TypeId::from_u32(999);
    let e = heap.alloc(bogus).unwrap_err();
    assert_eq!(e.kind(), &AllocErrorKind::UnknownType(bogus));
    let bad = heap.register_type(TypeLayout::new("Bad", 8).gc_field(4));
    assert!(bad.unwrap_err().to_string().contains("Bad"));
}

#[test]
fn heap_limit_reports_out_of_memory_after_a_full_collection() {
    let config = Config {
        max_heap: Some(1 << 20),
        ..small_config()
    };
    let mut heap = Heap::new(config).unwrap();
    let m = Mock::register(&mut heap);
    let keep = heap.add_root(None);
    let mut failed = None;
    for i in 0..10_000 {
        match heap.alloc_varsize(m.array, 1000) {
            Ok(a) => {
                heap.write(a, 0, i as u64);
                let prev = heap.get_root(&keep);
                heap.store_item_ref(a, 0, prev);
                heap.set_root(&keep, Some(a));
            }
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    let e = failed.expect("the limit is reached");
    assert!(
        matches!(e.kind(), AllocErrorKind::OutOfMemory { .. }),
        "{e}"
    );
    // Dropping the data makes room again.
    heap.remove_root(keep);
    assert!(heap.alloc_varsize(m.array, 1000).is_ok());
}

#[test]
fn large_objects_go_to_old_space_and_die_young_when_unreachable() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let big = m.array(&mut heap, 1, 2000); // 16 KiB > large_object (4 KiB)
    assert!(!heap.is_young(big));
    let root = heap.add_root(Some(big));
    let before = heap.old_bytes();
    for _ in 0..5 {
        m.array(&mut heap, 2, 2000);
    }
    heap.collect_minor();
    assert!(
        heap.old_bytes() <= before,
        "dead large objects are freed by the minor collection"
    );
    assert_eq!(heap.get_root(&root), Some(big), "large objects never move");
    assert!(heap.stats().large_bytes_allocated >= 6 * 16000);
}

#[test]
fn tagged_words_are_left_alone() {
    let config = Config {
        tagged_word_mask: 1,
        ..small_config()
    };
    let mut heap = Heap::new(config).unwrap();
    let m = Mock::register(&mut heap);
    let n = m.node(&mut heap, 5);
    heap.store_slot(n, 8, (42 << 1) | 1);
    let root = heap.add_root(Some(n));
    let f = heap.shadow_stack().push_frame(1);
    heap.shadow_stack().set(f, 0, (7 << 1) | 1);
    heap.collect();
    let n = heap.get_root(&root).unwrap();
    assert_eq!(heap.read_slot(n, 8), (42 << 1) | 1);
    assert_eq!(heap.shadow_stack().get(f, 0), (7 << 1) | 1);
}

struct VecRoots(Vec<Option<tern_gc::GcRef>>);

impl RootSet for VecRoots {
    fn visit_roots(&mut self, visitor: &mut dyn SlotVisitor) {
        for r in self.0.iter_mut() {
            visitor.visit_opt(r);
        }
    }
}

#[test]
fn client_root_sets_are_visited_and_updated() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let id = heap.add_root_set(VecRoots(Vec::new()));
    for i in 0..20 {
        let n = m.node(&mut heap, i);
        heap.root_set_mut(id).unwrap().0.push(Some(n));
    }
    heap.collect();
    let refs = heap.root_set_mut(id).unwrap().0.clone();
    for (i, r) in refs.iter().enumerate() {
        assert_eq!(heap.read::<u64>(r.unwrap(), 0), i as u64);
    }
    let back = heap.remove_root_set(id).unwrap();
    assert_eq!(back.0.len(), 20);
    assert!(heap.root_set_mut(id).is_none());
}

#[test]
fn explicit_steps_run_an_incremental_cycle_to_completion() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let keep = heap.add_root(None);
    for i in 0..3000 {
        let n = m.node(&mut heap, i);
        if i % 2 == 0 {
            let prev = heap.get_root(&keep);
            heap.store_ref(n, 8, prev);
            heap.set_root(&keep, Some(n));
        }
    }
    heap.finish_major();
    let cycles = heap.stats().major_collections;
    heap.collect_step();
    let mut steps = 1;
    while heap.major_phase() != MajorPhase::Idle {
        heap.collect_step();
        steps += 1;
        assert!(steps < 10_000);
    }
    assert_eq!(heap.stats().major_collections, cycles + 1);
    heap.verify().unwrap();
}

#[cfg(debug_assertions)]
#[test]
#[should_panic(expected = "without being rooted")]
fn a_forgotten_root_is_reported_in_debug_builds() {
    let mut heap = Heap::new(small_config()).unwrap();
    let m = Mock::register(&mut heap);
    let unrooted = m.node(&mut heap, 1);
    heap.collect_minor(); // any allocation could have done this
    let _ = heap.read::<u64>(unrooted, 0);
}

#[test]
fn config_errors_come_back_from_new() {
    let e = Heap::new(Config {
        nursery_size: 100,
        ..Config::default()
    })
    .err()
    .unwrap();
    assert_eq!(e.setting, "nursery_size");
}

#[test]
fn stress_mode_collects_at_every_nth_allocation() {
    let config = Config {
        stress: 3,
        env_debug_overrides: false,
        ..small_config()
    };
    let mut heap = Heap::new(config).unwrap();
    let m = Mock::register(&mut heap);
    let before = heap.stats().minor_collections;
    for i in 0..30 {
        if i % 2 == 0 {
            m.node(&mut heap, i);
        } else {
            m.array(&mut heap, i, 3);
        }
    }
    assert_eq!(heap.stats().minor_collections - before, 10);
    // The JIT-visible limit hides the nursery, so inline fast paths also come here.
    let info = heap.jit_info();
    // SAFETY: reading the heap's own nursery cells.
    unsafe { assert_eq!(*info.nursery_free, *info.nursery_top) };
}
