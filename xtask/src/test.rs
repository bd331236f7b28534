//! `cargo xtask test`: the whole test run, the same locally and on CI.
//!
//! Steps, in order: formatting check, clippy with warnings denied, `cargo test --workspace`,
//! then the extra runs of the `EXTRA_RUNS` table. An extra run belongs to one crate and is
//! skipped (with a note) while that crate is not yet a workspace member, so the table can
//! describe the whole project while the crates arrive one by one. Every step is timed and a
//! summary is printed at the end, because CI has a time budget (about 30 minutes on 2 cores).

use std::process::Command;
use std::time::{Duration, Instant};

use crate::prereq;
use crate::util::{self, Failure, Result, Workspace, cargo, have, run_step};

/// One extra test run beyond `cargo test --workspace`.
struct ExtraRun {
    /// Step name, usable with `--only`.
    name: &'static str,
    /// The workspace package the run belongs to; skipped while it is not a member.
    package: &'static str,
    /// What the run checks, printed before it starts.
    what: &'static str,
    /// Prepares the machine (installs targets/tools) and builds the command to run.
    command: fn(&Workspace) -> Result<Option<Command>>,
}

/// Crates whose tests also run as AArch64 code under qemu (the `aarch64-qemu` run).
const AARCH64_PACKAGES: &[&str] = &["tern-jit-backend-arm", "tern-ffi"];

/// The extra runs, in the order they execute. Later issues add rows here.
const EXTRA_RUNS: &[ExtraRun] = &[
    ExtraRun {
        name: "gc-stress",
        package: "tern-gc",
        what: "tern-gc's whole suite with a collection at every allocation",
        command: |_| {
            let mut cmd = cargo();
            cmd.env("TERN_GC_STRESS", "1")
                .args(["test", "-p", "tern-gc"]);
            Ok(Some(cmd))
        },
    },
    ExtraRun {
        name: "stm-loom",
        package: "tern-stm",
        what: "tern-stm's loom models of the commit/validation protocol",
        command: |workspace| {
            // `--cfg loom` changes every crate's build, so it gets a target dir of its own
            // instead of invalidating the normal one.
            let mut cmd = cargo();
            cmd.env("RUSTFLAGS", "--cfg loom")
                .env("CARGO_TARGET_DIR", workspace.target_dir.join("loom"))
                .args(["test", "-p", "tern-stm", "--release", "--test", "loom"]);
            Ok(Some(cmd))
        },
    },
    ExtraRun {
        name: "aarch64-qemu",
        package: "tern-jit-backend-arm",
        what: "the AArch64 backend's and tern-ffi's tests, cross-compiled and run under qemu-user",
        command: |workspace| {
            prereq::ensure_target(prereq::AARCH64_TARGET)?;
            prereq::ensure_packages(prereq::AARCH64_QEMU)?;
            let mut cmd = cargo();
            cmd.args(["test", "--target", prereq::AARCH64_TARGET]);
            for package in AARCH64_PACKAGES {
                if workspace.has_package(package) {
                    cmd.args(["-p", package]);
                }
            }
            Ok(Some(cmd))
        },
    },
    ExtraRun {
        name: "interp-py-stress",
        package: "tern-interp-py",
        what: "the Python conformance suite with a collection at every allocation",
        command: |_| {
            let mut cmd = cargo();
            cmd.env("TERN_GC_STRESS", "1").args([
                "test",
                "-p",
                "tern-interp-py",
                "--test",
                "conformance",
            ]);
            Ok(Some(cmd))
        },
    },
];

struct Options {
    lint: bool,
    only: Option<String>,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut opts = Options {
        lint: true,
        only: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--no-lint" => opts.lint = false,
            "--only" => {
                let step = it
                    .next()
                    .ok_or_else(|| Failure::usage("--only needs a step name"))?;
                opts.only = Some(step.clone());
            }
            other => return Err(Failure::usage(format!("test: unknown argument `{other}`"))),
        }
    }
    if let Some(only) = &opts.only {
        let known = ["fmt", "clippy", "test"]
            .iter()
            .copied()
            .chain(EXTRA_RUNS.iter().map(|r| r.name));
        if !known.clone().any(|k| k == only) {
            let names: Vec<_> = known.collect();
            return Err(Failure::usage(format!(
                "test: no step `{only}`; steps are: {}",
                names.join(", ")
            )));
        }
    }
    Ok(opts)
}

