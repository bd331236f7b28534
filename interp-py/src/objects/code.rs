//! Code objects at run time: the front end's `CodeObject` plus everything the interpreter
//! needs in heap form (constants as values, interned names) and the inline caches.
//!
//! The heap object is a `boxed` layout owning a `Box<CodeRt>`; its custom trace hook
//! reports the constants, names and the values held by inline caches; the destructor frees
//! it. Frames point at the `CodeRt` directly (`*const CodeRt`): it never moves, and the
//! frame keeps the function (hence the code object) alive.
//!
//! Inline caches (one dense array per kind, sized by `CodeObject::cache_counts`):
//! * `LOAD_GLOBAL`: `(globals dict version, builtins dict version) -> entry index`;
//! * `LOAD_ATTR` / `LOAD_METHOD`: `(type version, map id) -> what to do` (instance slot,
//!   class attribute value, method);
//! * `STORE_ATTR`: `(type version, map id) -> slot index` or a map transition.
//!
//! Stores of values into caches go through `Vm::code_cache_barrier` (the write barrier on
//! the code object).
//!
//! Invariants: `consts.len() == co.consts.len()`, `names.len() == co.names.len()`,
//! `varnames.len() == nlocalsplus`; cache arrays have exactly `cache_counts[kind]` entries.

use std::cell::Cell;
use std::sync::Arc;

use tern_dict::{EntryIndex, Version};
use tern_gc::{GcRef, SlotVisitor};

use crate::bytecode::{CacheKind, CodeFlags, CodeObject, Constant};
use crate::runtime::builtin_types::T;
use crate::runtime::errors::PyResult;
use crate::runtime::layout::boxed_;
use crate::runtime::names::Name;
use crate::runtime::roots::C;
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

/// `LOAD_GLOBAL` cache entry.
#[derive(Clone, Copy, Default)]
pub struct GlobalCache {
    /// Version of the globals dict when filled (`None`: empty entry).
    pub globals: Option<Version>,
    /// Version of the builtins dict (for builtins hits).
    pub builtins: Option<Version>,
    /// Entry index in the dict that holds the name.
    pub index: usize,
    /// The name was found in builtins.
    pub in_builtins: bool,
}

/// What a cached attribute access does.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[repr(u8)]
pub enum AttrKind {
    /// Empty entry.
    #[default]
    Empty,
    /// Read instance slot `index`.
    Slot,
    /// The class attribute `value` (not shadowed by the instance map).
    ClassValue,
    /// `LOAD_METHOD`: a method `value` to call with the object.
    Method,
    /// A module attribute: entry `index` of the module dict with version `dict_version`.
    ModuleEntry,
    /// A property: call `value` (the getter function).
    PropertyGetter,
}

/// `LOAD_ATTR` / `LOAD_METHOD` cache entry.
#[derive(Clone, Copy, Default)]
pub struct AttrCache {
    /// Type version (0: empty).
    pub type_version: u32,
    /// Map id of the instance.
    pub map: u32,
    /// What to do.
    pub kind: AttrKind,
    /// Slot index or dict entry index.
    pub index: u32,
    /// Cached value (GC slot, reported by the trace hook).
    pub value: usize,
    /// Dict version for module entries.
    pub dict_version: Option<Version>,
}

/// `STORE_ATTR` cache entry.
#[derive(Clone, Copy, Default)]
pub struct StoreCache {
    /// Type version (0: empty).
    pub type_version: u32,
    /// Map before the store.
    pub map_from: u32,
    /// Map after the store (equal to `map_from` for an existing attribute).
    pub map_to: u32,
    /// Slot index written.
    pub index: u32,
}

/// Run-time data of a code object.
pub struct CodeRt {
    /// The compiled code.
    pub co: Arc<CodeObject>,
    /// Constants as values (GC slots: `Cell`s because the collector rewrites them while
    /// frames hold shared references to the `CodeRt`).
    pub consts: Box<[Cell<usize>]>,
    /// `co_names` as interned strs.
    pub names: Box<[Cell<usize>]>,
    /// `co_names` as name ids.
    pub name_ids: Box<[Name]>,
    /// Localsplus names as interned strs.
    pub varnames: Box<[Cell<usize>]>,
    /// `co_filename`.
    pub filename: Cell<usize>,
    /// `co_name`.
    pub name: Cell<usize>,
    /// `co_qualname`.
    pub qualname: Cell<usize>,
    /// Localsplus slot count.
    pub nlocalsplus: usize,
    /// Value stack size.
    pub max_stack: usize,
    /// `co_argcount`.
    pub argcount: usize,
    /// `co_posonlyargcount`.
    pub posonlyargcount: usize,
    /// `co_kwonlyargcount`.
    pub kwonlyargcount: usize,
    /// Has `*args`.
    pub has_varargs: bool,
    /// Has `**kwargs`.
    pub has_varkw: bool,
    /// Calling creates a generator/coroutine/async generator.
    pub flags_resumable: bool,
    /// Simple positional signature: a call with exactly `argcount` positional arguments
    /// binds them in place.
    pub simple_args: bool,
    /// `LOAD_GLOBAL` caches.
    pub global_cache: Box<[Cell<GlobalCache>]>,
    /// `LOAD_ATTR` caches.
    pub attr_cache: Box<[Cell<AttrCache>]>,
    /// `LOAD_METHOD` caches.
    pub method_cache: Box<[Cell<AttrCache>]>,
    /// `STORE_ATTR` caches.
    pub store_cache: Box<[Cell<StoreCache>]>,
    /// Hot counters of loop back edges (for the JIT), indexed like `co.loop_headers`.
    pub hot: Box<[Cell<u32>]>,
}

