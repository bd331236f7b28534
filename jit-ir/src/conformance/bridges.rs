//! Property test: random loops with guards that fail at random points, calls (raising,
//! collecting, forcing), loads, stores and allocations, executed again and again on a
//! machine backend and on the interpreting backend; every guard that fails twice ("hot")
//! gets a random bridge that continues the loop (bridges get bridges too). After every
//! run the exits, failarg values, pending exceptions, heaps and write barriers must agree.
//!
//! Every guard's resume data holds the loop state (counter, two ints, a float, two nodes,
//! a box, an int array), so a bridge can rebuild the state from its inputs and jump back
//! to the loop label; the counter grows on every pass, and a counter guard ends the loop,
//! so every run terminates. Failures print the seed and every trace involved.
//! Backends call [`run_bridge_case`] over many seeds (see [`check_random_bridges`]).

use std::collections::HashMap;
use std::sync::Arc;

use super::native::{self, CurrentHeap};
use crate::backend::BackendConfig;
use crate::compare::Matcher;
use crate::descr::{Descr, EffectInfo, EffectSet, TargetToken, build};
use crate::heap::{ModelHeap, SharedHeap};
use crate::resume::{ResumeValue, Snapshot};
use crate::tracegen::{BOX_VTABLE, InputSpec, NODE_VTABLE, ObjectSpec, Rng, World};
use crate::{
    Backend, Exit, GuardId, InterpBackend, Kind, OpCode, OpRef, Trace, TraceBuilder, TraceId,
    Value, text,
};

/// Number of state variables (see [`St`]).
const NSTATE: usize = 8;
/// Indices into the state: counter, ints, float, nodes, box, array.
const CTR: usize = 0;
const A: usize = 1;
const B: usize = 2;
const F: usize = 3;
const N0: usize = 4;
const N1: usize = 5;
const BX: usize = 6;
const ARR: usize = 7;
const KINDS: [Kind; NSTATE] = [
    Kind::Int,
    Kind::Int,
    Kind::Int,
    Kind::Float,
    Kind::Ref,
    Kind::Ref,
    Kind::Ref,
    Kind::Ref,
];

/// The loop state at some point of a trace.
type St = [OpRef; NSTATE];

/// Builds one trace (the loop or a bridge).
struct Gen<'g> {
    rng: &'g mut Rng,
    w: &'g World,
    b: TraceBuilder,
    st: St,
    ints: Vec<OpRef>,
    floats: Vec<OpRef>,
    maybe_null: Vec<OpRef>,
    /// Guard op index -> the state at the guard.
    guards: Vec<(usize, St)>,
    pc: u64,
    limit: i64,
    force: Arc<crate::descr::CallDescr>,
}

fn f(d: &Arc<crate::descr::FieldDescr>) -> Descr {
    Descr::Field(d.clone())
}

