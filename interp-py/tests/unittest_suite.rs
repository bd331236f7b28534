//! `tern -m unittest` on a small suite of our own (`tests/unittest_suite/test_*.py`): the
//! report (stderr), stdout and exit status must equal CPython 3.11's byte for byte, except the
//! timing in "Ran N tests in X.XXXs", which is normalised in both.
//!
//! Each case is a command line run in `tests/unittest_suite/`; its expected output is in
//! `tests/unittest_suite/expected/CASE.{stdout,stderr,status}`.
//! * `TERN_BLESS=1`: re-record the expected files from `python3` (must be 3.11).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// (case name, arguments after the interpreter).
const CASES: &[(&str, &[&str])] = &[
    // Only this suite's modules (the directory also holds tests/unittest_cli.rs's module).
    (
        "discover",
        &["-m", "unittest", "discover", "-p", "test_tern_[bm]*.py"],
    ),
    (
        "verbose_modules",
        &["-m", "unittest", "-v", "test_tern_basics", "test_tern_more"],
    ),
    (
        "select_test",
        &[
            "-m",
            "unittest",
            "test_tern_basics.Containers.test_misc",
            "test_tern_more.Runner",
        ],
    ),
    (
        "failfast",
        &["-m", "unittest", "-f", "-q", "test_tern_basics"],
    ),
    ("missing_module", &["-m", "unittest", "test_no_such_module"]),
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("unittest_suite")
}

struct Outcome {
    stdout: String,
    stderr: String,
    status: i32,
}

/// Replaces the run time in "Ran N tests in X.XXXs" and the suite's absolute directory.
fn normalise(text: &[u8]) -> String {
    let abs = format!("{}/", dir().display());
    let s = String::from_utf8_lossy(text).replace(&abs, "");
    s.lines()
        .map(|line| match line.strip_prefix("Ran ") {
            Some(rest) if rest.contains(" in ") && rest.ends_with('s') => {
                let head = rest.split(" in ").next().unwrap_or(rest);
                format!("Ran {head} in <time>")
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn run(exe: &str, args: &[&str]) -> Outcome {
    let out = Command::new(exe)
        .args(args)
        .current_dir(dir())
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env_remove("PYTHONPATH")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {exe}: {e}"));
    Outcome {
        stdout: normalise(&out.stdout),
        stderr: normalise(&out.stderr),
        status: out.status.code().unwrap_or(-1),
    }
}

fn expected_path(name: &str, ext: &str) -> PathBuf {
    dir().join("expected").join(format!("{name}.{ext}"))
}

#[test]
fn unittest_reports_like_cpython() {
    let tern = env!("CARGO_BIN_EXE_tern");
    let bless = std::env::var_os("TERN_BLESS").is_some();
    let mut failures = Vec::new();
    for (name, args) in CASES {
        if bless {
            let py = run("python3", args);
            std::fs::create_dir_all(dir().join("expected")).expect("mkdir expected");
            std::fs::write(expected_path(name, "stdout"), &py.stdout).expect("write");
            std::fs::write(expected_path(name, "stderr"), &py.stderr).expect("write");
            std::fs::write(expected_path(name, "status"), py.status.to_string()).expect("write");
        }
        let read = |ext: &str| {
            std::fs::read_to_string(expected_path(name, ext)).unwrap_or_else(|_| {
                panic!("missing expected file for {name} (run with TERN_BLESS=1)")
            })
        };
        let (want_out, want_err) = (read("stdout"), read("stderr"));
        let want_status: i32 = read("status").trim().parse().expect("status number");
        let got = run(tern, args);
        if got.stdout != want_out || got.stderr != want_err || got.status != want_status {
            failures.push(format!(
                "{name}: status {} (want {want_status})\n--- stderr ---\n{}\n--- want ---\n{}",
                got.status, got.stderr, want_err
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
