//! Virtuals: allocation removal (escape analysis over the linear trace).
//!
//! An object allocated in the trace (`new`, `new_with_vtable`, and arrays or strings of a
//! small constant length) starts *virtual*: it is not emitted; the pass tracks its fields.
//! Stores to a virtual update the tracked fields, loads read them (unset fields are zero,
//! as allocation zeroes memory), `guard_class`/`guard_nonnull` on it are decided
//! statically, `ptr_eq` with it is known (a virtual is distinct from every other object),
//! and array lengths are constants. A virtual *escapes* when it is used in any other way
//! (stored into a non-virtual object, passed to a call, returned, jumped with): it is then
//! *forced* right there — an allocation plus a store for every non-zero field — and is an
//! ordinary value from then on. Guards do not force: their resume data describes the
//! virtual field by field ([`VirtualInfo`]) so it is allocated only if the guard fails.
//!
//! Across a loop ([`run_across_loop`], used after peeling): a virtual reaching the loop
//! label can be *exploded* — its fields (recursively) become label arguments instead of
//! the object — if the back-edge jump passes a virtual of the same shape in that position.
//! This is how boxed loop variables disappear entirely (PyPy's virtual state). Positions
//! where the shapes disagree are retried as ordinary (forced) arguments. Objects reached
//! twice (shared or cyclic) are never exploded, which would split their identity.

use crate::hash::{HashMap, HashSet};

use crate::descr::{Descr, DescrId};
use crate::ops::OpCode;
use crate::resume::{ResumeValue, SnapshotId, VirtualInfo};
use crate::trace::{OpRef, Trace};
use crate::value::{Kind, Value};

use super::Rewriter;

/// Largest array or string length kept virtual.
pub const MAX_VIRTUAL_ARRAY: i64 = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Val {
    Op(OpRef),
    Virt(usize),
}

#[derive(Clone, Debug)]
enum Shape {
    Struct {
        size: DescrId,
        opcode: OpCode,
        fields: Vec<(DescrId, Val)>,
    },
    Array {
        descr: DescrId,
        string: bool,
        items: Vec<Val>,
    },
}

#[derive(Clone, Debug)]
struct VObj {
    shape: Shape,
    forced: Option<OpRef>,
}

/// The shape of an exploded label argument: leaves are label arguments.
#[derive(Clone, Debug)]
enum Tree {
    Leaf,
    Struct {
        size: DescrId,
        opcode: OpCode,
        fields: Vec<(DescrId, Tree)>,
    },
    Array {
        descr: DescrId,
        string: bool,
        items: Vec<Tree>,
    },
}

struct Virtuals<'t> {
    rw: Rewriter<'t>,
    objs: Vec<VObj>,
    vmap: HashMap<OpRef, usize>,
    placeholder: OpRef,
    /// Loop mode: the body label's op index and the positions that may be exploded.
    explode: Option<(usize, HashSet<usize>)>,
    /// Shapes of the exploded positions of the body label.
    trees: Vec<Option<Tree>>,
}

/// Runs the pass (every virtual reaching a label or jump is forced).
pub fn run(trace: &Trace) -> Trace {
    attempt(trace, None).expect("without explosion the pass cannot fail")
}

/// Runs the pass on a peeled loop, keeping virtuals across the back edge where the
/// preamble and the body agree on their shape.
pub fn run_across_loop(trace: &Trace) -> Trace {
    let Some(label) = body_label(trace) else {
        return run(trace);
    };
    let mut allowed: HashSet<usize> = (0..trace.args_at(label).len()).collect();
    loop {
        match attempt(trace, Some((label, allowed.clone()))) {
            Ok(t) => return t,
            Err(failed) => {
                debug_assert!(!failed.is_empty());
                for p in failed {
                    allowed.remove(&p);
                }
            }
        }
    }
}

/// The label the final jump targets, if it is not the first operation.
fn body_label(trace: &Trace) -> Option<usize> {
    let last = trace.ops().last()?;
    if last.opcode != OpCode::Jump {
        return None;
    }
    let token = trace.descr_of(last)?.as_target()?;
    trace.find_label(token.id).filter(|&l| l > 0)
}

