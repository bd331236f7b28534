//! Logical ("bitmask") immediates of `and`/`orr`/`eor`/`ands`.
//!
//! A64 encodes these immediates as a 13-bit field `N:immr:imms` describing a pattern: an
//! element of 2, 4, 8, 16, 32 or 64 bits holding a run of `1..size-1` consecutive ones,
//! rotated right by `0..size-1` bits, replicated to fill the register. 0 and all-ones are
//! not encodable. There are 5334 encodable 64-bit values and 1302 32-bit ones.
//!
//! [`encode_bitmask`] finds the (unique canonical) field for a value: the smallest period
//! of the value gives the element size, the element must be a rotated run of ones, and the
//! rotation and run length give `immr` and `imms`. [`decode_bitmask`] is the architecture's
//! `DecodeBitMasks` (used by tests as the reference), and [`bitmask_immediates`] enumerates
//! every encodable value exactly once.
//!
//! Invariants: for every value `v`, `encode_bitmask(v, w).map(|b| b.value(w)) == Some(v)`
//! when encodable; `decode_bitmask` of an encoded field returns the value.

use super::reg::Width;

/// The `N:immr:imms` fields of an encodable logical immediate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BitmaskImm {
    n: bool,
    immr: u8,
    imms: u8,
}

impl BitmaskImm {
    /// The `N` bit (set only for 64-bit elements).
    pub const fn n(self) -> bool {
        self.n
    }

    /// The rotation field.
    pub const fn immr(self) -> u32 {
        self.immr as u32
    }

    /// The size-and-length field.
    pub const fn imms(self) -> u32 {
        self.imms as u32
    }

    /// The fields in instruction position (`N` bit 22, `immr` bits 21:16, `imms` 15:10).
    #[inline]
    pub const fn field(self) -> u32 {
        (self.n as u32) << 22 | (self.immr as u32) << 16 | (self.imms as u32) << 10
    }

    /// The value the fields describe at `width`.
    pub const fn value(self, width: Width) -> u64 {
        match decode_bitmask(self.n, self.immr as u32, self.imms as u32, width) {
            Some(v) => v,
            // Unreachable for fields made by `encode_bitmask`.
            None => 0,
        }
    }
}

