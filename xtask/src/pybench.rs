//! `cargo xtask bench py` and `cargo xtask bench startup`: tern against CPython and PyPy.
//!
//! Every program in `interp-py/benches/py/*.py` runs under each interpreter that is
//! installed (tern, `python3`, `pypy3`), `runs` times each (default 3, `TERN_BENCH_RUNS`);
//! the table shows the median wall-clock seconds, the ratio to CPython (tern / CPython: below
//! 1.0 is faster), the peak resident set size (from `wait4`'s `ru_maxrss`, so it is the
//! child's own peak, not the machine's), and whether the program's stdout matched CPython's.
//! The last row is the geometric mean of the ratios. Runs alternate between interpreters so
//! that background load hits all of them alike.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::run::build_interpreter;
use crate::util::{Failure, Result, workspace_root};

/// One interpreter under test.
struct Interpreter {
    name: &'static str,
    program: PathBuf,
}

/// What one run of one program produced.
struct RunResult {
    seconds: f64,
    max_rss_kib: u64,
    stdout: Vec<u8>,
    success: bool,
}

fn runs() -> usize {
    std::env::var("TERN_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(3)
}

fn interpreters() -> Result<Vec<Interpreter>> {
    let mut found = vec![Interpreter {
        name: "tern",
        program: build_interpreter()?,
    }];
    for name in ["python3", "pypy3"] {
        if crate::util::have(name, &["-c", "pass"]) {
            found.push(Interpreter {
                name,
                program: real_executable(name),
            });
        } else {
            eprintln!("xtask: `{name}` is not installed; its column stays empty");
        }
    }
    Ok(found)
}

/// The interpreter binary itself: `python3` on PATH is often a launcher script (pyenv's
/// shims are bash scripts that cost ~70 ms per start), which would be timed along with
/// every run. Asks the interpreter for `sys.executable`; falls back to the name.
fn real_executable(name: &str) -> PathBuf {
    Command::new(name)
        .args(["-c", "import sys; print(sys.executable)"])
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|text| PathBuf::from(text.trim()))
        .filter(|path| path.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

/// Runs `cmd` to completion and measures it. Stdout is captured, stderr discarded.
fn measure(cmd: &mut Command) -> Result<RunResult> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| Failure::step(format!("could not start {:?}: {e}", cmd.get_program())))?;
    let mut stdout = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        use std::io::Read;
        let _ = out.read_to_end(&mut stdout);
    }
    let (status, max_rss_kib) = wait_with_rusage(child.id())?;
    let seconds = start.elapsed().as_secs_f64();
    Ok(RunResult {
        seconds,
        max_rss_kib,
        stdout,
        success: status == 0,
    })
}

/// Reaps `pid` with `wait4` and returns (exit status or -1, peak RSS in KiB).
fn wait_with_rusage(pid: u32) -> Result<(i32, u64)> {
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = pid as libc::pid_t;
    loop {
        // SAFETY: `pid` is our own child that nobody else reaps (the `Child` handle is never
        // waited on); `status` and `usage` are valid, writable locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(Failure::step(format!("wait4 failed: {err}")));
        }
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Ok((code, usage.ru_maxrss.max(0) as u64))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn benchmark_programs() -> Result<Vec<PathBuf>> {
    let dir = workspace_root()
        .join("interp-py")
        .join("benches")
        .join("py");
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Failure::step(format!("cannot read {}: {e}", dir.display())))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    programs.sort();
    if programs.is_empty() {
        return Err(Failure::step(format!(
            "no benchmark programs in {}",
            dir.display()
        )));
    }
    Ok(programs)
}

