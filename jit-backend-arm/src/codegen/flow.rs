//! Control flow between traces and inside them: the word buffer, labels, jumps, `finish`.
//!
//! Values cross trace boundaries through the word buffer (the `extern "C"` argument of the
//! entry stub, its pointer in the frame's CTX word): the trace start loads its inputs
//! from it into locations of its own choice (`load_from_buffer`), and whatever leaves for
//! another trace — a jump to a label of another trace, a guard's exit stub, `finish` —
//! stores them there (`store_to_buffer`). Inside a trace, a label keeps its arguments
//! where they are when execution falls into it; those become the label's locations. A
//! jump back to it (a loop's back edge) is one parallel move from wherever the arguments
//! are into those locations (jit-ir's `parallel_moves` over both register classes and
//! the slots, cycles broken through a reserved scratch slot); a jump from another trace
//! goes through the label's out-of-line buffer entry, which loads them there.
//!
//! Invariant: at a label, the allocators hold exactly the label's argument locations
//! (nothing from before the label survives it), and every arrival — fall-through, back
//! edge, buffer entry — establishes them.

use tern_jit_ir::backend_support::{FrameSlots, Location, RegAlloc, Source, parallel_moves};
use tern_jit_ir::descr::Descr;
use tern_jit_ir::{BackendError, Kind, OpRef, Value};

use super::frame::{self, BUF, CTX, FPR_ALLOC, GPR_ALLOC, SCRATCH_SLOT, ValLoc, slot_mem};
use super::{CgResult, Codegen, LabelOut, exit_code, internal};
use crate::asm::{FpWidth, Fpr, Gpr, Label, LoadOp, Mem, StoreOp, Width};

use Width::W64;

/// A register of either class, for moves that mix them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum AnyReg {
    /// A general-purpose register.
    G(Gpr),
    /// A floating-point register.
    F(Fpr),
}

/// Where a label expects its arguments.
#[derive(Clone, Debug)]
pub(crate) struct LabelLocs {
    /// The label's code (fall-through and back edges arrive here).
    pub body: Label,
    /// Its out-of-line entry from the word buffer (jumps from other traces).
    pub buffer_entry: Label,
    /// Per argument: its location, or `None` (constant, unused or repeated: not moved).
    pub locs: Vec<Option<Location<AnyReg>>>,
}

