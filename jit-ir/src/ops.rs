//! The operation table: the single source of truth for every IR operation.
//!
//! One `op_table!` invocation lists each operation once: its name in the text format, its
//! argument kinds, its result kind, the kind of descriptor it carries and its flags. The
//! macro generates the [`OpCode`] enum, the static [`OpInfo`] table, name lookup and the
//! category predicates, so the printer, the parser, the verifier, the interpreter and the
//! optimizer can never disagree about an operation's shape.
//!
//! Argument kinds: `i` int, `r` ref, `f` float, `a` any kind, `v` (last only) any number of
//! further arguments of any kind. Flags:
//! - `PURE`: no side effect, result depends only on the arguments (foldable, CSE-able).
//! - `COMM`: commutative. `BOOL`: result is 0 or 1.
//! - `GUARD`: exits the trace when its condition fails; carries resume data.
//! - `OVF`: integer op whose overflow is checked by the following `guard_(no_)overflow`.
//! - `READ`/`WRITE`: reads/writes memory. `RAW`: the memory is raw (int addresses).
//! - `ALLOC`: allocates a new object. `CALL`: calls a function (effects from its descr).
//! - `FINAL`: ends the trace (`jump`, `finish`). `EFFECT`: other observable effect.
//!
//! Kind-specific families (`getfield_gc_i/_r/_f`, `call_i/_r/_f/_n`) are separate opcodes so
//! that an opcode alone determines the result kind, as in PyPy's resoperation.py.

use crate::value::Kind;

/// Kind expected for one argument position of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// An int value.
    Int,
    /// A ref value.
    Ref,
    /// A float value.
    Float,
    /// A value of any kind.
    Any,
    /// Zero or more further values of any kind (only as the last entry).
    Rest,
}

/// The kind of descriptor an operation carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DescrSpec {
    /// No descriptor.
    No,
    /// A [`FieldDescr`](crate::descr::FieldDescr).
    Field,
    /// An [`ArrayDescr`](crate::descr::ArrayDescr).
    Array,
    /// A [`SizeDescr`](crate::descr::SizeDescr).
    Size,
    /// A [`CallDescr`](crate::descr::CallDescr).
    Call,
    /// A [`TargetToken`](crate::descr::TargetToken).
    Target,
}

/// Bit set of operation flags (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpFlags(u16);

#[allow(missing_docs)]
impl OpFlags {
    pub const NONE: OpFlags = OpFlags(0);
    pub const PURE: OpFlags = OpFlags(1);
    pub const COMM: OpFlags = OpFlags(1 << 1);
    pub const BOOL: OpFlags = OpFlags(1 << 2);
    pub const GUARD: OpFlags = OpFlags(1 << 3);
    pub const OVF: OpFlags = OpFlags(1 << 4);
    pub const READ: OpFlags = OpFlags(1 << 5);
    pub const WRITE: OpFlags = OpFlags(1 << 6);
    pub const RAW: OpFlags = OpFlags(1 << 7);
    pub const ALLOC: OpFlags = OpFlags(1 << 8);
    pub const CALL: OpFlags = OpFlags(1 << 9);
    pub const FINAL: OpFlags = OpFlags(1 << 10);
    pub const EFFECT: OpFlags = OpFlags(1 << 11);
}

impl OpFlags {
    /// Union of two flag sets.
    pub const fn union(self, other: OpFlags) -> OpFlags {
        OpFlags(self.0 | other.0)
    }

