//! The conformance suite: every `tests/conformance/NAME.py` is run by `tern` and its stdout,
//! stderr and exit status are compared byte for byte with what CPython 3.11 produced, recorded
//! in `tests/conformance/expected/NAME.{stdout,stderr,status}`.
//!
//! * `TERN_BLESS=1`: re-record the expected files from `python3` (must be 3.11).
//! * When `python3` (3.11) is installed, the recorded files are also checked against a live
//!   run, so stale expectations are caught (`TERN_CONFORMANCE_NO_LIVE=1` skips that).
//! * `TERN_CONFORMANCE_FILTER=substr`: run only programs whose name contains `substr`.
//! * `TERN_CONFORMANCE_TIMES=1`: print the total and the slowest programs' run times.
//! * The environment (e.g. `TERN_GC_STRESS=1`) is passed to the spawned `tern`.
//! * An optional `NAME.stdin` file is fed to both interpreters' standard input.
//!
//! Programs run with the test directory as working directory and are named by a relative
//! path; the absolute directory (which CPython puts in tracebacks) is replaced by nothing in
//! both outputs, so the expectations do not depend on where the repository lives.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

struct Outcome {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: i32,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("conformance")
}

fn run(exe: &str, name: &str, timeout: Duration) -> Result<Outcome, String> {
    let d = dir();
    let stdin_file = d.join(format!("{name}.stdin"));
    let mut cmd = Command::new(exe);
    cmd.arg(format!("{name}.py"))
        .current_dir(&d)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env_remove("PYTHONPATH")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if stdin_file.exists() {
        let f = std::fs::File::open(&stdin_file).map_err(|e| e.to_string())?;
        cmd.stdin(Stdio::from(f));
    } else {
        cmd.stdin(Stdio::null());
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot run {exe}: {e}"))?;
    let start = Instant::now();
    // Drain the pipes on threads so a chatty program cannot block on a full pipe.
    let mut out_pipe = child.stdout.take().expect("piped");
    let mut err_pipe = child.stderr.take().expect("piped");
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out_pipe, &mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err_pipe, &mut v);
        v
    });
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {timeout:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let abs = format!("{}/", d.display());
    let norm = |v: Vec<u8>| -> Vec<u8> {
        let s = String::from_utf8_lossy(&v).into_owned();
        s.replace(&abs, "").into_bytes()
    };
    Ok(Outcome {
        stdout: norm(t_out.join().unwrap_or_default()),
        stderr: norm(t_err.join().unwrap_or_default()),
        status: status.code().unwrap_or(-1),
    })
}

fn expected_path(name: &str, ext: &str) -> PathBuf {
    dir().join("expected").join(format!("{name}.{ext}"))
}

fn load_expected(name: &str) -> Option<Outcome> {
    let stdout = std::fs::read(expected_path(name, "stdout")).ok()?;
    let stderr = std::fs::read(expected_path(name, "stderr")).ok()?;
    let status = std::fs::read_to_string(expected_path(name, "status")).ok()?;
    Some(Outcome {
        stdout,
        stderr,
        status: status.trim().parse().ok()?,
    })
}

fn save_expected(name: &str, o: &Outcome) {
    let _ = std::fs::create_dir_all(dir().join("expected"));
    std::fs::write(expected_path(name, "stdout"), &o.stdout).expect("write expected stdout");
    std::fs::write(expected_path(name, "stderr"), &o.stderr).expect("write expected stderr");
    std::fs::write(expected_path(name, "status"), format!("{}\n", o.status))
        .expect("write expected status");
}

