//! [`Utf8`]: a non-ASCII `str` seen as a sequence of code points without decoding it.
//!
//! tern stores `str` as WTF-8 (UTF-8 with lone surrogates as 3-byte sequences) plus, for
//! long strings, an index of the byte offset of every 64th code point. The engine addresses
//! subjects by code-point index; [`Utf8`] answers `at(i)` from a cursor (the last index it
//! resolved): the engine mostly moves one code point forward or backward, which is one
//! UTF-8 step; other jumps start from the nearest index entry (at most 63 steps). So
//! matching at position `pos` of a long text costs no O(len) decoding, and a loop of
//! `pattern.match(text, pos)` calls stays linear as in CPython.
//!
//! Invariant: the cursor always holds a valid (char index, byte offset) pair of `b`.

use std::cell::Cell;

use super::engine::Subject;
use crate::objects::str::decode_at;

/// Code points per index entry (`objects::str`'s `INDEX_STEP`).
const STEP: usize = 64;

/// A WTF-8 text addressed by code point.
pub struct Utf8<'a> {
    b: &'a [u8],
    index: Option<&'a [u8]>,
    chars: usize,
    cur: Cell<(usize, usize)>,
}

impl<'a> Utf8<'a> {
    /// A view of `b` (`chars` code points; `index`: the str's char-offset table, if built).
    pub fn new(b: &'a [u8], chars: usize, index: Option<&'a [u8]>) -> Self {
        Utf8 {
            b,
            index,
            chars,
            cur: Cell::new((0, 0)),
        }
    }

    /// The cursor: a (char index, byte offset) pair of this text, to resume from in a
    /// later view of the same (immutable) text with [`Utf8::with_cursor`].
    pub fn cursor(&self) -> (usize, usize) {
        self.cur.get()
    }

    /// This view starting from `cur`, a [`Utf8::cursor`] of a view of the same text.
    pub fn with_cursor(self, cur: (usize, usize)) -> Self {
        self.cur.set(cur);
        self
    }

    #[inline]
    fn step_fwd(&self, bi: usize) -> usize {
        let c = self.b.get(bi).copied().unwrap_or(0);
        bi + match c {
            0..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xff => 4,
            _ => 1,
        }
    }

    #[inline]
    fn step_back(&self, mut bi: usize) -> usize {
        bi = bi.saturating_sub(1);
        while bi > 0 && self.b.get(bi).is_some_and(|&c| c & 0xc0 == 0x80) {
            bi -= 1;
        }
        bi
    }

    /// The byte offset of code point `i` (`i <= chars`).
    pub fn offset(&self, i: usize) -> usize {
        if i >= self.chars {
            return self.b.len();
        }
        let (ci, bi) = self.cur.get();
        let off = if i == ci {
            bi
        } else if i > ci && i - ci <= STEP {
            let mut o = bi;
            for _ in ci..i {
                o = self.step_fwd(o);
            }
            o
        } else if i < ci && ci - i <= 8 {
            let mut o = bi;
            for _ in i..ci {
                o = self.step_back(o);
            }
            o
        } else {
            let k = i / STEP;
            let (mut c0, mut o) = (0, 0);
            if let Some(ix) = self.index
                && let Some(w) = ix.get(4 * k..4 * k + 4)
            {
                c0 = k * STEP;
                o = u32::from_le_bytes([w[0], w[1], w[2], w[3]]) as usize;
            }
            if i > ci && ci > c0 {
                c0 = ci;
                o = bi;
            }
            for _ in c0..i {
                o = self.step_fwd(o);
            }
            o
        };
        self.cur.set((i, off));
        off
    }
}

impl Subject for Utf8<'_> {
    #[inline]
    fn len(&self) -> usize {
        self.chars
    }

    #[inline]
    fn at(&self, i: usize) -> u32 {
        if i >= self.chars {
            return 0;
        }
        let off = self.offset(i);
        decode_at(self.b, off).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_of(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for (n, (i, _)) in s.char_indices().enumerate() {
            if n % STEP == 0 {
                out.extend_from_slice(&(i as u32).to_le_bytes());
            }
        }
        out
    }

    #[test]
    fn random_access_matches_chars() {
        let s: String = (0..500).map(|i| ['a', 'é', '€', '𝄞'][i * 7 % 4]).collect();
        let cps: Vec<u32> = s.chars().map(|c| c as u32).collect();
        let ix = index_of(&s);
        for index in [None, Some(&ix[..])] {
            let u = Utf8::new(s.as_bytes(), cps.len(), index);
            let order = [
                0usize, 1, 2, 499, 3, 250, 249, 251, 100, 64, 63, 128, 10, 9, 8, 7,
            ];
            for &i in order
                .iter()
                .chain((0..cps.len()).rev().collect::<Vec<_>>().iter())
            {
                assert_eq!(u.at(i), cps[i], "index {i}");
            }
            assert_eq!(u.at(500), 0);
            assert_eq!(u.offset(500), s.len());
        }
    }
}
