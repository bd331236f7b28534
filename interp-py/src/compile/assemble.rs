//! Code generation buffer and assembler: basic blocks of symbolic instructions in, a finished
//! [`CodeObject`] out.
//!
//! The code generator appends instructions to the current basic block; blocks are laid out in
//! the order they are first *used* (CPython's `compiler_use_next_block`). Exception handling
//! uses CPython 3.11's pseudo instructions: `setup(label, ..)` emits a zero-size `SETUP` and
//! `pop_block()` a zero-size `POP_BLOCK`. At assembly the stack of active handlers is propagated
//! through the control-flow graph (`label_exception_targets`), giving every instruction its
//! innermost handler, and a handler's stack depth is the depth at its `SETUP` (minus one for
//! `with`, whose `SETUP` follows the pushed `__enter__` result).
//!
//! Assembly: handler labelling -> depth analysis over blocks (reachability included) ->
//! unreachable blocks dropped
//! -> jumps to the next block dropped -> layout with absolute offsets -> `JUMP` resolved to
//! `JUMP_FORWARD`/`JUMP_BACKWARD` -> code units, cache indices, exception table (runs of equal
//! handlers), line table, and the final per-unit stack depths from
//! [`crate::bytecode::analysis::stack_depths`], which re-checks every edge.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::ast::{Ident, Loc};
use crate::bytecode::analysis;
use crate::bytecode::opcode::CacheKind;
use crate::bytecode::{
    CodeFlags, CodeObject, CodeUnit, Constant, ExceptionEntry, ExceptionTable, LineTable, MAX_ARG,
    Opcode,
};
use crate::syntax_error::{CompileError, ErrorKind};

/// A basic block.
pub type BlockId = usize;
/// An exception handler.
pub type HandlerId = usize;

/// A symbolic instruction argument, resolved at assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// No argument.
    None,
    /// A plain integer.
    Int(u32),
    /// A fast local slot.
    Fast(u32),
    /// A cell variable (index into `cellvars`).
    Cell(u32),
    /// A free variable (index into `freevars`).
    Free(u32),
    /// A block, resolved to its offset.
    Label(BlockId),
}

/// A symbolic operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// A real instruction.
    Real(Opcode),
    /// Start of a protected region (zero size).
    Setup(HandlerId),
    /// End of the innermost protected region (zero size).
    PopBlock,
    /// Unconditional jump, direction decided at layout.
    Jump,
    /// Unconditional jump of a `yield from` loop.
    JumpNoInterrupt,
}

/// One symbolic instruction.
#[derive(Debug, Clone, Copy)]
pub struct Instr {
    /// Operation.
    pub op: Op,
    /// Argument.
    pub arg: Arg,
    /// Source location.
    pub loc: Loc,
    /// Innermost active handler.
    pub handler: Option<HandlerId>,
}

#[derive(Debug, Clone)]
struct Handler {
    label: BlockId,
    lasti: bool,
    /// Added to the depth at the `SETUP` (-1 for `with`).
    adjust: i64,
    depth: Option<u32>,
}

/// The per-code-object build state.
#[derive(Debug, Clone)]
pub struct CodeBuilder {
    blocks: Vec<Vec<Instr>>,
    order: Vec<BlockId>,
    used: Vec<bool>,
    current: BlockId,
    handlers: Vec<Handler>,
    /// Location given to emitted instructions.
    pub loc: Loc,
    consts: Vec<Constant>,
    const_index: HashMap<u64, Vec<u32>>,
    names: Vec<Ident>,
    name_index: HashMap<Ident, u32>,
    /// Fast locals (parameters first).
    pub varnames: Vec<Ident>,
    varname_index: HashMap<Ident, u32>,
    /// Cell variables.
    pub cellvars: Vec<Ident>,
    /// Free variables.
    pub freevars: Vec<Ident>,
}

