//! `cargo xtask`: the one entry point for people working on Tern.
//!
//! ```text
//! cargo xtask test               fmt --check, clippy -D warnings, every test, the extra runs
//! cargo xtask run FILE.py [ARGS] build `tern` in release mode and run a Python program
//! cargo xtask bench [WHAT]       criterion benches of one crate (or all), `py`, `startup`
//! ```
//!
//! Design: xtask is glue, not a build system. It only sequences `cargo` (and a few system
//! tools), checks that what a step needs is installed (installing it where that is safe,
//! i.e. on CI), and says exactly what is missing otherwise. It stays small so that it
//! builds in seconds on a fresh machine (libc is its one dependency, for `wait4`).

mod bench;
mod prereq;
mod pybench;
mod run;
mod test;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [args]

commands:
  test [--no-lint] [--only STEP]
                        cargo fmt --check, cargo clippy -D warnings, cargo test --workspace,
                        then the extra runs (GC stress, AArch64 under qemu, ...)
  run FILE.py [ARGS]    build the interpreter (release) and run FILE.py with ARGS
  bench [CRATE|py|startup] [-- ARGS]
                        criterion benches of one crate (dict, gc, ...) or of all crates;
                        `py`: the Python benchmark table; `startup`: start-up times
  help                  this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "test" => test::main(rest),
        "run" => run::main(rest),
        "bench" => bench::main(rest),
        "help" | "-h" | "--help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(util::Failure::usage(format!("unknown command `{other}`"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(USAGE),
    }
}
