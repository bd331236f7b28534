//! Control flow and system instructions: branches to labels (`b`, `bl`, `b.cond`,
//! `cbz`/`cbnz`, `tbz`/`tbnz`) with fixups, their `_far` forms, `adr`, branches and `adrp`
//! to absolute addresses (relocations resolved at placement), indirect branches, `ret`,
//! `nop`, `brk`, `udf`, barriers, cache maintenance and system-register access.
//!
//! Ranges: `b`/`bl` reach +-128 MiB (26-bit word displacement), `b.cond`/`cbz`/`cbnz`/`adr`/
//! `ldr` literal +-1 MiB (19/21 bits), `tbz`/`tbnz` +-32 KiB (14 bits). A bound (backward)
//! label out of reach is an error at once; a forward one when `finish` resolves it. The
//! `_far` forms invert the condition around an unconditional `b` (`b.ne 1f; b target; 1:`),
//! reaching +-128 MiB with one extra instruction. Every `b`, `bl` and `b.cond` returns a
//! [`PatchSite`] so the branch can be retargeted after installation (guards, bridges).
//!
//! Invariant: if the assembler has recorded an error, returned patch sites are meaningless,
//! but `finish` fails, so no code that contains them can be installed.

use super::encode::{imm_in, zr};
use super::error::AsmErrorKind;
use super::label::{Field, Fixup, Label, PatchKind, PatchSite, Reloc};
use super::operand::{Barrier, CmpBranchOp, Cond, SysReg, TestBranchOp};
use super::reg::{Gpr, Width};
use super::{Assembler, Enc, resolve};

pub(crate) const B: u32 = 0x1400_0000;
pub(crate) const BL: u32 = 0x9400_0000;

pub(crate) fn b_cond_word(cond: Cond) -> u32 {
    0x5400_0000 | cond.bits()
}

pub(crate) fn cb(op: CmpBranchOp, w: Width, rt: Gpr) -> Enc {
    let t = zr(op.name(), "Rt", rt)?;
    Ok(w.sf() | 0x3400_0000 | op.bits() << 24 | t)
}

pub(crate) fn tb(op: TestBranchOp, rt: Gpr, bit: u8) -> Enc {
    let t = zr(op.name(), "Rt", rt)?;
    let b = imm_in(op.name(), bit as i64, 0, 63, "bit number 0..=63")?;
    Ok((b >> 5) << 31 | 0x3600_0000 | op.bits() << 24 | (b & 31) << 19 | t)
}

pub(crate) fn adr(rd: Gpr) -> Enc {
    Ok(0x1000_0000 | zr("adr", "Rd", rd)?)
}

pub(crate) fn adrp(rd: Gpr) -> Enc {
    Ok(0x9000_0000 | zr("adrp", "Rd", rd)?)
}

pub(crate) fn branch_reg(base: u32, mnemonic: &'static str, rn: Gpr) -> Enc {
    Ok(base | zr(mnemonic, "Rn", rn)? << 5)
}

pub(crate) const BR: u32 = 0xd61f_0000;
pub(crate) const BLR: u32 = 0xd63f_0000;
pub(crate) const RET: u32 = 0xd65f_0000;

pub(crate) fn mrs(rt: Gpr, reg: SysReg) -> Enc {
    Ok(0xd530_0000 | reg.bits() << 5 | zr("mrs", "Rt", rt)?)
}

pub(crate) fn msr(reg: SysReg, rt: Gpr) -> Enc {
    if !reg.writable() {
        return Err(AsmErrorKind::Unsupported {
            mnemonic: "msr",
            what: "writing this system register from EL0",
        });
    }
    Ok(0xd510_0000 | reg.bits() << 5 | zr("msr", "Rt", rt)?)
}

impl Assembler {
    /// Emits `word` (if valid) referring to `label` through `field`: resolved now when the
    /// label is bound, else recorded as a fixup. Returns the instruction's offset if it was
    /// emitted.
    pub(crate) fn put_label_ref(
        &mut self,
        word: Enc,
        label: Label,
        field: Field,
        mnemonic: &'static str,
    ) -> Option<usize> {
        let word = match word {
            Ok(w) => w,
            Err(e) => {
                self.fail(e);
                return None;
            }
        };
        if !self.check_label(label) {
            return None;
        }
        let at = self.buf.len();
        if at & 3 != 0 {
            self.fail(AsmErrorKind::MisalignedCode);
            return None;
        }
        match self.labels[label.index as usize] {
            Some(target) => match resolve(field, mnemonic, label, target as i64 - at as i64) {
                Ok(bits) => self.emit32(word | bits),
                Err(e) => {
                    self.fail(e);
                    return None;
                }
            },
            None => {
                self.fixups.push(Fixup {
                    label,
                    at: at as u32,
                    field,
                    mnemonic,
                });
                self.emit32(word);
            }
        }
        Some(at)
    }

