//! A register-file manager for linear-scan allocation over a trace.
//!
//! The backend walks the trace in order and asks [`RegAlloc`] for registers; the
//! allocator decides *where* values live and reports the data movement the backend must
//! emit as [`Move`]s (spill a register to a frame slot, reload it, copy between
//! registers). The backend owns instruction selection and the ABI; this owns the
//! bookkeeping both backends would otherwise duplicate:
//! - a value lives in a register, in a frame slot, or both (SSA values never change, so a
//!   slot copy made once stays valid: evicting an already spilled value costs nothing);
//! - when no register is free, the value whose next use is furthest away is evicted
//!   (Belady's rule, as in PyPy's regalloc);
//! - values are released after their last use ([`RegAlloc::release_dead`]);
//! - before a call, values live across it are moved out of caller-saved registers
//!   ([`RegAlloc::spill_live_across`]), which also puts live references where a GC map
//!   can describe them;
//! - [`parallel_moves`] orders the moves of a jump (all label arguments are assigned at
//!   once) and breaks cycles through a scratch register.
//!
//! Use one `RegAlloc` per register class (general-purpose, floating point) sharing one
//! [`FrameSlots`].

use std::fmt::Debug;
use std::hash::Hash;

use crate::backend_support::frame::{FrameSlots, SlotId};
use crate::backend_support::liveness::Liveness;
use crate::trace::OpRef;
use crate::value::{Kind, Value};

/// Where a value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Location<R> {
    /// In a register.
    Reg(R),
    /// In a frame slot.
    Slot(SlotId),
}

/// Data movement the backend must emit, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move<R> {
    /// Store `reg` (holding `value`) into `slot`.
    Spill {
        /// The value.
        value: OpRef,
        /// Source register.
        reg: R,
        /// Destination slot.
        slot: SlotId,
    },
    /// Load `slot` (holding `value`) into `reg`.
    Reload {
        /// The value.
        value: OpRef,
        /// Source slot.
        slot: SlotId,
        /// Destination register.
        reg: R,
    },
    /// Copy `value` from one register to another.
    Copy {
        /// The value.
        value: OpRef,
        /// Source register.
        from: R,
        /// Destination register.
        to: R,
    },
}

/// The allocator ran out of registers (every register is pinned by `keep`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoRegister;

impl std::fmt::Display for NoRegister {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no register available: every register is pinned")
    }
}

impl std::error::Error for NoRegister {}

/// Where one value is, as the allocator knows it (dense, indexed by value number).
#[derive(Clone, Copy, Debug, Default)]
struct ValState {
    /// Position of its register in `RegAlloc::regs`.
    reg: Option<u8>,
    slot: Option<SlotId>,
    kind: Option<Kind>,
}

/// Register allocation state for one register class (see the module documentation).
///
/// The state is dense, for speed: registers are looked up by their position in the
/// register list (at most a few dozen), values by their number.
#[derive(Clone, Debug)]
pub struct RegAlloc<R: Copy + Eq + Hash + Debug> {
    /// The allocatable registers (in order of preference), then any other register a
    /// backend named in `use_in`/`define_in`/`place`.
    regs: Vec<R>,
    /// How many of `regs` are allocatable.
    allocatable: usize,
    /// The value in each register of `regs`.
    holders: Vec<Option<OpRef>>,
    /// Per value number.
    vals: Vec<ValState>,
}

impl<R: Copy + Eq + Hash + Debug> RegAlloc<R> {
    /// An allocator over `regs` (in order of preference).
    pub fn new(regs: &[R]) -> RegAlloc<R> {
        RegAlloc {
            regs: regs.to_vec(),
            allocatable: regs.len(),
            holders: vec![None; regs.len()],
            vals: Vec::new(),
        }
    }

    fn position(&self, r: R) -> Option<usize> {
        self.regs.iter().position(|&x| x == r)
    }

    /// The position of `r`, adding it (as not allocatable) if it is new.
    fn position_or_add(&mut self, r: R) -> usize {
        match self.position(r) {
            Some(i) => i,
            None => {
                self.regs.push(r);
                self.holders.push(None);
                self.regs.len() - 1
            }
        }
    }

