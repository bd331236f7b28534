//! Code generation: one jit-ir trace (a loop or a bridge) to AArch64 machine code.
//!
//! Design (a single forward pass):
//! - Liveness comes from jit-ir's `backend_support`; registers are handed out by its
//!   `RegAlloc` (one for `x` registers, one for `d` registers, sharing one `FrameSlots`)
//!   as the trace is walked, with furthest-next-use eviction; every spill, reload and copy
//!   the allocator asks for is emitted on the spot (`regs.rs`).
//! - Op families live in `ops_int`, `ops_float`, `ops_mem`, `guards`, `calls` and `gc`
//!   (inline allocation, write barrier, their out-of-line slow paths).
//! - **Values cross trace boundaries through the word buffer** (`flow.rs`): the trace
//!   start (also a bridge's entry) loads its inputs from it; a guard's exit stub,
//!   `finish` and a jump to another trace store values there. So bridges need no
//!   knowledge of their guard's register state, and attaching a bridge retargets the
//!   single `b` at the end of the guard's exit stub. Inside a trace, labels keep their
//!   arguments in registers: fall-through is free and a back edge is a parallel move.
//! - One native frame per execution (`frame.rs`), with a fixed-size spill area: every
//!   trace, bridge and label of one execution addresses its slots at `[sp + 8*s]`.
//! - Guards are forward `b.cond`/`cbz`/`cbnz` to out-of-line exit stubs emitted after the
//!   body; `guard_not_invalidated` is a `nop` that invalidation turns into a `b` to its
//!   stub. After the body come the exit stubs, the labels' buffer entries, the
//!   out-of-line slow paths and their shared save/call routine, abort stubs, the common
//!   exit and the callable entry stubs with their shared prologue.
//!
//! Invariants: between ops, every live value is where the allocators record it; a guard's
//! stub reads its failargs from the locations captured when its branch was emitted, and
//! nothing that moves values is emitted between that capture and the branch; flags set by
//! an op are consumed only by the guard right after it.

mod calls;
mod flow;
pub(crate) mod frame;
mod gc;
mod guards;
mod ops_float;
mod ops_int;
mod ops_mem;
mod regs;

use std::collections::HashMap;

use tern_jit_ir::backend::BackendConfig;
use tern_jit_ir::backend_support::{FrameSlots, Liveness, Move, RegAlloc};
use tern_jit_ir::descr::Descr;
use tern_jit_ir::{BackendError, Kind, OpCode, OpRef, Trace};

use crate::asm::{Assembler, Code, Cond, Fpr, Gpr, Label, Mem, PatchSite, Width};
use frame::{FPR_ALLOC, GPR_ALLOC, ValLoc};
use gc::Ool;

/// Exit numbers the generated code returns (in `w0`) besides guard exits.
pub(crate) mod exit_code {
    /// `finish()` without a value.
    pub const FINISH_VOID: u32 = 0;
    /// `finish(i)`: the value is in word 0 of the buffer.
    pub const FINISH_INT: u32 = 1;
    /// `finish(p)`.
    pub const FINISH_REF: u32 = 2;
    /// `finish(f)`.
    pub const FINISH_FLOAT: u32 = 3;
    /// Integer division by zero.
    pub const ABORT_DIV_ZERO: u32 = 4;
    /// `i64::MIN / -1` or `i64::MIN % -1`.
    pub const ABORT_DIV_OVERFLOW: u32 = 5;
    /// An allocation slow path returned null.
    pub const ABORT_ALLOC: u32 = 6;
    /// A `call_assembler` callee failed (the runtime recorded why).
    pub const ABORT_CALL_ASSEMBLER: u32 = 7;
    /// First exit number of guards.
    pub const FIRST_GUARD: u32 = 16;
}

/// Why an execution was abandoned, by exit number.
pub(crate) fn abort_message(code: u32) -> Option<&'static str> {
    Some(match code {
        exit_code::ABORT_DIV_ZERO => "integer division by zero",
        exit_code::ABORT_DIV_OVERFLOW => "integer division overflow (MIN / -1)",
        exit_code::ABORT_ALLOC => "the allocation slow path returned null (out of memory)",
        exit_code::ABORT_CALL_ASSEMBLER => "call_assembler failed",
        _ => return None,
    })
}