/// Ones in the low `bits` bits (`bits <= 64`).
#[inline]
const fn low_ones(bits: u32) -> u64 {
    if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

/// `elem` (of `size` bits) replicated to 64 bits.
#[inline]
const fn replicate(elem: u64, size: u32) -> u64 {
    let mut v = elem;
    let mut s = size;
    while s < 64 {
        v |= v << s;
        s *= 2;
    }
    v
}

/// The logical-immediate fields for `value` at `width`, or `None` when `value` is not a
/// bitmask immediate (0, all ones, not a replicated rotated run of ones, or a 32-bit
/// operation given a value above `u32::MAX`).
pub const fn encode_bitmask(value: u64, width: Width) -> Option<BitmaskImm> {
    let v = match width {
        Width::W32 => {
            if value > u32::MAX as u64 {
                return None;
            }
            value | value << 32
        }
        Width::W64 => value,
    };
    if v == 0 || v == u64::MAX {
        return None;
    }
    // The element size is the smallest period of the value.
    let mut size = 64u32;
    while size > 2 {
        let half = size / 2;
        let mask = low_ones(half);
        if v & mask != (v >> half) & mask {
            break;
        }
        size = half;
    }
    let mask = low_ones(size);
    let elem = v & mask;
    let ones = elem.count_ones();
    // `rot`: rotating the element right by `rot` leaves the run of ones at bit 0.
    let rot = if elem & 1 == 0 {
        let tz = elem.trailing_zeros();
        if elem >> tz != low_ones(ones) {
            return None;
        }
        tz
    } else {
        // The run includes bit 0 and may wrap around: look at the run of zeros instead.
        let zeros_mask = !elem & mask;
        let tz = zeros_mask.trailing_zeros();
        let zeros = size - ones;
        if zeros_mask >> tz != low_ones(zeros) {
            return None;
        }
        (tz + zeros) % size
    };
    Some(BitmaskImm {
        n: size == 64,
        immr: ((size - rot) % size) as u8,
        imms: (((!(size - 1)) << 1) & 0x3f | (ones - 1)) as u8,
    })
}

/// Whether `value` can be the immediate of a logical instruction of `width`.
pub const fn is_bitmask_imm(value: u64, width: Width) -> bool {
    encode_bitmask(value, width).is_some()
}

/// The architecture's `DecodeBitMasks` for logical immediates: the value of the fields
/// `N:immr:imms` at `width`, or `None` for reserved encodings (including `N = 1` in a
/// 32-bit instruction).
pub const fn decode_bitmask(n: bool, immr: u32, imms: u32, width: Width) -> Option<u64> {
    if immr > 63 || imms > 63 {
        return None;
    }
    if matches!(width, Width::W32) && n {
        return None;
    }
    let combined = (n as u32) << 6 | (!imms & 0x3f);
    if combined == 0 {
        return None;
    }
    let len = 31 - combined.leading_zeros();
    if len < 1 {
        return None;
    }
    let levels = (1u32 << len) - 1;
    let s = imms & levels;
    let r = immr & levels;
    if s == levels {
        return None;
    }
    let esize = 1u32 << len;
    let welem = low_ones(s + 1);
    let emask = low_ones(esize);
    let elem = if r == 0 {
        welem
    } else {
        ((welem >> r) | (welem << (esize - r))) & emask
    };
    let v = replicate(elem, esize);
    Some(match width {
        Width::W32 => v & 0xffff_ffff,
        Width::W64 => v,
    })
}

/// Every bitmask immediate of `width`, each exactly once (5334 for 64 bits, 1302 for 32),
/// ordered by element size, then run length, then rotation.
pub fn bitmask_immediates(width: Width) -> impl Iterator<Item = u64> {
    let max_size = width.bits();
    [2u32, 4, 8, 16, 32, 64]
        .into_iter()
        .filter(move |&size| size <= max_size)
        .flat_map(move |size| {
            (1..size).flat_map(move |ones| {
                (0..size).map(move |rot| {
                    let run = low_ones(ones);
                    let elem = if rot == 0 {
                        run
                    } else {
                        ((run >> rot) | (run << (size - rot))) & low_ones(size)
                    };
                    replicate(elem, size) & width.mask()
                })
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_fields() {
        // and x0, x1, #0xff  => 92401c20: N=1 immr=0 imms=7
        let b = encode_bitmask(0xff, Width::W64).unwrap();
        assert_eq!((b.n(), b.immr(), b.imms()), (true, 0, 7));
        // orr w0, w1, #0xf0f0f0f0 => 3204cc20: N=0 immr=4 imms=0b110011
        let b = encode_bitmask(0xf0f0_f0f0, Width::W32).unwrap();
        assert_eq!((b.n(), b.immr(), b.imms()), (false, 4, 0b110011));
        // eor x0, x1, #0x5555555555555555 => d200f020: N=0 immr=0 imms=0b111100
        let b = encode_bitmask(0x5555_5555_5555_5555, Width::W64).unwrap();
        assert_eq!((b.n(), b.immr(), b.imms()), (false, 0, 0b111100));
    }

    #[test]
    fn rejects() {
        for v in [0, u64::MAX, 5, 0x1234, 0xff00_ff00_ff00_ff01] {
            assert!(!is_bitmask_imm(v, Width::W64), "{v:#x}");
        }
        assert!(!is_bitmask_imm(0xffff_ffff, Width::W32));
        assert!(!is_bitmask_imm(0x1_0000_0000, Width::W32));
        assert!(is_bitmask_imm(0xffff_ffff, Width::W64));
    }

    #[test]
    fn counts() {
        assert_eq!(bitmask_immediates(Width::W64).count(), 5334);
        assert_eq!(bitmask_immediates(Width::W32).count(), 1302);
    }
}
