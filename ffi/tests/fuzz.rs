//! Robustness: random and mutated declaration text never panics, never hangs, and every
//! error points inside the input. Successful parses are then exercised through the type
//! API (sizes, members, allocation, field access), which must not panic either.
//! `TERN_FUZZ_CASES` raises the number of cases (default keeps the debug run short).

mod common;

use common::manifest_dir;
use quickcheck::{Arbitrary, Gen, QuickCheck};
use tern_ffi::{CTypeKind, Ffi, Value};

const VOCABULARY: &[&str] = &[
    "int",
    "char",
    "short",
    "long",
    "unsigned",
    "signed",
    "float",
    "double",
    "void",
    "_Bool",
    "bool",
    "struct",
    "union",
    "enum",
    "typedef",
    "extern",
    "const",
    "volatile",
    "restrict",
    "static",
    "sizeof",
    "size_t",
    "int8_t",
    "uint64_t",
    "ssize_t",
    "intptr_t",
    "x",
    "y",
    "foo",
    "point",
    "T",
    "N",
    "A",
    "B",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ";",
    ",",
    "*",
    "=",
    ":",
    "...",
    "+",
    "-",
    "~",
    "!",
    "/",
    "%",
    "<<",
    ">>",
    "&",
    "|",
    "^",
    "0",
    "1",
    "7",
    "0x10",
    "0777",
    "4294967296",
    "18446744073709551615",
    "'a'",
    "'\\n'",
    "\n",
    "#define",
    "\n#define N 3\n",
    "/*",
    "*/",
    "//",
    "\"",
    "@",
    "1.5",
    "__attribute__",
    "long double",
    "-1",
    "0b11",
];

fn cases() -> u64 {
    std::env::var("TERN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400)
}

/// Parses `src` and checks the error position (if any) lies within the input.
fn parse_and_check(src: &str) -> bool {
    let ffi = Ffi::new();
    match ffi.cdef(src) {
        Ok(()) => {
            exercise(&ffi);
            true
        }
        Err(e) => {
            let lines = src.split('\n').count() as u32;
            let line_ok = e.line >= 1 && e.line <= lines.max(1);
            let width = src
                .split('\n')
                .nth(e.line as usize - 1)
                .map_or(0, |l| l.chars().count()) as u32;
            let column_ok = e.column >= 1 && e.column <= width + 1;
            if !(line_ok && column_ok && !e.message.is_empty()) {
                eprintln!("bad error position for {src:?}: {e}");
            }
            line_ok && column_ok && !e.message.is_empty()
        }
    }
}

/// Uses every declared type through the public API; nothing may panic.
fn exercise(ffi: &Ffi) {
    for name in ffi.declared_types() {
        let Ok(ty) = ffi.ctype(&name) else { continue };
        let _ = (ty.size(), ty.align(), ty.name(), ty.enumerators());
        let pointer = format!("{name} *");
        if let Ok(data) = ffi.new_cdata(pointer.as_str(), None) {
            for field in ty.fields().unwrap_or_default() {
                if let Some(field_name) = &field.name {
                    let value = data.field(field_name);
                    if let Ok(value) = value {
                        let _ = data.set_field(field_name, &value);
                    }
                    let _ = data.set_field(field_name, &Value::Int(1));
                }
            }
            if matches!(ty.kind(), CTypeKind::Struct | CTypeKind::Union) {
                let _ = data.value();
            }
        }
        let _ = ffi.new_cdata(format!("{name}[2]").as_str(), None);
    }
    for (_, ty) in ffi.declarations() {
        let _ = (ty.signature(), ty.name(), ty.size());
    }
}

#[derive(Clone, Debug)]
struct TokenSoup(String);

impl Arbitrary for TokenSoup {
    fn arbitrary(g: &mut Gen) -> Self {
        let len = usize::arbitrary(g) % 60;
        let words: Vec<&str> = (0..len).map(|_| *g.choose(VOCABULARY).unwrap()).collect();
        TokenSoup(words.join(" "))
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Self>> {
        let words: Vec<String> = self.0.split(' ').map(str::to_string).collect();
        Box::new(words.shrink().map(|w| TokenSoup(w.join(" "))))
    }
}

fn corpora() -> Vec<String> {
    let dir = manifest_dir();
    let mut files = vec![
        dir.join("tests/corpus/layouts.h"),
        dir.join("tests/clib/testlib.h"),
    ];
    for entry in std::fs::read_dir(dir.join("tests/golden/cdef")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "h") {
            files.push(path);
        }
    }
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect()
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, word: usize },
    Duplicate { at: usize, len: usize },
    Swap { a: usize, b: usize },
    Truncate { at: usize },
}

