//! Entering and leaving a trace: input placement, entry stubs, bridge prologues, labels,
//! jumps (inside the trace, or into a label of another compiled trace), `finish`, the
//! common exit.
//!
//! - A loop's inputs go into registers (callee-saved first), then slots; its entry stub
//!   (`extern "C" fn(words: *mut u64) -> u64`) pushes the callee-saved registers, sets up
//!   the frame, loads the inputs from the word buffer and jumps to the body. Every label
//!   gets such a stub too, so `call_assembler` can run the loop from there.
//! - A bridge's inputs are where its guard left them (registers and slots of the shared
//!   frame); its prologue only resizes the frame (`lea rsp, [rbp - frame]`, the
//!   displacement patched once the frame size is known) and resets the force word.
//! - At a label, each argument gets one location: its register (a slot copy is dropped,
//!   since the back edge writes only the label's locations), or a free register it is
//!   reloaded into, or its slot. A jump writes the label's locations with one parallel
//!   move. A jump into another trace also resizes the frame to the target's (this trace's
//!   frame is made at least as big, so the moves never write below RSP) and resets the
//!   force word (a new trace starts with an unforced frame, as in the IR interpreter).
//!
//! Invariant: every trace of one execution shares RBP and the frame header; RSP is always
//! `rbp - frame` of the trace running.

use tern_jit_ir::backend_support::Location;
use tern_jit_ir::descr::Descr;
use tern_jit_ir::{BackendError, Kind, OpRef};

use super::frame::{
    CTX, FORCE, GCMAP, GPR_ALLOC, LINK, SAVED, SCRATCH, ValLoc, XMM_ALLOC, header, slot_mem,
};
use super::{CgResult, Codegen, EntryKind, LabelOut, Ool, exit_code, internal};
use crate::abi::{Loc, MoveSrc, Scratch, emit_parallel_moves};
use crate::asm::{Gpr, Label, Mem, SseOp, Width};

use Width::W64;

