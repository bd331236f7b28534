//! Heap configuration, from code and from the environment.
//!
//! Defaults follow PyPy's incminimark: 4 MiB nursery, objects of 132 KiB and more go
//! straight to old space, a major collection starts when the old space reaches 1.82x what
//! was live after the previous one (growing by at most 1.4x per cycle, never below 8
//! nurseries — at most 128 MiB), one card per 128 array items, and a bounded number of
//! pinned objects (`nursery_size / (2 * large_object)`).
//!
//! [`Config::default`] is the same on every machine (4 MiB nursery, PyPy's fallback).
//! [`Config::for_this_machine`] and [`Config::from_env`] size the nursery from the
//! last-level cache like PyPy does (half of it when it exceeds 8 MiB), at most 64 MiB
//! (see `cache.rs`). The 128 MiB cap on the minimum major-collection heap only matters for
//! such large nurseries: 8 nurseries of 52 MiB would let the old space reach 416 MiB
//! before the first major collection; on GCBench that doubled the peak RSS (497 MiB
//! against 232 MiB) without making it faster.
//!
//! Environment variables (all optional; read by [`Config::from_env`]):
//!
//! | variable | meaning |
//! |---|---|
//! | `TERN_GC_NURSERY` | nursery size (`4M`, `512K`, `1.5MB`, plain bytes; default: from the cache size) |
//! | `TERN_GC_LARGE_OBJECT` | size from which objects skip the nursery |
//! | `TERN_GC_MAJOR_COLLECT` | major threshold factor (> 1.0) |
//! | `TERN_GC_GROWTH` | max growth of the threshold per cycle (>= 1.0) |
//! | `TERN_GC_MIN` | no major collection below this old-space size |
//! | `TERN_GC_MAX` | heap limit: allocation fails with `OutOfMemory` beyond it |
//! | `TERN_GC_INCREMENT_STEP` | work budget of one incremental major step (bytes) |
//! | `TERN_GC_MAX_PINNED` | bound on simultaneously pinned nursery objects |
//! | `TERN_GC_STRESS` | collect at every N-th allocation (`1` = every one, `0` = off) |
//! | `TERN_GC_POISON` | `1`/`0`: poison dead memory (default: on in debug builds) |
//! | `TERN_GC_VERIFY` | `1`/`0`: verify the whole heap after every collection |
//!
//! `TERN_GC_STRESS`, `TERN_GC_POISON` and `TERN_GC_VERIFY` are debugging switches that
//! [`crate::Heap::new`] also applies on top of any config built in code (unless
//! `env_debug_overrides` is false), so a client's whole test suite can be run in stress
//! mode without code changes.
//!
//! Invariant: a `Config` accepted by [`Config::validate`] describes a heap that can make
//! progress (nursery at least two large objects, a step budget of at least 1 KiB).

use std::fmt;

/// Tunable parameters of a heap. Build with `Config::default()` and adjust fields, or use
/// [`Config::from_env`].
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Nursery size in bytes.
    pub nursery_size: usize,
    /// Objects of at least this total size are allocated directly in old space.
    pub large_object: usize,
    /// Start a major cycle when the old space reaches this factor times the live size after
    /// the previous cycle.
    pub major_collection_threshold: f64,
    /// The threshold grows by at most this factor from one cycle to the next.
    pub growth_rate_max: f64,
    /// Never start a major cycle below this old-space size (`None`: 8 nurseries, at most
    /// 128 MiB).
    pub min_major_heap: Option<usize>,
    /// Heap limit: allocations fail with `OutOfMemory` when a full collection cannot bring
    /// the old space below it.
    pub max_heap: Option<usize>,
    /// Work budget of one incremental major step in bytes scanned or swept (`None`: twice
    /// the nursery).
    pub major_step_budget: Option<usize>,
    /// Bound on simultaneously pinned nursery objects (`None`: PyPy's formula).
    pub max_pinned: Option<usize>,
    /// Array items per card (a power of two); 0 disables card marking.
    pub card_items: usize,
    /// Stress mode: collect at every N-th allocation; 0 is off.
    pub stress: u32,
    /// Fill dead memory with a poison pattern.
    pub poison: bool,
    /// Alternate between two nursery buffers so stale references into the previous one
    /// read poison (only while poisoning and no object is pinned).
    pub rotate_nursery: bool,
    /// Verify the whole heap after every collection (slow; for tests).
    pub verify: bool,
    /// Slot words with any of these low bits set are tagged values, not references
    /// (subset of `0b111`; 0 means every non-zero slot is a reference).
    pub tagged_word_mask: usize,
    /// Let `TERN_GC_STRESS`, `TERN_GC_POISON` and `TERN_GC_VERIFY` override this config in
    /// `Heap::new`.
    pub env_debug_overrides: bool,
}

