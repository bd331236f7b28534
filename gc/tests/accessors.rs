//! The safe accessors: allocation nulls every GC field whatever the nursery held before,
//! and every out-of-range access panics with a message naming the type (in all builds,
//! like slice indexing).

mod common;

use common::small_config;
use tern_gc::{Heap, TypeLayout};

#[test]
fn allocation_nulls_every_gc_field_over_dirty_memory() {
    let mut heap = Heap::new(small_config()).unwrap();
    let blob = heap.register_type(TypeLayout::new("Blob", 64)).unwrap();
    // Types with 0..=7 GC fields after a scalar word: every length of the allocator's
    // field-nulling code (straight-line stores up to four, `memset` beyond).
    let types: Vec<_> = (0..=7usize)
        .map(|n| {
            let fields: Vec<usize> = (0..n).map(|i| 8 + 8 * i).collect();
            let layout = TypeLayout::new(format!("Fields{n}"), 8 + 8 * n).gc_fields(&fields);
            (n, heap.register_type(layout).unwrap())
        })
        .collect();
    for round in 0..3 {
        // Fill the nursery with all-ones words, then start over from an empty nursery:
        // without poisoning (release builds), the next objects land on that garbage.
        for _ in 0..(64 << 10) / 72 - 8 {
            let b = heap.alloc(blob).unwrap();
            for off in (0..64).step_by(8) {
                heap.write(b, off, u64::MAX);
            }
        }
        heap.collect_minor();
        for &(n, ty) in &types {
            let obj = heap.alloc(ty).unwrap();
            for i in 0..n {
                assert_eq!(
                    heap.read_slot(obj, 8 + 8 * i),
                    0,
                    "round {round}: field {i} of a {n}-field object is not null"
                );
            }
        }
    }
}

fn pair_heap() -> (Heap, tern_gc::TypeId, tern_gc::TypeId) {
    let mut heap = Heap::new(small_config()).unwrap();
    let pair = heap
        .register_type(TypeLayout::new("Pair", 24).gc_field(0).gc_field(8))
        .unwrap();
    let list = heap
        .register_type(TypeLayout::new("List", 8).ref_items(0))
        .unwrap();
    (heap, pair, list)
}

#[test]
#[should_panic(expected = "offset 24 (+8) is outside the 24-byte payload of `Pair`")]
fn reading_past_the_payload_panics() {
    let (mut heap, pair, _) = pair_heap();
    let p = heap.alloc(pair).unwrap();
    heap.read::<u64>(p, 24);
}

#[test]
#[should_panic(expected = "offset 20 (+8) is outside the 24-byte payload of `Pair`")]
fn a_write_straddling_the_end_panics() {
    let (mut heap, pair, _) = pair_heap();
    let p = heap.alloc(pair).unwrap();
    heap.write::<u64>(p, 20, 1);
}

#[test]
#[should_panic(expected = "offset 32 (+8) is outside the 24-byte payload of `Pair`")]
fn storing_a_reference_past_the_payload_panics() {
    let (mut heap, pair, _) = pair_heap();
    let p = heap.alloc(pair).unwrap();
    heap.store_ref(p, 32, Some(p));
}

#[test]
#[should_panic(expected = "is outside the 24-byte payload of `Pair`")]
fn an_overflowing_offset_panics() {
    let (mut heap, pair, _) = pair_heap();
    let p = heap.alloc(pair).unwrap();
    heap.read_ref(p, usize::MAX - 3);
}

#[test]
#[should_panic(expected = "item index 3 out of range for `List` of length 3")]
fn an_item_index_past_the_length_panics() {
    let (mut heap, _, list) = pair_heap();
    let l = heap.alloc_varsize(list, 3).unwrap();
    heap.store_item_ref(l, 3, None);
}

#[test]
#[should_panic(expected = "item offset 8 (+8) is outside the 8-byte item of `List`")]
fn an_offset_past_the_item_panics() {
    let (mut heap, _, list) = pair_heap();
    let l = heap.alloc_varsize(list, 3).unwrap();
    heap.read_item::<u64>(l, 0, 8);
}

#[test]
#[should_panic(expected = "`Pair` has no items")]
fn items_of_a_fixed_size_type_panic() {
    let (mut heap, pair, _) = pair_heap();
    let p = heap.alloc(pair).unwrap();
    heap.item_ref(p, 0);
}
