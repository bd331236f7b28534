//! Targeted code-generation cases the random suites reach rarely or not at all, each run
//! on the x86-64 backend and on the interpreting backend: division preconditions (an
//! error, never SIGFPE), saturating float-to-int conversions, 64-bit constants in every
//! operand position, more live values than registers, calls with stack arguments, frames
//! of different sizes meeting at jumps, `call_assembler` failures, invalidation with
//! bridges, freeing, and every `BackendError` the backend reports.

mod support;

use support::Both;
use tern_jit_ir::tracegen::InputSpec::{Float as F, Int as I, Object as O, RawAddr as Raw};
use tern_jit_ir::tracegen::ObjectSpec;
use tern_jit_ir::{Backend, BackendError, Exit, GuardId, TraceId, Value};

fn node(val: i64) -> ObjectSpec {
    ObjectSpec::Node {
        val,
        next: None,
        fl: 0.5,
        id: 7,
        small: -3,
        byte: 9,
    }
}

#[test]
fn division_checks_its_preconditions() {
    let mut both = Both::new(&[]);
    let k = both.compile(
        "[i0, i1]
i2 = int_div(i0, i1)
i3 = int_rem(i0, i1)
i4 = int_div(i0, -1)
i5 = int_rem(i0, -7)
i6 = int_div(i1, 3)
i7 = int_add(i2, i3)
i8 = int_add(i7, i4)
i9 = int_add(i8, i5)
i10 = int_add(i9, i6)
i11 = int_div(-5933359407013426809, 16)
i12 = int_rem(-5933359407013426809, i1)
i13 = int_div(i0, 4611686018427387904)
i14 = int_add(i10, i11)
i15 = int_add(i14, i12)
i16 = int_add(i15, i13)
finish(i16)
",
    );
    for (a, b) in [
        (17, 5),
        (-17, 5),
        (17, -5),
        (i64::MAX, -1),
        (i64::MIN + 1, -1),
        (0, 1),
    ] {
        both.check(k, &[I(a), I(b)]);
    }
    for (a, b, what) in [
        (5, 0, "division by zero"),
        (i64::MIN, -1, "overflow"),
        (i64::MIN, 3, "overflow"),
    ] {
        let (ra, rb) = both.run(k, &[I(a), I(b)]);
        assert!(ra.is_err(), "the reference fails on {a} / {b}");
        match rb {
            Err(BackendError::Execution(m)) => assert!(m.contains(what), "{m}"),
            other => panic!("{a} / {b}: expected an execution error, got {other:?}"),
        }
    }
    // A constant zero divisor: compiled, and an error when reached.
    let k = both.compile("[i0]\ni1 = int_rem(i0, 0)\nfinish(i1)\n");
    let (_, rb) = both.run(k, &[I(4)]);
    assert!(matches!(rb, Err(BackendError::Execution(m)) if m.contains("zero")));
}

#[test]
fn float_to_int_saturates_and_maps_nan_to_zero() {
    let mut both = Both::new(&[]);
    let k = both.compile(
        "[f0]
i1 = cast_float_to_int(f0)
f2 = cast_int_to_float(i1)
i3 = float_eq(f0, f0)
i4 = float_ne(f0, 0.0)
i5 = int_add(i3, i4)
guard_true(i5) [r0: frame(1, 1; i1, f2)]
guard_false(i1) [r1: frame(1, 2; i1, f2, i5)]
finish(f2)
",
    );
    for v in [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e19,
        -1e19,
        9.3e18,
        i64::MIN as f64,
        -0.5,
        0.0,
        -0.0,
        123.99,
        -123.99,
    ] {
        both.check(k, &[F(v)]);
    }
}

#[test]
fn constants_of_64_bits_in_every_position() {
    let big = 0x1234_5678_9abc_def0i64;
    let mut both = Both::new(&[
        node(1),
        ObjectSpec::IntArr(vec![0; 6]),
        ObjectSpec::Raw(vec![0; 8]),
    ]);
    let k = both.compile(&format!(
        "[p0, p1, i2, i3]
setfield_gc(p0, {big}, descr=Node.val)
setfield_gc(p0, {big}, descr=Node.small)
setfield_gc(p0, -1, descr=Node.byte)
setarrayitem_gc(p1, 2, {big}, descr=IntArr)
setarrayitem_gc(p1, i3, -{big}, descr=IntArr)
setfield_raw(i2, {big}, descr=Raw.a)
setfield_raw(i2, 2.5e300, descr=Raw.f)
i4 = int_add(i3, {big})
i5 = int_mul(i4, {big})
i6 = int_and(i5, -{big})
i7 = int_lt(i6, {big})
i8 = uint_gt(i6, -{big})
i9 = int_add(i7, i8)
i10 = int_xor(i9, i6)
guard_value(i3, 1) [r0: frame(1, 1; i10)]
i11 = int_eq(i10, {big})
guard_false(i11) [r1: frame(1, 2; i10, i4)]
f12 = float_add(-1.0e-300, 3.5)
setarrayitem_raw(i2, 3, {big}, descr=RawI32)
finish(i10)
"
    ));
    both.check(k, &[O(0), O(1), Raw(2), I(1)]);
    both.check(k, &[O(0), O(1), Raw(2), I(3)]);
}