    fn holder_get(&self, r: R) -> Option<OpRef> {
        self.position(r).and_then(|i| self.holders[i])
    }

    fn holder_set(&mut self, r: R, v: OpRef) -> Option<OpRef> {
        let i = self.position_or_add(r);
        self.holders[i].replace(v)
    }

    fn holder_remove(&mut self, r: R) -> Option<OpRef> {
        let i = self.position(r)?;
        self.holders[i].take()
    }

    fn val(&self, v: OpRef) -> ValState {
        if v.is_const() {
            return ValState::default();
        }
        self.vals.get(v.index()).copied().unwrap_or_default()
    }

    fn val_mut(&mut self, v: OpRef) -> &mut ValState {
        debug_assert!(!v.is_const(), "constants have no location");
        let i = v.index();
        if i >= self.vals.len() {
            self.vals.resize(i + 1, ValState::default());
        }
        &mut self.vals[i]
    }

    fn reg_get(&self, v: OpRef) -> Option<R> {
        self.val(v).reg.map(|i| self.regs[i as usize])
    }

    fn reg_set(&mut self, v: OpRef, r: R) -> Option<R> {
        let i = self.position_or_add(r) as u8;
        let old = self.val_mut(v).reg.replace(i);
        old.map(|o| self.regs[o as usize])
    }

    fn reg_remove(&mut self, v: OpRef) -> Option<R> {
        if v.is_const() {
            return None;
        }
        let old = self.val_mut(v).reg.take();
        old.map(|o| self.regs[o as usize])
    }

    fn slot_set(&mut self, v: OpRef, s: SlotId) {
        self.val_mut(v).slot = Some(s);
    }

    fn slot_remove(&mut self, v: OpRef) -> Option<SlotId> {
        if v.is_const() {
            return None;
        }
        self.val_mut(v).slot.take()
    }

    fn kind_set(&mut self, v: OpRef, k: Kind) {
        self.val_mut(v).kind = Some(k);
    }

    /// The register holding `v`, if any.
    pub fn reg(&self, v: OpRef) -> Option<R> {
        self.reg_get(v)
    }

    /// The slot holding `v`, if any.
    pub fn slot(&self, v: OpRef) -> Option<SlotId> {
        self.val(v).slot
    }

    /// Where `v` is (a register if it is in one).
    pub fn location(&self, v: OpRef) -> Option<Location<R>> {
        self.reg(v)
            .map(Location::Reg)
            .or_else(|| self.slot(v).map(Location::Slot))
    }

    /// The value in register `r`.
    pub fn holder(&self, r: R) -> Option<OpRef> {
        self.holder_get(r)
    }

    /// Values currently in registers, in the order of the register list given to
    /// [`RegAlloc::new`].
    pub fn in_registers(&self) -> Vec<(OpRef, R)> {
        self.regs
            .iter()
            .filter_map(|&r| self.holder_get(r).map(|v| (v, r)))
            .collect()
    }

    /// Records that input `v` of kind `kind` starts at `loc` (trace inputs, label args).
    pub fn place(&mut self, v: OpRef, kind: Kind, loc: Location<R>) {
        self.kind_set(v, kind);
        match loc {
            Location::Reg(r) => {
                if let Some(old) = self.holder_set(r, v) {
                    self.reg_remove(old);
                }
                self.reg_set(v, r);
            }
            Location::Slot(s) => {
                self.slot_set(v, s);
            }
        }
    }

    fn detach(&mut self, r: R) {
        if let Some(v) = self.holder_remove(r) {
            self.reg_remove(v);
        }
    }

    /// Makes sure `v` has a slot copy (emitting a spill if needed).
    pub fn ensure_slot(
        &mut self,
        v: OpRef,
        slots: &mut FrameSlots,
        moves: &mut Vec<Move<R>>,
    ) -> SlotId {
        if let Some(s) = self.slot(v) {
            return s;
        }
        let kind = self.val(v).kind.unwrap_or(Kind::Int);
        let s = slots.alloc(kind);
        let reg = self.reg(v).expect("a value is in a register or a slot");
        moves.push(Move::Spill {
            value: v,
            reg,
            slot: s,
        });
        self.slot_set(v, s);
        s
    }

