//! Card marking: a minor collection scans only the dirty cards of a large old array.

mod common;

use common::Mock;
use tern_gc::{Config, Heap};

const ITEMS: usize = 1_000_000;

#[test]
fn one_item_write_into_a_million_item_array_scans_one_card() {
    let mut heap = Heap::new(Config::default()).unwrap();
    assert_eq!(heap.config().card_items, 128);
    let m = Mock::register(&mut heap);
    let arr = m.array(&mut heap, 1, ITEMS);
    assert!(
        !heap.is_young(arr),
        "an 8 MB array goes straight to old space"
    );
    let root = heap.add_root(Some(arr));
    heap.collect_minor(); // the array survives its first minor collection: now old, with cards

    let young = m.node(&mut heap, 42);
    let arr = heap.get_root(&root).unwrap();
    heap.store_item_ref(arr, 500_000, Some(young));
    let before = heap.stats();
    heap.collect_minor();
    let after = heap.stats();
    assert_eq!(after.cards_scanned - before.cards_scanned, 1);
    assert_eq!(
        after.remembered_objects_scanned, before.remembered_objects_scanned,
        "the array is not traced as a whole"
    );
    let arr = heap.get_root(&root).unwrap();
    let n = heap.item_ref(arr, 500_000).unwrap();
    assert!(!heap.is_young(n), "the young item was promoted");
    assert_eq!(heap.read::<u64>(n, 0), 42);

    // No write, no card.
    let before = heap.stats().cards_scanned;
    heap.collect_minor();
    assert_eq!(heap.stats().cards_scanned, before);

    // Five writes touching three cards (0, 1 and the last one).
    let young = m.node(&mut heap, 7);
    let arr = heap.get_root(&root).unwrap();
    for i in [0, 1, 127, 128, ITEMS - 1] {
        heap.store_item_ref(arr, i, Some(young));
    }
    let before = heap.stats().cards_scanned;
    heap.collect_minor();
    assert_eq!(heap.stats().cards_scanned - before, 3);
    let arr = heap.get_root(&root).unwrap();
    let n = heap.item_ref(arr, ITEMS - 1).unwrap();
    assert_eq!(heap.item_ref(arr, 0), Some(n));
    assert_eq!(heap.read::<u64>(n, 0), 7);
    heap.verify().unwrap();
}

#[test]
fn cards_keep_incremental_marking_correct() {
    // Writes into an array that the marker has already scanned must not lose objects.
    let config = Config {
        major_step_budget: Some(64 << 10),
        ..common::small_config()
    };
    let mut heap = Heap::new(config).unwrap();
    let m = Mock::register(&mut heap);
    let len = 20_000;
    let arr = m.array(&mut heap, 1, len);
    let root = heap.add_root(Some(arr));
    let spare = heap.add_root(None);
    for i in 0..len {
        let n = m.node(&mut heap, i as u64);
        let arr = heap.get_root(&root).unwrap();
        heap.store_item_ref(arr, i, Some(n));
    }
    heap.collect();
    // Start a cycle and move objects around while it runs.
    let mut moved = 0;
    for round in 0..200 {
        heap.collect_step();
        let arr = heap.get_root(&root).unwrap();
        let from = (round * 97) % len;
        let to = (round * 31 + 5) % len;
        let obj = heap.item_ref(arr, from);
        heap.set_root(&spare, obj);
        heap.store_item_ref(arr, from, None);
        heap.store_item_ref(arr, to, obj);
        heap.set_root(&spare, None);
        moved += 1;
    }
    heap.collect();
    heap.verify().unwrap();
    let arr = heap.get_root(&root).unwrap();
    let mut seen = 0;
    for i in 0..len {
        if let Some(n) = heap.item_ref(arr, i) {
            assert!(heap.read::<u64>(n, 0) < len as u64);
            seen += 1;
        }
    }
    assert!(seen >= len - moved);
}
