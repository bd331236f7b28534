//! Code generation benchmarks: compile speed and code size, AArch64 next to x86-64.
//!
//! - `compile/*`: compile speed of the AArch64 backend (verify, generate, assemble,
//!   install with cache maintenance, register exits and labels) on random recorded loops
//!   of about 100, 1000 and 10 000 IR ops, next to the x86-64 backend compiling the same
//!   trace and `Trace::verify` (the one pass every backend starts with) as the reference.
//!   Every iteration gets a fresh backend, made (and dropped) outside the timed part.
//! - `family/*`: the same per op family (integer arithmetic, float arithmetic, field and
//!   array accesses, compares + guards, calls, allocations with write barriers), ~1000
//!   ops each.
//! - Before the timings, a table of code size per IR op (bytes of machine code divided by
//!   the number of ops, stubs and slow paths included) for both backends is printed.
//!
//! Under qemu-user only compile speed and code size mean something (the generated code
//! does not run here):
//! `cargo bench --target aarch64-unknown-linux-gnu -p tern-jit-backend-arm --bench codegen
//! -- --warm-up-time 1 --measurement-time 2`

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tern_jit_backend_arm::ArmBackend;
use tern_jit_backend_x86::X86Backend;
use tern_jit_ir::conformance::native;
use tern_jit_ir::heap::ModelHeap;
use tern_jit_ir::tracegen::{self, GenConfig};
use tern_jit_ir::{Backend, Trace, text};

fn arm(heap: &ModelHeap) -> ArmBackend {
    ArmBackend::new(native::backend_config(heap)).expect("a code arena")
}

