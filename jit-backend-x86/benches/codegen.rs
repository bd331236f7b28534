//! Code generation benchmarks.
//!
//! - `compile/*`: compile speed of the x86-64 backend (verify, generate, assemble, install
//!   as executable code, register exits and labels) on random recorded loops of about
//!   100, 1000 and 10 000 IR ops, against `Trace::verify` on the same trace (the one pass
//!   over the trace every backend starts with) as the reference. Every iteration gets a
//!   fresh backend, made (and dropped) outside the timed part.
//! - `loops/*`: quality of code. Three loops go through the whole pipeline (trace text as
//!   a tracing JIT records it -> `opt::optimize` -> compile -> execute) and run against the
//!   same loop written in Rust and compiled by rustc, with `black_box` on inputs and
//!   outputs and the same overflow checks the traces have (rustc compiles them to a
//!   scalar loop; it can neither vectorize nor close-form a loop with an overflow exit).
//!   Both sides must compute the same result (checked before timing).
//!
//! `cargo bench -p tern-jit-backend-x86 --bench codegen -- --warm-up-time 1 --measurement-time 2`

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tern_jit_backend_x86::X86Backend;
use tern_jit_ir::conformance::native;
use tern_jit_ir::heap::{Memory, ModelHeap};
use tern_jit_ir::tracegen::{self, GenConfig};
use tern_jit_ir::{Backend, Exit, Trace, TraceId, Value, opt, text};

fn backend(heap: &ModelHeap) -> X86Backend {
    X86Backend::new(native::backend_config(heap)).expect("a code arena")
}

/// A random recorded loop of about `ops` operations.
fn random_trace(ops: usize) -> Trace {
    let world = native::native_world();
    let mut steps = ops / 2;
    loop {
        let config = GenConfig {
            steps,
            make_loop: true,
            allow_escape: false,
            allow_force: false,
            ..GenConfig::default()
        };
        let t = tracegen::generate_in(42, &config, world.clone()).trace;
        if t.len() >= ops {
            return t;
        }
        steps += steps / 4 + 1;
    }
}

fn compile_speed(c: &mut Criterion) {
    let mut g = c.benchmark_group("compile");
    for n in [100, 1000, 10_000] {
        let t = random_trace(n);
        let heap = ModelHeap::new(4096);
        g.throughput(Throughput::Elements(t.len() as u64));
        g.bench_with_input(BenchmarkId::new("x86", n), &t, |bench, t| {
            bench.iter_batched_ref(
                || backend(&heap),
                |b| b.compile_loop(black_box(t)).expect("compiles"),
                BatchSize::SmallInput,
            )
        });
        g.bench_with_input(BenchmarkId::new("verify", n), &t, |bench, t| {
            bench.iter(|| black_box(t).verify().expect("valid"))
        });
    }
    g.finish();
}

/// Parses and optimizes a loop, compiles it; returns the backend and the trace id.
fn pipeline(src: &str, heap: &ModelHeap) -> (X86Backend, TraceId) {
    let t = text::parse(src).expect("valid trace");
    let t = opt::optimize(&t).expect("optimizes");
    let mut b = backend(heap);
    let id = b.compile_loop(&t).expect("compiles");
    (b, id)
}

/// The value of failarg `k` of a guard exit.
fn failarg(exit: Exit, k: usize) -> Value {
    match exit {
        Exit::GuardFailed { values, .. } => values[k],
        other => panic!("expected the loop to leave through a guard, got {other:?}"),
    }
}

/// `while i < n: s += i; i += 1` with overflow-checked ints.
const INT_SUM: &str = "token L0
[i0, i1, i2]
label(i0, i1, i2, descr=L0)
i3 = int_lt(i0, i2)
guard_true(i3) [r0: frame(1, 1; i0, i1, i2)]
i4 = int_add_ovf(i1, i0)
guard_no_overflow() [r1: frame(1, 2; i0, i1, i2)]
i5 = int_add_ovf(i0, 1)
guard_no_overflow() [r2: frame(1, 3; i0, i4, i2)]
jump(i5, i4, i2, descr=L0)
";