impl Arbitrary for Mutation {
    fn arbitrary(g: &mut Gen) -> Self {
        let small = |g: &mut Gen| usize::arbitrary(g) % 12 + 1;
        match u8::arbitrary(g) % 5 {
            0 => Mutation::Delete {
                at: usize::arbitrary(g),
                len: small(g),
            },
            1 => Mutation::Insert {
                at: usize::arbitrary(g),
                word: usize::arbitrary(g),
            },
            2 => Mutation::Duplicate {
                at: usize::arbitrary(g),
                len: small(g) * 4,
            },
            3 => Mutation::Swap {
                a: usize::arbitrary(g),
                b: usize::arbitrary(g),
            },
            _ => Mutation::Truncate {
                at: usize::arbitrary(g),
            },
        }
    }
}

fn mutate(src: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = src.chars().collect();
    for mutation in mutations {
        let n = chars.len().max(1);
        match *mutation {
            Mutation::Delete { at, len } => {
                let at = at % n;
                let end = (at + len).min(chars.len());
                chars.drain(at.min(chars.len())..end);
            }
            Mutation::Insert { at, word } => {
                let at = (at % n).min(chars.len());
                let word = VOCABULARY[word % VOCABULARY.len()];
                for (i, c) in format!(" {word} ").chars().enumerate() {
                    chars.insert(at + i, c);
                }
            }
            Mutation::Duplicate { at, len } => {
                let at = (at % n).min(chars.len());
                let end = (at + len).min(chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                for (i, c) in copy.into_iter().enumerate() {
                    chars.insert(end + i, c);
                }
            }
            Mutation::Swap { a, b } => {
                if !chars.is_empty() {
                    let len = chars.len();
                    chars.swap(a % len, b % len);
                }
            }
            Mutation::Truncate { at } => {
                let at = at % n;
                chars.truncate(at);
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn token_soup_never_panics() {
    fn property(soup: TokenSoup) -> bool {
        parse_and_check(&soup.0)
    }
    QuickCheck::new()
        .tests(cases() * 5)
        .max_tests(cases() * 50)
        .quickcheck(property as fn(TokenSoup) -> bool);
}

#[test]
fn arbitrary_strings_never_panic() {
    fn property(text: String) -> bool {
        let ffi = Ffi::new();
        let _ = ffi.ctype(&text);
        parse_and_check(&text)
    }
    QuickCheck::new()
        .tests(cases() * 5)
        .max_tests(cases() * 50)
        .quickcheck(property as fn(String) -> bool);
}

#[test]
fn mutated_corpora_never_panic() {
    fn property(which: usize, mutations: Vec<Mutation>) -> bool {
        let corpora = corpora();
        let src = &corpora[which % corpora.len()];
        let mutated = mutate(src, &mutations[..mutations.len().min(6)]);
        parse_and_check(&mutated)
    }
    QuickCheck::new()
        .tests(cases())
        .max_tests(cases() * 10)
        .quickcheck(property as fn(usize, Vec<Mutation>) -> bool);
}

#[test]
fn unmutated_corpora_parse_and_exercise() {
    for src in corpora() {
        let ffi = Ffi::new();
        ffi.cdef(&src).unwrap();
        exercise(&ffi);
    }
}

#[test]
fn pathological_inputs_are_rejected_quickly() {
    let deep_parens = format!("int {}x{};", "(".repeat(100_000), ")".repeat(100_000));
    let deep_structs = format!(
        "{}int x;{}",
        "struct { ".repeat(50_000),
        " } y;".repeat(50_000)
    );
    let deep_expr = format!("#define X {}1\n", "-~".repeat(100_000));
    let many_pointers = format!("int {}p;", "*".repeat(100_000));
    let long_chain = format!("#define X 1{}\n", " + 1".repeat(100_000));
    for src in [deep_parens, deep_structs, deep_expr] {
        let e = Ffi::new().cdef(&src).unwrap_err();
        assert!(e.message.contains("nested too deeply"), "{e}");
    }
    // Long flat inputs are fine.
    let ffi = Ffi::new();
    ffi.cdef(&many_pointers).unwrap();
    ffi.cdef(&long_chain).unwrap();
    assert_eq!(ffi.constant("X"), Some(100_001));
}
