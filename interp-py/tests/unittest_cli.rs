//! `tern -m unittest`: our own suite's report must match CPython's, and CPython's own test
//! files from the installed `Lib/test/` must keep passing at least as many tests as recorded.
//!
//! * `tests/unittest_suite/test_tern_suite.py` is run with `-m unittest -v` and its stderr and
//!   exit status compared with CPython 3.11's recorded report (`expected.stderr`), the timing
//!   in "Ran N tests in X.XXXs" masked. `TERN_BLESS=1` re-records from `python3` (3.11).
//! * `tests/cpython_lib_tests.txt` lists CPython test modules (`test.test_bool`, ...) with the
//!   number of tests tern ran and passed when last recorded; a module whose pass count drops
//!   (or that no longer runs) fails the test. `TERN_BLESS=1` rewrites the file with the new
//!   counts (the ratchet only goes up: commit improved counts). Skipped when tern finds no
//!   CPython 3.11 library (the `test` package comes from it).

use std::path::{Path, PathBuf};
use std::process::Command;

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/unittest_suite")
}

fn bless() -> bool {
    std::env::var_os("TERN_BLESS").is_some_and(|v| v == "1")
}

/// Replaces the duration in "Ran N tests in 0.123s".
fn mask_timing(report: &str) -> String {
    report
        .lines()
        .map(|l| match (l.strip_prefix("Ran "), l.rfind(" in ")) {
            (Some(_), Some(at)) if l.ends_with('s') => format!("{} in X.XXXs", &l[..at]),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn run_suite(exe: &str) -> (String, Option<i32>) {
    let out = Command::new(exe)
        .args(["-m", "unittest", "-v", "test_tern_suite"])
        .current_dir(suite_dir())
        .env("PYTHONHASHSEED", "0")
        .output()
        .expect("run the interpreter");
    // Tracebacks name the suite by absolute path; keep the expectations location-free.
    let dir = format!("{}/", suite_dir().display());
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&dir, "");
    (mask_timing(&stderr), out.status.code())
}

fn python_is_311() -> bool {
    Command::new("python3")
        .args(["-c", "import sys; print(sys.version_info[:2] == (3, 11))"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "True")
}

#[test]
fn our_unittest_suite_reports_like_cpython() {
    let expected_path = suite_dir().join("expected.stderr");
    if bless() {
        let (report, status) = run_suite("python3");
        std::fs::write(&expected_path, format!("{report}\nstatus {status:?}\n")).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).expect("recorded CPython report");
    if python_is_311() && !bless() {
        let (report, status) = run_suite("python3");
        assert_eq!(
            format!("{report}\nstatus {status:?}\n"),
            expected,
            "the recorded report is stale (TERN_BLESS=1 re-records it)"
        );
    }
    let (report, status) = run_suite(env!("CARGO_BIN_EXE_tern"));
    let got = format!("{report}\nstatus {status:?}\n");
    if got != expected {
        panic!("tern -m unittest differs from CPython:\n--- expected\n{expected}\n--- tern\n{got}");
    }
}

/// `(ran, failures, errors, skipped)` from a unittest report, if it has a summary.
fn summary(report: &str) -> Option<(u32, u32, u32, u32)> {
    let ran_line = report.lines().find(|l| l.starts_with("Ran "))?;
    let ran = ran_line.split_whitespace().nth(1)?.parse().ok()?;
    let tail = report
        .lines()
        .rev()
        .find(|l| l.starts_with("OK") || l.starts_with("FAILED"))?;
    let count = |key: &str| -> u32 {
        tail.split(|c| c == '(' || c == ')' || c == ',')
            .filter_map(|part| part.trim().strip_prefix(key)?.strip_prefix('='))
            .filter_map(|n| n.parse().ok())
            .next()
            .unwrap_or(0)
    };
    Some((ran, count("failures"), count("errors"), count("skipped")))
}

#[test]
fn summary_parses_unittest_reports() {
    assert_eq!(
        summary("...\nRan 30 tests in 0.5s\n\nFAILED (failures=2, errors=1, skipped=3)\n"),
        Some((30, 2, 1, 3))
    );
    assert_eq!(
        summary("Ran 5 tests in 0.1s\n\nOK (skipped=1)\n"),
        Some((5, 0, 0, 1))
    );
    assert_eq!(summary("Traceback ...\nImportError\n"), None);
}

#[test]
fn cpython_test_files_keep_passing() {
    let tern = env!("CARGO_BIN_EXE_tern");
    let probe = Command::new(tern)
        .args(["-c", "import test.support"])
        .output()
        .expect("run tern");
    if !probe.status.success() {
        eprintln!(
            "CPython 3.11's Lib/test is not available to tern; skipping:\n{}",
            String::from_utf8_lossy(&probe.stderr)
        );
        return;
    }
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cpython_lib_tests.txt");
    let text = std::fs::read_to_string(&list).expect("tests/cpython_lib_tests.txt");
    let mut header = Vec::new();
    let mut rows = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            header.push(line.to_string());
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        let (Some(name), Some(ran), Some(passed)) = (f.first(), f.get(1), f.get(2)) else {
            panic!("bad line in cpython_lib_tests.txt: {line:?}");
        };
        rows.push((
            name.to_string(),
            ran.parse::<u32>().unwrap(),
            passed.parse::<u32>().unwrap(),
        ));
    }
    let mut failures = Vec::new();
    let mut new_rows = Vec::new();
    for (name, ran_before, passed_before) in &rows {
        let out = Command::new(tern)
            .args(["-m", "unittest", name])
            .env("PYTHONHASHSEED", "0")
            .output()
            .expect("run tern");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let (ran, passed) = match summary(&stderr) {
            Some((ran, fail, err, skip)) => (ran, ran.saturating_sub(fail + err + skip)),
            None => (0, 0),
        };
        eprintln!(
            "{name}: ran {ran}, passed {passed} (recorded: ran {ran_before}, passed {passed_before})"
        );
        if passed < *passed_before {
            let tail: String = stderr
                .lines()
                .rev()
                .take(30)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n");
            failures.push(format!(
                "{name}: {passed} tests pass, {passed_before} did\n{tail}"
            ));
        }
        new_rows.push((name.clone(), ran, passed));
    }
    if bless() {
        let mut out = header.join("\n");
        out.push('\n');
        for (name, ran, passed) in &new_rows {
            out.push_str(&format!("{name} {ran} {passed}\n"));
        }
        std::fs::write(&list, out).unwrap();
        return;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
