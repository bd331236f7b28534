//! Memory as the IR sees it: the [`Memory`] trait, and [`ModelHeap`], a checked heap.
//!
//! The IR interpreter (and so the interpreting backend) performs every load, store and
//! allocation through [`Memory`], at the level of descriptors. An embedder implements it
//! over its real GC (tern-gc in the Python VM); tests use [`ModelHeap`].
//!
//! `ModelHeap` is real memory with real addresses, so a machine-code backend can run a
//! trace on it directly and the result can be compared with the IR interpreter's:
//! - objects are bump-allocated in a nursery whose `free`/`top` words have stable
//!   addresses ([`ModelHeap::nursery_cells`]), exactly what an inlined allocation fast path
//!   needs; when the nursery is full, objects are allocated as separate "old" blocks;
//! - every object starts with a header described by [`ObjectLayout`] (type id, GC flags,
//!   vtable), so objects allocated inline by machine code are found again by walking the
//!   nursery ([`ModelHeap::sync`]);
//! - every access through [`Memory`] is checked: it must fall inside one block, be
//!   naturally aligned, and array indices must be in range. A bad access is a [`Trap`],
//!   never undefined behaviour. Memory is zeroed on allocation and freed on drop.
//! - objects outside the nursery are *old*: they carry [`WB_FLAG`] in their GC flags until
//!   a write barrier ([`ModelHeap::write_barrier`]) records them in the remembered set;
//!   [`ModelHeap::check_write_barriers`] finds old objects that point to nursery objects
//!   without having been recorded, i.e. a store that skipped the barrier. Stores made
//!   through [`Memory`] perform the barrier themselves (they are the GC's own stores);
//! - nothing is ever collected or moved: this is a model for tests, not a GC.

use std::alloc::{self, Layout};
use std::cell::Cell;
use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::hash::HashMap;
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;

use crate::descr::{ArrayDescr, Descr, FieldDescr, SizeDescr};
use crate::value::{Kind, Value};

/// Where the GC header fields live in every object (embedder-defined).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObjectLayout {
    /// Offset of the 4-byte GC type id written at allocation.
    pub type_id_offset: i32,
    /// Offset of the 4-byte GC flags word (write-barrier bits live here).
    pub flags_offset: i32,
    /// Offset of the 8-byte vtable pointer of objects with a class.
    pub vtable_offset: i32,
}

impl Default for ObjectLayout {
    fn default() -> ObjectLayout {
        ObjectLayout {
            type_id_offset: 0,
            flags_offset: 4,
            vtable_offset: 8,
        }
    }
}

/// A failed memory operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trap {
    /// Access through a null reference.
    Null,
    /// The address is not inside any live block (or the access crosses its end).
    BadAddress {
        /// The first byte accessed.
        addr: u64,
        /// The access size.
        size: u64,
    },
    /// The address is not aligned to the access size.
    Misaligned {
        /// The address.
        addr: u64,
        /// The access size.
        size: u64,
    },
    /// An array index outside `0..length`.
    IndexOutOfRange {
        /// The index.
        index: i64,
        /// The array length.
        length: i64,
    },
    /// A negative or absurdly large allocation length.
    BadLength(i64),
    /// Allocation failed.
    OutOfMemory,
    /// The value stored has the wrong kind for the location.
    WrongKind {
        /// Expected kind.
        expected: Kind,
        /// Kind of the value given.
        got: Kind,
    },
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trap::Null => f.write_str("null dereference"),
            Trap::BadAddress { addr, size } => write!(f, "bad address {addr:#x} ({size} bytes)"),
            Trap::Misaligned { addr, size } => {
                write!(f, "misaligned {size}-byte access at {addr:#x}")
            }
            Trap::IndexOutOfRange { index, length } => {
                write!(f, "index {index} out of range for length {length}")
            }
            Trap::BadLength(n) => write!(f, "bad allocation length {n}"),
            Trap::OutOfMemory => f.write_str("out of memory"),
            Trap::WrongKind { expected, got } => {
                write!(f, "stored a {got} where a {expected} belongs")
            }
        }
    }
}

impl std::error::Error for Trap {}

