//! The interpreter loop: one `loop { match opcode }` over the code units of the top frame.
//!
//! Python-to-Python calls push a frame record and continue in the same loop (no Rust
//! recursion); a call from Rust (`Vm::call_at`, generators, class bodies) enters the loop
//! again with an `ENTRY` frame, and `RETURN_VALUE`/`YIELD_VALUE` of an entry frame leave it.
//!
//! Register discipline: `code`, `instrs`, `base` and `fr` (the top frame record) are cached
//! in locals and reloaded by `reload!` whenever the top frame changes. The stack pointer
//! lives in the state (the collector must see it). Every instruction stores its offset in
//! the frame record first (`pc` is what tracebacks and `f_lineno` report).
//!
//! Errors: an instruction that fails breaks out of the dispatch loop with the `PyErr`; the
//! handler adds a traceback entry (unless the instruction re-raised), looks up the exception
//! table of the frame, and either jumps to the handler (stack unwound to the entry's depth,
//! `lasti` and the exception pushed) or pops the frame and repeats in the caller.

use crate::bytecode::{BinaryOperator, CompareOperator, Opcode};
use crate::objects::code::CodeRt;
use crate::runtime::builtin_types::{Kind, T, tf};
use crate::runtime::errors::{PyErr, PyResult};
use crate::runtime::layout::func_;
use crate::runtime::roots::{Frame, ff};
use crate::runtime::value::Value;
use crate::runtime::vm::Vm;

macro_rules! opconsts {
    ($($c:ident = $v:ident),* $(,)?) => { $(const $c: u8 = Opcode::$v as u8;)* };
}

opconsts! {
    NOP = Nop, POP_TOP = PopTop, PUSH_NULL = PushNull, COPY = Copy, SWAP = Swap,
    LOAD_CONST = LoadConst, RETURN_VALUE = ReturnValue, LOAD_FAST = LoadFast,
    STORE_FAST = StoreFast, DELETE_FAST = DeleteFast, LOAD_DEREF = LoadDeref,
    STORE_DEREF = StoreDeref, DELETE_DEREF = DeleteDeref, LOAD_CLASSDEREF = LoadClassDeref,
    LOAD_CLOSURE = LoadClosure, MAKE_CELL = MakeCell, COPY_FREE_VARS = CopyFreeVars,
    LOAD_NAME = LoadName, STORE_NAME = StoreName, DELETE_NAME = DeleteName,
    LOAD_GLOBAL = LoadGlobal, STORE_GLOBAL = StoreGlobal, DELETE_GLOBAL = DeleteGlobal,
    LOAD_ATTR = LoadAttr, LOAD_METHOD = LoadMethod, STORE_ATTR = StoreAttr,
    DELETE_ATTR = DeleteAttr, BINARY_SUBSCR = BinarySubscr, STORE_SUBSCR = StoreSubscr,
    DELETE_SUBSCR = DeleteSubscr, BUILD_SLICE = BuildSlice, BINARY_SLICE = BinarySlice,
    STORE_SLICE = StoreSlice, UNARY_POSITIVE = UnaryPositive, UNARY_NEGATIVE = UnaryNegative,
    UNARY_NOT = UnaryNot, UNARY_INVERT = UnaryInvert, BINARY_OP = BinaryOp,
    COMPARE_OP = CompareOp, IS_OP = IsOp, CONTAINS_OP = ContainsOp,
    JUMP_FORWARD = JumpForward, JUMP_BACKWARD = JumpBackward,
    JUMP_BACKWARD_NO_INTERRUPT = JumpBackwardNoInterrupt, POP_JUMP_IF_FALSE = PopJumpIfFalse,
    POP_JUMP_IF_TRUE = PopJumpIfTrue, POP_JUMP_IF_NONE = PopJumpIfNone,
    POP_JUMP_IF_NOT_NONE = PopJumpIfNotNone, JUMP_IF_FALSE_OR_POP = JumpIfFalseOrPop,
    JUMP_IF_TRUE_OR_POP = JumpIfTrueOrPop, GET_ITER = GetIter, FOR_ITER = ForIter,
    GET_YIELD_FROM_ITER = GetYieldFromIter, GET_AITER = GetAiter, GET_ANEXT = GetAnext,
    END_ASYNC_FOR = EndAsyncFor, GET_AWAITABLE = GetAwaitable, SEND = Send, END_SEND = EndSend,
    YIELD_VALUE = YieldValue, CLEANUP_THROW = CleanupThrow, ASYNC_GEN_WRAP = AsyncGenWrap,
    CALL = Call, CALL_KW = CallKw, CALL_FUNCTION_EX = CallFunctionEx,
    MAKE_FUNCTION = MakeFunction, LOAD_BUILD_CLASS = LoadBuildClass, BUILD_TUPLE = BuildTuple,
    BUILD_LIST = BuildList, BUILD_SET = BuildSet, BUILD_MAP = BuildMap,
    BUILD_CONST_KEY_MAP = BuildConstKeyMap, BUILD_STRING = BuildString,
    LIST_APPEND = ListAppend, SET_ADD = SetAdd, MAP_ADD = MapAdd, LIST_EXTEND = ListExtend,
    SET_UPDATE = SetUpdate, DICT_UPDATE = DictUpdate, DICT_MERGE = DictMerge,
    LIST_TO_TUPLE = ListToTuple, UNPACK_SEQUENCE = UnpackSequence, UNPACK_EX = UnpackEx,
    FORMAT_VALUE = FormatValue, RAISE_VARARGS = RaiseVarargs, RERAISE = Reraise,
    PUSH_EXC_INFO = PushExcInfo, POP_EXCEPT = PopExcept, CHECK_EXC_MATCH = CheckExcMatch,
    CHECK_EG_MATCH = CheckEgMatch, PREP_RERAISE_STAR = PrepReraiseStar,
    WITH_EXCEPT_START = WithExceptStart, BEFORE_WITH = BeforeWith,
    BEFORE_ASYNC_WITH = BeforeAsyncWith, LOAD_ASSERTION_ERROR = LoadAssertionError,
    SETUP_ANNOTATIONS = SetupAnnotations, IMPORT_NAME = ImportName, IMPORT_FROM = ImportFrom,
    IMPORT_STAR = ImportStar, PRINT_EXPR = PrintExpr, MATCH_CLASS = MatchClass,
    MATCH_MAPPING = MatchMapping, MATCH_SEQUENCE = MatchSequence, MATCH_KEYS = MatchKeys,
    GET_LEN = GetLen,
}

