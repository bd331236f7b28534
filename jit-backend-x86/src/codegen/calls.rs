//! Calls: `call_*`, `call_pure_*`, `call_may_force_*`, `call_release_gil_*` under the
//! System V ABI, and `call_assembler_*` through the runtime.
//!
//! A call captures where its arguments are, moves every value that lives on after the
//! call out of caller-saved registers (into frame slots; for a collecting call under a
//! moving GC, every live reference), publishes the call's GC map if the GC moves, and
//! emits the ABI sequence (`abi::emit_call`: stack arguments, parallel argument moves,
//! 16-byte alignment, which holds because every frame size is a multiple of 16). The
//! result arrives in RAX/XMM0 and is narrowed as the descriptor says. If the callee may
//! raise, a result produced while an exception is pending reads as zero, as in the IR
//! interpreter.
//!
//! `call_assembler` stores its arguments in a stack buffer and calls the runtime's helper,
//! which runs the target loop in a nested frame and returns its finish value (or fails,
//! which abandons the execution with the helper's message).

use tern_jit_ir::backend_support::can_collect;
use tern_jit_ir::descr::Descr;
use tern_jit_ir::{Kind, OpRef};

use super::frame::{GCMAP, GPR_CALLER_SAVED, SAVED, SCRATCH, XMM_ALLOC, header};
use super::{CgResult, Codegen, exit_code, internal};
use crate::abi::{ArgKind, CallTarget, Loc, MoveSrc, Scratch, emit_call};
use crate::asm::{AluOp, Cond, Gpr, Label, Mem, SseOp, Width, Xmm};

use Width::W64;

