//! Resume data: how a failing guard rebuilds the interpreter's state.
//!
//! Each guard points to a [`Snapshot`]: the chain of interpreter frames live at that point
//! (innermost frame first in the chain, each linking to its parent), where every slot of
//! every frame is a trace value, a constant, a dead slot or a *virtual*: an object the
//! optimizer removed, described field by field so it can be allocated only when the guard
//! actually fails. A snapshot can also list *pending writes*: stores the heap cache
//! delayed past the guard, which must be performed when it fails.
//!
//! Compactness (after PyPy's resume.py numbering and snapshot sharing):
//! - frames are interned: a parent frame that did not change between two guards is stored
//!   once and shared by both chains;
//! - consecutive guards with nothing in between share one snapshot (`add_snapshot`
//!   returns the previous id when the content is identical);
//! - the failargs (distinct non-constant values a failing guard reports) are computed once
//!   per snapshot, not per guard.
//!
//! Invariant: `Virtual(k)` inside a snapshot refers to `snapshot.virtuals[k]`; virtuals
//! may refer to each other (even cyclically), never to another snapshot's virtuals.

use crate::hash::HashMap;
use std::fmt;
use std::hash::BuildHasher;

use crate::descr::DescrId;
use crate::heap::{Memory, Trap};
use crate::trace::{OpRef, Trace};
use crate::value::Value;

/// Index of a snapshot in a trace's [`ResumeStore`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SnapshotId(pub u32);

/// Index of a frame in a trace's [`ResumeStore`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FrameId(pub u32);

/// What one interpreter slot holds at a guard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResumeValue {
    /// The slot is dead (the interpreter will not read it).
    Dead,
    /// A trace value or constant.
    Value(OpRef),
    /// The `k`-th virtual object of the snapshot.
    Virtual(u32),
}

/// One interpreter frame in a snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameSnapshot {
    /// The calling frame, if any.
    pub parent: Option<FrameId>,
    /// Embedder-defined code object identifier.
    pub code: u64,
    /// Embedder-defined position in the code.
    pub pc: u64,
    slots_start: u32,
    slots_len: u32,
}

/// An object removed by the optimizer, to be materialised if the guard fails.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum VirtualInfo {
    /// A fixed-size object (`new`/`new_with_vtable`) with its non-zero fields.
    Struct {
        /// The object's [`SizeDescr`](crate::descr::SizeDescr).
        size: DescrId,
        /// Field descriptor and value of every field that is not zero.
        fields: Vec<(DescrId, ResumeValue)>,
    },
    /// An array (or a string when `string` is set) with all its items.
    Array {
        /// The [`ArrayDescr`](crate::descr::ArrayDescr).
        descr: DescrId,
        /// Created by `newstr` rather than `new_array`.
        string: bool,
        /// Every item, in order.
        items: Vec<ResumeValue>,
    },
}

/// A store the optimizer delayed past a guard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PendingWrite {
    /// The object written.
    pub target: ResumeValue,
    /// The field descriptor.
    pub field: DescrId,
    /// The value stored.
    pub value: ResumeValue,
}

/// The resume data of one or more guards.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Snapshot {
    /// The innermost frame (`None`: the guard has no interpreter state to rebuild).
    pub frame: Option<FrameId>,
    /// Virtual objects referenced by `Virtual(k)`.
    pub virtuals: Vec<VirtualInfo>,
    /// Delayed stores to perform on failure, in order.
    pub pending: Vec<PendingWrite>,
}

/// All resume data of one trace.
#[derive(Clone, Debug, Default)]
pub struct ResumeStore {
    frames: Vec<FrameSnapshot>,
    slots: Vec<ResumeValue>,
    /// Hash of a frame's content -> the frame (a colliding different frame is simply not
    /// deduplicated).
    frame_index: HashMap<u64, FrameId>,
    snapshots: Vec<Snapshot>,
    failargs: Vec<(u32, u32)>,
    failarg_pool: Vec<OpRef>,
}