    /// Frees a register for a new use, evicting its value (spilled if still live).
    fn evict(
        &mut self,
        r: R,
        at: usize,
        live: &Liveness,
        slots: &mut FrameSlots,
        moves: &mut Vec<Move<R>>,
    ) {
        if let Some(v) = self.holder(r) {
            if live.is_live_after(v, at) || live.used_at(v, at) {
                self.ensure_slot(v, slots, moves);
            }
            self.detach(r);
        }
    }

    /// Chooses a register not in `keep`: a free one, else the one whose value's next use
    /// is furthest away (which gets evicted).
    fn pick(
        &mut self,
        at: usize,
        live: &Liveness,
        keep: &[R],
        slots: &mut FrameSlots,
        moves: &mut Vec<Move<R>>,
    ) -> Result<R, NoRegister> {
        let n = self.allocatable;
        if let Some(i) =
            (0..n).find(|&i| self.holders[i].is_none() && !keep.contains(&self.regs[i]))
        {
            return Ok(self.regs[i]);
        }
        let victim = (0..n)
            .filter(|&i| !keep.contains(&self.regs[i]))
            .max_by_key(|&i| match self.holders[i] {
                // Values used by the current op are the worst victims.
                Some(v) if live.used_at(v, at) => 0,
                Some(v) => live.next_use(v, at).map_or(usize::MAX, |u| u),
                None => usize::MAX,
            })
            .map(|i| self.regs[i])
            .ok_or(NoRegister)?;
        self.evict(victim, at, live, slots, moves);
        Ok(victim)
    }

    /// Gets `v` (used by op `at`) into some register not in `keep`, reloading it if it
    /// was spilled.
    pub fn use_in_reg(
        &mut self,
        v: OpRef,
        at: usize,
        live: &Liveness,
        keep: &[R],
        slots: &mut FrameSlots,
        moves: &mut Vec<Move<R>>,
    ) -> Result<R, NoRegister> {
        if let Some(r) = self.reg(v) {
            return Ok(r);
        }
        let slot = self.slot(v).expect("a used value was placed or defined");
        let r = self.pick(at, live, keep, slots, moves)?;
        moves.push(Move::Reload {
            value: v,
            slot,
            reg: r,
        });
        self.holder_set(r, v);
        self.reg_set(v, r);
        Ok(r)
    }

    /// Gets `v` into the specific register `r` (e.g. a call argument).
    pub fn use_in(
        &mut self,
        v: OpRef,
        r: R,
        at: usize,
        live: &Liveness,
        slots: &mut FrameSlots,
        moves: &mut Vec<Move<R>>,
    ) {
        if self.reg(v) == Some(r) {
            return;
        }
        self.evict(r, at, live, slots, moves);
        match self.reg(v) {
            Some(from) => moves.push(Move::Copy {
                value: v,
                from,
                to: r,
            }),
            None => {
                let slot = self.slot(v).expect("a used value was placed or defined");
                moves.push(Move::Reload {
                    value: v,
                    slot,
                    reg: r,
                });
            }
        }
        // `v` now lives in `r` (a copy in its old register stays usable until reused,
        // but the allocator tracks one register per value).
        if let Some(old) = self.reg_set(v, r) {
            self.holder_remove(old);
        }
        self.holder_set(r, v);
    }

    /// Allocates a register for the new value `v` (defined by op `at`).
    #[allow(clippy::too_many_arguments)] // the allocator's context, spelled out
    pub fn define(
        &mut self,
        v: OpRef,
        kind: Kind,
        at: usize,
        live: &Liveness,
        keep: &[R],
        slots: &mut FrameSlots,
        moves: &mut Vec<Move<R>>,
    ) -> Result<R, NoRegister> {
        let r = self.pick(at, live, keep, slots, moves)?;
        self.kind_set(v, kind);
        self.holder_set(r, v);
        self.reg_set(v, r);
        Ok(r)
    }

    /// Puts the new value `v` in the specific register `r` (e.g. a call result).
    #[allow(clippy::too_many_arguments)] // the allocator's context, spelled out
    pub fn define_in(
        &mut self,
        v: OpRef,
        kind: Kind,
        r: R,
        at: usize,
        live: &Liveness,
        slots: &mut FrameSlots,
        moves: &mut Vec<Move<R>>,
    ) {
        self.evict(r, at, live, slots, moves);
        self.kind_set(v, kind);
        self.holder_set(r, v);
        self.reg_set(v, r);
    }