/// Smallest accepted major step budget. (A sweeping step always finishes at least one
/// page, so its work can reach `PAGE_SIZE` even with a smaller budget.)
pub const MIN_STEP_BUDGET: usize = 1024;

/// PyPy's large-object threshold on 64-bit: (16384 + 512) words.
pub const DEFAULT_LARGE_OBJECT: usize = (16384 + 512) * 8;

impl Default for Config {
    fn default() -> Config {
        Config {
            nursery_size: 4 << 20,
            large_object: DEFAULT_LARGE_OBJECT,
            major_collection_threshold: 1.82,
            growth_rate_max: 1.4,
            min_major_heap: None,
            max_heap: None,
            major_step_budget: None,
            max_pinned: None,
            card_items: 128,
            stress: 0,
            poison: cfg!(debug_assertions),
            rotate_nursery: cfg!(debug_assertions),
            verify: false,
            tagged_word_mask: 0,
            env_debug_overrides: true,
        }
    }
}

/// A configuration value that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The environment variable or field concerned.
    pub setting: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid GC setting {}: {}", self.setting, self.message)
    }
}

impl std::error::Error for ConfigError {}

fn bad(setting: &str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        setting: setting.to_string(),
        message: message.into(),
    }
}

/// Parses a byte size: an integer or decimal number with an optional `K`, `M`, `G` suffix
/// (optionally followed by `B`, any case).
pub fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let body = lower.strip_suffix('b').unwrap_or(&lower);
    let (digits, factor) = match body.chars().last() {
        Some('k') => (&body[..body.len() - 1], 1u64 << 10),
        Some('m') => (&body[..body.len() - 1], 1 << 20),
        Some('g') => (&body[..body.len() - 1], 1 << 30),
        _ => (body, 1),
    };
    let digits = digits.trim();
    if digits.is_empty() {
        return Err(format!(
            "`{text}` is not a size (expected e.g. 4M, 512K, 1048576)"
        ));
    }
    if let Ok(n) = digits.parse::<u64>() {
        return n
            .checked_mul(factor)
            .and_then(|v| usize::try_from(v).ok())
            .ok_or_else(|| format!("`{text}` is too large"));
    }
    match digits.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => {
            let v = x * factor as f64;
            if v >= usize::MAX as f64 {
                Err(format!("`{text}` is too large"))
            } else {
                Ok(v as usize)
            }
        }
        _ => Err(format!(
            "`{text}` is not a size (expected e.g. 4M, 512K, 1048576)"
        )),
    }
}

fn parse_float(name: &str, text: &str) -> Result<f64, ConfigError> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| bad(name, format!("`{text}` is not a number")))
}

fn parse_count(name: &str, text: &str) -> Result<u64, ConfigError> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| bad(name, format!("`{text}` is not a non-negative integer")))
}

fn parse_bool(name: &str, text: &str) -> Result<bool, ConfigError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        _ => Err(bad(name, format!("`{text}` is not a boolean (use 1 or 0)"))),
    }
}

fn size_var(name: &str, text: &str) -> Result<usize, ConfigError> {
    parse_size(text).map_err(|m| bad(name, m))
}

/// Cap of the default minimum major-collection heap (see the module docs).
pub const MAX_DEFAULT_MIN_MAJOR_HEAP: usize = 128 << 20;

impl Config {
    /// The defaults, with the nursery sized from this machine's last-level cache (PyPy's
    /// rule: half of it when it exceeds 8 MiB, at most 64 MiB; 4 MiB when the cache size
    /// is unknown or small).
    pub fn for_this_machine() -> Config {
        Config {
            nursery_size: crate::cache::nursery_size_for_cache(
                crate::cache::last_level_cache_size(),
            ),
            ..Config::default()
        }
    }

    /// [`Config::for_this_machine`] overridden by every `TERN_GC_*` variable that is set.
    pub fn from_env() -> Result<Config, ConfigError> {
        let mut config = Config::for_this_machine();
        config.apply_env_with(&|name| std::env::var(name).ok())?;
        Ok(config)
    }

