//! Robustness: random and mutated source text through the whole front end (decode, parse,
//! lower, fold, symtable, codegen, assemble) must never panic. Each input either compiles to
//! code objects that pass the verifier, or fails with a well-formed `CompileError` whose
//! location lies inside the source and whose CPython-style rendering works. Compiled code
//! also round-trips through the bytecode cache's encoding (`bytecode::serial`).
//!
//! Seeds are the programs of the golden and SyntaxError corpora; mutations delete, insert,
//! duplicate and replace characters and lines and splice in Python tokens. The number of cases
//! is `TERN_FUZZ_TESTS` (default 300 per property, to keep debug test runs short).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use quickcheck::{Arbitrary, Gen, QuickCheck, TestResult};
use tern_interp_py::bytecode::{CodeObject, analysis, serial};
use tern_interp_py::compile::{CompileOptions, Mode, compile_source};
use tern_interp_py::syntax_error::ErrorKind;

const TOKENS: &[&str] = &[
    "def ",
    "class ",
    "lambda",
    "if ",
    "elif ",
    "else",
    "for ",
    "while ",
    "try:",
    "except",
    "except*",
    "finally:",
    "with ",
    "async ",
    "await ",
    "yield ",
    "yield from ",
    "return",
    "break",
    "continue",
    "global ",
    "nonlocal ",
    "import ",
    "from ",
    " as ",
    "match ",
    "case ",
    "_",
    "del ",
    "assert ",
    "raise ",
    "pass",
    "None",
    "True",
    "False",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ";",
    ",",
    ".",
    "...",
    "=",
    "==",
    ":=",
    "+=",
    "**",
    "*",
    "/",
    "//",
    "%",
    "@",
    "->",
    "<",
    ">",
    "!=",
    "~",
    "|",
    "&",
    "^",
    "<<",
    "\n",
    "\n    ",
    "\t",
    " ",
    "\\\n",
    "#",
    "'",
    "\"",
    "'''",
    "f'",
    "f\"{",
    "}",
    "{x!r:>{w}}",
    "b'",
    "r'",
    "0x",
    "1_0",
    "1e",
    "1j",
    "0o7",
    "@decorator\n",
    "x",
    "y",
    "self",
    "__class__",
    "super()",
    "__debug__",
    "é",
    "€",
    "\u{FEFF}",
    "\0",
];

fn seeds() -> &'static Vec<String> {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut v = Vec::new();
        for dir in ["tests/golden/dis", "tests/syntax_errors"] {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .expect("corpus")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "py"))
                .collect();
            files.sort();
            for f in files {
                v.push(String::from_utf8_lossy(&std::fs::read(f).unwrap_or_default()).into_owned());
            }
        }
        v
    })
}

#[derive(Debug, Clone)]
enum Edit {
    DeleteChar(usize),
    InsertToken(usize, usize),
    DuplicateChar(usize),
    ReplaceChar(usize, char),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
}

impl Arbitrary for Edit {
    fn arbitrary(g: &mut Gen) -> Edit {
        let pos = usize::arbitrary(g);
        match u8::arbitrary(g) % 7 {
            0 => Edit::DeleteChar(pos),
            1 => Edit::InsertToken(pos, usize::arbitrary(g)),
            2 => Edit::DuplicateChar(pos),
            3 => Edit::ReplaceChar(
                pos,
                *g.choose(&[
                    '(', ')', ':', ' ', '\n', '"', '\'', '{', '}', 'x', '*', '=', '\t',
                ])
                .unwrap_or(&'x'),
            ),
            4 => Edit::DeleteLine(pos),
            5 => Edit::DuplicateLine(pos),
            _ => Edit::SwapLines(pos, usize::arbitrary(g)),
        }
    }
}

/// A seed program with a few edits.
#[derive(Debug, Clone)]
struct Mutated {
    seed: usize,
    edits: Vec<Edit>,
}

