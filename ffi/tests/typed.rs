//! The typed fast paths: `TypedFunction` (a C function bound to a Rust signature once) and
//! `TypedField`/`BoundField` (a member bound to a Rust scalar type, and to one object).
//! Each is checked against the general `Value` API on the same functions and memory (which
//! the other tests check against C), including random inputs, and every way binding can go
//! wrong is an error.

mod common;

use common::test_lib;
use quickcheck::{Arbitrary, Gen, QuickCheck, TestResult};
use tern_ffi::{ErrorKind, Ffi, Function, TypedFunction, Value};

fn int(v: i128) -> Value {
    Value::Int(v)
}

#[test]
fn typed_calls_match_the_c_signature_and_the_value_path() {
    let (_, lib) = test_lib();
    let add = lib.function("add_ints").unwrap();
    let add_typed = add.typed::<(i32, i32), i32>().unwrap();
    assert_eq!(add_typed.call((40, 2)), 42);
    assert_eq!(add_typed.call((i32::MAX, 1)), i32::MIN); // C's wrap-around, not a panic

    let narrow = lib
        .function("narrow_neg")
        .unwrap()
        .typed::<(i8,), i8>()
        .unwrap();
    assert_eq!(narrow.call((5,)), -5);
    assert_eq!(narrow.call((-128,)), -128);
    let wrap = lib
        .function("wrap_u8")
        .unwrap()
        .typed::<(u8,), u8>()
        .unwrap();
    assert_eq!(wrap.call((255,)), 0);
    let max = lib.function("max_u64").unwrap().typed::<(), u64>().unwrap();
    assert_eq!(max.call(()), u64::MAX);
    let even = lib
        .function("is_even")
        .unwrap()
        .typed::<(i32,), bool>()
        .unwrap();
    assert!(even.call((4,)) && !even.call((7,)));
    let halve = lib
        .function("halve_f")
        .unwrap()
        .typed::<(f32,), f32>()
        .unwrap();
    assert_eq!(halve.call((3.0,)), 1.5);
    let mix = lib
        .function("mix_args")
        .unwrap()
        .typed::<(i32, f64, i64, f64, i8), f64>()
        .unwrap();
    assert_eq!(
        mix.call((1, 2.0, 3, 4.0, -6)),
        1000.0 + 200.0 + 30.0 + 4.0 - 3.0
    );
    // More arguments than registers: the Rust compiler passes the rest on the stack.
    let sum8 = lib
        .function("sum8_long")
        .unwrap()
        .typed::<(i64, i64, i64, i64, i64, i64, i64, i64), i64>()
        .unwrap();
    assert_eq!(
        sum8.call((1, 2, 3, 4, 5, 6, 7, 8)),
        1 + 2 + 6 + 12 + 20 + 30 + 42 + 56
    );
    let sum7 = lib
        .function("sum7")
        .unwrap()
        .typed::<(f64, f64, f64, f64, f64, f64, f64), f64>()
        .unwrap();
    assert_eq!(sum7.call((1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0)), 28.0);
    // `void` results, and the call really happened.
    let bump = lib
        .function("bump_counter")
        .unwrap()
        .typed::<(i32,), ()>()
        .unwrap();
    let counter = lib.variable("counter").unwrap();
    let before = counter.value().unwrap().as_int().unwrap();
    bump.call((5,));
    assert_eq!(counter.value().unwrap(), int(before + 5));
}

#[test]
fn typed_calls_capture_errno() {
    let (ffi, lib) = test_lib();
    let set = lib
        .function("set_errno_to")
        .unwrap()
        .typed::<(i32,), i32>()
        .unwrap();
    ffi.set_errno(0);
    assert_eq!(set.call((34,)), -1);
    assert_eq!(ffi.errno(), 34);
    let read = lib
        .function("read_errno")
        .unwrap()
        .typed::<(), i32>()
        .unwrap();
    ffi.set_errno(7);
    assert_eq!(read.call(()), 7); // the saved errno is in C's errno during the call
}

