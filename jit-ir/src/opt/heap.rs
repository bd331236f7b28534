//! Heap cache: redundant load/store removal and delayed stores.
//!
//! The pass remembers, per field descriptor, which value each object's field holds
//! (after a load or a store) and per array descriptor, which value an item holds.
//! A load of a known location becomes that value; a store of the value already there
//! disappears. Stores to GC fields are *delayed*: they are kept pending and emitted only
//! when something may observe them (a load of the same field through a possibly aliasing
//! reference, a call whose effect information says it reads or writes that field, the
//! end of the trace or a label). A pending store overwritten before it was observed is
//! never emitted. Guards passed while stores are pending record them in their resume
//! data as pending writes, performed if the guard fails — PyPy's "lazy setfields".
//!
//! Aliasing: two different references may be the same object, except that an object
//! allocated in this trace and not yet escaped (stored to memory, passed to a call or out
//! of the trace) is distinct from every other reference. Different field descriptors
//! never alias, nor do GC memory and raw memory. Fields of a fresh unescaped object that
//! were never stored are known to be zero. Loads of immutable fields survive calls.
//!
//! Pending stores of one field are always flushed together, in program order, which keeps
//! the order of possibly aliasing stores.

use crate::hash::{HashMap, HashSet};

use crate::descr::{Descr, DescrId};
use crate::ops::OpCode;
use crate::resume::{PendingWrite, ResumeValue};
use crate::trace::{OpRef, Trace};
use crate::value::Kind;

use super::Rewriter;

#[derive(Clone, Copy, Debug)]
struct Pending {
    field: DescrId,
    obj: OpRef,
    value: OpRef,
}

struct HeapCache<'t> {
    rw: Rewriter<'t>,
    /// Per field: (object, value, value came from a store and may need narrowing).
    fields: HashMap<DescrId, Vec<(OpRef, OpRef, bool)>>,
    /// Per array: (array, index, value, needs narrowing).
    items: HashMap<DescrId, Vec<(OpRef, OpRef, OpRef, bool)>>,
    pending: Vec<Pending>,
    fresh: HashSet<OpRef>,
}

/// Runs the pass.
pub fn run(trace: &Trace) -> Trace {
    let mut p = HeapCache {
        rw: Rewriter::new(trace),
        fields: HashMap::default(),
        items: HashMap::default(),
        pending: Vec::new(),
        fresh: HashSet::default(),
    };
    for i in 0..trace.len() {
        p.op(i);
    }
    p.rw.finish()
}

