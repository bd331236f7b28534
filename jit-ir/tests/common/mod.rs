//! Shared test support: random cases as quickcheck values, and running two traces side
//! by side on two heaps and comparing everything observable.

#![allow(dead_code)]

use quickcheck::{Arbitrary, Gen};
use tern_jit_ir::compare::Matcher;
use tern_jit_ir::interp::{self, Env, InterpError, Outcome};
use tern_jit_ir::resume;
use tern_jit_ir::trace::Trace;
use tern_jit_ir::tracegen::{self, GenCase, GenConfig};
use tern_jit_ir::value::Value;

/// A seed and a size; shrinks towards fewer steps with the same seed.
#[derive(Clone, Debug)]
pub struct Case {
    pub seed: u64,
    pub steps: usize,
    pub make_loop: bool,
}

impl Arbitrary for Case {
    fn arbitrary(g: &mut Gen) -> Case {
        Case {
            seed: u64::arbitrary(g),
            steps: usize::arbitrary(g) % 60,
            make_loop: u8::arbitrary(g) % 4 != 0,
        }
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Case>> {
        let c = self.clone();
        Box::new(
            (0..c.steps)
                .rev()
                .map(move |steps| Case { steps, ..c.clone() })
                .take(10),
        )
    }
}

impl Case {
    pub fn generate(&self) -> GenCase {
        tracegen::generate(
            self.seed,
            &GenConfig {
                steps: self.steps,
                make_loop: self.make_loop,
                ..GenConfig::default()
            },
        )
    }
}

/// Number of quickcheck cases (`TERN_JIT_PROPTESTS` overrides).
pub fn tests(default: u64) -> u64 {
    std::env::var("TERN_JIT_PROPTESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What one run left behind.
pub struct Run {
    pub heap: tern_jit_ir::heap::ModelHeap,
    pub outcome: Result<Outcome, InterpError>,
    pub escapes: Vec<Vec<Value>>,
}

pub fn run(case: &GenCase, trace: &Trace) -> Run {
    let (mut heap, inputs) = case.build();
    let functions = case.world.functions();
    let (outcome, escapes) = {
        let mut env = Env::new(&mut heap, &functions);
        env.step_limit = Some(2_000_000);
        let o = interp::run(trace, &inputs, &mut env);
        (o, env.escapes)
    };
    Run {
        heap,
        outcome,
        escapes,
    }
}

/// Runs `reference` and `candidate` on identical heaps and compares the results, the
/// rebuilt interpreter frames on guard failure (virtuals materialised), the escaped
/// values and the heaps. `Ok(false)`: the reference itself failed (discard the case).
pub fn equivalent(case: &GenCase, reference: &Trace, candidate: &Trace) -> Result<bool, String> {
    let mut a = run(case, reference);
    let mut b = run(case, candidate);
    let oa = match a.outcome {
        Ok(o) => o,
        Err(_) => return Ok(false),
    };
    let ob = b.outcome.map_err(|e| format!("candidate failed: {e}"))?;
    let frames = |t: &Trace, o: &Outcome, heap: &mut tern_jit_ir::heap::ModelHeap| match o {
        Outcome::GuardFailed { guard, values, .. } => resume::rebuild(t, *guard, values, heap)
            .map(Some)
            .map_err(|e| e.to_string()),
        _ => Ok(None),
    };
    let fa = frames(reference, &oa, &mut a.heap)?;
    let fb = frames(candidate, &ob, &mut b.heap)?;
    let mut m = Matcher::new(&a.heap, &b.heap, case.preexisting())?;
    match (&oa, &ob) {
        (Outcome::Finished(x), Outcome::Finished(y)) => m.opt_values(*x, *y, "finish value")?,
        (
            Outcome::GuardFailed { exception: ea, .. },
            Outcome::GuardFailed { exception: eb, .. },
        ) => {
            let (fa, fb) = (fa.expect("frames"), fb.expect("frames"));
            if fa.len() != fb.len() {
                return Err(format!("{} frames vs {}", fa.len(), fb.len()));
            }
            for (k, (x, y)) in fa.iter().zip(&fb).enumerate() {
                if (x.code, x.pc) != (y.code, y.pc) || x.slots.len() != y.slots.len() {
                    return Err(format!(
                        "frame {k}: at {}:{} with {} slots vs {}:{} with {}",
                        x.code,
                        x.pc,
                        x.slots.len(),
                        y.code,
                        y.pc,
                        y.slots.len()
                    ));
                }
                for (s, (p, q)) in x.slots.iter().zip(&y.slots).enumerate() {
                    // A dead slot may be anything on the other side.
                    if p.is_some() && q.is_some() {
                        m.opt_values(*p, *q, &format!("frame {k} slot {s} (pc {})", x.pc))?;
                    } else if p.is_some() != q.is_some() {
                        return Err(format!("frame {k} slot {s}: {p:?} vs {q:?}"));
                    }
                }
            }
            m.exceptions(*ea, *eb)?;
        }
        _ => return Err(format!("outcomes differ: {oa:?} vs {ob:?}")),
    }
    if a.escapes.len() != b.escapes.len() {
        return Err(format!(
            "{} escapes vs {}",
            a.escapes.len(),
            b.escapes.len()
        ));
    }
    for (k, (x, y)) in a.escapes.iter().zip(&b.escapes).enumerate() {
        if x.len() != y.len() {
            return Err(format!("escape {k} has {} values vs {}", x.len(), y.len()));
        }
        for (p, q) in x.iter().zip(y) {
            m.values(*p, *q, &format!("escape {k}"))?;
        }
    }
    m.finish()?;
    Ok(true)
}