    /// Applies all `TERN_GC_*` settings found through `lookup` (for tests and embedders
    /// with their own configuration source).
    pub fn apply_env_with(
        &mut self,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        if let Some(v) = lookup("TERN_GC_NURSERY") {
            self.nursery_size = size_var("TERN_GC_NURSERY", &v)?;
        }
        if let Some(v) = lookup("TERN_GC_LARGE_OBJECT") {
            self.large_object = size_var("TERN_GC_LARGE_OBJECT", &v)?;
        }
        if let Some(v) = lookup("TERN_GC_MAJOR_COLLECT") {
            self.major_collection_threshold = parse_float("TERN_GC_MAJOR_COLLECT", &v)?;
        }
        if let Some(v) = lookup("TERN_GC_GROWTH") {
            self.growth_rate_max = parse_float("TERN_GC_GROWTH", &v)?;
        }
        if let Some(v) = lookup("TERN_GC_MIN") {
            self.min_major_heap = Some(size_var("TERN_GC_MIN", &v)?);
        }
        if let Some(v) = lookup("TERN_GC_MAX") {
            self.max_heap = Some(size_var("TERN_GC_MAX", &v)?);
        }
        if let Some(v) = lookup("TERN_GC_INCREMENT_STEP") {
            self.major_step_budget = Some(size_var("TERN_GC_INCREMENT_STEP", &v)?);
        }
        if let Some(v) = lookup("TERN_GC_MAX_PINNED") {
            self.max_pinned = Some(parse_count("TERN_GC_MAX_PINNED", &v)? as usize);
        }
        self.apply_debug_env_with(lookup)?;
        self.validate()
    }

    /// Applies only the debugging switches (`TERN_GC_STRESS`, `TERN_GC_POISON`,
    /// `TERN_GC_VERIFY`).
    pub fn apply_debug_env_with(
        &mut self,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        if let Some(v) = lookup("TERN_GC_STRESS") {
            let n = parse_count("TERN_GC_STRESS", &v)?;
            self.stress = u32::try_from(n)
                .map_err(|_| bad("TERN_GC_STRESS", format!("`{v}` is too large")))?;
        }
        if let Some(v) = lookup("TERN_GC_POISON") {
            self.poison = parse_bool("TERN_GC_POISON", &v)?;
        }
        if let Some(v) = lookup("TERN_GC_VERIFY") {
            self.verify = parse_bool("TERN_GC_VERIFY", &v)?;
        }
        Ok(())
    }

