//! System V calls from generated code into real Rust `extern "C"` functions: more than six
//! integer and more than eight float arguments (stack arguments), mixed orders, arguments
//! forwarded from the generated function's own incoming arguments (register cycles and
//! stack-to-stack moves), a variadic C function, stack alignment at every call, and the
//! error cases of the ABI helpers.

use quickcheck::QuickCheck;
use tern_jit_backend_x86::abi::*;
use tern_jit_backend_x86::asm::Gpr::*;
use tern_jit_backend_x86::asm::Width::*;
use tern_jit_backend_x86::asm::Xmm::*;
use tern_jit_backend_x86::asm::*;
use tern_jit_backend_x86::mem::{CodeBlock, ExecArena};

/// Weighted so that any swapped, dropped or misplaced argument changes the result.
#[allow(clippy::too_many_arguments)]
extern "C" fn mixed(
    i0: i64,
    f0: f64,
    i1: i64,
    i2: i64,
    f1: f64,
    f2: f64,
    i3: i64,
    i4: i64,
    f3: f64,
    i5: i64,
    f4: f64,
    f5: f64,
    f6: f64,
    i6: i64,
    f7: f64,
    f8: f64,
    i7: i64,
    f9: f64,
    i8: i64,
    f10: f64,
) -> f64 {
    let ints = [i0, i1, i2, i3, i4, i5, i6, i7, i8];
    let floats = [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10];
    let mut acc = 0.0;
    for (k, v) in ints.iter().enumerate() {
        acc = acc * 3.0 + (*v as f64) * (k as f64 + 1.0);
    }
    for (k, v) in floats.iter().enumerate() {
        acc = acc * 1.5 + v * (k as f64 + 2.0);
    }
    acc
}

/// The kinds of `mixed`'s parameters, in order.
const MIXED_KINDS: [ArgKind; 20] = {
    use ArgKind::{Float as F, Int as I};
    [I, F, I, I, F, F, I, I, F, I, F, F, F, I, F, F, I, F, I, F]
};

fn rust_mixed(ints: &[i64; 9], floats: &[f64; 11]) -> f64 {
    mixed(
        ints[0], floats[0], ints[1], ints[2], floats[1], floats[2], ints[3], ints[4], floats[3],
        ints[5], floats[4], floats[5], floats[6], ints[6], floats[7], floats[8], ints[7],
        floats[9], ints[8], floats[10],
    )
}

fn install(code: Code) -> (ExecArena, CodeBlock) {
    let mut arena = ExecArena::new().unwrap();
    let block = arena.install(&code).unwrap();
    (arena, block)
}

#[test]
fn many_mixed_arguments_from_constants_and_registers() {
    let ints = [1i64, -2, 3, i64::MAX, -5, 6, 70, -80, 900];
    let floats: [f64; 11] = [
        0.5, -1.25, 2.0, 1e10, -0.0, 3.75, 1e-3, 8.0, -9.5, 10.25, 0.125,
    ];
    let frame = Frame::new(GprSet::of(&[Rbx, R12]), 2).unwrap();
    let mut a = Assembler::new();
    frame.emit_prologue(&mut a);
    // Some sources in registers that are themselves argument registers (needs ordering),
    // some in spill slots, the rest constants.
    a.mov_ri(W64, Rbx, ints[0]);
    a.mov_ri(W64, Rdi, ints[1]);
    a.mov_ri(W64, R12, floats[0].to_bits() as i64);
    a.movq_xr(Xmm0, R12);
    a.mov_ri(W64, Rax, floats[1].to_bits() as i64);
    a.mov_mr(W64, frame.slot(0).unwrap(), Rax);
    a.mov_ri(W64, Rax, ints[8]);
    a.mov_mr(W64, frame.slot(1).unwrap(), Rax);
    let (mut ii, mut fi) = (0, 0);
    let args: Vec<(MoveSrc, ArgKind)> = MIXED_KINDS
        .iter()
        .map(|&k| {
            let src = match k {
                ArgKind::Int => {
                    ii += 1;
                    match ii - 1 {
                        0 => MoveSrc::Loc(Loc::Gpr(Rbx)),
                        1 => MoveSrc::Loc(Loc::Gpr(Rdi)),
                        8 => MoveSrc::Loc(Loc::Mem(frame.slot(1).unwrap())),
                        n => MoveSrc::Imm(ints[n]),
                    }
                }
                ArgKind::Float => {
                    fi += 1;
                    match fi - 1 {
                        0 => MoveSrc::Loc(Loc::Xmm(Xmm0)),
                        1 => MoveSrc::Loc(Loc::Mem(frame.slot(0).unwrap())),
                        n => MoveSrc::Imm(floats[n].to_bits() as i64),
                    }
                }
            };
            (src, k)
        })
        .collect();
    let lay = emit_call(
        &mut a,
        CallTarget::Far(mixed as *const () as u64),
        &args,
        false,
        Scratch::default(),
    )
    .unwrap();
    assert_eq!(
        lay.stack_bytes, 48,
        "3 ints and 3 floats overflow to the stack, padded"
    );
    frame.emit_epilogue(&mut a);
    let (arena, block) = install(a.finish().unwrap());
    // SAFETY: the code implements `extern "C" fn() -> f64`; arena outlives the call.
    let f: extern "C" fn() -> f64 = unsafe { arena.entry(&block) }.unwrap();
    assert_eq!(f().to_bits(), rust_mixed(&ints, &floats).to_bits());
}

