//! [`CData`]: a typed handle on C memory (cffi's `cdata`).
//!
//! Design: a `CData` is a type, an address and a [`Region`]. For pointer types the address
//! is the pointer's value; for every other type (arrays, structs, unions, typed primitives
//! made by `cast`) it is the address of the object. The region carries the bounds and the
//! owner of the memory, so owned memory stays alive while any `CData` derived from it lives,
//! and every access through owned or borrowed memory is bounds-checked; memory that C handed
//! us has unknown bounds and is trusted (only NULL is refused), as in C itself.
//!
//! Invariants: `ty` is an id of `types`; every read and write goes through `convert`, which
//! checks the region first; pointer arithmetic never leaves a known region (one past the end
//! is allowed, as in C).
//!
//! `CData` is neither `Send` nor `Sync`: it may share memory with C and with other `CData`
//! values without synchronisation, like a raw pointer.

use std::fmt;
use std::sync::Arc;

use crate::access::FieldAccessor;
use crate::convert::{read_bitfield, read_value, write_bitfield, write_value};
use crate::ctype::CType;
use crate::error::{Error, Result};
use crate::layout::Scalar;
use crate::memory::{Region, c_strlen, read_bytes, write_slice};
use crate::types::{BitField, TypeId, TypeKind, Types};
use crate::value::Value;

/// Typed C data: a pointer, an array, a struct or union, or a typed primitive.
#[derive(Clone)]
pub struct CData {
    pub(crate) types: Arc<Types>,
    pub(crate) ty: TypeId,
    pub(crate) addr: usize,
    pub(crate) region: Region,
    /// Bytes accessible from `addr` by the region's bounds (0 for NULL or an address
    /// outside them), computed once: a `CData` never changes, so hot paths test an access
    /// with one compare (`FieldAccessor`). Liveness of scoped borrows is checked separately.
    pub(crate) extent: usize,
}

impl CData {
    pub(crate) fn new(types: Arc<Types>, ty: TypeId, addr: usize, region: Region) -> CData {
        let extent = region.extent_from(addr);
        CData {
            types,
            ty,
            addr,
            region,
            extent,
        }
    }

    /// The C type of this data.
    pub fn ctype(&self) -> CType {
        CType::new(self.types.clone(), self.ty)
    }

    /// The C spelling of the type, e.g. `struct point *`.
    pub fn type_name(&self) -> String {
        self.types.name(self.ty)
    }

    /// The pointer value for pointer types, otherwise the address of the object.
    pub fn address(&self) -> usize {
        self.addr
    }

    /// Whether this is a NULL pointer.
    pub fn is_null(&self) -> bool {
        self.addr == 0
    }

    /// The number of elements of an array.
    pub fn len(&self) -> Option<usize> {
        match self.types.kind(self.ty) {
            TypeKind::Array { len, .. } => len.map(|l| l as usize),
            _ => None,
        }
    }

    /// Whether this is an array of length zero.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Whether the memory is owned or borrowed with known bounds (as opposed to memory
    /// that came from C, whose bounds are unknown).
    pub fn has_known_bounds(&self) -> bool {
        self.region.is_known()
    }

    pub(crate) fn same_as(&self, other: &CData) -> bool {
        self.types.uid == other.types.uid && self.ty == other.ty && self.addr == other.addr
    }

    /// Reads a typed primitive (as made by `Ffi::cast`): `Some(value)` for integer, float,
    /// bool and enum types, `None` for other types.
    pub(crate) fn primitive_value(&self) -> Result<Option<Value>> {
        match self.types.scalar(self.ty) {
            Some(Scalar::Ptr) | None => Ok(None),
            Some(_) => read_value(&self.types, self.ty, self.addr, &self.region).map(Some),
        }
    }

    /// The value: for a typed primitive its number, for a pointer the pointed-to value
    /// (`*p`).
    pub fn value(&self) -> Result<Value> {
        if let Some(value) = self.primitive_value()? {
            return Ok(value);
        }
        match self.types.kind(self.ty) {
            TypeKind::Pointer(_) => self.get(0),
            _ => Err(Error::type_error(format!(
                "cdata `{}` has no single value (index it or read its fields)",
                self.type_name()
            ))),
        }
    }

