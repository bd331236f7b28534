//! The C type model: primitive table, type arena, name registry, type names.
//!
//! Design: every type of one [`Ffi`](crate::Ffi) lives in an append-only arena of
//! [`TypeInfo`] addressed by a [`TypeId`]. Derived types (pointer, array, function) are
//! interned, so two spellings of one type get one id and type identity is an integer
//! compare; structs, unions and enums are nominal (one id per definition). Qualifiers
//! (`const`, `volatile`, `restrict`) are accepted by the parser and dropped, as cffi does.
//! Typedefs are aliases: a typedef name resolves to the id of the type it names.
//!
//! Invariants: an id handed out by this module is valid in its arena forever (the arena
//! never removes); a record's body is set at most once (`OnceLock`), when its definition has
//! parsed completely; names live in [`Registry`], which `cdef` clones, edits and commits as a
//! whole so a failing `cdef` adds no names.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

use crate::arena::AppendVec;
use crate::layout::{Layout, Scalar, Target};

/// Index of a type in its [`Types`] arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct TypeId(pub(crate) u32);

/// The C primitive types (everything that is neither derived nor a record nor an enum).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Prim {
    Bool,
    Char,
    SChar,
    UChar,
    Short,
    UShort,
    Int,
    UInt,
    Long,
    ULong,
    LongLong,
    ULongLong,
    Float,
    Double,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PrimClass {
    Bool,
    PlainChar,
    Signed,
    Unsigned,
    Float,
}

pub(crate) struct PrimRow {
    pub(crate) prim: Prim,
    pub(crate) name: &'static str,
    pub(crate) size: u64,
    pub(crate) class: PrimClass,
}

const fn row(prim: Prim, name: &'static str, size: u64, class: PrimClass) -> PrimRow {
    PrimRow {
        prim,
        name,
        size,
        class,
    }
}

/// The primitive table, in `Prim` order: canonical C spelling, LP64 size (both supported
/// targets), class. The single source of truth for primitive names and sizes.
pub(crate) const PRIMS: [PrimRow; 14] = [
    row(Prim::Bool, "_Bool", 1, PrimClass::Bool),
    row(Prim::Char, "char", 1, PrimClass::PlainChar),
    row(Prim::SChar, "signed char", 1, PrimClass::Signed),
    row(Prim::UChar, "unsigned char", 1, PrimClass::Unsigned),
    row(Prim::Short, "short", 2, PrimClass::Signed),
    row(Prim::UShort, "unsigned short", 2, PrimClass::Unsigned),
    row(Prim::Int, "int", 4, PrimClass::Signed),
    row(Prim::UInt, "unsigned int", 4, PrimClass::Unsigned),
    row(Prim::Long, "long", 8, PrimClass::Signed),
    row(Prim::ULong, "unsigned long", 8, PrimClass::Unsigned),
    row(Prim::LongLong, "long long", 8, PrimClass::Signed),
    row(
        Prim::ULongLong,
        "unsigned long long",
        8,
        PrimClass::Unsigned,
    ),
    row(Prim::Float, "float", 4, PrimClass::Float),
    row(Prim::Double, "double", 8, PrimClass::Float),
];

/// Typedef names every cdef knows, with the primitive glibc defines them as on both LP64
/// targets (`<stdint.h>`, `<stddef.h>`, `<sys/types.h>`, `<stdbool.h>`).
pub(crate) const STANDARD_TYPEDEFS: [(&str, Prim); 15] = [
    ("bool", Prim::Bool),
    ("int8_t", Prim::SChar),
    ("uint8_t", Prim::UChar),
    ("int16_t", Prim::Short),
    ("uint16_t", Prim::UShort),
    ("int32_t", Prim::Int),
    ("uint32_t", Prim::UInt),
    ("int64_t", Prim::Long),
    ("uint64_t", Prim::ULong),
    ("size_t", Prim::ULong),
    ("ssize_t", Prim::Long),
    ("intptr_t", Prim::Long),
    ("uintptr_t", Prim::ULong),
    ("ptrdiff_t", Prim::Long),
    ("off_t", Prim::Long),
];

