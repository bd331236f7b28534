//! Generational moving garbage collector: no-zero nursery, pinning, card marking,
//! incremental major.
//!
//! tern-gc follows PyPy's incminimark: objects are born in a bump-pointer nursery that is
//! never zeroed, survivors are copied to a non-moving old space by minor collections, and
//! the old space is collected by an incremental mark-sweep paced by allocation. A
//! one-flag write barrier feeds the remembered set; large arrays use card marking. Objects
//! can be pinned to hand their memory to C; identity (`id()`, identity hash) survives
//! moves. Roots are precise: the heap owns a shadow stack, handle scopes and global roots,
//! and visits client root sets.
//!
//! The object model is the client's: it registers [`TypeLayout`]s and gets [`TypeId`]s.
//!
//! ```
//! use tern_gc::{Config, Heap, TypeLayout};
//!
//! let mut heap = Heap::new(Config::default()).unwrap();
//! // struct Node { next: GcRef, value: i64 }
//! let node = heap.register_type(TypeLayout::new("Node", 16).gc_field(0)).unwrap();
//! let list = heap.scope(|heap, s| {
//!     let mut head = None;
//!     for i in 0..1000 {
//!         let n = heap.alloc(node).unwrap();      // may collect: `head` must be rooted
//!         heap.write(n, 8, i as i64);
//!         heap.store_ref(n, 0, head.map(|h| heap.get(h)));
//!         head = Some(heap.root(s, n));
//!     }
//!     heap.get(head.unwrap())
//! });
//! assert_eq!(heap.read::<i64>(list, 8), 999);
//! ```
//!
//! # Safety contract (summary; details in the README)
//!
//! A [`GcRef`] is a raw address. It stays valid until the next *safepoint* — any call that
//! may allocate or collect (`alloc*`, `collect*`, `finish_major`, `run_pending_finalizers`)
//! — unless it is held in a root (shadow stack, handle,
//! global root, registered [`RootSet`]) or in a GC field of a reachable object. Before
//! storing a GC pointer into an object, run the write barrier (`store_ref` does). Custom
//! trace hooks must report every slot, destructors must not touch the heap. Debug builds
//! validate references in every accessor, and with `TERN_GC_STRESS=1` every allocation
//! collects, so a forgotten root fails fast and loudly.

#![warn(missing_docs)]

mod barrier;
pub mod cache;
mod collect;
pub mod config;
mod error;
mod finalizer;
mod gcref;
mod handles;
pub mod header;
mod heap;
mod identity;
pub mod jit;
mod layout;
mod major;
mod mem;
mod minor;
mod nursery;
mod oldspace;
mod pinning;
mod roots;
mod shadow_stack;
mod stats;
mod trace;
mod verify;
mod weakref;

pub use config::{Config, ConfigError};
pub use error::{AllocError, AllocErrorKind, PinError};
pub use gcref::{GcRef, Scalar, ref_to_slot, slot_to_ref};
pub use handles::{Handle, Scope};
pub use heap::{Heap, MAX_OBJECT_SIZE};
pub use jit::{JitHeapInfo, JitTypeInfo};
pub use layout::{DestructorFn, FinalizerFn, LayoutError, TraceFn, TypeId, TypeLayout, VarSize};
pub use major::MajorPhase;
pub use nursery::NurseryPointers;
pub use oldspace::{PAGE_SIZE, SMALL_MAX};
pub use roots::{GlobalRoot, RootSet, RootSetId, SlotVisitor};
pub use shadow_stack::{FrameId, ShadowStack, StackError};
pub use stats::Stats;
