//! `memory_usage()` must equal the heap bytes the table really holds, as seen by a
//! counting global allocator. The count is per thread: the test harness allocates on its
//! own threads (output capture, the next test's setup) at any moment, and a process-wide
//! counter made this test fail whenever that happened between two readings.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use tern_dict::{CompactDict, CompactSet};

struct Counting;

thread_local! {
    /// Bytes allocated minus bytes freed by the current thread. `const`-initialised, so
    /// reading it never allocates (which would recurse into the allocator).
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

/// Adds `delta` to the current thread's count (ignored while the thread is being torn
/// down and its thread-locals are gone).
fn count(delta: isize) {
    let _ = LIVE.try_with(|live| live.set(live.get() + delta));
}

// SAFETY: forwards to the system allocator unchanged; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live() -> isize {
    LIVE.with(Cell::get)
}

#[test]
fn memory_usage_matches_the_allocator() {
    type Map = CompactDict<u64, u64, std::hash::BuildHasherDefault<std::hash::DefaultHasher>>;
    let sizes: &[u64] = if cfg!(miri) {
        &[0, 1, 8, 100, 300]
    } else {
        &[0, 1, 8, 100, 171, 10_000, 70_000]
    };
    for &n in sizes {
        let base = live();
        let mut d = Map::default();
        for k in 0..n {
            d.insert(k, k);
        }
        assert_eq!(
            live() - base,
            d.memory_usage() as isize,
            "after {n} inserts"
        );
        for k in (0..n).step_by(3) {
            d.remove(&k);
        }
        assert_eq!(
            live() - base,
            d.memory_usage() as isize,
            "after removals ({n})"
        );
        d.move_to_front(&(n.saturating_sub(1)));
        assert_eq!(
            live() - base,
            d.memory_usage() as isize,
            "after a move ({n})"
        );
        d.shrink_to_fit();
        assert_eq!(
            live() - base,
            d.memory_usage() as isize,
            "after shrink ({n})"
        );
        drop(d);
        assert_eq!(live(), base, "everything freed ({n})");
    }
    let base = live();
    let s: CompactSet<u32> = (0..1000).collect();
    assert_eq!(live() - base, s.memory_usage() as isize);
    // Sets store no value: 16-byte buckets (hash + key, padded).
    assert!(s.memory_usage() < 1000 * 16 * 2 + 2048 * 2);
}