#[test]
fn more_live_values_than_registers() {
    // 16 ints, 18 floats and 3 refs carried around a loop: inputs, label arguments and
    // failargs in slots as well as registers; a bridge starts from that state.
    let n_int = 16;
    let n_float = 18;
    let mut inputs = Vec::new();
    let mut body = String::new();
    let mut jump = Vec::new();
    for i in 0..n_int {
        inputs.push(format!("i{i}"));
    }
    for i in 0..n_float {
        inputs.push(format!("f{}", 100 + i));
    }
    inputs.extend(["p200".into(), "p201".into(), "p202".into()]);
    for i in 0..n_int {
        let next = (i + 1) % n_int;
        body += &format!("i{} = int_add(i{i}, i{next})\n", 300 + i);
        jump.push(format!("i{}", 300 + i));
    }
    for i in 0..n_float {
        body += &format!("f{} = float_mul(f{}, 1.5)\n", 400 + i, 100 + i);
        jump.push(format!("f{}", 400 + i));
    }
    body += "i500 = getfield_gc_i(p200, descr=Node.val)\n";
    body += "i501 = int_add(i500, i0)\nsetfield_gc(p201, i501, descr=Node.val)\n";
    jump.extend(["p201".into(), "p202".into(), "p200".into()]);
    let all = jump.join(", ");
    let src = format!(
        "token L0
[{ins}]
label({ins}, descr=L0)
{body}i502 = int_lt(i300, 1000000)
guard_true(i502) [r0: frame(1, 1; {all})]
jump({all}, descr=L0)
",
        ins = inputs.join(", ")
    );
    let mut both = Both::new(&[node(1), node(2), node(3)]);
    let k = both.compile(&src);
    let mut specs: Vec<_> = (0..n_int).map(|i| I(i as i64 + 1)).collect();
    specs.extend((0..n_float).map(|i| F(i as f64 * 0.25 - 1.0)));
    specs.extend([O(0), O(1), O(2)]);
    let exit = both.check(k, &specs);
    // The bridge receives all 37 values (registers and slots) and folds them into one.
    let mut src = String::from("[");
    src += &(0..n_int)
        .map(|i| format!("i{i}"))
        .chain((0..n_float).map(|i| format!("f{}", 100 + i)))
        .chain(["p200".into(), "p201".into(), "p202".into()])
        .collect::<Vec<_>>()
        .join(", ");
    src += "]\n";
    let mut acc = "i0".to_string();
    for i in 1..n_int {
        src += &format!("i{} = int_xor({acc}, i{i})\n", 600 + i);
        acc = format!("i{}", 600 + i);
    }
    for i in 0..n_float {
        src += &format!("i{} = cast_float_to_int(f{})\n", 700 + i, 100 + i);
        src += &format!("i{} = int_add({acc}, i{})\n", 800 + i, 700 + i);
        acc = format!("i{}", 800 + i);
    }
    src += &format!(
        "i900 = getfield_gc_i(p202, descr=Node.val)\ni901 = int_add({acc}, i900)\nfinish(i901)\n"
    );
    both.bridge(&exit, &src);
    both.check(k, &specs);
}

#[test]
fn calls_with_stack_arguments_and_narrow_results() {
    let mut both = Both::new(&[node(3)]);
    let k = both.compile(
        "[i0, f1, p2]
i3 = call_i({sum8}, i0, 2, i0, 4, i0, 6, i0, 8, descr=f_sum8)
f4 = call_f({mixed}, f1, i3, f1, i0, 0.25, descr=f_mixed)
i5 = call_i({small}, i3, descr=f_small)
i6 = call_i({read}, p2, descr=f_read)
i7 = int_add(i5, i6)
i8 = cast_float_to_int(f4)
i9 = int_add(i7, i8)
finish(i9)
",
    );
    for v in [0, 1, -7, 1 << 33, i64::MIN] {
        both.check(k, &[I(v), F(v as f64 * 0.5), O(0)]);
    }
}

