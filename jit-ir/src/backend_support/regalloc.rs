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

use crate::hash::HashMap;
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

/// Register allocation state for one register class (see the module documentation).
#[derive(Clone, Debug)]
pub struct RegAlloc<R: Copy + Eq + Hash + Debug> {
    regs: Vec<R>,
    holder: HashMap<R, OpRef>,
    reg_of: HashMap<OpRef, R>,
    slot_of: HashMap<OpRef, SlotId>,
    kind_of: HashMap<OpRef, Kind>,
}

impl<R: Copy + Eq + Hash + Debug> RegAlloc<R> {
    /// An allocator over `regs` (in order of preference).
    pub fn new(regs: &[R]) -> RegAlloc<R> {
        RegAlloc {
            regs: regs.to_vec(),
            holder: HashMap::default(),
            reg_of: HashMap::default(),
            slot_of: HashMap::default(),
            kind_of: HashMap::default(),
        }
    }

    /// The register holding `v`, if any.
    pub fn reg(&self, v: OpRef) -> Option<R> {
        self.reg_of.get(&v).copied()
    }

    /// The slot holding `v`, if any.
    pub fn slot(&self, v: OpRef) -> Option<SlotId> {
        self.slot_of.get(&v).copied()
    }

    /// Where `v` is (a register if it is in one).
    pub fn location(&self, v: OpRef) -> Option<Location<R>> {
        self.reg(v)
            .map(Location::Reg)
            .or_else(|| self.slot(v).map(Location::Slot))
    }

    /// The value in register `r`.
    pub fn holder(&self, r: R) -> Option<OpRef> {
        self.holder.get(&r).copied()
    }

    /// Values currently in registers.
    pub fn in_registers(&self) -> Vec<(OpRef, R)> {
        let mut v: Vec<(OpRef, R)> = self.reg_of.iter().map(|(&v, &r)| (v, r)).collect();
        v.sort_by_key(|(v, _)| *v);
        v
    }

    /// Records that input `v` of kind `kind` starts at `loc` (trace inputs, label args).
    pub fn place(&mut self, v: OpRef, kind: Kind, loc: Location<R>) {
        self.kind_of.insert(v, kind);
        match loc {
            Location::Reg(r) => {
                if let Some(old) = self.holder.insert(r, v) {
                    self.reg_of.remove(&old);
                }
                self.reg_of.insert(v, r);
            }
            Location::Slot(s) => {
                self.slot_of.insert(v, s);
            }
        }
    }

    fn detach(&mut self, r: R) {
        if let Some(v) = self.holder.remove(&r) {
            self.reg_of.remove(&v);
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
        let kind = self.kind_of.get(&v).copied().unwrap_or(Kind::Int);
        let s = slots.alloc(kind);
        let reg = self.reg(v).expect("a value is in a register or a slot");
        moves.push(Move::Spill {
            value: v,
            reg,
            slot: s,
        });
        self.slot_of.insert(v, s);
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
            if live.is_live_after(v, at) || live.uses(v).iter().any(|&u| u as usize == at) {
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
        if let Some(&r) = self
            .regs
            .iter()
            .find(|r| !keep.contains(r) && !self.holder.contains_key(r))
        {
            return Ok(r);
        }
        let victim = self
            .regs
            .iter()
            .copied()
            .filter(|r| !keep.contains(r))
            .max_by_key(|&r| {
                let v = self.holder[&r];
                // Values used by the current op are the worst victims.
                if live.uses(v).iter().any(|&u| u as usize == at) {
                    0
                } else {
                    live.next_use(v, at).map_or(usize::MAX, |u| u)
                }
            })
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
        self.holder.insert(r, v);
        self.reg_of.insert(v, r);
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
        if let Some(old) = self.reg_of.insert(v, r) {
            self.holder.remove(&old);
        }
        self.holder.insert(r, v);
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
        self.kind_of.insert(v, kind);
        self.holder.insert(r, v);
        self.reg_of.insert(v, r);
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
        self.kind_of.insert(v, kind);
        self.holder.insert(r, v);
        self.reg_of.insert(v, r);
    }

    /// Releases the registers and slots of values whose last use is op `at`.
    pub fn release_dead(&mut self, at: usize, live: &Liveness, slots: &mut FrameSlots) {
        for &v in live.dying_at(at) {
            self.forget(v, slots);
        }
    }

    /// Forgets `v` entirely (register and slot).
    pub fn forget(&mut self, v: OpRef, slots: &mut FrameSlots) {
        if let Some(r) = self.reg_of.remove(&v) {
            self.holder.remove(&r);
        }
        if let Some(s) = self.slot_of.remove(&v) {
            slots.free(s);
        }
        self.kind_of.remove(&v);
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
