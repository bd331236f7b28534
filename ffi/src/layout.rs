//! Target ABIs and the layout rules (size, alignment, field offsets).
//!
//! Both supported targets are LP64 Linux ABIs: x86-64 System V and AArch64 (AAPCS64, LP64).
//! For the C subset this crate accepts (no bit-fields, no `long double`, no vector types)
//! their data layouts agree: every scalar is naturally aligned with the sizes in
//! [`crate::types::PRIMS`], a record places each member at the next multiple of its
//! alignment, a union puts every member at 0, a record's alignment is the largest member
//! alignment and its size is rounded up to that alignment, and a flexible array member adds
//! alignment but no size. The ABIs differ in the signedness of plain `char` (signed on
//! x86-64, unsigned on AArch64), which changes values, not layouts ([`Target::char_is_signed`]),
//! and in whether unnamed bit-fields raise a record's alignment (they do on AArch64,
//! [`Target::unnamed_bitfields_align`]). Calling conventions (register classes) are libffi's job and the
//! direct-call stubs in `stubs.rs`.
//!
//! Invariant: all arithmetic here is checked; a layout that would overflow is an error
//! message, never a wrapped size.

use crate::types::{PRIMS, Prim, PrimClass};

/// A target ABI whose data layout this crate can compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// x86-64 System V (Linux, the BSDs).
    X86_64SysV,
    /// AArch64 with the LP64 data model (Linux).
    Aarch64Lp64,
}

impl Target {
    /// The target this program runs on, if it is one of the supported ones. Only the host
    /// target can load libraries and make calls.
    pub fn host() -> Option<Target> {
        if cfg!(all(target_arch = "x86_64", target_os = "linux")) {
            Some(Target::X86_64SysV)
        } else if cfg!(all(target_arch = "aarch64", target_os = "linux")) {
            Some(Target::Aarch64Lp64)
        } else {
            None
        }
    }

    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Target::X86_64SysV => "x86-64 System V",
            Target::Aarch64Lp64 => "AArch64 LP64",
        }
    }

    /// Whether plain `char` is signed on this target.
    pub fn char_is_signed(self) -> bool {
        match self {
            Target::X86_64SysV => true,
            Target::Aarch64Lp64 => false,
        }
    }

    /// Whether unnamed bit-fields (including zero-width ones) raise the alignment of the
    /// record that contains them: not on x86-64 System V, yes on AArch64 (AAPCS64), as GCC
    /// implements both.
    pub fn unnamed_bitfields_align(self) -> bool {
        match self {
            Target::X86_64SysV => false,
            Target::Aarch64Lp64 => true,
        }
    }

    /// Size of a data pointer (and of a function pointer) in bytes.
    pub fn pointer_size(self) -> u64 {
        8
    }

    pub(crate) fn prim_layout(self, prim: Prim) -> Layout {
        let size = PRIMS[prim as usize].size;
        Layout { size, align: size }
    }

    /// The machine-level representation of a primitive on this target.
    pub(crate) fn scalar(self, prim: Prim) -> Scalar {
        let row = &PRIMS[prim as usize];
        let signed = match row.class {
            PrimClass::Signed => true,
            PrimClass::Unsigned => false,
            PrimClass::PlainChar => self.char_is_signed(),
            PrimClass::Bool => return Scalar::Bool,
            PrimClass::Float => {
                return if row.size == 4 {
                    Scalar::F32
                } else {
                    Scalar::F64
                };
            }
        };
        match (row.size, signed) {
            (1, true) => Scalar::I8,
            (1, false) => Scalar::U8,
            (2, true) => Scalar::I16,
            (2, false) => Scalar::U16,
            (4, true) => Scalar::I32,
            (4, false) => Scalar::U32,
            (_, true) => Scalar::I64,
            (_, false) => Scalar::U64,
        }
    }
}

/// The machine representation of a value that fits a register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Scalar {
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
    /// `_Bool`: one byte, 0 or 1 when written by us; any nonzero byte reads as true.
    Bool,
    /// A data or function pointer.
    Ptr,
}

