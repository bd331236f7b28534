//! Random well-typed traces, recorded along a concrete execution.
//!
//! [`generate`] builds a random heap and random inputs, then "records" a trace the way a
//! tracing JIT does: it executes every operation it emits on the concrete values as it
//! goes, and picks each guard's polarity so that the first iteration passes it (a
//! `guard_true` when the condition currently holds, a `guard_false` otherwise; a
//! `guard_no_exception` when the call did not raise, a `guard_exception` when it did). The
//! traces therefore look like real ones: several iterations run before a loop-carried
//! value makes some guard fail. Every loop also has a counter guard, so it always ends.
//!
//! The generated world (descriptors, functions with honest effect information, the heap
//! recipe) is in [`World`]; everything is deterministic in the seed, so a failing
//! property test is reproduced from its seed and size. Generated operations are safe by
//! construction: divisors are non-zero constants other than -1, loads go through
//! references known to be non-null and of the right type, array indices are constants
//! below 4 or `int_and(x, 3)` and every array has at least 4 items.

use std::cell::Cell;

mod world;

use world::build_heap;
pub use world::{
    BOX_VTABLE, EXC_CLASS, EXC_VALUE, FnAddrs, InputSpec, NODE_VTABLE, ObjectSpec, Rng, World,
    addr, build_into,
};

use crate::descr::{Descr, TargetToken};
use crate::heap::{Memory, ModelHeap};
use crate::interp::{self, Exception, Functions};
use crate::ops::OpCode;
use crate::resume::{ResumeValue, Snapshot, SnapshotId};
use crate::trace::{OpRef, Trace, TraceBuilder};
use crate::value::{Kind, Value};

/// A generated test case: a trace plus everything needed to run it.
#[derive(Clone, Debug)]
pub struct GenCase {
    /// The trace.
    pub trace: Trace,
    /// The descriptors and functions.
    pub world: World,
    /// The preexisting objects, in allocation order.
    pub objects: Vec<ObjectSpec>,
    /// The inputs.
    pub inputs: Vec<InputSpec>,
    /// The seed it was generated from.
    pub seed: u64,
}

impl GenCase {
    /// Builds a fresh heap holding the preexisting objects, and the input values.
    pub fn build(&self) -> (ModelHeap, Vec<Value>) {
        build_heap(&self.world, &self.objects, &self.inputs)
    }

    /// Number of preexisting objects (the first blocks of a built heap).
    pub fn preexisting(&self) -> usize {
        self.objects.len()
    }
}

/// What the generator may produce.
#[derive(Clone, Debug)]
pub struct GenConfig {
    /// Number of random steps (each emits one or a few operations).
    pub steps: usize,
    /// Make a loop (label ... jump) rather than a trace ending in `finish`.
    pub make_loop: bool,
    /// Iterations before the counter guard fails.
    pub max_iterations: i64,
    /// Allow `escape_n` (test-only; machine backends do not implement it).
    pub allow_escape: bool,
    /// Allow calls.
    pub allow_calls: bool,
    /// Allow raw memory operations.
    pub allow_raw: bool,
    /// Allow `call_may_force` (its callee forces the frame without being given the
    /// force token, which only the IR interpreter supports).
    pub allow_force: bool,
}

