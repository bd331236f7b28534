//! Call overhead and field access: tern-ffi against direct Rust access, side by side.
//!
//! Run: `cargo bench -p tern-ffi --bench ffi -- --warm-up-time 1 --measurement-time 2`.
//! Ratios are computed from the reported means (see README.md). The call baseline is
//! `fn_pointer`: the same libc/libm symbol called through a `black_box`ed Rust function
//! pointer, i.e. a real call; `direct_extern_c` is shown too, but LLVM inlines `abs` there
//! (no call at all), so it is no baseline for call overhead.

use std::hint::black_box;
use std::os::raw::c_int;

use criterion::{Criterion, criterion_group, criterion_main};
use tern_ffi::{Ffi, Value};

unsafe extern "C" {
    fn abs(x: c_int) -> c_int;
    fn cos(x: f64) -> f64;
}

fn call_overhead(c: &mut Criterion) {
    let ffi = Ffi::new();
    ffi.cdef("int abs(int); double cos(double);").unwrap();
    let libc = ffi.dlopen(None).unwrap();
    let libm = ffi.dlopen(Some("libm.so.6")).unwrap();
    let abs_fn = libc.function("abs").unwrap();
    let cos_fn = libm.function("cos").unwrap();
    assert!(abs_fn.has_direct_path() && cos_fn.has_direct_path());

    let mut group = c.benchmark_group("call_abs");
    group.bench_function("direct_extern_c", |b| {
        // SAFETY: libc's abs.
        b.iter(|| unsafe { abs(black_box(-42)) })
    });
    let abs_ptr: unsafe extern "C" fn(c_int) -> c_int = abs;
    group.bench_function("fn_pointer", |b| {
        // SAFETY: libc's abs, called through an opaque pointer so it cannot be inlined.
        b.iter(|| unsafe { black_box(abs_ptr)(black_box(-42)) })
    });
    let abs_typed = abs_fn.typed::<(i32,), i32>().unwrap();
    group.bench_function("tern_ffi_typed", |b| {
        b.iter(|| abs_typed.call((black_box(-42),)))
    });
    let args = [Value::Int(-42)];
    group.bench_function("tern_ffi", |b| {
        b.iter(|| abs_fn.call(black_box(&args)).unwrap())
    });
    group.bench_function("tern_ffi_libffi", |b| {
        b.iter(|| abs_fn.call_via_libffi(black_box(&args)).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("call_cos");
    group.bench_function("direct_extern_c", |b| {
        // SAFETY: libm's cos.
        b.iter(|| unsafe { cos(black_box(0.5)) })
    });
    let cos_ptr: unsafe extern "C" fn(f64) -> f64 = cos;
    group.bench_function("fn_pointer", |b| {
        // SAFETY: libm's cos through an opaque pointer.
        b.iter(|| unsafe { black_box(cos_ptr)(black_box(0.5)) })
    });
    let cos_typed = cos_fn.typed::<(f64,), f64>().unwrap();
    group.bench_function("tern_ffi_typed", |b| {
        b.iter(|| cos_typed.call((black_box(0.5),)))
    });
    let args = [Value::Float(0.5)];
    group.bench_function("tern_ffi", |b| {
        b.iter(|| cos_fn.call(black_box(&args)).unwrap())
    });
    group.bench_function("tern_ffi_libffi", |b| {
        b.iter(|| cos_fn.call_via_libffi(black_box(&args)).unwrap())
    });
    group.finish();
}

#[repr(C)]
struct Point {
    x: c_int,
    y: c_int,
}

fn field_access(c: &mut Criterion) {
    let ffi = Ffi::new();
    ffi.cdef("struct point { int x, y; };").unwrap();
    let data = ffi.new_cdata("struct point *", None).unwrap();
    let y = ffi.ctype("struct point").unwrap().field("y").unwrap();
    let mut point = Box::new(Point { x: 1, y: 2 });

    let typed = y.typed::<c_int>().unwrap();
    let bound = typed.bind(&data).unwrap();

    let mut group = c.benchmark_group("field_get");
    group.bench_function("repr_c", |b| b.iter(|| black_box(&*point).y));
    group.bench_function("tern_ffi_bound", |b| {
        b.iter(|| black_box(&bound).get().unwrap())
    });
    group.bench_function("tern_ffi_typed", |b| {
        b.iter(|| typed.read(black_box(&data)).unwrap())
    });
    group.bench_function("tern_ffi_accessor", |b| {
        b.iter(|| y.get(black_box(&data)).unwrap())
    });
    group.bench_function("tern_ffi_read_int", |b| {
        b.iter(|| y.read_int(black_box(&data)).unwrap())
    });
    group.bench_function("tern_ffi_by_name", |b| {
        b.iter(|| black_box(&data).field("y").unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("field_set");
    let value = Value::Int(7);
    group.bench_function("repr_c", |b| {
        b.iter(|| {
            let p = black_box(&mut *point);
            p.y = black_box(7);
        })
    });
    group.bench_function("tern_ffi_bound", |b| {
        b.iter(|| black_box(&bound).set(black_box(7)).unwrap())
    });
    group.bench_function("tern_ffi_typed", |b| {
        b.iter(|| typed.write(black_box(&data), black_box(7)).unwrap())
    });
    group.bench_function("tern_ffi_accessor", |b| {
        b.iter(|| y.set(black_box(&data), black_box(&value)).unwrap())
    });
    group.bench_function("tern_ffi_write_int", |b| {
        b.iter(|| y.write_int(black_box(&data), black_box(7)).unwrap())
    });
    group.bench_function("tern_ffi_by_name", |b| {
        b.iter(|| black_box(&data).set_field("y", black_box(&value)).unwrap())
    });
    group.finish();
    black_box(point.x);
}

criterion_group!(benches, call_overhead, field_access);
criterion_main!(benches);
