//! Aggregates by value at the edges of the calling conventions, against C compiled for the
//! target: homogeneous floating-point aggregates (AAPCS64 passes up to four floats or
//! doubles of one type in vector registers, nested and in arrays too), what is *not* an HFA
//! (five doubles, mixed float widths, unions of mixed widths), unions that are HFAs, an HFA
//! that no longer fits in the vector registers, HFAs through callbacks and in the variadic
//! part. On x86-64 the same functions exercise SSE eightbyte classification. Each function
//! is called with values whose every field is distinguishable, so a misplaced register
//! shows up as a wrong sum.

mod common;

use common::test_lib;
use tern_ffi::{CData, Value};

fn floats(values: &[f64]) -> Value {
    Value::List(values.iter().map(|v| Value::Float(*v)).collect())
}

fn cdata(value: Value) -> CData {
    match value {
        Value::CData(data) => data,
        other => panic!("expected cdata, got {other:?}"),
    }
}

fn float(value: Value) -> f64 {
    value
        .as_float()
        .unwrap_or_else(|| panic!("expected a float, got {value:?}"))
}

#[test]
fn four_float_hfas_in_and_out() {
    let (ffi, lib) = test_lib();
    let q = ffi
        .new_cdata(
            "struct quad_f *",
            Some(&Value::List(vec![floats(&[1.0, 2.0, 3.0, 4.0])])),
        )
        .unwrap();
    let rev = cdata(
        lib.function("quad_f_rev")
            .unwrap()
            .call(&[q.value().unwrap()])
            .unwrap(),
    );
    let v = cdata(rev.field("v").unwrap());
    let got: Vec<f64> = (0..4).map(|i| float(v.get(i).unwrap())).collect();
    assert_eq!(got, [4.0, 3.0, 2.0, 1.0]);

    let made = cdata(
        lib.function("hfa_nested_make")
            .unwrap()
            .call(&[Value::Float(1.0)])
            .unwrap(),
    );
    let lo = cdata(made.field("lo").unwrap());
    assert_eq!(float(lo.field("b").unwrap()), 2.0);
    let sum = lib
        .function("hfa_nested_sum")
        .unwrap()
        .call(&[Value::CData(made)])
        .unwrap();
    assert_eq!(float(sum), 1.0 + 2.0 * 2.0 + 4.0 * 3.0 + 8.0 * 4.0);
}

#[test]
fn five_doubles_and_mixed_widths_are_not_hfas() {
    let (ffi, lib) = test_lib();
    let five = cdata(
        lib.function("five_d_iota")
            .unwrap()
            .call(&[Value::Float(10.0)])
            .unwrap(),
    );
    let sum = lib
        .function("five_d_sum")
        .unwrap()
        .call(&[Value::CData(five)])
        .unwrap();
    assert_eq!(
        float(sum),
        10.0 + 2.0 * 11.0 + 3.0 * 12.0 + 4.0 * 13.0 + 5.0 * 14.0
    );

    let dq = cdata(
        lib.function("dq_make")
            .unwrap()
            .call(&[Value::Float(1.25), Value::Float(-0.5)])
            .unwrap(),
    );
    assert_eq!(float(dq.field("d").unwrap()), 1.25);
    assert_eq!(float(dq.field("f").unwrap()), -0.5);
    let sum = lib
        .function("dq_sum")
        .unwrap()
        .call(&[Value::CData(dq)])
        .unwrap();
    assert_eq!(float(sum), 2.0);

    let mixed = ffi
        .new_cdata(
            "union hfa_mixed *",
            Some(&Value::List(vec![floats(&[1.5, 2.5])])),
        )
        .unwrap();
    let sum = lib
        .function("hfa_mixed_sum")
        .unwrap()
        .call(&[mixed.value().unwrap(), Value::Float(3.0)])
        .unwrap();
    assert_eq!(float(sum), 12.0);
}

