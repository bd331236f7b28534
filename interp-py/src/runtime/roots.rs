//! Rooting: how Rust code keeps Python objects alive and up to date across collections.
//!
//! tern-gc moves young objects, so a `Value` (or `GcRef`) held in a Rust local becomes stale
//! at the next *safepoint*: any call that may allocate, collect or run Python code. In this
//! VM every such call takes `&mut Vm`; calls that take `&Vm` never allocate.
//!
//! # The rules
//!
//! 1. **A `Value` in a Rust local is valid until the next `&mut Vm` call.** Between two such
//!    calls, read, compare and store values freely.
//! 2. **To keep a value across a `&mut Vm` call, root it**: `let r = vm.push_root(v)?` pushes it
//!    on the VM value stack and returns a [`Root`] (a stack index); read it back with
//!    `vm.get(r)` after every safepoint. Never cache the result of `vm.get(r)` across a
//!    safepoint.
//! 3. **Roots are released by whoever called you**: every call into a builtin or a Python
//!    function resets the stack pointer to its value at entry when it returns, so a builtin
//!    may push roots freely. A Rust helper that pushes roots and is *not* such a call entry
//!    (and may be called in a loop) restores the stack itself: `let mark = vm.sp(); ...;
//!    vm.truncate(mark);`, or uses [`crate::runtime::Vm::scoped`].
//! 4. **Arguments arrive rooted**: builtins receive `Args` describing stack slots; read
//!    arguments with `args.get(vm, i)` after each safepoint, or keep their `Root`s.
//! 5. **Return values are unrooted**: the caller roots (or stores) a returned value before
//!    its next safepoint. The interpreter pushes it on the value stack immediately.
//! 6. **Stores into heap objects use the barriered setters** (`vm.set_field`,
//!    `vm.set_item`, container methods). Raw stores without barrier are allowed only into an
//!    object allocated since the last safepoint.
//! 7. **Long-lived references** live in the VM state below (builtin types, constants,
//!    interned names, module registry, caches) or in GC fields of reachable objects.
//!    Rust-side memory owned by an object (dict tables, code constants, inline caches) is
//!    reported by that object's custom trace hook.
//! 8. **Raised exceptions** live in the state (`exc`), not in `PyErr`: on `Err(e)` either
//!    propagate it at once, or take the exception with `vm.take_exc(e)` (and root it) before
//!    doing anything else that may raise.
//!
//! How violations show up: run the suite with `TERN_GC_STRESS=1` (a collection at every
//! allocation) in a debug build; every object accessor validates its reference and the
//! nursery is poisoned, so a forgotten root fails at the first test that exercises it.
//!
//! # The state
//!
//! [`State`] is allocated once per VM (`Box::into_raw`) and reached by the VM and by the
//! root set registered in the heap through the same raw pointer, never at the same time:
//! the collector only runs inside heap calls, when the VM holds no Rust reference into the
//! state (the `&mut Vm` borrow rules enforce that: state access goes through `&mut self`).
//!
//! Invariants:
//! * every word in `stack[0..sp]` is 0 or a valid slot word (small int or live object);
//! * `stack` and `frames` never reallocate (fixed capacities), so raw pointers to a stack
//!   slot or a frame record stay valid while the slot or frame exists;
//! * every non-zero word listed in [`State::visit`] is a valid slot word.

use tern_gc::{RootSet, SlotVisitor};

use super::builtin_types::T;
use crate::objects::code::CodeRt;

/// Capacity of the value stack in slots (virtual memory; pages are touched on use).
pub const STACK_CAP: usize = 1 << 24;
/// Capacity of the frame stack (bounds the effective recursion limit).
pub const FRAME_CAP: usize = 1 << 20;
/// Slots every frame push keeps free above the frame for Rust code (roots of builtins).
pub const STACK_SLACK: usize = 64;
/// Size of the global attribute cache (a power of two).
pub const METHOD_CACHE_SIZE: usize = 4096;

/// A rooted stack slot (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Root(pub u32);

impl Root {
    /// The slot index.
    #[inline(always)]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Frame flags.
pub mod ff {
    /// The frame was entered from Rust: returning from it leaves the interpreter loop.
    pub const ENTRY: u32 = 1;
    /// A generator/coroutine frame (its `gen_obj` field is set).
    pub const GENERATOR: u32 = 2;
    /// An `__init__` call made by type instantiation: the result is the instance in `ret`.
    pub const INIT: u32 = 4;
    /// The frame runs module/class/exec code with a locals mapping.
    pub const HAS_LOCALS: u32 = 8;
}

/// An interpreter frame record (the value slots live on the value stack).
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    /// Runtime code (owned by the code object reachable from `func`).
    pub code: *const CodeRt,
    /// The function object (or a code-runner function for module/exec code). GC root.
    pub func: usize,
    /// Globals dict. GC root.
    pub globals: usize,
    /// Locals mapping (class bodies, module and exec code) or 0. GC root.
    pub locals: usize,
    /// The Python frame object, once created. GC root.
    pub frame_obj: usize,
    /// The generator object of a generator frame, else 0. GC root.
    pub gen_obj: usize,
    /// Stack index of `localsplus[0]`.
    pub base: u32,
    /// Stack index the result goes to; the stack pointer is reset to it (plus one) on return.
    pub ret: u32,
    /// Offset of the instruction being executed (the traceback's `lasti`).
    pub pc: u32,
    /// [`ff`] flags.
    pub flags: u32,
}

