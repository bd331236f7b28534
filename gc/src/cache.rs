//! Choosing the nursery size from the machine's caches.
//!
//! PyPy sizes its nursery from the cache (`rpython/memory/gc/env.py`): half of the cache
//! size when it is above 8 MiB, else 4 MiB. On x86 Linux the size PyPy reads is the
//! `cache size` line of `/proc/cpuinfo`, which is the last-level cache, so on a machine
//! with a 2 MiB L2 and a 105 MiB L3 PyPy picks a 52 MiB nursery.
//!
//! tern-gc applies the same rule to the last-level cache it finds in sysfs
//! (`/sys/devices/system/cpu/cpu0/cache/index*/`), rounds the result down to whole
//! 2 MiB huge pages, and caps it at [`MAX_AUTO_NURSERY`] so that a machine with a huge
//! L3 does not get a nursery of hundreds of megabytes. On GCBench (see the README), a
//! 52 MiB nursery copies 656 MB out of the nursery where 4 MiB copies 1443 MB, and runs
//! about a third faster. The companion change is the cap on the minimum heap of a major
//! collection (`Config::effective_min_major_heap`), without which 8 nurseries of 52 MiB
//! would let the old space grow to 416 MiB before the first major collection.
//!
//! Only [`crate::Config::from_env`] and [`crate::Config::for_this_machine`] use the
//! detected size; `Config::default()` keeps PyPy's 4 MiB fallback so that tests and
//! measurements that build their own configuration behave the same on every machine.
//!
//! Invariant: [`nursery_size_for_cache`] always returns a size accepted by
//! [`crate::Config::validate`] with the default large-object threshold.

use std::path::Path;

/// Nursery size when the cache size is unknown or small (PyPy's fallback).
pub const FALLBACK_NURSERY: usize = 4 << 20;
/// Caches above this size get a nursery of half their size (PyPy's threshold).
pub const CACHE_THRESHOLD: usize = 8 << 20;
/// Largest nursery the automatic choice makes.
pub const MAX_AUTO_NURSERY: usize = 64 << 20;
/// The automatic size is a whole number of these (transparent huge pages).
const GRANULE: usize = 2 << 20;

/// The nursery size for a last-level cache of `cache` bytes (`None`: unknown).
pub fn nursery_size_for_cache(cache: Option<usize>) -> usize {
    match cache {
        Some(size) if size > CACHE_THRESHOLD => (size / 2).min(MAX_AUTO_NURSERY) & !(GRANULE - 1),
        _ => FALLBACK_NURSERY,
    }
}

/// Size in bytes of the largest data or unified cache of CPU 0, read from sysfs
/// (`None` when sysfs is not available, e.g. not on Linux).
pub fn last_level_cache_size() -> Option<usize> {
    last_level_cache_in(Path::new("/sys/devices/system/cpu/cpu0/cache"))
}

/// [`last_level_cache_size`] for a sysfs-like directory (tests use a fake one).
pub(crate) fn last_level_cache_in(dir: &Path) -> Option<usize> {
    let mut best: Option<usize> = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let is_index = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("index"));
        if !is_index {
            continue;
        }
        let kind = std::fs::read_to_string(path.join("type")).unwrap_or_default();
        if kind.trim() == "Instruction" {
            continue;
        }
        let Some(size) = std::fs::read_to_string(path.join("size"))
            .ok()
            .and_then(|s| parse_cache_size(&s))
        else {
            continue;
        };
        best = Some(best.map_or(size, |b| b.max(size)));
    }
    best
}

/// Parses sysfs cache sizes: `48K`, `2048K`, `105M`, or plain bytes.
fn parse_cache_size(text: &str) -> Option<usize> {
    let t = text.trim();
    let (digits, factor) = match t.as_bytes().last()? {
        b'K' | b'k' => (&t[..t.len() - 1], 1usize << 10),
        b'M' | b'm' => (&t[..t.len() - 1], 1 << 20),
        b'G' | b'g' => (&t[..t.len() - 1], 1 << 30),
        _ => (t, 1),
    };
    digits.parse::<usize>().ok()?.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_follows_pypy_with_a_cap() {
        assert_eq!(nursery_size_for_cache(None), FALLBACK_NURSERY);
        // A 2 MiB L2 alone (no L3 visible): PyPy's 4 MiB fallback.
        assert_eq!(nursery_size_for_cache(Some(2 << 20)), FALLBACK_NURSERY);
        assert_eq!(nursery_size_for_cache(Some(8 << 20)), FALLBACK_NURSERY);
        assert_eq!(nursery_size_for_cache(Some(24 << 20)), 12 << 20);
        // A 105 MiB L3: PyPy takes 52.5 MiB, rounded down to huge pages here.
        assert_eq!(nursery_size_for_cache(Some(107_520 << 10)), 52 << 20);
        assert_eq!(nursery_size_for_cache(Some(1 << 30)), MAX_AUTO_NURSERY);
        assert_eq!(nursery_size_for_cache(Some((21 << 20) + 3)), 10 << 20);
    }

    #[test]
    fn sysfs_sizes_parse() {
        assert_eq!(parse_cache_size("48K\n"), Some(48 << 10));
        assert_eq!(parse_cache_size("107520K"), Some(107_520 << 10));
        assert_eq!(parse_cache_size("2M"), Some(2 << 20));
        assert_eq!(parse_cache_size("4096"), Some(4096));
        assert_eq!(parse_cache_size(""), None);
        assert_eq!(parse_cache_size("lots"), None);
    }

    #[test]
    fn the_largest_data_cache_wins() {
        let dir = std::env::temp_dir().join(format!("tern-gc-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let caches = [
            ("index0", "Data", "48K"),
            ("index1", "Instruction", "512M"),
            ("index2", "Unified", "2048K"),
            ("index3", "Unified", "107520K"),
        ];
        for (name, kind, size) in caches {
            let d = dir.join(name);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("type"), format!("{kind}\n")).unwrap();
            std::fs::write(d.join("size"), format!("{size}\n")).unwrap();
        }
        std::fs::create_dir_all(dir.join("uevent_dir")).unwrap();
        assert_eq!(last_level_cache_in(&dir), Some(107_520 << 10));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(last_level_cache_in(&dir), None);
    }
}
