//! The `Vm`: the heap, the rooted state, and the low-level object access every other module
//! builds on (allocation, field loads/stores with the write barrier, the value stack).
//!
//! Other modules extend `Vm` with `impl Vm` blocks by concern (`typeobj`, `attr`, `call`,
//! `ops`, the object modules, the interpreter). See `runtime::roots` for the rooting rules;
//! in short: a `&mut Vm` call is a safepoint, `&Vm` calls never allocate.
//!
//! Invariants:
//! * `st` points to the state allocated in `Vm::new` and freed in `Drop` after the heap's
//!   root set is removed;
//! * field accessors are only called with offsets of the object's layout (checked in debug
//!   builds); a reference passed to them is valid (rule 1 of the rooting rules; checked by
//!   tern-gc in debug builds).

use std::collections::HashMap;

use tern_gc::{Config, GcRef, Heap, RootSetId, Scalar, TypeId};

use super::builtin_types::{Kind, T};
use super::layout::{self, Layouts, OFF_TYPE};
use super::maps::MapTable;
use super::names::Name;
use super::roots::{C, G, Root, STACK_CAP, State, StateRoots};
use super::value::Value;
use crate::runtime::errors::{PyErr, PyResult};

/// Options the VM is created with.
#[derive(Clone, Debug, Default)]
pub struct VmConfig {
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// Directory of the script (`sys.path[0]`), `""` for `-c`/stdin.
    pub path0: Option<String>,
    /// `-u`: unbuffered stdout/stderr.
    pub unbuffered: bool,
    /// `-E`/`-I`: ignore `PYTHON*` environment variables.
    pub ignore_environment: bool,
    /// `-q`.
    pub quiet: bool,
    /// `-O` count.
    pub optimize: u32,
    /// `-v` count.
    pub verbose: u32,
    /// Extra `sys.path` entries appended after `PYTHONPATH` (tern's `lib/`, the stdlib).
    pub extra_paths: Vec<String>,
    /// Set when CPython 3.11's library was not found: appended to the message of a failed
    /// top-level import (see `interp::stdlib_path`).
    pub stdlib_missing_hint: Option<String>,
    /// Tern's bytecode cache for imported modules (`interp::code_cache`); the default is off.
    pub code_cache: crate::interp::code_cache::CacheConfig,
}

/// The Python virtual machine.
pub struct Vm {
    /// The garbage-collected heap.
    pub heap: Heap,
    st: *mut State,
    roots_id: Option<RootSetId<StateRoots>>,
    /// Registered object layouts.
    pub lay: Layouts,
    /// Layout id -> is this layout one whose instances start with a type pointer.
    pub(crate) interner: HashMap<Box<[u8]>, Name>,
    /// Hidden classes.
    pub maps: MapTable,
    /// Next type version tag.
    pub(crate) next_version: u32,
    /// `sys.getrecursionlimit()`.
    pub recursion_limit: usize,
    /// Nesting of Rust-level interpreter entries (each counts as a frame for the limit).
    pub(crate) rust_depth: usize,
    /// Configuration.
    pub config: VmConfig,
    /// Output streams.
    pub io: crate::objects::file::StdStreams,
    /// `sys.get_int_max_str_digits()`.
    pub int_max_str_digits: usize,
    /// Source lines of files, for tracebacks (`linecache`).
    pub(crate) source_cache: HashMap<String, Option<std::rc::Rc<Vec<String>>>>,
    /// Native module initialisers by name (extension point: add modules here).
    pub native_modules: HashMap<&'static str, crate::modules::NativeInit>,
    /// Set when a `SIGINT` arrived (checked at loop back edges).
    pub(crate) interrupt: &'static std::sync::atomic::AtomicBool,
    /// Long-lived objects of native modules by key (indices into the extra roots).
    pub(crate) named_globals: HashMap<&'static str, usize>,
    /// Rust-side bytes allocated for heap objects (big ints, tables) since the last
    /// collection forced by [`Vm::note_external_alloc`].
    pub(crate) external_bytes: usize,
    /// Number of collections forced by external memory pressure.
    pub(crate) external_collections: u64,
}

