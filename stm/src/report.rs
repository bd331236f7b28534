//! Conflict reports in the style of PyPy-STM.
//!
//! Every abort and every pause is recorded with its kind (write-write, write-read,
//! inevitable), the time lost, and the markers of both sides: this transaction's marker at
//! the conflicting access, and the other transaction's marker (its current marker when it
//! held a lock we waited for; the marker of its write when it had already committed). A
//! [`Report`] aggregates them per (kind, marker, other marker), sorted by time lost, as data
//! and as text:
//!
//! ```text
//! 1.234s lost in aborts, 0.010s paused (57x WRITE_READ) at accounts.rs:10 / accounts.rs:42
//! ```
//!
//! Reporting is off unless the `TERN_STM_REPORT` environment variable is set to a value other
//! than `0` or empty, or [`enable_reporting`] is called. When off, the cost is one predictable
//! branch per transaction attempt and per read (no clock reads, no marker bookkeeping).
//!
//! Recording is per thread (in the thread's slot, behind an uncontended mutex); [`report`]
//! merges all slots, including those of threads that have exited.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use crate::runtime::{Slot, rt};
use crate::sync::atomic::Ordering as SyncOrdering;

/// The kind of a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConflictKind {
    /// Both transactions wrote the same location.
    WriteWrite,
    /// The other transaction wrote a location this one read.
    WriteRead,
    /// This transaction waited for, or gave way to, an inevitable transaction.
    Inevitable,
}

impl fmt::Display for ConflictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConflictKind::WriteWrite => "WRITE_WRITE",
            ConflictKind::WriteRead => "WRITE_READ",
            ConflictKind::Inevitable => "INEVITABLE",
        })
    }
}

/// A label for a place in user code (a source location or any text), attached to a
/// transaction with [`Tx::set_marker`](crate::Tx::set_marker) so conflict reports can say
/// where each side was. Create one with [`Marker::new`] or the [`marker!`](crate::marker)
/// macro (which caches it per call site).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Marker(pub(crate) u32);

struct Interner {
    labels: Vec<String>,
    ids: HashMap<String, u32>,
}

fn interner() -> &'static Mutex<Interner> {
    static INTERNER: OnceLock<Mutex<Interner>> = OnceLock::new();
    INTERNER.get_or_init(|| {
        Mutex::new(Interner {
            labels: vec!["<unknown>".to_string()],
            ids: HashMap::new(),
        })
    })
}

impl Marker {
    /// The marker of code that set none.
    pub const UNKNOWN: Marker = Marker(0);

    /// The marker for `label` (the same label always gives the same marker).
    pub fn new(label: &str) -> Marker {
        let mut interner = interner().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = interner.ids.get(label) {
            return Marker(id);
        }
        let id = u32::try_from(interner.labels.len()).unwrap_or(0);
        if id == 0 {
            // 4 billion distinct labels: fold the rest into "<unknown>" rather than fail.
            return Marker::UNKNOWN;
        }
        interner.labels.push(label.to_string());
        interner.ids.insert(label.to_string(), id);
        Marker(id)
    }

    /// The marker's label.
    pub fn label(self) -> String {
        let interner = interner().lock().unwrap_or_else(|e| e.into_inner());
        interner
            .labels
            .get(self.0 as usize)
            .cloned()
            .unwrap_or_else(|| "<unknown>".to_string())
    }
}

/// A [`Marker`] for the current source location (`file:line`), or for a literal label;
/// interned once per call site.
///
/// ```
/// use tern_stm::{atomically, marker, TVar};
/// let v = TVar::new(0);
/// atomically(|tx| {
///     tx.set_marker(marker!());
///     let x = tx.read(&v)?;
///     tx.set_marker(marker!("increment"));
///     tx.write(&v, x + 1)
/// });
/// ```
#[macro_export]
macro_rules! marker {
    () => {{
        static MARKER: ::std::sync::OnceLock<$crate::Marker> = ::std::sync::OnceLock::new();
        *MARKER.get_or_init(|| $crate::Marker::new(concat!(file!(), ":", line!())))
    }};
    ($label:literal) => {{
        static MARKER: ::std::sync::OnceLock<$crate::Marker> = ::std::sync::OnceLock::new();
        *MARKER.get_or_init(|| $crate::Marker::new($label))
    }};
}

const UNINITIALISED: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;
static ENABLED: AtomicU8 = AtomicU8::new(UNINITIALISED);

/// True while conflicts are being recorded.
#[inline]
pub fn reporting_enabled() -> bool {
    match ENABLED.load(Ordering::Relaxed) {
        ON => true,
        OFF => false,
        _ => init_from_env(),
    }
}

#[cold]
fn init_from_env() -> bool {
    let on = std::env::var_os("TERN_STM_REPORT").is_some_and(|v| !v.is_empty() && v != "0");
    let _ = ENABLED.compare_exchange(
        UNINITIALISED,
        if on { ON } else { OFF },
        Ordering::Relaxed,
        Ordering::Relaxed,
    );
    ENABLED.load(Ordering::Relaxed) == ON
}

