//! The backend conformance suite: checks any [`Backend`] against the interpreting one.
//!
//! A backend crate runs it on itself (see [`crate::backend_conformance_tests!`]):
//!
//! ```ignore
//! tern_jit_ir::backend_conformance_tests!(|env: &tern_jit_ir::conformance::ConformanceEnv| {
//!     X86Backend::new(env.config)
//! });
//! ```
//!
//! Every case compiles the same traces on the [`InterpBackend`] (the reference) and on the
//! backend under test, each running on its own [`ModelHeap`] built identically (the
//! objects that exist before the run are *old*, so storing a new object into them needs
//! the write barrier). After every execution the suite compares:
//! - the exits: same finish value, or the same guard with the same failarg values and the
//!   same pending exception (references compared structurally, see [`crate::compare`]);
//! - the heaps: every preexisting object and everything reachable from the results;
//! - the write barrier: no old object may point to a young one without having gone
//!   through the barrier;
//! - faults: the native callees and GC slow paths check every access they make.
//!
//! [`check_fixed`] runs hand-written cases (arithmetic edge cases, every guard, memory
//! widths, allocation, calls with stack and mixed arguments, exceptions, forcing,
//! register pressure, bridges, `call_assembler`, invalidation, freeing);
//! [`check_random`] runs random traces from [`crate::tracegen`], both as recorded and
//! after [`optimize`](crate::opt::optimize), and attaches a bridge to the first guard
//! that fails. The backend under test gets a [`ConformanceEnv`]: a [`BackendConfig`] with
//! real addresses (nursery pointers, GC slow paths, exception cells) for machine backends,
//! and the heap and functions for interpreting ones.
//!
//! Two more harnesses drive machine backends through longer programs: [`bridges`] (random
//! loops whose hot guards get random bridges, run until they end) and [`goldens`] (every
//! optimizer golden trace, with inputs derived from how the trace uses them); [`moving`]
//! runs compiled code under a copying collector that poisons what it leaves behind.
//!
//! `TERN_JIT_CONFORMANCE_VERBOSE=1` prints every fixed case's runs and exits.

pub mod bridges;
mod cases;
pub mod goldens;
pub mod moving;
pub mod native;

use std::fmt;

use crate::backend::{Backend, BackendConfig, BackendError, Exit, TraceId};
use crate::compare::Matcher;
use crate::descr::Descr;
use crate::heap::ModelHeap;
use crate::interp::Functions;
use crate::interp_backend::InterpBackend;
use crate::ops::OpCode;
use crate::trace::{Trace, TraceBuilder};
use crate::tracegen::{self, GenConfig, InputSpec, ObjectSpec, World};
use crate::value::Value;

pub use crate::heap::SharedHeap;
pub use cases::{FixedCase, Step, fixed_cases};
pub use native::CurrentHeap;

/// Nursery size of the conformance heaps (small enough that big arrays take the slow path).
pub const NURSERY_BYTES: usize = 64 * 1024;

/// What the backend under test is built from.
pub struct ConformanceEnv {
    /// Addresses of the run-time environment (for machine backends).
    pub config: BackendConfig,
    /// The heap the backend runs on.
    pub heap: SharedHeap,
    /// The callable functions (for interpreting backends; machine code calls the same
    /// functions by address).
    pub functions: Functions,
}

/// How much to run.
#[derive(Clone, Debug)]
pub struct ConformanceConfig {
    /// Number of random traces.
    pub random_cases: usize,
    /// Steps per random trace.
    pub random_steps: usize,
    /// Seed of the first random trace.
    pub seed: u64,
    /// Skip (and count) cases the backend reports as [`BackendError::Unsupported`]
    /// instead of failing: for backends still under construction.
    pub skip_unsupported: bool,
}

impl Default for ConformanceConfig {
    fn default() -> ConformanceConfig {
        ConformanceConfig {
            random_cases: 150,
            random_steps: 30,
            seed: 0x7e57_0001,
            skip_unsupported: false,
        }
    }
}

impl ConformanceConfig {
    /// The defaults, with `TERN_JIT_CONFORMANCE_CASES` overriding the number of random
    /// traces and `TERN_JIT_CONFORMANCE_SKIP_UNSUPPORTED=1` enabling skipping.
    pub fn from_env() -> ConformanceConfig {
        let mut c = ConformanceConfig::default();
        if let Some(n) = std::env::var("TERN_JIT_CONFORMANCE_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            c.random_cases = n;
        }
        c.skip_unsupported =
            std::env::var("TERN_JIT_CONFORMANCE_SKIP_UNSUPPORTED").is_ok_and(|v| v == "1");
        c
    }
}

