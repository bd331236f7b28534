//! Integer instructions: ALU, test, group-3 unary ops, imul, sign extension, shifts, setcc,
//! cmov, moves of every width with zero/sign extension, lea, push/pop.
//!
//! Naming: the suffix lists operand kinds destination first: `r` register, `m` memory,
//! `i` immediate, `cl` the CL register (`alu_mr` = `op [mem], reg`).
//! Invariant: every method either emits exactly one instruction or records an error and
//! emits nothing (see the `encode` module).

use super::encode::{Imm, Pre, RmArg};
use super::operand::{AluOp, Cond, Mem, ShiftOp, UnaryOp};
use super::reg::{Gpr, Width};
use super::{AsmErrorKind, Assembler};

/// Prefixes for an integer operation of width `w`; `byte_regs` are the registers accessed
/// as bytes (they force a REX prefix when they are SPL/BPL/SIL/DIL).
#[inline]
fn pre(w: Width, byte_regs: &[Gpr]) -> Pre {
    Pre {
        p66: w == Width::W16,
        mandatory: None,
        w: w == Width::W64,
        force_rex: w == Width::W8 && byte_regs.iter().any(|r| r.byte_needs_rex()),
    }
}

/// `base` for byte operations, `base + 1` otherwise (the x86 "w" opcode bit).
#[inline]
fn op_w(base: u8, w: Width) -> u8 {
    if w == Width::W8 { base } else { base + 1 }
}

/// The immediate for a full-width form (`ib`, `iw` or `id`).
#[inline]
fn imm_full(w: Width, v: i64) -> Imm {
    match w {
        Width::W8 => Imm::I8(v as i8),
        Width::W16 => Imm::I16(v as i16),
        Width::W32 | Width::W64 => Imm::I32(v as i32),
    }
}

/// How a movzx/movsx width pair is encoded.
#[derive(Clone, Copy)]
enum ExtendForm {
    /// `0F B6/B7/BE/BF`.
    Opcode([u8; 2]),
    /// `REX.W 63` (sign-extend 32 -> 64).
    Movsxd,
    /// `mov r32, r/m32` (zero-extend 32 -> 64 happens implicitly).
    Mov32,
}

impl Assembler {
    /// Records an error unless `imm` fits width `w` (as a signed or unsigned number).
    fn check_imm(&mut self, mnemonic: &'static str, w: Width, imm: i64) -> bool {
        if w.fits(imm) {
            true
        } else {
            self.fail(AsmErrorKind::ImmOutOfRange {
                mnemonic,
                imm,
                width: w,
            });
            false
        }
    }

    /// Records an error if `w` is 8 bits (instructions without a byte form).
    fn check_not_byte(&mut self, mnemonic: &'static str, w: Width) -> bool {
        if w == Width::W8 {
            self.fail(AsmErrorKind::UnsupportedWidth {
                mnemonic,
                widths: "8-bit operands".into(),
            });
            false
        } else {
            true
        }
    }

    // ---- ALU -------------------------------------------------------------------------

    /// `op dst, src` (both registers).
    pub fn alu_rr(&mut self, op: AluOp, w: Width, dst: Gpr, src: Gpr) {
        let opc = op_w((op as u8) << 3, w);
        self.enc_modrm(
            pre(w, &[dst, src]),
            &[opc],
            src.num(),
            RmArg::Reg(dst.num()),
            Imm::None,
        );
    }

    /// `op dst, [mem]`.
    pub fn alu_rm(&mut self, op: AluOp, w: Width, dst: Gpr, src: Mem) {
        let opc = op_w((op as u8) << 3 | 2, w);
        self.enc_modrm(
            pre(w, &[dst]),
            &[opc],
            dst.num(),
            RmArg::Mem(&src),
            Imm::None,
        );
    }

    /// `op [mem], src`.
    pub fn alu_mr(&mut self, op: AluOp, w: Width, dst: Mem, src: Gpr) {
        let opc = op_w((op as u8) << 3, w);
        self.enc_modrm(
            pre(w, &[src]),
            &[opc],
            src.num(),
            RmArg::Mem(&dst),
            Imm::None,
        );
    }

