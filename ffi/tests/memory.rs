//! C memory through `CData`, checked against simple models: an array with a moving
//! pointer against a `Vec`, struct members against a `#[repr(C)]` Rust mirror's bytes,
//! and the error cases (bounds, NULL, types, ranges) that must never reach memory.

use quickcheck::{Arbitrary, Gen, QuickCheck};
use tern_ffi::{CData, ErrorKind, Ffi, Value};

const LEN: usize = 12;

fn cdata(value: Value) -> CData {
    match value {
        Value::CData(data) => data,
        other => panic!("expected cdata, got {other:?}"),
    }
}

#[derive(Clone, Debug)]
enum ArrayOp {
    SetViaArray(i16, i64),
    GetViaArray(i16),
    Move(i16),
    SetViaPointer(i16, i64),
    GetViaPointer(i16),
    ReadByte(i16),
    CopyOut,
}

impl Arbitrary for ArrayOp {
    fn arbitrary(g: &mut Gen) -> Self {
        let index = |g: &mut Gen| (i16::arbitrary(g) % 16) - 2;
        let value = |g: &mut Gen| {
            if bool::arbitrary(g) {
                i64::from(i32::arbitrary(g))
            } else {
                i64::arbitrary(g)
            }
        };
        match u8::arbitrary(g) % 7 {
            0 => ArrayOp::SetViaArray(index(g), value(g)),
            1 => ArrayOp::GetViaArray(index(g)),
            2 => ArrayOp::Move(i16::arbitrary(g) % 8),
            3 => ArrayOp::SetViaPointer(index(g), value(g)),
            4 => ArrayOp::GetViaPointer(index(g)),
            5 => ArrayOp::ReadByte(i16::arbitrary(g) % 56),
            _ => ArrayOp::CopyOut,
        }
    }
}

/// Runs the operations on an `int[LEN]` and a moving `int *`, and on the model; every
/// result (value or error kind) must agree.
fn array_matches_model(ops: Vec<ArrayOp>) -> bool {
    let ffi = Ffi::new();
    let array = ffi.new_cdata("int[12]", None).unwrap();
    let mut pointer = array.offset(0).unwrap();
    let mut model = [0i32; LEN];
    let mut position: i64 = 0;
    let in_array = |i: i64| (0..LEN as i64).contains(&i);
    for op in ops {
        let ok = match op {
            ArrayOp::SetViaArray(i, v) => {
                let result = array.set(isize::from(i), &Value::Int(v.into()));
                match (in_array(i.into()), i32::try_from(v)) {
                    (true, Ok(v32)) => {
                        model[i as usize] = v32;
                        result.is_ok()
                    }
                    (false, _) => result.unwrap_err().kind() == ErrorKind::OutOfBounds,
                    (true, Err(_)) => result.unwrap_err().kind() == ErrorKind::Overflow,
                }
            }
            ArrayOp::GetViaArray(i) => match array.get(isize::from(i)) {
                Ok(value) => in_array(i.into()) && value == Value::Int(model[i as usize].into()),
                Err(e) => !in_array(i.into()) && e.kind() == ErrorKind::OutOfBounds,
            },
            ArrayOp::Move(n) => {
                let target = position + i64::from(n);
                match pointer.offset(isize::from(n)) {
                    Ok(moved) => {
                        pointer = moved;
                        position = target;
                        (0..=LEN as i64).contains(&target)
                    }
                    Err(e) => {
                        !(0..=LEN as i64).contains(&target) && e.kind() == ErrorKind::OutOfBounds
                    }
                }
            }
            ArrayOp::SetViaPointer(k, v) => {
                let target = position + i64::from(k);
                let result = pointer.set(isize::from(k), &Value::Int(v.into()));
                match (in_array(target), i32::try_from(v)) {
                    (true, Ok(v32)) => {
                        model[target as usize] = v32;
                        result.is_ok()
                    }
                    (false, _) => result.unwrap_err().kind() == ErrorKind::OutOfBounds,
                    (true, Err(_)) => result.unwrap_err().kind() == ErrorKind::Overflow,
                }
            }
            ArrayOp::GetViaPointer(k) => {
                let target = position + i64::from(k);
                match pointer.get(isize::from(k)) {
                    Ok(value) => {
                        in_array(target) && value == Value::Int(model[target as usize].into())
                    }
                    Err(e) => !in_array(target) && e.kind() == ErrorKind::OutOfBounds,
                }
            }
            ArrayOp::ReadByte(b) => {
                let bytes = cdata(
                    ffi.cast("unsigned char *", &Value::CData(array.clone()))
                        .unwrap(),
                );
                let model_bytes: Vec<u8> = model.iter().flat_map(|v| v.to_ne_bytes()).collect();
                match bytes.get(isize::from(b)) {
                    Ok(value) => {
                        (0..48).contains(&b) && value == Value::Int(model_bytes[b as usize].into())
                    }
                    Err(e) => !(0..48).contains(&b) && e.kind() == ErrorKind::OutOfBounds,
                }
            }
            ArrayOp::CopyOut => {
                let bytes = array.read_bytes(LEN * 4).unwrap();
                let model_bytes: Vec<u8> = model.iter().flat_map(|v| v.to_ne_bytes()).collect();
                bytes == model_bytes && array.read_bytes(LEN * 4 + 1).is_err()
            }
        };
        if !ok {
            return false;
        }
    }
    true
}

