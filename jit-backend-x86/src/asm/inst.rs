//! [`Inst`]: every instruction the assembler can emit, as data.
//!
//! Design: one variant per assembler method, with the same operands, so
//! `asm.emit(&inst)` is exactly the corresponding method call. Code generators can build
//! instruction lists (for listings, peephole passes or golden tests) and tests can generate
//! instructions at random. The Intel-syntax printer lives in the `fmt` module.
//! Invariant: `emit` adds no behaviour of its own; it only dispatches.

use super::Assembler;
use super::flow::BranchSize;
use super::label::Label;
use super::operand::{AluOp, Cond, Mem, ShiftOp, SseOp, UnaryOp};
use super::reg::{Gpr, Width, Xmm};

/// One instruction with its operands. Field names follow the assembler methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Inst {
    /// [`Assembler::alu_rr`]
    AluRR {
        op: AluOp,
        w: Width,
        dst: Gpr,
        src: Gpr,
    },
    /// [`Assembler::alu_ri`]
    AluRI {
        op: AluOp,
        w: Width,
        dst: Gpr,
        imm: i32,
    },
    /// [`Assembler::alu_rm`]
    AluRM {
        op: AluOp,
        w: Width,
        dst: Gpr,
        src: Mem,
    },
    /// [`Assembler::alu_mr`]
    AluMR {
        op: AluOp,
        w: Width,
        dst: Mem,
        src: Gpr,
    },
    /// [`Assembler::alu_mi`]
    AluMI {
        op: AluOp,
        w: Width,
        dst: Mem,
        imm: i32,
    },
    /// [`Assembler::test_rr`]
    TestRR { w: Width, a: Gpr, b: Gpr },
    /// [`Assembler::test_ri`]
    TestRI { w: Width, a: Gpr, imm: i32 },
    /// [`Assembler::test_mr`]
    TestMR { w: Width, a: Mem, b: Gpr },
    /// [`Assembler::test_mi`]
    TestMI { w: Width, a: Mem, imm: i32 },
    /// [`Assembler::unary_r`]
    UnaryR { op: UnaryOp, w: Width, r: Gpr },
    /// [`Assembler::unary_m`]
    UnaryM { op: UnaryOp, w: Width, m: Mem },
    /// [`Assembler::imul_rr`]
    ImulRR { w: Width, dst: Gpr, src: Gpr },
    /// [`Assembler::imul_rm`]
    ImulRM { w: Width, dst: Gpr, src: Mem },
    /// [`Assembler::imul_rri`]
    ImulRRI {
        w: Width,
        dst: Gpr,
        src: Gpr,
        imm: i32,
    },
    /// [`Assembler::imul_rmi`]
    ImulRMI {
        w: Width,
        dst: Gpr,
        src: Mem,
        imm: i32,
    },
    /// [`Assembler::cwd`]
    Cwd,
    /// [`Assembler::cdq`]
    Cdq,
    /// [`Assembler::cqo`]
    Cqo,
    /// [`Assembler::cdqe`]
    Cdqe,
    /// [`Assembler::shift_ri`]
    ShiftRI {
        op: ShiftOp,
        w: Width,
        dst: Gpr,
        count: u8,
    },
    /// [`Assembler::shift_mi`]
    ShiftMI {
        op: ShiftOp,
        w: Width,
        dst: Mem,
        count: u8,
    },
    /// [`Assembler::shift_rcl`]
    ShiftRCl { op: ShiftOp, w: Width, dst: Gpr },
    /// [`Assembler::shift_mcl`]
    ShiftMCl { op: ShiftOp, w: Width, dst: Mem },
    /// [`Assembler::setcc_r`]
    SetccR { cond: Cond, dst: Gpr },
    /// [`Assembler::setcc_m`]
    SetccM { cond: Cond, dst: Mem },
    /// [`Assembler::cmov_rr`]
    CmovRR {
        cond: Cond,
        w: Width,
        dst: Gpr,
        src: Gpr,
    },
    /// [`Assembler::cmov_rm`]
    CmovRM {
        cond: Cond,
        w: Width,
        dst: Gpr,
        src: Mem,
    },
    /// [`Assembler::mov_rr`]
    MovRR { w: Width, dst: Gpr, src: Gpr },
    /// [`Assembler::mov_rm`]
    MovRM { w: Width, dst: Gpr, src: Mem },
    /// [`Assembler::mov_mr`]
    MovMR { w: Width, dst: Mem, src: Gpr },
    /// [`Assembler::mov_ri`]
    MovRI { w: Width, dst: Gpr, imm: i64 },
    /// [`Assembler::mov_mi`]
    MovMI { w: Width, dst: Mem, imm: i32 },
    /// [`Assembler::movzx_rr`]
    MovzxRR {
        dst_w: Width,
        dst: Gpr,
        src_w: Width,
        src: Gpr,
    },
    /// [`Assembler::movzx_rm`]
    MovzxRM {
        dst_w: Width,
        dst: Gpr,
        src_w: Width,
        src: Mem,
    },
    /// [`Assembler::movsx_rr`]
    MovsxRR {
        dst_w: Width,
        dst: Gpr,
        src_w: Width,
        src: Gpr,
    },
    /// [`Assembler::movsx_rm`]
    MovsxRM {
        dst_w: Width,
        dst: Gpr,
        src_w: Width,
        src: Mem,
    },
    /// [`Assembler::lea`]
    Lea { w: Width, dst: Gpr, src: Mem },
    /// [`Assembler::push_r`]
    PushR(Gpr),
    /// [`Assembler::pop_r`]
    PopR(Gpr),
    /// [`Assembler::push_m`]
    PushM(Mem),
    /// [`Assembler::pop_m`]
    PopM(Mem),
    /// [`Assembler::push_i`]
    PushI(i32),
    /// [`Assembler::sse_rr`]
    SseRR { op: SseOp, dst: Xmm, src: Xmm },
    /// [`Assembler::sse_rm`]
    SseRM { op: SseOp, dst: Xmm, src: Mem },
    /// [`Assembler::movsd_mr`]
    MovsdMR { dst: Mem, src: Xmm },
    /// [`Assembler::movss_mr`]
    MovssMR { dst: Mem, src: Xmm },
    /// [`Assembler::movq_xr`]
    MovqXR { dst: Xmm, src: Gpr },
    /// [`Assembler::movq_rx`]
    MovqRX { dst: Gpr, src: Xmm },
    /// [`Assembler::cvtsi2sd_rr`]
    Cvtsi2sdRR { w: Width, dst: Xmm, src: Gpr },
    /// [`Assembler::cvtsi2sd_rm`]
    Cvtsi2sdRM { w: Width, dst: Xmm, src: Mem },
    /// [`Assembler::cvttsd2si_rr`]
    Cvttsd2siRR { w: Width, dst: Gpr, src: Xmm },
    /// [`Assembler::cvttsd2si_rm`]
    Cvttsd2siRM { w: Width, dst: Gpr, src: Mem },
    /// [`Assembler::jmp_sized`]
    Jmp { target: Label, size: BranchSize },
    /// [`Assembler::jcc_sized`]
    Jcc {
        cond: Cond,
        target: Label,
        size: BranchSize,
    },
    /// [`Assembler::call_label`]
    CallLabel(Label),
    /// [`Assembler::jmp_addr`]
    JmpAddr(u64),
    /// [`Assembler::jcc_addr`]
    JccAddr(Cond, u64),
    /// [`Assembler::call_addr`]
    CallAddr(u64),
    /// [`Assembler::jmp_r`]
    JmpR(Gpr),
    /// [`Assembler::jmp_m`]
    JmpM(Mem),
    /// [`Assembler::call_r`]
    CallR(Gpr),
    /// [`Assembler::call_m`]
    CallM(Mem),
    /// [`Assembler::ret`]
    Ret,
    /// [`Assembler::int3`]
    Int3,
    /// [`Assembler::ud2`]
    Ud2,
    /// [`Assembler::nop_n`] (`len` bytes; more than 9 bytes are several instructions).
    Nop { len: u8 },
}