impl Default for GenConfig {
    fn default() -> GenConfig {
        GenConfig {
            steps: 30,
            make_loop: true,
            max_iterations: 6,
            allow_escape: true,
            allow_calls: true,
            allow_raw: true,
            allow_force: true,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum RefTy {
    Node,
    Box,
    IntArr,
    RefArr,
    Str,
}

#[derive(Clone, Copy, Debug)]
struct RefVal {
    r: OpRef,
    ty: RefTy,
    /// Known non-null on every path through the trace.
    nonnull: bool,
}

struct Gen<'w> {
    rng: Rng,
    world: &'w World,
    functions: Functions,
    b: TraceBuilder,
    heap: ModelHeap,
    vals: Vec<Value>,
    ints: Vec<OpRef>,
    floats: Vec<OpRef>,
    refs: Vec<RefVal>,
    raw: Option<OpRef>,
    last_snapshot: Option<SnapshotId>,
    dirty: bool,
    pc: u64,
    pure_history: Vec<(OpCode, Vec<OpRef>)>,
    force_cell: Cell<u64>,
    pending_exception: Option<Exception>,
    config: GenConfig,
}

/// Generates a random case from `seed`.
pub fn generate(seed: u64, config: &GenConfig) -> GenCase {
    generate_in(seed, config, World::new())
}

/// Generates a random case from `seed` using the descriptors and function addresses of
/// `world`.
pub fn generate_in(seed: u64, config: &GenConfig, world: World) -> GenCase {
    let mut rng = Rng::new(seed);
    // The heap recipe.
    let mut objects = Vec::new();
    let n_nodes = rng.range(2, 4) as usize;
    for i in 0..n_nodes {
        objects.push(ObjectSpec::Node {
            val: rng.interesting_int(),
            next: if rng.chance(70) {
                Some(rng.below(n_nodes))
            } else {
                None
            },
            fl: *rng.pick(&[0.0, 1.5, -2.25, 1e10, f64::NAN, -0.0]),
            id: 100 + i as i64,
            small: rng.range(-300, 300) as i16,
            byte: rng.below(256) as u8,
        });
    }
    objects.push(ObjectSpec::Box(rng.interesting_int()));
    let arr_len = rng.range(4, 8) as usize;
    objects.push(ObjectSpec::IntArr(
        (0..arr_len).map(|_| rng.range(-50, 50)).collect(),
    ));
    objects.push(ObjectSpec::RefArr(
        (0..4)
            .map(|_| {
                if rng.chance(80) {
                    Some(rng.below(n_nodes))
                } else {
                    None
                }
            })
            .collect(),
    ));
    objects.push(ObjectSpec::Str(
        (0..rng.range(4, 8))
            .map(|_| b'a' + rng.below(26) as u8)
            .collect(),
    ));
    objects.push(ObjectSpec::Raw(
        (0..8).map(|_| rng.range(-1000, 1000) as u64).collect(),
    ));
    let base = n_nodes;
    // Inputs: counter, ints, floats, refs, raw address.
    let mut inputs = vec![InputSpec::Int(0)];
    for _ in 0..rng.range(1, 3) {
        inputs.push(InputSpec::Int(rng.interesting_int()));
    }
    for _ in 0..rng.range(0, 2) {
        inputs.push(InputSpec::Float(*rng.pick(&[0.5, -3.0, 1e300, 7.25])));
    }
    for _ in 0..rng.range(1, 2) {
        inputs.push(InputSpec::Object(rng.below(n_nodes)));
    }
    if rng.chance(60) {
        inputs.push(InputSpec::Object(base)); // Box
    }
    if rng.chance(60) {
        inputs.push(InputSpec::Object(base + 1)); // IntArr
    }
    if rng.chance(40) {
        inputs.push(InputSpec::Object(base + 2)); // RefArr
    }
    if rng.chance(40) {
        inputs.push(InputSpec::Object(base + 3)); // Str
    }
    if config.allow_raw && rng.chance(40) {
        inputs.push(InputSpec::RawAddr(base + 4));
    }
    let (heap, values) = build_heap(&world, &objects, &inputs);
    let kinds: Vec<Kind> = values.iter().map(|v| v.kind()).collect();
    let b = TraceBuilder::new(&kinds);
    let mut g = Gen {
        rng,
        world: &world,
        functions: world.functions(),
        b,
        heap,
        vals: values.clone(),
        ints: Vec::new(),
        floats: Vec::new(),
        refs: Vec::new(),
        raw: None,
        last_snapshot: None,
        dirty: true,
        pc: 0,
        pure_history: Vec::new(),
        force_cell: Cell::new(0),
        pending_exception: None,
        config: config.clone(),
    };
    for (i, spec) in inputs.iter().enumerate() {
        let r = g.b.input(i);
        match spec {
            InputSpec::Int(_) if i == 0 => {}
            InputSpec::Int(_) => g.ints.push(r),
            InputSpec::Float(_) => g.floats.push(r),
            InputSpec::RawAddr(_) => g.raw = Some(r),
            InputSpec::Null => unreachable!("the generator passes no null inputs"),
            InputSpec::Object(k) => {
                let ty = match objects[*k] {
                    ObjectSpec::Node { .. } => RefTy::Node,
                    ObjectSpec::Box(_) => RefTy::Box,
                    ObjectSpec::IntArr(_) => RefTy::IntArr,
                    ObjectSpec::FloatArr(_) => unreachable!("the generator makes no float arrays"),
                    ObjectSpec::RefArr(_) => RefTy::RefArr,
                    ObjectSpec::Str(_) => RefTy::Str,
                    ObjectSpec::Raw(_) => unreachable!("raw blocks are passed as ints"),
                };
                g.refs.push(RefVal {
                    r,
                    ty,
                    nonnull: true,
                });
            }
        }
    }
    let token = TargetToken::new("L0");
    if config.make_loop {
        let inputs: Vec<OpRef> = g.b.inputs();
        let d = g.b.descr(Descr::Target(token.clone()));
        g.b.emit(OpCode::Label, &inputs, Some(d));
    }
    for _ in 0..config.steps {
        g.step();
    }
    let trace = if config.make_loop {
        let counter = g.b.input(0);
        let one = g.b.const_int(1);
        let next = g.emit(OpCode::IntAdd, &[counter, one], None);
        let limit = g.b.const_int(config.max_iterations);
        let c = g.emit(OpCode::IntLt, &[next, limit], None);
        g.guard(OpCode::GuardTrue, &[c]);
        let mut jump_args = vec![next];
        for (i, spec) in inputs.iter().enumerate().skip(1) {
            let r = g.b.input(i);
            let arg = match spec {
                // Loop-carried values often stay the same (invariants) so that loops run
                // several iterations, as recorded loops do.
                InputSpec::Int(_) if g.rng.chance(55) => r,
                InputSpec::Float(_) if g.rng.chance(55) => r,
                InputSpec::Int(_) => g.pick_int(),
                InputSpec::Float(_) => g.pick_float(),
                InputSpec::RawAddr(_) | InputSpec::Null => r,
                InputSpec::Object(_) => {
                    let ty = g
                        .refs
                        .iter()
                        .find(|v| v.r == r)
                        .map(|v| v.ty)
                        .expect("input ref");
                    let cands: Vec<OpRef> = g
                        .refs
                        .iter()
                        .filter(|v| v.ty == ty && v.nonnull)
                        .map(|v| v.r)
                        .collect();
                    if g.rng.chance(50) {
                        r
                    } else {
                        *g.rng.pick(&cands)
                    }
                }
            };
            jump_args.push(arg);
        }
        let d = g.b.descr(Descr::Target(token));
        g.b.emit(OpCode::Jump, &jump_args, Some(d));
        g.b.finish()
    } else {
        let result = match g.rng.below(3) {
            0 => Some(g.pick_int()),
            1 if !g.refs.is_empty() => Some(g.rng.pick(&g.refs.clone()).r),
            _ => None,
        };
        let args: Vec<OpRef> = result.into_iter().collect();
        g.b.emit(OpCode::Finish, &args, None);
        g.b.finish()
    };
    debug_assert!(
        trace.verify().is_ok(),
        "{:?}\n{}",
        trace.verify(),
        crate::text::print(&trace)
    );
    GenCase {
        trace,
        world,
        objects,
        inputs,
        seed,
    }
}

impl Gen<'_> {
    fn val(&self, r: OpRef) -> Value {
        if r.is_const() {
            self.b.trace().const_value(r)
        } else {
            self.vals[r.index()]
        }
    }

    fn set(&mut self, r: OpRef, v: Value) {
        let i = r.index();
        if self.vals.len() <= i {
            self.vals.resize(i + 1, Value::Int(0));
        }
        self.vals[i] = v;
    }

    /// Emits a non-guard operation and executes it concretely.
    fn emit(&mut self, opcode: OpCode, args: &[OpRef], descr: Option<Descr>) -> OpRef {
        let argv: Vec<Value> = args.iter().map(|&a| self.val(a)).collect();
        let d = descr.clone().map(|d| self.b.descr(d));
        let r = self.b.emit(opcode, args, d);
        self.dirty = true;
        let ok = "generated operations are safe";
        let result = if opcode.is_pure() {
            Some(interp::eval_pure(opcode, &argv).expect(ok))
        } else if let Some((v, _)) = argv
            .first()
            .zip(argv.get(1))
            .and_then(|(a, b)| interp::eval_ovf(opcode, a.as_int()?, b.as_int()?))
        {
            Some(Value::Int(v))
        } else {
            let m: &mut dyn Memory = &mut self.heap;
            match (opcode, &descr) {
                (_, Some(Descr::Field(f))) if opcode.reads_memory() => {
                    Some(m.load_field(argv[0], f).expect(ok))
                }
                (_, Some(Descr::Field(f))) => {
                    m.store_field(argv[0], f, argv[1]).expect(ok);
                    None
                }
                (OpCode::ArraylenGc | OpCode::Strlen, Some(Descr::Array(a))) => {
                    Some(Value::Int(m.array_length(argv[0].bits(), a).expect(ok)))
                }
                (OpCode::NewArray | OpCode::Newstr, Some(Descr::Array(a))) => Some(Value::Ref(
                    m.allocate_array(a, argv[0].as_int().unwrap()).expect(ok),
                )),
                (_, Some(Descr::Array(a))) if opcode.reads_memory() => Some(
                    m.load_item(argv[0], argv[1].as_int().unwrap(), a)
                        .expect(ok),
                ),
                (_, Some(Descr::Array(a))) => {
                    m.store_item(argv[0], argv[1].as_int().unwrap(), a, argv[2])
                        .expect(ok);
                    None
                }
                (_, Some(Descr::Size(s))) => Some(Value::Ref(m.allocate(s).expect(ok))),
                (_, Some(Descr::Call(_))) => {
                    let (v, exc) = interp::call_function(
                        &self.functions,
                        m,
                        argv[0].bits(),
                        &argv[1..],
                        &self.force_cell,
                    )
                    .expect(ok);
                    self.pending_exception = exc;
                    if exc.is_some() {
                        opcode.result_kind().zero()
                    } else {
                        v
                    }
                }
                (OpCode::EscapeN | OpCode::DebugMergePoint, None) => None,
                _ => unreachable!("the generator does not emit {opcode}"),
            }
        };
        if let Some(v) = result {
            self.set(r, v);
        }
        r
    }
}

impl Gen<'_> {
    fn pick_int(&mut self) -> OpRef {
        if self.ints.is_empty() || self.rng.chance(10) {
            let v = self.rng.interesting_int();
            return self.b.const_int(v);
        }
        // Prefer recent values.
        let n = self.ints.len();
        let i = if self.rng.chance(60) {
            n - 1 - self.rng.below(n.min(4))
        } else {
            self.rng.below(n)
        };
        self.ints[i]
    }