impl CodeRt {
    /// The instruction array.
    #[inline(always)]
    pub fn code(&self) -> &[crate::bytecode::CodeUnit] {
        &self.co.code
    }
}

/// Trace hook of the code layout.
pub fn code_trace(obj: GcRef, v: &mut dyn SlotVisitor) {
    // SAFETY: `obj` is a live code object whose `PTR` was set right after allocation.
    let p = unsafe { obj.read::<usize>(boxed_::PTR) } as *mut CodeRt;
    if p.is_null() {
        return;
    }
    // SAFETY: `p` is owned by `obj` and alive until its destructor runs. Only shared
    // references exist (frames hold some); every slot the collector rewrites is a `Cell`.
    let rt = unsafe { &*p };
    for cell in rt
        .consts
        .iter()
        .chain(rt.names.iter())
        .chain(rt.varnames.iter())
        .chain([&rt.filename, &rt.name, &rt.qualname])
    {
        let mut w = cell.get();
        if w != 0 {
            v.visit(&mut w);
            cell.set(w);
        }
    }
    for c in rt.attr_cache.iter().chain(rt.method_cache.iter()) {
        let mut e = c.get();
        if e.value != 0 {
            v.visit(&mut e.value);
            c.set(e);
        }
    }
}

/// Destructor of the code layout.
pub fn code_drop(obj: GcRef) {
    // SAFETY: as in `code_trace`; runs once.
    let p = unsafe { obj.read::<usize>(boxed_::PTR) } as *mut CodeRt;
    if !p.is_null() {
        // SAFETY: `p` came from `Box::into_raw` in `load_code`.
        unsafe { drop(Box::from_raw(p)) };
    }
}

