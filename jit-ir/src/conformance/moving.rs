//! Compiled code under a collector that really moves objects.
//!
//! The client "GC" here is a two-space copying collector: every allocation slow path and
//! every call to `gc_collect` copies every object reachable from the roots (the JIT
//! frames' GC-mapped slots, found through the backend's root walker, plus the test's own roots) to
//! the other space, updates the references, and poisons the old copies (type id
//! `0xDEAD`, value fields `POISON`, reference fields null). It also fills free space with
//! garbage, so the inline allocation path must zero what it allocates
//! (`nursery_zeroed: false`). A compiled trace that kept a stale reference anywhere, or
//! missed a root, reads poison and the checks below fail.
//!
//! A machine backend runs it through [`MovingGcBackend`] (its root walker, GC maps and
//! `call_assembler` helper): [`check_references_survive`] and
//! [`check_nested_frames_and_bridges`]. Both panic with a description on a mismatch (they
//! are test support, called from the backends' test suites).

use std::cell::{Cell, RefCell};

use crate::backend::{BackendConfig, BackendError, GcHooks, RuntimeHooks, TraceId};
use crate::heap::ObjectLayout;
use crate::interp_backend::AssemblerHelper;
use crate::{Backend, Exit, Value, text};

const CELL_TID: u32 = 1;
const ARR_TID: u32 = 2;
const CELL_SIZE: u64 = 32;
const FORWARDED: u64 = 0xF0F0_F0F0;
const POISON: u64 = 0x0BAD_0BAD_0BAD_0BAD;
const GARBAGE: u64 = 0xABAB_ABAB_ABAB_ABAB;
/// Words per semispace.
const SPACE_WORDS: usize = 8192;

/// The declarations of the test's object types.
const DECLS: &str = "\
size Cell: size=32 tid=1 vtable=0x4400 refs=(24)
field Cell.val: offset=16 size=8 kind=int signed
field Cell.next: offset=24 size=8 kind=ref signed
array RefArr: base=16 item=8 kind=ref signed len=8 tid=2
call gc_collect: args=(ref, int) result=int effects=(collect) reads=all writes=all
call peek: args=(ref) result=int effects=() reads=all writes=()
";

/// Walks the reference slots of the active frames of compiled code, calling the visitor
/// on each (it may update the reference); returns the number of slots visited.
pub type RootWalker = Box<dyn Fn(&mut dyn FnMut(&mut u64)) -> Result<usize, BackendError>>;

/// What the moving-GC harness needs from a machine backend beyond [`Backend`].
pub trait MovingGcBackend: Backend {
    /// The backend's root walker (valid as long as the backend lives).
    fn root_walker(&self) -> RootWalker;
    /// Number of frames of compiled code currently active.
    fn active_frames(&self) -> usize;
    /// The GC maps of a compiled trace: `(op index, reference slots)` per GC point.
    fn gc_maps(&self, id: TraceId) -> Option<Vec<(usize, Vec<u32>)>>;
    /// Sets the helper that turns a `call_assembler` callee's guard exit into a result.
    fn set_assembler_helper(&mut self, helper: AssemblerHelper);
}

struct Gc {
    spaces: [Box<[u64]>; 2],
    current: usize,
    /// `[free, top]` of the current space; compiled code bumps `free`.
    cells: Box<[Cell<u64>; 2]>,
    roots: Option<RootWalker>,
    collections: usize,
    roots_visited: usize,
    moved: usize,
    /// Bytes inline allocation may use after a collection before the slow path runs.
    budget: u64,
    slow_paths: usize,
}

thread_local! {
    static GC: RefCell<Option<Gc>> = const { RefCell::new(None) };
    static EXC: [Cell<u64>; 2] = const { [Cell::new(0), Cell::new(0)] };
}

fn space_range(space: &[u64]) -> (u64, u64) {
    let lo = space.as_ptr() as u64;
    (lo, lo + 8 * space.len() as u64)
}

impl Gc {
    fn new() -> Gc {
        let spaces = [
            vec![GARBAGE; SPACE_WORDS].into_boxed_slice(),
            vec![GARBAGE; SPACE_WORDS].into_boxed_slice(),
        ];
        let (lo, hi) = space_range(&spaces[0]);
        Gc {
            spaces,
            current: 0,
            cells: Box::new([Cell::new(lo), Cell::new(hi)]),
            roots: None,
            collections: 0,
            roots_visited: 0,
            moved: 0,
            budget: u64::MAX,
            slow_paths: 0,
        }
    }