    /// Element type, element size and (for arrays) length for indexing.
    fn element(&self) -> Result<(TypeId, usize, Option<u64>)> {
        let (elem, len) = match self.types.kind(self.ty) {
            TypeKind::Pointer(target) => (*target, None),
            TypeKind::Array { elem, len } => (*elem, *len),
            _ => {
                return Err(Error::type_error(format!(
                    "cdata `{}` cannot be indexed (not a pointer or array)",
                    self.type_name()
                )));
            }
        };
        match self.types.layout(elem) {
            Some(layout) => Ok((elem, layout.size as usize, len)),
            None => Err(Error::type_error(format!(
                "cannot index `{}`: the item type `{}` has no known size",
                self.type_name(),
                self.types.name(elem)
            ))),
        }
    }

    fn element_address(&self, index: isize) -> Result<(TypeId, usize)> {
        let (elem, size, len) = self.element()?;
        if let Some(len) = len
            && (index < 0 || index as u64 >= len)
        {
            return Err(Error::bounds(format!(
                "index {index} out of range for `{}`",
                self.type_name()
            )));
        }
        if self.addr == 0 {
            return Err(Error::null(format!(
                "cannot index the NULL pointer `{}`",
                self.type_name()
            )));
        }
        let at = (size as isize)
            .checked_mul(index)
            .and_then(|offset| self.addr.checked_add_signed(offset))
            .ok_or_else(|| Error::bounds(format!("index {index} overflows the address space")))?;
        Ok((elem, at))
    }

    /// Reads item `index` of an array or pointer (`p[index]`).
    pub fn get(&self, index: isize) -> Result<Value> {
        let (elem, at) = self.element_address(index)?;
        read_value(&self.types, elem, at, &self.region)
    }

    /// Writes item `index` of an array or pointer (`p[index] = value`).
    pub fn set(&self, index: isize, value: &Value) -> Result<()> {
        let (elem, at) = self.element_address(index)?;
        write_value(&self.types, elem, at, &self.region, value)
    }

    /// The record type and base address for member access on a struct/union or a pointer
    /// to one.
    pub(crate) fn record_base(&self) -> Result<(TypeId, usize)> {
        let record = match self.types.kind(self.ty) {
            TypeKind::Record(_) => self.ty,
            TypeKind::Pointer(target)
                if matches!(self.types.kind(*target), TypeKind::Record(_)) =>
            {
                *target
            }
            _ => {
                return Err(Error::type_error(format!(
                    "cdata `{}` has no members (not a struct or union, or a pointer to one)",
                    self.type_name()
                )));
            }
        };
        if self.addr == 0 {
            return Err(Error::null(format!(
                "cannot access a member through the NULL pointer `{}`",
                self.type_name()
            )));
        }
        Ok((record, self.addr))
    }

    fn member(&self, name: &str) -> Result<(TypeId, usize, Option<BitField>)> {
        let (record, base) = self.record_base()?;
        let body = self.types.record_body(record).ok_or_else(|| {
            Error::type_error(format!(
                "`{}` is incomplete (declared but not defined)",
                self.types.name(record)
            ))
        })?;
        let field = body.flat.get(name).ok_or_else(|| {
            Error::type_error(format!(
                "`{}` has no member named `{name}`",
                self.types.name(record)
            ))
        })?;
        let at = base
            .checked_add(field.offset as usize)
            .ok_or_else(|| Error::bounds("member address overflows"))?;
        Ok((field.ty, at, field.bits))
    }

    /// Reads member `name` (`s.name` or `p->name`). Struct, union and array members come
    /// back as `CData` views of the same memory.
    pub fn field(&self, name: &str) -> Result<Value> {
        match self.member(name)? {
            (ty, at, Some(bits)) => read_bitfield(&self.types, ty, bits, at, &self.region),
            (ty, at, None) => read_value(&self.types, ty, at, &self.region),
        }
    }

    /// Writes member `name` (a bit-field is range-checked against its width).
    pub fn set_field(&self, name: &str, value: &Value) -> Result<()> {
        match self.member(name)? {
            (ty, at, Some(bits)) => write_bitfield(&self.types, ty, bits, at, &self.region, value),
            (ty, at, None) => write_value(&self.types, ty, at, &self.region, value),
        }
    }

