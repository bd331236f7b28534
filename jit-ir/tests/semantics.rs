//! The reference semantics (the IR interpreter) on edge cases, resume data rebuilding,
//! and the text format's errors and declarations.

use tern_jit_ir::heap::{Memory, ModelHeap, Trap};
use tern_jit_ir::interp::{self, Env, Functions, InterpError, Outcome};
use tern_jit_ir::resume;
use tern_jit_ir::text::{parse, print};
use tern_jit_ir::{Kind, Value};

fn run(text: &str, inputs: &[Value]) -> Result<Outcome, InterpError> {
    let t = parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let mut heap = ModelHeap::new(1024);
    let f = Functions::new();
    let mut env = Env::new(&mut heap, &f);
    interp::run(&t, inputs, &mut env)
}

fn eval(op: &str, a: Value, b: Option<Value>) -> Value {
    let (names, args) = match b {
        Some(b) => (
            format!("[{}0, {}1]", a.kind().letter(), b.kind().letter()),
            format!("{}0, {}1", a.kind().letter(), b.kind().letter()),
        ),
        None => (
            format!("[{}0]", a.kind().letter()),
            format!("{}0", a.kind().letter()),
        ),
    };
    let kind = tern_jit_ir::OpCode::from_name(op).unwrap().result_kind();
    let text = format!(
        "{names}\n{}9 = {op}({args})\nfinish({}9)",
        kind.letter(),
        kind.letter()
    );
    let inputs: Vec<Value> = [Some(a), b].into_iter().flatten().collect();
    match run(&text, &inputs).unwrap() {
        Outcome::Finished(Some(v)) => v,
        other => panic!("{other:?}"),
    }
}

#[test]
fn integer_edge_cases() {
    use Value::Int as I;
    assert_eq!(
        eval("int_lshift", I(1), Some(I(64))),
        I(1),
        "shift counts are taken modulo 64"
    );
    assert_eq!(eval("int_lshift", I(1), Some(I(-1))), I(i64::MIN));
    assert_eq!(eval("int_rshift", I(-16), Some(I(2))), I(-4));
    assert_eq!(eval("uint_rshift", I(-16), Some(I(60))), I(15));
    assert_eq!(
        eval("int_div", I(-7), Some(I(2))),
        I(-3),
        "truncates toward zero"
    );
    assert_eq!(
        eval("int_rem", I(-7), Some(I(2))),
        I(-1),
        "sign of the dividend"
    );
    assert_eq!(eval("int_mul", I(i64::MAX), Some(I(2))), I(-2), "wraps");
    assert_eq!(eval("int_neg", I(i64::MIN), None), I(i64::MIN));
    assert_eq!(eval("uint_lt", I(-1), Some(I(1))), I(0));
    assert_eq!(eval("int_lt", I(-1), Some(I(1))), I(1));
    let div0 = run("[i0]\ni1 = int_div(i0, 0)\nfinish(i1)", &[I(1)]);
    assert!(
        matches!(div0, Err(InterpError::Arithmetic { op: 0, .. })),
        "{div0:?}"
    );
    let ovf = run("[i0]\ni1 = int_div(i0, -1)\nfinish(i1)", &[I(i64::MIN)]);
    assert!(matches!(ovf, Err(InterpError::Arithmetic { .. })));
}

#[test]
fn float_edge_cases() {
    use Value::{Float as F, Int as I};
    assert_eq!(
        eval("cast_float_to_int", F(1e300), None),
        I(i64::MAX),
        "saturates"
    );
    assert_eq!(eval("cast_float_to_int", F(-1e300), None), I(i64::MIN));
    assert_eq!(eval("cast_float_to_int", F(f64::NAN), None), I(0));
    assert_eq!(eval("cast_float_to_int", F(-2.9), None), I(-2));
    assert_eq!(eval("float_lt", F(f64::NAN), Some(F(1.0))), I(0));
    assert_eq!(eval("float_ne", F(f64::NAN), Some(F(f64::NAN))), I(1));
    assert_eq!(eval("float_abs", F(-0.0), None), F(0.0));
    assert_eq!(eval("float_neg", F(0.0), None), F(-0.0));
}

