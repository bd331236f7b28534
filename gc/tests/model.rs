//! Model-based test: random programs run against the GC and against a reference object
//! graph; after every operation the reachable graph must be intact (same shape, same
//! payloads, same identities), pinned objects must not have moved, cleared weak references
//! must point to dead objects, and finalizers/destructors must have run exactly once and
//! only on dead objects. After a full collection, every dead object must have been
//! finalized/destroyed and every weak reference to it cleared.
//!
//! Set `QUICKCHECK_TESTS` / `QUICKCHECK_GENERATOR_SIZE` for longer runs.

mod common;

use std::collections::{HashMap, HashSet};

use common::{Mock, RESURRECT, RESURRECTED, pattern, take_dtor_log, take_fin_log};
use quickcheck::{Arbitrary, Gen, QuickCheck};
use tern_gc::{Config, FrameId, GcRef, GlobalRoot, Heap};

const SLOTS: usize = 8;
const TABLE_SLOTS: usize = 4;
const MAX_PINNED: usize = 3;
const PADDING: usize = 1500;

#[derive(Clone, Debug)]
enum Op {
    AllocNode(u8),
    AllocArray(u8, u16),
    AllocBytes(u8, u16),
    AllocWeak(u8, u8),
    AllocFin(u8),
    AllocDtor(u8),
    AllocTable(u8),
    Write {
        from: u8,
        field: u16,
        to: Option<u8>,
    },
    Load {
        from: u8,
        field: u16,
        to: u8,
    },
    /// Moves a reference from one object's field to another's, without passing through a
    /// root (the incremental-marking hazard: only the write barrier can save the target).
    Move {
        from: u8,
        field: u16,
        to: u8,
        to_field: u16,
    },
    Drop(u8),
    Copy(u8, u8),
    Pin(u8),
    Unpin(u8),
    TakeId(u8),
    PushFrame(u8),
    PopFrame(u8),
    /// Pushes a root slot's reference onto the top frame as a value-stack slot.
    PushValue(u8),
    /// Pops the last value-stack slot of the top frame into a root slot.
    PopValue(u8),
    Minor,
    Step,
    Full,
    FullAndDrain,
    RunFinalizers,
    DropResurrected,
}

