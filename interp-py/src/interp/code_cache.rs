//! Tern's bytecode cache: compiled code objects of imported modules, kept on disk so a second
//! import of the same unchanged source skips the compiler.
//!
//! CPython's `.pyc` files cannot be used (different bytecode), and writing next to the sources
//! would need write access to the standard library, so the cache lives in one private
//! directory: `$TERN_BYTECODE_CACHE`, else `$XDG_CACHE_HOME/tern/bytecode`, else
//! `$HOME/.cache/tern/bytecode` (`TERN_BYTECODE_CACHE=0` turns it off; `-B` keeps reading it
//! but writes nothing, like CPython's `-B` for `.pyc` files).
//!
//! One file per source path: `<stem>.<hash of the path>.tbc`, holding
//!
//! ```text
//! magic "TERNBC" + format version (2 bytes)
//! u64 tern executable size, u64 executable mtime (ns)    -- any rebuild of tern invalidates
//! u64 source size, u64 source mtime (ns)                 -- like CPython's default pyc check
//! u64 hash of the source path (collisions of file names are detected)
//! u64 payload length, u64 checksum of the payload
//! payload: bytecode::serial encoding of the module's code object
//! ```
//!
//! Invariants: a cache entry is used only if every header field matches and the payload
//! decodes and verifies (`bytecode::serial::decode` checks it fully); anything else is a miss
//! and the source is compiled. Writes go to a temporary file renamed into place, so concurrent
//! tern processes never read a half-written entry. Cache failures are never errors: the
//! worst case is compiling from source.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::UNIX_EPOCH;

use crate::bytecode::CodeObject;
use crate::bytecode::serial;

const MAGIC: &[u8; 8] = b"TERNBC\x00\x02";
const HEADER_LEN: usize = 8 + 8 * 7;

/// Where (and whether) compiled modules are cached.
#[derive(Clone, Debug, Default)]
pub struct CacheConfig {
    /// The cache directory; `None` disables the cache.
    pub dir: Option<PathBuf>,
    /// Read entries but never write them (`-B`).
    pub read_only: bool,
}

impl CacheConfig {
    /// The configuration from the environment (see the module header) and `-B`.
    pub fn from_env(dont_write: bool) -> CacheConfig {
        let dir = match std::env::var_os("TERN_BYTECODE_CACHE") {
            Some(v) if v == "0" || v == "off" || v.is_empty() => None,
            Some(v) => Some(PathBuf::from(v)),
            None => std::env::var_os("XDG_CACHE_HOME")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
                .map(|c| c.join("tern").join("bytecode")),
        };
        CacheConfig {
            dir,
            read_only: dont_write,
        }
    }
}

/// A 64-bit hash for the checksum and the path hash: FNV-1a's multiply-xor step applied to
/// 8-byte words (with a rotation so high bits feed back), ~8x faster than byte-wise FNV-1a on
/// cache files of a few hundred KiB. Not a defence against deliberate tampering, which needs
/// write access to the cache directory anyway.
fn hash64(bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        h = (h ^ w).wrapping_mul(PRIME).rotate_left(29);
    }
    for &b in chunks.remainder() {
        h = (h ^ b as u64).wrapping_mul(PRIME);
    }
    h
}