#[test]
fn unions_of_one_float_type_are_hfas() {
    let (ffi, lib) = test_lib();
    let made = cdata(
        lib.function("hfa_u_make")
            .unwrap()
            .call(&[Value::Float(1.0), Value::Float(2.0), Value::Float(3.0)])
            .unwrap(),
    );
    assert_eq!(made.byte_size(), Some(12));
    let b = cdata(made.field("b").unwrap());
    assert_eq!(float(b.get(2).unwrap()), 3.0);
    let sum = lib
        .function("hfa_u_sum")
        .unwrap()
        .call(&[Value::CData(made)])
        .unwrap();
    assert_eq!(float(sum), 321.0);
    // A union built here, passed by value (not one C returned).
    let own = ffi.new_cdata("union hfa_u *", None).unwrap();
    let b = cdata(own.field("b").unwrap());
    for (i, v) in [4.0, 5.0, 6.0].into_iter().enumerate() {
        b.set(i as isize, &Value::Float(v)).unwrap();
    }
    let sum = lib
        .function("hfa_u_sum")
        .unwrap()
        .call(&[own.value().unwrap()])
        .unwrap();
    assert_eq!(float(sum), 654.0);
}

#[test]
fn an_hfa_that_does_not_fit_the_vector_registers_goes_to_the_stack() {
    let (ffi, lib) = test_lib();
    let vec3 = |x: f64| {
        ffi.new_cdata("struct vec3 *", Some(&floats(&[x, x + 1.0, x + 2.0])))
            .unwrap()
            .value()
            .unwrap()
    };
    let r = lib
        .function("hfa_spill")
        .unwrap()
        .call(&[vec3(1.0), vec3(10.0), vec3(100.0), Value::Float(0.25)])
        .unwrap();
    assert_eq!(float(r), 1.0 + 2.0 * 11.0 + 4.0 * 102.0 + 8.0 * 0.25);
}

#[test]
fn hfas_cross_callbacks_both_ways() {
    let (ffi, lib) = test_lib();
    let weigh = ffi
        .callback("float(*)(struct quad_f, float)", |args| {
            let v = cdata(args[0].as_cdata().unwrap().field("v")?);
            let mut sum = 0.0;
            for i in 0..4 {
                sum += v.get(i)?.as_float().unwrap() * f64::from(1u32 << i);
            }
            Ok(Value::Float(sum * args[1].as_float().unwrap()))
        })
        .unwrap();
    let r = lib
        .function("call_quad")
        .unwrap()
        .call(&[Value::CData(weigh.to_cdata()), Value::Float(1.0)])
        .unwrap();
    assert_eq!(float(r), (1.0 + 2.0 * 2.0 + 4.0 * 3.0 + 8.0 * 4.0) * 0.5);
    assert!(weigh.take_errors().is_empty());

    let maker = ffi
        .callback("struct hfa_nested(*)(float)", |args| {
            let a = args[0].as_float().unwrap();
            Ok(Value::List(vec![
                floats(&[a, -a]),
                floats(&[a * 10.0, a * 100.0]),
            ]))
        })
        .unwrap();
    let made = cdata(
        lib.function("call_nested_maker")
            .unwrap()
            .call(&[Value::CData(maker.to_cdata()), Value::Float(2.0)])
            .unwrap(),
    );
    let sum = lib
        .function("hfa_nested_sum")
        .unwrap()
        .call(&[Value::CData(made)])
        .unwrap();
    assert_eq!(float(sum), 2.0 - 2.0 * 2.0 + 4.0 * 20.0 + 8.0 * 200.0);
    assert!(maker.take_errors().is_empty());
}

#[test]
fn hfas_in_the_variadic_part() {
    let (ffi, lib) = test_lib();
    let quad = |base: f64| {
        ffi.new_cdata(
            "struct quad_f *",
            Some(&Value::List(vec![floats(&[
                base,
                base + 1.0,
                base + 2.0,
                base + 3.0,
            ])])),
        )
        .unwrap()
        .value()
        .unwrap()
    };
    let r = lib
        .function("quad_varargs")
        .unwrap()
        .call(&[Value::Int(3), quad(1.0), quad(10.0), quad(100.0)])
        .unwrap();
    assert_eq!(float(r), 10.0 + 46.0 + 406.0);
}
