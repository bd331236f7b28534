//! Golden tests of the optimizer: every `tests/golden/*.test` file holds a header naming
//! the passes to run, an input trace, a `====` line and the expected output trace.
//!
//! ```text
//! # passes: rewrite            (or several: `intbounds, rewrite`; or `all` = optimize())
//! # what the case shows
//! [i0]
//! ...
//! ====
//! <expected output, exactly as printed>
//! ```
//!
//! Run with `TERN_BLESS=1` to rewrite the expected sections from the current output
//! (then review the diff). Every failure is reported, not just the first.

use std::fs;
use std::path::{Path, PathBuf};

use tern_jit_ir::opt::{self, Pass};
use tern_jit_ir::text;

const SEPARATOR: &str = "\n====\n";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// The result of one case.
enum Verdict {
    Same,
    Differs {
        input: String,
        actual: String,
        expected: String,
    },
}

fn run_case(path: &Path, content: &str) -> Result<Verdict, String> {
    let (input, expected) = match content.split_once(SEPARATOR) {
        Some((i, e)) => (i, e),
        None => (content.trim_end_matches("\n===="), ""),
    };
    let header = input
        .lines()
        .find_map(|l| l.strip_prefix("# passes:"))
        .ok_or_else(|| format!("{}: missing `# passes:` line", path.display()))?;
    let trace = text::parse(input).map_err(|e| format!("{}:{e}", path.display()))?;
    let names: Vec<&str> = header.split(',').map(str::trim).collect();
    let out = if names == ["all"] {
        opt::optimize(&trace).map_err(|e| format!("{}: {e}", path.display()))?
    } else {
        let passes = names
            .iter()
            .map(|n| {
                Pass::from_name(n).ok_or_else(|| format!("{}: unknown pass `{n}`", path.display()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        opt::run_passes(&trace, &passes).map_err(|e| format!("{}: {e}", path.display()))?
    };
    let actual = text::print(&out);
    // The output must itself parse back to the same text.
    let reparsed = text::parse(&actual)
        .map_err(|e| format!("{}: output does not parse: {e}\n{actual}", path.display()))?;
    if text::print(&reparsed) != actual {
        return Err(format!("{}: output does not round-trip", path.display()));
    }
    if expected == actual {
        Ok(Verdict::Same)
    } else {
        Ok(Verdict::Differs {
            input: format!("{input}{SEPARATOR}"),
            actual,
            expected: expected.to_string(),
        })
    }
}

#[test]
fn golden_files() {
    let bless = std::env::var("TERN_BLESS").is_ok_and(|v| v == "1");
    let mut files: Vec<PathBuf> = fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "test"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 60,
        "expected at least 60 golden cases, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let content = fs::read_to_string(path).expect("readable golden file");
        match run_case(path, &content) {
            Ok(Verdict::Same) => {}
            Ok(Verdict::Differs {
                input,
                actual,
                expected,
            }) => {
                if bless {
                    fs::write(path, format!("{input}{actual}")).expect("writable golden file");
                } else {
                    failures.push(format!(
                        "{}: output differs (TERN_BLESS=1 to accept)\n--- expected\n{expected}--- actual\n{actual}",
                        path.display()
                    ));
                }
            }
            Err(e) => failures.push(e),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden cases failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}
