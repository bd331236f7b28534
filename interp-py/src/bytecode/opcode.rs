//! The opcode table: the single source of truth for every instruction's number, name, argument
//! kind, stack effect (on the fall-through edge and on the jump edge), control-flow flags and
//! inline-cache kind. The `Opcode` enum, the disassembler, the stack-depth analysis and the
//! assembler are all driven by this table.
//!
//! Stack notation in the comments: `(inputs -- outputs)`, top of stack rightmost. `NULL` is an
//! empty stack slot (the runtime's null reference), used as the `self_or_null` slot of calls.
//!
//! Invariants:
//! * `pops` is also the minimum stack depth an instruction needs.
//! * Only `JUMP_BACKWARD` and `JUMP_BACKWARD_NO_INTERRUPT` jump backwards; every other jump
//!   target is after the instruction. The targets of `JUMP_BACKWARD` are the loop headers.
//! * An instruction with a cache kind is followed by one extra code unit holding its cache index
//!   (numbered per cache kind).

/// What the 24-bit argument of an instruction means (drives the disassembler).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// No argument (always 0).
    None,
    /// A plain count or small integer.
    Int,
    /// Index into `consts`.
    Const,
    /// Index into `names`.
    Name,
    /// `LOAD_GLOBAL`: `names` index shifted left by one; bit 0 set pushes a `NULL` after the value.
    GlobalName,
    /// Index into the fast locals / cells / free variables ("localsplus").
    Local,
    /// Absolute code-unit offset of the jump target.
    Jump,
    /// A [`BinaryOperator`] number.
    BinaryOp,
    /// A [`CompareOperator`] number.
    CompareOp,
    /// 0 = `is` / `in`, 1 = `is not` / `not in`.
    Invert,
    /// `FORMAT_VALUE` flags: bits 0-1 conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`), bit 2 has spec.
    FormatFlags,
    /// `MAKE_FUNCTION` flags: 1 defaults, 2 kw-defaults, 4 annotations, 8 closure.
    MakeFunctionFlags,
    /// `UNPACK_EX`: targets before the star in bits 0-7, after it in bits 8-23.
    UnpackEx,
    /// `GET_AWAITABLE`: 0 plain `await`, 1 `__aenter__`, 2 `__aexit__`.
    Awaitable,
}

/// Inline cache kinds. Each cacheable instruction gets an index into the per-kind cache array
/// of its code object (`CodeObject::cache_counts` gives the array sizes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CacheKind {
    /// `LOAD_GLOBAL`.
    Global = 0,
    /// `LOAD_ATTR`.
    Attr = 1,
    /// `LOAD_METHOD`.
    Method = 2,
    /// `STORE_ATTR`.
    StoreAttr = 3,
    /// `CALL`, `CALL_KW`.
    Call = 4,
    /// `BINARY_OP`.
    BinaryOp = 5,
    /// `COMPARE_OP`.
    Compare = 6,
    /// `BINARY_SUBSCR`.
    Subscript = 7,
    /// `STORE_SUBSCR`.
    StoreSubscript = 8,
    /// `FOR_ITER`.
    ForIter = 9,
    /// `UNPACK_SEQUENCE`.
    Unpack = 10,
}

impl CacheKind {
    /// Number of cache kinds.
    pub const COUNT: usize = 11;
    /// All kinds, in index order.
    pub const ALL: [CacheKind; CacheKind::COUNT] = [
        CacheKind::Global,
        CacheKind::Attr,
        CacheKind::Method,
        CacheKind::StoreAttr,
        CacheKind::Call,
        CacheKind::BinaryOp,
        CacheKind::Compare,
        CacheKind::Subscript,
        CacheKind::StoreSubscript,
        CacheKind::ForIter,
        CacheKind::Unpack,
    ];

    /// Short name for the disassembler.
    pub fn name(self) -> &'static str {
        match self {
            CacheKind::Global => "global",
            CacheKind::Attr => "attr",
            CacheKind::Method => "method",
            CacheKind::StoreAttr => "store_attr",
            CacheKind::Call => "call",
            CacheKind::BinaryOp => "binop",
            CacheKind::Compare => "compare",
            CacheKind::Subscript => "subscr",
            CacheKind::StoreSubscript => "store_subscr",
            CacheKind::ForIter => "for_iter",
            CacheKind::Unpack => "unpack",
        }
    }
}

