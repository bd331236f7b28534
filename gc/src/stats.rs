//! Statistics counters, readable by tests and benchmarks through [`crate::Heap::stats`].
//!
//! Invariant: counters only grow (except the `*_now` gauges), so a test can take a copy
//! before an operation and compare the difference afterwards.

/// Counters of one heap. All sizes are in bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Minor collections run.
    pub minor_collections: u64,
    /// Major cycles completed (marking and sweeping finished).
    pub major_collections: u64,
    /// Incremental major steps run.
    pub major_steps: u64,
    /// Bytes allocated (nursery and old space).
    pub bytes_allocated: u64,
    /// Bytes allocated directly in old space (large objects).
    pub large_bytes_allocated: u64,
    /// Objects copied out of the nursery.
    pub objects_copied: u64,
    /// Bytes copied out of the nursery.
    pub bytes_copied: u64,
    /// Bytes that became old in minor collections (copies plus surviving large objects).
    pub bytes_promoted: u64,
    /// Old objects traced because they were in the remembered set.
    pub remembered_objects_scanned: u64,
    /// Cards of large arrays scanned by minor collections.
    pub cards_scanned: u64,
    /// Shadow-stack frames scanned by minor collections.
    pub shadow_stack_frames_scanned: u64,
    /// Work (bytes scanned or swept) of the largest incremental major step.
    pub max_major_step_work: u64,
    /// Duration of the longest incremental major step, in nanoseconds.
    pub max_major_step_nanos: u64,
    /// Total time spent in minor collections, in nanoseconds.
    pub minor_nanos: u64,
    /// Total time spent in major steps, in nanoseconds.
    pub major_nanos: u64,
    /// Old objects freed by sweeping.
    pub old_objects_freed: u64,
    /// Light finalizers (destructors) run.
    pub destructors_run: u64,
    /// Objects queued for their full finalizer.
    pub finalizers_queued: u64,
    /// Full finalizers run.
    pub finalizers_run: u64,
    /// Weak references cleared because their target died.
    pub weakrefs_cleared: u64,
    /// Current size of the old space (size classes and large blocks).
    pub old_bytes_now: u64,
    /// Largest old-space size observed.
    pub old_bytes_peak: u64,
    /// Nursery objects currently pinned.
    pub pinned_now: u64,
    /// `pin` calls refused because of the bound.
    pub pin_refused: u64,
}