#[test]
fn typed_calls_on_system_libraries() {
    let ffi = Ffi::new();
    ffi.cdef("int abs(int); long labs(long); double cos(double); size_t strlen(const char *);")
        .unwrap();
    let libc = ffi.dlopen(None).unwrap();
    let libm = ffi.dlopen(Some("libm.so.6")).unwrap();
    let abs = libc
        .function("abs")
        .unwrap()
        .typed::<(i32,), i32>()
        .unwrap();
    assert_eq!(abs.call((-42,)), 42);
    let labs = libc
        .function("labs")
        .unwrap()
        .typed::<(i64,), i64>()
        .unwrap();
    assert_eq!(labs.call((-(1 << 40),)), 1 << 40);
    let cos = libm
        .function("cos")
        .unwrap()
        .typed::<(f64,), f64>()
        .unwrap();
    assert_eq!(cos.call((0.0,)), 1.0);
    // `long` is 64-bit on both ABIs, so `isize` fits it too.
    assert!(
        libc.function("labs")
            .unwrap()
            .typed::<(isize,), isize>()
            .is_ok()
    );
}

#[test]
fn mismatched_signatures_are_type_errors() {
    let (ffi, lib) = test_lib();
    let add = lib.function("add_ints").unwrap();
    let check = |result: tern_ffi::Result<()>, needle: &str| {
        let error = result.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Type);
        assert!(
            error.to_string().contains(needle),
            "`{error}` should mention `{needle}`"
        );
    };
    check(add.typed::<(i32,), i32>().map(drop), "takes 2 parameters");
    check(
        add.typed::<(i32, i64), i32>().map(drop),
        "parameter 2 is `int`",
    );
    check(
        add.typed::<(i32, u32), i32>().map(drop),
        "`u32` does not match",
    );
    check(add.typed::<(i32, i32), u32>().map(drop), "returns `int`");
    check(add.typed::<(i32, i32), ()>().map(drop), "returns `int`");
    check(
        lib.function("bump_counter")
            .unwrap()
            .typed::<(i32,), i32>()
            .map(drop),
        "returns `void`",
    );
    check(
        lib.function("sum_array")
            .unwrap()
            .typed::<(u64, u64), i32>()
            .map(drop),
        "typed calls take no pointers",
    );
    check(
        lib.function("point_sum")
            .unwrap()
            .typed::<(i64,), i32>()
            .map(drop),
        "no structs by value",
    );
    check(
        lib.function("sum_varargs")
            .unwrap()
            .typed::<(i32,), i64>()
            .map(drop),
        "variadic",
    );
    check(
        lib.function("halve_f")
            .unwrap()
            .typed::<(f64,), f32>()
            .map(drop),
        "parameter 1 is `float`",
    );
    // Plain `char` follows the target: signed on x86-64, unsigned on AArch64. (Only bound,
    // never called: the code is `narrow_neg`, declared here with another signature.)
    let code = Value::CData(lib.function("narrow_neg").unwrap().to_cdata());
    let as_char = ffi.cast("char(*)(char)", &code).unwrap();
    let as_char = ffi.function_pointer(as_char.as_cdata().unwrap()).unwrap();
    let binds = (
        as_char.typed::<(i8,), i8>().is_ok(),
        as_char.typed::<(u8,), u8>().is_ok(),
    );
    let expected = if cfg!(target_arch = "aarch64") {
        (false, true)
    } else {
        (true, false)
    };
    assert_eq!(binds, expected);
}

#[test]
fn function_pointers_from_c_can_be_typed() {
    let (ffi, lib) = test_lib();
    let pick = lib.function("pick_binop").unwrap();
    let plus = pick.call(&[int(0)]).unwrap();
    let plus = ffi.function_pointer(plus.as_cdata().unwrap()).unwrap();
    let typed = plus.typed::<(i32, i32), i32>().unwrap();
    assert_eq!(typed.call((2, 3)), 5);
}

