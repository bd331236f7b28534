//! Register sets as 16-bit masks (bit `n` = register number `n`), for register allocators
//! and save/restore code.
//!
//! Invariant: only the low 16 bits are used; iteration is in register-number order.

use std::fmt;

use crate::asm::{Gpr, Xmm};

macro_rules! reg_set {
    ($name:ident, $reg:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name(u16);

        impl $name {
            /// The empty set.
            pub const EMPTY: $name = $name(0);
            /// All sixteen registers.
            pub const ALL: $name = $name(u16::MAX);

            /// The set of the given registers.
            pub const fn of(regs: &[$reg]) -> $name {
                let mut bits = 0u16;
                let mut i = 0;
                while i < regs.len() {
                    bits |= 1 << regs[i] as u8;
                    i += 1;
                }
                $name(bits)
            }

            /// The raw mask.
            pub const fn bits(self) -> u16 {
                self.0
            }

            /// Whether `r` is in the set.
            pub const fn contains(self, r: $reg) -> bool {
                self.0 & (1 << r as u8) != 0
            }

            /// The set with `r` added.
            #[must_use]
            pub const fn with(self, r: $reg) -> $name {
                $name(self.0 | 1 << r as u8)
            }

            /// The set with `r` removed.
            #[must_use]
            pub const fn without(self, r: $reg) -> $name {
                $name(self.0 & !(1 << r as u8))
            }

            /// Adds `r`.
            pub fn insert(&mut self, r: $reg) {
                self.0 |= 1 << r as u8;
            }

            /// Removes `r`.
            pub fn remove(&mut self, r: $reg) {
                self.0 &= !(1 << r as u8);
            }

            /// Union.
            #[must_use]
            pub const fn union(self, o: $name) -> $name {
                $name(self.0 | o.0)
            }

            /// Intersection.
            #[must_use]
            pub const fn intersection(self, o: $name) -> $name {
                $name(self.0 & o.0)
            }

            /// Registers in `self` but not in `o`.
            #[must_use]
            pub const fn difference(self, o: $name) -> $name {
                $name(self.0 & !o.0)
            }

            /// Number of registers.
            pub const fn len(self) -> usize {
                self.0.count_ones() as usize
            }

            /// Whether the set is empty.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }

            /// The lowest-numbered register, if any.
            pub fn first(self) -> Option<$reg> {
                (self.0 != 0).then(|| $reg::ALL[self.0.trailing_zeros() as usize])
            }

            /// The registers in number order.
            pub fn iter(self) -> impl DoubleEndedIterator<Item = $reg> {
                $reg::ALL.into_iter().filter(move |&r| self.contains(r))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_set().entries(self.iter()).finish()
            }
        }

        impl FromIterator<$reg> for $name {
            fn from_iter<I: IntoIterator<Item = $reg>>(it: I) -> $name {
                let mut s = $name::EMPTY;
                for r in it {
                    s.insert(r);
                }
                s
            }
        }
    };
}

reg_set!(GprSet, Gpr, "A set of general-purpose registers.");
reg_set!(XmmSet, Xmm, "A set of SSE registers.");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let s = GprSet::of(&[Gpr::Rax, Gpr::R15]).with(Gpr::Rcx);
        assert_eq!(s.len(), 3);
        assert_eq!(
            s.iter().collect::<Vec<_>>(),
            vec![Gpr::Rax, Gpr::Rcx, Gpr::R15]
        );
        assert_eq!(s.first(), Some(Gpr::Rax));
        assert!(s.without(Gpr::Rax).contains(Gpr::R15));
        assert!(!s.without(Gpr::Rax).contains(Gpr::Rax));
        assert_eq!(
            s.difference(GprSet::of(&[Gpr::Rcx])),
            GprSet::of(&[Gpr::Rax, Gpr::R15])
        );
        assert_eq!(format!("{s:?}"), "{Rax, Rcx, R15}");
        assert_eq!(XmmSet::ALL.len(), 16);
        assert_eq!(XmmSet::EMPTY.first(), None);
        assert_eq!(Xmm::ALL.into_iter().collect::<XmmSet>(), XmmSet::ALL);
    }
}
