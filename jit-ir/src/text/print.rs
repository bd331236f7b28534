//! Printing traces in the text format (see the module documentation of `text`).

use crate::hash::HashMap;
use std::fmt::Write;

use crate::descr::{Descr, EffectSet};
use crate::resume::{ResumeValue, SnapshotId, VirtualInfo};
use crate::trace::{OpRef, Trace};

/// Prints `trace` in the canonical text format.
pub fn print(trace: &Trace) -> String {
    let mut out = String::new();
    for (_, d) in trace.descrs().iter() {
        print_descr(&mut out, d);
        out.push('\n');
    }
    out.push('[');
    for (i, r) in trace.inputs().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&value_name(trace, r));
    }
    out.push_str("]\n");
    let mut snapshot_names: HashMap<SnapshotId, usize> = HashMap::default();
    for (i, op) in trace.ops().iter().enumerate() {
        if op.opcode.has_result() {
            let _ = write!(out, "{} = ", value_name(trace, trace.result_of(i)));
        }
        out.push_str(op.opcode.name());
        out.push('(');
        let args = trace.args(op);
        for (k, &a) in args.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            out.push_str(&value_name(trace, a));
        }
        if let Some(d) = trace.descr_of(op) {
            if !args.is_empty() {
                out.push_str(", ");
            }
            let _ = write!(out, "descr={}", d.name());
        }
        out.push(')');
        if let Some(sid) = op.snapshot() {
            let next = snapshot_names.len();
            match snapshot_names.get(&sid) {
                Some(n) => {
                    let _ = write!(out, " [r{n}]");
                }
                None => {
                    snapshot_names.insert(sid, next);
                    let _ = write!(out, " [r{next}");
                    print_snapshot(&mut out, trace, sid);
                    out.push(']');
                }
            }
        }
        out.push('\n');
    }
    out
}

/// The printed name of a value or constant.
pub(crate) fn value_name(trace: &Trace, r: OpRef) -> String {
    if r.is_const() {
        trace.const_value(r).to_string()
    } else {
        format!("{}{}", trace.kind_of(r).letter(), r.index())
    }
}

fn resume_value(trace: &Trace, v: ResumeValue) -> String {
    match v {
        ResumeValue::Dead => "_".into(),
        ResumeValue::Value(r) => value_name(trace, r),
        ResumeValue::Virtual(k) => format!("v{k}"),
    }
}

fn print_snapshot(out: &mut String, trace: &Trace, sid: SnapshotId) {
    let store = trace.resume();
    let mut items: Vec<String> = Vec::new();
    for fid in store.frame_chain(sid) {
        let f = store.frame(fid);
        let slots: Vec<String> = store
            .slots_of(fid)
            .iter()
            .map(|&v| resume_value(trace, v))
            .collect();
        items.push(format!("frame({}, {}; {})", f.code, f.pc, slots.join(", ")));
    }
    let snap = store.snapshot(sid);
    for (k, v) in snap.virtuals.iter().enumerate() {
        match v {
            VirtualInfo::Struct { size, fields } => {
                let fs: Vec<String> = fields
                    .iter()
                    .map(|&(f, v)| {
                        format!(
                            "{}={}",
                            trace.descrs().get(f).name(),
                            resume_value(trace, v)
                        )
                    })
                    .collect();
                let name = trace.descrs().get(*size).name();
                items.push(if fs.is_empty() {
                    format!("v{k} = new({name})")
                } else {
                    format!("v{k} = new({name}; {})", fs.join(", "))
                });
            }
            VirtualInfo::Array {
                descr,
                string,
                items: vals,
            } => {
                let vs: Vec<String> = vals.iter().map(|&v| resume_value(trace, v)).collect();
                let shape = if *string { "str" } else { "array" };
                let name = trace.descrs().get(*descr).name();
                items.push(if vs.is_empty() {
                    format!("v{k} = {shape}({name})")
                } else {
                    format!("v{k} = {shape}({name}; {})", vs.join(", "))
                });
            }
        }
    }
    for p in &snap.pending {
        items.push(format!(
            "pending({}, {}, {})",
            resume_value(trace, p.target),
            trace.descrs().get(p.field).name(),
            resume_value(trace, p.value)
        ));
    }
    if !items.is_empty() {
        out.push_str(": ");
        out.push_str(&items.join(", "));
    }
}

fn effect_set(set: &EffectSet) -> String {
    match set {
        EffectSet::All => "all".into(),
        EffectSet::Only(names) => format!("({})", names.join(", ")),
    }
}

fn print_descr(out: &mut String, d: &Descr) {
    match d {
        Descr::Field(f) => {
            let _ = write!(
                out,
                "field {}: offset={} size={} kind={} {}",
                f.name,
                f.offset,
                f.size,
                f.kind,
                if f.signed { "signed" } else { "unsigned" }
            );
            if f.immutable {
                out.push_str(" immutable");
            }
        }
        Descr::Array(a) => {
            let _ = write!(
                out,
                "array {}: base={} item={} kind={} {} len={} tid={}",
                a.name,
                a.base_offset,
                a.item_size,
                a.kind,
                if a.signed { "signed" } else { "unsigned" },
                a.length_offset,
                a.type_id
            );
        }
        Descr::Size(s) => {
            let _ = write!(out, "size {}: size={} tid={}", s.name, s.size, s.type_id);
            if let Some(vt) = s.vtable {
                let _ = write!(out, " vtable={vt:#x}");
            }
            let refs: Vec<String> = s.ref_offsets.iter().map(|o| o.to_string()).collect();
            let _ = write!(out, " refs=({})", refs.join(", "));
        }
        Descr::Call(c) => {
            let args: Vec<&str> = c.arg_kinds.iter().map(|k| k.keyword()).collect();
            let mut effects = Vec::new();
            if c.effect.can_raise {
                effects.push("raise");
            }
            if c.effect.can_collect {
                effects.push("collect");
            }
            if c.effect.can_force {
                effects.push("force");
            }
            if c.effect.elidable {
                effects.push("elidable");
            }
            let _ = write!(
                out,
                "call {}: args=({}) result={}",
                c.name,
                args.join(", "),
                c.result
            );
            if c.result_size != 8 || !c.result_signed {
                let _ = write!(
                    out,
                    " result_size={} {}",
                    c.result_size,
                    if c.result_signed {
                        "signed"
                    } else {
                        "unsigned"
                    }
                );
            }
            let _ = write!(
                out,
                " effects=({}) reads={} writes={}",
                effects.join(", "),
                effect_set(&c.effect.reads),
                effect_set(&c.effect.writes)
            );
        }
        Descr::Target(t) => {
            let _ = write!(out, "token {}", t.name);
        }
    }
}