impl Scalar {
    pub(crate) fn size(self) -> usize {
        match self {
            Scalar::I8 | Scalar::U8 | Scalar::Bool => 1,
            Scalar::I16 | Scalar::U16 => 2,
            Scalar::I32 | Scalar::U32 | Scalar::F32 => 4,
            Scalar::I64 | Scalar::U64 | Scalar::F64 | Scalar::Ptr => 8,
        }
    }

    /// The inclusive range of an integer scalar, `None` for floats.
    pub(crate) fn int_range(self) -> Option<(i128, i128)> {
        Some(match self {
            Scalar::I8 => (i8::MIN.into(), i8::MAX.into()),
            Scalar::U8 => (0, u8::MAX.into()),
            Scalar::I16 => (i16::MIN.into(), i16::MAX.into()),
            Scalar::U16 => (0, u16::MAX.into()),
            Scalar::I32 => (i32::MIN.into(), i32::MAX.into()),
            Scalar::U32 => (0, u32::MAX.into()),
            Scalar::I64 => (i64::MIN.into(), i64::MAX.into()),
            Scalar::U64 | Scalar::Ptr => (0, u64::MAX.into()),
            Scalar::Bool => (0, 1),
            Scalar::F32 | Scalar::F64 => return None,
        })
    }

    pub(crate) fn is_float(self) -> bool {
        matches!(self, Scalar::F32 | Scalar::F64)
    }

    /// Reduces `value` modulo 2^bits into this integer type, as a C conversion does.
    #[inline]
    pub(crate) fn wrap(self, value: i128) -> i128 {
        match self {
            Scalar::I8 => i128::from(value as i8),
            Scalar::U8 => i128::from(value as u8),
            Scalar::I16 => i128::from(value as i16),
            Scalar::U16 => i128::from(value as u16),
            Scalar::I32 => i128::from(value as i32),
            Scalar::U32 => i128::from(value as u32),
            Scalar::I64 => i128::from(value as i64),
            Scalar::U64 | Scalar::Ptr => i128::from(value as u64),
            Scalar::Bool => i128::from(value != 0),
            Scalar::F32 | Scalar::F64 => value,
        }
    }

    /// Interprets the low bytes of a register-sized value as this integer type.
    #[inline]
    pub(crate) fn decode_int(self, bits: u64) -> i128 {
        match self {
            Scalar::Bool => i128::from(bits as u8 != 0),
            _ => self.wrap(i128::from(bits)),
        }
    }
}

/// Size and alignment of a complete type, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Layout {
    pub(crate) size: u64,
    pub(crate) align: u64,
}

/// Rounds `value` up to a multiple of `align` (a power of two), or `None` on overflow.
pub(crate) fn align_up(value: u64, align: u64) -> Option<u64> {
    let mask = align.checked_sub(1)?;
    value.checked_add(mask).map(|v| v & !mask)
}

/// Largest object size accepted (2^60 bytes: far beyond any allocation, and small enough
/// that record layout can count in bits without overflow).
pub(crate) const MAX_OBJECT_SIZE: u64 = 1 << 60;

/// Lays out the members of a struct or union one at a time, in bits so bit-fields can
/// share storage with their neighbours.
///
/// Bit-fields follow the System V rule that GCC also uses on AArch64: a bit-field of
/// declared type `T` must lie within one naturally aligned `T`-sized storage unit, so it
/// starts at the next bit unless that would cross a `T` boundary, in which case it starts at
/// that boundary; a zero-width bit-field moves to the next `T` boundary; only named
/// bit-fields raise the record's alignment on x86-64 (all of them do on AArch64). Ordinary
/// members start at the next byte rounded up to their alignment.
pub(crate) struct RecordLayouter {
    is_union: bool,
    end_bits: u64,
    align: u64,
    unnamed_bitfields_align: bool,
}

impl RecordLayouter {
    pub(crate) fn new(is_union: bool, target: Target) -> Self {
        RecordLayouter {
            is_union,
            end_bits: 0,
            align: 1,
            unnamed_bitfields_align: target.unnamed_bitfields_align(),
        }
    }

    fn end_bytes(&self) -> Option<u64> {
        self.end_bits.checked_add(7).map(|bits| bits / 8)
    }

