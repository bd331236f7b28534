//! Every jit-ir optimizer golden file (`jit-ir/tests/golden/*.test`), input trace and
//! expected output trace, compiled by the AArch64 backend and executed against the
//! interpreting backend (the harness is jit-ir's `conformance::goldens`, shared by every
//! machine backend; its header explains how inputs are derived and what is skipped).
//! Executes machine code, so it runs on AArch64 only (natively or under qemu-user).

#![cfg(target_arch = "aarch64")]

use tern_jit_backend_arm::ArmBackend;
use tern_jit_ir::conformance::goldens::check_golden_traces;

#[test]
fn golden_traces_compile_and_match_the_interpreter() {
    match check_golden_traces(&|config| ArmBackend::new(config).map_err(|e| e.to_string())) {
        Ok(report) => eprintln!(
            "golden traces: {} traces, {} compared ({} runs), skipped: {:?}",
            report.traces, report.compared, report.runs, report.skipped
        ),
        Err(e) => panic!("{e}"),
    }
}