/// Static facts of the code object being assembled.
#[derive(Debug, Clone)]
pub struct CodeInfo {
    /// `co_name`.
    pub name: Ident,
    /// `co_qualname`.
    pub qualname: Ident,
    /// `co_filename`.
    pub filename: Ident,
    /// `co_firstlineno`.
    pub first_line: u32,
    /// `co_flags`.
    pub flags: u32,
    /// `co_argcount`.
    pub argcount: u32,
    /// `co_posonlyargcount`.
    pub posonlyargcount: u32,
    /// `co_kwonlyargcount`.
    pub kwonlyargcount: u32,
}

fn hash_constant(c: &Constant, h: &mut DefaultHasher) {
    std::mem::discriminant(c).hash(h);
    match c {
        Constant::None | Constant::Ellipsis => {}
        Constant::Bool(b) => b.hash(h),
        Constant::Int(i) => i.hash(h),
        Constant::BigInt(b) => b.hash(h),
        Constant::Float(f) => f.to_bits().hash(h),
        Constant::Complex { re, im } => {
            re.to_bits().hash(h);
            im.to_bits().hash(h);
        }
        Constant::Str(s) => s.hash(h),
        Constant::Bytes(b) => b.hash(h),
        Constant::Tuple(t) | Constant::FrozenSet(t) => {
            t.len().hash(h);
            for x in t.iter() {
                hash_constant(x, h);
            }
        }
        Constant::Code(c) => (Arc::as_ptr(c) as usize).hash(h),
    }
}

fn internal(msg: impl Into<String>) -> CompileError {
    CompileError {
        kind: ErrorKind::SyntaxError,
        msg: format!("internal compiler error: {}", msg.into()),
        filename: None,
        lineno: None,
        offset: None,
        end_lineno: None,
        end_offset: None,
        text: None,
    }
}

impl CodeBuilder {
    /// An empty builder with one (current) block.
    pub fn new(loc: Loc) -> CodeBuilder {
        CodeBuilder {
            blocks: vec![Vec::new()],
            order: vec![0],
            used: vec![true],
            current: 0,
            handlers: Vec::new(),
            loc,
            consts: Vec::new(),
            const_index: HashMap::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            varnames: Vec::new(),
            varname_index: HashMap::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
        }
    }

    /// A new, not yet placed block.
    pub fn new_block(&mut self) -> BlockId {
        self.blocks.push(Vec::new());
        self.used.push(false);
        self.blocks.len() - 1
    }

    /// Places `b` after the blocks placed so far and makes it current.
    pub fn use_block(&mut self, b: BlockId) {
        if !self.used[b] {
            self.used[b] = true;
            self.order.push(b);
        }
        self.current = b;
    }

    /// Starts a new block after the current one (for code following a terminator).
    pub fn use_next_block(&mut self) -> BlockId {
        let b = self.new_block();
        self.use_block(b);
        b
    }

    /// Whether the current block ends with an instruction that never falls through.
    pub fn current_ends_with_terminator(&self) -> bool {
        match self.blocks[self.current].last() {
            Some(i) => match i.op {
                Op::Real(op) => op.flags().no_fallthrough,
                Op::Jump | Op::JumpNoInterrupt => true,
                Op::Setup(_) | Op::PopBlock => false,
            },
            None => false,
        }
    }

    fn push(&mut self, op: Op, arg: Arg) {
        self.blocks[self.current].push(Instr {
            op,
            arg,
            loc: self.loc,
            handler: None,
        });
    }

    /// Emits a real instruction.
    pub fn emit(&mut self, op: Opcode, arg: Arg) {
        self.push(Op::Real(op), arg);
    }

    /// Emits an instruction without argument.
    pub fn op(&mut self, op: Opcode) {
        self.emit(op, Arg::None);
    }

    /// Emits an instruction with an integer argument.
    pub fn op_i(&mut self, op: Opcode, n: u32) {
        self.emit(op, Arg::Int(n));
    }

    /// Emits a jump-type instruction to `target`.
    pub fn jump_op(&mut self, op: Opcode, target: BlockId) {
        self.emit(op, Arg::Label(target));
    }