#[test]
fn array_and_pointer_operations_match_a_model() {
    QuickCheck::new()
        .tests(500)
        .quickcheck(array_matches_model as fn(Vec<ArrayOp>) -> bool);
}

/// The Rust mirror of `struct record`.
#[repr(C)]
#[derive(Default)]
struct Record {
    c: i8,
    s: i16,
    i: i32,
    l: i64,
    f: f32,
    d: f64,
    uc: u8,
    b: bool,
    p: usize,
}

const RECORD_DECL: &str = "struct record { signed char c; short s; int i; long l; float f; double d; \
                           unsigned char uc; _Bool b; void *p; };";

#[derive(Clone, Debug)]
enum FieldWrite {
    C(i8),
    S(i16),
    I(i32),
    L(i64),
    F(f32),
    D(f64),
    Uc(u8),
    B(bool),
}

impl Arbitrary for FieldWrite {
    fn arbitrary(g: &mut Gen) -> Self {
        match u8::arbitrary(g) % 8 {
            0 => FieldWrite::C(i8::arbitrary(g)),
            1 => FieldWrite::S(i16::arbitrary(g)),
            2 => FieldWrite::I(i32::arbitrary(g)),
            3 => FieldWrite::L(i64::arbitrary(g)),
            4 => FieldWrite::F(f32::arbitrary(g)),
            5 => FieldWrite::D(f64::arbitrary(g)),
            6 => FieldWrite::Uc(u8::arbitrary(g)),
            _ => FieldWrite::B(bool::arbitrary(g)),
        }
    }
}

fn record_bytes(record: &Record) -> Vec<u8> {
    // Field by field at Rust's (C-compatible) offsets, padding left zero.
    let mut bytes = vec![0u8; std::mem::size_of::<Record>()];
    let mut put =
        |offset: usize, data: &[u8]| bytes[offset..offset + data.len()].copy_from_slice(data);
    put(std::mem::offset_of!(Record, c), &record.c.to_ne_bytes());
    put(std::mem::offset_of!(Record, s), &record.s.to_ne_bytes());
    put(std::mem::offset_of!(Record, i), &record.i.to_ne_bytes());
    put(std::mem::offset_of!(Record, l), &record.l.to_ne_bytes());
    put(std::mem::offset_of!(Record, f), &record.f.to_ne_bytes());
    put(std::mem::offset_of!(Record, d), &record.d.to_ne_bytes());
    put(std::mem::offset_of!(Record, uc), &[record.uc]);
    put(std::mem::offset_of!(Record, b), &[u8::from(record.b)]);
    put(std::mem::offset_of!(Record, p), &record.p.to_ne_bytes());
    bytes
}

