//! Patching installed code: retargeting rel32 branches (attaching a bridge to a guard,
//! redirecting a loop after invalidation) and overwriting an instruction boundary with a
//! `jmp rel32`.
//!
//! Every patch validates before writing: the block must be live in this arena, the write
//! must stay inside the block, a patch site's bytes must be the branch opcode it claims,
//! and the target must be within rel32 reach. The touched pages are read+write (not
//! executable) only for the duration of the write.
//!
//! Concurrency: patching is not atomic with respect to threads executing the same pages
//! (they would fault while the pages are writable, and a 4-byte displacement that crosses a
//! cache line can be fetched half-written). A multi-threaded client patches at a safepoint
//! where no thread runs code from the arena, as described in the `exec` module.

use super::exec::{CodeBlock, ExecArena, ExecError};
use crate::asm::{PatchKind, PatchSite};

impl ExecArena {
    /// Points the rel32 branch at `site` (from the assembler that produced `block`) to the
    /// absolute address `target`.
    pub fn patch_rel32(
        &mut self,
        block: &CodeBlock,
        site: PatchSite,
        target: u64,
    ) -> Result<(), ExecError> {
        self.check_site(block, site)?;
        let from = block.addr() + site.offset() as u64 + 4;
        let rel = rel32(from, target)?;
        self.write_in_block(block, site.offset(), &rel.to_le_bytes())
    }

    /// The absolute target the rel32 branch at `site` currently jumps to.
    pub fn branch_target(&self, block: &CodeBlock, site: PatchSite) -> Result<u64, ExecError> {
        self.check_site(block, site)?;
        let bytes = self.code_bytes(block)?;
        let field: [u8; 4] = bytes[site.offset()..site.offset() + 4]
            .try_into()
            .expect("4 bytes");
        let rel = i32::from_le_bytes(field) as i64;
        Ok((block.addr() + site.offset() as u64 + 4).wrapping_add(rel as u64))
    }

    /// Overwrites the 5 bytes at `offset` in `block` with `jmp target` and returns the new
    /// branch's patch site. `offset` must be an instruction boundary that no code jumps
    /// into within those 5 bytes (reserve the room with `Assembler::nop_n(5)`); the
    /// arena cannot check instruction boundaries, the caller's code generator must.
    pub fn write_jmp(
        &mut self,
        block: &CodeBlock,
        offset: usize,
        target: u64,
    ) -> Result<PatchSite, ExecError> {
        self.inner.check_live(block)?;
        if offset.checked_add(5).is_none_or(|end| end > block.len()) {
            return Err(ExecError::PatchOutOfBounds {
                offset,
                len: 5,
                block_len: block.len(),
            });
        }
        let from = block.addr() + offset as u64 + 5;
        let rel = rel32(from, target)?;
        let mut insn = [0xE9, 0, 0, 0, 0];
        insn[1..].copy_from_slice(&rel.to_le_bytes());
        self.write_in_block(block, offset, &insn)?;
        Ok(PatchSite::new(offset + 1, PatchKind::Jmp))
    }

    /// Checks that `site` names a rel32 branch of its kind inside the live `block`.
    fn check_site(&self, block: &CodeBlock, site: PatchSite) -> Result<(), ExecError> {
        let bytes = self.code_bytes(block)?;
        let opcode = site.kind().opcode_bytes();
        let field = site.offset();
        let Some(insn) = field
            .checked_sub(opcode.len())
            .filter(|_| field + 4 <= bytes.len())
        else {
            return Err(ExecError::PatchOutOfBounds {
                offset: field,
                len: 4,
                block_len: block.len(),
            });
        };
        if &bytes[insn..field] != opcode {
            return Err(ExecError::NotABranch {
                offset: insn,
                kind: site.kind(),
                found: bytes[insn..field].to_vec(),
            });
        }
        Ok(())
    }

    /// Writes `data` at `offset` in `block`, making the pages writable only meanwhile.
    fn write_in_block(
        &mut self,
        block: &CodeBlock,
        offset: usize,
        data: &[u8],
    ) -> Result<(), ExecError> {
        Ok(self.inner.write_in_block(block, offset, data)?)
    }
}

fn rel32(from: u64, target: u64) -> Result<i32, ExecError> {
    i32::try_from(target.wrapping_sub(from) as i64)
        .map_err(|_| ExecError::TargetOutOfRange { from, target })
}
