//! Heap bytes of `u64 -> u64` maps built by inserting N entries one at a time, measured
//! identically for every table by a counting global allocator (bytes live after the build).
//!
//! `cargo run --release -p tern-dict --example memory`

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use foldhash::fast::FixedState;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Heap bytes held by the value `build` returns (its allocations minus frees).
fn heap_of<T>(build: impl FnOnce() -> T) -> (usize, T) {
    let before = LIVE.load(Ordering::Relaxed);
    let value = build();
    (LIVE.load(Ordering::Relaxed) - before, value)
}

fn main() {
    let hasher = FixedState::with_seed(0x7e57);
    for n in [8u64, 100, 10_000, 1_000_000] {
        let (tern, t) = heap_of(|| {
            let mut m = tern_dict::CompactDict::with_hasher(hasher.clone());
            for k in 0..n {
                m.insert(k, k);
            }
            m
        });
        assert_eq!(
            tern,
            t.memory_usage(),
            "memory_usage() agrees with the allocator"
        );
        drop(t);
        let (indexmap, m) = heap_of(|| {
            let mut m = indexmap::IndexMap::with_hasher(hasher.clone());
            for k in 0..n {
                m.insert(k, k);
            }
            m
        });
        drop(m);
        let (hashbrown, m) = heap_of(|| {
            let mut m = hashbrown::HashMap::with_hasher(hasher.clone());
            for k in 0..n {
                m.insert(k, k);
            }
            m
        });
        drop(m);
        println!("entries={n} tern={tern} indexmap={indexmap} hashbrown={hashbrown}");
    }
}