pub fn main(args: &[String]) -> Result {
    let opts = parse(args)?;
    let wants = |step: &str| opts.only.as_deref().is_none_or(|only| only == step);
    let workspace = Workspace::load()?;
    let mut timings: Vec<(String, Duration, &str)> = Vec::new();
    let mut timed = |name: &str, f: &mut dyn FnMut() -> Result<&'static str>| -> Result {
        let start = Instant::now();
        let outcome = f();
        let elapsed = start.elapsed();
        let status = match &outcome {
            Ok(s) => *s,
            Err(_) => "FAILED",
        };
        timings.push((name.to_string(), elapsed, status));
        outcome.map(|_| ())
    };

    let result = (|| -> Result {
        if opts.lint && wants("fmt") {
            timed("fmt", &mut || {
                ensure_component("rustfmt", &["fmt", "--version"])?;
                run_step(
                    "formatting check (run `cargo fmt --all` to fix)",
                    cargo().args(["fmt", "--all", "--", "--check"]),
                )?;
                Ok("ok")
            })?;
        }
        if opts.lint && wants("clippy") {
            timed("clippy", &mut || {
                ensure_component("clippy", &["clippy", "--version"])?;
                run_step(
                    "clippy",
                    cargo().args([
                        "clippy",
                        "--workspace",
                        "--all-targets",
                        "--",
                        "-D",
                        "warnings",
                    ]),
                )?;
                Ok("ok")
            })?;
        }
        if wants("test") {
            timed("test", &mut || {
                prereq::ensure_packages(prereq::WORKSPACE_TEST)?;
                // `--no-fail-fast`: one failing test binary must not hide the others'
                // results (CI shows only the end of the log).
                run_step(
                    "cargo test --workspace",
                    cargo().args(["test", "--workspace", "--no-fail-fast"]),
                )?;
                Ok("ok")
            })?;
        }
        for extra in EXTRA_RUNS {
            if !wants(extra.name) {
                continue;
            }
            timed(extra.name, &mut || {
                if !workspace.has_package(extra.package) {
                    eprintln!(
                        "xtask: skipping {} ({} is not in the workspace yet)",
                        extra.name, extra.package
                    );
                    return Ok("skipped (crate not present)");
                }
                eprintln!("xtask: {}: {}", extra.name, extra.what);
                match (extra.command)(&workspace)? {
                    Some(mut cmd) => {
                        run_step(extra.name, &mut cmd)?;
                        Ok("ok")
                    }
                    None => Ok("skipped (see message above)"),
                }
            })?;
        }
        Ok(())
    })();

    eprintln!("\nxtask test summary:");
    for (name, elapsed, status) in &timings {
        eprintln!("  {name:<20} {:>8.1}s  {status}", elapsed.as_secs_f64());
    }
    let total: Duration = timings.iter().map(|t| t.1).sum();
    eprintln!("  {:<20} {:>8.1}s", "total", total.as_secs_f64());
    result
}

/// Checks that a rustup component answers; tries `rustup component add` if it does not.
fn ensure_component(component: &str, probe: &[&str]) -> Result {
    let cargo_bin = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    if have(&cargo_bin, probe) {
        return Ok(());
    }
    eprintln!(
        "xtask: `cargo {}` is missing; trying `rustup component add {component}`",
        probe[0]
    );
    if have("rustup", &["--version"]) {
        let _ = util::run_step(
            "rustup component add",
            Command::new("rustup").args(["component", "add", component]),
        );
    }
    if have(&cargo_bin, probe) {
        Ok(())
    } else {
        Err(Failure::step(format!(
            "the Rust component `{component}` is missing; install it with:\n    rustup component add {component}"
        )))
    }
}
