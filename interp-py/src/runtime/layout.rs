//! The heap layouts of Python objects (tern-gc `TypeLayout`s) and their field offsets.
//!
//! Every Python-visible object starts with its *type pointer* at payload offset 0 (a GC
//! field): `type(x)` is one load. What follows depends on the layout. Layouts are a
//! representation choice, not a Python type: several Python types share the generic
//! `ObjN` layouts, and the *kind* byte of the type object (see `runtime::types::Kind`) says
//! how its instances are represented. Exact instances of a builtin type always use that
//! type's native layout; instances of user subclasses of builtin types use the `Instance`
//! layout and keep a native *payload* object in reserved slot 0 (see `runtime::instance`).
//!
//! Offsets are payload offsets (byte 0 = first byte after the 8-byte GC header).
//!
//! Invariants:
//! * every GC pointer of every layout is declared (field, ref item, or custom trace);
//! * the length field of a variable-size layout is written only by the allocator;
//! * objects with Rust-side memory (BigInt, dict, set, code, bytearray, file, dict iterator)
//!   own it through a raw pointer field and free it in their destructor; that memory is
//!   allocated before the object and never replaced while the object lives, so raw
//!   pointers to it stay valid as long as the object is reachable.

use tern_gc::{Heap, LayoutError, TypeId, TypeLayout};

/// Offset of the type pointer (all Python objects).
pub const OFF_TYPE: usize = 0;

/// `str`: `[type][len(bytes)][hash][char_len][flags:u32|intern:u32][index] bytes...`
pub mod str_ {
    /// Byte length (the GC length field).
    pub const LEN: usize = 8;
    /// Cached hash (`-1`: not computed).
    pub const HASH: usize = 16;
    /// Number of code points.
    pub const CHARS: usize = 24;
    /// Flags (`u32`): bit 0 = ASCII.
    pub const FLAGS: usize = 32;
    /// Interned name id + 1 (`u32`, 0 = not interned).
    pub const INTERN: usize = 36;
    /// GC field: lazily built char-offset index (an `int`-items array) for non-ASCII text.
    pub const INDEX: usize = 40;
    /// Fixed payload size; bytes follow.
    pub const FIXED: usize = 48;
    /// Flag: all bytes are ASCII.
    pub const F_ASCII: u32 = 1;
}

/// `bytes`: `[type][len][hash] bytes...`
pub mod bytes_ {
    /// Length (GC length field).
    pub const LEN: usize = 8;
    /// Cached hash (`-1`: not computed).
    pub const HASH: usize = 16;
    /// Fixed payload size.
    pub const FIXED: usize = 24;
}

/// `tuple`: `[type][len] items...`
pub mod tuple_ {
    /// Length (GC length field).
    pub const LEN: usize = 8;
    /// Fixed payload size; items follow.
    pub const FIXED: usize = 16;
}

/// Internal reference array (no type pointer): `[len] items...`
pub mod array_ {
    /// Length (GC length field).
    pub const LEN: usize = 0;
    /// Fixed payload size.
    pub const FIXED: usize = 8;
}

/// `list`: `[type][len:u64][items: array]`
pub mod list_ {
    /// Number of items in use.
    pub const LEN: usize = 8;
    /// GC field: the item array (capacity = its length).
    pub const ITEMS: usize = 16;
    /// Payload size.
    pub const SIZE: usize = 24;
}

/// User instances (and exceptions): `[type][map:u64][slots: array][dict]`
pub mod inst_ {
    /// Map id (`u64`), or `DICT_MODE`.
    pub const MAP: usize = 8;
    /// GC field: the slot array (reserved slots first, then map attributes).
    pub const SLOTS: usize = 16;
    /// GC field: the attribute dict in dict mode (else NULL).
    pub const DICT: usize = 24;
    /// Payload size.
    pub const SIZE: usize = 32;
}

