//! The shared code arena (feature `codemem`), tested without executing anything so the
//! tests hold on every architecture: W^X as the kernel sees it (/proc/self/maps), the
//! fill pattern (a 4-byte one, to check it stays aligned), first-fit reuse, page return,
//! alignment, the relocation callback, in-block writes and the architecture hook, every
//! error, and a model-based property test of random install/free/write sequences.
//! Tests that execute installed code live in the backend crates.

use std::cell::RefCell;

use quickcheck::{QuickCheck, TestResult};
use tern_jit_ir::codemem::*;

thread_local! {
    static WRITES: RefCell<Vec<(u64, usize)>> = const { RefCell::new(Vec::new()) };
}

/// A pretend architecture: a 4-byte fill pattern and a hook that records every write.
struct Arch4;

impl CodeArch for Arch4 {
    const FILL: &'static [u8] = &[0xDE, 0xAD, 0xBE, 0xEF];
    const MIN_ALIGN: usize = 16;
    const MAX_RESERVE: usize = 128 << 20;
    fn after_write(addr: u64, len: usize) {
        WRITES.with(|w| w.borrow_mut().push((addr, len)));
    }
}

/// A one-byte fill pattern and no hook (like x86-64).
struct Arch1;

impl CodeArch for Arch1 {
    const FILL: &'static [u8] = &[0xCC];
    const MIN_ALIGN: usize = 16;
    const MAX_RESERVE: usize = 1 << 31;
    fn after_write(_: u64, _: usize) {}
}

/// A bad architecture description: the fill pattern is not a power of two long.
struct BadArch;

impl CodeArch for BadArch {
    const FILL: &'static [u8] = &[1, 2, 3];
    const MIN_ALIGN: usize = 16;
    const MAX_RESERVE: usize = 1 << 20;
    fn after_write(_: u64, _: usize) {}
}

fn take_writes() -> Vec<(u64, usize)> {
    WRITES.with(|w| std::mem::take(&mut *w.borrow_mut()))
}

/// Installs `bytes` without relocation.
fn put<A: CodeArch>(arena: &mut CodeArena<A>, bytes: &[u8]) -> CodeBlock {
    arena
        .install(bytes, 16, |_, _| Ok::<(), String>(()))
        .unwrap_or_else(|e| panic!("install failed: {e}"))
}

/// The expected fill byte at arena offset `off`.
fn fill_at(arena_offset: usize) -> u8 {
    Arch4::FILL[arena_offset % 4]
}