type MixedFn = extern "C" fn(
    i64,
    f64,
    i64,
    i64,
    f64,
    f64,
    i64,
    i64,
    f64,
    i64,
    f64,
    f64,
    f64,
    i64,
    f64,
    f64,
    i64,
    f64,
    i64,
    f64,
) -> f64;

/// Generates a function with `mixed`'s signature that calls `mixed` with its integer
/// arguments rotated by `ri` and its float arguments rotated by `rf`: register cycles,
/// register <-> stack and stack -> stack moves.
fn forwarder(ri: usize, rf: usize) -> (ExecArena, CodeBlock) {
    let frame = Frame::new(GprSet::EMPTY, 0).unwrap();
    let lay = layout(&MIXED_KINDS);
    let ints: Vec<ArgLoc> = MIXED_KINDS
        .iter()
        .zip(&lay.args)
        .filter(|(k, _)| **k == ArgKind::Int)
        .map(|(_, l)| *l)
        .collect();
    let floats: Vec<ArgLoc> = MIXED_KINDS
        .iter()
        .zip(&lay.args)
        .filter(|(k, _)| **k == ArgKind::Float)
        .map(|(_, l)| *l)
        .collect();
    let as_src = |l: ArgLoc| match l {
        ArgLoc::Gpr(r) => MoveSrc::Loc(Loc::Gpr(r)),
        ArgLoc::Xmm(x) => MoveSrc::Loc(Loc::Xmm(x)),
        stack => MoveSrc::Loc(Loc::Mem(frame.incoming_arg(stack).unwrap())),
    };
    let (mut ii, mut fi) = (0, 0);
    let args: Vec<(MoveSrc, ArgKind)> = MIXED_KINDS
        .iter()
        .map(|&k| match k {
            ArgKind::Int => {
                ii += 1;
                (as_src(ints[(ii - 1 + ri) % ints.len()]), k)
            }
            ArgKind::Float => {
                fi += 1;
                (as_src(floats[(fi - 1 + rf) % floats.len()]), k)
            }
        })
        .collect();
    let mut a = Assembler::new();
    frame.emit_prologue(&mut a);
    emit_call(
        &mut a,
        CallTarget::Far(mixed as *const () as u64),
        &args,
        false,
        Scratch::default(),
    )
    .unwrap();
    frame.emit_epilogue(&mut a);
    install(a.finish().unwrap())
}

static INTS: [i64; 9] = [11, -22, 33, -44, 55, -66, 77, -88, 99];
static FLOATS: [f64; 11] = [
    0.5, 1.5, -2.5, 3.5, -4.5, 5.5, 6.25, -7.75, 8.0, 9.125, -10.0,
];

