//! The command line of `tern`, modelled on CPython's (`python3 --help`).
//!
//! Supported: `tern [option] ... [-c cmd | -m mod | file | -] [arg] ...` with `-c`, `-m`, `-u`,
//! `-V`/`--version`, `-h`/`-?`/`--help`, `--dis FILE`, the no-argument CPython flags
//! (`-b -B -d -E -i -I -O -P -q -s -S -v -x`, recorded for the runtime) and the ones taking an
//! argument (`-W arg`, `-X opt`). Options may be clustered (`-uc CODE`, `-cCODE`). Bad usage
//! prints CPython's messages and exits with status 2.
//!
//! Running a program compiles it first (so `SyntaxError`s are reported exactly like CPython,
//! exit status 1) and then runs it in a fresh VM on a big-stack thread (`runtime::Vm`,
//! `interp::toplevel`): exit status 0, 1 after an uncaught exception, the `SystemExit` code,
//! death by SIGINT (shell status 130) after `KeyboardInterrupt`. With no program and a
//! terminal on stdin, the interactive prompt runs.

use std::ffi::OsString;
use std::io::Write;

use crate::compile::{CompileOptions, Mode, compile_source, compile_text};
use crate::dis::disassemble;

/// Tern's version line (`-V`).
pub const VERSION: &str = concat!("Tern ", env!("CARGO_PKG_VERSION"), " (Python 3.11)");

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `tern FILE [ARGS]`.
    File(String),
    /// `tern -c CODE [ARGS]`.
    Code(String),
    /// `tern -m MODULE [ARGS]`.
    Module(String),
    /// `tern` / `tern -` (stdin: interactive if a terminal).
    Stdin,
    /// `tern --dis FILE`.
    Dis(String),
    /// `tern -V`.
    Version,
    /// `tern -h`.
    Help,
}

/// Parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// What to run.
    pub command: Command,
    /// `sys.argv` for the program (`argv[0]` is the script, `-c` or the module path).
    pub argv: Vec<String>,
    /// `-u`.
    pub unbuffered: bool,
    /// `-i`.
    pub inspect: bool,
    /// Number of `-O`.
    pub optimize: u32,
    /// `-q`.
    pub quiet: bool,
    /// Number of `-v`.
    pub verbose: u32,
    /// `-I`.
    pub isolated: bool,
    /// `-E`.
    pub ignore_environment: bool,
    /// `-s`.
    pub no_user_site: bool,
    /// `-S`.
    pub no_site: bool,
    /// `-B`.
    pub dont_write_bytecode: bool,
    /// `-P`.
    pub safe_path: bool,
    /// `-W` arguments.
    pub warn_options: Vec<String>,
    /// `-X` arguments.
    pub x_options: Vec<String>,
}

impl Options {
    fn new(command: Command) -> Options {
        Options {
            command,
            argv: Vec::new(),
            unbuffered: false,
            inspect: false,
            optimize: 0,
            quiet: false,
            verbose: 0,
            isolated: false,
            ignore_environment: false,
            no_user_site: false,
            no_site: false,
            dont_write_bytecode: false,
            safe_path: false,
            warn_options: Vec::new(),
            x_options: Vec::new(),
        }
    }
}

/// A usage error: the message printed before the usage line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

/// The usage line for program name `prog`.
pub fn usage_line(prog: &str) -> String {
    format!("usage: {prog} [option] ... [-c cmd | -m mod | file | -] [arg] ...")
}

