//! Descriptors: the static facts an operation needs about memory layouts and callees.
//!
//! Descriptors are created once by the embedder (or by the text parser) and shared through
//! `Arc`s: every trace, every optimizer pass and every backend sees the same object. A
//! trace refers to its descriptors through a small per-trace table ([`DescrId`]) so ops
//! stay compact; the table interns by `Arc` identity.
//!
//! Machine backends read concrete layout facts from here: offsets, sizes and signedness of
//! fields and array items, the allocation size, type id and vtable of objects (so they can
//! inline a nursery bump allocation), and the argument/result kinds and [`EffectInfo`] of
//! calls (so they know whether a call can raise, collect, or force the frame).
//!
//! Invariants (checked by [`Descr::validate`]): field and item sizes are 1, 2, 4 or 8;
//! ref and float fields are 8 bytes; offsets are naturally aligned for their size.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::value::Kind;

/// Index of a descriptor in one trace's descriptor table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DescrId(pub u32);

/// A field of a GC object or of raw memory.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDescr {
    /// Unique name (used by the text format and by effect sets).
    pub name: String,
    /// Byte offset from the object start (or raw base address).
    pub offset: i32,
    /// Size in bytes: 1, 2, 4 or 8.
    pub size: u8,
    /// Kind of the value stored.
    pub kind: Kind,
    /// Integer fields narrower than 8 bytes: sign-extend on load.
    pub signed: bool,
    /// The field never changes after the object is initialised (loads are pure).
    pub immutable: bool,
}

/// An array layout (GC arrays, raw arrays and strings).
#[derive(Clone, Debug, PartialEq)]
pub struct ArrayDescr {
    /// Unique name.
    pub name: String,
    /// Byte offset of item 0 from the array start.
    pub base_offset: i32,
    /// Size of one item in bytes: 1, 2, 4 or 8.
    pub item_size: u8,
    /// Kind of the items.
    pub kind: Kind,
    /// Integer items narrower than 8 bytes: sign-extend on load.
    pub signed: bool,
    /// Byte offset of the length word (an 8-byte integer); unused for raw arrays.
    pub length_offset: i32,
    /// GC type id written into the header on allocation.
    pub type_id: u32,
}

/// Size and identity of a fixed-size object, for `new` and `new_with_vtable`.
#[derive(Clone, Debug, PartialEq)]
pub struct SizeDescr {
    /// Unique name.
    pub name: String,
    /// Total size in bytes, header included.
    pub size: u32,
    /// GC type id written into the header on allocation.
    pub type_id: u32,
    /// The vtable (class) that `new_with_vtable` stores and `guard_class` compares.
    pub vtable: Option<u64>,
    /// Offsets of the fields holding GC references (for the GC and for heap comparison).
    pub ref_offsets: Vec<i32>,
}

/// Which heap locations a call may read or write.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum EffectSet {
    /// Any location.
    #[default]
    All,
    /// Only fields and arrays with these descriptor names.
    Only(Vec<String>),
}

impl EffectSet {
    /// Nothing at all.
    pub fn none() -> EffectSet {
        EffectSet::Only(Vec::new())
    }

    /// May this set touch the location described by the descriptor called `name`?
    pub fn touches(&self, name: &str) -> bool {
        match self {
            EffectSet::All => true,
            EffectSet::Only(names) => names.iter().any(|n| n == name),
        }
    }

    /// True when the set is empty.
    pub fn is_empty(&self) -> bool {
        matches!(self, EffectSet::Only(v) if v.is_empty())
    }
}

/// What a call may do besides computing its result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectInfo {
    /// May raise an exception (then a `guard_no_exception`/`guard_exception` follows).
    pub can_raise: bool,
    /// May run the garbage collector (references may move: backends need a GC map here).
    pub can_collect: bool,
    /// May force the JIT frame (must be a `call_may_force_*` followed by `guard_not_forced`).
    pub can_force: bool,
    /// The result depends only on the arguments and the call has no visible effect
    /// (may be folded or CSE'd; `call_pure_*` requires it).
    pub elidable: bool,
    /// Locations the callee may read.
    pub reads: EffectSet,
    /// Locations the callee may write.
    pub writes: EffectSet,
}

impl EffectInfo {
    /// The conservative default: may do anything.
    pub fn anything() -> EffectInfo {
        EffectInfo {
            can_raise: true,
            can_collect: true,
            can_force: false,
            elidable: false,
            reads: EffectSet::All,
            writes: EffectSet::All,
        }
    }

    /// An elidable function that cannot raise, collect or touch the heap.
    pub fn pure() -> EffectInfo {
        EffectInfo {
            can_raise: false,
            can_collect: false,
            can_force: false,
            elidable: true,
            reads: EffectSet::none(),
            writes: EffectSet::none(),
        }
    }
}

