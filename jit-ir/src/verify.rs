//! Trace verification: the well-formedness rules every producer and pass must respect.
//!
//! Checked: argument counts and kinds (from the op table), descriptor presence and kind,
//! descriptor/value kind agreement (a `getfield_gc_i` needs an int field, a `setfield`
//! stores a value of the field's kind, a call's arguments match its signature),
//! definition before use, the label contract (see [`crate::trace`]), `*_ovf` operations
//! immediately followed by `guard_(no_)overflow`, `call_may_force_*` immediately followed
//! by `guard_not_forced`, resume data referring only to visible values and valid virtuals,
//! and exactly one final operation (`jump`/`finish`) at the end.

use crate::hash::HashSet;

use crate::descr::Descr;
use crate::ops::{DescrSpec, OpCode};
use crate::resume::{ResumeValue, VirtualInfo};
use crate::trace::{OpRef, Trace, VerifyError, arg_kind_ok, descr_fits, expected_arg};
use crate::value::Kind;

fn err(op: usize, message: impl Into<String>) -> VerifyError {
    VerifyError {
        op: Some(op),
        message: message.into(),
    }
}

pub(crate) fn verify(trace: &Trace) -> Result<(), VerifyError> {
    let n = trace.len();
    if n == 0 {
        return Err(VerifyError {
            op: None,
            message: "empty trace (it must end with jump or finish)".into(),
        });
    }
    // Values visible at the current point: everything defined since the last label
    // (or the inputs), plus that label's arguments.
    let mut visible: HashSet<OpRef> = trace.inputs().collect();
    for i in 0..n {
        let op = trace.op(i);
        let opcode = op.opcode;
        let args = trace.args(op);
        let descr = trace.descr_of(op);
        // Arity.
        if opcode.is_variadic() {
            if args.len() < opcode.fixed_arity() {
                return Err(err(
                    i,
                    format!(
                        "{opcode} needs at least {} arguments, got {}",
                        opcode.fixed_arity(),
                        args.len()
                    ),
                ));
            }
        } else if args.len() != opcode.fixed_arity() {
            return Err(err(
                i,
                format!(
                    "{opcode} needs {} arguments, got {}",
                    opcode.fixed_arity(),
                    args.len()
                ),
            ));
        }
        // Definitions and kinds.
        for (k, &a) in args.iter().enumerate() {
            if !a.is_const() {
                if a.index() >= trace.num_inputs() + i {
                    return Err(err(
                        i,
                        format!("argument {k} is used before its definition"),
                    ));
                }
                if !visible.contains(&a) {
                    return Err(err(
                        i,
                        format!("argument {k} crosses a label (not one of the label's arguments)"),
                    ));
                }
            } else if a.const_index() >= trace.consts().len() {
                return Err(err(i, format!("argument {k} is an unknown constant")));
            }
            let kind = trace.kind_of(a);
            if !arg_kind_ok(expected_arg(opcode, k), kind) {
                return Err(err(
                    i,
                    format!(
                        "argument {k} of {opcode} has kind {kind}, expected {:?}",
                        expected_arg(opcode, k)
                    ),
                ));
            }
        }
        if !descr_fits(opcode, descr) {
            return Err(err(
                i,
                match descr {
                    None => format!("{opcode} needs a {:?} descriptor", opcode.descr_spec()),
                    Some(d) if opcode.descr_spec() == DescrSpec::No => {
                        format!("{opcode} takes no descriptor, got {}", d.name())
                    }
                    Some(d) => format!(
                        "{opcode} needs a {:?} descriptor, {} is a {:?}",
                        opcode.descr_spec(),
                        d.name(),
                        d.spec()
                    ),
                },
            ));
        }
        if let Some(d) = descr {
            d.validate().map_err(|m| err(i, m))?;
        }
        check_descr_kinds(trace, i, opcode, args, descr)?;
        // Placement rules.
        if opcode.is_ovf() {
            let next = (i + 1 < n).then(|| trace.op(i + 1).opcode);
            if !matches!(next, Some(OpCode::GuardNoOverflow | OpCode::GuardOverflow)) {
                return Err(err(
                    i,
                    format!("{opcode} must be followed by guard_no_overflow or guard_overflow"),
                ));
            }
        }
        if matches!(opcode, OpCode::GuardNoOverflow | OpCode::GuardOverflow)
            && (i == 0 || !trace.op(i - 1).opcode.is_ovf())
        {
            return Err(err(
                i,
                format!("{opcode} must directly follow an *_ovf operation"),
            ));
        }
        if opcode.is_call_may_force() {
            let next = (i + 1 < n).then(|| trace.op(i + 1).opcode);
            if next != Some(OpCode::GuardNotForced) {
                return Err(err(
                    i,
                    format!("{opcode} must be followed by guard_not_forced"),
                ));
            }
        }
        if opcode == OpCode::GuardNotForced
            && (i == 0 || !trace.op(i - 1).opcode.is_call_may_force())
        {
            return Err(err(
                i,
                "guard_not_forced must directly follow a call_may_force_*",
            ));
        }
        if opcode.is_final() && i != n - 1 {
            return Err(err(i, format!("{opcode} must be the last operation")));
        }
        if i == n - 1 && !opcode.is_final() {
            return Err(err(i, "the trace must end with jump or finish"));
        }
        if opcode == OpCode::Finish && args.len() > 1 {
            return Err(err(i, "finish takes zero or one argument"));
        }
        if opcode == OpCode::GuardValue && trace.kind_of(args[0]) != trace.kind_of(args[1]) {
            return Err(err(i, "guard_value compares values of different kinds"));
        }
        if opcode == OpCode::Jump {
            let token = descr.and_then(Descr::as_target).expect("descr checked");
            if let Some(l) = trace.find_label(token.id) {
                let largs = trace.args_at(l);
                if largs.len() != args.len() {
                    return Err(err(
                        i,
                        format!(
                            "jump passes {} values, label {} takes {}",
                            args.len(),
                            token.name,
                            largs.len()
                        ),
                    ));
                }
                for (k, (&a, &b)) in args.iter().zip(largs).enumerate() {
                    if trace.kind_of(a) != trace.kind_of(b) {
                        return Err(err(
                            i,
                            format!(
                                "jump argument {k} has the wrong kind for label {}",
                                token.name
                            ),
                        ));
                    }
                }
            }
        }
        // Resume data.
        if opcode.is_guard() {
            if let Some(sid) = op.snapshot() {
                if sid.0 as usize >= trace.resume().num_snapshots() {
                    return Err(err(i, "guard refers to a missing snapshot"));
                }
                let snap = trace.resume().snapshot(sid);
                for v in trace.resume().values_of(sid) {
                    match v {
                        ResumeValue::Value(r) if !r.is_const() => {
                            if !visible.contains(&r) || r.index() >= trace.num_inputs() + i {
                                return Err(err(
                                    i,
                                    format!("resume data refers to {r:?}, not visible here"),
                                ));
                            }
                            if trace.kind_of(r) == Kind::Void {
                                return Err(err(i, "resume data refers to a void result"));
                            }
                        }
                        ResumeValue::Virtual(k) if k as usize >= snap.virtuals.len() => {
                            return Err(err(
                                i,
                                format!("resume data refers to missing virtual v{k}"),
                            ));
                        }
                        _ => {}
                    }
                }
                for v in &snap.virtuals {
                    let ok = match v {
                        VirtualInfo::Struct { size, fields } => {
                            trace.descrs().get(*size).as_size().is_some()
                                && fields
                                    .iter()
                                    .all(|(f, _)| trace.descrs().get(*f).as_field().is_some())
                        }
                        VirtualInfo::Array { descr, .. } => {
                            trace.descrs().get(*descr).as_array().is_some()
                        }
                    };
                    if !ok {
                        return Err(err(i, "virtual with a descriptor of the wrong kind"));
                    }
                }
            }
        } else if op.snapshot().is_some() {
            return Err(err(i, "only guards carry resume data"));
        }
        // Visibility update.
        if opcode == OpCode::Label {
            let mut seen = HashSet::default();
            for &a in args {
                if a.is_const() {
                    return Err(err(i, "label arguments must not be constants"));
                }
                if !seen.insert(a) {
                    return Err(err(i, "label arguments must be distinct"));
                }
            }
            visible = seen;
        } else if opcode.has_result() {
            visible.insert(trace.result_of(i));
        }
    }
    Ok(())
}