/// Rust-side memory owned by young objects after which a collection is forced: the
/// collector only sees the small GC headers of big ints and tables, so without this a
/// loop creating large temporary big ints could grow the process by gigabytes before the
/// nursery fills.
const EXTERNAL_LIMIT: usize = 8 << 20;

impl Vm {
    /// Creates a VM: registers layouts, bootstraps builtin types, the builtins module and
    /// `sys`. `TERN_GC_STRESS`/`TERN_GC_POISON`/`TERN_GC_VERIFY` apply.
    pub fn new(config: VmConfig) -> Result<Box<Vm>, String> {
        // The fixed 4 MiB nursery of `Config::default()`, not the cache-sized one of
        // `Config::from_env()` (52 MiB on a machine with a large shared L3): a nursery is
        // resident once the first cycle fills it, and the VM's memory target is CPython's
        // footprint. Measured on the benchmark programs: peak RSS ~61 -> ~12 MiB for
        // most of them, run time unchanged within noise. `TERN_GC_NURSERY` still applies.
        let mut gc = Config::default();
        gc.apply_env_with(&|name| std::env::var(name).ok())
            .map_err(|e| e.to_string())?;
        gc.tagged_word_mask = 1;
        let mut heap = Heap::new(gc).map_err(|e| e.to_string())?;
        let lay =
            Layouts::register(&mut heap, &crate::objects::hooks()).map_err(|e| e.to_string())?;
        let st = Box::into_raw(Box::new(State::new()));
        let roots_id = heap.add_root_set(StateRoots(st));
        let mut vm = Box::new(Vm {
            heap,
            st,
            roots_id: Some(roots_id),
            lay,
            interner: HashMap::new(),
            maps: MapTable::new(),
            next_version: 1,
            recursion_limit: 1000,
            rust_depth: 0,
            config,
            io: crate::objects::file::StdStreams::new(),
            int_max_str_digits: 4300,
            source_cache: HashMap::new(),
            native_modules: HashMap::new(),
            interrupt: crate::interp::signals::interrupt_flag(),
            named_globals: HashMap::new(),
            external_bytes: 0,
            external_collections: 0,
        });
        vm.io.unbuffered = vm.config.unbuffered;
        crate::runtime::bootstrap::bootstrap(&mut vm).map_err(|e| {
            let exc = vm.take_exc(e);
            format!("bootstrap failed: {}", vm.debug_repr(exc))
        })?;
        Ok(vm)
    }

    // ----- state ---------------------------------------------------------------------

    /// The rooted state.
    #[inline(always)]
    pub fn st(&self) -> &State {
        // SAFETY: `st` is valid for the VM's lifetime (module invariant); `&self` excludes
        // a concurrent `&mut` from this VM, and the collector only touches the state inside
        // heap calls, which need `&mut self.heap`.
        unsafe { &*self.st }
    }

    /// The rooted state, mutably.
    #[inline(always)]
    pub fn stm(&mut self) -> &mut State {
        // SAFETY: as in `st`; `&mut self` makes this the only reference.
        unsafe { &mut *self.st }
    }

    /// A builtin type object.
    #[inline(always)]
    pub fn ty(&self, t: T) -> Value {
        Value::from_raw_nonnull(self.st().types[t as usize])
    }

    /// An immortal constant.
    #[inline(always)]
    pub fn c(&self, c: C) -> Value {
        Value::from_raw_nonnull(self.st().consts[c as usize])
    }

    /// `None`.
    #[inline(always)]
    pub fn none(&self) -> Value {
        self.c(C::None)
    }

    /// `True` / `False`.
    #[inline(always)]
    pub fn bool_val(&self, b: bool) -> Value {
        self.c(if b { C::True } else { C::False })
    }

    /// `NotImplemented`.
    #[inline(always)]
    pub fn not_implemented(&self) -> Value {
        self.c(C::NotImplemented)
    }

    /// Whether `v` is `None`.
    #[inline(always)]
    pub fn is_none(&self, v: Value) -> bool {
        v == self.none()
    }

    /// A global root.
    #[inline(always)]
    pub fn g(&self, g: G) -> Value {
        Value::from_raw_nonnull(self.st().globals[g as usize])
    }