/// The typed and the `Value` paths agree on random arguments (both are checked against C
/// elsewhere).
fn typed_agrees(a: i32, x: f64, b: i64, y: f64, c: i8) -> TestResult {
    if !x.is_finite() || !y.is_finite() {
        return TestResult::discard();
    }
    MIX.with(|(mix, typed)| {
        let args = [
            int(a.into()),
            Value::Float(x),
            int(b.into()),
            Value::Float(y),
            int(c.into()),
        ];
        let via_value = mix.call(&args).unwrap().as_float().unwrap();
        TestResult::from_bool(typed.call((a, x, b, y, c)).to_bits() == via_value.to_bits())
    })
}

type MixTyped = TypedFunction<(i32, f64, i64, f64, i8), f64>;

thread_local! {
    /// Loaded once per test thread: `mix_args` with the `Value` and the typed path.
    static MIX: (Function, MixTyped) = {
        let (_, lib) = test_lib();
        let mix = lib.function("mix_args").unwrap();
        let typed = mix.typed().unwrap();
        (mix, typed)
    };
}

#[test]
fn typed_and_value_calls_agree_on_random_arguments() {
    QuickCheck::new()
        .tests(100)
        .quickcheck(typed_agrees as fn(i32, f64, i64, f64, i8) -> TestResult);
}

const RECORD: &str = "struct rec { char tag; _Bool flag; short s; unsigned int u; long long w; \
                      float f; double d; int *p; int bits : 5; };";

#[test]
fn typed_fields_read_and_write_what_the_value_path_sees() {
    let ffi = Ffi::new();
    ffi.cdef(RECORD).unwrap();
    let rec = ffi.ctype("struct rec").unwrap();
    let data = ffi.new_cdata("struct rec *", None).unwrap();
    let s = rec.field("s").unwrap().typed::<i16>().unwrap();
    let u = rec.field("u").unwrap().typed::<u32>().unwrap();
    let w = rec.field("w").unwrap().typed::<i64>().unwrap();
    let f = rec.field("f").unwrap().typed::<f32>().unwrap();
    let d = rec.field("d").unwrap().typed::<f64>().unwrap();
    let flag = rec.field("flag").unwrap().typed::<bool>().unwrap();
    s.write(&data, -300).unwrap();
    u.write(&data, u32::MAX).unwrap();
    w.write(&data, i64::MIN).unwrap();
    f.write(&data, 0.25).unwrap();
    d.write(&data, -1e300).unwrap();
    flag.write(&data, true).unwrap();
    assert_eq!(data.field("s").unwrap(), int(-300));
    assert_eq!(data.field("u").unwrap(), int(u32::MAX.into()));
    assert_eq!(data.field("w").unwrap(), int(i64::MIN.into()));
    assert_eq!(data.field("f").unwrap(), Value::Float(0.25));
    assert_eq!(data.field("d").unwrap(), Value::Float(-1e300));
    assert_eq!(data.field("flag").unwrap(), Value::Bool(true));
    data.set_field("s", &int(77)).unwrap();
    assert_eq!(s.read(&data).unwrap(), 77);
    // The struct value (not a pointer to it) works the same.
    let value = data.value().unwrap();
    assert_eq!(w.read(value.as_cdata().unwrap()).unwrap(), i64::MIN);
    // Any nonzero byte in a `_Bool` reads as true; it never becomes an invalid `bool`.
    let offset = ffi.offsetof("struct rec", "flag").unwrap();
    let bytes = data.read_bytes(offset + 1).unwrap();
    let mut patched = bytes.clone();
    patched[offset] = 0x80;
    data.write_bytes(&patched).unwrap();
    assert!(flag.read(&data).unwrap());
    assert!(flag.bind(&data).unwrap().get().unwrap());
}

