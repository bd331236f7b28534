//! Structural comparison of two runs on two [`ModelHeap`]s.
//!
//! Two executions of "the same" program (an unoptimized and an optimized trace, or the
//! interpreting backend and a machine backend) run on two heaps built identically. Their
//! objects live at different addresses and the optimized run allocates fewer objects (or
//! allocates them later, when a guard fails), so results are compared up to a bijection
//! between the objects the two runs can reach:
//! - objects that existed before the runs (the first `preexisting` blocks of each heap,
//!   built in the same order) are paired by allocation ordinal and their final contents
//!   must match;
//! - a reference found at corresponding places must point to corresponding objects; a
//!   new pair is added to the bijection the first time two new objects meet, and then
//!   their contents are compared recursively (type, length, every field, with references
//!   compared through the bijection);
//! - references that are not heap objects (null, foreign constants) must be equal bits.
//!
//! Objects neither run can reach are garbage and are ignored. Two 8-byte words that are
//! both NaN bit patterns compare equal: NaN payloads and signs are not specified (they
//! differ between a constant folded by the compiler and the same operation at run time,
//! and between architectures).

use crate::hash::HashMap;

use crate::heap::{BlockKind, ModelHeap};
use crate::interp::Exception;
use crate::value::{Kind, Value};

/// Pairs objects of two heaps and compares what the runs left in them.
pub struct Matcher<'h> {
    a: &'h ModelHeap,
    b: &'h ModelHeap,
    a_to_b: HashMap<u64, u64>,
    b_to_a: HashMap<u64, u64>,
    work: Vec<(u64, u64, String)>,
}