    fn site(&self, at: Option<usize>, kind: PatchKind) -> PatchSite {
        PatchSite::new(at.unwrap_or(self.buf.len()), kind)
    }

    /// `b label` (+-128 MiB).
    pub fn b(&mut self, label: Label) -> PatchSite {
        let at = self.put_label_ref(Ok(B), label, Field::Imm26, "b");
        self.site(at, PatchKind::B)
    }

    /// `bl label`: call code of the same assembler.
    pub fn bl(&mut self, label: Label) -> PatchSite {
        let at = self.put_label_ref(Ok(BL), label, Field::Imm26, "bl");
        self.site(at, PatchKind::Bl)
    }

    /// `b.cond label` (+-1 MiB).
    pub fn b_cond(&mut self, cond: Cond, label: Label) -> PatchSite {
        let at = self.put_label_ref(Ok(b_cond_word(cond)), label, Field::Imm19, "b.cond");
        self.site(at, PatchKind::BCond(cond))
    }

    /// `cbz/cbnz rt, label` (+-1 MiB): branch if `rt` (at width `w`) is / is not zero.
    pub fn cb(&mut self, op: CmpBranchOp, w: Width, rt: Gpr, label: Label) {
        self.put_label_ref(cb(op, w, rt), label, Field::Imm19, op.name());
    }

    /// `cbz rt, label`.
    pub fn cbz(&mut self, w: Width, rt: Gpr, label: Label) {
        self.cb(CmpBranchOp::Cbz, w, rt, label);
    }

    /// `cbnz rt, label`.
    pub fn cbnz(&mut self, w: Width, rt: Gpr, label: Label) {
        self.cb(CmpBranchOp::Cbnz, w, rt, label);
    }

    /// `tbz/tbnz rt, #bit, label` (+-32 KiB): branch if bit `bit` (0..=63) of `rt` is zero /
    /// non-zero. Bits below 32 print with the `w` register, as the encoding has it.
    pub fn tb(&mut self, op: TestBranchOp, rt: Gpr, bit: u8, label: Label) {
        self.put_label_ref(tb(op, rt, bit), label, Field::Imm14, op.name());
    }

    /// `tbz rt, #bit, label`.
    pub fn tbz(&mut self, rt: Gpr, bit: u8, label: Label) {
        self.tb(TestBranchOp::Tbz, rt, bit, label);
    }

    /// `tbnz rt, #bit, label`.
    pub fn tbnz(&mut self, rt: Gpr, bit: u8, label: Label) {
        self.tb(TestBranchOp::Tbnz, rt, bit, label);
    }

    /// `adr rd, label` (+-1 MiB): the address of a label of this code.
    pub fn adr(&mut self, rd: Gpr, label: Label) {
        self.put_label_ref(adr(rd), label, Field::Adr21, "adr");
    }

    /// Skips the next instruction (`b.cond`, `cbz`, `tbz`... with displacement 8).
    fn put_skip(&mut self, word: Enc, field: Field) -> bool {
        match word {
            Ok(w) => {
                // 8 bytes is in reach of every field.
                let bits = field.encode(8).unwrap_or(0);
                let before = self.buf.len();
                self.emit32(w | bits);
                self.buf.len() != before
            }
            Err(e) => {
                self.fail(e);
                false
            }
        }
    }

    /// `b.cond label` reaching +-128 MiB: `b.!cond +8; b label` (just `b` for `al`/`nv`).
    /// The returned site is the `b`.
    pub fn b_cond_far(&mut self, cond: Cond, label: Label) -> PatchSite {
        if !cond.is_always() && !self.put_skip(Ok(b_cond_word(cond.invert())), Field::Imm19) {
            return self.site(None, PatchKind::B);
        }
        self.b(label)
    }

    /// `cbz/cbnz` reaching +-128 MiB (the opposite test around a `b`).
    pub fn cb_far(&mut self, op: CmpBranchOp, w: Width, rt: Gpr, label: Label) {
        let inverse = match op {
            CmpBranchOp::Cbz => CmpBranchOp::Cbnz,
            CmpBranchOp::Cbnz => CmpBranchOp::Cbz,
        };
        if self.put_skip(cb(inverse, w, rt), Field::Imm19) {
            self.b(label);
        }
    }

    /// `tbz/tbnz` reaching +-128 MiB (the opposite test around a `b`).
    pub fn tb_far(&mut self, op: TestBranchOp, rt: Gpr, bit: u8, label: Label) {
        let inverse = match op {
            TestBranchOp::Tbz => TestBranchOp::Tbnz,
            TestBranchOp::Tbnz => TestBranchOp::Tbz,
        };
        if self.put_skip(tb(inverse, rt, bit), Field::Imm14) {
            self.b(label);
        }
    }

