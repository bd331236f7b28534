//! Calls into a C library built by the test (tests/clib/testlib.c): scalars of every width,
//! structs and unions by value (every ABI class), nested structs, arrays, globals,
//! callbacks, variadic functions, and the direct-stub path checked against libffi.

mod common;

use common::test_lib;
use quickcheck::{QuickCheck, TestResult};
use tern_ffi::{CData, ErrorKind, Value};

fn int(v: i128) -> Value {
    Value::Int(v)
}

fn cdata(value: Value) -> CData {
    match value {
        Value::CData(data) => data,
        other => panic!("expected cdata, got {other:?}"),
    }
}

#[test]
fn integer_results_are_truncated_to_the_declared_type() {
    let (_, lib) = test_lib();
    let call = |name: &str, args: &[Value]| lib.function(name).unwrap().call(args).unwrap();
    assert_eq!(call("add_ints", &[int(2), int(-5)]), int(-3));
    assert_eq!(
        call("add_ints", &[int(i32::MAX.into()), int(1)]),
        int(i32::MIN.into())
    );
    assert_eq!(call("narrow_neg", &[int(5)]), int(-5));
    assert_eq!(call("narrow_neg", &[int(-128)]), int(-128));
    assert_eq!(call("wrap_u8", &[int(255)]), int(0));
    assert_eq!(call("mul_i64", &[int(-3), int(1 << 40)]), int(-3 << 40));
    assert_eq!(call("max_u64", &[]), int(u64::MAX.into()));
    assert_eq!(call("is_even", &[int(4)]), Value::Bool(true));
    assert_eq!(call("is_even", &[int(5)]), Value::Bool(false));
    assert_eq!(call("halve_f", &[Value::Float(3.0)]), Value::Float(1.5));
}

#[test]
fn mixed_register_classes_through_both_paths() {
    let (_, lib) = test_lib();
    let mix = lib.function("mix_args").unwrap();
    assert!(mix.has_direct_path());
    let args = [
        int(1),
        Value::Float(2.0),
        int(3),
        Value::Float(0.25),
        int(8),
    ];
    let expected = 1000.0 + 200.0 + 30.0 + 0.25 + 4.0;
    assert_eq!(mix.call(&args).unwrap(), Value::Float(expected));
    assert_eq!(mix.call_via_libffi(&args).unwrap(), Value::Float(expected));
    // More than four doubles or six integers: libffi only.
    let sum7 = lib.function("sum7").unwrap();
    assert!(!sum7.has_direct_path());
    let sevens: Vec<Value> = (1..=7).map(|i| Value::Float(f64::from(i))).collect();
    assert_eq!(sum7.call(&sevens).unwrap(), Value::Float(28.0));
    let sum8 = lib.function("sum8_long").unwrap();
    let eights: Vec<Value> = (1..=8).map(int).collect();
    assert_eq!(
        sum8.call(&eights).unwrap(),
        int(1 + 2 + 6 + 12 + 20 + 30 + 42 + 56)
    );
}

thread_local! {
    static PATH_FUNCTIONS: (tern_ffi::Function, tern_ffi::Function, tern_ffi::Function) = {
        let (_, lib) = test_lib();
        (
            lib.function("mix_args").unwrap(),
            lib.function("add_ints").unwrap(),
            lib.function("narrow_neg").unwrap(),
        )
    };
}

fn paths_agree(a: i32, x: f64, b: i64, y: f64, c: i8) -> TestResult {
    if !x.is_finite() || !y.is_finite() {
        return TestResult::discard();
    }
    PATH_FUNCTIONS.with(|(mix, add, narrow)| {
        let args = [
            int(a.into()),
            Value::Float(x),
            int(b.into()),
            Value::Float(y),
            int(c.into()),
        ];
        let direct = mix.call(&args).unwrap();
        let via = mix.call_via_libffi(&args).unwrap();
        let expected = f64::from(a) * 1000.0 + x * 100.0 + b as f64 * 10.0 + y + f64::from(c) * 0.5;
        let same = |v: &Value| matches!(v, Value::Float(f) if f.to_bits() == expected.to_bits());
        let add_args = [int(a.into()), int(c.into())];
        let sum = int(a.wrapping_add(i32::from(c)).into());
        let neg = int(i128::from(c.wrapping_neg()));
        TestResult::from_bool(
            same(&direct)
                && same(&via)
                && add.call(&add_args).unwrap() == sum
                && add.call_via_libffi(&add_args).unwrap() == sum
                && narrow.call(&[int(c.into())]).unwrap() == neg
                && narrow.call_via_libffi(&[int(c.into())]).unwrap() == neg,
        )
    })
}

#[test]
fn direct_and_libffi_paths_agree_on_random_arguments() {
    QuickCheck::new()
        .tests(300)
        .quickcheck(paths_agree as fn(i32, f64, i64, f64, i8) -> TestResult);
}

