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
fn run_modes_report_syntax_errors_then_the_missing_runtime() {
    let out = tern(&["-c", "x = (1,"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "  File \"<string>\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n"
    );
    let out = tern(&["-c", "print(1)"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "tern: the runtime is not implemented yet\n"
    );
    let out = tern(&[&corpus("golden/dis/classes.py"), "arg"]);
    assert_eq!(out.status.code(), Some(1));
    let out = tern(&["-m", "json.tool"]);
    assert_eq!(out.status.code(), Some(1));
}