#[test]
fn typed_fields_refuse_other_types_and_bad_data() {
    let ffi = Ffi::new();
    ffi.cdef(RECORD).unwrap();
    ffi.cdef("struct other { int x; };").unwrap();
    let rec = ffi.ctype("struct rec").unwrap();
    let kind = |r: tern_ffi::Result<()>| r.unwrap_err().kind();
    assert_eq!(
        kind(rec.field("u").unwrap().typed::<i32>().map(drop)),
        ErrorKind::Type
    );
    assert_eq!(
        kind(rec.field("w").unwrap().typed::<f64>().map(drop)),
        ErrorKind::Type
    );
    assert_eq!(
        kind(rec.field("p").unwrap().typed::<u64>().map(drop)),
        ErrorKind::Type
    );
    let bits = rec.field("bits").unwrap().typed::<i32>().unwrap_err();
    assert!(bits.to_string().contains("bit-fields"), "{bits}");
    let u = rec.field("u").unwrap().typed::<u32>().unwrap();
    // Wrong record type, NULL, too-small borrowed memory, another Ffi's data.
    let other = ffi.new_cdata("struct other *", None).unwrap();
    assert_eq!(kind(u.read(&other).map(drop)), ErrorKind::Type);
    assert_eq!(kind(u.bind(&other).map(drop)), ErrorKind::Type);
    let null = ffi.cast("struct rec *", &Value::Null).unwrap();
    let null = null.as_cdata().unwrap();
    assert_eq!(kind(u.read(null).map(drop)), ErrorKind::NullPointer);
    assert_eq!(kind(u.bind(null).map(drop)), ErrorKind::NullPointer);
    let offset = ffi.offsetof("struct rec", "u").unwrap();
    let mut small = vec![0u8; offset + 2];
    ffi.with_buffer("char[]", &mut small, |bytes| {
        let view = ffi
            .cast("struct rec *", &Value::CData(bytes.clone()))
            .unwrap();
        let view = view.as_cdata().unwrap();
        assert_eq!(kind(u.write(view, 1)), ErrorKind::OutOfBounds);
        assert_eq!(kind(u.bind(view).map(drop)), ErrorKind::OutOfBounds);
    })
    .unwrap();
    let stranger = Ffi::new();
    stranger.cdef(RECORD).unwrap();
    let theirs = stranger.new_cdata("struct rec *", None).unwrap();
    assert_eq!(kind(u.read(&theirs).map(drop)), ErrorKind::Type);
}

#[test]
fn bound_fields_keep_memory_alive_and_notice_ended_borrows() {
    let ffi = Ffi::new();
    ffi.cdef(RECORD).unwrap();
    let w = ffi
        .ctype("struct rec")
        .unwrap()
        .field("w")
        .unwrap()
        .typed::<i64>()
        .unwrap();
    let data = ffi.new_cdata("struct rec *", None).unwrap();
    let bound = w.bind(&data).unwrap();
    bound.set(123).unwrap();
    drop(data); // the bound field still owns the memory
    let copy = bound.clone();
    assert_eq!(copy.get().unwrap(), 123);
    copy.set(-9).unwrap();
    assert_eq!(bound.get().unwrap(), -9);

    let size = ffi.sizeof("struct rec").unwrap();
    let mut buffer = vec![0u8; size];
    let escaped = ffi
        .with_buffer("struct rec *", &mut buffer, |view| {
            let bound = w.bind(view).unwrap();
            bound.set(0x0102_0304_0506_0708).unwrap();
            assert_eq!(bound.get().unwrap(), 0x0102_0304_0506_0708);
            bound
        })
        .unwrap();
    assert_eq!(escaped.get().unwrap_err().kind(), ErrorKind::Dangling);
    assert_eq!(escaped.set(1).unwrap_err().kind(), ErrorKind::Dangling);
    let offset = ffi.offsetof("struct rec", "w").unwrap();
    assert_eq!(
        buffer[offset..offset + 8],
        0x0102_0304_0506_0708i64.to_ne_bytes()
    );
}

/// One operation on a `struct rec`, through a typed path or through the `Value` path.
#[derive(Clone, Debug)]
enum FieldOp {
    BoundSet(usize, i64),
    TypedSet(usize, i64),
    ValueSet(usize, i64),
    BoundGet(usize),
    TypedGet(usize),
}

