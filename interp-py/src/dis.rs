//! The disassembler behind `tern --dis FILE.py`: a listing close to CPython's `dis`, extended
//! with what Tern's bytecode adds (stack depth before each instruction, inline-cache slots, loop
//! headers).
//!
//! Per code object: a header line, one line per instruction
//! (`LINE MARK OFFSET OPNAME ARG (ARGREPR) ... depth`), where `>>` marks jump targets and `L>`
//! loop headers, then the exception table and a summary of the tables. Nested code objects
//! follow their parent, depth first, in constant order.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::bytecode::analysis::UNREACHABLE;
use crate::bytecode::opcode::{ArgKind, BinaryOperator, CompareOperator};
use crate::bytecode::{CodeFlags, CodeObject, Constant, Opcode};

/// Disassembles a code object and everything nested in it.
pub fn disassemble(code: &CodeObject) -> String {
    let mut out = String::new();
    disassemble_into(&mut out, code);
    out
}

fn flag_names(flags: CodeFlags) -> String {
    let names = [
        (CodeFlags::OPTIMIZED, "OPTIMIZED"),
        (CodeFlags::NEWLOCALS, "NEWLOCALS"),
        (CodeFlags::VARARGS, "VARARGS"),
        (CodeFlags::VARKEYWORDS, "VARKEYWORDS"),
        (CodeFlags::NESTED, "NESTED"),
        (CodeFlags::GENERATOR, "GENERATOR"),
        (CodeFlags::COROUTINE, "COROUTINE"),
        (CodeFlags::ITERABLE_COROUTINE, "ITERABLE_COROUTINE"),
        (CodeFlags::ASYNC_GENERATOR, "ASYNC_GENERATOR"),
        (CodeFlags::FUTURE_GENERATOR_STOP, "GENERATOR_STOP"),
        (CodeFlags::FUTURE_ANNOTATIONS, "ANNOTATIONS"),
    ];
    let v: Vec<&str> = names
        .iter()
        .filter(|(bit, _)| flags.has(*bit))
        .map(|(_, n)| *n)
        .collect();
    if v.is_empty() {
        "0".into()
    } else {
        v.join("|")
    }
}

fn join(names: &[std::sync::Arc<str>]) -> String {
    names
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn argrepr(code: &CodeObject, op: Opcode, arg: u32) -> String {
    match op.arg_kind() {
        ArgKind::None | ArgKind::Int | ArgKind::UnpackEx => String::new(),
        ArgKind::Const => code
            .consts
            .get(arg as usize)
            .map_or_else(|| "<bad const>".into(), Constant::repr),
        ArgKind::Name => code
            .names
            .get(arg as usize)
            .map_or_else(|| "<bad name>".into(), |n| n.to_string()),
        ArgKind::GlobalName => {
            let name = code
                .names
                .get((arg >> 1) as usize)
                .map_or_else(|| "<bad name>".into(), |n| n.to_string());
            if arg & 1 == 1 {
                format!("{name} + NULL")
            } else {
                name
            }
        }
        ArgKind::Local => code
            .localsplus_name(arg)
            .map_or_else(|| "<bad local>".into(), |n| n.to_string()),
        ArgKind::Jump => format!("to {arg}"),
        ArgKind::BinaryOp => BinaryOperator::from_u32(arg)
            .map_or("?", BinaryOperator::symbol)
            .into(),
        ArgKind::CompareOp => CompareOperator::from_u32(arg)
            .map_or("?", CompareOperator::symbol)
            .into(),
        ArgKind::Invert => match (op, arg) {
            (Opcode::IsOp, 0) => "is".into(),
            (Opcode::IsOp, _) => "is not".into(),
            (_, 0) => "in".into(),
            _ => "not in".into(),
        },
        ArgKind::FormatFlags => {
            let conv = match arg & 3 {
                1 => "str",
                2 => "repr",
                3 => "ascii",
                _ => "",
            };
            let spec = if arg & 4 != 0 { "with format" } else { "" };
            [conv, spec]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        }
        ArgKind::MakeFunctionFlags => {
            let names = ["defaults", "kwdefaults", "annotations", "closure"];
            names
                .iter()
                .enumerate()
                .filter(|(i, _)| arg & (1 << i) != 0)
                .map(|(_, n)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        }
        ArgKind::Awaitable => match arg {
            1 => "__aenter__".into(),
            2 => "__aexit__".into(),
            _ => String::new(),
        },
    }
}

fn disassemble_into(out: &mut String, code: &CodeObject) {
    let _ = writeln!(
        out,
        "Disassembly of <code object {} at \"{}\", line {}>:",
        code.name, code.filename, code.first_line
    );
    let _ = writeln!(
        out,
        "  qualname {}, argcount {}, posonly {}, kwonly {}, flags {}, stacksize {}",
        code.qualname,
        code.argcount,
        code.posonlyargcount,
        code.kwonlyargcount,
        flag_names(code.flags),
        code.max_stackdepth
    );
    if !code.varnames.is_empty() {
        let _ = writeln!(out, "  varnames: {}", join(&code.varnames));
    }
    if !code.cellvars.is_empty() {
        let slots: Vec<String> = code
            .cellvars
            .iter()
            .zip(code.cell_slots.iter())
            .map(|(n, s)| format!("{n}@{s}"))
            .collect();
        let _ = writeln!(out, "  cellvars: {}", slots.join(", "));
    }
    if !code.freevars.is_empty() {
        let _ = writeln!(out, "  freevars: {}", join(&code.freevars));
    }
    let mut targets: HashSet<u32> = HashSet::new();
    for ins in code.instructions() {
        if ins.opcode.flags().jump {
            targets.insert(ins.arg);
        }
    }
    for e in code.exception_table.entries() {
        targets.insert(e.target);
    }
    let mut last_line = None;
    for ins in code.instructions() {
        let loc = code.location(ins.offset);
        let line = loc.map(|l| l.line);
        let line_col = if line != last_line {
            if last_line.is_some() {
                out.push('\n');
            }
            last_line = line;
            line.map_or_else(String::new, |l| l.to_string())
        } else {
            String::new()
        };
        let mark = if code.is_loop_header(ins.offset) {
            "L>"
        } else if targets.contains(&ins.offset) {
            ">>"
        } else {
            ""
        };
        let argrepr = argrepr(code, ins.opcode, ins.arg);
        let shows_arg = ins.opcode.arg_kind() != ArgKind::None;
        let mut text = format!(
            "{line_col:>4} {mark:>2} {:>5} {:<26}",
            ins.offset,
            ins.opcode.name()
        );
        if shows_arg {
            let _ = write!(text, " {:>5}", ins.arg);
        }
        if !argrepr.is_empty() {
            let _ = write!(text, " ({argrepr})");
        }
        if let (Some(c), Some(kind)) = (ins.cache, ins.opcode.cache_kind()) {
            let _ = write!(text, " #{}{}", kind.name(), c);
        }
        let depth = code
            .stack_depths
            .get(ins.offset as usize)
            .copied()
            .unwrap_or(UNREACHABLE);
        let depth = if depth == UNREACHABLE {
            "-".to_string()
        } else {
            depth.to_string()
        };
        let _ = writeln!(out, "{text:<72} d={depth}");
    }
    if !code.exception_table.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in code.exception_table.entries() {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]{}",
                e.start,
                e.end,
                e.target,
                e.depth,
                if e.lasti { " lasti" } else { "" }
            );
        }
    }
    out.push('\n');
    for nested in code.nested_code() {
        disassemble_into(out, nested);
    }
}
