//! Random valid instructions driven by a stream of choices (so quickcheck shrinks a
//! failing program by shrinking the choices toward zero, i.e. toward the simplest
//! registers, operations and values).

use std::sync::OnceLock;

use tern_jit_backend_arm::asm::*;

/// A stream of choices; reading past the end yields zeros (the simplest choice).
pub struct Choices<'a> {
    data: &'a [u64],
    pos: usize,
}

/// Every bitmask immediate of each width (index 0: 32-bit, 1: 64-bit).
pub fn bitmasks(w: Width) -> &'static [u64] {
    static CACHE: OnceLock<[Vec<u64>; 2]> = OnceLock::new();
    let all = CACHE.get_or_init(|| {
        [
            bitmask_immediates(Width::W32).collect(),
            bitmask_immediates(Width::W64).collect(),
        ]
    });
    &all[w as usize]
}

/// Registers `x0..x30` (without SP and ZR).
pub fn general() -> impl Iterator<Item = Gpr> {
    Gpr::ALL.into_iter().filter(|r| r.is_general())
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

    pub fn bool(&mut self) -> bool {
        self.below(2) == 1
    }

    /// `x0..x30`.
    pub fn general(&mut self) -> Gpr {
        Gpr::ALL[self.below(31)]
    }

    /// A register for a field where 31 is ZR (ZR chosen often).
    pub fn zr(&mut self) -> Gpr {
        match self.below(36) {
            31..=35 => Gpr::Zr,
            n => Gpr::ALL[n],
        }
    }

    /// A register for a field where 31 is SP (SP chosen often).
    pub fn sp(&mut self) -> Gpr {
        match self.below(36) {
            31..=35 => Gpr::Sp,
            n => Gpr::ALL[n],
        }
    }

    pub fn fpr(&mut self) -> Fpr {
        Fpr::ALL[self.below(32)]
    }

    pub fn width(&mut self) -> Width {
        self.pick(&Width::ALL)
    }

    pub fn fpw(&mut self) -> FpWidth {
        self.pick(&FpWidth::ALL)
    }

    pub fn cond(&mut self) -> Cond {
        self.pick(Cond::ALL)
    }

    /// A value below `n`, boundaries first.
    pub fn upto(&mut self, n: u64) -> u64 {
        match self.below(4) {
            0 => 0,
            1 => n - 1,
            _ => self.next() % n,
        }
    }

    /// A valid add/sub immediate.
    pub fn addsub_imm(&mut self) -> u32 {
        let v = self.upto(4096) as u32;
        if self.bool() { v << 12 } else { v }
    }

    /// A 64-bit constant: edges, bitmask immediates with some halfwords replaced, random.
    pub fn constant(&mut self, w: Width) -> u64 {
        const EDGES: [u64; 12] = [
            0,
            1,
            u64::MAX,
            0xffff,
            0x1_0000,
            0xffff_ffff,
            0x1_0000_0000,
            0x8000_0000_0000_0000,
            0x7fff_ffff_ffff_ffff,
            0x1234_5678_9abc_def0,
            0xffff_0000_ffff_0000,
            0x0000_7f12_3456_7890,
        ];
        let v = match self.below(6) {
            0 => self.pick(&EDGES),
            1 | 2 => {
                let mut v = self.pick(bitmasks(Width::W64));
                for _ in 0..self.below(3) {
                    let i = self.below(4);
                    let h = self.next() & 0xffff;
                    v = v & !(0xffff << (16 * i)) | h << (16 * i);
                }
                v
            }
            3 => {
                // Few non-trivial halfwords.
                let mut v = if self.bool() { 0 } else { u64::MAX };
                for _ in 0..self.below(3) + 1 {
                    let i = self.below(4);
                    v = v & !(0xffff << (16 * i)) | (self.next() & 0xffff) << (16 * i);
                }
                v
            }
            _ => self.next(),
        };
        v & w.mask()
    }

    /// A valid memory operand for a single access of `1 << size_log2` bytes, avoiding
    /// write-back to `rt` (when `rt` is a general-purpose register).
    pub fn mem(&mut self, size_log2: u32, rt: Option<Gpr>) -> Mem {
        let size = 1i32 << size_log2;
        let mut base = self.sp();
        let wb_conflict = |b: Gpr| rt == Some(b) && b != Gpr::Sp;
        match self.below(8) {
            0..=2 => {
                let offset = match self.below(6) {
                    0 => 0,
                    1 => 4095 * size,
                    2 => (self.next() % 4096) as i32 * size,
                    3 => -256,
                    4 => 255,
                    _ => (self.next() % 512) as i32 - 256,
                };
                Mem::base(base, offset)
            }
            3 | 4 => {
                if wb_conflict(base) {
                    base = Gpr::Sp;
                }
                let offset = (self.next() % 512) as i32 - 256;
                if self.bool() {
                    Mem::pre(base, offset)
                } else {
                    Mem::post(base, offset)
                }
            }
            _ => {
                let extend = self.pick(IndexExt::ALL);
                Mem::index_ext(base, self.zr(), extend, self.bool())
            }
        }
    }

    /// A valid pair operand for registers of `1 << scale_log2` bytes, avoiding write-back
    /// to either transfer register.
    pub fn pair_mem(&mut self, scale_log2: u32, rts: Option<(Gpr, Gpr)>) -> Mem {
        let mut base = self.sp();
        let offset = ((self.next() % 128) as i32 - 64) << scale_log2;
        match self.below(3) {
            0 => Mem::base(base, offset),
            k => {
                if let Some((a, b)) = rts
                    && (a == base || b == base)
                {
                    base = Gpr::Sp;
                }
                if k == 1 {
                    Mem::pre(base, offset)
                } else {
                    Mem::post(base, offset)
                }
            }
        }
    }

    /// Two different registers for a load pair (ZR-capable).
    fn two_zr(&mut self) -> (Gpr, Gpr) {
        let a = self.zr();
        let mut b = self.zr();
        if b == a {
            b = if a == Gpr::X0 { Gpr::X1 } else { Gpr::X0 };
        }
        (a, b)
    }

    /// Any valid instruction that does not refer to a label or an absolute address.
    pub fn inst(&mut self) -> Inst {
        use Inst::*;
        let w = self.width();
        let bits = w.bits() as u64;
        match self.below(44) {
            0 | 1 => {
                let op = self.pick(AddSubOp::ALL);
                AddSubImm {
                    op,
                    w,
                    rd: if op.sets_flags() {
                        self.zr()
                    } else {
                        self.sp()
                    },
                    rn: self.sp(),
                    imm: self.addsub_imm(),
                }
            }
            2 | 3 => AddSubShifted {
                op: self.pick(AddSubOp::ALL),
                w,
                rd: self.zr(),
                rn: self.zr(),
                rm: self.zr(),
                shift: self.pick(&[Shift::Lsl, Shift::Lsr, Shift::Asr]),
                amount: self.upto(bits) as u8,
            },
            4 => {
                let op = self.pick(AddSubOp::ALL);
                AddSubExt {
                    op,
                    w,
                    rd: if op.sets_flags() {
                        self.zr()
                    } else {
                        self.sp()
                    },
                    rn: self.sp(),
                    rm: self.zr(),
                    ext: self.pick(Extend::ALL),
                    amount: self.below(5) as u8,
                }
            }
            5 | 6 => {
                let op = self.pick(LogicOp::ALL);
                let pattern = self.pick(bitmasks(w));
                LogicImm {
                    op,
                    w,
                    rd: if op.base() == LogicOp::Ands {
                        self.zr()
                    } else {
                        self.sp()
                    },
                    rn: self.zr(),
                    imm: if op.inverts() {
                        !pattern & w.mask()
                    } else {
                        pattern
                    },
                }
            }
            7 | 8 => LogicShifted {
                op: self.pick(LogicOp::ALL),
                w,
                rd: self.zr(),
                rn: self.zr(),
                rm: self.zr(),
                shift: self.pick(Shift::ALL),
                amount: self.upto(bits) as u8,
            },
            9 => MoveWide {
                op: self.pick(MoveWideOp::ALL),
                w,
                rd: self.zr(),
                imm16: self.next() as u16,
                shift: (self.below(bits as usize / 16) * 16) as u8,
            },
            10 | 11 => MovImm {
                w,
                rd: self.general(),
                imm: self.constant(w),
            },
            12 | 13 => Bitfield {
                op: self.pick(BitfieldOp::ALL),
                w,
                rd: self.zr(),
                rn: self.zr(),
                immr: self.upto(bits) as u8,
                imms: self.upto(bits) as u8,
            },
            14 => {
                let rn = self.zr();
                Extr {
                    w,
                    rd: self.zr(),
                    rn,
                    rm: if self.bool() { rn } else { self.zr() },
                    lsb: self.upto(bits) as u8,
                }
            }
            15 => {
                let op = self.pick(Dp1Op::ALL);
                Dp1 {
                    op,
                    w: if op == Dp1Op::Rev32 { Width::W64 } else { w },
                    rd: self.zr(),
                    rn: self.zr(),
                }
            }
            16 => Dp2 {
                op: self.pick(Dp2Op::ALL),
                w,
                rd: self.zr(),
                rn: self.zr(),
                rm: self.zr(),
            },
            17 => {
                let op = self.pick(Dp3Op::ALL);
                Dp3 {
                    op,
                    w: if op.is_long() { Width::W64 } else { w },
                    rd: self.zr(),
                    rn: self.zr(),
                    rm: self.zr(),
                    ra: self.zr(),
                }
            }
            18 => MulHigh {
                op: self.pick(MulHighOp::ALL),
                rd: self.zr(),
                rn: self.zr(),
                rm: self.zr(),
            },
            19 => CcmpRR {
                op: self.pick(CondCmpOp::ALL),
                w,
                rn: self.zr(),
                rm: self.zr(),
                nzcv: self.below(16) as u8,
                cond: self.cond(),
            },
            20 => CcmpImm {
                op: self.pick(CondCmpOp::ALL),
                w,
                rn: self.zr(),
                imm: self.below(32) as u8,
                nzcv: self.below(16) as u8,
                cond: self.cond(),
            },
            21 | 22 => {
                let rn = self.zr();
                Csel {
                    op: self.pick(CselOp::ALL),
                    w,
                    rd: self.zr(),
                    rn,
                    rm: if self.bool() { rn } else { self.zr() },
                    cond: self.cond(),
                }
            }
            23..=25 => {
                let op = self.pick(LoadOp::ALL);
                let rt = self.zr();
                Load {
                    op,
                    rt,
                    mem: self.mem(op.size_log2(), Some(rt)),
                }
            }
            26 | 27 => {
                let op = self.pick(StoreOp::ALL);
                let rt = self.zr();
                Store {
                    op,
                    rt,
                    mem: self.mem(op.size_log2(), Some(rt)),
                }
            }
            28 => {
                let fw = self.fpw();
                let mem = self.mem(fw.bytes().trailing_zeros(), None);
                if self.bool() {
                    LoadFp {
                        w: fw,
                        rt: self.fpr(),
                        mem,
                    }
                } else {
                    StoreFp {
                        w: fw,
                        rt: self.fpr(),
                        mem,
                    }
                }
            }
            29 | 30 => {
                let (rt1, rt2) = self.two_zr();
                let mem = self.pair_mem(if w == Width::W64 { 3 } else { 2 }, Some((rt1, rt2)));
                if self.bool() {
                    Ldp { w, rt1, rt2, mem }
                } else {
                    Stp { w, rt1, rt2, mem }
                }
            }
            31 => {
                let (rt1, rt2) = self.two_zr();
                let mem = self.pair_mem(2, Some((rt1, rt2)));
                Ldpsw { rt1, rt2, mem }
            }
            32 => {
                let fw = self.fpw();
                let rt1 = self.fpr();
                let mut rt2 = self.fpr();
                if rt2 == rt1 {
                    rt2 = Fpr::ALL[(rt1.num() as usize + 1) % 32];
                }
                let mem = self.pair_mem(fw.bytes().trailing_zeros(), None);
                if self.bool() {
                    LdpFp {
                        w: fw,
                        rt1,
                        rt2,
                        mem,
                    }
                } else {
                    StpFp {
                        w: fw,
                        rt1,
                        rt2,
                        mem,
                    }
                }
            }
            33 => match self.below(12) {
                0 => Br(self.zr()),
                1 => Blr(self.zr()),
                2 => Ret(self.zr()),
                3 => Nop,
                4 => Brk(self.next() as u16),
                5 => Udf(self.next() as u16),
                6 => Dmb(self.pick(Barrier::ALL)),
                7 => Dsb(self.pick(Barrier::ALL)),
                8 => Isb,
                9 => {
                    if self.bool() {
                        DcCvau(self.zr())
                    } else {
                        IcIvau(self.zr())
                    }
                }
                10 => Mrs {
                    rt: self.zr(),
                    reg: self.pick(SysReg::ALL),
                },
                _ => Msr {
                    reg: self.pick(&[SysReg::Nzcv, SysReg::Fpcr, SysReg::Fpsr, SysReg::TpidrEl0]),
                    rt: self.zr(),
                },
            },
            34 | 35 => FpRRR {
                op: self.pick(FpOp2::ALL),
                w: self.fpw(),
                rd: self.fpr(),
                rn: self.fpr(),
                rm: self.fpr(),
            },
            36 => FpRR {
                op: self.pick(FpOp1::ALL),
                w: self.fpw(),
                rd: self.fpr(),
                rn: self.fpr(),
            },
            37 => FpRRRR {
                op: self.pick(FpOp3::ALL),
                w: self.fpw(),
                rd: self.fpr(),
                rn: self.fpr(),
                rm: self.fpr(),
                ra: self.fpr(),
            },
            38 => {
                let dst_w = self.fpw();
                let src_w = if dst_w == FpWidth::F32 {
                    FpWidth::F64
                } else {
                    FpWidth::F32
                };
                Fcvt {
                    dst_w,
                    rd: self.fpr(),
                    src_w,
                    rn: self.fpr(),
                }
            }
            39 => {
                let op = self.pick(FcmpOp::ALL);
                let fw = self.fpw();
                if self.bool() {
                    Fcmp {
                        op,
                        w: fw,
                        rn: self.fpr(),
                        rm: self.fpr(),
                    }
                } else {
                    FcmpZero {
                        op,
                        w: fw,
                        rn: self.fpr(),
                    }
                }
            }
            40 => Fcsel {
                w: self.fpw(),
                rd: self.fpr(),
                rn: self.fpr(),
                rm: self.fpr(),
                cond: self.cond(),
            },
            41 => FpToInt {
                op: self.pick(FpToIntOp::ALL),
                iw: w,
                rd: self.zr(),
                fw: self.fpw(),
                rn: self.fpr(),
            },
            42 => IntToFp {
                op: self.pick(IntToFpOp::ALL),
                fw: self.fpw(),
                rd: self.fpr(),
                iw: w,
                rn: self.zr(),
            },
            _ => {
                let fw = self.fpw();
                match self.below(3) {
                    0 => FmovToGpr {
                        w: fw,
                        rd: self.zr(),
                        rn: self.fpr(),
                    },
                    1 => FmovFromGpr {
                        w: fw,
                        rd: self.fpr(),
                        rn: self.zr(),
                    },
                    _ => FmovImm {
                        w: fw,
                        rd: self.fpr(),
                        value: fp_imm8_value(self.next() as u8),
                    },
                }
            }
        }
    }

    /// A valid instruction that refers to one of `labels`.
    pub fn label_inst(&mut self, labels: &[Label]) -> Inst {
        use Inst::*;
        let target = self.pick(labels);
        match self.below(9) {
            0 => B(target),
            1 => Bl(target),
            2 | 3 => BCond(self.cond(), target),
            4 => Cb {
                op: self.pick(CmpBranchOp::ALL),
                w: self.width(),
                rt: self.zr(),
                target,
            },
            5 => Tb {
                op: self.pick(TestBranchOp::ALL),
                rt: self.zr(),
                bit: self.below(64) as u8,
                target,
            },
            6 => Adr {
                rd: self.zr(),
                target,
            },
            7 => LdrLiteral {
                op: self.pick(LiteralOp::ALL),
                rt: self.zr(),
                target,
            },
            _ => LdrLiteralFp {
                w: self.fpw(),
                rt: self.fpr(),
                target,
            },
        }
    }
}