impl Codegen<'_> {
    /// Records that input/label value `v` of `kind` is at `loc`.
    fn place(&mut self, v: OpRef, kind: Kind, loc: ValLoc) -> CgResult<()> {
        match (loc, kind) {
            (ValLoc::Gpr(r), Kind::Int | Kind::Ref) => self.gpr.place(v, kind, Location::Reg(r)),
            (ValLoc::Xmm(x), Kind::Float) => self.xmm.place(v, kind, Location::Reg(x)),
            (ValLoc::Slot(s), Kind::Float) => {
                self.slots.claim(s, kind);
                self.xmm.place(v, kind, Location::Slot(s));
            }
            (ValLoc::Slot(s), Kind::Int | Kind::Ref) => {
                self.slots.claim(s, kind);
                self.gpr.place(v, kind, Location::Slot(s));
            }
            _ => {
                return Err(internal(format!(
                    "input {v:?} of kind {kind} cannot live in {loc:?}"
                )));
            }
        }
        Ok(())
    }

    /// Chooses (loop) or adopts (bridge) the locations of the trace's inputs.
    pub(crate) fn place_inputs(&mut self) -> CgResult<()> {
        let t = self.t;
        match self.input.entry {
            EntryKind::Loop => {
                let (mut gi, mut xi) = (0, 0);
                for (i, &kind) in t.input_kinds().iter().enumerate() {
                    let v = OpRef::value(i as u32);
                    if self.live.uses(v).is_empty() {
                        self.input_locs.push(None);
                        continue;
                    }
                    let loc = if kind == Kind::Float {
                        xi += 1;
                        match XMM_ALLOC.get(xi - 1) {
                            Some(&x) => ValLoc::Xmm(x),
                            None => ValLoc::Slot(self.slots.alloc(kind)),
                        }
                    } else {
                        gi += 1;
                        match GPR_ALLOC.get(gi - 1) {
                            Some(&r) => ValLoc::Gpr(r),
                            None => ValLoc::Slot(self.slots.alloc(kind)),
                        }
                    };
                    self.place(v, kind, loc)?;
                    self.input_locs.push(Some(loc));
                }
            }
            EntryKind::Bridge { locs } => {
                if locs.len() != t.num_inputs() {
                    return Err(BackendError::BridgeMismatch(format!(
                        "the guard reports {} values, the bridge takes {}",
                        locs.len(),
                        t.num_inputs()
                    )));
                }
                for (i, (&kind, &loc)) in t.input_kinds().iter().zip(locs).enumerate() {
                    let v = OpRef::value(i as u32);
                    if self.live.uses(v).is_empty() {
                        self.input_locs.push(None);
                        continue;
                    }
                    self.place(v, kind, loc)?;
                    self.input_locs.push(Some(loc));
                }
            }
        }
        Ok(())
    }

    /// The start of a bridge: resize the frame, reset the force word.
    pub(crate) fn bridge_prologue(&mut self) {
        // A 32-bit displacement, patched with the frame size at the end.
        self.a.lea(W64, Gpr::Rsp, Mem::base(Gpr::Rbp, -0x7fff_fff0));
        self.frame_patch = Some(self.a.offset() - 4);
        self.a.mov_mi(W64, header(FORCE), 0);
    }

    /// `label(args)`: fixes the locations of the arguments and binds the jump target.
    pub(crate) fn label(&mut self, at: usize, args: &[OpRef]) -> CgResult<()> {
        let t = self.t;
        let token = t
            .descr_of(t.op(at))
            .and_then(Descr::as_target)
            .ok_or_else(|| internal(format!("label at op {at} has no token")))?
            .id;
        // Arguments only in slots move into free registers (once, before the loop).
        for &v in args {
            if !self.live.is_live_after(v, at) {
                continue;
            }
            if t.kind_of(v) == Kind::Float {
                if self.xmm.reg(v).is_none()
                    && let Some(&x) = XMM_ALLOC.iter().find(|&&x| self.xmm.holder(x).is_none())
                {
                    self.xmm
                        .use_in(v, x, at, &self.live, &mut self.slots, &mut self.xm);
                }
            } else if self.gpr.reg(v).is_none()
                && let Some(&r) = GPR_ALLOC.iter().find(|&&r| self.gpr.holder(r).is_none())
            {
                self.gpr
                    .use_in(v, r, at, &self.live, &mut self.slots, &mut self.gm);
            }
        }
        self.flush();
        let mut locs = Vec::with_capacity(args.len());
        let mut kinds = Vec::with_capacity(args.len());
        for &v in args {
            if t.kind_of(v) == Kind::Float {
                self.xmm.drop_slot_copy(v, &mut self.slots);
            } else {
                self.gpr.drop_slot_copy(v, &mut self.slots);
            }
            locs.push(
                self.val_loc(v)
                    .ok_or_else(|| internal(format!("label argument {v:?} has no location")))?,
            );
            kinds.push(t.kind_of(v));
        }
        let l = self.a.new_label();
        self.a.bind(l);
        self.labels.push((
            LabelOut {
                token,
                offset: 0,
                entry: 0,
                locs,
                kinds,
            },
            l,
        ));
        Ok(())
    }

    /// `jump(args)` to a label of this trace or of a compiled one.
    pub(crate) fn jump(&mut self, at: usize, args: &[OpRef]) -> CgResult<()> {
        let t = self.t;
        let target = t
            .descr_of(t.op(at))
            .and_then(Descr::as_target)
            .ok_or_else(|| internal(format!("jump at op {at} has no token")))?
            .clone();
        enum Dest {
            Here(Label),
            There(u64, u32),
        }
        let (locs, dest) = match self.labels.iter().find(|(l, _)| l.token == target.id) {
            Some((l, asm_label)) => (l.locs.clone(), Dest::Here(*asm_label)),
            None => match (self.input.targets)(target.id) {
                Some(info) => (info.locs, Dest::There(info.addr, info.frame)),
                None => {
                    return Err(BackendError::UnknownTarget(format!(
                        "{} (op {at})",
                        target.name
                    )));
                }
            },
        };
        if locs.len() != args.len() {
            return Err(BackendError::InvalidTrace(format!(
                "jump at op {at} passes {} values, label {} takes {}",
                args.len(),
                target.name,
                locs.len()
            )));
        }
        let mut moves = Vec::with_capacity(args.len());
        for (&v, &l) in args.iter().zip(&locs) {
            moves.push((self.move_src(v)?, l.loc()));
        }
        emit_parallel_moves(&mut self.a, &moves, Scratch::default())
            .map_err(|e| internal(format!("jump at op {at}: {e}")))?;
        match dest {
            Dest::Here(l) => self.a.jmp(l),
            Dest::There(addr, frame) => {
                self.min_frame = self.min_frame.max(frame);
                self.a
                    .lea(W64, Gpr::Rsp, Mem::base(Gpr::Rbp, -(frame as i32)));
                self.a.mov_mi(W64, header(FORCE), 0);
                self.a.jmp_addr(addr);
                self.external_jumps.push(target.id);
            }
        }
        Ok(())
    }

    /// `finish(v?)`: the value into word 0, the finish code into RAX, then leave.
    pub(crate) fn finish_op(&mut self, args: &[OpRef]) -> CgResult<()> {
        let code = match args.first() {
            None => exit_code::FINISH_VOID,
            Some(&v) => {
                let src = self.move_src(v)?;
                self.a.mov_rm(W64, SCRATCH, header(CTX));
                let dst = Mem::base(SCRATCH, 0);
                match src {
                    MoveSrc::Imm(bits) => match i32::try_from(bits) {
                        Ok(i) => self.a.mov_mi(W64, dst, i),
                        Err(_) => {
                            self.a.mov_ri(W64, Gpr::Rax, bits);
                            self.a.mov_mr(W64, dst, Gpr::Rax);
                        }
                    },
                    MoveSrc::Loc(Loc::Gpr(r)) => self.a.mov_mr(W64, dst, r),
                    MoveSrc::Loc(Loc::Xmm(x)) => self.a.movsd_mr(dst, x),
                    MoveSrc::Loc(Loc::Mem(m)) => {
                        self.a.mov_rm(W64, Gpr::Rax, m);
                        self.a.mov_mr(W64, dst, Gpr::Rax);
                    }
                }
                match self.t.kind_of(v) {
                    Kind::Int => exit_code::FINISH_INT,
                    Kind::Ref => exit_code::FINISH_REF,
                    _ => exit_code::FINISH_FLOAT,
                }
            }
        };
        self.a.mov_ri(Width::W32, Gpr::Rax, code as i64);
        self.a.jmp(self.exit_common);
        Ok(())
    }

    /// Whether the frame chain for root walking is maintained (moving GCs only).
    fn chain_frames(&self) -> bool {
        self.input.config.gc.moving
    }

    /// An entry stub: a System V function `fn(words: *mut u64) -> u64` that sets up the
    /// frame, loads `locs[i]` from `words[i]` and jumps to `target`.
    pub(crate) fn emit_entry_stub(&mut self, frame: u32, locs: &[Option<ValLoc>], target: Label) {
        self.a.push_r(Gpr::Rbp);
        self.a.mov_rr(W64, Gpr::Rbp, Gpr::Rsp);
        for r in SAVED {
            self.a.push_r(r);
        }
        self.a
            .lea(W64, Gpr::Rsp, Mem::base(Gpr::Rbp, -(frame as i32)));
        self.a.mov_mr(W64, header(CTX), Gpr::Rdi);
        self.a.mov_mi(W64, header(FORCE), 0);
        if self.chain_frames() {
            self.a.mov_ri(W64, SCRATCH, self.input.frame_top as i64);
            self.a.mov_rm(W64, Gpr::Rax, Mem::base(SCRATCH, 0));
            self.a.mov_mr(W64, header(LINK), Gpr::Rax);
            self.a.mov_mr(W64, Mem::base(SCRATCH, 0), Gpr::Rbp);
            self.a.mov_mi(W64, header(GCMAP), 0);
        }
        self.a.mov_rr(W64, SCRATCH, Gpr::Rdi);
        for (i, loc) in locs.iter().enumerate() {
            if let Some(ValLoc::Slot(s)) = loc {
                self.a
                    .mov_rm(W64, Gpr::Rax, Mem::base(SCRATCH, 8 * i as i32));
                self.a.mov_mr(W64, slot_mem(*s), Gpr::Rax);
            }
        }
        for (i, loc) in locs.iter().enumerate() {
            let src = Mem::base(SCRATCH, 8 * i as i32);
            match loc {
                Some(ValLoc::Gpr(r)) => self.a.mov_rm(W64, *r, src),
                Some(ValLoc::Xmm(x)) => self.a.sse_rm(SseOp::Movsd, *x, src),
                _ => {}
            }
        }
        self.a.jmp(target);
    }

    /// The common exit: unlink the frame, restore the callee-saved registers, return the
    /// exit number in RAX.
    pub(crate) fn emit_exit_common(&mut self) {
        if self.chain_frames() {
            self.a.mov_rm(W64, Gpr::Rcx, header(LINK));
            self.a.mov_ri(W64, SCRATCH, self.input.frame_top as i64);
            self.a.mov_mr(W64, Mem::base(SCRATCH, 0), Gpr::Rcx);
        }
        self.a
            .lea(W64, Gpr::Rsp, Mem::base(Gpr::Rbp, -8 * SAVED.len() as i32));
        for r in SAVED.iter().rev() {
            self.a.pop_r(*r);
        }
        self.a.pop_r(Gpr::Rbp);
        self.a.ret();
    }

    /// Emits one out-of-line path.
    pub(crate) fn emit_ool(&mut self, o: &Ool) -> CgResult<()> {
        match *o {
            Ool::Call(ref c) => self.emit_slow_call(c)?,
            Ool::FloatToInt {
                entry,
                back,
                dst,
                src,
            } => self.emit_float_to_int_fix(entry, back, dst, src),
            Ool::DivByMinusOne { entry, back, rem } => self.emit_div_by_minus_one(entry, back, rem),
        }
        Ok(())
    }
}