/// The `-h` text.
pub fn help_text(prog: &str) -> String {
    format!(
        "{}\n\
Options (and corresponding environment variables):\n\
-b     : issue warnings about str(bytes_instance), str(bytearray_instance)\n\
         and comparing bytes/bytearray with str. (-bb: issue errors)\n\
-B     : don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x\n\
-c cmd : program passed in as string (terminates option list)\n\
-d     : turn on parser debugging output (for experts only)\n\
-E     : ignore PYTHON* environment variables (such as PYTHONPATH)\n\
-h     : print this help message and exit (also -? or --help)\n\
-i     : inspect interactively after running script\n\
-I     : isolate Python from the user's environment (implies -E and -s)\n\
-m mod : run library module as a script (terminates option list)\n\
-O     : remove assert and __debug__-dependent statements\n\
-P     : don't prepend a potentially unsafe path to sys.path\n\
-q     : don't print version and copyright messages on interactive startup\n\
-s     : don't add user site directory to sys.path\n\
-S     : don't imply 'import site' on initialization\n\
-u     : force the stdout and stderr streams to be unbuffered\n\
-v     : verbose (trace import statements)\n\
-V     : print the version number and exit (also --version)\n\
-W arg : warning control; arg is action:message:category:module:lineno\n\
-x     : skip first line of source, allowing use of non-Unix forms of #!cmd\n\
-X opt : set implementation-specific option\n\
--dis file : print the compiled bytecode of file and exit (Tern)\n\
file   : program read from script file\n\
-      : program read from stdin (default; interactive mode if a tty)\n\
arg ...: arguments passed to program in sys.argv[1:]\n",
        usage_line(prog)
    )
}

/// Parses the arguments after the program name.
pub fn parse_args(args: &[String]) -> Result<Options, UsageError> {
    let mut opts = Options::new(Command::Stdin);
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        if arg == "-" {
            opts.command = Command::Stdin;
            opts.argv = args[i..].to_vec();
            return Ok(opts);
        }
        if let Some(long) = arg.strip_prefix("--") {
            match long {
                "" => {
                    // `--` ends options; the next argument is the script.
                    i += 1;
                    break;
                }
                "help" => {
                    opts.command = Command::Help;
                    return Ok(opts);
                }
                "version" => {
                    opts.command = Command::Version;
                    return Ok(opts);
                }
                "dis" => {
                    let Some(file) = args.get(i + 1) else {
                        return Err(UsageError("Argument expected for the --dis option".into()));
                    };
                    opts.command = Command::Dis(file.clone());
                    opts.argv = args[i + 1..].to_vec();
                    return Ok(opts);
                }
                _ => return Err(UsageError(format!("unknown option {arg}"))),
            }
        }
        let Some(cluster) = arg.strip_prefix('-') else {
            break;
        };
        let chars: Vec<char> = cluster.chars().collect();
        let mut j = 0;
        while j < chars.len() {
            let c = chars[j];
            let rest: String = chars[j + 1..].iter().collect();
            match c {
                'c' | 'm' | 'W' | 'X' => {
                    let value = if !rest.is_empty() {
                        rest
                    } else if let Some(next) = args.get(i + 1) {
                        i += 1;
                        next.clone()
                    } else {
                        return Err(UsageError(format!("Argument expected for the -{c} option")));
                    };
                    match c {
                        'c' => {
                            opts.command = Command::Code(value);
                            opts.argv = std::iter::once("-c".to_string())
                                .chain(args[i + 1..].iter().cloned())
                                .collect();
                            return Ok(opts);
                        }
                        'm' => {
                            opts.command = Command::Module(value.clone());
                            opts.argv = std::iter::once(value)
                                .chain(args[i + 1..].iter().cloned())
                                .collect();
                            return Ok(opts);
                        }
                        'W' => opts.warn_options.push(value),
                        _ => opts.x_options.push(value),
                    }
                    break;
                }
                'h' | '?' => {
                    opts.command = Command::Help;
                    return Ok(opts);
                }
                'V' => {
                    opts.command = Command::Version;
                    return Ok(opts);
                }
                'u' => opts.unbuffered = true,
                'i' => opts.inspect = true,
                'O' => opts.optimize += 1,
                'q' => opts.quiet = true,
                'v' => opts.verbose += 1,
                'I' => {
                    opts.isolated = true;
                    opts.ignore_environment = true;
                    opts.no_user_site = true;
                }
                'E' => opts.ignore_environment = true,
                's' => opts.no_user_site = true,
                'S' => opts.no_site = true,
                'B' => opts.dont_write_bytecode = true,
                'P' => opts.safe_path = true,
                'b' | 'd' | 'x' | 'R' => {}
                _ => return Err(UsageError(format!("Unknown option: -{c}"))),
            }
            j += 1;
        }
        i += 1;
    }
    if i < args.len() {
        opts.command = Command::File(args[i].clone());
        opts.argv = args[i..].to_vec();
    } else {
        opts.argv = vec![String::new()];
    }
    Ok(opts)
}