/// Everything the code generator needs besides the trace.
pub(crate) struct CompileInput<'a> {
    /// The trace (verified by the caller).
    pub trace: &'a Trace,
    /// The run-time environment.
    pub config: &'a BackendConfig,
    /// The loop it belongs to was invalidated already.
    pub invalidated: bool,
    /// Labels of compiled traces, by token id: absolute address of the label's buffer
    /// entry and its number of arguments.
    pub targets: &'a dyn Fn(u64) -> Option<(u64, usize)>,
    /// First exit number for this trace's guards.
    pub first_exit: u32,
    /// Address of the runtime (passed to the `call_assembler` helper).
    pub runtime: u64,
    /// Address of the `call_assembler` helper.
    pub call_assembler_helper: u64,
    /// First GC map id for this trace's GC points.
    pub first_gcmap: u32,
    /// Address of the word holding the innermost JIT frame (root walking).
    pub frame_top: u64,
}

/// A guard's exit as compiled.
#[derive(Clone, Debug)]
pub(crate) struct GuardOut {
    /// Op index.
    pub op: usize,
    /// Its exit number.
    pub exit_no: u32,
    /// Offset of its exit stub.
    pub stub: usize,
    /// The stub's final `b` to the common exit (retargeted to attach a bridge).
    pub exit_branch: PatchSite,
    /// The `guard_not_invalidated` placeholder `nop`, if this is one.
    pub nop: Option<usize>,
}

/// A label as compiled.
#[derive(Clone, Debug)]
pub(crate) struct LabelOut {
    /// The label's token id.
    pub token: u64,
    /// Offset of the code loading its arguments from the word buffer.
    pub offset: usize,
    /// Offset of its callable entry stub (`extern "C" fn(*mut u64) -> u64`).
    pub entry: Option<usize>,
    /// Number of arguments.
    pub args: usize,
}

/// A GC point as compiled: the slots holding references while the collector may run.
#[derive(Clone, Debug)]
pub(crate) struct GcMapOut {
    /// Its id (written to the frame's GCMAP word around the call).
    pub id: u32,
    /// Op index.
    pub op: usize,
    /// Slot numbers holding live references.
    pub slots: Vec<u32>,
}

/// A compiled trace, ready to install.
pub(crate) struct CompiledCode {
    /// The machine code.
    pub code: Code,
    /// Offset of the callable entry stub (`extern "C" fn(*mut u64) -> u64`).
    pub entry: usize,
    /// Offset of the code loading the trace's inputs from the word buffer (where an
    /// attached bridge's guard stub branches to).
    pub body: usize,
    /// Labels.
    pub labels: Vec<LabelOut>,
    /// Guard exits.
    pub guards: Vec<GuardOut>,
    /// Tokens of labels in other traces this one jumps to.
    pub external_jumps: Vec<u64>,
    /// Tokens `call_assembler` targets.
    pub assembler_calls: Vec<u64>,
    /// GC maps.
    pub gcmaps: Vec<GcMapOut>,
    /// Most words of the buffer this trace reads or writes.
    pub words: usize,
}

/// An exit stub to emit after the body.
struct Stub {
    label: Label,
    exit_no: u32,
    op: usize,
    nop: Option<usize>,
    locs: Vec<ValLoc>,
}

/// The state of one compilation.
pub(crate) struct Codegen<'a> {
    pub(crate) a: Assembler,
    pub(crate) t: &'a Trace,
    pub(crate) input: &'a CompileInput<'a>,
    pub(crate) live: Liveness,
    pub(crate) gpr: RegAlloc<Gpr>,
    pub(crate) fpr: RegAlloc<Fpr>,
    pub(crate) slots: FrameSlots,
    gm: Vec<Move<Gpr>>,
    fm: Vec<Move<Fpr>>,
    stubs: Vec<Stub>,
    pub(crate) ools: Vec<Ool>,
    labels: Vec<(LabelOut, Label)>,
    /// Per label token of this trace: (the label's code, its buffer entry).
    local_labels: HashMap<u64, (Label, Label)>,
    /// Labels of this trace already emitted: where back edges move their arguments.
    label_locs: HashMap<u64, flow::LabelLocs>,
    /// The compare whose flags the guard right after it may consume, and the condition
    /// under which the compare is true.
    pub(crate) pending: Option<(OpRef, Cond)>,
    /// The `*_ovf` op just emitted and the condition meaning "overflowed".
    pub(crate) pending_ovf: Option<(usize, Cond)>,
    exit_common: Label,
    aborts: Vec<(u32, Label)>,
    pub(crate) external_jumps: Vec<u64>,
    pub(crate) assembler_calls: Vec<u64>,
    pub(crate) gcmaps: Vec<GcMapOut>,
    /// The shared slow-call routine of the out-of-line paths (see `gc.rs`).
    pub(crate) slow_call: Option<Label>,
    pub(crate) words: usize,
    max_slots: usize,
}