/// The memory operations the IR interpreter needs, at descriptor level.
///
/// `base` is a `Ref` for GC objects and an `Int` address for raw memory.
pub trait Memory {
    /// The header layout of objects.
    fn layout(&self) -> ObjectLayout;
    /// Loads a field.
    fn load_field(&mut self, base: Value, field: &FieldDescr) -> Result<Value, Trap>;
    /// Stores a field.
    fn store_field(&mut self, base: Value, field: &FieldDescr, value: Value) -> Result<(), Trap>;
    /// Loads an array item (GC arrays are bounds-checked by the model, not by compiled code).
    fn load_item(&mut self, base: Value, index: i64, array: &ArrayDescr) -> Result<Value, Trap>;
    /// Stores an array item.
    fn store_item(
        &mut self,
        base: Value,
        index: i64,
        array: &ArrayDescr,
        value: Value,
    ) -> Result<(), Trap>;
    /// The length of a GC array or string.
    fn array_length(&mut self, array: u64, descr: &ArrayDescr) -> Result<i64, Trap>;
    /// Allocates a zeroed object, writing its type id (and vtable if the descr has one).
    fn allocate(&mut self, size: &SizeDescr) -> Result<u64, Trap>;
    /// Allocates a zeroed array of `length` items, writing type id and length.
    fn allocate_array(&mut self, descr: &ArrayDescr, length: i64) -> Result<u64, Trap>;
    /// The vtable word of an object.
    fn class_of(&mut self, obj: u64) -> Result<u64, Trap>;
}

/// What a block of the model heap holds.
#[derive(Clone, Debug)]
pub enum BlockKind {
    /// A fixed-size object.
    Struct(Arc<SizeDescr>),
    /// An array or string with its length.
    Array(Arc<ArrayDescr>, i64),
    /// Raw memory (addressed with ints).
    Raw,
}

/// One allocated block.
#[derive(Clone, Debug)]
pub struct Block {
    /// Start address.
    pub addr: u64,
    /// Size in bytes.
    pub size: usize,
    /// Contents description.
    pub kind: BlockKind,
    /// Allocated outside the nursery (a separate allocation).
    pub old: bool,
}

struct Chunk {
    ptr: *mut u8,
    layout: Layout,
}

impl Drop for Chunk {
    fn drop(&mut self) {
        // SAFETY: `ptr` was returned by `alloc_zeroed(layout)` and is freed exactly once.
        unsafe { alloc::dealloc(self.ptr, self.layout) }
    }
}

/// A checked heap of real memory for tests and for comparing backends (see module docs).
pub struct ModelHeap {
    layout: ObjectLayout,
    /// `[free, top]` of the nursery, boxed so their addresses never change; `Cell`s
    /// because compiled code writes `free` through a raw pointer.
    cells: Box<[Cell<u64>; 2]>,
    /// Owns the nursery memory (freed on drop).
    _nursery: Chunk,
    nursery_start: u64,
    nursery_end: u64,
    synced_to: u64,
    chunks: Vec<Chunk>,
    blocks: Vec<Block>,
    by_addr: BTreeMap<u64, usize>,
    types: HashMap<u32, Descr>,
    allocate_old: bool,
    remembered: Vec<u64>,
}

impl fmt::Debug for ModelHeap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ModelHeap")
            .field("blocks", &self.blocks.len())
            .field("nursery_used", &(self.cells[0].get() - self.nursery_start))
            .finish()
    }
}

const ALIGN: usize = 16;

/// The GC flag (lowest bit of the flags word) marking an old object that is not in the
/// remembered set: storing a reference into it requires the write barrier.
pub const WB_FLAG: u8 = 1;

impl ModelHeap {
    /// A heap with the default header layout and a nursery of `nursery_bytes`.
    pub fn new(nursery_bytes: usize) -> ModelHeap {
        ModelHeap::with_layout(ObjectLayout::default(), nursery_bytes)
    }

    /// A heap with the given header layout.
    pub fn with_layout(layout: ObjectLayout, nursery_bytes: usize) -> ModelHeap {
        let size = nursery_bytes.max(ALIGN).next_multiple_of(ALIGN);
        let nursery = Self::raw_alloc(size).expect("cannot allocate the model nursery");
        let start = nursery.ptr as u64;
        ModelHeap {
            layout,
            cells: Box::new([Cell::new(start), Cell::new(start + size as u64)]),
            _nursery: nursery,
            nursery_start: start,
            nursery_end: start + size as u64,
            synced_to: start,
            chunks: Vec::new(),
            blocks: Vec::new(),
            by_addr: BTreeMap::new(),
            types: HashMap::default(),
            allocate_old: false,
            remembered: Vec::new(),
        }
    }

