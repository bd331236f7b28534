//! Engine tests: a model test against the live CPython 3.11 (`python3`), which compiles
//! random patterns to code arrays and reports its match results, compared record for
//! record with this engine; plus targeted cases that need no CPython (hand-assembled
//! programs, deep backtracking, malformed code).
//!
//! The model test is skipped (with a note on stderr) when `python3` is missing or not
//! 3.11. `TERN_SRE_MODEL_CASES=N` changes the number of random patterns (default 600) and
//! `TERN_SRE_MODEL_SEED=S` the seed.

use std::io::Write;
use std::process::{Command, Stdio};

use super::constants::op;
use super::engine::{CodePoints, EngineError, Narrow, State};
use super::scan::{self, Mode};

/// xorshift64*: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// Random pattern generator state: groups opened and closed so far.
struct Gen<'r> {
    rng: &'r mut Rng,
    groups: usize,
    closed: Vec<usize>,
    bytes: bool,
}

impl Gen<'_> {
    fn alt(&mut self, depth: usize) -> String {
        let n = 1 + self.rng.below(if depth > 0 { 3 } else { 2 });
        (0..n)
            .map(|_| self.seq(depth))
            .collect::<Vec<_>>()
            .join("|")
    }

    fn seq(&mut self, depth: usize) -> String {
        let n = self.rng.below(4);
        (0..n).map(|_| self.item(depth)).collect()
    }

    fn item(&mut self, depth: usize) -> String {
        let atom = self.atom(depth);
        let q = self.rng.pick(&[
            "", "", "", "", "*", "+", "?", "{0,2}", "{1,3}", "{2}", "*?", "+?", "??", "{1,2}?",
            "*+", "++", "?+",
        ]);
        format!("{atom}{q}")
    }

    fn lit(&mut self) -> &'static str {
        if self.bytes {
            self.rng.pick(&["a", "b", "c", "A", " ", "1"])
        } else {
            self.rng.pick(&["a", "b", "c", "A", "é", "É", " ", "1"])
        }
    }

    fn atom(&mut self, depth: usize) -> String {
        let choice = self.rng.below(if depth > 0 { 30 } else { 18 });
        match choice {
            0..=5 => self.lit().to_string(),
            6 => ".".into(),
            7 => self
                .rng
                .pick(&["[ab]", "[^a]", "[a-c]", "[^ab\\s]", "[\\w]", "[\\dA]"])
                .into(),
            8 => self
                .rng
                .pick(&["\\d", "\\w", "\\s", "\\W", "\\D", "\\S"])
                .into(),
            9 => self
                .rng
                .pick(&["\\b", "\\B", "^", "$", "\\A", "\\Z"])
                .into(),
            10..=12 => match self.closed.last().copied() {
                Some(_) => {
                    let g = self.closed[self.rng.below(self.closed.len())];
                    format!("\\{g}")
                }
                None => self.lit().to_string(),
            },
            13 => match self.closed.last().copied() {
                Some(_) => {
                    let g = self.closed[self.rng.below(self.closed.len())];
                    let yes = self.seq(0);
                    let no = self.seq(0);
                    format!("(?({g}){yes}|{no})")
                }
                None => self.lit().to_string(),
            },
            14 => format!("(?<={})", self.rng.pick(&["a", "ab", "[ab]", "\\w", "b|c"])),
            15 => format!("(?<!{})", self.rng.pick(&["a", "ab", "[ab]", "\\s"])),
            16 | 17 => self.lit().to_string(),
            18..=22 => {
                self.groups += 1;
                let g = self.groups;
                let body = self.alt(depth - 1);
                self.closed.push(g);
                if self.rng.below(4) == 0 {
                    format!("(?P<n{g}>{body})")
                } else {
                    format!("({body})")
                }
            }
            23 | 24 => format!("(?:{})", self.alt(depth - 1)),
            25 => format!("(?>{})", self.alt(depth - 1)),
            26 => format!("(?={})", self.alt(depth - 1)),
            27 => format!("(?!{})", self.alt(depth - 1)),
            _ => format!("(?:{})", self.alt(depth - 1)),
        }
    }
}

