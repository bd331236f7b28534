//! GC hooks: inline nursery allocation with an out-of-line slow path, and the inline
//! write-barrier test with an out-of-line slow path.
//!
//! Allocation (`new`, `new_with_vtable`, `new_array`/`newstr`):
//! `res = *nursery_free; end = res + size; if end > *nursery_top goto slow;
//! *nursery_free = end; zero the object unless the nursery is pre-zeroed; write the type
//! id (and the array length)`; then, on both paths, the vtable. The slow path calls the
//! GC's `malloc_slowpath(size, type_id)` / `malloc_array_slowpath(type_id, length)`,
//! which return a zeroed object with its header (and length) written, or 0, which
//! abandons the execution. Array lengths outside `0..=MAX_INLINE_LENGTH` (checked at run
//! time with one unsigned compare) take the slow path, which allocates or refuses.
//!
//! Slow paths run out of line and preserve every register the inline path may hold
//! values in, so the allocator's state stays valid on both paths without spilling
//! anything on the fast path: each pushes x0/x1, sets the arguments and calls the
//! trace's one shared slow-call routine, which saves the other caller-saved registers
//! (x2..x15, d0..d7, d16..d30, and x30) below `sp`, calls x16, returns the result in x17
//! and restores them; the path then pops x0/x1.
//!
//! GC maps (moving collectors only, `GcHooks::moving`): at every op that can run the
//! collector ([`can_collect`]), every reference still needed afterwards leaves its
//! register for its frame slot (later uses reload it, so they see the object's new
//! address), and the map of the frame's reference slots at that point is recorded; its id
//! is in the frame's GCMAP word exactly while the call runs, and the runtime's root walk
//! (`JitRoots`) visits those slots in every linked JIT frame.

use tern_jit_ir::OpRef;
use tern_jit_ir::heap::array_bytes;
use tern_jit_ir::{Kind, backend::GcHooks};

use super::calls::ArgSrc;
#[allow(unused_imports)] // named in the docs
use tern_jit_ir::backend_support::can_collect;

use super::frame::{BUF, FPR_CALLER_SAVED, GCMAP, GPR_CALLER_SAVED};
use super::{CgResult, Codegen, GcMapOut, exit_code, internal};
use crate::asm::{Cond, FpWidth, Gpr, Label, LoadOp, Mem, Width};

use Width::W64;

/// Bytes the slow-call routine's register save takes (x2..x15, x30 and 23 `d`
/// registers, rounded to 16).
const SAVE_AREA: u32 = 320;
/// Objects up to this size are zeroed with unrolled stores (when the nursery is not
/// pre-zeroed); bigger ones with a loop.
const UNROLLED_ZEROING: u32 = 128;
/// Longest constant-length array allocated inline.
const MAX_INLINE_LENGTH: i64 = 1 << 20;

/// An out-of-line path to emit after the body.
pub(crate) enum Ool {
    /// The write barrier's slow path: `slowpath(obj)`.
    WriteBarrier {
        entry: Label,
        back: Label,
        obj: Gpr,
        slowpath: u64,
    },
    /// An allocation slow path: `func(a0, a1)`, result into `res`, with the GC map to
    /// publish during the call (moving GCs).
    Alloc {
        entry: Label,
        back: Label,
        res: Gpr,
        func: u64,
        args: [AllocArg; 2],
        gcmap: Option<u32>,
    },
}

/// An argument of an allocation slow path.
#[derive(Clone, Copy, Debug)]
pub(crate) enum AllocArg {
    /// A constant.
    Const(u64),
    /// A register the inline path leaves untouched (an array length).
    Reg(Gpr),
}

/// The size of an inline allocation.
#[derive(Clone, Copy, Debug)]
enum AllocSize {
    /// Known bytes (a multiple of 8).
    Const(u32),
    /// Computed into x17 (a multiple of 8, at least 8).
    InX17,
}

