//! An example embedder: a tiny stack-bytecode language whose hot loops are traced,
//! optimized and run through a `Backend` (here the interpreting one).
//!
//! The language boxes every integer in a heap object (`Box`, with a class), like a
//! naive dynamic-language VM, so the JIT has real work to do: type guards on every
//! operand, allocations for every intermediate result. The driver shows the whole
//! embedding API:
//! - `JitParams` and `HotCounters` decide when a loop header is hot;
//! - a `TraceRecorder` records one iteration while the interpreter keeps executing it
//!   concretely (guards follow the path taken, with a snapshot of locals and stack);
//! - `opt::optimize` removes the boxes (the loop body allocates nothing) and peels the
//!   loop;
//! - the `Backend` runs the loop; when a guard fails, `resume::rebuild` gives back the
//!   interpreter's locals and stack (materializing boxes the optimizer removed), and the
//!   interpreter continues from there;
//! - a guard that fails often gets a bridge, recorded from the guard's resume state with
//!   `TraceRecorder::start_bridge` and attached with `Backend::compile_bridge`.
//!
//! Run it: `cargo run --example tiny_vm -p tern-jit-ir --release -- 20000`.

use std::collections::HashMap;
use std::sync::Arc;

use tern_jit_ir::backend::{Backend, Exit, GuardId, TraceId};
use tern_jit_ir::descr::{Descr, FieldDescr, SizeDescr, TargetToken};
use tern_jit_ir::heap::{Memory, ModelHeap, SharedHeap};
use tern_jit_ir::interp::Functions;
use tern_jit_ir::recorder::{FrameSpec, RecordError, TraceRecorder};
use tern_jit_ir::warmup::{Counter, HotCounters};
use tern_jit_ir::{InterpBackend, JitParams, Kind, OpCode, OpRef, Trace, Value, opt, resume};

/// The bytecode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Insn {
    /// Push a new box holding the constant.
    Const(i64),
    /// Push a local.
    Load(usize),
    /// Pop into a local.
    Store(usize),
    /// Pop b, a; push a + b (overflow is an error).
    Add,
    /// Pop b, a; push a - b.
    Sub,
    /// Pop b, a; push a * b.
    Mul,
    /// Pop b, a; push a % b (b must be positive).
    Mod,
    /// Pop b, a; push 1 if a < b else 0.
    Lt,
    /// Pop b, a; push 1 if a == b else 0.
    Eq,
    /// Pop a condition; jump if it is 0.
    JumpIfFalse(usize),
    /// Jump (backwards: a loop).
    Jump(usize),
    /// Return the top of the stack.
    Return,
}

/// A program: code plus the number of locals.
pub struct Program {
    /// The code.
    pub code: Vec<Insn>,
    /// Number of locals.
    pub locals: usize,
}

/// `sum = 0; i = 0; while i < n { sum += i * i; if i % 3 == 0 { sum += 1 }; i += 1 }; sum`
pub fn sum_of_squares(n: i64) -> Program {
    use Insn::*;
    let code = vec![
        Const(0),
        Store(0), // 0: i = 0
        Const(0),
        Store(1), // 2: sum = 0
        Const(n),
        Store(2), // 4: n
        Load(0),
        Load(2),
        Lt,
        JumpIfFalse(33), // 6: loop header: while i < n
        Load(1),
        Load(0),
        Load(0),
        Mul,
        Add,
        Store(1), // 10: sum += i * i
        Load(0),
        Const(3),
        Mod,
        Const(0),
        Eq,
        JumpIfFalse(26), // 16: if i % 3 == 0
        Load(1),
        Const(1),
        Add,
        Store(1), // 22: sum += 1
        Load(0),
        Const(1),
        Add,
        Store(0), // 26: i += 1
        Jump(6),  // 30
        Return,   // 31 (unreachable)
        Return,   // 32 (unreachable)
        Load(1),
        Return, // 33
    ];
    Program { code, locals: 3 }
}

/// What the run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Instructions interpreted (including while tracing).
    pub interpreted: u64,
    /// Loops compiled.
    pub loops: u64,
    /// Bridges compiled.
    pub bridges: u64,
    /// Entries into compiled code.
    pub compiled_entries: u64,
    /// Guard failures that returned to the interpreter.
    pub guard_failures: u64,
    /// Traces aborted (too long, or leaving the loop).
    pub aborted: u64,
    /// Operations of the recorded loop traces.
    pub recorded_ops: u64,
    /// Operations after optimization.
    pub optimized_ops: u64,
    /// Allocations left in the optimized loop bodies.
    pub body_allocations: u64,
}