    fn word(addr: u64) -> u64 {
        // SAFETY: callers pass addresses inside one of the boxed spaces.
        unsafe { *(addr as *const u64) }
    }

    fn set_word(addr: u64, v: u64) {
        // SAFETY: as for `word`; the compiled code is suspended in a call into the GC.
        unsafe { *(addr as *mut u64) = v }
    }

    /// Size of the object at `addr` (from its type id).
    fn size_of(addr: u64) -> u64 {
        match Self::word(addr) & 0xffff_ffff {
            t if t == CELL_TID as u64 => CELL_SIZE,
            t if t == ARR_TID as u64 => 16 + 8 * Self::word(addr + 8),
            t => panic!("not an object at {addr:#x}: type id {t:#x}"),
        }
    }

    fn in_space(&self, k: usize, addr: u64) -> bool {
        let (lo, hi) = space_range(&self.spaces[k]);
        addr >= lo && addr < hi
    }

    /// Copies `addr` (if it is in from-space) and returns its new address.
    fn forward(&mut self, from: usize, addr: u64, free: &mut u64) -> u64 {
        if addr == 0 || !self.in_space(from, addr) {
            return addr;
        }
        if Self::word(addr) == FORWARDED {
            return Self::word(addr + 8);
        }
        let size = Self::size_of(addr);
        let new = *free;
        for i in (0..size).step_by(8) {
            Self::set_word(new + i, Self::word(addr + i));
        }
        *free += size;
        Self::set_word(addr, FORWARDED);
        Self::set_word(addr + 8, new);
        self.moved += 1;
        new
    }

    /// Copies everything reachable to the other space; poisons the old copies.
    fn collect(&mut self) {
        let from = self.current;
        let to = 1 - from;
        let (from_lo, _) = space_range(&self.spaces[from]);
        let old_free = self.cells[0].get();
        let (to_lo, to_hi) = space_range(&self.spaces[to]);
        let mut free = to_lo;
        let roots = self.roots.as_ref().expect("roots registered");
        let mut slots = Vec::new();
        roots(&mut |slot| slots.push(slot as *mut u64))
            .expect("the backend is not busy during a GC point");
        self.roots_visited += slots.len();
        for slot in slots {
            // SAFETY: `walk` handed out pointers to live frame slots of suspended frames.
            let r = unsafe { *slot };
            let n = self.forward(from, r, &mut free);
            // SAFETY: as above.
            unsafe { *slot = n };
        }
        let mut scan = to_lo;
        while scan < free {
            let refs: Vec<u64> = match Self::word(scan) & 0xffff_ffff {
                t if t == CELL_TID as u64 => vec![scan + 24],
                _ => (0..Self::word(scan + 8))
                    .map(|i| scan + 16 + 8 * i)
                    .collect(),
            };
            for at in refs {
                let n = self.forward(from, Self::word(at), &mut free);
                Self::set_word(at, n);
            }
            scan += Self::size_of(scan);
        }
        // Poison every old object: stale readers see POISON and null links.
        let mut old = from_lo;
        while old < old_free {
            let size = if Self::word(old) == FORWARDED {
                Self::size_of(Self::word(old + 8))
            } else {
                Self::size_of(old)
            };
            Self::set_word(old, 0xDEAD);
            for i in (8..size).step_by(8) {
                Self::set_word(old + i, if i == 24 { 0 } else { POISON });
            }
            old += size;
        }
        // Free space holds garbage: inline allocation must zero.
        let mut p = free;
        while p < to_hi {
            Self::set_word(p, GARBAGE);
            p += 8;
        }
        self.current = to;
        self.cells[0].set(free);
        self.cells[1].set(to_hi.min(free.saturating_add(self.budget)));
        self.collections += 1;
    }

    fn allocate(&mut self, size: u64, tid: u32, len: Option<u64>) -> u64 {
        self.slow_paths += 1;
        self.collect();
        let p = self.cells[0].get();
        let (_, end) = space_range(&self.spaces[self.current]);
        if p + size > end {
            return 0;
        }
        self.cells[0].set(p + size);
        for i in (0..size).step_by(8) {
            Self::set_word(p + i, 0);
        }
        Self::set_word(p, tid as u64);
        if let Some(n) = len {
            Self::set_word(p + 8, n);
        }
        p
    }
}

