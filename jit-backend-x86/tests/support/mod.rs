//! Shared by the code-generation tests: running the same traces on the interpreting
//! backend and on the x86-64 backend over identically built model heaps, and comparing
//! exits, failarg values, exceptions, heaps and write barriers.

#![allow(dead_code)] // each test file uses its own subset

use tern_jit_backend_x86::X86Backend;
use tern_jit_ir::compare::Matcher;
use tern_jit_ir::conformance::native::{self, CurrentHeap};
use tern_jit_ir::descr::Descr;
use tern_jit_ir::heap::{ModelHeap, SharedHeap};
use tern_jit_ir::tracegen::{InputSpec, ObjectSpec, World};
use tern_jit_ir::{Backend, BackendError, Exit, InterpBackend, Trace, TraceId, Value, text};

/// Compares two exits and the heaps they left. `same_trace(a, b)` says whether trace `a`
/// of the reference corresponds to trace `b` of the backend.
pub fn compare(
    ha: &ModelHeap,
    hb: &ModelHeap,
    preexisting: usize,
    ra: &Exit,
    rb: &Exit,
    same_trace: impl Fn(TraceId, TraceId) -> bool,
) -> Result<(), String> {
    let mut m = Matcher::new(ha, hb, preexisting)?;
    match (ra, rb) {
        (Exit::Finished(x), Exit::Finished(y)) => m.opt_values(*x, *y, "finish value")?,
        (
            Exit::GuardFailed {
                guard: ga,
                values: va,
                exception: xa,
            },
            Exit::GuardFailed {
                guard: gb,
                values: vb,
                exception: xb,
            },
        ) => {
            if !same_trace(ga.trace, gb.trace) || ga.op != gb.op || va.len() != vb.len() {
                return Err(format!("exits differ: {ra:?} vs {rb:?}"));
            }
            for (k, (x, y)) in va.iter().zip(vb).enumerate() {
                m.values(*x, *y, &format!("failarg {k}"))?;
            }
            m.exceptions(*xa, *xb)?;
        }
        _ => return Err(format!("the reference gave {ra:?}, the backend {rb:?}")),
    }
    m.finish()?;
    hb.check_write_barriers()
}

/// Declarations of the conformance world (as in jit-ir's conformance cases).
pub const PRELUDE: &str = "\
size Node: size=56 tid=2 vtable=0x2200 refs=(24)
field Node.val: offset=16 size=8 kind=int signed
field Node.next: offset=24 size=8 kind=ref signed
field Node.fl: offset=32 size=8 kind=float signed
field Node.id: offset=40 size=8 kind=int signed immutable
field Node.small: offset=48 size=2 kind=int signed
field Node.byte: offset=50 size=1 kind=int unsigned
size Box: size=24 tid=3 vtable=0x3300 refs=()
field Box.val: offset=16 size=8 kind=int signed
array IntArr: base=16 item=8 kind=int signed len=8 tid=4
array RefArr: base=16 item=8 kind=ref signed len=8 tid=5
array Str: base=16 item=1 kind=int unsigned len=8 tid=6
array FloatArr: base=16 item=8 kind=float signed len=8 tid=7
field Raw.a: offset=0 size=8 kind=int signed
field Raw.f: offset=8 size=8 kind=float signed
array RawI32: base=16 item=4 kind=int signed len=0 tid=0
array RawU16: base=48 item=2 kind=int unsigned len=0 tid=0
call f_mix: args=(int, int) result=int effects=(elidable) reads=() writes=()
call f_check: args=(int) result=int effects=(raise) reads=() writes=()
call f_store: args=(ref, int) result=void effects=() reads=() writes=(Node.val)
call f_read: args=(ref) result=int effects=() reads=(Node.val, Node.small) writes=()
call f_any: args=(ref, int) result=int effects=(raise, collect) reads=all writes=all
call f_float: args=(float, float) result=float effects=(elidable) reads=() writes=()
call f_force: args=(ref, int) result=int effects=(collect, force) reads=() writes=()
call f_sum8: args=(int, int, int, int, int, int, int, int) result=int effects=() reads=() writes=()
call f_mixed: args=(float, int, float, int, float) result=float effects=() reads=() writes=()
call f_small: args=(int) result=int result_size=2 signed effects=() reads=() writes=()
";

/// The two backends on two identical heaps of the conformance world.
pub struct Both {
    pub world: World,
    pub heap_a: SharedHeap,
    pub heap_b: SharedHeap,
    pub reference: InterpBackend<SharedHeap>,
    pub x86: X86Backend,
    pub preexisting: usize,
    /// Compiled traces: (reference id, backend id, trace).
    pub traces: Vec<(TraceId, TraceId, Trace)>,
}

fn heap(world: &World, objects: &[ObjectSpec]) -> SharedHeap {
    let mut h = ModelHeap::new(64 * 1024);
    for d in [
        Descr::Size(world.node.clone()),
        Descr::Size(world.boxd.clone()),
        Descr::Array(world.int_arr.clone()),
        Descr::Array(world.ref_arr.clone()),
        Descr::Array(world.str_arr.clone()),
        Descr::Array(world.float_arr.clone()),
    ] {
        h.register_type(&d);
    }
    h.set_allocate_old(true);
    tern_jit_ir::tracegen::build_into(&mut h, world, objects, &[]);
    h.set_allocate_old(false);
    SharedHeap::new(h)
}

