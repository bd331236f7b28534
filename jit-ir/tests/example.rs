//! Runs the example embedder (`examples/tiny_vm.rs`) and checks what its JIT did.

#[path = "../examples/tiny_vm.rs"]
#[allow(dead_code)]
mod tiny_vm;

use tern_jit_ir::JitParams;
use tiny_vm::{Vm, expected_sum_of_squares, sum_of_squares};

#[test]
fn the_hot_loop_is_traced_optimized_and_run_compiled() {
    let n = 3000;
    let params = JitParams::parse("threshold=50,trace_eagerness=20").unwrap();
    let mut vm = Vm::new(params);
    let result = vm.run(&sum_of_squares(n)).unwrap();
    assert_eq!(result, expected_sum_of_squares(n));
    let s = &vm.stats;
    assert_eq!(s.loops, 1, "{s:?}");
    assert!(s.bridges >= 1, "the `if` guard gets a bridge: {s:?}");
    assert_eq!(
        s.body_allocations, 0,
        "the boxes are virtual in the loop body: {s:?}"
    );
    assert!(s.optimized_ops < s.recorded_ops * 2, "{s:?}");
    // Most iterations run compiled: the interpreter only sees warm-up and tracing.
    let per_iteration = 24;
    assert!(s.interpreted < (n as u64 * per_iteration) / 10, "{s:?}");
    // The bridge makes the `if` path stay in compiled code too: few exits left.
    assert!(s.guard_failures < n as u64 / 10, "{s:?}");
}

#[test]
fn the_jit_can_be_switched_off_and_results_agree() {
    for n in [0, 1, 7, 100, 777] {
        let mut off = Vm::new(JitParams::parse("off").unwrap());
        let mut on = Vm::new(JitParams::parse("threshold=3,trace_eagerness=2").unwrap());
        let expected = expected_sum_of_squares(n);
        assert_eq!(off.run(&sum_of_squares(n)).unwrap(), expected);
        assert_eq!(on.run(&sum_of_squares(n)).unwrap(), expected);
        assert_eq!(off.stats.loops, 0);
    }
}

#[test]
fn a_tiny_trace_limit_aborts_cleanly() {
    let mut vm = Vm::new(JitParams::parse("threshold=3,trace_limit=5").unwrap());
    assert_eq!(
        vm.run(&sum_of_squares(200)).unwrap(),
        expected_sum_of_squares(200)
    );
    assert_eq!(vm.stats.loops, 0);
    assert!(vm.stats.aborted > 0);
}
