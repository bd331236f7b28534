//! The heap: allocation, typed access to objects, roots registration.
//!
//! A [`Heap`] is a single-threaded object owned by its client (an interpreter); it is
//! `!Send` because it hands out raw addresses. Collections run inside allocation calls
//! (and the explicit `collect*` calls); everything they need — types, spaces, roots — is
//! owned by the heap.
//!
//! Allocation: fixed-size types without hooks use an inline bump-and-compare fast path;
//! everything else goes through `alloc_slow`, which counts stress-mode allocations,
//! enforces the heap limit, uses the next nursery segment, collects when the nursery is
//! full, and sends large objects straight to old space. The nursery is never zeroed: the
//! allocator nulls the GC fields (and the items of reference arrays) and writes the length
//! field; other payload bytes are uninitialised (poison in debug builds) until the client
//! writes them.
//!
//! Invariants:
//! * every object handed out has a valid header and null (or client-written) GC slots
//!   before the next safepoint;
//! * `gc.young_destructors`, `gc.young_finalizers`, `gc.young_large` list every young
//!   object with a destructor, finalizer, or old-space block respectively;
//! * accessors check bounds in all builds and validate the reference in debug builds, so
//!   a stale `GcRef` shows up as a clear panic under stress mode instead of corrupting
//!   memory.

use std::any::Any;
use std::collections::{HashMap, HashSet, VecDeque};
use std::marker::PhantomData;

use crate::config::{Config, ConfigError};
use crate::error::{AllocError, AllocErrorKind};
use crate::gcref::{GcRef, Scalar, ref_to_slot, slot_to_ref};
use crate::header::{
    HAS_CARDS, HEADER_SIZE, MARK, POISON_BYTE, TRACK_YOUNG_PTRS, YOUNG_LARGE, type_index,
};
use crate::layout::{LayoutError, TypeId, TypeInfo, TypeLayout, TypeRegistry};
use crate::major::MajorState;
use crate::mem;
use crate::nursery::Nursery;
use crate::oldspace::OldSpace;
use crate::roots::{GlobalRoot, RootSet, RootSetId, Roots};
use crate::shadow_stack::ShadowStack;
use crate::stats::Stats;
use crate::trace;

/// Nulls `words` words at `at`: straight-line stores behind predictable branches for the
/// usual one or two GC fields (a counted loop gets vectorised and a `match` becomes an
/// indirect jump, both slower for two fields), `memset` beyond four.
///
/// # Safety
/// `[at, at + 8 * words)` is writable heap memory.
#[inline(always)]
unsafe fn null_words(at: usize, words: usize) {
    // SAFETY: guaranteed by the caller.
    unsafe {
        if words == 0 {
            return;
        }
        mem::store(at, 0);
        if words == 1 {
            return;
        }
        mem::store(at + 8, 0);
        if words == 2 {
            return;
        }
        if words > 4 {
            mem::fill(at + 16, 0, 8 * (words - 2));
            return;
        }
        mem::store(at + 16, 0);
        if words == 4 {
            mem::store(at + 24, 0);
        }
    }
}

/// How far ahead of the allocation pointer the inline path prefetches the nursery for
/// writing (HotSpot's allocation prefetch): the nursery is larger than the L2 cache, so
/// without it every new cache line is a write miss the allocator waits for. Measured on
/// this machine: 512 bytes made GCBench about 8% faster; 4 KiB does as well there and
/// also brings pure allocation through a 52 MiB nursery from ~4 to ~3 ns per object.
const ALLOC_PREFETCH_DISTANCE: usize = 4096;

/// Largest object the heap accepts (1 TiB).
pub const MAX_OBJECT_SIZE: usize = 1 << 40;

/// A garbage-collected heap. See the crate documentation for the safety contract.
pub struct Heap {
    pub(crate) types: TypeRegistry,
    pub(crate) gc: GcState,
    pub(crate) roots: Roots,
    /// Raw addresses are only meaningful on the owning thread.
    _not_send: PhantomData<*mut ()>,
}

