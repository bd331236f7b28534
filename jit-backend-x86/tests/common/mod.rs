//! Shared test support: the independent decoder (iced-x86) configured to print in the
//! assembler's syntax, and instruction generators driven by a stream of choices (so
//! quickcheck can shrink a failing program by shrinking the choices toward zero).

#![allow(dead_code)]

use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter, MemorySizeOptions};
use tern_jit_backend_x86::asm::*;

/// The iced Intel formatter with the options the assembler's printer follows.
pub fn formatter() -> IntelFormatter {
    let mut f = IntelFormatter::new();
    let o = f.options_mut();
    o.set_hex_prefix("0x");
    o.set_hex_suffix("");
    o.set_uppercase_hex(false);
    o.set_space_after_operand_separator(true);
    o.set_memory_size_options(MemorySizeOptions::Always);
    o.set_show_branch_size(false);
    o.set_branch_leading_zeros(false);
    o.set_leading_zeros(false);
    o.set_signed_immediate_operands(true);
    o.set_signed_memory_displacements(true);
    o.set_small_hex_numbers_in_decimal(false);
    o.set_rip_relative_addresses(true);
    f
}

/// One decoded instruction.
pub struct Decoded {
    pub ip: u64,
    pub len: usize,
    pub text: String,
    pub invalid: bool,
}

/// Decodes all of `bytes` placed at `ip`.
pub fn decode_all(bytes: &[u8], ip: u64) -> Vec<Decoded> {
    let mut fmt = formatter();
    let mut d = Decoder::with_ip(64, bytes, ip, DecoderOptions::NONE);
    let mut out = Vec::new();
    while d.can_decode() {
        let i = d.decode();
        let mut text = String::new();
        fmt.format(&i, &mut text);
        out.push(Decoded {
            ip: i.ip(),
            len: i.len(),
            text,
            invalid: i.is_invalid(),
        });
    }
    out
}

/// Hex bytes separated by spaces.
pub fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Assembles a single label-free instruction and checks that iced decodes exactly one
/// instruction of the full length whose text equals the assembler's printout. Returns the
/// bytes.
pub fn check_single(inst: &Inst) -> Result<Vec<u8>, String> {
    let mut asm = Assembler::new();
    asm.emit(inst);
    let code = asm
        .finish()
        .map_err(|e| format!("{inst}: unexpected error {e}"))?;
    let bytes = code.relocated(0x1000).map_err(|e| e.to_string())?;
    let decoded = decode_all(&bytes, 0x1000);
    let expected = inst.to_string();
    let nop_len = matches!(inst, Inst::Nop { .. });
    if decoded.len() != 1 && !nop_len {
        return Err(format!(
            "{expected}: bytes {} decode as {} instructions: {:?}",
            hex(&bytes),
            decoded.len(),
            decoded.iter().map(|d| d.text.clone()).collect::<Vec<_>>()
        ));
    }
    let text = decoded
        .iter()
        .map(|d| d.text.clone())
        .collect::<Vec<_>>()
        .join("; ");
    if decoded.iter().any(|d| d.invalid) || text != expected {
        return Err(format!(
            "expected `{expected}`, iced decodes {} as `{text}`",
            hex(&bytes)
        ));
    }
    if decoded.iter().map(|d| d.len).sum::<usize>() != bytes.len() {
        return Err(format!("{expected}: length mismatch for {}", hex(&bytes)));
    }
    Ok(bytes)
}

/// A stream of choices; reading past the end yields zeros (the simplest choice).
pub struct Choices<'a> {
    data: &'a [u64],
    pos: usize,
}

impl<'a> Choices<'a> {
    pub fn new(data: &'a [u64]) -> Self {
        Choices { data, pos: 0 }
    }

    pub fn exhausted(&self) -> bool {
        self.pos >= self.data.len()
    }