#[test]
fn bridges_with_bigger_frames_and_jumps_between_loops() {
    let mut both = Both::new(&[]);
    let other = both.compile(
        "token L9
[i0, i1]
label(i0, i1, descr=L9)
i2 = int_add(i1, i0)
i3 = int_sub(i0, 1)
i4 = int_gt(i3, 0)
guard_true(i4) [r0: frame(1, 1; i3, i2)]
jump(i3, i2, descr=L9)
",
    );
    both.check(other, &[I(5), I(0)]);
    let main = both.compile(
        "token L0
[i0, i1]
label(i0, i1, descr=L0)
i2 = int_mul(i1, 3)
i3 = int_and(i0, 7)
guard_true(i3) [r0: frame(1, 1; i0, i2)]
i5 = int_sub(i0, 1)
jump(i5, i2, descr=L0)
",
    );
    let exit = both.check(main, &[I(21), I(1)]);
    // The bridge needs many slots (its frame is bigger than the loop's) and continues
    // in the other loop.
    let mut body = String::new();
    let mut acc = "i1".to_string();
    for n in 0..40 {
        body += &format!("i{} = int_add(i0, {n})\n", 100 + n);
    }
    for n in 0..40 {
        body += &format!("i{} = int_xor({acc}, i{})\n", 200 + n, 100 + n);
        acc = format!("i{}", 200 + n);
    }
    let src = format!("[i0, i1]\n{body}i300 = int_and({acc}, 255)\njump(6, i300, descr=L9)\n");
    both.bridge(&exit, &src);
    for v in [21, 8, 3] {
        both.check(main, &[I(v), I(1)]);
    }
    // The other loop cannot be freed while the bridge jumps into it.
    let (_, other_id, _) = both.traces[other];
    assert_eq!(both.x86.free(other_id), Err(BackendError::InUse(other_id)));
    let (_, main_id, _) = both.traces[main];
    both.x86.free(main_id).unwrap();
    both.x86.free(other_id).unwrap();
    assert!(matches!(
        both.x86.execute(main_id, &[Value::Int(1), Value::Int(1)]),
        Err(BackendError::UnknownTrace(_))
    ));
}

#[test]
fn invalidation_reaches_bridges_and_attached_guards() {
    let mut both = Both::new(&[]);
    let k = both.compile(
        "token L0
[i0]
label(i0, descr=L0)
guard_not_invalidated() [r0: frame(1, 1; i0)]
i2 = int_and(i0, 1)
guard_false(i2) [r1: frame(1, 2; i0)]
i4 = int_sub(i0, 2)
i5 = int_gt(i4, 0)
guard_true(i5) [r2: frame(1, 3; i4)]
jump(i4, descr=L0)
",
    );
    let exit = both.check(k, &[I(9)]);
    // The odd-number guard gets a bridge with its own guard_not_invalidated.
    both.bridge(
        &exit,
        "[i0]
guard_not_invalidated() [r0: frame(1, 9; i0)]
i2 = int_sub(i0, 1)
jump(i2, descr=L0)
",
    );
    both.check(k, &[I(9)]);
    let (ia, ib, _) = both.traces[k];
    both.reference.invalidate(ia).unwrap();
    both.x86.invalidate(ib).unwrap();
    let exit = both.check(k, &[I(9)]);
    assert!(matches!(exit, Exit::GuardFailed { guard, .. } if guard.op == 1));
    // A bridge attached to the invalidated guard runs from then on.
    let (_, _) = both.run(k, &[I(8)]);
    both.bridge(&exit, "[i0]\ni1 = int_mul(i0, 10)\nfinish(i1)\n");
    let out = both.check(k, &[I(8)]);
    assert_eq!(out, Exit::Finished(Some(Value::Int(80))));
    // Invalidating twice is harmless.
    both.x86.invalidate(ib).unwrap();
    assert_eq!(both.x86.execute(ib, &[Value::Int(8)]), Ok(out));
}

