//! Golden listings of generated code: each `tests/golden/codegen/*.trace` file holds a
//! trace (optimized first when its first line is `# optimize`), and the matching
//! `.lst` file the disassembly (by iced-x86) of the code the backend generates for it,
//! body, exit stubs, slow paths and entry stub. The environment is a fixed, made-up one
//! (nursery cells, exception cells, slow paths at constant addresses) and the listing is
//! decoded from address 0, so the text is deterministic; nothing is executed here (the
//! other tests execute these code shapes).
//!
//! A listing shows code quality at a glance (register reuse, fused compare + guard,
//! immediates, spill traffic) and a change in code generation shows up as a diff here.
//! `TERN_BLESS=1` rewrites the `.lst` files (review the diff).

use std::path::Path;

use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
use tern_jit_backend_x86::X86Backend;
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

fn listing(code: &[u8]) -> String {
    let mut d = Decoder::with_ip(64, code, 0, DecoderOptions::NONE);
    let mut f = IntelFormatter::new();
    let mut out = String::new();
    for i in &mut d {
        let mut s = String::new();
        f.format(&i, &mut s);
        out += &format!("{:5x}  {s}\n", i.ip());
    }
    out
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
        let mut b = X86Backend::new(config()).expect("a code arena");
        let id = b
            .compile_loop(&t)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let actual = format!(
            "# generated from {} (TERN_BLESS=1 rewrites)\n# trace as compiled:\n{}\n{}",
            path.file_name().unwrap().to_string_lossy(),
            text::print(&t)
                .lines()
                .map(|l| format!("#   {l}\n"))
                .collect::<String>(),
            listing(&b.code(id).expect("installed"))
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
