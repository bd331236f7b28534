//! Code generation: one jit-ir trace (a loop or a bridge) to x86-64 machine code.
//!
//! Design (a single forward pass, PyPy-style):
//! - Liveness comes from jit-ir's `backend_support`; registers are handed out by its
//!   `RegAlloc` (one per register class, sharing one `FrameSlots`) as the trace is walked,
//!   with furthest-next-use eviction; every spill, reload and copy the allocator asks for
//!   is emitted on the spot (`regs.rs`).
//! - Each op is emitted by the module of its family: `ops_int` (integer and reference
//!   arithmetic, comparisons), `ops_float` (SSE2), `ops_mem` (loads and stores of every
//!   width), `guards` (guards and their exit stubs), `calls` (calls, exceptions, forcing,
//!   `call_assembler`), `gc` (inline allocation, write barriers, GC maps), `bridge`
//!   (labels, jumps, bridge entry, finish).
//! - Guards are forward `jcc rel32` branches to out-of-line exit stubs, emitted after the
//!   body, that store the failargs into the word buffer and return the exit number.
//!   Attaching a bridge patches those branches. Slow paths (allocation, write barrier,
//!   conversions, division checks) are out-of-line too, so the inline path stays short.
//! - After the body come the stubs, the slow paths, the common exit (restores registers
//!   and returns), the entry stubs (a callable prologue for the trace start and for every
//!   label) and the constant pool.
//!
//! Invariants: between ops, every live value is in a register or a slot as the allocators
//! record; a guard's stub reads its failargs from the locations recorded when the guard
//! was emitted; flags set by an op are only consumed by the op right after it (fused
//! compare + guard, overflow guards), with nothing emitted in between that changes flags.

mod bridge;
mod calls;
pub(crate) mod frame;
mod gc;
mod guards;
mod ops_float;
mod ops_int;
mod ops_mem;
mod regs;

use tern_jit_ir::backend::BackendConfig;
use tern_jit_ir::backend_support::{FrameSlots, Liveness, Move, RegAlloc};
use tern_jit_ir::{BackendError, Kind, OpCode, OpRef, Trace};

use crate::asm::{Assembler, Code, Cond, Label, Mem, PatchSite};
use crate::asm::{Gpr, Xmm};

pub(crate) use frame::ValLoc;
use frame::{GPR_ALLOC, XMM_ALLOC};

/// Exit numbers the generated code returns (in RAX) besides guard exits.
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

/// A jump target in an already compiled trace.
#[derive(Clone, Debug)]
pub(crate) struct TargetInfo {
    /// Absolute address of the label's code.
    pub addr: u64,
    /// Where the label expects its arguments.
    pub locs: Vec<ValLoc>,
    /// The frame size of the target trace.
    pub frame: u32,
}

/// How a trace is entered.
pub(crate) enum EntryKind<'a> {
    /// A loop (or any trace compiled with `compile_loop`): inputs are loaded by its entry
    /// stub into locations of the code generator's choice.
    Loop,
    /// A bridge: inputs are where the parent's guard left its failargs.
    Bridge {
        /// Location of each input (the guard's failargs).
        locs: &'a [ValLoc],
    },
}

/// Everything the code generator needs besides the trace.
pub(crate) struct CompileInput<'a> {
    /// The trace (verified by the caller).
    pub trace: &'a Trace,
    /// The run-time environment.
    pub config: &'a BackendConfig,
    /// How it is entered.
    pub entry: EntryKind<'a>,
    /// The loop it belongs to was invalidated already.
    pub invalidated: bool,
    /// Labels of compiled traces, by token id.
    pub targets: &'a dyn Fn(u64) -> Option<TargetInfo>,
    /// First exit number for this trace's guards.
    pub first_exit: u32,
    /// First GC map id for this trace's GC points.
    pub first_gcmap: u32,
    /// Address of the runtime (passed to the `call_assembler` helper).
    pub runtime: u64,
    /// Address of the word holding the topmost JIT frame (root walking).
    pub frame_top: u64,
    /// Address of the `call_assembler` helper.
    pub call_assembler_helper: u64,
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
    /// The branches to the stub (patched to attach a bridge).
    pub sites: Sites,
    /// The `guard_not_invalidated` placeholder (5 bytes of NOP), if this is one.
    pub nop: Option<usize>,
    /// Where its failargs are: a range of [`CompiledCode::guard_locs`].
    pub locs: std::ops::Range<u32>,
}

