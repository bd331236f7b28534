//! Generated code executed on AArch64 (natively or under qemu-user) and compared with
//! Rust: loops, calls into Rust under AAPCS64 (register and stack arguments, callee-saved
//! registers), float arithmetic and conversions, division corner cases, every load/store
//! width and addressing form, the far helpers, bitmask logic, every `mov_imm` strategy,
//! far branches, literal pools, `adr`, a generated instruction-cache flush routine, and
//! retargeting a branch in installed code.
//!
//! The executable memory here is deliberately minimal and test-only (mmap RW, copy, clean
//! the data cache, mprotect RX, invalidate the instruction cache); the shared
//! executable-memory arena replaces it.

#![cfg(target_arch = "aarch64")]

use std::arch::asm;

use tern_jit_backend_arm::asm::FpWidth::*;
use tern_jit_backend_arm::asm::Fpr::*;
use tern_jit_backend_arm::asm::Gpr::*;
use tern_jit_backend_arm::asm::Width::*;
use tern_jit_backend_arm::asm::*;

/// Cache line sizes from CTR_EL0: (data, instruction) in bytes.
fn cache_lines() -> (usize, usize) {
    let ctr: u64;
    // SAFETY: CTR_EL0 is readable at EL0 on Linux (the kernel sets SCTLR_EL1.UCT or
    // emulates the read); reading it has no side effects.
    unsafe { asm!("mrs {}, ctr_el0", out(reg) ctr, options(nomem, nostack)) };
    (4 << ((ctr >> 16) & 0xf), 4 << (ctr & 0xf))
}

/// Makes `len` bytes written at `start` visible to instruction fetch: clean the data
/// cache to the point of unification, then invalidate the instruction cache.
fn flush_icache(start: usize, len: usize) {
    let (dline, iline) = cache_lines();
    let end = start + len;
    let mut a = start & !(dline - 1);
    while a < end {
        // SAFETY: cache maintenance by address on mapped, readable memory.
        unsafe { asm!("dc cvau, {}", in(reg) a, options(nostack)) };
        a += dline;
    }
    // SAFETY: barriers only order memory effects.
    unsafe { asm!("dsb ish", options(nostack)) };
    let mut a = start & !(iline - 1);
    while a < end {
        // SAFETY: as above.
        unsafe { asm!("ic ivau, {}", in(reg) a, options(nostack)) };
        a += iline;
    }
    // SAFETY: barriers only.
    unsafe { asm!("dsb ish", "isb", options(nostack)) };
}

/// Code copied into its own mapping and made executable.
struct Exec {
    ptr: *mut u8,
    len: usize,
}

impl Exec {
    fn new(code: &Code) -> Exec {
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
        let len = code.len().div_ceil(page).max(1) * page;
        // SAFETY: a fresh anonymous private mapping; the result is checked.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_ne!(ptr, libc::MAP_FAILED, "mmap failed");
        let ptr = ptr as *mut u8;
        assert_eq!(ptr as usize % code.required_alignment(), 0);
        let bytes = code.relocated(ptr as u64).expect("relocations in reach");
        // SAFETY: the mapping is `len >= bytes.len()` bytes, writable, and not aliased.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr, bytes.len()) };
        // SAFETY: the range was just mapped.
        let rc = unsafe { libc::mprotect(ptr as *mut _, len, libc::PROT_READ | libc::PROT_EXEC) };
        assert_eq!(rc, 0, "mprotect RX failed");
        flush_icache(ptr as usize, bytes.len());
        Exec { ptr, len }
    }

    fn addr(&self, offset: usize) -> u64 {
        self.ptr as u64 + offset as u64
    }

    /// The entry point at `offset` as a function pointer of type `F`.
    ///
    /// # Safety
    /// The code at `offset` must implement `F`'s signature under AAPCS64, and `self` must
    /// outlive every call.
    unsafe fn entry<F: Copy>(&self, offset: usize) -> F {
        assert_eq!(size_of::<F>(), size_of::<usize>());
        let p = self.ptr.wrapping_add(offset);
        // SAFETY: F is a function pointer type of pointer size (checked above).
        unsafe { std::mem::transmute_copy(&p) }
    }

