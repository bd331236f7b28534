//! Every jit-ir optimizer golden file (`jit-ir/tests/golden/*.test`), input trace and
//! expected output trace, compiled by a machine backend and executed against the
//! interpreting backend.
//!
//! The golden files hold traces, not inputs, so inputs are derived: int inputs take a
//! few rotating value sets, float inputs a few values, and a reference input gets an
//! object of the type its uses imply (a `guard_class` vtable, the struct a field belongs
//! to by name, the array descriptor it is indexed with), with its fields and items set to
//! distinct values. Both backends run on identically built model heaps and must agree on
//! the exit, the failarg values, the pending exception and the heap contents.
//!
//! Not runnable (skipped, counted by reason, printed): traces calling functions that do
//! not exist (the golden files use made-up addresses), traces using `escape_n` (test
//! support of the IR interpreter), traces jumping to labels of other traces, traces whose
//! reference inputs have no inferable type, and runs on which the reference itself fails
//! (e.g. a loop that never exits within the step limit).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::native::{self, CurrentHeap};
use crate::backend::BackendConfig;
use crate::compare::Matcher;
use crate::descr::{ArrayDescr, Descr, SizeDescr};
use crate::heap::{Memory, ModelHeap, SharedHeap};
use crate::interp::Functions;
use crate::{Backend, Exit, InterpBackend, Kind, OpCode, OpRef, Trace, Value, text};

/// The object a reference input points to.
#[derive(Clone, Debug)]
enum ObjType {
    Struct(Arc<SizeDescr>),
    Array(Arc<ArrayDescr>),
}

fn find_size(t: &Trace, pred: impl Fn(&SizeDescr) -> bool) -> Option<&Arc<SizeDescr>> {
    t.descrs()
        .iter()
        .find_map(|(_, d)| d.as_size().filter(|s| pred(s)))
}

/// A struct type made up for a trace that uses fields (or a vtable) of a type it does not
/// declare: as large as its fields need, with those fields' references.
fn synthetic(t: &Trace, name: &str, vtable: Option<u64>) -> Arc<SizeDescr> {
    let mut size = 16u32;
    let mut refs = Vec::new();
    for (_, d) in t.descrs().iter() {
        if let Some(f) = d.as_field()
            && f.name.split('.').next() == Some(name)
        {
            size = size.max(f.offset as u32 + f.size as u32);
            if f.kind == Kind::Ref {
                refs.push(f.offset);
            }
        }
    }
    Arc::new(SizeDescr {
        name: name.into(),
        size: size.next_multiple_of(8),
        type_id: 900,
        vtable,
        ref_offsets: refs,
    })
}

/// Infers what a reference input must point to from how the trace uses it.
fn infer(t: &Trace, input: OpRef) -> Option<ObjType> {
    for op in t.ops() {
        let args = t.args(op);
        if args.first() != Some(&input) {
            continue;
        }
        let descr = t.descr_of(op);
        match op.opcode {
            OpCode::GuardClass | OpCode::GuardNonnullClass => {
                let vt = t.as_const(args[1])?.bits();
                return Some(ObjType::Struct(
                    find_size(t, |s| s.vtable == Some(vt))
                        .cloned()
                        .unwrap_or_else(|| synthetic(t, "Anon", Some(vt))),
                ));
            }
            _ => match descr {
                Some(Descr::Field(f)) if !op.opcode.is_raw() => {
                    let owner = f.name.split('.').next()?;
                    return Some(ObjType::Struct(
                        find_size(t, |s| s.name == owner)
                            .cloned()
                            .unwrap_or_else(|| synthetic(t, owner, None)),
                    ));
                }
                Some(Descr::Array(a)) if !op.opcode.is_raw() && op.opcode != OpCode::NewArray => {
                    return Some(ObjType::Array(a.clone()));
                }
                _ => {}
            },
        }
    }
    None
}

/// Why a trace cannot run, if it cannot.
fn not_runnable(t: &Trace, functions: &Functions) -> Option<String> {
    for op in t.ops() {
        let args = t.args(op);
        if op.opcode == OpCode::EscapeN {
            return Some("uses escape_n (IR interpreter test support)".into());
        }
        if op.opcode.is_call_assembler() {
            return Some("uses call_assembler".into());
        }
        if op.opcode.is_call_with_function() {
            match t.as_const(args[0]) {
                Some(f) if functions.get(f.bits()).is_some() => {}
                _ => return Some("calls a function that does not exist".into()),
            }
        }
        if op.opcode == OpCode::Jump
            && let Some(tok) = t.descr_of(op).and_then(Descr::as_target)
            && t.find_label(tok.id).is_none()
        {
            return Some("jumps to a label of another trace".into());
        }
        if op.opcode.is_raw() && args.first().is_some_and(|a| !a.is_const()) {
            return Some("accesses raw memory through an input address".into());
        }
    }
    None
}