impl Gen<'_> {
    fn emit(&mut self, op: OpCode, args: &[OpRef], d: Option<Descr>) -> OpRef {
        let d = d.map(|d| self.b.descr(d));
        self.b.emit(op, args, d)
    }

    fn guard(&mut self, op: OpCode, args: &[OpRef]) -> OpRef {
        self.pc += 1;
        let mut slots: Vec<ResumeValue> = self.st.iter().map(|&r| ResumeValue::Value(r)).collect();
        for _ in 0..self.rng.below(3) {
            let extra = if self.rng.chance(50) {
                *self.rng.pick(&self.ints)
            } else {
                *self.rng.pick(&self.floats)
            };
            slots.push(ResumeValue::Value(extra));
        }
        let frame = self.b.resume_mut().add_frame(None, 1, self.pc, &slots);
        let sid = self.b.resume_mut().add_snapshot(Snapshot {
            frame: Some(frame),
            virtuals: vec![],
            pending: vec![],
        });
        let r = self.b.emit_guard(op, args, None, Some(sid));
        self.guards.push((self.b.len() - 1, self.st));
        r
    }

    fn int(&mut self) -> OpRef {
        match self.rng.below(6) {
            0 => self.b.const_int(self.rng.interesting_int()),
            1 => self.b.const_int(self.rng.range(-9, 9)),
            _ => *self.rng.pick(&self.ints),
        }
    }

    fn push_int(&mut self, r: OpRef) {
        self.ints.push(r);
        if self.rng.chance(25) {
            self.st[if self.rng.chance(50) { A } else { B }] = r;
        }
    }

    fn push_float(&mut self, r: OpRef) {
        self.floats.push(r);
        if self.rng.chance(30) {
            self.st[F] = r;
        }
    }

    /// An index into an int array of at least 4 items.
    fn index(&mut self) -> OpRef {
        if self.rng.chance(40) {
            return self.b.const_int(self.rng.range(0, 3));
        }
        let x = *self.rng.pick(&self.ints);
        let three = self.b.const_int(3);
        self.emit(OpCode::IntAnd, &[x, three], None)
    }

    fn node(&mut self) -> OpRef {
        self.st[if self.rng.chance(50) { N0 } else { N1 }]
    }

    /// One random step.
    fn step(&mut self) {
        use OpCode::*;
        let w = self.w;
        match self.rng.below(22) {
            0..=3 => {
                let op = *self.rng.pick(&[
                    IntAdd, IntSub, IntMul, IntAnd, IntOr, IntXor, IntLshift, IntRshift, UintRshift,
                ]);
                let (x, y) = (self.int(), self.int());
                let r = self.emit(op, &[x, y], None);
                self.push_int(r);
            }
            4 => {
                let x = self.int();
                let k = self.b.const_int(*self.rng.pick(&[7, -3, 1000, 2]));
                let op = if self.rng.chance(50) { IntDiv } else { IntRem };
                let r = self.emit(op, &[x, k], None);
                self.push_int(r);
            }
            5 => {
                let op = *self.rng.pick(&[IntAddOvf, IntSubOvf, IntMulOvf]);
                let (x, y) = (self.int(), self.int());
                let r = self.emit(op, &[x, y], None);
                let g = if self.rng.chance(85) {
                    GuardNoOverflow
                } else {
                    GuardOverflow
                };
                self.guard(g, &[]);
                self.push_int(r);
            }
            6 | 7 => {
                // A compare and a guard: on a random value, or failing at one iteration.
                let (c, want) = if self.rng.chance(50) {
                    let k = self.b.const_int(self.rng.range(0, self.limit));
                    let ctr = self.st[CTR];
                    (self.emit(IntEq, &[ctr, k], None), false)
                } else {
                    let op = *self.rng.pick(&[
                        IntLt, IntLe, IntGt, IntGe, IntEq, IntNe, UintLt, UintGe, IntIsTrue,
                    ]);
                    let x = self.int();
                    let args = if op == IntIsTrue {
                        vec![x]
                    } else {
                        vec![x, self.int()]
                    };
                    (self.emit(op, &args, None), self.rng.chance(70))
                };
                self.guard(if want { GuardTrue } else { GuardFalse }, &[c]);
            }
            8 | 9 => {
                let op = *self.rng.pick(&[FloatAdd, FloatSub, FloatMul, FloatTruediv]);
                let (x, y) = (*self.rng.pick(&self.floats), *self.rng.pick(&self.floats));
                let r = self.emit(op, &[x, y], None);
                self.push_float(r);
            }
            10 => {
                let x = *self.rng.pick(&self.floats);
                match self.rng.below(4) {
                    0 => {
                        let r = self.emit(FloatNeg, &[x], None);
                        self.push_float(r)
                    }
                    1 => {
                        let r = self.emit(CastFloatToInt, &[x], None);
                        self.push_int(r)
                    }
                    2 => {
                        let i = self.int();
                        let r = self.emit(CastIntToFloat, &[i], None);
                        self.push_float(r)
                    }
                    _ => {
                        let y = self.b.const_float(*self.rng.pick(&[0.5, 1e6, -3.0]));
                        let op = *self.rng.pick(&[FloatLt, FloatGe, FloatEq, FloatNe]);
                        let c = self.emit(op, &[x, y], None);
                        let g = if self.rng.chance(50) {
                            GuardTrue
                        } else {
                            GuardFalse
                        };
                        self.guard(g, &[c]);
                    }
                }
            }
            11 | 12 => {
                let n = self.node();
                match self.rng.below(6) {
                    0 => {
                        let r = self.emit(GetfieldGcI, &[n], Some(f(&w.node_val)));
                        self.push_int(r)
                    }
                    1 => {
                        let r = self.emit(GetfieldGcI, &[n], Some(f(&w.node_small)));
                        self.push_int(r)
                    }
                    2 => {
                        let r = self.emit(GetfieldGcI, &[n], Some(f(&w.node_byte)));
                        self.push_int(r)
                    }
                    3 => {
                        let r = self.emit(GetfieldGcF, &[n], Some(f(&w.node_fl)));
                        self.push_float(r)
                    }
                    4 => {
                        let r = self.emit(GetfieldGcR, &[n], Some(f(&w.node_next)));
                        self.maybe_null.push(r);
                    }
                    _ => {
                        let bx = self.st[BX];
                        let r = self.emit(GetfieldGcI, &[bx], Some(f(&w.box_val)));
                        self.push_int(r)
                    }
                }
            }
            13 => {
                let n = self.node();
                let x = self.int();
                let fl = *self.rng.pick(&self.floats);
                match self.rng.below(6) {
                    0 => self.emit(SetfieldGc, &[n, x], Some(f(&w.node_val))),
                    1 => self.emit(SetfieldGc, &[n, x], Some(f(&w.node_small))),
                    2 => self.emit(SetfieldGc, &[n, x], Some(f(&w.node_byte))),
                    3 => self.emit(SetfieldGc, &[n, fl], Some(f(&w.node_fl))),
                    4 => {
                        let other = self.node();
                        self.emit(SetfieldGc, &[n, other], Some(f(&w.node_next)))
                    }
                    _ => {
                        let bx = self.st[BX];
                        self.emit(SetfieldGc, &[bx, x], Some(f(&w.box_val)))
                    }
                };
            }
            14 => {
                let arr = self.st[ARR];
                let i = self.index();
                let d = Some(Descr::Array(w.int_arr.clone()));
                match self.rng.below(3) {
                    0 => {
                        let r = self.emit(GetarrayitemGcI, &[arr, i], d);
                        self.push_int(r)
                    }
                    1 => {
                        let x = self.int();
                        self.emit(SetarrayitemGc, &[arr, i, x], d);
                    }
                    _ => {
                        let r = self.emit(ArraylenGc, &[arr], d);
                        self.push_int(r)
                    }
                }
            }
            15 => {
                // Allocations that replace state objects.
                match self.rng.below(3) {
                    0 => {
                        let p = self.emit(NewWithVtable, &[], Some(Descr::Size(w.boxd.clone())));
                        let x = self.int();
                        self.emit(SetfieldGc, &[p, x], Some(f(&w.box_val)));
                        self.st[BX] = p;
                    }
                    1 => {
                        let x = *self.rng.pick(&self.ints);
                        let three = self.b.const_int(3);
                        let m = self.emit(IntAnd, &[x, three], None);
                        let four = self.b.const_int(4);
                        let len = self.emit(IntAdd, &[m, four], None);
                        let p = self.emit(NewArray, &[len], Some(Descr::Array(w.int_arr.clone())));
                        self.st[ARR] = p;
                    }
                    _ => {
                        let p = self.emit(NewWithVtable, &[], Some(Descr::Size(w.node.clone())));
                        let x = self.int();
                        self.emit(SetfieldGc, &[p, x], Some(f(&w.node_val)));
                        let old = self.node();
                        self.emit(SetfieldGc, &[p, old], Some(f(&w.node_next)));
                        // Old object -> young object: the write barrier's business.
                        let n0 = self.st[N0];
                        self.emit(SetfieldGc, &[n0, p], Some(f(&w.node_next)));
                        self.st[N1] = p;
                    }
                }
            }
            16 | 17 => {
                let a = w.addrs;
                match self.rng.below(6) {
                    0 => {
                        let (x, y) = (self.int(), self.int());
                        let fun = self.b.const_int(a.mix as i64);
                        let r = self.emit(CallI, &[fun, x, y], Some(Descr::Call(w.f_mix.clone())));
                        self.push_int(r)
                    }
                    1 => {
                        let x = self.int();
                        let fun = self.b.const_int(a.check as i64);
                        let r = self.emit(CallI, &[fun, x], Some(Descr::Call(w.f_check.clone())));
                        self.guard(GuardNoException, &[]);
                        self.push_int(r)
                    }
                    2 => {
                        let n = self.node();
                        let x = self.int();
                        let fun = self.b.const_int(a.any as i64);
                        let r = self.emit(CallI, &[fun, n, x], Some(Descr::Call(w.f_any.clone())));
                        self.guard(GuardNoException, &[]);
                        self.push_int(r)
                    }
                    3 => {
                        let n = self.node();
                        let fun = self.b.const_int(a.read as i64);
                        let r = self.emit(CallI, &[fun, n], Some(Descr::Call(w.f_read.clone())));
                        self.push_int(r)
                    }
                    4 => {
                        let (x, y) = (*self.rng.pick(&self.floats), *self.rng.pick(&self.floats));
                        let fun = self.b.const_int(a.float as i64);
                        let r =
                            self.emit(CallF, &[fun, x, y], Some(Descr::Call(w.f_float.clone())));
                        self.push_float(r)
                    }
                    _ => {
                        let token = self.emit(ForceToken, &[], None);
                        let x = self.int();
                        let fun = self.b.const_int(a.force as i64);
                        let r = self.emit(
                            CallMayForceI,
                            &[fun, token, x],
                            Some(Descr::Call(self.force.clone())),
                        );
                        self.guard(GuardNotForced, &[]);
                        self.push_int(r)
                    }
                }
            }
            18 => {
                if let Some(&p) = self.maybe_null.last() {
                    let g = if self.rng.chance(60) {
                        GuardNonnull
                    } else {
                        GuardIsnull
                    };
                    self.guard(g, &[p]);
                }
            }
            19 => {
                let n = self.node();
                let cls = self.b.const_int(NODE_VTABLE as i64);
                self.guard(GuardClass, &[n, cls]);
                let bx = self.st[BX];
                let cls = self.b.const_int(BOX_VTABLE as i64);
                self.guard(GuardNonnullClass, &[bx, cls]);
            }
            20 => {
                let (x, y) = (self.st[N0], self.st[N1]);
                let c = self.emit(PtrEq, &[x, y], None);
                self.guard(GuardFalse, &[c]);
            }
            _ => {
                let x = *self.rng.pick(&self.ints);
                let m = self.b.const_int(3);
                let y = self.emit(IntAnd, &[x, m], None);
                let v = self.b.const_int(self.rng.range(0, 3));
                self.guard(GuardValue, &[y, v]);
            }
        }
    }

    /// The end of a loop body or bridge: advance the counter, check it, jump back.
    fn close(mut self, token: &Arc<TargetToken>) -> (Trace, Vec<(usize, St)>) {
        let one = self.b.const_int(1);
        let ctr = self.st[CTR];
        let next = self.emit(OpCode::IntAdd, &[ctr, one], None);
        let limit = self.b.const_int(self.limit);
        let c = self.emit(OpCode::IntLt, &[next, limit], None);
        self.guard(OpCode::GuardTrue, &[c]);
        self.st[CTR] = next;
        let args = self.st;
        self.emit(OpCode::Jump, &args, Some(Descr::Target(token.clone())));
        (self.b.finish(), self.guards)
    }
}