/// Writes through names and through precomputed accessors alternately; the C bytes must
/// always equal the Rust mirror's bytes, and reads must return what was written.
fn struct_matches_mirror(writes: Vec<FieldWrite>) -> bool {
    let ffi = Ffi::new();
    ffi.cdef(RECORD_DECL).unwrap();
    let data = ffi.new_cdata("struct record *", None).unwrap();
    let ty = ffi.ctype("struct record").unwrap();
    let mut mirror = Record::default();
    for (n, write) in writes.into_iter().enumerate() {
        let (name, value) = match write {
            FieldWrite::C(v) => {
                mirror.c = v;
                ("c", Value::Int(v.into()))
            }
            FieldWrite::S(v) => {
                mirror.s = v;
                ("s", Value::Int(v.into()))
            }
            FieldWrite::I(v) => {
                mirror.i = v;
                ("i", Value::Int(v.into()))
            }
            FieldWrite::L(v) => {
                mirror.l = v;
                ("l", Value::Int(v.into()))
            }
            FieldWrite::F(v) => {
                mirror.f = v;
                ("f", Value::Float(v.into()))
            }
            FieldWrite::D(v) => {
                mirror.d = v;
                ("d", Value::Float(v))
            }
            FieldWrite::Uc(v) => {
                mirror.uc = v;
                ("uc", Value::Int(v.into()))
            }
            FieldWrite::B(v) => {
                mirror.b = v;
                ("b", Value::Bool(v))
            }
        };
        let read_back = match n % 3 {
            0 => {
                data.set_field(name, &value).unwrap();
                data.field(name).unwrap()
            }
            1 => {
                let accessor = ty.field(name).unwrap();
                accessor.set(&data, &value).unwrap();
                accessor.get(&data).unwrap()
            }
            _ => {
                // The typed accessors.
                let accessor = ty.field(name).unwrap();
                match &value {
                    Value::Float(f) => {
                        accessor.write_float(&data, *f).unwrap();
                        assert!(accessor.read_int(&data).is_err());
                        Value::Float(accessor.read_float(&data).unwrap())
                    }
                    Value::Bool(b) => {
                        accessor.write_int(&data, i128::from(*b)).unwrap();
                        assert!(accessor.write_int(&data, 2).is_err());
                        Value::Bool(accessor.read_int(&data).unwrap() != 0)
                    }
                    other => {
                        let int = other.as_int().unwrap();
                        accessor.write_int(&data, int).unwrap();
                        assert!(accessor.read_float(&data).is_err());
                        Value::Int(accessor.read_int(&data).unwrap())
                    }
                }
            }
        };
        let same = match (&read_back, &value) {
            (Value::Float(a), Value::Float(b)) => {
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
            }
            (a, b) => a == b,
        };
        if !same || data.read_bytes(std::mem::size_of::<Record>()).unwrap() != record_bytes(&mirror)
        {
            return false;
        }
    }
    ffi.sizeof("struct record").unwrap() == std::mem::size_of::<Record>()
}

#[test]
fn struct_members_match_a_repr_c_mirror() {
    QuickCheck::new()
        .tests(300)
        .quickcheck(struct_matches_mirror as fn(Vec<FieldWrite>) -> bool);
}

