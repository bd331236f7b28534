//! Calls under AAPCS64: `call_*`, `call_pure_*`, `call_may_force_*`,
//! `call_release_gil_*` and `call_assembler_*` (allocation and the write barrier are in
//! `gc.rs`).
//!
//! A call first gives every non-constant argument a slot copy, then moves every value
//! that lives on after the call out of the caller-saved registers (x0..x15, v0..v7,
//! v16..v30), then loads the arguments from their slots or as constants straight into
//! x0..x7 / d0..d7 and the outgoing stack area (integers and floats counted separately,
//! the rest in order on the stack, 8 bytes each, the area rounded to 16). Since every
//! source is memory or a constant, no argument move can clobber another. The callee goes
//! through x16 (`blr x16`). The result arrives in x0/d0 and is narrowed as the descriptor
//! says; if the callee may raise, a result produced while an exception is pending reads as
//! zero, as in the IR interpreter.
//!
//! `call_assembler` passes its arguments in a stack buffer to the runtime's helper, which
//! runs the target label's callable entry in a nested frame and leaves the result word
//! after the arguments. With a moving GC, every call that can collect is a GC point
//! (`gc.rs`).

use tern_jit_ir::backend_support::can_collect;
use tern_jit_ir::descr::Descr;
use tern_jit_ir::{Kind, OpCode, OpRef};

use super::frame::{FPR_CALLER_SAVED, GPR_CALLER_SAVED, SLOT_AREA, slot_mem_biased};
use super::{CgResult, Codegen, exit_code, internal};
use crate::asm::{ExtendOp, FpWidth, Fpr, Gpr, Mem, Width};

use Width::W64;

/// Where a call argument comes from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ArgSrc {
    /// A spill slot.
    Slot(tern_jit_ir::backend_support::SlotId),
    /// A constant (its bits).
    Const(u64),
}

const INT_ARGS: [Gpr; 8] = [
    Gpr::X0,
    Gpr::X1,
    Gpr::X2,
    Gpr::X3,
    Gpr::X4,
    Gpr::X5,
    Gpr::X6,
    Gpr::X7,
];
const FLOAT_ARGS: [Fpr; 8] = [
    Fpr::V0,
    Fpr::V1,
    Fpr::V2,
    Fpr::V3,
    Fpr::V4,
    Fpr::V5,
    Fpr::V6,
    Fpr::V7,
];

