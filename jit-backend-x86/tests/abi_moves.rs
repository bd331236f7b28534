//! Model-based property test of parallel moves: random sets of moves between general
//! registers, SSE registers, stack slots and constants (with cycles, fan-out and
//! cross-class moves) are emitted, executed on real state, and compared with the model
//! "every destination gets its source's old value, nothing else changes (except the
//! scratch registers)".

mod common;

use common::*;
use quickcheck::{QuickCheck, TestResult};
use tern_jit_backend_x86::abi::{Loc, MoveSrc, Scratch, emit_parallel_moves};
use tern_jit_backend_x86::mem::ExecArena;

/// All locations the harness state covers, in state order.
fn locations() -> Vec<Loc> {
    STATE_GPRS
        .iter()
        .map(|&r| Loc::Gpr(r))
        .chain(STATE_XMMS.iter().map(|&x| Loc::Xmm(x)))
        .chain((0..STATE_SLOTS).map(|k| Loc::Mem(state_slot(k))))
        .collect()
}

fn index_of(l: Loc) -> usize {
    match l {
        Loc::Gpr(r) => gpr_index(r).unwrap(),
        Loc::Xmm(x) => xmm_index(x).unwrap(),
        Loc::Mem(m) => slot_index((m.disp() / 8) as usize),
    }
}

fn prop_moves(choices: Vec<u64>) -> TestResult {
    let locs = locations();
    let mut c = Choices::new(&choices);
    // Pick distinct destinations, each with a location or constant source.
    let n = c.below(locs.len() + 1);
    let mut dsts: Vec<Loc> = Vec::new();
    let mut moves = Vec::new();
    for _ in 0..n {
        let d = locs[c.below(locs.len())];
        if dsts.contains(&d) {
            continue;
        }
        dsts.push(d);
        let src = if c.below(5) == 0 {
            MoveSrc::Imm(match c.below(3) {
                0 => 0,
                1 => c.next() as i32 as i64,
                _ => c.next() as i64,
            })
        } else if c.below(3) == 0 && !dsts.is_empty() {
            // Bias toward reading other destinations: builds chains and cycles.
            MoveSrc::Loc(dsts[c.below(dsts.len())])
        } else {
            MoveSrc::Loc(locs[c.below(locs.len())])
        };
        moves.push((src, d));
    }
    let code = match harness(|a| emit_parallel_moves(a, &moves, Scratch::default()).unwrap()) {
        Ok(code) => code,
        Err(e) => return TestResult::error(e.to_string()),
    };
    let mut arena = ExecArena::new().unwrap();
    let block = arena.install(&code).unwrap();
    let mut state = [0u64; STATE_LEN];
    for (k, s) in state.iter_mut().enumerate() {
        *s = 0x1111_0000_0000_0000u64.wrapping_mul(k as u64 + 1) ^ (k as u64 * 0x9e37_79b9);
    }
    let mut want = state;
    for (src, d) in &moves {
        want[index_of(*d)] = match src {
            MoveSrc::Loc(l) => state[index_of(*l)],
            MoveSrc::Imm(v) => *v as u64,
        };
    }
    run_harness(&arena, &block, &mut state);
    if state != want {
        let diffs: Vec<String> = (0..STATE_LEN)
            .filter(|&k| state[k] != want[k])
            .map(|k| format!("{:?}: got {:#x}, want {:#x}", locs[k], state[k], want[k]))
            .collect();
        return TestResult::error(format!("moves {moves:?}\n{}", diffs.join("\n")));
    }
    TestResult::passed()
}

#[test]
fn parallel_moves_match_the_model() {
    // Fixed cases first: a swap, a 3-cycle across classes, and a stack-slot cycle.
    use tern_jit_backend_x86::asm::{Gpr::*, Xmm::*};
    let cases: Vec<Vec<(MoveSrc, Loc)>> = vec![
        vec![
            (MoveSrc::Loc(Loc::Gpr(Rax)), Loc::Gpr(Rcx)),
            (MoveSrc::Loc(Loc::Gpr(Rcx)), Loc::Gpr(Rax)),
        ],
        vec![
            (MoveSrc::Loc(Loc::Gpr(Rax)), Loc::Xmm(Xmm3)),
            (MoveSrc::Loc(Loc::Xmm(Xmm3)), Loc::Mem(state_slot(2))),
            (MoveSrc::Loc(Loc::Mem(state_slot(2))), Loc::Gpr(Rax)),
        ],
        vec![
            (
                MoveSrc::Loc(Loc::Mem(state_slot(0))),
                Loc::Mem(state_slot(1)),
            ),
            (
                MoveSrc::Loc(Loc::Mem(state_slot(1))),
                Loc::Mem(state_slot(0)),
            ),
            (MoveSrc::Imm(-1), Loc::Xmm(Xmm0)),
            (MoveSrc::Imm(i64::MIN), Loc::Mem(state_slot(5))),
        ],
    ];
    let locs = locations();
    for moves in cases {
        // Encode each case as choices is awkward; run it directly instead.
        let code =
            harness(|a| emit_parallel_moves(a, &moves, Scratch::default()).unwrap()).unwrap();
        let mut arena = ExecArena::new().unwrap();
        let block = arena.install(&code).unwrap();
        let mut state: [u64; STATE_LEN] = std::array::from_fn(|k| k as u64 * 1000 + 7);
        let mut want = state;
        for (src, d) in &moves {
            want[index_of(*d)] = match src {
                MoveSrc::Loc(l) => state[index_of(*l)],
                MoveSrc::Imm(v) => *v as u64,
            };
        }
        run_harness(&arena, &block, &mut state);
        assert_eq!(state, want, "{moves:?} over {locs:?}");
    }
    let tests = std::env::var("TERN_QC_TESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400);
    QuickCheck::new()
        .tests(tests)
        .quickcheck(prop_moves as fn(Vec<u64>) -> TestResult);
}