impl Codegen<'_> {
    /// Stores `locs` into the word buffer (words `0..locs.len()`). Uses x16/x17.
    pub(crate) fn store_to_buffer(&mut self, locs: &[ValLoc]) {
        if locs.is_empty() {
            return;
        }
        self.a.ldr(W64, BUF, Mem::base(Gpr::X29, CTX));
        for (k, &loc) in locs.iter().enumerate() {
            let off = 8 * k as i64;
            match loc {
                ValLoc::Gpr(r) => self.a.store_far(StoreOp::StrX, r, BUF, off),
                ValLoc::Fpr(x) => self.a.store_fp_far(FpWidth::F64, x, BUF, off),
                ValLoc::Slot(s) => {
                    self.a.ldr(W64, Gpr::X16, slot_mem(s));
                    self.a.str(W64, Gpr::X16, Mem::base(BUF, off as i32));
                }
                ValLoc::Const(0) => self.a.store_far(StoreOp::StrX, Gpr::Zr, BUF, off),
                ValLoc::Const(bits) => {
                    self.a.mov_imm(W64, Gpr::X16, bits);
                    self.a.str(W64, Gpr::X16, Mem::base(BUF, off as i32));
                }
            }
        }
    }

    /// Loads `values` (trace inputs or label arguments, in buffer order) from the word
    /// buffer into fresh locations and records them with the allocators; returns each
    /// one's location. Values without uses, constants and repeats are skipped.
    pub(crate) fn load_from_buffer(
        &mut self,
        values: &[OpRef],
    ) -> CgResult<Vec<Option<Location<AnyReg>>>> {
        self.words = self.words.max(values.len());
        let mut next_gpr = 0;
        let mut next_fpr = 0;
        let mut loaded_any = false;
        let mut out = Vec::with_capacity(values.len());
        for (k, &v) in values.iter().enumerate() {
            if v.is_const()
                || self.live.uses(v).is_empty()
                || self.gpr.location(v).is_some()
                || self.fpr.location(v).is_some()
            {
                out.push(None);
                continue;
            }
            if !loaded_any {
                self.a.ldr(W64, BUF, Mem::base(Gpr::X29, CTX));
                loaded_any = true;
            }
            let off = 8 * k as i64;
            let kind = self.t.kind_of(v);
            let loc = if kind == Kind::Float && next_fpr < FPR_ALLOC.len() {
                let r = FPR_ALLOC[next_fpr];
                next_fpr += 1;
                self.a.load_fp_far(FpWidth::F64, r, BUF, off);
                self.fpr.place(v, kind, Location::Reg(r));
                Location::Reg(AnyReg::F(r))
            } else if kind != Kind::Float && next_gpr < GPR_ALLOC.len() {
                let r = GPR_ALLOC[next_gpr];
                next_gpr += 1;
                self.a.load_far(LoadOp::LdrX, r, BUF, off);
                self.gpr.place(v, kind, Location::Reg(r));
                Location::Reg(AnyReg::G(r))
            } else {
                let s = self.slots.alloc(kind);
                self.a.load_far(LoadOp::LdrX, Gpr::X16, BUF, off);
                self.a.str(W64, Gpr::X16, slot_mem(s));
                if kind == Kind::Float {
                    self.fpr.place(v, kind, Location::Slot(s));
                } else {
                    self.gpr.place(v, kind, Location::Slot(s));
                }
                Location::Slot(s)
            };
            out.push(Some(loc));
        }
        self.max_slots = self.max_slots.max(self.slots.len());
        Ok(out)
    }

    /// The location (or constant) of each of `values`.
    fn locs_of(&self, values: &[OpRef], what: &str) -> CgResult<Vec<ValLoc>> {
        values
            .iter()
            .map(|&v| {
                self.val_loc(v)
                    .ok_or_else(|| internal(format!("{what} argument {v:?} has no location")))
            })
            .collect()
    }

    /// `label(args)`: the arguments stay where they are (fall-through costs nothing)
    /// and those locations become the label's: back edges move into them, and the
    /// label's out-of-line buffer entry (the target of jumps from other traces) loads
    /// them there from the buffer.
    pub(crate) fn label(&mut self, at: usize, args: &[OpRef]) -> CgResult<()> {
        let t = self.t;
        let token = t
            .descr_of(t.op(at))
            .and_then(Descr::as_target)
            .ok_or_else(|| internal(format!("label at op {at} needs a target token")))?
            .id;
        let &(body, buffer_entry) = self
            .local_labels
            .get(&token)
            .ok_or_else(|| internal("label without an assembler label"))?;
        // Nothing from before the label survives it: the code after it sees only the
        // label's arguments, in the locations recorded here.
        let mut gpr = RegAlloc::new(&GPR_ALLOC);
        let mut fpr = RegAlloc::new(&FPR_ALLOC);
        let mut slots = FrameSlots::new();
        let mut locs = Vec::with_capacity(args.len());
        for (k, &v) in args.iter().enumerate() {
            if v.is_const() || args[..k].contains(&v) || !self.live.is_live_after(v, at) {
                locs.push(None);
                continue;
            }
            let kind = self.t.kind_of(v);
            let loc = if kind == Kind::Float {
                match (self.fpr.reg(v), self.fpr.slot(v)) {
                    (Some(r), _) => Location::Reg(AnyReg::F(r)),
                    (None, Some(s)) => Location::Slot(s),
                    (None, None) => {
                        return Err(internal(format!("label argument {v:?} has no location")));
                    }
                }
            } else {
                match (self.gpr.reg(v), self.gpr.slot(v)) {
                    (Some(r), _) => Location::Reg(AnyReg::G(r)),
                    (None, Some(s)) => Location::Slot(s),
                    (None, None) => {
                        return Err(internal(format!("label argument {v:?} has no location")));
                    }
                }
            };
            match loc {
                Location::Reg(AnyReg::G(r)) => gpr.place(v, kind, Location::Reg(r)),
                Location::Reg(AnyReg::F(r)) => fpr.place(v, kind, Location::Reg(r)),
                Location::Slot(s) => {
                    slots.claim(s, kind);
                    if kind == Kind::Float {
                        fpr.place(v, kind, Location::Slot(s));
                    } else {
                        gpr.place(v, kind, Location::Slot(s));
                    }
                }
            }
            locs.push(Some(loc));
        }
        self.gpr = gpr;
        self.fpr = fpr;
        self.slots = slots;
        self.max_slots = self.max_slots.max(self.slots.len());
        self.pending = None;
        self.pending_ovf = None;
        self.words = self.words.max(args.len());
        self.a.bind(body);
        self.labels.push((
            LabelOut {
                token,
                offset: 0,
                entry: None,
                args: args.len(),
            },
            buffer_entry,
        ));
        self.label_locs.insert(
            token,
            LabelLocs {
                body,
                buffer_entry,
                locs,
            },
        );
        Ok(())
    }

    /// The out-of-line buffer entry of a label: loads its arguments from the word buffer
    /// into the label's locations and continues at the label.
    pub(crate) fn emit_buffer_entry(&mut self, ll: &LabelLocs) {
        self.a.bind(ll.buffer_entry);
        if ll.locs.iter().any(Option::is_some) {
            self.a.ldr(W64, BUF, Mem::base(Gpr::X29, CTX));
        }
        for (k, loc) in ll.locs.iter().enumerate() {
            let off = 8 * k as i64;
            match *loc {
                None => {}
                Some(Location::Reg(AnyReg::G(r))) => self.a.load_far(LoadOp::LdrX, r, BUF, off),
                Some(Location::Reg(AnyReg::F(x))) => self.a.load_fp_far(FpWidth::F64, x, BUF, off),
                Some(Location::Slot(s)) => {
                    self.a.load_far(LoadOp::LdrX, Gpr::X16, BUF, off);
                    self.a.str(W64, Gpr::X16, slot_mem(s));
                }
            }
        }
        self.a.b(ll.body);
    }

    /// `jump(args)` to a label of this trace (a parallel move into the label's locations)
    /// or of a compiled one (through the buffer).
    pub(crate) fn jump(&mut self, at: usize, args: &[OpRef]) -> CgResult<()> {
        let t = self.t;
        let tok = t
            .descr_of(t.op(at))
            .and_then(Descr::as_target)
            .ok_or_else(|| internal(format!("jump at op {at} needs a target token")))?
            .clone();
        if let Some(ll) = self.label_locs.get(&tok.id) {
            if ll.locs.len() != args.len() {
                return Err(BackendError::InvalidTrace(format!(
                    "jump at op {at} passes {} values to {}, which takes {}",
                    args.len(),
                    tok.name,
                    ll.locs.len()
                )));
            }
            let body = ll.body;
            let mut assignments = Vec::with_capacity(args.len());
            for (&v, dst) in args.iter().zip(ll.locs.clone()) {
                let Some(dst) = dst else { continue };
                let src = match self.val_loc(v) {
                    Some(ValLoc::Gpr(r)) => Source::Loc(Location::Reg(AnyReg::G(r))),
                    Some(ValLoc::Fpr(x)) => Source::Loc(Location::Reg(AnyReg::F(x))),
                    Some(ValLoc::Slot(s)) => Source::Loc(Location::Slot(s)),
                    Some(ValLoc::Const(bits)) => Source::Const(Value::Int(bits as i64)),
                    None => return Err(internal(format!("jump argument {v:?} has no location"))),
                };
                assignments.push((src, dst));
            }
            let scratch = Location::Slot(SCRATCH_SLOT);
            for (src, dst) in parallel_moves(&assignments, scratch) {
                self.transfer(src, dst);
            }
            self.a.b(body);
            return Ok(());
        }
        let locs = self.locs_of(args, "jump")?;
        self.words = self.words.max(locs.len());
        if let Some(&(_, buffer_entry)) = self.local_labels.get(&tok.id) {
            // A label later in this trace (not emitted yet): through the buffer.
            self.store_to_buffer(&locs);
            self.a.b(buffer_entry);
            return Ok(());
        }
        let (addr, n) = (self.input.targets)(tok.id)
            .ok_or_else(|| BackendError::UnknownTarget(format!("{} (op {at})", tok.name)))?;
        if n != args.len() {
            return Err(BackendError::InvalidTrace(format!(
                "jump at op {at} passes {} values to {}, which takes {n}",
                args.len(),
                tok.name
            )));
        }
        self.store_to_buffer(&locs);
        // Entering another trace: a fresh force word, as the IR interpreter does.
        self.a.str(W64, Gpr::Zr, Mem::base(Gpr::X29, frame::FORCE));
        self.a.b_addr(addr);
        self.external_jumps.push(tok.id);
        Ok(())
    }

    /// One transfer of a parallel move (x16 carries slot-to-slot and constant moves).
    fn transfer(&mut self, src: Source<AnyReg>, dst: Location<AnyReg>) {
        use AnyReg::{F, G};
        match (src, dst) {
            (Source::Const(v), Location::Reg(G(r))) => self.a.mov_imm(W64, r, v.bits()),
            (Source::Const(v), Location::Reg(F(x))) => self.load_float_const(x, v.bits()),
            (Source::Const(v), Location::Slot(s)) => {
                let r = if v.bits() == 0 {
                    Gpr::Zr
                } else {
                    self.a.mov_imm(W64, Gpr::X16, v.bits());
                    Gpr::X16
                };
                self.a.str(W64, r, slot_mem(s));
            }
            (Source::Loc(Location::Reg(G(a))), Location::Reg(G(b))) => self.a.mov_rr(W64, b, a),
            (Source::Loc(Location::Reg(F(a))), Location::Reg(F(b))) => {
                self.a.fmov_rr(FpWidth::F64, b, a)
            }
            (Source::Loc(Location::Reg(G(a))), Location::Reg(F(b))) => {
                self.a.fmov_from_gpr(FpWidth::F64, b, a)
            }
            (Source::Loc(Location::Reg(F(a))), Location::Reg(G(b))) => {
                self.a.fmov_to_gpr(FpWidth::F64, b, a)
            }
            (Source::Loc(Location::Reg(G(a))), Location::Slot(s)) => {
                self.a.str(W64, a, slot_mem(s))
            }
            (Source::Loc(Location::Reg(F(a))), Location::Slot(s)) => {
                self.a.store_fp(FpWidth::F64, a, slot_mem(s))
            }
            (Source::Loc(Location::Slot(s)), Location::Reg(G(b))) => {
                self.a.ldr(W64, b, slot_mem(s))
            }
            (Source::Loc(Location::Slot(s)), Location::Reg(F(b))) => {
                self.a.load_fp(FpWidth::F64, b, slot_mem(s))
            }
            (Source::Loc(Location::Slot(a)), Location::Slot(b)) => {
                self.a.ldr(W64, Gpr::X16, slot_mem(a));
                self.a.str(W64, Gpr::X16, slot_mem(b));
            }
        }
    }

    /// `finish(v?)`.
    pub(crate) fn finish_op(&mut self, args: &[OpRef]) -> CgResult<()> {
        let code = match args.first() {
            None => exit_code::FINISH_VOID,
            Some(&v) => {
                let locs = self.locs_of(&[v], "finish")?;
                self.store_to_buffer(&locs);
                match self.t.kind_of(v) {
                    Kind::Int => exit_code::FINISH_INT,
                    Kind::Ref => exit_code::FINISH_REF,
                    Kind::Float => exit_code::FINISH_FLOAT,
                    Kind::Void => exit_code::FINISH_VOID,
                }
            }
        };
        self.a.mov_imm(Width::W32, Gpr::X0, code as u64);
        self.a.b(self.exit_common);
        Ok(())
    }
}