    pub fn next(&mut self) -> u64 {
        let v = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        v
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    pub fn gpr(&mut self) -> Gpr {
        Gpr::ALL[self.below(16)]
    }

    pub fn xmm(&mut self) -> Xmm {
        Xmm::ALL[self.below(16)]
    }

    pub fn width(&mut self) -> Width {
        Width::ALL[self.below(4)]
    }

    pub fn width_no8(&mut self) -> Width {
        [Width::W16, Width::W32, Width::W64][self.below(3)]
    }

    pub fn width_32_64(&mut self) -> Width {
        [Width::W32, Width::W64][self.below(2)]
    }

    /// A 32-bit immediate: boundary values first, then arbitrary ones.
    pub fn imm32(&mut self) -> i32 {
        const EDGES: [i32; 11] = [
            0,
            1,
            -1,
            127,
            128,
            -128,
            -129,
            255,
            0x7fff,
            i32::MAX,
            i32::MIN,
        ];
        let k = self.below(EDGES.len() + 1);
        if k < EDGES.len() {
            EDGES[k]
        } else {
            self.next() as i32
        }
    }

    /// An immediate valid for an operation of width `w` (32-bit immediate field).
    pub fn imm_for(&mut self, w: Width) -> i32 {
        let v = self.imm32();
        match w {
            Width::W8 => (v as i64).rem_euclid(384) as i32 - 128,
            Width::W16 => (v as i64).rem_euclid(98304) as i32 - 32768,
            _ => v,
        }
    }

    /// A 64-bit immediate for `mov_ri` of width `w`.
    pub fn imm64_for(&mut self, w: Width) -> i64 {
        const EDGES: [i64; 12] = [
            0,
            1,
            -1,
            0x7fff_ffff,
            0x8000_0000,
            0xffff_ffff,
            0x1_0000_0000,
            -0x8000_0000,
            -0x8000_0001,
            i64::MAX,
            i64::MIN,
            0x1234_5678_9abc_def0,
        ];
        let k = self.below(EDGES.len() + 1);
        let v = if k < EDGES.len() {
            EDGES[k]
        } else {
            self.next() as i64
        };
        match w {
            Width::W8 => v.rem_euclid(384) - 128,
            Width::W16 => v.rem_euclid(98304) - 32768,
            Width::W32 => v.rem_euclid(0x1_8000_0000) - 0x8000_0000,
            Width::W64 => v,
        }
    }

    pub fn disp(&mut self) -> i32 {
        const EDGES: [i32; 10] = [0, 1, -1, 8, 127, 128, -128, -129, i32::MAX, i32::MIN];
        let k = self.below(EDGES.len() + 2);
        if k < EDGES.len() {
            EDGES[k]
        } else if k == EDGES.len() {
            (self.next() as i8) as i32
        } else {
            self.next() as i32
        }
    }

    /// A valid memory operand; RIP-relative ones use `labels` (if any) with displacement 0..8.
    pub fn mem(&mut self, labels: &[Label]) -> Mem {
        let index = Gpr::ALL[self.below(16)];
        let index = if index == Gpr::Rsp { Gpr::R12 } else { index };
        let scale = Scale::ALL[self.below(4)];
        match self.below(8) {
            0..=2 => Mem::base(self.gpr(), self.disp()),
            3..=5 => Mem::sib(self.gpr(), index, scale, self.disp()),
            6 => {
                if self.below(2) == 0 {
                    Mem::index_only(index, scale, self.disp())
                } else {
                    Mem::abs(self.disp())
                }
            }
            _ => match labels {
                [] => Mem::base(self.gpr(), self.disp()),
                ls => Mem::rip(self.pick(ls), self.below(9) as i32),
            },
        }
    }

    /// Any valid non-branch instruction.
    pub fn inst(&mut self, labels: &[Label]) -> Inst {
        use Inst::*;
        let op = AluOp::ALL[self.below(8)];
        match self.below(52) {
            0 | 1 => {
                let w = self.width();
                AluRR {
                    op,
                    w,
                    dst: self.gpr(),
                    src: self.gpr(),
                }
            }
            2 | 3 => {
                let w = self.width();
                AluRI {
                    op,
                    w,
                    dst: self.gpr(),
                    imm: self.imm_for(w),
                }
            }
            4 => {
                let w = self.width();
                AluRM {
                    op,
                    w,
                    dst: self.gpr(),
                    src: self.mem(labels),
                }
            }
            5 => {
                let w = self.width();
                AluMR {
                    op,
                    w,
                    dst: self.mem(labels),
                    src: self.gpr(),
                }
            }
            6 => {
                let w = self.width();
                AluMI {
                    op,
                    w,
                    dst: self.mem(labels),
                    imm: self.imm_for(w),
                }
            }
            7 => {
                let w = self.width();
                TestRR {
                    w,
                    a: self.gpr(),
                    b: self.gpr(),
                }
            }
            8 => {
                let w = self.width();
                TestRI {
                    w,
                    a: self.gpr(),
                    imm: self.imm_for(w),
                }
            }
            9 => {
                let w = self.width();
                TestMR {
                    w,
                    a: self.mem(labels),
                    b: self.gpr(),
                }
            }
            10 => {
                let w = self.width();
                TestMI {
                    w,
                    a: self.mem(labels),
                    imm: self.imm_for(w),
                }
            }
            11 => UnaryR {
                op: self.pick(&UnaryOp::ALL),
                w: self.width(),
                r: self.gpr(),
            },
            12 => UnaryM {
                op: self.pick(&UnaryOp::ALL),
                w: self.width(),
                m: self.mem(labels),
            },
            13 => ImulRR {
                w: self.width_no8(),
                dst: self.gpr(),
                src: self.gpr(),
            },
            14 => ImulRM {
                w: self.width_no8(),
                dst: self.gpr(),
                src: self.mem(labels),
            },
            15 => {
                let w = self.width_no8();
                ImulRRI {
                    w,
                    dst: self.gpr(),
                    src: self.gpr(),
                    imm: self.imm_for(w),
                }
            }
            16 => {
                let w = self.width_no8();
                ImulRMI {
                    w,
                    dst: self.gpr(),
                    src: self.mem(labels),
                    imm: self.imm_for(w),
                }
            }
            17 => self.pick(&[Cwd, Cdq, Cqo, Cdqe]),
            18 | 19 => {
                let w = self.width();
                let count = self.below(w.bits() as usize) as u8;
                ShiftRI {
                    op: self.pick(ShiftOp::ALL.as_slice()),
                    w,
                    dst: self.gpr(),
                    count,
                }
            }
            20 => {
                let w = self.width();
                let count = self.below(w.bits() as usize) as u8;
                ShiftMI {
                    op: self.pick(ShiftOp::ALL.as_slice()),
                    w,
                    dst: self.mem(labels),
                    count,
                }
            }
            21 => ShiftRCl {
                op: self.pick(ShiftOp::ALL.as_slice()),
                w: self.width(),
                dst: self.gpr(),
            },
            22 => ShiftMCl {
                op: self.pick(ShiftOp::ALL.as_slice()),
                w: self.width(),
                dst: self.mem(labels),
            },
            23 => SetccR {
                cond: self.pick(&Cond::ALL),
                dst: self.gpr(),
            },
            24 => SetccM {
                cond: self.pick(&Cond::ALL),
                dst: self.mem(labels),
            },
            25 => CmovRR {
                cond: self.pick(&Cond::ALL),
                w: self.width_no8(),
                dst: self.gpr(),
                src: self.gpr(),
            },
            26 => CmovRM {
                cond: self.pick(&Cond::ALL),
                w: self.width_no8(),
                dst: self.gpr(),
                src: self.mem(labels),
            },
            27 | 28 => MovRR {
                w: self.width(),
                dst: self.gpr(),
                src: self.gpr(),
            },
            29 => MovRM {
                w: self.width(),
                dst: self.gpr(),
                src: self.mem(labels),
            },
            30 => MovMR {
                w: self.width(),
                dst: self.mem(labels),
                src: self.gpr(),
            },
            31 => {
                let w = self.width();
                MovRI {
                    w,
                    dst: self.gpr(),
                    imm: self.imm64_for(w),
                }
            }
            32 => {
                let w = self.width();
                MovMI {
                    w,
                    dst: self.mem(labels),
                    imm: self.imm_for(w),
                }
            }
            33 | 34 => {
                let (dst_w, src_w) = self.extend_widths();
                let (dst, src) = (self.gpr(), self.gpr());
                if self.below(2) == 0 {
                    MovzxRR {
                        dst_w,
                        dst,
                        src_w,
                        src,
                    }
                } else {
                    MovsxRR {
                        dst_w,
                        dst,
                        src_w,
                        src,
                    }
                }
            }
            35 => {
                let (dst_w, src_w) = self.extend_widths();
                let (dst, src) = (self.gpr(), self.mem(labels));
                if self.below(2) == 0 {
                    MovzxRM {
                        dst_w,
                        dst,
                        src_w,
                        src,
                    }
                } else {
                    MovsxRM {
                        dst_w,
                        dst,
                        src_w,
                        src,
                    }
                }
            }
            36 => Lea {
                w: self.width_no8(),
                dst: self.gpr(),
                src: self.mem(labels),
            },
            37 => match self.below(5) {
                0 => PushR(self.gpr()),
                1 => PopR(self.gpr()),
                2 => PushM(self.mem(labels)),
                3 => PopM(self.mem(labels)),
                _ => PushI(self.imm32()),
            },
            38 | 39 => SseRR {
                op: self.pick(SseOp::ALL),
                dst: self.xmm(),
                src: self.xmm(),
            },
            40 => SseRM {
                op: self.pick(SseOp::ALL),
                dst: self.xmm(),
                src: self.mem(labels),
            },
            41 => MovsdMR {
                dst: self.mem(labels),
                src: self.xmm(),
            },
            42 => MovssMR {
                dst: self.mem(labels),
                src: self.xmm(),
            },
            43 => MovqXR {
                dst: self.xmm(),
                src: self.gpr(),
            },
            44 => MovqRX {
                dst: self.gpr(),
                src: self.xmm(),
            },
            45 => Cvtsi2sdRR {
                w: self.width_32_64(),
                dst: self.xmm(),
                src: self.gpr(),
            },
            46 => Cvtsi2sdRM {
                w: self.width_32_64(),
                dst: self.xmm(),
                src: self.mem(labels),
            },
            47 => Cvttsd2siRR {
                w: self.width_32_64(),
                dst: self.gpr(),
                src: self.xmm(),
            },
            48 => Cvttsd2siRM {
                w: self.width_32_64(),
                dst: self.gpr(),
                src: self.mem(labels),
            },
            49 => match self.below(4) {
                0 => JmpR(self.gpr()),
                1 => JmpM(self.mem(labels)),
                2 => CallR(self.gpr()),
                _ => CallM(self.mem(labels)),
            },
            50 => self.pick(&[Ret, Int3, Ud2]),
            _ => Nop {
                len: 1 + self.below(9) as u8,
            },
        }
    }

    /// A valid (destination, source) width pair for movzx/movsx.
    pub fn extend_widths(&mut self) -> (Width, Width) {
        self.pick(&[
            (Width::W16, Width::W8),
            (Width::W32, Width::W8),
            (Width::W64, Width::W8),
            (Width::W32, Width::W16),
            (Width::W64, Width::W16),
            (Width::W64, Width::W32),
        ])
    }
}

// ---- execution harness ---------------------------------------------------------------

use tern_jit_backend_x86::mem::{CodeBlock, ExecArena};

/// Registers the harness loads from and stores to the state array (all but RSP, RBX which
/// holds the state pointer, and R11, the scratch register).
pub const STATE_GPRS: [Gpr; 13] = [
    Gpr::Rax,
    Gpr::Rcx,
    Gpr::Rdx,
    Gpr::Rsi,
    Gpr::Rdi,
    Gpr::R8,
    Gpr::R9,
    Gpr::R10,
    Gpr::R12,
    Gpr::R13,
    Gpr::R14,
    Gpr::R15,
    Gpr::Rbp,
];
/// SSE registers in the state (all but the scratch XMM15).
pub const STATE_XMMS: [Xmm; 15] = [
    Xmm::Xmm0,
    Xmm::Xmm1,
    Xmm::Xmm2,
    Xmm::Xmm3,
    Xmm::Xmm4,
    Xmm::Xmm5,
    Xmm::Xmm6,
    Xmm::Xmm7,
    Xmm::Xmm8,
    Xmm::Xmm9,
    Xmm::Xmm10,
    Xmm::Xmm11,
    Xmm::Xmm12,
    Xmm::Xmm13,
    Xmm::Xmm14,
];
/// Stack slots `[rsp + 8k]` in the state.
pub const STATE_SLOTS: usize = 8;
/// Length of the state array: GPRs, then XMMs (low 64 bits), then stack slots.
pub const STATE_LEN: usize = STATE_GPRS.len() + STATE_XMMS.len() + STATE_SLOTS;

pub fn state_slot(k: usize) -> Mem {
    Mem::base(Gpr::Rsp, 8 * k as i32)
}

/// Assembles `extern "C" fn(state: *mut u64)`: loads registers and stack slots from the
/// state array, runs `body`, stores them back. `body` must keep RSP and RBX.
pub fn harness(body: impl FnOnce(&mut Assembler)) -> Result<Code, AsmError> {
    use Width::W64;
    let mut a = Assembler::new();
    let saved = [Gpr::Rbx, Gpr::Rbp, Gpr::R12, Gpr::R13, Gpr::R14, Gpr::R15];
    for r in saved {
        a.push_r(r);
    }
    // 6 pushes after the return address: rsp = 8 mod 16; 72 more bytes realign it.
    a.alu_ri(AluOp::Sub, W64, Gpr::Rsp, 72);
    a.mov_rr(W64, Gpr::Rbx, Gpr::Rdi);
    let at = |i: usize| Mem::base(Gpr::Rbx, 8 * i as i32);
    for k in 0..STATE_SLOTS {
        a.mov_rm(W64, Gpr::R11, at(STATE_GPRS.len() + STATE_XMMS.len() + k));
        a.mov_mr(W64, state_slot(k), Gpr::R11);
    }
    for (j, &x) in STATE_XMMS.iter().enumerate() {
        a.sse_rm(SseOp::Movsd, x, at(STATE_GPRS.len() + j));
    }
    for (i, &r) in STATE_GPRS.iter().enumerate() {
        a.mov_rm(W64, r, at(i));
    }
    body(&mut a);
    for (i, &r) in STATE_GPRS.iter().enumerate() {
        a.mov_mr(W64, at(i), r);
    }
    for (j, &x) in STATE_XMMS.iter().enumerate() {
        a.movsd_mr(at(STATE_GPRS.len() + j), x);
    }
    for k in 0..STATE_SLOTS {
        a.mov_rm(W64, Gpr::R11, state_slot(k));
        a.mov_mr(W64, at(STATE_GPRS.len() + STATE_XMMS.len() + k), Gpr::R11);
    }
    a.alu_ri(AluOp::Add, W64, Gpr::Rsp, 72);
    for r in saved.iter().rev() {
        a.pop_r(*r);
    }
    a.ret();
    a.finish()
}

/// Runs harness code on `state`.
pub fn run_harness(arena: &ExecArena, block: &CodeBlock, state: &mut [u64; STATE_LEN]) {
    // SAFETY: harness code implements `extern "C" fn(*mut u64)`, reads and writes exactly
    // STATE_LEN words through the pointer, and the block stays live during the call.
    let f: extern "C" fn(*mut u64) = unsafe { arena.entry(block) }.expect("live block");
    f(state.as_mut_ptr());
}

/// Index of a location in the state array.
pub fn gpr_index(r: Gpr) -> Option<usize> {
    STATE_GPRS.iter().position(|&g| g == r)
}

pub fn xmm_index(x: Xmm) -> Option<usize> {
    STATE_XMMS
        .iter()
        .position(|&g| g == x)
        .map(|j| STATE_GPRS.len() + j)
}

pub fn slot_index(k: usize) -> usize {
    STATE_GPRS.len() + STATE_XMMS.len() + k
}
