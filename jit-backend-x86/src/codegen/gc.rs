//! GC integration: inline nursery allocation, the inline write-barrier test, their
//! out-of-line slow paths, and GC maps.
//!
//! - Allocation fast path: `r11 = &nursery_free; p = [r11] + size; if p > [top] goto slow;
//!   [r11] = p; p -= size`, then (if the nursery is not pre-zeroed) zeroing, the type id,
//!   the array length, and after the join point the vtable. The slow path calls the GC's
//!   `malloc_slowpath(size, type_id)` / `malloc_array_slowpath(type_id, length)`; a null
//!   result abandons the execution with an error.
//! - Write barrier: `test byte [obj + flag_offset], mask; jnz slow` before a reference
//!   store into a GC object; the slow path calls `slowpath(obj)`.
//! - Slow paths are out of line and preserve every register of the inline path: values in
//!   caller-saved registers are saved to temporary frame slots around the call and
//!   restored after.
//! - GC maps (for a moving GC, `GcHooks::moving`): at every point where the collector may
//!   run (allocation slow paths, calls that can collect, `call_may_force`,
//!   `call_assembler`, `call_release_gil`), every live reference is in a frame slot whose
//!   bit is set in the point's map, and the frame's GCMAP word holds the map's id during
//!   the call. A collector walks the chain of JIT frames (see `JitRoots`), updates the
//!   slots, and the code reloads references from them after the call.
//!
//! Invariant: while the GCMAP word of a frame is non-zero, every slot in its map holds a
//! reference (or null) and no live reference of that frame exists only in a register.

use tern_jit_ir::backend_support::SlotId;
use tern_jit_ir::heap::array_bytes;
use tern_jit_ir::{Kind, OpRef};

use super::frame::{GCMAP, GPR_CALLER_SAVED, SCRATCH, ValLoc, header, slot_mem};
use super::regs::Regs;
use super::{CgResult, Codegen, GcMapOut, Ool, exit_code, internal};
use crate::abi::{Loc, MoveSrc, Scratch, emit_parallel_moves};
use crate::asm::{AluOp, Cond, Gpr, Label, Mem, Scale, SseOp, Width};

use Width::W64;

/// Arrays longer than this are always allocated by the slow path (it also rejects bad
/// lengths); keeps the inline size computation far from overflow.
const MAX_INLINE_LENGTH: i32 = 1 << 24;

/// Objects up to this size are zeroed with unrolled stores (when the nursery is not
/// pre-zeroed).
const UNROLLED_ZEROING: i32 = 128;

/// An out-of-line call to a runtime slow path.
pub(crate) struct SlowCall {
    pub entry: Label,
    pub back: Label,
    /// Registers saved to (and restored from) temporary slots around the call.
    pub saves: Vec<(ValLoc, SlotId)>,
    /// Argument moves.
    pub args: Vec<(MoveSrc, Loc)>,
    /// The function.
    pub target: u64,
    /// Where the result (RAX) goes.
    pub result: Option<Gpr>,
    /// Abandon the execution (this abort stub) when the result is null.
    pub abort_on_null: Option<Label>,
    /// The GC map to publish during the call.
    pub gcmap: Option<u32>,
}

/// How big an inline allocation is.
#[derive(Clone, Copy)]
enum AllocSize {
    Const(i32),
    Reg(Gpr),
}

