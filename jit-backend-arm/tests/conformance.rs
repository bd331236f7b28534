//! jit-ir's backend conformance suite on the AArch64 backend: the hand-written cases and
//! random traces (as recorded and optimized, with bridges), each compared with the
//! interpreting backend (exits, failarg values, exceptions, heaps, write barriers).
//! Executes machine code, so it runs on AArch64 only (natively or under qemu-user).
//! `TERN_JIT_CONFORMANCE_CASES=n` sets the number of random traces of the macro's test;
//! `more_random_traces` runs another 300 from a different seed (`TERN_ARM_MORE_CASES=n`).
//! Nothing is skipped: a case the backend reports as unsupported fails the test
//! (`TERN_JIT_CONFORMANCE_SKIP_UNSUPPORTED=1` skips and counts them instead).

#![cfg(target_arch = "aarch64")]

use tern_jit_backend_arm::ArmBackend;
use tern_jit_ir::conformance::{ConformanceConfig, ConformanceEnv, check_fixed, check_random};

fn make(env: &ConformanceEnv) -> ArmBackend {
    ArmBackend::new(env.config).expect("a code arena")
}

fn config() -> ConformanceConfig {
    ConformanceConfig::from_env()
}

#[test]
fn jit_ir_conformance_fixed_cases() {
    match check_fixed(&mut make, &config()) {
        Ok(report) => {
            eprintln!("conformance (fixed): {report:?}");
            assert!(report.runs > 0);
        }
        Err(failure) => panic!("{failure}"),
    }
}

#[test]
fn jit_ir_conformance_random_traces() {
    match check_random(&mut make, &config()) {
        Ok(report) => {
            eprintln!("conformance (random): {report:?}");
            assert!(report.runs > 0);
        }
        Err(failure) => panic!("{failure}"),
    }
}

#[test]
fn more_random_traces() {
    let config = ConformanceConfig {
        random_cases: std::env::var("TERN_ARM_MORE_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(300),
        seed: 0x5eed_0000_0a64,
        ..config()
    };
    match check_random(&mut make, &config) {
        Ok(report) => eprintln!("conformance (more random): {report:?}"),
        Err(failure) => panic!("{failure}"),
    }
}
