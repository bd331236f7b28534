//! Code objects and the instruction encoding.
//!
//! Encoding: one contiguous array of 32-bit code units per code object. An instruction is one
//! unit `opcode | arg << 8` (8-bit opcode, 24-bit argument), followed by one more unit holding
//! its inline-cache index when its opcode has a cache kind. Why this shape:
//! * fixed-width decoding is a single load, a mask and a shift; there is no `EXTENDED_ARG`
//!   prefix, because 24 bits cover every realistic constant/name/local index and jump target
//!   (the compiler reports a `SyntaxError` for a code object that would exceed them);
//! * jump arguments are absolute code-unit offsets, so no relative arithmetic, and a frame's
//!   "program counter" is one integer that also indexes `stack_depths` and the line table;
//! * the cache index unit lets the runtime keep each cache kind in its own densely packed array
//!   (sizes in `cache_counts`) instead of interleaving variable-sized caches in the code.
//!
//! Local variable slots follow CPython 3.11's "localsplus" layout: slots `0..varnames.len()` are
//! the fast locals (parameters first), then one slot per cell variable that is not a parameter,
//! then one slot per free variable. A parameter that is also a cell keeps its parameter slot
//! (`MAKE_CELL` wraps the argument in place). `cell_slots[i]` is the slot of `cellvars[i]`.
//!
//! Invariants (established by the assembler, checked by `analysis::verify`):
//! * `stack_depths[pc]` is the value-stack depth before the instruction at `pc` (also stored for
//!   its cache unit); `max_stackdepth` bounds every depth;
//! * every jump target and exception handler is the start of an instruction;
//! * `loop_headers` are exactly the targets of `JUMP_BACKWARD`, sorted.

use std::sync::Arc;

use super::constant::Constant;
use super::exctable::ExceptionTable;
use super::linetable::{LineTable, Location};
use super::opcode::{CacheKind, Opcode};

/// One 32-bit code unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct CodeUnit(pub u32);

/// The largest instruction argument.
pub const MAX_ARG: u32 = (1 << 24) - 1;

impl CodeUnit {
    /// Encodes an instruction unit (`arg` must fit in 24 bits).
    pub fn new(op: Opcode, arg: u32) -> CodeUnit {
        debug_assert!(arg <= MAX_ARG);
        CodeUnit(op as u32 | (arg << 8))
    }

    /// The opcode byte.
    pub fn opcode_byte(self) -> u8 {
        self.0 as u8
    }

    /// The opcode, if the unit is an instruction unit with a valid opcode.
    pub fn opcode(self) -> Option<Opcode> {
        Opcode::from_u8(self.0 as u8)
    }

    /// The 24-bit argument.
    pub fn arg(self) -> u32 {
        self.0 >> 8
    }
}

/// A decoded instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instruction {
    /// Offset (in code units) of the instruction.
    pub offset: u32,
    /// Opcode.
    pub opcode: Opcode,
    /// Argument.
    pub arg: u32,
    /// Inline-cache index (per cache kind), for cacheable opcodes.
    pub cache: Option<u32>,
}

impl Instruction {
    /// Number of code units the instruction occupies (1 or 2).
    pub fn len(&self) -> u32 {
        1 + self.cache.is_some() as u32
    }

    /// Always false (an instruction has at least one unit).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Offset of the next instruction.
    pub fn next_offset(&self) -> u32 {
        self.offset + self.len()
    }
}

/// Iterates over the instructions of a code array. Stops at the first undecodable unit.
pub fn decode(code: &[CodeUnit]) -> impl Iterator<Item = Instruction> + '_ {
    let mut pc = 0usize;
    std::iter::from_fn(move || {
        let unit = *code.get(pc)?;
        let opcode = unit.opcode()?;
        let offset = pc as u32;
        pc += 1;
        let cache = if opcode.cache_kind().is_some() {
            let c = code.get(pc)?.0;
            pc += 1;
            Some(c)
        } else {
            None
        };
        Some(Instruction {
            offset,
            opcode,
            arg: unit.arg(),
            cache,
        })
    })
}

/// `co_flags` bits (CPython's values, so `inspect` works unchanged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct CodeFlags(pub u32);