#[test]
fn memory_preconditions_are_errors() {
    let text = "field F: offset=16 size=8 kind=int signed\n[p0]\ni1 = getfield_gc_i(p0, descr=F)\nfinish(i1)";
    assert!(matches!(
        run(text, &[Value::Ref(0)]),
        Err(InterpError::Trap {
            trap: Trap::Null,
            ..
        })
    ));
    assert!(matches!(
        run(text, &[Value::Ref(0x1000)]),
        Err(InterpError::Trap {
            trap: Trap::BadAddress { .. },
            ..
        })
    ));
    let class = "[p0]\nguard_class(p0, 1) [r0: frame(1, 1; p0)]\nfinish()";
    assert!(matches!(
        run(class, &[Value::Ref(0)]),
        Err(InterpError::Trap {
            trap: Trap::Null,
            ..
        })
    ));
    let call = "call f: args=() result=int effects=() reads=() writes=()\n[]\ni0 = call_i(5, descr=f)\nfinish(i0)";
    assert!(matches!(
        run(call, &[]),
        Err(InterpError::UnknownFunction { addr: 5, .. })
    ));
    assert!(matches!(
        run("[i0]\nfinish(i0)", &[Value::Float(1.0)]),
        Err(InterpError::BadInputs(_))
    ));
}

#[test]
fn narrow_call_results_and_raising_calls() {
    let text = "call small: args=(int) result=int result_size=1 unsigned effects=(raise) reads=() writes=()
[i0]
i1 = call_i(9, i0, descr=small)
guard_no_exception() [r0: frame(1, 1; i0)]
finish(i1)";
    let t = parse(text).unwrap();
    let mut heap = ModelHeap::new(64);
    let mut f = Functions::new();
    f.register(9, |ctx, a| {
        if a[0] == Value::Int(0) {
            ctx.raise(0x50, 0x60);
        }
        Ok(Some(Value::Int(a[0].as_int().unwrap() * 1000)))
    });
    let mut env = Env::new(&mut heap, &f);
    assert_eq!(
        interp::run(&t, &[Value::Int(3)], &mut env).unwrap(),
        Outcome::Finished(Some(Value::Int(3000 & 0xff)))
    );
    let Outcome::GuardFailed { exception, .. } =
        interp::run(&t, &[Value::Int(0)], &mut env).unwrap()
    else {
        panic!()
    };
    assert_eq!(exception.map(|e| (e.class, e.value)), Some((0x50, 0x60)));
}

#[test]
fn rebuilding_cyclic_virtuals_and_pending_writes() {
    let text = "size N: size=32 tid=1 refs=(24)
field N.val: offset=16 size=8 kind=int signed
field N.next: offset=24 size=8 kind=ref signed
[i0, p1]
guard_true(i0) [r0: frame(1, 2; v0, i0), frame(3, 4; p1, _), v0 = new(N; N.val=i0, N.next=v1), v1 = new(N; N.next=v0), pending(p1, N.val, 77)]
finish()";
    let t = parse(text).unwrap();
    let mut heap = ModelHeap::new(1024);
    let n = t
        .descrs()
        .iter()
        .find_map(|(_, d)| d.as_size().cloned())
        .unwrap();
    let p1 = heap.allocate(&n).unwrap();
    let f = Functions::new();
    let mut env = Env::new(&mut heap, &f);
    let Outcome::GuardFailed { guard, values, .. } =
        interp::run(&t, &[Value::Int(0), Value::Ref(p1)], &mut env).unwrap()
    else {
        panic!()
    };
    assert_eq!(t.failargs(guard).len(), 2);
    let frames = resume::rebuild(&t, guard, &values, &mut heap).unwrap();
    assert_eq!(
        (frames[0].code, frames[0].pc, frames[1].code, frames[1].pc),
        (1, 2, 3, 4)
    );
    assert_eq!(frames[1].slots, vec![Some(Value::Ref(p1)), None]);
    let v0 = frames[0].slots[0].unwrap();
    let next = t
        .descrs()
        .iter()
        .find_map(|(_, d)| d.as_field().filter(|f| f.name == "N.next").cloned())
        .unwrap();
    let val = t
        .descrs()
        .iter()
        .find_map(|(_, d)| d.as_field().filter(|f| f.name == "N.val").cloned())
        .unwrap();
    let v1 = heap.load_field(v0, &next).unwrap();
    assert_eq!(
        heap.load_field(v1, &next).unwrap(),
        v0,
        "the cycle is rebuilt"
    );
    assert_eq!(
        heap.load_field(Value::Ref(p1), &val).unwrap(),
        Value::Int(77),
        "the pending write happened"
    );
    assert!(resume::rebuild(&t, guard, &values[..1], &mut heap).is_err());
    assert!(resume::rebuild(&t, 1, &values, &mut heap).is_err());
}

