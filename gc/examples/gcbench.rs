//! Boehm's GCBench on tern-gc, on `Box` (malloc/free) and on `Rc`, plus small-object
//! allocation throughput and minor-collection cost per MB surviving.
//!
//! ```text
//! cargo run --release -p tern-gc --example gcbench [-- MAX_DEPTH]
//! ```
//!
//! GCBench shape: a stretch tree of depth MAX+1, a long-lived tree of depth MAX-2 and a
//! long-lived array of 500 000 doubles, then binary trees of depths 4, 6, ..., MAX built
//! top-down (Populate) and bottom-up (MakeTree), each depth allocating about as many nodes
//! as two stretch trees. Default MAX is 20. Each variant runs in its own process so its
//! peak RSS (VmHWM) is its own. tern-gc uses `Config::from_env()`: the nursery is sized
//! from the last-level cache (printed in the output) unless `TERN_GC_NURSERY` is set.

use std::cell::RefCell;
use std::hint::black_box;
use std::process::Command;
use std::rc::Rc;
use std::time::Instant;

use tern_gc::{Config, GcRef, Heap, TypeId, TypeLayout};

const MIN_DEPTH: u32 = 4;
const ARRAY_SIZE: usize = 500_000;

fn tree_size(depth: u32) -> u64 {
    (1u64 << (depth + 1)) - 1
}

fn num_iters(depth: u32, stretch: u32) -> u64 {
    (2 * tree_size(stretch) / tree_size(depth)).max(1)
}

// ----- Box ------------------------------------------------------------------------------

#[derive(Default)]
struct BoxNode {
    left: Option<Box<BoxNode>>,
    right: Option<Box<BoxNode>>,
    i: i32,
    j: i32,
}

fn box_populate(depth: u32, node: &mut BoxNode) {
    if depth == 0 {
        return;
    }
    node.left = Some(Box::default());
    node.right = Some(Box::default());
    box_populate(depth - 1, node.left.as_mut().unwrap());
    box_populate(depth - 1, node.right.as_mut().unwrap());
}

fn box_make(depth: u32) -> Box<BoxNode> {
    if depth == 0 {
        Box::default()
    } else {
        Box::new(BoxNode {
            left: Some(box_make(depth - 1)),
            right: Some(box_make(depth - 1)),
            i: 0,
            j: 0,
        })
    }
}

fn run_box(max: u32) {
    let stretch = max + 1;
    drop(black_box(box_make(stretch)));
    let mut long_lived = BoxNode::default();
    box_populate(max - 2, &mut long_lived);
    let mut array = vec![0.0f64; ARRAY_SIZE];
    for (i, x) in array.iter_mut().enumerate().take(ARRAY_SIZE / 2) {
        *x = 1.0 / i as f64;
    }
    for depth in (MIN_DEPTH..=max).step_by(2) {
        for _ in 0..num_iters(depth, stretch) {
            let mut t = Box::<BoxNode>::default();
            box_populate(depth, &mut t);
            drop(black_box(t));
        }
        for _ in 0..num_iters(depth, stretch) {
            drop(black_box(box_make(depth)));
        }
    }
    assert!(long_lived.left.is_some() && array[1000] == 1.0 / 1000.0);
    black_box((long_lived.i, long_lived.j));
}

// ----- Rc -------------------------------------------------------------------------------

#[derive(Default)]
struct RcNode {
    left: RefCell<Option<Rc<RcNode>>>,
    right: RefCell<Option<Rc<RcNode>>>,
    i: i32,
    j: i32,
}

fn rc_populate(depth: u32, node: &Rc<RcNode>) {
    if depth == 0 {
        return;
    }
    let l = Rc::new(RcNode::default());
    let r = Rc::new(RcNode::default());
    *node.left.borrow_mut() = Some(l.clone());
    *node.right.borrow_mut() = Some(r.clone());
    rc_populate(depth - 1, &l);
    rc_populate(depth - 1, &r);
}