#[test]
fn small_structs_by_value_in_and_out() {
    let (ffi, lib) = test_lib();
    let p = cdata(
        lib.function("make_point")
            .unwrap()
            .call(&[int(3), int(-4)])
            .unwrap(),
    );
    assert_eq!(p.type_name(), "struct point");
    assert_eq!(p.field("x").unwrap(), int(3));
    assert_eq!(p.field("y").unwrap(), int(-4));
    let point_sum = lib.function("point_sum").unwrap();
    assert_eq!(point_sum.call(&[Value::CData(p.clone())]).unwrap(), int(-1));
    // A list initializer is converted to a temporary struct.
    assert_eq!(
        point_sum
            .call(&[Value::List(vec![int(10), int(20)])])
            .unwrap(),
        int(30)
    );
    let swapped = cdata(
        lib.function("point_swap")
            .unwrap()
            .call(&[Value::CData(p)])
            .unwrap(),
    );
    assert_eq!(
        (swapped.field("x").unwrap(), swapped.field("y").unwrap()),
        (int(-4), int(3))
    );
    // Through a pointer: `*p` is a struct view that can be passed by value.
    let owned = ffi
        .new_cdata("struct point *", Some(&Value::List(vec![int(5), int(6)])))
        .unwrap();
    let view = owned.value().unwrap();
    assert_eq!(point_sum.call(&[view]).unwrap(), int(11));
}

#[test]
fn float_and_memory_class_structs() {
    let (ffi, lib) = test_lib();
    let v = ffi
        .new_cdata(
            "struct vec3 *",
            Some(&Value::List(vec![
                Value::Float(1.0),
                Value::Float(2.0),
                Value::Float(3.0),
            ])),
        )
        .unwrap();
    let scaled = cdata(
        lib.function("vec3_scale")
            .unwrap()
            .call(&[v.value().unwrap(), Value::Float(2.0)])
            .unwrap(),
    );
    assert_eq!(scaled.field("z").unwrap(), Value::Float(6.0));
    let dot = lib.function("vec3_dot").unwrap();
    assert_eq!(
        dot.call(&[v.value().unwrap(), Value::CData(scaled)])
            .unwrap(),
        Value::Float(28.0)
    );
    let pair = ffi
        .new_cdata(
            "struct pair_f *",
            Some(&Value::List(vec![Value::Float(1.5), Value::Float(-2.5)])),
        )
        .unwrap();
    let swapped = cdata(
        lib.function("pair_f_swap")
            .unwrap()
            .call(&[pair.value().unwrap()])
            .unwrap(),
    );
    assert_eq!(swapped.field("a").unwrap(), Value::Float(-2.5));
    assert_eq!(swapped.field("b").unwrap(), Value::Float(1.5));
    let mixed = cdata(
        lib.function("mixed_make")
            .unwrap()
            .call(&[int(7), Value::Float(0.5), int(-300)])
            .unwrap(),
    );
    assert_eq!(mixed.field("tag").unwrap(), int(7));
    assert_eq!(mixed.field("s").unwrap(), int(-300));
    let total = lib
        .function("mixed_total")
        .unwrap()
        .call(&[Value::CData(mixed)])
        .unwrap();
    assert_eq!(total, Value::Float(7.0 + 0.5 - 300.0));
    let big = cdata(lib.function("big_fill").unwrap().call(&[int(100)]).unwrap());
    assert_eq!(big.field("a").map(cdata).unwrap().get(9).unwrap(), int(109));
    let sum = lib
        .function("big_sum")
        .unwrap()
        .call(&[Value::CData(big)])
        .unwrap();
    assert_eq!(sum, int((100..110).sum()));
    let b3 = ffi
        .new_cdata(
            "struct bytes3 *",
            Some(&Value::List(vec![Value::Bytes(b"abc".to_vec())])),
        )
        .unwrap();
    let rotated = cdata(
        lib.function("bytes3_rot")
            .unwrap()
            .call(&[b3.value().unwrap()])
            .unwrap(),
    );
    assert_eq!(rotated.read_bytes(3).unwrap(), b"bca");
}

