//! Errors reported to the client (bad input is an error value, never a panic).

use std::fmt;

use crate::layout::TypeId;

/// Why an allocation failed. Boxed, so `Result<GcRef, AllocError>` stays two words and
/// the allocation fast path returns in registers; inspect it with [`AllocError::kind`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllocError(Box<AllocErrorKind>);

impl AllocError {
    /// What went wrong.
    pub fn kind(&self) -> &AllocErrorKind {
        &self.0
    }
}

impl From<AllocErrorKind> for AllocError {
    #[cold]
    fn from(kind: AllocErrorKind) -> AllocError {
        AllocError(Box::new(kind))
    }
}

/// The reasons an allocation can fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllocErrorKind {
    /// The type id was not handed out by this heap.
    UnknownType(TypeId),
    /// `alloc` was called on a variable-size type (use `alloc_varsize`).
    NeedsLength {
        /// The type's name.
        type_name: String,
    },
    /// `alloc_varsize` was called on a fixed-size type.
    NotVarsize {
        /// The type's name.
        type_name: String,
    },
    /// The requested object size overflows or exceeds the largest supported object.
    TooLarge {
        /// The type's name.
        type_name: String,
        /// Requested item count.
        len: usize,
    },
    /// The heap limit (`max_heap`) or the system allocator refused the memory, even after a
    /// full collection.
    OutOfMemory {
        /// Bytes requested.
        requested: usize,
        /// Old-space size after the full collection.
        heap_size: usize,
    },
}

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            AllocErrorKind::UnknownType(t) => {
                write!(f, "type id {} is not registered in this heap", t.as_u32())
            }
            AllocErrorKind::NeedsLength { type_name } => write!(
                f,
                "type `{type_name}` has a variable-size part: allocate it with alloc_varsize"
            ),
            AllocErrorKind::NotVarsize { type_name } => write!(
                f,
                "type `{type_name}` has no variable-size part: allocate it with alloc"
            ),
            AllocErrorKind::TooLarge { type_name, len } => {
                write!(
                    f,
                    "an object of type `{type_name}` with {len} items is too large"
                )
            }
            AllocErrorKind::OutOfMemory {
                requested,
                heap_size,
            } => write!(
                f,
                "out of memory: {requested} bytes requested with {heap_size} bytes in use"
            ),
        }
    }
}

impl std::error::Error for AllocError {}

/// Why `unpin` refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PinError {
    /// The object is not pinned.
    NotPinned,
}

impl fmt::Display for PinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PinError::NotPinned => write!(f, "unpin: the object is not pinned"),
        }
    }
}

impl std::error::Error for PinError {}
