//! Incremental major collection: bounded steps and correctness under mutation.

mod common;

use common::{Mock, small_config};
use tern_gc::{Config, Heap, MajorPhase};

const BUDGET: usize = 64 << 10;

/// Small deterministic generator for reproducible mutation patterns.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn build(heap: &mut Heap, m: &Mock, nodes: usize, array_len: usize) -> tern_gc::GlobalRoot {
    let arr = m.array(heap, 0, array_len);
    let root = heap.add_root(Some(arr));
    for i in 0..nodes {
        let n = m.node(heap, i as u64 + 1);
        let arr = heap.get_root(&root).unwrap();
        let slot = i % array_len;
        let prev = heap.item_ref(arr, slot);
        heap.store_ref(n, 8, prev);
        heap.store_item_ref(arr, slot, Some(n));
    }
    root
}

#[test]
fn no_major_step_exceeds_the_budget() {
    let config = Config {
        major_step_budget: Some(BUDGET),
        ..small_config()
    };
    let mut heap = Heap::new(config).unwrap();
    let m = Mock::register(&mut heap);
    let _root = build(&mut heap, &m, 20_000, 50_000);
    heap.collect();
    // Steps paced by the building phase may follow large promotions (their budget is at
    // least 1.5x the promoted bytes); measure the steps of one quiet cycle.
    heap.reset_stats();
    let cycles = heap.stats().major_collections;
    let mut steps = 0;
    loop {
        heap.collect_step();
        steps += 1;
        if heap.major_phase() == MajorPhase::Idle {
            break;
        }
    }
    let s = heap.stats();
    assert_eq!(s.major_collections, cycles + 1);
    assert!(
        steps >= 5,
        "a ~1.2 MB heap takes several {BUDGET}-byte steps, took {steps}"
    );
    // A step may finish the fixed part of one object after reaching the budget.
    assert!(
        s.max_major_step_work <= (BUDGET + 64) as u64,
        "largest step did {} bytes of work",
        s.max_major_step_work
    );
    heap.verify().unwrap();
}

#[test]
fn mutation_during_marking_never_loses_reachable_objects() {
    let config = Config {
        major_step_budget: Some(16 << 10),
        ..small_config()
    };
    let mut heap = Heap::new(config).unwrap();
    let m = Mock::register(&mut heap);
    let len = 500;
    let root = build(&mut heap, &m, 4000, len);
    heap.collect();
    let mut rng = Lcg(7);
    let mut next_id = 100_000u64;
    for _ in 0..3000 {
        match rng.next(4) {
            0 => heap.collect_step(),
            1 => {
                // Move a chain between slots (the classic incremental-marking hazard).
                let arr = heap.get_root(&root).unwrap();
                let (a, b) = (rng.next(len), rng.next(len));
                let chain = heap.item_ref(arr, a);
                heap.store_item_ref(arr, a, None);
                let old = heap.item_ref(arr, b);
                if let Some(c) = chain {
                    // Splice: chain head -> previous content of b.
                    let tail = heap.read_ref(c, 16);
                    if tail.is_none() {
                        heap.store_ref(c, 16, old);
                    }
                }
                heap.store_item_ref(arr, b, chain.or(old));
            }
            2 => {
                let n = m.node(&mut heap, next_id);
                next_id += 1;
                let arr = heap.get_root(&root).unwrap();
                let i = rng.next(len);
                let prev = heap.item_ref(arr, i);
                heap.store_ref(n, 24, prev);
                heap.store_item_ref(arr, i, Some(n));
            }
            _ => {
                let arr = heap.get_root(&root).unwrap();
                let i = rng.next(len);
                if let Some(n) = heap.item_ref(arr, i) {
                    let j = rng.next(len);
                    let other = heap.item_ref(arr, j);
                    heap.store_ref(n, 8, other);
                }
            }
        }
    }
    heap.collect();
    heap.verify().unwrap();
    // Every reachable node has a plausible id (freed memory would hold poison or a
    // different object).
    let arr = heap.get_root(&root).unwrap();
    let mut stack: Vec<tern_gc::GcRef> = (0..len).filter_map(|i| heap.item_ref(arr, i)).collect();
    let mut seen = std::collections::HashSet::new();
    while let Some(n) = stack.pop() {
        if !seen.insert(n) {
            continue;
        }
        let id = heap.read::<u64>(n, 0);
        assert!(id >= 1 && id < next_id, "corrupt id {id}");
        for off in common::NODE_REFS {
            if let Some(c) = heap.read_ref(n, off) {
                stack.push(c);
            }
        }
    }
    assert!(!seen.is_empty());
}