fn attempt(trace: &Trace, explode: Option<(usize, HashSet<usize>)>) -> Result<Trace, Vec<usize>> {
    let mut rw = Rewriter::new(trace);
    let placeholder = rw.constant(Value::Ref(0));
    let mut p = Virtuals {
        rw,
        objs: Vec::new(),
        vmap: HashMap::default(),
        placeholder,
        explode,
        trees: Vec::new(),
    };
    for i in 0..trace.len() {
        p.op(i)?;
    }
    Ok(p.rw.finish())
}

fn zero_of(kind: Kind) -> Value {
    kind.zero().expect("stored values have a kind")
}

impl Virtuals<'_> {
    /// What an old reference denotes now.
    fn val(&mut self, old: OpRef) -> Val {
        if !old.is_const()
            && let Some(&id) = self.vmap.get(&old)
        {
            return match self.objs[id].forced {
                Some(r) => Val::Op(r),
                None => Val::Virt(id),
            };
        }
        Val::Op(self.rw.get(old))
    }

    fn resolve(&self, v: Val) -> Val {
        match v {
            Val::Virt(id) => match self.objs[id].forced {
                Some(r) => Val::Op(r),
                None => v,
            },
            op => op,
        }
    }

    fn make_virtual(&mut self, old_result: OpRef, shape: Shape) -> usize {
        let id = self.objs.len();
        self.objs.push(VObj {
            shape,
            forced: None,
        });
        self.vmap.insert(old_result, id);
        self.rw.set(old_result, self.placeholder);
        id
    }

    /// Binds an old result to a value.
    fn bind(&mut self, old_result: OpRef, v: Val) {
        match self.resolve(v) {
            Val::Op(r) => self.rw.set(old_result, r),
            Val::Virt(id) => {
                self.vmap.insert(old_result, id);
                self.rw.set(old_result, self.placeholder);
            }
        }
    }

    /// Emits a virtual's allocation and initialising stores (once).
    fn force(&mut self, id: usize) -> OpRef {
        if let Some(r) = self.objs[id].forced {
            return r;
        }
        let shape = self.objs[id].shape.clone();
        let r = match &shape {
            Shape::Struct { size, opcode, .. } => self.rw.emit(*opcode, &[], Some(*size)),
            Shape::Array {
                descr,
                string,
                items,
            } => {
                let len = self.rw.constant(Value::Int(items.len() as i64));
                let op = if *string {
                    OpCode::Newstr
                } else {
                    OpCode::NewArray
                };
                self.rw.emit(op, &[len], Some(*descr))
            }
        };
        self.objs[id].forced = Some(r);
        match shape {
            Shape::Struct { fields, .. } => {
                for (f, v) in fields {
                    let x = self.materialize(v);
                    if !self.is_zero(x) {
                        self.rw.emit(OpCode::SetfieldGc, &[r, x], Some(f));
                    }
                }
            }
            Shape::Array {
                descr,
                string,
                items,
            } => {
                let op = if string {
                    OpCode::Strsetitem
                } else {
                    OpCode::SetarrayitemGc
                };
                for (k, v) in items.into_iter().enumerate() {
                    let x = self.materialize(v);
                    if !self.is_zero(x) {
                        let idx = self.rw.constant(Value::Int(k as i64));
                        self.rw.emit(op, &[r, idx, x], Some(descr));
                    }
                }
            }
        }
        r
    }

    /// What a load from a narrow int location returns for a stored value.
    fn narrowed(&mut self, v: Val, d: &Descr) -> Val {
        let (size, signed) = match d {
            Descr::Field(f) if f.kind == Kind::Int => (f.size, f.signed),
            Descr::Array(a) if a.kind == Kind::Int => (a.item_size, a.signed),
            _ => return v,
        };
        match v {
            Val::Op(r) => Val::Op(super::narrow(&mut self.rw, r, size, signed)),
            virt => virt,
        }
    }

    fn is_zero(&self, r: OpRef) -> bool {
        self.rw.const_of(r).is_some_and(|v| v.bits() == 0)
    }

    /// A plain reference for a value (forcing it if virtual).
    fn materialize(&mut self, v: Val) -> OpRef {
        match self.resolve(v) {
            Val::Op(r) => r,
            Val::Virt(id) => self.force(id),
        }
    }

    /// The plain argument for an old reference.
    fn arg(&mut self, old: OpRef) -> OpRef {
        let v = self.val(old);
        self.materialize(v)
    }

    fn args(&mut self, i: usize) -> Vec<OpRef> {
        let old = self.rw.old;
        old.args_at(i).iter().map(|&a| self.arg(a)).collect()
    }

    fn const_int(&self, r: OpRef) -> Option<i64> {
        self.rw.const_of(r).and_then(|v| v.as_int())
    }

    fn snapshot(&mut self, old: SnapshotId) -> SnapshotId {
        let base = self.rw.old.resume().snapshot(old).virtuals.len() as u32;
        let mut order: Vec<usize> = Vec::new();
        let mut index: HashMap<usize, u32> = HashMap::default();
        let Virtuals { rw, objs, vmap, .. } = self;
        let mut snap = rw.mapped_snapshot_with(old, &mut |o, n| match vmap.get(&o) {
            Some(&id) => match objs[id].forced {
                Some(r) => ResumeValue::Value(r),
                None => {
                    let k = *index.entry(id).or_insert_with(|| {
                        order.push(id);
                        base + order.len() as u32 - 1
                    });
                    ResumeValue::Virtual(k)
                }
            },
            None => ResumeValue::Value(n),
        });
        let mut k = 0;
        while k < order.len() {
            let id = order[k];
            let to_rv = |v: Val, order: &mut Vec<usize>, index: &mut HashMap<usize, u32>| match v {
                Val::Op(r) => ResumeValue::Value(r),
                Val::Virt(w) => match self.objs[w].forced {
                    Some(r) => ResumeValue::Value(r),
                    None => ResumeValue::Virtual(*index.entry(w).or_insert_with(|| {
                        order.push(w);
                        base + order.len() as u32 - 1
                    })),
                },
            };
            let info = match self.objs[id].shape.clone() {
                Shape::Struct { size, fields, .. } => VirtualInfo::Struct {
                    size,
                    fields: fields
                        .into_iter()
                        .map(|(f, v)| (f, to_rv(v, &mut order, &mut index)))
                        .collect(),
                },
                Shape::Array {
                    descr,
                    string,
                    items,
                } => VirtualInfo::Array {
                    descr,
                    string,
                    items: items
                        .into_iter()
                        .map(|v| to_rv(v, &mut order, &mut index))
                        .collect(),
                },
            };
            snap.virtuals.push(info);
            k += 1;
        }
        self.rw.out.resume_mut().add_snapshot(snap)
    }

    fn op(&mut self, i: usize) -> Result<(), Vec<usize>> {
        use OpCode::*;
        let old = self.rw.old;
        let op = *old.op(i);
        let opcode = op.opcode;
        let oargs = old.args_at(i);
        let result = old.result_of(i);
        let descr = op.descr();
        match opcode {
            New | NewWithVtable => {
                let size = descr.expect("size descr");
                self.make_virtual(
                    result,
                    Shape::Struct {
                        size,
                        opcode,
                        fields: Vec::new(),
                    },
                );
                return Ok(());
            }
            NewArray | Newstr => {
                let len = self.arg(oargs[0]);
                if let Some(n) = self
                    .const_int(len)
                    .filter(|n| (0..=MAX_VIRTUAL_ARRAY).contains(n))
                {
                    let a = descr.expect("array descr");
                    let kind = old.descrs().get(a).as_array().expect("array descr").kind;
                    let zero = self.rw.constant(zero_of(kind));
                    self.make_virtual(
                        result,
                        Shape::Array {
                            descr: a,
                            string: opcode == Newstr,
                            items: vec![Val::Op(zero); n as usize],
                        },
                    );
                    return Ok(());
                }
            }
            SetfieldGc => {
                if let Val::Virt(id) = self.val(oargs[0]) {
                    let v = self.val(oargs[1]);
                    let f = descr.expect("field descr");
                    if let Shape::Struct { fields, .. } = &mut self.objs[id].shape {
                        match fields.iter_mut().find(|(d, _)| *d == f) {
                            Some(slot) => slot.1 = v,
                            None => fields.push((f, v)),
                        }
                        return Ok(());
                    }
                }
            }
            GetfieldGcI | GetfieldGcR | GetfieldGcF => {
                if let Val::Virt(id) = self.val(oargs[0])
                    && let Shape::Struct { fields, .. } = &self.objs[id].shape
                {
                    let f = descr.expect("field descr");
                    let v = match fields.iter().find(|(d, _)| *d == f) {
                        Some(&(_, v)) => v,
                        None => Val::Op(self.rw.constant(zero_of(opcode.result_kind()))),
                    };
                    let v = self.narrowed(v, old.descrs().get(f));
                    self.bind(result, v);
                    return Ok(());
                }
            }
            SetarrayitemGc | Strsetitem => {
                if let Val::Virt(id) = self.val(oargs[0]) {
                    let index = self.arg(oargs[1]);
                    let v = self.val(oargs[2]);
                    if let (Some(k), Shape::Array { items, .. }) =
                        (self.const_int(index), &mut self.objs[id].shape)
                        && k >= 0
                        && (k as usize) < items.len()
                    {
                        items[k as usize] = v;
                        return Ok(());
                    }
                }
            }
            GetarrayitemGcI | GetarrayitemGcR | GetarrayitemGcF | Strgetitem => {
                if let Val::Virt(id) = self.val(oargs[0]) {
                    let index = self.arg(oargs[1]);
                    if let (Some(k), Shape::Array { items, .. }) =
                        (self.const_int(index), &self.objs[id].shape)
                        && k >= 0
                        && (k as usize) < items.len()
                    {
                        let v = items[k as usize];
                        let v = self.narrowed(v, old.descrs().get(descr.expect("array descr")));
                        self.bind(result, v);
                        return Ok(());
                    }
                }
            }
            ArraylenGc | Strlen => {
                if let Val::Virt(id) = self.val(oargs[0])
                    && let Shape::Array { items, .. } = &self.objs[id].shape
                {
                    let n = self.rw.constant(Value::Int(items.len() as i64));
                    self.rw.set(result, n);
                    return Ok(());
                }
            }
            GuardNonnull => {
                if let Val::Virt(_) = self.val(oargs[0]) {
                    return Ok(());
                }
            }
            GuardClass | GuardNonnullClass => {
                if let Val::Virt(id) = self.val(oargs[0]) {
                    let cls = self.arg(oargs[1]);
                    let want = self.rw.const_of(cls).map(|v| v.bits());
                    if let Shape::Struct { size, .. } = self.objs[id].shape {
                        let vt = old.descrs().get(size).as_size().and_then(|s| s.vtable);
                        if vt.is_some() && vt == want {
                            return Ok(());
                        }
                    }
                }
            }
            PtrEq | PtrNe => {
                let (a, b) = (self.val(oargs[0]), self.val(oargs[1]));
                if matches!(a, Val::Virt(_)) || matches!(b, Val::Virt(_)) {
                    let same = a == b;
                    let v = self
                        .rw
                        .constant(Value::Int(((opcode == PtrEq) == same) as i64));
                    self.rw.set(result, v);
                    return Ok(());
                }
            }
            SameAsR => {
                let v = self.val(oargs[0]);
                if let Val::Virt(_) = v {
                    self.bind(result, v);
                    return Ok(());
                }
            }
            Label => return self.label(i),
            Jump => {
                if let Some((label, _)) = self.explode
                    && old.find_label(
                        old.descr_of(&op)
                            .and_then(Descr::as_target)
                            .expect("jump target")
                            .id,
                    ) == Some(label)
                {
                    return self.jump_to_exploded(i);
                }
            }
            _ => {}
        }
        // Default: force virtual arguments and copy.
        let args = self.args(i);
        let r = if opcode.is_guard() {
            let snap = op.snapshot().map(|s| self.snapshot(s));
            self.rw.emit_guard(opcode, &args, descr, snap)
        } else {
            self.rw.emit(opcode, &args, descr)
        };
        self.rw.set(result, r);
        Ok(())
    }

    fn label(&mut self, i: usize) -> Result<(), Vec<usize>> {
        let old = self.rw.old;
        let oargs: Vec<OpRef> = old.args_at(i).to_vec();
        let exploding = match &self.explode {
            Some((label, allowed)) if *label == i => allowed.clone(),
            _ => HashSet::default(),
        };
        let vals: Vec<Val> = oargs.iter().map(|&a| self.val(a)).collect();
        let mut explode: Vec<bool> = vals
            .iter()
            .enumerate()
            .map(|(p, v)| exploding.contains(&p) && matches!(v, Val::Virt(_)))
            .collect();
        // Force the others first, then drop explosions of shared or cyclic objects.
        for (p, &v) in vals.iter().enumerate() {
            if !explode[p] {
                self.materialize(v);
            }
        }
        loop {
            let mut seen: HashMap<usize, usize> = HashMap::default();
            let mut bad: HashSet<usize> = HashSet::default();
            for (p, &v) in vals.iter().enumerate() {
                if explode[p] {
                    self.reach(v, p, &mut seen, &mut bad);
                }
            }
            if bad.is_empty() {
                break;
            }
            for p in bad {
                explode[p] = false;
                self.materialize(vals[p]);
            }
        }
        let mut new_args = Vec::new();
        let mut trees = Vec::new();
        for (p, &v) in vals.iter().enumerate() {
            if explode[p] {
                trees.push(Some(self.flatten(v, &mut new_args)));
            } else {
                trees.push(None);
                new_args.push(self.materialize(v));
            }
        }
        let new_args = self.rw.sanitize_label_args(&new_args);
        self.rw.reset_at_label();
        self.rw.emit(OpCode::Label, &new_args, old.op(i).descr());
        // Old values before the label are dead; re-bind the label arguments.
        self.vmap.clear();
        self.objs.clear();
        let mut leaves = new_args.into_iter();
        for (p, &o) in oargs.iter().enumerate() {
            match &trees[p] {
                None => {
                    let n = leaves.next().expect("one leaf per plain argument");
                    self.rw.set(o, n);
                }
                Some(tree) => {
                    let v = self.rebuild(tree, &mut leaves);
                    self.bind(o, v);
                }
            }
        }
        if self.explode.as_ref().is_some_and(|(l, _)| *l == i) {
            self.trees = trees;
        }
        Ok(())
    }

    /// Records every unforced virtual reachable from `v` for position `p`; a virtual
    /// reached twice marks the positions involved in `bad`.
    fn reach(&self, v: Val, p: usize, seen: &mut HashMap<usize, usize>, bad: &mut HashSet<usize>) {
        let Val::Virt(id) = self.resolve(v) else {
            return;
        };
        if let Some(&q) = seen.get(&id) {
            bad.insert(p);
            bad.insert(q);
            return;
        }
        seen.insert(id, p);
        match &self.objs[id].shape {
            Shape::Struct { fields, .. } => {
                for &(_, f) in fields {
                    self.reach(f, p, seen, bad);
                }
            }
            Shape::Array { items, .. } => {
                for &it in items {
                    self.reach(it, p, seen, bad);
                }
            }
        }
    }

    /// The tree of a virtual, pushing its leaves (plain values) onto `out`.
    fn flatten(&mut self, v: Val, out: &mut Vec<OpRef>) -> Tree {
        match self.resolve(v) {
            Val::Op(r) => {
                out.push(r);
                Tree::Leaf
            }
            Val::Virt(id) => match self.objs[id].shape.clone() {
                Shape::Struct {
                    size,
                    opcode,
                    fields,
                } => Tree::Struct {
                    size,
                    opcode,
                    fields: fields
                        .into_iter()
                        .map(|(f, v)| (f, self.flatten(v, out)))
                        .collect(),
                },
                Shape::Array {
                    descr,
                    string,
                    items,
                } => Tree::Array {
                    descr,
                    string,
                    items: items.into_iter().map(|v| self.flatten(v, out)).collect(),
                },
            },
        }
    }

    /// A fresh virtual with the tree's shape whose leaves are the next label arguments.
    fn rebuild(&mut self, tree: &Tree, leaves: &mut impl Iterator<Item = OpRef>) -> Val {
        match tree {
            Tree::Leaf => Val::Op(leaves.next().expect("enough leaves")),
            Tree::Struct {
                size,
                opcode,
                fields,
            } => {
                let fields = fields
                    .iter()
                    .map(|(f, t)| (*f, self.rebuild(t, leaves)))
                    .collect();
                let id = self.objs.len();
                self.objs.push(VObj {
                    shape: Shape::Struct {
                        size: *size,
                        opcode: *opcode,
                        fields,
                    },
                    forced: None,
                });
                Val::Virt(id)
            }
            Tree::Array {
                descr,
                string,
                items,
            } => {
                let items = items.iter().map(|t| self.rebuild(t, leaves)).collect();
                let id = self.objs.len();
                self.objs.push(VObj {
                    shape: Shape::Array {
                        descr: *descr,
                        string: *string,
                        items,
                    },
                    forced: None,
                });
                Val::Virt(id)
            }
        }
    }

    fn jump_to_exploded(&mut self, i: usize) -> Result<(), Vec<usize>> {
        let old = self.rw.old;
        let oargs: Vec<OpRef> = old.args_at(i).to_vec();
        let vals: Vec<Val> = oargs.iter().map(|&a| self.val(a)).collect();
        let trees = std::mem::take(&mut self.trees);
        for (p, &v) in vals.iter().enumerate() {
            if trees[p].is_none() {
                self.materialize(v);
            }
        }
        // Check shapes (and that no object is reached twice) before emitting anything.
        let mut failed = Vec::new();
        let mut seen: HashMap<usize, usize> = HashMap::default();
        let mut bad = HashSet::default();
        for (p, &v) in vals.iter().enumerate() {
            if let Some(t) = &trees[p] {
                if !self.fits(v, t) {
                    failed.push(p);
                }
                self.reach(v, p, &mut seen, &mut bad);
            }
        }
        failed.extend(bad);
        if !failed.is_empty() {
            failed.sort_unstable();
            failed.dedup();
            return Err(failed);
        }
        let mut args = Vec::new();
        for (p, &v) in vals.iter().enumerate() {
            match &trees[p] {
                None => args.push(self.materialize(v)),
                Some(t) => self.leaves(v, t, &mut args),
            }
        }
        let r = self.rw.emit(OpCode::Jump, &args, old.op(i).descr());
        self.rw.set(old.result_of(i), r);
        Ok(())
    }

    /// Does the value have the tree's shape? (Leaves accept anything.)
    fn fits(&self, v: Val, tree: &Tree) -> bool {
        let v = self.resolve(v);
        match (tree, v) {
            (Tree::Leaf, _) => true,
            (_, Val::Op(_)) => false,
            (
                Tree::Struct {
                    size,
                    opcode,
                    fields,
                },
                Val::Virt(id),
            ) => match &self.objs[id].shape {
                Shape::Struct {
                    size: s2,
                    opcode: o2,
                    fields: f2,
                } => {
                    size == s2
                        && opcode == o2
                        && f2.iter().all(|(d, fv)| {
                            fields.iter().any(|(d2, _)| d2 == d)
                                || matches!(self.resolve(*fv), Val::Op(r) if self.is_zero(r))
                        })
                        && fields
                            .iter()
                            .all(|(d, t)| match f2.iter().find(|(d2, _)| d2 == d) {
                                Some(&(_, fv)) => self.fits(fv, t),
                                None => matches!(t, Tree::Leaf),
                            })
                }
                _ => false,
            },
            (
                Tree::Array {
                    descr,
                    string,
                    items,
                },
                Val::Virt(id),
            ) => match &self.objs[id].shape {
                Shape::Array {
                    descr: d2,
                    string: s2,
                    items: i2,
                } => {
                    descr == d2
                        && string == s2
                        && items.len() == i2.len()
                        && items.iter().zip(i2).all(|(t, &iv)| self.fits(iv, t))
                }
                _ => false,
            },
        }
    }

    /// Pushes the values at the tree's leaves (a missing struct field is zero).
    fn leaves(&mut self, v: Val, tree: &Tree, out: &mut Vec<OpRef>) {
        match tree {
            Tree::Leaf => {
                let r = self.materialize(v);
                out.push(r);
            }
            Tree::Struct { fields, .. } => {
                let Val::Virt(id) = self.resolve(v) else {
                    unreachable!("checked by fits")
                };
                let Shape::Struct { fields: f2, .. } = self.objs[id].shape.clone() else {
                    unreachable!("checked by fits")
                };
                for (d, t) in fields {
                    match f2.iter().find(|(d2, _)| d2 == d) {
                        Some(&(_, fv)) => self.leaves(fv, t, out),
                        None => {
                            let kind = self.rw.old.descrs().get(*d).as_field().expect("field").kind;
                            let z = self.rw.constant(zero_of(kind));
                            out.push(z);
                        }
                    }
                }
            }
            Tree::Array { items, .. } => {
                let Val::Virt(id) = self.resolve(v) else {
                    unreachable!("checked by fits")
                };
                let Shape::Array { items: i2, .. } = self.objs[id].shape.clone() else {
                    unreachable!("checked by fits")
                };
                for (t, iv) in items.iter().zip(i2) {
                    self.leaves(iv, t, out);
                }
            }
        }
    }
}