fn with_gc<T>(f: impl FnOnce(&mut Gc) -> T) -> T {
    GC.with(|g| f(g.borrow_mut().as_mut().expect("a GC is installed")))
}

extern "C" fn malloc_slowpath(size: u64, tid: u64) -> u64 {
    with_gc(|g| g.allocate(size, tid as u32, None))
}

extern "C" fn malloc_array_slowpath(tid: u64, len: i64) -> u64 {
    if !(0..=1000).contains(&len) {
        return 0;
    }
    with_gc(|g| g.allocate(16 + 8 * len as u64, tid as u32, Some(len as u64)))
}

/// A collecting callee: reads `cell.val` (before collecting: its argument is not updated),
/// collects, returns `val + x`.
extern "C" fn gc_collect(cell: u64, x: i64) -> i64 {
    let v = if cell == 0 {
        0
    } else {
        Gc::word(cell + 16) as i64
    };
    with_gc(|g| g.collect());
    v.wrapping_add(x)
}

/// A non-collecting callee: `cell.val`.
extern "C" fn peek(cell: u64) -> i64 {
    Gc::word(cell + 16) as i64
}

/// Installs a fresh GC and returns a backend configured for it.
fn setup<B: MovingGcBackend>(new_backend: &dyn Fn(BackendConfig) -> Result<B, String>) -> B {
    GC.with(|g| *g.borrow_mut() = Some(Gc::new()));
    let (free, top) = with_gc(|g| (g.cells[0].as_ptr() as u64, g.cells[1].as_ptr() as u64));
    let (exc_class, exc_value) = EXC.with(|e| (e[0].as_ptr() as u64, e[1].as_ptr() as u64));
    let config = BackendConfig {
        layout: ObjectLayout::default(),
        gc: GcHooks {
            nursery_free: free,
            nursery_top: top,
            malloc_slowpath: malloc_slowpath as extern "C" fn(u64, u64) -> u64 as usize as u64,
            malloc_array_slowpath: malloc_array_slowpath as extern "C" fn(u64, i64) -> u64 as usize
                as u64,
            nursery_zeroed: false,
            write_barrier: None,
            moving: true,
        },
        runtime: RuntimeHooks {
            exc_class,
            exc_value,
        },
    };
    let backend = new_backend(config).expect("a code arena");
    let roots = backend.root_walker();
    with_gc(|g| g.roots = Some(roots));
    backend
}

fn addrs(text: &str) -> String {
    text.replace(
        "{gc_collect}",
        &(gc_collect as extern "C" fn(u64, i64) -> i64 as usize as u64).to_string(),
    )
    .replace(
        "{peek}",
        &(peek as extern "C" fn(u64) -> i64 as usize as u64).to_string(),
    )
}

/// The label tokens of `t` (for parsing traces that jump or call into it).
fn tokens(t: &crate::Trace) -> Vec<crate::Descr> {
    t.descrs()
        .iter()
        .map(|(_, d)| d.clone())
        .filter(|d| d.as_target().is_some())
        .collect()
}

/// Follows a list of cells from `head`, checking every cell is a live, unpoisoned cell of
/// the current space; returns the values.
fn list_values(head: u64) -> Vec<i64> {
    with_gc(|g| {
        let mut out = Vec::new();
        let mut p = head;
        while p != 0 {
            assert!(
                g.in_space(g.current, p),
                "{p:#x} is not in the current space"
            );
            assert_eq!(Gc::word(p) & 0xffff_ffff, CELL_TID as u64, "poisoned cell");
            assert_eq!(Gc::word(p + 8), 0x4400, "vtable");
            out.push(Gc::word(p + 16) as i64);
            p = Gc::word(p + 24);
            assert!(out.len() < 100_000, "cycle");
        }
        out
    })
}

/// A loop keeping nine references live (more than fit in the callee-saved registers)
/// across inline allocations, slow paths and collecting calls; with a small allocation
/// budget most allocations take the slow path (which collects), with a large one the
/// inline path.
/// Checks that references survive every kind of GC point.
///
/// # Panics
/// On any mismatch (stale or missed reference, wrong result), with a description.
pub fn check_references_survive<B: MovingGcBackend>(
    new_backend: &dyn Fn(BackendConfig) -> Result<B, String>,
) {
    for budget in [u64::MAX, 16, 48] {
        references_survive(budget, new_backend);
    }
}