#[test]
fn accessors_check_the_type_and_null() {
    let ffi = Ffi::new();
    ffi.cdef(RECORD_DECL).unwrap();
    ffi.cdef("struct other { int i; };").unwrap();
    let accessor = ffi.ctype("struct record").unwrap().field("i").unwrap();
    assert_eq!(accessor.offset(), 4);
    let other = ffi.new_cdata("struct other *", None).unwrap();
    assert_eq!(accessor.get(&other).unwrap_err().kind(), ErrorKind::Type);
    let null = cdata(ffi.cast("struct record *", &Value::Null).unwrap());
    assert_eq!(
        accessor.get(&null).unwrap_err().kind(),
        ErrorKind::NullPointer
    );
    assert_eq!(null.field("i").unwrap_err().kind(), ErrorKind::NullPointer);
    // The same accessor on the struct itself and on a pointer to it.
    let p = ffi.new_cdata("struct record *", None).unwrap();
    let s = cdata(p.value().unwrap());
    accessor.set(&s, &Value::Int(9)).unwrap();
    assert_eq!(accessor.get(&p).unwrap(), Value::Int(9));
    // An accessor from another Ffi is refused even for a same-shaped struct.
    let other_ffi = Ffi::new();
    other_ffi.cdef(RECORD_DECL).unwrap();
    let foreign = other_ffi
        .ctype("struct record")
        .unwrap()
        .field("i")
        .unwrap();
    assert_eq!(foreign.get(&p).unwrap_err().kind(), ErrorKind::Type);
    assert_eq!(
        ffi.ctype("struct record")
            .unwrap()
            .field("nope")
            .unwrap_err()
            .kind(),
        ErrorKind::Type
    );
    // Typed accessors check ranges and kinds.
    let c = ffi.ctype("struct record").unwrap().field("c").unwrap();
    assert_eq!(
        c.write_int(&p, 200).unwrap_err().kind(),
        ErrorKind::Overflow
    );
    c.write_int(&p, -100).unwrap();
    assert_eq!(c.read_int(&p).unwrap(), -100);
    assert_eq!(
        c.read_int(&null).unwrap_err().kind(),
        ErrorKind::NullPointer
    );
    assert_eq!(c.read_float(&p).unwrap_err().kind(), ErrorKind::Type);
    // A pointer member through an accessor.
    let ptr = ffi.ctype("struct record").unwrap().field("p").unwrap();
    ptr.set(&p, &Value::CData(other.clone())).unwrap();
    assert_eq!(cdata(ptr.get(&p).unwrap()).address(), other.address());
}

#[test]
fn strings_stop_at_nul_or_at_the_end_of_known_memory() {
    let ffi = Ffi::new();
    let full = ffi
        .new_cdata("char[4]", Some(&Value::Bytes(b"abcd".to_vec())))
        .unwrap();
    assert_eq!(full.string(None).unwrap(), b"abcd"); // no NUL inside: bounded by the array
    let short = ffi.new_c_string(b"hi\0there").unwrap();
    assert_eq!(short.string(None).unwrap(), b"hi");
    assert_eq!(short.offset(3).unwrap().string(None).unwrap(), b"there");
    assert_eq!(short.offset(3).unwrap().string(Some(2)).unwrap(), b"th");
    let as_ptr = cdata(ffi.cast("char *", &Value::CData(full)).unwrap());
    assert_eq!(as_ptr.string(None).unwrap(), b"abcd"); // the cast kept the bounds
    let ints = ffi.new_cdata("int[2]", None).unwrap();
    assert_eq!(ints.string(None).unwrap_err().kind(), ErrorKind::Type);
    let e = ffi
        .new_cdata("char[2]", Some(&Value::Bytes(b"abc".to_vec())))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutOfBounds);
}

