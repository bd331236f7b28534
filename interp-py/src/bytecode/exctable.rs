//! The exception table ("zero-cost" exception handling, CPython 3.11 style): instead of a
//! runtime block stack, each code object lists which instruction ranges are protected by which
//! handler.
//!
//! When an instruction at offset `pc` raises, the runtime finds the entry with
//! `start <= pc < end`; if there is none the exception propagates out of the frame. Otherwise it
//! pops the value stack down to `depth` items, pushes `lasti` (the offset `pc` as an int) if the
//! entry's `lasti` flag is set, pushes the exception, and continues at `target`.
//!
//! Invariants: entries are sorted by `start`, do not overlap, and `start < end`; each entry gives
//! the innermost handler for its range.

/// One protected range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExceptionEntry {
    /// First protected code unit.
    pub start: u32,
    /// One past the last protected code unit.
    pub end: u32,
    /// Code unit offset of the handler.
    pub target: u32,
    /// Value stack depth to unwind to before pushing.
    pub depth: u32,
    /// Whether the offset of the raising instruction is pushed before the exception.
    pub lasti: bool,
}

/// The exception table of a code object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExceptionTable {
    entries: Box<[ExceptionEntry]>,
}

impl ExceptionTable {
    /// Builds a table from sorted, non-overlapping entries.
    pub fn new(entries: Vec<ExceptionEntry>) -> ExceptionTable {
        debug_assert!(entries.windows(2).all(|w| w[0].end <= w[1].start));
        ExceptionTable {
            entries: entries.into_boxed_slice(),
        }
    }

    /// All entries, sorted by start.
    pub fn entries(&self) -> &[ExceptionEntry] {
        &self.entries
    }

    /// The handler for an exception raised at `offset` (binary search).
    pub fn lookup(&self, offset: u32) -> Option<&ExceptionEntry> {
        let idx = self.entries.partition_point(|e| e.end <= offset);
        self.entries
            .get(idx)
            .filter(|e| e.start <= offset && offset < e.end)
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_the_covering_entry() {
        let e = |start, end, target| ExceptionEntry {
            start,
            end,
            target,
            depth: 0,
            lasti: false,
        };
        let t = ExceptionTable::new(vec![e(2, 5, 20), e(5, 6, 30), e(10, 12, 40)]);
        assert_eq!(t.lookup(0), None);
        assert_eq!(t.lookup(2).map(|e| e.target), Some(20));
        assert_eq!(t.lookup(4).map(|e| e.target), Some(20));
        assert_eq!(t.lookup(5).map(|e| e.target), Some(30));
        assert_eq!(t.lookup(7), None);
        assert_eq!(t.lookup(11).map(|e| e.target), Some(40));
        assert_eq!(t.lookup(12), None);
    }
}