fn references_survive<B: MovingGcBackend>(
    budget: u64,
    new_backend: &dyn Fn(BackendConfig) -> Result<B, String>,
) {
    let mut backend = setup(new_backend);
    with_gc(|g| {
        g.budget = budget;
        let top = g.cells[0].get().saturating_add(budget);
        g.cells[1].set(g.cells[1].get().min(top));
    });
    let n = 300;
    let src = addrs(&format!(
        "{DECLS}token L0
[i0, p1, p2, p3, p4, p5, p6, p7, p8, f9]
label(i0, p1, p2, p3, p4, p5, p6, p7, p8, f9, descr=L0)
p10 = new_with_vtable(descr=Cell)
setfield_gc(p10, i0, descr=Cell.val)
setfield_gc(p10, p1, descr=Cell.next)
p13 = new_array(3, descr=RefArr)
setarrayitem_gc(p13, 0, p10, descr=RefArr)
setarrayitem_gc(p13, 2, p8, descr=RefArr)
i16 = call_i({{gc_collect}}, p2, i0, descr=gc_collect)
i17 = call_i({{peek}}, p10, descr=peek)
i18 = int_eq(i17, i0)
guard_true(i18) [r0: frame(1, 1; i0, p10, p1)]
p19 = getarrayitem_gc_r(p13, 0, descr=RefArr)
i20 = getfield_gc_i(p19, descr=Cell.val)
i21 = int_eq(i20, i0)
guard_true(i21) [r1: frame(1, 2; i0, p19)]
f22 = float_add(f9, 0.5)
i23 = int_add(i0, 1)
i24 = int_lt(i23, {n})
guard_true(i24) [r2: frame(1, 3; i23, p10, p2, p3, p4, p5, p6, p7, p13, f22)]
jump(i23, p10, p1, p2, p3, p4, p5, p6, p13, f22, descr=L0)
"
    ));
    let trace = text::parse(&src).expect("valid trace");
    let id = backend.compile_loop(&trace).expect("compiles");
    let maps = backend.gc_maps(id).expect("compiled");
    assert!(
        maps.len() >= 3,
        "allocations and the collecting call are GC points: {maps:?}"
    );
    assert!(maps.iter().any(|(_, slots)| slots.len() >= 4), "{maps:?}");
    let inputs = [
        Value::Int(0),
        Value::Ref(0),
        Value::Ref(0),
        Value::Ref(0),
        Value::Ref(0),
        Value::Ref(0),
        Value::Ref(0),
        Value::Ref(0),
        Value::Ref(0),
        Value::Float(1.0),
    ];
    let exit = backend.execute(id, &inputs).expect("runs");
    let Exit::GuardFailed { guard, values, .. } = exit else {
        panic!("expected the counter guard to exit, got {exit:?}");
    };
    assert_eq!(guard.op as usize, trace.len() - 2, "the counter guard");
    assert_eq!(values[0], Value::Int(n));
    // p10 is the newest cell: the list holds n-1, n-2, ..., 0.
    let head = values[1].as_ref().unwrap();
    let want: Vec<i64> = (0..n).rev().collect();
    assert_eq!(list_values(head), want);
    // p2..p7: the heads of 1..6 iterations ago.
    for (k, v) in values[2..8].iter().enumerate() {
        let vals = list_values(v.as_ref().unwrap());
        assert_eq!(vals.first().copied(), Some(n - 3 - k as i64), "p{}", k + 2);
        assert_eq!(vals.len() as i64, n - 2 - k as i64);
    }
    // p13: the last array, holding the newest cell and the array of 7 iterations before.
    let arr = values[8].as_ref().unwrap();
    with_gc(|g| {
        assert!(g.in_space(g.current, arr));
        assert_eq!(Gc::word(arr) & 0xffff_ffff, ARR_TID as u64);
        assert_eq!(Gc::word(arr + 16), head);
        assert_eq!(
            Gc::word(arr + 24),
            0,
            "never stored: zeroed by the fast path"
        );
        assert!(g.collections >= n as usize, "{} collections", g.collections);
        assert!(
            g.roots_visited > 4 * n as usize,
            "{} roots",
            g.roots_visited
        );
        assert!(g.moved > 1000, "{} objects moved", g.moved);
        if budget < 1000 {
            assert!(
                g.slow_paths >= n as usize / 2,
                "{} slow paths",
                g.slow_paths
            );
        }
    });
    assert_eq!(values[9], Value::Float(1.0 + 0.5 * n as f64));
    assert_eq!(backend.active_frames(), 0, "frames unlinked at exit");
}