impl Prim {
    /// The canonical C spelling.
    pub fn name(self) -> &'static str {
        PRIMS[self as usize].name
    }

    pub(crate) fn is_char_like(self) -> bool {
        matches!(self, Prim::Char | Prim::SChar | Prim::UChar)
    }
}

/// What a type is.
#[derive(Debug)]
pub(crate) enum TypeKind {
    Void,
    Prim(Prim),
    Pointer(TypeId),
    /// `len == None` is an array of unknown length (`T[]`).
    Array {
        elem: TypeId,
        len: Option<u64>,
    },
    Record(Box<Record>),
    Enum(Box<EnumDef>),
    Function(Box<FnSig>),
}

/// A struct or union type; its body is set once the definition is complete.
#[derive(Debug)]
pub(crate) struct Record {
    pub(crate) is_union: bool,
    pub(crate) tag: Option<String>,
    /// Name used for an anonymous record, set by the first typedef that names it.
    pub(crate) alias: OnceLock<String>,
    pub(crate) body: OnceLock<RecordBody>,
}

#[derive(Debug)]
pub(crate) struct RecordBody {
    pub(crate) fields: Vec<Field>,
    pub(crate) layout: Layout,
    /// Every accessible member name, including those of anonymous members (C11), with the
    /// offset from the start of this record.
    pub(crate) flat: HashMap<String, FlatField>,
    /// Whether any member, here or in a nested record, is a bit-field.
    pub(crate) has_bitfields: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Field {
    /// `None` for an anonymous struct/union member.
    pub(crate) name: Option<String>,
    pub(crate) ty: TypeId,
    /// Byte offset; for a bit-field, the offset of its storage unit.
    pub(crate) offset: u64,
    pub(crate) bits: Option<BitField>,
}

/// Where a bit-field lives inside its storage unit: a naturally aligned object of the
/// field's declared type at the field's `offset`, read as a little-endian integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BitField {
    /// Position of the field's lowest bit in the unit.
    pub(crate) shift: u32,
    /// Width in bits (at least 1).
    pub(crate) width: u32,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct FlatField {
    pub(crate) ty: TypeId,
    pub(crate) offset: u64,
    pub(crate) bits: Option<BitField>,
}

#[derive(Debug)]
pub(crate) struct EnumDef {
    pub(crate) tag: Option<String>,
    pub(crate) underlying: Prim,
    pub(crate) values: Vec<(String, i128)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct FnSig {
    pub(crate) ret: TypeId,
    pub(crate) params: Vec<TypeId>,
    pub(crate) variadic: bool,
}

#[derive(Debug)]
pub(crate) struct TypeInfo {
    pub(crate) kind: TypeKind,
    /// Layout of non-record complete types; records use their body's layout.
    pub(crate) layout: Option<Layout>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum InternKey {
    Pointer(TypeId),
    Array(TypeId, Option<u64>),
    Function(FnSig),
}

/// A declared function or global variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decl {
    Function(TypeId),
    Variable(TypeId),
}

/// The names of one `Ffi`, cloned and committed as a whole by `cdef`.
#[derive(Clone, Default)]
pub(crate) struct Registry {
    intern: HashMap<InternKey, TypeId>,
    pub(crate) typedefs: HashMap<String, TypeId>,
    pub(crate) structs: HashMap<String, TypeId>,
    pub(crate) unions: HashMap<String, TypeId>,
    pub(crate) enums: HashMap<String, TypeId>,
    pub(crate) constants: HashMap<String, i128>,
    pub(crate) decls: HashMap<String, Decl>,
    /// Type names already parsed by `Ffi::ctype` and friends.
    pub(crate) type_cache: HashMap<String, TypeId>,
    /// Named types in declaration order (`struct foo`, `union u`, `enum e`, typedef names).
    pub(crate) declared_order: Vec<String>,
}

/// All types and names of one `Ffi`.
pub(crate) struct Types {
    pub(crate) target: Target,
    /// Distinguishes the arenas of different `Ffi` instances (ids are per arena).
    pub(crate) uid: u64,
    arena: AppendVec<TypeInfo>,
    registry: Mutex<Registry>,
}

pub(crate) const VOID: TypeId = TypeId(0);
/// `void *`, interned when the arena is created.
pub(crate) const VOID_PTR: TypeId = TypeId(PRIMS.len() as u32 + 1);

pub(crate) fn prim_id(prim: Prim) -> TypeId {
    TypeId(prim as u32 + 1)
}

impl Types {
    pub(crate) fn new(target: Target) -> Types {
        static NEXT_UID: AtomicU64 = AtomicU64::new(1);
        let types = Types {
            target,
            uid: NEXT_UID.fetch_add(1, Ordering::Relaxed),
            arena: AppendVec::new(),
            registry: Mutex::new(Registry::default()),
        };
        types.push(TypeKind::Void, None);
        for row in &PRIMS {
            types.push(TypeKind::Prim(row.prim), Some(target.prim_layout(row.prim)));
        }
        let mut registry = types.registry();
        let void_ptr = registry.pointer(&types, VOID);
        debug_assert_eq!(void_ptr, VOID_PTR);
        drop(registry);
        types
    }

