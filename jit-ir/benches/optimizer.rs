//! Optimizer throughput on random recorded loops of about 100, 1 000 and 10 000
//! operations: the whole pipeline, each pass alone, and as the reference a single
//! copying sweep over the trace (the dead-code pass), in operations per second.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tern_jit_ir::Trace;
use tern_jit_ir::opt::{self, Pass};
use tern_jit_ir::tracegen::{self, GenConfig};

fn trace_of(ops: usize) -> Trace {
    // Each generator step emits about 1.26 operations.
    let steps = ops * 100 / 126;
    let config = GenConfig {
        steps,
        make_loop: true,
        ..GenConfig::default()
    };
    tracegen::generate(42, &config).trace
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("optimize");
    for size in [100usize, 1000, 10_000] {
        let trace = trace_of(size);
        let n = trace.len();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("pipeline", n), &trace, |b, t| {
            b.iter(|| black_box(opt::optimize(t).unwrap()))
        });
        g.bench_with_input(
            BenchmarkId::new("copy sweep (reference)", n),
            &trace,
            |b, t| b.iter(|| black_box(opt::dead_code(t))),
        );
        if size == 1000 {
            for pass in [
                Pass::IntBounds,
                Pass::Rewrite,
                Pass::Virtuals,
                Pass::Pure,
                Pass::Heap,
                Pass::Unroll,
            ] {
                g.bench_with_input(BenchmarkId::new(pass.name(), n), &trace, |b, t| {
                    b.iter(|| black_box(pass.run(t)))
                });
            }
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
