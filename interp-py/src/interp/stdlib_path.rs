//! Locating the standard library: tern runs CPython 3.11's pure-Python `Lib/` unchanged (like
//! PyPy) and puts it on `sys.path` after the script directory and `PYTHONPATH`, preceded by
//! tern's own overrides directory (`interp-py/lib/`, for the few modules CPython writes in C
//! with no Python fallback that are easier to express in Python on top of tern's natives).
//!
//! Search order ([`locate_stdlib`]):
//! 1. `TERN_STDLIB` (a `Lib/` directory); if set but unusable, that is the answer (an error
//!    naming the variable), no silent fallback to another library.
//! 2. `python3.11`, then `python3`, found on `PATH`: first the cheap way (the executable's
//!    real path `PREFIX/bin/python3.11` gives `PREFIX/lib/python3.11`), else by running it
//!    once (`-I -S -c` printing its version and `sysconfig`'s stdlib path). Running a
//!    launcher script (pyenv's shims) costs ~50 ms, so that answer is cached in
//!    `$XDG_CACHE_HOME/tern/stdlib-path` (or `~/.cache/...`), keyed by the executable's path
//!    and modification time, and re-validated on every use.
//! 3. The usual install locations (`/usr/lib/python3.11`, `/usr/local/lib/python3.11`,
//!    `/opt/homebrew/...`, `~/.pyenv/versions/3.11.*/lib/python3.11`).
//!
//! Invariant: a directory is accepted only if it looks like CPython **3.11**'s library:
//! `os.py` present, `tomllib/` present (new in 3.11) and `asynchat.py` present (removed in
//! 3.12). When nothing is found, startup still succeeds (programs that import nothing from
//! the stdlib run), and the `ModuleNotFoundError` of a failed import carries
//! [`Stdlib::missing_hint`], saying what to install.

use std::path::{Path, PathBuf};

/// Outcome of the search.
#[derive(Clone, Debug)]
pub enum Stdlib {
    /// CPython 3.11's `Lib/` directory.
    Found(String),
    /// Not found; the text says why (what was tried).
    Missing(String),
}

impl Stdlib {
    /// Text appended to "No module named ..." when the library is missing.
    pub fn missing_hint(&self) -> Option<String> {
        match self {
            Stdlib::Found(_) => None,
            Stdlib::Missing(why) => Some(format!(
                "tern needs the standard library of CPython 3.11 but {why}; install it (on \
                 Debian/Ubuntu: apt-get install libpython3.11-stdlib) or set TERN_STDLIB to \
                 its Lib/ directory"
            )),
        }
    }
}

/// Does `dir` look like CPython 3.11's `Lib/`?
pub fn is_stdlib_311(dir: &Path) -> bool {
    dir.join("os.py").is_file() && dir.join("tomllib").is_dir() && dir.join("asynchat.py").is_file()
}