/// How the loop was left by an entry frame.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Exit {
    /// `RETURN_VALUE`.
    Return,
    /// `YIELD_VALUE` (generator frames).
    Yield,
}

impl Vm {
    /// Runs the top frame (an `ENTRY` frame) to completion.
    pub fn run_frames(&mut self) -> PyResult<Value> {
        self.run_frames_ex(false).map(|(v, _)| v)
    }

    /// Runs the top frame; with `throw`, the pending exception (in the state) is raised at
    /// the frame's current instruction first. Returns the result and how the frame ended.
    pub fn run_frames_ex(&mut self, throw: bool) -> PyResult<(Value, Exit)> {
        // Each level of Rust recursion (an entry frame, a native call) uses a bounded amount
        // of machine stack; only deep nesting needs the (not free) remaining-stack check.
        if self.rust_depth + self.st().frames.len() < 64 {
            return self.eval_loop(throw);
        }
        stacker::maybe_grow(256 * 1024, 16 * 1024 * 1024, || self.eval_loop(throw))
    }

    #[inline(never)]
    #[allow(unused_assignments)]
    fn eval_loop(&mut self, mut throw: bool) -> PyResult<(Value, Exit)> {
        let mut fr: *mut Frame = self.top_frame_ptr();
        // SAFETY (for every `*fr` below): `fr` points at the top frame record, which exists
        // until it is popped, and records never move (fixed-capacity vector). `reload!`
        // re-derives it whenever the top frame changes.
        let mut code: &CodeRt = unsafe { &*(*fr).code };
        let mut instrs: &[crate::bytecode::CodeUnit] = code.code();
        let mut pc: usize = unsafe { (*fr).pc } as usize;
        let mut base: usize = unsafe { (*fr).base } as usize;

        macro_rules! reload {
            () => {{
                fr = self.top_frame_ptr();
                code = unsafe { &*(*fr).code };
                instrs = code.code();
                pc = unsafe { (*fr).pc } as usize;
                base = unsafe { (*fr).base } as usize;
            }};
        }
        macro_rules! push {
            ($v:expr) => {{
                let w = $v.raw();
                self.push_unchecked(w)
            }};
        }
        macro_rules! pop {
            () => {{
                let st = self.stm();
                st.sp -= 1;
                // SAFETY: the verified stack depth guarantees a value below sp.
                Value::from_raw_nonnull(unsafe { *st.stack.add(st.sp) })
            }};
        }
        macro_rules! top {
            () => {
                Value::from_raw_nonnull(self.slot(self.sp() - 1))
            };
        }
        macro_rules! peek {
            ($n:expr) => {
                Value::from_raw_nonnull(self.slot(self.sp() - $n))
            };
        }
        macro_rules! set_top {
            ($v:expr) => {{
                let i = self.sp() - 1;
                self.set_slot(i, $v.raw())
            }};
        }

        loop {
            let mut reraise = false;
            let mut handler_at: Option<usize> = None;
            let err: PyErr = 'dispatch: loop {
                macro_rules! tri {
                    ($e:expr) => {
                        match $e {
                            Ok(v) => v,
                            Err(e) => break 'dispatch e,
                        }
                    };
                }
                if throw {
                    throw = false;
                    // The pending exception is raised at the current instruction.
                    break 'dispatch crate::runtime::errors::PyErr::pending();
                }
                debug_assert!(pc < instrs.len());
                // SAFETY: `pc` always indexes an instruction of this code object: it starts
                // at 0 or a saved/jump target, and the verified code never falls off its end.
                let w = unsafe { instrs.get_unchecked(pc) }.0;
                unsafe { (*fr).pc = pc as u32 };
                pc += 1;
                let arg = (w >> 8) as usize;
                match w as u8 {
                    NOP => {}
                    POP_TOP => {
                        self.stm().sp -= 1;
                    }
                    PUSH_NULL => self.push_unchecked(0),
                    COPY => {
                        let w = self.slot(self.sp() - arg);
                        self.push_unchecked(w);
                    }
                    SWAP => {
                        let top = self.sp() - 1;
                        let other = self.sp() - arg;
                        let a = self.slot(top);
                        let b = self.slot(other);
                        self.set_slot(top, b);
                        self.set_slot(other, a);
                    }
                    LOAD_CONST => {
                        let w = code.consts[arg].get();
                        self.push_unchecked(w);
                    }
                    LOAD_FAST => {
                        let w = self.slot(base + arg);
                        if w == 0 {
                            break 'dispatch self.unbound_local(code, arg);
                        }
                        self.push_unchecked(w);
                    }
                    STORE_FAST => {
                        let v = pop!();
                        self.set_slot(base + arg, v.raw());
                    }
                    DELETE_FAST => {
                        if self.slot(base + arg) == 0 {
                            break 'dispatch self.unbound_local(code, arg);
                        }
                        self.set_slot(base + arg, 0);
                    }
                    LOAD_DEREF => {
                        let cell = Value::from_raw_nonnull(self.slot(base + arg));
                        match self.cell_get(cell) {
                            Some(v) => push!(v),
                            None => break 'dispatch self.unbound_deref(code, arg),
                        }
                    }
                    STORE_DEREF => {
                        let v = pop!();
                        let cell = Value::from_raw_nonnull(self.slot(base + arg));
                        self.cell_set(cell, Some(v));
                    }
                    DELETE_DEREF => {
                        let cell = Value::from_raw_nonnull(self.slot(base + arg));
                        if self.cell_get(cell).is_none() {
                            break 'dispatch self.unbound_deref(code, arg);
                        }
                        self.cell_set(cell, None);
                    }
                    LOAD_CLASSDEREF => {
                        let v = tri!(self.op_load_classderef(fr, code, base, arg));
                        push!(v);
                    }
                    LOAD_CLOSURE => {
                        let w = self.slot(base + arg);
                        self.push_unchecked(w);
                    }
                    MAKE_CELL => {
                        let v = Value::from_raw(self.slot(base + arg));
                        let c = tri!(self.new_cell(v));
                        self.set_slot(base + arg, c.raw());
                    }
                    COPY_FREE_VARS => {
                        let func = Value::from_raw_nonnull(unsafe { (*fr).func });
                        let closure = self.ldv1(func, func_::CLOSURE);
                        let first = code.nlocalsplus - arg;
                        for i in 0..arg {
                            let c = self.tuple_get(closure, i);
                            self.set_slot(base + first + i, c.raw());
                        }
                    }
                    LOAD_NAME => {
                        let v = tri!(self.op_load_name(fr, code, arg));
                        push!(v);
                    }
                    STORE_NAME => {
                        let v = top!();
                        tri!(self.op_store_name(fr, code, arg, v));
                        self.stm().sp -= 1;
                    }
                    DELETE_NAME => tri!(self.op_delete_name(fr, code, arg)),
                    LOAD_GLOBAL => {
                        let ci = instrs[pc].0 as usize;
                        pc += 1;
                        let v = tri!(self.op_load_global(fr, code, arg >> 1, ci));
                        push!(v);
                        if arg & 1 != 0 {
                            self.push_unchecked(0);
                        }
                    }
                    STORE_GLOBAL => {
                        let v = top!();
                        let g = Value::from_raw_nonnull(unsafe { (*fr).globals });
                        let k = Value::from_raw_nonnull(code.names[arg].get());
                        tri!(self.dict_set_item(g, k, v));
                        self.stm().sp -= 1;
                    }
                    DELETE_GLOBAL => {
                        let g = Value::from_raw_nonnull(unsafe { (*fr).globals });
                        let k = Value::from_raw_nonnull(code.names[arg].get());
                        if tri!(self.dict_del_item(g, k)).is_none() {
                            let name = self.str_string(k);
                            break 'dispatch self.name_error(&name, false);
                        }
                    }
                    LOAD_ATTR => {
                        let ci = instrs[pc].0 as usize;
                        pc += 1;
                        let obj = top!();
                        let v = tri!(self.op_load_attr(code, arg, ci, obj));
                        set_top!(v);
                    }
                    LOAD_METHOD => {
                        let ci = instrs[pc].0 as usize;
                        pc += 1;
                        let obj = top!();
                        let slot = self.sp() - 1;
                        self.push_unchecked(0);
                        tri!(self.op_load_method(code, arg, ci, obj, slot));
                    }
                    STORE_ATTR => {
                        let ci = instrs[pc].0 as usize;
                        pc += 1;
                        let obj = top!();
                        let v = peek!(2);
                        tri!(self.op_store_attr(code, arg, ci, obj, v));
                        self.stm().sp -= 2;
                    }
                    DELETE_ATTR => {
                        let obj = top!();
                        tri!(self.delattr(obj, code.name_ids[arg]));
                        self.stm().sp -= 1;
                    }
                    BINARY_SUBSCR => {
                        pc += 1;
                        let k = top!();
                        let c = peek!(2);
                        let v = tri!(self.getitem(c, k));
                        self.stm().sp -= 1;
                        set_top!(v);
                    }
                    STORE_SUBSCR => {
                        pc += 1;
                        let k = top!();
                        let c = peek!(2);
                        let v = peek!(3);
                        tri!(self.setitem(c, k, v));
                        self.stm().sp -= 3;
                    }
                    DELETE_SUBSCR => {
                        let k = top!();
                        let c = peek!(2);
                        tri!(self.delitem(c, k));
                        self.stm().sp -= 2;
                    }
                    BUILD_SLICE => {
                        let start = self.sp() - arg;
                        let s = tri!(self.new_slice_from_slots(start, arg));
                        self.truncate(start);
                        push!(s);
                    }
                    BINARY_SLICE => {
                        let start = self.sp() - 2;
                        let s = tri!(self.new_slice_from_slots(start, 2));
                        self.set_slot(start, s.raw());
                        self.truncate(start + 1);
                        let c = peek!(2);
                        let v = tri!(self.getitem(c, s));
                        self.stm().sp -= 1;
                        set_top!(v);
                    }
                    STORE_SLICE => {
                        let start = self.sp() - 2;
                        let s = tri!(self.new_slice_from_slots(start, 2));
                        self.set_slot(start, s.raw());
                        self.truncate(start + 1);
                        let c = peek!(2);
                        let v = peek!(3);
                        tri!(self.setitem(c, s, v));
                        self.stm().sp -= 3;
                    }
                    UNARY_POSITIVE => {
                        let v = tri!(self.pos(top!()));
                        set_top!(v);
                    }
                    UNARY_NEGATIVE => {
                        let v = tri!(self.neg(top!()));
                        set_top!(v);
                    }
                    UNARY_NOT => {
                        let b = tri!(self.truthy(top!()));
                        let v = self.bool_val(!b);
                        set_top!(v);
                    }
                    UNARY_INVERT => {
                        let v = tri!(self.invert(top!()));
                        set_top!(v);
                    }
                    BINARY_OP => {
                        pc += 1;
                        let b = top!();
                        let a = peek!(2);
                        let op = crate::bytecode::BinaryOperator::from_u32(arg as u32)
                            .unwrap_or(BinaryOperator::Add);
                        let r = if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
                            match self.fast_small_op(op, x, y) {
                                Some(v) => v,
                                None => tri!(self.binary_op(a, b, op)),
                            }
                        } else if self.is_float(a) && self.is_float(b) {
                            match self.fast_float_op(op, self.float_val(a), self.float_val(b)) {
                                Some(f) => tri!(self.new_float(f)),
                                None => tri!(self.binary_op(a, b, op)),
                            }
                        } else {
                            tri!(self.binary_op(a, b, op))
                        };
                        self.stm().sp -= 1;
                        set_top!(r);
                    }
                    COMPARE_OP => {
                        pc += 1;
                        let b = top!();
                        let a = peek!(2);
                        let op =
                            CompareOperator::from_u32(arg as u32).unwrap_or(CompareOperator::Eq);
                        let r = match self.native_order(a, b) {
                            Some(o) => {
                                let t = match o {
                                    Some(o) => crate::runtime::ops::ordering_matches(o, op),
                                    None => op == CompareOperator::Ne,
                                };
                                self.bool_val(t)
                            }
                            None => tri!(self.rich_compare(a, b, op)),
                        };
                        self.stm().sp -= 1;
                        set_top!(r);
                    }
                    IS_OP => {
                        let b = top!();
                        let a = peek!(2);
                        let r = self.bool_val((a == b) != (arg == 1));
                        self.stm().sp -= 1;
                        set_top!(r);
                    }
                    CONTAINS_OP => {
                        let c = top!();
                        let v = peek!(2);
                        let b = tri!(self.contains(c, v));
                        let r = self.bool_val(b != (arg == 1));
                        self.stm().sp -= 1;
                        set_top!(r);
                    }
                    JUMP_FORWARD => pc = arg,
                    JUMP_BACKWARD => {
                        pc = arg;
                        if self.interrupt.load(std::sync::atomic::Ordering::Relaxed)
                            && let Err(e) = self.run_pending_signals()
                        {
                            break 'dispatch e;
                        }
                    }
                    JUMP_BACKWARD_NO_INTERRUPT => pc = arg,
                    POP_JUMP_IF_FALSE => {
                        let v = pop!();
                        let t = if v == self.c(crate::runtime::roots::C::False) {
                            false
                        } else if v == self.c(crate::runtime::roots::C::True) {
                            true
                        } else {
                            let mark = self.sp();
                            self.push_unchecked(v.raw());
                            let r = self.truthy(v);
                            self.truncate(mark);
                            tri!(r)
                        };
                        if !t {
                            pc = arg;
                        }
                    }
                    POP_JUMP_IF_TRUE => {
                        let v = pop!();
                        let t = if v == self.c(crate::runtime::roots::C::True) {
                            true
                        } else if v == self.c(crate::runtime::roots::C::False) {
                            false
                        } else {
                            let mark = self.sp();
                            self.push_unchecked(v.raw());
                            let r = self.truthy(v);
                            self.truncate(mark);
                            tri!(r)
                        };
                        if t {
                            pc = arg;
                        }
                    }
                    POP_JUMP_IF_NONE => {
                        let v = pop!();
                        if self.is_none(v) {
                            pc = arg;
                        }
                    }
                    POP_JUMP_IF_NOT_NONE => {
                        let v = pop!();
                        if !self.is_none(v) {
                            pc = arg;
                        }
                    }
                    JUMP_IF_FALSE_OR_POP => {
                        let t = tri!(self.truthy(top!()));
                        if !t {
                            pc = arg;
                        } else {
                            self.stm().sp -= 1;
                        }
                    }
                    JUMP_IF_TRUE_OR_POP => {
                        let t = tri!(self.truthy(top!()));
                        if t {
                            pc = arg;
                        } else {
                            self.stm().sp -= 1;
                        }
                    }
                    GET_ITER => {
                        let it = tri!(self.get_iter(top!()));
                        set_top!(it);
                    }
                    FOR_ITER => {
                        pc += 1;
                        let it = top!();
                        let next = match self.kind(it) {
                            Kind::RangeIter => match self.range_iter_next_fast(it) {
                                Some(v) => Some(v),
                                None => tri!(self.range_iter_next(it)),
                            },
                            Kind::ListIter => self.list_iter_next(it),
                            Kind::Generator => {
                                let none = self.none();
                                match tri!(self.gen_resume(it, none, false)) {
                                    crate::interp::generator::GenResult::Yield(v) => Some(v),
                                    crate::interp::generator::GenResult::Return(_) => None,
                                }
                            }
                            _ => tri!(self.iter_next(it)),
                        };
                        match next {
                            Some(v) => push!(v),
                            None => {
                                self.stm().sp -= 1;
                                pc = arg;
                            }
                        }
                    }
                    GET_YIELD_FROM_ITER => {
                        let v = top!();
                        let k = self.kind(v);
                        if k == Kind::Coroutine {
                            let fl = code.co.flags;
                            if !fl.has(
                                crate::bytecode::CodeFlags::COROUTINE
                                    | crate::bytecode::CodeFlags::ITERABLE_COROUTINE,
                            ) {
                                break 'dispatch self.type_error("cannot 'yield from' a coroutine object in a non-coroutine generator");
                            }
                        } else if k != Kind::Generator {
                            let it = tri!(self.get_iter(v));
                            set_top!(it);
                        }
                    }
                    GET_AITER => {
                        let v = tri!(self.op_get_aiter(top!()));
                        set_top!(v);
                    }
                    GET_ANEXT => {
                        let v = tri!(self.op_get_anext(top!()));
                        push!(v);
                    }
                    END_ASYNC_FOR => {
                        let exc = top!();
                        if self.isinstance_builtin(exc, T::StopAsyncIteration) {
                            self.stm().sp -= 2;
                        } else {
                            let e = self.reraise(exc);
                            self.stm().sp -= 1;
                            reraise = true;
                            break 'dispatch e;
                        }
                    }
                    GET_AWAITABLE => {
                        let v = tri!(self.op_get_awaitable(top!(), arg));
                        set_top!(v);
                    }
                    SEND => {
                        let v = top!();
                        let recv = peek!(2);
                        match tri!(self.op_send(recv, v)) {
                            (r, false) => set_top!(r),
                            (r, true) => {
                                set_top!(r);
                                pc = arg;
                            }
                        }
                    }
                    END_SEND => {
                        let v = pop!();
                        set_top!(v);
                    }
                    YIELD_VALUE => {
                        let v = pop!();
                        self.save_generator(fr, pc, base, code);
                        return Ok((v, Exit::Yield));
                    }
                    CLEANUP_THROW => {
                        let exc = top!();
                        if self.isinstance_builtin(exc, T::StopIteration) {
                            let value = self
                                .exc_field(exc, crate::objects::exceptions::EXC_X0)
                                .unwrap_or_else(|| self.none());
                            let sp = self.sp();
                            self.set_slot(sp - 3, self.none().raw());
                            self.set_slot(sp - 2, value.raw());
                            self.truncate(sp - 1);
                        } else {
                            let e = self.reraise(exc);
                            self.stm().sp -= 1;
                            reraise = true;
                            break 'dispatch e;
                        }
                    }
                    ASYNC_GEN_WRAP => {
                        let v = tri!(self.async_gen_wrap(top!()));
                        set_top!(v);
                    }
                    CALL | CALL_KW => {
                        pc += 1;
                        let nkw = if w as u8 == CALL_KW {
                            let names = top!();
                            self.tuple_len(names)
                        } else {
                            0
                        };
                        let callable_slot = self.sp() - arg - 2 - (nkw > 0) as usize;
                        unsafe { (*fr).pc = (pc - 2) as u32 };
                        match tri!(self.op_call(callable_slot, arg, nkw)) {
                            Some(v) => push!(v),
                            None => {
                                // A new Python frame was pushed; the caller's saved pc stays
                                // on the CALL (tracebacks), it resumes 2 units later.
                                reload!();
                            }
                        }
                    }
                    CALL_FUNCTION_EX => {
                        let v = tri!(self.op_call_function_ex(arg));
                        push!(v);
                    }
                    MAKE_FUNCTION => {
                        let f = tri!(self.op_make_function(fr, arg));
                        push!(f);
                    }
                    LOAD_BUILD_CLASS => {
                        let b = self.g(crate::runtime::roots::G::BuiltinsDict);
                        match self.dict_get_name(b, crate::runtime::names::n::BUILD_CLASS) {
                            Some(f) => push!(f),
                            None => {
                                break 'dispatch self
                                    .new_error(T::NameError, "__build_class__ not found");
                            }
                        }
                    }
                    BUILD_TUPLE => {
                        let start = self.sp() - arg;
                        let t = tri!(self.tuple_from_slots(start, arg));
                        self.truncate(start);
                        push!(t);
                    }
                    BUILD_LIST => {
                        let start = self.sp() - arg;
                        let l = tri!(self.pack_list(start));
                        push!(l);
                    }
                    BUILD_SET => {
                        let start = self.sp() - arg;
                        let s = tri!(self.set_from_slots(start, arg));
                        self.truncate(start);
                        push!(s);
                    }
                    BUILD_MAP => {
                        let start = self.sp() - 2 * arg;
                        let d = tri!(self.new_dict_cap(arg));
                        self.push_unchecked(d.raw());
                        for i in 0..arg {
                            let k = Value::from_raw_nonnull(self.slot(start + 2 * i));
                            let v = Value::from_raw_nonnull(self.slot(start + 2 * i + 1));
                            let d = top!();
                            tri!(self.dict_set_item(d, k, v));
                        }
                        let d = top!();
                        self.truncate(start);
                        push!(d);
                    }
                    BUILD_CONST_KEY_MAP => {
                        let start = self.sp() - arg - 1;
                        let d = tri!(self.new_dict_cap(arg));
                        self.push_unchecked(d.raw());
                        for i in 0..arg {
                            let keys = Value::from_raw_nonnull(self.slot(start + arg));
                            let k = self.tuple_get(keys, i);
                            let v = Value::from_raw_nonnull(self.slot(start + i));
                            let d = top!();
                            tri!(self.dict_set_item(d, k, v));
                        }
                        let d = top!();
                        self.truncate(start);
                        push!(d);
                    }
                    BUILD_STRING => {
                        let start = self.sp() - arg;
                        let s = tri!(self.join_str_slots(start, arg));
                        self.truncate(start);
                        push!(s);
                    }
                    LIST_APPEND => {
                        let v = pop!();
                        let l = peek!(arg);
                        tri!(self.list_append(l, v));
                    }
                    SET_ADD => {
                        let v = top!();
                        let s = peek!(arg + 1);
                        tri!(self.set_add(s, v));
                        self.stm().sp -= 1;
                    }
                    MAP_ADD => {
                        let v = top!();
                        let k = peek!(2);
                        let d = peek!(arg + 2);
                        tri!(self.dict_set_item(d, k, v));
                        self.stm().sp -= 2;
                    }
                    LIST_EXTEND => {
                        let it = top!();
                        let lslot = self.sp() - 1 - arg;
                        let r =
                            self.list_extend_iter(crate::runtime::roots::Root(lslot as u32), it);
                        if let Err(e) = r {
                            break 'dispatch self.fix_extend_error(e, it);
                        }
                        self.stm().sp -= 1;
                    }
                    SET_UPDATE => {
                        let it = top!();
                        let s = peek!(arg + 1);
                        tri!(self.set_update_iter(s, it));
                        self.stm().sp -= 1;
                    }
                    DICT_UPDATE => {
                        let m = top!();
                        let dslot = self.sp() - 1 - arg;
                        let r = self.dict_update_from(crate::runtime::roots::Root(dslot as u32), m);
                        if let Err(e) = r {
                            break 'dispatch self.fix_dict_update_error(e, m);
                        }
                        self.stm().sp -= 1;
                    }
                    DICT_MERGE => {
                        tri!(self.op_dict_merge(arg));
                        self.stm().sp -= 1;
                    }
                    LIST_TO_TUPLE => {
                        let l = top!();
                        let n = self.list_len(l);
                        let t = tri!(self.alloc_tuple(n));
                        let l = top!();
                        for i in 0..n {
                            let w = self.list_get(l, i).raw();
                            self.init_item(t, crate::runtime::layout::tuple_::FIXED, i, w);
                        }
                        set_top!(t);
                    }
                    UNPACK_SEQUENCE => {
                        pc += 1;
                        tri!(self.op_unpack_sequence(arg));
                    }
                    UNPACK_EX => tri!(self.op_unpack_ex(arg)),
                    FORMAT_VALUE => {
                        let v = tri!(self.op_format_value(arg));
                        push!(v);
                    }
                    RAISE_VARARGS => {
                        if arg == 0 {
                            reraise = true;
                        }
                        break 'dispatch self.op_raise(arg);
                    }
                    RERAISE => {
                        let exc = top!();
                        if arg > 0 {
                            let lasti = peek!(arg + 1);
                            if let Some(l) = lasti.as_small() {
                                unsafe { (*fr).pc = l as u32 };
                            }
                        }
                        let e = self.reraise(exc);
                        self.stm().sp -= 1;
                        reraise = true;
                        // Handler lookup uses the RERAISE's own offset (CPython).
                        handler_at = Some(pc - 1);
                        break 'dispatch e;
                    }
                    PUSH_EXC_INFO => {
                        let exc = top!();
                        let prev = self.st().exc_info;
                        let prev = if prev == 0 { self.none().raw() } else { prev };
                        set_top!(Value::from_raw_nonnull(prev));
                        push!(exc);
                        self.stm().exc_info = exc.raw();
                    }
                    POP_EXCEPT => {
                        let prev = pop!();
                        self.stm().exc_info = if self.is_none(prev) { 0 } else { prev.raw() };
                    }
                    CHECK_EXC_MATCH => {
                        let ty = top!();
                        let exc = peek!(2);
                        let m = tri!(self.exception_matches(exc, ty));
                        set_top!(self.bool_val(m));
                    }
                    CHECK_EG_MATCH => tri!(self.op_check_eg_match()),
                    PREP_RERAISE_STAR => {
                        let v = tri!(self.op_prep_reraise_star());
                        push!(v);
                    }
                    WITH_EXCEPT_START => {
                        let v = tri!(self.op_with_except_start());
                        push!(v);
                    }
                    BEFORE_WITH => tri!(self.op_before_with(false)),
                    BEFORE_ASYNC_WITH => tri!(self.op_before_with(true)),
                    LOAD_ASSERTION_ERROR => push!(self.ty(T::AssertionError)),
                    SETUP_ANNOTATIONS => tri!(self.op_setup_annotations(fr)),
                    IMPORT_NAME => {
                        let v = tri!(self.op_import_name(fr, code, arg));
                        push!(v);
                    }
                    IMPORT_FROM => {
                        let v = tri!(self.op_import_from(code, arg));
                        push!(v);
                    }
                    IMPORT_STAR => {
                        tri!(self.op_import_star(fr));
                        self.stm().sp -= 1;
                    }
                    PRINT_EXPR => {
                        tri!(self.op_print_expr());
                        self.stm().sp -= 1;
                    }
                    MATCH_CLASS => tri!(self.op_match_class(arg)),
                    MATCH_MAPPING => {
                        let v = top!();
                        let t = self.type_of(v);
                        let m = self.type_has(t, tf::MAPPING);
                        push!(self.bool_val(m));
                    }
                    MATCH_SEQUENCE => {
                        let v = top!();
                        let t = self.type_of(v);
                        let m = self.type_has(t, tf::SEQUENCE);
                        push!(self.bool_val(m));
                    }
                    MATCH_KEYS => tri!(self.op_match_keys()),
                    GET_LEN => {
                        let n = tri!(self.len(top!()));
                        let v = tri!(self.new_usize(n));
                        push!(v);
                    }
                    RETURN_VALUE => {
                        let v = pop!();
                        let f = unsafe { *fr };
                        if f.flags & ff::GENERATOR != 0 {
                            self.finish_generator_frame(fr);
                            self.pop_frame();
                            self.truncate(f.ret as usize);
                            return Ok((v, Exit::Return));
                        }
                        let mut result = v;
                        if f.flags & ff::INIT != 0 {
                            result = Value::from_raw_nonnull(self.slot(f.ret as usize));
                            if !self.is_none(v) {
                                self.pop_frame();
                                self.truncate(f.ret as usize);
                                let tn = self.type_name(v);
                                let e = crate::raise!(
                                    self,
                                    TypeError,
                                    "__init__() should return None, not '{tn}'"
                                );
                                if f.flags & ff::ENTRY != 0 {
                                    return Err(e);
                                }
                                reload!();
                                break 'dispatch e;
                            }
                        }
                        self.pop_frame();
                        self.truncate(f.ret as usize);
                        if f.flags & ff::ENTRY != 0 {
                            return Ok((result, Exit::Return));
                        }
                        push!(result);
                        reload!();
                        // Resume after the caller's CALL (pc saved = the call instruction).
                        pc = self.after_call_pc(code, pc);
                    }
                    _ => {
                        break 'dispatch crate::raise!(
                            self,
                            SystemError,
                            "unknown opcode {}",
                            w as u8
                        );
                    }
                }
            };
            // ----- exception handling --------------------------------------------------------
            let _ = err;
            loop {
                let idx = self.st().frames.len() - 1;
                if !reraise {
                    let exc = self.peek_exc(&crate::runtime::errors::PyErr::pending());
                    if let Err(e2) = self.add_traceback(exc, idx) {
                        // Out of memory while recording the traceback: keep the new error.
                        let _ = e2;
                    }
                }
                reraise = false;
                let here = unsafe { (*fr).pc } as usize;
                let lookup_at = handler_at.take().unwrap_or(here);
                if let Some(target) = self.find_handler(code, lookup_at, base) {
                    pc = target;
                    break;
                }
                // No handler: leave this frame (keeping its locals for the traceback).
                self.snapshot_locals_on_unwind(idx);
                let f = self.pop_frame();
                self.truncate(f.ret as usize);
                if f.flags & ff::GENERATOR != 0 {
                    self.fail_generator_frame(&f);
                }
                if f.flags & ff::ENTRY != 0 {
                    return Err(crate::runtime::errors::PyErr::pending());
                }
                reload!();
            }
        }
    }

    /// Looks up the handler of the instruction at `at` in `code`; on success unwinds the
    /// stack and pushes `lasti` and the exception, returning the handler offset.
    fn find_handler(&mut self, code: &CodeRt, at: usize, base: usize) -> Option<usize> {
        let entry = *code.co.exception_table.lookup(at as u32)?;
        let bottom = base + code.nlocalsplus;
        self.truncate(bottom + entry.depth as usize);
        if entry.lasti {
            let lasti = self.top_frame_pc();
            self.push_unchecked(Value::small(lasti as i64).raw());
        }
        let exc = self.take_exc(crate::runtime::errors::PyErr::pending());
        self.push_unchecked(exc.raw());
        Some(entry.target as usize)
    }

    fn top_frame_pc(&self) -> u32 {
        self.st().frames.last().map_or(0, |f| f.pc)
    }

    /// The offset after the CALL instruction at the caller's saved pc (CALL and CALL_KW
    /// occupy two units: the instruction and its cache index).
    #[inline]
    fn after_call_pc(&self, code: &CodeRt, saved: usize) -> usize {
        let _ = code;
        saved + 2
    }

    #[inline]
    fn fast_small_op(&mut self, op: BinaryOperator, x: i64, y: i64) -> Option<Value> {
        use BinaryOperator::*;
        let r = match op {
            Add | InplaceAdd => x.checked_add(y)?,
            Subtract | InplaceSubtract => x.checked_sub(y)?,
            Multiply | InplaceMultiply => x.checked_mul(y)?,
            And | InplaceAnd => x & y,
            Or | InplaceOr => x | y,
            Xor | InplaceXor => x ^ y,
            FloorDivide | InplaceFloorDivide if y > 0 => x.div_euclid(y),
            Remainder | InplaceRemainder if y > 0 => x.rem_euclid(y),
            _ => return None,
        };
        Value::try_small(r)
    }

    #[inline]
    fn fast_float_op(&mut self, op: BinaryOperator, x: f64, y: f64) -> Option<f64> {
        use BinaryOperator::*;
        Some(match op {
            Add | InplaceAdd => x + y,
            Subtract | InplaceSubtract => x - y,
            Multiply | InplaceMultiply => x * y,
            TrueDivide | InplaceTrueDivide if y != 0.0 => x / y,
            _ => return None,
        })
    }

    #[cold]
    fn unbound_local(&mut self, code: &CodeRt, slot: usize) -> PyErr {
        let name = self.str_string(Value::from_raw_nonnull(code.varnames[slot].get()));
        crate::raise!(
            self,
            UnboundLocalError,
            "cannot access local variable '{name}' where it is not associated with a value"
        )
    }

    #[cold]
    fn unbound_deref(&mut self, code: &CodeRt, slot: usize) -> PyErr {
        let name = self.str_string(Value::from_raw_nonnull(code.varnames[slot].get()));
        if slot >= code.co.first_free_slot() {
            crate::raise!(
                self,
                NameError,
                "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
            )
        } else {
            crate::raise!(
                self,
                UnboundLocalError,
                "cannot access local variable '{name}' where it is not associated with a value"
            )
        }
    }

    /// `NameError: name 'x' is not defined` (with `name` set for suggestions).
    #[cold]
    pub fn name_error(&mut self, name: &str, _global: bool) -> PyErr {
        let r = (|| -> PyResult<Value> {
            let m = self.new_str(&format!("name '{name}' is not defined"))?;
            let e = self.new_exception1(T::NameError, m)?;
            let mark = self.sp();
            let er = self.push_root(e)?;
            let nm = self.new_str(name)?;
            self.exc_set_field(self.get(er), crate::objects::exceptions::EXC_NAME, Some(nm));
            let e = self.get(er);
            self.truncate(mark);
            Ok(e)
        })();
        match r {
            Ok(e) => self.raise(e),
            Err(e) => e,
        }
    }
}