/// What a successful run covered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConformanceReport {
    /// Cases run (fixed or random).
    pub cases: usize,
    /// Executions compared.
    pub runs: usize,
    /// Executions that ended at a guard.
    pub guard_exits: usize,
    /// Bridges compiled and attached.
    pub bridges: usize,
    /// Cases skipped because the backend does not support them yet.
    pub skipped_unsupported: usize,
    /// Random cases skipped because the reference itself failed (a trap in the trace).
    pub skipped_invalid: usize,
}

/// A difference between the backend and the reference.
#[derive(Clone, Debug)]
pub struct ConformanceFailure {
    /// The case.
    pub case: String,
    /// What differed.
    pub message: String,
    /// The traces involved, printed.
    pub traces: String,
}

impl fmt::Display for ConformanceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "conformance case `{}`: {}\n{}",
            self.case, self.message, self.traces
        )
    }
}

impl std::error::Error for ConformanceFailure {}

enum Problem {
    Unsupported(String),
    Fail(String),
}

impl From<String> for Problem {
    fn from(m: String) -> Problem {
        Problem::Fail(m)
    }
}

/// The reference and the candidate, running the same case.
struct Pair<B: Backend> {
    reference: InterpBackend<SharedHeap>,
    candidate: B,
    heap_a: SharedHeap,
    heap_b: SharedHeap,
    preexisting: usize,
    ids: Vec<(TraceId, TraceId)>,
    traces: Vec<Trace>,
    entry: usize,
    last: Option<(Exit, Exit)>,
    verbose: bool,
}

fn build_heap(world: &World, objects: &[ObjectSpec]) -> SharedHeap {
    let mut heap = ModelHeap::new(NURSERY_BYTES);
    // Every type of the world is known up front, so objects that machine code allocates
    // inline are found by `ModelHeap::sync` even if no object of their type existed.
    for d in [
        Descr::Size(world.node.clone()),
        Descr::Size(world.boxd.clone()),
        Descr::Array(world.int_arr.clone()),
        Descr::Array(world.ref_arr.clone()),
        Descr::Array(world.str_arr.clone()),
        Descr::Array(world.float_arr.clone()),
    ] {
        heap.register_type(&d);
    }
    heap.set_allocate_old(true);
    tracegen::build_into(&mut heap, world, objects, &[]);
    heap.set_allocate_old(false);
    SharedHeap::new(heap)
}

fn inputs(heap: &SharedHeap, specs: &[InputSpec]) -> Vec<Value> {
    let h = heap.0.borrow();
    specs
        .iter()
        .map(|s| match *s {
            InputSpec::Int(v) => Value::Int(v),
            InputSpec::Float(v) => Value::Float(v),
            InputSpec::Null => Value::Ref(0),
            InputSpec::Object(k) => Value::Ref(h.blocks()[k].addr),
            InputSpec::RawAddr(k) => Value::Int(h.blocks()[k].addr as i64),
        })
        .collect()
}

fn unsupported(e: &BackendError) -> Option<String> {
    match e {
        BackendError::Unsupported(m) => Some(m.clone()),
        _ => None,
    }
}

impl<B: Backend> Pair<B> {
    fn new(
        world: &World,
        objects: &[ObjectSpec],
        make: &mut dyn FnMut(&ConformanceEnv) -> B,
    ) -> Pair<B> {
        let heap_a = build_heap(world, objects);
        let heap_b = build_heap(world, objects);
        let functions = native::native_functions(world);
        let reference = InterpBackend::new(heap_a.clone(), functions.clone());
        let env = ConformanceEnv {
            config: native::backend_config(&heap_b.0.borrow()),
            heap: heap_b.clone(),
            functions,
        };
        let candidate = make(&env);
        let mut reference = reference;
        reference.set_step_limit(Some(5_000_000));
        Pair {
            reference,
            candidate,
            heap_a,
            heap_b,
            preexisting: objects.len(),
            ids: Vec::new(),
            traces: Vec::new(),
            entry: 0,
            last: None,
            verbose: std::env::var("TERN_JIT_CONFORMANCE_VERBOSE").is_ok_and(|v| v == "1"),
        }
    }

