//! Compiles every `.py` file under `TERN_STDLIB_DIR` (e.g. CPython's `Lib/`): no panics, a
//! verified code object for every file CPython 3.11 compiles (when `python3` is available the
//! two are compared file by file), and a `SyntaxError` for files CPython rejects. Skipped when
//! the variable is unset (it takes minutes in a debug build).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use tern_interp_py::bytecode::{CodeObject, analysis};
use tern_interp_py::compile::{CompileOptions, compile_source};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "py") {
            out.push(p);
        }
    }
}

fn verify_all(code: &Arc<CodeObject>) -> Result<(), String> {
    analysis::verify(code).map_err(|e| format!("{}: {e}", code.qualname))?;
    for c in code.nested_code() {
        verify_all(c)?;
    }
    Ok(())
}

#[test]
fn compiles_the_standard_library() {
    let Some(dir) = std::env::var_os("TERN_STDLIB_DIR") else {
        eprintln!("TERN_STDLIB_DIR not set; skipping");
        return;
    };
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    files.sort();
    // Which files does CPython reject?
    let rejected: std::collections::HashSet<PathBuf> = Command::new("python3")
        .arg("-c")
        .arg("import sys\nfor f in sys.argv[1:]:\n  try: compile(open(f,'rb').read(), f, 'exec')\n  except (SyntaxError, ValueError, RecursionError, MemoryError): print(f)\n")
        .args(&files)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).lines().map(PathBuf::from).collect())
        .unwrap_or_default();
    let mut failures = Vec::new();
    let mut unsupported_encodings = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_default();
        let name = f.to_string_lossy().to_string();
        let result = compile_source(&bytes, &name, CompileOptions::default());
        match (result, rejected.contains(f)) {
            (Ok(c), false) => {
                if let Err(e) = verify_all(&c.code) {
                    failures.push(format!("{name}: verify: {e}"));
                }
            }
            (Err(e), true) => {
                if e.msg.starts_with("internal") {
                    failures.push(format!("{name}: {e}"));
                }
            }
            (Ok(_), true) => failures.push(format!("{name}: compiled, CPython rejects it")),
            // Tern decodes UTF-8, Latin-1, ASCII and cp1252 only.
            (Err(e), false) if e.msg.starts_with("encoding problem:") => unsupported_encodings += 1,
            (Err(e), false) => failures.push(format!("{name}: {}", e.format_cpython())),
        }
    }
    eprintln!(
        "{} files, {} failures, {} skipped for their source encoding",
        files.len(),
        failures.len(),
        unsupported_encodings
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
