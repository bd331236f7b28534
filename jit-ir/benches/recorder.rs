//! Recording cost per operation.
//!
//! Records the operations an interpreter emits for one iteration of a boxed-integer loop
//! body (type guards with snapshots, loads, overflow-checked arithmetic, allocations,
//! stores), repeated to the requested length, through a `TraceRecorder` (validation,
//! on-the-fly folding and CSE, snapshots) and, as the reference, straight into a
//! `TraceBuilder` (no checks, no folding). Throughput is in recorded operations.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tern_jit_ir::descr::{Descr, FieldDescr, SizeDescr};
use tern_jit_ir::recorder::{FrameSpec, TraceRecorder};
use tern_jit_ir::resume::{ResumeValue, Snapshot};
use tern_jit_ir::{Kind, OpCode, OpRef, TraceBuilder};

struct World {
    size: Descr,
    val: Descr,
}

fn world() -> World {
    World {
        size: Descr::Size(Arc::new(SizeDescr {
            name: "Box".into(),
            size: 24,
            type_id: 1,
            vtable: Some(0x100),
            ref_offsets: vec![],
        })),
        val: Descr::Field(Arc::new(FieldDescr {
            name: "Box.val".into(),
            offset: 16,
            size: 8,
            kind: Kind::Int,
            signed: true,
            immutable: true,
        })),
    }
}

/// One "bytecode": a = box(a.val + b.val), with guards. 9 operations.
fn record(w: &World, iterations: usize) -> usize {
    let (mut r, inputs) = TraceRecorder::start_loop("L", &[Kind::Ref, Kind::Ref], usize::MAX);
    let (mut a, b) = (inputs[0], inputs[1]);
    let cls = r.const_int(0x100);
    for pc in 0..iterations {
        let slots = [Some(a), Some(b)];
        let snap = r
            .snapshot(&[FrameSpec {
                code: 1,
                pc: pc as u64,
                slots: &slots,
            }])
            .unwrap();
        r.guard(OpCode::GuardNonnullClass, &[a, cls], snap).unwrap();
        r.guard(OpCode::GuardNonnullClass, &[b, cls], snap).unwrap();
        let x = r
            .record(OpCode::GetfieldGcI, &[a], Some(w.val.clone()))
            .unwrap();
        let y = r
            .record(OpCode::GetfieldGcI, &[b], Some(w.val.clone()))
            .unwrap();
        let s = r.record(OpCode::IntAddOvf, &[x, y], None).unwrap();
        r.guard(OpCode::GuardNoOverflow, &[], snap).unwrap();
        let n = r
            .record(OpCode::NewWithVtable, &[], Some(w.size.clone()))
            .unwrap();
        r.record(OpCode::SetfieldGc, &[n, s], Some(w.val.clone()))
            .unwrap();
        a = n;
    }
    let n = r.len();
    black_box(r.close_loop(&[a, b]).unwrap());
    n
}

/// The same operations emitted directly into a builder.
fn build(w: &World, iterations: usize) -> usize {
    let mut bld = TraceBuilder::new(&[Kind::Ref, Kind::Ref]);
    let (mut a, b) = (bld.input(0), bld.input(1));
    let cls = bld.const_int(0x100);
    let (size, val) = (bld.descr(w.size.clone()), bld.descr(w.val.clone()));
    for pc in 0..iterations {
        let store = bld.resume_mut();
        let f = store.add_frame(
            None,
            1,
            pc as u64,
            &[ResumeValue::Value(a), ResumeValue::Value(b)],
        );
        let snap = store.add_snapshot(Snapshot {
            frame: Some(f),
            virtuals: vec![],
            pending: vec![],
        });
        bld.emit_guard(OpCode::GuardNonnullClass, &[a, cls], None, Some(snap));
        bld.emit_guard(OpCode::GuardNonnullClass, &[b, cls], None, Some(snap));
        let x = bld.emit(OpCode::GetfieldGcI, &[a], Some(val));
        let y = bld.emit(OpCode::GetfieldGcI, &[b], Some(val));
        let s = bld.emit(OpCode::IntAddOvf, &[x, y], None);
        bld.emit_guard(OpCode::GuardNoOverflow, &[], None, Some(snap));
        let n: OpRef = bld.emit(OpCode::NewWithVtable, &[], Some(size));
        bld.emit(OpCode::SetfieldGc, &[n, s], Some(val));
        a = n;
    }
    let n = bld.len();
    black_box(bld.finish());
    n
}

fn bench(c: &mut Criterion) {
    let w = world();
    let mut g = c.benchmark_group("record");
    for iterations in [100usize, 1000] {
        let ops = record(&w, iterations);
        g.throughput(Throughput::Elements(ops as u64));
        g.bench_with_input(BenchmarkId::new("recorder", ops), &iterations, |b, &n| {
            b.iter(|| record(&w, n))
        });
        g.bench_with_input(
            BenchmarkId::new("builder (reference)", ops),
            &iterations,
            |b, &n| b.iter(|| build(&w, n)),
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