    pub(crate) fn registry(&self) -> MutexGuard<'_, Registry> {
        self.registry
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn push(&self, kind: TypeKind, layout: Option<Layout>) -> TypeId {
        let id = self
            .arena
            .push(TypeInfo { kind, layout })
            .expect("more than 2^32 types in one Ffi");
        TypeId(id)
    }

    pub(crate) fn info(&self, id: TypeId) -> &TypeInfo {
        self.arena
            .get(id.0)
            .expect("TypeId always comes from its own arena")
    }

    pub(crate) fn len(&self) -> usize {
        self.arena.len()
    }

    pub(crate) fn kind(&self, id: TypeId) -> &TypeKind {
        &self.info(id).kind
    }

    /// Size and alignment, or `None` for `void`, functions, `T[]` and incomplete records.
    pub(crate) fn layout(&self, id: TypeId) -> Option<Layout> {
        let info = self.info(id);
        match &info.kind {
            TypeKind::Record(record) => record.body.get().map(|body| body.layout),
            _ => info.layout,
        }
    }

    pub(crate) fn record_body(&self, id: TypeId) -> Option<&RecordBody> {
        match self.kind(id) {
            TypeKind::Record(record) => record.body.get(),
            _ => None,
        }
    }

    /// The machine scalar of an integer, float, bool, enum or pointer type.
    pub(crate) fn scalar(&self, id: TypeId) -> Option<Scalar> {
        match self.kind(id) {
            TypeKind::Prim(prim) => Some(self.target.scalar(*prim)),
            TypeKind::Enum(def) => Some(self.target.scalar(def.underlying)),
            TypeKind::Pointer(_) => Some(Scalar::Ptr),
            _ => None,
        }
    }

    pub(crate) fn pointee(&self, id: TypeId) -> Option<TypeId> {
        match self.kind(id) {
            TypeKind::Pointer(target) => Some(*target),
            _ => None,
        }
    }

    /// Whether values of this type are `char`, `signed char` or `unsigned char`.
    pub(crate) fn is_char_like(&self, id: TypeId) -> bool {
        matches!(self.kind(id), TypeKind::Prim(prim) if prim.is_char_like())
    }

    /// The C spelling of a type, e.g. `int *`, `int[10]`, `int(*)(int, char *)`.
    pub(crate) fn name(&self, id: TypeId) -> String {
        self.declarator_name(id, String::new())
    }

