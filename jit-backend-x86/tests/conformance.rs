//! jit-ir's backend conformance suite on the x86-64 backend: the hand-written cases and
//! random traces (as recorded and optimized, with bridges), each compared with the
//! interpreting backend (exits, failarg values, exceptions, heaps, write barriers).
//! `TERN_JIT_CONFORMANCE_CASES=n` sets the number of random traces of the macro's test;
//! `more_random_traces` runs another 1000 from a different seed (`TERN_X86_MORE_CASES=n`).

use tern_jit_backend_x86::X86Backend;
use tern_jit_ir::conformance::{ConformanceConfig, ConformanceEnv, check_random};

tern_jit_ir::backend_conformance_tests!(|env: &ConformanceEnv| {
    X86Backend::new(env.config).expect("a code arena")
});

#[test]
fn more_random_traces() {
    let config = ConformanceConfig {
        random_cases: std::env::var("TERN_X86_MORE_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000),
        seed: 0x5eed_0000_0002,
        ..ConformanceConfig::default()
    };
    let mut make = |env: &ConformanceEnv| X86Backend::new(env.config).expect("a code arena");
    match check_random(&mut make, &config) {
        Ok(report) => eprintln!("conformance (more random): {report:?}"),
        Err(failure) => panic!("{failure}"),
    }
}