/// The (at most two) branches of a guard to its stub.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sites {
    sites: [Option<PatchSite>; 2],
}

impl Sites {
    fn push(&mut self, site: PatchSite) {
        match self.sites.iter_mut().find(|s| s.is_none()) {
            Some(free) => *free = Some(site),
            // Guards branch to their stub once or twice: an internal limit.
            None => debug_assert!(false, "a guard with more than two branches"),
        }
    }

    /// The sites.
    pub(crate) fn iter(&self) -> impl Iterator<Item = PatchSite> + '_ {
        self.sites.iter().flatten().copied()
    }
}

/// A label as compiled.
#[derive(Clone, Debug)]
pub(crate) struct LabelOut {
    /// The label's token id.
    pub token: u64,
    /// Offset of the label's code.
    pub offset: usize,
    /// Offset of its callable entry stub (`extern "C" fn(*mut u64) -> u64`).
    pub entry: usize,
    /// Where its arguments live.
    pub locs: Vec<ValLoc>,
    /// Their kinds.
    pub kinds: Vec<Kind>,
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
    /// Frame size of the trace.
    pub frame: u32,
    /// Offset of the callable entry stub of the trace start.
    pub entry: usize,
    /// Labels.
    pub labels: Vec<LabelOut>,
    /// Guard exits.
    pub guards: Vec<GuardOut>,
    /// The failarg locations of all guards (see [`GuardOut::locs`]).
    pub guard_locs: Vec<ValLoc>,
    /// GC maps.
    pub gcmaps: Vec<GcMapOut>,
    /// Tokens of labels in other traces this one jumps to.
    pub external_jumps: Vec<u64>,
    /// Tokens `call_assembler` targets.
    pub assembler_calls: Vec<u64>,
}

/// A compare whose flags the next guard consumes directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Truth {
    /// True when the condition holds.
    If(Cond),
    /// Float `==`: ZF set and PF clear.
    FloatEq,
    /// Float `!=`: ZF clear or PF set.
    FloatNe,
}

/// An exit stub to emit after the body.
struct Stub {
    label: Label,
    exit_no: u32,
    op: usize,
    sites: Sites,
    nop: Option<usize>,
    locs: std::ops::Range<u32>,
}

/// An out-of-line path to emit after the body (see `gc.rs`, `ops_int.rs`, ...).
pub(crate) enum Ool {
    /// A call to a runtime slow path that preserves every register of the inline path.
    Call(gc::SlowCall),
    /// `cvttsd2si` returned the "indefinite" value: fix NaN and positive overflow.
    FloatToInt {
        entry: Label,
        back: Label,
        dst: Gpr,
        src: Xmm,
    },
    /// Division by -1: `-x` (or 0 for remainders), aborting on `MIN / -1`.
    DivByMinusOne {
        entry: Label,
        back: Label,
        rem: bool,
    },
}

/// An entry in the constant pool.
struct PoolEntry {
    label: Label,
    bits: u64,
    /// A 16-byte entry (both lanes `bits`), 16-byte aligned (SSE `xorpd`/`andpd` masks).
    wide: bool,
}

/// The state of one compilation.
pub(crate) struct Codegen<'a> {
    pub(crate) a: Assembler,
    pub(crate) t: &'a Trace,
    pub(crate) input: &'a CompileInput<'a>,
    pub(crate) live: Liveness,
    pub(crate) gpr: RegAlloc<Gpr>,
    pub(crate) xmm: RegAlloc<Xmm>,
    pub(crate) slots: FrameSlots,
    gm: Vec<Move<Gpr>>,
    xm: Vec<Move<Xmm>>,
    stubs: Vec<Stub>,
    /// Failarg locations of all stubs (each stub has a range).
    stub_locs: Vec<ValLoc>,
    pub(crate) ools: Vec<Ool>,
    pub(crate) labels: Vec<(LabelOut, Label)>,
    pool: Vec<PoolEntry>,
    /// The compare whose flags the guard at the given op index may consume.
    pub(crate) pending: Option<(OpRef, Truth)>,
    exit_common: Label,
    aborts: Vec<(u32, Label)>,
    /// Smallest frame this trace must have (targets of its external jumps).
    pub(crate) min_frame: u32,
    /// Offset of the disp32 of the bridge prologue's `lea rsp, [rbp - frame]`.
    frame_patch: Option<usize>,
    pub(crate) gcmaps: Vec<GcMapOut>,
    pub(crate) external_jumps: Vec<u64>,
    pub(crate) assembler_calls: Vec<u64>,
    input_locs: Vec<Option<ValLoc>>,
    body: Label,
}

