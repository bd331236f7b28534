//! Golden listings of generated code: each `tests/golden/codegen/*.trace` file holds a
//! trace (optimized first when its first line is `# optimize`; the inputs are the same
//! as the x86-64 backend's listings), and the matching `.lst` file the disassembly (by
//! yaxpeax-arm) of the code the backend generates for it: body, exit stubs, slow paths,
//! common exit and entry stubs. The environment is a fixed, made-up one (nursery cells,
//! exception cells, slow paths at constant addresses) and branch targets print relative
//! to the instruction, so the text is deterministic; nothing is executed here, so this
//! runs on any host (the aarch64-only tests execute these code shapes).
//!
//! A listing shows code quality at a glance (register use, fused compare + guard,
//! immediates, spill traffic) and a change in code generation shows up as a diff here.
//! `TERN_BLESS=1` rewrites the `.lst` files (review the diff).

mod common;

use std::path::Path;

use tern_jit_backend_arm::ArmBackend;
use tern_jit_ir::backend::{BackendConfig, GcHooks, RuntimeHooks, WriteBarrier};
use tern_jit_ir::heap::ObjectLayout;
use tern_jit_ir::{Backend, opt, text};

/// A fixed environment: every address is a constant, so listings are reproducible.
fn config() -> BackendConfig {
    BackendConfig {
        layout: ObjectLayout::default(),
        gc: GcHooks {
            nursery_free: 0x7000_0000_1000,
            nursery_top: 0x7000_0000_1008,
            malloc_slowpath: 0x7000_0000_2000,
            malloc_array_slowpath: 0x7000_0000_3000,
            nursery_zeroed: true,
            write_barrier: Some(WriteBarrier {
                flag_offset: 4,
                flag_mask: 1,
                slowpath: 0x7000_0000_4000,
            }),
            moving: false,
        },
        runtime: RuntimeHooks {
            exc_class: 0x7000_0000_5000,
            exc_value: 0x7000_0000_5008,
        },
    }
}

/// One line per word: offset, word, yaxpeax-arm's text (an undecodable word fails).
fn listing(code: &[u8]) -> Result<String, String> {
    let mut out = String::new();
    for (i, w) in common::words(code).into_iter().enumerate() {
        let text = common::yax(w).map_err(|e| format!("word {w:08x} at {:#x}: {e}", 4 * i))?;
        out += &format!("{:5x}  {w:08x}  {text}\n", 4 * i);
    }
    Ok(out)
}

#[test]
fn listings_match_the_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/codegen");
    let bless = std::env::var("TERN_BLESS").is_ok_and(|v| v == "1");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/golden/codegen")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "trace"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "found {} listings", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let src = std::fs::read_to_string(path).expect("readable");
        let mut t = text::parse(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if src.starts_with("# optimize") {
            t = opt::optimize(&t).expect("optimizes");
        }
        let mut b = ArmBackend::new(config()).expect("a code arena");
        let id = b
            .compile_loop(&t)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let code = b.code(id).expect("installed");
        let body = listing(&code).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let actual = format!(
            "# generated from {} (TERN_BLESS=1 rewrites)\n# trace as compiled:\n{}\n{}",
            path.file_name().unwrap().to_string_lossy(),
            text::print(&t)
                .lines()
                .map(|l| format!("#   {l}\n"))
                .collect::<String>(),
            body
        );
        let golden = path.with_extension("lst");
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if actual != expected {
            if bless {
                std::fs::write(&golden, &actual).expect("writable");
            } else {
                failures.push(format!(
                    "{}: listing differs (TERN_BLESS=1 to accept)\n--- expected\n{expected}--- actual\n{actual}",
                    golden.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
