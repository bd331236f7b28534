//! Generated code actually runs: loops, calls back into Rust with an aligned stack, float
//! arithmetic with a RIP-relative constant pool, division, conversions, conditional moves,
//! loads and stores of every width with scaled indexes, overflow checks, and a jump table.
//! Each result is compared with the same computation done by Rust.

mod common;

use std::sync::OnceLock;

use quickcheck::QuickCheck;
use tern_jit_backend_x86::abi::{Frame, GprSet};
use tern_jit_backend_x86::asm::Gpr::*;
use tern_jit_backend_x86::asm::Width::*;
use tern_jit_backend_x86::asm::Xmm::*;
use tern_jit_backend_x86::asm::*;
use tern_jit_backend_x86::mem::{CodeBlock, ExecArena};

/// Installs `code` in a fresh arena.
fn install(code: Code) -> (ExecArena, CodeBlock) {
    let mut arena = ExecArena::new().expect("arena");
    let block = arena.install(&code).expect("install");
    (arena, block)
}

/// Assembles, installs and returns the code as a function of type `F`.
macro_rules! jit {
    ($ty:ty, |$a:ident| $body:block) => {{
        let mut $a = Assembler::new();
        $body
        let (arena, block) = install($a.finish().expect("assemble"));
        // SAFETY: each test's code implements the stated signature; arena and block live
        // until the end of the test, outliving every call.
        let f: $ty = unsafe { arena.entry(&block) }.unwrap();
        (arena, block, f)
    }};
}

#[test]
fn sum_loop() {
    // fn(n) -> 0 + 1 + ... + (n-1)
    let (_arena, _b, f) = jit!(extern "C" fn(i64) -> i64, |a| {
        let top = a.new_label();
        let done = a.new_label();
        a.alu_rr(AluOp::Xor, W32, Rax, Rax);
        a.alu_rr(AluOp::Xor, W32, Rcx, Rcx);
        a.bind(top);
        a.alu_rr(AluOp::Cmp, W64, Rcx, Rdi);
        a.jcc(Cond::Ge, done);
        a.alu_rr(AluOp::Add, W64, Rax, Rcx);
        a.alu_ri(AluOp::Add, W64, Rcx, 1);
        a.jmp(top);
        a.bind(done);
        a.ret();
    });
    for n in [0i64, 1, 2, 10, 1000, 100_000] {
        assert_eq!(f(n), (0..n).sum::<i64>());
    }
    assert_eq!(f(-5), 0);
}

/// Returns RSP as it was at its entry: must be 8 mod 16 if the caller aligned the call.
#[unsafe(naked)]
extern "C" fn rsp_at_entry() -> u64 {
    core::arch::naked_asm!("mov rax, rsp", "ret")
}

extern "C" fn format_and_measure(x: f64, y: i64) -> i64 {
    // Formatting floats uses SSE spills that need an aligned stack in optimized builds.
    let s = format!("{x:.3}/{y}");
    s.len() as i64 * 1000 + (x * 10.0) as i64 + y
}

#[test]
fn calls_into_rust_with_aligned_stack() {
    for saved in 0..4usize {
        for slots in 0..3u32 {
            let regs: GprSet = [Rbx, R12, R13, R14].into_iter().take(saved).collect();
            let frame = Frame::new(regs, slots).unwrap();
            let (_arena, _b, f) = jit!(extern "C" fn(f64, i64) -> i64, |a| {
                frame.emit_prologue(&mut a);
                // Keep the arguments in callee-saved slots across the first call.
                a.mov_rr(W64, Rax, Rdi);
                a.movq_rx(Rcx, Xmm0);
                a.push_r(Rax);
                a.push_r(Rcx);
                a.call_far(rsp_at_entry as *const () as u64, R11);
                a.mov_rr(W64, Rdx, Rax); // rsp at entry of the probe
                a.pop_r(Rcx);
                a.pop_r(Rdi);
                a.movq_xr(Xmm0, Rcx);
                a.push_r(Rdx);
                a.push_r(Rdx);
                a.call_far(format_and_measure as *const () as u64, R11);
                a.pop_r(Rdx);
                a.pop_r(Rdx);
                // Return result * 16 + (probe rsp mod 16).
                a.shift_ri(ShiftOp::Shl, W64, Rax, 4);
                a.alu_ri(AluOp::And, W64, Rdx, 15);
                a.alu_rr(AluOp::Or, W64, Rax, Rdx);
                frame.emit_epilogue(&mut a);
            });
            let r = f(2.5, 7);
            assert_eq!(
                r & 15,
                8,
                "rsp at callee entry must be 8 mod 16 (saved={saved}, slots={slots})"
            );
            assert_eq!(r >> 4, format_and_measure(2.5, 7));
        }
    }
}

