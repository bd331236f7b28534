//! The trace recorder: on-the-fly folding and CSE, guard elision, snapshots, the trace
//! limit, and starting bridges from resume data.

use tern_jit_ir::descr::build;
use tern_jit_ir::heap::{Memory, ModelHeap};
use tern_jit_ir::interp::{self, Env, Functions, Outcome};
use tern_jit_ir::recorder::{FrameSpec, RecordError, TraceRecorder};
use tern_jit_ir::{Kind, OpCode, Value, opt, resume, text};

#[test]
fn folds_constants_and_reuses_pure_operations() {
    let (mut r, inputs) = TraceRecorder::start_loop("L", &[Kind::Int], 100);
    let (two, three) = (r.const_int(2), r.const_int(3));
    let five = r.record(OpCode::IntAdd, &[two, three], None).unwrap();
    assert_eq!(r.constant_of(five), Some(Value::Int(5)));
    let a = r.record(OpCode::IntMul, &[inputs[0], five], None).unwrap();
    let b = r.record(OpCode::IntMul, &[inputs[0], five], None).unwrap();
    assert_eq!(a, b, "CSE while recording");
    let c = r.record(OpCode::SameAsI, &[a], None).unwrap();
    assert_ne!(c, a, "same_as always makes a fresh name");
    assert_eq!(r.len(), 3, "label + mul + same_as");
    assert_eq!(r.folded(), 2);
    let trace = r.close_loop(&[b]).unwrap();
    assert!(trace.is_loop());
    trace.verify().unwrap();
}

#[test]
fn skips_guards_whose_outcome_is_known_and_substitutes_guarded_values() {
    let size = build::size("Box", 24, 1, Some(0x100), &[]);
    let (mut r, inputs) = TraceRecorder::start_trace(&[Kind::Int, Kind::Ref], 100);
    let slots = [Some(inputs[0]), Some(inputs[1])];
    let snap = r
        .snapshot(&[FrameSpec {
            code: 1,
            pc: 0,
            slots: &slots,
        }])
        .unwrap();
    let one = r.const_int(1);
    assert_eq!(r.guard(OpCode::GuardTrue, &[one], snap), Ok(None));
    let cmp = r.record(OpCode::IntLt, &[inputs[0], one], None).unwrap();
    r.guard(OpCode::GuardFalse, &[cmp], snap).unwrap();
    r.guard(OpCode::GuardFalse, &[cmp], snap).unwrap();
    let seven = r.const_int(7);
    r.guard(OpCode::GuardValue, &[inputs[0], seven], snap)
        .unwrap();
    let x = r.record(OpCode::IntAdd, &[inputs[0], one], None).unwrap();
    assert_eq!(
        r.constant_of(x),
        Some(Value::Int(8)),
        "x is 7 after guard_value"
    );
    let p = r.record(OpCode::NewWithVtable, &[], Some(size)).unwrap();
    let cls = r.const_int(0x100);
    r.guard(OpCode::GuardClass, &[p, cls], snap).unwrap();
    r.guard(OpCode::GuardNonnull, &[p], snap).unwrap();
    let trace = r.finish(Some(x)).unwrap();
    let printed = text::print(&trace);
    assert_eq!(printed.matches("guard_").count(), 2, "{printed}");
}

#[test]
fn consecutive_guards_share_a_snapshot_and_parent_frames_are_shared() {
    let (mut r, inputs) = TraceRecorder::start_trace(&[Kind::Int, Kind::Int], 100);
    let outer = [Some(inputs[0])];
    let inner1 = [Some(inputs[1]), None];
    let s1 = r
        .snapshot(&[
            FrameSpec {
                code: 1,
                pc: 3,
                slots: &outer,
            },
            FrameSpec {
                code: 2,
                pc: 5,
                slots: &inner1,
            },
        ])
        .unwrap();
    r.guard(OpCode::GuardTrue, &[inputs[0]], s1).unwrap();
    let s1b = r
        .snapshot(&[
            FrameSpec {
                code: 1,
                pc: 3,
                slots: &outer,
            },
            FrameSpec {
                code: 2,
                pc: 5,
                slots: &inner1,
            },
        ])
        .unwrap();
    assert_eq!(s1, s1b);
    r.guard(OpCode::GuardTrue, &[inputs[1]], s1b).unwrap();
    let x = r
        .record(OpCode::IntAdd, &[inputs[0], inputs[1]], None)
        .unwrap();
    let inner2 = [Some(x), None];
    let s2 = r
        .snapshot(&[
            FrameSpec {
                code: 1,
                pc: 3,
                slots: &outer,
            },
            FrameSpec {
                code: 2,
                pc: 6,
                slots: &inner2,
            },
        ])
        .unwrap();
    assert_ne!(s1, s2);
    r.guard(OpCode::GuardFalse, &[x], s2).unwrap();
    let trace = r.finish(None).unwrap();
    let store = trace.resume();
    assert_eq!(store.num_snapshots(), 2);
    assert_eq!(store.num_frames(), 3, "the outer frame is stored once");
    assert_eq!(trace.failargs(3), &[inputs[0], x]);
    let printed = text::print(&trace);
    assert!(printed.contains("guard_true(i1) [r0]"), "{printed}");
}

