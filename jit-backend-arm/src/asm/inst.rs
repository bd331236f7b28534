//! [`Inst`]: every instruction form the assembler can emit, as data.
//!
//! Design: one variant per encoding form (plus [`Inst::MovImm`], the constant
//! materialisation sequence), with the operands of the corresponding assembler method, so
//! `asm.emit(&inst)` is exactly that method call. Convenience aliases (`cmp_imm`, `mov_rr`,
//! `shift_imm`, `cset`, `mul`, ...) have no variant of their own: they emit one of these
//! forms, and the printer shows the architecture's preferred alias for it, as a disassembler
//! does. Code generators can build instruction lists (listings, peephole passes, golden
//! tests) and tests can generate instructions at random. The printer lives in `fmt`.
//! Invariant: `emit` adds no behaviour of its own; it only dispatches.

use super::Assembler;
use super::label::Label;
use super::operand::{
    AddSubOp, Barrier, BitfieldOp, CmpBranchOp, Cond, CondCmpOp, CselOp, Dp1Op, Dp2Op, Dp3Op,
    Extend, FcmpOp, FpOp1, FpOp2, FpOp3, FpToIntOp, IntToFpOp, LiteralOp, LoadOp, LogicOp, Mem,
    MoveWideOp, MulHighOp, Shift, StoreOp, SysReg, TestBranchOp,
};
use super::reg::{FpWidth, Fpr, Gpr, Width};