#[test]
fn declarations_round_trip_with_every_attribute() {
    let text = "field A.x: offset=-8 size=2 kind=int unsigned immutable
array Arr: base=24 item=4 kind=float signed len=16 tid=9
size S: size=48 tid=3 vtable=0xbeef refs=(16, 40)
call c: args=(int, ref, float) result=int result_size=4 unsigned effects=(raise, collect, elidable) reads=(A.x) writes=()
token T
[i0]
finish(i0)
";
    assert!(parse(text).is_err(), "4-byte float arrays are rejected");
    let text = text.replace("item=4 kind=float", "item=4 kind=int");
    let t = parse(&text).unwrap();
    assert_eq!(print(&t), text);
}

#[test]
fn parse_errors_point_at_the_problem() {
    let cases = [
        (
            "[i0]\ni1 = int_add(i0, 1, 2)\nfinish(i1)",
            "2:1: int_add needs 2 arguments, got 3",
        ),
        (
            "[i0]\nint_add(i0, 1)\nfinish()",
            "2:1: int_add produces a value: name it (`x = int_add(...)`)",
        ),
        (
            "[i0]\ni1 = guard_true(i0)\nfinish()",
            "2:1: guard_true produces no value",
        ),
        (
            "[i0]\ni1 = int_add(i0, 1) [r0: frame(1, 1; i0)]\nfinish(i1)",
            "2:21: int_add is not a guard: no resume data",
        ),
        (
            "[i0]\ni1 = getfield_gc_i(i0)\nfinish(i1)",
            "2:6: getfield_gc_i needs `descr=...`",
        ),
        (
            "[i0]\ni1 = int_add(i0, descr=X)\nfinish(i1)",
            "2:24: unknown descriptor `X`",
        ),
        (
            "[i0]\ni1 = int_add(i0, 99999999999999999999)\nfinish(i1)",
            "2:18: integer 99999999999999999999 does not fit in 64 bits",
        ),
        (
            "[i0]\ni0 = int_add(i0, 1)\nfinish(i0)",
            "2:1: `i0` is defined twice",
        ),
        (
            "[i0]\nguard_true(i0) [r0: frame(1, 1; i0), frame(2)]\nfinish()",
            "2:45: expected `,`, found `)`",
        ),
        (
            "[i0]\ni1 = int_add(i0, @)\nfinish(i1)",
            "2:18: unexpected character `@`",
        ),
        (
            "size S: size=12 tid=1\n[]\nfinish()",
            "1:6: S: size 12 is not a positive multiple of 8",
        ),
        (
            "call c: args=(int, void) result=int\n[]\nfinish()",
            "1:20: `args`: `void` is not an argument kind (int, ref, float)",
        ),
        ("[i0]\njump(i0)", "2:1: jump needs `descr=...`"),
        (
            "token T\n[i0]\nlabel(i0, i0, descr=T)\nfinish()",
            "3:1: label arguments must be distinct",
        ),
        (
            "[p0]\ni1 = int_add(p0, 1)\nfinish(i1)",
            "2:1: argument 0 of int_add has kind ref, expected Int",
        ),
    ];
    for (text, expected) in cases {
        let got = parse(text).map(|_| ()).unwrap_err().to_string();
        assert_eq!(got, expected, "for:\n{text}");
    }
}

#[test]
fn ill_formed_traces_are_errors_everywhere() {
    use tern_jit_ir::{OpCode, TraceBuilder, opt};
    let mut b = TraceBuilder::new(&[Kind::Ref]);
    let p = b.input(0);
    let one = b.const_int(1);
    let bad = b.emit(OpCode::IntAdd, &[p, one], None);
    b.emit(OpCode::Finish, &[bad], None);
    let t = b.finish();
    let err = opt::optimize(&t).unwrap_err();
    assert!(
        err.pass.is_none() && err.to_string().contains("argument 0 of int_add"),
        "{err}"
    );
    let mut heap = ModelHeap::new(64);
    let f = Functions::new();
    let mut env = Env::new(&mut heap, &f);
    assert!(matches!(
        interp::run(&t, &[Value::Ref(0)], &mut env),
        Err(InterpError::Malformed { .. })
    ));
    let mut backend = tern_jit_ir::InterpBackend::new(ModelHeap::new(64), Functions::new());
    use tern_jit_ir::Backend;
    assert!(matches!(
        backend.compile_loop(&t),
        Err(tern_jit_ir::BackendError::InvalidTrace(_))
    ));
}