/// The directory of tern's own Python-level modules (`interp-py/lib/`): `TERN_LIB` if set,
/// else `lib/tern` next to the executable's `bin/` (an install), else the source tree's.
pub fn tern_lib_dir() -> Option<String> {
    if let Ok(p) = std::env::var("TERN_LIB") {
        return Some(p);
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(prefix) = exe.parent().and_then(Path::parent)
    {
        let d = prefix.join("lib").join("tern");
        if d.is_dir() {
            return Some(d.to_string_lossy().into_owned());
        }
    }
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("lib");
    d.is_dir().then(|| d.to_string_lossy().into_owned())
}

/// Finds CPython 3.11's library (see the module header for the order).
pub fn locate_stdlib() -> Stdlib {
    if let Ok(p) = std::env::var("TERN_STDLIB") {
        return if is_stdlib_311(Path::new(&p)) {
            Stdlib::Found(p)
        } else {
            Stdlib::Missing(format!(
                "TERN_STDLIB={p} is not the Lib/ directory of CPython 3.11"
            ))
        };
    }
    let mut tried = Vec::new();
    for exe in ["python3.11", "python3"] {
        let Some(path) = find_on_path(exe) else {
            continue;
        };
        match from_interpreter(&path) {
            Ok(lib) => return Stdlib::Found(lib),
            Err(why) => tried.push(format!("{} {why}", path.display())),
        }
    }
    for dir in usual_locations() {
        if is_stdlib_311(&dir) {
            return Stdlib::Found(dir.to_string_lossy().into_owned());
        }
    }
    let why = if tried.is_empty() {
        "no python3.11 or python3 is on PATH and none of the usual locations \
         (/usr/lib/python3.11, /usr/local/lib/python3.11, ...) holds it"
            .to_string()
    } else {
        format!(
            "{} and none of the usual locations (/usr/lib/python3.11, ...) holds it",
            tried.join("; ")
        )
    };
    Stdlib::Missing(why)
}

/// The first executable file named `name` in `PATH`.
fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The stdlib of the interpreter at `exe`, or why it is not usable.
fn from_interpreter(exe: &Path) -> Result<String, String> {
    if let Ok(real) = exe.canonicalize()
        && let Some(prefix) = real.parent().and_then(Path::parent)
    {
        let lib = prefix.join("lib").join("python3.11");
        if is_stdlib_311(&lib) {
            return Ok(lib.to_string_lossy().into_owned());
        }
    }
    let stamp = exe
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let key = format!("{}\n{stamp}\n", exe.display());
    let cache = cache_file();
    if let Some(c) = &cache
        && let Ok(text) = std::fs::read_to_string(c)
        && let Some(lib) = text.strip_prefix(&key)
        && is_stdlib_311(Path::new(lib.trim_end()))
    {
        return Ok(lib.trim_end().to_string());
    }
    let out = std::process::Command::new(exe)
        .args([
            "-I",
            "-S",
            "-c",
            "import sys, sysconfig; print('%d.%d' % sys.version_info[:2]); \
             print(sysconfig.get_paths()['stdlib'])",
        ])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("could not be run ({e})"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let (Some(version), Some(lib)) = (lines.next(), lines.next()) else {
        return Err("did not report its library".into());
    };
    if version != "3.11" {
        return Err(format!("is Python {version}, not 3.11"));
    }
    if !is_stdlib_311(Path::new(lib)) {
        return Err(format!("reports {lib}, which is not a complete 3.11 Lib/"));
    }
    if let Some(c) = cache {
        // Best effort: a read-only home only costs the query next time.
        let _ = c.parent().map(std::fs::create_dir_all);
        let _ = std::fs::write(&c, format!("{key}{lib}\n"));
    }
    Ok(lib.to_string())
}

/// Where the answer of a launcher query is cached.
fn cache_file() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CACHE_HOME") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".cache"),
    };
    Some(base.join("tern").join("stdlib-path"))
}

/// Common install locations of CPython 3.11's library.
fn usual_locations() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = [
        "/usr/lib/python3.11",
        "/usr/local/lib/python3.11",
        "/opt/homebrew/lib/python3.11",
        "/opt/python/3.11/lib/python3.11",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(home) = std::env::var_os("HOME") {
        let versions = PathBuf::from(home).join(".pyenv").join("versions");
        if let Ok(rd) = std::fs::read_dir(&versions) {
            let mut found: Vec<PathBuf> = rd
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().starts_with("3.11"))
                .map(|e| e.path().join("lib").join("python3.11"))
                .collect();
            found.sort();
            v.extend(found.into_iter().rev());
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_library_directories() {
        assert!(!is_stdlib_311(Path::new("/")));
        assert!(!is_stdlib_311(Path::new("/nonexistent/lib/python3.11")));
    }

    #[test]
    fn missing_hint_says_what_to_install() {
        let h = Stdlib::Missing("x".into()).missing_hint().unwrap();
        assert!(h.contains("libpython3.11-stdlib") && h.contains("TERN_STDLIB"));
        assert!(Stdlib::Found("/l".into()).missing_hint().is_none());
    }
}
