//! `cargo xtask run FILE.py [ARGS]`: build the `tern` binary in release mode and run it.
//!
//! The exit status of `tern` is passed through, so `cargo xtask run` behaves like running
//! the program directly (0, 1 on an uncaught exception, the `SystemExit` code, ...).

use std::process::Command;

use crate::util::{Failure, Result, Workspace, cargo, run_step};

/// The package that provides the `tern` binary.
pub const INTERPRETER_PACKAGE: &str = "tern-interp-py";

pub fn main(args: &[String]) -> Result {
    if args.is_empty() {
        return Err(Failure::usage(
            "run: which Python file? (cargo xtask run FILE.py [ARGS])",
        ));
    }
    let tern = build_interpreter()?;
    let status = Command::new(&tern)
        .args(args)
        .status()
        .map_err(|e| Failure::step(format!("could not start {}: {e}", tern.display())))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(code) => Err(Failure::Child(u8::try_from(code).unwrap_or(1))),
        None => Err(Failure::step(format!("tern was killed ({status})"))),
    }
}

/// Builds `tern` in release mode and returns the path of the binary.
pub fn build_interpreter() -> Result<std::path::PathBuf> {
    let workspace = Workspace::load()?;
    if !workspace.has_package(INTERPRETER_PACKAGE) {
        return Err(Failure::step(format!(
            "the Python interpreter ({INTERPRETER_PACKAGE}) is not part of the workspace yet, \
             so there is nothing to run a .py file with"
        )));
    }
    run_step(
        "building tern (release)",
        cargo().args([
            "build",
            "--quiet",
            "--release",
            "-p",
            INTERPRETER_PACKAGE,
            "--bin",
            "tern",
        ]),
    )?;
    Ok(workspace.target_dir.join("release").join("tern"))
}
