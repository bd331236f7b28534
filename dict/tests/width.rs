//! Index width boundaries.
//!
//! A table that grows by insertion switches from `u8` to `u16` entry numbers when the 225th
//! entry arrives (256 slots hold at most 224 entries at the 7/8 load limit) and from `u16`
//! to `u32` at the 57 345th (65 536 slots, 57 344 entries). The tests also cover the counts
//! 255/256 and 65 535/65 536, where entry *numbers* cross the range of a byte and of a
//! `u16` (the off-by-one traps of a variable-width index), and deletions across every
//! boundary, followed by `shrink_to_fit` back to the narrower width.

use std::hash::{BuildHasherDefault, DefaultHasher};

use tern_dict::{CompactDict, IndexWidth};

type Dict = CompactDict<u64, u64, BuildHasherDefault<DefaultHasher>>;

fn grown(n: u64) -> Dict {
    let mut d = Dict::default();
    for k in 0..n {
        d.insert(k, !k);
    }
    d
}

fn assert_all_present(d: &Dict, keys: impl Iterator<Item = u64>) {
    for k in keys {
        assert_eq!(d.get(&k), Some(&!k), "key {k}");
    }
}

fn width(d: &Dict) -> IndexWidth {
    d.stats().index_width.expect("allocated")
}

#[test]
fn u8_to_u16_at_225_entries() {
    let mut d = Dict::default();
    for k in 0..300u64 {
        d.insert(k, !k);
        let len = k + 1;
        let want = if len <= 224 {
            IndexWidth::U8
        } else {
            IndexWidth::U16
        };
        assert_eq!(width(&d), want, "at {len} entries");
        if matches!(len, 223..=226 | 254..=257) {
            d.as_raw().check_invariants().unwrap();
            assert_all_present(&d, 0..len);
            assert!(!d.contains_key(&len));
        }
    }
    assert_eq!(d.stats().index_slots, 512);
}

#[test]
fn entry_numbers_around_255_and_256() {
    for n in [254u64, 255, 256, 257] {
        let d = grown(n);
        assert_eq!(d.len() as u64, n);
        assert_eq!(width(&d), IndexWidth::U16);
        d.as_raw().check_invariants().unwrap();
        assert_all_present(&d, 0..n);
        assert_eq!(d.get_index(n as usize - 1), Some((&(n - 1), &!(n - 1))));
        assert_eq!(d.last(), Some((&(n - 1), &!(n - 1))));
    }
}

#[test]
#[cfg_attr(miri, ignore = "tens of thousands of entries: too slow under Miri")]
fn u16_to_u32_at_57_345_entries() {
    let mut d = grown(57_343);
    for k in 57_343..57_347u64 {
        d.insert(k, !k);
        let want = if k < 57_344 {
            IndexWidth::U16
        } else {
            IndexWidth::U32
        };
        assert_eq!(width(&d), want, "at {} entries", k + 1);
        d.as_raw().check_invariants().unwrap();
    }
    assert_all_present(&d, 0..57_347);
}

#[test]
#[cfg_attr(miri, ignore = "tens of thousands of entries: too slow under Miri")]
fn entry_numbers_around_65_535_and_65_536() {
    let mut d = grown(65_534);
    for k in 65_534..65_538u64 {
        d.insert(k, !k);
        assert_eq!(width(&d), IndexWidth::U32);
        assert_eq!(d.get(&k), Some(&!k));
    }
    d.as_raw().check_invariants().unwrap();
    assert_all_present(&d, 0..65_538);
}

/// Removes from the front, the back and the middle across a boundary, checking every key,
/// then shrinks back to the narrow width.
fn delete_across(n: u64, down_to: u64, wide: IndexWidth, narrow: IndexWidth) {
    let mut d = grown(n);
    assert_eq!(width(&d), wide);
    let mut present: Vec<u64> = (0..n).collect();
    let mut turn = 0u64;
    while present.len() as u64 > down_to {
        let which = turn % 3;
        turn += 1;
        let victim = match which {
            0 => present.remove(0),
            1 => present.pop().unwrap(),
            _ => present.remove(present.len() / 2),
        };
        match which {
            0 => assert_eq!(d.pop_first(), Some((victim, !victim))),
            1 => assert_eq!(d.pop_last(), Some((victim, !victim))),
            _ => assert_eq!(d.remove(&victim), Some(!victim)),
        }
    }
    d.as_raw().check_invariants().unwrap();
    // Capacity is not given back implicitly.
    assert_eq!(width(&d), wide);
    assert!(d.iter().map(|(k, _)| *k).eq(present.iter().copied()));
    assert_all_present(&d, present.iter().copied());
    d.shrink_to_fit();
    assert_eq!(width(&d), narrow);
    d.as_raw().check_invariants().unwrap();
    assert!(d.iter().map(|(k, _)| *k).eq(present.iter().copied()));
    assert_all_present(&d, present.iter().copied());
    // And it grows again through the boundary.
    for k in n..2 * n {
        d.insert(k, !k);
    }
    assert_eq!(width(&d), wide);
    d.as_raw().check_invariants().unwrap();
}

#[test]
fn deletions_across_u8_u16() {
    delete_across(300, 100, IndexWidth::U16, IndexWidth::U8);
    delete_across(225, 224, IndexWidth::U16, IndexWidth::U8);
}

#[test]
#[cfg_attr(miri, ignore = "tens of thousands of entries: too slow under Miri")]
fn deletions_across_u16_u32() {
    delete_across(57_345, 57_344, IndexWidth::U32, IndexWidth::U16);
    delete_across(66_000, 20_000, IndexWidth::U32, IndexWidth::U16);
}

#[test]
fn churn_at_each_boundary_grows_at_most_once() {
    let sizes: &[u64] = if cfg!(miri) {
        &[224, 225]
    } else {
        &[224, 225, 57_344, 57_345]
    };
    for &n in sizes {
        let mut d = grown(n);
        let slots = d.stats().index_slots;
        let rounds = 3 * n.min(5_000);
        let mut settled = None;
        for (i, k) in (n..n + rounds).enumerate() {
            assert_eq!(d.remove(&(k - n)), Some(!(k - n)));
            d.insert(k, !k);
            if i as u64 == rounds / 2 {
                settled = Some(d.stats().index_slots);
            }
        }
        // A table filled to the limit grows once (like CPython's), then churn is free.
        let end = d.stats().index_slots;
        assert!(end <= 2 * slots, "churn at {n}: {slots} -> {end} slots");
        assert_eq!(settled, Some(end), "churn at {n} kept resizing");
        d.as_raw().check_invariants().unwrap();
        let start = rounds;
        assert!(d.keys().copied().eq(start..start + n));
        assert_all_present(&d, start..start + n);
    }
}

#[test]
fn forced_u64_width_round_trip() {
    let mut d = Dict::default();
    d.as_raw_mut().set_min_index_width(IndexWidth::U64);
    for k in 0..1000u64 {
        d.insert(k, !k);
    }
    assert_eq!(width(&d), IndexWidth::U64);
    for k in (0..1000u64).filter(|k| k % 7 == 0) {
        assert_eq!(d.remove(&k), Some(!k));
    }
    d.as_raw().check_invariants().unwrap();
    assert_all_present(&d, (0..1000u64).filter(|k| k % 7 != 0));
    d.shrink_to_fit();
    assert_eq!(width(&d), IndexWidth::U64, "the minimum width is sticky");
}