fn rc_make(depth: u32) -> Rc<RcNode> {
    if depth == 0 {
        Rc::new(RcNode::default())
    } else {
        Rc::new(RcNode {
            left: RefCell::new(Some(rc_make(depth - 1))),
            right: RefCell::new(Some(rc_make(depth - 1))),
            i: 0,
            j: 0,
        })
    }
}

fn run_rc(max: u32) {
    let stretch = max + 1;
    drop(black_box(rc_make(stretch)));
    let long_lived = Rc::new(RcNode::default());
    rc_populate(max - 2, &long_lived);
    let array = Rc::new(RefCell::new(vec![0.0f64; ARRAY_SIZE]));
    for i in 0..ARRAY_SIZE / 2 {
        array.borrow_mut()[i] = 1.0 / i as f64;
    }
    for depth in (MIN_DEPTH..=max).step_by(2) {
        for _ in 0..num_iters(depth, stretch) {
            let t = Rc::new(RcNode::default());
            rc_populate(depth, &t);
            drop(black_box(t));
        }
        for _ in 0..num_iters(depth, stretch) {
            drop(black_box(rc_make(depth)));
        }
    }
    assert!(long_lived.left.borrow().is_some() && array.borrow()[1000] == 1.0 / 1000.0);
    black_box((long_lived.i, long_lived.j));
}

// ----- tern-gc --------------------------------------------------------------------------

/// Node payload: left @0, right @8, i @16, j @20.
struct Tern {
    heap: Heap,
    node: TypeId,
}

impl Tern {
    fn new() -> Tern {
        // This machine's defaults (the nursery is sized from the cache), plus any TERN_GC_*
        // setting from the environment (e.g. TERN_GC_NURSERY=4M for PyPy's fixed size).
        let config = Config::from_env().unwrap_or_else(|e| {
            eprintln!("gcbench: {e}");
            std::process::exit(2)
        });
        Tern::with_config(config)
    }

    fn with_config(config: Config) -> Tern {
        let mut heap = Heap::new(config).expect("valid config");
        let node = heap
            .register_type(TypeLayout::new("Node", 24).gc_field(0).gc_field(8))
            .unwrap();
        Tern { heap, node }
    }

    #[inline]
    fn alloc(&mut self) -> GcRef {
        self.heap.alloc(self.node).expect("allocation")
    }

    /// Populate. The shadow stack is used as a value stack (as an interpreter would): the
    /// node being filled is pushed while its children are allocated.
    fn populate(&mut self, depth: u32, node: GcRef) {
        if depth == 0 {
            return;
        }
        let stack = self.heap.shadow_stack();
        stack.push_value(node.addr()).expect("frame");
        let l = self.alloc();
        let n = self.top();
        self.heap.store_ref(n, 0, Some(l));
        let r = self.alloc();
        let n = self.top();
        self.heap.store_ref(n, 8, Some(r));
        self.populate(depth - 1, l_of(&self.heap, n));
        let n = self.top();
        self.populate(depth - 1, self.heap.read_ref(n, 8).expect("right child"));
        self.heap.shadow_stack().pop_value().expect("pushed above");
    }

    /// MakeTree. Finished subtrees wait on the value stack while the parent is allocated.
    fn make(&mut self, depth: u32) -> GcRef {
        if depth == 0 {
            return self.alloc();
        }
        let l = self.make(depth - 1);
        self.heap
            .shadow_stack()
            .push_value(l.addr())
            .expect("frame");
        let r = self.make(depth - 1);
        self.heap
            .shadow_stack()
            .push_value(r.addr())
            .expect("frame");
        let n = self.alloc();
        let stack = self.heap.shadow_stack();
        let r = GcRef::from_addr(stack.pop_value().expect("pushed above"));
        let l = GcRef::from_addr(stack.pop_value().expect("pushed above"));
        self.heap.store_ref(n, 0, l);
        self.heap.store_ref(n, 8, r);
        n
    }

    fn top(&self) -> GcRef {
        let top = self.heap.shadow_stack_ref().top_value();
        top.and_then(GcRef::from_addr).expect("a node")
    }
}