/// Result type of the code generator.
pub(crate) type CgResult<T> = Result<T, BackendError>;

/// Internal inconsistency or limit of the code generator, reported instead of a panic.
pub(crate) fn internal(what: impl std::fmt::Display) -> BackendError {
    BackendError::Unsupported(format!("aarch64 code generator: {what}"))
}

/// Compiles `input.trace`.
pub(crate) fn compile(input: &CompileInput<'_>) -> CgResult<CompiledCode> {
    let t = input.trace;
    let mut a = Assembler::with_capacity(64 + t.len() * 32);
    let exit_common = a.new_label();
    let mut local_labels = HashMap::new();
    for at in 0..t.len() {
        let op = t.op(at);
        if op.opcode == OpCode::Label
            && let Some(tok) = t.descr_of(op).and_then(Descr::as_target)
        {
            let body = a.new_label();
            let buffer_entry = a.new_label();
            local_labels.insert(tok.id, (body, buffer_entry));
        }
    }
    let mut cg = Codegen {
        a,
        t,
        input,
        live: Liveness::compute(t),
        gpr: RegAlloc::new(&GPR_ALLOC),
        fpr: RegAlloc::new(&FPR_ALLOC),
        slots: FrameSlots::new(),
        gm: Vec::new(),
        fm: Vec::new(),
        stubs: Vec::new(),
        ools: Vec::new(),
        labels: Vec::new(),
        local_labels,
        label_locs: HashMap::new(),
        pending: None,
        pending_ovf: None,
        exit_common,
        aborts: Vec::new(),
        external_jumps: Vec::new(),
        assembler_calls: Vec::new(),
        gcmaps: Vec::new(),
        slow_call: None,
        words: t.num_inputs().max(1),
        max_slots: 0,
    };
    let start = cg.a.new_label();
    cg.a.bind(start);
    // Every trace entry (a bridge included) starts with a fresh force word, as the IR
    // interpreter gives every trace it enters a fresh force cell.
    cg.a.str(Width::W64, Gpr::Zr, Mem::base(Gpr::X29, frame::FORCE));
    let inputs: Vec<OpRef> = t.inputs().collect();
    cg.load_from_buffer(&inputs)?;
    for at in 0..t.len() {
        cg.emit_op(at)?;
        cg.after_op(at);
    }
    cg.emit_tail(start)
}

