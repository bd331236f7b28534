//! Compiled x86-64 code under a collector that really moves objects: jit-ir's
//! `conformance::moving` harness (a two-space copying collector that poisons what it
//! leaves behind; see its header), shared by every machine backend.

use tern_jit_backend_x86::X86Backend;
use tern_jit_ir::backend::BackendConfig;
use tern_jit_ir::conformance::moving::{check_nested_frames_and_bridges, check_references_survive};

fn new_backend(config: BackendConfig) -> Result<X86Backend, String> {
    X86Backend::new(config).map_err(|e| e.to_string())
}

/// A loop keeping nine references live across inline allocations, slow paths and
/// collecting calls, under three allocation budgets.
#[test]
fn references_survive_every_kind_of_gc_point() {
    check_references_survive(&new_backend);
}

/// References live across a `call_assembler` whose callee allocates and collects, and a
/// bridge that allocates before jumping back into the loop.
#[test]
fn nested_frames_and_bridges_are_walked() {
    check_nested_frames_and_bridges(&new_backend);
}
