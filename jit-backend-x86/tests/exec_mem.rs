//! The code arena: W^X as seen by the kernel (/proc/self/maps), installing, running,
//! freeing and reusing code, page accounting, patching branches of running code (bridges
//! and invalidation), and every error path. Ends with a model-based property test of random
//! install/free/patch sequences.

use quickcheck::{QuickCheck, TestResult};
use tern_jit_backend_x86::asm::Gpr::*;
use tern_jit_backend_x86::asm::Width::*;
use tern_jit_backend_x86::asm::*;
use tern_jit_backend_x86::mem::*;

/// `fn() -> value`, padded with NOPs to `len` bytes.
fn returns(value: i64, len: usize) -> Code {
    let mut a = Assembler::new();
    a.mov_ri(W64, Rax, value);
    a.ret();
    let pad = len.saturating_sub(a.offset());
    a.nop_n(pad);
    a.finish().unwrap()
}

fn call0(arena: &ExecArena, block: &CodeBlock) -> i64 {
    // SAFETY: every block of these tests implements `extern "C" fn() -> i64`.
    let f: extern "C" fn() -> i64 = unsafe { arena.entry(block) }.unwrap();
    f()
}

/// The permissions (`r-xp`, ...) of every /proc/self/maps line overlapping `[lo, hi)`.
fn perms_in(lo: u64, hi: u64) -> Vec<String> {
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    maps.lines()
        .filter_map(|line| {
            let (range, rest) = line.split_once(' ')?;
            let (a, b) = range.split_once('-')?;
            let (a, b) = (
                u64::from_str_radix(a, 16).ok()?,
                u64::from_str_radix(b, 16).ok()?,
            );
            (a < hi && b > lo).then(|| rest.split(' ').next().unwrap().to_string())
        })
        .collect()
}

#[test]
fn pages_are_never_writable_and_executable() {
    let mut arena = ExecArena::with_config(ArenaConfig {
        reserve_bytes: 1 << 20,
    })
    .unwrap();
    let lo = arena.base_addr();
    let hi = lo + (1 << 20);
    assert!(
        perms_in(lo, hi).iter().all(|p| p == "---p"),
        "{:?}",
        perms_in(lo, hi)
    );
    let blocks: Vec<CodeBlock> = (0..20)
        .map(|i| arena.install(&returns(i, 700)).unwrap())
        .collect();
    let perms = perms_in(lo, hi);
    assert!(perms.contains(&"r-xp".to_string()), "{perms:?}");
    assert!(
        perms.iter().all(|p| p == "r-xp" || p == "---p"),
        "{perms:?}"
    );
    let code_pages = perms_in(blocks[0].addr(), blocks[19].addr() + 700);
    assert!(code_pages.iter().all(|p| p == "r-xp"), "{code_pages:?}");
    for (i, b) in blocks.iter().enumerate() {
        assert_eq!(call0(&arena, b), i as i64);
    }
    for b in blocks {
        arena.free(b).unwrap();
    }
    assert!(
        perms_in(lo, hi).iter().all(|p| p == "---p"),
        "freed pages are inaccessible again"
    );
    assert_eq!(arena.stats().committed_bytes, 0);
}

#[test]
fn free_fills_with_int3_and_space_is_reused() {
    let mut arena = ExecArena::new().unwrap();
    let a = arena.install(&returns(1, 100)).unwrap();
    let b = arena.install(&returns(2, 100)).unwrap();
    let c = arena.install(&returns(3, 100)).unwrap();
    assert_eq!(a.addr() % 16, 0);
    assert!(b.addr() >= a.addr() + 100 && c.addr() >= b.addr() + 100);
    let b_addr = b.addr();
    let stats = arena.stats();
    assert_eq!((stats.live_blocks, stats.live_bytes), (3, 300));
    assert_eq!(stats.committed_bytes, arena.page_size());

    arena.free(b).unwrap();
    assert_eq!(
        arena.read(b_addr, 100).unwrap(),
        &[0xCC; 100][..],
        "freed code becomes int3"
    );
    assert_eq!(arena.stats().live_blocks, 2);
    // A block that fits goes into the hole (first fit), and runs.
    let d = arena.install(&returns(4, 90)).unwrap();
    assert_eq!(d.addr(), b_addr);
    assert_eq!(call0(&arena, &d), 4);
    assert_eq!(call0(&arena, &a), 1);
    assert_eq!(call0(&arena, &c), 3);
    // Unused bytes after a block's end read as int3 as well.
    assert_eq!(arena.read(d.addr() + 90, 10).unwrap(), &[0xCC; 10][..]);
    assert_eq!(arena.code_bytes(&d).unwrap().len(), 90);
}

