//! Incremental major collection: mark-sweep of the non-moving old space, in steps paced by
//! allocation.
//!
//! Phases: `Idle` -> `Marking` -> (`MarkingResurrected`) -> `Sweeping` -> `Idle`.
//!
//! * A cycle starts (after a minor collection) when the old space exceeds the threshold.
//!   Starting flips the mark parity — every object becomes unmarked at once — and greys
//!   everything the roots reach.
//! * Each later minor collection is followed by one step with a work budget (bytes
//!   scanned or swept; at least 1.5x what that minor collection promoted, so marking
//!   always outruns promotion). Large arrays are scanned in chunks so a step never
//!   overshoots its budget by more than one fixed-size object.
//! * Marking is incremental update: objects promoted during marking are marked and grey,
//!   objects allocated directly in old space are born marked, minor collections grey the
//!   old objects the roots reach, and the write barrier re-greys marked objects that gain
//!   a pointer. Hence when the grey stack empties in a step (which always follows a minor
//!   collection, with no mutator activity in between) every reachable object is marked.
//! * End of marking: weak fields whose target is unmarked are cleared; unmarked objects
//!   with a pending finalizer are queued, marked and traced (`MarkingResurrected`) so
//!   everything they reach stays valid for the finalizer; then destructors of unmarked
//!   objects run and sweeping starts.
//! * Sweeping frees unmarked blocks page by page, then large blocks; objects allocated
//!   meanwhile carry the current parity and survive. At the end the next threshold is
//!   `max(min_heap, min(live * major_collection_threshold, previous * growth_rate_max))`.
//!
//! Invariants: during marking, marked objects are either on the grey stack or have all
//! their referents marked (modulo stores since the last step, which the barrier put on the
//! grey stack); sweeping never frees a block carrying the current parity, a shadow
//! reservation, or a young large object.

use std::time::Instant;

use crate::header::{MARK, SHADOW_RESERVED, YOUNG_LARGE, type_index};
use crate::heap::{GcState, Heap};
use crate::layout::TypeRegistry;
use crate::mem;
use crate::oldspace::PAGE_SIZE;
use crate::trace;

/// Where the major collector is in its cycle.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum MajorPhase {
    /// No cycle in progress.
    Idle,
    /// Tracing from the roots.
    Marking,
    /// Tracing from objects queued for finalization.
    MarkingResurrected,
    /// Freeing unmarked blocks.
    Sweeping,
}

/// A unit of marking work: the fixed part and/or a range of items of one object.
#[derive(Copy, Clone, Debug)]
pub(crate) struct Grey {
    pub obj: usize,
    pub from: usize,
    pub to: usize,
    pub fixed: bool,
}

impl Grey {
    pub fn whole(obj: usize) -> Grey {
        Grey {
            obj,
            from: 0,
            to: usize::MAX,
            fixed: true,
        }
    }

    pub fn items(obj: usize, from: usize, to: usize) -> Grey {
        Grey {
            obj,
            from,
            to,
            fixed: false,
        }
    }
}

/// Cost charged for sweeping one large block.
const LARGE_SWEEP_COST: usize = 64;

pub(crate) struct MajorState {
    pub phase: MajorPhase,
    pub grey: Vec<Grey>,
    pub threshold: usize,
    /// Bytes promoted by minor collections since the last step.
    pub promoted_since_step: usize,
    sweep_page: usize,
    sweep_page_end: usize,
    sweep_large: Vec<usize>,
}

impl MajorState {
    pub fn new(min_heap: usize) -> MajorState {
        MajorState {
            phase: MajorPhase::Idle,
            grey: Vec::new(),
            threshold: min_heap,
            promoted_since_step: 0,
            sweep_page: 0,
            sweep_page_end: 0,
            sweep_large: Vec::new(),
        }
    }

    #[inline(always)]
    pub fn is_marking(&self) -> bool {
        matches!(
            self.phase,
            MajorPhase::Marking | MajorPhase::MarkingResurrected
        )
    }
}

