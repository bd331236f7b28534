//! What the test steps need from the machine beyond a Rust toolchain, checked before the
//! step runs: Debian packages (checked with `dpkg-query`, installed with `apt-get` on CI or
//! when `TERN_XTASK_INSTALL=1` as root) and rustup targets (added with `rustup target add`).
//! When something is missing and may not be installed here, the step fails with the exact
//! command that installs it.

use std::process::Command;

use crate::util::{Failure, Result, apt_install, have, output_of, run_step};

/// Debian packages a step needs, and why.
pub struct Packages {
    pub names: &'static [&'static str],
    pub why: &'static str,
}

/// Build and test dependencies of `cargo test --workspace`.
pub const WORKSPACE_TEST: &[Packages] = &[
    Packages {
        names: &["libffi-dev"],
        why: "tern-ffi (links the system libffi)",
    },
    Packages {
        names: &["gcc", "libc6-dev"],
        why: "tern-ffi's tests (compile a C test library with cc)",
    },
];

/// What the AArch64 runs under qemu need (see the backend section of DESIGN.md).
pub const AARCH64_QEMU: &[Packages] = &[Packages {
    names: &[
        "qemu-user",
        "gcc-aarch64-linux-gnu",
        "libc6-dev-arm64-cross",
        "binutils-aarch64-linux-gnu",
        // tern-ffi builds libffi from source for AArch64 (configure + make).
        "make",
    ],
    why: "the AArch64 test run under qemu-user",
}];

/// The rustup target of the AArch64 runs.
pub const AARCH64_TARGET: &str = "aarch64-unknown-linux-gnu";

fn installed(package: &str) -> Option<bool> {
    let status = output_of(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]));
    match status {
        Some(s) => Some(s.contains("install ok installed")),
        // dpkg-query exits non-zero for unknown packages; that means "not installed" when
        // dpkg itself exists.
        None if have("dpkg-query", &["--version"]) => Some(false),
        None => None,
    }
}

/// Makes sure every package of `needs` is installed (or says how to install it).
pub fn ensure_packages(needs: &[Packages]) -> Result {
    if !have("dpkg-query", &["--version"]) {
        eprintln!(
            "xtask: not a Debian-like system; make sure the equivalents of these are installed: {}",
            needs
                .iter()
                .flat_map(|p| p.names.iter().copied())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Ok(());
    }
    for need in needs {
        let missing: Vec<&str> = need
            .names
            .iter()
            .copied()
            .filter(|p| installed(p) == Some(false))
            .collect();
        if !missing.is_empty() {
            apt_install(&missing, need.why)?;
        }
    }
    Ok(())
}

/// Makes sure a rustup target's standard library is installed.
pub fn ensure_target(target: &str) -> Result {
    let installed = output_of(Command::new("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|list| list.lines().any(|l| l.trim() == target));
    if installed {
        return Ok(());
    }
    if !have("rustup", &["--version"]) {
        return Err(Failure::step(format!(
            "the Rust target {target} is needed but rustup is not available to add it"
        )));
    }
    run_step(
        &format!("rustup target add {target}"),
        Command::new("rustup").args(["target", "add", target]),
    )
    .map_err(|_| {
        Failure::step(format!(
            "could not add the Rust target {target}; run:\n    rustup target add {target}"
        ))
    })
}