/// Everything a collection mutates, apart from the roots and the (read-only) types.
pub(crate) struct GcState {
    pub config: Config,
    pub nursery: Nursery,
    pub old: OldSpace,
    pub tag_mask: usize,
    pub card_items: usize,
    pub max_pinned: usize,
    /// Old objects that lost `TRACK_YOUNG_PTRS` through the write barrier.
    pub remembered: Vec<usize>,
    /// Old arrays with `CARDS_SET`.
    pub cards_set: Vec<usize>,
    /// Old objects that referred to a pinned nursery object at the last minor collection.
    pub old_to_pinned: Vec<usize>,
    pub young_large: Vec<usize>,
    pub young_large_bytes: usize,
    pub young_destructors: Vec<usize>,
    pub young_finalizers: Vec<usize>,
    /// Nursery object -> reserved old-space block (identity was requested).
    pub young_shadows: HashMap<usize, usize>,
    pub pinned_young: Vec<usize>,
    pub pinned_old: HashSet<usize>,
    pub old_destructors: Vec<usize>,
    pub old_finalizers: Vec<usize>,
    pub old_weak: Vec<usize>,
    pub pending_finalizers: VecDeque<usize>,
    pub major: MajorState,
    /// Value of the `MARK` bit meaning "marked" in the current cycle.
    pub parity: u64,
    pub stats: Stats,
    pub stress_countdown: u32,
    /// The minor collector's scan stack, kept between collections to reuse its buffer.
    pub minor_scan: Vec<usize>,
    /// First panic raised by a destructor during a collection, re-raised afterwards.
    pub deferred_panic: Option<Box<dyn Any + Send>>,
}

impl GcState {
    #[inline(always)]
    pub fn is_null_or_tagged(&self, word: usize) -> bool {
        word == 0 || word & self.tag_mask != 0
    }

    /// Allocates an old-space block while a collection is running (cannot fail softly).
    pub fn alloc_old_or_abort(&mut self, size: usize, card_prefix: usize) -> usize {
        match self.old.alloc(size, card_prefix) {
            Some(addr) => addr,
            None => {
                eprintln!("tern-gc: out of memory while copying a {size}-byte object");
                std::process::abort()
            }
        }
    }

    pub fn note_old_size(&mut self) {
        let now = self.old.bytes_in_use() as u64;
        self.stats.old_bytes_now = now;
        self.stats.old_bytes_peak = self.stats.old_bytes_peak.max(now);
    }

    /// Runs a destructor, catching a panic to re-raise it once the collection is over.
    pub fn run_destructor(&mut self, hook: crate::layout::DestructorFn, obj: usize) {
        let r = GcRef::from_addr(obj).expect("objects are non-null");
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| hook(r)));
        self.stats.destructors_run += 1;
        if let Err(payload) = result
            && self.deferred_panic.is_none()
        {
            self.deferred_panic = Some(payload);
        }
    }
}

impl Heap {
    /// Creates a heap. Unless `config.env_debug_overrides` is false, `TERN_GC_STRESS`,
    /// `TERN_GC_POISON` and `TERN_GC_VERIFY` from the environment override the config.
    pub fn new(mut config: Config) -> Result<Heap, ConfigError> {
        if config.env_debug_overrides {
            config.apply_debug_env_with(&|name| std::env::var(name).ok())?;
        }
        config.validate()?;
        let nursery = Nursery::new(
            config.nursery_size,
            config.poison,
            config.rotate_nursery,
            config.stress > 0,
        );
        let gc = GcState {
            nursery,
            old: OldSpace::new(config.poison),
            tag_mask: config.tagged_word_mask,
            card_items: config.card_items,
            max_pinned: config.effective_max_pinned(),
            remembered: Vec::new(),
            cards_set: Vec::new(),
            old_to_pinned: Vec::new(),
            young_large: Vec::new(),
            young_large_bytes: 0,
            young_destructors: Vec::new(),
            young_finalizers: Vec::new(),
            young_shadows: HashMap::new(),
            pinned_young: Vec::new(),
            pinned_old: HashSet::new(),
            old_destructors: Vec::new(),
            old_finalizers: Vec::new(),
            old_weak: Vec::new(),
            pending_finalizers: VecDeque::new(),
            major: MajorState::new(config.effective_min_major_heap()),
            parity: MARK,
            stats: Stats::default(),
            stress_countdown: config.stress.max(1),
            minor_scan: Vec::new(),
            deferred_panic: None,
            config,
        };
        Ok(Heap {
            types: TypeRegistry::default(),
            gc,
            roots: Roots::default(),
            _not_send: PhantomData,
        })
    }