#[test]
fn nested_structs_and_array_members_by_value() {
    let (ffi, lib) = test_lib();
    let init = Value::List(vec![
        Value::List(vec![int(1), int(2)]),
        Value::List(vec![int(4), int(7)]),
    ]);
    let r = ffi.new_cdata("struct rect *", Some(&init)).unwrap();
    assert_eq!(
        lib.function("rect_area")
            .unwrap()
            .call(&[r.value().unwrap()])
            .unwrap(),
        int(15)
    );
    let grown = cdata(
        lib.function("rect_grow")
            .unwrap()
            .call(&[r.value().unwrap(), int(1)])
            .unwrap(),
    );
    let min = cdata(grown.field("min").unwrap());
    assert_eq!(min.field("x").unwrap(), int(0));
    assert_eq!(
        grown.field("max").map(cdata).unwrap().field("y").unwrap(),
        int(8)
    );
    assert_eq!(ffi.offsetof("struct rect", "max.y").unwrap(), 12);
    let w = ffi
        .new_cdata(
            "struct with_array *",
            Some(&Value::List(vec![
                int(3),
                Value::List(vec![int(10), int(20), int(30), int(40)]),
            ])),
        )
        .unwrap();
    assert_eq!(
        lib.function("with_array_sum")
            .unwrap()
            .call(&[w.value().unwrap()])
            .unwrap(),
        int(60)
    );
    let items = cdata(w.field("items").unwrap());
    assert_eq!(items.len(), Some(4));
    assert_eq!(items.get(4).unwrap_err().kind(), ErrorKind::OutOfBounds);
}

#[test]
fn unions_by_value_follow_the_abi() {
    let (ffi, lib) = test_lib();
    let n = ffi
        .new_cdata("union number *", Some(&Value::List(vec![int(-77)])))
        .unwrap();
    assert_eq!(
        lib.function("number_as_int")
            .unwrap()
            .call(&[n.value().unwrap()])
            .unwrap(),
        int(-77)
    );
    let from_float = cdata(
        lib.function("number_from_float")
            .unwrap()
            .call(&[Value::Float(1.0)])
            .unwrap(),
    );
    assert_eq!(from_float.field("i").unwrap(), int(0x3f80_0000));
    let w = cdata(
        lib.function("wide_from_double")
            .unwrap()
            .call(&[Value::Float(2.0)])
            .unwrap(),
    );
    assert_eq!(w.field("d").unwrap(), Value::Float(2.0));
    assert_eq!(
        lib.function("wide_bits")
            .unwrap()
            .call(&[Value::CData(w)])
            .unwrap(),
        int(0x4000_0000_0000_0000)
    );
    let f = cdata(
        lib.function("floaty_make")
            .unwrap()
            .call(&[Value::Float(1.25), Value::Float(2.5)])
            .unwrap(),
    );
    let pair = cdata(f.field("f").unwrap());
    assert_eq!(pair.get(1).unwrap(), Value::Float(2.5));
    assert_eq!(
        lib.function("floaty_sum")
            .unwrap()
            .call(&[Value::CData(f)])
            .unwrap(),
        Value::Float(3.75)
    );
    let t = ffi.new_cdata("struct tagged *", None).unwrap();
    t.set_field("kind", &int(1)).unwrap();
    t.set_field("d", &Value::Float(9.5)).unwrap(); // member of the anonymous union
    assert_eq!(
        lib.function("tagged_value")
            .unwrap()
            .call(&[t.value().unwrap()])
            .unwrap(),
        Value::Float(9.5)
    );
    t.set_field("kind", &int(0)).unwrap();
    t.set_field("i", &int(-12)).unwrap();
    assert_eq!(
        lib.function("tagged_value")
            .unwrap()
            .call(&[t.value().unwrap()])
            .unwrap(),
        Value::Float(-12.0)
    );
}