impl<'a> Codegen<'a> {
    /// Emits op `at`.
    fn emit_op(&mut self, at: usize) -> CgResult<()> {
        use OpCode::*;
        let t = self.t;
        let op = *t.op(at);
        let opcode = op.opcode;
        let args = t.args(&op);
        // A compare's flags are only good for a guard_true/guard_false right after it
        // (any other op, even another guard on the same value, may change them).
        if let Some((c, cond)) = self.pending.take()
            && matches!(opcode, GuardTrue | GuardFalse)
            && args.first() == Some(&c)
        {
            self.pending = Some((c, cond));
        }
        if opcode.has_result()
            && opcode.is_removable_when_unused()
            && self.live.uses(t.result_of(at)).is_empty()
        {
            return Ok(());
        }
        if !matches!(opcode, GuardNoOverflow | GuardOverflow) {
            self.pending_ovf = None;
        }
        match opcode {
            IntAdd | IntSub | IntMul | IntAnd | IntOr | IntXor | IntAddOvf | IntSubOvf
            | IntMulOvf => self.int_binop(at, opcode, args[0], args[1]),
            IntDiv | IntRem => self.int_divrem(at, opcode == IntRem, args[0], args[1]),
            IntLshift | IntRshift | UintRshift => self.shift(at, opcode, args[0], args[1]),
            IntNeg | IntInvert => self.int_unary(at, opcode, args[0]),
            IntIsZero | IntIsTrue | IntLt | IntLe | IntGt | IntGe | IntEq | IntNe | UintLt
            | UintLe | UintGt | UintGe | PtrEq | PtrNe => self.int_compare(at, opcode, args),
            CastPtrToInt | CastIntToPtr | SameAsI | SameAsR => self.int_copy(at, args[0]),
            SameAsF => self.float_copy(at, args[0]),
            FloatAdd | FloatSub | FloatMul | FloatTruediv => {
                self.float_binop(at, opcode, args[0], args[1])
            }
            FloatNeg | FloatAbs => self.float_unary(at, opcode, args[0]),
            FloatLt | FloatLe | FloatGt | FloatGe | FloatEq | FloatNe => {
                self.float_compare(at, opcode, args[0], args[1])
            }
            CastFloatToInt => self.float_to_int(at, args[0]),
            CastIntToFloat => self.int_to_float(at, args[0]),
            GuardTrue | GuardFalse | GuardValue | GuardClass | GuardNonnull | GuardIsnull
            | GuardNonnullClass | GuardNoOverflow | GuardOverflow | GuardNoException
            | GuardException | GuardNotInvalidated | GuardNotForced | GuardAlwaysFails => {
                self.guard(at, opcode, args)
            }
            GetfieldGcI | GetfieldGcR | GetfieldGcF | GetfieldRawI | GetfieldRawF => {
                self.getfield(at, args[0])
            }
            SetfieldGc | SetfieldRaw => self.setfield(at, args[0], args[1]),
            GetarrayitemGcI | GetarrayitemGcR | GetarrayitemGcF | GetarrayitemRawI
            | GetarrayitemRawF | Strgetitem => self.getitem(at, args[0], args[1]),
            SetarrayitemGc | SetarrayitemRaw | Strsetitem => {
                self.setitem(at, args[0], args[1], args[2])
            }
            ArraylenGc | Strlen => self.arraylen(at, args[0]),
            New | NewWithVtable => self.new_object(at),
            NewArray | Newstr => self.new_array(at, args[0]),
            CallAssemblerI | CallAssemblerR | CallAssemblerF | CallAssemblerN => {
                self.call_assembler(at, args)
            }
            _ if opcode.is_call_with_function() => self.call(at, args),
            ForceToken => self.force_token(at),
            EscapeN => Err(BackendError::Unsupported(
                "escape_n is test support of the IR interpreter".into(),
            )),
            Label => self.label(at, args),
            Jump => self.jump(at, args),
            Finish => self.finish_op(args),
            DebugMergePoint => Ok(()),
            other => Err(BackendError::Unsupported(format!(
                "aarch64 backend: op {other}"
            ))),
        }
    }

    /// Bookkeeping after op `at`: free what died, forget unused results.
    fn after_op(&mut self, at: usize) {
        let t = self.t;
        if t.op(at).opcode.has_result() {
            let r = t.result_of(at);
            if self.live.uses(r).is_empty() {
                if t.kind_of(r) == Kind::Float {
                    self.fpr.forget(r, &mut self.slots);
                } else {
                    self.gpr.forget(r, &mut self.slots);
                }
            }
        }
        self.gpr.release_dead(at, &self.live, &mut self.slots);
        self.fpr.release_dead(at, &self.live, &mut self.slots);
        self.max_slots = self.max_slots.max(self.slots.len());
    }

    /// The frame-chain cell, when the GC moves objects (frames are then linked so a root
    /// walk finds them).
    fn chain(&self) -> Option<u64> {
        self.input.config.gc.moving.then_some(self.input.frame_top)
    }

    /// The abort stub for `code` (created on first use).
    pub(crate) fn abort_label(&mut self, code: u32) -> Label {
        if let Some(&(_, l)) = self.aborts.iter().find(|(c, _)| *c == code) {
            return l;
        }
        let l = self.a.new_label();
        self.aborts.push((code, l));
        l
    }