/// Type objects.
pub mod type_ {
    /// GC: the namespace dict.
    pub const DICT: usize = 8;
    /// GC: `__mro__` tuple.
    pub const MRO: usize = 16;
    /// GC: `__bases__` tuple.
    pub const BASES: usize = 24;
    /// GC: `__base__` (NULL for `object`).
    pub const BASE: usize = 32;
    /// GC: `__name__`.
    pub const NAME: usize = 40;
    /// GC: `__qualname__`.
    pub const QUALNAME: usize = 48;
    /// GC: list of weak cells to direct subclasses.
    pub const SUBCLASSES: usize = 56;
    /// GC: special-method cache array (indexed by special name id).
    pub const SPECIAL: usize = 64;
    /// `u64` flags.
    pub const FLAGS: usize = 72;
    /// `u32` version tag (0: none).
    pub const VERSION: usize = 80;
    /// `u32` version the special cache was filled for.
    pub const SPECIAL_VERSION: usize = 84;
    /// `u32` number of reserved instance slots.
    pub const NSLOTS: usize = 88;
    /// `u32` root map of instances.
    pub const ROOT_MAP: usize = 92;
    /// `u8` kind of instances; `u8` native base kind at +1.
    pub const KIND: usize = 96;
    /// `u8` native base kind (the kind of the nearest builtin base).
    pub const NATIVE: usize = 97;
    /// `u32` expected number of attribute slots of new instances (learned).
    pub const EXPECTED: usize = 100;
    /// Payload size.
    pub const SIZE: usize = 104;
}

/// Heap ints beyond the small range: `[type][ptr: Box<BigInt>]`
pub mod bigint_ {
    /// Raw pointer to the `num_bigint::BigInt` (owned; freed by the destructor).
    pub const PTR: usize = 8;
    /// Payload size.
    pub const SIZE: usize = 16;
}

/// `float`: `[type][f64]`
pub mod float_ {
    /// The value.
    pub const VAL: usize = 8;
    /// Payload size.
    pub const SIZE: usize = 16;
}

/// `complex`: `[type][re][im]`
pub mod complex_ {
    /// Real part.
    pub const RE: usize = 8;
    /// Imaginary part.
    pub const IM: usize = 16;
    /// Payload size.
    pub const SIZE: usize = 24;
}

/// Objects owning Rust memory through one pointer (dict, set, code, bytearray, files,
/// iterators with Rust state): `[type][ptr][gc a][gc b][x:u64]`
pub mod boxed_ {
    /// Raw pointer to the Rust-side state.
    pub const PTR: usize = 8;
    /// GC field A (meaning per type).
    pub const A: usize = 16;
    /// GC field B (meaning per type).
    pub const B: usize = 24;
    /// Scalar.
    pub const X: usize = 32;
    /// Payload size.
    pub const SIZE: usize = 40;
}

/// `function`.
pub mod func_ {
    /// GC: code object.
    pub const CODE: usize = 8;
    /// GC: globals dict.
    pub const GLOBALS: usize = 16;
    /// GC: `__name__`.
    pub const NAME: usize = 24;
    /// GC: `__qualname__`.
    pub const QUALNAME: usize = 32;
    /// GC: `__defaults__` tuple or NULL.
    pub const DEFAULTS: usize = 40;
    /// GC: `__kwdefaults__` dict or NULL.
    pub const KWDEFAULTS: usize = 48;
    /// GC: `__closure__` tuple or NULL.
    pub const CLOSURE: usize = 56;
    /// GC: `__doc__`.
    pub const DOC: usize = 64;
    /// GC: `__dict__` or NULL.
    pub const DICT: usize = 72;
    /// GC: `__annotations__` dict or NULL.
    pub const ANNOTATIONS: usize = 80;
    /// GC: `__module__`.
    pub const MODULE: usize = 88;
    /// Payload size.
    pub const SIZE: usize = 96;
}