/// One instruction with its operands. Field names follow the assembler methods.
#[derive(Clone, Copy, Debug, PartialEq)]
#[allow(missing_docs)]
pub enum Inst {
    /// [`Assembler::addsub_imm`]
    AddSubImm {
        op: AddSubOp,
        w: Width,
        rd: Gpr,
        rn: Gpr,
        imm: u32,
    },
    /// [`Assembler::addsub_shifted`]
    AddSubShifted {
        op: AddSubOp,
        w: Width,
        rd: Gpr,
        rn: Gpr,
        rm: Gpr,
        shift: Shift,
        amount: u8,
    },
    /// [`Assembler::addsub_ext`]
    AddSubExt {
        op: AddSubOp,
        w: Width,
        rd: Gpr,
        rn: Gpr,
        rm: Gpr,
        ext: Extend,
        amount: u8,
    },
    /// [`Assembler::logic_imm`]
    LogicImm {
        op: LogicOp,
        w: Width,
        rd: Gpr,
        rn: Gpr,
        imm: u64,
    },
    /// [`Assembler::logic_shifted`]
    LogicShifted {
        op: LogicOp,
        w: Width,
        rd: Gpr,
        rn: Gpr,
        rm: Gpr,
        shift: Shift,
        amount: u8,
    },
    /// [`Assembler::movw`]
    MoveWide {
        op: MoveWideOp,
        w: Width,
        rd: Gpr,
        imm16: u16,
        shift: u8,
    },
    /// [`Assembler::mov_imm`] (1 to 4 instructions; printed separated by `; `).
    MovImm { w: Width, rd: Gpr, imm: u64 },
    /// [`Assembler::bitfield`]
    Bitfield {
        op: BitfieldOp,
        w: Width,
        rd: Gpr,
        rn: Gpr,
        immr: u8,
        imms: u8,
    },
    /// [`Assembler::extr`]
    Extr {
        w: Width,
        rd: Gpr,
        rn: Gpr,
        rm: Gpr,
        lsb: u8,
    },
    /// [`Assembler::dp1`]
    Dp1 {
        op: Dp1Op,
        w: Width,
        rd: Gpr,
        rn: Gpr,
    },
    /// [`Assembler::dp2`]
    Dp2 {
        op: Dp2Op,
        w: Width,
        rd: Gpr,
        rn: Gpr,
        rm: Gpr,
    },
    /// [`Assembler::dp3`]
    Dp3 {
        op: Dp3Op,
        w: Width,
        rd: Gpr,
        rn: Gpr,
        rm: Gpr,
        ra: Gpr,
    },
    /// [`Assembler::mulh`]
    MulHigh {
        op: MulHighOp,
        rd: Gpr,
        rn: Gpr,
        rm: Gpr,
    },
    /// [`Assembler::ccmp_rr`]
    CcmpRR {
        op: CondCmpOp,
        w: Width,
        rn: Gpr,
        rm: Gpr,
        nzcv: u8,
        cond: Cond,
    },
    /// [`Assembler::ccmp_imm`]
    CcmpImm {
        op: CondCmpOp,
        w: Width,
        rn: Gpr,
        imm: u8,
        nzcv: u8,
        cond: Cond,
    },
    /// [`Assembler::csel_op`]
    Csel {
        op: CselOp,
        w: Width,
        rd: Gpr,
        rn: Gpr,
        rm: Gpr,
        cond: Cond,
    },
    /// [`Assembler::load`]
    Load { op: LoadOp, rt: Gpr, mem: Mem },
    /// [`Assembler::store`]
    Store { op: StoreOp, rt: Gpr, mem: Mem },
    /// [`Assembler::load_fp`]
    LoadFp { w: FpWidth, rt: Fpr, mem: Mem },
    /// [`Assembler::store_fp`]
    StoreFp { w: FpWidth, rt: Fpr, mem: Mem },
    /// [`Assembler::ldp`]
    Ldp {
        w: Width,
        rt1: Gpr,
        rt2: Gpr,
        mem: Mem,
    },
    /// [`Assembler::stp`]
    Stp {
        w: Width,
        rt1: Gpr,
        rt2: Gpr,
        mem: Mem,
    },
    /// [`Assembler::ldpsw`]
    Ldpsw { rt1: Gpr, rt2: Gpr, mem: Mem },
    /// [`Assembler::ldp_fp`]
    LdpFp {
        w: FpWidth,
        rt1: Fpr,
        rt2: Fpr,
        mem: Mem,
    },
    /// [`Assembler::stp_fp`]
    StpFp {
        w: FpWidth,
        rt1: Fpr,
        rt2: Fpr,
        mem: Mem,
    },
    /// [`Assembler::ldr_literal`]
    LdrLiteral {
        op: LiteralOp,
        rt: Gpr,
        target: Label,
    },
    /// [`Assembler::ldr_literal_fp`]
    LdrLiteralFp { w: FpWidth, rt: Fpr, target: Label },
    /// [`Assembler::adr`]
    Adr { rd: Gpr, target: Label },
    /// [`Assembler::b`]
    B(Label),
    /// [`Assembler::bl`]
    Bl(Label),
    /// [`Assembler::b_cond`]
    BCond(Cond, Label),
    /// [`Assembler::cb`]
    Cb {
        op: CmpBranchOp,
        w: Width,
        rt: Gpr,
        target: Label,
    },
    /// [`Assembler::tb`]
    Tb {
        op: TestBranchOp,
        rt: Gpr,
        bit: u8,
        target: Label,
    },
    /// [`Assembler::b_addr`]
    BAddr(u64),
    /// [`Assembler::bl_addr`]
    BlAddr(u64),
    /// [`Assembler::b_cond_addr`]
    BCondAddr(Cond, u64),
    /// [`Assembler::adrp_addr`]
    AdrpAddr { rd: Gpr, target: u64 },
    /// [`Assembler::br`]
    Br(Gpr),
    /// [`Assembler::blr`]
    Blr(Gpr),
    /// [`Assembler::ret_to`] (`Ret(Gpr::LR)` is plain `ret`)
    Ret(Gpr),
    /// [`Assembler::nop`]
    Nop,
    /// [`Assembler::brk`]
    Brk(u16),
    /// [`Assembler::udf`]
    Udf(u16),
    /// [`Assembler::dmb`]
    Dmb(Barrier),
    /// [`Assembler::dsb`]
    Dsb(Barrier),
    /// [`Assembler::isb`]
    Isb,
    /// [`Assembler::dc_cvau`]
    DcCvau(Gpr),
    /// [`Assembler::ic_ivau`]
    IcIvau(Gpr),
    /// [`Assembler::mrs`]
    Mrs { rt: Gpr, reg: SysReg },
    /// [`Assembler::msr`]
    Msr { reg: SysReg, rt: Gpr },
    /// [`Assembler::fp_rrr`]
    FpRRR {
        op: FpOp2,
        w: FpWidth,
        rd: Fpr,
        rn: Fpr,
        rm: Fpr,
    },
    /// [`Assembler::fp_rr`]
    FpRR {
        op: FpOp1,
        w: FpWidth,
        rd: Fpr,
        rn: Fpr,
    },
    /// [`Assembler::fp_rrrr`]
    FpRRRR {
        op: FpOp3,
        w: FpWidth,
        rd: Fpr,
        rn: Fpr,
        rm: Fpr,
        ra: Fpr,
    },
    /// [`Assembler::fcvt`]
    Fcvt {
        dst_w: FpWidth,
        rd: Fpr,
        src_w: FpWidth,
        rn: Fpr,
    },
    /// [`Assembler::fcmp`]
    Fcmp {
        op: FcmpOp,
        w: FpWidth,
        rn: Fpr,
        rm: Fpr,
    },
    /// [`Assembler::fcmp_zero`]
    FcmpZero { op: FcmpOp, w: FpWidth, rn: Fpr },
    /// [`Assembler::fcsel`]
    Fcsel {
        w: FpWidth,
        rd: Fpr,
        rn: Fpr,
        rm: Fpr,
        cond: Cond,
    },
    /// [`Assembler::fp_to_int`]
    FpToInt {
        op: FpToIntOp,
        iw: Width,
        rd: Gpr,
        fw: FpWidth,
        rn: Fpr,
    },
    /// [`Assembler::int_to_fp`]
    IntToFp {
        op: IntToFpOp,
        fw: FpWidth,
        rd: Fpr,
        iw: Width,
        rn: Gpr,
    },
    /// [`Assembler::fmov_to_gpr`]
    FmovToGpr { w: FpWidth, rd: Gpr, rn: Fpr },
    /// [`Assembler::fmov_from_gpr`]
    FmovFromGpr { w: FpWidth, rd: Fpr, rn: Gpr },
    /// [`Assembler::fmov_imm`]
    FmovImm { w: FpWidth, rd: Fpr, value: f64 },
    /// [`Assembler::raw_word`] (printed as `.inst 0x...`)
    Word(u32),
}