impl Codegen<'_> {
    /// The source of argument `v`: a constant, or its slot (created now if needed).
    pub(crate) fn arg_src(&mut self, v: OpRef) -> ArgSrc {
        match self.const_bits(v) {
            Some(bits) => ArgSrc::Const(bits),
            None => ArgSrc::Slot(self.ensure_slot(v)),
        }
    }

    /// Spills values live after op `at` out of caller-saved registers.
    pub(crate) fn spill_caller_saved(&mut self, at: usize) {
        self.gpr.spill_live_across(
            at,
            &self.live,
            &GPR_CALLER_SAVED,
            &mut self.slots,
            &mut self.gm,
        );
        self.fpr.spill_live_across(
            at,
            &self.live,
            &FPR_CALLER_SAVED,
            &mut self.slots,
            &mut self.fm,
        );
        self.flush();
    }

    /// Emits the call sequence: `func` (None: `target`), `args` with their float-ness.
    pub(crate) fn emit_call(
        &mut self,
        func: ArgSrc,
        args: &[(ArgSrc, bool)],
        gcmap: Option<u32>,
    ) -> CgResult<()> {
        let mut ni = 0;
        let mut nf = 0;
        let mut stack = Vec::new();
        let mut in_regs = Vec::new();
        for &(src, float) in args {
            if float && nf < FLOAT_ARGS.len() {
                in_regs.push((src, Some(FLOAT_ARGS[nf]), None));
                nf += 1;
            } else if !float && ni < INT_ARGS.len() {
                in_regs.push((src, None, Some(INT_ARGS[ni])));
                ni += 1;
            } else {
                stack.push(src);
            }
        }
        let area = (8 * stack.len() as u32).next_multiple_of(16);
        if area > 1024 || area + 8 * self.slots.len() as u32 > SLOT_AREA {
            return Err(internal(format!("{} stack arguments", stack.len())));
        }
        if area > 0 {
            self.a.sub_imm(W64, Gpr::Sp, Gpr::Sp, area);
        }
        for (k, &src) in stack.iter().enumerate() {
            self.load_src(Gpr::X16, src, area);
            self.a.str(W64, Gpr::X16, Mem::base(Gpr::Sp, 8 * k as i32));
        }
        for &(src, f, i) in &in_regs {
            match (f, i) {
                (Some(f), _) => match src {
                    ArgSrc::Slot(s) => self.a.load_fp(FpWidth::F64, f, slot_mem_biased(s, area)),
                    ArgSrc::Const(bits) => self.load_float_const(f, bits),
                },
                (None, Some(r)) => self.load_src(r, src, area),
                (None, None) => return Err(internal("argument without a register")),
            }
        }
        self.load_src(Gpr::X16, func, area);
        self.begin_gc_point(gcmap);
        self.a.blr(Gpr::X16);
        self.end_gc_point(gcmap);
        if area > 0 {
            self.a.add_imm(W64, Gpr::Sp, Gpr::Sp, area);
        }
        Ok(())
    }

    fn load_src(&mut self, r: Gpr, src: ArgSrc, bias: u32) {
        match src {
            ArgSrc::Slot(s) => self.a.ldr(W64, r, slot_mem_biased(s, bias)),
            ArgSrc::Const(bits) => self.a.mov_imm(W64, r, bits),
        }
    }

    pub(crate) fn call(&mut self, at: usize, args: &[OpRef]) -> CgResult<()> {
        let t = self.t;
        let op = *t.op(at);
        let descr = t
            .descr_of(&op)
            .and_then(Descr::as_call)
            .cloned()
            .ok_or_else(|| internal(format!("op {at} needs a call descriptor")))?;
        let (&func, call_args) = args
            .split_first()
            .ok_or_else(|| internal("call without a function"))?;
        let mut srcs = Vec::with_capacity(call_args.len());
        for &v in call_args {
            let src = self.arg_src(v);
            srcs.push((src, t.kind_of(v) == Kind::Float));
        }
        let fsrc = self.arg_src(func);
        self.spill_caller_saved(at);
        let gcmap = self.gc_point(at, can_collect(t, at));
        self.emit_call(fsrc, &srcs, gcmap)?;
        if !op.opcode.has_result() {
            return Ok(());
        }
        let d = t.result_of(at);
        let float = t.kind_of(d) == Kind::Float;
        if float {
            self.fdef_in(d, Fpr::V0, at);
        } else {
            self.idef_in(d, Gpr::X0, at);
            if descr.result == Kind::Int && descr.result_size < 8 {
                let ext = match (descr.result_size, descr.result_signed) {
                    (1, true) => Some(ExtendOp::Sxtb),
                    (1, false) => Some(ExtendOp::Uxtb),
                    (2, true) => Some(ExtendOp::Sxth),
                    (2, false) => Some(ExtendOp::Uxth),
                    (4, true) => Some(ExtendOp::Sxtw),
                    _ => None,
                };
                match ext {
                    Some(e) => self.a.extend(e, W64, Gpr::X0, Gpr::X0),
                    None => self.a.mov_rr(Width::W32, Gpr::X0, Gpr::X0),
                }
            }
        }
        let checked_next = t.ops().get(at + 1).is_some_and(|o| {
            o.opcode == OpCode::GuardNoException && !t.failargs(at + 1).contains(&d)
        });
        if descr.effect.can_raise && !self.live.uses(d).is_empty() && !checked_next {
            let ok = self.a.new_label();
            self.a
                .mov_imm(W64, Gpr::X16, self.input.config.runtime.exc_class);
            self.a.ldr(W64, Gpr::X16, Mem::base(Gpr::X16, 0));
            self.a.cbz(W64, Gpr::X16, ok);
            if float {
                self.a.fmov_from_gpr(FpWidth::F64, Fpr::V0, Gpr::Zr);
            } else {
                self.a.mov_rr(W64, Gpr::X0, Gpr::Zr);
            }
            self.a.bind(ok);
        }
        Ok(())
    }
}