fn prop_forward(ri: u8, rf: u8) -> bool {
    let (ri, rf) = (ri as usize % 9, rf as usize % 11);
    let (arena, block) = forwarder(ri, rf);
    // SAFETY: the forwarder implements `MixedFn`; the arena outlives the call.
    let f: MixedFn = unsafe { arena.entry(&block) }.unwrap();
    let (i, x) = (&INTS, &FLOATS);
    let got = f(
        i[0], x[0], i[1], i[2], x[1], x[2], i[3], i[4], x[3], i[5], x[4], x[5], x[6], i[6], x[7],
        x[8], i[7], x[9], i[8], x[10],
    );
    let ints: [i64; 9] = std::array::from_fn(|k| INTS[(k + ri) % 9]);
    let floats: [f64; 11] = std::array::from_fn(|k| FLOATS[(k + rf) % 11]);
    got.to_bits() == rust_mixed(&ints, &floats).to_bits()
}

#[test]
fn forwarding_incoming_arguments_with_rotations() {
    for (ri, rf) in [(0, 0), (1, 0), (0, 1), (8, 10), (3, 7)] {
        assert!(prop_forward(ri, rf), "rotation ({ri}, {rf})");
    }
    QuickCheck::new()
        .tests(60)
        .quickcheck(prop_forward as fn(u8, u8) -> bool);
}

/// Returns RSP as it was at its entry.
#[unsafe(naked)]
extern "C" fn rsp_at_entry(
    _: i64,
    _: i64,
    _: i64,
    _: i64,
    _: i64,
    _: i64,
    _: i64,
    _: i64,
    _: i64,
) -> u64 {
    core::arch::naked_asm!("mov rax, rsp", "ret")
}

#[test]
fn stack_is_aligned_at_every_call() {
    for saved in 0..=4usize {
        for slots in 0..=3u32 {
            for nargs in [0usize, 6, 7, 8, 9] {
                let regs: GprSet = [Rbx, R12, R13, R14].into_iter().take(saved).collect();
                let frame = Frame::new(regs, slots).unwrap();
                let mut a = Assembler::new();
                frame.emit_prologue(&mut a);
                let args: Vec<_> = (0..nargs)
                    .map(|k| (MoveSrc::Imm(k as i64), ArgKind::Int))
                    .collect();
                emit_call(
                    &mut a,
                    CallTarget::Far(rsp_at_entry as *const () as u64),
                    &args,
                    false,
                    Scratch::default(),
                )
                .unwrap();
                frame.emit_epilogue(&mut a);
                let (arena, block) = install(a.finish().unwrap());
                // SAFETY: the code implements `extern "C" fn() -> u64`.
                let f: extern "C" fn() -> u64 = unsafe { arena.entry(&block) }.unwrap();
                assert_eq!(f() % 16, 8, "saved={saved} slots={slots} args={nargs}");
            }
        }
    }
}

#[test]
fn frame_preserves_callee_saved_registers() {
    let callee_saved = [Rbx, R12, R13, R14, R15];
    // Callee: clobbers every callee-saved register it declares, uses its spill slots.
    let frame = Frame::new(GprSet::of(&callee_saved), 3).unwrap();
    let mut a = Assembler::new();
    frame.emit_prologue(&mut a);
    for r in callee_saved {
        a.mov_ri(W64, r, -1);
    }
    for i in 0..3 {
        a.mov_mr(W64, frame.slot(i).unwrap(), Rdi);
    }
    a.mov_rm(W64, Rax, frame.slot(2).unwrap());
    a.alu_rm(AluOp::Add, W64, Rax, frame.slot(0).unwrap());
    frame.emit_epilogue(&mut a);
    let mut arena = ExecArena::new().unwrap();
    let callee = arena.install(&a.finish().unwrap()).unwrap();

    // Caller: puts known values in the callee-saved registers, calls, and checks them.
    let outer = Frame::new(GprSet::of(&callee_saved), 0).unwrap();
    let mut a = Assembler::new();
    let bad = a.new_label();
    outer.emit_prologue(&mut a);
    for (k, &r) in callee_saved.iter().enumerate() {
        a.mov_ri(W64, r, 1000 + k as i64);
    }
    a.call_addr(callee.addr());
    for (k, &r) in callee_saved.iter().enumerate() {
        a.alu_ri(AluOp::Cmp, W64, r, 1000 + k as i32);
        a.jcc(Cond::Ne, bad);
    }
    outer.emit_epilogue(&mut a);
    a.bind(bad);
    a.mov_ri(W64, Rax, -1);
    outer.emit_epilogue(&mut a);
    let caller = arena.install(&a.finish().unwrap()).unwrap();
    // SAFETY: the caller implements `extern "C" fn(i64) -> i64`; the arena outlives it.
    let f: extern "C" fn(i64) -> i64 = unsafe { arena.entry(&caller) }.unwrap();
    for k in [0i64, 5, -7] {
        assert_eq!(f(k), 2 * k);
    }
    assert_eq!(frame.slot(3), None);
    assert_eq!(frame.incoming_arg(ArgLoc::Gpr(Rdi)), None);
}