/// (a*b + sqrt(|a|)) / (a - b), then negated, via a RIP-relative constant pool.
fn float_expr(a: f64, b: f64) -> f64 {
    -((a * b + a.abs().sqrt()) / (a - b))
}

#[test]
fn float_arithmetic_with_constant_pool() {
    let (_arena, _b, f) = jit!(extern "C" fn(f64, f64) -> f64, |a| {
        let pool = a.new_label();
        a.sse_rr(SseOp::Movaps, Xmm2, Xmm0);
        a.sse_rr(SseOp::Mulsd, Xmm2, Xmm1); // a*b
        a.sse_rr(SseOp::Movaps, Xmm3, Xmm0);
        a.sse_rm(SseOp::Andpd, Xmm3, Mem::rip(pool, 0)); // |a|
        a.sse_rr(SseOp::Sqrtsd, Xmm3, Xmm3);
        a.sse_rr(SseOp::Addsd, Xmm2, Xmm3);
        a.sse_rr(SseOp::Subsd, Xmm0, Xmm1); // a-b
        a.sse_rr(SseOp::Divsd, Xmm2, Xmm0);
        a.sse_rm(SseOp::Xorpd, Xmm2, Mem::rip(pool, 16)); // negate
        a.sse_rr(SseOp::Movaps, Xmm0, Xmm2);
        a.ret();
        a.align(16);
        a.bind(pool);
        a.data_u64(0x7fff_ffff_ffff_ffff);
        a.data_u64(0x7fff_ffff_ffff_ffff);
        a.data_u64(0x8000_0000_0000_0000);
        a.data_u64(0x8000_0000_0000_0000);
    });
    static F: OnceLock<extern "C" fn(f64, f64) -> f64> = OnceLock::new();
    F.set(f).unwrap();
    fn prop(a: f64, b: f64) -> bool {
        let (got, want) = (F.get().unwrap()(a, b), float_expr(a, b));
        got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan())
    }
    for (a, b) in [
        (3.0, 1.5),
        (-2.0, 4.0),
        (0.1, 0.2),
        (1e300, -1e300),
        (0.0, -0.0),
        (f64::NAN, 1.0),
    ] {
        assert!(prop(a, b), "{a} {b}: {} vs {}", f(a, b), float_expr(a, b));
    }
    QuickCheck::new()
        .tests(500)
        .quickcheck(prop as fn(f64, f64) -> bool);
}

#[test]
fn division_and_remainder() {
    // fn(a, b, *mut rem) -> quotient, truncating like Rust's `/` and `%`.
    let (_arena, _b, f) = jit!(extern "C" fn(i64, i64, *mut i64) -> i64, |a| {
        a.mov_rr(W64, Rcx, Rsi); // divisor out of rdx's way
        a.mov_rr(W64, R8, Rdx); // result pointer
        a.mov_rr(W64, Rax, Rdi);
        a.cqo();
        a.unary_r(UnaryOp::Idiv, W64, Rcx);
        a.mov_mr(W64, Mem::base(R8, 0), Rdx);
        a.ret();
    });
    fn check(f: extern "C" fn(i64, i64, *mut i64) -> i64, x: i64, y: i64) -> bool {
        if y == 0 || (x == i64::MIN && y == -1) {
            return true; // #DE on hardware; the IR handles these before dividing
        }
        let mut rem = 0;
        let q = f(x, y, &mut rem);
        q == x / y && rem == x % y
    }
    for (x, y) in [
        (7, 2),
        (-7, 2),
        (7, -2),
        (-7, -2),
        (i64::MIN, 1),
        (i64::MAX, -1),
        (0, 5),
    ] {
        assert!(check(f, x, y), "{x} / {y}");
    }
    static F: OnceLock<extern "C" fn(i64, i64, *mut i64) -> i64> = OnceLock::new();
    F.set(f).unwrap();
    fn prop(x: i64, y: i64) -> bool {
        check(*F.get().unwrap(), x, y)
    }
    QuickCheck::new()
        .tests(500)
        .quickcheck(prop as fn(i64, i64) -> bool);
}