fn l_of(heap: &Heap, n: GcRef) -> GcRef {
    heap.read_ref(n, 0).unwrap()
}

fn run_tern(max: u32) -> (tern_gc::Stats, usize) {
    let stretch = max + 1;
    let mut t = Tern::new();
    t.heap.shadow_stack().push_frame(0);
    black_box(t.make(stretch));
    let n = t.alloc();
    let long_lived = t.heap.add_root(Some(n));
    t.populate(max - 2, n);
    let doubles = t
        .heap
        .register_type(TypeLayout::new("Doubles", 8).items(0, 8))
        .unwrap();
    let arr = t.heap.alloc_varsize(doubles, ARRAY_SIZE).unwrap();
    for i in 0..ARRAY_SIZE / 2 {
        t.heap.write_item(arr, i, 0, 1.0 / i as f64);
    }
    let array = t.heap.add_root(Some(arr));
    for depth in (MIN_DEPTH..=max).step_by(2) {
        for _ in 0..num_iters(depth, stretch) {
            let root = t.alloc();
            t.populate(depth, root);
        }
        for _ in 0..num_iters(depth, stretch) {
            black_box(t.make(depth));
        }
    }
    let ll = t.heap.get_root(&long_lived).unwrap();
    let arr = t.heap.get_root(&array).unwrap();
    assert!(t.heap.read_ref(ll, 0).is_some());
    assert_eq!(t.heap.read_item::<f64>(arr, 1000, 0), 1.0 / 1000.0);
    (t.heap.stats(), t.heap.config().nursery_size)
}

// ----- micro measurements ---------------------------------------------------------------

/// CPU nanoseconds per object for allocating and dropping `n` three-word objects, with
/// the given heap.
fn small_alloc(mut t: Tern, n: u64) -> (f64, f64) {
    let start = cpu_now();
    for _ in 0..n {
        black_box(t.alloc());
    }
    let tern = (cpu_now() - start) * 1e9 / n as f64;
    let start = cpu_now();
    for _ in 0..n {
        drop(black_box(Box::new([0u64; 3])));
    }
    let malloc = (cpu_now() - start) * 1e9 / n as f64;
    (tern, malloc)
}

/// CPU milliseconds of minor collection per MB of surviving nursery objects, and of
/// memcpy per MB for reference.
fn minor_cost_per_mb() -> (f64, f64) {
    let config = Config {
        nursery_size: 64 << 20,
        ..Config::default()
    };
    let mut heap = Heap::new(config).unwrap();
    let node = heap
        .register_type(TypeLayout::new("Node", 24).gc_field(0).gc_field(8))
        .unwrap();
    let mut total = 0.0;
    let rounds = 10;
    let mb = 16;
    for _ in 0..rounds {
        let head = heap.add_root(None);
        for _ in 0..(mb << 20) / 32 {
            let n = heap.alloc(node).unwrap();
            let prev = heap.get_root(&head);
            heap.store_ref(n, 0, prev);
            heap.set_root(&head, Some(n));
        }
        let start = cpu_now();
        heap.collect_minor();
        total += (cpu_now() - start) * 1e3 / mb as f64;
        heap.remove_root(head);
        heap.collect();
    }
    let src = vec![1u8; mb << 20];
    let start = cpu_now();
    for _ in 0..rounds {
        let mut dst = Vec::<u8>::with_capacity(mb << 20);
        dst.extend_from_slice(black_box(&src));
        black_box(dst);
    }
    let copy = (cpu_now() - start) * 1e3 / (rounds * mb) as f64;
    (total / rounds as f64, copy)
}

/// CPU time of this process in seconds: robust to other load on a shared machine, unlike
/// the wall clock.
fn cpu_seconds() -> Option<f64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-parameter for clock_gettime.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9)
}

