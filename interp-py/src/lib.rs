//! The Tern Python 3.11 virtual machine (binary `tern`).

#![warn(missing_docs)]
