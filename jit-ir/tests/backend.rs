//! The interpreting backend's bookkeeping (bridges, labels, invalidation, freeing) and
//! the architecture-independent backend support (liveness, exits, GC maps).

use tern_jit_ir::backend::{Backend, BackendError, Exit, GuardId};
use tern_jit_ir::backend_support::{
    ExitTable, FrameSlots, Liveness, decode_values, gc_points, guard_exits,
};
use tern_jit_ir::heap::ModelHeap;
use tern_jit_ir::interp::Functions;
use tern_jit_ir::text::{parse, parse_with};
use tern_jit_ir::{InterpBackend, Kind, OpRef, TraceId, Value};

fn backend() -> InterpBackend<ModelHeap> {
    InterpBackend::new(ModelHeap::new(4096), Functions::new())
}

const LOOP: &str = "token L
[i0, i1]
label(i0, i1, descr=L)
i2 = int_add(i1, i0)
i3 = int_sub(i0, 1)
i4 = int_gt(i3, 0)
guard_true(i4) [r0: frame(1, 2; i3, i2)]
jump(i3, i2, descr=L)
";

#[test]
fn loops_exit_at_guards_and_bridges_take_over() {
    let mut b = backend();
    let t = parse(LOOP).unwrap();
    let id = b.compile_loop(&t).unwrap();
    let exit = b.execute(id, &[Value::Int(4), Value::Int(0)]).unwrap();
    let Exit::GuardFailed { guard, values, .. } = exit else {
        panic!("{exit:?}")
    };
    assert_eq!(guard, GuardId { trace: id, op: 4 });
    assert_eq!(values, vec![Value::Int(0), Value::Int(10)]);
    // A bridge finishing with the sum.
    let bridge = parse("[i0, i1]\nfinish(i1)").unwrap();
    let bid = b.compile_bridge(guard, &bridge).unwrap();
    assert_ne!(bid, id);
    assert_eq!(
        b.execute(id, &[Value::Int(4), Value::Int(0)]).unwrap(),
        Exit::Finished(Some(Value::Int(10)))
    );
    assert_eq!(b.stats().bridge_entries, 1);
    // Errors: a second bridge, a bridge on a non-guard, a bridge of the wrong shape.
    assert_eq!(
        b.compile_bridge(guard, &bridge),
        Err(BackendError::AlreadyAttached(guard))
    );
    let not_guard = GuardId { trace: id, op: 1 };
    assert_eq!(
        b.compile_bridge(not_guard, &bridge),
        Err(BackendError::NotAGuard(not_guard))
    );
    let t2 = b.compile_loop(&parse(LOOP).unwrap()).unwrap();
    let wrong = parse("[f0]\nfinish()").unwrap();
    assert!(matches!(
        b.compile_bridge(GuardId { trace: t2, op: 4 }, &wrong),
        Err(BackendError::BridgeMismatch(_))
    ));
    assert!(matches!(
        b.execute(t2, &[Value::Int(1)]),
        Err(BackendError::BadInputs(_))
    ));
    assert_eq!(
        b.execute(TraceId(77), &[]),
        Err(BackendError::UnknownTrace(TraceId(77)))
    );
}

#[test]
fn bridges_jump_back_into_loops_and_loops_in_use_cannot_be_freed() {
    let mut b = backend();
    let t = parse(LOOP).unwrap();
    let id = b.compile_loop(&t).unwrap();
    let tokens: Vec<_> = t.descrs().iter().map(|(_, d)| d.clone()).collect();
    // A jump to an unknown label is refused.
    let stray = parse("token Nowhere\n[i0]\njump(i0, descr=Nowhere)").unwrap();
    assert!(matches!(
        b.compile_loop(&stray),
        Err(BackendError::UnknownTarget(_))
    ));
    let Exit::GuardFailed { guard, .. } = b.execute(id, &[Value::Int(2), Value::Int(0)]).unwrap()
    else {
        panic!()
    };
    // The bridge re-enters the loop while the sum is small; then its own guard exits.
    let again = parse_with(
        "[i0, i1]\ni2 = int_lt(i1, 100)\nguard_true(i2) [r0: frame(1, 3; i1)]\njump(3, i1, descr=L)",
        &tokens,
    )
    .unwrap();
    let bridge = b.compile_bridge(guard, &again).unwrap();
    b.set_step_limit(Some(100_000));
    let exit = b.execute(id, &[Value::Int(1), Value::Int(0)]).unwrap();
    let Exit::GuardFailed {
        guard: g2, values, ..
    } = exit
    else {
        panic!("{exit:?}")
    };
    assert_eq!(
        g2,
        GuardId {
            trace: bridge,
            op: 1
        },
        "exits from the bridge's own guard"
    );
    assert_eq!(values.len(), 1);
    assert!(values[0].as_int().unwrap() >= 100);
    assert!(b.stats().trace_jumps >= 1 && b.stats().bridge_entries >= 2);
    // Another loop jumping into `id` keeps it alive.
    let caller = parse_with("[i0]\njump(i0, 0, descr=L)", &tokens).unwrap();
    let cid = b.compile_loop(&caller).unwrap();
    assert_eq!(b.free(id), Err(BackendError::InUse(id)));
    b.free(cid).unwrap();
    b.free(id).unwrap();
    assert_eq!(
        b.execute(id, &[Value::Int(1), Value::Int(0)]),
        Err(BackendError::UnknownTrace(id))
    );
}