/// Builds a heap with one object per reference input; returns the heap, the inputs and
/// the number of preexisting objects.
fn build(t: &Trace, types: &[Option<ObjType>], set: usize) -> (SharedHeap, Vec<Value>, usize) {
    const INTS: [i64; 6] = [0, 1, 7, 100, -5, 1 << 40];
    const FLOATS: [f64; 3] = [0.5, -2.25, 1e10];
    let mut heap = ModelHeap::new(64 * 1024);
    for (_, d) in t.descrs().iter() {
        heap.register_type(d);
    }
    for ty in types.iter().flatten() {
        if let ObjType::Struct(s) = ty {
            heap.register_type(&Descr::Size(s.clone()));
        }
    }
    heap.set_allocate_old(true);
    let mut inputs = Vec::new();
    let mut objects = 0;
    for (i, &k) in t.input_kinds().iter().enumerate() {
        let v = match k {
            Kind::Int => Value::Int(INTS[(i + set) % INTS.len()]),
            Kind::Float => Value::Float(FLOATS[(i + set) % FLOATS.len()]),
            _ => match &types[i] {
                None => Value::Ref(0),
                Some(ObjType::Struct(s)) => {
                    let p = heap.allocate(s).expect("room for inputs");
                    objects += 1;
                    for (_, d) in t.descrs().iter() {
                        if let Some(f) = d.as_field()
                            && f.name.split('.').next() == Some(s.name.as_str())
                            && f.kind != Kind::Ref
                        {
                            let v = match f.kind {
                                Kind::Float => Value::Float(1.5 + set as f64),
                                _ => Value::Int(3 + f.offset as i64 + set as i64),
                            };
                            heap.store_field(Value::Ref(p), f, v).expect("field inside");
                        }
                    }
                    Value::Ref(p)
                }
                Some(ObjType::Array(a)) => {
                    let len = 6;
                    let p = heap.allocate_array(a, len).expect("room for inputs");
                    objects += 1;
                    for j in 0..len {
                        let v = match a.kind {
                            Kind::Float => Value::Float(j as f64 * 0.75),
                            Kind::Ref => Value::Ref(0),
                            _ => Value::Int(j * 3 + 1 + set as i64),
                        };
                        heap.store_item(Value::Ref(p), j, a, v)
                            .expect("item inside");
                    }
                    Value::Ref(p)
                }
            },
        };
        inputs.push(v);
    }
    heap.set_allocate_old(false);
    (SharedHeap::new(heap), inputs, objects)
}

fn compare(a: &SharedHeap, b: &SharedHeap, pre: usize, ra: &Exit, rb: &Exit) -> Result<(), String> {
    let ha = a.0.borrow();
    let hb = b.0.borrow();
    let mut m = Matcher::new(&ha, &hb, pre)?;
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
            if ga.op != gb.op || va.len() != vb.len() {
                return Err(format!("exits differ: {ra:?} vs {rb:?}"));
            }
            for (k, (x, y)) in va.iter().zip(vb).enumerate() {
                m.values(*x, *y, &format!("failarg {k}"))?;
            }
            m.exceptions(*xa, *xb)?;
        }
        _ => return Err(format!("the reference gave {ra:?}, the backend {rb:?}")),
    }
    m.finish()?;
    hb.check_write_barriers()
}