impl Assembler {
    /// Emits `inst` (exactly the corresponding method call).
    pub fn emit(&mut self, inst: &Inst) {
        use Inst::*;
        match *inst {
            AluRR { op, w, dst, src } => self.alu_rr(op, w, dst, src),
            AluRI { op, w, dst, imm } => self.alu_ri(op, w, dst, imm),
            AluRM { op, w, dst, src } => self.alu_rm(op, w, dst, src),
            AluMR { op, w, dst, src } => self.alu_mr(op, w, dst, src),
            AluMI { op, w, dst, imm } => self.alu_mi(op, w, dst, imm),
            TestRR { w, a, b } => self.test_rr(w, a, b),
            TestRI { w, a, imm } => self.test_ri(w, a, imm),
            TestMR { w, a, b } => self.test_mr(w, a, b),
            TestMI { w, a, imm } => self.test_mi(w, a, imm),
            UnaryR { op, w, r } => self.unary_r(op, w, r),
            UnaryM { op, w, m } => self.unary_m(op, w, m),
            ImulRR { w, dst, src } => self.imul_rr(w, dst, src),
            ImulRM { w, dst, src } => self.imul_rm(w, dst, src),
            ImulRRI { w, dst, src, imm } => self.imul_rri(w, dst, src, imm),
            ImulRMI { w, dst, src, imm } => self.imul_rmi(w, dst, src, imm),
            Cwd => self.cwd(),
            Cdq => self.cdq(),
            Cqo => self.cqo(),
            Cdqe => self.cdqe(),
            ShiftRI { op, w, dst, count } => self.shift_ri(op, w, dst, count),
            ShiftMI { op, w, dst, count } => self.shift_mi(op, w, dst, count),
            ShiftRCl { op, w, dst } => self.shift_rcl(op, w, dst),
            ShiftMCl { op, w, dst } => self.shift_mcl(op, w, dst),
            SetccR { cond, dst } => self.setcc_r(cond, dst),
            SetccM { cond, dst } => self.setcc_m(cond, dst),
            CmovRR { cond, w, dst, src } => self.cmov_rr(cond, w, dst, src),
            CmovRM { cond, w, dst, src } => self.cmov_rm(cond, w, dst, src),
            MovRR { w, dst, src } => self.mov_rr(w, dst, src),
            MovRM { w, dst, src } => self.mov_rm(w, dst, src),
            MovMR { w, dst, src } => self.mov_mr(w, dst, src),
            MovRI { w, dst, imm } => self.mov_ri(w, dst, imm),
            MovMI { w, dst, imm } => self.mov_mi(w, dst, imm),
            MovzxRR {
                dst_w,
                dst,
                src_w,
                src,
            } => self.movzx_rr(dst_w, dst, src_w, src),
            MovzxRM {
                dst_w,
                dst,
                src_w,
                src,
            } => self.movzx_rm(dst_w, dst, src_w, src),
            MovsxRR {
                dst_w,
                dst,
                src_w,
                src,
            } => self.movsx_rr(dst_w, dst, src_w, src),
            MovsxRM {
                dst_w,
                dst,
                src_w,
                src,
            } => self.movsx_rm(dst_w, dst, src_w, src),
            Lea { w, dst, src } => self.lea(w, dst, src),
            PushR(r) => self.push_r(r),
            PopR(r) => self.pop_r(r),
            PushM(m) => self.push_m(m),
            PopM(m) => self.pop_m(m),
            PushI(imm) => self.push_i(imm),
            SseRR { op, dst, src } => self.sse_rr(op, dst, src),
            SseRM { op, dst, src } => self.sse_rm(op, dst, src),
            MovsdMR { dst, src } => self.movsd_mr(dst, src),
            MovssMR { dst, src } => self.movss_mr(dst, src),
            MovqXR { dst, src } => self.movq_xr(dst, src),
            MovqRX { dst, src } => self.movq_rx(dst, src),
            Cvtsi2sdRR { w, dst, src } => self.cvtsi2sd_rr(w, dst, src),
            Cvtsi2sdRM { w, dst, src } => self.cvtsi2sd_rm(w, dst, src),
            Cvttsd2siRR { w, dst, src } => self.cvttsd2si_rr(w, dst, src),
            Cvttsd2siRM { w, dst, src } => self.cvttsd2si_rm(w, dst, src),
            Jmp { target, size } => {
                self.jmp_sized(target, size);
            }
            Jcc { cond, target, size } => {
                self.jcc_sized(cond, target, size);
            }
            CallLabel(l) => {
                self.call_label(l);
            }
            JmpAddr(t) => {
                self.jmp_addr(t);
            }
            JccAddr(c, t) => {
                self.jcc_addr(c, t);
            }
            CallAddr(t) => {
                self.call_addr(t);
            }
            JmpR(r) => self.jmp_r(r),
            JmpM(m) => self.jmp_m(m),
            CallR(r) => self.call_r(r),
            CallM(m) => self.call_m(m),
            Ret => self.ret(),
            Int3 => self.int3(),
            Ud2 => self.ud2(),
            Nop { len } => self.nop_n(len as usize),
        }
    }
}