impl Arbitrary for Mutated {
    fn arbitrary(g: &mut Gen) -> Mutated {
        let n = usize::arbitrary(g) % 6 + 1;
        Mutated {
            seed: usize::arbitrary(g),
            edits: (0..n).map(|_| Edit::arbitrary(g)).collect(),
        }
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Mutated>> {
        let seed = self.seed;
        Box::new(
            self.edits
                .shrink()
                .map(move |edits| Mutated { seed, edits }),
        )
    }
}

fn char_boundary(s: &str, pos: usize) -> usize {
    if s.is_empty() {
        return 0;
    }
    let mut p = pos % (s.len() + 1);
    while !s.is_char_boundary(p) {
        p -= 1;
    }
    p
}

fn apply(mut text: String, edits: &[Edit]) -> String {
    for e in edits {
        match e {
            Edit::DeleteChar(p) => {
                let p = char_boundary(&text, *p);
                if p < text.len() {
                    text.remove(p);
                }
            }
            Edit::InsertToken(p, t) => {
                let p = char_boundary(&text, *p);
                text.insert_str(p, TOKENS[t % TOKENS.len()]);
            }
            Edit::DuplicateChar(p) => {
                let p = char_boundary(&text, *p);
                if let Some(c) = text[p..].chars().next() {
                    text.insert(p, c);
                }
            }
            Edit::ReplaceChar(p, c) => {
                let p = char_boundary(&text, *p);
                if p < text.len() {
                    text.remove(p);
                }
                text.insert(p, *c);
            }
            Edit::DeleteLine(p) | Edit::DuplicateLine(p) | Edit::SwapLines(p, _) => {
                let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
                let i = p % lines.len();
                match e {
                    Edit::DeleteLine(_) => {
                        lines.remove(i);
                    }
                    Edit::DuplicateLine(_) => {
                        let l = lines[i].clone();
                        lines.insert(i, l);
                    }
                    Edit::SwapLines(_, q) => {
                        let j = q % lines.len();
                        lines.swap(i, j);
                    }
                    _ => {}
                }
                text = lines.join("\n");
            }
        }
    }
    text
}

fn verify_tree(code: &Arc<CodeObject>) -> Result<(), String> {
    analysis::verify(code)?;
    for c in code.nested_code() {
        verify_tree(c)?;
    }
    Ok(())
}

/// Every compiled program survives tern's bytecode-cache encoding unchanged (decoded, it
/// re-encodes to the same bytes and disassembles the same).
fn serial_round_trip(code: &Arc<CodeObject>) -> Result<(), String> {
    let mut bytes = Vec::new();
    serial::encode(code, &mut bytes);
    let back = serial::decode(&bytes).map_err(|e| format!("cache decode: {e}"))?;
    let mut again = Vec::new();
    serial::encode(&back, &mut again);
    if again != bytes
        || tern_interp_py::dis::disassemble(&back) != tern_interp_py::dis::disassemble(code)
    {
        return Err("cache encoding does not round-trip".into());
    }
    Ok(())
}

/// The property: no panic, and a verified result or a well-formed error.
fn front_end_is_total(source: &[u8]) -> Result<(), String> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let modes = [Mode::Exec, Mode::Eval, Mode::Single];
        let mut outcomes = Vec::new();
        for mode in modes {
            outcomes.push(compile_source(
                source,
                "fuzz.py",
                CompileOptions { mode, flags: 0 },
            ));
        }
        outcomes
    }))
    .map_err(|_| "panic".to_string())?;
    let lines = source.iter().filter(|&&b| b == b'\n').count() as u32 + 2;
    for outcome in result {
        match outcome {
            Ok(compiled) => {
                verify_tree(&compiled.code)?;
                serial_round_trip(&compiled.code)?;
            }
            Err(e) => {
                if e.msg.contains("internal compiler error") {
                    return Err(format!("internal error: {e:?}"));
                }
                if e.kind != ErrorKind::RecursionError
                    && let Some(l) = e.lineno
                    && l > lines
                {
                    return Err(format!("line {l} beyond the source: {e:?}"));
                }
                let _ = e.format_cpython();
            }
        }
    }
    Ok(())
}

fn tests() -> u64 {
    std::env::var("TERN_FUZZ_TESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

#[test]
fn mutated_programs_never_crash_the_front_end() {
    fn prop(m: Mutated) -> TestResult {
        let seeds = seeds();
        let text = apply(seeds[m.seed % seeds.len()].clone(), &m.edits);
        match front_end_is_total(text.as_bytes()) {
            Ok(()) => TestResult::passed(),
            Err(e) => TestResult::error(format!("{e}\n--- source ---\n{text}")),
        }
    }
    QuickCheck::new()
        .tests(tests())
        .max_tests(tests() * 2)
        .rng(Gen::new(4096))
        .quickcheck(prop as fn(Mutated) -> TestResult);
}

/// Random token soup (and random bytes).
#[derive(Debug, Clone)]
struct Soup(Vec<u8>);

impl Arbitrary for Soup {
    fn arbitrary(g: &mut Gen) -> Soup {
        let n = usize::arbitrary(g) % 40;
        let mut v = Vec::new();
        for _ in 0..n {
            if u8::arbitrary(g) % 10 == 0 {
                v.push(u8::arbitrary(g));
            } else {
                v.extend_from_slice(g.choose(TOKENS).unwrap_or(&"x").as_bytes());
            }
        }
        Soup(v)
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Soup>> {
        Box::new(self.0.shrink().map(Soup))
    }
}

#[test]
fn token_soup_never_crashes_the_front_end() {
    fn prop(s: Soup) -> TestResult {
        match front_end_is_total(&s.0) {
            Ok(()) => TestResult::passed(),
            Err(e) => TestResult::error(format!(
                "{e}\n--- source ---\n{}",
                String::from_utf8_lossy(&s.0)
            )),
        }
    }
    QuickCheck::new()
        .tests(tests())
        .quickcheck(prop as fn(Soup) -> TestResult);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let cases = [
        format!("x = {}1{}", "(".repeat(300), ")".repeat(300)),
        format!("x = {}1", "-".repeat(20000)),
        format!("x = {}y", "not ".repeat(20000)),
        format!("x = {}", vec!["a"; 20000].join(" + ")),
        format!("x = a{}", ".b".repeat(20000)),
        format!("x = f{}", "()".repeat(20000)),
        format!("x = {}", vec!["a if b else"; 5000].join(" ") + " c"),
        format!("x = {}0", "lambda: ".repeat(5000)),
        "if x:\n".to_string()
            + &(1..150)
                .map(|i| format!("{}if x:\n", " ".repeat(i)))
                .collect::<String>(),
    ];
    for src in &cases {
        // Run on a small stack to prove the passes do not depend on the main thread's 8 MiB.
        let bytes = src.clone().into_bytes();
        let handle = std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || front_end_is_total(&bytes))
            .expect("spawn");
        let r = handle.join().expect("no stack overflow / panic");
        assert!(r.is_ok(), "{r:?} for {}", &src[..src.len().min(60)]);
    }
    // CPython's limits: too many parentheses, recursion during compilation.
    let e = compile_source(
        format!("x = {}1{}", "(".repeat(300), ")".repeat(300)).as_bytes(),
        "d.py",
        CompileOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.msg, "too many nested parentheses");
    let e = compile_source(
        format!("x = {}1", "-".repeat(5000)).as_bytes(),
        "d.py",
        CompileOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::RecursionError);
    assert!(
        compile_source(
            format!("x = {}1", "-".repeat(1000)).as_bytes(),
            "d.py",
            CompileOptions::default()
        )
        .is_ok()
    );
}