extern "C" fn add3(a: i64, b: i64, c: i64) -> i64 {
    a * 100 + b * 10 + c
}

#[test]
fn every_kind_of_call_target() {
    let mut arena = ExecArena::new().unwrap();
    // A callee inside the arena, reachable with rel32.
    let mut a = Assembler::new();
    a.lea(W64, Rax, Mem::sib(Rdi, Rsi, Scale::S2, 0));
    a.alu_rr(AluOp::Add, W64, Rax, Rdx);
    a.ret();
    let near = arena.install(&a.finish().unwrap()).unwrap();

    let frame = Frame::new(GprSet::of(&[Rbx]), 2).unwrap();
    let s = Scratch::default();
    let args = |x: i64| {
        [
            (MoveSrc::Imm(x), ArgKind::Int),
            (MoveSrc::Imm(2), ArgKind::Int),
            (MoveSrc::Imm(3), ArgKind::Int),
        ]
    };
    let mut a = Assembler::new();
    let local = a.new_label();
    frame.emit_prologue(&mut a);
    // The accumulator lives at [rsp]; two pushes keep rsp 16-byte aligned.
    a.push_i(0);
    a.push_i(0);
    let accumulate = |a: &mut Assembler| {
        a.mov_rm(W64, Rcx, Mem::base(Rsp, 0));
        a.imul_rri(W64, Rcx, Rcx, 1000);
        a.alu_rr(AluOp::Add, W64, Rcx, Rax);
        a.mov_mr(W64, Mem::base(Rsp, 0), Rcx);
    };
    emit_call(&mut a, CallTarget::Near(near.addr()), &args(1), false, s).unwrap();
    accumulate(&mut a);
    emit_call(&mut a, CallTarget::Label(local), &args(2), false, s).unwrap();
    accumulate(&mut a);
    a.mov_ri(W64, Rbx, add3 as *const () as i64);
    emit_call(&mut a, CallTarget::Reg(Rbx), &args(3), false, s).unwrap();
    accumulate(&mut a);
    a.mov_mr(W64, frame.slot(0).unwrap(), Rbx);
    emit_call(
        &mut a,
        CallTarget::Mem(frame.slot(0).unwrap()),
        &args(4),
        false,
        s,
    )
    .unwrap();
    accumulate(&mut a);
    a.pop_r(Rax);
    a.pop_r(Rcx);
    frame.emit_epilogue(&mut a);
    a.bind(local); // a local function: rdi - rsi - rdx
    a.mov_rr(W64, Rax, Rdi);
    a.alu_rr(AluOp::Sub, W64, Rax, Rsi);
    a.alu_rr(AluOp::Sub, W64, Rax, Rdx);
    a.ret();
    let block = arena.install(&a.finish().unwrap()).unwrap();
    // SAFETY: the code implements `extern "C" fn() -> i64` and preserves the callee-saved
    // registers (rbx through the frame).
    let f: extern "C" fn() -> i64 = unsafe { arena.entry(&block) }.unwrap();
    // near: 1 + 2*2 + 3 = 8; label: 2 - 2 - 3 = -3; reg and mem: add3 = 123 and 423.
    assert_eq!(f(), ((8 * 1000 - 3) * 1000 + 323) * 1000 + 423);
}

unsafe extern "C" {
    fn snprintf(buf: *mut u8, n: usize, fmt: *const u8, ...) -> i32;
}

