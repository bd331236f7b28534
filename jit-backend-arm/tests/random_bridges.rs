//! Property test: random loops with guards that fail at random points, calls (raising,
//! collecting, forcing), loads, stores and allocations, executed again and again on the
//! AArch64 backend and on the interpreting backend; every guard that fails twice ("hot")
//! gets a random bridge that continues the loop (bridges get bridges too). After every
//! run the exits, failarg values, pending exceptions, heaps and write barriers must agree.
//!
//! The harness is jit-ir's `conformance::bridges` (shared by every machine backend).
//! `TERN_QC_TESTS=n` sets the number of random seeds (default 300); `TERN_ARM_SEED=n`
//! replays one seed. Executes machine code, so it runs on AArch64 only (natively or under
//! qemu-user).

#![cfg(target_arch = "aarch64")]

use tern_jit_backend_arm::ArmBackend;
use tern_jit_ir::backend::BackendConfig;
use tern_jit_ir::conformance::bridges::{check_random_bridges, run_bridge_case};

fn new_backend(config: BackendConfig) -> Result<ArmBackend, String> {
    ArmBackend::new(config).map_err(|e| e.to_string())
}

/// A seed per run of the test binary, so that repeated runs cover new cases (printed on
/// failure by `check_random_bridges`).
fn first_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .wrapping_mul(1_000_003)
}

#[test]
fn random_loops_with_hot_bridges_match_the_interpreter() {
    let tests = std::env::var("TERN_QC_TESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    if let Err(e) = check_random_bridges(first_seed(), tests, &new_backend) {
        panic!("{e}");
    }
}

#[test]
fn bridges_are_exercised_across_seeds() {
    // The generator is not vacuous: over a fixed set of seeds, many runs happen and many
    // hot guards get bridges.
    let (runs, bridges) =
        check_random_bridges(0, 40, &new_backend).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("40 seeds: {runs} runs, {bridges} bridges");
    assert!(runs >= 150, "{runs} runs");
    assert!(bridges >= 40, "{bridges} bridges");
}

#[test]
fn replay_seed_from_env() {
    let seed: Option<u64> = std::env::var("TERN_ARM_SEED")
        .ok()
        .and_then(|s| s.parse().ok());
    if let Some(seed) = seed
        && let Err(e) = run_bridge_case(seed, &new_backend)
    {
        panic!("seed {seed}: {e}");
    }
}