fn check_descr_kinds(
    trace: &Trace,
    i: usize,
    opcode: OpCode,
    args: &[OpRef],
    descr: Option<&Descr>,
) -> Result<(), VerifyError> {
    use OpCode::*;
    let kind = |r: OpRef| trace.kind_of(r);
    let message = match (opcode, descr) {
        (
            GetfieldGcI | GetfieldGcR | GetfieldGcF | GetfieldRawI | GetfieldRawF,
            Some(Descr::Field(f)),
        ) if f.kind != opcode.result_kind() => {
            format!("{opcode} loads a {} field {}", f.kind, f.name)
        }
        (SetfieldGc | SetfieldRaw, Some(Descr::Field(f))) if kind(args[1]) != f.kind => format!(
            "{opcode} stores a {} into the {} field {}",
            kind(args[1]),
            f.kind,
            f.name
        ),
        (
            GetarrayitemGcI | GetarrayitemGcR | GetarrayitemGcF | GetarrayitemRawI
            | GetarrayitemRawF,
            Some(Descr::Array(a)),
        ) if a.kind != opcode.result_kind() => {
            format!("{opcode} loads {} items of {}", a.kind, a.name)
        }
        (SetarrayitemGc | SetarrayitemRaw, Some(Descr::Array(a))) if kind(args[2]) != a.kind => {
            format!(
                "{opcode} stores a {} into {} items of {}",
                kind(args[2]),
                a.kind,
                a.name
            )
        }
        (Strlen | Strgetitem | Strsetitem | Newstr, Some(Descr::Array(a)))
            if a.kind != Kind::Int =>
        {
            format!(
                "{opcode} needs an int array descriptor, {} has {}",
                a.name, a.kind
            )
        }
        (NewWithVtable, Some(Descr::Size(s))) if s.vtable.is_none() => format!(
            "new_with_vtable needs a size descriptor with a vtable, {} has none",
            s.name
        ),
        (_, Some(Descr::Call(c))) if opcode.is_call_with_function() => {
            if c.result != opcode.result_kind() {
                format!(
                    "{opcode} returns {}, callee {} returns {}",
                    opcode.result_kind(),
                    c.name,
                    c.result
                )
            } else if c.arg_kinds.len() != args.len() - 1 {
                format!(
                    "{} takes {} arguments, got {}",
                    c.name,
                    c.arg_kinds.len(),
                    args.len() - 1
                )
            } else if let Some((k, (&a, &expected))) = args[1..]
                .iter()
                .zip(&c.arg_kinds)
                .enumerate()
                .find(|(_, (a, e))| kind(**a) != **e)
            {
                format!(
                    "argument {} of {} is {}, expected {expected}",
                    k,
                    c.name,
                    kind(a)
                )
            } else if opcode.is_call_pure() && !c.effect.elidable {
                format!("{opcode} needs an elidable callee, {} is not", c.name)
            } else if c.effect.can_force && !opcode.is_call_may_force() {
                format!("{} can force the frame: use call_may_force_*", c.name)
            } else {
                return Ok(());
            }
        }
        _ => return Ok(()),
    };
    Err(err(i, message))
}
