//! Fast, deterministic hash maps for the crate's internal tables.
//!
//! Optimizer passes and the recorder hash small keys (op references, descriptor ids)
//! millions of times; `foldhash` is several times faster than the standard SipHash, and
//! a fixed seed keeps iteration order identical from run to run (reproducible output).

/// A `HashMap` with a fast fixed-seed hasher.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
/// A `HashSet` with a fast fixed-seed hasher.
pub(crate) type HashSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;
