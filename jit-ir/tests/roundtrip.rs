//! Text format round trip and generator sanity, as properties over random traces.

use quickcheck::{Arbitrary, Gen, QuickCheck, TestResult};
use tern_jit_ir::interp::{self, Env, Outcome};
use tern_jit_ir::text;
use tern_jit_ir::tracegen::{self, GenConfig};

/// A seed and a size, shrinking towards smaller traces with the same seed.
#[derive(Clone, Debug)]
struct Case {
    seed: u64,
    steps: usize,
    make_loop: bool,
}

impl Arbitrary for Case {
    fn arbitrary(g: &mut Gen) -> Case {
        Case {
            seed: u64::arbitrary(g),
            steps: usize::arbitrary(g) % 60,
            make_loop: bool::arbitrary(g),
        }
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Case>> {
        let c = self.clone();
        Box::new(
            (0..c.steps)
                .rev()
                .map(move |steps| Case { steps, ..c.clone() })
                .take(8),
        )
    }
}

fn config(c: &Case) -> GenConfig {
    GenConfig {
        steps: c.steps,
        make_loop: c.make_loop,
        ..GenConfig::default()
    }
}

fn tests() -> u64 {
    std::env::var("TERN_JIT_PROPTESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

#[test]
fn print_parse_print_is_stable() {
    fn prop(c: Case) -> TestResult {
        let case = tracegen::generate(c.seed, &config(&c));
        let printed = text::print(&case.trace);
        let parsed = match text::parse(&printed) {
            Ok(t) => t,
            Err(e) => return TestResult::error(format!("{e}\n{printed}")),
        };
        let again = text::print(&parsed);
        if again != printed {
            return TestResult::error(format!("round trip differs:\n{printed}\n---\n{again}"));
        }
        TestResult::passed()
    }
    QuickCheck::new()
        .tests(tests())
        .quickcheck(prop as fn(Case) -> TestResult);
}

#[test]
fn generated_traces_verify_and_run_without_errors() {
    fn prop(c: Case) -> TestResult {
        let case = tracegen::generate(c.seed, &config(&c));
        if let Err(e) = case.trace.verify() {
            return TestResult::error(format!("{e}\n{}", text::print(&case.trace)));
        }
        let (mut heap, inputs) = case.build();
        let functions = case.world.functions();
        let mut env = Env::new(&mut heap, &functions);
        env.step_limit = Some(1_000_000);
        match interp::run(&case.trace, &inputs, &mut env) {
            Ok(Outcome::Finished(_)) | Ok(Outcome::GuardFailed { .. }) => TestResult::passed(),
            Ok(other) => TestResult::error(format!("unexpected outcome {other:?}")),
            Err(e) => TestResult::error(format!("{e}\n{}", text::print(&case.trace))),
        }
    }
    QuickCheck::new()
        .tests(tests())
        .quickcheck(prop as fn(Case) -> TestResult);
}
