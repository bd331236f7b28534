//! The shadow stack: frames of GC slots kept by the client (interpreter frames, value
//! stacks, JIT spill areas), scanned precisely by the collector.
//!
//! The frame-marker trick (PyPy's shadow-stack/JIT-frame optimisation): after a minor
//! collection every slot of every frame holds an old reference (or a pinned nursery one,
//! see below). A slot that is not written afterwards cannot gain a young reference, so
//! the next minor collection can stop at it. The stack keeps a watermark `clean`, counted
//! in slots: slots below it are unchanged since the last minor collection. Writing slot
//! `i`, or popping down to `i`, lowers `clean` to `i`; pushing needs no update (a new slot
//! lies above every clean one). A minor collection scans slots `clean..len` only and then
//! raises `clean` to the length again — except down to the lowest slot that still
//! references a pinned nursery object, because such an object may be unpinned and moved
//! by a later minor collection. The statistics count the frames those slots belong to.
//!
//! Frames are only a grouping of the slot vector (each frame records where it starts);
//! the value-stack operations on the top frame are a bounds check and a vector push or
//! pop, which is what makes the shadow stack cheap enough for an interpreter's value
//! stack.
//!
//! Major marking always scans every frame (old objects referenced from the stack must be
//! marked however old the frame is).
//!
//! Invariants: `clean <= slots.len()`; every slot below `clean` holds 0, a tagged word, or
//! the address of an old object; `top_base` is the base of the top frame (`NO_FRAME`
//! when there is none) and `bases` is non-decreasing.

use crate::gcref::{GcRef, ref_to_slot};

/// Identifier of a frame: its depth (0 is the bottom frame).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FrameId(pub u32);

/// A misuse of the shadow stack that is reported instead of corrupting it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StackError {
    /// `pop_frame` named a frame that is not the top one.
    NotTopFrame {
        /// The frame passed.
        frame: FrameId,
        /// Current number of frames.
        depth: usize,
    },
    /// A value operation needs a frame but the stack is empty.
    NoFrame,
    /// `pop_value` on a frame with no slots left.
    FrameEmpty,
}

impl std::fmt::Display for StackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StackError::NotTopFrame { frame, depth } => write!(
                f,
                "pop_frame({}) but the stack has {depth} frames (only the top frame can be popped)",
                frame.0
            ),
            StackError::NoFrame => write!(f, "the shadow stack has no frame"),
            StackError::FrameEmpty => write!(f, "the top frame has no slot to pop"),
        }
    }
}

impl std::error::Error for StackError {}

/// Frames of GC slots. Get the heap's own stack with
/// [`Heap::shadow_stack`](crate::Heap::shadow_stack).
pub struct ShadowStack {
    pub(crate) slots: Vec<usize>,
    /// Per frame: index of its first slot. Frame `f` spans `bases[f]..bases[f + 1]` (the
    /// top frame: `..slots.len()`).
    bases: Vec<usize>,
    /// `bases.last()`, or [`NO_FRAME`]: one compare decides a value-stack operation.
    top_base: usize,
    /// Slots below this index are unchanged since the last minor collection.
    pub(crate) clean: usize,
}

/// `top_base` of an empty stack: no slot index reaches it.
const NO_FRAME: usize = usize::MAX;

impl Default for ShadowStack {
    fn default() -> ShadowStack {
        ShadowStack {
            slots: Vec::new(),
            bases: Vec::new(),
            top_base: NO_FRAME,
            clean: 0,
        }
    }
}

#[cold]
#[inline(never)]
fn bad_slot(frame: FrameId, slot: usize, depth: usize, len: Option<usize>) -> ! {
    match len {
        None => panic!(
            "shadow stack: frame {} does not exist (depth {depth})",
            frame.0
        ),
        Some(len) => panic!(
            "shadow stack: slot {slot} out of range for frame {} of {len} slots",
            frame.0
        ),
    }
}

impl ShadowStack {
    /// Pushes a frame of `slots` null slots.
    #[inline]
    pub fn push_frame(&mut self, slots: usize) -> FrameId {
        let base = self.slots.len();
        self.bases.push(base);
        self.top_base = base;
        self.slots.resize(base + slots, 0);
        FrameId((self.bases.len() - 1) as u32)
    }

