//! The Rust-facing API of `CompactDict` and `CompactSet`: std traits, entry API, order
//! operations, capacity management, iterators.

use std::collections::HashMap;

use tern_dict::{CompactDict, CompactSet, Entry};

fn abc() -> CompactDict<String, i32> {
    let mut d = CompactDict::new();
    d.insert("a".to_string(), 1);
    d.insert("b".to_string(), 2);
    d.insert("c".to_string(), 3);
    d
}

#[test]
fn debug_clone_eq_default() {
    let d = abc();
    assert_eq!(format!("{d:?}"), r#"{"a": 1, "b": 2, "c": 3}"#);
    let e = d.clone();
    assert_eq!(d, e);
    let mut f: CompactDict<String, i32> = CompactDict::default();
    f.insert("c".into(), 3);
    f.insert("b".into(), 2);
    f.insert("a".into(), 1);
    assert_eq!(d, f, "equality ignores order");
    assert!(!d.iter().eq(f.iter()), "order-sensitive comparison differs");
    f.insert("a".into(), 0);
    assert_ne!(d, f);
    let s: CompactSet<u8> = [3, 1, 2].into();
    assert_eq!(format!("{s:?}"), "{3, 1, 2}");
    assert_eq!(format!("{:?}", d.keys()), r#"["a", "b", "c"]"#);
    assert_eq!(format!("{:?}", d.values()), "[1, 2, 3]");
}

#[test]
fn clone_of_a_table_with_holes() {
    let mut d: CompactDict<u32, u32> = (0..100).map(|i| (i, i)).collect();
    for i in (0..100).step_by(3) {
        d.remove(&i);
    }
    let e = d.clone();
    assert!(d.iter().eq(e.iter()));
    e.as_raw().check_invariants().unwrap();
    assert_eq!(e.stats().holes, 0);
}

#[test]
fn index_and_borrowed_lookups() {
    let d = abc();
    assert_eq!(d["b"], 2);
    assert_eq!(d.get("c"), Some(&3));
    assert_eq!(d.get_key_value("a"), Some((&"a".to_string(), &1)));
    assert_eq!(d.get_full("c"), Some((2, &"c".to_string(), &3)));
    assert!(d.contains_key("a") && !d.contains_key("z"));
    assert_eq!(d.get_index_of("b"), Some(1));
}

#[test]
#[should_panic(expected = "key not found")]
fn index_of_missing_key_panics_like_std() {
    let d = abc();
    let _ = d["zz"];
}

#[test]
fn extend_collect_from_array() {
    let mut d: CompactDict<u8, u8> = [(1, 1), (2, 2)].into();
    d.extend([(3, 3), (1, 10)]);
    d.extend([(&4, &4)]);
    assert!(
        d.iter()
            .map(|(k, v)| (*k, *v))
            .eq([(1, 10), (2, 2), (3, 3), (4, 4)])
    );
    let c: CompactDict<u8, u8> = d.clone().into_iter().rev().collect();
    assert_eq!(c.keys().copied().collect::<Vec<_>>(), [4, 3, 2, 1]);
    let std: HashMap<u8, u8> = d.clone().into_iter().collect();
    assert_eq!(std.len(), 4);
}

#[test]
fn entry_api() {
    let mut d: CompactDict<&str, Vec<u32>> = CompactDict::new();
    d.entry("x").or_default().push(1);
    d.entry("x").or_default().push(2);
    d.entry("y").or_insert_with(|| vec![9]);
    d.entry("z").or_insert_with_key(|k| vec![k.len() as u32]);
    d.entry("y").and_modify(|v| v.push(10)).or_insert(vec![]);
    assert_eq!(d["x"], [1, 2]);
    assert_eq!(d["y"], [9, 10]);
    assert_eq!(d["z"], [1]);
    match d.entry("x") {
        Entry::Occupied(o) => {
            assert_eq!(o.key(), &"x");
            assert_eq!(o.position(), 0);
            assert_eq!(o.remove(), [1, 2]);
        }
        Entry::Vacant(_) => panic!("x is present"),
    }
    match d.entry("w") {
        Entry::Vacant(v) => {
            assert_eq!(v.key(), &"w");
            let o = v.insert_entry(vec![5]);
            assert_eq!(o.get(), &[5]);
        }
        Entry::Occupied(_) => panic!("w is absent"),
    }
    assert_eq!(d.keys().copied().collect::<Vec<_>>(), ["y", "z", "w"]);
    assert_eq!(d.insert_full("z", vec![]), (1, Some(vec![1])));
    assert_eq!(d.insert_full("q", vec![]), (3, None));
}

#[test]
fn order_operations() {
    let mut d: CompactDict<u32, u32> = (0..10).map(|i| (i, i * i)).collect();
    assert!(d.move_to_end(&0));
    assert!(d.move_to_front(&9));
    assert!(!d.move_to_end(&100));
    assert_eq!(
        d.keys().copied().collect::<Vec<_>>(),
        [9, 1, 2, 3, 4, 5, 6, 7, 8, 0]
    );
    assert_eq!(d.first(), Some((&9, &81)));
    assert_eq!(d.last(), Some((&0, &0)));
    assert_eq!(d.pop_first(), Some((9, 81)));
    assert_eq!(d.pop_last(), Some((0, 0)));
    assert_eq!(d.get_index(2), Some((&3, &9)));
    *d.get_index_mut(2).unwrap().1 = 0;
    assert_eq!(d.remove_index(2), Some((3, 0)));
    d.sort_by(|_, a, _, b| b.cmp(a));
    assert_eq!(d.keys().copied().collect::<Vec<_>>(), [8, 7, 6, 5, 4, 2, 1]);
    d.reverse();
    d.sort_keys();
    assert_eq!(d.keys().copied().collect::<Vec<_>>(), [1, 2, 4, 5, 6, 7, 8]);
    d.retain(|k, v| {
        *v += 1;
        k % 2 == 0
    });
    assert!(
        d.iter()
            .map(|(k, v)| (*k, *v))
            .eq([(2, 5), (4, 17), (6, 37), (8, 65)])
    );
}

#[test]
fn iterators_are_exact_double_ended_and_fused() {
    let mut d: CompactDict<u32, u32> = (0..20).map(|i| (i, i)).collect();
    d.remove(&5);
    d.remove(&0);
    let mut it = d.iter();
    assert_eq!(it.len(), 18);
    assert_eq!(it.next(), Some((&1, &1)));
    assert_eq!(it.next_back(), Some((&19, &19)));
    assert_eq!(it.len(), 16);
    assert_eq!(it.clone().count(), 16);
    for v in d.values_mut() {
        *v *= 2;
    }
    for (_, v) in d.iter_mut() {
        *v += 1;
    }
    for (_, v) in &mut d {
        *v += 1;
    }
    assert_eq!(d.values().next_back(), Some(&40));
    let keys: Vec<u32> = d.clone().into_keys().collect();
    let values: Vec<u32> = d.clone().into_values().collect();
    assert_eq!(keys.len(), 18);
    assert_eq!(values[0], 4);
    let mut drain = d.drain();
    assert_eq!(drain.next(), Some((1, 4)));
    assert_eq!(drain.next_back(), Some((19, 40)));
    drop(drain);
    assert!(d.is_empty());
    d.insert(1, 1);
    assert_eq!(d.len(), 1);
    let mut into = d.into_iter();
    assert_eq!(into.next(), Some((1, 1)));
    assert_eq!(into.next(), None);
    assert_eq!(into.next(), None);
}

#[test]
fn capacity_management() {
    let mut d: CompactDict<u64, u64> = CompactDict::with_capacity(1000);
    assert!(d.capacity() >= 1000);
    let bytes = d.memory_usage();
    for i in 0..1000 {
        d.insert(i, i);
    }
    assert_eq!(
        d.memory_usage(),
        bytes,
        "no reallocation within the reserved capacity"
    );
    for i in 0..990 {
        d.remove(&i);
    }
    d.shrink_to_fit();
    assert!(d.memory_usage() < bytes / 10);
    assert!(d.capacity() >= 10);
    assert!(d.try_reserve(usize::MAX).is_err());
    assert!(d.try_reserve(100).is_ok());
    assert!(d.capacity() >= 110);
    d.clear();
    d.shrink_to_fit();
    assert_eq!(d.memory_usage(), 0);
    let empty: CompactDict<u64, u64> = CompactDict::new();
    assert_eq!(empty.memory_usage(), 0);
    assert_eq!(empty.get(&1), None);
    assert_eq!(empty.first(), None);
}

#[test]
#[should_panic(expected = "cannot reserve")]
fn reserve_overflow_panics_like_vec() {
    let mut d: CompactDict<u64, u64> = CompactDict::new();
    d.insert(1, 1);
    d.reserve(usize::MAX);
}

#[test]
fn zero_sized_keys_and_values() {
    let mut d: CompactDict<(), ()> = CompactDict::new();
    assert_eq!(d.insert((), ()), None);
    assert_eq!(d.insert((), ()), Some(()));
    assert_eq!(d.len(), 1);
    assert_eq!(d.remove(&()), Some(()));
    assert!(d.is_empty());
    let mut s: CompactSet<()> = CompactSet::new();
    assert!(s.insert(()));
    assert!(!s.insert(()));
}

#[test]
fn set_api() {
    let mut s: CompactSet<String> = CompactSet::new();
    assert!(s.insert("x".into()));
    assert!(!s.insert("x".into()));
    assert!(s.insert("y".into()));
    assert_eq!(s.replace("x".into()), Some("x".into()));
    assert_eq!(s.replace("z".into()), None);
    assert!(s.contains("z"));
    assert_eq!(s.get("y"), Some(&"y".to_string()));
    assert_eq!(s.get_index_of("z"), Some(2));
    assert!(s.move_to_front("z"));
    assert!(s.move_to_end("x"));
    assert_eq!(s.iter().cloned().collect::<Vec<_>>(), ["z", "y", "x"]);
    assert_eq!(s.first().map(String::as_str), Some("z"));
    assert_eq!(s.last().map(String::as_str), Some("x"));
    assert_eq!(s.get_index(1).map(String::as_str), Some("y"));
    assert_eq!(s.take("y"), Some("y".into()));
    assert!(!s.remove("y"));
    s.extend(["b".to_string(), "a".to_string()]);
    s.sort();
    assert_eq!(s.iter().cloned().collect::<Vec<_>>(), ["a", "b", "x", "z"]);
    s.reverse();
    s.retain(|x| x != "b");
    assert_eq!(s.pop_last(), Some("a".into()));
    assert_eq!(s.pop_first(), Some("z".into()));
    assert_eq!(s.drain().collect::<Vec<_>>(), ["x"]);
    assert!(s.is_empty());
    let t: CompactSet<u8> = (0..10).collect();
    let u: CompactSet<u8> = (5..15).collect();
    assert!(!t.is_disjoint(&u));
    assert_eq!(t.intersection(&u).count(), 5);
    assert_eq!(format!("{:?}", t.difference(&u)), "[0, 1, 2, 3, 4]");
    let v: CompactSet<u8> = t.iter().rev().copied().collect();
    assert_eq!(t, v, "set equality ignores order");
}