    /// True when every flag of `other` is set in `self`.
    pub const fn contains(self, other: OpFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

/// Static description of one operation, generated from the table.
#[derive(Debug)]
pub struct OpInfo {
    /// Name in the text format.
    pub name: &'static str,
    /// Argument kinds (a trailing [`ArgKind::Rest`] makes the operation variadic).
    pub args: &'static [ArgKind],
    /// Result kind (`Void` when the operation produces nothing).
    pub result: Kind,
    /// Which descriptor the operation carries.
    pub descr: DescrSpec,
    /// Flags.
    pub flags: OpFlags,
    /// One-line description.
    pub doc: &'static str,
}

macro_rules! arg_kind {
    (i) => {
        ArgKind::Int
    };
    (r) => {
        ArgKind::Ref
    };
    (f) => {
        ArgKind::Float
    };
    (a) => {
        ArgKind::Any
    };
    (v) => {
        ArgKind::Rest
    };
}

macro_rules! descr_spec {
    (-) => {
        DescrSpec::No
    };
    (field) => {
        DescrSpec::Field
    };
    (array) => {
        DescrSpec::Array
    };
    (size) => {
        DescrSpec::Size
    };
    (call) => {
        DescrSpec::Call
    };
    (target) => {
        DescrSpec::Target
    };
}

macro_rules! op_table {
    ($( $variant:ident $name:literal ($($arg:ident)*) -> $res:ident, $descr:tt, [$($flag:ident)*], $doc:literal; )*) => {
        /// Every IR operation (generated from the op table in `ops.rs`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum OpCode {
            $(
                #[doc = concat!("`", $name, "`: ", $doc)]
                $variant,
            )*
        }

        /// The op table, indexed by `OpCode as usize`.
        pub static OP_TABLE: &[OpInfo] = &[
            $(
                OpInfo {
                    name: $name,
                    args: &[$(arg_kind!($arg)),*],
                    result: Kind::$res,
                    descr: descr_spec!($descr),
                    flags: OpFlags::NONE$(.union(OpFlags::$flag))*,
                    doc: $doc,
                },
            )*
        ];

        impl OpCode {
            /// Every opcode, in table order.
            pub const ALL: &'static [OpCode] = &[$(OpCode::$variant),*];
        }
    };
}

op_table! {
    // ---- integer arithmetic (wrapping) ----
    IntAdd "int_add" (i i) -> Int, -, [PURE COMM], "wrapping addition";
    IntSub "int_sub" (i i) -> Int, -, [PURE], "wrapping subtraction";
    IntMul "int_mul" (i i) -> Int, -, [PURE COMM], "wrapping multiplication";
    IntDiv "int_div" (i i) -> Int, -, [PURE], "division truncating toward zero; the producer guards against 0 and MIN/-1";
    IntRem "int_rem" (i i) -> Int, -, [PURE], "remainder with the sign of the dividend; same preconditions as int_div";
    IntAnd "int_and" (i i) -> Int, -, [PURE COMM], "bitwise and";
    IntOr "int_or" (i i) -> Int, -, [PURE COMM], "bitwise or";
    IntXor "int_xor" (i i) -> Int, -, [PURE COMM], "bitwise xor";
    IntLshift "int_lshift" (i i) -> Int, -, [PURE], "shift left; the count is taken modulo 64";
    IntRshift "int_rshift" (i i) -> Int, -, [PURE], "arithmetic shift right; the count is taken modulo 64";
    UintRshift "uint_rshift" (i i) -> Int, -, [PURE], "logical shift right; the count is taken modulo 64";
    IntNeg "int_neg" (i) -> Int, -, [PURE], "wrapping negation";
    IntInvert "int_invert" (i) -> Int, -, [PURE], "bitwise not";
    IntIsZero "int_is_zero" (i) -> Int, -, [PURE BOOL], "1 if the argument is 0";
    IntIsTrue "int_is_true" (i) -> Int, -, [PURE BOOL], "1 if the argument is not 0";
    IntLt "int_lt" (i i) -> Int, -, [PURE BOOL], "signed <";
    IntLe "int_le" (i i) -> Int, -, [PURE BOOL], "signed <=";
    IntGt "int_gt" (i i) -> Int, -, [PURE BOOL], "signed >";
    IntGe "int_ge" (i i) -> Int, -, [PURE BOOL], "signed >=";
    IntEq "int_eq" (i i) -> Int, -, [PURE BOOL COMM], "==";
    IntNe "int_ne" (i i) -> Int, -, [PURE BOOL COMM], "!=";
    UintLt "uint_lt" (i i) -> Int, -, [PURE BOOL], "unsigned <";
    UintLe "uint_le" (i i) -> Int, -, [PURE BOOL], "unsigned <=";
    UintGt "uint_gt" (i i) -> Int, -, [PURE BOOL], "unsigned >";
    UintGe "uint_ge" (i i) -> Int, -, [PURE BOOL], "unsigned >=";
    IntAddOvf "int_add_ovf" (i i) -> Int, -, [OVF COMM], "addition whose overflow the next guard_(no_)overflow checks";
    IntSubOvf "int_sub_ovf" (i i) -> Int, -, [OVF], "subtraction whose overflow the next guard_(no_)overflow checks";
    IntMulOvf "int_mul_ovf" (i i) -> Int, -, [OVF COMM], "multiplication whose overflow the next guard_(no_)overflow checks";
    // ---- references ----
    PtrEq "ptr_eq" (r r) -> Int, -, [PURE BOOL COMM], "reference identity";
    PtrNe "ptr_ne" (r r) -> Int, -, [PURE BOOL COMM], "reference non-identity";
    CastPtrToInt "cast_ptr_to_int" (r) -> Int, -, [PURE], "the address of a reference";
    CastIntToPtr "cast_int_to_ptr" (i) -> Ref, -, [PURE], "a reference from an address";
    SameAsI "same_as_i" (i) -> Int, -, [PURE], "copy of an int (a fresh name for the same value)";
    SameAsR "same_as_r" (r) -> Ref, -, [PURE], "copy of a ref";
    SameAsF "same_as_f" (f) -> Float, -, [PURE], "copy of a float";
    // ---- floats ----
    FloatAdd "float_add" (f f) -> Float, -, [PURE COMM], "IEEE addition";
    FloatSub "float_sub" (f f) -> Float, -, [PURE], "IEEE subtraction";
    FloatMul "float_mul" (f f) -> Float, -, [PURE COMM], "IEEE multiplication";
    FloatTruediv "float_truediv" (f f) -> Float, -, [PURE], "IEEE division";
    FloatNeg "float_neg" (f) -> Float, -, [PURE], "sign flip";
    FloatAbs "float_abs" (f) -> Float, -, [PURE], "absolute value (clears the sign bit)";
    FloatLt "float_lt" (f f) -> Int, -, [PURE BOOL], "<, false on NaN";
    FloatLe "float_le" (f f) -> Int, -, [PURE BOOL], "<=, false on NaN";
    FloatGt "float_gt" (f f) -> Int, -, [PURE BOOL], ">, false on NaN";
    FloatGe "float_ge" (f f) -> Int, -, [PURE BOOL], ">=, false on NaN";
    FloatEq "float_eq" (f f) -> Int, -, [PURE BOOL COMM], "==, false on NaN";
    FloatNe "float_ne" (f f) -> Int, -, [PURE BOOL COMM], "!=, true on NaN";
    CastFloatToInt "cast_float_to_int" (f) -> Int, -, [PURE], "truncation toward zero, saturating; NaN gives 0";
    CastIntToFloat "cast_int_to_float" (i) -> Float, -, [PURE], "nearest float";
    // ---- guards ----
    GuardTrue "guard_true" (i) -> Void, -, [GUARD], "exit unless the argument is not 0";
    GuardFalse "guard_false" (i) -> Void, -, [GUARD], "exit unless the argument is 0";
    GuardValue "guard_value" (a a) -> Void, -, [GUARD], "exit unless both arguments are equal (bitwise)";
    GuardClass "guard_class" (r i) -> Void, -, [GUARD READ], "exit unless the object's vtable is the given one (object must be non-null)";
    GuardNonnull "guard_nonnull" (r) -> Void, -, [GUARD], "exit if the reference is null";
    GuardIsnull "guard_isnull" (r) -> Void, -, [GUARD], "exit unless the reference is null";
    GuardNonnullClass "guard_nonnull_class" (r i) -> Void, -, [GUARD READ], "exit if null or if the vtable differs";
    GuardNoOverflow "guard_no_overflow" () -> Void, -, [GUARD], "exit if the preceding *_ovf operation overflowed";
    GuardOverflow "guard_overflow" () -> Void, -, [GUARD], "exit unless the preceding *_ovf operation overflowed";
    GuardNoException "guard_no_exception" () -> Void, -, [GUARD], "exit if an exception is pending";
    GuardException "guard_exception" (i) -> Ref, -, [GUARD], "exit unless an exception of exactly this class is pending; returns and clears it";
    GuardNotInvalidated "guard_not_invalidated" () -> Void, -, [GUARD], "exit if the compiled loop was invalidated";
    GuardNotForced "guard_not_forced" () -> Void, -, [GUARD], "exit if the preceding call_may_force forced the frame";
    GuardAlwaysFails "guard_always_fails" () -> Void, -, [GUARD], "always exit";
    // ---- memory ----
    GetfieldGcI "getfield_gc_i" (r) -> Int, field, [READ], "load an int field of a GC object";
    GetfieldGcR "getfield_gc_r" (r) -> Ref, field, [READ], "load a ref field of a GC object";
    GetfieldGcF "getfield_gc_f" (r) -> Float, field, [READ], "load a float field of a GC object";
    GetfieldRawI "getfield_raw_i" (i) -> Int, field, [READ RAW], "load an int field of raw memory";
    GetfieldRawF "getfield_raw_f" (i) -> Float, field, [READ RAW], "load a float field of raw memory";
    SetfieldGc "setfield_gc" (r a) -> Void, field, [WRITE], "store a field of a GC object";
    SetfieldRaw "setfield_raw" (i a) -> Void, field, [WRITE RAW], "store a field of raw memory";
    GetarrayitemGcI "getarrayitem_gc_i" (r i) -> Int, array, [READ], "load an int item of a GC array";
    GetarrayitemGcR "getarrayitem_gc_r" (r i) -> Ref, array, [READ], "load a ref item of a GC array";
    GetarrayitemGcF "getarrayitem_gc_f" (r i) -> Float, array, [READ], "load a float item of a GC array";
    GetarrayitemRawI "getarrayitem_raw_i" (i i) -> Int, array, [READ RAW], "load an int item of a raw array";
    GetarrayitemRawF "getarrayitem_raw_f" (i i) -> Float, array, [READ RAW], "load a float item of a raw array";
    SetarrayitemGc "setarrayitem_gc" (r i a) -> Void, array, [WRITE], "store an item of a GC array";
    SetarrayitemRaw "setarrayitem_raw" (i i a) -> Void, array, [WRITE RAW], "store an item of a raw array";
    ArraylenGc "arraylen_gc" (r) -> Int, array, [READ], "length of a GC array (immutable)";
    Strlen "strlen" (r) -> Int, array, [READ], "length of a string (immutable)";
    Strgetitem "strgetitem" (r i) -> Int, array, [READ], "load a character of a string";
    Strsetitem "strsetitem" (r i i) -> Void, array, [WRITE], "store a character of a string under construction";
    // ---- allocation (all memory zeroed) ----
    New "new" () -> Ref, size, [ALLOC], "allocate a fixed-size object (its vtable is stored too if the descriptor has one)";
    NewWithVtable "new_with_vtable" () -> Ref, size, [ALLOC], "allocate an object and store its vtable";
    NewArray "new_array" (i) -> Ref, array, [ALLOC], "allocate an array of the given length";
    Newstr "newstr" (i) -> Ref, array, [ALLOC], "allocate a string of the given length";
    // ---- calls: first argument is the function address ----
    CallI "call_i" (i v) -> Int, call, [CALL], "call returning an int";
    CallR "call_r" (i v) -> Ref, call, [CALL], "call returning a ref";
    CallF "call_f" (i v) -> Float, call, [CALL], "call returning a float";
    CallN "call_n" (i v) -> Void, call, [CALL], "call returning nothing";
    CallPureI "call_pure_i" (i v) -> Int, call, [CALL], "call of an elidable function returning an int";
    CallPureR "call_pure_r" (i v) -> Ref, call, [CALL], "call of an elidable function returning a ref";
    CallPureF "call_pure_f" (i v) -> Float, call, [CALL], "call of an elidable function returning a float";
    CallPureN "call_pure_n" (i v) -> Void, call, [CALL], "call of an elidable function returning nothing";
    CallMayForceI "call_may_force_i" (i v) -> Int, call, [CALL], "call that may force the frame; followed by guard_not_forced";
    CallMayForceR "call_may_force_r" (i v) -> Ref, call, [CALL], "call that may force the frame, returning a ref";
    CallMayForceF "call_may_force_f" (i v) -> Float, call, [CALL], "call that may force the frame, returning a float";
    CallMayForceN "call_may_force_n" (i v) -> Void, call, [CALL], "call that may force the frame, returning nothing";
    CallReleaseGilI "call_release_gil_i" (i v) -> Int, call, [CALL], "call of an external function with the GIL released";
    CallReleaseGilR "call_release_gil_r" (i v) -> Ref, call, [CALL], "external call without the GIL, returning a ref";
    CallReleaseGilF "call_release_gil_f" (i v) -> Float, call, [CALL], "external call without the GIL, returning a float";
    CallReleaseGilN "call_release_gil_n" (i v) -> Void, call, [CALL], "external call without the GIL, returning nothing";
    CallAssemblerI "call_assembler_i" (v) -> Int, target, [CALL], "run another compiled loop to its finish, returning an int";
    CallAssemblerR "call_assembler_r" (v) -> Ref, target, [CALL], "run another compiled loop, returning a ref";
    CallAssemblerF "call_assembler_f" (v) -> Float, target, [CALL], "run another compiled loop, returning a float";
    CallAssemblerN "call_assembler_n" (v) -> Void, target, [CALL], "run another compiled loop, returning nothing";
    ForceToken "force_token" () -> Ref, -, [], "token of the running frame, which a callee may force";
    EscapeN "escape_n" (v) -> Void, -, [EFFECT], "test support: makes its arguments observable (interpreter log)";
    // ---- control ----
    Label "label" (v) -> Void, target, [], "loop header; a jump to its token re-binds its arguments";
    Jump "jump" (v) -> Void, target, [FINAL], "jump to a label (here or in another compiled trace)";
    Finish "finish" (v) -> Void, -, [FINAL], "leave the trace with zero or one result";
    DebugMergePoint "debug_merge_point" (i i) -> Void, -, [], "marks interpreter position (code, pc)";
}

impl OpCode {
    /// The static description of this operation.
    #[inline]
    pub fn info(self) -> &'static OpInfo {
        &OP_TABLE[self as usize]
    }