impl ResumeStore {
    /// Adds (or finds an identical) frame.
    pub fn add_frame(
        &mut self,
        parent: Option<FrameId>,
        code: u64,
        pc: u64,
        slots: &[ResumeValue],
    ) -> FrameId {
        let key = foldhash::fast::FixedState::default().hash_one((parent, code, pc, slots));
        if let Some(&id) = self.frame_index.get(&key) {
            let f = &self.frames[id.0 as usize];
            if f.parent == parent && f.code == code && f.pc == pc && self.slots_of(id) == slots {
                return id;
            }
        }
        let id = FrameId(self.frames.len() as u32);
        let start = self.slots.len() as u32;
        self.slots.extend_from_slice(slots);
        self.frames.push(FrameSnapshot {
            parent,
            code,
            pc,
            slots_start: start,
            slots_len: slots.len() as u32,
        });
        self.frame_index.insert(key, id);
        id
    }

    /// Adds a snapshot; returns the previous snapshot's id when identical to it.
    pub fn add_snapshot(&mut self, snapshot: Snapshot) -> SnapshotId {
        if let Some(last) = self.snapshots.last()
            && *last == snapshot
        {
            return SnapshotId(self.snapshots.len() as u32 - 1);
        }
        self.snapshots.push(snapshot);
        SnapshotId(self.snapshots.len() as u32 - 1)
    }

    /// The frame with this id.
    pub fn frame(&self, id: FrameId) -> &FrameSnapshot {
        &self.frames[id.0 as usize]
    }

    /// The slots of a frame.
    pub fn slots_of(&self, id: FrameId) -> &[ResumeValue] {
        let f = &self.frames[id.0 as usize];
        &self.slots[f.slots_start as usize..(f.slots_start + f.slots_len) as usize]
    }

    /// The snapshot with this id.
    pub fn snapshot(&self, id: SnapshotId) -> &Snapshot {
        &self.snapshots[id.0 as usize]
    }

    /// Number of snapshots.
    pub fn num_snapshots(&self) -> usize {
        self.snapshots.len()
    }

    /// Number of distinct frames stored.
    pub fn num_frames(&self) -> usize {
        self.frames.len()
    }

    /// Number of slot entries stored (a measure of resume data size).
    pub fn num_slots(&self) -> usize {
        self.slots.len()
    }

    /// The frames of a snapshot, outermost first.
    pub fn frame_chain(&self, id: SnapshotId) -> Vec<FrameId> {
        let mut chain = Vec::new();
        let mut cur = self.snapshots[id.0 as usize].frame;
        while let Some(f) = cur {
            chain.push(f);
            cur = self.frames[f.0 as usize].parent;
        }
        chain.reverse();
        chain
    }

    /// Every resume value mentioned by a snapshot (frames outermost first, then virtual
    /// fields, then pending writes).
    pub fn values_of(&self, id: SnapshotId) -> Vec<ResumeValue> {
        let mut out = Vec::new();
        self.visit_values(id, &mut |v| out.push(v));
        out
    }

    /// Calls `f` on every resume value of a snapshot, in the order of
    /// [`values_of`](Self::values_of), without allocating.
    pub fn visit_values(&self, id: SnapshotId, f: &mut impl FnMut(ResumeValue)) {
        let s = &self.snapshots[id.0 as usize];
        if let Some(top) = s.frame {
            self.visit_frame(top, f);
        }
        for v in &s.virtuals {
            match v {
                VirtualInfo::Struct { fields, .. } => fields.iter().for_each(|fv| f(fv.1)),
                VirtualInfo::Array { items, .. } => items.iter().for_each(|&iv| f(iv)),
            }
        }
        for p in &s.pending {
            f(p.target);
            f(p.value);
        }
    }

    /// Visits a frame's parents first (outermost first), then its slots.
    fn visit_frame(&self, id: FrameId, f: &mut impl FnMut(ResumeValue)) {
        if let Some(parent) = self.frames[id.0 as usize].parent {
            self.visit_frame(parent, f);
        }
        self.slots_of(id).iter().for_each(|&v| f(v));
    }

    /// The failargs of a snapshot (valid after [`TraceBuilder::finish`](crate::trace::TraceBuilder::finish)).
    pub fn failargs(&self, id: SnapshotId) -> &[OpRef] {
        let (start, len) = self.failargs[id.0 as usize];
        &self.failarg_pool[start as usize..(start + len) as usize]
    }