    /// While set, allocations bypass the nursery and produce old objects (use it to
    /// build the objects that exist before a run, like a GC's old generation).
    pub fn set_allocate_old(&mut self, old: bool) {
        self.allocate_old = old;
    }

    /// The write barrier's slow path: records an old object in the remembered set and
    /// clears its [`WB_FLAG`].
    pub fn write_barrier(&mut self, obj: u64) -> Result<(), Trap> {
        let flags = obj.wrapping_add(self.layout.flags_offset as i64 as u64);
        let bits = self.read(flags, 4)?;
        if bits & WB_FLAG as u64 != 0 {
            self.write(flags, 4, bits & !(WB_FLAG as u64))?;
            self.remembered.push(obj);
        }
        Ok(())
    }

    /// Objects recorded by the write barrier.
    pub fn remembered(&self) -> &[u64] {
        &self.remembered
    }

    fn is_young(&self, addr: u64) -> bool {
        self.block_at(addr).is_some_and(|b| !b.old)
    }

    /// Checks that every old object holding a reference to a young (nursery) object went
    /// through the write barrier.
    pub fn check_write_barriers(&self) -> Result<(), String> {
        for b in self.blocks.iter().filter(|b| b.old) {
            let refs: Vec<u64> = match &b.kind {
                BlockKind::Struct(d) => d.ref_offsets.iter().map(|&o| b.addr + o as u64).collect(),
                BlockKind::Array(a, n) if a.kind == Kind::Ref => (0..*n as u64)
                    .map(|i| b.addr + a.base_offset as u64 + 8 * i)
                    .collect(),
                _ => continue,
            };
            let flagged = self
                .read(b.addr + self.layout.flags_offset as u64, 4)
                .map_err(|t| t.to_string())?
                & WB_FLAG as u64
                != 0;
            for at in refs {
                let target = self.read(at, 8).map_err(|t| t.to_string())?;
                if flagged && self.is_young(target) {
                    return Err(format!(
                        "old object at {:#x} points to the young object {target:#x} (field at +{}) \
                         but the write barrier did not record it",
                        b.addr,
                        at - b.addr
                    ));
                }
            }
        }
        Ok(())
    }

    /// Allocates an object or array by GC type id (the allocation slow path compiled
    /// code calls). `length` is used for arrays.
    pub fn allocate_by_type_id(&mut self, type_id: u32, length: i64) -> Result<u64, Trap> {
        match self.types.get(&type_id).cloned() {
            Some(Descr::Size(s)) => self.allocate(&s),
            Some(Descr::Array(a)) => self.allocate_array(&a, length),
            _ => Err(Trap::BadLength(length)),
        }
    }

    fn raw_alloc(size: usize) -> Result<Chunk, Trap> {
        let layout = Layout::from_size_align(size.max(1), ALIGN).map_err(|_| Trap::OutOfMemory)?;
        // SAFETY: the layout has a non-zero size.
        let ptr = unsafe { alloc::alloc_zeroed(layout) };
        if ptr.is_null() {
            return Err(Trap::OutOfMemory);
        }
        Ok(Chunk { ptr, layout })
    }

    /// Addresses of the nursery's `free` and `top` words (for inline allocation).
    pub fn nursery_cells(&self) -> (u64, u64) {
        (self.cells[0].as_ptr() as u64, self.cells[1].as_ptr() as u64)
    }

    /// Registers a type so objects with its type id can be found by [`sync`](Self::sync).
    /// Allocation through [`Memory`] registers automatically.
    pub fn register_type(&mut self, descr: &Descr) {
        match descr {
            Descr::Size(s) => {
                self.types.insert(s.type_id, descr.clone());
            }
            Descr::Array(a) => {
                self.types.insert(a.type_id, descr.clone());
            }
            _ => {}
        }
    }

