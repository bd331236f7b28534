//! The old space: non-moving storage for objects that survived a minor collection (or were
//! born large).
//!
//! * Objects up to [`SMALL_MAX`] bytes live in size-class pages ([`pages`]): one size per
//!   page, free blocks on an intrusive list, pages carved from 2 MiB arenas (one huge page).
//! * Larger objects get their own block from the system allocator ([`large`]); a large
//!   array of references carries its card table in front of its header, inside the same
//!   block.
//!
//! Invariants: an address handed out here never moves until it is freed; `bytes_in_use`
//! is the sum of the sizes of all blocks currently handed out (live, dead-but-unswept and
//! reserved shadows), which is what major-collection pacing measures.

pub(crate) mod large;
pub(crate) mod pages;

pub use pages::{PAGE_SIZE, SMALL_MAX};

use large::LargeSpace;
use pages::PageSpace;

pub(crate) struct OldSpace {
    pub pages: PageSpace,
    pub large: LargeSpace,
}

impl OldSpace {
    pub fn new(poison: bool) -> OldSpace {
        OldSpace {
            pages: PageSpace::new(poison),
            large: LargeSpace::default(),
        }
    }

    /// Allocates a block for an object of `size` bytes (8-aligned, >= 16) with
    /// `card_prefix` bytes of card table in front of it (large blocks only). Returns the
    /// object address, or `None` if the system allocator refused a large block.
    #[inline]
    pub fn alloc(&mut self, size: usize, card_prefix: usize) -> Option<usize> {
        if size <= SMALL_MAX && card_prefix == 0 {
            Some(self.pages.alloc(size))
        } else {
            self.large.alloc(size, card_prefix)
        }
    }

    /// Releases the block of the object at `obj` (a small block or a large one).
    pub fn free(&mut self, obj: usize, size: usize) {
        if size <= SMALL_MAX && self.pages.owns(obj) {
            self.pages.free_addr(obj);
        } else {
            self.large.free(obj);
        }
    }

    /// Bytes of all blocks handed out.
    pub fn bytes_in_use(&self) -> usize {
        self.pages.bytes_in_use + self.large.bytes_in_use
    }

    /// Is `addr` the start of a block handed out by this old space?
    pub fn is_block_start(&self, addr: usize) -> bool {
        self.pages.is_allocated_block(addr) || self.large.contains(addr)
    }
}
