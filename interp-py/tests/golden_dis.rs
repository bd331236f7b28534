//! Golden disassembly: each `tests/golden/dis/*.py` compiles, and its `tern --dis` listing must
//! equal the recorded `*.dis` file. `TERN_BLESS=1` rewrites the recordings (review the diff!).
//!
//! The same corpus feeds the stack-depth verifier: every code object (nested ones included) of
//! every golden program, and of every valid program of the SyntaxError corpus, must have
//! per-instruction stack depths consistent along all control-flow edges, exception edges
//! included, exactly the `JUMP_BACKWARD` targets as loop headers, and a line table covering
//! every instruction.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tern_interp_py::bytecode::{CodeObject, Opcode, analysis};
use tern_interp_py::compile::{CompileOptions, compile_source};
use tern_interp_py::dis::disassemble;

fn files_in(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|_| panic!("missing {}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    v.sort();
    v
}

fn compile_file(path: &Path) -> Result<Arc<CodeObject>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
    compile_source(&bytes, name, CompileOptions::default())
        .map(|c| c.code)
        .map_err(|e| e.format_cpython())
}

#[test]
fn disassembly_matches_golden_files() {
    let bless = std::env::var_os("TERN_BLESS").is_some();
    let mut failures = Vec::new();
    let files = files_in("tests/golden/dis");
    assert!(files.len() >= 20);
    for path in files {
        let code = compile_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let listing = disassemble(&code);
        let golden = path.with_extension("dis");
        if bless {
            std::fs::write(&golden, &listing).expect("write golden file");
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if expected != listing {
            failures.push(format!(
                "{} differs (TERN_BLESS=1 to update)",
                golden.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Edge-by-edge check of one code object and its nested code objects.
fn verify_tree(code: &CodeObject, count: &mut usize) -> Result<(), String> {
    *count += 1;
    analysis::verify(code).map_err(|e| format!("{}: {e}", code.qualname))?;
    let covered: u32 = code.line_table.runs().map(|(s, e, _)| e - s).sum();
    if covered as usize != code.code.len() {
        return Err(format!(
            "{}: line table covers {covered} of {} units",
            code.qualname,
            code.code.len()
        ));
    }
    for ins in code.instructions() {
        if ins.opcode.flags().jump && !ins.opcode.flags().backward && ins.arg <= ins.offset {
            return Err(format!(
                "{}: {} at {} jumps backwards",
                code.qualname,
                ins.opcode.name(),
                ins.offset
            ));
        }
        if ins.opcode == Opcode::JumpBackward && !code.is_loop_header(ins.arg) {
            return Err(format!(
                "{}: back edge target {} is not a loop header",
                code.qualname, ins.arg
            ));
        }
    }
    for nested in code.nested_code() {
        verify_tree(nested, count)?;
    }
    Ok(())
}

#[test]
fn stack_depths_are_consistent_on_every_edge() {
    let mut programs = files_in("tests/golden/dis");
    programs.extend(files_in("tests/syntax_errors"));
    let mut count = 0;
    let mut compiled = 0;
    for path in programs {
        let Ok(code) = compile_file(&path) else {
            continue;
        };
        compiled += 1;
        if let Err(e) = verify_tree(&code, &mut count) {
            panic!("{}: {e}", path.display());
        }
    }
    assert!(compiled >= 30, "only {compiled} programs compiled");
    assert!(count >= 100, "only {count} code objects verified");
}
