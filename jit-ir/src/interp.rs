//! The IR interpreter: the reference semantics of every operation.
//!
//! [`run`] executes a trace on concrete [`Value`]s. Memory goes through a [`Memory`]
//! (a [`ModelHeap`](crate::heap::ModelHeap) in tests, the embedder's GC otherwise); calls go
//! to Rust closures registered in [`Functions`] under the function address the trace
//! passes as the call's first argument. The interpreter is deliberately simple and
//! total: any violated precondition (division by zero, null dereference, a call to an
//! unregistered address, a result of the wrong kind) is an [`InterpError`] naming the
//! operation, never a panic.
//!
//! Exceptions: a callee raises through [`CallContext::raise`]; the exception stays pending
//! until `guard_exception` takes it (`guard_no_exception` fails while one is pending).
//! Forcing: `force_token` yields the address of an 8-byte word of the running execution;
//! a callee forces the frame by writing a non-zero value there
//! ([`CallContext::force_frame`]); `guard_not_forced` fails when it is non-zero.

use crate::hash::HashMap;
use std::cell::Cell;
use std::fmt;
use std::sync::Arc;

use crate::descr::{Descr, TargetToken};
use crate::heap::{Memory, Trap};
use crate::ops::OpCode;
use crate::trace::{OpRef, Trace};
use crate::value::{Kind, Value};

/// A pending exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exception {
    /// The exception's class (vtable) address.
    pub class: u64,
    /// The exception object.
    pub value: u64,
}

/// What a called function can do besides returning a value.
pub struct CallContext<'a> {
    /// The memory of the running trace.
    pub memory: &'a mut dyn Memory,
    raised: Option<Exception>,
    force_cell: &'a Cell<u64>,
}

impl CallContext<'_> {
    /// Raises an exception (the call's return value is then ignored).
    pub fn raise(&mut self, class: u64, value: u64) {
        self.raised = Some(Exception { class, value });
    }

    /// Forces the running frame: the next `guard_not_forced` fails.
    pub fn force_frame(&mut self) {
        self.force_cell.set(1);
    }

    /// The force token of the running frame (what `force_token` returned).
    pub fn force_token(&self) -> u64 {
        self.force_cell.as_ptr() as u64
    }
}

/// A callable registered for the interpreter.
pub type Function = Arc<dyn Fn(&mut CallContext<'_>, &[Value]) -> Result<Option<Value>, String>>;

/// Functions callable from traces, by address.
#[derive(Clone, Default)]
pub struct Functions {
    map: HashMap<u64, Function>,
}

impl fmt::Debug for Functions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut addrs: Vec<_> = self.map.keys().collect();
        addrs.sort();
        f.debug_struct("Functions")
            .field("addresses", &addrs)
            .finish()
    }
}

impl Functions {
    /// An empty registry.
    pub fn new() -> Functions {
        Functions::default()
    }

    /// Registers `f` under `addr` (replacing any previous one).
    pub fn register(
        &mut self,
        addr: u64,
        f: impl Fn(&mut CallContext<'_>, &[Value]) -> Result<Option<Value>, String> + 'static,
    ) {
        self.map.insert(addr, Arc::new(f));
    }

    /// The function at `addr`.
    pub fn get(&self, addr: u64) -> Option<&Function> {
        self.map.get(&addr)
    }
}

/// Calls the function at `addr` outside of a trace run (used by the random trace
/// generator and the recorder to learn concrete results). Returns the result, the
/// exception raised (if any) and whether the callee forced `force_cell`.
pub fn call_function(
    functions: &Functions,
    memory: &mut dyn Memory,
    addr: u64,
    args: &[Value],
    force_cell: &Cell<u64>,
) -> Result<(Option<Value>, Option<Exception>), String> {
    let f = functions
        .get(addr)
        .ok_or_else(|| format!("no function registered at {addr:#x}"))?
        .clone();
    let mut ctx = CallContext {
        memory,
        raised: None,
        force_cell,
    };
    let r = f(&mut ctx, args)?;
    Ok((r, ctx.raised))
}

/// Runs `call_assembler` targets (provided by whoever knows the compiled loops).
pub trait AssemblerCalls {
    /// Runs the loop whose entry label is `target` with `args` until it finishes and
    /// returns the finish value (or what the embedder's helper computes on a guard exit).
    fn call_assembler(
        &self,
        env: &mut Env<'_>,
        target: &Arc<TargetToken>,
        args: &[Value],
    ) -> Result<Option<Value>, InterpError>;
}

/// The execution environment of [`run`].
pub struct Env<'a> {
    /// Memory for loads, stores and allocations.
    pub memory: &'a mut dyn Memory,
    /// Callable functions.
    pub functions: &'a Functions,
    /// The pending exception, if any.
    pub exception: Option<Exception>,
    /// Set when the running loop was invalidated (`guard_not_invalidated` fails).
    pub invalidated: bool,
    /// Maximum number of operations to execute (`None`: unlimited).
    pub step_limit: Option<u64>,
    /// Operations executed so far.
    pub steps: u64,
    /// Arguments of every `escape_n`, in order.
    pub escapes: Vec<Vec<Value>>,
    /// Handler for `call_assembler_*`.
    pub assembler: Option<&'a dyn AssemblerCalls>,
}

