//! Model tests of the data modules' engines: `_struct`'s byte layouts (quickcheck round trips
//! against a simple model, and live comparison with `python3`'s `struct` when it is
//! installed) and the Mersenne Twister (the reference `mt19937ar` sequence and live
//! comparison with CPython's `random`).

use num_bigint::BigInt;
use quickcheck::{Arbitrary, Gen, QuickCheck};
use std::io::Write;
use std::process::{Command, Stdio};

use tern_interp_py::modules::data::random::{Mt19937, words_of};
use tern_interp_py::modules::data::struct_layout::{Item, Layout, compile};

/// One generated struct case: a format and matching values.
#[derive(Clone, Debug)]
struct Case {
    fmt: String,
    items: Vec<Item>,
}

const CODES: &[u8] = b"bBhHiIlLqQ?efdsp";

fn int_range(c: u8, std: bool) -> (i128, i128) {
    match c {
        b'b' => (-128, 127),
        b'B' => (0, 255),
        b'h' => (-32768, 32767),
        b'H' => (0, 65535),
        b'i' => (i32::MIN as i128, i32::MAX as i128),
        b'I' => (0, u32::MAX as i128),
        b'l' if std => (i32::MIN as i128, i32::MAX as i128),
        b'L' if std => (0, u32::MAX as i128),
        b'l' | b'q' => (i64::MIN as i128, i64::MAX as i128),
        _ => (0, u64::MAX as i128),
    }
}

impl Arbitrary for Case {
    fn arbitrary(g: &mut Gen) -> Case {
        let order = *g.choose(&["", "@", "=", "<", ">", "!"]).expect("non-empty");
        let std = !matches!(order, "" | "@");
        let mut fmt = order.to_string();
        let mut items = Vec::new();
        for _ in 0..(usize::arbitrary(g) % 6) {
            let c = *g.choose(CODES).expect("non-empty");
            let count = usize::arbitrary(g) % 4;
            if count != 1 {
                fmt.push_str(&count.to_string());
            }
            fmt.push(c as char);
            if bool::arbitrary(g) {
                fmt.push('x');
            }
            let n = if matches!(c, b's' | b'p') { 1 } else { count };
            for _ in 0..n {
                items.push(match c {
                    b'?' => Item::Bool(bool::arbitrary(g)),
                    // Values exactly representable in the format, so round trips are exact.
                    b'e' => Item::Float((i16::arbitrary(g) % 2048) as f64 / 4.0),
                    b'f' => Item::Float(i16::arbitrary(g) as f64 / 256.0),
                    b'd' => Item::Float(f64::arbitrary(g)),
                    b's' | b'p' => {
                        let mut v: Vec<u8> = Vec::arbitrary(g);
                        v.truncate(if c == b'p' {
                            count.saturating_sub(1)
                        } else {
                            count
                        });
                        Item::Bytes(v)
                    }
                    _ => {
                        let (lo, hi) = int_range(c, std);
                        let x = i128::arbitrary(g);
                        let span = hi - lo + 1;
                        Item::Int(BigInt::from(lo + x.rem_euclid(span)))
                    }
                });
            }
        }
        Case { fmt, items }
    }
}

fn pack(l: &Layout, items: &[Item]) -> Vec<u8> {
    let mut out = vec![0u8; l.size];
    for (code, it) in l.items().zip(items) {
        l.pack_item(&code, it, &mut out).expect("in range");
    }
    out
}

fn same(a: &Item, b: &Item, code: u8) -> bool {
    match (a, b) {
        (Item::Float(x), Item::Float(y)) => {
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
        }
        (Item::Int(_) | Item::Small(_), Item::Int(_) | Item::Small(_)) => a.as_big() == b.as_big(),
        (Item::Bool(x), Item::Bool(y)) => x == y,
        (Item::Bytes(x), Item::Bytes(y)) => {
            // `s` pads with zeros up to its count.
            if code == b's' {
                y.starts_with(x) && y[x.len()..].iter().all(|&b| b == 0)
            } else {
                x == y
            }
        }
        _ => false,
    }
}

#[test]
fn struct_round_trips() {
    fn prop(c: Case) -> bool {
        let l = compile(c.fmt.as_bytes()).expect("generated formats are valid");
        if l.nitems() != c.items.len() {
            return false;
        }
        let bytes = pack(&l, &c.items);
        l.items()
            .zip(&c.items)
            .all(|(code, it)| same(it, &l.unpack_item(&code, &bytes), code.ch))
    }
    QuickCheck::new()
        .tests(500)
        .quickcheck(prop as fn(Case) -> bool);
}