    /// `op dst, imm`. For 64-bit operations the immediate is sign-extended from 32 bits; for
    /// 8/16-bit ones it must fit the width (signed or unsigned). Uses the sign-extended imm8
    /// form when it fits and the short `rax` forms otherwise.
    pub fn alu_ri(&mut self, op: AluOp, w: Width, dst: Gpr, imm: i32) {
        if !self.check_imm(op.name(), w, imm as i64) {
            return;
        }
        let v = w.sign_truncate(imm as i64);
        let digit = op as u8;
        if w == Width::W8 {
            if dst == Gpr::Rax {
                self.enc_plain(Pre::NONE, &[digit << 3 | 4], Imm::I8(v as i8));
            } else {
                self.enc_modrm(
                    pre(w, &[dst]),
                    &[0x80],
                    digit,
                    RmArg::Reg(dst.num()),
                    Imm::I8(v as i8),
                );
            }
        } else if let Ok(v8) = i8::try_from(v) {
            self.enc_modrm(
                pre(w, &[]),
                &[0x83],
                digit,
                RmArg::Reg(dst.num()),
                Imm::I8(v8),
            );
        } else if dst == Gpr::Rax {
            self.enc_plain(pre(w, &[]), &[digit << 3 | 5], imm_full(w, v));
        } else {
            self.enc_modrm(
                pre(w, &[]),
                &[0x81],
                digit,
                RmArg::Reg(dst.num()),
                imm_full(w, v),
            );
        }
    }

    /// `op [mem], imm` (immediate rules as in [`Assembler::alu_ri`]).
    pub fn alu_mi(&mut self, op: AluOp, w: Width, dst: Mem, imm: i32) {
        if !self.check_imm(op.name(), w, imm as i64) {
            return;
        }
        let v = w.sign_truncate(imm as i64);
        let digit = op as u8;
        let m = RmArg::Mem(&dst);
        if w == Width::W8 {
            self.enc_modrm(Pre::NONE, &[0x80], digit, m, Imm::I8(v as i8));
        } else if let Ok(v8) = i8::try_from(v) {
            self.enc_modrm(pre(w, &[]), &[0x83], digit, m, Imm::I8(v8));
        } else {
            self.enc_modrm(pre(w, &[]), &[0x81], digit, m, imm_full(w, v));
        }
    }

    // ---- TEST ------------------------------------------------------------------------

    /// `test a, b` (flags of `a & b`).
    pub fn test_rr(&mut self, w: Width, a: Gpr, b: Gpr) {
        self.enc_modrm(
            pre(w, &[a, b]),
            &[op_w(0x84, w)],
            b.num(),
            RmArg::Reg(a.num()),
            Imm::None,
        );
    }

    /// `test [mem], b`.
    pub fn test_mr(&mut self, w: Width, a: Mem, b: Gpr) {
        self.enc_modrm(
            pre(w, &[b]),
            &[op_w(0x84, w)],
            b.num(),
            RmArg::Mem(&a),
            Imm::None,
        );
    }

    /// `test a, imm` (there is no imm8 form for 16/32/64 bits; the `rax` form is used when
    /// it applies).
    pub fn test_ri(&mut self, w: Width, a: Gpr, imm: i32) {
        if !self.check_imm("test", w, imm as i64) {
            return;
        }
        let v = w.sign_truncate(imm as i64);
        if a == Gpr::Rax {
            self.enc_plain(pre(w, &[]), &[op_w(0xA8, w)], imm_full(w, v));
        } else {
            self.enc_modrm(
                pre(w, &[a]),
                &[op_w(0xF6, w)],
                0,
                RmArg::Reg(a.num()),
                imm_full(w, v),
            );
        }
    }

    /// `test [mem], imm`.
    pub fn test_mi(&mut self, w: Width, a: Mem, imm: i32) {
        if !self.check_imm("test", w, imm as i64) {
            return;
        }
        let v = w.sign_truncate(imm as i64);
        self.enc_modrm(
            pre(w, &[]),
            &[op_w(0xF6, w)],
            0,
            RmArg::Mem(&a),
            imm_full(w, v),
        );
    }