/// `{mix}`, `{check}`, ... replaced by the addresses of the conformance's native
/// functions.
pub fn fill(src: &str, world: &World) -> String {
    let a = world.addrs;
    let mut s = src.to_string();
    for (name, addr) in [
        ("mix", a.mix),
        ("check", a.check),
        ("store", a.store),
        ("read", a.read),
        ("any", a.any),
        ("float", a.float),
        ("force", a.force),
    ]
    .into_iter()
    .chain(native::extra_addrs())
    {
        s = s.replace(&format!("{{{name}}}"), &addr.to_string());
    }
    s
}

impl Both {
    pub fn new(objects: &[ObjectSpec]) -> Both {
        let world = native::native_world();
        let heap_a = heap(&world, objects);
        let heap_b = heap(&world, objects);
        let mut reference = InterpBackend::new(heap_a.clone(), native::native_functions(&world));
        reference.set_step_limit(Some(5_000_000));
        let x86 = X86Backend::new(native::backend_config(&heap_b.0.borrow())).unwrap();
        Both {
            world,
            heap_a,
            heap_b,
            reference,
            x86,
            preexisting: objects.len(),
            traces: Vec::new(),
        }
    }

    /// Parses `src` (with the conformance prelude and the tokens of earlier traces).
    pub fn parse(&self, src: &str) -> Trace {
        let known: Vec<Descr> = self
            .traces
            .iter()
            .flat_map(|(_, _, t)| {
                t.descrs()
                    .iter()
                    .map(|(_, d)| d.clone())
                    .collect::<Vec<_>>()
            })
            .filter(|d| d.as_target().is_some())
            .collect();
        text::parse_with(&fill(&format!("{PRELUDE}{src}"), &self.world), &known)
            .unwrap_or_else(|e| panic!("bad test trace: {e}"))
    }

    /// Compiles a loop on both; returns its index.
    pub fn compile(&mut self, src: &str) -> usize {
        let t = self.parse(src);
        let a = self.reference.compile_loop(&t).expect("reference compiles");
        let b = self.x86.compile_loop(&t).expect("x86 compiles");
        self.traces.push((a, b, t));
        self.traces.len() - 1
    }

    /// Compiles a bridge for the guard where `exit` (a reference exit) left; returns its
    /// index.
    pub fn bridge(&mut self, exit: &Exit, src: &str) -> usize {
        let Exit::GuardFailed { guard, .. } = exit else {
            panic!("not a guard exit: {exit:?}")
        };
        let k = self
            .traces
            .iter()
            .position(|(a, _, _)| *a == guard.trace)
            .expect("a known trace");
        let t = self.parse(src);
        let a = self
            .reference
            .compile_bridge(*guard, &t)
            .expect("reference");
        let gb = tern_jit_ir::GuardId {
            trace: self.traces[k].1,
            op: guard.op,
        };
        let b = self
            .x86
            .compile_bridge(gb, &t)
            .expect("x86 compiles the bridge");
        self.traces.push((a, b, t));
        self.traces.len() - 1
    }

    fn values(heap: &SharedHeap, specs: &[InputSpec]) -> Vec<Value> {
        let h = heap.0.borrow();
        specs
            .iter()
            .map(|s| match *s {
                InputSpec::Int(v) => Value::Int(v),
                InputSpec::Float(v) => Value::Float(v),
                InputSpec::Null => Value::Ref(0),
                InputSpec::Object(k) => Value::Ref(h.blocks()[k].addr),
                InputSpec::RawAddr(k) => Value::Int(h.blocks()[k].addr as i64),
            })
            .collect()
    }

    /// Runs trace `k` on both with the inputs `specs`; returns both results after
    /// comparing them (when both succeed).
    pub fn run(
        &mut self,
        k: usize,
        specs: &[InputSpec],
    ) -> (Result<Exit, BackendError>, Result<Exit, BackendError>) {
        let (ia, ib, _) = self.traces[k];
        let va = Self::values(&self.heap_a, specs);
        let vb = Self::values(&self.heap_b, specs);
        native::take_exception();
        let ra = {
            let _c = CurrentHeap::enter(&self.heap_a);
            self.reference.execute(ia, &va)
        };
        native::take_exception();
        let rb = {
            let _c = CurrentHeap::enter(&self.heap_b);
            self.x86.execute(ib, &vb)
        };
        native::take_exception();
        if let Some(f) = native::take_fault() {
            panic!("a native function faulted: {f}");
        }
        self.heap_b.0.borrow_mut().sync();
        if let (Ok(a), Ok(b)) = (&ra, &rb) {
            let traces = &self.traces;
            let same = |x: TraceId, y: TraceId| {
                traces.iter().position(|t| t.0 == x) == traces.iter().position(|t| t.1 == y)
            };
            compare(
                &self.heap_a.0.borrow(),
                &self.heap_b.0.borrow(),
                self.preexisting,
                a,
                b,
                same,
            )
            .unwrap_or_else(|e| panic!("backends differ: {e}"));
        }
        (ra, rb)
    }

    /// Runs and requires both to succeed (and agree); returns the backend's exit.
    pub fn check(&mut self, k: usize, specs: &[InputSpec]) -> Exit {
        let (a, b) = self.run(k, specs);
        a.expect("the reference succeeds");
        b.expect("the backend succeeds")
    }
}