fn force_descr() -> Arc<crate::descr::CallDescr> {
    let Descr::Call(c) = build::call(
        "f_force",
        &[Kind::Ref, Kind::Int],
        Kind::Int,
        EffectInfo {
            can_raise: false,
            can_collect: true,
            can_force: true,
            elidable: false,
            reads: EffectSet::none(),
            writes: EffectSet::none(),
        },
    ) else {
        unreachable!()
    };
    c
}

/// A trace with its guards' states, and its ids in both backends.
struct Compiled {
    trace: Trace,
    guards: Vec<(usize, St)>,
    ids: (TraceId, TraceId),
}

fn inputs(heap: &SharedHeap, specs: &[InputSpec]) -> Vec<Value> {
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

fn build_heap(world: &World, objects: &[ObjectSpec]) -> SharedHeap {
    let mut heap = ModelHeap::new(16 * 1024);
    for d in [
        Descr::Size(world.node.clone()),
        Descr::Size(world.boxd.clone()),
        Descr::Array(world.int_arr.clone()),
    ] {
        heap.register_type(&d);
    }
    heap.set_allocate_old(true);
    crate::tracegen::build_into(&mut heap, world, objects, &[]);
    heap.set_allocate_old(false);
    SharedHeap::new(heap)
}

/// Runs one random case (the loop from `seed`, executed until it ends, hot guards getting
/// bridges) on `new_backend`'s backend and on the interpreting backend, comparing after
/// every run. Returns `(runs, bridges)` or a description of the first difference, with
/// every trace involved.
pub fn run_bridge_case<B: Backend>(
    seed: u64,
    new_backend: &dyn Fn(BackendConfig) -> Result<B, String>,
) -> Result<(usize, usize), String> {
    let world = native::native_world();
    let mut rng = Rng::new(seed);
    let limit = rng.range(3, 25);
    let node = |rng: &mut Rng, val, next| ObjectSpec::Node {
        val,
        next,
        fl: 1.5,
        id: 100,
        small: rng.range(-300, 300) as i16,
        byte: rng.below(256) as u8,
    };
    let objects = vec![
        node(&mut rng, 5, Some(1)),
        node(&mut rng, -9, None),
        ObjectSpec::Box(42),
        ObjectSpec::IntArr(vec![1, -2, 3, 40, 500]),
    ];
    let specs = [
        InputSpec::Int(0),
        InputSpec::Int(rng.interesting_int()),
        InputSpec::Int(rng.range(-50, 50)),
        InputSpec::Float(*rng.pick(&[0.5, -3.25, 1e300])),
        InputSpec::Object(0),
        InputSpec::Object(1),
        InputSpec::Object(2),
        InputSpec::Object(3),
    ];
    let token = TargetToken::new("L0");
    let force = force_descr();
    // The loop.
    let mut b = TraceBuilder::new(&KINDS);
    let st: St = std::array::from_fn(|i| b.input(i));
    let d = b.descr(Descr::Target(token.clone()));
    b.emit(OpCode::Label, &st, Some(d));
    let mut g = Gen {
        rng: &mut rng,
        w: &world,
        b,
        st,
        ints: vec![st[A], st[B]],
        floats: vec![st[F]],
        maybe_null: vec![],
        guards: vec![],
        pc: 0,
        limit,
        force: force.clone(),
    };
    for _ in 0..g.rng.range(3, 14) {
        g.step();
    }
    let (trace, guards) = g.close(&token);
    trace
        .verify()
        .map_err(|e| format!("generated an invalid loop: {e}\n{}", text::print(&trace)))?;

    let heap_a = build_heap(&world, &objects);
    let heap_b = build_heap(&world, &objects);
    let mut reference = InterpBackend::new(heap_a.clone(), native::native_functions(&world));
    reference.set_step_limit(Some(1_000_000));
    let config = native::backend_config(&heap_b.0.borrow());
    let mut backend = new_backend(config)?;
    let mut traces: Vec<Compiled> = Vec::new();
    let printed = |traces: &[Compiled]| -> String {
        traces
            .iter()
            .enumerate()
            .map(|(i, c)| format!("--- trace {i}:\n{}", text::print(&c.trace)))
            .collect()
    };
    let ia = reference
        .compile_loop(&trace)
        .map_err(|e| format!("reference rejected: {e}"))?;
    let ib = backend
        .compile_loop(&trace)
        .map_err(|e| format!("compile_loop: {e}\n{}", text::print(&trace)))?;
    traces.push(Compiled {
        trace,
        guards,
        ids: (ia, ib),
    });
    let mut hot: HashMap<(usize, u32), usize> = HashMap::new();
    let (mut runs, mut bridges) = (0, 0);
    for _ in 0..8 {
        let va = inputs(&heap_a, &specs);
        let vb = inputs(&heap_b, &specs);
        native::take_fault();
        native::take_exception();
        let ra = {
            let _c = CurrentHeap::enter(&heap_a);
            reference.execute(traces[0].ids.0, &va)
        };
        native::take_exception();
        if let Some(f) = native::take_fault() {
            return Err(format!(
                "the reference run faulted: {f}\n{}",
                printed(&traces)
            ));
        }
        let Ok(ra) = ra else {
            // The trace traps on the reference (e.g. a load through a null `next`).
            break;
        };
        let rb = {
            let _c = CurrentHeap::enter(&heap_b);
            backend.execute(traces[0].ids.1, &vb)
        };
        native::take_exception();
        if let Some(f) = native::take_fault() {
            return Err(format!(
                "a native callee faulted: {f}\n{}",
                printed(&traces)
            ));
        }
        let rb = rb.map_err(|e| format!("execute: {e}\n{}", printed(&traces)))?;
        heap_b.0.borrow_mut().sync();
        runs += 1;
        // Compare.
        let which = |id: TraceId, second: bool| {
            traces
                .iter()
                .position(|c| if second { c.ids.1 == id } else { c.ids.0 == id })
        };
        {
            let ha = heap_a.0.borrow();
            let hb = heap_b.0.borrow();
            let mut m = Matcher::new(&ha, &hb, objects.len())?;
            let fail = |m: String| format!("run {runs}: {m}\nreference {ra:?}\nbackend {rb:?}");
            match (&ra, &rb) {
                (Exit::Finished(x), Exit::Finished(y)) => {
                    m.opt_values(*x, *y, "finish").map_err(fail)?
                }
                (
                    Exit::GuardFailed {
                        guard: ga,
                        values: xa,
                        exception: ea,
                    },
                    Exit::GuardFailed {
                        guard: gb,
                        values: xb,
                        exception: eb,
                    },
                ) => {
                    if which(ga.trace, false) != which(gb.trace, true) || ga.op != gb.op {
                        return Err(fail("different guards".into()) + &printed(&traces));
                    }
                    if xa.len() != xb.len() {
                        return Err(fail("different failarg counts".into()));
                    }
                    for (k, (x, y)) in xa.iter().zip(xb).enumerate() {
                        m.values(*x, *y, &format!("failarg {k}"))
                            .map_err(|e| fail(e) + &printed(&traces))?;
                    }
                    m.exceptions(*ea, *eb).map_err(fail)?;
                }
                _ => return Err(fail("different exits".into()) + &printed(&traces)),
            }
            m.finish().map_err(|e| fail(e) + &printed(&traces))?;
            hb.check_write_barriers()
                .map_err(|e| fail(e) + &printed(&traces))?;
        }
        // A hot guard gets a bridge.
        let Exit::GuardFailed { guard, .. } = ra else {
            break;
        };
        let t = which(guard.trace, false).expect("a known trace");
        let count = hot.entry((t, guard.op)).or_default();
        *count += 1;
        if *count < 2 || bridges >= 5 {
            continue;
        }
        let parent = &traces[t];
        let Some(&(_, st)) = parent
            .guards
            .iter()
            .find(|(op, _)| *op == guard.op as usize)
        else {
            return Err(format!("no state for guard {guard:?}"));
        };
        let failargs = parent.trace.failargs(guard.op as usize).to_vec();
        let kinds: Vec<Kind> = failargs.iter().map(|&r| parent.trace.kind_of(r)).collect();
        let b = TraceBuilder::new(&kinds);
        let mut bst = st;
        for (s, r) in st.iter().enumerate() {
            let j = failargs
                .iter()
                .position(|x| x == r)
                .ok_or_else(|| format!("state {s} is not among the failargs"))?;
            bst[s] = b.input(j);
        }
        let inputs_all = b.inputs();
        let mut g = Gen {
            rng: &mut rng,
            w: &world,
            b,
            st: bst,
            ints: inputs_all
                .iter()
                .copied()
                .filter(|&r| kinds[r.index()] == Kind::Int)
                .collect(),
            floats: inputs_all
                .iter()
                .copied()
                .filter(|&r| kinds[r.index()] == Kind::Float)
                .collect(),
            maybe_null: vec![],
            guards: vec![],
            pc: 100 * (bridges as u64 + 1),
            limit,
            force: force.clone(),
        };
        for _ in 0..g.rng.range(1, 6) {
            g.step();
        }
        let (btrace, bguards) = g.close(&token);
        btrace
            .verify()
            .map_err(|e| format!("generated an invalid bridge: {e}\n{}", text::print(&btrace)))?;
        let ga = GuardId {
            trace: parent.ids.0,
            op: guard.op,
        };
        let gb = GuardId {
            trace: parent.ids.1,
            op: guard.op,
        };
        let ia = reference
            .compile_bridge(ga, &btrace)
            .map_err(|e| format!("reference rejected the bridge: {e}"))?;
        let ib = backend.compile_bridge(gb, &btrace).map_err(|e| {
            format!(
                "compile_bridge: {e}\n{}--- bridge:\n{}",
                printed(&traces),
                text::print(&btrace)
            )
        })?;
        bridges += 1;
        traces.push(Compiled {
            trace: btrace,
            guards: bguards,
            ids: (ia, ib),
        });
    }
    Ok((runs, bridges))
}

/// Runs [`run_bridge_case`] for `seeds` seeds (starting at `first_seed`), returning the
/// total `(runs, bridges)` or the first failure, prefixed by its seed (replay it with
/// [`run_bridge_case`]).
pub fn check_random_bridges<B: Backend>(
    first_seed: u64,
    seeds: u64,
    new_backend: &dyn Fn(BackendConfig) -> Result<B, String>,
) -> Result<(usize, usize), String> {
    let (mut runs, mut bridges) = (0, 0);
    for seed in first_seed..first_seed.saturating_add(seeds) {
        let (r, b) = run_bridge_case(seed, new_backend).map_err(|e| format!("seed {seed}: {e}"))?;
        runs += r;
        bridges += b;
    }
    Ok((runs, bridges))
}