    // ---- group 3: not/neg/mul/imul/div/idiv ------------------------------------------

    /// `op r` for a one-operand group-3 instruction (see [`UnaryOp`] for the implicit
    /// `rdx:rax` operands of the multiply and divide forms).
    pub fn unary_r(&mut self, op: UnaryOp, w: Width, r: Gpr) {
        self.enc_modrm(
            pre(w, &[r]),
            &[op_w(0xF6, w)],
            op as u8,
            RmArg::Reg(r.num()),
            Imm::None,
        );
    }

    /// `op [mem]` for a one-operand group-3 instruction.
    pub fn unary_m(&mut self, op: UnaryOp, w: Width, m: Mem) {
        self.enc_modrm(
            pre(w, &[]),
            &[op_w(0xF6, w)],
            op as u8,
            RmArg::Mem(&m),
            Imm::None,
        );
    }

    // ---- imul ------------------------------------------------------------------------

    /// `imul dst, src` (truncating signed multiply; OF/CF report overflow). No 8-bit form.
    pub fn imul_rr(&mut self, w: Width, dst: Gpr, src: Gpr) {
        if self.check_not_byte("imul", w) {
            self.enc_modrm(
                pre(w, &[]),
                &[0x0F, 0xAF],
                dst.num(),
                RmArg::Reg(src.num()),
                Imm::None,
            );
        }
    }

    /// `imul dst, [mem]`.
    pub fn imul_rm(&mut self, w: Width, dst: Gpr, src: Mem) {
        if self.check_not_byte("imul", w) {
            self.enc_modrm(
                pre(w, &[]),
                &[0x0F, 0xAF],
                dst.num(),
                RmArg::Mem(&src),
                Imm::None,
            );
        }
    }

    /// `imul dst, src, imm` (three-operand form; imm8 when it fits).
    pub fn imul_rri(&mut self, w: Width, dst: Gpr, src: Gpr, imm: i32) {
        self.imul_imm(w, dst, RmArg::Reg(src.num()), imm);
    }

    /// `imul dst, [mem], imm`.
    pub fn imul_rmi(&mut self, w: Width, dst: Gpr, src: Mem, imm: i32) {
        self.imul_imm(w, dst, RmArg::Mem(&src), imm);
    }

    fn imul_imm(&mut self, w: Width, dst: Gpr, src: RmArg<'_>, imm: i32) {
        if !self.check_not_byte("imul", w) || !self.check_imm("imul", w, imm as i64) {
            return;
        }
        let v = w.sign_truncate(imm as i64);
        match i8::try_from(v) {
            Ok(v8) => self.enc_modrm(pre(w, &[]), &[0x6B], dst.num(), src, Imm::I8(v8)),
            Err(_) => self.enc_modrm(pre(w, &[]), &[0x69], dst.num(), src, imm_full(w, v)),
        }
    }

    // ---- sign extension of the accumulator ----------------------------------------------

    /// `cwd`: sign-extend `ax` into `dx:ax`.
    pub fn cwd(&mut self) {
        self.enc_plain(pre(Width::W16, &[]), &[0x99], Imm::None);
    }

    /// `cdq`: sign-extend `eax` into `edx:eax`.
    pub fn cdq(&mut self) {
        self.enc_plain(Pre::NONE, &[0x99], Imm::None);
    }

    /// `cqo`: sign-extend `rax` into `rdx:rax` (before a 64-bit `idiv`).
    pub fn cqo(&mut self) {
        self.enc_plain(pre(Width::W64, &[]), &[0x99], Imm::None);
    }

    /// `cdqe`: sign-extend `eax` into `rax`.
    pub fn cdqe(&mut self) {
        self.enc_plain(pre(Width::W64, &[]), &[0x98], Imm::None);
    }

    // ---- shifts ------------------------------------------------------------------------