#[test]
fn pacing_starts_major_cycles_from_allocation() {
    let config = Config {
        major_step_budget: None, // PyPy's default: twice the nursery
        ..small_config()
    };
    let mut heap = Heap::new(config).unwrap();
    let m = Mock::register(&mut heap);
    let keep = heap.add_root(None);
    for i in 0..100_000u64 {
        let n = m.node(&mut heap, i);
        if i % 3 == 0 {
            let prev = heap.get_root(&keep);
            heap.store_ref(n, 8, prev);
            heap.set_root(&keep, Some(n));
        }
        if i % 20_000 == 0 {
            // Drop everything now and then so cycles have garbage to free.
            heap.set_root(&keep, None);
        }
    }
    let s = heap.stats();
    assert!(s.major_collections >= 1, "{s:?}");
    assert!(s.old_objects_freed > 0);
    assert!(heap.major_threshold() >= 128 << 10);
}

#[test]
fn barrier_regreys_a_scanned_object_that_gains_a_pointer() {
    // Roots are greyed in order, so `pad` and `b` are popped (scanned) before `a`. A
    // one-page budget stops marking inside the padding array: `b` is black, `a` grey, and
    // `w` (only referenced by `a`) still white.
    let config = Config {
        major_step_budget: Some(tern_gc::config::MIN_STEP_BUDGET),
        ..small_config()
    };
    let mut heap = Heap::new(config).unwrap();
    let m = Mock::register(&mut heap);
    let a = m.node(&mut heap, 1);
    let ra = heap.add_root(Some(a));
    let w = m.node(&mut heap, 2);
    let a = heap.get_root(&ra).unwrap();
    heap.store_ref(a, 8, Some(w));
    let pad = m.array(&mut heap, 3, 5000);
    let _rpad = heap.add_root(Some(pad));
    let b = m.node(&mut heap, 4);
    let rb = heap.add_root(Some(b));
    heap.collect();
    heap.collect_minor();
    heap.collect_step();
    assert_eq!(heap.major_phase(), MajorPhase::Marking);
    // Move `w` from the unscanned `a` to the scanned `b`, without a root in between.
    let (a, b) = (heap.get_root(&ra).unwrap(), heap.get_root(&rb).unwrap());
    let w = heap.read_ref(a, 8);
    heap.store_ref(b, 8, w);
    heap.store_ref(a, 8, None);
    heap.finish_major();
    heap.collect();
    let b = heap.get_root(&rb).unwrap();
    let w = heap.read_ref(b, 8).unwrap();
    assert_eq!(heap.read::<u64>(w, 0), 2, "the moved object survived");
    heap.verify().unwrap();
}

#[test]
fn stress_mode_steps_are_small_so_cost_stays_proportional_to_allocation() {
    // Stress mode collects at every allocation; with the configured budget (two nurseries)
    // each of those would mark most of the heap. Its steps follow the promoted bytes instead.
    let config = Config {
        stress: 1,
        major_step_budget: None,
        env_debug_overrides: false,
        ..small_config()
    };
    let mut heap = Heap::new(config).unwrap();
    let m = Mock::register(&mut heap);
    let _root = build(&mut heap, &m, 3_000, 2_000);
    let s = heap.stats();
    assert!(s.major_collections >= 1, "stress mode runs major cycles");
    // One page of sweeping, or the minimum step plus the tail of one object.
    let bound = (16 << 10) + 4096;
    assert!(
        s.max_major_step_work <= bound,
        "largest stress step did {} bytes of work (bound {bound})",
        s.max_major_step_work
    );
    heap.verify().unwrap();
}