/// `generator` / `coroutine` / `async_generator`.
pub mod gen_ {
    /// GC: the function (code, globals, closure).
    pub const FUNC: usize = 8;
    /// GC: saved localsplus + value stack (array), NULL once finished.
    pub const SAVED: usize = 16;
    /// GC: `__name__`.
    pub const NAME: usize = 24;
    /// GC: `__qualname__`.
    pub const QUALNAME: usize = 32;
    /// GC: the generator's handled exception while suspended.
    pub const EXC: usize = 40;
    /// GC: the frame object, if one was created.
    pub const FRAME: usize = 48;
    /// GC: auxiliary (async generator: running `asend`/`athrow`; coroutine origin).
    pub const AUX: usize = 56;
    /// `u32` pc to resume at.
    pub const PC: usize = 64;
    /// `u32` saved stack depth (values above localsplus).
    pub const DEPTH: usize = 68;
    /// `u32` state (see `interp::generator::GenState`).
    pub const STATE: usize = 72;
    /// `u32` flags.
    pub const GFLAGS: usize = 76;
    /// Payload size.
    pub const SIZE: usize = 80;
}

/// Generic small objects: `N` GC fields (type first) then `M` scalars (`obj[N][M]`).
pub mod obj_ {
    /// GC field A.
    pub const A: usize = 8;
    /// GC field B.
    pub const B: usize = 16;
    /// GC field C.
    pub const C: usize = 24;
    /// GC field D.
    pub const D: usize = 32;
    /// Scalar X of a layout with `n` GC fields.
    pub const fn x(n: usize) -> usize {
        8 * n
    }
    /// Scalar Y of a layout with `n` GC fields.
    pub const fn y(n: usize) -> usize {
        8 * n + 8
    }
    /// Scalar Z of a layout with `n` GC fields.
    pub const fn z(n: usize) -> usize {
        8 * n + 16
    }
}

/// Weak cell: `[type][target (weak)]`.
pub mod weak_ {
    /// Weak GC field: the target (cleared when it dies).
    pub const TARGET: usize = 8;
    /// GC field: callback or NULL.
    pub const CALLBACK: usize = 16;
    /// `i64` cached hash (-1 none).
    pub const HASH: usize = 24;
    /// Payload size.
    pub const SIZE: usize = 32;
}

/// The registered layouts.
#[derive(Clone, Copy, Debug)]
pub struct Layouts {
    /// Type objects.
    pub type_: TypeId,
    /// User instances and exceptions.
    pub instance: TypeId,
    /// Heap ints.
    pub bigint: TypeId,
    /// Floats.
    pub float: TypeId,
    /// Complex numbers.
    pub complex: TypeId,
    /// Strings.
    pub str_: TypeId,
    /// Bytes.
    pub bytes: TypeId,
    /// Tuples.
    pub tuple: TypeId,
    /// Internal reference arrays.
    pub array: TypeId,
    /// Lists.
    pub list: TypeId,
    /// Functions.
    pub function: TypeId,
    /// Generators, coroutines, async generators.
    pub generator: TypeId,
    /// Dicts.
    pub dict: TypeId,
    /// Sets and frozensets.
    pub set: TypeId,
    /// Code objects.
    pub code: TypeId,
    /// Bytearrays.
    pub bytearray: TypeId,
    /// Objects with boxed Rust state and no GC pointers in it (files, dict iterators).
    pub boxed: TypeId,
    /// Generic objects: `obj[n][m]` has `n` GC fields (type first, `1..=6`) then `m` scalars
    /// (`0..=3`).
    pub obj: [[TypeId; 4]; 7],
    /// Weak cells.
    pub weak: TypeId,
}