/// A run-time error of the program.
#[derive(Debug, PartialEq, Eq)]
pub enum VmError {
    /// An operand is not an integer box.
    Type(usize),
    /// Integer overflow.
    Overflow(usize),
    /// Modulo by a non-positive number.
    BadModulo(usize),
    /// Stack underflow or a bad local.
    Malformed(usize),
}

const BOX_VTABLE: u64 = 0x0b0b;

enum Tracing {
    Off,
    Loop { header: usize },
    Bridge { guard: GuardId },
}

/// The interpreter plus its JIT.
pub struct Vm {
    heap: SharedHeap,
    backend: InterpBackend<SharedHeap>,
    params: JitParams,
    counters: HotCounters,
    box_size: Arc<SizeDescr>,
    box_val: Arc<FieldDescr>,
    loops: HashMap<usize, (TraceId, Arc<TargetToken>)>,
    traces: HashMap<TraceId, Trace>,
    /// Stats of the last run.
    pub stats: Stats,
    /// Print every optimized trace when it is compiled.
    pub show_traces: bool,
}

struct State {
    pc: usize,
    locals: Vec<u64>,
    stack: Vec<u64>,
}

struct Recording {
    rec: TraceRecorder,
    locals: Vec<OpRef>,
    stack: Vec<OpRef>,
}

impl Vm {
    /// A VM with the given JIT parameters.
    pub fn new(params: JitParams) -> Vm {
        let heap = SharedHeap::new(ModelHeap::new(16 << 20));
        let backend = InterpBackend::new(heap.clone(), Functions::new());
        let box_size = Arc::new(SizeDescr {
            name: "Box".into(),
            size: 24,
            type_id: 1,
            vtable: Some(BOX_VTABLE),
            ref_offsets: vec![],
        });
        let box_val = Arc::new(FieldDescr {
            name: "Box.val".into(),
            offset: 16,
            size: 8,
            kind: Kind::Int,
            signed: true,
            immutable: true,
        });
        Vm {
            heap,
            backend,
            counters: HotCounters::new(&params, 12),
            params,
            box_size,
            box_val,
            loops: HashMap::new(),
            traces: HashMap::new(),
            stats: Stats::default(),
            show_traces: false,
        }
    }

    fn new_box(&mut self, v: i64) -> u64 {
        // The model heap only fails on absurd sizes; a real VM would report out of memory.
        let mut h = self.heap.clone();
        let b = h.allocate(&self.box_size).expect("heap has room");
        h.store_field(Value::Ref(b), &self.box_val, Value::Int(v))
            .expect("fresh box");
        b
    }

    fn unbox(&mut self, b: u64, pc: usize) -> Result<i64, VmError> {
        let mut h = self.heap.clone();
        if b == 0 || h.class_of(b).ok() != Some(BOX_VTABLE) {
            return Err(VmError::Type(pc));
        }
        match h.load_field(Value::Ref(b), &self.box_val) {
            Ok(Value::Int(v)) => Ok(v),
            _ => Err(VmError::Type(pc)),
        }
    }