impl Arbitrary for FieldOp {
    fn arbitrary(g: &mut Gen) -> Self {
        let member = usize::arbitrary(g) % MEMBERS.len();
        let value = i64::arbitrary(g);
        match u8::arbitrary(g) % 5 {
            0 => FieldOp::BoundSet(member, value),
            1 => FieldOp::TypedSet(member, value),
            2 => FieldOp::ValueSet(member, value),
            3 => FieldOp::BoundGet(member),
            _ => FieldOp::TypedGet(member),
        }
    }
}

const MEMBERS: [&str; 4] = ["s", "u", "w", "d"];

/// Values truncated to each member's type, as `i128` (doubles: an exact small integer).
fn fit(member: usize, v: i64) -> i128 {
    match member {
        0 => i128::from(v as i16),
        1 => i128::from(v as u32),
        2 => i128::from(v),
        _ => i128::from(v as i32),
    }
}

/// Random operations through the bound, typed and `Value` paths against a model of the
/// four members; every read must see the last write, whichever path made it.
fn fields_match_model(ops: Vec<FieldOp>) -> bool {
    let ffi = Ffi::new();
    ffi.cdef(RECORD).unwrap();
    let rec = ffi.ctype("struct rec").unwrap();
    let data = ffi.new_cdata("struct rec *", None).unwrap();
    let s = rec.field("s").unwrap().typed::<i16>().unwrap();
    let u = rec.field("u").unwrap().typed::<u32>().unwrap();
    let w = rec.field("w").unwrap().typed::<i64>().unwrap();
    let d = rec.field("d").unwrap().typed::<f64>().unwrap();
    let bound = (
        s.bind(&data).unwrap(),
        u.bind(&data).unwrap(),
        w.bind(&data).unwrap(),
        d.bind(&data).unwrap(),
    );
    let mut model = [0i128; 4];
    for op in ops {
        let read = match op {
            FieldOp::BoundSet(m, v) | FieldOp::TypedSet(m, v) | FieldOp::ValueSet(m, v) => {
                let fitted = fit(m, v);
                model[m] = fitted;
                match (op, m) {
                    (FieldOp::BoundSet(..), 0) => bound.0.set(fitted as i16).unwrap(),
                    (FieldOp::BoundSet(..), 1) => bound.1.set(fitted as u32).unwrap(),
                    (FieldOp::BoundSet(..), 2) => bound.2.set(fitted as i64).unwrap(),
                    (FieldOp::BoundSet(..), _) => bound.3.set(fitted as f64).unwrap(),
                    (FieldOp::TypedSet(..), 0) => s.write(&data, fitted as i16).unwrap(),
                    (FieldOp::TypedSet(..), 1) => u.write(&data, fitted as u32).unwrap(),
                    (FieldOp::TypedSet(..), 2) => w.write(&data, fitted as i64).unwrap(),
                    (FieldOp::TypedSet(..), _) => d.write(&data, fitted as f64).unwrap(),
                    (_, 3) => data.set_field("d", &Value::Float(fitted as f64)).unwrap(),
                    (_, m) => data.set_field(MEMBERS[m], &int(fitted)).unwrap(),
                }
                continue;
            }
            FieldOp::BoundGet(m) => match m {
                0 => (m, i128::from(bound.0.get().unwrap())),
                1 => (m, i128::from(bound.1.get().unwrap())),
                2 => (m, i128::from(bound.2.get().unwrap())),
                _ => (m, bound.3.get().unwrap() as i128),
            },
            FieldOp::TypedGet(m) => match m {
                0 => (m, i128::from(s.read(&data).unwrap())),
                1 => (m, i128::from(u.read(&data).unwrap())),
                2 => (m, i128::from(w.read(&data).unwrap())),
                _ => (m, d.read(&data).unwrap() as i128),
            },
        };
        let via_value = match data.field(MEMBERS[read.0]).unwrap() {
            Value::Float(f) => f as i128,
            other => other.as_int().unwrap(),
        };
        if read.1 != model[read.0] || via_value != model[read.0] {
            return false;
        }
    }
    true
}

#[test]
fn typed_and_bound_fields_match_a_model() {
    QuickCheck::new()
        .tests(200)
        .quickcheck(fields_match_model as fn(Vec<FieldOp>) -> bool);
}