impl Assembler {
    /// Emits `inst` (exactly the corresponding method call).
    pub fn emit(&mut self, inst: &Inst) {
        use Inst::*;
        match *inst {
            AddSubImm { op, w, rd, rn, imm } => self.addsub_imm(op, w, rd, rn, imm),
            AddSubShifted {
                op,
                w,
                rd,
                rn,
                rm,
                shift,
                amount,
            } => self.addsub_shifted(op, w, rd, rn, rm, shift, amount),
            AddSubExt {
                op,
                w,
                rd,
                rn,
                rm,
                ext,
                amount,
            } => self.addsub_ext(op, w, rd, rn, rm, ext, amount),
            LogicImm { op, w, rd, rn, imm } => self.logic_imm(op, w, rd, rn, imm),
            LogicShifted {
                op,
                w,
                rd,
                rn,
                rm,
                shift,
                amount,
            } => self.logic_shifted(op, w, rd, rn, rm, shift, amount),
            MoveWide {
                op,
                w,
                rd,
                imm16,
                shift,
            } => self.movw(op, w, rd, imm16, shift),
            MovImm { w, rd, imm } => self.mov_imm(w, rd, imm),
            Bitfield {
                op,
                w,
                rd,
                rn,
                immr,
                imms,
            } => self.bitfield(op, w, rd, rn, immr, imms),
            Extr { w, rd, rn, rm, lsb } => self.extr(w, rd, rn, rm, lsb),
            Dp1 { op, w, rd, rn } => self.dp1(op, w, rd, rn),
            Dp2 { op, w, rd, rn, rm } => self.dp2(op, w, rd, rn, rm),
            Dp3 {
                op,
                w,
                rd,
                rn,
                rm,
                ra,
            } => self.dp3(op, w, rd, rn, rm, ra),
            MulHigh { op, rd, rn, rm } => self.mulh(op, rd, rn, rm),
            CcmpRR {
                op,
                w,
                rn,
                rm,
                nzcv,
                cond,
            } => self.ccmp_rr(op, w, rn, rm, nzcv, cond),
            CcmpImm {
                op,
                w,
                rn,
                imm,
                nzcv,
                cond,
            } => self.ccmp_imm(op, w, rn, imm, nzcv, cond),
            Csel {
                op,
                w,
                rd,
                rn,
                rm,
                cond,
            } => self.csel_op(op, w, rd, rn, rm, cond),
            Load { op, rt, mem } => self.load(op, rt, mem),
            Store { op, rt, mem } => self.store(op, rt, mem),
            LoadFp { w, rt, mem } => self.load_fp(w, rt, mem),
            StoreFp { w, rt, mem } => self.store_fp(w, rt, mem),
            Ldp { w, rt1, rt2, mem } => self.ldp(w, rt1, rt2, mem),
            Stp { w, rt1, rt2, mem } => self.stp(w, rt1, rt2, mem),
            Ldpsw { rt1, rt2, mem } => self.ldpsw(rt1, rt2, mem),
            LdpFp { w, rt1, rt2, mem } => self.ldp_fp(w, rt1, rt2, mem),
            StpFp { w, rt1, rt2, mem } => self.stp_fp(w, rt1, rt2, mem),
            LdrLiteral { op, rt, target } => self.ldr_literal(op, rt, target),
            LdrLiteralFp { w, rt, target } => self.ldr_literal_fp(w, rt, target),
            Adr { rd, target } => self.adr(rd, target),
            B(l) => {
                self.b(l);
            }
            Bl(l) => {
                self.bl(l);
            }
            BCond(c, l) => {
                self.b_cond(c, l);
            }
            Cb { op, w, rt, target } => self.cb(op, w, rt, target),
            Tb {
                op,
                rt,
                bit,
                target,
            } => self.tb(op, rt, bit, target),
            BAddr(t) => {
                self.b_addr(t);
            }
            BlAddr(t) => {
                self.bl_addr(t);
            }
            BCondAddr(c, t) => {
                self.b_cond_addr(c, t);
            }
            AdrpAddr { rd, target } => {
                self.adrp_addr(rd, target);
            }
            Br(r) => self.br(r),
            Blr(r) => self.blr(r),
            Ret(r) => self.ret_to(r),
            Nop => self.nop(),
            Brk(i) => self.brk(i),
            Udf(i) => self.udf(i),
            Dmb(b) => self.dmb(b),
            Dsb(b) => self.dsb(b),
            Isb => self.isb(),
            DcCvau(r) => self.dc_cvau(r),
            IcIvau(r) => self.ic_ivau(r),
            Mrs { rt, reg } => self.mrs(rt, reg),
            Msr { reg, rt } => self.msr(reg, rt),
            FpRRR { op, w, rd, rn, rm } => self.fp_rrr(op, w, rd, rn, rm),
            FpRR { op, w, rd, rn } => self.fp_rr(op, w, rd, rn),
            FpRRRR {
                op,
                w,
                rd,
                rn,
                rm,
                ra,
            } => self.fp_rrrr(op, w, rd, rn, rm, ra),
            Fcvt {
                dst_w,
                rd,
                src_w,
                rn,
            } => self.fcvt(dst_w, rd, src_w, rn),
            Fcmp { op, w, rn, rm } => self.fcmp(op, w, rn, rm),
            FcmpZero { op, w, rn } => self.fcmp_zero(op, w, rn),
            Fcsel {
                w,
                rd,
                rn,
                rm,
                cond,
            } => self.fcsel(w, rd, rn, rm, cond),
            FpToInt { op, iw, rd, fw, rn } => self.fp_to_int(op, iw, rd, fw, rn),
            IntToFp { op, fw, rd, iw, rn } => self.int_to_fp(op, fw, rd, iw, rn),
            FmovToGpr { w, rd, rn } => self.fmov_to_gpr(w, rd, rn),
            FmovFromGpr { w, rd, rn } => self.fmov_from_gpr(w, rd, rn),
            FmovImm { w, rd, value } => self.fmov_imm(w, rd, value),
            Word(word) => self.raw_word(word),
        }
    }
}