/// Result type of the code generator.
pub(crate) type CgResult<T> = Result<T, BackendError>;

/// Internal inconsistency of the code generator, reported instead of a panic.
pub(crate) fn internal(what: impl std::fmt::Display) -> BackendError {
    BackendError::Unsupported(format!("x86 code generator: {what}"))
}

/// Compiles `input.trace`.
pub(crate) fn compile(input: &CompileInput<'_>) -> CgResult<CompiledCode> {
    let t = input.trace;
    let mut a = Assembler::with_capacity(64 + t.len() * 24);
    let exit_common = a.new_label();
    let body = a.new_label();
    let mut cg = Codegen {
        a,
        t,
        input,
        live: Liveness::compute(t),
        gpr: RegAlloc::new(&GPR_ALLOC),
        xmm: RegAlloc::new(&XMM_ALLOC),
        slots: FrameSlots::new(),
        gm: Vec::new(),
        xm: Vec::new(),
        stubs: Vec::with_capacity(t.len() / 4),
        stub_locs: Vec::with_capacity(t.len() * 2),
        ools: Vec::new(),
        labels: Vec::new(),
        pool: Vec::new(),
        pending: None,
        exit_common,
        aborts: Vec::new(),
        min_frame: 0,
        frame_patch: None,
        gcmaps: Vec::new(),
        external_jumps: Vec::new(),
        assembler_calls: Vec::new(),
        input_locs: Vec::new(),
        body,
    };
    cg.place_inputs()?;
    cg.a.bind(cg.body);
    if matches!(input.entry, EntryKind::Bridge { .. }) {
        cg.bridge_prologue();
    }
    for at in 0..t.len() {
        cg.emit_op(at)?;
        cg.after_op(at);
    }
    cg.emit_tail()
}

impl<'a> Codegen<'a> {
    /// Emits op `at`.
    fn emit_op(&mut self, at: usize) -> CgResult<()> {
        use OpCode::*;
        let t = self.t;
        let op = *t.op(at);
        let opcode = op.opcode;
        let args = t.args(&op);
        if opcode.has_result()
            && opcode.is_removable_when_unused()
            && self.live.uses(t.result_of(at)).is_empty()
        {
            return Ok(());
        }
        if self
            .pending
            .is_some_and(|(c, _)| !opcode.is_guard() || args.first() != Some(&c))
        {
            self.pending = None;
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
            other => Err(BackendError::Unsupported(format!("op {other}"))),
        }
    }

