//! The shadow stack: frames of GC slots kept by the client (interpreter frames, value
//! stacks, JIT spill areas), scanned precisely by the collector.
//!
//! The frame-marker trick (PyPy's shadow-stack/JIT-frame optimisation): after a minor
//! collection every slot of every frame holds an old reference (or a pinned nursery one,
//! see below). A frame that is not written afterwards cannot gain a young reference, so
//! the next minor collection can stop at it. The stack keeps `clean`: frames below that
//! index are unchanged since the last minor collection. Writing a slot of frame `f`, or
//! popping down to `f`, lowers `clean` to `f`. A minor collection scans frames
//! `clean..depth` only and then raises `clean` to the depth again — except below the
//! lowest frame that still references a pinned nursery object, because such an object may
//! be unpinned and moved by a later minor collection.
//!
//! Major marking always scans every frame (old objects referenced from the stack must be
//! marked however old the frame is).
//!
//! Invariant: every slot of a frame below `clean` holds 0, a tagged word, or the address
//! of an old object.

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
#[derive(Default)]
pub struct ShadowStack {
    pub(crate) slots: Vec<usize>,
    /// Per frame: index of its first slot and its number of slots.
    frames: Vec<Frame>,
    pub(crate) clean: usize,
}

#[derive(Copy, Clone)]
struct Frame {
    base: usize,
    len: usize,
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
        self.frames.push(Frame { base, len: slots });
        self.slots.resize(base + slots, 0);
        FrameId((self.frames.len() - 1) as u32)
    }

    /// Pops the top frame (`frame` must be it).
    #[inline]
    pub fn pop_frame(&mut self, frame: FrameId) -> Result<(), StackError> {
        if frame.0 as usize + 1 != self.frames.len() {
            return Err(StackError::NotTopFrame {
                frame,
                depth: self.frames.len(),
            });
        }
        let top = self.frames.pop().expect("checked non-empty");
        self.slots.truncate(top.base);
        self.clean = self.clean.min(self.frames.len());
        Ok(())
    }

    /// Number of frames.
    pub fn depth(&self) -> usize {
        self.frames.len()
    }

    /// The top frame, if any.
    pub fn top_frame(&self) -> Option<FrameId> {
        self.frames.len().checked_sub(1).map(|d| FrameId(d as u32))
    }

    /// Number of slots of `frame`.
    ///
    /// # Panics
    /// If the frame does not exist.
    pub fn frame_len(&self, frame: FrameId) -> usize {
        match self.frames.get(frame.0 as usize) {
            Some(f) => f.len,
            None => bad_slot(frame, 0, self.frames.len(), None),
        }
    }

    #[inline(always)]
    fn index(&self, frame: FrameId, slot: usize) -> usize {
        match self.frames.get(frame.0 as usize) {
            Some(f) if slot < f.len => f.base + slot,
            Some(f) => bad_slot(frame, slot, self.frames.len(), Some(f.len)),
            None => bad_slot(frame, slot, self.frames.len(), None),
        }
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
        self.clean = self.clean.min(frame.0 as usize);
    }

    /// Writes a reference into slot `slot` of `frame`.
    #[inline]
    pub fn set_ref(&mut self, frame: FrameId, slot: usize, value: Option<GcRef>) {
        self.set(frame, slot, ref_to_slot(value));
    }

    /// Appends a slot to the top frame (value-stack push).
    #[inline]
    pub fn push_value(&mut self, word: usize) -> Result<(), StackError> {
        let top = self
            .frames
            .len()
            .checked_sub(1)
            .ok_or(StackError::NoFrame)?;
        self.slots.push(word);
        self.frames[top].len += 1;
        self.clean = self.clean.min(top);
        Ok(())
    }

    /// Removes and returns the last slot of the top frame (value-stack pop).
    #[inline]
    pub fn pop_value(&mut self) -> Result<usize, StackError> {
        let top = self
            .frames
            .len()
            .checked_sub(1)
            .ok_or(StackError::NoFrame)?;
        if self.frames[top].len == 0 {
            return Err(StackError::FrameEmpty);
        }
        self.frames[top].len -= 1;
        self.clean = self.clean.min(top);
        Ok(self.slots.pop().expect("the top frame has a slot"))
    }

    /// The last slot of the top frame (value-stack peek), if any.
    #[inline]
    pub fn top_value(&self) -> Option<usize> {
        let top = self.frames.last()?;
        if top.len == 0 {
            None
        } else {
            self.slots.last().copied()
        }
    }

    /// Frames `from..depth` with their slot ranges, for the collector.
    pub(crate) fn frame_ranges(
        &self,
        from: usize,
    ) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        (from..self.frames.len()).map(move |f| {
            let fr = self.frames[f];
            (f, fr.base, fr.base + fr.len)
        })
    }

    /// Scans frames for a collection. With `everything`, scans all frames; otherwise only
    /// the frames not known clean. `visit` rewrites a slot and returns whether the slot
    /// still refers to a nursery object afterwards. Returns the number of frames scanned.
    pub(crate) fn scan(
        &mut self,
        everything: bool,
        visit: &mut dyn FnMut(&mut usize) -> bool,
    ) -> u64 {
        let from = if everything {
            0
        } else {
            self.clean.min(self.frames.len())
        };
        let ranges: Vec<(usize, usize, usize)> = self.frame_ranges(from).collect();
        let mut lowest_young_frame = usize::MAX;
        for &(f, start, end) in &ranges {
            let mut young = false;
            for slot in &mut self.slots[start..end] {
                if *slot != 0 && visit(slot) {
                    young = true;
                }
            }
            if young {
                lowest_young_frame = lowest_young_frame.min(f);
            }
        }
        // Frames below `from` were clean and stay clean; scanned frames are clean unless
        // they still refer to a (pinned) nursery object.
        self.clean = self.frames.len().min(lowest_young_frame);
        ranges.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