    /// The configuration in effect (after environment overrides).
    pub fn config(&self) -> &Config {
        &self.gc.config
    }

    /// Registers a type layout.
    pub fn register_type(&mut self, layout: TypeLayout) -> Result<TypeId, LayoutError> {
        self.types.register(layout, self.gc.config.large_object)
    }

    /// Name of a registered type.
    pub fn type_name(&self, ty: TypeId) -> Option<&str> {
        self.types.get(ty).map(|i| i.name.as_str())
    }

    /// Number of registered types.
    pub fn type_count(&self) -> usize {
        self.types.len()
    }

    /// Allocates an object of a fixed-size type. Its GC fields are null; other payload
    /// bytes are uninitialised. May collect.
    #[inline]
    pub fn alloc(&mut self, ty: TypeId) -> Result<GcRef, AllocError> {
        let fast = self.types.fast_alloc_info(ty);
        if fast != 0 {
            let size = (fast >> 32) as usize;
            let zero_words = (fast & 0xFFFF_FFFF) as usize;
            let ptrs = &mut *self.gc.nursery.ptrs;
            let free = ptrs.free;
            if size <= ptrs.top - free {
                ptrs.free = free + size;
                mem::prefetch_write(free + ALLOC_PREFETCH_DISTANCE);
                // SAFETY: `[free, free + size)` was just reserved in the nursery and the
                // `zero_words` words after the header lie inside it; nursery addresses
                // are non-zero.
                unsafe {
                    mem::set_header(free, ty.0 as u64);
                    null_words(free + HEADER_SIZE, zero_words);
                    return Ok(GcRef::from_nonzero_addr(free));
                }
            }
        }
        self.alloc_slow(ty, None)
    }

    /// Allocates an object of a variable-size type with `len` items. GC fields and
    /// reference items are null, the length field holds `len`. May collect.
    #[inline]
    pub fn alloc_varsize(&mut self, ty: TypeId, len: usize) -> Result<GcRef, AllocError> {
        if let Some(info) = self.types.get(ty)
            && info.fast_varsize
            && let Some(size) = info.size_for_len(len)
            && size < self.gc.config.large_object
        {
            let ptrs = &mut *self.gc.nursery.ptrs;
            let free = ptrs.free;
            if size <= ptrs.top - free {
                ptrs.free = free + size;
                let v = info.var.as_ref().expect("variable-size type");
                // SAFETY: `[free, free + size)` was just reserved in the nursery; the
                // length field, GC fields and items lie inside it.
                unsafe {
                    mem::set_header(free, ty.0 as u64);
                    mem::fill(free + HEADER_SIZE, 0, info.zero_prefix);
                    mem::store(free + HEADER_SIZE + v.length_offset, len);
                    if v.items_have_refs {
                        mem::fill(free + info.base_size, 0, len * v.item_size);
                    }
                }
                return Ok(GcRef::from_addr(free).expect("nursery addresses are non-null"));
            }
        }
        self.alloc_slow(ty, Some(len))
    }