    /// The header layout.
    pub fn object_layout(&self) -> ObjectLayout {
        self.layout
    }

    /// All blocks, in allocation order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The block starting exactly at `addr`.
    pub fn block_at(&self, addr: u64) -> Option<&Block> {
        self.by_addr.get(&addr).map(|&i| &self.blocks[i])
    }

    /// Index (allocation ordinal) of the block starting at `addr`.
    pub fn ordinal_of(&self, addr: u64) -> Option<usize> {
        self.by_addr.get(&addr).copied()
    }

    fn add_block(&mut self, addr: u64, size: usize, kind: BlockKind, old: bool) {
        self.by_addr.insert(addr, self.blocks.len());
        self.blocks.push(Block {
            addr,
            size,
            kind,
            old,
        });
    }

    fn carve(&mut self, size: usize) -> Result<(u64, bool), Trap> {
        let size = size.next_multiple_of(8) as u64;
        self.sync();
        let free = self.cells[0].get();
        if !self.allocate_old && free + size <= self.cells[1].get() {
            self.cells[0].set(free + size);
            self.synced_to = free + size;
            return Ok((free, false));
        }
        let chunk = Self::raw_alloc(size as usize)?;
        let addr = chunk.ptr as u64;
        self.chunks.push(chunk);
        Ok((addr, true))
    }

    /// Allocates `size` bytes of zeroed raw memory (addressed with ints).
    pub fn allocate_raw(&mut self, size: usize) -> Result<u64, Trap> {
        let chunk = Self::raw_alloc(size.next_multiple_of(8))?;
        let addr = chunk.ptr as u64;
        self.chunks.push(chunk);
        self.add_block(addr, size, BlockKind::Raw, true);
        Ok(addr)
    }

    /// Discovers objects that machine code allocated inline in the nursery since the last
    /// call, by walking their headers. An unknown type id stops the walk (accesses to
    /// such objects then trap with [`Trap::BadAddress`]).
    pub fn sync(&mut self) {
        // Only ever read inside the nursery, whatever the free pointer says.
        let limit = self.cells[0].get().min(self.nursery_end);
        while self.synced_to < limit {
            let addr = self.synced_to;
            let header_end = addr + self.layout.type_id_offset as u64 + 4;
            if header_end > self.nursery_end {
                break;
            }
            let tid = self.raw_read(addr + self.layout.type_id_offset as u64, 4) as u32;
            let Some(descr) = self.types.get(&tid).cloned() else {
                break;
            };
            let (size, kind) = match descr {
                Descr::Size(s) => (s.size as usize, BlockKind::Struct(s)),
                Descr::Array(a) => {
                    if addr + a.length_offset as u64 + 8 > self.nursery_end {
                        break;
                    }
                    let len = self.raw_read(addr + a.length_offset as u64, 8) as i64;
                    if !(0..=MAX_ARRAY_LENGTH).contains(&len) {
                        break;
                    }
                    (array_bytes(&a, len), BlockKind::Array(a, len))
                }
                _ => unreachable!("only size and array descrs are registered"),
            };
            if addr + size as u64 > self.nursery_end {
                break;
            }
            self.add_block(addr, size, kind, false);
            self.synced_to = addr + size.next_multiple_of(8) as u64;
        }
        // Whatever could not be identified stays unknown: accesses to it trap.
        self.synced_to = self.synced_to.max(limit);
    }

    /// Finds the block containing `[addr, addr + size)`.
    fn find(&self, addr: u64, size: u64) -> Result<&Block, Trap> {
        if addr == 0 {
            return Err(Trap::Null);
        }
        let (_, &i) = self
            .by_addr
            .range(..=addr)
            .next_back()
            .ok_or(Trap::BadAddress { addr, size })?;
        let b = &self.blocks[i];
        if addr + size > b.addr + b.size as u64 {
            return Err(Trap::BadAddress { addr, size });
        }
        Ok(b)
    }

    fn raw_read(&self, addr: u64, size: u64) -> u64 {
        // SAFETY: callers only pass addresses inside the nursery or a live block (checked
        // by `find` or by the nursery walk bounds), aligned to `size`.
        unsafe {
            match size {
                1 => *(addr as *const u8) as u64,
                2 => *(addr as *const u16) as u64,
                4 => *(addr as *const u32) as u64,
                _ => *(addr as *const u64),
            }
        }
    }