impl CodeFlags {
    /// Uses fast locals.
    pub const OPTIMIZED: u32 = 0x1;
    /// A new locals dict is created for the frame (functions).
    pub const NEWLOCALS: u32 = 0x2;
    /// Has `*args`.
    pub const VARARGS: u32 = 0x4;
    /// Has `**kwargs`.
    pub const VARKEYWORDS: u32 = 0x8;
    /// A nested function.
    pub const NESTED: u32 = 0x10;
    /// A generator function.
    pub const GENERATOR: u32 = 0x20;
    /// A coroutine function (`async def`).
    pub const COROUTINE: u32 = 0x80;
    /// An iterable coroutine (`types.coroutine`).
    pub const ITERABLE_COROUTINE: u32 = 0x100;
    /// An async generator function.
    pub const ASYNC_GENERATOR: u32 = 0x200;
    /// `from __future__ import generator_stop` (always on in 3.7+, kept for `__future__`).
    pub const FUTURE_GENERATOR_STOP: u32 = 0x800000;
    /// `from __future__ import annotations`.
    pub const FUTURE_ANNOTATIONS: u32 = 0x1000000;

    /// Whether a flag is set.
    pub fn has(self, flag: u32) -> bool {
        self.0 & flag != 0
    }

    /// Whether calling the code creates a generator, coroutine or async generator object.
    pub fn is_resumable(self) -> bool {
        self.has(Self::GENERATOR | Self::COROUTINE | Self::ASYNC_GENERATOR)
    }
}

/// A compiled code object.
#[derive(Debug, Clone)]
pub struct CodeObject {
    /// `co_name`.
    pub name: Arc<str>,
    /// `co_qualname`.
    pub qualname: Arc<str>,
    /// `co_filename`.
    pub filename: Arc<str>,
    /// `co_firstlineno`.
    pub first_line: u32,
    /// `co_flags`.
    pub flags: CodeFlags,
    /// Positional parameters including positional-only ones (`co_argcount`).
    pub argcount: u32,
    /// Positional-only parameters (`co_posonlyargcount`).
    pub posonlyargcount: u32,
    /// Keyword-only parameters (`co_kwonlyargcount`).
    pub kwonlyargcount: u32,
    /// The instruction array.
    pub code: Box<[CodeUnit]>,
    /// `co_consts`.
    pub consts: Box<[Constant]>,
    /// `co_names`: globals, attributes, imported names.
    pub names: Box<[Arc<str>]>,
    /// `co_varnames`: fast locals, parameters first.
    pub varnames: Box<[Arc<str>]>,
    /// `co_cellvars`.
    pub cellvars: Box<[Arc<str>]>,
    /// `co_freevars`.
    pub freevars: Box<[Arc<str>]>,
    /// The localsplus slot of each cell variable.
    pub cell_slots: Box<[u32]>,
    /// The largest value-stack depth.
    pub max_stackdepth: u32,
    /// Stack depth before each code unit (`u16::MAX` for unreachable units).
    pub stack_depths: Box<[u16]>,
    /// Handlers.
    pub exception_table: ExceptionTable,
    /// Source locations.
    pub line_table: LineTable,
    /// Number of cache entries of each [`CacheKind`] (indexed by `CacheKind as usize`).
    pub cache_counts: [u32; CacheKind::COUNT],
    /// Targets of loop back edges (`JUMP_BACKWARD`), sorted.
    pub loop_headers: Box<[u32]>,
}

impl CodeObject {
    /// Total number of localsplus slots (fast locals + non-parameter cells + free variables).
    pub fn nlocalsplus(&self) -> usize {
        self.varnames.len() + self.ncells_not_args() + self.freevars.len()
    }

    fn ncells_not_args(&self) -> usize {
        self.cell_slots
            .iter()
            .filter(|&&s| (s as usize) >= self.varnames.len())
            .count()
    }

    /// The slot of the first free variable.
    pub fn first_free_slot(&self) -> usize {
        self.varnames.len() + self.ncells_not_args()
    }

    /// The name of a localsplus slot.
    pub fn localsplus_name(&self, slot: u32) -> Option<&Arc<str>> {
        let slot_usize = slot as usize;
        if let Some(n) = self.varnames.get(slot_usize) {
            return Some(n);
        }
        if let Some(i) = self.cell_slots.iter().position(|&s| s == slot) {
            return self.cellvars.get(i);
        }
        self.freevars
            .get(slot_usize.checked_sub(self.first_free_slot())?)
    }

    /// The instructions.
    pub fn instructions(&self) -> impl Iterator<Item = Instruction> + '_ {
        decode(&self.code)
    }

    /// The source location of the instruction at `offset`.
    pub fn location(&self, offset: u32) -> Option<Location> {
        self.line_table.location_at(offset)
    }

    /// Nested code objects among the constants.
    pub fn nested_code(&self) -> impl Iterator<Item = &Arc<CodeObject>> + '_ {
        self.consts.iter().filter_map(|c| match c {
            Constant::Code(code) => Some(code),
            _ => None,
        })
    }

    /// Whether `offset` is a loop header.
    pub fn is_loop_header(&self, offset: u32) -> bool {
        self.loop_headers.binary_search(&offset).is_ok()
    }
}