    /// Hands the register of `old`, whose last use is op `at`, to `new`, the value that op
    /// defines (two-address reuse: `add r, x` computes `new` in `old`'s register `r`).
    /// Returns the register; returns `None` and changes nothing when `old` is not in a
    /// register or is still needed after `at`. A slot copy of `old` stays until
    /// [`release_dead`](Self::release_dead) frees it.
    pub fn take_over(
        &mut self,
        old: OpRef,
        new: OpRef,
        kind: Kind,
        at: usize,
        live: &Liveness,
    ) -> Option<R> {
        let r = self.reg(old)?;
        if live.is_live_after(old, at) {
            return None;
        }
        self.reg_remove(old);
        self.holder_set(r, new);
        self.reg_set(new, r);
        self.kind_set(new, kind);
        Some(r)
    }

    /// A register not in `keep` that the backend may clobber while it emits op `at` (a
    /// temporary holding no trace value). Whatever it held is evicted first (spilled if
    /// still needed). Pass it in `keep` to later requests of the same op.
    pub fn temp(
        &mut self,
        at: usize,
        live: &Liveness,
        keep: &[R],
        slots: &mut FrameSlots,
        moves: &mut Vec<Move<R>>,
    ) -> Result<R, NoRegister> {
        self.pick(at, live, keep, slots, moves)
    }

    /// Takes register `r` away from its value for the backend's own use while it emits op
    /// `at` (a fixed register an instruction clobbers, like a dividend register): the value
    /// first gets a slot copy if it is still needed after `at`. The register keeps its
    /// contents until the backend overwrites it, so op `at` can still read the value there.
    pub fn release_reg(
        &mut self,
        r: R,
        at: usize,
        live: &Liveness,
        slots: &mut FrameSlots,
        moves: &mut Vec<Move<R>>,
    ) {
        if let Some(v) = self.holder(r) {
            if live.is_live_after(v, at) {
                self.ensure_slot(v, slots, moves);
            }
            self.detach(r);
        }
    }

    /// Drops the slot copy of `v` if it also is in a register, freeing the slot: from then
    /// on the register is its only location. Loop labels need this: the back edge writes
    /// the label's locations only, so a slot copy would go stale.
    pub fn drop_slot_copy(&mut self, v: OpRef, slots: &mut FrameSlots) {
        if self.reg(v).is_some()
            && let Some(s) = self.slot_remove(v)
        {
            slots.free(s);
        }
    }

    /// The kind recorded for `v` (when it was placed or defined).
    pub fn kind(&self, v: OpRef) -> Option<Kind> {
        self.val(v).kind
    }

    /// Releases the registers and slots of values whose last use is op `at`.
    pub fn release_dead(&mut self, at: usize, live: &Liveness, slots: &mut FrameSlots) {
        for &v in live.dying_at(at) {
            self.forget(v, slots);
        }
    }

    /// Forgets `v` entirely (register and slot).
    pub fn forget(&mut self, v: OpRef, slots: &mut FrameSlots) {
        if let Some(r) = self.reg_remove(v) {
            self.holder_remove(r);
        }
        if let Some(s) = self.slot_remove(v) {
            slots.free(s);
        }
        if !v.is_const() {
            self.val_mut(v).kind = None;
        }
    }

    /// Before op `at` (a call): every value in one of `clobbered` that is still needed
    /// after `at` gets a slot copy and leaves the register. Returns those values.
    pub fn spill_live_across(
        &mut self,
        at: usize,
        live: &Liveness,
        clobbered: &[R],
        slots: &mut FrameSlots,
        moves: &mut Vec<Move<R>>,
    ) -> Vec<OpRef> {
        let mut spilled = Vec::new();
        for &r in clobbered {
            if let Some(v) = self.holder(r) {
                if live.is_live_after(v, at) {
                    self.ensure_slot(v, slots, moves);
                    spilled.push(v);
                }
                self.detach(r);
            }
        }
        spilled
    }
}

