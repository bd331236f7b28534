//! Type-checked conversion between [`Value`]s and C memory.
//!
//! Design: one function per direction and kind of C type. Integers are range-checked
//! against the C type (an out-of-range integer is an `Overflow` error, as in cffi, never a
//! silent truncation); floats convert to `float`/`double`; pointers accept only data whose
//! type is compatible (same pointee, an array of the pointee, or either side `void *`) and
//! whose memory is still alive; aggregates accept data of the same type or a `List`
//! initializer. Reads produce `Value`s; a pointer read keeps the bounds and owner of the
//! memory it was read from when it points back into that memory, and is otherwise foreign.
//!
//! Invariant: every store and load goes through `Region::check` for its full size first.

use std::sync::Arc;

use crate::cdata::CData;
use crate::error::{Error, Result};
use crate::layout::Scalar;
use crate::memory::{Region, copy_bytes, read_bits, write_bits, write_slice, zero_bytes};
use crate::types::{BitField, TypeId, TypeKind, Types, VOID};
use crate::value::Value;

/// Turns raw bits of a scalar into a value.
#[inline]
pub(crate) fn decode_scalar(scalar: Scalar, bits: u64) -> Value {
    match scalar {
        Scalar::Bool => Value::Bool(bits as u8 != 0),
        Scalar::F32 => Value::Float(f64::from(f32::from_bits(bits as u32))),
        Scalar::F64 => Value::Float(f64::from_bits(bits)),
        _ => Value::Int(scalar.decode_int(bits)),
    }
}

fn int_of(value: &Value, types: &Types, ty: TypeId) -> Result<i128> {
    match value {
        Value::Int(v) => Ok(*v),
        Value::Bool(b) => Ok(i128::from(*b)),
        Value::Bytes(bytes) if bytes.len() == 1 && types.is_char_like(ty) => {
            Ok(i128::from(bytes[0]))
        }
        Value::CData(data) => match data.primitive_value()? {
            Some(Value::Int(v)) => Ok(v),
            Some(Value::Bool(b)) => Ok(i128::from(b)),
            _ => Err(expected(types, ty, value)),
        },
        _ => Err(expected(types, ty, value)),
    }
}

fn float_of(value: &Value, types: &Types, ty: TypeId) -> Result<f64> {
    match value {
        Value::Float(f) => Ok(*f),
        Value::Int(v) => Ok(*v as f64),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        Value::CData(data) => match data.primitive_value()? {
            Some(Value::Float(f)) => Ok(f),
            Some(Value::Int(v)) => Ok(v as f64),
            Some(Value::Bool(b)) => Ok(f64::from(u8::from(b))),
            _ => Err(expected(types, ty, value)),
        },
        _ => Err(expected(types, ty, value)),
    }
}

pub(crate) fn expected(types: &Types, ty: TypeId, value: &Value) -> Error {
    Error::type_error(format!(
        "expected a value for `{}`, got {}",
        types.name(ty),
        value.describe()
    ))
}

/// Bits to store for an integer, bool, enum or float type.
#[inline]
pub(crate) fn scalar_bits(types: &Types, ty: TypeId, scalar: Scalar, value: &Value) -> Result<u64> {
    match scalar {
        Scalar::F32 => Ok(u64::from((float_of(value, types, ty)? as f32).to_bits())),
        Scalar::F64 => Ok(float_of(value, types, ty)?.to_bits()),
        Scalar::Ptr => pointer_bits(types, ty, value),
        _ => {
            let int = int_of(value, types, ty)?;
            let (min, max) = scalar.int_range().unwrap_or((0, 0));
            if int < min || int > max {
                return Err(Error::overflow(format!(
                    "integer {int} does not fit in `{}`",
                    types.name(ty)
                )));
            }
            Ok(int as u64)
        }
    }
}

/// The address a value provides for a pointer of type `ptr_ty`.
pub(crate) fn pointer_bits(types: &Types, ptr_ty: TypeId, value: &Value) -> Result<u64> {
    match value {
        Value::Null => Ok(0),
        Value::CData(data) => data_pointer(types, ptr_ty, data),
        Value::Int(_) => Err(Error::type_error(format!(
            "cannot use an integer as `{}` (use cast to make a pointer from an address)",
            types.name(ptr_ty)
        ))),
        _ => Err(expected(types, ptr_ty, value)),
    }
}

/// The address of `data` as a value of pointer type `ptr_ty`, after the type check.
pub(crate) fn data_pointer(types: &Types, ptr_ty: TypeId, data: &CData) -> Result<u64> {
    if data.types.uid != types.uid {
        return Err(Error::type_error(
            "cdata from a different Ffi instance cannot be mixed with this one",
        ));
    }
    data.region.ensure_alive()?;
    if !types.pointer_accepts(ptr_ty, data.ty) {
        let hint = match types.kind(data.ty) {
            TypeKind::Record(_) => " (pass a pointer to the struct, not the struct)",
            _ => "",
        };
        return Err(Error::type_error(format!(
            "expected `{}`, got cdata `{}`{hint}",
            types.name(ptr_ty),
            types.name(data.ty)
        )));
    }
    Ok(data.addr as u64)
}