impl HeapCache<'_> {
    fn may_alias(&self, a: OpRef, b: OpRef) -> bool {
        if a == b {
            return true;
        }
        if self.fresh.contains(&a) || self.fresh.contains(&b) {
            return false;
        }
        !(a.is_const() && b.is_const())
    }

    fn escape(&mut self, r: OpRef) {
        self.fresh.remove(&r);
    }

    fn descr_name(&self, d: DescrId) -> &str {
        self.rw.old.descrs().get(d).name()
    }

    fn immutable(&self, d: DescrId) -> bool {
        self.rw
            .old
            .descrs()
            .get(d)
            .as_field()
            .is_some_and(|f| f.immutable)
    }

    fn lookup(&self, field: DescrId, obj: OpRef) -> Option<(OpRef, bool)> {
        self.fields
            .get(&field)?
            .iter()
            .find(|(o, _, _)| *o == obj)
            .map(|&(_, v, n)| (v, n))
    }

    fn remember(&mut self, field: DescrId, obj: OpRef, value: OpRef, stored: bool) {
        let entries = self.fields.entry(field).or_default();
        entries.retain(|(o, _, _)| *o != obj);
        entries.push((obj, value, stored));
    }

    /// A cached value as a load would return it (narrow stored ints are truncated).
    fn loaded(&mut self, descr: DescrId, value: OpRef, stored: bool) -> OpRef {
        if !stored {
            return value;
        }
        match self.rw.old.descrs().get(descr) {
            Descr::Field(f) if f.kind == Kind::Int => {
                super::narrow(&mut self.rw, value, f.size, f.signed)
            }
            Descr::Array(a) if a.kind == Kind::Int => {
                super::narrow(&mut self.rw, value, a.item_size, a.signed)
            }
            _ => value,
        }
    }

    /// Emits the pending stores selected by `which`, in program order.
    fn flush_where(&mut self, which: &dyn Fn(&Self, &Pending) -> bool) {
        let pending = std::mem::take(&mut self.pending);
        let mut keep = Vec::new();
        for p in pending {
            if which(self, &p) {
                self.rw
                    .emit(OpCode::SetfieldGc, &[p.obj, p.value], Some(p.field));
            } else {
                keep.push(p);
            }
        }
        self.pending = keep;
    }

    fn flush_field(&mut self, field: DescrId) {
        self.flush_where(&|_, p| p.field == field);
    }

    fn flush_all(&mut self) {
        self.flush_where(&|_, _| true);
    }

    fn op(&mut self, i: usize) {
        let old = self.rw.old;
        let op = *old.op(i);
        let opcode = op.opcode;
        if opcode == OpCode::Label {
            self.flush_all();
            self.fields.clear();
            self.items.clear();
            self.fresh.clear();
            self.rw.copy(i);
            return;
        }
        let args = self.rw.args(i);
        let result = old.result_of(i);
        let descr = op.descr();
        match opcode {
            OpCode::GetfieldGcI | OpCode::GetfieldGcR | OpCode::GetfieldGcF => {
                let (field, obj) = (descr.expect("field op"), args[0]);
                if let Some((v, stored)) = self.lookup(field, obj) {
                    let v = self.loaded(field, v, stored);
                    self.remember(field, obj, v, false);
                    self.rw.set(result, v);
                    return;
                }
                if self.fresh.contains(&obj) {
                    let zero = opcode.result_kind().zero().expect("loads produce values");
                    let z = self.rw.constant(zero);
                    self.rw.set(result, z);
                    return;
                }
                let conflict = self
                    .pending
                    .iter()
                    .any(|p| p.field == field && self.may_alias(p.obj, obj));
                if conflict {
                    self.flush_field(field);
                }
                let r = self.rw.copy_with_args(i, &args);
                self.remember(field, obj, r, false);
            }
            OpCode::SetfieldGc => {
                let (field, obj, value) = (descr.expect("field op"), args[0], args[1]);
                if old.kind_of(old.args_at(i)[1]) == Kind::Ref {
                    self.escape(value);
                }
                if self.lookup(field, obj).map(|e| e.0) == Some(value) {
                    return;
                }
                // Forget what aliases may hold; an overwritten pending store is dead (a
                // load in between would have been served from the cache or flushed it).
                let kept: Vec<(OpRef, OpRef, bool)> = self
                    .fields
                    .get(&field)
                    .map(|e| {
                        e.iter()
                            .copied()
                            .filter(|&(q, _, _)| q == obj || !self.may_alias(q, obj))
                            .collect()
                    })
                    .unwrap_or_default();
                self.fields.insert(field, kept);
                self.pending.retain(|p| !(p.field == field && p.obj == obj));
                self.pending.push(Pending { field, obj, value });
                self.remember(field, obj, value, true);
            }
            OpCode::GetarrayitemGcI
            | OpCode::GetarrayitemGcR
            | OpCode::GetarrayitemGcF
            | OpCode::Strgetitem => {
                let (a, arr, index) = (descr.expect("array op"), args[0], args[1]);
                if let Some(&(_, _, v, stored)) = self
                    .items
                    .get(&a)
                    .and_then(|e| e.iter().find(|(o, ix, _, _)| *o == arr && *ix == index))
                {
                    let v = self.loaded(a, v, stored);
                    if let Some(e) = self
                        .items
                        .get_mut(&a)
                        .and_then(|e| e.iter_mut().find(|(o, ix, _, _)| *o == arr && *ix == index))
                    {
                        *e = (arr, index, v, false);
                    }
                    self.rw.set(result, v);
                    return;
                }
                let r = self.rw.copy_with_args(i, &args);
                self.items
                    .entry(a)
                    .or_default()
                    .push((arr, index, r, false));
            }
            OpCode::SetarrayitemGc | OpCode::Strsetitem => {
                let (a, arr, index, value) = (descr.expect("array op"), args[0], args[1], args[2]);
                if old.kind_of(old.args_at(i)[2]) == Kind::Ref {
                    self.escape(value);
                }
                let known = self
                    .items
                    .get(&a)
                    .and_then(|e| e.iter().find(|(o, ix, _, _)| *o == arr && *ix == index))
                    .map(|e| e.2);
                if known == Some(value) {
                    return;
                }
                self.rw.copy_with_args(i, &args);
                let provably_other_index =
                    |j: OpRef| j != index && j.is_const() && index.is_const();
                let mut kept: Vec<(OpRef, OpRef, OpRef, bool)> = self
                    .items
                    .get(&a)
                    .map(|e| {
                        e.iter()
                            .copied()
                            .filter(|&(q, j, _, _)| {
                                if q != arr && !self.may_alias(q, arr) {
                                    true
                                } else {
                                    provably_other_index(j)
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                kept.push((arr, index, value, true));
                self.items.insert(a, kept);
            }
            OpCode::New | OpCode::NewWithVtable | OpCode::NewArray | OpCode::Newstr => {
                let r = self.rw.copy_with_args(i, &args);
                self.fresh.insert(r);
            }
            OpCode::Jump | OpCode::Finish => {
                self.flush_all();
                self.rw.copy_with_args(i, &args);
            }
            OpCode::EscapeN => {
                for &a in &args {
                    self.escape(a);
                }
                self.rw.copy_with_args(i, &args);
            }
            _ if opcode.is_call() => {
                for (k, &a) in args.iter().enumerate() {
                    if old.kind_of(old.args_at(i)[k]) == Kind::Ref {
                        self.escape(a);
                    }
                }
                let effect = old
                    .descr_of(&op)
                    .and_then(Descr::as_call)
                    .map(|c| c.effect.clone());
                match effect {
                    Some(e) => {
                        let touched = |s: &Self, p: &Pending| {
                            let name = s.descr_name(p.field);
                            e.reads.touches(name) || e.writes.touches(name)
                        };
                        self.flush_where(&touched);
                        let names: Vec<(DescrId, bool)> = self
                            .fields
                            .keys()
                            .map(|&d| {
                                (
                                    d,
                                    e.writes.touches(self.descr_name(d)) && !self.immutable(d),
                                )
                            })
                            .collect();
                        let fresh = &self.fresh;
                        for (d, clobbered) in names {
                            if clobbered && let Some(entries) = self.fields.get_mut(&d) {
                                entries.retain(|(o, _, _)| fresh.contains(o));
                            }
                        }
                        let names: Vec<(DescrId, bool)> = self
                            .items
                            .keys()
                            .map(|&d| (d, e.writes.touches(self.descr_name(d))))
                            .collect();
                        let fresh = &self.fresh;
                        for (d, clobbered) in names {
                            if clobbered && let Some(entries) = self.items.get_mut(&d) {
                                entries.retain(|(o, _, _, _)| fresh.contains(o));
                            }
                        }
                    }
                    None => {
                        // call_assembler: anything may happen.
                        self.flush_all();
                        let immutable: Vec<DescrId> = self
                            .fields
                            .keys()
                            .copied()
                            .filter(|&d| self.immutable(d))
                            .collect();
                        self.fields.retain(|d, _| immutable.contains(d));
                        self.items.clear();
                    }
                }
                self.rw.copy_with_args(i, &args);
            }
            _ if opcode.is_guard() => {
                let Some(sid) = op.snapshot() else {
                    self.rw.copy_with_args(i, &args);
                    return;
                };
                if self.pending.is_empty() {
                    self.rw.copy_with_args(i, &args);
                    return;
                }
                let mut snap = self.rw.mapped_snapshot(sid);
                let mut pending: Vec<PendingWrite> = self
                    .pending
                    .iter()
                    .map(|p| PendingWrite {
                        target: ResumeValue::Value(p.obj),
                        field: p.field,
                        value: ResumeValue::Value(p.value),
                    })
                    .collect();
                pending.append(&mut snap.pending);
                snap.pending = pending;
                let new_sid = self.rw.out.resume_mut().add_snapshot(snap);
                let g = self.rw.emit_guard(opcode, &args, descr, Some(new_sid));
                self.rw.set(result, g);
            }
            _ => {
                self.rw.copy_with_args(i, &args);
            }
        }
    }
}