    pub(crate) fn compute_failargs(&mut self) {
        self.failargs.clear();
        self.failarg_pool.clear();
        let mut seen: crate::hash::HashSet<OpRef> = crate::hash::HashSet::default();
        let mut pool = std::mem::take(&mut self.failarg_pool);
        for i in 0..self.snapshots.len() {
            seen.clear();
            let start = pool.len() as u32;
            self.visit_values(SnapshotId(i as u32), &mut |v| {
                if let ResumeValue::Value(r) = v
                    && !r.is_const()
                    && seen.insert(r)
                {
                    pool.push(r);
                }
            });
            let len = pool.len() as u32 - start;
            self.failargs.push((start, len));
        }
        self.failarg_pool = pool;
    }

    /// Copies snapshot `id` of `src` into this store, mapping every resume value with `f`
    /// (virtual and pending descriptor ids are kept: passes share descriptor tables).
    pub fn copy_snapshot(
        &mut self,
        src: &ResumeStore,
        id: SnapshotId,
        f: &mut dyn FnMut(ResumeValue) -> ResumeValue,
    ) -> SnapshotId {
        let snap = self.map_snapshot(src, id, f);
        self.add_snapshot(snap)
    }

    /// Like [`copy_snapshot`](Self::copy_snapshot) but returns the mapped snapshot without
    /// adding it, so a pass can extend it (more virtuals, pending writes) first.
    pub fn map_snapshot(
        &mut self,
        src: &ResumeStore,
        id: SnapshotId,
        f: &mut dyn FnMut(ResumeValue) -> ResumeValue,
    ) -> Snapshot {
        let mut scratch = Vec::new();
        let parent = src
            .snapshot(id)
            .frame
            .map(|top| self.map_frame(src, top, f, &mut scratch));
        let s = src.snapshot(id);
        let virtuals = s
            .virtuals
            .iter()
            .map(|v| match v {
                VirtualInfo::Struct { size, fields } => VirtualInfo::Struct {
                    size: *size,
                    fields: fields.iter().map(|&(d, v)| (d, f(v))).collect(),
                },
                VirtualInfo::Array {
                    descr,
                    string,
                    items,
                } => VirtualInfo::Array {
                    descr: *descr,
                    string: *string,
                    items: items.iter().map(|&v| f(v)).collect(),
                },
            })
            .collect();
        let pending = s
            .pending
            .iter()
            .map(|p| PendingWrite {
                target: f(p.target),
                field: p.field,
                value: f(p.value),
            })
            .collect();
        Snapshot {
            frame: parent,
            virtuals,
            pending,
        }
    }
}

impl ResumeStore {
    /// Copies frame `id` of `src` (parents first) with its values mapped by `f`.
    fn map_frame(
        &mut self,
        src: &ResumeStore,
        id: FrameId,
        f: &mut dyn FnMut(ResumeValue) -> ResumeValue,
        scratch: &mut Vec<ResumeValue>,
    ) -> FrameId {
        let frame = src.frame(id);
        let parent = frame.parent.map(|p| self.map_frame(src, p, f, scratch));
        scratch.clear();
        scratch.extend(src.slots_of(id).iter().map(|&v| f(v)));
        self.add_frame(parent, frame.code, frame.pc, scratch)
    }
}

/// One rebuilt interpreter frame.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameState {
    /// Embedder-defined code identifier.
    pub code: u64,
    /// Embedder-defined position.
    pub pc: u64,
    /// Slot values (`None` for dead slots).
    pub slots: Vec<Option<Value>>,
}

/// Why resume data could not be applied.
#[derive(Clone, Debug, PartialEq)]
pub enum ResumeError {
    /// The operation is not a guard.
    NotAGuard(usize),
    /// The number of reported values differs from the guard's failargs.
    WrongValueCount {
        /// Failargs of the guard.
        expected: usize,
        /// Values reported.
        got: usize,
    },
    /// Materialising a virtual or performing a pending write failed.
    Memory(Trap),
    /// The resume data is inconsistent (names the problem).
    Corrupt(String),
}

impl fmt::Display for ResumeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResumeError::NotAGuard(i) => write!(f, "op {i} is not a guard"),
            ResumeError::WrongValueCount { expected, got } => {
                write!(f, "guard reports {expected} values, got {got}")
            }
            ResumeError::Memory(t) => write!(f, "while materialising: {t}"),
            ResumeError::Corrupt(m) => write!(f, "corrupt resume data: {m}"),
        }
    }
}

impl std::error::Error for ResumeError {}

impl From<Trap> for ResumeError {
    fn from(t: Trap) -> ResumeError {
        ResumeError::Memory(t)
    }
}

