//! CPython's own test files from the installed `Lib/test/`, run by `tern -m unittest`, must
//! keep passing at least as many tests as recorded (our own unittest suite, compared with
//! CPython's report, is `tests/unittest_suite.rs`).
//!
//! * `tests/cpython_lib_tests.txt` lists CPython test modules (`test.test_bool`, ...) with the
//!   number of tests tern ran and passed when last recorded; a module whose pass count drops
//!   (or that no longer runs) fails the test. `TERN_BLESS=1` rewrites the file with the new
//!   counts (commit improved counts; a lower count needs a reason). Skipped when tern finds no
//!   CPython 3.11 library (the `test` package comes from it).

use std::path::Path;
use std::process::Command;

fn bless() -> bool {
    std::env::var_os("TERN_BLESS").is_some_and(|v| v == "1")
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
        tail.split(['(', ')', ','])
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
        let err = String::from_utf8_lossy(&probe.stderr);
        // Only a missing CPython library is a reason to skip; anything else is a failure.
        assert!(
            err.contains("No module named 'test'"),
            "`import test.support` failed in tern:\n{err}"
        );
        eprintln!("CPython 3.11's Lib/test is not available to tern; skipping:\n{err}");
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