/// Control-flow properties of an opcode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpFlags {
    /// The argument is a jump target.
    pub jump: bool,
    /// Execution never continues with the next instruction.
    pub no_fallthrough: bool,
    /// The jump goes backwards.
    pub backward: bool,
    /// A loop back edge: the JIT's hot counter ticks here and its target is a loop header.
    pub loop_backedge: bool,
}

/// The stack effect of one instruction on one control-flow edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackEffect {
    /// Values consumed (also the minimum depth needed).
    pub pops: u32,
    /// Values produced.
    pub pushes: u32,
}

impl StackEffect {
    /// `pushes - pops`.
    pub fn net(self) -> i64 {
        self.pushes as i64 - self.pops as i64
    }
}

const F_NONE: OpFlags = OpFlags {
    jump: false,
    no_fallthrough: false,
    backward: false,
    loop_backedge: false,
};
const F_COND: OpFlags = OpFlags {
    jump: true,
    ..F_NONE
};
const F_JUMP: OpFlags = OpFlags {
    jump: true,
    no_fallthrough: true,
    ..F_NONE
};
const F_BACK: OpFlags = OpFlags {
    jump: true,
    no_fallthrough: true,
    backward: true,
    loop_backedge: true,
};
const F_BACK_NI: OpFlags = OpFlags {
    jump: true,
    no_fallthrough: true,
    backward: true,
    loop_backedge: false,
};
const F_TERM: OpFlags = OpFlags {
    no_fallthrough: true,
    ..F_NONE
};