#[test]
fn pointers_to_owned_memory_without_copies() {
    let (ffi, lib) = test_lib();
    let p = ffi.new_cdata("struct point *", None).unwrap();
    lib.function("point_translate")
        .unwrap()
        .call(&[Value::CData(p.clone()), int(2), int(3)])
        .unwrap();
    assert_eq!(
        (p.field("x").unwrap(), p.field("y").unwrap()),
        (int(2), int(3))
    );
    let arr = ffi
        .new_cdata("int[]", Some(&Value::List((1..=10).map(int).collect())))
        .unwrap();
    let sum = lib.function("sum_array").unwrap();
    assert_eq!(
        sum.call(&[Value::CData(arr.clone()), int(10)]).unwrap(),
        int(55)
    );
    // Pointer arithmetic into the middle of the array.
    assert_eq!(
        sum.call(&[Value::CData(arr.offset(5).unwrap()), int(5)])
            .unwrap(),
        int(6 + 7 + 8 + 9 + 10)
    );
    assert_eq!(arr.offset(11).unwrap_err().kind(), ErrorKind::OutOfBounds);
    // C writes into a caller-provided buffer directly (no copy).
    let mut buffer = vec![0u8; 6 * 4];
    let fill = lib.function("fill_squares").unwrap();
    ffi.with_buffer("int[]", &mut buffer, |view| {
        assert_eq!(view.len(), Some(6));
        fill.call(&[Value::CData(view.clone()), int(6)]).unwrap();
    })
    .unwrap();
    let squares: Vec<i32> = buffer
        .chunks(4)
        .map(|c| i32::from_ne_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(squares, [0, 1, 4, 9, 16, 25]);
    // C strings out into a char buffer.
    let dst = ffi.new_cdata("char[8]", None).unwrap();
    let copied = lib
        .function("copy_string")
        .unwrap()
        .call(&[
            Value::CData(dst.clone()),
            int(8),
            Value::from("truncate me"),
        ])
        .unwrap();
    assert_eq!(copied, int(7));
    assert_eq!(dst.string(None).unwrap(), b"truncat");
}

#[test]
fn linked_structures_and_flexible_arrays() {
    let (ffi, lib) = test_lib();
    let nodes = ffi.new_cdata("struct list_node[3]", None).unwrap();
    for i in 0..3 {
        let node = cdata(nodes.get(i).unwrap());
        node.set_field("value", &int(10 * (i as i128 + 1))).unwrap();
        let next = if i < 2 {
            Value::CData(nodes.offset(i + 1).unwrap())
        } else {
            Value::Null
        };
        node.set_field("next", &next).unwrap();
    }
    assert_eq!(
        lib.function("list_sum")
            .unwrap()
            .call(&[Value::CData(nodes.clone())])
            .unwrap(),
        int(60)
    );
    // A pointer read back from memory it points into keeps that memory's bounds.
    let second = cdata(cdata(nodes.get(0).unwrap()).field("next").unwrap());
    assert!(second.has_known_bounds());
    assert_eq!(second.field("value").unwrap(), int(20));
    // A flexible array member: allocate the header plus room for the items by hand.
    assert_eq!(ffi.sizeof("struct flex").unwrap(), 4);
    let raw = ffi
        .new_cdata(
            "int[]",
            Some(&Value::List(vec![int(3), int(1), int(2), int(3)])),
        )
        .unwrap();
    let flex = cdata(ffi.cast("struct flex *", &Value::CData(raw)).unwrap());
    let data = cdata(flex.field("data").unwrap());
    assert_eq!(data.get(2).unwrap(), int(3));
    assert_eq!(data.get(3).unwrap_err().kind(), ErrorKind::OutOfBounds); // past the allocation
    assert_eq!(
        lib.function("flex_sum")
            .unwrap()
            .call(&[Value::CData(flex)])
            .unwrap(),
        int(6)
    );
}

#[test]
fn globals_and_pointers_returned_by_c() {
    let (ffi, lib) = test_lib();
    let counter = lib.variable("counter").unwrap();
    assert_eq!(counter.value().unwrap(), int(42));
    counter.set(0, &int(43)).unwrap();
    assert_eq!(counter.value().unwrap(), int(43));
    assert_eq!(counter.get(1).unwrap_err().kind(), ErrorKind::OutOfBounds);
    let greeting = cdata(lib.variable("greeting").unwrap().value().unwrap());
    assert_eq!(greeting.string(None).unwrap(), b"hello from C");
    let numbers = cdata(lib.variable("numbers").unwrap().value().unwrap());
    assert_eq!(numbers.type_name(), "int[5]");
    assert_eq!(numbers.get(4).unwrap(), int(5));
    let from_c = cdata(lib.function("get_greeting").unwrap().call(&[]).unwrap());
    assert_eq!(ffi.string(&from_c, Some(5)).unwrap(), b"hello");
    let nums = cdata(lib.function("get_numbers").unwrap().call(&[]).unwrap());
    assert!(!nums.has_known_bounds());
    assert_eq!(nums.get(2).unwrap(), int(3));
    let null = cdata(lib.function("null_pointer").unwrap().call(&[]).unwrap());
    assert!(null.is_null());
    let as_int = cdata(ffi.cast("int *", &Value::CData(null)).unwrap());
    assert_eq!(as_int.get(0).unwrap_err().kind(), ErrorKind::NullPointer);
}

#[test]
fn errno_is_captured_right_after_the_call() {
    let (ffi, lib) = test_lib();
    let set = lib.function("set_errno_to").unwrap();
    let read = lib.function("read_errno").unwrap();
    set.call(&[int(34)]).unwrap();
    // Rust work in between (allocation, formatting) must not change what we saw.
    let _noise: Vec<String> = (0..100).map(|i| format!("{i}")).collect();
    assert_eq!(ffi.errno(), 34);
    // The saved errno is what the next call starts with.
    ffi.set_errno(11);
    assert_eq!(read.call(&[]).unwrap(), int(11));
    set.call_via_libffi(&[int(7)]).unwrap();
    assert_eq!(ffi.errno(), 7);
}

#[test]
fn callbacks_receive_and_return_every_kind() {
    let (ffi, lib) = test_lib();
    let multiply = ffi
        .callback("binop", |args| {
            Ok(Value::Int(
                args[0].as_int().unwrap() * args[1].as_int().unwrap(),
            ))
        })
        .unwrap();
    let apply = lib.function("apply_binop").unwrap();
    assert_eq!(
        apply
            .call(&[Value::CData(multiply.to_cdata()), int(6), int(7)])
            .unwrap(),
        int(42)
    );
    let items = ffi
        .new_cdata(
            "int[]",
            Some(&Value::List(vec![int(1), int(2), int(3), int(4)])),
        )
        .unwrap();
    let fold = lib.function("fold").unwrap();
    assert_eq!(
        fold.call(&[
            Value::CData(multiply.to_cdata()),
            Value::CData(items),
            int(4),
            int(1)
        ])
        .unwrap(),
        int(24)
    );
    let square = ffi
        .callback("double(*)(double)", |args| {
            Ok(Value::Float(args[0].as_float().unwrap().powi(2)))
        })
        .unwrap();
    let area = lib
        .function("integrate")
        .unwrap()
        .call(&[
            Value::CData(square.to_cdata()),
            Value::Float(0.0),
            Value::Float(3.0),
            int(1000),
        ])
        .unwrap();
    assert!((area.as_float().unwrap() - 9.0).abs() < 1e-4);
    let by_value = ffi
        .callback("int(*)(struct point)", |args| {
            let p = args[0].as_cdata().unwrap();
            Ok(Value::Int(
                p.field("x")?.as_int().unwrap() - p.field("y")?.as_int().unwrap(),
            ))
        })
        .unwrap();
    let r = lib
        .function("call_with_point")
        .unwrap()
        .call(&[Value::CData(by_value.to_cdata()), int(10), int(3)])
        .unwrap();
    assert_eq!(r, int(7));
    let maker = ffi
        .callback("struct point(*)(int)", |args| {
            let v = args[0].as_int().unwrap();
            Ok(Value::List(vec![Value::Int(v), Value::Int(-v)]))
        })
        .unwrap();
    let made = cdata(
        lib.function("call_point_maker")
            .unwrap()
            .call(&[Value::CData(maker.to_cdata()), int(9)])
            .unwrap(),
    );
    assert_eq!(
        (made.field("x").unwrap(), made.field("y").unwrap()),
        (int(9), int(-9))
    );
    let narrow = ffi
        .callback("int8_t(*)(int8_t)", |args| {
            Ok(Value::Int(args[0].as_int().unwrap() - 1))
        })
        .unwrap();
    let r = lib
        .function("call_narrow")
        .unwrap()
        .call(&[Value::CData(narrow.to_cdata()), int(-127)])
        .unwrap();
    assert_eq!(r, int(-128));
    let floats = ffi
        .callback("float(*)(float, double)", |args| {
            Ok(Value::Float(
                args[0].as_float().unwrap() * args[1].as_float().unwrap(),
            ))
        })
        .unwrap();
    let r = lib
        .function("call_float")
        .unwrap()
        .call(&[
            Value::CData(floats.to_cdata()),
            Value::Float(1.5),
            Value::Float(4.0),
        ])
        .unwrap();
    assert_eq!(r, Value::Float(6.0));
    assert!(multiply.take_errors().is_empty());
}

#[test]
fn failing_callbacks_return_zero_and_report() {
    let (ffi, lib) = test_lib();
    let apply = lib.function("apply_binop").unwrap();
    let erroring = ffi
        .callback("binop", |_| {
            Err(tern_ffi::Error::new(ErrorKind::Callback, "nope"))
        })
        .unwrap();
    assert_eq!(
        apply
            .call(&[Value::CData(erroring.to_cdata()), int(1), int(2)])
            .unwrap(),
        int(0)
    );
    let errors = erroring.take_errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].message(), "nope");
    let wrong_type = ffi.callback("binop", |_| Ok(Value::Float(1.5))).unwrap();
    assert_eq!(
        apply
            .call(&[Value::CData(wrong_type.to_cdata()), int(1), int(2)])
            .unwrap(),
        int(0)
    );
    assert!(
        wrong_type.take_errors()[0]
            .message()
            .contains("callback result")
    );
    let overflow = ffi.callback("binop", |_| Ok(Value::Int(1 << 40))).unwrap();
    assert_eq!(
        apply
            .call(&[Value::CData(overflow.to_cdata()), int(1), int(2)])
            .unwrap(),
        int(0)
    );
    assert_eq!(overflow.take_errors()[0].kind(), ErrorKind::Overflow);
    let panicking = ffi.callback("binop", |_| panic!("boom")).unwrap();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = apply.call(&[Value::CData(panicking.to_cdata()), int(1), int(2)]);
    std::panic::set_hook(previous_hook);
    assert_eq!(result.unwrap(), int(0));
    assert!(panicking.take_errors()[0].message().contains("boom"));
}