    /// Name in the text format.
    #[inline]
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Looks an operation up by its text-format name.
    pub fn from_name(name: &str) -> Option<OpCode> {
        use crate::hash::HashMap;
        use std::sync::OnceLock;
        static BY_NAME: OnceLock<HashMap<&'static str, OpCode>> = OnceLock::new();
        BY_NAME
            .get_or_init(|| OpCode::ALL.iter().map(|&op| (op.name(), op)).collect())
            .get(name)
            .copied()
    }

    /// Result kind.
    #[inline]
    pub fn result_kind(self) -> Kind {
        self.info().result
    }

    /// Has a result (result kind is not `Void`).
    #[inline]
    pub fn has_result(self) -> bool {
        self.info().result != Kind::Void
    }

    fn flag(self, flag: OpFlags) -> bool {
        self.info().flags.contains(flag)
    }

    /// No side effects; the result depends only on the arguments.
    pub fn is_pure(self) -> bool {
        self.flag(OpFlags::PURE)
    }
    /// Commutative in its two arguments.
    pub fn is_commutative(self) -> bool {
        self.flag(OpFlags::COMM)
    }
    /// Result is a boolean 0/1.
    pub fn is_bool(self) -> bool {
        self.flag(OpFlags::BOOL)
    }
    /// A guard.
    pub fn is_guard(self) -> bool {
        self.flag(OpFlags::GUARD)
    }
    /// An overflow-checked arithmetic operation.
    pub fn is_ovf(self) -> bool {
        self.flag(OpFlags::OVF)
    }
    /// Reads memory.
    pub fn reads_memory(self) -> bool {
        self.flag(OpFlags::READ)
    }
    /// Writes memory.
    pub fn writes_memory(self) -> bool {
        self.flag(OpFlags::WRITE)
    }
    /// Operates on raw (non-GC) memory.
    pub fn is_raw(self) -> bool {
        self.flag(OpFlags::RAW)
    }
    /// Allocates an object.
    pub fn is_alloc(self) -> bool {
        self.flag(OpFlags::ALLOC)
    }
    /// A call of any family.
    pub fn is_call(self) -> bool {
        self.flag(OpFlags::CALL)
    }
    /// Ends the trace.
    pub fn is_final(self) -> bool {
        self.flag(OpFlags::FINAL)
    }
    /// Has an observable effect beyond memory (e.g. `escape_n`).
    pub fn has_other_effect(self) -> bool {
        self.flag(OpFlags::EFFECT)
    }
    /// Which descriptor the operation needs.
    pub fn descr_spec(self) -> DescrSpec {
        self.info().descr
    }
    /// Takes a variable number of arguments.
    pub fn is_variadic(self) -> bool {
        self.info().args.last() == Some(&ArgKind::Rest)
    }
    /// Number of fixed arguments (the minimum for variadic operations).
    pub fn fixed_arity(self) -> usize {
        let args = self.info().args;
        if self.is_variadic() {
            args.len() - 1
        } else {
            args.len()
        }
    }

