//! The JIT interface, exercised the way generated code would use it.

mod common;

use common::{Mock, small_config};
use tern_gc::{GcRef, Heap};

/// What generated code does for a fixed-size allocation.
///
/// # Safety
/// `info` comes from `heap.jit_info()` of a live, unmoved heap.
unsafe fn inline_alloc(info: &tern_gc::JitHeapInfo, t: &tern_gc::JitTypeInfo) -> usize {
    // SAFETY: the nursery cells of a live heap are valid; the bytes written lie inside the
    // range just reserved below `nursery_top`.
    unsafe {
        let free = *info.nursery_free;
        let new = free + t.size;
        if t.inline_alloc && new <= *info.nursery_top {
            *info.nursery_free = new;
            *(free as *mut u64) = t.header_word;
            std::ptr::write_bytes((free + info.header_size) as *mut u8, 0, t.zero_bytes);
            free
        } else {
            (info.alloc_slow)(info.heap, t.type_id, 0)
        }
    }
}

#[test]
fn inline_allocation_and_barrier_flag_test() {
    let mut heap = Box::new(Heap::new(small_config()).unwrap());
    let m = Mock::register(&mut heap);
    let info = heap.jit_info();
    let t = heap.jit_type_info(m.node).unwrap();
    assert!(t.inline_alloc);
    assert_eq!(t.size, 40);
    assert_eq!(t.zero_bytes, 32);
    assert_eq!(info.track_flag_byte_offset, 4);
    let root = heap.add_root(None);
    for i in 0..5000u64 {
        // SAFETY: `info` belongs to `heap`, which stays boxed and is not borrowed here.
        let addr = unsafe { inline_alloc(&info, &t) };
        let n = GcRef::from_addr(addr).expect("allocation succeeded");
        heap.write(n, 0, i);
        let prev = heap.get_root(&root);
        heap.store_ref(n, 8, prev);
        heap.set_root(&root, Some(n));
    }
    heap.collect();
    let mut cur = heap.get_root(&root);
    let mut count = 0;
    while let Some(n) = cur {
        count += 1;
        cur = heap.read_ref(n, 8);
    }
    assert_eq!(count, 5000);

    // The barrier flag as generated code tests it: set on old objects, cleared by the
    // slow path.
    let old = heap.get_root(&root).unwrap();
    let flag = |o: GcRef| {
        // SAFETY: reading the header byte of a live object, as JIT code would.
        unsafe {
            *((o.addr() + info.track_flag_byte_offset) as *const u8) & info.track_flag_byte_mask
                != 0
        }
    };
    assert!(flag(old));
    // SAFETY: `info.heap` is the live boxed heap; `old` is one of its objects.
    unsafe { (info.write_barrier_slow)(info.heap, old.addr()) };
    assert!(!flag(old));
    heap.collect_minor();
    assert!(
        flag(heap.get_root(&root).unwrap()),
        "restored by the minor collection"
    );

    // Slow-path allocation of a variable-size type, and failure as 0.
    let a = heap.jit_type_info(m.array).unwrap();
    assert!(!a.inline_alloc);
    assert_eq!(a.varsize, Some((8, 8, 24)));
    // SAFETY: as above.
    let arr = unsafe { (info.alloc_slow)(info.heap, a.type_id, 10) };
    assert_eq!(heap.item_count(GcRef::from_addr(arr).unwrap()), Some(10));
    // SAFETY: as above.
    assert_eq!(unsafe { (info.alloc_slow)(info.heap, 12345, 0) }, 0);
}
