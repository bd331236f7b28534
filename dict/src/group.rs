//! Control-byte groups: match a whole group of index slots with a few instructions.
//!
//! # Design
//!
//! Every index slot has a control byte: `EMPTY` (`0xFF`), `DELETED` (`0x80`, a tombstone) or
//! a 7-bit hash tag (`0x00..=0x7F`) for a live slot. Slots form aligned groups of `WIDTH`
//! control bytes, and a probe asks three questions of a whole group at once: which slots
//! carry this tag, which are empty, which are free (empty or deleted). The answer is a
//! [`Mask`] with one bit per slot, iterated lowest first.
//!
//! Two implementations with the same interface:
//!
//! * `sse2` (x86-64, where SSE2 is always present): groups of 16, one `pcmpeqb` and one
//!   `pmovmskb` per question — the SwissTable/hashbrown technique;
//! * `swar` (every other target): groups of 8 in a `u64`, matched with word arithmetic
//!   ("SIMD within a register"), exact (no false positives).
//!
//! The unit tests run both against a byte-by-byte reference on random groups, so the
//! portable path is tested on x86-64 too. The only `unsafe` is the aligned 16-byte load in
//! `sse2::Group::load`, reading through a valid reference.

/// Control byte of a never-used slot.
pub(crate) const EMPTY: u8 = 0xFF;
/// Control byte of a tombstone.
pub(crate) const DELETED: u8 = 0x80;

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub(crate) use sse2::{Ctrl, Group, WIDTH};
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
pub(crate) use swar::{Ctrl, Group, WIDTH};

/// Slots of one group that answered a question, one bit per slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mask {
    bits: u64,
    /// Bits per slot: 1 for `sse2`, 8 for `swar` (the high bit of each byte).
    stride: u32,
}

impl Mask {
    #[inline(always)]
    pub(crate) fn any(self) -> bool {
        self.bits != 0
    }

    /// Index within the group of the lowest match (`WIDTH`-ish garbage if none: check
    /// `any` first).
    #[inline(always)]
    pub(crate) fn lowest(self) -> usize {
        (self.bits.trailing_zeros() / self.stride) as usize
    }

    #[inline(always)]
    pub(crate) fn remove_lowest(&mut self) {
        self.bits &= self.bits.wrapping_sub(1);
    }
}

#[allow(dead_code)] // The portable path is only used off x86-64 (and in tests).
pub(crate) mod swar {
    use super::Mask;

    pub(crate) const WIDTH: usize = 8;
    const LSB: u64 = 0x0101_0101_0101_0101;
    const MSB: u64 = 0x8080_8080_8080_8080;

    /// One group of control bytes.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    #[repr(C, align(8))]
    pub(crate) struct Ctrl(pub(crate) [u8; WIDTH]);

    /// A loaded group.
    #[derive(Clone, Copy)]
    pub(crate) struct Group(u64);

    impl Group {
        #[inline(always)]
        pub(crate) fn load(ctrl: &Ctrl) -> Group {
            Group(u64::from_le_bytes(ctrl.0))
        }

        #[inline(always)]
        fn mask(bits: u64) -> Mask {
            Mask { bits, stride: 8 }
        }

        /// Slots whose control byte equals `tag` (exact: no false positives).
        #[inline(always)]
        pub(crate) fn match_tag(self, tag: u8) -> Mask {
            let x = self.0 ^ (LSB * u64::from(tag));
            // A byte of `x` is zero iff adding 0x7F to its low 7 bits does not carry into
            // bit 7 and its own bit 7 is clear.
            Group::mask(!(((x & !MSB).wrapping_add(!MSB)) | x) & MSB)
        }

        /// `EMPTY` slots (the only control value with its two top bits set).
        #[inline(always)]
        pub(crate) fn match_empty(self) -> Mask {
            Group::mask(self.0 & (self.0 << 1) & MSB)
        }

        /// `EMPTY` or `DELETED` slots.
        #[inline(always)]
        pub(crate) fn match_free(self) -> Mask {
            Group::mask(self.0 & MSB)
        }

        /// Live slots (a tag, high bit clear).
        #[inline(always)]
        pub(crate) fn match_full(self) -> Mask {
            Group::mask(!self.0 & MSB)
        }
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub(crate) mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_load_si128, _mm_movemask_epi8, _mm_set1_epi8,
    };

    use super::Mask;

    pub(crate) const WIDTH: usize = 16;