impl Layouts {
    /// Registers every layout. The hooks for Rust-side memory come from the object modules.
    pub fn register(heap: &mut Heap, hooks: &Hooks) -> Result<Layouts, LayoutError> {
        let mut obj = [[TypeId::from_u32(0); 4]; 7];
        for (n, row) in obj.iter_mut().enumerate().skip(1) {
            for (m, id) in row.iter_mut().enumerate() {
                let mut l = TypeLayout::new(format!("obj{n}_{m}"), 8 * (n + m));
                for i in 0..n {
                    l = l.gc_field(8 * i);
                }
                *id = heap.register_type(l)?;
            }
        }
        let boxed = |name: &str| {
            TypeLayout::new(name, boxed_::SIZE)
                .gc_field(OFF_TYPE)
                .gc_field(boxed_::A)
                .gc_field(boxed_::B)
        };
        Ok(Layouts {
            type_: heap.register_type(
                TypeLayout::new("type", type_::SIZE).gc_fields(&[0, 8, 16, 24, 32, 40, 48, 56, 64]),
            )?,
            instance: heap.register_type(TypeLayout::new("instance", inst_::SIZE).gc_fields(&[
                0,
                inst_::SLOTS,
                inst_::DICT,
            ]))?,
            bigint: heap.register_type(
                TypeLayout::new("bigint", bigint_::SIZE)
                    .gc_field(0)
                    .destructor(hooks.bigint_drop),
            )?,
            float: heap.register_type(TypeLayout::new("float", float_::SIZE).gc_field(0))?,
            complex: heap.register_type(TypeLayout::new("complex", complex_::SIZE).gc_field(0))?,
            str_: heap.register_type(
                TypeLayout::new("str", str_::FIXED)
                    .gc_field(0)
                    .gc_field(str_::INDEX)
                    .items(str_::LEN, 1),
            )?,
            bytes: heap.register_type(
                TypeLayout::new("bytes", bytes_::FIXED)
                    .gc_field(0)
                    .items(bytes_::LEN, 1),
            )?,
            tuple: heap.register_type(
                TypeLayout::new("tuple", tuple_::FIXED)
                    .gc_field(0)
                    .ref_items(tuple_::LEN),
            )?,
            array: heap
                .register_type(TypeLayout::new("array", array_::FIXED).ref_items(array_::LEN))?,
            list: heap.register_type(
                TypeLayout::new("list", list_::SIZE)
                    .gc_field(0)
                    .gc_field(list_::ITEMS),
            )?,
            function: heap.register_type(
                TypeLayout::new("function", func_::SIZE)
                    .gc_fields(&[0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88]),
            )?,
            generator: heap.register_type(
                TypeLayout::new("generator", gen_::SIZE).gc_fields(&[0, 8, 16, 24, 32, 40, 48, 56]),
            )?,
            dict: heap.register_type(
                boxed("dict")
                    .custom_trace(hooks.dict_trace)
                    .destructor(hooks.dict_drop),
            )?,
            set: heap.register_type(
                boxed("set")
                    .custom_trace(hooks.set_trace)
                    .destructor(hooks.set_drop),
            )?,
            code: heap.register_type(
                boxed("code")
                    .custom_trace(hooks.code_trace)
                    .destructor(hooks.code_drop),
            )?,
            bytearray: heap.register_type(boxed("bytearray").destructor(hooks.bytearray_drop))?,
            boxed: heap.register_type(boxed("boxed").destructor(hooks.boxed_drop))?,
            obj,
            weak: heap.register_type(
                TypeLayout::new("weakref", weak_::SIZE)
                    .gc_field(0)
                    .weak_field(weak_::TARGET)
                    .gc_field(weak_::CALLBACK),
            )?,
        })
    }
}

/// Hooks of the layouts that own Rust memory.
pub struct Hooks {
    /// BigInt destructor.
    pub bigint_drop: tern_gc::DestructorFn,
    /// Dict trace hook.
    pub dict_trace: tern_gc::TraceFn,
    /// Dict destructor.
    pub dict_drop: tern_gc::DestructorFn,
    /// Set trace hook.
    pub set_trace: tern_gc::TraceFn,
    /// Set destructor.
    pub set_drop: tern_gc::DestructorFn,
    /// Code trace hook.
    pub code_trace: tern_gc::TraceFn,
    /// Code destructor.
    pub code_drop: tern_gc::DestructorFn,
    /// Bytearray destructor.
    pub bytearray_drop: tern_gc::DestructorFn,
    /// Destructor of generic boxed state.
    pub boxed_drop: tern_gc::DestructorFn,
}