    /// Runs a program to its `Return`.
    pub fn run(&mut self, program: &Program) -> Result<i64, VmError> {
        self.stats = Stats::default();
        let mut s = State {
            pc: 0,
            locals: vec![0; program.locals],
            stack: Vec::new(),
        };
        let mut tracing = Tracing::Off;
        let mut recording: Option<Recording> = None;
        loop {
            let pc = s.pc;
            let insn = *program.code.get(pc).ok_or(VmError::Malformed(pc))?;
            // Loop headers: enter compiled code, close traces, count hotness.
            if let Insn::Jump(target) = insn
                && target <= pc
            {
                match tracing {
                    Tracing::Loop { header } if header == target => {
                        let r = recording.take().expect("recording while tracing");
                        tracing = Tracing::Off;
                        let locals = r.locals.clone();
                        match r.rec.close_loop(&locals) {
                            Ok(trace) => self.compile_loop(target, trace),
                            Err(_) => self.stats.aborted += 1,
                        }
                        s.pc = target;
                        continue;
                    }
                    Tracing::Bridge { guard } => {
                        let r = recording.take().expect("recording while tracing");
                        tracing = Tracing::Off;
                        if let Some((_, token)) = self.loops.get(&target).cloned() {
                            match r.rec.jump_to(token, &r.locals) {
                                Ok(trace) => self.compile_bridge(guard, trace),
                                Err(_) => self.stats.aborted += 1,
                            }
                        } else {
                            self.stats.aborted += 1;
                        }
                        s.pc = target;
                        continue;
                    }
                    Tracing::Loop { .. } => {
                        // An inner loop: give up this trace.
                        recording = None;
                        tracing = Tracing::Off;
                        self.stats.aborted += 1;
                    }
                    Tracing::Off => {}
                }
                if let Some(&(id, _)) = self.loops.get(&target) {
                    self.stats.compiled_entries += 1;
                    let inputs: Vec<Value> = s.locals.iter().map(|&r| Value::Ref(r)).collect();
                    match self.backend.execute(id, &inputs) {
                        Ok(Exit::GuardFailed { guard, values, .. }) => {
                            self.stats.guard_failures += 1;
                            self.resume(&mut s, guard, &values, program)?;
                            if self.counters.tick(Counter::Guard, guard.counter_key()) {
                                // Hot guard: record a bridge from its resume state.
                                let trace = &self.traces[&guard.trace];
                                match TraceRecorder::start_bridge(
                                    trace,
                                    guard.op as usize,
                                    self.params.trace_limit,
                                ) {
                                    Ok((rec, frames)) => {
                                        let slots: Vec<OpRef> = frames[0]
                                            .slots
                                            .iter()
                                            .map(|v| v.expect("live"))
                                            .collect();
                                        recording = Some(Recording {
                                            rec,
                                            locals: slots[..program.locals].to_vec(),
                                            stack: slots[program.locals..].to_vec(),
                                        });
                                        tracing = Tracing::Bridge { guard };
                                    }
                                    Err(_) => self.stats.aborted += 1,
                                }
                            }
                            continue;
                        }
                        Ok(Exit::Finished(_)) => unreachable!("loops do not finish"),
                        Err(e) => panic!("compiled code failed: {e}"),
                    }
                }
                if self.counters.tick(Counter::Loop, target as u64) {
                    let kinds = vec![Kind::Ref; program.locals];
                    let (rec, locals) = TraceRecorder::start_loop(
                        &format!("loop@{target}"),
                        &kinds,
                        self.params.trace_limit,
                    );
                    recording = Some(Recording {
                        rec,
                        locals,
                        stack: Vec::new(),
                    });
                    tracing = Tracing::Loop { header: target };
                }
                s.pc = target;
                continue;
            }
            self.stats.interpreted += 1;
            let result = self.step(&mut s, insn, recording.as_mut());
            match result {
                Ok(Some(v)) => return Ok(v),
                Ok(None) => {}
                Err(StepError::Vm(e)) => return Err(e),
                Err(StepError::Record) => {
                    recording = None;
                    tracing = Tracing::Off;
                    self.stats.aborted += 1;
                }
            }
        }
    }

    fn resume(
        &mut self,
        s: &mut State,
        guard: GuardId,
        values: &[Value],
        program: &Program,
    ) -> Result<(), VmError> {
        let trace = &self.traces[&guard.trace];
        let frames = resume::rebuild(trace, guard.op as usize, values, &mut self.heap)
            .map_err(|_| VmError::Malformed(s.pc))?;
        let f = &frames[0];
        let slots: Vec<u64> = f
            .slots
            .iter()
            .map(|v| v.and_then(Value::as_ref).unwrap_or(0))
            .collect();
        s.pc = f.pc as usize;
        s.locals = slots[..program.locals].to_vec();
        s.stack = slots[program.locals..].to_vec();
        Ok(())
    }

    fn compile_loop(&mut self, header: usize, trace: Trace) {
        self.stats.recorded_ops += trace.len() as u64;
        let optimized = opt::optimize(&trace).expect("the optimizer produces valid traces");
        self.stats.optimized_ops += optimized.len() as u64;
        let body = optimized
            .ops()
            .iter()
            .rposition(|op| op.opcode == OpCode::Label)
            .unwrap_or(0);
        self.stats.body_allocations += optimized.ops()[body..]
            .iter()
            .filter(|op| op.opcode.is_alloc())
            .count() as u64;
        if self.show_traces {
            println!(
                "--- loop at pc {header}, recorded:\n{}--- optimized:\n{}",
                tern_jit_ir::text::print(&trace),
                tern_jit_ir::text::print(&optimized)
            );
        }
        let token = optimized
            .entry_token()
            .expect("loops start with a label")
            .clone();
        let id = self.backend.compile_loop(&optimized).expect("compiles");
        self.traces.insert(id, optimized);
        self.loops.insert(header, (id, token));
        self.stats.loops += 1;
        self.counters.decay();
    }