    fn check_count(&mut self, w: Width, count: u8) -> bool {
        if (count as u32) < w.bits() {
            true
        } else {
            self.fail(AsmErrorKind::ShiftCountOutOfRange { count, width: w });
            false
        }
    }

    /// `op dst, count` with `count < width in bits` (the one-byte-shorter `D1` form is used
    /// for a count of 1).
    pub fn shift_ri(&mut self, op: ShiftOp, w: Width, dst: Gpr, count: u8) {
        self.shift_imm(op, w, RmArg::Reg(dst.num()), &[dst], count);
    }

    /// `op [mem], count`.
    pub fn shift_mi(&mut self, op: ShiftOp, w: Width, dst: Mem, count: u8) {
        self.shift_imm(op, w, RmArg::Mem(&dst), &[], count);
    }

    fn shift_imm(&mut self, op: ShiftOp, w: Width, rm: RmArg<'_>, regs: &[Gpr], count: u8) {
        if !self.check_count(w, count) {
            return;
        }
        if count == 1 {
            self.enc_modrm(pre(w, regs), &[op_w(0xD0, w)], op as u8, rm, Imm::None);
        } else {
            self.enc_modrm(
                pre(w, regs),
                &[op_w(0xC0, w)],
                op as u8,
                rm,
                Imm::I8(count as i8),
            );
        }
    }

    /// `op dst, cl` (the CPU masks the count to 5 bits, 6 for 64-bit operands).
    pub fn shift_rcl(&mut self, op: ShiftOp, w: Width, dst: Gpr) {
        self.enc_modrm(
            pre(w, &[dst]),
            &[op_w(0xD2, w)],
            op as u8,
            RmArg::Reg(dst.num()),
            Imm::None,
        );
    }

    /// `op [mem], cl`.
    pub fn shift_mcl(&mut self, op: ShiftOp, w: Width, dst: Mem) {
        self.enc_modrm(
            pre(w, &[]),
            &[op_w(0xD2, w)],
            op as u8,
            RmArg::Mem(&dst),
            Imm::None,
        );
    }

    // ---- setcc / cmovcc ----------------------------------------------------------------

    /// `setcc dst8`: the low byte of `dst` becomes 0 or 1 (the rest is unchanged; follow
    /// with `movzx` to get a full-width boolean).
    pub fn setcc_r(&mut self, cond: Cond, dst: Gpr) {
        let p = pre(Width::W8, &[dst]);
        self.enc_modrm(
            p,
            &[0x0F, 0x90 | cond as u8],
            0,
            RmArg::Reg(dst.num()),
            Imm::None,
        );
    }

    /// `setcc byte ptr [mem]`.
    pub fn setcc_m(&mut self, cond: Cond, dst: Mem) {
        self.enc_modrm(
            Pre::NONE,
            &[0x0F, 0x90 | cond as u8],
            0,
            RmArg::Mem(&dst),
            Imm::None,
        );
    }

    /// `cmovcc dst, src` (no 8-bit form; a 32-bit cmov zero-extends even when the condition
    /// is false).
    pub fn cmov_rr(&mut self, cond: Cond, w: Width, dst: Gpr, src: Gpr) {
        if self.check_not_byte("cmov", w) {
            let opc = [0x0F, 0x40 | cond as u8];
            self.enc_modrm(
                pre(w, &[]),
                &opc,
                dst.num(),
                RmArg::Reg(src.num()),
                Imm::None,
            );
        }
    }

    /// `cmovcc dst, [mem]` (the load happens whether or not the condition holds).
    pub fn cmov_rm(&mut self, cond: Cond, w: Width, dst: Gpr, src: Mem) {
        if self.check_not_byte("cmov", w) {
            let opc = [0x0F, 0x40 | cond as u8];
            self.enc_modrm(pre(w, &[]), &opc, dst.num(), RmArg::Mem(&src), Imm::None);
        }
    }

    // ---- moves -------------------------------------------------------------------------

