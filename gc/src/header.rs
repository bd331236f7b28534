//! The object header: one 64-bit word at the start of every object.
//!
//! ```text
//!  bit 63 ............ 32 31 ............ 0
//!  [       flags        ][     type id     ]
//! ```
//!
//! Invariants:
//! * Every object starts with its header; a `GcRef` is the address of the header and is
//!   8-byte aligned. Objects are at least [`MIN_OBJECT_SIZE`] bytes so that a forwarded
//!   nursery object can hold its forwarding address in the word after the header.
//! * The type id occupies the low 32 bits; ids at or above [`MAX_TYPE_ID`] are reserved for
//!   sentinel headers (free old-space blocks), so a stale reference to a freed block never
//!   decodes as a registered type.
//! * [`TRACK_YOUNG_PTRS`] is the single flag the write barrier tests. It is set on old
//!   objects that may hold GC pointers and are not in the remembered set; it is never set
//!   on young objects. Large arrays with card tables keep it set so every store reaches the
//!   card-marking slow path.
//! * `MARK` is compared against the heap's current mark parity, so starting a new major
//!   cycle "unmarks" every object by flipping the parity instead of touching the objects.
//! * Debug builds fill dead memory with [`POISON_BYTE`]; a header equal to [`POISON_WORD`]
//!   means "this reference points at dead memory".

/// Size in bytes of the header word in front of every object's payload.
pub const HEADER_SIZE: usize = 8;
/// Smallest total object size (header + payload): a forwarded object stores its new address
/// in the word after the header.
pub const MIN_OBJECT_SIZE: usize = 16;
/// Alignment of every object and of every object size.
pub const OBJECT_ALIGN: usize = 8;
/// Mask of the type id inside the header word.
pub const TYPE_ID_MASK: u64 = 0xFFFF_FFFF;
/// First type id that is never handed out (the range above is used by sentinel headers).
pub const MAX_TYPE_ID: u32 = 0xD000_0000;

/// Write-barrier flag: old object with GC pointers, not (yet) in the remembered set.
pub const TRACK_YOUNG_PTRS: u64 = 1 << 32;
/// The object (a large array) has a card table in front of its header.
pub(crate) const HAS_CARDS: u64 = 1 << 33;
/// At least one card of the object is dirty and the object is listed for card scanning.
pub(crate) const CARDS_SET: u64 = 1 << 34;
/// Mark bit of the major collector, compared against the heap's current parity.
pub(crate) const MARK: u64 = 1 << 35;
/// Nursery object that has been copied out; the next word holds its new address.
pub(crate) const FORWARDED: u64 = 1 << 36;
/// Pinned object: never moves while the flag is set.
pub(crate) const PINNED: u64 = 1 << 37;
/// Nursery object whose identity was requested: a block is reserved for it in old space.
pub(crate) const HAS_SHADOW: u64 = 1 << 38;
/// Large object allocated directly in old space that has not survived a minor collection.
pub(crate) const YOUNG_LARGE: u64 = 1 << 39;
/// A young large object was reached during the current minor collection.
pub(crate) const VISITED_YOUNG_LARGE: u64 = 1 << 40;
/// The object's finalizer has been queued (it never runs twice).
pub(crate) const FINALIZER_QUEUED: u64 = 1 << 41;
/// Old object already listed as pointing to a pinned nursery object.
pub(crate) const PINNED_PARENT_KNOWN: u64 = 1 << 42;
/// Old-space block reserved as the future home of a nursery object (its "shadow").
pub(crate) const SHADOW_RESERVED: u64 = 1 << 43;

/// Header of a free block in a size-class page.
pub(crate) const FREE_BLOCK_HEADER: u64 = 0xFFFF_FFFE;
/// Byte written over dead memory in debug builds.
pub const POISON_BYTE: u8 = 0xDB;
/// A whole word of [`POISON_BYTE`].
pub const POISON_WORD: u64 = 0xDBDB_DBDB_DBDB_DBDB;

/// Flags a promoted object keeps from its nursery header (everything else is recomputed).
pub(crate) const FLAGS_KEPT_ON_PROMOTION: u64 = FINALIZER_QUEUED;

/// Type id stored in a header word.
#[inline(always)]
pub(crate) fn type_index(header: u64) -> u32 {
    (header & TYPE_ID_MASK) as u32
}

/// Rounds `n` up to the object alignment.
#[inline(always)]
pub(crate) const fn align_up(n: usize) -> usize {
    (n + OBJECT_ALIGN - 1) & !(OBJECT_ALIGN - 1)
}

/// Rounds `n` up to the object alignment, reporting overflow.
#[inline]
pub(crate) fn checked_align_up(n: usize) -> Option<usize> {
    Some(n.checked_add(OBJECT_ALIGN - 1)? & !(OBJECT_ALIGN - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_do_not_overlap_the_type_id() {
        let all = TRACK_YOUNG_PTRS
            | HAS_CARDS
            | CARDS_SET
            | MARK
            | FORWARDED
            | PINNED
            | HAS_SHADOW
            | YOUNG_LARGE
            | VISITED_YOUNG_LARGE
            | FINALIZER_QUEUED
            | PINNED_PARENT_KNOWN
            | SHADOW_RESERVED;
        assert_eq!(all & TYPE_ID_MASK, 0);
        assert_eq!(all.count_ones(), 12);
    }

    #[test]
    fn sentinels_are_not_valid_type_ids() {
        assert!(type_index(FREE_BLOCK_HEADER) >= MAX_TYPE_ID);
        assert!(type_index(POISON_WORD) >= MAX_TYPE_ID);
    }

    #[test]
    fn alignment_helpers() {
        assert_eq!(align_up(0), 0);
        assert_eq!(align_up(1), 8);
        assert_eq!(align_up(16), 16);
        assert_eq!(checked_align_up(usize::MAX), None);
    }
}