/// A source of a parallel move: a location or a constant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Source<R> {
    /// A location.
    Loc(Location<R>),
    /// A constant.
    Const(Value),
}

/// Orders a parallel assignment `dst_i := src_i` (all reads before all writes, as a jump
/// to a label requires) into a sequence of single transfers. Cycles are broken by going
/// through `scratch`, which must not appear among the destinations. A slot-to-slot
/// transfer is left to the backend (it needs a temporary of its own).
pub fn parallel_moves<R: Copy + Eq + Hash + Debug>(
    assignments: &[(Source<R>, Location<R>)],
    scratch: Location<R>,
) -> Vec<(Source<R>, Location<R>)> {
    let mut pending: Vec<(Source<R>, Location<R>)> = assignments
        .iter()
        .copied()
        .filter(|(s, d)| *s != Source::Loc(*d))
        .collect();
    let mut out = Vec::new();
    while !pending.is_empty() {
        // A move whose destination nobody still needs to read can go now.
        let ready = pending
            .iter()
            .position(|(_, d)| !pending.iter().any(|(s, _)| *s == Source::Loc(*d)));
        match ready {
            Some(i) => out.push(pending.remove(i)),
            None => {
                // Only cycles remain: save one destination's current value in scratch and
                // read it from there.
                let (_, d) = pending[0];
                out.push((Source::Loc(d), scratch));
                for (s, _) in pending.iter_mut() {
                    if *s == Source::Loc(d) {
                        *s = Source::Loc(scratch);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::HashMap;
    use crate::text::parse;

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    struct Reg(u8);

    #[test]
    fn evicts_the_value_used_furthest_away() {
        let t = parse(
            "[i0, i1, i2]\n\
             i3 = int_add(i0, i1)\n\
             i4 = int_add(i3, i0)\n\
             i5 = int_add(i4, i2)\n\
             i6 = int_add(i5, i1)\n\
             finish(i6)",
        )
        .unwrap();
        let live = Liveness::compute(&t);
        let mut slots = FrameSlots::new();
        let mut ra = RegAlloc::new(&[Reg(0), Reg(1), Reg(2)]);
        let mut moves = Vec::new();
        for (i, r) in [Reg(0), Reg(1), Reg(2)].into_iter().enumerate() {
            ra.place(OpRef::value(i as u32), Kind::Int, Location::Reg(r));
        }
        // op 0 defines i3: all registers busy; i2 (next used at op 2) is furthest.
        let r = ra
            .define(
                OpRef::value(3),
                Kind::Int,
                0,
                &live,
                &[],
                &mut slots,
                &mut moves,
            )
            .unwrap();
        assert_eq!(r, Reg(2));
        assert_eq!(
            moves,
            vec![Move::Spill {
                value: OpRef::value(2),
                reg: Reg(2),
                slot: SlotId(0)
            }]
        );
        ra.release_dead(0, &live, &mut slots);
        // op 2 needs i2 back.
        moves.clear();
        let r2 = ra
            .use_in_reg(OpRef::value(2), 2, &live, &[], &mut slots, &mut moves)
            .unwrap();
        assert!(matches!(
            moves[..],
            [Move::Reload {
                slot: SlotId(0),
                ..
            }]
        ));
        assert_eq!(ra.reg(OpRef::value(2)), Some(r2));
        // Evicting a value that already has a slot costs no store.
        moves.clear();
        ra.spill_live_across(2, &live, &[r2], &mut slots, &mut moves);
        assert!(moves.is_empty());
    }

    #[test]
    fn calls_spill_live_values_only() {
        let t = parse("[i0, i1]\ni2 = int_add(i0, 1)\ni3 = int_add(i1, i2)\nfinish(i3)").unwrap();
        let live = Liveness::compute(&t);
        let mut slots = FrameSlots::new();
        let mut ra = RegAlloc::new(&[Reg(0), Reg(1)]);
        ra.place(OpRef::value(0), Kind::Int, Location::Reg(Reg(0)));
        ra.place(OpRef::value(1), Kind::Ref, Location::Reg(Reg(1)));
        slots.alloc(Kind::Int); // slot 0 is taken by something else
        let mut moves = Vec::new();
        // Across op 0, i1 stays live, i0 dies at op 0.
        let spilled = ra.spill_live_across(0, &live, &[Reg(0), Reg(1)], &mut slots, &mut moves);
        assert_eq!(spilled, vec![OpRef::value(1)]);
        assert_eq!(slots.gc_map().iter().collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn take_over_reuses_dying_registers_only() {
        let t = parse("[i0, i1]\ni2 = int_add(i0, i1)\ni3 = int_add(i2, i1)\nfinish(i3)").unwrap();
        let live = Liveness::compute(&t);
        let mut slots = FrameSlots::new();
        let mut ra = RegAlloc::new(&[Reg(0), Reg(1), Reg(2)]);
        ra.place(OpRef::value(0), Kind::Int, Location::Reg(Reg(0)));
        ra.place(OpRef::value(1), Kind::Int, Location::Reg(Reg(1)));
        // i1 is still needed by op 1: no reuse.
        assert_eq!(
            ra.take_over(OpRef::value(1), OpRef::value(2), Kind::Int, 0, &live),
            None
        );
        // i0 dies at op 0: i2 takes its register.
        assert_eq!(
            ra.take_over(OpRef::value(0), OpRef::value(2), Kind::Int, 0, &live),
            Some(Reg(0))
        );
        assert_eq!(ra.holder(Reg(0)), Some(OpRef::value(2)));
        assert_eq!(ra.reg(OpRef::value(0)), None);
        ra.release_dead(0, &live, &mut slots);
        assert_eq!(
            ra.reg(OpRef::value(2)),
            Some(Reg(0)),
            "release keeps the new value"
        );
        // A temporary is a free register, or an evicted one.
        let mut moves = Vec::new();
        let t0 = ra.temp(1, &live, &[], &mut slots, &mut moves).unwrap();
        assert_eq!(t0, Reg(2));
        assert!(moves.is_empty());
        let t1 = ra
            .temp(1, &live, &[Reg(2)], &mut slots, &mut moves)
            .unwrap();
        assert_ne!(t1, Reg(2));
        assert_eq!(
            moves.len(),
            1,
            "a value used by op 1 was spilled first: {moves:?}"
        );
    }

    #[test]
    fn dropping_a_slot_copy_frees_the_slot() {
        let t = parse("[i0]\ni1 = int_add(i0, 1)\nfinish(i1)").unwrap();
        let live = Liveness::compute(&t);
        let mut slots = FrameSlots::new();
        let mut ra = RegAlloc::new(&[Reg(0)]);
        let mut moves = Vec::new();
        ra.place(OpRef::value(0), Kind::Ref, Location::Reg(Reg(0)));
        let s = ra.ensure_slot(OpRef::value(0), &mut slots, &mut moves);
        assert_eq!(slots.kind(s), Some(Kind::Ref));
        ra.drop_slot_copy(OpRef::value(0), &mut slots);
        assert_eq!(ra.slot(OpRef::value(0)), None);
        assert_eq!(slots.kind(s), None);
        assert_eq!(ra.kind(OpRef::value(0)), Some(Kind::Ref));
        let _ = live;
    }

    #[test]
    fn parallel_moves_break_cycles() {
        let (a, b, c, s) = (
            Location::Reg(Reg(0)),
            Location::Reg(Reg(1)),
            Location::Reg(Reg(2)),
            Location::Reg(Reg(9)),
        );
        let moves = parallel_moves(
            &[
                (Source::Loc(b), a),
                (Source::Loc(a), b),
                (Source::Const(Value::Int(5)), c),
                (Source::Loc(c), Location::Slot(SlotId(0))),
            ],
            s,
        );
        // Simulate the moves and check the parallel semantics.
        let mut state: HashMap<Location<Reg>, i64> = [(a, 1), (b, 2), (c, 3)].into_iter().collect();
        for (src, dst) in &moves {
            let v = match src {
                Source::Loc(l) => state[l],
                Source::Const(Value::Int(k)) => *k,
                Source::Const(_) => unreachable!(),
            };
            state.insert(*dst, v);
        }
        assert_eq!(
            (
                state[&a],
                state[&b],
                state[&c],
                state[&Location::Slot(SlotId(0))]
            ),
            (2, 1, 5, 3)
        );
    }
}