    /// Places a member and returns its offset.
    pub(crate) fn add(&mut self, member: Layout) -> Result<u64, String> {
        self.align = self.align.max(member.align);
        let size_bits = member.size.checked_mul(8).ok_or_else(too_large)?;
        if self.is_union {
            self.end_bits = self.end_bits.max(size_bits);
            return Ok(0);
        }
        let start = self.end_bytes().ok_or_else(too_large)?;
        let offset = align_up(start, member.align).ok_or_else(too_large)?;
        let end = offset.checked_add(member.size).ok_or_else(too_large)?;
        if end > MAX_OBJECT_SIZE {
            return Err(too_large());
        }
        self.end_bits = end * 8;
        Ok(offset)
    }

    /// Places a bit-field of `width` bits whose declared type has layout `unit`; returns
    /// the byte offset of its storage unit and its bit position in that unit, or `None` for a
    /// zero-width bit-field (which only aligns).
    pub(crate) fn add_bitfield(
        &mut self,
        unit: Layout,
        width: u32,
        named: bool,
    ) -> Result<Option<(u64, u32)>, String> {
        let unit_bits = unit.size * 8;
        let width = u64::from(width);
        if named || self.unnamed_bitfields_align {
            self.align = self.align.max(unit.align);
        }
        if width == 0 {
            if !self.is_union {
                self.end_bits = align_up(self.end_bits, unit_bits).ok_or_else(too_large)?;
            }
            return Ok(None);
        }
        if self.is_union {
            self.end_bits = self.end_bits.max(width);
            return Ok(Some((0, 0)));
        }
        let mut start = self.end_bits;
        if start / unit_bits != (start + width - 1) / unit_bits {
            start = align_up(start, unit_bits).ok_or_else(too_large)?;
        }
        let unit_start = start / unit_bits * unit_bits;
        self.end_bits = start + width;
        if self.end_bits / 8 > MAX_OBJECT_SIZE {
            return Err(too_large());
        }
        Ok(Some((unit_start / 8, (start - unit_start) as u32)))
    }

    /// Places a flexible array member (`T name[]`), which has no size of its own.
    pub(crate) fn add_flexible(&mut self, element_align: u64) -> Result<u64, String> {
        self.add(Layout {
            size: 0,
            align: element_align,
        })
    }

    pub(crate) fn finish(self) -> Result<Layout, String> {
        let end = self.end_bytes().ok_or_else(too_large)?;
        let size = align_up(end, self.align).ok_or_else(too_large)?;
        if size > MAX_OBJECT_SIZE {
            return Err(too_large());
        }
        Ok(Layout {
            size,
            align: self.align,
        })
    }
}

fn too_large() -> String {
    "type is too large".to_string()
}

/// Layout of an array of `len` elements.
pub(crate) fn array_layout(element: Layout, len: u64) -> Result<Layout, String> {
    let size = element.size.checked_mul(len).ok_or_else(too_large)?;
    if size > MAX_OBJECT_SIZE {
        return Err(too_large());
    }
    Ok(Layout {
        size,
        align: element.align,
    })
}