impl Arbitrary for Op {
    fn arbitrary(g: &mut Gen) -> Op {
        let slot = |g: &mut Gen| u8::arbitrary(g) % SLOTS as u8;
        let kind = u8::arbitrary(g) % 100;
        match kind {
            0..=10 => Op::AllocNode(slot(g)),
            11..=14 => {
                // Mostly small arrays, sometimes large ones (straight to old space, cards).
                let len = if bool::arbitrary(g) {
                    u16::arbitrary(g) % 40
                } else {
                    u16::arbitrary(g) % 700
                };
                Op::AllocArray(slot(g), len)
            }
            15..=17 => Op::AllocBytes(slot(g), u16::arbitrary(g) % 300),
            18..=20 => Op::AllocWeak(slot(g), slot(g)),
            21..=22 => Op::AllocFin(slot(g)),
            23..=24 => Op::AllocDtor(slot(g)),
            25..=26 => Op::AllocTable(slot(g)),
            27..=41 => Op::Write {
                from: slot(g),
                field: u16::arbitrary(g),
                to: if u8::arbitrary(g) % 5 == 0 {
                    None
                } else {
                    Some(slot(g))
                },
            },
            42..=49 => Op::Load {
                from: slot(g),
                field: u16::arbitrary(g),
                to: slot(g),
            },
            50..=51 => Op::Drop(slot(g)),
            52..=59 => Op::Move {
                from: slot(g),
                field: u16::arbitrary(g),
                to: slot(g),
                to_field: u16::arbitrary(g),
            },
            60..=62 => Op::Copy(slot(g), slot(g)),
            63..=65 => Op::Pin(slot(g)),
            66..=67 => Op::Unpin(u8::arbitrary(g)),
            68..=70 => Op::TakeId(slot(g)),
            71..=72 => Op::PushFrame(slot(g)),
            73 => Op::PushValue(slot(g)),
            74 => Op::PopFrame(slot(g)),
            75 => Op::PopValue(slot(g)),
            76..=80 => Op::Minor,
            81..=89 => Op::Step,
            90 => Op::Full,
            91 => Op::FullAndDrain,
            92..=95 => Op::RunFinalizers,
            _ => Op::DropResurrected,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Node,
    Array,
    Bytes,
    Weak,
    Fin,
    Dtor,
    Table,
}

#[derive(Debug)]
struct MObj {
    kind: Kind,
    refs: Vec<Option<u64>>,
    weak: Option<u64>,
    bytes_len: usize,
    identity: Option<u64>,
    finalized: bool,
    destroyed: bool,
}

/// The reference world plus the handles into the GC world.
struct World {
    heap: Heap,
    m: Mock,
    objs: HashMap<u64, MObj>,
    next_id: u64,
    /// Model root slots; slots 0..4 live in shadow-stack frame 0, 4..8 in global roots.
    slots: [Option<u64>; SLOTS],
    frame0: FrameId,
    globals: Vec<GlobalRoot>,
    /// Extra shadow-stack frames: one slot set at the push, then value-stack slots.
    frames: Vec<(FrameId, Vec<Option<u64>>)>,
    /// Pinned objects: model id and the address that must not change.
    pinned: Vec<(u64, GcRef)>,
    /// Objects resurrected by their finalizer (rooted by the mock finalizer).
    resurrected: Vec<(u64, GlobalRoot)>,
    /// Objects that were unreachable at the end of some operation.
    ever_unreachable: HashSet<u64>,
}

impl World {
    fn new(config: Config) -> World {
        let mut heap = Heap::new(config).unwrap();
        let m = Mock::register(&mut heap);
        let frame0 = heap.shadow_stack().push_frame(4);
        // A padding array rooted between the frame slots and the global slots: marking
        // greys roots in that order and pops the newest first, so a cycle scans the
        // objects of slots 4..8, then spends several steps in the padding while the
        // objects of slots 0..4 wait unscanned. Moving references from the latter to the
        // former during those steps is exactly what the write barrier must handle.
        let padding = heap.alloc_varsize(m.array, PADDING).unwrap();
        heap.write(padding, 0, 0u64);
        heap.add_root(Some(padding));
        let globals = (0..4).map(|_| heap.add_root(None)).collect();
        heap.collect();
        take_fin_log();
        take_dtor_log();
        RESURRECT.with(|r| *r.borrow_mut() = true);
        RESURRECTED.with(|r| r.borrow_mut().clear());
        World {
            heap,
            m,
            objs: HashMap::new(),
            next_id: 1,
            slots: [None; SLOTS],
            frame0,
            globals,
            frames: Vec::new(),
            pinned: Vec::new(),
            resurrected: Vec::new(),
            ever_unreachable: HashSet::new(),
        }
    }

    fn get_slot(&self, i: usize) -> Option<GcRef> {
        if i < 4 {
            self.heap.shadow_stack_ref().get_ref(self.frame0, i)
        } else {
            self.heap.get_root(&self.globals[i - 4])
        }
    }

    fn set_slot(&mut self, i: usize, r: Option<GcRef>, id: Option<u64>) {
        if i < 4 {
            self.heap.shadow_stack().set_ref(self.frame0, i, r);
        } else {
            self.heap.set_root(&self.globals[i - 4], r);
        }
        self.slots[i] = id;
    }

    fn new_obj(&mut self, kind: Kind, refs: usize) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.objs.insert(
            id,
            MObj {
                kind,
                refs: vec![None; refs],
                weak: None,
                bytes_len: 0,
                identity: None,
                finalized: false,
                destroyed: false,
            },
        );
        id
    }

    fn alloc(&mut self, op: &Op) {
        let (slot, id, r) = match *op {
            Op::AllocNode(s) => {
                let id = self.new_obj(Kind::Node, 3);
                (s, id, self.m.node(&mut self.heap, id))
            }
            Op::AllocArray(s, len) => {
                let id = self.new_obj(Kind::Array, len as usize);
                (s, id, self.m.array(&mut self.heap, id, len as usize))
            }
            Op::AllocBytes(s, len) => {
                let id = self.new_obj(Kind::Bytes, 0);
                self.objs.get_mut(&id).unwrap().bytes_len = len as usize;
                (s, id, self.m.bytes(&mut self.heap, id, len as usize))
            }
            Op::AllocWeak(s, t) => {
                let id = self.new_obj(Kind::Weak, 0);
                let target = self.get_slot(t as usize);
                self.objs.get_mut(&id).unwrap().weak = self.slots[t as usize];
                (s, id, self.m.weak(&mut self.heap, id, target))
            }
            Op::AllocFin(s) => {
                let id = self.new_obj(Kind::Fin, 1);
                (s, id, self.m.fin(&mut self.heap, id))
            }
            Op::AllocDtor(s) => {
                let id = self.new_obj(Kind::Dtor, 1);
                (s, id, self.m.dtor(&mut self.heap, id))
            }
            Op::AllocTable(s) => {
                let id = self.new_obj(Kind::Table, TABLE_SLOTS);
                (s, id, self.m.table(&mut self.heap, id, TABLE_SLOTS))
            }
            _ => unreachable!(),
        };
        self.set_slot(slot as usize, Some(r), Some(id));
    }

    /// Where `field` lands in an object of this kind: `None` if it has no such slot.
    fn field_slot(&self, id: u64, field: u16) -> Option<usize> {
        let o = &self.objs[&id];
        match o.kind {
            Kind::Bytes => None,
            Kind::Weak => Some(0),
            _ if o.refs.is_empty() => None,
            _ => Some(field as usize % o.refs.len()),
        }
    }

    fn write(&mut self, from: u8, field: u16, to: Option<u8>) {
        let (Some(obj), Some(id)) = (self.get_slot(from as usize), self.slots[from as usize])
        else {
            return;
        };
        let Some(i) = self.field_slot(id, field) else {
            return;
        };
        let value = to.and_then(|t| self.get_slot(t as usize));
        let value_id = to.and_then(|t| self.slots[t as usize]);
        let kind = self.objs[&id].kind;
        self.store_field(obj, kind, i, value);
        let o = self.objs.get_mut(&id).unwrap();
        if kind == Kind::Weak {
            o.weak = value_id;
        } else {
            o.refs[i] = value_id;
        }
    }

    fn read_field(&self, obj: GcRef, kind: Kind, i: usize) -> Option<GcRef> {
        match kind {
            Kind::Node => self.heap.read_ref(obj, 8 + 8 * i),
            Kind::Fin | Kind::Dtor | Kind::Weak => self.heap.read_ref(obj, 8),
            Kind::Array => self.heap.item_ref(obj, i),
            Kind::Table => self.m.table_load(&self.heap, obj, i),
            Kind::Bytes => None,
        }
    }

    fn load(&mut self, from: u8, field: u16, to: u8) {
        let (Some(obj), Some(id)) = (self.get_slot(from as usize), self.slots[from as usize])
        else {
            return;
        };
        let Some(i) = self.field_slot(id, field) else {
            return;
        };
        let kind = self.objs[&id].kind;
        let r = self.read_field(obj, kind, i);
        let rid = if kind == Kind::Weak {
            self.objs[&id].weak
        } else {
            self.objs[&id].refs[i]
        };
        assert_eq!(r.is_some(), rid.is_some(), "load of {kind:?} field {i}");
        self.set_slot(to as usize, r, rid);
    }

    fn move_ref(&mut self, from: u8, field: u16, to: u8, to_field: u16) {
        let (Some(a), Some(a_id)) = (self.get_slot(from as usize), self.slots[from as usize])
        else {
            return;
        };
        let (Some(b), Some(b_id)) = (self.get_slot(to as usize), self.slots[to as usize]) else {
            return;
        };
        let (Some(i), Some(j)) = (
            self.field_slot(a_id, field),
            self.field_slot(b_id, to_field),
        ) else {
            return;
        };
        let (a_kind, b_kind) = (self.objs[&a_id].kind, self.objs[&b_id].kind);
        if a_kind == Kind::Weak || b_kind == Kind::Weak {
            return;
        }
        let value = self.read_field(a, a_kind, i);
        let value_id = self.objs[&a_id].refs[i];
        self.store_field(b, b_kind, j, value);
        self.objs.get_mut(&b_id).unwrap().refs[j] = value_id;
        // `a` and `b` may be the same object and field.
        if !(a_id == b_id && i == j) {
            self.store_field(a, a_kind, i, None);
            self.objs.get_mut(&a_id).unwrap().refs[i] = None;
        }
    }

    fn store_field(&mut self, obj: GcRef, kind: Kind, i: usize, value: Option<GcRef>) {
        match kind {
            Kind::Node => self.heap.store_ref(obj, 8 + 8 * i, value),
            Kind::Fin | Kind::Dtor | Kind::Weak => self.heap.store_ref(obj, 8, value),
            Kind::Array => self.heap.store_item_ref(obj, i, value),
            Kind::Table => self.m.table_store(&mut self.heap, obj, i, value),
            Kind::Bytes => unreachable!(),
        }
    }

    fn push_frame(&mut self, from: u8) {
        let r = self.get_slot(from as usize);
        let f = self.heap.shadow_stack().push_frame(1);
        self.heap.shadow_stack().set_ref(f, 0, r);
        self.frames.push((f, vec![self.slots[from as usize]]));
    }

    fn pop_frame(&mut self, to: u8) {
        let Some((f, ids)) = self.frames.pop() else {
            return;
        };
        let id = ids[0];
        let r = self.heap.shadow_stack_ref().get_ref(f, 0);
        self.heap.shadow_stack().pop_frame(f).unwrap();
        self.set_slot(to as usize, r, id);
    }

    fn push_value(&mut self, from: u8) {
        if self.frames.is_empty() {
            return;
        }
        let r = self.get_slot(from as usize);
        self.heap
            .shadow_stack()
            .push_value(r.map_or(0, GcRef::addr))
            .unwrap();
        let id = self.slots[from as usize];
        self.frames.last_mut().expect("checked").1.push(id);
    }

    fn pop_value(&mut self, to: u8) {
        // Slot 0 of a frame belongs to `pop_frame`.
        let Some((_, ids)) = self.frames.last_mut().filter(|(_, ids)| ids.len() > 1) else {
            return;
        };
        let id = ids.pop().expect("more than one slot");
        let r = GcRef::from_addr(self.heap.shadow_stack().pop_value().unwrap());
        self.set_slot(to as usize, r, id);
    }

    fn pin(&mut self, s: u8) {
        let (Some(obj), Some(id)) = (self.get_slot(s as usize), self.slots[s as usize]) else {
            return;
        };
        let already = self.pinned.iter().any(|&(p, _)| p == id);
        let young = self.heap.is_young(obj);
        let young_pinned = self.heap.pinned_count();
        let ok = self.heap.pin(obj);
        let pinnable = self.objs[&id].kind == Kind::Bytes;
        if !pinnable || already {
            assert!(
                !ok,
                "pin must refuse (pinnable {pinnable}, already {already})"
            );
        } else if !young || young_pinned < MAX_PINNED {
            assert!(ok, "pin must succeed below the bound");
        } else {
            assert!(!ok, "pin must refuse at the bound");
        }
        if ok {
            self.pinned.push((id, obj));
        }
    }

    fn unpin(&mut self, which: u8) {
        if self.pinned.is_empty() {
            return;
        }
        let (_, obj) = self.pinned.remove(which as usize % self.pinned.len());
        self.heap.unpin(obj).unwrap();
        assert!(self.heap.unpin(obj).is_err());
    }

    fn take_id(&mut self, s: u8) {
        let (Some(obj), Some(id)) = (self.get_slot(s as usize), self.slots[s as usize]) else {
            return;
        };
        let identity = self.heap.object_id(obj);
        let o = self.objs.get_mut(&id).unwrap();
        match o.identity {
            Some(known) => assert_eq!(known, identity, "identity changed"),
            None => o.identity = Some(identity),
        }
    }

    fn run_finalizers(&mut self) {
        self.heap.run_pending_finalizers();
        let reachable = self.reachable();
        let log = take_fin_log();
        let roots: Vec<GlobalRoot> = RESURRECTED.with(|r| std::mem::take(&mut *r.borrow_mut()));
        assert_eq!(log.len(), roots.len());
        for (id, root) in log.into_iter().zip(roots) {
            let o = self.objs.get_mut(&id).expect("finalized a known object");
            assert_eq!(o.kind, Kind::Fin);
            assert!(!o.finalized, "object {id} finalized twice");
            assert!(
                !reachable.contains(&id),
                "object {id} finalized while reachable"
            );
            o.finalized = true;
            self.resurrected.push((id, root));
        }
    }

    fn drop_resurrected(&mut self) {
        if !self.resurrected.is_empty() {
            let (_, root) = self.resurrected.remove(0);
            self.heap.remove_root(root);
        }
    }

    fn root_ids(&self) -> Vec<u64> {
        let mut ids: Vec<u64> = self.slots.iter().flatten().copied().collect();
        ids.extend(self.frames.iter().flat_map(|(_, ids)| ids.iter().flatten()));
        ids.extend(self.pinned.iter().map(|&(id, _)| id));
        ids.extend(self.resurrected.iter().map(|&(id, _)| id));
        ids
    }

    /// Model objects reachable from the model roots through strong edges.
    fn reachable(&self) -> HashSet<u64> {
        let mut seen = HashSet::new();
        let mut stack = self.root_ids();
        while let Some(id) = stack.pop() {
            if seen.insert(id) {
                stack.extend(self.objs[&id].refs.iter().flatten().copied());
            }
        }
        seen
    }

    /// Compares the two worlds. With `complete`, also demands that everything dead was
    /// finalized, destroyed, and unlinked from weak references.
    fn check(&mut self, complete: bool) {
        self.heap.verify().unwrap_or_else(|e| panic!("verify: {e}"));
        let reachable = self.reachable();
        for id in take_dtor_log() {
            let o = self.objs.get_mut(&id).expect("destroyed a known object");
            assert!(matches!(o.kind, Kind::Dtor | Kind::Table));
            assert!(!o.destroyed, "object {id} destroyed twice");
            assert!(
                !reachable.contains(&id),
                "object {id} destroyed while reachable"
            );
            o.destroyed = true;
        }
        // Roots in the GC world, paired with model ids.
        let mut work: Vec<(GcRef, u64)> = Vec::new();
        for i in 0..SLOTS {
            let r = self.get_slot(i);
            assert_eq!(r.is_some(), self.slots[i].is_some(), "root slot {i}");
            if let (Some(r), Some(id)) = (r, self.slots[i]) {
                work.push((r, id));
            }
        }
        for (f, ids) in &self.frames {
            assert_eq!(self.heap.shadow_stack_ref().frame_len(*f), ids.len());
            for (i, &id) in ids.iter().enumerate() {
                let r = self.heap.shadow_stack_ref().get_ref(*f, i);
                assert_eq!(r.is_some(), id.is_some(), "frame slot {i}");
                if let (Some(r), Some(id)) = (r, id) {
                    work.push((r, id));
                }
            }
        }
        for &(id, addr) in &self.pinned {
            work.push((addr, id));
        }
        for (id, root) in &self.resurrected {
            work.push((self.heap.get_root(root).unwrap(), *id));
        }
        let mut seen: HashMap<u64, GcRef> = HashMap::new();
        while let Some((r, id)) = work.pop() {
            if let Some(&prev) = seen.get(&id) {
                assert_eq!(prev, r, "object {id} reached at two addresses");
                continue;
            }
            seen.insert(id, r);
            assert_eq!(self.heap.read::<u64>(r, 0), id, "payload id");
            let (kind, refs, weak, bytes_len, identity) = {
                let o = &self.objs[&id];
                (o.kind, o.refs.clone(), o.weak, o.bytes_len, o.identity)
            };
            let expected_type = match kind {
                Kind::Node => self.m.node,
                Kind::Array => self.m.array,
                Kind::Bytes => self.m.bytes,
                Kind::Weak => self.m.weak,
                Kind::Fin => self.m.fin,
                Kind::Dtor => self.m.dtor,
                Kind::Table => self.m.table,
            };
            assert_eq!(self.heap.type_of(r), expected_type);
            if let Some(identity) = identity {
                assert_eq!(self.heap.object_id(r), identity, "identity of {id}");
            }
            if let Some(&(_, addr)) = self.pinned.iter().find(|&&(p, _)| p == id) {
                assert_eq!(addr, r, "pinned object {id} moved");
            }
            match kind {
                Kind::Bytes => {
                    let bytes = self.heap.bytes(r);
                    assert_eq!(bytes.len(), bytes_len);
                    assert!(bytes.iter().enumerate().all(|(i, &b)| b == pattern(id, i)));
                }
                Kind::Array => assert_eq!(self.heap.item_count(r), Some(refs.len())),
                _ => {}
            }
            for (i, rid) in refs.iter().enumerate() {
                let field = self.read_field(r, kind, i);
                assert_eq!(field.is_some(), rid.is_some(), "{kind:?} {id} field {i}");
                if let (Some(f), Some(rid)) = (field, *rid) {
                    work.push((f, rid));
                }
            }
            if kind == Kind::Weak {
                let target = self.heap.read_ref(r, 8);
                match (target, weak) {
                    (None, None) => {}
                    (Some(_), None) => panic!("weak box {id} refers to something unexpected"),
                    (None, Some(t)) => {
                        // A weak reference may only be cleared once its target was dead
                        // (it can be reachable again now through a finalizer's
                        // resurrection).
                        assert!(
                            !reachable.contains(&t) || self.ever_unreachable.contains(&t),
                            "weak ref to live {t} cleared"
                        );
                        self.objs.get_mut(&id).unwrap().weak = None;
                    }
                    (Some(tr), Some(t)) => {
                        assert!(
                            !complete || reachable.contains(&t),
                            "weak ref to dead {t} survived a full collection"
                        );
                        work.push((tr, t));
                    }
                }
            }
        }
        for &id in self.objs.keys() {
            if !reachable.contains(&id) {
                self.ever_unreachable.insert(id);
            }
        }
        if complete {
            for (&id, o) in &self.objs {
                if reachable.contains(&id) {
                    continue;
                }
                match o.kind {
                    Kind::Fin => assert!(o.finalized, "dead {id} was not finalized"),
                    Kind::Dtor | Kind::Table => {
                        assert!(o.destroyed, "dead {id} was not destroyed")
                    }
                    _ => {}
                }
            }
        }
    }

    fn apply(&mut self, op: &Op) {
        let mut complete = false;
        match *op {
            Op::AllocNode(_)
            | Op::AllocArray(..)
            | Op::AllocBytes(..)
            | Op::AllocWeak(..)
            | Op::AllocFin(_)
            | Op::AllocDtor(_)
            | Op::AllocTable(_) => self.alloc(op),
            Op::Write { from, field, to } => self.write(from, field, to),
            Op::Load { from, field, to } => self.load(from, field, to),
            Op::Move {
                from,
                field,
                to,
                to_field,
            } => self.move_ref(from, field, to, to_field),
            Op::Drop(s) => self.set_slot(s as usize, None, None),
            Op::Copy(a, b) => {
                let r = self.get_slot(a as usize);
                let id = self.slots[a as usize];
                self.set_slot(b as usize, r, id);
            }
            Op::Pin(s) => self.pin(s),
            Op::Unpin(w) => self.unpin(w),
            Op::TakeId(s) => self.take_id(s),
            Op::PushFrame(s) => self.push_frame(s),
            Op::PopFrame(s) => self.pop_frame(s),
            Op::PushValue(s) => self.push_value(s),
            Op::PopValue(s) => self.pop_value(s),
            Op::Minor => self.heap.collect_minor(),
            Op::Step => {
                // A minor collection first, so the step gets exactly the configured
                // (tiny) budget instead of 1.5x what it promoted: marking then spans
                // many operations.
                self.heap.collect_minor();
                self.heap.collect_step();
            }
            Op::Full => self.heap.collect(),
            Op::FullAndDrain => {
                loop {
                    self.heap.collect();
                    self.check(false);
                    if self.heap.pending_finalizer_count() == 0 {
                        break;
                    }
                    self.run_finalizers();
                }
                self.heap.collect();
                complete = true;
            }
            Op::RunFinalizers => self.run_finalizers(),
            Op::DropResurrected => self.drop_resurrected(),
        }
        self.check(complete);
    }
}

fn model_config() -> Config {
    Config {
        nursery_size: 16 << 10,
        large_object: 2 << 10,
        card_items: 16,
        min_major_heap: Some(32 << 10),
        major_step_budget: Some(2 << 10),
        max_pinned: Some(MAX_PINNED),
        ..Config::default()
    }
}

fn run_program(ops: Vec<Op>) -> bool {
    let mut world = World::new(model_config());
    for op in &ops {
        world.apply(op);
    }
    world.apply(&Op::FullAndDrain);
    RESURRECT.with(|r| *r.borrow_mut() = false);
    true
}

#[test]
fn random_programs_match_the_reference_graph() {
    let tests = std::env::var("QUICKCHECK_TESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let size = std::env::var("QUICKCHECK_GENERATOR_SIZE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    QuickCheck::new()
        .tests(tests)
        .rng(Gen::new(size))
        .quickcheck(run_program as fn(Vec<Op>) -> bool);
}

#[test]
fn long_program_with_incremental_cycles() {
    // A longer random program: many steps, so marking and sweeping interleave
    // with every kind of mutation.
    let mut g = Gen::new(60);
    let ops: Vec<Op> = (0..3000).map(|_| Op::arbitrary(&mut g)).collect();
    assert!(run_program(ops));
}

#[test]
fn regression_weak_to_reachable_finalizable() {
    let ops = vec![
        Op::AllocNode(1),
        Op::AllocFin(3),
        Op::AllocWeak(4, 3),
        Op::Write {
            from: 3,
            field: 17728,
            to: Some(1),
        },
        Op::Copy(2, 3),
        Op::Write {
            from: 1,
            field: 21226,
            to: Some(4),
        },
        Op::AllocNode(1),
        Op::AllocTable(4),
    ];
    assert!(run_program(ops));
}