    /// A global root that may be unset.
    #[inline(always)]
    pub fn g_opt(&self, g: G) -> Option<Value> {
        Value::from_raw(self.st().globals[g as usize])
    }

    /// Replaces a global root.
    pub fn set_g(&mut self, g: G, v: Option<Value>) {
        self.stm().globals[g as usize] = crate::runtime::value::opt_raw(v);
    }

    /// Registers an extra long-lived root (native modules); returns its index.
    pub fn add_global(&mut self, v: Value) -> usize {
        let st = self.stm();
        st.extra.push(v.raw());
        st.extra.len() - 1
    }

    /// Stores a long-lived object of a native module under `key` (replacing any previous).
    pub fn set_named_global(&mut self, key: &'static str, v: Value) {
        match self.named_globals.get(key) {
            Some(&i) => self.stm().extra[i] = v.raw(),
            None => {
                let i = self.add_global(v);
                self.named_globals.insert(key, i);
            }
        }
    }

    /// The object stored with [`Vm::set_named_global`].
    pub fn named_global(&self, key: &str) -> Option<Value> {
        self.named_globals.get(key).map(|&i| self.global(i))
    }

    /// An extra root registered with [`Vm::add_global`].
    pub fn global(&self, i: usize) -> Value {
        Value::from_raw_nonnull(self.st().extra[i])
    }

    // ----- the value stack -----------------------------------------------------------

    /// The stack pointer.
    #[inline(always)]
    pub fn sp(&self) -> usize {
        self.st().sp
    }

    /// Resets the stack pointer (releasing roots above `mark`).
    #[inline(always)]
    pub fn truncate(&mut self, mark: usize) {
        debug_assert!(mark <= self.sp());
        self.stm().sp = mark;
    }

    /// Pushes without a capacity check: only for the interpreter, whose frames reserve
    /// `max_stackdepth + STACK_SLACK` slots when they are pushed.
    #[inline(always)]
    pub fn push_unchecked(&mut self, w: usize) {
        let st = self.stm();
        debug_assert!(st.sp < STACK_CAP);
        // SAFETY: `sp < STACK_CAP` (frame reservation, checked in debug builds); the slot is
        // inside the stack allocation.
        unsafe { *st.stack.add(st.sp) = w };
        st.sp += 1;
    }

    /// Pushes a value as a root (rule 2). Fails with `MemoryError` when the stack is full.
    #[inline]
    pub fn push_root(&mut self, v: Value) -> PyResult<Root> {
        self.push_word(v.raw())
    }

    /// Pushes an optional value (NULL slot for `None`).
    #[inline]
    pub fn push_opt(&mut self, v: Option<Value>) -> PyResult<Root> {
        self.push_word(crate::runtime::value::opt_raw(v))
    }

    /// Pushes a raw slot word.
    #[inline]
    pub fn push_word(&mut self, w: usize) -> PyResult<Root> {
        let sp = self.sp();
        if sp >= STACK_CAP - 16 {
            return Err(self.stack_overflow());
        }
        self.push_unchecked(w);
        Ok(Root(sp as u32))
    }

    /// Ensures `n` more slots fit on the stack.
    pub fn ensure_stack(&mut self, n: usize) -> PyResult<()> {
        if self.sp() + n + 16 >= STACK_CAP {
            return Err(self.stack_overflow());
        }
        Ok(())
    }

    #[cold]
    fn stack_overflow(&mut self) -> PyErr {
        self.new_error(
            T::RecursionError,
            "maximum recursion depth exceeded (value stack full)",
        )
    }

    /// The value in a root.
    #[inline(always)]
    pub fn get(&self, r: Root) -> Value {
        Value::from_raw_nonnull(self.slot(r.index()))
    }

    /// The value in a root that may be NULL.
    #[inline(always)]
    pub fn get_opt(&self, r: Root) -> Option<Value> {
        Value::from_raw(self.slot(r.index()))
    }

    /// Replaces the value in a root.
    #[inline(always)]
    pub fn set(&mut self, r: Root, v: Value) {
        self.set_slot(r.index(), v.raw());
    }