    fn compile_bridge(&mut self, guard: GuardId, trace: Trace) {
        let optimized = opt::optimize(&trace).expect("the optimizer produces valid traces");
        if self.show_traces {
            println!(
                "--- bridge from {guard:?}, optimized:\n{}",
                tern_jit_ir::text::print(&optimized)
            );
        }
        let id = self
            .backend
            .compile_bridge(guard, &optimized)
            .expect("compiles");
        self.traces.insert(id, optimized);
        self.stats.bridges += 1;
    }
}

enum StepError {
    Vm(VmError),
    /// Recording failed (e.g. the trace got too long): stop tracing, keep interpreting.
    Record,
}

impl From<VmError> for StepError {
    fn from(e: VmError) -> StepError {
        StepError::Vm(e)
    }
}

impl From<RecordError> for StepError {
    fn from(_: RecordError) -> StepError {
        StepError::Record
    }
}

impl Vm {
    /// Executes one instruction (recording it when tracing). `Ok(Some(v))` on return.
    fn step(
        &mut self,
        s: &mut State,
        insn: Insn,
        r: Option<&mut Recording>,
    ) -> Result<Option<i64>, StepError> {
        let pc = s.pc;
        let malformed = || StepError::Vm(VmError::Malformed(pc));
        // The resume point of every guard of this instruction: before it executes.
        let snapshot = |r: &mut Recording| -> Result<_, RecordError> {
            let slots: Vec<Option<OpRef>> = r
                .locals
                .iter()
                .chain(r.stack.iter())
                .map(|&x| Some(x))
                .collect();
            r.rec.snapshot(&[FrameSpec {
                code: 0,
                pc: pc as u64,
                slots: &slots,
            }])
        };
        s.pc += 1;
        match insn {
            Insn::Const(c) => {
                let b = self.new_box(c);
                s.stack.push(b);
                if let Some(r) = r {
                    let bx = r.rec.record(
                        OpCode::NewWithVtable,
                        &[],
                        Some(Descr::Size(self.box_size.clone())),
                    )?;
                    let v = r.rec.const_int(c);
                    r.rec.record(
                        OpCode::SetfieldGc,
                        &[bx, v],
                        Some(Descr::Field(self.box_val.clone())),
                    )?;
                    r.stack.push(bx);
                }
            }
            Insn::Load(i) => {
                s.stack.push(*s.locals.get(i).ok_or_else(malformed)?);
                if let Some(r) = r {
                    let x = r.locals[i];
                    r.stack.push(x);
                }
            }
            Insn::Store(i) => {
                let v = s.stack.pop().ok_or_else(malformed)?;
                *s.locals.get_mut(i).ok_or_else(malformed)? = v;
                if let Some(r) = r {
                    r.locals[i] = r.stack.pop().expect("mirrors the stack");
                }
            }
            Insn::Add | Insn::Sub | Insn::Mul | Insn::Mod | Insn::Lt | Insn::Eq => {
                let (bb, ba) = (
                    s.stack.pop().ok_or_else(malformed)?,
                    s.stack.pop().ok_or_else(malformed)?,
                );
                let (b, a) = (self.unbox(bb, pc)?, self.unbox(ba, pc)?);
                let (opcode, value) = match insn {
                    Insn::Add => (
                        OpCode::IntAddOvf,
                        a.checked_add(b).ok_or(VmError::Overflow(pc))?,
                    ),
                    Insn::Sub => (
                        OpCode::IntSubOvf,
                        a.checked_sub(b).ok_or(VmError::Overflow(pc))?,
                    ),
                    Insn::Mul => (
                        OpCode::IntMulOvf,
                        a.checked_mul(b).ok_or(VmError::Overflow(pc))?,
                    ),
                    Insn::Mod if b > 0 => (OpCode::IntRem, a % b),
                    Insn::Mod => return Err(VmError::BadModulo(pc).into()),
                    Insn::Lt => (OpCode::IntLt, (a < b) as i64),
                    _ => (OpCode::IntEq, (a == b) as i64),
                };
                let res = self.new_box(value);
                s.stack.push(res);
                if let Some(r) = r {
                    let snap = snapshot(r)?;
                    let (sb, sa) = (
                        r.stack.pop().expect("mirror"),
                        r.stack.pop().expect("mirror"),
                    );
                    let cls = r.rec.const_int(BOX_VTABLE as i64);
                    let field = Descr::Field(self.box_val.clone());
                    r.rec.guard(OpCode::GuardNonnullClass, &[sa, cls], snap)?;
                    r.rec.guard(OpCode::GuardNonnullClass, &[sb, cls], snap)?;
                    let va = r
                        .rec
                        .record(OpCode::GetfieldGcI, &[sa], Some(field.clone()))?;
                    let vb = r
                        .rec
                        .record(OpCode::GetfieldGcI, &[sb], Some(field.clone()))?;
                    if opcode == OpCode::IntRem {
                        let zero = r.rec.const_int(0);
                        let positive = r.rec.record(OpCode::IntGt, &[vb, zero], None)?;
                        r.rec.guard(OpCode::GuardTrue, &[positive], snap)?;
                    }
                    let v = r.rec.record(opcode, &[va, vb], None)?;
                    if opcode.is_ovf() {
                        r.rec.guard(OpCode::GuardNoOverflow, &[], snap)?;
                    }
                    let bx = r.rec.record(
                        OpCode::NewWithVtable,
                        &[],
                        Some(Descr::Size(self.box_size.clone())),
                    )?;
                    r.rec.record(OpCode::SetfieldGc, &[bx, v], Some(field))?;
                    r.stack.push(bx);
                }
            }
            Insn::JumpIfFalse(target) => {
                let bc = s.stack.pop().ok_or_else(malformed)?;
                let c = self.unbox(bc, pc)?;
                if c == 0 {
                    s.pc = target;
                }
                if let Some(r) = r {
                    let snap = snapshot(r)?;
                    let sc = r.stack.pop().expect("mirror");
                    let cls = r.rec.const_int(BOX_VTABLE as i64);
                    r.rec.guard(OpCode::GuardNonnullClass, &[sc, cls], snap)?;
                    let v = r.rec.record(
                        OpCode::GetfieldGcI,
                        &[sc],
                        Some(Descr::Field(self.box_val.clone())),
                    )?;
                    let guard = if c == 0 {
                        OpCode::GuardFalse
                    } else {
                        OpCode::GuardTrue
                    };
                    r.rec.guard(guard, &[v], snap)?;
                }
            }
            Insn::Jump(target) => {
                // Forward jumps only (backward ones are loop headers, handled by `run`).
                s.pc = target;
            }
            Insn::Return => {
                let b = s.stack.pop().ok_or_else(malformed)?;
                return Ok(Some(self.unbox(b, pc)?));
            }
        }
        Ok(None)
    }
}