#[test]
fn callback_errno_flows_both_ways() {
    let (ffi, lib) = test_lib();
    let f = ffi
        .callback("int(*)(void)", |_| {
            assert_eq!(tern_ffi::errno(), 0, "the callback sees C's errno");
            tern_ffi::set_errno(5);
            Ok(Value::Int(1))
        })
        .unwrap();
    let r = lib
        .function("callback_then_errno")
        .unwrap()
        .call(&[Value::CData(f.to_cdata())])
        .unwrap();
    assert_eq!(r, int(5001));
    assert!(f.take_errors().is_empty());
}

#[test]
fn callbacks_stay_alive_while_their_cdata_lives() {
    let (ffi, lib) = test_lib();
    let pointer = {
        let callback = ffi
            .callback("binop", |args| {
                Ok(Value::Int(args[0].as_int().unwrap() + 100))
            })
            .unwrap();
        callback.to_cdata()
    }; // the Callback handle is gone; the cdata keeps the closure alive
    let r = lib
        .function("apply_binop")
        .unwrap()
        .call(&[Value::CData(pointer.clone()), int(1), int(0)])
        .unwrap();
    assert_eq!(r, int(101));
    // Calling it from Rust through the ffi as a function pointer works too.
    let f = ffi.function_pointer(&pointer).unwrap();
    assert_eq!(f.call(&[int(5), int(0)]).unwrap(), int(105));
}