#[test]
fn casts_follow_c_conversions() {
    let ffi = Ffi::new();
    let value = |ty: &str, v: Value| cdata(ffi.cast(ty, &v).unwrap()).value().unwrap();
    assert_eq!(value("unsigned char", Value::Int(300)), Value::Int(44));
    assert_eq!(value("signed char", Value::Int(200)), Value::Int(-56));
    assert_eq!(
        value("unsigned int", Value::Int(-1)),
        Value::Int(u32::MAX.into())
    );
    assert_eq!(value("int", Value::Float(-3.9)), Value::Int(-3));
    assert_eq!(value("_Bool", Value::Int(5)), Value::Bool(true));
    assert_eq!(value("double", Value::Int(3)), Value::Float(3.0));
    assert_eq!(
        value("float", Value::Float(0.1)),
        Value::Float(f64::from(0.1f32))
    );
    let p = ffi.new_cdata("int[4]", None).unwrap();
    let addr = value("uintptr_t", Value::CData(p.clone()));
    assert_eq!(addr, Value::Int(p.address() as i128));
    let back = cdata(ffi.cast("int *", &Value::Int(p.address() as i128)).unwrap());
    assert!(!back.has_known_bounds()); // an address from an integer is foreign memory
    assert_eq!(
        ffi.cast("nothing_t", &Value::Int(0)).unwrap_err().kind(),
        ErrorKind::Cdef
    );
    assert_eq!(
        ffi.cast("struct nothing", &Value::Int(0))
            .unwrap_err()
            .kind(),
        ErrorKind::Type
    );
    ffi.cdef("struct s { int a; };").unwrap();
    assert_eq!(
        ffi.cast("struct s", &Value::Int(0)).unwrap_err().kind(),
        ErrorKind::Type
    );
    assert_eq!(
        ffi.cast("int", &Value::Float(f64::NAN)).unwrap_err().kind(),
        ErrorKind::Overflow
    );
    assert_eq!(
        ffi.cast("int *", &Value::Bytes(b"x".to_vec()))
            .unwrap_err()
            .kind(),
        ErrorKind::Type
    );
}

#[test]
fn pointer_type_checks_on_store() {
    let ffi = Ffi::new();
    ffi.cdef("struct holder { int *ints; void *anything; char *text; };")
        .unwrap();
    let h = ffi.new_cdata("struct holder *", None).unwrap();
    let ints = ffi.new_cdata("int[3]", None).unwrap();
    let longs = ffi.new_cdata("long[3]", None).unwrap();
    h.set_field("ints", &Value::CData(ints.clone())).unwrap(); // array decays
    h.set_field("anything", &Value::CData(longs.clone()))
        .unwrap(); // anything to void *
    assert_eq!(
        h.set_field("ints", &Value::CData(longs))
            .unwrap_err()
            .kind(),
        ErrorKind::Type
    );
    assert_eq!(
        h.set_field("ints", &Value::Int(1)).unwrap_err().kind(),
        ErrorKind::Type
    );
    // Bytes would dangle in memory: only calls accept them for char *.
    assert_eq!(
        h.set_field("text", &Value::from("no")).unwrap_err().kind(),
        ErrorKind::Type
    );
    let void_ptr = cdata(h.field("anything").unwrap());
    h.set_field("ints", &Value::CData(void_ptr)).unwrap(); // void * to anything
    h.set_field("ints", &Value::Null).unwrap();
    assert!(cdata(h.field("ints").unwrap()).is_null());
}

#[test]
fn allocation_errors_are_reported() {
    let ffi = Ffi::new();
    assert_eq!(
        ffi.new_cdata("int", None).unwrap_err().kind(),
        ErrorKind::Type
    );
    assert_eq!(
        ffi.new_cdata("void *", None).unwrap_err().kind(),
        ErrorKind::Type
    );
    assert_eq!(
        ffi.new_cdata("int[]", None).unwrap_err().kind(),
        ErrorKind::Type
    );
    assert_eq!(
        ffi.new_cdata("int[]", Some(&Value::Int(-1)))
            .unwrap_err()
            .kind(),
        ErrorKind::Type
    );
    let huge = ffi
        .new_cdata("char[]", Some(&Value::Int(1 << 62)))
        .unwrap_err();
    assert_eq!(huge.kind(), ErrorKind::Memory);
    ffi.cdef("struct opaque;").unwrap();
    assert_eq!(
        ffi.new_cdata("struct opaque *", None).unwrap_err().kind(),
        ErrorKind::Type
    );
    let sized = ffi.new_cdata("int[]", Some(&Value::Int(5))).unwrap();
    assert_eq!(
        (sized.len(), sized.type_name()),
        (Some(5), "int[5]".to_string())
    );
    let too_many = ffi
        .new_cdata("int[2]", Some(&Value::List(vec![Value::Int(1); 3])))
        .unwrap_err();
    assert_eq!(too_many.kind(), ErrorKind::OutOfBounds);
}