    /// Emits an unconditional jump.
    pub fn jump(&mut self, target: BlockId) {
        self.push(Op::Jump, Arg::Label(target));
    }

    /// Emits the back jump of a `yield from` loop.
    pub fn jump_no_interrupt(&mut self, target: BlockId) {
        self.push(Op::JumpNoInterrupt, Arg::Label(target));
    }

    /// Starts a protected region handled at `label` (`lasti`: push the raising offset too).
    pub fn setup(&mut self, label: BlockId, lasti: bool) {
        self.setup_adjusted(label, lasti, 0);
    }

    /// Starts the region of a `with` block: the handler unwinds to below the `__enter__` result.
    pub fn setup_with(&mut self, label: BlockId) {
        self.setup_adjusted(label, true, -1);
    }

    fn setup_adjusted(&mut self, label: BlockId, lasti: bool, adjust: i64) {
        let h = self.handlers.len();
        self.handlers.push(Handler {
            label,
            lasti,
            adjust,
            depth: None,
        });
        self.push(Op::Setup(h), Arg::None);
    }

    /// Ends the innermost protected region.
    pub fn pop_block(&mut self) {
        self.push(Op::PopBlock, Arg::None);
    }

    /// CPython's `label_exception_targets`: propagates the stack of active handlers through the
    /// control-flow graph and records each instruction's innermost handler.
    fn label_handlers(&mut self) {
        let n = self.blocks.len();
        let mut position = vec![usize::MAX; n];
        for (i, &b) in self.order.iter().enumerate() {
            position[b] = i;
        }
        let mut stacks: Vec<Option<Vec<HandlerId>>> = vec![None; n];
        let mut visited = vec![false; n];
        let entry = self.order[0];
        stacks[entry] = Some(Vec::new());
        visited[entry] = true;
        let mut todo = vec![entry];
        while let Some(b) = todo.pop() {
            let mut stack = stacks[b].take().unwrap_or_default();
            let mut falls = true;
            for i in 0..self.blocks[b].len() {
                let ins = self.blocks[b][i];
                match ins.op {
                    Op::Setup(h) => {
                        let target = self.handlers[h].label;
                        if !visited[target] {
                            visited[target] = true;
                            stacks[target] = Some(stack.clone());
                            todo.push(target);
                        }
                        stack.push(h);
                    }
                    Op::PopBlock => {
                        stack.pop();
                    }
                    Op::Jump | Op::JumpNoInterrupt => {
                        self.blocks[b][i].handler = stack.last().copied();
                        if let Arg::Label(t) = ins.arg
                            && !visited[t]
                        {
                            visited[t] = true;
                            stacks[t] = Some(stack.clone());
                            todo.push(t);
                        }
                        falls = false;
                        break;
                    }
                    Op::Real(op) => {
                        if op == Opcode::YieldValue {
                            // Bits 1..: how many handlers are active (0: close() need not throw).
                            if let Arg::Int(a) = ins.arg {
                                self.blocks[b][i].arg =
                                    Arg::Int((a & 1) | ((stack.len() as u32) << 1));
                            }
                        }
                        if op.flags().jump
                            && let Arg::Label(t) = ins.arg
                            && !visited[t]
                        {
                            visited[t] = true;
                            stacks[t] = Some(stack.clone());
                            todo.push(t);
                        }
                        self.blocks[b][i].handler = stack.last().copied();
                        if op.flags().no_fallthrough {
                            falls = false;
                            break;
                        }
                    }
                }
            }
            if falls
                && let Some(&next) = self.order.get(position[b].wrapping_add(1))
                && !visited[next]
            {
                visited[next] = true;
                stacks[next] = Some(stack);
                todo.push(next);
            }
        }
    }

    /// Index of a constant (deduplicated by CPython's constant key).
    pub fn add_const(&mut self, c: Constant) -> u32 {
        let mut h = DefaultHasher::new();
        hash_constant(&c, &mut h);
        let key = h.finish();
        if let Some(idxs) = self.const_index.get(&key) {
            for &i in idxs {
                if self.consts[i as usize].key_eq(&c) {
                    return i;
                }
            }
        }
        let i = self.consts.len() as u32;
        self.consts.push(c);
        self.const_index.entry(key).or_default().push(i);
        i
    }