impl GcState {
    /// Marks the object a slot word refers to, if it is an unmarked old object.
    #[inline]
    pub(crate) fn mark_word(&mut self, types: &TypeRegistry, word: usize) {
        if self.is_null_or_tagged(word) || self.nursery.contains(word) {
            return;
        }
        // SAFETY: `word` refers to a live object outside the nursery.
        let h = unsafe { mem::header(word) };
        if h & MARK != self.parity {
            self.grey_old(types, word, h);
        }
    }

    /// Traces grey objects until `budget` bytes of work are done. Returns the work done.
    fn mark_some(&mut self, types: &TypeRegistry, budget: usize) -> usize {
        let mut work = 0;
        while work < budget {
            let Some(g) = self.major.grey.pop() else {
                break;
            };
            // SAFETY: grey objects are marked, hence live, old objects.
            let h = unsafe { mem::header(g.obj) };
            let info = types.of_index(type_index(h));
            if g.fixed {
                // SAFETY: `g.obj` is live and of type `info`.
                unsafe {
                    trace::for_each_fixed_slot(g.obj, info, &mut |slot| {
                        self.mark_word(types, *slot)
                    })
                };
                work += info.base_size;
            }
            let Some(v) = info.var.as_ref().filter(|v| v.items_have_refs) else {
                continue;
            };
            // SAFETY: `g.obj` is live and of type `info`.
            let len = unsafe { trace::item_count(g.obj, info) };
            let end = g.to.min(len);
            if g.from >= end {
                continue;
            }
            let max_items = (budget.saturating_sub(work) / v.item_size).max(1);
            let stop = end.min(g.from + max_items);
            // SAFETY: `g.obj` is live and of type `info`.
            unsafe {
                trace::for_each_item_slot(g.obj, info, g.from, stop, &mut |slot| {
                    self.mark_word(types, *slot)
                })
            };
            work += (stop - g.from) * v.item_size;
            if stop < end {
                self.major.grey.push(Grey::items(g.obj, stop, g.to));
            }
        }
        work
    }

    #[inline]
    fn is_dead(&self, h: u64) -> bool {
        h & (SHADOW_RESERVED | YOUNG_LARGE) == 0 && h & MARK != self.parity
    }

    /// Sweeps until `budget` bytes of work are done. Returns the work and whether the
    /// sweep is complete.
    fn sweep_some(&mut self, budget: usize) -> (usize, bool) {
        let mut work = 0;
        while work < budget {
            // Never overshoot the budget; a fresh step always fits one page.
            if work > 0 && work.saturating_add(PAGE_SIZE) > budget {
                break;
            }
            if self.major.sweep_page < self.major.sweep_page_end {
                let index = self.major.sweep_page as u32;
                self.major.sweep_page += 1;
                let parity = self.parity;
                let freed = self.old.pages.sweep_page(index, |h| {
                    h & (SHADOW_RESERVED | YOUNG_LARGE) == 0 && h & MARK != parity
                });
                self.stats.old_objects_freed += freed;
                work += PAGE_SIZE;
            } else if let Some(obj) = self.major.sweep_large.pop() {
                work += LARGE_SWEEP_COST;
                if !self.old.large.contains(obj) {
                    continue;
                }
                // SAFETY: `obj` is an allocated large block holding an object or shadow.
                let h = unsafe { mem::header(obj) };
                if self.is_dead(h) {
                    self.old.large.free(obj);
                    self.stats.old_objects_freed += 1;
                }
            } else {
                return (work, true);
            }
        }
        (work, false)
    }

    /// Sets the threshold for the next cycle from what survived this one.
    fn finish_cycle(&mut self) {
        let live = self.old.bytes_in_use() as f64;
        let wanted = live * self.config.major_collection_threshold;
        let cap = self.major.threshold as f64 * self.config.growth_rate_max;
        let min = self.config.effective_min_major_heap() as f64;
        self.major.threshold = wanted.min(cap).max(min) as usize;
        self.major.phase = MajorPhase::Idle;
        self.stats.major_collections += 1;
        self.note_old_size();
    }
}