#[test]
fn function_pointers_from_c_are_callable() {
    let (ffi, lib) = test_lib();
    let pick = lib.function("pick_binop").unwrap();
    let minus = ffi
        .function_pointer(&cdata(pick.call(&[int(1)]).unwrap()))
        .unwrap();
    assert_eq!(minus.call(&[int(10), int(4)]).unwrap(), int(6));
    let plus = cdata(pick.call(&[int(0)]).unwrap());
    let apply = lib.function("apply_binop").unwrap();
    assert_eq!(
        apply.call(&[Value::CData(plus), int(10), int(4)]).unwrap(),
        int(14)
    );
    let not_fn = ffi.new_cdata("int *", None).unwrap();
    assert_eq!(
        ffi.function_pointer(&not_fn).unwrap_err().kind(),
        ErrorKind::Type
    );
}

#[test]
fn variadic_calls_apply_default_promotions() {
    let (ffi, lib) = test_lib();
    let sum = lib.function("sum_varargs").unwrap();
    let args = [
        int(3),
        ffi.cast("long", &int(1 << 40)).unwrap(),
        ffi.cast("long", &int(-5)).unwrap(),
        int(7),
    ];
    assert_eq!(sum.call(&args).unwrap(), int((1 << 40) - 5 + 7));
    let avg = lib.function("avg_doubles").unwrap();
    let args = [
        int(3),
        Value::Float(1.0),
        ffi.cast("float", &Value::Float(2.0)).unwrap(),
        Value::Float(6.0),
    ];
    assert_eq!(avg.call(&args).unwrap(), Value::Float(3.0));
    let promoted = lib.function("sum_promoted").unwrap();
    let args = [
        int(5),
        ffi.cast("signed char", &int(-3)).unwrap(),
        ffi.cast("unsigned short", &int(65535)).unwrap(),
        Value::Bool(true),
        int(10),
        // Plain `char` is signed on x86-64 and unsigned on AArch64: -1 becomes -1 or 255.
        ffi.cast("char", &int(-1)).unwrap(),
    ];
    let plain_char = if cfg!(target_arch = "aarch64") {
        255
    } else {
        -1
    };
    assert_eq!(
        promoted.call(&args).unwrap(),
        int(-3 + 65535 + 1 + 10 + plain_char)
    );
    let p = ffi
        .new_cdata("struct point *", Some(&Value::List(vec![int(3), int(4)])))
        .unwrap();
    let points = lib.function("point_varargs").unwrap();
    assert_eq!(
        points
            .call(&[int(2), p.value().unwrap(), p.value().unwrap()])
            .unwrap(),
        int(24)
    );
    assert_eq!(sum.call(&[]).unwrap_err().kind(), ErrorKind::Type);
    assert_eq!(
        sum.call(&[int(1), Value::List(vec![])]).unwrap_err().kind(),
        ErrorKind::Type
    );
}

