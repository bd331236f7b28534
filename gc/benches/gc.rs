//! Criterion benchmarks of tern-gc, each against a reference run side by side.
//!
//! * `alloc_small`: allocating and dropping 3-word objects, tern-gc vs `Box` (malloc+free).
//! * `minor_gc`: one minor collection with 4 MB of surviving objects (divide by 4 for the
//!   cost per MB), vs copying the same bytes with `memcpy` into a fresh buffer.
//! * `store_ref`: a pointer store into an old object (barrier slow path once per minor
//!   cycle, then the flag test), through the checked `store_ref` and through the
//!   unchecked `write_barrier` + `write_slot_no_barrier` pair a JIT would inline, vs a
//!   plain store.
//! * `gcbench_d14`: GCBench trees of depth 14 (top-down and bottom-up), tern-gc vs `Box`.
//!
//! Run with `cargo bench -p tern-gc -- --warm-up-time 1 --measurement-time 2` on a shared
//! machine.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tern_gc::{Config, GcRef, Heap, TypeId, TypeLayout};

const BATCH: u64 = 10_000;

fn heap_with_node(config: Config) -> (Heap, TypeId) {
    let mut heap = Heap::new(config).unwrap();
    // Node: left @0, right @8, value @16 (a 32-byte object).
    let node = heap
        .register_type(TypeLayout::new("Node", 24).gc_field(0).gc_field(8))
        .unwrap();
    (heap, node)
}

fn alloc_small(c: &mut Criterion) {
    let mut g = c.benchmark_group("alloc_small");
    g.throughput(criterion::Throughput::Elements(BATCH));
    let (mut heap, node) = heap_with_node(Config::default());
    g.bench_function("tern-gc", |b| {
        b.iter(|| {
            for _ in 0..BATCH {
                black_box(heap.alloc(node).unwrap());
            }
        })
    });
    g.bench_function("box", |b| {
        b.iter(|| {
            for _ in 0..BATCH {
                drop(black_box(Box::new([0u64; 3])));
            }
        })
    });
    g.finish();
}

fn minor_gc(c: &mut Criterion) {
    const SURVIVING: usize = 4 << 20;
    let mut g = c.benchmark_group("minor_gc_4MB_surviving");
    g.throughput(criterion::Throughput::Bytes(SURVIVING as u64));
    let config = Config {
        nursery_size: 16 << 20,
        ..Config::default()
    };
    let (mut heap, node) = heap_with_node(config);
    g.bench_function("tern-gc", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let head = heap.add_root(None);
                for _ in 0..SURVIVING / 32 {
                    let n = heap.alloc(node).unwrap();
                    let prev = heap.get_root(&head);
                    heap.store_ref(n, 0, prev);
                    heap.set_root(&head, Some(n));
                }
                let start = Instant::now();
                heap.collect_minor();
                total += start.elapsed();
                heap.remove_root(head);
                heap.collect();
            }
            total
        })
    });
    let src = vec![1u8; SURVIVING];
    g.bench_function("memcpy", |b| {
        b.iter(|| {
            let mut dst = Vec::<u8>::with_capacity(SURVIVING);
            dst.extend_from_slice(black_box(&src));
            black_box(dst);
        })
    });
    g.finish();
}

fn write_barrier(c: &mut Criterion) {
    let mut g = c.benchmark_group("store_ref");
    g.throughput(criterion::Throughput::Elements(BATCH));
    let (mut heap, node) = heap_with_node(Config::default());
    let old = heap.alloc(node).unwrap();
    let old = heap.add_root(Some(old));
    heap.collect_minor();
    let target = heap.alloc(node).unwrap();
    let target = heap.add_root(Some(target));
    g.bench_function("tern-gc store_ref into old", |b| {
        b.iter(|| {
            let o = heap.get_root(&old).unwrap();
            let t = heap.get_root(&target);
            for _ in 0..BATCH {
                heap.store_ref(black_box(o), 0, t);
            }
        })
    });
    g.bench_function("tern-gc write_barrier + raw store", |b| {
        b.iter(|| {
            let o = heap.get_root(&old).unwrap();
            let word = heap.get_root(&target).map_or(0, GcRef::addr);
            for _ in 0..BATCH {
                let o = black_box(o);
                heap.write_barrier(o);
                // SAFETY: `o` is a live Node (rooted above) and payload offset 0 is its
                // first GC field; the barrier ran.
                unsafe { o.write_slot_no_barrier(0, word) };
            }
        })
    });
    let mut plain = vec![0usize; 4];
    g.bench_function("plain store", |b| {
        b.iter(|| {
            for i in 0..BATCH {
                black_box(&mut plain)[0] = i as usize;
            }
        })
    });
    g.finish();
}

#[derive(Default)]
#[allow(dead_code)] // the children are written to build the tree, never read back
struct BoxNode {
    left: Option<Box<BoxNode>>,
    right: Option<Box<BoxNode>>,
}

fn box_make(depth: u32) -> Box<BoxNode> {
    if depth == 0 {
        Box::default()
    } else {
        Box::new(BoxNode {
            left: Some(box_make(depth - 1)),
            right: Some(box_make(depth - 1)),
        })
    }
}

fn tern_make(heap: &mut Heap, node: TypeId, depth: u32) -> GcRef {
    if depth == 0 {
        return heap.alloc(node).unwrap();
    }
    let l = tern_make(heap, node, depth - 1);
    heap.shadow_stack().push_value(l.addr()).unwrap();
    let r = tern_make(heap, node, depth - 1);
    heap.shadow_stack().push_value(r.addr()).unwrap();
    let n = heap.alloc(node).unwrap();
    let r = GcRef::from_addr(heap.shadow_stack().pop_value().unwrap());
    let l = GcRef::from_addr(heap.shadow_stack().pop_value().unwrap());
    heap.store_ref(n, 0, l);
    heap.store_ref(n, 8, r);
    n
}

fn gcbench(c: &mut Criterion) {
    let mut g = c.benchmark_group("gcbench_make_tree");
    for depth in [10u32, 14] {
        let (mut heap, node) = heap_with_node(Config::default());
        heap.shadow_stack().push_frame(0);
        g.bench_with_input(BenchmarkId::new("tern-gc", depth), &depth, |b, &d| {
            b.iter(|| black_box(tern_make(&mut heap, node, d)))
        });
        g.bench_with_input(BenchmarkId::new("box", depth), &depth, |b, &d| {
            b.iter(|| drop(black_box(box_make(d))))
        });
    }
    g.finish();
}

criterion_group!(benches, alloc_small, minor_gc, write_barrier, gcbench);
criterion_main!(benches);