    /// Rewrites the instruction word at `offset` (RW, write, flush, RX).
    fn patch(&self, offset: usize, word: u32) {
        // SAFETY: the mapping is ours; no code from it runs concurrently in these tests.
        unsafe {
            assert_eq!(
                libc::mprotect(
                    self.ptr as *mut _,
                    self.len,
                    libc::PROT_READ | libc::PROT_WRITE
                ),
                0
            );
            (self.ptr.add(offset) as *mut u32).write_volatile(word);
            assert_eq!(
                libc::mprotect(
                    self.ptr as *mut _,
                    self.len,
                    libc::PROT_READ | libc::PROT_EXEC
                ),
                0
            );
        }
        flush_icache(self.ptr as usize + offset, 4);
    }

    fn word(&self, offset: usize) -> u32 {
        // SAFETY: in bounds of the readable mapping.
        unsafe { (self.ptr.add(offset) as *const u32).read_volatile() }
    }
}

impl Drop for Exec {
    fn drop(&mut self) {
        // SAFETY: unmapping our own mapping; no entry points outlive `self`.
        unsafe { libc::munmap(self.ptr as *mut _, self.len) };
    }
}

fn run1(build: impl FnOnce(&mut Assembler)) -> Exec {
    let mut a = Assembler::new();
    build(&mut a);
    Exec::new(&a.finish().unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn sum_loop() {
    let x = run1(|a| {
        let (top, done) = (a.new_label(), a.new_label());
        a.mov_imm(W64, X1, 0);
        a.mov_imm(W64, X2, 0);
        a.bind(top);
        a.cmp_rr(W64, X2, X0);
        a.b_cond(Cond::Ge, done);
        a.add_rr(W64, X1, X1, X2);
        a.add_imm(W64, X2, X2, 1);
        a.b(top);
        a.bind(done);
        a.mov_rr(W64, X0, X1);
        a.ret();
    });
    // SAFETY: the code is fn(i64) -> i64.
    let f: extern "C" fn(i64) -> i64 = unsafe { x.entry(0) };
    for n in [0, 1, 10, 1000, 100_000] {
        assert_eq!(f(n), (0..n).sum::<i64>());
    }
}

extern "C" fn ten_ints(
    a: i64,
    b: i64,
    c: i64,
    d: i64,
    e: i64,
    f: i64,
    g: i64,
    h: i64,
    i: i64,
    j: i64,
) -> i64 {
    a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j
}

extern "C" fn mixed(x: f64, n: i32, y: f64, m: u8) -> f64 {
    x * n as f64 + y / m as f64
}

#[test]
fn calls_into_rust_under_aapcs64() {
    // fn(k) -> ten_ints(k, k+1, ..., k+9) + k, keeping k in callee-saved x19.
    let x = run1(|a| {
        a.stp(W64, Gpr::FP, Gpr::LR, Mem::pre(Sp, -32));
        a.mov_rr(W64, Gpr::FP, Sp);
        a.str(W64, X19, Mem::base(Sp, 16));
        a.mov_rr(W64, X19, X0);
        for i in 0..8u32 {
            a.add_imm(W64, Gpr::x(i as u8).unwrap(), X19, i);
        }
        a.sub_imm(W64, Sp, Sp, 16);
        a.add_imm(W64, X9, X19, 8);
        a.str(W64, X9, Mem::base(Sp, 0));
        a.add_imm(W64, X9, X19, 9);
        a.str(W64, X9, Mem::base(Sp, 8));
        a.call_far(ten_ints as *const () as u64);
        a.add_imm(W64, Sp, Sp, 16);
        a.add_rr(W64, X0, X0, X19);
        a.ldr(W64, X19, Mem::base(Sp, 16));
        a.ldp(W64, Gpr::FP, Gpr::LR, Mem::post(Sp, 32));
        a.ret();
    });
    // SAFETY: fn(i64) -> i64.
    let f: extern "C" fn(i64) -> i64 = unsafe { x.entry(0) };
    for k in [0i64, 1, -7, 1 << 40] {
        assert_eq!(
            f(k),
            ten_ints(
                k,
                k + 1,
                k + 2,
                k + 3,
                k + 4,
                k + 5,
                k + 6,
                k + 7,
                k + 8,
                k + 9
            ) + k
        );
    }
    // fn(x: f64) -> mixed(x, -3, 2.5, 200) with a float constant from a literal pool.
    let x = run1(|a| {
        let pool = a.new_label();
        a.stp(W64, Gpr::FP, Gpr::LR, Mem::pre(Sp, -16));
        a.mov_rr(W64, Gpr::FP, Sp);
        a.ldr_literal_fp(F64, V1, pool);
        a.mov_imm(W32, X0, -3i64 as u64);
        a.mov_imm(W32, X1, 200);
        a.call_far(mixed as *const () as u64);
        a.ldp(W64, Gpr::FP, Gpr::LR, Mem::post(Sp, 16));
        a.ret();
        a.align(8);
        a.bind(pool);
        a.data_f64(2.5);
    });
    // SAFETY: fn(f64) -> f64.
    let f: extern "C" fn(f64) -> f64 = unsafe { x.entry(0) };
    for v in [0.0, 1.5, -1e300] {
        assert_eq!(f(v), mixed(v, -3, 2.5, 200));
    }
}

#[test]
fn float_arithmetic_and_conversions() {
    // fn(a, b) -> sqrt(a*a + b*b) - 1.5 / a + 0.1
    let x = run1(|a| {
        a.fmul(F64, V2, V0, V0);
        a.fp_rrrr(FpOp3::Fmadd, F64, V2, V1, V1, V2);
        a.fsqrt(F64, V2, V2);
        a.fmov_const(F64, V3, 1.5);
        a.fdiv(F64, V3, V3, V0);
        a.fsub(F64, V0, V2, V3);
        a.fmov_const(F64, V4, 0.1);
        a.fadd(F64, V0, V0, V4);
        a.ret();
    });
    // SAFETY: fn(f64, f64) -> f64.
    let f: extern "C" fn(f64, f64) -> f64 = unsafe { x.entry(0) };
    for (p, q) in [(3.0, 4.0), (-2.0, 0.5), (1e-3, 7.0)] {
        // fmadd rounds once, like mul_add.
        assert_eq!(f(p, q), q.mul_add(q, p * p).sqrt() - 1.5 / p + 0.1);
    }
    // fcvtzs saturates and maps NaN to 0; scvtf/fcvt round like Rust's casts.
    let x = run1(|a| {
        a.fcvtzs(W64, X0, F64, V0);
        a.ret();
    });
    // SAFETY: fn(f64) -> i64.
    let to_int: extern "C" fn(f64) -> i64 = unsafe { x.entry(0) };
    for v in [
        0.0,
        -0.9,
        2.99,
        -1e30,
        1e30,
        f64::NAN,
        f64::INFINITY,
        9.2e18,
    ] {
        assert_eq!(to_int(v), v as i64, "{v}");
    }
    let x = run1(|a| {
        a.scvtf(F32, V0, W64, X0);
        a.fcvt(F64, V0, F32, V0);
        a.ret();
    });
    // SAFETY: fn(i64) -> f64.
    let via_f32: extern "C" fn(i64) -> f64 = unsafe { x.entry(0) };
    for v in [0i64, 1, -1, 16_777_217, i64::MAX, i64::MIN] {
        assert_eq!(via_f32(v), v as f32 as f64, "{v}");
    }
    // fcmp + cset: a < b is false for NaN (the "mi" condition after fcmp).
    let x = run1(|a| {
        a.fcmp(FcmpOp::Fcmp, F64, V0, V1);
        a.cset(W64, X0, Cond::Mi);
        a.cset(W64, X1, Cond::Vs);
        a.add_rr(W64, X0, X0, X1);
        a.add_rr(W64, X0, X0, X1);
        a.ret();
    });
    // SAFETY: fn(f64, f64) -> i64.
    let lt: extern "C" fn(f64, f64) -> i64 = unsafe { x.entry(0) };
    assert_eq!(lt(1.0, 2.0), 1);
    assert_eq!(lt(2.0, 1.0), 0);
    assert_eq!(lt(f64::NAN, 1.0), 2, "unordered sets V");
}

#[test]
fn division_and_remainder() {
    // fn(a, b) -> (a / b) * 1000003 + a % b (signed) using sdiv + msub.
    let x = run1(|a| {
        a.sdiv(W64, X2, X0, X1);
        a.msub(W64, X3, X2, X1, X0);
        a.mov_imm(W64, X4, 1_000_003);
        a.madd(W64, X0, X2, X4, X3);
        a.ret();
    });
    // SAFETY: fn(i64, i64) -> i64.
    let f: extern "C" fn(i64, i64) -> i64 = unsafe { x.entry(0) };
    let model = |p: i64, q: i64| {
        let (d, r) = if q == 0 {
            (0, p)
        } else {
            (p.wrapping_div(q), p.wrapping_rem(q))
        };
        d.wrapping_mul(1_000_003).wrapping_add(r)
    };
    for p in [0, 7, -7, 100, i64::MIN, i64::MAX] {
        for q in [1, -1, 3, -3, 0, i64::MAX] {
            assert_eq!(f(p, q), model(p, q), "{p} / {q}");
        }
    }
    let x = run1(|a| {
        a.udiv(W32, X0, X0, X1);
        a.ret();
    });
    // SAFETY: fn(u32, u32) -> u32.
    let g: extern "C" fn(u32, u32) -> u32 = unsafe { x.entry(0) };
    assert_eq!(g(u32::MAX, 7), u32::MAX / 7);
    assert_eq!(g(5, 0), 0);
    let x = run1(|a| {
        a.smulh(X0, X0, X1);
        a.ret();
    });
    // SAFETY: fn(i64, i64) -> i64.
    let h: extern "C" fn(i64, i64) -> i64 = unsafe { x.entry(0) };
    assert_eq!(
        h(i64::MIN, i64::MIN),
        ((i64::MIN as i128 * i64::MIN as i128) >> 64) as i64
    );
    assert_eq!(h(-3, 5), -1);
}

#[test]
fn mov_imm_every_strategy() {
    let mut values: Vec<(Width, u64)> = vec![];
    let mut s = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..600 {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        let bm = bitmask_immediates(Width::W64)
            .nth((s % 5334) as usize)
            .unwrap();
        let v = match i % 5 {
            0 => s,
            1 => bm,
            2 => bm & !(0xffff << (16 * (i % 4))) | (s & 0xffff) << (16 * (i % 4)),
            3 => !(s & 0xffff_ffff) << (16 * (i % 3)),
            _ => (s as i16) as i64 as u64,
        };
        if i % 7 == 0 {
            values.push((W32, v & 0xffff_ffff));
        } else {
            values.push((W64, v));
        }
    }
    let mut a = Assembler::new();
    let mut entries = Vec::new();
    for &(w, v) in &values {
        entries.push(a.offset());
        a.mov_imm(w, X0, v);
        a.ret();
    }
    let x = Exec::new(&a.finish().unwrap());
    for (&(w, v), &at) in values.iter().zip(&entries) {
        // SAFETY: each entry is fn() -> u64.
        let f: extern "C" fn() -> u64 = unsafe { x.entry(at) };
        assert_eq!(f(), v & w.mask(), "{v:#x} ({w})");
    }
}

#[test]
fn loads_stores_every_width() {
    // fn(p) where p points at 64 bytes: exercises every load op and addressing form.
    let x = run1(|a| {
        a.mov_rr(W64, X9, X0);
        a.load(LoadOp::Ldrb, X1, Mem::base(X9, 1));
        a.load(LoadOp::LdrsbX, X2, Mem::base(X9, 1));
        a.load(LoadOp::LdrshW, X3, Mem::base(X9, 2));
        a.load(LoadOp::Ldrsw, X4, Mem::base(X9, -4 + 8));
        a.load(LoadOp::LdrX, X5, Mem::base(X9, 3)); // unaligned: ldur
        a.mov_imm(W64, X10, 3);
        a.load(LoadOp::LdrW, X6, Mem::index_scaled(X9, X10)); // [p + 12]
        a.mov_imm(W64, X10, -1i64 as u64);
        a.load(
            LoadOp::Ldrh,
            X7,
            Mem::index_ext(X9, X10, IndexExt::Sxtw, true),
        ); // [p - 2 + ...]
        a.load(LoadOp::LdrX, X8, Mem::post(X0, 16)); // x0 += 16
        // Store results into p[16..]: strb/strh/str w/str x with pre-index.
        a.store(StoreOp::Strb, X1, Mem::base(X0, 0));
        a.store(StoreOp::Strh, X3, Mem::base(X0, 2));
        a.store(StoreOp::StrW, X4, Mem::base(X0, 4));
        a.str(W64, X2, Mem::pre(X0, 8)); // x0 = p + 24
        a.stp(W64, X5, X6, Mem::base(X0, 8)); // p[32..48]
        a.stp(W32, X7, X8, Mem::base(X0, 24)); // p[48..56]
        a.ret();
    });
    let mut buf = [0u8; 72];
    for (i, b) in buf.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(37).wrapping_add(0x80);
    }
    let orig = buf;
    // SAFETY: fn(*mut u8); the buffer has 72 bytes and p - 2 is in bounds after p = buf+8.
    let f: extern "C" fn(*mut u8) = unsafe { x.entry(0) };
    f(buf.as_mut_ptr().wrapping_add(8));
    let p = &orig[8..];
    let rd = |o: usize, n: usize| {
        let mut v = [0u8; 8];
        v[..n].copy_from_slice(&orig[8 + o..8 + o + n]);
        u64::from_le_bytes(v)
    };
    let out = &buf[8..];
    let q = |o: usize, n: usize| {
        let mut v = [0u8; 8];
        v[..n].copy_from_slice(&out[o..o + n]);
        u64::from_le_bytes(v)
    };
    assert_eq!(q(16, 1), p[1] as u64);
    assert_eq!(q(18, 2), rd(2, 2));
    assert_eq!(q(20, 4), rd(4, 4));
    assert_eq!(q(24, 8), p[1] as i8 as i64 as u64, "ldrsb x sign-extends");
    assert_eq!(q(32, 8), rd(3, 8));
    assert_eq!(q(40, 8), rd(12, 4));
    assert_eq!(q(48, 4), u16::from_le_bytes([orig[6], orig[7]]) as u64);
    assert_eq!(q(52, 4), rd(0, 4));
}

#[test]
fn far_helpers_and_bitmask_logic() {
    let mut big = vec![0u64; 1 << 17]; // 1 MiB
    big[0x10000] = 0x1122_3344_5566_7788;
    let x = run1(|a| {
        a.load_far(LoadOp::LdrX, X1, X0, 0x80000);
        a.add_const(W64, X1, X1, 0x1234_5678);
        a.store_far(StoreOp::StrX, X1, X0, 0x80008);
        a.add_const(W64, X2, X0, 0xffff8);
        a.str(W64, X1, Mem::base(X2, 0));
        a.logic_const(LogicOp::Eor, W64, X0, X1, 0x00ff_00ff_00ff_00ff);
        a.logic_const(LogicOp::And, W64, X0, X0, 0x1234_5678_9abc_def0);
        a.ret();
    });
    // SAFETY: fn(*mut u64) -> u64 within the 1 MiB buffer.
    let f: extern "C" fn(*mut u64) -> u64 = unsafe { x.entry(0) };
    let r = f(big.as_mut_ptr());
    let sum = 0x1122_3344_5566_7788u64 + 0x1234_5678;
    assert_eq!(big[0x10001], sum);
    assert_eq!(big[(1 << 17) - 1], sum);
    assert_eq!(r, (sum ^ 0x00ff_00ff_00ff_00ff) & 0x1234_5678_9abc_def0);
    // Every fifth bitmask immediate as and/orr/eor/ands on a value.
    let imms: Vec<u64> = bitmask_immediates(W64).step_by(5).collect();
    for op in [LogicOp::And, LogicOp::Orr, LogicOp::Eor, LogicOp::Bic] {
        let mut a = Assembler::new();
        let mut entries = Vec::new();
        for &i in &imms {
            entries.push(a.offset());
            a.logic_imm(op, W64, X0, X0, if op == LogicOp::Bic { !i } else { i });
            a.ret();
        }
        let x = Exec::new(&a.finish().unwrap());
        for (&i, &at) in imms.iter().zip(&entries) {
            // SAFETY: fn(u64) -> u64.
            let f: extern "C" fn(u64) -> u64 = unsafe { x.entry(at) };
            let v = 0x0123_4567_89ab_cdefu64;
            let want = match op {
                LogicOp::And | LogicOp::Bic => v & i,
                LogicOp::Orr => v | i,
                _ => v ^ i,
            };
            assert_eq!(f(v), want, "{op} {i:#x}");
        }
    }
}

#[test]
fn far_branches_literals_and_adr() {
    // Far conditional branches over 1.5 MiB of padding, in both directions.
    let x = run1(|a| {
        let (fwd, back, out) = (a.new_label(), a.new_label(), a.new_label());
        a.mov_imm(W64, X1, 0);
        a.b(fwd);
        a.bind(back);
        a.add_imm(W64, X1, X1, 10);
        a.tb_far(TestBranchOp::Tbz, X0, 0, out);
        a.add_imm(W64, X1, X1, 100);
        a.b(out);
        for _ in 0..(3 << 17) {
            a.brk(1);
        }
        a.bind(fwd);
        a.add_imm(W64, X1, X1, 1);
        a.cmp_imm(W64, X0, 0);
        a.b_cond_far(Cond::Ne, back);
        a.cb_far(CmpBranchOp::Cbz, W64, X0, out);
        a.brk(2);
        a.bind(out);
        a.mov_rr(W64, X0, X1);
        a.ret();
    });
    // SAFETY: fn(i64) -> i64.
    let f: extern "C" fn(i64) -> i64 = unsafe { x.entry(0) };
    assert_eq!(f(0), 1);
    assert_eq!(f(2), 11);
    assert_eq!(f(3), 111);
    // Literal pool loads and adr.
    let x = run1(|a| {
        let (pool, here) = (a.new_label(), a.new_label());
        a.ldr_literal(LiteralOp::LdrX, X1, pool);
        a.ldr_literal(LiteralOp::Ldrsw, X2, pool);
        a.add_rr(W64, X1, X1, X2);
        a.adr(X3, here);
        a.bind(here);
        a.str(W64, X3, Mem::base(X0, 0));
        a.mov_rr(W64, X0, X1);
        a.ret();
        a.align(8);
        a.bind(pool);
        a.data_u64(0xffff_ffff_8000_0000);
    });
    let mut slot = 0u64;
    // SAFETY: fn(*mut u64) -> u64.
    let f: extern "C" fn(*mut u64) -> u64 = unsafe { x.entry(0) };
    assert_eq!(
        f(&mut slot),
        0xffff_ffff_8000_0000u64.wrapping_add(i32::MIN as i64 as u64)
    );
    assert_eq!(slot, x.addr(16));
}

#[test]
fn generated_icache_flush_routine() {
    // fn(start, len): the sequence the arena needs, generated by the assembler itself.
    let flush = run1(|a| {
        let (dloop, iloop) = (a.new_label(), a.new_label());
        a.mrs(X2, SysReg::CtrEl0);
        a.add_rr(W64, X3, X0, X1); // end
        a.ubfx(W64, X4, X2, 16, 4);
        a.mov_imm(W64, X5, 4);
        a.shift_rr(Shift::Lsl, W64, X4, X5, X4); // dline
        a.sub_imm(W64, X6, X4, 1);
        a.logic_rr(LogicOp::Bic, W64, X7, X0, X6);
        a.bind(dloop);
        a.dc_cvau(X7);
        a.add_rr(W64, X7, X7, X4);
        a.cmp_rr(W64, X7, X3);
        a.b_cond(Cond::Lo, dloop);
        a.dsb(Barrier::Ish);
        a.ubfx(W64, X4, X2, 0, 4);
        a.shift_rr(Shift::Lsl, W64, X4, X5, X4); // iline
        a.sub_imm(W64, X6, X4, 1);
        a.logic_rr(LogicOp::Bic, W64, X7, X0, X6);
        a.bind(iloop);
        a.ic_ivau(X7);
        a.add_rr(W64, X7, X7, X4);
        a.cmp_rr(W64, X7, X3);
        a.b_cond(Cond::Lo, iloop);
        a.dsb(Barrier::Ish);
        a.isb();
        a.ret();
    });
    // SAFETY: fn(usize, usize).
    let flush_fn: extern "C" fn(usize, usize) = unsafe { flush.entry(0) };
    let x = run1(|a| {
        a.mov_imm(W64, X0, 7);
        a.ret();
    });
    flush_fn(x.addr(0) as usize, 8);
    // SAFETY: fn() -> u64.
    let g: extern "C" fn() -> u64 = unsafe { x.entry(0) };
    assert_eq!(g(), 7);
}

#[test]
fn retarget_installed_branch() {
    // A guard-like `b` that first goes to stub A (returns 1), then is patched to B (2).
    let mut a = Assembler::new();
    let (stub_a, stub_b) = (a.new_label(), a.new_label());
    let site = a.b(stub_a);
    a.bind(stub_a);
    a.mov_imm(W64, X0, 1);
    a.ret();
    a.bind(stub_b);
    a.mov_imm(W64, X0, 2);
    a.ret();
    let code = a.finish().unwrap();
    let target_b = code.label_offset(stub_b).unwrap();
    let x = Exec::new(&code);
    // SAFETY: fn() -> u64.
    let f: extern "C" fn() -> u64 = unsafe { x.entry(0) };
    assert_eq!(f(), 1);
    let at = site.offset();
    let old = x.word(at);
    assert_eq!(site.kind().target(old, x.addr(at)), Some(x.addr(4)));
    let new = site
        .kind()
        .retarget(old, x.addr(at), x.addr(target_b))
        .unwrap();
    x.patch(at, new);
    assert_eq!(f(), 2);
}