/// Signature and effects of a callee. The function address is the call's first argument.
#[derive(Clone, Debug, PartialEq)]
pub struct CallDescr {
    /// Unique name.
    pub name: String,
    /// Kinds of the arguments (after the function address).
    pub arg_kinds: Vec<Kind>,
    /// Result kind.
    pub result: Kind,
    /// Integer results narrower than 8 bytes: their size (1, 2, 4 or 8).
    pub result_size: u8,
    /// Narrow integer results are sign-extended.
    pub result_signed: bool,
    /// What the callee may do.
    pub effect: EffectInfo,
}

static NEXT_TOKEN: AtomicU64 = AtomicU64::new(1);

/// The identity of a label: what jumps (and `call_assembler`) target.
#[derive(Debug)]
pub struct TargetToken {
    /// Process-unique number.
    pub id: u64,
    /// Name used in the text format.
    pub name: String,
}

impl TargetToken {
    /// A fresh token with a unique id.
    pub fn new(name: impl Into<String>) -> Arc<TargetToken> {
        Arc::new(TargetToken {
            id: NEXT_TOKEN.fetch_add(1, Ordering::Relaxed),
            name: name.into(),
        })
    }
}

impl PartialEq for TargetToken {
    fn eq(&self, other: &TargetToken) -> bool {
        self.id == other.id
    }
}

/// Any descriptor.
#[derive(Clone, Debug)]
pub enum Descr {
    /// Field layout.
    Field(Arc<FieldDescr>),
    /// Array layout.
    Array(Arc<ArrayDescr>),
    /// Object size and identity.
    Size(Arc<SizeDescr>),
    /// Callee signature and effects.
    Call(Arc<CallDescr>),
    /// Label identity.
    Target(Arc<TargetToken>),
}

impl Descr {
    /// The descriptor's name.
    pub fn name(&self) -> &str {
        match self {
            Descr::Field(d) => &d.name,
            Descr::Array(d) => &d.name,
            Descr::Size(d) => &d.name,
            Descr::Call(d) => &d.name,
            Descr::Target(d) => &d.name,
        }
    }

    /// The matching [`DescrSpec`](crate::ops::DescrSpec).
    pub fn spec(&self) -> crate::ops::DescrSpec {
        use crate::ops::DescrSpec;
        match self {
            Descr::Field(_) => DescrSpec::Field,
            Descr::Array(_) => DescrSpec::Array,
            Descr::Size(_) => DescrSpec::Size,
            Descr::Call(_) => DescrSpec::Call,
            Descr::Target(_) => DescrSpec::Target,
        }
    }

    /// Same underlying object (`Arc` identity).
    pub fn same(&self, other: &Descr) -> bool {
        self.addr() == other.addr()
    }

    fn addr(&self) -> usize {
        match self {
            Descr::Field(d) => Arc::as_ptr(d) as *const u8 as usize,
            Descr::Array(d) => Arc::as_ptr(d) as *const u8 as usize,
            Descr::Size(d) => Arc::as_ptr(d) as *const u8 as usize,
            Descr::Call(d) => Arc::as_ptr(d) as *const u8 as usize,
            Descr::Target(d) => Arc::as_ptr(d) as *const u8 as usize,
        }
    }

    /// The field descriptor, if this is one.
    pub fn as_field(&self) -> Option<&Arc<FieldDescr>> {
        match self {
            Descr::Field(d) => Some(d),
            _ => None,
        }
    }
    /// The array descriptor, if this is one.
    pub fn as_array(&self) -> Option<&Arc<ArrayDescr>> {
        match self {
            Descr::Array(d) => Some(d),
            _ => None,
        }
    }
    /// The size descriptor, if this is one.
    pub fn as_size(&self) -> Option<&Arc<SizeDescr>> {
        match self {
            Descr::Size(d) => Some(d),
            _ => None,
        }
    }
    /// The call descriptor, if this is one.
    pub fn as_call(&self) -> Option<&Arc<CallDescr>> {
        match self {
            Descr::Call(d) => Some(d),
            _ => None,
        }
    }
    /// The target token, if this is one.
    pub fn as_target(&self) -> Option<&Arc<TargetToken>> {
        match self {
            Descr::Target(d) => Some(d),
            _ => None,
        }
    }