/// A Python literal for `s` (every char escaped, so any text survives).
fn py_lit(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        out.push_str(&format!("\\U{:08x}", c as u32));
    }
    out.push('\'');
    out
}

const PY_DRIVER: &str = r#"
import sys, re, signal
from re import _parser, _compiler
if sys.version_info[:2] != (3, 11):
    print("VERSION", sys.version_info[:2]); sys.exit(0)
class Slow(Exception):
    pass
def alarm(*a):
    raise Slow()
signal.signal(signal.SIGALRM, alarm)
def rec(m, groups):
    if m is None:
        return "-"
    out = [m.start(), m.end(), -1 if m.lastindex is None else m.lastindex]
    for g in range(1, groups + 1):
        out.extend(m.span(g))
    return " ".join(map(str, out))
for i, (pat, flags, isbytes, subjects) in enumerate(CASES):
    if isbytes:
        pat = pat.encode('latin-1')
        subjects = [s.encode('latin-1') for s in subjects]
    lines = []
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        try:
            p = _parser.parse(pat, flags)
            code = _compiler._code(p, flags)
            c = re.compile(pat, flags)
        except re.error:
            lines.append("C %d ERR" % i)
        else:
            groups = c.groups
            lines.append("C %d %d %s" % (i, groups, " ".join(str(int(x)) for x in code)))
            for j, s in enumerate(subjects):
                for mode, f in ((0, c.match), (1, c.fullmatch), (2, c.search)):
                    lines.append("M %d %d %d %s" % (i, j, mode, rec(f(s), groups)))
                lines.append("F %d %d %s" % (i, j, " | ".join(rec(m, groups) for m in c.finditer(s))))
        signal.setitimer(signal.ITIMER_REAL, 0)
    except Slow:
        print("slow pattern skipped:", ascii(pat), file=sys.stderr)
        lines = ["C %d ERR" % i]
    print("\n".join(lines))
"#;

fn parse_ints(s: &str) -> Vec<i64> {
    s.split_whitespace()
        .map(|x| x.parse().expect("int"))
        .collect()
}

/// Runs one attempt with the engine, as the driver's `rec` prints it.
fn engine_rec(
    subject: &[u32],
    bytes: bool,
    code: &[u32],
    groups: usize,
    mode: Mode,
) -> Result<String, EngineError> {
    let mut out = Vec::new();
    let narrow: Vec<u8> = subject.iter().map(|&c| c as u8).collect();
    let n = subject.len();
    let ok = if bytes {
        scan::run_once(
            &Narrow(&narrow),
            code,
            groups,
            0,
            n,
            0,
            mode,
            false,
            &mut out,
        )?
    } else {
        scan::run_once(
            &CodePoints(subject),
            code,
            groups,
            0,
            n,
            0,
            mode,
            false,
            &mut out,
        )?
    };
    Ok(if ok { fmt_rec(&out) } else { "-".into() })
}