    fn pick_float(&mut self) -> OpRef {
        if self.floats.is_empty() || self.rng.chance(15) {
            let v = *self.rng.pick(&[0.0, 1.0, -2.5, 0.1, 1e-300, f64::INFINITY]);
            return self.b.const_float(v);
        }
        *self.rng.pick(&self.floats.clone())
    }

    fn pick_ref(&mut self, ty: RefTy) -> Option<OpRef> {
        let cands: Vec<OpRef> = self
            .refs
            .iter()
            .filter(|v| v.ty == ty && v.nonnull)
            .map(|v| v.r)
            .collect();
        if cands.is_empty() {
            None
        } else {
            Some(*self.rng.pick(&cands))
        }
    }

    fn pick_any(&mut self) -> ResumeValue {
        match self.rng.below(10) {
            0 => ResumeValue::Dead,
            1 => {
                let v = self.rng.range(-3, 3);
                ResumeValue::Value(self.b.const_int(v))
            }
            2..=4 if !self.refs.is_empty() => {
                ResumeValue::Value(self.rng.pick(&self.refs.clone()).r)
            }
            5 if !self.floats.is_empty() => ResumeValue::Value(self.pick_float()),
            _ => ResumeValue::Value(self.pick_int()),
        }
    }

    fn snapshot(&mut self) -> SnapshotId {
        if !self.dirty
            && let Some(s) = self.last_snapshot
        {
            return s;
        }
        self.pc += 1;
        let outer: Vec<ResumeValue> = self
            .b
            .inputs()
            .into_iter()
            .take(3)
            .map(ResumeValue::Value)
            .collect();
        let n = self.rng.range(1, 6) as usize;
        let inner: Vec<ResumeValue> = (0..n).map(|_| self.pick_any()).collect();
        let store = self.b.resume_mut();
        let parent = store.add_frame(None, 0, 0, &outer);
        let frame = store.add_frame(Some(parent), 1, self.pc, &inner);
        let id = store.add_snapshot(Snapshot {
            frame: Some(frame),
            virtuals: Vec::new(),
            pending: Vec::new(),
        });
        self.last_snapshot = Some(id);
        self.dirty = false;
        id
    }

