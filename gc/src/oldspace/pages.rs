//! Size-class pages for small old objects (PyPy's `minimarkpage`, simplified).
//!
//! Memory comes in arenas of [`PAGES_PER_ARENA`] pages of [`PAGE_SIZE`] bytes (2 MiB),
//! aligned to their size so that `addr & !(PAGE_SIZE - 1)` finds a block's page and the
//! kernel can back each arena with one transparent huge page (`mem::advise_huge_pages`:
//! copying into and sweeping the old space then misses the TLB far less; GCBench runs
//! about 7% faster). A page serves one size class (multiples of 8 from 16 to
//! [`SMALL_MAX`] bytes).
//!
//! Allocation goes through a per-class *cursor*: the free list and the never-used tail of
//! one page, taken over from the page. The fast path pops the cursor's free list or bumps
//! its pointer; only when both are exhausted does the allocator move to the next page of
//! the class with room (or a fresh page).
//!
//! Invariants:
//! * a block below a page's bump index (the cursor's `next` for the cursor page) is either
//!   allocated (its first word is an object or shadow header) or free (first word
//!   [`FREE_BLOCK_HEADER`], second word the next free block);
//! * while a cursor owns a page, the page's own `free_head` is empty and its `bump` is
//!   stale; anything that walks or frees blocks of a page first flushes the cursor back;
//! * a page that holds no allocated block after being swept returns to the free-page pool
//!   and may serve another class;
//! * a class's `avail` list may hold stale or duplicate entries (pages that became full or
//!   changed class); the allocator skips them, so they cost time, never correctness.

use std::collections::HashMap;

use crate::header::{FREE_BLOCK_HEADER, POISON_BYTE};
use crate::mem;

/// Bytes per page.
pub const PAGE_SIZE: usize = 16 << 10;
/// Pages per arena.
pub const PAGES_PER_ARENA: usize = 128;
/// One transparent huge page: arenas are aligned to it and advised to use it.
const ARENA_SIZE: usize = PAGE_SIZE * PAGES_PER_ARENA;
const _: () = assert!(ARENA_SIZE == mem::HUGE_PAGE);
/// Largest object size served by size classes (PyPy: 35 words).
pub const SMALL_MAX: usize = 35 * 8;
const NUM_CLASSES: usize = SMALL_MAX / 8 - 1;
const NO_CLASS: u32 = u32::MAX;
const NO_PAGE: u32 = u32::MAX;

#[inline(always)]
fn class_of(size: usize) -> usize {
    debug_assert!((16..=SMALL_MAX).contains(&size) && size.is_multiple_of(8));
    size / 8 - 2
}

#[inline]
fn class_size(class: usize) -> usize {
    (class + 2) * 8
}

pub(crate) struct Page {
    pub start: usize,
    class: u32,
    pub block_size: u32,
    capacity: u32,
    bump: u32,
    free_head: usize,
    in_avail: bool,
}

impl Page {
    pub fn in_use(&self) -> bool {
        self.class != NO_CLASS
    }
}

/// Allocation state of one class: a page's free list and unused tail.
#[derive(Copy, Clone)]
struct Cursor {
    page: u32,
    free_head: usize,
    next: usize,
    end: usize,
}

const EMPTY_CURSOR: Cursor = Cursor {
    page: NO_PAGE,
    free_head: 0,
    next: 0,
    end: 0,
};

pub(crate) struct PageSpace {
    arenas: Vec<usize>,
    pub pages: Vec<Page>,
    page_index: HashMap<usize, u32>,
    free_pages: Vec<u32>,
    avail: Vec<Vec<u32>>,
    cursors: [Cursor; NUM_CLASSES],
    pub bytes_in_use: usize,
    poison: bool,
}

impl PageSpace {
    pub fn new(poison: bool) -> PageSpace {
        PageSpace {
            arenas: Vec::new(),
            pages: Vec::new(),
            page_index: HashMap::new(),
            free_pages: Vec::new(),
            avail: (0..NUM_CLASSES).map(|_| Vec::new()).collect(),
            cursors: [EMPTY_CURSOR; NUM_CLASSES],
            bytes_in_use: 0,
            poison,
        }
    }

    fn new_arena(&mut self) {
        let base = mem::alloc_block(ARENA_SIZE, ARENA_SIZE);
        mem::advise_huge_pages(base, ARENA_SIZE);
        self.arenas.push(base);
        for i in (0..PAGES_PER_ARENA).rev() {
            let start = base + i * PAGE_SIZE;
            let index = self.pages.len() as u32;
            self.pages.push(Page {
                start,
                class: NO_CLASS,
                block_size: 0,
                capacity: 0,
                bump: 0,
                free_head: 0,
                in_avail: false,
            });
            self.page_index.insert(start, index);
            self.free_pages.push(index);
        }
    }