    #[inline(never)]
    pub(crate) fn alloc_slow(
        &mut self,
        ty: TypeId,
        len: Option<usize>,
    ) -> Result<GcRef, AllocError> {
        let Some(info) = self.types.get(ty) else {
            return Err(AllocErrorKind::UnknownType(ty).into());
        };
        let len = match (len, info.var.is_some()) {
            (None, true) => {
                return Err(AllocErrorKind::NeedsLength {
                    type_name: info.name.clone(),
                }
                .into());
            }
            (Some(_), false) => {
                return Err(AllocErrorKind::NotVarsize {
                    type_name: info.name.clone(),
                }
                .into());
            }
            (l, _) => l.unwrap_or(0),
        };
        let size = info
            .size_for_len(len)
            .filter(|&s| s <= MAX_OBJECT_SIZE)
            .ok_or_else(|| {
                AllocError::from(AllocErrorKind::TooLarge {
                    type_name: info.name.clone(),
                    len,
                })
            })?;
        if self.gc.config.stress > 0 {
            self.gc.stress_countdown -= 1;
            if self.gc.stress_countdown == 0 {
                self.gc.stress_countdown = self.gc.config.stress;
                self.stress_step();
            }
        }
        if let Some(max) = self.gc.config.max_heap
            && self.gc.old.bytes_in_use().saturating_add(size) > max
        {
            self.collect();
            let in_use = self.gc.old.bytes_in_use();
            if in_use.saturating_add(size) > max {
                return Err(AllocErrorKind::OutOfMemory {
                    requested: size,
                    heap_size: in_use,
                }
                .into());
            }
        }
        if size < self.gc.config.large_object {
            let addr = match self.gc.nursery.alloc_slow(size) {
                Some(a) => Some(a),
                None => {
                    self.collect_paced();
                    self.gc.nursery.alloc_slow(size)
                }
            };
            if let Some(addr) = addr {
                self.init_young(addr, ty, len, 0);
                return Ok(GcRef::from_addr(addr).expect("non-null"));
            }
            // Pinned objects fragment the nursery so much that no gap fits: fall through
            // and place the object in old space.
        }
        self.alloc_outside_nursery(ty, len, size)
    }

    fn alloc_outside_nursery(
        &mut self,
        ty: TypeId,
        len: usize,
        size: usize,
    ) -> Result<GcRef, AllocError> {
        if self.gc.young_large_bytes > self.gc.config.nursery_size / 2 {
            self.collect_paced();
        }
        let info = self.types.get(ty).expect("checked by the caller");
        let cards = trace::card_prefix(info, len, self.gc.card_items);
        let addr = match self.gc.old.alloc(size, cards) {
            Some(a) => a,
            None => {
                self.collect();
                let info = self.types.get(ty).expect("checked by the caller");
                let cards = trace::card_prefix(info, len, self.gc.card_items);
                self.gc.old.alloc(size, cards).ok_or_else(|| {
                    AllocError::from(AllocErrorKind::OutOfMemory {
                        requested: size,
                        heap_size: self.gc.old.bytes_in_use(),
                    })
                })?
            }
        };
        if self.gc.config.poison {
            // SAFETY: `[addr, addr + size)` is the fresh old-space block.
            unsafe { mem::fill(addr, POISON_BYTE, size) };
        }
        let flags = YOUNG_LARGE | self.gc.parity | if cards > 0 { HAS_CARDS } else { 0 };
        self.init_young(addr, ty, len, flags);
        self.gc.young_large.push(addr);
        self.gc.young_large_bytes += size;
        self.gc.stats.large_bytes_allocated += size as u64;
        self.gc.stats.bytes_allocated += size as u64;
        self.gc.note_old_size();
        Ok(GcRef::from_addr(addr).expect("non-null"))
    }

    /// Writes the header, nulls the slots, stores the length, registers hooks.
    fn init_young(&mut self, addr: usize, ty: TypeId, len: usize, flags: u64) {
        let info = self.types.get(ty).expect("checked by the caller");
        // SAFETY: `addr` is a fresh block of `info.size_for_len(len)` bytes.
        unsafe {
            mem::set_header(addr, ty.0 as u64 | flags);
            mem::fill(addr + HEADER_SIZE, 0, info.zero_prefix);
            if let Some(v) = &info.var {
                mem::store(addr + HEADER_SIZE + v.length_offset, len);
                if v.items_have_refs {
                    mem::fill(addr + info.base_size, 0, len * v.item_size);
                }
            }
        }
        if info.destructor.is_some() {
            self.gc.young_destructors.push(addr);
        }
        if info.finalizer.is_some() {
            self.gc.young_finalizers.push(addr);
        }
    }

    // ----- typed access -------------------------------------------------------------