    /// Emits a guard (which the current concrete state passes).
    fn guard(&mut self, opcode: OpCode, args: &[OpRef]) -> OpRef {
        let sid = self.snapshot();
        let r = self.b.emit_guard(opcode, args, None, Some(sid));
        if opcode == OpCode::GuardException {
            let e = self
                .pending_exception
                .take()
                .expect("guard_exception only after a raise");
            self.set(r, Value::Ref(e.value));
            self.dirty = true;
        }
        if opcode == OpCode::GuardNoException {
            debug_assert!(self.pending_exception.is_none());
        }
        r
    }

    /// A guard on an int that passes now: guard_true or guard_false.
    fn guard_bool(&mut self, c: OpRef) {
        let truth = self.val(c).as_int() != Some(0);
        self.guard(
            if truth {
                OpCode::GuardTrue
            } else {
                OpCode::GuardFalse
            },
            &[c],
        );
    }

    fn int_result(&mut self, r: OpRef) {
        self.ints.push(r);
    }

    fn step(&mut self) {
        let w = self.world;
        let choice = self.rng.below(100);
        match choice {
            // Integer arithmetic (sometimes repeating an earlier pure operation).
            0..=17 => {
                if self.rng.chance(20) && !self.pure_history.is_empty() {
                    let (op, args) = self.rng.pick(&self.pure_history).clone();
                    let r = self.emit(op, &args, None);
                    self.int_result(r);
                    return;
                }
                let op = *self.rng.pick(&[
                    OpCode::IntAdd,
                    OpCode::IntSub,
                    OpCode::IntMul,
                    OpCode::IntAnd,
                    OpCode::IntOr,
                    OpCode::IntXor,
                    OpCode::IntLshift,
                    OpCode::IntRshift,
                    OpCode::UintRshift,
                    OpCode::IntAdd,
                    OpCode::IntSub,
                ]);
                let a = self.pick_int();
                let b = if self.rng.chance(50) {
                    let v = match op {
                        OpCode::IntLshift | OpCode::IntRshift | OpCode::UintRshift => {
                            self.rng.range(0, 63)
                        }
                        _ => self.rng.interesting_int(),
                    };
                    self.b.const_int(v)
                } else {
                    self.pick_int()
                };
                let r = self.emit(op, &[a, b], None);
                self.pure_history.push((op, vec![a, b]));
                self.int_result(r);
            }
            18..=21 => {
                let op = *self.rng.pick(&[
                    OpCode::IntNeg,
                    OpCode::IntInvert,
                    OpCode::IntIsZero,
                    OpCode::IntIsTrue,
                ]);
                let a = self.pick_int();
                let r = self.emit(op, &[a], None);
                self.int_result(r);
            }
            22..=23 => {
                let op = *self.rng.pick(&[OpCode::IntDiv, OpCode::IntRem]);
                let a = self.pick_int();
                let d = *self.rng.pick(&[1i64, 2, 3, 7, -2, 16, 1000]);
                let d = self.b.const_int(d);
                let r = self.emit(op, &[a, d], None);
                self.int_result(r);
            }
            // Overflow-checked arithmetic.
            24..=27 => {
                let op = *self
                    .rng
                    .pick(&[OpCode::IntAddOvf, OpCode::IntSubOvf, OpCode::IntMulOvf]);
                let a = self.pick_int();
                let b = if self.rng.chance(50) {
                    let v = self.rng.range(-10, 10);
                    self.b.const_int(v)
                } else {
                    self.pick_int()
                };
                let (x, y) = (self.val(a).as_int().unwrap(), self.val(b).as_int().unwrap());
                let overflowed = interp::eval_ovf(op, x, y).unwrap().1;
                let r = self.emit(op, &[a, b], None);
                if overflowed {
                    self.guard(OpCode::GuardOverflow, &[]);
                } else {
                    self.guard(OpCode::GuardNoOverflow, &[]);
                    self.int_result(r);
                }
            }
            // Comparisons and guards on them.
            28..=37 => {
                let op = *self.rng.pick(&[
                    OpCode::IntLt,
                    OpCode::IntLe,
                    OpCode::IntGt,
                    OpCode::IntGe,
                    OpCode::IntEq,
                    OpCode::IntNe,
                    OpCode::UintLt,
                    OpCode::UintGe,
                ]);
                let a = self.pick_int();
                let b = if self.rng.chance(60) {
                    let v = self.rng.range(-5, 60);
                    self.b.const_int(v)
                } else {
                    self.pick_int()
                };
                let c = self.emit(op, &[a, b], None);
                if self.rng.chance(75) {
                    self.guard_bool(c);
                } else {
                    self.int_result(c);
                }
            }
            38..=39 => {
                // guard_value: pins a value (fails when it changes in a later iteration).
                let a = self.pick_int();
                if !a.is_const() {
                    let v = self.val(a);
                    let c = self.b.constant(v);
                    self.guard(OpCode::GuardValue, &[a, c]);
                }
            }
            // Floats.
            40..=45 => {
                if self.floats.is_empty() || self.rng.chance(25) {
                    let a = self.pick_int();
                    let r = self.emit(OpCode::CastIntToFloat, &[a], None);
                    self.floats.push(r);
                    return;
                }
                match self.rng.below(4) {
                    0 | 1 => {
                        let op = *self.rng.pick(&[
                            OpCode::FloatAdd,
                            OpCode::FloatSub,
                            OpCode::FloatMul,
                            OpCode::FloatTruediv,
                        ]);
                        let (a, b) = (self.pick_float(), self.pick_float());
                        let r = self.emit(op, &[a, b], None);
                        self.floats.push(r);
                    }
                    2 => {
                        let op = *self.rng.pick(&[
                            OpCode::FloatLt,
                            OpCode::FloatLe,
                            OpCode::FloatEq,
                            OpCode::FloatNe,
                            OpCode::FloatGt,
                        ]);
                        let (a, b) = (self.pick_float(), self.pick_float());
                        let c = self.emit(op, &[a, b], None);
                        self.guard_bool(c);
                    }
                    _ => {
                        let op = *self.rng.pick(&[
                            OpCode::FloatNeg,
                            OpCode::FloatAbs,
                            OpCode::CastFloatToInt,
                        ]);
                        let a = self.pick_float();
                        let r = self.emit(op, &[a], None);
                        if op == OpCode::CastFloatToInt {
                            self.int_result(r);
                        } else {
                            self.floats.push(r);
                        }
                    }
                }
            }
            // Node field loads.
            46..=53 => {
                let Some(p) = self.pick_ref(RefTy::Node) else {
                    return;
                };
                match self.rng.below(6) {
                    0 => {
                        let r = self.emit(
                            OpCode::GetfieldGcR,
                            &[p],
                            Some(Descr::Field(w.node_next.clone())),
                        );
                        let null = self.val(r).bits() == 0;
                        if null {
                            self.guard(OpCode::GuardIsnull, &[r]);
                        } else {
                            if self.rng.chance(50) {
                                self.guard(OpCode::GuardNonnull, &[r]);
                            } else {
                                let vt = self.b.const_int(NODE_VTABLE as i64);
                                self.guard(OpCode::GuardNonnullClass, &[r, vt]);
                            }
                            self.refs.push(RefVal {
                                r,
                                ty: RefTy::Node,
                                nonnull: true,
                            });
                        }
                    }
                    1 => {
                        let r = self.emit(
                            OpCode::GetfieldGcF,
                            &[p],
                            Some(Descr::Field(w.node_fl.clone())),
                        );
                        self.floats.push(r);
                    }
                    k => {
                        let f =
                            [&w.node_val, &w.node_id, &w.node_small, &w.node_byte][k - 2].clone();
                        let r = self.emit(OpCode::GetfieldGcI, &[p], Some(Descr::Field(f)));
                        self.int_result(r);
                    }
                }
            }
            // Node field stores.
            54..=59 => {
                let Some(p) = self.pick_ref(RefTy::Node) else {
                    return;
                };
                match self.rng.below(5) {
                    0 => {
                        let v = if self.rng.chance(20) {
                            self.b.const_ref(0)
                        } else {
                            match self.pick_ref(RefTy::Node) {
                                Some(v) => v,
                                None => return,
                            }
                        };
                        self.emit(
                            OpCode::SetfieldGc,
                            &[p, v],
                            Some(Descr::Field(w.node_next.clone())),
                        );
                    }
                    1 => {
                        let v = self.pick_float();
                        self.emit(
                            OpCode::SetfieldGc,
                            &[p, v],
                            Some(Descr::Field(w.node_fl.clone())),
                        );
                    }
                    k => {
                        let f = [&w.node_val, &w.node_small, &w.node_byte][k - 2].clone();
                        let v = self.pick_int();
                        self.emit(OpCode::SetfieldGc, &[p, v], Some(Descr::Field(f)));
                    }
                }
            }
            // Allocations.
            60..=64 => match self.rng.below(4) {
                0 | 1 => {
                    let op = if self.rng.chance(70) {
                        OpCode::NewWithVtable
                    } else {
                        OpCode::New
                    };
                    let r = self.emit(op, &[], Some(Descr::Size(w.node.clone())));
                    let id = self.rng.range(0, 9);
                    let id = self.b.const_int(id);
                    self.emit(
                        OpCode::SetfieldGc,
                        &[r, id],
                        Some(Descr::Field(w.node_id.clone())),
                    );
                    self.refs.push(RefVal {
                        r,
                        ty: RefTy::Node,
                        nonnull: true,
                    });
                }
                2 => {
                    let r = self.emit(
                        OpCode::NewWithVtable,
                        &[],
                        Some(Descr::Size(w.boxd.clone())),
                    );
                    let v = self.pick_int();
                    self.emit(
                        OpCode::SetfieldGc,
                        &[r, v],
                        Some(Descr::Field(w.box_val.clone())),
                    );
                    self.refs.push(RefVal {
                        r,
                        ty: RefTy::Box,
                        nonnull: true,
                    });
                }
                _ => {
                    let len = self.rng.range(4, 6);
                    let len = self.b.const_int(len);
                    if self.rng.chance(50) {
                        let r = self.emit(
                            OpCode::NewArray,
                            &[len],
                            Some(Descr::Array(w.int_arr.clone())),
                        );
                        self.refs.push(RefVal {
                            r,
                            ty: RefTy::IntArr,
                            nonnull: true,
                        });
                    } else {
                        let r = self.emit(
                            OpCode::Newstr,
                            &[len],
                            Some(Descr::Array(w.str_arr.clone())),
                        );
                        self.refs.push(RefVal {
                            r,
                            ty: RefTy::Str,
                            nonnull: true,
                        });
                    }
                }
            },
            // Box access.
            65..=67 => {
                let Some(p) = self.pick_ref(RefTy::Box) else {
                    return;
                };
                if self.rng.chance(50) {
                    let r = self.emit(
                        OpCode::GetfieldGcI,
                        &[p],
                        Some(Descr::Field(w.box_val.clone())),
                    );
                    self.int_result(r);
                } else {
                    let v = self.pick_int();
                    self.emit(
                        OpCode::SetfieldGc,
                        &[p, v],
                        Some(Descr::Field(w.box_val.clone())),
                    );
                }
            }
            // Arrays and strings.
            68..=74 => {
                let (ty, descr) = match self.rng.below(3) {
                    0 => (RefTy::IntArr, w.int_arr.clone()),
                    1 => (RefTy::Str, w.str_arr.clone()),
                    _ => (RefTy::RefArr, w.ref_arr.clone()),
                };
                let Some(p) = self.pick_ref(ty) else { return };
                let index = if self.rng.chance(60) {
                    let i = self.rng.range(0, 3);
                    self.b.const_int(i)
                } else {
                    let x = self.pick_int();
                    let three = self.b.const_int(3);
                    self.emit(OpCode::IntAnd, &[x, three], None)
                };
                let d = Some(Descr::Array(descr));
                match (ty, self.rng.below(3)) {
                    (RefTy::IntArr, 0) => {
                        let r = self.emit(OpCode::GetarrayitemGcI, &[p, index], d);
                        self.int_result(r);
                    }
                    (RefTy::IntArr, 1) => {
                        let v = self.pick_int();
                        self.emit(OpCode::SetarrayitemGc, &[p, index, v], d);
                    }
                    (RefTy::Str, 0) => {
                        let r = self.emit(OpCode::Strgetitem, &[p, index], d);
                        self.int_result(r);
                    }
                    (RefTy::Str, 1) => {
                        let v = self.rng.range(0, 255);
                        let v = self.b.const_int(v);
                        self.emit(OpCode::Strsetitem, &[p, index, v], d);
                    }
                    (RefTy::RefArr, 0) => {
                        let r = self.emit(OpCode::GetarrayitemGcR, &[p, index], d);
                        if self.val(r).bits() == 0 {
                            self.guard(OpCode::GuardIsnull, &[r]);
                        } else {
                            self.guard(OpCode::GuardNonnull, &[r]);
                            self.refs.push(RefVal {
                                r,
                                ty: RefTy::Node,
                                nonnull: true,
                            });
                        }
                    }
                    (RefTy::RefArr, 1) => {
                        let Some(v) = self.pick_ref(RefTy::Node) else {
                            return;
                        };
                        self.emit(OpCode::SetarrayitemGc, &[p, index, v], d);
                    }
                    (RefTy::Str, _) => {
                        let r = self.emit(OpCode::Strlen, &[p], d);
                        self.int_result(r);
                    }
                    _ => {
                        let r = self.emit(OpCode::ArraylenGc, &[p], d);
                        self.int_result(r);
                    }
                }
            }
            // Class and identity guards.
            75..=79 => {
                let Some(p) = self.pick_ref(RefTy::Node) else {
                    return;
                };
                match self.rng.below(3) {
                    0 => {
                        let vt = self.b.const_int(NODE_VTABLE as i64);
                        self.guard(OpCode::GuardClass, &[p, vt]);
                    }
                    1 => {
                        self.guard(OpCode::GuardNonnull, &[p]);
                    }
                    _ => {
                        let Some(q) = self.pick_ref(RefTy::Node) else {
                            return;
                        };
                        let op = if self.rng.chance(50) {
                            OpCode::PtrEq
                        } else {
                            OpCode::PtrNe
                        };
                        let c = self.emit(op, &[p, q], None);
                        self.guard_bool(c);
                    }
                }
            }
            // Calls.
            80..=89 if self.config.allow_calls => {
                match self.rng.below(7) {
                    0 => {
                        let (a, b) = (self.pick_int(), self.pick_int());
                        let fa = self.b.const_int(w.addrs.mix as i64);
                        let r = self.emit(
                            OpCode::CallPureI,
                            &[fa, a, b],
                            Some(Descr::Call(w.f_mix.clone())),
                        );
                        self.int_result(r);
                    }
                    1 => {
                        let a = self.pick_int();
                        let fa = self.b.const_int(w.addrs.check as i64);
                        let r = self.emit(
                            OpCode::CallI,
                            &[fa, a],
                            Some(Descr::Call(w.f_check.clone())),
                        );
                        if self.pending_exception.is_some() {
                            let cls = self.b.const_int(EXC_CLASS as i64);
                            self.guard(OpCode::GuardException, &[cls]);
                        } else {
                            self.guard(OpCode::GuardNoException, &[]);
                            self.int_result(r);
                        }
                    }
                    2 => {
                        let Some(p) = self.pick_ref(RefTy::Node) else {
                            return;
                        };
                        let v = self.pick_int();
                        let fa = self.b.const_int(w.addrs.store as i64);
                        self.emit(
                            OpCode::CallN,
                            &[fa, p, v],
                            Some(Descr::Call(w.f_store.clone())),
                        );
                    }
                    3 => {
                        let Some(p) = self.pick_ref(RefTy::Node) else {
                            return;
                        };
                        let fa = self.b.const_int(w.addrs.read as i64);
                        let r =
                            self.emit(OpCode::CallI, &[fa, p], Some(Descr::Call(w.f_read.clone())));
                        self.int_result(r);
                    }
                    4 => {
                        let Some(p) = self.pick_ref(RefTy::Node) else {
                            return;
                        };
                        let v = self.pick_int();
                        let fa = self.b.const_int(w.addrs.any as i64);
                        let r = self.emit(
                            OpCode::CallI,
                            &[fa, p, v],
                            Some(Descr::Call(w.f_any.clone())),
                        );
                        debug_assert!(self.pending_exception.is_none());
                        self.guard(OpCode::GuardNoException, &[]);
                        self.int_result(r);
                    }
                    5 => {
                        let (a, b) = (self.pick_float(), self.pick_float());
                        let fa = self.b.const_int(w.addrs.float as i64);
                        let r = self.emit(
                            OpCode::CallPureF,
                            &[fa, a, b],
                            Some(Descr::Call(w.f_float.clone())),
                        );
                        self.floats.push(r);
                    }
                    _ if self.config.allow_force => {
                        let a = self.pick_int();
                        let forced_if = self.val(a).as_int().unwrap().rem_euclid(7) == 0;
                        if forced_if {
                            // Recording follows the path where the frame is not forced.
                            return;
                        }
                        let fa = self.b.const_int(w.addrs.force as i64);
                        let r = self.emit(
                            OpCode::CallMayForceI,
                            &[fa, a],
                            Some(Descr::Call(w.f_force.clone())),
                        );
                        self.guard(OpCode::GuardNotForced, &[]);
                        self.int_result(r);
                    }
                    _ => {}
                }
            }
            90..=92 if self.config.allow_escape => {
                let n = self.rng.range(1, 2);
                let args: Vec<OpRef> = (0..n)
                    .map(|_| match self.pick_any() {
                        ResumeValue::Value(r) => r,
                        _ => self.pick_int(),
                    })
                    .collect();
                self.emit(OpCode::EscapeN, &args, None);
            }
            93..=95 if self.raw.is_some() => {
                let raw = self.raw.expect("checked");
                match self.rng.below(4) {
                    0 => {
                        let f = if self.rng.chance(50) {
                            w.raw_a.clone()
                        } else {
                            w.raw_b.clone()
                        };
                        let r = self.emit(OpCode::GetfieldRawI, &[raw], Some(Descr::Field(f)));
                        self.int_result(r);
                    }
                    1 => {
                        let v = self.pick_int();
                        self.emit(
                            OpCode::SetfieldRaw,
                            &[raw, v],
                            Some(Descr::Field(w.raw_a.clone())),
                        );
                    }
                    2 => {
                        let i = self.rng.range(0, 7);
                        let i = self.b.const_int(i);
                        let r = self.emit(
                            OpCode::GetarrayitemRawI,
                            &[raw, i],
                            Some(Descr::Array(w.raw_arr.clone())),
                        );
                        self.int_result(r);
                    }
                    _ => {
                        let i = self.rng.range(0, 7);
                        let i = self.b.const_int(i);
                        let v = self.pick_int();
                        self.emit(
                            OpCode::SetarrayitemRaw,
                            &[raw, i, v],
                            Some(Descr::Array(w.raw_arr.clone())),
                        );
                    }
                }
            }
            96 => {
                let (c, p) = (self.b.const_int(1), self.b.const_int(self.pc as i64));
                self.emit(OpCode::DebugMergePoint, &[c, p], None);
            }
            _ => {
                // A guard on some existing int, to add exits.
                let a = self.pick_int();
                if !a.is_const() {
                    self.guard_bool(a);
                }
            }
        }
    }
}