impl Codegen<'_> {
    /// `call_assembler_*(args, descr=token)`: the arguments go to a stack buffer, the
    /// runtime's helper runs the target label in a nested frame and leaves the result
    /// word after the arguments; a failure of the helper abandons the execution.
    pub(crate) fn call_assembler(&mut self, at: usize, args: &[OpRef]) -> CgResult<()> {
        let t = self.t;
        let op = *t.op(at);
        let token = t
            .descr_of(&op)
            .and_then(Descr::as_target)
            .ok_or_else(|| internal(format!("op {at} needs a target token")))?
            .clone();
        let local = self.t.find_label(token.id).map(|l| self.t.args_at(l).len());
        let n_target = match local.or_else(|| (self.input.targets)(token.id).map(|(_, n)| n)) {
            Some(n) => n,
            None => {
                return Err(tern_jit_ir::BackendError::UnknownTarget(format!(
                    "{} (op {at})",
                    token.name
                )));
            }
        };
        if n_target != args.len() {
            return Err(tern_jit_ir::BackendError::InvalidTrace(format!(
                "call_assembler at op {at} passes {} values to {}, which takes {n_target}",
                args.len(),
                token.name
            )));
        }
        self.assembler_calls.push(token.id);
        let srcs: Vec<ArgSrc> = args.iter().map(|&v| self.arg_src(v)).collect();
        self.spill_caller_saved(at);
        // The nested loop may allocate: always a GC point.
        let gcmap = self.gc_point(at, true);
        let n = args.len() as u32;
        let area = (8 * n + 8).next_multiple_of(16);
        if area > 1024 {
            return Err(internal(format!("call_assembler with {n} arguments")));
        }
        self.a.sub_imm(W64, Gpr::Sp, Gpr::Sp, area);
        for (i, &src) in srcs.iter().enumerate() {
            self.load_src(Gpr::X16, src, area);
            self.a.str(W64, Gpr::X16, Mem::base(Gpr::Sp, 8 * i as i32));
        }
        self.a.mov_imm(W64, Gpr::X0, self.input.runtime);
        self.a.mov_imm(W64, Gpr::X1, token.id);
        self.a.add_imm(W64, Gpr::X2, Gpr::Sp, 0);
        self.a.add_imm(W64, Gpr::X3, Gpr::Sp, 8 * n);
        self.a
            .mov_imm(W64, Gpr::X16, self.input.call_assembler_helper);
        self.begin_gc_point(gcmap);
        self.a.blr(Gpr::X16);
        self.end_gc_point(gcmap);
        let fail = self.abort_label(exit_code::ABORT_CALL_ASSEMBLER);
        // Pop the buffer first (the abort path does not need it).
        self.a.ldr(W64, Gpr::X16, Mem::base(Gpr::Sp, 8 * n as i32));
        self.a.add_imm(W64, Gpr::Sp, Gpr::Sp, area);
        self.a.cbnz(Width::W32, Gpr::X0, fail);
        if op.opcode.has_result() {
            let d = t.result_of(at);
            if t.kind_of(d) == Kind::Float {
                self.fdef_in(d, Fpr::V0, at);
                self.a.fmov_from_gpr(FpWidth::F64, Fpr::V0, Gpr::X16);
            } else {
                self.idef_in(d, Gpr::X0, at);
                self.a.mov_rr(W64, Gpr::X0, Gpr::X16);
            }
        }
        Ok(())
    }
}