impl Heap {
    /// Current phase of the major collector.
    pub fn major_phase(&self) -> MajorPhase {
        self.gc.major.phase
    }

    /// Old-space size at which the next major cycle starts.
    pub fn major_threshold(&self) -> usize {
        self.gc.major.threshold
    }

    /// Starts a cycle: flip the parity and grey what the roots reach. Must directly follow
    /// a minor collection.
    pub(crate) fn start_major_cycle(&mut self) {
        debug_assert_eq!(self.gc.major.phase, MajorPhase::Idle);
        let Heap {
            types, gc, roots, ..
        } = self;
        gc.parity ^= MARK;
        gc.major.phase = MajorPhase::Marking;
        gc.major.grey.clear();
        roots.stack.scan(true, &mut |slot| {
            gc.mark_word(types, *slot);
            !gc.is_null_or_tagged(*slot) && gc.nursery.contains(*slot)
        });
        roots.visit_non_stack(&mut |slot: &mut usize| gc.mark_word(types, *slot));
        let pending: Vec<usize> = gc.pending_finalizers.iter().copied().collect();
        for obj in pending {
            gc.mark_word(types, obj);
        }
        let pinned: Vec<usize> = gc.pinned_old.iter().copied().collect();
        for obj in pinned {
            gc.mark_word(types, obj);
        }
    }

    /// Runs one major step of at most `budget` bytes of work (`usize::MAX`: to the end of
    /// the cycle). Must directly follow a minor collection.
    pub(crate) fn major_step(&mut self, budget: usize) {
        let started = Instant::now();
        let mut work = 0;
        loop {
            if work >= budget {
                break;
            }
            match self.gc.major.phase {
                MajorPhase::Idle => break,
                MajorPhase::Marking | MajorPhase::MarkingResurrected => {
                    work += self.gc.mark_some(&self.types, budget - work);
                    if !self.gc.major.grey.is_empty() {
                        break;
                    }
                    if self.gc.major.phase == MajorPhase::Marking {
                        self.gc.clear_dead_weak_targets(&self.types);
                        if self.gc.queue_unreachable_finalizers(&self.types) > 0 {
                            self.gc.major.phase = MajorPhase::MarkingResurrected;
                            continue;
                        }
                    }
                    self.finish_marking();
                }
                MajorPhase::Sweeping => {
                    if work > 0 && work.saturating_add(PAGE_SIZE) > budget {
                        break;
                    }
                    let (w, done) = self.gc.sweep_some(budget - work);
                    work += w;
                    if done {
                        self.gc.finish_cycle();
                    }
                }
            }
        }
        let gc = &mut self.gc;
        gc.major.promoted_since_step = 0;
        gc.stats.major_steps += 1;
        let nanos = started.elapsed().as_nanos() as u64;
        gc.stats.major_nanos += nanos;
        if budget != usize::MAX {
            gc.stats.max_major_step_work = gc.stats.max_major_step_work.max(work as u64);
            gc.stats.max_major_step_nanos = gc.stats.max_major_step_nanos.max(nanos);
        }
    }

    /// Marking is complete: destroy what died, prune the side lists, start sweeping.
    fn finish_marking(&mut self) {
        self.gc.run_dead_destructors(&self.types);
        let gc = &mut self.gc;
        let parity = gc.parity;
        let marked = |obj: &usize| {
            // SAFETY: listed objects are allocated until sweeping frees them.
            (unsafe { mem::header(*obj) }) & MARK == parity
        };
        gc.old_weak.retain(marked);
        gc.old_to_pinned.retain(marked);
        gc.major.phase = MajorPhase::Sweeping;
        gc.major.sweep_page = 0;
        gc.major.sweep_page_end = gc.old.pages.page_count();
        gc.major.sweep_large = gc.old.large.objects();
    }

    /// Budget of the next incremental step.
    pub(crate) fn step_budget(&self) -> usize {
        let configured = self.gc.config.effective_step_budget();
        configured.max(self.gc.major.promoted_since_step.saturating_mul(3) / 2)
    }
}