/// Runs the command line; returns the process exit status. `out`/`err` are stdout/stderr.
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let args: Vec<String> = args
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let prog = args.first().cloned().unwrap_or_else(|| "tern".into());
    let opts = match parse_args(&args[1.min(args.len())..]) {
        Ok(o) => o,
        Err(UsageError(msg)) => {
            let _ = writeln!(
                err,
                "{msg}\n{}\nTry `tern -h' for more information.",
                usage_line(&prog)
            );
            return 2;
        }
    };
    match opts.command.clone() {
        Command::Help => {
            let _ = write!(out, "{}", help_text(&prog));
            0
        }
        Command::Version => {
            let _ = writeln!(out, "{VERSION}");
            0
        }
        Command::Dis(path) => match std::fs::read(&path) {
            Err(e) => {
                let _ = writeln!(
                    err,
                    "{prog}: can't open file {}: {}",
                    py_repr(&path),
                    os_error(&e)
                );
                2
            }
            Ok(bytes) => match compile_source(&bytes, &path, CompileOptions::default()) {
                Ok(compiled) => {
                    print_syntax_warnings(&compiled.warnings, &bytes, err);
                    let _ = write!(out, "{}", disassemble(&compiled.code));
                    0
                }
                Err(e) => {
                    let _ = write!(err, "{}", e.format_cpython());
                    1
                }
            },
        },
        Command::File(path) => match std::fs::read(&path) {
            Err(e) => {
                let _ = writeln!(
                    err,
                    "{prog}: can't open file {}: {}",
                    py_repr(&absolute(&path)),
                    os_error(&e)
                );
                2
            }
            Ok(bytes) => {
                match compile_source(&bytes, &absolute(&path), CompileOptions::default()) {
                    Ok(compiled) => {
                        print_syntax_warnings(&compiled.warnings, &bytes, err);
                        let path = absolute(&path);
                        let dir = std::path::Path::new(&path)
                            .parent()
                            .map(|d| {
                                if d.as_os_str().is_empty() {
                                    std::path::Path::new(".")
                                } else {
                                    d
                                }
                            })
                            .and_then(|d| std::fs::canonicalize(d).ok())
                            .map(|d| d.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        run_vm(&opts, Some(dir), Program::Code(compiled.code, Some(path)))
                    }
                    Err(e) => {
                        let _ = write!(err, "{}", e.format_cpython());
                        1
                    }
                }
            }
        },
        Command::Code(code) => {
            let options = CompileOptions {
                mode: Mode::Exec,
                flags: 0,
            };
            match compile_text(code, "<string>", options) {
                Ok(compiled) => run_vm(
                    &opts,
                    Some(String::new()),
                    Program::Code(compiled.code, None),
                ),
                Err(e) => {
                    let _ = write!(err, "{}", e.format_cpython());
                    1
                }
            }
        }
        Command::Module(name) => {
            let cwd = std::env::current_dir()
                .map(|d| d.to_string_lossy().into_owned())
                .unwrap_or_default();
            run_vm(&opts, Some(cwd), Program::Module(name, prog))
        }
        Command::Stdin => {
            if crate::objects::file::is_tty(0) {
                run_vm(&opts, Some(String::new()), Program::Repl)
            } else {
                let mut bytes = Vec::new();
                let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes);
                match compile_source(&bytes, "<stdin>", CompileOptions::default()) {
                    Ok(compiled) => run_vm(
                        &opts,
                        Some(String::new()),
                        Program::Code(compiled.code, None),
                    ),
                    Err(e) => {
                        let _ = write!(err, "{}", e.format_cpython());
                        1
                    }
                }
            }
        }
    }
}

/// What the VM runs.
enum Program {
    /// Compiled main code, with the script path (for `__file__`).
    Code(std::sync::Arc<crate::bytecode::CodeObject>, Option<String>),
    /// `-m NAME` (with the program name for error messages).
    Module(String, String),
    /// The interactive prompt.
    Repl,
}