impl<'a> Env<'a> {
    /// An environment over `memory` and `functions` with no limits.
    pub fn new(memory: &'a mut dyn Memory, functions: &'a Functions) -> Env<'a> {
        Env {
            memory,
            functions,
            exception: None,
            invalidated: false,
            step_limit: None,
            steps: 0,
            escapes: Vec::new(),
            assembler: None,
        }
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// `finish` was reached.
    Finished(Option<Value>),
    /// The guard at this op index failed; `values` are its failargs' values.
    GuardFailed {
        /// Index of the failing guard.
        guard: usize,
        /// Values of the guard's failargs, in order.
        values: Vec<Value>,
        /// The exception pending at the failure, if any.
        exception: Option<Exception>,
    },
    /// A `jump` to a label that is not in this trace.
    Jumped {
        /// The target label.
        target: Arc<TargetToken>,
        /// The jump's arguments.
        args: Vec<Value>,
    },
}

/// A violated precondition while interpreting.
#[derive(Clone, Debug, PartialEq)]
pub enum InterpError {
    /// The inputs do not match the trace's input kinds.
    BadInputs(String),
    /// A memory operation failed.
    Trap {
        /// Op index.
        op: usize,
        /// What failed.
        trap: Trap,
    },
    /// Integer division by zero or `MIN / -1`.
    Arithmetic {
        /// Op index.
        op: usize,
        /// Which problem.
        message: &'static str,
    },
    /// A call to an address with no registered function.
    UnknownFunction {
        /// Op index.
        op: usize,
        /// The address.
        addr: u64,
    },
    /// A function failed or returned the wrong kind, or raised though it cannot.
    BadCall {
        /// Op index.
        op: usize,
        /// What went wrong.
        message: String,
    },
    /// The step limit was reached.
    StepLimit,
    /// The trace is malformed in a way the verifier would reject.
    Malformed {
        /// Op index.
        op: usize,
        /// The problem.
        message: String,
    },
}

impl fmt::Display for InterpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InterpError::BadInputs(m) => write!(f, "bad inputs: {m}"),
            InterpError::Trap { op, trap } => write!(f, "op {op}: {trap}"),
            InterpError::Arithmetic { op, message } => write!(f, "op {op}: {message}"),
            InterpError::UnknownFunction { op, addr } => {
                write!(f, "op {op}: no function registered at {addr:#x}")
            }
            InterpError::BadCall { op, message } => write!(f, "op {op}: {message}"),
            InterpError::StepLimit => f.write_str("step limit reached"),
            InterpError::Malformed { op, message } => write!(f, "op {op}: {message}"),
        }
    }
}

impl std::error::Error for InterpError {}

/// Why a pure operation could not be evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalError {
    /// Division (or remainder) by zero.
    DivisionByZero,
    /// `i64::MIN / -1`.
    DivisionOverflow,
    /// The operation is not pure or the arguments have the wrong kinds.
    NotPure,
}

impl EvalError {
    fn message(self) -> &'static str {
        match self {
            EvalError::DivisionByZero => "integer division by zero",
            EvalError::DivisionOverflow => "integer division overflow (MIN / -1)",
            EvalError::NotPure => "not a pure operation on these kinds",
        }
    }
}