/// Whether a str constant looks like an identifier (CPython interns those).
fn identifier_like(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl Vm {
    /// Converts a constant to a value (nested code objects are loaded recursively).
    pub fn load_constant(&mut self, c: &Constant) -> PyResult<Value> {
        Ok(match c {
            Constant::None => self.none(),
            Constant::Bool(b) => self.bool_val(*b),
            Constant::Int(i) => self.new_int(*i)?,
            Constant::BigInt(b) => self.new_int_big((**b).clone())?,
            Constant::Float(f) => self.new_float(*f)?,
            Constant::Complex { re, im } => self.new_complex(*re, *im)?,
            Constant::Str(s) => match s.as_str() {
                Some(t) if identifier_like(t) => {
                    let n = self.intern(t)?;
                    self.name_str(n)
                }
                _ => self.new_str_wtf8(s.as_bytes())?,
            },
            Constant::Bytes(b) => self.new_bytes(b)?,
            Constant::Tuple(items) => {
                let mark = self.sp();
                for it in items.iter() {
                    let v = self.load_constant(it)?;
                    self.push_root(v)?;
                }
                self.pack_tuple(mark)?
            }
            Constant::FrozenSet(items) => {
                let mark = self.sp();
                for it in items.iter() {
                    let v = self.load_constant(it)?;
                    self.push_root(v)?;
                }
                let r = self.frozenset_from_slots(mark)?;
                self.truncate(mark);
                // CPython's compiler rebuilds constant frozensets from their own iteration
                // order when merging constants; that fixes the order programs observe.
                let items = self.set_items_snapshot(r).unwrap_or_default();
                let mark = self.sp();
                for v in items {
                    self.push_root(v)?;
                }
                let r = self.frozenset_from_slots(mark)?;
                self.truncate(mark);
                r
            }
            Constant::Ellipsis => self.c(C::Ellipsis),
            Constant::Code(co) => self.load_code(co)?,
        })
    }

    /// Creates the heap code object for a compiled code object.
    pub fn load_code(&mut self, co: &Arc<CodeObject>) -> PyResult<Value> {
        let mark = self.sp();
        for c in co.consts.iter() {
            let v = self.load_constant(c)?;
            self.push_root(v)?;
        }
        let mut name_ids = Vec::with_capacity(co.names.len());
        for nm in co.names.iter() {
            name_ids.push(self.intern(nm)?);
        }
        let nlocalsplus = co.nlocalsplus();
        let mut var_ids = Vec::with_capacity(nlocalsplus);
        for slot in 0..nlocalsplus as u32 {
            let nm = co
                .localsplus_name(slot)
                .map(|s| s.to_string())
                .unwrap_or_default();
            var_ids.push(self.intern(&nm)?);
        }
        let filename = self.new_str(&co.filename)?;
        self.push_root(filename)?;
        let name = self.intern(&co.name)?;
        let qualname = self.new_str(&co.qualname)?;
        self.push_root(qualname)?;
        let counts = co.cache_counts;
        let flags = co.flags;
        let rt = Box::new(CodeRt {
            co: co.clone(),
            consts: Box::new([]),
            names: Box::new([]),
            name_ids: name_ids.into_boxed_slice(),
            varnames: Box::new([]),
            filename: Cell::new(0),
            name: Cell::new(0),
            qualname: Cell::new(0),
            nlocalsplus,
            max_stack: co.max_stackdepth as usize,
            argcount: co.argcount as usize,
            posonlyargcount: co.posonlyargcount as usize,
            kwonlyargcount: co.kwonlyargcount as usize,
            has_varargs: flags.has(CodeFlags::VARARGS),
            has_varkw: flags.has(CodeFlags::VARKEYWORDS),
            flags_resumable: flags.is_resumable(),
            simple_args: !flags.has(CodeFlags::VARARGS)
                && !flags.has(CodeFlags::VARKEYWORDS)
                && co.kwonlyargcount == 0
                && co.cellvars.is_empty()
                && !flags.is_resumable(),
            global_cache: (0..counts[CacheKind::Global as usize])
                .map(|_| Cell::default())
                .collect(),
            attr_cache: (0..counts[CacheKind::Attr as usize])
                .map(|_| Cell::default())
                .collect(),
            method_cache: (0..counts[CacheKind::Method as usize])
                .map(|_| Cell::default())
                .collect(),
            store_cache: (0..counts[CacheKind::StoreAttr as usize])
                .map(|_| Cell::default())
                .collect(),
            hot: (0..co.loop_headers.len()).map(|_| Cell::new(0)).collect(),
        });
        let rtp = Box::into_raw(rt);
        let obj = match self.alloc_t(self.lay.code, T::Code) {
            Ok(o) => o,
            Err(e) => {
                // SAFETY: `rtp` came from `Box::into_raw` above and was not stored.
                unsafe { drop(Box::from_raw(rtp)) };
                self.truncate(mark);
                return Err(e);
            }
        };
        // Fill the value arrays from the roots, with no safepoint until the pointer is set.
        let nconsts = co.consts.len();
        let consts: Box<[Cell<usize>]> = (0..nconsts)
            .map(|i| Cell::new(self.slot(mark + i)))
            .collect();
        let names: Box<[Cell<usize>]> = {
            // SAFETY: `rtp` is the fresh box, not yet shared.
            let ids = unsafe { &(*rtp).name_ids };
            ids.iter()
                .map(|&n| Cell::new(self.name_str(n).raw()))
                .collect()
        };
        let varnames: Box<[Cell<usize>]> = var_ids
            .iter()
            .map(|&n| Cell::new(self.name_str(n).raw()))
            .collect();
        let filename = self.slot(mark + nconsts);
        let qualname = self.slot(mark + nconsts + 1);
        // SAFETY: `rtp` is the fresh box, exclusively ours until stored below.
        unsafe {
            (*rtp).consts = consts;
            (*rtp).names = names;
            (*rtp).varnames = varnames;
            (*rtp).filename.set(filename);
            (*rtp).name.set(self.name_str(name).raw());
            (*rtp).qualname.set(qualname);
        }
        self.st_scalar::<usize>(obj, boxed_::PTR, rtp as usize);
        self.truncate(mark);
        Ok(obj)
    }

    /// The run-time code of a code object.
    #[inline(always)]
    pub fn code_rt(&self, code: Value) -> *const CodeRt {
        self.ld_scalar::<usize>(code, boxed_::PTR) as *const CodeRt
    }

    /// The run-time code of a code object, borrowed.
    #[inline]
    pub fn code_ref(&self, code: Value) -> &CodeRt {
        // SAFETY: the box lives as long as the code object, which is live (rule 1).
        unsafe { &*self.code_rt(code) }
    }

    /// Write barrier before storing a value into the caches of `code`.
    #[inline]
    pub fn code_cache_barrier(&mut self, code: Value) {
        self.heap.write_barrier(code.gc());
    }
}

/// Entry index helper for caches.
pub fn entry(i: usize) -> EntryIndex {
    EntryIndex::new(i)
}