#[test]
fn call_assembler_failures_are_errors() {
    let mut both = Both::new(&[]);
    both.compile(
        "token Callee
[i0]
label(i0, descr=Callee)
guard_true(i0) [r0: frame(1, 1; i0)]
i2 = int_mul(i0, 3)
finish(i2)
",
    );
    let caller = both.compile(
        "[i0]
i1 = call_assembler_i(i0, descr=Callee)
i2 = int_add(i1, 1)
finish(i2)
",
    );
    assert_eq!(
        both.check(caller, &[I(4)]),
        Exit::Finished(Some(Value::Int(13)))
    );
    // The callee leaves through its guard and no helper is set: an execution error.
    let (ra, rb) = both.run(caller, &[I(0)]);
    assert!(ra.is_err());
    match rb {
        Err(BackendError::Execution(m)) => assert!(m.contains("call_assembler"), "{m}"),
        other => panic!("expected an execution error, got {other:?}"),
    }
    // With a helper, its value is the call's result.
    both.x86.set_assembler_helper(Box::new(|exit| match exit {
        Exit::GuardFailed { values, .. } => Ok(Some(Value::Int(values[0].as_int().unwrap() - 100))),
        _ => Err("unexpected".into()),
    }));
    let (_, b, _) = both.traces[caller];
    assert_eq!(
        both.x86.execute(b, &[Value::Int(0)]),
        Ok(Exit::Finished(Some(Value::Int(-99))))
    );
}

#[test]
fn executing_a_bridge_directly() {
    let mut both = Both::new(&[]);
    let k = both.compile(
        "[i0, f1]
i2 = int_lt(i0, 10)
guard_true(i2) [r0: frame(1, 1; f1, i0)]
finish(i0)
",
    );
    let exit = both.check(k, &[I(50), F(2.5)]);
    let b = both.bridge(
        &exit,
        "[f0, i1]\nf2 = float_mul(f0, 4.0)\ni3 = cast_float_to_int(f2)\ni4 = int_add(i3, i1)\nfinish(i4)\n",
    );
    assert_eq!(
        both.check(b, &[F(1.25), I(2)]),
        Exit::Finished(Some(Value::Int(7)))
    );
    assert_eq!(
        both.check(k, &[I(50), F(2.5)]),
        Exit::Finished(Some(Value::Int(60)))
    );
}

#[test]
fn backend_errors_are_reported_not_panics() {
    let mut both = Both::new(&[]);
    let k = both
        .compile("[i0]\ni1 = int_lt(i0, 3)\nguard_true(i1) [r0: frame(1, 1; i0)]\nfinish(i0)\n");
    let (_, id, _) = both.traces[k];
    let x86 = &mut both.x86;
    assert!(matches!(
        x86.execute(id, &[Value::Float(1.0)]),
        Err(BackendError::BadInputs(_))
    ));
    assert!(matches!(
        x86.execute(id, &[]),
        Err(BackendError::BadInputs(_))
    ));
    assert_eq!(
        x86.execute(TraceId(77), &[]),
        Err(BackendError::UnknownTrace(TraceId(77)))
    );
    let t = both.parse("[i0]\nfinish(i0)\n");
    let x86 = &mut both.x86;
    let not_guard = GuardId { trace: id, op: 0 };
    assert_eq!(
        x86.compile_bridge(not_guard, &t),
        Err(BackendError::NotAGuard(not_guard))
    );
    let guard = GuardId { trace: id, op: 1 };
    let wrong = both.parse("[f0]\nfinish(f0)\n");
    assert!(matches!(
        both.x86.compile_bridge(guard, &wrong),
        Err(BackendError::BridgeMismatch(_))
    ));
    let b = both.x86.compile_bridge(guard, &t).unwrap();
    assert_eq!(
        both.x86.compile_bridge(guard, &t),
        Err(BackendError::AlreadyAttached(guard))
    );
    assert!(matches!(
        both.x86.free(b),
        Err(BackendError::InvalidTrace(_))
    ));
    let escape = both.parse("[i0]\nescape_n(i0)\nfinish()\n");
    assert!(matches!(
        both.x86.compile_loop(&escape),
        Err(BackendError::Unsupported(_))
    ));
    let unknown =
        tern_jit_ir::text::parse("token Nowhere\n[i0]\njump(i0, descr=Nowhere)\n").unwrap();
    assert!(matches!(
        both.x86.compile_loop(&unknown),
        Err(BackendError::UnknownTarget(_))
    ));
    let mut b = tern_jit_ir::TraceBuilder::new(&[tern_jit_ir::Kind::Int]);
    let x = b.input(0);
    let r = b.emit(tern_jit_ir::OpCode::IntAddOvf, &[x, x], None);
    b.emit(tern_jit_ir::OpCode::Finish, &[r], None);
    let bad = b.finish();
    assert!(matches!(
        both.x86.compile_loop(&bad),
        Err(BackendError::InvalidTrace(_))
    ));
    assert_eq!(both.x86.name(), "x86-64");
    assert!(both.x86.stats().compiled >= 2);
}