impl Codegen<'_> {
    /// Empties the registers a call clobbers of values needed after op `at` (and, for a
    /// collecting call under a moving GC, every register of references). Returns the GC
    /// map id to publish during the call.
    fn prepare_call(&mut self, at: usize, collects: bool) -> Option<u32> {
        self.gpr.spill_live_across(
            at,
            &self.live,
            &GPR_CALLER_SAVED,
            &mut self.slots,
            &mut self.gm,
        );
        self.xmm
            .spill_live_across(at, &self.live, &XMM_ALLOC, &mut self.slots, &mut self.xm);
        let moving = collects && self.input.config.gc.moving;
        if moving {
            let refs: Vec<Gpr> = SAVED
                .iter()
                .copied()
                .filter(|&r| {
                    self.gpr
                        .holder(r)
                        .is_some_and(|v| self.t.kind_of(v) == Kind::Ref)
                })
                .collect();
            self.gpr
                .spill_live_across(at, &self.live, &refs, &mut self.slots, &mut self.gm);
        }
        self.flush();
        moving.then(|| self.record_gcmap(at))
    }

    /// `call_*` families that take a function address.
    pub(crate) fn call(&mut self, at: usize, args: &[OpRef]) -> CgResult<()> {
        let t = self.t;
        let op = *t.op(at);
        let descr = t
            .descr_of(&op)
            .and_then(Descr::as_call)
            .cloned()
            .ok_or_else(|| internal(format!("op {at} needs a call descriptor")))?;
        let (func, call_args) = args
            .split_first()
            .ok_or_else(|| internal("call without a function"))?;
        let mut srcs = Vec::with_capacity(call_args.len());
        for &v in call_args {
            let kind = if t.kind_of(v) == Kind::Float {
                ArgKind::Float
            } else {
                ArgKind::Int
            };
            srcs.push((self.move_src(v)?, kind));
        }
        let target = match self.const_bits(*func) {
            Some(addr) => CallTarget::Far(addr),
            None => {
                let s = self.gpr.ensure_slot(*func, &mut self.slots, &mut self.gm);
                self.flush();
                CallTarget::Mem(super::frame::slot_mem(s))
            }
        };
        let gcmap = self.prepare_call(at, can_collect(t, at));
        if let Some(id) = gcmap {
            self.a.mov_mi(W64, header(GCMAP), id as i32);
        }
        emit_call(&mut self.a, target, &srcs, false, Scratch::default())
            .map_err(|e| internal(format!("call at op {at}: {e}")))?;
        if gcmap.is_some() {
            self.a.mov_mi(W64, header(GCMAP), 0);
        }
        if !op.opcode.has_result() {
            return Ok(());
        }
        let d = t.result_of(at);
        let float = t.kind_of(d) == Kind::Float;
        if float {
            self.xdef_in(d, Xmm::Xmm0, at);
        } else {
            self.idef_in(d, Gpr::Rax, at);
            if descr.result == Kind::Int && descr.result_size < 8 {
                self.narrow_rax(descr.result_size, descr.result_signed);
            }
        }
        // A result produced while an exception is pending reads as zero. When the next op
        // is the `guard_no_exception` checking it and does not report the result, that
        // guard already separates the two cases.
        let checked_next = t.ops().get(at + 1).is_some_and(|o| {
            o.opcode == tern_jit_ir::OpCode::GuardNoException && !t.failargs(at + 1).contains(&d)
        });
        if descr.effect.can_raise && !self.live.uses(d).is_empty() && !checked_next {
            let ok = self.a.new_label();
            self.exception_pending_test();
            self.a.jcc(Cond::E, ok);
            if float {
                self.a.sse_rr(SseOp::Xorps, Xmm::Xmm0, Xmm::Xmm0);
            } else {
                self.a.alu_rr(AluOp::Xor, Width::W32, Gpr::Rax, Gpr::Rax);
            }
            self.a.bind(ok);
        }
        Ok(())
    }

    /// Extends the low `size` bytes of RAX.
    fn narrow_rax(&mut self, size: u8, signed: bool) {
        let w = match size {
            1 => Width::W8,
            2 => Width::W16,
            _ => Width::W32,
        };
        match (w, signed) {
            (Width::W32, false) => self.a.mov_rr(Width::W32, Gpr::Rax, Gpr::Rax),
            (w, true) => self.a.movsx_rr(W64, Gpr::Rax, w, Gpr::Rax),
            (w, false) => self.a.movzx_rr(Width::W32, Gpr::Rax, w, Gpr::Rax),
        }
    }

    /// `cmp qword [exc_class], 0` (ZF set when no exception is pending).
    pub(crate) fn exception_pending_test(&mut self) {
        let cell = self.input.config.runtime.exc_class;
        let m = self.abs_mem(cell);
        self.a.alu_mi(AluOp::Cmp, W64, m, 0);
    }

    /// A memory operand for the absolute address `addr` (through the scratch register
    /// unless it fits a 32-bit displacement). Clobbers the scratch register.
    pub(crate) fn abs_mem(&mut self, addr: u64) -> Mem {
        match i32::try_from(addr as i64) {
            Ok(d) => Mem::abs(d),
            Err(_) => {
                self.a.mov_ri(W64, SCRATCH, addr as i64);
                Mem::base(SCRATCH, 0)
            }
        }
    }

    /// `call_assembler_*`: runs the target loop through the runtime helper
    /// `helper(runtime, token, args, out) -> status`.
    pub(crate) fn call_assembler(&mut self, at: usize, args: &[OpRef]) -> CgResult<()> {
        let t = self.t;
        let op = *t.op(at);
        let token = t
            .descr_of(&op)
            .and_then(Descr::as_target)
            .ok_or_else(|| internal(format!("op {at} needs a target token")))?
            .clone();
        if !self.labels.iter().any(|(l, _)| l.token == token.id)
            && t.find_label(token.id).is_none()
            && (self.input.targets)(token.id).is_none()
        {
            return Err(tern_jit_ir::BackendError::UnknownTarget(format!(
                "{} (op {at})",
                token.name
            )));
        }
        self.assembler_calls.push(token.id);
        let mut srcs = Vec::with_capacity(args.len());
        for &v in args {
            srcs.push(self.move_src(v)?);
        }
        let gcmap = self.prepare_call(at, true);
        let n = args.len() as i32;
        let area = ((8 * n + 8) as u32).next_multiple_of(16) as i32;
        self.a.alu_ri(AluOp::Sub, W64, Gpr::Rsp, area);
        for (i, src) in srcs.into_iter().enumerate() {
            let dst = Mem::base(Gpr::Rsp, 8 * i as i32);
            match src {
                MoveSrc::Imm(v) => self.store_word(dst, v as u64),
                MoveSrc::Loc(Loc::Gpr(r)) => self.a.mov_mr(W64, dst, r),
                MoveSrc::Loc(Loc::Xmm(x)) => self.a.movsd_mr(dst, x),
                MoveSrc::Loc(Loc::Mem(m)) => {
                    self.a.mov_rm(W64, SCRATCH, m);
                    self.a.mov_mr(W64, dst, SCRATCH);
                }
            }
        }
        if let Some(id) = gcmap {
            self.a.mov_mi(W64, header(GCMAP), id as i32);
        }
        self.a.mov_ri(W64, Gpr::Rdi, self.input.runtime as i64);
        self.a.mov_ri(W64, Gpr::Rsi, token.id as i64);
        self.a.mov_rr(W64, Gpr::Rdx, Gpr::Rsp);
        self.a.lea(W64, Gpr::Rcx, Mem::base(Gpr::Rsp, 8 * n));
        self.a.call_far(self.input.call_assembler_helper, SCRATCH);
        if gcmap.is_some() {
            self.a.mov_mi(W64, header(GCMAP), 0);
        }
        let fail: Label = self.abort_label(exit_code::ABORT_CALL_ASSEMBLER);
        self.a.test_rr(Width::W32, Gpr::Rax, Gpr::Rax);
        self.a.jcc(Cond::Ne, fail);
        if op.opcode.has_result() {
            let d = t.result_of(at);
            let out = Mem::base(Gpr::Rsp, 8 * n);
            if t.kind_of(d) == Kind::Float {
                self.xdef_in(d, Xmm::Xmm0, at);
                self.a.sse_rm(SseOp::Movsd, Xmm::Xmm0, out);
            } else {
                self.idef_in(d, Gpr::Rax, at);
                self.a.mov_rm(W64, Gpr::Rax, out);
            }
        }
        self.a.alu_ri(AluOp::Add, W64, Gpr::Rsp, area);
        Ok(())
    }
}
