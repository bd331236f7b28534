//! SyntaxError conformance: every `tests/syntax_errors/*.py` is compiled by Tern and by
//! CPython 3.11 (`compile(source, name, 'exec')`), and the exception class, `msg`, `lineno`,
//! `offset`, `end_lineno`, `end_offset`, `text` and the printed block must agree.
//!
//! CPython's results are recorded in `*.expected` next to each program, so the test runs
//! without Python; when `python3` (3.11) is on the PATH the recordings are also checked
//! against it live. `TERN_BLESS=1` re-records them. Programs whose results differ on purpose
//! are listed with the reason in `KNOWN_DIFFERENCES`: for those only "Tern reports an error of
//! the same class" is checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tern_interp_py::compile::{CompileOptions, compile_source};

const RECORDER: &str = r#"
import sys, io, os, re
def rec(f):
    d, b = os.path.split(f)
    # Run next to the file, so CPython finds the source line for compiler errors (as when it
    # runs a file).
    os.chdir(d or '.')
    raw = open(b, 'rb').read()
    use_bytes = raw.startswith(b'\xef\xbb\xbf') or re.match(rb'^[ \t\f]*#.*coding[:=]', raw.split(b'\n')[0]) is not None
    try:
        src = raw if use_bytes else raw.decode('utf-8')
    except UnicodeDecodeError:
        src, use_bytes = raw, True
    out = []
    try:
        compile(src, b, 'exec')
        return 'ok\n'
    except SyntaxError as e:
        err = e
        out.append('kind: ' + type(e).__name__)
        for k in ('msg', 'lineno', 'offset', 'end_lineno', 'end_offset', 'text'):
            out.append(k + ': ' + repr(getattr(e, k)))
    except RecursionError as e:
        return 'kind: RecursionError\nmsg: ' + repr(str(e)) + '\n'
    # CPython's own (C) printer, as used for uncaught exceptions.
    saved, sys.stderr = sys.stderr, io.StringIO()
    try:
        sys.__excepthook__(type(err), err.with_traceback(None), None)
        printed = sys.stderr.getvalue()
    finally:
        sys.stderr = saved
    out.append('formatted:')
    out.append(printed.rstrip('\n'))
    return '\n'.join(out) + '\n'
for f in sys.argv[1:]:
    sys.stdout.write('=== ' + f + '\n' + rec(f))
"#;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/syntax_errors")
}

fn programs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    v.sort();
    v
}

fn python311() -> Option<String> {
    let out = Command::new("python3").arg("--version").output().ok()?;
    let v = String::from_utf8_lossy(&out.stdout).to_string();
    v.starts_with("Python 3.11").then(|| "python3".to_string())
}

/// Runs the recorder over `files`; returns file -> recorded text.
fn record_with_python(python: &str, files: &[PathBuf]) -> HashMap<PathBuf, String> {
    let out = Command::new(python)
        .arg("-c")
        .arg(RECORDER)
        .args(files)
        .output()
        .expect("run python3");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut map = HashMap::new();
    for chunk in text.split("=== ").skip(1) {
        let (name, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        map.insert(PathBuf::from(name), body.to_string());
    }
    map
}

fn py_repr_opt_str(s: &Option<String>) -> String {
    match s {
        None => "None".into(),
        Some(s) => tern_interp_py::bytecode::PyStr::new(s).repr(),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "None".into(), |x| x.to_string())
}

/// Tern's result in the recorder's format.
fn tern_result(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read program");
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("?")
        .to_string();
    match compile_source(&bytes, &name, CompileOptions::default()) {
        Ok(_) => "ok\n".into(),
        Err(e) if e.kind == tern_interp_py::syntax_error::ErrorKind::RecursionError => {
            format!(
                "kind: RecursionError\nmsg: {}\n",
                py_repr_opt_str(&Some(e.msg.clone()))
            )
        }
        Err(e) => {
            let mut out = vec![
                format!("kind: {}", e.kind),
                format!("msg: {}", py_repr_opt_str(&Some(e.msg.clone()))),
                format!("lineno: {}", opt(e.lineno)),
                format!("offset: {}", opt(e.offset)),
                format!("end_lineno: {}", opt(e.end_lineno)),
                format!("end_offset: {}", opt(e.end_offset)),
                format!("text: {}", py_repr_opt_str(&e.text)),
                "formatted:".into(),
            ];
            out.push(e.format_cpython().trim_end_matches('\n').to_string());
            out.join("\n") + "\n"
        }
    }
}

fn known_differences() -> HashMap<String, String> {
    let text = std::fs::read_to_string(corpus_dir().join("KNOWN_DIFFERENCES")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            l.split_once(':')
                .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        })
        .collect()
}

fn expected_path(p: &Path) -> PathBuf {
    p.with_extension("expected")
}

#[test]
fn syntax_errors_match_cpython() {
    let files = programs();
    assert!(files.len() >= 150, "corpus too small");
    let python = python311();
    let bless = std::env::var_os("TERN_BLESS").is_some();
    if bless {
        let python = python
            .as_deref()
            .expect("TERN_BLESS needs python3 (3.11) on PATH");
        let recorded = record_with_python(python, &files);
        for f in &files {
            let text = recorded
                .get(f)
                .unwrap_or_else(|| panic!("no recording for {}", f.display()));
            std::fs::write(expected_path(f), text).expect("write expected");
        }
    } else if let Some(python) = &python {
        let recorded = record_with_python(python, &files);
        for f in &files {
            let stored = std::fs::read_to_string(expected_path(f)).unwrap_or_default();
            assert_eq!(
                recorded.get(f).map(String::as_str),
                Some(stored.as_str()),
                "the recording of {} is stale (re-run with TERN_BLESS=1)",
                f.display()
            );
        }
    }
    let known = known_differences();
    let mut failures = Vec::new();
    for f in &files {
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        let expected = std::fs::read_to_string(expected_path(f))
            .unwrap_or_else(|_| panic!("missing {}", expected_path(f).display()));
        let got = tern_result(f);
        if known.contains_key(&name) {
            let kind = |s: &str| s.lines().next().unwrap_or("").to_string();
            if kind(&got) != kind(&expected) {
                failures.push(format!("{name} (known difference): class differs:\n{got}"));
            }
            if got == expected {
                failures.push(format!(
                    "{name} is listed in KNOWN_DIFFERENCES but matches now"
                ));
            }
            continue;
        }
        if got != expected {
            failures.push(format!("{name}:\n--- cpython\n{expected}--- tern\n{got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