/// The integer type GCC gives an enum with these enumerator values (without
/// `-fshort-enums`): `unsigned int` when nothing is negative and everything fits, `int` when
/// something is negative and everything fits, otherwise the 64-bit type of that signedness.
pub(crate) fn enum_underlying(values: impl Iterator<Item = i128>) -> Result<Prim, String> {
    let (mut min, mut max) = (0i128, 0i128);
    for value in values {
        min = min.min(value);
        max = max.max(value);
    }
    if min < 0 {
        if min >= i128::from(i32::MIN) && max <= i128::from(i32::MAX) {
            Ok(Prim::Int)
        } else if min >= i128::from(i64::MIN) && max <= i128::from(i64::MAX) {
            Ok(Prim::Long)
        } else {
            Err("enumerator values do not fit in a 64-bit integer type".to_string())
        }
    } else if max <= i128::from(u32::MAX) {
        Ok(Prim::UInt)
    } else if max <= i128::from(u64::MAX) {
        Ok(Prim::ULong)
    } else {
        Err("enumerator values do not fit in a 64-bit integer type".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struct_layout_pads_members_and_tail() {
        let mut record = RecordLayouter::new(false, Target::X86_64SysV);
        assert_eq!(record.add(Layout { size: 1, align: 1 }), Ok(0));
        assert_eq!(record.add(Layout { size: 8, align: 8 }), Ok(8));
        assert_eq!(record.add(Layout { size: 2, align: 2 }), Ok(16));
        assert_eq!(record.finish(), Ok(Layout { size: 24, align: 8 }));
    }

    #[test]
    fn union_layout_is_largest_member_rounded() {
        let mut record = RecordLayouter::new(true, Target::X86_64SysV);
        assert_eq!(record.add(Layout { size: 5, align: 1 }), Ok(0));
        assert_eq!(record.add(Layout { size: 4, align: 4 }), Ok(0));
        assert_eq!(record.finish(), Ok(Layout { size: 8, align: 4 }));
    }

    #[test]
    fn flexible_member_adds_alignment_only() {
        let mut record = RecordLayouter::new(false, Target::X86_64SysV);
        record.add(Layout { size: 1, align: 1 }).unwrap();
        assert_eq!(record.add_flexible(8), Ok(8));
        assert_eq!(record.finish(), Ok(Layout { size: 8, align: 8 }));
    }

    #[test]
    fn bitfields_pack_within_their_storage_units() {
        let int = Layout { size: 4, align: 4 };
        let byte = Layout { size: 1, align: 1 };
        let mut record = RecordLayouter::new(false, Target::X86_64SysV);
        assert_eq!(record.add(byte), Ok(0));
        assert_eq!(record.add_bitfield(int, 3, true), Ok(Some((0, 8))));
        assert_eq!(record.add_bitfield(int, 20, true), Ok(Some((0, 11))));
        // 31 + 2 would cross the int boundary at bit 32.
        assert_eq!(record.add_bitfield(int, 2, true), Ok(Some((4, 0))));
        assert_eq!(record.add_bitfield(int, 0, false), Ok(None));
        assert_eq!(record.add(byte), Ok(8));
        assert_eq!(record.finish(), Ok(Layout { size: 12, align: 4 }));
        // Unnamed bit-fields do not raise the alignment on x86-64; they do on AArch64.
        let mut record = RecordLayouter::new(false, Target::X86_64SysV);
        assert_eq!(record.add_bitfield(int, 5, false), Ok(Some((0, 0))));
        assert_eq!(record.finish(), Ok(Layout { size: 1, align: 1 }));
        let mut record = RecordLayouter::new(false, Target::Aarch64Lp64);
        assert_eq!(record.add_bitfield(int, 5, false), Ok(Some((0, 0))));
        assert_eq!(record.finish(), Ok(Layout { size: 4, align: 4 }));
    }

    #[test]
    fn oversized_layouts_are_errors() {
        let element = Layout {
            size: 1 << 40,
            align: 8,
        };
        assert!(array_layout(element, 1 << 30).is_err());
        let mut record = RecordLayouter::new(false, Target::X86_64SysV);
        record
            .add(Layout {
                size: MAX_OBJECT_SIZE,
                align: 1,
            })
            .unwrap();
        assert!(record.add(Layout { size: 8, align: 8 }).is_err());
    }

    #[test]
    fn enum_types_follow_gcc() {
        assert_eq!(enum_underlying([0, 1, 2].into_iter()), Ok(Prim::UInt));
        assert_eq!(enum_underlying([-1, 1].into_iter()), Ok(Prim::Int));
        assert_eq!(enum_underlying([0, 1 << 32].into_iter()), Ok(Prim::ULong));
        assert_eq!(enum_underlying([-1, 1 << 32].into_iter()), Ok(Prim::Long));
        assert!(enum_underlying([-1, 1 << 63].into_iter()).is_err());
    }

    #[test]
    fn char_signedness_differs_between_targets() {
        assert_eq!(Target::X86_64SysV.scalar(Prim::Char), Scalar::I8);
        assert_eq!(Target::Aarch64Lp64.scalar(Prim::Char), Scalar::U8);
        assert_eq!(Target::Aarch64Lp64.scalar(Prim::SChar), Scalar::I8);
    }
}