    fn printed(&self) -> String {
        self.traces
            .iter()
            .enumerate()
            .map(|(i, t)| format!("--- trace {i}:\n{}", crate::text::print(t)))
            .collect()
    }

    fn compile(&mut self, trace: Trace, bridge: bool) -> Result<(), Problem> {
        let (a, b) = if bridge {
            let Some((Exit::GuardFailed { guard: ga, .. }, Exit::GuardFailed { guard: gb, .. })) =
                &self.last
            else {
                return Err(Problem::Fail(
                    "a bridge step needs a previous guard exit".into(),
                ));
            };
            let (ga, gb) = (*ga, *gb);
            let a = self
                .reference
                .compile_bridge(ga, &trace)
                .map_err(|e| format!("reference rejected the bridge: {e}"))?;
            let b =
                self.candidate
                    .compile_bridge(gb, &trace)
                    .map_err(|e| match unsupported(&e) {
                        Some(m) => Problem::Unsupported(m),
                        None => Problem::Fail(format!("compile_bridge failed: {e}")),
                    })?;
            (a, b)
        } else {
            let a = self
                .reference
                .compile_loop(&trace)
                .map_err(|e| format!("reference rejected the trace: {e}"))?;
            let b = self
                .candidate
                .compile_loop(&trace)
                .map_err(|e| match unsupported(&e) {
                    Some(m) => Problem::Unsupported(m),
                    None => Problem::Fail(format!("compile_loop failed: {e}")),
                })?;
            self.entry = self.ids.len();
            (a, b)
        };
        self.ids.push((a, b));
        self.traces.push(trace);
        Ok(())
    }

    /// Runs the entry on both; `Ok(None)` when the reference itself fails.
    fn run(
        &mut self,
        specs: &[InputSpec],
        report: &mut ConformanceReport,
    ) -> Result<Option<()>, Problem> {
        let (ea, eb) = self.ids[self.entry];
        let va = inputs(&self.heap_a, specs);
        let vb = inputs(&self.heap_b, specs);
        native::take_fault();
        native::take_exception();
        let ra = {
            let _current = CurrentHeap::enter(&self.heap_a);
            self.reference.execute(ea, &va)
        };
        if let Some(f) = native::take_fault() {
            return Err(Problem::Fail(format!("the reference run faulted: {f}")));
        }
        native::take_exception();
        let ra = match ra {
            Ok(r) => r,
            Err(_) => return Ok(None),
        };
        let rb = {
            let _current = CurrentHeap::enter(&self.heap_b);
            self.candidate.execute(eb, &vb)
        };
        native::take_exception();
        if let Some(f) = native::take_fault() {
            return Err(Problem::Fail(format!(
                "a native function or GC slow path faulted: {f}"
            )));
        }
        self.heap_b.0.borrow_mut().sync();
        let rb = rb.map_err(|e| match unsupported(&e) {
            Some(m) => Problem::Unsupported(m),
            None => Problem::Fail(format!("execute failed: {e}")),
        })?;
        if self.verbose {
            eprintln!("  run {specs:?}\n    reference: {ra:?}\n    candidate: {rb:?}");
        }
        self.compare(&ra, &rb)?;
        report.runs += 1;
        if matches!(ra, Exit::GuardFailed { .. }) {
            report.guard_exits += 1;
        }
        self.last = Some((ra, rb));
        Ok(Some(()))
    }

    fn compare(&self, ra: &Exit, rb: &Exit) -> Result<(), String> {
        let a = self.heap_a.0.borrow();
        let b = self.heap_b.0.borrow();
        let mut m = Matcher::new(&a, &b, self.preexisting)?;
        match (ra, rb) {
            (Exit::Finished(x), Exit::Finished(y)) => m.opt_values(*x, *y, "finish value")?,
            (
                Exit::GuardFailed {
                    guard: ga,
                    values: va,
                    exception: xa,
                },
                Exit::GuardFailed {
                    guard: gb,
                    values: vb,
                    exception: xb,
                },
            ) => {
                let ta = self.ids.iter().position(|(a, _)| *a == ga.trace);
                let tb = self.ids.iter().position(|(_, b)| *b == gb.trace);
                if ta != tb || ga.op != gb.op {
                    return Err(format!(
                        "exited at trace {ta:?} op {} on the reference but trace {tb:?} op {}",
                        ga.op, gb.op
                    ));
                }
                if va.len() != vb.len() {
                    return Err(format!(
                        "guard reported {} values instead of {}",
                        vb.len(),
                        va.len()
                    ));
                }
                for (k, (x, y)) in va.iter().zip(vb).enumerate() {
                    m.values(*x, *y, &format!("failarg {k} of the guard at op {}", ga.op))?;
                }
                m.exceptions(*xa, *xb)?;
            }
            _ => return Err(format!("the reference gave {ra:?}, the backend {rb:?}")),
        }
        m.finish()?;
        b.check_write_barriers()?;
        Ok(())
    }
}

