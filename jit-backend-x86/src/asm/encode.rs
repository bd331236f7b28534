//! The encoding core: legacy prefixes, REX, opcode, ModRM, SIB, displacement and immediate.
//!
//! Every instruction with a ModRM byte goes through [`Assembler::enc_modrm`], so the special
//! cases of x86-64 addressing live in one place:
//! - `rm = 100` (RSP/R12 as base) means "a SIB byte follows", so those bases always get a SIB
//!   byte with index `100` (none).
//! - `mod = 00, rm = 101` means RIP-relative, and `mod = 00` with SIB base `101` means "no
//!   base, disp32"; so RBP/R13 as base always need an explicit (possibly zero) disp8.
//! - SIB index `100` means "no index", so RSP cannot be an index (rejected); R12 can.
//! - A REX prefix is emitted when any of W/R/X/B is set or when a byte operand names
//!   SPL/BPL/SIL/DIL (without REX those encodings mean AH/CH/DH/BH).
//!
//! Invariant: one call appends exactly one complete instruction (at most 15 bytes) or, on a
//! validation error, nothing.

use super::label::{Fixup, FixupSize, Label};
use super::operand::{Base, Mem};
use super::reg::Gpr;
use super::{AsmErrorKind, Assembler};

/// The r/m operand of a ModRM instruction: a register number (0..=15) or memory.
#[derive(Clone, Copy)]
pub(crate) enum RmArg<'a> {
    Reg(u8),
    Mem(&'a Mem),
}

/// Prefix-level properties of an instruction.
#[derive(Clone, Copy, Default)]
pub(crate) struct Pre {
    /// Operand-size override (16-bit integer operation).
    pub(crate) p66: bool,
    /// Mandatory SSE prefix (0x66, 0xF2 or 0xF3), emitted before REX.
    pub(crate) mandatory: Option<u8>,
    /// REX.W (64-bit operand size).
    pub(crate) w: bool,
    /// Emit a REX prefix even when no bit is set (byte access to SPL/BPL/SIL/DIL).
    pub(crate) force_rex: bool,
}

impl Pre {
    pub(crate) const NONE: Pre = Pre {
        p66: false,
        mandatory: None,
        w: false,
        force_rex: false,
    };
}

/// An immediate that follows the ModRM/SIB/displacement bytes.
#[derive(Clone, Copy)]
pub(crate) enum Imm {
    None,
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
}

/// A small stack buffer for one instruction (x86 instructions are at most 15 bytes).
struct InsnBuf {
    bytes: [u8; 16],
    len: usize,
}

impl InsnBuf {
    #[inline(always)]
    fn new() -> InsnBuf {
        InsnBuf {
            bytes: [0; 16],
            len: 0,
        }
    }

    #[inline(always)]
    fn push(&mut self, b: u8) {
        self.bytes[self.len] = b;
        self.len += 1;
    }

    #[inline(always)]
    fn extend(&mut self, bs: &[u8]) {
        // Opcodes are one or two bytes: a loop beats a `memcpy` call here.
        for &b in bs {
            self.push(b);
        }
    }

    #[inline(always)]
    fn imm(&mut self, imm: Imm) {
        match imm {
            Imm::None => {}
            Imm::I8(v) => self.push(v as u8),
            Imm::I16(v) => self.extend(&v.to_le_bytes()),
            Imm::I32(v) => self.extend(&v.to_le_bytes()),
            Imm::I64(v) => self.extend(&v.to_le_bytes()),
        }
    }

    /// Legacy prefixes and REX. `r`, `x`, `b` are the REX extension bits.
    #[inline(always)]
    fn prefixes(&mut self, pre: Pre, r: bool, x: bool, b: bool) {
        if pre.p66 {
            self.push(0x66);
        }
        if let Some(p) = pre.mandatory {
            self.push(p);
        }
        let rex = 0x40 | (pre.w as u8) << 3 | (r as u8) << 2 | (x as u8) << 1 | b as u8;
        if rex != 0x40 || pre.force_rex {
            self.push(rex);
        }
    }
}

/// How a memory operand is encoded.
struct MemEnc {
    modbits: u8,
    rm: u8,
    sib: Option<u8>,
    disp: Disp,
    x: bool,
    b: bool,
    rip: Option<Label>,
}

#[derive(Clone, Copy)]
enum Disp {
    None,
    D8(i8),
    D32(i32),
}

#[inline]
fn sib(scale: u8, index: u8, base: u8) -> u8 {
    scale << 6 | (index & 7) << 3 | (base & 7)
}

impl Assembler {
    /// Appends the instruction in `ib` to the code buffer.
    #[inline]
    fn commit(&mut self, ib: &InsnBuf) {
        self.buf.reserve(ib.bytes.len());
        let len = self.buf.len();
        // SAFETY: `reserve` guarantees room for 16 more bytes, so the fixed-size copy stays
        // inside the allocation (one 16-byte move instead of a variable-length `memcpy`);
        // `ib.len <= 16` bytes of it are initialized instruction bytes, and only those are
        // made part of the vector by `set_len`.
        unsafe {
            std::ptr::copy_nonoverlapping(
                ib.bytes.as_ptr(),
                self.buf.as_mut_ptr().add(len),
                ib.bytes.len(),
            );
            self.buf.set_len(len + ib.len);
        }
    }