#[test]
fn trace_limit_aborts_cleanly_and_stays_aborted() {
    let (mut r, inputs) = TraceRecorder::start_loop("L", &[Kind::Int], 4);
    let mut x = inputs[0];
    let mut result = Ok(x);
    for k in 0..10 {
        let c = r.const_int(k + 1);
        result = r.record(OpCode::IntAdd, &[x, c], None);
        match result {
            Ok(v) => x = v,
            Err(_) => break,
        }
    }
    assert_eq!(result, Err(RecordError::TooLong { limit: 4 }));
    let one = r.const_int(1);
    assert_eq!(
        r.record(OpCode::IntAdd, &[x, one], None),
        Err(RecordError::TooLong { limit: 4 })
    );
    assert!(matches!(
        r.close_loop(&[x]),
        Err(RecordError::TooLong { .. })
    ));
}

#[test]
fn invalid_requests_are_errors_not_panics() {
    let (mut r, inputs) = TraceRecorder::start_trace(&[Kind::Int, Kind::Float], 100);
    assert!(matches!(
        r.record(OpCode::IntAdd, &[inputs[0], inputs[1]], None),
        Err(RecordError::Invalid(_))
    ));
    assert!(matches!(
        r.record(OpCode::IntAdd, &[inputs[0]], None),
        Err(RecordError::Invalid(_))
    ));
    assert!(matches!(
        r.record(OpCode::GetfieldGcI, &[inputs[0]], None),
        Err(RecordError::Invalid(_))
    ));
    assert!(matches!(
        r.record(OpCode::GuardTrue, &[inputs[0]], None),
        Err(RecordError::Invalid(_))
    ));
    let bogus = tern_jit_ir::OpRef::value(99);
    assert!(matches!(
        r.record(OpCode::IntNeg, &[bogus], None),
        Err(RecordError::Invalid(_))
    ));
    let (r2, _) = TraceRecorder::start_trace(&[Kind::Int], 10);
    assert!(matches!(r2.close_loop(&[]), Err(RecordError::Invalid(_))));
}

#[test]
fn known_results_of_elidable_calls_on_constants_become_constants() {
    let call = build::call(
        "hash",
        &[Kind::Int],
        Kind::Int,
        tern_jit_ir::descr::EffectInfo::pure(),
    );
    let field = build::immutable_field("S.len", 16, Kind::Int);
    let (mut r, inputs) = TraceRecorder::start_trace(&[Kind::Int], 100);
    let (f, k) = (r.const_int(0x40), r.const_int(12));
    let h = r
        .record_known(
            OpCode::CallPureI,
            &[f, k],
            Some(call.clone()),
            Value::Int(99),
        )
        .unwrap();
    assert_eq!(r.constant_of(h), Some(Value::Int(99)));
    let h2 = r
        .record_known(
            OpCode::CallPureI,
            &[f, inputs[0]],
            Some(call),
            Value::Int(5),
        )
        .unwrap();
    assert_eq!(
        r.constant_of(h2),
        None,
        "a non-constant argument records the call"
    );
    let s = r.const_ref(0x5000);
    let len = r
        .record_known(OpCode::GetfieldGcI, &[s], Some(field), Value::Int(3))
        .unwrap();
    assert_eq!(r.constant_of(len), Some(Value::Int(3)));
}

/// A bridge started from a guard whose resume data has a virtual re-creates the object in
/// the bridge, and running the bridge gives the same state as rebuilding concretely.
#[test]
fn bridges_start_from_resume_data_with_virtuals() {
    let loop_text = "size Box: size=24 tid=1 vtable=0x100 refs=()
field Box.val: offset=16 size=8 kind=int signed
token L
[p0]
label(p0, descr=L)
i1 = getfield_gc_i(p0, descr=Box.val)
i2 = int_add(i1, 1)
p3 = new_with_vtable(descr=Box)
setfield_gc(p3, i2, descr=Box.val)
i5 = int_lt(i2, 10)
guard_true(i5) [r0: frame(7, 3; p3, i2)]
jump(p3, descr=L)
";
    let trace = opt::optimize(&text::parse(loop_text).unwrap()).unwrap();
    let guard = trace.guards().last().unwrap();
    let sid = trace.op(guard).snapshot().unwrap();
    assert!(
        !trace.resume().snapshot(sid).virtuals.is_empty(),
        "{}",
        text::print(&trace)
    );
    // Run the loop concretely to the failing guard.
    let mut heap = ModelHeap::new(4096);
    let size = trace
        .descrs()
        .iter()
        .find_map(|(_, d)| d.as_size().cloned())
        .unwrap();
    let b = heap.allocate(&size).unwrap();
    let f = Functions::new();
    let (guard_at, values) = {
        let mut env = Env::new(&mut heap, &f);
        match interp::run(&trace, &[Value::Ref(b)], &mut env).unwrap() {
            Outcome::GuardFailed { guard, values, .. } => (guard, values),
            other => panic!("{other:?}"),
        }
    };
    let concrete = resume::rebuild(&trace, guard_at, &values, &mut heap).unwrap();
    // The bridge: rebuild symbolically, then finish with the frame's values.
    let (rec, frames) = TraceRecorder::start_bridge(&trace, guard_at, 100).unwrap();
    assert_eq!((frames[0].code, frames[0].pc), (7, 3));
    let slots: Vec<_> = frames[0].slots.iter().map(|s| s.unwrap()).collect();
    let bridge = rec.finish(Some(slots[0])).unwrap();
    assert!(
        text::print(&bridge).contains("new_with_vtable"),
        "{}",
        text::print(&bridge)
    );
    let mut env = Env::new(&mut heap, &f);
    let Outcome::Finished(Some(Value::Ref(p))) = interp::run(&bridge, &values, &mut env).unwrap()
    else {
        panic!("the bridge finishes with the box");
    };
    let val = build::field("Box.val", 16, Kind::Int);
    let rebuilt = concrete[0].slots[0].unwrap();
    assert_eq!(
        heap.load_field(Value::Ref(p), val.as_field().unwrap()),
        heap.load_field(rebuilt, val.as_field().unwrap())
    );
}