impl Codegen<'_> {
    /// The inline bump allocation of `size` bytes into `res` (a register the op owns),
    /// branching to `slow` when the nursery is full. Clobbers x16, x17.
    fn bump_alloc(&mut self, gc: &GcHooks, res: Gpr, size: AllocSize, slow: Label) {
        self.a.mov_imm(W64, Gpr::X16, gc.nursery_free);
        self.a.ldr(W64, res, Mem::base(Gpr::X16, 0));
        match size {
            AllocSize::Const(size) if size < 4096 => self.a.add_imm(W64, BUF, res, size),
            AllocSize::Const(size) => {
                self.a.mov_imm(W64, BUF, size as u64);
                self.a.add_rr(W64, BUF, res, BUF);
            }
            AllocSize::InX17 => self.a.add_rr(W64, BUF, res, BUF),
        }
        self.a.mov_imm(W64, Gpr::X16, gc.nursery_top);
        self.a.ldr(W64, Gpr::X16, Mem::base(Gpr::X16, 0));
        self.a.cmp_rr(W64, BUF, Gpr::X16);
        self.a.b_cond(Cond::Hi, slow);
        self.a.mov_imm(W64, Gpr::X16, gc.nursery_free);
        self.a.str(W64, BUF, Mem::base(Gpr::X16, 0));
        if !gc.nursery_zeroed {
            match size {
                AllocSize::Const(size) => self.zero(res, size),
                AllocSize::InX17 => self.zero_to_x17(res),
            }
        }
    }

    /// Zeroes from `res` up to the end address in x17 (at least 8 bytes). Clobbers x16.
    fn zero_to_x17(&mut self, res: Gpr) {
        let top = self.a.new_label();
        self.a.add_imm(W64, Gpr::X16, res, 0);
        self.a.bind(top);
        self.a.str(W64, Gpr::Zr, Mem::post(Gpr::X16, 8));
        self.a.cmp_rr(W64, Gpr::X16, BUF);
        self.a.b_cond(Cond::Lo, top);
    }

    /// Zeroes `size` bytes (a multiple of 8) at `res`. Clobbers x16, x17.
    fn zero(&mut self, res: Gpr, size: u32) {
        if size <= UNROLLED_ZEROING {
            let mut off = 0;
            while off + 16 <= size {
                self.a
                    .stp(W64, Gpr::Zr, Gpr::Zr, Mem::base(res, off as i32));
                off += 16;
            }
            if off < size {
                self.a.str(W64, Gpr::Zr, Mem::base(res, off as i32));
            }
            return;
        }
        // x17 walks from res to res + size, 8 bytes at a time.
        let top = self.a.new_label();
        self.a.add_imm(W64, BUF, res, 0);
        self.a.mov_imm(W64, Gpr::X16, size as u64);
        self.a.add_rr(W64, Gpr::X16, res, Gpr::X16);
        self.a.bind(top);
        self.a.str(W64, Gpr::Zr, Mem::post(BUF, 8));
        self.a.cmp_rr(W64, BUF, Gpr::X16);
        self.a.b_cond(Cond::Lo, top);
    }

    /// Writes the low 32 bits of `value` at `res + offset`. Clobbers x16.
    fn store_u32(&mut self, res: Gpr, offset: i32, value: u64) {
        self.a.mov_imm(Width::W32, Gpr::X16, value & 0xffff_ffff);
        self.a
            .store_far(crate::asm::StoreOp::StrW, Gpr::X16, res, offset as i64);
    }

    pub(crate) fn new_object(&mut self, at: usize) -> CgResult<()> {
        let s = self
            .t
            .descr_of(self.t.op(at))
            .and_then(|d| d.as_size())
            .cloned()
            .ok_or_else(|| internal(format!("op {at} needs a size descriptor")))?;
        let gc = self.input.config.gc;
        let layout = self.input.config.layout;
        let size = s
            .size
            .checked_next_multiple_of(8)
            .ok_or_else(|| internal(format!("object size {} too large", s.size)))?;
        let d = self.t.result_of(at);
        let gcmap = self.gc_point(at, true);
        let res = self.idef(d, at, &[])?;
        let entry = self.a.new_label();
        let back = self.a.new_label();
        self.bump_alloc(&gc, res, AllocSize::Const(size), entry);
        self.store_u32(res, layout.type_id_offset, s.type_id as u64);
        self.a.bind(back);
        if let Some(vt) = s.vtable {
            self.a.mov_imm(W64, Gpr::X16, vt);
            self.a.store_far(
                crate::asm::StoreOp::StrX,
                Gpr::X16,
                res,
                layout.vtable_offset as i64,
            );
        }
        self.ools.push(Ool::Alloc {
            entry,
            back,
            res,
            func: gc.malloc_slowpath,
            args: [
                AllocArg::Const(size as u64),
                AllocArg::Const(s.type_id as u64),
            ],
            gcmap,
        });
        Ok(())
    }

    pub(crate) fn new_array(&mut self, at: usize, len: OpRef) -> CgResult<()> {
        let a = self.array_descr(at)?;
        let gc = self.input.config.gc;
        let layout = self.input.config.layout;
        let d = self.t.result_of(at);
        match self.const_bits(len).map(|x| x as i64) {
            Some(n) if (0..=MAX_INLINE_LENGTH).contains(&n) => {
                let size = array_bytes(&a, n).next_multiple_of(8) as u32;
                let gcmap = self.gc_point(at, true);
                let res = self.idef(d, at, &[])?;
                let entry = self.a.new_label();
                let back = self.a.new_label();
                self.bump_alloc(&gc, res, AllocSize::Const(size), entry);
                self.store_u32(res, layout.type_id_offset, a.type_id as u64);
                self.a.mov_imm(W64, Gpr::X16, n as u64);
                self.a.store_far(
                    crate::asm::StoreOp::StrX,
                    Gpr::X16,
                    res,
                    a.length_offset as i64,
                );
                self.a.bind(back);
                self.ools.push(Ool::Alloc {
                    entry,
                    back,
                    res,
                    func: gc.malloc_array_slowpath,
                    args: [AllocArg::Const(a.type_id as u64), AllocArg::Const(n as u64)],
                    gcmap,
                });
            }
            None if matches!(a.item_size, 1 | 2 | 4 | 8) => {
                // Inline when 0 <= len <= MAX_INLINE_LENGTH (one unsigned compare), with
                // the size computed in x17: round8(base + len * item), at least the
                // header with the length word.
                let rl = self.ireg(len, at, &[])?;
                let gcmap = self.gc_point(at, true);
                let res = self.idef(d, at, &[rl])?;
                let entry = self.a.new_label();
                let back = self.a.new_label();
                self.a.mov_imm(W64, Gpr::X16, MAX_INLINE_LENGTH as u64);
                self.a.cmp_rr(W64, rl, Gpr::X16);
                self.a.b_cond(Cond::Hi, entry);
                self.a.mov_imm(W64, BUF, a.base_offset as u64 + 7);
                self.a.addsub_shifted(
                    crate::asm::AddSubOp::Add,
                    W64,
                    BUF,
                    BUF,
                    rl,
                    crate::asm::Shift::Lsl,
                    a.item_size.trailing_zeros() as u8,
                );
                self.a
                    .logic_imm(crate::asm::LogicOp::And, W64, BUF, BUF, !7u64);
                let min = array_bytes(&a, 0).next_multiple_of(8) as u64;
                self.a.mov_imm(W64, Gpr::X16, min);
                self.a.cmp_rr(W64, BUF, Gpr::X16);
                self.a.csel(W64, BUF, BUF, Gpr::X16, Cond::Hs);
                self.bump_alloc(&gc, res, AllocSize::InX17, entry);
                self.store_u32(res, layout.type_id_offset, a.type_id as u64);
                self.a
                    .store_far(crate::asm::StoreOp::StrX, rl, res, a.length_offset as i64);
                self.a.bind(back);
                self.ools.push(Ool::Alloc {
                    entry,
                    back,
                    res,
                    func: gc.malloc_array_slowpath,
                    args: [AllocArg::Const(a.type_id as u64), AllocArg::Reg(rl)],
                    gcmap,
                });
            }
            _ => {
                // A huge or negative constant length (or an odd item size): the slow path
                // allocates or refuses.
                let lsrc = self.arg_src(len);
                self.spill_caller_saved(at);
                let gcmap = self.gc_point(at, true);
                self.emit_call(
                    ArgSrc::Const(gc.malloc_array_slowpath),
                    &[(ArgSrc::Const(a.type_id as u64), false), (lsrc, false)],
                    gcmap,
                )?;
                let abort = self.abort_label(exit_code::ABORT_ALLOC);
                self.a.cbz(W64, Gpr::X0, abort);
                self.idef_in(d, Gpr::X0, at);
            }
        }
        Ok(())
    }

    /// Prepares op `at` as a point where the collector may run, if the GC moves objects
    /// and the op can collect (`collects`, from [`can_collect`] for calls): every reference needed after `at` moves from its register
    /// to its slot, and the map of reference slots is recorded. Returns the map's id.
    pub(crate) fn gc_point(&mut self, at: usize, collects: bool) -> Option<u32> {
        if !self.input.config.gc.moving || !collects {
            return None;
        }
        for (v, r) in self.gpr.in_registers() {
            if self.t.kind_of(v) == Kind::Ref && self.live.is_live_after(v, at) {
                self.gpr
                    .release_reg(r, at, &self.live, &mut self.slots, &mut self.gm);
            }
        }
        self.flush();
        let id = self.input.first_gcmap + self.gcmaps.len() as u32;
        let slots = self.slots.gc_map().iter().map(|i| i as u32).collect();
        self.gcmaps.push(GcMapOut { id, op: at, slots });
        Some(id)
    }

    /// Publishes GC map `id` in the frame (right before the collecting call; uses x17,
    /// so the callee's address may already be in x16).
    pub(crate) fn begin_gc_point(&mut self, id: Option<u32>) {
        if let Some(id) = id {
            self.a.mov_imm(W64, BUF, id as u64);
            self.a.str(W64, BUF, Mem::base(Gpr::X29, GCMAP));
        }
    }

    /// Clears the frame's GC map word after the collecting call.
    pub(crate) fn end_gc_point(&mut self, id: Option<u32>) {
        if id.is_some() {
            self.a.str(W64, Gpr::Zr, Mem::base(Gpr::X29, GCMAP));
        }
    }

    /// Whether storing `v` into `base` needs the write barrier.
    pub(crate) fn needs_write_barrier(&self, base: OpRef, v: OpRef) -> bool {
        self.input.config.gc.write_barrier.is_some()
            && self.t.kind_of(base) == Kind::Ref
            && self.t.kind_of(v) == Kind::Ref
            && self.const_bits(v) != Some(0)
    }

    /// The inline write-barrier test for a store into `base` (in `rb`, or a constant).
    pub(crate) fn write_barrier(&mut self, base: OpRef, rb: Option<Gpr>) -> CgResult<()> {
        let Some(wb) = self.input.config.gc.write_barrier else {
            return Ok(());
        };
        let obj = match (rb, self.const_bits(base)) {
            (Some(r), _) => r,
            (None, Some(addr)) => {
                self.a.mov_imm(W64, BUF, addr);
                BUF
            }
            (None, None) => return Err(internal("write barrier without an object")),
        };
        let entry = self.a.new_label();
        let back = self.a.new_label();
        self.a
            .load_far(LoadOp::Ldrb, Gpr::X16, obj, wb.flag_offset as i64);
        self.a.tst_imm(Width::W32, Gpr::X16, wb.flag_mask as u64);
        self.a.b_cond(Cond::Ne, entry);
        self.a.bind(back);
        self.ools.push(Ool::WriteBarrier {
            entry,
            back,
            obj,
            slowpath: wb.slowpath,
        });
        Ok(())
    }

    /// Saves (or restores) x2..x15, x30 and the caller-saved `d` registers in the
    /// routine's save area at `sp`.
    fn save_caller_saved(&mut self, restore: bool) {
        let gprs = &GPR_CALLER_SAVED[2..];
        for (i, pair) in gprs.chunks(2).enumerate() {
            let m = Mem::base(Gpr::Sp, 16 * i as i32);
            if restore {
                self.a.ldp(W64, pair[0], pair[1], m);
            } else {
                self.a.stp(W64, pair[0], pair[1], m);
            }
        }
        let lr = Mem::base(Gpr::Sp, 8 * gprs.len() as i32);
        if restore {
            self.a.ldr(W64, Gpr::X30, lr);
        } else {
            self.a.str(W64, Gpr::X30, lr);
        }
        for (i, regs) in FPR_CALLER_SAVED.chunks(2).enumerate() {
            let m = Mem::base(Gpr::Sp, 128 + 16 * i as i32);
            match (regs, restore) {
                ([x, y], false) => self.a.stp_fp(FpWidth::F64, *x, *y, m),
                ([x, y], true) => self.a.ldp_fp(FpWidth::F64, *x, *y, m),
                ([x], false) => self.a.store_fp(FpWidth::F64, *x, m),
                ([x], true) => self.a.load_fp(FpWidth::F64, *x, m),
                _ => {}
            }
        }
    }

    /// The trace's shared slow-call routine (created on first use): called with `bl`
    /// after the caller pushed x0/x1 and set the arguments, it calls x16 with every
    /// other caller-saved register preserved and returns the result in x17.
    fn slow_call_routine(&mut self) -> Label {
        *self.slow_call.get_or_insert_with(|| self.a.new_label())
    }

    /// Emits the slow-call routine if a slow path used it.
    pub(crate) fn emit_slow_call_routine(&mut self) {
        let Some(l) = self.slow_call else { return };
        self.a.bind(l);
        self.a.sub_imm(W64, Gpr::Sp, Gpr::Sp, SAVE_AREA);
        self.save_caller_saved(false);
        self.a.blr(Gpr::X16);
        self.a.mov_rr(W64, BUF, Gpr::X0);
        self.save_caller_saved(true);
        self.a.add_imm(W64, Gpr::Sp, Gpr::Sp, SAVE_AREA);
        self.a.ret();
    }

    /// Emits an out-of-line path: push x0/x1, arguments, `bl` the slow-call routine,
    /// pop x0/x1.
    pub(crate) fn emit_ool(&mut self, o: &Ool) {
        let routine = self.slow_call_routine();
        match *o {
            Ool::WriteBarrier {
                entry,
                back,
                obj,
                slowpath,
            } => {
                self.a.bind(entry);
                self.a.stp(W64, Gpr::X0, Gpr::X1, Mem::pre(Gpr::Sp, -16));
                self.a.mov_rr(W64, Gpr::X0, obj);
                self.a.mov_imm(W64, Gpr::X16, slowpath);
                self.a.bl(routine);
                self.a.ldp(W64, Gpr::X0, Gpr::X1, Mem::post(Gpr::Sp, 16));
                self.a.b(back);
            }
            Ool::Alloc {
                entry,
                back,
                res,
                func,
                args,
                gcmap,
            } => {
                self.a.bind(entry);
                self.a.stp(W64, Gpr::X0, Gpr::X1, Mem::pre(Gpr::Sp, -16));
                // x1 first: a register argument may be x0.
                for (r, arg) in [(Gpr::X1, args[1]), (Gpr::X0, args[0])] {
                    match arg {
                        AllocArg::Const(v) => self.a.mov_imm(W64, r, v),
                        AllocArg::Reg(src) => self.a.mov_rr(W64, r, src),
                    }
                }
                self.begin_gc_point(gcmap);
                self.a.mov_imm(W64, Gpr::X16, func);
                self.a.bl(routine);
                self.end_gc_point(gcmap);
                self.a.ldp(W64, Gpr::X0, Gpr::X1, Mem::post(Gpr::Sp, 16));
                self.a.mov_rr(W64, res, BUF);
                let abort = self.abort_label(exit_code::ABORT_ALLOC);
                self.a.cbz(W64, res, abort);
                self.a.b(back);
            }
        }
    }
}
