//! Precomputed member accessors: struct field access without a name lookup.
//!
//! Design: [`FieldAccessor`] resolves a member name once (through anonymous members too) to
//! an offset, a type and a machine scalar kind. A `get`/`set` then costs a type-identity
//! check (two integer compares), a bounds check against the data's region and one unaligned
//! load or store — the software version of what PyPy's JIT reduces to a single instruction.
//!
//! Invariant: an accessor only touches data whose type is exactly its record type or a
//! pointer to it, from the same `Ffi`; anything else is a type error.

use std::sync::Arc;

use crate::cdata::CData;
use crate::convert::{
    decode_scalar, read_bitfield, read_value, scalar_bits, write_bitfield, write_value,
};
use crate::error::{Error, Result};
use crate::layout::Scalar;
use crate::memory::{NULL_PAGE, read_bits, write_bits};
use crate::typed::CScalar;
use crate::typed_field::TypedField;
use crate::types::{BitField, TypeId, TypeKind, Types};
use crate::value::Value;

/// Precomputed integer handling: load `size` bytes, then shift left and back right by
/// `shift` (arithmetically when signed) to truncate and extend; stores check `min..=max`.
#[derive(Clone, Copy, Debug)]
struct IntView {
    size: usize,
    shift: u32,
    signed: bool,
    min: i128,
    max: i128,
}

/// A resolved struct or union member, reusable on any data of that record type.
#[derive(Clone)]
pub struct FieldAccessor {
    /// Kept alive so the identity test below (`Arc::ptr_eq`) can never see a reused address.
    types: Arc<Types>,
    record: TypeId,
    record_ptr: TypeId,
    field_ty: TypeId,
    offset: usize,
    /// `offset` plus the member's size: an access is in bounds iff `end <= data.extent`.
    end: usize,
    /// The member's machine scalar, or `None` for pointers and aggregates.
    scalar: Option<Scalar>,
    /// For integer members (not `_Bool`): how `read_int`/`write_int` load and check them.
    int: Option<IntView>,
    /// Set for a bit-field (then `offset` is its storage unit's offset).
    bits: Option<BitField>,
    name: Box<str>,
}

impl FieldAccessor {
    pub(crate) fn new(types: &Arc<Types>, record: TypeId, name: &str) -> Result<FieldAccessor> {
        if !matches!(types.kind(record), TypeKind::Record(_)) {
            return Err(Error::type_error(format!(
                "`{}` is not a struct or union",
                types.name(record)
            )));
        }
        let body = types.record_body(record).ok_or_else(|| {
            Error::type_error(format!(
                "`{}` is incomplete (declared but not defined)",
                types.name(record)
            ))
        })?;
        let field = body.flat.get(name).ok_or_else(|| {
            Error::type_error(format!(
                "`{}` has no member named `{name}`",
                types.name(record)
            ))
        })?;
        let record_ptr = types.registry().pointer(types, record);
        // Bit-fields take the general path (`bits`), never the byte-sized fast paths.
        let scalar = types
            .scalar(field.ty)
            .filter(|s| *s != Scalar::Ptr && field.bits.is_none());
        let size = types.layout(field.ty).map_or(0, |l| l.size as usize);
        let int = scalar
            .filter(|s| !s.is_float() && *s != Scalar::Bool)
            .and_then(|s| {
                let (min, max) = s.int_range()?;
                Some(IntView {
                    size: s.size(),
                    shift: 64 - 8 * s.size() as u32,
                    signed: min < 0,
                    min,
                    max,
                })
            });
        Ok(FieldAccessor {
            bits: field.bits,
            int,
            end: field.offset as usize + size,
            types: types.clone(),
            record,
            record_ptr,
            field_ty: field.ty,
            offset: field.offset as usize,
            scalar,
            name: name.into(),
        })
    }

    /// The member's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The member's offset from the start of the record.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The member checked against the Rust scalar type `T` (`int` is `i32`, `double` is
    /// `f64`, ...), for reads and writes without `Value`s or range checks; a member of
    /// another type, a pointer or a bit-field is a `Type` error.
    pub fn typed<T: CScalar>(&self) -> Result<TypedField<T>> {
        TypedField::new(self)
    }

    /// The member's machine scalar unless it is a pointer, an aggregate or a bit-field.
    pub(crate) fn plain_scalar(&self) -> Option<Scalar> {
        self.scalar
    }

    pub(crate) fn is_bitfield(&self) -> bool {
        self.bits.is_some()
    }

    /// The C spelling of the member's type.
    pub(crate) fn type_name(&self) -> String {
        self.types.name(self.field_ty)
    }

    /// The member's address in `data`, after the type test and the bounds test (one
    /// compare against the extent precomputed in `data`).
    #[inline]
    pub(crate) fn address(&self, data: &CData) -> Result<usize> {
        if (data.ty != self.record && data.ty != self.record_ptr)
            || !Arc::ptr_eq(&data.types, &self.types)
        {
            return Err(self.wrong_type(data));
        }
        if self.end <= data.extent && data.region.is_alive() {
            Ok(data.addr + self.offset)
        } else {
            Err(self.access_error(data))
        }
    }

    #[cold]
    fn access_error(&self, data: &CData) -> Error {
        if data.addr < NULL_PAGE {
            return self.null_error();
        }
        match data.region.check(
            data.addr.saturating_add(self.offset),
            self.end - self.offset,
        ) {
            Err(error) => error,
            Ok(()) => Error::bounds(format!(
                "member `{}` is outside the known memory",
                self.name
            )),
        }
    }

    #[cold]
    fn null_error(&self) -> Error {
        Error::null(format!(
            "cannot access member `{}` through a NULL pointer",
            self.name
        ))
    }