    /// One group of control bytes, aligned for `movdqa`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    #[repr(C, align(16))]
    pub(crate) struct Ctrl(pub(crate) [u8; WIDTH]);

    /// A loaded group.
    #[derive(Clone, Copy)]
    pub(crate) struct Group(__m128i);

    impl Group {
        #[inline(always)]
        pub(crate) fn load(ctrl: &Ctrl) -> Group {
            // SAFETY: `ctrl` is a valid reference to 16 initialised bytes aligned to 16 (the
            // `repr(align(16))` above), exactly what `_mm_load_si128` reads; SSE2 is part
            // of the x86-64 baseline.
            Group(unsafe { _mm_load_si128((ctrl as *const Ctrl).cast::<__m128i>()) })
        }

        #[inline(always)]
        fn mask(v: __m128i) -> Mask {
            // SAFETY: the module is compiled only when SSE2 is enabled (`cfg` above).
            let bits = unsafe { _mm_movemask_epi8(v) } as u16;
            Mask {
                bits: u64::from(bits),
                stride: 1,
            }
        }

        #[inline(always)]
        fn equal(self, byte: u8) -> __m128i {
            // SAFETY: the module is compiled only when SSE2 is enabled (`cfg` above).
            unsafe { _mm_cmpeq_epi8(self.0, _mm_set1_epi8(byte as i8)) }
        }

        /// Slots whose control byte equals `tag`.
        #[inline(always)]
        pub(crate) fn match_tag(self, tag: u8) -> Mask {
            Group::mask(self.equal(tag))
        }

        /// `EMPTY` slots.
        #[inline(always)]
        pub(crate) fn match_empty(self) -> Mask {
            Group::mask(self.equal(super::EMPTY))
        }

        /// `EMPTY` or `DELETED` slots (high bit set).
        #[inline(always)]
        pub(crate) fn match_free(self) -> Mask {
            Group::mask(self.0)
        }

        /// Live slots (a tag, high bit clear).
        #[inline(always)]
        pub(crate) fn match_full(self) -> Mask {
            let free = Group::mask(self.0);
            Mask {
                bits: !free.bits & 0xFFFF,
                stride: 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(bytes: &[u8], pred: impl Fn(u8) -> bool) -> Vec<usize> {
        (0..bytes.len()).filter(|&i| pred(bytes[i])).collect()
    }

    fn listed(mut m: Mask) -> Vec<usize> {
        let mut out = Vec::new();
        while m.any() {
            out.push(m.lowest());
            m.remove_lowest();
        }
        out
    }

    /// Bytes that trip the classic has-zero-byte trick (`t ^ 1` next to `t`), plus random
    /// groups, against a byte-by-byte reference, for both implementations.
    #[test]
    fn both_implementations_match_the_reference() {
        let mut state = 0x1234_5678_u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let pick = (state >> 33) as u8;
            match pick % 4 {
                0 => EMPTY,
                1 => DELETED,
                _ => pick & 0x7F,
            }
        };
        let mut groups: Vec<[u8; 16]> = vec![[
            0x12, 0x13, 0x12, EMPTY, DELETED, 0x00, 0x7F, 0x13, 0x01, 0x00, 0x7E, 0x7F, EMPTY,
            EMPTY, 0x12, 0x13,
        ]];
        for _ in 0..if cfg!(miri) { 8 } else { 500 } {
            groups.push(std::array::from_fn(|_| next()));
        }
        for g in &groups {
            for tag in [0x00u8, 0x01, 0x12, 0x13, 0x7E, 0x7F] {
                for half in [&g[..8], &g[8..]] {
                    let s = swar::Group::load(&swar::Ctrl(half.try_into().unwrap()));
                    assert_eq!(listed(s.match_tag(tag)), reference(half, |b| b == tag));
                    assert_eq!(listed(s.match_empty()), reference(half, |b| b == EMPTY));
                    assert_eq!(listed(s.match_free()), reference(half, |b| b & 0x80 != 0));
                    assert_eq!(listed(s.match_full()), reference(half, |b| b & 0x80 == 0));
                }
                #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
                {
                    let v = sse2::Group::load(&sse2::Ctrl(*g));
                    assert_eq!(listed(v.match_tag(tag)), reference(g, |b| b == tag));
                    assert_eq!(listed(v.match_empty()), reference(g, |b| b == EMPTY));
                    assert_eq!(listed(v.match_free()), reference(g, |b| b & 0x80 != 0));
                    assert_eq!(listed(v.match_full()), reference(g, |b| b & 0x80 == 0));
                }
            }
        }
    }
}
