//! Maps (hidden classes, PyPy's mapdict): the layout of instance attributes.
//!
//! An instance stores its attribute values in a slot array and a map id. The map says which
//! attribute name lives at which slot index; adding an attribute moves the instance to the
//! child map reached by that name (created on first use and shared by every instance that
//! gets the same attributes in the same order). Inline caches key on `(type version, map id)`
//! and then read a slot by index.
//!
//! Maps hold no GC references (names are interned `Name` ids), so the table is plain Rust
//! memory, never collected: the number of maps is bounded by the program's attribute
//! orders, and an instance with more than [`MAX_ATTRS`] attributes (or one that deletes an
//! attribute or exposes its `__dict__`) switches to a real dict ("dict mode").
//!
//! Invariants: `maps[id].attrs` lists the attribute names in slot order starting at slot
//! `base`; a child map has its parent's attrs plus one name; transitions are unique per
//! (map, name).

use std::collections::HashMap;

use super::names::Name;

/// The map id of an instance in dict mode.
pub const DICT_MODE: u64 = u64::MAX;
/// More attributes than this switch an instance to dict mode.
pub const MAX_ATTRS: usize = 64;

/// One hidden class.
#[derive(Debug, Clone)]
pub struct Map {
    /// First slot index used by attributes (after the type's reserved slots).
    pub base: u32,
    /// Attribute names in slot order.
    pub attrs: Vec<Name>,
    /// Children by added name.
    pub transitions: Vec<(Name, u32)>,
    index: Option<HashMap<Name, u32>>,
}

/// All maps of a VM.
#[derive(Debug, Default)]
pub struct MapTable {
    maps: Vec<Map>,
    roots: HashMap<u32, u32>,
}

impl MapTable {
    /// An empty table.
    pub fn new() -> MapTable {
        MapTable::default()
    }

    /// The root map (no attributes) for instances with `base` reserved slots.
    pub fn root(&mut self, base: u32) -> u32 {
        if let Some(&id) = self.roots.get(&base) {
            return id;
        }
        let id = self.maps.len() as u32;
        self.maps.push(Map {
            base,
            attrs: Vec::new(),
            transitions: Vec::new(),
            index: None,
        });
        self.roots.insert(base, id);
        id
    }

    /// A map by id.
    #[inline]
    pub fn get(&self, id: u32) -> &Map {
        &self.maps[id as usize]
    }

    /// The slot index of `name` in map `id`.
    #[inline]
    pub fn lookup(&self, id: u32, name: Name) -> Option<u32> {
        let m = &self.maps[id as usize];
        if let Some(ix) = &m.index {
            return ix.get(&name).copied();
        }
        m.attrs
            .iter()
            .position(|&n| n == name)
            .map(|i| m.base + i as u32)
    }

    /// The child of `id` that adds `name` (created if needed), or `None` when the instance
    /// should switch to dict mode (too many attributes).
    pub fn transition(&mut self, id: u32, name: Name) -> Option<u32> {
        let m = &self.maps[id as usize];
        if let Some(&(_, child)) = m.transitions.iter().find(|&&(n, _)| n == name) {
            return Some(child);
        }
        if m.attrs.len() >= MAX_ATTRS {
            return None;
        }
        let mut attrs = m.attrs.clone();
        let base = m.base;
        attrs.push(name);
        let index = (attrs.len() > 8).then(|| {
            attrs
                .iter()
                .enumerate()
                .map(|(i, &n)| (n, base + i as u32))
                .collect()
        });
        let child = self.maps.len() as u32;
        self.maps.push(Map {
            base,
            attrs,
            transitions: Vec::new(),
            index,
        });
        self.maps[id as usize].transitions.push((name, child));
        Some(child)
    }

    /// Number of slots an instance of map `id` uses (reserved + attributes).
    #[inline]
    pub fn slot_count(&self, id: u32) -> usize {
        let m = &self.maps[id as usize];
        m.base as usize + m.attrs.len()
    }

    /// Number of maps (for statistics).
    pub fn len(&self) -> usize {
        self.maps.len()
    }

    /// Whether there are no maps.
    pub fn is_empty(&self) -> bool {
        self.maps.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_are_shared_and_ordered() {
        let mut t = MapTable::new();
        let r = t.root(2);
        assert_eq!(t.root(2), r);
        let a = t.transition(r, Name(10)).unwrap();
        let ab = t.transition(a, Name(11)).unwrap();
        assert_eq!(t.transition(r, Name(10)), Some(a));
        assert_eq!(t.lookup(ab, Name(10)), Some(2));
        assert_eq!(t.lookup(ab, Name(11)), Some(3));
        assert_eq!(t.lookup(a, Name(11)), None);
        assert_eq!(t.slot_count(ab), 4);
        let mut m = r;
        for i in 0..MAX_ATTRS as u32 {
            m = t.transition(m, Name(100 + i)).unwrap();
        }
        assert_eq!(t.lookup(m, Name(100 + 40)), Some(2 + 40));
        assert_eq!(t.transition(m, Name(5)), None);
    }
}