/// Runs `t` on both backends with input set `set`: `Ok(true)` when compared, `Ok(false)`
/// when the reference itself fails (for an arithmetic error, the backend must then fail
/// with the same error instead of trapping).
fn run_both<B: Backend>(
    t: &Trace,
    types: &[Option<ObjType>],
    set: usize,
    new_backend: &dyn Fn(BackendConfig) -> Result<B, String>,
) -> Result<bool, String> {
    let (heap_a, va, pre) = build(t, types, set);
    let (heap_b, vb, _) = build(t, types, set);
    let mut reference = InterpBackend::new(heap_a.clone(), Functions::new());
    reference.set_step_limit(Some(200_000));
    let ia = reference
        .compile_loop(t)
        .map_err(|e| format!("reference: {e}"))?;
    let config = native::backend_config(&heap_b.0.borrow());
    let mut backend = new_backend(config)?;
    let ib = backend
        .compile_loop(t)
        .map_err(|e| format!("compile: {e}"))?;
    let ra = match reference.execute(ia, &va) {
        Ok(r) => r,
        Err(e) => {
            if std::env::var("TERN_GOLDEN_VERBOSE").is_ok() {
                eprintln!("reference failed on input set {set}: {e}");
            }
            if e.to_string().contains("division") {
                let rb = {
                    let _current = CurrentHeap::enter(&heap_b);
                    backend.execute(ib, &vb)
                };
                return match rb {
                    Err(b) if b.to_string().contains("division") => Ok(true),
                    other => Err(format!(
                        "the reference failed with {e}, the backend gave {other:?}"
                    )),
                };
            }
            return Ok(false);
        }
    };
    let rb = {
        let _current = CurrentHeap::enter(&heap_b);
        backend
            .execute(ib, &vb)
            .map_err(|e| format!("execute: {e}"))?
    };
    native::take_exception();
    if let Some(f) = native::take_fault() {
        return Err(format!("a GC slow path faulted: {f}"));
    }
    heap_b.0.borrow_mut().sync();
    compare(&heap_a, &heap_b, pre, &ra, &rb).map(|()| true)
}

/// What [`check_golden_traces`] did.
#[derive(Debug, Default)]
pub struct GoldenReport {
    /// Traces in the golden files (inputs and expected outputs).
    pub traces: usize,
    /// Traces that ran on at least one input set and matched.
    pub compared: usize,
    /// Runs compared (a trace runs on up to 4 input sets).
    pub runs: usize,
    /// Traces skipped, by reason.
    pub skipped: BTreeMap<String, usize>,
}

/// Compiles every trace of jit-ir's optimizer golden files (`tests/golden/*.test`, inputs
/// and expected outputs) on `new_backend`'s backend and runs it against the interpreting
/// backend. Errs with every difference found, or when fewer than 60% of the traces could
/// run (the input derivation stopped working).
pub fn check_golden_traces<B: Backend>(
    new_backend: &dyn Fn(BackendConfig) -> Result<B, String>,
) -> Result<GoldenReport, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("jit-ir's golden files at {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "test"))
        .collect();
    files.sort();
    if files.len() < 60 {
        return Err(format!(
            "found {} golden files in {}",
            files.len(),
            dir.display()
        ));
    }
    let functions = Functions::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let (mut traces, mut compared, mut runs) = (0, 0, 0);
    let mut failures = Vec::new();
    for path in &files {
        let content =
            std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let (input, expected) = content.split_once("\n====\n").unwrap_or((&content, ""));
        for (which, src) in [("input", input), ("expected", expected)] {
            if src.trim().is_empty() {
                continue;
            }
            traces += 1;
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            let name = format!("{file} ({which})");
            let t = match text::parse(src) {
                Ok(t) => t,
                Err(e) => {
                    failures.push(format!("{name}: does not parse: {e}"));
                    continue;
                }
            };
            if let Some(why) = not_runnable(&t, &functions) {
                *skipped.entry(why).or_default() += 1;
                continue;
            }
            let types: Vec<Option<ObjType>> = t
                .inputs()
                .map(|r| match t.kind_of(r) {
                    Kind::Ref => infer(&t, r),
                    _ => None,
                })
                .collect();
            let mut any = false;
            for set in 0..4 {
                match run_both(&t, &types, set, new_backend) {
                    Ok(true) => {
                        any = true;
                        runs += 1;
                    }
                    Ok(false) => {}
                    Err(e) => failures.push(format!("{name}, input set {set}: {e}\n{src}")),
                }
            }
            if any {
                compared += 1;
            } else {
                if std::env::var("TERN_GOLDEN_VERBOSE").is_ok() {
                    eprintln!("{name}: the reference fails on every input set");
                }
                *skipped
                    .entry("the reference fails on every input set".into())
                    .or_default() += 1;
            }
        }
    }
    if !failures.is_empty() {
        return Err(failures.join("\n\n"));
    }
    if compared * 10 < traces * 6 {
        return Err(format!(
            "only {compared} of {traces} golden traces were runnable: {skipped:?}"
        ));
    }
    Ok(GoldenReport {
        traces,
        compared,
        runs,
        skipped,
    })
}
