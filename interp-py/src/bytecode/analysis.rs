//! Static analysis of finished code: value-stack depth at every instruction.
//!
//! [`stack_depths`] propagates depths along every control-flow edge (fall-through, jump and
//! exception edges) of the final instruction array, using only the opcode table and the exception
//! table. The assembler stores its result in the code object (the JIT needs the depth at every
//! instruction to rebuild a frame when it deoptimises), and [`verify`] re-checks a finished code
//! object edge by edge.
//!
//! Invariant checked: every instruction is reached with one depth only, never below what it pops,
//! and every exception entry's depth is at most the depth of each instruction it covers.

use super::code::{CodeObject, Instruction, decode};
use super::exctable::ExceptionTable;
use super::opcode::Opcode;

/// Marker for units that are not reached.
pub const UNREACHABLE: u16 = u16::MAX;

/// A successor edge of an instruction: `(target offset, depth at the target)`.
fn successors(
    instr: &Instruction,
    depth: u32,
    exctable: &ExceptionTable,
    out: &mut Vec<(u32, i64)>,
) -> Result<(), String> {
    out.clear();
    let op = instr.opcode;
    let flags = op.flags();
    let fall = op.stack_effect(instr.arg);
    if depth < fall.pops {
        return Err(format!(
            "{} at {} pops {} with depth {}",
            op.name(),
            instr.offset,
            fall.pops,
            depth
        ));
    }
    if !flags.no_fallthrough {
        out.push((instr.next_offset(), depth as i64 + fall.net()));
    }
    if flags.jump {
        let jump = op.jump_stack_effect(instr.arg);
        if depth < jump.pops {
            return Err(format!(
                "{} at {} pops too much on its jump",
                op.name(),
                instr.offset
            ));
        }
        let forward_ok = if flags.backward {
            instr.arg <= instr.offset
        } else {
            instr.arg > instr.offset
        };
        if !forward_ok {
            return Err(format!(
                "{} at {} jumps the wrong way to {}",
                op.name(),
                instr.offset,
                instr.arg
            ));
        }
        out.push((instr.arg, depth as i64 + jump.net()));
    }
    if let Some(entry) = exctable.lookup(instr.offset) {
        if entry.depth > depth {
            return Err(format!(
                "handler depth {} above depth {depth} at {}",
                entry.depth, instr.offset
            ));
        }
        out.push((entry.target, entry.depth as i64 + entry.lasti as i64 + 1));
    }
    Ok(())
}

/// Computes the stack depth before every code unit (entry at depth `0`); returns the depths and
/// the maximum.
pub fn stack_depths(
    code: &[super::code::CodeUnit],
    exctable: &ExceptionTable,
) -> Result<(Vec<u16>, u32), String> {
    let instrs: Vec<Instruction> = decode(code).collect();
    let total: u32 = instrs.iter().map(Instruction::len).sum();
    if total as usize != code.len() {
        return Err("undecodable code unit".into());
    }
    let mut index_of = vec![u32::MAX; code.len()];
    for (i, ins) in instrs.iter().enumerate() {
        index_of[ins.offset as usize] = i as u32;
    }
    let mut depths = vec![UNREACHABLE; code.len()];
    let mut max = 0u32;
    let mut worklist = Vec::new();
    let mut succ = Vec::new();
    if !instrs.is_empty() {
        depths[0] = 0;
        worklist.push(0usize);
    }
    while let Some(i) = worklist.pop() {
        let ins = &instrs[i];
        let depth = depths[ins.offset as usize] as u32;
        successors(ins, depth, exctable, &mut succ)?;
        for &(target, d) in &succ {
            if d < 0 || d >= UNREACHABLE as i64 {
                return Err(format!("invalid depth {d} at {target}"));
            }
            let Some(&ti) = index_of.get(target as usize) else {
                return Err(format!("edge from {} leaves the code", ins.offset));
            };
            if ti == u32::MAX {
                return Err(format!(
                    "edge from {} into the middle of an instruction",
                    ins.offset
                ));
            }
            let slot = &mut depths[target as usize];
            if *slot == UNREACHABLE {
                *slot = d as u16;
                max = max.max(d as u32);
                worklist.push(ti as usize);
            } else if *slot as i64 != d {
                return Err(format!(
                    "inconsistent depth at {target}: {} vs {d} (from {})",
                    *slot, ins.offset
                ));
            }
        }
    }
    for ins in &instrs {
        if ins.cache.is_some() {
            depths[ins.offset as usize + 1] = depths[ins.offset as usize];
        }
    }
    Ok((depths, max))
}

/// Checks a finished code object: the stored depths must be consistent along every edge, stay
/// within `max_stackdepth`, and the loop headers must be exactly the `JUMP_BACKWARD` targets.
pub fn verify(code: &CodeObject) -> Result<(), String> {
    if code.stack_depths.len() != code.code.len() {
        return Err("stack_depths has the wrong length".into());
    }
    let mut succ = Vec::new();
    let mut headers = Vec::new();
    let mut covered = 0u32;
    for ins in code.instructions() {
        covered += ins.len();
        if ins.opcode == Opcode::JumpBackward {
            headers.push(ins.arg);
        }
        let depth = code.stack_depths[ins.offset as usize];
        if depth == UNREACHABLE {
            continue;
        }
        if depth as u32 > code.max_stackdepth {
            return Err(format!("depth {depth} above max at {}", ins.offset));
        }
        successors(&ins, depth as u32, &code.exception_table, &mut succ)?;
        for &(target, d) in &succ {
            let stored = code.stack_depths.get(target as usize).copied();
            if stored != Some(d as u16) {
                return Err(format!(
                    "edge {} -> {target}: expected depth {d}, stored {stored:?}",
                    ins.offset
                ));
            }
        }
    }
    if covered as usize != code.code.len() {
        return Err("undecodable code unit".into());
    }
    headers.sort_unstable();
    headers.dedup();
    if headers[..] != code.loop_headers[..] {
        return Err("loop headers do not match the JUMP_BACKWARD targets".into());
    }
    for e in code.exception_table.entries() {
        if e.start >= e.end || e.end as usize > code.code.len() {
            return Err("bad exception entry range".into());
        }
    }
    Ok(())
}