/// The reference result of [`sum_of_squares`].
pub fn expected_sum_of_squares(n: i64) -> i64 {
    (0..n).map(|i| i * i + (i % 3 == 0) as i64).sum()
}

#[allow(dead_code)]
fn main() {
    let n: i64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let params = std::env::var("TINY_JIT")
        .ok()
        .map_or_else(JitParams::default, |s| {
            JitParams::parse(&s).unwrap_or_else(|e| {
                eprintln!("TINY_JIT: {e}");
                std::process::exit(2)
            })
        });
    let program = sum_of_squares(n);
    let mut vm = Vm::new(params.clone());
    vm.show_traces = std::env::var("TINY_SHOW_TRACES").is_ok();
    let t = std::time::Instant::now();
    let result = vm.run(&program).expect("the program runs");
    let jit_time = t.elapsed();
    let mut off = Vm::new(JitParams::parse("off").expect("valid"));
    let t = std::time::Instant::now();
    let plain = off.run(&program).expect("the program runs");
    let interp_time = t.elapsed();
    assert_eq!(result, plain);
    println!("sum_of_squares({n}) = {result}");
    println!("jit params: {params}");
    println!("{:#?}", vm.stats);
    println!(
        "time: {jit_time:?} with the JIT (interpreting backend), {interp_time:?} interpreter only"
    );
}
