//! Ordered compact hash table with a variable-width index (PyPy/CPython compact dict design).

#![warn(missing_docs)]