    fn raw_write(&mut self, addr: u64, size: u64, bits: u64) {
        // SAFETY: as for `raw_read`; `&mut self` guarantees no other access through this
        // heap is in progress.
        unsafe {
            match size {
                1 => *(addr as *mut u8) = bits as u8,
                2 => *(addr as *mut u16) = bits as u16,
                4 => *(addr as *mut u32) = bits as u32,
                _ => *(addr as *mut u64) = bits,
            }
        }
    }

    /// Checked load of `size` bytes at `addr` (1, 2, 4 or 8, naturally aligned).
    pub fn read(&self, addr: u64, size: u64) -> Result<u64, Trap> {
        if !addr.is_multiple_of(size) {
            return Err(Trap::Misaligned { addr, size });
        }
        self.find(addr, size)?;
        Ok(self.raw_read(addr, size))
    }

    /// Checked store of `size` bytes at `addr`.
    pub fn write(&mut self, addr: u64, size: u64, bits: u64) -> Result<(), Trap> {
        if !addr.is_multiple_of(size) {
            return Err(Trap::Misaligned { addr, size });
        }
        self.find(addr, size)?;
        self.raw_write(addr, size, bits);
        Ok(())
    }

    fn base_addr(base: Value) -> Result<u64, Trap> {
        match base {
            Value::Ref(0) | Value::Int(0) => Err(Trap::Null),
            Value::Ref(a) => Ok(a),
            Value::Int(a) => Ok(a as u64),
            Value::Float(_) => Err(Trap::WrongKind {
                expected: Kind::Ref,
                got: Kind::Float,
            }),
        }
    }

    fn load_typed(&self, addr: u64, size: u8, kind: Kind, signed: bool) -> Result<Value, Trap> {
        let bits = self.read(addr, size as u64)?;
        Ok(match kind {
            Kind::Int => Value::Int(extend(bits, size, signed)),
            Kind::Ref => Value::Ref(bits),
            Kind::Float => Value::Float(f64::from_bits(bits)),
            Kind::Void => unreachable!("descriptors are validated"),
        })
    }

    fn store_typed(&mut self, addr: u64, size: u8, kind: Kind, value: Value) -> Result<(), Trap> {
        if value.kind() != kind {
            return Err(Trap::WrongKind {
                expected: kind,
                got: value.kind(),
            });
        }
        self.write(addr, size as u64, value.bits())
    }

    fn item_addr(&self, base: Value, index: i64, a: &ArrayDescr) -> Result<u64, Trap> {
        let addr = Self::base_addr(base)?;
        if let Value::Ref(_) = base {
            let block = self.find(addr, 1)?;
            if let BlockKind::Array(_, len) = block.kind
                && block.addr == addr
                && !(0..len).contains(&index)
            {
                return Err(Trap::IndexOutOfRange { index, length: len });
            }
        }
        Ok(addr
            .wrapping_add(a.base_offset as i64 as u64)
            .wrapping_add((index as u64).wrapping_mul(a.item_size as u64)))
    }
}

/// Bytes occupied by an array of `len` items.
pub fn array_bytes(a: &ArrayDescr, len: i64) -> usize {
    (a.base_offset as usize + len.max(0) as usize * a.item_size as usize)
        .max(a.length_offset as usize + 8)
}

fn extend(bits: u64, size: u8, signed: bool) -> i64 {
    match (size, signed) {
        (1, true) => bits as u8 as i8 as i64,
        (1, false) => bits as u8 as i64,
        (2, true) => bits as u16 as i16 as i64,
        (2, false) => bits as u16 as i64,
        (4, true) => bits as u32 as i32 as i64,
        (4, false) => bits as u32 as i64,
        _ => bits as i64,
    }
}

/// Largest array length the model accepts (guards against absurd allocations).
pub const MAX_ARRAY_LENGTH: i64 = 1 << 24;

impl Memory for ModelHeap {
    fn layout(&self) -> ObjectLayout {
        self.layout
    }

    fn load_field(&mut self, base: Value, field: &FieldDescr) -> Result<Value, Trap> {
        let addr = Self::base_addr(base)?.wrapping_add(field.offset as i64 as u64);
        self.load_typed(addr, field.size, field.kind, field.signed)
    }