/// Stack size of the thread running the VM (the interpreter also grows its stack on
/// demand with `stacker`; this covers deep native recursion such as nested reprs).
const VM_STACK: usize = 256 << 20;

/// Runs a program in a fresh VM on a big-stack thread; returns the exit status.
fn run_vm(opts: &Options, path0: Option<String>, program: Program) -> i32 {
    use crate::interp::stdlib_path::{Stdlib, locate_stdlib, tern_lib_dir};
    let stdlib = locate_stdlib();
    let mut extra_paths: Vec<String> = tern_lib_dir().into_iter().collect();
    if let Stdlib::Found(lib) = &stdlib {
        extra_paths.push(lib.clone());
    }
    let config = crate::runtime::VmConfig {
        argv: opts.argv.clone(),
        path0,
        unbuffered: opts.unbuffered,
        ignore_environment: opts.ignore_environment || opts.isolated,
        quiet: opts.quiet,
        optimize: opts.optimize,
        verbose: opts.verbose,
        extra_paths,
        stdlib_missing_hint: stdlib.missing_hint(),
        // `-B` only (not PYTHONDONTWRITEBYTECODE): that variable keeps `.pyc` files out of
        // source trees, and tern's cache never writes there.
        code_cache: crate::interp::code_cache::CacheConfig::from_env(opts.dont_write_bytecode),
    };
    let inspect = opts.inspect;
    tune_malloc();
    let handle = std::thread::Builder::new()
        .name("tern-main".into())
        .stack_size(VM_STACK)
        .spawn(move || run_in_vm(config, program, inspect));
    // Signals sent to the process go to a thread that does not block them. Blocking them
    // here, in the thread that only waits, routes every one to the VM thread; then
    // `os.kill(os.getpid(), sig)` gets its handler flagged before `kill` returns (POSIX),
    // as in single-threaded CPython, instead of racing with a delivery to this thread.
    let saved_mask = block_async_signals();
    let joined = handle.map(|h| h.join());
    restore_signal_mask(saved_mask);
    match joined {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => {
            eprintln!("tern: internal error (panic)");
            70
        }
        Err(e) => {
            eprintln!("tern: cannot start the interpreter thread: {e}");
            1
        }
    }
}

/// Blocks the asynchronous signals in the calling thread; returns the previous mask.
fn block_async_signals() -> libc::sigset_t {
    // SAFETY: the sigset_t values are initialised by sigemptyset/sigfillset before use and
    // only passed to the signal-mask calls; fault signals stay unblocked.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut set);
        for sig in [
            libc::SIGSEGV,
            libc::SIGBUS,
            libc::SIGFPE,
            libc::SIGILL,
            libc::SIGTRAP,
        ] {
            libc::sigdelset(&mut set, sig);
        }
        libc::sigemptyset(&mut old);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut old);
        old
    }
}

/// Restores a mask saved by [`block_async_signals`] (signals that arrived meanwhile are then
/// delivered here, after the VM has finished; `main` re-raises SIGINT itself).
fn restore_signal_mask(old: libc::sigset_t) {
    // SAFETY: `old` is a mask returned by pthread_sigmask.
    unsafe {
        libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut());
    }
}

/// Tunes glibc's allocator for the VM's allocation pattern: big-integer and container
/// buffers are malloc'ed and freed at a high rate, and glibc's default dynamic trimming
/// returns the top of the heap to the kernel after every large free, so the next allocation
/// page-faults it back in. Keeping up to 64 MiB of slack avoids that churn.
fn tune_malloc() {
    // SAFETY: `mallopt` only adjusts allocator parameters; it is called before the VM
    // thread allocates heavily (and glibc's allocator is thread-safe regardless).
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 64 << 20);
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