#[test]
fn whole_pages_are_returned_and_recommitted() {
    let mut arena = ExecArena::new().unwrap();
    let page = arena.page_size();
    let big = arena.install(&returns(9, 3 * page + 10)).unwrap();
    assert_eq!(arena.stats().committed_bytes, 4 * page);
    let small = arena.install(&returns(8, 32)).unwrap();
    assert_eq!(
        arena.stats().committed_bytes,
        4 * page,
        "shares the last page"
    );
    let big_addr = big.addr();
    arena.free(big).unwrap();
    assert_eq!(
        arena.stats().committed_bytes,
        page,
        "only the shared page stays"
    );
    assert_eq!(
        arena.read(big_addr, 16),
        None,
        "decommitted pages are not readable"
    );
    assert_eq!(call0(&arena, &small), 8);
    let again = arena.install(&returns(7, 2 * page)).unwrap();
    assert_eq!(again.addr(), big_addr);
    assert_eq!(call0(&arena, &again), 7);
}

#[test]
fn alignment_requests_are_honoured() {
    let mut arena = ExecArena::new().unwrap();
    let _pad = arena.install(&returns(0, 20)).unwrap();
    let mut a = Assembler::new();
    a.nop();
    a.align(256);
    let entry = a.new_label();
    a.bind(entry);
    a.mov_ri(W64, Rax, 5);
    a.ret();
    let code = a.finish().unwrap();
    let block = arena.install(&code).unwrap();
    assert_eq!(block.addr() % 256, 0);
    assert_eq!(
        block.addr_of(code.label_offset(entry).unwrap()).unwrap() % 256,
        0
    );
    assert_eq!(block.addr_of(code.len() + 1), None);
}

/// A "loop" whose guard jumps to an exit stub returning -1 until a bridge is attached.
fn guarded(threshold: i32) -> (Code, PatchSite) {
    let (code, site, _) = guarded_with_exit(threshold);
    (code, site)
}

fn guarded_with_exit(threshold: i32) -> (Code, PatchSite, Label) {
    let mut a = Assembler::new();
    let exit = a.new_label();
    a.alu_ri(AluOp::Cmp, W64, Rdi, threshold);
    let site = a.jcc_near(Cond::Ge, exit);
    a.mov_rr(W64, Rax, Rdi);
    a.ret();
    a.bind(exit);
    a.mov_ri(W64, Rax, -1);
    a.ret();
    (a.finish().unwrap(), site, exit)
}

#[test]
fn attach_bridge_and_invalidate_by_patching() {
    let mut arena = ExecArena::new().unwrap();
    let (code, guard, exit) = guarded_with_exit(10);
    let main = arena.install(&code).unwrap();
    // SAFETY: `guarded` code implements `extern "C" fn(i64) -> i64`.
    let f: extern "C" fn(i64) -> i64 = unsafe { arena.entry(&main) }.unwrap();
    assert_eq!((f(3), f(12)), (3, -1));
    let stub = arena.branch_target(&main, guard).unwrap();
    assert_eq!(
        stub,
        main.addr_of(code.label_offset(exit).unwrap()).unwrap()
    );

    // Bridge: rdi * 100, then jumps back into the main block's exit stub for rdi >= 1000.
    let mut b = Assembler::new();
    b.alu_ri(AluOp::Cmp, W64, Rdi, 1000);
    b.jcc_addr(Cond::Ge, stub);
    b.imul_rri(W64, Rax, Rdi, 100);
    b.ret();
    let bridge = arena.install(&b.finish().unwrap()).unwrap();
    arena.patch_rel32(&main, guard, bridge.addr()).unwrap();
    assert_eq!(arena.branch_target(&main, guard).unwrap(), bridge.addr());
    assert_eq!((f(3), f(12), f(5000)), (3, 1200, -1));

    // Detach again, then invalidate the entry by overwriting it with a jump.
    arena.patch_rel32(&main, guard, stub).unwrap();
    assert_eq!(f(12), -1);
    let bail = arena.install(&returns(-99, 8)).unwrap();
    let entry_jump = arena.write_jmp(&main, 0, bail.addr()).unwrap();
    assert_eq!(f(3), -99);
    assert_eq!(arena.branch_target(&main, entry_jump).unwrap(), bail.addr());
    arena.free(bridge).unwrap();
    assert_eq!(f(12), -99);
}

