//! Collection entry points and pacing.
//!
//! * [`Heap::collect_minor`]: one minor collection, nothing else.
//! * [`Heap::collect_step`]: a minor collection plus one incremental major step (starting
//!   a cycle if none is running).
//! * Stress mode runs `stress_step` at every N-th allocation: like `collect_step`, but the
//!   major step's budget follows the work done since the previous step (1.5x the promoted
//!   bytes, at least [`STRESS_MIN_STEP`]) instead of the configured budget (two nurseries).
//!   With the configured budget every allocation would pay for marking most of the heap, so a
//!   stressed program got quadratically slower as its heap grew; with small steps a major
//!   cycle also spans many allocations, which exercises the incremental write barrier more.
//! * [`Heap::collect`]: a full collection: finishes the running cycle, then runs a complete
//!   new one, so everything unreachable now is freed (or queued for its finalizer).
//! * [`Heap::finish_major`]: completes the running cycle, if any.
//!
//! Allocation uses `collect_paced`: a minor collection, then a major step if a cycle is
//! running or the old space passed the threshold.
//!
//! Invariant: a major step always directly follows a minor collection (no mutator work in
//! between), which is what makes the end-of-marking test sound. After every entry point
//! the heap is verified when `Config::verify` is set, and a panic caught in a destructor
//! is re-raised.

use crate::heap::Heap;
use crate::major::MajorPhase;

/// Smallest major-step budget in stress mode (bytes of marking or sweeping work).
pub(crate) const STRESS_MIN_STEP: usize = 4096;

impl Heap {
    /// Runs a minor collection.
    pub fn collect_minor(&mut self) {
        self.minor_collection();
        self.after_collection();
    }

    /// Runs a minor collection and one incremental major step, starting a major cycle if
    /// none is running.
    pub fn collect_step(&mut self) {
        self.minor_collection();
        if self.gc.major.phase == MajorPhase::Idle {
            self.start_major_cycle();
        }
        let budget = self.step_budget();
        self.major_step(budget);
        self.after_collection();
    }

    /// Stress mode's collection: a minor collection and a small incremental major step (see
    /// the module header). An explicitly configured step budget is still honoured.
    pub(crate) fn stress_step(&mut self) {
        self.minor_collection();
        if self.gc.major.phase == MajorPhase::Idle {
            self.start_major_cycle();
        }
        let budget = match self.gc.config.major_step_budget {
            Some(b) => b,
            None => STRESS_MIN_STEP.max(self.gc.major.promoted_since_step.saturating_mul(3) / 2),
        };
        self.major_step(budget);
        self.after_collection();
    }

    /// Full collection: every object unreachable now is freed, or queued for its finalizer
    /// (run them with [`Heap::run_pending_finalizers`]).
    pub fn collect(&mut self) {
        self.minor_collection();
        self.run_cycle_to_end();
        self.start_major_cycle();
        self.run_cycle_to_end();
        self.after_collection();
    }

    /// Completes the running major cycle, if any.
    pub fn finish_major(&mut self) {
        if self.gc.major.phase != MajorPhase::Idle {
            self.minor_collection();
            self.run_cycle_to_end();
        }
        self.after_collection();
    }

    fn run_cycle_to_end(&mut self) {
        while self.gc.major.phase != MajorPhase::Idle {
            self.major_step(usize::MAX);
        }
    }

    /// The collection run by the allocator when the nursery is full.
    pub(crate) fn collect_paced(&mut self) {
        self.minor_collection();
        let phase = self.gc.major.phase;
        if phase == MajorPhase::Idle && self.gc.old.bytes_in_use() > self.gc.major.threshold {
            self.start_major_cycle();
        }
        if self.gc.major.phase != MajorPhase::Idle {
            let budget = self.step_budget();
            self.major_step(budget);
        }
        self.after_collection();
    }

    fn after_collection(&mut self) {
        if self.gc.config.verify
            && let Err(e) = self.verify()
        {
            panic!("tern-gc: heap verification failed after a collection: {e}");
        }
        self.resume_deferred_panic();
    }
}
