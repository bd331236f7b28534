//! [`CType`]: a public handle on a type of an `Ffi`, for introspection and reuse.
//!
//! Design: a `CType` is the shared type table plus an id, so it is cheap to clone, stays
//! valid after later `cdef`s, and compares by identity (two spellings of one type are equal,
//! `int32_t` and `int` for instance). Passing a `CType` instead of a type string skips the
//! parse, which is what hot paths should do.

use std::fmt;
use std::sync::Arc;

use crate::access::FieldAccessor;
use crate::types::{Prim, TypeId, TypeKind, Types};

/// A C type known to an `Ffi`.
#[derive(Clone)]
pub struct CType {
    pub(crate) types: Arc<Types>,
    pub(crate) id: TypeId,
}

/// The kind of a [`CType`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CTypeKind {
    /// `void`.
    Void,
    /// An integer, character, bool or floating type.
    Primitive(Prim),
    /// A data or function pointer.
    Pointer,
    /// An array, of known or unknown length.
    Array,
    /// A struct.
    Struct,
    /// A union.
    Union,
    /// An enum.
    Enum,
    /// A function type (not a pointer to one).
    Function,
}

/// A direct member of a struct or union.
#[derive(Clone, Debug)]
pub struct FieldInfo {
    /// The member name, `None` for an anonymous struct/union member.
    pub name: Option<String>,
    /// The member type.
    pub ctype: CType,
    /// Byte offset from the start of the record (for a bit-field: of its storage unit, an
    /// aligned object of the member's type).
    pub offset: usize,
    /// For a bit-field: the position of its lowest bit in the storage unit, and its width.
    pub bits: Option<(u32, u32)>,
}

/// The signature of a function type.
#[derive(Clone, Debug)]
pub struct Signature {
    /// The result type.
    pub result: CType,
    /// The fixed parameter types (after array and function parameters became pointers).
    pub params: Vec<CType>,
    /// Whether the function takes `...`.
    pub variadic: bool,
}

impl CType {
    pub(crate) fn new(types: Arc<Types>, id: TypeId) -> CType {
        CType { types, id }
    }

    fn wrap(&self, id: TypeId) -> CType {
        CType::new(self.types.clone(), id)
    }

    /// The C spelling, e.g. `int(*)(int)`.
    pub fn name(&self) -> String {
        self.types.name(self.id)
    }

    /// What kind of type this is.
    pub fn kind(&self) -> CTypeKind {
        match self.types.kind(self.id) {
            TypeKind::Void => CTypeKind::Void,
            TypeKind::Prim(prim) => CTypeKind::Primitive(*prim),
            TypeKind::Pointer(_) => CTypeKind::Pointer,
            TypeKind::Array { .. } => CTypeKind::Array,
            TypeKind::Record(record) if record.is_union => CTypeKind::Union,
            TypeKind::Record(_) => CTypeKind::Struct,
            TypeKind::Enum(_) => CTypeKind::Enum,
            TypeKind::Function(_) => CTypeKind::Function,
        }
    }

    /// `sizeof`, or `None` for `void`, functions, `T[]` and incomplete records.
    pub fn size(&self) -> Option<usize> {
        self.types.layout(self.id).map(|l| l.size as usize)
    }

    /// `_Alignof`, or `None` when the size is unknown.
    pub fn align(&self) -> Option<usize> {
        self.types.layout(self.id).map(|l| l.align as usize)
    }

    /// The pointed-to type of a pointer or the item type of an array.
    pub fn item(&self) -> Option<CType> {
        match self.types.kind(self.id) {
            TypeKind::Pointer(target) => Some(self.wrap(*target)),
            TypeKind::Array { elem, .. } => Some(self.wrap(*elem)),
            _ => None,
        }
    }

    /// The length of an array type with a known length.
    pub fn length(&self) -> Option<usize> {
        match self.types.kind(self.id) {
            TypeKind::Array { len, .. } => len.map(|l| l as usize),
            _ => None,
        }
    }

    /// The direct members of a complete struct or union, in declaration order.
    pub fn fields(&self) -> Option<Vec<FieldInfo>> {
        let body = self.types.record_body(self.id)?;
        Some(
            body.fields
                .iter()
                .map(|field| FieldInfo {
                    name: field.name.clone(),
                    ctype: self.wrap(field.ty),
                    offset: field.offset as usize,
                    bits: field.bits.map(|b| (b.shift, b.width)),
                })
                .collect(),
        )
    }

    /// A precomputed accessor for member `name` (found through anonymous members too).
    pub fn field(&self, name: &str) -> crate::Result<FieldAccessor> {
        FieldAccessor::new(&self.types, self.id, name)
    }

    /// The enumerators of an enum type, in declaration order.
    pub fn enumerators(&self) -> Option<Vec<(String, i128)>> {
        match self.types.kind(self.id) {
            TypeKind::Enum(def) => Some(def.values.clone()),
            _ => None,
        }
    }

    /// The signature of a function type or of a pointer to one.
    pub fn signature(&self) -> Option<Signature> {
        let id = match self.types.kind(self.id) {
            TypeKind::Pointer(target) => *target,
            _ => self.id,
        };
        match self.types.kind(id) {
            TypeKind::Function(sig) => Some(Signature {
                result: self.wrap(sig.ret),
                params: sig.params.iter().map(|p| self.wrap(*p)).collect(),
                variadic: sig.variadic,
            }),
            _ => None,
        }
    }
}

impl PartialEq for CType {
    fn eq(&self, other: &Self) -> bool {
        self.types.uid == other.types.uid && self.id == other.id
    }
}

impl Eq for CType {}

impl fmt::Debug for CType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<ctype '{}'>", self.name())
    }
}
