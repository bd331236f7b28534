//! Ordered compact hash tables: the dict design of PyPy and CPython 3.6+, for Rust.
//!
//! # Design
//!
//! A table is two arrays (the design of PyPy's 2015 dict and CPython 3.6):
//!
//! * a **dense entries array** of `(hash, key, value)` in insertion order — iteration is a
//!   linear scan, and removals leave holes that are compacted later, so removal is O(1)
//!   and keeps the order;
//! * a **sparse index** of entry numbers pointing into it, whose width grows with the table
//!   (`u8` up to 256 slots, then `u16`, `u32`, `u64`), with one control byte per slot that
//!   holds a 7-bit hash tag, probed 16 slots at a time with SSE2 (8 with portable word
//!   arithmetic elsewhere), as in SwissTable/hashbrown. The index is at most 7/8 full.
//!
//! Types:
//!
//! * [`CompactDict`] — an ordered `Hash + Eq` map with the familiar `HashMap` API plus
//!   order operations (`pop_last`, `pop_first`, `move_to_end`, `move_to_front`,
//!   `get_index`, sorting) and `memory_usage`;
//! * [`CompactSet`] — the set on the same core;
//! * [`RawDict`] — the hasher-less core, driven by precomputed hashes and (fallible)
//!   equality callbacks, for language runtimes; see [`embed`] for the re-entrant step-wise
//!   probe protocol, borrow-free cursors and garbage-collector tracing.
//!
//! ```
//! use tern_dict::{CompactDict, CompactSet};
//!
//! let mut ages: CompactDict<String, u32> = CompactDict::new();
//! ages.insert("ada".into(), 36);
//! ages.insert("alan".into(), 41);
//! *ages.entry("ada".into()).or_insert(0) += 1;
//! assert_eq!(ages.get("ada"), Some(&37));
//! assert_eq!(ages.get_index(1), Some((&"alan".to_string(), &41)));
//!
//! let seen: CompactSet<char> = "hello".chars().collect();
//! assert_eq!(seen.iter().collect::<String>(), "helo");
//! ```
//!
//! # Guarantees
//!
//! * Iteration order is insertion order, changed only by the order operations.
//! * Lookup, insertion, removal, `pop_*` and `move_to_*` are O(1) expected, amortised over
//!   rebuilds; iteration is O(len); no operation sequence degrades a table (the
//!   insert-one/remove-one churn rebuilds at most once per `len / 4` operations).
//! * No panics on any sequence of calls, except indexing a missing key and capacity
//!   overflow in `with_capacity`/`reserve`, both as in `std`. User `Hash`/`Eq`/`Clone`/`Drop`
//!   code may panic or lie without causing undefined behaviour or a hang.
//! * `unsafe` is confined to the entries array (`MaybeUninit` buckets, so holes cost no tag
//!   byte); every block states its invariant, and the test suite runs under Miri.

#![warn(missing_docs)]

mod entries;
mod group;
mod index;

pub mod embed;
pub mod entry;
pub mod iter;
pub mod map;
pub mod raw;
pub mod set;

pub use entry::{Entry, OccupiedEntry, RawEntry, RawVacantEntry, VacantEntry};
pub use index::IndexWidth;
pub use map::CompactDict;
pub use raw::{EntryIndex, RawDict, Stats, Version};
pub use set::CompactSet;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
