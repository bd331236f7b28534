//! cffi-style C foreign function interface: cdef parser, layouts, dlopen, calls.

#![warn(missing_docs)]