    fn store_field(&mut self, base: Value, field: &FieldDescr, value: Value) -> Result<(), Trap> {
        let obj = Self::base_addr(base)?;
        let addr = obj.wrapping_add(field.offset as i64 as u64);
        self.store_typed(addr, field.size, field.kind, value)?;
        if value.kind() == Kind::Ref && base.kind() == Kind::Ref {
            self.write_barrier(obj)?;
        }
        Ok(())
    }

    fn load_item(&mut self, base: Value, index: i64, array: &ArrayDescr) -> Result<Value, Trap> {
        let addr = self.item_addr(base, index, array)?;
        self.load_typed(addr, array.item_size, array.kind, array.signed)
    }

    fn store_item(
        &mut self,
        base: Value,
        index: i64,
        array: &ArrayDescr,
        value: Value,
    ) -> Result<(), Trap> {
        let addr = self.item_addr(base, index, array)?;
        self.store_typed(addr, array.item_size, array.kind, value)?;
        if value.kind() == Kind::Ref && base.kind() == Kind::Ref {
            self.write_barrier(Self::base_addr(base)?)?;
        }
        Ok(())
    }

    fn array_length(&mut self, array: u64, descr: &ArrayDescr) -> Result<i64, Trap> {
        Ok(self.read(array.wrapping_add(descr.length_offset as i64 as u64), 8)? as i64)
    }

    fn allocate(&mut self, size: &SizeDescr) -> Result<u64, Trap> {
        let descr = Arc::new(size.clone());
        self.types
            .entry(size.type_id)
            .or_insert_with(|| Descr::Size(descr.clone()));
        let (addr, old) = self.carve(size.size as usize)?;
        self.add_block(addr, size.size as usize, BlockKind::Struct(descr), old);
        self.write(
            addr + self.layout.type_id_offset as u64,
            4,
            size.type_id as u64,
        )?;
        if old {
            self.write(addr + self.layout.flags_offset as u64, 4, WB_FLAG as u64)?;
        }
        if let Some(vt) = size.vtable {
            self.write(addr + self.layout.vtable_offset as u64, 8, vt)?;
        }
        Ok(addr)
    }

    fn allocate_array(&mut self, descr: &ArrayDescr, length: i64) -> Result<u64, Trap> {
        if !(0..=MAX_ARRAY_LENGTH).contains(&length) {
            return Err(Trap::BadLength(length));
        }
        let d = Arc::new(descr.clone());
        self.types
            .entry(descr.type_id)
            .or_insert_with(|| Descr::Array(d.clone()));
        let bytes = array_bytes(descr, length);
        let (addr, old) = self.carve(bytes)?;
        self.add_block(addr, bytes, BlockKind::Array(d, length), old);
        self.write(
            addr + self.layout.type_id_offset as u64,
            4,
            descr.type_id as u64,
        )?;
        if old {
            self.write(addr + self.layout.flags_offset as u64, 4, WB_FLAG as u64)?;
        }
        self.write(addr + descr.length_offset as u64, 8, length as u64)?;
        Ok(addr)
    }

    fn class_of(&mut self, obj: u64) -> Result<u64, Trap> {
        self.read(obj.wrapping_add(self.layout.vtable_offset as i64 as u64), 8)
    }
}

/// A [`ModelHeap`] shared between its owner and a backend running on it (e.g. an
/// embedder's interpreter and an [`InterpBackend`](crate::InterpBackend)).
#[derive(Clone, Debug)]
pub struct SharedHeap(pub Rc<RefCell<ModelHeap>>);

impl SharedHeap {
    /// Wraps a heap.
    pub fn new(heap: ModelHeap) -> SharedHeap {
        SharedHeap(Rc::new(RefCell::new(heap)))
    }
}