    /// Replaces the value in a root with an optional value.
    #[inline(always)]
    pub fn set_opt(&mut self, r: Root, v: Option<Value>) {
        self.set_slot(r.index(), crate::runtime::value::opt_raw(v));
    }

    /// Reads stack slot `i`.
    #[inline(always)]
    pub fn slot(&self, i: usize) -> usize {
        let st = self.st();
        debug_assert!(i < st.sp, "stack slot {i} above sp {}", st.sp);
        // SAFETY: `i < sp <= STACK_CAP` (checked in debug builds; every caller derives `i`
        // from a live frame or root).
        unsafe { *st.stack.add(i) }
    }

    /// Writes stack slot `i`.
    #[inline(always)]
    pub fn set_slot(&mut self, i: usize, w: usize) {
        let st = self.stm();
        debug_assert!(i < st.sp, "stack slot {i} above sp {}", st.sp);
        // SAFETY: as in `slot`.
        unsafe { *st.stack.add(i) = w };
    }

    /// Runs `f` and releases every root it pushed (rule 3).
    #[inline]
    pub fn scoped<R>(&mut self, f: impl FnOnce(&mut Vm) -> R) -> R {
        let mark = self.sp();
        let r = f(self);
        self.truncate(mark);
        r
    }

    // ----- allocation ----------------------------------------------------------------

    /// Accounts `bytes` of Rust-side memory about to be owned by a new heap object; collects
    /// (a safepoint, like any allocation) once enough has accumulated, so the destructors of
    /// dead owners free it. Every eighth forced collection also advances a major cycle
    /// (owners that were promoted die in the old generation).
    #[inline]
    pub fn note_external_alloc(&mut self, bytes: usize) {
        self.external_bytes += bytes;
        if self.external_bytes > EXTERNAL_LIMIT {
            self.external_bytes = 0;
            self.external_collections += 1;
            if self.external_collections.is_multiple_of(8) {
                self.heap.collect_step();
            } else {
                self.heap.collect_minor();
            }
        }
    }

    /// Allocates a fixed-size object of `layout`. GC fields are NULL. May collect.
    #[inline(always)]
    pub fn alloc(&mut self, layout: TypeId) -> PyResult<GcRef> {
        match self.heap.alloc(layout) {
            Ok(r) => Ok(r),
            Err(_) => Err(self.memory_error()),
        }
    }

    /// Allocates a variable-size object with `len` items. May collect.
    #[inline(always)]
    pub fn alloc_var(&mut self, layout: TypeId, len: usize) -> PyResult<GcRef> {
        match self.heap.alloc_varsize(layout, len) {
            Ok(r) => Ok(r),
            Err(_) => Err(self.memory_error()),
        }
    }

    /// Allocates an object of `layout` whose type is the builtin `t`.
    #[inline(always)]
    pub fn alloc_t(&mut self, layout: TypeId, t: T) -> PyResult<Value> {
        let r = self.alloc(layout)?;
        let ty = self.st().types[t as usize];
        // SAFETY: `r` was just allocated (young: no barrier needed) and offset 0 is its type
        // field (a GC field of every Python layout).
        unsafe { r.write_slot_no_barrier(OFF_TYPE, ty) };
        Ok(Value::from_gc(r))
    }

    /// Allocates an object of `layout` whose type is held in root `ty`.
    #[inline(always)]
    pub fn alloc_r(&mut self, layout: TypeId, ty: Root) -> PyResult<Value> {
        let r = self.alloc(layout)?;
        let t = self.slot(ty.index());
        // SAFETY: as in `alloc_t`.
        unsafe { r.write_slot_no_barrier(OFF_TYPE, t) };
        Ok(Value::from_gc(r))
    }

    /// Allocates a variable-size object whose type is the builtin `t`.
    #[inline(always)]
    pub fn alloc_var_t(&mut self, layout: TypeId, len: usize, t: T) -> PyResult<Value> {
        let r = self.alloc_var(layout, len)?;
        let ty = self.st().types[t as usize];
        // SAFETY: as in `alloc_t`.
        unsafe { r.write_slot_no_barrier(OFF_TYPE, ty) };
        Ok(Value::from_gc(r))
    }

