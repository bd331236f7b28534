//! Software transactional memory with TransactionQueue and conflict reports.

#![warn(missing_docs)]