    fn take_page(&mut self, class: usize) -> u32 {
        if self.free_pages.is_empty() {
            self.new_arena();
        }
        let index = self.free_pages.pop().expect("a fresh arena has free pages");
        let size = class_size(class);
        let page = &mut self.pages[index as usize];
        page.class = class as u32;
        page.block_size = size as u32;
        page.capacity = (PAGE_SIZE / size) as u32;
        page.bump = 0;
        page.free_head = 0;
        page.in_avail = true;
        self.avail[class].push(index);
        index
    }

    /// Allocates a block of `size` bytes (a multiple of 8, 16..=SMALL_MAX). Inlined into
    /// the minor collector's copy loop: a free-list pop or a bump, nothing else.
    #[inline(always)]
    pub fn alloc(&mut self, size: usize) -> usize {
        let c = &mut self.cursors[class_of(size)];
        let block = c.free_head;
        if block != 0 {
            // SAFETY: free blocks keep the next free block in their second word.
            c.free_head = unsafe { mem::load(block + 8) };
            self.bytes_in_use += size;
            return block;
        }
        let next = c.next;
        if c.end - next >= size {
            c.next = next + size;
            self.bytes_in_use += size;
            return next;
        }
        self.alloc_after_refill(size)
    }

    #[cold]
    #[inline(never)]
    fn alloc_after_refill(&mut self, size: usize) -> usize {
        self.refill(class_of(size));
        self.alloc(size)
    }

    /// Gives the class cursor a page with room.
    fn refill(&mut self, class: usize) {
        self.flush_cursor(class);
        loop {
            let index = match self.avail[class].last() {
                Some(&i) => i,
                None => self.take_page(class),
            };
            let page = &mut self.pages[index as usize];
            let size = page.block_size as usize;
            if page.class == class as u32 && (page.free_head != 0 || page.bump < page.capacity) {
                self.cursors[class] = Cursor {
                    page: index,
                    free_head: std::mem::take(&mut page.free_head),
                    next: page.start + page.bump as usize * size,
                    end: page.start + page.capacity as usize * size,
                };
                page.bump = page.capacity;
                return;
            }
            if page.class == class as u32 {
                page.in_avail = false;
            }
            self.avail[class].pop();
        }
    }

    /// Gives the cursor's state back to its page.
    fn flush_cursor(&mut self, class: usize) {
        let c = std::mem::replace(&mut self.cursors[class], EMPTY_CURSOR);
        if c.page == NO_PAGE {
            return;
        }
        let page = &mut self.pages[c.page as usize];
        let size = page.block_size as usize;
        page.free_head = c.free_head;
        page.bump = ((c.next - page.start) / size) as u32;
        if (page.free_head != 0 || page.bump < page.capacity) && !page.in_avail {
            page.in_avail = true;
            self.avail[class].push(c.page);
        }
    }

    /// Flushes the cursor of page `index`'s class if it owns that page.
    fn release_cursor_of(&mut self, index: u32) {
        let page = &self.pages[index as usize];
        if page.in_use() && self.cursors[page.class as usize].page == index {
            self.flush_cursor(page.class as usize);
        }
    }

    /// Number of blocks of page `index` ever handed out (the cursor's view if it owns it).
    fn bump_of(&self, index: u32) -> usize {
        let page = &self.pages[index as usize];
        if page.in_use() {
            let c = &self.cursors[page.class as usize];
            if c.page == index {
                return (c.next - page.start) / page.block_size as usize;
            }
        }
        page.bump as usize
    }

    /// Frees the allocated block `addr` of page `index`.
    pub fn free(&mut self, addr: usize, index: u32) {
        self.release_cursor_of(index);
        let poison = self.poison;
        let page = &mut self.pages[index as usize];
        let size = page.block_size as usize;
        // SAFETY: `addr` is an allocated block of this page, `size >= 16` bytes long.
        unsafe {
            if poison {
                mem::fill(addr + 16, POISON_BYTE, size - 16);
            }
            mem::set_header(addr, FREE_BLOCK_HEADER);
            mem::store(addr + 8, page.free_head);
        }
        page.free_head = addr;
        self.bytes_in_use -= size;
        if !page.in_avail {
            page.in_avail = true;
            let class = page.class as usize;
            self.avail[class].push(index);
        }
    }

    fn page_of(&self, addr: usize) -> Option<u32> {
        self.page_index.get(&(addr & !(PAGE_SIZE - 1))).copied()
    }

    /// Does `addr` fall inside one of this space's pages?
    pub fn owns(&self, addr: usize) -> bool {
        self.page_of(addr).is_some()
    }

    /// Frees the allocated block at `addr`, finding its page.
    pub fn free_addr(&mut self, addr: usize) {
        let index = self
            .page_of(addr)
            .expect("tern-gc internal error: freeing a block outside the pages");
        self.free(addr, index);
    }