#[test]
fn patch_errors_are_reported_without_writing() {
    let mut arena = ExecArena::new().unwrap();
    let (code, guard) = guarded(10);
    let main = arena.install(&code).unwrap();
    let before = arena.code_bytes(&main).unwrap().to_vec();

    let wrong_kind = PatchSite::new(guard.offset(), PatchKind::Jmp);
    let e = arena
        .patch_rel32(&main, wrong_kind, main.addr())
        .unwrap_err();
    assert!(
        matches!(
            e,
            ExecError::NotABranch {
                kind: PatchKind::Jmp,
                ..
            }
        ),
        "{e}"
    );
    let e = arena
        .patch_rel32(&main, PatchSite::new(1, PatchKind::Call), main.addr())
        .unwrap_err();
    assert!(matches!(e, ExecError::NotABranch { .. }), "{e}");
    let e = arena
        .patch_rel32(&main, PatchSite::new(code.len() - 2, PatchKind::Jmp), 0)
        .unwrap_err();
    assert!(matches!(e, ExecError::PatchOutOfBounds { .. }), "{e}");
    let e = arena
        .patch_rel32(&main, PatchSite::new(0, PatchKind::Jmp), 0)
        .unwrap_err();
    assert!(matches!(e, ExecError::PatchOutOfBounds { .. }), "{e}");
    let far = main.addr() + (3u64 << 31);
    let e = arena.patch_rel32(&main, guard, far).unwrap_err();
    assert!(matches!(e, ExecError::TargetOutOfRange { .. }), "{e}");
    assert!(e.to_string().contains("cannot reach"), "{e}");
    let e = arena
        .write_jmp(&main, code.len() - 4, main.addr())
        .unwrap_err();
    assert!(
        matches!(e, ExecError::PatchOutOfBounds { len: 5, .. }),
        "{e}"
    );

    let mut other = ExecArena::new().unwrap();
    let e = other.patch_rel32(&main, guard, 0).unwrap_err();
    assert!(matches!(e, ExecError::ForeignBlock), "{e}");
    assert!(matches!(
        other.code_bytes(&main),
        Err(ExecError::ForeignBlock)
    ));
    assert_eq!(
        arena.code_bytes(&main).unwrap(),
        &before[..],
        "nothing was written"
    );
}

#[test]
fn install_errors() {
    let mut arena = ExecArena::with_config(ArenaConfig {
        reserve_bytes: 4096,
    })
    .unwrap();
    assert!(matches!(
        arena.install(&Assembler::new().finish().unwrap()),
        Err(ExecError::EmptyCode)
    ));
    let e = arena.install(&returns(1, 5000)).unwrap_err();
    assert!(matches!(e, ExecError::OutOfSpace { .. }), "{e}");
    assert!(e.to_string().contains("code arena full"), "{e}");
    let a = arena.install(&returns(1, 4000)).unwrap();
    assert!(matches!(
        arena.install(&returns(2, 200)),
        Err(ExecError::OutOfSpace { .. })
    ));
    arena.free(a).unwrap();
    arena.install(&returns(2, 200)).unwrap();

    // A rel32 call to an address 8 GiB away cannot be placed; nothing is allocated.
    let mut arena = ExecArena::new().unwrap();
    let mut a = Assembler::new();
    a.call_addr(arena.base_addr().wrapping_add(8 << 30));
    a.ret();
    let e = arena.install(&a.finish().unwrap()).unwrap_err();
    assert!(matches!(e, ExecError::Reloc(_)), "{e}");
    assert_eq!(arena.stats().live_blocks, 0);
    assert_eq!(arena.stats().committed_bytes, 0);

    for bad in [0, MAX_RESERVE + 1] {
        let e = ExecArena::with_config(ArenaConfig { reserve_bytes: bad }).unwrap_err();
        assert!(matches!(e, ExecError::BadConfig(_)), "{e}");
    }
}