macro_rules! opcodes {
    (
        |$arg:ident|
        $(
            $(#[doc = $doc:literal])*
            $name:ident = $num:literal, $text:literal, $kind:ident, $flags:ident, $cache:expr,
            ($pops:expr, $pushes:expr) $(, jump ($jpops:expr, $jpushes:expr))?;
        )*
    ) => {
        /// An opcode: the low 8 bits of a code unit.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Opcode {
            $( $(#[doc = $doc])* $name = $num, )*
        }

        impl Opcode {
            /// Every opcode, in numeric order.
            pub const ALL: &'static [Opcode] = &[ $( Opcode::$name, )* ];

            /// Decodes an opcode byte.
            pub fn from_u8(byte: u8) -> Option<Opcode> {
                match byte {
                    $( $num => Some(Opcode::$name), )*
                    _ => None,
                }
            }

            /// The opcode's name as printed by the disassembler.
            pub fn name(self) -> &'static str {
                match self { $( Opcode::$name => $text, )* }
            }

            /// What the argument means.
            pub fn arg_kind(self) -> ArgKind {
                match self { $( Opcode::$name => ArgKind::$kind, )* }
            }

            /// Control-flow flags.
            pub fn flags(self) -> OpFlags {
                match self { $( Opcode::$name => $flags, )* }
            }

            /// The inline-cache kind, if the instruction is followed by a cache-index unit.
            pub fn cache_kind(self) -> Option<CacheKind> {
                match self { $( Opcode::$name => $cache, )* }
            }

            /// Stack effect on the fall-through edge (or of executing the instruction, for
            /// instructions without a jump).
            #[allow(clippy::identity_op)]
            pub fn stack_effect(self, $arg: u32) -> StackEffect {
                match self { $( Opcode::$name => StackEffect { pops: $pops, pushes: $pushes }, )* }
            }

            /// Stack effect on the jump edge (for instructions with a jump argument).
            #[allow(unused_variables, clippy::identity_op)]
            pub fn jump_stack_effect(self, $arg: u32) -> StackEffect {
                match self {
                    $( Opcode::$name => opcodes!(@jump ($pops, $pushes) $(, ($jpops, $jpushes))?), )*
                }
            }
        }
    };
    (@jump ($pops:expr, $pushes:expr)) => { StackEffect { pops: $pops, pushes: $pushes } };
    (@jump ($pops:expr, $pushes:expr), ($jpops:expr, $jpushes:expr)) => {
        StackEffect { pops: $jpops, pushes: $jpushes }
    };
}

opcodes! { |arg|
    /// Does nothing.
    Nop = 1, "NOP", None, F_NONE, None, (0, 0);
    /// `(v --)`
    PopTop = 2, "POP_TOP", None, F_NONE, None, (1, 0);
    /// `(-- NULL)`
    PushNull = 3, "PUSH_NULL", None, F_NONE, None, (0, 1);
    /// `(a_n ... a_1 -- a_n ... a_1 a_n)`: push a copy of the n-th item (n >= 1).
    Copy = 4, "COPY", Int, F_NONE, None, (arg, arg + 1);
    /// Swap the top with the n-th item (n >= 2).
    Swap = 5, "SWAP", Int, F_NONE, None, (arg, arg);
    /// `(-- consts[arg])`
    LoadConst = 6, "LOAD_CONST", Const, F_NONE, None, (0, 1);
    /// `(v --)`: return from the frame.
    ReturnValue = 7, "RETURN_VALUE", None, F_TERM, None, (1, 0);

    /// `(-- v)`: a fast local; `UnboundLocalError` if unset.
    LoadFast = 10, "LOAD_FAST", Local, F_NONE, None, (0, 1);
    /// `(v --)`
    StoreFast = 11, "STORE_FAST", Local, F_NONE, None, (1, 0);
    /// Unbinds a fast local (`UnboundLocalError` if unset).
    DeleteFast = 12, "DELETE_FAST", Local, F_NONE, None, (0, 0);
    /// `(-- v)`: the content of the cell in a localsplus slot.
    LoadDeref = 13, "LOAD_DEREF", Local, F_NONE, None, (0, 1);
    /// `(v --)`: store into the cell in a localsplus slot.
    StoreDeref = 14, "STORE_DEREF", Local, F_NONE, None, (1, 0);
    /// Empties the cell in a localsplus slot.
    DeleteDeref = 15, "DELETE_DEREF", Local, F_NONE, None, (0, 0);
    /// `(-- v)`: class bodies: the name of the slot looked up in the locals mapping first,
    /// then the cell.
    LoadClassDeref = 16, "LOAD_CLASSDEREF", Local, F_NONE, None, (0, 1);
    /// `(-- cell)`: the cell object itself (to build closures).
    LoadClosure = 17, "LOAD_CLOSURE", Local, F_NONE, None, (0, 1);
    /// Replaces the slot's value (an argument or nothing) by a new cell holding it.
    MakeCell = 18, "MAKE_CELL", Local, F_NONE, None, (0, 0);
    /// Copies the function's `arg` closure cells into the last `arg` localsplus slots.
    CopyFreeVars = 19, "COPY_FREE_VARS", Int, F_NONE, None, (0, 0);

    /// `(-- v)`: locals mapping, then globals, then builtins.
    LoadName = 20, "LOAD_NAME", Name, F_NONE, None, (0, 1);
    /// `(v --)`: into the locals mapping.
    StoreName = 21, "STORE_NAME", Name, F_NONE, None, (1, 0);
    /// Deletes from the locals mapping.
    DeleteName = 22, "DELETE_NAME", Name, F_NONE, None, (0, 0);
    /// `(-- v)` or `(-- v NULL)` when bit 0 of the argument is set: globals, then builtins.
    LoadGlobal = 23, "LOAD_GLOBAL", GlobalName, F_NONE, Some(CacheKind::Global), (0, 1 + (arg & 1));
    /// `(v --)`
    StoreGlobal = 24, "STORE_GLOBAL", Name, F_NONE, None, (1, 0);
    /// Deletes a global.
    DeleteGlobal = 25, "DELETE_GLOBAL", Name, F_NONE, None, (0, 0);

    /// `(obj -- obj.name)`
    LoadAttr = 30, "LOAD_ATTR", Name, F_NONE, Some(CacheKind::Attr), (1, 1);
    /// `(obj -- meth obj)` for a method found on the type, else `(obj -- obj.name NULL)`.
    LoadMethod = 31, "LOAD_METHOD", Name, F_NONE, Some(CacheKind::Method), (1, 2);
    /// `(v obj --)`: `obj.name = v`.
    StoreAttr = 32, "STORE_ATTR", Name, F_NONE, Some(CacheKind::StoreAttr), (2, 0);
    /// `(obj --)`: `del obj.name`.
    DeleteAttr = 33, "DELETE_ATTR", Name, F_NONE, None, (1, 0);
    /// `(container key -- container[key])`
    BinarySubscr = 34, "BINARY_SUBSCR", None, F_NONE, Some(CacheKind::Subscript), (2, 1);
    /// `(v container key --)`: `container[key] = v`.
    StoreSubscr = 35, "STORE_SUBSCR", None, F_NONE, Some(CacheKind::StoreSubscript), (3, 0);
    /// `(container key --)`
    DeleteSubscr = 36, "DELETE_SUBSCR", None, F_NONE, None, (2, 0);
    /// `(start stop -- slice)` (arg 2) or `(start stop step -- slice)` (arg 3).
    BuildSlice = 37, "BUILD_SLICE", Int, F_NONE, None, (arg, 1);
    /// `(container start stop -- container[start:stop])`
    BinarySlice = 38, "BINARY_SLICE", None, F_NONE, None, (3, 1);
    /// `(v container start stop --)`: `container[start:stop] = v`.
    StoreSlice = 39, "STORE_SLICE", None, F_NONE, None, (4, 0);

    /// `(v -- +v)`
    UnaryPositive = 40, "UNARY_POSITIVE", None, F_NONE, None, (1, 1);
    /// `(v -- -v)`
    UnaryNegative = 41, "UNARY_NEGATIVE", None, F_NONE, None, (1, 1);
    /// `(v -- not v)`
    UnaryNot = 42, "UNARY_NOT", None, F_NONE, None, (1, 1);
    /// `(v -- ~v)`
    UnaryInvert = 43, "UNARY_INVERT", None, F_NONE, None, (1, 1);
    /// `(a b -- a op b)`: the operator (plain or in-place) is a [`BinaryOperator`].
    BinaryOp = 44, "BINARY_OP", BinaryOp, F_NONE, Some(CacheKind::BinaryOp), (2, 1);
    /// `(a b -- a op b)`: rich comparison, the operator is a [`CompareOperator`].
    CompareOp = 45, "COMPARE_OP", CompareOp, F_NONE, Some(CacheKind::Compare), (2, 1);
    /// `(a b -- a is b)` (arg 1: `is not`).
    IsOp = 46, "IS_OP", Invert, F_NONE, None, (2, 1);
    /// `(a b -- a in b)` (arg 1: `not in`).
    ContainsOp = 47, "CONTAINS_OP", Invert, F_NONE, None, (2, 1);

    /// Unconditional forward jump.
    JumpForward = 50, "JUMP_FORWARD", Jump, F_JUMP, None, (0, 0);
    /// Unconditional backward jump: a loop back edge (checks interrupts, ticks the hot counter).
    JumpBackward = 51, "JUMP_BACKWARD", Jump, F_BACK, None, (0, 0);
    /// Backward jump of a `yield from`/`await` loop (not a loop header for the JIT).
    JumpBackwardNoInterrupt = 52, "JUMP_BACKWARD_NO_INTERRUPT", Jump, F_BACK_NI, None, (0, 0);
    /// `(v --)`, jump if `v` is false.
    PopJumpIfFalse = 53, "POP_JUMP_IF_FALSE", Jump, F_COND, None, (1, 0);
    /// `(v --)`, jump if `v` is true.
    PopJumpIfTrue = 54, "POP_JUMP_IF_TRUE", Jump, F_COND, None, (1, 0);
    /// `(v --)`, jump if `v is None`.
    PopJumpIfNone = 55, "POP_JUMP_IF_NONE", Jump, F_COND, None, (1, 0);
    /// `(v --)`, jump if `v is not None`.
    PopJumpIfNotNone = 56, "POP_JUMP_IF_NOT_NONE", Jump, F_COND, None, (1, 0);
    /// If `v` is false jump keeping it, else pop it.
    JumpIfFalseOrPop = 57, "JUMP_IF_FALSE_OR_POP", Jump, F_COND, None, (1, 0), jump (1, 1);
    /// If `v` is true jump keeping it, else pop it.
    JumpIfTrueOrPop = 58, "JUMP_IF_TRUE_OR_POP", Jump, F_COND, None, (1, 0), jump (1, 1);

    /// `(v -- iter(v))`
    GetIter = 60, "GET_ITER", None, F_NONE, None, (1, 1);
    /// `(iter -- iter next)`; when exhausted `(iter --)` and jump.
    ForIter = 61, "FOR_ITER", Jump, F_COND, Some(CacheKind::ForIter), (1, 2), jump (1, 0);
    /// `(v -- iter)` for `yield from` (coroutines pass through).
    GetYieldFromIter = 62, "GET_YIELD_FROM_ITER", None, F_NONE, None, (1, 1);
    /// `(v -- v.__aiter__())`
    GetAiter = 63, "GET_AITER", None, F_NONE, None, (1, 1);
    /// `(aiter -- aiter awaitable)`
    GetAnext = 64, "GET_ANEXT", None, F_NONE, None, (1, 2);
    /// `(aiter exc --)`: handler of `async for`: swallows `StopAsyncIteration`, else re-raises.
    EndAsyncFor = 65, "END_ASYNC_FOR", None, F_NONE, None, (2, 0);
    /// `(v -- awaitable)`
    GetAwaitable = 66, "GET_AWAITABLE", Awaitable, F_NONE, None, (1, 1);
    /// `(receiver v -- receiver yielded)`; when the receiver returns, `(receiver v -- receiver
    /// retval)` and jump.
    Send = 67, "SEND", Jump, F_COND, None, (2, 2), jump (2, 2);
    /// `(receiver value -- value)`
    EndSend = 68, "END_SEND", None, F_NONE, None, (2, 1);
    /// `(v -- sent)`: suspend the frame returning `v`; resumption pushes the sent value (None
    /// when throwing, the exception is then raised at this instruction). Bit 0 of the argument
    /// marks the yield of a `yield from`/`await` loop (the delegate is then the top of the
    /// suspended stack); bits 1.. count the active exception handlers (0: `close()` need not
    /// throw `GeneratorExit` into the frame).
    YieldValue = 69, "YIELD_VALUE", Int, F_NONE, None, (1, 1);
    /// `(sub_iter last_sent exc -- None value)`: handler of a `yield from` loop: a
    /// `StopIteration` gives its value, anything else is re-raised.
    CleanupThrow = 70, "CLEANUP_THROW", None, F_NONE, None, (3, 2);
    /// `(v -- wrapped)`: wraps a value yielded by an async generator.
    AsyncGenWrap = 71, "ASYNC_GEN_WRAP", None, F_NONE, None, (1, 1);

    /// `(callable self_or_null arg_1 ... arg_n -- result)`: a non-NULL `self_or_null` is
    /// prepended to the arguments.
    Call = 80, "CALL", Int, F_NONE, Some(CacheKind::Call), (arg + 2, 1);
    /// `(callable self_or_null args... kwnames -- result)`: `arg` values of which the last
    /// `len(kwnames)` are keyword arguments named by the tuple `kwnames`.
    CallKw = 81, "CALL_KW", Int, F_NONE, Some(CacheKind::Call), (arg + 3, 1);
    /// `(callable self_or_null args [kwargs] -- result)` (`kwargs` if bit 0 is set): `args` is
    /// any iterable (converted to a tuple; `TypeError` "argument after * must be an iterable"),
    /// `kwargs` a dict; a non-NULL `self_or_null` is prepended to the arguments.
    CallFunctionEx = 82, "CALL_FUNCTION_EX", Int, F_NONE, None, (3 + (arg & 1), 1);
    /// `(defaults? kwdefaults? annotations? closure? code -- function)` per the flag bits.
    MakeFunction = 83, "MAKE_FUNCTION", MakeFunctionFlags, F_NONE, None, (1 + (arg & 0xf).count_ones(), 1);
    /// `(-- builtins.__build_class__)`
    LoadBuildClass = 84, "LOAD_BUILD_CLASS", None, F_NONE, None, (0, 1);

    /// `(v_1 ... v_n -- (v_1, ..., v_n))`
    BuildTuple = 90, "BUILD_TUPLE", Int, F_NONE, None, (arg, 1);
    /// `(v_1 ... v_n -- [v_1, ..., v_n])`
    BuildList = 91, "BUILD_LIST", Int, F_NONE, None, (arg, 1);
    /// `(v_1 ... v_n -- {v_1, ..., v_n})`
    BuildSet = 92, "BUILD_SET", Int, F_NONE, None, (arg, 1);
    /// `(k_1 v_1 ... k_n v_n -- dict)`
    BuildMap = 93, "BUILD_MAP", Int, F_NONE, None, (2 * arg, 1);
    /// `(v_1 ... v_n keys_tuple -- dict)`
    BuildConstKeyMap = 94, "BUILD_CONST_KEY_MAP", Int, F_NONE, None, (arg + 1, 1);
    /// `(s_1 ... s_n -- s_1 + ... + s_n)`
    BuildString = 95, "BUILD_STRING", Int, F_NONE, None, (arg, 1);
    /// `(v --)`: appends to the list `arg` items down (counted after popping `v`).
    ListAppend = 96, "LIST_APPEND", Int, F_NONE, None, (1, 0);
    /// `(v --)`: adds to the set `arg` items down.
    SetAdd = 97, "SET_ADD", Int, F_NONE, None, (1, 0);
    /// `(k v --)`: stores into the dict `arg` items down.
    MapAdd = 98, "MAP_ADD", Int, F_NONE, None, (2, 0);
    /// `(iterable --)`: extends the list `arg` items down.
    ListExtend = 99, "LIST_EXTEND", Int, F_NONE, None, (1, 0);
    /// `(iterable --)`: updates the set `arg` items down.
    SetUpdate = 100, "SET_UPDATE", Int, F_NONE, None, (1, 0);
    /// `(mapping --)`: updates the dict `arg` items down.
    DictUpdate = 101, "DICT_UPDATE", Int, F_NONE, None, (1, 0);
    /// `(mapping --)`: like `DICT_UPDATE` but duplicate keys raise `TypeError` naming the
    /// callable found `arg + 3` items down (after popping the mapping).
    DictMerge = 102, "DICT_MERGE", Int, F_NONE, None, (1, 0);
    /// `(list -- tuple)`
    ListToTuple = 103, "LIST_TO_TUPLE", None, F_NONE, None, (1, 1);
    /// `(seq -- v_n ... v_1)`: exactly `arg` items, the first on top.
    UnpackSequence = 104, "UNPACK_SEQUENCE", Int, F_NONE, Some(CacheKind::Unpack), (1, arg);
    /// `(seq -- after... list before...)`: star unpacking (see [`ArgKind::UnpackEx`]).
    UnpackEx = 105, "UNPACK_EX", UnpackEx, F_NONE, None, (1, (arg & 0xff) + (arg >> 8) + 1);
    /// `(v -- str)` or `(v spec -- str)`: f-string formatting (see [`ArgKind::FormatFlags`]).
    FormatValue = 106, "FORMAT_VALUE", FormatFlags, F_NONE, None, (1 + ((arg >> 2) & 1), 1);

    /// `raise` (arg 0: re-raise the handled exception), `raise exc` (1), `raise exc from
    /// cause` (2).
    RaiseVarargs = 110, "RAISE_VARARGS", Int, F_TERM, None, (arg, 0);
    /// `(... exc --)`: re-raises `exc`; if `arg > 0` the item `arg` below `exc` is the `lasti`
    /// to restore for the traceback.
    Reraise = 111, "RERAISE", Int, F_TERM, None, (1 + arg, 0);
    /// `(exc -- prev_exc exc)`: makes `exc` the handled exception.
    PushExcInfo = 112, "PUSH_EXC_INFO", None, F_NONE, None, (1, 2);
    /// `(prev_exc --)`: restores the handled exception.
    PopExcept = 113, "POP_EXCEPT", None, F_NONE, None, (1, 0);
    /// `(exc type -- exc matches)`
    CheckExcMatch = 114, "CHECK_EXC_MATCH", None, F_NONE, None, (2, 2);
    /// `(eg type -- rest match)`: `except*` split (`match` is None if nothing matched).
    CheckEgMatch = 115, "CHECK_EG_MATCH", None, F_NONE, None, (2, 2);
    /// `(orig raised_list -- exc_or_none)`: the exception group to re-raise after `except*`.
    PrepReraiseStar = 116, "PREP_RERAISE_STAR", None, F_NONE, None, (2, 1);
    /// `(exit lasti prev_exc exc -- exit lasti prev_exc exc result)`: calls `exit(type, exc,
    /// tb)`.
    WithExceptStart = 117, "WITH_EXCEPT_START", None, F_NONE, None, (4, 5);
    /// `(mgr -- exit enter_result)`
    BeforeWith = 118, "BEFORE_WITH", None, F_NONE, None, (1, 2);
    /// `(mgr -- aexit aenter_awaitable)`
    BeforeAsyncWith = 119, "BEFORE_ASYNC_WITH", None, F_NONE, None, (1, 2);
    /// `(-- AssertionError)`
    LoadAssertionError = 120, "LOAD_ASSERTION_ERROR", None, F_NONE, None, (0, 1);

    /// Creates `__annotations__` in the locals mapping if missing.
    SetupAnnotations = 130, "SETUP_ANNOTATIONS", None, F_NONE, None, (0, 0);
    /// `(level fromlist -- module)`
    ImportName = 131, "IMPORT_NAME", Name, F_NONE, None, (2, 1);
    /// `(module -- module attr)`
    ImportFrom = 132, "IMPORT_FROM", Name, F_NONE, None, (1, 2);
    /// `(module --)`: `from module import *`.
    ImportStar = 133, "IMPORT_STAR", None, F_NONE, None, (1, 0);
    /// `(v --)`: interactive mode: print a non-None expression value.
    PrintExpr = 134, "PRINT_EXPR", None, F_NONE, None, (1, 0);

    /// `(subject cls kwnames -- attrs_or_none)`: class pattern with `arg` positional
    /// sub-patterns.
    MatchClass = 140, "MATCH_CLASS", Int, F_NONE, None, (3, 1);
    /// `(subject -- subject is_mapping)`
    MatchMapping = 141, "MATCH_MAPPING", None, F_NONE, None, (1, 2);
    /// `(subject -- subject is_sequence)`
    MatchSequence = 142, "MATCH_SEQUENCE", None, F_NONE, None, (1, 2);
    /// `(subject keys -- subject keys values_or_none)`
    MatchKeys = 143, "MATCH_KEYS", None, F_NONE, None, (2, 3);
    /// `(v -- v len(v))`
    GetLen = 144, "GET_LEN", None, F_NONE, None, (1, 2);
}

/// The operators of `BINARY_OP` (numbered like CPython 3.11's `NB_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum BinaryOperator {
    /// `+`
    Add = 0,
    /// `&`
    And = 1,
    /// `//`
    FloorDivide = 2,
    /// `<<`
    Lshift = 3,
    /// `@`
    MatrixMultiply = 4,
    /// `*`
    Multiply = 5,
    /// `%`
    Remainder = 6,
    /// `|`
    Or = 7,
    /// `**`
    Power = 8,
    /// `>>`
    Rshift = 9,
    /// `-`
    Subtract = 10,
    /// `/`
    TrueDivide = 11,
    /// `^`
    Xor = 12,
    /// `+=`
    InplaceAdd = 13,
    /// `&=`
    InplaceAnd = 14,
    /// `//=`
    InplaceFloorDivide = 15,
    /// `<<=`
    InplaceLshift = 16,
    /// `@=`
    InplaceMatrixMultiply = 17,
    /// `*=`
    InplaceMultiply = 18,
    /// `%=`
    InplaceRemainder = 19,
    /// `|=`
    InplaceOr = 20,
    /// `**=`
    InplacePower = 21,
    /// `>>=`
    InplaceRshift = 22,
    /// `-=`
    InplaceSubtract = 23,
    /// `/=`
    InplaceTrueDivide = 24,
    /// `^=`
    InplaceXor = 25,
}

