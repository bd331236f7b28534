//! Shared helpers for the integration tests: the C compiler for the target, running what it
//! builds, and building the C test library.
//!
//! The tests compile C for the target the test binary was built for. Natively that is `cc`;
//! an AArch64 test binary (cross-built, run under qemu-user on an x86-64 host) uses
//! `aarch64-linux-gnu-gcc` when it is installed, and runs the programs it builds through
//! `qemu-aarch64` when they cannot be run directly. `TERN_FFI_TEST_CC` overrides
//! the compiler.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use tern_ffi::{Ffi, Library};

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch directory for this test binary (reused across runs).
pub fn scratch_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let stem = exe
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("tests")
        .to_string();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("tern-ffi-{stem}"));
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// The C compiler that targets the architecture this test binary runs on.
pub fn c_compiler() -> &'static str {
    static CC: OnceLock<String> = OnceLock::new();
    CC.get_or_init(|| {
        if let Ok(cc) = std::env::var("TERN_FFI_TEST_CC") {
            return cc;
        }
        let cross = "aarch64-linux-gnu-gcc";
        let have_cross = || Command::new(cross).arg("--version").output().is_ok();
        if cfg!(target_arch = "aarch64") && have_cross() {
            cross.to_string()
        } else {
            "cc".to_string()
        }
    })
}

/// Runs a program built by [`c_compiler`] (the programs exit with status 0). An AArch64
/// test binary under qemu-user on an x86-64 host cannot start target programs directly (no
/// binfmt registration: the exec fails, and under qemu that may only show as a failed
/// status), so on AArch64 a failed run is retried through `qemu-aarch64` with the cross C
/// library.
pub fn run_target_program(binary: &Path) -> Output {
    let direct = Command::new(binary).output();
    match direct {
        Ok(output) if output.status.success() => output,
        _ if cfg!(target_arch = "aarch64") => Command::new("qemu-aarch64")
            .args(["-L", "/usr/aarch64-linux-gnu", "-E"])
            .arg("LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib")
            .arg(binary)
            .output()
            .unwrap_or_else(|e| panic!("run {} under qemu-aarch64: {e}", binary.display())),
        Ok(output) => output,
        Err(e) => panic!("run {}: {e}", binary.display()),
    }
}

/// Compiles `tests/clib/testlib.c` into a shared library once per test binary.
pub fn test_library_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let source = manifest_dir().join("tests/clib/testlib.c");
        let output = scratch_dir().join("libternffitest.so");
        let cc = c_compiler();
        let status = Command::new(cc)
            .args([
                "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-pthread", "-o",
            ])
            .arg(&output)
            .arg(&source)
            .status()
            .unwrap_or_else(|e| panic!("run {cc} (the tests need a C compiler): {e}"));
        assert!(
            status.success(),
            "{cc} failed to build {}",
            source.display()
        );
        output
    })
}

pub fn test_header() -> String {
    std::fs::read_to_string(manifest_dir().join("tests/clib/testlib.h")).expect("read testlib.h")
}

/// An Ffi with the test library's declarations, and the loaded library.
pub fn test_lib() -> (Ffi, Library) {
    let ffi = Ffi::new();
    ffi.cdef(&test_header()).expect("testlib.h parses");
    let lib = ffi
        .dlopen(Some(test_library_path().to_str().expect("utf-8 path")))
        .expect("load the test library");
    (ffi, lib)
}