fn python_is_311() -> bool {
    Command::new("python3")
        .arg("-c")
        .arg("import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)")
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// The first differing line of two outputs, for the failure report.
fn first_diff(what: &str, want: &[u8], got: &[u8]) -> Option<String> {
    if want == got {
        return None;
    }
    let (w, g) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    let wl: Vec<&str> = w.split('\n').collect();
    let gl: Vec<&str> = g.split('\n').collect();
    for i in 0..wl.len().max(gl.len()) {
        let (a, b) = (wl.get(i).copied(), gl.get(i).copied());
        if a != b {
            return Some(format!(
                "  {what} line {}:\n    expected: {:?}\n    got:      {:?}",
                i + 1,
                a.unwrap_or("<end>"),
                b.unwrap_or("<end>")
            ));
        }
    }
    Some(format!("  {what} differs"))
}

fn compare(want: &Outcome, got: &Outcome) -> Vec<String> {
    let mut d = Vec::new();
    if want.status != got.status {
        d.push(format!(
            "  exit status: expected {}, got {}",
            want.status, got.status
        ));
    }
    d.extend(first_diff("stdout", &want.stdout, &got.stdout));
    d.extend(first_diff("stderr", &want.stderr, &got.stderr));
    d
}

fn main() {
    let filter = std::env::var("TERN_CONFORMANCE_FILTER").unwrap_or_default();
    let bless = std::env::var("TERN_BLESS").is_ok_and(|v| v == "1");
    let stress = std::env::var("TERN_GC_STRESS").is_ok_and(|v| !v.is_empty() && v != "0");
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/conformance exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|f| f.strip_suffix(".py").map(|s| s.to_string()))
        .filter(|n| n.contains(&filter))
        .collect();
    names.sort();
    let have_python = python_is_311();
    if bless && !have_python {
        eprintln!("TERN_BLESS=1 needs python3 3.11");
        std::process::exit(1);
    }
    let live = have_python && !bless && std::env::var("TERN_CONFORMANCE_NO_LIVE").is_err();
    let timeout = Duration::from_secs(if stress { 600 } else { 120 });
    let tern = env!("CARGO_BIN_EXE_tern");
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let times: Mutex<Vec<(Duration, String)>> = Mutex::new(Vec::new());
    let next = Mutex::new(0usize);
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = {
                        let mut n = next.lock().expect("lock");
                        let i = *n;
                        *n += 1;
                        i
                    };
                    let Some(name) = names.get(i) else { break };
                    let mut problems = Vec::new();
                    if bless {
                        match run("python3", name, timeout) {
                            Ok(o) => save_expected(name, &o),
                            Err(e) => problems.push(format!("  python3: {e}")),
                        }
                    }
                    let expected = load_expected(name);
                    match &expected {
                        None => {
                            problems.push("  no expected output (run with TERN_BLESS=1)".into())
                        }
                        Some(want) => {
                            if live {
                                match run("python3", name, timeout) {
                                    Ok(py) => {
                                        for d in compare(want, &py) {
                                            problems.push(format!(
                                                "  stale expectation (live python3 differs):\n  {d}"
                                            ));
                                        }
                                    }
                                    Err(e) => problems.push(format!("  python3: {e}")),
                                }
                            }
                            let started = Instant::now();
                            match run(tern, name, timeout) {
                                Ok(got) => problems.extend(compare(want, &got)),
                                Err(e) => problems.push(format!("  tern: {e}")),
                            }
                            times
                                .lock()
                                .expect("lock")
                                .push((started.elapsed(), name.clone()));
                        }
                    }
                    if !problems.is_empty() {
                        failures
                            .lock()
                            .expect("lock")
                            .push(format!("{name}:\n{}", problems.join("\n")));
                    }
                }
            });
        }
    });
    if std::env::var("TERN_CONFORMANCE_TIMES").is_ok_and(|v| v == "1") {
        // The slowest programs of this run (to keep the suite's cost in check).
        let mut times = times.into_inner().expect("lock");
        times.sort_by_key(|t| std::cmp::Reverse(t.0));
        let sum: Duration = times.iter().map(|t| t.0).sum();
        println!(
            "tern time: {:.1} s over {} programs; slowest:",
            sum.as_secs_f64(),
            times.len()
        );
        for (d, name) in times.iter().take(15) {
            println!("  {:7.2} s  {name}", d.as_secs_f64());
        }
    }
    let mut failures = failures.into_inner().expect("lock");
    failures.sort();
    let total = names.len();
    if failures.is_empty() {
        println!(
            "conformance: {total} programs passed{}",
            if stress { " (GC stress)" } else { "" }
        );
        return;
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    println!("conformance: {} of {total} programs failed", failures.len());
    std::process::exit(1);
}