impl BinaryOperator {
    /// Decodes an operator number.
    pub fn from_u32(n: u32) -> Option<BinaryOperator> {
        use BinaryOperator::*;
        const ALL: [BinaryOperator; 26] = [
            Add,
            And,
            FloorDivide,
            Lshift,
            MatrixMultiply,
            Multiply,
            Remainder,
            Or,
            Power,
            Rshift,
            Subtract,
            TrueDivide,
            Xor,
            InplaceAdd,
            InplaceAnd,
            InplaceFloorDivide,
            InplaceLshift,
            InplaceMatrixMultiply,
            InplaceMultiply,
            InplaceRemainder,
            InplaceOr,
            InplacePower,
            InplaceRshift,
            InplaceSubtract,
            InplaceTrueDivide,
            InplaceXor,
        ];
        ALL.get(n as usize).copied()
    }

    /// Whether this is an in-place (augmented assignment) operator.
    pub fn is_inplace(self) -> bool {
        self as u8 >= BinaryOperator::InplaceAdd as u8
    }

    /// The non-in-place operator with the same arithmetic.
    pub fn base(self) -> BinaryOperator {
        if self.is_inplace() {
            BinaryOperator::from_u32(self as u32 - BinaryOperator::InplaceAdd as u32)
                .unwrap_or(self)
        } else {
            self
        }
    }