#[test]
fn bad_arguments_are_errors_not_calls() {
    let (ffi, lib) = test_lib();
    let add = lib.function("add_ints").unwrap();
    let e = add.call(&[int(1)]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Type);
    assert_eq!(e.message(), "`add_ints` takes 2 arguments (1 given)");
    let e = add.call(&[int(1), int(1 << 31)]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Overflow);
    assert_eq!(
        e.message(),
        "`add_ints` argument 2: integer 2147483648 does not fit in `int`"
    );
    assert_eq!(
        add.call(&[Value::Float(1.0), int(1)]).unwrap_err().kind(),
        ErrorKind::Type
    );
    let point_sum = lib.function("point_sum").unwrap();
    assert_eq!(
        point_sum.call(&[Value::Null]).unwrap_err().kind(),
        ErrorKind::NullPointer
    );
    let wrong = ffi.new_cdata("struct vec3 *", None).unwrap();
    let e = point_sum.call(&[wrong.value().unwrap()]).unwrap_err();
    assert!(
        e.message().contains("expected a `struct point` value"),
        "{e}"
    );
    let translate = lib.function("point_translate").unwrap();
    let e = translate
        .call(&[Value::CData(wrong), int(0), int(0)])
        .unwrap_err();
    assert!(
        e.message()
            .contains("expected `struct point *`, got cdata `struct vec3 *`"),
        "{e}"
    );
    let e = translate.call(&[int(0x1000), int(0), int(0)]).unwrap_err();
    assert!(e.message().contains("use cast"), "{e}");
    let s = ffi.new_cdata("struct point[1]", None).unwrap();
    let e = translate
        .call(&[s.get(0).unwrap(), int(0), int(0)])
        .unwrap_err();
    assert!(e.message().contains("pass a pointer"), "{e}");
    let e = lib.function("no_such_function").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Type);
    assert!(e.message().contains("not declared"));
    let e = lib.function("counter").unwrap_err();
    assert!(e.message().contains("variable"));
}

#[test]
fn borrowed_buffers_stop_working_after_their_scope() {
    let (ffi, lib) = test_lib();
    let fill = lib.function("fill_squares").unwrap();
    let mut buffer = [0u8; 16];
    let escaped = ffi
        .with_buffer("int[]", &mut buffer, |view| view.clone())
        .unwrap();
    assert_eq!(escaped.get(0).unwrap_err().kind(), ErrorKind::Dangling);
    let e = fill
        .call(&[Value::CData(escaped.clone()), int(4)])
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Dangling);
    assert_eq!(
        escaped.offset(1).unwrap().get(0).unwrap_err().kind(),
        ErrorKind::Dangling
    );
    // A misaligned buffer is refused for an int view.
    let mut bytes = [0u8; 9];
    let e = ffi
        .with_buffer("int[]", &mut bytes[1..], |_| ())
        .unwrap_err();
    assert!(e.message().contains("not aligned") || e.kind() == ErrorKind::Type);
}

#[test]
fn missing_symbols_and_libraries_are_clear_errors() {
    let (ffi, lib) = test_lib();
    ffi.cdef("int declared_but_missing(int);").unwrap();
    let e = lib.function("declared_but_missing").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Symbol);
    assert!(
        e.message()
            .contains("symbol `declared_but_missing` not found"),
        "{e}"
    );
    let e = ffi.dlopen(Some("/nonexistent/libnothing.so")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Library);
    assert!(
        e.message()
            .contains("cannot load `/nonexistent/libnothing.so`"),
        "{e}"
    );
}

#[test]
fn callbacks_refuse_calls_from_other_threads() {
    let (ffi, lib) = test_lib();
    let double = ffi
        .callback("int(*)(int)", |args| {
            Ok(Value::Int(args[0].as_int().unwrap() * 2))
        })
        .unwrap();
    let in_thread = lib.function("call_in_thread").unwrap();
    assert_eq!(
        in_thread
            .call(&[Value::CData(double.to_cdata()), int(21)])
            .unwrap(),
        int(0)
    );
    assert_eq!(double.foreign_thread_calls(), 1);
    // The same callback works from its own thread.
    let apply = ffi.function_pointer(&double.to_cdata()).unwrap();
    assert_eq!(apply.call(&[int(21)]).unwrap(), int(42));
}

/// Arbitrary values of every kind for argument fuzzing.
#[derive(Clone, Debug)]
enum AnyValue {
    Int(i128),
    Float(f64),
    Bool(bool),
    Null,
    Bytes(Vec<u8>),
    List(Vec<i64>),
    IntArray,
    PointStruct,
    Vec3Pointer,
    Void,
}

impl quickcheck::Arbitrary for AnyValue {
    fn arbitrary(g: &mut quickcheck::Gen) -> Self {
        let wide = |g: &mut quickcheck::Gen| match u8::arbitrary(g) % 3 {
            0 => i128::from(i32::arbitrary(g)),
            1 => i128::from(i64::arbitrary(g)),
            _ => i128::arbitrary(g),
        };
        match u8::arbitrary(g) % 10 {
            0 => AnyValue::Int(wide(g)),
            1 => AnyValue::Float(f64::arbitrary(g)),
            2 => AnyValue::Bool(bool::arbitrary(g)),
            3 => AnyValue::Null,
            4 => AnyValue::Bytes(Vec::arbitrary(g)),
            5 => AnyValue::List(Vec::arbitrary(g)),
            6 => AnyValue::IntArray,
            7 => AnyValue::PointStruct,
            8 => AnyValue::Vec3Pointer,
            _ => AnyValue::Void,
        }
    }
}