    /// Validates `obj` in debug builds (panics with an explanation if it is stale).
    #[inline(always)]
    pub(crate) fn check_ref(&self, obj: GcRef) {
        if cfg!(debug_assertions)
            && let Err(why) = crate::verify::validate_object(self, obj.addr())
        {
            panic!(
                "tern-gc: invalid GcRef {:#x}: {why}. A reference was probably kept across \
                 an allocation without being rooted (see the safety contract).",
                obj.addr()
            );
        }
    }

    #[inline(always)]
    pub(crate) fn info_of(&self, obj: GcRef) -> &TypeInfo {
        self.check_ref(obj);
        // SAFETY: `obj` is a live object (client contract, checked in debug builds).
        let h = unsafe { mem::header(obj.addr()) };
        self.types.of_index(type_index(h))
    }

    /// The object's type.
    #[inline]
    pub fn type_of(&self, obj: GcRef) -> TypeId {
        self.check_ref(obj);
        // SAFETY: `obj` is a live object (client contract, checked in debug builds).
        TypeId(type_index(unsafe { mem::header(obj.addr()) }))
    }

    /// Total size of the object in bytes (header included).
    pub fn size_of(&self, obj: GcRef) -> usize {
        let info = self.info_of(obj);
        // SAFETY: `obj` is live and of type `info`.
        unsafe { trace::object_size(obj.addr(), info) }
    }

    /// Item count of a variable-size object (`None` for fixed-size types).
    #[inline]
    pub fn item_count(&self, obj: GcRef) -> Option<usize> {
        let info = self.info_of(obj);
        info.var.as_ref()?;
        // SAFETY: `obj` is live and of type `info`.
        Some(unsafe { trace::item_count(obj.addr(), info) })
    }

    /// Bounds check of a fixed-payload access; returns the object's header. Uses the dense
    /// table of payload sizes, not the full type info, so the check costs a load and a
    /// compare on top of the header load the write barrier needs anyway.
    #[inline(always)]
    fn check_field(&self, obj: GcRef, offset: usize, size: usize) -> u64 {
        self.check_ref(obj);
        // SAFETY: `obj` is a live object (client contract, checked in debug builds).
        let h = unsafe { mem::header(obj.addr()) };
        let limit = self.types.fixed_size_of(type_index(h));
        if offset.checked_add(size).is_none_or(|e| e > limit) {
            field_out_of_range(offset, size, self.types.of_index(type_index(h)));
        }
        h
    }

    /// Debug-build check that `offset` is a declared GC field of `obj`'s type.
    #[inline(always)]
    fn debug_check_ref_field(&self, h: u64, offset: usize) {
        if cfg!(debug_assertions) {
            let info = self.types.of_index(type_index(h));
            assert!(
                info.is_ref_field(offset),
                "tern-gc: offset {offset} is not a GC field of `{}`",
                info.name
            );
        }
    }

    /// Reads a scalar field of the fixed payload.
    ///
    /// # Panics
    /// If the field is outside the fixed payload.
    #[inline]
    pub fn read<T: Scalar>(&self, obj: GcRef, offset: usize) -> T {
        self.check_field(obj, offset, size_of::<T>());
        // SAFETY: bounds checked above; `T` accepts every bit pattern.
        unsafe { obj.read(offset) }
    }

    /// Writes a scalar field of the fixed payload (not a GC field, not the length field).
    ///
    /// # Panics
    /// If the field is outside the fixed payload (and, in debug builds, if it overlaps a
    /// GC field or the length field).
    #[inline]
    pub fn write<T: Scalar>(&mut self, obj: GcRef, offset: usize, value: T) {
        let h = self.check_field(obj, offset, size_of::<T>());
        if cfg!(debug_assertions) {
            let info = self.types.of_index(type_index(h));
            let end = offset + size_of::<T>();
            let overlaps = |f: usize| f < end && offset < f + 8;
            assert!(
                !info
                    .gc_fields
                    .iter()
                    .chain(info.weak_fields.iter())
                    .any(|&f| overlaps(f))
                    && !info.var.as_ref().is_some_and(|v| overlaps(v.length_offset)),
                "tern-gc: scalar write at offset {offset} of `{}` overlaps a GC or length field",
                info.name
            );
        }
        // SAFETY: bounds checked above; the bytes are plain data.
        unsafe { obj.write(offset, value) }
    }

