//! Host-independent code generation checks (run natively on x86-64 and under qemu):
//! every jit-ir optimizer golden trace (input and expected output, optimized too) and
//! 300 random recorded traces (60 under emulation) (loops and straight-line, optimized and not) compile, and
//! every word of every compiled trace is a valid A64 instruction for the independent
//! decoder yaxpeax-arm; bridges compile against their guards; errors are reported, not
//! panicked. On hosts other than AArch64, `execute` refuses with a clear error. (The
//! aarch64-only tests execute the same code.)

mod common;

use std::path::Path;

use tern_jit_backend_arm::ArmBackend;
use tern_jit_ir::conformance::native;
use tern_jit_ir::heap::ModelHeap;
use tern_jit_ir::tracegen::{self, GenConfig};
use tern_jit_ir::{
    Backend, BackendError, GuardId, Kind, OpCode, Trace, TraceBuilder, TraceId, opt, text,
};

fn backend() -> ArmBackend {
    let heap = ModelHeap::new(4096);
    ArmBackend::new(native::backend_config(&heap)).expect("a code arena")
}

/// Every word of `id`'s code decodes.
fn check_decodes(b: &ArmBackend, id: TraceId, name: &str) -> Result<usize, String> {
    let code = b.code(id).ok_or_else(|| format!("{name}: no code"))?;
    let words = common::words(&code);
    for (i, &w) in words.iter().enumerate() {
        common::yax(w).map_err(|e| format!("{name}: word {w:08x} at {:#x}: {e}", 4 * i))?;
    }
    Ok(words.len())
}

/// A bridge for guard `g` of `t` that finishes with its first failarg.
fn finishing_bridge(t: &Trace, g: usize) -> Trace {
    let kinds: Vec<Kind> = t.failargs(g).iter().map(|&r| t.kind_of(r)).collect();
    let mut b = TraceBuilder::new(&kinds);
    let args: Vec<_> = b.inputs().into_iter().take(1).collect();
    b.emit(OpCode::Finish, &args, None);
    b.finish()
}

/// Compiles `t` (and a bridge on its first guard); `Ok(None)` if the backend refuses
/// it as unsupported (e.g. `escape_n`, made-up jump targets).
fn compile_and_check(t: &Trace, name: &str) -> Result<Option<usize>, String> {
    let mut b = backend();
    let id = match b.compile_loop(t) {
        Ok(id) => id,
        Err(BackendError::Unsupported(m)) if m.contains("escape_n") => return Ok(None),
        Err(BackendError::UnknownTarget(_)) => return Ok(None),
        Err(e) => return Err(format!("{name}: {e}")),
    };
    let mut words = check_decodes(&b, id, name)?;
    if let Some(g) = t.guards().next() {
        let bridge = finishing_bridge(t, g);
        let bid = b
            .compile_bridge(
                GuardId {
                    trace: id,
                    op: g as u32,
                },
                &bridge,
            )
            .map_err(|e| format!("{name}: bridge: {e}"))?;
        words += check_decodes(&b, bid, &format!("{name} (bridge)"))?;
    }
    b.invalidate(id)
        .map_err(|e| format!("{name}: invalidate: {e}"))?;
    b.free(id).map_err(|e| format!("{name}: free: {e}"))?;
    Ok(Some(words))
}

#[test]
fn golden_traces_compile_to_valid_instructions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../jit-ir/tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("jit-ir's golden files")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "test"))
        .collect();
    files.sort();
    assert!(files.len() >= 60, "found {} golden files", files.len());
    let (mut compiled, mut words) = (0, 0);
    let mut failures = Vec::new();
    for path in &files {
        let content = std::fs::read_to_string(path).expect("readable");
        let (input, expected) = content.split_once("\n====\n").unwrap_or((&content, ""));
        for src in [input, expected] {
            let Ok(t) = text::parse(src) else { continue };
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let mut variants = vec![t.clone()];
            if let Ok(o) = opt::optimize(&t) {
                variants.push(o);
            }
            for v in &variants {
                match compile_and_check(v, &name) {
                    Ok(Some(n)) => {
                        compiled += 1;
                        words += n;
                    }
                    Ok(None) => {}
                    Err(e) => failures.push(e),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("golden traces: {compiled} compiled, {words} instructions decoded");
    assert!(compiled >= 150, "{compiled} compiled");
}

#[test]
fn random_traces_compile_to_valid_instructions() {
    let world = native::native_world();
    let (mut compiled, mut words) = (0, 0);
    // Under emulation (the aarch64 run) fewer: the execution tests cover that host.
    let seeds: u64 = if cfg!(target_arch = "aarch64") {
        60
    } else {
        300
    };
    for seed in 0..seeds {
        let config = GenConfig {
            steps: 10 + (seed as usize % 50),
            make_loop: seed % 2 == 0,
            allow_escape: false,
            ..GenConfig::default()
        };
        let t = tracegen::generate_in(seed, &config, world.clone()).trace;
        for v in [Some(t.clone()), opt::optimize(&t).ok()]
            .into_iter()
            .flatten()
        {
            match compile_and_check(&v, &format!("seed {seed}")) {
                Ok(Some(n)) => {
                    compiled += 1;
                    words += n;
                }
                Ok(None) => {}
                Err(e) => panic!("{e}\n{}", text::print(&v)),
            }
        }
    }
    eprintln!("random traces: {compiled} compiled, {words} instructions decoded");
    assert!(compiled as u64 >= seeds * 3 / 2, "{compiled} compiled");
}

#[test]
fn bad_requests_are_errors() {
    let t = text::parse("[i0]\ni1 = int_add(i0, 1)\nfinish(i1)").unwrap();
    let mut b = backend();
    let id = b.compile_loop(&t).unwrap();
    assert!(matches!(
        b.execute(TraceId(99), &[]),
        Err(BackendError::UnknownTrace(_))
    ));
    assert!(matches!(
        b.execute(id, &[]),
        Err(BackendError::BadInputs(_))
    ));
    assert!(matches!(
        b.compile_bridge(GuardId { trace: id, op: 0 }, &t),
        Err(BackendError::NotAGuard(_))
    ));
    let jump = text::parse("token L9\n[i0]\njump(i0, descr=L9)").unwrap();
    // A jump to a label no compiled trace has (L9 here is a token without a label).
    assert!(b.compile_loop(&jump).is_err());
    assert!(matches!(
        b.free(TraceId(42)),
        Err(BackendError::UnknownTrace(_))
    ));
}

#[cfg(not(target_arch = "aarch64"))]
#[test]
fn execution_is_refused_on_other_hosts() {
    let t = text::parse("[i0]\ni1 = int_add(i0, 1)\nfinish(i1)").unwrap();
    let mut b = backend();
    let id = b.compile_loop(&t).unwrap();
    match b.execute(id, &[tern_jit_ir::Value::Int(1)]) {
        Err(BackendError::Unsupported(m)) => assert!(m.contains("AArch64 host"), "{m}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[cfg(target_arch = "aarch64")]
#[test]
fn execution_works_on_aarch64() {
    let t = text::parse("[i0]\ni1 = int_add(i0, 1)\nfinish(i1)").unwrap();
    let mut b = backend();
    let id = b.compile_loop(&t).unwrap();
    assert_eq!(
        b.execute(id, &[tern_jit_ir::Value::Int(41)]).unwrap(),
        tern_jit_ir::Exit::Finished(Some(tern_jit_ir::Value::Int(42)))
    );
}