fn materialize(ffi: &tern_ffi::Ffi, value: &AnyValue) -> Value {
    match value {
        AnyValue::Int(v) => Value::Int(*v),
        AnyValue::Float(f) => Value::Float(*f),
        AnyValue::Bool(b) => Value::Bool(*b),
        AnyValue::Null => Value::Null,
        AnyValue::Bytes(b) => Value::Bytes(b.clone()),
        AnyValue::List(items) => {
            Value::List(items.iter().map(|i| Value::Int((*i).into())).collect())
        }
        AnyValue::IntArray => Value::CData(ffi.new_cdata("int[4]", None).unwrap()),
        AnyValue::PointStruct => ffi
            .new_cdata("struct point *", None)
            .unwrap()
            .value()
            .unwrap(),
        AnyValue::Vec3Pointer => Value::CData(ffi.new_cdata("struct vec3 *", None).unwrap()),
        AnyValue::Void => Value::Void,
    }
}

thread_local! {
    static FUZZ_TARGETS: (tern_ffi::Ffi, Vec<tern_ffi::Function>) = {
        let (ffi, lib) = test_lib();
        let names = ["add_ints", "narrow_neg", "wrap_u8", "is_even", "halve_f", "mix_args", "point_sum", "vec3_dot", "number_as_int", "max_u64"];
        let functions = names.iter().map(|n| lib.function(n).unwrap()).collect();
        (ffi, functions)
    };
}

/// Any argument list to scalar and by-value functions: either a correct call or an error
/// of a conversion kind, never a crash.
fn wrong_arguments_are_errors(which: usize, args: Vec<AnyValue>) -> bool {
    FUZZ_TARGETS.with(|(ffi, functions)| {
        let function = &functions[which % functions.len()];
        let values: Vec<Value> = args.iter().take(6).map(|a| materialize(ffi, a)).collect();
        let direct = function.call(&values);
        let via = function.call_via_libffi(&values);
        match (&direct, &via) {
            (Ok(a), Ok(b)) => a == b || matches!((a, b), (Value::Float(x), Value::Float(y)) if x.is_nan() && y.is_nan()),
            (Err(a), Err(b)) => {
                a.kind() == b.kind()
                    && matches!(
                        a.kind(),
                        // OutOfBounds: more initializers than a by-value struct has members.
                        ErrorKind::Type
                            | ErrorKind::Overflow
                            | ErrorKind::NullPointer
                            | ErrorKind::OutOfBounds
                    )
            }
            _ => false,
        }
    })
}

#[test]
fn random_arguments_never_reach_c_unchecked() {
    QuickCheck::new()
        .tests(500)
        .quickcheck(wrong_arguments_are_errors as fn(usize, Vec<AnyValue>) -> bool);
}

#[test]
fn bitfields_in_memory_and_by_value() {
    let (ffi, lib) = test_lib();
    let made = cdata(
        lib.function("packed_flags_make")
            .unwrap()
            .call(&[int(5), int(-60), int(9), int(-(1 << 38))])
            .unwrap(),
    );
    assert_eq!(made.field("a").unwrap(), int(5));
    assert_eq!(made.field("b").unwrap(), int(-60));
    assert_eq!(made.field("c").unwrap(), int(9));
    assert_eq!(made.field("wide").unwrap(), int(-(1 << 38)));
    let sum = lib.function("packed_flags_sum").unwrap();
    assert_eq!(
        sum.call(&[Value::CData(made.clone())]).unwrap(),
        int(5 - 60 + 9 - (1 << 38))
    );
    // Written by us, read by C, modified by C through a pointer, read back.
    let p = ffi.new_cdata("struct packed_flags *", None).unwrap();
    let b = ffi
        .ctype("struct packed_flags")
        .unwrap()
        .field("b")
        .unwrap();
    p.set_field("a", &int(7)).unwrap();
    b.write_int(&p, 63).unwrap();
    p.set_field("wide", &int(12345)).unwrap();
    assert_eq!(p.field("a").unwrap(), int(7)); // neighbours untouched
    assert_eq!(
        sum.call(&[p.value().unwrap()]).unwrap(),
        int(7 + 63 + 12345)
    );
    lib.function("packed_flags_negate")
        .unwrap()
        .call(&[Value::CData(p.clone())])
        .unwrap();
    assert_eq!(b.read_int(&p).unwrap(), -63);
    assert_eq!(p.field("wide").unwrap(), int(-12345));
    assert_eq!(p.field("a").unwrap(), int(7));
    // Values outside the bit width are errors, not truncations.
    assert_eq!(
        p.set_field("a", &int(8)).unwrap_err().kind(),
        ErrorKind::Overflow
    );
    assert_eq!(
        b.write_int(&p, -65).unwrap_err().kind(),
        ErrorKind::Overflow
    );
    assert_eq!(
        ffi.offsetof("struct packed_flags", "b").unwrap_err().kind(),
        ErrorKind::Type
    );
    assert_eq!(ffi.offsetof("struct packed_flags", "c").unwrap(), 2);
}