#[test]
fn conversions_and_compares() {
    // fn(x: f64) -> i64: trunc(x) clamped into [-1000, 1000] with cmov, via cvttsd2si.
    let (_arena, _b, f) = jit!(extern "C" fn(f64) -> i64, |a| {
        a.cvttsd2si_rr(W64, Rax, Xmm0);
        a.mov_ri(W64, Rcx, 1000);
        a.mov_ri(W64, Rdx, -1000);
        a.alu_rr(AluOp::Cmp, W64, Rax, Rcx);
        a.cmov_rr(Cond::G, W64, Rax, Rcx);
        a.alu_rr(AluOp::Cmp, W64, Rax, Rdx);
        a.cmov_rr(Cond::L, W64, Rax, Rdx);
        a.ret();
    });
    for x in [0.0, 1.9, -1.9, 999.99, 1000.5, -1e9, 1e9, 12.0] {
        assert_eq!(f(x), (x.trunc() as i64).clamp(-1000, 1000), "{x}");
    }
    // NaN converts to the "integer indefinite" i64::MIN, then clamps to -1000.
    assert_eq!(f(f64::NAN), -1000);

    // fn(i: i64) -> f64 via cvtsi2sd, and a less-than flag via ucomisd/setcc.
    let (_arena2, _b2, g) = jit!(extern "C" fn(i64, f64) -> i64, |a| {
        a.cvtsi2sd_rr(W64, Xmm1, Rdi);
        a.alu_rr(AluOp::Xor, W32, Rax, Rax);
        // (double)i < x computed as x > (double)i: `A` is false when unordered, while
        // `B` after `ucomisd i, x` would be true for NaN (unordered sets CF).
        a.sse_rr(SseOp::Ucomisd, Xmm0, Xmm1);
        a.setcc_r(Cond::A, Rax);
        a.ret();
    });
    assert_eq!(g(1, 1.5), 1);
    assert_eq!(g(2, 1.5), 0);
    assert_eq!(g(-3, -2.0), 1);
    assert_eq!(g(0, f64::NAN), 0);
}

#[test]
fn loads_and_stores_of_every_width() {
    // fn(buf: *mut u8, i: i64): reads buf[i] as u8/i8/u16/i16/u32/i32/u64 with scaled
    // indexes and stores the extended values into out[0..7] at buf+64.
    let (_arena, _b, f) = jit!(extern "C" fn(*mut u8, i64), |a| {
        let out = |k: i32| Mem::base(Rdi, 64 + 8 * k);
        a.movzx_rm(W32, Rax, W8, Mem::sib(Rdi, Rsi, Scale::S1, 0));
        a.mov_mr(W64, out(0), Rax);
        a.movsx_rm(W64, Rax, W8, Mem::sib(Rdi, Rsi, Scale::S1, 0));
        a.mov_mr(W64, out(1), Rax);
        a.movzx_rm(W64, Rax, W16, Mem::sib(Rdi, Rsi, Scale::S2, 0));
        a.mov_mr(W64, out(2), Rax);
        a.movsx_rm(W32, Rax, W16, Mem::sib(Rdi, Rsi, Scale::S2, 0));
        a.mov_mr(W64, out(3), Rax); // upper half zero: movsx into a 32-bit register
        a.movzx_rm(W64, Rax, W32, Mem::sib(Rdi, Rsi, Scale::S4, 0));
        a.mov_mr(W64, out(4), Rax);
        a.movsx_rm(W64, Rax, W32, Mem::sib(Rdi, Rsi, Scale::S4, 0));
        a.mov_mr(W64, out(5), Rax);
        a.mov_rm(W64, Rax, Mem::sib(Rdi, Rsi, Scale::S8, 0));
        a.mov_mr(W64, out(6), Rax);
        // Narrow stores: byte and word writes leave their neighbours alone.
        a.mov_mi(W8, Mem::base(Rdi, 64 + 56), 0xAB);
        a.mov_ri(W16, Rcx, 0xBEEF);
        a.mov_mr(W16, Mem::base(Rdi, 64 + 58), Rcx);
        a.ret();
    });
    let mut buf = [0u8; 128];
    for (k, b) in buf.iter_mut().enumerate().take(64) {
        *b = (k as u8).wrapping_mul(37).wrapping_add(0x81);
    }
    for i in 0..8usize {
        buf[64..].fill(0x55);
        f(buf.as_mut_ptr(), i as i64);
        let out: Vec<u64> = (0..8)
            .map(|k| u64::from_le_bytes(buf[64 + 8 * k..72 + 8 * k].try_into().unwrap()))
            .collect();
        let rd = |w: usize| {
            let mut v = [0u8; 8];
            v[..w].copy_from_slice(&buf[i * w..i * w + w]);
            u64::from_le_bytes(v)
        };
        assert_eq!(out[0], rd(1));
        assert_eq!(out[1], rd(1) as u8 as i8 as i64 as u64);
        assert_eq!(out[2], rd(2));
        assert_eq!(out[3], rd(2) as u16 as i16 as i32 as u32 as u64);
        assert_eq!(out[4], rd(4));
        assert_eq!(out[5], rd(4) as u32 as i32 as i64 as u64);
        assert_eq!(out[6], rd(8));
        assert_eq!(
            &buf[120..128],
            &[0xAB, 0x55, 0xEF, 0xBE, 0x55, 0x55, 0x55, 0x55]
        );
    }
}

