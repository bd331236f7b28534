//! Frame slots: the spill area of a compiled trace's frame.
//!
//! Slots are 8 bytes (every trace value fits in one). [`FrameSlots`] hands out the
//! lowest free slot, remembers the kind of what each slot holds (so the GC map of the
//! frame is known at every point) and the high-water mark (the frame size to reserve).
//! Free slots below the high-water mark are kept in a min-heap, so allocation and
//! release cost `O(log slots)` however large the frame grows.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::backend_support::gcmap::GcMap;
use crate::value::Kind;

/// A spill slot index (byte offset = index * 8 from the spill area's base).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SlotId(pub u32);

impl SlotId {
    /// Byte offset of the slot from the spill area's base.
    pub fn offset(self) -> i32 {
        self.0 as i32 * 8
    }
}

/// Allocation state of the frame's slots.
#[derive(Clone, Debug, Default)]
pub struct FrameSlots {
    contents: Vec<Option<Kind>>,
    /// Free slots below `contents.len()` (may hold stale entries of slots taken by
    /// [`FrameSlots::claim`]; `alloc` skips those).
    free: BinaryHeap<Reverse<u32>>,
}

impl FrameSlots {
    /// No slots in use.
    pub fn new() -> FrameSlots {
        FrameSlots::default()
    }

    /// Takes the lowest free slot for a value of `kind`.
    pub fn alloc(&mut self, kind: Kind) -> SlotId {
        while let Some(Reverse(i)) = self.free.pop() {
            let c = &mut self.contents[i as usize];
            if c.is_none() {
                *c = Some(kind);
                return SlotId(i);
            }
        }
        self.contents.push(Some(kind));
        SlotId(self.contents.len() as u32 - 1)
    }

    /// Marks `slot` as holding a value of `kind` (e.g. a bridge input its parent trace
    /// left in that slot), growing the frame if needed.
    pub fn claim(&mut self, slot: SlotId, kind: Kind) {
        let i = slot.0 as usize;
        for j in self.contents.len()..i {
            self.free.push(Reverse(j as u32));
        }
        if i >= self.contents.len() {
            self.contents.resize(i + 1, None);
        }
        self.contents[i] = Some(kind);
    }

    /// Releases a slot.
    pub fn free(&mut self, slot: SlotId) {
        if let Some(c) = self.contents.get_mut(slot.0 as usize)
            && c.take().is_some()
        {
            self.free.push(Reverse(slot.0));
        }
    }

    /// What a slot holds now.
    pub fn kind(&self, slot: SlotId) -> Option<Kind> {
        self.contents.get(slot.0 as usize).copied().flatten()
    }

    /// Number of slots the frame needs (high-water mark).
    pub fn len(&self) -> usize {
        self.contents.len()
    }

    /// True when no slot was ever used.
    pub fn is_empty(&self) -> bool {
        self.contents.is_empty()
    }

    /// The slots currently holding GC references.
    pub fn gc_map(&self) -> GcMap {
        let mut m = GcMap::new(self.contents.len());
        for (i, c) in self.contents.iter().enumerate() {
            if *c == Some(Kind::Ref) {
                m.set(i);
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_reused_lowest_first_and_claimed_slots_count() {
        let mut f = FrameSlots::new();
        f.claim(SlotId(3), Kind::Ref);
        assert_eq!(f.len(), 4);
        assert_eq!(f.alloc(Kind::Int), SlotId(0));
        assert_eq!(f.alloc(Kind::Ref), SlotId(1));
        assert_eq!(f.alloc(Kind::Float), SlotId(2));
        assert_eq!(f.alloc(Kind::Int), SlotId(4));
        f.free(SlotId(1));
        f.free(SlotId(1));
        assert_eq!(f.gc_map().iter().collect::<Vec<_>>(), vec![3]);
        assert_eq!(f.alloc(Kind::Int), SlotId(1));
        assert_eq!(
            f.alloc(Kind::Int),
            SlotId(5),
            "a double free hands out nothing twice"
        );
        f.free(SlotId(4));
        f.free(SlotId(0));
        f.claim(SlotId(0), Kind::Float);
        assert_eq!(f.alloc(Kind::Int), SlotId(4), "claimed slots are skipped");
        assert_eq!(SlotId(2).offset(), 16);
    }
}