#[test]
fn invalidation_and_step_limits() {
    let mut b = backend();
    let t = parse("[i0]\nguard_not_invalidated() [r0: frame(1, 1; i0)]\nfinish(i0)").unwrap();
    let id = b.compile_loop(&t).unwrap();
    assert_eq!(
        b.execute(id, &[Value::Int(3)]).unwrap(),
        Exit::Finished(Some(Value::Int(3)))
    );
    b.invalidate(id).unwrap();
    assert!(matches!(
        b.execute(id, &[Value::Int(3)]).unwrap(),
        Exit::GuardFailed { .. }
    ));
    let forever =
        parse("token L\n[i0]\nlabel(i0, descr=L)\ni1 = int_add(i0, 1)\njump(i1, descr=L)").unwrap();
    let fid = b.compile_loop(&forever).unwrap();
    b.set_step_limit(Some(1000));
    assert!(matches!(
        b.execute(fid, &[Value::Int(0)]),
        Err(BackendError::Execution(_))
    ));
}

#[test]
fn liveness_exits_and_gc_maps() {
    let t = parse(
        "size S: size=16 tid=1 refs=()
call f: args=(ref) result=int effects=(collect) reads=all writes=all
call g: args=(int) result=int effects=() reads=() writes=()
[p0, i1, p2]
p3 = new(descr=S)
i4 = call_i(16, p3, descr=f)
i5 = call_i(32, i4, descr=g)
guard_true(i5) [r0: frame(1, 1; p2, i1)]
i7 = int_add(i5, i1)
finish(i7)
",
    )
    .unwrap();
    let live = Liveness::compute(&t);
    let v = OpRef::value;
    assert_eq!(
        live.uses(v(2)),
        &[3],
        "p2 is only used by the guard's resume data"
    );
    assert_eq!(live.last_use(v(1)), Some(4));
    assert_eq!(live.last_use(v(0)), None);
    assert_eq!(live.next_use(v(1), 3), Some(4));
    assert_eq!(live.dying_at(3), &[v(2)]);
    assert!(live.is_live_after(v(5), 0));
    // GC points: the allocation and the collecting call, not the call of g.
    let points = gc_points(&t, &live);
    assert_eq!(points.iter().map(|p| p.op).collect::<Vec<_>>(), vec![0, 1]);
    assert_eq!(
        points[0].live_refs,
        vec![v(2)],
        "p0 is dead, p2 lives until the guard"
    );
    assert_eq!(points[1].live_refs, vec![v(2)], "p3 dies at the call");
    // Exits.
    let exits = guard_exits(&t);
    assert_eq!(exits.len(), 1);
    assert_eq!(exits[0].failargs, vec![v(2), v(1)]);
    assert_eq!(exits[0].kinds, vec![Kind::Ref, Kind::Int]);
    let mut table: ExitTable<u32> = ExitTable::new(TraceId(0), &t);
    table.set_data(3, 0xabc).unwrap();
    assert_eq!(table.data(3), Some(&0xabc));
    assert!(table.set_data(2, 1).is_err());
    let good = parse("[p0, i1]\nfinish(i1)").unwrap();
    let bad = parse("[i0]\nfinish(i0)").unwrap();
    assert!(matches!(
        table.attach(3, TraceId(1), &bad),
        Err(BackendError::BridgeMismatch(_))
    ));
    table.attach(3, TraceId(1), &good).unwrap();
    assert_eq!(table.bridge(3), Some(TraceId(1)));
    assert!(matches!(
        table.attach(3, TraceId(2), &good),
        Err(BackendError::AlreadyAttached(_))
    ));
    assert_eq!(
        decode_values(
            &[Kind::Int, Kind::Float, Kind::Ref],
            &[u64::MAX, 2.5f64.to_bits(), 8]
        )
        .unwrap(),
        vec![Value::Int(-1), Value::Float(2.5), Value::Ref(8)]
    );
    assert!(decode_values(&[Kind::Int], &[]).is_err());
    // Frame slots reuse freed slots and know which hold references.
    let mut slots = FrameSlots::new();
    let a = slots.alloc(Kind::Ref);
    let b = slots.alloc(Kind::Int);
    slots.free(a);
    let c = slots.alloc(Kind::Float);
    assert_eq!((a, c, slots.len()), (c, a, 2));
    assert_eq!(slots.gc_map().iter().count(), 0);
    let _ = b;
}
