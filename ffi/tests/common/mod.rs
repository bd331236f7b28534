//! Shared helpers for the integration tests: building the C test library with `cc`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
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

/// Compiles `tests/clib/testlib.c` into a shared library once per test binary.
pub fn test_library_path() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let source = manifest_dir().join("tests/clib/testlib.c");
        let output = scratch_dir().join("libternffitest.so");
        let status = Command::new("cc")
            .args([
                "-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-pthread", "-o",
            ])
            .arg(&output)
            .arg(&source)
            .status()
            .expect("run cc (the tests need a C compiler)");
        assert!(status.success(), "cc failed to build {}", source.display());
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