    /// Checks the layout invariants; the error says what is wrong.
    pub fn validate(&self) -> Result<(), String> {
        fn check_size(what: &str, size: u8, kind: Kind) -> Result<(), String> {
            if !matches!(size, 1 | 2 | 4 | 8) {
                return Err(format!("{what}: size {size} is not 1, 2, 4 or 8"));
            }
            if matches!(kind, Kind::Ref | Kind::Float) && size != 8 {
                return Err(format!("{what}: {kind} values are 8 bytes, not {size}"));
            }
            if kind == Kind::Void {
                return Err(format!("{what}: kind void is not storable"));
            }
            Ok(())
        }
        fn check_align(what: &str, offset: i32, size: u8) -> Result<(), String> {
            if offset.rem_euclid(size as i32) != 0 {
                return Err(format!("{what}: offset {offset} is not aligned to {size}"));
            }
            Ok(())
        }
        match self {
            Descr::Field(d) => {
                check_size(&d.name, d.size, d.kind)?;
                check_align(&d.name, d.offset, d.size)
            }
            Descr::Array(d) => {
                check_size(&d.name, d.item_size, d.kind)?;
                check_align(&d.name, d.base_offset, d.item_size)?;
                check_align(&d.name, d.length_offset, 8)
            }
            Descr::Size(d) => {
                if d.size % 8 != 0 || d.size == 0 {
                    return Err(format!(
                        "{}: size {} is not a positive multiple of 8",
                        d.name, d.size
                    ));
                }
                for &off in &d.ref_offsets {
                    check_align(&d.name, off, 8)?;
                    if off < 0 || off as u32 + 8 > d.size {
                        return Err(format!("{}: ref offset {off} outside the object", d.name));
                    }
                }
                Ok(())
            }
            Descr::Call(d) => {
                if d.result == Kind::Int && !matches!(d.result_size, 1 | 2 | 4 | 8) {
                    return Err(format!("{}: result size {}", d.name, d.result_size));
                }
                if d.arg_kinds.contains(&Kind::Void) {
                    return Err(format!("{}: void argument", d.name));
                }
                Ok(())
            }
            Descr::Target(_) => Ok(()),
        }
    }
}

impl fmt::Display for Descr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A trace's descriptor table: interning by identity, indexed by [`DescrId`].
#[derive(Clone, Debug, Default)]
pub struct DescrTable {
    descrs: Vec<Descr>,
    by_addr: crate::hash::HashMap<usize, DescrId>,
}

impl DescrTable {
    /// Adds `descr` (or finds it if already present).
    pub fn intern(&mut self, descr: Descr) -> DescrId {
        let addr = descr.addr();
        if let Some(&id) = self.by_addr.get(&addr) {
            return id;
        }
        let id = DescrId(self.descrs.len() as u32);
        self.descrs.push(descr);
        self.by_addr.insert(addr, id);
        id
    }

    /// The descriptor with this id.
    pub fn get(&self, id: DescrId) -> &Descr {
        &self.descrs[id.0 as usize]
    }

    /// Finds a descriptor by name.
    pub fn find(&self, name: &str) -> Option<DescrId> {
        self.descrs
            .iter()
            .position(|d| d.name() == name)
            .map(|i| DescrId(i as u32))
    }

    /// All descriptors in id order.
    pub fn iter(&self) -> impl Iterator<Item = (DescrId, &Descr)> {
        self.descrs
            .iter()
            .enumerate()
            .map(|(i, d)| (DescrId(i as u32), d))
    }

    /// Number of descriptors.
    pub fn len(&self) -> usize {
        self.descrs.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.descrs.is_empty()
    }
}

/// Convenience constructors for descriptors (used by tests, the generator and embedders).
pub mod build {
    use super::*;

    /// An integer field of `size` bytes.
    pub fn int_field(name: &str, offset: i32, size: u8, signed: bool) -> Descr {
        Descr::Field(Arc::new(FieldDescr {
            name: name.into(),
            offset,
            size,
            kind: Kind::Int,
            signed,
            immutable: false,
        }))
    }

    /// An 8-byte field of `kind`.
    pub fn field(name: &str, offset: i32, kind: Kind) -> Descr {
        Descr::Field(Arc::new(FieldDescr {
            name: name.into(),
            offset,
            size: 8,
            kind,
            signed: true,
            immutable: false,
        }))
    }

    /// An immutable 8-byte field of `kind`.
    pub fn immutable_field(name: &str, offset: i32, kind: Kind) -> Descr {
        Descr::Field(Arc::new(FieldDescr {
            name: name.into(),
            offset,
            size: 8,
            kind,
            signed: true,
            immutable: true,
        }))
    }

    /// An object layout.
    pub fn size(name: &str, size: u32, type_id: u32, vtable: Option<u64>, refs: &[i32]) -> Descr {
        Descr::Size(Arc::new(SizeDescr {
            name: name.into(),
            size,
            type_id,
            vtable,
            ref_offsets: refs.to_vec(),
        }))
    }

    /// A GC array of 8-byte items (length at 8, items from 16) or narrower ints.
    pub fn array(name: &str, kind: Kind, item_size: u8, signed: bool, type_id: u32) -> Descr {
        Descr::Array(Arc::new(ArrayDescr {
            name: name.into(),
            base_offset: 16,
            item_size,
            kind,
            signed,
            length_offset: 8,
            type_id,
        }))
    }

    /// A call descriptor.
    pub fn call(name: &str, args: &[Kind], result: Kind, effect: EffectInfo) -> Descr {
        Descr::Call(Arc::new(CallDescr {
            name: name.into(),
            arg_kinds: args.to_vec(),
            result,
            result_size: 8,
            result_signed: true,
            effect,
        }))
    }

    /// A target token.
    pub fn target(name: &str) -> Descr {
        Descr::Target(TargetToken::new(name))
    }
}
