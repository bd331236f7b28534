//! Instructions per operation on the hot paths, for callgrind (repeatable on a loaded
//! machine, unlike wall-clock time). Each probe is an `#[inline(never)]` loop; run
//!
//! ```text
//! cargo build --release -p tern-ffi --example instruction_counts
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null --collect-atstart=no \
//!     --toggle-collect='instruction_counts::probe_*' \
//!     target/release/examples/instruction_counts <probe> 100000
//! ```
//!
//! and divide the `Collected` count by the iterations; `all` lists the probes. The loop
//! itself costs about three instructions per iteration; the references (`*_fn_pointer`,
//! `*_repr_c`) show what a direct Rust call or access costs in the same harness.

use std::hint::black_box;
use std::os::raw::c_int;

use tern_ffi::{CData, Ffi, FieldAccessor, Function, TypedFunction, Value};

unsafe extern "C" {
    fn abs(x: c_int) -> c_int;
    fn cos(x: f64) -> f64;
}

#[repr(C)]
struct Point {
    x: c_int,
    y: c_int,
}

struct Fixture {
    abs_fn: Function,
    cos_fn: Function,
    abs_typed: TypedFunction<(i32,), i32>,
    cos_typed: TypedFunction<(f64,), f64>,
    data: CData,
    y: FieldAccessor,
}

fn fixture() -> Fixture {
    let ffi = Ffi::new();
    ffi.cdef("int abs(int); double cos(double); struct point { int x, y; };")
        .unwrap();
    let libc = ffi.dlopen(None).unwrap();
    let libm = ffi.dlopen(Some("libm.so.6")).unwrap();
    let abs_fn = libc.function("abs").unwrap();
    let cos_fn = libm.function("cos").unwrap();
    Fixture {
        abs_typed: abs_fn.typed().unwrap(),
        cos_typed: cos_fn.typed().unwrap(),
        abs_fn,
        cos_fn,
        data: ffi.new_cdata("struct point *", None).unwrap(),
        y: ffi.ctype("struct point").unwrap().field("y").unwrap(),
    }
}

#[inline(never)]
fn probe_abs_fn_pointer(_: &Fixture, n: u64) {
    let f: unsafe extern "C" fn(c_int) -> c_int = abs;
    for _ in 0..n {
        // SAFETY: libc's abs through an opaque pointer.
        black_box(unsafe { black_box(f)(black_box(-42)) });
    }
}

#[inline(never)]
fn probe_abs_call(fx: &Fixture, n: u64) {
    let args = [Value::Int(-42)];
    for _ in 0..n {
        black_box(fx.abs_fn.call(black_box(&args)).unwrap());
    }
}

#[inline(never)]
fn probe_abs_typed(fx: &Fixture, n: u64) {
    for _ in 0..n {
        black_box(fx.abs_typed.call((black_box(-42),)));
    }
}

#[inline(never)]
fn probe_cos_fn_pointer(_: &Fixture, n: u64) {
    let f: unsafe extern "C" fn(f64) -> f64 = cos;
    for _ in 0..n {
        // SAFETY: libm's cos through an opaque pointer.
        black_box(unsafe { black_box(f)(black_box(0.5)) });
    }
}

#[inline(never)]
fn probe_cos_call(fx: &Fixture, n: u64) {
    let args = [Value::Float(0.5)];
    for _ in 0..n {
        black_box(fx.cos_fn.call(black_box(&args)).unwrap());
    }
}

#[inline(never)]
fn probe_cos_typed(fx: &Fixture, n: u64) {
    for _ in 0..n {
        black_box(fx.cos_typed.call((black_box(0.5),)));
    }
}

#[inline(never)]
fn probe_get_repr_c(_: &Fixture, n: u64) {
    let point = Box::new(Point { x: 1, y: 2 });
    for _ in 0..n {
        black_box(black_box(&*point).y);
    }
    black_box(point.x);
}

#[inline(never)]
fn probe_get_read_int(fx: &Fixture, n: u64) {
    for _ in 0..n {
        black_box(fx.y.read_int(black_box(&fx.data)).unwrap());
    }
}

#[inline(never)]
fn probe_get_value(fx: &Fixture, n: u64) {
    for _ in 0..n {
        black_box(fx.y.get(black_box(&fx.data)).unwrap());
    }
}

#[inline(never)]
fn probe_get_bound(fx: &Fixture, n: u64) {
    let bound = fx.y.typed::<i32>().unwrap().bind(&fx.data).unwrap();
    for _ in 0..n {
        black_box(black_box(&bound).get().unwrap());
    }
}

#[inline(never)]
fn probe_get_typed(fx: &Fixture, n: u64) {
    let typed = fx.y.typed::<i32>().unwrap();
    for _ in 0..n {
        black_box(typed.read(black_box(&fx.data)).unwrap());
    }
}

#[inline(never)]
fn probe_set_repr_c(_: &Fixture, n: u64) {
    let mut point = Box::new(Point { x: 1, y: 2 });
    for _ in 0..n {
        black_box(&mut *point).y = black_box(7);
    }
    black_box(point.x);
}

#[inline(never)]
fn probe_set_write_int(fx: &Fixture, n: u64) {
    for _ in 0..n {
        fx.y.write_int(black_box(&fx.data), black_box(7)).unwrap();
    }
}

#[inline(never)]
fn probe_set_value(fx: &Fixture, n: u64) {
    let value = Value::Int(7);
    for _ in 0..n {
        fx.y.set(black_box(&fx.data), black_box(&value)).unwrap();
    }
}

#[inline(never)]
fn probe_set_bound(fx: &Fixture, n: u64) {
    let bound = fx.y.typed::<i32>().unwrap().bind(&fx.data).unwrap();
    for _ in 0..n {
        black_box(&bound).set(black_box(7)).unwrap();
    }
}

#[inline(never)]
fn probe_set_typed(fx: &Fixture, n: u64) {
    let typed = fx.y.typed::<i32>().unwrap();
    for _ in 0..n {
        typed.write(black_box(&fx.data), black_box(7)).unwrap();
    }
}

type Probe = fn(&Fixture, u64);

const PROBES: &[(&str, Probe)] = &[
    ("abs_fn_pointer", probe_abs_fn_pointer),
    ("abs_call", probe_abs_call),
    ("abs_typed", probe_abs_typed),
    ("cos_fn_pointer", probe_cos_fn_pointer),
    ("cos_call", probe_cos_call),
    ("cos_typed", probe_cos_typed),
    ("get_repr_c", probe_get_repr_c),
    ("get_read_int", probe_get_read_int),
    ("get_value", probe_get_value),
    ("get_typed", probe_get_typed),
    ("get_bound", probe_get_bound),
    ("set_repr_c", probe_set_repr_c),
    ("set_write_int", probe_set_write_int),
    ("set_value", probe_set_value),
    ("set_typed", probe_set_typed),
    ("set_bound", probe_set_bound),
];

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "all".to_string());
    let n: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let fx = fixture();
    for (probe_name, probe) in PROBES {
        if name == "all" {
            println!("{probe_name}");
        } else if name == *probe_name {
            probe(&fx, n);
            return;
        }
    }
    if name != "all" {
        eprintln!("unknown probe `{name}` (`all` lists them)");
        std::process::exit(2);
    }
}
