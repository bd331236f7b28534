//! The `tern` command: see [`tern_interp_py::cli`] for the interface.

fn main() {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = tern_interp_py::cli::run(
        std::env::args_os().collect(),
        &mut stdout.lock(),
        &mut stderr.lock(),
    );
    std::process::exit(code);
}
