//! Software transactional memory with `TransactionQueue` and PyPy-STM-style conflict
//! reports.
//!
//! Run independent pieces of work on several cores, each inside a transaction, with the
//! result equal to some serial order: no locks in user code, no deadlocks, and a report of
//! the conflicts that stop the work from scaling.
//!
//! ```
//! use tern_stm::{TVar, atomically};
//!
//! let from = TVar::new(100_i64);
//! let to = TVar::new(0_i64);
//! atomically(|tx| {
//!     let amount = 30;
//!     let balance = tx.read(&from)?;
//!     if balance < amount {
//!         return tx.retry(); // block until `from` changes
//!     }
//!     tx.write(&from, balance - amount)?;
//!     tx.modify(&to, |b| b + amount)
//! });
//! assert_eq!((from.snapshot(), to.snapshot()), (70, 30));
//! ```
//!
//! # Design
//!
//! TL2-style: a global version clock and a versioned lock per location
//! (`clock` module), opaque reads validated against the transaction's
//! read version with snapshot extension, redo-logged writes published at commit under the
//! locks, epoch-based reclamation for replaced values and dropped locations, blocking
//! `retry` through a wake-up registry, an inevitability token that serialises irrevocable
//! transactions, and a contention policy (see [`Config`]) that makes a repeatedly aborted
//! transaction inevitable.
//!
//! Modules (one concern each): `clock` (version clock, lock words), `epoch`
//! (reclamation), `runtime` (global state, thread slots), `tvar`, `object`, `writeset`,
//! `tx` (reads, validation, commit), `atomically` (attempt loop), `wakeup` (retry),
//! `inevitable`, `contention`, `report`, `queue`, `sync` (loom shim).

#![warn(missing_docs)]

mod atomically;
mod clock;
mod contention;
mod epoch;
mod inevitable;
mod object;
mod queue;
mod report;
mod runtime;
mod sync;
mod tvar;
mod tx;
mod wakeup;
mod writeset;

#[doc(hidden)]
pub use atomically::last_commit_stamp;
pub use atomically::{TxError, atomically, atomically_inevitable, in_transaction, try_atomically};
pub use contention::{Config, ConfigError, config, set_config};
pub use object::TObject;
pub use queue::{QueueError, TransactionQueue};
pub use report::{
    ConflictKind, ConflictRecord, Marker, Report, enable_reporting, report, reporting_enabled,
    reset_report,
};
pub use tvar::TVar;
pub use tx::{Abort, StmResult, Tx};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