    /// The operator symbol as written in source (`+`, `+=`, ...).
    pub fn symbol(self) -> &'static str {
        use BinaryOperator::*;
        match self {
            Add => "+",
            And => "&",
            FloorDivide => "//",
            Lshift => "<<",
            MatrixMultiply => "@",
            Multiply => "*",
            Remainder => "%",
            Or => "|",
            Power => "**",
            Rshift => ">>",
            Subtract => "-",
            TrueDivide => "/",
            Xor => "^",
            InplaceAdd => "+=",
            InplaceAnd => "&=",
            InplaceFloorDivide => "//=",
            InplaceLshift => "<<=",
            InplaceMatrixMultiply => "@=",
            InplaceMultiply => "*=",
            InplaceRemainder => "%=",
            InplaceOr => "|=",
            InplacePower => "**=",
            InplaceRshift => ">>=",
            InplaceSubtract => "-=",
            InplaceTrueDivide => "/=",
            InplaceXor => "^=",
        }
    }
}

/// The operators of `COMPARE_OP` (numbered like CPython's `Py_LT` ... `Py_GE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum CompareOperator {
    /// `<`
    Lt = 0,
    /// `<=`
    Le = 1,
    /// `==`
    Eq = 2,
    /// `!=`
    Ne = 3,
    /// `>`
    Gt = 4,
    /// `>=`
    Ge = 5,
}

