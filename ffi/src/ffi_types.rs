//! libffi type descriptions for C types passed or returned by value.
//!
//! Design: scalars map to libffi's scalar types (`_Bool` as `uint8`, enums as their
//! integer type, every pointer as `pointer`). A struct becomes a libffi struct whose
//! elements are its members, with arrays expanded into repeated elements (libffi has no
//! array type; the classification of a struct depends only on its scalar leaves and their
//! offsets, which the expansion preserves) and nested records described recursively.
//!
//! libffi has no union type either, so a union (and a struct with bit-fields, whose
//! members share storage) is described as a struct of slots, one per alignment unit, chosen
//! so the host ABI classifies it the way a C compiler would (a bit-field counts as an
//! integer covering its storage unit):
//! - x86-64 System V classifies each eightbyte as INTEGER if any member puts an integer or
//!   pointer there, else SSE. A slot is an integer of the unit's size if any overlapping
//!   leaf is an integer, else a `float`/`double` of the unit's size.
//! - AArch64 passes a homogeneous floating-point aggregate (all leaves the same float type,
//!   at most four) in vector registers and everything else in integer registers or memory,
//!   so a union whose leaves are all one float type becomes that many floats, anything else
//!   becomes integer slots.
//!
//! Invariant: every struct description is checked against our own layout (libffi's
//! computed size, alignment and element offsets must equal ours); a mismatch is an
//! `Unsupported` error instead of a wrong call.

use libffi::low::ffi_abi_FFI_DEFAULT_ABI;
use libffi::middle::Type;

use crate::error::{Error, Result};
use crate::layout::Scalar;
use crate::types::{TypeId, TypeKind, Types};

/// Most libffi elements one by-value aggregate may expand to.
const MAX_ELEMENTS: usize = 1 << 16;

pub(crate) fn scalar_type(scalar: Scalar) -> Type {
    match scalar {
        Scalar::I8 => Type::i8(),
        Scalar::U8 | Scalar::Bool => Type::u8(),
        Scalar::I16 => Type::i16(),
        Scalar::U16 => Type::u16(),
        Scalar::I32 => Type::i32(),
        Scalar::U32 => Type::u32(),
        Scalar::I64 => Type::i64(),
        Scalar::U64 => Type::u64(),
        Scalar::F32 => Type::f32(),
        Scalar::F64 => Type::f64(),
        Scalar::Ptr => Type::pointer(),
    }
}

/// The libffi type of a parameter or result type (`void` allowed).
pub(crate) fn ffi_type(types: &Types, ty: TypeId) -> Result<Type> {
    if let Some(scalar) = types.scalar(ty) {
        return Ok(scalar_type(scalar));
    }
    match types.kind(ty) {
        TypeKind::Void => Ok(Type::void()),
        TypeKind::Record(record) => {
            if types.record_body(ty).is_none() {
                return Err(Error::type_error(format!(
                    "`{}` is incomplete and cannot be passed by value",
                    types.name(ty)
                )));
            }
            let has_bitfields = types.record_body(ty).is_some_and(|b| b.has_bitfields);
            if record.is_union || has_bitfields {
                slot_type(types, ty)
            } else {
                struct_type(types, ty)
            }
        }
        _ => Err(Error::unsupported(format!(
            "`{}` cannot be passed or returned by value",
            types.name(ty)
        ))),
    }
}

/// Pushes the elements for a member of type `ty` at `offset`, expanding arrays.
fn push_member(types: &Types, ty: TypeId, offset: u64, out: &mut Vec<(Type, u64)>) -> Result<()> {
    if out.len() > MAX_ELEMENTS {
        return Err(Error::unsupported(
            "aggregate too large to pass by value (too many members)",
        ));
    }
    match types.kind(ty) {
        TypeKind::Array { elem, len } => {
            let len = len.unwrap_or(0); // a flexible array member adds nothing
            let step = types.layout(*elem).map_or(0, |l| l.size);
            for i in 0..len {
                push_member(types, *elem, offset + i * step, out)?;
            }
            Ok(())
        }
        _ => {
            out.push((ffi_type(types, ty)?, offset));
            Ok(())
        }
    }
}

fn struct_type(types: &Types, ty: TypeId) -> Result<Type> {
    let body = types
        .record_body(ty)
        .ok_or_else(|| Error::type_error("incomplete struct"))?;
    let mut elements = Vec::new();
    for field in &body.fields {
        push_member(types, field.ty, field.offset, &mut elements)?;
    }
    if elements.is_empty() {
        return Err(Error::unsupported(format!(
            "`{}` has no data members and cannot be passed by value",
            types.name(ty)
        )));
    }
    let offsets: Vec<u64> = elements.iter().map(|(_, offset)| *offset).collect();
    let mut described = Type::structure(elements.into_iter().map(|(t, _)| t));
    verify(types, ty, &mut described, Some(&offsets))?;
    Ok(described)
}