    /// `mov dst, src`. A 32-bit move zero-extends into the upper half.
    pub fn mov_rr(&mut self, w: Width, dst: Gpr, src: Gpr) {
        self.enc_modrm(
            pre(w, &[dst, src]),
            &[op_w(0x88, w)],
            src.num(),
            RmArg::Reg(dst.num()),
            Imm::None,
        );
    }

    /// Load: `mov dst, [mem]`. 8/16-bit loads leave the rest of `dst` unchanged (use
    /// [`Assembler::movzx_rm`]/[`Assembler::movsx_rm`] to extend).
    pub fn mov_rm(&mut self, w: Width, dst: Gpr, src: Mem) {
        self.enc_modrm(
            pre(w, &[dst]),
            &[op_w(0x8A, w)],
            dst.num(),
            RmArg::Mem(&src),
            Imm::None,
        );
    }

    /// Store: `mov [mem], src`.
    pub fn mov_mr(&mut self, w: Width, dst: Mem, src: Gpr) {
        self.enc_modrm(
            pre(w, &[src]),
            &[op_w(0x88, w)],
            src.num(),
            RmArg::Mem(&dst),
            Imm::None,
        );
    }

    /// `mov dst, imm`. For 8/16/32 bits `imm` must fit the width (signed or unsigned). For
    /// 64 bits any value is accepted and the shortest of `mov r32, imm32` (zero-extending,
    /// for 0..=u32::MAX), `mov r64, simm32` and `mov r64, imm64` is used. Flags are never
    /// touched (no `xor` trick).
    pub fn mov_ri(&mut self, w: Width, dst: Gpr, imm: i64) {
        if !self.check_imm("mov", w, imm) {
            return;
        }
        match w {
            Width::W8 => self.enc_opreg(pre(w, &[dst]), 0xB0, dst.num(), Imm::I8(imm as i8)),
            Width::W16 => self.enc_opreg(pre(w, &[]), 0xB8, dst.num(), Imm::I16(imm as i16)),
            Width::W32 => self.enc_opreg(Pre::NONE, 0xB8, dst.num(), Imm::I32(imm as i32)),
            Width::W64 => {
                if (0..=u32::MAX as i64).contains(&imm) {
                    self.enc_opreg(Pre::NONE, 0xB8, dst.num(), Imm::I32(imm as u32 as i32));
                } else if let Ok(v) = i32::try_from(imm) {
                    self.enc_modrm(pre(w, &[]), &[0xC7], 0, RmArg::Reg(dst.num()), Imm::I32(v));
                } else {
                    self.enc_opreg(pre(w, &[]), 0xB8, dst.num(), Imm::I64(imm));
                }
            }
        }
    }

    /// Store an immediate: `mov [mem], imm` (64-bit stores sign-extend a 32-bit immediate).
    pub fn mov_mi(&mut self, w: Width, dst: Mem, imm: i32) {
        if !self.check_imm("mov", w, imm as i64) {
            return;
        }
        let v = w.sign_truncate(imm as i64);
        self.enc_modrm(
            pre(w, &[]),
            &[op_w(0xC6, w)],
            0,
            RmArg::Mem(&dst),
            imm_full(w, v),
        );
    }

    /// Checks a (destination, source) width pair of movzx/movsx and picks the encoding.
    fn extend_form(
        &mut self,
        mnemonic: &'static str,
        signed: bool,
        dst_w: Width,
        src_w: Width,
    ) -> Option<ExtendForm> {
        let form = match (signed, src_w) {
            (_, Width::W8 | Width::W16) if dst_w > src_w => {
                let second = 0xB6 | (signed as u8) << 3 | (src_w == Width::W16) as u8;
                Some(ExtendForm::Opcode([0x0F, second]))
            }
            (false, Width::W32) if dst_w == Width::W64 => Some(ExtendForm::Mov32),
            (true, Width::W32) if dst_w == Width::W64 => Some(ExtendForm::Movsxd),
            _ => None,
        };
        if form.is_none() {
            self.fail(AsmErrorKind::UnsupportedWidth {
                mnemonic,
                widths: format!("a {dst_w} destination and a {src_w} source"),
            });
        }
        form
    }