    /// Reads a GC field (strong or weak) as a reference.
    #[inline]
    pub fn read_ref(&self, obj: GcRef, offset: usize) -> Option<GcRef> {
        slot_to_ref(self.read_slot(obj, offset))
    }

    /// Reads a GC field as a raw slot word (may be a tagged word).
    ///
    /// # Panics
    /// If the offset is outside the payload (debug builds: not a declared GC field).
    #[inline]
    pub fn read_slot(&self, obj: GcRef, offset: usize) -> usize {
        let h = self.check_field(obj, offset, 8);
        self.debug_check_ref_field(h, offset);
        // SAFETY: bounds checked; GC fields are initialised at allocation.
        unsafe { obj.read_slot(offset) }
    }

    /// Stores a reference into a GC field, running the write barrier.
    #[inline]
    pub fn store_ref(&mut self, obj: GcRef, offset: usize, value: Option<GcRef>) {
        if let Some(v) = value {
            self.check_ref(v);
        }
        self.store_slot(obj, offset, ref_to_slot(value));
    }

    /// Stores a raw slot word (0, tagged word or reference) into a GC field, running the
    /// write barrier.
    #[inline]
    pub fn store_slot(&mut self, obj: GcRef, offset: usize, word: usize) {
        let h = self.check_field(obj, offset, 8);
        self.debug_check_ref_field(h, offset);
        // The write barrier, on the header already loaded.
        if h & TRACK_YOUNG_PTRS != 0 {
            self.gc.remember(obj.addr(), h);
        }
        // SAFETY: bounds checked; the barrier ran.
        unsafe { obj.write_slot_no_barrier(offset, word) }
    }

    #[inline(always)]
    fn item_addr(
        &self,
        obj: GcRef,
        index: usize,
        offset: usize,
        size: usize,
    ) -> (usize, &TypeInfo) {
        let info = self.info_of(obj);
        let Some(v) = info.var.as_ref() else {
            no_items(info)
        };
        // SAFETY: `obj` is live and of type `info`.
        let len = unsafe { trace::item_count(obj.addr(), info) };
        if index >= len {
            item_out_of_range(index, len, info);
        }
        if offset.checked_add(size).is_none_or(|e| e > v.item_size) {
            item_field_out_of_range(offset, size, v.item_size, info);
        }
        (
            obj.addr() + info.base_size + index * v.item_size + offset,
            info,
        )
    }

    /// Reads item `index` of a reference array.
    #[inline]
    pub fn item_ref(&self, obj: GcRef, index: usize) -> Option<GcRef> {
        slot_to_ref(self.item_slot(obj, index, 0))
    }

    /// Reads the GC slot at `offset` inside item `index`.
    #[inline]
    pub fn item_slot(&self, obj: GcRef, index: usize, offset: usize) -> usize {
        let (addr, info) = self.item_addr(obj, index, offset, 8);
        debug_assert!(
            info.var
                .as_ref()
                .is_some_and(|v| v.item_gc_fields.contains(&offset)),
            "tern-gc: item offset {offset} is not a GC field of `{}`",
            info.name
        );
        // SAFETY: bounds checked; reference items are nulled at allocation.
        unsafe { mem::load(addr) }
    }

    /// Stores into item `index` of a reference array, with the card-marking barrier.
    #[inline]
    pub fn store_item_ref(&mut self, obj: GcRef, index: usize, value: Option<GcRef>) {
        if let Some(v) = value {
            self.check_ref(v);
        }
        self.store_item_slot(obj, index, 0, ref_to_slot(value));
    }

    /// Stores a slot word at `offset` inside item `index`, with the card-marking barrier.
    #[inline]
    pub fn store_item_slot(&mut self, obj: GcRef, index: usize, offset: usize, word: usize) {
        let (addr, info) = self.item_addr(obj, index, offset, 8);
        debug_assert!(
            info.var
                .as_ref()
                .is_some_and(|v| v.item_gc_fields.contains(&offset)),
            "tern-gc: item offset {offset} is not a GC field of `{}`",
            info.name
        );
        self.write_barrier_array(obj, index);
        // SAFETY: bounds checked; the barrier ran.
        unsafe { mem::store(addr, word) }
    }