    /// A precomputed accessor for member `name` of this data's struct type, for hot paths.
    pub fn field_accessor(&self, name: &str) -> Result<FieldAccessor> {
        let (record, _) = self.record_base()?;
        FieldAccessor::new(&self.types, record, name)
    }

    /// Pointer arithmetic: `self + n` items. Arrays decay to a pointer to their first item.
    /// The result may point one past the end of known memory but not further.
    pub fn offset(&self, n: isize) -> Result<CData> {
        let (elem, size, _) = self.element()?;
        let ty = match self.types.kind(self.ty) {
            TypeKind::Array { .. } => self.types.registry().pointer(&self.types, elem),
            _ => self.ty,
        };
        let addr = (size as isize)
            .checked_mul(n)
            .and_then(|offset| self.addr.checked_add_signed(offset))
            .ok_or_else(|| Error::bounds(format!("pointer arithmetic by {n} overflows")))?;
        self.region.check_position(addr)?;
        Ok(CData::new(
            self.types.clone(),
            ty,
            addr,
            self.region.clone(),
        ))
    }

    /// Pointer difference in items: `self - origin`. Both must have the same item type.
    pub fn offset_from(&self, origin: &CData) -> Result<isize> {
        let (elem, size, _) = self.element()?;
        let (other_elem, _, _) = origin.element()?;
        if elem != other_elem || self.types.uid != origin.types.uid {
            return Err(Error::type_error(format!(
                "cannot subtract `{}` from `{}`",
                origin.type_name(),
                self.type_name()
            )));
        }
        if size == 0 {
            return Err(Error::type_error("pointer difference of zero-sized items"));
        }
        let bytes = (self.addr as isize).wrapping_sub(origin.addr as isize);
        if bytes % size as isize != 0 {
            return Err(Error::type_error(
                "pointers are not a whole number of items apart",
            ));
        }
        Ok(bytes / size as isize)
    }

    /// The size in bytes of this data's type (for a pointer: the pointer itself).
    pub fn byte_size(&self) -> Option<usize> {
        self.types.layout(self.ty).map(|l| l.size as usize)
    }

    /// Copies `len` bytes out of the memory this data points to (or holds).
    pub fn read_bytes(&self, len: usize) -> Result<Vec<u8>> {
        self.region.check(self.addr, len)?;
        // SAFETY: `check` succeeded for `len` bytes.
        Ok(unsafe { read_bytes(self.addr, len) })
    }

    /// Copies `bytes` into the memory this data points to (or holds).
    pub fn write_bytes(&self, bytes: &[u8]) -> Result<()> {
        self.region.check(self.addr, bytes.len())?;
        // SAFETY: `check` succeeded for `bytes.len()` bytes.
        unsafe { write_slice(self.addr, bytes) };
        Ok(())
    }

    /// Reads a NUL-terminated string from a `char` pointer or array (cffi's `ffi.string`):
    /// stops at the first NUL, at `max_len` bytes, at the end of an array, or at the end of
    /// known memory, whichever comes first.
    pub fn string(&self, max_len: Option<usize>) -> Result<Vec<u8>> {
        let (elem, array_len) = match self.types.kind(self.ty) {
            TypeKind::Pointer(target) => (*target, None),
            TypeKind::Array { elem, len } => (*elem, *len),
            _ => (self.ty, None),
        };
        if !self.types.is_char_like(elem) || matches!(self.types.kind(self.ty), TypeKind::Prim(_)) {
            return Err(Error::type_error(format!(
                "string() needs a char pointer or array, got `{}`",
                self.type_name()
            )));
        }
        self.region.check(self.addr, 0)?;
        let mut limit = max_len.unwrap_or(usize::MAX);
        if let Some(len) = array_len {
            limit = limit.min(len as usize);
        }
        if let Some(remaining) = self.region.remaining(self.addr) {
            limit = limit.min(remaining);
        }
        // SAFETY: the scan stays within `limit`, which is bounded by the known memory when
        // there is any; for memory from C the string is trusted to be terminated, as in C.
        let len = unsafe { c_strlen(self.addr, limit) };
        self.read_bytes(len)
    }
}

impl fmt::Debug for CData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<cdata '{}' {:#x}", self.type_name(), self.addr)?;
        if let Some(remaining) = self.region.remaining(self.addr) {
            write!(f, " ({remaining} bytes known)")?;
        }
        f.write_str(">")
    }
}