fn x86(heap: &ModelHeap) -> X86Backend {
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

const DECLS: &str = "\
size Node: size=56 tid=2 vtable=0x2200 refs=(24)
field Node.val: offset=16 size=8 kind=int signed
field Node.next: offset=24 size=8 kind=ref signed
field Node.fl: offset=32 size=8 kind=float signed
field Node.small: offset=48 size=2 kind=int signed
array IntArr: base=16 item=8 kind=int signed len=8 tid=4
call f_add: args=(int, int) result=int effects=() reads=() writes=()
call f_mix: args=(int, float) result=float effects=() reads=() writes=()
";

/// A straight-line trace of about `n` ops of one family.
fn family(name: &str, n: usize) -> Trace {
    let mut s = format!("{DECLS}[i0, i1, f2, p3, p4]\n");
    let mut v = 5;
    let mut last_i = 1;
    let mut last_f = 2;
    for k in 0..n / 4 {
        match name {
            "int" => {
                for op in ["int_add", "int_mul", "int_xor", "int_lshift"] {
                    let arg = if op == "int_lshift" {
                        "3".to_string()
                    } else {
                        "i0".into()
                    };
                    s += &format!("i{v} = {op}(i{last_i}, {arg})\n");
                    last_i = v;
                    v += 1;
                }
            }
            "float" => {
                for op in ["float_add", "float_mul", "float_sub", "float_truediv"] {
                    s += &format!("f{v} = {op}(f{last_f}, f2)\n");
                    last_f = v;
                    v += 1;
                }
            }
            "memory" => {
                s += &format!("i{v} = getfield_gc_i(p3, descr=Node.val)\n");
                s += &format!("setfield_gc(p4, i{v}, descr=Node.val)\n");
                s += &format!("i{} = getarrayitem_gc_i(p3, i0, descr=IntArr)\n", v + 1);
                s += &format!("setarrayitem_gc(p3, {k}, i{}, descr=IntArr)\n", v + 1);
                last_i = v + 1;
                v += 2;
            }
            "guards" => {
                s += &format!("i{v} = int_lt(i{last_i}, 1000)\n");
                s += &format!(
                    "guard_true(i{v}) [r{}: frame(1, {k}; i0, i{last_i}, f2)]\n",
                    2 * k + 10
                );
                s += &format!("i{} = int_add(i{last_i}, 1)\n", v + 1);
                s += &format!(
                    "guard_nonnull(p3) [r{}: frame(1, {k}; i0, p3)]\n",
                    2 * k + 11
                );
                last_i = v + 1;
                v += 2;
            }
            "calls" => {
                s += &format!("i{v} = call_i(4096, i{last_i}, i0, descr=f_add)\n");
                s += &format!("f{} = call_f(8192, i{v}, f{last_f}, descr=f_mix)\n", v + 1);
                s += &format!("i{} = int_add(i{v}, 1)\n", v + 2);
                s += &format!("f{} = float_add(f{}, f2)\n", v + 3, v + 1);
                last_i = v + 2;
                last_f = v + 3;
                v += 4;
            }
            "alloc" => {
                s += &format!("p{v} = new_with_vtable(descr=Node)\n");
                s += &format!("setfield_gc(p{v}, i0, descr=Node.val)\n");
                s += &format!("setfield_gc(p3, p{v}, descr=Node.next)\n");
                s += &format!("setfield_gc(p{v}, p4, descr=Node.next)\n");
                v += 1;
            }
            other => panic!("no family {other}"),
        }
    }
    s += &format!(
        "i{v} = int_add(i{last_i}, 0)\nf{} = float_add(f{last_f}, 0.0)\n",
        v + 1
    );
    s += &format!(
        "guard_true(i{v}) [r1: frame(1, 0; i{v}, f{})]\nfinish(i{v})\n",
        v + 1
    );
    text::parse(&s).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const FAMILIES: [&str; 6] = ["int", "float", "memory", "guards", "calls", "alloc"];

fn code_size_table() {
    let heap = ModelHeap::new(4096);
    eprintln!("code size per IR op (bytes, stubs and slow paths included):");
    eprintln!("| trace | ops | aarch64 B/op | x86-64 B/op | ratio |");
    let mut rows: Vec<(String, Trace)> = [100, 1000, 10_000]
        .into_iter()
        .map(|n| (format!("random {n}"), random_trace(n)))
        .collect();
    for f in FAMILIES {
        rows.push((f.to_string(), family(f, 1000)));
    }
    for (name, t) in rows {
        let mut a = arm(&heap);
        let ia = a.compile_loop(&t).expect("arm compiles");
        let ba = a.code(ia).expect("code").len() as f64;
        let mut x = x86(&heap);
        let ix = x.compile_loop(&t).expect("x86 compiles");
        let bx = x.code(ix).expect("code").len() as f64;
        let ops = t.len() as f64;
        eprintln!(
            "| {name} | {} | {:.1} | {:.1} | {:.2} |",
            t.len(),
            ba / ops,
            bx / ops,
            ba / bx
        );
    }
}

fn compile_speed(c: &mut Criterion) {
    code_size_table();
    let heap = ModelHeap::new(4096);
    let mut g = c.benchmark_group("compile");
    for n in [100, 1000, 10_000] {
        let t = random_trace(n);
        g.throughput(Throughput::Elements(t.len() as u64));
        g.bench_with_input(BenchmarkId::new("aarch64", n), &t, |bench, t| {
            bench.iter_batched_ref(
                || arm(&heap),
                |b| b.compile_loop(black_box(t)).expect("compiles"),
                BatchSize::SmallInput,
            )
        });
        g.bench_with_input(BenchmarkId::new("x86_64", n), &t, |bench, t| {
            bench.iter_batched_ref(
                || x86(&heap),
                |b| b.compile_loop(black_box(t)).expect("compiles"),
                BatchSize::SmallInput,
            )
        });
        g.bench_with_input(BenchmarkId::new("verify", n), &t, |bench, t| {
            bench.iter(|| black_box(t).verify().expect("valid"))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("family");
    for f in FAMILIES {
        let t = family(f, 1000);
        g.throughput(Throughput::Elements(t.len() as u64));
        g.bench_with_input(BenchmarkId::new("aarch64", f), &t, |bench, t| {
            bench.iter_batched_ref(
                || arm(&heap),
                |b| b.compile_loop(black_box(t)).expect("compiles"),
                BatchSize::SmallInput,
            )
        });
        g.bench_with_input(BenchmarkId::new("x86_64", f), &t, |bench, t| {
            bench.iter_batched_ref(
                || x86(&heap),
                |b| b.compile_loop(black_box(t)).expect("compiles"),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, compile_speed);
criterion_main!(benches);
