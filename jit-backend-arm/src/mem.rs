//! Executable memory for AArch64: tern-jit-ir's shared W^X [`CodeArena`] with the AArch64
//! facts ([`Aarch64`]: zero fill = `udf #0`, 16-byte blocks, at most 128 MiB reserved so
//! every `b`/`bl` between blocks reaches) and the instruction-cache maintenance AArch64
//! requires after code is written or patched.
//!
//! Cache maintenance ([`flush_icache`], run by the arena after every write): `dc cvau` over
//! the written data-cache lines (line size from `CTR_EL0.DminLine`), `dsb ish`, `ic ivau`
//! over the instruction-cache lines (`CTR_EL0.IminLine`), `dsb ish`, `isb` — the sequence
//! of the Arm ARM (B2.4.4) and of the kernel's `__flush_icache_range`. On other hosts the
//! crate still builds and installs code (host tests inspect it) but never executes it, so
//! the hook does nothing there.
//!
//! Invariant: after `install` or `write_in_block` returns, the calling thread may execute
//! the written code; other threads need their own `isb` (or a context switch) first.

use tern_jit_ir::codemem::CodeArch;
pub use tern_jit_ir::codemem::{ArenaConfig, CodeArena, CodeBlock, CodeMemError, InstallError};

/// The AArch64 facts the shared arena needs.
#[derive(Debug)]
pub struct Aarch64;

impl CodeArch for Aarch64 {
    /// `udf #0` is the all-zero word.
    const FILL: &'static [u8] = &[0, 0, 0, 0];
    /// Function entries on 16-byte boundaries.
    const MIN_ALIGN: usize = 16;
    /// Any two addresses inside it are within `b`/`bl` reach (+-128 MiB).
    const MAX_RESERVE: usize = 128 << 20;
    fn after_write(addr: u64, len: usize) {
        flush_icache(addr, len);
    }
}

/// Makes `[addr, addr + len)` coherent for instruction fetch after it was written
/// (a no-op on hosts other than AArch64, which never execute this crate's code).
pub fn flush_icache(addr: u64, len: usize) {
    #[cfg(target_arch = "aarch64")]
    {
        if len == 0 {
            return;
        }
        let ctr: u64;
        // SAFETY: reading CTR_EL0 is permitted at EL0 on Linux (SCTLR_EL1.UCT is set by
        // the kernel) and has no side effect.
        unsafe { std::arch::asm!("mrs {}, ctr_el0", out(reg) ctr, options(nomem, nostack)) };
        let dline = 4u64 << ((ctr >> 16) & 0xf);
        let iline = 4u64 << (ctr & 0xf);
        let end = addr + len as u64;
        let mut p = addr & !(dline - 1);
        while p < end {
            // SAFETY: cache maintenance by virtual address on mapped, readable memory
            // (the arena's pages) has no effect on program-visible data.
            unsafe { std::arch::asm!("dc cvau, {}", in(reg) p, options(nostack)) };
            p += dline;
        }
        // SAFETY: a barrier only orders memory accesses.
        unsafe { std::arch::asm!("dsb ish", options(nostack)) };
        let mut p = addr & !(iline - 1);
        while p < end {
            // SAFETY: as for `dc cvau`.
            unsafe { std::arch::asm!("ic ivau, {}", in(reg) p, options(nostack)) };
            p += iline;
        }
        // SAFETY: barriers only order memory accesses and refetch instructions.
        unsafe { std::arch::asm!("dsb ish", "isb", options(nostack)) };
    }
    #[cfg(not(target_arch = "aarch64"))]
    {
        let _ = (addr, len);
    }
}

/// The arena type of this backend.
pub type ExecArena = CodeArena<Aarch64>;

/// Encodes `b target` placed at `pc`, if in reach (+-128 MiB).
pub fn encode_b(pc: u64, target: u64) -> Option<u32> {
    let delta = (target as i64).wrapping_sub(pc as i64);
    if delta % 4 != 0 || !(-(1i64 << 27)..(1i64 << 27)).contains(&delta) {
        return None;
    }
    Some(0x1400_0000 | ((delta >> 2) as u32 & 0x03ff_ffff))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b_encodings_and_reach() {
        assert_eq!(encode_b(0x1000, 0x1000), Some(0x1400_0000));
        assert_eq!(encode_b(0x1000, 0x1004), Some(0x1400_0001));
        assert_eq!(encode_b(0x1004, 0x1000), Some(0x17ff_ffff));
        assert_eq!(encode_b(0, (1 << 27) - 4), Some(0x15ff_ffff));
        assert_eq!(encode_b(0, 1 << 27), None);
        assert_eq!(encode_b(1 << 27, 0), Some(0x1600_0000));
        assert_eq!(encode_b(0, 2), None);
    }
}