    #[cold]
    fn memory_error(&mut self) -> PyErr {
        match self.g_opt(G::MemoryErrorInstance) {
            Some(e) => self.raise(e),
            None => self.raise_internal_bootstrap(),
        }
    }

    #[cold]
    fn raise_internal_bootstrap(&mut self) -> PyErr {
        // Only reachable if the heap is exhausted before bootstrap created MemoryError.
        eprintln!("tern: out of memory during start-up");
        std::process::exit(1)
    }

    // ----- object access -------------------------------------------------------------

    #[inline(always)]
    fn check(&self, r: GcRef, off: usize, size: usize) {
        if cfg!(debug_assertions) {
            let total = self.heap.size_of(r);
            assert!(
                off + size + tern_gc::header::HEADER_SIZE <= total,
                "field {off} outside a {total}-byte object"
            );
        }
    }

    /// The layout of a heap object.
    #[inline(always)]
    pub fn layout_of(&self, r: GcRef) -> TypeId {
        if cfg!(debug_assertions) {
            return self.heap.type_of(r);
        }
        // SAFETY: `r` is a live object (rule 1); its first word is the GC header whose low
        // 32 bits are the type id (tern_gc::header layout, public contract).
        let h = unsafe { *(r.addr() as *const u64) };
        TypeId::from_u32((h & tern_gc::header::TYPE_ID_MASK) as u32)
    }

    /// Whether `v` is a heap object of `layout`.
    #[inline(always)]
    pub fn has_layout(&self, v: Value, layout: TypeId) -> bool {
        !v.is_small() && self.layout_of(v.gc()) == layout
    }

    /// Reads a word field.
    #[inline(always)]
    pub fn ld(&self, obj: Value, off: usize) -> usize {
        let r = obj.gc();
        self.check(r, off, 8);
        // SAFETY: `r` is live and `off` is an 8-aligned field of its layout (module
        // invariant, checked in debug builds).
        unsafe { r.read_slot(off) }
    }

    /// Reads a GC field as an optional value.
    #[inline(always)]
    pub fn ldv(&self, obj: Value, off: usize) -> Option<Value> {
        Value::from_raw(self.ld(obj, off))
    }

    /// Reads a GC field known to be set.
    #[inline(always)]
    pub fn ldv1(&self, obj: Value, off: usize) -> Value {
        Value::from_raw_nonnull(self.ld(obj, off))
    }

    /// Reads a scalar field.
    #[inline(always)]
    pub fn ld_scalar<S: Scalar>(&self, obj: Value, off: usize) -> S {
        let r = obj.gc();
        self.check(r, off, size_of::<S>());
        // SAFETY: `off` lies inside the payload of the live object `r` (checked in debug
        // builds); every bit pattern is a valid `S`.
        unsafe { r.read(off) }
    }

    /// Writes a scalar field (never a GC field).
    #[inline(always)]
    pub fn st_scalar<S: Scalar>(&mut self, obj: Value, off: usize, v: S) {
        let r = obj.gc();
        self.check(r, off, size_of::<S>());
        // SAFETY: as in `ld_scalar`; scalar fields are not GC fields (layout module).
        unsafe { r.write(off, v) }
    }

    /// Stores a value into a GC field, with the write barrier (rule 6).
    #[inline(always)]
    pub fn st_field(&mut self, obj: Value, off: usize, v: Option<Value>) {
        let r = obj.gc();
        self.check(r, off, 8);
        self.heap.write_barrier(r);
        // SAFETY: the barrier ran; `off` is a GC field of the live object `r`.
        unsafe { r.write_slot_no_barrier(off, crate::runtime::value::opt_raw(v)) }
    }

    /// Stores into a GC field of an object allocated since the last safepoint (no barrier).
    #[inline(always)]
    pub fn init_field(&mut self, obj: Value, off: usize, v: Option<Value>) {
        let r = obj.gc();
        self.check(r, off, 8);
        debug_assert!(self.heap.is_young(r) || v.is_none_or(|x| x.is_small()));
        // SAFETY: `r` is young (rule 6), so no barrier is needed.
        unsafe { r.write_slot_no_barrier(off, crate::runtime::value::opt_raw(v)) }
    }

