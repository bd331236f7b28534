//! Robustness of the VM: random programs (generated from a small grammar of statements and
//! expressions over ints, floats, strings, containers, functions, classes, exceptions and
//! builtins) and mutated conformance programs are run by `tern`; whatever they do, the VM
//! must end with a Python-level outcome: exit status 0, 1 (uncaught exception, reported as a
//! traceback) or a SystemExit status — never a Rust panic ("internal error"), a signal, or a
//! hang beyond the time budget of a terminating program.
//!
//! Each program runs in its own `tern` process with a time budget (`TIMEOUT`); programs that
//! exceed it (mutations can create infinite loops) are killed and not counted as failures,
//! but the generator only produces terminating code. The number of cases per property is
//! `TERN_VM_FUZZ_TESTS` (default 120).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quickcheck::{Arbitrary, Gen, QuickCheck, TestResult};

const TIMEOUT: Duration = Duration::from_secs(20);

fn tests() -> u64 {
    std::env::var("TERN_VM_FUZZ_TESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120)
}

/// Runs `src` with tern; `Err(description)` if the VM crashed.
fn run(src: &str) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("tern-vm-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tern"))
        .arg("-")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("spawn: {e}"))?;
    {
        let mut stdin = child.stdin.take().expect("piped");
        let _ = stdin.write_all(src.as_bytes());
    }
    let mut err_pipe = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err_pipe, &mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break Some(s);
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let stderr = String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned();
    let Some(status) = status else {
        return Ok(());
    };
    if stderr.contains("internal error") || stderr.contains("panicked") {
        return Err(format!("VM panic:\n{stderr}"));
    }
    match status.code() {
        // 70: tern's "internal error" status; 101: a Rust panic escaping the top level.
        Some(70) | Some(101) => Err(format!("exit status {:?}:\n{stderr}", status.code())),
        Some(_) => Ok(()),
        // An uncaught KeyboardInterrupt ends tern by SIGINT on purpose (like CPython), after
        // printing its traceback.
        None if std::os::unix::process::ExitStatusExt::signal(&status) == Some(libc::SIGINT)
            && stderr.ends_with("KeyboardInterrupt\n") =>
        {
            Ok(())
        }
        None => Err(format!("killed by a signal:\n{stderr}")),
    }
}

// ----- random programs ------------------------------------------------------------------------

const VARS: &[&str] = &["a", "b", "c", "d", "xs", "s"];
const BUILTINS: &[&str] = &[
    "len",
    "str",
    "int",
    "float",
    "repr",
    "sorted",
    "list",
    "dict",
    "set",
    "abs",
    "min",
    "max",
    "sum",
    "hash",
    "bool",
    "tuple",
    "chr",
    "ord",
    "divmod",
    "pow",
    "round",
    "reversed",
    "enumerate",
    "zip",
    "iter",
    "next",
    "isinstance",
    "type",
    "format",
    "hex",
    "bin",
    "any",
    "all",
    "frozenset",
    "bytes",
    "range",
];
const METHODS: &[&str] = &[
    "append",
    "upper",
    "split",
    "keys",
    "items",
    "real",
    "bit_length",
    "pop",
    "get",
    "join",
    "strip",
    "count",
    "index",
    "copy",
    "sort",
    "add",
    "update",
    "replace",
    "find",
    "lower",
    "values",
    "extend",
    "insert",
    "clear",
];
const BINOPS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "**", "<", "<=", "==", "!=", ">", "in", "not in", "is", "&",
    "|", "^", "<<", ">>", "and", "or",
];

fn pick<'a>(g: &mut Gen, xs: &[&'a str]) -> &'a str {
    g.choose(xs).copied().unwrap_or(xs[0])
}

fn small(g: &mut Gen, n: u32) -> u32 {
    u32::arbitrary(g) % n
}