    /// Is `addr` the start of an allocated (not free) block?
    pub fn is_allocated_block(&self, addr: usize) -> bool {
        let Some(index) = self.page_of(addr) else {
            return false;
        };
        let page = &self.pages[index as usize];
        if !page.in_use() {
            return false;
        }
        let offset = addr - page.start;
        let size = page.block_size as usize;
        offset.is_multiple_of(size)
            && offset / size < self.bump_of(index)
            // SAFETY: the block is below the bump index, so its first word was written.
            && unsafe { mem::header(addr) } != FREE_BLOCK_HEADER
    }

    /// Calls `f` on every allocated block of page `index`.
    pub fn for_each_block(&self, index: u32, f: &mut dyn FnMut(usize, u64)) {
        let page = &self.pages[index as usize];
        if !page.in_use() {
            return;
        }
        let size = page.block_size as usize;
        for i in 0..self.bump_of(index) {
            let addr = page.start + i * size;
            // SAFETY: blocks below the bump index have a header or free-block marker.
            let h = unsafe { mem::header(addr) };
            if h != FREE_BLOCK_HEADER {
                f(addr, h);
            }
        }
    }

    /// Sweeps page `index`: frees every allocated block for which `is_dead` says so and
    /// returns the page to the pool if it became empty. Returns the number of frees.
    pub fn sweep_page<F: FnMut(u64) -> bool>(&mut self, index: u32, mut is_dead: F) -> u64 {
        self.release_cursor_of(index);
        let poison = self.poison;
        let page = &mut self.pages[index as usize];
        if !page.in_use() {
            return 0;
        }
        let size = page.block_size as usize;
        let mut free_head = page.free_head;
        let mut freed = 0u64;
        let mut live = 0usize;
        for i in 0..page.bump as usize {
            let addr = page.start + i * size;
            // SAFETY: blocks below `bump` hold a header or the free-block marker.
            let h = unsafe { mem::header(addr) };
            if h == FREE_BLOCK_HEADER {
                continue;
            }
            if !is_dead(h) {
                live += 1;
                continue;
            }
            // SAFETY: `addr` is an allocated, dead block of `size >= 16` bytes.
            unsafe {
                if poison {
                    mem::fill(addr + 16, POISON_BYTE, size - 16);
                }
                mem::set_header(addr, FREE_BLOCK_HEADER);
                mem::store(addr + 8, free_head);
            }
            free_head = addr;
            freed += 1;
        }
        page.free_head = free_head;
        self.bytes_in_use -= freed as usize * size;
        if live == 0 {
            page.class = NO_CLASS;
            page.bump = 0;
            page.free_head = 0;
            page.in_avail = false;
            self.free_pages.push(index);
        } else if freed > 0 && !page.in_avail {
            page.in_avail = true;
            let class = page.class as usize;
            self.avail[class].push(index);
        }
        freed
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }
}

impl Drop for PageSpace {
    fn drop(&mut self) {
        for &a in &self.arenas {
            // SAFETY: every arena came from `alloc_block(ARENA_SIZE, ARENA_SIZE)`.
            unsafe { mem::free_block(a, ARENA_SIZE, ARENA_SIZE) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alloc_free_reuse_and_page_release() {
        let mut s = PageSpace::new(true);
        let a = s.alloc(24);
        let b = s.alloc(24);
        assert_eq!(b, a + 24);
        assert_eq!(s.bytes_in_use, 48);
        // SAFETY: fresh blocks; write object-like headers so sweeping sees them.
        unsafe {
            mem::set_header(a, 1);
            mem::set_header(b, 2);
        }
        assert!(s.is_allocated_block(a) && !s.is_allocated_block(a + 8));
        s.free_addr(a);
        assert!(!s.is_allocated_block(a));
        assert_eq!(s.alloc(24), a, "free blocks are reused first");
        // SAFETY: `a` was reallocated above.
        unsafe { mem::set_header(a, 1) };
        let index = s.page_of(a).unwrap();
        let freed = s.sweep_page(index, |_| true);
        assert_eq!(freed, 2);
        assert_eq!(s.bytes_in_use, 0);
        assert!(
            !s.pages[index as usize].in_use(),
            "empty page returned to the pool"
        );
        // The page can serve another class now.
        let c = s.alloc(SMALL_MAX);
        assert!(
            s.is_allocated_block(c) || {
                // SAFETY: fresh block.
                unsafe { mem::set_header(c, 3) };
                s.is_allocated_block(c)
            }
        );
    }

    #[test]
    fn many_pages() {
        let mut s = PageSpace::new(false);
        let n = 3 * PAGE_SIZE / 16;
        let blocks: Vec<usize> = (0..n).map(|_| s.alloc(16)).collect();
        let mut sorted = blocks.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), n);
        assert!(s.page_count() >= 3);
        assert_eq!(s.bytes_in_use, n * 16);
    }
}