/// Reads a value of type `ty` at `addr`.
pub(crate) fn read_value(
    types: &Arc<Types>,
    ty: TypeId,
    addr: usize,
    region: &Region,
) -> Result<Value> {
    if let Some(scalar) = types.scalar(ty) {
        region.check(addr, scalar.size())?;
        // SAFETY: `check` succeeded for the scalar's full size.
        let bits = unsafe { read_bits(addr, scalar.size()) };
        if scalar == Scalar::Ptr {
            return Ok(Value::CData(pointer_from_memory(
                types,
                ty,
                bits as usize,
                region,
            )));
        }
        return Ok(decode_scalar(scalar, bits));
    }
    match types.kind(ty) {
        TypeKind::Record(_) | TypeKind::Array { .. } => {
            if let Some(layout) = types.layout(ty) {
                region.check(addr, layout.size as usize)?;
            } else {
                region.check(addr, 0)?;
            }
            Ok(Value::CData(CData::new(
                types.clone(),
                ty,
                addr,
                region.clone(),
            )))
        }
        _ => Err(Error::type_error(format!(
            "cannot read a value of type `{}`",
            types.name(ty)
        ))),
    }
}

/// A pointer loaded from memory in `region`: it inherits the region when it points into it.
pub(crate) fn pointer_from_memory(
    types: &Arc<Types>,
    ty: TypeId,
    target: usize,
    region: &Region,
) -> CData {
    let inherit = region.is_known() && region.check_position(target).is_ok();
    let region = if inherit {
        region.clone()
    } else {
        Region::foreign()
    };
    CData::new(types.clone(), ty, target, region)
}

/// Writes `value` as type `ty` at `addr`.
pub(crate) fn write_value(
    types: &Types,
    ty: TypeId,
    addr: usize,
    region: &Region,
    value: &Value,
) -> Result<()> {
    if let Some(scalar) = types.scalar(ty) {
        region.check(addr, scalar.size())?;
        let bits = scalar_bits(types, ty, scalar, value)?;
        // SAFETY: `check` succeeded for the scalar's full size.
        unsafe { write_bits(addr, scalar.size(), bits) };
        return Ok(());
    }
    match types.kind(ty) {
        TypeKind::Array { elem, len } => write_array(types, ty, *elem, *len, addr, region, value),
        TypeKind::Record(_) => write_record(types, ty, addr, region, value),
        _ => Err(Error::type_error(format!(
            "cannot store a value of type `{}`",
            types.name(ty)
        ))),
    }
}

fn copy_same_type(
    types: &Types,
    ty: TypeId,
    addr: usize,
    region: &Region,
    data: &CData,
) -> Result<()> {
    let size = types
        .layout(ty)
        .ok_or_else(|| Error::type_error(format!("`{}` has no known size", types.name(ty))))?
        .size as usize;
    region.check(addr, size)?;
    data.region.check(data.addr, size)?;
    // SAFETY: both ranges were checked for `size` bytes; `copy_bytes` allows overlap.
    unsafe { copy_bytes(addr, data.addr, size) };
    Ok(())
}

fn write_array(
    types: &Types,
    ty: TypeId,
    elem: TypeId,
    len: Option<u64>,
    addr: usize,
    region: &Region,
    value: &Value,
) -> Result<()> {
    let elem_size = types.layout(elem).map_or(0, |l| l.size as usize);
    let too_many = |given: usize| {
        Error::bounds(format!(
            "too many initializers for `{}` ({given} given)",
            types.name(ty)
        ))
    };
    match value {
        Value::CData(data) if data.ty == ty && len.is_some() && data.types.uid == types.uid => {
            copy_same_type(types, ty, addr, region, data)
        }
        Value::Bytes(bytes) if types.is_char_like(elem) => {
            if len.is_some_and(|len| bytes.len() as u64 > len) {
                return Err(too_many(bytes.len()));
            }
            region.check(addr, bytes.len())?;
            // SAFETY: checked for `bytes.len()` bytes just above.
            unsafe { write_slice(addr, bytes) };
            if let Some(len) = len {
                let rest = len as usize - bytes.len();
                region.check(addr + bytes.len(), rest)?;
                // SAFETY: the rest of the array, checked just above.
                unsafe { zero_bytes(addr + bytes.len(), rest) };
            }
            Ok(())
        }
        Value::List(items) => {
            if len.is_some_and(|len| items.len() as u64 > len) {
                return Err(too_many(items.len()));
            }
            if let Some(layout) = types.layout(ty) {
                region.check(addr, layout.size as usize)?;
                // SAFETY: the whole array was checked just above.
                unsafe { zero_bytes(addr, layout.size as usize) };
            }
            for (i, item) in items.iter().enumerate() {
                let at = i
                    .checked_mul(elem_size)
                    .and_then(|off| addr.checked_add(off))
                    .ok_or_else(|| too_many(items.len()))?;
                write_value(types, elem, at, region, item)?;
            }
            Ok(())
        }
        _ => Err(expected(types, ty, value)),
    }
}