/// Evaluates a pure operation (also used by constant folding, so the optimizer and the
/// interpreter agree by construction).
pub fn eval_pure(opcode: OpCode, args: &[Value]) -> Result<Value, EvalError> {
    use OpCode::*;
    let int = |i: usize| {
        args.get(i)
            .and_then(|v| v.as_int())
            .ok_or(EvalError::NotPure)
    };
    let flt = |i: usize| {
        args.get(i)
            .and_then(|v| v.as_float())
            .ok_or(EvalError::NotPure)
    };
    let rf = |i: usize| {
        args.get(i)
            .and_then(|v| v.as_ref())
            .ok_or(EvalError::NotPure)
    };
    let b = |x: bool| Value::Int(x as i64);
    Ok(match opcode {
        IntAdd => Value::Int(int(0)?.wrapping_add(int(1)?)),
        IntSub => Value::Int(int(0)?.wrapping_sub(int(1)?)),
        IntMul => Value::Int(int(0)?.wrapping_mul(int(1)?)),
        IntDiv | IntRem => {
            let (x, y) = (int(0)?, int(1)?);
            if y == 0 {
                return Err(EvalError::DivisionByZero);
            }
            if x == i64::MIN && y == -1 {
                return Err(EvalError::DivisionOverflow);
            }
            Value::Int(if opcode == IntDiv { x / y } else { x % y })
        }
        IntAnd => Value::Int(int(0)? & int(1)?),
        IntOr => Value::Int(int(0)? | int(1)?),
        IntXor => Value::Int(int(0)? ^ int(1)?),
        IntLshift => Value::Int(int(0)?.wrapping_shl((int(1)? & 63) as u32)),
        IntRshift => Value::Int(int(0)?.wrapping_shr((int(1)? & 63) as u32)),
        UintRshift => Value::Int(((int(0)? as u64) >> (int(1)? & 63)) as i64),
        IntNeg => Value::Int(int(0)?.wrapping_neg()),
        IntInvert => Value::Int(!int(0)?),
        IntIsZero => b(int(0)? == 0),
        IntIsTrue => b(int(0)? != 0),
        IntLt => b(int(0)? < int(1)?),
        IntLe => b(int(0)? <= int(1)?),
        IntGt => b(int(0)? > int(1)?),
        IntGe => b(int(0)? >= int(1)?),
        IntEq => b(int(0)? == int(1)?),
        IntNe => b(int(0)? != int(1)?),
        UintLt => b((int(0)? as u64) < (int(1)? as u64)),
        UintLe => b((int(0)? as u64) <= (int(1)? as u64)),
        UintGt => b((int(0)? as u64) > (int(1)? as u64)),
        UintGe => b((int(0)? as u64) >= (int(1)? as u64)),
        PtrEq => b(rf(0)? == rf(1)?),
        PtrNe => b(rf(0)? != rf(1)?),
        CastPtrToInt => Value::Int(rf(0)? as i64),
        CastIntToPtr => Value::Ref(int(0)? as u64),
        SameAsI => Value::Int(int(0)?),
        SameAsR => Value::Ref(rf(0)?),
        SameAsF => Value::Float(flt(0)?),
        FloatAdd => Value::Float(flt(0)? + flt(1)?),
        FloatSub => Value::Float(flt(0)? - flt(1)?),
        FloatMul => Value::Float(flt(0)? * flt(1)?),
        FloatTruediv => Value::Float(flt(0)? / flt(1)?),
        FloatNeg => Value::Float(-flt(0)?),
        FloatAbs => Value::Float(flt(0)?.abs()),
        FloatLt => b(flt(0)? < flt(1)?),
        FloatLe => b(flt(0)? <= flt(1)?),
        FloatGt => b(flt(0)? > flt(1)?),
        FloatGe => b(flt(0)? >= flt(1)?),
        FloatEq => b(flt(0)? == flt(1)?),
        FloatNe => b(flt(0)? != flt(1)?),
        CastFloatToInt => Value::Int(flt(0)? as i64),
        CastIntToFloat => Value::Float(int(0)? as f64),
        _ => return Err(EvalError::NotPure),
    })
}

/// Evaluates an `*_ovf` operation: the wrapped result and whether it overflowed.
pub fn eval_ovf(opcode: OpCode, a: i64, b: i64) -> Option<(i64, bool)> {
    Some(match opcode {
        OpCode::IntAddOvf => a.overflowing_add(b),
        OpCode::IntSubOvf => a.overflowing_sub(b),
        OpCode::IntMulOvf => a.overflowing_mul(b),
        _ => return None,
    })
}