    /// `LOAD_CONST c`.
    pub fn load_const(&mut self, c: Constant) {
        let i = self.add_const(c);
        self.emit(Opcode::LoadConst, Arg::Int(i));
    }

    /// Index of a name in `names`.
    pub fn add_name(&mut self, n: &Ident) -> u32 {
        if let Some(&i) = self.name_index.get(n) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(n.clone());
        self.name_index.insert(n.clone(), i);
        i
    }

    /// Emits an instruction whose argument is a name.
    pub fn name_op(&mut self, op: Opcode, n: &Ident) {
        let i = self.add_name(n);
        self.emit(op, Arg::Int(i));
    }

    /// Index of a fast local, added on first use.
    pub fn add_varname(&mut self, n: &Ident) -> u32 {
        if let Some(&i) = self.varname_index.get(n) {
            return i;
        }
        let i = self.varnames.len() as u32;
        self.varnames.push(n.clone());
        self.varname_index.insert(n.clone(), i);
        i
    }

    fn raw_arg(&self, i: &Instr) -> u32 {
        match i.arg {
            Arg::Int(n) => n,
            _ => 0,
        }
    }

    /// Assembles the code object.
    pub fn assemble(mut self, info: CodeInfo) -> Result<CodeObject, CompileError> {
        self.label_handlers();
        let nblocks = self.blocks.len();
        // 1. Depth at block entry (and handler depths), reachability.
        let mut depth_in: Vec<Option<u32>> = vec![None; nblocks];
        let mut position: Vec<usize> = vec![usize::MAX; nblocks];
        for (i, &b) in self.order.iter().enumerate() {
            position[b] = i;
        }
        let mut work = vec![self.order[0]];
        depth_in[self.order[0]] = Some(0);
        let set_depth =
            |depth_in: &mut Vec<Option<u32>>, work: &mut Vec<BlockId>, b: BlockId, d: i64| {
                if d < 0 {
                    return Err(internal("negative stack depth"));
                }
                match depth_in[b] {
                    None => {
                        depth_in[b] = Some(d as u32);
                        work.push(b);
                        Ok(())
                    }
                    Some(old) if old as i64 == d => Ok(()),
                    Some(old) => Err(internal(format!("inconsistent stack depth {old} vs {d}"))),
                }
            };
        while let Some(b) = work.pop() {
            if position[b] == usize::MAX {
                return Err(internal("jump to an unplaced block"));
            }
            let mut depth = depth_in[b].unwrap_or(0) as i64;
            let mut falls = true;
            for idx in 0..self.blocks[b].len() {
                let ins = self.blocks[b][idx];
                if let Some(h) = ins.handler
                    && !is_pseudo(ins.op)
                {
                    let hd = self.handlers[h]
                        .depth
                        .ok_or_else(|| internal("handler depth unknown"))?;
                    let label = self.handlers[h].label;
                    let lasti = self.handlers[h].lasti as i64;
                    set_depth(&mut depth_in, &mut work, label, hd as i64 + lasti + 1)?;
                }
                match ins.op {
                    Op::PopBlock => {}
                    Op::Setup(h) => {
                        let hd = depth + self.handlers[h].adjust;
                        if hd < 0 {
                            return Err(internal("negative handler depth"));
                        }
                        match self.handlers[h].depth {
                            None => self.handlers[h].depth = Some(hd as u32),
                            Some(d) if d as i64 == hd => {}
                            Some(_) => return Err(internal("inconsistent handler depth")),
                        }
                    }
                    Op::Jump | Op::JumpNoInterrupt => {
                        if let Arg::Label(t) = ins.arg {
                            set_depth(&mut depth_in, &mut work, t, depth)?;
                        }
                        falls = false;
                        break;
                    }
                    Op::Real(op) => {
                        let arg = self.raw_arg(&ins);
                        let eff = op.stack_effect(arg);
                        if depth < eff.pops as i64 {
                            return Err(internal(format!(
                                "{} pops {} at depth {depth}",
                                op.name(),
                                eff.pops
                            )));
                        }
                        if op.flags().jump {
                            let jeff = op.jump_stack_effect(arg);
                            if let Arg::Label(t) = ins.arg {
                                set_depth(&mut depth_in, &mut work, t, depth + jeff.net())?;
                            }
                        }
                        depth += eff.net();
                        if op.flags().no_fallthrough {
                            falls = false;
                            break;
                        }
                    }
                }
            }
            if falls {
                let next = self.order.get(position[b] + 1).copied();
                match next {
                    Some(n) => set_depth(&mut depth_in, &mut work, n, depth)?,
                    None => return Err(internal("code falls off the end")),
                }
            }
        }

        // 2. Keep reachable blocks; 3. drop jumps to the next block.
        let order: Vec<BlockId> = self
            .order
            .iter()
            .copied()
            .filter(|&b| depth_in[b].is_some())
            .collect();
        let next_nonempty = |from: usize, blocks: &Vec<Vec<Instr>>| -> Option<BlockId> {
            order[from + 1..]
                .iter()
                .copied()
                .find(|&b| blocks[b].iter().any(|i| !is_pseudo(i.op)))
        };
        for (i, &b) in order.iter().enumerate() {
            if let Some(last) = self.blocks[b].last().copied()
                && matches!(last.op, Op::Jump)
                && let Arg::Label(t) = last.arg
            {
                let target_first = if self.blocks[t].iter().any(|i| !is_pseudo(i.op)) {
                    Some(t)
                } else {
                    let tp = order.iter().position(|&x| x == t);
                    tp.and_then(|p| next_nonempty_from(&order, p, &self.blocks))
                };
                if target_first.is_some() && target_first == next_nonempty(i, &self.blocks) {
                    self.blocks[b].pop();
                }
            }
        }

        // 4. Layout.
        let mut offset_of = vec![u32::MAX; nblocks];
        let mut offset = 0u32;
        for &b in &order {
            offset_of[b] = offset;
            for ins in &self.blocks[b] {
                offset += match ins.op {
                    Op::Setup(_) | Op::PopBlock => 0,
                    Op::Real(op) => 1 + op.cache_kind().is_some() as u32,
                    Op::Jump | Op::JumpNoInterrupt => 1,
                };
            }
        }
        // Labels of empty trailing blocks point past the end only if nothing follows; an
        // unreachable target was never jumped to.
        let total = offset;

        // Localsplus layout.
        let nlocals = self.varnames.len() as u32;
        let mut cell_slots = Vec::with_capacity(self.cellvars.len());
        let mut next_slot = nlocals;
        for c in &self.cellvars {
            match self.varnames.iter().position(|v| v == c) {
                Some(p) => cell_slots.push(p as u32),
                None => {
                    cell_slots.push(next_slot);
                    next_slot += 1;
                }
            }
        }
        let first_free = next_slot;

        // 5. Emit.
        let mut code: Vec<CodeUnit> = Vec::with_capacity(total as usize);
        let mut locs: Vec<Loc> = Vec::with_capacity(total as usize);
        let mut unit_handler: Vec<Option<HandlerId>> = Vec::with_capacity(total as usize);
        let mut cache_counts = [0u32; CacheKind::COUNT];
        let mut loop_headers = Vec::new();
        for &b in &order {
            for ins in &self.blocks[b] {
                let here = code.len() as u32;
                let resolve = |arg: Arg| -> Result<u32, CompileError> {
                    let v = match arg {
                        Arg::None => 0,
                        Arg::Int(n) | Arg::Fast(n) => n,
                        Arg::Cell(i) => *cell_slots
                            .get(i as usize)
                            .ok_or_else(|| internal("bad cell index"))?,
                        Arg::Free(i) => first_free + i,
                        Arg::Label(t) => {
                            let o = offset_of[t];
                            if o == u32::MAX {
                                return Err(internal("jump to an unreachable block"));
                            }
                            o
                        }
                    };
                    if v > MAX_ARG {
                        return Err(CompileError {
                            kind: ErrorKind::SyntaxError,
                            msg: "code object too large".into(),
                            filename: None,
                            lineno: None,
                            offset: None,
                            end_lineno: None,
                            end_offset: None,
                            text: None,
                        });
                    }
                    Ok(v)
                };
                let (opcode, arg) = match ins.op {
                    Op::Setup(_) | Op::PopBlock => continue,
                    Op::Real(op) => {
                        let arg = resolve(ins.arg)?;
                        if op.flags().jump && !op.flags().backward && arg <= here {
                            return Err(internal(format!("{} jumps backwards", op.name())));
                        }
                        (op, arg)
                    }
                    Op::Jump | Op::JumpNoInterrupt => {
                        let target = resolve(ins.arg)?;
                        let op = if target > here {
                            Opcode::JumpForward
                        } else if ins.op == Op::Jump {
                            Opcode::JumpBackward
                        } else {
                            Opcode::JumpBackwardNoInterrupt
                        };
                        (op, target)
                    }
                };
                if opcode == Opcode::JumpBackward {
                    loop_headers.push(arg);
                }
                code.push(CodeUnit::new(opcode, arg));
                locs.push(ins.loc);
                unit_handler.push(ins.handler);
                if let Some(kind) = opcode.cache_kind() {
                    let idx = &mut cache_counts[kind as usize];
                    code.push(CodeUnit(*idx));
                    *idx += 1;
                    locs.push(ins.loc);
                    unit_handler.push(ins.handler);
                }
            }
        }

        // 6. Exception table.
        let mut entries: Vec<ExceptionEntry> = Vec::new();
        let mut i = 0usize;
        while i < unit_handler.len() {
            let Some(h) = unit_handler[i] else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < unit_handler.len() && unit_handler[j] == Some(h) {
                j += 1;
            }
            let handler = &self.handlers[h];
            let target = offset_of[handler.label];
            let depth = handler
                .depth
                .ok_or_else(|| internal("handler depth unknown"))?;
            if target == u32::MAX {
                return Err(internal("unreachable handler"));
            }
            entries.push(ExceptionEntry {
                start: i as u32,
                end: j as u32,
                target,
                depth,
                lasti: handler.lasti,
            });
            i = j;
        }
        let exception_table = ExceptionTable::new(entries);

        // 7. Depths, checked on the final code.
        let (stack_depths, max_stackdepth) =
            analysis::stack_depths(&code, &exception_table).map_err(internal)?;
        loop_headers.sort_unstable();
        loop_headers.dedup();

        Ok(CodeObject {
            name: info.name,
            qualname: info.qualname,
            filename: info.filename,
            first_line: info.first_line,
            flags: CodeFlags(info.flags),
            argcount: info.argcount,
            posonlyargcount: info.posonlyargcount,
            kwonlyargcount: info.kwonlyargcount,
            code: code.into_boxed_slice(),
            consts: self.consts.into_boxed_slice(),
            names: self.names.into_boxed_slice(),
            varnames: self.varnames.into_boxed_slice(),
            cellvars: self.cellvars.into_boxed_slice(),
            freevars: self.freevars.into_boxed_slice(),
            cell_slots: cell_slots.into_boxed_slice(),
            max_stackdepth,
            stack_depths: stack_depths.into_boxed_slice(),
            exception_table,
            line_table: LineTable::encode(&locs),
            cache_counts,
            loop_headers: loop_headers.into_boxed_slice(),
        })
    }
}

fn is_pseudo(op: Op) -> bool {
    matches!(op, Op::Setup(_) | Op::PopBlock)
}

fn next_nonempty_from(order: &[BlockId], pos: usize, blocks: &[Vec<Instr>]) -> Option<BlockId> {
    order[pos..]
        .iter()
        .copied()
        .find(|&b| blocks[b].iter().any(|i| !is_pseudo(i.op)))
}