    /// Pops the top frame (`frame` must be it).
    #[inline]
    pub fn pop_frame(&mut self, frame: FrameId) -> Result<(), StackError> {
        if frame.0 as usize + 1 != self.bases.len() {
            return Err(StackError::NotTopFrame {
                frame,
                depth: self.bases.len(),
            });
        }
        let base = self.bases.pop().expect("checked non-empty");
        self.top_base = self.bases.last().copied().unwrap_or(NO_FRAME);
        self.slots.truncate(base);
        self.clean = self.clean.min(base);
        Ok(())
    }

    /// Number of frames.
    pub fn depth(&self) -> usize {
        self.bases.len()
    }

    /// The top frame, if any.
    pub fn top_frame(&self) -> Option<FrameId> {
        self.bases.len().checked_sub(1).map(|d| FrameId(d as u32))
    }

    /// Slot range of frame `f` (which must exist).
    #[inline(always)]
    fn span(&self, f: usize) -> (usize, usize) {
        let end = match self.bases.get(f + 1) {
            Some(&next) => next,
            None => self.slots.len(),
        };
        (self.bases[f], end)
    }

    /// Number of slots of `frame`.
    ///
    /// # Panics
    /// If the frame does not exist.
    pub fn frame_len(&self, frame: FrameId) -> usize {
        let f = frame.0 as usize;
        if f >= self.bases.len() {
            bad_slot(frame, 0, self.bases.len(), None);
        }
        let (base, end) = self.span(f);
        end - base
    }

    #[inline(always)]
    fn index(&self, frame: FrameId, slot: usize) -> usize {
        let f = frame.0 as usize;
        if f >= self.bases.len() {
            bad_slot(frame, slot, self.bases.len(), None);
        }
        let (base, end) = self.span(f);
        if slot >= end - base {
            bad_slot(frame, slot, self.bases.len(), Some(end - base));
        }
        base + slot
    }

    /// Reads slot `slot` of `frame` as a raw word.
    ///
    /// # Panics
    /// If the frame or slot does not exist (like slice indexing).
    #[inline]
    pub fn get(&self, frame: FrameId, slot: usize) -> usize {
        self.slots[self.index(frame, slot)]
    }

    /// Reads slot `slot` of `frame` as a reference (the slot must not hold a tagged word).
    #[inline]
    pub fn get_ref(&self, frame: FrameId, slot: usize) -> Option<GcRef> {
        GcRef::from_addr(self.get(frame, slot))
    }

    /// Writes a raw word (0, tagged word or reference) into slot `slot` of `frame`.
    ///
    /// # Panics
    /// If the frame or slot does not exist.
    #[inline]
    pub fn set(&mut self, frame: FrameId, slot: usize, word: usize) {
        let i = self.index(frame, slot);
        self.slots[i] = word;
        self.clean = self.clean.min(i);
    }

    /// Writes a reference into slot `slot` of `frame`.
    #[inline]
    pub fn set_ref(&mut self, frame: FrameId, slot: usize, value: Option<GcRef>) {
        self.set(frame, slot, ref_to_slot(value));
    }

    /// Appends a slot to the top frame (value-stack push).
    #[inline]
    pub fn push_value(&mut self, word: usize) -> Result<(), StackError> {
        if self.top_base == NO_FRAME {
            return Err(StackError::NoFrame);
        }
        // The new slot is at `len >= clean`: it will be scanned, `clean` stays.
        self.slots.push(word);
        Ok(())
    }

    /// Removes and returns the last slot of the top frame (value-stack pop).
    #[inline]
    pub fn pop_value(&mut self) -> Result<usize, StackError> {
        let len = self.slots.len();
        if len <= self.top_base {
            return Err(if self.top_base == NO_FRAME {
                StackError::NoFrame
            } else {
                StackError::FrameEmpty
            });
        }
        let last = len - 1;
        let word = self.slots[last];
        self.slots.truncate(last);
        self.clean = self.clean.min(last);
        Ok(word)
    }

    /// The last slot of the top frame (value-stack peek), if any.
    #[inline]
    pub fn top_value(&self) -> Option<usize> {
        if self.slots.len() > self.top_base {
            self.slots.last().copied()
        } else {
            None
        }
    }

    /// Number of frames holding at least one slot at index `from` or above (or all
    /// frames when `from` is 0), for the statistics.
    fn frames_from(&self, from: usize) -> u64 {
        if from == 0 {
            return self.bases.len() as u64;
        }
        if from >= self.slots.len() {
            return 0;
        }
        // Frames with `base > from` are counted; so is the frame containing `from`.
        let k = self.bases.partition_point(|&b| b <= from);
        let above = self.bases.len() - k;
        let containing = k > 0 && self.span(k - 1).1 > from;
        (above + containing as usize) as u64
    }