#[test]
fn raw_buffers_from_elsewhere_are_bounded_and_kept_alive() {
    use std::cell::Cell;
    use std::rc::Rc;
    struct Pin {
        storage: Vec<u64>,
        released: Rc<Cell<bool>>,
    }
    impl Drop for Pin {
        fn drop(&mut self) {
            self.released.set(true);
        }
    }
    let ffi = Ffi::new();
    let released = Rc::new(Cell::new(false));
    let mut pin = Box::new(Pin {
        storage: vec![0; 4],
        released: released.clone(),
    });
    let ptr = pin.storage.as_mut_ptr().cast::<u8>();
    // SAFETY: the Vec's buffer lives inside `pin`, which the cdata keeps alive, and it is
    // not touched through Rust references while the cdata exists.
    let data = unsafe { ffi.from_raw_buffer("long[]", ptr, 32, pin) }.unwrap();
    assert_eq!(data.len(), Some(4));
    data.set(3, &Value::Int(-9)).unwrap();
    assert_eq!(data.get(3).unwrap(), Value::Int(-9));
    assert_eq!(data.get(4).unwrap_err().kind(), ErrorKind::OutOfBounds);
    let view = data.offset(2).unwrap();
    drop(data);
    assert!(!released.get(), "a derived pointer keeps the buffer alive");
    assert_eq!(view.get(1).unwrap(), Value::Int(-9));
    drop(view);
    assert!(released.get());
}

#[test]
fn views_share_memory_with_their_parent() {
    let ffi = Ffi::new();
    ffi.cdef("struct inner { int a[2]; }; struct outer { char c; struct inner in; };")
        .unwrap();
    let o = ffi.new_cdata("struct outer *", None).unwrap();
    let inner = cdata(o.field("in").unwrap());
    let a = cdata(inner.field("a").unwrap());
    a.set(1, &Value::Int(77)).unwrap();
    drop(o); // the view keeps the allocation alive
    assert_eq!(a.get(1).unwrap(), Value::Int(77));
    assert_eq!(inner.read_bytes(8).unwrap(), [0, 0, 0, 0, 77, 0, 0, 0]);
    let whole = ffi
        .new_cdata(
            "struct outer *",
            Some(&Value::List(vec![Value::Int(1), Value::CData(inner)])),
        )
        .unwrap();
    assert_eq!(
        cdata(cdata(whole.field("in").unwrap()).field("a").unwrap())
            .get(1)
            .unwrap(),
        Value::Int(77)
    );
}

#[test]
fn thread_safety_markers() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Ffi>();
    send_sync::<tern_ffi::Library>();
    send_sync::<tern_ffi::CType>();
    send_sync::<tern_ffi::Error>();
    // One Ffi shared by threads: declarations from one are visible to all.
    let ffi = Ffi::new();
    std::thread::scope(|scope| {
        for i in 0..4 {
            let ffi = &ffi;
            scope.spawn(move || {
                ffi.cdef(&format!("struct t{i} {{ int a[{}]; }};", i + 1))
                    .unwrap();
                let data = ffi
                    .new_cdata(format!("struct t{i} *").as_str(), None)
                    .unwrap();
                data.set_field("a", &Value::List(vec![Value::Int(i)]))
                    .unwrap();
            });
        }
    });
    for i in 0..4 {
        assert_eq!(
            ffi.sizeof(format!("struct t{i}").as_str()).unwrap(),
            4 * (i + 1)
        );
    }
}