    fn declarator_name(&self, id: TypeId, inner: String) -> String {
        let base = match self.kind(id) {
            TypeKind::Void => "void".to_string(),
            TypeKind::Prim(prim) => prim.name().to_string(),
            TypeKind::Record(record) => {
                let keyword = if record.is_union { "union" } else { "struct" };
                match (&record.tag, record.alias.get()) {
                    (Some(tag), _) => format!("{keyword} {tag}"),
                    (None, Some(alias)) => alias.clone(),
                    (None, None) => format!("{keyword} <anonymous>"),
                }
            }
            TypeKind::Enum(def) => match &def.tag {
                Some(tag) => format!("enum {tag}"),
                None => "enum <anonymous>".to_string(),
            },
            TypeKind::Pointer(target) => {
                let wrapped = match self.kind(*target) {
                    TypeKind::Array { .. } | TypeKind::Function(_) => format!("(*{inner})"),
                    _ => format!("*{inner}"),
                };
                return self.declarator_name(*target, wrapped);
            }
            TypeKind::Array { elem, len } => {
                let suffix = match len {
                    Some(len) => format!("{inner}[{len}]"),
                    None => format!("{inner}[]"),
                };
                return self.declarator_name(*elem, suffix);
            }
            TypeKind::Function(sig) => {
                let mut params: Vec<String> = sig.params.iter().map(|p| self.name(*p)).collect();
                if sig.variadic {
                    params.push("...".to_string());
                }
                if params.is_empty() {
                    params.push("void".to_string());
                }
                return self.declarator_name(sig.ret, format!("{inner}({})", params.join(", ")));
            }
        };
        if inner.is_empty() {
            base
        } else if inner.starts_with('[') || inner.starts_with('(') {
            format!("{base}{inner}")
        } else {
            format!("{base} {inner}")
        }
    }
}

impl Registry {
    fn intern(&mut self, types: &Types, key: InternKey, make: impl FnOnce() -> TypeInfo) -> TypeId {
        if let Some(id) = self.intern.get(&key) {
            return *id;
        }
        let info = make();
        let id = types.push(info.kind, info.layout);
        self.intern.insert(key, id);
        id
    }

    pub(crate) fn pointer(&mut self, types: &Types, target: TypeId) -> TypeId {
        let size = types.target.pointer_size();
        self.intern(types, InternKey::Pointer(target), || TypeInfo {
            kind: TypeKind::Pointer(target),
            layout: Some(Layout { size, align: size }),
        })
    }

    /// An array type; the caller has checked that `elem` is a complete object type and
    /// computed the array's layout (`None` when `len` is `None`).
    pub(crate) fn array(
        &mut self,
        types: &Types,
        elem: TypeId,
        len: Option<u64>,
        layout: Option<Layout>,
    ) -> TypeId {
        self.intern(types, InternKey::Array(elem, len), || TypeInfo {
            kind: TypeKind::Array { elem, len },
            layout,
        })
    }

    pub(crate) fn function(&mut self, types: &Types, sig: FnSig) -> TypeId {
        let kind = TypeKind::Function(Box::new(sig.clone()));
        self.intern(types, InternKey::Function(sig), || TypeInfo {
            kind,
            layout: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primitive_ids_follow_the_table() {
        let types = Types::new(Target::X86_64SysV);
        for row in &PRIMS {
            assert!(matches!(types.kind(prim_id(row.prim)), TypeKind::Prim(p) if *p == row.prim));
        }
        assert_eq!(types.name(VOID_PTR), "void *");
    }

    #[test]
    fn derived_types_are_interned_and_named_like_c() {
        let types = Types::new(Target::X86_64SysV);
        let mut reg = types.registry();
        let int = prim_id(Prim::Int);
        let p1 = reg.pointer(&types, int);
        let p2 = reg.pointer(&types, int);
        assert_eq!(p1, p2);
        let arr = reg.array(&types, p1, Some(3), None);
        assert_eq!(types.name(arr), "int *[3]");
        let sig = FnSig {
            ret: int,
            params: vec![int, p1],
            variadic: true,
        };
        let fun = reg.function(&types, sig);
        let fun_ptr = reg.pointer(&types, fun);
        assert_eq!(types.name(fun_ptr), "int(*)(int, int *, ...)");
        let arr_ptr = reg.pointer(&types, arr);
        assert_eq!(types.name(arr_ptr), "int *(*)[3]");
        let fun_ptr_arr = reg.array(&types, fun_ptr, Some(2), None);
        assert_eq!(types.name(fun_ptr_arr), "int(*[2])(int, int *, ...)");
    }
}