    /// Can be removed when its result is unused (no effect, cannot exit or trap).
    pub fn is_removable_when_unused(self) -> bool {
        (self.is_pure() && !matches!(self, OpCode::IntDiv | OpCode::IntRem))
            || matches!(
                self,
                OpCode::GetfieldGcI
                    | OpCode::GetfieldGcR
                    | OpCode::GetfieldGcF
                    | OpCode::ArraylenGc
                    | OpCode::Strlen
                    | OpCode::New
                    | OpCode::NewWithVtable
                    | OpCode::ForceToken
                    | OpCode::DebugMergePoint
            )
    }

    /// One of the `call_*` families that take a function address first (all but
    /// `call_assembler_*`).
    pub fn is_call_with_function(self) -> bool {
        self.is_call() && self.descr_spec() == DescrSpec::Call
    }

    /// The `call_pure_*` family.
    pub fn is_call_pure(self) -> bool {
        matches!(
            self,
            OpCode::CallPureI | OpCode::CallPureR | OpCode::CallPureF | OpCode::CallPureN
        )
    }

    /// The `call_may_force_*` family.
    pub fn is_call_may_force(self) -> bool {
        matches!(
            self,
            OpCode::CallMayForceI
                | OpCode::CallMayForceR
                | OpCode::CallMayForceF
                | OpCode::CallMayForceN
        )
    }

