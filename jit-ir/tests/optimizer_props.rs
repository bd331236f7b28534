//! Property: on random traces and inputs, every optimizer pass (alone) and the whole
//! pipeline preserve behaviour: same result, same heap effects, and on a guard failure
//! the same rebuilt interpreter state (virtual objects materialised).

mod common;

use common::{Case, equivalent, tests};
use quickcheck::{QuickCheck, TestResult};
use tern_jit_ir::opt::{self, Pass};
use tern_jit_ir::text;

fn check(
    c: &Case,
    optimize: &dyn Fn(&tern_jit_ir::Trace) -> Result<tern_jit_ir::Trace, String>,
) -> TestResult {
    let case = c.generate();
    let optimized = match optimize(&case.trace) {
        Ok(t) => t,
        Err(e) => {
            return TestResult::error(format!("{e}\n--- input:\n{}", text::print(&case.trace)));
        }
    };
    match equivalent(&case, &case.trace, &optimized) {
        Ok(true) => TestResult::passed(),
        Ok(false) => TestResult::discard(),
        Err(e) => TestResult::error(format!(
            "{e}\n--- input (seed {}):\n{}--- optimized:\n{}",
            case.seed,
            text::print(&case.trace),
            text::print(&optimized)
        )),
    }
}

macro_rules! pass_test {
    ($name:ident, $pass:expr) => {
        #[test]
        fn $name() {
            fn prop(c: Case) -> TestResult {
                check(&c, &|t| {
                    opt::run_passes(t, &[$pass]).map_err(|e| e.to_string())
                })
            }
            QuickCheck::new()
                .tests(tests(150))
                .quickcheck(prop as fn(Case) -> TestResult);
        }
    };
}

pass_test!(intbounds_preserves_behaviour, Pass::IntBounds);
pass_test!(rewrite_preserves_behaviour, Pass::Rewrite);
pass_test!(virtuals_preserves_behaviour, Pass::Virtuals);
pass_test!(pure_preserves_behaviour, Pass::Pure);
pass_test!(heap_preserves_behaviour, Pass::Heap);
pass_test!(unroll_preserves_behaviour, Pass::Unroll);
pass_test!(dead_code_preserves_behaviour, Pass::DeadCode);

#[test]
fn full_pipeline_preserves_behaviour() {
    fn prop(c: Case) -> TestResult {
        check(&c, &|t| opt::optimize(t).map_err(|e| e.to_string()))
    }
    QuickCheck::new()
        .tests(tests(400))
        .quickcheck(prop as fn(Case) -> TestResult);
}