fn cpu_now() -> f64 {
    cpu_seconds().expect("CLOCK_PROCESS_CPUTIME_ID")
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn child(variant: &str, max: u32) {
    let start = Instant::now();
    let cpu_start = cpu_now();
    let extra = match variant {
        "box" => {
            run_box(max);
            String::new()
        }
        "rc" => {
            run_rc(max);
            String::new()
        }
        "tern-gc" => {
            let (s, nursery) = run_tern(max);
            format!(
                " nursery={}MiB minor={} ({}ms) major={} ({}ms) copied={}MB old_peak={}MB \
                 max_step={}us",
                nursery >> 20,
                s.minor_collections,
                s.minor_nanos / 1_000_000,
                s.major_collections,
                s.major_nanos / 1_000_000,
                s.bytes_copied >> 20,
                s.old_bytes_peak >> 20,
                s.max_major_step_nanos / 1000
            )
        }
        _ => panic!("unknown variant {variant}"),
    };
    let secs = start.elapsed().as_secs_f64();
    let cpu = cpu_now() - cpu_start;
    println!("{secs:.3} {cpu:.3} {}{extra}", peak_rss_kib().unwrap_or(0));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() >= 4 && args[1] == "--variant" {
        let max: u32 = args[3].parse().expect("depth");
        child(&args[2], max);
        return;
    }
    let max: u32 = match args.get(1).map(|a| a.parse::<u32>()) {
        None => 20,
        Some(Ok(d)) if (6..=24).contains(&d) => d,
        Some(_) => {
            eprintln!("usage: gcbench [MAX_DEPTH]   (6..=24, default 20)");
            std::process::exit(2);
        }
    };
    let exe = std::env::current_exe().expect("own executable");
    println!(
        "GCBench: stretch depth {}, long-lived depth {}, trees {MIN_DEPTH}..={max}, array {ARRAY_SIZE}",
        max + 1,
        max - 2
    );
    println!(
        "{:<8} {:>9} {:>9} {:>13} {:>15}",
        "variant", "seconds", "cpu s", "peak RSS MiB", "cpu time vs Box"
    );
    let mut box_secs = None;
    for variant in ["box", "rc", "tern-gc"] {
        let out = Command::new(&exe)
            .args(["--variant", variant, &max.to_string()])
            .output()
            .expect("run variant");
        if !out.status.success() {
            eprintln!("{variant} failed: {}", String::from_utf8_lossy(&out.stderr));
            std::process::exit(1);
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let mut parts = text.split_whitespace();
        let secs: f64 = parts.next().and_then(|s| s.parse().ok()).expect("seconds");
        let cpu: f64 = parts
            .next()
            .and_then(|s| s.parse().ok())
            .expect("cpu seconds");
        let rss: f64 = parts.next().and_then(|s| s.parse().ok()).expect("rss");
        let extra: Vec<&str> = parts.collect();
        let base = *box_secs.get_or_insert(cpu);
        println!(
            "{variant:<8} {secs:>9.3} {cpu:>9.3} {:>13.1} {:>14.2}x  {}",
            rss / 1024.0,
            cpu / base,
            extra.join(" ")
        );
    }
    // Pure allocation streams through the whole nursery: it is fastest when the nursery
    // stays in cache, so show PyPy's fixed 4 MiB next to this machine's default.
    let default = Tern::new();
    let nursery = default.heap.config().nursery_size >> 20;
    let fixed = Config {
        nursery_size: 4 << 20,
        ..Config::default()
    };
    for (label, t) in [
        (format!("{nursery} MiB nursery"), default),
        ("4 MiB nursery".to_string(), Tern::with_config(fixed)),
    ] {
        let (tern, malloc) = small_alloc(t, 20_000_000);
        println!(
            "small-object allocation (cpu, {label}): tern-gc {tern:.2} ns/object, \
             malloc+free {malloc:.2} ns/object ({:.1}x faster)",
            malloc / tern
        );
    }
    let (minor, copy) = minor_cost_per_mb();
    println!(
        "minor collection (cpu): {minor:.2} ms per MB surviving (memcpy: {copy:.3} ms per MB, \
         {:.1}x)",
        minor / copy
    );
}