#[test]
fn blocks_reach_each_other_with_rel32() {
    let mut arena = ExecArena::with_config(ArenaConfig {
        reserve_bytes: 64 << 20,
    })
    .unwrap();
    let callee = arena.install(&returns(41, 16)).unwrap();
    let _gap = arena.install(&returns(0, 40 << 20)).unwrap();
    let mut a = Assembler::new();
    a.push_r(Rbx);
    a.call_addr(callee.addr());
    a.alu_ri(AluOp::Add, W64, Rax, 1);
    a.pop_r(Rbx);
    a.ret();
    let caller = arena.install(&a.finish().unwrap()).unwrap();
    assert!(caller.addr() - callee.addr() > 40 << 20);
    assert_eq!(call0(&arena, &caller), 42);
}

/// Random install/free/patch sequences against a model of live blocks: every live block
/// still returns its own value, the stats match, and blocks never overlap.
fn prop_arena(ops: Vec<(u8, u16)>) -> TestResult {
    struct Live {
        block: CodeBlock,
        id: i64,
        site: PatchSite,
        /// The block whose body the entry jump currently goes to (itself when unpatched).
        runs: i64,
    }
    let mut arena = ExecArena::with_config(ArenaConfig {
        reserve_bytes: 256 << 10,
    })
    .unwrap();
    let page = arena.page_size() as u64;
    let mut live: Vec<Live> = Vec::new();
    let mut next = 0i64;
    for (op, x) in ops {
        match op % 4 {
            0 | 1 => {
                // A block: `jmp_near L; L: mov rax, id; ret`, padded to a random size.
                next += 1;
                let mut a = Assembler::new();
                let l = a.new_label();
                let site = a.jmp_near(l);
                a.bind(l);
                a.mov_ri(W64, Rax, next);
                a.ret();
                a.nop_n(x as usize % 9000);
                match arena.install(&a.finish().unwrap()) {
                    Ok(block) => live.push(Live {
                        block,
                        id: next,
                        site,
                        runs: next,
                    }),
                    Err(ExecError::OutOfSpace { .. }) => {}
                    Err(e) => return TestResult::error(e.to_string()),
                }
            }
            2 if !live.is_empty() => {
                let gone = live.swap_remove(x as usize % live.len());
                // Blocks redirected into the freed one are pointed back at their own body
                // first, as a code generator must do before freeing a bridge target.
                for l in live.iter_mut().filter(|l| l.runs == gone.id) {
                    let own = l.block.addr() + 5;
                    if let Err(e) = arena.patch_rel32(&l.block, l.site, own) {
                        return TestResult::error(e.to_string());
                    }
                    l.runs = l.id;
                }
                if let Err(e) = arena.free(gone.block) {
                    return TestResult::error(e.to_string());
                }
            }
            _ if !live.is_empty() => {
                // Redirect one block's entry jump into another block's body (offset 5).
                let i = x as usize % live.len();
                let j = (x as usize / 7) % live.len();
                let target = live[j].block.addr() + 5;
                if let Err(e) = arena.patch_rel32(&live[i].block, live[i].site, target) {
                    return TestResult::error(e.to_string());
                }
                live[i].runs = live[j].id;
            }
            _ => {}
        }
        for l in &live {
            if call0(&arena, &l.block) != l.runs {
                return TestResult::error(format!("block {} returned the wrong value", l.id));
            }
        }
        let stats = arena.stats();
        let pages: std::collections::BTreeSet<u64> = live
            .iter()
            .flat_map(|l| {
                (l.block.addr() / page)..=((l.block.addr() + l.block.len() as u64 - 1) / page)
            })
            .collect();
        if stats.live_blocks != live.len()
            || stats.live_bytes != live.iter().map(|l| l.block.len()).sum::<usize>()
            || stats.committed_bytes as u64 != pages.len() as u64 * page
        {
            return TestResult::error(format!("stats {stats:?} disagree with the model"));
        }
        let mut spans: Vec<(u64, u64)> = live
            .iter()
            .map(|l| (l.block.addr(), l.block.addr() + l.block.len() as u64))
            .collect();
        spans.sort();
        if spans.windows(2).any(|w| w[0].1 > w[1].0) {
            return TestResult::error("overlapping blocks");
        }
    }
    TestResult::passed()
}

#[test]
fn random_install_free_patch_sequences() {
    let tests = std::env::var("TERN_QC_TESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(150);
    QuickCheck::new()
        .tests(tests)
        .quickcheck(prop_arena as fn(Vec<(u8, u16)>) -> TestResult);
}