fn python3() -> Option<&'static str> {
    Command::new("python3")
        .arg("-c")
        .arg("import sys; assert sys.version_info[:2] == (3, 11)")
        .status()
        .ok()
        .filter(|s| s.success())
        .map(|_| "python3")
}

fn py_item(it: &Item) -> String {
    match it {
        Item::Int(b) => b.to_string(),
        Item::Small(i) => i.to_string(),
        Item::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Item::Float(f) => format!("float.fromhex('{}')", hexfloat(*f)),
        Item::Bytes(v) => format!(
            "bytes([{}])",
            v.iter()
                .map(|b| b.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

fn hexfloat(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let bits = f.to_bits();
    let sign = if bits >> 63 == 1 { "-" } else { "" };
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1 << 52) - 1);
    if exp == 0 {
        format!("{sign}0x0.{mant:013x}p-1022")
    } else {
        format!("{sign}0x1.{mant:013x}p{}", exp - 1023)
    }
}

/// Packs a batch of generated cases with tern's layouts and with CPython's `struct`.
#[test]
fn struct_layouts_match_cpython() {
    let Some(py) = python3() else {
        eprintln!("python3 (3.11) not found; skipping the live struct comparison");
        return;
    };
    let mut g = Gen::new(40);
    let cases: Vec<Case> = (0..400).map(|_| Case::arbitrary(&mut g)).collect();
    let mut script = String::from("import struct\n");
    for c in &cases {
        let vals: Vec<String> = c.items.iter().map(py_item).collect();
        script.push_str(&format!(
            "print(struct.calcsize({:?}), struct.pack({:?}, {}).hex())\n",
            c.fmt,
            c.fmt,
            vals.join(", ")
        ));
    }
    let mut child = Command::new(py)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(script.as_bytes())
        .expect("write script");
    let out = child.wait_with_output().expect("python3 finishes");
    assert!(
        out.status.success(),
        "python3 failed on the generated script"
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for (c, line) in cases.iter().zip(text.lines()) {
        let l = compile(c.fmt.as_bytes()).expect("valid");
        let hex: String = pack(&l, &c.items)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            format!("{} {hex}", l.size),
            line,
            "format {:?} values {:?}",
            c.fmt,
            c.items
        );
    }
}

/// The first outputs of `mt19937ar.c`'s test driver (`init_by_array({0x123, 0x234, 0x345,
/// 0x456})`).
#[test]
fn mt19937_reference_sequence() {
    let mut m = Mt19937::default();
    m.init_by_array(&[0x123, 0x234, 0x345, 0x456]);
    let got: Vec<u32> = (0..10).map(|_| m.next_u32()).collect();
    assert_eq!(
        got,
        [
            1067595299, 955945823, 477289528, 4107218783, 4228976476, 3344332714, 3355579695,
            227628506, 810200273, 2591290167
        ]
    );
}

/// Seeds and draws like `random.seed(n); random.getrandbits(32); random.random()`.
#[test]
fn mt19937_matches_cpython_random() {
    let Some(py) = python3() else {
        eprintln!("python3 (3.11) not found; skipping the live random comparison");
        return;
    };
    let seeds: Vec<BigInt> = [0i64, 1, 5, 42, 12345, -7, 1 << 40]
        .iter()
        .map(|&s| BigInt::from(s))
        .chain(std::iter::once(BigInt::from(10).pow(30)))
        .collect();
    let mut script = String::from("import random\n");
    for s in &seeds {
        script.push_str(&format!(
            "random.seed({s}); print(random.getrandbits(32), repr(random.random()))\n"
        ));
    }
    let out = Command::new(py)
        .arg("-c")
        .arg(&script)
        .output()
        .expect("python3 runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for (s, line) in seeds.iter().zip(text.lines()) {
        let mut m = Mt19937::default();
        let abs = if s.sign() == num_bigint::Sign::Minus {
            -s.clone()
        } else {
            s.clone()
        };
        m.init_by_array(&words_of(&abs));
        let a = m.next_u32();
        let f = m.next_f64();
        let (pa, pf) = line.split_once(' ').expect("two fields");
        assert_eq!(a.to_string(), pa, "seed {s}");
        assert_eq!(f, pf.parse::<f64>().expect("float"), "seed {s}");
    }
}
