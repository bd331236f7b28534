//! Frame slots: the spill area of a compiled trace's frame.
//!
//! Slots are 8 bytes (every trace value fits in one). [`FrameSlots`] hands out the
//! lowest free slot, remembers the kind of what each slot holds (so the GC map of the
//! frame is known at every point) and the high-water mark (the frame size to reserve).

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
}

impl FrameSlots {
    /// No slots in use.
    pub fn new() -> FrameSlots {
        FrameSlots::default()
    }

    /// Takes the lowest free slot for a value of `kind`.
    pub fn alloc(&mut self, kind: Kind) -> SlotId {
        let i = match self.contents.iter().position(Option::is_none) {
            Some(i) => i,
            None => {
                self.contents.push(None);
                self.contents.len() - 1
            }
        };
        self.contents[i] = Some(kind);
        SlotId(i as u32)
    }

    /// Releases a slot.
    pub fn free(&mut self, slot: SlotId) {
        if let Some(c) = self.contents.get_mut(slot.0 as usize) {
            *c = None;
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