    /// Scans slots for a collection. With `everything`, scans all of them; otherwise only
    /// the slots not known clean. `visit` rewrites a slot and returns whether the slot
    /// still refers to a nursery object afterwards. Returns the number of frames scanned.
    pub(crate) fn scan(
        &mut self,
        everything: bool,
        visit: &mut dyn FnMut(&mut usize) -> bool,
    ) -> u64 {
        let len = self.slots.len();
        let from = if everything { 0 } else { self.clean.min(len) };
        let frames = self.frames_from(from);
        let mut lowest_young = len;
        for (i, slot) in self.slots[from..].iter_mut().enumerate() {
            if *slot != 0 && visit(slot) && from + i < lowest_young {
                lowest_young = from + i;
            }
        }
        // Slots below `from` were clean and stay clean; scanned slots are clean unless
        // they still refer to a (pinned) nursery object.
        self.clean = lowest_young;
        frames
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quickcheck::{Arbitrary, Gen, QuickCheck};
    use std::collections::HashSet;

    #[derive(Clone, Debug)]
    enum Op {
        PushFrame(u8),
        PopFrame,
        PushValue,
        PopValue,
        Set(u8, u8),
        /// A collection's scan; `keep` makes some visited slots report "still young".
        Scan {
            everything: bool,
            keep: bool,
        },
    }

    impl Arbitrary for Op {
        fn arbitrary(g: &mut Gen) -> Op {
            match u8::arbitrary(g) % 12 {
                0 | 1 => Op::PushFrame(u8::arbitrary(g) % 3),
                2 => Op::PopFrame,
                3..=5 => Op::PushValue,
                6 | 7 => Op::PopValue,
                8 | 9 => Op::Set(u8::arbitrary(g), u8::arbitrary(g)),
                _ => Op::Scan {
                    everything: u8::arbitrary(g) % 4 == 0,
                    keep: bool::arbitrary(g),
                },
            }
        }
    }

    /// Runs `ops` on a stack and on a vector of frames; after every scan, every slot
    /// written since the previous scan (or left "young" by it) must have been visited.
    fn watermark_model(ops: Vec<Op>) -> bool {
        let mut stack = ShadowStack::default();
        let mut model: Vec<Vec<usize>> = Vec::new();
        let mut must: HashSet<usize> = HashSet::new();
        let mut next = 0usize;
        let mut token = || {
            next += 8;
            next
        };
        for op in ops {
            match op {
                Op::PushFrame(n) => {
                    let f = stack.push_frame(n as usize);
                    assert_eq!(f.0 as usize, model.len());
                    model.push(vec![0; n as usize]);
                }
                Op::PopFrame => {
                    let top = stack.top_frame();
                    match model.pop() {
                        Some(frame) => {
                            stack.pop_frame(top.unwrap()).unwrap();
                            frame.iter().for_each(|t| {
                                must.remove(t);
                            });
                        }
                        None => assert_eq!(top, None),
                    }
                }
                Op::PushValue => {
                    let t = token();
                    match model.last_mut() {
                        Some(frame) => {
                            stack.push_value(t).unwrap();
                            frame.push(t);
                            must.insert(t);
                        }
                        None => assert_eq!(stack.push_value(t), Err(StackError::NoFrame)),
                    }
                }
                Op::PopValue => match model.last_mut() {
                    Some(frame) => match frame.pop() {
                        Some(t) => {
                            assert_eq!(stack.pop_value(), Ok(t));
                            must.remove(&t);
                        }
                        None => assert_eq!(stack.pop_value(), Err(StackError::FrameEmpty)),
                    },
                    None => assert_eq!(stack.pop_value(), Err(StackError::NoFrame)),
                },
                Op::Set(f, i) => {
                    if model.is_empty() {
                        continue;
                    }
                    let f = f as usize % model.len();
                    if model[f].is_empty() {
                        continue;
                    }
                    let i = i as usize % model[f].len();
                    let t = token();
                    stack.set(FrameId(f as u32), i, t);
                    must.remove(&model[f][i]);
                    model[f][i] = t;
                    must.insert(t);
                }
                Op::Scan { everything, keep } => {
                    let young = |t: usize| keep && t.is_multiple_of(24);
                    let mut visited = HashSet::new();
                    let frames = stack.scan(everything, &mut |slot| {
                        visited.insert(*slot);
                        young(*slot)
                    });
                    let live: HashSet<usize> = model
                        .iter()
                        .flatten()
                        .copied()
                        .filter(|&t| t != 0)
                        .collect();
                    assert!(visited.is_subset(&live), "visited a slot that is gone");
                    if everything {
                        assert_eq!(visited, live);
                        assert_eq!(frames, model.len() as u64);
                    }
                    assert!(must.is_subset(&visited), "a written slot was skipped");
                    let holding = model
                        .iter()
                        .filter(|f| f.iter().any(|t| visited.contains(t)))
                        .count() as u64;
                    assert!(holding <= frames && frames <= model.len() as u64);
                    must = visited.into_iter().filter(|&t| young(t)).collect();
                }
            }
            for (f, frame) in model.iter().enumerate() {
                assert_eq!(stack.frame_len(FrameId(f as u32)), frame.len());
                for (i, &t) in frame.iter().enumerate() {
                    assert_eq!(stack.get(FrameId(f as u32), i), t);
                }
            }
            assert_eq!(stack.depth(), model.len());
        }
        true
    }

    #[test]
    fn watermark_never_skips_a_written_slot() {
        QuickCheck::new()
            .tests(500)
            .quickcheck(watermark_model as fn(Vec<Op>) -> bool);
    }

    #[test]
    fn a_value_pushed_after_a_pop_below_the_watermark_is_scanned() {
        let mut s = ShadowStack::default();
        s.push_frame(0);
        s.push_value(0x10).unwrap();
        s.push_value(0x18).unwrap();
        assert_eq!(s.scan(false, &mut |_| false), 1);
        assert_eq!(s.scan(false, &mut |_| false), 0, "clean");
        assert_eq!(s.pop_value(), Ok(0x18));
        s.push_value(0x20).unwrap();
        let mut seen = Vec::new();
        s.scan(false, &mut |w| {
            seen.push(*w);
            false
        });
        assert_eq!(seen, vec![0x20], "only the replaced slot");
    }

    #[test]
    fn frames_slots_and_errors() {
        let mut s = ShadowStack::default();
        let f0 = s.push_frame(2);
        let f1 = s.push_frame(1);
        s.set(f1, 0, 0x10);
        s.push_value(0x20).unwrap();
        assert_eq!(s.frame_len(f1), 2);
        assert_eq!(s.pop_value(), Ok(0x20));
        assert_eq!(s.get(f1, 0), 0x10);
        assert_eq!(
            s.pop_frame(f0),
            Err(StackError::NotTopFrame {
                frame: f0,
                depth: 2
            })
        );
        s.pop_frame(f1).unwrap();
        assert_eq!(s.top_frame(), Some(f0));
        s.pop_frame(f0).unwrap();
        assert_eq!(s.push_value(1), Err(StackError::NoFrame));
        let f = s.push_frame(0);
        assert_eq!(s.pop_value(), Err(StackError::FrameEmpty));
        s.pop_frame(f).unwrap();
    }

    #[test]
    #[should_panic(expected = "out of range")]
    fn bad_slot_panics_like_indexing() {
        let mut s = ShadowStack::default();
        let f = s.push_frame(1);
        s.set(f, 1, 0);
    }

    #[test]
    fn clean_watermark_skips_unchanged_frames() {
        let mut s = ShadowStack::default();
        let frames: Vec<FrameId> = (0..10).map(|_| s.push_frame(2)).collect();
        for &f in &frames {
            s.set(f, 0, 0x100);
        }
        let mut seen = 0;
        assert_eq!(
            s.scan(false, &mut |_| {
                seen += 1;
                false
            }),
            10
        );
        assert_eq!(seen, 10);
        assert_eq!(s.scan(false, &mut |_| false), 0, "nothing changed");
        s.set(frames[7], 1, 0x200);
        assert_eq!(s.scan(false, &mut |_| false), 3, "frames 7, 8, 9");
        s.pop_frame(frames[9]).unwrap();
        assert_eq!(
            s.scan(false, &mut |_| false),
            0,
            "popping leaves lower frames clean"
        );
        let f = s.push_frame(1);
        assert_eq!(s.scan(false, &mut |_| false), 1);
        // A frame that still refers to a young (pinned) object stays dirty.
        s.set(f, 0, 0x300);
        assert_eq!(s.scan(false, &mut |w| *w == 0x300), 1);
        assert_eq!(s.scan(false, &mut |_| false), 1);
        assert_eq!(s.scan(false, &mut |_| false), 0);
        assert_eq!(s.scan(true, &mut |_| false), 10);
    }
}