fn fill(text: &str, world: &World) -> String {
    let a = world.addrs;
    let mut s = text.to_string();
    for (name, addr) in [
        ("mix", a.mix),
        ("check", a.check),
        ("store", a.store),
        ("read", a.read),
        ("any", a.any),
        ("float", a.float),
        ("force", a.force),
    ]
    .into_iter()
    .chain(native::extra_addrs())
    {
        s = s.replace(&format!("{{{name}}}"), &addr.to_string());
    }
    s
}

fn known_tokens(traces: &[Trace]) -> Vec<Descr> {
    traces
        .iter()
        .flat_map(|t| {
            t.descrs()
                .iter()
                .map(|(_, d)| d.clone())
                .collect::<Vec<_>>()
        })
        .filter(|d| d.as_target().is_some())
        .collect()
}

fn run_fixed_case<B: Backend>(
    case: &FixedCase,
    world: &World,
    make: &mut dyn FnMut(&ConformanceEnv) -> B,
    report: &mut ConformanceReport,
) -> Result<(), (Problem, String)> {
    let mut pair = Pair::new(world, &case.objects, make);
    if pair.verbose {
        eprintln!("case {}", case.name);
    }
    let fail = |p: &Pair<B>, e: Problem| (e, p.printed());
    for text in &case.traces {
        let trace = crate::text::parse_with(&fill(text, world), &known_tokens(&pair.traces))
            .map_err(|e| (Problem::Fail(format!("bad case text: {e}")), String::new()))?;
        pair.compile(trace, false).map_err(|e| fail(&pair, e))?;
    }
    for step in &case.steps {
        match step {
            Step::Run(specs) => match pair.run(specs, report) {
                Ok(Some(())) => {}
                Ok(None) => {
                    return Err(fail(
                        &pair,
                        Problem::Fail("the reference failed on a fixed case".into()),
                    ));
                }
                Err(e) => return Err(fail(&pair, e)),
            },
            Step::Bridge(text) => {
                let trace = crate::text::parse_with(
                    &fill(&format!("{}{text}", cases::PRELUDE), world),
                    &known_tokens(&pair.traces),
                )
                .map_err(|e| {
                    (
                        Problem::Fail(format!("bad bridge text: {e}")),
                        pair.printed(),
                    )
                })?;
                pair.compile(trace, true).map_err(|e| fail(&pair, e))?;
                report.bridges += 1;
            }
            Step::Invalidate => {
                let (a, b) = pair.ids[pair.entry];
                pair.reference
                    .invalidate(a)
                    .map_err(|e| fail(&pair, Problem::Fail(format!("reference: {e}"))))?;
                pair.candidate
                    .invalidate(b)
                    .map_err(|e| fail(&pair, Problem::Fail(format!("invalidate failed: {e}"))))?;
            }
            Step::Free => {
                let (a, b) = pair.ids[pair.entry];
                pair.reference
                    .free(a)
                    .map_err(|e| fail(&pair, Problem::Fail(format!("reference: {e}"))))?;
                pair.candidate
                    .free(b)
                    .map_err(|e| fail(&pair, Problem::Fail(format!("free failed: {e}"))))?;
                let args = [Value::Int(1)];
                if pair.candidate.execute(b, &args).is_ok() {
                    return Err(fail(
                        &pair,
                        Problem::Fail("a freed loop still executes".into()),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Runs the fixed cases.
pub fn check_fixed<B: Backend>(
    make: &mut dyn FnMut(&ConformanceEnv) -> B,
    config: &ConformanceConfig,
) -> Result<ConformanceReport, ConformanceFailure> {
    let world = native::native_world();
    let mut report = ConformanceReport::default();
    for case in fixed_cases() {
        match run_fixed_case(&case, &world, make, &mut report) {
            Ok(()) => report.cases += 1,
            Err((Problem::Unsupported(_), _)) if config.skip_unsupported => {
                report.skipped_unsupported += 1
            }
            Err((Problem::Unsupported(m), traces)) | Err((Problem::Fail(m), traces)) => {
                return Err(ConformanceFailure {
                    case: case.name.to_string(),
                    message: m,
                    traces,
                });
            }
        }
    }
    Ok(report)
}

/// A bridge for the guard at `guard` of `trace`: takes its failargs and finishes with
/// the first one.
fn finishing_bridge(trace: &Trace, guard: usize) -> Trace {
    let kinds: Vec<_> = trace
        .failargs(guard)
        .iter()
        .map(|&r| trace.kind_of(r))
        .collect();
    let mut b = TraceBuilder::new(&kinds);
    let args: Vec<_> = b.inputs().into_iter().take(1).collect();
    b.emit(OpCode::Finish, &args, None);
    b.finish()
}

/// Runs random traces (as recorded and optimized), with a bridge on the first failing
/// guard.
pub fn check_random<B: Backend>(
    make: &mut dyn FnMut(&ConformanceEnv) -> B,
    config: &ConformanceConfig,
) -> Result<ConformanceReport, ConformanceFailure> {
    let world = native::native_world();
    let mut report = ConformanceReport::default();
    for k in 0..config.random_cases {
        let seed = config.seed.wrapping_add(k as u64);
        let gen_config = GenConfig {
            steps: config.random_steps,
            make_loop: k % 4 != 3,
            allow_escape: false,
            allow_force: false,
            ..GenConfig::default()
        };
        let case = tracegen::generate_in(seed, &gen_config, world.clone());
        let trace = if k % 2 == 1 {
            match crate::opt::optimize(&case.trace) {
                Ok(t) => t,
                Err(e) => {
                    return Err(ConformanceFailure {
                        case: format!("random seed {seed}"),
                        message: format!("the optimizer failed: {e}"),
                        traces: crate::text::print(&case.trace),
                    });
                }
            }
        } else {
            case.trace.clone()
        };
        let name = format!(
            "random seed {seed} ({})",
            if k % 2 == 1 {
                "optimized"
            } else {
                "as recorded"
            }
        );
        let mut pair = Pair::new(&world, &case.objects, make);
        let outcome = (|| -> Result<bool, Problem> {
            pair.compile(trace.clone(), false)?;
            if pair.run(&case.inputs, &mut report)?.is_none() {
                return Ok(false);
            }
            if let Some((Exit::GuardFailed { guard, .. }, _)) = &pair.last {
                let bridge = finishing_bridge(&trace, guard.op as usize);
                pair.compile(bridge, true)?;
                report.bridges += 1;
                pair.run(&case.inputs, &mut report)?;
            }
            Ok(true)
        })();
        match outcome {
            Ok(true) => report.cases += 1,
            Ok(false) => report.skipped_invalid += 1,
            Err(Problem::Unsupported(_)) if config.skip_unsupported => {
                report.skipped_unsupported += 1
            }
            Err(Problem::Unsupported(m)) | Err(Problem::Fail(m)) => {
                return Err(ConformanceFailure {
                    case: name,
                    message: m,
                    traces: pair.printed(),
                });
            }
        }
    }
    Ok(report)
}

/// Defines `#[test]` functions running the conformance suite on the backend built by
/// `$make` (a closure `|env: &ConformanceEnv| -> impl Backend`).
#[macro_export]
macro_rules! backend_conformance_tests {
    ($make:expr) => {
        #[test]
        fn jit_ir_conformance_fixed_cases() {
            let mut make = $make;
            let config = $crate::conformance::ConformanceConfig::from_env();
            match $crate::conformance::check_fixed(&mut make, &config) {
                Ok(report) => eprintln!("conformance (fixed): {report:?}"),
                Err(failure) => panic!("{failure}"),
            }
        }

        #[test]
        fn jit_ir_conformance_random_traces() {
            let mut make = $make;
            let config = $crate::conformance::ConformanceConfig::from_env();
            match $crate::conformance::check_random(&mut make, &config) {
                Ok(report) => eprintln!("conformance (random): {report:?}"),
                Err(failure) => panic!("{failure}"),
            }
        }
    };
}