    /// Reads a scalar at `offset` inside item `index`.
    #[inline]
    pub fn read_item<T: Scalar>(&self, obj: GcRef, index: usize, offset: usize) -> T {
        let (addr, _) = self.item_addr(obj, index, offset, size_of::<T>());
        // SAFETY: bounds checked; `T` accepts every bit pattern.
        unsafe { std::ptr::read_unaligned(mem::ptr(addr) as *const T) }
    }

    /// Writes a scalar at `offset` inside item `index` (not a GC field of the item).
    #[inline]
    pub fn write_item<T: Scalar>(&mut self, obj: GcRef, index: usize, offset: usize, value: T) {
        let (addr, info) = self.item_addr(obj, index, offset, size_of::<T>());
        if cfg!(debug_assertions) {
            let end = offset + size_of::<T>();
            let v = info.var.as_ref().expect("checked");
            assert!(
                !v.item_gc_fields.iter().any(|&f| f < end && offset < f + 8),
                "tern-gc: scalar item write at offset {offset} of `{}` overlaps a GC field",
                info.name
            );
        }
        // SAFETY: bounds checked; the bytes are plain data.
        unsafe { std::ptr::write_unaligned(mem::ptr(addr) as *mut T, value) }
    }

    fn byte_range(&self, obj: GcRef) -> (usize, usize) {
        let info = self.info_of(obj);
        let v = info.var.as_ref().unwrap_or_else(|| {
            panic!("tern-gc: `{}` has no items", info.name);
        });
        assert!(
            !v.items_have_refs,
            "tern-gc: the items of `{}` hold GC pointers; no byte access",
            info.name
        );
        // SAFETY: `obj` is live and of type `info`.
        let len = unsafe { trace::item_count(obj.addr(), info) };
        (obj.addr() + info.base_size, len * v.item_size)
    }

    /// The items of a variable-size object without GC pointers, as bytes. The borrow of
    /// the heap guarantees no collection happens while the slice lives.
    pub fn bytes(&self, obj: GcRef) -> &[u8] {
        let (start, len) = self.byte_range(obj);
        // SAFETY: the item area of a live object; no collection can run while `self` is
        // borrowed, so the object neither moves nor dies during the borrow.
        unsafe { std::slice::from_raw_parts(mem::ptr(start), len) }
    }

    /// Mutable bytes of the items (see [`Heap::bytes`]).
    pub fn bytes_mut(&mut self, obj: GcRef) -> &mut [u8] {
        let (start, len) = self.byte_range(obj);
        // SAFETY: as in `bytes`; `&mut self` makes the slice unique.
        unsafe { std::slice::from_raw_parts_mut(mem::ptr(start), len) }
    }

    /// Is `obj` in the nursery (it may move at the next collection unless pinned)?
    pub fn is_young(&self, obj: GcRef) -> bool {
        self.gc.nursery.contains(obj.addr())
    }

    // ----- statistics ---------------------------------------------------------------

    /// A snapshot of the statistics counters.
    pub fn stats(&self) -> Stats {
        let mut s = self.gc.stats.clone();
        s.bytes_allocated += self.gc.nursery.used_bytes() as u64;
        s.old_bytes_now = self.gc.old.bytes_in_use() as u64;
        s.pinned_now = self.gc.pinned_young.len() as u64;
        s
    }

    /// Zeroes the counters (gauges such as `old_bytes_now` are recomputed on read), so a
    /// benchmark or test can measure one phase on its own. `bytes_allocated` then also
    /// counts what the nursery held at the reset.
    pub fn reset_stats(&mut self) {
        self.gc.stats = Stats::default();
    }

    /// Bytes in use in the old space right now.
    pub fn old_bytes(&self) -> usize {
        self.gc.old.bytes_in_use()
    }

    // ----- roots --------------------------------------------------------------------