    fn extend(&mut self, signed: bool, dst_w: Width, dst: Gpr, src_w: Width, src: RmArg<'_>) {
        let mnemonic = if signed { "movsx" } else { "movzx" };
        let Some(form) = self.extend_form(mnemonic, signed, dst_w, src_w) else {
            return;
        };
        let mut p = pre(dst_w, &[]);
        if let RmArg::Reg(n) = src {
            p.force_rex = src_w == Width::W8 && (4..8).contains(&n);
        }
        match form {
            ExtendForm::Opcode(opc) => self.enc_modrm(p, &opc, dst.num(), src, Imm::None),
            ExtendForm::Movsxd => self.enc_modrm(p, &[0x63], dst.num(), src, Imm::None),
            ExtendForm::Mov32 => self.enc_modrm(Pre::NONE, &[0x8B], dst.num(), src, Imm::None),
        }
    }

    /// Zero-extending move `movzx dst, src` from `src_w` (8 or 16 bits, or 32 bits into a
    /// 64-bit destination, which is encoded as the implicitly zero-extending `mov r32, r32`).
    pub fn movzx_rr(&mut self, dst_w: Width, dst: Gpr, src_w: Width, src: Gpr) {
        self.extend(false, dst_w, dst, src_w, RmArg::Reg(src.num()));
    }

    /// Zero-extending load `movzx dst, [mem]` (see [`Assembler::movzx_rr`]).
    pub fn movzx_rm(&mut self, dst_w: Width, dst: Gpr, src_w: Width, src: Mem) {
        self.extend(false, dst_w, dst, src_w, RmArg::Mem(&src));
    }

    /// Sign-extending move `movsx dst, src` from 8 or 16 bits, or `movsxd` from 32 bits
    /// into a 64-bit destination.
    pub fn movsx_rr(&mut self, dst_w: Width, dst: Gpr, src_w: Width, src: Gpr) {
        self.extend(true, dst_w, dst, src_w, RmArg::Reg(src.num()));
    }

    /// Sign-extending load `movsx dst, [mem]` / `movsxd dst, [mem]`.
    pub fn movsx_rm(&mut self, dst_w: Width, dst: Gpr, src_w: Width, src: Mem) {
        self.extend(true, dst_w, dst, src_w, RmArg::Mem(&src));
    }

    /// `lea dst, [mem]` (address arithmetic without touching flags). No 8-bit form.
    pub fn lea(&mut self, w: Width, dst: Gpr, src: Mem) {
        if self.check_not_byte("lea", w) {
            self.enc_modrm(pre(w, &[]), &[0x8D], dst.num(), RmArg::Mem(&src), Imm::None);
        }
    }

    // ---- stack -------------------------------------------------------------------------

    /// `push r` (64-bit).
    pub fn push_r(&mut self, r: Gpr) {
        self.enc_opreg(Pre::NONE, 0x50, r.num(), Imm::None);
    }

    /// `pop r` (64-bit).
    pub fn pop_r(&mut self, r: Gpr) {
        self.enc_opreg(Pre::NONE, 0x58, r.num(), Imm::None);
    }

    /// `push qword ptr [mem]`.
    pub fn push_m(&mut self, m: Mem) {
        self.enc_modrm(Pre::NONE, &[0xFF], 6, RmArg::Mem(&m), Imm::None);
    }

    /// `pop qword ptr [mem]`.
    pub fn pop_m(&mut self, m: Mem) {
        self.enc_modrm(Pre::NONE, &[0x8F], 0, RmArg::Mem(&m), Imm::None);
    }

    /// `push imm` (sign-extended to 64 bits; imm8 form when it fits).
    pub fn push_i(&mut self, imm: i32) {
        match i8::try_from(imm) {
            Ok(v) => self.enc_plain(Pre::NONE, &[0x6A], Imm::I8(v)),
            Err(_) => self.enc_plain(Pre::NONE, &[0x68], Imm::I32(imm)),
        }
    }
}