    /// Validates and lays out a memory operand, or records an error and returns `None`.
    #[inline(always)]
    fn mem_encoding(&mut self, m: &Mem) -> Option<MemEnc> {
        if let Some((Gpr::Rsp, _)) = m.index() {
            self.fail(AsmErrorKind::RspAsIndex);
            return None;
        }
        let disp = m.disp();
        Some(match (m.base_kind(), m.index()) {
            (Base::Rip(label), _) => {
                if !self.check_label(label) {
                    return None;
                }
                MemEnc {
                    modbits: 0,
                    rm: 0b101,
                    sib: None,
                    disp: Disp::D32(disp),
                    x: false,
                    b: false,
                    rip: Some(label),
                }
            }
            (Base::None, index) => {
                // mod=00 rm=100, SIB base=101: no base, disp32 always present.
                let (scale, idx) = match index {
                    Some((i, s)) => (s as u8, i),
                    None => (0, Gpr::Rsp), // index 100 = none
                };
                MemEnc {
                    modbits: 0,
                    rm: 0b100,
                    sib: Some(sib(scale, idx.low3(), 0b101)),
                    disp: Disp::D32(disp),
                    x: idx.ext(),
                    b: false,
                    rip: None,
                }
            }
            (Base::Reg(base), index) => {
                let (modbits, d) = if disp == 0 && base.low3() != 0b101 {
                    (0b00, Disp::None)
                } else if let Ok(d8) = i8::try_from(disp) {
                    (0b01, Disp::D8(d8))
                } else {
                    (0b10, Disp::D32(disp))
                };
                match index {
                    Some((i, s)) => MemEnc {
                        modbits,
                        rm: 0b100,
                        sib: Some(sib(s as u8, i.low3(), base.low3())),
                        disp: d,
                        x: i.ext(),
                        b: base.ext(),
                        rip: None,
                    },
                    None if base.low3() == 0b100 => MemEnc {
                        modbits,
                        rm: 0b100,
                        sib: Some(sib(0, 0b100, 0b100)),
                        disp: d,
                        x: false,
                        b: base.ext(),
                        rip: None,
                    },
                    None => MemEnc {
                        modbits,
                        rm: base.low3(),
                        sib: None,
                        disp: d,
                        x: false,
                        b: base.ext(),
                        rip: None,
                    },
                }
            }
        })
    }

    /// Emits `[prefixes][REX][opcode][ModRM][SIB][disp][imm]`. `reg` is the ModRM reg field
    /// (a register number 0..=15 or a `/digit`).
    pub(crate) fn enc_modrm(&mut self, pre: Pre, opcode: &[u8], reg: u8, rm: RmArg<'_>, imm: Imm) {
        let mut ib = InsnBuf::new();
        let r = reg & 8 != 0;
        match rm {
            RmArg::Reg(n) => {
                ib.prefixes(pre, r, false, n & 8 != 0);
                ib.extend(opcode);
                ib.push(0xC0 | (reg & 7) << 3 | (n & 7));
                ib.imm(imm);
                self.commit(&ib);
            }
            RmArg::Mem(m) => {
                let Some(me) = self.mem_encoding(m) else {
                    return;
                };
                ib.prefixes(pre, r, me.x, me.b);
                ib.extend(opcode);
                ib.push(me.modbits << 6 | (reg & 7) << 3 | me.rm);
                if let Some(s) = me.sib {
                    ib.push(s);
                }
                let disp_at = ib.len;
                match me.disp {
                    Disp::None => {}
                    Disp::D8(d) => ib.push(d as u8),
                    Disp::D32(d) => ib.extend(&d.to_le_bytes()),
                }
                ib.imm(imm);
                let start = self.buf.len() as u32;
                self.commit(&ib);
                if let Some(label) = me.rip {
                    self.fixups.push(Fixup {
                        label,
                        at: start + disp_at as u32,
                        end: start + ib.len as u32,
                        addend: m.disp(),
                        size: FixupSize::Rel32,
                    });
                    // The field holds only the addend until `finish` resolves it.
                    let at = (start as usize) + disp_at;
                    self.buf[at..at + 4].copy_from_slice(&0i32.to_le_bytes());
                }
            }
        }
    }

    /// Emits `[prefixes][REX.B][opcode + reg][imm]` (register encoded in the opcode).
    pub(crate) fn enc_opreg(&mut self, pre: Pre, opcode: u8, reg: u8, imm: Imm) {
        let mut ib = InsnBuf::new();
        ib.prefixes(pre, false, false, reg & 8 != 0);
        ib.push(opcode + (reg & 7));
        ib.imm(imm);
        self.commit(&ib);
    }

    /// Emits `[prefixes][REX][opcode][imm]` (no ModRM).
    pub(crate) fn enc_plain(&mut self, pre: Pre, opcode: &[u8], imm: Imm) {
        let mut ib = InsnBuf::new();
        ib.prefixes(pre, false, false, false);
        ib.extend(opcode);
        ib.imm(imm);
        self.commit(&ib);
    }
}
