//! Encoding throughput of the A64 assembler on a JIT-like instruction mix, side by side
//! with references measured in the same run:
//! - `encode/tern_assembler`: the mix assembled from scratch (labels, fixups, `finish`);
//! - `emit_inst/tern_emit_inst`: label-free instructions replayed from `Inst` data;
//! - `encode/yaxpeax_decode`: yaxpeax-arm decoding the resulting words (there is no
//!   independent A64 encoder crate to race, so the reference is the decoder's cost per
//!   instruction of the same mix);
//! - `mov_imm/*`: planning the shortest sequence for random 64-bit constants against a
//!   naive `movz` + `movk` plan (what the search for `movn`/`orr` forms costs).
//!
//! Run: `cargo bench -p tern-jit-backend-arm --bench encode -- --warm-up-time 1
//! --measurement-time 2` (natively, or with `--target aarch64-unknown-linux-gnu` under
//! qemu for the compile-speed numbers of that target).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tern_jit_backend_arm::asm::FpWidth::*;
use tern_jit_backend_arm::asm::Gpr::*;
use tern_jit_backend_arm::asm::Width::*;
use tern_jit_backend_arm::asm::*;
use yaxpeax_arch::{Decoder, U8Reader};
use yaxpeax_arm::armv8::a64::InstDecoder;

const REGS: [Gpr; 8] = [X0, X1, X2, X3, X4, X5, X6, X7];
const FPRS: [Fpr; 4] = [Fpr::V0, Fpr::V1, Fpr::V2, Fpr::V3];

/// Emits `blocks` copies of a trace-like loop body: frame and heap loads/stores, integer
/// arithmetic with overflow guards, compares with guards, a constant, float updates, a call.
fn emit_mix(a: &mut Assembler, blocks: usize) {
    let exit = a.new_label();
    for k in 0..blocks {
        let r = |i: usize| REGS[(k + i) % REGS.len()];
        let v = |i: usize| FPRS[(k + i) % FPRS.len()];
        let top = a.new_label();
        a.bind(top);
        a.ldr(W64, r(0), Mem::base(X29, -8 * (k as i32 % 16) - 8));
        a.ldr(W64, r(1), Mem::base(r(0), 16));
        a.cmp_imm(W64, r(1), 7);
        a.b_cond(Cond::Ne, exit);
        a.addsub_shifted(AddSubOp::Adds, W64, r(1), r(1), r(2), Shift::Lsl, 0);
        a.b_cond(Cond::Vs, exit);
        a.mov_imm(W64, r(3), 24);
        a.mul(W64, r(3), r(1), r(3));
        a.add_rr(W64, r(4), r(0), r(3));
        a.load(LoadOp::Ldrb, r(5), Mem::base(r(4), 1));
        a.cbz(W32, r(5), exit);
        a.tst_imm(W64, r(6), 7);
        a.cset(W64, r(6), Cond::Eq);
        a.load_fp(F64, v(0), Mem::base(r(0), 24));
        a.fmul(F64, v(0), v(0), v(1));
        a.fadd(F64, v(0), v(0), v(2));
        a.store_fp(F64, v(0), Mem::base(r(0), 24));
        a.str(W64, r(1), Mem::base(r(0), 16));
        a.shift_imm(Shift::Asr, W64, r(7), r(7), 3);
        a.mov_imm(W64, r(2), 0x0000_7f12_3456_7890 + k as u64);
        a.call_far(0x7f00_0000_1000 + 4 * k as u64);
        a.b(top);
    }
    a.bind(exit);
    a.ret();
}

fn words(bytes: &[u8]) -> Vec<[u8; 4]> {
    bytes
        .chunks_exact(4)
        .map(|c| c.try_into().unwrap())
        .collect()
}

fn bench_encode(c: &mut Criterion) {
    let blocks = 50;
    let mut probe = Assembler::new();
    emit_mix(&mut probe, blocks);
    let bytes = probe.finish().unwrap().bytes().to_vec();
    let count = bytes.len() / 4;

    // Label-free instructions as data, replayed through `Assembler::emit`.
    let mut insts = Vec::new();
    for k in 0..blocks {
        let r = |i: usize| REGS[(k + i) % REGS.len()];
        insts.push(Inst::Load {
            op: LoadOp::LdrX,
            rt: r(0),
            mem: Mem::base(X29, -8 * (k as i32 % 16) - 8),
        });
        insts.push(Inst::AddSubShifted {
            op: AddSubOp::Adds,
            w: W64,
            rd: r(1),
            rn: r(1),
            rm: r(2),
            shift: Shift::Lsl,
            amount: 0,
        });
        insts.push(Inst::MovImm {
            w: W64,
            rd: r(2),
            imm: 0x0000_7f12_3456_7890 + k as u64,
        });
        insts.push(Inst::FpRRR {
            op: FpOp2::Fmul,
            w: F64,
            rd: Fpr::V0,
            rn: Fpr::V0,
            rm: Fpr::V1,
        });
        insts.push(Inst::Store {
            op: StoreOp::StrX,
            rt: r(1),
            mem: Mem::base(r(0), 16),
        });
    }

    let mut group = c.benchmark_group("encode");
    group.throughput(Throughput::Elements(count as u64));
    group.bench_function("tern_assembler", |b| {
        b.iter(|| {
            let mut a = Assembler::with_capacity(bytes.len());
            emit_mix(&mut a, black_box(blocks));
            black_box(a.finish().unwrap());
        })
    });
    let ws = words(&bytes);
    group.bench_function("yaxpeax_decode", |b| {
        let d = InstDecoder::default();
        b.iter(|| {
            for w in &ws {
                let mut r = U8Reader::new(black_box(w));
                black_box(d.decode(&mut r).unwrap());
            }
        })
    });
    group.finish();

    // Inst replay: its own element count.
    let replay = |a: &mut Assembler| {
        for i in &insts {
            a.emit(i);
        }
    };
    let mut probe = Assembler::new();
    replay(&mut probe);
    let replay_count = probe.finish().unwrap().len() / 4;
    let mut group = c.benchmark_group("emit_inst");
    group.throughput(Throughput::Elements(replay_count as u64));
    group.bench_function("tern_emit_inst", |b| {
        b.iter(|| {
            let mut a = Assembler::with_capacity(replay_count * 4);
            replay(&mut a);
            black_box(a.finish().unwrap());
        })
    });
    group.finish();

    // Constant planning.
    let mut s = 0x2545_f491_4f6c_dd1du64;
    let constants: Vec<u64> = (0..1000)
        .map(|i| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            match i % 4 {
                0 => s,
                1 => s & 0xffff_ffff,
                2 => 0x0000_7f00_0000_0000 | (s & 0xff_ffff_ffff),
                _ => (s as i32) as i64 as u64,
            }
        })
        .collect();
    let mut group = c.benchmark_group("mov_imm");
    group.throughput(Throughput::Elements(constants.len() as u64));
    group.bench_function("tern_plan", |b| {
        b.iter(|| {
            for &v in &constants {
                black_box(plan_mov_imm(W64, black_box(v)));
            }
        })
    });
    group.bench_function("naive_movz_movk", |b| {
        b.iter(|| {
            for &v in &constants {
                let v = black_box(v);
                let mut steps = [0u64; 4];
                let mut n = 0;
                for i in 0..4 {
                    let h = (v >> (16 * i)) & 0xffff;
                    if h != 0 || (i == 3 && n == 0) {
                        steps[n] = h << 8 | i;
                        n += 1;
                    }
                }
                black_box((steps, n));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_encode);
criterion_main!(benches);