    fn put_reloc(&mut self, word: Enc, kind: PatchKind, target: u64) -> PatchSite {
        let before = self.buf.len();
        self.put(word);
        if self.buf.len() == before {
            return self.site(None, kind);
        }
        let site = PatchSite::new(before, kind);
        self.relocs.push(Reloc { site, target });
        site
    }

    /// `b target` to an absolute address outside this code (another block of the same
    /// arena, an exit stub). Resolved at placement, which fails beyond +-128 MiB.
    pub fn b_addr(&mut self, target: u64) -> PatchSite {
        self.put_reloc(Ok(B), PatchKind::B, target)
    }

    /// `bl target` to an absolute address (see [`Assembler::b_addr`]); use
    /// [`Assembler::call_far`] for targets that may be far away, like Rust functions.
    pub fn bl_addr(&mut self, target: u64) -> PatchSite {
        self.put_reloc(Ok(BL), PatchKind::Bl, target)
    }

    /// `b.cond target` to an absolute address (+-1 MiB from the placement).
    pub fn b_cond_addr(&mut self, cond: Cond, target: u64) -> PatchSite {
        self.put_reloc(Ok(b_cond_word(cond)), PatchKind::BCond(cond), target)
    }

    /// `adrp rd, target`: `rd` = the 4 KiB page of `target` (+-4 GiB from the placement;
    /// add `target & 0xfff` for the full address, see [`Assembler::mov_addr`]).
    pub fn adrp_addr(&mut self, rd: Gpr, target: u64) -> PatchSite {
        self.put_reloc(adrp(rd), PatchKind::Adrp, target)
    }

    /// `br rn` (indirect jump).
    pub fn br(&mut self, rn: Gpr) {
        self.put(branch_reg(BR, "br", rn));
    }

    /// `blr rn` (indirect call; the link register gets the return address).
    pub fn blr(&mut self, rn: Gpr) {
        self.put(branch_reg(BLR, "blr", rn));
    }

    /// `ret rn` (return through `rn`).
    pub fn ret_to(&mut self, rn: Gpr) {
        self.put(branch_reg(RET, "ret", rn));
    }

    /// `ret` (through `x30`).
    pub fn ret(&mut self) {
        self.ret_to(Gpr::LR);
    }

    /// `nop`.
    pub fn nop(&mut self) {
        self.emit32(super::NOP);
    }

    /// `brk #imm16` (breakpoint trap, SIGTRAP).
    pub fn brk(&mut self, imm16: u16) {
        self.emit32(0xd420_0000 | (imm16 as u32) << 5);
    }

    /// `udf #imm16` (permanently undefined, SIGILL; the word is `imm16` itself, so zeroed
    /// memory is `udf #0`).
    pub fn udf(&mut self, imm16: u16) {
        self.emit32(imm16 as u32);
    }

    /// `dmb option` (data memory barrier).
    pub fn dmb(&mut self, option: Barrier) {
        self.emit32(0xd503_30bf | option.bits() << 8);
    }

    /// `dsb option` (data synchronization barrier: completes cache maintenance).
    pub fn dsb(&mut self, option: Barrier) {
        self.emit32(0xd503_309f | option.bits() << 8);
    }

    /// `isb` (flushes the pipeline so that later instructions are fetched anew).
    pub fn isb(&mut self) {
        self.emit32(0xd503_3fdf);
    }

    /// `dc cvau, xt`: clean the data cache line holding address `xt` to the point of
    /// unification (first step of making written code visible to instruction fetch).
    pub fn dc_cvau(&mut self, rt: Gpr) {
        self.put(zr("dc cvau", "Rt", rt).map(|t| 0xd50b_7b20 | t));
    }

    /// `ic ivau, xt`: invalidate the instruction cache line holding address `xt`.
    pub fn ic_ivau(&mut self, rt: Gpr) {
        self.put(zr("ic ivau", "Rt", rt).map(|t| 0xd50b_7520 | t));
    }

    /// `mrs xt, reg` (read a system register: cache line sizes from `ctr_el0`, flags,
    /// FP control/status, thread pointer, virtual counter).
    pub fn mrs(&mut self, rt: Gpr, reg: SysReg) {
        self.put(mrs(rt, reg));
    }

    /// `msr reg, xt` (`nzcv`, `fpcr`, `fpsr`, `tpidr_el0` only).
    pub fn msr(&mut self, reg: SysReg, rt: Gpr) {
        self.put(msr(reg, rt));
    }
}