/// Rebuilds the interpreter frames (outermost first) for the failing guard at op `guard`
/// of `trace`, given the values of its failargs: allocates the virtual objects, performs
/// the pending writes, and resolves every slot.
pub fn rebuild(
    trace: &Trace,
    guard: usize,
    values: &[Value],
    memory: &mut dyn Memory,
) -> Result<Vec<FrameState>, ResumeError> {
    let op = trace.op(guard);
    if !op.opcode.is_guard() {
        return Err(ResumeError::NotAGuard(guard));
    }
    let Some(sid) = op.snapshot() else {
        if values.is_empty() {
            return Ok(Vec::new());
        }
        return Err(ResumeError::WrongValueCount {
            expected: 0,
            got: values.len(),
        });
    };
    let store = trace.resume();
    let failargs = store.failargs(sid);
    if failargs.len() != values.len() {
        return Err(ResumeError::WrongValueCount {
            expected: failargs.len(),
            got: values.len(),
        });
    }
    let env: HashMap<OpRef, Value> = failargs
        .iter()
        .copied()
        .zip(values.iter().copied())
        .collect();
    let snap = store.snapshot(sid);
    // Allocate every virtual first (they may refer to each other), then fill them.
    let mut addrs = Vec::with_capacity(snap.virtuals.len());
    for v in &snap.virtuals {
        let addr = match v {
            VirtualInfo::Struct { size, .. } => {
                let d = trace.descrs().get(*size).as_size().ok_or_else(|| {
                    ResumeError::Corrupt("virtual struct without size descr".into())
                })?;
                memory.allocate(d)?
            }
            VirtualInfo::Array { descr, items, .. } => {
                let d = trace.descrs().get(*descr).as_array().ok_or_else(|| {
                    ResumeError::Corrupt("virtual array without array descr".into())
                })?;
                memory.allocate_array(d, items.len() as i64)?
            }
        };
        addrs.push(addr);
    }
    let resolve = |v: ResumeValue| -> Result<Option<Value>, ResumeError> {
        match v {
            ResumeValue::Dead => Ok(None),
            ResumeValue::Virtual(k) => addrs
                .get(k as usize)
                .map(|&a| Some(Value::Ref(a)))
                .ok_or_else(|| ResumeError::Corrupt(format!("virtual {k} out of range"))),
            ResumeValue::Value(r) if r.is_const() => Ok(Some(trace.const_value(r))),
            ResumeValue::Value(r) => env
                .get(&r)
                .copied()
                .map(Some)
                .ok_or_else(|| ResumeError::Corrupt(format!("{r:?} is not a failarg"))),
        }
    };
    let need = |v: ResumeValue| -> Result<Value, ResumeError> {
        resolve(v)?.ok_or_else(|| ResumeError::Corrupt("dead value stored into an object".into()))
    };
    for (k, v) in snap.virtuals.iter().enumerate() {
        let base = Value::Ref(addrs[k]);
        match v {
            VirtualInfo::Struct { fields, .. } => {
                for &(fd, fv) in fields {
                    let field = trace.descrs().get(fd).as_field().ok_or_else(|| {
                        ResumeError::Corrupt("virtual field without field descr".into())
                    })?;
                    memory.store_field(base, field, need(fv)?)?;
                }
            }
            VirtualInfo::Array { descr, items, .. } => {
                let d = trace
                    .descrs()
                    .get(*descr)
                    .as_array()
                    .expect("checked above");
                for (i, &iv) in items.iter().enumerate() {
                    memory.store_item(base, i as i64, d, need(iv)?)?;
                }
            }
        }
    }
    for p in &snap.pending {
        let field = trace
            .descrs()
            .get(p.field)
            .as_field()
            .ok_or_else(|| ResumeError::Corrupt("pending write without field descr".into()))?;
        memory.store_field(need(p.target)?, field, need(p.value)?)?;
    }
    let mut frames = Vec::new();
    for fid in store.frame_chain(sid) {
        let f = store.frame(fid);
        let slots = store
            .slots_of(fid)
            .iter()
            .map(|&v| resolve(v))
            .collect::<Result<Vec<_>, _>>()?;
        frames.push(FrameState {
            code: f.code,
            pc: f.pc,
            slots,
        });
    }
    Ok(frames)
}
