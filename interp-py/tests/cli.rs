//! The `tern` command line: exit statuses and output of the front-end modes, compared with what
//! CPython prints where the modes correspond.

use std::process::{Command, Output};

fn tern(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tern"))
        .args(args)
        .output()
        .expect("run tern")
}

fn corpus(name: &str) -> String {
    format!("{}/tests/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn version_and_help() {
    let out = tern(&["-V"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Tern 0.1.0 (Python 3.11)\n"
    );
    let out = tern(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("-c cmd : program passed in as string"));
}

#[test]
fn bad_usage_exits_with_2() {
    for (args, msg) in [
        (&["-Z"][..], "Unknown option: -Z"),
        (&["-c"][..], "Argument expected for the -c option"),
        (&["--bogus"][..], "unknown option --bogus"),
    ] {
        let out = tern(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(msg), "{err}");
        assert!(err.contains("[option] ... [-c cmd | -m mod | file | -] [arg] ..."));
    }
    let out = tern(&["/nonexistent/x.py"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("can't open file '/nonexistent/x.py': [Errno 2] No such file or directory")
    );
}

#[test]
fn dis_prints_bytecode_and_syntax_errors() {
    let out = tern(&["--dis", &corpus("golden/dis/functions.py")]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Disassembly of <code object defaults"));
    assert!(text.contains("MAKE_FUNCTION"));

    let path = corpus("syntax_errors/forgot_comma.py");
    let out = tern(&["--dis", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "  File \"{path}\", line 1\n    x = [1 2 3]\n         ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"
        )
    );
}

#[test]
fn run_modes_report_syntax_errors_like_cpython() {
    let out = tern(&["-c", "x = (1,"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "  File \"<string>\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n"
    );
}

fn tern_stdin(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tern"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run tern");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait tern")
}

#[test]
fn run_modes_execute_programs() {
    let out = tern(&["-c", "import sys; print(1 + 2, sys.argv)", "a", "b"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "3 ['-c', 'a', 'b']\n");
    // A script with arguments.
    let dir = std::env::temp_dir().join(format!("tern-cli-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).expect("temp dir");
    let script = dir.join("s.py");
    std::fs::write(&script, "import sys\nprint(sys.argv[1:], __name__)\n").expect("write");
    let out = tern(&[script.to_str().expect("utf-8"), "x", "-y"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "['x', '-y'] __main__\n"
    );
    assert_eq!(out.status.code(), Some(0));
    // -m runs a module (and a package's __main__) found on sys.path[0] = cwd.
    std::fs::write(dir.join("mod.py"), "print('mod as', __name__)\n").expect("write");
    std::fs::write(dir.join("pkg").join("__init__.py"), "").expect("write");
    std::fs::write(
        dir.join("pkg").join("__main__.py"),
        "print('pkg main', __name__, __package__)\n",
    )
    .expect("write");
    let run_m = |m: &str| {
        Command::new(env!("CARGO_BIN_EXE_tern"))
            .args(["-m", m])
            .current_dir(&dir)
            .output()
            .expect("run tern")
    };
    let out = run_m("mod");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "mod as __main__\n");
    let out = run_m("pkg");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "pkg main __main__ pkg\n"
    );
    let out = run_m("no_such_module_xyz");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No module named no_such_module_xyz"));
    // stdin that is not a terminal is read as a program.
    let out = tern_stdin(&[], "print('from stdin')\n");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "from stdin\n");
    let out = tern_stdin(&["-"], "raise SystemExit(7)\n");
    assert_eq!(out.status.code(), Some(7));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn exit_statuses_and_uncaught_exceptions() {
    let out = tern(&["-c", "raise SystemExit(3)"]);
    assert_eq!(out.status.code(), Some(3));
    let out = tern(&["-c", "import sys; sys.exit('bye')"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "bye\n");
    let out = tern(&["-c", "1/0"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nZeroDivisionError: division by zero\n"
    );
    let out = tern(&["-c", "raise KeyboardInterrupt"]);
    // Like CPython: the process ends by SIGINT (a shell reports 130).
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&out.status),
        Some(libc::SIGINT)
    );
    assert!(String::from_utf8_lossy(&out.stderr).ends_with("KeyboardInterrupt\n"));
    let out = tern(&["-u", "-c", "print('unbuffered')"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "unbuffered\n");
}

#[test]
fn interactive_mode_echoes_expression_values() {
    // `-i` enters the prompt after the program even without a terminal.
    let out = tern_stdin(
        &["-q", "-i", "-c", "x = 20"],
        "x + 1\ndef f():\n    return 'ok'\n\nf()\nNone\n",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "21\n'ok'\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(">>> "), "{err}");
}

/// `tern -c CODE` with extra environment variables.
fn tern_env(code: &str, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tern"));
    cmd.args(["-c", code]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run tern")
}

#[test]
fn missing_stdlib_says_what_to_install() {
    let out = tern_env("import collections", &[("TERN_STDLIB", "/nonexistent/Lib")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ModuleNotFoundError: No module named 'collections' (tern needs the standard library of CPython 3.11 but TERN_STDLIB=/nonexistent/Lib is not the Lib/ directory of CPython 3.11; install it (on Debian/Ubuntu: apt-get install libpython3.11-stdlib)"),
        "{err}"
    );
    // Programs that import nothing from the library still run.
    let out = tern_env("print(6 * 7)", &[("TERN_STDLIB", "/nonexistent/Lib")]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "42\n");
}

#[test]
fn stdlib_follows_pythonpath_with_tern_lib_first() {
    let Some(lib) = std::env::var("TERN_STDLIB").ok().or_else(|| {
        let out = Command::new("python3")
            .args([
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
            ])
            .output()
            .ok()?;
        Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }) else {
        return; // no CPython here: covered by missing_stdlib_says_what_to_install
    };
    if !std::path::Path::new(&lib).join("tomllib").is_dir() {
        return; // not 3.11
    }
    let out = tern_env(
        "import sys, collections; print(sys.path); print(collections.__file__)",
        &[("PYTHONPATH", "/pp1:/pp2"), ("TERN_STDLIB", &lib)],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let tern_lib = format!("{}/lib", env!("CARGO_MANIFEST_DIR"));
    assert!(
        text.starts_with(&format!("['', '/pp1', '/pp2', '{tern_lib}', '{lib}']\n")),
        "{text}"
    );
    assert!(
        text.ends_with(&format!("{lib}/collections/__init__.py\n")),
        "{text}"
    );
}