    /// Address of item `i` of a variable-size object whose items start at payload offset
    /// `fixed` (8-byte items).
    #[inline(always)]
    fn item_ptr(&self, obj: Value, fixed: usize, i: usize) -> *mut usize {
        let r = obj.gc();
        self.check(r, fixed + 8 * i, 8);
        // SAFETY: in bounds of the live object (checked in debug builds; callers check `i`
        // against the length field).
        unsafe { r.payload_ptr().add(fixed + 8 * i) as *mut usize }
    }

    /// Reads reference item `i`.
    #[inline(always)]
    pub fn item(&self, obj: Value, fixed: usize, i: usize) -> usize {
        // SAFETY: see `item_ptr`.
        unsafe { *self.item_ptr(obj, fixed, i) }
    }

    /// Stores reference item `i`, with the card-marking barrier.
    #[inline(always)]
    pub fn set_item(&mut self, obj: Value, fixed: usize, i: usize, w: usize) {
        self.heap.write_barrier_array(obj.gc(), i);
        // SAFETY: see `item_ptr`; the barrier ran.
        unsafe { *self.item_ptr(obj, fixed, i) = w }
    }

    /// Stores reference item `i` of a young object (no barrier).
    #[inline(always)]
    pub fn init_item(&mut self, obj: Value, fixed: usize, i: usize, w: usize) {
        // SAFETY: see `item_ptr`; the object is young (rule 6).
        unsafe { *self.item_ptr(obj, fixed, i) = w }
    }

    /// The bytes of a byte-items object (str, bytes) whose items start at `fixed`.
    #[inline(always)]
    pub fn byte_items(&self, obj: Value, fixed: usize, len: usize) -> &[u8] {
        let r = obj.gc();
        self.check(r, fixed, len);
        // SAFETY: `len` bytes after `fixed` are the items of the live object; the `&self`
        // borrow rules out a collection (which needs `&mut`) while the slice lives.
        unsafe { std::slice::from_raw_parts(r.payload_ptr().add(fixed), len) }
    }

    /// Mutable bytes of a freshly allocated byte-items object.
    #[inline(always)]
    pub fn byte_items_mut(&mut self, obj: Value, fixed: usize, len: usize) -> &mut [u8] {
        let r = obj.gc();
        self.check(r, fixed, len);
        // SAFETY: as in `byte_items`; `&mut self` makes the slice unique.
        unsafe { std::slice::from_raw_parts_mut(r.payload_ptr().add(fixed), len) }
    }

    // ----- types ---------------------------------------------------------------------

    /// `type(v)`.
    #[inline(always)]
    pub fn type_of(&self, v: Value) -> Value {
        if v.is_small() {
            return self.ty(T::Int);
        }
        self.ldv1(v, OFF_TYPE)
    }

    /// The kind of a type object.
    #[inline(always)]
    pub fn type_kind(&self, ty: Value) -> Kind {
        Kind::from_u8(self.ld_scalar::<u8>(ty, layout::type_::KIND))
    }

    /// The representation kind of `v`.
    #[inline(always)]
    pub fn kind(&self, v: Value) -> Kind {
        if v.is_small() {
            return Kind::Int;
        }
        self.type_kind(self.ldv1(v, OFF_TYPE))
    }

    /// Whether `type(v)` is exactly the builtin `t`.
    #[inline(always)]
    pub fn is_exact(&self, v: Value, t: T) -> bool {
        self.type_of(v) == self.ty(t)
    }

    /// A fresh type version tag.
    pub(crate) fn fresh_version(&mut self) -> u32 {
        let v = self.next_version;
        self.next_version = self.next_version.checked_add(1).unwrap_or(0);
        if self.next_version == 0 {
            // Out of tags: version 0 disables caching for the types modified from now on.
            self.next_version = 0;
            return 0;
        }
        v
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        if let Some(id) = self.roots_id.take() {
            let _ = self.heap.remove_root_set(id);
        }
        // The heap (a field) is dropped after this; it no longer refers to the state.
        // SAFETY: `st` came from `Box::into_raw` in `new` and is freed exactly once, after
        // the root set holding a copy of the pointer was removed from the heap.
        unsafe { drop(Box::from_raw(self.st)) };
    }
}