fn expr(g: &mut Gen, depth: u32) -> String {
    if depth == 0 {
        return atom(g);
    }
    match small(g, 14) {
        0..=3 => atom(g),
        4 => format!(
            "({} {} {})",
            expr(g, depth - 1),
            pick(g, BINOPS),
            expr(g, depth - 1)
        ),
        5 => format!("(-{})", expr(g, depth - 1)),
        6 => format!("(not {})", expr(g, depth - 1)),
        7 => {
            let n = small(g, 3);
            let args: Vec<String> = (0..n).map(|_| expr(g, depth - 1)).collect();
            format!("{}({})", pick(g, BUILTINS), args.join(", "))
        }
        8 => format!("{}[{}]", expr(g, depth - 1), expr(g, depth - 1)),
        9 => format!("{}.{}()", expr(g, depth - 1), pick(g, METHODS)),
        10 => format!("[{} for i in range({})]", expr(g, depth - 1), small(g, 5)),
        11 => format!(
            "({} if {} else {})",
            expr(g, depth - 1),
            expr(g, depth - 1),
            expr(g, depth - 1)
        ),
        12 => format!(
            "f\"{{{}}}!{{{}!r}}\"",
            expr(g, depth - 1),
            expr(g, depth - 1)
        ),
        _ => format!("{{{}: {}}}", expr(g, depth - 1), expr(g, depth - 1)),
    }
}

fn atom(g: &mut Gen) -> String {
    match small(g, 12) {
        0 => format!("{}", i64::arbitrary(g) % 1000),
        1 => format!("{}", i64::arbitrary(g)),
        2 => format!("{:?}", (i32::arbitrary(g) as f64) / 7.0),
        3 => format!(
            "{:?}",
            ["", "abc", "héllo", "a,b", "  x "][small(g, 5) as usize]
        ),
        4 => "None".into(),
        5 => "True".into(),
        6 => format!("[{}, {}]", small(g, 10), small(g, 10)),
        7 => format!("({}, 'k')", small(g, 10)),
        8 => "{1: 'one', 'two': 2}".into(),
        9 => "{3, 1, 2}".into(),
        10 => format!("2 ** {}", small(g, 200)),
        _ => pick(g, VARS).to_string(),
    }
}

fn block(g: &mut Gen, indent: usize, depth: u32) -> String {
    let n = 1 + small(g, 3);
    let mut out = String::new();
    for _ in 0..n {
        out.push_str(&stmt(g, indent, depth));
    }
    out
}

fn stmt(g: &mut Gen, indent: usize, depth: u32) -> String {
    let pad = " ".repeat(indent);
    let d = depth.saturating_sub(1);
    let choice = if depth == 0 {
        small(g, 4)
    } else {
        small(g, 13)
    };
    match choice {
        0 => format!("{pad}{} = {}\n", pick(g, VARS), expr(g, 2)),
        1 => format!("{pad}print({})\n", expr(g, 2)),
        2 => format!("{pad}{} += {}\n", pick(g, VARS), expr(g, 1)),
        3 => format!(
            "{pad}{}.{}({})\n",
            pick(g, VARS),
            pick(g, METHODS),
            expr(g, 1)
        ),
        4 => format!(
            "{pad}if {}:\n{}{pad}else:\n{}",
            expr(g, 2),
            block(g, indent + 4, d),
            block(g, indent + 4, d)
        ),
        5 => format!(
            "{pad}for i in range({}):\n{}",
            small(g, 6),
            block(g, indent + 4, d)
        ),
        6 => format!(
            "{pad}try:\n{}{pad}except Exception as e:\n{pad}    print(type(e).__name__)\n",
            block(g, indent + 4, d)
        ),
        7 => format!(
            "{pad}def f{}(p, q={}):\n{}{pad}    return {}\n{pad}print(f{}({}))\n",
            indent,
            expr(g, 1),
            block(g, indent + 4, d),
            expr(g, 1),
            indent,
            expr(g, 1)
        ),
        8 => format!(
            "{pad}class K{}:\n{pad}    attr = {}\n{pad}    def m(self):\n{pad}        return {}\n{pad}print(K{}().m(), K{}.attr)\n",
            indent,
            expr(g, 1),
            expr(g, 1),
            indent,
            indent
        ),
        9 => format!("{pad}del {}\n", pick(g, VARS)),
        10 => format!(
            "{pad}with open(__file__ if False else 'x.txt', 'w') as fh:\n{pad}    fh.write(str({}))\n",
            expr(g, 1)
        ),
        11 => format!(
            "{pad}def gen():\n{pad}    yield {}\n{pad}    yield from range({})\n{pad}print(list(gen()))\n",
            expr(g, 1),
            small(g, 4)
        ),
        _ => format!(
            "{pad}{} = [{} for {} in range({})]\n",
            pick(g, VARS),
            expr(g, 1),
            pick(g, VARS),
            small(g, 4)
        ),
    }
}

