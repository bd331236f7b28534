//! Small helpers shared by the xtask commands: running commands with a visible echo,
//! finding the workspace, asking `cargo metadata` which crates are members, and the
//! `Failure` type every command returns.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// Why a command failed, and with which exit status `cargo xtask` should leave.
pub enum Failure {
    /// Bad usage: message, then the usage text; exit 2.
    Usage(String),
    /// A step failed or something needed is missing: message; exit 1.
    Step(String),
    /// A program run on the user's behalf exited with this status; pass it through.
    Child(u8),
}

impl Failure {
    pub fn usage(msg: impl Into<String>) -> Self {
        Failure::Usage(msg.into())
    }

    pub fn step(msg: impl Into<String>) -> Self {
        Failure::Step(msg.into())
    }

    pub fn report(self, usage: &str) -> ExitCode {
        match self {
            Failure::Usage(msg) => {
                eprintln!("xtask: {msg}\n");
                eprint!("{usage}");
                ExitCode::from(2)
            }
            Failure::Step(msg) => {
                eprintln!("xtask: {msg}");
                ExitCode::from(1)
            }
            Failure::Child(code) => ExitCode::from(code),
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, Failure>;

/// The workspace root (the parent of this crate's manifest directory).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// `cargo`, as the one that started us (falls back to the one on PATH).
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace_root());
    cmd
}

/// Runs `cmd` with inherited stdio, echoing it first; an unsuccessful exit is a `Failure`.
pub fn run_step(what: &str, cmd: &mut Command) -> Result {
    eprintln!("xtask: $ {}", describe(cmd));
    let status = cmd
        .status()
        .map_err(|e| Failure::step(format!("{what}: could not start `{}`: {e}", describe(cmd))))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure::step(format!("{what} failed ({status})")))
    }
}

/// Runs `cmd` quietly and returns its stdout when it succeeds.
pub fn output_of(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// True when `program` can be started (it is on PATH and answers `args`).
pub fn have(program: impl AsRef<OsStr>, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// A shell-like rendering of a command for the echo line.
pub fn describe(cmd: &Command) -> String {
    let mut s = String::new();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            s.push_str(&format!("{}={} ", k.to_string_lossy(), v.to_string_lossy()));
        }
    }
    s.push_str(&cmd.get_program().to_string_lossy());
    for a in cmd.get_args() {
        let a = a.to_string_lossy();
        if a.contains(' ') {
            s.push_str(&format!(" '{a}'"));
        } else {
            s.push(' ');
            s.push_str(&a);
        }
    }
    s
}

/// Facts about the workspace, read once from `cargo metadata`.
pub struct Workspace {
    metadata: String,
    pub target_dir: PathBuf,
}

impl Workspace {
    pub fn load() -> Result<Self> {
        let metadata = output_of(cargo().args(["metadata", "--no-deps", "--format-version", "1"]))
            .ok_or_else(|| Failure::step("`cargo metadata` failed; is Cargo.toml valid?"))?;
        let target_dir = json_string_field(&metadata, "target_directory")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target"));
        Ok(Workspace {
            metadata,
            target_dir,
        })
    }

    /// True when the package `name` (e.g. `tern-gc`) is a workspace member.
    pub fn has_package(&self, name: &str) -> bool {
        self.metadata.contains(&format!("\"name\":\"{name}\""))
    }

    /// Member packages whose name starts with `tern-`, in metadata order. (With
    /// `--no-deps`, every `tern-*` name in the metadata is a member or a path dependency on
    /// one; library targets use underscores, so they do not match.)
    pub fn tern_packages(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for piece in self.metadata.split("\"name\":\"tern-").skip(1) {
            if let Some(end) = piece.find('"') {
                let name = format!("tern-{}", &piece[..end]);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }
}

/// The value of the first `"key":"value"` in a JSON text (no escapes in the value).
fn json_string_field(json: &str, key: &str) -> Option<String> {
    let start = json.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let end = json[start..].find('"')? + start;
    Some(json[start..end].to_string())
}
/// True when we run on CI (`CI=true`), where installing missing system packages is allowed.
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// True when running as root (so `apt-get install` can work without sudo).
pub fn is_root() -> bool {
    output_of(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0")
}

/// Installs Debian packages when allowed (CI or root with `TERN_XTASK_INSTALL=1`);
/// otherwise returns an error naming the exact command the user should run.
pub fn apt_install(packages: &[&str], why: &str) -> Result {
    let allowed = is_root()
        && (on_ci() || std::env::var("TERN_XTASK_INSTALL").is_ok_and(|v| v == "1"))
        && have("apt-get", &["--version"]);
    let command = format!("apt-get install -y {}", packages.join(" "));
    if !allowed {
        return Err(Failure::step(format!(
            "{why} needs the Debian packages {}. Install them with:\n    sudo {command}\n\
             (or set TERN_XTASK_INSTALL=1 to let xtask do it when running as root)",
            packages.join(", ")
        )));
    }
    let mut update = Command::new("apt-get");
    update.args(["update", "-qq"]);
    // An update failure (e.g. one unreachable mirror) is not fatal: the install may still work.
    let _ = run_step("apt-get update", &mut update);
    let mut install = Command::new("apt-get");
    install
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive");
    run_step(
        &format!("installing {} for {why}", packages.join(", ")),
        &mut install,
    )
}