/// The permissions (`r-xp`, ...) of every /proc/self/maps line overlapping `[lo, hi)`.
fn perms_in(lo: u64, hi: u64) -> Vec<String> {
    let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else {
        return Vec::new();
    };
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
#[cfg(target_os = "linux")]
fn pages_are_never_writable_and_executable() {
    let mut arena = CodeArena::<Arch1>::with_config(ArenaConfig {
        reserve_bytes: 1 << 20,
    })
    .unwrap();
    let lo = arena.base_addr();
    let hi = lo + (1 << 20);
    assert!(perms_in(lo, hi).iter().all(|p| p == "---p"));
    let blocks: Vec<CodeBlock> = (0..20u8).map(|i| put(&mut arena, &[i; 700])).collect();
    let perms = perms_in(lo, hi);
    assert!(perms.contains(&"r-xp".to_string()), "{perms:?}");
    assert!(
        perms.iter().all(|p| p == "r-xp" || p == "---p"),
        "{perms:?}"
    );
    arena.write_in_block(&blocks[3], 10, &[9, 9, 9]).unwrap();
    let perms = perms_in(lo, hi);
    assert!(
        perms.iter().all(|p| p == "r-xp" || p == "---p"),
        "after a write: {perms:?}"
    );
    for (i, b) in blocks.iter().enumerate() {
        assert!(
            arena.code_bytes(b).unwrap()[20..]
                .iter()
                .all(|&x| x == i as u8)
        );
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
fn fill_pattern_stays_aligned_and_space_is_reused_first_fit() {
    let mut arena = CodeArena::<Arch4>::new().unwrap();
    let a = put(&mut arena, &[1; 100]);
    let b = put(&mut arena, &[2; 101]);
    let c = put(&mut arena, &[3; 100]);
    assert_eq!(a.addr() % 16, 0);
    assert!(b.addr() >= a.addr() + 100 && c.addr() >= b.addr() + 101);
    // Unused bytes after a block read as the pattern, aligned to the reservation.
    let gap = arena.read(b.addr() + 101, 11).unwrap().to_vec();
    let off = b.offset_in_arena() + 101;
    assert_eq!(gap, (0..11).map(|i| fill_at(off + i)).collect::<Vec<_>>());
    let (b_addr, b_off) = (b.addr(), b.offset_in_arena());
    let stats = arena.stats();
    assert_eq!((stats.live_blocks, stats.live_bytes), (3, 301));
    assert_eq!(stats.committed_bytes, arena.page_size());

    arena.free(b).unwrap();
    let freed = arena.read(b_addr, 101).unwrap();
    assert!(
        freed
            .iter()
            .enumerate()
            .all(|(i, &x)| x == fill_at(b_off + i)),
        "freed code becomes the fill pattern"
    );
    let d = put(&mut arena, &[4; 90]);
    assert_eq!(d.addr(), b_addr, "first fit reuses the hole");
    assert_eq!(arena.code_bytes(&d).unwrap(), &[4; 90][..]);
    assert_eq!(arena.code_bytes(&a).unwrap(), &[1; 100][..]);
    assert_eq!(arena.code_bytes(&c).unwrap(), &[3; 100][..]);
    assert_eq!(d.addr_of(90), Some(d.addr() + 90));
    assert_eq!(d.addr_of(91), None);
    assert!(d.contains(d.addr() + 89) && !d.contains(d.addr() + 90));
}

#[test]
fn whole_pages_are_returned_and_recommitted() {
    let mut arena = CodeArena::<Arch4>::new().unwrap();
    let page = arena.page_size();
    let big = put(&mut arena, &vec![7; 3 * page + 10]);
    assert_eq!(arena.stats().committed_bytes, 4 * page);
    let small = put(&mut arena, &[8; 32]);
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
        "pages only the freed block used go back"
    );
    assert!(
        arena.read(big_addr, 16).is_none(),
        "returned pages are unreadable"
    );
    let again = put(&mut arena, &vec![9; 2 * page]);
    assert_eq!(again.addr(), big_addr);
    assert_eq!(arena.code_bytes(&again).unwrap()[2 * page - 1], 9);
    assert_eq!(arena.code_bytes(&small).unwrap(), &[8; 32][..]);
}

#[test]
fn alignment_requests_are_honoured() {
    let mut arena = CodeArena::<Arch4>::new().unwrap();
    let _pad = put(&mut arena, &[0; 20]);
    let block = arena
        .install(&[5; 8], 256, |_, _| Ok::<(), String>(()))
        .unwrap();
    assert_eq!(block.addr() % 256, 0);
    for bad in [3, 1 << 20] {
        let e = arena
            .install(&[5; 8], bad, |_, _| Ok::<(), String>(()))
            .unwrap_err();
        assert!(
            matches!(e, InstallError::Mem(CodeMemError::BadConfig(_))),
            "{e}"
        );
    }
}

#[test]
fn relocation_sees_the_final_address_and_can_refuse() {
    let mut arena = CodeArena::<Arch4>::new().unwrap();
    take_writes();
    let block = arena
        .install(&[0u8; 16], 16, |addr, bytes| {
            bytes[..8].copy_from_slice(&addr.to_le_bytes());
            Ok::<(), String>(())
        })
        .unwrap();
    let written = u64::from_le_bytes(arena.code_bytes(&block).unwrap()[..8].try_into().unwrap());
    assert_eq!(written, block.addr());
    assert_eq!(
        take_writes(),
        vec![(block.addr(), 16)],
        "the hook saw the install"
    );
    let before = arena.stats();
    let e = arena
        .install(&[1u8; 5000], 16, |_, _| {
            Err("target out of reach".to_string())
        })
        .unwrap_err();
    assert!(matches!(&e, InstallError::Relocate(m) if m == "target out of reach"));
    assert_eq!(e.to_string(), "target out of reach");
    assert_eq!(
        arena.stats(),
        before,
        "nothing stays allocated or committed"
    );
    assert!(take_writes().is_empty(), "no hook for a refused install");
    // The space is still usable and reads as the fill pattern where nothing lives.
    let next = put(&mut arena, &[2; 4]);
    assert_eq!(next.addr(), block.addr() + 16);
    let tail = arena.read(next.addr() + 4, 12).unwrap();
    let off = next.offset_in_arena() + 4;
    assert!(tail.iter().enumerate().all(|(i, &x)| x == fill_at(off + i)));
}

#[test]
fn writes_inside_blocks_are_checked_and_flushed() {
    let mut arena = CodeArena::<Arch4>::new().unwrap();
    let page = arena.page_size();
    let block = put(&mut arena, &vec![0; page + 64]);
    take_writes();
    // A write that straddles a page boundary.
    let at = page - 2;
    arena.write_in_block(&block, at, &[1, 2, 3, 4]).unwrap();
    assert_eq!(
        &arena.code_bytes(&block).unwrap()[at..at + 4],
        &[1, 2, 3, 4]
    );
    assert_eq!(take_writes(), vec![(block.addr() + at as u64, 4)]);

    let len = block.len();
    for (offset, n) in [(len - 3, 4), (len, 1), (usize::MAX, 1), (0, 0)] {
        let e = arena
            .write_in_block(&block, offset, &vec![0; n])
            .unwrap_err();
        assert!(matches!(e, CodeMemError::OutOfBounds { .. }), "{e}");
    }
    let mut other = CodeArena::<Arch4>::new().unwrap();
    assert!(matches!(
        other.write_in_block(&block, 0, &[1]),
        Err(CodeMemError::ForeignBlock)
    ));
    assert!(matches!(
        other.code_bytes(&block),
        Err(CodeMemError::ForeignBlock)
    ));
    assert!(take_writes().is_empty(), "refused writes are not flushed");
    let stale = CodeBlockHandle::of(&block);
    arena.free(block).unwrap();
    let e = arena.write_in_block(&stale.0, 0, &[1]).unwrap_err();
    assert!(matches!(e, CodeMemError::NotLive { .. }), "{e}");
    assert!(e.to_string().contains("not live"), "{e}");
}

/// A second handle to a block, to check that stale handles are refused (`CodeBlock` is
/// deliberately not `Clone`, so a client cannot free a block twice by accident).
struct CodeBlockHandle(CodeBlock);

impl CodeBlockHandle {
    fn of(block: &CodeBlock) -> CodeBlockHandle {
        // SAFETY: `CodeBlock` is plain data (integers, no `Drop`); a bitwise copy is a
        // valid value, and the arena must refuse it once the original is freed.
        CodeBlockHandle(unsafe { std::ptr::read(block) })
    }
}

#[test]
fn install_errors() {
    let mut arena = CodeArena::<Arch4>::with_config(ArenaConfig {
        reserve_bytes: 4096,
    })
    .unwrap();
    let e = arena
        .install(&[], 16, |_, _| Ok::<(), String>(()))
        .unwrap_err();
    assert!(
        matches!(e, InstallError::Mem(CodeMemError::EmptyCode)),
        "{e}"
    );
    let e = arena
        .install(&vec![0; 5000], 16, |_, _| Ok::<(), String>(()))
        .unwrap_err();
    assert!(
        matches!(e, InstallError::Mem(CodeMemError::OutOfSpace { .. })),
        "{e}"
    );
    assert!(e.to_string().contains("code arena full"), "{e}");
    let a = put(&mut arena, &[1; 4000]);
    assert!(
        arena
            .install(&[2; 200], 16, |_, _| Ok::<(), String>(()))
            .is_err()
    );
    arena.free(a).unwrap();
    put(&mut arena, &[2; 200]);

    for bad in [0, Arch4::MAX_RESERVE + 1] {
        let e = CodeArena::<Arch4>::with_config(ArenaConfig { reserve_bytes: bad }).unwrap_err();
        assert!(matches!(e, CodeMemError::BadConfig(_)), "{e}");
    }
    let e = CodeArena::<BadArch>::new().unwrap_err();
    assert!(e.to_string().contains("fill pattern"), "{e}");
}

/// Random install/free/write sequences against a model of live blocks: contents, stats,
/// fill of free space, no overlap, and one hook call per successful write.
fn prop_arena(ops: Vec<(u8, u16, u8)>) -> TestResult {
    struct Live {
        block: CodeBlock,
        bytes: Vec<u8>,
    }
    let mut arena = CodeArena::<Arch4>::with_config(ArenaConfig {
        reserve_bytes: 256 << 10,
    })
    .unwrap();
    let page = arena.page_size() as u64;
    let mut live: Vec<Live> = Vec::new();
    take_writes();
    for (op, x, y) in ops {
        match op % 3 {
            0 => {
                let len = 1 + x as usize % 9000;
                let bytes: Vec<u8> = (0..len).map(|i| (i as u8).wrapping_mul(y | 1)).collect();
                let align = 16usize << (y % 4);
                match arena.install(&bytes, align, |_, _| Ok::<(), String>(())) {
                    Ok(block) => {
                        if block.addr() % align as u64 != 0 {
                            return TestResult::error("misaligned block");
                        }
                        if take_writes() != vec![(block.addr(), len)] {
                            return TestResult::error("install hook not called once");
                        }
                        live.push(Live { block, bytes });
                    }
                    Err(InstallError::Mem(CodeMemError::OutOfSpace { .. })) => {}
                    Err(e) => return TestResult::error(e.to_string()),
                }
            }
            1 if !live.is_empty() => {
                let gone = live.swap_remove(x as usize % live.len());
                let (addr, len, off) = (
                    gone.block.addr(),
                    gone.block.len(),
                    gone.block.offset_in_arena(),
                );
                if let Err(e) = arena.free(gone.block) {
                    return TestResult::error(e.to_string());
                }
                if let Some(bytes) = arena.read(addr, len)
                    && bytes
                        .iter()
                        .enumerate()
                        .any(|(i, &b)| b != fill_at(off + i))
                {
                    return TestResult::error("freed bytes still readable and not filled");
                }
            }
            _ if !live.is_empty() => {
                let i = x as usize % live.len();
                let l = &mut live[i];
                let at = (x as usize * 31) % l.bytes.len();
                let n = (1 + y as usize % 8).min(l.bytes.len() - at);
                let data = vec![y; n];
                if let Err(e) = arena.write_in_block(&l.block, at, &data) {
                    return TestResult::error(e.to_string());
                }
                l.bytes[at..at + n].copy_from_slice(&data);
                if take_writes() != vec![(l.block.addr() + at as u64, n)] {
                    return TestResult::error("write hook not called once");
                }
            }
            _ => {}
        }
        for l in &live {
            if arena.code_bytes(&l.block).ok() != Some(&l.bytes[..]) {
                return TestResult::error("a live block lost its contents");
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
        // Committed bytes outside live blocks hold the fill pattern.
        for w in spans.windows(2) {
            if let Some(gap) = arena.read(w[0].1, (w[1].0 - w[0].1) as usize) {
                let off = (w[0].1 - arena.base_addr()) as usize;
                if gap.iter().enumerate().any(|(i, &b)| b != fill_at(off + i)) {
                    return TestResult::error("free space between blocks is not filled");
                }
            }
        }
    }
    TestResult::passed()
}

#[test]
fn random_install_free_write_sequences() {
    let tests = std::env::var("TERN_QC_TESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    QuickCheck::new()
        .tests(tests)
        .quickcheck(prop_arena as fn(Vec<(u8, u16, u8)>) -> TestResult);
}