#[inline(never)]
fn rust_int_sum(n: i64) -> i64 {
    let (mut i, mut s) = (0i64, 0i64);
    while i < n {
        s = match s.checked_add(i) {
            Some(v) => v,
            None => return -1,
        };
        i = match i.checked_add(1) {
            Some(v) => v,
            None => return -1,
        };
    }
    s
}

/// `while i < len(a): s += a[i]; i += 1` over an int array.
const ARRAY_WALK: &str = "array IntArr: base=16 item=8 kind=int signed len=8 tid=4
token L0
[i0, i1, p2]
label(i0, i1, p2, descr=L0)
i3 = arraylen_gc(p2, descr=IntArr)
i4 = int_lt(i0, i3)
guard_true(i4) [r0: frame(1, 1; i0, i1, p2)]
i5 = getarrayitem_gc_i(p2, i0, descr=IntArr)
i6 = int_add_ovf(i1, i5)
guard_no_overflow() [r1: frame(1, 2; i0, i1, p2)]
i7 = int_add_ovf(i0, 1)
guard_no_overflow() [r2: frame(1, 3; i0, i6, p2)]
jump(i7, i6, p2, descr=L0)
";

#[inline(never)]
fn rust_array_walk(a: &[i64]) -> i64 {
    let (mut i, mut s) = (0usize, 0i64);
    while i < a.len() {
        s = match s.checked_add(a[i]) {
            Some(v) => v,
            None => return -1,
        };
        i += 1;
    }
    s
}

/// Two bodies attracting each other (an n-body step without the square root, which the
/// IR has no op for): positions and velocities are float locals of the loop.
const NBODY: &str = "token L0
[i0, i1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13]
label(i0, i1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, descr=L0)
i14 = int_lt(i0, i1)
guard_true(i14) [r0: frame(1, 1; i0, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13)]
f20 = float_sub(f2, f8)
f21 = float_sub(f3, f9)
f22 = float_sub(f4, f10)
f23 = float_mul(f20, f20)
f24 = float_mul(f21, f21)
f25 = float_mul(f22, f22)
f26 = float_add(f23, f24)
f27 = float_add(f26, f25)
f28 = float_add(f27, 0.01)
f29 = float_mul(f28, f28)
f30 = float_truediv(0.01, f29)
f31 = float_mul(f30, 0.5)
f32 = float_mul(f20, f31)
f33 = float_mul(f21, f31)
f34 = float_mul(f22, f31)
f35 = float_sub(f5, f32)
f36 = float_sub(f6, f33)
f37 = float_sub(f7, f34)
f38 = float_mul(f20, f30)
f39 = float_mul(f21, f30)
f40 = float_mul(f22, f30)
f41 = float_add(f11, f38)
f42 = float_add(f12, f39)
f43 = float_add(f13, f40)
f44 = float_mul(f35, 0.01)
f45 = float_mul(f36, 0.01)
f46 = float_mul(f37, 0.01)
f47 = float_add(f2, f44)
f48 = float_add(f3, f45)
f49 = float_add(f4, f46)
f50 = float_mul(f41, 0.01)
f51 = float_mul(f42, 0.01)
f52 = float_mul(f43, 0.01)
f53 = float_add(f8, f50)
f54 = float_add(f9, f51)
f55 = float_add(f10, f52)
i56 = int_add_ovf(i0, 1)
guard_no_overflow() [r1: frame(1, 2; i0, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13)]
jump(i56, i1, f47, f48, f49, f35, f36, f37, f53, f54, f55, f41, f42, f43, descr=L0)
";

/// The n-body state: x, y, z, vx, vy, vz of two bodies.
type Bodies = [f64; 12];

const START: Bodies = [0.0, 0.0, 0.0, 0.0, 0.1, 0.0, 1.0, 0.0, 0.5, 0.0, -0.2, 0.05];