fn run_in_vm(config: crate::runtime::VmConfig, program: Program, inspect: bool) -> i32 {
    crate::interp::signals::install_sigint_handler();
    let mut vm = match crate::runtime::Vm::new(config) {
        Ok(vm) => vm,
        Err(e) => {
            eprintln!("tern: fatal error: {e}");
            return 1;
        }
    };
    let status = match program {
        Program::Code(code, path) => match vm.run_main_code(&code, path.as_deref()) {
            Ok(()) => 0,
            Err(e) => vm.handle_uncaught(e),
        },
        Program::Module(name, prog) => match vm.run_module_as_main(&name) {
            Ok(Ok(())) => 0,
            Ok(Err(msg)) => {
                vm.flush_std_streams();
                vm.write_stderr_text(&format!("{prog}: {msg}\n"));
                1
            }
            Err(e) => vm.handle_uncaught(e),
        },
        Program::Repl => vm.repl(),
    };
    let status = if inspect && !matches!(status, 0 | 1) {
        status
    } else if inspect {
        vm.repl()
    } else {
        status
    };
    crate::modules::os::atexit::run_exitfuncs(&mut vm);
    vm.flush_std_streams();
    status
}

/// The absolute form of a path (CPython reports missing scripts with it).
fn absolute(path: &str) -> String {
    std::path::absolute(path)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.to_string())
}

/// Prints `SyntaxWarning`s the way Python's default warning filters show them for a compile
/// (`DeprecationWarning`s are hidden outside `__main__`): `file:line: SyntaxWarning: msg` and
/// the stripped source line.
fn print_syntax_warnings(
    warnings: &[crate::compile::CompileWarning],
    source: &[u8],
    err: &mut dyn Write,
) {
    let text = String::from_utf8_lossy(source);
    for w in warnings {
        if w.category != crate::compile::WarningCategory::SyntaxWarning {
            continue;
        }
        let _ = writeln!(
            err,
            "{}:{}: SyntaxWarning: {}",
            w.filename, w.lineno, w.message
        );
        if let Some(line) = text.lines().nth(w.lineno.saturating_sub(1) as usize) {
            let _ = writeln!(err, "  {}", line.trim());
        }
    }
}

/// Python's `repr()` of a path string.
fn py_repr(s: &str) -> String {
    crate::bytecode::PyStr::new(s).repr()
}

/// `[Errno N] Message` like Python's `OSError.__str__`.
fn os_error(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(code) => {
            let msg = e.to_string();
            let msg = msg.split(" (os error").next().unwrap_or(&msg).to_string();
            format!("[Errno {code}] {msg}")
        }
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, UsageError> {
        parse_args(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_cpython_style_command_lines() {
        let o = parse(&["-u", "script.py", "a", "-b"]).unwrap();
        assert_eq!(o.command, Command::File("script.py".into()));
        assert_eq!(o.argv, vec!["script.py", "a", "-b"]);
        assert!(o.unbuffered);
        let o = parse(&["-uc", "print(1)", "x"]).unwrap();
        assert_eq!(o.command, Command::Code("print(1)".into()));
        assert_eq!(o.argv, vec!["-c", "x"]);
        let o = parse(&["-cpass"]).unwrap();
        assert_eq!(o.command, Command::Code("pass".into()));
        let o = parse(&["-m", "json.tool", "f"]).unwrap();
        assert_eq!(o.command, Command::Module("json.tool".into()));
        assert_eq!(o.argv, vec!["json.tool", "f"]);
        assert_eq!(parse(&["-V"]).unwrap().command, Command::Version);
        assert_eq!(parse(&["--help"]).unwrap().command, Command::Help);
        assert_eq!(
            parse(&["--dis", "f.py"]).unwrap().command,
            Command::Dis("f.py".into())
        );
        assert_eq!(parse(&[]).unwrap().command, Command::Stdin);
        assert_eq!(
            parse(&["-W", "ignore", "f.py"]).unwrap().warn_options,
            vec!["ignore"]
        );
    }

    #[test]
    fn rejects_bad_usage_like_cpython() {
        assert_eq!(parse(&["-Z"]).unwrap_err().0, "Unknown option: -Z");
        assert_eq!(
            parse(&["-c"]).unwrap_err().0,
            "Argument expected for the -c option"
        );
        assert_eq!(parse(&["--foo"]).unwrap_err().0, "unknown option --foo");
    }
}