/// Immortal constants (roots).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum C {
    None,
    True,
    False,
    NotImplemented,
    Ellipsis,
    EmptyTuple,
    EmptyStr,
    EmptyBytes,
    /// Internal marker: "looked up, not found" in caches.
    NotFound,
}

impl C {
    /// Number of constants.
    pub const COUNT: usize = 9;
}

/// Long-lived, replaceable roots.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum G {
    BuiltinsModule,
    BuiltinsDict,
    SysModule,
    SysDict,
    /// `sys.modules`.
    Modules,
    /// The `__main__` module.
    Main,
    /// `sys.stdout` etc. as installed at start-up (`sys.__stdout__`).
    Stdout,
    Stderr,
    Stdin,
    /// Cached `MemoryError` instance raised when allocation fails.
    MemoryErrorInstance,
    /// Registry of native module objects by name (dict).
    NativeModules,
    /// Objects whose repr is being computed (a list; recursion detection).
    ReprStack,
}

impl G {
    /// Number of global roots.
    pub const COUNT: usize = 12;
}

/// One entry of the global attribute cache: `(type version, name) -> value`.
#[derive(Clone, Copy, Default)]
pub struct CacheEntry {
    /// Type version tag (0: empty).
    pub version: u32,
    /// Name id.
    pub name: u32,
    /// The attribute found, or the `NotFound` constant.
    pub value: usize,
}

/// The rooted state of a VM.
pub struct State {
    /// Value stack storage (`STACK_CAP` slots).
    pub stack: *mut usize,
    /// Stack pointer: number of live slots.
    pub sp: usize,
    /// Frame records (capacity `FRAME_CAP`, never reallocated).
    pub frames: Vec<Frame>,
    /// Builtin type objects.
    pub types: [usize; T::COUNT],
    /// Immortal constants.
    pub consts: [usize; C::COUNT],
    /// Global roots.
    pub globals: [usize; G::COUNT],
    /// Interned strings by name id.
    pub names: Vec<usize>,
    /// One-character strings for code points below 256 (lazily filled).
    pub chars: [usize; 256],
    /// The exception being raised (payload of a `PyErr`), or 0.
    pub exc: usize,
    /// The handled exception (`sys.exc_info()`), or 0.
    pub exc_info: usize,
    /// Global attribute cache.
    pub method_cache: Vec<CacheEntry>,
    /// Extra roots registered by native modules (see `Vm::add_global`).
    pub extra: Vec<usize>,
    /// Containers whose repr is being computed (recursion detection; never allocates on the
    /// GC heap, so entering a repr is not a safepoint).
    pub repr_stack: Vec<usize>,
}

impl State {
    /// A state with an empty stack.
    pub fn new() -> State {
        let mut storage: Vec<usize> = Vec::with_capacity(STACK_CAP);
        let stack = storage.as_mut_ptr();
        std::mem::forget(storage);
        State {
            stack,
            sp: 0,
            frames: Vec::with_capacity(FRAME_CAP),
            types: [0; T::COUNT],
            consts: [0; C::COUNT],
            globals: [0; G::COUNT],
            names: Vec::new(),
            chars: [0; 256],
            exc: 0,
            exc_info: 0,
            method_cache: vec![CacheEntry::default(); METHOD_CACHE_SIZE],
            extra: Vec::new(),
            repr_stack: Vec::new(),
        }
    }

    /// Visits every root slot.
    pub fn visit(&mut self, v: &mut dyn SlotVisitor) {
        for i in 0..self.sp {
            // SAFETY: `i < sp <= STACK_CAP`; the slot is initialised (invariant above).
            let slot = unsafe { &mut *self.stack.add(i) };
            if *slot != 0 {
                v.visit(slot);
            }
        }
        for f in self.frames.iter_mut() {
            for slot in [
                &mut f.func,
                &mut f.globals,
                &mut f.locals,
                &mut f.frame_obj,
                &mut f.gen_obj,
            ] {
                if *slot != 0 {
                    v.visit(slot);
                }
            }
        }
        let fixed = self
            .types
            .iter_mut()
            .chain(self.consts.iter_mut())
            .chain(self.globals.iter_mut())
            .chain(self.names.iter_mut())
            .chain(self.chars.iter_mut())
            .chain(self.extra.iter_mut())
            .chain(self.repr_stack.iter_mut())
            .chain([&mut self.exc, &mut self.exc_info]);
        for slot in fixed {
            if *slot != 0 {
                v.visit(slot);
            }
        }
        for e in self.method_cache.iter_mut() {
            if e.value != 0 {
                v.visit(&mut e.value);
            }
        }
    }
}

impl Default for State {
    fn default() -> State {
        State::new()
    }
}

impl Drop for State {
    fn drop(&mut self) {
        // SAFETY: `stack` came from a `Vec<usize>` of capacity `STACK_CAP` and length 0 that
        // was forgotten in `new`; rebuilding it with the same capacity releases it once.
        unsafe { drop(Vec::from_raw_parts(self.stack, 0, STACK_CAP)) };
    }
}

/// The root set registered in the heap: a raw pointer to the VM's state.
pub struct StateRoots(pub *mut State);

impl RootSet for StateRoots {
    fn visit_roots(&mut self, visitor: &mut dyn SlotVisitor) {
        // SAFETY: the state outlives the heap's use of this root set (the VM removes the
        // root set / drops the heap before freeing the state), and collections only run
        // inside heap calls, when the VM holds no reference into the state (module docs).
        unsafe { (*self.0).visit(visitor) }
    }
}
