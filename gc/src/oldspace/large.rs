//! Large blocks: one system allocation per object bigger than a size class.
//!
//! Block shape: `[card table: card_prefix bytes][object]`. The object address is the key.
//!
//! Invariants: every key of `blocks` is the address of an object header inside a live
//! block; `bytes_in_use` is the sum of the block sizes.

use std::collections::HashMap;

use crate::mem;

const LARGE_ALIGN: usize = 16;

pub(crate) struct LargeBlock {
    pub start: usize,
    pub total: usize,
}

#[derive(Default)]
pub(crate) struct LargeSpace {
    blocks: HashMap<usize, LargeBlock>,
    pub bytes_in_use: usize,
}

impl LargeSpace {
    /// Allocates a block for an object of `size` bytes with a `card_prefix`-byte card
    /// table (zeroed) in front. Returns the object address.
    pub fn alloc(&mut self, size: usize, card_prefix: usize) -> Option<usize> {
        let total = size.checked_add(card_prefix)?;
        let start = mem::try_alloc_block(total, LARGE_ALIGN)?;
        if card_prefix > 0 {
            // SAFETY: the card table is the first `card_prefix` bytes of the fresh block.
            unsafe { mem::fill(start, 0, card_prefix) };
        }
        let obj = start + card_prefix;
        self.blocks.insert(obj, LargeBlock { start, total });
        self.bytes_in_use += total;
        Some(obj)
    }

    pub fn free(&mut self, obj: usize) {
        let block = self
            .blocks
            .remove(&obj)
            .expect("tern-gc internal error: freeing an unknown large block");
        self.bytes_in_use -= block.total;
        // SAFETY: the block came from `try_alloc_block(total, LARGE_ALIGN)` and its object
        // is dead (the caller frees only unreachable objects).
        unsafe { mem::free_block(block.start, block.total, LARGE_ALIGN) };
    }

    pub fn contains(&self, obj: usize) -> bool {
        self.blocks.contains_key(&obj)
    }

    /// Addresses of all large objects (sweeping walks a snapshot of them).
    pub fn objects(&self) -> Vec<usize> {
        self.blocks.keys().copied().collect()
    }
}

impl Drop for LargeSpace {
    fn drop(&mut self) {
        for (_, block) in self.blocks.drain() {
            // SAFETY: the heap is being dropped; no object is used afterwards.
            unsafe { mem::free_block(block.start, block.total, LARGE_ALIGN) };
        }
    }
}