impl Memory for SharedHeap {
    fn layout(&self) -> ObjectLayout {
        self.0.borrow().object_layout()
    }
    fn load_field(&mut self, base: Value, field: &FieldDescr) -> Result<Value, Trap> {
        self.0.borrow_mut().load_field(base, field)
    }
    fn store_field(&mut self, base: Value, field: &FieldDescr, value: Value) -> Result<(), Trap> {
        self.0.borrow_mut().store_field(base, field, value)
    }
    fn load_item(&mut self, base: Value, index: i64, array: &ArrayDescr) -> Result<Value, Trap> {
        self.0.borrow_mut().load_item(base, index, array)
    }
    fn store_item(
        &mut self,
        base: Value,
        index: i64,
        array: &ArrayDescr,
        value: Value,
    ) -> Result<(), Trap> {
        self.0.borrow_mut().store_item(base, index, array, value)
    }
    fn array_length(&mut self, array: u64, descr: &ArrayDescr) -> Result<i64, Trap> {
        self.0.borrow_mut().array_length(array, descr)
    }
    fn allocate(&mut self, size: &SizeDescr) -> Result<u64, Trap> {
        self.0.borrow_mut().allocate(size)
    }
    fn allocate_array(&mut self, descr: &ArrayDescr, length: i64) -> Result<u64, Trap> {
        self.0.borrow_mut().allocate_array(descr, length)
    }
    fn class_of(&mut self, obj: u64) -> Result<u64, Trap> {
        self.0.borrow_mut().class_of(obj)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descr::build;

    #[test]
    fn checked_accesses() {
        let mut heap = ModelHeap::new(256);
        let size = build::size("Box", 24, 7, Some(0x1000), &[16]);
        let val = build::int_field("Box.val", 16, 4, true);
        let obj = heap.allocate(size.as_size().unwrap()).unwrap();
        assert_eq!(heap.class_of(obj).unwrap(), 0x1000);
        let f = val.as_field().unwrap();
        heap.store_field(Value::Ref(obj), f, Value::Int(-5))
            .unwrap();
        assert_eq!(heap.load_field(Value::Ref(obj), f).unwrap(), Value::Int(-5));
        assert_eq!(heap.load_field(Value::Ref(0), f), Err(Trap::Null));
        let past = build::field("past", 24, Kind::Int);
        assert!(matches!(
            heap.load_field(Value::Ref(obj), past.as_field().unwrap()),
            Err(Trap::BadAddress { .. })
        ));
        assert!(matches!(
            heap.store_field(Value::Ref(obj), f, Value::Float(1.0)),
            Err(Trap::WrongKind { .. })
        ));
    }

    #[test]
    fn nursery_overflow_goes_to_old_blocks_and_sync_finds_inline_objects() {
        let mut heap = ModelHeap::new(64);
        let size = build::size("S", 32, 3, None, &[]);
        heap.register_type(&size);
        let a = heap.allocate(size.as_size().unwrap()).unwrap();
        let b = heap.allocate(size.as_size().unwrap()).unwrap();
        let c = heap.allocate(size.as_size().unwrap()).unwrap();
        assert!(!heap.block_at(a).unwrap().old);
        assert!(!heap.block_at(b).unwrap().old);
        assert!(heap.block_at(c).unwrap().old);
        // Simulate machine code bump-allocating in a fresh heap.
        let mut heap = ModelHeap::new(128);
        heap.register_type(&size);
        let (free, _top) = heap.nursery_cells();
        let start = heap.cells[0].get();
        // SAFETY (test): writes inside the nursery and the free cell, as compiled code would.
        unsafe {
            *(start as *mut u32) = 3;
            *(free as *mut u64) = start + 32;
        }
        heap.sync();
        assert!(heap.block_at(start).is_some());
    }

    #[test]
    fn arrays_are_bounds_checked() {
        let mut heap = ModelHeap::new(1024);
        let arr = build::array("A", Kind::Int, 2, true, 9);
        let a = arr.as_array().unwrap();
        let p = heap.allocate_array(a, 3).unwrap();
        heap.store_item(Value::Ref(p), 2, a, Value::Int(-2))
            .unwrap();
        assert_eq!(heap.load_item(Value::Ref(p), 2, a).unwrap(), Value::Int(-2));
        assert_eq!(
            heap.load_item(Value::Ref(p), 3, a),
            Err(Trap::IndexOutOfRange {
                index: 3,
                length: 3
            })
        );
        assert_eq!(heap.array_length(p, a).unwrap(), 3);
        assert_eq!(heap.allocate_array(a, -1), Err(Trap::BadLength(-1)));
    }
}
