//! SSE2 scalar-double instructions: the table-driven `op xmm, xmm/mem` family
//! ([`SseOp`]), stores, moves between general-purpose and SSE registers, and integer/double
//! conversions.
//!
//! Invariant: the mandatory prefix (66/F2/F3) is emitted before REX, and REX.W appears only
//! where it selects a 64-bit integer operand (`movq`, `cvtsi2sd`, `cvttsd2si`).

use super::encode::{Imm, Pre, RmArg};
use super::operand::{Mem, SseOp};
use super::reg::{Gpr, Width, Xmm};
use super::{AsmErrorKind, Assembler};

fn sse_pre(op: SseOp) -> Pre {
    Pre {
        mandatory: op.info().prefix.byte(),
        ..Pre::NONE
    }
}

impl Assembler {
    /// `op dst, src` for an [`SseOp`].
    pub fn sse_rr(&mut self, op: SseOp, dst: Xmm, src: Xmm) {
        let opc = [0x0F, op.info().opcode];
        self.enc_modrm(
            sse_pre(op),
            &opc,
            dst.num(),
            RmArg::Reg(src.num()),
            Imm::None,
        );
    }

    /// `op dst, [mem]` for an [`SseOp`]. Packed operations (`andpd`, `xorpd`, `movaps`, ...)
    /// read 16 bytes and fault unless the address is 16-byte aligned.
    pub fn sse_rm(&mut self, op: SseOp, dst: Xmm, src: Mem) {
        let opc = [0x0F, op.info().opcode];
        self.enc_modrm(sse_pre(op), &opc, dst.num(), RmArg::Mem(&src), Imm::None);
    }

    /// Store: `movsd qword ptr [mem], src`.
    pub fn movsd_mr(&mut self, dst: Mem, src: Xmm) {
        let p = Pre {
            mandatory: Some(0xF2),
            ..Pre::NONE
        };
        self.enc_modrm(p, &[0x0F, 0x11], src.num(), RmArg::Mem(&dst), Imm::None);
    }

    /// Store: `movss dword ptr [mem], src`.
    pub fn movss_mr(&mut self, dst: Mem, src: Xmm) {
        let p = Pre {
            mandatory: Some(0xF3),
            ..Pre::NONE
        };
        self.enc_modrm(p, &[0x0F, 0x11], src.num(), RmArg::Mem(&dst), Imm::None);
    }

    /// `movq dst, src`: the 64 bits of `src` into the low half of `dst` (upper half zeroed).
    pub fn movq_xr(&mut self, dst: Xmm, src: Gpr) {
        let p = Pre {
            mandatory: Some(0x66),
            w: true,
            ..Pre::NONE
        };
        self.enc_modrm(
            p,
            &[0x0F, 0x6E],
            dst.num(),
            RmArg::Reg(src.num()),
            Imm::None,
        );
    }

    /// `movq dst, src`: the low 64 bits of `src` into `dst`.
    pub fn movq_rx(&mut self, dst: Gpr, src: Xmm) {
        let p = Pre {
            mandatory: Some(0x66),
            w: true,
            ..Pre::NONE
        };
        self.enc_modrm(
            p,
            &[0x0F, 0x7E],
            src.num(),
            RmArg::Reg(dst.num()),
            Imm::None,
        );
    }

    fn check_int_width(&mut self, mnemonic: &'static str, w: Width) -> bool {
        if matches!(w, Width::W32 | Width::W64) {
            true
        } else {
            self.fail(AsmErrorKind::UnsupportedWidth {
                mnemonic,
                widths: format!("a {w} integer operand"),
            });
            false
        }
    }

    /// `cvtsi2sd dst, src`: signed `w`-bit integer (32 or 64) to double. Writes only the
    /// low half of `dst` (zero it first with `xorps` to break the dependency if it matters).
    pub fn cvtsi2sd_rr(&mut self, w: Width, dst: Xmm, src: Gpr) {
        if self.check_int_width("cvtsi2sd", w) {
            let p = Pre {
                mandatory: Some(0xF2),
                w: w == Width::W64,
                ..Pre::NONE
            };
            self.enc_modrm(
                p,
                &[0x0F, 0x2A],
                dst.num(),
                RmArg::Reg(src.num()),
                Imm::None,
            );
        }
    }

    /// `cvtsi2sd dst, [mem]` reading a `w`-bit integer.
    pub fn cvtsi2sd_rm(&mut self, w: Width, dst: Xmm, src: Mem) {
        if self.check_int_width("cvtsi2sd", w) {
            let p = Pre {
                mandatory: Some(0xF2),
                w: w == Width::W64,
                ..Pre::NONE
            };
            self.enc_modrm(p, &[0x0F, 0x2A], dst.num(), RmArg::Mem(&src), Imm::None);
        }
    }

    /// `cvttsd2si dst, src`: double to signed `w`-bit integer, truncating toward zero. NaN
    /// and out-of-range values give the "integer indefinite" value (`i64::MIN`/`i32::MIN`).
    pub fn cvttsd2si_rr(&mut self, w: Width, dst: Gpr, src: Xmm) {
        if self.check_int_width("cvttsd2si", w) {
            let p = Pre {
                mandatory: Some(0xF2),
                w: w == Width::W64,
                ..Pre::NONE
            };
            self.enc_modrm(
                p,
                &[0x0F, 0x2C],
                dst.num(),
                RmArg::Reg(src.num()),
                Imm::None,
            );
        }
    }

    /// `cvttsd2si dst, qword ptr [mem]`.
    pub fn cvttsd2si_rm(&mut self, w: Width, dst: Gpr, src: Mem) {
        if self.check_int_width("cvttsd2si", w) {
            let p = Pre {
                mandatory: Some(0xF2),
                w: w == Width::W64,
                ..Pre::NONE
            };
            self.enc_modrm(p, &[0x0F, 0x2C], dst.num(), RmArg::Mem(&src), Imm::None);
        }
    }
}