/// Where [`run_from`] starts.
#[derive(Clone, Copy, Debug)]
pub enum Start<'v> {
    /// At the first operation, with the trace's inputs.
    Entry(&'v [Value]),
    /// Just after the label at this op index, with values for the label's arguments.
    Label(usize, &'v [Value]),
}

/// Runs `trace` from its first operation with `inputs`. The trace is verified first; an
/// ill-formed trace is an [`InterpError::Malformed`].
pub fn run(trace: &Trace, inputs: &[Value], env: &mut Env<'_>) -> Result<Outcome, InterpError> {
    run_from(trace, Start::Entry(inputs), env)
}

/// Runs `trace` from an entry point (see [`Start`]), verifying it first.
pub fn run_from(
    trace: &Trace,
    start: Start<'_>,
    env: &mut Env<'_>,
) -> Result<Outcome, InterpError> {
    trace.verify().map_err(|e| InterpError::Malformed {
        op: e.op.unwrap_or(0),
        message: e.message,
    })?;
    run_verified(trace, start, env)
}

/// Like [`run_from`] for a trace already known to verify (e.g. compiled by a backend).
pub(crate) fn run_verified(
    trace: &Trace,
    start: Start<'_>,
    env: &mut Env<'_>,
) -> Result<Outcome, InterpError> {
    let mut vals: Vec<Value> = vec![Value::Int(0); trace.num_values()];
    let mut pc = match start {
        Start::Entry(inputs) => {
            check_inputs(trace.input_kinds(), inputs)?;
            vals[..inputs.len()].copy_from_slice(inputs);
            0
        }
        Start::Label(index, values) => {
            if index >= trace.len() || trace.op(index).opcode != OpCode::Label {
                return Err(InterpError::BadInputs(format!("op {index} is not a label")));
            }
            let largs = trace.args_at(index);
            let kinds: Vec<Kind> = largs.iter().map(|&a| trace.kind_of(a)).collect();
            check_inputs(&kinds, values)?;
            for (&a, &v) in largs.iter().zip(values) {
                vals[a.index()] = v;
            }
            index + 1
        }
    };
    let force_cell = Box::new(Cell::new(0u64));
    let mut overflowed = false;
    let mut scratch: Vec<Value> = Vec::new();
    loop {
        if env.step_limit.is_some_and(|limit| env.steps >= limit) {
            return Err(InterpError::StepLimit);
        }
        env.steps += 1;
        let Some(op) = trace.ops().get(pc) else {
            return Err(InterpError::Malformed {
                op: pc,
                message: "ran past the last operation".into(),
            });
        };
        let opcode = op.opcode;
        let args = trace.args(op);
        let get = |vals: &[Value], r: OpRef| -> Value {
            if r.is_const() {
                trace.const_value(r)
            } else {
                vals[r.index()]
            }
        };
        let trap = |trap: Trap| InterpError::Trap { op: pc, trap };
        let descr = trace.descr_of(op);
        let result: Option<Value> = if opcode.is_pure() {
            scratch.clear();
            scratch.extend(args.iter().map(|&a| get(&vals, a)));
            Some(
                eval_pure(opcode, &scratch).map_err(|e| InterpError::Arithmetic {
                    op: pc,
                    message: e.message(),
                })?,
            )
        } else if opcode.is_guard() {
            let pass = match opcode {
                OpCode::GuardTrue => get(&vals, args[0]).as_int() != Some(0),
                OpCode::GuardFalse => get(&vals, args[0]).as_int() == Some(0),
                OpCode::GuardValue => get(&vals, args[0]) == get(&vals, args[1]),
                OpCode::GuardNonnull => get(&vals, args[0]).bits() != 0,
                OpCode::GuardIsnull => get(&vals, args[0]).bits() == 0,
                OpCode::GuardClass | OpCode::GuardNonnullClass => {
                    let obj = get(&vals, args[0]).bits();
                    let cls = get(&vals, args[1]).bits();
                    if obj == 0 {
                        if opcode == OpCode::GuardClass {
                            return Err(trap(Trap::Null));
                        }
                        false
                    } else {
                        env.memory.class_of(obj).map_err(trap)? == cls
                    }
                }
                OpCode::GuardNoOverflow => !overflowed,
                OpCode::GuardOverflow => overflowed,
                OpCode::GuardNoException => env.exception.is_none(),
                OpCode::GuardException => {
                    let cls = get(&vals, args[0]).bits();
                    env.exception.is_some_and(|e| e.class == cls)
                }
                OpCode::GuardNotInvalidated => !env.invalidated,
                OpCode::GuardNotForced => force_cell.get() == 0,
                OpCode::GuardAlwaysFails => false,
                _ => unreachable!("all guards are listed"),
            };
            if !pass {
                let values = trace.failargs(pc).iter().map(|&r| get(&vals, r)).collect();
                return Ok(Outcome::GuardFailed {
                    guard: pc,
                    values,
                    exception: env.exception,
                });
            }
            if opcode == OpCode::GuardException {
                let e = env.exception.take().expect("checked above");
                Some(Value::Ref(e.value))
            } else {
                None
            }
        } else {
            match opcode {
                OpCode::IntAddOvf | OpCode::IntSubOvf | OpCode::IntMulOvf => {
                    let a = get(&vals, args[0]).as_int().unwrap_or(0);
                    let b = get(&vals, args[1]).as_int().unwrap_or(0);
                    let (r, o) = eval_ovf(opcode, a, b).expect("ovf op");
                    overflowed = o;
                    Some(Value::Int(r))
                }
                OpCode::GetfieldGcI
                | OpCode::GetfieldGcR
                | OpCode::GetfieldGcF
                | OpCode::GetfieldRawI
                | OpCode::GetfieldRawF => {
                    let f = field(descr, pc)?;
                    Some(
                        env.memory
                            .load_field(get(&vals, args[0]), f)
                            .map_err(trap)?,
                    )
                }
                OpCode::SetfieldGc | OpCode::SetfieldRaw => {
                    let f = field(descr, pc)?;
                    let (base, v) = (get(&vals, args[0]), get(&vals, args[1]));
                    env.memory.store_field(base, f, v).map_err(trap)?;
                    None
                }
                OpCode::GetarrayitemGcI
                | OpCode::GetarrayitemGcR
                | OpCode::GetarrayitemGcF
                | OpCode::GetarrayitemRawI
                | OpCode::GetarrayitemRawF
                | OpCode::Strgetitem => {
                    let a = array(descr, pc)?;
                    let index = get(&vals, args[1]).as_int().unwrap_or(0);
                    Some(
                        env.memory
                            .load_item(get(&vals, args[0]), index, a)
                            .map_err(trap)?,
                    )
                }
                OpCode::SetarrayitemGc | OpCode::SetarrayitemRaw | OpCode::Strsetitem => {
                    let a = array(descr, pc)?;
                    let index = get(&vals, args[1]).as_int().unwrap_or(0);
                    let (base, v) = (get(&vals, args[0]), get(&vals, args[2]));
                    env.memory.store_item(base, index, a, v).map_err(trap)?;
                    None
                }
                OpCode::ArraylenGc | OpCode::Strlen => {
                    let a = array(descr, pc)?;
                    let base = get(&vals, args[0]).bits();
                    if base == 0 {
                        return Err(trap(Trap::Null));
                    }
                    Some(Value::Int(env.memory.array_length(base, a).map_err(trap)?))
                }
                OpCode::New | OpCode::NewWithVtable => {
                    let s = descr
                        .and_then(Descr::as_size)
                        .ok_or_else(|| malformed(pc, "needs a size descr"))?;
                    Some(Value::Ref(env.memory.allocate(s).map_err(trap)?))
                }
                OpCode::NewArray | OpCode::Newstr => {
                    let a = array(descr, pc)?;
                    let len = get(&vals, args[0]).as_int().unwrap_or(0);
                    Some(Value::Ref(env.memory.allocate_array(a, len).map_err(trap)?))
                }
                OpCode::ForceToken => Some(Value::Ref(force_cell.as_ptr() as u64)),
                OpCode::EscapeN => {
                    env.escapes
                        .push(args.iter().map(|&a| get(&vals, a)).collect());
                    None
                }
                OpCode::Label | OpCode::DebugMergePoint => None,
                OpCode::Finish => {
                    return Ok(Outcome::Finished(args.first().map(|&a| get(&vals, a))));
                }
                OpCode::Jump => {
                    let target = descr
                        .and_then(Descr::as_target)
                        .ok_or_else(|| malformed(pc, "jump needs a target"))?;
                    scratch.clear();
                    scratch.extend(args.iter().map(|&a| get(&vals, a)));
                    match trace.find_label(target.id) {
                        Some(label) => {
                            for (&a, &v) in trace.args_at(label).iter().zip(scratch.iter()) {
                                vals[a.index()] = v;
                            }
                            pc = label + 1;
                            continue;
                        }
                        None => {
                            return Ok(Outcome::Jumped {
                                target: target.clone(),
                                args: scratch,
                            });
                        }
                    }
                }
                _ if opcode.is_call_assembler() => {
                    let target = descr
                        .and_then(Descr::as_target)
                        .ok_or_else(|| malformed(pc, "call_assembler needs a target"))?
                        .clone();
                    let call_args: Vec<Value> = args.iter().map(|&a| get(&vals, a)).collect();
                    let handler = env.assembler.ok_or_else(|| {
                        malformed(pc, "no call_assembler handler in this environment")
                    })?;
                    let r = handler.call_assembler(env, &target, &call_args)?;
                    check_result(pc, opcode.result_kind(), r)?
                }
                _ if opcode.is_call_with_function() => {
                    let call = descr
                        .and_then(Descr::as_call)
                        .ok_or_else(|| malformed(pc, "call needs a call descr"))?;
                    let addr = get(&vals, args[0]).bits();
                    let f = env
                        .functions
                        .get(addr)
                        .ok_or(InterpError::UnknownFunction { op: pc, addr })?
                        .clone();
                    let call_args: Vec<Value> = args[1..].iter().map(|&a| get(&vals, a)).collect();
                    let mut ctx = CallContext {
                        memory: &mut *env.memory,
                        raised: None,
                        force_cell: &force_cell,
                    };
                    let r = f(&mut ctx, &call_args).map_err(|m| InterpError::BadCall {
                        op: pc,
                        message: format!("{} failed: {m}", call.name),
                    })?;
                    if let Some(e) = ctx.raised {
                        if !call.effect.can_raise {
                            return Err(InterpError::BadCall {
                                op: pc,
                                message: format!(
                                    "{} raised but its effect info says it cannot",
                                    call.name
                                ),
                            });
                        }
                        env.exception = Some(e);
                        opcode.result_kind().zero()
                    } else {
                        let r = narrow_result(r, call.result_size, call.result_signed);
                        check_result(pc, opcode.result_kind(), r)?
                    }
                }
                _ => {
                    return Err(malformed(pc, &format!("{opcode} is not executable")));
                }
            }
        };
        if let Some(v) = result {
            vals[trace.num_inputs() + pc] = v;
        }
        pc += 1;
    }
}

fn narrow_result(r: Option<Value>, size: u8, signed: bool) -> Option<Value> {
    match r {
        Some(Value::Int(v)) if size < 8 => {
            let bits = size as u32 * 8;
            let shifted = v << (64 - bits);
            Some(Value::Int(if signed {
                shifted >> (64 - bits)
            } else {
                ((shifted as u64) >> (64 - bits)) as i64
            }))
        }
        other => other,
    }
}

fn check_result(op: usize, kind: Kind, r: Option<Value>) -> Result<Option<Value>, InterpError> {
    match (kind, r) {
        (Kind::Void, _) => Ok(None),
        (k, Some(v)) if v.kind() == k => Ok(Some(v)),
        (k, other) => Err(InterpError::BadCall {
            op,
            message: format!("callee returned {other:?}, expected a {k}"),
        }),
    }
}

fn check_inputs(kinds: &[Kind], inputs: &[Value]) -> Result<(), InterpError> {
    crate::value::check_input_kinds(kinds, inputs).map_err(InterpError::BadInputs)
}

fn malformed(op: usize, message: &str) -> InterpError {
    InterpError::Malformed {
        op,
        message: message.into(),
    }
}

fn field(descr: Option<&Descr>, op: usize) -> Result<&crate::descr::FieldDescr, InterpError> {
    descr
        .and_then(Descr::as_field)
        .map(|f| &**f)
        .ok_or_else(|| malformed(op, "needs a field descr"))
}

fn array(descr: Option<&Descr>, op: usize) -> Result<&crate::descr::ArrayDescr, InterpError> {
    descr
        .and_then(Descr::as_array)
        .map(|a| &**a)
        .ok_or_else(|| malformed(op, "needs an array descr"))
}