impl Codegen<'_> {
    /// Does storing `v` into `base` need the write barrier?
    pub(crate) fn needs_write_barrier(&self, base: OpRef, v: OpRef) -> bool {
        self.input.config.gc.write_barrier.is_some()
            && self.t.kind_of(base) == Kind::Ref
            && self.t.kind_of(v) == Kind::Ref
            && self.const_bits(v) != Some(0)
    }

    /// The inline write-barrier test for a store into `base` (whose register, if any, is
    /// among `used`, the registers the store still needs).
    pub(crate) fn write_barrier(&mut self, _at: usize, base: OpRef, used: &[Gpr]) -> CgResult<()> {
        let Some(wb) = self.input.config.gc.write_barrier else {
            return Ok(());
        };
        let (flags, arg) = match self.const_bits(base) {
            Some(addr) => {
                self.a.mov_ri(W64, SCRATCH, addr as i64);
                (
                    Mem::base(SCRATCH, wb.flag_offset),
                    MoveSrc::Imm(addr as i64),
                )
            }
            None => {
                let rb = self
                    .gpr
                    .reg(base)
                    .ok_or_else(|| internal("write barrier: the object is not in a register"))?;
                (Mem::base(rb, wb.flag_offset), MoveSrc::Loc(Loc::Gpr(rb)))
            }
        };
        self.a.test_mi(Width::W8, flags, wb.flag_mask as i32);
        let entry = self.a.new_label();
        let back = self.a.new_label();
        self.a.jcc(Cond::Ne, entry);
        self.a.bind(back);
        let saves = self.slow_call_saves(&[], used, false);
        self.free_saves(&saves);
        self.ools.push(Ool::Call(SlowCall {
            entry,
            back,
            saves,
            args: vec![(arg, Loc::Gpr(Gpr::Rdi))],
            target: wb.slowpath,
            result: None,
            abort_on_null: None,
            gcmap: None,
        }));
        Ok(())
    }

    /// Registers a slow path must preserve, each with a temporary slot: values in
    /// caller-saved registers (minus `exclude`), the op's own registers `extra`, every SSE
    /// value, and (when the call may move objects) references in callee-saved registers.
    fn slow_call_saves(
        &mut self,
        exclude: &[Gpr],
        extra: &[Gpr],
        collects: bool,
    ) -> Vec<(ValLoc, SlotId)> {
        let moving = collects && self.input.config.gc.moving;
        let mut regs: Vec<(Gpr, Kind)> = Vec::new();
        for (v, r) in self.gpr.in_registers() {
            let kind = self.t.kind_of(v);
            if !exclude.contains(&r)
                && (GPR_CALLER_SAVED.contains(&r) || (moving && kind == Kind::Ref))
            {
                regs.push((r, kind));
            }
        }
        for &r in extra {
            if GPR_CALLER_SAVED.contains(&r)
                && !exclude.contains(&r)
                && !regs.iter().any(|&(x, _)| x == r)
            {
                regs.push((r, Kind::Int));
            }
        }
        let mut saves = Vec::with_capacity(regs.len());
        for (r, kind) in regs {
            saves.push((ValLoc::Gpr(r), self.slots.alloc(kind)));
        }
        for (_, x) in self.xmm.in_registers() {
            saves.push((ValLoc::Xmm(x), self.slots.alloc(Kind::Float)));
        }
        saves
    }

    /// Gives the temporary slots of `saves` back (the slow path runs at the current op, so
    /// later ops may reuse them).
    fn free_saves(&mut self, saves: &[(ValLoc, SlotId)]) {
        for &(_, s) in saves {
            self.slots.free(s);
        }
    }

    /// Records the GC map of op `at`: every slot now holding a reference.
    pub(crate) fn record_gcmap(&mut self, at: usize) -> u32 {
        let id = self.input.first_gcmap + self.gcmaps.len() as u32;
        let slots = self.slots.gc_map().iter().map(|i| i as u32).collect();
        self.gcmaps.push(GcMapOut { id, op: at, slots });
        id
    }

    /// The GC map for a collecting point, if the GC moves objects.
    fn slow_path_gcmap(&mut self, at: usize) -> Option<u32> {
        self.input.config.gc.moving.then(|| self.record_gcmap(at))
    }

    /// The inline bump allocation; leaves the object's address in `res`, or branches to
    /// `slow` when the nursery is full. `top` is a register to use when the top word is
    /// too far from the free word for a displacement.
    fn bump_alloc(&mut self, res: Gpr, size: AllocSize, slow: Label, top: Option<Gpr>) {
        let gc = self.input.config.gc;
        self.a.mov_ri(W64, SCRATCH, gc.nursery_free as i64);
        self.a.mov_rm(W64, res, Mem::base(SCRATCH, 0));
        match size {
            AllocSize::Const(n) => self.a.alu_ri(AluOp::Add, W64, res, n),
            AllocSize::Reg(t) => self.a.alu_rr(AluOp::Add, W64, res, t),
        }
        let delta = gc.nursery_top.wrapping_sub(gc.nursery_free) as i64;
        match (i32::try_from(delta), top) {
            (Ok(d), _) => self.a.alu_rm(AluOp::Cmp, W64, res, Mem::base(SCRATCH, d)),
            (Err(_), Some(t)) => {
                self.a.mov_ri(W64, t, gc.nursery_top as i64);
                self.a.alu_rm(AluOp::Cmp, W64, res, Mem::base(t, 0));
            }
            (Err(_), None) => unreachable!("callers pass a register when the top is far"),
        }
        self.a.jcc(Cond::A, slow);
        self.a.mov_mr(W64, Mem::base(SCRATCH, 0), res);
        match size {
            AllocSize::Const(n) => self.a.alu_ri(AluOp::Sub, W64, res, n),
            AllocSize::Reg(t) => self.a.alu_rr(AluOp::Sub, W64, res, t),
        }
    }

    fn top_is_far(&self) -> bool {
        let gc = self.input.config.gc;
        i32::try_from(gc.nursery_top.wrapping_sub(gc.nursery_free) as i64).is_err()
    }

    /// Zeroes `size` bytes at `res` (the nursery is not pre-zeroed).
    fn zero_const(&mut self, res: Gpr, size: i32) {
        if size <= UNROLLED_ZEROING {
            for off in (0..size).step_by(8) {
                self.a.mov_mi(W64, Mem::base(res, off), 0);
            }
        } else {
            self.a.mov_ri(Width::W32, SCRATCH, size as i64);
            self.zero_loop(res, SCRATCH);
        }
    }

    /// Zeroes `[res, res + counter)` (a positive multiple of 8); clobbers `counter`.
    fn zero_loop(&mut self, res: Gpr, counter: Gpr) {
        let top = self.a.new_label();
        self.a.bind(top);
        self.a.alu_ri(AluOp::Sub, W64, counter, 8);
        self.a.mov_mi(W64, Mem::sib(res, counter, Scale::S1, 0), 0);
        self.a.jcc(Cond::Ne, top);
    }

    /// `new`, `new_with_vtable`.
    pub(crate) fn new_object(&mut self, at: usize) -> CgResult<()> {
        let s = self
            .t
            .descr_of(self.t.op(at))
            .and_then(|d| d.as_size())
            .cloned()
            .ok_or_else(|| internal(format!("op {at} needs a size descriptor")))?;
        let gc = self.input.config.gc;
        let layout = self.input.config.layout;
        let size = i32::try_from(s.size.next_multiple_of(8))
            .map_err(|_| internal(format!("object size {} too large", s.size)))?;
        let d = self.t.result_of(at);
        let res = self.idef(d, at, &[])?;
        let top = if self.top_is_far() {
            Some(self.itemp(at, &[res])?)
        } else {
            None
        };
        let entry = self.a.new_label();
        let back = self.a.new_label();
        self.bump_alloc(res, AllocSize::Const(size), entry, top);
        if !gc.nursery_zeroed {
            self.zero_const(res, size);
        }
        self.a.mov_mi(
            Width::W32,
            Mem::base(res, layout.type_id_offset),
            s.type_id as i32,
        );
        self.a.bind(back);
        if let Some(vt) = s.vtable {
            self.store_word(Mem::base(res, layout.vtable_offset), vt);
        }
        let saves = self.slow_call_saves(&[res], &[], true);
        let gcmap = self.slow_path_gcmap(at);
        self.free_saves(&saves);
        let abort = self.abort_label(exit_code::ABORT_ALLOC);
        self.ools.push(Ool::Call(SlowCall {
            entry,
            back,
            saves,
            args: vec![
                (MoveSrc::Imm(size as i64), Loc::Gpr(Gpr::Rdi)),
                (MoveSrc::Imm(s.type_id as i64), Loc::Gpr(Gpr::Rsi)),
            ],
            target: gc.malloc_slowpath,
            result: Some(res),
            abort_on_null: Some(abort),
            gcmap,
        }));
        Ok(())
    }

    /// `new_array`, `newstr`.
    pub(crate) fn new_array(&mut self, at: usize, len: OpRef) -> CgResult<()> {
        let a = self.array_descr(at)?;
        let gc = self.input.config.gc;
        let layout = self.input.config.layout;
        let d = self.t.result_of(at);
        let entry = self.a.new_label();
        let back = self.a.new_label();
        let len_src;
        let res;
        let mut exclude = Regs::gpr();
        let mut extra = Regs::gpr();
        match self.const_bits(len).map(|x| x as i64) {
            Some(n) if (0..=MAX_INLINE_LENGTH as i64).contains(&n) => {
                res = self.idef(d, at, &[])?;
                exclude.push(res);
                let top = if self.top_is_far() {
                    Some(self.itemp(at, &[res])?)
                } else {
                    None
                };
                let size = array_bytes(&a, n).next_multiple_of(8) as i32;
                self.bump_alloc(res, AllocSize::Const(size), entry, top);
                if !gc.nursery_zeroed {
                    self.zero_const(res, size);
                }
                self.a
                    .mov_mi(W64, Mem::base(res, a.length_offset), n as i32);
                len_src = MoveSrc::Imm(n);
            }
            Some(n) => {
                // Never inline: the slow path allocates or refuses.
                res = self.idef(d, at, &[])?;
                exclude.push(res);
                self.a.jmp_near(entry);
                len_src = MoveSrc::Imm(n);
            }
            None => {
                let rl = self.ireg(len, at, &[])?;
                res = self.idef(d, at, &[rl])?;
                let t = self.itemp(at, &[rl, res])?;
                let top = if self.top_is_far() {
                    Some(self.itemp(at, &[rl, res, t])?)
                } else {
                    None
                };
                exclude.push(res);
                exclude.push(t);
                if let Some(top) = top {
                    exclude.push(top);
                }
                extra.push(rl);
                // Unsigned: negative lengths take the slow path too.
                self.a.alu_ri(AluOp::Cmp, W64, rl, MAX_INLINE_LENGTH);
                self.a.jcc(Cond::A, entry);
                let scale = Scale::for_size(a.item_size as u32)
                    .ok_or_else(|| internal(format!("item size {}", a.item_size)))?;
                self.a
                    .lea(W64, t, Mem::index_only(rl, scale, a.base_offset + 7));
                self.a.alu_ri(AluOp::And, W64, t, -8);
                let min = ((a.length_offset as i64 + 8) as u64).next_multiple_of(8) as i64;
                if (a.base_offset as i64) < min {
                    self.a.mov_ri(W64, SCRATCH, min);
                    self.a.alu_rr(AluOp::Cmp, W64, t, SCRATCH);
                    self.a.cmov_rr(Cond::B, W64, t, SCRATCH);
                }
                self.bump_alloc(res, AllocSize::Reg(t), entry, top);
                if !gc.nursery_zeroed {
                    self.zero_loop(res, t);
                }
                self.a.mov_mr(W64, Mem::base(res, a.length_offset), rl);
                len_src = MoveSrc::Loc(Loc::Gpr(rl));
            }
        }
        if !matches!(self.const_bits(len), Some(n) if !(0..=MAX_INLINE_LENGTH as u64).contains(&n))
        {
            self.a.mov_mi(
                Width::W32,
                Mem::base(res, layout.type_id_offset),
                a.type_id as i32,
            );
        }
        self.a.bind(back);
        let saves = self.slow_call_saves(&exclude, &extra, true);
        let gcmap = self.slow_path_gcmap(at);
        self.free_saves(&saves);
        let abort = self.abort_label(exit_code::ABORT_ALLOC);
        self.ools.push(Ool::Call(SlowCall {
            entry,
            back,
            saves,
            args: vec![
                (MoveSrc::Imm(a.type_id as i64), Loc::Gpr(Gpr::Rdi)),
                (len_src, Loc::Gpr(Gpr::Rsi)),
            ],
            target: gc.malloc_array_slowpath,
            result: Some(res),
            abort_on_null: Some(abort),
            gcmap,
        }));
        Ok(())
    }

    /// Stores the 64-bit constant `v` at `m` (through the scratch register if needed).
    pub(crate) fn store_word(&mut self, m: Mem, v: u64) {
        match i32::try_from(v as i64) {
            Ok(i) => self.a.mov_mi(W64, m, i),
            Err(_) => {
                self.a.mov_ri(W64, SCRATCH, v as i64);
                self.a.mov_mr(W64, m, SCRATCH);
            }
        }
    }

    /// Emits an out-of-line slow-path call.
    pub(crate) fn emit_slow_call(&mut self, c: &SlowCall) -> CgResult<()> {
        self.a.bind(c.entry);
        for &(loc, s) in &c.saves {
            match loc {
                ValLoc::Gpr(r) => self.a.mov_mr(W64, slot_mem(s), r),
                ValLoc::Xmm(x) => self.a.movsd_mr(slot_mem(s), x),
                ValLoc::Slot(_) => {}
            }
        }
        if let Some(id) = c.gcmap {
            self.a.mov_mi(W64, header(GCMAP), id as i32);
        }
        emit_parallel_moves(&mut self.a, &c.args, Scratch::default())
            .map_err(|e| internal(format!("slow path arguments: {e}")))?;
        self.a.call_far(c.target, SCRATCH);
        if c.gcmap.is_some() {
            self.a.mov_mi(W64, header(GCMAP), 0);
        }
        if let Some(r) = c.result {
            if let Some(abort) = c.abort_on_null {
                self.a.test_rr(W64, Gpr::Rax, Gpr::Rax);
                self.a.jcc(Cond::E, abort);
            }
            if r != Gpr::Rax {
                self.a.mov_rr(W64, r, Gpr::Rax);
            }
        }
        for &(loc, s) in &c.saves {
            match loc {
                ValLoc::Gpr(r) => self.a.mov_rm(W64, r, slot_mem(s)),
                ValLoc::Xmm(x) => self.a.sse_rm(SseOp::Movsd, x, slot_mem(s)),
                ValLoc::Slot(_) => {}
            }
        }
        self.a.jmp(c.back);
        Ok(())
    }
}