/// True when the `TERN_STM_REPORT` environment variable asks for reports.
pub(crate) fn env_requests_report() -> bool {
    std::env::var_os("TERN_STM_REPORT").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Turns conflict recording on or off (overrides `TERN_STM_REPORT`). Transactions already
/// running keep the setting they started with.
pub fn enable_reporting(on: bool) {
    ENABLED.store(if on { ON } else { OFF }, Ordering::Relaxed);
}

/// Aggregation key of a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct ConflictKey {
    pub(crate) kind: ConflictKind,
    pub(crate) marker: u32,
    pub(crate) other: u32,
}

/// Aggregated statistics for one key.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ConflictStats {
    aborts: u64,
    pauses: u64,
    lost: Duration,
    paused: Duration,
}

/// Records an abort that lost `lost` (the attempt's duration).
pub(crate) fn record_abort(slot: &Slot, key: ConflictKey, lost: Duration) {
    let mut map = slot.conflicts.lock().unwrap_or_else(|e| e.into_inner());
    let stats = map.entry(key).or_default();
    stats.aborts += 1;
    stats.lost += lost;
}

/// Records a pause of `paused`.
pub(crate) fn record_pause(slot: &Slot, key: ConflictKey, paused: Duration) {
    let mut map = slot.conflicts.lock().unwrap_or_else(|e| e.into_inner());
    let stats = map.entry(key).or_default();
    stats.pauses += 1;
    stats.paused += paused;
}

/// One line of a [`Report`]: all conflicts of one kind between the same two markers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictRecord {
    /// The kind of conflict.
    pub kind: ConflictKind,
    /// Where the transaction that lost time was (its marker at the conflicting access).
    pub marker: String,
    /// Where the other transaction was.
    pub other_marker: String,
    /// Number of aborts.
    pub aborts: u64,
    /// Number of pauses.
    pub pauses: u64,
    /// Total duration of the aborted attempts.
    pub time_lost: Duration,
    /// Total time spent paused.
    pub time_paused: Duration,
}

impl ConflictRecord {
    /// Aborted plus paused time: the sort key of a report.
    pub fn total_time(&self) -> Duration {
        self.time_lost + self.time_paused
    }
}

impl fmt::Display for ConflictRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.3}s lost in aborts, {:.3}s paused ({}x {}) at {} / {}",
            self.time_lost.as_secs_f64(),
            self.time_paused.as_secs_f64(),
            self.aborts + self.pauses,
            self.kind,
            self.marker,
            self.other_marker
        )
    }
}

/// All recorded conflicts, sorted by total time lost (largest first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Transactions committed while reporting was enabled.
    pub commits: u64,
    /// The conflicts, most expensive first.
    pub records: Vec<ConflictRecord>,
}

impl Report {
    /// Total number of aborts.
    pub fn aborts(&self) -> u64 {
        self.records.iter().map(|r| r.aborts).sum()
    }

    /// Total number of pauses.
    pub fn pauses(&self) -> u64 {
        self.records.iter().map(|r| r.pauses).sum()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "STM conflicts: {} commits, {} aborts, {} pauses",
            self.commits,
            self.aborts(),
            self.pauses()
        )?;
        for record in &self.records {
            writeln!(f, "{record}")?;
        }
        Ok(())
    }
}

/// Merges the statistics of every thread (live or exited) into a [`Report`].
pub fn report() -> Report {
    let mut merged: HashMap<ConflictKey, ConflictStats> = HashMap::new();
    let mut commits = 0;
    for slot in rt().slots() {
        commits += slot.commits.load(SyncOrdering::Relaxed);
        let map = slot.conflicts.lock().unwrap_or_else(|e| e.into_inner());
        for (key, stats) in map.iter() {
            let into = merged.entry(*key).or_default();
            into.aborts += stats.aborts;
            into.pauses += stats.pauses;
            into.lost += stats.lost;
            into.paused += stats.paused;
        }
    }
    let mut records: Vec<ConflictRecord> = merged
        .into_iter()
        .map(|(key, stats)| ConflictRecord {
            kind: key.kind,
            marker: Marker(key.marker).label(),
            other_marker: Marker(key.other).label(),
            aborts: stats.aborts,
            pauses: stats.pauses,
            time_lost: stats.lost,
            time_paused: stats.paused,
        })
        .collect();
    records.sort_by(|a, b| {
        b.total_time()
            .cmp(&a.total_time())
            .then_with(|| (b.aborts + b.pauses).cmp(&(a.aborts + a.pauses)))
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.marker.cmp(&b.marker))
            .then_with(|| a.other_marker.cmp(&b.other_marker))
    });
    Report { commits, records }
}

/// Forgets everything recorded so far.
pub fn reset_report() {
    for slot in rt().slots() {
        slot.commits.store(0, SyncOrdering::Relaxed);
        slot.conflicts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