    /// Records an exit stub for the guard at `at`, capturing where its failargs are now.
    pub(crate) fn new_stub(&mut self, at: usize) -> CgResult<(Label, usize)> {
        let t = self.t;
        let failargs = t.failargs(at);
        let mut locs = Vec::with_capacity(failargs.len());
        for &v in failargs {
            let loc = self
                .val_loc(v)
                .ok_or_else(|| internal(format!("failarg {v:?} of op {at} has no location")))?;
            locs.push(loc);
        }
        self.words = self.words.max(locs.len());
        let label = self.a.new_label();
        let exit_no = self.input.first_exit + self.stubs.len() as u32;
        self.stubs.push(Stub {
            label,
            exit_no,
            op: at,
            nop: None,
            locs,
        });
        Ok((label, self.stubs.len() - 1))
    }

    /// Marks stub `stub` as a `guard_not_invalidated` placeholder at `offset`.
    pub(crate) fn stub_nop(&mut self, stub: usize, offset: usize) {
        self.stubs[stub].nop = Some(offset);
    }

    /// Emits everything after the body and assembles the code.
    fn emit_tail(mut self, start: Label) -> CgResult<CompiledCode> {
        if self.max_slots > frame::MAX_SLOTS {
            return Err(internal(format!(
                "{} spill slots needed, at most {} supported",
                self.max_slots,
                frame::MAX_SLOTS
            )));
        }
        let stubs = std::mem::take(&mut self.stubs);
        let mut exit_branches = Vec::with_capacity(stubs.len());
        for s in &stubs {
            self.a.bind(s.label);
            self.store_to_buffer(&s.locs);
            self.a.mov_imm(Width::W32, Gpr::X0, s.exit_no as u64);
            exit_branches.push(self.a.b(self.exit_common));
        }
        // In label order, so the code is deterministic.
        let entries: Vec<flow::LabelLocs> = self
            .labels
            .iter()
            .filter_map(|(l, _)| self.label_locs.get(&l.token).cloned())
            .collect();
        for ll in &entries {
            self.emit_buffer_entry(ll);
        }
        let ools = std::mem::take(&mut self.ools);
        for o in &ools {
            self.emit_ool(o);
        }
        self.emit_slow_call_routine();
        let aborts = std::mem::take(&mut self.aborts);
        for &(code, l) in &aborts {
            self.a.bind(l);
            self.a.mov_imm(Width::W32, Gpr::X0, code as u64);
            self.a.b(self.exit_common);
        }
        self.a.bind(self.exit_common);
        let chain = self.chain();
        frame::emit_epilogue(&mut self.a, chain);
        // Callable entry stubs: the trace start (bridges too, so they can be run
        // directly) and every label (`call_assembler` targets), sharing one prologue.
        let prologue = self.a.new_label();
        for i in 0..self.labels.len() {
            self.labels[i].0.entry = Some(self.a.offset());
            let l = self.labels[i].1;
            self.a.adr(Gpr::X16, l);
            self.a.b(prologue);
        }
        let entry = self.a.offset();
        self.a.adr(Gpr::X16, start);
        self.a.bind(prologue);
        frame::emit_prologue(&mut self.a, chain);
        let code = self
            .a
            .finish()
            .map_err(|e| internal(format!("assembler: {e}")))?;
        let body = code
            .label_offset(start)
            .ok_or_else(|| internal("unbound start"))?;
        let mut guards = Vec::with_capacity(stubs.len());
        for (s, exit_branch) in stubs.into_iter().zip(exit_branches) {
            guards.push(GuardOut {
                op: s.op,
                exit_no: s.exit_no,
                stub: code
                    .label_offset(s.label)
                    .ok_or_else(|| internal("unbound stub"))?,
                exit_branch,
                nop: s.nop,
            });
        }
        let mut labels = Vec::with_capacity(self.labels.len());
        for (mut l, asm_label) in std::mem::take(&mut self.labels) {
            l.offset = code
                .label_offset(asm_label)
                .ok_or_else(|| internal("unbound label"))?;
            labels.push(l);
        }
        Ok(CompiledCode {
            code,
            entry,
            body,
            labels,
            guards,
            external_jumps: self.external_jumps,
            assembler_calls: self.assembler_calls,
            gcmaps: self.gcmaps,
            words: self.words,
        })
    }
}
