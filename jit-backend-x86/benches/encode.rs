//! Encoding throughput (instructions per second) of the assembler on a JIT-like instruction
//! mix, against iced-x86's encoder re-encoding the very same instructions (side by side in
//! one run, so the ratio is what matters).
//!
//! Run: `cargo bench -p tern-jit-backend-x86 --bench encode -- --warm-up-time 1
//! --measurement-time 2`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iced_x86::{Decoder, DecoderOptions, Encoder, Instruction};
use tern_jit_backend_x86::asm::Gpr::*;
use tern_jit_backend_x86::asm::Width::*;
use tern_jit_backend_x86::asm::*;

const REGS: [Gpr; 8] = [Rax, Rcx, Rdx, Rsi, Rdi, R8, R9, R10];
const XMMS: [Xmm; 4] = [Xmm::Xmm0, Xmm::Xmm1, Xmm::Xmm2, Xmm::Xmm3];

/// Emits `blocks` copies of a trace-like loop body: loads and stores off a frame and a heap
/// object, integer arithmetic with overflow guards, compares, a float update, a call.
/// Returns the number of instructions emitted.
fn emit_mix(a: &mut Assembler, blocks: usize) -> usize {
    let exit = a.new_label();
    let mut n = 0;
    for k in 0..blocks {
        let r = |i: usize| REGS[(k + i) % REGS.len()];
        let x = |i: usize| XMMS[(k + i) % XMMS.len()];
        let top = a.new_label();
        a.bind(top);
        a.mov_rm(W64, r(0), Mem::base(Rbp, -8 * (k as i32 % 16) - 8));
        a.mov_rm(W64, r(1), Mem::base(r(0), 16));
        a.alu_ri(AluOp::Cmp, W64, r(1), 7);
        a.jcc_near(Cond::Ne, exit);
        a.alu_rr(AluOp::Add, W64, r(1), r(2));
        a.jcc_near(Cond::O, exit);
        a.imul_rri(W64, r(3), r(1), 24);
        a.lea(W64, r(4), Mem::sib(r(0), r(3), Scale::S8, 32));
        a.movzx_rm(W32, r(5), W8, Mem::base(r(4), 1));
        a.test_rr(W32, r(5), r(5));
        a.setcc_r(Cond::E, r(6));
        a.sse_rm(SseOp::Movsd, x(0), Mem::base(r(0), 24));
        a.sse_rr(SseOp::Mulsd, x(0), x(1));
        a.sse_rr(SseOp::Addsd, x(0), x(2));
        a.movsd_mr(Mem::base(r(0), 24), x(0));
        a.mov_mr(W64, Mem::base(r(0), 16), r(1));
        a.mov_mi(W32, Mem::base(Rbp, -4), 1);
        a.shift_ri(ShiftOp::Sar, W64, r(7), 3);
        a.call_far(0x7f00_0000_1000 + k as u64, R11);
        a.jmp(top);
        n += 21; // call_far is two instructions
    }
    a.bind(exit);
    a.ret();
    n + 1
}

fn bench_encode(c: &mut Criterion) {
    let blocks = 50;
    let mut probe = Assembler::new();
    let count = emit_mix(&mut probe, blocks);
    let bytes = probe.finish().unwrap().bytes().to_vec();

    // The same instructions, decoded, for iced's encoder.
    let mut decoder = Decoder::with_ip(64, &bytes, 0, DecoderOptions::NONE);
    let insts: Vec<Instruction> = decoder.iter().collect();
    assert_eq!(
        insts.len(),
        count,
        "the mix decodes to the instructions it emitted"
    );

    let mut group = c.benchmark_group("encode");
    group.throughput(Throughput::Elements(count as u64));
    group.bench_function("tern_assembler", |b| {
        b.iter(|| {
            let mut a = Assembler::with_capacity(bytes.len());
            emit_mix(&mut a, black_box(blocks));
            black_box(a.finish().unwrap());
        })
    });
    group.bench_function("iced_encoder", |b| {
        b.iter(|| {
            let mut e = Encoder::try_with_capacity(64, bytes.len()).unwrap();
            for i in &insts {
                e.encode(black_box(i), i.ip()).unwrap();
            }
            black_box(e.take_buffer());
        })
    });
    group.finish();
}

criterion_group!(benches, bench_encode);
criterion_main!(benches);
