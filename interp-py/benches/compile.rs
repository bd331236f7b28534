//! Front-end throughput: compiling source text to code objects, measured against CPython
//! 3.11's `compile()` on the same text (when `python3` is installed the reference is timed in a
//! child process, best of 10, and the ratio printed after the criterion results).
//!
//! The corpus is the golden-disassembly programs repeated 20 times (about 170 KiB of Python
//! touching every construct). Run: `cargo bench -p tern-interp-py --bench compile --
//! --warm-up-time 1 --measurement-time 2`.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group};
use tern_interp_py::compile::{CompileOptions, compile_text};

fn corpus() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/dis");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    let mut one = String::new();
    for f in files {
        let text = std::fs::read_to_string(f).expect("read");
        // `from __future__` must stay first in its module, so drop it when concatenating.
        one.push_str(&text.replace("from __future__ import annotations\n", ""));
        one.push('\n');
    }
    one.repeat(20)
}

fn tern_seconds(src: &str) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..10 {
        let t = Instant::now();
        compile_text(src.to_string(), "bench.py", CompileOptions::default()).expect("compiles");
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn cpython_seconds(src: &str) -> Option<f64> {
    let script = "import sys, time\nsrc = sys.stdin.read()\nbest = 1e9\nfor _ in range(10):\n    t = time.perf_counter()\n    compile(src, 'bench.py', 'exec')\n    best = min(best, time.perf_counter() - t)\nprint(best)\n";
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    use std::io::Write;
    child.stdin.take()?.write_all(src.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn bench(c: &mut Criterion) {
    let src = corpus();
    let mut group = c.benchmark_group("front_end");
    group.throughput(Throughput::Bytes(src.len() as u64));
    group.bench_function("compile_corpus", |b| {
        b.iter(|| {
            compile_text(src.clone(), "bench.py", CompileOptions::default()).expect("compiles")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    let src = corpus();
    let tern = tern_seconds(&src);
    match cpython_seconds(&src) {
        Some(py) => println!(
            "compile {} bytes: tern {:.2} ms, CPython 3.11 compile() {:.2} ms, ratio tern/CPython {:.2}",
            src.len(),
            tern * 1e3,
            py * 1e3,
            tern / py
        ),
        None => println!(
            "compile {} bytes: tern {:.2} ms (python3 not found)",
            src.len(),
            tern * 1e3
        ),
    }
}