impl CompareOperator {
    /// Decodes an operator number.
    pub fn from_u32(n: u32) -> Option<CompareOperator> {
        use CompareOperator::*;
        [Lt, Le, Eq, Ne, Gt, Ge].get(n as usize).copied()
    }

    /// The operator symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOperator::Lt => "<",
            CompareOperator::Le => "<=",
            CompareOperator::Eq => "==",
            CompareOperator::Ne => "!=",
            CompareOperator::Gt => ">",
            CompareOperator::Ge => ">=",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        let mut seen = std::collections::HashSet::new();
        for &op in Opcode::ALL {
            assert_eq!(Opcode::from_u8(op as u8), Some(op));
            assert!(seen.insert(op.name()), "duplicate name {}", op.name());
            let f = op.flags();
            assert_eq!(f.jump, op.arg_kind() == ArgKind::Jump, "{}", op.name());
            if f.backward {
                assert!(f.jump && f.no_fallthrough);
            }
            if f.loop_backedge {
                assert!(f.backward);
            }
        }
        assert_eq!(Opcode::from_u8(0), None);
        assert_eq!(Opcode::MakeFunction.stack_effect(0b1001).pops, 3);
        assert_eq!(Opcode::ForIter.jump_stack_effect(0).net(), -1);
        assert_eq!(Opcode::ForIter.stack_effect(0).net(), 1);
    }

    #[test]
    fn binary_operators_round_trip() {
        for n in 0..26 {
            let op = BinaryOperator::from_u32(n).unwrap();
            assert_eq!(op as u32, n);
            assert!(!op.base().is_inplace());
        }
        assert_eq!(BinaryOperator::InplaceXor.base(), BinaryOperator::Xor);
    }
}
