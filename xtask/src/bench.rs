//! `cargo xtask bench [CRATE|py|startup] [-- ARGS]`: run benchmarks.
//!
//! * `CRATE` (`dict`, `gc`, `jit-ir`, ... or the full `tern-` name): that crate's criterion
//!   benches; no argument: the benches of every `tern-*` crate, one after another.
//! * `py`: the Python benchmark table (tern vs python3 vs pypy3), once interp-py exists.
//! * `startup`: start-up times of the interpreters, once interp-py exists.
//!
//! Arguments after `--` go to criterion (e.g. a benchmark name filter); for `py` they
//! select programs whose name contains one of them.

use crate::run::INTERPRETER_PACKAGE;
use crate::util::{Failure, Result, Workspace, cargo, run_step};

pub fn main(args: &[String]) -> Result {
    let (ours, passthrough) = match args.iter().position(|a| a == "--") {
        Some(at) => (&args[..at], &args[at + 1..]),
        None => (args, &[][..]),
    };
    if ours.len() > 1 {
        return Err(Failure::usage(
            "bench: at most one of CRATE, `py` or `startup`",
        ));
    }
    let workspace = Workspace::load()?;
    match ours.first().map(String::as_str) {
        Some(which @ ("py" | "startup")) => {
            if !workspace.has_package(INTERPRETER_PACKAGE) {
                return Err(Failure::step(format!(
                    "`bench {which}` needs the Python interpreter ({INTERPRETER_PACKAGE}), \
                     which is not part of the workspace yet"
                )));
            }
            if which == "py" {
                crate::pybench::python_table(passthrough)
            } else {
                crate::pybench::startup_table()
            }
        }
        Some(name) => {
            let package = if name.starts_with("tern-") {
                name.to_string()
            } else {
                format!("tern-{name}")
            };
            if !workspace.has_package(&package) {
                let known = workspace.tern_packages();
                return Err(Failure::usage(format!(
                    "bench: no crate `{package}` in the workspace; crates: {}",
                    if known.is_empty() {
                        "(none yet)".to_string()
                    } else {
                        known.join(", ")
                    }
                )));
            }
            criterion(&package, passthrough)
        }
        None => {
            let packages = workspace.tern_packages();
            if packages.is_empty() {
                eprintln!("xtask: no tern-* crates in the workspace yet; nothing to benchmark");
                return Ok(());
            }
            for package in packages {
                criterion(&package, passthrough)?;
            }
            Ok(())
        }
    }
}

fn criterion(package: &str, passthrough: &[String]) -> Result {
    let mut cmd = cargo();
    cmd.args(["bench", "-p", package]);
    if !passthrough.is_empty() {
        cmd.arg("--").args(passthrough);
    }
    run_step(&format!("benchmarks of {package}"), &mut cmd)
}