    /// Bookkeeping after op `at`: free what died, forget unused results.
    fn after_op(&mut self, at: usize) {
        let t = self.t;
        if t.op(at).opcode.has_result() {
            let r = t.result_of(at);
            if self.live.uses(r).is_empty() {
                if t.kind_of(r) == Kind::Float {
                    self.xmm.forget(r, &mut self.slots);
                } else {
                    self.gpr.forget(r, &mut self.slots);
                }
            }
        }
        self.gpr.release_dead(at, &self.live, &mut self.slots);
        self.xmm.release_dead(at, &self.live, &mut self.slots);
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

    /// A constant-pool entry holding `bits` (8 bytes, or 16 aligned bytes when `wide`).
    pub(crate) fn pool_const(&mut self, bits: u64, wide: bool) -> Mem {
        let label = match self.pool.iter().find(|e| e.bits == bits && e.wide == wide) {
            Some(e) => e.label,
            None => {
                let l = self.a.new_label();
                self.pool.push(PoolEntry {
                    label: l,
                    bits,
                    wide,
                });
                l
            }
        };
        Mem::rip(label, 0)
    }

    /// Records an exit stub for the guard at `at`, capturing where its failargs are now.
    /// Returns the stub's label; branches to it are added with [`Codegen::stub_site`].
    pub(crate) fn new_stub(&mut self, at: usize) -> CgResult<(Label, usize)> {
        let t = self.t;
        let failargs = t.failargs(at);
        let start = self.stub_locs.len() as u32;
        for &v in failargs {
            let loc = self
                .val_loc(v)
                .ok_or_else(|| internal(format!("failarg {v:?} of op {at} has no location")))?;
            self.stub_locs.push(loc);
        }
        let locs = start..self.stub_locs.len() as u32;
        let label = self.a.new_label();
        let exit_no = self.input.first_exit + self.stubs.len() as u32;
        self.stubs.push(Stub {
            label,
            exit_no,
            op: at,
            sites: Sites::default(),
            nop: None,
            locs,
        });
        Ok((label, self.stubs.len() - 1))
    }

    /// Adds a patchable branch site to stub `stub`.
    pub(crate) fn stub_site(&mut self, stub: usize, site: PatchSite) {
        self.stubs[stub].sites.push(site);
    }

    /// Marks stub `stub` as a `guard_not_invalidated` placeholder at `offset`.
    pub(crate) fn stub_nop(&mut self, stub: usize, offset: usize) {
        self.stubs[stub].nop = Some(offset);
    }

    /// Emits everything after the body and assembles the code.
    fn emit_tail(mut self) -> CgResult<CompiledCode> {
        let stubs = std::mem::take(&mut self.stubs);
        let mut guards = Vec::with_capacity(stubs.len());
        let stub_locs = std::mem::take(&mut self.stub_locs);
        for s in &stubs {
            self.a.bind(s.label);
            self.emit_stub_body(
                s.exit_no,
                &stub_locs[s.locs.start as usize..s.locs.end as usize],
            );
        }
        let ools = std::mem::take(&mut self.ools);
        for o in &ools {
            self.emit_ool(o)?;
        }
        let aborts = std::mem::take(&mut self.aborts);
        for &(code, l) in &aborts {
            self.a.bind(l);
            self.a.mov_ri(crate::asm::Width::W32, Gpr::Rax, code as i64);
            self.a.jmp(self.exit_common);
        }
        self.a.bind(self.exit_common);
        self.emit_exit_common();
        let frame = frame::frame_size(self.slots.len()).max(self.min_frame);
        if let Some(at) = self.frame_patch {
            self.a.patch_u32(at, (-(frame as i32)) as u32);
        }
        let entry = self.a.offset();
        let input_locs = std::mem::take(&mut self.input_locs);
        let body = self.body;
        self.emit_entry_stub(frame, &input_locs, body);
        let labels = std::mem::take(&mut self.labels);
        let mut label_entries = Vec::with_capacity(labels.len());
        for (l, asm_label) in &labels {
            label_entries.push(self.a.offset());
            let locs: Vec<Option<ValLoc>> = l.locs.iter().map(|&x| Some(x)).collect();
            self.emit_entry_stub(frame, &locs, *asm_label);
        }
        self.emit_pool();
        let code = self
            .a
            .finish()
            .map_err(|e| internal(format!("assembler: {e}")))?;
        for s in stubs {
            guards.push(GuardOut {
                op: s.op,
                exit_no: s.exit_no,
                stub: code
                    .label_offset(s.label)
                    .ok_or_else(|| internal("unbound stub"))?,
                sites: s.sites,
                nop: s.nop,
                locs: s.locs,
            });
        }
        let mut out_labels = Vec::with_capacity(labels.len());
        for ((mut l, asm_label), e) in labels.into_iter().zip(label_entries) {
            l.offset = code
                .label_offset(asm_label)
                .ok_or_else(|| internal("unbound label"))?;
            l.entry = e;
            out_labels.push(l);
        }
        Ok(CompiledCode {
            code,
            frame,
            entry,
            labels: out_labels,
            guards,
            guard_locs: stub_locs,
            gcmaps: self.gcmaps,
            external_jumps: self.external_jumps,
            assembler_calls: self.assembler_calls,
        })
    }

    fn emit_pool(&mut self) {
        if self.pool.is_empty() {
            return;
        }
        let pool = std::mem::take(&mut self.pool);
        self.a.align(16);
        for e in pool.iter().filter(|e| e.wide) {
            self.a.bind(e.label);
            self.a.data_u64(e.bits);
            self.a.data_u64(e.bits);
        }
        for e in pool.iter().filter(|e| !e.wide) {
            self.a.bind(e.label);
            self.a.data_u64(e.bits);
        }
    }
}