/// References live across a `call_assembler` whose callee allocates and collects, and
/// a bridge that allocates before jumping back into the loop.
/// Checks that frames nested by `call_assembler` and bridges that allocate are walked.
///
/// # Panics
/// On any mismatch, with a description.
pub fn check_nested_frames_and_bridges<B: MovingGcBackend>(
    new_backend: &dyn Fn(BackendConfig) -> Result<B, String>,
) {
    let mut backend = setup(new_backend);
    let inner = text::parse(&addrs(&format!(
        "{DECLS}token Inner
[i0, p1]
label(i0, p1, descr=Inner)
p2 = new_with_vtable(descr=Cell)
setfield_gc(p2, i0, descr=Cell.val)
setfield_gc(p2, p1, descr=Cell.next)
i5 = call_i({{gc_collect}}, p2, 0, descr=gc_collect)
i6 = int_sub(i0, 1)
i7 = int_gt(i6, 0)
guard_true(i7) [r0: frame(1, 1; i6, p2)]
jump(i6, p2, descr=Inner)
"
    )))
    .unwrap();
    backend.compile_loop(&inner).unwrap();
    backend.set_assembler_helper(Box::new(|exit| match exit {
        // The inner loop leaves through its counter guard: its list is the result.
        Exit::GuardFailed { values, .. } => Ok(Some(values[1])),
        other => Err(format!("unexpected {other:?}")),
    }));
    let outer_src = addrs(&format!(
        "{DECLS}token L1
[i0, p1, p2]
label(i0, p1, p2, descr=L1)
p3 = call_assembler_r(20, p1, descr=Inner)
i4 = getfield_gc_i(p2, descr=Cell.val)
i5 = int_add(i4, 1)
setfield_gc(p2, i5, descr=Cell.val)
i7 = int_add(i0, 1)
i8 = int_lt(i7, 5)
guard_true(i8) [r0: frame(1, 1; i7, p3, p2)]
i10 = int_and(i7, 1)
guard_false(i10) [r1: frame(1, 2; i7, p3, p2)]
jump(i7, p3, p2, descr=L1)
"
    ));
    let outer = text::parse_with(&outer_src, &tokens(&inner)).unwrap();
    let id = backend.compile_loop(&outer).unwrap();
    let counter = with_gc(|g| g.allocate(CELL_SIZE, CELL_TID, None));
    with_gc(|_| Gc::set_word(counter + 8, 0x4400));
    let run = |backend: &mut B, counter: u64| {
        backend
            .execute(id, &[Value::Int(0), Value::Ref(0), Value::Ref(counter)])
            .unwrap()
    };
    // First run: odd counter exits at r1.
    let exit = run(&mut backend, counter);
    let Exit::GuardFailed { guard, values, .. } = exit else {
        panic!("{exit:?}")
    };
    assert_eq!(guard.op, 9, "the parity guard");
    let list = list_values(values[1].as_ref().unwrap());
    assert_eq!(list, (1..=20).collect::<Vec<_>>());
    let counter = values[2].as_ref().unwrap();
    assert_eq!(list_values(counter), vec![1]);
    // A bridge for r1: allocate a cell linking to the list, collect, continue the loop.
    let bridge = text::parse_with(
        &addrs(&format!(
            "{DECLS}[i0, p1, p2]
p3 = new_with_vtable(descr=Cell)
setfield_gc(p3, -5, descr=Cell.val)
setfield_gc(p3, p1, descr=Cell.next)
i6 = call_i({{gc_collect}}, p3, 0, descr=gc_collect)
jump(i0, p3, p2, descr=L1)
"
        )),
        &tokens(&outer),
    )
    .unwrap();
    backend.compile_bridge(guard, &bridge).unwrap();
    let exit = run(&mut backend, counter);
    let Exit::GuardFailed { guard, values, .. } = exit else {
        panic!("{exit:?}")
    };
    assert_eq!(guard.op, 7, "the counter guard");
    assert_eq!(values[0], Value::Int(5));
    // The outer loop ran 5 times: the counter cell was incremented 5 more times and
    // survived every collection of the nested inner loops and the bridge.
    let counter = values[2].as_ref().unwrap();
    assert_eq!(list_values(counter), vec![6]);
    let list = list_values(values[1].as_ref().unwrap());
    assert_eq!(list.len(), 20 + 20 * 4 + 2, "{list:?}");
    with_gc(|g| assert!(g.collections > 100, "{}", g.collections));
}
