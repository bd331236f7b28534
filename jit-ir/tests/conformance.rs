//! The conformance suite run on the interpreting backend itself (this is how a machine
//! backend crate uses it), and evidence that the suite catches broken backends.

use tern_jit_ir::backend::{Backend, BackendError, Exit, GuardId, TraceId};
use tern_jit_ir::conformance::{self, ConformanceConfig, ConformanceEnv, SharedHeap};
use tern_jit_ir::opt::Rewriter;
use tern_jit_ir::{InterpBackend, OpCode, Trace, Value};

tern_jit_ir::backend_conformance_tests!(|env: &ConformanceEnv| InterpBackend::new(
    env.heap.clone(),
    env.functions.clone()
));

/// The interpreting backend with a bug injected.
struct Mutant {
    inner: InterpBackend<SharedHeap>,
    rename: fn(OpCode) -> OpCode,
    drop_bridges: bool,
}

fn renamed(trace: &Trace, rename: fn(OpCode) -> OpCode) -> Trace {
    let mut rw = Rewriter::new(trace);
    for i in 0..trace.len() {
        let op = *trace.op(i);
        let args = rw.args(i);
        if op.opcode == OpCode::Label {
            rw.emit_label(i, &args);
            continue;
        }
        let opcode = rename(op.opcode);
        let r = if opcode.is_guard() {
            let snap = op.snapshot().map(|s| rw.map_snapshot(s));
            rw.emit_guard(opcode, &args, op.descr(), snap)
        } else {
            rw.emit(opcode, &args, op.descr())
        };
        rw.set(trace.result_of(i), r);
    }
    rw.finish()
}

impl Backend for Mutant {
    fn name(&self) -> &str {
        "mutant"
    }
    fn compile_loop(&mut self, trace: &Trace) -> Result<TraceId, BackendError> {
        self.inner.compile_loop(&renamed(trace, self.rename))
    }
    fn compile_bridge(&mut self, guard: GuardId, bridge: &Trace) -> Result<TraceId, BackendError> {
        if self.drop_bridges {
            // Compiles it as a separate loop: never reached from the guard.
            return self.inner.compile_loop(bridge);
        }
        self.inner
            .compile_bridge(guard, &renamed(bridge, self.rename))
    }
    fn execute(&mut self, entry: TraceId, inputs: &[Value]) -> Result<Exit, BackendError> {
        self.inner.execute(entry, inputs)
    }
    fn invalidate(&mut self, entry: TraceId) -> Result<(), BackendError> {
        self.inner.invalidate(entry)
    }
    fn free(&mut self, entry: TraceId) -> Result<(), BackendError> {
        self.inner.free(entry)
    }
}

fn caught(rename: fn(OpCode) -> OpCode, drop_bridges: bool) -> bool {
    let mut make = |env: &ConformanceEnv| Mutant {
        inner: InterpBackend::new(env.heap.clone(), env.functions.clone()),
        rename,
        drop_bridges,
    };
    let config = ConformanceConfig {
        random_cases: 40,
        ..ConformanceConfig::default()
    };
    conformance::check_fixed(&mut make, &config).is_err()
        || conformance::check_random(&mut make, &config).is_err()
}

#[test]
fn the_suite_catches_broken_backends() {
    fn same(op: OpCode) -> OpCode {
        op
    }
    assert!(!caught(same, false), "an unchanged backend must pass");
    type Mutation = fn(OpCode) -> OpCode;
    let mutations: [(&str, Mutation); 6] = [
        ("int_sub computes int_add", |op| {
            if op == OpCode::IntSub {
                OpCode::IntAdd
            } else {
                op
            }
        }),
        ("uint_rshift is arithmetic", |op| {
            if op == OpCode::UintRshift {
                OpCode::IntRshift
            } else {
                op
            }
        }),
        ("float_lt is float_le", |op| {
            if op == OpCode::FloatLt {
                OpCode::FloatLe
            } else {
                op
            }
        }),
        ("uint_lt is signed", |op| {
            if op == OpCode::UintLt {
                OpCode::IntLt
            } else {
                op
            }
        }),
        ("guard_overflow inverted", |op| {
            if op == OpCode::GuardOverflow {
                OpCode::GuardNoOverflow
            } else {
                op
            }
        }),
        ("int_mul is int_add", |op| {
            if op == OpCode::IntMul {
                OpCode::IntAdd
            } else {
                op
            }
        }),
    ];
    for (what, m) in mutations {
        assert!(caught(m, false), "the suite missed: {what}");
    }
    assert!(
        caught(same, true),
        "the suite missed: bridges never attached"
    );
}
