//! Calls into the real C library and math library.

use tern_ffi::{CData, ErrorKind, Ffi, Value};

const LIBC_DECLS: &str = r#"
    size_t strlen(const char *s);
    int abs(int j);
    void qsort(void *base, size_t nmemb, size_t size,
               int (*compar)(const void *, const void *));
    int snprintf(char *str, size_t size, const char *format, ...);
    char *getenv(const char *name);
    long strtol(const char *nptr, char **endptr, int base);
    void *memcpy(void *dest, const void *src, size_t n);
    int close(int fd);
    #define ERANGE 34
    #define EBADF 9
"#;

const LIBM_DECLS: &str = r#"
    double cos(double x);
    double frexp(double x, int *exp);
    double ldexp(double x, int exp);
    float sqrtf(float x);
    double pow(double x, double y);
"#;

fn libc() -> (Ffi, tern_ffi::Library) {
    let ffi = Ffi::new();
    ffi.cdef(LIBC_DECLS).unwrap();
    let lib = ffi.dlopen(None).unwrap();
    (ffi, lib)
}

fn libm() -> (Ffi, tern_ffi::Library) {
    let ffi = Ffi::new();
    ffi.cdef(LIBM_DECLS).unwrap();
    let lib = ffi.dlopen(Some("libm.so.6")).unwrap();
    (ffi, lib)
}

fn cdata(value: Value) -> CData {
    match value {
        Value::CData(data) => data,
        other => panic!("expected cdata, got {other:?}"),
    }
}

#[test]
fn strlen_and_abs() {
    let (ffi, lib) = libc();
    let strlen = lib.function("strlen").unwrap();
    assert!(strlen.has_direct_path());
    assert_eq!(strlen.call(&[Value::from("")]).unwrap(), Value::Int(0));
    assert_eq!(strlen.call(&[Value::from("tern")]).unwrap(), Value::Int(4));
    let owned = ffi.new_c_string(b"owned string").unwrap();
    assert_eq!(strlen.call(&[Value::CData(owned)]).unwrap(), Value::Int(12));
    let abs = lib.function("abs").unwrap();
    assert_eq!(abs.call(&[Value::Int(-17)]).unwrap(), Value::Int(17));
    assert_eq!(
        abs.call_via_libffi(&[Value::Int(-17)]).unwrap(),
        Value::Int(17)
    );
    assert_eq!(
        abs.call(&[Value::Int(1 << 33)]).unwrap_err().kind(),
        ErrorKind::Overflow
    );
    assert_eq!(
        strlen.call(&[Value::Int(5)]).unwrap_err().kind(),
        ErrorKind::Type
    );
}

#[test]
fn qsort_with_a_rust_comparator() {
    let (ffi, lib) = libc();
    let values: [i128; 9] = [5, -3, 12, 0, 7, 7, -20, 100, 1];
    let items: Vec<Value> = values.iter().map(|v| Value::Int(*v)).collect();
    let array = ffi.new_cdata("int[]", Some(&Value::List(items))).unwrap();
    let ffi2 = ffi.clone();
    let compare = ffi
        .callback("int(*)(const void *, const void *)", move |args| {
            let a = cdata(ffi2.cast("int *", &args[0])?).value()?;
            let b = cdata(ffi2.cast("int *", &args[1])?).value()?;
            let (a, b) = (a.as_int().unwrap(), b.as_int().unwrap());
            Ok(Value::Int((a > b) as i128 - (a < b) as i128))
        })
        .unwrap();
    lib.function("qsort")
        .unwrap()
        .call(&[
            Value::CData(array.clone()),
            Value::Int(values.len() as i128),
            Value::Int(4),
            Value::CData(compare.to_cdata()),
        ])
        .unwrap();
    let sorted: Vec<i128> = (0..values.len() as isize)
        .map(|i| array.get(i).unwrap().as_int().unwrap())
        .collect();
    let mut expected = values.to_vec();
    expected.sort();
    assert_eq!(sorted, expected);
    assert!(compare.take_errors().is_empty());
}

#[test]
fn snprintf_is_variadic() {
    let (ffi, lib) = libc();
    let buffer = ffi.new_cdata("char[64]", None).unwrap();
    let n = lib
        .function("snprintf")
        .unwrap()
        .call(&[
            Value::CData(buffer.clone()),
            Value::Int(64),
            Value::from("%s=%d %.2f %ld %c %u"),
            Value::from("answer"),
            Value::Int(42),
            Value::Float(1.23456),
            ffi.cast("long", &Value::Int(-1 << 40)).unwrap(),
            ffi.cast("char", &Value::Int(i128::from(b'Z'))).unwrap(),
            ffi.cast("unsigned int", &Value::Int(4_000_000_000))
                .unwrap(),
        ])
        .unwrap();
    let expected = "answer=42 1.23 -1099511627776 Z 4000000000";
    assert_eq!(n, Value::Int(expected.len() as i128));
    assert_eq!(buffer.string(None).unwrap(), expected.as_bytes());
}