mod common;

/// Replays a random trace through the recorder (which folds, reuses and skips as it
/// goes) and checks the recorded trace behaves like the original.
fn replay(trace: &tern_jit_ir::Trace) -> Result<tern_jit_ir::Trace, RecordError> {
    use std::collections::HashMap;
    use tern_jit_ir::OpRef;
    use tern_jit_ir::resume::ResumeValue;
    let kinds = trace.input_kinds().to_vec();
    let looping = trace.is_loop();
    let (mut r, inputs) = if looping {
        TraceRecorder::start_loop("L", &kinds, 100_000)
    } else {
        TraceRecorder::start_trace(&kinds, 100_000)
    };
    let mut map: HashMap<OpRef, OpRef> = trace.inputs().zip(inputs).collect();
    let get = |r: &mut TraceRecorder, map: &HashMap<OpRef, OpRef>, x: OpRef| {
        if x.is_const() {
            match trace.const_value(x) {
                Value::Int(v) => r.const_int(v),
                Value::Ref(v) => r.const_ref(v),
                Value::Float(v) => r.const_float(v),
            }
        } else {
            map[&x]
        }
    };
    for i in 0..trace.len() {
        let op = trace.op(i);
        let args: Vec<OpRef> = trace
            .args(op)
            .iter()
            .map(|&a| get(&mut r, &map, a))
            .collect();
        let result = trace.result_of(i);
        match op.opcode {
            OpCode::Label => {}
            OpCode::Jump => return r.close_loop(&args),
            OpCode::Finish => return r.finish(args.first().copied()),
            opcode if opcode.is_guard() => {
                let sid = op.snapshot().expect("generated guards have snapshots");
                let store = trace.resume();
                let frames: Vec<(u64, u64, Vec<Option<OpRef>>)> = store
                    .frame_chain(sid)
                    .into_iter()
                    .map(|f| {
                        let slots = store
                            .slots_of(f)
                            .iter()
                            .map(|&v| match v {
                                ResumeValue::Value(x) => Some(get(&mut r, &map, x)),
                                _ => None,
                            })
                            .collect();
                        (store.frame(f).code, store.frame(f).pc, slots)
                    })
                    .collect();
                let specs: Vec<FrameSpec<'_>> = frames
                    .iter()
                    .map(|(c, p, s)| FrameSpec {
                        code: *c,
                        pc: *p,
                        slots: s,
                    })
                    .collect();
                let snap = r.snapshot(&specs)?;
                if let Some(g) = r.guard(opcode, &args, snap)? {
                    map.insert(result, g);
                }
            }
            opcode => {
                let v = r.record(opcode, &args, trace.descr_of(op).cloned())?;
                map.insert(result, v);
            }
        }
    }
    unreachable!("traces end with jump or finish")
}

#[test]
fn recording_with_folding_preserves_behaviour() {
    use quickcheck::{QuickCheck, TestResult};
    fn prop(c: common::Case) -> TestResult {
        let case = c.generate();
        let recorded = match replay(&case.trace) {
            Ok(t) => t,
            Err(e) => return TestResult::error(format!("{e}\n{}", text::print(&case.trace))),
        };
        match common::equivalent(&case, &case.trace, &recorded) {
            Ok(true) => TestResult::passed(),
            Ok(false) => TestResult::discard(),
            Err(e) => TestResult::error(format!(
                "{e}\n--- original:\n{}--- recorded:\n{}",
                text::print(&case.trace),
                text::print(&recorded)
            )),
        }
    }
    QuickCheck::new()
        .tests(common::tests(200))
        .quickcheck(prop as fn(common::Case) -> TestResult);
}
