//! Generational moving garbage collector: no-zero nursery, pinning, card marking, incremental major.

#![warn(missing_docs)]