fn short_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `bench py`: the Python benchmark table.
pub fn python_table(filter: &[String]) -> Result {
    let interpreters = interpreters()?;
    let mut programs = benchmark_programs()?;
    if !filter.is_empty() {
        programs.retain(|p| filter.iter().any(|f| short_name(p).contains(f.as_str())));
    }
    let runs = runs();
    let cpython = interpreters.iter().position(|i| i.name == "python3");
    println!(
        "{:<16} {:>10} {:>10} {:>10} {:>9} {:>9} {:>10} {:>10} {:>10}  output",
        "program",
        "tern s",
        "cpython s",
        "pypy s",
        "tern/cpy",
        "pypy/cpy",
        "tern MiB",
        "cpy MiB",
        "pypy MiB"
    );
    let mut log_sums = vec![0.0f64; interpreters.len()];
    let mut counted = vec![0usize; interpreters.len()];
    let mut all_match = true;
    for program in &programs {
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); interpreters.len()];
        let mut rss = vec![0u64; interpreters.len()];
        let mut outputs: Vec<Option<Vec<u8>>> = vec![None; interpreters.len()];
        let mut failed = vec![false; interpreters.len()];
        for _ in 0..runs {
            for (i, interp) in interpreters.iter().enumerate() {
                let mut cmd = Command::new(&interp.program);
                cmd.arg(program)
                    .current_dir(program.parent().unwrap_or(Path::new(".")));
                let r = measure(&mut cmd)?;
                failed[i] |= !r.success;
                times[i].push(r.seconds);
                rss[i] = rss[i].max(r.max_rss_kib);
                outputs[i] = Some(r.stdout);
            }
        }
        let medians: Vec<f64> = times.iter_mut().map(|t| median(t)).collect();
        let cell = |name: &str, f: &dyn Fn(usize) -> String| -> String {
            interpreters
                .iter()
                .position(|i| i.name == name)
                .map(f)
                .unwrap_or_else(|| "-".into())
        };
        let secs = |i: usize| {
            if failed[i] {
                "failed".into()
            } else {
                format!("{:.3}", medians[i])
            }
        };
        let ratio = |i: usize| match cpython {
            Some(c) if !failed[i] && !failed[c] => format!("{:.2}", medians[i] / medians[c]),
            _ => "-".into(),
        };
        let mib = |i: usize| format!("{:.1}", rss[i] as f64 / 1024.0);
        let matched = match cpython {
            Some(c) => {
                let reference = &outputs[c];
                let verdicts: Vec<String> = interpreters
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| i != c)
                    .map(|(i, interp)| {
                        let ok = !failed[i] && outputs[i] == *reference;
                        if interp.name == "tern" && !ok {
                            all_match = false;
                        }
                        format!("{}:{}", interp.name, if ok { "same" } else { "DIFFERS" })
                    })
                    .collect();
                verdicts.join(" ")
            }
            None => "(no CPython to compare)".into(),
        };
        if let Some(c) = cpython {
            for i in 0..interpreters.len() {
                if !failed[i] && !failed[c] {
                    log_sums[i] += (medians[i] / medians[c]).ln();
                    counted[i] += 1;
                }
            }
        }
        println!(
            "{:<16} {:>10} {:>10} {:>10} {:>9} {:>9} {:>10} {:>10} {:>10}  {}",
            short_name(program),
            cell("tern", &secs),
            cell("python3", &secs),
            cell("pypy3", &secs),
            cell("tern", &ratio),
            cell("pypy3", &ratio),
            cell("tern", &mib),
            cell("python3", &mib),
            cell("pypy3", &mib),
            matched
        );
    }
    let geo = |name: &str| {
        interpreters
            .iter()
            .position(|i| i.name == name)
            .filter(|&i| counted[i] > 0)
            .map(|i| format!("{:.2}", (log_sums[i] / counted[i] as f64).exp()))
            .unwrap_or_else(|| "-".into())
    };
    println!(
        "{:<16} {:>10} {:>10} {:>10} {:>9} {:>9}",
        "geometric mean",
        "",
        "",
        "",
        geo("tern"),
        geo("pypy3")
    );
    println!("({runs} runs each, median; ratios are time / CPython's time, lower is faster)");
    if all_match {
        Ok(())
    } else {
        Err(Failure::step(
            "tern's output differed from CPython's on some program",
        ))
    }
}

/// A start-up row: label, program, environment variable set for tern only.
type StartupCase = (
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
);

/// `bench startup`: start-up time of each interpreter for a few one-liners.
pub fn startup_table() -> Result {
    let interpreters = interpreters()?;
    let runs = runs().max(10);
    // (row label, program, environment for tern only: the third row switches tern's
    // bytecode cache off, i.e. every imported module is compiled from source, as on a first
    // run; the other interpreters have no such row).
    let imports = "import os, re, json, collections";
    let cases: [StartupCase; 3] = [
        ("-c \"pass\"", "pass", None),
        ("-c \"import os, re, json, collections\"", imports, None),
        (
            "  same, tern without bytecode cache",
            imports,
            Some(("TERN_BYTECODE_CACHE", "0")),
        ),
    ];
    println!(
        "{:<40} {}",
        "command",
        interpreters
            .iter()
            .map(|i| format!("{:>14}", format!("{} ms", i.name)))
            .collect::<String>()
    );
    for (label, case, tern_env) in cases {
        let mut cells = String::new();
        for interp in &interpreters {
            if tern_env.is_some() && interp.name != "tern" {
                cells.push_str(&format!("{:>14}", "-"));
                continue;
            }
            let mut times = Vec::new();
            let mut ok = true;
            for _ in 0..runs {
                let mut cmd = Command::new(&interp.program);
                cmd.args(["-c", case]);
                if let Some((k, v)) = tern_env {
                    cmd.env(k, v);
                }
                let r = measure(&mut cmd)?;
                ok &= r.success;
                times.push(r.seconds * 1000.0);
            }
            cells.push_str(&if ok {
                format!("{:>14.1}", median(&mut times))
            } else {
                format!("{:>14}", "failed")
            });
        }
        println!("{label:<40} {cells}");
    }
    println!("({runs} runs each, median wall-clock milliseconds)");
    Ok(())
}