    /// The `call_release_gil_*` family.
    pub fn is_call_release_gil(self) -> bool {
        matches!(
            self,
            OpCode::CallReleaseGilI
                | OpCode::CallReleaseGilR
                | OpCode::CallReleaseGilF
                | OpCode::CallReleaseGilN
        )
    }

    /// The `call_assembler_*` family.
    pub fn is_call_assembler(self) -> bool {
        matches!(
            self,
            OpCode::CallAssemblerI
                | OpCode::CallAssemblerR
                | OpCode::CallAssemblerF
                | OpCode::CallAssemblerN
        )
    }

    /// The plain `call_*` opcode with the given result kind.
    pub fn call_for(kind: Kind) -> OpCode {
        match kind {
            Kind::Int => OpCode::CallI,
            Kind::Ref => OpCode::CallR,
            Kind::Float => OpCode::CallF,
            Kind::Void => OpCode::CallN,
        }
    }

    /// The `call_pure_*` opcode with the given result kind.
    pub fn call_pure_for(kind: Kind) -> OpCode {
        match kind {
            Kind::Int => OpCode::CallPureI,
            Kind::Ref => OpCode::CallPureR,
            Kind::Float => OpCode::CallPureF,
            Kind::Void => OpCode::CallPureN,
        }
    }