fn mtime_ns(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Size and mtime of the running executable (computed once).
fn exe_fingerprint() -> (u64, u64) {
    static FP: OnceLock<(u64, u64)> = OnceLock::new();
    *FP.get_or_init(|| {
        std::env::current_exe()
            .and_then(std::fs::metadata)
            .map_or((0, 0), |m| (m.len(), mtime_ns(&m)))
    })
}

/// The validity header of an entry for `source` (everything but the payload fields).
fn header_key(source: &str, meta: &std::fs::Metadata) -> [u64; 5] {
    let (exe_size, exe_mtime) = exe_fingerprint();
    [
        exe_size,
        exe_mtime,
        meta.len(),
        mtime_ns(meta),
        hash64(source.as_bytes()),
    ]
}

fn entry_path(dir: &Path, source: &str) -> PathBuf {
    let abs = if Path::new(source).is_absolute() {
        source.to_string()
    } else {
        let cwd = std::env::current_dir().unwrap_or_default();
        format!("{}/{source}", cwd.display())
    };
    let file = source.rsplit('/').next().unwrap_or(source);
    let stem = file.strip_suffix(".py").unwrap_or(file);
    dir.join(format!("{stem}.{:016x}.tbc", hash64(abs.as_bytes())))
}

/// The cached code object for the module source at `source` (whose metadata is `meta`), if
/// a valid entry exists.
pub fn load(cfg: &CacheConfig, source: &str, meta: &std::fs::Metadata) -> Option<Arc<CodeObject>> {
    let dir = cfg.dir.as_ref()?;
    let data = std::fs::read(entry_path(dir, source)).ok()?;
    let (header, payload) = data.split_at_checked(HEADER_LEN)?;
    if &header[..8] != MAGIC {
        return None;
    }
    let word = |i: usize| u64::from_le_bytes(header[8 + 8 * i..16 + 8 * i].try_into().unwrap());
    let key = header_key(source, meta);
    if (0..5).any(|i| word(i) != key[i]) {
        return None;
    }
    if word(5) != payload.len() as u64 || word(6) != hash64(payload) {
        return None;
    }
    let code = serial::decode(payload).ok()?;
    // The entry belongs to this path (checked by the header hash); the stored filename is the
    // one the source was compiled under, which is the same string.
    (code.filename.as_ref() == source).then(|| Arc::new(code))
}

/// Stores `code` as the entry for `source`; errors are ignored (the cache is an optimisation).
pub fn store(cfg: &CacheConfig, source: &str, meta: &std::fs::Metadata, code: &CodeObject) {
    let Some(dir) = cfg.dir.as_ref() else {
        return;
    };
    if cfg.read_only {
        return;
    }
    let mut payload = Vec::with_capacity(4096);
    serial::encode(code, &mut payload);
    let mut data = Vec::with_capacity(HEADER_LEN + payload.len());
    data.extend_from_slice(MAGIC);
    for w in header_key(source, meta) {
        data.extend_from_slice(&w.to_le_bytes());
    }
    data.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    data.extend_from_slice(&hash64(&payload).to_le_bytes());
    data.extend_from_slice(&payload);
    let _ = write_atomically(dir, &entry_path(dir, source), &data);
}

fn write_atomically(dir: &Path, path: &Path, data: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let r = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(data)?;
        std::fs::rename(&tmp, path)
    })();
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::{CompileOptions, compile_source};

    fn temp_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("tern-cc-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn stores_loads_and_invalidates_on_source_change() {
        let d = temp_dir("basic");
        let src = d.join("m.py");
        std::fs::write(&src, "x = 1\n").unwrap();
        let source = src.to_str().unwrap().to_string();
        let cfg = CacheConfig {
            dir: Some(d.join("cache")),
            read_only: false,
        };
        let meta = std::fs::metadata(&src).unwrap();
        assert!(load(&cfg, &source, &meta).is_none());
        let code = compile_source(b"x = 1\n", &source, CompileOptions::default())
            .unwrap()
            .code;
        store(&cfg, &source, &meta, &code);
        let back = load(&cfg, &source, &meta).expect("entry written");
        assert_eq!(
            crate::dis::disassemble(&code),
            crate::dis::disassemble(&back)
        );
        // A changed source (size differs) misses.
        std::fs::write(&src, "x = 12\n").unwrap();
        let meta2 = std::fs::metadata(&src).unwrap();
        assert!(load(&cfg, &source, &meta2).is_none());
        // A damaged entry misses instead of failing.
        let entry = entry_path(cfg.dir.as_ref().unwrap(), &source);
        let mut bytes = std::fs::read(&entry).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&entry, &bytes).unwrap();
        assert!(load(&cfg, &source, &meta).is_none());
        // Read-only mode writes nothing.
        std::fs::remove_file(&entry).unwrap();
        let ro = CacheConfig {
            read_only: true,
            ..cfg.clone()
        };
        store(&ro, &source, &meta, &code);
        assert!(!entry.exists());
        let _ = std::fs::remove_dir_all(&d);
    }
}