fn fmt_rec(r: &[i64]) -> String {
    r.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn engine_scan(subject: &[u32], bytes: bool, code: &[u32], groups: usize) -> String {
    let mut out = Vec::new();
    let narrow: Vec<u8> = subject.iter().map(|&c| c as u8).collect();
    let n = subject.len();
    let r = if bytes {
        scan::scan_all(&Narrow(&narrow), code, groups, 0, n, 0, &mut out)
    } else {
        scan::scan_all(&CodePoints(subject), code, groups, 0, n, 0, &mut out)
    };
    r.expect("engine error");
    let stride = scan::Record::stride(groups);
    out.chunks(stride)
        .map(fmt_rec)
        .collect::<Vec<_>>()
        .join(" | ")
}

#[test]
fn model_against_live_cpython() {
    let cases: usize = std::env::var("TERN_SRE_MODEL_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(600);
    let seed: u64 = std::env::var("TERN_SRE_MODEL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_1234_ABCD_0001);
    let mut rng = Rng(seed | 1);
    let mut specs = Vec::new();
    let alphabet = ["a", "b", "c", "A", "é", "É", " ", "1", "\n", "_"];
    for _ in 0..cases {
        let bytes = rng.below(5) == 0;
        let mut g = Gen {
            rng: &mut rng,
            groups: 0,
            closed: Vec::new(),
            bytes,
        };
        let pat = g.alt(3);
        let mut flags = 0;
        for f in [2u32, 8, 16] {
            if rng.below(4) == 0 {
                flags |= f;
            }
        }
        if !bytes && rng.below(8) == 0 {
            flags |= 256;
        }
        let subjects: Vec<String> = (0..4)
            .map(|_| {
                let len = rng.below(9);
                (0..len)
                    .map(|_| {
                        let c = alphabet[rng.below(alphabet.len())];
                        if bytes && c.len() > 1 { "e" } else { c }
                    })
                    .collect()
            })
            .collect();
        specs.push((pat, flags, bytes, subjects));
    }
    let mut script = String::from("CASES = [\n");
    for (pat, flags, bytes, subjects) in &specs {
        let subs: Vec<String> = subjects.iter().map(|s| py_lit(s)).collect();
        script.push_str(&format!(
            "({}, {}, {}, [{}]),\n",
            py_lit(pat),
            flags,
            if *bytes { "True" } else { "False" },
            subs.join(", ")
        ));
    }
    script.push_str("]\n");
    script.push_str(PY_DRIVER);
    // CPython itself can spin on a pathological random pattern in a way its 0.5 s alarm
    // does not interrupt; coreutils' `timeout` (when present) bounds the whole run, and the
    // cases completed before it are still compared.
    let mut cmd = if Command::new("timeout").arg("--version").output().is_ok() {
        let mut c = Command::new("timeout");
        c.args(["-s", "KILL", "240", "python3", "-u", "-"]);
        c
    } else {
        let mut c = Command::new("python3");
        c.args(["-u", "-"]);
        c
    };
    let child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn();
    let Ok(mut child) = child else {
        eprintln!("python3 not found: model test skipped");
        return;
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("write script");
    let out = child.wait_with_output().expect("python3 output");
    let mut text = String::from_utf8(out.stdout).expect("utf-8");
    let finished = out.status.success();
    if !finished {
        // Keep complete lines only (the child may have died mid-line).
        text.truncate(text.rfind('\n').map_or(0, |p| p + 1));
        eprintln!(
            "python3 did not finish ({:?}): comparing the {} lines it printed",
            out.status,
            text.lines().count()
        );
    }
    if text.starts_with("VERSION") {
        eprintln!("python3 is not 3.11 ({}): model test skipped", text.trim());
        return;
    }
    let mut code: Vec<u32> = Vec::new();
    let mut groups = 0usize;
    let (mut compiled, mut compared) = (0, 0);
    let mut failures = Vec::new();
    for line in text.lines() {
        let mut parts = line.splitn(5, ' ');
        let kind = parts.next().unwrap_or("");
        let i: usize = parts.next().and_then(|x| x.parse().ok()).expect("case");
        let (pat, flags, bytes, subjects) = &specs[i];
        match kind {
            "C" => {
                let rest: Vec<&str> = parts.flat_map(|p| p.split(' ')).collect();
                if rest.first() == Some(&"ERR") {
                    code.clear();
                    continue;
                }
                compiled += 1;
                groups = rest[0].parse().expect("groups");
                code = parse_ints(&rest[1..].join(" "))
                    .into_iter()
                    .map(|x| x as u32)
                    .collect();
            }
            "M" | "F" => {
                let j: usize = parts.next().and_then(|x| x.parse().ok()).expect("subject");
                let subject: Vec<u32> = subjects[j].chars().map(|c| c as u32).collect();
                let (got, want) = if kind == "M" {
                    let mode: i64 = parts.next().and_then(|x| x.parse().ok()).expect("mode");
                    let want = parts.next().unwrap_or("").to_string();
                    let mode = Mode::from_index(mode).expect("mode");
                    let got = engine_rec(&subject, *bytes, &code, groups, mode)
                        .unwrap_or_else(|e| format!("engine error {e:?}"));
                    (got, want)
                } else {
                    let want = parts.collect::<Vec<_>>().join(" ");
                    (engine_scan(&subject, *bytes, &code, groups), want)
                };
                compared += 1;
                if got.trim() != want.trim() {
                    failures.push(format!(
                        "pattern {pat:?} flags {flags} bytes {bytes} subject {:?} {line}\n  \
                         engine: {got}",
                        subjects[j]
                    ));
                }
            }
            _ => panic!("unexpected driver line {line:?}"),
        }
    }
    assert!(
        !finished || compiled > cases / 2,
        "too few patterns compiled: {compiled}"
    );
    assert!(
        failures.is_empty(),
        "{} of {compared} results differ from CPython:\n{}",
        failures.len(),
        failures[..failures.len().min(10)].join("\n")
    );
}

fn run_match(code: &[u32], groups: usize, subject: &str) -> Option<Vec<i64>> {
    let cps: Vec<u32> = subject.chars().map(|c| c as u32).collect();
    let mut out = Vec::new();
    let n = cps.len();
    scan::run_once(
        &CodePoints(&cps),
        code,
        groups,
        0,
        n,
        0,
        Mode::Match,
        false,
        &mut out,
    )
    .expect("engine")
    .then_some(out)
}

/// `(a|b)*c`: `REPEAT 0 MAXREPEAT (MARK 0 BRANCH ... MARK 1) MAX_UNTIL LITERAL c`.
fn a_or_b_star_c() -> Vec<u32> {
    let (a, b, c) = ('a' as u32, 'b' as u32, 'c' as u32);
    vec![
        op::REPEAT,
        19,
        0,
        u32::MAX,
        op::MARK,
        0,
        op::BRANCH,
        5,
        op::LITERAL,
        a,
        op::JUMP,
        7,
        5,
        op::LITERAL,
        b,
        op::JUMP,
        2,
        0,
        op::MARK,
        1,
        op::MAX_UNTIL,
        op::LITERAL,
        c,
        op::SUCCESS,
    ]
}

#[test]
fn hand_assembled_repeat_with_group() {
    let code = a_or_b_star_c();
    assert_eq!(run_match(&code, 1, "abac"), Some(vec![0, 4, 1, 2, 3]));
    assert_eq!(run_match(&code, 1, "c"), Some(vec![0, 1, -1, -1, -1]));
    assert_eq!(run_match(&code, 1, "abx"), None);
}

#[test]
fn deep_backtracking_uses_no_rust_stack() {
    let code = a_or_b_star_c();
    let n = 200_000;
    let s: String = "ab".repeat(n / 2);
    assert_eq!(run_match(&code, 1, &s), None);
    let s2 = format!("{s}c");
    assert_eq!(
        run_match(&code, 1, &s2).map(|r| r[..2].to_vec()),
        Some(vec![0, n as i64 + 1])
    );
}

#[test]
fn malformed_code_is_an_error_or_failure_not_a_panic() {
    let programs: &[&[u32]] = &[
        &[],
        &[op::MARK, 99, op::SUCCESS],
        &[op::MAX_UNTIL, op::SUCCESS],
        &[op::JUMP, 1000],
        &[op::REPEAT_ONE, 2, 0],
        &[op::BRANCH, 3, op::LITERAL],
        &[op::IN, 2, op::BIGCHARSET, 100],
        &[op::ASSERT, 5, 1000, op::SUCCESS],
        &[op::GROUPREF_EXISTS, 7, 100],
        &[99],
        &[op::INFO, 4, 0, 1, 1, op::SUCCESS],
        &[op::INFO, 7, 1, 1, 1, 5, 9, 7, 7, 7, 0, 0],
    ];
    for code in programs {
        for s in ["", "a", "abc"] {
            let cps: Vec<u32> = s.chars().map(|c| c as u32).collect();
            let subject = CodePoints(&cps);
            let mut st = State::new(&subject, code, 1, 0, cps.len());
            let _ = st.pattern_match();
            let mut st = State::new(&subject, code, 1, 0, cps.len());
            let _ = st.search();
        }
    }
}