    /// The `call_may_force_*` opcode with the given result kind.
    pub fn call_may_force_for(kind: Kind) -> OpCode {
        match kind {
            Kind::Int => OpCode::CallMayForceI,
            Kind::Ref => OpCode::CallMayForceR,
            Kind::Float => OpCode::CallMayForceF,
            Kind::Void => OpCode::CallMayForceN,
        }
    }

    /// The `call_release_gil_*` opcode with the given result kind.
    pub fn call_release_gil_for(kind: Kind) -> OpCode {
        match kind {
            Kind::Int => OpCode::CallReleaseGilI,
            Kind::Ref => OpCode::CallReleaseGilR,
            Kind::Float => OpCode::CallReleaseGilF,
            Kind::Void => OpCode::CallReleaseGilN,
        }
    }

    /// The `call_assembler_*` opcode with the given result kind.
    pub fn call_assembler_for(kind: Kind) -> OpCode {
        match kind {
            Kind::Int => OpCode::CallAssemblerI,
            Kind::Ref => OpCode::CallAssemblerR,
            Kind::Float => OpCode::CallAssemblerF,
            Kind::Void => OpCode::CallAssemblerN,
        }
    }

    /// The `getfield_gc_*` opcode loading a value of `kind` (`None` for `Void`).
    pub fn getfield_gc_for(kind: Kind) -> Option<OpCode> {
        match kind {
            Kind::Int => Some(OpCode::GetfieldGcI),
            Kind::Ref => Some(OpCode::GetfieldGcR),
            Kind::Float => Some(OpCode::GetfieldGcF),
            Kind::Void => None,
        }
    }