/// Scalar leaves (offset, scalar) of a type, through arrays and records.
fn leaves(types: &Types, ty: TypeId, base: u64, out: &mut Vec<(u64, Scalar)>) -> Result<()> {
    if out.len() > MAX_ELEMENTS {
        return Err(Error::unsupported("union too large to pass by value"));
    }
    if let Some(scalar) = types.scalar(ty) {
        out.push((base, scalar));
        return Ok(());
    }
    match types.kind(ty) {
        TypeKind::Array { elem, len } => {
            let step = types.layout(*elem).map_or(0, |l| l.size);
            for i in 0..len.unwrap_or(0) {
                leaves(types, *elem, base + i * step, out)?;
            }
            Ok(())
        }
        TypeKind::Record(_) => {
            let body = types
                .record_body(ty)
                .ok_or_else(|| Error::type_error("incomplete record"))?;
            for field in &body.fields {
                leaves(types, field.ty, base + field.offset, out)?;
            }
            Ok(())
        }
        _ => Err(Error::unsupported(format!(
            "`{}` cannot be part of a by-value union",
            types.name(ty)
        ))),
    }
}

fn int_of_size(size: u64) -> Type {
    match size {
        1 => Type::u8(),
        2 => Type::u16(),
        4 => Type::u32(),
        _ => Type::u64(),
    }
}

fn slot_type(types: &Types, ty: TypeId) -> Result<Type> {
    let layout = types
        .layout(ty)
        .ok_or_else(|| Error::type_error("incomplete union"))?;
    if layout.size == 0 {
        return Err(Error::unsupported(format!(
            "`{}` has no data members and cannot be passed by value",
            types.name(ty)
        )));
    }
    let mut all = Vec::new();
    leaves(types, ty, 0, &mut all)?;
    let unit = layout.align;
    let slots = layout.size / unit;
    let mut elements = Vec::new();
    if cfg!(target_arch = "aarch64") {
        let first = all.first().map(|(_, s)| *s);
        let homogeneous_float = first.is_some_and(|f| {
            f.is_float() && all.iter().all(|(_, s)| *s == f) && {
                let width = f.size() as u64;
                layout.size % width == 0 && layout.size / width <= 4
            }
        });
        match first {
            Some(f) if homogeneous_float => {
                for _ in 0..layout.size / f.size() as u64 {
                    elements.push(scalar_type(f));
                }
            }
            _ => {
                for _ in 0..slots {
                    elements.push(int_of_size(unit));
                }
            }
        }
    } else {
        for slot in 0..slots {
            let (start, end) = (slot * unit, (slot + 1) * unit);
            let overlapping = all
                .iter()
                .filter(|(offset, scalar)| *offset < end && offset + scalar.size() as u64 > start);
            let mut any = false;
            let mut all_float = true;
            for (_, scalar) in overlapping {
                any = true;
                all_float &= scalar.is_float();
            }
            elements.push(match (any && all_float, unit) {
                (true, 4) => Type::f32(),
                (true, 8) => Type::f64(),
                _ => int_of_size(unit),
            });
        }
    }
    let mut described = Type::structure(elements);
    verify(types, ty, &mut described, None)?;
    Ok(described)
}

/// Checks libffi's layout of `described` against ours.
fn verify(types: &Types, ty: TypeId, described: &mut Type, offsets: Option<&[u64]>) -> Result<()> {
    let layout = types
        .layout(ty)
        .ok_or_else(|| Error::type_error("incomplete record"))?;
    let computed = described
        .struct_offsets(ffi_abi_FFI_DEFAULT_ABI)
        .map_err(|e| Error::unsupported(format!("libffi rejected `{}`: {e:?}", types.name(ty))))?;
    let raw = described.as_raw_ptr();
    // SAFETY: `raw` points to the ffi_type owned by `described`, initialised by
    // `struct_offsets` just above; we only read two plain fields.
    let (size, align) = unsafe { ((*raw).size as u64, u64::from((*raw).alignment)) };
    let offsets_match = offsets.is_none_or(|expected| {
        expected.len() == computed.len()
            && expected.iter().zip(&computed).all(|(a, b)| *a == *b as u64)
    });
    if size != layout.size || align != layout.align || !offsets_match {
        return Err(Error::unsupported(format!(
            "libffi lays out `{}` differently (size {size}, align {align}; ours {}, {})",
            types.name(ty),
            layout.size,
            layout.align
        )));
    }
    Ok(())
}