    /// The heap's shadow stack.
    pub fn shadow_stack(&mut self) -> &mut ShadowStack {
        &mut self.roots.stack
    }

    /// Read-only view of the shadow stack.
    pub fn shadow_stack_ref(&self) -> &ShadowStack {
        &self.roots.stack
    }

    /// Adds a global root (released with [`Heap::remove_root`]).
    pub fn add_root(&mut self, obj: Option<GcRef>) -> GlobalRoot {
        if let Some(o) = obj {
            self.check_ref(o);
        }
        self.roots.globals.add(ref_to_slot(obj))
    }

    /// The current value of a global root.
    pub fn get_root(&self, root: &GlobalRoot) -> Option<GcRef> {
        slot_to_ref(self.roots.globals.slots[root.index])
    }

    /// Replaces the value of a global root.
    pub fn set_root(&mut self, root: &GlobalRoot, obj: Option<GcRef>) {
        if let Some(o) = obj {
            self.check_ref(o);
        }
        self.roots.globals.slots[root.index] = ref_to_slot(obj);
    }

    /// Releases a global root and returns its last value.
    pub fn remove_root(&mut self, root: GlobalRoot) -> Option<GcRef> {
        slot_to_ref(self.roots.globals.remove(root))
    }

    /// Number of live global roots.
    pub fn global_root_count(&self) -> usize {
        self.roots.globals.live_count()
    }

    /// Moves a client root set into the heap; it is visited at every collection.
    pub fn add_root_set<T: RootSet + 'static>(&mut self, set: T) -> RootSetId<T> {
        self.roots.add_set(set)
    }

    /// Access to a root set added with [`Heap::add_root_set`] (`None` once removed).
    pub fn root_set_mut<T: RootSet + 'static>(&mut self, id: RootSetId<T>) -> Option<&mut T> {
        self.roots.set_mut(id)
    }

    /// Removes a root set and gives it back.
    pub fn remove_root_set<T: RootSet + 'static>(&mut self, id: RootSetId<T>) -> Option<T> {
        self.roots.remove_set(id)
    }

    /// Re-raises a panic caught in a destructor during the last collection.
    pub(crate) fn resume_deferred_panic(&mut self) {
        if let Some(payload) = self.gc.deferred_panic.take() {
            std::panic::resume_unwind(payload);
        }
    }
}

// Panics of the bounds checks, out of line so the formatting arguments stay off the hot
// paths of the accessors.

#[cold]
#[inline(never)]
fn field_out_of_range(offset: usize, size: usize, info: &TypeInfo) -> ! {
    panic!(
        "tern-gc: offset {offset} (+{size}) is outside the {}-byte payload of `{}`",
        info.fixed_size, info.name
    )
}

#[cold]
#[inline(never)]
fn no_items(info: &TypeInfo) -> ! {
    panic!("tern-gc: `{}` has no items", info.name)
}

#[cold]
#[inline(never)]
fn item_out_of_range(index: usize, len: usize, info: &TypeInfo) -> ! {
    panic!(
        "tern-gc: item index {index} out of range for `{}` of length {len}",
        info.name
    )
}

#[cold]
#[inline(never)]
fn item_field_out_of_range(offset: usize, size: usize, item_size: usize, info: &TypeInfo) -> ! {
    panic!(
        "tern-gc: item offset {offset} (+{size}) is outside the {item_size}-byte item of `{}`",
        info.name
    )
}

impl Drop for Heap {
    fn drop(&mut self) {
        // Every object dies with the heap: run the destructors so Rust memory owned by
        // objects is released. Finalizers do not run.
        let mut pending: Vec<usize> = std::mem::take(&mut self.gc.young_destructors);
        pending.append(&mut self.gc.old_destructors);
        for obj in pending {
            // SAFETY: objects on the destructor lists are alive until their destructor ran.
            let h = unsafe { mem::header(obj) };
            if let Some(hook) = self.types.of_index(type_index(h)).destructor {
                self.gc.run_destructor(hook, obj);
            }
        }
        // A panicking destructor must not abort through a panic-in-drop: drop it.
        self.gc.deferred_panic = None;
    }
}