    /// The `getarrayitem_gc_*` opcode loading a value of `kind`.
    pub fn getarrayitem_gc_for(kind: Kind) -> Option<OpCode> {
        match kind {
            Kind::Int => Some(OpCode::GetarrayitemGcI),
            Kind::Ref => Some(OpCode::GetarrayitemGcR),
            Kind::Float => Some(OpCode::GetarrayitemGcF),
            Kind::Void => None,
        }
    }

    /// The `same_as_*` opcode for `kind`.
    pub fn same_as_for(kind: Kind) -> Option<OpCode> {
        match kind {
            Kind::Int => Some(OpCode::SameAsI),
            Kind::Ref => Some(OpCode::SameAsR),
            Kind::Float => Some(OpCode::SameAsF),
            Kind::Void => None,
        }
    }

    /// For a comparison `a OP b`, the opcode `OP'` with `b OP' a == a OP b`.
    pub fn swapped_comparison(self) -> Option<OpCode> {
        use OpCode::*;
        Some(match self {
            IntLt => IntGt,
            IntGt => IntLt,
            IntLe => IntGe,
            IntGe => IntLe,
            IntEq => IntEq,
            IntNe => IntNe,
            UintLt => UintGt,
            UintGt => UintLt,
            UintLe => UintGe,
            UintGe => UintLe,
            PtrEq => PtrEq,
            PtrNe => PtrNe,
            FloatLt => FloatGt,
            FloatGt => FloatLt,
            FloatLe => FloatGe,
            FloatGe => FloatLe,
            FloatEq => FloatEq,
            FloatNe => FloatNe,
            _ => return None,
        })
    }

    /// For an integer/pointer comparison, the opcode computing its logical negation
    /// (float comparisons have none: `!(a < b)` is not `a >= b` with NaNs).
    pub fn negated_comparison(self) -> Option<OpCode> {
        use OpCode::*;
        Some(match self {
            IntLt => IntGe,
            IntGe => IntLt,
            IntLe => IntGt,
            IntGt => IntLe,
            IntEq => IntNe,
            IntNe => IntEq,
            UintLt => UintGe,
            UintGe => UintLt,
            UintLe => UintGt,
            UintGt => UintLe,
            PtrEq => PtrNe,
            PtrNe => PtrEq,
            FloatEq => FloatNe,
            FloatNe => FloatEq,
            _ => return None,
        })
    }

    /// For an `*_ovf` opcode, the plain wrapping opcode.
    pub fn without_overflow_check(self) -> Option<OpCode> {
        match self {
            OpCode::IntAddOvf => Some(OpCode::IntAdd),
            OpCode::IntSubOvf => Some(OpCode::IntSub),
            OpCode::IntMulOvf => Some(OpCode::IntMul),
            _ => None,
        }
    }
}

impl std::fmt::Display for OpCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for &op in OpCode::ALL {
            assert_eq!(OpCode::from_name(op.name()), Some(op), "{op:?}");
        }
        assert_eq!(OpCode::from_name("int_frobnicate"), None);
    }

    #[test]
    fn table_is_consistent() {
        for &op in OpCode::ALL {
            let info = op.info();
            // Rest only last.
            let rests = info.args.iter().filter(|a| **a == ArgKind::Rest).count();
            assert!(rests <= 1 && (rests == 0 || op.is_variadic()), "{op:?}");
            // Pure operations have no other category.
            if op.is_pure() {
                assert!(
                    !op.is_guard() && !op.is_call() && !op.reads_memory(),
                    "{op:?}"
                );
                assert!(op.has_result(), "{op:?}");
            }
            if op.is_bool() {
                assert_eq!(op.result_kind(), Kind::Int, "{op:?}");
            }
            if op.is_call_with_function() {
                assert_eq!(info.args[0], ArgKind::Int, "{op:?}");
            }
            if op.is_ovf() {
                assert!(op.without_overflow_check().is_some());
            }
        }
        assert!(OpCode::ALL.len() < 256);
    }

    #[test]
    fn negation_is_an_involution() {
        for &op in OpCode::ALL {
            if let Some(neg) = op.negated_comparison() {
                assert_eq!(neg.negated_comparison(), Some(op));
            }
            if let Some(sw) = op.swapped_comparison() {
                assert_eq!(sw.swapped_comparison(), Some(op));
            }
        }
    }
}