fn write_record(
    types: &Types,
    ty: TypeId,
    addr: usize,
    region: &Region,
    value: &Value,
) -> Result<()> {
    let Some(body) = types.record_body(ty) else {
        return Err(Error::type_error(format!(
            "`{}` is incomplete (declared but not defined)",
            types.name(ty)
        )));
    };
    match value {
        Value::CData(data) if data.ty == ty && data.types.uid == types.uid => {
            copy_same_type(types, ty, addr, region, data)
        }
        Value::List(items) => {
            let is_union = matches!(types.kind(ty), TypeKind::Record(r) if r.is_union);
            let capacity = if is_union {
                1.min(body.fields.len())
            } else {
                body.fields.len()
            };
            if items.len() > capacity {
                return Err(Error::bounds(format!(
                    "too many initializers for `{}` ({} given, {capacity} members)",
                    types.name(ty),
                    items.len()
                )));
            }
            region.check(addr, body.layout.size as usize)?;
            // SAFETY: the whole record was checked just above.
            unsafe { zero_bytes(addr, body.layout.size as usize) };
            for (field, item) in body.fields.iter().zip(items) {
                write_value(types, field.ty, addr + field.offset as usize, region, item)?;
            }
            Ok(())
        }
        _ => Err(expected(types, ty, value)),
    }
}

impl Types {
    /// Whether data of type `value_ty` may be used where pointer type `ptr_ty` is expected.
    pub(crate) fn pointer_accepts(&self, ptr_ty: TypeId, value_ty: TypeId) -> bool {
        if ptr_ty == value_ty {
            return true;
        }
        let Some(target) = self.pointee(ptr_ty) else {
            return false;
        };
        match self.kind(value_ty) {
            TypeKind::Pointer(source) => *source == target || target == VOID || *source == VOID,
            TypeKind::Array { elem, .. } => *elem == target || target == VOID,
            _ => false,
        }
    }
}

/// The unit size and the inclusive value range of a bit-field of declared type `ty`.
fn bitfield_shape(types: &Types, ty: TypeId, bits: BitField) -> Result<(usize, bool, i128, i128)> {
    let scalar = types
        .scalar(ty)
        .ok_or_else(|| Error::type_error("bit-field of a non-integer type"))?;
    let size = scalar.size();
    let width = bits.width.min(64);
    let signed = scalar.int_range().is_some_and(|(min, _)| min < 0);
    let (min, max) = if scalar == Scalar::Bool {
        (0, 1)
    } else if signed {
        (-(1i128 << (width - 1)), (1i128 << (width - 1)) - 1)
    } else {
        (0, (1i128 << width) - 1)
    };
    Ok((size, signed, min, max))
}

/// Reads a bit-field whose storage unit is at `unit`.
pub(crate) fn read_bitfield(
    types: &Types,
    ty: TypeId,
    bits: BitField,
    unit: usize,
    region: &Region,
) -> Result<Value> {
    let (size, signed, _, _) = bitfield_shape(types, ty, bits)?;
    region.check(unit, size)?;
    // SAFETY: `check` succeeded for the whole storage unit.
    let raw = unsafe { read_bits(unit, size) };
    let unused = 64 - bits.width;
    let high = (raw >> bits.shift) << unused;
    let value = if signed {
        i128::from((high as i64) >> unused)
    } else {
        i128::from(high >> unused)
    };
    Ok(if types.scalar(ty) == Some(Scalar::Bool) {
        Value::Bool(value != 0)
    } else {
        Value::Int(value)
    })
}

/// Writes a bit-field (range-checked against its width), leaving the other bits of its
/// storage unit unchanged.
pub(crate) fn write_bitfield(
    types: &Types,
    ty: TypeId,
    bits: BitField,
    unit: usize,
    region: &Region,
    value: &Value,
) -> Result<()> {
    let (size, _, min, max) = bitfield_shape(types, ty, bits)?;
    region.check(unit, size)?;
    let int = int_of(value, types, ty)?;
    if int < min || int > max {
        return Err(Error::overflow(format!(
            "integer {int} does not fit in a {}-bit bit-field of type `{}`",
            bits.width,
            types.name(ty)
        )));
    }
    let mask = if bits.width >= 64 {
        u64::MAX
    } else {
        (1u64 << bits.width) - 1
    } << bits.shift;
    // SAFETY: `check` succeeded for the whole storage unit.
    unsafe {
        let old = read_bits(unit, size);
        let new = (old & !mask) | (((int as u64) << bits.shift) & mask);
        write_bits(unit, size, new);
    }
    Ok(())
}