    /// Checks that the configuration describes a working heap.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.nursery_size < 4096 || self.nursery_size > 1 << 40 {
            return Err(bad(
                "nursery_size",
                format!("{} must be between 4 KiB and 1 TiB", self.nursery_size),
            ));
        }
        if self.large_object < 64 || self.large_object > self.nursery_size / 2 {
            return Err(bad(
                "large_object",
                format!(
                    "{} must be at least 64 and at most half the nursery ({})",
                    self.large_object,
                    self.nursery_size / 2
                ),
            ));
        }
        if self.major_collection_threshold.is_nan() || self.major_collection_threshold <= 1.0 {
            return Err(bad(
                "major_collection_threshold",
                format!(
                    "{} must be greater than 1.0",
                    self.major_collection_threshold
                ),
            ));
        }
        if self.growth_rate_max.is_nan() || self.growth_rate_max < 1.0 {
            return Err(bad(
                "growth_rate_max",
                format!("{} must be at least 1.0", self.growth_rate_max),
            ));
        }
        if let Some(b) = self.major_step_budget
            && b < MIN_STEP_BUDGET
        {
            return Err(bad(
                "major_step_budget",
                format!("{b} must be at least {MIN_STEP_BUDGET}"),
            ));
        }
        if self.card_items != 0 && !self.card_items.is_power_of_two() {
            return Err(bad(
                "card_items",
                format!(
                    "{} must be a power of two (or 0 to disable)",
                    self.card_items
                ),
            ));
        }
        if self.tagged_word_mask & !0b111 != 0 {
            return Err(bad(
                "tagged_word_mask",
                format!(
                    "{:#x} may only use the low three bits",
                    self.tagged_word_mask
                ),
            ));
        }
        Ok(())
    }

    /// Old-space size below which no major cycle starts.
    pub fn effective_min_major_heap(&self) -> usize {
        self.min_major_heap.unwrap_or(
            self.nursery_size
                .saturating_mul(8)
                .min(MAX_DEFAULT_MIN_MAJOR_HEAP),
        )
    }

    /// Work budget of one major step.
    pub fn effective_step_budget(&self) -> usize {
        self.major_step_budget
            .unwrap_or(self.nursery_size.saturating_mul(2))
    }

    /// Bound on pinned nursery objects.
    pub fn effective_max_pinned(&self) -> usize {
        self.max_pinned
            .unwrap_or(self.nursery_size / (2 * self.large_object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with_env(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut c = Config::default();
        c.apply_env_with(&|name| map.get(name).cloned())?;
        Ok(c)
    }

    #[test]
    fn sizes_parse_with_suffixes() {
        assert_eq!(parse_size("4M"), Ok(4 << 20));
        assert_eq!(parse_size("512kb"), Ok(512 << 10));
        assert_eq!(parse_size("1.5G"), Ok(3 << 29));
        assert_eq!(parse_size(" 4096 "), Ok(4096));
        assert!(parse_size("lots").unwrap_err().contains("not a size"));
        assert!(parse_size("M").is_err());
        assert!(
            parse_size("99999999999999999999G")
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn defaults_follow_pypy() {
        let c = Config::default();
        c.validate().unwrap();
        assert_eq!(
            c.effective_max_pinned(),
            (4 << 20) / (2 * DEFAULT_LARGE_OBJECT)
        );
        assert_eq!(c.effective_step_budget(), 8 << 20);
        assert_eq!(c.effective_min_major_heap(), 32 << 20);
        let big = Config {
            nursery_size: 52 << 20,
            ..Config::default()
        };
        assert_eq!(big.effective_min_major_heap(), MAX_DEFAULT_MIN_MAJOR_HEAP);
    }

    #[test]
    fn the_machine_default_is_a_valid_pypy_style_size() {
        let c = Config::for_this_machine();
        c.validate().unwrap();
        assert!(c.nursery_size >= crate::cache::FALLBACK_NURSERY);
        assert!(c.nursery_size <= crate::cache::MAX_AUTO_NURSERY);
        assert_eq!(
            c.nursery_size,
            crate::cache::nursery_size_for_cache(crate::cache::last_level_cache_size())
        );
    }

    #[test]
    fn environment_overrides() {
        let c = with_env(&[
            ("TERN_GC_NURSERY", "1M"),
            ("TERN_GC_LARGE_OBJECT", "64K"),
            ("TERN_GC_MAJOR_COLLECT", "2.5"),
            ("TERN_GC_STRESS", "3"),
            ("TERN_GC_MAX_PINNED", "0"),
            ("TERN_GC_VERIFY", "1"),
        ])
        .unwrap();
        assert_eq!(c.nursery_size, 1 << 20);
        assert_eq!(c.large_object, 64 << 10);
        assert_eq!(c.major_collection_threshold, 2.5);
        assert_eq!(c.stress, 3);
        assert_eq!(c.effective_max_pinned(), 0);
        assert!(c.verify);
    }

    #[test]
    fn bad_environment_is_an_error_naming_the_variable() {
        let e = with_env(&[("TERN_GC_STRESS", "often")]).unwrap_err();
        assert_eq!(e.setting, "TERN_GC_STRESS");
        assert!(e.to_string().contains("often"));
        let e = with_env(&[("TERN_GC_MAJOR_COLLECT", "0.5")]).unwrap_err();
        assert_eq!(e.setting, "major_collection_threshold");
        let e = with_env(&[("TERN_GC_NURSERY", "1K")]).unwrap_err();
        assert_eq!(e.setting, "nursery_size");
        let e = with_env(&[("TERN_GC_POISON", "maybe")]).unwrap_err();
        assert_eq!(e.setting, "TERN_GC_POISON");
    }

    #[test]
    fn validation_catches_unusable_values() {
        let c = Config {
            card_items: 100,
            ..Config::default()
        };
        assert_eq!(c.validate().unwrap_err().setting, "card_items");
        let c = Config {
            tagged_word_mask: 0x10,
            ..Config::default()
        };
        assert_eq!(c.validate().unwrap_err().setting, "tagged_word_mask");
        let c = Config {
            major_step_budget: Some(10),
            ..Config::default()
        };
        assert_eq!(c.validate().unwrap_err().setting, "major_step_budget");
    }
}