#[test]
fn getenv_returns_c_strings_or_null() {
    let (_, lib) = libc();
    let getenv = lib.function("getenv").unwrap();
    let path = cdata(getenv.call(&[Value::from("PATH")]).unwrap());
    let expected = std::env::var("PATH").unwrap();
    assert_eq!(path.string(None).unwrap(), expected.as_bytes());
    let missing = cdata(
        getenv
            .call(&[Value::from("TERN_FFI_SURELY_NOT_SET_42")])
            .unwrap(),
    );
    assert!(missing.is_null());
    assert_eq!(
        missing.string(None).unwrap_err().kind(),
        ErrorKind::NullPointer
    );
}

#[test]
fn strtol_reports_overflow_through_errno() {
    let (ffi, lib) = libc();
    let strtol = lib.function("strtol").unwrap();
    let input = ffi
        .new_c_string(b"123456789012345678901234567890 rest")
        .unwrap();
    let end = ffi.new_cdata("char **", None).unwrap();
    ffi.set_errno(0);
    let value = strtol
        .call(&[
            Value::CData(input.clone()),
            Value::CData(end.clone()),
            Value::Int(10),
        ])
        .unwrap();
    assert_eq!(value, Value::Int(i128::from(i64::MAX)));
    assert_eq!(ffi.errno(), ffi.constant("ERANGE").unwrap() as i32);
    // The end pointer points back into our buffer, 30 characters in.
    let end_ptr = cdata(end.value().unwrap());
    assert_eq!(end_ptr.offset_from(&input.offset(0).unwrap()).unwrap(), 30);
    assert_eq!(end_ptr.string(None).unwrap(), b" rest");
    // A successful parse leaves the errno the call started with (here 0).
    ffi.set_errno(0);
    let value = strtol
        .call(&[Value::from("-77"), Value::Null, Value::Int(10)])
        .unwrap();
    assert_eq!(value, Value::Int(-77));
    assert_eq!(ffi.errno(), 0);
}

#[test]
fn errno_from_a_failing_system_call() {
    let (ffi, lib) = libc();
    ffi.set_errno(0);
    assert_eq!(
        lib.function("close")
            .unwrap()
            .call(&[Value::Int(-1)])
            .unwrap(),
        Value::Int(-1)
    );
    assert_eq!(ffi.errno(), ffi.constant("EBADF").unwrap() as i32);
}

#[test]
fn memcpy_between_owned_buffers() {
    let (ffi, lib) = libc();
    let src = ffi
        .new_cdata(
            "int[]",
            Some(&Value::List(vec![
                Value::Int(1),
                Value::Int(2),
                Value::Int(3),
            ])),
        )
        .unwrap();
    let dst = ffi.new_cdata("int[3]", None).unwrap();
    lib.function("memcpy")
        .unwrap()
        .call(&[Value::CData(dst.clone()), Value::CData(src), Value::Int(12)])
        .unwrap();
    assert_eq!(dst.get(2).unwrap(), Value::Int(3));
}

#[test]
fn libm_cos_and_friends() {
    let (_, lib) = libm();
    let cos = lib.function("cos").unwrap();
    assert!(cos.has_direct_path());
    for x in [0.0, 0.5, 1.0, std::f64::consts::PI, -2.5, 1e6] {
        assert_eq!(cos.call(&[Value::Float(x)]).unwrap(), Value::Float(x.cos()));
        assert_eq!(
            cos.call_via_libffi(&[Value::Float(x)]).unwrap(),
            Value::Float(x.cos())
        );
    }
    // Integers convert to double arguments.
    assert_eq!(cos.call(&[Value::Int(0)]).unwrap(), Value::Float(1.0));
    let ldexp = lib.function("ldexp").unwrap();
    assert_eq!(
        ldexp.call(&[Value::Float(0.75), Value::Int(4)]).unwrap(),
        Value::Float(12.0)
    );
    let sqrtf = lib.function("sqrtf").unwrap();
    assert!(!sqrtf.has_direct_path());
    assert_eq!(
        sqrtf.call(&[Value::Float(2.25)]).unwrap(),
        Value::Float(1.5)
    );
    let pow = lib.function("pow").unwrap();
    assert_eq!(
        pow.call(&[Value::Float(2.0), Value::Float(10.0)]).unwrap(),
        Value::Float(1024.0)
    );
}

#[test]
fn libm_frexp_writes_through_an_out_pointer() {
    let (ffi, lib) = libm();
    let frexp = lib.function("frexp").unwrap();
    let exponent = ffi.new_cdata("int *", None).unwrap();
    let mantissa = frexp
        .call(&[Value::Float(48.0), Value::CData(exponent.clone())])
        .unwrap();
    assert_eq!(mantissa, Value::Float(0.75));
    assert_eq!(exponent.value().unwrap(), Value::Int(6));
    // A pointer of another type is refused before the call.
    let wrong = ffi.new_cdata("long *", None).unwrap();
    let e = frexp
        .call(&[Value::Float(1.0), Value::CData(wrong)])
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Type);
    assert!(
        e.message().contains("expected `int *`, got cdata `long *`"),
        "{e}"
    );
}