    #[cold]
    fn wrong_type(&self, data: &CData) -> Error {
        Error::type_error(format!(
            "accessor for member `{}` cannot be used on cdata `{}`",
            self.name,
            data.type_name()
        ))
    }

    /// Reads the member of `data` (a struct/union or a pointer to one).
    #[inline]
    pub fn get(&self, data: &CData) -> Result<Value> {
        let at = self.address(data)?;
        match self.scalar {
            Some(scalar) => {
                // SAFETY: `address` checked the member's full size against the extent.
                let bits = unsafe { read_bits(at, scalar.size()) };
                Ok(decode_scalar(scalar, bits))
            }
            None => match self.bits {
                Some(bits) => read_bitfield(&data.types, self.field_ty, bits, at, &data.region),
                None => read_value(&data.types, self.field_ty, at, &data.region),
            },
        }
    }

    /// Writes the member of `data`.
    #[inline]
    pub fn set(&self, data: &CData, value: &Value) -> Result<()> {
        let at = self.address(data)?;
        match self.scalar {
            Some(scalar) => {
                let bits = scalar_bits(&data.types, self.field_ty, scalar, value)?;
                // SAFETY: `address` checked the member's full size against the extent.
                unsafe { write_bits(at, scalar.size(), bits) };
                Ok(())
            }
            None => match self.bits {
                Some(bits) => {
                    write_bitfield(&data.types, self.field_ty, bits, at, &data.region, value)
                }
                None => write_value(&data.types, self.field_ty, at, &data.region, value),
            },
        }
    }
}

impl FieldAccessor {
    /// Typed fast path: reads an integer, enum or bool member as an integer, without
    /// building a `Value`.
    #[inline]
    pub fn read_int(&self, data: &CData) -> Result<i128> {
        let at = self.address(data)?;
        match self.int {
            Some(view) => {
                // SAFETY: `address` checked the member's full size against the extent.
                let high = unsafe { read_bits(at, view.size) } << view.shift;
                Ok(if view.signed {
                    i128::from((high as i64) >> view.shift)
                } else {
                    i128::from(high >> view.shift)
                })
            }
            None => match (self.scalar, self.bits) {
                // SAFETY: `address` checked the member's byte against the extent.
                (Some(Scalar::Bool), _) => Ok(i128::from(unsafe { read_bits(at, 1) } != 0)),
                (_, Some(bits)) => {
                    match read_bitfield(&data.types, self.field_ty, bits, at, &data.region)? {
                        Value::Int(v) => Ok(v),
                        Value::Bool(b) => Ok(i128::from(b)),
                        _ => Err(self.kind_error("an integer")),
                    }
                }
                _ => Err(self.kind_error("an integer")),
            },
        }
    }

    /// Typed fast path: writes an integer, enum or bool member (range-checked).
    #[inline]
    pub fn write_int(&self, data: &CData, value: i128) -> Result<()> {
        let at = self.address(data)?;
        let (size, min, max) = match (self.int, self.scalar, self.bits) {
            (Some(view), _, _) => (view.size, view.min, view.max),
            (None, Some(Scalar::Bool), _) => (1, 0, 1),
            (_, _, Some(bits)) => {
                let value = Value::Int(value);
                return write_bitfield(&data.types, self.field_ty, bits, at, &data.region, &value);
            }
            _ => return Err(self.kind_error("an integer")),
        };
        if value < min || value > max {
            return Err(self.range_error(value));
        }
        // SAFETY: `address` checked the member's full size against the extent.
        unsafe { write_bits(at, size, value as u64) };
        Ok(())
    }

    /// Typed fast path: reads a `float` or `double` member.
    #[inline]
    pub fn read_float(&self, data: &CData) -> Result<f64> {
        let at = self.address(data)?;
        match self.scalar {
            Some(Scalar::F64) => {
                // SAFETY: `address` checked the member's 8 bytes against the extent.
                Ok(f64::from_bits(unsafe { read_bits(at, 8) }))
            }
            Some(Scalar::F32) => {
                // SAFETY: `address` checked the member's 4 bytes against the extent.
                Ok(f64::from(
                    f32::from_bits(unsafe { read_bits(at, 4) } as u32),
                ))
            }
            _ => Err(self.kind_error("a floating-point")),
        }
    }

    /// Typed fast path: writes a `float` or `double` member.
    #[inline]
    pub fn write_float(&self, data: &CData, value: f64) -> Result<()> {
        let at = self.address(data)?;
        match self.scalar {
            Some(Scalar::F64) => {
                // SAFETY: `address` checked the member's 8 bytes against the extent.
                unsafe { write_bits(at, 8, value.to_bits()) };
                Ok(())
            }
            Some(Scalar::F32) => {
                // SAFETY: `address` checked the member's 4 bytes against the extent.
                unsafe { write_bits(at, 4, u64::from((value as f32).to_bits())) };
                Ok(())
            }
            _ => Err(self.kind_error("a floating-point")),
        }
    }

    #[cold]
    fn kind_error(&self, wanted: &str) -> Error {
        Error::type_error(format!(
            "member `{}` has type `{}`, not {wanted} type",
            self.name,
            self.types.name(self.field_ty)
        ))
    }

    #[cold]
    fn range_error(&self, value: i128) -> Error {
        Error::overflow(format!(
            "integer {value} does not fit in `{}`",
            self.types.name(self.field_ty)
        ))
    }
}

impl std::fmt::Debug for FieldAccessor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "<accessor {}.{}: {} @ {}>",
            self.types.name(self.record),
            self.name,
            self.types.name(self.field_ty),
            self.offset
        )
    }
}