#[test]
fn overflow_check_from_flags() {
    // fn(a, b, *mut i64) -> 1 on overflow, else 0 and the sum stored.
    let (_arena, _b, f) = jit!(extern "C" fn(i64, i64, *mut i64) -> i64, |a| {
        let ovf = a.new_label();
        a.alu_rr(AluOp::Add, W64, Rdi, Rsi);
        a.jcc_near(Cond::O, ovf);
        a.mov_mr(W64, Mem::base(Rdx, 0), Rdi);
        a.alu_rr(AluOp::Xor, W32, Rax, Rax);
        a.ret();
        a.bind(ovf);
        a.mov_ri(W64, Rax, 1);
        a.ret();
    });
    static F: OnceLock<extern "C" fn(i64, i64, *mut i64) -> i64> = OnceLock::new();
    F.set(f).unwrap();
    fn check(x: i64, y: i64) -> bool {
        let mut out = 0;
        let r = F.get().unwrap()(x, y, &mut out);
        match x.checked_add(y) {
            Some(s) => r == 0 && out == s,
            None => r == 1,
        }
    }
    for (x, y) in [
        (1, 2),
        (i64::MAX, 1),
        (i64::MIN, -1),
        (i64::MIN, i64::MAX),
        (-5, 5),
    ] {
        assert!(check(x, y), "{x} + {y}");
    }
    QuickCheck::new()
        .tests(500)
        .quickcheck(check as fn(i64, i64) -> bool);
}

#[test]
fn jump_table_through_rip_relative_offsets() {
    // fn(k) -> 100 + 11*k for k in 0..4 via a table of 32-bit offsets after the code.
    let (_arena, _b, f) = jit!(extern "C" fn(i64) -> i64, |a| {
        let table = a.new_label();
        let cases: Vec<Label> = (0..4).map(|_| a.new_label()).collect();
        a.lea(W64, Rcx, Mem::rip(table, 0));
        a.movsx_rm(W64, Rax, W32, Mem::sib(Rcx, Rdi, Scale::S4, 0));
        a.alu_rr(AluOp::Add, W64, Rax, Rcx);
        a.jmp_r(Rax);
        for (k, &l) in cases.iter().enumerate() {
            a.bind(l);
            a.mov_ri(W64, Rax, 100 + 11 * k as i64);
            a.ret();
        }
        a.align(4);
        a.bind(table);
        let base = a.label_offset(table).unwrap() as i64;
        for &l in &cases {
            let off = a.label_offset(l).unwrap() as i64 - base;
            a.data_bytes(&(off as i32).to_le_bytes());
        }
    });
    for k in 0..4 {
        assert_eq!(f(k), 100 + 11 * k);
    }
}

#[test]
fn shifts_rotates_and_multiplies() {
    // fn(x, n) -> ((x << 3) ^ (x >> n) [arith]) * 7 + rol(x, 13) + (x * -3 via 3-operand imul)
    let (_arena, _b, f) = jit!(extern "C" fn(i64, i64) -> i64, |a| {
        a.mov_rr(W64, Rcx, Rsi);
        a.mov_rr(W64, Rax, Rdi);
        a.shift_ri(ShiftOp::Shl, W64, Rax, 3);
        a.mov_rr(W64, Rdx, Rdi);
        a.shift_rcl(ShiftOp::Sar, W64, Rdx);
        a.alu_rr(AluOp::Xor, W64, Rax, Rdx);
        a.imul_rri(W64, Rax, Rax, 7);
        a.mov_rr(W64, R8, Rdi);
        a.shift_ri(ShiftOp::Rol, W64, R8, 13);
        a.alu_rr(AluOp::Add, W64, Rax, R8);
        a.imul_rri(W64, R9, Rdi, -3);
        a.alu_rr(AluOp::Add, W64, Rax, R9);
        a.ret();
    });
    static F: OnceLock<extern "C" fn(i64, i64) -> i64> = OnceLock::new();
    F.set(f).unwrap();
    fn prop(x: i64, n: u8) -> bool {
        let n = (n % 64) as i64;
        let model = ((x << 3) ^ (x >> n))
            .wrapping_mul(7)
            .wrapping_add(x.rotate_left(13))
            .wrapping_add(x.wrapping_mul(-3));
        F.get().unwrap()(x, n) == model
    }
    QuickCheck::new()
        .tests(500)
        .quickcheck(prop as fn(i64, u8) -> bool);
}