impl<'h> Matcher<'h> {
    /// A matcher with the first `preexisting` blocks of `a` and `b` paired by ordinal.
    pub fn new(
        a: &'h ModelHeap,
        b: &'h ModelHeap,
        preexisting: usize,
    ) -> Result<Matcher<'h>, String> {
        let mut m = Matcher {
            a,
            b,
            a_to_b: HashMap::default(),
            b_to_a: HashMap::default(),
            work: Vec::new(),
        };
        if a.blocks().len() < preexisting || b.blocks().len() < preexisting {
            return Err(format!("fewer than {preexisting} preexisting blocks"));
        }
        for k in 0..preexisting {
            let (x, y) = (a.blocks()[k].addr, b.blocks()[k].addr);
            m.a_to_b.insert(x, y);
            m.b_to_a.insert(y, x);
            m.work.push((x, y, format!("preexisting object #{k}")));
        }
        Ok(m)
    }

    /// Requires `x` (in heap a) and `y` (in heap b) to be corresponding references.
    pub fn refs(&mut self, x: u64, y: u64, what: &str) -> Result<(), String> {
        let bx = self.a.block_at(x).is_some();
        let by = self.b.block_at(y).is_some();
        match (bx, by) {
            (false, false) => {
                if x == y {
                    Ok(())
                } else {
                    Err(format!(
                        "{what}: foreign references differ: {x:#x} vs {y:#x}"
                    ))
                }
            }
            (true, false) | (false, true) => Err(format!(
                "{what}: one run has an object ({x:#x} / {y:#x}), the other not"
            )),
            (true, true) => match (self.a_to_b.get(&x), self.b_to_a.get(&y)) {
                (Some(&y2), _) if y2 == y => Ok(()),
                (None, None) => {
                    self.a_to_b.insert(x, y);
                    self.b_to_a.insert(y, x);
                    self.work.push((x, y, what.to_string()));
                    Ok(())
                }
                _ => Err(format!(
                    "{what}: references to different objects (aliasing differs)"
                )),
            },
        }
    }

    /// Requires two values to correspond (references through the bijection; floats equal
    /// bitwise or both NaN).
    pub fn values(&mut self, x: Value, y: Value, what: &str) -> Result<(), String> {
        match (x, y) {
            (Value::Ref(p), Value::Ref(q)) => self.refs(p, q, what),
            _ if x.same_behaviour(y) => Ok(()),
            _ => Err(format!("{what}: {x:?} vs {y:?}")),
        }
    }

    /// Compares optional values (dead slots, void results).
    pub fn opt_values(
        &mut self,
        x: Option<Value>,
        y: Option<Value>,
        what: &str,
    ) -> Result<(), String> {
        match (x, y) {
            (None, None) => Ok(()),
            (Some(x), Some(y)) => self.values(x, y, what),
            _ => Err(format!("{what}: {x:?} vs {y:?}")),
        }
    }

    /// Compares pending exceptions.
    pub fn exceptions(&mut self, x: Option<Exception>, y: Option<Exception>) -> Result<(), String> {
        match (x, y) {
            (None, None) => Ok(()),
            (Some(e), Some(f)) if e.class == f.class => {
                self.refs(e.value, f.value, "exception value")
            }
            _ => Err(format!("pending exceptions differ: {x:?} vs {y:?}")),
        }
    }

    /// Compares the contents of every paired object, transitively.
    pub fn finish(&mut self) -> Result<(), String> {
        while let Some((x, y, what)) = self.work.pop() {
            self.contents(x, y, &what)?;
        }
        Ok(())
    }

    fn contents(&mut self, x: u64, y: u64, what: &str) -> Result<(), String> {
        let ba = self.a.block_at(x).expect("paired blocks exist").clone();
        let bb = self.b.block_at(y).expect("paired blocks exist").clone();
        let layout = self.a.object_layout();
        let flags = layout.flags_offset as u64;
        let read = |h: &ModelHeap, addr: u64, size: u64| {
            h.read(addr, size).map_err(|t| format!("{what}: {t}"))
        };
        match (&ba.kind, &bb.kind) {
            (BlockKind::Struct(da), BlockKind::Struct(db)) => {
                if da.name != db.name {
                    return Err(format!("{what}: a {} vs a {}", da.name, db.name));
                }
                let mut off = 0u64;
                while off + 8 <= da.size as u64 {
                    let (wa, wb) = (read(self.a, x + off, 8)?, read(self.b, y + off, 8)?);
                    if da.ref_offsets.contains(&(off as i32)) {
                        self.refs(wa, wb, &format!("{what}.{}@{off}", da.name))?;
                    } else {
                        let mask = header_mask(off, flags);
                        if !same_word(wa & mask, wb & mask) {
                            return Err(format!(
                                "{what}: {} word at offset {off}: {wa:#x} vs {wb:#x}",
                                da.name
                            ));
                        }
                    }
                    off += 8;
                }
                Ok(())
            }
            (BlockKind::Array(da, la), BlockKind::Array(db, lb)) => {
                if da.name != db.name || la != lb {
                    return Err(format!("{what}: {}[{la}] vs {}[{lb}]", da.name, db.name));
                }
                let isz = da.item_size as u64;
                for i in 0..*la as u64 {
                    let off = da.base_offset as u64 + i * isz;
                    let (ia, ib) = (read(self.a, x + off, isz)?, read(self.b, y + off, isz)?);
                    if da.kind == Kind::Ref {
                        self.refs(ia, ib, &format!("{what}[{i}]"))?;
                    } else if ia != ib && !(isz == 8 && same_word(ia, ib)) {
                        return Err(format!("{what}: {}[{i}]: {ia:#x} vs {ib:#x}", da.name));
                    }
                }
                Ok(())
            }
            (BlockKind::Raw, BlockKind::Raw) => {
                if ba.size != bb.size {
                    return Err(format!(
                        "{what}: raw blocks of {} vs {} bytes",
                        ba.size, bb.size
                    ));
                }
                let mut off = 0;
                while off + 8 <= ba.size as u64 {
                    let (wa, wb) = (read(self.a, x + off, 8)?, read(self.b, y + off, 8)?);
                    if !same_word(wa, wb) {
                        return Err(format!("{what}: raw word at {off}: {wa:#x} vs {wb:#x}"));
                    }
                    off += 8;
                }
                Ok(())
            }
            _ => Err(format!("{what}: objects of different shapes")),
        }
    }
}

fn is_nan_bits(w: u64) -> bool {
    f64::from_bits(w).is_nan()
}

/// Equal words, or both NaNs.
fn same_word(a: u64, b: u64) -> bool {
    a == b || (is_nan_bits(a) && is_nan_bits(b))
}

/// Mask selecting the bits of the 8-byte word at `off` that are not GC flags.
fn header_mask(off: u64, flags: u64) -> u64 {
    if flags >= off && flags < off + 8 {
        let shift = (flags - off) * 8;
        !(0xffff_ffffu64 << shift)
    } else {
        u64::MAX
    }
}