#[derive(Clone, Debug)]
struct Program(String);

impl Arbitrary for Program {
    fn arbitrary(g: &mut Gen) -> Program {
        let mut src = String::from(
            "a = 1\nb = 'text'\nc = [1, 2, 3]\nd = {'k': 1}\nxs = (1, 2)\ns = {1, 2}\n",
        );
        let n = 2 + small(g, 8);
        for _ in 0..n {
            src.push_str(&stmt(g, 0, 3));
        }
        Program(src)
    }
}

#[test]
fn random_programs_never_crash_the_vm() {
    fn prop(p: Program) -> TestResult {
        match run(&p.0) {
            Ok(()) => TestResult::passed(),
            Err(e) => TestResult::error(format!("{e}\n--- program ---\n{}", p.0)),
        }
    }
    QuickCheck::new()
        .tests(tests())
        .max_tests(tests() * 2)
        .quickcheck(prop as fn(Program) -> TestResult);
}

// ----- mutated conformance programs ----------------------------------------------------------

#[derive(Clone, Debug)]
struct Mutated(String);

fn seeds() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("conformance");
    let mut v: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "py"))
                .filter(|e| !e.file_name().to_string_lossy().starts_with("stdin"))
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

impl Arbitrary for Mutated {
    fn arbitrary(g: &mut Gen) -> Mutated {
        let seeds = seeds();
        if seeds.is_empty() {
            return Mutated("print(1)\n".into());
        }
        let src = seeds[small(g, seeds.len() as u32) as usize].clone();
        let mut lines: Vec<String> = src.lines().map(|l| l.to_string()).collect();
        let n = 1 + small(g, 4);
        for _ in 0..n {
            if lines.is_empty() {
                break;
            }
            let i = small(g, lines.len() as u32) as usize;
            match small(g, 6) {
                0 => {
                    lines.remove(i);
                }
                1 => {
                    let l = lines[i].clone();
                    lines.insert(i, l);
                }
                2 => {
                    let j = small(g, lines.len() as u32) as usize;
                    lines.swap(i, j);
                }
                3 => {
                    // Replace a number or name-ish token with another value.
                    let l = lines[i]
                        .replace("1", &format!("{}", i64::arbitrary(g) % 100))
                        .replace("True", "None");
                    lines[i] = l;
                }
                4 => {
                    let l = lines[i].replace("[", "(").replace("]", ")");
                    lines[i] = l;
                }
                _ => {
                    let extra = [
                        "pass",
                        "x = undefined_name",
                        "raise ValueError('m')",
                        "print(locals())",
                        "del a",
                    ];
                    let indent: String = lines[i].chars().take_while(|c| *c == ' ').collect();
                    lines.insert(
                        i,
                        format!("{indent}{}", extra[small(g, extra.len() as u32) as usize]),
                    );
                }
            }
        }
        let mut out = lines.join("\n");
        out.push('\n');
        // No stdin-reading programs (stdin is the program itself) and no sleeping.
        let out = out
            .replace("input(", "str(")
            .replace("sys.stdin.read()", "''")
            .replace("time.sleep", "abs");
        Mutated(out)
    }
}

#[test]
fn mutated_programs_never_crash_the_vm() {
    fn prop(p: Mutated) -> TestResult {
        match run(&p.0) {
            Ok(()) => TestResult::passed(),
            Err(e) => TestResult::error(format!("{e}\n--- program ---\n{}", p.0)),
        }
    }
    QuickCheck::new()
        .tests(tests())
        .max_tests(tests() * 2)
        .quickcheck(prop as fn(Mutated) -> TestResult);
}