#[inline(never)]
fn rust_nbody(n: i64, b: Bodies) -> Bodies {
    let [mut x1, mut y1, mut z1, mut vx1, mut vy1, mut vz1] = [b[0], b[1], b[2], b[3], b[4], b[5]];
    let [mut x2, mut y2, mut z2, mut vx2, mut vy2, mut vz2] =
        [b[6], b[7], b[8], b[9], b[10], b[11]];
    let mut i = 0i64;
    while i < n {
        let (dx, dy, dz) = (x1 - x2, y1 - y2, z1 - z2);
        let d2 = dx * dx + dy * dy + dz * dz + 0.01;
        let mag = 0.01 / (d2 * d2);
        let m = mag * 0.5;
        vx1 -= dx * m;
        vy1 -= dy * m;
        vz1 -= dz * m;
        vx2 += dx * mag;
        vy2 += dy * mag;
        vz2 += dz * mag;
        x1 += vx1 * 0.01;
        y1 += vy1 * 0.01;
        z1 += vz1 * 0.01;
        x2 += vx2 * 0.01;
        y2 += vy2 * 0.01;
        z2 += vz2 * 0.01;
        i = match i.checked_add(1) {
            Some(v) => v,
            None => return b,
        };
    }
    [x1, y1, z1, vx1, vy1, vz1, x2, y2, z2, vx2, vy2, vz2]
}

fn loops(c: &mut Criterion) {
    let mut g = c.benchmark_group("loops");
    let heap = ModelHeap::new(4096);

    let n = 1_000_000i64;
    let (mut b, id) = pipeline(INT_SUM, &heap);
    let run = |b: &mut X86Backend, n: i64| {
        let exit = b
            .execute(id, &[Value::Int(0), Value::Int(0), Value::Int(n)])
            .expect("runs");
        failarg(exit, 1).as_int().expect("an int")
    };
    assert_eq!(run(&mut b, n), rust_int_sum(n), "int_sum agrees with rustc");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("int_sum/jit", |bench| {
        bench.iter(|| run(&mut b, black_box(n)))
    });
    g.bench_function("int_sum/rustc", |bench| {
        bench.iter(|| rust_int_sum(black_box(n)))
    });

    let len = 100_000usize;
    let items: Vec<i64> = (0..len as i64).map(|i| (i * 7919) % 1000 - 300).collect();
    let mut heap = ModelHeap::new(4096);
    let arr_descr = text::parse(ARRAY_WALK).expect("valid");
    let arr_descr = arr_descr
        .descrs()
        .iter()
        .find_map(|(_, d)| d.as_array().cloned())
        .expect("an array descriptor");
    let arr = heap.allocate_array(&arr_descr, len as i64).expect("room");
    for (i, &v) in items.iter().enumerate() {
        heap.store_item(Value::Ref(arr), i as i64, &arr_descr, Value::Int(v))
            .expect("in bounds");
    }
    let (mut b, id) = pipeline(ARRAY_WALK, &heap);
    let run = |b: &mut X86Backend| {
        let exit = b
            .execute(id, &[Value::Int(0), Value::Int(0), Value::Ref(arr)])
            .expect("runs");
        failarg(exit, 1).as_int().expect("an int")
    };
    assert_eq!(run(&mut b), rust_array_walk(&items), "array_walk agrees");
    g.throughput(Throughput::Elements(len as u64));
    g.bench_function("array_walk/jit", |bench| bench.iter(|| run(&mut b)));
    g.bench_function("array_walk/rustc", |bench| {
        bench.iter(|| rust_array_walk(black_box(&items)))
    });

    let steps = 200_000i64;
    let (mut b, id) = pipeline(NBODY, &heap);
    let run = |b: &mut X86Backend, n: i64| {
        let mut inputs = vec![Value::Int(0), Value::Int(n)];
        inputs.extend(START.iter().map(|&f| Value::Float(f)));
        let exit = b.execute(id, &inputs).expect("runs");
        let Exit::GuardFailed { values, .. } = exit else {
            panic!("{exit:?}")
        };
        values[1].as_float().expect("x1")
    };
    assert_eq!(
        run(&mut b, steps).to_bits(),
        rust_nbody(steps, START)[0].to_bits(),
        "nbody agrees with rustc bit for bit"
    );
    g.throughput(Throughput::Elements(steps as u64));
    g.bench_function("float_nbody/jit", |bench| {
        bench.iter(|| run(&mut b, black_box(steps)))
    });
    g.bench_function("float_nbody/rustc", |bench| {
        bench.iter(|| rust_nbody(black_box(steps), black_box(START)))
    });
    g.finish();
}

criterion_group!(benches, compile_speed, loops);
criterion_main!(benches);