#[test]
fn variadic_call_sets_al() {
    let mut buf = [0u8; 64];
    let fmt = b"%d|%.2f|%ld|%.1f\0";
    let frame = Frame::new(GprSet::EMPTY, 0).unwrap();
    let mut a = Assembler::new();
    frame.emit_prologue(&mut a);
    let args = [
        (MoveSrc::Imm(buf.as_mut_ptr() as i64), ArgKind::Int),
        (MoveSrc::Imm(buf.len() as i64), ArgKind::Int),
        (MoveSrc::Imm(fmt.as_ptr() as i64), ArgKind::Int),
        (MoveSrc::Imm(-42), ArgKind::Int),
        (MoveSrc::Imm(12.3456f64.to_bits() as i64), ArgKind::Float),
        (MoveSrc::Imm(1 << 40), ArgKind::Int),
        (MoveSrc::Imm((-0.25f64).to_bits() as i64), ArgKind::Float),
    ];
    emit_call(
        &mut a,
        CallTarget::Far(snprintf as *const () as u64),
        &args,
        true,
        Scratch::default(),
    )
    .unwrap();
    frame.emit_epilogue(&mut a);
    let (arena, block) = install(a.finish().unwrap());
    // SAFETY: the code implements `extern "C" fn() -> i32` and writes only into `buf`,
    // which outlives the call.
    let f: extern "C" fn() -> i32 = unsafe { arena.entry(&block) }.unwrap();
    let n = f();
    let s = std::str::from_utf8(&buf[..n as usize]).unwrap();
    assert_eq!(s, "-42|12.35|1099511627776|-0.2");
}

#[test]
fn abi_helper_errors() {
    let s = Scratch::default();
    let mut a = Assembler::new();
    let dup = [
        (MoveSrc::Imm(1), Loc::Gpr(Rax)),
        (MoveSrc::Imm(2), Loc::Gpr(Rax)),
    ];
    assert_eq!(
        emit_parallel_moves(&mut a, &dup, s),
        Err(AbiError::DuplicateDestination(Loc::Gpr(Rax)))
    );
    let scratch = [(MoveSrc::Loc(Loc::Gpr(R11)), Loc::Gpr(Rax))];
    assert_eq!(
        emit_parallel_moves(&mut a, &scratch, s),
        Err(AbiError::ScratchUsed(Loc::Gpr(R11)))
    );
    let scratch = [(MoveSrc::Imm(0), Loc::Xmm(Xmm15))];
    assert_eq!(
        emit_parallel_moves(&mut a, &scratch, s),
        Err(AbiError::ScratchUsed(Loc::Xmm(Xmm15)))
    );
    let rsp = [(MoveSrc::Imm(0), Loc::Gpr(Rsp))];
    assert_eq!(
        emit_parallel_moves(&mut a, &rsp, s),
        Err(AbiError::RspDestination)
    );
    let addr = [
        (MoveSrc::Loc(Loc::Mem(Mem::base(Rdi, 8))), Loc::Gpr(Rax)),
        (MoveSrc::Imm(0), Loc::Gpr(Rdi)),
    ];
    assert_eq!(
        emit_parallel_moves(&mut a, &addr, s),
        Err(AbiError::AddressRegisterWritten(Rdi))
    );
    let overlap = [
        (MoveSrc::Loc(Loc::Mem(Mem::base(Rsp, 8))), Loc::Gpr(Rax)),
        (MoveSrc::Imm(0), Loc::Mem(Mem::base(Rsp, 12))),
    ];
    assert!(matches!(
        emit_parallel_moves(&mut a, &overlap, s),
        Err(AbiError::OverlappingMemory(..))
    ));
    assert_eq!(a.offset(), 0, "nothing emitted for invalid moves");

    let args = [(MoveSrc::Imm(1), ArgKind::Int)];
    let e = emit_call(&mut a, CallTarget::Reg(Rdi), &args, false, s).unwrap_err();
    assert_eq!(e, AbiError::TargetClobbered(Rdi));
    let e = emit_call(&mut a, CallTarget::Reg(Rax), &args, true, s).unwrap_err();
    assert_eq!(e, AbiError::TargetClobbered(Rax), "variadic calls set al");
    let e = emit_call(&mut a, CallTarget::Mem(Mem::base(Rdi, 0)), &args, false, s).unwrap_err();
    assert_eq!(e, AbiError::TargetClobbered(Rdi));
    assert_eq!(a.offset(), 0, "nothing emitted for invalid calls");
    assert_eq!(
        Frame::new(GprSet::of(&[Rbp]), 0),
        Err(AbiError::FrameRegister(Rbp))
    );
    assert!(e.to_string().contains("overwritten"), "{e}");
}
